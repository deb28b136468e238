/*
 * report_text.c - the safe text writer the human reports share: camera
 * and policy strings escaped for the format (Markdown, HTML, terminal),
 * controls and bidi overrides replaced, long values cut on a character
 * boundary.  The bottom of the reports: it calls none of them.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/html_text.h"
#include "core/json_write.h"
#include "report/report.h"
#include "report/report_ctx.h"

#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

/* Controls, DEL, C1 controls and bidi overrides (U+202A-E, U+2066-9). */
static bool
text_unsafe(const unsigned char *s, size_t u)
{
	if (u == 0)
		return true;
	if (u == 1)
		return s[0] < 0x20 || s[0] == 0x7f;
	return text_hidden(s, u);
}

/* Bytes with their own rendering; false for the rest. */
static bool
put_special(FILE *f, unsigned char c, enum report_esc esc)
{
	bool md = esc == REPORT_ESC_MD;
	const char *ent;

	if (esc == REPORT_ESC_HTML && (ent = html_entity(c)) != NULL) {
		fputs(ent, f);
		return true;
	}
	switch (c) {
	case '\n':
		fputs(esc == REPORT_ESC_TERM ? " " : "<br>", f);
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
