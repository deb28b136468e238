/*
 * check_ids.h - the check catalogue of spec section 6 as one list: each
 * check's id with its configuration and live evaluators, in spec order.
 *
 * The list is a macro so that each reader takes only the column it
 * needs: check_ids.c the ids (for the policy loader and for waivers in
 * camguard.json, which must not depend on the evaluators) and
 * check_catalogue.c the evaluators.  A check without a cfg evaluator is
 * judged from live evidence only.
 */
#ifndef CAMGUARD_CHECK_IDS_H
#define CAMGUARD_CHECK_IDS_H

#include <stdbool.h>

#define CHK_CATALOGUE(X) \
	X("MX-01",  chk_mx01_cfg,   NULL) \
	X("MX-02",  chk_manual_cfg, NULL) \
	X("MX-03",  chk_mx03_cfg,   chk_mx03_live) \
	X("MX-03N", chk_mx03n_cfg,  NULL) \
	X("MX-03S", chk_mx03s_cfg,  NULL) \
	X("MX-04",  chk_mx04_cfg,   NULL) \
	X("MX-05",  chk_mx05_cfg,   NULL) \
	X("MX-06",  chk_mx06_cfg,   chk_mx06_live) \
	X("MX-07",  chk_mx07_cfg,   NULL) \
	X("MX-08",  chk_mx08_cfg,   NULL) \
	X("MX-09",  chk_mx09_cfg,   chk_mx09_live) \
	X("MX-10",  chk_mx10_cfg,   chk_mx10_live) \
	X("MX-11",  chk_mx11_cfg,   NULL) \
	X("MX-12",  chk_mx12_cfg,   NULL) \
	X("MX-13",  chk_mx13_cfg,   NULL) \
	X("MX-14",  chk_mx14_cfg,   NULL) \
	X("MX-15",  chk_mx15_cfg,   NULL) \
	X("MX-16",  chk_mx16_cfg,   chk_mx16_live) \
	X("MX-16E", NULL,           chk_mx16e_live) \
	X("MX-16L", NULL,           chk_mx16l_live) \
	X("MX-16K", NULL,           chk_mx16k_live) \
	X("MX-16T", NULL,           chk_mx16t_live) \
	X("MX-17",  chk_mx17_cfg,   NULL) \
	X("MX-18",  chk_mx18_cfg,   chk_mx18_live) \
	X("MX-19",  chk_mx19_cfg,   NULL) \
	X("MX-20",  chk_mx20_cfg,   NULL) \
	X("MX-21",  NULL,           chk_mx21_live) \
	X("MX-22",  chk_manual_cfg, NULL) \
	X("VG-01",  chk_vg01_cfg,   chk_vg01_live) \
	X("VG-02",  chk_vg02_cfg,   chk_vg02_live) \
	X("VG-03",  chk_vg03_cfg,   chk_vg03_live) \
	X("VG-04",  chk_vg04_cfg,   chk_vg04_live) \
	X("VG-05",  chk_vg05_cfg,   NULL) \
	X("VG-06",  chk_vg06_cfg,   NULL) \
	X("VG-07",  chk_vg07_cfg,   NULL) \
	X("VG-08",  NULL,           chk_vg08_live) \
	/* end of the catalogue */

/* The ids in spec order, terminated by NULL. */
extern const char *const chk_ids[];
/* Is id a check of this version? */
bool	chk_id_known(const char *id);

#endif
