/*
 * json_write.c - an escaping JSON writer into the caller's buffer.
 *
 * Owns the JSON text of everything camguard prints or publishes: the
 * commas, the nesting, the escaping of untrusted strings and the number
 * formats.  It does not know what the documents mean (report_json.c,
 * mqtt, status) and never allocates or does I/O.  Any misuse or a full
 * buffer makes the whole document fail rather than come out truncated.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/bytes.h"
#include "core/json_write.h"

void
jw_init(struct jw *jw, char *buf, size_t cap)
{
	memset(jw, 0, sizeof(*jw));
	jw->buf = buf;
	jw->cap = cap;
	if (buf == NULL || cap == 0)
		jw->overflow = true;
	else
		buf[0] = '\0';
}

static void
jw_fail(struct jw *jw)
{
	jw->overflow = true;
}

/* Append n raw bytes, keeping one byte free for the final NUL. */
static void
jw_put(struct jw *jw, const char *s, size_t n)
{
	if (jw->overflow || n == 0)
		return;
	if (n >= jw->cap - jw->len) {
		jw_fail(jw);
		return;
	}
	bytes_copy(jw->buf + jw->len, s, n);	/* most pieces are short */
	jw->len += n;
}

size_t
jw_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c, lo = 0x80, hi = 0xbf;
	size_t need, i;

	if (n == 0)
		return 0;
	c = s[0];
	if (c < 0x80)
		return 1;
	/* a continuation byte, an overlong lead, or above U+10FFFF */
	if (c < 0xc2 || c > 0xf4)
		return 0;
	need = c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
	if (c == 0xe0)
		lo = 0xa0;		/* overlong 3-byte */
	else if (c == 0xed)
		hi = 0x9f;		/* surrogates */
	else if (c == 0xf0)
		lo = 0x90;		/* overlong 4-byte */
	else if (c == 0xf4)
		hi = 0x8f;		/* above U+10FFFF */
	if (n <= need)
		return 0;
	for (i = 1; i <= need; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
	}
	return need + 1;
}

static bool
jw_needs_escape(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\' || c == 0x7f;
}

/* The escape for one byte that may not appear raw in a JSON string. */
static void
jw_put_escape(struct jw *jw, unsigned char c)
{
	char u[8];

	switch (c) {
	case '"':
		jw_put(jw, "\\\"", 2);
		break;
	case '\\':
		jw_put(jw, "\\\\", 2);
		break;
	case '\b':
		jw_put(jw, "\\b", 2);
		break;
	case '\f':
		jw_put(jw, "\\f", 2);
		break;
	case '\n':
		jw_put(jw, "\\n", 2);
		break;
	case '\r':
		jw_put(jw, "\\r", 2);
		break;
	case '\t':
		jw_put(jw, "\\t", 2);
		break;
	default:
		snprintf(u, sizeof(u), "\\u%04x", (unsigned)c);
		jw_put(jw, u, 6);
		break;
	}
}

/* A quoted string: runs of safe text are copied in one go. */
static void
jw_put_string(struct jw *jw, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, start = 0, u;

	jw_put(jw, "\"", 1);
	while (i < n && !jw->overflow) {
		u = jw_utf8_len(s + i, n - i);
		if (u != 0 && !jw_needs_escape(s[i])) {
			i += u;
			continue;
		}
		jw_put(jw, str + start, i - start);
		if (u == 0)
			jw_put(jw, "\\ufffd", 6);
		else
			jw_put_escape(jw, s[i]);
		start = ++i;
	}
	jw_put(jw, str + start, n - start);
	jw_put(jw, "\"", 1);
}

/* The comma and "key": of a member, checking the key fits the context. */
static bool
jw_member(struct jw *jw, const char *key)
{
	int d = jw->depth - 1;

	if (jw->overflow)
		return false;
	if (jw->depth == 0 || jw->is_obj[d] != (key != NULL)) {
		jw_fail(jw);
		return false;
	}
	if (!jw->first[d])
		jw_put(jw, ",", 1);
	jw->first[d] = false;
	if (key != NULL) {
		jw_put_string(jw, key, strlen(key));
		jw_put(jw, ":", 1);
	}
	return !jw->overflow;
}

/* Everything before a value: false when the value must not be written. */
static bool
jw_elem(struct jw *jw, const char *key)
{
	if (jw->overflow)
		return false;
	if (jw->depth == 0) {
		if (key != NULL || jw->root_done) {
			jw_fail(jw);
			return false;
		}
		jw->root_done = true;
		return true;
	}
	if (jw->key_pending) {
		jw->key_pending = false;
		if (key != NULL)
			jw_fail(jw);
		return !jw->overflow;
	}
	return jw_member(jw, key);
}

void
jw_key(struct jw *jw, const char *key)
{
	if (jw->key_pending || key == NULL) {
		jw_fail(jw);
		return;
	}
	if (jw_member(jw, key))
		jw->key_pending = true;
}

static void
jw_open(struct jw *jw, const char *key, bool obj)
{
	if (!jw_elem(jw, key))
		return;
	if (jw->depth >= JW_DEPTH_MAX) {
		jw_fail(jw);
		return;
	}
	jw_put(jw, obj ? "{" : "[", 1);
	jw->first[jw->depth] = true;
	jw->is_obj[jw->depth] = obj;
	jw->depth++;
}

static void
jw_close(struct jw *jw, bool obj)
{
	if (jw->overflow)
		return;
	if (jw->depth == 0 || jw->is_obj[jw->depth - 1] != obj ||
	    jw->key_pending) {
		jw_fail(jw);
		return;
	}
	jw_put(jw, obj ? "}" : "]", 1);
	jw->depth--;
}

void
jw_obj_begin(struct jw *jw, const char *key)
{
	jw_open(jw, key, true);
}

void
jw_obj_end(struct jw *jw)
{
	jw_close(jw, true);
}

void
jw_arr_begin(struct jw *jw, const char *key)
{
	jw_open(jw, key, false);
}

void
jw_arr_end(struct jw *jw)
{
	jw_close(jw, false);
}

void
jw_strn(struct jw *jw, const char *key, const char *s, size_t len)
{
	if (s == NULL) {
		jw_null(jw, key);
		return;
	}
	if (jw_elem(jw, key))
		jw_put_string(jw, s, len);
}

void
jw_str(struct jw *jw, const char *key, const char *s)
{
	jw_strn(jw, key, s, s != NULL ? strlen(s) : 0);
}

/*
 * "%lld" by hand: `ids scan` writes two numbers a failure, and a C
 * library's printf (musl's above all) costs more than the rest of the
 * line.
 */
void
jw_int(struct jw *jw, const char *key, long long v)
{
	char num[24];
	char *p = num + sizeof(num);
	/* the magnitude, LLONG_MIN included */
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v :
	    (unsigned long long)v;

	if (!jw_elem(jw, key))
		return;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	jw_put(jw, p, (size_t)(num + sizeof(num) - p));
}

void
jw_bool(struct jw *jw, const char *key, bool v)
{
	if (jw_elem(jw, key))
		jw_put(jw, v ? "true" : "false", v ? 4 : 5);
}

void
jw_null(struct jw *jw, const char *key)
{
	if (jw_elem(jw, key))
		jw_put(jw, "null", 4);
}

void
jw_double(struct jw *jw, const char *key, double v, int decimals)
{
	char num[64];
	int n, i;

	if (isnan(v) || isinf(v)) {
		jw_null(jw, key);
		return;
	}
	if (!jw_elem(jw, key))
		return;
	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	/* %f of 1e300 has 300 digits; %g stays short and is valid JSON. */
	if (v > -1e15 && v < 1e15)
		n = snprintf(num, sizeof(num), "%.*f", decimals, v);
	else
		n = snprintf(num, sizeof(num), "%.17g", v);
	if (n <= 0 || (size_t)n >= sizeof(num)) {
		jw_fail(jw);
		return;
	}
	for (i = 0; i < n; i++) {	/* a locale's decimal comma */
		if (num[i] == ',')
			num[i] = '.';
	}
	jw_put(jw, num, (size_t)n);
}

int
jw_finish(struct jw *jw)
{
	if (jw->depth != 0 || jw->key_pending || !jw->root_done ||
	    jw->len > INT_MAX)
		jw_fail(jw);
	if (jw->overflow) {
		if (jw->buf != NULL && jw->cap != 0) {
			memset(jw->buf, 0, jw->len);
			jw->buf[0] = '\0';
		}
		jw->len = 0;
		return -1;
	}
	jw->buf[jw->len] = '\0';
	return (int)jw->len;
}
