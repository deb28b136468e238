/*
 * test_sparse.c - sparse_zero() and sparse_copy() give memset()'s and
 * memcpy()'s result, and never write a page whose bytes stay the same:
 * those pages are made read-only here, so a write to one would be a
 * SIGSEGV that fails the test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/sparse.h"

#define PG	4096
#define NPG	6

static unsigned char *
map_pages(void)
{
	void *p = mmap(NULL, NPG * PG, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	assert_true(p != MAP_FAILED);
	assert_int_equal((uintptr_t)p % PG, 0);	/* 4 KB pages or larger */
	return p;
}

static void
protect(unsigned char *base, int page)
{
	assert_int_equal(mprotect(base + page * PG, PG, PROT_READ), 0);
}

/* Only the pages that hold something are written; the zero ones are
 * read-only and stay so. */
static void
test_zero_skips_zero_pages(void **state)
{
	unsigned char *m = map_pages();
	size_t off = 100, n = NPG * PG - 300, i;

	(void)state;
	memset(m + 1 * PG + 7, 0xa5, 50);
	m[3 * PG + PG - 1] = 1;			/* the last byte of page 3 */
	m[5 * PG + 10] = 2;			/* page 5, inside the range */
	protect(m, 0);
	protect(m, 2);
	protect(m, 4);
	sparse_zero(m + off, n);
	for (i = 0; i < NPG * PG; i++)
		assert_int_equal(m[i], 0);
	munmap(m, NPG * PG);
}

/* The bytes outside [p, p + n) are left alone, as memset would. */
static void
test_zero_bounds(void **state)
{
	unsigned char *m = map_pages();

	(void)state;
	memset(m, 0x11, NPG * PG);
	sparse_zero(m + PG + 3, 2 * PG);
	assert_int_equal(m[PG + 2], 0x11);
	assert_int_equal(m[PG + 3], 0);
	assert_int_equal(m[3 * PG + 2], 0);
	assert_int_equal(m[3 * PG + 3], 0x11);
	sparse_zero(m, 0);
	assert_int_equal(m[0], 0x11);
	munmap(m, NPG * PG);
}

/* A copy equals memcpy's; a destination page that already equals its
 * source (read-only here) is not written. */
static void
test_copy(void **state)
{
	unsigned char *src = malloc(NPG * PG), *want = malloc(NPG * PG);
	unsigned char *dst = map_pages();
	size_t off = 333, n = NPG * PG - 1000, i;

	(void)state;
	assert_non_null(src);
	assert_non_null(want);
	for (i = 0; i < NPG * PG; i++)
		src[i] = (unsigned char)(i * 7 + 1);
	/* src bytes for dst pages 0 and 2 (plus off) are the ones dst
	 * already holds: zero for page 0, a copy for page 2 */
	memset(src, 0, PG - off);
	memcpy(dst + 2 * PG, src + 2 * PG - off, PG);
	memcpy(want, dst, NPG * PG);
	memcpy(want + off, src, n);
	protect(dst, 0);
	protect(dst, 2);
	sparse_copy(dst + off, src, n);
	assert_memory_equal(dst, want, NPG * PG);
	free(src);
	free(want);
	munmap(dst, NPG * PG);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zero_skips_zero_pages),
		cmocka_unit_test(test_zero_bounds),
		cmocka_unit_test(test_copy),
	};

	if (sysconf(_SC_PAGESIZE) != PG)
		return 0;	/* the read-only trick needs 4 KB pages */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
