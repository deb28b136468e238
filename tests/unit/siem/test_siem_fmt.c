/*
 * test_siem_fmt.c - the RFC 5424 formatter against exact expected bytes
 * and against a strict reader (rfc5424_check.h): escaping in PARAM-VALUE,
 * control bytes and bad UTF-8 turned into \xNN, NILVALUEs, header fields
 * clipped, the value and message caps (free text cut first, parameters
 * dropped whole, never a broken SD element), and octet-counted framing.
 *
 *   gcc -std=c11 -Wall -Wextra -Werror -Iapp \
 *       tests/unit/siem/test_siem_fmt.c app/siem/siem_fmt.c -lcmocka
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siem/siem_fmt.h"
#include "rfc5424_check.h"

#define T_SDID	"camguard@32473"
/* 2023-11-14T22:13:20Z */
#define T_SEC	1700000000

static char out[SIEM_FRAME_MAX + 64];

static struct siem_msg
base_msg(void)
{
	struct siem_msg m = {
		.pri = 10 * 8 + 4,	/* authpriv.warning */
		.sec = T_SEC, .usec = 123456,
		.hostname = "cam01", .app_name = "camguard", .procid = "42",
		.msgid = "ids_block",
	};
	return m;
}

/* Formats m with a roomy buffer, checks it with the strict reader. */
static int
fmt_ok(const struct siem_msg *m, struct r5_msg *r)
{
	int n = siem_fmt(out, sizeof(out), m);

	assert_true(n > 0);
	assert_int_equal(strlen(out), (size_t)n);
	assert_int_equal(r5_parse(out, (size_t)n, r), 0);
	return n;
}

static void
test_plain_message_is_exact(void **state)
{
	struct siem_param p[] = {
		{ "ip", "192.0.2.7", 0 }, { "count", "5", 0 },
	};
	struct siem_msg m = base_msg();
	int n;

	(void)state;
	m.sd_id = T_SDID;
	m.params = p;
	m.nparams = 2;
	m.msg = "blocked 192.0.2.7";
	n = siem_fmt(out, sizeof(out), &m);
	assert_string_equal(out, "<84>1 2023-11-14T22:13:20.123456Z cam01 "
	    "camguard 42 ids_block [camguard@32473 ip=\"192.0.2.7\" "
	    "count=\"5\"] blocked 192.0.2.7");
	assert_int_equal(n, strlen(out));
}

static void
test_timestamp_is_rfc3339_utc_usec(void **state)
{
	static const struct { long long sec; long usec; const char *w; } t[] = {
		{ 0, 0, "1970-01-01T00:00:00.000000Z" },
		{ 951782400, 1, "2000-02-29T00:00:00.000001Z" },
		{ 1709251199, 999999, "2024-02-29T23:59:59.999999Z" },
		{ -1, 500000, "1969-12-31T23:59:59.500000Z" },
		{ 253402300799LL, 0, "9999-12-31T23:59:59.000000Z" },
		{ 253402300800LL, 0, "-" },	/* 5-digit year */
		{ -62167219201LL, 0, "-" },	/* before year 0 */
	};
	struct siem_msg m = base_msg();
	struct r5_msg r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		m.sec = (time_t)t[i].sec;
		if ((long long)m.sec != t[i].sec)
			continue;	/* a 32-bit time_t (armhf) */
		m.usec = t[i].usec;
		fmt_ok(&m, &r);
		assert_string_equal(r.ts, t[i].w);
	}
	m.usec = 1000000;
	assert_int_equal(siem_fmt(out, sizeof(out), &m), -1);
	m.usec = -1;
	assert_int_equal(siem_fmt(out, sizeof(out), &m), -1);
}

static void
test_empty_fields_are_nilvalue(void **state)
{
	struct siem_msg m = { .pri = 13, .sec = 0, .hostname = "",
	    .app_name = NULL };
	int n;

	(void)state;
	n = siem_fmt(out, sizeof(out), &m);
	assert_string_equal(out, "<13>1 1970-01-01T00:00:00.000000Z - - - - -");
	assert_int_equal(n, strlen(out));
	/* an empty message text adds no MSG part either */
	m.msg = "";
	siem_fmt(out, sizeof(out), &m);
	assert_string_equal(out, "<13>1 1970-01-01T00:00:00.000000Z - - - - -");
}

static void
test_header_fields_printusascii_clipped(void **state)
{
	char host[400], app[100];
	struct siem_msg m = base_msg();
	struct r5_msg r;

	(void)state;
	memset(host, 'h', sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	memset(app, 'a', sizeof(app) - 1);
	app[sizeof(app) - 1] = '\0';
	m.hostname = host;
	m.app_name = app;
	m.procid = "1 2\n3";
	m.msgid = "caf\xc3\xa9";
	fmt_ok(&m, &r);
	assert_int_equal(strlen(r.host), SIEM_HOSTNAME_MAX);
	assert_int_equal(strlen(r.app), SIEM_APPNAME_MAX);
	/* a space or newline would shift every later field */
	assert_string_equal(r.procid, "1?2?3");
	assert_string_equal(r.msgid, "caf??");
}

static void
test_pri_above_191_is_refused(void **state)
{
	struct siem_msg m = base_msg();
	struct r5_msg r;

	(void)state;
	m.pri = 191;
	fmt_ok(&m, &r);
	assert_int_equal(r.pri, 191);
	m.pri = 0;
	fmt_ok(&m, &r);
	assert_int_equal(strncmp(out, "<0>1 ", 5), 0);
	m.pri = 192;
	assert_int_equal(siem_fmt(out, sizeof(out), &m), -1);
	assert_string_equal(out, "");
}

static void
test_value_escapes_quote_backslash_bracket(void **state)
{
	struct siem_param p[] = { { "ua", "a\"b\\c]d [x=\"y\"]", 0 } };
	struct siem_msg m = base_msg();
	struct r5_msg r;

	(void)state;
	m.sd_id = T_SDID;
	m.params = p;
	m.nparams = 1;
	fmt_ok(&m, &r);
	assert_non_null(strstr(out,
	    " ua=\"a\\\"b\\\\c\\]d [x=\\\"y\\\"\\]\"]"));
	assert_int_equal(r.nparams, 1);
	assert_string_equal(r.params[0].value, p[0].value);
}

static void
test_bad_names_are_refused_not_repaired(void **state)
{
	static const char *bad[] = {
		"", "a=b", "a b", "a\"b", "a]b", "a\nb", "caf\xc3\xa9",
		"123456789012345678901234567890123",	/* 33 */
	};
	struct siem_param p[] = { { "ok", "v", 0 } };
	struct siem_msg m = base_msg();
	struct r5_msg r;
	size_t i;

	(void)state;
	m.params = p;
	m.nparams = 1;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m.sd_id = T_SDID;
		p[0].name = bad[i];
		assert_int_equal(siem_fmt(out, sizeof(out), &m), -1);
		m.sd_id = bad[i];
		p[0].name = "ok";
		/* "" as the SD-ID means no SD, which cannot carry params */
		assert_int_equal(siem_fmt(out, sizeof(out), &m), -1);
	}
	p[0].name = "12345678901234567890123456789012";	/* 32 */
	m.sd_id = p[0].name;
	fmt_ok(&m, &r);
	assert_string_equal(r.params[0].name, p[0].name);
	m.nparams = SIEM_PARAMS_MAX + 1;
	assert_int_equal(siem_fmt(out, sizeof(out), &m), -1);
}

static void
test_control_bytes_and_nul_become_hex(void **state)
{
	static const char v[] = "a\nb\rc\0d\x7f" "e\x1b[31m";
	struct siem_param p[] = { { "v", v, sizeof(v) - 1 } };
	struct siem_msg m = base_msg();
	struct r5_msg r;
	int n, i;

	(void)state;
	m.sd_id = T_SDID;
	m.params = p;
	m.nparams = 1;
	m.msg = "x\ty\\z";
	n = fmt_ok(&m, &r);
	for (i = 0; i < n; i++)
		assert_true((unsigned char)out[i] >= 0x20 && out[i] != 0x7f);
	/* in a value the backslash of \xNN is itself escaped (6.3.3) */
	assert_string_equal(r.params[0].value,
	    "a\\x0ab\\x0dc\\x00d\\x7fe\\x1b[31m");
	/* in the text a real backslash is \x5c, so \xNN is unambiguous */
	assert_string_equal(r.msg, "x\\x09y\\x5cz");
	assert_int_equal(r.bom, 0);
}

static void
test_invalid_utf8_hex_valid_utf8_kept(void **state)
{
	struct siem_param p[] = {
		{ "ok", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 0 },
		{ "bad", "\xff|\xc0\xaf|\xed\xa0\x80|\xe2\x82|\xf5\x80\x80\x80"
		    "|\x80", 0 },
		/* overlongs of 3 and 4 bytes, above U+10FFFF */
		{ "long", "\xe0\x80\xaf|\xf0\x80\x80\xaf|\xf4\x90\x80\x80", 0 },
	};
	struct siem_msg m = base_msg();
	struct r5_msg r;

	(void)state;
	m.sd_id = T_SDID;
	m.params = p;
	m.nparams = 3;
	m.msg = "caf\xc3\xa9 \xfe";
	fmt_ok(&m, &r);
	assert_string_equal(r.params[0].value, p[0].value);
	assert_string_equal(r.params[1].value,
	    "\\xff|\\xc0\\xaf|\\xed\\xa0\\x80|\\xe2\\x82|\\xf5\\x80\\x80\\x80|"
	    "\\x80");
	assert_string_equal(r.params[2].value, "\\xe0\\x80\\xaf|"
	    "\\xf0\\x80\\x80\\xaf|\\xf4\\x90\\x80\\x80");
	/* non-ASCII text is MSG-UTF8: it starts with the BOM */
	assert_int_equal(r.bom, 1);
	assert_string_equal(r.msg, "caf\xc3\xa9 \\xfe");
}

static void
test_c1_line_separators_and_bidi_become_hex(void **state)
{
	struct siem_msg m = base_msg();
	struct r5_msg r;

	(void)state;
	/* NEL, LINE SEPARATOR, RIGHT-TO-LEFT OVERRIDE, FSI */
	m.msg = "a\xc2\x85" "b\xe2\x80\xa8" "c\xe2\x80\xae" "d\xe2\x81\xa8";
	fmt_ok(&m, &r);
	assert_string_equal(r.msg, "a\\xc2\\x85b\\xe2\\x80\\xa8"
	    "c\\xe2\\x80\\xaed\\xe2\\x81\\xa8");
	assert_int_equal(r.bom, 0);
}

static void
test_newline_cannot_forge_a_second_message(void **state)
{
	static const char forged[] =
	    "<13>1 2024-01-01T00:00:00Z evil x - - [camguard@32473 ip=\"1\"]";
	char v[256];
	struct siem_param p[] = { { "ua", v, 0 } };
	struct siem_msg m = base_msg();
	struct r5_msg r;

	(void)state;
	snprintf(v, sizeof(v), "x\"] \n%s", forged);
	m.sd_id = T_SDID;
	m.params = p;
	m.nparams = 1;
	m.msg = v;
	fmt_ok(&m, &r);
	assert_null(strchr(out, '\n'));
	assert_int_equal(r.nparams, 1);
	assert_string_equal(r.params[0].value, "x\"] \\x0a<13>1 "
	    "2024-01-01T00:00:00Z evil x - - [camguard@32473 ip=\"1\"]");
	assert_string_equal(r.msgid, "ids_block");
}

static void
test_value_capped_at_unit_boundary(void **state)
{
	char a[1000], q[300], e[3 * 200 + 1];
	struct siem_param p[] = {
		{ "a", a, 0 }, { "q", q, 0 }, { "e", e, 0 }, { "x", a, 0 },
	};
	struct siem_msg m = base_msg();
	struct r5_msg r;
	size_t i, len;

	(void)state;
	memset(a, 'a', sizeof(a) - 1);
	a[sizeof(a) - 1] = '\0';
	memset(q, '"', sizeof(q) - 1);
	q[sizeof(q) - 1] = '\0';
	for (i = 0; i < 200; i++)
		memcpy(e + 3 * i, "\xe2\x82\xac", 3);
	e[sizeof(e) - 1] = '\0';
	p[3].value_len = SIEM_VALUE_MAX;	/* exactly the cap: whole */
	m.sd_id = T_SDID;
	m.params = p;
	m.nparams = 4;
	fmt_ok(&m, &r);
	assert_int_equal(r.nparams, 4);
	assert_int_equal(strlen(r.params[0].value), SIEM_VALUE_MAX);
	assert_string_equal(r.params[0].value + SIEM_VALUE_MAX - 3, "...");
	/* 126 escaped quotes (252 bytes) + "...": no dangling backslash */
	len = strlen(r.params[1].value);
	assert_int_equal(len, 126 + 3);
	assert_string_equal(r.params[1].value + 126, "...");
	/* 84 whole euro signs (252 bytes) + "...": none split */
	assert_int_equal(strlen(r.params[2].value), 84 * 3 + 3);
	assert_int_equal(strlen(r.params[3].value), SIEM_VALUE_MAX);
	assert_null(strstr(r.params[3].value, "..."));
}

static void
test_message_cap_cuts_free_text_first(void **state)
{
	static char text[5000];
	struct siem_param p[] = { { "ip", "192.0.2.7", 0 } };
	struct siem_msg m = base_msg();
	struct r5_msg r;
	int n;

	(void)state;
	memset(text, 't', sizeof(text) - 1);
	m.sd_id = T_SDID;
	m.params = p;
	m.nparams = 1;
	m.msg = text;
	n = fmt_ok(&m, &r);
	assert_int_equal(n, SIEM_MSG_MAX);
	assert_int_equal(r.nparams, 1);
	assert_string_equal(r.params[0].value, "192.0.2.7");
	assert_string_equal(out + n - 3, "...");
	/* the caller's smaller buffer is a cap too */
	n = siem_fmt(out, 200, &m);
	assert_int_equal(n, 199);
	assert_int_equal(r5_parse(out, (size_t)n, &r), 0);
	assert_int_equal(r.nparams, 1);
}

static void
test_params_dropped_whole_when_sd_overflows(void **state)
{
	static char big[SIEM_VALUE_MAX + 1];
	struct siem_param p[SIEM_PARAMS_MAX];
	struct siem_msg m = base_msg();
	struct r5_msg r;
	char names[SIEM_PARAMS_MAX][8];
	size_t i;
	int n;

	(void)state;
	memset(big, ']', SIEM_VALUE_MAX);	/* 2 bytes each on the wire */
	for (i = 0; i < SIEM_PARAMS_MAX; i++) {
		snprintf(names[i], sizeof(names[i]), "p%zu", i);
		p[i] = (struct siem_param){ names[i], big, 0 };
	}
	m.sd_id = T_SDID;
	m.params = p;
	/* a short one after the first that does not fit is dropped too:
	 * what is kept is always a prefix of the caller's list */
	p[8] = (struct siem_param){ "ip", "192.0.2.7", 0 };
	m.nparams = SIEM_PARAMS_MAX;
	m.msg = "text";
	n = fmt_ok(&m, &r);
	assert_true(n <= SIEM_MSG_MAX);
	/* 7 of 261 bytes fit in 2048 with the header; the 8th does not */
	assert_int_equal(r.nparams, 7);
	for (i = 0; i < r.nparams; i++)
		assert_string_equal(r.params[i].name, names[i]);
	/* the room left after the SD is too small for the next param but
	 * still takes the text */
	assert_string_equal(r.msg, "text");
	/* a buffer too small for the header and SD-ID: refused */
	assert_int_equal(siem_fmt(out, 70, &m), -1);
	m.nparams = 1;
	n = siem_fmt(out, 120, &m);
	assert_int_equal(r5_parse(out, (size_t)n, &r), 0);
	assert_int_equal(r.nparams, 0);
	assert_string_equal(r.sd_id, T_SDID);
}

static void
test_frame_is_decimal_length_space_message(void **state)
{
	struct siem_msg m = base_msg();
	char f[SIEM_FRAME_MAX + 1];
	int n, k;

	(void)state;
	m.msg = "hello";
	n = siem_fmt(out, sizeof(out), &m);
	k = siem_frame(f, sizeof(f), out, (size_t)n);
	assert_int_equal(k, n + 3);		/* "NN " */
	assert_int_equal(atoi(f), n);
	assert_int_equal(f[2], ' ');
	assert_memory_equal(f + 3, out, (size_t)n);
	/* in place, as a sender does with one buffer */
	k = siem_frame(out, sizeof(out), out, (size_t)n);
	assert_string_equal(out, f);
	/* the largest message gets a 4-digit prefix and fits the max */
	memset(f, 'x', SIEM_MSG_MAX);
	k = siem_frame(f, sizeof(f), f, SIEM_MSG_MAX);
	assert_int_equal(k, SIEM_FRAME_MAX);
	assert_memory_equal(f, "2048 x", 6);
	assert_int_equal(siem_frame(f, sizeof(f), f, SIEM_MSG_MAX + 1), -1);
	assert_int_equal(siem_frame(f, sizeof(f), "", 0), -1);
	/* "5 abcde" needs 8 bytes with its NUL */
	assert_int_equal(siem_frame(f, 7, "abcde", 5), -1);
	assert_int_equal(siem_frame(f, 8, "abcde", 5), 7);
	assert_string_equal(f, "5 abcde");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_message_is_exact),
		cmocka_unit_test(test_timestamp_is_rfc3339_utc_usec),
		cmocka_unit_test(test_empty_fields_are_nilvalue),
		cmocka_unit_test(test_header_fields_printusascii_clipped),
		cmocka_unit_test(test_pri_above_191_is_refused),
		cmocka_unit_test(test_value_escapes_quote_backslash_bracket),
		cmocka_unit_test(test_bad_names_are_refused_not_repaired),
		cmocka_unit_test(test_control_bytes_and_nul_become_hex),
		cmocka_unit_test(test_invalid_utf8_hex_valid_utf8_kept),
		cmocka_unit_test(test_c1_line_separators_and_bidi_become_hex),
		cmocka_unit_test(test_newline_cannot_forge_a_second_message),
		cmocka_unit_test(test_value_capped_at_unit_boundary),
		cmocka_unit_test(test_message_cap_cuts_free_text_first),
		cmocka_unit_test(test_params_dropped_whole_when_sd_overflows),
		cmocka_unit_test(test_frame_is_decimal_length_space_message),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
