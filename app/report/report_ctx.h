/*
 * report_ctx.h - internal to report_*.c: one report being written, and
 * the words it is written in.
 *
 * Every human report (table, Markdown, HTML) asks these helpers for its
 * words, so that a language of the policy (policy_lang.h) changes them
 * all, and reads check texts through report_text() so that titles,
 * guides and remediations follow the language too.
 */
#ifndef CAMGUARD_REPORT_CTX_H
#define CAMGUARD_REPORT_CTX_H

#include <stdio.h>
#include <time.h>

#include "check/check.h"
#include "check/policy.h"
#include "check/policy_lang.h"
#include "report/report.h"

struct report_ctx {
	FILE				*f;
	const struct chk_scan		*scan;
	const struct policy		*pol;	/* may be NULL */
	const struct policy_lang	*lang;	/* NULL: English */
	const char			*code;	/* "en", "fr" */
	const struct report_opts	*o;	/* never NULL */
};

void	report_ctx_init(struct report_ctx *, FILE *, const struct chk_scan *,
	    const struct policy *, const struct report_opts *);

const char *report_word(const struct report_ctx *, enum policy_word);
/* Status words (Compliant, Conforme...), severities, reasons ("" none). */
const char *report_result(const struct report_ctx *, enum chk_result);
const char *report_severity(const struct report_ctx *, enum chk_severity);
const char *report_reason(const struct report_ctx *, enum chk_reason);
/* A record's title, guide, rationale or remediation in the language. */
const char *report_text(const struct report_ctx *, const struct chk_record *,
	    enum policy_text);
/* A site field ("" when none): customer, site, engineer, company. */
enum report_site_field { REPORT_CUSTOMER, REPORT_SITE, REPORT_ENGINEER,
	REPORT_COMPANY };
const char *report_site(const struct report_ctx *, enum report_site_field);
const char *report_address(const struct report_ctx *);
/* "2025-11-24 16:00 UTC" ("" when t cannot be shown). */
void	report_date(time_t t, char *buf, size_t size);
/*
 * A record's evidence as "key=value; ..." in buf (cut at the buffer's
 * end); the justification a human report shows in its comment column:
 * the waiver reason, or the reason of a result other than pass/fail.
 */
void	report_evidence_text(const struct chk_verdict *, char *buf,
	    size_t size);
bool	report_wants_fix(const struct chk_record *);

int	report_html(FILE *, const struct chk_scan *, const struct policy *,
	    const struct report_opts *);
int	report_markdown_opts(FILE *, const struct chk_scan *,
	    const struct policy *, const struct report_opts *);
int	report_table_opts(FILE *, const struct chk_scan *,
	    const struct policy *, const struct report_opts *);
int	report_json_opts(FILE *, const struct chk_scan *,
	    const struct policy *, const struct report_opts *);

#endif
