/*
 * test_camlist.c - the cameras file of `camguard audit` (camlist_parse.c)
 * and the order and exit status of an audit (audit.c): comments, blank
 * lines, quoting and blanks; every refusal with its line; the index's
 * order (unreadable first, lowest score first, ids last); exit 2 wins
 * over 1.  Also replays tests/corpus/camlist/ (run from the repo root).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"

#define CORPUS	"tests/corpus/camlist"

static struct audit_list list;

static int
parse(const char *text, unsigned *line)
{
	return camlist_parse(text, strlen(text), &list, line);
}

static void
test_rows_comments_quotes_and_blanks(void **state)
{
	unsigned line;

	(void)state;
	assert_int_equal(parse(
	    "# site: Lyon\n"
	    "\n"
	    "id,url,user,password_file,ca_file\r\n"
	    "  # a comment after blanks\n"
	    "cam-01, https://10.0.0.1:8443 ,camadmin,pw/cam-01,ca.crt\n"
	    "cam_02,http://[fe80::1]/prefix,\"ad,min\",\"pw \"\"2\"\"\",\n"
	    "cam.03,http://cam03.local,,,\n", &line), CAMLIST_OK);
	assert_int_equal(list.n, 3);
	assert_string_equal(list.cams[0].id, "cam-01");
	assert_string_equal(list.cams[0].url, "https://10.0.0.1:8443");
	assert_string_equal(list.cams[0].password_file, "pw/cam-01");
	assert_string_equal(list.cams[0].ca_file, "ca.crt");
	assert_int_equal(list.cams[0].line, 5);
	assert_string_equal(list.cams[1].user, "ad,min");
	assert_string_equal(list.cams[1].password_file, "pw \"2\"");
	assert_string_equal(list.cams[1].ca_file, "");
	assert_string_equal(list.cams[2].user, "");
	assert_int_equal(list.cams[2].line, 7);
}

static void
test_every_refusal_names_its_line(void **state)
{
	static const struct { const char *text; int err; unsigned line; }
	    cases[] = {
		{ "cam,http://a,,,\n", CAMLIST_E_HEADER, 1 },
		{ "id,url,user,password_file\n", CAMLIST_E_FIELDS, 1 },
		{ "id,url,user,password_file,ca_file\nc,http://a,,\n",
		  CAMLIST_E_FIELDS, 2 },
		{ "id,url,user,password_file,ca_file\nc,http://a,,,,\n",
		  CAMLIST_E_FIELDS, 2 },
		{ "id,url,user,password_file,ca_file\n.hidden,http://a,,,\n",
		  CAMLIST_E_ID, 2 },
		{ "id,url,user,password_file,ca_file\na/b,http://a,,,\n",
		  CAMLIST_E_ID, 2 },
		{ "id,url,user,password_file,ca_file\n,http://a,,,\n",
		  CAMLIST_E_ID, 2 },
		{ "id,url,user,password_file,ca_file\nc,ftp://a,,,\n",
		  CAMLIST_E_URL, 2 },
		{ "id,url,user,password_file,ca_file\nc,http://u:p@a/,,,\n",
		  CAMLIST_E_URL, 2 },
		{ "id,url,user,password_file,ca_file\nc,http://,,,\n",
		  CAMLIST_E_URL, 2 },
		{ "id,url,user,password_file,ca_file\nc,http://a,,,\n"
		  "# x\nc,http://b,,,\n", CAMLIST_E_DUPLICATE, 4 },
		{ "id,url,user,password_file,ca_file\nc,\"http://a,,,\n",
		  CAMLIST_E_QUOTE, 2 },
		{ "id,url,user,password_file,ca_file\nc,\"http://a\"x,,,\n",
		  CAMLIST_E_QUOTE, 2 },
		{ "id,url,user,password_file,ca_file\nc,http://a\"b,,,\n",
		  CAMLIST_E_QUOTE, 2 },
		{ "# nothing\nid,url,user,password_file,ca_file\n",
		  CAMLIST_E_EMPTY, 0 },
		{ "", CAMLIST_E_EMPTY, 0 },
	};
	unsigned line;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (parse(cases[i].text, &line) != cases[i].err ||
		    line != cases[i].line)
			fail_msg("case %zu: %d at %u, want %d at %u", i,
			    parse(cases[i].text, &line), line, cases[i].err,
			    cases[i].line);
		assert_true(strlen(camlist_strerror(cases[i].err)) > 3);
	}
}

static void
test_lengths_are_checked(void **state)
{
	static char text[2 * CAMLIST_LINE_MAX + 256];
	unsigned line;
	int n;

	(void)state;
	n = snprintf(text, sizeof(text), "id,url,user,password_file,ca_file\n"
	    "%0*d,http://a,,,\n", AUDIT_ID_MAX, 0);
	assert_true(n > 0);
	assert_int_equal(parse(text, &line), CAMLIST_E_LONG);
	assert_int_equal(line, 2);
	snprintf(text, sizeof(text), "id,url,user,password_file,ca_file\n"
	    "%0*d,http://a,,,\n", AUDIT_ID_MAX - 1, 0);
	assert_int_equal(parse(text, &line), CAMLIST_OK);
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(parse(text, &line), CAMLIST_E_LONG);
	assert_int_equal(camlist_parse("id\0", 3, &list, &line),
	    CAMLIST_E_NUL);
}

static void
test_more_cameras_than_fit_are_refused(void **state)
{
	size_t cap = 64 + (AUDIT_CAMERAS_MAX + 1) * 24, n, i;
	char *text = malloc(cap);
	unsigned line;

	(void)state;
	assert_non_null(text);
	n = (size_t)snprintf(text, cap, "id,url,user,password_file,ca_file\n");
	for (i = 0; i <= AUDIT_CAMERAS_MAX; i++)
		n += (size_t)snprintf(text + n, cap - n, "c%zu,http://a,,,\n",
		    i);
	assert_int_equal(camlist_parse(text, n, &list, &line), CAMLIST_E_MANY);
	assert_int_equal(line, AUDIT_CAMERAS_MAX + 2);
	free(text);
}

/* ---- the index's order and the exit status ------------------------------ */

static void
test_order_puts_unreadable_then_lowest_score_first(void **state)
{
	static struct audit_result res[5];
	size_t order[5];
	unsigned line;

	(void)state;
	assert_int_equal(parse("id,url,user,password_file,ca_file\n"
	    "a,http://a,,,\nb,http://b,,,\nc,http://c,,,\nd,http://d,,,\n"
	    "e,http://e,,,\n", &line), CAMLIST_OK);
	memset(res, 0, sizeof(res));
	res[0] = (struct audit_result){ .read = true, .score_valid = true,
	    .score = 0.9 };
	res[1] = (struct audit_result){ .read = false };
	res[2] = (struct audit_result){ .read = true, .score_valid = true,
	    .score = 0.2 };
	res[3] = (struct audit_result){ .read = true };	/* no score */
	res[4] = (struct audit_result){ .read = true, .score_valid = true,
	    .score = 0.2 };
	audit_sort(&list, res, order);
	assert_int_equal(order[0], 1);
	assert_int_equal(order[1], 3);
	assert_int_equal(order[2], 2);	/* 0.2, id c before e */
	assert_int_equal(order[3], 4);
	assert_int_equal(order[4], 0);
	assert_int_equal(audit_exit_code(&list, res), 2);
	res[1].read = true;
	assert_int_equal(audit_exit_code(&list, res), 0);
	res[4].counts.n[CHK_FAIL] = 1;
	assert_int_equal(audit_exit_code(&list, res), 1);
	res[3].read = false;
	assert_int_equal(audit_exit_code(&list, res), 2);
}

/* Every corpus file parses or is refused, never more than fits. */
static void
test_corpus(void **state)
{
	static char buf[CAMLIST_FILE_MAX + 1];
	char path[512];
	struct dirent *de;
	DIR *d = opendir(CORPUS);
	unsigned line, n = 0;
	size_t len;
	FILE *f;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), CORPUS "/%s", de->d_name);
		f = fopen(path, "rb");
		assert_non_null(f);
		len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		if (camlist_parse(buf, len, &list, &line) == CAMLIST_OK)
			assert_true(list.n > 0 && list.n <= AUDIT_CAMERAS_MAX);
		n++;
	}
	closedir(d);
	assert_true(n >= 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_comments_quotes_and_blanks),
		cmocka_unit_test(test_every_refusal_names_its_line),
		cmocka_unit_test(test_lengths_are_checked),
		cmocka_unit_test(test_more_cameras_than_fit_are_refused),
		cmocka_unit_test(
		    test_order_puts_unreadable_then_lowest_score_first),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
