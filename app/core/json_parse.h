/*
 * json_parse.h - strict JSON into C structs, with file:line:column errors.
 *
 * Three passes over the caller's buffer, none of which allocates:
 *  1. a strict grammar check (jsmn alone accepts "{"a":1,}" and "tru"),
 *     bounded nesting, trailing bytes rejected;
 *  2. jsmn (JSMN_STRICT) into the token array of the caller's json_ctx;
 *  3. a walk of the tokens against a json_shape: a table of expected keys
 *     with their kinds, ranges and destinations (offsets into the target
 *     struct).  Unknown keys, wrong types, duplicates and out-of-range
 *     values are errors; absent keys leave the target's defaults alone.
 *
 * Errors are collected (up to JSON_ERRORS_MAX) so that one run of
 * config-test shows them all.
 */
#ifndef CAMGUARD_JSON_PARSE_H
#define CAMGUARD_JSON_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#define JSMN_HEADER
#include <jsmn.h>

#include "core/cg_limits.h"

enum json_kind {
	JSON_K_OBJECT,		/* nested shape at off */
	JSON_K_STRING,		/* char[size] at off (or check converts) */
	JSON_K_INT,		/* long long at off, min..max */
	JSON_K_BOOL,		/* bool at off */
	JSON_K_STRING_ARRAY,	/* elements of size bytes, count at count_off */
	JSON_K_INT_ARRAY,	/* long long elements, min..max each */
	JSON_K_OBJECT_ARRAY,	/* elements of size bytes, each a shape */
};

struct json_ctx;

/*
 * Validate (and optionally convert) one string.  dst is the destination
 * (char[size] for JSON_K_STRING, the element for arrays).  Return 0, or -1
 * after writing a message (without the key) into msg.
 */
typedef int (*json_check_fn)(void *dst, size_t size, const char *s,
    size_t len, char *msg, size_t msgsz);

struct json_field {
	const char		*key;
	enum json_kind		 kind;
	size_t			 off;
	size_t			 size;		/* string buffer or element */
	long long		 min, max;	/* ints and int array items */
	size_t			 count_off;	/* arrays: size_t element count */
	size_t			 max_elems;	/* arrays: capacity */
	const struct json_shape	*shape;		/* objects */
	json_check_fn		 check;		/* strings */
};

struct json_shape {
	const struct json_field	*fields;
	size_t			 n_fields;
	/* Cross-field rules once an object is read; report via json_error. */
	void			(*post)(struct json_ctx *, int tok, void *obj);
	/* A table: when set, the object's keys are keys[0..n_fields) and
	 * each is read as fields[0] says, at fields[0].off + index *
	 * fields[0].size (one row per key, no field table per key). */
	const char *const	*keys;
};

struct json_error {
	uint32_t	line, col;
	char		msg[JSON_ERRMSG_MAX];
};

struct json_ctx {
	const char	*buf;
	size_t		 len;
	jsmntok_t	 tok[JSON_TOK_MAX];
	int		 ntok;
	char		 path[JSON_ERRMSG_MAX];	/* "ids.threshold" */
	size_t		 n_errors;
	size_t		 n_dropped;		/* errors beyond the cap */
	struct json_error errors[JSON_ERRORS_MAX];
};

/*
 * Parse buf into target.  Returns 0, or -1 with ctx->errors filled.
 * The root must be an object matching shape.
 */
int	json_parse(struct json_ctx *ctx, const char *buf, size_t len,
	    const struct json_shape *shape, void *target);

/* Record an error at token tok (or at byte offset when tok < 0). */
void	json_error(struct json_ctx *ctx, int tok, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	json_error_at(struct json_ctx *ctx, size_t off, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Write ctx's errors as "name:line:col: message" lines to errf. */
void	json_print_errors(const struct json_ctx *ctx, const char *name,
	    FILE *errf);

/*
 * Unescape the JSON string token's text into dst (NUL-terminated).
 * Returns the length, or -1 (too long, \u0000, bad escape).
 */
int	json_unescape(const char *s, size_t len, char *dst, size_t dstsz);

#endif
