/*
 * test_ids_enforce.c - decisions reach the firewall, and a failed one is
 * retried with a growing, capped delay until it applies; a newer decision
 * for the same source replaces a pending one; a pending block that ended
 * is dropped; a full queue drops and counts.  The firewall is the real
 * file backend, made to fail by removing the directory of its file; the
 * retry bounds are shortened so that the tests run in milliseconds.
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
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/loop.h"
#include "ids/ids_enforce.h"
#include "platform/fw/fw.h"

#define DEADLINE_MS	3000

struct ctx {
	struct loop		*loop;
	struct ids_enforce	 e;
	char			 dir[64], sub[96], path[128];
	bool			 (*pred)(struct ctx *);
	uint64_t		 deadline;
	bool			 timed_out;
};

static void
tick_cb(void *arg)
{
	struct ctx *c = arg;

	if (c->pred(c) || loop_now_ms(c->loop) >= c->deadline) {
		c->timed_out = !c->pred(c);
		loop_stop(c->loop);
		return;
	}
	assert_true(loop_timer_add(c->loop, 2, tick_cb, c) > 0);
}

static void
run_until(struct ctx *c, bool (*pred)(struct ctx *))
{
	c->pred = pred;
	c->deadline = loop_now_ms(c->loop) + DEADLINE_MS;
	assert_true(loop_timer_add(c->loop, 0, tick_cb, c) > 0);
	assert_int_equal(loop_run(c->loop), 0);
	assert_false(c->timed_out);
}

static struct ids_enforce_stats
stats(const struct ctx *c)
{
	struct ids_enforce_stats st;

	ids_enforce_stats(&c->e, &st);
	return st;
}

static bool
nothing_pending(struct ctx *c)
{
	return stats(c).pending == 0;
}

static bool
retried_three_times(struct ctx *c)
{
	return stats(c).retried >= 3;
}

static int
setup(void **state)
{
	static struct ctx c;
	struct fw_conf fc;

	memset(&c, 0, sizeof(c));
	snprintf(c.dir, sizeof(c.dir), "/tmp/camguard-enforce-XXXXXX");
	if (mkdtemp(c.dir) == NULL || (c.loop = loop_new()) == NULL)
		return -1;
	snprintf(c.sub, sizeof(c.sub), "%s/sub", c.dir);
	snprintf(c.path, sizeof(c.path), "%s/blocks", c.sub);
	if (mkdir(c.sub, 0700) == -1)
		return -1;
	memset(&fc, 0, sizeof(fc));
	fc.backend = CONF_FW_FILE;
	snprintf(fc.block_file, sizeof(fc.block_file), "%s", c.path);
	if (fw_init(&fc) == -1)
		return -1;
	ids_enforce_init(&c.e, c.loop);
	c.e.retry_min_ms = 10;
	c.e.retry_max_ms = 40;
	*state = &c;
	return 0;
}

static int
teardown(void **state)
{
	struct ctx *c = *state;

	ids_enforce_fini(&c->e);
	fw_fini();
	loop_free(c->loop);
	unlink(c->path);
	rmdir(c->sub);
	rmdir(c->dir);
	return 0;
}

/* The firewall fails while the directory of its file is gone. */
static void
break_fw(struct ctx *c)
{
	unlink(c->path);
	assert_int_equal(rmdir(c->sub), 0);
}

static void
mend_fw(struct ctx *c)
{
	assert_int_equal(mkdir(c->sub, 0700), 0);
}

static struct ids_decision
decision(enum ids_action a, const char *net)
{
	struct ids_decision d;

	memset(&d, 0, sizeof(d));
	d.action = a;
	assert_int_equal(addr_parse_net(net, strlen(net), &d.net), 0);
	return d;
}

static void
assert_file(const char *path, const char *expected)
{
	static char buf[4096];
	ssize_t n = 0;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	assert_true(n >= 0);
	buf[n] = '\0';
	assert_string_equal(buf, expected);
}

static void
test_a_block_that_works_is_applied_at_once(void **state)
{
	struct ctx *c = *state;
	struct ids_decision d = decision(IDS_BLOCK, "192.0.2.1");

	assert_int_equal(ids_enforce_decision(&c->e, &d, 1718000000), 0);
	d.action = IDS_RELEASE;
	assert_int_equal(ids_enforce_decision(&c->e, &d, 0), 0);
	assert_int_equal(stats(c).applied, 2);
	assert_int_equal(stats(c).failed, 0);
	assert_int_equal(stats(c).pending, 0);
	assert_file(c->path, "block 192.0.2.1/32 1718000000\n"
	    "release 192.0.2.1/32\n");
}

static void
test_alarms_are_not_enforced(void **state)
{
	struct ctx *c = *state;
	struct ids_decision d = decision(IDS_ALARM, "192.0.2.1");

	break_fw(c);
	assert_int_equal(ids_enforce_decision(&c->e, &d, 0), 0);
	assert_int_equal(stats(c).applied + stats(c).failed, 0);
	mend_fw(c);
}

static void
test_a_failed_block_is_retried_until_it_applies(void **state)
{
	struct ctx *c = *state;
	struct ids_decision d = decision(IDS_BLOCK, "2001:db8:1::/64");

	break_fw(c);
	assert_int_equal(ids_enforce_decision(&c->e, &d, 0), -1);
	assert_int_equal(stats(c).failed, 1);
	assert_int_equal(stats(c).pending, 1);
	run_until(c, retried_three_times);
	assert_int_equal(stats(c).pending, 1);
	assert_int_equal(stats(c).failed, 1 + stats(c).retried);
	/* 10, 20, 40 ms, then capped at 40. */
	assert_int_equal(c->e.backoff_ms, 40);
	mend_fw(c);
	run_until(c, nothing_pending);
	assert_int_equal(stats(c).applied, 1);
	assert_int_equal(c->e.backoff_ms, 10);
	assert_file(c->path, "block 2001:db8:1::/64 0\n");
}

static void
test_pending_blocks_are_retried_together(void **state)
{
	struct ctx *c = *state;
	struct ids_decision a = decision(IDS_BLOCK, "10.0.0.1");
	struct ids_decision b = decision(IDS_BLOCK, "10.0.0.2");
	struct ids_decision r = decision(IDS_RELEASE, "10.0.0.3");
	int64_t until = (int64_t)time(NULL) + 600;
	char want[128];

	break_fw(c);
	assert_int_equal(ids_enforce_decision(&c->e, &a, until), -1);
	assert_int_equal(ids_enforce_decision(&c->e, &b, until), -1);
	assert_int_equal(ids_enforce_decision(&c->e, &r, 0), -1);
	mend_fw(c);
	run_until(c, nothing_pending);
	assert_int_equal(stats(c).applied, 3);
	assert_int_equal(stats(c).retried, 3);
	snprintf(want, sizeof(want), "block 10.0.0.1/32 %lld\n"
	    "block 10.0.0.2/32 %lld\nrelease 10.0.0.3/32\n",
	    (long long)until, (long long)until);
	assert_file(c->path, want);
}

static void
test_a_newer_decision_replaces_a_pending_one(void **state)
{
	struct ctx *c = *state;
	struct ids_decision d = decision(IDS_BLOCK, "198.51.100.9");

	break_fw(c);
	assert_int_equal(ids_enforce_decision(&c->e, &d, 0), -1);
	d.action = IDS_RELEASE;
	assert_int_equal(ids_enforce_decision(&c->e, &d, 0), -1);
	assert_int_equal(stats(c).pending, 1);
	mend_fw(c);
	run_until(c, nothing_pending);
	assert_file(c->path, "release 198.51.100.9/32\n");
}

static void
test_a_pending_block_that_ended_is_dropped(void **state)
{
	struct ctx *c = *state;
	struct ids_decision d = decision(IDS_BLOCK, "203.0.113.5");

	break_fw(c);
	assert_int_equal(ids_enforce_decision(&c->e, &d, time(NULL) - 1), -1);
	mend_fw(c);
	run_until(c, nothing_pending);
	assert_int_equal(stats(c).expired, 1);
	assert_int_equal(stats(c).applied, 0);
	assert_file(c->path, "");
}

static void
test_a_full_queue_drops_and_counts(void **state)
{
	struct ctx *c = *state;
	struct ids_decision d;
	char a[32];
	int i;

	break_fw(c);
	for (i = 0; i <= IDS_ENFORCE_QUEUE_MAX; i++) {
		snprintf(a, sizeof(a), "10.2.%d.%d", i / 256, i % 256);
		d = decision(IDS_BLOCK, a);
		assert_int_equal(ids_enforce_decision(&c->e, &d, 0), -1);
	}
	assert_int_equal(stats(c).pending, IDS_ENFORCE_QUEUE_MAX);
	assert_int_equal(stats(c).dropped, 1);
	mend_fw(c);
	run_until(c, nothing_pending);
	assert_int_equal(stats(c).applied, IDS_ENFORCE_QUEUE_MAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_a_block_that_works_is_applied_at_once),
		T(test_alarms_are_not_enforced),
		T(test_a_failed_block_is_retried_until_it_applies),
		T(test_pending_blocks_are_retried_together),
		T(test_a_newer_decision_replaces_a_pending_one),
		T(test_a_pending_block_that_ended_is_dropped),
		T(test_a_full_queue_drops_and_counts),
#undef T
	};

	log_init(1, 0, "test_ids_enforce");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
