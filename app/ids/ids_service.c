/*
 * ids_service.c - intrusion detection inside `camguard run`.
 *
 * Owns the live pipeline: log tailers -> parser -> detector -> firewall
 * (through ids_enforce and fw.h) and the state file; hands each decision
 * to the daemon, which passes it to the other services (MQTT, status).
 * Live counting uses monotonic seconds; decisions leave here with
 * wall-clock block ends.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check/camcfg.h"
#include "check/policy.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/service.h"
#include "ids/ids.h"
#include "ids/ids_enforce.h"
#include "ids/ids_service.h"
#include "ids/ids_state.h"
#include "platform/fw/fw.h"
#include "platform/tail.h"

struct ids_source {
	struct ids_service	*svc;
	struct tail		*tail;
	enum ids_format		 format;
	char			 path[CONF_PATH_MAX];
};

struct ids_service {
	struct loop		*loop;
	struct daemon_view	*view;
	struct ids_detect	*detect;
	struct ids_enforce	 enforce;
	bool			 fw_up;
	int64_t			 tick_timer;
	size_t			 n_sources;
	struct ids_source	 sources[CONF_SOURCES_MAX];
	uint64_t		 malformed, too_long;
	struct ids_state_entry	 saved[IDS_BLOCKED_SAVE_MAX];
	size_t			 n_saved;
};

static int64_t
mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

/* A block end on the detector's monotonic clock, as epoch seconds. */
static int64_t
to_epoch(int64_t until_mono)
{
	if (until_mono == 0)
		return 0;
	return (int64_t)time(NULL) + (until_mono - mono_s());
}

/* The inverse, for blocks read back from the state file. */
static int64_t
to_mono(int64_t until_epoch)
{
	int64_t m;

	if (until_epoch == 0)
		return 0;
	m = mono_s() + (until_epoch - (int64_t)time(NULL));
	return m > 0 ? m : 1;
}

static void
refresh_view(struct ids_service *s)
{
	ids_detect_stats(s->detect, &s->view->ids);
	s->view->ids_sources_readable = 0;
	for (size_t i = 0; i < s->n_sources; i++)
		s->view->ids_sources_readable += s->sources[i].tail != NULL;
}

static void	tick_arm(struct ids_service *);

/* ---- the state file: the blocks, kept across restarts in one boot ----- */

static void
collect_block(const struct addr_net *net, int64_t until, void *arg)
{
	struct ids_service *s = arg;

	if (s->n_saved < IDS_BLOCKED_SAVE_MAX) {
		s->saved[s->n_saved].net = *net;
		s->saved[s->n_saved].until = to_epoch(until);
		s->n_saved++;
	}
}

static void
state_save(struct ids_service *s)
{
	const char *path = s->view->conf->ids.state_file;

	if (!path[0])
		return;
	s->n_saved = 0;
	ids_detect_blocked(s->detect, collect_block, s, IDS_BLOCKED_SAVE_MAX);
	if (ids_state_save(path, s->saved, s->n_saved, time(NULL)) < 0)
		log_warnx("ids: state file %s not saved", path);
}

/* Blocks of an earlier run of this boot go back to the firewall. */
static void
state_restore(struct ids_service *s)
{
	const char *path = s->view->conf->ids.state_file;
	struct ids_state_info info;
	struct ids_decision d;
	size_t i, n;

	if (!path[0])
		return;
	n = ids_state_load(path, time(NULL), s->saved, IDS_BLOCKED_SAVE_MAX,
	    &info);
	if (info.other_boot)
		log_info("ids: %s is from another boot; its blocks ended with "
		    "it", path);
	memset(&d, 0, sizeof(d));
	d.action = IDS_BLOCK;
	for (i = 0; i < n; i++) {
		d.net = s->saved[i].net;
		if (s->fw_up)
			ids_enforce_decision(&s->enforce, &d,
			    s->saved[i].until);
		ids_detect_restore(s->detect, &d.net,
		    to_mono(s->saved[i].until), mono_s());
	}
	tick_arm(s);
	if (n)
		log_info("ids: %zu blocks restored from %s", n, path);
}

/* ---- decisions --------------------------------------------------------- */

static void
on_decision(const struct ids_decision *d, void *arg)
{
	struct ids_service *s = arg;
	int64_t until = to_epoch(d->until);
	char net[ADDR_STR_MAX];

	addr_format(&d->net, net, sizeof(net));
	if (d->action == IDS_ALARM)
		log_warnx("ids: alarm for %s after %u failures%s", net,
		    d->attempts, d->allowlisted ? " (allowlisted)" : "");
	else
		log_info("ids: %s %s", d->action == IDS_BLOCK ? "block" :
		    "release", net);
	if (d->action != IDS_ALARM && s->fw_up)
		ids_enforce_decision(&s->enforce, d, until);
	refresh_view(s);
	if (s->view->decision)
		s->view->decision(s->view, d, until);
	if (d->action != IDS_ALARM)
		state_save(s);
}

static void	tick(void *);

static void
tick_arm(struct ids_service *s)
{
	int64_t next = ids_detect_next(s->detect, mono_s());

	loop_timer_cancel(s->loop, s->tick_timer);
	s->tick_timer = 0;
	if (next >= 0)
		s->tick_timer = loop_timer_add(s->loop,
		    (uint64_t)(next + 1) * 1000, tick, s);
}

static void
tick(void *arg)
{
	struct ids_service *s = arg;

	s->tick_timer = 0;
	ids_detect_tick(s->detect, mono_s());
	tick_arm(s);
}

static void
on_line(const char *line, size_t len, void *arg)
{
	struct ids_source *src = arg;
	struct ids_service *s = src->svc;
	struct ids_event ev;
	int rc;

	rc = ids_parse(src->format, line, len, &ev);
	if (rc == IDS_E_TOO_LONG)
		s->too_long++;
	else if (rc < 0)
		s->malformed++;
	if (rc != IDS_EVENT)
		return;
	ids_detect_event(s->detect, &ev, mono_s());
	refresh_view(s);
	tick_arm(s);
}

static void
on_tail_error(const char *path, int errnum, void *arg)
{
	char safe[LOG_FIELD_MAX * 4 + 4];

	(void)arg;
	log_warnx("ids: %s: %s", log_escape(safe, sizeof(safe), path,
	    strlen(path)), strerror(errnum));
}

/* ---- sources and firewall --------------------------------------------- */

static void
sources_close(struct ids_service *s)
{
	for (size_t i = 0; i < s->n_sources; i++)
		tail_close(s->sources[i].tail);
	s->n_sources = 0;
}

static void
sources_open(struct ids_service *s, const struct conf *c)
{
	struct ids_source *src;

	for (size_t i = 0; i < c->ids.n_sources; i++) {
		src = &s->sources[s->n_sources++];
		src->svc = s;
		src->format = (enum ids_format)c->ids.sources[i].format;
		snprintf(src->path, sizeof(src->path), "%s",
		    c->ids.sources[i].path);
		src->tail = tail_open(s->loop, src->path, TAIL_FROM_END,
		    on_line, on_tail_error, src);
		if (!src->tail)
			log_warnx("ids: cannot follow %s", src->path);
	}
}

static bool
sources_same(const struct ids_service *s, const struct conf *c)
{
	if (s->n_sources != c->ids.n_sources)
		return false;
	for (size_t i = 0; i < s->n_sources; i++)
		if (strcmp(s->sources[i].path, c->ids.sources[i].path) ||
		    s->sources[i].format !=
		    (enum ids_format)c->ids.sources[i].format)
			return false;
	return true;
}

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
	if (!(s->detect = ids_detect_new(&rules, on_decision, s)) ||
	    firewall_start(s) < 0) {
		ids_stop(s, v);
		return NULL;
	}
	v->detect = s->detect;
	state_restore(s);
	sources_open(s, v->conf);
	refresh_view(s);
	return s;
}

static int
ids_apply(void *arg, struct daemon_view *v)
{
	struct ids_service *s = arg;
	struct ids_rules rules;

	ids_rules_from_conf(v->conf, &rules);
	if (ids_detect_set_rules(s->detect, &rules) < 0)
		return -1;
	v->detect = s->detect;
	if (!sources_same(s, v->conf)) {
		sources_close(s);
		sources_open(s, v->conf);
	}
	refresh_view(s);
	tick_arm(s);
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
	sources_close(s);
	if (s->loop)
		loop_timer_cancel(s->loop, s->tick_timer);
	if (s->fw_up) {
		ids_enforce_fini(&s->enforce);
		fw_fini();
	}
	if (s->detect)
		ids_detect_free(s->detect);
	v->detect = NULL;
	free(s);
}

const struct service_ops ids_service = {
	.name = "ids",
	.enabled = ids_enabled,
	.start = ids_start,
	.apply = ids_apply,
	.stop = ids_stop,
};
