/*
 * procnet_parse.c - the socket tables of /proc/net/{tcp,tcp6,udp,udp6}
 * (format in procnet_parse.h).
 *
 * Owns reading one table line into a struct procnet_entry and walking a
 * table for sockets in one state on a few ports (a listening Telnet, a
 * bound SSDP socket).  Pure: the bytes come from platform/procnet.c, the
 * verdicts are check_live.c's.
 */
#include <string.h>

#include "core/hexdigit.h"
#include "proto/procnet_parse.h"

struct cursor {
	const char	*p;
	const char	*end;
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t';
}

static void
skip_spaces(struct cursor *c)
{
	while (c->p < c->end && is_space(*c->p))
		c->p++;
}

/* A run of hex digits: its length; *val holds the last 8 of them. */
static size_t
hex_run(struct cursor *c, uint32_t *val)
{
	size_t n = 0;
	int d;

	*val = 0;
	while (c->p < c->end && (d = hex_digit(*c->p)) >= 0) {
		*val = (*val << 4) | (uint32_t)d;
		c->p++;
		n++;
	}
	return n;
}

/* "HEXADDR:PORT": 8 or 32 address digits, 4 port digits. */
static bool
endpoint(struct cursor *c, uint8_t *family, uint16_t *port)
{
	uint32_t v;
	size_t n;

	skip_spaces(c);
	n = hex_run(c, &v);
	if (n != 8 && n != 32)
		return false;
	*family = n == 8 ? 4 : 6;
	if (c->p >= c->end || *c->p++ != ':')
		return false;
	if (hex_run(c, &v) != 4)
		return false;
	*port = (uint16_t)v;
	return true;
}

/* The slot: decimal digits and a colon. */
static bool
slot(struct cursor *c, unsigned *out)
{
	size_t n = 0;

	skip_spaces(c);
	*out = 0;
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9' && n < 9) {
		*out = *out * 10 + (unsigned)(*c->p - '0');
		c->p++;
		n++;
	}
	return n > 0 && c->p < c->end && *c->p++ == ':';
}

int
procnet_parse_line(const char *line, size_t len, struct procnet_entry *e)
{
	struct cursor c = { line, line + len };
	uint8_t rem_family;
	uint32_t st;

	memset(e, 0, sizeof(*e));
	if (!slot(&c, &e->slot) || !endpoint(&c, &e->family,
	    &e->local_port) || !endpoint(&c, &rem_family, &e->rem_port) ||
	    rem_family != e->family)
		return PROCNET_E_SYNTAX;
	skip_spaces(&c);
	if (hex_run(&c, &st) != 2)
		return PROCNET_E_SYNTAX;
	if (c.p < c.end && !is_space(*c.p) && *c.p != '\r')
		return PROCNET_E_SYNTAX;
	e->state = (uint8_t)st;
	return PROCNET_OK;
}

bool
procnet_is_header(const char *line, size_t len)
{
	struct cursor c = { line, line + len };

	skip_spaces(&c);
	return (size_t)(c.end - c.p) >= 2 && c.p[0] == 's' && c.p[1] == 'l' &&
	    memmem(c.p, (size_t)(c.end - c.p), "local_address", 13) != NULL;
}

static int
take_line(struct procnet_scan *s, const char *line, size_t len)
{
	struct procnet_entry e;
	size_t i;

	if (!s->header_seen) {
		if (!procnet_is_header(line, len))
			return PROCNET_E_HEADER;
		s->header_seen = true;
		return PROCNET_OK;
	}
	if (len == 0)
		return PROCNET_OK;
	if (len > PROCNET_LINE_MAX ||
	    procnet_parse_line(line, len, &e) != PROCNET_OK) {
		s->n_bad++;
		return PROCNET_OK;
	}
	s->n_sockets++;
	if (e.state != s->state)
		return PROCNET_OK;
	for (i = 0; i < s->n_ports; i++)
		if (s->ports[i] == e.local_port)
			s->found[i] = true;
	return PROCNET_OK;
}

int
procnet_parse(const char *buf, size_t len, bool final,
    struct procnet_scan *s, size_t *used)
{
	const char *p = buf, *end = buf + len, *nl;
	int rc;

	*used = 0;
	if (s->n_ports > PROBE_PORTS_MAX)
		return PROCNET_E_ARG;
	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		if ((rc = take_line(s, p, (size_t)(nl - p))) != PROCNET_OK)
			return rc;
		p = nl + 1;
		*used = (size_t)(p - buf);
	}
	if (p == end)
		return PROCNET_OK;
	if (final) {
		*used = len;
		return take_line(s, p, (size_t)(end - p));
	}
	return (size_t)(end - p) > PROCNET_LINE_MAX ? PROCNET_E_LONG :
	    PROCNET_OK;
}

const char *
procnet_strerror(int err)
{
	switch (err) {
	case PROCNET_OK:
		return "no error";
	case PROCNET_E_HEADER:
		return "not a /proc/net socket table (no header line)";
	case PROCNET_E_SYNTAX:
		return "malformed socket line";
	case PROCNET_E_LONG:
		return "line too long";
	case PROCNET_E_ARG:
		return "too many ports asked for";
	}
	return "unknown error";
}
