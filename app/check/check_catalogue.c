/*
 * check_catalogue.c - the check catalogue of spec section 6, in its
 * order: each check's id and evaluators, from the list in check_ids.h.
 *
 * The texts (title, severity, guide, rationale, remediation) and the
 * configuration keys live in the policy file; the policy loader insists
 * that it names exactly the checks listed here.  A check without a cfg
 * evaluator is judged from live evidence only; .live evaluators
 * (check_live.c) read the probes of the running camera.
 */
#include <string.h>

#include "check/check.h"
#include "check/check_eval.h"
#include "check/check_ids.h"
#include "check/check_live.h"

#define CHK_DEF(id, cfg, live) { id, cfg, live },
const struct chk_def chk_catalogue[] = {
	CHK_CATALOGUE(CHK_DEF)
	{ NULL,		NULL,		NULL },
};

_Static_assert(sizeof(chk_catalogue) / sizeof(chk_catalogue[0]) <=
    CHK_CATALOGUE_MAX + 1, "the catalogue fits a scan");

size_t
chk_catalogue_len(void)
{
	return sizeof(chk_catalogue) / sizeof(chk_catalogue[0]) - 1;
}

const struct chk_def *
chk_def_find(const char *id)
{
	size_t i;

	if (id == NULL)
		return NULL;
	for (i = 0; chk_catalogue[i].id != NULL; i++)
		if (strcmp(chk_catalogue[i].id, id) == 0)
			return &chk_catalogue[i];
	return NULL;
}

/*
 * Checks about camguard itself rather than the camera: MX-21 (its IDS
 * reads the web server log) and VG-06 (its MQTT link ships the alarms).
 * From another machine they would judge the auditor's laptop.
 */
static const char *const chk_agent_ids[] = { "MX-21", "VG-06" };

bool
chk_about_agent(const struct chk_def *d)
{
	size_t i;

	for (i = 0; i < sizeof(chk_agent_ids) / sizeof(chk_agent_ids[0]); i++)
		if (d && d->id && !strcmp(d->id, chk_agent_ids[i]))
			return true;
	return false;
}
