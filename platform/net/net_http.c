/*
 * net_http.c - one HTTP/1.1 or RTSP/1.0 request and its reply, with one
 * answer to a 401; the TLS-only probe.
 *
 * Owns the request bytes (request line, Host or CSeq, Authorization,
 * Content-Length, "Connection: close"), reading a reply into the caller's
 * buffer until its framing says it is complete (Content-Length, chunked,
 * end of stream; RTSP replies without Content-Length have no body), and
 * the 401 dance: read the challenges, answer Digest before Basic, once.
 * Parsing is app/proto/http_resp_parse.c; sockets net_sock.c; TLS
 * net_tls_client.c; the header values net_auth.c.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "platform/net/net_priv.h"
#include "proto/http_url.h"

#define AUTHZ_MAX		2048	/* an Authorization value we build */
#define DEFAULT_TIMEOUT_MS	3000

struct xchg {
	const struct net_request *rq;
	const struct http_url	*url;
	struct net_response	*rs;
	const char		*authz;		/* NULL: no credentials */
	unsigned		 cseq;
	char			 target[NET_HOST_MAX + NET_PATH_MAX + 16];
	char			 what[LOG_FIELD_MAX + 8];
};

struct reader {
	char		*buf;
	size_t		 cap;		/* bytes usable, NUL excluded */
	size_t		 have;
	bool		 eof;
};

static bool
token_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < 'A' || *s > 'Z')
			return false;
	return true;
}

static bool
value_ok(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

struct out {
	char	*buf;
	size_t	 size;
	size_t	 len;
	bool	 cut;
};

static void put(struct out *, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->cut)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->size - o->len)
		o->cut = true;
	else
		o->len += (size_t)n;
}

/* Request line, headers, blank line. */
static int
build_head(const struct xchg *x, char *buf, size_t size, size_t *len)
{
	const struct net_request *rq = x->rq;
	struct out o = { buf, size, 0, false };
	char hp[NET_HOST_MAX + 8];

	if (x->url->scheme == HTTP_URL_RTSP) {
		put(&o, "%s %s RTSP/1.0\r\nCSeq: %u\r\n", rq->method,
		    x->target, x->cseq);
	} else {
		http_url_hostport(x->url, hp, sizeof(hp));
		put(&o, "%s %s HTTP/1.1\r\nHost: %s\r\n"
		    "Connection: close\r\n", rq->method, x->target, hp);
	}
	put(&o, "User-Agent: camguard/%s\r\nAccept: %s\r\n",
	    CAMGUARD_VERSION, strcmp(rq->method, "DESCRIBE") ? "*/*" :
	    "application/sdp");
	if (x->authz)
		put(&o, "Authorization: %s\r\n", x->authz);
	if (rq->content_type)
		put(&o, "Content-Type: %s\r\n", rq->content_type);
	if (rq->body_len || !strcmp(rq->method, "POST"))
		put(&o, "Content-Length: %zu\r\n", rq->body_len);
	put(&o, "\r\n");
	*len = o.len;
	return o.cut ? NET_E_ARG : NET_OK;
}

static int
send_request(struct netc_conn *c, const struct xchg *x)
{
	char head[NET_REQ_HEAD_MAX];
	size_t len;
	int rc;

	if (build_head(x, head, sizeof(head), &len) != NET_OK) {
		netc_seterr(c, "request head too long");
		return NET_E_ARG;
	}
	rc = netc_conn_write(c, head, len);
	explicit_bzero(head, sizeof(head));
	if (rc == NET_OK && x->rq->body_len)
		rc = netc_conn_write(c, x->rq->body, x->rq->body_len);
	return rc;
}

static int
read_more(struct netc_conn *c, struct reader *r, const char *what)
{
	size_t got;
	int rc;

	if (r->have >= r->cap) {
		netc_seterr(c, "%s larger than %zu bytes", what, r->cap);
		return NET_E_TOO_BIG;
	}
	rc = netc_conn_read(c, r->buf + r->have, r->cap - r->have, &got);
	if (rc != NET_OK)
		return rc;
	r->eof = got == 0;
	r->have += got;
	return NET_OK;
}

static int
head_error(struct netc_conn *c, int rc)
{
	if (rc == HTTP_RESP_E_TOO_BIG) {
		netc_seterr(c, "reply head larger than %d bytes or %d lines",
		    HTTP_RESP_HEAD_MAX, HTTP_RESP_HEADERS_MAX);
		return NET_E_TOO_BIG;
	}
	netc_seterr(c, "not an HTTP/RTSP reply (%s)", http_resp_strerror(rc));
	return NET_E_PROTO;
}

static int
read_head(struct netc_conn *c, struct reader *r, struct http_resp_head *h)
{
	int rc;

	for (;;) {
		rc = http_resp_parse_head(r->buf, r->have, h);
		if (rc == HTTP_RESP_OK && h->status < 200 && !h->rtsp &&
		    h->status != 101) {
			r->have -= h->head_len;
			memmove(r->buf, r->buf + h->head_len, r->have);
			continue;
		}
		if (rc == HTTP_RESP_OK)
			return NET_OK;
		if (rc != HTTP_RESP_E_INCOMPLETE)
			return head_error(c, rc);
		if (r->eof) {
			netc_seterr(c, r->have ? "connection closed in the "
			    "reply head" : "connection closed without a reply");
			return NET_E_TRUNCATED;
		}
		if ((rc = read_more(c, r, "reply head")) != NET_OK)
			return rc;
	}
}

static int
read_sized(struct netc_conn *c, struct reader *r, size_t start, int64_t cl,
    size_t *body_len)
{
	int rc;

	if ((uint64_t)cl > r->cap - start) {
		netc_seterr(c, "reply body of %lld bytes is over the %zu-byte "
		    "limit", (long long)cl, r->cap - start);
		return NET_E_TOO_BIG;
	}
	while (r->have - start < (size_t)cl) {
		if (r->eof) {
			netc_seterr(c, "reply truncated: connection closed "
			    "after %zu of %lld body bytes", r->have - start,
			    (long long)cl);
			return NET_E_TRUNCATED;
		}
		if ((rc = read_more(c, r, "reply")) != NET_OK)
			return rc;
	}
	*body_len = (size_t)cl;
	return NET_OK;
}

static int
read_chunked(struct netc_conn *c, struct reader *r, size_t start,
    size_t *body_len)
{
	struct http_chunked ch;
	size_t len;
	int rc;

	http_chunked_init(&ch);
	for (;;) {
		len = r->have - start;
		rc = http_chunked_decode(&ch, r->buf + start, &len);
		r->have = start + len;
		if (rc == HTTP_RESP_OK) {
			*body_len = ch.out_len;
			return NET_OK;
		}
		if (rc != HTTP_RESP_E_INCOMPLETE) {
			netc_seterr(c, "%s", http_resp_strerror(rc));
			return NET_E_PROTO;
		}
		if (r->eof) {
			netc_seterr(c, "reply truncated: connection closed "
			    "inside the chunked body");
			return NET_E_TRUNCATED;
		}
		if ((rc = read_more(c, r, "reply")) != NET_OK)
			return rc;
	}
}

static int
read_body(struct netc_conn *c, struct reader *r, const struct xchg *x,
    size_t *body_len)
{
	const struct http_resp_head *h = &x->rs->head;
	size_t start = h->head_len;
	int rc;

	*body_len = 0;
	if (!strcmp(x->rq->method, "HEAD") || h->status == 204 ||
	    h->status == 304 || h->status < 200 ||
	    (h->rtsp && h->content_length < 0))
		return NET_OK;
	if (h->content_length >= 0)
		return read_sized(c, r, start, h->content_length, body_len);
	if (h->chunked)
		return read_chunked(c, r, start, body_len);
	while (!r->eof)
		if ((rc = read_more(c, r, "reply")) != NET_OK)
			return rc;
	*body_len = r->have - start;
	return NET_OK;
}


static void
copy_header(const char *buf, const struct http_resp_head *h,
    const char *name, char *dst, size_t dstsz)
{
	struct http_span v;

	dst[0] = '\0';
	if (http_resp_header(h, buf, name, 0, &v))
		(void)http_resp_copy(buf, v, dst, dstsz);
}

/* What the caller and the 401 answer want from a reply head. */
static void
note_reply(struct xchg *x, struct http_auth_offer *offer)
{
	struct net_response *rs = x->rs;
	const char *buf = x->rq->buf;

	rs->status = rs->head.status;
	rs->rtsp = rs->head.rtsp;
	copy_header(buf, &rs->head, "Server", rs->server, sizeof(rs->server));
	copy_header(buf, &rs->head, "Content-Type", rs->content_type,
	    sizeof(rs->content_type));
	copy_header(buf, &rs->head, "Location", rs->location,
	    sizeof(rs->location));
	copy_header(buf, &rs->head, "Public", rs->rtsp_public,
	    sizeof(rs->rtsp_public));
	if (rs->status != 401)
		return;
	(void)http_resp_auth_offer(&rs->head, buf, "WWW-Authenticate",
	    offer);
	rs->offered_basic |= offer->basic;
	rs->offered_digest |= offer->digest;
}

static int
exchange(struct xchg *x, struct http_auth_offer *offer)
{
	const struct net_request *rq = x->rq;
	struct net_response *rs = x->rs;
	struct netc_conn c = { .fd = -1, .err = rs->err,
		.errsz = sizeof(rs->err), .what = x->what };
	size_t cap = rq->bufsz > HTTP_RESP_MAX ? HTTP_RESP_MAX : rq->bufsz - 1;
	struct reader r = { rq->buf, cap, 0, false };
	struct netc_tls tls;
	size_t body_len = 0;
	int rc;

	rs->exchanges++;
	rs->status = 0;
	rs->body = NULL;
	rs->body_len = 0;
	c.deadline = netc_now_ms() + (rq->timeout_ms > 0 ? rq->timeout_ms :
	    DEFAULT_TIMEOUT_MS);
	rc = netc_sock_connect(&c, x->url->host, x->url->port);
	if (rc == NET_OK && x->url->scheme == HTTP_URL_HTTPS)
		rc = netc_tls_open(&c, &tls, x->url->host, &rq->tls, &rs->tls);
	if (rc == NET_OK)
		rc = send_request(&c, x);
	if (rc == NET_OK)
		rc = read_head(&c, &r, &rs->head);
	if (rc == NET_OK) {
		note_reply(x, offer);
		rc = read_body(&c, &r, x, &body_len);
	}
	if (rc == NET_OK) {
		rs->body = rq->buf + rs->head.head_len;
		rs->body_len = body_len;
		rq->buf[rs->head.head_len + body_len] = '\0';
	}
	netc_conn_close(&c);
	return rc;
}

static void xerr(struct xchg *, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
xerr(struct xchg *x, const char *fmt, ...)
{
	struct net_response *rs = x->rs;
	va_list ap;
	int n;

	n = snprintf(rs->err, sizeof(rs->err), "%s: ", x->what);
	if (n < 0 || (size_t)n >= sizeof(rs->err))
		return;
	va_start(ap, fmt);
	vsnprintf(rs->err + n, sizeof(rs->err) - (size_t)n, fmt, ap);
	va_end(ap);
}

static int
check_request(struct xchg *x, struct http_url *url)
{
	const struct net_request *rq = x->rq;
	char hp[NET_HOST_MAX + 8];
	int rc;

	if ((rc = http_url_parse(rq->url, strlen(rq->url), url)) != 0) {
		xerr(x, "%s", http_url_strerror(rc));
		return NET_E_URL;
	}
	if (!rq->method || !token_ok(rq->method) || !value_ok(
	    rq->content_type) || !rq->buf || rq->bufsz < 2 ||
	    (rq->body_len && !rq->body)) {
		xerr(x, "bad request arguments");
		return NET_E_ARG;
	}
	if (url->scheme != HTTP_URL_RTSP) {
		snprintf(x->target, sizeof(x->target), "%s", url->path);
		return NET_OK;
	}
	http_url_hostport(url, hp, sizeof(hp));
	snprintf(x->target, sizeof(x->target), "rtsp://%s%s", hp, url->path);
	return NET_OK;
}

/* The agent on the camera itself: the password never leaves the box. */
static bool
host_is_loopback(const char *host)
{
	unsigned char a[16];

	if (!strcmp(host, "localhost"))
		return true;
	if (inet_pton(AF_INET6, host, a) == 1)
		return !memcmp(a, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16);
	return inet_pton(AF_INET, host, a) == 1 && a[0] == 127;
}

/*
 * Basic sends the password itself: only inside TLS (camguard verifies
 * https:// peers, camera.h) or to loopback.  Digest is fine anywhere.
 */
static bool
basic_allowed(const struct xchg *x)
{
	return x->url->scheme == HTTP_URL_HTTPS ||
	    host_is_loopback(x->url->host);
}

/* The Authorization value for a 401: NET_OK, 1 when nothing fits. */
static int
make_authz(struct xchg *x, const struct http_auth_offer *offer,
    char *out, size_t outsz)
{
	const struct net_request *rq = x->rq;
	const char *pw = rq->password ? rq->password : "";
	struct net_response *rs = x->rs;
	int rc;

	if (offer->digest_ok) {
		rc = netc_auth_digest(offer, rq->user, pw, rq->method,
		    x->target, rq->body, rq->body_len, out, outsz);
		snprintf(rs->auth_scheme, sizeof(rs->auth_scheme), "Digest");
		snprintf(rs->digest_alg, sizeof(rs->digest_alg), "%s",
		    http_digest_alg_name(offer->alg));
	} else if (offer->basic && !basic_allowed(x)) {
		xerr(x, "the camera offers only Basic authentication over "
		    "plain %s: camguard does not send its password in "
		    "cleartext over the network (use https:// with "
		    "camera.ca_file, or Digest on the camera)",
		    x->url->scheme == HTTP_URL_RTSP ? "RTSP" : "HTTP");
		return 1;
	} else if (offer->basic) {
		rc = netc_auth_basic(rq->user, pw, out, outsz);
		snprintf(rs->auth_scheme, sizeof(rs->auth_scheme), "Basic");
	} else {
		xerr(x, "401 offers no scheme camguard speaks (Digest with "
		    "MD5 or SHA-256, Basic)");
		return 1;
	}
	if (rc != NET_OK)
		xerr(x, "user name or password too long or unusable");
	return rc;
}

int
net_request(const struct net_request *rq, struct net_response *rs)
{
	struct http_auth_offer offer;
	struct http_url url;
	struct xchg x = { .rq = rq, .url = &url, .rs = rs, .cseq = 1 };
	char authz[AUTHZ_MAX];
	int rc;

	memset(rs, 0, sizeof(*rs));
	memset(&offer, 0, sizeof(offer));
	log_escape(x.what, sizeof(x.what), rq->url, strlen(rq->url));
	if ((rc = check_request(&x, &url)) != NET_OK)
		return rc;
	rc = exchange(&x, &offer);
	if (rc != NET_OK || rs->status != 401 || !rq->user)
		return rc;
	if ((rc = make_authz(&x, &offer, authz, sizeof(authz))) != NET_OK) {
		explicit_bzero(authz, sizeof(authz));
		return rc > 0 ? NET_OK : rc;
	}
	x.authz = authz;
	x.cseq = 2;
	rs->auth_sent = true;
	rc = exchange(&x, &offer);
	explicit_bzero(authz, sizeof(authz));
	if (rc == NET_OK && rs->status == 401)
		xerr(&x, "%s credentials refused (401)", rs->auth_scheme);
	return rc;
}

int
net_rtsp_probe(const char *url, const char *method, long timeout_ms,
    char *buf, size_t bufsz, struct net_response *rs)
{
	struct net_request rq = { .method = method, .url = url,
		.timeout_ms = timeout_ms, .buf = buf, .bufsz = bufsz };

	return net_request(&rq, rs);
}

int
net_tls_probe(const char *host, uint16_t port, const struct net_tls_opts *o,
    long timeout_ms, struct net_tls_info *info, char *err, size_t errsz)
{
	char what[LOG_FIELD_MAX + 16], h[LOG_FIELD_MAX + 8];
	struct netc_conn c = { .fd = -1, .err = err, .errsz = errsz,
		.what = what };
	struct netc_tls tls;
	int rc;

	log_escape(h, sizeof(h), host, strlen(host));
	snprintf(what, sizeof(what), strchr(host, ':') ? "[%s]:%u" : "%s:%u",
	    h, port);
	memset(info, 0, sizeof(*info));
	if (errsz)
		err[0] = '\0';
	c.deadline = netc_now_ms() + (timeout_ms > 0 ? timeout_ms :
	    DEFAULT_TIMEOUT_MS);
	rc = netc_sock_connect(&c, host, port);
	if (rc == NET_OK)
		rc = netc_tls_open(&c, &tls, host, o, info);
	netc_conn_close(&c);
	return rc;
}

const char *
net_strerror(int err)
{
	switch (err) {
	case NET_OK:
		return "no error";
	case NET_E_URL:
		return "bad URL";
	case NET_E_RESOLVE:
		return "host not found";
	case NET_E_REFUSED:
		return "connection refused";
	case NET_E_TIMEOUT:
		return "timed out";
	case NET_E_TLS:
		return "TLS error";
	case NET_E_PROTO:
		return "not an HTTP/RTSP reply";
	case NET_E_TRUNCATED:
		return "reply truncated";
	case NET_E_TOO_BIG:
		return "reply too large";
	case NET_E_IO:
		return "I/O error";
	case NET_E_ARG:
		return "bad request";
	}
	return "unknown error";
}

const char *
net_tls_ver_name(enum net_tls_ver v)
{
	switch (v) {
	case NET_TLS_1_0:
		return "TLSv1.0";
	case NET_TLS_1_1:
		return "TLSv1.1";
	case NET_TLS_1_2:
		return "TLSv1.2";
	case NET_TLS_ANY:
		break;
	}
	return "any";
}
