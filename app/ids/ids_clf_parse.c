/*
 * ids_clf_parse.c - one Common/Combined Log Format line into an event.
 *
 *	host ident user [10/Oct/2000:13:55:36 -0700] "request" status size
 *	    ["referer" "agent" ...]
 *
 * Owns the CLF rules of spec section 8: a 401 with a user is an
 * auth_failure, a 401 with user "-" a challenge, anything else ignored.
 * The address is the first field only, and must be an IP address.
 *
 * The user, the request and the trailing fields are attacker text.
 * Apache and nginx escape a double quote in them (\" and \x22), so the
 * first unescaped quote after the ident field opens the request, and the
 * request ends at its first unescaped quote: a crafted request or user
 * name cannot move the status field.  Pure: no I/O, no malloc.
 */
#include <string.h>

#include "core/bytes.h"
#include "core/decdigits.h"
#include "ids/ids.h"
#include "ids/ids_fields.h"

#define CLF_DATE_LEN	26	/* 10/Oct/2000:13:55:36 -0700 */

struct clf {
	const char	*host, *user, *date;
	size_t		 hostlen, userlen;
	bool		 empty_user;	/* Apache's "" for "" */
	int		 status;
};

/* The first '"' in [p, end) not escaped by an odd run of backslashes. */
static const char *
clf_quote(const char *p, const char *end)
{
	const char *q, *b;

	while ((q = bytes_find(p, end, '"')) != NULL) {
		for (b = q; b > p && b[-1] == '\\'; b--)
			;
		if (((q - b) & 1) == 0)
			return q;
		p = q + 1;
	}
	return NULL;
}

/*
 * " [DATE] " right before the request's quote q; the user before that,
 * or exactly "" when empty says so.
 */
static bool
clf_user_date(const char *u, const char *q, bool empty, struct clf *f)
{
	size_t around = 2 + CLF_DATE_LEN + 2;	/* " [" DATE "] " */

	if ((size_t)(q - u) <= around || (empty && (size_t)(q - u) != 2 +
	    around))
		return false;
	f->user = u;
	f->userlen = empty ? 0 : (size_t)(q - u) - around;
	f->empty_user = empty;
	f->date = q - 2 - CLF_DATE_LEN;
	return q[-1] == ' ' && q[-2] == ']' && f->date[-1] == '[' &&
	    f->date[-2] == ' ';
}

/*
 * After the request: fields separated by spaces, each a bare word
 * without quotes or a quoted string that starts a field and is closed.
 */
static bool
clf_rest_ok(const char *p, const char *end)
{
	const char *q, *c;

	while ((q = bytes_find(p, end, '"')) != NULL) {
		if (q[-1] != ' ')
			return false;
		if ((c = clf_quote(q + 1, end)) == NULL)
			return false;
		if (c + 1 < end && c[1] != ' ')
			return false;
		p = c + 1;
	}
	return true;
}

/* ` STATUS SIZE` then the rest, from the request's closing quote c. */
static bool
clf_status(const char *c, const char *end, struct clf *f)
{
	const char *p;

	if (end - c < 7 || c[1] != ' ' || c[5] != ' ' ||
	    !dec_digits(c + 2, 3, &f->status))
		return false;
	p = c + 6;
	if (*p == '-') {
		p++;
	} else {
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p == c + 6 || (p < end && *p != ' '))
		return false;
	return clf_rest_ok(p, end);
}

static int
clf_split(const char *line, size_t len, struct clf *f)
{
	const char *end = line + len, *sp, *u, *q, *c;
	bool empty;

	if ((sp = bytes_find(line, end, ' ')) == NULL || sp == line)
		return IDS_E_MALFORMED;
	f->host = line;
	f->hostlen = (size_t)(sp - line);
	u = sp + 1;
	if ((sp = bytes_find(u, end, ' ')) == NULL || sp == u)
		return IDS_E_MALFORMED;
	u = sp + 1;
	if ((q = clf_quote(u, end)) == NULL)
		return IDS_E_MALFORMED;
	empty = q == u && end - q > 2 && q[1] == '"';	/* the user "" */
	if (empty)
		q = clf_quote(q + 2, end);
	if (q == NULL || !clf_user_date(u, q, empty, f))
		return IDS_E_MALFORMED;
	if ((c = clf_quote(q + 1, end)) == NULL || !clf_status(c, end, f))
		return IDS_E_MALFORMED;
	return 0;
}

/* 10/Oct/2000:13:55:36 -0700, the offset applied: UTC seconds. */
static int
clf_time(const char *s, int64_t *ts)
{
	int y, mo, d, hh, mm, ss, oh, om, off;

	if (s[2] != '/' || s[6] != '/' || s[11] != ':' || s[14] != ':' ||
	    s[17] != ':' || s[20] != ' ' || (s[21] != '+' && s[21] != '-'))
		return IDS_E_TIME;
	if (!dec_digits(s, 2, &d) || !(mo = ids_month(s + 3)) ||
	    !dec_digits(s + 7, 4, &y) || !dec_digits(s + 12, 2, &hh) ||
	    !dec_digits(s + 15, 2, &mm) || !dec_digits(s + 18, 2, &ss) ||
	    !dec_digits(s + 22, 2, &oh) || !dec_digits(s + 24, 2, &om))
		return IDS_E_TIME;
	if (!ids_time_ok(y, mo, d, hh, mm, ss) || oh > 23 || om > 59)
		return IDS_E_TIME;
	off = (oh * 3600 + om * 60) * (s[21] == '-' ? -1 : 1);
	*ts = ids_epoch(y, mo, d, hh, mm, ss) - off;
	return 0;
}

int
ids_clf_parse(const char *line, size_t len, struct ids_event *ev)
{
	struct clf f;
	struct addr_net a;
	int64_t ts;
	int rc;

	if (len > LOG_LINE_MAX)
		return IDS_E_TOO_LONG;
	if ((rc = clf_split(line, len, &f)) < 0)
		return rc;
	if ((rc = ids_addr(f.host, f.hostlen, &a)) < 0)
		return rc;
	if ((rc = clf_time(f.date, &ts)) < 0)
		return rc;
	if (f.status != 401)
		return IDS_IGNORED;
	ev->ts = ts;
	ev->addr = a;
	if (!f.empty_user && f.userlen == 1 && f.user[0] == '-') {
		ev->kind = IDS_CHALLENGE;
		ev->has_user = false;
		ev->user[0] = '\0';
	} else {
		ev->kind = IDS_AUTH_FAILURE;
		ids_user_set(ev, f.user, f.userlen);
	}
	return IDS_EVENT;
}
