/*
 * conf.c - camguard.json: defaults, the expected shape, value rules.
 *
 * The shape tables below are the single description of the file: the
 * walker in json_parse.c rejects anything they do not name.  Owns value
 * rules (ranges, enumerations, addresses, dates); does not open the files
 * that keys name (the subsystems do, and report their own errors).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf.h"
#include "core/json_parse.h"
#include "core/readfile.h"

#define STR(s, m, sz)	{ .key = (s), .kind = JSON_K_STRING, \
	.off = offsetof(sz, m), .size = sizeof(((sz *)0)->m) }
#define STRC(s, m, sz, fn) { .key = (s), .kind = JSON_K_STRING, \
	.off = offsetof(sz, m), .size = sizeof(((sz *)0)->m), .check = (fn) }
#define INT(s, m, sz, lo, hi) { .key = (s), .kind = JSON_K_INT, \
	.off = offsetof(sz, m), .min = (lo), .max = (hi) }
#define BOOL(s, m, sz)	{ .key = (s), .kind = JSON_K_BOOL, \
	.off = offsetof(sz, m) }
#define OBJ(s, m, sz, sh) { .key = (s), .kind = JSON_K_OBJECT, \
	.off = offsetof(sz, m), .shape = (sh) }
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define SHAPE(f, p)	{ .fields = (f), .n_fields = NELEM(f), .post = (p) }

/* ---- value rules ----------------------------------------------------- */

/* Set by conf_set_check_ids(); NULL takes any id of the right shape. */
static bool (*conf_check_id_known)(const char *);

void
conf_set_check_ids(bool (*known)(const char *id))
{
	conf_check_id_known = known;
}

static int
copy_str(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	if (len >= size) {
		snprintf(msg, msgsz, "longer than %zu bytes", size - 1);
		return -1;
	}
	memcpy(dst, s, len + 1);
	return 0;
}

static int
check_path(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	if (len > 0 && s[0] != '/') {
		snprintf(msg, msgsz, "must be an absolute path");
		return -1;
	}
	return copy_str(dst, size, s, len, msg, msgsz);
}

static int
check_nonempty_path(void *dst, size_t size, const char *s, size_t len,
    char *msg, size_t msgsz)
{
	if (len == 0) {
		snprintf(msg, msgsz, "must not be empty");
		return -1;
	}
	return check_path(dst, size, s, len, msg, msgsz);
}

static int
check_url(void *dst, size_t size, const char *s, size_t len, char *msg,
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
	return copy_str(dst, size, s, len, msg, msgsz);
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

static int
check_camera_id(void *dst, size_t size, const char *s, size_t len,
    char *msg, size_t msgsz)
{
	if (len > 0 && !conf_topic_level_ok(s, len)) {
		snprintf(msg, msgsz, "must be a valid MQTT topic level "
		    "(UTF-8 without control characters, '+', '#' or '/')");
		return -1;
	}
	return copy_str(dst, size, s, len, msg, msgsz);
}

/* A camera id: a topic level that does not start with '_' (R/_fleet). */
static int
check_camera_own(void *dst, size_t size, const char *s, size_t len,
    char *msg, size_t msgsz)
{
	if (len > 0 && s[0] == '_') {
		snprintf(msg, msgsz, "must not start with '_' (reserved for "
		    "topics such as R/_fleet/cmd)");
		return -1;
	}
	return check_camera_id(dst, size, s, len, msg, msgsz);
}

static int
check_trusted(void *dst, size_t size, const char *s, size_t len,
    char *msg, size_t msgsz)
{
	if (len == 0) {
		snprintf(msg, msgsz, "must not be empty");
		return -1;
	}
	return check_camera_own(dst, size, s, len, msg, msgsz);
}

static int
check_socket(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	if (len >= CTL_PATH_MAX) {
		snprintf(msg, msgsz, "must be shorter than %d bytes (a Unix "
		    "socket path)", CTL_PATH_MAX);
		return -1;
	}
	return check_path(dst, size, s, len, msg, msgsz);
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

static int
check_topic(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	if (len == 0 || strpbrk(s, "+#") || s[0] == '/' || s[len - 1] == '/' ||
	    strstr(s, "//")) {
		snprintf(msg, msgsz, "must be a topic without '+', '#' or "
		    "empty levels");
		return -1;
	}
	return copy_str(dst, size, s, len, msg, msgsz);
}

static int
check_nonempty(void *dst, size_t size, const char *s, size_t len,
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
	return copy_str(dst, size, s, len, msg, msgsz);
}

static int
check_ip(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	struct addr_net a;

	if (addr_parse_ip(s, len, &a) < 0) {
		snprintf(msg, msgsz, "must be a numeric IPv4 or IPv6 address "
		    "(names are not resolved)");
		return -1;
	}
	return copy_str(dst, size, s, len, msg, msgsz);
}

static int
check_listen(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	char host[ADDR_STR_MAX];
	uint16_t port;

	if (addr_parse_listen(s, host, sizeof(host), &port) < 0) {
		snprintf(msg, msgsz, "must be IPv4:PORT or [IPv6]:PORT with "
		    "a literal address and a port of 1-65535");
		return -1;
	}
	return copy_str(dst, size, s, len, msg, msgsz);
}

static int
check_net(void *dst, size_t size, const char *s, size_t len, char *msg,
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

static int
check_date(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int y, m, d, n = 0;

	if (len != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    n != 10 || s[4] != '-' || s[7] != '-' || y < 2000 || m < 1 ||
	    m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap(y))) {
		snprintf(msg, msgsz, "must be a date YYYY-MM-DD");
		return -1;
	}
	return copy_str(dst, size, s, len, msg, msgsz);
}

static int
check_check_id(void *dst, size_t size, const char *s, size_t len,
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
	return copy_str(dst, size, s, len, msg, msgsz);
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

static int
check_backend(void *dst, size_t size, const char *s, size_t len, char *msg,
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
static int
check_onoff(void *dst, size_t size, const char *s, size_t len, char *msg,
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

static int
check_format(void *dst, size_t size, const char *s, size_t len, char *msg,
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

static int
check_facility(void *dst, size_t size, const char *s, size_t len, char *msg,
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

static int
siem_target_parse(const char *s, enum conf_siem_proto *proto, char *host,
    size_t hostsz, uint16_t *port)
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

static int
check_siem_target(void *dst, size_t size, const char *s, size_t len,
    char *msg, size_t msgsz)
{
	enum conf_siem_proto proto;
	char host[ADDR_STR_MAX];
	uint16_t port;

	if (siem_target_parse(s, &proto, host, sizeof(host), &port) < 0) {
		snprintf(msg, msgsz, "must be tcp://, tls:// or udp:// and "
		    "IPv4:PORT or [IPv6]:PORT with a literal address (names "
		    "are not resolved)");
		return -1;
	}
	return copy_str(dst, size, s, len, msg, msgsz);
}

static int
check_app_name(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	if (len > SIEM_APPNAME_MAX) {
		snprintf(msg, msgsz, "longer than %d bytes (RFC 5424 "
		    "APP-NAME)", SIEM_APPNAME_MAX);
		return -1;
	}
	return check_nonempty(dst, size, s, len, msg, msgsz);
}

static int
check_optional_name(void *dst, size_t size, const char *s, size_t len,
    char *msg, size_t msgsz)
{
	if (len == 0)
		return copy_str(dst, size, s, len, msg, msgsz);
	return check_nonempty(dst, size, s, len, msg, msgsz);
}

/* ---- cross-field rules ----------------------------------------------- */

static void
post_waiver(struct json_ctx *ctx, int tok, void *obj)
{
	struct conf_waiver *w = obj;

	if (!w->id[0] || !w->reason[0] || !w->expires[0])
		json_error(ctx, tok, "checks.waivers: a waiver needs id, "
		    "reason and expires");
}

static void
post_source(struct json_ctx *ctx, int tok, void *obj)
{
	if (!((struct conf_source *)obj)->path[0])
		json_error(ctx, tok, "ids.sources: a source needs a path");
}

static void
post_root(struct json_ctx *ctx, int tok, void *obj)
{
	struct conf *c = obj;

	if (c->ids.block_backend == CONF_FW_FILE && !c->ids.block_file[0])
		json_error(ctx, tok, "ids: block_backend \"file\" needs "
		    "block_file");
	if (c->ids.fleet.enabled && c->ids.fleet.n_cameras == 0)
		json_error(ctx, tok, "ids.fleet: enabled needs cameras to "
		    "trust");
	if (c->ids.fleet.enabled && !c->mqtt.enabled)
		json_error(ctx, tok, "ids.fleet: enabled needs mqtt.enabled");
	if (c->ids.block_s > c->ids.block_max_s)
		json_error(ctx, tok, "ids: block_s (%lld) is above "
		    "block_max_s (%lld)", c->ids.block_s, c->ids.block_max_s);
}

static void
post_client_tls(struct json_ctx *ctx, int tok, void *obj)
{
	struct conf_tls *t = obj;

	if (!t->cert_file[0] != !t->key_file[0])
		json_error(ctx, tok, "%s: cert_file and key_file go together",
		    ctx->path);
}

/* The target parsed once here; TLS settings only where TLS is. */
static void
post_siem(struct json_ctx *ctx, int tok, void *obj)
{
	struct conf *c = obj;
	const struct conf_tls *t = &c->siem.tls;

	siem_target_parse(c->siem.target, &c->siem.proto, c->siem.host,
	    sizeof(c->siem.host), &c->siem.port);
	if (c->siem.proto == CONF_SIEM_TLS && !t->ca_file[0])
		json_error(ctx, tok, "siem: a tls:// target needs ca_file "
		    "(the collector's certificate is always verified)");
	if (c->siem.proto != CONF_SIEM_TLS && (t->ca_file[0] ||
	    t->cert_file[0] || t->key_file[0] || c->siem.hostname[0]))
		json_error(ctx, tok, "siem: ca_file, cert_file, key_file and "
		    "hostname need a tls:// target");
	if (!t->cert_file[0] != !t->key_file[0])
		json_error(ctx, tok, "siem: cert_file and key_file go "
		    "together");
}

/* ---- shapes ----------------------------------------------------------- */

#define CAM struct conf
static const struct json_field camera_fields[] = {
	STRC("id", camera.id, CAM, check_camera_own),
	STRC("config_file", camera.config_file, CAM, check_path),
	STRC("url", camera.url, CAM, check_url),
	STR("user", camera.user, CAM),
	STRC("password_file", camera.password_file, CAM, check_path),
	STRC("ca_file", camera.ca_file, CAM, check_path),
	INT("timeout_ms", camera.timeout_ms, CAM, 100, 60000),
	STRC("proc_root", camera.proc_root, CAM, check_nonempty_path),
};

static const struct json_field waiver_fields[] = {
	STRC("id", id, struct conf_waiver, check_check_id),
	STR("reason", reason, struct conf_waiver),
	STRC("expires", expires, struct conf_waiver, check_date),
};
static const struct json_shape waiver_shape = SHAPE(waiver_fields,
    post_waiver);

static const struct json_field checks_fields[] = {
	INT("interval_s", checks.interval_s, CAM, 10, 7 * 86400),
	STRC("policy_file", checks.policy_file, CAM, check_path),
	{ .key = "waivers", .kind = JSON_K_OBJECT_ARRAY,
	  .off = offsetof(CAM, checks.waivers),
	  .size = sizeof(struct conf_waiver),
	  .count_off = offsetof(CAM, checks.n_waivers),
	  .max_elems = CONF_WAIVERS_MAX, .shape = &waiver_shape },
};

static const struct json_field source_fields[] = {
	STRC("path", path, struct conf_source, check_nonempty_path),
	STRC("format", format, struct conf_source, check_format),
};
static const struct json_shape source_shape = SHAPE(source_fields,
    post_source);

#define FLT struct conf_fleet
static const struct json_field fleet_fields[] = {
	BOOL("enabled", enabled, FLT),
	{ .key = "cameras", .kind = JSON_K_STRING_ARRAY,
	  .off = offsetof(FLT, cameras), .size = CONF_STR_MAX,
	  .count_off = offsetof(FLT, n_cameras),
	  .max_elems = FLEET_TRUST_MAX, .check = check_trusted },
	INT("max", max, FLT, 1, FLEET_SHARED_MAX),
	INT("block_s", block_s, FLT, 1, 30 * 86400),
};
static const struct json_shape fleet_shape = SHAPE(fleet_fields, NULL);

#define NETS(k, m, n) { .key = (k), .kind = JSON_K_STRING_ARRAY, \
	.off = offsetof(CAM, m), .size = sizeof(struct addr_net), \
	.count_off = offsetof(CAM, n), .max_elems = CONF_NETS_MAX, \
	.check = check_net }

static const struct json_field ids_fields[] = {
	BOOL("enabled", ids.enabled, CAM),
	{ .key = "sources", .kind = JSON_K_OBJECT_ARRAY,
	  .off = offsetof(CAM, ids.sources),
	  .size = sizeof(struct conf_source),
	  .count_off = offsetof(CAM, ids.n_sources),
	  .max_elems = CONF_SOURCES_MAX, .shape = &source_shape },
	INT("threshold", ids.threshold, CAM, 5, 1000),
	INT("timeout_min", ids.timeout_min, CAM, 0, 7 * 1440),
	INT("deadtime_min", ids.deadtime_min, CAM, 0, 7 * 1440),
	BOOL("block", ids.block, CAM),
	STRC("block_backend", ids.block_backend, CAM, check_backend),
	STRC("block_file", ids.block_file, CAM, check_path),
	INT("block_s", ids.block_s, CAM, 0, 365 * 86400),
	INT("block_factor", ids.block_factor, CAM, 1, 100),
	INT("block_max_s", ids.block_max_s, CAM, 1, 365 * 86400),
	{ .key = "ports", .kind = JSON_K_INT_ARRAY,
	  .off = offsetof(CAM, ids.ports), .size = sizeof(long long),
	  .count_off = offsetof(CAM, ids.n_ports),
	  .max_elems = CONF_PORTS_MAX, .min = 1, .max = 65535 },
	INT("ipv6_prefix", ids.ipv6_prefix, CAM, 16, 128),
	INT("max_tracked", ids.max_tracked, CAM, 16, IDS_TRACK_MAX),
	NETS("ignore", ids.ignore, ids.n_ignore),
	NETS("allow", ids.allow, ids.n_allow),
	BOOL("count_challenges", ids.count_challenges, CAM),
	STRC("state_file", ids.state_file, CAM, check_path),
	OBJ("fleet", ids.fleet, CAM, &fleet_shape),
};

#define TLS struct conf_tls
static const struct json_field mqtt_tls_fields[] = {
	STRC("ca_file", ca_file, TLS, check_path),
	STRC("cert_file", cert_file, TLS, check_path),
	STRC("key_file", key_file, TLS, check_path),
};
static const struct json_field status_tls_fields[] = {
	STRC("cert_file", cert_file, TLS, check_path),
	STRC("key_file", key_file, TLS, check_path),
};
static const struct json_shape mqtt_tls_shape = SHAPE(mqtt_tls_fields,
    post_client_tls);
static const struct json_shape status_tls_shape = SHAPE(status_tls_fields,
    post_client_tls);

static const struct json_field mqtt_fields[] = {
	BOOL("enabled", mqtt.enabled, CAM),
	STRC("host", mqtt.host, CAM, check_ip),
	INT("port", mqtt.port, CAM, 1, 65535),
	STRC("client_id", mqtt.client_id, CAM, check_camera_id),
	STR("username", mqtt.username, CAM),
	STRC("password_file", mqtt.password_file, CAM, check_path),
	OBJ("tls", mqtt.tls, CAM, &mqtt_tls_shape),
	STRC("topic_root", mqtt.topic_root, CAM, check_topic),
	INT("keepalive_s", mqtt.keepalive_s, CAM, 5, 3600),
	INT("queue_max", mqtt.queue_max, CAM, 1, 65536),
	BOOL("ha_discovery", mqtt.ha_discovery, CAM),
	BOOL("ha_discovery_checks", mqtt.ha_discovery_checks, CAM),
	STRC("ha_prefix", mqtt.ha_prefix, CAM, check_topic),
	INT("republish_jitter_ms", mqtt.republish_jitter_ms, CAM, 0, 60000),
};

static const struct json_field status_fields[] = {
	BOOL("enabled", status.enabled, CAM),
	STRC("listen", status.listen, CAM, check_listen),
	STRC("token_file", status.token_file, CAM, check_path),
	OBJ("tls", status.tls, CAM, &status_tls_shape),
};

static int
check_lang(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	if (len < 2 || len > 3 || strspn(s, "abcdefghijklmnopqrstuvwxyz") !=
	    len) {
		snprintf(msg, msgsz, "must be a language code (\"en\", \"fr\")");
		return -1;
	}
	return copy_str(dst, size, s, len, msg, msgsz);
}

#define REP struct conf_report
static const struct json_field report_fields[] = {
	STRC("lang", lang, REP, check_lang),
	STR("customer", customer, REP),
	STR("site", site, REP),
	STR("engineer", engineer, REP),
	STR("company", company, REP),
};

static const struct json_field run_fields[] = {
	STRC("user", run.user, CAM, check_nonempty),
	STRC("pid_file", run.pid_file, CAM, check_path),
	STRC("control_socket", run.control_socket, CAM, check_socket),
	STRC("sandbox", run.sandbox, CAM, check_onoff),
};

static const struct json_field siem_fields[] = {
	STRC("target", siem.target, CAM, check_siem_target),
	STRC("ca_file", siem.tls.ca_file, CAM, check_path),
	STRC("cert_file", siem.tls.cert_file, CAM, check_path),
	STRC("key_file", siem.tls.key_file, CAM, check_path),
	STRC("hostname", siem.hostname, CAM, check_optional_name),
	STRC("app_name", siem.app_name, CAM, check_app_name),
	STRC("facility", siem.facility, CAM, check_facility),
	INT("queue_max", siem.queue_max, CAM, 1, SIEM_QUEUE_MAX),
};

/*
 * Nested objects are read at offsets of struct conf itself: each section
 * shape is walked with the whole struct as its target.
 */
static const struct json_shape camera_shape = SHAPE(camera_fields, NULL);
static const struct json_shape checks_shape = SHAPE(checks_fields, NULL);
static const struct json_shape ids_shape = SHAPE(ids_fields, NULL);
static const struct json_shape mqtt_shape = SHAPE(mqtt_fields, NULL);
static const struct json_shape status_shape = SHAPE(status_fields, NULL);
static const struct json_shape run_shape = SHAPE(run_fields, NULL);
static const struct json_shape report_shape = SHAPE(report_fields, NULL);
static const struct json_shape siem_shape = SHAPE(siem_fields, post_siem);

static const struct json_field root_fields[] = {
	{ .key = "camera", .kind = JSON_K_OBJECT, .shape = &camera_shape },
	{ .key = "checks", .kind = JSON_K_OBJECT, .shape = &checks_shape },
	{ .key = "ids", .kind = JSON_K_OBJECT, .shape = &ids_shape },
	{ .key = "mqtt", .kind = JSON_K_OBJECT, .shape = &mqtt_shape },
	{ .key = "status", .kind = JSON_K_OBJECT, .shape = &status_shape },
	{ .key = "run", .kind = JSON_K_OBJECT, .shape = &run_shape },
	{ .key = "report", .kind = JSON_K_OBJECT,
	  .off = offsetof(CAM, report), .shape = &report_shape },
	{ .key = "siem", .kind = JSON_K_OBJECT, .shape = &siem_shape },
};
static const struct json_shape root_shape = SHAPE(root_fields, post_root);

/* ---- entry points ----------------------------------------------------- */

#define SET(dst, s)	snprintf((dst), sizeof(dst), "%s", (s))

void
conf_defaults(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	SET(c->camera.url, "http://127.0.0.1");
	c->camera.timeout_ms = 3000;
	SET(c->camera.proc_root, "/proc");
	c->checks.interval_s = 3600;
	c->ids.enabled = true;
	c->ids.threshold = 7;
	c->ids.timeout_min = 60;
	c->ids.deadtime_min = 60;
	c->ids.block = true;
	c->ids.block_backend = CONF_FW_NONE;
	c->ids.block_factor = 2;
	c->ids.block_max_s = 86400;
	c->ids.ipv6_prefix = 64;
	c->ids.max_tracked = 65536;
	addr_parse_net("127.0.0.0/8", 11, &c->ids.ignore[0]);
	addr_parse_net("::1/128", 7, &c->ids.ignore[1]);
	c->ids.n_ignore = 2;
	SET(c->mqtt.host, "127.0.0.1");
	c->mqtt.port = 1883;
	SET(c->mqtt.topic_root, "MOBOTIX");
	c->mqtt.keepalive_s = 30;
	c->mqtt.queue_max = 256;
	SET(c->mqtt.ha_prefix, "homeassistant");
	c->mqtt.republish_jitter_ms = 2000;
	c->ids.fleet.max = 1024;
	c->ids.fleet.block_s = 3600;
	SET(c->run.control_socket, "/run/camguard/control.sock");
	c->status.enabled = true;
	SET(c->status.listen, "127.0.0.1:8091");
	SET(c->run.user, "camguard");
	SET(c->report.lang, "en");
	SET(c->siem.app_name, "camguard");
	c->siem.facility = 10;		/* authpriv */
	c->siem.queue_max = 1024;
	c->run.sandbox = true;
}

int
conf_parse(struct conf *c, const char *name, const char *buf, size_t len,
    FILE *errf)
{
	struct json_ctx *ctx;
	int rc;

	if (!(ctx = malloc(sizeof(*ctx)))) {
		fprintf(errf, "%s: out of memory\n", name);
		return -1;
	}
	conf_defaults(c);
	rc = json_parse(ctx, buf, len, &root_shape, c);
	if (rc < 0)
		json_print_errors(ctx, name, errf);
	free(ctx);
	return rc;
}

int
conf_load(struct conf *c, const char *path, FILE *errf)
{
	char *buf;
	size_t len;
	int rc = -1;

	if (!(buf = malloc(CONF_FILE_MAX + 1))) {
		fprintf(errf, "%s: out of memory\n", path);
		return -1;
	}
	if (readfile(path, buf, CONF_FILE_MAX, &len, errf) == 0)
		rc = conf_parse(c, path, buf, len, errf);
	free(buf);
	return rc;
}

int
conf_load_site(struct conf_report *r, const char *path, FILE *errf)
{
	struct json_ctx *ctx;
	char *buf;
	size_t len;
	int rc = -1;

	ctx = malloc(sizeof(*ctx));
	buf = malloc(CONF_FILE_MAX + 1);
	if (!ctx || !buf)
		fprintf(errf, "%s: out of memory\n", path);
	else if (readfile(path, buf, CONF_FILE_MAX, &len, errf) == 0 &&
	    (rc = json_parse(ctx, buf, len, &report_shape, r)) < 0)
		json_print_errors(ctx, path, errf);
	free(ctx);
	free(buf);
	return rc;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant). */
static long long
days_from_civil(int y, int m, int d)
{
	long long yy = (long long)y - (m <= 2);
	long long era = (yy >= 0 ? yy : yy - 399) / 400;
	long long yoe = yy - era * 400;
	long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;

	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

int
conf_waiver_end(const char *s, long long *out)
{
	int v[3] = { 0, 0, 0 }, f = 0;
	size_t i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			f++;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v[f] = v[f] * 10 + (s[i] - '0');
	}
	if (v[0] < 1970 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
		return -1;
	*out = (days_from_civil(v[0], v[1], v[2]) + 1) * 86400;
	return 0;
}
