/*
 * test_bytes.c - bytes_find() and bytes_find_far() are memchr() (the
 * latter is memchr() itself with glibc: the camera build's tests check
 * its own search) and bytes_copy() is memcpy(): every start alignment,
 * every length to past the point where bytes_find() hands over to
 * bytes_find_far(), the byte sought at every place or absent, with bytes
 * around it that a wrong word test would take for it (the byte with one
 * bit changed, its complement, the byte - 1).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/bytes.h"

/* Past BYTES_NEAR and two of bytes_find_far's steps. */
#define SPAN	160

/* c at [off + at] (none when at == len) and at the end, in fill. */
static void
find_one(size_t off, size_t len, size_t at, char c, char fill)
{
	char buf[SPAN + 16];
	const char *want;

	memset(buf, fill, sizeof(buf));
	if (at < len)
		buf[off + at] = c;
	if (at + 1 < len)	/* a second one */
		buf[off + len - 1] = c;
	want = memchr(buf + off, c, len);
	assert_ptr_equal(bytes_find(buf + off, buf + off + len, c), want);
	assert_ptr_equal(bytes_find_far(buf + off, buf + off + len, c),
	    want);
}

static void
test_find_is_memchr(void **state)
{
	static const char wanted[] = { '"', ' ', '\n', '\0', (char)0x80,
		(char)0xff };
	char fill[4];
	size_t off, len, at, w, f;

	(void)state;
	for (w = 0; w < sizeof(wanted); w++) {
		/* bytes a word test gets wrong by a borrow or a high bit */
		fill[0] = (char)(wanted[w] ^ 0x01);
		fill[1] = (char)(wanted[w] ^ 0x80);
		fill[2] = (char)(wanted[w] ^ 0xff);
		fill[3] = (char)(wanted[w] - 1);
		for (f = 0; f < sizeof(fill); f++)
			for (off = 0; off < 8; off++)
				for (len = 0; len <= SPAN; len++)
					for (at = 0; at <= len; at++)
						find_one(off, len, at,
						    wanted[w], fill[f]);
	}
}

static void
test_copy_is_memcpy(void **state)
{
	char src[SPAN + 8], dst[SPAN + 16], want[SPAN + 16];
	size_t off, n, i;

	(void)state;
	for (i = 0; i < sizeof(src); i++)
		src[i] = (char)(i * 7 + 1);
	for (off = 0; off < 8; off++) {
		for (n = 0; n <= SPAN; n++) {
			memset(dst, 'x', sizeof(dst));
			memset(want, 'x', sizeof(want));
			bytes_copy(dst + off, src + off, n);
			memcpy(want + off, src + off, n);
			assert_memory_equal(dst, want, sizeof(dst));
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_is_memchr),
		cmocka_unit_test(test_copy_is_memcpy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
