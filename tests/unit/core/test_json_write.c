/*
 * test_json_write.c - jw_int() writes what "%lld" writes, at both ends
 * of the range too, and fails (sticky) when the buffer is too small.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "core/json_write.h"

static void
test_int_like_printf(void **state)
{
	static const long long v[] = { 0, 1, -1, 9, 10, -10, 99, 100, 255,
		1710151200, -1710151200, LLONG_MAX, LLONG_MIN, LLONG_MIN + 1 };
	char buf[64], want[64];
	struct jw jw;
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		jw_init(&jw, buf, sizeof(buf));
		jw_obj_begin(&jw, NULL);
		jw_int(&jw, "n", v[i]);
		jw_obj_end(&jw);
		n = jw_finish(&jw);
		snprintf(want, sizeof(want), "{\"n\":%lld}", v[i]);
		assert_int_equal(n, (int)strlen(want));
		assert_string_equal(buf, want);
	}
}

static void
test_int_too_small(void **state)
{
	char buf[12];
	struct jw jw;

	(void)state;
	jw_init(&jw, buf, sizeof(buf));
	jw_obj_begin(&jw, NULL);
	jw_int(&jw, "n", LLONG_MIN);
	jw_obj_end(&jw);
	assert_true(jw_finish(&jw) < 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int_like_printf),
		cmocka_unit_test(test_int_too_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
