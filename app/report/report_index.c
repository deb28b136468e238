/*
 * report_index.c - the index of a site audit: every camera of the
 * cameras file with its score and its critical and high failures, or the
 * reason it could not be read, worst first (audit_sort()); as a table,
 * as JSON and as an HTML page that links each camera's reports.
 *
 * The camera reports themselves are the report_*.c formats; this file
 * only lists them.  Every string from the cameras file or a camera is
 * escaped for its output as in the other formats.
 */
#include <string.h>

#include "audit/audit.h"
#include "check/policy.h"
#include "core/conf.h"
#include "core/json_write.h"
#include "report/report.h"
#include "report/report_ctx.h"

#define DASH	"\xe2\x80\x94"	/* U+2014 */

static const char index_style[] =
"@page{size:A4 portrait;margin:12mm 11mm 13mm}"
"*{box-sizing:border-box}"
"html{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
"body{margin:0;color:#111;font:9pt/1.35 'DejaVu Sans','Liberation Sans',"
"Arial,sans-serif}"
"main{max-width:188mm;margin:0 auto}"
"@media screen{body{background:#e5e7eb}main{background:#fff;"
"padding:10mm;margin:6mm auto;max-width:210mm}}"
"h1{font-size:14pt;margin:0 0 2mm}"
"table{width:100%;border-collapse:collapse;table-layout:fixed;"
"margin:0 0 3mm}"
"th,td{border:.5pt solid #9ca3af;padding:.8mm 1.2mm;text-align:left;"
"vertical-align:top;overflow-wrap:anywhere;word-break:break-word}"
"th{background:#f3f4f6;font-weight:600}"
"thead{display:table-header-group}tr{break-inside:avoid}"
".hash{font-family:'DejaVu Sans Mono',monospace;font-size:7.5pt}"
".fail{background:#fee2e2}.pass{background:#dcfce7}"
".error{background:#fae8ff}.crit{font-weight:700}"
".small{font-size:7.5pt;color:#374151}a{color:#1d4ed8}";

static void
put(const struct report_ctx *c, const char *s, enum report_esc e)
{
	report_put_text(c->f, s, strlen(s), 0, e);
}

static const char *
status_of(const struct audit_result *r)
{
	if (!r->read)
		return "error";
	return r->counts.n[CHK_FAIL] ? "fail" : "pass";
}

static size_t
n_unreadable(const struct audit_site *a)
{
	size_t i, n = 0;

	for (i = 0; i < a->list->n; i++)
		n += !a->results[i].read;
	return n;
}

/* ---- table --------------------------------------------------------------- */

static void
table_failed(const struct report_ctx *c, const struct audit_result *r)
{
	size_t i;

	for (i = 0; i < r->n_failed && i < CHK_CATALOGUE_MAX; i++) {
		fputc(' ', c->f);
		put(c, r->failed[i], REPORT_ESC_TERM);
		if (r->failed_critical[i])
			fputc('!', c->f);
	}
}

static int
index_table(const struct report_ctx *c, const struct audit_site *a)
{
	const struct audit_result *r;
	const struct audit_camera *cam;
	size_t i, w = 6;

	for (i = 0; i < a->list->n; i++)
		if (strlen(a->list->cams[i].id) > w)
			w = strlen(a->list->cams[i].id);
	put(c, report_word(c, PW_audit_title), REPORT_ESC_TERM);
	fputs(" \xe2\x80\x94 ", c->f);
	put(c, report_word(c, PW_cameras), REPORT_ESC_TERM);
	fprintf(c->f, ": %zu, ", a->list->n);
	put(c, report_word(c, PW_unreadable), REPORT_ESC_TERM);
	fprintf(c->f, ": %zu (! = ", n_unreadable(a));
	put(c, report_severity(c, CHK_SEV_CRITICAL), REPORT_ESC_TERM);
	fputs(")\n\n", c->f);
	for (i = 0; i < a->list->n; i++) {
		r = &a->results[a->order[i]];
		cam = &a->list->cams[a->order[i]];
		fprintf(c->f, "%-6s %-*s ", status_of(r), (int)w, cam->id);
		if (!r->read) {
			fputs("     -  ", c->f);
			put(c, r->error, REPORT_ESC_TERM);
		} else if (r->score_valid) {
			fprintf(c->f, "%5.1f %%", r->score * 100.0);
			table_failed(c, r);
		} else {
			fputs("    n/a", c->f);
			table_failed(c, r);
		}
		fputc('\n', c->f);
	}
	return 0;
}

/* ---- JSON ---------------------------------------------------------------- */

static void
json_failed(struct jw *jw, const struct audit_result *r, bool critical,
    const char *key)
{
	size_t i;

	jw_arr_begin(jw, key);
	for (i = 0; i < r->n_failed && i < CHK_CATALOGUE_MAX; i++)
		if (r->failed_critical[i] == critical)
			jw_str(jw, NULL, r->failed[i]);
	jw_arr_end(jw);
}

static void
json_counts(struct jw *jw, const struct chk_counts *k)
{
	int i;

	jw_obj_begin(jw, "counts");
	for (i = 0; i < CHK_RESULT_COUNT; i++)
		jw_int(jw, chk_result_name((enum chk_result)i), k->n[i]);
	jw_int(jw, "fail_critical", k->fail_critical);
	jw_int(jw, "fail_high", k->fail_high);
	jw_obj_end(jw);
}

static void
json_reports(struct jw *jw, const char *id)
{
	char name[AUDIT_ID_MAX + 8];
	int f;

	jw_obj_begin(jw, "reports");
	for (f = 0; f < REPORT_FORMAT_COUNT; f++) {
		snprintf(name, sizeof(name), "%s.%s", id,
		    report_format_ext((enum report_format)f));
		jw_str(jw, report_format_ext((enum report_format)f), name);
	}
	jw_obj_end(jw);
}

static void
json_camera(struct jw *jw, const struct audit_camera *cam,
    const struct audit_result *r)
{
	jw_obj_begin(jw, NULL);
	jw_str(jw, "id", cam->id);
	jw_str(jw, "url", cam->url);
	jw_str(jw, "status", status_of(r));
	if (r->read) {
		jw_null(jw, "error");
		jw_str(jw, "model", r->model);
		jw_str(jw, "firmware", r->firmware);
		if (r->score_valid)
			jw_double(jw, "score", r->score, 4);
		else
			jw_null(jw, "score");
		json_counts(jw, &r->counts);
		jw_str(jw, "state_sha256", r->state_sha256);
		json_failed(jw, r, true, "fail_critical");
		json_failed(jw, r, false, "fail_high");
		json_reports(jw, cam->id);
	} else {
		jw_str(jw, "error", r->error);
	}
	jw_obj_end(jw);
}

static void
json_head(struct jw *jw, const struct report_ctx *c,
    const struct audit_site *a)
{
	static const char *const keys[] = { "customer", "site", "engineer",
		"company" };
	size_t i;

	jw_obj_begin(jw, NULL);
	jw_obj_begin(jw, "site");
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		jw_str(jw, keys[i], report_site(c, (enum report_site_field)i));
	jw_obj_end(jw);
	jw_int(jw, "time", (long long)a->time);
	jw_str(jw, "lang", c->code);
	if (a->policy) {
		jw_obj_begin(jw, "policy");
		jw_str(jw, "id", a->policy->id);
		jw_str(jw, "version", a->policy->version);
		jw_str(jw, "sha256", a->policy->sha256);
		jw_obj_end(jw);
	}
	jw_obj_begin(jw, "summary");
	jw_int(jw, "cameras", (long long)a->list->n);
	jw_int(jw, "unreadable", (long long)n_unreadable(a));
	jw_int(jw, "exit", audit_exit_code(a->list, a->results));
	jw_obj_end(jw);
}

/*
 * One buffer of one camera's size streams the whole index: the writer
 * appends at buf + len and keeps its nesting and comma state apart, so
 * the bytes of each finished camera are written out and len emptied.
 */
static int
index_json(const struct report_ctx *c, const struct audit_site *a)
{
	char buf[4 * AUDIT_ERROR_MAX + CHK_CATALOGUE_MAX * 24 + 4096];
	struct jw jw;
	size_t i;
	int n;

	jw_init(&jw, buf, sizeof(buf));
	json_head(&jw, c, a);
	jw_arr_begin(&jw, "cameras");
	for (i = 0; i < a->list->n; i++) {
		json_camera(&jw, &a->list->cams[a->order[i]],
		    &a->results[a->order[i]]);
		if (jw.overflow)
			return -1;
		fwrite(jw.buf, 1, jw.len, c->f);
		jw.len = 0;
	}
	jw_arr_end(&jw);
	jw_obj_end(&jw);
	if ((n = jw_finish(&jw)) < 0)
		return -1;
	fwrite(jw.buf, 1, (size_t)n, c->f);
	fputc('\n', c->f);
	return 0;
}

/* ---- HTML ---------------------------------------------------------------- */

static void
html_meta(const struct report_ctx *c, enum policy_word w, const char *v,
    const char *cls)
{
	fputs("<tr><th>", c->f);
	put(c, report_word(c, w), REPORT_ESC_HTML);
	fprintf(c->f, "</th><td%s%s%s>", cls ? " class=\"" : "", cls ? cls :
	    "", cls ? "\"" : "");
	if (v[0])
		put(c, v, REPORT_ESC_HTML);
	else
		fputs(DASH, c->f);
	fputs("</td></tr>\n", c->f);
}

static void
html_head(const struct report_ctx *c, const struct audit_site *a)
{
	char date[32], pol[2 * POLICY_VALUE_MAX + 2] = "";

	report_date(a->time, date, sizeof(date));
	if (a->policy)
		snprintf(pol, sizeof(pol), "%s %s", a->policy->id,
		    a->policy->version);
	fprintf(c->f, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width,initial-scale=1\">\n<title>",
	    c->code);
	put(c, report_word(c, PW_audit_title), REPORT_ESC_HTML);
	fprintf(c->f, "</title>\n<style>%s</style>\n</head>\n<body><main>\n"
	    "<h1>", index_style);
	put(c, report_word(c, PW_audit_title), REPORT_ESC_HTML);
	fputs("</h1>\n<table><colgroup><col style=\"width:25%\"><col>"
	    "</colgroup>\n", c->f);
	html_meta(c, PW_customer, report_site(c, REPORT_CUSTOMER), NULL);
	html_meta(c, PW_site, report_site(c, REPORT_SITE), NULL);
	html_meta(c, PW_engineer, report_site(c, REPORT_ENGINEER), NULL);
	html_meta(c, PW_company, report_site(c, REPORT_COMPANY), NULL);
	html_meta(c, PW_scan_time, date, NULL);
	html_meta(c, PW_policy, pol, NULL);
	html_meta(c, PW_policy_sha256, a->policy ? a->policy->sha256 : "",
	    "hash");
	fputs("</table>\n", c->f);
}

static void
html_failed(const struct report_ctx *c, const struct audit_result *r)
{
	size_t i;

	for (i = 0; i < r->n_failed && i < CHK_CATALOGUE_MAX; i++) {
		fputs(i ? ", " : "", c->f);
		if (r->failed_critical[i])
			fputs("<span class=\"crit\">", c->f);
		put(c, r->failed[i], REPORT_ESC_HTML);
		if (r->failed_critical[i])
			fputs("</span>", c->f);
	}
}

static void
html_links(const struct report_ctx *c, const char *id)
{
	static const char *const label[REPORT_FORMAT_COUNT] = {
		[REPORT_TABLE] = "txt", [REPORT_JSON] = "JSON",
		[REPORT_MARKDOWN] = "Markdown", [REPORT_HTML] = "HTML",
	};
	static const enum report_format order[] = { REPORT_HTML,
		REPORT_MARKDOWN, REPORT_JSON, REPORT_TABLE };
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		/* the id is [A-Za-z0-9._-]: safe in an attribute */
		fprintf(c->f, "%s<a href=\"%s.%s\">%s</a>", i ? " " : "", id,
		    report_format_ext(order[i]), label[order[i]]);
	}
}

static void
html_row(const struct report_ctx *c, const struct audit_camera *cam,
    const struct audit_result *r)
{
	fprintf(c->f, "<tr class=\"%s\"><td><b>", status_of(r));
	put(c, cam->id, REPORT_ESC_HTML);
	fputs("</b><br><span class=\"small\">", c->f);
	put(c, cam->url, REPORT_ESC_HTML);
	fputs("</span></td>", c->f);
	if (!r->read) {
		fputs("<td colspan=\"3\">", c->f);
		put(c, report_word(c, PW_unreadable), REPORT_ESC_HTML);
		fputs(": ", c->f);
		put(c, r->error, REPORT_ESC_HTML);
		fputs("</td><td>" DASH "</td></tr>\n", c->f);
		return;
	}
	fputs("<td>", c->f);
	put(c, r->model, REPORT_ESC_HTML);
	fputs("<br><span class=\"small\">", c->f);
	put(c, r->firmware, REPORT_ESC_HTML);
	fputs("</span></td><td>", c->f);
	if (r->score_valid)
		fprintf(c->f, "%.1f %%", r->score * 100.0);
	else
		put(c, report_word(c, PW_not_available), REPORT_ESC_HTML);
	fputs("</td><td>", c->f);
	html_failed(c, r);
	fputs("</td><td>", c->f);
	html_links(c, cam->id);
	fputs("</td></tr>\n", c->f);
}

static int
index_html(const struct report_ctx *c, const struct audit_site *a)
{
	static const struct { enum policy_word w; int pct; } cols[] = {
		{ PW_camera, 26 }, { PW_model, 20 }, { PW_score, 10 },
		{ PW_failures, 26 }, { PW_reports, 18 },
	};
	size_t i;

	html_head(c, a);
	fputs("<p>", c->f);
	put(c, report_word(c, PW_cameras), REPORT_ESC_HTML);
	fprintf(c->f, ": %zu, ", a->list->n);
	put(c, report_word(c, PW_unreadable), REPORT_ESC_HTML);
	fprintf(c->f, ": %zu</p>\n<table><colgroup>", n_unreadable(a));
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		fprintf(c->f, "<col style=\"width:%d%%\">", cols[i].pct);
	fputs("</colgroup>\n<thead><tr>", c->f);
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		fputs("<th>", c->f);
		put(c, report_word(c, cols[i].w), REPORT_ESC_HTML);
		fputs("</th>", c->f);
	}
	fputs("</tr></thead>\n<tbody>\n", c->f);
	for (i = 0; i < a->list->n; i++)
		html_row(c, &a->list->cams[a->order[i]],
		    &a->results[a->order[i]]);
	fputs("</tbody></table>\n<p class=\"small\">", c->f);
	put(c, report_word(c, PW_generated_by), REPORT_ESC_HTML);
	fputs(" " CAMGUARD_VERSION "</p>\n</main></body></html>\n", c->f);
	return 0;
}

int
report_index(FILE *f, enum report_format fmt, const struct audit_site *a)
{
	struct report_opts o = { .lang = a->lang, .site = a->site };
	struct report_ctx c;
	int rc;

	report_ctx_init(&c, f, NULL, a->policy, &o);
	switch (fmt) {
	case REPORT_JSON:
		rc = index_json(&c, a);
		break;
	case REPORT_HTML:
		rc = index_html(&c, a);
		break;
	default:
		rc = index_table(&c, a);
		break;
	}
	if (rc < 0)
		return -1;
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}
