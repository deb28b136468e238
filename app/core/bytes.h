/*
 * bytes.h - find one byte, copy a few bytes: inline, for the hot path of
 * `ids scan` (the log parsers, the JSON writer).
 *
 * Why not memchr and memcpy: there the distances are short (a field of
 * 1 to 80 bytes) and the calls many (nine memchr a CLF line), so the
 * call's fixed cost is most of the work.  The camera's C library, musl,
 * makes that worse: its memchr is generic C that steps byte by byte to
 * an aligned word and again inside the matching one, and its x86_64
 * memcpy starts `rep movsq` for any size; perf gave them a third of the
 * camera build's time in `ids scan` against a sixth for glibc's.
 * A long search is bytes_find_far(): glibc's memchr, vector code on
 * every architecture, is faster there than anything here; musl's is the
 * same generic C on every architecture, so for it four words a step.
 * That is the search of a whole line for its newline (linerd.c, 200
 * bytes a web log line), and what bytes_find() hands over to past
 * BYTES_NEAR bytes (a long user agent), where word by word would make
 * the glibc build slower than memchr did (by 5% on 700-byte lines).
 *
 * One machine word at a time (8 bytes on 64-bit, 4 on 32-bit ARM), with
 * unaligned loads through memcpy (one instruction on x86 and ARMv7+).
 * Pure; header-only like hexdigit.h, so each parser stays one object.
 */
#ifndef CG_BYTES_H
#define CG_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef unsigned long bytes_word;

#define BYTES_ONES	((bytes_word)-1 / 0xff)	/* 0x0101...01 */
#define BYTES_HIGHS	(BYTES_ONES << 7)	/* 0x8080...80 */
/* What bytes_copy() moves without memcpy(). */
#define BYTES_SMALL	16
/* What bytes_find() searches word by word (a browser's user agent). */
#define BYTES_NEAR	128

static inline const char *bytes_find_far(const char *p, const char *end,
	    char c);

/*
 * The first c in [p, end), or NULL: memchr() for short distances, word by
 * word; bytes_find_far() past BYTES_NEAR bytes.
 */
static inline const char *
bytes_find(const char *p, const char *end, char c)
{
	bytes_word pat = BYTES_ONES * (unsigned char)c, w, m;
	size_t k;

	for (k = 0; (size_t)(end - p) >= sizeof(w); k++) {
		if (k == BYTES_NEAR / sizeof(w))	/* far away */
			return bytes_find_far(p, end, c);
		memcpy(&w, p, sizeof(w));
		w ^= pat;
		/*
		 * The high bit of each zero byte of w, exact up to the first
		 * (a borrow can only mark bytes after it): the lowest set
		 * bit is the first match on a little-endian machine.
		 */
		m = (w - BYTES_ONES) & ~w & BYTES_HIGHS;
		if (m != 0) {
			if (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
				return p + __builtin_ctzl(m) / 8;
			break;	/* the byte loop finds it in this word */
		}
		p += sizeof(w);
	}
	for (; p < end; p++)
		if (*p == c)
			return p;
	return NULL;
}

/*
 * bytes_find() for a long search: memchr() when the build says the C
 * library's is vector code (LIBC_MEMCHR_FAST, set by the Makefile and
 * cross/camera.mk rather than tested here: app/ names no C library),
 * else four words a step, which locates the 32 bytes holding the first c.
 */
static inline const char *
bytes_find_far(const char *p, const char *end, char c)
{
	bytes_word pat = BYTES_ONES * (unsigned char)c, w[4], m;
	size_t i;

	if (LIBC_MEMCHR_FAST)
		return memchr(p, c, (size_t)(end - p));
	while ((size_t)(end - p) >= sizeof(w)) {
		memcpy(w, p, sizeof(w));
		for (m = 0, i = 0; i < 4; i++) {
			w[i] ^= pat;
			m |= (w[i] - BYTES_ONES) & ~w[i];
		}
		if (m & BYTES_HIGHS)	/* exact: some word has c */
			break;
		p += sizeof(w);
	}
	return bytes_find(p, end, c);
}

/*
 * memcpy(d, s, n): two overlapping fixed-size moves when n is at most
 * BYTES_SMALL (each one instruction), memcpy() beyond.
 */
static inline void
bytes_copy(char *d, const char *s, size_t n)
{
	uint64_t q[2];
	uint32_t h[2];

	if (n > BYTES_SMALL) {
		memcpy(d, s, n);
	} else if (n >= 8) {
		memcpy(&q[0], s, 8);
		memcpy(&q[1], s + n - 8, 8);
		memcpy(d, &q[0], 8);
		memcpy(d + n - 8, &q[1], 8);
	} else if (n >= 4) {
		memcpy(&h[0], s, 4);
		memcpy(&h[1], s + n - 4, 4);
		memcpy(d, &h[0], 4);
		memcpy(d + n - 4, &h[1], 4);
	} else if (n > 0) {
		d[0] = s[0];
		d[n / 2] = s[n / 2];
		d[n - 1] = s[n - 1];
	}
}

#endif
