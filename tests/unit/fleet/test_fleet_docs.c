/*
 * test_fleet_docs.c - the fleet server's documents from a table filled
 * by real payloads: /metrics names and labels every series as the agent
 * does (camera first) plus the fleet's own, each family once and its
 * samples together; /fleet lists the rows in order with nulls for the
 * unknown; the page lists every row worst first, escapes what the broker
 * sent, keeps the filter in its links and form, has no script; too
 * small a buffer gives -1.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet/fleet_docs.h"

#define T0	1700000000
#define BUF	(256 * 1024)

static const char online[] = "{\"state\":\"online\",\"version\":\"0.1.0\","
	"\"started\":1699990000,\"boot_id\":null,\"dropped\":2,\"ids\":{"
	"\"running\":true,\"blocking\":\"on\",\"blocking_reason\":null,"
	"\"sources\":[{\"path\":\"/var/log/lighttpd/access.log\",\"readable\":"
	"true,\"error\":null,\"last_line\":1699999999},{\"path\":\"/var/log/"
	"gone.log\",\"readable\":false,\"error\":\"No such file or directory\","
	"\"last_line\":null}]}}";
static const char sum_bad[] = "{\"time\":1699999000,\"firmware\":\"MX-V5\","
	"\"counts\":{\"pass\":1,\"fail\":22,\"not_applicable\":0,\"manual\":5,"
	"\"error\":0,\"not_checked\":8,\"waived\":1,\"fail_critical\":2,"
	"\"fail_high\":8},\"score\":0.0435}";
static const char crit_fail[] = "{\"id\":\"MX-03\",\"severity\":\"critical\","
	"\"result\":\"fail\"}";
static const char waived[] = "{\"id\":\"VG-02\",\"severity\":\"low\","
	"\"result\":\"waived\",\"waiver\":{\"reason\":\"r\",\"expires\":"
	"\"2024-03-01\"}}";
static const char alarm[] = "{\"source\":\"camguard\",\"camera\":\"x\","
	"\"ip\":\"192.0.2.7\",\"prefix\":32,\"last_seen\":1700000042}";

struct fx {
	struct fleet_model	*m;
	struct fleet_row	 rows[16];
	size_t			 counts[FLEET_ROW_STATES];
	struct fleet_filter	 f;
	struct fleet_doc_in	 in;
	char			*buf;
};

static void
put(struct fleet_model *m, const char *cam, const char *sfx, const char *p,
    bool retained)
{
	char t[256];

	snprintf(t, sizeof(t), "MOBOTIX/%s/%s", cam, sfx);
	assert_int_equal(fleet_model_message(m, t, strlen(t), p, strlen(p),
	    retained, T0), FLEET_MSG_APPLIED);
}

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	size_t line;

	x->m = fleet_model_new("MOBOTIX", 8, T0);
	x->buf = malloc(BUF);
	put(x->m, "factory", "camguard/status", online, true);
	put(x->m, "factory", "hardening/summary", sum_bad, true);
	put(x->m, "factory", "hardening/check/MX-03", crit_fail, true);
	put(x->m, "factory", "hardening/check/VG-02", waived, true);
	put(x->m, "factory", "ids/blocked", "{\"count\":4,\"entries\":[]}",
	    true);
	put(x->m, "factory", "notify/ids_alarm", alarm, false);
	put(x->m, "a\"b\\c<i>", "camguard/status", "{\"state\":\"offline\"}",
	    false);
	fleet_model_expect(x->m, "never\n", 6, &line);
	x->in = (struct fleet_doc_in){ x->m, x->rows, 0, x->counts, &x->f,
	    T0 + 60, true };
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	fleet_model_free(x->m);
	free(x->buf);
	free(x);
	return 0;
}

static void
rows(struct fx *x)
{
	x->in.n_rows = fleet_rows(x->m, &x->f, x->rows, x->counts);
}

static void
has(const char *doc, const char *want)
{
	if (!strstr(doc, want))
		fail_msg("missing: %s", want);
}

static void
test_metrics_name_every_camera_as_the_agent_does(void **state)
{
	struct fx *x = *state;

	assert_true(fleet_metrics(x->buf, BUF, &x->in) > 0);
	has(x->buf, "\ncamguard_check_result{camera=\"factory\",id=\"MX-03\","
	    "severity=\"critical\",result=\"fail\"} 1\n");
	has(x->buf, "\ncamguard_score_ratio{camera=\"factory\"} 0.0435\n");
	has(x->buf, "\ncamguard_checks{camera=\"factory\",result=\"fail\"} "
	    "22\n");
	has(x->buf, "\ncamguard_last_scan_timestamp_seconds{camera=\"factory"
	    "\"} 1699999000\n");
	has(x->buf, "\ncamguard_waiver_expiry_timestamp_seconds{camera=\""
	    "factory\",id=\"VG-02\"} 1709337600\n");
	has(x->buf, "\ncamguard_ids_blocked{camera=\"factory\"} 4\n");
	has(x->buf, "\ncamguard_ids_alarms_total{camera=\"factory\"} 1\n");
	has(x->buf, "\ncamguard_build_info{camera=\"factory\",version=\"0.1.0"
	    "\"} 1\n");
	has(x->buf, "\ncamguard_mqtt_dropped_total{camera=\"factory\"} 2\n");
	has(x->buf, "\ncamguard_fleet_camera_up{camera=\"factory\"} 1\n");
	has(x->buf, "\ncamguard_fleet_last_seen_age_seconds{camera=\"factory"
	    "\"} 0\n");
	/* the quote, backslash of an id escaped; it went offline at T0 */
	has(x->buf, "\ncamguard_fleet_camera_up{camera=\"a\\\"b\\\\c<i>\"} "
	    "0\n");
	has(x->buf, "\ncamguard_fleet_last_seen_age_seconds{camera=\"a\\\"b"
	    "\\\\c<i>\"} 60\n");
	has(x->buf, "\ncamguard_fleet_cameras_missing 1\n");
	has(x->buf, "\ncamguard_ids_running{camera=\"factory\"} 1\n");
	has(x->buf, "\ncamguard_ids_blocking{camera=\"factory\"} 1\n");
	has(x->buf, "\ncamguard_ids_source_up{camera=\"factory\",path=\"/var/"
	    "log/lighttpd/access.log\"} 1\n");
	has(x->buf, "\ncamguard_ids_source_up{camera=\"factory\",path=\"/var/"
	    "log/gone.log\"} 0\n");
	/* the offline camera says nothing of its IDS */
	assert_null(strstr(x->buf, "camguard_ids_running{camera=\"a"));
	has(x->buf, "\ncamguard_fleet_cameras 2\n");
	has(x->buf, "\ncamguard_fleet_mqtt_connected 1\n");
}

/* Each family once, its samples right after its TYPE line. */
static void
test_metrics_families_are_whole_and_labelled(void **state)
{
	struct fx *x = *state;
	char *doc, *line, *save = NULL, fam[128] = "", seen[4096] = " ";
	char key[140];

	assert_true(fleet_metrics(x->buf, BUF, &x->in) > 0);
	doc = strdup(x->buf);
	for (line = strtok_r(doc, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "# TYPE ", 7) == 0) {
			sscanf(line + 7, "%127s", fam);
			snprintf(key, sizeof(key), " %s ", fam);
			assert_null(strstr(seen, key));
			strncat(seen, key + 1, sizeof(seen) - strlen(seen) - 1);
			continue;
		}
		if (line[0] == '#')
			continue;
		assert_int_equal(strncmp(line, fam, strlen(fam)), 0);
		assert_true(line[strlen(fam)] == '{' ||
		    line[strlen(fam)] == ' ');
		/* every series names its camera, but the fleet's own */
		if (strncmp(fam, "camguard_fleet_camera_", 22) != 0 &&
		    strncmp(fam, "camguard_fleet_", 15) == 0)
			continue;
		assert_int_equal(strncmp(line + strlen(fam), "{camera=\"", 9),
		    0);
	}
	free(doc);
	assert_int_equal(fleet_metrics(x->buf, 200, &x->in), -1);
}

static void
test_json_lists_the_rows_worst_first(void **state)
{
	struct fx *x = *state;

	rows(x);
	assert_true(fleet_json(x->buf, BUF, &x->in) > 0);
	has(x->buf, "\"counts\":{\"offline\":1,\"missing\":1,\"unknown\":0,"
	    "\"online\":1}");
	has(x->buf, "\"cameras\":[{\"camera\":\"a\\\"b\\\\c<i>\",\"state\":"
	    "\"offline\",\"score\":null,\"fail_critical\":null,");
	has(x->buf, "\"offline_since\":1700000000,\"offline_since_exact\":"
	    "true,\"last_seen\":1700000000,\"blocked\":null,\"alarms\":0,");
	has(x->buf, "},{\"camera\":\"never\",\"state\":\"missing\"},{");
	has(x->buf, "{\"camera\":\"factory\",\"state\":\"online\",\"score\":"
	    "0.0435,\"fail_critical\":2,\"fail_high\":8,\"firmware\":\"MX-V5\","
	    "\"offline_since\":null,\"offline_since_exact\":false,\"last_seen\":"
	    "1700000060,\"blocked\":4,\"alarms\":1,\"last_alarm\":{\"ip\":"
	    "\"192.0.2.7\",\"time\":1700000042},\"version\":\"0.1.0\",\"ids\":"
	    "{\"running\":true,\"blocking\":true,\"sources\":[{\"path\":\"/var/"
	    "log/lighttpd/access.log\",\"readable\":true},{\"path\":\"/var/log/"
	    "gone.log\",\"readable\":false}]}}]");
	x->f.states = 1u << FLEET_ROW_ONLINE;
	rows(x);
	assert_true(fleet_json(x->buf, BUF, &x->in) > 0);
	assert_null(strstr(x->buf, "\"never\""));
	assert_int_equal(fleet_json(x->buf, 100, &x->in), -1);
}

static void
test_the_page_lists_every_row_escaped_without_script(void **state)
{
	struct fx *x = *state;
	const char *off, *miss, *on;

	rows(x);
	assert_true(fleet_page(x->buf, BUF, &x->in) > 0);
	assert_null(strstr(x->buf, "<script"));
	assert_null(strstr(x->buf, "<i>"));
	has(x->buf, "a&quot;b\\c&lt;i&gt;");
	off = strstr(x->buf, "<span class=\"st offline\">offline</span>");
	miss = strstr(x->buf, "<span class=\"st missing\">missing</span>");
	on = strstr(x->buf, "<span class=\"st online\">online</span>");
	assert_true(off && miss && on && off < miss && miss < on);
	has(x->buf, "never seen");
	has(x->buf, "<span class=\"bad\">2</span>");	/* critical */
	has(x->buf, "<span class=\"warn\">4</span><span class=\"t warn\">1 of 2 "
	    "logs unreadable</span>");
	has(x->buf, "4.3 %");
	has(x->buf, "192.0.2.7<span class=\"t\">2023-11-14 22:14 UTC, "
	    "1 since the start</span>");
	has(x->buf, "1 min<span class=\"t\">since 2023-11-14 22:13 UTC");
	has(x->buf, "<title>fleet: 1 offline, 1 missing of 3 - camguard");
	has(x->buf, "<meta name=\"viewport\"");
}

static void
test_the_page_keeps_the_filter_in_links_and_form(void **state)
{
	struct fx *x = *state;

	x->f.states = 1u << FLEET_ROW_OFFLINE;
	snprintf(x->f.q, sizeof(x->f.q), "a\"b &");
	rows(x);
	assert_true(fleet_page(x->buf, BUF, &x->in) > 0);
	has(x->buf, "<a href=\"?state=missing&amp;q=a%22b%20%26\">missing 1");
	has(x->buf, "<a href=\"?state=offline&amp;q=a%22b%20%26\" "
	    "class=\"on\">offline 1");
	has(x->buf, "<input type=\"hidden\" name=\"state\" value=\"offline\">");
	has(x->buf, "name=\"q\" value=\"a&quot;b &amp;\"");
	has(x->buf, "No camera matches.");
	assert_int_equal(fleet_page(x->buf, 1000, &x->in), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_metrics_name_every_camera_as_the_agent_does, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_metrics_families_are_whole_and_labelled, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_json_lists_the_rows_worst_first, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_the_page_lists_every_row_escaped_without_script, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_the_page_keeps_the_filter_in_links_and_form, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
