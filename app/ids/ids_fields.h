/*
 * ids_fields.h - the small pure helpers (ids_fields.c) the log parsers
 * share (ids_<fmt>_parse.c) and their unit tests.  Not for other
 * modules: they see ids.h only.
 */
#ifndef CAMGUARD_IDS_FIELDS_H
#define CAMGUARD_IDS_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ids/ids.h"

/*
 * Seconds since the epoch of a proleptic Gregorian UTC date and time
 * (days-from-civil arithmetic; no timegm, no time zone).  The fields are
 * not checked: see ids_time_ok().
 */
int64_t	ids_epoch(int y, int m, int d, int hh, int mm, int ss);
/* A real calendar date (1 <= d <= days of that month) and a time of day
 * (ss up to 60 for a leap second). */
bool	ids_time_ok(int y, int m, int d, int hh, int mm, int ss);
/* "Jan".."Dec" in any case: 1..12, else 0. */
int	ids_month(const char *s);
/*
 * "YYYY?MM?DD HH:MM:SS" (19 bytes; ? is sep) read as UTC into *ts.
 * Returns 0, IDS_E_MALFORMED when the shape is wrong or IDS_E_TIME when
 * the shape is right but the date is not.
 */
int	ids_ymd_hms(const char *s, char sep, int64_t *ts);
/*
 * The address field: only hex digits, '.' and ':' (a NUL or any other
 * byte rejects it), then addr_parse_ip().  Returns 0 or IDS_E_ADDRESS.
 */
int	ids_addr(const char *s, size_t n, struct addr_net *out);
/* Keep the printable bytes of s (no C0 controls, no DEL), at most
 * IDS_USER_MAX - 1 of them, never ending inside a UTF-8 sequence. */
void	ids_user_set(struct ids_event *ev, const char *s, size_t n);
/* Last occurrence of needle in [s, s + n), or NULL. */
const char *ids_memrmem(const char *s, size_t n, const char *needle,
	    size_t nlen);

#endif
