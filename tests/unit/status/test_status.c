/*
 * test_status.c - the status endpoint's documents: /status before and
 * after a scan (only failures listed, blocks with ip/prefix/until),
 * /metrics families and label escaping, the page grouping failures by
 * severity and escaping every string, and documents that fail whole
 * rather than come out cut when the buffer is small.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <cmocka.h>

#include "check/check.h"
#include "check/policy.h"
#include "core/conf.h"
#include "status/status.h"

static const struct chk_def defs[] = {
	{ .id = "MX-03" }, { .id = "MX-09" }, { .id = "MX-10" },
	{ .id = "X\"1\\\n" },
};

static const struct policy_check pcs[] = {
	{ .id = "MX-03", .title = "Default admin password changed",
	  .severity = CHK_SEV_CRITICAL, .guide = "Guide \xc2\xa7" "8",
	  .remediation = "Admin Menu > Users and Passwords" },
	{ .id = "MX-09", .title = "Web crawling forbidden",
	  .severity = CHK_SEV_LOW, .guide = "Guide",
	  .remediation = "Setup Menu > Web Server" },
	{ .id = "MX-10", .title = "Digest <b>authentication</b>",
	  .severity = CHK_SEV_HIGH, .guide = "Guide",
	  .remediation = "Use \"digest\" & \xe2\x80\xae" "evil \x1b[2J" },
	{ .id = "X", .title = "odd", .severity = CHK_SEV_INFO, .guide = "",
	  .remediation = "" },
};

static struct chk_scan scan;
static struct policy pol;
static struct daemon_view view;
static struct status_snapshot snap;
static char buf[64 * 1024];

static void
add(size_t i, enum chk_result r)
{
	struct chk_record *rec = &scan.records[scan.n_records++];

	rec->def = &defs[i];
	rec->pc = &pcs[i];
	rec->v.result = rec->result = r;
	scan.counts.n[r]++;
}

static int
setup(void **state)
{
	(void)state;
	memset(&scan, 0, sizeof(scan));
	memset(&view, 0, sizeof(view));
	snprintf(pol.id, sizeof(pol.id), "mobotix-v1");
	scan.time = 1741944360;		/* 2025-03-14 09:26:00 UTC */
	snprintf(scan.camera_id, sizeof(scan.camera_id), "cam-lobby-01");
	snprintf(scan.model, sizeof(scan.model), "M16B");
	snprintf(scan.firmware, sizeof(scan.firmware), "MX-V5.2.0.61");
	add(0, CHK_FAIL);
	add(1, CHK_PASS);
	add(2, CHK_FAIL);
	scan.records[2].result = CHK_WAIVED;	/* waived: not "failed" */
	scan.counts.n[CHK_FAIL]--;
	scan.counts.n[CHK_WAIVED]++;
	add(2, CHK_FAIL);
	scan.score_valid = true;
	scan.score = 1.0 / 3.0;
	view.started = 1741940000;
	view.policy = &pol;
	snap = (struct status_snapshot){ .view = &view, .camera = "fallback",
	    .now = 1741944400 };
	return 0;
}

static int
render_json(void)
{
	int n = status_json(buf, sizeof(buf), &snap);

	assert_true(n > 0);
	assert_int_equal(strlen(buf), n);
	return n;
}

static void
test_before_a_scan_summary_is_null_and_failed_empty(void **state)
{
	(void)state;
	render_json();
	assert_non_null(strstr(buf, "{\"camera\":\"fallback\","
	    "\"version\":\"" CAMGUARD_VERSION "\",\"uptime_s\":4400,"
	    "\"summary\":null,\"failed\":[],\"scan_error\":null,"
	    "\"ids\":{\"failures\":0,"
	    "\"alarms\":0,\"blocks\":0,\"blocked\":[],\"shared\":{"
	    "\"held\":0,\"applied\":0,\"ended\":0,\"dropped\":{"
	    "\"untrusted\":0,\"forged\":0,\"flood\":0,\"full\":0,"
	    "\"refused\":0}},\"enabled\":false,"
	    "\"running\":false,\"blocking\":\"off\",\"blocking_reason\":null,"
	    "\"sources\":[]},\"mqtt\":"
	    "{\"enabled\":false,\"connected\":false,\"dropped\":0},"
	    "\"siem\":{\"enabled\":false,\"connected\":false,"
	    "\"queued\":0,\"sent\":0,\"resent\":0,\"dropped\":0,"
	    "\"tls_failures\":0,\"conn_failures\":0}}"));
}

/* The SIEM sender's counters in /status, /metrics and on the page. */
static void
test_siem_counters_are_shown_everywhere(void **state)
{
	(void)state;
	view.siem.enabled = true;
	view.siem.queued = 7;
	view.siem.sent = 120;
	view.siem.resent = 3;
	view.siem.dropped = 42;
	view.siem.tls_failures = 2;
	view.siem.conn_failures = 9;
	render_json();
	assert_non_null(strstr(buf, "\"siem\":{\"enabled\":true,"
	    "\"connected\":false,\"queued\":7,\"sent\":120,"
	    "\"resent\":3,\"dropped\":42,\"tls_failures\":2,"
	    "\"conn_failures\":9}}"));
	assert_true(status_metrics(buf, sizeof(buf), &snap) > 0);
	assert_non_null(strstr(buf, "# TYPE camguard_siem_connected gauge\n"
	    "camguard_siem_connected{camera=\"fallback\"} 0\n"));
#define CAM_L	"{camera=\"fallback\"} "
	assert_non_null(strstr(buf, "camguard_siem_queued" CAM_L "7\n"));
	assert_non_null(strstr(buf, "camguard_siem_sent_total" CAM_L "120\n"));
	assert_non_null(strstr(buf, "camguard_siem_resent_total" CAM_L "3\n"));
	assert_non_null(strstr(buf, "# TYPE camguard_siem_dropped_total "
	    "counter\ncamguard_siem_dropped_total" CAM_L "42\n"));
	assert_non_null(strstr(buf, "camguard_siem_tls_failures_total" CAM_L
	    "2\n"));
	assert_non_null(strstr(buf, "camguard_siem_connection_failures_total"
	    CAM_L "9\n"));
#undef CAM_L
	assert_true(status_page(buf, sizeof(buf), &snap) > 0);
	assert_non_null(strstr(buf, "<dt>SIEM</dt><dd class=\"bad\">not "
	    "connected <span class=\"ref\">(42 dropped)</span></dd>"));
}

/* A scan that ran past its deadline: error, reason timeout. */
static void
test_a_failed_scan_shows_its_reason(void **state)
{
	(void)state;
	snprintf(view.scan_error, sizeof(view.scan_error), "timeout: x");
	view.scan_reason = "timeout";
	render_json();
	view.scan_error[0] = '\0';
	view.scan_reason = NULL;
	assert_non_null(strstr(buf, "\"scan_error\":{\"result\":\"error\","
	    "\"reason\":\"timeout\",\"message\":\"timeout: x\"}"));
}

static void
test_status_lists_only_failed_records(void **state)
{
	(void)state;
	view.scan = &scan;
	view.scans = 1;
	render_json();
	assert_non_null(strstr(buf, "{\"camera\":\"cam-lobby-01\","));
	assert_non_null(strstr(buf,
	    "\"summary\":{\"camera\":\"cam-lobby-01\""));
	assert_non_null(strstr(buf, "\"failed\":[{\"id\":\"MX-03\""));
	assert_non_null(strstr(buf, "{\"id\":\"MX-10\""));
	assert_null(strstr(buf, "\"id\":\"MX-09\""));	/* passed */
	assert_null(strstr(buf, "\"result\":\"waived\""));
	assert_null(strstr(buf, "\"result\":\"pass\""));
}

static void
test_blocks_have_ip_prefix_and_until(void **state)
{
	struct status_block b[2];

	(void)state;
	memset(b, 0, sizeof(b));
	assert_int_equal(addr_parse_net("192.0.2.7", 9, &b[0].net), 0);
	b[0].until = 1741948000;
	assert_int_equal(addr_parse_net("2001:db8::/64", 13, &b[1].net), 0);
	snprintf(b[1].origin, sizeof(b[1].origin), "cam-a");
	snprintf(b[0].reason, sizeof(b[0].reason), "VMS lockout");
	view.shared_st.held = 1;
	view.shared_st.untrusted = 4;
	snap.blocks = b;
	snap.n_blocks = 2;
	view.ids.failures = 9;
	view.ids.alarms = 2;
	view.ids.blocks = 3;
	render_json();
	assert_non_null(strstr(buf, "\"ids\":{\"failures\":9,\"alarms\":2,"
	    "\"blocks\":3,\"blocked\":[{\"ip\":\"192.0.2.7\",\"prefix\":32,"
	    "\"until\":1741948000,\"reason\":\"VMS lockout\"},"
	    "{\"ip\":\"2001:db8::\",\"prefix\":64,\"until\":null,"
	    "\"origin\":\"cam-a\"}],\"shared\":{\"held\":1,\"applied\":0,"
	    "\"ended\":0,\"dropped\":{\"untrusted\":4,\"forged\":0,"
	    "\"flood\":0,\"full\":0,\"refused\":0}},"));
	status_metrics(buf, sizeof(buf), &snap);
	assert_non_null(strstr(buf, "camguard_ids_shared_blocked{camera="
	    "\"fallback\"} 1\n"));
	assert_non_null(strstr(buf, "camguard_ids_shared_dropped_total{"
	    "camera=\"fallback\",reason=\"untrusted\"} 4\n"));
	render_json();
	status_page(buf, sizeof(buf), &snap);
	assert_non_null(strstr(buf, "<td>192.0.2.7/32</td><td>2025-03-14 "
	    "10:26:40 UTC</td>"));
	assert_non_null(strstr(buf, "<td>2001:db8::/64</td><td>until "
	    "reboot</td>"));
}

static void
test_metrics_have_families_and_escaped_labels(void **state)
{
	(void)state;
	add(3, CHK_FAIL);
	view.scan = &scan;
	view.mqtt_enabled = view.mqtt_connected = true;
	view.mqtt_dropped = 5;
	view.scans = 7;
	view.scans_failed = 2;
	assert_true(status_metrics(buf, sizeof(buf), &snap) > 0);
	assert_non_null(strstr(buf, "# TYPE camguard_build_info gauge\n"
	    "camguard_build_info{camera=\"cam-lobby-01\",version=\""
	    CAMGUARD_VERSION "\"} 1\n"));
	assert_non_null(strstr(buf, "camguard_check_result{camera=\""
	    "cam-lobby-01\",id=\"MX-03\",severity=\"critical\","
	    "result=\"fail\"} 1\n"));
	assert_non_null(strstr(buf, "camguard_check_result{camera=\""
	    "cam-lobby-01\",id=\"X\\\"1\\\\\\n\",severity=\"info\","
	    "result=\"fail\"} 1\n"));
	assert_non_null(strstr(buf, "camguard_checks{camera=\"cam-lobby-01\","
	    "result=\"waived\"} 1\n"));
	assert_non_null(strstr(buf,
	    "camguard_score_ratio{camera=\"cam-lobby-01\"} 0.333333\n"));
	assert_non_null(strstr(buf, "camguard_last_scan_timestamp_seconds{"
	    "camera=\"cam-lobby-01\"} 1741944360\n"));
	assert_non_null(strstr(buf, "# TYPE camguard_ids_failures_total "
	    "counter\ncamguard_ids_failures_total{camera=\"cam-lobby-01\"} "
	    "0\n"));
	assert_non_null(strstr(buf,
	    "camguard_mqtt_connected{camera=\"cam-lobby-01\"} 1\n"));
	assert_non_null(strstr(buf,
	    "camguard_mqtt_dropped_total{camera=\"cam-lobby-01\"} 5\n"));
	assert_non_null(strstr(buf,
	    "camguard_scans_total{camera=\"cam-lobby-01\"} 7\n"));
	assert_non_null(strstr(buf,
	    "camguard_scans_failed_total{camera=\"cam-lobby-01\"} 2\n"));
}

static void
test_metrics_give_each_dated_waiver_its_end(void **state)
{
	static struct conf c;

	(void)state;
	conf_defaults(&c);
	c.checks.n_waivers = 2;
	snprintf(c.checks.waivers[0].id, sizeof(c.checks.waivers[0].id),
	    "MX-10");
	snprintf(c.checks.waivers[0].expires,
	    sizeof(c.checks.waivers[0].expires), "2025-03-14");
	snprintf(c.checks.waivers[1].id, sizeof(c.checks.waivers[1].id),
	    "VG-02");
	view.conf = &c;
	assert_true(status_metrics(buf, sizeof(buf), &snap) > 0);
	/* 2025-03-14 holds through that day: 2025-03-15T00:00:00Z */
	assert_non_null(strstr(buf, "camguard_waiver_expiry_timestamp_seconds"
	    "{camera=\"fallback\",id=\"MX-10\"} 1741996800\n"));
	assert_null(strstr(buf, "id=\"VG-02\"} "));
	view.conf = NULL;
}

static void
test_metrics_before_a_scan_have_no_check_samples(void **state)
{
	(void)state;
	assert_true(status_metrics(buf, sizeof(buf), &snap) > 0);
	assert_non_null(strstr(buf, "# TYPE camguard_check_result gauge\n"
	    "# HELP camguard_checks"));
	assert_null(strstr(buf, "\ncamguard_score_ratio"));
	assert_null(strstr(buf, "\ncamguard_last_scan_timestamp_seconds"));
	assert_non_null(strstr(buf,
	    "camguard_ids_blocked{camera=\"fallback\"} 0\n"));
}

static void
test_page_groups_failures_by_severity(void **state)
{
	const char *crit, *high;

	(void)state;
	view.scan = &scan;
	assert_true(status_page(buf, sizeof(buf), &snap) > 0);
	assert_non_null(strstr(buf, "<meta name=\"viewport\""));
	assert_non_null(strstr(buf, "<h1>cam-lobby-01</h1>"));
	assert_non_null(strstr(buf,
	    "camguard " CAMGUARD_VERSION ", up 1 h 13 min"));
	assert_non_null(strstr(buf, "<dd>MX-V5.2.0.61</dd>"));
	assert_non_null(strstr(buf, "2025-03-14 09:26:00 UTC"));
	assert_non_null(strstr(buf, "33.3 %"));
	crit = strstr(buf, "<span class=\"sev critical\">critical</span> 1");
	high = strstr(buf, "<span class=\"sev high\">high</span> 1");
	assert_non_null(crit);
	assert_non_null(high);
	assert_true(crit < high);
	assert_non_null(strstr(buf, "Admin Menu &gt; Users and Passwords"));
	assert_null(strstr(buf, "MX-09"));
	assert_null(strstr(buf, "<script"));
	assert_null(strstr(buf, "http://"));	/* no external asset */
}

static void
test_page_escapes_every_string(void **state)
{
	(void)state;
	view.scan = &scan;
	snprintf(scan.camera_id, sizeof(scan.camera_id),
	    "<script>alert(1)</script>");
	snprintf(view.scan_error, sizeof(view.scan_error),
	    "bad\x01\xff byte '\"");
	assert_true(status_page(buf, sizeof(buf), &snap) > 0);
	assert_null(strstr(buf, "<script>"));
	assert_non_null(strstr(buf,
	    "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
	assert_non_null(strstr(buf,
	    "Digest &lt;b&gt;authentication&lt;/b&gt;"));
	/* quote, ampersand, RLO and ESC */
	assert_non_null(strstr(buf, "Use &quot;digest&quot; &amp; "
	    "\xef\xbf\xbd" "evil \xef\xbf\xbd[2J"));
	assert_non_null(strstr(buf, "bad\xef\xbf\xbd\xef\xbf\xbd byte "
	    "&#39;&quot;"));
	assert_non_null(strstr(buf, "Guide \xc2\xa7" "8"));	/* UTF-8 kept */
}

static void
test_small_buffers_fail_whole(void **state)
{
	char small[256];

	(void)state;
	view.scan = &scan;
	assert_int_equal(status_json(small, sizeof(small), &snap), -1);
	assert_int_equal(status_metrics(small, sizeof(small), &snap), -1);
	assert_int_equal(status_page(small, sizeof(small), &snap), -1);
}

/* A blind IDS and blocking that is not enforced show in every document. */
static void
test_ids_health_shows_in_json_metrics_and_page(void **state)
{
	(void)state;
	view.ids_enabled = view.ids_running = true;
	view.ids_blocking = IDS_BLOCKING_NOT_ENFORCED;
	snprintf(view.ids_blocking_why, sizeof(view.ids_blocking_why),
	    "access control off");
	view.n_ids_sources = 2;
	snprintf(view.ids_sources[0].path, CONF_PATH_MAX, "/var/log/a\"b");
	view.ids_sources[0].error = ENOENT;
	snprintf(view.ids_sources[1].path, CONF_PATH_MAX, "/var/log/ok");
	view.ids_sources[1].readable = true;
	view.ids_sources[1].last_line = snap.now - 42;
	render_json();
	assert_non_null(strstr(buf, "\"enabled\":true,\"running\":true,"
	    "\"blocking\":\"not_enforced\",\"blocking_reason\":\"access "
	    "control off\",\"sources\":[{\"path\":\"/var/log/a\\\"b\","
	    "\"readable\":false,\"error\":\"No such file or directory\","
	    "\"last_line_age_s\":null},{\"path\":\"/var/log/ok\","
	    "\"readable\":true,\"error\":null,\"last_line_age_s\":42}]}"));
	assert_true(status_metrics(buf, sizeof(buf), &snap) > 0);
	assert_non_null(strstr(buf, "camguard_ids_running{camera=\"fallback\"}"
	    " 1\n"));
	assert_non_null(strstr(buf, "camguard_ids_blocking{camera=\"fallback\"}"
	    " 0\n"));
	assert_non_null(strstr(buf, "camguard_ids_source_up{"
	    "camera=\"fallback\",path=\"/var/log/a\\\"b\"} 0\n"));
	assert_non_null(strstr(buf, "camguard_ids_source_up{"
	    "camera=\"fallback\",path=\"/var/log/ok\"} 1\n"));
	assert_non_null(strstr(buf, "camguard_ids_source_last_line_age_seconds"
	    "{camera=\"fallback\",path=\"/var/log/ok\"} 42\n"));
	assert_true(status_page(buf, sizeof(buf), &snap) > 0);
	assert_non_null(strstr(buf, "not enforced (alarms only): access "
	    "control off"));
	assert_non_null(strstr(buf, "/var/log/a&quot;b: not read (No such "
	    "file or directory)"));
	assert_non_null(strstr(buf, "Blocking is off here"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(
		    test_before_a_scan_summary_is_null_and_failed_empty, setup),
		cmocka_unit_test_setup(test_status_lists_only_failed_records,
		    setup),
		cmocka_unit_test_setup(test_a_failed_scan_shows_its_reason,
		    setup),
		cmocka_unit_test_setup(test_siem_counters_are_shown_everywhere,
		    setup),
		cmocka_unit_test_setup(test_blocks_have_ip_prefix_and_until,
		    setup),
		cmocka_unit_test_setup(
		    test_metrics_have_families_and_escaped_labels, setup),
		cmocka_unit_test_setup(
		    test_metrics_give_each_dated_waiver_its_end, setup),
		cmocka_unit_test_setup(
		    test_metrics_before_a_scan_have_no_check_samples, setup),
		cmocka_unit_test_setup(test_page_groups_failures_by_severity,
		    setup),
		cmocka_unit_test_setup(test_page_escapes_every_string, setup),
		cmocka_unit_test_setup(test_small_buffers_fail_whole, setup),
		cmocka_unit_test_setup(
		    test_ids_health_shows_in_json_metrics_and_page, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
