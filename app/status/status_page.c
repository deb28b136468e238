/*
 * status_page.c - the page at / for a field engineer (spec section 9).
 *
 * One self-contained HTML document: no script, no external asset, a small
 * stylesheet inline, a viewport for phones.  It shows the camera (id,
 * model, firmware), the score of the last scan and when it ran (UTC), the
 * failing checks grouped by severity with the remediation from the
 * policy, the sources blocked now, and the MQTT link.  Every string is
 * HTML-escaped here; control bytes, C1 controls, bidi overrides and
 * invalid UTF-8 become U+FFFD so no text can restyle or reorder the page.
 * Pure: reads a snapshot, writes a caller buffer.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check/check.h"
#include "check/policy.h"
#include "core/json_write.h"
#include "status/status.h"

#define PAGE_REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

static const char page_style[] =
"body{margin:0;background:#f3f4f6;color:#111827;"
"font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}"
"main{max-width:46rem;margin:0 auto;padding:.75rem}"
"h1{font-size:1.35rem;margin:.5rem 0 0;overflow-wrap:anywhere}"
"h2{font-size:1.1rem;margin:0 0 .5rem}"
"h3{font-size:.95rem;margin:.9rem 0 .3rem}"
".sub{color:#4b5563;margin:.1rem 0 .5rem}"
"section{background:#fff;border:1px solid #d1d5db;border-radius:.5rem;"
"padding:.75rem 1rem;margin:.75rem 0}"
"dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;"
"margin:0}"
"dt{color:#4b5563}dd{margin:0;font-weight:600;overflow-wrap:anywhere}"
"ul{list-style:none;margin:0;padding:0}"
"li{border-top:1px solid #e5e7eb;padding:.45rem 0}"
"li:first-child{border-top:0}"
".id{font-family:ui-monospace,Menlo,Consolas,monospace;font-weight:700;"
"margin-right:.35rem}"
".fix{color:#374151;margin:.2rem 0 0;overflow-wrap:anywhere}"
".ref{color:#6b7280;font-size:.85rem}"
".sev{display:inline-block;border-radius:.25rem;padding:0 .4rem;"
"color:#fff;font-size:.8rem;text-transform:uppercase;letter-spacing:.03em}"
".critical{background:#991b1b}.high{background:#c2410c}"
".medium{background:#a16207}.low{background:#1d4ed8}"
".info{background:#4b5563}"
".good{color:#166534}.bad{color:#991b1b}.warn{color:#92400e}"
"table{border-collapse:collapse;width:100%}"
"th,td{text-align:left;padding:.3rem .4rem .3rem 0;"
"border-top:1px solid #e5e7eb;overflow-wrap:anywhere}"
"footer{color:#6b7280;font-size:.85rem;margin:1rem 0}"
"a{color:#1d4ed8}";

/* A character we never show: C1 controls and bidi overrides. */
static bool
page_hidden(const unsigned char *u, size_t k)
{
	if (k == 2 && u[0] == 0xc2 && u[1] < 0xa0)
		return true;
	if (k == 3 && u[0] == 0xe2 && u[1] == 0x80 && u[2] >= 0xaa &&
	    u[2] <= 0xae)
		return true;
	return k == 3 && u[0] == 0xe2 && u[1] == 0x81 && u[2] >= 0xa6 &&
	    u[2] <= 0xa9;
}

static const char *
page_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

/* At most n bytes of s (stopping at a NUL), escaped for HTML text. */
static void
put_html(struct status_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	const char *ent;
	size_t i = 0, k;

	n = strnlen(s, n);
	while (i < n) {
		if ((ent = page_entity(u[i]))) {
			status_buf_puts(b, ent);
			i++;
			continue;
		}
		k = jw_utf8_len(u + i, n - i);
		if (k == 0 || (k == 1 && (u[i] < 0x20 || u[i] == 0x7f) &&
		    u[i] != '\n' && u[i] != '\t') || page_hidden(u + i, k)) {
			status_buf_puts(b, PAGE_REPLACEMENT);
			i += k ? k : 1;
			continue;
		}
		status_buf_put(b, s + i, k);
		i += k;
	}
}

#define PUT_FIELD(b, f)	put_html((b), (f), sizeof(f))

static void
put_utc(struct status_buf *b, time_t t)
{
	char out[40];
	struct tm tm;

	if (!gmtime_r(&t, &tm) ||
	    strftime(out, sizeof(out), "%Y-%m-%d %H:%M:%S UTC", &tm) == 0) {
		status_buf_puts(b, "?");
		return;
	}
	status_buf_puts(b, out);
}

/* "42 min", "5 h 3 min", "12 d 5 h" */
static void
put_uptime(struct status_buf *b, long long s)
{
	long long d = s / 86400, h = s / 3600 % 24, m = s / 60 % 60;

	if (d > 0)
		status_buf_printf(b, "%lld d %lld h", d, h);
	else if (h > 0)
		status_buf_printf(b, "%lld h %lld min", h, m);
	else
		status_buf_printf(b, "%lld min", m);
}

static void
put_head(struct status_buf *b, const struct status_snapshot *s)
{
	const char *cam = status_camera(s);

	status_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width,initial-scale=1\">\n<title>");
	put_html(b, cam, strlen(cam));
	status_buf_printf(b, " - camguard</title>\n<style>%s</style>\n"
	    "</head>\n<body><main>\n<h1>", page_style);
	put_html(b, cam[0] ? cam : "camera", strlen(cam[0] ? cam : "camera"));
	status_buf_printf(b, "</h1>\n<p class=\"sub\">camguard %s, up ",
	    CAMGUARD_VERSION);
	put_uptime(b, s->now > s->view->started ?
	    (long long)(s->now - s->view->started) : 0);
	status_buf_puts(b, "</p>\n");
}

static void
put_score(struct status_buf *b, const struct chk_scan *scan)
{
	const struct chk_counts *c = &scan->counts;

	if (scan->score_valid)
		status_buf_printf(b, "<dd class=\"%s\">%.1f %%", scan->score <
		    1.0 ? "bad" : "good", scan->score * 100.0);
	else
		status_buf_puts(b, "<dd>none");
	status_buf_printf(b, " <span class=\"ref\">(%u pass, %u fail, "
	    "%u critical, %u high)</span></dd>\n", c->n[CHK_PASS],
	    c->n[CHK_FAIL], c->fail_critical, c->fail_high);
}

static void
put_mqtt(struct status_buf *b, const struct daemon_view *v)
{
	status_buf_puts(b, "<dt>MQTT</dt>");
	if (!v->mqtt_enabled)
		status_buf_puts(b, "<dd>off</dd>\n");
	else
		status_buf_printf(b, "<dd class=\"%s\">%s"
		    " <span class=\"ref\">(%llu dropped)</span></dd>\n",
		    v->mqtt_connected ? "good" : "bad",
		    v->mqtt_connected ? "connected" : "not connected",
		    (unsigned long long)v->mqtt_dropped);
}

/* Blocking and the log sources: what a field engineer must not miss. */
static void
put_ids_health(struct status_buf *b, const struct status_snapshot *s)
{
	const struct daemon_view *v = s->view;
	const struct ids_source_view *sv;
	size_t i;

	if (!v->ids_enabled)
		return;
	status_buf_puts(b, "<dt>Blocking</dt>");
	if (!v->ids_running) {
		status_buf_puts(b, "<dd class=\"bad\">off: the intrusion "
		    "detection is not running</dd>\n");
		return;
	}
	status_buf_printf(b, "<dd class=\"%s\">%s", v->ids_blocking ==
	    IDS_BLOCKING_ON ? "good" : v->ids_blocking == IDS_BLOCKING_OFF ?
	    "warn" : "bad", v->ids_blocking == IDS_BLOCKING_ON ? "on" :
	    v->ids_blocking == IDS_BLOCKING_OFF ? "off (alarms only)" :
	    v->ids_blocking == IDS_BLOCKING_FAILED ? "failed (alarms only)" :
	    "not enforced (alarms only)");
	if (v->ids_blocking_why[0]) {
		status_buf_puts(b, ": ");
		PUT_FIELD(b, v->ids_blocking_why);
	}
	status_buf_puts(b, "</dd>\n<dt>Log sources</dt>");
	if (v->n_ids_sources == 0)
		status_buf_puts(b, "<dd class=\"bad\">none configured: no log "
		    "is watched</dd>\n");
	for (i = 0; i < v->n_ids_sources; i++) {
		sv = &v->ids_sources[i];
		status_buf_printf(b, "<dd class=\"%s\">", sv->readable ?
		    "good" : "bad");
		PUT_FIELD(b, sv->path);
		if (!sv->readable)
			status_buf_printf(b, ": not read (%s)",
			    strerror(sv->error));
		else if (sv->last_line)
			status_buf_printf(b, ": read, last line %llds ago",
			    s->now > sv->last_line ?
			    (long long)(s->now - sv->last_line) : 0LL);
		else
			status_buf_puts(b, ": read, no line yet");
		status_buf_puts(b, "</dd>\n");
	}
}

static void
put_overview(struct status_buf *b, const struct status_snapshot *s)
{
	const struct daemon_view *v = s->view;
	const struct chk_scan *scan = v->scan;

	status_buf_puts(b, "<section><dl>\n");
	if (scan) {
		status_buf_puts(b, "<dt>Model</dt><dd>");
		PUT_FIELD(b, scan->model);
		status_buf_puts(b, "</dd>\n<dt>Firmware</dt><dd>");
		PUT_FIELD(b, scan->firmware);
		status_buf_puts(b, "</dd>\n<dt>Score</dt>");
		put_score(b, scan);
		status_buf_puts(b, "<dt>Last scan</dt><dd>");
		put_utc(b, scan->time);
		status_buf_puts(b, "</dd>\n");
	} else {
		status_buf_puts(b, "<dt>Scan</dt><dd class=\"warn\">"
		    "no scan has finished yet</dd>\n");
	}
	if (v->scan_error[0]) {
		status_buf_puts(b, "<dt>Scan error</dt><dd class=\"bad\">");
		PUT_FIELD(b, v->scan_error);
		status_buf_puts(b, "</dd>\n");
	}
	put_mqtt(b, v);
	put_ids_health(b, s);
	status_buf_printf(b, "<dt>Intrusions</dt><dd>%llu failed logins, "
	    "%llu alarms, %llu blocks</dd>\n</dl></section>\n",
	    (unsigned long long)v->ids.failures,
	    (unsigned long long)v->ids.alarms,
	    (unsigned long long)v->ids.blocks);
}

static void
put_failure(struct status_buf *b, const struct chk_record *r)
{
	const struct policy_check *pc = r->pc;

	status_buf_puts(b, "<li><span class=\"id\">");
	put_html(b, r->def->id, strlen(r->def->id));
	status_buf_puts(b, "</span>");
	PUT_FIELD(b, pc->title);
	status_buf_puts(b, "<p class=\"fix\">");
	PUT_FIELD(b, pc->remediation);
	status_buf_puts(b, "</p><span class=\"ref\">");
	PUT_FIELD(b, pc->guide);
	status_buf_puts(b, "</span></li>\n");
}

static bool
page_failing(const struct chk_record *r, int sev)
{
	return r->result == CHK_FAIL && r->def && r->pc &&
	    (int)r->pc->severity == sev;
}

static unsigned
put_severity(struct status_buf *b, const struct chk_scan *scan, int sev)
{
	const char *name = chk_severity_name((enum chk_severity)sev);
	unsigned n = 0;
	size_t i;

	for (i = 0; i < scan->n_records && i < CHK_CATALOGUE_MAX; i++)
		n += page_failing(&scan->records[i], sev);
	if (n == 0)
		return 0;
	status_buf_printf(b, "<h3><span class=\"sev %s\">%s</span> %u</h3>"
	    "\n<ul>\n", name, name, n);
	for (i = 0; i < scan->n_records && i < CHK_CATALOGUE_MAX; i++)
		if (page_failing(&scan->records[i], sev))
			put_failure(b, &scan->records[i]);
	status_buf_puts(b, "</ul>\n");
	return n;
}

static void
put_failures(struct status_buf *b, const struct chk_scan *scan)
{
	unsigned n = 0;
	int sev;

	if (!scan)
		return;
	status_buf_printf(b, "<section><h2>Failing checks (%u)</h2>\n",
	    scan->counts.n[CHK_FAIL]);
	for (sev = 0; sev < CHK_SEV_COUNT; sev++)
		n += put_severity(b, scan, sev);
	if (n == 0)
		status_buf_puts(b, "<p class=\"good\">None.</p>\n");
	status_buf_puts(b, "</section>\n");
}

static void
put_blocks(struct status_buf *b, const struct status_snapshot *s)
{
	char ip[ADDR_STR_MAX];
	size_t i;

	status_buf_printf(b, "<section><h2>Blocked now (%zu)</h2>\n",
	    s->n_blocks);
	if (s->n_blocks == 0 && s->view->ids_running &&
	    s->view->ids_blocking != IDS_BLOCKING_ON)
		status_buf_puts(b, "<p class=\"warn\">Blocking is off here: "
		    "sources are alarmed, not blocked.</p>\n");
	else if (s->n_blocks == 0)
		status_buf_puts(b, "<p>No source is blocked.</p>\n");
	else
		status_buf_puts(b, "<table><tr><th>Source</th>"
		    "<th>Until</th></tr>\n");
	for (i = 0; i < s->n_blocks; i++) {
		addr_format(&s->blocks[i].net, ip, sizeof(ip));
		status_buf_puts(b, "<tr><td>");
		put_html(b, ip, sizeof(ip));
		status_buf_puts(b, "</td><td>");
		if (s->blocks[i].until)
			put_utc(b, (time_t)s->blocks[i].until);
		else
			status_buf_puts(b, "until reboot");
		status_buf_puts(b, "</td></tr>\n");
	}
	if (s->n_blocks)
		status_buf_puts(b, "</table>\n");
	status_buf_puts(b, "</section>\n");
}

int
status_page(char *buf, size_t cap, const struct status_snapshot *s)
{
	struct status_buf b;

	status_buf_init(&b, buf, cap);
	put_head(&b, s);
	put_overview(&b, s);
	put_failures(&b, s->view->scan);
	put_blocks(&b, s);
	status_buf_puts(&b, "<footer>Page rendered ");
	put_utc(&b, s->now);
	status_buf_puts(&b, ". Machine-readable: <a href=\"/status\">"
	    "/status</a>, <a href=\"/metrics\">/metrics</a>.</footer>\n"
	    "</main></body></html>\n");
	return status_buf_end(&b);
}

/* The same escaping for another page of camguard (the fleet page). */
void
status_html(struct status_buf *b, const char *s, size_t n)
{
	put_html(b, s, n);
}
