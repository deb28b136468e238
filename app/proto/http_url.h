/*
 * http_url.h - the URLs camguard's clients accept: http://, https://,
 * rtsp:// with a host name, an IPv4 address or a bracketed IPv6 address,
 * an optional port and a path.
 *
 * Pure.  User information ("user:pass@") is refused: credentials come
 * from camera.user and camera.password_file only (spec section 2).
 */
#ifndef CAMGUARD_HTTP_URL_H
#define CAMGUARD_HTTP_URL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cg_limits.h"

enum http_url_scheme { HTTP_URL_HTTP, HTTP_URL_HTTPS, HTTP_URL_RTSP };

enum http_url_err {
	HTTP_URL_OK = 0,
	HTTP_URL_E_SCHEME = -1,		/* not http, https or rtsp */
	HTTP_URL_E_USERINFO = -2,	/* "user:pass@" in the URL */
	HTTP_URL_E_HOST = -3,		/* empty or malformed host */
	HTTP_URL_E_PORT = -4,		/* not 1..65535 */
	HTTP_URL_E_TOO_LONG = -5,	/* host or path over its limit */
	HTTP_URL_E_CHAR = -6,		/* a blank or control byte */
};

struct http_url {
	enum http_url_scheme scheme;
	char		host[NET_HOST_MAX];	/* no brackets */
	bool		ipv6;			/* was bracketed */
	uint16_t	port;			/* given, or the scheme's */
	bool		port_given;
	char		path[NET_PATH_MAX];	/* "/...?query", no "#..." */
};

int	http_url_parse(const char *s, size_t len, struct http_url *out);
const char *http_url_strerror(int err);
/* "host", "host:port", "[v6]:port": the Host header (default port left out). */
void	http_url_hostport(const struct http_url *, char *dst, size_t dstsz);
uint16_t http_url_default_port(enum http_url_scheme);

#endif
