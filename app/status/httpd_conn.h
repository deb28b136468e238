/*
 * httpd_conn.h - what httpd.c and httpd_conn.c share, and nobody else:
 * the server and a client as structures, and the three calls the table
 * of clients (httpd.c) makes into one client (httpd_conn.c).  Services
 * use httpd.h.
 */
#ifndef CAMGUARD_HTTPD_CONN_H
#define CAMGUARD_HTTPD_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/cg_limits.h"
#include "proto/http_parse.h"
#include "status/httpd.h"

struct loop;
struct net_tls;
struct net_tls_conn;

/* A listen address, as the configuration holds it. */
#define HTTPD_LISTEN_MAX	CONF_STR_MAX
/* A name for log lines. */
#define HTTPD_NAME_MAX		32

enum conn_state { CONN_FREE, CONN_HANDSHAKE, CONN_OPEN, CONN_LINGER };

struct httpd_conn {
	struct httpd		*srv;
	int			 fd;
	enum conn_state		 state;
	struct net_tls_conn	*tls;
	short			 events;	/* what the loop watches */
	bool			 closing;	/* close after the output */
	bool			 peer_eof;
	bool			 want_read;	/* TLS write needs the peer */
	uint64_t		 last_ms;	/* last progress either way */
	uint64_t		 head_ms;	/* a head or handshake began */
	uint64_t		 body_ms;	/* the large body was queued */
	uint64_t		 seq;		/* admission order */
	uint32_t		 auth_fails;	/* wrong tokens on it */
	uint64_t		 hold_until_ms;	/* 0, or its answer waits */
	size_t			 in_len;
	size_t			 parsed;	/* in_len at last HTTP_MORE */
	size_t			 out_off, out_len;
	struct httpd_body	*body;		/* large body after out */
	size_t			 body_off;
	char			 in[HTTP_REQ_MAX];
	char			 out[HTTPD_OUT_MAX];
};

struct httpd {
	struct loop		*loop;
	char			 name[HTTPD_NAME_MAX];
	httpd_handler		 handler;
	void			*arg;
	int			 lfd;
	char			 listen[HTTPD_LISTEN_MAX];	/* lfd's */
	struct net_tls		*tls;
	bool			 has_token;
	uint8_t			 token_sha[32];
	int64_t			 sweep_timer;
	int64_t			 resume_timer;
	int64_t			 hold_timer;	/* the next held answer */
	uint64_t		 hold_until;	/* when hold_timer fires */
	uint64_t		 seq;		/* clients admitted */
	size_t			 n_conns;
	time_t			 date_sec;
	char			 date[40];
	struct httpd_conn	 conns[HTTPD_CONN_MAX];
};

/* The loop's callback for a client's descriptor. */
void	httpd_conn_cb(int fd, short revents, void *conn);
/* Unregister, close and free the slot (its shared body too). */
void	httpd_conn_close(struct httpd *, struct httpd_conn *);
/* A held answer is due at until: the server's timer will resume it. */
void	httpd_hold_arm(struct httpd *, uint64_t until);
/* Its hold is over: send the held answer and go on. */
void	httpd_conn_resume(struct httpd *, struct httpd_conn *);
/* Output still queued: head bytes or a large body. */
bool	httpd_conn_pending(const struct httpd_conn *);

#endif
