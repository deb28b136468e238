/*
 * addr.c - parse, mask, compare and print IPv4/IPv6 addresses and prefixes.
 * Pure: inet_pton/inet_ntop only, no I/O.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/addr.h"

static const uint8_t v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0xff, 0xff };

int
addr_parse_ip(const char *s, size_t len, struct addr_net *out)
{
	char tmp[ADDR_STR_MAX];

	if (len == 0 || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, tmp, out->bytes) == 1) {
		out->family = 4;
		out->prefix = 32;
		return 0;
	}
	if (inet_pton(AF_INET6, tmp, out->bytes) != 1)
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
