/*
 * report_html.c - the commissioning report as one printable HTML file.
 *
 * What the customer signs (VMS hardening guide, section 04): a header
 * naming the customer, site, engineer and company, the camera and the
 * scan (policy and state hashes, so the paper is tied to one scan); the
 * checklist with status, evidence, comment (waiver reason or the
 * justification of a result), remediation and deadline; the guide's
 * camera items mapped to the checks; the summary and score; a signature
 * block for the technician and one for the customer.
 *
 * Self-contained: the stylesheet is inline, there is no script, no image
 * and no link to anything else, so the file prints the same anywhere.
 * The layout prints on A4 portrait without clipping: fixed table layout
 * with column widths in per cent, long words (hashes, URLs) broken
 * anywhere, rows never split across pages.  Every text goes through
 * report_put_text(HTML), so no camera or policy string can add markup.
 */
#include <string.h>

#include "check/check.h"
#include "check/policy.h"
#include "report/report.h"
#include "report/report_ctx.h"

#define DASH	"\xe2\x80\x94"	/* U+2014 */

static const char html_style[] =
"@page{size:A4 portrait;margin:12mm 11mm 13mm}"
"*{box-sizing:border-box}"
"html{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
"body{margin:0;color:#111;font:8.5pt/1.3 'DejaVu Sans','Liberation Sans',"
"Arial,sans-serif}"
"main{max-width:188mm;margin:0 auto}"
"@media screen{body{background:#e5e7eb}main{background:#fff;"
"padding:10mm;margin:6mm auto;max-width:210mm}}"
"h1{font-size:14pt;margin:0 0 1.5mm}"
"h2{font-size:10.5pt;margin:5mm 0 1.5mm;break-after:avoid}"
"p{margin:0 0 2mm}"
"table{width:100%;border-collapse:collapse;table-layout:fixed;"
"margin:0 0 2mm}"
"th,td{border:.5pt solid #9ca3af;padding:.8mm 1.2mm;text-align:left;"
"vertical-align:top;overflow-wrap:anywhere;word-break:break-word}"
"th{background:#f3f4f6;font-weight:600}"
"thead{display:table-header-group}"
"tr{break-inside:avoid;page-break-inside:avoid}"
".meta th{width:21%}.meta td{width:29%}"
".hash{font-family:'DejaVu Sans Mono','Liberation Mono',monospace;"
"font-size:7.5pt}"
".list{font-size:7pt;line-height:1.25}"
".id{font-weight:700;white-space:nowrap}"
".ref{color:#4b5563;font-size:6.5pt}"
".sev{display:block;color:#374151;font-size:6.5pt}"
".pass{background:#dcfce7}.fail{background:#fee2e2;font-weight:600}"
".not_applicable,.not_checked{background:#f3f4f6}"
".manual{background:#fef9c3}.error{background:#fae8ff}"
".waived{background:#e0f2fe}"
".score{font-size:12pt;font-weight:700}"
".sign{margin-top:3mm}.sign td{height:10mm;vertical-align:bottom}"
".sign tr.sig td{height:22mm}"
".sign th{background:none;border:0;padding:0 0 1mm;font-size:9pt}"
".sign .lbl{width:26%;color:#374151;vertical-align:bottom}"
".box{break-inside:avoid;page-break-inside:avoid}"
"footer{margin-top:4mm;color:#4b5563;font-size:6.5pt}";

static void
put(const struct report_ctx *c, const char *s)
{
	report_put_text(c->f, s, strlen(s), 0, REPORT_ESC_HTML);
}

/* Text of a char array, at most max bytes (0: all); a dash when empty. */
static void
put_cell(const struct report_ctx *c, const char *s, size_t cap, size_t max)
{
	size_t n = strnlen(s, cap);

	if (n == 0)
		fputs(DASH, c->f);
	else
		report_put_text(c->f, s, n, max, REPORT_ESC_HTML);
}

static void
put_w(const struct report_ctx *c, enum policy_word w)
{
	put(c, report_word(c, w));
}

/* <th>word</th><td class=cls>value</td> */
static void
put_meta(const struct report_ctx *c, enum policy_word w, const char *v,
    size_t cap, const char *cls, int span)
{
	fputs("<th>", c->f);
	put_w(c, w);
	fprintf(c->f, "</th><td%s%s%s", cls ? " class=\"" : "", cls ? cls : "",
	    cls ? "\"" : "");
	if (span > 1)
		fprintf(c->f, " colspan=\"%d\"", span);
	fputc('>', c->f);
	put_cell(c, v, cap, 0);
	fputs("</td>", c->f);
}

#define META(c, w, v)	put_meta((c), (w), (v), sizeof(v), NULL, 1)
#define META_S(c, w, v)	put_meta((c), (w), (v), strlen(v), NULL, 1)

static void
put_head(const struct report_ctx *c)
{
	fprintf(c->f, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width,initial-scale=1\">\n<title>",
	    c->code);
	put_w(c, PW_report_title);
	fputs(" \xe2\x80\x94 ", c->f);
	put_cell(c, c->scan->camera_id, sizeof(c->scan->camera_id), 0);
	fprintf(c->f, "</title>\n<style>%s</style>\n</head>\n<body><main>\n"
	    "<h1>", html_style);
	put_w(c, PW_report_title);
	fputs("</h1>\n<p>", c->f);
	put_w(c, PW_report_intro);
	fputs("</p>\n", c->f);
}

static void
put_header(const struct report_ctx *c)
{
	const struct chk_scan *s = c->scan;
	const struct policy *p = c->pol;
	char date[32], pol[2 * POLICY_VALUE_MAX + 2] = "";

	report_date(s->time, date, sizeof(date));
	if (p)
		snprintf(pol, sizeof(pol), "%s %s", p->id, p->version);
	fputs("<table class=\"meta\">\n<tr>", c->f);
	META_S(c, PW_customer, report_site(c, REPORT_CUSTOMER));
	META_S(c, PW_site, report_site(c, REPORT_SITE));
	fputs("</tr>\n<tr>", c->f);
	META_S(c, PW_engineer, report_site(c, REPORT_ENGINEER));
	META_S(c, PW_company, report_site(c, REPORT_COMPANY));
	fputs("</tr>\n<tr>", c->f);
	META(c, PW_camera, s->camera_id);
	META_S(c, PW_address, report_address(c));
	fputs("</tr>\n<tr>", c->f);
	META(c, PW_model, s->model);
	META(c, PW_firmware, s->firmware);
	fputs("</tr>\n<tr>", c->f);
	META(c, PW_scan_time, date);
	META(c, PW_policy, pol);
	fputs("</tr>\n<tr>", c->f);
	put_meta(c, PW_policy_sha256, p ? p->sha256 : "", p ?
	    sizeof(p->sha256) : 1, "hash", 3);
	fputs("</tr>\n<tr>", c->f);
	put_meta(c, PW_state_sha256, s->state_sha256, sizeof(s->state_sha256),
	    "hash", 3);
	fputs("</tr>\n</table>\n", c->f);
}

/* ---- the checklist ------------------------------------------------------ */

static void
put_list_head(const struct report_ctx *c)
{
	static const struct { enum policy_word w; int pct; } cols[] = {
		{ PW_item, 8 }, { PW_check, 19 }, { PW_status, 11 },
		{ PW_evidence, 18 }, { PW_comment, 12 },
		{ PW_remediation, 22 }, { PW_deadline, 10 },
	};
	size_t i;

	fputs("<h2>", c->f);
	put_w(c, PW_checklist);
	fputs("</h2>\n<table class=\"list\"><colgroup>", c->f);
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		fprintf(c->f, "<col style=\"width:%d%%\">", cols[i].pct);
	fputs("</colgroup>\n<thead><tr>", c->f);
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		fputs("<th>", c->f);
		put_w(c, cols[i].w);
		fputs("</th>", c->f);
	}
	fputs("</tr></thead>\n<tbody>\n", c->f);
}

static void
put_status(const struct report_ctx *c, const struct chk_record *rec)
{
	fprintf(c->f, "<td class=\"%s\">", chk_result_name(rec->result));
	put(c, report_result(c, rec->result));
	if (rec->result == CHK_WAIVED) {
		fputs("<span class=\"sev\">", c->f);
		put_w(c, PW_underlying);
		fputs(": ", c->f);
		put(c, report_result(c, rec->v.result));
		fputs("</span>", c->f);
	}
	fputs("</td>", c->f);
}

/*
 * The comment: the waiver's reason, the justification of a result other
 * than pass or fail, an expired waiver; empty for the engineer's own
 * comment on a failure.
 */
static void
put_comment(const struct report_ctx *c, const struct chk_record *rec)
{
	const char *why = report_reason(c, rec->v.reason);
	enum chk_result r = rec->v.result;
	bool any = false;

	fputs("<td>", c->f);
	if (rec->waived || rec->waiver_expired) {
		if (rec->waiver_expired) {
			put_w(c, PW_waiver_expired);
			fputs(": ", c->f);
		}
		put_cell(c, rec->waiver_reason, sizeof(rec->waiver_reason), 0);
		any = true;
	}
	if (r != CHK_PASS && r != CHK_FAIL && why[0]) {
		fputs(any ? "<br>" : "", c->f);
		put(c, why);
	}
	fputs("</td>", c->f);
}

static void
put_row(const struct report_ctx *c, const struct chk_record *rec)
{
	char ev[CHK_EVIDENCE_MAX * (CHK_EVKEY_MAX + CHK_EVVAL_MAX + 2) + 1];

	fputs("<tr><td class=\"id\">", c->f);
	put(c, rec->def->id);
	fputs("<span class=\"sev\">", c->f);
	put(c, report_severity(c, rec->pc->severity));
	fputs("</span></td><td>", c->f);
	put(c, report_text(c, rec, PT_TITLE));
	fputs("<span class=\"ref\"><br>", c->f);
	put(c, report_text(c, rec, PT_GUIDE));
	fputs("</span></td>", c->f);
	put_status(c, rec);
	report_evidence_text(&rec->v, ev, sizeof(ev));
	fputs("<td>", c->f);
	put_cell(c, ev, sizeof(ev), REPORT_MD_EVIDENCE_MAX);
	fputs("</td>", c->f);
	put_comment(c, rec);
	fputs("<td>", c->f);
	if (report_wants_fix(rec))
		put(c, report_text(c, rec, PT_REMEDIATION));
	fputs("</td><td>", c->f);
	if (rec->result == CHK_WAIVED)
		put_cell(c, rec->waiver_expires, sizeof(rec->waiver_expires),
		    0);
	else if (rec->result != CHK_FAIL)
		fputs(DASH, c->f);
	fputs("</td></tr>\n", c->f);
}

static void
put_checklist(const struct report_ctx *c)
{
	const struct chk_record *rec;
	size_t i;

	put_list_head(c);
	for (i = 0; i < c->scan->n_records && i < CHK_CATALOGUE_MAX; i++) {
		rec = &c->scan->records[i];
		if (rec->def && rec->pc)
			put_row(c, rec);
	}
	fputs("</tbody></table>\n", c->f);
}

/* ---- the VMS guide's camera items --------------------------------------- */

static const struct chk_record *
find_record(const struct chk_scan *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->n_records && i < CHK_CATALOGUE_MAX; i++)
		if (s->records[i].def && !strcmp(s->records[i].def->id, id))
			return &s->records[i];
	return NULL;
}

/*
 * An item's status from its checks: Non-compliant when one fails; to be
 * verified when one is manual, in error or unchecked; Waived when one is
 * waived; Compliant when one passes; else Not applicable.
 */
static enum chk_result
item_result(const struct chk_scan *s, const struct policy_vms_item *it)
{
	static const enum chk_result rank[] = { CHK_FAIL, CHK_MANUAL,
		CHK_WAIVED, CHK_PASS, CHK_NOT_APPLICABLE };
	bool seen[CHK_RESULT_COUNT] = { false };
	const struct chk_record *r;
	size_t i;

	for (i = 0; i < it->n_checks && i < POLICY_VMS_CHECKS_MAX; i++) {
		if (!(r = find_record(s, it->checks[i])))
			continue;
		if (r->result == CHK_ERROR || r->result == CHK_NOT_CHECKED)
			seen[CHK_MANUAL] = true;
		else
			seen[r->result] = true;
	}
	for (i = 0; i < sizeof(rank) / sizeof(rank[0]); i++)
		if (seen[rank[i]])
			return rank[i];
	return CHK_NOT_APPLICABLE;
}

static void
put_item(const struct report_ctx *c, const struct policy_vms_item *it)
{
	const struct chk_record *r;
	enum chk_result res = item_result(c->scan, it);
	size_t i;

	fputs("<tr><td class=\"id\">", c->f);
	put_cell(c, it->id, sizeof(it->id), 0);
	fputs("</td><td>", c->f);
	put(c, policy_lang_item(c->pol, c->lang, it, 0));
	fputs("<span class=\"ref\"><br>", c->f);
	put(c, policy_lang_item(c->pol, c->lang, it, 1));
	fputs("</span></td><td>", c->f);
	for (i = 0; i < it->n_checks && i < POLICY_VMS_CHECKS_MAX; i++) {
		if (!(r = find_record(c->scan, it->checks[i])))
			continue;
		fputs(i ? "<br>" : "", c->f);
		put(c, r->def->id);
		fputs(": ", c->f);
		put(c, report_result(c, r->result));
	}
	fprintf(c->f, "</td><td class=\"%s\">", chk_result_name(res));
	put(c, report_result(c, res));
	fputs("</td></tr>\n", c->f);
}

static void
put_vms(const struct report_ctx *c)
{
	size_t i;

	if (!c->pol || c->pol->n_items == 0)
		return;
	fputs("<h2>", c->f);
	put_w(c, PW_vms_mapping);
	fputs("</h2>\n<table class=\"list\"><colgroup><col style=\"width:8%\">"
	    "<col style=\"width:50%\"><col style=\"width:28%\">"
	    "<col style=\"width:14%\"></colgroup>\n<thead><tr><th>", c->f);
	put_w(c, PW_item);
	fputs("</th><th>", c->f);
	put_w(c, PW_vms_item);
	fputs("</th><th>", c->f);
	put_w(c, PW_checks);
	fputs("</th><th>", c->f);
	put_w(c, PW_status);
	fputs("</th></tr></thead>\n<tbody>\n", c->f);
	for (i = 0; i < c->pol->n_items && i < POLICY_VMS_ITEMS_MAX; i++)
		put_item(c, &c->pol->items[i]);
	fputs("</tbody></table>\n", c->f);
}

/* ---- summary, signatures ------------------------------------------------ */

/* One cell pair of the summary: label (coloured by result) and count. */
static void
put_count(const struct report_ctx *c, const char *name, const char *cls,
    unsigned n)
{
	fprintf(c->f, "<th%s%s%s>", cls ? " class=\"" : "", cls ? cls : "",
	    cls ? "\"" : "");
	put(c, name);
	fprintf(c->f, "</th><td>%u</td>", n);
}

/* Ten counts, two label and number pairs a row. */
static void
put_summary(const struct report_ctx *c)
{
	const struct chk_scan *s = c->scan;
	int r;

	fputs("<div class=\"box\"><h2>", c->f);
	put_w(c, PW_summary);
	fputs("</h2>\n<p><span class=\"score\">", c->f);
	put_w(c, PW_score);
	if (s->score_valid)
		fprintf(c->f, " %.1f %%</span> (", s->score * 100.0);
	else
		fputs(" ", c->f);
	put_w(c, s->score_valid ? PW_score_rule : PW_not_available);
	fputs(s->score_valid ? ")</p>\n" : "</span></p>\n", c->f);
	fputs("<table class=\"meta\">\n<tr>", c->f);
	put_count(c, report_word(c, PW_items), NULL, (unsigned)s->n_records);
	for (r = 0; r < CHK_RESULT_COUNT; r++) {
		fputs(r % 2 == 1 ? "</tr>\n<tr>" : "", c->f);
		put_count(c, report_result(c, (enum chk_result)r),
		    chk_result_name((enum chk_result)r), s->counts.n[r]);
	}
	fputs("</tr>\n<tr>", c->f);
	put_count(c, report_word(c, PW_fail_critical), NULL,
	    s->counts.fail_critical);
	put_count(c, report_word(c, PW_fail_high), NULL, s->counts.fail_high);
	fputs("</tr>\n</table></div>\n", c->f);
}

static void
put_sign_row(const struct report_ctx *c, enum policy_word w, const char *a,
    const char *b)
{
	fputs(w == PW_signature ? "<tr class=\"sig\">" : "<tr>", c->f);
	fputs("<td class=\"lbl\">", c->f);
	put_w(c, w);
	fputs("</td><td>", c->f);
	put(c, a);
	fputs("</td><td class=\"lbl\">", c->f);
	put_w(c, w);
	fputs("</td><td>", c->f);
	put(c, b);
	fputs("</td></tr>\n", c->f);
}

static void
put_signatures(const struct report_ctx *c)
{
	fputs("<div class=\"box\"><h2>", c->f);
	put_w(c, PW_signoff);
	fputs("</h2>\n<table class=\"sign\"><colgroup><col style=\"width:13%\">"
	    "<col style=\"width:37%\"><col style=\"width:13%\">"
	    "<col style=\"width:37%\"></colgroup>\n<tr><th colspan=\"2\">",
	    c->f);
	put_w(c, PW_technician);
	fputs("</th><th colspan=\"2\">", c->f);
	put_w(c, PW_customer_acceptance);
	fputs("</th></tr>\n", c->f);
	put_sign_row(c, PW_name, report_site(c, REPORT_ENGINEER), "");
	put_sign_row(c, PW_company, report_site(c, REPORT_COMPANY),
	    report_site(c, REPORT_CUSTOMER));
	put_sign_row(c, PW_date, "", "");
	put_sign_row(c, PW_signature, "", "");
	fputs("</table></div>\n", c->f);
}

static void
put_footer(const struct report_ctx *c)
{
	fputs("<footer>", c->f);
	put_w(c, PW_generated_by);
	fputs(" " CAMGUARD_VERSION, c->f);
	if (c->pol) {
		fputs(" \xc2\xb7 ", c->f);
		put_cell(c, c->pol->id, sizeof(c->pol->id), 0);
		fputc(' ', c->f);
		put_cell(c, c->pol->version, sizeof(c->pol->version), 0);
	}
	fputs("</footer>\n</main></body></html>\n", c->f);
}

int
report_html(FILE *f, const struct chk_scan *scan, const struct policy *pol,
    const struct report_opts *o)
{
	struct report_ctx c;

	report_ctx_init(&c, f, scan, pol, o);
	put_head(&c);
	put_header(&c);
	put_checklist(&c);
	put_vms(&c);
	put_summary(&c);
	put_signatures(&c);
	put_footer(&c);
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}
