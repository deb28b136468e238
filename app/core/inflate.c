/*
 * inflate.c - DEFLATE decoding, after the canonical-Huffman method of
 * zlib's contrib/puff (Mark Adler): codes are decoded a bit at a time
 * from counts per length, no lookup tables, so the code stays small and
 * every table is on the stack.  Speed is not the point: it runs once per
 * policy load, on 15 KB.
 */
#include "core/inflate.h"

#include <string.h>

#define MAXBITS		15	/* longest code */
#define MAXLCODES	286	/* literal/length codes */
#define MAXDCODES	30	/* distance codes */
#define MAXCODES	(MAXLCODES + MAXDCODES)
#define FIXLCODES	288	/* literal/length codes of the fixed block */
#define NCLEN		19	/* code length codes */

struct inf {
	const uint8_t	*in;
	size_t		 inlen, incnt;
	uint8_t		*out;
	size_t		 outcap, outcnt;
	uint32_t	 bitbuf;
	int		 bitcnt;
	int		 cut;		/* read past the input's end */
};

struct huffman {
	short	*count;		/* codes of each length, [0..MAXBITS] */
	short	*symbol;	/* symbols in canonical order */
};

/* need (0..13) bits, first bit in the lowest place; 0 and s->cut set
 * once the input is spent. */
static int
bits(struct inf *s, int need)
{
	uint32_t val = s->bitbuf;

	while (s->bitcnt < need) {
		if (s->incnt == s->inlen) {
			s->cut = 1;
			return 0;
		}
		val |= (uint32_t)s->in[s->incnt++] << s->bitcnt;
		s->bitcnt += 8;
	}
	s->bitbuf = val >> need;
	s->bitcnt -= need;
	return (int)(val & ((1U << need) - 1));
}

static int
stored(struct inf *s)
{
	size_t len;

	s->bitbuf = 0;		/* to the byte boundary */
	s->bitcnt = 0;
	if (s->inlen - s->incnt < 4)
		return INFLATE_BAD;
	len = s->in[s->incnt] | (size_t)s->in[s->incnt + 1] << 8;
	if (s->in[s->incnt + 2] != (~len & 0xff) ||
	    s->in[s->incnt + 3] != ((~len >> 8) & 0xff))
		return INFLATE_BAD;
	s->incnt += 4;
	if (s->inlen - s->incnt < len)
		return INFLATE_BAD;
	if (s->outcap - s->outcnt < len)
		return INFLATE_FULL;
	memcpy(s->out + s->outcnt, s->in + s->incnt, len);
	s->outcnt += len;
	s->incnt += len;
	return INFLATE_OK;
}

/* A symbol, or INFLATE_BAD for a cut stream or a code h does not hold. */
static int
decode(struct inf *s, const struct huffman *h)
{
	int code = 0, first = 0, index = 0, len, count;

	for (len = 1; len <= MAXBITS; len++) {
		code |= bits(s, 1);
		if (s->cut)
			return INFLATE_BAD;
		count = h->count[len];
		if (code - count < first)
			return h->symbol[index + (code - first)];
		index += count;
		first = (first + count) << 1;
		code <<= 1;
	}
	return INFLATE_BAD;
}

/* The code of n symbols of the given lengths: 0 when complete, above 0
 * when incomplete (codes left over), below 0 when over-subscribed. */
static int
construct(struct huffman *h, const short *length, int n)
{
	short offs[MAXBITS + 1];
	int symbol, len, left;

	for (len = 0; len <= MAXBITS; len++)
		h->count[len] = 0;
	for (symbol = 0; symbol < n; symbol++)
		h->count[length[symbol]]++;
	if (h->count[0] == n)
		return 0;
	left = 1;
	for (len = 1; len <= MAXBITS; len++) {
		left <<= 1;
		left -= h->count[len];
		if (left < 0)
			return left;
	}
	offs[1] = 0;
	for (len = 1; len < MAXBITS; len++)
		offs[len + 1] = (short)(offs[len] + h->count[len]);
	for (symbol = 0; symbol < n; symbol++)
		if (length[symbol] != 0)
			h->symbol[offs[length[symbol]]++] = (short)symbol;
	return left;
}

static const short lbase[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const unsigned char lext[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const unsigned short dbase[30] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
	8193, 12289, 16385, 24577 };
static const unsigned char dext[30] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

static int
codes(struct inf *s, const struct huffman *lencode,
    const struct huffman *distcode)
{
	int symbol;
	size_t len, dist;

	for (;;) {
		symbol = decode(s, lencode);
		if (symbol < 0)
			return INFLATE_BAD;
		if (symbol == 256)
			return INFLATE_OK;
		if (symbol < 256) {
			if (s->outcnt == s->outcap)
				return INFLATE_FULL;
			s->out[s->outcnt++] = (uint8_t)symbol;
			continue;
		}
		symbol -= 257;
		if (symbol >= 29)
			return INFLATE_BAD;
		len = (size_t)lbase[symbol] + (size_t)bits(s, lext[symbol]);
		symbol = decode(s, distcode);
		if (symbol < 0 || symbol >= 30)
			return INFLATE_BAD;
		dist = dbase[symbol] + (size_t)bits(s, dext[symbol]);
		if (s->cut || dist > s->outcnt)
			return INFLATE_BAD;
		if (s->outcap - s->outcnt < len)
			return INFLATE_FULL;
		for (; len; len--, s->outcnt++)
			s->out[s->outcnt] = s->out[s->outcnt - dist];
	}
}

static int
fixed(struct inf *s)
{
	short lencnt[MAXBITS + 1], lensym[FIXLCODES];
	short distcnt[MAXBITS + 1], distsym[MAXDCODES];
	short lengths[FIXLCODES];
	struct huffman lencode = { lencnt, lensym };
	struct huffman distcode = { distcnt, distsym };
	int symbol;

	for (symbol = 0; symbol < FIXLCODES; symbol++)
		lengths[symbol] = symbol < 144 ? 8 : symbol < 256 ? 9 :
		    symbol < 280 ? 7 : 8;
	construct(&lencode, lengths, FIXLCODES);
	for (symbol = 0; symbol < MAXDCODES; symbol++)
		lengths[symbol] = 5;
	construct(&distcode, lengths, MAXDCODES);
	return codes(s, &lencode, &distcode);
}

/* Reads the lengths of nlen + ndist codes, coded with lencode. */
static int
code_lengths(struct inf *s, const struct huffman *lencode, short *lengths,
    int n)
{
	int index = 0, symbol, len, rep;

	while (index < n) {
		symbol = decode(s, lencode);
		if (symbol < 0)
			return INFLATE_BAD;
		if (symbol < 16) {
			lengths[index++] = (short)symbol;
			continue;
		}
		len = 0;
		if (symbol == 16) {
			if (index == 0)
				return INFLATE_BAD;
			len = lengths[index - 1];
			rep = 3 + bits(s, 2);
		} else if (symbol == 17) {
			rep = 3 + bits(s, 3);
		} else {
			rep = 11 + bits(s, 7);
		}
		if (s->cut || index + rep > n)
			return INFLATE_BAD;
		while (rep--)
			lengths[index++] = (short)len;
	}
	return INFLATE_OK;
}

/* An incomplete code is allowed only when it holds a single symbol. */
static int
usable(int rc, const struct huffman *h, int n)
{
	return rc == 0 || (rc > 0 && n - h->count[0] == 1);
}

static int
dynamic(struct inf *s)
{
	static const unsigned char order[NCLEN] = {
		16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14,
		1, 15 };
	short lengths[MAXCODES];
	short lencnt[MAXBITS + 1], lensym[MAXLCODES];
	short distcnt[MAXBITS + 1], distsym[MAXDCODES];
	struct huffman lencode = { lencnt, lensym };
	struct huffman distcode = { distcnt, distsym };
	int nlen, ndist, ncode, index;

	nlen = bits(s, 5) + 257;
	ndist = bits(s, 5) + 1;
	ncode = bits(s, 4) + 4;
	if (s->cut || nlen > MAXLCODES || ndist > MAXDCODES)
		return INFLATE_BAD;
	for (index = 0; index < NCLEN; index++)
		lengths[order[index]] =
		    (short)(index < ncode ? bits(s, 3) : 0);
	if (s->cut || construct(&lencode, lengths, NCLEN) != 0)
		return INFLATE_BAD;
	if (code_lengths(s, &lencode, lengths, nlen + ndist) != INFLATE_OK ||
	    lengths[256] == 0)
		return INFLATE_BAD;
	if (!usable(construct(&lencode, lengths, nlen), &lencode, nlen) ||
	    !usable(construct(&distcode, lengths + nlen, ndist), &distcode,
	    ndist))
		return INFLATE_BAD;
	return codes(s, &lencode, &distcode);
}

int
inflate_raw(uint8_t *dst, size_t dstcap, size_t *dstlen, const uint8_t *src,
    size_t srclen, size_t *used)
{
	struct inf s = { .in = src, .inlen = srclen, .out = dst,
	    .outcap = dstcap };
	int last, type, rc;

	do {
		last = bits(&s, 1);
		type = bits(&s, 2);
		if (s.cut)
			return INFLATE_BAD;
		if (type == 0)
			rc = stored(&s);
		else if (type == 1)
			rc = fixed(&s);
		else if (type == 2)
			rc = dynamic(&s);
		else
			rc = INFLATE_BAD;
		if (rc != INFLATE_OK)
			return rc;
	} while (!last);
	*dstlen = s.outcnt;
	*used = s.incnt;
	return INFLATE_OK;
}

uint32_t
inflate_crc32(uint32_t crc, const uint8_t *buf, size_t len)
{
	int k;

	crc = ~crc;
	while (len--) {
		crc ^= *buf++;
		for (k = 0; k < 8; k++)
			crc = crc >> 1 ^ (0xedb88320U & (0U - (crc & 1)));
	}
	return ~crc;
}

static uint32_t
le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

#define GZIP_HEAD	10
#define GZIP_TAIL	8

int
inflate_gzip(uint8_t *dst, size_t dstcap, size_t *dstlen, const uint8_t *src,
    size_t srclen)
{
	size_t len, used;
	int rc;

	/* magic, CM 8 (deflate), FLG 0: no name, comment or extra field */
	if (srclen < GZIP_HEAD + GZIP_TAIL || src[0] != 0x1f ||
	    src[1] != 0x8b || src[2] != 8 || src[3] != 0)
		return INFLATE_BAD;
	rc = inflate_raw(dst, dstcap, &len, src + GZIP_HEAD,
	    srclen - GZIP_HEAD, &used);
	if (rc != INFLATE_OK)
		return rc;
	if (srclen - GZIP_HEAD - used != GZIP_TAIL ||
	    le32(src + GZIP_HEAD + used) != inflate_crc32(0, dst, len) ||
	    le32(src + GZIP_HEAD + used + 4) != (uint32_t)len)
		return INFLATE_BAD;
	*dstlen = len;
	return INFLATE_OK;
}
