/*
 * test_http_lang.c - Accept-Language: the request parser keeps the first
 * one, and http_lang_pick() chooses among our languages by weight, by
 * primary subtag, with "*", q=0 exclusions and malformed entries skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "proto/http_lang_parse.h"
#include "proto/http_parse.h"

static const char *const codes[] = { "en", "fr" };

static int
pick(const char *v)
{
	return http_lang_pick(v, strlen(v), codes, 2);
}

static void
test_weights_subtags_and_ties(void **state)
{
	(void)state;
	assert_int_equal(pick("fr"), 1);
	assert_int_equal(pick("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5"),
	    1);
	assert_int_equal(pick("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7"), 0);
	assert_int_equal(pick("FR-be"), 1);
	assert_int_equal(pick("en;q=0.5, fr;q=0.500"), 0);	/* tie: ours */
	assert_int_equal(pick("en;q=0.4, fr;q=0.401"), 1);
	assert_int_equal(pick("de"), -1);
	assert_int_equal(pick(""), -1);
	assert_int_equal(pick("*"), 0);
	assert_int_equal(pick("*, en;q=0"), 1);		/* en refused */
	assert_int_equal(pick("fr;q=0, en;q=0"), -1);
	assert_int_equal(pick("french, fr"), 1);	/* "fre..." is not fr */
}

static void
test_malformed_entries_are_skipped(void **state)
{
	(void)state;
	assert_int_equal(pick("fr;q=2, en"), 0);
	assert_int_equal(pick("fr;q=x, en;q=0.1"), 0);
	assert_int_equal(pick("f<r>, en;q=0.1"), 0);
	assert_int_equal(pick(",,, ;;, fr ;  q=0.7 ,"), 1);
	assert_int_equal(pick("fr;q=0.12345"), -1);	/* too many decimals */
	assert_int_equal(pick("fr;level=1"), -1);
	assert_int_equal(http_lang_pick("fr", 1, codes, 2), -1);  /* "f" */
}

static void
test_the_request_parser_keeps_the_first_accept_language(void **state)
{
	static const char req[] = "GET / HTTP/1.1\r\nHost: cam\r\n"
	    "Accept-Language: fr-FR,fr;q=0.9\r\n"
	    "accept-language: en\r\n\r\n";
	struct http_req r;

	(void)state;
	assert_int_equal(http_parse(req, sizeof(req) - 1, &r), HTTP_DONE);
	assert_true(r.has_lang);
	assert_int_equal(r.lang.len, strlen("fr-FR,fr;q=0.9"));
	assert_memory_equal(req + r.lang.off, "fr-FR,fr;q=0.9", r.lang.len);
	assert_int_equal(http_parse("GET / HTTP/1.0\r\n\r\n", 18, &r),
	    HTTP_DONE);
	assert_false(r.has_lang);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weights_subtags_and_ties),
		cmocka_unit_test(test_malformed_entries_are_skipped),
		cmocka_unit_test(
		    test_the_request_parser_keeps_the_first_accept_language),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
