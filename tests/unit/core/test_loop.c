/*
 * test_loop.c - the poll() loop: timer order, cancellation, descriptors
 * added and removed from callbacks, capacities, signals through the
 * self-pipe, hooks.
 *
 * Every test that runs the loop arms a safety timer that stops it and
 * records that it fired, so a broken loop fails the test instead of
 * hanging it.  No test asserts elapsed wall time, only order and counts.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/cg_limits.h"
#include "core/loop.h"

#define SAFETY_MS	5000
#define TRACE_MAX	256

struct ctx {
	struct loop	*loop;
	int		 safety_fired;
	int		 trace[TRACE_MAX];
	int		 ntrace;
	int		 count;
	int		 limit;
	int		 pfd[2][2];	/* two pipes: [n][0] reads */
	int64_t		 iteration;
};

/* A timer or fd callback argument: the context and a tag to record. */
struct tag {
	struct ctx	*c;
	int		 value;
};

static void
trace_add(struct ctx *c, int value)
{
	assert_true(c->ntrace < TRACE_MAX);
	c->trace[c->ntrace++] = value;
}

static void
safety_cb(void *arg)
{
	struct ctx *c = arg;

	c->safety_fired = 1;
	loop_stop(c->loop);
}

static void
stop_cb(void *arg)
{
	struct ctx *c = arg;

	loop_stop(c->loop);
}

static int
setup(void **state)
{
	static struct ctx c;
	int i;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < 2; i++)
		c.pfd[i][0] = c.pfd[i][1] = -1;
	c.loop = loop_new();
	assert_non_null(c.loop);
	assert_true(loop_timer_add(c.loop, SAFETY_MS, safety_cb, &c) > 0);
	*state = &c;
	return 0;
}

static int
teardown(void **state)
{
	struct ctx *c = *state;
	int i, j;

	loop_free(c->loop);
	for (i = 0; i < 2; i++)
		for (j = 0; j < 2; j++)
			if (c->pfd[i][j] != -1)
				close(c->pfd[i][j]);
	return 0;
}

static void
open_pipe(struct ctx *c, int n)
{
	assert_int_equal(pipe2(c->pfd[n], O_NONBLOCK | O_CLOEXEC), 0);
}

static void
run_ok(struct ctx *c)
{
	assert_int_equal(loop_run(c->loop), 0);
	assert_false(c->safety_fired);
}

/* Timers. */

/* Records its tag; stops the loop once c->limit tags were recorded. */
static void
record_cb(void *arg)
{
	struct tag *t = arg;

	trace_add(t->c, t->value);
	if (t->c->ntrace == t->c->limit)
		loop_stop(t->c->loop);
}

static void
test_timers_fire_in_deadline_order(void **state)
{
	struct ctx *c = *state;
	struct tag t[3] = { { c, 30 }, { c, 10 }, { c, 20 } };
	int i;

	c->limit = 3;
	for (i = 0; i < 3; i++)
		assert_true(loop_timer_add(c->loop, (uint64_t)t[i].value,
		    record_cb, &t[i]) > 0);
	run_ok(c);
	assert_int_equal(c->ntrace, 3);
	assert_int_equal(c->trace[0], 10);
	assert_int_equal(c->trace[1], 20);
	assert_int_equal(c->trace[2], 30);
}

static void
test_equal_deadlines_fire_in_insertion_order(void **state)
{
	struct ctx *c = *state;
	struct tag t[6];
	int i;

	c->limit = 6;
	for (i = 0; i < 6; i++) {
		t[i] = (struct tag){ c, i };
		assert_true(loop_timer_add(c->loop, 5, record_cb, &t[i]) > 0);
	}
	run_ok(c);
	for (i = 0; i < 6; i++)
		assert_int_equal(c->trace[i], i);
}

/*
 * Many timers with clashing delays, some cancelled: the survivors fire
 * sorted by delay, ties in insertion order (a stable sort).
 */
static void
test_many_timers_fire_stably_sorted_and_cancelled_ones_never(void **state)
{
	enum { N = 100 };
	struct ctx *c = *state;
	struct tag t[N];
	int64_t id[N];
	int i, d, k = 0, expect[N];

	for (i = 0; i < N; i++) {
		t[i] = (struct tag){ c, i };
		id[i] = loop_timer_add(c->loop, (uint64_t)(i * 7 % 13),
		    record_cb, &t[i]);
		assert_true(id[i] > 0);
	}
	for (i = 0; i < N; i += 3)
		loop_timer_cancel(c->loop, id[i]);
	for (d = 0; d < 13; d++)
		for (i = 0; i < N; i++)
			if (i % 3 != 0 && i * 7 % 13 == d)
				expect[k++] = i;
	c->limit = k;
	run_ok(c);
	assert_int_equal(c->ntrace, k);
	for (i = 0; i < k; i++)
		assert_int_equal(c->trace[i], expect[i]);
}

static void
test_cancelled_timer_never_fires(void **state)
{
	struct ctx *c = *state;
	struct tag early = { c, 1 }, late = { c, 2 };
	int64_t id;

	id = loop_timer_add(c->loop, 5, record_cb, &early);
	assert_true(id > 0);
	assert_true(loop_timer_add(c->loop, 30, stop_cb, c) > 0);
	loop_timer_cancel(c->loop, id);
	loop_timer_cancel(c->loop, id);		/* twice is harmless */
	assert_true(loop_timer_add(c->loop, 10, record_cb, &late) > 0);
	run_ok(c);
	assert_int_equal(c->ntrace, 1);
	assert_int_equal(c->trace[0], 2);
}

/* The slot of a cancelled timer is reused; its old id must not hit it. */
static void
test_stale_timer_id_does_not_cancel_its_slot_successor(void **state)
{
	struct ctx *c = *state;
	struct tag t = { c, 7 };
	int64_t old, fresh;

	old = loop_timer_add(c->loop, 5, record_cb, &t);
	loop_timer_cancel(c->loop, old);
	fresh = loop_timer_add(c->loop, 5, record_cb, &t);
	assert_true(fresh > 0);
	assert_true(fresh != old);
	loop_timer_cancel(c->loop, old);
	loop_timer_cancel(c->loop, 0);
	loop_timer_cancel(c->loop, -1);
	c->limit = 1;
	run_ok(c);
	assert_int_equal(c->ntrace, 1);
	assert_int_equal(c->trace[0], 7);
}

static void
test_timer_ids_are_positive_and_never_reused(void **state)
{
	enum { N = 3 * LOOP_TIMERS_MAX };
	struct ctx *c = *state;
	static int64_t ids[N];
	int i, j;

	for (i = 0; i < N; i++) {
		ids[i] = loop_timer_add(c->loop, 1000, stop_cb, c);
		assert_true(ids[i] > 0);
		loop_timer_cancel(c->loop, ids[i]);
	}
	for (i = 0; i < N; i++)
		for (j = i + 1; j < N; j++)
			assert_true(ids[i] != ids[j]);
}

static void
rearm_cb(void *arg)
{
	struct ctx *c = arg;

	c->count++;
	if (c->count == c->limit)
		loop_stop(c->loop);
	else
		assert_true(loop_timer_add(c->loop, 1, rearm_cb, c) > 0);
}

static void
test_timer_rearming_itself_fires_periodically(void **state)
{
	struct ctx *c = *state;

	c->limit = 5;
	assert_true(loop_timer_add(c->loop, 1, rearm_cb, c) > 0);
	run_ok(c);
	assert_int_equal(c->count, 5);
}

static void
test_timer_capacity_overflow_fails_with_enospc(void **state)
{
	struct loop *l = loop_new();
	struct ctx *c = *state;
	int64_t first = 0, id;
	int i;

	assert_non_null(l);
	for (i = 0; i < LOOP_TIMERS_MAX; i++) {
		id = loop_timer_add(l, 1000 + (uint64_t)i, stop_cb, c);
		assert_true(id > 0);
		if (i == 0)
			first = id;
	}
	errno = 0;
	assert_int_equal(loop_timer_add(l, 1, stop_cb, c), -1);
	assert_int_equal(errno, ENOSPC);
	loop_timer_cancel(l, first);
	assert_true(loop_timer_add(l, 1, stop_cb, c) > 0);
	loop_free(l);
}

/* Descriptors. */

/* Drains and counts its calls. */
static void
read_all_cb(int fd, short revents, void *arg)
{
	struct ctx *c = arg;
	char buf[16];

	(void)revents;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	c->count++;
}

static void
collect_cb(int fd, short revents, void *arg)
{
	struct ctx *c = arg;
	char buf[16];
	ssize_t n, i;

	assert_true(revents & POLLIN);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++)
			trace_add(c, buf[i]);
	if (c->ntrace >= c->limit)
		loop_stop(c->loop);
}

static void
test_pipe_callback_receives_written_bytes(void **state)
{
	struct ctx *c = *state;

	open_pipe(c, 0);
	assert_int_equal(loop_fd_add(c->loop, c->pfd[0][0], POLLIN,
	    collect_cb, c), 0);
	assert_int_equal(write(c->pfd[0][1], "hello", 5), 5);
	c->limit = 5;
	run_ok(c);
	assert_int_equal(c->ntrace, 5);
	assert_int_equal(c->trace[0], 'h');
	assert_int_equal(c->trace[4], 'o');
}

/* Counts and removes itself without reading: the fd stays readable. */
static void
remove_self_cb(int fd, short revents, void *arg)
{
	struct ctx *c = arg;

	(void)revents;
	c->count++;
	loop_fd_del(c->loop, fd);
}

static void
test_removed_fd_gets_no_more_callbacks(void **state)
{
	struct ctx *c = *state;

	open_pipe(c, 0);
	assert_int_equal(loop_fd_add(c->loop, c->pfd[0][0], POLLIN,
	    remove_self_cb, c), 0);
	assert_int_equal(write(c->pfd[0][1], "x", 1), 1);
	assert_true(loop_timer_add(c->loop, 20, stop_cb, c) > 0);
	run_ok(c);
	assert_int_equal(c->count, 1);
}

/* Reads its own pipe, then removes the other one. */
static void
remove_other_cb(int fd, short revents, void *arg)
{
	struct tag *t = arg;
	struct ctx *c = t->c;
	char buf[8];

	(void)revents;
	assert_int_equal(read(fd, buf, sizeof(buf)), 1);
	trace_add(c, t->value);
	loop_fd_del(c->loop, c->pfd[!t->value][0]);
}

static void
test_removing_another_ready_fd_prevents_its_callback(void **state)
{
	struct ctx *c = *state;
	struct tag t[2] = { { c, 0 }, { c, 1 } };
	int i;

	for (i = 0; i < 2; i++) {
		open_pipe(c, i);
		assert_int_equal(write(c->pfd[i][1], "x", 1), 1);
		assert_int_equal(loop_fd_add(c->loop, c->pfd[i][0], POLLIN,
		    remove_other_cb, &t[i]), 0);
	}
	assert_true(loop_timer_add(c->loop, 20, stop_cb, c) > 0);
	run_ok(c);
	assert_int_equal(c->ntrace, 1);
}

static void
count_iteration_hook(void *arg)
{
	struct ctx *c = arg;

	c->iteration++;
}

/* Records the iteration it ran in, drains, stops. */
static void
late_cb(int fd, short revents, void *arg)
{
	struct ctx *c = arg;
	char buf[8];

	(void)revents;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	trace_add(c, (int)c->iteration);
	loop_stop(c->loop);
}

/*
 * Removes pipe 1 and registers the same fd number again: the registration
 * lands in the slot just freed, which the current poll results still name.
 */
static void
replace_other_cb(int fd, short revents, void *arg)
{
	struct ctx *c = arg;
	char buf[8];

	(void)revents;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	trace_add(c, (int)c->iteration);
	loop_fd_del(c->loop, c->pfd[1][0]);
	assert_int_equal(loop_fd_add(c->loop, c->pfd[1][0], POLLIN, late_cb,
	    c), 0);
}

static void
test_fd_readded_in_a_callback_waits_for_the_next_poll(void **state)
{
	struct ctx *c = *state;

	open_pipe(c, 0);
	open_pipe(c, 1);
	assert_int_equal(loop_hook_add(c->loop, count_iteration_hook, c), 0);
	assert_int_equal(loop_fd_add(c->loop, c->pfd[0][0], POLLIN,
	    replace_other_cb, c), 0);
	assert_int_equal(loop_fd_add(c->loop, c->pfd[1][0], POLLIN,
	    read_all_cb, c), 0);
	assert_int_equal(write(c->pfd[0][1], "x", 1), 1);
	assert_int_equal(write(c->pfd[1][1], "y", 1), 1);
	run_ok(c);
	assert_int_equal(c->count, 0);	/* the old callback never ran */
	assert_int_equal(c->ntrace, 2);
	assert_true(c->trace[1] > c->trace[0]);
}

static void
hup_cb(int fd, short revents, void *arg)
{
	struct ctx *c = arg;

	trace_add(c, revents & POLLHUP ? 1 : 0);
	loop_fd_del(c->loop, fd);
	loop_stop(c->loop);
}

static void
test_closed_writer_delivers_pollhup_to_reader(void **state)
{
	struct ctx *c = *state;

	open_pipe(c, 0);
	close(c->pfd[0][1]);
	c->pfd[0][1] = -1;
	assert_int_equal(loop_fd_add(c->loop, c->pfd[0][0], POLLIN, hup_cb,
	    c), 0);
	run_ok(c);
	assert_int_equal(c->ntrace, 1);
	assert_int_equal(c->trace[0], 1);
}

static void
test_fd_registration_errors(void **state)
{
	struct ctx *c = *state;
	int i;

	errno = 0;
	assert_int_equal(loop_fd_add(c->loop, -1, POLLIN, read_all_cb, c), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(loop_fd_events(c->loop, 1000, POLLIN), -1);
	assert_int_equal(errno, ENOENT);
	loop_fd_del(c->loop, 1000);		/* unknown: harmless */
	/* Never polled, so the numbers need not be open descriptors. */
	for (i = 0; i < LOOP_FDS_MAX; i++)
		assert_int_equal(loop_fd_add(c->loop, 1000 + i, POLLIN,
		    read_all_cb, c), 0);
	assert_int_equal(loop_fd_add(c->loop, 1000, POLLIN, read_all_cb, c),
	    -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(loop_fd_add(c->loop, 5000, POLLIN, read_all_cb, c),
	    -1);
	assert_int_equal(errno, ENOSPC);
	loop_fd_del(c->loop, 1007);
	assert_int_equal(loop_fd_add(c->loop, 5000, POLLIN, read_all_cb, c),
	    0);
}

/* A timer re-arming with delay 0 must still let descriptors be served. */
static void
zero_rearm_cb(void *arg)
{
	struct ctx *c = arg;

	c->count++;
	assert_true(c->count < 100000);
	assert_true(loop_timer_add(c->loop, 0, zero_rearm_cb, c) > 0);
}

static void
test_zero_delay_rearming_timer_does_not_starve_descriptors(void **state)
{
	struct ctx *c = *state;

	open_pipe(c, 0);
	assert_int_equal(loop_fd_add(c->loop, c->pfd[0][0], POLLIN,
	    collect_cb, c), 0);
	assert_true(loop_timer_add(c->loop, 0, zero_rearm_cb, c) > 0);
	assert_int_equal(write(c->pfd[0][1], "z", 1), 1);
	c->limit = 1;
	run_ok(c);
	assert_int_equal(c->ntrace, 1);
	assert_int_equal(c->trace[0], 'z');
}

/* Hooks. */

static void
trace_hook(void *arg)
{
	struct tag *t = arg;

	trace_add(t->c, t->value);
}

static void
trace_rearm_cb(void *arg)
{
	struct tag *t = arg;

	trace_add(t->c, t->value);
	if (++t->c->count == 3)
		loop_stop(t->c->loop);
	else
		assert_true(loop_timer_add(t->c->loop, 1, trace_rearm_cb,
		    t) > 0);
}

static void
test_hooks_run_before_each_poll(void **state)
{
	struct ctx *c = *state;
	struct tag h = { c, 'h' }, t = { c, 't' };
	int i;

	assert_int_equal(loop_hook_add(c->loop, trace_hook, &h), 0);
	assert_true(loop_timer_add(c->loop, 1, trace_rearm_cb, &t) > 0);
	run_ok(c);
	assert_int_equal(c->count, 3);
	assert_int_equal(c->trace[0], 'h');
	for (i = 1; i < c->ntrace; i++)
		if (c->trace[i] == 't')
			assert_int_equal(c->trace[i - 1], 'h');
}

/* The MQTT pattern: a hook asks for POLLOUT before poll() blocks. */
static void
want_write_hook(void *arg)
{
	struct ctx *c = arg;

	assert_int_equal(loop_fd_events(c->loop, c->pfd[0][1], POLLOUT), 0);
}

static void
writable_cb(int fd, short revents, void *arg)
{
	struct ctx *c = arg;

	(void)fd;
	trace_add(c, revents & POLLOUT ? 1 : 0);
	loop_stop(c->loop);
}

static void
test_hook_changing_events_takes_effect_in_the_same_poll(void **state)
{
	struct ctx *c = *state;

	open_pipe(c, 0);
	assert_int_equal(loop_fd_add(c->loop, c->pfd[0][1], 0, writable_cb, c),
	    0);
	assert_int_equal(loop_hook_add(c->loop, want_write_hook, c), 0);
	run_ok(c);
	assert_int_equal(c->ntrace, 1);
	assert_int_equal(c->trace[0], 1);
}

static void
test_hook_capacity_overflow_fails_with_enospc(void **state)
{
	struct ctx *c = *state;
	struct tag h = { c, 'h' };
	int i;

	for (i = 0; i < LOOP_HOOKS_MAX; i++)
		assert_int_equal(loop_hook_add(c->loop, trace_hook, &h), 0);
	errno = 0;
	assert_int_equal(loop_hook_add(c->loop, trace_hook, &h), -1);
	assert_int_equal(errno, ENOSPC);
}

/* Signals. */

/* Not async-signal-safe on purpose: it counts and may stop the loop. */
static void
signal_cb(int signo, void *arg)
{
	struct ctx *c = arg;

	trace_add(c, signo);
	if (c->ntrace == c->limit)
		loop_stop(c->loop);
}

static void
test_raised_signal_runs_callback_from_the_loop(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(loop_signal(c->loop, SIGUSR1, signal_cb, c), 0);
	assert_int_equal(raise(SIGUSR1), 0);
	/* raise() returns after the handler: the callback has not run. */
	assert_int_equal(c->ntrace, 0);
	c->limit = 1;
	run_ok(c);
	assert_int_equal(c->ntrace, 1);
	assert_int_equal(c->trace[0], SIGUSR1);
}

static void
test_killed_with_sighup_runs_callback_from_the_loop(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(loop_signal(c->loop, SIGHUP, signal_cb, c), 0);
	assert_int_equal(kill(getpid(), SIGHUP), 0);
	assert_int_equal(c->ntrace, 0);
	c->limit = 1;
	run_ok(c);
	assert_int_equal(c->ntrace, 1);
	assert_int_equal(c->trace[0], SIGHUP);
}

static void
test_two_different_signals_are_both_delivered(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(loop_signal(c->loop, SIGUSR1, signal_cb, c), 0);
	assert_int_equal(loop_signal(c->loop, SIGHUP, signal_cb, c), 0);
	assert_int_equal(raise(SIGUSR1), 0);
	assert_int_equal(kill(getpid(), SIGHUP), 0);
	c->limit = 2;
	run_ok(c);
	assert_int_equal(c->ntrace, 2);
	assert_int_equal(c->trace[0], SIGUSR1);
	assert_int_equal(c->trace[1], SIGHUP);
}

static void
term_cb(int signo, void *arg)
{
	struct ctx *c = arg;

	trace_add(c, signo);
	loop_stop(c->loop);
}

static void
raise_term_cb(void *arg)
{
	(void)arg;
	assert_int_equal(raise(SIGTERM), 0);
}

static void
test_sigterm_callback_stopping_loop_makes_run_return_zero(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(loop_signal(c->loop, SIGTERM, term_cb, c), 0);
	assert_true(loop_timer_add(c->loop, 5, raise_term_cb, c) > 0);
	run_ok(c);
	assert_int_equal(c->ntrace, 1);
	assert_int_equal(c->trace[0], SIGTERM);
}

static void
test_free_restores_default_signal_disposition(void **state)
{
	struct ctx *c = *state;
	struct loop *l = loop_new();
	struct sigaction sa;

	assert_non_null(l);
	assert_int_equal(loop_signal(l, SIGUSR2, signal_cb, c), 0);
	assert_int_equal(sigaction(SIGUSR2, NULL, &sa), 0);
	assert_true(sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN);
	assert_true(sa.sa_flags & SA_RESTART);
	loop_free(l);
	assert_int_equal(sigaction(SIGUSR2, NULL, &sa), 0);
	assert_true(sa.sa_handler == SIG_DFL);
}

static void
test_only_one_loop_at_a_time_takes_signals(void **state)
{
	struct ctx *c = *state;
	struct loop *other = loop_new();

	assert_non_null(other);
	assert_int_equal(loop_signal(c->loop, SIGUSR1, signal_cb, c), 0);
	errno = 0;
	assert_int_equal(loop_signal(other, SIGUSR2, signal_cb, c), -1);
	assert_int_equal(errno, EBUSY);
	loop_free(other);
	errno = 0;
	assert_int_equal(loop_signal(c->loop, SIGKILL, signal_cb, c), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(loop_signal(c->loop, 0, signal_cb, c), -1);
	assert_int_equal(errno, EINVAL);
}

/* Misc. */

static void
nested_run_cb(void *arg)
{
	struct ctx *c = arg;

	errno = 0;
	trace_add(c, loop_run(c->loop) == -1 && errno == EBUSY);
	loop_stop(c->loop);
}

static void
test_nested_run_fails_with_ebusy(void **state)
{
	struct ctx *c = *state;

	assert_true(loop_timer_add(c->loop, 0, nested_run_cb, c) > 0);
	run_ok(c);
	assert_int_equal(c->ntrace, 1);
	assert_int_equal(c->trace[0], 1);
}

static void
test_timer_never_fires_before_its_deadline_in_loop_time(void **state)
{
	struct ctx *c = *state;
	uint64_t before = loop_now_ms(c->loop);

	assert_true(loop_timer_add(c->loop, 3, stop_cb, c) > 0);
	run_ok(c);
	assert_true(loop_now_ms(c->loop) >= before + 3);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_timers_fire_in_deadline_order),
		T(test_equal_deadlines_fire_in_insertion_order),
		T(test_many_timers_fire_stably_sorted_and_cancelled_ones_never),
		T(test_cancelled_timer_never_fires),
		T(test_stale_timer_id_does_not_cancel_its_slot_successor),
		T(test_timer_ids_are_positive_and_never_reused),
		T(test_timer_rearming_itself_fires_periodically),
		T(test_timer_capacity_overflow_fails_with_enospc),
		T(test_pipe_callback_receives_written_bytes),
		T(test_removed_fd_gets_no_more_callbacks),
		T(test_removing_another_ready_fd_prevents_its_callback),
		T(test_fd_readded_in_a_callback_waits_for_the_next_poll),
		T(test_closed_writer_delivers_pollhup_to_reader),
		T(test_fd_registration_errors),
		T(test_zero_delay_rearming_timer_does_not_starve_descriptors),
		T(test_hooks_run_before_each_poll),
		T(test_hook_changing_events_takes_effect_in_the_same_poll),
		T(test_hook_capacity_overflow_fails_with_enospc),
		T(test_raised_signal_runs_callback_from_the_loop),
		T(test_killed_with_sighup_runs_callback_from_the_loop),
		T(test_two_different_signals_are_both_delivered),
		T(test_sigterm_callback_stopping_loop_makes_run_return_zero),
		T(test_free_restores_default_signal_disposition),
		T(test_only_one_loop_at_a_time_takes_signals),
		T(test_nested_run_fails_with_ebusy),
		T(test_timer_never_fires_before_its_deadline_in_loop_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
