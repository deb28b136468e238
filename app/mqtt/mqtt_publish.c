/*
 * mqtt_publish.c - what the MQTT service publishes (spec section 7): the
 * retained status, summary, check records and blocked list, the Home
 * Assistant discovery configs (and their removal), the payloads of
 * queued alarms and result changes, and after a scan which retained
 * topics changed.
 *
 * Every message goes out through libmosquitto with QoS 1 on the topics
 * and payloads topics.c makes.  It does not connect, queue, time or
 * retry: the session (mqtt.c) decides when; this file decides what.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mosquitto.h>

#include "check/check.h"
#include "check/policy.h"
#include "core/cg_limits.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/readfile.h"
#include "core/service.h"
#include "ids/ids.h"
#include "mqtt/mqtt_publish.h"
#include "mqtt/topics.h"
#include "report/report.h"

#define MQTT_EPOCH_MIN		1000000000 /* below: monotonic seconds */

_Static_assert(REPORT_RECORD_MAX <= MQTT_PAYLOAD_MAX, "a record fits");
_Static_assert(REPORT_SUMMARY_MAX <= MQTT_PAYLOAD_MAX, "a summary fits");

static int
pub(struct mqtt *m, const char *topic, const char *payload, int len,
    bool retain)
{
	int mid = 0, rc;

	if (len < 0) {
		log_warnx("mqtt: %s: payload does not fit", topic);
		return -1;
	}
	rc = mosquitto_publish(m->mosq, &mid, topic, len, payload, 1, retain);
	if (rc != MOSQ_ERR_SUCCESS) {
		log_warnx("mqtt: publish %s: %s", topic,
		    mosquitto_strerror(rc));
		return -1;
	}
	return mid;
}

int
mqtt_pub_suffix(struct mqtt *m, const char *suffix, int len, bool retain)
{
	if (topics_name(m->topic, sizeof(m->topic), m->conf.mqtt.topic_root,
	    m->camera, suffix) < 0)
		return -1;
	return pub(m, m->topic, m->payload, len, retain);
}

int
mqtt_pub_status(struct mqtt *m)
{
	struct topics_status st = { .version = CAMGUARD_VERSION,
		.started = m->view->started, .boot_id = m->boot_id,
		.dropped = m->dropped, .view = m->view,
		.siem = m->view->siem.enabled,
		.siem_dropped = m->view->siem.dropped };

	m->ids_gen = m->view->ids_gen;

	m->siem_told = st.siem_dropped;
	return mqtt_pub_suffix(m, TOPICS_STATUS, topics_status_online(
	    m->payload, sizeof(m->payload), &st), true);
}

/* The Will's payload, said in person: offline, retained. */
int
mqtt_pub_offline(struct mqtt *m)
{
	return mqtt_pub_suffix(m, TOPICS_STATUS, topics_status_offline(
	    m->payload, sizeof(m->payload)), true);
}

static int
pub_record(struct mqtt *m, const struct chk_record *rec)
{
	if (!rec->def || topics_check(m->topic, sizeof(m->topic),
	    m->conf.mqtt.topic_root, m->camera, rec->def->id) < 0)
		return -1;
	return pub(m, m->topic, m->payload, topics_record(m->payload,
	    sizeof(m->payload), rec), true);
}

static int
pub_summary(struct mqtt *m, const struct chk_scan *s)
{
	return mqtt_pub_suffix(m, TOPICS_SUMMARY, topics_summary(m->payload,
	    sizeof(m->payload), s, m->view->policy), true);
}

/* The whole scan: summary and every record.  Returns messages sent. */
static size_t
pub_scan(struct mqtt *m, const struct chk_scan *s)
{
	size_t i, n = 0;

	n += pub_summary(m, s) >= 0;
	for (i = 0; i < s->n_records && i < CHK_CATALOGUE_MAX; i++)
		n += pub_record(m, &s->records[i]) >= 0;
	return n;
}

/*
 * The live detector runs on CLOCK_MONOTONIC seconds (ids.h); payloads
 * carry epoch seconds.  0 stays 0 (until reboot); a value that already
 * looks like epoch time (a replayed log) is left alone.
 */
int64_t
mqtt_mono_to_epoch(int64_t t)
{
	struct timespec ts;

	if (t <= 0 || t >= MQTT_EPOCH_MIN)
		return t;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return t - (int64_t)ts.tv_sec + (int64_t)time(NULL);
}

struct blocked_ctx {
	struct topics_blocked	e[MQTT_BLOCKED_MAX];
	size_t			n, count;
};

/* One blocked source, own or shared (view->ids_list). */
static void
blocked_one(const struct ids_listed *l, void *arg)
{
	struct blocked_ctx *c = arg;
	struct topics_blocked *e = &c->e[c->n];

	c->count++;
	if (c->n >= MQTT_BLOCKED_MAX)
		return;
	e->net = l->net;
	e->until = l->until;
	snprintf(e->origin, sizeof(e->origin), "%s", l->origin ?
	    l->origin : "");
	snprintf(e->reason, sizeof(e->reason), "%s", l->reason ?
	    l->reason : "");
	c->n++;
}

/* A view without ids_list (a test driver): the detector's own blocks. */
static void
blocked_own(const struct addr_net *net, int64_t until, void *arg)
{
	struct ids_listed l = { .net = *net,
		.until = mqtt_mono_to_epoch(until) };

	blocked_one(&l, arg);
}

int
mqtt_pub_blocked(struct mqtt *m)
{
	static struct blocked_ctx c;

	c.n = c.count = 0;
	if (m->view->ids_list)
		m->view->ids_list(m->view, blocked_one, &c, (size_t)-1);
	else if (m->view->detect)
		ids_detect_blocked(m->view->detect, blocked_own, &c,
		    (size_t)-1);
	return mqtt_pub_suffix(m, TOPICS_BLOCKED, topics_blocked(m->payload,
	    sizeof(m->payload), c.count, c.e, c.n), true);
}

static void
ha_fill(struct mqtt *m, struct topics_ha *ha, const char *prefix,
    const char *camera)
{
	const struct chk_scan *s = m->view->scan;

	ha->prefix = prefix;
	ha->root = m->conf.mqtt.topic_root;
	ha->camera = camera;
	ha->model = s ? s->model : "";
	ha->firmware = s ? s->firmware : "";
	ha->version = CAMGUARD_VERSION;
	topics_ha_config_url(m->ha_url, sizeof(m->ha_url),
	    m->conf.status.enabled, m->conf.status.listen,
	    m->conf.status.tls.cert_file[0] != '\0');
	ha->config_url = m->ha_url;
}

/*
 * The camera's entities (score, failed critical and high checks, sources
 * blocked, the intrusion alarm event) and, with ha_discovery_checks, one
 * problem sensor per check of the scan.
 */
static size_t
ha_publish(struct mqtt *m)
{
	const struct chk_scan *s = m->view->scan;
	struct topics_ha ha;
	size_t i, n = 0;
	int e;

	if (!s)
		return 0;
	ha_fill(m, &ha, m->conf.mqtt.ha_prefix, m->camera);
	for (e = 0; e < TOPICS_HA_ENTITY_COUNT; e++)
		if (topics_ha_entity_topic(m->topic, sizeof(m->topic), &ha,
		    (enum topics_ha_entity)e) > 0)
			n += pub(m, m->topic, m->payload, topics_ha_entity(
			    m->payload, sizeof(m->payload), &ha,
			    (enum topics_ha_entity)e), true) >= 0;
	m->ha_checks_on = m->conf.mqtt.ha_discovery_checks;
	for (i = 0; m->ha_checks_on && i < s->n_records &&
	    i < CHK_CATALOGUE_MAX; i++) {
		const struct chk_record *r = &s->records[i];

		if (!r->def || !r->pc || topics_ha_check_topic(m->topic,
		    sizeof(m->topic), &ha, r->def->id) < 0)
			continue;
		n += pub(m, m->topic, m->payload, topics_ha_check(m->payload,
		    sizeof(m->payload), &ha, r->def->id, r->pc->title),
		    true) >= 0;
	}
	snprintf(m->ha_prefix, sizeof(m->ha_prefix), "%s", ha.prefix);
	snprintf(m->ha_camera, sizeof(m->ha_camera), "%s", ha.camera);
	m->ha_on = true;
	return n;
}

/* Empty retained payloads remove what ha_publish() put there. */
static void
ha_remove(struct mqtt *m)
{
	const struct chk_def *d;
	struct topics_ha ha;
	int e;

	ha_fill(m, &ha, m->ha_prefix, m->ha_camera);
	for (d = chk_catalogue; m->ha_checks_on && d->id; d++)
		if (topics_ha_check_topic(m->topic, sizeof(m->topic), &ha,
		    d->id) > 0)
			pub(m, m->topic, "", 0, true);
	for (e = 0; e < TOPICS_HA_ENTITY_COUNT; e++)
		if (topics_ha_entity_topic(m->topic, sizeof(m->topic), &ha,
		    (enum topics_ha_entity)e) > 0)
			pub(m, m->topic, "", 0, true);
	m->ha_on = m->ha_checks_on = false;
	log_info("mqtt: Home Assistant discovery configs removed");
}

int
mqtt_queued_payload(struct mqtt *m, const struct mqtt_qmsg *e,
    const char **suffix)
{
	if (e->kind == MQTT_Q_ALARM) {
		*suffix = TOPICS_ALARM;
		return topics_alarm(m->payload, sizeof(m->payload), m->camera,
		    &e->alarm, e->until);
	}
	*suffix = TOPICS_EVENT;
	return topics_event(m->payload, sizeof(m->payload), e->id, e->from,
	    e->to, e->time);
}

/* Everything retained, rebuilt from memory.  Returns messages sent. */
size_t
mqtt_pub_all(struct mqtt *m)
{
	const struct conf *c = &m->conf;
	size_t n = 0;

	n += mqtt_pub_status(m) >= 0;
	if (m->view->scan)
		n += pub_scan(m, m->view->scan);
	n += mqtt_pub_blocked(m) >= 0;
	if (m->ha_on && (!c->mqtt.ha_discovery ||
	    m->ha_checks_on != c->mqtt.ha_discovery_checks ||
	    strcmp(m->ha_prefix, c->mqtt.ha_prefix) != 0 ||
	    strcmp(m->ha_camera, m->camera) != 0))
		ha_remove(m);
	if (c->mqtt.ha_discovery)
		n += ha_publish(m);
	return n;
}

const struct chk_record *
mqtt_record_find(const struct chk_scan *s, size_t hint,
    const struct chk_def *def)
{
	size_t i;

	if (hint < s->n_records && s->records[hint].def == def)
		return &s->records[hint];
	for (i = 0; i < s->n_records && i < CHK_CATALOGUE_MAX; i++)
		if (s->records[i].def == def)
			return &s->records[i];
	return NULL;
}

void
mqtt_publish_changes(struct mqtt *m, const struct chk_scan *prev,
    const struct chk_scan *cur)
{
	const struct chk_record *old;
	size_t i, n = 0;

	if (!prev || topics_summary_changed(prev, cur))
		n += pub_summary(m, cur) >= 0;
	for (i = 0; i < cur->n_records && i < CHK_CATALOGUE_MAX; i++) {
		old = prev ? mqtt_record_find(prev, i, cur->records[i].def) :
		    NULL;
		if (!old || topics_record_changed(old, &cur->records[i]))
			n += pub_record(m, &cur->records[i]) >= 0;
	}
	if (m->conf.mqtt.ha_discovery && (!m->ha_on || !prev ||
	    strcmp(prev->model, cur->model) != 0 ||
	    strcmp(prev->firmware, cur->firmware) != 0))
		n += ha_publish(m);
	log_debug("mqtt: scan published as %zu changed topics", n);
}

void
mqtt_read_boot_id(struct mqtt *m)
{
	char path[CONF_PATH_MAX + 32];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/sys/kernel/random/boot_id",
	    m->conf.camera.proc_root);
	/* camera.proc_root may be a test's folder: no FIFO may hang us */
	if ((fd = readfile_open(path, O_RDONLY, 0)) < 0)
		return;
	if (!(f = fdopen(fd, "r"))) {
		close(fd);
		return;
	}
	if (!fgets(m->boot_id, sizeof(m->boot_id), f))
		m->boot_id[0] = '\0';
	fclose(f);
	m->boot_id[strcspn(m->boot_id, "\r\n")] = '\0';
}
