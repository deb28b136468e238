/*
 * check_ids.c - the ids of the check catalogue, alone: what the policy
 * loader and the configuration reader may know of the catalogue without
 * reaching the evaluators.  Depends on nothing but check_ids.h.
 */
#include <stddef.h>
#include <string.h>

#include "check/check_ids.h"

#define CHK_ID(id, cfg, live) id,
const char *const chk_ids[] = { CHK_CATALOGUE(CHK_ID) NULL };

bool
chk_id_known(const char *id)
{
	size_t i;

	if (id == NULL)
		return false;
	for (i = 0; chk_ids[i] != NULL; i++)
		if (strcmp(chk_ids[i], id) == 0)
			return true;
	return false;
}
