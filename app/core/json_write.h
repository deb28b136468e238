/*
 * json_write.h - an escaping JSON writer into the caller's buffer.
 *
 * No malloc, no I/O: every call appends to buf and remembers whether the
 * next element of the open object or array needs a comma.  The first
 * error (the buffer is full, nesting deeper than JW_DEPTH_MAX, a key
 * inside an array, no key inside an object, a second root value, an
 * unbalanced end) is sticky: later calls do nothing and jw_finish()
 * returns -1.  Strings are treated as untrusted bytes (camera values, log
 * lines, MQTT payloads): quotes, backslashes, control bytes and DEL are
 * escaped, valid UTF-8 passes through, and each byte of an invalid UTF-8
 * sequence becomes \ufffd, so the output is always valid JSON.
 *
 * Usage:
 *	jw_init(&jw, buf, sizeof(buf));
 *	jw_obj_begin(&jw, NULL);
 *	jw_str(&jw, "camera", id);
 *	jw_key(&jw, "summary");		(then a value with key NULL)
 *	report_summary_json(&jw, scan, policy);
 *	jw_obj_end(&jw);
 *	if ((n = jw_finish(&jw)) < 0) ...
 */
#ifndef CAMGUARD_JSON_WRITE_H
#define CAMGUARD_JSON_WRITE_H

#include <stdbool.h>
#include <stddef.h>

#define JW_DEPTH_MAX	16	/* open objects and arrays */

struct jw {
	char	*buf;
	size_t	 cap;		/* bytes of buf, NUL included */
	size_t	 len;		/* bytes written, NUL excluded */
	bool	 overflow;	/* sticky: full, too deep or misused */
	bool	 key_pending;	/* jw_key() wrote "key": */
	bool	 root_done;	/* the one root value is written */
	int	 depth;		/* open containers */
	bool	 first[JW_DEPTH_MAX];	/* no element yet at a level */
	bool	 is_obj[JW_DEPTH_MAX];	/* an object, or an array */
};

void	jw_init(struct jw *, char *buf, size_t cap);

/*
 * key is the member name inside an object and must be NULL inside an
 * array, at the root, and right after jw_key().
 */
void	jw_obj_begin(struct jw *, const char *key);
void	jw_obj_end(struct jw *);
void	jw_arr_begin(struct jw *, const char *key);
void	jw_arr_end(struct jw *);
/* Write "key": alone; the next call gives its value with key NULL. */
void	jw_key(struct jw *, const char *key);

/* s NULL writes null. */
void	jw_str(struct jw *, const char *key, const char *s);
void	jw_strn(struct jw *, const char *key, const char *s, size_t len);
void	jw_int(struct jw *, const char *key, long long v);
void	jw_bool(struct jw *, const char *key, bool v);
void	jw_null(struct jw *, const char *key);
/* Fixed decimals (0..9); NaN and infinities write null. */
void	jw_double(struct jw *, const char *key, double v, int decimals);

/*
 * NUL-terminate and return the length of the document, or -1 when any
 * call failed or a container is still open.  On -1 the written bytes are
 * zeroed, so buf holds the empty string and no partial document.
 */
int	jw_finish(struct jw *);

/*
 * Length of the valid UTF-8 sequence at s (1 to 4; 1 for ASCII), or 0
 * when the bytes there are not one (overlong, surrogate, above U+10FFFF,
 * truncated, stray continuation byte).  For other writers of untrusted
 * text (report_table.c, report_markdown.c).
 */
size_t	jw_utf8_len(const unsigned char *s, size_t n);

#endif
