/*
 * digest.c - SHA-256 through mbedTLS 2.28 (the *_ret API).
 */
#include <string.h>

#include <mbedtls/sha256.h>

#include "core/digest.h"

_Static_assert(sizeof(mbedtls_sha256_context) <= sizeof(struct digest_ctx),
    "digest_ctx holds an mbedtls_sha256_context");

static void
hex(const uint8_t bin[32], char out[65])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = digits[bin[i] >> 4];
		out[2 * i + 1] = digits[bin[i] & 15];
	}
	out[64] = '\0';
}

void
digest_sha256(const void *buf, size_t len, uint8_t out[32])
{
	mbedtls_sha256_ret(buf, len, out, 0);
}

void
digest_sha256_hex(const void *buf, size_t len, char out[65])
{
	uint8_t bin[32];

	digest_sha256(buf, len, bin);
	hex(bin, out);
}

void
digest_init(struct digest_ctx *d)
{
	mbedtls_sha256_context *c = (mbedtls_sha256_context *)(void *)d;

	mbedtls_sha256_init(c);
	mbedtls_sha256_starts_ret(c, 0);
}

void
digest_update(struct digest_ctx *d, const void *buf, size_t len)
{
	mbedtls_sha256_update_ret((mbedtls_sha256_context *)(void *)d, buf,
	    len);
}

void
digest_final_hex(struct digest_ctx *d, char out[65])
{
	mbedtls_sha256_context *c = (mbedtls_sha256_context *)(void *)d;
	uint8_t bin[32];

	mbedtls_sha256_finish_ret(c, bin);
	mbedtls_sha256_free(c);
	hex(bin, out);
}
