/*
 * http_resp_parse.c - status line, headers, body framing and chunked
 * bodies of HTTP/1.x and RTSP/1.0 replies.
 *
 * Pure: every function reads the caller's buffer and writes only its
 * out-parameters; the chunked decoder writes the caller's buffer in place.
 * Nothing here knows about sockets, TLS or hashes (platform/net/), or
 * about what a status code means to a check.  The WWW-Authenticate
 * challenges are http_auth_parse.c's.
 */
#include <string.h>
#include <strings.h>

#include "proto/http_lex.h"
#include "proto/http_resp_parse.h"

#define CLEN_DIGITS_MAX	18	/* fits int64_t */
#define CHUNK_HEX_MAX	15	/* fits uint64_t with room */

enum { CH_SIZE, CH_DATA, CH_DATA_END, CH_TRAILER, CH_DONE };

/* The line at pos: its length without CR LF, and where the next begins. */
static bool
next_line(const char *buf, size_t len, size_t pos, size_t *n, size_t *next)
{
	const char *lf = memchr(buf + pos, '\n', len - pos);

	if (!lf)
		return false;
	*next = (size_t)(lf - buf) + 1;
	*n = (size_t)(lf - (buf + pos));
	if (*n && buf[pos + *n - 1] == '\r')
		(*n)--;
	return true;
}

/* "HTTP/" or "RTSP/" as far as the bytes go. */
static bool
prefix_ok(const char *buf, size_t len)
{
	size_t n = len < 5 ? len : 5;

	return !memcmp(buf, "HTTP/", n) || !memcmp(buf, "RTSP/", n);
}

static int
parse_status_line(const char *s, size_t n, struct http_resp_head *h)
{
	size_t i;

	if (n < 12 || !prefix_ok(s, 5) || !http_lex_digit(s[5]) ||
	    s[6] != '.' || !http_lex_digit(s[7]) || s[5] != '1' || s[8] != ' ')
		return HTTP_RESP_E_STATUS;
	h->rtsp = s[0] == 'R';
	h->major = 1;
	h->minor = (unsigned)(s[7] - '0');
	if (s[9] < '1' || s[9] > '9' || !http_lex_digit(s[10]) ||
	    !http_lex_digit(s[11]))
		return HTTP_RESP_E_STATUS;
	h->status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
	if (n > 12 && s[12] != ' ')
		return HTTP_RESP_E_STATUS;
	for (i = 13; i < n; i++)
		if (!http_lex_text((unsigned char)s[i]))
			return HTTP_RESP_E_STATUS;
	h->reason = n > 13 ? http_lex_span(13, n - 13) : http_lex_span(n, 0);
	return HTTP_RESP_OK;
}

static int
parse_header(const char *buf, size_t pos, size_t n,
    struct http_resp_header *hd)
{
	const char *s = buf + pos;
	size_t i = 0, vs, ve;

	while (i < n && http_lex_tchar((unsigned char)s[i]))
		i++;
	if (i == 0 || i == n || s[i] != ':')
		return HTTP_RESP_E_HEADER;
	hd->name = http_lex_span(pos, i);
	vs = i + 1;
	ve = n;
	while (vs < ve && http_lex_ows((unsigned char)s[vs]))
		vs++;
	while (ve > vs && http_lex_ows((unsigned char)s[ve - 1]))
		ve--;
	for (i = vs; i < ve; i++)
		if (!http_lex_text((unsigned char)s[i]))
			return HTTP_RESP_E_HEADER;
	hd->value = http_lex_span(pos + vs, ve - vs);
	return HTTP_RESP_OK;
}

/* Content-Length: digits, or a list of equal digit strings ("5, 5"). */
static int
parse_clen(const char *buf, struct http_span v, int64_t *out)
{
	struct http_span it;
	size_t pos = 0, i;
	int64_t val;

	while (http_lex_list_next(buf, v, &pos, &it)) {
		if (it.len == 0 || it.len > CLEN_DIGITS_MAX)
			return HTTP_RESP_E_LENGTH;
		val = 0;
		for (i = 0; i < it.len; i++) {
			if (!http_lex_digit((unsigned char)buf[it.off + i]))
				return HTTP_RESP_E_LENGTH;
			val = val * 10 + (buf[it.off + i] - '0');
		}
		if (*out >= 0 && *out != val)
			return HTTP_RESP_E_LENGTH;
		*out = val;
	}
	return HTTP_RESP_OK;
}

static bool
list_has(const char *buf, struct http_span v, const char *word,
    bool last_only)
{
	struct http_span it, last = http_lex_span(0, 0);
	size_t pos = 0;

	while (http_lex_list_next(buf, v, &pos, &it)) {
		if (!last_only && http_lex_ieq(buf, it, word))
			return true;
		if (it.len)
			last = it;
	}
	return last_only && http_lex_ieq(buf, last, word);
}

static int
apply_framing(const char *buf, struct http_resp_head *h)
{
	const struct http_resp_header *hd;
	bool te = false;
	size_t i;
	int rc;

	for (i = 0; i < h->n_headers; i++) {
		hd = &h->headers[i];
		if (http_lex_ieq(buf, hd->name, "content-length")) {
			rc = parse_clen(buf, hd->value, &h->content_length);
			if (rc)
				return rc;
		} else if (http_lex_ieq(buf, hd->name, "transfer-encoding")) {
			te = true;
			h->chunked = list_has(buf, hd->value, "chunked", true);
		} else if (http_lex_ieq(buf, hd->name, "connection")) {
			h->conn_close |= list_has(buf, hd->value, "close",
			    false);
		}
	}
	if (te) {
		h->content_length = -1;
		h->te_other = !h->chunked;
	}
	return HTTP_RESP_OK;
}

static int
head_missing(size_t len)
{
	return len >= HTTP_RESP_HEAD_MAX ? HTTP_RESP_E_TOO_BIG :
	    HTTP_RESP_E_INCOMPLETE;
}

static int
parse_head(const char *buf, size_t len, struct http_resp_head *h)
{
	size_t scan = len < HTTP_RESP_HEAD_MAX ? len : HTTP_RESP_HEAD_MAX;
	size_t pos, n, next;
	int rc;

	if (!prefix_ok(buf, len))
		return HTTP_RESP_E_STATUS;
	if (!next_line(buf, scan, 0, &n, &next))
		return head_missing(len);
	if ((rc = parse_status_line(buf, n, h)) != HTTP_RESP_OK)
		return rc;
	for (pos = next;; pos = next) {
		if (!next_line(buf, scan, pos, &n, &next))
			return head_missing(len);
		if (n == 0)
			break;
		if (h->n_headers == HTTP_RESP_HEADERS_MAX)
			return HTTP_RESP_E_TOO_BIG;
		rc = parse_header(buf, pos, n, &h->headers[h->n_headers++]);
		if (rc != HTTP_RESP_OK)
			return rc;
	}
	h->head_len = next;
	return apply_framing(buf, h);
}

int
http_resp_parse_head(const char *buf, size_t len, struct http_resp_head *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->content_length = -1;
	rc = parse_head(buf, len, out);
	if (rc != HTTP_RESP_OK) {
		memset(out, 0, sizeof(*out));
		out->content_length = -1;
	}
	return rc;
}

const char *
http_resp_strerror(int err)
{
	switch (err) {
	case HTTP_RESP_OK:
		return "no error";
	case HTTP_RESP_E_INCOMPLETE:
		return "reply incomplete";
	case HTTP_RESP_E_STATUS:
		return "not an HTTP or RTSP status line";
	case HTTP_RESP_E_HEADER:
		return "malformed header line";
	case HTTP_RESP_E_TOO_BIG:
		return "reply head too large";
	case HTTP_RESP_E_LENGTH:
		return "bad Content-Length";
	case HTTP_RESP_E_CHUNK:
		return "malformed chunked body";
	case HTTP_RESP_E_CHALLENGE:
		return "malformed WWW-Authenticate";
	}
	return NULL;
}

bool
http_resp_header(const struct http_resp_head *h, const char *buf,
    const char *name, size_t nth, struct http_span *value)
{
	size_t i;

	for (i = 0; i < h->n_headers; i++) {
		if (!http_lex_ieq(buf, h->headers[i].name, name))
			continue;
		if (nth-- == 0) {
			*value = h->headers[i].value;
			return true;
		}
	}
	return false;
}

bool
http_resp_copy(const char *buf, struct http_span s, char *dst, size_t dstsz)
{
	size_t n = s.len;

	if (dstsz == 0)
		return false;
	if (n >= dstsz)
		n = dstsz - 1;
	memcpy(dst, buf + s.off, n);
	dst[n] = '\0';
	return n == s.len;
}

/* Chunked bodies. */

void
http_chunked_init(struct http_chunked *st)
{
	memset(st, 0, sizeof(*st));
	st->state = CH_SIZE;
}

/* A line at *in, at most HTTP_CHUNK_LINE_MAX long. */
static int
chunk_line(const char *buf, size_t len, size_t in, size_t *n, size_t *next)
{
	size_t scan = len - in;

	if (scan > HTTP_CHUNK_LINE_MAX + 2)
		scan = HTTP_CHUNK_LINE_MAX + 2;
	if (!next_line(buf, in + scan, in, n, next))
		return scan > HTTP_CHUNK_LINE_MAX ? HTTP_RESP_E_CHUNK :
		    HTTP_RESP_E_INCOMPLETE;
	return *n > HTTP_CHUNK_LINE_MAX ? HTTP_RESP_E_CHUNK : HTTP_RESP_OK;
}

/* "1a3f[ ;ext...]": the size; extensions are skipped. */
static int
chunk_size(const char *s, size_t n, uint64_t *size)
{
	size_t i;
	unsigned char c;

	*size = 0;
	for (i = 0; i < n && i <= CHUNK_HEX_MAX; i++) {
		c = http_lex_lower((unsigned char)s[i]);
		if (http_lex_digit(c))
			*size = *size * 16 + (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*size = *size * 16 + (uint64_t)(c - 'a' + 10);
		else
			break;
	}
	if (i == 0 || i > CHUNK_HEX_MAX)
		return HTTP_RESP_E_CHUNK;
	while (i < n && http_lex_ows((unsigned char)s[i]))
		i++;
	if (i < n && s[i] != ';')
		return HTTP_RESP_E_CHUNK;
	for (; i < n; i++)
		if (!http_lex_text((unsigned char)s[i]))
			return HTTP_RESP_E_CHUNK;
	return HTTP_RESP_OK;
}

static int
chunk_size_step(struct http_chunked *st, const char *buf, size_t len,
    size_t *in)
{
	size_t n, next;
	int rc;

	if ((rc = chunk_line(buf, len, *in, &n, &next)) != HTTP_RESP_OK)
		return rc;
	if ((rc = chunk_size(buf + *in, n, &st->left)) != HTTP_RESP_OK)
		return rc;
	*in = next;
	st->state = st->left ? CH_DATA : CH_TRAILER;
	return HTTP_RESP_OK;
}

static int
chunk_data_step(struct http_chunked *st, char *buf, size_t len, size_t *in)
{
	size_t n = len - *in;

	if (n == 0)
		return HTTP_RESP_E_INCOMPLETE;
	if (n > st->left)
		n = (size_t)st->left;
	memmove(buf + st->out_len, buf + *in, n);
	st->out_len += n;
	*in += n;
	st->left -= n;
	if (st->left == 0)
		st->state = CH_DATA_END;
	return HTTP_RESP_OK;
}

static int
chunk_crlf_step(struct http_chunked *st, const char *buf, size_t len,
    size_t *in)
{
	size_t avail = len - *in;

	if (avail == 0)
		return HTTP_RESP_E_INCOMPLETE;
	if (buf[*in] == '\r') {
		if (avail < 2)
			return HTTP_RESP_E_INCOMPLETE;
		if (buf[*in + 1] != '\n')
			return HTTP_RESP_E_CHUNK;
		(*in)++;
	} else if (buf[*in] != '\n') {
		return HTTP_RESP_E_CHUNK;
	}
	(*in)++;
	st->state = CH_SIZE;
	return HTTP_RESP_OK;
}

static int
chunk_trailer_step(struct http_chunked *st, const char *buf, size_t len,
    size_t *in)
{
	size_t n, next;
	int rc;

	if ((rc = chunk_line(buf, len, *in, &n, &next)) != HTTP_RESP_OK)
		return rc;
	*in = next;
	if (n == 0)
		st->state = CH_DONE;
	return HTTP_RESP_OK;
}

static int
chunk_step(struct http_chunked *st, char *buf, size_t len, size_t *in)
{
	switch (st->state) {
	case CH_SIZE:
		return chunk_size_step(st, buf, len, in);
	case CH_DATA:
		return chunk_data_step(st, buf, len, in);
	case CH_DATA_END:
		return chunk_crlf_step(st, buf, len, in);
	case CH_TRAILER:
		return chunk_trailer_step(st, buf, len, in);
	}
	return HTTP_RESP_E_CHUNK;
}

int
http_chunked_decode(struct http_chunked *st, char *buf, size_t *len)
{
	size_t in = st->out_len;
	int rc = HTTP_RESP_OK;

	if (st->state == CH_DONE) {
		*len = st->out_len;
		return HTTP_RESP_OK;
	}
	if (in > *len)
		return HTTP_RESP_E_CHUNK;
	while (st->state != CH_DONE && rc == HTTP_RESP_OK)
		rc = chunk_step(st, buf, *len, &in);
	if (st->state == CH_DONE) {
		*len = st->out_len;
		return HTTP_RESP_OK;
	}
	if (rc != HTTP_RESP_E_INCOMPLETE)
		return rc;
	memmove(buf + st->out_len, buf + in, *len - in);
	*len = st->out_len + (*len - in);
	return HTTP_RESP_E_INCOMPLETE;
}
