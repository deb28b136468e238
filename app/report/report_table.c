/*
 * report_table.c - a scan for a person at a terminal, and the safe text
 * writer shared by the human reports.
 *
 * Owns the order a field engineer reads in: failures first, then errors,
 * waivers, manual items, unchecked, not applicable and passes; within a
 * group the most severe first, then catalogue order.  Colour is the
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

#define ANSI_RESET	"\033[0m"
#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

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

/* Controls, DEL, C1 controls and bidi overrides (U+202A-E, U+2066-9). */
static bool
text_unsafe(const unsigned char *s, size_t u)
{
	if (u == 0)
		return true;
	if (u == 1)
		return s[0] < 0x20 || s[0] == 0x7f;
	if (u == 2)
		return s[0] == 0xc2 && s[1] < 0xa0;
	if (u == 3 && s[0] == 0xe2 && s[1] == 0x80)
		return s[2] >= 0xaa && s[2] <= 0xae;
	if (u == 3 && s[0] == 0xe2 && s[1] == 0x81)
		return s[2] >= 0xa6 && s[2] <= 0xa9;
	return false;
}

/* Bytes with their own rendering; false for the rest. */
static bool
put_special(FILE *f, unsigned char c, enum report_esc esc)
{
	bool md = esc == REPORT_ESC_MD;

	switch (c) {
	case '\n':
		fputs(md ? "<br>" : " ", f);
		return true;
	case '\t':
	case '\r':
		fputc(' ', f);
		return true;
	case '\\':
	case '|':
	case '<':
	case '[':
	case ']':
		if (!md)
			return false;
		fputc('\\', f);
		fputc(c, f);
		return true;
	default:
		return false;
	}
}

/* One character of u bytes (0: an invalid byte). */
static void
put_char(FILE *f, const unsigned char *s, size_t u, enum report_esc esc)
{
	if (u == 1 && put_special(f, s[0], esc))
		return;
	if (text_unsafe(s, u))
		fputs(REPLACEMENT, f);
	else
		fwrite(s, 1, u, f);
}

void
report_put_text(FILE *f, const char *str, size_t len, size_t max,
    enum report_esc esc)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, u, step;

	while (i < len) {
		u = jw_utf8_len(s + i, len - i);
		step = u != 0 ? u : 1;
		if (max != 0 && i + step > max) {
			fputs("\xe2\x80\xa6", f);	/* U+2026 */
			return;
		}
		put_char(f, s + i, u, esc);
		i += step;
	}
}

/* A char array field; "-" when empty. */
static void
put_name(FILE *f, const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	if (n == 0)
		fputc('-', f);
	else
		report_put_text(f, s, n, 0, REPORT_ESC_TERM);
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

static void
put_header(FILE *f, const struct chk_scan *scan, const struct policy *pol)
{
	fputs("camera ", f);
	put_name(f, scan->camera_id, sizeof(scan->camera_id));
	fputs("  model ", f);
	put_name(f, scan->model, sizeof(scan->model));
	fputs("  firmware ", f);
	put_name(f, scan->firmware, sizeof(scan->firmware));
	fputs("  policy ", f);
	if (pol != NULL) {
		put_name(f, pol->id, sizeof(pol->id));
		fputc(' ', f);
		put_name(f, pol->version, sizeof(pol->version));
		fprintf(f, " (sha256 %.12s)", pol->sha256);
	} else {
		fputc('-', f);
	}
	fputs("\n\n", f);
}

static void
put_evidence(FILE *f, const struct chk_verdict *v)
{
	size_t i;

	if (v->n_evidence == 0)
		return;
	fputs("      evidence:", f);
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
put_waiver(FILE *f, const struct chk_record *rec)
{
	if (rec->result == CHK_WAIVED) {
		fprintf(f, "      waived (underlying %s",
		    chk_result_name(rec->v.result));
		if (rec->waiver_expires[0] != '\0') {
			fputs(", until ", f);
			put_name(f, rec->waiver_expires,
			    sizeof(rec->waiver_expires));
		}
		fputs("): ", f);
	} else if (rec->waiver_expired) {
		fputs("      waiver expired ", f);
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
put_details(FILE *f, const struct chk_record *rec)
{
	enum chk_result r = rec->v.result;
	const char *why = chk_reason_name(rec->v.reason);

	if (rec->result == CHK_FAIL) {
		fputs("      fix: ", f);
		put_name(f, rec->pc->remediation, sizeof(rec->pc->remediation));
		fputc('\n', f);
	}
	if (r != CHK_PASS && r != CHK_FAIL && why != NULL && why[0] != '\0')
		fprintf(f, "      reason: %s\n", why);
	put_waiver(f, rec);
	if (rec->result != CHK_PASS)
		put_evidence(f, &rec->v);
}

static void
put_record(FILE *f, const struct chk_record *rec, bool color)
{
	const char *on = color ? result_color[rec->result] : "";

	fprintf(f, "%s%-14s%s %-8s %-7s ", on, chk_result_name(rec->result),
	    color ? ANSI_RESET : "", chk_severity_name(rec->pc->severity),
	    rec->def->id);
	put_name(f, rec->pc->title, sizeof(rec->pc->title));
	fputc('\n', f);
	put_details(f, rec);
}

static void
put_footer(FILE *f, const struct chk_scan *scan)
{
	const struct chk_counts *c = &scan->counts;
	size_t g;

	fprintf(f, "\n%zu checks: %u fail (%u critical, %u high)",
	    scan->n_records, c->n[CHK_FAIL], c->fail_critical, c->fail_high);
	for (g = 1; g < N_GROUPS; g++)
		fprintf(f, ", %u %s", c->n[group_order[g]],
		    chk_result_name(group_order[g]));
	if (scan->score_valid)
		fprintf(f, "\nscore %.1f%% (pass / (pass + fail))\n",
		    scan->score * 100.0);
	else
		fputs("\nscore n/a (no pass or fail)\n", f);
}

int
report_table(FILE *f, const struct chk_scan *scan, const struct policy *pol,
    bool color)
{
	size_t idx[CHK_CATALOGUE_MAX], n, i;
	const struct chk_record *rec;

	put_header(f, scan, pol);
	n = sort_records(scan, idx);
	for (i = 0; i < n; i++) {
		rec = &scan->records[idx[i]];
		if (rec->def == NULL || rec->pc == NULL ||
		    (unsigned)rec->result >= CHK_RESULT_COUNT)
			continue;
		put_record(f, rec, color);
	}
	put_footer(f, scan);
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}
