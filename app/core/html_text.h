/*
 * html_text.h - what the HTML writers (the reports, the status and fleet
 * pages) share about untrusted text: HTML's five special characters as
 * entities, and the characters never shown (C1 controls, bidi overrides).
 * Header-only and pure, like hexdigit.h.
 */
#ifndef CG_HTML_TEXT_H
#define CG_HTML_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* HTML's five special characters, as entities; NULL for the rest. */
static inline const char *
html_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

/* A UTF-8 character s[0..u) that is a C1 control or a bidi override
 * (U+202A-E, U+2066-9). */
static inline bool
text_hidden(const unsigned char *s, size_t u)
{
	if (u == 2)
		return s[0] == 0xc2 && s[1] < 0xa0;
	if (u == 3 && s[0] == 0xe2 && s[1] == 0x80)
		return s[2] >= 0xaa && s[2] <= 0xae;
	if (u == 3 && s[0] == 0xe2 && s[1] == 0x81)
		return s[2] >= 0xa6 && s[2] <= 0xa9;
	return false;
}

#endif
