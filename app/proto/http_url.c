/*
 * http_url.c - split a camera or probe URL into scheme, host, port and
 * path.
 *
 * Pure.  Owns the URL grammar camguard accepts (a subset of RFC 3986:
 * no user information, no percent-decoding of the host, no IPv6 zone);
 * resolving the host and connecting are platform/net/net_http.c's.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "proto/http_url.h"

static const struct {
	const char		*prefix;
	enum http_url_scheme	 scheme;
	uint16_t		 port;
} schemes[] = {
	{ "http://", HTTP_URL_HTTP, 80 },
	{ "https://", HTTP_URL_HTTPS, 443 },
	{ "rtsp://", HTTP_URL_RTSP, 554 },
};

#define N_SCHEMES	(sizeof(schemes) / sizeof(schemes[0]))

uint16_t
http_url_default_port(enum http_url_scheme sc)
{
	size_t i;

	for (i = 0; i < N_SCHEMES; i++)
		if (schemes[i].scheme == sc)
			return schemes[i].port;
	return 0;
}

static int
parse_scheme(const char *s, size_t len, struct http_url *u, size_t *pos)
{
	size_t i, n;

	for (i = 0; i < N_SCHEMES; i++) {
		n = strlen(schemes[i].prefix);
		if (len >= n && !strncasecmp(s, schemes[i].prefix, n)) {
			u->scheme = schemes[i].scheme;
			u->port = schemes[i].port;
			*pos = n;
			return HTTP_URL_OK;
		}
	}
	return HTTP_URL_E_SCHEME;
}

static bool
host_char(unsigned char c, bool v6)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.')
		return true;
	return v6 ? c == ':' : (c == '-' || c == '_' || c == '~');
}

static int
parse_port(const char *s, size_t n, struct http_url *u)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0)
		return HTTP_URL_OK;
	if (n > 5)
		return HTTP_URL_E_PORT;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return HTTP_URL_E_PORT;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v == 0 || v > 65535)
		return HTTP_URL_E_PORT;
	u->port = (uint16_t)v;
	u->port_given = true;
	return HTTP_URL_OK;
}

static int
set_host(const char *h, size_t n, bool v6, struct http_url *u)
{
	size_t i;

	if (n == 0)
		return HTTP_URL_E_HOST;
	if (n >= sizeof(u->host))
		return HTTP_URL_E_TOO_LONG;
	for (i = 0; i < n; i++)
		if (!host_char((unsigned char)h[i], v6))
			return HTTP_URL_E_HOST;
	memcpy(u->host, h, n);
	u->host[n] = '\0';
	u->ipv6 = v6;
	return HTTP_URL_OK;
}

/* s[0..n) is the authority: host[:port] or [v6][:port]. */
static int
parse_authority(const char *s, size_t n, struct http_url *u)
{
	const char *close, *colon;
	int rc;

	if (memchr(s, '@', n))
		return HTTP_URL_E_USERINFO;
	if (n && s[0] == '[') {
		if (!(close = memchr(s, ']', n)))
			return HTTP_URL_E_HOST;
		rc = set_host(s + 1, (size_t)(close - s) - 1, true, u);
		if (rc != HTTP_URL_OK)
			return rc;
		colon = close + 1;
		if (colon == s + n)
			return HTTP_URL_OK;
		if (*colon != ':')
			return HTTP_URL_E_HOST;
	} else {
		if (!(colon = memchr(s, ':', n)))
			colon = s + n;
		rc = set_host(s, (size_t)(colon - s), false, u);
		if (rc != HTTP_URL_OK || colon == s + n)
			return rc;
	}
	return parse_port(colon + 1, (size_t)(s + n - colon) - 1, u);
}

static int
set_path(const char *s, size_t n, struct http_url *u)
{
	const char *hash = memchr(s, '#', n);
	size_t lead;

	if (hash)
		n = (size_t)(hash - s);
	lead = (n == 0 || s[0] != '/') ? 1 : 0;
	if (lead + n >= sizeof(u->path))
		return HTTP_URL_E_TOO_LONG;
	u->path[0] = '/';
	memcpy(u->path + lead, s, n);
	u->path[lead + n] = '\0';
	return HTTP_URL_OK;
}

int
http_url_parse(const char *s, size_t len, struct http_url *u)
{
	size_t i, pos, end;
	int rc;

	memset(u, 0, sizeof(*u));
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return HTTP_URL_E_CHAR;
	if ((rc = parse_scheme(s, len, u, &pos)) != HTTP_URL_OK)
		return rc;
	for (end = pos; end < len; end++)
		if (s[end] == '/' || s[end] == '?' || s[end] == '#')
			break;
	if ((rc = parse_authority(s + pos, end - pos, u)) != HTTP_URL_OK)
		return rc;
	return set_path(s + end, len - end, u);
}

const char *
http_url_strerror(int err)
{
	switch (err) {
	case HTTP_URL_OK:
		return "no error";
	case HTTP_URL_E_SCHEME:
		return "not an http://, https:// or rtsp:// URL";
	case HTTP_URL_E_USERINFO:
		return "credentials in the URL are not used (give camera.user "
		    "and camera.password_file)";
	case HTTP_URL_E_HOST:
		return "bad host in URL";
	case HTTP_URL_E_PORT:
		return "bad port in URL";
	case HTTP_URL_E_TOO_LONG:
		return "URL host or path too long";
	case HTTP_URL_E_CHAR:
		return "blank or control character in URL";
	}
	return NULL;
}

void
http_url_hostport(const struct http_url *u, char *dst, size_t dstsz)
{
	const char *l = u->ipv6 ? "[" : "", *r = u->ipv6 ? "]" : "";

	if (u->port == http_url_default_port(u->scheme))
		snprintf(dst, dstsz, "%s%s%s", l, u->host, r);
	else
		snprintf(dst, dstsz, "%s%s%s:%u", l, u->host, r, u->port);
}
