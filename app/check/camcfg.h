/*
 * camcfg.h - the camera's configuration as one model: section -> KEY -> value.
 *
 * camcfg_parse() is pure: it reads the caller's buffer, writes only *out
 * and *err, and keeps offsets into the buffer (the buffer must outlive the
 * model).  The accessors below answer the questions the checks ask: a
 * value, a field of a k=v:k=v profile value, an item of a comma list, the
 * firmware version and the model.
 */
#ifndef CAMGUARD_CAMCFG_H
#define CAMGUARD_CAMCFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cg_limits.h"

enum camcfg_err {
	CAMCFG_OK = 0,
	CAMCFG_E_TOO_BIG = -1,		/* buffer over CAMCFG_FILE_MAX */
	CAMCFG_E_LINE_TOO_LONG = -2,	/* line over CAMCFG_LINE_MAX */
	CAMCFG_E_BINARY = -3,		/* NUL or other control byte */
	CAMCFG_E_UNTERMINATED = -4,	/* SECTION without ENDSECTION */
	CAMCFG_E_MISMATCH = -5,		/* ENDSECTION b closes SECTION a */
	CAMCFG_E_NESTED = -6,		/* SECTION inside SECTION */
	CAMCFG_E_STRAY_END = -7,	/* ENDSECTION outside a SECTION */
	CAMCFG_E_SYNTAX = -8,		/* not a comment, block or KEY=value */
	CAMCFG_E_BAD_NAME = -9,		/* empty/over-long/odd section or key */
	CAMCFG_E_TOO_MANY = -10,	/* over CAMCFG_ENTRIES_MAX entries */
	CAMCFG_E_NOT_CONFIG = -11,	/* no entries at all */
};

struct camcfg_span {
	uint32_t off;
	uint32_t len;
};

struct camcfg_entry {
	struct camcfg_span section;
	struct camcfg_span key;
	struct camcfg_span value;
	uint32_t line;
};

struct camcfg {
	const char *buf;
	size_t len;
	struct camcfg_span model;	/* from a "#:MX-..." comment line */
	struct camcfg_span version;	/* from a "#:MX-V<digits.dots>" line */
	size_t n_entries;
	struct camcfg_entry entries[CAMCFG_ENTRIES_MAX];
};

struct camcfg_error {
	uint32_t line;		/* 1-based line of the error */
	uint32_t col;		/* 1-based column, 0 when not meaningful */
};

/*
 * Parse a configuration dump.  Returns CAMCFG_OK or a camcfg_err.
 *
 * On error *out is left empty (no entries, no model, no version) and
 * *err says where: TOO_BIG and a NOT_CONFIG found at the end of the
 * buffer give line 0, col 0; UNTERMINATED gives the SECTION line; every
 * other error gives the line and the column of the offending byte (the
 * first byte past CAMCFG_LINE_MAX, the bad byte of a name, the name of a
 * mismatched ENDSECTION, else the first non-blank byte of the line).
 * Names are 1..CAMCFG_NAME_MAX bytes of [A-Za-z0-9_.-].  A line that is
 * neither comment, SECTION nor KEY=value is NOT_CONFIG when nothing
 * config-like came before it (an HTML page), SYNTAX otherwise.
 */
int	camcfg_parse(const char *buf, size_t len, struct camcfg *out,
	    struct camcfg_error *err);
const char *camcfg_strerror(int err);

/*
 * Look up section/key (exact, case-sensitive).  A key given twice keeps
 * the last value, as a later line overrides an earlier one on the camera.
 * Returns false when absent; an empty value is present with len 0.
 */
bool	camcfg_get(const struct camcfg *, const char *section,
	    const char *key, const char **val, size_t *len);
/* Same, into a NUL-terminated copy; false when absent or truncated. */
bool	camcfg_get_str(const struct camcfg *, const char *section,
	    const char *key, char *dst, size_t dstsz);

/*
 * Field of a profile value "k=v:k=v"; false when the field is absent.
 * The first part named field wins; its value runs to the next ':'.
 */
bool	camcfg_profile_field(const char *val, size_t len, const char *field,
	    const char **out, size_t *outlen);

/*
 * Iterate a comma list: *pos starts at 0; each call yields the next item
 * with surrounding blanks trimmed (empty items are skipped).  Returns
 * false at the end.
 */
bool	camcfg_list_next(const char *val, size_t len, size_t *pos,
	    const char **item, size_t *itemlen);

/*
 * Firmware version: a non-empty timestamp/VERSION wins over the comment
 * line.  Both the version and the model exclude the leading "#:", as in
 * "MX-V5.4.2.29"; of several such comment lines the last one counts.
 */
bool	camcfg_version(const struct camcfg *, const char **val, size_t *len);
bool	camcfg_model(const struct camcfg *, const char **val, size_t *len);

#endif
