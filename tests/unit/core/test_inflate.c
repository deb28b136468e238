/*
 * test_inflate.c - the DEFLATE decoder gives back what zlib and gzip
 * encoded (fixed, stored and dynamic blocks; the built-in policy is the
 * shipped file byte for byte), and refuses cut, corrupt and oversized
 * streams without writing past its buffer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/policy.h"
#include "core/inflate.h"

#define POLICY	"packaging/policy/mobotix-v1.json"

/* zlib, raw, level 9, Z_FIXED */
static const char fixed_text[] =
    "camguard camguard camguard: the camera guards itself\n";
static const uint8_t v_fixed[] = {
	0x4b, 0x4e, 0xcc, 0x4d, 0x2f, 0x4d, 0x2c, 0x4a, 0x51, 0x48, 0x46,
	0x67, 0x58, 0x29, 0x94, 0x64, 0xa4, 0x82, 0x78, 0xa9, 0x45, 0x89,
	0x0a, 0x60, 0x91, 0x62, 0x85, 0xcc, 0x92, 0xe2, 0xd4, 0x9c, 0x34,
	0x2e, 0x00
};
/* zlib, raw, level 0: one stored block */
static const uint8_t v_stored[] = {
	0x01, 0x03, 0x00, 0xfc, 0xff, 0x61, 0x62, 0x63
};
/* gzip -9 -n of "hello, gzip\n" */
static const uint8_t v_gz[] = {
	0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb,
	0x48, 0xcd, 0xc9, 0xc9, 0xd7, 0x51, 0x48, 0xaf, 0xca, 0x2c, 0xe0,
	0x02, 0x00, 0x86, 0x1f, 0x82, 0xa4, 0x0c, 0x00, 0x00, 0x00
};

static void
fixed_block(void **state)
{
	uint8_t out[128];
	size_t len, used;

	(void)state;
	assert_int_equal(inflate_raw(out, sizeof(out), &len, v_fixed,
	    sizeof(v_fixed), &used), INFLATE_OK);
	assert_int_equal(len, strlen(fixed_text));
	assert_memory_equal(out, fixed_text, len);
	assert_int_equal(used, sizeof(v_fixed));
}

static void
stored_block(void **state)
{
	uint8_t out[8];
	size_t len, used;

	(void)state;
	assert_int_equal(inflate_raw(out, sizeof(out), &len, v_stored,
	    sizeof(v_stored), &used), INFLATE_OK);
	assert_int_equal(len, 3);
	assert_memory_equal(out, "abc", 3);
	/* a stored length whose complement is wrong */
	{
		static const uint8_t bad[] = { 0x01, 0x03, 0x00, 0x00, 0x00,
		    0x61, 0x62, 0x63 };

		assert_int_equal(inflate_raw(out, sizeof(out), &len, bad,
		    sizeof(bad), &used), INFLATE_BAD);
	}
	/* stored data longer than what follows */
	assert_int_equal(inflate_raw(out, sizeof(out), &len, v_stored,
	    sizeof(v_stored) - 1, &used), INFLATE_BAD);
}

static void
gzip_member(void **state)
{
	uint8_t out[32], copy[sizeof(v_gz) + 1];
	size_t len;

	(void)state;
	assert_int_equal(inflate_gzip(out, sizeof(out), &len, v_gz,
	    sizeof(v_gz)), INFLATE_OK);
	assert_int_equal(len, 12);
	assert_memory_equal(out, "hello, gzip\n", 12);

	memcpy(copy, v_gz, sizeof(v_gz));
	copy[sizeof(v_gz) - 8] ^= 1;		/* CRC-32 */
	assert_int_equal(inflate_gzip(out, sizeof(out), &len, copy,
	    sizeof(v_gz)), INFLATE_BAD);
	memcpy(copy, v_gz, sizeof(v_gz));
	copy[sizeof(v_gz) - 4] ^= 1;		/* length */
	assert_int_equal(inflate_gzip(out, sizeof(out), &len, copy,
	    sizeof(v_gz)), INFLATE_BAD);
	memcpy(copy, v_gz, sizeof(v_gz));
	copy[3] = 0x08;				/* FNAME */
	assert_int_equal(inflate_gzip(out, sizeof(out), &len, copy,
	    sizeof(v_gz)), INFLATE_BAD);
	memcpy(copy, v_gz, sizeof(v_gz));
	copy[sizeof(v_gz)] = 0;			/* a byte after the member */
	assert_int_equal(inflate_gzip(out, sizeof(out), &len, copy,
	    sizeof(v_gz) + 1), INFLATE_BAD);
	/* one byte short of room: refused, nothing past the buffer */
	memset(out, 0x5a, sizeof(out));
	assert_int_equal(inflate_gzip(out, 11, &len, v_gz, sizeof(v_gz)),
	    INFLATE_FULL);
	assert_int_equal(out[11], 0x5a);
}

static void
hand_made_streams(void **state)
{
	/* fixed block: length 3 at distance 1 before any output */
	static const uint8_t far[] = { 0x03, 0x02 };
	static const uint8_t btype3[] = { 0x07 };
	uint8_t out[16];
	size_t len, used;

	(void)state;
	assert_int_equal(inflate_raw(out, sizeof(out), &len, far,
	    sizeof(far), &used), INFLATE_BAD);
	assert_int_equal(inflate_raw(out, sizeof(out), &len, btype3,
	    sizeof(btype3), &used), INFLATE_BAD);
	assert_int_equal(inflate_raw(out, sizeof(out), &len, btype3, 0,
	    &used), INFLATE_BAD);
}

static void
crc32_check_value(void **state)
{
	(void)state;
	assert_int_equal(inflate_crc32(0, (const uint8_t *)"123456789", 9),
	    0xcbf43926U);
	assert_int_equal(inflate_crc32(inflate_crc32(0,
	    (const uint8_t *)"1234", 4), (const uint8_t *)"56789", 5),
	    0xcbf43926U);
}

static char *
read_policy(size_t *len)
{
	FILE *f = fopen(POLICY, "rb");
	char *buf = malloc(POLICY_FILE_MAX);

	assert_non_null(f);
	assert_non_null(buf);
	*len = fread(buf, 1, POLICY_FILE_MAX, f);
	fclose(f);
	return buf;
}

/* Dynamic blocks over the real thing: the built-in policy decodes to the
 * shipped file, and every cut of it is refused. */
static void
builtin_policy_is_the_file(void **state)
{
	size_t flen, len, cut;
	char *file = read_policy(&flen);
	uint8_t *out = malloc(flen + 1);

	(void)state;
	assert_non_null(out);
	assert_int_equal(policy_builtin_len, flen);
	assert_true(policy_builtin_gz_len < flen / 3);
	assert_int_equal(inflate_gzip(out, flen, &len, policy_builtin_gz,
	    policy_builtin_gz_len), INFLATE_OK);
	assert_int_equal(len, flen);
	assert_memory_equal(out, file, flen);
	for (cut = 0; cut < policy_builtin_gz_len;
	    cut += policy_builtin_gz_len / 23 + 1)
		assert_int_equal(inflate_gzip(out, flen, &len,
		    policy_builtin_gz, cut), INFLATE_BAD);
	assert_int_equal(inflate_gzip(out, flen - 1, &len, policy_builtin_gz,
	    policy_builtin_gz_len), INFLATE_FULL);
	free(out);
	free(file);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fixed_block),
		cmocka_unit_test(stored_block),
		cmocka_unit_test(gzip_member),
		cmocka_unit_test(hand_made_streams),
		cmocka_unit_test(crc32_check_value),
		cmocka_unit_test(builtin_policy_is_the_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
