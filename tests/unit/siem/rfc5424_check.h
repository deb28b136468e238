/*
 * rfc5424_check.h - a strict reader of RFC 5424 messages, written apart
 * from app/siem/siem_fmt.c, for its unit tests and its fuzz target.
 *
 * r5_parse() accepts exactly the grammar of RFC 5424 section 6 (one SD
 * element or the NILVALUE) plus the formatter's own promises: no C0, DEL
 * or C1 byte, no line separator or bidi control, valid UTF-8 throughout,
 * every '\' in a PARAM-VALUE followed by '"', '\' or ']', values of at
 * most SIEM_VALUE_MAX bytes, messages of at most SIEM_MSG_MAX bytes.
 * It unescapes the values so that tests can compare them with the input.
 */
#ifndef RFC5424_CHECK_H
#define RFC5424_CHECK_H

#include <stdint.h>
#include <string.h>

#include "siem/siem_fmt.h"

#define R5_PARAMS_MAX	(SIEM_PARAMS_MAX + 1)

struct r5_param {
	char	name[SIEM_SDNAME_MAX + 1];
	char	value[SIEM_VALUE_MAX + 1];	/* unescaped */
};

struct r5_msg {
	unsigned	pri;
	char		ts[32];
	char		host[SIEM_HOSTNAME_MAX + 1];
	char		app[SIEM_APPNAME_MAX + 1];
	char		procid[SIEM_PROCID_MAX + 1];
	char		msgid[SIEM_MSGID_MAX + 1];
	char		sd_id[SIEM_SDNAME_MAX + 1];	/* "" for "-" */
	size_t		nparams;
	struct r5_param	params[R5_PARAMS_MAX];
	int		has_msg;
	int		bom;
	char		msg[SIEM_MSG_MAX + 1];		/* BOM removed */
};

/* Next code point of valid UTF-8 at s[*i], or -1. */
static int32_t
r5_utf8(const unsigned char *s, size_t n, size_t *i)
{
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	unsigned char c = s[*i];
	size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 :
	    (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
	uint32_t cp;
	size_t k;

	if (len == 0 || *i + len > n)
		return -1;
	cp = len == 1 ? c : c & (0xff >> (len + 1));
	for (k = 1; k < len; k++) {
		if ((s[*i + k] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (s[*i + k] & 0x3f);
	}
	if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*i += len;
	return (int32_t)cp;
}

/* Printable: what no reader can take for a line end or reordering. */
static int
r5_cp_ok(int32_t cp)
{
	return cp >= 0x20 && !(cp >= 0x7f && cp <= 0x9f) &&
	    !(cp >= 0x2028 && cp <= 0x202e) && !(cp >= 0x2066 && cp <= 0x2069);
}

/* A header field of 1..max PRINTUSASCII then SP, copied to dst. */
static int
r5_field(const char *s, size_t n, size_t *i, size_t max, char *dst)
{
	size_t k = 0;

	while (*i < n && s[*i] != ' ') {
		if (s[*i] < 33 || s[*i] > 126 || k == max)
			return -1;
		dst[k++] = s[(*i)++];
	}
	dst[k] = '\0';
	if (k == 0 || *i == n)
		return -1;
	(*i)++;
	return 0;
}

static int
r5_sd_name(const char *s, size_t n, size_t *i, char *dst)
{
	size_t k = 0;

	while (*i < n && s[*i] > 32 && s[*i] < 127 && s[*i] != '=' &&
	    s[*i] != ']' && s[*i] != '"') {
		if (k == SIEM_SDNAME_MAX)
			return -1;
		dst[k++] = s[(*i)++];
	}
	dst[k] = '\0';
	return k ? 0 : -1;
}

/* PARAM-VALUE up to its closing '"', unescaped into dst. */
static int
r5_value(const char *s, size_t n, size_t *i, char *dst)
{
	const unsigned char *us = (const unsigned char *)s;
	size_t start = *i, k = 0, at;
	int32_t cp;

	while (*i < n && s[*i] != '"') {
		if (s[*i] == ']')
			return -1;
		if (s[*i] == '\\') {
			if (*i + 1 == n || !strchr("\"\\]", s[*i + 1]))
				return -1;
			dst[k++] = s[*i + 1];
			*i += 2;
			continue;
		}
		at = *i;
		cp = r5_utf8(us, n, i);
		if (cp < 0 || !r5_cp_ok(cp))
			return -1;
		memcpy(dst + k, s + at, *i - at);
		k += *i - at;
	}
	if (*i == n || *i - start > SIEM_VALUE_MAX)
		return -1;
	dst[k] = '\0';
	(*i)++;
	return 0;
}

static int
r5_sd(const char *s, size_t n, size_t *i, struct r5_msg *r)
{
	struct r5_param *p;

	if (*i < n && s[*i] == '-') {
		(*i)++;
		return 0;
	}
	if (*i == n || s[(*i)++] != '[' || r5_sd_name(s, n, i, r->sd_id) < 0)
		return -1;
	while (*i < n && s[*i] == ' ') {
		(*i)++;
		if (r->nparams == R5_PARAMS_MAX)
			return -1;
		p = &r->params[r->nparams++];
		if (r5_sd_name(s, n, i, p->name) < 0 || *i + 2 > n ||
		    s[*i] != '=' || s[*i + 1] != '"')
			return -1;
		*i += 2;
		if (r5_value(s, n, i, p->value) < 0)
			return -1;
	}
	if (*i == n || s[(*i)++] != ']')
		return -1;
	return 0;
}

static int
r5_pri(const char *s, size_t n, size_t *i, unsigned *pri)
{
	size_t start;

	if (n < 4 || s[0] != '<')
		return -1;
	*i = 1;
	*pri = 0;
	start = *i;
	while (*i < n && s[*i] >= '0' && s[*i] <= '9' && *i - start < 3)
		*pri = *pri * 10 + (unsigned)(s[(*i)++] - '0');
	if (*i == start || (s[start] == '0' && *i - start > 1) ||
	    *pri > SIEM_PRI_MAX || *i + 3 > n || s[*i] != '>' ||
	    s[*i + 1] != '1' || s[*i + 2] != ' ')
		return -1;
	*i += 3;
	return 0;
}

/* "-" or YYYY-MM-DDTHH:MM:SS.ffffffZ, the form siem_fmt() writes. */
static int
r5_ts(const char *s, size_t n, size_t *i, char *dst)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.ddddddZ";
	size_t k;

	if (r5_field(s, n, i, 31, dst) < 0)
		return -1;
	if (strcmp(dst, "-") == 0)
		return 0;
	if (strlen(dst) != sizeof(shape) - 1)
		return -1;
	for (k = 0; shape[k]; k++)
		if (shape[k] == 'd' ? dst[k] < '0' || dst[k] > '9' :
		    dst[k] != shape[k])
			return -1;
	return 0;
}

static int
r5_msg_part(const char *s, size_t n, size_t i, struct r5_msg *r)
{
	const unsigned char *us = (const unsigned char *)s;
	size_t start;
	int32_t cp;

	if (i == n)
		return 0;
	if (s[i++] != ' ')
		return -1;
	r->has_msg = 1;
	if (n - i >= 3 && memcmp(s + i, "\xef\xbb\xbf", 3) == 0) {
		r->bom = 1;
		i += 3;
	}
	start = i;
	while (i < n) {
		cp = r5_utf8(us, n, &i);
		if (cp < 0 || !r5_cp_ok(cp))
			return -1;
		if (cp > 0x7f && !r->bom)
			return -1;	/* UTF-8 MSG needs its BOM (6.4) */
	}
	memcpy(r->msg, s + start, n - start);
	r->msg[n - start] = '\0';
	return 0;
}

/* 0 when s[0..n) is one valid message, filling r; -1 otherwise. */
static int
r5_parse(const char *s, size_t n, struct r5_msg *r)
{
	size_t i = 0;

	memset(r, 0, sizeof(*r));
	if (n > SIEM_MSG_MAX || memchr(s, '\0', n))
		return -1;
	if (r5_pri(s, n, &i, &r->pri) < 0 || r5_ts(s, n, &i, r->ts) < 0 ||
	    r5_field(s, n, &i, SIEM_HOSTNAME_MAX, r->host) < 0 ||
	    r5_field(s, n, &i, SIEM_APPNAME_MAX, r->app) < 0 ||
	    r5_field(s, n, &i, SIEM_PROCID_MAX, r->procid) < 0 ||
	    r5_field(s, n, &i, SIEM_MSGID_MAX, r->msgid) < 0 ||
	    r5_sd(s, n, &i, r) < 0)
		return -1;
	return r5_msg_part(s, n, i, r);
}

#endif
