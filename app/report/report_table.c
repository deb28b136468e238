/*
 * report_table.c - a scan for a person at a terminal.
 *
 * Owns the order a field engineer reads in: failures first, then errors,
 * waivers, manual items, unchecked, not applicable and passes; within a
 * group the most severe first, then catalogue order.  In English the
 * first column is the result code of JSON and MQTT (what scripts grep
 * for); in another language it is the status word.  Colour is the
 * caller's choice (report_want_color()); camera and policy strings never
 * reach the terminal raw, so a hostile value cannot move the cursor or
 * forge a line.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/check.h"
#include "check/policy.h"
#include "core/json_write.h"
#include "report/report.h"
#include "report/report_ctx.h"

#define ANSI_RESET	"\033[0m"

bool
report_want_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (nc != NULL && nc[0] != '\0')
		return false;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(f)) == 1;
}

/* A field; "-" when empty. */
static void
put_name(FILE *f, const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	if (n == 0)
		fputc('-', f);
	else
		report_put_text(f, s, n, 0, REPORT_ESC_TERM);
}

static void
put_str(FILE *f, const char *s)
{
	put_name(f, s, strlen(s));
}

/* s, then spaces up to width characters (UTF-8 aware). */
static void
put_padded(FILE *f, const char *s, size_t width)
{
	size_t i, chars = 0;

	for (i = 0; s[i]; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	put_str(f, s);
	for (; chars < width; chars++)
		fputc(' ', f);
}

static const enum chk_result group_order[] = {
	CHK_FAIL, CHK_ERROR, CHK_WAIVED, CHK_MANUAL, CHK_NOT_CHECKED,
	CHK_NOT_APPLICABLE, CHK_PASS,
};
#define N_GROUPS	(sizeof(group_order) / sizeof(group_order[0]))

static const char *const result_color[CHK_RESULT_COUNT] = {
	[CHK_PASS] = "\033[32m",		/* green */
	[CHK_FAIL] = "\033[1;31m",		/* bold red */
	[CHK_NOT_APPLICABLE] = "\033[2m",	/* dim */
	[CHK_MANUAL] = "\033[33m",		/* yellow */
	[CHK_ERROR] = "\033[35m",		/* magenta */
	[CHK_NOT_CHECKED] = "\033[2m",
	[CHK_WAIVED] = "\033[36m",		/* cyan */
};

static bool
is_english(const struct report_ctx *c)
{
	return !strcmp(c->code, "en");
}

static const char *
result_label(const struct report_ctx *c, enum chk_result r)
{
	return is_english(c) ? chk_result_name(r) : report_result(c, r);
}

static const char *
severity_label(const struct report_ctx *c, enum chk_severity s)
{
	return is_english(c) ? chk_severity_name(s) : report_severity(c, s);
}

static size_t
group_rank(enum chk_result r)
{
	size_t g;

	for (g = 0; g < N_GROUPS; g++) {
		if (group_order[g] == r)
			break;
	}
	return g;
}

/* Sort key: group, severity, catalogue position. */
static bool
record_before(const struct chk_record *a, size_t ia,
    const struct chk_record *b, size_t ib)
{
	size_t ga = group_rank(a->result), gb = group_rank(b->result);
	int sa = a->pc ? (int)a->pc->severity : CHK_SEV_COUNT;
	int sb = b->pc ? (int)b->pc->severity : CHK_SEV_COUNT;

	if (ga != gb)
		return ga < gb;
	if (sa != sb)
		return sa < sb;
	return ia < ib;
}

/* Insertion sort of record indices: at most CHK_CATALOGUE_MAX of them. */
static size_t
sort_records(const struct chk_scan *scan, size_t *idx)
{
	size_t n = scan->n_records, i, j, t;

	if (n > CHK_CATALOGUE_MAX)
		n = CHK_CATALOGUE_MAX;
	for (i = 0; i < n; i++) {
		t = i;
		for (j = i; j > 0 && record_before(&scan->records[t], t,
		    &scan->records[idx[j - 1]], idx[j - 1]); j--)
			idx[j] = idx[j - 1];
		idx[j] = t;
	}
	return n;
}

/* "Label value" pairs, two spaces apart. */
static void
put_pair(const struct report_ctx *c, enum policy_word w, const char *v,
    size_t cap, bool first)
{
	if (!first)
		fputs("  ", c->f);
	put_str(c->f, report_word(c, w));
	fputc(' ', c->f);
	put_name(c->f, v, cap);
}

#define PAIR(c, w, v, first)	put_pair((c), (w), (v), sizeof(v), (first))
#define PAIR_S(c, w, v, first)	put_pair((c), (w), (v), strlen(v), (first))

static void
put_header(const struct report_ctx *c)
{
	const struct chk_scan *scan = c->scan;
	const struct policy *pol = c->pol;

	PAIR(c, PW_camera, scan->camera_id, true);
	PAIR(c, PW_model, scan->model, false);
	PAIR(c, PW_firmware, scan->firmware, false);
	PAIR_S(c, PW_address, report_address(c), false);
	fputc('\n', c->f);
	PAIR_S(c, PW_customer, report_site(c, REPORT_CUSTOMER), true);
	PAIR_S(c, PW_site, report_site(c, REPORT_SITE), false);
	PAIR_S(c, PW_engineer, report_site(c, REPORT_ENGINEER), false);
	PAIR_S(c, PW_company, report_site(c, REPORT_COMPANY), false);
	fputc('\n', c->f);
	if (pol != NULL) {
		PAIR(c, PW_policy, pol->id, true);
		fputc(' ', c->f);
		put_name(c->f, pol->version, sizeof(pol->version));
		PAIR(c, PW_policy_sha256, pol->sha256, false);
		fputc('\n', c->f);
	}
	PAIR(c, PW_state_sha256, scan->state_sha256, true);
	fputs("\n\n", c->f);
}

static void
put_evidence(const struct report_ctx *c, const struct chk_verdict *v)
{
	FILE *f = c->f;
	size_t i;

	if (v->n_evidence == 0)
		return;
	/* lower case in English, as the fix: and reason: lines */
	fputs("      ", f);
	put_str(f, is_english(c) ? "evidence" : report_word(c, PW_evidence));
	fputc(':', f);
	for (i = 0; i < v->n_evidence && i < CHK_EVIDENCE_MAX; i++) {
		fputc(' ', f);
		put_name(f, v->evidence[i].key, sizeof(v->evidence[i].key));
		fputc('=', f);
		report_put_text(f, v->evidence[i].val,
		    strnlen(v->evidence[i].val, sizeof(v->evidence[i].val)),
		    0, REPORT_ESC_TERM);
	}
	fputc('\n', f);
}

static void
put_waiver(const struct report_ctx *c, const struct chk_record *rec)
{
	FILE *f = c->f;

	if (rec->result == CHK_WAIVED) {
		fputs("      ", f);
		put_str(f, result_label(c, CHK_WAIVED));
		fputs(" (", f);
		put_str(f, report_word(c, PW_underlying));
		fputc(' ', f);
		put_str(f, result_label(c, rec->v.result));
		if (rec->waiver_expires[0] != '\0') {
			fputs(", ", f);
			put_str(f, report_word(c, PW_until));
			fputc(' ', f);
			put_name(f, rec->waiver_expires,
			    sizeof(rec->waiver_expires));
		}
		fputs("): ", f);
	} else if (rec->waiver_expired) {
		fputs("      ", f);
		put_str(f, report_word(c, PW_waiver_expired));
		fputc(' ', f);
		put_name(f, rec->waiver_expires, sizeof(rec->waiver_expires));
		fputs(": ", f);
	} else {
		return;
	}
	put_name(f, rec->waiver_reason, sizeof(rec->waiver_reason));
	fputc('\n', f);
}

/* The detail lines under a record: fix, reason, waiver, evidence. */
static void
put_details(const struct report_ctx *c, const struct chk_record *rec)
{
	enum chk_result r = rec->v.result;
	FILE *f = c->f;

	if (rec->result == CHK_FAIL) {
		fputs("      ", f);
		put_str(f, report_word(c, PW_fix));
		fputs(": ", f);
		put_str(f, report_text(c, rec, PT_REMEDIATION));
		fputc('\n', f);
	}
	if (r != CHK_PASS && r != CHK_FAIL && rec->v.reason != CHK_R_NONE) {
		fputs("      ", f);
		put_str(f, report_word(c, PW_reason));
		fputs(": ", f);
		put_str(f, is_english(c) ? chk_reason_name(rec->v.reason) :
		    report_reason(c, rec->v.reason));
		fputc('\n', f);
	}
	put_waiver(c, rec);
	if (rec->result != CHK_PASS)
		put_evidence(c, &rec->v);
}

static void
put_record(const struct report_ctx *c, const struct chk_record *rec)
{
	FILE *f = c->f;

	if (c->o->color)
		fputs(result_color[rec->result], f);
	put_padded(f, result_label(c, rec->result), 14);
	if (c->o->color)
		fputs(ANSI_RESET, f);
	fputc(' ', f);
	put_padded(f, severity_label(c, rec->pc->severity), 8);
	fputc(' ', f);
	put_padded(f, rec->def->id, 7);
	fputc(' ', f);
	put_str(f, report_text(c, rec, PT_TITLE));
	fputc('\n', f);
	put_details(c, rec);
}

static void
put_footer(const struct report_ctx *c)
{
	const struct chk_scan *scan = c->scan;
	const struct chk_counts *k = &scan->counts;
	FILE *f = c->f;
	size_t g;

	fputc('\n', f);
	put_str(f, report_word(c, PW_items));
	fprintf(f, " %zu: ", scan->n_records);
	put_str(f, result_label(c, CHK_FAIL));
	fprintf(f, " %u (", k->n[CHK_FAIL]);
	put_str(f, severity_label(c, CHK_SEV_CRITICAL));
	fprintf(f, " %u, ", k->fail_critical);
	put_str(f, severity_label(c, CHK_SEV_HIGH));
	fprintf(f, " %u)", k->fail_high);
	for (g = 1; g < N_GROUPS; g++) {
		fputs(", ", f);
		put_str(f, result_label(c, group_order[g]));
		fprintf(f, " %u", k->n[group_order[g]]);
	}
	fputc('\n', f);
	put_str(f, report_word(c, PW_score));
	if (scan->score_valid)
		fprintf(f, " %.1f %% (", scan->score * 100.0);
	else
		fputc(' ', f);
	put_str(f, report_word(c, scan->score_valid ? PW_score_rule :
	    PW_not_available));
	fputs(scan->score_valid ? ")\n" : "\n", f);
}

int
report_table_opts(FILE *f, const struct chk_scan *scan,
    const struct policy *pol, const struct report_opts *o)
{
	size_t idx[CHK_CATALOGUE_MAX], n, i;
	const struct chk_record *rec;
	struct report_ctx c;

	report_ctx_init(&c, f, scan, pol, o);
	put_header(&c);
	n = sort_records(scan, idx);
	for (i = 0; i < n; i++) {
		rec = &scan->records[idx[i]];
		if (rec->def == NULL || rec->pc == NULL ||
		    (unsigned)rec->result >= CHK_RESULT_COUNT)
			continue;
		put_record(&c, rec);
	}
	put_footer(&c);
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

int
report_table(FILE *f, const struct chk_scan *scan, const struct policy *pol,
    bool color)
{
	struct report_opts o = { .color = color };

	return report_table_opts(f, scan, pol, &o);
}
