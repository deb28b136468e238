/*
 * topics.c - MQTT topic names and payload bytes (spec section 7), Home
 * Assistant discovery configs, and the classification of cmd/ messages.
 *
 * Owns the field names and order of the status, event, alarm and
 * ids/blocked payloads; the summary and check records come from
 * report_json.c so that MQTT, `check --format json` and /status agree
 * byte for byte.  No I/O, no clock, no globals: mqtt.c owns when and
 * whether to publish.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "core/conf.h"
#include "core/json_write.h"
#include "core/readfile.h"
#include "core/service.h"
#include "mqtt/topics.h"
#include "report/report.h"

/* Topic levels are printed whole or not at all. */
static int
put_topic(char *dst, size_t sz, int n)
{
	if (n < 0 || (size_t)n >= sz) {
		if (sz)
			dst[0] = '\0';
		return -1;
	}
	return n;
}

static bool
level_ok(const char *s)
{
	return s != NULL && conf_topic_level_ok(s, strlen(s));
}

int
topics_name(char *dst, size_t sz, const char *root, const char *camera,
    const char *suffix)
{
	if (!root || !root[0] || !level_ok(camera) || !suffix || !suffix[0])
		return put_topic(dst, sz, -1);
	return put_topic(dst, sz, snprintf(dst, sz, "%s/%s/%s", root, camera,
	    suffix));
}

int
topics_check(char *dst, size_t sz, const char *root, const char *camera,
    const char *id)
{
	char suffix[64];

	if (!level_ok(id) || snprintf(suffix, sizeof(suffix), "%s/%s",
	    TOPICS_CHECK, id) >= (int)sizeof(suffix))
		return put_topic(dst, sz, -1);
	return topics_name(dst, sz, root, camera, suffix);
}

/*
 * The IDS's health in the retained status: blindness is loud.  The time
 * of each source's last line (not its age): the payload changes only
 * when the health does, not every second.
 */
static void
put_ids_health(struct jw *jw, const struct daemon_view *v)
{
	const struct ids_source_view *sv;
	size_t i;

	jw_obj_begin(jw, "ids");
	jw_bool(jw, "running", v->ids_running);
	jw_str(jw, "blocking", v->ids_running ?
	    ids_blocking_name(v->ids_blocking) : "off");
	if (v->ids_running && v->ids_blocking_why[0])
		jw_str(jw, "blocking_reason", v->ids_blocking_why);
	else
		jw_null(jw, "blocking_reason");
	jw_arr_begin(jw, "sources");
	for (i = 0; i < v->n_ids_sources; i++) {
		sv = &v->ids_sources[i];
		jw_obj_begin(jw, NULL);
		jw_str(jw, "path", sv->path);
		jw_bool(jw, "readable", sv->readable);
		if (sv->error)
			jw_str(jw, "error", readfile_strerror(sv->error));
		else
			jw_null(jw, "error");
		if (sv->last_line)
			jw_int(jw, "last_line", sv->last_line);
		else
			jw_null(jw, "last_line");
		jw_obj_end(jw);
	}
	jw_arr_end(jw);
	jw_obj_end(jw);
}

int
topics_status_online(char *buf, size_t sz, const struct topics_status *st)
{
	struct jw jw;

	jw_init(&jw, buf, sz);
	jw_obj_begin(&jw, NULL);
	jw_str(&jw, "state", "online");
	jw_str(&jw, "version", st->version);
	jw_int(&jw, "started", st->started);
	if (st->boot_id && st->boot_id[0])
		jw_str(&jw, "boot_id", st->boot_id);
	else
		jw_null(&jw, "boot_id");
	jw_int(&jw, "dropped", (long long)st->dropped);
	if (st->siem)
		jw_int(&jw, "siem_dropped", (long long)st->siem_dropped);
	if (st->view && st->view->ids_enabled)
		put_ids_health(&jw, st->view);
	jw_obj_end(&jw);
	return jw_finish(&jw);
}

int
topics_status_offline(char *buf, size_t sz)
{
	struct jw jw;

	jw_init(&jw, buf, sz);
	jw_obj_begin(&jw, NULL);
	jw_str(&jw, "state", "offline");
	jw_obj_end(&jw);
	return jw_finish(&jw);
}

int
topics_summary(char *buf, size_t sz, const struct chk_scan *scan,
    const struct policy *pol)
{
	struct jw jw;

	jw_init(&jw, buf, sz);
	report_summary_json(&jw, scan, pol);
	return jw_finish(&jw);
}

int
topics_record(char *buf, size_t sz, const struct chk_record *rec)
{
	struct jw jw;

	jw_init(&jw, buf, sz);
	report_record_json(&jw, rec);
	return jw_finish(&jw);
}

int
topics_event(char *buf, size_t sz, const char *id, enum chk_result from,
    enum chk_result to, int64_t time)
{
	struct jw jw;

	jw_init(&jw, buf, sz);
	jw_obj_begin(&jw, NULL);
	jw_str(&jw, "id", id);
	jw_str(&jw, "from", chk_result_name(from));
	jw_str(&jw, "to", chk_result_name(to));
	jw_int(&jw, "time", time);
	jw_obj_end(&jw);
	return jw_finish(&jw);
}

/* The address alone ("192.0.2.7", "2001:db8::"), without its prefix. */
static void
put_ip(struct jw *jw, const struct addr_net *net)
{
	char s[INET6_ADDRSTRLEN];
	int af = net->family == 6 ? AF_INET6 : AF_INET;

	if (!inet_ntop(af, net->bytes, s, sizeof(s)))
		jw_null(jw, "ip");
	else
		jw_str(jw, "ip", s);
	jw_int(jw, "prefix", net->prefix);
}

/* Epoch seconds, or null for 0 (until the camera reboots). */
static void
put_until(struct jw *jw, const char *key, int64_t until)
{
	if (until == 0)
		jw_null(jw, key);
	else
		jw_int(jw, key, until);
}

int
topics_alarm(char *buf, size_t sz, const char *camera,
    const struct ids_decision *d, int64_t until_epoch)
{
	struct jw jw;

	jw_init(&jw, buf, sz);
	jw_obj_begin(&jw, NULL);
	jw_str(&jw, "source", "camguard");
	jw_str(&jw, "camera", camera);
	put_ip(&jw, &d->net);
	jw_int(&jw, "attempts", d->attempts);
	jw_int(&jw, "first_seen", d->first_seen);
	jw_int(&jw, "last_seen", d->last_seen);
	if (d->has_user)
		jw_strn(&jw, "user", d->user, strnlen(d->user,
		    sizeof(d->user)));
	else
		jw_null(&jw, "user");
	jw_bool(&jw, "allowlisted", d->allowlisted);
	jw_bool(&jw, "blocked", d->blocked);
	put_until(&jw, "block_until", d->blocked ? until_epoch : 0);
	jw_obj_end(&jw);
	return jw_finish(&jw);
}

int
topics_blocked(char *buf, size_t sz, size_t count,
    const struct topics_blocked *e, size_t n)
{
	struct jw jw;
	size_t i;

	jw_init(&jw, buf, sz);
	jw_obj_begin(&jw, NULL);
	jw_int(&jw, "count", (long long)count);
	jw_arr_begin(&jw, "entries");
	for (i = 0; i < n && i < MQTT_BLOCKED_MAX; i++) {
		jw_obj_begin(&jw, NULL);
		put_ip(&jw, &e[i].net);
		put_until(&jw, "until", e[i].until);
		if (e[i].origin[0])
			jw_str(&jw, "origin", e[i].origin);
		if (e[i].reason[0])
			jw_str(&jw, "reason", e[i].reason);
		jw_obj_end(&jw);
	}
	jw_arr_end(&jw);
	jw_obj_end(&jw);
	return jw_finish(&jw);
}

static bool
evidence_equal(const struct chk_verdict *a, const struct chk_verdict *b)
{
	size_t i;

	if (a->n_evidence != b->n_evidence)
		return false;
	for (i = 0; i < a->n_evidence && i < CHK_EVIDENCE_MAX; i++)
		if (strcmp(a->evidence[i].key, b->evidence[i].key) != 0 ||
		    strcmp(a->evidence[i].val, b->evidence[i].val) != 0)
			return false;
	return true;
}

bool
topics_record_changed(const struct chk_record *old,
    const struct chk_record *cur)
{
	return old->result != cur->result || old->v.result != cur->v.result ||
	    old->v.reason != cur->v.reason ||
	    old->waiver_expired != cur->waiver_expired ||
	    strcmp(old->waiver_reason, cur->waiver_reason) != 0 ||
	    !evidence_equal(&old->v, &cur->v);
}

bool
topics_summary_changed(const struct chk_scan *old, const struct chk_scan *cur)
{
	if (old->score_valid != cur->score_valid ||
	    (cur->score_valid && old->score != cur->score))
		return true;
	return strcmp(old->state_sha256, cur->state_sha256) != 0 ||
	    strcmp(old->firmware, cur->firmware) != 0 ||
	    strcmp(old->model, cur->model) != 0;
}

/* Printable text: valid UTF-8, no control bytes but tab, CR and LF. */
static bool
text_ok(const unsigned char *p, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\r' &&
		    p[i] != '\n')
			return false;
		if (p[i] == 0x7f || (n = jw_utf8_len(p + i, len - i)) == 0)
			return false;
		i += n;
	}
	return true;
}

/* The cmd/ topics taken, under R/C/ or R/_fleet/, and their size limit. */
static const struct {
	const char	*suffix;
	bool		 fleet;
	enum topics_cmd	 cmd;
	size_t		 max;
} cmd_topics[] = {
	{ "cmd/rescan", false, TOPICS_CMD_RESCAN, MQTT_CMD_MAX },
	{ "cmd/republish", false, TOPICS_CMD_REPUBLISH, MQTT_CMD_MAX },
	{ "cmd/block", false, TOPICS_CMD_BLOCK, CMD_JSON_MAX },
	{ "cmd/unblock", false, TOPICS_CMD_UNBLOCK, CMD_JSON_MAX },
	{ "cmd/flush", false, TOPICS_CMD_FLUSH, CMD_JSON_MAX },
	{ TOPICS_RESULT, false, TOPICS_CMD_RESULT, 0 },
	{ "cmd/republish", true, TOPICS_CMD_FLEET_REPUBLISH, MQTT_CMD_MAX },
	{ "cmd/rescan", true, TOPICS_CMD_FLEET_RESCAN, MQTT_CMD_MAX },
	{ "cmd/unblock", true, TOPICS_CMD_FLEET_UNBLOCK, CMD_JSON_MAX },
};

enum topics_cmd
topics_cmd_classify(const char *root, const char *camera, const char *topic,
    const void *payload, size_t len, bool retained)
{
	char want[MQTT_TOPIC_MAX];
	size_t i;

	for (i = 0; i < sizeof(cmd_topics) / sizeof(cmd_topics[0]); i++) {
		if (topics_name(want, sizeof(want), root, cmd_topics[i].fleet ?
		    TOPICS_FLEET : camera, cmd_topics[i].suffix) < 0 ||
		    strcmp(topic, want) != 0)
			continue;
		if (cmd_topics[i].cmd == TOPICS_CMD_RESULT)
			return TOPICS_CMD_RESULT;
		if (retained)
			return TOPICS_CMD_RETAINED;
		if (len > cmd_topics[i].max)
			return TOPICS_CMD_TOO_LONG;
		if (len > 0 && (payload == NULL || !text_ok(payload, len)))
			return TOPICS_CMD_BINARY;
		return cmd_topics[i].cmd;
	}
	return TOPICS_CMD_UNKNOWN;
}

const char *
topics_cmd_name(enum topics_cmd c)
{
	switch (c) {
	case TOPICS_CMD_RESCAN:
		return "rescan";
	case TOPICS_CMD_REPUBLISH:
		return "republish";
	case TOPICS_CMD_BLOCK:
		return "block";
	case TOPICS_CMD_UNBLOCK:
		return "unblock";
	case TOPICS_CMD_FLUSH:
		return "flush";
	case TOPICS_CMD_FLEET_REPUBLISH:
		return "fleet republish";
	case TOPICS_CMD_FLEET_RESCAN:
		return "fleet rescan";
	case TOPICS_CMD_FLEET_UNBLOCK:
		return "fleet unblock";
	case TOPICS_CMD_RESULT:
		return "result";
	case TOPICS_CMD_UNKNOWN:
		return "unknown topic";
	case TOPICS_CMD_TOO_LONG:
		return "payload too long";
	case TOPICS_CMD_BINARY:
		return "binary payload";
	case TOPICS_CMD_RETAINED:
		return "retained";
	}
	return "?";
}

enum cmd_verb
topics_cmd_verb(enum topics_cmd c)
{
	switch (c) {
	case TOPICS_CMD_RESCAN:
	case TOPICS_CMD_FLEET_RESCAN:
		return CMD_RESCAN;
	case TOPICS_CMD_REPUBLISH:
	case TOPICS_CMD_FLEET_REPUBLISH:
		return CMD_REPUBLISH;
	case TOPICS_CMD_BLOCK:
		return CMD_BLOCK;
	case TOPICS_CMD_UNBLOCK:
	case TOPICS_CMD_FLEET_UNBLOCK:
		return CMD_UNBLOCK;
	case TOPICS_CMD_FLUSH:
		return CMD_FLUSH;
	default:
		return CMD_NONE;
	}
}

/* ---- Home Assistant discovery ----------------------------------------- */

/* An object id for Home Assistant: [A-Za-z0-9_-], the rest as '_'. */
static void
object_id(char *dst, size_t sz, const char *camera, const char *id)
{
	size_t i;

	snprintf(dst, sz, "%s_%s", camera, id);
	for (i = 0; dst[i]; i++)
		if (!((dst[i] >= 'a' && dst[i] <= 'z') ||
		    (dst[i] >= 'A' && dst[i] <= 'Z') ||
		    (dst[i] >= '0' && dst[i] <= '9') || dst[i] == '-'))
			dst[i] = '_';
}

static int
ha_topic(char *dst, size_t sz, const struct topics_ha *ha,
    const char *component, const char *id)
{
	char obj[2 * CONF_STR_MAX];

	if (!ha->prefix || !ha->prefix[0] || !level_ok(ha->camera) ||
	    !level_ok(id))
		return put_topic(dst, sz, -1);
	object_id(obj, sizeof(obj), ha->camera, id);
	return put_topic(dst, sz, snprintf(dst, sz, "%s/%s/%s/config",
	    ha->prefix, component, obj));
}

int
topics_ha_check_topic(char *dst, size_t sz, const struct topics_ha *ha,
    const char *id)
{
	return ha_topic(dst, sz, ha, "binary_sensor", id);
}

void
topics_ha_config_url(char *dst, size_t sz, bool enabled, const char *listen,
    bool tls)
{
	static const char *const unreachable[] = { "0.0.0.0:", "127.",
		"[::]:", "[::1]:", "localhost:", NULL };
	size_t i;

	dst[0] = '\0';
	if (!enabled || !listen[0])
		return;
	for (i = 0; unreachable[i]; i++)
		if (!strncmp(listen, unreachable[i], strlen(unreachable[i])))
			return;
	snprintf(dst, sz, "%s://%s/", tls ? "https" : "http", listen);
}

/* Component and object id suffix of each entity. */
static const struct {
	const char	*component, *id;
} ha_entities[TOPICS_HA_ENTITY_COUNT] = {
	[TOPICS_HA_SCORE] = { "sensor", "score" },
	[TOPICS_HA_FAIL_CRITICAL] = { "sensor", "fail_critical" },
	[TOPICS_HA_FAIL_HIGH] = { "sensor", "fail_high" },
	[TOPICS_HA_BLOCKED] = { "sensor", "blocked" },
	[TOPICS_HA_ALARM] = { "event", "ids_alarm" },
};

int
topics_ha_entity_topic(char *dst, size_t sz, const struct topics_ha *ha,
    enum topics_ha_entity e)
{
	if ((unsigned)e >= TOPICS_HA_ENTITY_COUNT)
		return put_topic(dst, sz, -1);
	return ha_topic(dst, sz, ha, ha_entities[e].component,
	    ha_entities[e].id);
}

/* The members every entity of a camera shares: availability, device. */
static void
ha_common(struct jw *jw, const struct topics_ha *ha, const char *id)
{
	char t[MQTT_TOPIC_MAX], obj[2 * CONF_STR_MAX];

	object_id(obj, sizeof(obj), ha->camera, id);
	snprintf(t, sizeof(t), "camguard_%s", obj);
	jw_str(jw, "unique_id", t);
	topics_name(t, sizeof(t), ha->root, ha->camera, TOPICS_STATUS);
	jw_str(jw, "availability_topic", t);
	jw_str(jw, "availability_template", "{{ value_json.state }}");
	jw_obj_begin(jw, "device");
	jw_arr_begin(jw, "identifiers");
	object_id(obj, sizeof(obj), "camguard", ha->camera);
	jw_str(jw, NULL, obj);
	jw_arr_end(jw);
	jw_str(jw, "name", ha->camera);
	/* camguard reads MOBOTIX cameras (their configuration and API) */
	jw_str(jw, "manufacturer", "MOBOTIX");
	if (ha->model && ha->model[0])
		jw_str(jw, "model", ha->model);
	if (ha->firmware && ha->firmware[0])
		jw_str(jw, "sw_version", ha->firmware);
	if (ha->config_url && ha->config_url[0])
		jw_str(jw, "configuration_url", ha->config_url);
	jw_obj_end(jw);
}

int
topics_ha_check(char *buf, size_t sz, const struct topics_ha *ha,
    const char *id, const char *title)
{
	char t[MQTT_TOPIC_MAX], name[POLICY_TITLE_MAX + 32];
	struct jw jw;

	if (topics_check(t, sizeof(t), ha->root, ha->camera, id) < 0)
		return put_topic(buf, sz, -1);
	snprintf(name, sizeof(name), "%s %s", id, title ? title : "");
	jw_init(&jw, buf, sz);
	jw_obj_begin(&jw, NULL);
	jw_str(&jw, "name", name);
	jw_str(&jw, "state_topic", t);
	jw_str(&jw, "value_template",
	    "{{ 'ON' if value_json.result == 'fail' else 'OFF' }}");
	jw_str(&jw, "device_class", "problem");
	jw_str(&jw, "entity_category", "diagnostic");
	jw_str(&jw, "json_attributes_topic", t);
	jw_str(&jw, "json_attributes_template", "{{ {'severity': "
	    "value_json.severity, 'evidence': value_json.evidence, "
	    "'remediation': value_json.remediation} | tojson }}");
	ha_common(&jw, ha, id);
	jw_obj_end(&jw);
	return jw_finish(&jw);
}

/* A sensor reading one number from a retained topic of the camera. */
static int
ha_sensor(char *buf, size_t sz, const struct topics_ha *ha,
    enum topics_ha_entity e, const char *suffix, const char *name,
    const char *tpl, const char *unit)
{
	char t[MQTT_TOPIC_MAX];
	struct jw jw;

	if (topics_name(t, sizeof(t), ha->root, ha->camera, suffix) < 0)
		return put_topic(buf, sz, -1);
	jw_init(&jw, buf, sz);
	jw_obj_begin(&jw, NULL);
	jw_str(&jw, "name", name);
	jw_str(&jw, "state_topic", t);
	jw_str(&jw, "value_template", tpl);
	if (unit)
		jw_str(&jw, "unit_of_measurement", unit);
	jw_str(&jw, "state_class", "measurement");
	if (e != TOPICS_HA_BLOCKED)
		jw_str(&jw, "entity_category", "diagnostic");
	ha_common(&jw, ha, ha_entities[e].id);
	jw_obj_end(&jw);
	return jw_finish(&jw);
}

/* Every intrusion alarm as an event of type ids_alarm, with its source. */
static int
ha_alarm(char *buf, size_t sz, const struct topics_ha *ha)
{
	char t[MQTT_TOPIC_MAX];
	struct jw jw;

	if (topics_name(t, sizeof(t), ha->root, ha->camera, TOPICS_ALARM) < 0)
		return put_topic(buf, sz, -1);
	jw_init(&jw, buf, sz);
	jw_obj_begin(&jw, NULL);
	jw_str(&jw, "name", "Intrusion alarm");
	jw_str(&jw, "state_topic", t);
	jw_arr_begin(&jw, "event_types");
	jw_str(&jw, NULL, "ids_alarm");
	jw_arr_end(&jw);
	jw_str(&jw, "value_template", "{{ {'event_type': 'ids_alarm', "
	    "'ip': value_json.ip, 'prefix': value_json.prefix, "
	    "'attempts': value_json.attempts, 'user': value_json.user, "
	    "'blocked': value_json.blocked} | tojson }}");
	ha_common(&jw, ha, ha_entities[TOPICS_HA_ALARM].id);
	jw_obj_end(&jw);
	return jw_finish(&jw);
}

int
topics_ha_entity(char *buf, size_t sz, const struct topics_ha *ha,
    enum topics_ha_entity e)
{
	switch (e) {
	case TOPICS_HA_SCORE:
		return ha_sensor(buf, sz, ha, e, TOPICS_SUMMARY,
		    "Hardening score", "{{ (value_json.score * 100) | round(1) "
		    "if value_json.score is number else None }}", "%");
	case TOPICS_HA_FAIL_CRITICAL:
		return ha_sensor(buf, sz, ha, e, TOPICS_SUMMARY,
		    "Failed critical checks",
		    "{{ value_json.counts.fail_critical }}", NULL);
	case TOPICS_HA_FAIL_HIGH:
		return ha_sensor(buf, sz, ha, e, TOPICS_SUMMARY,
		    "Failed high checks", "{{ value_json.counts.fail_high }}",
		    NULL);
	case TOPICS_HA_BLOCKED:
		return ha_sensor(buf, sz, ha, e, TOPICS_BLOCKED,
		    "Sources blocked now", "{{ value_json.count }}", NULL);
	case TOPICS_HA_ALARM:
		return ha_alarm(buf, sz, ha);
	default:
		return put_topic(buf, sz, -1);
	}
}
