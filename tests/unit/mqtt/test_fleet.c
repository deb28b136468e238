/*
 * test_fleet.c - what `camguard fleet` reads from the broker: topics
 * split into root, camera and kind; status, summary and alarm payloads
 * as camguard publishes them; and hostile payloads (truncated, wrong
 * types, NUL bytes, deep nesting, huge numbers, other sources) that are
 * refused without changing what is known of the camera.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "mqtt/fleet.h"

static int
topic(const char *t, char *cam, enum fleet_kind *k)
{
	return fleet_topic("MOBOTIX", t, strlen(t), cam, CONF_STR_MAX, k);
}

static void
test_topics_name_the_camera_and_the_kind(void **state)
{
	char cam[CONF_STR_MAX];
	enum fleet_kind k;

	(void)state;
	assert_int_equal(topic("MOBOTIX/cam-1/camguard/status", cam, &k), 0);
	assert_string_equal(cam, "cam-1");
	assert_int_equal(k, FLEET_STATUS);
	assert_int_equal(topic("MOBOTIX/x/hardening/summary", cam, &k), 0);
	assert_int_equal(k, FLEET_SUMMARY);
	assert_int_equal(topic("MOBOTIX/x/notify/ids_alarm", cam, &k), 0);
	assert_int_equal(k, FLEET_ALARM);
	assert_int_equal(topic("MOBOTIX/a/b/camguard/status", cam, &k), -1);
	assert_int_equal(topic("MOBOTIX//camguard/status", cam, &k), -1);
	assert_int_equal(topic("OTHER/x/camguard/status", cam, &k), -1);
	assert_int_equal(topic("MOBOTIX/x/hardening/check/MX-01", cam, &k),
	    -1);
	assert_int_equal(topic("MOBOTIX", cam, &k), -1);
}

static int
apply(struct fleet_cam *c, enum fleet_kind k, const char *p)
{
	return fleet_apply(c, k, p, strlen(p));
}

static void
test_published_payloads_fill_the_row(void **state)
{
	struct fleet_cam c = { .state = FLEET_UNKNOWN };

	(void)state;
	assert_int_equal(apply(&c, FLEET_STATUS, "{\"state\":\"online\","
	    "\"version\":\"0.1.0\",\"started\":1,\"boot_id\":null,"
	    "\"dropped\":0}"), 0);
	assert_int_equal(c.state, FLEET_ONLINE);
	assert_int_equal(apply(&c, FLEET_SUMMARY, "{\"camera\":\"c\",\"time\":1,"
	    "\"firmware\":\"MX-V5.4.2.29\",\"model\":\"M16\",\"policy\":{\"id\":"
	    "\"p\",\"version\":\"1\",\"sha256\":\"00\"},\"counts\":{\"pass\":1,"
	    "\"fail\":23,\"fail_critical\":2,\"fail_high\":8},\"score\":0.0417,"
	    "\"state_sha256\":\"ab\"}"), 0);
	assert_true(c.has_summary && c.score_valid);
	assert_true(c.score > 0.0416 && c.score < 0.0418);
	assert_int_equal(c.fail_critical, 2);
	assert_int_equal(c.fail_high, 8);
	assert_string_equal(c.firmware, "MX-V5.4.2.29");
	assert_int_equal(apply(&c, FLEET_ALARM, "{\"source\":\"camguard\","
	    "\"camera\":\"c\",\"ip\":\"2001:db8::\",\"prefix\":64,\"attempts\":7,"
	    "\"first_seen\":5,\"last_seen\":1700000042,\"user\":null}"), 0);
	assert_string_equal(c.alarm_ip, "2001:db8::");
	assert_int_equal(c.alarm_time, 1700000042);
	assert_int_equal(apply(&c, FLEET_STATUS, "{\"state\":\"offline\"}"), 0);
	assert_int_equal(c.state, FLEET_OFFLINE);
}

static void
test_null_score_and_cleared_topics(void **state)
{
	struct fleet_cam c = { .state = FLEET_UNKNOWN };

	(void)state;
	assert_int_equal(apply(&c, FLEET_SUMMARY, "{\"score\":null,\"counts\":"
	    "{\"fail_critical\":0,\"fail_high\":0}}"), 0);
	assert_true(c.has_summary);
	assert_false(c.score_valid);
	assert_int_equal(fleet_apply(&c, FLEET_STATUS, "", 0), 1);
	assert_int_equal(c.state, FLEET_UNKNOWN);
}

/* Numbers are read exactly as strtod would round them, in every JSON
 * spelling an agent might use; beyond the exact fast path (more than 2^53
 * in the digits, a power of ten over 22) or outside JSON's grammar, the
 * payload is refused. */
static void
test_numbers_read_exactly(void **state)
{
	static const struct { const char *text; double want; } ok[] = {
		{ "0.0417", 0.0417 }, { "4.17e-2", 0.0417 },
		{ "417E-4", 0.0417 }, { "0.04170", 0.0417 }, { "1", 1.0 },
		{ "0", 0.0 }, { "-0", 0.0 }, { "0.1", 0.1 }, { "0.3", 0.3 },
		{ "1e0", 1.0 }, { "0.00001e+5", 1.0 },
		{ "0.999999999999999", 0.999999999999999 },
	};
	static const char *refused[] = { ".5", "1.", "-", "+0.5", "0x1p-1",
		"0.5e", "0.5e+", "1..0", "0.5.1", "--1", "1e-99999",
		"0.12345678901234567891", "0.9999999999999999", "1e-23",
		"Infinity",
	};
	struct fleet_cam c = { .state = FLEET_UNKNOWN };
	char buf[160];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		snprintf(buf, sizeof(buf), "{\"score\":%s,\"counts\":"
		    "{\"fail_critical\":0,\"fail_high\":0}}", ok[i].text);
		c.score_valid = false;
		if (apply(&c, FLEET_SUMMARY, buf) != 0)
			fail_msg("%s was refused", ok[i].text);
		assert_true(c.score_valid);
		if (c.score != ok[i].want)
			fail_msg("%s read as %.17g", ok[i].text, c.score);
	}
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		snprintf(buf, sizeof(buf), "{\"score\":%s,\"counts\":"
		    "{\"fail_critical\":0,\"fail_high\":0}}", refused[i]);
		if (apply(&c, FLEET_SUMMARY, buf) != -1)
			fail_msg("%s was taken", refused[i]);
	}
	/* integers through the same reader, up to 2^53 */
	assert_int_equal(apply(&c, FLEET_ALARM, "{\"source\":\"camguard\","
	    "\"camera\":\"c\",\"ip\":\"192.0.2.1\",\"prefix\":32,"
	    "\"attempts\":7,\"first_seen\":5,\"last_seen\":1.7e9,"
	    "\"user\":null}"), 0);
	assert_int_equal(c.alarm_time, 1700000000);
	assert_int_equal(apply(&c, FLEET_ALARM, "{\"source\":\"camguard\","
	    "\"camera\":\"c\",\"ip\":\"192.0.2.1\",\"prefix\":32,"
	    "\"attempts\":7,\"first_seen\":5,"
	    "\"last_seen\":9007199254740992,\"user\":null}"), 0);
	assert_int_equal(c.alarm_time, 9007199254740992LL);
}

static void
test_malformed_payloads_change_nothing(void **state)
{
	static const char *bad_summary[] = {
		"", "{", "[]", "\"x\"", "{\"score\":0.5", "{\"score\":\"0.5\"}",
		"{\"score\":0.5,\"counts\":{\"fail_critical\":\"2\","
		    "\"fail_high\":1}}",
		"{\"score\":2,\"counts\":{\"fail_critical\":0,\"fail_high\":0}}",
		"{\"score\":-0.1,\"counts\":{\"fail_critical\":0,\"fail_high\":0}}",
		"{\"score\":1e999,\"counts\":{\"fail_critical\":0,"
		    "\"fail_high\":0}}",
		"{\"score\":0.5,\"counts\":{\"fail_critical\":1.5,"
		    "\"fail_high\":0}}",
		"{\"score\":0.5,\"counts\":{\"fail_critical\":1e300,"
		    "\"fail_high\":0}}",
		"{\"score\":0.5,\"counts\":[1,2]}",
		"{\"score\":0.5,\"fail_critical\":1,\"fail_high\":1}",
		"{\"score\":nan,\"counts\":{\"fail_critical\":0,\"fail_high\":0}}",
		"{\"score\":true,\"counts\":{\"fail_critical\":0,\"fail_high\":0}}",
		"{\"counts\":{\"fail_critical\":0,\"fail_high\":0}}",
		NULL
	};
	static const char *bad_status[] = { "{\"state\":\"ONLINE\"}",
		"{\"state\":1}", "{\"state\":[\"online\"]}",
		"{\"status\":\"online\"}", "{\"state\":\"online\"", "{\"a\"}",
		"{\"state\":\"on\\u0000line\"}", NULL };
	static const char *bad_alarm[] = { "{\"source\":\"camera\",\"ip\":"
		"\"192.0.2.1\",\"last_seen\":1}", "{\"source\":\"camguard\","
		"\"ip\":\"not-an-ip\",\"last_seen\":1}", "{\"source\":"
		"\"camguard\",\"ip\":\"192.0.2.1\"}", NULL };
	struct fleet_cam c = { .state = FLEET_ONLINE, .has_summary = true,
		.score_valid = true, .score = 0.25, .fail_high = 3 }, keep = c;
	size_t i;

	(void)state;
	for (i = 0; bad_summary[i]; i++) {
		assert_int_not_equal(apply(&c, FLEET_SUMMARY, bad_summary[i]), 0);
		assert_memory_equal(&c, &keep, sizeof(c));
	}
	for (i = 0; bad_status[i]; i++) {
		assert_int_equal(apply(&c, FLEET_STATUS, bad_status[i]), -1);
		assert_memory_equal(&c, &keep, sizeof(c));
	}
	for (i = 0; bad_alarm[i]; i++) {
		assert_int_equal(apply(&c, FLEET_ALARM, bad_alarm[i]), -1);
		assert_memory_equal(&c, &keep, sizeof(c));
	}
	assert_int_equal(fleet_apply(&c, FLEET_STATUS,
	    "{\"state\":\"online\"}\0junk", 23), -1);
}

static void
test_token_floods_and_deep_nesting_are_refused(void **state)
{
	static char big[FLEET_PAYLOAD_MAX + 16];
	struct fleet_cam c = { .state = FLEET_UNKNOWN };
	size_t i, n = 0;

	(void)state;
	n += (size_t)snprintf(big, sizeof(big), "{\"state\":\"online\",\"x\":[");
	for (i = 0; i < FLEET_TOK_MAX; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "1,");
	snprintf(big + n, sizeof(big) - n, "1]}");
	assert_int_equal(apply(&c, FLEET_STATUS, big), -1);
	memset(big, '[', 4000);
	big[4000] = '\0';
	assert_int_equal(apply(&c, FLEET_STATUS, big), -1);
	memset(big, ' ', sizeof(big) - 1);
	big[0] = '{';
	big[sizeof(big) - 2] = '}';
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(apply(&c, FLEET_STATUS, big), -1);
	assert_int_equal(c.state, FLEET_UNKNOWN);
}

static void
test_nested_keys_do_not_count_at_the_top(void **state)
{
	struct fleet_cam c = { .state = FLEET_UNKNOWN };

	(void)state;
	assert_int_equal(apply(&c, FLEET_STATUS,
	    "{\"inner\":{\"state\":\"online\"}}"), -1);
	assert_int_equal(apply(&c, FLEET_STATUS,
	    "{\"list\":[\"state\",\"online\"],\"state\":\"offline\"}"), 0);
	assert_int_equal(c.state, FLEET_OFFLINE);
}

/* ---- issue 16: alarms as shared bans, block lists, results ------------- */

static int
ban(const char *p, struct fleet_ban *b, const char **why)
{
	return fleet_alarm_ban(p, strlen(p), "cam-a", b, why);
}

static void
test_an_alarm_reads_as_a_ban(void **state)
{
	struct fleet_ban b;
	const char *why;
	char net[ADDR_STR_MAX];

	(void)state;
	assert_int_equal(ban("{\"source\":\"camguard\",\"camera\":\"cam-a\","
	    "\"ip\":\"2001:db8::\",\"prefix\":64,\"attempts\":5,"
	    "\"first_seen\":1,\"last_seen\":2,\"user\":null,"
	    "\"allowlisted\":false,\"blocked\":true,"
	    "\"block_until\":1800000000}", &b, &why), 0);
	assert_string_equal(addr_format(&b.net, net, sizeof(net)),
	    "2001:db8::/64");
	assert_true(b.blocked);
	assert_int_equal(b.until, 1800000000);
	assert_int_equal(ban("{\"source\":\"camguard\",\"camera\":\"cam-a\","
	    "\"ip\":\"192.0.2.7\",\"prefix\":32,\"allowlisted\":false,"
	    "\"blocked\":false,\"block_until\":null}", &b, &why), 0);
	assert_false(b.blocked);
	assert_int_equal(b.until, 0);
}

static void
test_forged_alarms_are_refused_with_a_reason(void **state)
{
	static const struct { const char *p, *why; } bad[] = {
		{ "{\"source\":\"camera\",\"camera\":\"cam-a\",\"ip\":"
		  "\"192.0.2.7\",\"prefix\":32,\"allowlisted\":false,"
		  "\"blocked\":true,\"block_until\":null}",
		  "not camguard's alarm" },
		{ "{\"source\":\"camguard\",\"camera\":\"cam-b\",\"ip\":"
		  "\"192.0.2.7\",\"prefix\":32,\"allowlisted\":false,"
		  "\"blocked\":true,\"block_until\":null}",
		  "the camera is not the topic's" },
		{ "{\"source\":\"camguard\",\"camera\":\"cam-a\",\"ip\":"
		  "\"192.0.2.7\",\"prefix\":24,\"allowlisted\":false,"
		  "\"blocked\":true,\"block_until\":null}",
		  "no valid ip and prefix" },
		{ "{\"source\":\"camguard\",\"camera\":\"cam-a\",\"ip\":"
		  "\"192.0.2.7\",\"prefix\":33,\"allowlisted\":false,"
		  "\"blocked\":true,\"block_until\":null}",
		  "no valid ip and prefix" },
		{ "{\"source\":\"camguard\",\"camera\":\"cam-a\",\"ip\":"
		  "\"192.0.2.7\",\"prefix\":32,\"allowlisted\":false,"
		  "\"blocked\":\"yes\",\"block_until\":null}",
		  "no valid blocked, allowlisted or block_until" },
		{ "{\"source\":\"camguard\",\"camera\":\"cam-a\",\"ip\":"
		  "\"192.0.2.7\",\"prefix\":32,\"allowlisted\":false,"
		  "\"blocked\":true,\"block_until\":-5}",
		  "no valid blocked, allowlisted or block_until" },
		{ "{\"source\":\"camguard\",\"camera\":\"cam-a\",\"ip\":"
		  "\"192.0.2.7\",\"prefix\":32,\"allowlisted\":true,"
		  "\"blocked\":true,\"block_until\":null}",
		  "an allowlisted source said blocked" },
		{ "{\"source\":\"camguard\",\"camera\":\"cam-a\",\"ip\":"
		  "\"2001:db8::7\",\"prefix\":64,\"allowlisted\":false,"
		  "\"blocked\":true,\"block_until\":null}",
		  "no valid ip and prefix" },
		{ "[1,2]", "not JSON" },
	};
	struct fleet_ban b;
	const char *why;
	size_t i;

	(void)state;
	/* the prefix of a v4 source is 32, any other disagrees */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (ban(bad[i].p, &b, &why) != -1 || !why ||
		    strcmp(why, bad[i].why)) {
			print_error("%s: %s\n", bad[i].p, why ? why : "-");
			fail();
		}
	}
}

static void
test_a_block_list_reads_entries_origins_and_reasons(void **state)
{
	static struct fleet_blocked fb;
	const char *p = "{\"count\":3,\"entries\":[{\"ip\":\"192.0.2.7\","
	    "\"prefix\":32,\"until\":1800000000,\"reason\":\"VMS\"},"
	    "{\"ip\":\"198.51.100.9\",\"prefix\":32,\"until\":null,"
	    "\"origin\":\"cam-b\"}]}";
	const char *why;

	(void)state;
	assert_int_equal(fleet_blocked_read(p, strlen(p), &fb, &why), 0);
	assert_int_equal(fb.count, 3);
	assert_int_equal(fb.n, 2);
	assert_string_equal(fb.e[0].reason, "VMS");
	assert_string_equal(fb.e[0].origin, "");
	assert_int_equal(fb.e[0].until, 1800000000);
	assert_string_equal(fb.e[1].origin, "cam-b");
	assert_int_equal(fb.e[1].until, 0);
	assert_int_equal(fleet_blocked_read("", 0, &fb, &why), 1);
	assert_int_equal(fb.n, 0);
	p = "{\"count\":1,\"entries\":[{},{}]}";
	assert_int_equal(fleet_blocked_read(p, strlen(p), &fb, &why), -1);
	p = "{\"count\":1,\"entries\":[{\"ip\":\"192.0.2.7\","
	    "\"prefix\":32,\"until\":null,\"origin\":\"a/b\"}]}";
	assert_int_equal(fleet_blocked_read(p, strlen(p), &fb, &why), -1);
	assert_string_equal(why, "an entry is malformed");
	assert_int_equal(fb.n, 0);
}

static void
test_results_read_their_four_members(void **state)
{
	struct fleet_result r;
	const char *p = "{\"id\":\"x1\",\"cmd\":\"block\",\"ok\":false,"
	    "\"error\":\"in ids.allow\"}";

	(void)state;
	assert_int_equal(fleet_result_read(p, strlen(p), &r), 0);
	assert_string_equal(r.id, "x1");
	assert_string_equal(r.cmd, "block");
	assert_false(r.ok);
	assert_string_equal(r.error, "in ids.allow");
	p = "{\"id\":null,\"cmd\":\"rescan\",\"ok\":true,\"error\":null}";
	assert_int_equal(fleet_result_read(p, strlen(p), &r), 0);
	assert_string_equal(r.id, "");
	assert_true(r.ok);
	p = "{\"id\":\"x\",\"cmd\":\"rescan\",\"ok\":1}";
	assert_int_equal(fleet_result_read(p, strlen(p), &r), -1);
}

static int
topic_any(const char *t, char *cam, enum fleet_kind *k, char *chk)
{
	return fleet_topic_any("MOBOTIX", t, strlen(t), cam, CONF_STR_MAX, k,
	    chk, FLEET_CHECK_ID_MAX);
}

static void
test_the_server_also_reads_checks_and_blocked_lists(void **state)
{
	char cam[CONF_STR_MAX], chk[FLEET_CHECK_ID_MAX];
	enum fleet_kind k;

	(void)state;
	assert_int_equal(topic_any("MOBOTIX/cam-1/hardening/check/MX-01", cam,
	    &k, chk), 0);
	assert_string_equal(cam, "cam-1");
	assert_string_equal(chk, "MX-01");
	assert_int_equal(k, FLEET_CHECK);
	assert_int_equal(topic_any("MOBOTIX/lobby/ids/blocked", cam, &k, chk),
	    0);
	assert_string_equal(cam, "lobby");
	assert_string_equal(chk, "");
	assert_int_equal(k, FLEET_BLOCKED);
	/* the three kinds of the table are still there */
	assert_int_equal(topic_any("MOBOTIX/x/camguard/status", cam, &k, chk),
	    0);
	assert_int_equal(k, FLEET_STATUS);
	/* a check id with a '/', a space or nothing; a camera with a '/' */
	assert_int_equal(topic_any("MOBOTIX/x/hardening/check/MX/01", cam, &k,
	    chk), -1);
	assert_int_equal(topic_any("MOBOTIX/x/hardening/check/MX 01", cam, &k,
	    chk), -1);
	assert_int_equal(topic_any("MOBOTIX/x/hardening/check/", cam, &k, chk),
	    -1);
	assert_int_equal(topic_any("MOBOTIX//hardening/check/MX-01", cam, &k,
	    chk), -1);
	assert_int_equal(topic_any("MOBOTIX/a/b/ids/blocked", cam, &k, chk),
	    -1);
	assert_int_equal(topic_any("MOBOTIX/ids/blocked", cam, &k, chk), -1);
	assert_int_equal(topic_any("MOBOTIX/a/b/hardening/check/MX-01", cam,
	    &k, chk), -1);
	assert_int_equal(topic_any("MOBOTIX/x/hardening/check/"
	    "AN-ID-THAT-IS-FAR-TOO-LONG-FOR-A-CHECK", cam, &k, chk), -1);
	assert_int_equal(topic_any("OTHER/x/ids/blocked", cam, &k, chk), -1);
	/* the table's reader does not take check records */
	assert_int_equal(topic("MOBOTIX/x/hardening/check/MX-01", cam, &k),
	    -1);
}

static const char record[] = "{\"id\":\"MX-03\",\"title\":\"Factory "
	"password changed\",\"severity\":\"critical\",\"guide\":\"Cyber "
	"Protection Guide 2024 \\u00a73\",\"rationale\":\"r\",\"remediation\":"
	"\"Admin Menu > Users and Passwords\",\"result\":\"fail\",\"reason\":"
	"null,\"evidence\":{\"hash_scheme\":\"des\",\"matches\":\"meinsm\"}}";

static int
check_apply(struct fleet_check *c, const char *id, const char *p)
{
	return fleet_check_apply(c, id, p, strlen(p));
}

static void
test_a_check_record_gives_severity_result_and_waiver(void **state)
{
	struct fleet_check c;

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(check_apply(&c, "MX-03", record), 0);
	assert_string_equal(c.id, "MX-03");
	assert_int_equal(c.severity, CHK_SEV_CRITICAL);
	assert_int_equal(c.result, CHK_FAIL);
	assert_int_equal(c.waiver_end, 0);
	assert_int_equal(check_apply(&c, "VG-02", "{\"id\":\"VG-02\","
	    "\"severity\":\"low\",\"result\":\"waived\",\"underlying\":\"fail\","
	    "\"waiver\":{\"reason\":\"r\",\"expires\":\"2024-03-01\"}}"), 0);
	assert_int_equal(c.result, CHK_WAIVED);
	assert_int_equal(c.severity, CHK_SEV_LOW);
	/* through the last day: 2024-03-02T00:00:00Z */
	assert_int_equal(c.waiver_end, 1709337600);
	assert_int_equal(check_apply(&c, "VG-02", "{\"id\":\"VG-02\","
	    "\"severity\":\"low\",\"result\":\"waived\",\"waiver\":{\"reason\":"
	    "\"r\",\"expires\":null}}"), 0);
	assert_int_equal(c.waiver_end, 0);
	assert_int_equal(fleet_check_apply(&c, "VG-02", "", 0), 1);
}

static void
test_malformed_check_records_change_nothing(void **state)
{
	static const char *bad[] = {
		"{\"id\":\"MX-04\",\"severity\":\"critical\",\"result\":\"fail\"}",
		"{\"severity\":\"critical\",\"result\":\"fail\"}",
		"{\"id\":\"MX-03\",\"severity\":\"urgent\",\"result\":\"fail\"}",
		"{\"id\":\"MX-03\",\"severity\":\"critical\",\"result\":\"bad\"}",
		"{\"id\":\"MX-03\",\"severity\":\"critical\",\"result\":1}",
		"{\"id\":\"MX-03\",\"severity\":\"critical\",\"result\":\"fail\","
		    "\"waiver\":{\"expires\":\"2024-13-01\"}}",
		"{\"id\":\"MX-03\",\"severity\":\"critical\",\"result\":\"fail\","
		    "\"waiver\":{\"expires\":\"tomorrow\"}}",
		"{\"id\":\"MX-03\",\"severity\":\"critical\",\"result\":\"fail\","
		    "\"waiver\":{\"expires\":\"1015-01-31\"}}",
		"{\"id\":\"MX-03\",\"severity\":\"critical\",\"result\":\"fail\","
		    "\"waiver\":{\"expires\":20240301}}",
		"{\"id\":\"MX-03\",\"severity\":\"critical\",\"result\":\"fail\","
		    "\"waiver\":\"2024-03-01\"}",
		"[\"MX-03\"]", "{\"id\":\"MX-03\"", NULL
	};
	struct fleet_check c = { "MX-03", CHK_SEV_HIGH, CHK_PASS, 7 }, keep = c;
	size_t i;

	(void)state;
	for (i = 0; bad[i]; i++) {
		assert_int_equal(check_apply(&c, "MX-03", bad[i]), -1);
		assert_memory_equal(&c, &keep, sizeof(c));
	}
}

static void
test_status_and_summary_extras_for_the_server(void **state)
{
	struct fleet_cam c = { .state = FLEET_UNKNOWN };

	(void)state;
	assert_int_equal(apply(&c, FLEET_STATUS, "{\"state\":\"online\","
	    "\"version\":\"0.1.0\",\"started\":1700000000,\"boot_id\":null,"
	    "\"dropped\":4}"), 0);
	assert_string_equal(c.version, "0.1.0");
	assert_int_equal(c.started, 1700000000);
	assert_int_equal(c.dropped, 4);
	/* the Last Will keeps what the camera said before */
	assert_int_equal(apply(&c, FLEET_STATUS, "{\"state\":\"offline\"}"), 0);
	assert_string_equal(c.version, "0.1.0");
	assert_int_equal(apply(&c, FLEET_STATUS, "{\"state\":\"online\"}"), 0);
	assert_int_equal(c.dropped, -1);
	assert_string_equal(c.version, "");
	assert_int_equal(apply(&c, FLEET_SUMMARY, "{\"time\":1700000100,"
	    "\"counts\":{\"pass\":1,\"fail\":22,\"not_applicable\":0,\"manual\":"
	    "5,\"error\":0,\"not_checked\":8,\"waived\":1,\"fail_critical\":2,"
	    "\"fail_high\":8},\"score\":0.0435}"), 0);
	assert_int_equal(c.scan_time, 1700000100);
	assert_true(c.has_counts);
	assert_int_equal(c.counts[CHK_FAIL], 22);
	assert_int_equal(c.counts[CHK_NOT_CHECKED], 8);
	assert_int_equal(c.counts[CHK_WAIVED], 1);
	/* an agent that counts less: no counts, still a summary */
	assert_int_equal(apply(&c, FLEET_SUMMARY, "{\"score\":null,\"counts\":"
	    "{\"pass\":1,\"fail_critical\":0,\"fail_high\":0}}"), 0);
	assert_false(c.has_counts);
}

static void
test_an_online_status_tells_the_ids_health(void **state)
{
	static const char good[] = "{\"state\":\"online\",\"version\":\"0.1.0\","
	    "\"started\":1,\"boot_id\":null,\"dropped\":0,\"ids\":{\"running\":"
	    "true,\"blocking\":\"not_enforced\",\"blocking_reason\":\"x\","
	    "\"sources\":[{\"path\":\"/var/log/a.log\",\"readable\":true,"
	    "\"error\":null,\"last_line\":5},{\"path\":\"/var/log/b\\\"c.log\","
	    "\"readable\":false,\"error\":\"No such file or directory\","
	    "\"last_line\":null}]}}";
	static const char *bad[] = {
		"{\"state\":\"online\",\"ids\":[]}",
		"{\"state\":\"online\",\"ids\":{\"running\":\"yes\",\"blocking\":"
		    "\"on\",\"sources\":[]}}",
		"{\"state\":\"online\",\"ids\":{\"running\":true,\"blocking\":"
		    "\"on\",\"sources\":{}}}",
		"{\"state\":\"online\",\"ids\":{\"running\":true,\"blocking\":"
		    "\"on\"}}",
		"{\"state\":\"online\",\"ids\":{\"running\":true,\"blocking\":"
		    "\"on\",\"sources\":[{\"readable\":true}]}}",
		"{\"state\":\"online\",\"ids\":{\"running\":true,\"blocking\":"
		    "\"on\",\"sources\":[{\"path\":\"\",\"readable\":true}]}}",
		"{\"state\":\"online\",\"ids\":{\"running\":true,\"blocking\":"
		    "\"on\",\"sources\":[1,2,3,4,5,6,7,8,9]}}",
		NULL };
	struct fleet_ids h;
	size_t i;

	(void)state;
	assert_int_equal(fleet_status_ids(good, strlen(good), &h), 0);
	assert_true(h.present && h.running);
	assert_false(h.blocking);	/* only "on" is blocking */
	assert_int_equal(h.n, 2);
	assert_string_equal(h.src[0].path, "/var/log/a.log");
	assert_true(h.src[0].readable);
	assert_string_equal(h.src[1].path, "/var/log/b\"c.log");
	assert_false(h.src[1].readable);
	assert_int_equal(fleet_status_ids("{\"state\":\"online\"}", 18, &h), 0);
	assert_false(h.present);
	for (i = 0; bad[i]; i++) {
		assert_int_equal(fleet_status_ids(bad[i], strlen(bad[i]), &h),
		    -1);
		assert_false(h.present);
		assert_int_equal(h.n, 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_topics_name_the_camera_and_the_kind),
		cmocka_unit_test(test_published_payloads_fill_the_row),
		cmocka_unit_test(test_null_score_and_cleared_topics),
		cmocka_unit_test(test_numbers_read_exactly),
		cmocka_unit_test(test_malformed_payloads_change_nothing),
		cmocka_unit_test(test_token_floods_and_deep_nesting_are_refused),
		cmocka_unit_test(test_nested_keys_do_not_count_at_the_top),
		cmocka_unit_test(test_an_alarm_reads_as_a_ban),
		cmocka_unit_test(test_forged_alarms_are_refused_with_a_reason),
		cmocka_unit_test(test_a_block_list_reads_entries_origins_and_reasons),
		cmocka_unit_test(test_results_read_their_four_members),
		cmocka_unit_test(
		    test_the_server_also_reads_checks_and_blocked_lists),
		cmocka_unit_test(
		    test_a_check_record_gives_severity_result_and_waiver),
		cmocka_unit_test(test_malformed_check_records_change_nothing),
		cmocka_unit_test(test_status_and_summary_extras_for_the_server),
		cmocka_unit_test(test_an_online_status_tells_the_ids_health),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
