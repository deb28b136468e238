/*
 * net_x509.h - what mbedTLS 2.28 does not check for us in a peer's
 * certificate: an iPAddress subjectAltName (it keeps none), for the
 * probes' TLS client and the MQTT relay alike.
 */
#ifndef CAMGUARD_NET_X509_H
#define CAMGUARD_NET_X509_H

#include <stdbool.h>
#include <stddef.h>

#include <mbedtls/x509_crt.h>

/* Does the certificate name ip (4 or 16 bytes) in its subjectAltName? */
bool	net_x509_san_has_ip(const mbedtls_x509_crt *, const unsigned char *ip,
	    size_t iplen);

#endif
