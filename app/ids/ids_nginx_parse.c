/*
 * ids_nginx_parse.c - one nginx error-log line into an event.
 *
 *	2024/03/11 10:00:00 [error] 1234#1234: *5 user "admin": password
 *	    mismatch, client: 192.0.2.7, server: cam, request: "GET / ..."
 *
 * Owns which ngx_http_auth_basic_module messages are events:
 *	user "USER": password mismatch                  auth_failure
 *	user "USER" was not found in "FILE"             auth_failure
 *	no user/password was provided for basic authentication  challenge
 * nginx's core then appends ", client: ADDR, server: NAME, request: ...".
 * Every other line with nginx's prefix is ignored.
 *
 * USER is attacker text that nginx neither escapes nor checks, except
 * that it cannot hold ':' (nginx splits "user:password" at the first
 * colon).  So the first ':' after `user "` is nginx's own: the one of
 * `": password mismatch` or, after the file name, of ", client:".  The
 * address is read right there and never searched for, so a user name
 * holding "client: 6.6.6.6" cannot supply it (such a line is not one
 * nginx wrote: malformed); the request, host and referrer come after it.
 * A user file path holding ':' is not supported (malformed too).  The
 * time stamp has no zone and is read as UTC.
 * Pure: no I/O, no malloc.
 */
#include <string.h>

#include "ids/ids.h"
#include "ids/ids_fields.h"

#define NG_TS_LEN	19	/* 2024/03/11 10:00:00 */
#define NG_LEVEL_MAX	8	/* "[emerg]" */

#define LIT(s)		s, (sizeof(s) - 1)

static bool
has(const char *p, const char *end, const char *s, size_t n)
{
	return (size_t)(end - p) >= n && !memcmp(p, s, n);
}

static const char *
digits(const char *p, const char *end)
{
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p;
}

/* " [error] 1234#1234: " then an optional "*5 ": the message, or NULL. */
static const char *
ng_head(const char *p, const char *end)
{
	const char *s;

	if (!has(p, end, LIT(" [")))
		return NULL;
	for (s = p + 2; s < end && s - p < NG_LEVEL_MAX + 2 && *s >= 'a' &&
	    *s <= 'z'; s++)
		;
	if (s == p + 2 || !has(s, end, LIT("] ")))
		return NULL;
	p = digits(s + 2, end);
	if (p == s + 2 || !has(p, end, LIT("#")))
		return NULL;
	s = digits(p + 1, end);
	if (s == p + 1 || !has(s, end, LIT(": ")))
		return NULL;
	p = s + 2;
	if (has(p, end, LIT("*"))) {
		s = digits(p + 1, end);
		if (s == p + 1 || !has(s, end, LIT(" ")))
			return NULL;
		p = s + 1;
	}
	return p;
}

/* ", client: ADDR, server: " at p: the address. */
static int
ng_client(const char *p, const char *end, struct ids_event *ev)
{
	const char *a, *c;

	if (!has(p, end, LIT(", client: ")))
		return IDS_E_MALFORMED;
	a = p + 10;
	if ((c = memchr(a, ',', (size_t)(end - a))) == NULL ||
	    !has(c, end, LIT(", server: ")))
		return IDS_E_MALFORMED;
	return ids_addr(a, (size_t)(c - a), &ev->addr);
}

/*
 * After `user "`: the first ':' is nginx's.  Sets the user and returns
 * where ", client: " must start, or NULL when the message is another.
 */
static const char *
ng_user(const char *u, const char *end, struct ids_event *ev)
{
	static const char nf[] = "\" was not found in \"";
	const char *c, *q;

	if ((c = memchr(u, ':', (size_t)(end - u))) == NULL)
		return NULL;
	if (c > u && c[-1] == '"' && has(c, end, LIT(": password mismatch"))) {
		ids_user_set(ev, u, (size_t)(c - 1 - u));
		return c + sizeof(": password mismatch") - 1;
	}
	if (c - u < 8 + 2 || memcmp(c - 8, ", client", 8) || c[-9] != '"')
		return NULL;
	/* USER" was not found in "FILE": the file is the server's */
	if ((q = ids_memrmem(u, (size_t)(c - 9 - u), LIT(nf))) == NULL)
		return NULL;
	ids_user_set(ev, u, (size_t)(q - u));
	return c - 8;
}

static int
ng_message(const char *msg, const char *end, struct ids_event *ev)
{
	static const char chal[] =
	    "no user/password was provided for basic authentication";
	const char *t;
	int rc;

	if (has(msg, end, LIT("user \""))) {
		/* a ':' in a user name: not a line nginx wrote */
		if ((t = ng_user(msg + 6, end, ev)) == NULL)
			return IDS_E_MALFORMED;
		ev->kind = IDS_AUTH_FAILURE;
	} else if (has(msg, end, LIT(chal))) {
		t = msg + sizeof(chal) - 1;
		ev->kind = IDS_CHALLENGE;
		ev->has_user = false;
		ev->user[0] = '\0';
	} else {
		return IDS_IGNORED;
	}
	rc = ng_client(t, end, ev);
	return rc < 0 ? rc : IDS_EVENT;
}

int
ids_nginx_parse(const char *line, size_t len, struct ids_event *ev)
{
	const char *end = line + len, *msg;
	int64_t ts;
	int rc;

	if (len > LOG_LINE_MAX)
		return IDS_E_TOO_LONG;
	if (len < NG_TS_LEN + 2 || (msg = ng_head(line + NG_TS_LEN, end)) ==
	    NULL)
		return IDS_E_MALFORMED;
	if ((rc = ids_ymd_hms(line, '/', &ts)) < 0)
		return rc;
	if ((rc = ng_message(msg, end, ev)) != IDS_EVENT)
		return rc;
	ev->ts = ts;
	return IDS_EVENT;
}
