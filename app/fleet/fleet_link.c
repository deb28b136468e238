/*
 * fleet_link.c - the fleet server's connection to the broker.
 *
 * A subscriber: on every connection it subscribes (QoS 1) to
 * R/+/camguard/status, R/+/hardening/summary, R/+/hardening/check/+,
 * R/+/ids/blocked and R/+/notify/ids_alarm, and publishes
 * R/_fleet/cmd/republish so that every agent sends its retained state
 * again (what a broker without persistence lost comes back).  Each
 * message goes to the model with the wall time it arrived.
 *
 * libmosquitto is driven from the loop as in mqtt/mqtt.c, without its
 * thread and without its TLS: it connects (mosquitto_connect_bind_async,
 * port 0) to the Unix socket of an mqtt_relay, which carries the bytes
 * to the broker over TCP or mbedTLS and bounds every packet the broker
 * sends (MQTT_IN_PACKET_MAX).  Its socket is a loop descriptor, POLLOUT
 * only while it has bytes to write; mosquitto_loop_misc runs from a
 * timer; a connection not acknowledged in time is dropped; reconnects
 * back off from 1 s to 60 s with jitter.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mosquitto.h>

#include "core/cg_limits.h"
#include "core/log.h"
#include "core/loop.h"
#include "fleet/fleet_model.h"
#include "fleet/fleet_server.h"
#include "mqtt/mqtt_relay.h"
#include "mqtt/mqtt_settings.h"

#define LINK_BACKOFF_MIN_MS	1000	/* first retry after a failure */
#define LINK_BACKOFF_MAX_MS	60000	/* retries settle at this */
#define LINK_CONNECT_MS		10000	/* TCP + TLS + CONNACK */
#define LINK_MISC_MS		1000	/* keepalive bookkeeping */
#define LINK_WARN_EVERY		100	/* a refused message logged so often */

struct fleet_link {
	struct loop		*loop;
	struct conf		 conf;
	char			 password[MQTT_PASSWORD_MAX];
	bool			 has_password;
	struct fleet_model	*model;
	struct mqtt_relay	*relay;
	struct mosquitto	*mosq;
	int			 sock;
	bool			 connected;
	uint64_t		 backoff_ms, jitter;
	int64_t			 t_retry, t_conn, t_misc;
};

static void	link_connect(void *);

static void
timer_set(struct fleet_link *l, int64_t *id, uint64_t ms, loop_timer_cb cb)
{
	loop_timer_cancel(l->loop, *id);
	if ((*id = loop_timer_add(l->loop, ms, cb, l)) < 0)
		log_warn("fleet: timer");
}

static void
timer_off(struct fleet_link *l, int64_t *id)
{
	loop_timer_cancel(l->loop, *id);
	*id = 0;
}

/* ---- messages ----------------------------------------------------------- */

static void
on_message(struct mosquitto *mosq, void *arg,
    const struct mosquitto_message *msg)
{
	struct fleet_link *l = arg;
	char t[LOG_FIELD_MAX + 8];
	enum fleet_msg rc;

	(void)mosq;
	rc = fleet_model_message(l->model, msg->topic, strlen(msg->topic),
	    msg->payload, msg->payloadlen > 0 ? (size_t)msg->payloadlen : 0,
	    msg->retain, (int64_t)time(NULL));
	if (rc == FLEET_MSG_MALFORMED &&
	    l->model->malformed % LINK_WARN_EVERY == 1)
		log_warnx("fleet: malformed message on %s (%llu so far)",
		    log_escape(t, sizeof(t), msg->topic, strlen(msg->topic)),
		    (unsigned long long)l->model->malformed);
	else if (rc == FLEET_MSG_FULL && l->model->full % LINK_WARN_EVERY == 1)
		log_warnx("fleet: table full (%zu cameras): %llu messages of "
		    "new cameras dropped", l->model->cap,
		    (unsigned long long)l->model->full);
}

static void
on_connect(struct mosquitto *mosq, void *arg, int rc)
{
	static const char *const sfx[] = { "camguard/status",
		"hardening/summary", "hardening/check/+", "ids/blocked",
		"notify/ids_alarm" };
	struct fleet_link *l = arg;
	const char *root = l->conf.mqtt.topic_root;
	char t[MQTT_TOPIC_MAX];
	size_t i;

	if (rc != 0) {
		log_warnx("fleet: broker %s:%lld refused: %s",
		    l->conf.mqtt.host, l->conf.mqtt.port,
		    mosquitto_connack_string(rc));
		return;
	}
	l->connected = true;
	l->backoff_ms = LINK_BACKOFF_MIN_MS;
	timer_off(l, &l->t_conn);
	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		snprintf(t, sizeof(t), "%s/+/%s", root, sfx[i]);
		mosquitto_subscribe(mosq, NULL, t, 1);
	}
	/* after the subscriptions: the answers find them in place */
	snprintf(t, sizeof(t), "%s/_fleet/cmd/republish", root);
	mosquitto_publish(mosq, NULL, t, 0, NULL, 1, false);
	log_info("fleet: connected to %s:%lld, subscribed under %s/+/, asked "
	    "every agent to republish", l->conf.mqtt.host, l->conf.mqtt.port,
	    root);
}

static void
on_log(struct mosquitto *mosq, void *arg, int level, const char *s)
{
	char t[LOG_FIELD_MAX + 8];

	(void)mosq;
	(void)arg;
	(void)level;
	log_debug("fleet: libmosquitto: %s", log_escape(t, sizeof(t), s,
	    strlen(s)));
}

/* ---- the connection ----------------------------------------------------- */

static uint64_t
backoff_next(struct fleet_link *l)
{
	uint64_t base = l->backoff_ms, x = l->jitter;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	l->jitter = x;
	if (l->backoff_ms < LINK_BACKOFF_MAX_MS)
		l->backoff_ms = l->backoff_ms * 2 > LINK_BACKOFF_MAX_MS ?
		    LINK_BACKOFF_MAX_MS : l->backoff_ms * 2;
	return base * 3 / 4 + x % (base / 2 + 1);	/* 75 % to 125 % */
}

static void
conn_lost(struct fleet_link *l, const char *why)
{
	uint64_t delay;

	if (l->sock >= 0)
		loop_fd_del(l->loop, l->sock);
	l->sock = -1;
	if (mqtt_relay_error(l->relay))
		why = mqtt_relay_error(l->relay);
	log_warnx("fleet: %s:%lld: %s", l->conf.mqtt.host, l->conf.mqtt.port,
	    why);
	l->connected = false;
	mqtt_relay_close(l->relay);
	timer_off(l, &l->t_conn);
	timer_off(l, &l->t_misc);
	delay = backoff_next(l);
	log_debug("fleet: next attempt in %llu ms", (unsigned long long)delay);
	timer_set(l, &l->t_retry, delay, link_connect);
}

static void
io_check(struct fleet_link *l, int rc)
{
	if (rc == MOSQ_ERR_SUCCESS && mosquitto_socket(l->mosq) == l->sock)
		return;
	conn_lost(l, rc == MOSQ_ERR_SUCCESS ? "connection closed" :
	    rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
}

static void
on_io(int fd, short revents, void *arg)
{
	struct fleet_link *l = arg;
	int rc = MOSQ_ERR_SUCCESS;

	(void)fd;
	if (revents & (POLLIN | POLLERR | POLLHUP))
		rc = mosquitto_loop_read(l->mosq, 1);
	if (rc == MOSQ_ERR_SUCCESS && l->sock >= 0 && (revents & POLLOUT))
		rc = mosquitto_loop_write(l->mosq, 1);
	if (l->sock >= 0)
		io_check(l, rc);
}

static void
before_poll(void *arg)
{
	struct fleet_link *l = arg;

	mqtt_relay_before_poll(l->relay);
	if (l->sock >= 0)
		loop_fd_events(l->loop, l->sock, POLLIN |
		    (mosquitto_want_write(l->mosq) ? POLLOUT : 0));
}

static void
misc_due(void *arg)
{
	struct fleet_link *l = arg;

	l->t_misc = 0;
	if (l->sock < 0)
		return;
	timer_set(l, &l->t_misc, LINK_MISC_MS, misc_due);
	io_check(l, mosquitto_loop_misc(l->mosq));
}

static void
connect_due(void *arg)
{
	struct fleet_link *l = arg;

	l->t_conn = 0;
	if (!l->connected && l->sock >= 0)
		conn_lost(l, "no CONNACK in time");
}

/* A fresh handle: a random client id and a clean session each time. */
static int
handle_new(struct fleet_link *l)
{
	int rc;

	if (!l->mosq)
		rc = (l->mosq = mosquitto_new(NULL, true, l)) ?
		    MOSQ_ERR_SUCCESS : MOSQ_ERR_NOMEM;
	else
		rc = mosquitto_reinitialise(l->mosq, NULL, true, l);
	if (rc != MOSQ_ERR_SUCCESS)
		return rc;
	mosquitto_connect_callback_set(l->mosq, on_connect);
	mosquitto_message_callback_set(l->mosq, on_message);
	mosquitto_log_callback_set(l->mosq, on_log);
	if (l->conf.mqtt.username[0])
		rc = mosquitto_username_pw_set(l->mosq, l->conf.mqtt.username,
		    l->has_password ? l->password : NULL);
	return rc;
}

static void
link_connect(void *arg)
{
	struct fleet_link *l = arg;
	const struct conf_tls *t = &l->conf.mqtt.tls;
	struct mqtt_relay_tls tls = { t->ca_file, t->cert_file, t->key_file,
	    NULL };
	int rc;

	l->t_retry = 0;
	if (l->sock >= 0)
		return;
	if (mqtt_relay_open(l->relay, l->conf.mqtt.host,
	    (uint16_t)l->conf.mqtt.port, &tls) < 0) {
		conn_lost(l, "relay");
		return;
	}
	rc = handle_new(l);
	if (rc == MOSQ_ERR_SUCCESS)
		rc = mosquitto_connect_bind_async(l->mosq,
		    mqtt_relay_path(l->relay), 0,
		    (int)l->conf.mqtt.keepalive_s, NULL);
	if (rc != MOSQ_ERR_SUCCESS ||
	    (l->sock = mosquitto_socket(l->mosq)) < 0 ||
	    loop_fd_add(l->loop, l->sock, POLLIN | POLLOUT, on_io, l) < 0) {
		l->sock = -1;
		conn_lost(l, rc == MOSQ_ERR_ERRNO ? strerror(errno) :
		    mosquitto_strerror(rc));
		return;
	}
	timer_set(l, &l->t_conn, LINK_CONNECT_MS, connect_due);
	timer_set(l, &l->t_misc, LINK_MISC_MS, misc_due);
}

struct fleet_link *
fleet_link_new(struct loop *loop, const struct conf *c,
    struct fleet_model *model)
{
	struct fleet_link *l = calloc(1, sizeof(*l));

	if (!l) {
		log_warn("fleet");
		return NULL;
	}
	l->loop = loop;
	l->conf = *c;
	l->model = model;
	l->sock = -1;
	l->backoff_ms = LINK_BACKOFF_MIN_MS;
	l->jitter = ((uint64_t)getpid() << 32) ^ (uint64_t)time(NULL) ^
	    0x9e3779b97f4a7c15u;
	mosquitto_lib_init();
	if (mqtt_settings_check(c, l->password, sizeof(l->password),
	    &l->has_password) < 0 || !(l->relay = mqtt_relay_new(loop, NULL)) ||
	    loop_hook_add(loop, before_poll, l) < 0) {
		fleet_link_free(l);
		return NULL;
	}
	log_info("fleet: broker %s:%lld%s, topics under %s/+/",
	    c->mqtt.host, c->mqtt.port, c->mqtt.tls.ca_file[0] ? " (TLS)" : "",
	    c->mqtt.topic_root);
	link_connect(l);
	return l;
}

bool
fleet_link_connected(const struct fleet_link *l)
{
	return l->connected;
}

void
fleet_link_free(struct fleet_link *l)
{
	if (!l)
		return;
	if (l->mosq) {
		if (l->connected)
			mosquitto_disconnect(l->mosq);
		mosquitto_destroy(l->mosq);
	}
	mqtt_relay_free(l->relay);
	explicit_bzero(l->password, sizeof(l->password));
	free(l);
	mosquitto_lib_cleanup();
}
