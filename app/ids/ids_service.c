/*
 * ids_service.c - intrusion detection inside `camguard run`.
 *
 * Owns the live pipeline: log tailers -> parser -> detector -> firewall
 * (through ids_enforce and fw.h) and the state file; hands each decision
 * to the daemon, which passes it to the other services (MQTT, status).
 * Live counting uses monotonic seconds; decisions leave here with
 * wall-clock block ends.
 *
 * Only real blocks are blocks (issue 14): the detector blocks only while
 * blocking is ON (ids.block, a backend that started and, for camera-acl,
 * a camera whose IP-Level Access Control is on); otherwise it alarms only
 * and the view says why.  An alarm that comes with a new block waits for
 * the firewall's answer, so "blocked" is true only when it took the
 * block.  The sources' health (open, error, last line) is refreshed every
 * IDS_HEALTH_MS for the documents.
 */
#include <errno.h>
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
#include "core/readfile.h"
#include "core/service.h"
#include "ids/ids.h"
#include "ids/ids_enforce.h"
#include "ids/ids_fleet.h"
#include "ids/ids_health.h"
#include "ids/ids_service.h"
#include "ids/ids_state.h"
#include "proto/priv_policy.h"
#include "platform/fw/fw.h"
#include "platform/tail.h"
#include "proto/cmd.h"

struct ids_source {
	struct ids_service	*svc;
	struct tail		*tail;
	enum ids_format		 format;
	char			 path[CONF_PATH_MAX];
	int64_t			 last_line;	/* wall clock; 0 none yet */
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
	uint64_t		 state_refused;	/* at restore */
	size_t			 state_unsaved;	/* left out of the last save */
	struct ids_state_entry	 saved[IDS_BLOCKED_SAVE_MAX];
	size_t			 n_saved;
	/* Added for operators and shared bans (issue 16). */
	struct ids_fleet	 fleet;
	bool			 fleet_up;
	int64_t			 health_timer;
	/* an alarm waiting for its block's answer from the firewall */
	struct ids_decision	 held;
	int64_t			 held_until;
	bool			 have_held;
	bool			 bulk;	/* a flush: no per-source work */
	int			 fw_rc;	/* the last decision's, for operators */
	size_t			 fw_failed;	/* refused in a flush */
	size_t			 n_notes;
	struct ids_note {
		struct addr_net	net;
		char		reason[CMD_REASON_MAX];
	}			 notes[IDS_NOTES_MAX];
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
	struct daemon_view *v = s->view;
	struct ids_enforce_stats es;
	bool changed = v->n_ids_sources != s->n_sources;
	size_t i;

	ids_detect_stats(s->detect, &v->ids);
	ids_enforce_stats(&s->enforce, &es);
	v->ids.refused = es.refused;
	v->ids.state_refused = s->state_refused;
	v->ids.state_unsaved = s->state_unsaved;
	v->ids_sources_readable = 0;
	v->n_ids_sources = s->n_sources;
	for (i = 0; i < s->n_sources; i++) {
		changed |= ids_source_view(s->sources[i].tail,
		    s->sources[i].path, s->sources[i].last_line,
		    &v->ids_sources[i]);
		v->ids_sources_readable += v->ids_sources[i].readable;
	}
	if (changed)
		v->ids_gen++;
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

/* The blocks into the state file; those past its capacity are counted. */
static void
state_save(struct ids_service *s)
{
	const char *path = s->view->conf->ids.state_file;
	struct ids_stats st;
	size_t was = s->state_unsaved;

	if (!path[0])
		return;
	s->n_saved = 0;
	ids_detect_blocked(s->detect, collect_block, s, IDS_BLOCKED_SAVE_MAX);
	ids_detect_stats(s->detect, &st);
	s->state_unsaved = st.blocked > s->n_saved ? st.blocked - s->n_saved :
	    0;
	/* said when it starts and when it ends, not at every save */
	if (s->state_unsaved && !was)
		log_warnx("ids: state file %s is full: %zu blocks beyond %d "
		    "are not saved (a restart forgets them)", path,
		    s->state_unsaved, IDS_BLOCKED_SAVE_MAX);
	else if (!s->state_unsaved && was)
		log_info("ids: state file %s holds every block again", path);
	if (ids_state_save(path, s->saved, s->n_saved, time(NULL)) < 0)
		log_warnx("ids: state file %s not saved", path);
}

/*
 * One saved block back to the firewall and the detector.  The detector
 * holds a source by the prefix this configuration counts by (/32, /128,
 * ids.ipv6_prefix): a saved entry of another prefix (a hand-edited /8, an
 * ipv6_prefix changed since) is released instead, so that the firewall
 * holds exactly what /status, MQTT and the state file report.
 */
static void
restore_one(struct ids_service *s, struct ids_decision *d,
    const struct ids_state_entry *e, size_t *dropped)
{
	struct addr_net key;
	char net[ADDR_STR_MAX];

	d->net = e->net;
	ids_detect_key(s->detect, &e->net, &key);
	if (key.prefix != e->net.prefix) {
		addr_format(&e->net, net, sizeof(net));
		log_warnx("ids: %s from the state file is not a /%u source "
		    "as counted now; released, not restored", net,
		    key.prefix);
		d->action = IDS_RELEASE;
		ids_enforce_decision(&s->enforce, d, 0);
		(*dropped)++;
		return;
	}
	d->action = IDS_BLOCK;
	ids_enforce_decision(&s->enforce, d, e->until);
	ids_detect_restore(s->detect, &d->net, to_mono(e->until), mono_s());
}

/*
 * A block from the state file passes the rules a new block must (the
 * file is writable by run.user: it may have been tampered with).
 */
static bool
state_entry_ok(struct ids_service *s, const struct priv_policy *pol,
    const struct addr_net *net, const char *path)
{
	char a[ADDR_STR_MAX];
	const char *why;

	if (priv_policy_block(pol, net, &why) == 0)
		return true;
	s->state_refused++;
	log_warnx("ids: state file %s: block of %s refused: %s", path,
	    addr_format(net, a, sizeof(a)), why);
	return false;
}

/* Blocks of an earlier run of this boot go back to the firewall. */
static void
state_restore(struct ids_service *s)
{
	const char *path = s->view->conf->ids.state_file;
	struct ids_state_info info;
	struct priv_policy pol;
	struct ids_decision d;
	size_t i, n, dropped = 0;

	if (!path[0])
		return;
	n = ids_state_load(path, time(NULL), s->saved, IDS_BLOCKED_SAVE_MAX,
	    &info);
	if (info.other_boot)
		log_info("ids: %s is from another boot; its blocks ended with "
		    "it", path);
	s->state_refused += info.overflow;
	if (n && s->view->ids_blocking != IDS_BLOCKING_ON) {
		log_warnx("ids: %zu blocks in %s not restored: blocking is %s",
		    n, path, ids_blocking_name(s->view->ids_blocking));
		return;
	}
	priv_policy_from_conf(&pol, s->view->conf);
	memset(&d, 0, sizeof(d));
	for (i = 0; i < n; i++) {
		if (state_entry_ok(s, &pol, &s->saved[i].net, path)) {
			restore_one(s, &d, &s->saved[i], &dropped);
			continue;
		}
		/* never blocked again, and released wherever it was */
		d.net = s->saved[i].net;
		d.action = IDS_RELEASE;
		ids_enforce_decision(&s->enforce, &d, 0);
		dropped++;
	}
	tick_arm(s);
	if (n)
		log_info("ids: %zu blocks restored from %s", n - dropped,
		    path);
	if (dropped)
		state_save(s);
}

/* ---- decisions --------------------------------------------------------- */

static void	note_drop(struct ids_service *, const struct addr_net *);

/* The held alarm goes out, "blocked" as the firewall answered. */
static void
held_flush(struct ids_service *s)
{
	if (!s->have_held)
		return;
	s->have_held = false;
	if (s->view->decision)
		s->view->decision(s->view, &s->held, s->held_until);
}

static void
on_decision(const struct ids_decision *d, void *arg)
{
	struct ids_service *s = arg;
	int64_t until = to_epoch(d->until);
	char net[ADDR_STR_MAX];
	bool answers_held = s->have_held && d->action == IDS_BLOCK &&
	    !memcmp(&d->net, &s->held.net, sizeof(d->net));

	if (s->have_held && !answers_held)
		held_flush(s);
	if (d->action == IDS_BLOCK && s->fleet_up)
		ids_fleet_own_block(&s->fleet, &d->net);
	if (d->action == IDS_RELEASE)
		note_drop(s, &d->net);

	addr_format(&d->net, net, sizeof(net));
	if (d->action == IDS_ALARM)
		log_warnx("ids: alarm for %s after %u failures%s", net,
		    d->attempts, d->allowlisted ? " (allowlisted)" : "");
	else
		log_info("ids: %s %s", d->action == IDS_BLOCK ? "block" :
		    "release", net);
	s->fw_rc = 0;
	if (d->action != IDS_ALARM && s->fw_up)
		s->fw_rc = ids_enforce_decision(&s->enforce, d, until);
	s->fw_failed += s->fw_rc < 0;
	refresh_view(s);
	if (d->action == IDS_ALARM && d->blocked) {
		/* its block comes next: wait for the firewall's answer */
		s->held = *d;
		s->held_until = until;
		s->have_held = true;
		return;
	}
	if (answers_held) {
		s->held.blocked = s->fw_rc == 0;
		held_flush(s);
	}
	if (s->view->decision)
		s->view->decision(s->view, d, until);
	if (d->action != IDS_ALARM && !s->bulk)	/* a flush saves once */
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

	src->last_line = (int64_t)time(NULL);
	rc = ids_parse(src->format, line, len, &ev);
	if (rc == IDS_E_TOO_LONG)
		s->too_long++;
	else if (rc < 0)
		s->malformed++;
	if (rc != IDS_EVENT)
		return;
	ids_detect_event(s->detect, &ev, mono_s());
	held_flush(s);	/* an alarm of a source blocked before */
	refresh_view(s);
	tick_arm(s);
}

static void
on_tail_error(const char *path, int errnum, void *arg)
{
	char safe[LOG_FIELD_MAX * 4 + 4];

	(void)arg;
	log_warnx("ids: %s: %s", log_escape(safe, sizeof(safe), path,
	    strlen(path)), readfile_strerror(errnum));
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

static void	tick_arm(struct ids_service *);

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
		ids_detect_flush(s->detect, mono_s());
		s->bulk = false;
		state_save(s);
		refresh_view(s);
		tick_arm(s);
	}
	return 0;
}

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
	refresh_view(s);
	s->health_timer = loop_timer_add(s->loop, IDS_HEALTH_MS, health_due,
	    s);
}

/* ---- operators (issue 16): the control socket and MQTT cmd/ ----------- */

static struct ids_note *
note_find(struct ids_service *s, const struct addr_net *net)
{
	size_t i;

	for (i = 0; i < s->n_notes; i++)
		if (!memcmp(&s->notes[i].net, net, sizeof(*net)))
			return &s->notes[i];
	return NULL;
}

static void
note_drop(struct ids_service *s, const struct addr_net *net)
{
	struct ids_note *n = note_find(s, net);

	if (n)
		*n = s->notes[--s->n_notes];
}

/* An operator's reason, kept while the block lasts (the oldest goes). */
static void
note_set(struct ids_service *s, const struct addr_net *net,
    const char *reason)
{
	struct ids_note *n;

	note_drop(s, net);
	if (!reason[0])
		return;
	if (s->n_notes == IDS_NOTES_MAX)
		memmove(&s->notes[0], &s->notes[1],
		    --s->n_notes * sizeof(s->notes[0]));
	n = &s->notes[s->n_notes++];
	n->net = *net;
	snprintf(n->reason, sizeof(n->reason), "%s", reason);
}

static int
op_fail(struct cmd_out *o, const char *why)
{
	o->ok = false;
	snprintf(o->error, sizeof(o->error), "%s", why);
	return -1;
}

/* The detector's key for an operator's address, or -1 with the reason. */
static int
op_key(struct ids_service *s, const struct cmd_req *rq,
    struct addr_net *key, struct cmd_out *o)
{
	const char *why;

	if (!rq->has_net)
		return op_fail(o, "no address");
	if (cmd_net_check(&rq->net, &why) < 0)
		return op_fail(o, why);
	if (rq->net.family == 6 &&
	    rq->net.prefix < s->view->conf->ids.ipv6_prefix) {
		o->ok = false;
		snprintf(o->error, sizeof(o->error), "/%u is wider than "
		    "ids.ipv6_prefix (/%lld) allows", rq->net.prefix,
		    s->view->conf->ids.ipv6_prefix);
		return -1;
	}
	ids_detect_key(s->detect, &rq->net, key);
	return 0;
}

static void
op_block(struct ids_service *s, const struct cmd_req *rq,
    struct cmd_out *o)
{
	struct addr_net key;
	char net[ADDR_STR_MAX];
	const char *why;

	if (op_key(s, rq, &key, o) < 0)
		return;
	if (!s->fw_up) {
		op_fail(o, "blocking is off here (ids.block is false or "
		    "ids.block_backend is none)");
		return;
	}
	if ((why = ids_fleet_refused(&s->fleet, &key))) {
		op_fail(o, why);
		return;
	}
	s->fw_rc = 0;
	if (ids_detect_block(s->detect, &key, rq->for_s, mono_s()) < 0) {
		op_fail(o, "no room: every tracked source is blocked");
		return;
	}
	note_set(s, &key, rq->reason);
	tick_arm(s);
	addr_format(&key, net, sizeof(net));
	log_info("ids: %s blocked by an operator", net);
	if (s->fw_rc < 0)
		op_fail(o, "the firewall has not taken it yet (it is "
		    "retried)");
}

static void
op_unblock(struct ids_service *s, const struct cmd_req *rq,
    struct cmd_out *o)
{
	struct addr_net key;
	char net[ADDR_STR_MAX];
	bool shared;
	int own;

	if (op_key(s, rq, &key, o) < 0)
		return;
	shared = ids_fleet_unblock(&s->fleet, &key);
	s->fw_rc = 0;
	own = ids_detect_unblock(s->detect, &key, mono_s());
	note_drop(s, &key);
	refresh_view(s);
	tick_arm(s);
	addr_format(&key, net, sizeof(net));
	log_info("ids: %s unblocked by an operator (%s)", net, own ? "its "
	    "block and count are gone" : shared ? "a shared block" :
	    "it was not blocked");
	if (s->fw_rc < 0)
		op_fail(o, "the firewall has not released it yet (it "
		    "is retried)");
}

static void
op_flush(struct ids_service *s, struct cmd_out *o)
{
	size_t n;

	/* each source released on its own: every backend records it */
	s->fw_failed = 0;
	s->bulk = true;
	n = ids_detect_flush(s->detect, mono_s());
	s->bulk = false;
	n += s->fleet.table.n;
	ids_fleet_flush(&s->fleet);
	s->n_notes = 0;
	state_save(s);
	if (s->fw_failed)
		op_fail(o, "the firewall has not taken every release yet "
		    "(they are retried)");
	refresh_view(s);
	tick_arm(s);
	log_info("ids: flushed by an operator: %zu blocks released", n);
}

void
ids_service_command(void *arg, const struct cmd_req *rq, struct cmd_out *o)
{
	struct ids_service *s = arg;

	o->ok = true;
	o->error[0] = '\0';
	switch (rq->verb) {
	case CMD_BLOCK:
		op_block(s, rq, o);
		break;
	case CMD_UNBLOCK:
		op_unblock(s, rq, o);
		break;
	case CMD_FLUSH:
		op_flush(s, o);
		break;
	case CMD_LIST:
		break;
	default:
		op_fail(o, "not a command of the IDS");
	}
}

struct list_ctx {
	struct ids_service	*s;
	ids_list_fn		 fn;
	void			*arg;
};

static void
list_own(const struct addr_net *net, int64_t until, void *arg)
{
	struct list_ctx *c = arg;
	struct ids_note *n = note_find(c->s, net);
	struct ids_listed l = { .net = *net, .until = to_epoch(until),
		.reason = n ? n->reason : NULL };

	c->fn(&l, c->arg);
}

size_t
ids_service_list(void *arg, ids_list_fn fn, void *fnarg, size_t max)
{
	struct ids_service *s = arg;
	struct list_ctx c = { .s = s, .fn = fn, .arg = fnarg };
	size_t n;

	n = ids_detect_blocked(s->detect, list_own, &c, max);
	if (s->fleet_up && n < max)
		n += ids_fleet_list(&s->fleet, fn, fnarg, max - n);
	return n;
}

void
ids_service_shared(void *arg, const struct ids_shared_msg *m)
{
	struct ids_service *s = arg;

	if (s->fleet_up)
		ids_fleet_msg(&s->fleet, m);
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
	if (!(s->detect = ids_detect_new(&rules, on_decision, s))) {
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
	state_restore(s);
	sources_open(s, v->conf);
	refresh_view(s);
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
