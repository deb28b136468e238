/*
 * ids_service.c - intrusion detection inside `camguard run`: the service
 * the daemon starts, reloads and stops (service_ops).
 *
 * The service runs the live pipeline: log tailers -> parser -> detector
 * -> firewall (through ids_enforce and fw.h) and the state file, and
 * hands each decision to the daemon, which passes it to the other
 * services (MQTT, SIEM, status).  This file starts and stops it, starts
 * the firewall and decides whether blocking is on; the other parts are
 * ids_service_lines.c (sources and decisions), ids_service_cmd.c
 * (operators, shared bans), ids_service_state.c (the state file) and
 * ids_service_base.c (clocks, view, timer), all below this one
 * (ids_service_int.h says why it is cut so).
 *
 * Only real blocks are blocks (issue 14): the detector blocks only while
 * blocking is ON (ids.block, a backend that started and, for camera-acl,
 * a camera whose IP-Level Access Control is on); otherwise it alarms only
 * and the view says why.  The sources' health (open, error, last line)
 * is refreshed every IDS_HEALTH_MS for the documents.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/camcfg.h"
#include "check/policy.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/service.h"
#include "ids/ids.h"
#include "ids/ids_enforce.h"
#include "ids/ids_fleet.h"
#include "ids/ids_health.h"
#include "ids/ids_service.h"
#include "ids/ids_service_int.h"
#include "platform/fw/fw.h"
#include "platform/tail.h"

/* ---- the firewall ---------------------------------------------------- */

/* Block ports: ids.ports, else the camera's web ports (policy keys). */
static void
camera_ports(const struct daemon_view *v, struct fw_conf *fc)
{
	const struct policy_check *pc;
	const char *val, *item;
	size_t len, ilen, pos = 0;
	long p;

	if (fc->n_ports || !v->cfg || !(pc = policy_check_find(v->policy,
	    "MX-11")))
		goto fallback;
	if (policy_value(v->policy, pc, v->cfg, "http_ports", &val, &len) !=
	    POLICY_NO_ROLE)
		while (camcfg_list_next(val, len, &pos, &item, &ilen) &&
		    fc->n_ports < CONF_PORTS_MAX)
			if ((p = strtol(item, NULL, 10)) > 0 && p < 65536)
				fc->ports[fc->n_ports++] = (uint16_t)p;
	if (policy_value(v->policy, pc, v->cfg, "https_port", &val, &len) !=
	    POLICY_NO_ROLE && (p = strtol(val, NULL, 10)) > 0 && p < 65536 &&
	    fc->n_ports < CONF_PORTS_MAX)
		fc->ports[fc->n_ports++] = (uint16_t)p;
fallback:
	if (fc->n_ports == 0) {
		fc->ports[fc->n_ports++] = 80;
		fc->ports[fc->n_ports++] = 443;
	}
}

static int
firewall_start(struct ids_service *s)
{
	const struct conf *c = s->view->conf;
	struct fw_conf fc;

	if (!c->ids.block || c->ids.block_backend == CONF_FW_NONE)
		return 0;
	if (fw_conf_set(&fc, c) < 0)
		return -1;
	camera_ports(s->view, &fc);
	if ((s->view->fw_proxy ? fw_init_ops(s->view->fw_proxy, &fc) :
	    fw_init(&fc)) < 0)
		return -1;
	s->fw_up = true;
	ids_enforce_init(&s->enforce, s->loop);
	return 0;
}

/* ---- blocking: on only when blocks are really made -------------------- */

/* The detector's rules: blocks only while blocking is on. */
static int
rules_apply(struct ids_service *s)
{
	struct ids_rules rules;

	ids_rules_from_conf(s->view->conf, &rules);
	rules.block = rules.block &&
	    s->view->ids_blocking == IDS_BLOCKING_ON;
	return ids_detect_set_rules(s->detect, &rules);
}

/* Work out blocking again; off from on releases what was blocked. */
static int
blocking_update(struct ids_service *s)
{
	struct daemon_view *v = s->view;
	char why[sizeof(v->ids_blocking_why)];
	enum ids_blocking b = ids_blocking_decide(v->conf, s->fw_up,
	    ids_camera_acl_on(v), why, sizeof(why)), was;

	was = v->ids_blocking;
	if (b != was || strcmp(why, v->ids_blocking_why)) {
		v->ids_blocking = b;
		snprintf(v->ids_blocking_why, sizeof(v->ids_blocking_why),
		    "%s", why);
		v->ids_gen++;
		if (b == IDS_BLOCKING_ON)
			log_info("ids: blocking is on (%s)", conf_backend_name(
			    v->conf->ids.block_backend));
		else
			log_warnx("ids: blocking is %s: %s",
			    ids_blocking_name(b), why);
	}
	if (rules_apply(s) < 0)
		return -1;
	if (was == IDS_BLOCKING_ON && b != IDS_BLOCKING_ON) {
		s->bulk = true;
		ids_detect_flush(s->detect, ids_service_mono());
		s->bulk = false;
		ids_service_state_save(s);
		ids_service_refresh(s);
		ids_service_tick_arm(s);
	}
	return 0;
}

/* ---- the sources' health -------------------------------------------- */

static void
health_due(void *arg)
{
	struct ids_service *s = arg;
	struct tail_stats st;
	size_t i;

	/* a source not read (its mode fixed, no event since): try again */
	for (i = 0; i < s->n_sources; i++) {
		if (!s->sources[i].tail)
			continue;
		tail_stats(s->sources[i].tail, &st);
		if (!st.open)
			tail_check(s->sources[i].tail);
	}
	ids_service_refresh(s);
	s->health_timer = loop_timer_add(s->loop, IDS_HEALTH_MS, health_due,
	    s);
}

/* ---- service ops ------------------------------------------------------ */

static bool
ids_enabled(const struct daemon_view *v)
{
	return v->conf->ids.enabled;
}

static void ids_stop(void *, struct daemon_view *);

static void *
ids_start(struct loop *loop, struct daemon_view *v)
{
	struct ids_service *s = calloc(1, sizeof(*s));
	struct ids_rules rules;

	if (!s)
		return NULL;
	s->loop = loop;
	s->view = v;
	ids_rules_from_conf(v->conf, &rules);
	rules.block = false;	/* until blocking_update() knows better */
	s->detect = ids_detect_new(&rules, ids_service_on_decision, s);
	if (!s->detect) {
		ids_stop(s, v);
		return NULL;
	}
	/* a backend that fails leaves an IDS that alarms, and says so */
	if (firewall_start(s) < 0)
		log_warnx("ids: the %s backend did not start",
		    conf_backend_name(v->conf->ids.block_backend));
	v->ids_blocking = IDS_BLOCKING_OFF;
	v->ids_blocking_why[0] = '\0';
	if (blocking_update(s) < 0) {
		ids_stop(s, v);
		return NULL;
	}
	v->detect = s->detect;
	if (ids_fleet_init(&s->fleet, loop, v, s->detect, s->fw_up ?
	    &s->enforce : NULL) < 0) {
		ids_stop(s, v);
		return NULL;
	}
	s->fleet_up = true;
	ids_service_state_restore(s);
	ids_service_sources_open(s, v->conf);
	ids_service_refresh(s);
	v->ids_running = true;
	v->ids_gen++;
	s->health_timer = loop_timer_add(loop, IDS_HEALTH_MS, health_due, s);
	return s;
}

static int
ids_apply(void *arg, struct daemon_view *v)
{
	struct ids_service *s = arg;

	if (blocking_update(s) < 0)
		return -1;
	v->detect = s->detect;
	if (s->fleet_up && ids_fleet_apply(&s->fleet) < 0)
		log_warnx("ids: ids.fleet.max keeps its old value");
	if (!ids_service_sources_same(s, v->conf)) {
		ids_service_sources_close(s);
		ids_service_sources_open(s, v->conf);
	}
	ids_service_refresh(s);
	ids_service_tick_arm(s);
	return 0;
}

static void
ids_stop(void *arg, struct daemon_view *v)
{
	struct ids_service *s = arg;

	if (s->malformed || s->too_long)
		log_info("ids: %" PRIu64 " log lines skipped (%" PRIu64
		    " malformed, %" PRIu64 " over %d bytes)",
		    s->malformed + s->too_long, s->malformed, s->too_long,
		    LOG_LINE_MAX);
	ids_service_sources_close(s);
	if (s->fleet_up)
		ids_fleet_fini(&s->fleet);
	if (s->loop) {
		loop_timer_cancel(s->loop, s->tick_timer);
		loop_timer_cancel(s->loop, s->health_timer);
	}
	v->ids_running = false;
	v->n_ids_sources = 0;
	v->ids_gen++;
	if (s->fw_up) {
		ids_enforce_fini(&s->enforce);
		fw_fini();
	}
	if (s->detect)
		ids_detect_free(s->detect);
	v->detect = NULL;
	free(s);
}

/* A scan may have found the camera's IP access control switched. */
static void
ids_scan_done(void *arg, struct daemon_view *v)
{
	(void)v;
	if (blocking_update(arg) < 0)
		log_warnx("ids: rules not updated after the scan");
}

const struct service_ops ids_service = {
	.name = "ids",
	.enabled = ids_enabled,
	.start = ids_start,
	.apply = ids_apply,
	.scan_done = ids_scan_done,
	.stop = ids_stop,
};
