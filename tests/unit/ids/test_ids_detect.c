/*
 * test_ids_detect.c - the detector's rules (spec section 8), one test per
 * rule: threshold, idle timeout, deadtime, block lengths and releases,
 * ignore and allow lists, challenges, IPv6 aggregation, the full table,
 * time going backwards, new rules at run time, the next deadline.
 *
 * Every test feeds events with explicit times and asserts the decisions
 * that come out (action, time, source, attempts, block end) and the
 * counters; none looks inside the table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/cg_limits.h"
#include "core/conf.h"
#include "core/service.h"
#include "ids/ids.h"

#define DEC_MAX		64

struct rec {
	struct ids_decision	dec[DEC_MAX];
	int			n;
};

struct ctx {
	struct ids_rules	 r;
	struct ids_detect	*d;
	struct rec		 rec;
};

static void
record(const struct ids_decision *dec, void *arg)
{
	struct rec *rec = arg;

	assert_true(rec->n < DEC_MAX);
	rec->dec[rec->n++] = *dec;
}

/* Threshold 5, timeout 1 h, deadtime 1 h, blocks of 60 s doubling. */
static void
default_rules(struct ids_rules *r)
{
	memset(r, 0, sizeof(*r));
	r->threshold = 5;
	r->timeout_s = 3600;
	r->deadtime_s = 3600;
	r->block = true;
	r->block_s = 60;
	r->block_factor = 2;
	r->block_max_s = 86400;
	r->ipv6_prefix = 64;
	r->max_tracked = 1024;
}

static int
setup(void **state)
{
	static struct ctx c;

	memset(&c, 0, sizeof(c));
	default_rules(&c.r);
	*state = &c;
	return 0;
}

static int
teardown(void **state)
{
	struct ctx *c = *state;

	ids_detect_free(c->d);
	c->d = NULL;
	return 0;
}

/* Start the detector with the rules as the test left them. */
static void
start(struct ctx *c)
{
	c->d = ids_detect_new(&c->r, record, &c->rec);
	assert_non_null(c->d);
}

static void
event(struct ctx *c, enum ids_kind kind, const char *ip, int64_t now)
{
	struct ids_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.ts = now;
	assert_int_equal(addr_parse_ip(ip, strlen(ip), &ev.addr), 0);
	if (kind == IDS_AUTH_FAILURE) {
		ev.has_user = true;
		snprintf(ev.user, sizeof(ev.user), "admin");
	}
	ids_detect_event(c->d, &ev, now);
}

static void
failure(struct ctx *c, const char *ip, int64_t now)
{
	event(c, IDS_AUTH_FAILURE, ip, now);
}

/* n failures from ip at now, now+1, ...; returns the time after. */
static int64_t
fail_n(struct ctx *c, const char *ip, int n, int64_t now)
{
	while (n-- > 0)
		failure(c, ip, now++);
	return now;
}

static void
assert_dec(const struct ctx *c, int i, enum ids_action a, int64_t ts,
    const char *net, unsigned attempts)
{
	char buf[ADDR_STR_MAX];
	const struct ids_decision *d;

	assert_true(i < c->rec.n);
	d = &c->rec.dec[i];
	assert_int_equal(d->action, a);
	assert_int_equal(d->ts, ts);
	assert_string_equal(addr_format(&d->net, buf, sizeof(buf)), net);
	assert_int_equal(d->attempts, attempts);
}

static struct ids_stats
stats(const struct ctx *c)
{
	struct ids_stats st;

	ids_detect_stats(c->d, &st);
	return st;
}

/* ---- threshold, timeout, deadtime ---------------------------------------- */

static void
test_threshold_reached_alarms_and_blocks_once(void **state)
{
	struct ctx *c = *state;
	const struct ids_decision *alarm;

	start(c);
	fail_n(c, "192.0.2.7", 4, 1000);
	assert_int_equal(c->rec.n, 0);
	failure(c, "192.0.2.7", 1010);
	assert_int_equal(c->rec.n, 2);
	assert_dec(c, 0, IDS_ALARM, 1010, "192.0.2.7/32", 5);
	assert_dec(c, 1, IDS_BLOCK, 1010, "192.0.2.7/32", 5);
	alarm = &c->rec.dec[0];
	assert_int_equal(alarm->first_seen, 1000);
	assert_int_equal(alarm->last_seen, 1010);
	assert_true(alarm->blocked);
	assert_false(alarm->allowlisted);
	assert_int_equal(alarm->until, 1070);
	assert_true(alarm->has_user);
	assert_string_equal(alarm->user, "admin");
	fail_n(c, "192.0.2.7", 10, 1011);
	assert_int_equal(c->rec.n, 2);
	assert_int_equal(stats(c).failures, 15);
	assert_int_equal(stats(c).alarms, 1);
	assert_int_equal(stats(c).blocks, 1);
	assert_int_equal(stats(c).blocked, 1);
}

static void
test_below_threshold_nothing_is_decided(void **state)
{
	struct ctx *c = *state;

	start(c);
	fail_n(c, "192.0.2.7", 4, 1000);
	fail_n(c, "192.0.2.8", 4, 1000);
	ids_detect_tick(c->d, 2000);
	assert_int_equal(c->rec.n, 0);
	assert_int_equal(stats(c).failures, 8);
	assert_int_equal(stats(c).tracked, 2);
	assert_int_equal(stats(c).alarms, 0);
}

static void
test_idle_timeout_resets_the_count(void **state)
{
	struct ctx *c = *state;

	c->r.timeout_s = 600;
	start(c);
	fail_n(c, "192.0.2.7", 4, 1000);	/* last at 1003 */
	failure(c, "192.0.2.7", 1603);		/* 600 s idle: count 1 */
	fail_n(c, "192.0.2.7", 3, 1604);	/* 4 */
	assert_int_equal(c->rec.n, 0);
	failure(c, "192.0.2.7", 1700);
	assert_int_equal(c->rec.n, 2);
	assert_dec(c, 0, IDS_ALARM, 1700, "192.0.2.7/32", 5);
	assert_int_equal(c->rec.dec[0].first_seen, 1603);
}

static void
test_idle_sources_are_forgotten_on_tick(void **state)
{
	struct ctx *c = *state;

	c->r.timeout_s = 600;
	start(c);
	fail_n(c, "192.0.2.7", 4, 1000);
	assert_int_equal(ids_detect_next(c->d, 1003), 600);
	ids_detect_tick(c->d, 1599);
	assert_int_equal(stats(c).tracked, 1);
	ids_detect_tick(c->d, 1603);
	assert_int_equal(stats(c).tracked, 0);
	assert_int_equal(ids_detect_next(c->d, 1603), -1);
	failure(c, "192.0.2.7", 1604);
	assert_int_equal(c->rec.n, 0);
}

static void
test_timeout_zero_never_resets_the_count(void **state)
{
	struct ctx *c = *state;
	int i;

	c->r.timeout_s = 0;
	start(c);
	for (i = 0; i < 4; i++) {
		failure(c, "192.0.2.7", 1000 + i * 1000000LL);
		ids_detect_tick(c->d, 1000 + i * 1000000LL + 999999);
	}
	assert_int_equal(c->rec.n, 0);
	assert_int_equal(ids_detect_next(c->d, 0), -1);
	failure(c, "192.0.2.7", 5000000);
	assert_dec(c, 0, IDS_ALARM, 5000000, "192.0.2.7/32", 5);
	assert_int_equal(c->rec.dec[0].first_seen, 1000);
}

static void
test_deadtime_suppresses_alarms_then_allows_the_next(void **state)
{
	struct ctx *c = *state;

	c->r.deadtime_s = 600;
	c->r.block = false;
	start(c);
	fail_n(c, "192.0.2.7", 5, 1000);	/* alarm at 1004 */
	assert_int_equal(c->rec.n, 1);
	assert_dec(c, 0, IDS_ALARM, 1004, "192.0.2.7/32", 5);
	assert_false(c->rec.dec[0].blocked);
	fail_n(c, "192.0.2.7", 10, 1100);
	failure(c, "192.0.2.7", 1603);
	assert_int_equal(c->rec.n, 1);
	failure(c, "192.0.2.7", 1604);
	assert_int_equal(c->rec.n, 2);
	assert_dec(c, 1, IDS_ALARM, 1604, "192.0.2.7/32", 17);
	failure(c, "192.0.2.7", 1605);
	assert_int_equal(c->rec.n, 2);
	assert_int_equal(stats(c).blocks, 0);
}

static void
test_deadtime_zero_alarms_at_every_failure_past_the_threshold(void **state)
{
	struct ctx *c = *state;

	c->r.deadtime_s = 0;
	start(c);
	fail_n(c, "192.0.2.7", 8, 1000);
	assert_int_equal(c->rec.n, 5);
	assert_dec(c, 0, IDS_ALARM, 1004, "192.0.2.7/32", 5);
	assert_dec(c, 1, IDS_BLOCK, 1004, "192.0.2.7/32", 5);
	assert_dec(c, 2, IDS_ALARM, 1005, "192.0.2.7/32", 6);
	assert_dec(c, 3, IDS_ALARM, 1006, "192.0.2.7/32", 7);
	assert_dec(c, 4, IDS_ALARM, 1007, "192.0.2.7/32", 8);
	assert_true(c->rec.dec[4].blocked);
	assert_int_equal(stats(c).blocks, 1);
}

/* ---- blocks ------------------------------------------------------------- */

static void
test_blocks_escalate_by_the_factor_up_to_the_cap(void **state)
{
	struct ctx *c = *state;
	const int64_t want[] = { 60, 180, 540, 1000 };
	int64_t now = 1000, until;
	int i, nb = 0;

	c->r.block_factor = 3;
	c->r.block_max_s = 1000;
	start(c);
	now = fail_n(c, "192.0.2.7", 4, now);
	for (i = 0; i < 4; i++) {
		failure(c, "192.0.2.7", now);
		assert_dec(c, c->rec.n - 1, IDS_BLOCK, now, "192.0.2.7/32",
		    (unsigned)(5 + i));
		until = c->rec.dec[c->rec.n - 1].until;
		assert_int_equal(until - now, want[i]);
		nb++;
		ids_detect_tick(c->d, until - 1);
		assert_int_equal(stats(c).releases, (uint64_t)i);
		ids_detect_tick(c->d, until);
		assert_dec(c, c->rec.n - 1, IDS_RELEASE, until,
		    "192.0.2.7/32", (unsigned)(5 + i));
		now = until + 1;
	}
	assert_int_equal(stats(c).blocks, nb);
	assert_int_equal(stats(c).releases, 4);
}

static void
test_an_idle_source_with_blocks_is_kept_for_the_next_block(void **state)
{
	struct ctx *c = *state;

	c->r.timeout_s = 600;
	start(c);
	fail_n(c, "192.0.2.7", 5, 1000);	/* blocked 1004..1064 */
	ids_detect_tick(c->d, 1064);		/* released */
	assert_int_equal(stats(c).releases, 1);
	assert_int_equal(ids_detect_next(c->d, 1064), 1604 - 1064);
	ids_detect_tick(c->d, 5000);		/* idle */
	assert_int_equal(stats(c).tracked, 1);
	assert_int_equal(ids_detect_next(c->d, 5000), -1);
	fail_n(c, "192.0.2.7", 4, 6000);
	assert_int_equal(c->rec.n, 3);	/* counting from 1 again */
	failure(c, "192.0.2.7", 6004);
	assert_dec(c, 4, IDS_BLOCK, 6004, "192.0.2.7/32", 5);
	assert_int_equal(c->rec.dec[4].until, 6004 + 120);
}

static void
test_block_s_zero_blocks_until_reboot(void **state)
{
	struct ctx *c = *state;

	c->r.block_s = 0;
	c->r.timeout_s = 0;
	start(c);
	fail_n(c, "192.0.2.7", 5, 1000);
	assert_dec(c, 1, IDS_BLOCK, 1004, "192.0.2.7/32", 5);
	assert_int_equal(c->rec.dec[1].until, 0);
	assert_int_equal(ids_detect_next(c->d, 1004), -1);
	ids_detect_tick(c->d, INT64_MAX);
	assert_int_equal(c->rec.n, 2);
	assert_int_equal(stats(c).blocked, 1);
	assert_int_equal(stats(c).releases, 0);
}

static void
test_a_block_ends_with_a_release_at_its_deadline(void **state)
{
	struct ctx *c = *state;
	const struct ids_decision *rel;

	start(c);
	fail_n(c, "192.0.2.7", 5, 1000);	/* blocked 1004..1064 */
	ids_detect_tick(c->d, 1063);
	assert_int_equal(c->rec.n, 2);
	ids_detect_tick(c->d, 1100);
	assert_int_equal(c->rec.n, 3);
	assert_dec(c, 2, IDS_RELEASE, 1064, "192.0.2.7/32", 5);
	rel = &c->rec.dec[2];
	assert_false(rel->blocked);
	assert_int_equal(rel->until, 1064);
	assert_int_equal(stats(c).releases, 1);
	assert_int_equal(stats(c).blocked, 0);
	assert_int_equal(stats(c).tracked, 1);
}

static void
test_failures_while_blocked_count_but_do_not_block_again(void **state)
{
	struct ctx *c = *state;

	start(c);
	fail_n(c, "192.0.2.7", 20, 1000);
	assert_int_equal(c->rec.n, 2);
	assert_int_equal(stats(c).blocks, 1);
	c->r.deadtime_s = 0;
	assert_int_equal(ids_detect_set_rules(c->d, &c->r), 0);
	failure(c, "192.0.2.7", 1030);
	assert_dec(c, 2, IDS_ALARM, 1030, "192.0.2.7/32", 21);
	assert_int_equal(c->rec.dec[2].until, 1064);
	assert_int_equal(stats(c).blocks, 1);
}

static void
test_block_off_alarms_only(void **state)
{
	struct ctx *c = *state;

	c->r.block = false;
	start(c);
	fail_n(c, "192.0.2.7", 5, 1000);
	assert_int_equal(c->rec.n, 1);
	assert_dec(c, 0, IDS_ALARM, 1004, "192.0.2.7/32", 5);
	assert_false(c->rec.dec[0].blocked);
	assert_int_equal(stats(c).blocked, 0);
}

/* ---- lists and kinds ---------------------------------------------------- */

static void
test_ignored_sources_are_counted_as_ignored_only(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(addr_parse_net("10.0.0.0/8", 10, &c->r.ignore[0]), 0);
	c->r.n_ignore = 1;
	start(c);
	fail_n(c, "10.1.2.3", 10, 1000);
	assert_int_equal(c->rec.n, 0);
	assert_int_equal(stats(c).ignored, 10);
	assert_int_equal(stats(c).failures, 0);
	assert_int_equal(stats(c).tracked, 0);
}

static void
test_allowed_sources_alarm_as_allowlisted_and_are_not_blocked(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(addr_parse_net("192.0.2.0/24", 12, &c->r.allow[0]),
	    0);
	c->r.n_allow = 1;
	start(c);
	fail_n(c, "192.0.2.7", 6, 1000);
	assert_int_equal(c->rec.n, 1);
	assert_dec(c, 0, IDS_ALARM, 1004, "192.0.2.7/32", 5);
	assert_true(c->rec.dec[0].allowlisted);
	assert_false(c->rec.dec[0].blocked);
	assert_int_equal(stats(c).blocks, 0);
}

static void
test_an_allowed_host_keeps_its_ipv6_prefix_from_being_blocked(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(addr_parse_net("2001:db8::10/128", 16,
	    &c->r.allow[0]), 0);
	c->r.n_allow = 1;
	start(c);
	fail_n(c, "2001:db8::66", 5, 1000);
	assert_int_equal(c->rec.n, 1);
	assert_dec(c, 0, IDS_ALARM, 1004, "2001:db8::/64", 5);
	assert_true(c->rec.dec[0].allowlisted);
}

static void
test_challenges_count_only_when_asked(void **state)
{
	struct ctx *c = *state;
	int i;

	start(c);
	for (i = 0; i < 10; i++)
		event(c, IDS_CHALLENGE, "192.0.2.7", 1000 + i);
	assert_int_equal(c->rec.n, 0);
	assert_int_equal(stats(c).failures, 0);
	assert_int_equal(stats(c).tracked, 0);
	c->r.count_challenges = true;
	assert_int_equal(ids_detect_set_rules(c->d, &c->r), 0);
	for (i = 0; i < 5; i++)
		event(c, IDS_CHALLENGE, "192.0.2.7", 1100 + i);
	assert_int_equal(c->rec.n, 2);
	assert_dec(c, 0, IDS_ALARM, 1104, "192.0.2.7/32", 5);
	assert_false(c->rec.dec[0].has_user);
}

/* ---- addresses ---------------------------------------------------------- */

static void
test_ipv6_sources_in_one_prefix_aggregate(void **state)
{
	struct ctx *c = *state;
	char ip[ADDR_STR_MAX];
	int i;

	start(c);
	for (i = 1; i <= 5; i++) {
		snprintf(ip, sizeof(ip), "2001:db8:0:1:%x::%x", i * 7, i);
		failure(c, ip, 1000 + i);
	}
	assert_int_equal(c->rec.n, 2);
	assert_dec(c, 1, IDS_BLOCK, 1005, "2001:db8:0:1::/64", 5);
	assert_int_equal(stats(c).tracked, 1);
}

static void
test_ipv6_prefix_128_keeps_every_address_apart(void **state)
{
	struct ctx *c = *state;
	char ip[ADDR_STR_MAX];
	int i;

	c->r.ipv6_prefix = 128;
	start(c);
	for (i = 1; i <= 5; i++) {
		snprintf(ip, sizeof(ip), "2001:db8::%x", i);
		fail_n(c, ip, 4, 1000 + i * 10);
	}
	assert_int_equal(c->rec.n, 0);
	assert_int_equal(stats(c).tracked, 5);
	failure(c, "2001:db8::3", 1100);
	assert_dec(c, 0, IDS_ALARM, 1100, "2001:db8::3/128", 5);
}

static void
test_v4_and_v6_sources_never_collide(void **state)
{
	struct ctx *c = *state;

	start(c);
	/* the same leading bytes: c000:0201:: and 192.0.2.1 */
	fail_n(c, "192.0.2.1", 4, 1000);
	fail_n(c, "c000:201::1", 4, 1000);
	assert_int_equal(c->rec.n, 0);
	assert_int_equal(stats(c).tracked, 2);
	failure(c, "192.0.2.1", 1010);
	assert_int_equal(c->rec.n, 2);
	assert_dec(c, 0, IDS_ALARM, 1010, "192.0.2.1/32", 5);
	failure(c, "::ffff:192.0.2.1", 1011);	/* unmapped: v4 */
	assert_int_equal(stats(c).tracked, 2);
}

/* ---- the full table ----------------------------------------------------- */

static void
test_a_full_table_evicts_the_least_recently_seen_unblocked(void **state)
{
	struct ctx *c = *state;

	c->r.max_tracked = 4;
	start(c);
	fail_n(c, "192.0.2.1", 2, 1000);
	failure(c, "192.0.2.2", 1010);
	failure(c, "192.0.2.3", 1011);
	failure(c, "192.0.2.4", 1012);
	failure(c, "192.0.2.1", 1013);		/* .2 is now the oldest */
	failure(c, "192.0.2.5", 1014);		/* evicts .2 */
	assert_int_equal(stats(c).evictions, 1);
	assert_int_equal(stats(c).tracked, 4);
	fail_n(c, "192.0.2.1", 2, 1020);	/* .1 kept its count */
	assert_int_equal(c->rec.n, 2);
	assert_dec(c, 0, IDS_ALARM, 1021, "192.0.2.1/32", 5);
	fail_n(c, "192.0.2.2", 4, 1030);	/* .2 starts again at 1 */
	assert_int_equal(c->rec.n, 2);
}

/*
 * Table pressure (issue 15): a flood of one-failure IPv6 /64s, four times
 * the table, evicts its own kind; the attacker one failure short of the
 * threshold stays tracked and its next failure alarms and blocks.
 */
static void
test_a_flood_of_one_failure_sources_never_evicts_the_attacker(void **state)
{
	struct ctx *c = *state;
	char ip[ADDR_STR_MAX];
	int i;

	c->r.max_tracked = 64;
	start(c);
	fail_n(c, "192.0.2.66", 4, 1000);	/* threshold 5: one short */
	for (i = 0; i < 256; i++) {
		snprintf(ip, sizeof(ip), "2001:db8:%x:%x::1", i / 256, i % 256);
		failure(c, ip, 1010 + i);
	}
	assert_true(stats(c).evictions >= 256 - 64);
	assert_int_equal(c->rec.n, 0);
	failure(c, "192.0.2.66", 1300);
	assert_int_equal(c->rec.n, 2);
	assert_dec(c, 0, IDS_ALARM, 1300, "192.0.2.66/32", 5);
	assert_dec(c, 1, IDS_BLOCK, 1300, "192.0.2.66/32", 5);
}

static void
test_a_released_source_past_its_window_is_evicted_first(void **state)
{
	struct ctx *c = *state;

	c->r.max_tracked = 2;
	c->r.timeout_s = 10;
	start(c);
	fail_n(c, "192.0.2.1", 5, 1000);	/* blocked 1004..1064 */
	failure(c, "192.0.2.2", 1060);
	ids_detect_tick(c->d, 1064);		/* .1 released, idle */
	failure(c, "192.0.2.3", 1065);		/* evicts .1, not .2 */
	assert_int_equal(stats(c).evictions, 1);
	fail_n(c, "192.0.2.2", 4, 1066);
	assert_dec(c, 3, IDS_ALARM, 1069, "192.0.2.2/32", 5);
}

static void
collect(const struct addr_net *net, int64_t until, void *arg)
{
	struct rec *rec = arg;

	assert_true(rec->n < DEC_MAX);
	rec->dec[rec->n].net = *net;
	rec->dec[rec->n++].until = until;
}

static void
test_blocked_sources_are_never_evicted(void **state)
{
	struct ctx *c = *state;
	char ip[ADDR_STR_MAX];
	struct rec seen = { .n = 0 };
	int i;

	c->r.max_tracked = 4;
	start(c);
	fail_n(c, "198.51.100.1", 5, 1000);	/* blocked until 1064 */
	for (i = 0; i < 20; i++) {
		snprintf(ip, sizeof(ip), "192.0.2.%d", i);
		failure(c, ip, 1010 + i);
	}
	assert_int_equal(stats(c).evictions, 17);
	assert_int_equal(ids_detect_blocked(c->d, collect, &seen, 10), 1);
	assert_string_equal(addr_format(&seen.dec[0].net, ip, sizeof(ip)),
	    "198.51.100.1/32");
	assert_int_equal(seen.dec[0].until, 1064);
	ids_detect_tick(c->d, 1064);
	assert_dec(c, 2, IDS_RELEASE, 1064, "198.51.100.1/32", 5);
}

static void
test_a_table_of_blocked_sources_tracks_no_new_one(void **state)
{
	struct ctx *c = *state;

	c->r.max_tracked = 2;
	start(c);
	fail_n(c, "192.0.2.1", 5, 1000);
	fail_n(c, "192.0.2.2", 5, 1000);
	fail_n(c, "192.0.2.3", 5, 1010);
	assert_int_equal(c->rec.n, 4);
	assert_int_equal(stats(c).untracked, 5);
	assert_int_equal(stats(c).evictions, 0);
	assert_int_equal(stats(c).blocked, 2);
}

/* ---- time and rules ----------------------------------------------------- */

static void
test_time_going_backwards_does_not_block_again_or_crash(void **state)
{
	struct ctx *c = *state;

	start(c);
	fail_n(c, "192.0.2.7", 5, 1000);	/* blocked 1004..1064 */
	failure(c, "192.0.2.7", 10);		/* read as 1004 */
	ids_detect_tick(c->d, 5);
	failure(c, "192.0.2.7", -5000);
	assert_int_equal(c->rec.n, 2);
	assert_int_equal(stats(c).failures, 7);
	ids_detect_tick(c->d, 1063);
	assert_int_equal(c->rec.n, 2);
	ids_detect_tick(c->d, 1064);
	assert_dec(c, 2, IDS_RELEASE, 1064, "192.0.2.7/32", 7);
	failure(c, "192.0.2.7", 0);		/* as 1064: blocks again */
	assert_dec(c, 3, IDS_BLOCK, 1064, "192.0.2.7/32", 8);
	assert_int_equal(c->rec.dec[3].until, 1064 + 120);
}

static void
test_new_rules_keep_counts_and_blocks(void **state)
{
	struct ctx *c = *state;
	struct ids_rules r;

	start(c);
	fail_n(c, "192.0.2.7", 4, 1000);
	fail_n(c, "192.0.2.8", 5, 1004);	/* blocked 1008..1068 */
	r = c->r;
	r.deadtime_s = 0;
	assert_int_equal(ids_detect_set_rules(c->d, &r), 0);
	failure(c, "192.0.2.7", 1010);
	assert_dec(c, 2, IDS_ALARM, 1010, "192.0.2.7/32", 5);
	assert_dec(c, 3, IDS_BLOCK, 1010, "192.0.2.7/32", 5);
	r.max_tracked = 8;			/* a new table */
	assert_int_equal(ids_detect_set_rules(c->d, &r), 0);
	assert_int_equal(stats(c).tracked, 2);
	assert_int_equal(stats(c).blocked, 2);
	failure(c, "192.0.2.7", 1011);
	assert_dec(c, 4, IDS_ALARM, 1011, "192.0.2.7/32", 6);
	assert_int_equal(c->rec.dec[4].until, 1070);
	ids_detect_tick(c->d, 1068);
	assert_int_equal(c->rec.n, 6);
	assert_dec(c, 5, IDS_RELEASE, 1068, "192.0.2.8/32", 5);
	r.threshold = 0;
	assert_int_equal(ids_detect_set_rules(c->d, &r), -1);
}

static void
test_next_is_the_earliest_block_end(void **state)
{
	struct ctx *c = *state;

	c->r.timeout_s = 0;
	start(c);
	assert_int_equal(ids_detect_next(c->d, 0), -1);
	fail_n(c, "192.0.2.7", 5, 1000);	/* until 1004 + 60 */
	fail_n(c, "192.0.2.8", 5, 1010);	/* until 1014 + 60 */
	c->rec.n = 0;
	assert_int_equal(ids_detect_next(c->d, 1020), 1064 - 1020);
	ids_detect_tick(c->d, 1064);
	assert_int_equal(c->rec.n, 1);
	assert_int_equal(ids_detect_next(c->d, 1064), 1074 - 1064);
	assert_int_equal(ids_detect_next(c->d, 2000), 0);
	ids_detect_tick(c->d, 2000);
	assert_int_equal(c->rec.n, 2);
	assert_int_equal(ids_detect_next(c->d, 2000), -1);
}

static void
test_next_is_an_idle_expiry_when_it_comes_first(void **state)
{
	struct ctx *c = *state;

	c->r.timeout_s = 600;
	c->r.block_s = 3600;
	start(c);
	fail_n(c, "192.0.2.7", 5, 1000);	/* blocked until 4604 */
	failure(c, "192.0.2.8", 1010);		/* idle at 1610 */
	assert_int_equal(ids_detect_next(c->d, 1020), 1610 - 1020);
	ids_detect_tick(c->d, 1610);
	assert_int_equal(stats(c).tracked, 1);
	assert_int_equal(ids_detect_next(c->d, 1610), 4604 - 1610);
}

static void
test_rules_come_from_the_ids_section_in_seconds(void **state)
{
	struct conf *cf = test_malloc(sizeof(*cf));
	struct ids_rules r;

	(void)state;
	conf_defaults(cf);
	cf->ids.timeout_min = 5;
	cf->ids.deadtime_min = 2;
	ids_rules_from_conf(cf, &r);
	assert_int_equal(r.threshold, 7);
	assert_int_equal(r.timeout_s, 300);
	assert_int_equal(r.deadtime_s, 120);
	assert_int_equal(r.max_tracked, 65536);
	assert_int_equal(r.ipv6_prefix, 64);
	assert_int_equal(r.n_ignore, 2);
	test_free(cf);
}

static void
test_impossible_rules_are_refused(void **state)
{
	struct ctx *c = *state;

	c->r.max_tracked = 0;
	assert_null(ids_detect_new(&c->r, record, &c->rec));
	c->r.max_tracked = IDS_TRACK_MAX + 1;
	assert_null(ids_detect_new(&c->r, record, &c->rec));
	default_rules(&c->r);
	c->r.threshold = 0;
	assert_null(ids_detect_new(&c->r, record, &c->rec));
}

/* ---- operators (issue 16) ----------------------------------------------- */

static struct addr_net
net_of(const char *s)
{
	struct addr_net n;

	assert_int_equal(addr_parse_net(s, strlen(s), &n), 0);
	return n;
}

static void
test_an_operator_block_blocks_without_an_alarm(void **state)
{
	struct ctx *c = *state;
	struct addr_net k = net_of("192.0.2.7");

	start(c);
	assert_int_equal(ids_detect_block(c->d, &k, 600, 100), 0);
	assert_int_equal(c->rec.n, 1);
	assert_dec(c, 0, IDS_BLOCK, 100, "192.0.2.7/32", 0);
	assert_int_equal(c->rec.dec[0].until, 700);
	assert_true(ids_detect_is_blocked(c->d, &k));
	assert_int_equal(stats(c).alarms, 0);
	/* without for_s: the rules' length for its next block */
	k = net_of("192.0.2.8");
	assert_int_equal(ids_detect_block(c->d, &k, 0, 100), 0);
	assert_int_equal(c->rec.dec[1].until, 160);
	/* it ends like the detector's own */
	ids_detect_tick(c->d, 700);
	assert_dec(c, c->rec.n - 1, IDS_RELEASE, 700, "192.0.2.7/32", 0);
}

static void
test_unblock_releases_and_resets_the_count(void **state)
{
	struct ctx *c = *state;
	struct addr_net k = net_of("192.0.2.9");
	int64_t t;

	start(c);
	t = fail_n(c, "192.0.2.9", 5, 100);
	assert_true(ids_detect_is_blocked(c->d, &k));
	c->rec.n = 0;
	assert_int_equal(ids_detect_unblock(c->d, &k, t), 1);
	assert_int_equal(c->rec.n, 1);
	assert_dec(c, 0, IDS_RELEASE, t, "192.0.2.9/32", 5);
	assert_false(ids_detect_is_blocked(c->d, &k));
	assert_int_equal(stats(c).tracked, 0);
	/* four more failures: a fresh count, below the threshold */
	fail_n(c, "192.0.2.9", 4, t);
	assert_int_equal(c->rec.n, 1);
	assert_false(ids_detect_is_blocked(c->d, &k));
	/* its next block is a first one again (60 s, not 120 s) */
	failure(c, "192.0.2.9", t + 10);
	assert_int_equal(c->rec.dec[c->rec.n - 1].until, t + 10 + 60);
	/* an unknown or only counted source: 0, no decision */
	k = net_of("198.51.100.1");
	assert_int_equal(ids_detect_unblock(c->d, &k, t + 11), 0);
}

static void
test_flush_releases_every_block_and_forgets_every_count(void **state)
{
	struct ctx *c = *state;
	struct addr_net k = net_of("2001:db8::/64");
	int64_t t;

	start(c);
	t = fail_n(c, "192.0.2.1", 5, 100);
	t = fail_n(c, "2001:db8::5", 5, t);
	t = fail_n(c, "192.0.2.2", 3, t);
	assert_true(ids_detect_is_blocked(c->d, &k));
	c->rec.n = 0;
	assert_int_equal(ids_detect_flush(c->d, t), 2);
	assert_int_equal(c->rec.n, 2);
	assert_int_equal(c->rec.dec[0].action, IDS_RELEASE);
	assert_int_equal(c->rec.dec[1].action, IDS_RELEASE);
	assert_int_equal(stats(c).tracked, 0);
	assert_int_equal(stats(c).blocked, 0);
	/* 192.0.2.2's three failures are gone too */
	fail_n(c, "192.0.2.2", 2, t);
	assert_int_equal(c->rec.n, 2);
}

static void
test_an_operator_key_follows_ipv6_prefix(void **state)
{
	struct ctx *c = *state;
	struct addr_net in = net_of("2001:db8:1::5"), k;
	char buf[ADDR_STR_MAX];

	start(c);
	ids_detect_key(c->d, &in, &k);
	assert_string_equal(addr_format(&k, buf, sizeof(buf)),
	    "2001:db8:1::/64");
	in = net_of("192.0.2.5");
	ids_detect_key(c->d, &in, &k);
	assert_string_equal(addr_format(&k, buf, sizeof(buf)), "192.0.2.5/32");
}

#define T(f)	cmocka_unit_test_setup_teardown(test_##f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(threshold_reached_alarms_and_blocks_once),
		T(below_threshold_nothing_is_decided),
		T(idle_timeout_resets_the_count),
		T(idle_sources_are_forgotten_on_tick),
		T(timeout_zero_never_resets_the_count),
		T(deadtime_suppresses_alarms_then_allows_the_next),
		T(deadtime_zero_alarms_at_every_failure_past_the_threshold),
		T(blocks_escalate_by_the_factor_up_to_the_cap),
		T(an_idle_source_with_blocks_is_kept_for_the_next_block),
		T(block_s_zero_blocks_until_reboot),
		T(a_block_ends_with_a_release_at_its_deadline),
		T(failures_while_blocked_count_but_do_not_block_again),
		T(block_off_alarms_only),
		T(ignored_sources_are_counted_as_ignored_only),
		T(allowed_sources_alarm_as_allowlisted_and_are_not_blocked),
		T(an_allowed_host_keeps_its_ipv6_prefix_from_being_blocked),
		T(challenges_count_only_when_asked),
		T(ipv6_sources_in_one_prefix_aggregate),
		T(ipv6_prefix_128_keeps_every_address_apart),
		T(v4_and_v6_sources_never_collide),
		T(a_full_table_evicts_the_least_recently_seen_unblocked),
		T(a_flood_of_one_failure_sources_never_evicts_the_attacker),
		T(a_released_source_past_its_window_is_evicted_first),
		T(blocked_sources_are_never_evicted),
		T(a_table_of_blocked_sources_tracks_no_new_one),
		T(time_going_backwards_does_not_block_again_or_crash),
		T(new_rules_keep_counts_and_blocks),
		T(next_is_the_earliest_block_end),
		T(next_is_an_idle_expiry_when_it_comes_first),
		T(rules_come_from_the_ids_section_in_seconds),
		T(impossible_rules_are_refused),
		T(an_operator_block_blocks_without_an_alarm),
		T(unblock_releases_and_resets_the_count),
		T(flush_releases_every_block_and_forgets_every_count),
		T(an_operator_key_follows_ipv6_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
