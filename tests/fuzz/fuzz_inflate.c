/*
 * fuzz_inflate.c - libFuzzer target for the DEFLATE decoder.
 *
 * The input is decoded as a raw stream and as a gzip member into a
 * buffer with a guard zone after the capacity it is given: a byte
 * written there, a length over the capacity or a claim to have used
 * more input than there was is a finding.  A stream that decodes must
 * decode the same into a buffer of exactly its length, and be refused
 * as INFLATE_FULL one byte short.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/inflate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CAP	(64 * 1024)
#define GUARD	64

static uint8_t out[CAP + GUARD], again[CAP + GUARD];

static void
guard_intact(const uint8_t *buf, size_t cap)
{
	size_t i;

	for (i = cap; i < cap + GUARD; i++)
		if (buf[i] != 0xa5)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = 0, len2 = 0, used = 0, cap;
	int rc;

	cap = size ? (size_t)data[0] * 256 % CAP : CAP;
	memset(out, 0xa5, sizeof(out));
	rc = inflate_raw(out, cap, &len, data, size, &used);
	guard_intact(out, cap);
	if (rc == INFLATE_OK) {
		if (len > cap || used > size)
			abort();
		memset(again, 0xa5, sizeof(again));
		if (inflate_raw(again, len, &len2, data, size, &used) !=
		    INFLATE_OK || len2 != len || memcmp(out, again, len) != 0)
			abort();
		guard_intact(again, len);
		if (len > 0 && inflate_raw(again, len - 1, &len2, data, size,
		    &used) != INFLATE_FULL)
			abort();
	} else if (rc != INFLATE_BAD && rc != INFLATE_FULL) {
		abort();
	}
	memset(out, 0xa5, sizeof(out));
	rc = inflate_gzip(out, CAP, &len, data, size);
	guard_intact(out, CAP);
	if (rc == INFLATE_OK && len > CAP)
		abort();
	return 0;
}
