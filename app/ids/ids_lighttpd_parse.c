/*
 * ids_lighttpd_parse.c - one lighttpd error-log line into an event.
 *
 *	2024-03-11 10:00:00: (mod_auth.c.1031) password doesn't match for
 *	    /admin username: admin IP: 192.0.2.7
 *
 * Owns which mod_auth messages are failures (lighttpd 1.4.46 and later,
 * Debian 12's 1.4.69 among them, and the older http_auth.c wording):
 *	password doesn't match for PATH username: USER IP: ADDR
 *	password doesn't match for PATH username: USER, IP: ADDR   (old)
 *	digest: auth failed for USER: wrong password, IP: ADDR
 *	digest: auth failed: uri mismatch (...), IP: ADDR
 *	get_password failed, IP: ADDR                              (old)
 * Every other line with lighttpd's prefix is ignored.
 *
 * PATH and USER are attacker text and may hold "IP: 6.6.6.6".  lighttpd
 * writes the address last, so the address is the text after the line's
 * final " IP: " and must run to the end of the line (trailing blanks
 * aside): nothing an attacker writes comes after it.  The time stamp has
 * no zone and is read as UTC.  Pure: no I/O, no malloc.
 */
#include <string.h>

#include "ids/ids.h"
#include "ids/ids_fields.h"

#define LT_TS_LEN	19	/* 2024-03-11 10:00:00 */
#define LT_SRC_MAX	64	/* "mod_authn_gssapi.c.1234" fits */

enum lt_msg { LT_NONE, LT_BASIC, LT_DIGEST, LT_URI, LT_GETPW };

static const struct {
	const char	*text;
	size_t		 len;
	enum lt_msg	 msg;
} lt_msgs[] = {
#define M(s, m)	{ s, sizeof(s) - 1, m }
	M("password doesn't match for ", LT_BASIC),
	M("digest: auth failed for ", LT_DIGEST),
	M("digest: auth failed: uri mismatch (", LT_URI),
	M("get_password failed", LT_GETPW),
#undef M
};

static bool
lt_src_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/* "(mod_auth.c.1031) " at p: the message after it, or NULL. */
static const char *
lt_source(const char *p, const char *end)
{
	const char *s = p + 1;

	if (p >= end || *p != '(')
		return NULL;
	while (s < end && s - p <= LT_SRC_MAX && lt_src_byte(*s))
		s++;
	if (s == p + 1 || s + 1 >= end || s[0] != ')' || s[1] != ' ' ||
	    s[-1] < '0' || s[-1] > '9')
		return NULL;
	return s + 2;
}

/* Time stamp, optional fraction, ": (src) ": sets *msg, returns rc. */
static int
lt_prefix(const char *line, size_t len, int64_t *ts, const char **msg)
{
	const char *end = line + len, *p = line + LT_TS_LEN;
	int rc;

	if (len < LT_TS_LEN + 3)
		return IDS_E_MALFORMED;
	if (*p == '.') {
		while (++p < end && p - line < LT_TS_LEN + 10 &&
		    *p >= '0' && *p <= '9')
			;
	}
	if (end - p < 3 || p[0] != ':' || p[1] != ' ')
		return IDS_E_MALFORMED;
	if ((*msg = lt_source(p + 2, end)) == NULL)
		return IDS_E_MALFORMED;
	if ((rc = ids_ymd_hms(line, '-', ts)) < 0)
		return rc;
	return 0;
}

static enum lt_msg
lt_classify(const char *msg, const char *end, size_t *skip)
{
	size_t i;

	for (i = 0; i < sizeof(lt_msgs) / sizeof(lt_msgs[0]); i++) {
		if ((size_t)(end - msg) >= lt_msgs[i].len &&
		    !memcmp(msg, lt_msgs[i].text, lt_msgs[i].len)) {
			*skip = lt_msgs[i].len;
			return lt_msgs[i].msg;
		}
	}
	return LT_NONE;
}

static void
trim(const char **s, const char **e)
{
	while (*s < *e && **s == ' ')
		(*s)++;
	while (*e > *s && (*e)[-1] == ' ')
		(*e)--;
}

/* The user between the message text at s and the " IP:" tail at t. */
static int
lt_user(enum lt_msg msg, const char *s, const char *t,
    struct ids_event *ev)
{
	static const char wrong[] = ": wrong password,";
	const char *u;

	ev->has_user = false;
	ev->user[0] = '\0';
	if (msg == LT_DIGEST) {
		if ((size_t)(t - s) < sizeof(wrong) - 1 || memcmp(t -
		    (sizeof(wrong) - 1), wrong, sizeof(wrong) - 1))
			return IDS_E_MALFORMED;
		t -= sizeof(wrong) - 1;
	} else if (msg == LT_BASIC) {
		if ((u = memmem(s, (size_t)(t - s), " username: ", 11)) == NULL)
			return IDS_E_MALFORMED;
		s = u + 11;
		if (t > s && t[-1] == ',')		/* old ", IP:" */
			t--;
	} else {
		return 0;
	}
	trim(&s, &t);
	ids_user_set(ev, s, (size_t)(t - s));
	return 0;
}

int
ids_lighttpd_parse(const char *line, size_t len, struct ids_event *ev)
{
	const char *msg, *end = line + len, *sp;
	enum lt_msg kind;
	size_t skip;
	int64_t ts;
	int rc;

	if (len > LOG_LINE_MAX)
		return IDS_E_TOO_LONG;
	if ((rc = lt_prefix(line, len, &ts, &msg)) < 0)
		return rc;
	if ((kind = lt_classify(msg, end, &skip)) == LT_NONE)
		return IDS_IGNORED;
	while (end > msg && end[-1] == ' ')
		end--;
	/* the last blank ends " IP:", the address runs to the end */
	sp = memrchr(msg, ' ', (size_t)(end - msg));
	if (sp == NULL || sp - msg < (ptrdiff_t)skip + 4 ||
	    memcmp(sp - 4, " IP:", 4))
		return IDS_E_MALFORMED;
	if ((rc = ids_addr(sp + 1, (size_t)(end - sp - 1), &ev->addr)) < 0)
		return rc;
	if ((rc = lt_user(kind, msg + skip, sp - 4, ev)) < 0)
		return rc;
	ev->kind = IDS_AUTH_FAILURE;
	ev->ts = ts;
	return IDS_EVENT;
}
