/*
 * http_resp_parse.h - the replies camguard's HTTP and RTSP clients read.
 *
 * Pure parsers over the caller's buffer (no I/O, no malloc, no globals):
 * the status line and header lines of an HTTP/1.x or RTSP/1.0 reply, the
 * body framing (Content-Length, chunked), the challenges of
 * WWW-Authenticate (RFC 7235 grammar: quoted strings, commas inside them,
 * several challenges in one header) and the choice of the Digest or Basic
 * challenge the client answers.  Results are offsets into the buffer.
 * http_resp_parse.c reads the head, framing and chunks; http_auth_parse.c
 * the challenges.  Sending, receiving, hashing and TLS live in
 * platform/net/.
 */
#ifndef CAMGUARD_HTTP_RESP_PARSE_H
#define CAMGUARD_HTTP_RESP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cg_limits.h"

enum http_resp_err {
	HTTP_RESP_OK = 0,
	HTTP_RESP_E_INCOMPLETE = -1,	/* more bytes are needed */
	HTTP_RESP_E_STATUS = -2,	/* not an HTTP or RTSP status line */
	HTTP_RESP_E_HEADER = -3,	/* a malformed header line */
	HTTP_RESP_E_TOO_BIG = -4,	/* head or a count over its limit */
	HTTP_RESP_E_LENGTH = -5,	/* bad or conflicting Content-Length */
	HTTP_RESP_E_CHUNK = -6,		/* malformed chunked body */
	HTTP_RESP_E_CHALLENGE = -7,	/* malformed WWW-Authenticate */
};

struct http_span {
	uint32_t off;
	uint32_t len;
};

struct http_resp_header {
	struct http_span name;
	struct http_span value;		/* leading/trailing blanks dropped */
};

struct http_resp_head {
	bool		rtsp;		/* "RTSP/1.0" rather than "HTTP/1.x" */
	unsigned	major, minor;
	int		status;		/* 100..999 */
	struct http_span reason;
	size_t		head_len;	/* bytes up to and with the blank */
	size_t		n_headers;
	struct http_resp_header headers[HTTP_RESP_HEADERS_MAX];
	int64_t		content_length;	/* -1: no Content-Length */
	bool		chunked;	/* last transfer coding is chunked */
	bool		te_other;	/* Transfer-Encoding without chunked */
	bool		conn_close;	/* "Connection: close" */
};

/*
 * Parse the head at the start of buf.  OK fills *out (head_len says where
 * the body starts); INCOMPLETE means no blank line yet (and len is under
 * HTTP_RESP_HEAD_MAX); a first line that cannot become a status line is
 * E_STATUS as soon as its first bytes are seen.  Lines may end in CRLF or
 * LF.  Folded header lines, control bytes and blanks before the colon are
 * E_HEADER.  Content-Length is ignored when Transfer-Encoding is present.
 */
int	http_resp_parse_head(const char *buf, size_t len,
	    struct http_resp_head *out);
const char *http_resp_strerror(int err);

/* The nth (0-based) header called name, compared without case. */
bool	http_resp_header(const struct http_resp_head *, const char *buf,
	    const char *name, size_t nth, struct http_span *value);
/* Copy a span into dst as a C string; false when it had to be cut. */
bool	http_resp_copy(const char *buf, struct http_span, char *dst,
	    size_t dstsz);

/*
 * Chunked bodies, decoded in place and resumable: buf[0..*len) holds the
 * bytes decoded so far (st->out_len of them) followed by raw bytes not yet
 * decoded.  Each call decodes what it can and moves the raw remainder
 * down so that *len = st->out_len + remainder.  Returns OK once the last
 * chunk and the trailers were read (bytes after them are dropped from
 * *len), INCOMPLETE when it needs more, E_CHUNK on a bad size line,
 * missing CRLF or a line over HTTP_CHUNK_LINE_MAX.
 */
struct http_chunked {
	int		state;
	uint64_t	left;		/* data bytes left in this chunk */
	size_t		out_len;	/* decoded bytes at the buffer start */
};

void	http_chunked_init(struct http_chunked *);
int	http_chunked_decode(struct http_chunked *, char *buf, size_t *len);

/* WWW-Authenticate: challenges and their parameters, as spans. */
struct http_auth_param {
	struct http_span name;
	struct http_span value;		/* inside the quotes, escapes kept */
	bool		quoted;
};

struct http_challenge {
	struct http_span scheme;
	struct http_span token68;	/* len 0 unless a token68 form */
	size_t		n_params;
	struct http_auth_param params[HTTP_AUTH_PARAMS_MAX];
};

/*
 * Parse one header value (span of buf) and append its challenges to
 * out[*n .. max).  E_CHALLENGE on bad syntax, E_TOO_BIG over max
 * challenges or HTTP_AUTH_PARAMS_MAX params.
 */
int	http_resp_challenges(const char *buf, struct http_span value,
	    struct http_challenge *out, size_t max, size_t *n);
/* A parameter by name (without case), NULL when absent. */
const struct http_auth_param *http_resp_param(const struct http_challenge *,
	    const char *buf, const char *name);
/* Unquote a parameter value into dst; false when it does not fit. */
bool	http_resp_unquote(const char *buf, const struct http_auth_param *,
	    char *dst, size_t dstsz);

enum http_digest_alg {
	HTTP_DIGEST_MD5,
	HTTP_DIGEST_MD5_SESS,
	HTTP_DIGEST_SHA256,
	HTTP_DIGEST_SHA256_SESS,
};

enum http_qop { HTTP_QOP_NONE, HTTP_QOP_AUTH, HTTP_QOP_AUTH_INT };

/* What a 401 offers, and the one Digest challenge we would answer. */
struct http_auth_offer {
	bool		basic;		/* a Basic challenge */
	bool		digest;		/* any Digest challenge */
	bool		digest_ok;	/* one we can answer (fields below) */
	enum http_digest_alg alg;
	enum http_qop	qop;
	bool		stale;
	bool		has_opaque;
	char		realm[HTTP_AUTH_VALUE_MAX];
	char		nonce[HTTP_AUTH_VALUE_MAX];
	char		opaque[HTTP_AUTH_VALUE_MAX];
};

/*
 * Read every header called hdr ("WWW-Authenticate") and fill *offer.
 * Among Digest challenges SHA-256 beats MD5 and qop=auth beats auth-int
 * beats none; ones with an unknown algorithm, userhash=true or a missing
 * realm or nonce are not answerable.  Returns OK even when nothing is
 * offered; E_CHALLENGE or E_TOO_BIG when a header does not parse (what
 * was read before it is kept).
 */
int	http_resp_auth_offer(const struct http_resp_head *, const char *buf,
	    const char *hdr, struct http_auth_offer *offer);
const char *http_digest_alg_name(enum http_digest_alg);

#endif
