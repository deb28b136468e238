/*
 * status_metrics.c - /metrics in the Prometheus text format 0.0.4.
 *
 * Owns the metric names, their HELP texts and types: build info, the
 * result of each check and the counts per result, the score and the time
 * of the last scan, the intrusion detection counters, and the MQTT link.
 * Counters end in _total.  Families that need a scan have no samples
 * before the first one.  Label values are escaped (backslash, quote,
 * newline) wherever they come from.  Pure: reads a snapshot, writes a
 * caller buffer.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check/check.h"
#include "check/policy.h"
#include "status/status.h"

static void
put_family(struct status_buf *b, const char *name, const char *type,
    const char *help)
{
	status_buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
	    type);
}

/* A label value: backslash, double quote and newline escaped. */
static void
put_label_value(struct status_buf *b, const char *s)
{
	size_t run;

	for (; *s; s += run) {
		run = strcspn(s, "\\\"\n");
		status_buf_put(b, s, run);
		if (s[run] == '\0')
			break;
		status_buf_puts(b, s[run] == '\n' ? "\\n" :
		    s[run] == '"' ? "\\\"" : "\\\\");
		run++;
	}
}

static void
put_label(struct status_buf *b, const char *name, const char *value,
    bool first)
{
	status_buf_printf(b, "%s%s=\"", first ? "{" : ",", name);
	put_label_value(b, value);
	status_buf_puts(b, "\"");
}

static void
put_checks(struct status_buf *b, const struct chk_scan *scan)
{
	const struct chk_record *r;
	size_t i;
	int res;

	put_family(b, "camguard_check_result", "gauge",
	    "Result of each check in the last scan (the sample is 1).");
	for (i = 0; scan && i < scan->n_records && i < CHK_CATALOGUE_MAX;
	    i++) {
		r = &scan->records[i];
		if (!r->def || !r->pc)
			continue;
		status_buf_puts(b, "camguard_check_result");
		put_label(b, "id", r->def->id, true);
		put_label(b, "severity", chk_severity_name(r->pc->severity),
		    false);
		put_label(b, "result", chk_result_name(r->result), false);
		status_buf_puts(b, "} 1\n");
	}
	put_family(b, "camguard_checks", "gauge",
	    "Checks per result in the last scan.");
	for (res = 0; scan && res < CHK_RESULT_COUNT; res++) {
		status_buf_puts(b, "camguard_checks");
		put_label(b, "result", chk_result_name((enum chk_result)res),
		    true);
		status_buf_printf(b, "} %u\n", scan->counts.n[res]);
	}
}

static void
put_scan(struct status_buf *b, const struct chk_scan *scan)
{
	put_family(b, "camguard_score_ratio", "gauge",
	    "Passed / (passed + failed) checks in the last scan; NaN when "
	    "both are 0.");
	if (scan && scan->score_valid && isfinite(scan->score))
		status_buf_printf(b, "camguard_score_ratio %.6g\n",
		    scan->score);
	else if (scan)
		status_buf_puts(b, "camguard_score_ratio NaN\n");
	put_family(b, "camguard_last_scan_timestamp_seconds", "gauge",
	    "When the last scan ran, in seconds since the epoch.");
	if (scan)
		status_buf_printf(b,
		    "camguard_last_scan_timestamp_seconds %lld\n",
		    (long long)scan->time);
}

static void
put_counter(struct status_buf *b, const char *name, const char *help,
    unsigned long long v)
{
	put_family(b, name, "counter", help);
	status_buf_printf(b, "%s %llu\n", name, v);
}

static void
put_gauge(struct status_buf *b, const char *name, const char *help,
    unsigned long long v)
{
	put_family(b, name, "gauge", help);
	status_buf_printf(b, "%s %llu\n", name, v);
}

static void
put_ids(struct status_buf *b, const struct ids_stats *st)
{
	put_counter(b, "camguard_ids_failures_total",
	    "Failed logins counted by the intrusion detection.",
	    st->failures);
	put_counter(b, "camguard_ids_alarms_total",
	    "Intrusion alarms raised.", st->alarms);
	put_counter(b, "camguard_ids_blocks_total",
	    "Sources blocked, counting each block.", st->blocks);
	put_gauge(b, "camguard_ids_blocked",
	    "Sources blocked now.", st->blocked);
}

int
status_metrics(char *buf, size_t cap, const struct status_snapshot *s)
{
	const struct daemon_view *v = s->view;
	struct status_buf b;

	status_buf_init(&b, buf, cap);
	put_family(&b, "camguard_build_info", "gauge",
	    "The running camguard; the sample is 1.");
	status_buf_puts(&b, "camguard_build_info");
	put_label(&b, "version", CAMGUARD_VERSION, true);
	status_buf_puts(&b, "} 1\n");
	put_checks(&b, v->scan);
	put_scan(&b, v->scan);
	put_ids(&b, &v->ids);
	put_gauge(&b, "camguard_mqtt_connected",
	    "1 while connected to the MQTT broker.", v->mqtt_connected);
	put_counter(&b, "camguard_mqtt_dropped_total",
	    "MQTT messages dropped from the full offline queue.",
	    v->mqtt_dropped);
	return status_buf_end(&b);
}
