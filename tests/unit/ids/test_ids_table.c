/*
 * test_ids_table.c - the detector's source table: lookup and insert, LRU
 * eviction order (idle entries first, blocked entries never), the timer
 * heap's order,
 * the keyed hash, and a million random operations on a 65536-entry table
 * checked against the table's own invariants and a simple model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/cg_limits.h"
#include "ids/ids_table.h"

static const uint8_t seed_a[IDS_SEED_LEN] = "0123456789abcdef";
static const uint8_t seed_b[IDS_SEED_LEN] = "fedcba9876543210";

static struct addr_net
v4(uint32_t ip)
{
	struct addr_net a;

	memset(&a, 0, sizeof(a));
	a.family = 4;
	a.prefix = 32;
	a.bytes[0] = (uint8_t)(ip >> 24);
	a.bytes[1] = (uint8_t)(ip >> 16);
	a.bytes[2] = (uint8_t)(ip >> 8);
	a.bytes[3] = (uint8_t)ip;
	return a;
}

static struct addr_net
v6(uint64_t hi)
{
	struct addr_net a;
	int i;

	memset(&a, 0, sizeof(a));
	a.family = 6;
	a.prefix = 64;
	for (i = 0; i < 8; i++)
		a.bytes[i] = (uint8_t)(hi >> (56 - 8 * i));
	return a;
}

static void
assert_consistent(const struct ids_table *t)
{
	const char *why = NULL;

	if (ids_table_check(t, &why) < 0)
		fail_msg("table invariant broken: %s", why);
}

static struct ids_entry *
add(struct ids_table *t, uint32_t ip, bool *evicted)
{
	struct addr_net k = v4(ip);
	struct ids_entry *e = ids_table_insert(t, &k, evicted);

	assert_non_null(e);
	return e;
}

static bool
present(struct ids_table *t, uint32_t ip)
{
	struct addr_net k = v4(ip);

	return ids_table_get(t, &k) != NULL;
}

static void
test_insert_then_lookup_finds_the_same_entry(void **state)
{
	struct ids_table *t = ids_table_new(8, seed_a);
	struct addr_net k = v4(0xc0000201), other = v4(0xc0000202);
	struct ids_entry *e;
	bool ev;

	(void)state;
	assert_null(ids_table_get(t, &k));
	e = ids_table_insert(t, &k, &ev);
	assert_non_null(e);
	assert_false(ev);
	assert_ptr_equal(ids_table_get(t, &k), e);
	assert_null(ids_table_get(t, &other));
	assert_int_equal(e->attempts, 0);
	assert_int_equal(e->heap_pos, IDS_NIL);
	assert_int_equal(ids_table_count(t), 1);
	assert_consistent(t);
	ids_table_free(t);
}

static void
test_v4_and_v6_keys_with_the_same_bytes_are_different(void **state)
{
	struct ids_table *t = ids_table_new(8, seed_a);
	struct addr_net a = v4(0xc0000201), b = v6(0xc000020100000000ULL);
	struct ids_entry *ea, *eb;
	bool ev;

	(void)state;
	assert_memory_equal(a.bytes, b.bytes, 4);
	ea = ids_table_insert(t, &a, &ev);
	eb = ids_table_insert(t, &b, &ev);
	assert_ptr_not_equal(ea, eb);
	assert_ptr_equal(ids_table_get(t, &a), ea);
	assert_ptr_equal(ids_table_get(t, &b), eb);
	ids_table_free(t);
}

static struct ids_entry *
get(struct ids_table *t, uint32_t ip)
{
	struct addr_net k = v4(ip);
	struct ids_entry *e = ids_table_get(t, &k);

	assert_non_null(e);
	return e;
}

static void
test_full_table_evicts_the_least_recently_touched(void **state)
{
	struct ids_table *t = ids_table_new(4, seed_a);
	bool ev;
	uint32_t i;

	(void)state;
	for (i = 1; i <= 4; i++) {
		add(t, i, &ev);
		assert_false(ev);
	}
	ids_table_touch(t, get(t, 1));
	add(t, 5, &ev);		/* 2 is now the oldest */
	assert_true(ev);
	assert_false(present(t, 2));
	ids_table_touch(t, get(t, 3));
	add(t, 6, &ev);		/* then 4 */
	assert_true(ev);
	assert_false(present(t, 4));
	assert_true(present(t, 1) && present(t, 3) && present(t, 5) &&
	    present(t, 6));
	assert_int_equal(ids_table_count(t), 4);
	assert_consistent(t);
	ids_table_free(t);
}

static void
test_blocked_entries_are_never_evicted(void **state)
{
	struct ids_table *t = ids_table_new(3, seed_a);
	struct addr_net k = v4(100);
	bool ev;

	(void)state;
	ids_table_move(t, add(t, 1, &ev), IDS_LIST_BLOCKED);
	add(t, 2, &ev);
	add(t, 3, &ev);
	add(t, 4, &ev);		/* evicts 2, not the older, blocked 1 */
	assert_true(ev);
	assert_true(present(t, 1));
	assert_false(present(t, 2));
	ids_table_move(t, get(t, 3), IDS_LIST_BLOCKED);
	ids_table_move(t, get(t, 4), IDS_LIST_BLOCKED);
	assert_null(ids_table_insert(t, &k, &ev));
	assert_false(ev);
	assert_int_equal(ids_table_count(t), 3);
	assert_int_equal(ids_table_list_count(t, IDS_LIST_BLOCKED), 3);
	ids_table_move(t, get(t, 1), IDS_LIST_ACTIVE);
	assert_non_null(ids_table_insert(t, &k, &ev));
	assert_true(ev);
	assert_false(present(t, 1));
	assert_consistent(t);
	ids_table_free(t);
}

static void
test_idle_entries_are_evicted_before_active_ones(void **state)
{
	struct ids_table *t = ids_table_new(3, seed_a);
	bool ev;

	(void)state;
	add(t, 1, &ev);
	add(t, 2, &ev);
	add(t, 3, &ev);
	ids_table_move(t, get(t, 3), IDS_LIST_IDLE);	/* the newest */
	ids_table_move(t, get(t, 2), IDS_LIST_IDLE);
	add(t, 4, &ev);
	assert_true(ev);
	assert_false(present(t, 3));	/* the oldest idle, not 1 */
	add(t, 5, &ev);
	assert_false(present(t, 2));
	add(t, 6, &ev);
	assert_false(present(t, 1));	/* no idle left: oldest active */
	assert_int_equal(ids_table_list_count(t, IDS_LIST_IDLE), 0);
	assert_int_equal(ids_table_list_count(t, IDS_LIST_ACTIVE), 3);
	assert_consistent(t);
	ids_table_free(t);
}

static void
test_lists_walk_in_recency_order_both_ways(void **state)
{
	struct ids_table *t = ids_table_new(8, seed_a);
	const struct ids_entry *e;
	const uint8_t want[] = { 2, 4, 1 };
	uint8_t got[4];
	int n;
	bool ev;

	(void)state;
	add(t, 1, &ev);
	add(t, 2, &ev);
	add(t, 3, &ev);
	add(t, 4, &ev);
	ids_table_touch(t, get(t, 1));
	ids_table_move(t, get(t, 3), IDS_LIST_BLOCKED);
	n = 0;
	for (e = ids_table_prev(t, NULL, IDS_LIST_ACTIVE); e;
	    e = ids_table_prev(t, e, IDS_LIST_ACTIVE))
		got[n++] = e->key.bytes[3];
	assert_int_equal(n, 3);
	assert_memory_equal(got, want, 3);
	n = 0;
	for (e = ids_table_next(t, NULL, IDS_LIST_ACTIVE); e;
	    e = ids_table_next(t, e, IDS_LIST_ACTIVE))
		got[n++] = e->key.bytes[3];
	assert_int_equal(n, 3);
	assert_int_equal(got[0], 1);
	assert_int_equal(got[2], 2);
	e = ids_table_next(t, NULL, IDS_LIST_BLOCKED);
	assert_non_null(e);
	assert_int_equal(e->key.bytes[3], 3);
	assert_null(ids_table_next(t, e, IDS_LIST_BLOCKED));
	ids_table_free(t);
}

static void
test_remove_frees_the_slot_for_reuse(void **state)
{
	struct ids_table *t = ids_table_new(2, seed_a);
	struct ids_entry *e;
	bool ev;

	(void)state;
	e = add(t, 1, &ev);
	ids_table_timer_set(t, e, 50);
	add(t, 2, &ev);
	ids_table_remove(t, e);
	assert_false(present(t, 1));
	assert_int_equal(ids_table_count(t), 1);
	assert_null(ids_table_timer_first(t, &(int64_t){ 0 }));
	add(t, 3, &ev);
	assert_false(ev);
	assert_int_equal(ids_table_count(t), 2);
	assert_consistent(t);
	ids_table_free(t);
}

static void
test_timers_come_out_earliest_first_and_ties_in_arming_order(void **state)
{
	struct ids_table *t = ids_table_new(8, seed_a);
	int64_t dl[] = { 50, 10, 30, 30, 70, 20 }, due;
	uint32_t want[] = { 2, 6, 3, 4, 1, 5 };
	struct ids_entry *e;
	bool ev;
	size_t i;

	(void)state;
	for (i = 0; i < 6; i++)
		ids_table_timer_set(t, add(t, (uint32_t)i + 1, &ev), dl[i]);
	for (i = 0; i < 6; i++) {
		e = ids_table_timer_first(t, &due);
		assert_non_null(e);
		assert_int_equal(e->key.bytes[3], want[i]);
		assert_int_equal(ids_table_timer_deadline(t, e), due);
		ids_table_timer_clear(t, e);
		assert_consistent(t);
	}
	assert_null(ids_table_timer_first(t, &due));
	ids_table_free(t);
}

static void
test_moving_a_timer_reorders_the_heap(void **state)
{
	struct ids_table *t = ids_table_new(8, seed_a);
	struct ids_entry *a, *b;
	int64_t due;
	bool ev;

	(void)state;
	a = add(t, 1, &ev);
	b = add(t, 2, &ev);
	ids_table_timer_set(t, a, 10);
	ids_table_timer_set(t, b, 20);
	ids_table_timer_set(t, a, 30);
	assert_ptr_equal(ids_table_timer_first(t, &due), b);
	assert_int_equal(due, 20);
	ids_table_timer_set(t, a, 5);
	assert_ptr_equal(ids_table_timer_first(t, &due), a);
	assert_int_equal(ids_table_timer_deadline(t, b), 20);
	assert_consistent(t);
	ids_table_free(t);
}

static void
test_the_hash_depends_on_the_seed(void **state)
{
	struct ids_table *a = ids_table_new(16, seed_a);
	struct ids_table *a2 = ids_table_new(16, seed_a);
	struct ids_table *b = ids_table_new(16, seed_b);
	struct ids_table *r = ids_table_new(16, NULL);
	struct addr_net k;
	int same = 0;
	uint32_t i;

	(void)state;
	for (i = 0; i < 64; i++) {
		k = v4(i);
		assert_true(ids_table_hash(a, &k) == ids_table_hash(a2, &k));
		same += ids_table_hash(a, &k) == ids_table_hash(b, &k);
		same += ids_table_hash(a, &k) == ids_table_hash(r, &k);
	}
	assert_int_equal(same, 0);
	ids_table_free(a);
	ids_table_free(a2);
	ids_table_free(b);
	ids_table_free(r);
}

static void
test_capacity_outside_the_limits_is_refused(void **state)
{
	(void)state;
	assert_null(ids_table_new(0, seed_a));
	assert_null(ids_table_new(IDS_TRACK_MAX + 1, seed_a));
}

/* ---- a million random operations ---------------------------------------- */

#define BIG_CAP		65536
#define BIG_OPS		1000000

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static struct addr_net
rnd_key(uint64_t *s)
{
	uint64_t x = rnd(s);

	return (x & 1) ? v4((uint32_t)(x >> 32)) : v6(x | 1);
}

/*
 * Insert or touch only: afterwards the keys of the last BIG_CAP
 * operations must all be present, since anything evicted was older.
 */
static void
test_a_million_inserts_keep_the_most_recent_keys(void **state)
{
	struct ids_table *t = ids_table_new(BIG_CAP, seed_b);
	struct addr_net *ring = calloc(BIG_CAP, sizeof(*ring));
	struct ids_entry *e;
	uint64_t s = 88172645463325252ULL, evictions = 0;
	bool ev;
	size_t i;

	(void)state;
	assert_non_null(ring);
	for (i = 0; i < BIG_OPS; i++) {
		ring[i % BIG_CAP] = rnd_key(&s);
		if ((e = ids_table_get(t, &ring[i % BIG_CAP]))) {
			ids_table_touch(t, e);
			continue;
		}
		assert_non_null(ids_table_insert(t, &ring[i % BIG_CAP], &ev));
		evictions += ev;
	}
	assert_int_equal(ids_table_count(t), BIG_CAP);
	assert_true(evictions >= BIG_OPS - BIG_CAP - 1000);
	for (i = 0; i < BIG_CAP; i++)
		assert_non_null(ids_table_get(t, &ring[i]));
	assert_consistent(t);
	free(ring);
	ids_table_free(t);
}

/* One random operation on a random key: insert, touch, block, time, drop. */
static void
random_op(struct ids_table *t, uint64_t *s, int64_t now)
{
	struct addr_net k = rnd_key(s);
	uint64_t r = rnd(s) % 100;
	struct ids_entry *e;
	bool ev;

	k.bytes[1] &= 0x3;	/* fewer distinct keys: more hits */
	k.bytes[2] = 0;
	if (!(e = ids_table_get(t, &k))) {
		if ((e = ids_table_insert(t, &k, &ev)))
			ids_table_timer_set(t, e, now + (int64_t)(r % 50));
		return;
	}
	if (r < 60)
		ids_table_touch(t, e);
	else if (r < 65 && ids_table_list_count(t, IDS_LIST_BLOCKED) < 2000)
		ids_table_move(t, e, IDS_LIST_BLOCKED);
	else if (r < 70)
		ids_table_move(t, e, IDS_LIST_IDLE);
	else if (r < 75)
		ids_table_move(t, e, IDS_LIST_ACTIVE);
	else if (r < 85)
		ids_table_timer_set(t, e, now + (int64_t)r);
	else if (r < 90)
		ids_table_timer_clear(t, e);
	else
		ids_table_remove(t, e);
}

static void
test_a_million_mixed_operations_keep_every_invariant(void **state)
{
	struct ids_table *t = ids_table_new(BIG_CAP, seed_a);
	uint64_t s = 0x9e3779b97f4a7c15ULL;
	struct ids_entry *e;
	int64_t now = 0, due, last = INT64_MIN;
	size_t i;

	(void)state;
	for (i = 0; i < BIG_OPS; i++) {
		random_op(t, &s, now);
		if (i % 10 == 0) {
			now++;
			while ((e = ids_table_timer_first(t, &due)) &&
			    due <= now - 40) {
				assert_true(due >= last);
				last = due;
				ids_table_timer_clear(t, e);
			}
		}
		if (i % 250000 == 0)
			assert_consistent(t);
	}
	assert_true(ids_table_count(t) <= BIG_CAP);
	assert_consistent(t);
	ids_table_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_then_lookup_finds_the_same_entry),
		cmocka_unit_test(
		    test_v4_and_v6_keys_with_the_same_bytes_are_different),
		cmocka_unit_test(
		    test_full_table_evicts_the_least_recently_touched),
		cmocka_unit_test(test_blocked_entries_are_never_evicted),
		cmocka_unit_test(
		    test_idle_entries_are_evicted_before_active_ones),
		cmocka_unit_test(test_lists_walk_in_recency_order_both_ways),
		cmocka_unit_test(test_remove_frees_the_slot_for_reuse),
		cmocka_unit_test(
	test_timers_come_out_earliest_first_and_ties_in_arming_order),
		cmocka_unit_test(test_moving_a_timer_reorders_the_heap),
		cmocka_unit_test(test_the_hash_depends_on_the_seed),
		cmocka_unit_test(test_capacity_outside_the_limits_is_refused),
		cmocka_unit_test(
		    test_a_million_inserts_keep_the_most_recent_keys),
		cmocka_unit_test(
		    test_a_million_mixed_operations_keep_every_invariant),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
