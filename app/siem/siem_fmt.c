/*
 * siem_fmt.c - RFC 5424 messages and their octet-counted frames.
 *
 * Owns the wire form of a SIEM event: the header (RFC 5424 6.2), one SD
 * element (6.3) and the free text (6.4), and the "LEN SP MSG" frame of
 * RFC 6587 3.4.1.  Does not own what an event says, nor how it is sent.
 *
 * Outside text (parameter values, free text) is copied unit by unit: a
 * printable ASCII byte, or a whole valid UTF-8 sequence.  Anything else -
 * a control byte (C0, DEL, C1), a Unicode line separator or bidi control,
 * a byte that is not part of valid UTF-8 - becomes the four characters
 * \xNN.  So no newline, NUL or stray byte reaches the collector, which
 * could otherwise be made to see a second, forged message.  Cuts fall
 * between units, so an escape or a UTF-8 sequence is never split.
 *
 * In a PARAM-VALUE '"', '\' and ']' are escaped with a backslash as
 * 6.3.3 requires (the \xNN of a control byte thus reads \\xNN on the
 * wire).  In the free text a backslash becomes \x5c, as log_escape()
 * does, so that \xNN there always means an escaped byte.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "siem/siem_fmt.h"

#define SIEM_ELLIPSIS		"..."
#define SIEM_ELLIPSIS_LEN	3
#define SIEM_UNIT_MAX		5	/* \\xNN, the longest unit */
#define SIEM_SECS_PER_DAY	86400LL
/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: 4-digit years. */
#define SIEM_TIME_MIN		(-62167219200LL)
#define SIEM_TIME_MAX		253402300799LL

enum siem_text { SIEM_IN_VALUE, SIEM_IN_MSG };

/* The message being built: len bytes used, at most lim. */
struct siem_out {
	char	*p;
	size_t	 len;
	size_t	 lim;
};

static int
put(struct siem_out *o, const char *s, size_t n)
{
	if (n > o->lim - o->len)
		return -1;
	memcpy(o->p + o->len, s, n);
	o->len += n;
	return 0;
}

static int
put_str(struct siem_out *o, const char *s)
{
	return put(o, s, strlen(s));
}

/* Length of the valid UTF-8 sequence at s, 0 if it is not one. */
static size_t
utf8_len(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;		/* continuation, C0/C1 overlong, > 4 */
	if (len > n)
		return 0;
	/* Second-byte ranges that rule out overlongs, surrogates, >10FFFF. */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	*cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	return len;
}

/*
 * Code points shown as \xNN although valid: controls end or hide lines,
 * U+2028/2029 are line breaks to some viewers, and the bidi controls
 * (U+202A-202E, U+2066-2069) can make an analyst read a line reordered.
 */
static int
cp_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The output unit for the input at s: into u, returns its length. */
static size_t
text_unit(const unsigned char *s, size_t n, enum siem_text how, char *u,
    size_t *used)
{
	static const char hex[] = "0123456789abcdef";
	uint32_t cp = 0;
	size_t len = utf8_len(s, n, &cp), k = 0;

	if (len > 0 && !cp_unsafe(cp)) {
		*used = len;
		if (how == SIEM_IN_MSG && cp == '\\') {
			memcpy(u, "\\x5c", 4);
			return 4;
		}
		if (how == SIEM_IN_VALUE &&
		    (cp == '"' || cp == '\\' || cp == ']'))
			u[k++] = '\\';
		memcpy(u + k, s, len);
		return k + len;
	}
	/* One byte at a time: the rest of a bad sequence follows as such. */
	*used = 1;
	if (how == SIEM_IN_VALUE)
		u[k++] = '\\';
	u[k++] = '\\';
	u[k++] = 'x';
	u[k++] = hex[s[0] >> 4];
	u[k++] = hex[s[0] & 15];
	return k;
}

/* Copies units from s[*pos] while they fit below o->lim; 1 when done. */
static int
text_copy(struct siem_out *o, const unsigned char *s, size_t n, size_t *pos,
    enum siem_text how)
{
	char u[SIEM_UNIT_MAX];
	size_t ulen, used;

	while (*pos < n) {
		ulen = text_unit(s + *pos, n - *pos, how, u, &used);
		if (put(o, u, ulen) < 0)
			return 0;
		*pos += used;
	}
	return 1;
}

/*
 * Outside text, at most max bytes from o->len (end within o->lim).  Cut
 * text ends "..." so that a reader knows it was cut.
 */
static void
put_text(struct siem_out *o, const char *s, size_t n, enum siem_text how,
    size_t max)
{
	const unsigned char *us = (const unsigned char *)s;
	size_t pos = 0, lim = o->lim, end = o->len + max, mark;

	if (max < SIEM_ELLIPSIS_LEN) {
		o->lim = end;
		text_copy(o, us, n, &pos, how);
		goto out;
	}
	/* Fill up to the room "..." needs, then see whether the rest fits. */
	o->lim = end - SIEM_ELLIPSIS_LEN;
	if (text_copy(o, us, n, &pos, how))
		goto out;
	mark = o->len;
	o->lim = end;
	if (!text_copy(o, us, n, &pos, how)) {
		o->len = mark;
		put(o, SIEM_ELLIPSIS, SIEM_ELLIPSIS_LEN);
	}
out:
	o->lim = lim;
}

/* 1 when the copied text will hold a non-ASCII character (needs a BOM). */
static int
text_has_utf8(const char *s, size_t n)
{
	const unsigned char *us = (const unsigned char *)s;
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		len = utf8_len(us + i, n - i, &cp);
		if (len > 1 && !cp_unsafe(cp))
			return 1;
		i += len ? len : 1;
	}
	return 0;
}

/* Bytes of s before its NUL, at most max. */
static size_t
bounded_len(const char *s, size_t max)
{
	const char *z = memchr(s, '\0', max);

	return z ? (size_t)(z - s) : max;
}

/* HOSTNAME, APP-NAME, PROCID, MSGID and a SP: PRINTUSASCII or "-". */
static int
put_field(struct siem_out *o, const char *s, size_t max)
{
	size_t n = s ? bounded_len(s, max) : 0, i;
	unsigned char c;

	if (n == 0)
		return put(o, "- ", 2);
	if (n + 1 > o->lim - o->len)
		return -1;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		o->p[o->len++] = c > ' ' && c < 0x7f ? (char)c : '?';
	}
	o->p[o->len++] = ' ';
	return 0;
}

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void
civil_from_days(long long z, long long *y, unsigned *mo, unsigned *d)
{
	long long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*mo = mp < 10 ? mp + 3 : mp - 9;
	*y = (long long)yoe + era * 400 + (*mo <= 2);
}

/*
 * TIMESTAMP and a SP: RFC 3339 in UTC with microseconds, computed here
 * rather than by gmtime_r() so that no time zone or locale is involved.
 */
static int
put_time(struct siem_out *o, time_t t, long usec)
{
	long long sec = (long long)t, days, rem, y;
	unsigned mo, d;
	char b[40];
	int n;

	if (sec < SIEM_TIME_MIN || sec > SIEM_TIME_MAX)
		return put(o, "- ", 2);
	days = sec / SIEM_SECS_PER_DAY;
	rem = sec % SIEM_SECS_PER_DAY;
	if (rem < 0) {
		rem += SIEM_SECS_PER_DAY;
		days--;
	}
	civil_from_days(days, &y, &mo, &d);
	n = snprintf(b, sizeof(b),
	    "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%06ldZ ",
	    y, mo, d, rem / 3600, rem / 60 % 60, rem % 60, usec);
	if (n < 0 || (size_t)n >= sizeof(b))
		return -1;
	return put(o, b, (size_t)n);
}

static int
put_header(struct siem_out *o, const struct siem_msg *m)
{
	char pri[8];
	int n = snprintf(pri, sizeof(pri), "<%u>1 ", m->pri);

	if (n < 0 || (size_t)n >= sizeof(pri) || put(o, pri, (size_t)n) < 0 ||
	    put_time(o, m->sec, m->usec) < 0 ||
	    put_field(o, m->hostname, SIEM_HOSTNAME_MAX) < 0 ||
	    put_field(o, m->app_name, SIEM_APPNAME_MAX) < 0 ||
	    put_field(o, m->procid, SIEM_PROCID_MAX) < 0 ||
	    put_field(o, m->msgid, SIEM_MSGID_MAX) < 0)
		return -1;
	return 0;
}

/* SD-NAME (6.3.2): 1-32 PRINTUSASCII except '=', SP, ']' and '"'. */
static int
sd_name_ok(const char *s)
{
	size_t n = s ? bounded_len(s, SIEM_SDNAME_MAX + 1) : 0, i;
	unsigned char c;

	if (n == 0 || n > SIEM_SDNAME_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c <= ' ' || c >= 0x7f || c == '=' || c == ']' || c == '"')
			return 0;
	}
	return 1;
}

/* Caller mistakes are refused rather than repaired: names are schema. */
static int
msg_ok(const struct siem_msg *m)
{
	size_t i;

	if (m->pri > SIEM_PRI_MAX || m->usec < 0 || m->usec > 999999 ||
	    m->nparams > SIEM_PARAMS_MAX || (m->nparams && !m->params))
		return 0;
	if (!m->sd_id || !*m->sd_id)
		return m->nparams == 0;
	if (!sd_name_ok(m->sd_id))
		return 0;
	for (i = 0; i < m->nparams; i++)
		if (!sd_name_ok(m->params[i].name))
			return 0;
	return 1;
}

/* One SD-PARAM, whole or not at all (its value escaped and capped). */
static int
put_param(struct siem_out *o, const struct siem_param *p)
{
	char v[SIEM_VALUE_MAX];
	struct siem_out vo = { v, 0, sizeof(v) };
	const char *s = p->value ? p->value : "";
	size_t n = p->value && p->value_len ? p->value_len : strlen(s);
	size_t nlen = strlen(p->name);

	put_text(&vo, s, n, SIEM_IN_VALUE, sizeof(v));
	if (1 + nlen + 2 + vo.len + 1 > o->lim - o->len)
		return -1;
	put(o, " ", 1);
	put(o, p->name, nlen);
	put(o, "=\"", 2);
	put(o, v, vo.len);
	put(o, "\"", 1);
	return 0;
}

/* STRUCTURED-DATA: "-" or one element that always closes with ']'. */
static int
put_sd(struct siem_out *o, const struct siem_msg *m)
{
	size_t i;

	if (!m->sd_id || !*m->sd_id)
		return put(o, "-", 1);
	if (put(o, "[", 1) < 0 || put_str(o, m->sd_id) < 0 ||
	    o->len == o->lim)
		return -1;
	o->lim--;			/* kept for the closing ']' */
	for (i = 0; i < m->nparams; i++)
		if (put_param(o, &m->params[i]) < 0)
			break;		/* this one and the rest dropped */
	o->lim++;
	return put(o, "]", 1);
}

/* SP [BOM] MSG, when there is room for at least "...". */
static void
put_msg(struct siem_out *o, const char *s, size_t n)
{
	static const char bom[] = "\xef\xbb\xbf";
	size_t bomlen = text_has_utf8(s, n) ? sizeof(bom) - 1 : 0;

	if (n == 0 || o->lim - o->len < 1 + bomlen + SIEM_ELLIPSIS_LEN)
		return;
	put(o, " ", 1);
	put(o, bom, bomlen);
	put_text(o, s, n, SIEM_IN_MSG, o->lim - o->len);
}

int
siem_fmt(char *out, size_t cap, const struct siem_msg *m)
{
	struct siem_out o = { out, 0, 0 };

	if (!out || cap == 0)
		return -1;
	out[0] = '\0';
	if (!m || !msg_ok(m))
		return -1;
	o.lim = cap - 1 < SIEM_MSG_MAX ? cap - 1 : SIEM_MSG_MAX;
	if (put_header(&o, m) < 0 || put_sd(&o, m) < 0) {
		out[0] = '\0';
		return -1;
	}
	if (m->msg)
		put_msg(&o, m->msg, m->msg_len ? m->msg_len : strlen(m->msg));
	out[o.len] = '\0';
	return (int)o.len;
}

int
siem_frame(char *out, size_t cap, const char *msg, size_t len)
{
	char pre[SIEM_FRAME_PREFIX_MAX + 1];
	int n;

	if (!out || !msg || len == 0 || len > SIEM_MSG_MAX)
		return -1;
	n = snprintf(pre, sizeof(pre), "%u ", (unsigned)len);
	if (n < 0 || (size_t)n >= sizeof(pre) || (size_t)n + len >= cap)
		return -1;
	memmove(out + n, msg, len);
	memcpy(out, pre, (size_t)n);
	out[(size_t)n + len] = '\0';
	return n + (int)len;
}
