/*
 * http_lang_parse.h - which language a client's Accept-Language value
 * prefers among those we can write (RFC 9110 12.5.4), for the status
 * page and the report on the status endpoint.
 *
 * Pure: no I/O, no allocation.  The value is a comma-separated list of
 * language ranges ("fr-CH", "fr", "*"), each with an optional ";q=" weight
 * from 0 to 1 with up to three decimals; q=0 means "not this one".  A
 * range matches a code when its primary subtag is the code ("fr-CH"
 * matches "fr", case aside); "*" matches every code.  Malformed entries
 * are skipped, not fatal: a browser's odd header never breaks the page.
 */
#ifndef CAMGUARD_HTTP_LANG_PARSE_H
#define CAMGUARD_HTTP_LANG_PARSE_H

#include <stddef.h>

/*
 * The index into codes (n lower-case codes, most wanted by us first) of
 * the language the value prefers: the highest weight, the earlier code
 * on a tie.  -1 when no range matches any code with a weight above 0.
 */
int	http_lang_pick(const char *value, size_t len,
	    const char *const *codes, size_t n);

#endif
