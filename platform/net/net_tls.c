/*
 * net_tls.c - the status endpoint's TLS server on mbedTLS 2.28.
 *
 * Owns every mbedTLS call of the server side: loading the certificate
 * chain and key (and checking they belong together), the random
 * generator, a configuration with TLS 1.2 as the minimum, and a pool of
 * sessions whose record buffers are allocated once, when the server is
 * made; a session is reset, not freed, between clients.  Sockets are the
 * caller's and non-blocking: the I/O callbacks turn EAGAIN into mbedTLS's
 * WANT codes, which come back to the caller as NET_TLS_WANT_*.  Knows
 * nothing of HTTP.  Handshake failures are the client's doing and are
 * logged at debug level only, so a client cannot flood the log.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include "core/log.h"
#include "platform/net/net_tls.h"

struct net_tls_conn {
	mbedtls_ssl_context	 ssl;
	int			 fd;		/* -1 when free */
	bool			 used;
	size_t			 pending_write;	/* a write that wanted */
};

struct net_tls {
	mbedtls_entropy_context	 entropy;
	mbedtls_ctr_drbg_context drbg;
	mbedtls_x509_crt	 cert;
	mbedtls_pk_context	 key;
	mbedtls_ssl_config	 conf;
	size_t			 n_conns;
	struct net_tls_conn	*conns;
};

static void
tls_warn(const char *what, const char *path, int rc)
{
	char msg[128];

	mbedtls_strerror(rc, msg, sizeof(msg));
	log_warnx("tls: %s %s: %s (-0x%04x)", what, path, msg,
	    (unsigned)-rc);
}

static int
tls_send(void *ctx, const unsigned char *buf, size_t len)
{
	ssize_t n = send(*(int *)ctx, buf, len, MSG_NOSIGNAL);

	if (n >= 0)
		return (int)n;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return MBEDTLS_ERR_SSL_WANT_WRITE;
	return MBEDTLS_ERR_NET_SEND_FAILED;
}

static int
tls_recv(void *ctx, unsigned char *buf, size_t len)
{
	ssize_t n = recv(*(int *)ctx, buf, len, 0);

	if (n >= 0)
		return (int)n;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return MBEDTLS_ERR_SSL_WANT_READ;
	return MBEDTLS_ERR_NET_RECV_FAILED;
}

static int
tls_load(struct net_tls *t, const char *cert_file, const char *key_file)
{
	static const char pers[] = "camguard status";
	int rc;

	if ((rc = mbedtls_ctr_drbg_seed(&t->drbg, mbedtls_entropy_func,
	    &t->entropy, (const unsigned char *)pers, sizeof(pers) - 1))) {
		tls_warn("seeding the generator", "", rc);
		return -1;
	}
	if ((rc = mbedtls_x509_crt_parse_file(&t->cert, cert_file)) != 0) {
		tls_warn("certificate", cert_file, rc);
		return -1;
	}
	if ((rc = mbedtls_pk_parse_keyfile(&t->key, key_file, NULL)) != 0) {
		tls_warn("key", key_file, rc);
		return -1;
	}
	if ((rc = mbedtls_pk_check_pair(&t->cert.pk, &t->key)) != 0) {
		tls_warn("key does not match the certificate", key_file, rc);
		return -1;
	}
	return 0;
}

static int
tls_configure(struct net_tls *t)
{
	int rc;

	rc = mbedtls_ssl_config_defaults(&t->conf, MBEDTLS_SSL_IS_SERVER,
	    MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
	if (rc != 0) {
		tls_warn("configuration", "defaults", rc);
		return -1;
	}
	mbedtls_ssl_conf_min_version(&t->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
	    MBEDTLS_SSL_MINOR_VERSION_3);		/* TLS 1.2 */
	mbedtls_ssl_conf_rng(&t->conf, mbedtls_ctr_drbg_random, &t->drbg);
	if ((rc = mbedtls_ssl_conf_own_cert(&t->conf, &t->cert,
	    &t->key)) != 0) {
		tls_warn("configuration", "certificate", rc);
		return -1;
	}
	return 0;
}

/* Every session's record buffers are allocated here, once. */
static int
tls_pool(struct net_tls *t, size_t max_conns)
{
	size_t i;
	int rc;

	if (!(t->conns = calloc(max_conns, sizeof(*t->conns)))) {
		log_warn("tls: sessions");
		return -1;
	}
	for (i = 0; i < max_conns; i++) {
		mbedtls_ssl_init(&t->conns[i].ssl);
		t->conns[i].fd = -1;
		t->n_conns = i + 1;
		if ((rc = mbedtls_ssl_setup(&t->conns[i].ssl, &t->conf))) {
			tls_warn("session", "setup", rc);
			return -1;
		}
	}
	return 0;
}

struct net_tls *
net_tls_server_new(const char *cert_file, const char *key_file,
    size_t max_conns)
{
	struct net_tls *t = calloc(1, sizeof(*t));

	if (!t) {
		log_warn("tls");
		return NULL;
	}
	mbedtls_entropy_init(&t->entropy);
	mbedtls_ctr_drbg_init(&t->drbg);
	mbedtls_x509_crt_init(&t->cert);
	mbedtls_pk_init(&t->key);
	mbedtls_ssl_config_init(&t->conf);
	if (tls_load(t, cert_file, key_file) < 0 || tls_configure(t) < 0 ||
	    tls_pool(t, max_conns) < 0) {
		net_tls_server_free(t);
		return NULL;
	}
	return t;
}

void
net_tls_server_free(struct net_tls *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n_conns; i++)
		mbedtls_ssl_free(&t->conns[i].ssl);
	free(t->conns);
	mbedtls_ssl_config_free(&t->conf);
	mbedtls_pk_free(&t->key);
	mbedtls_x509_crt_free(&t->cert);
	mbedtls_ctr_drbg_free(&t->drbg);
	mbedtls_entropy_free(&t->entropy);
	free(t);
}

struct net_tls_conn *
net_tls_accept(struct net_tls *t, int fd)
{
	struct net_tls_conn *c;
	size_t i;

	for (i = 0; i < t->n_conns; i++) {
		c = &t->conns[i];
		if (c->used)
			continue;
		if (mbedtls_ssl_session_reset(&c->ssl) != 0)
			return NULL;
		c->fd = fd;
		c->used = true;
		c->pending_write = 0;
		mbedtls_ssl_set_bio(&c->ssl, &c->fd, tls_send, tls_recv, NULL);
		return c;
	}
	return NULL;
}

/* An mbedTLS error as an enum net_tls_rc; a peer's close reads as 0. */
static int
tls_rc(int rc, const char *what)
{
	char msg[128];

	switch (rc) {
	case MBEDTLS_ERR_SSL_WANT_READ:
		return NET_TLS_WANT_READ;
	case MBEDTLS_ERR_SSL_WANT_WRITE:
		return NET_TLS_WANT_WRITE;
	case MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY:
	case MBEDTLS_ERR_SSL_CONN_EOF:
		return 0;
	default:
		mbedtls_strerror(rc, msg, sizeof(msg));
		log_debug("tls: %s: %s (-0x%04x)", what, msg, (unsigned)-rc);
		return NET_TLS_ERROR;
	}
}

int
net_tls_handshake(struct net_tls_conn *c)
{
	int rc = mbedtls_ssl_handshake(&c->ssl);

	if (rc == 0)
		return 0;
	rc = tls_rc(rc, "handshake");
	return rc == 0 ? NET_TLS_ERROR : rc;
}

ssize_t
net_tls_read(struct net_tls_conn *c, void *buf, size_t len)
{
	int rc = mbedtls_ssl_read(&c->ssl, buf, len);

	return rc >= 0 ? rc : tls_rc(rc, "read");
}

ssize_t
net_tls_write(struct net_tls_conn *c, const void *buf, size_t len)
{
	size_t n = c->pending_write && c->pending_write <= len ?
	    c->pending_write : len;
	int rc = mbedtls_ssl_write(&c->ssl, buf, n);

	if (rc >= 0) {
		c->pending_write = 0;
		return rc;
	}
	rc = tls_rc(rc, "write");
	if (rc == NET_TLS_WANT_READ || rc == NET_TLS_WANT_WRITE)
		c->pending_write = n;
	return rc == 0 ? NET_TLS_ERROR : rc;
}

int
net_tls_pending(const struct net_tls_conn *c)
{
	return mbedtls_ssl_get_bytes_avail(&c->ssl) > 0 ||
	    mbedtls_ssl_check_pending(&c->ssl);
}

void
net_tls_close(struct net_tls_conn *c, int notify)
{
	if (!c)
		return;
	if (notify)
		(void)mbedtls_ssl_close_notify(&c->ssl);
	c->fd = -1;
	c->used = false;
}
