/*
 * probe.c - the network probes of a live scan: the camera's web server
 * (the one default-credential login, the public pages, robots.txt), its
 * TLS service (the chain, TLS 1.0 and 1.1 handshakes) and its RTSP
 * service (DESCRIBE without credentials), its ONVIF device service and
 * WS-Discovery (probe_onvif.c); then the host probes of procnet.c.
 *
 * Owns the order of the probes, the run's deadline budget and the rule
 * that a port which timed out or refused is not tried again in the same
 * run, so that a black-holed port costs one deadline, not one per probe.
 * Requests go through net.h; nothing here judges a check.  Not reentrant
 * (one static reply buffer): the daemon and `check` probe one camera at
 * a time.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "platform/camera.h"
#include "platform/net/net.h"
#include "platform/probe.h"
#include "platform/probe_onvif.h"

#define PROBE_LOGIN_BODY	"helo\nquit\n"	/* the API's no-op */
#define PROBE_DEAD_MAX		4		/* web, HTTPS, RTSP, ONVIF */

struct dead_port {
	uint16_t	port;
	enum probe_st	st;
	char		why[PROBE_WHY_MAX];
};

struct run {
	const struct probe_target *t;
	struct probe		*p;
	int64_t			 budget_end;	/* monotonic ms */
	size_t			 n_dead;
	struct dead_port	 dead[PROBE_DEAD_MAX];
};

static char reply[PROBE_REPLY_MAX];
static struct net_response resp;

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *
probe_st_name(enum probe_st st)
{
	switch (st) {
	case PROBE_NOT_RUN:
		return "not_run";
	case PROBE_OK:
		return "ok";
	case PROBE_TIMEOUT:
		return "timeout";
	case PROBE_REFUSED:
		return "refused";
	case PROBE_ERROR:
		break;
	}
	return "error";
}

static enum probe_st
st_of(int rc)
{
	switch (rc) {
	case NET_OK:
		return PROBE_OK;
	case NET_E_TIMEOUT:
		return PROBE_TIMEOUT;
	case NET_E_REFUSED:
		return PROBE_REFUSED;
	default:
		return PROBE_ERROR;
	}
}

/*
 * Whether port may be probed now; when not, *st and why say why (it
 * timed out or refused before, or the budget is spent).  *timeout_ms is
 * the deadline the next exchange may use.
 */
static bool
gate(struct run *r, uint16_t port, enum probe_st *st, char *why,
    size_t whysz, long *timeout_ms)
{
	int64_t left = r->budget_end - mono_ms();
	size_t i;

	for (i = 0; i < r->n_dead; i++) {
		if (r->dead[i].port != port)
			continue;
		*st = r->dead[i].st;
		snprintf(why, whysz, "%s", r->dead[i].why);
		return false;
	}
	if (left < 1) {
		*st = PROBE_TIMEOUT;
		snprintf(why, whysz, "probe budget spent");
		return false;
	}
	*timeout_ms = left < r->t->timeout_ms ? (long)left : r->t->timeout_ms;
	return true;
}

/* A port that timed out or refused is not tried again in this run. */
static void
note_port(struct run *r, uint16_t port, enum probe_st st, const char *why)
{
	struct dead_port *d;

	if ((st != PROBE_TIMEOUT && st != PROBE_REFUSED) ||
	    r->n_dead >= PROBE_DEAD_MAX)
		return;
	d = &r->dead[r->n_dead++];
	d->port = port;
	d->st = st;
	snprintf(d->why, sizeof(d->why), "%s", why);
}

static void
make_url(const struct run *r, const char *scheme, uint16_t port,
    const char *path, char *url, size_t urlsz)
{
	const char *h = r->t->host;

	snprintf(url, urlsz, strchr(h, ':') ? "%s://[%s]:%u%s" :
	    "%s://%s:%u%s", scheme, h, port, path);
}

/* After a request: its end, its status, why it failed. */
static void
record_http(struct run *r, uint16_t port, int rc, struct probe_http *h)
{
	h->st = st_of(rc);
	h->status = resp.status;
	if (rc == NET_E_TOO_BIG && resp.status > 0)
		h->st = PROBE_OK;	/* the status is all we wanted */
	if (h->st != PROBE_OK)
		snprintf(h->why, sizeof(h->why), "%s", net_strerror(rc));
	note_port(r, port, h->st, h->why);
}

/* One request to the web server; false when it was not sent. */
static bool
web_request(struct run *r, struct net_request *rq, const char *path,
    struct probe_http *h)
{
	struct probe_web *w = &r->p->web;
	char url[NET_HOST_MAX + NET_PATH_MAX + 32];

	if (!gate(r, w->port, &h->st, h->why, sizeof(h->why),
	    &rq->timeout_ms))
		return false;
	make_url(r, w->scheme, w->port, path, url, sizeof(url));
	rq->url = url;
	rq->buf = reply;
	rq->bufsz = sizeof(reply);
	rq->tls.min_version = NET_TLS_1_0;	/* pages, not TLS, matter */
	record_http(r, w->port, net_request(rq, &resp), h);
	return true;
}

/* The one default-credential attempt; its 401 tells the schemes. */
static void
web_login(struct run *r)
{
	struct probe_web *w = &r->p->web;
	struct net_request rq = { .method = "POST",
		.content_type = "text/plain", .body = PROBE_LOGIN_BODY,
		.body_len = sizeof(PROBE_LOGIN_BODY) - 1,
		.user = r->t->login_user, .password = r->t->login_password };

	if (!web_request(r, &rq, CAMERA_API_PATH, &w->login))
		return;
	w->login_sent = resp.auth_sent;
	w->offers_basic = resp.offered_basic;
	w->offers_digest = resp.offered_digest;
}

static void
web_pages(struct run *r)
{
	static const char *const pages[PROBE_N_PAGES] = PROBE_PAGES;
	struct probe_web *w = &r->p->web;
	size_t i;

	for (i = 0; i < PROBE_N_PAGES; i++) {
		struct net_request rq = { .method = "GET" };

		(void)web_request(r, &rq, pages[i], &w->pages[i]);
	}
}

static void
web_robots(struct run *r)
{
	struct probe_web *w = &r->p->web;
	struct net_request rq = { .method = "GET" };
	size_t n;

	if (!web_request(r, &rq, PROBE_ROBOTS, &w->robots) ||
	    w->robots.st != PROBE_OK || !resp.body)
		return;
	n = resp.body_len < sizeof(w->robots_body) - 1 ? resp.body_len :
	    sizeof(w->robots_body) - 1;
	memcpy(w->robots_body, resp.body, n);
	w->robots_body[n] = '\0';
	w->robots_len = n;
}

/* Web probes over HTTP when the configuration has it on, else HTTPS. */
static void
probe_web(struct run *r)
{
	const struct probe_target *t = r->t;
	struct probe_web *w = &r->p->web;

	if (t->http_port || t->https_port) {
		snprintf(w->scheme, sizeof(w->scheme), "%s", t->http_port ?
		    "http" : "https");
		w->port = t->http_port ? t->http_port : t->https_port;
		web_login(r);
		web_pages(r);
		web_robots(r);
	}
}

/* One handshake between versions lo and hi: how it ended. */
static enum probe_st
tls_try(struct run *r, enum net_tls_ver lo, enum net_tls_ver hi,
    struct net_tls_info *info, char *why, size_t whysz)
{
	const struct probe_target *t = r->t;
	struct net_tls_opts o = { .min_version = lo, .max_version = hi };
	char err[NET_ERR_MAX];
	enum probe_st st;
	long tmo;
	int rc;

	if (!gate(r, t->https_port, &st, why, whysz, &tmo))
		return st;
	if (lo == NET_TLS_ANY)	/* the chain is verified once, here */
		o.ca_file = t->ca_file;
	rc = net_tls_probe(t->host, t->https_port, &o, tmo, info, err,
	    sizeof(err));
	st = st_of(rc);
	if (st != PROBE_OK)
		snprintf(why, whysz, "%s", net_strerror(rc));
	note_port(r, t->https_port, st, why);
	return st;
}

/* A capped hello the server turned down ends in a TLS or I/O error. */
static enum probe_st
tls_capped(struct run *r, enum net_tls_ver v, struct net_tls_info *info)
{
	char why[PROBE_WHY_MAX];
	enum probe_st st = tls_try(r, v, v, info, why, sizeof(why));

	if (st == PROBE_ERROR)
		return PROBE_REFUSED;
	return st;
}

static void
probe_tls(struct run *r)
{
	static struct net_tls_info capped;
	struct probe_tls *tls = &r->p->tls;

	tls->port = r->t->https_port;
	if (!tls->port)
		return;
	tls->ca_given = r->t->ca_file[0] != '\0';
	tls->st = tls_try(r, NET_TLS_ANY, NET_TLS_ANY, &tls->info, tls->why,
	    sizeof(tls->why));
	tls->have_chain = tls->st == PROBE_OK;
	if (tls->st == PROBE_REFUSED || tls->st == PROBE_TIMEOUT) {
		tls->tls10 = tls->tls11 = tls->st;
		return;
	}
	tls->tls10 = tls_capped(r, NET_TLS_1_0, &capped);
	if (tls->tls10 == PROBE_OK && !tls->have_chain) {
		tls->info = capped;
		tls->have_chain = true;
	}
	tls->tls11 = tls_capped(r, NET_TLS_1_1, &capped);
	if (tls->tls11 == PROBE_OK && !tls->have_chain) {
		tls->info = capped;
		tls->have_chain = true;
	}
}

static void
probe_rtsp(struct run *r)
{
	struct probe_rtsp *rt = &r->p->rtsp;
	char url[NET_HOST_MAX + 64];
	long tmo;

	rt->port = r->t->rtsp_port;
	if (!rt->port || !gate(r, rt->port, &rt->describe.st,
	    rt->describe.why, sizeof(rt->describe.why), &tmo))
		return;
	make_url(r, "rtsp", rt->port, PROBE_RTSP_PATH, url, sizeof(url));
	record_http(r, rt->port, net_rtsp_probe(url, "DESCRIBE", tmo, reply,
	    sizeof(reply), &resp), &rt->describe);
}

/* GetDeviceInformation and GetUsers, without credentials. */
static void
probe_onvif(struct run *r)
{
	const struct probe_target *t = r->t;
	struct probe_onvif *o = &r->p->onvif;
	char url[NET_HOST_MAX + NET_PATH_MAX + 32];
	struct probe_http *h;
	size_t i;
	long tmo;

	if (!t->onvif_port)
		return;
	o->port = t->onvif_port;
	snprintf(o->scheme, sizeof(o->scheme), t->onvif_tls ? "https" : "http");
	snprintf(o->path, sizeof(o->path), "%s", t->onvif_path);
	make_url(r, o->scheme, o->port, o->path, url, sizeof(url));
	for (i = 0; i < PROBE_ONVIF_N_OPS; i++) {
		h = &o->ops[i].http;
		if (!o->path[0]) {
			h->st = PROBE_ERROR;
			snprintf(h->why, sizeof(h->why), "no usable path");
		} else if (gate(r, o->port, &h->st, h->why, sizeof(h->why),
		    &tmo)) {
			record_http(r, o->port, probe_onvif_op(url,
			    (enum probe_onvif_op)i, tmo, reply, sizeof(reply),
			    &resp, &o->ops[i]), h);
		}
	}
}

/* The Probe's answer, waited for within its deadline and the budget. */
static void
probe_wsd_end(struct run *r, struct probe_wsd_flight *f)
{
	int64_t until = f->sent_ms + r->t->timeout_ms;

	if (until > r->budget_end)
		until = r->budget_end;
	probe_wsd_collect(f, (long)(until - mono_ms()), reply, sizeof(reply),
	    &r->p->wsd);
}

/* Not on the camera: ask its TCP ports themselves (VG-01). */
static void
probe_connects(struct run *r)
{
	const struct probe_target *t = r->t;
	struct probe_listen *l = &r->p->tcp;
	enum net_port_state st[PROBE_PORTS_MAX];
	int64_t left = r->budget_end - mono_ms();
	char err[NET_ERR_MAX];
	size_t i;

	l->by_connect = true;
	l->n_ports = t->n_tcp;
	memcpy(l->ports, t->tcp_ports, t->n_tcp * sizeof(t->tcp_ports[0]));
	if (left < 1) {
		l->st = PROBE_TIMEOUT;
		snprintf(l->why, sizeof(l->why), "probe budget spent");
		return;
	}
	if (net_tcp_ports(t->host, t->tcp_ports, t->n_tcp, left <
	    t->timeout_ms ? (long)left : t->timeout_ms, st, err,
	    sizeof(err)) != NET_OK) {
		l->st = PROBE_ERROR;
		snprintf(l->why, sizeof(l->why), "%.*s", (int)sizeof(l->why) - 1,
		    err);
		return;
	}
	l->st = PROBE_OK;
	for (i = 0; i < t->n_tcp; i++) {
		l->open[i] = st[i] == NET_PORT_OPEN;
		l->filtered[i] = st[i] == NET_PORT_FILTERED;
	}
}

void
probe_run(const struct probe_target *t, struct probe *p)
{
	int64_t start = mono_ms();
	struct run r = { .t = t, .p = p };
	struct probe_wsd_flight wsd = { .fd = -1 };

	memset(p, 0, sizeof(*p));
	p->time = time(NULL);
	p->host_local = t->host_local;
	r.budget_end = start + (int64_t)PROBE_BUDGET_TIMEOUTS * t->timeout_ms;
	if (t->wsd_port)
		probe_wsd_send(t->host, t->wsd_port, &wsd, &p->wsd);
	probe_web(&r);
	probe_onvif(&r);
	probe_tls(&r);
	probe_rtsp(&r);
	if (t->host_local) {
		probe_listeners(t->proc_root, true, t->tcp_ports, t->n_tcp,
		    &p->tcp);
		probe_listeners(t->proc_root, false, t->udp_ports, t->n_udp,
		    &p->udp);
		probe_ifaddrs(&p->ifaddrs);
	} else if (t->n_tcp > 0) {
		probe_connects(&r);
	}
	probe_wsd_end(&r, &wsd);
	p->elapsed_ms = (long)(mono_ms() - start);
}
