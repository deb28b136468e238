/*
 * ids_parse.c - the dispatch over the log parsers.
 *
 * Owns ids_parse() (one format, or IDS_FMT_AUTO trying each in turn)
 * and the format names.  It knows no log format itself
 * (ids_<fmt>_parse.c do) and shares nothing with them but ids.h: their
 * common helpers are ids_fields.c, below both.
 * Pure: no I/O, no malloc, no state beyond constant tables.
 */
#include <string.h>

#include "ids/ids.h"

/* A specific error (address, time) says more than "not this format". */
static int
worse(int best, int rc)
{
	return best == IDS_E_MALFORMED ? rc : best;
}

static int
parse_auto(const char *line, size_t len, struct ids_event *ev)
{
	int rc, best;

	if (len > LOG_LINE_MAX)
		return IDS_E_TOO_LONG;
	if ((rc = ids_clf_parse(line, len, ev)) >= 0)
		return rc;
	best = rc;
	if ((rc = ids_lighttpd_parse(line, len, ev)) >= 0)
		return rc;
	best = worse(best, rc);
	if ((rc = ids_nginx_parse(line, len, ev)) >= 0)
		return rc;
	return worse(best, rc);
}

int
ids_parse(enum ids_format fmt, const char *line, size_t len,
    struct ids_event *ev)
{
	switch (fmt) {
	case IDS_FMT_CLF:
		return ids_clf_parse(line, len, ev);
	case IDS_FMT_LIGHTTPD:
		return ids_lighttpd_parse(line, len, ev);
	case IDS_FMT_NGINX:
		return ids_nginx_parse(line, len, ev);
	case IDS_FMT_AUTO:
		return parse_auto(line, len, ev);
	}
	return IDS_E_MALFORMED;
}

int
ids_format_from_name(const char *name, enum ids_format *out)
{
	static const struct {
		const char *name;
		enum ids_format fmt;
	} names[] = {
		{ "auto", IDS_FMT_AUTO },
		{ "clf", IDS_FMT_CLF },
		{ "lighttpd", IDS_FMT_LIGHTTPD },
		{ "nginx", IDS_FMT_NGINX },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(name, names[i].name)) {
			*out = names[i].fmt;
			return 0;
		}
	}
	return -1;
}
