/*
 * siem_priv.h - what siem.c (the service: events in, settings) uses of
 * siem_conn.c (the queue's stamps, the connection: connect, TLS, writes,
 * acknowledgements).  Calls go one way, siem.c to siem_conn.c; nobody
 * else includes this.
 */
#ifndef CAMGUARD_SIEM_PRIV_H
#define CAMGUARD_SIEM_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cg_limits.h"
#include "core/conf.h"
#include "core/service.h"
#include "siem/siem_queue.h"

struct loop;
struct net_tls;
struct net_tls_conn;

enum siem_state {
	SIEM_IDLE,		/* no collector configured */
	SIEM_WAIT,		/* not connected; a retry may be planned */
	SIEM_CONNECTING,	/* TCP connect under way */
	SIEM_HANDSHAKE,		/* TLS handshake under way */
	SIEM_UP,		/* writing messages */
};

struct siem {
	struct loop		*loop;
	struct daemon_view	*view;
	struct conf		 conf;		/* the running settings */
	enum siem_state		 state;
	bool			 ready;		/* camera known: may send */
	int			 fd;		/* a loop fd, or -1 */
	short			 events;	/* asked of the loop for fd */
	struct net_tls		*tls;		/* client context, or NULL */
	struct net_tls_conn	*tc;		/* its session, or NULL */
	int64_t			 t_retry, t_conn, t_confirm, t_id;
	uint64_t		 backoff_ms;
	uint64_t		 jitter;	/* xorshift state */
	bool			 pos_ok;	/* the kernel tells acks */
	uint64_t		 tcp_out;	/* plain TCP: bytes sent */
	uint64_t		 acked_base;	/* acked at the connect (SYN) */
	bool			 proven;	/* up for a confirm period */
	uint64_t		 up_ms;		/* when the session came up */
	uint64_t		 acked_prev;	/* a confirm period ago */
	uint64_t		 ticks;		/* confirm periods, fallback */
	struct siem_queue	 q;
	uint64_t		 seq;		/* of the last event */
	uint64_t		 dropped_told;	/* in a DROPPED message */
	char			 out[SIEM_FRAME_MAX + 1];	/* a frame */
	size_t			 out_len, out_off;
	char			 hostname[SIEM_HOSTNAME_MAX + 1];
	char			 procid[16];
};

/* siem_conn.c */
/* Try to connect now, if there is a collector and the camera is known. */
void	siem_conn_start(void *siem);
/* Close the connection; sent events go again.  No retry is planned. */
void	siem_conn_close(struct siem *, bool polite);
/* Write what is queued, as far as the socket takes it. */
void	siem_conn_pump(struct siem *);
/* SIGTERM: up to SIEM_STOP_FLUSH_MS to get the queue out and closed. */
void	siem_conn_flush(struct siem *);
/* TLS context for the current settings; -1 (logged) when it fails. */
int	siem_conn_tls_load(struct siem *);
/* The view's siem block from the queue and state. */
void	siem_conn_stats(struct siem *);
/* A new event at the queue's tail, stamped (NULL: no collector). */
struct siem_event *siem_conn_event(struct siem *, enum siem_kind);

#endif
