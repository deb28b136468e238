/*
 * soap_parse.h - what a SOAP reply says, for the ONVIF and WS-Discovery
 * probes: a response (which element, how many items in it), a fault (its
 * code and subcodes), or something that is not a SOAP envelope.
 *
 * Pure: no I/O, no allocation, no globals; the work is linear in the
 * input, the state bounded by SOAP_DEPTH_MAX and SOAP_NS_DECL_MAX.  It is
 * not a general XML parser: it reads start and end tags, attributes,
 * namespace declarations, text, comments, processing instructions and
 * CDATA well enough to tell a response from a fault, and it stops at the
 * end of the Body's first element.  Names are compared after namespace
 * resolution, so the prefixes a device chose do not matter and an
 * Envelope in another namespace is not SOAP.  A DTD is never read (SOAP
 * forbids them, and they carry entity-expansion attacks): an Envelope
 * after one is refused.  Entity references are not expanded.
 *
 * A reply cut short after the Body's first element began is still read
 * (the device did answer): complete is then false, and damage says what
 * went wrong after that point, if anything did.
 */
#ifndef CAMGUARD_SOAP_PARSE_H
#define CAMGUARD_SOAP_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/cg_limits.h"

enum soap_err {
	SOAP_OK = 0,
	SOAP_E_NOT_SOAP = -1,	/* empty, not XML, or the root is no Envelope */
	SOAP_E_NAMESPACE = -2,	/* Envelope outside SOAP 1.1/1.2; a prefix
				   that was never declared */
	SOAP_E_SYNTAX = -3,	/* broken markup, a mismatched end tag */
	SOAP_E_DTD = -4,	/* a DTD before the Envelope */
	SOAP_E_DEPTH = -5,	/* nested deeper than SOAP_DEPTH_MAX */
	SOAP_E_NS_MAX = -6,	/* over SOAP_NS_DECL_MAX declarations held */
	SOAP_E_TRUNCATED = -7,	/* ended before the Body's first element */
	SOAP_E_NO_BODY = -8,	/* an Envelope without Body, or an empty one */
};

/* The namespaces the probes care about; every other one is OTHER. */
enum soap_ns {
	SOAP_NS_NONE = 0,	/* no namespace */
	SOAP_NS_OTHER,
	SOAP_NS_ENV12,		/* http://www.w3.org/2003/05/soap-envelope */
	SOAP_NS_ENV11,		/* http://schemas.xmlsoap.org/soap/envelope/ */
	SOAP_NS_ONVIF_DEVICE,	/* http://www.onvif.org/ver10/device/wsdl */
	SOAP_NS_ONVIF_ERROR,	/* http://www.onvif.org/ver10/error */
	SOAP_NS_WSD_2005,	/* WS-Discovery as ONVIF uses it (2005/04) */
	SOAP_NS_WSD_2009,	/* WS-Discovery 1.1 (OASIS, 2009/01) */
	SOAP_NS_WSA_2004,	/* WS-Addressing 2004/08 */
	SOAP_NS_WSA_2005,	/* WS-Addressing 1.0 (W3C, 2005/08) */
};

/* A resolved name: its namespace and local part (truncated, NUL-ended). */
struct soap_qname {
	enum soap_ns	ns;
	char		name[SOAP_NAME_MAX];
};

struct soap_reply {
	enum soap_ns	envelope;	/* SOAP_NS_ENV12 or SOAP_NS_ENV11 */
	bool		fault;		/* the Body holds an env:Fault */
	struct soap_qname body;		/* the Body's first element */
	unsigned	n_children;	/* its child elements: users, matches */
	bool		complete;	/* it ended within the input */
	int		damage;		/* an error after it began; 0 none */
	struct soap_qname code;		/* fault: Code/Value or faultcode */
	struct soap_qname subcode;	/* fault: the innermost Subcode/Value */
	bool		not_authorized;	/* a (sub)code is ter:NotAuthorized */
	/* the Header's WS-Addressing RelatesTo, trimmed; "" when none */
	char		relates_to[SOAP_TEXT_MAX];
};

/* Read buf[0..len) into *out (zeroed first): SOAP_OK or an error. */
int	soap_parse(const char *buf, size_t len, struct soap_reply *out);

const char *soap_strerror(int err);

#endif
