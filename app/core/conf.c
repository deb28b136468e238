/*
 * conf.c - camguard.json: defaults, the expected shape, value rules.
 *
 * The shape tables below are the single description of the file: the
 * walker in json_parse.c rejects anything they do not name; the value
 * rules they name live in conf_rules.c.  Does not open the files that
 * keys name (the subsystems do, and report their own errors).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf.h"
#include "core/conf_rules.h"
#include "core/json_parse.h"
#include "core/readfile.h"
#include "core/sparse.h"

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

	conf_rule_siem_target_parse(c->siem.target, &c->siem.proto,
	    c->siem.host, sizeof(c->siem.host), &c->siem.port);
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
	STRC("id", camera.id, CAM, conf_rule_camera_own),
	STRC("config_file", camera.config_file, CAM, conf_rule_path),
	STRC("url", camera.url, CAM, conf_rule_url),
	STR("user", camera.user, CAM),
	STRC("password_file", camera.password_file, CAM, conf_rule_path),
	STRC("ca_file", camera.ca_file, CAM, conf_rule_path),
	INT("timeout_ms", camera.timeout_ms, CAM, 100, 60000),
	STRC("proc_root", camera.proc_root, CAM, conf_rule_nonempty_path),
};

static const struct json_field waiver_fields[] = {
	STRC("id", id, struct conf_waiver, conf_rule_check_id),
	STR("reason", reason, struct conf_waiver),
	STRC("expires", expires, struct conf_waiver, conf_rule_date),
};
static const struct json_shape waiver_shape = SHAPE(waiver_fields,
    post_waiver);

static const struct json_field checks_fields[] = {
	INT("interval_s", checks.interval_s, CAM, 10, 7 * 86400),
	STRC("policy_file", checks.policy_file, CAM, conf_rule_path),
	{ .key = "waivers", .kind = JSON_K_OBJECT_ARRAY,
	  .off = offsetof(CAM, checks.waivers),
	  .size = sizeof(struct conf_waiver),
	  .count_off = offsetof(CAM, checks.n_waivers),
	  .max_elems = CONF_WAIVERS_MAX, .shape = &waiver_shape },
};

static const struct json_field source_fields[] = {
	STRC("path", path, struct conf_source, conf_rule_nonempty_path),
	STRC("format", format, struct conf_source, conf_rule_format),
};
static const struct json_shape source_shape = SHAPE(source_fields,
    post_source);

#define FLT struct conf_fleet
static const struct json_field fleet_fields[] = {
	BOOL("enabled", enabled, FLT),
	{ .key = "cameras", .kind = JSON_K_STRING_ARRAY,
	  .off = offsetof(FLT, cameras), .size = CONF_STR_MAX,
	  .count_off = offsetof(FLT, n_cameras),
	  .max_elems = FLEET_TRUST_MAX, .check = conf_rule_trusted },
	INT("max", max, FLT, 1, FLEET_SHARED_MAX),
	INT("block_s", block_s, FLT, 1, 30 * 86400),
};
static const struct json_shape fleet_shape = SHAPE(fleet_fields, NULL);

#define NETS(k, m, n) { .key = (k), .kind = JSON_K_STRING_ARRAY, \
	.off = offsetof(CAM, m), .size = sizeof(struct addr_net), \
	.count_off = offsetof(CAM, n), .max_elems = CONF_NETS_MAX, \
	.check = conf_rule_net }

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
	STRC("block_backend", ids.block_backend, CAM, conf_rule_backend),
	STRC("block_file", ids.block_file, CAM, conf_rule_path),
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
	STRC("state_file", ids.state_file, CAM, conf_rule_path),
	OBJ("fleet", ids.fleet, CAM, &fleet_shape),
};

#define TLS struct conf_tls
static const struct json_field mqtt_tls_fields[] = {
	STRC("ca_file", ca_file, TLS, conf_rule_path),
	STRC("cert_file", cert_file, TLS, conf_rule_path),
	STRC("key_file", key_file, TLS, conf_rule_path),
};
static const struct json_field status_tls_fields[] = {
	STRC("cert_file", cert_file, TLS, conf_rule_path),
	STRC("key_file", key_file, TLS, conf_rule_path),
};
static const struct json_shape mqtt_tls_shape = SHAPE(mqtt_tls_fields,
    post_client_tls);
static const struct json_shape status_tls_shape = SHAPE(status_tls_fields,
    post_client_tls);

static const struct json_field mqtt_fields[] = {
	BOOL("enabled", mqtt.enabled, CAM),
	STRC("host", mqtt.host, CAM, conf_rule_ip),
	INT("port", mqtt.port, CAM, 1, 65535),
	STRC("client_id", mqtt.client_id, CAM, conf_rule_camera_id),
	STR("username", mqtt.username, CAM),
	STRC("password_file", mqtt.password_file, CAM, conf_rule_path),
	OBJ("tls", mqtt.tls, CAM, &mqtt_tls_shape),
	STRC("topic_root", mqtt.topic_root, CAM, conf_rule_topic),
	INT("keepalive_s", mqtt.keepalive_s, CAM, 5, 3600),
	INT("queue_max", mqtt.queue_max, CAM, 1, 65536),
	BOOL("ha_discovery", mqtt.ha_discovery, CAM),
	BOOL("ha_discovery_checks", mqtt.ha_discovery_checks, CAM),
	STRC("ha_prefix", mqtt.ha_prefix, CAM, conf_rule_topic),
	INT("republish_jitter_ms", mqtt.republish_jitter_ms, CAM, 0, 60000),
};

static const struct json_field status_fields[] = {
	BOOL("enabled", status.enabled, CAM),
	STRC("listen", status.listen, CAM, conf_rule_listen),
	STRC("token_file", status.token_file, CAM, conf_rule_path),
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
	return conf_rule_copy_str(dst, size, s, len, msg, msgsz);
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
	STRC("user", run.user, CAM, conf_rule_nonempty),
	STRC("pid_file", run.pid_file, CAM, conf_rule_path),
	STRC("control_socket", run.control_socket, CAM, conf_rule_socket),
	STRC("sandbox", run.sandbox, CAM, conf_rule_onoff),
};

static const struct json_field siem_fields[] = {
	STRC("target", siem.target, CAM, conf_rule_siem_target),
	STRC("ca_file", siem.tls.ca_file, CAM, conf_rule_path),
	STRC("cert_file", siem.tls.cert_file, CAM, conf_rule_path),
	STRC("key_file", siem.tls.key_file, CAM, conf_rule_path),
	STRC("hostname", siem.hostname, CAM, conf_rule_optional_name),
	STRC("app_name", siem.app_name, CAM, conf_rule_app_name),
	STRC("facility", siem.facility, CAM, conf_rule_facility),
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
	/* the empty tables (waivers, networks) stay out of memory */
	sparse_zero(c, sizeof(*c));
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
