/*
 * test_report.c - the JSON writer (escaping of hostile strings, overflow,
 * nesting, misuse) and the three reports of a scan built by hand: the
 * exact JSON of spec sections 2, 4 and 7, the table's order and colour,
 * and the Markdown commissioning checklist.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/check.h"
#include "check/policy.h"
#include "core/json_write.h"
#include "report/report.h"

/* ---- the JSON writer ------------------------------------------------- */

/* One string value at the root, as the writer renders it. */
static const char *
render_n(const char *s, size_t len)
{
	static char buf[4096];
	struct jw jw;

	jw_init(&jw, buf, sizeof(buf));
	jw_strn(&jw, NULL, s, len);
	assert_true(jw_finish(&jw) > 0);
	return buf;
}

static const char *
render(const char *s)
{
	return render_n(s, strlen(s));
}

static void
test_quotes_backslashes_and_controls_are_escaped(void **state)
{
	(void)state;
	assert_string_equal(render("say \"hi\" C:\\dir"),
	    "\"say \\\"hi\\\" C:\\\\dir\"");
	assert_string_equal(render("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
	assert_string_equal(render("\x01\x1b[2J\x1f"),
	    "\"\\u0001\\u001b[2J\\u001f\"");
	assert_string_equal(render("del\x7f"), "\"del\\u007f\"");
	assert_string_equal(render_n("a\0b", 3), "\"a\\u0000b\"");
	assert_string_equal(render("/ is fine"), "\"/ is fine\"");
}

static void
test_each_byte_of_invalid_utf8_becomes_replacement(void **state)
{
	(void)state;
	assert_string_equal(render("\xff"), "\"\\ufffd\"");
	assert_string_equal(render("x\x80y"), "\"x\\ufffdy\"");
	/* overlong "/" */
	assert_string_equal(render("\xc0\xaf"), "\"\\ufffd\\ufffd\"");
	/* overlong 3-byte NUL */
	assert_string_equal(render("\xe0\x80\x80"),
	    "\"\\ufffd\\ufffd\\ufffd\"");
	/* a UTF-16 surrogate */
	assert_string_equal(render("\xed\xa0\x80"),
	    "\"\\ufffd\\ufffd\\ufffd\"");
	/* above U+10FFFF */
	assert_string_equal(render("\xf4\x90\x80\x80"),
	    "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	/* a sequence cut short, then text */
	assert_string_equal(render("\xe2\x82" "A"), "\"\\ufffd\\ufffdA\"");
	assert_string_equal(render("end\xe2\x82"), "\"end\\ufffd\\ufffd\"");
	assert_string_equal(render("\xf5\xfe"), "\"\\ufffd\\ufffd\"");
}

static void
test_valid_multibyte_utf8_passes_through(void **state)
{
	static const char *const ok[] = {
		"caf\xc3\xa9",			/* é */
		"\xc2\x80",			/* U+0080 */
		"\xdf\xbf",			/* U+07FF */
		"\xe0\xa0\x80",			/* U+0800 */
		"\xe2\x82\xac 5",		/* € */
		"\xef\xbf\xbf",			/* U+FFFF */
		"\xf0\x9f\x98\x80",		/* U+1F600 */
		"\xf4\x8f\xbf\xbf",		/* U+10FFFF */
		"\xc2\xa7" "8 r\xc3\xa9seau",	/* §8 réseau */
	};
	char want[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		snprintf(want, sizeof(want), "\"%s\"", ok[i]);
		assert_string_equal(render(ok[i]), want);
	}
}

static void
test_utf8_len_names_each_sequence(void **state)
{
	(void)state;
	assert_int_equal(jw_utf8_len((const unsigned char *)"a", 1), 1);
	assert_int_equal(jw_utf8_len((const unsigned char *)"\xc3\xa9", 2),
	    2);
	assert_int_equal(jw_utf8_len((const unsigned char *)"\xc3\xa9", 1),
	    0);
	assert_int_equal(jw_utf8_len(
	    (const unsigned char *)"\xe2\x82\xac", 3), 3);
	assert_int_equal(jw_utf8_len(
	    (const unsigned char *)"\xf0\x9f\x98\x80", 4), 4);
	assert_int_equal(jw_utf8_len(
	    (const unsigned char *)"\xf0\x8f\xbf\xbf", 4), 0);
	assert_int_equal(jw_utf8_len((const unsigned char *)"", 0), 0);
}

static void
test_nested_document_has_commas_and_numbers(void **state)
{
	char buf[512];
	struct jw jw;
	int n;

	(void)state;
	jw_init(&jw, buf, sizeof(buf));
	jw_obj_begin(&jw, NULL);
	jw_str(&jw, "a", "x");
	jw_int(&jw, "n", -9223372036854775807LL - 1);
	jw_arr_begin(&jw, "list");
	jw_int(&jw, NULL, 1);
	jw_obj_begin(&jw, NULL);
	jw_obj_end(&jw);
	jw_arr_begin(&jw, NULL);
	jw_arr_end(&jw);
	jw_bool(&jw, NULL, false);
	jw_null(&jw, NULL);
	jw_str(&jw, NULL, NULL);
	jw_arr_end(&jw);
	jw_obj_begin(&jw, "o");
	jw_bool(&jw, "t", true);
	jw_double(&jw, "score", 2.0 / 3.0, 4);
	jw_double(&jw, "neg", -1.25, 1);
	jw_double(&jw, "nan", NAN, 4);
	jw_double(&jw, "inf", -INFINITY, 4);
	jw_double(&jw, "big", 1e300, 4);
	jw_double(&jw, "int", 3.0, 0);
	jw_obj_end(&jw);
	jw_key(&jw, "later");
	jw_int(&jw, NULL, 7);
	jw_obj_end(&jw);
	n = jw_finish(&jw);
	assert_string_equal(buf, "{\"a\":\"x\",\"n\":-9223372036854775808,"
	    "\"list\":[1,{},[],false,null,null],\"o\":{\"t\":true,"
	    "\"score\":0.6667,\"neg\":-1.2,\"nan\":null,\"inf\":null,"
	    "\"big\":1.0000000000000001e+300,\"int\":3},\"later\":7}");
	assert_int_equal(n, (int)strlen(buf));
}

static void
test_keys_are_escaped_too(void **state)
{
	char buf[128];
	struct jw jw;

	(void)state;
	jw_init(&jw, buf, sizeof(buf));
	jw_obj_begin(&jw, NULL);
	jw_int(&jw, "k\"\n\xff", 1);
	jw_obj_end(&jw);
	assert_true(jw_finish(&jw) > 0);
	assert_string_equal(buf, "{\"k\\\"\\n\\ufffd\":1}");
}

/* Write {"s":"<s>"} into cap bytes. */
static int
small_doc(char *buf, size_t cap, const char *s)
{
	struct jw jw;

	jw_init(&jw, buf, cap);
	jw_obj_begin(&jw, NULL);
	jw_str(&jw, "s", s);
	jw_obj_end(&jw);
	return jw_finish(&jw);
}

static void
test_overflow_returns_minus_one_and_leaves_no_partial_text(void **state)
{
	char buf[64];
	size_t i;

	(void)state;
	/* {"s":"abcd"} is 12 bytes: 13 with the NUL fits, 12 does not */
	assert_int_equal(small_doc(buf, 13, "abcd"), 12);
	assert_string_equal(buf, "{\"s\":\"abcd\"}");
	memset(buf, 'z', sizeof(buf));
	assert_int_equal(small_doc(buf, 12, "abcd"), -1);
	for (i = 0; i < 11; i++)	/* {"s":"abcd was written, then wiped */
		assert_int_equal(buf[i], '\0');
	for (i = 11; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 'z');
	/* an escape that does not fit whole fails too */
	assert_int_equal(small_doc(buf, 12, "\xff"), -1);
	assert_string_equal(buf, "");
	assert_int_equal(small_doc(buf, 0, "x"), -1);
	assert_int_equal(small_doc(NULL, 10, "x"), -1);
}

static void
test_every_call_after_overflow_is_ignored(void **state)
{
	char buf[8];
	struct jw jw;

	(void)state;
	jw_init(&jw, buf, sizeof(buf));
	jw_arr_begin(&jw, NULL);
	jw_str(&jw, NULL, "much too long for eight bytes");
	assert_true(jw.overflow);
	jw_int(&jw, NULL, 1);
	jw_arr_end(&jw);
	assert_int_equal(jw_finish(&jw), -1);
	assert_string_equal(buf, "");
}

static int
nested(int depth)
{
	char buf[256];
	struct jw jw;
	int i;

	jw_init(&jw, buf, sizeof(buf));
	for (i = 0; i < depth; i++)
		jw_arr_begin(&jw, NULL);
	for (i = 0; i < depth; i++)
		jw_arr_end(&jw);
	return jw_finish(&jw);
}

static void
test_nesting_is_capped_at_depth_max(void **state)
{
	(void)state;
	assert_int_equal(nested(JW_DEPTH_MAX), 2 * JW_DEPTH_MAX);
	assert_int_equal(nested(JW_DEPTH_MAX + 1), -1);
}

static void
test_misuse_fails_the_document(void **state)
{
	char buf[128];
	struct jw jw;

	(void)state;
	jw_init(&jw, buf, sizeof(buf));		/* a key inside an array */
	jw_arr_begin(&jw, NULL);
	jw_int(&jw, "k", 1);
	jw_arr_end(&jw);
	assert_int_equal(jw_finish(&jw), -1);

	jw_init(&jw, buf, sizeof(buf));		/* no key inside an object */
	jw_obj_begin(&jw, NULL);
	jw_int(&jw, NULL, 1);
	jw_obj_end(&jw);
	assert_int_equal(jw_finish(&jw), -1);

	jw_init(&jw, buf, sizeof(buf));		/* still open */
	jw_obj_begin(&jw, NULL);
	assert_int_equal(jw_finish(&jw), -1);

	jw_init(&jw, buf, sizeof(buf));		/* wrong closer */
	jw_obj_begin(&jw, NULL);
	jw_arr_end(&jw);
	assert_int_equal(jw_finish(&jw), -1);

	jw_init(&jw, buf, sizeof(buf));		/* two roots */
	jw_int(&jw, NULL, 1);
	jw_int(&jw, NULL, 2);
	assert_int_equal(jw_finish(&jw), -1);

	jw_init(&jw, buf, sizeof(buf));		/* a key at the root */
	jw_int(&jw, "k", 1);
	assert_int_equal(jw_finish(&jw), -1);

	jw_init(&jw, buf, sizeof(buf));		/* jw_key without a value */
	jw_obj_begin(&jw, NULL);
	jw_key(&jw, "k");
	jw_obj_end(&jw);
	assert_int_equal(jw_finish(&jw), -1);

	jw_init(&jw, buf, sizeof(buf));		/* nothing written */
	assert_int_equal(jw_finish(&jw), -1);
	assert_string_equal(buf, "");
}

/* ---- a scan built by hand ------------------------------------------- */

static const struct chk_def defs[] = {
	{ "MX-01", NULL, NULL },
	{ "MX-02", NULL, NULL },
	{ "MX-03", NULL, NULL },
	{ "MX-04", NULL, NULL },
	{ "MX-05", NULL, NULL },
};

static const struct policy_check pcs[] = {
	{ .id = "MX-01", .title = "Default \"admin\" password changed",
	  .severity = CHK_SEV_CRITICAL,
	  .guide = "Cyber Protection Guide 2024 \xc2\xa7" "4",
	  .rationale = "Factory passwords are public.",
	  .remediation = "Admin Menu > Users and Passwords" },
	{ .id = "MX-02", .title = "Telnet disabled",
	  .severity = CHK_SEV_HIGH,
	  .guide = "VMS hardening guide \xc2\xa7" "03",
	  .rationale = "Telnet sends passwords in clear.",
	  .remediation = "Admin Menu > Network Setup > Telnet: off" },
	{ .id = "MX-03", .title = "Mail | SNMP alarms",
	  .severity = CHK_SEV_MEDIUM, .guide = "Cyber Protection Guide 2024",
	  .rationale = "Someone must hear the alarm.",
	  .remediation = "Setup Menu > Intrusion Detection" },
	{ .id = "MX-04", .title = "Password hash not on a list",
	  .severity = CHK_SEV_CRITICAL, .guide = "Cyber Protection Guide",
	  .rationale = "Known passwords fall first.",
	  .remediation = "Set a password of at least 12 characters" },
	{ .id = "MX-05", .title = "HTTPS certificate valid",
	  .severity = CHK_SEV_LOW, .guide = "VMS hardening guide",
	  .rationale = "Browsers learn to click through warnings.",
	  .remediation = "Admin Menu > X.509 Certificates" },
};

static struct policy pol;
static struct chk_scan scan;

#define SHA_TEXT "0123456789abcdef0123456789abcdef" \
    "0123456789abcdef0123456789abcdef"
static const char *const SHA = "0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef";

static void
set_kv(struct chk_record *r, const char *k, const char *v)
{
	struct chk_kv *kv = &r->v.evidence[r->v.n_evidence++];

	snprintf(kv->key, sizeof(kv->key), "%s", k);
	snprintf(kv->val, sizeof(kv->val), "%s", v);
}

static struct chk_record *
add(size_t i, enum chk_result r, enum chk_reason why)
{
	struct chk_record *rec = &scan.records[scan.n_records++];

	rec->def = &defs[i];
	rec->pc = &pcs[i];
	rec->v.result = rec->result = r;
	rec->v.reason = why;
	scan.counts.n[r]++;
	if (r == CHK_FAIL && pcs[i].severity == CHK_SEV_CRITICAL)
		scan.counts.fail_critical++;
	if (r == CHK_FAIL && pcs[i].severity == CHK_SEV_HIGH)
		scan.counts.fail_high++;
	return rec;
}

static void
waive(struct chk_record *rec, const char *why, const char *expires,
    bool expired)
{
	snprintf(rec->waiver_reason, sizeof(rec->waiver_reason), "%s", why);
	snprintf(rec->waiver_expires, sizeof(rec->waiver_expires), "%s",
	    expires);
	if (expired) {
		rec->waiver_expired = true;
		return;
	}
	scan.counts.n[rec->result]--;
	rec->waived = true;
	rec->result = CHK_WAIVED;
	scan.counts.n[CHK_WAIVED]++;
	if (rec->v.result == CHK_FAIL &&
	    rec->pc->severity == CHK_SEV_CRITICAL)
		scan.counts.fail_critical--;
	if (rec->v.result == CHK_FAIL && rec->pc->severity == CHK_SEV_HIGH)
		scan.counts.fail_high--;
}

static void
score(void)
{
	unsigned p = scan.counts.n[CHK_PASS], f = scan.counts.n[CHK_FAIL];

	scan.score_valid = p + f > 0;
	scan.score = scan.score_valid ? (double)p / (p + f) : 0;
}

static void
base_scan(void)
{
	memset(&scan, 0, sizeof(scan));
	memset(&pol, 0, sizeof(pol));
	snprintf(pol.id, sizeof(pol.id), "mobotix-v1");
	snprintf(pol.version, sizeof(pol.version), "1.0.0");
	snprintf(pol.sha256, sizeof(pol.sha256), "%s", SHA);
	scan.time = 1741944360;		/* 2025-03-14 09:26:00 UTC */
	snprintf(scan.camera_id, sizeof(scan.camera_id), "cam-lobby-01");
	snprintf(scan.model, sizeof(scan.model), "M16B");
	snprintf(scan.firmware, sizeof(scan.firmware), "MX-V5.2.0.61");
	snprintf(scan.state_sha256, sizeof(scan.state_sha256), "%s", SHA);
}

/* n/a, a waived failure, an unchecked item whose waiver expired. */
static void
three_record_scan(void)
{
	struct chk_record *r;

	base_scan();
	r = add(0, CHK_NOT_APPLICABLE, CHK_R_NOT_IN_USE);
	set_kv(r, "users", "1");
	r = add(1, CHK_FAIL, CHK_R_NONE);
	set_kv(r, "telnet", "on");
	waive(r, "legacy VMS\tneeds it", "2027-06-30", false);
	r = add(2, CHK_NOT_CHECKED, CHK_R_ONE_SHOT);
	waive(r, "old", "2024-01-01", true);
	score();
}

/* Every group, in catalogue order MX-01..MX-05. */
static void
mixed_scan(void)
{
	struct chk_record *r;

	base_scan();
	add(0, CHK_PASS, CHK_R_NONE);
	r = add(1, CHK_FAIL, CHK_R_NONE);
	set_kv(r, "telnet", "on");
	set_kv(r, "banner", "\x1b[2J\x1b]0;owned\x07 | x\ny");
	add(2, CHK_NOT_APPLICABLE, CHK_R_FEATURE_DISABLED);
	r = add(3, CHK_FAIL, CHK_R_NONE);
	set_kv(r, "hash_scheme", "des");
	set_kv(r, "matches", "default_password");
	add(4, CHK_ERROR, CHK_R_TIMEOUT);
	score();
}

/* Run a report into memory; returns the malloc'd text. */
enum fmt { FMT_JSON, FMT_TABLE, FMT_COLOR, FMT_MD };

static char *
run_report(enum fmt fmt)
{
	char *out = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&out, &sz);
	int rc;

	assert_non_null(f);
	if (fmt == FMT_JSON)
		rc = report_json(f, &scan, &pol);
	else if (fmt == FMT_MD)
		rc = report_markdown(f, &scan, &pol);
	else
		rc = report_table(f, &scan, &pol, fmt == FMT_COLOR);
	assert_int_equal(rc, 0);
	fclose(f);
	assert_int_equal(strlen(out), sz);	/* no NUL inside */
	return out;
}

static void
test_json_report_has_the_exact_shape(void **state)
{
	static const char want[] =
	    "{\"camera\":{\"id\":\"cam-lobby-01\",\"model\":\"M16B\","
	    "\"firmware\":\"MX-V5.2.0.61\"},"
	    "\"summary\":{\"camera\":\"cam-lobby-01\",\"time\":1741944360,"
	    "\"firmware\":\"MX-V5.2.0.61\",\"model\":\"M16B\","
	    "\"policy\":{\"id\":\"mobotix-v1\",\"version\":\"1.0.0\","
	    "\"sha256\":\"0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef\"},"
	    "\"counts\":{\"pass\":0,\"fail\":0,\"not_applicable\":1,"
	    "\"manual\":0,\"error\":0,\"not_checked\":1,\"waived\":1,"
	    "\"fail_critical\":0,\"fail_high\":0},\"score\":null,"
	    "\"state_sha256\":\"0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef\"},"
	    "\"checks\":["
	    "{\"id\":\"MX-01\",\"title\":\"Default \\\"admin\\\" password "
	    "changed\",\"severity\":\"critical\","
	    "\"guide\":\"Cyber Protection Guide 2024 \xc2\xa7" "4\","
	    "\"rationale\":\"Factory passwords are public.\","
	    "\"remediation\":\"Admin Menu > Users and Passwords\","
	    "\"result\":\"not_applicable\",\"reason\":\"not_in_use\","
	    "\"evidence\":{\"users\":\"1\"}},"
	    "{\"id\":\"MX-02\",\"title\":\"Telnet disabled\","
	    "\"severity\":\"high\",\"guide\":\"VMS hardening guide "
	    "\xc2\xa7" "03\",\"rationale\":\"Telnet sends passwords in "
	    "clear.\",\"remediation\":\"Admin Menu > Network Setup > Telnet: "
	    "off\",\"result\":\"waived\",\"underlying\":\"fail\","
	    "\"reason\":null,\"evidence\":{\"telnet\":\"on\"},"
	    "\"waiver\":{\"reason\":\"legacy VMS\\tneeds it\","
	    "\"expires\":\"2027-06-30\"}},"
	    "{\"id\":\"MX-03\",\"title\":\"Mail | SNMP alarms\","
	    "\"severity\":\"medium\",\"guide\":\"Cyber Protection Guide "
	    "2024\",\"rationale\":\"Someone must hear the alarm.\","
	    "\"remediation\":\"Setup Menu > Intrusion Detection\","
	    "\"result\":\"not_checked\",\"reason\":\"one_shot\","
	    "\"evidence\":{},\"waiver_expired\":true}"
	    "]}\n";
	char *out;

	(void)state;
	three_record_scan();
	out = run_report(FMT_JSON);
	assert_string_equal(out, want);
	free(out);
}

static void
test_summary_score_has_four_decimals(void **state)
{
	char buf[REPORT_SUMMARY_MAX];
	struct jw jw;

	(void)state;
	mixed_scan();		/* 1 pass, 2 fail */
	jw_init(&jw, buf, sizeof(buf));
	assert_int_equal(report_summary_json(&jw, &scan, &pol), 0);
	assert_true(jw_finish(&jw) > 0);
	assert_non_null(strstr(buf, ",\"score\":0.3333,\"state_sha256\":"));
	assert_non_null(strstr(buf, "\"fail_critical\":1,\"fail_high\":1}"));
}

static void
test_summary_and_records_nest_inside_a_document(void **state)
{
	static const char tail[] = "\"evidence\":{\"users\":\"1\"}}]}";
	char buf[REPORT_SUMMARY_MAX + REPORT_RECORD_MAX];
	struct jw jw;
	int n;

	(void)state;
	three_record_scan();
	jw_init(&jw, buf, sizeof(buf));
	jw_obj_begin(&jw, NULL);
	jw_str(&jw, "camera", "c");
	jw_key(&jw, "summary");
	assert_int_equal(report_summary_json(&jw, &scan, &pol), 0);
	jw_arr_begin(&jw, "failed");
	assert_int_equal(report_record_json(&jw, &scan.records[0]), 0);
	jw_arr_end(&jw);
	jw_obj_end(&jw);
	n = jw_finish(&jw);
	assert_true(n > 0);
	assert_memory_equal(buf, "{\"camera\":\"c\",\"summary\":{\"camera\":"
	    "\"cam-lobby-01\",", 40);
	assert_non_null(strstr(buf, "\"state_sha256\":\"0123456789abcdef"
	    "0123456789abcdef0123456789abcdef0123456789abcdef\"},"
	    "\"failed\":[{\"id\":\"MX-01\","));
	assert_string_equal(buf + n - (sizeof(tail) - 1), tail);
}

static void
test_summary_that_does_not_fit_fails_whole(void **state)
{
	char buf[200];
	struct jw jw;

	(void)state;
	three_record_scan();
	jw_init(&jw, buf, sizeof(buf));
	assert_int_equal(report_summary_json(&jw, &scan, &pol), -1);
	assert_int_equal(jw_finish(&jw), -1);
	assert_string_equal(buf, "");
}

static void
test_pass_record_has_null_reason_and_no_waiver_fields(void **state)
{
	char buf[REPORT_RECORD_MAX];
	struct jw jw;

	(void)state;
	mixed_scan();
	jw_init(&jw, buf, sizeof(buf));
	assert_int_equal(report_record_json(&jw, &scan.records[0]), 0);
	assert_true(jw_finish(&jw) > 0);
	assert_non_null(strstr(buf, "\"result\":\"pass\",\"reason\":null,"
	    "\"evidence\":{}}"));
	assert_null(strstr(buf, "waive"));
	assert_null(strstr(buf, "underlying"));
}

static void
test_hostile_evidence_is_escaped_in_json(void **state)
{
	char buf[REPORT_RECORD_MAX];
	struct jw jw;

	(void)state;
	mixed_scan();
	jw_init(&jw, buf, sizeof(buf));
	assert_int_equal(report_record_json(&jw, &scan.records[1]), 0);
	assert_true(jw_finish(&jw) > 0);
	assert_non_null(strstr(buf, "\"banner\":\"\\u001b[2J\\u001b]0;owned"
	    "\\u0007 | x\\ny\""));
}

/* Every field at its longest, every byte escaped to six: still fits. */
static void
test_worst_case_record_fits_record_max(void **state)
{
	static struct policy_check pc;
	static char title[POLICY_TITLE_MAX], guide[POLICY_TITLE_MAX];
	static char rationale[POLICY_TEXT_MAX], remediation[POLICY_TEXT_MAX];
	static const struct chk_def def = { "MX-99-LONGEST!", NULL, NULL };
	static char buf[REPORT_RECORD_MAX];
	struct chk_record rec;
	struct jw jw;
	size_t i;

	(void)state;
	memset(&pc, 0xff, sizeof(pc));
	memset(title, 0xff, sizeof(title) - 1);
	memset(guide, 0xff, sizeof(guide) - 1);
	memset(rationale, 0xff, sizeof(rationale) - 1);
	memset(remediation, 0xff, sizeof(remediation) - 1);
	pc.title = title;
	pc.guide = guide;
	pc.rationale = rationale;
	pc.remediation = remediation;
	pc.n_keys = 0;
	pc.keys = NULL;
	pc.severity = CHK_SEV_INFO;
	memset(&rec, 0x01, sizeof(rec));
	rec.def = &def;
	rec.pc = &pc;
	rec.result = CHK_WAIVED;
	rec.v.result = CHK_ERROR;
	rec.v.reason = CHK_R_TIMEOUT;
	rec.v.n_evidence = CHK_EVIDENCE_MAX;
	for (i = 0; i < CHK_EVIDENCE_MAX; i++) {
		rec.v.evidence[i].key[CHK_EVKEY_MAX - 1] = 0;
		rec.v.evidence[i].val[CHK_EVVAL_MAX - 1] = 0;
	}
	rec.waiver_reason[WAIVER_REASON_MAX - 1] = 0;
	rec.waiver_expires[sizeof(rec.waiver_expires) - 1] = 0;
	rec.waiver_expired = false;
	jw_init(&jw, buf, sizeof(buf));
	assert_int_equal(report_record_json(&jw, &rec), 0);
	assert_true(jw_finish(&jw) > 0);
	assert_true(jw.len > REPORT_RECORD_MAX / 2);
}

static void
test_record_without_policy_text_fails(void **state)
{
	char buf[256];
	struct chk_record rec;
	struct jw jw;

	(void)state;
	memset(&rec, 0, sizeof(rec));
	rec.def = &defs[0];
	jw_init(&jw, buf, sizeof(buf));
	assert_int_equal(report_record_json(&jw, &rec), -1);
	assert_int_equal(jw_finish(&jw), -1);
}

static void
test_table_puts_failures_first_by_severity(void **state)
{
	static const char *const order[] = {
		"MX-04", "MX-02", "MX-05", "MX-03", "MX-01",
	};
	const char *prev, *p;
	char *out;
	size_t i;

	(void)state;
	mixed_scan();
	out = run_report(FMT_TABLE);
	assert_non_null(strstr(out, "Camera cam-lobby-01  Model M16B  "
	    "Firmware MX-V5.2.0.61  Address -\nCustomer -  Site -  "
	    "Engineer -  Company -\nPolicy mobotix-v1 1.0.0  Policy SHA-256 "
	    SHA_TEXT "\nState SHA-256 " SHA_TEXT "\n\n"));
	prev = out;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		p = strstr(out, order[i]);
		assert_non_null(p);
		assert_true(p > prev);
		prev = p;
	}
	assert_non_null(strstr(out, "fail           critical MX-04   "
	    "Password hash not on a list\n"
	    "      fix: Set a password of at least 12 characters\n"
	    "      evidence: hash_scheme=des matches=default_password\n"));
	assert_non_null(strstr(out, "      reason: timeout\n"));
	assert_non_null(strstr(out, "Items 5: fail 2 (critical 1, high 1), "
	    "error 1, waived 0, manual 0, not_checked 0, not_applicable 1, "
	    "pass 1\nScore 33.3 % (compliant / (compliant + "
	    "non-compliant))\n"));
	free(out);
}

static void
test_table_has_escape_bytes_only_with_color(void **state)
{
	char *out;

	(void)state;
	mixed_scan();
	out = run_report(FMT_TABLE);
	assert_null(strchr(out, '\x1b'));
	assert_null(strchr(out, '\x07'));
	/* the camera's escape sequence is shown, defused */
	assert_non_null(strstr(out, "banner=\xef\xbf\xbd[2J\xef\xbf\xbd]0;"
	    "owned\xef\xbf\xbd | x y"));
	free(out);
	out = run_report(FMT_COLOR);
	assert_non_null(strstr(out, "\x1b[1;31mfail"));
	assert_non_null(strstr(out, "\x1b[32mpass"));
	assert_null(strstr(out, "\x1b[2J"));
	free(out);
}

static void
test_table_shows_waivers_and_na_score(void **state)
{
	char *out;

	(void)state;
	three_record_scan();
	out = run_report(FMT_TABLE);
	assert_non_null(strstr(out, "      waived (underlying fail, until "
	    "2027-06-30): legacy VMS needs it\n"));
	assert_non_null(strstr(out, "      waiver expired 2024-01-01: old\n"));
	assert_non_null(strstr(out, "\nScore n/a\n"));
	free(out);
}

/* A pseudo-terminal's side, or NULL where the sandbox has none. */
static FILE *
open_tty(int *master)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY), s = -1;

	if (m >= 0 && grantpt(m) == 0 && unlockpt(m) == 0)
		s = open(ptsname(m), O_RDWR | O_NOCTTY);
	if (s < 0) {
		if (m >= 0)
			close(m);
		return NULL;
	}
	*master = m;
	return fdopen(s, "w");
}

static void
test_color_only_on_a_tty_without_no_color(void **state)
{
	char *mem = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&mem, &sz), *tty;
	int master = -1;

	(void)state;
	setenv("TERM", "xterm", 1);
	unsetenv("NO_COLOR");
	assert_false(report_want_color(f));
	fclose(f);
	free(mem);
	tty = open_tty(&master);
	if (tty == NULL)
		skip();
	assert_true(report_want_color(tty));
	setenv("NO_COLOR", "", 1);		/* empty: no effect */
	assert_true(report_want_color(tty));
	setenv("NO_COLOR", "1", 1);
	assert_false(report_want_color(tty));
	unsetenv("NO_COLOR");
	setenv("TERM", "dumb", 1);
	assert_false(report_want_color(tty));
	fclose(tty);
	close(master);
}

static void
test_no_color_disables_color_even_on_a_non_tty(void **state)
{
	(void)state;
	setenv("NO_COLOR", "1", 1);
	assert_false(report_want_color(stdin));
	assert_false(report_want_color(stdout));
	unsetenv("NO_COLOR");
}

static void
test_markdown_is_a_signed_checklist(void **state)
{
	char *out;

	(void)state;
	mixed_scan();
	out = run_report(FMT_MD);
	assert_non_null(strstr(out, "| Scan date | 2025-03-14 09:26 UTC |\n"));
	assert_non_null(strstr(out, "| Policy SHA-256 | " "0123456789abcdef"
	    "0123456789abcdef0123456789abcdef0123456789abcdef |\n"));
	assert_non_null(strstr(out, "| State SHA-256 | " SHA_TEXT " |\n"));
	assert_non_null(strstr(out, "| Customer | \xe2\x80\x94 |\n"));
	assert_non_null(strstr(out, "| Item | Severity | Check | Status | "
	    "Evidence | Remediation | Deadline |\n"));
	assert_non_null(strstr(out, "| MX-01 | critical | Default \"admin\" "
	    "password changed | Compliant | \xe2\x80\x94 | \xe2\x80\x94 | "
	    "\xe2\x80\x94 |\n"));
	assert_non_null(strstr(out, "| MX-04 | critical | Password hash not "
	    "on a list | Non-compliant | hash_scheme=des; "
	    "matches=default_password | Set a password of at least 12 characters | ____ |\n"));
	assert_non_null(strstr(out, "| MX-03 | medium | Mail \\| SNMP alarms "
	    "| Not applicable (feature disabled) |"));
	assert_non_null(strstr(out, "| Error (no answer in time) |"));
	/* a camera value cannot end the cell or the row */
	assert_non_null(strstr(out, "owned\xef\xbf\xbd \\| x<br>y |"));
	assert_non_null(strstr(out, "| Compliant | 1 |\n| Non-compliant | 2 "
	    "|\n| Not applicable | 1 |\n"));
	assert_non_null(strstr(out, "| Non-compliant, critical | 1 |\n"
	    "| Non-compliant, high | 1 |\n"));
	assert_non_null(strstr(out, "| Score | 33.3 % (compliant / "
	    "(compliant + non-compliant)) |\n"));
	assert_non_null(strstr(out, "\n**Commissioning technician**\n\n"
	    "Name: ___"));
	assert_non_null(strstr(out, "\n**Customer acceptance**\n\nName: ___"));
	assert_non_null(strstr(out, "\nCompany: ___"));
	assert_non_null(strstr(out, "\nDate: ___"));
	assert_non_null(strstr(out, "\nSignature: ___"));
	free(out);
}

static void
test_markdown_shows_waiver_expiry_as_deadline(void **state)
{
	char *out;

	(void)state;
	three_record_scan();
	out = run_report(FMT_MD);
	assert_non_null(strstr(out, "| Waived: legacy VMS needs it (until "
	    "2027-06-30; underlying: Non-compliant) | telnet=on | Admin Menu "
	    "> Network Setup > Telnet: off | 2027-06-30 |\n"));
	assert_non_null(strstr(out, "| Not checked (only the running agent "
	    "can tell) (waiver expired 2024-01-01) |"));
	assert_non_null(strstr(out, "| Score | n/a |"));
	free(out);
}

/* Count the rows' cells: every row has 7, so 8 unescaped pipes. */
static void
test_markdown_caps_long_evidence(void **state)
{
	struct chk_record *r;
	char *out, *row, *end;
	char big[CHK_EVVAL_MAX];
	size_t i;

	(void)state;
	base_scan();
	r = add(3, CHK_FAIL, CHK_R_NONE);
	memset(big, 'v', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (i = 0; i < CHK_EVIDENCE_MAX; i++)
		set_kv(r, "k", big);
	score();
	out = run_report(FMT_MD);
	row = strstr(out, "| MX-04 |");
	assert_non_null(row);
	end = strchr(row, '\n');
	assert_non_null(end);
	assert_true(end - row < 200 + 200);
	assert_non_null(strstr(row, "\xe2\x80\xa6 | Set a password"));
	free(out);
}

static void
test_write_errors_are_reported(void **state)
{
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (f == NULL)
		skip();
	mixed_scan();
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(report_json(f, &scan, &pol), -1);
	clearerr(f);
	assert_int_equal(report_table(f, &scan, &pol, false), -1);
	clearerr(f);
	assert_int_equal(report_markdown(f, &scan, &pol), -1);
	fclose(f);
}

static void
test_text_writer_defuses_terminal_controls(void **state)
{
	char *out = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&out, &sz);
	static const char s[] = "a\x9b" "b\xc2\x9b" "c\xe2\x80\xae" "d\t\r\n"
	    "\xc3\xa9";

	(void)state;
	report_put_text(f, s, sizeof(s) - 1, 0, REPORT_ESC_TERM);
	fputc('/', f);
	/* a cap never cuts é in half */
	report_put_text(f, "ab\xc3\xa9", 4, 3, REPORT_ESC_TERM);
	fclose(f);
	assert_string_equal(out, "a\xef\xbf\xbd" "b\xef\xbf\xbd"
	    "c\xef\xbf\xbd" "d   \xc3\xa9/ab\xe2\x80\xa6");
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quotes_backslashes_and_controls_are_escaped),
		cmocka_unit_test(test_each_byte_of_invalid_utf8_becomes_replacement),
		cmocka_unit_test(test_valid_multibyte_utf8_passes_through),
		cmocka_unit_test(test_utf8_len_names_each_sequence),
		cmocka_unit_test(test_nested_document_has_commas_and_numbers),
		cmocka_unit_test(test_keys_are_escaped_too),
		cmocka_unit_test(test_overflow_returns_minus_one_and_leaves_no_partial_text),
		cmocka_unit_test(test_every_call_after_overflow_is_ignored),
		cmocka_unit_test(test_nesting_is_capped_at_depth_max),
		cmocka_unit_test(test_misuse_fails_the_document),
		cmocka_unit_test(test_json_report_has_the_exact_shape),
		cmocka_unit_test(test_summary_score_has_four_decimals),
		cmocka_unit_test(test_summary_and_records_nest_inside_a_document),
		cmocka_unit_test(test_summary_that_does_not_fit_fails_whole),
		cmocka_unit_test(test_pass_record_has_null_reason_and_no_waiver_fields),
		cmocka_unit_test(test_hostile_evidence_is_escaped_in_json),
		cmocka_unit_test(test_worst_case_record_fits_record_max),
		cmocka_unit_test(test_record_without_policy_text_fails),
		cmocka_unit_test(test_table_puts_failures_first_by_severity),
		cmocka_unit_test(test_table_has_escape_bytes_only_with_color),
		cmocka_unit_test(test_table_shows_waivers_and_na_score),
		cmocka_unit_test(test_color_only_on_a_tty_without_no_color),
		cmocka_unit_test(test_no_color_disables_color_even_on_a_non_tty),
		cmocka_unit_test(test_markdown_is_a_signed_checklist),
		cmocka_unit_test(test_markdown_shows_waiver_expiry_as_deadline),
		cmocka_unit_test(test_markdown_caps_long_evidence),
		cmocka_unit_test(test_write_errors_are_reported),
		cmocka_unit_test(test_text_writer_defuses_terminal_controls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
