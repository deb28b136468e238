/*
 * mqtt.c - the MQTT service of `camguard run`: libmosquitto in the loop.
 *
 * Owns the broker connection (numeric address, TLS, username and the
 * password read from password_file), the Last Will, the reconnect
 * schedule (1 s doubling to 60 s, with jitter), the bounded queue of
 * non-retained messages (alarms, result changes) that waits while the
 * broker is away, the commands that come in (cmd/rescan,
 * cmd/republish), and the decision of when to publish: every retained
 * topic is rebuilt from memory on each (re)connect and on cmd/republish,
 * and afterwards only what a scan or a block changed.  What is published
 * (topics and payloads, Home Assistant discovery) is mqtt_publish.c's,
 * the configuration checks mqtt_settings.c's; the daemon owns scans and
 * the IDS.
 *
 * libmosquitto runs without threads: its socket is a loop descriptor
 * (POLLOUT only while it wants to write, asked for in a before-poll
 * hook), mosquitto_loop_misc runs from a 1 s timer, and the connection
 * is opened with mosquitto_connect_bind_async, which on a numeric
 * address neither resolves nor waits.  A connection that is not
 * acknowledged within MQTT_CONNECT_MS is abandoned.  Messages that leave
 * the queue are handed to libmosquitto MQTT_INFLIGHT_MAX at a time and
 * leave the queue on PUBACK, so a dropped connection loses nothing that
 * was queued: the handle is reinitialised before every attempt and the
 * unacknowledged entries go out again (at least once).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mosquitto.h>

#include "check/check.h"
#include "core/cg_limits.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/sparse.h"
#include "mqtt/mqtt.h"
#include "mqtt/mqtt_cmd.h"
#include "mqtt/mqtt_publish.h"
#include "mqtt/mqtt_queue.h"
#include "mqtt/mqtt_relay.h"
#include "mqtt/mqtt_settings.h"
#include "mqtt/topics.h"

#define MQTT_BACKOFF_MIN_MS	1000	/* first retry after a failure */
#define MQTT_BACKOFF_MAX_MS	60000	/* retries settle at this */
#define MQTT_CONNECT_MS		10000	/* TCP + TLS + CONNACK */
#define MQTT_MISC_MS		1000	/* keepalive bookkeeping */
#define MQTT_ID_WAIT_MS		10000	/* for the scan's camera */
#define MQTT_STOP_FLUSH_MS	1000	/* SIGTERM: offline gets out */
#define MQTT_STATUS_DELAY_MS	1000	/* coalesce status updates */

static void	mqtt_connect(void *);
static void	status_due(void *);
static void	conn_lost(struct mqtt *, const char *why);

static uint64_t
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static uint64_t
clock_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void
timer_set(struct mqtt *m, int64_t *id, uint64_t ms, loop_timer_cb cb)
{
	loop_timer_cancel(m->loop, *id);
	if ((*id = loop_timer_add(m->loop, ms, cb, m)) < 0)
		log_warn("mqtt: timer");
}

static void
timer_off(struct mqtt *m, int64_t *id)
{
	loop_timer_cancel(m->loop, *id);
	*id = 0;
}

/* ---- the queue -------------------------------------------------------- */

/* Lose the oldest message that is not in flight (or the oldest). */
static void
q_drop_oldest(struct mqtt *m)
{
	struct mqtt_queue *q = &m->q;

	if (q->nsent < q->len)
		mqtt_q_remove_at(q, q->nsent);
	else
		mqtt_q_pop(q);
	m->dropped++;
	m->view->mqtt_dropped = m->dropped;
	if (m->connected && m->t_status == 0)
		timer_set(m, &m->t_status, MQTT_STATUS_DELAY_MS, status_due);
}

static struct mqtt_qmsg *
q_push(struct mqtt *m)
{
	struct mqtt_qmsg *e;

	if (m->q.len == m->q.cap)
		q_drop_oldest(m);
	e = mqtt_q_at(&m->q, m->q.len++);
	memset(e, 0, sizeof(*e));
	return e;
}

/* ---- publishing on timers --------------------------------------------- */

static void
status_due(void *arg)
{
	struct mqtt *m = arg;

	m->t_status = 0;
	if (m->connected)
		mqtt_pub_status(m);
}

static void
blocked_due(void *arg)
{
	struct mqtt *m = arg;

	m->t_blocked = 0;
	if (m->connected)
		mqtt_pub_blocked(m);
}

/* ---- the queue on the wire -------------------------------------------- */

/* Hand queued messages to libmosquitto while there is room in flight. */
static void
q_pump(struct mqtt *m)
{
	struct mqtt_queue *q = &m->q;
	const char *suffix;
	struct mqtt_qmsg *e;
	int len, mid;

	while (m->connected && q->nsent < q->len &&
	    q->nsent < MQTT_INFLIGHT_MAX) {
		e = mqtt_q_at(q, q->nsent);
		if ((len = mqtt_queued_payload(m, e, &suffix)) < 0) {
			log_warnx("mqtt: a queued message does not fit");
			mqtt_q_remove_at(q, q->nsent);
			continue;
		}
		if ((mid = mqtt_pub_suffix(m, suffix, len, false)) < 0)
			return;
		e->sent = true;
		e->mid = mid;
		q->nsent++;
	}
}

/* ---- connection ------------------------------------------------------- */

static void
on_connect(struct mosquitto *mosq, void *arg, int rc)
{
	struct mqtt *m = arg;
	size_t n;

	(void)mosq;
	if (rc != 0) {
		log_warnx("mqtt: broker %s:%lld refused: %s", m->conf.mqtt.host,
		    m->conf.mqtt.port, mosquitto_connack_string(rc));
		return;
	}
	m->connack_us = clock_us();
	m->connected = m->view->mqtt_connected = true;
	m->backoff_ms = MQTT_BACKOFF_MIN_MS;
	timer_off(m, &m->t_conn);
	mqtt_cmd_connected(m->cmd);
	n = mqtt_pub_all(m);
	q_pump(m);
	m->measuring = true;
	log_info("mqtt: connected to %s:%lld as %s, %zu retained topics, "
	    "%zu queued", m->conf.mqtt.host, m->conf.mqtt.port, m->camera, n,
	    m->q.len);
}

static void
on_publish(struct mosquitto *mosq, void *arg, int mid)
{
	struct mqtt *m = arg;

	(void)mosq;
	if (mid == m->offline_mid)
		m->offline_acked = true;
	/* PUBACKs come in publish order (MQTT 3.1.1 section 4.6). */
	if (m->q.nsent > 0 && mqtt_q_at(&m->q, 0)->mid == mid) {
		mqtt_q_pop(&m->q);
		q_pump(m);
	}
}

/* Commands, fleet requests and shared bans: mqtt_cmd.c. */
static void
on_message(struct mosquitto *mosq, void *arg,
    const struct mosquitto_message *msg)
{
	struct mqtt *m = arg;

	(void)mosq;
	mqtt_cmd_message(m->cmd, msg);
}

static void
on_log(struct mosquitto *mosq, void *arg, int level, const char *s)
{
	char t[LOG_FIELD_MAX + 8];

	(void)mosq;
	(void)arg;
	(void)level;
	log_debug("mqtt: libmosquitto: %s", log_escape(t, sizeof(t), s,
	    strlen(s)));
}

static uint64_t
backoff_next(struct mqtt *m)
{
	uint64_t base = m->backoff_ms, x = m->jitter;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	m->jitter = x;
	if (m->backoff_ms < MQTT_BACKOFF_MAX_MS)
		m->backoff_ms = m->backoff_ms * 2 > MQTT_BACKOFF_MAX_MS ?
		    MQTT_BACKOFF_MAX_MS : m->backoff_ms * 2;
	/* 75 % to 125 % of the step */
	return base * 3 / 4 + x % (base / 2 + 1);
}

/* The socket is gone (or must go): forget it and plan the next try. */
static void
conn_lost(struct mqtt *m, const char *why)
{
	uint64_t delay;

	if (m->sock >= 0)
		loop_fd_del(m->loop, m->sock);
	m->sock = -1;
	/* the broker side's reason says more than libmosquitto's EOF */
	if (mqtt_relay_error(m->relay))
		why = mqtt_relay_error(m->relay);
	if (m->restart)
		log_info("mqtt: reconnecting with new settings");
	else
		log_warnx("mqtt: %s:%lld: %s", m->conf.mqtt.host,
		    m->conf.mqtt.port, why);
	m->connected = m->view->mqtt_connected = m->measuring = false;
	mqtt_relay_close(m->relay);
	mqtt_q_unsend(&m->q);
	timer_off(m, &m->t_conn);
	timer_off(m, &m->t_misc);
	if (!m->enabled)
		return;
	delay = m->restart ? 0 : backoff_next(m);
	m->restart = false;
	log_debug("mqtt: next attempt in %llu ms", (unsigned long long)delay);
	timer_set(m, &m->t_retry, delay, mqtt_connect);
}

static void
io_check(struct mqtt *m, int rc)
{
	if (rc == MOSQ_ERR_SUCCESS && mosquitto_socket(m->mosq) == m->sock)
		return;
	conn_lost(m, rc == MOSQ_ERR_SUCCESS ? "connection closed" :
	    rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
}

static void
on_io(int fd, short revents, void *arg)
{
	struct mqtt *m = arg;
	int rc = MOSQ_ERR_SUCCESS;

	(void)fd;
	if (revents & (POLLIN | POLLERR | POLLHUP))
		rc = mosquitto_loop_read(m->mosq, 1);
	if (rc == MOSQ_ERR_SUCCESS && m->sock >= 0 && (revents & POLLOUT))
		rc = mosquitto_loop_write(m->mosq, 1);
	if (m->sock >= 0)
		io_check(m, rc);
}

/* Before each poll: POLLOUT only while libmosquitto has bytes to send. */
static void
before_poll(void *arg)
{
	struct mqtt *m = arg;
	bool ww;

	mqtt_relay_before_poll(m->relay);
	if (m->sock < 0)
		return;
	/* the IDS's health changed: the retained status says so */
	if (m->connected && m->ids_gen != m->view->ids_gen &&
	    m->t_status == 0)
		timer_set(m, &m->t_status, MQTT_STATUS_DELAY_MS, status_due);
	ww = mosquitto_want_write(m->mosq);
	loop_fd_events(m->loop, m->sock, POLLIN | (ww ? POLLOUT : 0));
	if (m->measuring && !ww) {
		m->measuring = false;
		log_debug("mqtt: full state written %llu us after CONNACK",
		    (unsigned long long)(clock_us() - m->connack_us));
	}
}

static void
misc_due(void *arg)
{
	struct mqtt *m = arg;

	m->t_misc = 0;
	if (m->sock < 0)
		return;
	timer_set(m, &m->t_misc, MQTT_MISC_MS, misc_due);
	/* the SIEM's losses show in the status too, within a second */
	if (m->connected && m->view->siem.dropped != m->siem_told &&
	    m->t_status == 0)
		timer_set(m, &m->t_status, MQTT_STATUS_DELAY_MS, status_due);
	io_check(m, mosquitto_loop_misc(m->mosq));
}

static void
connect_due(void *arg)
{
	struct mqtt *m = arg;

	m->t_conn = 0;
	if (!m->connected && m->sock >= 0)
		conn_lost(m, "no CONNACK in time");
}

/*
 * Will, credentials and callbacks on a fresh handle.  No TLS here: the
 * relay (mqtt_relay.c) carries the connection over mbedTLS.
 */
static int
setup_handle(struct mqtt *m)
{
	int rc;

	mosquitto_connect_callback_set(m->mosq, on_connect);
	mosquitto_publish_callback_set(m->mosq, on_publish);
	mosquitto_message_callback_set(m->mosq, on_message);
	mosquitto_log_callback_set(m->mosq, on_log);
	mosquitto_int_option(m->mosq, MOSQ_OPT_TCP_NODELAY, 1);
	if (topics_name(m->topic, sizeof(m->topic), m->conf.mqtt.topic_root,
	    m->camera, TOPICS_STATUS) < 0)
		return MOSQ_ERR_INVAL;
	rc = mosquitto_will_set(m->mosq, m->topic, topics_status_offline(
	    m->payload, sizeof(m->payload)), m->payload, 1, true);
	if (rc == MOSQ_ERR_SUCCESS && m->conf.mqtt.username[0])
		rc = mosquitto_username_pw_set(m->mosq, m->conf.mqtt.username,
		    m->has_password ? m->password : NULL);
	return rc;
}

static int
handle_new(struct mqtt *m)
{
	char id[CONF_STR_MAX + 16];
	int rc;

	if (m->conf.mqtt.client_id[0])
		snprintf(id, sizeof(id), "%s", m->conf.mqtt.client_id);
	else
		snprintf(id, sizeof(id), "camguard-%s", m->camera);
	if (!m->mosq)
		rc = (m->mosq = mosquitto_new(id, true, m)) ? MOSQ_ERR_SUCCESS :
		    MOSQ_ERR_NOMEM;
	else
		rc = mosquitto_reinitialise(m->mosq, id, true, m);
	if (rc == MOSQ_ERR_SUCCESS)
		rc = setup_handle(m);
	return rc;
}

/*
 * One connection attempt; never blocks (the address is numeric): the
 * relay starts its connection to the broker, libmosquitto connects to the
 * relay's socket (port 0: a Unix socket).
 */
static void
mqtt_connect(void *arg)
{
	struct mqtt *m = arg;
	const struct conf *c = &m->conf;
	const struct conf_tls *t = &c->mqtt.tls;
	struct mqtt_relay_tls tls = { t->ca_file, t->cert_file, t->key_file,
	    NULL };
	uint64_t t0 = clock_us();
	int rc;

	m->t_retry = 0;
	if (!m->enabled || m->sock >= 0)
		return;
	if (mqtt_relay_open(m->relay, c->mqtt.host, (uint16_t)c->mqtt.port,
	    &tls) < 0) {
		conn_lost(m, "relay");
		return;
	}
	rc = handle_new(m);
	if (rc == MOSQ_ERR_SUCCESS)
		rc = mosquitto_connect_bind_async(m->mosq,
		    mqtt_relay_path(m->relay), 0, (int)c->mqtt.keepalive_s,
		    NULL);
	if (rc != MOSQ_ERR_SUCCESS ||
	    (m->sock = mosquitto_socket(m->mosq)) < 0 ||
	    loop_fd_add(m->loop, m->sock, POLLIN | POLLOUT, on_io, m) < 0) {
		m->sock = -1;
		conn_lost(m, rc == MOSQ_ERR_ERRNO ? strerror(errno) :
		    mosquitto_strerror(rc));
		return;
	}
	timer_set(m, &m->t_conn, MQTT_CONNECT_MS, connect_due);
	timer_set(m, &m->t_misc, MQTT_MISC_MS, misc_due);
	log_debug("mqtt: connecting to %s:%lld (%llu us in the loop)",
	    c->mqtt.host, c->mqtt.port, (unsigned long long)(clock_us() - t0));
}

/* ---- the camera id and the connection's life -------------------------- */

/* The camera id for m's settings and the last scan; 0 when known. */
static int
camera_pick(struct mqtt *m, char *out, size_t sz, bool final)
{
	return mqtt_settings_camera(&m->conf, m->view->scan, out, sz, final);
}

static void
id_due(void *arg)
{
	struct mqtt *m = arg;

	m->t_id = 0;
	if (m->camera[0] || !m->conf.mqtt.enabled)
		return;
	if (camera_pick(m, m->camera, sizeof(m->camera), true) < 0)
		return;
	log_info("mqtt: no scan yet; camera id %s from the host name",
	    m->camera);
	m->enabled = true;
	timer_set(m, &m->t_retry, 0, mqtt_connect);
}

/* Leave the broker politely: offline on the status topic, DISCONNECT. */
static void
say_goodbye(struct mqtt *m)
{
	m->offline_acked = false;
	m->offline_mid = mqtt_pub_offline(m);
	mosquitto_disconnect(m->mosq);
}

/*
 * Close the connection made with the old settings; when one was open,
 * the next attempt starts as soon as it is gone (m->restart).
 */
static void
conn_close(struct mqtt *m)
{
	timer_off(m, &m->t_retry);
	if (m->sock < 0)
		return;
	m->restart = true;
	if (m->connected)
		say_goodbye(m);
	io_check(m, MOSQ_ERR_SUCCESS);
	if (m->sock >= 0 && !m->connected)
		conn_lost(m, "closed");
}

/* Open with m->conf once the camera id is known. */
static void
conn_open(struct mqtt *m)
{
	if (!m->camera[0] &&
	    camera_pick(m, m->camera, sizeof(m->camera), false) < 0) {
		m->enabled = false;
		timer_set(m, &m->t_id, MQTT_ID_WAIT_MS, id_due);
		return;
	}
	m->enabled = true;
	if (m->sock < 0)
		timer_set(m, &m->t_retry, 0, mqtt_connect);
}

/* ---- the service ------------------------------------------------------ */

static bool
mqtt_enabled(const struct daemon_view *v)
{
	return v->conf->mqtt.enabled;
}

static void
mqtt_free(struct mqtt *m)
{
	if (m->mosq)
		mosquitto_destroy(m->mosq);
	mqtt_relay_free(m->relay);
	mqtt_cmd_free(m->cmd);
	explicit_bzero(m->password, sizeof(m->password));
	free(m->q.q);
	free(m);
}

static void *
mqtt_start(struct loop *loop, struct daemon_view *view)
{
	struct mqtt *m = calloc(1, sizeof(*m));

	if (!m) {
		log_warn("mqtt");
		return NULL;
	}
	m->loop = loop;
	m->view = view;
	sparse_copy(&m->conf, view->conf, sizeof(m->conf));
	m->sock = -1;
	m->offline_mid = -1;
	m->backoff_ms = MQTT_BACKOFF_MIN_MS;
	m->jitter = ((uint64_t)getpid() << 32) ^ clock_us() ^
	    0x9e3779b97f4a7c15u;
	mosquitto_lib_init();
	mqtt_read_boot_id(m);
	if (mqtt_settings_check(&m->conf, m->password, sizeof(m->password),
	    &m->has_password) < 0 ||
	    mqtt_q_alloc(&m->q, (size_t)m->conf.mqtt.queue_max) < 0 ||
	    !(m->relay = mqtt_relay_new(loop, NULL)) ||
	    !(m->cmd = mqtt_cmd_new(m)) ||
	    loop_hook_add(loop, before_poll, m) < 0) {
		mqtt_free(m);
		return NULL;
	}
	conn_open(m);
	if (m->enabled) {
		/* before the loop runs: TLS library set-up costs ms once */
		timer_off(m, &m->t_retry);
		mqtt_connect(m);
	}
	log_info("mqtt: broker %s:%lld%s, topics under %s/%s",
	    m->conf.mqtt.host, m->conf.mqtt.port,
	    m->conf.mqtt.tls.ca_file[0] ? " (TLS)" : "",
	    m->conf.mqtt.topic_root, m->camera[0] ? m->camera : "(after the "
	    "first scan)");
	return m;
}

/* Take a reloaded configuration (SIGHUP). */
static int
mqtt_apply(void *arg, struct daemon_view *v)
{
	struct mqtt *m = arg;
	const struct conf *c = v->conf;
	char pw[MQTT_PASSWORD_MAX] = "";
	bool has_pw = false, differ;
	int lost;

	if (c->mqtt.enabled &&
	    mqtt_settings_check(c, pw, sizeof(pw), &has_pw) < 0)
		return -1;
	if ((size_t)c->mqtt.queue_max != m->q.cap) {
		if ((lost = mqtt_q_alloc(&m->q, (size_t)c->mqtt.queue_max)) < 0)
			return -1;
		m->dropped += (uint64_t)lost;
		v->mqtt_dropped = m->dropped;
	}
	differ = !c->mqtt.enabled || !m->conf.mqtt.enabled ||
	    mqtt_settings_differ(&m->conf, c) || strcmp(pw, m->password) != 0;
	if (differ) {
		conn_close(m);
		m->camera[0] = '\0';
		m->enabled = false;
	}
	sparse_copy(&m->conf, c, sizeof(m->conf));
	memcpy(m->password, pw, sizeof(pw));
	explicit_bzero(pw, sizeof(pw));
	m->has_password = has_pw;
	if (!c->mqtt.enabled)
		log_info("mqtt: disabled");
	else if (differ)
		conn_open(m);
	else if (m->connected)
		log_info("mqtt: republished %zu topics", mqtt_pub_all(m));
	if (!differ)
		mqtt_cmd_apply(m->cmd);
	return 0;
}

/* A camera id from the scan: the first, or a new hostname. */
static void
camera_follow(struct mqtt *m)
{
	char id[CONF_STR_MAX];

	if (m->conf.camera.id[0] ||
	    camera_pick(m, id, sizeof(id), false) < 0 ||
	    strcmp(id, m->camera) == 0)
		return;
	if (m->camera[0]) {
		log_info("mqtt: camera id changes from %s to %s", m->camera,
		    id);
		conn_close(m);
	}
	timer_off(m, &m->t_id);
	snprintf(m->camera, sizeof(m->camera), "%s", id);
	conn_open(m);
}

/* Result changes wait in the queue like alarms. */
static void
queue_events(struct mqtt *m, const struct chk_scan *prev,
    const struct chk_scan *cur)
{
	const struct chk_record *r, *old;
	struct mqtt_qmsg *e;
	size_t i;

	for (i = 0; i < cur->n_records && i < CHK_CATALOGUE_MAX; i++) {
		r = &cur->records[i];
		old = mqtt_record_find(prev, i, r->def);
		if (!r->def || !old || old->result == r->result)
			continue;
		e = q_push(m);
		e->kind = MQTT_Q_EVENT;
		snprintf(e->id, sizeof(e->id), "%s", r->def->id);
		e->from = old->result;
		e->to = r->result;
		e->time = (int64_t)cur->time;
	}
}

static void
mqtt_scan_done(void *arg, struct daemon_view *v)
{
	struct mqtt *m = arg;

	if (!m->conf.mqtt.enabled || !v->scan)
		return;
	camera_follow(m);
	if (v->prev)
		queue_events(m, v->prev, v->scan);
	if (m->connected)
		mqtt_publish_changes(m, v->prev, v->scan);
	q_pump(m);
}

static void
mqtt_decision(void *arg, struct daemon_view *v, const struct ids_decision *d,
    int64_t until_epoch)
{
	struct mqtt *m = arg;
	struct mqtt_qmsg *e;

	(void)v;
	if (!m->conf.mqtt.enabled)
		return;
	if (d->action != IDS_ALARM) {
		/* after the detector has updated its table */
		if (m->t_blocked == 0)
			timer_set(m, &m->t_blocked, 0, blocked_due);
		return;
	}
	e = q_push(m);
	e->kind = MQTT_Q_ALARM;
	e->alarm = *d;
	e->alarm.ts = mqtt_mono_to_epoch(d->ts);
	e->alarm.first_seen = mqtt_mono_to_epoch(d->first_seen);
	e->alarm.last_seen = mqtt_mono_to_epoch(d->last_seen);
	e->until = until_epoch;
	q_pump(m);
}

/* SIGTERM: offline on the status topic, acknowledged or 1 s gone. */
static void
stop_flush(struct mqtt *m)
{
	uint64_t end = clock_ms() + MQTT_STOP_FLUSH_MS, now;
	struct pollfd p[4];
	nfds_t n;

	m->offline_acked = false;
	m->offline_mid = mqtt_pub_offline(m);
	while (m->sock >= 0 && m->offline_mid >= 0 && !m->offline_acked &&
	    (now = clock_ms()) < end) {
		p[0].fd = m->sock;
		p[0].events = POLLIN;
		if (mosquitto_want_write(m->mosq))
			p[0].events |= POLLOUT;
		p[0].revents = 0;
		n = 1 + mqtt_relay_fds(m->relay, p + 1, 3);
		if (poll(p, n, (int)(end - now)) < 0 && errno != EINTR)
			break;
		mqtt_relay_io(m->relay, p + 1, n - 1);
		if (p[0].revents)
			on_io(p[0].fd, p[0].revents, m);
	}
	if (m->sock >= 0)
		mosquitto_disconnect(m->mosq);
	log_info("mqtt: offline %s", m->offline_acked ? "acknowledged" :
	    "not acknowledged in time");
}

/* The loop must not run again afterwards: it keeps the hook. */
static void
mqtt_stop(void *arg, struct daemon_view *v)
{
	struct mqtt *m = arg;
	int64_t *t[] = { &m->t_retry, &m->t_misc, &m->t_conn, &m->t_id,
		&m->t_blocked, &m->t_status };
	size_t i;

	m->enabled = false;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		timer_off(m, t[i]);
	if (m->connected)
		stop_flush(m);
	if (m->sock >= 0)
		loop_fd_del(m->loop, m->sock);
	m->sock = -1;
	v->mqtt_connected = false;
	if (m->q.len)
		log_info("mqtt: %zu queued messages not sent", m->q.len);
	mqtt_free(m);
	mosquitto_lib_cleanup();
}

const struct service_ops mqtt_service = {
	.name = "mqtt",
	.enabled = mqtt_enabled,
	.start = mqtt_start,
	.apply = mqtt_apply,
	.scan_done = mqtt_scan_done,
	.decision = mqtt_decision,
	.stop = mqtt_stop,
};
