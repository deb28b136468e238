/*
 * test_http_resp.c - the reply parsers of the HTTP/RTSP clients: status
 * lines, header lines, body framing, chunked bodies fed whole and byte by
 * byte, WWW-Authenticate challenges (quoted commas, escapes, several in
 * one header), the choice of the Digest challenge to answer, URLs, and
 * hostile input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "proto/http_resp_parse.h"
#include "proto/http_url.h"

static struct http_resp_head head;

static int
parse(const char *text)
{
	return http_resp_parse_head(text, strlen(text), &head);
}

static void
assert_span(const char *buf, struct http_span s, const char *want)
{
	assert_int_equal(s.len, strlen(want));
	assert_memory_equal(buf + s.off, want, s.len);
}

static void
assert_header(const char *buf, const char *name, size_t nth,
    const char *want)
{
	struct http_span v;

	assert_true(http_resp_header(&head, buf, name, nth, &v));
	assert_span(buf, v, want);
}

/* Status lines. */

static void
test_status_line_http11_with_reason(void **state)
{
	const char *r = "HTTP/1.1 200 OK\r\n\r\nbody";

	(void)state;
	assert_int_equal(parse(r), HTTP_RESP_OK);
	assert_int_equal(head.status, 200);
	assert_false(head.rtsp);
	assert_int_equal(head.minor, 1);
	assert_span(r, head.reason, "OK");
	assert_int_equal(head.head_len, 19);
	assert_int_equal(head.content_length, -1);
}

static void
test_status_line_rtsp_and_http10_are_read(void **state)
{
	(void)state;
	assert_int_equal(parse("RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\n\r\n"),
	    HTTP_RESP_OK);
	assert_true(head.rtsp);
	assert_int_equal(head.status, 401);
	assert_int_equal(parse("HTTP/1.0 404 Not Found\n\n"), HTTP_RESP_OK);
	assert_int_equal(head.minor, 0);
	assert_int_equal(head.status, 404);
}

static void
test_status_line_without_reason_is_accepted(void **state)
{
	(void)state;
	assert_int_equal(parse("HTTP/1.1 204\r\n\r\n"), HTTP_RESP_OK);
	assert_int_equal(head.status, 204);
	assert_int_equal(head.reason.len, 0);
	assert_int_equal(parse("HTTP/1.1 200 \r\n\r\n"), HTTP_RESP_OK);
	assert_int_equal(head.reason.len, 0);
}

static void
test_bad_status_lines_are_refused(void **state)
{
	static const char *const bad[] = {
		"HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n",
		"HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 099 X\r\n\r\n",
		"HTTP/1.1 200OK\r\n\r\n", "ICY 200 OK\r\n\r\n",
		"<html><body>hello</body></html>\r\n\r\n",
		"HTTP/1.1 200 O\x01K\r\n\r\n", "HTTP/3.0 200 OK\r\n\r\n",
		"HTTP/1.1 200 A\rB\r\n\r\n", "http/1.1 200 OK\r\n\r\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse(bad[i]), HTTP_RESP_E_STATUS);
}

static void
test_not_http_is_refused_before_the_line_ends(void **state)
{
	(void)state;
	assert_int_equal(parse("<htm"), HTTP_RESP_E_STATUS);
	assert_int_equal(parse("SSH-2.0-OpenSSH"), HTTP_RESP_E_STATUS);
	assert_int_equal(parse("HTT"), HTTP_RESP_E_INCOMPLETE);
	assert_int_equal(parse(""), HTTP_RESP_E_INCOMPLETE);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nServer: x\r\n"),
	    HTTP_RESP_E_INCOMPLETE);
}

/* Header lines. */

static void
test_headers_are_trimmed_and_found_caseless(void **state)
{
	const char *r = "HTTP/1.1 401 Unauthorized\r\n"
	    "Server:  MOBOTIX \t\r\n"
	    "www-authenticate: Basic realm=\"a\"\r\n"
	    "WWW-Authenticate: Digest realm=\"b\", nonce=\"n\"\r\n"
	    "Empty:\r\n\r\n";

	(void)state;
	assert_int_equal(parse(r), HTTP_RESP_OK);
	assert_int_equal(head.n_headers, 4);
	assert_header(r, "server", 0, "MOBOTIX");
	assert_header(r, "WWW-Authenticate", 0, "Basic realm=\"a\"");
	assert_header(r, "WWW-AUTHENTICATE", 1,
	    "Digest realm=\"b\", nonce=\"n\"");
	assert_header(r, "Empty", 0, "");
	assert_false(http_resp_header(&head, r, "WWW-Authenticate", 2,
	    &(struct http_span){ 0, 0 }));
	assert_false(http_resp_header(&head, r, "Serve", 0,
	    &(struct http_span){ 0, 0 }));
}

static void
test_malformed_header_lines_are_refused(void **state)
{
	static const char *const bad[] = {
		"HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n",
		"HTTP/1.1 200 OK\r\nName : value\r\n\r\n",
		"HTTP/1.1 200 OK\r\n: value\r\n\r\n",
		"HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n",
		"HTTP/1.1 200 OK\r\nA: b\x7f\r\n\r\n",
		"HTTP/1.1 200 OK\r\nA: b\rc\r\n\r\n",
		"HTTP/1.1 200 OK\r\nA(b): c\r\n\r\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i]), HTTP_RESP_E_HEADER);
		assert_int_equal(head.n_headers, 0);
	}
}

static void
test_nul_in_a_header_is_refused(void **state)
{
	static const char r[] = "HTTP/1.1 200 OK\r\nA: b\0c\r\n\r\n";

	(void)state;
	assert_int_equal(http_resp_parse_head(r, sizeof(r) - 1, &head),
	    HTTP_RESP_E_HEADER);
}

static void
test_too_many_headers_is_too_big(void **state)
{
	char buf[4096];
	size_t n, i;

	(void)state;
	n = (size_t)snprintf(buf, sizeof(buf), "HTTP/1.1 200 OK\r\n");
	for (i = 0; i <= HTTP_RESP_HEADERS_MAX; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "H%zu: v\r\n",
		    i);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\r\n");
	assert_int_equal(http_resp_parse_head(buf, n, &head),
	    HTTP_RESP_E_TOO_BIG);
}

static void
test_endless_head_is_too_big(void **state)
{
	size_t n = HTTP_RESP_HEAD_MAX + 100;
	char *buf = malloc(n);
	size_t i;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, "HTTP/1.1 200 OK\r\n", 17);
	for (i = 17; i + 6 <= n; i += 6)
		memcpy(buf + i, "A: b\r\n", 6);
	memset(buf + i, 'x', n - i);
	assert_int_equal(http_resp_parse_head(buf, HTTP_RESP_HEAD_MAX - 1,
	    &head), HTTP_RESP_E_TOO_BIG);
	assert_int_equal(http_resp_parse_head(buf, 200, &head),
	    HTTP_RESP_E_INCOMPLETE);
	memset(buf + 17, 'x', n - 17);
	assert_int_equal(http_resp_parse_head(buf, n, &head),
	    HTTP_RESP_E_TOO_BIG);
	free(buf);
}

/* Body framing. */

static void
test_content_length_is_read(void **state)
{
	(void)state;
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n"
	    "\r\n"), HTTP_RESP_OK);
	assert_int_equal(head.content_length, 1234);
	assert_false(head.chunked);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n"
	    "Content-Length: 5\r\n\r\n"), HTTP_RESP_OK);
	assert_int_equal(head.content_length, 5);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nContent-Length: "
	    "999999999999999999\r\n\r\n"), HTTP_RESP_OK);
	assert_int_equal(head.content_length, 999999999999999999LL);
}

static void
test_bad_content_length_is_refused(void **state)
{
	static const char *const bad[] = {
		"HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
		    "Content-Length: 7\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: "
		    "9999999999999999999\r\n\r\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse(bad[i]), HTTP_RESP_E_LENGTH);
}

static void
test_transfer_encoding_beats_content_length(void **state)
{
	(void)state;
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n"), HTTP_RESP_OK);
	assert_true(head.chunked);
	assert_int_equal(head.content_length, -1);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\n"
	    "Transfer-Encoding: gzip, Chunked\r\n\r\n"), HTTP_RESP_OK);
	assert_true(head.chunked);
	assert_false(head.te_other);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\n"
	    "Transfer-Encoding: chunked, gzip\r\n\r\n"), HTTP_RESP_OK);
	assert_false(head.chunked);
	assert_true(head.te_other);
}

static void
test_connection_close_is_seen_in_a_list(void **state)
{
	(void)state;
	assert_int_equal(parse("HTTP/1.1 200 OK\r\n"
	    "Connection: keep-alive, CLOSE\r\n\r\n"), HTTP_RESP_OK);
	assert_true(head.conn_close);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\n"
	    "Connection: keep-alive\r\n\r\n"), HTTP_RESP_OK);
	assert_false(head.conn_close);
}

/* Chunked bodies. */

/* Decode text whole; returns the rc, the decoded bytes in out. */
static int
dechunk_whole(const char *text, char *out, size_t outsz, size_t *outlen)
{
	struct http_chunked st;
	size_t len = strlen(text);
	int rc;

	assert_true(len < outsz);
	memcpy(out, text, len);
	http_chunked_init(&st);
	rc = http_chunked_decode(&st, out, &len);
	*outlen = len;
	return rc;
}

/* Feed text one byte at a time, as a slow server would send it. */
static int
dechunk_bytewise(const char *text, char *out, size_t *outlen)
{
	struct http_chunked st;
	size_t i, n = strlen(text), len = 0;
	int rc = HTTP_RESP_E_INCOMPLETE;

	http_chunked_init(&st);
	for (i = 0; i < n && rc == HTTP_RESP_E_INCOMPLETE; i++) {
		out[len++] = text[i];
		rc = http_chunked_decode(&st, out, &len);
	}
	*outlen = len;
	return rc;
}

static void
test_chunked_body_decodes_whole_and_bytewise(void **state)
{
	static const char *const bodies[] = {
		"5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n",
		"5;name=val\r\nhello\r\n7 ; x\r\n, world\r\n0\r\n"
		    "Trailer: t\r\n\r\n",
		"5\nhello\n7\n, world\n0\n\n",
		"00005\r\nhello\r\n7\r\n, world\r\n000\r\n\r\nEXTRA",
	};
	char out[256];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		assert_int_equal(dechunk_whole(bodies[i], out, sizeof(out),
		    &n), HTTP_RESP_OK);
		assert_int_equal(n, 12);
		assert_memory_equal(out, "hello, world", 12);
		assert_int_equal(dechunk_bytewise(bodies[i], out, &n),
		    HTTP_RESP_OK);
		assert_int_equal(n, 12);
		assert_memory_equal(out, "hello, world", 12);
	}
}

static void
test_chunked_body_waits_for_more(void **state)
{
	char out[64];
	size_t n;

	(void)state;
	assert_int_equal(dechunk_whole("5\r\nhel", out, sizeof(out), &n),
	    HTTP_RESP_E_INCOMPLETE);
	assert_int_equal(n, 3);
	assert_memory_equal(out, "hel", 3);
	assert_int_equal(dechunk_whole("5\r\nhello\r\n0\r\n", out,
	    sizeof(out), &n), HTTP_RESP_E_INCOMPLETE);
	assert_int_equal(dechunk_whole("", out, sizeof(out), &n),
	    HTTP_RESP_E_INCOMPLETE);
}

static void
test_malformed_chunks_are_refused(void **state)
{
	static const char *const bad[] = {
		"x\r\nhello\r\n0\r\n\r\n",
		"5\r\nhelloXX0\r\n\r\n",
		"5\r\nhello\rX0\r\n\r\n",
		"ffffffffffffffff\r\n",
		"5 x\r\nhello\r\n0\r\n\r\n",
		"-5\r\nhello\r\n0\r\n\r\n",
		"5;\x01\r\nhello\r\n0\r\n\r\n",
	};
	char out[64];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(dechunk_whole(bad[i], out, sizeof(out), &n),
		    HTTP_RESP_E_CHUNK);
}

static void
test_overlong_chunk_line_is_refused(void **state)
{
	char *buf = malloc(HTTP_CHUNK_LINE_MAX + 16);
	struct http_chunked st;
	size_t len = HTTP_CHUNK_LINE_MAX + 8;

	(void)state;
	assert_non_null(buf);
	memset(buf, ' ', len);
	buf[0] = '5';
	buf[1] = ';';
	http_chunked_init(&st);
	assert_int_equal(http_chunked_decode(&st, buf, &len),
	    HTTP_RESP_E_CHUNK);
	free(buf);
}

/* WWW-Authenticate. */

static struct http_challenge ch[HTTP_CHALLENGES_MAX];

static int
challenges(const char *value, size_t *n)
{
	struct http_span v = { 0, (uint32_t)strlen(value) };

	*n = 0;
	return http_resp_challenges(value, v, ch, HTTP_CHALLENGES_MAX, n);
}

static void
assert_param(const char *buf, const struct http_challenge *c,
    const char *name, const char *want)
{
	const struct http_auth_param *p = http_resp_param(c, buf, name);
	char v[HTTP_AUTH_VALUE_MAX];

	assert_non_null(p);
	assert_true(http_resp_unquote(buf, p, v, sizeof(v)));
	assert_string_equal(v, want);
}

static void
test_quoted_commas_stay_in_the_realm(void **state)
{
	const char *v = "Basic realm=\"cam, lobby\"";
	size_t n;

	(void)state;
	assert_int_equal(challenges(v, &n), HTTP_RESP_OK);
	assert_int_equal(n, 1);
	assert_span(v, ch[0].scheme, "Basic");
	assert_int_equal(ch[0].n_params, 1);
	assert_param(v, &ch[0], "realm", "cam, lobby");
}

static void
test_two_challenges_in_one_header_are_split(void **state)
{
	const char *v = "Digest realm=\"MOBOTIX, Inc\", qop=\"auth,auth-int\","
	    " algorithm=SHA-256, nonce=\"abc\", Basic realm=\"x,y\" , "
	    "Digest realm=r,nonce=n";
	size_t n;

	(void)state;
	assert_int_equal(challenges(v, &n), HTTP_RESP_OK);
	assert_int_equal(n, 3);
	assert_span(v, ch[0].scheme, "Digest");
	assert_int_equal(ch[0].n_params, 4);
	assert_param(v, &ch[0], "REALM", "MOBOTIX, Inc");
	assert_param(v, &ch[0], "qop", "auth,auth-int");
	assert_param(v, &ch[0], "algorithm", "SHA-256");
	assert_span(v, ch[1].scheme, "Basic");
	assert_param(v, &ch[1], "realm", "x,y");
	assert_param(v, &ch[2], "nonce", "n");
}

static void
test_escapes_and_blanks_around_equals(void **state)
{
	const char *v = "Digest realm = \"a\\\"b\\\\c\" ,, nonce=\"\"";
	size_t n;

	(void)state;
	assert_int_equal(challenges(v, &n), HTTP_RESP_OK);
	assert_int_equal(n, 1);
	assert_param(v, &ch[0], "realm", "a\"b\\c");
	assert_param(v, &ch[0], "nonce", "");
}

static void
test_token68_and_bare_schemes(void **state)
{
	const char *v = "Negotiate abc+/==, NTLM, Basic";
	size_t n;

	(void)state;
	/* The grammar reads "Digest realm" as a token68, not a parameter. */
	assert_int_equal(challenges("Digest realm", &n), HTTP_RESP_OK);
	assert_int_equal(ch[0].n_params, 0);
	assert_int_equal(ch[0].token68.len, 5);
	assert_int_equal(challenges(v, &n), HTTP_RESP_OK);
	assert_int_equal(n, 3);
	assert_span(v, ch[0].token68, "abc+/==");
	assert_span(v, ch[1].scheme, "NTLM");
	assert_int_equal(ch[1].n_params, 0);
	assert_span(v, ch[2].scheme, "Basic");
}

static void
test_malformed_challenges_are_refused(void **state)
{
	static const char *const bad[] = {
		"Basic realm=\"unterminated",
		"Digest a=b=c",
		"=x",
		"Digest realm=\"a\" nonce=\"b\"",
		"Basic\x01",
		"Basic realm=\"a\x01\"",
		"Basic realm=\"a\\",
		"Digest realm=\"a\", =b",
	};
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(challenges(bad[i], &n),
		    HTTP_RESP_E_CHALLENGE);
}

static void
test_too_many_params_or_challenges_is_too_big(void **state)
{
	char v[1024];
	size_t n = 0, i;

	(void)state;
	n += (size_t)snprintf(v, sizeof(v), "Digest a0=0");
	for (i = 1; i <= HTTP_AUTH_PARAMS_MAX; i++)
		n += (size_t)snprintf(v + n, sizeof(v) - n, ", a%zu=0", i);
	assert_int_equal(challenges(v, &n), HTTP_RESP_E_TOO_BIG);
	n = 0;
	for (i = 0; i <= HTTP_CHALLENGES_MAX; i++)
		n += (size_t)snprintf(v + n, sizeof(v) - n, "Basic, ");
	assert_int_equal(challenges(v, &n), HTTP_RESP_E_TOO_BIG);
}

static void
test_unquote_refuses_to_overflow(void **state)
{
	const char *v = "Basic realm=\"0123456789\"";
	char small[8];
	size_t n;

	(void)state;
	assert_int_equal(challenges(v, &n), HTTP_RESP_OK);
	assert_false(http_resp_unquote(v, &ch[0].params[0], small,
	    sizeof(small)));
	assert_string_equal(small, "0123456");
}

/* Choosing what to answer. */

static struct http_auth_offer offer;

static int
offer_of(const char *reply)
{
	assert_int_equal(parse(reply), HTTP_RESP_OK);
	return http_resp_auth_offer(&head, reply, "WWW-Authenticate",
	    &offer);
}

static void
test_sha256_digest_beats_md5_and_basic(void **state)
{
	(void)state;
	assert_int_equal(offer_of("HTTP/1.1 401 Unauthorized\r\n"
	    "WWW-Authenticate: Digest realm=\"cam\", qop=\"auth\", "
	    "nonce=\"n1\", opaque=\"o1\", algorithm=MD5\r\n"
	    "WWW-Authenticate: Digest realm=\"cam\", qop=\"auth\", "
	    "nonce=\"n2\", opaque=\"o2\", algorithm=SHA-256\r\n"
	    "WWW-Authenticate: Basic realm=\"cam\"\r\n\r\n"), HTTP_RESP_OK);
	assert_true(offer.basic);
	assert_true(offer.digest);
	assert_true(offer.digest_ok);
	assert_int_equal(offer.alg, HTTP_DIGEST_SHA256);
	assert_int_equal(offer.qop, HTTP_QOP_AUTH);
	assert_string_equal(offer.nonce, "n2");
	assert_string_equal(offer.opaque, "o2");
	assert_true(offer.has_opaque);
	assert_string_equal(offer.realm, "cam");
	assert_string_equal(http_digest_alg_name(offer.alg), "SHA-256");
}

static void
test_digest_defaults_to_md5_without_qop(void **state)
{
	(void)state;
	assert_int_equal(offer_of("HTTP/1.1 401 Unauthorized\r\n"
	    "WWW-Authenticate: Digest realm=\"old cam\", nonce=\"abc\", "
	    "stale=TRUE\r\n\r\n"), HTTP_RESP_OK);
	assert_false(offer.basic);
	assert_true(offer.digest_ok);
	assert_int_equal(offer.alg, HTTP_DIGEST_MD5);
	assert_int_equal(offer.qop, HTTP_QOP_NONE);
	assert_true(offer.stale);
	assert_false(offer.has_opaque);
}

static void
test_auth_int_only_is_taken_when_auth_is_absent(void **state)
{
	(void)state;
	assert_int_equal(offer_of("HTTP/1.1 401 X\r\nWWW-Authenticate: "
	    "Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"\r\n\r\n"),
	    HTTP_RESP_OK);
	assert_int_equal(offer.qop, HTTP_QOP_AUTH_INT);
}

static void
test_unanswerable_digest_is_seen_but_not_chosen(void **state)
{
	static const char *const replies[] = {
		"HTTP/1.1 401 X\r\nWWW-Authenticate: Digest realm=\"r\", "
		    "nonce=\"n\", algorithm=SHA-512-256\r\n\r\n",
		"HTTP/1.1 401 X\r\nWWW-Authenticate: Digest "
		    "realm=\"r\"\r\n\r\n",
		"HTTP/1.1 401 X\r\nWWW-Authenticate: Digest "
		    "nonce=\"n\"\r\n\r\n",
		"HTTP/1.1 401 X\r\nWWW-Authenticate: Digest realm=\"r\", "
		    "nonce=\"n\", qop=\"other\"\r\n\r\n",
		"HTTP/1.1 401 X\r\nWWW-Authenticate: Digest realm=\"r\", "
		    "nonce=\"n\", userhash=true\r\n\r\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(replies) / sizeof(replies[0]); i++) {
		assert_int_equal(offer_of(replies[i]), HTTP_RESP_OK);
		assert_true(offer.digest);
		assert_false(offer.digest_ok);
		assert_false(offer.basic);
	}
}

static void
test_basic_only_and_broken_headers(void **state)
{
	(void)state;
	assert_int_equal(offer_of("RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\n"
	    "WWW-Authenticate: Basic realm=\"rtsp\"\r\n\r\n"), HTTP_RESP_OK);
	assert_true(offer.basic);
	assert_false(offer.digest);
	assert_int_equal(offer_of("HTTP/1.1 401 X\r\n"
	    "WWW-Authenticate: Basic realm=\"a\"\r\n"
	    "WWW-Authenticate: Digest realm=\"unterminated\r\n\r\n"),
	    HTTP_RESP_E_CHALLENGE);
	assert_true(offer.basic);
	assert_false(offer.digest_ok);
	assert_int_equal(offer_of("HTTP/1.1 200 OK\r\n\r\n"), HTTP_RESP_OK);
	assert_false(offer.basic || offer.digest);
}

/* URLs. */

static struct http_url url;

static int
url_of(const char *s)
{
	return http_url_parse(s, strlen(s), &url);
}

static void
test_urls_are_split(void **state)
{
	char hp[NET_HOST_MAX + 8];

	(void)state;
	assert_int_equal(url_of("http://127.0.0.1"), HTTP_URL_OK);
	assert_int_equal(url.scheme, HTTP_URL_HTTP);
	assert_string_equal(url.host, "127.0.0.1");
	assert_int_equal(url.port, 80);
	assert_false(url.port_given);
	assert_string_equal(url.path, "/");
	assert_int_equal(url_of("HTTPS://[::1]:8443/cam/?a=b#frag"),
	    HTTP_URL_OK);
	assert_int_equal(url.scheme, HTTP_URL_HTTPS);
	assert_string_equal(url.host, "::1");
	assert_true(url.ipv6);
	assert_int_equal(url.port, 8443);
	assert_string_equal(url.path, "/cam/?a=b");
	http_url_hostport(&url, hp, sizeof(hp));
	assert_string_equal(hp, "[::1]:8443");
	assert_int_equal(url_of("rtsp://cam-lobby.example:554?x"),
	    HTTP_URL_OK);
	assert_int_equal(url.port, 554);
	assert_string_equal(url.path, "/?x");
	http_url_hostport(&url, hp, sizeof(hp));
	assert_string_equal(hp, "cam-lobby.example");
}

static void
test_bad_urls_are_refused(void **state)
{
	(void)state;
	assert_int_equal(url_of("ftp://cam/"), HTTP_URL_E_SCHEME);
	assert_int_equal(url_of("http//cam/"), HTTP_URL_E_SCHEME);
	assert_int_equal(url_of("http://admin:meinsm@cam/"),
	    HTTP_URL_E_USERINFO);
	assert_int_equal(url_of("http:///x"), HTTP_URL_E_HOST);
	assert_int_equal(url_of("http://[::1/"), HTTP_URL_E_HOST);
	assert_int_equal(url_of("http://[::1]x/"), HTTP_URL_E_HOST);
	assert_int_equal(url_of("http://[fe80::1%25eth0]/"), HTTP_URL_E_HOST);
	assert_int_equal(url_of("http://c\"am/"), HTTP_URL_E_HOST);
	assert_int_equal(url_of("http://cam:0/"), HTTP_URL_E_PORT);
	assert_int_equal(url_of("http://cam:65536/"), HTTP_URL_E_PORT);
	assert_int_equal(url_of("http://cam:8o/"), HTTP_URL_E_PORT);
	assert_int_equal(url_of("http://cam/a b"), HTTP_URL_E_CHAR);
	assert_int_equal(url_of("http://cam/\r\nX: y"), HTTP_URL_E_CHAR);
	assert_non_null(http_url_strerror(HTTP_URL_E_USERINFO));
}

/* Hostile input: a reply is any bytes; nothing may read past them. */
static void
test_random_bytes_never_crash_the_parsers(void **state)
{
	char buf[512];
	struct http_chunked st;
	size_t i, j, len;
	unsigned seed = 12345;

	(void)state;
	for (i = 0; i < 20000; i++) {
		len = (seed = seed * 1103515245u + 12345u) % sizeof(buf);
		memcpy(buf, "HTTP/1.1 401 X\r\nWWW-Authenticate: ", 34);
		for (j = 34; j < len; j++) {
			seed = seed * 1103515245u + 12345u;
			buf[j] = "\r\n\",=: \\aD"[(seed >> 16) % 10];
		}
		if (http_resp_parse_head(buf, len, &head) == HTTP_RESP_OK)
			(void)http_resp_auth_offer(&head, buf,
			    "WWW-Authenticate", &offer);
		http_chunked_init(&st);
		(void)http_chunked_decode(&st, buf, &len);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test(f)
		T(test_status_line_http11_with_reason),
		T(test_status_line_rtsp_and_http10_are_read),
		T(test_status_line_without_reason_is_accepted),
		T(test_bad_status_lines_are_refused),
		T(test_not_http_is_refused_before_the_line_ends),
		T(test_headers_are_trimmed_and_found_caseless),
		T(test_malformed_header_lines_are_refused),
		T(test_nul_in_a_header_is_refused),
		T(test_too_many_headers_is_too_big),
		T(test_endless_head_is_too_big),
		T(test_content_length_is_read),
		T(test_bad_content_length_is_refused),
		T(test_transfer_encoding_beats_content_length),
		T(test_connection_close_is_seen_in_a_list),
		T(test_chunked_body_decodes_whole_and_bytewise),
		T(test_chunked_body_waits_for_more),
		T(test_malformed_chunks_are_refused),
		T(test_overlong_chunk_line_is_refused),
		T(test_quoted_commas_stay_in_the_realm),
		T(test_two_challenges_in_one_header_are_split),
		T(test_escapes_and_blanks_around_equals),
		T(test_token68_and_bare_schemes),
		T(test_malformed_challenges_are_refused),
		T(test_too_many_params_or_challenges_is_too_big),
		T(test_unquote_refuses_to_overflow),
		T(test_sha256_digest_beats_md5_and_basic),
		T(test_digest_defaults_to_md5_without_qop),
		T(test_auth_int_only_is_taken_when_auth_is_absent),
		T(test_unanswerable_digest_is_seen_but_not_chosen),
		T(test_basic_only_and_broken_headers),
		T(test_urls_are_split),
		T(test_bad_urls_are_refused),
		T(test_random_bytes_never_crash_the_parsers),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
