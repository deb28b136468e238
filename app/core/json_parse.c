/*
 * json_parse.c - strict JSON grammar check, jsmn tokens, shape walker.
 *
 * Pure: works on the caller's buffer and json_ctx, no I/O, no malloc, no
 * globals.  The walker recurses only as deep as the shape tables nest,
 * never as deep as the input does (the grammar check caps that at
 * JSON_DEPTH_MAX).  Owns error positions; does not know what any key
 * means (conf.c and policy.c do).
 */
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_parse.h"

/* ---- errors ---------------------------------------------------------- */

static void
pos_of(const struct json_ctx *ctx, size_t off, uint32_t *line, uint32_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	if (off > ctx->len)
		off = ctx->len;
	for (i = 0; i < off; i++) {
		if (ctx->buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static void
verror_at(struct json_ctx *ctx, size_t off, const char *fmt, va_list ap)
{
	struct json_error *e;

	if (ctx->n_errors >= JSON_ERRORS_MAX) {
		ctx->n_dropped++;
		return;
	}
	e = &ctx->errors[ctx->n_errors++];
	pos_of(ctx, off, &e->line, &e->col);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
}

void
json_error_at(struct json_ctx *ctx, size_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror_at(ctx, off, fmt, ap);
	va_end(ap);
}

void
json_error(struct json_ctx *ctx, int tok, const char *fmt, ...)
{
	va_list ap;
	size_t off = 0;

	if (tok >= 0 && tok < ctx->ntok) {
		off = (size_t)ctx->tok[tok].start;
		/* point at the opening quote of a string */
		if (ctx->tok[tok].type == JSMN_STRING && off > 0)
			off--;
	}
	va_start(ap, fmt);
	verror_at(ctx, off, fmt, ap);
	va_end(ap);
}

/* ---- pass 1: strict grammar ------------------------------------------ */

enum gstate { G_VALUE, G_VALUE_OR_CLOSE, G_KEY, G_KEY_OR_CLOSE, G_COLON,
	G_AFTER };

struct grammar {
	const char	*s;
	size_t		 n, pos;
	size_t		 depth;
	char		 stack[JSON_DEPTH_MAX];
	const char	*msg;
};

static int
lex_string(struct grammar *g)
{
	size_t i = g->pos + 1;
	int k;

	for (; i < g->n; i++) {
		unsigned char c = (unsigned char)g->s[i];

		if (c == '"') {
			g->pos = i + 1;
			return 0;
		}
		if (c < 0x20) {
			g->pos = i;
			g->msg = "control character in string";
			return -1;
		}
		if (c != '\\')
			continue;
		if (++i >= g->n)
			break;
		if (strchr("\"\\/bfnrt", g->s[i]) && g->s[i] != '\0')
			continue;
		if (g->s[i] != 'u') {
			g->pos = i - 1;
			g->msg = "invalid escape in string";
			return -1;
		}
		for (k = 0; k < 4; k++) {
			if (++i >= g->n || !strchr("0123456789abcdefABCDEF",
			    g->s[i]) || g->s[i] == '\0') {
				g->pos = i < g->n ? i : g->n;
				g->msg = "invalid \\u escape in string";
				return -1;
			}
		}
	}
	g->msg = "unterminated string";
	return -1;
}

static size_t
digits(const struct grammar *g, size_t i)
{
	while (i < g->n && g->s[i] >= '0' && g->s[i] <= '9')
		i++;
	return i;
}

static int
lex_number(struct grammar *g)
{
	size_t i = g->pos, d;

	if (g->s[i] == '-')
		i++;
	d = digits(g, i);
	if (d == i || (g->s[i] == '0' && d > i + 1))
		goto bad;
	i = d;
	if (i < g->n && g->s[i] == '.') {
		d = digits(g, i + 1);
		if (d == i + 1)
			goto bad;
		i = d;
	}
	if (i < g->n && (g->s[i] == 'e' || g->s[i] == 'E')) {
		i++;
		if (i < g->n && (g->s[i] == '+' || g->s[i] == '-'))
			i++;
		d = digits(g, i);
		if (d == i)
			goto bad;
		i = d;
	}
	g->pos = i;
	return 0;
bad:
	g->msg = "invalid number";
	return -1;
}

static int
lex_literal(struct grammar *g)
{
	static const char *const lits[] = { "true", "false", "null" };
	size_t k, l;

	for (k = 0; k < 3; k++) {
		l = strlen(lits[k]);
		if (g->n - g->pos >= l && !memcmp(g->s + g->pos, lits[k], l)) {
			g->pos += l;
			return 0;
		}
	}
	g->msg = "invalid literal (expected true, false or null)";
	return -1;
}

static int
g_push(struct grammar *g, char c)
{
	if (g->depth >= JSON_DEPTH_MAX) {
		g->msg = "nesting too deep";
		return -1;
	}
	g->stack[g->depth++] = c;
	g->pos++;
	return 0;
}

static int
g_value(struct grammar *g, enum gstate *st)
{
	char c = g->s[g->pos];

	*st = G_AFTER;
	if (c == '{') {
		*st = G_KEY_OR_CLOSE;
		return g_push(g, '{');
	}
	if (c == '[') {
		*st = G_VALUE_OR_CLOSE;
		return g_push(g, '[');
	}
	if (c == '"')
		return lex_string(g);
	if (c == '-' || (c >= '0' && c <= '9'))
		return lex_number(g);
	if (c == 't' || c == 'f' || c == 'n')
		return lex_literal(g);
	g->msg = (c == ']' || c == '}') ? "trailing comma or missing value" :
	    "expected a value";
	return -1;
}

static int
g_after(struct grammar *g, enum gstate *st)
{
	char c = g->s[g->pos];
	char top;

	if (g->depth == 0) {
		g->msg = "trailing data after the JSON document";
		return -1;
	}
	top = g->stack[g->depth - 1];
	if (c == ',') {
		g->pos++;
		*st = top == '{' ? G_KEY : G_VALUE;
		return 0;
	}
	if ((c == '}' && top == '{') || (c == ']' && top == '[')) {
		g->pos++;
		g->depth--;
		return 0;
	}
	g->msg = top == '{' ? "expected ',' or '}'" : "expected ',' or ']'";
	return -1;
}

static int
g_step(struct grammar *g, enum gstate *st)
{
	char c = g->s[g->pos];

	switch (*st) {
	case G_VALUE_OR_CLOSE:
		if (c == ']') {
			g->pos++;
			g->depth--;
			*st = G_AFTER;
			return 0;
		}
		/* FALLTHROUGH */
	case G_VALUE:
		return g_value(g, st);
	case G_KEY_OR_CLOSE:
		if (c == '}') {
			g->pos++;
			g->depth--;
			*st = G_AFTER;
			return 0;
		}
		/* FALLTHROUGH */
	case G_KEY:
		if (c != '"') {
			g->msg = c == '}' ? "trailing comma before '}'" :
			    "expected a key in double quotes";
			return -1;
		}
		*st = G_COLON;
		return lex_string(g);
	case G_COLON:
		if (c != ':') {
			g->msg = "expected ':' after key";
			return -1;
		}
		g->pos++;
		*st = G_VALUE;
		return 0;
	case G_AFTER:
		return g_after(g, st);
	}
	return -1;
}

static int
grammar_check(struct json_ctx *ctx)
{
	struct grammar g = { .s = ctx->buf, .n = ctx->len };
	enum gstate st = G_VALUE;

	for (;;) {
		while (g.pos < g.n && strchr(" \t\r\n", g.s[g.pos]) &&
		    g.s[g.pos] != '\0')
			g.pos++;
		if (g.pos >= g.n)
			break;
		if (g_step(&g, &st) < 0) {
			json_error_at(ctx, g.pos, "%s", g.msg);
			return -1;
		}
	}
	if (st != G_AFTER || g.depth != 0) {
		json_error_at(ctx, g.n, "unexpected end of file");
		return -1;
	}
	return 0;
}

/* ---- strings ---------------------------------------------------------- */

static int
hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t
utf8_put(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Decode \uXXXX (and a following low surrogate) at s[*i]; -1 if invalid. */
static int
unescape_u(const char *s, size_t len, size_t *i, unsigned *cp)
{
	unsigned lo;

	if (*i + 5 > len || hex4(s + *i + 1, cp) < 0)
		return -1;
	*i += 4;
	if (*cp >= 0xdc00 && *cp <= 0xdfff)
		return -1;
	if (*cp < 0xd800 || *cp > 0xdbff)
		return *cp == 0 ? -1 : 0;
	if (*i + 7 > len || s[*i + 1] != '\\' || s[*i + 2] != 'u' ||
	    hex4(s + *i + 3, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
		return -1;
	*i += 6;
	*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
	return 0;
}

int
json_unescape(const char *s, size_t len, char *dst, size_t dstsz)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	char tmp[4];
	size_t i, o = 0, n;
	unsigned cp;
	const char *p;

	for (i = 0; i < len; i++) {
		tmp[0] = s[i];
		n = 1;
		if (s[i] == '\\') {
			if (++i >= len)
				return -1;
			if (s[i] == 'u') {
				if (unescape_u(s, len, &i, &cp) < 0)
					return -1;
				n = utf8_put(tmp, cp);
			} else if ((p = strchr(from, s[i])) && s[i]) {
				tmp[0] = to[p - from];
			} else {
				return -1;
			}
		} else if (s[i] == '\0') {
			return -1;
		}
		if (o + n >= dstsz)
			return -1;
		memcpy(dst + o, tmp, n);
		o += n;
	}
	if (dstsz == 0)
		return -1;
	dst[o] = '\0';
	return (int)o;
}

/* ---- pass 3: shape walker -------------------------------------------- */

static int walk_object(struct json_ctx *, int, const struct json_shape *,
    void *);

/* Index of the token after the value at i (which may be a container). */
static int
skip(const struct json_ctx *ctx, int i)
{
	int pending = 1;

	while (pending > 0 && i < ctx->ntok) {
		pending += ctx->tok[i].size;
		pending--;
		i++;
	}
	return i;
}

static bool
tok_is(const struct json_ctx *ctx, int i, const char *lit)
{
	size_t l = strlen(lit);
	const jsmntok_t *t = &ctx->tok[i];

	return (size_t)(t->end - t->start) == l &&
	    !memcmp(ctx->buf + t->start, lit, l);
}

static size_t
path_push(struct json_ctx *ctx, const char *key)
{
	size_t old = strlen(ctx->path);

	snprintf(ctx->path + old, sizeof(ctx->path) - old, "%s%s",
	    old ? "." : "", key);
	return old;
}

static const char *
kind_name(enum json_kind k)
{
	switch (k) {
	case JSON_K_OBJECT:		return "an object";
	case JSON_K_STRING:		return "a string";
	case JSON_K_INT:		return "an integer";
	case JSON_K_BOOL:		return "true or false";
	case JSON_K_STRING_ARRAY:	return "an array of strings";
	case JSON_K_INT_ARRAY:		return "an array of integers";
	case JSON_K_OBJECT_ARRAY:	return "an array of objects";
	}
	return "?";
}

static int
read_int(struct json_ctx *ctx, int i, long long min, long long max,
    long long *out)
{
	const jsmntok_t *t = &ctx->tok[i];
	char num[32];
	size_t l = (size_t)(t->end - t->start);
	char *end;
	long long v;

	if (t->type != JSMN_PRIMITIVE || l >= sizeof(num) ||
	    strchr("tfn", ctx->buf[t->start]))
		goto not_int;
	memcpy(num, ctx->buf + t->start, l);
	num[l] = '\0';
	if (strpbrk(num, ".eE"))
		goto not_int;
	errno = 0;
	v = strtoll(num, &end, 10);
	if (errno || *end || v < min || v > max) {
		json_error(ctx, i, "%s must be between %lld and %lld",
		    ctx->path, min, max);
		return -1;
	}
	*out = v;
	return 0;
not_int:
	json_error(ctx, i, "%s must be an integer", ctx->path);
	return -1;
}

static int
read_string(struct json_ctx *ctx, int i, const struct json_field *f,
    void *dst)
{
	const jsmntok_t *t = &ctx->tok[i];
	char tmp[JSON_STR_MAX];
	char msg[JSON_ERRMSG_MAX];
	int n;

	if (t->type != JSMN_STRING) {
		json_error(ctx, i, "%s must be a string", ctx->path);
		return -1;
	}
	n = json_unescape(ctx->buf + t->start, (size_t)(t->end - t->start),
	    tmp, f->check || f->size > sizeof(tmp) ? sizeof(tmp) : f->size);
	if (n < 0) {
		json_error(ctx, i, "%s: string longer than %zu bytes or "
		    "holding a NUL", ctx->path, (f->check ? sizeof(tmp) :
		    f->size) - 1);
		return -1;
	}
	if (!f->check) {
		memcpy(dst, tmp, (size_t)n + 1);
		return 0;
	}
	msg[0] = '\0';
	if (f->check(dst, f->size, tmp, (size_t)n, msg, sizeof(msg)) < 0) {
		json_error(ctx, i, "%s: %s", ctx->path, msg);
		return -1;
	}
	return 0;
}

static int
read_array(struct json_ctx *ctx, int i, const struct json_field *f,
    char *base)
{
	const jsmntok_t *t = &ctx->tok[i];
	size_t *count = (size_t *)(void *)(base + f->count_off);
	char *elems = base + f->off;
	int k, j = i + 1, rc = 0;

	if (t->type != JSMN_ARRAY) {
		json_error(ctx, i, "%s must be %s", ctx->path, kind_name(f->kind));
		return -1;
	}
	if ((size_t)t->size > f->max_elems) {
		json_error(ctx, i, "%s: more than %zu entries", ctx->path,
		    f->max_elems);
		return -1;
	}
	*count = 0;
	for (k = 0; k < t->size; k++) {
		char *dst = elems + (size_t)k * f->size;
		long long v;

		if (f->kind == JSON_K_STRING_ARRAY) {
			rc |= read_string(ctx, j, f, dst);
		} else if (f->kind == JSON_K_INT_ARRAY) {
			if (read_int(ctx, j, f->min, f->max, &v) == 0)
				memcpy(dst, &v, sizeof(v));
			else
				rc = -1;
		} else if (ctx->tok[j].type != JSMN_OBJECT) {
			json_error(ctx, j, "%s: entries must be objects",
			    ctx->path);
			rc = -1;
		} else {
			rc |= walk_object(ctx, j, f->shape, dst) < 0 ? -1 : 0;
		}
		j = skip(ctx, j);
	}
	*count = (size_t)t->size;
	return rc;
}

static int
read_value(struct json_ctx *ctx, int i, const struct json_field *f,
    char *base)
{
	const jsmntok_t *t = &ctx->tok[i];
	long long v;

	switch (f->kind) {
	case JSON_K_OBJECT:
		if (t->type != JSMN_OBJECT)
			break;
		return walk_object(ctx, i, f->shape, base + f->off);
	case JSON_K_STRING:
		return read_string(ctx, i, f, base + f->off);
	case JSON_K_INT:
		if (read_int(ctx, i, f->min, f->max, &v) < 0)
			return -1;
		memcpy(base + f->off, &v, sizeof(v));
		return 0;
	case JSON_K_BOOL:
		if (t->type != JSMN_PRIMITIVE ||
		    !(tok_is(ctx, i, "true") || tok_is(ctx, i, "false")))
			break;
		*(bool *)(void *)(base + f->off) = tok_is(ctx, i, "true");
		return 0;
	case JSON_K_STRING_ARRAY:
	case JSON_K_INT_ARRAY:
	case JSON_K_OBJECT_ARRAY:
		return read_array(ctx, i, f, base);
	}
	json_error(ctx, i, "%s must be %s", ctx->path, kind_name(f->kind));
	return -1;
}

static const struct json_field *
find_field(const struct json_ctx *ctx, int key, const struct json_shape *sh,
    size_t *idx, struct json_field *row)
{
	size_t k;

	if (sh->keys) {
		for (k = 0; k < sh->n_fields; k++) {
			if (tok_is(ctx, key, sh->keys[k])) {
				*row = sh->fields[0];
				row->key = sh->keys[k];
				row->off += k * row->size;
				*idx = k;
				return row;
			}
		}
		return NULL;
	}
	for (k = 0; k < sh->n_fields; k++) {
		if (tok_is(ctx, key, sh->fields[k].key)) {
			*idx = k;
			return &sh->fields[k];
		}
	}
	return NULL;
}

static void
unknown_key(struct json_ctx *ctx, int key)
{
	char name[48];
	const jsmntok_t *t = &ctx->tok[key];
	size_t l = (size_t)(t->end - t->start), k;

	if (l > 40)
		l = 40;
	for (k = 0; k < l; k++) {
		char c = ctx->buf[t->start + (int)k];

		name[k] = (c >= 0x20 && c < 0x7f) ? c : '?';
	}
	name[l] = '\0';
	json_error(ctx, key, "unknown key \"%s%s\"%s%s", name,
	    (size_t)(t->end - t->start) > 40 ? "..." : "",
	    ctx->path[0] ? " in " : "", ctx->path);
}

static int
walk_object(struct json_ctx *ctx, int obj, const struct json_shape *sh,
    void *target)
{
	uint64_t seen[JSON_SHAPE_FIELDS_MAX / 64] = { 0 };
	int k, key = obj + 1, rc = 0;
	size_t idx = 0, old;
	const struct json_field *f;
	struct json_field row;

	for (k = 0; k < ctx->tok[obj].size; k++, key = skip(ctx, key + 1)) {
		if (!(f = find_field(ctx, key, sh, &idx, &row))) {
			unknown_key(ctx, key);
			rc = -1;
			continue;
		}
		old = path_push(ctx, f->key);
		if (idx >= JSON_SHAPE_FIELDS_MAX) {
			json_error(ctx, key, "%s: shape has too many keys",
			    ctx->path);
			rc = -1;
		} else if (seen[idx / 64] & (1ULL << (idx % 64))) {
			json_error(ctx, key, "duplicate key %s", ctx->path);
			rc = -1;
		} else if (read_value(ctx, key + 1, f, target) < 0) {
			rc = -1;
		}
		if (idx < JSON_SHAPE_FIELDS_MAX)
			seen[idx / 64] |= 1ULL << (idx % 64);
		ctx->path[old] = '\0';
	}
	if (rc == 0 && sh->post) {
		size_t before = ctx->n_errors + ctx->n_dropped;

		sh->post(ctx, obj, target);
		if (ctx->n_errors + ctx->n_dropped != before)
			rc = -1;
	}
	return rc;
}

void
json_print_errors(const struct json_ctx *ctx, const char *name, FILE *errf)
{
	size_t i;

	for (i = 0; i < ctx->n_errors; i++)
		fprintf(errf, "%s:%u:%u: %s\n", name, ctx->errors[i].line,
		    ctx->errors[i].col, ctx->errors[i].msg);
	if (ctx->n_dropped)
		fprintf(errf, "%s: %zu more errors not shown\n", name,
		    ctx->n_dropped);
}

/* ---- entry ------------------------------------------------------------ */

int
json_parse(struct json_ctx *ctx, const char *buf, size_t len,
    const struct json_shape *shape, void *target)
{
	jsmn_parser p;
	int n;

	ctx->buf = buf;
	ctx->len = len;
	ctx->ntok = 0;
	ctx->path[0] = '\0';
	ctx->n_errors = ctx->n_dropped = 0;
	if (memchr(buf, '\0', len)) {
		json_error_at(ctx, (size_t)((const char *)memchr(buf, '\0',
		    len) - buf), "NUL byte in file");
		return -1;
	}
	if (grammar_check(ctx) < 0)
		return -1;
	jsmn_init(&p);
	n = jsmn_parse(&p, buf, len, ctx->tok, JSON_TOK_MAX);
	if (n < 0) {
		json_error_at(ctx, p.pos, n == JSMN_ERROR_NOMEM ?
		    "more than %d values" : "malformed JSON (%d)",
		    n == JSMN_ERROR_NOMEM ? JSON_TOK_MAX : n);
		return -1;
	}
	ctx->ntok = n;
	if (n == 0 || ctx->tok[0].type != JSMN_OBJECT) {
		json_error_at(ctx, n ? (size_t)ctx->tok[0].start : 0,
		    "the document must be a JSON object");
		return -1;
	}
	if (walk_object(ctx, 0, shape, target) < 0 || ctx->n_errors)
		return -1;
	return 0;
}
