/*
 * fuzz_http_parse.c - libFuzzer target for the status endpoint's request
 * head parser.
 *
 * Parses the input and checks what the server relies on: every span lies
 * inside the head, a complete head is never longer than HTTP_REQ_MAX, the
 * head alone parses to the same result, and a client that sends the same
 * bytes in two pieces gets the same status code (a prefix is incomplete
 * or already answered the same way).  A bearer token found lies inside
 * the Authorization value.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cg_limits.h"
#include "proto/http_parse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_span(struct http_span s, size_t len)
{
	if ((size_t)s.off + s.len > len)
		abort();
}

static void
check_done(const char *buf, size_t size, const struct http_req *req)
{
	struct http_req again;
	struct http_span tok;

	if (req->head_len == 0 || req->head_len > size ||
	    req->head_len > HTTP_REQ_MAX)
		abort();
	check_span(req->target, req->head_len);
	check_span(req->path, req->head_len);
	check_span(req->host, req->head_len);
	check_span(req->auth, req->head_len);
	if (req->path.off != req->target.off ||
	    req->path.len > req->target.len || buf[req->path.off] != '/')
		abort();
	if (req->method != HTTP_M_GET && req->method != HTTP_M_HEAD)
		abort();
	if (http_parse(buf, req->head_len, &again) != HTTP_DONE ||
	    again.head_len != req->head_len ||
	    again.keep_alive != req->keep_alive)
		abort();
	if (http_parse(buf, req->head_len - 1, &again) != HTTP_MORE)
		abort();
	if (http_bearer(buf, req, &tok) && (tok.off < req->auth.off ||
	    tok.off + tok.len > req->auth.off + req->auth.len ||
	    tok.len == 0))
		abort();
}

/* A prefix is incomplete, or has the final answer's status code. */
static void
check_prefix(const char *buf, size_t cut, int rc)
{
	struct http_req req;
	int p = http_parse(buf, cut, &req);

	if (p == HTTP_MORE)
		return;
	if (rc == HTTP_DONE || p == HTTP_DONE ||
	    http_parse_status(p) != http_parse_status(rc))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct http_req req;
	int rc;

	rc = http_parse(buf, size, &req);
	if (rc > HTTP_DONE || rc < HTTP_E_VERSION ||
	    strcmp(http_parse_strerror(rc), "unknown error") == 0)
		abort();
	if (rc < 0 && http_parse_status(rc) == 0)
		abort();
	if (rc == HTTP_DONE) {
		check_done(buf, size, &req);
		if (req.head_len > 1)
			check_prefix(buf, req.head_len / 2, HTTP_DONE);
	} else if (size > 0) {
		check_prefix(buf, size / 2, rc);
		check_prefix(buf, size - 1, rc);
	}
	return 0;
}
