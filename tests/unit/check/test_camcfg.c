/*
 * test_camcfg.c - the camera configuration reader: both fixtures, the
 * accessors, every error code with its line and column, hostile inputs.
 * Run from the repository root (the fixtures are under examples/).
 */
#include <stdarg.h>
#include <stddef.h>
#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check/camcfg.h"

static struct camcfg cfg;
static struct camcfg_error err;

static int
parse_mem(const char *buf, size_t len)
{
	memset(&err, 0xa5, sizeof(err));
	return camcfg_parse(buf, len, &cfg, &err);
}

static int
parse_text(const char *text)
{
	return parse_mem(text, strlen(text));
}

/* Reads a fixture into a malloc'd buffer the test frees. */
static char *
load_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(CAMCFG_FILE_MAX + 1);

	assert_non_null(f);
	assert_non_null(buf);
	*len = fread(buf, 1, CAMCFG_FILE_MAX + 1, f);
	assert_false(ferror(f));
	fclose(f);
	return buf;
}

static void
assert_parse_error(const char *text, int code, uint32_t line, uint32_t col)
{
	const char *v;
	size_t n;

	assert_int_equal(parse_text(text), code);
	assert_int_equal(err.line, line);
	assert_int_equal(err.col, col);
	assert_int_equal(cfg.n_entries, 0);
	assert_false(camcfg_model(&cfg, &v, &n));
}

static void
assert_cfg_value(const char *section, const char *key, const char *want)
{
	const char *v;
	size_t n;

	assert_true(camcfg_get(&cfg, section, key, &v, &n));
	assert_int_equal(n, strlen(want));
	assert_memory_equal(v, want, n);
}

static void
assert_no_cfg_value(const char *section, const char *key)
{
	const char *v;
	size_t n;

	assert_false(camcfg_get(&cfg, section, key, &v, &n));
}

static void
assert_span(bool found, const char *v, size_t n, const char *want)
{
	assert_true(found);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(v, want, n);
}

/* Deterministic bytes: xorshift32, the same on every libc. */
static uint32_t
next_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* ---- the fixtures ---- */

static void
test_default_fixture_reads_factory_values(void **state)
{
	const char *v, *pw;
	size_t len, n, pwlen, pos = 0;
	char *buf = load_file("examples/camera-default.cfg", &len);

	(void)state;
	assert_int_equal(camcfg_parse(buf, len, &cfg, &err), CAMCFG_OK);
	assert_cfg_value("webserver", "AUTH", "basic");
	assert_cfg_value("webserver", "HTTPS_PORT", "443");
	assert_cfg_value("accesscontrol", "NOMATCH", "allow");
	assert_cfg_value("msys", "PASSWORD", "meinsm");
	assert_cfg_value("ids", "THRESHOLD", "");
	assert_true(camcfg_get(&cfg, "users", "user_1", &v, &n));
	assert_true(camcfg_profile_field(v, n, "pw", &pw, &pwlen));
	assert_span(true, pw, pwlen, "Wx3P0QA1/y1bg");
	assert_true(camcfg_profile_field(v, n, "name", &pw, &pwlen));
	assert_span(true, pw, pwlen, "admin");
	assert_true(camcfg_get(&cfg, "storage", "FAILURE_TESTS", &v, &n));
	assert_false(camcfg_list_next(v, n, &pos, &pw, &pwlen));
	assert_true(camcfg_version(&cfg, &v, &n));
	assert_span(true, v, n, "MX-V5.4.2.29");
	assert_true(camcfg_model(&cfg, &v, &n));
	assert_span(true, v, n, "MX-M16B-6D6N-R12");
	free(buf);
}

static void
test_hardened_fixture_reads_hardened_values(void **state)
{
	static const char *const tests[] = {
		"ping", "transfer", "lostevents", "sdio"
	};
	const char *v, *item;
	size_t len, n, itemlen, pos = 0, i = 0;
	char *buf = load_file("examples/camera-hardened.cfg", &len);

	(void)state;
	assert_int_equal(camcfg_parse(buf, len, &cfg, &err), CAMCFG_OK);
	assert_cfg_value("webserver", "AUTH", "digest");
	assert_cfg_value("webserver", "CERT", "custom");
	assert_cfg_value("msys", "PASSWORD_LEN", "14");
	assert_cfg_value("accesscontrol", "allow_1", "10.42.0.0/255.255.0.0");
	assert_cfg_value("acl", "public", "");
	assert_true(camcfg_get(&cfg, "storage", "FAILURE_TESTS", &v, &n));
	while (camcfg_list_next(v, n, &pos, &item, &itemlen)) {
		assert_true(i < 4);
		assert_span(true, item, itemlen, tests[i++]);
	}
	assert_int_equal(i, 4);
	assert_true(camcfg_get(&cfg, "users", "user_3", &v, &n));
	assert_true(camcfg_profile_field(v, n, "group", &item, &itemlen));
	assert_span(true, item, itemlen, "es_guests");
	assert_true(camcfg_profile_field(v, n, "pw", &item, &itemlen));
	assert_int_equal(itemlen, 63);
	assert_memory_equal(item, "$5$Yw34", 7);
	assert_true(camcfg_version(&cfg, &v, &n));
	assert_span(true, v, n, "MX-V5.4.2.29");
	free(buf);
}

static void
test_fixture_entries_carry_their_line_numbers(void **state)
{
	size_t len;
	char *buf = load_file("examples/camera-default.cfg", &len);

	(void)state;
	assert_int_equal(camcfg_parse(buf, len, &cfg, &err), CAMCFG_OK);
	assert_int_equal(cfg.n_entries, 47);
	assert_int_equal(cfg.entries[0].line, 5);		/* VERSION */
	assert_int_equal(cfg.entries[cfg.n_entries - 1].line, 75);
	free(buf);
}

/* ---- syntax that must be accepted ---- */

static void
test_flat_lines_are_read_outside_and_inside_blocks(void **state)
{
	(void)state;
	assert_int_equal(parse_text(
	    "webserver/AUTH=digest\n"
	    "SECTION ids\n"
	    "ENABLED=1\n"
	    "services/RTSP_PORT=8554\n"
	    "BLOCK=1\n"
	    "ENDSECTION ids\n"), CAMCFG_OK);
	assert_cfg_value("webserver", "AUTH", "digest");
	assert_cfg_value("services", "RTSP_PORT", "8554");
	assert_cfg_value("ids", "BLOCK", "1");
	assert_no_cfg_value("ids", "RTSP_PORT");
}

static void
test_a_key_given_twice_keeps_the_last_value(void **state)
{
	(void)state;
	assert_int_equal(parse_text(
	    "SECTION webserver\nAUTH=basic\nENDSECTION webserver\n"
	    "webserver/AUTH=digest\n"), CAMCFG_OK);
	assert_cfg_value("webserver", "AUTH", "digest");
}

static void
test_crlf_lines_and_missing_final_newline_are_read(void **state)
{
	(void)state;
	assert_int_equal(parse_text(
	    "#:MX-V5.4.2.29\r\nSECTION a\r\nK=v\r\n\r\nENDSECTION a\r\n"
	    "a/LAST=x y "), CAMCFG_OK);
	assert_cfg_value("a", "K", "v");
	assert_cfg_value("a", "LAST", "x y ");
}

static void
test_blanks_around_section_lines_are_tolerated(void **state)
{
	(void)state;
	assert_int_equal(parse_text(
	    "  SECTION \t web  \n\tK=v\n ENDSECTION web \t\n   \n"),
	    CAMCFG_OK);
	assert_cfg_value("web", "K", "v");
}

static void
test_keys_named_like_keywords_are_keys(void **state)
{
	(void)state;
	assert_int_equal(parse_text(
	    "SECTION a\nSECTIONS=2\nENDSECTION=x\nENDSECTION a\n"), CAMCFG_OK);
	assert_cfg_value("a", "SECTIONS", "2");
	assert_cfg_value("a", "ENDSECTION", "x");
}

static void
test_utf8_values_and_odd_names_within_the_set_are_read(void **state)
{
	(void)state;
	assert_int_equal(parse_text(
	    "SECTION cam.room-1_b\nLABEL=Empfang \xc3\x9c" "berwachung\n"
	    "ENDSECTION cam.room-1_b\n"), CAMCFG_OK);
	assert_cfg_value("cam.room-1_b", "LABEL", "Empfang \xc3\x9c" "berwachung");
}

static void
test_comment_lines_give_model_and_version(void **state)
{
	const char *v;
	size_t n;

	(void)state;
	assert_int_equal(parse_text(
	    "#read::\n#:MX-V4.7.2.18 \n#:MX-Vbeta\n# MX-nothing\na/K=1\n"),
	    CAMCFG_OK);
	assert_true(camcfg_version(&cfg, &v, &n));
	assert_span(true, v, n, "MX-V4.7.2.18");
	assert_true(camcfg_model(&cfg, &v, &n));
	assert_span(true, v, n, "MX-Vbeta");
}

static void
test_timestamp_version_wins_over_the_comment(void **state)
{
	const char *v;
	size_t n;

	(void)state;
	assert_int_equal(parse_text(
	    "#:MX-V4.7.2.18\ntimestamp/VERSION=MX-V5.4.2.29\n"), CAMCFG_OK);
	assert_true(camcfg_version(&cfg, &v, &n));
	assert_span(true, v, n, "MX-V5.4.2.29");
	assert_int_equal(parse_text(
	    "#:MX-V4.7.2.18\ntimestamp/VERSION=\n"), CAMCFG_OK);
	assert_true(camcfg_version(&cfg, &v, &n));
	assert_span(true, v, n, "MX-V4.7.2.18");
	assert_int_equal(parse_text("a/K=1\n"), CAMCFG_OK);
	assert_false(camcfg_version(&cfg, &v, &n));
	assert_false(camcfg_model(&cfg, &v, &n));
}

static void
test_longest_line_and_name_are_accepted(void **state)
{
	static char buf[CAMCFG_LINE_MAX + 64];
	char key[CAMCFG_NAME_MAX + 1];
	int n;

	(void)state;
	memset(key, 'K', CAMCFG_NAME_MAX);
	key[CAMCFG_NAME_MAX] = '\0';
	n = snprintf(buf, sizeof(buf), "a/%s=", key);
	memset(buf + n, 'v', CAMCFG_LINE_MAX - (size_t)n);
	memcpy(buf + CAMCFG_LINE_MAX, "\r\n", 2);
	assert_int_equal(parse_mem(buf, CAMCFG_LINE_MAX + 2), CAMCFG_OK);
	assert_int_equal(cfg.entries[0].value.len, CAMCFG_LINE_MAX - n);
	assert_int_equal(cfg.entries[0].key.len, CAMCFG_NAME_MAX);
}

/* ---- accessors ---- */

static void
test_get_str_copies_and_refuses_to_truncate(void **state)
{
	char small[5], big[16];

	(void)state;
	assert_int_equal(parse_text("a/K=basic\na/E=\n"), CAMCFG_OK);
	assert_true(camcfg_get_str(&cfg, "a", "K", big, sizeof(big)));
	assert_string_equal(big, "basic");
	assert_false(camcfg_get_str(&cfg, "a", "K", small, sizeof(small)));
	assert_string_equal(small, "");
	assert_true(camcfg_get_str(&cfg, "a", "E", small, sizeof(small)));
	assert_string_equal(small, "");
	assert_false(camcfg_get_str(&cfg, "a", "missing", big, sizeof(big)));
	assert_false(camcfg_get_str(&cfg, "A", "K", big, sizeof(big)));
}

static void
test_profile_field_matches_whole_field_names(void **state)
{
	static const char val[] = "pwx=1:name=a=b::pw=:pw=second";
	const char *v;
	size_t n;

	(void)state;
	assert_true(camcfg_profile_field(val, strlen(val), "name", &v, &n));
	assert_span(true, v, n, "a=b");
	assert_true(camcfg_profile_field(val, strlen(val), "pw", &v, &n));
	assert_span(true, v, n, "");
	assert_false(camcfg_profile_field(val, strlen(val), "group", &v, &n));
	assert_false(camcfg_profile_field(val, strlen(val), "pwx=1", &v, &n));
	assert_false(camcfg_profile_field("", 0, "pw", &v, &n));
}

static void
test_list_items_are_trimmed_and_empty_ones_skipped(void **state)
{
	static const char val[] = " 80 ,,\t8080,  , 81";
	static const char *const want[] = { "80", "8080", "81" };
	const char *item;
	size_t n, pos = 0, i = 0;

	(void)state;
	while (camcfg_list_next(val, strlen(val), &pos, &item, &n)) {
		assert_true(i < 3);
		assert_span(true, item, n, want[i]);
		i++;
	}
	assert_int_equal(i, 3);
	assert_false(camcfg_list_next(val, strlen(val), &pos, &item, &n));
}

static void
test_every_error_code_has_a_message(void **state)
{
	int e;

	(void)state;
	for (e = CAMCFG_OK; e >= CAMCFG_E_NOT_CONFIG; e--)
		assert_string_not_equal(camcfg_strerror(e),
		    "unknown camcfg error");
	assert_string_equal(camcfg_strerror(-12), "unknown camcfg error");
	assert_string_equal(camcfg_strerror(1), "unknown camcfg error");
	assert_string_equal(camcfg_strerror(INT_MIN), "unknown camcfg error");
	assert_string_equal(camcfg_strerror(CAMCFG_E_MISMATCH),
	    "ENDSECTION does not match SECTION");
}

/* ---- malformed camera configurations: code, line, column ---- */

static void
test_unterminated_section_names_its_line(void **state)
{
	(void)state;
	assert_parse_error("# c\nSECTION a\nK=v\nENDSECTION a\n  SECTION b\nX=1\n",
	    CAMCFG_E_UNTERMINATED, 5, 3);
}

static void
test_endsection_with_another_name_is_a_mismatch(void **state)
{
	(void)state;
	assert_parse_error("SECTION web\nK=v\nENDSECTION webs\n",
	    CAMCFG_E_MISMATCH, 3, 12);
}

static void
test_section_inside_section_is_nested(void **state)
{
	(void)state;
	assert_parse_error("SECTION a\nK=v\nSECTION b\nENDSECTION b\nENDSECTION a\n",
	    CAMCFG_E_NESTED, 3, 1);
}

static void
test_endsection_without_section_is_stray(void **state)
{
	(void)state;
	assert_parse_error("SECTION a\nK=v\nENDSECTION a\n\tENDSECTION a\n",
	    CAMCFG_E_STRAY_END, 4, 2);
}

static void
test_line_without_equals_is_a_syntax_error(void **state)
{
	(void)state;
	assert_parse_error("SECTION a\nK=v\n  hello world\nENDSECTION a\n",
	    CAMCFG_E_SYNTAX, 3, 3);
}

static void
test_key_outside_a_block_is_a_syntax_error(void **state)
{
	(void)state;
	assert_parse_error("SECTION a\nK=v\nENDSECTION a\nAUTH=basic\n",
	    CAMCFG_E_SYNTAX, 4, 1);
}

static void
test_html_page_is_not_a_config(void **state)
{
	(void)state;
	assert_parse_error("<!DOCTYPE html>\n<html><body>401</body></html>\n",
	    CAMCFG_E_NOT_CONFIG, 1, 1);
}

static void
test_empty_buffer_is_not_a_config(void **state)
{
	(void)state;
	assert_parse_error("", CAMCFG_E_NOT_CONFIG, 0, 0);
	assert_int_equal(parse_mem(NULL, 0), CAMCFG_E_NOT_CONFIG);
}

static void
test_comments_and_empty_blocks_are_not_a_config(void **state)
{
	(void)state;
	assert_parse_error("# nothing\n#:MX-V5.4.2.29\n\nSECTION a\nENDSECTION a\n",
	    CAMCFG_E_NOT_CONFIG, 0, 0);
}

static void
test_nul_byte_is_binary(void **state)
{
	static const char buf[] = "SECTION a\nK=v\0x\nENDSECTION a\n";

	(void)state;
	assert_int_equal(parse_mem(buf, sizeof(buf) - 1), CAMCFG_E_BINARY);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 4);
}

static void
test_lone_carriage_return_is_binary(void **state)
{
	(void)state;
	assert_parse_error("SECTION a\nK=a\rb\nENDSECTION a\n", CAMCFG_E_BINARY, 2, 4);
}

static void
test_carriage_return_at_end_of_buffer_is_binary(void **state)
{
	(void)state;
	assert_parse_error("a/K=v\r", CAMCFG_E_BINARY, 1, 6);
}

static void
test_escape_and_delete_bytes_are_binary(void **state)
{
	(void)state;
	assert_parse_error("a/K=\x1b[31mred\n", CAMCFG_E_BINARY, 1, 5);
	assert_parse_error("a/K=v\na/L=\x7f\n", CAMCFG_E_BINARY, 2, 5);
}

static void
test_line_one_byte_too_long_names_the_column(void **state)
{
	static char buf[CAMCFG_LINE_MAX + 64];
	size_t n = 0;

	(void)state;
	n += (size_t)snprintf(buf, sizeof(buf), "a/K=v\na/L=v\n");
	memcpy(buf + n, "a/LONG=", 7);
	memset(buf + n + 7, 'x', CAMCFG_LINE_MAX + 1 - 7);
	n += CAMCFG_LINE_MAX + 1;
	buf[n++] = '\n';
	assert_int_equal(parse_mem(buf, n), CAMCFG_E_LINE_TOO_LONG);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.col, CAMCFG_LINE_MAX + 1);
}

static void
test_empty_key_is_a_bad_name(void **state)
{
	(void)state;
	assert_parse_error("SECTION a\n=v\nENDSECTION a\n", CAMCFG_E_BAD_NAME, 2, 1);
}

static void
test_key_with_a_blank_is_a_bad_name(void **state)
{
	(void)state;
	assert_parse_error("SECTION a\nMY KEY=v\nENDSECTION a\n",
	    CAMCFG_E_BAD_NAME, 2, 3);
}

static void
test_key_over_name_max_is_a_bad_name(void **state)
{
	char buf[CAMCFG_NAME_MAX + 32];

	(void)state;
	memcpy(buf, "a/", 2);
	memset(buf + 2, 'K', CAMCFG_NAME_MAX + 1);
	snprintf(buf + 3 + CAMCFG_NAME_MAX, 8, "=v\n");
	assert_parse_error(buf, CAMCFG_E_BAD_NAME, 1, 3 + CAMCFG_NAME_MAX);
}

static void
test_section_name_with_odd_byte_is_a_bad_name(void **state)
{
	(void)state;
	assert_parse_error("a/K=v\nSECTION web*server\nK=v\nENDSECTION web*server\n",
	    CAMCFG_E_BAD_NAME, 2, 12);
}

static void
test_section_without_a_name_is_a_bad_name(void **state)
{
	(void)state;
	assert_parse_error("a/K=v\nSECTION  \n", CAMCFG_E_BAD_NAME, 2, 8);
}

static void
test_endsection_without_a_name_is_a_bad_name(void **state)
{
	(void)state;
	assert_parse_error("SECTION a\nK=v\nENDSECTION\n", CAMCFG_E_BAD_NAME, 3, 11);
}

static void
test_flat_line_with_empty_section_is_a_bad_name(void **state)
{
	(void)state;
	assert_parse_error("a/K=v\n/KEY=v\n", CAMCFG_E_BAD_NAME, 2, 1);
}

static void
test_flat_line_with_two_slashes_is_a_bad_name(void **state)
{
	(void)state;
	assert_parse_error("a/K=v\nweb/server/AUTH=basic\n", CAMCFG_E_BAD_NAME, 2, 11);
}

static void
test_utf8_in_a_name_is_a_bad_name(void **state)
{
	(void)state;
	assert_parse_error("SECTION a\nGR\xc3\x96SSE=1\nENDSECTION a\n",
	    CAMCFG_E_BAD_NAME, 2, 3);
}

static void
test_error_after_good_lines_leaves_the_model_empty(void **state)
{
	(void)state;
	assert_parse_error("#:MX-M16B\na/K=v\nSECTION b\n", CAMCFG_E_UNTERMINATED,
	    3, 1);
	assert_no_cfg_value("a", "K");
}

/* ---- limits and hostile inputs ---- */

static void
test_one_entry_over_the_limit_is_too_many(void **state)
{
	size_t cap = (CAMCFG_ENTRIES_MAX + 1) * 16, n = 0, i;
	char *buf = malloc(cap);

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < CAMCFG_ENTRIES_MAX; i++)
		n += (size_t)snprintf(buf + n, cap - n, "s/K%zu=v\n", i);
	assert_int_equal(parse_mem(buf, n), CAMCFG_OK);
	assert_int_equal(cfg.n_entries, CAMCFG_ENTRIES_MAX);
	n += (size_t)snprintf(buf + n, cap - n, "  s/ONE_MORE=v\n");
	assert_int_equal(parse_mem(buf, n), CAMCFG_E_TOO_MANY);
	assert_int_equal(err.line, CAMCFG_ENTRIES_MAX + 1);
	assert_int_equal(err.col, 3);
	free(buf);
}

static void
test_buffer_one_byte_over_the_limit_is_too_big(void **state)
{
	char *buf = malloc(CAMCFG_FILE_MAX + 1);

	(void)state;
	assert_non_null(buf);
	memset(buf, '\n', CAMCFG_FILE_MAX + 1);
	memcpy(buf, "a/K=v\n", 6);
	assert_int_equal(parse_mem(buf, CAMCFG_FILE_MAX), CAMCFG_OK);
	assert_int_equal(parse_mem(buf, CAMCFG_FILE_MAX + 1), CAMCFG_E_TOO_BIG);
	assert_int_equal(err.line, 0);
	assert_int_equal(err.col, 0);
	free(buf);
}

static void
test_ten_megabyte_buffer_is_too_big(void **state)
{
	size_t len = 10 * 1024 * 1024;
	char *buf = malloc(len);

	(void)state;
	assert_non_null(buf);
	memset(buf, 'A', len);
	assert_int_equal(parse_mem(buf, len), CAMCFG_E_TOO_BIG);
	free(buf);
}

static void
test_one_megabyte_single_line_is_too_long(void **state)
{
	char *buf = malloc(CAMCFG_FILE_MAX);

	(void)state;
	assert_non_null(buf);
	memset(buf, 'A', CAMCFG_FILE_MAX);
	memcpy(buf, "a/K=", 4);
	assert_int_equal(parse_mem(buf, CAMCFG_FILE_MAX),
	    CAMCFG_E_LINE_TOO_LONG);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, CAMCFG_LINE_MAX + 1);
	free(buf);
}

static void
test_random_bytes_end_in_a_clean_error(void **state)
{
	char *buf = malloc(CAMCFG_FILE_MAX);
	uint32_t seed = 0x5eed1234;
	size_t i;
	int round, rc;

	(void)state;
	assert_non_null(buf);
	for (round = 0; round < 16; round++) {
		size_t len = next_rand(&seed) % CAMCFG_FILE_MAX;

		for (i = 0; i < len; i++)
			buf[i] = (char)(next_rand(&seed) >> 24);
		rc = parse_mem(buf, len);
		assert_true(rc < CAMCFG_OK && rc >= CAMCFG_E_NOT_CONFIG);
		assert_int_equal(cfg.n_entries, 0);
	}
	/* One control byte among UTF-8-ish bytes is named where it stands. */
	seed = 42;
	for (i = 0; i < 4096; i++)
		buf[i] = (char)(0x80 | next_rand(&seed));
	buf[1000] = 0x01;
	assert_int_equal(parse_mem(buf, 4096), CAMCFG_E_BINARY);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 1001);
	free(buf);
}

static void
test_hundred_thousand_flat_sections_are_too_many(void **state)
{
	size_t n = 0, i;
	char *buf = malloc(CAMCFG_FILE_MAX);

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < 100000; i++)
		n += (size_t)snprintf(buf + n, CAMCFG_FILE_MAX - n,
		    "s%zu/K=\n", i);
	assert_true(n < CAMCFG_FILE_MAX);
	assert_int_equal(parse_mem(buf, n), CAMCFG_E_TOO_MANY);
	assert_int_equal(err.line, CAMCFG_ENTRIES_MAX + 1);
	free(buf);
}

static void
test_hundred_thousand_blocks_end_in_a_clean_error(void **state)
{
	size_t cap = 100000 * 40, n = 0, i;
	char *buf = malloc(cap);

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < 100000; i++)
		n += (size_t)snprintf(buf + n, cap - n,
		    "SECTION s%zu\nK=v\nENDSECTION s%zu\n", i, i);
	assert_int_equal(parse_mem(buf, n), CAMCFG_E_TOO_BIG);
	/* The first megabyte: entry 4097 is the key of block 4097. */
	assert_int_equal(parse_mem(buf, CAMCFG_FILE_MAX), CAMCFG_E_TOO_MANY);
	assert_int_equal(err.line, CAMCFG_ENTRIES_MAX * 3 + 2);
	assert_int_equal(err.col, 1);
	free(buf);
}

static void
test_megabyte_of_empty_blocks_is_not_a_config(void **state)
{
	size_t n = 0;
	char *buf = malloc(CAMCFG_FILE_MAX);
	uint32_t i;

	(void)state;
	assert_non_null(buf);
	for (i = 0; n + 40 < CAMCFG_FILE_MAX; i++)
		n += (size_t)snprintf(buf + n, CAMCFG_FILE_MAX - n,
		    "SECTION %x\nENDSECTION %x\n", i, i);
	assert_int_equal(parse_mem(buf, n), CAMCFG_E_NOT_CONFIG);
	assert_int_equal(err.line, 0);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_fixture_reads_factory_values),
		cmocka_unit_test(test_hardened_fixture_reads_hardened_values),
		cmocka_unit_test(test_fixture_entries_carry_their_line_numbers),
		cmocka_unit_test(test_flat_lines_are_read_outside_and_inside_blocks),
		cmocka_unit_test(test_a_key_given_twice_keeps_the_last_value),
		cmocka_unit_test(test_crlf_lines_and_missing_final_newline_are_read),
		cmocka_unit_test(test_blanks_around_section_lines_are_tolerated),
		cmocka_unit_test(test_keys_named_like_keywords_are_keys),
		cmocka_unit_test(test_utf8_values_and_odd_names_within_the_set_are_read),
		cmocka_unit_test(test_comment_lines_give_model_and_version),
		cmocka_unit_test(test_timestamp_version_wins_over_the_comment),
		cmocka_unit_test(test_longest_line_and_name_are_accepted),
		cmocka_unit_test(test_get_str_copies_and_refuses_to_truncate),
		cmocka_unit_test(test_profile_field_matches_whole_field_names),
		cmocka_unit_test(test_list_items_are_trimmed_and_empty_ones_skipped),
		cmocka_unit_test(test_every_error_code_has_a_message),
		cmocka_unit_test(test_unterminated_section_names_its_line),
		cmocka_unit_test(test_endsection_with_another_name_is_a_mismatch),
		cmocka_unit_test(test_section_inside_section_is_nested),
		cmocka_unit_test(test_endsection_without_section_is_stray),
		cmocka_unit_test(test_line_without_equals_is_a_syntax_error),
		cmocka_unit_test(test_key_outside_a_block_is_a_syntax_error),
		cmocka_unit_test(test_html_page_is_not_a_config),
		cmocka_unit_test(test_empty_buffer_is_not_a_config),
		cmocka_unit_test(test_comments_and_empty_blocks_are_not_a_config),
		cmocka_unit_test(test_nul_byte_is_binary),
		cmocka_unit_test(test_lone_carriage_return_is_binary),
		cmocka_unit_test(test_carriage_return_at_end_of_buffer_is_binary),
		cmocka_unit_test(test_escape_and_delete_bytes_are_binary),
		cmocka_unit_test(test_line_one_byte_too_long_names_the_column),
		cmocka_unit_test(test_empty_key_is_a_bad_name),
		cmocka_unit_test(test_key_with_a_blank_is_a_bad_name),
		cmocka_unit_test(test_key_over_name_max_is_a_bad_name),
		cmocka_unit_test(test_section_name_with_odd_byte_is_a_bad_name),
		cmocka_unit_test(test_section_without_a_name_is_a_bad_name),
		cmocka_unit_test(test_endsection_without_a_name_is_a_bad_name),
		cmocka_unit_test(test_flat_line_with_empty_section_is_a_bad_name),
		cmocka_unit_test(test_flat_line_with_two_slashes_is_a_bad_name),
		cmocka_unit_test(test_utf8_in_a_name_is_a_bad_name),
		cmocka_unit_test(test_error_after_good_lines_leaves_the_model_empty),
		cmocka_unit_test(test_one_entry_over_the_limit_is_too_many),
		cmocka_unit_test(test_buffer_one_byte_over_the_limit_is_too_big),
		cmocka_unit_test(test_ten_megabyte_buffer_is_too_big),
		cmocka_unit_test(test_one_megabyte_single_line_is_too_long),
		cmocka_unit_test(test_random_bytes_end_in_a_clean_error),
		cmocka_unit_test(test_hundred_thousand_flat_sections_are_too_many),
		cmocka_unit_test(test_hundred_thousand_blocks_end_in_a_clean_error),
		cmocka_unit_test(test_megabyte_of_empty_blocks_is_not_a_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
