/*
 * test_topics.c - MQTT topic names and payload bytes (spec section 7):
 * the exact JSON of status, event, alarm, ids/blocked and the Home
 * Assistant configs, the summary and records shared with the JSON
 * report, change detection between two scans, and how cmd/ messages are
 * classified (oversized, binary, retained, other topics).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "check/check.h"
#include "check/policy.h"
#include "core/json_write.h"
#include "mqtt/topics.h"
#include "report/report.h"

static char buf[MQTT_PAYLOAD_MAX];
static char topic[MQTT_TOPIC_MAX];

static void
test_topic_names_are_root_camera_suffix(void **state)
{
	(void)state;
	assert_int_equal(topics_name(topic, sizeof(topic), "MOBOTIX",
	    "cam-1", TOPICS_STATUS), 29);
	assert_string_equal(topic, "MOBOTIX/cam-1/camguard/status");
	assert_true(topics_check(topic, sizeof(topic), "site/a", "cam-1",
	    "MX-03") > 0);
	assert_string_equal(topic, "site/a/cam-1/hardening/check/MX-03");
}

static void
test_camera_that_is_no_topic_level_gives_no_topic(void **state)
{
	const char *bad[] = { "", "a/b", "a+", "#", NULL };
	size_t i;

	(void)state;
	for (i = 0; bad[i]; i++) {
		assert_int_equal(topics_name(topic, sizeof(topic), "R", bad[i],
		    TOPICS_STATUS), -1);
		assert_string_equal(topic, "");
	}
	assert_int_equal(topics_check(topic, sizeof(topic), "R", "c", "X/Y"),
	    -1);
	assert_int_equal(topics_name(topic, 10, "MOBOTIX", "cam",
	    TOPICS_STATUS), -1);
}

static void
test_status_online_payload_is_exact(void **state)
{
	struct topics_status st = { .version = "0.1.0", .started = 1700000000,
		.boot_id = "4f1c2e7a-0c3b-4b8e-9a35-0d2f1c9e8b71", .dropped = 3 };

	(void)state;
	assert_true(topics_status_online(buf, sizeof(buf), &st) > 0);
	assert_string_equal(buf, "{\"state\":\"online\",\"version\":\"0.1.0\","
	    "\"started\":1700000000,\"boot_id\":"
	    "\"4f1c2e7a-0c3b-4b8e-9a35-0d2f1c9e8b71\",\"dropped\":3}");
	st.boot_id = "";
	assert_true(topics_status_online(buf, sizeof(buf), &st) > 0);
	assert_non_null(strstr(buf, "\"boot_id\":null"));
	st.siem = true;
	st.siem_dropped = 30;
	assert_true(topics_status_online(buf, sizeof(buf), &st) > 0);
	assert_non_null(strstr(buf, "\"dropped\":3,\"siem_dropped\":30}"));
	assert_int_equal(topics_status_offline(buf, sizeof(buf)), 19);
	assert_string_equal(buf, "{\"state\":\"offline\"}");
}

static void
test_event_payload_is_exact(void **state)
{
	(void)state;
	assert_true(topics_event(buf, sizeof(buf), "MX-07", CHK_FAIL,
	    CHK_PASS, 1700000100) > 0);
	assert_string_equal(buf, "{\"id\":\"MX-07\",\"from\":\"fail\","
	    "\"to\":\"pass\",\"time\":1700000100}");
	assert_true(topics_event(buf, sizeof(buf), "MX-20", CHK_FAIL,
	    CHK_WAIVED, 5) > 0);
	assert_string_equal(buf, "{\"id\":\"MX-20\",\"from\":\"fail\","
	    "\"to\":\"waived\",\"time\":5}");
}

static struct ids_decision
decision(const char *ip, unsigned prefix)
{
	struct ids_decision d = { .action = IDS_ALARM, .attempts = 7,
		.first_seen = 1700000000, .last_seen = 1700000042 };

	assert_int_equal(addr_parse_ip(ip, strlen(ip), &d.net), 0);
	addr_mask(&d.net, prefix);
	return d;
}

static void
test_alarm_payload_is_exact(void **state)
{
	struct ids_decision d = decision("192.0.2.7", 32);

	(void)state;
	d.has_user = true;
	snprintf(d.user, sizeof(d.user), "admin");
	d.blocked = true;
	assert_true(topics_alarm(buf, sizeof(buf), "cam-1", &d,
	    1700000642) > 0);
	assert_string_equal(buf, "{\"source\":\"camguard\",\"camera\":"
	    "\"cam-1\",\"ip\":\"192.0.2.7\",\"prefix\":32,\"attempts\":7,"
	    "\"first_seen\":1700000000,\"last_seen\":1700000042,"
	    "\"user\":\"admin\",\"allowlisted\":false,\"blocked\":true,"
	    "\"block_until\":1700000642}");
}

static void
test_alarm_until_reboot_and_unblocked_write_null(void **state)
{
	struct ids_decision d = decision("2001:db8:1:2:3:4:5:6", 64);

	(void)state;
	d.blocked = true;
	assert_true(topics_alarm(buf, sizeof(buf), "c", &d, 0) > 0);
	assert_non_null(strstr(buf, "\"ip\":\"2001:db8:1:2::\",\"prefix\":64"));
	assert_non_null(strstr(buf, "\"user\":null"));
	assert_non_null(strstr(buf, "\"blocked\":true,\"block_until\":null}"));
	d.blocked = false;
	d.allowlisted = true;
	assert_true(topics_alarm(buf, sizeof(buf), "c", &d, 1700000642) > 0);
	assert_non_null(strstr(buf, "\"allowlisted\":true,\"blocked\":false,"
	    "\"block_until\":null}"));
}

static void
test_alarm_escapes_a_hostile_user_name(void **state)
{
	struct ids_decision d = decision("198.51.100.1", 32);

	(void)state;
	d.has_user = true;
	snprintf(d.user, sizeof(d.user), "a\"},\"blocked\":false\n\x1b\xff");
	assert_true(topics_alarm(buf, sizeof(buf), "c", &d, 0) > 0);
	assert_non_null(strstr(buf, "\"user\":\"a\\\"},\\\"blocked\\\":false"
	    "\\n\\u001b\\ufffd\""));
}

static void
test_blocked_list_is_exact_and_capped(void **state)
{
	static struct topics_blocked e[MQTT_BLOCKED_MAX + 5];
	size_t i;
	int n;

	(void)state;
	assert_int_equal(addr_parse_net("192.0.2.7/32", 12, &e[0].net), 0);
	e[0].until = 1700000642;
	assert_int_equal(addr_parse_net("2001:db8::/64", 13, &e[1].net), 0);
	e[1].until = 0;
	assert_true(topics_blocked(buf, sizeof(buf), 2, e, 2) > 0);
	assert_string_equal(buf, "{\"count\":2,\"entries\":["
	    "{\"ip\":\"192.0.2.7\",\"prefix\":32,\"until\":1700000642},"
	    "{\"ip\":\"2001:db8::\",\"prefix\":64,\"until\":null}]}");
	assert_true(topics_blocked(buf, sizeof(buf), 0, e, 0) > 0);
	assert_string_equal(buf, "{\"count\":0,\"entries\":[]}");
	for (i = 2; i < MQTT_BLOCKED_MAX + 5; i++)
		e[i] = e[0];
	n = topics_blocked(buf, sizeof(buf), 500, e, MQTT_BLOCKED_MAX + 5);
	assert_true(n > 0);
	assert_non_null(strstr(buf, "{\"count\":500,"));
	for (i = 0, n = 0; (size_t)n < strlen(buf); n++)
		i += buf[n] == '{';
	assert_int_equal(i, MQTT_BLOCKED_MAX + 1);
}

/* ---- scans ------------------------------------------------------------ */

static struct policy pol;
static struct chk_scan s1, s2;

static void
fill_scan(struct chk_scan *s)
{
	static const char *ids[] = { "MX-03", "MX-07", "VG-01" };
	static char titles[3][32];
	size_t i;

	memset(s, 0, sizeof(*s));
	s->time = 1700000000;
	snprintf(s->camera_id, sizeof(s->camera_id), "cam-1");
	snprintf(s->model, sizeof(s->model), "M16B");
	snprintf(s->firmware, sizeof(s->firmware), "MX-V5.4.2.29");
	for (i = 0; i < 3; i++) {
		struct policy_check *pc = &pol.checks[i];

		snprintf(pc->id, sizeof(pc->id), "%s", ids[i]);
		snprintf(titles[i], sizeof(titles[i]), "Title of %s", ids[i]);
		pc->title = titles[i];
		pc->severity = CHK_SEV_HIGH;
		s->records[i].def = chk_def_find(ids[i]);
		s->records[i].pc = pc;
		s->records[i].result = CHK_FAIL;
		s->records[i].v.result = CHK_FAIL;
		assert_non_null(s->records[i].def);
	}
	pol.n_checks = s->n_records = 3;
	s->counts.n[CHK_FAIL] = 3;
	s->score_valid = true;
	s->score = 0;
	snprintf(s->state_sha256, sizeof(s->state_sha256), "%064d", 1);
}

static void
test_summary_and_record_are_the_report_json_bytes(void **state)
{
	char want[REPORT_RECORD_MAX];
	struct jw jw;

	(void)state;
	snprintf(pol.id, sizeof(pol.id), "mobotix");
	fill_scan(&s1);
	jw_init(&jw, want, sizeof(want));
	report_summary_json(&jw, &s1, &pol);
	assert_true(jw_finish(&jw) > 0);
	assert_true(topics_summary(buf, sizeof(buf), &s1, &pol) > 0);
	assert_string_equal(buf, want);
	jw_init(&jw, want, sizeof(want));
	report_record_json(&jw, &s1.records[1]);
	assert_true(jw_finish(&jw) > 0);
	assert_true(topics_record(buf, sizeof(buf), &s1.records[1]) > 0);
	assert_string_equal(buf, want);
	assert_int_equal(topics_summary(buf, 40, &s1, &pol), -1);
	assert_string_equal(buf, "");
}

static void
test_record_change_is_result_reason_or_evidence(void **state)
{
	(void)state;
	fill_scan(&s1);
	fill_scan(&s2);
	assert_false(topics_record_changed(&s1.records[0], &s2.records[0]));
	s2.records[0].result = CHK_PASS;
	assert_true(topics_record_changed(&s1.records[0], &s2.records[0]));
	fill_scan(&s2);
	chk_evidence(&s2.records[0].v, "matches", "default_password");
	assert_true(topics_record_changed(&s1.records[0], &s2.records[0]));
	chk_evidence(&s1.records[0].v, "matches", "default_password");
	assert_false(topics_record_changed(&s1.records[0], &s2.records[0]));
	s2.records[0].v.reason = CHK_R_TIMEOUT;
	assert_true(topics_record_changed(&s1.records[0], &s2.records[0]));
}

static void
test_summary_change_is_state_hash_or_score_not_time(void **state)
{
	(void)state;
	fill_scan(&s1);
	fill_scan(&s2);
	s2.time += 3600;
	assert_false(topics_summary_changed(&s1, &s2));
	s2.score = 0.5;
	assert_true(topics_summary_changed(&s1, &s2));
	fill_scan(&s2);
	s2.score_valid = false;
	assert_true(topics_summary_changed(&s1, &s2));
	fill_scan(&s2);
	s2.state_sha256[0] = 'f';
	assert_true(topics_summary_changed(&s1, &s2));
}

/* ---- commands --------------------------------------------------------- */

static enum topics_cmd
cmd(const char *t, const char *p, size_t len, bool retained)
{
	return topics_cmd_classify("MOBOTIX", "cam-1", t, p, len, retained);
}

static void
test_commands_are_obeyed_only_on_our_topics_with_small_text(void **state)
{
	static char big[MQTT_CMD_MAX + 45];

	(void)state;
	memset(big, 'x', sizeof(big));
	assert_int_equal(cmd("MOBOTIX/cam-1/cmd/rescan", "", 0, false),
	    TOPICS_CMD_RESCAN);
	assert_int_equal(cmd("MOBOTIX/cam-1/cmd/republish", "{}", 2, false),
	    TOPICS_CMD_REPUBLISH);
	assert_int_equal(cmd("MOBOTIX/cam-1/cmd/rescan", big, MQTT_CMD_MAX,
	    false), TOPICS_CMD_RESCAN);
	assert_int_equal(cmd("MOBOTIX/cam-1/cmd/rescan", big, 300, false),
	    TOPICS_CMD_TOO_LONG);
	assert_int_equal(cmd("MOBOTIX/cam-1/cmd/rescan", "a\0b", 3, false),
	    TOPICS_CMD_BINARY);
	assert_int_equal(cmd("MOBOTIX/cam-1/cmd/rescan", "\xff\xfe", 2,
	    false), TOPICS_CMD_BINARY);
	assert_int_equal(cmd("MOBOTIX/cam-1/cmd/rescan", "now\r\n", 5,
	    false), TOPICS_CMD_RESCAN);
	assert_int_equal(cmd("MOBOTIX/cam-1/cmd/rescan", "", 0, true),
	    TOPICS_CMD_RETAINED);
	assert_int_equal(cmd("MOBOTIX/cam-1/cmd/reboot", "", 0, false),
	    TOPICS_CMD_UNKNOWN);
	assert_int_equal(cmd("MOBOTIX/cam-2/cmd/rescan", "", 0, false),
	    TOPICS_CMD_UNKNOWN);
	assert_int_equal(cmd("MOBOTIX/cam-1/cmd/rescan/x", "", 0, false),
	    TOPICS_CMD_UNKNOWN);
	assert_string_equal(topics_cmd_name(TOPICS_CMD_TOO_LONG),
	    "payload too long");
}

static void
test_operator_and_fleet_commands_are_classified(void **state)
{
	static char big[CMD_JSON_MAX + 1];

	(void)state;
	memset(big, 'x', sizeof(big));
	assert_int_equal(cmd("MOBOTIX/cam-1/cmd/block", "{}", 2, false),
	    TOPICS_CMD_BLOCK);
	assert_int_equal(cmd("MOBOTIX/cam-1/cmd/unblock", "{}", 2, false),
	    TOPICS_CMD_UNBLOCK);
	assert_int_equal(cmd("MOBOTIX/cam-1/cmd/flush", "", 0, false),
	    TOPICS_CMD_FLUSH);
	/* block payloads may be longer than the old commands' */
	assert_int_equal(cmd("MOBOTIX/cam-1/cmd/block", big, CMD_JSON_MAX,
	    false), TOPICS_CMD_BLOCK);
	assert_int_equal(cmd("MOBOTIX/cam-1/cmd/block", big,
	    CMD_JSON_MAX + 1, false), TOPICS_CMD_TOO_LONG);
	assert_int_equal(cmd("MOBOTIX/_fleet/cmd/republish", "", 0, false),
	    TOPICS_CMD_FLEET_REPUBLISH);
	assert_int_equal(cmd("MOBOTIX/_fleet/cmd/rescan", "", 0, false),
	    TOPICS_CMD_FLEET_RESCAN);
	assert_int_equal(cmd("MOBOTIX/_fleet/cmd/unblock", "{}", 2, false),
	    TOPICS_CMD_FLEET_UNBLOCK);
	assert_int_equal(cmd("MOBOTIX/_fleet/cmd/block", "{}", 2, false),
	    TOPICS_CMD_UNKNOWN);
	assert_int_equal(cmd("MOBOTIX/_fleet/cmd/flush", "{}", 2, false),
	    TOPICS_CMD_UNKNOWN);
	assert_int_equal(cmd("MOBOTIX/_fleet/cmd/unblock", "{}", 2, true),
	    TOPICS_CMD_RETAINED);
	/* our own answers come back through cmd/#: not a command */
	assert_int_equal(cmd("MOBOTIX/cam-1/cmd/result", "{}", 2, true),
	    TOPICS_CMD_RESULT);
	assert_int_equal(topics_cmd_verb(TOPICS_CMD_FLEET_UNBLOCK),
	    CMD_UNBLOCK);
	assert_int_equal(topics_cmd_verb(TOPICS_CMD_RESULT), CMD_NONE);
}

static void
test_blocked_entries_carry_origin_and_reason(void **state)
{
	struct topics_blocked e[2];
	char out[512];

	(void)state;
	memset(e, 0, sizeof(e));
	addr_parse_net("192.0.2.7", 9, &e[0].net);
	e[0].until = 1700000000;
	snprintf(e[0].reason, sizeof(e[0].reason), "VMS \"lockout\"");
	addr_parse_net("2001:db8::/64", 13, &e[1].net);
	snprintf(e[1].origin, sizeof(e[1].origin), "cam-2");
	assert_true(topics_blocked(out, sizeof(out), 3, e, 2) > 0);
	assert_string_equal(out, "{\"count\":3,\"entries\":["
	    "{\"ip\":\"192.0.2.7\",\"prefix\":32,\"until\":1700000000,"
	    "\"reason\":\"VMS \\\"lockout\\\"\"},"
	    "{\"ip\":\"2001:db8::\",\"prefix\":64,\"until\":null,"
	    "\"origin\":\"cam-2\"}]}");
}

/* ---- Home Assistant --------------------------------------------------- */

static const struct topics_ha ha = { .prefix = "homeassistant",
	.root = "MOBOTIX", .camera = "cam-1", .model = "M16B",
	.firmware = "MX-V5.4.2.29", .version = "0.1.0" };

static void
test_ha_check_config_is_exact(void **state)
{
	(void)state;
	assert_true(topics_ha_check_topic(topic, sizeof(topic), &ha,
	    "MX-03") > 0);
	assert_string_equal(topic,
	    "homeassistant/binary_sensor/cam-1_MX-03/config");
	assert_true(topics_ha_check(buf, sizeof(buf), &ha, "MX-03",
	    "Default admin password changed") > 0);
	assert_string_equal(buf, "{\"name\":\"MX-03 Default admin password "
	    "changed\",\"state_topic\":\"MOBOTIX/cam-1/hardening/check/MX-03\","
	    "\"value_template\":\"{{ 'ON' if value_json.result == 'fail' "
	    "else 'OFF' }}\",\"device_class\":\"problem\","
	    "\"entity_category\":\"diagnostic\",\"json_attributes_topic\":"
	    "\"MOBOTIX/cam-1/hardening/check/MX-03\","
	    "\"json_attributes_template\":\"{{ {'severity': "
	    "value_json.severity, 'evidence': value_json.evidence, "
	    "'remediation': value_json.remediation} | tojson }}\","
	    "\"unique_id\":"
	    "\"camguard_cam-1_MX-03\",\"availability_topic\":"
	    "\"MOBOTIX/cam-1/camguard/status\",\"availability_template\":"
	    "\"{{ value_json.state }}\",\"device\":{\"identifiers\":"
	    "[\"camguard_cam-1\"],\"name\":\"cam-1\",\"manufacturer\":"
	    "\"MOBOTIX\",\"model\":\"M16B\","
	    "\"sw_version\":\"MX-V5.4.2.29\"}}");
}

static void
test_ha_score_sensor_reads_the_summary(void **state)
{
	(void)state;
	assert_true(topics_ha_entity_topic(topic, sizeof(topic), &ha,
	    TOPICS_HA_SCORE) > 0);
	assert_string_equal(topic, "homeassistant/sensor/cam-1_score/config");
	assert_true(topics_ha_entity(buf, sizeof(buf), &ha,
	    TOPICS_HA_SCORE) > 0);
	assert_non_null(strstr(buf, "\"state_topic\":"
	    "\"MOBOTIX/cam-1/hardening/summary\""));
	assert_non_null(strstr(buf, "\"unique_id\":\"camguard_cam-1_score\""));
	assert_non_null(strstr(buf, "\"identifiers\":[\"camguard_cam-1\"]"));
}

static void
test_ha_entities_read_their_topics(void **state)
{
	static const struct {
		enum topics_ha_entity e;
		const char *topic, *state, *tpl;
	} want[] = {
		{ TOPICS_HA_FAIL_CRITICAL,
		  "homeassistant/sensor/cam-1_fail_critical/config",
		  "MOBOTIX/cam-1/hardening/summary",
		  "{{ value_json.counts.fail_critical }}" },
		{ TOPICS_HA_FAIL_HIGH,
		  "homeassistant/sensor/cam-1_fail_high/config",
		  "MOBOTIX/cam-1/hardening/summary",
		  "{{ value_json.counts.fail_high }}" },
		{ TOPICS_HA_BLOCKED, "homeassistant/sensor/cam-1_blocked/config",
		  "MOBOTIX/cam-1/ids/blocked", "{{ value_json.count }}" },
		{ TOPICS_HA_ALARM, "homeassistant/event/cam-1_ids_alarm/config",
		  "MOBOTIX/cam-1/notify/ids_alarm", "'event_type': 'ids_alarm'" },
	};
	char st[MQTT_TOPIC_MAX + 32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_true(topics_ha_entity_topic(topic, sizeof(topic), &ha,
		    want[i].e) > 0);
		assert_string_equal(topic, want[i].topic);
		assert_true(topics_ha_entity(buf, sizeof(buf), &ha,
		    want[i].e) > 0);
		snprintf(st, sizeof(st), "\"state_topic\":\"%s\"",
		    want[i].state);
		assert_non_null(strstr(buf, st));
		assert_non_null(strstr(buf, want[i].tpl));
	}
	assert_non_null(strstr(buf, "\"event_types\":[\"ids_alarm\"]"));
	assert_true(topics_ha_entity_topic(topic, sizeof(topic), &ha,
	    TOPICS_HA_ENTITY_COUNT) < 0);
}

static void
test_ha_configuration_url_only_for_a_reachable_status_page(void **state)
{
	char url[128];
	struct topics_ha with = ha;

	(void)state;
	topics_ha_config_url(url, sizeof(url), true, "192.0.2.10:8091", false);
	assert_string_equal(url, "http://192.0.2.10:8091/");
	topics_ha_config_url(url, sizeof(url), true, "[2001:db8::1]:8443",
	    true);
	assert_string_equal(url, "https://[2001:db8::1]:8443/");
	topics_ha_config_url(url, sizeof(url), true, "127.0.0.1:8091", false);
	assert_string_equal(url, "");
	topics_ha_config_url(url, sizeof(url), true, "0.0.0.0:8091", false);
	assert_string_equal(url, "");
	topics_ha_config_url(url, sizeof(url), true, "[::]:8091", false);
	assert_string_equal(url, "");
	topics_ha_config_url(url, sizeof(url), false, "192.0.2.10:8091",
	    false);
	assert_string_equal(url, "");
	with.config_url = "http://192.0.2.10:8091/";
	assert_true(topics_ha_entity(buf, sizeof(buf), &with,
	    TOPICS_HA_BLOCKED) > 0);
	assert_non_null(strstr(buf, "\"configuration_url\":"
	    "\"http://192.0.2.10:8091/\"}"));
}

static void
test_ha_object_ids_keep_only_safe_characters(void **state)
{
	struct topics_ha odd = ha;

	(void)state;
	odd.camera = "cam.lobby 01";
	odd.model = "";
	assert_true(topics_ha_check_topic(topic, sizeof(topic), &odd,
	    "MX-16E") > 0);
	assert_string_equal(topic,
	    "homeassistant/binary_sensor/cam_lobby_01_MX-16E/config");
	assert_true(topics_ha_check(buf, sizeof(buf), &odd, "MX-16E", "t") > 0);
	assert_non_null(strstr(buf, "\"name\":\"cam.lobby 01\","
	    "\"manufacturer\":\"MOBOTIX\",\"sw_version\""));
	assert_null(strstr(buf, "\"model\""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_topic_names_are_root_camera_suffix),
		cmocka_unit_test(test_camera_that_is_no_topic_level_gives_no_topic),
		cmocka_unit_test(test_status_online_payload_is_exact),
		cmocka_unit_test(test_event_payload_is_exact),
		cmocka_unit_test(test_alarm_payload_is_exact),
		cmocka_unit_test(test_alarm_until_reboot_and_unblocked_write_null),
		cmocka_unit_test(test_alarm_escapes_a_hostile_user_name),
		cmocka_unit_test(test_blocked_list_is_exact_and_capped),
		cmocka_unit_test(test_summary_and_record_are_the_report_json_bytes),
		cmocka_unit_test(test_record_change_is_result_reason_or_evidence),
		cmocka_unit_test(test_summary_change_is_state_hash_or_score_not_time),
		cmocka_unit_test(test_commands_are_obeyed_only_on_our_topics_with_small_text),
		cmocka_unit_test(test_operator_and_fleet_commands_are_classified),
		cmocka_unit_test(test_blocked_entries_carry_origin_and_reason),
		cmocka_unit_test(test_ha_check_config_is_exact),
		cmocka_unit_test(test_ha_score_sensor_reads_the_summary),
		cmocka_unit_test(test_ha_entities_read_their_topics),
		cmocka_unit_test(
		    test_ha_configuration_url_only_for_a_reachable_status_page),
		cmocka_unit_test(test_ha_object_ids_keep_only_safe_characters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
