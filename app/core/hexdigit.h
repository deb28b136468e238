/*
 * hexdigit.h - the value of one hexadecimal digit, for the parsers that
 * decode %XX escapes (the fleet page's query, the state file's reasons)
 * and /proc/net's addresses.  Pure; header-only so that each parser stays
 * a single object with no new link-time arrow.
 */
#ifndef CG_HEXDIGIT_H
#define CG_HEXDIGIT_H

/* 0..15, or -1 when c is not a hexadecimal digit. */
static inline int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
