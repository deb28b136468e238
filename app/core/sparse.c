/*
 * sparse.c - zero and copy without writing pages that keep their bytes
 * (see sparse.h).
 */
#include <stdint.h>
#include <string.h>

#include "core/sparse.h"

/*
 * The unit the kernel keeps resident.  4096 on every camera SoC and on
 * x86_64; with larger pages the helpers are still right, only less sparse.
 */
#define SPARSE_PAGE	4096

static int
is_zero(const unsigned char *p, size_t n)
{
	return n == 0 || (p[0] == 0 && memcmp(p, p + 1, n - 1) == 0);
}

/* Bytes from p to the next page boundary, at most n. */
static size_t
chunk(const void *p, size_t n)
{
	size_t left = SPARSE_PAGE - ((uintptr_t)p & (SPARSE_PAGE - 1));

	return left < n ? left : n;
}

void
sparse_zero(void *p, size_t n)
{
	unsigned char *d = p;
	size_t k;

	for (; n > 0; d += k, n -= k) {
		k = chunk(d, n);
		if (!is_zero(d, k))
			memset(d, 0, k);
	}
}

void
sparse_copy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	size_t k;

	for (; n > 0; d += k, s += k, n -= k) {
		k = chunk(d, n);
		if (memcmp(d, s, k) != 0)
			memcpy(d, s, k);
	}
}
