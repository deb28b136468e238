/*
 * http_auth_parse.c - the WWW-Authenticate challenges of an HTTP/1.x or
 * RTSP/1.0 reply (RFC 7235 sections 2.1 and 4.1: auth-schemes, token68,
 * auth-params with quoted strings and commas inside them, several
 * challenges in one header) and the choice of the Digest or Basic
 * challenge the client answers (the declarations are in
 * http_resp_parse.h, with the rest of the reply).
 *
 * Pure: every function reads the caller's buffer and writes only its
 * out-parameters.  It does not read the status line, headers or body
 * framing (http_resp_parse.c), nor hash or answer a challenge
 * (platform/net/).
 */
#include <string.h>
#include <strings.h>

#include "proto/http_lex.h"
#include "proto/http_resp_parse.h"

#define QOP_LIST_MAX	64

struct cur {
	const char	*buf;
	size_t		 pos;
	size_t		 end;
};

static void
skip_ows(struct cur *c)
{
	while (c->pos < c->end && http_lex_ows((unsigned char)c->buf[c->pos]))
		c->pos++;
}

/* Blanks and commas between list elements. */
static void
skip_list_sep(struct cur *c)
{
	while (c->pos < c->end &&
	    (http_lex_ows((unsigned char)c->buf[c->pos]) ||
	    c->buf[c->pos] == ','))
		c->pos++;
}

static size_t
token_len(const struct cur *c, size_t pos)
{
	size_t i = pos;

	while (i < c->end && http_lex_tchar((unsigned char)c->buf[i]))
		i++;
	return i - pos;
}

static bool
at_end_or_comma(const struct cur *c, size_t pos)
{
	while (pos < c->end && http_lex_ows((unsigned char)c->buf[pos]))
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
		if (!http_lex_alpha(ch) && !http_lex_digit(ch) &&
		    !strchr("-._~+/", ch))
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
			*out = http_lex_span(start, c->pos - start);
			c->pos++;
			return HTTP_RESP_OK;
		}
		if (ch == '\\') {
			if (++c->pos == c->end)
				break;
			ch = (unsigned char)c->buf[c->pos];
		}
		if (!http_lex_text(ch))
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
	p->name = http_lex_span(c->pos, t);
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
	p->value = http_lex_span(c->pos, t);
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
	while (p < c->end && http_lex_ows((unsigned char)c->buf[p]))
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
	ch->scheme = http_lex_span(c->pos, t);
	c->pos += t;
	if (c->pos == c->end || c->buf[c->pos] == ',')
		return HTTP_RESP_OK;
	if (!http_lex_ows((unsigned char)c->buf[c->pos]))
		return HTTP_RESP_E_CHALLENGE;
	skip_ows(c);
	if (at_end_or_comma(c, c->pos))
		return HTTP_RESP_OK;
	if ((t = token68_len(c)) > 0) {
		ch->token68 = http_lex_span(c->pos, t);
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
		if (http_lex_ieq(buf, ch->params[i].name, name))
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
	while (http_lex_list_next(list, v, &pos, &it)) {
		if (http_lex_ieq(list, it, "auth"))
			*qop = HTTP_QOP_AUTH;
		else if (http_lex_ieq(list, it, "auth-int") &&
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

	if (!http_lex_ieq(buf, ch->scheme, "digest"))
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
		offer->basic |= http_lex_ieq(buf, ch[i].scheme, "basic");
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
