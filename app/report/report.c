/*
 * report.c - report_write(), the one entry that picks a format, and the
 * formats' names and file extensions.  The top of the reports: it calls
 * every report_<format>.c, none of which calls it.
 */
#include <string.h>

#include "report/report.h"
#include "report/report_ctx.h"

static const char *const format_names[REPORT_FORMAT_COUNT] = {
	"table", "json", "markdown", "html",
};
static const char *const format_exts[REPORT_FORMAT_COUNT] = {
	"txt", "json", "md", "html",
};

int
report_format_parse(const char *name, enum report_format *out)
{
	int i;

	for (i = 0; i < REPORT_FORMAT_COUNT; i++) {
		if (!strcmp(name, format_names[i])) {
			*out = (enum report_format)i;
			return 0;
		}
	}
	return -1;
}

const char *
report_format_ext(enum report_format f)
{
	return (unsigned)f < REPORT_FORMAT_COUNT ? format_exts[f] : "txt";
}

int
report_write(FILE *f, enum report_format fmt, const struct chk_scan *scan,
    const struct policy *pol, const struct report_opts *o)
{
	switch (fmt) {
	case REPORT_JSON:
		return report_json_opts(f, scan, pol, o);
	case REPORT_MARKDOWN:
		return report_markdown_opts(f, scan, pol, o);
	case REPORT_HTML:
		return report_html(f, scan, pol, o);
	case REPORT_TABLE:
	default:
		return report_table_opts(f, scan, pol, o);
	}
}
