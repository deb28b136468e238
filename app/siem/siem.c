/*
 * siem.c - the SIEM service of `camguard run`: events in, settings.
 *
 * Owns turning what the daemon reports (IDS decisions, scans, operator
 * commands, start, stop, reloads) into queued events (siem_event.h) and
 * the siem section of a reload.  The queue's stamps, the header every
 * message carries, the connection and the wire are siem_conn.c's; the
 * message text is siem_event.c's.
 *
 * The service is always in the daemon's table and idles while
 * siem.target is "", so that a reload can turn a collector on.  Sending
 * waits for the camera's id (camera.id, else the first scan's, else the
 * host name after SIEM_ID_WAIT_MS), so that every message names the
 * same camera; events are queued meanwhile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check/check.h"
#include "check/policy.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/sparse.h"
#include "platform/net/net_tls.h"
#include "siem/siem.h"
#include "siem/siem_priv.h"

#define SIEM_ID_WAIT_MS		10000	/* for the first scan's camera */
#define SIEM_EPOCH_MIN		1000000000 /* below: monotonic seconds */

static uint64_t
clock_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec;
}

/* After events were added: out they go, if the collector is there. */
static void
kick(struct siem *m)
{
	siem_conn_pump(m);
	siem_conn_stats(m);
}

static void
set_ready(struct siem *m)
{
	if (m->ready)
		return;
	m->ready = true;
	loop_timer_cancel(m->loop, m->t_id);
	m->t_id = 0;
	if (m->state == SIEM_WAIT && m->t_retry == 0)
		siem_conn_start(m);
}

static void
id_due(void *arg)
{
	struct siem *m = arg;

	m->t_id = 0;
	if (!m->ready)
		log_info("siem: no scan yet; the camera is %s (host name)",
		    m->hostname);
	set_ready(m);
}

/* ---- settings --------------------------------------------------------- */

static bool
target_differs(const struct conf *a, const struct conf *b)
{
	return strcmp(a->siem.target, b->siem.target) ||
	    strcmp(a->siem.tls.ca_file, b->siem.tls.ca_file) ||
	    strcmp(a->siem.tls.cert_file, b->siem.tls.cert_file) ||
	    strcmp(a->siem.tls.key_file, b->siem.tls.key_file) ||
	    strcmp(a->siem.hostname, b->siem.hostname);
}

static void
describe(const struct siem *m)
{
	const struct conf *c = &m->conf;

	if (c->siem.proto == CONF_SIEM_NONE) {
		log_info("siem: no collector (siem.target is empty)");
		return;
	}
	log_info("siem: collector %s%s%s, facility %s, app %s, queue %lld",
	    c->siem.target, c->siem.hostname[0] ? " verified as " : "",
	    c->siem.hostname, conf_facility_name(c->siem.facility),
	    c->siem.app_name, c->siem.queue_max);
}

/* Take c's siem section: queue size, a new target (reconnect). */
static int
settings_take(struct siem *m, const struct conf *c, bool first)
{
	bool on = c->siem.proto != CONF_SIEM_NONE;
	bool differ = first || target_differs(&m->conf, c);

	if (on && (m->q.cap == 0 ?
	    siem_queue_init(&m->q, (size_t)c->siem.queue_max) :
	    siem_queue_resize(&m->q, (size_t)c->siem.queue_max)) < 0) {
		log_warn("siem: queue of %lld", c->siem.queue_max);
		return -1;
	}
	if (differ) {
		siem_conn_close(m, true);
		loop_timer_cancel(m->loop, m->t_retry);
		m->t_retry = 0;
		net_tls_server_free(m->tls);
		m->tls = NULL;
	}
	if (!on && m->q.cap)
		siem_queue_clear(&m->q);	/* counted as dropped */
	sparse_copy(&m->conf, c, sizeof(m->conf));
	m->state = on ? (m->state == SIEM_IDLE ? SIEM_WAIT : m->state) :
	    SIEM_IDLE;
	if (c->camera.id[0])
		m->ready = true;
	if (on && differ) {
		/* read the files now; a failure is retried at each connect */
		siem_conn_tls_load(m);
		siem_conn_start(m);
	}
	siem_conn_stats(m);
	return 0;
}

/* ---- the service ------------------------------------------------------ */

/* Always: an empty target idles, and a reload may set one. */
static bool
siem_enabled(const struct daemon_view *v)
{
	(void)v;
	return true;
}

static void *
siem_start(struct loop *loop, struct daemon_view *view)
{
	struct siem *m = calloc(1, sizeof(*m));
	struct siem_event *e;

	if (!m) {
		log_warn("siem");
		return NULL;
	}
	m->loop = loop;
	m->view = view;
	m->fd = -1;
	m->backoff_ms = 1000;
	m->jitter = ((uint64_t)getpid() << 32) ^ clock_s() ^
	    0x9e3779b97f4a7c15u;
	if (gethostname(m->hostname, sizeof(m->hostname) - 1) < 0)
		m->hostname[0] = '\0';
	snprintf(m->procid, sizeof(m->procid), "%ld", (long)getpid());
	if (settings_take(m, view->conf, true) < 0) {
		free(m);
		return NULL;
	}
	describe(m);
	if ((e = siem_conn_event(m, SIEM_EV_START)))
		snprintf(e->u.life.version, sizeof(e->u.life.version), "%s",
		    CAMGUARD_VERSION);
	if (!m->ready && (m->t_id = loop_timer_add(loop, SIEM_ID_WAIT_MS,
	    id_due, m)) < 0)
		m->t_id = 0;
	kick(m);
	return m;
}

static int
siem_apply(void *arg, struct daemon_view *v)
{
	struct siem *m = arg;
	bool differ = target_differs(&m->conf, v->conf);

	if (settings_take(m, v->conf, false) < 0)
		return -1;
	if (differ)
		describe(m);
	kick(m);
	return 0;
}

static const struct chk_record *
record_find(const struct chk_scan *s, size_t hint, const struct chk_def *def)
{
	size_t i;

	if (hint < s->n_records && s->records[hint].def == def)
		return &s->records[hint];
	for (i = 0; i < s->n_records && i < CHK_CATALOGUE_MAX; i++)
		if (s->records[i].def == def)
			return &s->records[i];
	return NULL;
}

/* One CHECK per result that changed since the previous scan. */
static void
queue_changes(struct siem *m, const struct chk_scan *prev,
    const struct chk_scan *cur)
{
	const struct chk_record *r, *old;
	struct siem_event *e;
	size_t i;

	for (i = 0; i < cur->n_records && i < CHK_CATALOGUE_MAX; i++) {
		r = &cur->records[i];
		old = record_find(prev, i, r->def);
		if (!r->def || !old || old->result == r->result ||
		    !(e = siem_conn_event(m, SIEM_EV_CHECK)))
			continue;
		snprintf(e->u.check.id, sizeof(e->u.check.id), "%s",
		    r->def->id);
		e->u.check.from = old->result;
		e->u.check.to = r->result;
		e->u.check.time = (int64_t)cur->time;
		e->u.check.severity = r->pc ? r->pc->severity : CHK_SEV_INFO;
		if (r->pc)
			snprintf(e->u.check.title, sizeof(e->u.check.title),
			    "%s", r->pc->title);
	}
}

static void
queue_summary(struct siem *m, const struct daemon_view *v)
{
	const struct chk_scan *s = v->scan;
	struct siem_event *e = siem_conn_event(m, SIEM_EV_SCAN);

	if (!e)
		return;
	e->u.scan.n = v->scans;
	e->u.scan.counts = s->counts;
	e->u.scan.score_valid = s->score_valid;
	e->u.scan.score = s->score;
	snprintf(e->u.scan.model, sizeof(e->u.scan.model), "%s", s->model);
	snprintf(e->u.scan.firmware, sizeof(e->u.scan.firmware), "%s",
	    s->firmware);
	snprintf(e->u.scan.state, sizeof(e->u.scan.state), "%s",
	    s->state_sha256);
}

static void
siem_scan_done(void *arg, struct daemon_view *v)
{
	struct siem *m = arg;

	if (!v->scan)
		return;
	if (v->prev)
		queue_changes(m, v->prev, v->scan);
	queue_summary(m, v);
	set_ready(m);
	kick(m);
}

/*
 * The live detector runs on CLOCK_MONOTONIC seconds (ids.h); messages
 * carry wall-clock times.  0 stays 0; a value that already looks like
 * epoch time (a replayed log) is left alone.
 */
static int64_t
mono_to_epoch(int64_t t)
{
	if (t <= 0 || t >= SIEM_EPOCH_MIN)
		return t;
	return t - (int64_t)clock_s() + (int64_t)time(NULL);
}

static void
siem_decision(void *arg, struct daemon_view *v, const struct ids_decision *d,
    int64_t until_epoch)
{
	static const enum siem_kind kinds[] = { [IDS_ALARM] = SIEM_EV_ALARM,
		[IDS_BLOCK] = SIEM_EV_BLOCK, [IDS_RELEASE] = SIEM_EV_RELEASE };
	struct siem *m = arg;
	struct siem_event *e;

	(void)v;
	if ((unsigned)d->action >= sizeof(kinds) / sizeof(kinds[0]) ||
	    !(e = siem_conn_event(m, kinds[d->action])))
		return;
	e->u.ids.d = *d;
	e->u.ids.d.origin = NULL;	/* valid during the call only */
	if (d->origin)
		snprintf(e->u.ids.origin, sizeof(e->u.ids.origin), "%s",
		    d->origin);
	e->u.ids.d.ts = mono_to_epoch(d->ts);
	e->u.ids.d.first_seen = mono_to_epoch(d->first_seen);
	e->u.ids.d.last_seen = mono_to_epoch(d->last_seen);
	e->u.ids.until = until_epoch;
	kick(m);
}

static void
siem_audit(void *arg, struct daemon_view *v, const char *who,
    const char *what, const char *result)
{
	struct siem *m = arg;
	struct siem_event *e;

	(void)v;
	e = siem_conn_event(m, strcmp(what, "reload") == 0 ? SIEM_EV_RELOAD :
	    SIEM_EV_COMMAND);
	if (!e)
		return;
	snprintf(e->u.audit.who, sizeof(e->u.audit.who), "%s", who);
	snprintf(e->u.audit.what, sizeof(e->u.audit.what), "%s", what);
	snprintf(e->u.audit.result, sizeof(e->u.audit.result), "%s", result);
	kick(m);
}

static void
siem_stop(void *arg, struct daemon_view *v)
{
	struct siem *m = arg;
	struct siem_event *e;

	if ((e = siem_conn_event(m, SIEM_EV_STOP))) {
		snprintf(e->u.life.version, sizeof(e->u.life.version), "%s",
		    CAMGUARD_VERSION);
		e->u.life.uptime_s = (int64_t)time(NULL) - v->started;
	}
	loop_timer_cancel(m->loop, m->t_id);
	if (m->state != SIEM_IDLE)
		siem_conn_flush(m);
	siem_conn_close(m, false);
	loop_timer_cancel(m->loop, m->t_retry);
	if (m->q.len)
		log_warnx("siem: %zu messages not known to have reached %s",
		    m->q.len, m->conf.siem.target);
	v->siem.connected = false;
	net_tls_server_free(m->tls);
	siem_queue_free(&m->q);
	free(m);
}

const struct service_ops siem_service = {
	.name = "siem",
	.enabled = siem_enabled,
	.start = siem_start,
	.apply = siem_apply,
	.scan_done = siem_scan_done,
	.decision = siem_decision,
	.audit = siem_audit,
	.stop = siem_stop,
};
