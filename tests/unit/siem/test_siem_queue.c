/*
 * test_siem_queue.c - the SIEM sender's queue (app/siem/siem_queue.c):
 * order is kept, a full queue drops the oldest unsent events and counts
 * exactly those, written events make room without being counted, are
 * confirmed by stream position, go again in order after a broken
 * connection, and a smaller queue_max on reload keeps the newest.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "siem/siem_queue.h"

static struct siem_queue q;

static int
setup(void **state)
{
	(void)state;
	return siem_queue_init(&q, 4);
}

static int
teardown(void **state)
{
	(void)state;
	siem_queue_free(&q);
	return 0;
}

static void
push(uint64_t seq)
{
	struct siem_event *e = siem_queue_push(&q);

	assert_non_null(e);
	e->seq = seq;
}

/* The seq of the next unsent event, 0 if none. */
static uint64_t
next(void)
{
	struct siem_qent *e = siem_queue_next(&q);

	return e ? e->ev.seq : 0;
}

/* Write the next event with its stream end at pos. */
static uint64_t
send_at(uint64_t pos)
{
	uint64_t seq = next();

	siem_queue_sent(&q, pos);
	return seq;
}

static void
test_events_leave_in_order(void **state)
{
	(void)state;
	push(1);
	push(2);
	push(3);
	assert_int_equal(send_at(10), 1);
	assert_int_equal(send_at(20), 2);
	assert_int_equal(send_at(30), 3);
	assert_int_equal(next(), 0);
	assert_int_equal(q.dropped, 0);
}

static void
test_full_queue_drops_oldest_unsent_and_counts_exactly(void **state)
{
	uint64_t i;

	(void)state;
	for (i = 1; i <= 11; i++)
		push(i);
	assert_int_equal(q.len, 4);
	assert_int_equal(q.dropped, 7);
	assert_int_equal(send_at(1), 8);
	assert_int_equal(send_at(2), 9);
	assert_int_equal(send_at(3), 10);
	assert_int_equal(send_at(4), 11);
}

static void
test_written_events_make_room_uncounted(void **state)
{
	(void)state;
	push(1);
	push(2);
	push(3);
	push(4);
	send_at(10);
	send_at(20);
	push(5);	/* 1 was written: it makes room, no drop */
	assert_int_equal(q.dropped, 0);
	assert_int_equal(q.retired, 1);
	assert_int_equal(q.nsent, 1);
	push(6);
	push(7);	/* 3 unsent and 2 written: 2 goes, then 3 drops */
	assert_int_equal(q.retired, 2);
	assert_int_equal(q.dropped, 1);
	assert_int_equal(send_at(30), 4);
	assert_int_equal(send_at(40), 5);
}

static void
test_confirm_by_position(void **state)
{
	(void)state;
	push(1);
	push(2);
	push(3);
	send_at(100);
	send_at(200);
	send_at(300);
	assert_int_equal(siem_queue_confirm(&q, 199), 1);
	assert_int_equal(q.len, 2);
	assert_int_equal(siem_queue_confirm(&q, 300), 2);
	assert_int_equal(q.len, 0);
	assert_int_equal(siem_queue_confirm(&q, 1000), 0);
}

static void
test_broken_connection_sends_again_in_order(void **state)
{
	(void)state;
	push(1);
	push(2);
	push(3);
	send_at(100);
	send_at(200);
	siem_queue_confirm(&q, 100);
	assert_int_equal(siem_queue_unsend(&q), 1);
	assert_int_equal(siem_queue_unsent(&q), 2);
	assert_int_equal(next(), 2);
	assert_int_equal(q.e[(q.head) % q.cap].writes, 1);	/* resend */
	assert_int_equal(send_at(5), 2);
	assert_int_equal(send_at(6), 3);
	assert_int_equal(siem_queue_confirm_all(&q), 2);
	assert_int_equal(q.len, 0);
}

static void
test_drop_next_counts(void **state)
{
	(void)state;
	push(1);
	push(2);
	send_at(1);
	siem_queue_drop_next(&q);
	assert_int_equal(q.dropped, 1);
	assert_int_equal(q.len, 1);
	assert_int_equal(next(), 0);
	siem_queue_drop_next(&q);	/* nothing unsent: no-op */
	assert_int_equal(q.dropped, 1);
}

static void
test_resize_keeps_the_newest(void **state)
{
	(void)state;
	push(1);
	push(2);
	push(3);
	push(4);
	send_at(1);		/* 1 written */
	assert_int_equal(siem_queue_resize(&q, 2), 0);
	/* 1 (written) retired, 2 (unsent) dropped; 3 and 4 kept */
	assert_int_equal(q.retired, 1);
	assert_int_equal(q.dropped, 1);
	assert_int_equal(send_at(1), 3);
	push(5);	/* 3, written, makes room */
	assert_int_equal(q.len, 2);
	assert_int_equal(siem_queue_resize(&q, 8), 0);
	push(6);
	push(7);
	assert_int_equal(q.len, 4);
	assert_int_equal(q.dropped, 1);
	assert_int_equal(send_at(2), 4);
	assert_int_equal(send_at(3), 5);
}

static void
test_clear_counts_the_unsent(void **state)
{
	(void)state;
	push(1);
	push(2);
	push(3);
	send_at(1);
	siem_queue_clear(&q);
	assert_int_equal(q.dropped, 2);
	assert_int_equal(q.len, 0);
	push(4);
	assert_int_equal(next(), 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_events_leave_in_order),
		T(test_full_queue_drops_oldest_unsent_and_counts_exactly),
		T(test_written_events_make_room_uncounted),
		T(test_confirm_by_position),
		T(test_broken_connection_sends_again_in_order),
		T(test_drop_next_counts),
		T(test_resize_keeps_the_newest),
		T(test_clear_counts_the_unsent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
