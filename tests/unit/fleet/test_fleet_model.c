/*
 * test_fleet_model.c - the fleet server's table: messages fill a camera's
 * row, checks and blocked count; offline is dated only when seen live;
 * retained alarms are not counted; cleared topics take a camera off; a
 * full table keeps cameras with a status; malformed messages are counted
 * and change nothing; expected ids; rows sorted worst first and
 * filtered; the query string.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fleet/fleet_model.h"

#define T0	1700000000

static const char online[] = "{\"state\":\"online\",\"version\":\"0.1.0\","
	"\"started\":1699990000,\"boot_id\":null,\"dropped\":0}";
static const char offline[] = "{\"state\":\"offline\"}";

/* A summary with crit/high failures and a score. */
static const char *
summary(int crit, int high, double score)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "{\"camera\":\"c\",\"time\":1699999000,"
	    "\"firmware\":\"MX-V5.4.2.29\",\"counts\":{\"pass\":1,\"fail\":%d,"
	    "\"not_applicable\":0,\"manual\":0,\"error\":0,\"not_checked\":0,"
	    "\"waived\":0,\"fail_critical\":%d,\"fail_high\":%d},\"score\":"
	    "%.4f}", crit + high, crit, high, score);
	return buf;
}

static enum fleet_msg
msg(struct fleet_model *m, const char *cam, const char *suffix,
    const char *payload, bool retained, int64_t now)
{
	char t[256];

	snprintf(t, sizeof(t), "MOBOTIX/%s/%s", cam, suffix);
	return fleet_model_message(m, t, strlen(t), payload, strlen(payload),
	    retained, now);
}

static void
test_messages_fill_a_camera(void **state)
{
	struct fleet_model *m = fleet_model_new("MOBOTIX", 8, T0);
	const struct fleet_entry *e;

	(void)state;
	assert_non_null(m);
	assert_int_equal(msg(m, "lobby", "camguard/status", online, true, T0),
	    FLEET_MSG_APPLIED);
	assert_int_equal(msg(m, "lobby", "hardening/summary",
	    summary(2, 8, 0.0435), true, T0), FLEET_MSG_APPLIED);
	assert_int_equal(msg(m, "lobby", "hardening/check/MX-03",
	    "{\"id\":\"MX-03\",\"severity\":\"critical\",\"result\":\"fail\"}",
	    true, T0), FLEET_MSG_APPLIED);
	assert_int_equal(msg(m, "lobby", "hardening/check/MX-03",
	    "{\"id\":\"MX-03\",\"severity\":\"critical\",\"result\":\"pass\"}",
	    false, T0 + 5), FLEET_MSG_APPLIED);
	assert_int_equal(msg(m, "lobby", "ids/blocked",
	    "{\"count\":3,\"entries\":[]}", true, T0), FLEET_MSG_APPLIED);
	assert_non_null(e = fleet_model_find(m, "lobby"));
	assert_int_equal(fleet_entry_state(e), FLEET_ROW_ONLINE);
	assert_int_equal(e->cam.fail_critical, 2);
	assert_int_equal(e->n_checks, 1);	/* the same check, updated */
	assert_int_equal(e->checks[0].result, CHK_PASS);
	assert_true(e->has_blocked);
	assert_int_equal(e->blocked, 3);
	assert_int_equal(fleet_entry_last_alive(e, T0 + 60), T0 + 60);
	assert_int_equal(m->n, 1);
	fleet_model_free(m);
}

static void
test_offline_is_dated_only_when_seen(void **state)
{
	struct fleet_model *m = fleet_model_new("MOBOTIX", 8, T0);
	const struct fleet_entry *a, *b;

	(void)state;
	msg(m, "a", "camguard/status", online, true, T0);
	msg(m, "a", "camguard/status", offline, false, T0 + 100);
	/* went before we looked: a retained offline */
	msg(m, "b", "hardening/summary", summary(0, 0, 1), true, T0);
	msg(m, "b", "camguard/status", offline, true, T0);
	a = fleet_model_find(m, "a");
	b = fleet_model_find(m, "b");
	assert_int_equal(fleet_entry_state(a), FLEET_ROW_OFFLINE);
	assert_true(a->offline_exact);
	assert_int_equal(a->offline_since, T0 + 100);
	assert_int_equal(fleet_entry_last_alive(a, T0 + 200), T0 + 100);
	assert_false(b->offline_exact);
	/* the newest time the camera named: its last scan */
	assert_int_equal(fleet_entry_last_alive(b, T0 + 200), 1699999000);
	/* a second offline does not move the date */
	msg(m, "a", "camguard/status", offline, true, T0 + 150);
	assert_int_equal(a->offline_since, T0 + 100);
	msg(m, "a", "camguard/status", online, false, T0 + 300);
	assert_int_equal(a->offline_since, 0);
	fleet_model_free(m);
}

static void
test_alarms_count_live_messages_only(void **state)
{
	static const char alarm[] = "{\"source\":\"camguard\",\"camera\":\"a\","
	    "\"ip\":\"192.0.2.7\",\"prefix\":32,\"attempts\":5,\"first_seen\":1,"
	    "\"last_seen\":1700000042,\"user\":\"admin\"}";
	struct fleet_model *m = fleet_model_new("MOBOTIX", 8, T0);
	const struct fleet_entry *e;

	(void)state;
	msg(m, "a", "notify/ids_alarm", alarm, false, T0);
	msg(m, "a", "notify/ids_alarm", alarm, false, T0);
	msg(m, "a", "notify/ids_alarm", alarm, true, T0);	/* again */
	e = fleet_model_find(m, "a");
	assert_int_equal(e->alarms, 2);
	assert_string_equal(e->cam.alarm_ip, "192.0.2.7");
	fleet_model_free(m);
}

static void
test_cleared_topics_take_a_camera_off(void **state)
{
	struct fleet_model *m = fleet_model_new("MOBOTIX", 8, T0);
	const struct fleet_entry *e;

	(void)state;
	msg(m, "a", "camguard/status", online, true, T0);
	msg(m, "a", "hardening/summary", summary(1, 1, 0.5), true, T0);
	msg(m, "a", "hardening/check/MX-01", "{\"id\":\"MX-01\",\"severity\":"
	    "\"high\",\"result\":\"fail\"}", true, T0);
	msg(m, "b", "camguard/status", online, true, T0);
	assert_int_equal(msg(m, "a", "hardening/check/MX-01", "", false, T0),
	    FLEET_MSG_APPLIED);
	e = fleet_model_find(m, "a");
	assert_int_equal(e->n_checks, 0);
	assert_int_equal(msg(m, "a", "camguard/status", "", false, T0),
	    FLEET_MSG_APPLIED);
	assert_int_equal(fleet_entry_state(fleet_model_find(m, "a")),
	    FLEET_ROW_UNKNOWN);
	assert_int_equal(msg(m, "a", "hardening/summary", "", false, T0),
	    FLEET_MSG_APPLIED);
	assert_null(fleet_model_find(m, "a"));
	assert_non_null(fleet_model_find(m, "b"));	/* moved, found */
	assert_int_equal(m->n, 1);
	assert_int_equal(msg(m, "zz", "camguard/status", "", false, T0),
	    FLEET_MSG_IGNORED);
	assert_int_equal(m->n, 1);
	fleet_model_free(m);
}

static void
test_a_full_table_keeps_cameras_with_a_status(void **state)
{
	struct fleet_model *m = fleet_model_new("MOBOTIX", 3, T0);

	(void)state;
	msg(m, "a", "camguard/status", online, true, T0);
	msg(m, "b", "hardening/summary", summary(0, 0, 1), true, T0 + 1);
	msg(m, "c", "hardening/summary", summary(0, 0, 1), true, T0 + 2);
	/* a summary of a fourth: no room */
	assert_int_equal(msg(m, "d", "hardening/summary", summary(0, 0, 1),
	    true, T0), FLEET_MSG_FULL);
	assert_null(fleet_model_find(m, "d"));
	/* a status of a fourth takes the place of b (no status, oldest) */
	assert_int_equal(msg(m, "d", "camguard/status", online, true, T0 + 3),
	    FLEET_MSG_APPLIED);
	assert_null(fleet_model_find(m, "b"));
	assert_non_null(fleet_model_find(m, "c"));
	assert_non_null(fleet_model_find(m, "d"));
	msg(m, "e", "camguard/status", online, true, T0 + 4);	/* c goes */
	assert_null(fleet_model_find(m, "c"));
	/* every camera has a status now: a fifth status has no room */
	assert_int_equal(msg(m, "f", "camguard/status", online, true, T0 + 5),
	    FLEET_MSG_FULL);
	assert_non_null(fleet_model_find(m, "a"));
	assert_int_equal(m->full, 2);
	assert_int_equal(m->evicted, 2);
	assert_int_equal(m->n, 3);
	fleet_model_free(m);
}

static void
test_malformed_messages_are_counted_and_change_nothing(void **state)
{
	struct fleet_model *m = fleet_model_new("MOBOTIX", 8, T0);
	const struct fleet_entry *e;
	static const char t[] = "MOBOTIX/a/b/camguard/status";

	(void)state;
	msg(m, "a", "camguard/status", online, true, T0);
	assert_int_equal(msg(m, "a", "camguard/status", "{\"state\":1}", false,
	    T0), FLEET_MSG_MALFORMED);
	assert_int_equal(msg(m, "a", "hardening/check/MX-01", "{\"id\":"
	    "\"MX-02\",\"severity\":\"high\",\"result\":\"fail\"}", false, T0),
	    FLEET_MSG_MALFORMED);
	assert_int_equal(msg(m, "a", "ids/blocked", "{\"count\":-2}", false,
	    T0), FLEET_MSG_MALFORMED);
	/* a malformed payload of a new camera does not list it */
	assert_int_equal(msg(m, "new", "hardening/summary", "{", false, T0),
	    FLEET_MSG_MALFORMED);
	assert_int_equal(fleet_model_message(m, t, strlen(t), online,
	    strlen(online), false, T0), FLEET_MSG_MALFORMED);
	assert_int_equal(m->malformed, 5);
	assert_int_equal(m->n, 1);
	e = fleet_model_find(m, "a");
	assert_int_equal(fleet_entry_state(e), FLEET_ROW_ONLINE);
	assert_int_equal(e->n_checks, 0);
	assert_false(e->has_blocked);
	fleet_model_free(m);
}

static void
test_a_camera_keeps_at_most_its_share_of_checks(void **state)
{
	struct fleet_model *m = fleet_model_new("MOBOTIX", 2, T0);
	char sfx[64], p[128];
	int i;

	(void)state;
	for (i = 0; i < FLEET_CHECKS_MAX + 5; i++) {
		snprintf(sfx, sizeof(sfx), "hardening/check/X-%d", i);
		snprintf(p, sizeof(p), "{\"id\":\"X-%d\",\"severity\":\"low\","
		    "\"result\":\"pass\"}", i);
		msg(m, "a", sfx, p, true, T0);
	}
	assert_int_equal(fleet_model_find(m, "a")->n_checks,
	    FLEET_CHECKS_MAX);
	assert_int_equal(m->checks_full, 5);
	fleet_model_free(m);
}

static const char expect_txt[] = "# the site's cameras\n  lobby \n\n"
	"gate\r\nyard\nlobby\n";

static void
test_expected_ids_never_seen_are_missing(void **state)
{
	struct fleet_model *m = fleet_model_new("MOBOTIX", 8, T0);
	size_t line = 99;

	(void)state;
	msg(m, "gate", "camguard/status", online, true, T0);
	assert_int_equal(fleet_model_expect(m, expect_txt,
	    strlen(expect_txt), &line), 0);
	assert_int_equal(m->n_expect, 3);	/* lobby once */
	assert_int_equal(fleet_model_missing(m), 2);
	msg(m, "yard", "hardening/summary", summary(0, 0, 1), true, T0);
	assert_int_equal(fleet_model_missing(m), 1);
	/* a bad id names its line and keeps the list */
	assert_int_equal(fleet_model_expect(m, "ok\nbad/id\n", 10, &line),
	    -1);
	assert_int_equal(line, 2);
	assert_int_equal(fleet_model_expect(m, "a\n_fleet\n", 9, &line), -1);
	assert_int_equal(m->n_expect, 3);
	assert_int_equal(fleet_model_missing(m), 1);
	fleet_model_free(m);
}

static void
test_rows_are_sorted_worst_first_and_filtered(void **state)
{
	struct fleet_model *m = fleet_model_new("MOBOTIX", 8, T0);
	struct fleet_row rows[16];
	struct fleet_filter f = { 0, "" };
	size_t counts[FLEET_ROW_STATES], n, line;

	(void)state;
	msg(m, "good", "camguard/status", online, true, T0);
	msg(m, "good", "hardening/summary", summary(0, 0, 1.0), true, T0);
	msg(m, "bad", "camguard/status", online, true, T0);
	msg(m, "bad", "hardening/summary", summary(2, 1, 0.1), true, T0);
	msg(m, "worse", "camguard/status", online, true, T0);
	msg(m, "worse", "hardening/summary", summary(2, 5, 0.1), true, T0);
	msg(m, "gone", "camguard/status", offline, true, T0);
	msg(m, "quiet", "hardening/summary", summary(9, 9, 0), true, T0);
	fleet_model_expect(m, "Lobby-2\ngood\n", 13, &line);
	n = fleet_rows(m, &f, rows, counts);
	assert_int_equal(n, 6);
	assert_string_equal(rows[0].id, "gone");
	assert_string_equal(rows[1].id, "Lobby-2");
	assert_null(rows[1].e);
	assert_string_equal(rows[2].id, "quiet");
	assert_string_equal(rows[3].id, "worse");
	assert_string_equal(rows[4].id, "bad");
	assert_string_equal(rows[5].id, "good");
	assert_int_equal(counts[FLEET_ROW_ONLINE], 3);
	assert_int_equal(counts[FLEET_ROW_MISSING], 1);
	f.states = 1u << FLEET_ROW_ONLINE | 1u << FLEET_ROW_MISSING;
	assert_int_equal(fleet_rows(m, &f, rows, NULL), 4);
	snprintf(f.q, sizeof(f.q), "lOBBY");
	assert_int_equal(fleet_rows(m, &f, rows, counts), 1);
	assert_string_equal(rows[0].id, "Lobby-2");
	assert_int_equal(counts[FLEET_ROW_ONLINE], 3);	/* before the filter */
	fleet_model_free(m);
}

static int
query(const char *q, struct fleet_filter *f)
{
	return fleet_query_parse(q, strlen(q), f);
}

static void
test_the_query_string_picks_states_and_a_part_of_the_id(void **state)
{
	static const char *bad[] = { "state=asleep", "q=%zz", "q=%4", "q=a%0ab",
		"state=online,asleep", "q=%7f",
		"q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaaaaaa", NULL };
	struct fleet_filter f;
	size_t i;

	(void)state;
	assert_int_equal(query("state=offline&q=lobby+2", &f), 0);
	assert_int_equal(f.states, 1u << FLEET_ROW_OFFLINE);
	assert_string_equal(f.q, "lobby 2");
	assert_int_equal(query("state=offline,missing&state=unknown&x=%zz",
	    &f), 0);	/* keys not ours are not even decoded */
	assert_int_equal(f.states, 1u << FLEET_ROW_OFFLINE |
	    1u << FLEET_ROW_MISSING | 1u << FLEET_ROW_UNKNOWN);
	assert_int_equal(query("state=offline&state=all", &f), 0);
	assert_int_equal(f.states, 0);
	assert_int_equal(query("state=&q=%C3%A9", &f), 0);
	assert_int_equal(f.states, 0);
	assert_string_equal(f.q, "\xc3\xa9");
	assert_int_equal(query("state=,online,", &f), 0);
	assert_int_equal(f.states, 1u << FLEET_ROW_ONLINE);
	assert_int_equal(query("", &f), 0);
	assert_int_equal(query("&&q&state", &f), 0);
	assert_string_equal(f.q, "");
	for (i = 0; bad[i]; i++)
		assert_int_equal(query(bad[i], &f), -1);
}

static void
test_the_ids_health_holds_while_online(void **state)
{
	static const char with_ids[] = "{\"state\":\"online\",\"ids\":{"
	    "\"running\":false,\"blocking\":\"off\",\"sources\":[{\"path\":"
	    "\"/l\",\"readable\":false}]}}";
	static const char bad_ids[] = "{\"state\":\"online\",\"ids\":{"
	    "\"running\":1,\"blocking\":\"off\",\"sources\":[]}}";
	struct fleet_model *m = fleet_model_new("MOBOTIX", 4, T0);
	const struct fleet_entry *e;

	(void)state;
	msg(m, "a", "camguard/status", with_ids, true, T0);
	e = fleet_model_find(m, "a");
	assert_true(e->ids.present);
	assert_false(e->ids.running);
	assert_int_equal(e->ids.n, 1);
	/* a status whose ids are not camguard's changes nothing */
	assert_int_equal(msg(m, "a", "camguard/status", bad_ids, false, T0),
	    FLEET_MSG_MALFORMED);
	assert_true(e->ids.present);
	/* offline: what its IDS does is unknown */
	msg(m, "a", "camguard/status", offline, false, T0);
	assert_false(e->ids.present);
	msg(m, "a", "camguard/status", online, false, T0);
	assert_false(e->ids.present);	/* IDS off: no ids object */
	fleet_model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_messages_fill_a_camera),
		cmocka_unit_test(test_offline_is_dated_only_when_seen),
		cmocka_unit_test(test_alarms_count_live_messages_only),
		cmocka_unit_test(test_cleared_topics_take_a_camera_off),
		cmocka_unit_test(test_a_full_table_keeps_cameras_with_a_status),
		cmocka_unit_test(
		    test_malformed_messages_are_counted_and_change_nothing),
		cmocka_unit_test(
		    test_a_camera_keeps_at_most_its_share_of_checks),
		cmocka_unit_test(test_expected_ids_never_seen_are_missing),
		cmocka_unit_test(test_rows_are_sorted_worst_first_and_filtered),
		cmocka_unit_test(test_the_ids_health_holds_while_online),
		cmocka_unit_test(
		    test_the_query_string_picks_states_and_a_part_of_the_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
