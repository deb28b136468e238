/*
 * http_parse.h - the head of one HTTP/1.x request, as the status endpoint
 * reads it (spec section 9).
 *
 * A pure parser: no I/O, no allocation, no state between calls.  It reads
 * the bytes a client has sent so far and says whether a whole request head
 * is there (and how long it is), whether more bytes are needed, or what is
 * wrong with it.  Spans point into the caller's buffer.  Only what the
 * server needs is kept: method, target, version, Host, Authorization,
 * Connection and the first Accept-Language; a request with a body (Content-Length > 0 or any
 * Transfer-Encoding) is refused, since GET and HEAD have none.
 */
#ifndef CAMGUARD_HTTP_PARSE_H
#define CAMGUARD_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cg_limits.h"

enum http_method { HTTP_M_GET, HTTP_M_HEAD };

/* Bytes [off, off + len) of the parsed buffer. */
struct http_span {
	uint16_t	off, len;
};

struct http_req {
	enum http_method	method;
	unsigned		minor;		/* HTTP/1.minor */
	struct http_span	target;		/* the whole request-target */
	struct http_span	path;		/* target up to '?' */
	bool			has_host;
	struct http_span	host;
	bool			has_auth;
	struct http_span	auth;		/* the Authorization value */
	bool			has_lang;
	struct http_span	lang;		/* the first Accept-Language */
	bool			keep_alive;	/* by version and Connection */
	size_t			head_len;	/* through the empty line */
};

enum http_parse_rc {
	HTTP_DONE = 1,		/* a whole head: req->head_len bytes */
	HTTP_MORE = 0,		/* a valid beginning: read more */
	HTTP_E_SYNTAX = -1,	/* request line or field syntax (400) */
	HTTP_E_CTL = -2,	/* NUL, bare CR, other control byte (400) */
	HTTP_E_FOLD = -3,	/* obs-fold or whitespace before a field */
	HTTP_E_LINE = -4,	/* request line over HTTP_REQ_LINE_MAX (400) */
	HTTP_E_HOST = -5,	/* HTTP/1.1 without Host, or two (400) */
	HTTP_E_DUP = -6,	/* a second Authorization (400) */
	HTTP_E_BODY = -7,	/* a body announced (400) */
	HTTP_E_TARGET = -8,	/* GET/HEAD target not "/..." (400) */
	HTTP_E_METHOD = -9,	/* neither GET nor HEAD (405) */
	HTTP_E_TOO_LARGE = -10,	/* over HTTP_REQ_MAX, too many fields (431) */
	HTTP_E_VERSION = -11,	/* a valid version that is not 1.x (505) */
};

/*
 * Parse the head at the start of buf (len bytes received so far; only the
 * first HTTP_REQ_MAX are looked at).  Empty lines before the request line
 * are skipped and counted in head_len.  Lines end in CRLF or LF.  Returns
 * an enum http_parse_rc; *req is complete only for HTTP_DONE.  Errors in
 * complete lines are reported as soon as they are seen, so a client that
 * sends byte by byte gets the same answer as one that sends at once.
 */
int	http_parse(const char *buf, size_t len, struct http_req *req);

/* The status code for an error rc (400, 405, 431, 505), 0 for others. */
int	http_parse_status(int rc);
const char *http_parse_strerror(int rc);

/*
 * The token of an "Authorization: Bearer <token>" value (scheme name in
 * any case).  False when the header is absent or not a Bearer token.
 */
bool	http_bearer(const char *buf, const struct http_req *req,
	    struct http_span *token);

#endif
