/*
 * httpd.h - a small HTTP/1.1 server inside the daemon's poll loop, for
 * any service that answers GET and HEAD: the status endpoint today, a
 * fleet listener tomorrow.  Each service runs its own server with its
 * own address, TLS keys, bearer token and routes.
 *
 * The server owns the listener, the clients in a fixed table
 * (HTTPD_CONN_MAX, HTTPD_TLS_CONN_MAX with TLS), keep-alive, pipelining,
 * the linger after a closing response, the idle and head timeouts, TLS
 * (platform/net/net_tls.h) and request parsing (proto/http_parse.h).  It
 * does not know any path: for each parsed request it calls the service's
 * handler, which fills in a struct httpd_resp.  Log lines start with the
 * name the service gave.
 */
#ifndef CAMGUARD_HTTPD_H
#define CAMGUARD_HTTPD_H

#include <stdbool.h>
#include <stddef.h>

#include "proto/http_parse.h"

struct httpd;
struct loop;

/*
 * A large body several clients may be writing at once: the service owns
 * buf and len and must not change them while refs is not 0; the server
 * counts one reference per client still writing it.
 */
struct httpd_body {
	char		*buf;
	size_t		 len;
	unsigned	 refs;
};

/* What the handler answers; the server writes the head around it. */
struct httpd_resp {
	int			 code;
	const char		*ctype;	/* NULL: text/plain; charset=utf-8 */
	const char		*extra;	/* header lines, each with CRLF */
	const char		*body;	/* a small body, copied; NUL ends it */
	struct httpd_body	*large;	/* or a shared body (not copied) */
	bool			 close;	/* close after this response */
	/* A wrong or missing token: the answer is held back, longer at
	 * each failure on the connection (HTTPD_AUTH_DELAY_MS doubling). */
	bool			 auth_failed;
};

/*
 * Route one request.  buf holds the client's bytes; the spans of req
 * point into it.  resp comes zeroed.
 */
typedef void	(*httpd_handler)(void *arg, struct httpd *,
		    const char *buf, const struct http_req *req,
		    struct httpd_resp *resp);

/* Where and how to listen; "" for a file means none. */
struct httpd_conf {
	const char	*listen;	/* "host:port", numeric */
	const char	*cert_file;	/* TLS needs both files */
	const char	*key_file;
	const char	*token_file;	/* a bearer token, first line */
};

/* A server that does not listen yet; NULL on failure (logged). */
struct httpd	*httpd_new(struct loop *, const char *name,
		    httpd_handler, void *arg);
/*
 * Load the token and TLS keys and listen on conf->listen (moving from
 * the old address when it changed).  -1 (logged) keeps everything as it
 * was.  New TLS settings close every client.
 */
int		 httpd_apply(struct httpd *, const struct httpd_conf *);
/* Close every client and the listener; httpd_apply starts again. */
void		 httpd_quiesce(struct httpd *);
void		 httpd_free(struct httpd *);

/*
 * Does the request carry the server's bearer token?  True when the
 * server has no token.  Compared through SHA-256 in constant time.  The
 * token (httpd_apply) must have HTTPD_TOKEN_MIN characters at least and
 * its file no access for group or others.
 */
bool		 httpd_authorized(const struct httpd *, const char *buf,
		    const struct http_req *);
bool		 httpd_has_token(const struct httpd *);

#endif
