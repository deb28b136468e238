/*
 * soap_parse.c - the SOAP reply reader of the ONVIF and WS-Discovery
 * probes (soap_parse.h).
 *
 * One pass over the bytes with a fixed stack of open elements and a
 * fixed table of namespace declarations in scope.  Each open element gets
 * a role from its parent's role and its resolved name (Envelope, Header,
 * Body, the Body's first element, a fault's Code, Subcode and Value,
 * WS-Addressing RelatesTo); only the roles that matter keep text.  The
 * pass ends when the Body's first element ends, so what follows it is
 * never read.  Owns no I/O and no memory beyond the caller's struct and
 * the stack.
 */
#include <stdint.h>
#include <string.h>

#include "proto/soap_parse.h"

struct span {
	const char	*p;
	size_t		 n;
};

enum role {
	R_NONE,
	R_OTHER,
	R_ENVELOPE,
	R_HEADER,
	R_BODY,
	R_FIRST,	/* the Body's first element, not a fault */
	R_FAULT,
	R_CODE,		/* SOAP 1.2 Fault/Code */
	R_SUBCODE,	/* .../Subcode */
	R_VALUE_CODE,	/* Code/Value: text kept */
	R_VALUE_SUB,	/* Subcode/Value: text kept */
	R_FAULTCODE11,	/* SOAP 1.1 Fault/faultcode: text kept */
	R_RELATES_TO,	/* Header/wsa:RelatesTo: text kept */
};

struct elem {
	struct span	qname;	/* as written: its end tag must match */
	enum role	role;
	size_t		n_ns;	/* declarations in scope before it */
};

struct ns_decl {
	struct span	prefix;	/* "" for the default namespace */
	enum soap_ns	ns;
};

struct sp {
	const char		*p, *end;
	struct soap_reply	*out;
	size_t			 depth;
	struct elem		 stack[SOAP_DEPTH_MAX];
	size_t			 n_ns;
	struct ns_decl		 ns[SOAP_NS_DECL_MAX];
	bool			 markup_seen, dtd_seen, root_seen;
	bool			 first_seen, done;
	char			 text[SOAP_TEXT_MAX];
	size_t			 text_len;
};

static const struct {
	const char	*uri;
	enum soap_ns	 ns;
} sp_uris[] = {
	{ "http://www.w3.org/2003/05/soap-envelope", SOAP_NS_ENV12 },
	{ "http://schemas.xmlsoap.org/soap/envelope/", SOAP_NS_ENV11 },
	{ "http://www.onvif.org/ver10/device/wsdl", SOAP_NS_ONVIF_DEVICE },
	{ "http://www.onvif.org/ver10/error", SOAP_NS_ONVIF_ERROR },
	{ "http://schemas.xmlsoap.org/ws/2005/04/discovery",
	  SOAP_NS_WSD_2005 },
	{ "http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01",
	  SOAP_NS_WSD_2009 },
	{ "http://schemas.xmlsoap.org/ws/2004/08/addressing",
	  SOAP_NS_WSA_2004 },
	{ "http://www.w3.org/2005/08/addressing", SOAP_NS_WSA_2005 },
};

/* ---- bytes ----------------------------------------------------------- */

static bool
sp_blank_c(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
sp_name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    c >= 0x80;
}

static bool
sp_name_char(unsigned char c)
{
	return sp_name_start(c) || (c >= '0' && c <= '9') || c == '-' ||
	    c == '.' || c == ':';
}

static bool
sp_is(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n == n && memcmp(s.p, lit, n) == 0;
}

static bool
sp_starts(const struct sp *s, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(s->end - s->p) >= n && memcmp(s->p, lit, n) == 0;
}

static void
sp_skip_blank(struct sp *s)
{
	while (s->p < s->end && sp_blank_c(*s->p))
		s->p++;
}

static struct span
sp_trim(const char *p, size_t n)
{
	while (n && sp_blank_c(*p))
		p++, n--;
	while (n && sp_blank_c(p[n - 1]))
		n--;
	return (struct span){ p, n };
}

/* The input ended: cut short, or nothing that looks like XML at all. */
static int
sp_eof(const struct sp *s)
{
	return s->markup_seen ? SOAP_E_TRUNCATED : SOAP_E_NOT_SOAP;
}

/* Broken markup: outside any element it is simply not SOAP. */
static int
sp_bad(const struct sp *s)
{
	return s->root_seen ? SOAP_E_SYNTAX : SOAP_E_NOT_SOAP;
}

/* ---- names and namespaces ------------------------------------------- */

static int
sp_name(struct sp *s, struct span *name)
{
	const char *start = s->p, *colon = NULL;

	if (s->p >= s->end)
		return sp_eof(s);
	if (!sp_name_start((unsigned char)*s->p))
		return sp_bad(s);
	while (s->p < s->end && sp_name_char((unsigned char)*s->p)) {
		if (*s->p == ':') {
			if (colon)
				return sp_bad(s);
			colon = s->p;
		}
		s->p++;
	}
	if (s->p >= s->end)
		return sp_eof(s);
	if (colon && (colon + 1 == s->p ||
	    !sp_name_start((unsigned char)colon[1])))
		return sp_bad(s);
	name->p = start;
	name->n = (size_t)(s->p - start);
	return SOAP_OK;
}

static enum soap_ns
sp_ns_of(struct span uri)
{
	size_t i;

	if (uri.n == 0)
		return SOAP_NS_NONE;
	for (i = 0; i < sizeof(sp_uris) / sizeof(sp_uris[0]); i++)
		if (sp_is(uri, sp_uris[i].uri))
			return sp_uris[i].ns;
	return SOAP_NS_OTHER;
}

/* An attribute: remember it when it declares a namespace. */
static int
sp_xmlns(struct sp *s, struct span name, struct span value)
{
	struct ns_decl *d;

	if (sp_is(name, "xmlns")) {
		name.n = 0;
	} else if (name.n > 6 && memcmp(name.p, "xmlns:", 6) == 0) {
		name.p += 6;
		name.n -= 6;
	} else {
		return SOAP_OK;
	}
	if (s->n_ns >= SOAP_NS_DECL_MAX)
		return SOAP_E_NS_MAX;
	d = &s->ns[s->n_ns++];
	d->prefix = name;
	d->ns = sp_ns_of(value);
	return SOAP_OK;
}

/*
 * Split a QName and resolve its prefix in the declarations in scope.
 * False for a prefix never declared (local is set all the same).
 */
static bool
sp_resolve(const struct sp *s, struct span qn, enum soap_ns *ns,
    struct span *local)
{
	const char *colon = memchr(qn.p, ':', qn.n);
	struct span prefix = { qn.p, colon ? (size_t)(colon - qn.p) : 0 };
	size_t i;

	*local = colon ? (struct span){ colon + 1,
	    qn.n - prefix.n - 1 } : qn;
	*ns = SOAP_NS_NONE;
	for (i = s->n_ns; i-- > 0;) {
		if (s->ns[i].prefix.n == prefix.n &&
		    memcmp(s->ns[i].prefix.p, prefix.p, prefix.n) == 0) {
			*ns = s->ns[i].ns;
			return true;
		}
	}
	if (sp_is(prefix, "xml"))
		*ns = SOAP_NS_OTHER;
	return prefix.n == 0 || *ns != SOAP_NS_NONE;
}

static void
sp_qname_set(struct soap_qname *q, enum soap_ns ns, struct span local)
{
	size_t n = local.n < sizeof(q->name) - 1 ? local.n :
	    sizeof(q->name) - 1;

	q->ns = ns;
	memcpy(q->name, local.p, n);
	q->name[n] = '\0';
}

/* ---- roles ----------------------------------------------------------- */

static int
sp_root(struct sp *s, struct elem *e, bool declared, enum soap_ns ns,
    struct span local)
{
	if (!sp_is(local, "Envelope"))
		return SOAP_E_NOT_SOAP;
	if (!declared || (ns != SOAP_NS_ENV12 && ns != SOAP_NS_ENV11))
		return SOAP_E_NAMESPACE;
	if (s->dtd_seen)
		return SOAP_E_DTD;
	s->root_seen = true;
	s->out->envelope = ns;
	e->role = R_ENVELOPE;
	return SOAP_OK;
}

static enum role
sp_text_role(struct sp *s, enum role r)
{
	s->text_len = 0;
	return r;
}

/* The role of a child of a fault's Code or Subcode. */
static enum role
sp_code_child(struct sp *s, enum role parent, struct span local)
{
	if (sp_is(local, "Value"))
		return sp_text_role(s, parent == R_CODE ? R_VALUE_CODE :
		    R_VALUE_SUB);
	if (sp_is(local, "Subcode"))
		return R_SUBCODE;
	return R_OTHER;
}

static enum role
sp_child_role(struct sp *s, enum role parent, enum soap_ns ns,
    struct span local)
{
	struct soap_reply *out = s->out;
	enum soap_ns env = out->envelope;

	switch (parent) {
	case R_ENVELOPE:
		if (ns == env && sp_is(local, "Header"))
			return R_HEADER;
		return ns == env && sp_is(local, "Body") ? R_BODY : R_OTHER;
	case R_HEADER:
		if ((ns == SOAP_NS_WSA_2004 || ns == SOAP_NS_WSA_2005) &&
		    sp_is(local, "RelatesTo"))
			return sp_text_role(s, R_RELATES_TO);
		return R_OTHER;
	case R_BODY:
		s->first_seen = true;
		sp_qname_set(&out->body, ns, local);
		out->fault = ns == env && sp_is(local, "Fault");
		return out->fault ? R_FAULT : R_FIRST;
	case R_FIRST:
		out->n_children++;
		return R_OTHER;
	case R_FAULT:
		if (env == SOAP_NS_ENV12 && ns == env && sp_is(local, "Code"))
			return R_CODE;
		if (env == SOAP_NS_ENV11 && (ns == SOAP_NS_NONE || ns == env) &&
		    sp_is(local, "faultcode"))
			return sp_text_role(s, R_FAULTCODE11);
		return R_OTHER;
	case R_CODE:
	case R_SUBCODE:
		return ns == env ? sp_code_child(s, parent, local) : R_OTHER;
	default:
		return R_OTHER;
	}
}

/* A start tag was read and pushed: give it its role. */
static int
sp_open(struct sp *s, struct elem *e)
{
	enum soap_ns ns;
	struct span local;
	bool declared = sp_resolve(s, e->qname, &ns, &local);

	if (s->depth == 1)
		return sp_root(s, e, declared, ns, local);
	if (!declared)
		return SOAP_E_NAMESPACE;
	e->role = sp_child_role(s, s->stack[s->depth - 2].role, ns, local);
	return SOAP_OK;
}

/*
 * A fault code's text is a QName, resolved where it stands; any other
 * text is kept as "?", so that what reaches evidence is a name.
 */
static void
sp_code(struct sp *s, enum role r)
{
	struct soap_reply *out = s->out;
	struct span text = sp_trim(s->text, s->text_len), local;
	struct soap_qname *q = r == R_VALUE_SUB ? &out->subcode : &out->code;
	enum soap_ns ns;
	size_t i;

	if (text.n == 0)
		return;
	for (i = 0; i < text.n; i++) {
		if (!sp_name_char((unsigned char)text.p[i])) {
			sp_qname_set(q, SOAP_NS_OTHER, (struct span){ "?", 1 });
			return;
		}
	}
	if (!sp_resolve(s, text, &ns, &local))
		ns = SOAP_NS_OTHER;
	sp_qname_set(q, ns, local);
	if (ns == SOAP_NS_ONVIF_ERROR && sp_is(local, "NotAuthorized"))
		out->not_authorized = true;
}

/* The element on top of the stack ends. */
static int
sp_close(struct sp *s)
{
	struct elem *e = &s->stack[s->depth - 1];
	struct span t;

	switch (e->role) {
	case R_VALUE_CODE:
	case R_VALUE_SUB:
	case R_FAULTCODE11:
		sp_code(s, e->role);
		break;
	case R_RELATES_TO:
		t = sp_trim(s->text, s->text_len);
		memcpy(s->out->relates_to, t.p, t.n);
		s->out->relates_to[t.n] = '\0';
		break;
	case R_FIRST:
	case R_FAULT:
		s->out->complete = true;
		s->done = true;
		break;
	case R_BODY:
	case R_ENVELOPE:
		return SOAP_E_NO_BODY;
	default:
		break;
	}
	s->n_ns = e->n_ns;
	s->depth--;
	return SOAP_OK;
}

/* ---- markup ---------------------------------------------------------- */

/* Text of an element that keeps it (capped; the rest is dropped). */
static void
sp_capture(struct sp *s, const char *p, size_t n)
{
	enum role r = s->depth ? s->stack[s->depth - 1].role : R_NONE;
	size_t room = sizeof(s->text) - 1 - s->text_len;

	if (r != R_VALUE_CODE && r != R_VALUE_SUB && r != R_FAULTCODE11 &&
	    r != R_RELATES_TO)
		return;
	if (n > room)
		n = room;
	memcpy(s->text + s->text_len, p, n);
	s->text_len += n;
}

static int
sp_text(struct sp *s)
{
	const char *lt = memchr(s->p, '<', (size_t)(s->end - s->p));
	const char *stop = lt ? lt : s->end;
	struct span t = sp_trim(s->p, (size_t)(stop - s->p));

	if (s->depth == 0 && t.n)
		return SOAP_E_NOT_SOAP;
	sp_capture(s, s->p, (size_t)(stop - s->p));
	s->p = stop;
	return SOAP_OK;
}

/* Skip skip bytes of an opener, then past the terminator term. */
static int
sp_skip_to(struct sp *s, size_t skip, const char *term)
{
	const char *t = memmem(s->p + skip, (size_t)(s->end - s->p) - skip,
	    term, strlen(term));

	if (!t)
		return sp_eof(s);
	s->p = t + strlen(term);
	return SOAP_OK;
}

static int
sp_cdata(struct sp *s)
{
	const char *start = s->p + 9;	/* "<![CDATA[" */
	int rc;

	if (s->depth == 0)
		return sp_bad(s);
	if ((rc = sp_skip_to(s, 9, "]]>")) != SOAP_OK)
		return rc;
	sp_capture(s, start, (size_t)(s->p - 3 - start));
	return SOAP_OK;
}

/* A DOCTYPE (or any <!...> declaration): skipped unread, remembered. */
static int
sp_doctype(struct sp *s)
{
	unsigned nest = 0;
	char quote = 0;

	if (s->root_seen)
		return SOAP_E_SYNTAX;
	s->dtd_seen = true;
	for (s->p += 2; s->p < s->end; s->p++) {
		char c = *s->p;

		if (quote) {
			quote = c == quote ? 0 : quote;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '[') {
			nest++;
		} else if (c == ']' && nest) {
			nest--;
		} else if (c == '>' && !nest) {
			s->p++;
			return SOAP_OK;
		}
	}
	return sp_eof(s);
}

/* Attributes up to '>' or "/>"; xmlns ones are declared. */
static int
sp_attributes(struct sp *s, bool *empty)
{
	struct span name, value;
	const char *close;
	char q;
	int rc;

	for (;;) {
		sp_skip_blank(s);
		if (s->p >= s->end)
			return sp_eof(s);
		if (*s->p == '>' || sp_starts(s, "/>")) {
			*empty = *s->p == '/';
			s->p += *empty ? 2 : 1;
			return SOAP_OK;
		}
		if (*s->p == '/' && s->p + 1 >= s->end)
			return sp_eof(s);
		if ((rc = sp_name(s, &name)) != SOAP_OK)
			return rc;
		sp_skip_blank(s);
		if (s->p < s->end && *s->p == '=')
			s->p++;
		else
			return s->p < s->end ? sp_bad(s) : sp_eof(s);
		sp_skip_blank(s);
		if (s->p >= s->end)
			return sp_eof(s);
		if ((q = *s->p++) != '"' && q != '\'')
			return sp_bad(s);
		if (!(close = memchr(s->p, q, (size_t)(s->end - s->p))))
			return sp_eof(s);
		value = (struct span){ s->p, (size_t)(close - s->p) };
		s->p = close + 1;
		if ((rc = sp_xmlns(s, name, value)) != SOAP_OK)
			return rc;
	}
}

static int
sp_start_tag(struct sp *s)
{
	struct elem *e;
	struct span qn;
	bool empty = false;
	int rc;

	s->p++;
	if ((rc = sp_name(s, &qn)) != SOAP_OK)
		return rc;
	if (s->root_seen && s->depth == 0)
		return SOAP_E_SYNTAX;
	if (s->depth >= SOAP_DEPTH_MAX)
		return SOAP_E_DEPTH;
	e = &s->stack[s->depth];
	e->qname = qn;
	e->role = R_OTHER;
	e->n_ns = s->n_ns;
	if ((rc = sp_attributes(s, &empty)) != SOAP_OK)
		return rc;
	s->depth++;
	if ((rc = sp_open(s, e)) != SOAP_OK)
		return rc;
	return empty ? sp_close(s) : SOAP_OK;
}

static int
sp_end_tag(struct sp *s)
{
	struct span qn;
	const struct elem *e;
	int rc;

	s->p += 2;
	if ((rc = sp_name(s, &qn)) != SOAP_OK)
		return rc;
	sp_skip_blank(s);
	if (s->p >= s->end)
		return sp_eof(s);
	if (*s->p++ != '>' || s->depth == 0)
		return sp_bad(s);
	e = &s->stack[s->depth - 1];
	if (e->qname.n != qn.n || memcmp(e->qname.p, qn.p, qn.n) != 0)
		return SOAP_E_SYNTAX;
	return sp_close(s);
}

/* The input ends inside what may still become lit. */
static bool
sp_cut_in(const struct sp *s, const char *lit)
{
	size_t left = (size_t)(s->end - s->p);

	return left < strlen(lit) && memcmp(s->p, lit, left) == 0;
}

static int
sp_markup(struct sp *s)
{
	s->markup_seen = true;
	if (sp_cut_in(s, "<!--") || sp_cut_in(s, "<![CDATA["))
		return sp_eof(s);
	if (sp_starts(s, "<?"))
		return sp_skip_to(s, 2, "?>");
	if (sp_starts(s, "<!--"))
		return sp_skip_to(s, 4, "-->");
	if (sp_starts(s, "<![CDATA["))
		return sp_cdata(s);
	if (sp_starts(s, "<!"))
		return sp_doctype(s);
	if (sp_starts(s, "</"))
		return sp_end_tag(s);
	return sp_start_tag(s);
}

int
soap_parse(const char *buf, size_t len, struct soap_reply *out)
{
	struct sp s;
	int rc = SOAP_OK;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	s.p = buf;
	s.end = buf + len;
	s.out = out;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		s.p += 3;
	while (!s.done && rc == SOAP_OK) {
		if (s.p >= s.end)
			rc = sp_eof(&s);
		else if (*s.p == '<')
			rc = sp_markup(&s);
		else
			rc = sp_text(&s);
	}
	if (s.first_seen) {
		out->damage = rc;
		return SOAP_OK;
	}
	return rc;
}

const char *
soap_strerror(int err)
{
	switch (err) {
	case SOAP_OK:
		return "ok";
	case SOAP_E_NOT_SOAP:
		return "not a SOAP envelope";
	case SOAP_E_NAMESPACE:
		return "wrong namespace";
	case SOAP_E_SYNTAX:
		return "malformed XML";
	case SOAP_E_DTD:
		return "DTD in a SOAP message";
	case SOAP_E_DEPTH:
		return "nested too deep";
	case SOAP_E_NS_MAX:
		return "too many namespace declarations";
	case SOAP_E_TRUNCATED:
		return "truncated";
	case SOAP_E_NO_BODY:
		return "no Body element";
	default:
		return "unknown error";
	}
}
