/*
 * fleet_page.c - the fleet page at / of `camguard fleet --listen`: every
 * camera on one screen, worst first.
 *
 * One self-contained HTML document in the look of the status page: no
 * script, no external asset, an inline stylesheet, a viewport for
 * phones.  A row per camera (and per expected id never seen): state,
 * since when, score, failed critical and high checks, sources blocked
 * now (and a word when its IDS does not run or cannot read a log), the
 * last alarm.  Links filter by state and a GET form by a part
 * of the id, both through the query string, so the page needs no script
 * to filter; a wide table becomes one card per camera on a phone (CSS
 * alone).  The page reloads itself every FLEET_PAGE_REFRESH_S for a wall
 * screen.  Every string from the broker or the query is escaped by
 * status_html(); the query goes back into links percent-encoded.  Pure.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fleet/fleet_docs.h"
#include "status/status.h"

#define FLEET_PAGE_REFRESH_S	30	/* a wall screen stays current */

static const char page_style[] =
"body{margin:0;background:#f3f4f6;color:#111827;"
"font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}"
"main{max-width:78rem;margin:0 auto;padding:.75rem}"
"h1{font-size:1.35rem;margin:.5rem 0 0}"
".sub{color:#4b5563;margin:.1rem 0 .6rem}"
"nav{display:flex;flex-wrap:wrap;gap:.4rem;margin:.4rem 0}"
"nav a{border:1px solid #d1d5db;border-radius:1rem;padding:.15rem .7rem;"
"background:#fff;color:#111827;text-decoration:none}"
"nav a.on{background:#111827;color:#fff;border-color:#111827}"
"form{display:flex;gap:.4rem;margin:.5rem 0 .75rem}"
"input{flex:1;min-width:0;max-width:20rem;font:inherit;padding:.3rem .5rem;"
"border:1px solid #9ca3af;border-radius:.35rem}"
"button{font:inherit;padding:.3rem .8rem;border:1px solid #1d4ed8;"
"border-radius:.35rem;background:#1d4ed8;color:#fff}"
"table{border-collapse:collapse;width:100%;background:#fff;"
"border:1px solid #d1d5db}"
"th,td{text-align:left;padding:.4rem .6rem;border-top:1px solid #e5e7eb;"
"vertical-align:top}"
"th{background:#f9fafb;font-size:.85rem;color:#374151}th.n{text-align:right}"
"td.n{text-align:right;font-variant-numeric:tabular-nums}"
".cam{font-family:ui-monospace,Menlo,Consolas,monospace;font-weight:700;"
"overflow-wrap:anywhere}"
".st{display:inline-block;border-radius:.25rem;padding:0 .45rem;"
"color:#fff;font-size:.8rem;text-transform:uppercase;letter-spacing:.03em}"
".offline{background:#991b1b}.missing{background:#6b21a8}"
".unknown{background:#92400e}.online{background:#166534}"
".bad{color:#991b1b;font-weight:700}.warn{color:#c2410c;font-weight:700}"
".t{display:block;color:#6b7280;font-size:.8rem}"
".none{padding:1rem;background:#fff;border:1px solid #d1d5db}"
"footer{color:#6b7280;font-size:.85rem;margin:1rem 0}"
"a{color:#1d4ed8}"
"@media (max-width:40rem){thead{display:none}"
"table,tbody{display:block;border:0;background:none}"
"tr{display:grid;grid-template-columns:1fr 1fr;gap:0 .75rem;"
"background:#fff;border:1px solid #d1d5db;border-radius:.5rem;"
"margin:0 0 .6rem;padding:.4rem .75rem}"
"td{display:flex;gap:.5rem;padding:.1rem 0;border:0}td.n{text-align:left}"
"td::before{content:attr(data-l);color:#6b7280;min-width:4.2rem;"
"flex:none}td.cam,td.w{grid-column:1/-1}td.cam::before{content:none}"
"td.cam{font-size:1.05rem}.t{display:inline;margin-left:.4rem}"
"td.w{order:1}}";	/* since and last alarm under the numbers */

static const char *const col_names[] = { "Camera", "State", "Since",
	"Score", "Critical", "High", "Blocked", "Last alarm" };

static void
put_utc(struct status_buf *b, int64_t t)
{
	char out[40];
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || !gmtime_r(&tt, &tm) ||
	    strftime(out, sizeof(out), "%Y-%m-%d %H:%M UTC", &tm) == 0)
		status_buf_puts(b, "?");
	else
		status_buf_puts(b, out);
}

/* "42 s", "7 min", "5 h 3 min", "12 d 5 h" */
static void
put_span(struct status_buf *b, int64_t s)
{
	long long d, h, m;

	if (s < 0)
		s = 0;
	d = s / 86400;
	h = s / 3600 % 24;
	m = s / 60 % 60;
	if (s < 60)
		status_buf_printf(b, "%lld s", (long long)s);
	else if (d > 0)
		status_buf_printf(b, "%lld d %lld h", d, h);
	else if (h > 0)
		status_buf_printf(b, "%lld h %lld min", h, m);
	else
		status_buf_printf(b, "%lld min", m);
}

/* A query value percent-encoded (then safe in an attribute as well). */
static void
put_qval(struct status_buf *b, const char *s)
{
	static const char hexd[] = "0123456789ABCDEF";
	unsigned char c;

	for (; (c = (unsigned char)*s); s++) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')
			status_buf_put(b, s, 1);
		else
			status_buf_printf(b, "%%%c%c", hexd[c >> 4],
			    hexd[c & 15]);
	}
}

static void
put_head(struct status_buf *b, const struct fleet_doc_in *in, size_t total)
{
	const size_t *c = in->counts;

	status_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width,initial-scale=1\">\n"
	    "<meta http-equiv=\"refresh\" content=\"%d\">\n"
	    "<title>fleet: %zu offline, %zu missing of %zu - camguard</title>\n"
	    "<style>%s</style>\n</head>\n<body><main>\n"
	    "<h1>camguard fleet</h1>\n<p class=\"sub\">%zu cameras, broker "
	    "<span class=\"%s\">%s</span>, ", FLEET_PAGE_REFRESH_S,
	    c[FLEET_ROW_OFFLINE], c[FLEET_ROW_MISSING], total, page_style,
	    total, in->connected ? "" : "bad", in->connected ? "connected" :
	    "not connected");
	put_utc(b, in->now);
	status_buf_puts(b, "</p>\n");
}

/* The state links (keeping q) and the form for q (keeping the states). */
static void
put_filters(struct status_buf *b, const struct fleet_doc_in *in, size_t total)
{
	const struct fleet_filter *f = in->f;
	int s;

	status_buf_printf(b, "<nav><a href=\"?q=");
	put_qval(b, f->q);
	status_buf_printf(b, "\"%s>all %zu</a>", f->states ? "" :
	    " class=\"on\"", total);
	for (s = 0; s < FLEET_ROW_STATES; s++) {
		status_buf_printf(b, "<a href=\"?state=%s&amp;q=",
		    fleet_row_state_name(s));
		put_qval(b, f->q);
		status_buf_printf(b, "\"%s>%s %zu</a>", f->states == 1u << s ?
		    " class=\"on\"" : "", fleet_row_state_name(s),
		    in->counts[s]);
	}
	status_buf_puts(b, "</nav>\n<form method=\"get\" action=\"\">");
	for (s = 0; s < FLEET_ROW_STATES; s++)
		if (f->states & (1u << s))
			status_buf_printf(b, "<input type=\"hidden\" "
			    "name=\"state\" value=\"%s\">",
			    fleet_row_state_name(s));
	status_buf_puts(b, "<input type=\"search\" name=\"q\" value=\"");
	status_html(b, f->q, sizeof(f->q));
	status_buf_puts(b, "\" placeholder=\"part of a camera id\" "
	    "aria-label=\"camera id contains\"><button type=\"submit\">"
	    "Filter</button></form>\n");
}

static void
td(struct status_buf *b, int col, const char *cls)
{
	status_buf_printf(b, "<td data-l=\"%s\"%s%s%s>", col_names[col],
	    cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
}

/* Since when the camera is in its state. */
static void
put_since(struct status_buf *b, const struct fleet_row *r, int64_t now)
{
	const struct fleet_entry *e = r->e;

	if (!e) {
		status_buf_puts(b, "never seen");
	} else if (r->state == FLEET_ROW_OFFLINE && e->offline_exact) {
		put_span(b, now - e->offline_since);
		status_buf_puts(b, "<span class=\"t\">since ");
		put_utc(b, e->offline_since);
		status_buf_puts(b, "</span>");
	} else if (r->state == FLEET_ROW_OFFLINE) {
		status_buf_puts(b, "over ");
		put_span(b, now - e->offline_since);
		status_buf_puts(b, "<span class=\"t\">before ");
		put_utc(b, e->offline_since);
		status_buf_puts(b, "</span>");
	} else if (r->state == FLEET_ROW_ONLINE && e->cam.started > 0) {
		status_buf_puts(b, "up ");
		put_span(b, now - e->cam.started);
	} else {
		status_buf_puts(b, "&ndash;");
	}
}

/* A blind IDS is loud: in the blocked cell, under the count. */
static void
put_ids(struct status_buf *b, const struct fleet_ids *h)
{
	size_t i, bad = 0;

	for (i = 0; i < h->n; i++)
		bad += !h->src[i].readable;
	if (!h->present || (h->running && bad == 0))
		return;
	if (!h->running)
		status_buf_puts(b, "<span class=\"t bad\">IDS not running"
		    "</span>");
	else
		status_buf_printf(b, "<span class=\"t warn\">%zu of %zu logs "
		    "unreadable</span>", bad, h->n);
}

/* A count, highlighted with cls when above 0; a dash when unknown. */
static void
put_num(struct status_buf *b, bool known, long long v, const char *cls)
{
	if (!known)
		status_buf_puts(b, "&ndash;");
	else if (v > 0 && cls)
		status_buf_printf(b, "<span class=\"%s\">%lld</span>", cls, v);
	else
		status_buf_printf(b, "%lld", v);
}

static void
put_count(struct status_buf *b, int col, bool known, long long v,
    const char *cls)
{
	td(b, col, "n");
	put_num(b, known, v, cls);
	status_buf_puts(b, "</td>");
}

static void
put_alarm(struct status_buf *b, const struct fleet_entry *e)
{
	if (!e || !e->cam.has_alarm) {
		status_buf_puts(b, "&ndash;");
		return;
	}
	status_html(b, e->cam.alarm_ip, sizeof(e->cam.alarm_ip));
	status_buf_puts(b, "<span class=\"t\">");
	put_utc(b, e->cam.alarm_time);
	if (e->alarms)	/* what this server counted */
		status_buf_printf(b, ", %llu since the start",
		    (unsigned long long)e->alarms);
	status_buf_puts(b, "</span>");
}

static void
put_row(struct status_buf *b, const struct fleet_row *r, int64_t now)
{
	const struct fleet_entry *e = r->e;
	bool sum = e && e->cam.has_summary;
	const char *st = fleet_row_state_name(r->state);

	status_buf_puts(b, "<tr>");
	td(b, 0, "cam");
	status_html(b, r->id, strlen(r->id));
	status_buf_puts(b, "</td>");
	td(b, 1, NULL);
	status_buf_printf(b, "<span class=\"st %s\">%s</span></td>", st, st);
	td(b, 2, "w");
	put_since(b, r, now);
	status_buf_puts(b, "</td>");
	td(b, 3, "n");
	if (sum && e->cam.score_valid)
		status_buf_printf(b, "%.1f %%</td>", e->cam.score * 100.0);
	else
		status_buf_puts(b, "&ndash;</td>");
	put_count(b, 4, sum, sum ? e->cam.fail_critical : 0, "bad");
	put_count(b, 5, sum, sum ? e->cam.fail_high : 0, "warn");
	td(b, 6, "n");
	put_num(b, e && e->has_blocked, e ? e->blocked : 0, "warn");
	if (e)
		put_ids(b, &e->ids);
	status_buf_puts(b, "</td>");
	td(b, 7, "w");
	put_alarm(b, e);
	status_buf_puts(b, "</td></tr>\n");
}

static void
put_table(struct status_buf *b, const struct fleet_doc_in *in)
{
	size_t i;
	int c;

	if (in->n_rows == 0) {
		status_buf_puts(b, "<p class=\"none\">No camera matches."
		    "</p>\n");
		return;
	}
	status_buf_puts(b, "<table><thead><tr>");
	for (c = 0; c < (int)(sizeof(col_names) / sizeof(col_names[0])); c++)
		status_buf_printf(b, "<th%s>%s</th>", c >= 3 && c <= 6 ?
		    " class=\"n\"" : "", col_names[c]);
	status_buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < in->n_rows; i++)
		put_row(b, &in->rows[i], in->now);
	status_buf_puts(b, "</tbody></table>\n");
}

int
fleet_page(char *buf, size_t cap, const struct fleet_doc_in *in)
{
	struct status_buf b;
	size_t total = 0;
	int s;

	for (s = 0; s < FLEET_ROW_STATES; s++)
		total += in->counts[s];
	status_buf_init(&b, buf, cap);
	put_head(&b, in, total);
	put_filters(&b, in, total);
	put_table(&b, in);
	status_buf_printf(&b, "<footer>%zu shown. Worst first: offline, "
	    "missing, unknown, online; then more failed critical and high "
	    "checks, more blocked sources, a lower score. camguard %s. "
	    "Machine-readable: <a href=\"fleet\">/fleet</a>, <a href=\""
	    "metrics\">/metrics</a>.</footer>\n</main></body></html>\n",
	    in->n_rows, CAMGUARD_VERSION);
	return status_buf_end(&b);
}
