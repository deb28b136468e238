/*
 * conf_rules.c - the value rules of camguard.json: paths, URLs, camera ids
 * and topic levels, addresses and networks, listeners, dates, check ids,
 * enumerations (backends, formats, facilities, on/off), the SIEM target
 * and names.  Each checks one string and copies it where it belongs, or
 * says what is wrong; conf.c's shape tables say which key takes which.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf.h"
#include "core/conf_rules.h"
#include "core/decdigits.h"
#include "core/json_parse.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- value rules ----------------------------------------------------- */

/* Set by conf_set_check_ids(); NULL takes any id of the right shape. */
static bool (*conf_check_id_known)(const char *);

void
conf_set_check_ids(bool (*known)(const char *id))
{
	conf_check_id_known = known;
}

int
conf_rule_copy_str(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	if (len >= size) {
		snprintf(msg, msgsz, "longer than %zu bytes", size - 1);
		return -1;
	}
	memcpy(dst, s, len + 1);
	return 0;
}

int
conf_rule_path(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	if (len > 0 && s[0] != '/') {
		snprintf(msg, msgsz, "must be an absolute path");
		return -1;
	}
	return conf_rule_copy_str(dst, size, s, len, msg, msgsz);
}

int
conf_rule_nonempty_path(void *dst, size_t size, const char *s, size_t len,
    char *msg, size_t msgsz)
{
	if (len == 0) {
		snprintf(msg, msgsz, "must not be empty");
		return -1;
	}
	return conf_rule_path(dst, size, s, len, msg, msgsz);
}

int
conf_rule_url(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	const char *host, *end;

	if (!strncmp(s, "http://", 7))
		host = s + 7;
	else if (!strncmp(s, "https://", 8))
		host = s + 8;
	else {
		snprintf(msg, msgsz, "must start with http:// or https://");
		return -1;
	}
	end = host + strcspn(host, "/?#");
	if (end == host) {
		snprintf(msg, msgsz, "has no host");
		return -1;
	}
	if (memchr(host, '@', (size_t)(end - host))) {
		snprintf(msg, msgsz, "must not hold credentials (use "
		    "camera.user and camera.password_file)");
		return -1;
	}
	return conf_rule_copy_str(dst, size, s, len, msg, msgsz);
}

/*
 * One UTF-8 code point at s[*i] as libmosquitto's validator takes it
 * (mosquitto_validate_utf8): well-formed, shortest form, no surrogates,
 * no control characters (U+0000-U+001F, U+007F-U+009F), no non-characters.
 * A topic it refuses makes every publish fail, so a camera id must pass.
 */
static bool
utf8_next_ok(const unsigned char *s, size_t len, size_t *i)
{
	static const uint32_t min[] = { 0, 0x80, 0x800, 0x10000 };
	uint32_t cp = s[*i];
	size_t n = cp < 0x80 ? 0 : (cp & 0xe0) == 0xc0 ? 1 :
	    (cp & 0xf0) == 0xe0 ? 2 : (cp & 0xf8) == 0xf0 ? 3 : 4;
	size_t k;

	if (n == 4 || *i + n >= len + (n == 0))
		return false;
	cp &= n == 0 ? 0x7f : 0x3f >> n;
	for (k = 1; k <= n; k++) {
		if ((s[*i + k] & 0xc0) != 0x80)
			return false;
		cp = cp << 6 | (s[*i + k] & 0x3f);
	}
	*i += n + 1;
	return cp >= min[n] && cp <= 0x10ffff &&
	    !(cp >= 0xd800 && cp <= 0xdfff) && cp > 0x1f &&
	    !(cp >= 0x7f && cp <= 0x9f) && !(cp >= 0xfdd0 && cp <= 0xfdef) &&
	    (cp & 0xfffe) != 0xfffe;
}

bool
conf_topic_level_ok(const char *s, size_t len)
{
	size_t i = 0;

	if (len == 0 || memchr(s, '+', len) || memchr(s, '#', len) ||
	    memchr(s, '/', len))
		return false;
	while (i < len)
		if (!utf8_next_ok((const unsigned char *)s, len, &i))
			return false;
	return true;
}

int
conf_rule_camera_id(void *dst, size_t size, const char *s, size_t len,
    char *msg, size_t msgsz)
{
	if (len > 0 && !conf_topic_level_ok(s, len)) {
		snprintf(msg, msgsz, "must be a valid MQTT topic level "
		    "(UTF-8 without control characters, '+', '#' or '/')");
		return -1;
	}
	return conf_rule_copy_str(dst, size, s, len, msg, msgsz);
}

/* A camera id: a topic level that does not start with '_' (R/_fleet). */
int
conf_rule_camera_own(void *dst, size_t size, const char *s, size_t len,
    char *msg, size_t msgsz)
{
	if (len > 0 && s[0] == '_') {
		snprintf(msg, msgsz, "must not start with '_' (reserved for "
		    "topics such as R/_fleet/cmd)");
		return -1;
	}
	return conf_rule_camera_id(dst, size, s, len, msg, msgsz);
}

int
conf_rule_trusted(void *dst, size_t size, const char *s, size_t len,
    char *msg, size_t msgsz)
{
	if (len == 0) {
		snprintf(msg, msgsz, "must not be empty");
		return -1;
	}
	return conf_rule_camera_own(dst, size, s, len, msg, msgsz);
}

int
conf_rule_socket(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	if (len >= CTL_PATH_MAX) {
		snprintf(msg, msgsz, "must be shorter than %d bytes (a Unix "
		    "socket path)", CTL_PATH_MAX);
		return -1;
	}
	return conf_rule_path(dst, size, s, len, msg, msgsz);
}

bool
conf_fleet_trusts(const struct conf *c, const char *camera)
{
	size_t i;

	for (i = 0; i < c->ids.fleet.n_cameras; i++)
		if (!strcmp(c->ids.fleet.cameras[i], camera))
			return true;
	return false;
}

int
conf_rule_topic(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	if (len == 0 || strpbrk(s, "+#") || s[0] == '/' || s[len - 1] == '/' ||
	    strstr(s, "//")) {
		snprintf(msg, msgsz, "must be a topic without '+', '#' or "
		    "empty levels");
		return -1;
	}
	return conf_rule_copy_str(dst, size, s, len, msg, msgsz);
}

int
conf_rule_nonempty(void *dst, size_t size, const char *s, size_t len,
    char *msg, size_t msgsz)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x21 || s[i] == 0x7f) {
			snprintf(msg, msgsz, "must not hold blanks or "
			    "control characters");
			return -1;
		}
	}
	if (len == 0) {
		snprintf(msg, msgsz, "must not be empty");
		return -1;
	}
	return conf_rule_copy_str(dst, size, s, len, msg, msgsz);
}

int
conf_rule_ip(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	struct addr_net a;

	if (addr_parse_ip(s, len, &a) < 0) {
		snprintf(msg, msgsz, "must be a numeric IPv4 or IPv6 address "
		    "(names are not resolved)");
		return -1;
	}
	return conf_rule_copy_str(dst, size, s, len, msg, msgsz);
}

int
conf_rule_listen(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	char host[ADDR_STR_MAX];
	uint16_t port;

	if (addr_parse_listen(s, host, sizeof(host), &port) < 0) {
		snprintf(msg, msgsz, "must be IPv4:PORT or [IPv6]:PORT with "
		    "a literal address and a port of 1-65535");
		return -1;
	}
	return conf_rule_copy_str(dst, size, s, len, msg, msgsz);
}

int
conf_rule_net(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	(void)size;
	if (addr_parse_net(s, len, dst) < 0) {
		snprintf(msg, msgsz, "\"%.64s\" is not an address or "
		    "ADDRESS/PREFIX", s);
		return -1;
	}
	/* allow or ignore every address: the IDS would be off unsaid */
	if (((struct addr_net *)dst)->prefix == 0) {
		snprintf(msg, msgsz, "\"%.64s\" covers every IPv%u address; "
		    "turn ids.enabled or ids.block off instead", s,
		    ((struct addr_net *)dst)->family);
		return -1;
	}
	return 0;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
conf_rule_date(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int y, m, d;

	if (len != 10 || !dec_digits(s, 4, &y) || s[4] != '-' ||
	    !dec_digits(s + 5, 2, &m) || s[7] != '-' || !dec_digits(s + 8, 2, &d) ||
	    y < 2000 || m < 1 ||
	    m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap(y))) {
		snprintf(msg, msgsz, "must be a date YYYY-MM-DD");
		return -1;
	}
	return conf_rule_copy_str(dst, size, s, len, msg, msgsz);
}

int
conf_rule_check_id(void *dst, size_t size, const char *s, size_t len,
    char *msg, size_t msgsz)
{
	size_t i;
	bool ok = len >= 5 && len <= 6 && (!strncmp(s, "MX-", 3) ||
	    !strncmp(s, "VG-", 3));

	for (i = 3; ok && i < 5; i++)
		ok = s[i] >= '0' && s[i] <= '9';
	if (ok && len == 6)
		ok = s[5] >= 'A' && s[5] <= 'Z';
	if (!ok) {
		snprintf(msg, msgsz, "must be a check id like MX-20 or VG-01");
		return -1;
	}
	if (conf_check_id_known && !conf_check_id_known(s)) {
		snprintf(msg, msgsz, "%s is not a check of this camguard "
		    "version", s);
		return -1;
	}
	return conf_rule_copy_str(dst, size, s, len, msg, msgsz);
}

static int
check_enum(const char *const *names, size_t n, int *out, const char *s,
    char *msg, size_t msgsz)
{
	size_t i, o;

	for (i = 0; i < n; i++) {
		if (!strcmp(s, names[i])) {
			*out = (int)i;
			return 0;
		}
	}
	o = (size_t)snprintf(msg, msgsz, "must be one of");
	for (i = 0; i < n && o < msgsz; i++)
		o += (size_t)snprintf(msg + o, msgsz - o, "%s %s",
		    i ? "," : "", names[i]);
	return -1;
}

static const char *const backend_names[] = { "none", "nftables",
	"camera-acl", "file" };
static const char *const format_names[] = { "auto", "clf", "lighttpd",
	"nginx" };

const char *
conf_backend_name(enum conf_backend b)
{
	return backend_names[b];
}

const char *
conf_format_name(enum conf_log_format f)
{
	return format_names[f];
}

int
conf_rule_backend(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	int v = 0;

	(void)size;
	(void)len;
	if (check_enum(backend_names, NELEM(backend_names), &v, s, msg,
	    msgsz) < 0)
		return -1;
	*(enum conf_backend *)dst = (enum conf_backend)v;
	return 0;
}

/* run.sandbox: "on" or "off" (spec section 12). */
int
conf_rule_onoff(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	static const char *const names[] = { "off", "on" };
	int v = 0;

	(void)size;
	(void)len;
	if (check_enum(names, NELEM(names), &v, s, msg, msgsz) < 0)
		return -1;
	*(bool *)dst = v == 1;
	return 0;
}

int
conf_rule_format(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	int v = 0;

	(void)size;
	(void)len;
	if (check_enum(format_names, NELEM(format_names), &v, s, msg,
	    msgsz) < 0)
		return -1;
	*(enum conf_log_format *)dst = (enum conf_log_format)v;
	return 0;
}

/* RFC 5424 6.2.1's facilities, by code, with rsyslog's names. */
static const char *const facility_names[] = { "kern", "user", "mail",
	"daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
	"authpriv", "ftp", "ntp", "audit", "alert", "clock", "local0",
	"local1", "local2", "local3", "local4", "local5", "local6",
	"local7" };

const char *
conf_facility_name(int facility)
{
	if (facility < 0 || (size_t)facility >= NELEM(facility_names))
		return "?";
	return facility_names[facility];
}

int
conf_rule_facility(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	(void)size;
	(void)len;
	if (check_enum(facility_names, NELEM(facility_names), dst, s, msg,
	    msgsz) == 0)
		return 0;
	/* the whole list does not fit in a message */
	snprintf(msg, msgsz, "must be a syslog facility: kern, user, "
	    "daemon, auth, authpriv, local0 to local7... (camguard.json(5))");
	return -1;
}

/* siem.target: "", or tcp://, tls:// or udp:// and ADDR:PORT. */
static const char *const siem_schemes[] = { "", "tcp://", "tls://",
	"udp://" };

int
conf_rule_siem_target_parse(const char *s, enum conf_siem_proto *proto,
    char *host, size_t hostsz, uint16_t *port)
{
	size_t i, n;

	*proto = CONF_SIEM_NONE;
	if (!s[0])
		return 0;
	for (i = 1; i < NELEM(siem_schemes); i++) {
		n = strlen(siem_schemes[i]);
		if (!strncmp(s, siem_schemes[i], n) &&
		    addr_parse_listen(s + n, host, hostsz, port) == 0) {
			*proto = (enum conf_siem_proto)i;
			return 0;
		}
	}
	return -1;
}

int
conf_rule_siem_target(void *dst, size_t size, const char *s, size_t len,
    char *msg, size_t msgsz)
{
	enum conf_siem_proto proto;
	char host[ADDR_STR_MAX];
	uint16_t port;

	if (conf_rule_siem_target_parse(s, &proto, host, sizeof(host),
	    &port) < 0) {
		snprintf(msg, msgsz, "must be tcp://, tls:// or udp:// and "
		    "IPv4:PORT or [IPv6]:PORT with a literal address (names "
		    "are not resolved)");
		return -1;
	}
	return conf_rule_copy_str(dst, size, s, len, msg, msgsz);
}

int
conf_rule_app_name(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	if (len > SIEM_APPNAME_MAX) {
		snprintf(msg, msgsz, "longer than %d bytes (RFC 5424 "
		    "APP-NAME)", SIEM_APPNAME_MAX);
		return -1;
	}
	return conf_rule_nonempty(dst, size, s, len, msg, msgsz);
}

int
conf_rule_optional_name(void *dst, size_t size, const char *s, size_t len,
    char *msg, size_t msgsz)
{
	if (len == 0)
		return conf_rule_copy_str(dst, size, s, len, msg, msgsz);
	return conf_rule_nonempty(dst, size, s, len, msg, msgsz);
}
