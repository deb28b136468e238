/*
 * fuzz_http_resp.c - libFuzzer target for the HTTP/RTSP reply parsers.
 *
 * Parses the input as a reply head; when it parses, checks that every
 * span lies inside the input, asks for the auth offer, and decodes the
 * rest as a chunked body twice (whole, and in two pieces split at a
 * place the first input byte picks), which must agree.  The URL parser
 * gets the first line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/http_resp_parse.h"
#include "proto/http_url.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct http_resp_head head;
static char whole[65536], split[65536];

static void
check_span(struct http_span s, size_t len)
{
	if (s.off > len || s.len > len - s.off)
		abort();
}

static void
check_head(const char *buf, size_t size)
{
	struct http_auth_offer offer;
	size_t i;

	if (head.head_len > size || head.n_headers > HTTP_RESP_HEADERS_MAX)
		abort();
	check_span(head.reason, head.head_len);
	for (i = 0; i < head.n_headers; i++) {
		check_span(head.headers[i].name, head.head_len);
		check_span(head.headers[i].value, head.head_len);
	}
	(void)http_resp_auth_offer(&head, buf, "WWW-Authenticate", &offer);
	if (offer.digest_ok && (!offer.digest ||
	    strlen(offer.nonce) >= sizeof(offer.nonce)))
		abort();
}

static int
dechunk(char *buf, size_t len, size_t cut, size_t *out)
{
	struct http_chunked st;
	size_t have = cut, rest = len - cut;
	int rc;

	http_chunked_init(&st);
	rc = http_chunked_decode(&st, buf, &have);
	if (rc == HTTP_RESP_E_INCOMPLETE && rest) {
		memmove(buf + have, buf + cut, rest);
		have += rest;
		rc = http_chunked_decode(&st, buf, &have);
	}
	if (have > len || st.out_len > have)
		abort();
	*out = st.out_len;
	return rc;
}

static void
check_chunked(const uint8_t *data, size_t size)
{
	size_t cut, n1, n2;
	int r1, r2;

	if (size > sizeof(whole))
		size = sizeof(whole);
	cut = size ? data[0] % (size + 1) : 0;
	memcpy(whole, data, size);
	memcpy(split, data, size);
	r1 = dechunk(whole, size, size, &n1);
	r2 = dechunk(split, size, cut, &n2);
	if (r1 != r2 || (r1 == HTTP_RESP_OK && (n1 != n2 ||
	    memcmp(whole, split, n1))))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	const char *nl = memchr(buf, '\n', size);
	struct http_url url;
	int rc;

	rc = http_resp_parse_head(buf, size, &head);
	if (http_resp_strerror(rc) == NULL)
		abort();
	if (rc == HTTP_RESP_OK) {
		check_head(buf, size);
		check_chunked(data + head.head_len, size - head.head_len);
	} else {
		check_chunked(data, size);
	}
	if (http_url_parse(buf, nl ? (size_t)(nl - buf) : size, &url) ==
	    HTTP_URL_OK && (url.path[0] != '/' || !url.host[0]))
		abort();
	return 0;
}
