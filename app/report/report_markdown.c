/*
 * report_markdown.c - a scan as a commissioning checklist in Markdown.
 *
 * Follows the VMS hardening guide, section 04: every point is Compliant,
 * Non-compliant (with a comment and a remediation deadline, left blank
 * for the engineer) or Not applicable (with its justification), and the
 * completed list is signed by the commissioning engineer and accepted by
 * the customer.  Owns the wording and layout of that document; cell text
 * goes through report_put_text() so that a camera value cannot break out
 * of its table row or inject links or HTML.
 */
#include <string.h>
#include <time.h>

#include "check/check.h"
#include "check/policy.h"
#include "report/report.h"

#define DASH		"\xe2\x80\x94"	/* U+2014, an empty cell */
#define BLANK		"____"		/* for the engineer to fill in */
#define SIGN_LINE	"________________________"

/* A cell from a char array; a dash when empty. */
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
put_meta_row(FILE *f, const char *name, const char *s, size_t cap)
{
	fprintf(f, "| %s | ", name);
	put_cell(f, s, cap, 0);
	fputs(" |\n", f);
}

static void
put_head(FILE *f, const struct chk_scan *scan, const struct policy *pol)
{
	char date[32] = "";
	struct tm tm;

	if (gmtime_r(&scan->time, &tm) != NULL)
		strftime(date, sizeof(date), "%Y-%m-%d %H:%M UTC", &tm);
	fputs("# Camera hardening commissioning report\n\n"
	    "Checklist after the VMS hardening guide, section 04: each item "
	    "is Compliant,\nNon-compliant (with a comment and a remediation "
	    "deadline) or Not applicable\n(with its justification).\n\n"
	    "| Field | Value |\n|---|---|\n", f);
	put_meta_row(f, "Camera", scan->camera_id, sizeof(scan->camera_id));
	put_meta_row(f, "Model", scan->model, sizeof(scan->model));
	put_meta_row(f, "Firmware", scan->firmware, sizeof(scan->firmware));
	put_meta_row(f, "Scan date", date, sizeof(date));
	if (pol != NULL) {
		put_meta_row(f, "Policy", pol->id, sizeof(pol->id));
		put_meta_row(f, "Policy version", pol->version,
		    sizeof(pol->version));
		put_meta_row(f, "Policy SHA-256", pol->sha256,
		    sizeof(pol->sha256));
	}
	fputs("\n## Checklist\n\n"
	    "| Item | Severity | Title | Status | Evidence | Remediation "
	    "| Deadline |\n|---|---|---|---|---|---|---|\n", f);
}

static const char *
status_word(enum chk_result r)
{
	switch (r) {
	case CHK_PASS:
		return "Compliant";
	case CHK_FAIL:
		return "Non-compliant";
	case CHK_NOT_APPLICABLE:
		return "Not applicable";
	case CHK_MANUAL:
		return "Manual";
	case CHK_WAIVED:
		return "Waived";
	case CHK_ERROR:
		return "Error";
	case CHK_NOT_CHECKED:
		return "Not checked";
	default:
		return "?";
	}
}

/* Status, with the justification: reason code or waiver. */
static void
put_status(FILE *f, const struct chk_record *rec)
{
	enum chk_result under = rec->v.result;
	const char *why = chk_reason_name(rec->v.reason);

	fputs(status_word(rec->result), f);
	if (rec->result == CHK_WAIVED) {
		fputs(": ", f);
		put_cell(f, rec->waiver_reason, sizeof(rec->waiver_reason), 0);
		fputs(" (until ", f);
		put_cell(f, rec->waiver_expires, sizeof(rec->waiver_expires),
		    0);
		fprintf(f, "; underlying: %s)", status_word(under));
	} else if (under != CHK_PASS && under != CHK_FAIL && why != NULL &&
	    why[0] != '\0') {
		fprintf(f, " (%s)", why);
	}
	if (rec->waiver_expired) {
		fputs(" (waiver expired ", f);
		put_cell(f, rec->waiver_expires, sizeof(rec->waiver_expires),
		    0);
		fputc(')', f);
	}
}

/* "key=value; ..." capped at REPORT_MD_EVIDENCE_MAX bytes. */
static void
put_evidence(FILE *f, const struct chk_verdict *v)
{
	char buf[CHK_EVIDENCE_MAX * (CHK_EVKEY_MAX + CHK_EVVAL_MAX + 2) + 1];
	size_t len = 0, i;
	int n;

	buf[0] = '\0';
	for (i = 0; i < v->n_evidence && i < CHK_EVIDENCE_MAX; i++) {
		n = snprintf(buf + len, sizeof(buf) - len, "%s%.*s=%.*s",
		    i ? "; " : "", (int)sizeof(v->evidence[i].key),
		    v->evidence[i].key, (int)sizeof(v->evidence[i].val),
		    v->evidence[i].val);
		if (n < 0 || (size_t)n >= sizeof(buf) - len)
			break;
		len += (size_t)n;
	}
	put_cell(f, buf, sizeof(buf), REPORT_MD_EVIDENCE_MAX);
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
put_row(FILE *f, const struct chk_record *rec)
{
	const struct policy_check *pc = rec->pc;
	bool fix = rec->result != CHK_PASS &&
	    rec->result != CHK_NOT_APPLICABLE;

	fputs("| ", f);
	report_put_text(f, rec->def->id, strlen(rec->def->id), 0,
	    REPORT_ESC_MD);
	fprintf(f, " | %s | ", chk_severity_name(pc->severity));
	put_cell(f, pc->title, sizeof(pc->title), 0);
	fputs(" | ", f);
	put_status(f, rec);
	fputs(" | ", f);
	put_evidence(f, &rec->v);
	fputs(" | ", f);
	if (fix)
		put_cell(f, pc->remediation, sizeof(pc->remediation), 0);
	else
		fputs(DASH, f);
	fputs(" | ", f);
	put_deadline(f, rec);
	fputs(" |\n", f);
}

static void
put_summary(FILE *f, const struct chk_scan *scan)
{
	const struct chk_counts *c = &scan->counts;

	fprintf(f, "\n## Summary\n\n%zu items: %u compliant, %u non-compliant "
	    "(%u critical, %u high), %u not applicable, %u manual, "
	    "%u waived, %u error, %u not checked.\n", scan->n_records,
	    c->n[CHK_PASS], c->n[CHK_FAIL], c->fail_critical, c->fail_high,
	    c->n[CHK_NOT_APPLICABLE], c->n[CHK_MANUAL], c->n[CHK_WAIVED],
	    c->n[CHK_ERROR], c->n[CHK_NOT_CHECKED]);
	if (scan->score_valid)
		fprintf(f, "Score: %.1f %% (compliant / (compliant + "
		    "non-compliant)).\n", scan->score * 100.0);
	else
		fputs("Score: n/a (no compliant or non-compliant item).\n", f);
}

static void
put_signatures(FILE *f)
{
	fputs("\n## Sign-off\n\n"
	    "Commissioned by: " SIGN_LINE "\n\n"
	    "Company: " SIGN_LINE "\n\n"
	    "Date: " SIGN_LINE "\n\n"
	    "Signature: " SIGN_LINE "\n\n"
	    "Customer acceptance: " SIGN_LINE "\n\n"
	    "Company: " SIGN_LINE "\n\n"
	    "Date: " SIGN_LINE "\n\n"
	    "Signature: " SIGN_LINE "\n", f);
}

int
report_markdown(FILE *f, const struct chk_scan *scan,
    const struct policy *pol)
{
	const struct chk_record *rec;
	size_t i;

	put_head(f, scan, pol);
	for (i = 0; i < scan->n_records && i < CHK_CATALOGUE_MAX; i++) {
		rec = &scan->records[i];
		if (rec->def == NULL || rec->pc == NULL)
			continue;
		put_row(f, rec);
	}
	put_summary(f, scan);
	put_signatures(f);
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}
