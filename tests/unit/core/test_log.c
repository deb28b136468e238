/*
 * test_log.c - the log's own defences: outside strings are escaped and
 * capped, repeated messages are summed up, a flood is rate-limited, and
 * fatal messages always get through.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cg_limits.h"
#include "core/log.h"

static int64_t fake_ms;

static int64_t
fake_clock(void)
{
	return fake_ms;
}

/* Run fn with stderr captured; returns the malloc'd text written. */
static char *
capture(void (*fn)(void))
{
	FILE *tmp = tmpfile();
	int saved = dup(2);
	char *out;
	long n;

	assert_non_null(tmp);
	fflush(stderr);
	dup2(fileno(tmp), 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = ftell(tmp);
	out = calloc(1, (size_t)n + 1);
	rewind(tmp);
	assert_int_equal(fread(out, 1, (size_t)n, tmp), (size_t)n);
	fclose(tmp);
	return out;
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static int
setup(void **state)
{
	(void)state;
	log_init(1, 0, "camguard");
	fake_ms = 1000;
	log_set_clock(fake_clock);
	return 0;
}

static void
five_same_then_other(void)
{
	int i;

	for (i = 0; i < 5; i++)
		log_warnx("mqtt: broker refused");
	log_warnx("something else");
}

static void
test_repeated_messages_are_summed_up_in_one_line(void **state)
{
	char *out = capture(five_same_then_other);

	(void)state;
	assert_string_equal(out,
	    "camguard: mqtt: broker refused\n"
	    "camguard: last message repeated 4 times\n"
	    "camguard: something else\n");
	free(out);
}

static void
same_after_window(void)
{
	log_warnx("again");
	log_warnx("again");
	fake_ms += LOG_REPEAT_WINDOW_S * 1000;
	log_warnx("again");
}

static void
test_a_repeat_after_the_window_is_written_again(void **state)
{
	char *out = capture(same_after_window);

	(void)state;
	assert_string_equal(out,
	    "camguard: again\n"
	    "camguard: last message repeated 1 time\n"
	    "camguard: again\n");
	free(out);
}

static void
flood(void)
{
	int i;

	for (i = 0; i < 1000; i++)
		log_warnx("attempt %d", i);
	fake_ms += 1000;	/* LOG_RATE_PER_S tokens come back */
	log_warnx("after the flood");
}

static void
test_a_flood_is_cut_to_the_burst_and_counted(void **state)
{
	char *out = capture(flood);
	char want[128];

	(void)state;
	/* the burst, the suppressed count, the next message */
	assert_int_equal(count_lines(out), LOG_RATE_BURST + 2);
	snprintf(want, sizeof(want), "camguard: %d messages suppressed (more "
	    "than %d a second)\ncamguard: after the flood\n",
	    1000 - LOG_RATE_BURST, LOG_RATE_PER_S);
	assert_non_null(strstr(out, want));
	assert_null(strstr(out, "attempt 100\n"));
	free(out);
}

static void
debug_flood(void)
{
	int i;

	log_setverbose(1);
	for (i = 0; i < 3 * LOG_RATE_BURST; i++)
		log_debug("debug %d", i);
	log_setverbose(0);
	log_warnx("still heard");
}

static void
test_debug_messages_neither_limited_nor_crowding_out_others(void **state)
{
	char *out = capture(debug_flood);

	(void)state;
	assert_int_equal(count_lines(out), 3 * LOG_RATE_BURST + 1);
	assert_non_null(strstr(out, "camguard: still heard\n"));
	free(out);
}

static void
escaped(void)
{
	char buf[LOG_FIELD_MAX * 4 + 8];
	static const char evil[] = "admin\n2026-01-01 camguard: forged\x1b[2J\\";

	log_warnx("user %s", log_escape(buf, sizeof(buf), evil,
	    sizeof(evil) - 1));
}

static void
test_outside_strings_cannot_forge_a_line_or_a_terminal_code(void **state)
{
	char *out = capture(escaped);

	(void)state;
	assert_string_equal(out, "camguard: user admin\\x0a2026-01-01 "
	    "camguard: forged\\x1b[2J\\x5c\n");
	free(out);
}

static void
test_outside_strings_are_capped(void **state)
{
	static char big[LOG_FIELD_MAX * 3];
	char buf[LOG_FIELD_MAX * 4 + 8];

	(void)state;
	memset(big, 'a', sizeof(big));
	log_escape(buf, sizeof(buf), big, sizeof(big));
	assert_int_equal(strlen(buf), LOG_FIELD_MAX + 3);
	assert_string_equal(buf + LOG_FIELD_MAX, "...");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(
		    test_repeated_messages_are_summed_up_in_one_line, setup),
		cmocka_unit_test_setup(
		    test_a_repeat_after_the_window_is_written_again, setup),
		cmocka_unit_test_setup(
		    test_a_flood_is_cut_to_the_burst_and_counted, setup),
		cmocka_unit_test_setup(
		    test_debug_messages_neither_limited_nor_crowding_out_others,
		    setup),
		cmocka_unit_test_setup(
		    test_outside_strings_cannot_forge_a_line_or_a_terminal_code,
		    setup),
		cmocka_unit_test(test_outside_strings_are_capped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
