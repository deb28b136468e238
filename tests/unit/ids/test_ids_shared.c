/*
 * test_ids_shared.c - the table of shared blocks (ids/ids_shared.c): it
 * holds at most its capacity, finds a source exactly (family, prefix,
 * bytes), keeps the origin, gives the entry that ends first, and grows
 * or shrinks only above what it holds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "ids/ids_shared.h"

static struct addr_net
net(const char *s)
{
	struct addr_net n;

	assert_int_equal(addr_parse_net(s, strlen(s), &n), 0);
	return n;
}

static void
test_the_table_holds_its_capacity_and_no_more(void **state)
{
	struct ids_shared t;
	struct addr_net a = net("192.0.2.1"), b = net("192.0.2.2"),
	    c = net("2001:db8::/64");

	(void)state;
	assert_int_equal(ids_shared_init(&t, 2), 0);
	assert_non_null(ids_shared_add(&t, &a, 300, "cam-a"));
	assert_non_null(ids_shared_add(&t, &c, 200, "cam-b"));
	assert_null(ids_shared_add(&t, &b, 100, "cam-a"));
	assert_int_equal(t.n, 2);
	assert_string_equal(ids_shared_find(&t, &c)->origin, "cam-b");
	assert_null(ids_shared_find(&t, &b));
	assert_int_equal(ids_shared_first(&t)->until, 200);
	assert_int_equal(ids_shared_next(&t), 200);
	/* shrinking below what it holds is refused; growing works */
	assert_int_equal(ids_shared_resize(&t, 1), -1);
	assert_int_equal(ids_shared_resize(&t, 3), 0);
	assert_non_null(ids_shared_add(&t, &b, 100, "cam-a"));
	ids_shared_del(&t, ids_shared_find(&t, &a));
	assert_int_equal(t.n, 2);
	assert_null(ids_shared_find(&t, &a));
	assert_non_null(ids_shared_find(&t, &b));
	assert_non_null(ids_shared_find(&t, &c));
	assert_int_equal(ids_shared_init(&(struct ids_shared){ 0 },
	    FLEET_SHARED_MAX + 1), -1);
	ids_shared_free(&t);
	assert_int_equal(ids_shared_next(&t), 0);
}

static void
test_a_source_is_found_by_family_prefix_and_bytes(void **state)
{
	struct ids_shared t;
	struct addr_net a = net("2001:db8::/64"), b = net("2001:db8::/48");

	(void)state;
	assert_int_equal(ids_shared_init(&t, 4), 0);
	assert_non_null(ids_shared_add(&t, &a, 1, "x"));
	assert_null(ids_shared_find(&t, &b));
	b = net("2001:db8:0:1::/64");
	assert_null(ids_shared_find(&t, &b));
	ids_shared_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_table_holds_its_capacity_and_no_more),
		cmocka_unit_test(test_a_source_is_found_by_family_prefix_and_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
