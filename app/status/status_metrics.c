/*
 * status_metrics.c - /metrics in the Prometheus text format 0.0.4.
 *
 * Owns the metric names, their HELP texts and types: build info, the
 * result of each check and the counts per result, the score and the time
 * of the last scan, scans run and failed, waiver expiry, the intrusion
 * detection counters and health (running, blocking, each source read),
 * and the MQTT link.  Every sample carries the
 * camera's id as its first label, camera="...", as the fleet endpoint's
 * do, so that one set of alert rules serves both.  Counters end in
 * _total.  Families that need a scan have no samples
 * before the first one.  Label values are escaped (backslash, quote,
 * newline) wherever they come from.  Pure: reads a snapshot, writes a
 * caller buffer.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check/check.h"
#include "check/policy.h"
#include "core/conf.h"
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

/* A sample's name and its first label, the camera every series carries. */
static void
put_sample(struct status_buf *b, const char *name, const char *camera)
{
	status_buf_puts(b, name);
	put_label(b, "camera", camera, true);
}

static void
put_checks(struct status_buf *b, const char *cam, const struct chk_scan *scan)
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
		put_sample(b, "camguard_check_result", cam);
		put_label(b, "id", r->def->id, false);
		put_label(b, "severity", chk_severity_name(r->pc->severity),
		    false);
		put_label(b, "result", chk_result_name(r->result), false);
		status_buf_puts(b, "} 1\n");
	}
	put_family(b, "camguard_checks", "gauge",
	    "Checks per result in the last scan.");
	for (res = 0; scan && res < CHK_RESULT_COUNT; res++) {
		put_sample(b, "camguard_checks", cam);
		put_label(b, "result", chk_result_name((enum chk_result)res),
		    false);
		status_buf_printf(b, "} %u\n", scan->counts.n[res]);
	}
}

static void
put_scan(struct status_buf *b, const char *cam, const struct chk_scan *scan)
{
	put_family(b, "camguard_score_ratio", "gauge",
	    "Passed / (passed + failed) checks in the last scan; NaN when "
	    "both are 0.");
	if (scan) {
		put_sample(b, "camguard_score_ratio", cam);
		if (scan->score_valid && isfinite(scan->score))
			status_buf_printf(b, "} %.6g\n", scan->score);
		else
			status_buf_puts(b, "} NaN\n");
	}
	put_family(b, "camguard_last_scan_timestamp_seconds", "gauge",
	    "When the last scan ran, in seconds since the epoch.");
	if (scan) {
		put_sample(b, "camguard_last_scan_timestamp_seconds", cam);
		status_buf_printf(b, "} %lld\n", (long long)scan->time);
	}
}

static void
put_value(struct status_buf *b, const char *name, const char *type,
    const char *help, const char *cam, unsigned long long v)
{
	put_family(b, name, type, help);
	put_sample(b, name, cam);
	status_buf_printf(b, "} %llu\n", v);
}

static void
put_counter(struct status_buf *b, const char *cam, const char *name,
    const char *help, unsigned long long v)
{
	put_value(b, name, "counter", help, cam, v);
}

static void
put_gauge(struct status_buf *b, const char *cam, const char *name,
    const char *help, unsigned long long v)
{
	put_value(b, name, "gauge", help, cam, v);
}

/* Blindness is loud: the IDS running, blocking, each source read. */
static void
put_ids_health(struct status_buf *b, const char *cam,
    const struct status_snapshot *s)
{
	const struct daemon_view *v = s->view;
	const struct ids_source_view *sv;
	size_t i;

	put_gauge(b, cam, "camguard_ids_running",
	    "1 while the intrusion detection runs.", v->ids_running);
	put_gauge(b, cam, "camguard_ids_blocking",
	    "1 while blocks are really made (a firewall took the backend "
	    "and, for camera-acl, the camera's IP access control is on).",
	    v->ids_running && v->ids_blocking == IDS_BLOCKING_ON);
	put_family(b, "camguard_ids_source_up", "gauge",
	    "1 while the intrusion detection reads this log source.");
	for (i = 0; i < v->n_ids_sources; i++) {
		sv = &v->ids_sources[i];
		put_sample(b, "camguard_ids_source_up", cam);
		put_label(b, "path", sv->path, false);
		status_buf_printf(b, "} %d\n", sv->readable);
	}
	put_family(b, "camguard_ids_source_last_line_age_seconds", "gauge",
	    "Seconds since the last line of this log source (none before "
	    "the first).");
	for (i = 0; i < v->n_ids_sources; i++) {
		sv = &v->ids_sources[i];
		if (!sv->last_line)
			continue;
		put_sample(b, "camguard_ids_source_last_line_age_seconds",
		    cam);
		put_label(b, "path", sv->path, false);
		status_buf_printf(b, "} %lld\n", s->now > sv->last_line ?
		    (long long)(s->now - sv->last_line) : 0LL);
	}
}

static void
put_ids(struct status_buf *b, const char *cam, const struct ids_stats *st)
{
	put_counter(b, cam, "camguard_ids_failures_total",
	    "Failed logins counted by the intrusion detection.",
	    st->failures);
	put_counter(b, cam, "camguard_ids_alarms_total",
	    "Intrusion alarms raised.", st->alarms);
	put_counter(b, cam, "camguard_ids_blocks_total",
	    "Sources blocked, counting each block.", st->blocks);
	put_gauge(b, cam, "camguard_ids_blocked",
	    "Sources blocked now.", st->blocked);
	put_counter(b, cam, "camguard_ids_evictions_total",
	    "Sources dropped from the full table of tracked sources.",
	    st->evictions);
	put_counter(b, cam, "camguard_ids_blocks_refused_total",
	    "Blocks the privileged parent's policy refused.", st->refused);
	put_counter(b, cam, "camguard_ids_state_refused_total",
	    "State-file blocks refused at restore (rules, capacity).",
	    st->state_refused);
	put_gauge(b, cam, "camguard_ids_state_unsaved",
	    "Blocks the last save left out of the full state file.",
	    st->state_unsaved);
}

/* Shared bans (ids.fleet). */
static void
put_shared(struct status_buf *b, const char *cam,
    const struct ids_shared_stats *sh)
{
	static const char *const why[] = { "untrusted", "forged", "flood",
		"full", "refused" };
	const uint64_t n[] = { sh->untrusted, sh->forged, sh->flood, sh->full,
		sh->refused };
	size_t i;

	put_gauge(b, cam, "camguard_ids_shared_blocked",
	    "Shared blocks held now for trusted cameras.", sh->held);
	put_counter(b, cam, "camguard_ids_shared_blocks_total",
	    "Shared blocks taken from trusted cameras.", sh->applied);
	put_counter(b, cam, "camguard_ids_shared_ended_total",
	    "Shared blocks ended (origin, block_s, operator).", sh->ended);
	put_family(b, "camguard_ids_shared_dropped_total", "counter",
	    "Shared ban messages turned away, by reason.");
	for (i = 0; i < sizeof(why) / sizeof(why[0]); i++) {
		put_sample(b, "camguard_ids_shared_dropped_total", cam);
		put_label(b, "reason", why[i], false);
		status_buf_printf(b, "} %llu\n", (unsigned long long)n[i]);
	}
}

static void
put_waivers(struct status_buf *b, const char *cam, const struct conf *c)
{
	long long end;
	size_t i;

	put_family(b, "camguard_waiver_expiry_timestamp_seconds", "gauge",
	    "When each waiver with an expiry date stops holding, in seconds "
	    "since the epoch.");
	for (i = 0; c && i < c->checks.n_waivers; i++) {
		if (conf_waiver_end(c->checks.waivers[i].expires, &end) < 0)
			continue;
		put_sample(b, "camguard_waiver_expiry_timestamp_seconds", cam);
		put_label(b, "id", c->checks.waivers[i].id, false);
		status_buf_printf(b, "} %lld\n", end);
	}
}

static void
put_siem(struct status_buf *b, const char *cam, const struct siem_stats *st)
{
	put_gauge(b, cam, "camguard_siem_connected",
	    "1 while the SIEM collector is reachable.", st->connected);
	put_gauge(b, cam, "camguard_siem_queued",
	    "SIEM messages queued, sent but unconfirmed included.",
	    st->queued);
	put_counter(b, cam, "camguard_siem_sent_total",
	    "SIEM messages written to the collector, resends included.",
	    st->sent);
	put_counter(b, cam, "camguard_siem_resent_total",
	    "SIEM messages written again after a lost connection.",
	    st->resent);
	put_counter(b, cam, "camguard_siem_dropped_total",
	    "SIEM messages never sent: dropped from the full queue.",
	    st->dropped);
	put_counter(b, cam, "camguard_siem_tls_failures_total",
	    "TLS handshakes with the SIEM collector that failed.",
	    st->tls_failures);
	put_counter(b, cam, "camguard_siem_connection_failures_total",
	    "Connections to the SIEM collector that failed or broke.",
	    st->conn_failures);
}

int
status_metrics(char *buf, size_t cap, const struct status_snapshot *s)
{
	const struct daemon_view *v = s->view;
	const char *cam = status_camera(s);
	struct status_buf b;

	status_buf_init(&b, buf, cap);
	put_family(&b, "camguard_build_info", "gauge",
	    "The running camguard; the sample is 1.");
	put_sample(&b, "camguard_build_info", cam);
	put_label(&b, "version", CAMGUARD_VERSION, false);
	status_buf_puts(&b, "} 1\n");
	put_checks(&b, cam, v->scan);
	put_scan(&b, cam, v->scan);
	put_counter(&b, cam, "camguard_scans_total",
	    "Scans finished since the start.", v->scans);
	put_counter(&b, cam, "camguard_scans_failed_total",
	    "Scans that could not read the camera, since the start.",
	    v->scans_failed);
	put_waivers(&b, cam, v->conf);
	put_ids(&b, cam, &v->ids);
	put_shared(&b, cam, &v->shared_st);
	put_ids_health(&b, cam, s);
	put_counter(&b, cam, "camguard_status_auth_failures_total",
	    "Requests to the status endpoint with a wrong or no token.",
	    s->auth_failures);
	put_gauge(&b, cam, "camguard_mqtt_connected",
	    "1 while connected to the MQTT broker.", v->mqtt_connected);
	put_counter(&b, cam, "camguard_mqtt_dropped_total",
	    "MQTT messages dropped from the full offline queue.",
	    v->mqtt_dropped);
	put_siem(&b, cam, &v->siem);
	return status_buf_end(&b);
}

/* The same escaping for another endpoint (the fleet server's /metrics). */
void
status_label_value(struct status_buf *b, const char *s)
{
	put_label_value(b, s);
}
