/*
 * net_priv.h - what the net_*.c files share and nobody else sees: one
 * connection with its deadline (plain or TLS), the clock, the error
 * message helper, and the authentication header builders.
 *
 * net_sock.c owns sockets and deadlines, net_tls_client.c the mbedTLS
 * session, net_conn.c the choice between the two, net_auth.c the
 * Authorization headers, net_http.c requests and replies.  Only these
 * files include mbedTLS headers for the clients.
 */
#ifndef CAMGUARD_NET_PRIV_H
#define CAMGUARD_NET_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include "platform/net/net.h"
#include "proto/http_resp_parse.h"

struct netc_tls {
	mbedtls_ssl_context	 ssl;
	mbedtls_ssl_config	 conf;
	mbedtls_x509_crt	 ca;
	mbedtls_entropy_context	 entropy;
	mbedtls_ctr_drbg_context drbg;
};

struct netc_conn {
	int		 fd;
	int64_t		 deadline;	/* netc_now_ms() clock */
	struct netc_tls	*tls;		/* NULL: plain TCP */
	char		*err;		/* the caller's message buffer */
	size_t		 errsz;
	const char	*what;		/* "http://host:port" for messages */
};

void	netc_seterr(struct netc_conn *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int64_t	netc_now_ms(void);
/* Wait for events on fd until the deadline: NET_OK or NET_E_TIMEOUT. */
int	netc_wait(struct netc_conn *, short events);
int	netc_sock_connect(struct netc_conn *, const char *host, uint16_t port);
/* Plain TCP reads and writes until the deadline (net_sock.c). */
int	netc_sock_write(struct netc_conn *, const void *buf, size_t len);
int	netc_sock_read(struct netc_conn *, void *buf, size_t len, size_t *got);
/* Plain or TLS, as the connection is (net_conn.c). */
int	netc_conn_write(struct netc_conn *, const void *buf, size_t len);
/* *got = 0 at the end of the stream. */
int	netc_conn_read(struct netc_conn *, void *buf, size_t len, size_t *got);
void	netc_conn_close(struct netc_conn *);

/* TLS over c->fd; tls is the caller's storage, freed by netc_conn_close. */
int	netc_tls_open(struct netc_conn *, struct netc_tls *, const char *host,
	    const struct net_tls_opts *, struct net_tls_info *);
int	netc_tls_write(struct netc_conn *, const void *buf, size_t len);
int	netc_tls_read(struct netc_conn *, void *buf, size_t len, size_t *got);
void	netc_tls_close(struct netc_conn *);

/* "Authorization: ..." value (no header name, no CRLF) into out. */
int	netc_auth_basic(const char *user, const char *password, char *out,
	    size_t outsz);
int	netc_auth_digest(const struct http_auth_offer *, const char *user,
	    const char *password, const char *method, const char *uri,
	    const char *body, size_t body_len, char *out, size_t outsz);

#endif
