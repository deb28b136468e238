/*
 * fleet_metrics.c - the fleet server's /metrics: one Prometheus endpoint
 * (text format 0.0.4) for every camera whose messages reach the broker.
 *
 * Series that the agent's own /metrics has carry its names and labels
 * (status/status_metrics.c), camera="<id>" first, so that one set of
 * alert rules serves both: camguard_check_result from the retained
 * hardening/check/<ID> records, camguard_checks, camguard_score_ratio and
 * camguard_last_scan_timestamp_seconds from hardening/summary,
 * camguard_waiver_expiry_timestamp_seconds from waived records,
 * camguard_ids_blocked from ids/blocked, camguard_build_info,
 * camguard_mqtt_dropped_total and the IDS's health (camguard_ids_running,
 * camguard_ids_blocking, camguard_ids_source_up) from camguard/status.
 * camguard_ids_alarms_total counts the notify/ids_alarm messages this
 * server received since it started.  camguard_fleet_* are the server's own: per camera whether
 * it is up and how long since it was last known connected, and for the
 * fleet the cameras known and expected but missing, the messages read,
 * refused and dropped, and the broker link.  Pure.
 */
#include <math.h>
#include <stdio.h>

#include "check/check.h"
#include "fleet/fleet_docs.h"
#include "status/status.h"

static void
family(struct status_buf *b, const char *name, const char *type,
    const char *help)
{
	status_buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
	    type);
}

static void
label(struct status_buf *b, const char *name, const char *v)
{
	status_buf_printf(b, ",%s=\"", name);
	status_label_value(b, v);
	status_buf_puts(b, "\"");
}

/* name{camera="id" and the labels that follow */
static void
sample(struct status_buf *b, const char *name, const struct fleet_entry *e)
{
	status_buf_printf(b, "%s{camera=\"", name);
	status_label_value(b, e->cam.id);
	status_buf_puts(b, "\"");
}

static void
fleet_own(struct status_buf *b, const struct fleet_doc_in *in)
{
	const struct fleet_model *m = in->m;

	family(b, "camguard_fleet_cameras", "gauge",
	    "Cameras the fleet server knows from the broker.");
	status_buf_printf(b, "camguard_fleet_cameras %zu\n", m->n);
	family(b, "camguard_fleet_cameras_missing", "gauge",
	    "Cameras listed in --expect that never reported.");
	status_buf_printf(b, "camguard_fleet_cameras_missing %zu\n",
	    fleet_model_missing(m));
	family(b, "camguard_fleet_mqtt_connected", "gauge",
	    "1 while the fleet server is connected to the broker.");
	status_buf_printf(b, "camguard_fleet_mqtt_connected %d\n",
	    in->connected ? 1 : 0);
	family(b, "camguard_fleet_messages_total", "counter",
	    "MQTT messages the fleet server received.");
	status_buf_printf(b, "camguard_fleet_messages_total %llu\n",
	    (unsigned long long)m->messages);
	family(b, "camguard_fleet_malformed_total", "counter",
	    "Messages refused: a topic or payload that is not camguard's.");
	status_buf_printf(b, "camguard_fleet_malformed_total %llu\n",
	    (unsigned long long)m->malformed);
	family(b, "camguard_fleet_dropped_total", "counter",
	    "Messages dropped for want of room: a new camera on a full "
	    "table, a check beyond a camera's records.");
	status_buf_printf(b, "camguard_fleet_dropped_total{reason=\"table_full"
	    "\"} %llu\n", (unsigned long long)m->full);
	status_buf_printf(b, "camguard_fleet_dropped_total{reason=\"checks_"
	    "full\"} %llu\n", (unsigned long long)m->checks_full);
}

static void
per_camera_link(struct status_buf *b, const struct fleet_doc_in *in)
{
	const struct fleet_model *m = in->m;
	const struct fleet_entry *e;
	int64_t alive;
	size_t i;

	family(b, "camguard_fleet_camera_up", "gauge",
	    "1 while the camera's retained status says online.");
	for (i = 0; i < m->n; i++) {
		sample(b, "camguard_fleet_camera_up", &m->cams[i]);
		status_buf_printf(b, "} %d\n", fleet_entry_state(&m->cams[i]) ==
		    FLEET_ROW_ONLINE);
	}
	family(b, "camguard_fleet_last_seen_age_seconds", "gauge",
	    "Seconds since the camera was last known connected; 0 while "
	    "online.");
	for (i = 0; i < m->n; i++) {
		e = &m->cams[i];
		if (!(alive = fleet_entry_last_alive(e, in->now)))
			continue;
		sample(b, "camguard_fleet_last_seen_age_seconds", e);
		status_buf_printf(b, "} %lld\n", (long long)(in->now - alive));
	}
	family(b, "camguard_build_info", "gauge",
	    "The camguard each camera runs; the sample is 1.");
	for (i = 0; i < m->n; i++) {
		e = &m->cams[i];
		if (!e->cam.version[0])
			continue;
		sample(b, "camguard_build_info", e);
		label(b, "version", e->cam.version);
		status_buf_puts(b, "} 1\n");
	}
}

static void
per_check(struct status_buf *b, const struct fleet_model *m)
{
	const struct fleet_entry *e;
	const struct fleet_check *c;
	size_t i, k;

	family(b, "camguard_check_result", "gauge",
	    "Result of each check in the camera's last scan (the sample is "
	    "1).");
	for (i = 0; i < m->n; i++)
		for (k = 0, e = &m->cams[i]; k < e->n_checks; k++) {
			c = &e->checks[k];
			sample(b, "camguard_check_result", e);
			label(b, "id", c->id);
			label(b, "severity", chk_severity_name(c->severity));
			label(b, "result", chk_result_name(c->result));
			status_buf_puts(b, "} 1\n");
		}
	family(b, "camguard_waiver_expiry_timestamp_seconds", "gauge",
	    "When the waiver of a waived check stops holding, in seconds "
	    "since the epoch.");
	for (i = 0; i < m->n; i++)
		for (k = 0, e = &m->cams[i]; k < e->n_checks; k++) {
			c = &e->checks[k];
			if (!c->waiver_end)
				continue;
			sample(b, "camguard_waiver_expiry_timestamp_seconds",
			    e);
			label(b, "id", c->id);
			status_buf_printf(b, "} %lld\n", c->waiver_end);
		}
}

static void
per_summary(struct status_buf *b, const struct fleet_model *m)
{
	const struct fleet_entry *e;
	size_t i;
	int r;

	family(b, "camguard_checks", "gauge",
	    "Checks per result in the camera's last scan.");
	for (i = 0; i < m->n; i++)
		for (r = 0, e = &m->cams[i]; e->cam.has_summary &&
		    e->cam.has_counts && r < CHK_RESULT_COUNT; r++) {
			sample(b, "camguard_checks", e);
			label(b, "result", chk_result_name((enum chk_result)r));
			status_buf_printf(b, "} %lld\n", e->cam.counts[r]);
		}
	family(b, "camguard_score_ratio", "gauge",
	    "Passed / (passed + failed) checks in the camera's last scan; "
	    "NaN when both are 0.");
	for (i = 0; i < m->n; i++) {
		if (!(e = &m->cams[i])->cam.has_summary)
			continue;
		sample(b, "camguard_score_ratio", e);
		if (e->cam.score_valid && isfinite(e->cam.score))
			status_buf_printf(b, "} %.6g\n", e->cam.score);
		else
			status_buf_puts(b, "} NaN\n");
	}
	family(b, "camguard_last_scan_timestamp_seconds", "gauge",
	    "When the camera's last scan ran, in seconds since the epoch.");
	for (i = 0; i < m->n; i++) {
		if (!(e = &m->cams[i])->cam.has_summary || !e->cam.scan_time)
			continue;
		sample(b, "camguard_last_scan_timestamp_seconds", e);
		status_buf_printf(b, "} %lld\n", e->cam.scan_time);
	}
}

/* From the "ids" object of an online camera's status (IDS on). */
static void
per_ids_health(struct status_buf *b, const struct fleet_model *m)
{
	const struct fleet_entry *e;
	size_t i, k;

	family(b, "camguard_ids_running", "gauge",
	    "1 while the camera's intrusion detection runs.");
	for (i = 0; i < m->n; i++) {
		if (!(e = &m->cams[i])->ids.present)
			continue;
		sample(b, "camguard_ids_running", e);
		status_buf_printf(b, "} %d\n", e->ids.running);
	}
	family(b, "camguard_ids_blocking", "gauge",
	    "1 while the camera's blocks are really made.");
	for (i = 0; i < m->n; i++) {
		if (!(e = &m->cams[i])->ids.present)
			continue;
		sample(b, "camguard_ids_blocking", e);
		status_buf_printf(b, "} %d\n", e->ids.running &&
		    e->ids.blocking);
	}
	family(b, "camguard_ids_source_up", "gauge",
	    "1 while the camera's intrusion detection reads this log source.");
	for (i = 0; i < m->n; i++)
		for (k = 0, e = &m->cams[i]; e->ids.present && k < e->ids.n;
		    k++) {
			sample(b, "camguard_ids_source_up", e);
			label(b, "path", e->ids.src[k].path);
			status_buf_printf(b, "} %d\n", e->ids.src[k].readable);
		}
}

static void
per_ids(struct status_buf *b, const struct fleet_model *m)
{
	const struct fleet_entry *e;
	size_t i;

	family(b, "camguard_ids_blocked", "gauge",
	    "Sources the camera's intrusion detection blocks now.");
	for (i = 0; i < m->n; i++) {
		if (!(e = &m->cams[i])->has_blocked)
			continue;
		sample(b, "camguard_ids_blocked", e);
		status_buf_printf(b, "} %lld\n", e->blocked);
	}
	family(b, "camguard_ids_alarms_total", "counter",
	    "Intrusion alarms of the camera the fleet server received since "
	    "it started.");
	for (i = 0; i < m->n; i++) {
		sample(b, "camguard_ids_alarms_total", &m->cams[i]);
		status_buf_printf(b, "} %llu\n",
		    (unsigned long long)m->cams[i].alarms);
	}
	family(b, "camguard_mqtt_dropped_total", "counter",
	    "MQTT messages the camera dropped from its full offline queue.");
	for (i = 0; i < m->n; i++) {
		if ((e = &m->cams[i])->cam.dropped < 0)
			continue;
		sample(b, "camguard_mqtt_dropped_total", e);
		status_buf_printf(b, "} %lld\n", e->cam.dropped);
	}
}

int
fleet_metrics(char *buf, size_t cap, const struct fleet_doc_in *in)
{
	struct status_buf b;

	status_buf_init(&b, buf, cap);
	fleet_own(&b, in);
	per_camera_link(&b, in);
	per_check(&b, in->m);
	per_summary(&b, in->m);
	per_ids(&b, in->m);
	per_ids_health(&b, in->m);
	return status_buf_end(&b);
}
