/*
 * sparse.h - zero and copy large structures without touching the pages
 * that stay zero.
 *
 * The agent's big tables (the configuration, the policy, a scan) are
 * fixed-size and mostly empty.  memset() or a struct assignment writes
 * every page of them, and a written page stays resident for good, even
 * when it holds only zeros.  A page of fresh memory (calloc) that is
 * only read stays out of memory (the kernel maps its shared zero page),
 * so these helpers read first and write only a page whose bytes must
 * change: the same result as memset()/memcpy(), without the resident
 * zeros.  They cost a read of each page, for things done at start,
 * reload or once per scan, never per log line or request.
 */
#ifndef CAMGUARD_SPARSE_H
#define CAMGUARD_SPARSE_H

#include <stddef.h>

/* As memset(p, 0, n), writing only the pages that are not zero yet. */
void	sparse_zero(void *p, size_t n);
/* As memcpy(dst, src, n) (no overlap), writing only where they differ. */
void	sparse_copy(void *dst, const void *src, size_t n);

#endif
