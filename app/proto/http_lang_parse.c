/*
 * http_lang_parse.c - the language an Accept-Language value prefers
 * (http_lang_parse.h).  Weights are read as thousandths, so no floating
 * point is involved; every entry is bounded by the value's length.
 */
#include <stdbool.h>
#include <string.h>

#include "proto/http_lang_parse.h"

#define LANG_Q_MAX	1000	/* q=1 in thousandths */

struct lang_range {
	const char	*s;	/* the range, before ';' */
	size_t		 len;
	int		 q;	/* 0 to LANG_Q_MAX; -1 malformed */
};

static bool
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* "q=0.5" (blanks trimmed) as thousandths; -1 when it is not one. */
static int
parse_q(const char *s, size_t len)
{
	size_t i = 2;
	int q, scale = 100;

	if (len < 3 || lower(s[0]) != 'q' || s[1] != '=' ||
	    (s[2] != '0' && s[2] != '1'))
		return -1;
	q = (s[i++] - '0') * LANG_Q_MAX;
	if (i < len && s[i] == '.')
		for (i++; i < len && scale > 0; i++, scale /= 10) {
			if (s[i] < '0' || s[i] > '9')
				return -1;
			q += (s[i] - '0') * scale;
		}
	return i == len && q <= LANG_Q_MAX ? q : -1;
}

/* One entry [s, s + len): its range and weight. */
static void
parse_entry(const char *s, size_t len, struct lang_range *r)
{
	const char *semi = memchr(s, ';', len);
	size_t n = semi ? (size_t)(semi - s) : len, i;
	const char *p;

	while (n > 0 && is_ows(s[n - 1]))
		n--;
	r->s = s;
	r->len = n;
	r->q = LANG_Q_MAX;
	for (i = 0; i < n; i++)
		if (!(s[i] == '-' || s[i] == '*' || (lower(s[i]) >= 'a' &&
		    lower(s[i]) <= 'z') || (s[i] >= '0' && s[i] <= '9')))
			r->q = -1;
	if (n == 0 || !semi)
		return;
	p = semi + 1;
	len -= (size_t)(p - s);
	while (len > 0 && is_ows(*p)) {
		p++;
		len--;
	}
	while (len > 0 && is_ows(p[len - 1]))
		len--;
	if (r->q >= 0)
		r->q = parse_q(p, len);
}

static bool
is_star(const struct lang_range *r)
{
	return r->len == 1 && r->s[0] == '*';
}

/* Does the range name code by its primary subtag ("fr-CH": "fr")? */
static bool
range_names(const struct lang_range *r, const char *code)
{
	size_t cl = strlen(code), i;

	if (r->len < cl || (r->len > cl && r->s[cl] != '-'))
		return false;
	for (i = 0; i < cl; i++)
		if (lower(r->s[i]) != code[i])
			return false;
	return true;
}

/*
 * The weight the value gives code: that of the ranges naming it (the
 * highest), else that of "*", else 0.  A range naming it with q=0 keeps
 * it out even when "*" would let it in.
 */
static int
weight(const char *value, size_t len, const char *code)
{
	const char *p = value, *end = value + len, *comma;
	struct lang_range r;
	int named = -1, star = -1;

	while (p < end) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (!comma)
			comma = end;
		while (p < comma && is_ows(*p))
			p++;
		parse_entry(p, (size_t)(comma - p), &r);
		if (r.q >= 0 && r.len > 0) {
			if (is_star(&r))
				star = r.q > star ? r.q : star;
			else if (range_names(&r, code))
				named = r.q > named ? r.q : named;
		}
		p = comma + 1;
	}
	return named >= 0 ? named : star > 0 ? star : 0;
}

int
http_lang_pick(const char *value, size_t len, const char *const *codes,
    size_t n)
{
	int best = -1, best_q = 0, q;
	size_t k;

	for (k = 0; k < n; k++) {
		q = weight(value, len, codes[k]);
		if (q > best_q) {
			best = (int)k;
			best_q = q;
		}
	}
	return best;
}
