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
 * Its words and the checks' texts are in the snapshot's language (the
 * policy's words, policy_lang.h).  Pure: reads a snapshot, writes a
 * caller buffer.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check/check.h"
#include "check/policy.h"
#include "check/policy_lang.h"
#include "core/html_text.h"
#include "core/json_write.h"
#include "core/readfile.h"
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

static void
put_html(struct status_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	const char *ent;
	size_t i = 0, k;

	n = strnlen(s, n);
	while (i < n) {
		if ((ent = html_entity(u[i]))) {
			status_buf_puts(b, ent);
			i++;
			continue;
		}
		k = jw_utf8_len(u + i, n - i);
		if (k == 0 || (k == 1 && (u[i] < 0x20 || u[i] == 0x7f) &&
		    u[i] != '\n' && u[i] != '\t') || text_hidden(u + i, k)) {
			status_buf_puts(b, PAGE_REPLACEMENT);
			i += k ? k : 1;
			continue;
		}
		status_buf_put(b, s + i, k);
		i += k;
	}
}

#define PUT_FIELD(b, f)	put_html((b), (f), sizeof(f))

static const char *
word(const struct status_snapshot *s, enum policy_word w)
{
	return policy_lang_word(s->view->policy, s->lang, w);
}

static void
put_word(struct status_buf *b, const struct status_snapshot *s,
    enum policy_word w)
{
	const char *t = word(s, w);

	put_html(b, t, strlen(t));
}

static void
put_text(struct status_buf *b, const struct status_snapshot *s,
    const struct policy_check *pc, enum policy_text t)
{
	const char *x = policy_lang_text(s->view->policy, s->lang, pc, t);

	put_html(b, x, strlen(x));
}

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

	status_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width,initial-scale=1\">\n<title>",
	    s->lang_code ? s->lang_code : "en");
	put_html(b, cam, strlen(cam));
	status_buf_printf(b, " - camguard</title>\n<style>%s</style>\n"
	    "</head>\n<body><main>\n<h1>", page_style);
	put_html(b, cam[0] ? cam : "camera", strlen(cam[0] ? cam : "camera"));
	status_buf_printf(b, "</h1>\n<p class=\"sub\">camguard %s, ",
	    CAMGUARD_VERSION);
	put_word(b, s, PW_page_up);
	status_buf_puts(b, " ");
	put_uptime(b, s->now > s->view->started ?
	    (long long)(s->now - s->view->started) : 0);
	status_buf_puts(b, "</p>\n");
}

static void
put_score(struct status_buf *b, const struct status_snapshot *s,
    const struct chk_scan *scan)
{
	const struct chk_counts *c = &scan->counts;

	if (scan->score_valid)
		status_buf_printf(b, "<dd class=\"%s\">%.1f %%", scan->score <
		    1.0 ? "bad" : "good", scan->score * 100.0);
	else
		status_buf_puts(b, "<dd>none");
	status_buf_printf(b, " <span class=\"ref\">(%u ", c->n[CHK_PASS]);
	put_word(b, s, PW_page_pass);
	status_buf_printf(b, ", %u ", c->n[CHK_FAIL]);
	put_word(b, s, PW_page_fail);
	status_buf_printf(b, ", %u ", c->fail_critical);
	put_word(b, s, PW_severity_critical);
	status_buf_printf(b, ", %u ", c->fail_high);
	put_word(b, s, PW_severity_high);
	status_buf_puts(b, ")</span></dd>\n");
}

static void
put_mqtt(struct status_buf *b, const struct status_snapshot *s)
{
	const struct daemon_view *v = s->view;

	status_buf_puts(b, "<dt>MQTT</dt>");
	if (!v->mqtt_enabled) {
		status_buf_puts(b, "<dd>");
		put_word(b, s, PW_page_off);
		status_buf_puts(b, "</dd>\n");
		return;
	}
	status_buf_printf(b, "<dd class=\"%s\">", v->mqtt_connected ? "good" :
	    "bad");
	put_word(b, s, v->mqtt_connected ? PW_page_connected :
	    PW_page_not_connected);
	status_buf_printf(b, " <span class=\"ref\">(%llu ",
	    (unsigned long long)v->mqtt_dropped);
	put_word(b, s, PW_page_dropped);
	status_buf_puts(b, ")</span></dd>\n");
}

/* <dt>word</dt><dd> */
static void
put_dt(struct status_buf *b, const struct status_snapshot *s,
    enum policy_word w, const char *dd)
{
	status_buf_puts(b, "<dt>");
	put_word(b, s, w);
	status_buf_printf(b, "</dt><dd%s>", dd);
}

/* The word for a blocking state (the IDS's, ids.h). */
static enum policy_word
blocking_word(int state)
{
	switch (state) {
	case IDS_BLOCKING_ON:
		return PW_page_blocking_on;
	case IDS_BLOCKING_OFF:
		return PW_page_blocking_off;
	case IDS_BLOCKING_FAILED:
		return PW_page_blocking_failed;
	default:
		return PW_page_blocking_not_enforced;
	}
}

static void
put_source(struct status_buf *b, const struct status_snapshot *s,
    const struct ids_source_view *sv)
{
	status_buf_printf(b, "<dd class=\"%s\">", sv->readable ? "good" :
	    "bad");
	PUT_FIELD(b, sv->path);
	status_buf_puts(b, ": ");
	if (!sv->readable) {
		put_word(b, s, PW_page_not_read);
		status_buf_printf(b, " (%s)", readfile_strerror(sv->error));
	} else if (sv->last_line) {
		put_word(b, s, PW_page_read_last_line);
		status_buf_printf(b, " %lld", s->now > sv->last_line ?
		    (long long)(s->now - sv->last_line) : 0LL);
		put_word(b, s, PW_page_seconds_ago);
	} else {
		put_word(b, s, PW_page_read_no_line);
	}
	status_buf_puts(b, "</dd>\n");
}

/* Blocking and the log sources: what a field engineer must not miss. */
static void
put_ids_health(struct status_buf *b, const struct status_snapshot *s)
{
	const struct daemon_view *v = s->view;
	size_t i;

	if (!v->ids_enabled)
		return;
	if (!v->ids_running) {
		put_dt(b, s, PW_page_blocking, " class=\"bad\"");
		put_word(b, s, PW_page_ids_not_running);
		status_buf_puts(b, "</dd>\n");
		return;
	}
	put_dt(b, s, PW_page_blocking, v->ids_blocking == IDS_BLOCKING_ON ?
	    " class=\"good\"" : v->ids_blocking == IDS_BLOCKING_OFF ?
	    " class=\"warn\"" : " class=\"bad\"");
	put_word(b, s, blocking_word(v->ids_blocking));
	if (v->ids_blocking_why[0]) {
		status_buf_puts(b, ": ");
		PUT_FIELD(b, v->ids_blocking_why);
	}
	status_buf_puts(b, "</dd>\n<dt>");
	put_word(b, s, PW_page_log_sources);
	status_buf_puts(b, "</dt>");
	if (v->n_ids_sources == 0) {
		status_buf_puts(b, "<dd class=\"bad\">");
		put_word(b, s, PW_page_no_sources);
		status_buf_puts(b, "</dd>\n");
	}
	for (i = 0; i < v->n_ids_sources; i++)
		put_source(b, s, &v->ids_sources[i]);
}

/* The SIEM collector, as MQTT above (the words are the policy's). */
static void
put_siem(struct status_buf *b, const struct status_snapshot *s)
{
	const struct siem_stats *st = &s->view->siem;

	status_buf_puts(b, "<dt>SIEM</dt>");
	if (!st->enabled) {
		status_buf_puts(b, "<dd>");
		put_word(b, s, PW_page_off);
		status_buf_puts(b, "</dd>\n");
		return;
	}
	status_buf_printf(b, "<dd class=\"%s\">", st->connected ? "good" :
	    "bad");
	put_word(b, s, st->connected ? PW_page_connected :
	    PW_page_not_connected);
	status_buf_printf(b, " <span class=\"ref\">(%llu ",
	    (unsigned long long)st->dropped);
	put_word(b, s, PW_page_dropped);
	status_buf_puts(b, ")</span></dd>\n");
}

static void
put_overview(struct status_buf *b, const struct status_snapshot *s)
{
	const struct daemon_view *v = s->view;
	const struct chk_scan *scan = v->scan;

	status_buf_puts(b, "<section><dl>\n");
	if (scan) {
		put_dt(b, s, PW_model, "");
		PUT_FIELD(b, scan->model);
		status_buf_puts(b, "</dd>\n");
		put_dt(b, s, PW_firmware, "");
		PUT_FIELD(b, scan->firmware);
		status_buf_puts(b, "</dd>\n<dt>");
		put_word(b, s, PW_score);
		status_buf_puts(b, "</dt>");
		put_score(b, s, scan);
		put_dt(b, s, PW_page_last_scan, "");
		put_utc(b, scan->time);
		status_buf_puts(b, "</dd>\n");
	} else {
		put_dt(b, s, PW_page_scan, " class=\"warn\"");
		put_word(b, s, PW_page_no_scan);
		status_buf_puts(b, "</dd>\n");
	}
	if (v->scan_error[0]) {
		put_dt(b, s, PW_page_scan_error, " class=\"bad\"");
		PUT_FIELD(b, v->scan_error);
		status_buf_puts(b, "</dd>\n");
	}
	put_mqtt(b, s);
	put_ids_health(b, s);
	put_siem(b, s);
	put_dt(b, s, PW_page_intrusions, "");
	status_buf_printf(b, "%llu ", (unsigned long long)v->ids.failures);
	put_word(b, s, PW_page_failed_logins);
	status_buf_printf(b, ", %llu ", (unsigned long long)v->ids.alarms);
	put_word(b, s, PW_page_alarms);
	status_buf_printf(b, ", %llu ", (unsigned long long)v->ids.blocks);
	put_word(b, s, PW_page_blocks);
	status_buf_puts(b, "</dd>\n</dl></section>\n");
}

static void
put_failure(struct status_buf *b, const struct status_snapshot *s,
    const struct chk_record *r)
{
	const struct policy_check *pc = r->pc;

	status_buf_puts(b, "<li><span class=\"id\">");
	put_html(b, r->def->id, strlen(r->def->id));
	status_buf_puts(b, "</span>");
	put_text(b, s, pc, PT_TITLE);
	status_buf_puts(b, "<p class=\"fix\">");
	put_text(b, s, pc, PT_REMEDIATION);
	status_buf_puts(b, "</p><span class=\"ref\">");
	put_text(b, s, pc, PT_GUIDE);
	status_buf_puts(b, "</span></li>\n");
}

static bool
page_failing(const struct chk_record *r, int sev)
{
	return r->result == CHK_FAIL && r->def && r->pc &&
	    (int)r->pc->severity == sev;
}

static unsigned
put_severity(struct status_buf *b, const struct status_snapshot *s,
    const struct chk_scan *scan, int sev)
{
	const char *name = chk_severity_name((enum chk_severity)sev);
	unsigned n = 0;
	size_t i;

	for (i = 0; i < scan->n_records && i < CHK_CATALOGUE_MAX; i++)
		n += page_failing(&scan->records[i], sev);
	if (n == 0)
		return 0;
	status_buf_printf(b, "<h3><span class=\"sev %s\">", name);
	put_word(b, s, (enum policy_word)(PW_severity_critical + sev));
	status_buf_printf(b, "</span> %u</h3>\n<ul>\n", n);
	for (i = 0; i < scan->n_records && i < CHK_CATALOGUE_MAX; i++)
		if (page_failing(&scan->records[i], sev))
			put_failure(b, s, &scan->records[i]);
	status_buf_puts(b, "</ul>\n");
	return n;
}

static void
put_failures(struct status_buf *b, const struct status_snapshot *s)
{
	const struct chk_scan *scan = s->view->scan;
	unsigned n = 0;
	int sev;

	if (!scan)
		return;
	status_buf_puts(b, "<section><h2>");
	put_word(b, s, PW_page_failing);
	status_buf_printf(b, " (%u)</h2>\n", scan->counts.n[CHK_FAIL]);
	for (sev = 0; sev < CHK_SEV_COUNT; sev++)
		n += put_severity(b, s, scan, sev);
	if (n == 0) {
		status_buf_puts(b, "<p class=\"good\">");
		put_word(b, s, PW_page_none);
		status_buf_puts(b, "</p>\n");
	}
	status_buf_puts(b, "</section>\n");
}

static void
put_blocks(struct status_buf *b, const struct status_snapshot *s)
{
	char ip[ADDR_STR_MAX];
	size_t i;

	status_buf_puts(b, "<section><h2>");
	put_word(b, s, PW_page_blocked_now);
	status_buf_printf(b, " (%zu)</h2>\n", s->n_blocks);
	if (s->n_blocks == 0 && s->view->ids_running &&
	    s->view->ids_blocking != IDS_BLOCKING_ON) {
		status_buf_puts(b, "<p class=\"warn\">");
		put_word(b, s, PW_page_blocking_off_here);
		status_buf_puts(b, "</p>\n");
	} else if (s->n_blocks == 0) {
		status_buf_puts(b, "<p>");
		put_word(b, s, PW_page_no_block);
		status_buf_puts(b, "</p>\n");
	} else {
		status_buf_puts(b, "<table><tr><th>");
		put_word(b, s, PW_page_source);
		status_buf_puts(b, "</th><th>");
		put_word(b, s, PW_page_until);
		status_buf_puts(b, "</th></tr>\n");
	}
	for (i = 0; i < s->n_blocks; i++) {
		addr_format(&s->blocks[i].net, ip, sizeof(ip));
		status_buf_puts(b, "<tr><td>");
		put_html(b, ip, sizeof(ip));
		status_buf_puts(b, "</td><td>");
		if (s->blocks[i].until)
			put_utc(b, (time_t)s->blocks[i].until);
		else
			put_word(b, s, PW_page_until_reboot);
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
	put_failures(&b, s);
	put_blocks(&b, s);
	status_buf_puts(&b, "<footer><a href=\"/report\">");
	put_word(&b, s, PW_page_report);
	status_buf_puts(&b, "</a>. ");
	put_word(&b, s, PW_page_rendered);
	status_buf_puts(&b, " ");
	put_utc(&b, s->now);
	status_buf_puts(&b, ". ");
	put_word(&b, s, PW_page_machine);
	status_buf_puts(&b, ": <a href=\"/status\">"
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
