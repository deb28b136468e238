/*
 * decdigits.h - the value of n decimal digits, for the fixed-width
 * numbers of dates and status codes (the web logs' timestamps, a date in
 * camguard.json).  No sign, space or end of text is taken, as sscanf's
 * %d would.  Pure; header-only like hexdigit.h, so each parser stays a
 * single object with no new link-time arrow.
 */
#ifndef CG_DECDIGITS_H
#define CG_DECDIGITS_H

#include <stdbool.h>
#include <stddef.h>

/* s[0..n) are all digits (n from 1 to 9): their value in *out. */
static inline bool
dec_digits(const char *s, size_t n, int *out)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return n > 0;
}

#endif
