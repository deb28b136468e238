/*
 * fleet_query_parse.c - the query string of the fleet page and /fleet:
 * ?state=offline,missing&q=lobby (fleet_model.h).
 *
 * Pure: no I/O, no malloc, no globals.  The bytes come from any browser
 * or script that reaches the listener, so each pair is decoded into a
 * bounded buffer (percent escapes, '+' for a space), a bad escape or a
 * control byte refuses the whole query, and keys the page does not use
 * are skipped without being decoded.
 */
#include <string.h>

#include "core/hexdigit.h"
#include "fleet/fleet_model.h"

#define QUERY_KEY_MAX	8	/* "state", "q" and a NUL */
#define QUERY_STATE_MAX	64	/* "offline,missing,unknown,online" */

/*
 * Decode s[0..n) into dst (size sz, NUL-terminated).  -1 for a bad
 * escape or a control byte, -2 when it does not fit.
 */
static int
decode(const char *s, size_t n, char *dst, size_t sz)
{
	size_t i, o = 0;
	int hi, lo;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '+')
			c = ' ';
		else if (c == '%') {
			if (i + 2 >= n)
				return -1;
			hi = hex_digit(s[i + 1]);
			lo = hex_digit(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		}
		if (c < 0x20 || c == 0x7f)
			return -1;
		if (o + 1 >= sz)
			return -2;
		dst[o++] = (char)c;
	}
	dst[o] = '\0';
	return 0;
}

/* "offline,missing": each a state's name, or "all"; empty ones skipped. */
static int
states(const char *v, unsigned *out, bool *all)
{
	const char *p = v, *comma;
	size_t n;
	int s;

	for (;; p = comma + 1) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (n == 3 && memcmp(p, "all", 3) == 0)
			*all = true;
		else if (n > 0) {
			for (s = 0; s < FLEET_ROW_STATES; s++)
				if (strlen(fleet_row_state_name(s)) == n &&
				    memcmp(p, fleet_row_state_name(s), n) == 0)
					break;
			if (s == FLEET_ROW_STATES)
				return -1;
			*out |= 1u << s;
		}
		if (!comma)
			return 0;
	}
}

static int
pair(const char *p, size_t n, struct fleet_filter *out, bool *all)
{
	const char *eq = memchr(p, '=', n);
	size_t kl = eq ? (size_t)(eq - p) : n, vl = eq ? n - kl - 1 : 0;
	/* "q" alone has an empty value: it starts at the end, never NULL + 1 */
	const char *v = eq ? eq + 1 : p + n;
	char key[QUERY_KEY_MAX], val[QUERY_STATE_MAX];
	int rc;

	if (kl == 0 || kl >= 3 * QUERY_KEY_MAX)
		return 0;
	if ((rc = decode(p, kl, key, sizeof(key))) == -2)
		return 0;	/* a long key is none of ours */
	if (rc < 0)
		return -1;
	if (strcmp(key, "q") == 0)
		return decode(v, vl, out->q, sizeof(out->q)) < 0 ? -1 : 0;
	if (strcmp(key, "state") != 0)
		return 0;
	if (!eq || decode(v, vl, val, sizeof(val)) < 0)
		return eq ? -1 : 0;
	return states(val, &out->states, all);
}

int
fleet_query_parse(const char *query, size_t len, struct fleet_filter *out)
{
	struct fleet_filter f;
	const char *p = query, *end = query + len, *amp;
	bool all = false;

	memset(&f, 0, sizeof(f));
	for (; p < end; p = amp + 1) {
		if (!(amp = memchr(p, '&', (size_t)(end - p))))
			amp = end;
		if (pair(p, (size_t)(amp - p), &f, &all) < 0)
			return -1;
	}
	if (all)	/* state=all anywhere: no state filter */
		f.states = 0;
	*out = f;
	return 0;
}
