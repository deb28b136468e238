/*
 * fuzz_ids.h - what every log parser's answer must satisfy, for the
 * fuzz_ids_<fmt>.c targets: a result code of the contract; on an event, a
 * sane kind, time, user and address, the address being the text of the
 * one field the server writes (found here independently of the parser),
 * and the auto dispatcher agreeing with the format's own parser.
 */
#ifndef CAMGUARD_FUZZ_IDS_H
#define CAMGUARD_FUZZ_IDS_H

#include <stdlib.h>
#include <string.h>

#include "ids/ids.h"
#include "ids/ids_fields.h"

typedef int (*fuzz_ids_fn)(const char *, size_t, struct ids_event *);
/* The server's address field in line, found the simple way. */
typedef bool (*fuzz_ids_field_fn)(const char *, size_t, const char **,
	    size_t *);

static void
fuzz_ids_check_event(const struct ids_event *ev)
{
	static const uint8_t zero[16], mapped[12] = { [10] = 0xff,
		[11] = 0xff };
	size_t n;

	if (ev->kind != IDS_AUTH_FAILURE && ev->kind != IDS_CHALLENGE)
		abort();
	if (ev->ts < ids_epoch(0, 1, 1, 0, 0, 0) - 86400 ||
	    ev->ts > ids_epoch(9999, 12, 31, 23, 59, 60) + 86400)
		abort();
	if (!(ev->addr.family == 4 && ev->addr.prefix == 32 &&
	    !memcmp(ev->addr.bytes + 4, zero, 12)) &&
	    !(ev->addr.family == 6 && ev->addr.prefix == 128 &&
	    memcmp(ev->addr.bytes, mapped, 12)))
		abort();
	if ((n = strnlen(ev->user, IDS_USER_MAX)) == IDS_USER_MAX)
		abort();
	if ((!ev->has_user && n) || (ev->kind == IDS_CHALLENGE &&
	    ev->has_user))
		abort();
	while (n-- > 0)
		if ((unsigned char)ev->user[n] < 0x20 ||
		    ev->user[n] == 0x7f)
			abort();
}

static void
fuzz_ids_one(const uint8_t *data, size_t size, fuzz_ids_fn parse,
    fuzz_ids_field_fn field)
{
	struct ids_event ev, ev2;
	struct addr_net a;
	const char *line = (const char *)data, *f;
	size_t flen;
	int rc, rc2;

	memset(&ev, 0x5a, sizeof(ev));
	rc = parse(line, size, &ev);
	if (rc != IDS_EVENT && rc != IDS_IGNORED && rc != IDS_E_MALFORMED &&
	    rc != IDS_E_TOO_LONG && rc != IDS_E_ADDRESS && rc != IDS_E_TIME)
		abort();
	if ((rc == IDS_E_TOO_LONG) != (size > LOG_LINE_MAX))
		abort();
	if (rc >= 0) {		/* auto reads the line the same way */
		memset(&ev2, 0x5a, sizeof(ev2));
		rc2 = ids_parse(IDS_FMT_AUTO, line, size, &ev2);
		if (rc2 != rc || (rc == IDS_EVENT && (ev2.kind != ev.kind ||
		    ev2.ts != ev.ts || memcmp(&ev2.addr, &ev.addr,
		    sizeof(ev.addr)) || ev2.has_user != ev.has_user ||
		    strcmp(ev2.user, ev.user))))
			abort();
	}
	if (rc != IDS_EVENT)
		return;
	fuzz_ids_check_event(&ev);
	if (!field(line, size, &f, &flen) || addr_parse_ip(f, flen, &a) < 0 ||
	    memcmp(&a, &ev.addr, sizeof(a)))
		abort();
}

#endif
