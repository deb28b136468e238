/*
 * test_priv_policy.c - what the privileged parent lets a worker block:
 * never loopback, the unspecified address, IPv4-mapped space, an
 * ids.ignore or ids.allow address, or a prefix wider than configured;
 * only the ports ids.ports names, else none of the agent's own services'.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "proto/priv_policy.h"

static struct priv_policy pol;

static int
setup(void **state)
{
	(void)state;
	priv_policy_init(&pol);
	pol.v6_prefix = 64;
	addr_parse_net("10.9.0.0/16", 11, &pol.ignore[pol.n_ignore++]);
	addr_parse_net("2001:db8:aa::/48", 16, &pol.allow[pol.n_allow++]);
	addr_parse_net("192.0.2.200", 11, &pol.allow[pol.n_allow++]);
	return 0;
}

static int
block(const char *s)
{
	struct addr_net a;
	const char *why = NULL;

	assert_int_equal(addr_parse_net(s, strlen(s), &a), 0);
	return priv_policy_block(&pol, &a, &why);
}

static const char *
why_not(const char *s)
{
	struct addr_net a;
	const char *why = "";

	assert_int_equal(addr_parse_net(s, strlen(s), &a), 0);
	assert_int_equal(priv_policy_block(&pol, &a, &why), -1);
	return why;
}

static void
test_an_attacker_address_may_be_blocked(void **state)
{
	(void)state;
	assert_int_equal(block("192.0.2.7"), 0);
	assert_int_equal(block("2001:db8:1:2::/64"), 0);
	assert_int_equal(block("2001:db8:1:2::5/128"), 0);
}

static void
test_wide_prefixes_are_refused(void **state)
{
	(void)state;
	assert_string_equal(why_not("0.0.0.0/1"),
	    "prefix wider than configured");
	assert_string_equal(why_not("128.0.0.0/1"),
	    "prefix wider than configured");
	assert_string_equal(why_not("192.0.2.0/24"),
	    "prefix wider than configured");
	assert_string_equal(why_not("::/1"), "prefix wider than configured");
	assert_string_equal(why_not("8000::/1"),
	    "prefix wider than configured");
	assert_string_equal(why_not("2001:db8::/48"),
	    "prefix wider than configured");
	pol.v6_prefix = 48;
	assert_int_equal(block("2001:db8::/48"), 0);
}

static void
test_loopback_and_special_space_are_refused(void **state)
{
	(void)state;
	assert_string_equal(why_not("127.0.0.1"), "loopback");
	assert_string_equal(why_not("127.255.0.9"), "loopback");
	assert_string_equal(why_not("::1"), "loopback");
	assert_string_equal(why_not("0.0.0.0"), "the unspecified address");
	assert_string_equal(why_not("::"), "the unspecified address");
}

/* A worker builds bytes no parser would: IPv4-mapped IPv6. */
static void
test_ipv4_mapped_space_is_refused(void **state)
{
	struct addr_net a = { 6, 128, { [10] = 0xff, [11] = 0xff, 192, 0,
		2, 7 } };
	const char *why = "";

	(void)state;
	assert_int_equal(priv_policy_block(&pol, &a, &why), -1);
	assert_string_equal(why, "IPv4-mapped space");
}

static void
test_ignore_and_allow_addresses_are_refused(void **state)
{
	(void)state;
	assert_string_equal(why_not("10.9.3.4"), "an ids.ignore address");
	assert_string_equal(why_not("192.0.2.200"), "an ids.allow address");
	assert_string_equal(why_not("2001:db8:aa:1::/64"),
	    "an ids.allow address");
	assert_int_equal(block("10.10.3.4"), 0);
}

static void
test_ports_follow_ids_ports_or_spare_the_services(void **state)
{
	const char *why;

	(void)state;
	assert_int_equal(priv_policy_port(&pol, 80, &why), 0);
	assert_int_equal(priv_policy_port(&pol, 443, &why), 0);
	assert_int_equal(priv_policy_port(&pol, 8080, &why), 0);
	assert_int_equal(priv_policy_port(&pol, 22, &why), -1);
	assert_int_equal(priv_policy_port(&pol, 1883, &why), -1);
	assert_int_equal(priv_policy_port(&pol, 8883, &why), -1);
	assert_int_equal(priv_policy_port(&pol, 554, &why), -1);
	priv_policy_never(&pol, 8091);
	assert_int_equal(priv_policy_port(&pol, 8091, &why), -1);
	pol.ports[pol.n_ports++] = 8443;
	assert_int_equal(priv_policy_port(&pol, 8443, &why), 0);
	assert_int_equal(priv_policy_port(&pol, 80, &why), -1);
	assert_string_equal(why, "not in ids.ports");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
		T(test_an_attacker_address_may_be_blocked),
		T(test_wide_prefixes_are_refused),
		T(test_loopback_and_special_space_are_refused),
		T(test_ipv4_mapped_space_is_refused),
		T(test_ignore_and_allow_addresses_are_refused),
		T(test_ports_follow_ids_ports_or_spare_the_services),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
