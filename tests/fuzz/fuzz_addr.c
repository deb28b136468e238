/*
 * fuzz_addr.c - libFuzzer target for the address parser and printer,
 * against the C library's (glibc in the fuzz build): addr_parse_ip_text()
 * must accept exactly what inet_pton(3) accepts, as IPv4 or IPv6, with
 * the same bytes (an IPv4-mapped IPv6 address unmapped), and addr_ntop()
 * must write what inet_ntop(3) writes for any 4 or 16 bytes.
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/addr.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0xff, 0xff };

static void
parse_agrees(const uint8_t *data, size_t size)
{
	char text[ADDR_STR_MAX * 2];
	uint8_t want[16];
	struct addr_net got;
	int rc, fam = 0;

	if (size >= sizeof(text))
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	if (strlen(text) != size)	/* a NUL inside: inet_pton stops there */
		return;
	if (inet_pton(AF_INET, text, want) == 1)
		fam = 4;
	else if (inet_pton(AF_INET6, text, want) == 1)
		fam = 6;
	rc = addr_parse_ip_text(text, size, &got);
	if ((rc == 0) != (fam != 0))
		abort();
	if (fam == 6 && !memcmp(want, v4mapped, sizeof(v4mapped))) {
		memmove(want, want + 12, 4);
		fam = 4;
	}
	if (fam && (got.family != fam ||
	    memcmp(got.bytes, want, fam == 4 ? 4 : 16) != 0))
		abort();
}

static void
print_agrees(const uint8_t *data, size_t size)
{
	char want[INET6_ADDRSTRLEN], got[INET6_ADDRSTRLEN];
	struct addr_net a = { 0 };

	if (size < 17)
		return;
	a.family = data[0] & 1 ? 6 : 4;
	a.prefix = a.family == 6 ? 128 : 32;
	memcpy(a.bytes, data + 1, a.family == 6 ? 16 : 4);
	if (!inet_ntop(a.family == 6 ? AF_INET6 : AF_INET, a.bytes, want,
	    sizeof(want)) || !addr_ntop(&a, got, sizeof(got)) ||
	    strcmp(want, got) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_agrees(data, size);
	print_agrees(data, size);
	return 0;
}
