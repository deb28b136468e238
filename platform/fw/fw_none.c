/*
 * fw_none.c - the null firewall backend: alarms only, nothing is blocked.
 *
 * Every verb succeeds and does nothing, so the detector, the enforcement
 * queue and the reports behave as with a real backend (sshguard's null
 * backend serves tests the same way).  Owns no state.
 */
#include "platform/fw/fw.h"

static int
fw_none_init(const struct fw_conf *c)
{
	(void)c;
	return 0;
}

static int
fw_none_block(const struct addr_net *net, int64_t until_epoch)
{
	(void)net;
	(void)until_epoch;
	return 0;
}

static int
fw_none_block_many(const struct addr_net *net, const int64_t *until,
    size_t n)
{
	(void)net;
	(void)until;
	(void)n;
	return 0;
}

static int
fw_none_release(const struct addr_net *net)
{
	(void)net;
	return 0;
}

static int
fw_none_nothing(void)
{
	return 0;
}

const struct fw_ops fw_ops_none = {
	.name = "none",
	.backend = CONF_FW_NONE,
	.init = fw_none_init,
	.block = fw_none_block,
	.block_many = fw_none_block_many,
	.release = fw_none_release,
	.flush = fw_none_nothing,
	.fini = fw_none_nothing,
};
