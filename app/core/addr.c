/*
 * addr.c - parse, mask, compare and print IPv4/IPv6 addresses and prefixes.
 * Pure: no I/O; inet_ntop to print (parsing is our own, below).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/addr.h"
#include "core/hexdigit.h"

static const uint8_t v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0xff, 0xff };

/*
 * The parsing of inet_pton(3), on a counted string: the two C libraries
 * camguard links with differ on the edge cases (glibc's rules, from BIND,
 * are kept here, so the host and camera builds agree), and ids scan
 * parses one address per log line, where musl's inet_pton, its strlen
 * and the copy to a NUL-terminated buffer were a tenth of the time.
 */

/* Dotted quad, each part 0-255 without a leading zero. */
static bool
parse_v4(const char *s, const char *end, uint8_t out[4])
{
	unsigned v = 0, parts = 0;
	bool digit = false;
	uint8_t tmp[4];

	for (; s < end; s++) {
		if (*s >= '0' && *s <= '9') {
			if (digit && v == 0)
				return false;	/* "01" */
			v = v * 10 + (unsigned)(*s - '0');
			if (v > 255)
				return false;
			if (!digit && ++parts > 4)
				return false;
			digit = true;
		} else if (*s == '.' && digit) {
			if (parts == 4)
				return false;
			tmp[parts - 1] = (uint8_t)v;
			v = 0;
			digit = false;
		} else {
			return false;
		}
	}
	if (parts < 4 || !digit)
		return false;
	tmp[3] = (uint8_t)v;
	memcpy(out, tmp, 4);
	return true;
}

/* The 16 bytes of groups g[0, ng), the zeros of "::" at gap. */
static void
put_v6(const uint16_t *g, size_t ng, size_t gap, uint8_t out[16])
{
	size_t i, k = 0, zeros = 8 - ng;

	for (i = 0; i < 8; i++) {
		uint16_t v = i >= gap && i < gap + zeros ? 0 : g[k++];

		out[2 * i] = (uint8_t)(v >> 8);
		out[2 * i + 1] = (uint8_t)v;
	}
}

/* Groups of 1-4 hex digits, one "::", a dotted quad at the end. */
static bool
parse_v6(const char *s, const char *end, uint8_t out[16])
{
	uint16_t g[8];
	uint8_t q[4];
	size_t ng = 0, gap = SIZE_MAX, digits = 0;
	const char *tok;
	unsigned v = 0;
	int d;

	if (s < end && *s == ':' && (++s == end || *s != ':'))
		return false;
	for (tok = s; s < end; s++) {
		if ((d = hex_digit(*s)) >= 0) {
			if (digits++ == 4)
				return false;
			v = v << 4 | (unsigned)d;
			continue;
		}
		if (*s == ':') {
			tok = s + 1;
			if (digits == 0) {
				if (gap != SIZE_MAX)
					return false;
				gap = ng;
				continue;
			}
			if (s + 1 == end || ng == 8)
				return false;
			g[ng++] = (uint16_t)v;
			digits = 0;
			v = 0;
			continue;
		}
		if (*s != '.' || ng > 6 || !parse_v4(tok, end, q))
			return false;
		g[ng++] = (uint16_t)(q[0] << 8 | q[1]);
		g[ng++] = (uint16_t)(q[2] << 8 | q[3]);
		digits = 0;
		break;
	}
	if (digits > 0) {
		if (ng == 8)
			return false;
		g[ng++] = (uint16_t)v;
	}
	/* "::" must stand for at least one group, and only it may */
	if (gap != SIZE_MAX ? ng == 8 : ng != 8)
		return false;
	put_v6(g, ng, gap, out);
	return true;
}

static int
parse_ip(const char *s, const char *end, struct addr_net *out)
{
	memset(out, 0, sizeof(*out));
	if (parse_v4(s, end, out->bytes)) {
		out->family = 4;
		out->prefix = 32;
		return 0;
	}
	if (!parse_v6(s, end, out->bytes))
		return -1;
	if (!memcmp(out->bytes, v4mapped, sizeof(v4mapped))) {
		memmove(out->bytes, out->bytes + 12, 4);
		memset(out->bytes + 4, 0, 12);
		out->family = 4;
		out->prefix = 32;
		return 0;
	}
	out->family = 6;
	out->prefix = 128;
	return 0;
}

int
addr_parse_ip(const char *s, size_t len, struct addr_net *out)
{
	size_t n;

	if (len == 0 || len >= ADDR_STR_MAX)
		return -1;
	/* inet_pton read up to a NUL: an embedded one still ends it */
	for (n = 0; n < len && s[n] != '\0'; n++)
		;
	return parse_ip(s, s + n, out);
}

int
addr_parse_ip_text(const char *s, size_t len, struct addr_net *out)
{
	if (len == 0 || len >= ADDR_STR_MAX)
		return -1;
	return parse_ip(s, s + len, out);
}

void
addr_mask(struct addr_net *a, unsigned prefix)
{
	unsigned bits = a->family == 4 ? 32 : 128, i;

	if (prefix > bits)
		prefix = bits;
	a->prefix = (uint8_t)prefix;
	for (i = prefix; i < bits; i++)
		a->bytes[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
}

int
addr_parse_net(const char *s, size_t len, struct addr_net *out)
{
	const char *slash = memchr(s, '/', len);
	char num[4];
	size_t nl;
	char *end;
	unsigned long p;

	if (!slash)
		return addr_parse_ip(s, len, out);
	if (addr_parse_ip(s, (size_t)(slash - s), out) < 0)
		return -1;
	nl = len - (size_t)(slash - s) - 1;
	if (nl == 0 || nl >= sizeof(num))
		return -1;
	memcpy(num, slash + 1, nl);
	num[nl] = '\0';
	if (num[0] < '0' || num[0] > '9')
		return -1;
	p = strtoul(num, &end, 10);
	if (*end || p > (out->family == 4 ? 32u : 128u))
		return -1;
	addr_mask(out, (unsigned)p);
	return 0;
}

bool
addr_in_net(const struct addr_net *ip, const struct addr_net *net)
{
	struct addr_net m;

	if (ip->family != net->family || ip->prefix < net->prefix)
		return false;
	m = *ip;
	addr_mask(&m, net->prefix);
	return !memcmp(m.bytes, net->bytes, sizeof(m.bytes));
}

/* "a.b.c.d" as inet_ntop writes it; dst holds 16 bytes. */
static void
ntop_v4(const uint8_t *b, char *dst)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (b[i] >= 100)
			*dst++ = (char)('0' + b[i] / 100);
		if (b[i] >= 10)
			*dst++ = (char)('0' + b[i] / 10 % 10);
		*dst++ = (char)('0' + b[i] % 10);
		*dst++ = i < 3 ? '.' : '\0';
	}
}

/* One group in lowercase hex without leading zeros ("%x"). */
static char *
ntop_group(unsigned v, char *p)
{
	static const char hex[] = "0123456789abcdef";
	int shift;

	for (shift = 12; shift > 0 && (v >> shift) == 0; shift -= 4)
		;
	for (; shift >= 0; shift -= 4)
		*p++ = hex[(v >> shift) & 0xf];
	return p;
}

/*
 * RFC 5952 text without inet_ntop's printf: the longest run of two or
 * more zero groups as "::", the first of equal runs.  False for the
 * forms where glibc's inet_ntop and musl's write different text, which
 * are left to the C library: an embedded IPv4 address (glibc writes
 * ::a.b.c.d when the first six groups are zero) and a leading run tied
 * with a later inner one (musl weighs a run by its text, ":0:0:" beats
 * "0:0:").
 */
static bool
ntop_v6(const uint8_t *b, char *dst)
{
	unsigned w[8];
	int i, best = -1, blen = 0, cur = -1, tie = 0;

	for (i = 0; i < 8; i++)
		w[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
	for (i = 0; i <= 8; i++) {
		if (i < 8 && w[i] == 0) {
			if (cur < 0)
				cur = i;
			continue;
		}
		if (cur >= 0 && i - cur > blen) {
			best = cur;
			blen = i - cur;
		} else if (cur >= 0 && i - cur == blen && i < 8) {
			tie = blen;
		}
		cur = -1;
	}
	if (blen < 2)
		best = -1;
	if (best == 0 && (blen == 5 || blen == 6 || tie == blen))
		return false;
	for (i = 0; i < 8; i++) {
		if (i == best) {
			*dst++ = ':';
			i += blen - 1;
			if (i == 7)
				*dst++ = ':';
			continue;
		}
		if (i != 0)
			*dst++ = ':';
		dst = ntop_group(w[i], dst);
	}
	*dst = '\0';
	return true;
}

const char *
addr_ntop(const struct addr_net *a, char *dst, size_t dstsz)
{
	if (dstsz < INET6_ADDRSTRLEN)
		return NULL;
	if (a->family == 4) {
		ntop_v4(a->bytes, dst);
		return dst;
	}
	if (ntop_v6(a->bytes, dst))
		return dst;
	return inet_ntop(AF_INET6, a->bytes, dst, (socklen_t)dstsz);
}

char *
addr_format(const struct addr_net *a, char *dst, size_t dstsz)
{
	char ip[INET6_ADDRSTRLEN];

	if (!inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->bytes, ip,
	    sizeof(ip)))
		snprintf(ip, sizeof(ip), "?");
	snprintf(dst, dstsz, "%s/%u", ip, a->prefix);
	return dst;
}

int
addr_parse_listen(const char *s, char *host, size_t hostsz, uint16_t *port)
{
	const char *colon, *h = s;
	size_t hl;
	struct addr_net a;
	char *end;
	unsigned long p;

	if (s[0] == '[') {
		const char *rb = strchr(s, ']');

		if (!rb || rb[1] != ':')
			return -1;
		h = s + 1;
		hl = (size_t)(rb - h);
		colon = rb + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return -1;
		hl = (size_t)(colon - s);
	}
	if (addr_parse_ip(h, hl, &a) < 0 || (s[0] != '[' && a.family != 4))
		return -1;
	if (colon[1] < '0' || colon[1] > '9')
		return -1;
	p = strtoul(colon + 1, &end, 10);
	if (*end || p == 0 || p > 65535 || hl >= hostsz)
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	*port = (uint16_t)p;
	return 0;
}
