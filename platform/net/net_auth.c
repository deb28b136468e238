/*
 * net_auth.c - Authorization header values for the HTTP/RTSP clients:
 * Basic (RFC 7617) and Digest (RFC 7616: MD5, SHA-256 and their -sess
 * forms, qop=auth and auth-int, nc and a random cnonce).
 *
 * Owns the hashing (mbedTLS md) and the cnonce (getrandom).  Which
 * challenge to answer is decided by http_resp_auth_offer(); when to send
 * it by net_http.c.  Passwords pass through here and are not kept.
 */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <mbedtls/base64.h>
#include <mbedtls/md.h>

#include "platform/net/net_priv.h"

#define HASH_HEX_MAX	65	/* SHA-256 in hex with the NUL */
#define CNONCE_BYTES	16

struct digest_in {
	const struct http_auth_offer *offer;
	const char	*user;
	const char	*method;
	const char	*uri;
	char		 cnonce[2 * CNONCE_BYTES + 1];
	char		 ha1[HASH_HEX_MAX];
	char		 ha2[HASH_HEX_MAX];
	char		 resp[HASH_HEX_MAX];
};

int
netc_auth_basic(const char *user, const char *password, char *out,
    size_t outsz)
{
	char plain[2 * NET_CRED_MAX + 2];
	size_t olen;
	int n;

	n = snprintf(plain, sizeof(plain), "%s:%s", user, password);
	if (n < 0 || (size_t)n >= sizeof(plain) || strchr(user, ':') ||
	    outsz < 7)
		return NET_E_ARG;
	memcpy(out, "Basic ", 6);
	if (mbedtls_base64_encode((unsigned char *)out + 6, outsz - 6, &olen,
	    (const unsigned char *)plain, (size_t)n) != 0) {
		explicit_bzero(plain, sizeof(plain));
		return NET_E_ARG;
	}
	explicit_bzero(plain, sizeof(plain));
	return NET_OK;
}

static void
to_hex(const unsigned char *bin, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[bin[i] >> 4];
		out[2 * i + 1] = digits[bin[i] & 15];
	}
	out[2 * n] = '\0';
}

/* H(p[0] ":" p[1] ":" ... ) in lower-case hex. */
static int
hash_hex(enum http_digest_alg alg, const char *const *parts, size_t n,
    char out[HASH_HEX_MAX])
{
	const mbedtls_md_info_t *mi = mbedtls_md_info_from_type(
	    alg >= HTTP_DIGEST_SHA256 ? MBEDTLS_MD_SHA256 : MBEDTLS_MD_MD5);
	unsigned char bin[32];
	mbedtls_md_context_t md;
	size_t i;
	int rc;

	mbedtls_md_init(&md);
	rc = mi ? mbedtls_md_setup(&md, mi, 0) : -1;
	if (rc == 0)
		rc = mbedtls_md_starts(&md);
	for (i = 0; rc == 0 && i < n; i++) {
		if (i > 0)
			rc = mbedtls_md_update(&md, (const unsigned char *)":",
			    1);
		if (rc == 0)
			rc = mbedtls_md_update(&md,
			    (const unsigned char *)parts[i], strlen(parts[i]));
	}
	if (rc == 0)
		rc = mbedtls_md_finish(&md, bin);
	if (rc == 0)
		to_hex(bin, mbedtls_md_get_size(mi), out);
	mbedtls_md_free(&md);
	explicit_bzero(bin, sizeof(bin));
	return rc == 0 ? NET_OK : NET_E_ARG;
}

static int
make_cnonce(char out[2 * CNONCE_BYTES + 1])
{
	unsigned char r[CNONCE_BYTES];

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return NET_E_ARG;
	to_hex(r, sizeof(r), out);
	return NET_OK;
}

static int
body_hash(enum http_digest_alg alg, const char *body, size_t len,
    char out[HASH_HEX_MAX])
{
	const mbedtls_md_info_t *mi = mbedtls_md_info_from_type(
	    alg >= HTTP_DIGEST_SHA256 ? MBEDTLS_MD_SHA256 : MBEDTLS_MD_MD5);
	unsigned char bin[32];

	if (!mi || mbedtls_md(mi, (const unsigned char *)(body ? body : ""),
	    len, bin) != 0)
		return NET_E_ARG;
	to_hex(bin, mbedtls_md_get_size(mi), out);
	return NET_OK;
}

static int
digest_hashes(struct digest_in *d, const char *password, const char *body,
    size_t body_len)
{
	const struct http_auth_offer *o = d->offer;
	const char *a1[3] = { d->user, o->realm, password };
	const char *a2[3] = { d->method, d->uri, NULL };
	const char *sess[3] = { d->ha1, o->nonce, d->cnonce };
	char bh[HASH_HEX_MAX];
	int rc;

	if ((rc = hash_hex(o->alg, a1, 3, d->ha1)) != NET_OK)
		return rc;
	if ((o->alg == HTTP_DIGEST_MD5_SESS ||
	    o->alg == HTTP_DIGEST_SHA256_SESS) &&
	    (rc = hash_hex(o->alg, sess, 3, d->ha1)) != NET_OK)
		return rc;
	if (o->qop == HTTP_QOP_AUTH_INT) {
		if ((rc = body_hash(o->alg, body, body_len, bh)) != NET_OK)
			return rc;
		a2[2] = bh;
	}
	return hash_hex(o->alg, a2, a2[2] ? 3 : 2, d->ha2);
}

static int
digest_response(struct digest_in *d)
{
	const struct http_auth_offer *o = d->offer;
	const char *qop = o->qop == HTTP_QOP_AUTH ? "auth" : "auth-int";
	const char *full[6] = { d->ha1, o->nonce, "00000001", d->cnonce, qop,
		d->ha2 };
	const char *old[3] = { d->ha1, o->nonce, d->ha2 };

	if (o->qop == HTTP_QOP_NONE)
		return hash_hex(o->alg, old, 3, d->resp);
	return hash_hex(o->alg, full, 6, d->resp);
}

/* A quoted-string with '"' and '\' escaped; false when it did not fit. */
static bool
put_quoted(char *out, size_t outsz, size_t *n, const char *s)
{
	if (*n + 1 >= outsz)
		return false;
	out[(*n)++] = '"';
	for (; *s; s++) {
		if (*n + 3 >= outsz)
			return false;
		if (*s == '"' || *s == '\\')
			out[(*n)++] = '\\';
		out[(*n)++] = *s;
	}
	out[(*n)++] = '"';
	out[*n] = '\0';
	return true;
}

static bool
put_raw(char *out, size_t outsz, size_t *n, const char *s)
{
	int w = snprintf(out + *n, outsz - *n, "%s", s);

	if (w < 0 || (size_t)w >= outsz - *n)
		return false;
	*n += (size_t)w;
	return true;
}

static int
digest_header(const struct digest_in *d, char *out, size_t outsz)
{
	const struct http_auth_offer *o = d->offer;
	size_t n = 0;
	bool ok;

	ok = put_raw(out, outsz, &n, "Digest username=") &&
	    put_quoted(out, outsz, &n, d->user) &&
	    put_raw(out, outsz, &n, ", realm=") &&
	    put_quoted(out, outsz, &n, o->realm) &&
	    put_raw(out, outsz, &n, ", nonce=") &&
	    put_quoted(out, outsz, &n, o->nonce) &&
	    put_raw(out, outsz, &n, ", uri=") &&
	    put_quoted(out, outsz, &n, d->uri) &&
	    put_raw(out, outsz, &n, ", algorithm=") &&
	    put_raw(out, outsz, &n, http_digest_alg_name(o->alg)) &&
	    put_raw(out, outsz, &n, ", response=") &&
	    put_quoted(out, outsz, &n, d->resp);
	if (ok && o->qop != HTTP_QOP_NONE)
		ok = put_raw(out, outsz, &n, o->qop == HTTP_QOP_AUTH ?
		    ", qop=auth, nc=00000001, cnonce=" :
		    ", qop=auth-int, nc=00000001, cnonce=") &&
		    put_quoted(out, outsz, &n, d->cnonce);
	if (ok && o->has_opaque)
		ok = put_raw(out, outsz, &n, ", opaque=") &&
		    put_quoted(out, outsz, &n, o->opaque);
	return ok ? NET_OK : NET_E_ARG;
}

int
netc_auth_digest(const struct http_auth_offer *offer, const char *user,
    const char *password, const char *method, const char *uri,
    const char *body, size_t body_len, char *out, size_t outsz)
{
	struct digest_in d = { .offer = offer, .user = user,
		.method = method, .uri = uri };
	int rc;

	if (!offer->digest_ok || strlen(user) >= NET_CRED_MAX ||
	    strlen(password) >= NET_CRED_MAX)
		return NET_E_ARG;
	if ((rc = make_cnonce(d.cnonce)) == NET_OK &&
	    (rc = digest_hashes(&d, password, body, body_len)) == NET_OK &&
	    (rc = digest_response(&d)) == NET_OK)
		rc = digest_header(&d, out, outsz);
	explicit_bzero(d.ha1, sizeof(d.ha1));
	return rc;
}
