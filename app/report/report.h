/*
 * report.h - a scan as JSON (spec sections 2, 4 and 7), a terminal table,
 * and the commissioning report (VMS hardening guide section 04) in
 * Markdown and as one printable HTML file, in any language the policy
 * holds (policy_lang.h).
 *
 * Reports only read a finished struct chk_scan and its policy; they know
 * nothing of how a verdict was reached.  Every string that came from the
 * camera or the policy is escaped for its output: JSON escaping, no
 * control bytes on a terminal, no table breakout in Markdown.
 */
#ifndef CAMGUARD_REPORT_H
#define CAMGUARD_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "check/check.h"
#include "check/policy.h"
#include "core/cg_limits.h"
#include "core/json_write.h"

/*
 * Buffers that always hold one record or one summary: every string at its
 * longest, each byte escaped to 6 ("\ufffd"), plus keys and punctuation.
 * A catalogue id longer than REPORT_ID_MAX - 1 may still overflow (-1).
 */
#define REPORT_ID_MAX		16
#define REPORT_RECORD_MAX	(6 * (REPORT_ID_MAX + 2 * POLICY_TITLE_MAX + \
				 2 * POLICY_TEXT_MAX + CHK_EVIDENCE_MAX * \
				 (CHK_EVKEY_MAX + CHK_EVVAL_MAX) + \
				 WAIVER_REASON_MAX + 16) + 1024)
#define REPORT_SUMMARY_MAX	(6 * (CONF_STR_MAX + 2 * CAMCFG_NAME_MAX + \
				 3 * POLICY_VALUE_MAX + 2 * 65) + 1024)
/* Bytes of evidence text shown in one Markdown or HTML cell before "…". */
#define REPORT_MD_EVIDENCE_MAX	200

struct conf_report;

enum report_format { REPORT_TABLE, REPORT_JSON, REPORT_MARKDOWN,
	REPORT_HTML, REPORT_FORMAT_COUNT };

/* What a report says besides the scan: who it is for, in which language. */
struct report_opts {
	const char			*lang;	/* "en" when NULL */
	const struct conf_report	*site;	/* customer, site, engineer,
						   company; NULL: blank */
	const char			*address; /* the camera's URL; NULL or
						   "" when read from a file */
	bool				 color;	/* table only */
};

/*
 * Write the scan in format to f.  0, or -1 on a write error.  lang must
 * be one policy_lang_known() accepts (an unknown one writes English).
 */
int	report_write(FILE *, enum report_format, const struct chk_scan *,
	    const struct policy *, const struct report_opts *);
/*
 * The index of a site audit (audit.h) as a table, JSON or HTML (the
 * Markdown format writes the table).  0, or -1 on a write error.
 */
struct audit_site;
int	report_index(FILE *, enum report_format, const struct audit_site *);

/* "table", "json", "markdown", "html"; -1 for another name. */
int	report_format_parse(const char *name, enum report_format *);
/* The file name extension of a format: txt, json, md, html. */
const char *report_format_ext(enum report_format);

/* The report_write() formats with default options (English, no site). */
/* The whole JSON report of `check --format json`, one line. */
int	report_json(FILE *, const struct chk_scan *, const struct policy *);
/* The human report; color adds ANSI colours (see report_want_color). */
int	report_table(FILE *, const struct chk_scan *, const struct policy *,
	    bool color);
/* The commissioning checklist with a signature block. */
int	report_markdown(FILE *, const struct chk_scan *,
	    const struct policy *);

/*
 * The summary object of spec section 7 and one check record of section 4,
 * written as the next value of jw (at the root, in an array, or after
 * jw_key()).  0, or -1 when jw has failed (full or misused) or the record
 * has no def or pc.  Shared with the MQTT publisher and /status.
 */
int	report_summary_json(struct jw *, const struct chk_scan *,
	    const struct policy *);
int	report_record_json(struct jw *, const struct chk_record *);

/* Colour on f: a terminal, NO_COLOR unset or empty, TERM not "dumb". */
bool	report_want_color(FILE *);

/*
 * Internal to report_*.c (in report_table.c): write at most max bytes of
 * s (max 0: no cap; "…" marks a cut, never inside a character) with
 * every control byte, DEL, C1 control, bidi override and invalid UTF-8
 * byte replaced by U+FFFD, tabs and CR by a space.  A newline becomes a
 * space on a terminal, "<br>" in Markdown, where \ | < [ ] are also
 * backslash-escaped so a cell cannot break out of its table row, and
 * "<br>" in HTML, where & < > " ' become entities.
 */
enum report_esc { REPORT_ESC_TERM, REPORT_ESC_MD, REPORT_ESC_HTML };
void	report_put_text(FILE *, const char *s, size_t len, size_t max,
	    enum report_esc);

#endif
