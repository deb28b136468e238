/* generated from FW_BACKENDS by make; do not edit */
#include "platform/fw/fw.h"
const struct fw_ops *const fw_backends[] = {
	&fw_ops_nft,
	&fw_ops_camacl,
	&fw_ops_file,
	&fw_ops_none,
	NULL };
