/*
 * digest.h - SHA-256 (mbedTLS) for the policy hash and the state hash.
 * All mbedTLS hash calls live in digest.c (its API changed in 3.x).
 */
#ifndef CAMGUARD_DIGEST_H
#define CAMGUARD_DIGEST_H

#include <stddef.h>
#include <stdint.h>

struct digest_ctx {
	uint8_t	opaque[256];	/* an mbedtls_sha256_context */
};

void	digest_sha256(const void *buf, size_t len, uint8_t out[32]);
/* Lower-case hex into out (65 bytes with the NUL). */
void	digest_sha256_hex(const void *buf, size_t len, char out[65]);
void	digest_init(struct digest_ctx *);
void	digest_update(struct digest_ctx *, const void *buf, size_t len);
void	digest_final_hex(struct digest_ctx *, char out[65]);

#endif
