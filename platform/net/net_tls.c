/*
 * net_tls.c - non-blocking TLS on mbedTLS 2.28: the status endpoint's
 * server and the MQTT relay's client.
 *
 * Owns every mbedTLS call of the poll-driven sessions: loading the certificate
 * chain and key (and checking they belong together), the random
 * generator, a configuration with TLS 1.2 as the minimum, and a pool of
 * sessions whose record buffers are allocated once, when the server is
 * made; a session is reset, not freed, between clients.  Sockets are the
 * caller's and non-blocking: the I/O callbacks turn EAGAIN into mbedTLS's
 * WANT codes, which come back to the caller as NET_TLS_WANT_*.  Knows
 * nothing of HTTP or MQTT.  A server's handshake failures are the
 * client's doing and are logged at debug level only, so a client cannot
 * flood the log; a client's are the server's, and net_tls_error() tells
 * the caller why, once, to log as it sees fit.
 *
 * A client verifies the server against ca_file (required), with TLS 1.2
 * as the minimum, and checks that the certificate names the address it
 * connected to (an iPAddress subjectAltName; mbedTLS checks names, not
 * addresses).  One client context holds one session.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdio.h>
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

#include "core/cg_limits.h"
#include "core/log.h"
#include "core/readfile.h"
#include "platform/net/net_tls.h"
#include "platform/net/net_x509.h"

/* last_rc of a handshake whose certificate does not name the address. */
#define TLS_RC_NAME_MISMATCH	1

struct net_tls_conn {
	mbedtls_ssl_context	 ssl;
	int			 fd;		/* -1 when free */
	bool			 used;
	size_t			 pending_write;	/* a write that wanted */
	int			 last_rc;	/* the last mbedTLS error */
	unsigned char		 peer_ip[16];	/* client: the address to check */
	size_t			 peer_iplen;
	uint64_t		 bytes_out;	/* handed to the socket */
};

struct net_tls {
	mbedtls_entropy_context	 entropy;
	mbedtls_ctr_drbg_context drbg;
	mbedtls_x509_crt	 cert;
	mbedtls_x509_crt	 ca;		/* client: the trusted CAs */
	mbedtls_pk_context	 key;
	mbedtls_ssl_config	 conf;
	bool			 client;
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

/* ctx is the session; its bytes are counted (net_tls_bytes_out). */
static int
tls_send(void *ctx, const unsigned char *buf, size_t len)
{
	struct net_tls_conn *c = ctx;
	ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL);

	if (n >= 0) {
		c->bytes_out += (uint64_t)n;
		return (int)n;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return MBEDTLS_ERR_SSL_WANT_WRITE;
	return MBEDTLS_ERR_NET_SEND_FAILED;
}

static int
tls_recv(void *ctx, unsigned char *buf, size_t len)
{
	ssize_t n = recv(((struct net_tls_conn *)ctx)->fd, buf, len, 0);

	if (n >= 0)
		return (int)n;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return MBEDTLS_ERR_SSL_WANT_READ;
	return MBEDTLS_ERR_NET_RECV_FAILED;
}

/*
 * Read a certificate chain or a key whole (never a FIFO: readfile.h) and
 * parse it from memory; -1 when it could not be read (logged), else
 * mbedTLS's return code.
 */
enum tls_file { TLS_F_CERT, TLS_F_KEY, TLS_F_CA };

static int
tls_parse_file(struct net_tls *t, const char *path, enum tls_file which)
{
	char why[LOG_MSG_MAX / 2] = "";
	FILE *f = fmemopen(why, sizeof(why), "w");
	unsigned char *buf = NULL;
	size_t len;
	int rc = -1;

	if (f) {
		rc = readfile_alloc(path, TLS_FILE_MAX, &buf, &len, f);
		fclose(f);
	}
	if (rc < 0) {
		why[strcspn(why, "\n")] = '\0';
		log_warnx("tls: %s", why[0] ? why : path);
		return -1;
	}
	/* the length counts the NUL, as mbedtls_*_parse_file's do */
	if (which == TLS_F_KEY)
		rc = mbedtls_pk_parse_key(&t->key, buf, len + 1, NULL, 0);
	else
		rc = mbedtls_x509_crt_parse(which == TLS_F_CA ? &t->ca :
		    &t->cert, buf, len + 1);
	readfile_free(buf, TLS_FILE_MAX);
	return rc == -1 ? MBEDTLS_ERR_X509_INVALID_FORMAT : rc;
}

/* The certificate chain and its key, which must belong together. */
static int
tls_load_pair(struct net_tls *t, const char *cert_file, const char *key_file)
{
	int rc;

	if ((rc = tls_parse_file(t, cert_file, TLS_F_CERT)) != 0) {
		if (rc != -1)
			tls_warn("certificate", cert_file, rc);
		return -1;
	}
	if ((rc = tls_parse_file(t, key_file, TLS_F_KEY)) != 0) {
		if (rc != -1)
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
tls_load(struct net_tls *t, const char *cert_file, const char *key_file)
{
	static const char pers[] = "camguard status";
	int rc;

	if ((rc = mbedtls_ctr_drbg_seed(&t->drbg, mbedtls_entropy_func,
	    &t->entropy, (const unsigned char *)pers, sizeof(pers) - 1))) {
		tls_warn("seeding the generator", "", rc);
		return -1;
	}
	return tls_load_pair(t, cert_file, key_file);
}

/*
 * TLS 1.2 at least, the generator, and the certificate of our own when
 * there is one; a client also requires the server's chain to verify
 * against its CAs.
 */
static int
tls_configure(struct net_tls *t, int endpoint, bool own_cert)
{
	int rc;

	rc = mbedtls_ssl_config_defaults(&t->conf, endpoint,
	    MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
	if (rc != 0) {
		tls_warn("configuration", "defaults", rc);
		return -1;
	}
	mbedtls_ssl_conf_min_version(&t->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
	    MBEDTLS_SSL_MINOR_VERSION_3);		/* TLS 1.2 */
	if (endpoint == MBEDTLS_SSL_IS_CLIENT) {
		mbedtls_ssl_conf_authmode(&t->conf,
		    MBEDTLS_SSL_VERIFY_REQUIRED);
		mbedtls_ssl_conf_ca_chain(&t->conf, &t->ca, NULL);
	}
	mbedtls_ssl_conf_rng(&t->conf, mbedtls_ctr_drbg_random, &t->drbg);
	if (own_cert && (rc = mbedtls_ssl_conf_own_cert(&t->conf, &t->cert,
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

static void
tls_init(struct net_tls *t)
{
	mbedtls_entropy_init(&t->entropy);
	mbedtls_ctr_drbg_init(&t->drbg);
	mbedtls_x509_crt_init(&t->cert);
	mbedtls_x509_crt_init(&t->ca);
	mbedtls_pk_init(&t->key);
	mbedtls_ssl_config_init(&t->conf);
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
	tls_init(t);
	if (tls_load(t, cert_file, key_file) < 0 ||
	    tls_configure(t, MBEDTLS_SSL_IS_SERVER, true) < 0 ||
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
	mbedtls_x509_crt_free(&t->ca);
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
		c->last_rc = 0;
		c->peer_iplen = 0;
		c->bytes_out = 0;
		mbedtls_ssl_set_bio(&c->ssl, c, tls_send, tls_recv, NULL);
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
	const mbedtls_x509_crt *peer;
	int rc = mbedtls_ssl_handshake(&c->ssl);

	if (rc == 0 && c->peer_iplen > 0) {
		peer = mbedtls_ssl_get_peer_cert(&c->ssl);
		if (!peer || !net_x509_san_has_ip(peer, c->peer_ip,
		    c->peer_iplen)) {
			c->last_rc = TLS_RC_NAME_MISMATCH;
			return NET_TLS_ERROR;
		}
	}
	if (rc == 0)
		return 0;
	if (rc != MBEDTLS_ERR_SSL_WANT_READ && rc != MBEDTLS_ERR_SSL_WANT_WRITE)
		c->last_rc = rc;
	rc = tls_rc(rc, "handshake");
	return rc == 0 ? NET_TLS_ERROR : rc;
}

ssize_t
net_tls_read(struct net_tls_conn *c, void *buf, size_t len)
{
	int rc = mbedtls_ssl_read(&c->ssl, buf, len);

	if (rc < 0 && rc != MBEDTLS_ERR_SSL_WANT_READ &&
	    rc != MBEDTLS_ERR_SSL_WANT_WRITE)
		c->last_rc = rc;
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
	if (rc != MBEDTLS_ERR_SSL_WANT_READ && rc != MBEDTLS_ERR_SSL_WANT_WRITE)
		c->last_rc = rc;
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

/* ---- the client ---------------------------------------------------- */

static int
tls_client_load(struct net_tls *t, const char *ca_file, const char *cert_file,
    const char *key_file)
{
	static const char pers[] = "camguard client";
	int rc;

	if ((rc = mbedtls_ctr_drbg_seed(&t->drbg, mbedtls_entropy_func,
	    &t->entropy, (const unsigned char *)pers, sizeof(pers) - 1))) {
		tls_warn("seeding the generator", "", rc);
		return -1;
	}
	if ((rc = tls_parse_file(t, ca_file, TLS_F_CA)) != 0) {
		if (rc != -1)
			tls_warn("CA file", ca_file, rc);
		return -1;
	}
	if (!cert_file || !cert_file[0])
		return 0;
	return tls_load_pair(t, cert_file, key_file);
}

struct net_tls *
net_tls_client_new(const char *ca_file, const char *cert_file,
    const char *key_file)
{
	struct net_tls *t = calloc(1, sizeof(*t));
	bool own = cert_file && cert_file[0];

	if (!t) {
		log_warn("tls");
		return NULL;
	}
	tls_init(t);
	t->client = true;
	if (tls_client_load(t, ca_file, cert_file, key_file) < 0 ||
	    tls_configure(t, MBEDTLS_SSL_IS_CLIENT, own) < 0 ||
	    tls_pool(t, 1) < 0) {
		net_tls_server_free(t);
		return NULL;
	}
	return t;
}

struct net_tls_conn *
net_tls_connect(struct net_tls *t, int fd, const char *host)
{
	struct net_tls_conn *c;
	int af = strchr(host, ':') ? AF_INET6 : AF_INET;

	if (!t->client || !(c = net_tls_accept(t, fd)))
		return NULL;
	if (inet_pton(af, host, c->peer_ip) == 1) {
		c->peer_iplen = af == AF_INET ? 4 : 16;
		return c;
	}
	if (mbedtls_ssl_set_hostname(&c->ssl, host) != 0) {
		net_tls_close(c, 0);
		return NULL;
	}
	return c;
}

void
net_tls_error(const struct net_tls_conn *c, char *msg, size_t sz)
{
	uint32_t flags = mbedtls_ssl_get_verify_result(&c->ssl);
	char info[160];
	int n;

	if (c->last_rc == TLS_RC_NAME_MISMATCH) {
		snprintf(msg, sz, "server certificate does not name the "
		    "address");
		return;
	}
	if (flags != 0 && flags != (uint32_t)-1 &&
	    c->last_rc == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
		n = mbedtls_x509_crt_verify_info(info, sizeof(info), "",
		    flags);
		while (n > 0 && info[n - 1] == '\n')
			info[--n] = '\0';
		snprintf(msg, sz, "server certificate not verified: %s",
		    n > 0 ? info : "?");
		return;
	}
	if (c->last_rc == 0) {
		snprintf(msg, sz, "TLS session closed");
		return;
	}
	mbedtls_strerror(c->last_rc, info, sizeof(info));
	snprintf(msg, sz, "TLS: %s (-0x%04x)", info, (unsigned)-c->last_rc);
}

uint64_t
net_tls_bytes_out(const struct net_tls_conn *c)
{
	return c->bytes_out;
}
