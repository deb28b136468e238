/*
 * http_resp_parse.c - status line, headers, body framing, chunked bodies
 * and WWW-Authenticate challenges of HTTP/1.x and RTSP/1.0 replies.
 *
 * Pure: every function reads the caller's buffer and writes only its
 * out-parameters; the chunked decoder writes the caller's buffer in place.
 * Nothing here knows about sockets, TLS or hashes (platform/net_*.c), or
 * about what a status code means to a check.
 */
#include <string.h>
#include <strings.h>

#include "proto/http_resp_parse.h"

#define CLEN_DIGITS_MAX	18	/* fits int64_t */
#define CHUNK_HEX_MAX	15	/* fits uint64_t with room */
#define QOP_LIST_MAX	64

enum { CH_SIZE, CH_DATA, CH_DATA_END, CH_TRAILER, CH_DONE };

static struct http_span
span(size_t off, size_t len)
{
	struct http_span s = { (uint32_t)off, (uint32_t)len };

	return s;
}

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* RFC 7230 tchar. */
static bool
is_tchar(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || (c && strchr("!#$%&'*+-.^_`|~",
	    c) != NULL);
}

static bool
is_ows(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* A byte of a field value or a reason phrase: no controls but HTAB. */
static bool
is_text(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static unsigned char
lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static bool
span_ieq(const char *buf, struct http_span s, const char *word)
{
	size_t i, n = strlen(word);

	if (s.len != n)
		return false;
	for (i = 0; i < n; i++)
		if (lower((unsigned char)buf[s.off + i]) !=
		    lower((unsigned char)word[i]))
			return false;
	return true;
}

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

	if (n < 12 || !prefix_ok(s, 5) || !is_digit(s[5]) || s[6] != '.' ||
	    !is_digit(s[7]) || s[5] != '1' || s[8] != ' ')
		return HTTP_RESP_E_STATUS;
	h->rtsp = s[0] == 'R';
	h->major = 1;
	h->minor = (unsigned)(s[7] - '0');
	if (s[9] < '1' || s[9] > '9' || !is_digit(s[10]) || !is_digit(s[11]))
		return HTTP_RESP_E_STATUS;
	h->status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
	if (n > 12 && s[12] != ' ')
		return HTTP_RESP_E_STATUS;
	for (i = 13; i < n; i++)
		if (!is_text((unsigned char)s[i]))
			return HTTP_RESP_E_STATUS;
	h->reason = n > 13 ? span(13, n - 13) : span(n, 0);
	return HTTP_RESP_OK;
}

static int
parse_header(const char *buf, size_t pos, size_t n,
    struct http_resp_header *hd)
{
	const char *s = buf + pos;
	size_t i = 0, vs, ve;

	while (i < n && is_tchar((unsigned char)s[i]))
		i++;
	if (i == 0 || i == n || s[i] != ':')
		return HTTP_RESP_E_HEADER;
	hd->name = span(pos, i);
	vs = i + 1;
	ve = n;
	while (vs < ve && is_ows((unsigned char)s[vs]))
		vs++;
	while (ve > vs && is_ows((unsigned char)s[ve - 1]))
		ve--;
	for (i = vs; i < ve; i++)
		if (!is_text((unsigned char)s[i]))
			return HTTP_RESP_E_HEADER;
	hd->value = span(pos + vs, ve - vs);
	return HTTP_RESP_OK;
}

/*
 * Walk a comma list in a span: the next item, blanks trimmed, from *pos.
 * Empty items are returned too (len 0); false at the end.
 */
static bool
list_next(const char *buf, struct http_span v, size_t *pos,
    struct http_span *item)
{
	size_t end = (size_t)v.off + v.len, s, e;

	if (*pos > end)
		return false;
	s = *pos < v.off ? v.off : *pos;
	e = s;
	while (e < end && buf[e] != ',')
		e++;
	*pos = e + 1;
	while (s < e && is_ows((unsigned char)buf[s]))
		s++;
	while (e > s && is_ows((unsigned char)buf[e - 1]))
		e--;
	*item = span(s, e - s);
	return true;
}

/* Content-Length: digits, or a list of equal digit strings ("5, 5"). */
static int
parse_clen(const char *buf, struct http_span v, int64_t *out)
{
	struct http_span it;
	size_t pos = 0, i;
	int64_t val;

	while (list_next(buf, v, &pos, &it)) {
		if (it.len == 0 || it.len > CLEN_DIGITS_MAX)
			return HTTP_RESP_E_LENGTH;
		val = 0;
		for (i = 0; i < it.len; i++) {
			if (!is_digit((unsigned char)buf[it.off + i]))
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
	struct http_span it, last = span(0, 0);
	size_t pos = 0;

	while (list_next(buf, v, &pos, &it)) {
		if (!last_only && span_ieq(buf, it, word))
			return true;
		if (it.len)
			last = it;
	}
	return last_only && span_ieq(buf, last, word);
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
		if (span_ieq(buf, hd->name, "content-length")) {
			rc = parse_clen(buf, hd->value, &h->content_length);
			if (rc)
				return rc;
		} else if (span_ieq(buf, hd->name, "transfer-encoding")) {
			te = true;
			h->chunked = list_has(buf, hd->value, "chunked", true);
		} else if (span_ieq(buf, hd->name, "connection")) {
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
		if (!span_ieq(buf, h->headers[i].name, name))
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
		c = lower((unsigned char)s[i]);
		if (is_digit(c))
			*size = *size * 16 + (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*size = *size * 16 + (uint64_t)(c - 'a' + 10);
		else
			break;
	}
	if (i == 0 || i > CHUNK_HEX_MAX)
		return HTTP_RESP_E_CHUNK;
	while (i < n && is_ows((unsigned char)s[i]))
		i++;
	if (i < n && s[i] != ';')
		return HTTP_RESP_E_CHUNK;
	for (; i < n; i++)
		if (!is_text((unsigned char)s[i]))
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

/* WWW-Authenticate (RFC 7235 section 2.1 and 4.1). */

struct cur {
	const char	*buf;
	size_t		 pos;
	size_t		 end;
};

static void
skip_ows(struct cur *c)
{
	while (c->pos < c->end && is_ows((unsigned char)c->buf[c->pos]))
		c->pos++;
}

/* Blanks and commas between list elements. */
static void
skip_list_sep(struct cur *c)
{
	while (c->pos < c->end && (is_ows((unsigned char)c->buf[c->pos]) ||
	    c->buf[c->pos] == ','))
		c->pos++;
}

static size_t
token_len(const struct cur *c, size_t pos)
{
	size_t i = pos;

	while (i < c->end && is_tchar((unsigned char)c->buf[i]))
		i++;
	return i - pos;
}

static bool
at_end_or_comma(const struct cur *c, size_t pos)
{
	while (pos < c->end && is_ows((unsigned char)c->buf[pos]))
		pos++;
	return pos == c->end || c->buf[pos] == ',';
}

/* token68 = 1*( ALPHA / DIGIT / "-._~+/" ) *"=", alone in its element. */
static size_t
token68_len(const struct cur *c)
{
	size_t i = c->pos;
	unsigned char ch;

	while (i < c->end) {
		ch = (unsigned char)c->buf[i];
		if (!is_alpha(ch) && !is_digit(ch) && !strchr("-._~+/", ch))
			break;
		i++;
	}
	if (i == c->pos)
		return 0;
	while (i < c->end && c->buf[i] == '=')
		i++;
	return at_end_or_comma(c, i) ? i - c->pos : 0;
}

/* A quoted-string at c->pos; the span is what is inside the quotes. */
static int
parse_quoted(struct cur *c, struct http_span *out)
{
	size_t start = ++c->pos;
	unsigned char ch;

	while (c->pos < c->end) {
		ch = (unsigned char)c->buf[c->pos];
		if (ch == '"') {
			*out = span(start, c->pos - start);
			c->pos++;
			return HTTP_RESP_OK;
		}
		if (ch == '\\') {
			if (++c->pos == c->end)
				break;
			ch = (unsigned char)c->buf[c->pos];
		}
		if (!is_text(ch))
			return HTTP_RESP_E_CHALLENGE;
		c->pos++;
	}
	return HTTP_RESP_E_CHALLENGE;
}

static int
parse_param(struct cur *c, struct http_auth_param *p)
{
	size_t t = token_len(c, c->pos);

	if (t == 0)
		return HTTP_RESP_E_CHALLENGE;
	p->name = span(c->pos, t);
	c->pos += t;
	skip_ows(c);
	if (c->pos == c->end || c->buf[c->pos] != '=')
		return HTTP_RESP_E_CHALLENGE;
	c->pos++;
	skip_ows(c);
	if (c->pos < c->end && c->buf[c->pos] == '"') {
		p->quoted = true;
		return parse_quoted(c, &p->value);
	}
	p->quoted = false;
	if ((t = token_len(c, c->pos)) == 0)
		return HTTP_RESP_E_CHALLENGE;
	p->value = span(c->pos, t);
	c->pos += t;
	return HTTP_RESP_OK;
}

/* After a comma: "name=" begins a parameter, anything else a challenge. */
static bool
param_ahead(const struct cur *c)
{
	size_t t = token_len(c, c->pos), p = c->pos + t;

	if (t == 0)
		return false;
	while (p < c->end && is_ows((unsigned char)c->buf[p]))
		p++;
	return p < c->end && c->buf[p] == '=';
}

static int
parse_params(struct cur *c, struct http_challenge *ch)
{
	int rc;

	for (;;) {
		if (ch->n_params == HTTP_AUTH_PARAMS_MAX)
			return HTTP_RESP_E_TOO_BIG;
		rc = parse_param(c, &ch->params[ch->n_params]);
		if (rc != HTTP_RESP_OK)
			return rc;
		ch->n_params++;
		skip_ows(c);
		if (c->pos == c->end)
			return HTTP_RESP_OK;
		if (c->buf[c->pos] != ',')
			return HTTP_RESP_E_CHALLENGE;
		skip_list_sep(c);
		if (c->pos == c->end || !param_ahead(c))
			return HTTP_RESP_OK;
	}
}

static int
parse_challenge(struct cur *c, struct http_challenge *ch)
{
	size_t t = token_len(c, c->pos);

	memset(ch, 0, sizeof(*ch));
	if (t == 0)
		return HTTP_RESP_E_CHALLENGE;
	ch->scheme = span(c->pos, t);
	c->pos += t;
	if (c->pos == c->end || c->buf[c->pos] == ',')
		return HTTP_RESP_OK;
	if (!is_ows((unsigned char)c->buf[c->pos]))
		return HTTP_RESP_E_CHALLENGE;
	skip_ows(c);
	if (at_end_or_comma(c, c->pos))
		return HTTP_RESP_OK;
	if ((t = token68_len(c)) > 0) {
		ch->token68 = span(c->pos, t);
		c->pos += t;
		return HTTP_RESP_OK;
	}
	return parse_params(c, ch);
}

int
http_resp_challenges(const char *buf, struct http_span value,
    struct http_challenge *out, size_t max, size_t *n)
{
	struct cur c = { buf, value.off, (size_t)value.off + value.len };
	int rc;

	for (;;) {
		skip_list_sep(&c);
		if (c.pos == c.end)
			return HTTP_RESP_OK;
		if (*n >= max)
			return HTTP_RESP_E_TOO_BIG;
		if ((rc = parse_challenge(&c, &out[*n])) != HTTP_RESP_OK)
			return rc;
		(*n)++;
	}
}

const struct http_auth_param *
http_resp_param(const struct http_challenge *ch, const char *buf,
    const char *name)
{
	size_t i;

	for (i = 0; i < ch->n_params; i++)
		if (span_ieq(buf, ch->params[i].name, name))
			return &ch->params[i];
	return NULL;
}

bool
http_resp_unquote(const char *buf, const struct http_auth_param *p,
    char *dst, size_t dstsz)
{
	size_t i, o = 0;

	if (dstsz == 0)
		return false;
	for (i = 0; i < p->value.len; i++) {
		if (p->quoted && buf[p->value.off + i] == '\\')
			i++;
		if (o + 1 >= dstsz) {
			dst[o] = '\0';
			return false;
		}
		dst[o++] = buf[p->value.off + i];
	}
	dst[o] = '\0';
	return true;
}

/* Choosing the Digest challenge to answer. */

static bool
param_str(const struct http_challenge *ch, const char *buf, const char *name,
    char *dst, size_t dstsz)
{
	const struct http_auth_param *p = http_resp_param(ch, buf, name);

	dst[0] = '\0';
	return p && http_resp_unquote(buf, p, dst, dstsz);
}

static int
digest_alg(const struct http_challenge *ch, const char *buf,
    enum http_digest_alg *alg)
{
	static const char *const names[] = { "MD5", "MD5-sess", "SHA-256",
		"SHA-256-sess" };
	const struct http_auth_param *p = http_resp_param(ch, buf,
	    "algorithm");
	char v[32];
	size_t i;

	*alg = HTTP_DIGEST_MD5;
	if (!p)
		return 0;
	if (!http_resp_unquote(buf, p, v, sizeof(v)))
		return -1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcasecmp(v, names[i])) {
			*alg = (enum http_digest_alg)i;
			return 0;
		}
	}
	return -1;
}

/* qop="auth,auth-int": auth when offered, else auth-int; -1 neither. */
static int
digest_qop(const struct http_challenge *ch, const char *buf,
    enum http_qop *qop)
{
	const struct http_auth_param *p = http_resp_param(ch, buf, "qop");
	struct http_span v = { 0, 0 }, it;
	char list[QOP_LIST_MAX];
	size_t pos = 0;

	*qop = HTTP_QOP_NONE;
	if (!p)
		return 0;
	if (!http_resp_unquote(buf, p, list, sizeof(list)))
		return -1;
	v.len = (uint32_t)strlen(list);
	while (list_next(list, v, &pos, &it)) {
		if (span_ieq(list, it, "auth"))
			*qop = HTTP_QOP_AUTH;
		else if (span_ieq(list, it, "auth-int") &&
		    *qop != HTTP_QOP_AUTH)
			*qop = HTTP_QOP_AUTH_INT;
	}
	return *qop == HTTP_QOP_NONE ? -1 : 0;
}

/* Fill cand from a Digest challenge; its rank, -1 when unanswerable. */
static int
digest_rank(const struct http_challenge *ch, const char *buf,
    struct http_auth_offer *cand)
{
	char flag[8];

	if (digest_alg(ch, buf, &cand->alg) < 0 ||
	    digest_qop(ch, buf, &cand->qop) < 0)
		return -1;
	if (!param_str(ch, buf, "realm", cand->realm, sizeof(cand->realm)) ||
	    !param_str(ch, buf, "nonce", cand->nonce, sizeof(cand->nonce)) ||
	    !cand->nonce[0])
		return -1;
	if (param_str(ch, buf, "userhash", flag, sizeof(flag)) &&
	    !strcasecmp(flag, "true"))
		return -1;
	cand->stale = param_str(ch, buf, "stale", flag, sizeof(flag)) &&
	    !strcasecmp(flag, "true");
	cand->has_opaque = http_resp_param(ch, buf, "opaque") != NULL;
	if (cand->has_opaque && !param_str(ch, buf, "opaque", cand->opaque,
	    sizeof(cand->opaque)))
		return -1;
	return (cand->alg >= HTTP_DIGEST_SHA256 ? 20 : 10) -
	    (cand->alg == HTTP_DIGEST_MD5_SESS ||
	    cand->alg == HTTP_DIGEST_SHA256_SESS) +
	    (cand->qop == HTTP_QOP_AUTH ? 4 : cand->qop ? 2 : 0);
}

static void
consider(const struct http_challenge *ch, const char *buf,
    struct http_auth_offer *offer, int *best)
{
	struct http_auth_offer cand;
	int rank;

	if (!span_ieq(buf, ch->scheme, "digest"))
		return;
	offer->digest = true;
	memset(&cand, 0, sizeof(cand));
	rank = digest_rank(ch, buf, &cand);
	if (rank <= *best)
		return;
	*best = rank;
	cand.digest = true;
	cand.digest_ok = true;
	*offer = cand;
}

int
http_resp_auth_offer(const struct http_resp_head *h, const char *buf,
    const char *hdr, struct http_auth_offer *offer)
{
	struct http_challenge ch[HTTP_CHALLENGES_MAX];
	struct http_span v;
	size_t n = 0, nth, i;
	int rc = HTTP_RESP_OK, best = -1;

	memset(offer, 0, sizeof(*offer));
	for (nth = 0; rc == HTTP_RESP_OK &&
	    http_resp_header(h, buf, hdr, nth, &v); nth++)
		rc = http_resp_challenges(buf, v, ch, HTTP_CHALLENGES_MAX, &n);
	for (i = 0; i < n; i++)
		consider(&ch[i], buf, offer, &best);
	for (i = 0; i < n; i++)
		offer->basic |= span_ieq(buf, ch[i].scheme, "basic");
	return rc;
}

const char *
http_digest_alg_name(enum http_digest_alg alg)
{
	switch (alg) {
	case HTTP_DIGEST_MD5:
		return "MD5";
	case HTTP_DIGEST_MD5_SESS:
		return "MD5-sess";
	case HTTP_DIGEST_SHA256:
		return "SHA-256";
	case HTTP_DIGEST_SHA256_SESS:
		return "SHA-256-sess";
	}
	return "MD5";
}
