/*
 * ids_state_parse.c - the pure parser of the IDS state file (format in
 * ids_state.h).
 *
 * No I/O, no malloc, no globals: lines in, entries into the caller's
 * array.  The first line must be the magic with a version this build
 * reads, and a valid boot line must appear, or the whole file is refused
 * (an unknown boot cannot be told from another boot).  Any other line that
 * does not parse (unknown keyword, bad address, bad number, too long) is
 * counted in bad_lines and skipped.  A reason line that does not follow
 * its block's line, or whose text does not decode to a reason an operator
 * could have given (printable bytes, shorter than CMD_REASON_MAX), is
 * such a line: the block stays, without it.  Does not judge boot ids or
 * expiry: ids_state.c does.
 */
#include <string.h>

#include "core/hexdigit.h"
#include "ids/ids_state.h"

#define IDS_STATE_MAGIC		"camguard-state"
#define IDS_STATE_FIELDS_MAX	4

_Static_assert(IDS_STATE_LINE_MAX >= ADDR_STR_MAX + 32, "a block line fits");
_Static_assert(IDS_STATE_LINE_MAX >= sizeof("reason ") + ADDR_STR_MAX +
    IDS_STATE_REASON_ENC_MAX, "a reason line fits");

struct ids_state_span {
	const char	*s;
	size_t		 len;
};

void
ids_state_parse_init(struct ids_state *st, struct ids_state_entry *ent,
    size_t cap)
{
	memset(st, 0, sizeof(*st));
	st->ent = ent;
	st->cap = ent != NULL ? cap : 0;
	st->saved = -1;
}

void
ids_state_parse_reasons(struct ids_state *st, char (*reasons)[CMD_REASON_MAX],
    size_t cap)
{
	st->reasons = reasons;
	st->reasons_cap = reasons != NULL ? cap : 0;
}

/* Split on spaces and tabs; returns the field count, max + 1 if more. */
static size_t
ids_state_split(const char *line, size_t len, struct ids_state_span *f,
    size_t max)
{
	size_t i = 0, n = 0, start;

	while (i < len) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == len)
			break;
		if (n == max)
			return max + 1;
		start = i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		f[n].s = line + start;
		f[n++].len = i - start;
	}
	return n;
}

static bool
ids_state_is(const struct ids_state_span *f, const char *word)
{
	size_t len = strlen(word);

	return f->len == len && !memcmp(f->s, word, len);
}

/* A decimal number 0..INT64_MAX, digits only. */
static bool
ids_state_num(const struct ids_state_span *f, int64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (f->len == 0 || f->len > 19)
		return false;
	for (i = 0; i < f->len; i++) {
		if (f->s[i] < '0' || f->s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(f->s[i] - '0');
	}
	if (v > (uint64_t)INT64_MAX)
		return false;
	*out = (int64_t)v;
	return true;
}

/* "boot ID": hex digits and dashes only, one boot line per file. */
static bool
ids_state_boot(struct ids_state *st, const struct ids_state_span *id)
{
	size_t i;

	if (st->boot_id[0] || id->len == 0 || id->len >= IDS_STATE_BOOT_MAX)
		return false;
	for (i = 0; i < id->len; i++)
		if (!strchr("0123456789abcdefABCDEF-", id->s[i]) ||
		    id->s[i] == '\0')
			return false;
	memcpy(st->boot_id, id->s, id->len);
	st->boot_id[id->len] = '\0';
	return true;
}

static bool
ids_state_block(struct ids_state *st, const struct ids_state_span *f)
{
	struct ids_state_entry e;

	memset(&e, 0, sizeof(e));
	if (addr_parse_net(f[1].s, f[1].len, &e.net) == -1 ||
	    !ids_state_num(&f[2], &e.until))
		return false;
	if (st->n < st->cap) {
		st->ent[st->n++] = e;
		st->last = st->n;
	} else {
		st->overflow++;
		st->last_overflow = true;
	}
	return true;
}

/* A reason the way cmd_parse.c takes one: no control byte, no DEL. */
static bool
ids_state_reason_byte(unsigned char c)
{
	return c >= 0x20 && c != 0x7f;
}

/* Decode f into out (CMD_REASON_MAX); false when it is no reason. */
static bool
ids_state_reason_decode(const struct ids_state_span *f, char *out)
{
	size_t i, n = 0;
	int hi, lo;
	unsigned char c;

	for (i = 0; i < f->len; i++) {
		c = (unsigned char)f->s[i];
		if (c == '%') {
			if (f->len - i < 3 ||
			    (hi = hex_digit(f->s[i + 1])) < 0 ||
			    (lo = hex_digit(f->s[i + 2])) < 0)
				return false;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else if (c <= ' ' || c >= 0x7f) {
			return false;	/* written escaped */
		}
		if (!ids_state_reason_byte(c) || n == CMD_REASON_MAX - 1)
			return false;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n > 0;
}

/* "reason NET TEXT", right after the block line of NET. */
static bool
ids_state_reason(struct ids_state *st, const struct ids_state_span *f,
    size_t last, bool last_overflow)
{
	char text[CMD_REASON_MAX];
	struct addr_net net;
	struct ids_state_entry *e;

	memset(&net, 0, sizeof(net));
	if (addr_parse_net(f[1].s, f[1].len, &net) == -1 ||
	    !ids_state_reason_decode(&f[2], text))
		return false;
	if (last_overflow)
		return true;	/* its block was dropped, and counted */
	if (last == 0)
		return false;
	e = &st->ent[last - 1];
	if (memcmp(&e->net, &net, sizeof(net)) != 0 || e->reason != NULL)
		return false;
	if (st->n_reasons == st->reasons_cap) {
		st->reasons_dropped++;
		return true;
	}
	memcpy(st->reasons[st->n_reasons], text, sizeof(text));
	e->reason = st->reasons[st->n_reasons++];
	return true;
}

size_t
ids_state_reason_encode(const char *reason, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, n = 0;
	unsigned char c;

	if (reason == NULL || size < IDS_STATE_REASON_ENC_MAX)
		return 0;
	for (i = 0; reason[i] != '\0'; i++) {
		c = (unsigned char)reason[i];
		if (!ids_state_reason_byte(c) || i == CMD_REASON_MAX - 1)
			return 0;
		if (c > ' ' && c < 0x7f && c != '%') {
			out[n++] = (char)c;
			continue;
		}
		out[n++] = '%';
		out[n++] = hex[c >> 4];
		out[n++] = hex[c & 15];
	}
	out[n] = '\0';
	return n;
}

/* The first line: "camguard-state VERSION". */
static void
ids_state_magic(struct ids_state *st, const struct ids_state_span *f,
    size_t nf)
{
	int64_t v;

	if (nf != 2 || !ids_state_is(&f[0], IDS_STATE_MAGIC))
		st->err = IDS_STATE_E_MAGIC;
	else if (!ids_state_num(&f[1], &v) || v != IDS_STATE_VERSION)
		st->err = IDS_STATE_E_VERSION;
}

static bool
ids_state_record(struct ids_state *st, const struct ids_state_span *f,
    size_t nf)
{
	size_t last = st->last;
	bool last_overflow = st->last_overflow;

	st->last = 0;
	st->last_overflow = false;
	if (nf == 3 && ids_state_is(&f[0], "reason"))
		return ids_state_reason(st, f, last, last_overflow);
	if (nf == 2 && ids_state_is(&f[0], "boot"))
		return ids_state_boot(st, &f[1]);
	if (nf == 2 && ids_state_is(&f[0], "saved"))
		return st->saved == -1 && ids_state_num(&f[1], &st->saved);
	if (nf == 3 && ids_state_is(&f[0], "block"))
		return ids_state_block(st, f);
	return false;
}

void
ids_state_parse_line(struct ids_state *st, const char *line, size_t len)
{
	struct ids_state_span f[IDS_STATE_FIELDS_MAX];
	size_t nf;

	if (st->err != 0)
		return;
	if (st->lineno++ == 0) {
		nf = ids_state_split(line, len, f, IDS_STATE_FIELDS_MAX);
		ids_state_magic(st, f, nf);
		return;
	}
	if (len == 0 || len > IDS_STATE_LINE_MAX ||
	    memchr(line, '\0', len) != NULL) {
		st->last = 0;	/* a reason line follows its block's */
		st->last_overflow = false;
		if (len != 0)
			st->bad_lines++;
		return;
	}
	nf = ids_state_split(line, len, f, IDS_STATE_FIELDS_MAX);
	if (!ids_state_record(st, f, nf))
		st->bad_lines++;
}

int
ids_state_parse_end(struct ids_state *st)
{
	if (st->err == 0 && st->lineno == 0)
		st->err = IDS_STATE_E_MAGIC;
	if (st->err == 0 && !st->boot_id[0])
		st->err = IDS_STATE_E_NO_BOOT;
	if (st->err != 0)
		st->n = 0;
	return st->err;
}

int
ids_state_parse(const char *buf, size_t len, struct ids_state *st)
{
	const char *nl;
	size_t off = 0, n;

	while (off < len) {
		nl = memchr(buf + off, '\n', len - off);
		n = nl != NULL ? (size_t)(nl - (buf + off)) : len - off;
		ids_state_parse_line(st, buf + off, n);
		off += n + 1;
	}
	return ids_state_parse_end(st);
}

const char *
ids_state_strerror(int err)
{
	switch (err) {
	case IDS_STATE_OK:
		return "ok";
	case IDS_STATE_E_MAGIC:
		return "not a camguard state file";
	case IDS_STATE_E_VERSION:
		return "a state file version this build cannot read";
	case IDS_STATE_E_NO_BOOT:
		return "no boot id";
	}
	return "unknown error";
}
