/*
 * test_addr.c - camguard's own address parsing and printing (addr.c) say
 * what inet_pton(3) and inet_ntop(3) of the C library it is built with
 * say: the rules of RFC 4291/5952 case by case, then random text and
 * random addresses against the library itself (glibc on the host, musl
 * in the camera build's tests).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <string.h>

#include "core/addr.h"

struct parse_case {
	const char	*text;
	int		 family;	/* 0: rejected */
	uint8_t		 bytes[16];
};

static const struct parse_case cases[] = {
	{ "192.0.2.1", 4, { 192, 0, 2, 1 } },
	{ "0.0.0.0", 4, { 0 } },
	{ "255.255.255.255", 4, { 255, 255, 255, 255 } },
	{ "256.1.1.1", 0, { 0 } },
	{ "01.2.3.4", 0, { 0 } },	/* a leading zero */
	{ "1.2.3", 0, { 0 } },
	{ "1.2.3.4.", 0, { 0 } },
	{ "1..2.3", 0, { 0 } },
	{ "1.2.3.4.5", 0, { 0 } },
	{ "::", 6, { 0 } },
	{ "::1", 6, { [15] = 1 } },
	{ "1::", 6, { [1] = 1 } },
	{ "2001:DB8::a", 6, { 0x20, 0x01, 0x0d, 0xb8, [15] = 0xa } },
	{ "::ffff:192.0.2.1", 4, { 192, 0, 2, 1 } },	/* unmapped */
	{ "::192.0.2.1", 6, { [12] = 192, 0, 2, 1 } },
	{ "1:2:3:4:5:6:192.0.2.1", 6, { 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6,
		192, 0, 2, 1 } },
	{ "1:2:3:4:5:6:7:192.0.2.1", 0, { 0 } },
	{ "1:2:3:4:5:6:7:8", 6, { 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7,
		0, 8 } },
	{ "1:2:3:4:5:6:7:8:9", 0, { 0 } },
	{ "1:2:3:4:5:6:7::", 6, { 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7 } },
	{ "::2:3:4:5:6:7:8", 6, { 0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7,
		0, 8 } },
	{ "1:2:3:4::5:6:7:8", 0, { 0 } },	/* "::" for no group */
	{ ":1::", 0, { 0 } },
	{ "1:::2", 0, { 0 } },
	{ "1::2::3", 0, { 0 } },
	{ "12345::", 0, { 0 } },
	{ "1::2:", 0, { 0 } },
	{ "g::", 0, { 0 } },
	{ "::01.2.3.4", 0, { 0 } },
	{ "[::1]", 0, { 0 } },
	{ "", 0, { 0 } },
};

static void
test_parse_cases(void **state)
{
	struct addr_net a;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct parse_case *c = &cases[i];

		rc = addr_parse_ip(c->text, strlen(c->text), &a);
		assert_int_equal(rc, c->family ? 0 : -1);
		assert_int_equal(addr_parse_ip_text(c->text, strlen(c->text),
		    &a), rc);
		if (rc < 0)
			continue;
		assert_int_equal(a.family, c->family);
		assert_int_equal(a.prefix, c->family == 4 ? 32 : 128);
		assert_memory_equal(a.bytes, c->bytes, 16);
	}
}

/* A NUL ends the text for addr_parse_ip (as for inet_pton), not _text. */
static void
test_parse_nul(void **state)
{
	static const char s[] = "192.0.2.1\0zz";
	struct addr_net a;
	char big[ADDR_STR_MAX + 1];

	(void)state;
	assert_int_equal(addr_parse_ip(s, sizeof(s) - 1, &a), 0);
	assert_int_equal(a.family, 4);
	assert_int_equal(a.bytes[0], 192);
	assert_int_equal(addr_parse_ip_text(s, sizeof(s) - 1, &a), -1);
	memset(big, '1', sizeof(big));
	memcpy(big, "::", 2);
	assert_int_equal(addr_parse_ip(big, ADDR_STR_MAX, &a), -1);
}

static uint32_t rng = 20;

static uint32_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* Random text of address characters and fragments, as inet_pton sees it. */
static void
test_parse_as_inet_pton(void **state)
{
	static const char *const bits[] = { "0", "1", "01", "255", "256",
		"ffff", "FFFF", "12345", "a", "::", ":", ".", "1.2.3.4",
		"::ffff:", "1.2.3", "g", "\x01" };
	static const char alpha[] = "0123456789abcdefABCDEF.:";
	char s[ADDR_STR_MAX + 16];
	uint8_t want[16];
	struct addr_net a;
	size_t n, k, l;
	int i, rc, v4, v6;

	(void)state;
	for (i = 0; i < 300000; i++) {
		n = 0;
		for (k = next_rand() % 12; k > 0; k--) {
			const char *b = next_rand() % 2 ? bits[next_rand() %
			    (sizeof(bits) / sizeof(bits[0]))] : NULL;

			l = b ? strlen(b) : 1;
			if (n + l >= ADDR_STR_MAX)
				break;
			if (b)
				memcpy(s + n, b, l);
			else
				s[n] = alpha[next_rand() % (sizeof(alpha) - 1)];
			n += l;
		}
		s[n] = '\0';
		memset(want, 0, sizeof(want));
		v4 = inet_pton(AF_INET, s, want);
		v6 = v4 == 1 ? 0 : inet_pton(AF_INET6, s, want);
		rc = addr_parse_ip(s, n, &a);
		if (n == 0) {
			assert_int_equal(rc, -1);
			continue;
		}
		if (v4 != 1 && v6 != 1) {
			assert_int_equal(rc, -1);
			continue;
		}
		assert_int_equal(rc, 0);
		if (a.family == 4 && v6 == 1)	/* ::ffff:a.b.c.d */
			assert_memory_equal(a.bytes, want + 12, 4);
		else
			assert_memory_equal(a.bytes, want, a.family == 4 ?
			    4 : 16);
	}
}

static void
expect_text(const char *in, const char *out)
{
	char s[INET6_ADDRSTRLEN];
	struct addr_net a;

	assert_int_equal(addr_parse_ip(in, strlen(in), &a), 0);
	assert_non_null(addr_ntop(&a, s, sizeof(s)));
	assert_string_equal(s, out);
}

static void
test_ntop_cases(void **state)
{
	char s[INET6_ADDRSTRLEN];
	struct addr_net a = { .family = 6 };

	(void)state;
	expect_text("198.18.0.1", "198.18.0.1");
	expect_text("0.10.100.255", "0.10.100.255");
	expect_text("2001:DB8:0:0:0:0:0:1", "2001:db8::1");
	expect_text("0:0:0:0:0:0:0:1", "::1");
	expect_text("::", "::");
	expect_text("1:0:0:0:0:0:0:0", "1::");
	expect_text("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7");
	expect_text("1:0:0:2:0:0:0:3", "1:0:0:2::3");
	expect_text("1:0:0:2:0:0:3:4", "1::2:0:0:3:4");
	expect_text("fe80:0:0:0:a:bc:def:1000", "fe80::a:bc:def:1000");
	assert_null(addr_ntop(&a, s, INET6_ADDRSTRLEN - 1));
}

/* Random addresses, zero groups often: what inet_ntop writes. */
static void
test_ntop_as_inet_ntop(void **state)
{
	char s[INET6_ADDRSTRLEN], want[INET6_ADDRSTRLEN];
	struct addr_net a;
	unsigned v;
	int i, j;

	(void)state;
	for (i = 0; i < 300000; i++) {
		memset(&a, 0, sizeof(a));
		a.family = next_rand() % 8 ? 6 : 4;
		for (j = 0; j < (a.family == 4 ? 2 : 8); j++) {
			v = next_rand() % 10;
			v = v < 5 ? 0 : v < 7 ? next_rand() % 17 : v < 8 ?
			    0xffff : next_rand() & 0xffff;
			a.bytes[2 * j] = (uint8_t)(v >> 8);
			a.bytes[2 * j + 1] = (uint8_t)v;
		}
		assert_non_null(inet_ntop(a.family == 4 ? AF_INET : AF_INET6,
		    a.bytes, want, sizeof(want)));
		assert_non_null(addr_ntop(&a, s, sizeof(s)));
		assert_string_equal(s, want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_cases),
		cmocka_unit_test(test_parse_nul),
		cmocka_unit_test(test_parse_as_inet_pton),
		cmocka_unit_test(test_ntop_cases),
		cmocka_unit_test(test_ntop_as_inet_ntop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
