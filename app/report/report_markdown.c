/*
 * report_markdown.c - a scan as a commissioning checklist in Markdown.
 *
 * Follows the VMS hardening guide, section 04: every point is Compliant,
 * Non-compliant (with a comment and a remediation deadline, left blank
 * for the engineer) or Not applicable (with its justification), and the
 * completed list is signed by the commissioning engineer and accepted by
 * the customer.  The header names the customer, site, engineer and
 * company, the camera and the scan (policy and state hashes), so that a
 * signed page is tied to the scan it came from.  Owns the layout of that
 * document; its words come from the report's language (report_ctx.h).
 * Cell text goes through report_put_text() so that a camera value cannot
 * break out of its table row or inject links or HTML.
 */
#include <string.h>
#include <time.h>

#include "check/check.h"
#include "check/policy.h"
#include "report/report.h"
#include "report/report_ctx.h"

#define DASH		"\xe2\x80\x94"	/* U+2014, an empty cell */
#define BLANK		"____"		/* for the engineer to fill in */
#define SIGN_LINE	"________________________"

/* Text of a cell; a dash when empty. */
static void
put_cell(FILE *f, const char *s, size_t cap, size_t max)
{
	size_t n = strnlen(s, cap);

	if (n == 0)
		fputs(DASH, f);
	else
		report_put_text(f, s, n, max, REPORT_ESC_MD);
}

static void
put_str(FILE *f, const char *s)
{
	put_cell(f, s, strlen(s), 0);
}

static void
put_meta_row(const struct report_ctx *c, enum policy_word name,
    const char *s, size_t cap)
{
	fputs("| ", c->f);
	put_str(c->f, report_word(c, name));
	fputs(" | ", c->f);
	put_cell(c->f, s, cap, 0);
	fputs(" |\n", c->f);
}

#define META(c, w, s)	put_meta_row((c), (w), (s), sizeof(s))
#define META_S(c, w, s)	put_meta_row((c), (w), (s), strlen(s))

static void
put_head(const struct report_ctx *c)
{
	const struct chk_scan *scan = c->scan;
	const struct policy *pol = c->pol;
	char date[32];

	report_date(scan->time, date, sizeof(date));
	fputs("# ", c->f);
	put_str(c->f, report_word(c, PW_report_title));
	fputs("\n\n", c->f);
	put_str(c->f, report_word(c, PW_report_intro));
	fputs("\n\n| | |\n|---|---|\n", c->f);
	META_S(c, PW_customer, report_site(c, REPORT_CUSTOMER));
	META_S(c, PW_site, report_site(c, REPORT_SITE));
	META_S(c, PW_engineer, report_site(c, REPORT_ENGINEER));
	META_S(c, PW_company, report_site(c, REPORT_COMPANY));
	META(c, PW_camera, scan->camera_id);
	META(c, PW_model, scan->model);
	META(c, PW_firmware, scan->firmware);
	META_S(c, PW_address, report_address(c));
	META(c, PW_scan_time, date);
	if (pol != NULL) {
		META(c, PW_policy, pol->id);
		META(c, PW_policy_version, pol->version);
		META(c, PW_policy_sha256, pol->sha256);
	}
	META(c, PW_state_sha256, scan->state_sha256);
}

static void
put_list_head(const struct report_ctx *c)
{
	static const enum policy_word cols[] = { PW_item, PW_severity,
		PW_check, PW_status, PW_evidence, PW_remediation,
		PW_deadline };
	size_t i;

	fputs("\n## ", c->f);
	put_str(c->f, report_word(c, PW_checklist));
	fputs("\n\n|", c->f);
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		fputc(' ', c->f);
		put_str(c->f, report_word(c, cols[i]));
		fputs(" |", c->f);
	}
	fputs("\n|---|---|---|---|---|---|---|\n", c->f);
}

/* Status, with the justification: reason or waiver. */
static void
put_status(const struct report_ctx *c, const struct chk_record *rec)
{
	FILE *f = c->f;
	const char *why = report_reason(c, rec->v.reason);
	enum chk_result under = rec->v.result;

	put_str(f, report_result(c, rec->result));
	if (rec->result == CHK_WAIVED) {
		fputs(": ", f);
		put_cell(f, rec->waiver_reason, sizeof(rec->waiver_reason), 0);
		fputs(" (", f);
		put_str(f, report_word(c, PW_until));
		fputc(' ', f);
		put_cell(f, rec->waiver_expires, sizeof(rec->waiver_expires),
		    0);
		fputs("; ", f);
		put_str(f, report_word(c, PW_underlying));
		fputs(": ", f);
		put_str(f, report_result(c, under));
		fputc(')', f);
	} else if (under != CHK_PASS && under != CHK_FAIL && why[0]) {
		fputs(" (", f);
		put_str(f, why);
		fputc(')', f);
	}
	if (rec->waiver_expired) {
		fputs(" (", f);
		put_str(f, report_word(c, PW_waiver_expired));
		fputc(' ', f);
		put_cell(f, rec->waiver_expires, sizeof(rec->waiver_expires),
		    0);
		fputc(')', f);
	}
}

static void
put_deadline(FILE *f, const struct chk_record *rec)
{
	if (rec->result == CHK_FAIL)
		fputs(BLANK, f);
	else if (rec->result == CHK_WAIVED)
		put_cell(f, rec->waiver_expires, sizeof(rec->waiver_expires),
		    0);
	else
		fputs(DASH, f);
}

static void
put_row(const struct report_ctx *c, const struct chk_record *rec)
{
	char ev[CHK_EVIDENCE_MAX * (CHK_EVKEY_MAX + CHK_EVVAL_MAX + 2) + 1];
	FILE *f = c->f;

	fputs("| ", f);
	put_str(f, rec->def->id);
	fputs(" | ", f);
	put_str(f, report_severity(c, rec->pc->severity));
	fputs(" | ", f);
	put_str(f, report_text(c, rec, PT_TITLE));
	fputs(" | ", f);
	put_status(c, rec);
	fputs(" | ", f);
	report_evidence_text(&rec->v, ev, sizeof(ev));
	put_cell(f, ev, sizeof(ev), REPORT_MD_EVIDENCE_MAX);
	fputs(" | ", f);
	if (report_wants_fix(rec))
		put_str(f, report_text(c, rec, PT_REMEDIATION));
	else
		fputs(DASH, f);
	fputs(" | ", f);
	put_deadline(f, rec);
	fputs(" |\n", f);
}

static void
put_count(const struct report_ctx *c, const char *name, unsigned n)
{
	fputs("| ", c->f);
	put_str(c->f, name);
	fprintf(c->f, " | %u |\n", n);
}

static void
put_summary(const struct report_ctx *c)
{
	const struct chk_scan *scan = c->scan;
	const struct chk_counts *k = &scan->counts;
	int r;

	fputs("\n## ", c->f);
	put_str(c->f, report_word(c, PW_summary));
	fputs("\n\n| | |\n|---|---|\n", c->f);
	put_count(c, report_word(c, PW_items), (unsigned)scan->n_records);
	for (r = 0; r < CHK_RESULT_COUNT; r++)
		put_count(c, report_result(c, (enum chk_result)r), k->n[r]);
	put_count(c, report_word(c, PW_fail_critical), k->fail_critical);
	put_count(c, report_word(c, PW_fail_high), k->fail_high);
	fputs("| ", c->f);
	put_str(c->f, report_word(c, PW_score));
	if (scan->score_valid)
		fprintf(c->f, " | %.1f %% (", scan->score * 100.0);
	else
		fputs(" | ", c->f);
	put_str(c->f, scan->score_valid ? report_word(c, PW_score_rule) :
	    report_word(c, PW_not_available));
	fputs(scan->score_valid ? ") |\n" : " |\n", c->f);
}

/* "Label: value", or a line to write on when the value is empty. */
static void
put_fill(const struct report_ctx *c, enum policy_word label, const char *v)
{
	put_str(c->f, report_word(c, label));
	fputs(": ", c->f);
	if (v[0])
		put_str(c->f, v);
	else
		fputs(SIGN_LINE, c->f);
	fputs("\n\n", c->f);
}

/* A signature block: name and company filled in when the site says. */
static void
put_signer(const struct report_ctx *c, enum policy_word who,
    const char *name, const char *company)
{
	FILE *f = c->f;

	fputs("\n**", f);
	put_str(f, report_word(c, who));
	fputs("**\n\n", f);
	put_fill(c, PW_name, name);
	put_fill(c, PW_company, company);
	put_fill(c, PW_date, "");
	put_str(f, report_word(c, PW_signature));
	fputs(": " SIGN_LINE "\n", f);
}

static void
put_signatures(const struct report_ctx *c)
{
	fputs("\n## ", c->f);
	put_str(c->f, report_word(c, PW_signoff));
	fputc('\n', c->f);
	put_signer(c, PW_technician, report_site(c, REPORT_ENGINEER),
	    report_site(c, REPORT_COMPANY));
	put_signer(c, PW_customer_acceptance, "",
	    report_site(c, REPORT_CUSTOMER));
}

int
report_markdown_opts(FILE *f, const struct chk_scan *scan,
    const struct policy *pol, const struct report_opts *o)
{
	const struct chk_record *rec;
	struct report_ctx c;
	size_t i;

	report_ctx_init(&c, f, scan, pol, o);
	put_head(&c);
	put_list_head(&c);
	for (i = 0; i < scan->n_records && i < CHK_CATALOGUE_MAX; i++) {
		rec = &scan->records[i];
		if (rec->def == NULL || rec->pc == NULL)
			continue;
		put_row(&c, rec);
	}
	put_summary(&c);
	put_signatures(&c);
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

int
report_markdown(FILE *f, const struct chk_scan *scan,
    const struct policy *pol)
{
	return report_markdown_opts(f, scan, pol, NULL);
}
