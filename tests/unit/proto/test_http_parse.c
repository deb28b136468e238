/*
 * test_http_parse.c - the status endpoint's request-head parser: a table
 * of valid, incomplete and hostile heads with the answer each must get,
 * the same answers when the bytes arrive one at a time, the limits at
 * their edges, the fields the server acts on, and bearer tokens.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/cg_limits.h"
#include "proto/http_parse.h"

struct hp_case {
	const char	*name;
	const char	*in;
	size_t		 len;
	int		 rc;
};

#define T(name, lit, rc)	{ name, lit, sizeof(lit) - 1, rc }
#define H11			"GET / HTTP/1.1\r\nHost: cam\r\n"

static const struct hp_case cases[] = {
	/* well-formed heads */
	T("a minimal HTTP/1.1 GET", H11 "\r\n", HTTP_DONE),
	T("HEAD is accepted", "HEAD /livez HTTP/1.1\r\nHost: a\r\n\r\n",
	    HTTP_DONE),
	T("LF alone ends lines", "GET / HTTP/1.1\nHost: a\n\n", HTTP_DONE),
	T("HTTP/1.0 needs no Host", "GET / HTTP/1.0\r\n\r\n", HTTP_DONE),
	T("a later 1.x minor is read as 1.x", "GET / HTTP/1.9\r\nHost: a\r\n"
	    "\r\n", HTTP_DONE),
	T("empty lines before the request line are skipped",
	    "\r\n\r\n" H11 "\r\n", HTTP_DONE),
	T("Content-Length 0 is no body", H11 "Content-Length: 000\r\n\r\n",
	    HTTP_DONE),
	T("obs-text in a value is kept", H11 "X-Name: caf\xc3\xa9\r\n\r\n",
	    HTTP_DONE),
	T("HTAB inside a value is allowed", H11 "X-A: a\tb\r\n\r\n",
	    HTTP_DONE),
	T("an empty Host value is allowed", "GET / HTTP/1.1\r\nHost:\r\n\r\n",
	    HTTP_DONE),
	T("field names ignore case", "GET / HTTP/1.1\r\nhOsT: a\r\n\r\n",
	    HTTP_DONE),
	/* not yet complete */
	T("nothing yet", "", HTTP_MORE),
	T("half a method", "GE", HTTP_MORE),
	T("a request line without its LF", "GET / HTTP/1.1", HTTP_MORE),
	T("a CR waiting for its LF", "GET / HTTP/1.1\r", HTTP_MORE),
	T("no empty line yet", H11, HTTP_MORE),
	T("the final CR without LF", H11 "\r", HTTP_MORE),
	T("only empty lines", "\r\n\r\n", HTTP_MORE),
	/* request line */
	T("POST is refused with 405 at once", "POST / HTTP/1.1\r\n",
	    HTTP_E_METHOD),
	T("methods are case-sensitive", "get / HTTP/1.1\r\nHost: a\r\n\r\n",
	    HTTP_E_METHOD),
	T("OPTIONS * is a 405", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
	    HTTP_E_METHOD),
	T("two spaces after the method", "GET  / HTTP/1.1\r\n",
	    HTTP_E_SYNTAX),
	T("a space after the version", "GET / HTTP/1.1 \r\n", HTTP_E_SYNTAX),
	T("HTTP/0.9 has no version", "GET /\r\n", HTTP_E_SYNTAX),
	T("a lower-case version", "GET / http/1.1\r\n", HTTP_E_SYNTAX),
	T("a two-digit minor", "GET / HTTP/1.10\r\n", HTTP_E_SYNTAX),
	T("a version without minor", "GET / HTTP/2\r\n", HTTP_E_SYNTAX),
	T("an empty method", " / HTTP/1.1\r\n", HTTP_E_SYNTAX),
	T("a method with a separator", "GE(T / HTTP/1.1\r\n", HTTP_E_SYNTAX),
	T("non-ASCII in the target", "GET /\xff HTTP/1.1\r\n", HTTP_E_SYNTAX),
	T("HTTP/2.0 is 505", "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
	    HTTP_E_VERSION),
	T("HTTP/0.9 spelt out is 505", "GET / HTTP/0.9\r\n\r\n",
	    HTTP_E_VERSION),
	T("the h2 preface is 505", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
	    HTTP_E_VERSION),
	T("asterisk-form for GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n",
	    HTTP_E_TARGET),
	T("absolute-form is not served", "GET http://a/ HTTP/1.1\r\n",
	    HTTP_E_TARGET),
	/* control bytes and line ends */
	T("NUL in the request line", "GET /\0 HTTP/1.1\r\n", HTTP_E_CTL),
	T("NUL in a value", H11 "X: a\0b\r\n\r\n", HTTP_E_CTL),
	T("NUL in a name", H11 "X\0: a\r\n\r\n", HTTP_E_CTL),
	T("bare CR in the request line", "GET /\r HTTP/1.1\r\n", HTTP_E_CTL),
	T("bare CR ends a field", H11 "X: a\rY: b\r\n\r\n", HTTP_E_CTL),
	T("CR CR LF", "GET / HTTP/1.1\r\r\n", HTTP_E_CTL),
	T("bare CR seen before the LF arrives", "GET / HTTP/1.1\rX",
	    HTTP_E_CTL),
	T("HTAB in the request line", "GET\t/ HTTP/1.1\r\n", HTTP_E_CTL),
	T("DEL in a value", H11 "X: a\x7f\r\n\r\n", HTTP_E_CTL),
	T("ESC in a value", H11 "X: \x1b[2J\r\n\r\n", HTTP_E_CTL),
	/* field lines */
	T("obs-fold", H11 "X: a\r\n b\r\n\r\n", HTTP_E_FOLD),
	T("whitespace before the first field",
	    "GET / HTTP/1.1\r\n Host: a\r\n\r\n", HTTP_E_FOLD),
	T("space before the colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
	    HTTP_E_SYNTAX),
	T("no field name", H11 ": a\r\n\r\n", HTTP_E_SYNTAX),
	T("no colon", H11 "Host a\r\n\r\n", HTTP_E_SYNTAX),
	T("a space inside a name", H11 "X Y: a\r\n\r\n", HTTP_E_SYNTAX),
	T("8-bit in a name", H11 "X\xc3\xa9: a\r\n\r\n", HTTP_E_SYNTAX),
	T("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", HTTP_E_HOST),
	T("two Host fields", H11 "Host: b\r\n\r\n", HTTP_E_HOST),
	T("two Authorization fields", H11 "Authorization: Bearer a\r\n"
	    "Authorization: Bearer b\r\n\r\n", HTTP_E_DUP),
	T("a body by length", H11 "Content-Length: 5\r\n\r\nhello",
	    HTTP_E_BODY),
	T("a chunked body", H11 "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
	    HTTP_E_BODY),
	T("a length that is no number", H11 "Content-Length: 1e3\r\n\r\n",
	    HTTP_E_SYNTAX),
	T("an empty length", H11 "Content-Length:\r\n\r\n", HTTP_E_SYNTAX),
	T("a signed length", H11 "Content-Length: -0\r\n\r\n", HTTP_E_SYNTAX),
};

static void
test_each_case_gets_its_answer(void **state)
{
	struct http_req req;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = http_parse(cases[i].in, cases[i].len, &req);
		if (rc != cases[i].rc)
			fail_msg("%s: got %d (%s), want %d", cases[i].name, rc,
			    http_parse_strerror(rc), cases[i].rc);
		if (rc == HTTP_DONE && req.head_len > cases[i].len)
			fail_msg("%s: head_len past the input", cases[i].name);
	}
}

/* Every prefix is incomplete or already the final answer. */
static void
test_byte_by_byte_gives_the_same_answer(void **state)
{
	struct http_req req;
	size_t i, k;
	int rc, want;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		want = cases[i].rc;
		for (k = 0; k < cases[i].len; k++) {
			rc = http_parse(cases[i].in, k, &req);
			if (rc == HTTP_DONE && want == HTTP_DONE &&
			    req.head_len <= k)
				break;
			if (rc != HTTP_MORE && rc != want)
				fail_msg("%s: prefix %zu got %d, want %d",
				    cases[i].name, k, rc, want);
		}
	}
}

static void
test_errors_map_to_status_codes(void **state)
{
	(void)state;
	assert_int_equal(http_parse_status(HTTP_E_SYNTAX), 400);
	assert_int_equal(http_parse_status(HTTP_E_CTL), 400);
	assert_int_equal(http_parse_status(HTTP_E_FOLD), 400);
	assert_int_equal(http_parse_status(HTTP_E_LINE), 400);
	assert_int_equal(http_parse_status(HTTP_E_HOST), 400);
	assert_int_equal(http_parse_status(HTTP_E_DUP), 400);
	assert_int_equal(http_parse_status(HTTP_E_BODY), 400);
	assert_int_equal(http_parse_status(HTTP_E_TARGET), 400);
	assert_int_equal(http_parse_status(HTTP_E_METHOD), 405);
	assert_int_equal(http_parse_status(HTTP_E_TOO_LARGE), 431);
	assert_int_equal(http_parse_status(HTTP_E_VERSION), 505);
	assert_int_equal(http_parse_status(HTTP_DONE), 0);
	assert_int_equal(http_parse_status(HTTP_MORE), 0);
	assert_string_equal(http_parse_strerror(-99), "unknown error");
}

static void
assert_span(const char *buf, struct http_span s, const char *want)
{
	assert_int_equal(s.len, strlen(want));
	assert_memory_equal(buf + s.off, want, s.len);
}

static void
test_fields_the_server_uses_are_kept(void **state)
{
	static const char in[] = "\r\nHEAD /status?x=1&y HTTP/1.1\r\n"
	    "Host:  cam.local:8091 \t\r\nAuthorization: Bearer t0k\r\n"
	    "X-Other: 1\r\n\r\nGET /next";
	struct http_req req;

	(void)state;
	assert_int_equal(http_parse(in, sizeof(in) - 1, &req), HTTP_DONE);
	assert_int_equal(req.method, HTTP_M_HEAD);
	assert_int_equal(req.minor, 1);
	assert_span(in, req.target, "/status?x=1&y");
	assert_span(in, req.path, "/status");
	assert_true(req.has_host);
	assert_span(in, req.host, "cam.local:8091");
	assert_true(req.has_auth);
	assert_span(in, req.auth, "Bearer t0k");
	assert_true(req.keep_alive);
	assert_int_equal(req.head_len, strstr(in, "GET /next") - in);
}

struct ka_case {
	const char	*in;
	bool		 keep;
};

static void
test_keep_alive_follows_version_and_header(void **state)
{
	static const struct ka_case ka[] = {
		{ "GET / HTTP/1.1\r\nHost: a\r\n\r\n", true },
		{ "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
		    false },
		{ "GET / HTTP/1.1\r\nHost: a\r\nConnection: x, CLOSE\r\n\r\n",
		    false },
		{ "GET / HTTP/1.1\r\nHost: a\r\nConnection: closed\r\n\r\n",
		    true },
		{ "GET / HTTP/1.0\r\n\r\n", false },
		{ "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true },
		{ "GET / HTTP/1.0\r\nConnection: keep-alive\r\n"
		    "Connection: close\r\n\r\n", false },
		{ "GET / HTTP/1.0\r\nConnection: ,,keep-alive ,\r\n\r\n",
		    true },
	};
	struct http_req req;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ka) / sizeof(ka[0]); i++) {
		assert_int_equal(http_parse(ka[i].in, strlen(ka[i].in), &req),
		    HTTP_DONE);
		if (req.keep_alive != ka[i].keep)
			fail_msg("case %zu: keep_alive %d", i, req.keep_alive);
	}
}

/* "GET /aaa... HTTP/1.1\r\n" with a request line of line_len bytes. */
static size_t
long_line(char *buf, size_t line_len)
{
	size_t n = line_len - strlen("GET  HTTP/1.1");

	memcpy(buf, "GET /", 5);
	memset(buf + 5, 'a', n - 1);
	memcpy(buf + 4 + n, " HTTP/1.1\r\nHost: a\r\n\r\n", 22);
	return 4 + n + 22;
}

static void
test_request_line_limit_is_exact(void **state)
{
	char buf[HTTP_REQ_LINE_MAX + 64];
	struct http_req req;
	size_t n;

	(void)state;
	n = long_line(buf, HTTP_REQ_LINE_MAX);
	assert_int_equal(http_parse(buf, n, &req), HTTP_DONE);
	n = long_line(buf, HTTP_REQ_LINE_MAX + 1);
	assert_int_equal(http_parse(buf, n, &req), HTTP_E_LINE);
	/* no LF yet, but already too long */
	assert_int_equal(http_parse(buf, HTTP_REQ_LINE_MAX + 1, &req),
	    HTTP_E_LINE);
	assert_int_equal(http_parse(buf, HTTP_REQ_LINE_MAX, &req),
	    HTTP_MORE);
}

/* A head of exactly total bytes, padded with one X-Pad field. */
static size_t
padded_head(char *buf, size_t total)
{
	static const char pre[] = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: ";
	size_t pad = total - (sizeof(pre) - 1) - 4;

	memcpy(buf, pre, sizeof(pre) - 1);
	memset(buf + sizeof(pre) - 1, 'p', pad);
	memcpy(buf + sizeof(pre) - 1 + pad, "\r\n\r\n", 4);
	return total;
}

static void
test_head_limit_is_exact(void **state)
{
	static char buf[2 * HTTP_REQ_MAX];
	struct http_req req;
	size_t n;

	(void)state;
	n = padded_head(buf, HTTP_REQ_MAX);
	assert_int_equal(http_parse(buf, n, &req), HTTP_DONE);
	assert_int_equal(req.head_len, HTTP_REQ_MAX);
	/* a following request does not count */
	memcpy(buf + n, "GET /", 5);
	assert_int_equal(http_parse(buf, n + 5, &req), HTTP_DONE);
	n = padded_head(buf, HTTP_REQ_MAX + 1);
	assert_int_equal(http_parse(buf, n, &req), HTTP_E_TOO_LARGE);
	/* a full buffer without an end is refused, not waited on */
	assert_int_equal(http_parse(buf, HTTP_REQ_MAX, &req),
	    HTTP_E_TOO_LARGE);
	assert_int_equal(http_parse(buf, HTTP_REQ_MAX - 1, &req), HTTP_MORE);
}

static void
test_field_count_limit_is_exact(void **state)
{
	static char buf[HTTP_REQ_MAX];
	struct http_req req;
	size_t n = 0;
	int i;

	(void)state;
	n += (size_t)snprintf(buf, sizeof(buf), "GET / HTTP/1.1\r\n");
	for (i = 0; i < HTTP_REQ_FIELDS_MAX; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
		    i ? "X%d: v\r\n" : "Host: a\r\n", i);
	memcpy(buf + n, "\r\n", 2);
	assert_int_equal(http_parse(buf, n + 2, &req), HTTP_DONE);
	memcpy(buf + n, "Y: v\r\n\r\n", 8);
	assert_int_equal(http_parse(buf, n + 8, &req), HTTP_E_TOO_LARGE);
}

static void
test_a_flood_of_empty_lines_is_too_large(void **state)
{
	static char buf[HTTP_REQ_MAX + 2];
	struct http_req req;
	size_t i;

	(void)state;
	for (i = 0; i + 1 < sizeof(buf); i += 2)
		memcpy(buf + i, "\r\n", 2);
	assert_int_equal(http_parse(buf, sizeof(buf), &req),
	    HTTP_E_TOO_LARGE);
}

struct bearer_case {
	const char	*auth;
	const char	*token;		/* NULL: not a bearer token */
};

static void
test_bearer_tokens(void **state)
{
	static const struct bearer_case bc[] = {
		{ "Bearer abc", "abc" },
		{ "bearer abc", "abc" },
		{ "BEARER  a-b.c_d~e+f/g==", "a-b.c_d~e+f/g==" },
		{ "Bearer", NULL },
		{ "Bearer ", NULL },
		{ "Bearerabc", NULL },
		{ "Basic YWRtaW46bWVpbnNt", NULL },
		{ "Bearer abc def", NULL },
		{ "Bearer =abc", NULL },
		{ "Bearer ab=c", NULL },
		{ "Bearer a\"b", NULL },
	};
	char buf[256];
	struct http_req req;
	struct http_span tok;
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < sizeof(bc) / sizeof(bc[0]); i++) {
		n = snprintf(buf, sizeof(buf), "GET / HTTP/1.1\r\nHost: a\r\n"
		    "Authorization: %s\r\n\r\n", bc[i].auth);
		assert_int_equal(http_parse(buf, (size_t)n, &req), HTTP_DONE);
		if (http_bearer(buf, &req, &tok) != (bc[i].token != NULL))
			fail_msg("%s: wrong verdict", bc[i].auth);
		if (bc[i].token)
			assert_span(buf, tok, bc[i].token);
	}
	n = snprintf(buf, sizeof(buf), "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
	assert_int_equal(http_parse(buf, (size_t)n, &req), HTTP_DONE);
	assert_false(http_bearer(buf, &req, &tok));
}

/* Pipelined requests are parsed one head at a time. */
static void
test_pipelined_heads_parse_one_after_another(void **state)
{
	static const char in[] = "GET /livez HTTP/1.1\r\nHost: a\r\n\r\n"
	    "HEAD /readyz HTTP/1.1\r\nHost: a\r\n\r\n"
	    "GET /status HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
	static const char *const paths[] = { "/livez", "/readyz", "/status" };
	struct http_req req;
	size_t off = 0, i;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_int_equal(http_parse(in + off, sizeof(in) - 1 - off,
		    &req), HTTP_DONE);
		assert_span(in + off, req.path, paths[i]);
		off += req.head_len;
	}
	assert_int_equal(off, sizeof(in) - 1);
	assert_false(req.keep_alive);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_case_gets_its_answer),
		cmocka_unit_test(test_byte_by_byte_gives_the_same_answer),
		cmocka_unit_test(test_errors_map_to_status_codes),
		cmocka_unit_test(test_fields_the_server_uses_are_kept),
		cmocka_unit_test(test_keep_alive_follows_version_and_header),
		cmocka_unit_test(test_request_line_limit_is_exact),
		cmocka_unit_test(test_head_limit_is_exact),
		cmocka_unit_test(test_field_count_limit_is_exact),
		cmocka_unit_test(test_a_flood_of_empty_lines_is_too_large),
		cmocka_unit_test(test_bearer_tokens),
		cmocka_unit_test(test_pipelined_heads_parse_one_after_another),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
