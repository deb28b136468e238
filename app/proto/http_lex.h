/*
 * http_lex.h - the byte classes and small span helpers of RFC 7230 that
 * the reply parsers share (http_resp_parse.c: status line, headers,
 * framing, chunks; http_auth_parse.c: WWW-Authenticate challenges).
 *
 * Pure and static inline: no I/O, no state; spans are offsets into the
 * caller's buffer.  Not for code outside app/proto.
 */
#ifndef CAMGUARD_HTTP_LEX_H
#define CAMGUARD_HTTP_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "proto/http_resp_parse.h"

static inline struct http_span
http_lex_span(size_t off, size_t len)
{
	struct http_span s = { (uint32_t)off, (uint32_t)len };

	return s;
}

static inline bool
http_lex_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool
http_lex_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* RFC 7230 tchar. */
static inline bool
http_lex_tchar(unsigned char c)
{
	return http_lex_alpha(c) || http_lex_digit(c) ||
	    (c && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static inline bool
http_lex_ows(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* A byte of a field value or a reason phrase: no controls but HTAB. */
static inline bool
http_lex_text(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static inline unsigned char
http_lex_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static inline bool
http_lex_ieq(const char *buf, struct http_span s, const char *word)
{
	size_t i, n = strlen(word);

	if (s.len != n)
		return false;
	for (i = 0; i < n; i++)
		if (http_lex_lower((unsigned char)buf[s.off + i]) !=
		    http_lex_lower((unsigned char)word[i]))
			return false;
	return true;
}

/*
 * Walk a comma list in a span: the next item, blanks trimmed, from *pos.
 * Empty items are returned too (len 0); false at the end.
 */
static inline bool
http_lex_list_next(const char *buf, struct http_span v, size_t *pos,
    struct http_span *item)
{
	size_t end = (size_t)v.off + v.len, s, e;

	if (*pos > end)
		return false;
	s = *pos < v.off ? v.off : *pos;
	e = s;
	while (e < end && buf[e] != ',')
		e++;
	*pos = e + 1;
	while (s < e && http_lex_ows((unsigned char)buf[s]))
		s++;
	while (e > s && http_lex_ows((unsigned char)buf[e - 1]))
		e--;
	*item = http_lex_span(s, e - s);
	return true;
}

#endif
