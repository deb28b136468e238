/*
 * test_checks.c - the check catalogue against the two camera fixtures and
 * the shipped policy: every check's result on hardened.cfg, one-key
 * variants of hardened.cfg that flip each check with configuration
 * evidence (to fail, not_applicable, manual or error), the exact set of
 * checks default.cfg fails, the policy's texts and order, the rules for a
 * missing key and a role the policy lacks, and that evidence never holds
 * a password hash or a clear-text secret.
 *
 * Run from the repository root with TZ=UTC (examples/, packaging/).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/camcfg.h"
#include "check/check.h"
#include "check/check_eval.h"
#include "check/policy.h"
#include "check/pwcheck.h"

#define HARDENED	"examples/camera-hardened.cfg"
#define FACTORY		"examples/camera-default.cfg"
#define POLICY		"packaging/policy/mobotix-v1.json"
#define NOW		((time_t)1710000000)	/* 2024-03-09 UTC */
#define TEXT_MAX	16384

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static char hardened[TEXT_MAX], factory[TEXT_MAX], text[TEXT_MAX];
static char policy_text[POLICY_FILE_MAX + 1];
static size_t policy_len;
static struct camcfg cfg;
static struct policy pol_file, pol;
static struct chk_scan scan;
static struct pw_cache cache;
static struct chk_env env;

/* ---- fixtures and runs ----------------------------------------------- */

static size_t
load(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "%s: cannot open (run from the repo root)\n",
		    path);
		exit(1);
	}
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	if (n == 0 || n >= size - 1)
		exit(1);
	buf[n] = '\0';
	return n;
}

static int
group_setup(void **state)
{
	(void)state;
	load(HARDENED, hardened, sizeof(hardened));
	load(FACTORY, factory, sizeof(factory));
	policy_len = load(POLICY, policy_text, sizeof(policy_text));
	if (policy_load(&pol_file, POLICY, stderr) != 0)
		return -1;
	pw_cache_init(&cache);
	return 0;
}

/* Each test starts from the shipped policy, offline, one-shot. */
static int
setup(void **state)
{
	(void)state;
	policy_copy(&pol, &pol_file);
	memset(&env, 0, sizeof(env));
	env.cfg = &cfg;
	env.policy = &pol;
	env.ids_sources_readable = -1;
	env.pw_cache = &cache;
	return 0;
}

/* Parse text[] (a copy: camcfg keeps pointers into it) and scan it. */
static void
scan_text(void)
{
	struct camcfg_error err;

	assert_int_equal(camcfg_parse(text, strlen(text), &cfg, &err),
	    CAMCFG_OK);
	chk_run(&env, NULL, NOW, &scan);
	assert_int_equal(scan.n_records, chk_catalogue_len());
}

static void
scan_fixture(const char *fixture)
{
	snprintf(text, sizeof(text), "%s", fixture);
	scan_text();
}

struct edit {
	const char	*from;
	const char	*to;
};

/* hardened.cfg with each edit's first occurrence replaced, then scanned. */
static void
scan_variant(const struct edit *e, size_t n)
{
	static char tmp[TEXT_MAX];
	size_t i;

	snprintf(text, sizeof(text), "%s", hardened);
	for (i = 0; i < n && e[i].from != NULL; i++) {
		char *at = strstr(text, e[i].from);
		int len;

		if (at == NULL)
			fail_msg("edit \"%s\" not in hardened.cfg", e[i].from);
		len = snprintf(tmp, sizeof(tmp), "%.*s%s%s", (int)(at - text),
		    text, e[i].to, at + strlen(e[i].from));
		assert_true(len > 0 && (size_t)len < sizeof(tmp));
		memcpy(text, tmp, (size_t)len + 1);
	}
	scan_text();
}

static void
scan_edit(const char *from, const char *to)
{
	struct edit e = { from, to };

	scan_variant(&e, 1);
}

static const struct chk_record *
record(const char *id)
{
	size_t i;

	for (i = 0; i < scan.n_records; i++)
		if (strcmp(scan.records[i].def->id, id) == 0)
			return &scan.records[i];
	fail_msg("%s: no record", id);
	return NULL;
}

static const char *
evidence(const char *id, const char *key)
{
	const struct chk_record *r = record(id);
	size_t i;

	for (i = 0; i < r->v.n_evidence; i++)
		if (strcmp(r->v.evidence[i].key, key) == 0)
			return r->v.evidence[i].val;
	return NULL;
}

static void
assert_result(const char *id, enum chk_result want, enum chk_reason why)
{
	const struct chk_record *r = record(id);

	if (r->result != want || r->v.reason != why)
		fail_msg("%s: %s/%s, want %s/%s", id,
		    chk_result_name(r->result), chk_reason_name(r->v.reason),
		    chk_result_name(want), chk_reason_name(why));
}

static void
assert_evidence(const char *id, const char *key, const char *val)
{
	const char *got = evidence(id, key);

	if (got == NULL || strcmp(got, val) != 0)
		fail_msg("%s: evidence %s=%s, want %s", id, key,
		    got ? got : "(none)", val);
}

/* No evidence value of the scan contains needle. */
static void
assert_nowhere(const char *needle)
{
	size_t i, j;

	for (i = 0; i < scan.n_records; i++)
		for (j = 0; j < scan.records[i].v.n_evidence; j++)
			if (strstr(scan.records[i].v.evidence[j].val, needle))
				fail_msg("%s: evidence %s holds \"%s\"",
				    scan.records[i].def->id,
				    scan.records[i].v.evidence[j].key, needle);
}

/* ---- the policy file ------------------------------------------------- */

static const struct {
	const char		*id;
	const char		*title;
	enum chk_severity	 sev;
} spec_table[] = {
	{ "MX-01", "Firmware at or above the policy floor", CHK_SEV_HIGH },
	{ "MX-02", "Configuration started from factory defaults",
	  CHK_SEV_INFO },
	{ "MX-03", "Default admin password changed", CHK_SEV_CRITICAL },
	{ "MX-03N", "Admin account not named \"admin\"", CHK_SEV_LOW },
	{ "MX-03S", "No weak or truncated password hashes", CHK_SEV_HIGH },
	{ "MX-04", "Groups with different rights", CHK_SEV_MEDIUM },
	{ "MX-05", "One account per person", CHK_SEV_LOW },
	{ "MX-06", "Public access disabled", CHK_SEV_CRITICAL },
	{ "MX-07", "IP-level access control enabled", CHK_SEV_HIGH },
	{ "MX-08", "Intrusion detection with notification and blocking",
	  CHK_SEV_HIGH },
	{ "MX-09", "Web crawling forbidden", CHK_SEV_LOW },
	{ "MX-10", "Digest authentication", CHK_SEV_HIGH },
	{ "MX-11", "Non-default web server ports", CHK_SEV_LOW },
	{ "MX-12", "Recording encryption key set", CHK_SEV_MEDIUM },
	{ "MX-13", "MxMessageSystem password set", CHK_SEV_MEDIUM },
	{ "MX-14", "Error notification enabled", CHK_SEV_MEDIUM },
	{ "MX-15", "Storage failure detection enabled", CHK_SEV_MEDIUM },
	{ "MX-16", "Custom certificate from a trusted CA", CHK_SEV_HIGH },
	{ "MX-16E", "Certificate valid \xe2\x89\xa5 30 more days",
	  CHK_SEV_HIGH },
	{ "MX-16L", "Certificate lifetime \xe2\x89\xa4 2 years",
	  CHK_SEV_MEDIUM },
	{ "MX-16K", "Certificate key and signature strength",
	  CHK_SEV_MEDIUM },
	{ "MX-16T", "TLS 1.2 minimum", CHK_SEV_HIGH },
	{ "MX-17", "OpenVPN for remote access", CHK_SEV_INFO },
	{ "MX-18", "Not exposed to the Internet", CHK_SEV_HIGH },
	{ "MX-19", "CCTV VLAN separation", CHK_SEV_INFO },
	{ "MX-20", "IEEE 802.1X", CHK_SEV_LOW },
	{ "MX-21", "Web server log monitored", CHK_SEV_MEDIUM },
	{ "MX-22", "Configuration backups kept safe", CHK_SEV_INFO },
	{ "VG-01", "Telnet, FTP and SSH off", CHK_SEV_HIGH },
	{ "VG-02", "HTTP off when HTTPS is available", CHK_SEV_HIGH },
	{ "VG-03", "UPnP, Bonjour and ONVIF discovery off", CHK_SEV_MEDIUM },
	{ "VG-04", "No anonymous RTSP", CHK_SEV_HIGH },
	{ "VG-05", "Firmware inventoried, model still supported",
	  CHK_SEV_INFO },
	{ "VG-06", "Security alarms shipped off the device", CHK_SEV_MEDIUM },
	{ "VG-07", "Admin password of at least 12 characters",
	  CHK_SEV_MEDIUM },
	{ "VG-08", "No anonymous ONVIF access", CHK_SEV_HIGH },
};

/* The checks with live evidence in spec section 6 (check_live.c). */
static bool
has_live_evidence(const char *id)
{
	static const char *const live[] = { "MX-03", "MX-06", "MX-09",
		"MX-10", "MX-16", "MX-16E", "MX-16L", "MX-16K", "MX-16T",
		"MX-18", "MX-21", "VG-01", "VG-02", "VG-03", "VG-04",
		"VG-08" };
	size_t i;

	for (i = 0; i < NELEM(live); i++)
		if (!strcmp(live[i], id))
			return true;
	return false;
}

static void
test_catalogue_is_the_spec_table_in_order(void **state)
{
	size_t i;

	(void)state;
	assert_int_equal(chk_catalogue_len(), NELEM(spec_table));
	assert_null(chk_catalogue[NELEM(spec_table)].id);
	for (i = 0; i < NELEM(spec_table); i++) {
		assert_string_equal(chk_catalogue[i].id, spec_table[i].id);
		assert_ptr_equal(chk_def_find(spec_table[i].id),
		    &chk_catalogue[i]);
		assert_int_equal(chk_catalogue[i].live != NULL,
		    has_live_evidence(spec_table[i].id));
	}
	assert_null(chk_def_find("MX-99"));
	assert_null(chk_def_find(NULL));
}

static void
test_policy_has_every_check_in_order_with_spec_titles(void **state)
{
	size_t i;

	(void)state;
	assert_string_equal(pol.id, "mobotix-v1");
	assert_int_equal(pol.n_checks, NELEM(spec_table));
	for (i = 0; i < NELEM(spec_table); i++) {
		const struct policy_check *pc = &pol.checks[i];

		assert_string_equal(pc->id, spec_table[i].id);
		assert_string_equal(pc->title, spec_table[i].title);
		assert_int_equal(pc->severity, spec_table[i].sev);
		assert_true(strncmp(pc->guide, "Cyber Protection Guide 2024 "
		    "\xc2\xa7", 30) == 0 || strncmp(pc->guide,
		    "VMS hardening guide \xc2\xa7", 22) == 0);
		assert_true(strlen(pc->rationale) > 20);
		assert_true(strlen(pc->remediation) > 20);
	}
}

static void
test_policy_limits_and_lists(void **state)
{
	size_t n;

	(void)state;
	pw_common_list(&n);
	assert_int_equal(pol.pw_full, (long long)n);
	assert_int_equal(pol.pw_slow, 20);
	assert_int_equal(pol.ids_threshold_max, 20);
	assert_int_equal(pol.n_floors, 0);
	assert_true(policy_model_eol(&pol, "MX-M24M-Sec-D22", 15));
	assert_true(policy_model_eol(&pol, "MX-Q24M-Basic", 13));
	assert_false(policy_model_eol(&pol, "MX-M16B-6D6N-R12", 16));
	assert_int_equal(pol.cert_max_lifetime_days, 730);
}

/* ---- the two fixtures ------------------------------------------------ */

static const struct {
	const char	*id;
	enum chk_result	 r;
	enum chk_reason	 why;
} hardened_want[] = {
	{ "MX-01", CHK_MANUAL, CHK_R_NO_POLICY_VALUE },
	{ "MX-02", CHK_MANUAL, CHK_R_NEEDS_HUMAN },
	{ "MX-03", CHK_PASS, CHK_R_NONE },
	{ "MX-03N", CHK_PASS, CHK_R_NONE },
	{ "MX-03S", CHK_PASS, CHK_R_NONE },
	{ "MX-04", CHK_PASS, CHK_R_NONE },
	{ "MX-05", CHK_PASS, CHK_R_NONE },
	{ "MX-06", CHK_PASS, CHK_R_NONE },
	{ "MX-07", CHK_PASS, CHK_R_NONE },
	{ "MX-08", CHK_PASS, CHK_R_NONE },
	{ "MX-09", CHK_PASS, CHK_R_NONE },
	{ "MX-10", CHK_PASS, CHK_R_NONE },
	{ "MX-11", CHK_PASS, CHK_R_NONE },
	{ "MX-12", CHK_PASS, CHK_R_NONE },
	{ "MX-13", CHK_PASS, CHK_R_NONE },
	{ "MX-14", CHK_PASS, CHK_R_NONE },
	{ "MX-15", CHK_PASS, CHK_R_NONE },
	{ "MX-16", CHK_PASS, CHK_R_NONE },
	{ "MX-16E", CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE },
	{ "MX-16L", CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE },
	{ "MX-16K", CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE },
	{ "MX-16T", CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE },
	{ "MX-17", CHK_PASS, CHK_R_NONE },
	/* UPnP off proves nothing about public addresses: live only. */
	{ "MX-18", CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE },
	{ "MX-19", CHK_PASS, CHK_R_NONE },
	{ "MX-20", CHK_PASS, CHK_R_NONE },
	{ "MX-21", CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE },
	{ "MX-22", CHK_MANUAL, CHK_R_NEEDS_HUMAN },
	/* FTP off proves nothing about Telnet and SSH: live only. */
	{ "VG-01", CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE },
	{ "VG-02", CHK_PASS, CHK_R_NONE },
	{ "VG-03", CHK_PASS, CHK_R_NONE },
	{ "VG-04", CHK_PASS, CHK_R_NONE },
	{ "VG-05", CHK_PASS, CHK_R_NONE },
	{ "VG-06", CHK_NOT_CHECKED, CHK_R_ONE_SHOT },
	{ "VG-07", CHK_MANUAL, CHK_R_NEEDS_HUMAN },
	/* anonymous ONVIF can only be seen by asking: live only */
	{ "VG-08", CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE },
};

static void
test_hardened_gives_the_expected_result_for_every_check(void **state)
{
	size_t i;

	(void)state;
	assert_int_equal(NELEM(hardened_want), chk_catalogue_len());
	scan_fixture(hardened);
	for (i = 0; i < NELEM(hardened_want); i++) {
		assert_string_equal(scan.records[i].def->id,
		    hardened_want[i].id);
		assert_result(hardened_want[i].id, hardened_want[i].r,
		    hardened_want[i].why);
	}
	assert_int_equal(scan.counts.n[CHK_FAIL], 0);
	assert_evidence("VG-07", "hash_scheme", "sha512");
	assert_evidence("MX-13", "password_len", "14");
}

/* The README's list, plus what default.cfg also gets wrong. */
static const char *const readme_fails[] = {
	"MX-03", "MX-03N", "MX-03S", "MX-06", "MX-07", "MX-08", "MX-09",
	"MX-10", "MX-11", "MX-12", "MX-13", "MX-14", "MX-15", "MX-16",
	"MX-20", "VG-02", "VG-03", "VG-04", "VG-07",
};
static const char *const factory_fails[] = {
	"MX-03", "MX-03N", "MX-03S", "MX-04", "MX-05", "MX-06", "MX-07",
	"MX-08", "MX-09", "MX-10", "MX-11", "MX-12", "MX-13", "MX-14",
	"MX-15", "MX-16", "MX-18", "MX-20", "VG-02", "VG-03", "VG-04",
	"VG-07",
};

static bool
listed(const char *const *list, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], id) == 0)
			return true;
	return false;
}

static void
test_default_fails_exactly_the_expected_set(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(readme_fails); i++)
		assert_true(listed(factory_fails, NELEM(factory_fails),
		    readme_fails[i]));
	scan_fixture(factory);
	for (i = 0; i < scan.n_records; i++) {
		const char *id = scan.records[i].def->id;
		bool failed = scan.records[i].result == CHK_FAIL;

		if (failed != listed(factory_fails, NELEM(factory_fails), id))
			fail_msg("%s: %s on default.cfg", id,
			    chk_result_name(scan.records[i].result));
	}
	assert_int_equal(scan.counts.n[CHK_FAIL], NELEM(factory_fails));
	assert_int_equal(scan.counts.fail_critical, 2);
}

static void
test_default_evidence_says_why(void **state)
{
	(void)state;
	scan_fixture(factory);
	assert_evidence("MX-03", "hash_scheme", "des");
	assert_evidence("MX-03", "matches", "default_password");
	assert_evidence("MX-03", "user", "admin");
	assert_evidence("MX-03S", "note", "des_crypt_truncates_8");
	assert_evidence("MX-03S", "matches", "default_password");
	assert_evidence("MX-10", "auth", "basic");
	assert_evidence("MX-08", "threshold", "unset");
	assert_evidence("MX-11", "http_ports", "80");
	assert_evidence("MX-13", "password", "factory");
	assert_evidence("MX-12", "key", "unset");
	assert_evidence("VG-07", "note", "des_crypt_truncates_8");
	assert_result("MX-17", CHK_MANUAL, CHK_R_NEEDS_HUMAN);
	assert_result("MX-19", CHK_MANUAL, CHK_R_NEEDS_HUMAN);
	assert_result("VG-01", CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE);
}

static void
test_evidence_never_holds_a_hash_or_a_secret(void **state)
{
	(void)state;
	scan_fixture(factory);
	assert_nowhere("Wx3P0QA1");
	scan_fixture(hardened);
	assert_nowhere("$6$");
	assert_nowhere("$5$");
	scan_edit("PASSWORD=*set*", "PASSWORD=Clear-Msys-Key");
	assert_result("MX-13", CHK_PASS, CHK_R_NONE);
	assert_evidence("MX-13", "password_len", "14");
	assert_nowhere("Clear-Msys-Key");
	scan_edit("MXFFS_KEY=*set*", "MXFFS_KEY=Clear-Ffs-Key");
	assert_evidence("MX-12", "key", "set");
	assert_nowhere("Clear-Ffs-Key");
}

/* ---- one key changed: each check flips ------------------------------- */

#define U1	"pw=$6$CQ6QmT/XmaU7uQjh$1U/TctbZ7wqvdtJr.W5GqhJiPdHVrY2THJUi0" \
		"H9.wJWSqdEj7dxYYSGVfH86snrVtslAh.8.Xb8SZdFEhZntz0"
#define U2	"pw=$6$58OhSIIJXYxHbjv5$6Rw7j758OTNkutoCerLIBjM/9FjukYoT8n7R" \
		"JVXmCTxEBP93bpDujSQ8GI4D2cu7rVuGoGXlVnSYq6FPdUtnI."
#define U3	"pw=$5$Yw34MOBvlqgXLP7l$gRTSmYj28AJJQrJwDPzME3C8SKKCBLY2zMqr" \
		"S0FSNaD"
/* sha512-crypt of "meinsm", of "password"; DES of two strong ones. */
#define SHA_MEINSM	"pw=$6$Mx03factorysalt$1V0pCmsfqnHPLeI07uULXRaYug4Oz6" \
		"A1FJyw9T3feWTISTrI91Gsd.kvkGPrZuB2WMY4FghLSMParVpEnolZU1"
#define SHA_PASSWORD	"pw=$6$Mx03Sweaksalt00$KYXaFkYf0iNU28jPwXN9/7.OUpjul" \
		"K02NwOEQ7zfmqzDq5jOXI8FJq.OUqkkg7G6vZ.Jse/O4lscZ/t0MXmD60"
#define DES_STRONG	"pw=QzIAKTTPy5B0o"
#define DES_STRONG2	"pw=VgQM445hUoJE6"
#define DES_MEINSM	"pw=Wx3P0QA1/y1bg"

struct flip {
	const char	*id;
	const char	*says;
	struct edit	 e[3];
	enum chk_result	 want;
	enum chk_reason	 why;
	const char	*ev_key;
	const char	*ev_val;
};

#define FAIL		CHK_FAIL, CHK_R_NONE
#define PASS		CHK_PASS, CHK_R_NONE
#define NA(why)		CHK_NOT_APPLICABLE, why
#define UNKNOWN		CHK_ERROR, CHK_R_UNKNOWN_VALUE

static const struct flip flips[] = {
	{ "MX-03", "fails for a sha512 hash of meinsm", {{ U1, SHA_MEINSM }},
	  FAIL, "matches", "default_password" },
	{ "MX-03", "fails for the factory DES hash", {{ U2, DES_MEINSM }},
	  FAIL, "user", "operator" },
	{ "MX-03N", "fails for a user named admin",
	  {{ "name=camadmin", "name=admin" }}, FAIL, "user", "admin" },
	{ "MX-03S", "fails for a hash of a listed password",
	  {{ U2, SHA_PASSWORD }}, FAIL, "matches", "common_list" },
	{ "MX-03S", "fails for any DES hash (8-character truncation)",
	  {{ U3, DES_STRONG }}, FAIL, "note", "des_crypt_truncates_8" },
	{ "MX-03S", "fails for a user without a password hash",
	  {{ U3, "pw=" }}, FAIL, "note", "no_password_hash" },
	{ "MX-03S", "is an error for a hash it cannot read",
	  {{ U3, "pw=!not-a-hash" }}, UNKNOWN, "hash_scheme", "unknown" },
	{ "MX-04", "fails when every user is in admins",
	  {{ "group=es_users", "group=admins" },
	   { "group=es_guests", "group=admins" }}, FAIL,
	  "users_outside_admins", "0" },
	{ "MX-04", "fails when no group but admins has rights",
	  {{ "group_es_users=eventstream", "group_es_users=" },
	   { "group_es_guests=live", "group_es_guests=" }}, FAIL,
	  "groups_with_rights", "0" },
	{ "MX-05", "fails with a single user",
	  {{ "user_2=", "#user_2=" }, { "user_3=", "#user_3=" }}, FAIL,
	  "users", "1" },
	{ "MX-06", "fails when public access has rights",
	  {{ "public=\n", "public=live\n" }}, FAIL, "public", "live" },
	{ "MX-07", "fails when access control is off",
	  {{ "ENABLED=1\nSTRICT", "ENABLED=0\nSTRICT" }}, FAIL,
	  "enabled", "0" },
	{ "MX-07", "fails when unmatched hosts are allowed",
	  {{ "NOMATCH=deny", "NOMATCH=allow" }}, FAIL, "nomatch", "allow" },
	{ "MX-07", "fails without an allow rule",
	  {{ "allow_1=", "#allow_1=" }}, FAIL, "allow_rules", "0" },
	{ "MX-07", "is an error for an unknown NOMATCH",
	  {{ "NOMATCH=deny", "NOMATCH=maybe" }}, UNKNOWN, "nomatch",
	  "maybe" },
	{ "MX-08", "fails when intrusion detection is off",
	  {{ "ENABLED=1\nTHRESHOLD", "ENABLED=0\nTHRESHOLD" }}, FAIL,
	  "enabled", "0" },
	{ "MX-08", "fails for a threshold under 5",
	  {{ "THRESHOLD=7", "THRESHOLD=4" }}, FAIL, "threshold", "4" },
	{ "MX-08", "fails for a threshold over the policy maximum",
	  {{ "THRESHOLD=7", "THRESHOLD=21" }}, FAIL, "threshold", "21" },
	{ "MX-08", "passes at threshold 5",
	  {{ "THRESHOLD=7", "THRESHOLD=5" }}, PASS, "threshold", "5" },
	{ "MX-08", "passes at threshold 20",
	  {{ "THRESHOLD=7", "THRESHOLD=20" }}, PASS, "threshold", "20" },
	{ "MX-08", "fails for an empty threshold",
	  {{ "THRESHOLD=7", "THRESHOLD=" }}, FAIL, "threshold", "unset" },
	{ "MX-08", "is an error for a threshold that is no number",
	  {{ "THRESHOLD=7", "THRESHOLD=7x" }}, UNKNOWN, "threshold", "7x" },
	{ "MX-08", "fails without blocking",
	  {{ "BLOCK=1", "BLOCK=0" }}, FAIL, "block", "0" },
	{ "MX-08", "fails when every notification is Off",
	  {{ "EMAIL=AlarmMail", "EMAIL=Off" }, { "MQTT=On", "MQTT=Off" }},
	  FAIL, "notifications", "0" },
	{ "MX-08", "fails when IP access control (blocking) is off",
	  {{ "ENABLED=1\nSTRICT", "ENABLED=0\nSTRICT" }}, FAIL,
	  "acl_enabled", "0" },
	{ "MX-09", "fails when crawling is allowed",
	  {{ "CRAWLER=forbidden", "CRAWLER=allowed" }}, FAIL, "crawler",
	  "allowed" },
	{ "MX-10", "fails for Basic authentication",
	  {{ "AUTH=digest", "AUTH=basic" }}, FAIL, "auth", "basic" },
	{ "MX-10", "is an error for an unknown method",
	  {{ "AUTH=digest", "AUTH=ntlm" }}, UNKNOWN, "auth", "ntlm" },
	{ "MX-11", "fails for HTTPS on 443",
	  {{ "HTTPS_PORT=8443", "HTTPS_PORT=443" }}, FAIL, "https_port",
	  "443" },
	{ "MX-11", "fails for an empty HTTPS port (default 443)",
	  {{ "HTTPS_PORT=8443", "HTTPS_PORT=" }}, FAIL, "https_port",
	  "443" },
	{ "MX-11", "fails for HTTP on 80 among other ports",
	  {{ "PORTS=8080\nHTTP=0", "PORTS=8080,80\nHTTP=1" }}, FAIL,
	  "http_ports", "8080,80" },
	{ "MX-11", "passes for port 80 while HTTP is off",
	  {{ "PORTS=8080", "PORTS=80" }}, PASS, "http", "0" },
	{ "MX-11", "is an error for a port out of range",
	  {{ "HTTPS_PORT=8443", "HTTPS_PORT=99999" }}, UNKNOWN,
	  "https_port", "99999" },
	{ "MX-12", "fails without an encryption key",
	  {{ "MXFFS_KEY=*set*", "MXFFS_KEY=" }}, FAIL, "key", "unset" },
	{ "MX-12", "is not applicable without storage",
	  {{ "TARGET=sd", "TARGET=none" }, { "ARCHIVE=nfs", "ARCHIVE=none" }},
	  NA(CHK_R_NOT_IN_USE), "target", "none" },
	{ "MX-12", "applies when only the archive is used",
	  {{ "TARGET=sd", "TARGET=none" }}, PASS, "archive", "nfs" },
	{ "MX-12", "is an error for an unknown storage target",
	  {{ "TARGET=sd", "TARGET=floppy" }}, UNKNOWN, "target", "floppy" },
	{ "MX-13", "fails for a password shorter than 6",
	  {{ "PASSWORD_LEN=14", "PASSWORD_LEN=5" }}, FAIL, "password_len",
	  "5" },
	{ "MX-13", "fails for the factory password meinsm",
	  {{ "PASSWORD=*set*", "PASSWORD=meinsm" }}, FAIL, "password",
	  "factory" },
	{ "MX-13", "fails for an empty password",
	  {{ "PASSWORD=*set*", "PASSWORD=" }}, FAIL, "password", "unset" },
	{ "MX-13", "is not applicable with networking off",
	  {{ "NETWORKING=1", "NETWORKING=0" }},
	  NA(CHK_R_FEATURE_DISABLED), "networking", "0" },
	{ "MX-13", "is not_checked when a *set* marker has no length",
	  {{ "PASSWORD_LEN=14\n", "" }}, CHK_NOT_CHECKED, CHK_R_KEY_MISSING,
	  "key", "msys/PASSWORD_LEN" },
	{ "MX-14", "fails when error notification is off",
	  {{ "ENABLED=1\nPROFILE", "ENABLED=0\nPROFILE" }}, FAIL,
	  "enabled", "0" },
	{ "MX-14", "fails without a notification profile",
	  {{ "PROFILE=AlarmMail", "PROFILE=Off" }}, FAIL, "profile",
	  "unset" },
	{ "MX-15", "fails when failure detection is off",
	  {{ "FAILURE_CHECK=1", "FAILURE_CHECK=0" }}, FAIL, "check", "0" },
	{ "MX-15", "fails without a test selected",
	  {{ "FAILURE_TESTS=ping,transfer,lostevents,sdio",
	     "FAILURE_TESTS=" }}, FAIL, "tests", "0" },
	{ "MX-15", "is not applicable without storage",
	  {{ "TARGET=sd", "TARGET=none" }, { "ARCHIVE=nfs", "ARCHIVE=none" }},
	  NA(CHK_R_NOT_IN_USE), "archive", "none" },
	{ "MX-16", "fails for a self-signed certificate",
	  {{ "CERT=custom", "CERT=selfsigned" }}, FAIL, "cert",
	  "selfsigned" },
	{ "MX-16", "fails for the factory certificate",
	  {{ "CERT=custom", "CERT=factory" }}, FAIL, "cert", "factory" },
	{ "MX-16", "passes for an ACME certificate",
	  {{ "CERT=custom", "CERT=acme" }}, PASS, "cert", "acme" },
	{ "MX-16", "is an error for an unknown certificate source",
	  {{ "CERT=custom", "CERT=letsencrypt" }}, UNKNOWN, "cert",
	  "letsencrypt" },
	{ "MX-17", "is manual when OpenVPN is off",
	  {{ "SECTION openvpn\nENABLED=1", "SECTION openvpn\nENABLED=0" }},
	  CHK_MANUAL, CHK_R_NEEDS_HUMAN, "enabled", "0" },
	{ "MX-18", "fails when UPnP can map ports",
	  {{ "UPNP=0", "UPNP=1" }}, FAIL, "upnp", "1" },
	{ "MX-19", "is manual without a VLAN",
	  {{ "VLAN=120", "VLAN=0" }}, CHK_MANUAL, CHK_R_NEEDS_HUMAN, "vlan",
	  "0" },
	{ "MX-19", "is manual for an empty VLAN",
	  {{ "VLAN=120", "VLAN=" }}, CHK_MANUAL, CHK_R_NEEDS_HUMAN, "vlan",
	  "unset" },
	{ "MX-19", "is an error for a VLAN id out of range",
	  {{ "VLAN=120", "VLAN=4095" }}, UNKNOWN, "vlan", "4095" },
	{ "MX-20", "fails without IEEE 802.1X",
	  {{ "IEEE8021X=1", "IEEE8021X=0" }}, FAIL, "ieee8021x", "0" },
	{ "VG-01", "fails when FTP is on",
	  {{ "FTP=0", "FTP=1" }}, FAIL, "ftp", "1" },
	{ "VG-02", "fails when HTTP is on next to HTTPS",
	  {{ "HTTP=0", "HTTP=1" }}, FAIL, "http", "1" },
	{ "VG-03", "fails when Zeroconf (Bonjour) is on",
	  {{ "ZEROCONF=0", "ZEROCONF=1" }}, FAIL, "zeroconf", "1" },
	{ "VG-03", "fails when ONVIF discovery is on",
	  {{ "ONVIF_DISCOVERY=0", "ONVIF_DISCOVERY=1" }}, FAIL,
	  "onvif_discovery", "1" },
	{ "VG-03", "fails when UPnP is on",
	  {{ "UPNP=0", "UPNP=1" }}, FAIL, "upnp", "1" },
	{ "VG-04", "fails for RTSP without authentication",
	  {{ "RTSP_AUTH=1", "RTSP_AUTH=0" }}, FAIL, "rtsp_auth", "0" },
	{ "VG-04", "passes when RTSP is off",
	  {{ "RTSP=1\nRTSP_AUTH=1", "RTSP=0\nRTSP_AUTH=0" }}, PASS, "rtsp",
	  "0" },
	{ "VG-05", "fails for an end-of-life model",
	  {{ "#:MX-M16B-6D6N-R12", "#:MX-M24M-Sec-D22" }}, FAIL,
	  "end_of_life", "yes" },
	{ "VG-05", "is not_checked without a model line",
	  {{ "#:MX-M16B-6D6N-R12\n", "" }}, CHK_NOT_CHECKED,
	  CHK_R_KEY_MISSING, "model", "unknown" },
	{ "VG-07", "fails for a DES hash of an admins user",
	  {{ U1, DES_STRONG2 }}, FAIL, "note", "des_crypt_truncates_8" },
	{ "VG-07", "ignores DES hashes outside admins",
	  {{ U2, DES_STRONG }}, CHK_MANUAL, CHK_R_NEEDS_HUMAN, "user",
	  "camadmin" },
	{ "MX-09", "is not_checked when its key is missing",
	  {{ "CRAWLER=forbidden\n", "" }}, CHK_NOT_CHECKED,
	  CHK_R_KEY_MISSING, "key", "pageoptions/CRAWLER" },
	{ "MX-10", "is not_checked when its key is missing",
	  {{ "AUTH=digest\n", "" }}, CHK_NOT_CHECKED, CHK_R_KEY_MISSING,
	  "key", "webserver/AUTH" },
};

static void
test_flip(void **state)
{
	const struct flip *f = *state;

	scan_variant(f->e, NELEM(f->e));
	assert_result(f->id, f->want, f->why);
	if (f->ev_key != NULL)
		assert_evidence(f->id, f->ev_key, f->ev_val);
	assert_nowhere("$6$");
	assert_nowhere("$5$");
}

/*
 * Every check with configuration evidence has a variant that fails it,
 * except those that never fail from the configuration: manual-only items,
 * MX-01 (needs a policy floor) and VG-06 (needs the daemon), which have
 * tests of their own.
 */
static void
test_every_cfg_check_has_a_failing_variant(void **state)
{
	static const char *const never[] = { "MX-01", "MX-02", "MX-17",
	    "MX-19", "MX-22", "VG-06" };
	const struct chk_def *d;
	size_t i;

	(void)state;
	for (d = chk_catalogue; d->id != NULL; d++) {
		bool found = false;

		if (d->cfg == NULL || listed(never, NELEM(never), d->id))
			continue;
		for (i = 0; i < NELEM(flips); i++)
			found |= strcmp(flips[i].id, d->id) == 0 &&
			    flips[i].want == CHK_FAIL;
		if (!found)
			fail_msg("%s: no variant fails it", d->id);
	}
}

/* ---- checks that depend on more than the configuration --------------- */

static void
set_floor(const char *model, const char *version)
{
	pol.n_floors = 1;
	snprintf(pol.firmware_min[0].model, sizeof(pol.firmware_min[0].model),
	    "%s", model);
	snprintf(pol.firmware_min[0].version,
	    sizeof(pol.firmware_min[0].version), "%s", version);
}

static void
test_mx01_compares_firmware_with_the_model_floor(void **state)
{
	(void)state;
	set_floor("MX-M16", "MX-V5.4.3");
	scan_fixture(hardened);
	assert_result("MX-01", CHK_FAIL, CHK_R_NONE);
	assert_evidence("MX-01", "firmware", "MX-V5.4.2.29");
	assert_evidence("MX-01", "floor", "MX-V5.4.3");
	set_floor("MX-M16", "MX-V5.4.2.29");
	scan_fixture(hardened);
	assert_result("MX-01", CHK_PASS, CHK_R_NONE);
	set_floor("MX-M16", "MX-V4.7");
	scan_edit("VERSION=MX-V5.4.2.29", "VERSION=MX-V4.6.2");
	assert_result("MX-01", CHK_FAIL, CHK_R_NONE);
	assert_evidence("MX-01", "firmware", "MX-V4.6.2");
	set_floor("MX-M26", "MX-V9");
	scan_fixture(hardened);
	assert_result("MX-01", CHK_MANUAL, CHK_R_NO_POLICY_VALUE);
}

static void
test_mx01_without_a_firmware_version_is_not_checked(void **state)
{
	static const struct edit e[] = {
		{ "#:MX-V5.4.2.29\n", "" },
		{ "VERSION=MX-V5.4.2.29\n", "" },
	};

	(void)state;
	set_floor("MX-M16", "MX-V5.0");
	scan_variant(e, NELEM(e));
	assert_result("MX-01", CHK_NOT_CHECKED, CHK_R_KEY_MISSING);
	assert_evidence("MX-01", "firmware", "unknown");
	assert_result("VG-05", CHK_NOT_CHECKED, CHK_R_KEY_MISSING);
}

static void
test_vg06_needs_the_daemon_and_a_connected_broker(void **state)
{
	(void)state;
	scan_fixture(hardened);
	assert_result("VG-06", CHK_NOT_CHECKED, CHK_R_ONE_SHOT);
	env.daemon = true;
	env.mqtt_connected = false;
	scan_fixture(hardened);
	assert_result("VG-06", CHK_FAIL, CHK_R_NONE);
	assert_evidence("VG-06", "mqtt", "disconnected");
	env.mqtt_connected = true;
	scan_fixture(hardened);
	assert_result("VG-06", CHK_PASS, CHK_R_NONE);
}

/* Issue 18: a reachable SIEM collector ships the alarms as well. */
static void
test_vg06_passes_with_a_connected_collector_alone(void **state)
{
	(void)state;
	env.daemon = true;
	env.mqtt_connected = false;
	env.siem_enabled = true;
	env.siem_connected = false;
	scan_fixture(hardened);
	assert_result("VG-06", CHK_FAIL, CHK_R_NONE);
	assert_evidence("VG-06", "siem", "disconnected");
	env.siem_connected = true;
	scan_fixture(hardened);
	assert_result("VG-06", CHK_PASS, CHK_R_NONE);
	assert_evidence("VG-06", "mqtt", "disconnected");
	assert_evidence("VG-06", "siem", "connected");
}

/* A hash of list entry i, made with the given crypt setting. */
static const char *
hash_of_entry(size_t i, const char *setting)
{
	static struct crypt_data cd;
	static char line[512];
	const char *const *list;
	size_t n;
	char *h;

	list = pw_common_list(&n);
	assert_true(i < n);
	memset(&cd, 0, sizeof(cd));
	h = crypt_r(list[i], setting, &cd);
	assert_non_null(h);
	snprintf(line, sizeof(line), "pw=%s", h);
	return line;
}

static void
test_mx03s_tries_the_full_list_on_md5_and_20_on_sha(void **state)
{
	size_t n;

	(void)state;
	pw_common_list(&n);
	scan_edit(U3, hash_of_entry(n - 1, "$1$lastentr$"));
	assert_result("MX-03S", CHK_FAIL, CHK_R_NONE);
	assert_evidence("MX-03S", "hash_scheme", "md5");
	scan_edit(U3, hash_of_entry(19, "$5$twentieth$"));
	assert_result("MX-03S", CHK_FAIL, CHK_R_NONE);
	scan_edit(U3, hash_of_entry(20, "$5$twentyfirst$"));
	assert_result("MX-03S", CHK_PASS, CHK_R_NONE);
	pol.pw_full = 10;
	scan_edit(U3, hash_of_entry(n - 1, "$1$lastentr$"));
	assert_result("MX-03S", CHK_PASS, CHK_R_NONE);
}

static void
test_mx03s_without_the_daemon_cache_gives_the_same_verdicts(void **state)
{
	(void)state;
	env.pw_cache = NULL;
	scan_fixture(factory);
	assert_result("MX-03S", CHK_FAIL, CHK_R_NONE);
	assert_evidence("MX-03S", "matches", "default_password");
	scan_fixture(hardened);
	assert_result("MX-03S", CHK_PASS, CHK_R_NONE);
}

static void
test_several_weak_users_are_counted(void **state)
{
	static const struct edit e[] = {
		{ U2, SHA_PASSWORD },
		{ U3, DES_STRONG },
	};

	(void)state;
	scan_variant(e, NELEM(e));
	assert_result("MX-03S", CHK_FAIL, CHK_R_NONE);
	assert_evidence("MX-03S", "user", "operator");
	assert_evidence("MX-03S", "weak_users", "2");
}

static void
test_no_users_at_all_is_key_missing(void **state)
{
	static const struct edit e[] = {
		{ "user_1=", "#user_1=" },
		{ "user_2=", "#user_2=" },
		{ "user_3=", "#user_3=" },
	};

	(void)state;
	scan_variant(e, NELEM(e));
	assert_result("MX-03", CHK_NOT_CHECKED, CHK_R_KEY_MISSING);
	assert_evidence("MX-03", "key", "users/user_");
	assert_result("MX-05", CHK_NOT_CHECKED, CHK_R_KEY_MISSING);
	assert_result("VG-07", CHK_MANUAL, CHK_R_NEEDS_HUMAN);
	assert_evidence("VG-07", "admins", "0");
}

static void
test_a_key_given_twice_keeps_its_last_value(void **state)
{
	(void)state;
	scan_edit("SECTION users\n", "SECTION users\nuser_1=name=admin:"
	    "group=admins:" DES_MEINSM "\n");
	assert_result("MX-03", CHK_PASS, CHK_R_NONE);
	assert_result("MX-03N", CHK_PASS, CHK_R_NONE);
	assert_evidence("MX-05", "users", "3");
}

/* ---- the policy decides the mapping ------------------------------------ */

static struct policy_check *
pol_check(const char *id)
{
	size_t i;

	for (i = 0; i < pol.n_checks; i++)
		if (strcmp(pol.checks[i].id, id) == 0)
			return &pol.checks[i];
	fail_msg("%s: not in the policy", id);
	return NULL;
}

static void
test_a_role_the_policy_lacks_is_error_no_policy_value(void **state)
{
	struct policy_check *pc;

	(void)state;
	pol_check("MX-10")->n_keys = 0;
	pc = pol_check("MX-07");
	assert_string_equal(pc->keys[pc->n_keys - 1].role, "allow");
	pc->n_keys--;
	scan_fixture(hardened);
	assert_result("MX-10", CHK_ERROR, CHK_R_NO_POLICY_VALUE);
	assert_evidence("MX-10", "role", "auth");
	assert_result("MX-07", CHK_ERROR, CHK_R_NO_POLICY_VALUE);
	assert_evidence("MX-07", "role", "allow");
	assert_result("MX-09", CHK_PASS, CHK_R_NONE);
}

static void
test_a_role_without_its_expect_is_error_no_policy_value(void **state)
{
	(void)state;
	pol_check("MX-09")->keys[0].expect[0] = '\0';
	scan_fixture(hardened);
	assert_result("MX-09", CHK_ERROR, CHK_R_NO_POLICY_VALUE);
	assert_evidence("MX-09", "role", "crawler");
}

/* The policy file itself, edited: a key renamed needs no new binary. */
static int
parse_policy_edit(const char *from, const char *to)
{
	static char buf[POLICY_FILE_MAX + 1];
	const char *at = strstr(policy_text, from);
	int len;

	assert_non_null(at);
	len = snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - policy_text),
	    policy_text, to, at + strlen(from));
	assert_true(len > 0 && (size_t)len < sizeof(buf));
	return policy_parse(&pol, "edited", buf, (size_t)len, stderr);
}

static void
test_a_renamed_key_in_the_policy_file_is_followed(void **state)
{
	(void)state;
	assert_int_equal(parse_policy_edit("\"webserver/AUTH\"",
	    "\"webserver/AUTHMETHOD\""), 0);
	scan_edit("AUTH=digest", "AUTHMETHOD=basic");
	assert_result("MX-10", CHK_FAIL, CHK_R_NONE);
	scan_fixture(hardened);
	assert_result("MX-10", CHK_NOT_CHECKED, CHK_R_KEY_MISSING);
	assert_evidence("MX-10", "key", "webserver/AUTHMETHOD");
}

static void
test_a_policy_file_without_a_role_gives_error(void **state)
{
	(void)state;
	assert_int_equal(parse_policy_edit("{\"role\": \"crawler\"",
	    "{\"role\": \"crawler_renamed\""), 0);
	scan_fixture(hardened);
	assert_result("MX-09", CHK_ERROR, CHK_R_NO_POLICY_VALUE);
}

static void
test_policy_defaults_fill_empty_keys(void **state)
{
	const char *val;
	size_t len;

	(void)state;
	scan_edit("HTTPS_PORT=8443", "HTTPS_PORT=");
	assert_int_equal(policy_value(&pol, pol_check("MX-11"), &cfg,
	    "https_port", &val, &len), POLICY_DEFAULTED);
	assert_int_equal(len, 3);
	assert_memory_equal(val, "443", 3);
	assert_string_equal(pol.defaults[0].key, "ids/TIMEOUT");
	assert_string_equal(pol.defaults[0].value, "60");
	assert_string_equal(pol.defaults[1].key, "ids/DEADTIME");
	assert_string_equal(pol.defaults[1].value, "60");
}

/* ---- the runner ------------------------------------------------------- */

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, NULL)

static const struct CMUnitTest fixed_tests[] = {
	T(test_catalogue_is_the_spec_table_in_order),
	T(test_policy_has_every_check_in_order_with_spec_titles),
	T(test_policy_limits_and_lists),
	T(test_hardened_gives_the_expected_result_for_every_check),
	T(test_default_fails_exactly_the_expected_set),
	T(test_default_evidence_says_why),
	T(test_evidence_never_holds_a_hash_or_a_secret),
	T(test_every_cfg_check_has_a_failing_variant),
	T(test_mx01_compares_firmware_with_the_model_floor),
	T(test_mx01_without_a_firmware_version_is_not_checked),
	T(test_vg06_needs_the_daemon_and_a_connected_broker),
	T(test_vg06_passes_with_a_connected_collector_alone),
	T(test_mx03s_tries_the_full_list_on_md5_and_20_on_sha),
	T(test_mx03s_without_the_daemon_cache_gives_the_same_verdicts),
	T(test_several_weak_users_are_counted),
	T(test_no_users_at_all_is_key_missing),
	T(test_a_key_given_twice_keeps_its_last_value),
	T(test_a_role_the_policy_lacks_is_error_no_policy_value),
	T(test_a_role_without_its_expect_is_error_no_policy_value),
	T(test_a_renamed_key_in_the_policy_file_is_followed),
	T(test_a_policy_file_without_a_role_gives_error),
	T(test_policy_defaults_fill_empty_keys),
};

int
main(void)
{
	static struct CMUnitTest tests[NELEM(fixed_tests) + NELEM(flips)];
	static char names[NELEM(flips)][128];
	size_t i;

	for (i = 0; i < NELEM(fixed_tests); i++)
		tests[i] = fixed_tests[i];
	for (i = 0; i < NELEM(flips); i++) {
		struct CMUnitTest *t = &tests[NELEM(fixed_tests) + i];

		snprintf(names[i], sizeof(names[i]), "%s %s", flips[i].id,
		    flips[i].says);
		t->name = names[i];
		t->test_func = test_flip;
		t->setup_func = setup;
		t->teardown_func = NULL;
		t->initial_state = (void *)&flips[i];
	}
	return cmocka_run_group_tests_name("checks", tests, group_setup,
	    NULL);
}
