/*
 * net_x509.c - the iPAddress subjectAltName check mbedTLS 2.28 lacks:
 * walks the certificate's extensions in DER.  Pure: reads only the
 * parsed certificate it is given.
 */
#include <string.h>

#include <mbedtls/asn1.h>
#include <mbedtls/oid.h>
#include <mbedtls/x509_crt.h>

#include "platform/net/net_x509.h"

/* The GeneralNames of a subjectAltName value: is ip among them? */
static bool
names_have_ip(unsigned char *p, const unsigned char *end,
    const unsigned char *ip, size_t iplen)
{
	size_t len;
	int tag;

	if (mbedtls_asn1_get_tag(&p, end, &len, MBEDTLS_ASN1_CONSTRUCTED |
	    MBEDTLS_ASN1_SEQUENCE) != 0)
		return false;
	end = p + len;
	while (p < end) {
		tag = *p++;
		if (mbedtls_asn1_get_len(&p, end, &len) != 0)
			return false;
		if (tag == (MBEDTLS_ASN1_CONTEXT_SPECIFIC | 7) &&
		    len == iplen && !memcmp(p, ip, iplen))
			return true;
		p += len;
	}
	return false;
}

/* One Extension: when it is subjectAltName, look for ip in it. */
static bool
ext_has_ip(unsigned char *p, const unsigned char *end,
    const unsigned char *ip, size_t iplen)
{
	size_t len;
	bool san;

	if (mbedtls_asn1_get_tag(&p, end, &len, MBEDTLS_ASN1_OID) != 0)
		return false;
	san = len == MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_ALT_NAME) &&
	    !memcmp(p, MBEDTLS_OID_SUBJECT_ALT_NAME, len);
	p += len;
	if (!san)
		return false;
	if (p < end && *p == MBEDTLS_ASN1_BOOLEAN) {
		if (mbedtls_asn1_get_tag(&p, end, &len,
		    MBEDTLS_ASN1_BOOLEAN) != 0)
			return false;
		p += len;
	}
	if (mbedtls_asn1_get_tag(&p, end, &len, MBEDTLS_ASN1_OCTET_STRING))
		return false;
	return names_have_ip(p, p + len, ip, iplen);
}

/* mbedTLS 2.28 keeps no iPAddress SANs: walk the extensions' DER. */
bool
net_x509_san_has_ip(const mbedtls_x509_crt *crt, const unsigned char *ip,
    size_t iplen)
{
	unsigned char *p = crt->v3_ext.p, *ext;
	const unsigned char *end = p + crt->v3_ext.len;
	size_t len;

	if (!p || mbedtls_asn1_get_tag(&p, end, &len,
	    MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0)
		return false;
	end = p + len;
	while (p < end) {
		if (mbedtls_asn1_get_tag(&p, end, &len,
		    MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0)
			return false;
		ext = p;
		p += len;
		if (ext_has_ip(ext, p, ip, iplen))
			return true;
	}
	return false;
}
