/*
 * net.h - HTTP/1.1, HTTPS and RTSP/1.0 clients for the camera's own
 * services: the Remote Configuration API and the live probes.
 *
 * One call, one request: resolve the host (getaddrinfo, not bounded by
 * the deadline), connect without blocking, optionally run a TLS handshake
 * (mbedTLS), send the request with "Connection: close", read one bounded
 * reply into the caller's buffer.  A 401 with credentials at hand is
 * answered once, Digest (SHA-256 before MD5, qop=auth) before Basic.
 * Every exchange (connect, handshake, request, reply) must finish within
 * timeout_ms, so a server that accepts and never answers ends in
 * NET_E_TIMEOUT; a Digest login makes two exchanges.  Errors are returned
 * as enum net_err and described once in response->err, naming the URL.
 *
 * Owns sockets, deadlines, TLS and the request bytes; reply parsing is the
 * pure app/proto/http_resp_parse.c, URL parsing app/proto/http_url.c.
 */
#ifndef CAMGUARD_NET_H
#define CAMGUARD_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cg_limits.h"
#include "proto/http_resp_parse.h"

enum net_err {
	NET_OK = 0,
	NET_E_URL = -1,		/* URL does not parse */
	NET_E_RESOLVE = -2,	/* host name not found */
	NET_E_REFUSED = -3,	/* refused, or host/network unreachable */
	NET_E_TIMEOUT = -4,	/* deadline passed: connect, TLS or reply */
	NET_E_TLS = -5,		/* handshake failed; chain not verified */
	NET_E_PROTO = -6,	/* the reply is not HTTP/RTSP or malformed */
	NET_E_TRUNCATED = -7,	/* closed before the reply was complete */
	NET_E_TOO_BIG = -8,	/* reply larger than the caller's buffer */
	NET_E_IO = -9,		/* other socket error (reset, ...) */
	NET_E_ARG = -10,	/* bad request (credential too long, ...) */
};

enum net_tls_ver {
	NET_TLS_ANY = 0,	/* min: TLS 1.2; max: the highest we have */
	NET_TLS_1_0,
	NET_TLS_1_1,
	NET_TLS_1_2,
};

struct net_tls_opts {
	const char	*ca_file;	/* PEM to verify with; NULL/"": none */
	bool		 verify;	/* chain and name must verify, else
					   NET_E_TLS (info is still filled) */
	enum net_tls_ver min_version;	/* ANY = TLS 1.2 */
	enum net_tls_ver max_version;	/* ANY = TLS 1.2 (mbedTLS 2.28) */
};

/* Why a chain did not verify (net_tls_info.verify_flags). */
#define NET_VERIFY_NOT_TRUSTED	0x01	/* not signed by ca_file / no CA */
#define NET_VERIFY_EXPIRED	0x02
#define NET_VERIFY_FUTURE	0x04	/* not yet valid */
#define NET_VERIFY_NAME		0x08	/* host not in CN/SAN (IP SANs too) */
#define NET_VERIFY_WEAK		0x10	/* key or hash mbedTLS calls weak */
#define NET_VERIFY_OTHER	0x20	/* revoked, bad usage, ... */

struct net_cert {
	char		subject[TLS_DN_MAX];	/* "CN=cam, O=..." */
	char		issuer[TLS_DN_MAX];
	bool		self_signed;		/* subject DER == issuer DER */
	int64_t		not_before;		/* epoch seconds, UTC */
	int64_t		not_after;
	char		key_type[16];		/* "RSA", "EC", "?" */
	unsigned	key_bits;
	char		sig_hash[16];		/* "md5", "sha1", "sha256"... */
};

struct net_tls_info {
	bool		handshake_done;
	enum net_tls_ver version;	/* negotiated */
	char		version_name[16];	/* "TLSv1.2" */
	char		ciphersuite[64];
	bool		ca_checked;	/* a CA file was given and read */
	bool		verified;	/* chain trusted and name matched */
	unsigned	verify_flags;	/* NET_VERIFY_*; 0 when verified */
	size_t		n_certs;	/* the server's chain, leaf first */
	struct net_cert	certs[TLS_CHAIN_MAX];
};

struct net_request {
	const char	*method;	/* GET, POST, HEAD; OPTIONS, DESCRIBE */
	const char	*url;		/* http://, https://, rtsp:// */
	const char	*content_type;	/* NULL: no Content-Type */
	const char	*body;		/* NULL with body_len 0: no body */
	size_t		 body_len;
	const char	*user;		/* NULL: never send credentials */
	const char	*password;
	long		 timeout_ms;	/* per exchange; <= 0 means 3000 */
	struct net_tls_opts tls;	/* https:// only */
	char		*buf;		/* the reply lands here */
	size_t		 bufsz;		/* > 1; at most HTTP_RESP_MAX used */
};

struct net_response {
	int		status;		/* of the last reply; 0 when none */
	bool		rtsp;
	unsigned	exchanges;	/* 1, or 2 after answering a 401 */
	bool		offered_basic;	/* some 401 offered Basic */
	bool		offered_digest;	/* some 401 offered Digest */
	bool		auth_sent;	/* the last request had credentials */
	char		auth_scheme[16];	/* "Basic", "Digest" or "" */
	char		digest_alg[16];		/* "SHA-256", "MD5"... or "" */
	char		server[NET_HDR_COPY_MAX];	/* headers, capped */
	char		content_type[NET_HDR_COPY_MAX];
	char		location[NET_HDR_COPY_MAX];
	char		rtsp_public[NET_HDR_COPY_MAX];	/* RTSP "Public" */
	struct http_resp_head head;	/* every header; spans into buf */
	const char	*body;		/* into buf, NUL-terminated */
	size_t		 body_len;
	struct net_tls_info tls;	/* https:// only */
	char		err[NET_ERR_MAX];	/* set on every error */
};

/*
 * Run rq and fill *rs.  NET_OK means a complete reply was read: look at
 * rs->status (a 401 after credentials is a wrong password; a 401 that
 * offered no scheme we speak is left as it is, err says so).
 */
int	net_request(const struct net_request *rq, struct net_response *rs);

/*
 * An RTSP OPTIONS or DESCRIBE without credentials; rs->status says
 * whether the camera wants them (401).
 */
int	net_rtsp_probe(const char *url, const char *method, long timeout_ms,
	    char *buf, size_t bufsz, struct net_response *rs);

/*
 * Only a TLS handshake with host:port (SNI = host unless it is an
 * address), then close.  NET_OK and a filled *info when it completed;
 * NET_E_TLS when the server refused (e.g. max_version TLS 1.0 against a
 * TLS 1.2-only server).
 */
int	net_tls_probe(const char *host, uint16_t port,
	    const struct net_tls_opts *, long timeout_ms,
	    struct net_tls_info *info, char *err, size_t errsz);

/* A TCP port as a connect from here finds it (net_ports.c). */
enum net_port_state {
	NET_PORT_CLOSED,	/* refused */
	NET_PORT_OPEN,		/* the connection completed */
	NET_PORT_FILTERED,	/* no answer within the deadline, unreachable */
};

/*
 * Connect to each of n ports of host at once (the first address host
 * resolves to) and record how each ended within timeout_ms, closing
 * every connection without sending a byte.  NET_OK, or an error (host
 * not resolved, n too large) with err set.
 */
int	net_tcp_ports(const char *host, const uint16_t *ports, size_t n,
	    long timeout_ms, enum net_port_state *out, char *err,
	    size_t errsz);
const char *net_port_state_name(enum net_port_state);

const char *net_strerror(int err);
const char *net_tls_ver_name(enum net_tls_ver);

#endif
