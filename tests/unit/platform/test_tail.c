/*
 * test_tail.c - following a log file from a real loop, in a temporary
 * directory: appended lines reach the callback, a partial line waits for
 * its newline, rotation by rename + create reads the old file to its end
 * first, copytruncate starts over, a deleted file that comes back is read
 * from its start, an over-long line is skipped and counted, a missing file
 * or directory is waited for, and the polling fallback (forced by
 * TAIL_POLL, or because the directory is missing) does the same.
 *
 * Every run of the loop has a deadline, so a broken tail fails the test
 * instead of hanging it; no test asserts elapsed time.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "core/loop.h"
#include "platform/tail.h"

#define LINES_MAX	64
#define TICK_MS		5
#define DEADLINE_MS	3000
#define POLL_DEADLINE_MS (3 * TAIL_POLL_MS + 500)

struct ctx {
	struct loop	*loop;
	struct tail	*t;
	char		 dir[64], path[128], path1[128];
	size_t		 nlines;	/* every line seen */
	size_t		 lens[LINES_MAX];
	char		 lines[LINES_MAX][LOG_LINE_MAX + 1];
	int		 errors, last_errno;
	bool		 (*pred)(struct ctx *);
	size_t		 want;
	uint64_t	 deadline;
	bool		 timed_out;
};

/* Harness: callbacks and running the loop until a predicate holds. */

static void
line_cb(const char *line, size_t len, void *arg)
{
	struct ctx *c = arg;

	assert_int_equal(line[len], '\0');
	if (c->nlines < LINES_MAX) {
		memcpy(c->lines[c->nlines], line, len + 1);
		c->lens[c->nlines] = len;
	}
	c->nlines++;
}

static void
error_cb(const char *path, int errnum, void *arg)
{
	struct ctx *c = arg;

	(void)path;
	c->errors++;
	c->last_errno = errnum;
}

static void
tick_cb(void *arg)
{
	struct ctx *c = arg;

	if (c->pred(c)) {
		loop_stop(c->loop);
		return;
	}
	if (loop_now_ms(c->loop) >= c->deadline) {
		c->timed_out = true;
		loop_stop(c->loop);
		return;
	}
	assert_true(loop_timer_add(c->loop, TICK_MS, tick_cb, c) > 0);
}

/* Run the loop until pred(c) or ms; true when pred held. */
static bool
run_until(struct ctx *c, bool (*pred)(struct ctx *), uint64_t ms)
{
	c->pred = pred;
	c->timed_out = false;
	c->deadline = loop_now_ms(c->loop) + ms;
	assert_true(loop_timer_add(c->loop, 0, tick_cb, c) > 0);
	assert_int_equal(loop_run(c->loop), 0);
	return !c->timed_out;
}

static bool
enough_lines(struct ctx *c)
{
	return c->nlines >= c->want;
}

static bool
never(struct ctx *c)
{
	(void)c;
	return false;
}

static void
wait_lines(struct ctx *c, size_t n, uint64_t ms)
{
	c->want = n;
	if (!run_until(c, enough_lines, ms))
		fail_msg("waited for %zu lines, got %zu", n, c->nlines);
}

/* Run for a while expecting nothing in particular (events settle). */
static void
settle(struct ctx *c, uint64_t ms)
{
	run_until(c, never, ms);
}

static struct tail_stats
stats(const struct ctx *c)
{
	struct tail_stats st;

	tail_stats(c->t, &st);
	return st;
}

static void
append(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

static void
appends(const char *path, const char *text)
{
	append(path, text, strlen(text));
}

static void
assert_lines(const struct ctx *c, const char *const *want, size_t n)
{
	size_t i;

	assert_int_equal(c->nlines, n);
	for (i = 0; i < n; i++)
		assert_string_equal(c->lines[i], want[i]);
}

static void
open_tail(struct ctx *c, const char *path, unsigned flags)
{
	c->t = tail_open(c->loop, path, flags, line_cb, error_cb, c);
	assert_non_null(c->t);
	settle(c, 20);		/* the first look at the file */
}

static int
setup(void **state)
{
	static struct ctx c;

	memset(&c, 0, sizeof(c));
	snprintf(c.dir, sizeof(c.dir), "/tmp/camguard-tail-XXXXXX");
	if (mkdtemp(c.dir) == NULL || (c.loop = loop_new()) == NULL)
		return -1;
	snprintf(c.path, sizeof(c.path), "%s/access.log", c.dir);
	snprintf(c.path1, sizeof(c.path1), "%s/access.log.1", c.dir);
	*state = &c;
	return 0;
}

static int
teardown(void **state)
{
	struct ctx *c = *state;
	char cmd[128];

	tail_close(c->t);
	loop_free(c->loop);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", c->dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The tests. */

static void
test_live_mode_skips_old_lines_and_reads_appended_ones(void **state)
{
	static const char *const want[] = { "a", "b" };
	struct ctx *c = *state;

	appends(c->path, "old 1\nold 2\n");
	open_tail(c, c->path, TAIL_FROM_END);
	appends(c->path, "a\nb\n");
	wait_lines(c, 2, DEADLINE_MS);
	assert_lines(c, want, 2);
	assert_int_equal(stats(c).lines, 2);
	assert_int_equal(stats(c).polling, 0);
}

static void
test_from_start_reads_what_is_there(void **state)
{
	static const char *const want[] = { "one", "", "three" };
	struct ctx *c = *state;

	appends(c->path, "one\n\nthree\n");
	open_tail(c, c->path, 0);
	wait_lines(c, 3, DEADLINE_MS);
	assert_lines(c, want, 3);
}

static void
test_a_partial_line_waits_for_its_newline(void **state)
{
	static const char *const want[] = { "partial line", "next" };
	struct ctx *c = *state;

	appends(c->path, "");
	open_tail(c, c->path, TAIL_FROM_END);
	appends(c->path, "partial");
	settle(c, 100);
	assert_int_equal(c->nlines, 0);
	appends(c->path, " line\nnext\nand a rest");
	wait_lines(c, 2, DEADLINE_MS);
	settle(c, 50);
	assert_lines(c, want, 2);
}

static void
test_crlf_line_ends_are_stripped(void **state)
{
	static const char *const want[] = { "dos", "unix" };
	struct ctx *c = *state;

	appends(c->path, "");
	open_tail(c, c->path, TAIL_FROM_END);
	appends(c->path, "dos\r\nunix\n");
	wait_lines(c, 2, DEADLINE_MS);
	assert_lines(c, want, 2);
	assert_int_equal(c->lens[0], 3);
}

/* The old file gets "b" after the rename; it must come before "c". */
static void
test_rename_and_create_reads_the_old_file_first(void **state)
{
	static const char *const want[] = { "a", "b", "c", "d" };
	struct ctx *c = *state;

	appends(c->path, "");
	open_tail(c, c->path, TAIL_FROM_END);
	appends(c->path, "a\n");
	wait_lines(c, 1, DEADLINE_MS);
	assert_int_equal(rename(c->path, c->path1), 0);
	appends(c->path1, "b\n");
	appends(c->path, "c\n");
	wait_lines(c, 3, DEADLINE_MS);
	appends(c->path, "d\n");
	wait_lines(c, 4, DEADLINE_MS);
	assert_lines(c, want, 4);
	assert_int_equal(stats(c).rotations, 1);
}

static void
test_the_old_file_keeps_being_read_until_a_new_one_appears(void **state)
{
	static const char *const want[] = { "a", "late", "new" };
	struct ctx *c = *state;

	appends(c->path, "a\n");
	open_tail(c, c->path, 0);
	wait_lines(c, 1, DEADLINE_MS);
	assert_int_equal(rename(c->path, c->path1), 0);
	settle(c, 50);
	appends(c->path1, "late\n");
	wait_lines(c, 2, DEADLINE_MS);
	appends(c->path, "new\n");
	wait_lines(c, 3, DEADLINE_MS);
	assert_lines(c, want, 3);
}

static void
test_copytruncate_starts_over_at_zero(void **state)
{
	static const char *const want[] = { "first line", "second line",
		"c", "d" };
	struct ctx *c = *state;

	appends(c->path, "");
	open_tail(c, c->path, TAIL_FROM_END);
	appends(c->path, "first line\nsecond line\n");
	wait_lines(c, 2, DEADLINE_MS);
	assert_int_equal(truncate(c->path, 0), 0);
	appends(c->path, "c\n");
	wait_lines(c, 3, DEADLINE_MS);
	appends(c->path, "d\n");
	wait_lines(c, 4, DEADLINE_MS);
	assert_lines(c, want, 4);
	assert_int_equal(stats(c).rotations, 1);
}

static void
test_a_deleted_file_that_comes_back_is_read_from_its_start(void **state)
{
	static const char *const want[] = { "before", "after 1", "after 2" };
	struct ctx *c = *state;

	appends(c->path, "");
	open_tail(c, c->path, TAIL_FROM_END);
	appends(c->path, "before\n");
	wait_lines(c, 1, DEADLINE_MS);
	assert_int_equal(unlink(c->path), 0);
	settle(c, 50);
	appends(c->path, "after 1\nafter 2\n");
	wait_lines(c, 3, DEADLINE_MS);
	assert_lines(c, want, 3);
	assert_int_equal(stats(c).rotations, 1);
	assert_int_equal(c->errors, 0);
}

static void
test_the_unfinished_last_line_of_a_deleted_file_is_kept(void **state)
{
	static const char *const want[] = { "no newline", "new" };
	struct ctx *c = *state;

	appends(c->path, "");
	open_tail(c, c->path, TAIL_FROM_END);
	appends(c->path, "no newline");
	settle(c, 50);
	assert_int_equal(unlink(c->path), 0);
	wait_lines(c, 1, DEADLINE_MS);
	appends(c->path, "new\n");
	wait_lines(c, 2, DEADLINE_MS);
	assert_lines(c, want, 2);
}

static void
test_an_over_long_line_is_skipped_and_counted(void **state)
{
	static char big[LOG_LINE_MAX + 2];
	struct ctx *c = *state;

	memset(big, 'x', sizeof(big));
	appends(c->path, "");
	open_tail(c, c->path, TAIL_FROM_END);
	append(c->path, big, LOG_LINE_MAX + 1);
	appends(c->path, "\nok\n");
	wait_lines(c, 1, DEADLINE_MS);
	assert_string_equal(c->lines[0], "ok");
	assert_int_equal(stats(c).skipped_long, 1);
	/* Exactly LOG_LINE_MAX bytes is still a line. */
	append(c->path, big, LOG_LINE_MAX);
	appends(c->path, "\n");
	wait_lines(c, 2, DEADLINE_MS);
	assert_int_equal(c->lens[1], LOG_LINE_MAX);
	assert_int_equal(stats(c).skipped_long, 1);
}

/* Written in pieces, with the loop reading between them. */
static void
test_an_over_long_line_in_pieces_is_never_buffered_whole(void **state)
{
	static char piece[3000];
	struct ctx *c = *state;
	int i;

	memset(piece, 'y', sizeof(piece));
	appends(c->path, "");
	open_tail(c, c->path, TAIL_FROM_END);
	for (i = 0; i < 4; i++) {
		append(c->path, piece, sizeof(piece));
		settle(c, 20);
	}
	appends(c->path, "\nafter\n");
	wait_lines(c, 1, DEADLINE_MS);
	assert_string_equal(c->lines[0], "after");
	assert_int_equal(stats(c).skipped_long, 1);
}

static void
test_a_missing_file_is_waited_for_and_read_from_its_start(void **state)
{
	static const char *const want[] = { "first", "second" };
	struct ctx *c = *state;

	open_tail(c, c->path, TAIL_FROM_END);
	settle(c, 50);
	appends(c->path, "first\nsecond\n");
	wait_lines(c, 2, DEADLINE_MS);
	assert_lines(c, want, 2);
	assert_int_equal(stats(c).rotations, 0);
	assert_int_equal(c->errors, 0);
}

static void
test_a_large_backlog_is_read_in_turns(void **state)
{
	static char buf[64 * 1024];
	struct ctx *c = *state;
	size_t i, n = 0;
	int k;

	for (i = 0; i + 16 <= sizeof(buf); i += 16, n++)
		memcpy(buf + i, "line of 15 bytes\n" + 1, 16);
	for (k = 0; k < 16; k++)
		append(c->path, buf, i);
	open_tail(c, c->path, 0);
	wait_lines(c, 16 * n, DEADLINE_MS);
	assert_int_equal(c->nlines, 16 * n);
	assert_int_equal(stats(c).bytes, 16 * i);
	assert_true(16 * i > TAIL_READ_MAX);
}

static void
test_several_tails_at_once(void **state)
{
	struct ctx *c = *state;
	static struct ctx other;
	char path2[160];
	struct tail *t2;

	snprintf(path2, sizeof(path2), "%s/error.log", c->dir);
	memset(&other, 0, sizeof(other));
	other.loop = c->loop;
	appends(c->path, "");
	appends(path2, "");
	open_tail(c, c->path, TAIL_FROM_END);
	t2 = tail_open(c->loop, path2, TAIL_FROM_END, line_cb, error_cb,
	    &other);
	assert_non_null(t2);
	settle(c, 20);
	appends(path2, "to two\n");
	appends(c->path, "to one\n");
	wait_lines(c, 1, DEADLINE_MS);
	settle(c, 50);
	assert_int_equal(other.nlines, 1);
	assert_string_equal(other.lines[0], "to two");
	assert_string_equal(c->lines[0], "to one");
	tail_close(t2);
}

static void
test_a_path_that_is_no_file_is_reported_once(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(mkdir(c->path, 0700), 0);
	open_tail(c, c->path, TAIL_POLL);
	settle(c, TAIL_POLL_MS + 300);
	assert_int_equal(c->errors, 1);
	assert_true(stats(c).reopen_errors >= 2);
	assert_int_equal(c->nlines, 0);
}

static void
test_forced_polling_follows_appends_and_rotation(void **state)
{
	static const char *const want[] = { "p1", "p2", "p3" };
	struct ctx *c = *state;

	appends(c->path, "");
	open_tail(c, c->path, TAIL_POLL);
	assert_int_equal(stats(c).polling, 1);
	appends(c->path, "p1\n");
	wait_lines(c, 1, POLL_DEADLINE_MS);
	assert_int_equal(rename(c->path, c->path1), 0);
	appends(c->path1, "p2\n");
	appends(c->path, "p3\n");
	wait_lines(c, 3, POLL_DEADLINE_MS);
	assert_lines(c, want, 3);
	assert_int_equal(stats(c).rotations, 1);
}

static void
test_forced_polling_sees_copytruncate(void **state)
{
	static const char *const want[] = { "long line one", "x" };
	struct ctx *c = *state;

	appends(c->path, "");
	open_tail(c, c->path, TAIL_POLL);
	appends(c->path, "long line one\n");
	wait_lines(c, 1, POLL_DEADLINE_MS);
	assert_int_equal(truncate(c->path, 0), 0);
	appends(c->path, "x\n");
	wait_lines(c, 2, POLL_DEADLINE_MS);
	assert_lines(c, want, 2);
	assert_int_equal(stats(c).rotations, 1);
}

static void
test_a_missing_directory_falls_back_to_polling(void **state)
{
	static const char *const want[] = { "late dir" };
	struct ctx *c = *state;
	char sub[96], path[128];

	snprintf(sub, sizeof(sub), "%s/later", c->dir);
	snprintf(path, sizeof(path), "%s/app.log", sub);
	open_tail(c, path, TAIL_FROM_END);
	assert_int_equal(stats(c).polling, 1);
	assert_int_equal(mkdir(sub, 0700), 0);
	appends(path, "late dir\n");
	wait_lines(c, 1, POLL_DEADLINE_MS);
	assert_lines(c, want, 1);
	assert_int_equal(c->errors, 0);
}

static void
test_closing_a_tail_stops_its_callbacks(void **state)
{
	struct ctx *c = *state;

	appends(c->path, "x\n");
	c->t = tail_open(c->loop, c->path, 0, line_cb, error_cb, c);
	assert_non_null(c->t);
	tail_close(c->t);
	c->t = NULL;
	appends(c->path, "y\n");
	settle(c, 50);
	assert_int_equal(c->nlines, 0);
}

static void
test_bad_paths_are_refused(void **state)
{
	struct ctx *c = *state;
	char longpath[CONF_PATH_MAX + 8];

	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	assert_null(tail_open(c->loop, "/var/log/", 0, line_cb, NULL, c));
	assert_null(tail_open(c->loop, "", 0, line_cb, NULL, c));
	assert_null(tail_open(c->loop, longpath, 0, line_cb, NULL, c));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_live_mode_skips_old_lines_and_reads_appended_ones),
		T(test_from_start_reads_what_is_there),
		T(test_a_partial_line_waits_for_its_newline),
		T(test_crlf_line_ends_are_stripped),
		T(test_rename_and_create_reads_the_old_file_first),
		T(test_the_old_file_keeps_being_read_until_a_new_one_appears),
		T(test_copytruncate_starts_over_at_zero),
		T(test_a_deleted_file_that_comes_back_is_read_from_its_start),
		T(test_the_unfinished_last_line_of_a_deleted_file_is_kept),
		T(test_an_over_long_line_is_skipped_and_counted),
		T(test_an_over_long_line_in_pieces_is_never_buffered_whole),
		T(test_a_missing_file_is_waited_for_and_read_from_its_start),
		T(test_a_large_backlog_is_read_in_turns),
		T(test_several_tails_at_once),
		T(test_a_path_that_is_no_file_is_reported_once),
		T(test_forced_polling_follows_appends_and_rotation),
		T(test_forced_polling_sees_copytruncate),
		T(test_a_missing_directory_falls_back_to_polling),
		T(test_closing_a_tail_stops_its_callbacks),
		T(test_bad_paths_are_refused),
#undef T
	};

	log_init(1, 0, "test_tail");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
