/*
 * check_catalogue.c - the check catalogue of spec section 6, in its
 * order: each check's id and evaluators.
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
#include "check/check_live.h"

const struct chk_def chk_catalogue[] = {
	{ "MX-01",	chk_mx01_cfg,	NULL },
	{ "MX-02",	chk_manual_cfg,	NULL },
	{ "MX-03",	chk_mx03_cfg,	chk_mx03_live },
	{ "MX-03N",	chk_mx03n_cfg,	NULL },
	{ "MX-03S",	chk_mx03s_cfg,	NULL },
	{ "MX-04",	chk_mx04_cfg,	NULL },
	{ "MX-05",	chk_mx05_cfg,	NULL },
	{ "MX-06",	chk_mx06_cfg,	chk_mx06_live },
	{ "MX-07",	chk_mx07_cfg,	NULL },
	{ "MX-08",	chk_mx08_cfg,	NULL },
	{ "MX-09",	chk_mx09_cfg,	chk_mx09_live },
	{ "MX-10",	chk_mx10_cfg,	chk_mx10_live },
	{ "MX-11",	chk_mx11_cfg,	NULL },
	{ "MX-12",	chk_mx12_cfg,	NULL },
	{ "MX-13",	chk_mx13_cfg,	NULL },
	{ "MX-14",	chk_mx14_cfg,	NULL },
	{ "MX-15",	chk_mx15_cfg,	NULL },
	{ "MX-16",	chk_mx16_cfg,	chk_mx16_live },
	{ "MX-16E",	NULL,		chk_mx16e_live },
	{ "MX-16L",	NULL,		chk_mx16l_live },
	{ "MX-16K",	NULL,		chk_mx16k_live },
	{ "MX-16T",	NULL,		chk_mx16t_live },
	{ "MX-17",	chk_mx17_cfg,	NULL },
	{ "MX-18",	chk_mx18_cfg,	chk_mx18_live },
	{ "MX-19",	chk_mx19_cfg,	NULL },
	{ "MX-20",	chk_mx20_cfg,	NULL },
	{ "MX-21",	NULL,		chk_mx21_live },
	{ "MX-22",	chk_manual_cfg,	NULL },
	{ "VG-01",	chk_vg01_cfg,	chk_vg01_live },
	{ "VG-02",	chk_vg02_cfg,	chk_vg02_live },
	{ "VG-03",	chk_vg03_cfg,	chk_vg03_live },
	{ "VG-04",	chk_vg04_cfg,	chk_vg04_live },
	{ "VG-05",	chk_vg05_cfg,	NULL },
	{ "VG-06",	chk_vg06_cfg,	NULL },
	{ "VG-07",	chk_vg07_cfg,	NULL },
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
