/*
 * mbedtls-config.h - the mbedTLS 2.28 configuration of the camera build.
 *
 * cross/mk-deps.sh installs this file as <mbedtls/config.h> of the musl
 * prefix before it builds Debian's mbedTLS source, so the library and
 * camguard's objects see the same options (struct layouts depend on them).
 * The host build keeps Debian's libmbedtls-dev with its stock config.
 *
 * What camguard needs (grep -rho 'mbedtls_[a-z0-9_]*\|MBEDTLS_[A-Z0-9_]*'
 * app platform | sort -u):
 *   - TLS client probes of cameras, TLS 1.0 to 1.2 (a TLS 1.0-only camera
 *     must still be probed and reported), peer certificate kept for the
 *     report (subject, issuer, dates, key type and size, signature hash
 *     SHA-1 to SHA-512), hostname/IP verification (subjectAltName parsed
 *     by camguard with the ASN.1 reader);
 *   - the HTTPS status endpoint: a TLS 1.2 server with a PEM certificate
 *     and key (RSA or EC) from files;
 *   - HTTP Digest (MD5, SHA-256), SHA-256 of the policy, base64;
 *   - CTR-DRBG seeded from the platform entropy (getrandom, /dev/urandom);
 *   - mbedtls_strerror for the logs (a dummy here: see below).
 * Left out: DES/3DES, Camellia, ARIA, Blowfish, ARC4, ChaCha20, CCM, CMAC,
 * DHE, PSK, static ECDH, RSA-PSS, CRL/CSR, all writing of certificates
 * and keys, PKCS#5/#12 (encrypted key files), PSA, DTLS, renegotiation,
 * session tickets and caches, ALPN, the built-in test certificates
 * (MBEDTLS_CERTS_C), debug, self-tests, threading (camguard is single
 * threaded and every context is its own).
 */
#ifndef MBEDTLS_CONFIG_H
#define MBEDTLS_CONFIG_H

/* System support. */
#define MBEDTLS_HAVE_ASM		/* bignum multiply in ARM assembly */
#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE		/* certificate validity dates */
#define MBEDTLS_FS_IO			/* *_parse_file, *_parse_keyfile */

/* Feature support. */
#define MBEDTLS_CIPHER_MODE_CBC		/* TLS 1.0/1.1 cameras: AES-CBC */
#define MBEDTLS_AES_ROM_TABLES		/* tables in .rodata, not the heap */
#define MBEDTLS_AES_FEWER_TABLES	/* 2 KB of tables instead of 8 KB */
#define MBEDTLS_REMOVE_ARC4_CIPHERSUITES
#define MBEDTLS_REMOVE_3DES_CIPHERSUITES
/* Curves: P-256 and P-384 certificates and ECDHE, P-521 for the rare
 * certificate, X25519 as most peers' first ECDHE choice. */
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_DP_SECP521R1_ENABLED
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM		/* fast reduction: a few KB, 2x faster */
#define MBEDTLS_KEY_EXCHANGE_RSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_SHA256_SMALLER		/* about 2 KB less code */
#define MBEDTLS_SHA512_SMALLER
#define MBEDTLS_SSL_ALL_ALERT_MESSAGES
#define MBEDTLS_SSL_ENCRYPT_THEN_MAC
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE	/* mbedtls_ssl_get_peer_cert */
#define MBEDTLS_SSL_CBC_RECORD_SPLITTING	/* TLS 1.0 (BEAST) */
#define MBEDTLS_SSL_PROTO_TLS1
#define MBEDTLS_SSL_PROTO_TLS1_1
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_SERVER_NAME_INDICATION	/* probes name the host */
#define MBEDTLS_X509_CHECK_KEY_USAGE
#define MBEDTLS_X509_CHECK_EXTENDED_KEY_USAGE
/* No MBEDTLS_ERROR_C (its message table is 13 KB, the margin that keeps
 * arm64 under 700 KB): mbedtls_strerror gives "" and the logs keep the
 * numeric code, "(-0x2700)", to look up in mbedtls/{ssl,x509,pk}.h. */
#define MBEDTLS_ERROR_STRERROR_DUMMY

/* Modules. */
#define MBEDTLS_AES_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C		/* ECDSA signatures (the server) */
#define MBEDTLS_BASE64_C
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_CTR_DRBG_C
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_GCM_C
#define MBEDTLS_MD_C
#define MBEDTLS_MD5_C			/* Digest auth, TLS 1.0/1.1 PRF */
#define MBEDTLS_OID_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_RSA_C
#define MBEDTLS_SHA1_C			/* TLS 1.0/1.1, SHA-1 certificates */
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA512_C		/* SHA-384/512 signatures, entropy */
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_SRV_C
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C

/* Module options: less memory per handshake, same results.  The TLS
 * record buffers stay 16 KB each way: a peer may send full records. */
#define MBEDTLS_MPI_WINDOW_SIZE		2	/* RSA exponentiation tables */
#define MBEDTLS_ECP_WINDOW_SIZE		4
#define MBEDTLS_ECP_FIXED_POINT_OPTIM	0	/* no precomputed tables */

#include "mbedtls/check_config.h"

#endif /* MBEDTLS_CONFIG_H */
