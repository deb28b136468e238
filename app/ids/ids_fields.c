/*
 * ids_fields.c - the small pure helpers the log parsers share: calendar
 * arithmetic without timegm, fixed-width numbers, month names, the
 * address field check and the user name copy.  The bottom of the IDS
 * parsers: it calls no parser and no dispatcher.
 * Pure: no I/O, no malloc, no state beyond constant tables.
 */
#include <string.h>

#include "core/decdigits.h"
#include "ids/ids.h"
#include "ids/ids_fields.h"

/* Howard Hinnant's days_from_civil: days since 1970-01-01. */
int64_t
ids_epoch(int y, int m, int d, int hh, int mm, int ss)
{
	int64_t yy = (int64_t)y - (m <= 2), era, yoe, doy, doe;

	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468) * 86400 +
	    (int64_t)hh * 3600 + mm * 60 + ss;
}

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool
ids_time_ok(int y, int m, int d, int hh, int mm, int ss)
{
	static const unsigned char mdays[12] = { 31, 28, 31, 30, 31, 30,
		31, 31, 30, 31, 30, 31 };
	int dim;

	if (m < 1 || m > 12 || d < 1)
		return false;
	dim = mdays[m - 1] + (m == 2 && is_leap(y));
	return d <= dim && hh >= 0 && hh <= 23 && mm >= 0 && mm <= 59 &&
	    ss >= 0 && ss <= 60;
}

int
ids_month(const char *s)
{
	static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	char lc[3];
	int i;

	for (i = 0; i < 3; i++)
		lc[i] = (char)(s[i] | 0x20);	/* ASCII letters only */
	for (i = 0; i < 12; i++)
		if (!memcmp(names + 3 * i, lc, 3))
			return i + 1;
	return 0;
}

int
ids_ymd_hms(const char *s, char sep, int64_t *ts)
{
	int y, m, d, hh, mm, ss;

	if (s[4] != sep || s[7] != sep || s[10] != ' ' || s[13] != ':' ||
	    s[16] != ':')
		return IDS_E_MALFORMED;
	if (!dec_digits(s, 4, &y) || !dec_digits(s + 5, 2, &m) ||
	    !dec_digits(s + 8, 2, &d) || !dec_digits(s + 11, 2, &hh) ||
	    !dec_digits(s + 14, 2, &mm) || !dec_digits(s + 17, 2, &ss))
		return IDS_E_MALFORMED;
	if (!ids_time_ok(y, m, d, hh, mm, ss))
		return IDS_E_TIME;
	*ts = ids_epoch(y, m, d, hh, mm, ss);
	return 0;
}

/*
 * addr_parse_ip_text() takes hex digits, '.' and ':' and nothing else
 * (a NUL included): the check of each byte this needs is its own.
 */
int
ids_addr(const char *s, size_t n, struct addr_net *out)
{
	return addr_parse_ip_text(s, n, out) < 0 ? IDS_E_ADDRESS : 0;
}

/* Drop a UTF-8 sequence that truncation cut short at the end of u[0,n). */
static size_t
utf8_trim(const char *u, size_t n)
{
	size_t i = n, need;
	unsigned char lead;

	while (i > 0 && ((unsigned char)u[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0 || (unsigned char)u[i - 1] < 0xc0)
		return n;
	lead = (unsigned char)u[i - 1];
	need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
	return n - (i - 1) < need ? i - 1 : n;
}

void
ids_user_set(struct ids_event *ev, const char *s, size_t n)
{
	size_t i, o = 0;
	bool cut = false;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			continue;
		if (o == IDS_USER_MAX - 1) {
			cut = true;
			break;
		}
		ev->user[o++] = (char)c;
	}
	if (cut)
		o = utf8_trim(ev->user, o);
	ev->user[o] = '\0';
	ev->has_user = true;
}

const char *
ids_memrmem(const char *s, size_t n, const char *needle, size_t nlen)
{
	size_t i;

	if (nlen == 0 || nlen > n)
		return NULL;
	for (i = n - nlen + 1; i-- > 0;)
		if (s[i] == needle[0] && !memcmp(s + i, needle, nlen))
			return s + i;
	return NULL;
}
