/*
 * fuzz_json_write.c - libFuzzer target for the JSON writer.
 *
 * The first input byte picks the buffer size (so overflow happens at
 * every point of a document); the rest is used as a string value (all of
 * it, NULs included) and as a key (up to its first NUL).  The output must
 * then be either -1 with an empty, wiped buffer, or a document that a
 * strict validator accepts: no raw control byte or DEL, valid UTF-8
 * everywhere, only JSON escapes.  The value read back must equal the
 * input with each invalid UTF-8 byte turned into U+FFFD, judged by a
 * UTF-8 decoder written independently of jw_utf8_len(), which is also
 * compared with it at every offset.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/hexdigit.h"
#include "core/json_write.h"

#define BUF_MAX		(64 * 1024 + 4096)
#define INPUT_MAX	8192
#define GUARD		64	/* bytes past cap that must stay untouched */

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char out[BUF_MAX + GUARD];
static char key[INPUT_MAX + 1];
static unsigned char want[INPUT_MAX * 3];
static unsigned char got[INPUT_MAX * 3];

/* Reference UTF-8: decode the code point, then judge it. */
static size_t
ref_utf8_len(const unsigned char *s, size_t n)
{
	uint32_t cp, min;
	size_t need, i;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		need = 1, min = 0x80, cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		need = 2, min = 0x800, cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		need = 3, min = 0x10000, cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n <= need)
		return 0;
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need + 1;
}

/* The input as the writer should render it, before JSON escaping. */
static size_t
expected(const unsigned char *s, size_t n)
{
	size_t i = 0, j = 0, u;

	while (i < n) {
		u = ref_utf8_len(s + i, n - i);
		if (u != jw_utf8_len(s + i, n - i))
			abort();
		if (u == 0) {
			memcpy(want + j, "\xef\xbf\xbd", 3);
			j += 3;
			i++;
		} else {
			memcpy(want + j, s + i, u);
			j += u;
			i += u;
		}
	}
	return j;
}

/* Append code point cp (no surrogates: the writer emits none) as UTF-8. */
static size_t
put_cp(unsigned char *d, uint32_t cp)
{
	if (cp < 0x80) {
		d[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (unsigned char)(0xc0 | cp >> 6);
		d[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp >= 0xd800 && cp <= 0xdfff)
		abort();
	d[0] = (unsigned char)(0xe0 | cp >> 12);
	d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	d[2] = (unsigned char)(0x80 | (cp & 0x3f));
	return 3;
}

static size_t
unescape(const char *p, size_t *pos, size_t i, unsigned char *d)
{
	uint32_t cp = 0;
	int k, h;

	switch (p[i]) {
	case '"':
	case '\\':
	case '/':
		*d = (unsigned char)p[i];
		break;
	case 'b':
		*d = '\b';
		break;
	case 'f':
		*d = '\f';
		break;
	case 'n':
		*d = '\n';
		break;
	case 'r':
		*d = '\r';
		break;
	case 't':
		*d = '\t';
		break;
	case 'u':
		for (k = 1; k <= 4; k++) {
			if ((h = hex_digit(p[i + k])) < 0)
				abort();
			cp = cp << 4 | (uint32_t)h;
		}
		*pos = i + 5;
		return put_cp(d, cp);
	default:
		abort();
	}
	*pos = i + 1;
	return 1;
}

/*
 * A strict JSON string at p[*pos] (the opening quote); decoded into dst
 * when not NULL.  Aborts on anything a strict parser would refuse.
 */
static size_t
json_string(const char *p, size_t n, size_t *pos, unsigned char *dst)
{
	const unsigned char *s = (const unsigned char *)p;
	unsigned char tmp[4];
	size_t i = *pos + 1, j = 0, u, k;

	if (p[*pos] != '"')
		abort();
	for (;;) {
		if (i >= n || s[i] < 0x20 || s[i] == 0x7f)
			abort();
		if (s[i] == '"')
			break;
		if (s[i] == '\\') {
			k = unescape(p, &i, i + 1, tmp);
			if (dst != NULL)
				memcpy(dst + j, tmp, k);
			j += k;
			continue;
		}
		if ((u = ref_utf8_len(s + i, n - i)) == 0)
			abort();
		if (dst != NULL)
			memcpy(dst + j, s + i, u);
		j += u;
		i += u;
	}
	*pos = i + 1;
	return j;
}

static void json_value(const char *, size_t, size_t *, int);

static void
expect_char(const char *p, size_t n, size_t *pos, char c)
{
	if (*pos >= n || p[*pos] != c)
		abort();
	(*pos)++;
}

static void
json_container(const char *p, size_t n, size_t *pos, int depth)
{
	char close = p[*pos] == '{' ? '}' : ']';
	bool obj = close == '}';

	if (depth > JW_DEPTH_MAX)
		abort();
	(*pos)++;
	if (*pos < n && p[*pos] == close) {
		(*pos)++;
		return;
	}
	for (;;) {
		if (obj) {
			json_string(p, n, pos, NULL);
			expect_char(p, n, pos, ':');
		}
		json_value(p, n, pos, depth);
		if (*pos < n && p[*pos] == ',') {
			(*pos)++;
			continue;
		}
		expect_char(p, n, pos, close);
		return;
	}
}

static void
json_value(const char *p, size_t n, size_t *pos, int depth)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t i, len;

	if (*pos >= n)
		abort();
	if (p[*pos] == '{' || p[*pos] == '[') {
		json_container(p, n, pos, depth + 1);
		return;
	}
	if (p[*pos] == '"') {
		json_string(p, n, pos, NULL);
		return;
	}
	for (i = 0; i < 3; i++) {
		len = strlen(words[i]);
		if (n - *pos >= len && memcmp(p + *pos, words[i], len) == 0) {
			*pos += len;
			return;
		}
	}
	if (strchr("-0123456789", p[*pos]) == NULL)
		abort();
	while (*pos < n && strchr("-+.eE0123456789", p[*pos]) != NULL)
		(*pos)++;
}

static void
write_doc(struct jw *jw, const char *val, size_t len)
{
	jw_obj_begin(jw, NULL);
	jw_strn(jw, "v", val, len);
	jw_strn(jw, key, val, len);
	jw_arr_begin(jw, "a");
	jw_strn(jw, NULL, val, len);
	jw_int(jw, NULL, (long long)len);
	jw_double(jw, NULL, (double)len / 3.0, 4);
	jw_null(jw, NULL);
	jw_bool(jw, NULL, len & 1);
	jw_obj_begin(jw, NULL);
	jw_key(jw, key);
	jw_str(jw, NULL, key);
	jw_obj_end(jw);
	jw_arr_end(jw);
	jw_obj_end(jw);
}

/* {"v":"<value>",...: the first value read back is the expected text. */
static void
check_doc(int n, size_t wantlen)
{
	size_t pos = 0, gotlen;

	if (n <= 0 || (size_t)n != strlen(out))
		abort();
	json_value(out, (size_t)n, &pos, 0);
	if (pos != (size_t)n)
		abort();
	pos = 5;
	if (memcmp(out, "{\"v\":", 5) != 0)
		abort();
	gotlen = json_string(out, (size_t)n, &pos, got);
	if (gotlen != wantlen || memcmp(got, want, wantlen) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jw jw;
	size_t cap, len, wantlen, i;
	int n;

	if (size < 1 || size - 1 > INPUT_MAX)
		return 0;
	cap = data[0] == 0xff ? BUF_MAX : 1 + (size_t)data[0] * 97;
	len = size - 1;
	memcpy(key, data + 1, len);
	key[len] = '\0';
	wantlen = expected(data + 1, len);
	memset(out, 'z', cap + GUARD);
	jw_init(&jw, out, cap);
	write_doc(&jw, (const char *)data + 1, len);
	n = jw_finish(&jw);
	for (i = cap; i < cap + GUARD; i++) {	/* nothing past cap */
		if (out[i] != 'z')
			abort();
	}
	if (n < 0) {			/* no partial document left */
		if (out[0] != '\0')
			abort();
		for (i = 0; i < cap; i++) {
			if (out[i] != '\0' && out[i] != 'z')
				abort();
		}
		return 0;
	}
	check_doc(n, wantlen);
	return 0;
}
