/*
 * mqtt_fleetban.c - shared bans as MQTT messages (mqtt_fleetban.h).
 *
 * Reads through fleet_parse.c (pure): an alarm that says "blocked" is one
 * block until its block_until; an ids/blocked list is the camera's own
 * blocks (entries with an origin are someone else's and are skipped:
 * that is how a block does not echo round the fleet), complete when its
 * count is the number of entries or when a shared entry made the list
 * (its own come first).  This camera's own topics are ignored.
 */
#include <stdio.h>
#include <string.h>

#include <mosquitto.h>

#include "core/conf.h"
#include "core/log.h"
#include "core/service.h"
#include "mqtt/fleet.h"
#include "mqtt/mqtt_fleetban.h"
#include "mqtt/mqtt_publish.h"
#include "mqtt/topics.h"

static void
subscribe(struct mqtt *m, const char *camera, const char *suffix)
{
	if (topics_name(m->topic, sizeof(m->topic), m->conf.mqtt.topic_root,
	    camera, suffix) > 0)
		mosquitto_subscribe(m->mosq, NULL, m->topic, 1);
}

void
mqtt_fleetban_connected(struct mqtt *m)
{
	const struct conf_fleet *f = &m->conf.ids.fleet;
	size_t i;

	if (!f->enabled)
		return;
	/* R/+/notify/ids_alarm: topics_name() takes no wildcard level */
	if (snprintf(m->topic, sizeof(m->topic), "%s/+/%s",
	    m->conf.mqtt.topic_root, TOPICS_ALARM) < (int)sizeof(m->topic))
		mosquitto_subscribe(m->mosq, NULL, m->topic, 1);
	for (i = 0; i < f->n_cameras; i++)
		if (strcmp(f->cameras[i], m->camera) != 0)
			subscribe(m, f->cameras[i], TOPICS_BLOCKED);
	/* brokers that keep no retained message, or keep it on another
	 * node of a cluster: the trusted cameras send their lists again */
	if (topics_name(m->topic, sizeof(m->topic), m->conf.mqtt.topic_root,
	    TOPICS_FLEET, "cmd/republish") > 0)
		mosquitto_publish(m->mosq, NULL, m->topic, 0, "", 1, false);
	log_info("mqtt: shared bans from %zu trusted cameras", f->n_cameras);
}

static void
forged(struct mqtt *m, const char *camera, const char *what,
    const char *why)
{
	char c[LOG_FIELD_MAX + 8];
	uint64_t n = ++m->view->shared_st.forged;

	if (n <= 10 || n % 100 == 0)
		log_warnx("mqtt: %s of %s dropped: %s (%llu so far)", what,
		    log_escape(c, sizeof(c), camera, strlen(camera)), why,
		    (unsigned long long)n);
}

static void
on_alarm(struct mqtt *m, const char *camera, const char *p, size_t len)
{
	struct ids_shared_block b;
	struct ids_shared_msg msg = { .origin = camera, .n = 1,
		.blocks = &b };
	struct fleet_ban ban;
	const char *why;

	if (fleet_alarm_ban(p, len, camera, &ban, &why) < 0) {
		if (conf_fleet_trusts(&m->conf, camera))
			forged(m, camera, "an alarm", why);
		return;
	}
	if (!ban.blocked)
		return;
	if (!conf_fleet_trusts(&m->conf, camera)) {
		m->view->shared_st.untrusted++;
		return;
	}
	b.net = ban.net;
	b.until = ban.until;
	if (m->view->shared)
		m->view->shared(m->view, &msg);
}

static void
on_list(struct mqtt *m, const char *camera, const char *p, size_t len)
{
	static struct fleet_blocked fb;
	static struct ids_shared_block b[MQTT_BLOCKED_MAX];
	struct ids_shared_msg msg = { .origin = camera, .is_list = true,
		.blocks = b };
	const char *why;
	size_t i;
	int rc;

	if (!conf_fleet_trusts(&m->conf, camera))
		return;		/* not subscribed: a stale subscription */
	if ((rc = fleet_blocked_read(p, len, &fb, &why)) < 0) {
		forged(m, camera, "a block list", why);
		return;
	}
	for (i = 0; i < fb.n; i++) {
		if (fb.e[i].origin[0])
			continue;	/* not its own: no echo */
		b[msg.n].net = fb.e[i].net;
		b[msg.n].until = fb.e[i].until;
		msg.n++;
	}
	/* complete: an empty (cleared) topic, every entry listed, or an
	 * entry with an origin listed (a camera lists its own blocks
	 * first: all of them came before it) */
	msg.complete = rc == 1 || fb.count == fb.n ||
	    (fb.n > 0 && fb.e[fb.n - 1].origin[0]);
	if (m->view->shared)
		m->view->shared(m->view, &msg);
}

bool
mqtt_fleetban_message(struct mqtt *m, const char *topic, const void *payload,
    size_t len)
{
	char camera[CONF_STR_MAX];
	enum fleet_kind kind;

	if (!m->conf.ids.fleet.enabled ||
	    fleet_topic(m->conf.mqtt.topic_root, topic, strlen(topic), camera,
	    sizeof(camera), &kind) < 0 ||
	    (kind != FLEET_ALARM && kind != FLEET_BLOCKED))
		return false;
	if (strcmp(camera, m->camera) == 0)
		return true;	/* our own, back from the broker */
	if (kind == FLEET_ALARM)
		on_alarm(m, camera, payload ? payload : "", len);
	else
		on_list(m, camera, payload ? payload : "", len);
	return true;
}
