/*
 * camlist_parse.c - the cameras file of `camguard audit` (audit.h).
 *
 * Pure: reads the caller's buffer, writes only *out.  A row is split on
 * commas outside quotes; a quoted field may hold commas and "" for a
 * quote, and nothing may follow its closing quote but blanks.  Every
 * field is copied with its length checked; every error names its line.
 */
#include <string.h>

#include "audit/audit.h"

#define CAMLIST_FIELDS	5
#define CAMLIST_HEADER	"id,url,user,password_file,ca_file"

/* The field sizes, in column order. */
static const size_t field_size[CAMLIST_FIELDS] = {
	AUDIT_ID_MAX, CONF_PATH_MAX, CONF_STR_MAX, CONF_PATH_MAX,
	CONF_PATH_MAX,
};

struct row {
	size_t	n;
	char	f[CAMLIST_FIELDS][CONF_PATH_MAX];
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* A quoted field from just after its opening quote; -1 when bad. */
static int
quoted(const char *s, size_t len, size_t *i, char *dst, size_t size,
    size_t *n)
{
	for (;;) {
		if (*i >= len)
			return CAMLIST_E_QUOTE;
		if (s[*i] == '"') {
			if (*i + 1 < len && s[*i + 1] == '"') {
				*i += 1;
			} else {
				*i += 1;
				break;
			}
		}
		if (*n + 1 >= size)
			return CAMLIST_E_LONG;
		dst[(*n)++] = s[(*i)++];
	}
	while (*i < len && is_blank(s[*i]))
		(*i)++;
	return *i < len && s[*i] != ',' ? CAMLIST_E_QUOTE : CAMLIST_OK;
}

/* One field at *i, up to the next comma outside quotes. */
static int
field(const char *s, size_t len, size_t *i, char *dst, size_t size)
{
	size_t n = 0;
	int rc;

	while (*i < len && is_blank(s[*i]))
		(*i)++;
	if (*i < len && s[*i] == '"') {
		(*i)++;
		if ((rc = quoted(s, len, i, dst, size, &n)) != CAMLIST_OK)
			return rc;
	} else {
		while (*i < len && s[*i] != ',') {
			if (s[*i] == '"')
				return CAMLIST_E_QUOTE;
			if (n + 1 >= size)
				return CAMLIST_E_LONG;
			dst[n++] = s[(*i)++];
		}
		while (n > 0 && is_blank(dst[n - 1]))
			n--;
	}
	dst[n] = '\0';
	return CAMLIST_OK;
}

static int
split(const char *s, size_t len, struct row *r)
{
	size_t i = 0;
	int rc;

	r->n = 0;
	for (;;) {
		if (r->n == CAMLIST_FIELDS)
			return CAMLIST_E_FIELDS;
		rc = field(s, len, &i, r->f[r->n], field_size[r->n]);
		if (rc != CAMLIST_OK)
			return rc;
		r->n++;
		if (i >= len)
			break;
		i++;	/* the comma */
	}
	return r->n == CAMLIST_FIELDS ? CAMLIST_OK : CAMLIST_E_FIELDS;
}

static bool
id_ok(const char *id)
{
	size_t i, n = strlen(id);

	if (n == 0 || id[0] == '.')
		return false;
	for (i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    c == '-'))
			return false;
	}
	return true;
}

/* http:// or https://, a host, no user:password@ before the path. */
static bool
url_ok(const char *url)
{
	const char *h, *end;

	if (!strncmp(url, "http://", 7))
		h = url + 7;
	else if (!strncmp(url, "https://", 8))
		h = url + 8;
	else
		return false;
	end = h + strcspn(h, "/?#");
	if (end == h)
		return false;
	return memchr(h, '@', (size_t)(end - h)) == NULL;
}

static bool
is_header(const struct row *r)
{
	static const char *const names[CAMLIST_FIELDS] = { "id", "url", "user",
		"password_file", "ca_file" };
	size_t i;

	for (i = 0; i < CAMLIST_FIELDS; i++)
		if (strcmp(r->f[i], names[i]) != 0)
			return false;
	return true;
}

static int
add_camera(const struct row *r, unsigned line, struct audit_list *out)
{
	struct audit_camera *c;
	size_t i;

	if (!id_ok(r->f[0]))
		return CAMLIST_E_ID;
	if (!url_ok(r->f[1]))
		return CAMLIST_E_URL;
	for (i = 0; i < out->n; i++)
		if (!strcmp(out->cams[i].id, r->f[0]))
			return CAMLIST_E_DUPLICATE;
	if (out->n >= AUDIT_CAMERAS_MAX)
		return CAMLIST_E_MANY;
	c = &out->cams[out->n++];
	memset(c, 0, sizeof(*c));
	c->line = line;
	memcpy(c->id, r->f[0], strlen(r->f[0]) + 1);
	memcpy(c->url, r->f[1], strlen(r->f[1]) + 1);
	memcpy(c->user, r->f[2], strlen(r->f[2]) + 1);
	memcpy(c->password_file, r->f[3], strlen(r->f[3]) + 1);
	memcpy(c->ca_file, r->f[4], strlen(r->f[4]) + 1);
	return CAMLIST_OK;
}

/* A comment or blank line: skipped. */
static bool
skip_line(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && is_blank(s[i]))
		i++;
	return i == len || s[i] == '#';
}

int
camlist_parse(const char *buf, size_t len, struct audit_list *out,
    unsigned *err_line)
{
	struct row r;		/* about 1.3 KiB */
	const char *p = buf, *end = buf + len, *nl;
	bool header = false;
	unsigned line = 0;
	size_t n;
	int rc;

	out->n = 0;
	*err_line = 0;
	if (memchr(buf, '\0', len))
		return CAMLIST_E_NUL;
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		n = (size_t)(nl - p);
		*err_line = ++line;
		if (n > CAMLIST_LINE_MAX)
			return CAMLIST_E_LONG;
		if (skip_line(p, n))
			continue;
		if ((rc = split(p, n, &r)) != CAMLIST_OK)
			return rc;
		if (!header) {
			if (!is_header(&r))
				return CAMLIST_E_HEADER;
			header = true;
			continue;
		}
		if ((rc = add_camera(&r, line, out)) != CAMLIST_OK)
			return rc;
	}
	*err_line = 0;
	return out->n ? CAMLIST_OK : CAMLIST_E_EMPTY;
}

const char *
camlist_strerror(int err)
{
	switch (err) {
	case CAMLIST_OK:
		return "ok";
	case CAMLIST_E_HEADER:
		return "the first row must be the header " CAMLIST_HEADER;
	case CAMLIST_E_FIELDS:
		return "a row needs 5 fields: " CAMLIST_HEADER;
	case CAMLIST_E_LONG:
		return "line or field too long";
	case CAMLIST_E_QUOTE:
		return "unterminated or misplaced quote";
	case CAMLIST_E_ID:
		return "an id is 1 to 64 of A-Z a-z 0-9 . _ - and does not "
		    "start with '.'";
	case CAMLIST_E_DUPLICATE:
		return "this id is listed twice";
	case CAMLIST_E_URL:
		return "the URL must be http:// or https:// with a host and "
		    "no user:password@ (use the password file)";
	case CAMLIST_E_MANY:
		return "more cameras than an audit takes";
	case CAMLIST_E_EMPTY:
		return "no camera listed";
	case CAMLIST_E_NUL:
		return "a NUL byte";
	}
	return "?";
}
