/*
 * net_tls_client.c - the TLS side of the HTTPS client and the TLS probe
 * (mbedTLS 2.28).
 *
 * Owns the mbedTLS client session over a connected non-blocking socket:
 * protocol version bounds (TLS 1.0 and 1.1 only when a probe asks), the
 * handshake under the connection's deadline, and what a check wants to
 * know afterwards: the negotiated version, the server's chain (subject,
 * issuer, self-signed, validity, key, signature hash) and whether the
 * chain verifies against camera.ca_file with the host name (or the IP
 * address, which mbedTLS 2.28 does not match itself) in the certificate.
 * The chain is verified under a profile that accepts every hash and key
 * size: weak keys and hashes are recorded, not confused with trust.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <mbedtls/asn1.h>
#include <mbedtls/error.h>
#include <mbedtls/md.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/oid.h>

#include "core/readfile.h"
#include "platform/net/net_priv.h"
#include "platform/net/net_x509.h"

/* Trust is judged apart from strength: every hash, key type and size. */
static const mbedtls_x509_crt_profile profile_any = {
	0xffffffff, 0xffffffff, 0xffffffff, 512,
};

/* Old cameras sign TLS 1.2 key exchanges with SHA-1: accept, record. */
static const int sig_hashes[] = {
	MBEDTLS_MD_SHA512, MBEDTLS_MD_SHA384, MBEDTLS_MD_SHA256,
	MBEDTLS_MD_SHA224, MBEDTLS_MD_SHA1, MBEDTLS_MD_NONE,
};

static void
tls_seterr(struct netc_conn *c, const char *what, int rc)
{
	char msg[128];

	mbedtls_strerror(rc, msg, sizeof(msg));
	netc_seterr(c, "%s: %s (-0x%04x)", what, msg, (unsigned)-rc);
}

static int
bio_send(void *ctx, const unsigned char *buf, size_t len)
{
	struct netc_conn *c = ctx;
	ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL);

	if (n >= 0)
		return (int)n;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return MBEDTLS_ERR_SSL_WANT_WRITE;
	if (errno == EPIPE || errno == ECONNRESET)
		return MBEDTLS_ERR_NET_CONN_RESET;
	return MBEDTLS_ERR_NET_SEND_FAILED;
}

static int
bio_recv(void *ctx, unsigned char *buf, size_t len)
{
	struct netc_conn *c = ctx;
	ssize_t n = recv(c->fd, buf, len, 0);

	if (n >= 0)
		return (int)n;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return MBEDTLS_ERR_SSL_WANT_READ;
	if (errno == ECONNRESET)
		return MBEDTLS_ERR_NET_CONN_RESET;
	return MBEDTLS_ERR_NET_RECV_FAILED;
}

static int
minor_of(enum net_tls_ver v)
{
	switch (v) {
	case NET_TLS_1_0:
		return MBEDTLS_SSL_MINOR_VERSION_1;
	case NET_TLS_1_1:
		return MBEDTLS_SSL_MINOR_VERSION_2;
	case NET_TLS_ANY:
	case NET_TLS_1_2:
		break;
	}
	return MBEDTLS_SSL_MINOR_VERSION_3;
}

static bool
is_address(const char *host, unsigned char bin[16], size_t *len)
{
	if (inet_pton(AF_INET, host, bin) == 1) {
		*len = 4;
		return true;
	}
	if (inet_pton(AF_INET6, host, bin) == 1) {
		*len = 16;
		return true;
	}
	return false;
}

static int
load_ca(struct netc_conn *c, struct netc_tls *t, const char *path,
    struct net_tls_info *info)
{
	char why[NET_ERR_MAX] = "";
	FILE *f = fmemopen(why, sizeof(why), "w");
	unsigned char *pem = NULL;
	size_t len;
	int rc = -1;

	/* read here, not by mbedTLS: a FIFO in its place must not hang us */
	if (f) {
		rc = readfile_alloc(path, TLS_FILE_MAX, &pem, &len, f);
		fclose(f);
	}
	if (rc < 0) {
		why[strcspn(why, "\n")] = '\0';
		netc_seterr(c, "%s", why[0] ? why : path);
		return NET_E_TLS;
	}
	rc = mbedtls_x509_crt_parse(&t->ca, pem, len + 1);	/* + its NUL */
	readfile_free(pem, TLS_FILE_MAX);
	if (rc < 0 || t->ca.raw.p == NULL) {
		if (rc >= 0)
			rc = MBEDTLS_ERR_X509_INVALID_FORMAT;
		tls_seterr(c, path, rc);
		return NET_E_TLS;
	}
	mbedtls_ssl_conf_ca_chain(&t->conf, &t->ca, NULL);
	info->ca_checked = true;
	return NET_OK;
}

static int
configure(struct netc_conn *c, struct netc_tls *t,
    const struct net_tls_opts *o, struct net_tls_info *info)
{
	static const char pers[] = "camguard-net";
	int rc;

	rc = mbedtls_ctr_drbg_seed(&t->drbg, mbedtls_entropy_func,
	    &t->entropy, (const unsigned char *)pers, sizeof(pers) - 1);
	if (rc == 0)
		rc = mbedtls_ssl_config_defaults(&t->conf,
		    MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
		    MBEDTLS_SSL_PRESET_DEFAULT);
	if (rc != 0) {
		tls_seterr(c, "TLS setup", rc);
		return NET_E_TLS;
	}
	mbedtls_ssl_conf_authmode(&t->conf, MBEDTLS_SSL_VERIFY_OPTIONAL);
	mbedtls_ssl_conf_rng(&t->conf, mbedtls_ctr_drbg_random, &t->drbg);
	mbedtls_ssl_conf_cert_profile(&t->conf, &profile_any);
	mbedtls_ssl_conf_sig_hashes(&t->conf, sig_hashes);
	mbedtls_ssl_conf_min_version(&t->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
	    minor_of(o->min_version));
	mbedtls_ssl_conf_max_version(&t->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
	    minor_of(o->max_version));
	if (o->ca_file && o->ca_file[0])
		return load_ca(c, t, o->ca_file, info);
	return NET_OK;
}

static int
setup(struct netc_conn *c, struct netc_tls *t, const char *host,
    const struct net_tls_opts *o, struct net_tls_info *info)
{
	unsigned char bin[16];
	size_t binlen;
	int rc;

	mbedtls_ssl_init(&t->ssl);
	mbedtls_ssl_config_init(&t->conf);
	mbedtls_x509_crt_init(&t->ca);
	mbedtls_entropy_init(&t->entropy);
	mbedtls_ctr_drbg_init(&t->drbg);
	c->tls = t;
	if ((rc = configure(c, t, o, info)) != NET_OK)
		return rc;
	if ((rc = mbedtls_ssl_setup(&t->ssl, &t->conf)) == 0 &&
	    !is_address(host, bin, &binlen))
		rc = mbedtls_ssl_set_hostname(&t->ssl, host);
	if (rc != 0) {
		tls_seterr(c, "TLS setup", rc);
		return NET_E_TLS;
	}
	mbedtls_ssl_set_bio(&t->ssl, c, bio_send, bio_recv, NULL);
	return NET_OK;
}

static int
handshake(struct netc_conn *c)
{
	int rc;

	while ((rc = mbedtls_ssl_handshake(&c->tls->ssl)) != 0) {
		if (rc != MBEDTLS_ERR_SSL_WANT_READ &&
		    rc != MBEDTLS_ERR_SSL_WANT_WRITE) {
			tls_seterr(c, "TLS handshake failed", rc);
			return NET_E_TLS;
		}
		if (netc_wait(c, rc == MBEDTLS_ERR_SSL_WANT_READ ? POLLIN :
		    POLLOUT) != NET_OK) {
			netc_seterr(c, "TLS handshake timed out");
			return NET_E_TIMEOUT;
		}
	}
	return NET_OK;
}

/* Certificates. */

static int64_t
x509_epoch(const mbedtls_x509_time *t)
{
	struct tm tm = {
		.tm_year = t->year - 1900, .tm_mon = t->mon - 1,
		.tm_mday = t->day, .tm_hour = t->hour, .tm_min = t->min,
		.tm_sec = t->sec,
	};

	return (int64_t)timegm(&tm);
}

static void
sig_hash_name(mbedtls_md_type_t md, char *dst, size_t dstsz)
{
	const mbedtls_md_info_t *mi = mbedtls_md_info_from_type(md);
	const char *name = mi ? mbedtls_md_get_name(mi) : "unknown";
	size_t i;

	for (i = 0; name[i] && i + 1 < dstsz; i++)
		dst[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ?
		    name[i] - 'A' + 'a' : name[i]);
	dst[i] = '\0';
}

static void
record_cert(const mbedtls_x509_crt *crt, struct net_cert *nc)
{
	if (mbedtls_x509_dn_gets(nc->subject, sizeof(nc->subject),
	    &crt->subject) < 0)
		snprintf(nc->subject, sizeof(nc->subject), "?");
	if (mbedtls_x509_dn_gets(nc->issuer, sizeof(nc->issuer),
	    &crt->issuer) < 0)
		snprintf(nc->issuer, sizeof(nc->issuer), "?");
	nc->self_signed = crt->subject_raw.len == crt->issuer_raw.len &&
	    !memcmp(crt->subject_raw.p, crt->issuer_raw.p,
	    crt->subject_raw.len);
	nc->not_before = x509_epoch(&crt->valid_from);
	nc->not_after = x509_epoch(&crt->valid_to);
	snprintf(nc->key_type, sizeof(nc->key_type), "%s",
	    mbedtls_pk_get_name(&crt->pk));
	nc->key_bits = (unsigned)mbedtls_pk_get_bitlen(&crt->pk);
	sig_hash_name(crt->sig_md, nc->sig_hash, sizeof(nc->sig_hash));
}

static bool
cn_is(const mbedtls_x509_crt *crt, const char *host)
{
	const mbedtls_x509_name *n;
	size_t hl = strlen(host);

	for (n = &crt->subject; n; n = n->next)
		if (MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &n->oid) == 0 &&
		    n->val.len == hl && !memcmp(n->val.p, host, hl))
			return true;
	return false;
}

static unsigned
map_flags(uint32_t f)
{
	unsigned out = 0;

	if (f & (MBEDTLS_X509_BADCERT_NOT_TRUSTED |
	    MBEDTLS_X509_BADCERT_MISSING | MBEDTLS_X509_BADCERT_SKIP_VERIFY))
		out |= NET_VERIFY_NOT_TRUSTED;
	if (f & MBEDTLS_X509_BADCERT_EXPIRED)
		out |= NET_VERIFY_EXPIRED;
	if (f & MBEDTLS_X509_BADCERT_FUTURE)
		out |= NET_VERIFY_FUTURE;
	if (f & MBEDTLS_X509_BADCERT_CN_MISMATCH)
		out |= NET_VERIFY_NAME;
	if (f & ~(uint32_t)(MBEDTLS_X509_BADCERT_NOT_TRUSTED |
	    MBEDTLS_X509_BADCERT_MISSING | MBEDTLS_X509_BADCERT_SKIP_VERIFY |
	    MBEDTLS_X509_BADCERT_EXPIRED | MBEDTLS_X509_BADCERT_FUTURE |
	    MBEDTLS_X509_BADCERT_CN_MISMATCH))
		out |= NET_VERIFY_OTHER;
	return out;
}

static void
record_info(struct netc_conn *c, const char *host, struct net_tls_info *info)
{
	const mbedtls_ssl_context *ssl = &c->tls->ssl;
	const mbedtls_x509_crt *crt = mbedtls_ssl_get_peer_cert(ssl);
	uint32_t flags = mbedtls_ssl_get_verify_result(ssl);
	unsigned char bin[16];
	size_t binlen;

	info->handshake_done = true;
	snprintf(info->version_name, sizeof(info->version_name), "%s",
	    mbedtls_ssl_get_version(ssl));
	info->version = !strcmp(info->version_name, "TLSv1.0") ?
	    NET_TLS_1_0 : !strcmp(info->version_name, "TLSv1.1") ?
	    NET_TLS_1_1 : NET_TLS_1_2;
	snprintf(info->ciphersuite, sizeof(info->ciphersuite), "%s",
	    mbedtls_ssl_get_ciphersuite(ssl));
	if (!info->ca_checked || !crt)
		flags |= MBEDTLS_X509_BADCERT_NOT_TRUSTED;
	if (crt && is_address(host, bin, &binlen) &&
	    !net_x509_san_has_ip(crt, bin, binlen) && !cn_is(crt, host))
		flags |= MBEDTLS_X509_BADCERT_CN_MISMATCH;
	for (; crt && info->n_certs < TLS_CHAIN_MAX; crt = crt->next)
		record_cert(crt, &info->certs[info->n_certs++]);
	info->verify_flags = map_flags(flags);
	info->verified = info->verify_flags == 0;
}

static void
verify_seterr(struct netc_conn *c, const struct net_tls_info *info)
{
	unsigned f = info->verify_flags;

	netc_seterr(c, "server certificate not verified:%s%s%s%s%s",
	    f & NET_VERIFY_NOT_TRUSTED ? (info->ca_checked ?
	    " not issued by camera.ca_file" : " no CA file given") : "",
	    f & NET_VERIFY_NAME ? " host name not in the certificate" : "",
	    f & NET_VERIFY_EXPIRED ? " expired" : "",
	    f & NET_VERIFY_FUTURE ? " not yet valid" : "",
	    f & NET_VERIFY_OTHER ? " other (usage, revoked...)" : "");
}

int
netc_tls_open(struct netc_conn *c, struct netc_tls *t, const char *host,
    const struct net_tls_opts *o, struct net_tls_info *info)
{
	int rc;

	memset(info, 0, sizeof(*info));
	if ((rc = setup(c, t, host, o, info)) != NET_OK)
		return rc;
	if ((rc = handshake(c)) != NET_OK)
		return rc;
	record_info(c, host, info);
	if (o->verify && !info->verified) {
		verify_seterr(c, info);
		return NET_E_TLS;
	}
	return NET_OK;
}

int
netc_tls_write(struct netc_conn *c, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	int rc;

	while (len > 0) {
		rc = mbedtls_ssl_write(&c->tls->ssl, p, len);
		if (rc > 0) {
			p += rc;
			len -= (size_t)rc;
		} else if (rc == MBEDTLS_ERR_SSL_WANT_READ ||
		    rc == MBEDTLS_ERR_SSL_WANT_WRITE) {
			if (netc_wait(c, rc == MBEDTLS_ERR_SSL_WANT_READ ?
			    POLLIN : POLLOUT) != NET_OK) {
				netc_seterr(c, "timed out sending the request");
				return NET_E_TIMEOUT;
			}
		} else {
			tls_seterr(c, "TLS write", rc);
			return rc == MBEDTLS_ERR_NET_CONN_RESET ? NET_E_IO :
			    NET_E_TLS;
		}
	}
	return NET_OK;
}

int
netc_tls_read(struct netc_conn *c, void *buf, size_t len, size_t *got)
{
	int rc;

	for (;;) {
		rc = mbedtls_ssl_read(&c->tls->ssl, buf, len);
		if (rc >= 0 || rc == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY ||
		    rc == MBEDTLS_ERR_SSL_CONN_EOF) {
			*got = rc > 0 ? (size_t)rc : 0;
			return NET_OK;
		}
		if (rc != MBEDTLS_ERR_SSL_WANT_READ &&
		    rc != MBEDTLS_ERR_SSL_WANT_WRITE) {
			tls_seterr(c, "TLS read", rc);
			return rc == MBEDTLS_ERR_NET_CONN_RESET ? NET_E_IO :
			    NET_E_TLS;
		}
		if (netc_wait(c, rc == MBEDTLS_ERR_SSL_WANT_READ ? POLLIN :
		    POLLOUT) != NET_OK) {
			netc_seterr(c, "no reply within the timeout");
			return NET_E_TIMEOUT;
		}
	}
}

void
netc_tls_close(struct netc_conn *c)
{
	struct netc_tls *t = c->tls;

	if (!t)
		return;
	(void)mbedtls_ssl_close_notify(&t->ssl);
	mbedtls_ssl_free(&t->ssl);
	mbedtls_ssl_config_free(&t->conf);
	mbedtls_x509_crt_free(&t->ca);
	mbedtls_ctr_drbg_free(&t->drbg);
	mbedtls_entropy_free(&t->entropy);
	c->tls = NULL;
}
