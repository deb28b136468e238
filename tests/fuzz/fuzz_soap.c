/*
 * fuzz_soap.c - libFuzzer target for the SOAP reply reader of the ONVIF
 * and WS-Discovery probes.
 *
 * Every input is read whole and cut where its first byte says.  The
 * result is one of the reader's codes; kept names and texts are
 * terminated within their arrays, and names (which reach evidence) hold
 * only name bytes; a complete answer has no damage; and a
 * cut input whose first Body element was complete reads exactly like the
 * whole input (nothing after that element is ever read).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/soap_parse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Letters, digits, "-._:", bytes of UTF-8 sequences, or the "?" kept
 * for a code that was no name. */
static void
name_only(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!strcmp(s, "?"))
		return;
	for (; *p; p++)
		if (!(*p >= 0x80 || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == ':'))
			abort();
}

static void
sane(int rc, const struct soap_reply *r)
{
	if (rc > 0 || rc < SOAP_E_NO_BODY)
		abort();
	if (!memchr(r->body.name, '\0', sizeof(r->body.name)) ||
	    !memchr(r->code.name, '\0', sizeof(r->code.name)) ||
	    !memchr(r->subcode.name, '\0', sizeof(r->subcode.name)) ||
	    !memchr(r->relates_to, '\0', sizeof(r->relates_to)))
		abort();
	if (rc == SOAP_OK && r->complete && r->damage != SOAP_OK)
		abort();
	if (rc == SOAP_OK && r->envelope != SOAP_NS_ENV12 &&
	    r->envelope != SOAP_NS_ENV11)
		abort();
	if (r->not_authorized && !r->fault)
		abort();
	name_only(r->body.name);
	name_only(r->code.name);
	name_only(r->subcode.name);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct soap_reply whole, cut;
	size_t at;
	int a, b;

	if (size > SOAP_REPLY_MAX)
		return 0;
	a = soap_parse(buf, size, &whole);
	sane(a, &whole);
	at = size ? data[0] % (size + 1) : 0;
	b = soap_parse(buf, at, &cut);
	sane(b, &cut);
	if (b == SOAP_OK && cut.complete &&
	    (a != SOAP_OK || memcmp(&whole, &cut, sizeof(whole)) != 0))
		abort();
	return 0;
}
