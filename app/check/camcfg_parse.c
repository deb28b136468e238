/*
 * camcfg_parse.c - the camera's configuration dump, bytes to model.
 *
 * Owns the syntax of spec section 5: comments, the "#:MX-..." model and
 * firmware lines, SECTION/ENDSECTION blocks of KEY=value lines and flat
 * section/KEY=value lines.  It keeps offsets into the caller's buffer and
 * does no I/O, no allocation and touches no globals: it writes only *out
 * and *err.  One pass, each byte looked at a bounded number of times, so
 * the work is linear in the input.  What the values mean is not its
 * business (see camcfg.c and the checks).
 */
#include <string.h>

#include "check/camcfg.h"

#define KW_SECTION	"SECTION"
#define KW_ENDSECTION	"ENDSECTION"
#define MX_PREFIX	"#:MX-"
#define MX_VERSION	"#:MX-V"

/* One parse in progress. */
struct pstate {
	const char		*buf;
	size_t			 len;
	struct camcfg		*out;
	struct camcfg_error	*err;
	uint32_t		 lineno;	/* current line, 1-based */
	size_t			 lstart;	/* offset of the current line */
	bool			 in_section;
	struct camcfg_span	 open;		/* name of the open SECTION */
	uint32_t		 open_line;
	uint32_t		 open_col;
	bool			 seen_config;	/* anything config-like yet */
};

/* The current line: [start, start + len), CR and LF excluded. */
struct pline {
	size_t	start;
	size_t	len;
	size_t	next;		/* offset of the following line */
};

static const char *const camcfg_errstr[] = {
	[-CAMCFG_OK]			= "ok",
	[-CAMCFG_E_TOO_BIG]		= "file too big",
	[-CAMCFG_E_LINE_TOO_LONG]	= "line too long",
	[-CAMCFG_E_BINARY]		= "binary or control byte",
	[-CAMCFG_E_UNTERMINATED]	= "SECTION without ENDSECTION",
	[-CAMCFG_E_MISMATCH]		= "ENDSECTION does not match SECTION",
	[-CAMCFG_E_NESTED]		= "SECTION inside SECTION",
	[-CAMCFG_E_STRAY_END]		= "ENDSECTION without SECTION",
	[-CAMCFG_E_SYNTAX]		= "not a comment, SECTION or KEY=value",
	[-CAMCFG_E_BAD_NAME]		= "empty, over-long or odd name",
	[-CAMCFG_E_TOO_MANY]		= "too many entries",
	[-CAMCFG_E_NOT_CONFIG]		= "not a camera configuration",
};

const char *
camcfg_strerror(int err)
{
	int n = (int)(sizeof(camcfg_errstr) / sizeof(camcfg_errstr[0]));

	if (err > 0 || err <= -n)
		return "unknown camcfg error";
	return camcfg_errstr[-err];
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/* Control bytes other than TAB; bytes >= 0x80 are UTF-8 and welcome. */
static bool
is_binary(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

static struct camcfg_span
span(size_t off, size_t len)
{
	struct camcfg_span s = { (uint32_t)off, (uint32_t)len };

	return s;
}

/* Record an error at buffer offset off of the current line (col 1-based). */
static int
fail_at(struct pstate *st, int code, size_t off)
{
	st->err->line = st->lineno;
	st->err->col = (uint32_t)(off - st->lstart + 1);
	return code;
}

/*
 * Find the end of the line starting at st->lstart, refusing control bytes
 * and lines over CAMCFG_LINE_MAX.  Looks at no more than CAMCFG_LINE_MAX
 * + 2 bytes, so a 1 MB line costs no more than a short one.
 */
static int
line_scan(struct pstate *st, struct pline *ln)
{
	size_t i, end = st->len;

	ln->start = st->lstart;
	for (i = st->lstart; i < end; i++) {
		unsigned char c = (unsigned char)st->buf[i];

		if (c == '\n')
			break;
		if (c == '\r' && i + 1 < end && st->buf[i + 1] == '\n')
			break;
		if (i - st->lstart == CAMCFG_LINE_MAX)
			return fail_at(st, CAMCFG_E_LINE_TOO_LONG, i);
		if (is_binary(c))
			return fail_at(st, CAMCFG_E_BINARY, i);
	}
	ln->len = i - st->lstart;
	if (i < end && st->buf[i] == '\r')
		i++;
	ln->next = i < end ? i + 1 : end;
	return CAMCFG_OK;
}

/* Check a section or key name at [off, off + len). */
static int
check_name(struct pstate *st, size_t off, size_t len)
{
	size_t i;

	if (len == 0)
		return fail_at(st, CAMCFG_E_BAD_NAME, off);
	for (i = 0; i < len; i++) {
		if (i == CAMCFG_NAME_MAX)
			return fail_at(st, CAMCFG_E_BAD_NAME, off + i);
		if (!is_name_char(st->buf[off + i]))
			return fail_at(st, CAMCFG_E_BAD_NAME, off + i);
	}
	return CAMCFG_OK;
}

/* Does [off, end) start with keyword kw followed by a blank or the end? */
static bool
has_keyword(const struct pstate *st, size_t off, size_t end, const char *kw)
{
	size_t n = strlen(kw);

	if (end - off < n || memcmp(st->buf + off, kw, n) != 0)
		return false;
	return off + n == end || is_blank(st->buf[off + n]);
}

static bool
has_prefix(const struct pstate *st, size_t off, size_t end, const char *pfx)
{
	size_t n = strlen(pfx);

	return end - off >= n && memcmp(st->buf + off, pfx, n) == 0;
}

/* "#:MX-V" followed by digits and dots only, starting with a digit. */
static bool
is_version(const struct pstate *st, size_t off, size_t end)
{
	size_t i = off + strlen(MX_VERSION);

	if (!has_prefix(st, off, end, MX_VERSION) || i == end ||
	    st->buf[i] < '0' || st->buf[i] > '9')
		return false;
	for (; i < end; i++) {
		if ((st->buf[i] < '0' || st->buf[i] > '9') && st->buf[i] != '.')
			return false;
	}
	return true;
}

/* A comment; "#:MX-..." ones name the firmware version or the model. */
static int
parse_comment(struct pstate *st, size_t off, size_t end)
{
	struct camcfg_span s = span(off + 2, end - off - 2);

	if (!has_prefix(st, off, end, MX_PREFIX))
		return CAMCFG_OK;
	st->seen_config = true;
	if (is_version(st, off, end))
		st->out->version = s;
	else
		st->out->model = s;
	return CAMCFG_OK;
}

/* SECTION name, at [off, end) with blanks trimmed. */
static int
parse_section(struct pstate *st, size_t off, size_t end)
{
	size_t name = off + strlen(KW_SECTION);
	int rc;

	while (name < end && is_blank(st->buf[name]))
		name++;
	if ((rc = check_name(st, name, end - name)) != CAMCFG_OK)
		return rc;
	if (st->in_section)
		return fail_at(st, CAMCFG_E_NESTED, off);
	st->in_section = true;
	st->seen_config = true;
	st->open = span(name, end - name);
	st->open_line = st->lineno;
	st->open_col = (uint32_t)(off - st->lstart + 1);
	return CAMCFG_OK;
}

/* ENDSECTION name, at [off, end) with blanks trimmed. */
static int
parse_endsection(struct pstate *st, size_t off, size_t end)
{
	size_t name = off + strlen(KW_ENDSECTION);
	int rc;

	while (name < end && is_blank(st->buf[name]))
		name++;
	if ((rc = check_name(st, name, end - name)) != CAMCFG_OK)
		return rc;
	if (!st->in_section)
		return fail_at(st, CAMCFG_E_STRAY_END, off);
	if (st->open.len != end - name ||
	    memcmp(st->buf + st->open.off, st->buf + name, end - name) != 0)
		return fail_at(st, CAMCFG_E_MISMATCH, name);
	st->in_section = false;
	st->seen_config = true;
	return CAMCFG_OK;
}

/* Store one entry; off is where its line starts (for TOO_MANY). */
static int
add_entry(struct pstate *st, size_t off, struct camcfg_span sec,
    struct camcfg_span key, struct camcfg_span val)
{
	struct camcfg_entry *e;

	if (st->out->n_entries == CAMCFG_ENTRIES_MAX)
		return fail_at(st, CAMCFG_E_TOO_MANY, off);
	e = &st->out->entries[st->out->n_entries++];
	e->section = sec;
	e->key = key;
	e->value = val;
	e->line = st->lineno;
	st->seen_config = true;
	return CAMCFG_OK;
}

/*
 * KEY=value inside a block, or section/KEY=value anywhere: a '/' before
 * the first '=' makes the line flat.  The value is kept verbatim.
 */
static int
parse_entry(struct pstate *st, size_t off, size_t end)
{
	const char *eq = memchr(st->buf + off, '=', end - off);
	const char *sl;
	size_t keyoff = off, eqoff;
	struct camcfg_span sec = st->open;
	int rc;

	if (eq == NULL)
		return fail_at(st, CAMCFG_E_SYNTAX, off);
	eqoff = (size_t)(eq - st->buf);
	sl = memchr(st->buf + off, '/', eqoff - off);
	if (sl != NULL) {
		keyoff = (size_t)(sl - st->buf) + 1;
		sec = span(off, keyoff - 1 - off);
		if ((rc = check_name(st, sec.off, sec.len)) != CAMCFG_OK)
			return rc;
	} else if (!st->in_section) {
		return fail_at(st, CAMCFG_E_SYNTAX, off);
	}
	if ((rc = check_name(st, keyoff, eqoff - keyoff)) != CAMCFG_OK)
		return rc;
	return add_entry(st, off, sec, span(keyoff, eqoff - keyoff),
	    span(eqoff + 1, end - eqoff - 1));
}

/*
 * One line, already free of control bytes and within CAMCFG_LINE_MAX.
 * Blanks around comments and SECTION lines are dropped; a value keeps
 * its trailing blanks.  A line we cannot read before anything looked like
 * a camera configuration means the buffer is something else (an HTML
 * error page, a JSON reply): NOT_CONFIG rather than SYNTAX.
 */
static int
parse_line(struct pstate *st, const struct pline *ln)
{
	size_t off = ln->start, end = ln->start + ln->len;
	size_t tend = end;
	int rc;

	while (off < end && is_blank(st->buf[off]))
		off++;
	if (off == end)
		return CAMCFG_OK;
	while (is_blank(st->buf[tend - 1]))
		tend--;
	if (st->buf[off] == '#')
		return parse_comment(st, off, tend);
	if (has_keyword(st, off, tend, KW_SECTION))
		return parse_section(st, off, tend);
	if (has_keyword(st, off, tend, KW_ENDSECTION))
		return parse_endsection(st, off, tend);
	rc = parse_entry(st, off, end);
	if (rc == CAMCFG_E_SYNTAX && !st->seen_config)
		rc = CAMCFG_E_NOT_CONFIG;
	return rc;
}

static void
reset_out(struct camcfg *out, const char *buf, size_t len)
{
	out->buf = buf;
	out->len = len;
	out->model = span(0, 0);
	out->version = span(0, 0);
	out->n_entries = 0;
}

static int
parse_all(struct pstate *st)
{
	struct pline ln;
	int rc;

	if (st->len > CAMCFG_FILE_MAX)
		return CAMCFG_E_TOO_BIG;
	for (st->lineno = 1; st->lstart < st->len; st->lineno++) {
		if ((rc = line_scan(st, &ln)) != CAMCFG_OK)
			return rc;
		if ((rc = parse_line(st, &ln)) != CAMCFG_OK)
			return rc;
		st->lstart = ln.next;
	}
	if (st->in_section) {
		st->err->line = st->open_line;
		st->err->col = st->open_col;
		return CAMCFG_E_UNTERMINATED;
	}
	if (st->out->n_entries == 0)
		return CAMCFG_E_NOT_CONFIG;
	return CAMCFG_OK;
}

int
camcfg_parse(const char *buf, size_t len, struct camcfg *out,
    struct camcfg_error *err)
{
	struct pstate st;
	int rc;

	if (buf == NULL)
		len = 0;
	memset(&st, 0, sizeof(st));
	st.buf = buf;
	st.len = len;
	st.out = out;
	st.err = err;
	err->line = 0;
	err->col = 0;
	reset_out(out, buf, len);
	rc = parse_all(&st);
	if (rc != CAMCFG_OK)
		reset_out(out, buf, len);
	return rc;
}
