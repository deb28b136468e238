/*
 * live.c - where a live scan's probes go (spec section 5) and which
 * listeners they look for (spec section 6, VG-01 and VG-03).
 *
 * Owns reading the port roles ("http", "http_ports", "https",
 * "https_port", "rtsp_port", "onvif_port", "onvif_path",
 * "discovery_port") from whichever policy check names them, so
 * that no configuration key appears in C, and deciding whether the host
 * probes apply (camera.url on loopback: camguard runs on the camera).
 * Does not probe (platform/probe.c) nor judge (check_live.c).
 */
#include <string.h>
#include <unistd.h>

#include "check/camcfg.h"
#include "check/check_eval.h"
#include "check/check_live.h"
#include "check/live.h"
#include "check/policy.h"
#include "core/addr.h"
#include "core/conf.h"
#include "proto/http_url.h"

#define LIVE_RTSP_STD_PORT	554
#define LIVE_WSD_STD_PORT	3702	/* WS-Discovery, SOAP over UDP */
#define LIVE_ONVIF_STD_PATH	"/onvif/device_service"	/* ONVIF Core 5.1 */

/* A role of any check of the policy (the first that names it). */
static bool
live_role(const struct chk_env *env, const char *role, struct chk_val *v)
{
	const struct policy *p = env->policy;
	enum policy_lookup r;
	size_t i;

	v->s = NULL;
	v->len = 0;
	for (i = 0; i < p->n_checks; i++) {
		if (!policy_key_find(&p->checks[i], role))
			continue;
		r = policy_value(p, &p->checks[i], env->cfg, role, &v->s,
		    &v->len);
		if (!v->s)
			v->len = 0;
		return r == POLICY_FOUND || r == POLICY_DEFAULTED;
	}
	return false;
}

/* The first port of a list role; std when absent or empty. */
static uint16_t
live_port(const struct chk_env *env, const char *role, long std)
{
	struct chk_val v, item;
	size_t pos = 0;
	long port;

	if (!live_role(env, role, &v) ||
	    !camcfg_list_next(v.s, v.len, &pos, &item.s, &item.len))
		return (uint16_t)std;
	if (!chk_val_int(item, 1, 65535, &port))
		return 0;
	return (uint16_t)port;
}

/* Port of a service the configuration turns on, 0 when it is off. */
static uint16_t
live_service(const struct chk_env *env, const char *on_role,
    const char *port_role, long std)
{
	struct chk_val on;

	if (!live_role(env, on_role, &on) || !chk_val_is(on, "1"))
		return 0;
	return live_port(env, port_role, std);
}

static bool
live_host_is_loopback(const char *host)
{
	struct addr_net a;
	static const uint8_t v6_loop[16] = { [15] = 1 };

	if (!strcmp(host, "localhost"))
		return true;
	if (addr_parse_ip(host, strlen(host), &a) != 0)
		return false;
	if (a.family == 4)
		return a.bytes[0] == 127;
	return !memcmp(a.bytes, v6_loop, sizeof(v6_loop));
}

/* A path we may put in a request line: "/..." of printable ASCII. */
static bool
live_path_ok(struct chk_val v)
{
	size_t i;

	if (v.len == 0 || v.len >= NET_PATH_MAX || v.s[0] != '/')
		return false;
	for (i = 0; i < v.len; i++)
		if ((unsigned char)v.s[i] <= ' ' ||
		    (unsigned char)v.s[i] >= 0x7f)
			return false;
	return true;
}

/*
 * The ONVIF device service: on the web probes' port and scheme unless
 * the configuration names a port of its own, at the path it names (an
 * unusable path leaves onvif_path empty, which the probe reports).
 */
static void
live_onvif(const struct chk_env *env, struct probe_target *t)
{
	uint16_t web = t->http_port ? t->http_port : t->https_port;
	struct chk_val path;

	if (!web)
		return;
	t->onvif_tls = !t->http_port;
	t->onvif_port = live_port(env, "onvif_port", web);
	if (!live_role(env, "onvif_path", &path) || path.len == 0)
		snprintf(t->onvif_path, sizeof(t->onvif_path), "%s",
		    LIVE_ONVIF_STD_PATH);
	else if (live_path_ok(path))
		snprintf(t->onvif_path, sizeof(t->onvif_path), "%.*s",
		    (int)path.len, path.s);
}

bool
live_url_local(const char *url)
{
	struct http_url u;

	return http_url_parse(url, strlen(url), &u) == HTTP_URL_OK &&
	    live_host_is_loopback(u.host);
}

static void
live_ports(struct probe_target *t)
{
	static const uint16_t tcp[] = CHK_LIVE_TCP_PORTS;
	static const uint16_t udp[] = CHK_LIVE_UDP_PORTS;

	_Static_assert(sizeof(tcp) / sizeof(tcp[0]) <= PROBE_PORTS_MAX &&
	    sizeof(udp) / sizeof(udp[0]) <= PROBE_PORTS_MAX, "ports fit");
	t->n_tcp = sizeof(tcp) / sizeof(tcp[0]);
	t->n_udp = sizeof(udp) / sizeof(udp[0]);
	memcpy(t->tcp_ports, tcp, sizeof(tcp));
	memcpy(t->udp_ports, udp, sizeof(udp));
}

int
live_target(const struct chk_env *env, const struct conf *conf,
    const char *url, struct probe_target *t, FILE *errf)
{
	struct http_url u;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((rc = http_url_parse(url, strlen(url), &u)) != HTTP_URL_OK) {
		fprintf(errf, "camguard: no live probes: camera URL %s: %s\n",
		    url, http_url_strerror(rc));
		return -1;
	}
	snprintf(t->host, sizeof(t->host), "%s", u.host);
	t->host_local = !env->remote && live_host_is_loopback(u.host);
	t->http_port = live_service(env, "http", "http_ports",
	    CHK_HTTP_STD_PORT);
	t->https_port = live_service(env, "https", "https_port",
	    CHK_HTTPS_STD_PORT);
	t->rtsp_port = live_port(env, "rtsp_port", LIVE_RTSP_STD_PORT);
	live_onvif(env, t);
	t->wsd_port = live_port(env, "discovery_port", LIVE_WSD_STD_PORT);
	snprintf(t->ca_file, sizeof(t->ca_file), "%s",
	    conf->camera.ca_file[0] ? conf->camera.ca_file :
	    env->policy->ca_bundle);
	snprintf(t->proc_root, sizeof(t->proc_root), "%s",
	    conf->camera.proc_root);
	t->timeout_ms = conf->camera.timeout_ms > 0 ?
	    (long)conf->camera.timeout_ms : 3000;
	t->login_user = CHK_FACTORY_USER;
	t->login_password = CHK_FACTORY_PASSWORD;
	live_ports(t);
	return 0;
}

const struct probe *
live_probe(const struct chk_env *env, const struct conf *conf,
    const char *url, struct probe *out, FILE *errf)
{
	struct probe_target t;

	if (live_target(env, conf, url, &t, errf) < 0)
		return NULL;
	probe_run(&t, out);
	return out;
}

int
live_ids_readable(const struct conf *conf)
{
	size_t i;
	int n = 0;

	if (!conf->ids.enabled)
		return -1;
	for (i = 0; i < conf->ids.n_sources; i++)
		n += access(conf->ids.sources[i].path, R_OK) == 0;
	return n;
}
