/*
 * mqtt_cmd.c - operators' commands over MQTT (spec sections 7 and 12).
 *
 * R/C/cmd/rescan, republish, block, unblock and flush, and the fleet's
 * R/_fleet/cmd/republish, rescan and unblock: each is classified by
 * topics.c (a retained, oversized, binary or unknown one is dropped and
 * counted, never answered), rate-limited (CMD_RATE_PER_S after a burst
 * of CMD_RATE_BURST; beyond it dropped and counted: answering a flood
 * would be one), parsed by proto/cmd_parse.c, run by the daemon through
 * the view (the MQTT service touches no firewall) and answered on
 * R/C/cmd/result with {"id","cmd","ok","error"}.  A rescan or republish
 * whose payload is not a JSON object (the old "now" or empty payload)
 * is taken as before, its answer with a null id.
 *
 * A fleet republish waits a random delay up to mqtt.republish_jitter_ms,
 * so that a thousand cameras do not answer at once, and comes at most
 * once per MQTT_FLEET_REPUBLISH_MIN_MS: a request inside that window is
 * served when it ends (several requests, one republish).  Its answer goes
 * out at once: the fleet view learns from it which cameras are online
 * and what to wait for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <mosquitto.h>

#include "core/conf.h"
#include "core/json_parse.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/service.h"
#include "mqtt/mqtt_cmd.h"
#include "mqtt/mqtt_fleetban.h"
#include "mqtt/mqtt_publish.h"
#include "mqtt/topics.h"
#include "proto/cmd.h"

#define MQTT_OWN_REPUBLISH_MIN_MS	1000	/* R/C/cmd/republish */
#define MQTT_FLEET_REPUBLISH_MIN_MS	10000	/* R/_fleet/cmd/republish */

struct mqtt_cmd {
	struct mqtt	*m;
	struct json_ctx	*ctx;
	double		 tokens;
	uint64_t	 tokens_ms;
	uint64_t	 rate_limited;
	uint64_t	 last_own_ms, last_fleet_ms;
	int64_t		 t_fleet;	/* a fleet republish is due */
	uint64_t	 rnd;		/* xorshift */
};

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static uint64_t
rnd(struct mqtt_cmd *c)
{
	uint64_t x = c->rnd;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return c->rnd = x;
}

/* ---- answers ---------------------------------------------------------- */

static void
answer(struct mqtt_cmd *c, const char *id, enum cmd_verb v, bool ok,
    const char *error)
{
	struct mqtt *m = c->m;

	if (!m->connected)
		return;
	mqtt_pub_suffix(m, TOPICS_RESULT, cmd_result_json(m->payload,
	    sizeof(m->payload), id, v, ok, error), false);
}

/* The audit trail (the SIEM) hears of every command taken. */
static void
audit(struct mqtt_cmd *c, enum topics_cmd tc, const struct cmd_req *rq,
    bool ok, const char *error)
{
	struct daemon_view *v = c->m->view;
	char what[SIEM_WHAT_MAX];
	bool fleet = tc == TOPICS_CMD_FLEET_REPUBLISH ||
	    tc == TOPICS_CMD_FLEET_RESCAN || tc == TOPICS_CMD_FLEET_UNBLOCK;

	if (v->audit)
		v->audit(v, fleet ? "mqtt fleet" : "mqtt",
		    cmd_describe(rq, what, sizeof(what)), ok ? "ok" :
		    error ? error : "failed");
}

static void
dropped(struct mqtt_cmd *c, const char *why,
    const struct mosquitto_message *msg)
{
	struct mqtt *m = c->m;
	char t[LOG_FIELD_MAX + 8];

	m->cmd_dropped++;
	if (m->cmd_dropped <= 10 || m->cmd_dropped % 100 == 0)
		log_warnx("mqtt: command dropped (%s, %d bytes) on %s; "
		    "%llu dropped so far", why, msg->payloadlen,
		    log_escape(t, sizeof(t), msg->topic, strlen(msg->topic)),
		    (unsigned long long)m->cmd_dropped);
}

/* One token per command: CMD_RATE_PER_S a second after a burst. */
static bool
token(struct mqtt_cmd *c)
{
	uint64_t now = now_ms();

	c->tokens += (double)(now - c->tokens_ms) * CMD_RATE_PER_S / 1000;
	c->tokens_ms = now;
	if (c->tokens > CMD_RATE_BURST)
		c->tokens = CMD_RATE_BURST;
	if (c->tokens < 1)
		return false;
	c->tokens -= 1;
	return true;
}

/* ---- republish -------------------------------------------------------- */

static void
fleet_due(void *arg)
{
	struct mqtt_cmd *c = arg;
	struct mqtt *m = c->m;

	c->t_fleet = 0;
	if (!m->connected)
		return;
	c->last_fleet_ms = now_ms();
	log_info("mqtt: fleet republish: %zu topics", mqtt_pub_all(m));
}

static void
fleet_republish(struct mqtt_cmd *c, const char *id)
{
	struct mqtt *m = c->m;
	uint64_t now = now_ms(), delay, jitter;

	answer(c, id, CMD_REPUBLISH, true, NULL);
	if (c->t_fleet)
		return;		/* one is due already: it serves this one */
	jitter = (uint64_t)m->conf.mqtt.republish_jitter_ms;
	delay = jitter ? rnd(c) % (jitter + 1) : 0;
	if (c->last_fleet_ms &&
	    now - c->last_fleet_ms < MQTT_FLEET_REPUBLISH_MIN_MS &&
	    delay < c->last_fleet_ms + MQTT_FLEET_REPUBLISH_MIN_MS - now)
		delay = c->last_fleet_ms + MQTT_FLEET_REPUBLISH_MIN_MS - now;
	c->t_fleet = loop_timer_add(m->loop, delay, fleet_due, c);
	if (c->t_fleet < 0) {
		c->t_fleet = 0;
		log_warn("mqtt: republish timer");
	}
}

/* false when refused (too soon after the last one) */
static bool
own_republish(struct mqtt_cmd *c, const char *id)
{
	uint64_t now = now_ms();

	if (c->last_own_ms &&
	    now - c->last_own_ms < MQTT_OWN_REPUBLISH_MIN_MS) {
		log_debug("mqtt: republish ignored: one per second");
		answer(c, id, CMD_REPUBLISH, false, "republished less than a "
		    "second ago");
		return false;
	}
	c->last_own_ms = now;
	log_info("mqtt: republish requested: %zu topics",
	    mqtt_pub_all(c->m));
	answer(c, id, CMD_REPUBLISH, true, NULL);
	return true;
}

/* ---- commands --------------------------------------------------------- */

/* The old rescan and republish payloads ("now", "") are no JSON. */
static bool
is_object(const char *p, size_t len)
{
	size_t i = 0;

	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'))
		i++;
	return i < len && p[i] == '{';
}

static void
run(struct mqtt_cmd *c, enum topics_cmd tc, const char *payload,
    size_t len)
{
	struct cmd_req rq = { .verb = topics_cmd_verb(tc) };
	struct cmd_out o = { .ok = false };
	char why[CMD_ERROR_MAX], net[ADDR_STR_MAX] = "";
	enum cmd_verb v = rq.verb;

	if ((v != CMD_RESCAN && v != CMD_REPUBLISH) || is_object(payload,
	    len)) {
		if (cmd_parse(c->ctx, payload, len, &rq, why,
		    sizeof(why)) < 0) {
			log_warnx("mqtt: %s refused: %s", topics_cmd_name(tc),
			    why);
			answer(c, rq.id, v, false, why);
			audit(c, tc, &rq, false, why);
			return;
		}
	}
	if (tc == TOPICS_CMD_FLEET_REPUBLISH) {
		fleet_republish(c, rq.id);
		audit(c, tc, &rq, true, NULL);
		return;
	}
	if (tc == TOPICS_CMD_REPUBLISH) {
		audit(c, tc, &rq, own_republish(c, rq.id), "republished less "
		    "than a second ago");
		return;
	}
	c->m->view->command(c->m->view, &rq, &o);
	if (rq.has_net)
		addr_format(&rq.net, net, sizeof(net));
	log_info("mqtt: %s%s%s: %s", topics_cmd_name(tc), net[0] ? " " : "",
	    net, o.ok ? "done" : o.error);
	answer(c, rq.id, v, o.ok, o.error);
	audit(c, tc, &rq, o.ok, o.error);
}

void
mqtt_cmd_message(struct mqtt_cmd *c, const struct mosquitto_message *msg)
{
	struct mqtt *m = c->m;
	enum topics_cmd tc;

	if (msg->payloadlen < 0)
		return;
	if (mqtt_fleetban_message(m, msg->topic, msg->payload,
	    (size_t)msg->payloadlen))
		return;
	tc = topics_cmd_classify(m->conf.mqtt.topic_root, m->camera,
	    msg->topic, msg->payload, (size_t)msg->payloadlen, msg->retain);
	switch (tc) {
	case TOPICS_CMD_RESULT:
		return;		/* our own answers come back: cmd/# */
	case TOPICS_CMD_UNKNOWN:
	case TOPICS_CMD_TOO_LONG:
	case TOPICS_CMD_BINARY:
	case TOPICS_CMD_RETAINED:
		dropped(c, topics_cmd_name(tc), msg);
		return;
	default:
		break;
	}
	if (!token(c)) {
		c->rate_limited++;
		dropped(c, "rate-limited", msg);
		return;
	}
	if (!m->view->command) {
		answer(c, NULL, topics_cmd_verb(tc), false, "not taken here");
		return;
	}
	run(c, tc, msg->payload ? msg->payload : "", (size_t)msg->payloadlen);
}

/* ---- subscriptions ---------------------------------------------------- */

static void
subscribe(struct mqtt *m, const char *camera, const char *suffix)
{
	if (topics_name(m->topic, sizeof(m->topic), m->conf.mqtt.topic_root,
	    camera, suffix) > 0)
		mosquitto_subscribe(m->mosq, NULL, m->topic, 1);
}

void
mqtt_cmd_connected(struct mqtt_cmd *c)
{
	struct mqtt *m = c->m;

	subscribe(m, m->camera, TOPICS_CMD_ALL);
	subscribe(m, TOPICS_FLEET, TOPICS_CMD_ALL);
	mqtt_fleetban_connected(m);
}

void
mqtt_cmd_apply(struct mqtt_cmd *c)
{
	if (c->m->connected)
		mqtt_fleetban_connected(c->m);
}

struct mqtt_cmd *
mqtt_cmd_new(struct mqtt *m)
{
	struct mqtt_cmd *c = calloc(1, sizeof(*c));

	if (!c || !(c->ctx = malloc(sizeof(*c->ctx)))) {
		log_warn("mqtt: commands");
		free(c);
		return NULL;
	}
	c->m = m;
	c->tokens = CMD_RATE_BURST;
	c->tokens_ms = now_ms();
	if (getrandom(&c->rnd, sizeof(c->rnd), GRND_NONBLOCK) !=
	    (ssize_t)sizeof(c->rnd) || c->rnd == 0)
		c->rnd = ((uint64_t)now_ms() << 20) ^ 0x9e3779b97f4a7c15u;
	return c;
}

void
mqtt_cmd_free(struct mqtt_cmd *c)
{
	if (!c)
		return;
	loop_timer_cancel(c->m->loop, c->t_fleet);
	free(c->ctx);
	free(c);
}
