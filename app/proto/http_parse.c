/*
 * http_parse.c - the head of one HTTP/1.x request (RFC 9112), strictly.
 *
 * Owns the grammar of what the status endpoint accepts: the request line,
 * header field lines, line ends, and the few fields the server acts on.
 * It is stricter than the RFC where leniency only helps an attacker: no
 * obs-fold, no whitespace before a colon, no control bytes but HTAB in a
 * field value, none at all in the request line, CR only right before LF.
 * It does not know the paths the server answers nor how a response looks
 * (status.c).  Pure: no I/O, no allocation, no globals.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "core/cg_limits.h"
#include "proto/http_parse.h"

struct hp_line {
	size_t	start;		/* first byte of the line */
	size_t	end;		/* end of its content (before CR LF) */
	size_t	next;		/* first byte after its LF */
};

static bool
hp_is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* A control byte: never allowed in the request line. */
static bool
hp_is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static bool
hp_is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static unsigned char
hp_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* The n bytes at s equal the lower-case word w, ignoring ASCII case. */
static bool
hp_word_is(const char *s, size_t n, const char *w)
{
	size_t i;

	if (strlen(w) != n)
		return false;
	for (i = 0; i < n; i++)
		if (hp_lower((unsigned char)s[i]) != (unsigned char)w[i])
			return false;
	return true;
}

static struct http_span
hp_span(size_t off, size_t len)
{
	struct http_span s = { (uint16_t)off, (uint16_t)len };

	return s;
}

/*
 * The line starting at pos.  HTTP_DONE with *ln set, HTTP_MORE when its
 * LF has not arrived, HTTP_E_CTL for a CR that is not right before LF.
 */
static int
hp_next_line(const char *b, size_t len, size_t pos, struct hp_line *ln)
{
	const char *lf = memchr(b + pos, '\n', len - pos);
	size_t stop = lf ? (size_t)(lf - b) : len;
	const char *cr = memchr(b + pos, '\r', stop - pos);

	if (cr && (size_t)(cr - b) + 1 < stop)
		return HTTP_E_CTL;
	if (!lf)
		return HTTP_MORE;
	ln->start = pos;
	ln->end = cr ? (size_t)(cr - b) : stop;
	ln->next = stop + 1;
	return HTTP_DONE;
}

/* "HTTP/" DIGIT "." DIGIT, exactly. */
static int
hp_version(const char *v, size_t n, unsigned *minor)
{
	if (n != 8 || memcmp(v, "HTTP/", 5) != 0 || v[6] != '.' ||
	    v[5] < '0' || v[5] > '9' || v[7] < '0' || v[7] > '9')
		return HTTP_E_SYNTAX;
	if (v[5] != '1')
		return HTTP_E_VERSION;
	*minor = (unsigned)(v[7] - '0');
	return 0;
}

/* method SP request-target SP HTTP-version, in [ln->start, ln->end). */
static int
hp_request_line(const char *b, const struct hp_line *ln,
    struct http_req *req)
{
	size_t p = ln->start, m, t, v;
	int rc;

	if (ln->end - ln->start > HTTP_REQ_LINE_MAX)
		return HTTP_E_LINE;
	for (m = p; m < ln->end; m++)
		if (hp_is_ctl((unsigned char)b[m]))
			return HTTP_E_CTL;
	for (m = p; m < ln->end && hp_is_tchar((unsigned char)b[m]); m++)
		;
	if (m == p || m == ln->end || b[m] != ' ')
		return HTTP_E_SYNTAX;
	for (t = v = m + 1; v < ln->end && (unsigned char)b[v] > ' ' &&
	    (unsigned char)b[v] < 0x7f; v++)
		;
	if (v == t || v == ln->end || b[v] != ' ')
		return HTTP_E_SYNTAX;
	if ((rc = hp_version(b + v + 1, ln->end - v - 1, &req->minor)) < 0)
		return rc;
	if (m - p == 3 && memcmp(b + p, "GET", 3) == 0)
		req->method = HTTP_M_GET;
	else if (m - p == 4 && memcmp(b + p, "HEAD", 4) == 0)
		req->method = HTTP_M_HEAD;
	else
		return HTTP_E_METHOD;
	if (b[t] != '/')
		return HTTP_E_TARGET;
	req->target = hp_span(t, v - t);
	for (m = t; m < v && b[m] != '?'; m++)
		;
	req->path = hp_span(t, m - t);
	return 0;
}

/* Connection: a comma-separated list of options. */
static void
hp_connection(const char *b, size_t s, size_t e, bool *close, bool *keep)
{
	size_t a, z;

	while (s < e) {
		for (a = s; a < e && (hp_is_ows(b[a]) || b[a] == ','); a++)
			;
		for (z = a; z < e && b[z] != ','; z++)
			;
		s = z;
		while (z > a && hp_is_ows(b[z - 1]))
			z--;
		if (hp_word_is(b + a, z - a, "close"))
			*close = true;
		else if (hp_word_is(b + a, z - a, "keep-alive"))
			*keep = true;
	}
}

/* Content-Length: digits only, and no body for GET or HEAD. */
static int
hp_content_length(const char *b, size_t s, size_t e)
{
	size_t i;
	bool zero = true;

	if (s == e)
		return HTTP_E_SYNTAX;
	for (i = s; i < e; i++) {
		if (b[i] < '0' || b[i] > '9')
			return HTTP_E_SYNTAX;
		if (b[i] != '0')
			zero = false;
	}
	return zero ? 0 : HTTP_E_BODY;
}

struct hp_conn {
	bool	close, keep;
};

/* Act on one field whose name is [n, c) and trimmed value [s, e). */
static int
hp_field(const char *b, size_t n, size_t c, size_t s, size_t e,
    struct http_req *req, struct hp_conn *conn)
{
	if (hp_word_is(b + n, c - n, "host")) {
		if (req->has_host)
			return HTTP_E_HOST;
		req->has_host = true;
		req->host = hp_span(s, e - s);
	} else if (hp_word_is(b + n, c - n, "authorization")) {
		if (req->has_auth)
			return HTTP_E_DUP;
		req->has_auth = true;
		req->auth = hp_span(s, e - s);
	} else if (hp_word_is(b + n, c - n, "accept-language")) {
		if (!req->has_lang)	/* later ones only add preferences */
			req->lang = hp_span(s, e - s);
		req->has_lang = true;
	} else if (hp_word_is(b + n, c - n, "connection")) {
		hp_connection(b, s, e, &conn->close, &conn->keep);
	} else if (hp_word_is(b + n, c - n, "content-length")) {
		return hp_content_length(b, s, e);
	} else if (hp_word_is(b + n, c - n, "transfer-encoding")) {
		return HTTP_E_BODY;
	}
	return 0;
}

/* field-name ":" OWS field-value OWS */
static int
hp_field_line(const char *b, const struct hp_line *ln,
    struct http_req *req, struct hp_conn *conn)
{
	size_t p = ln->start, c, s, e;
	unsigned char ch;

	if (hp_is_ows(b[p]))
		return HTTP_E_FOLD;
	for (c = p; c < ln->end; c++) {
		ch = (unsigned char)b[c];
		if (hp_is_ctl(ch) && ch != '\t')
			return HTTP_E_CTL;
	}
	for (c = p; c < ln->end && hp_is_tchar((unsigned char)b[c]); c++)
		;
	if (c == p || c == ln->end || b[c] != ':')
		return HTTP_E_SYNTAX;
	for (s = c + 1; s < ln->end && hp_is_ows(b[s]); s++)
		;
	for (e = ln->end; e > s && hp_is_ows(b[e - 1]); e--)
		;
	return hp_field(b, p, c, s, e, req, conn);
}

/* An incomplete line at pos: wait, or refuse what can never fit. */
static int
hp_incomplete(size_t len, size_t seen, size_t line_start, bool first)
{
	if (first && seen - line_start > HTTP_REQ_LINE_MAX)
		return HTTP_E_LINE;
	return len >= HTTP_REQ_MAX ? HTTP_E_TOO_LARGE : HTTP_MORE;
}

/* Skip empty lines; then the request line. */
static int
hp_start(const char *b, size_t len, size_t seen, struct http_req *req,
    size_t *pos)
{
	struct hp_line ln;
	int rc;

	for (;;) {
		rc = hp_next_line(b, seen, *pos, &ln);
		if (rc == HTTP_MORE)
			return hp_incomplete(len, seen, *pos, true);
		if (rc < 0)
			return rc;
		*pos = ln.next;
		if (ln.end > ln.start)
			break;
	}
	return hp_request_line(b, &ln, req);
}

int
http_parse(const char *buf, size_t len, struct http_req *req)
{
	size_t seen = len < HTTP_REQ_MAX ? len : HTTP_REQ_MAX, pos = 0;
	struct hp_conn conn = { false, false };
	struct hp_line ln;
	unsigned fields = 0;
	int rc;

	memset(req, 0, sizeof(*req));
	if ((rc = hp_start(buf, len, seen, req, &pos)) != 0)
		return rc;
	for (;;) {
		rc = hp_next_line(buf, seen, pos, &ln);
		if (rc == HTTP_MORE)
			return hp_incomplete(len, seen, pos, false);
		if (rc < 0)
			return rc;
		pos = ln.next;
		if (ln.end == ln.start)
			break;
		if (++fields > HTTP_REQ_FIELDS_MAX)
			return HTTP_E_TOO_LARGE;
		if ((rc = hp_field_line(buf, &ln, req, &conn)) < 0)
			return rc;
	}
	if (req->minor >= 1 && !req->has_host)
		return HTTP_E_HOST;
	req->keep_alive = !conn.close && (req->minor >= 1 || conn.keep);
	req->head_len = pos;
	return HTTP_DONE;
}

int
http_parse_status(int rc)
{
	switch (rc) {
	case HTTP_E_SYNTAX:
	case HTTP_E_CTL:
	case HTTP_E_FOLD:
	case HTTP_E_LINE:
	case HTTP_E_HOST:
	case HTTP_E_DUP:
	case HTTP_E_BODY:
	case HTTP_E_TARGET:
		return 400;
	case HTTP_E_METHOD:
		return 405;
	case HTTP_E_TOO_LARGE:
		return 431;
	case HTTP_E_VERSION:
		return 505;
	default:
		return 0;
	}
}

const char *
http_parse_strerror(int rc)
{
	switch (rc) {
	case HTTP_DONE:
		return "complete";
	case HTTP_MORE:
		return "incomplete";
	case HTTP_E_SYNTAX:
		return "malformed request line or field";
	case HTTP_E_CTL:
		return "control byte or bare CR";
	case HTTP_E_FOLD:
		return "folded or indented field line";
	case HTTP_E_LINE:
		return "request line too long";
	case HTTP_E_HOST:
		return "missing or repeated Host";
	case HTTP_E_DUP:
		return "repeated Authorization";
	case HTTP_E_BODY:
		return "request body not accepted";
	case HTTP_E_TARGET:
		return "target is not an absolute path";
	case HTTP_E_METHOD:
		return "method not allowed";
	case HTTP_E_TOO_LARGE:
		return "request head too large";
	case HTTP_E_VERSION:
		return "HTTP version not supported";
	default:
		return "unknown error";
	}
}

static bool
hp_is_token68(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("-._~+/", c));
}

/* token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" */
bool
http_bearer(const char *buf, const struct http_req *req,
    struct http_span *token)
{
	const char *v = buf + req->auth.off;
	size_t n = req->auth.len, i = 6, t;

	if (!req->has_auth || n < 8 || !hp_word_is(v, 6, "bearer") ||
	    v[6] != ' ')
		return false;
	while (i < n && v[i] == ' ')
		i++;
	for (t = i; i < n && hp_is_token68((unsigned char)v[i]); i++)
		;
	if (i == t)
		return false;
	while (i < n && v[i] == '=')
		i++;
	if (i != n)
		return false;
	*token = hp_span(req->auth.off + t, n - t);
	return true;
}
