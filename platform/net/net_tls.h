/*
 * net_tls.h - non-blocking TLS (mbedTLS): the status endpoint's server
 * and the MQTT relay's client.
 *
 * A server context holds the certificate, the key, a random generator and
 * a fixed pool of sessions set up once, so that accepting a client
 * allocates nothing: a session is reset and bound to the client's socket.
 * Every call is non-blocking and says which way the socket must become
 * ready (NET_TLS_WANT_READ / NET_TLS_WANT_WRITE) for the call to go on;
 * the caller's poll loop drives the handshake, reads and writes.  TLS 1.2
 * is the minimum.  Every mbedTLS call of the server lives in net_tls.c.
 */
#ifndef CAMGUARD_NET_TLS_H
#define CAMGUARD_NET_TLS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum net_tls_rc {
	NET_TLS_ERROR = -1,		/* the session is over (logged) */
	NET_TLS_WANT_READ = -2,		/* call again once readable */
	NET_TLS_WANT_WRITE = -3,	/* call again once writable */
};

struct net_tls;
struct net_tls_conn;

/*
 * A server with PEM or DER cert_file (the chain, leaf first) and key_file
 * and room for max_conns sessions.  NULL after logging why.
 */
struct net_tls	*net_tls_server_new(const char *cert_file,
		    const char *key_file, size_t max_conns);
/* Every session must have been closed. */
void		 net_tls_server_free(struct net_tls *);

/* A session on the connected, non-blocking fd; NULL when all are in use. */
struct net_tls_conn *net_tls_accept(struct net_tls *, int fd);
/* 0 when the handshake is done, else an enum net_tls_rc. */
int		 net_tls_handshake(struct net_tls_conn *);
/*
 * Bytes read (0: the peer closed), or an enum net_tls_rc.  Decrypted
 * bytes may wait inside the session when buf was too small: ask
 * net_tls_pending() before waiting for the socket again.
 */
ssize_t		 net_tls_read(struct net_tls_conn *, void *buf, size_t len);
/*
 * Bytes written, or an enum net_tls_rc.  After a WANT, call again with the
 * same bytes at the start of buf (more may follow them).
 */
ssize_t		 net_tls_write(struct net_tls_conn *, const void *buf,
		    size_t len);
int		 net_tls_pending(const struct net_tls_conn *);
/*
 * A client trusting ca_file (PEM or DER), with an optional certificate
 * and key of its own; room for one session.  Free with
 * net_tls_server_free().  NULL after logging why.
 */
struct net_tls	*net_tls_client_new(const char *ca_file,
		    const char *cert_file, const char *key_file);
/*
 * The client's session on the connected, non-blocking fd, to verify
 * against host: a numeric address must be an iPAddress subjectAltName of
 * the server's certificate, a name its DNS name.  Then drive
 * net_tls_handshake() as a server's.  NULL when the session is in use.
 */
struct net_tls_conn *net_tls_connect(struct net_tls *, int fd,
		    const char *host);
/* Why the session failed, in words (a verification failure names it). */
void		 net_tls_error(const struct net_tls_conn *, char *msg,
		    size_t sz);
/*
 * Bytes the session has handed to its socket since it began (records,
 * the handshake included): with net_tcp_acked() a sender knows which of
 * its writes the peer's TCP has acknowledged.
 */
uint64_t	 net_tls_bytes_out(const struct net_tls_conn *);
/* Send close_notify if notify (best effort) and give the session back. */
void		 net_tls_close(struct net_tls_conn *, int notify);

#endif
