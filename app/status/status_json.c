/*
 * status_json.c - the /status document (spec section 9), and the bounded
 * text buffer the other status renderers write into.
 *
 * The document is one JSON object: camera, version, uptime, the summary
 * of the last scan (section 7, shared with MQTT through
 * report_summary_json), the failing check records (section 4), the
 * intrusion detection counters with the sources blocked now, and the MQTT
 * link.  Before the first scan the summary is null and the list of
 * failures empty.  Pure: reads a snapshot, writes a caller buffer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check/check.h"
#include "core/json_write.h"
#include "core/readfile.h"
#include "report/report.h"
#include "status/status.h"

void
status_buf_init(struct status_buf *b, char *buf, size_t cap)
{
	b->buf = buf;
	b->cap = cap;
	b->len = 0;
	b->overflow = buf == NULL || cap == 0;
}

/* Keeps one byte for a NUL, so the buffer is always a C string. */
void
status_buf_put(struct status_buf *b, const char *s, size_t n)
{
	if (b->overflow)
		return;
	if (n >= b->cap - b->len) {
		b->overflow = true;
		return;
	}
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void
status_buf_puts(struct status_buf *b, const char *s)
{
	status_buf_put(b, s, strlen(s));
}

void
status_buf_printf(struct status_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= b->cap - b->len) {
		b->overflow = true;
		b->buf[b->len] = '\0';
		return;
	}
	b->len += (size_t)n;
}

int
status_buf_end(const struct status_buf *b)
{
	return b->overflow || b->len > (size_t)INT32_MAX ? -1 : (int)b->len;
}

const char *
status_camera(const struct status_snapshot *s)
{
	const struct chk_scan *scan = s->view->scan;

	if (scan && scan->camera_id[0])
		return scan->camera_id;
	return s->camera ? s->camera : "";
}

static void
put_failed(struct jw *jw, const struct chk_scan *scan)
{
	size_t i;

	jw_arr_begin(jw, "failed");
	for (i = 0; scan && i < scan->n_records && i < CHK_CATALOGUE_MAX;
	    i++) {
		if (scan->records[i].result == CHK_FAIL)
			report_record_json(jw, &scan->records[i]);
	}
	jw_arr_end(jw);
}

static void
put_blocked(struct jw *jw, const struct status_snapshot *s)
{
	char ip[ADDR_STR_MAX], *slash;
	size_t i;

	jw_arr_begin(jw, "blocked");
	for (i = 0; i < s->n_blocks; i++) {
		addr_format(&s->blocks[i].net, ip, sizeof(ip));
		if ((slash = strchr(ip, '/')))
			*slash = '\0';
		jw_obj_begin(jw, NULL);
		jw_str(jw, "ip", ip);
		jw_int(jw, "prefix", s->blocks[i].net.prefix);
		if (s->blocks[i].until)
			jw_int(jw, "until", s->blocks[i].until);
		else
			jw_null(jw, "until");
		if (s->blocks[i].origin[0])
			jw_str(jw, "origin", s->blocks[i].origin);
		if (s->blocks[i].reason[0])
			jw_str(jw, "reason", s->blocks[i].reason);
		jw_obj_end(jw);
	}
	jw_arr_end(jw);
}

/* Shared bans (ids.fleet): held now, taken, ended, turned away by why. */
static void
put_shared(struct jw *jw, const struct ids_shared_stats *sh)
{
	jw_obj_begin(jw, "shared");
	jw_int(jw, "held", (long long)sh->held);
	jw_int(jw, "applied", (long long)sh->applied);
	jw_int(jw, "ended", (long long)sh->ended);
	jw_obj_begin(jw, "dropped");
	jw_int(jw, "untrusted", (long long)sh->untrusted);
	jw_int(jw, "forged", (long long)sh->forged);
	jw_int(jw, "flood", (long long)sh->flood);
	jw_int(jw, "full", (long long)sh->full);
	jw_int(jw, "refused", (long long)sh->refused);
	jw_obj_end(jw);
	jw_obj_end(jw);
}

/* Each log source: read or not, why not, how long since its last line. */
static void
put_sources(struct jw *jw, const struct status_snapshot *s)
{
	const struct ids_source_view *sv;
	size_t i;

	jw_arr_begin(jw, "sources");
	for (i = 0; i < s->view->n_ids_sources; i++) {
		sv = &s->view->ids_sources[i];
		jw_obj_begin(jw, NULL);
		jw_str(jw, "path", sv->path);
		jw_bool(jw, "readable", sv->readable);
		if (sv->error)
			jw_str(jw, "error", readfile_strerror(sv->error));
		else
			jw_null(jw, "error");
		if (sv->last_line)
			jw_int(jw, "last_line_age_s", s->now > sv->last_line ?
			    (long long)(s->now - sv->last_line) : 0);
		else
			jw_null(jw, "last_line_age_s");
		jw_obj_end(jw);
	}
	jw_arr_end(jw);
}

static void
put_ids(struct jw *jw, const struct status_snapshot *s)
{
	const struct daemon_view *v = s->view;
	const struct ids_stats *st = &v->ids;

	jw_obj_begin(jw, "ids");
	jw_int(jw, "failures", (long long)st->failures);
	jw_int(jw, "alarms", (long long)st->alarms);
	jw_int(jw, "blocks", (long long)st->blocks);
	put_blocked(jw, s);
	put_shared(jw, &s->view->shared_st);
	jw_bool(jw, "enabled", v->ids_enabled);
	jw_bool(jw, "running", v->ids_running);
	jw_str(jw, "blocking", v->ids_running ?
	    ids_blocking_name(v->ids_blocking) : "off");
	if (v->ids_running && v->ids_blocking_why[0])
		jw_str(jw, "blocking_reason", v->ids_blocking_why);
	else
		jw_null(jw, "blocking_reason");
	put_sources(jw, s);
	jw_obj_end(jw);
}

static void
put_mqtt(struct jw *jw, const struct daemon_view *v)
{
	jw_obj_begin(jw, "mqtt");
	jw_bool(jw, "enabled", v->mqtt_enabled);
	jw_bool(jw, "connected", v->mqtt_connected);
	jw_int(jw, "dropped", (long long)v->mqtt_dropped);
	jw_obj_end(jw);
}

/* Why the last scan gave no result (null when it did): spec section 4. */
static void
put_scan_error(struct jw *jw, const struct daemon_view *v)
{
	if (!v->scan_error[0]) {
		jw_null(jw, "scan_error");
		return;
	}
	jw_obj_begin(jw, "scan_error");
	jw_str(jw, "result", "error");
	jw_str(jw, "reason", v->scan_reason ? v->scan_reason :
	    "source_unavailable");
	jw_str(jw, "message", v->scan_error);
	jw_obj_end(jw);
}

static void
put_siem(struct jw *jw, const struct daemon_view *v)
{
	const struct siem_stats *st = &v->siem;

	jw_obj_begin(jw, "siem");
	jw_bool(jw, "enabled", st->enabled);
	jw_bool(jw, "connected", st->connected);
	jw_int(jw, "queued", (long long)st->queued);
	jw_int(jw, "sent", (long long)st->sent);
	jw_int(jw, "resent", (long long)st->resent);
	jw_int(jw, "dropped", (long long)st->dropped);
	jw_int(jw, "tls_failures", (long long)st->tls_failures);
	jw_int(jw, "conn_failures", (long long)st->conn_failures);
	jw_obj_end(jw);
}

int
status_json(char *buf, size_t cap, const struct status_snapshot *s)
{
	const struct daemon_view *v = s->view;
	struct jw jw;

	jw_init(&jw, buf, cap);
	jw_obj_begin(&jw, NULL);
	jw_str(&jw, "camera", status_camera(s));
	jw_str(&jw, "version", CAMGUARD_VERSION);
	jw_int(&jw, "uptime_s", s->now > v->started ?
	    (long long)(s->now - v->started) : 0);
	jw_key(&jw, "summary");
	if (v->scan)
		report_summary_json(&jw, v->scan, v->policy);
	else
		jw_null(&jw, NULL);
	put_failed(&jw, v->scan);
	put_scan_error(&jw, v);
	put_ids(&jw, s);
	put_mqtt(&jw, v);
	put_siem(&jw, v);
	jw_obj_end(&jw);
	return jw_finish(&jw);
}
