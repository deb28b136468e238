/*
 * inflate.h - a DEFLATE (RFC 1951) decoder, and the one gzip member
 * (RFC 1952) form that the build makes with `gzip -9 -n`.
 *
 * Why: the built-in policy is the largest constant in the binary (61 KB
 * of JSON); stored compressed it costs a fifth of that on a camera's
 * flash, and the decoder is 2 KB of code.  Pure: it writes only into the
 * caller's buffer, allocates nothing and stops at the buffer's end, so a
 * corrupt or hostile stream is an error, never an overrun.
 */
#ifndef CG_INFLATE_H
#define CG_INFLATE_H

#include <stddef.h>
#include <stdint.h>

enum inflate_rc {
	INFLATE_OK = 0,
	INFLATE_BAD = -1,	/* not a valid stream, or cut short */
	INFLATE_FULL = -2,	/* the output would not fit in dstcap */
};

/* Decodes the raw DEFLATE stream src[0..srclen) into dst[0..dstcap).
 * On INFLATE_OK, *dstlen is the decoded length and *used the bytes of
 * src the stream took (up to and including its last block's end). */
int	inflate_raw(uint8_t *dst, size_t dstcap, size_t *dstlen,
	    const uint8_t *src, size_t srclen, size_t *used);

/* A whole gzip member with no optional fields (FLG 0, as `gzip -n`
 * writes): the header, the stream, then its CRC-32 and length, both
 * checked.  Bytes after the member are an error. */
int	inflate_gzip(uint8_t *dst, size_t dstcap, size_t *dstlen,
	    const uint8_t *src, size_t srclen);

/* CRC-32 (ISO-HDLC, gzip's) of buf, continuing from crc (0 to start). */
uint32_t	inflate_crc32(uint32_t crc, const uint8_t *buf, size_t len);

#endif
