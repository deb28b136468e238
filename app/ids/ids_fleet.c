/*
 * ids_fleet.c - shared bans on this camera (ids_fleet.h).
 *
 * Owns the table of shared blocks (ids_shared.c), their end timer, the
 * rate of new ones and the rules of what may be blocked here at all.  The
 * firewall is reached through ids_enforce like the detector's own blocks;
 * every change is told to the daemon as an IDS_BLOCK or IDS_RELEASE
 * decision with its origin, so MQTT republishes ids/blocked and the
 * status endpoint shows it, and no alarm is raised.  Shared blocks are
 * not written to the state file: their origin republishes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/conf.h"
#include "core/log.h"
#include "core/loop.h"
#include "ids/ids.h"
#include "ids/ids_enforce.h"
#include "ids/ids_fleet.h"
#include "platform/probe.h"
#include "proto/cmd.h"

/* This camera's addresses are read again after so long. */
#define IDS_FLEET_OWN_S		60

static int64_t
mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

static uint64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
stats(struct ids_fleet *f)
{
	f->view->shared_st.held = f->table.n;
}

/* ---- what may be blocked here ----------------------------------------- */

static bool
overlaps(const struct addr_net *a, const struct addr_net *b)
{
	return addr_in_net(a, b) || addr_in_net(b, a);
}

static bool
in_nets(const struct addr_net *key, const struct addr_net *nets, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (overlaps(key, &nets[i]))
			return true;
	return false;
}

static bool
host_in(const struct addr_net *key, const char *host, size_t len)
{
	struct addr_net a;

	return addr_parse_ip(host, len, &a) == 0 && addr_in_net(&a, key);
}

/* The host of camera.url when it is a literal address. */
static bool
url_host_in(const struct addr_net *key, const char *url)
{
	const char *h = strstr(url, "://"), *end;

	if (!h)
		return false;
	h += 3;
	if (*h == '[') {
		end = strchr(++h, ']');
		return end && host_in(key, h, (size_t)(end - h));
	}
	end = h + strcspn(h, ":/?#");
	return host_in(key, h, (size_t)(end - h));
}

static bool
own_address(struct ids_fleet *f, const struct addr_net *key)
{
	struct addr_net a;
	size_t i;

	if (!f->own_mono || mono_s() - f->own_mono >= IDS_FLEET_OWN_S) {
		probe_ifaddrs(f->own);
		f->own_mono = mono_s();
	}
	for (i = 0; i < f->own->n_addrs; i++) {
		memset(&a, 0, sizeof(a));
		a.family = f->own->addrs[i].family;
		a.prefix = a.family == 4 ? 32 : 128;
		memcpy(a.bytes, f->own->addrs[i].bytes, sizeof(a.bytes));
		if (a.family == 4)
			memset(a.bytes + 4, 0, sizeof(a.bytes) - 4);
		if (addr_in_net(&a, key))
			return true;
	}
	return url_host_in(key, f->view->conf->camera.url);
}

const char *
ids_fleet_refused(struct ids_fleet *f, const struct addr_net *key)
{
	const struct conf *c = f->view->conf;
	const char *why;

	if (cmd_net_check(key, &why) < 0)
		return why;
	if (key->family == 6 && key->prefix < c->ids.ipv6_prefix)
		return "wider than ids.ipv6_prefix";
	if (in_nets(key, c->ids.ignore, c->ids.n_ignore))
		return "in ids.ignore";
	if (in_nets(key, c->ids.allow, c->ids.n_allow))
		return "in ids.allow: allowed sources are never blocked";
	if (host_in(key, c->mqtt.host, strlen(c->mqtt.host)))
		return "the MQTT broker's address";
	if (own_address(f, key))
		return "an address of this camera";
	return NULL;
}

/* ---- the firewall and the daemon -------------------------------------- */

static void	timer_arm(struct ids_fleet *);

static void
tell(struct ids_fleet *f, enum ids_action a, const struct ids_shared_ent *e)
{
	struct ids_decision d;

	memset(&d, 0, sizeof(d));
	d.action = a;
	d.ts = mono_s();
	d.net = e->net;
	d.blocked = a == IDS_BLOCK;
	d.origin = e->origin;
	if (f->enforce)
		ids_enforce_decision(f->enforce, &d, e->until);
	stats(f);
	if (f->view->decision)
		f->view->decision(f->view, &d, e->until);
}

static void
end(struct ids_fleet *f, struct ids_shared_ent *e, const char *why)
{
	struct ids_shared_ent gone = *e;
	char net[ADDR_STR_MAX];

	ids_shared_del(&f->table, e);
	f->view->shared_st.ended++;
	log_info("ids: shared block of %s from %s ends (%s)",
	    addr_format(&gone.net, net, sizeof(net)), gone.origin, why);
	tell(f, IDS_RELEASE, &gone);
}

static void
due(void *arg)
{
	struct ids_fleet *f = arg;
	struct ids_shared_ent *e;
	int64_t now = (int64_t)time(NULL);

	f->timer = 0;
	while ((e = ids_shared_first(&f->table)) && e->until <= now)
		end(f, e, "ids.fleet.block_s or its end");
	timer_arm(f);
}

static void
timer_arm(struct ids_fleet *f)
{
	int64_t next = ids_shared_next(&f->table), now = (int64_t)time(NULL);

	loop_timer_cancel(f->loop, f->timer);
	f->timer = 0;
	if (next == 0)
		return;
	f->timer = loop_timer_add(f->loop, next > now ?
	    (uint64_t)(next - now) * 1000 : 0, due, f);
	if (f->timer < 0) {
		f->timer = 0;
		log_warn("ids: shared block timer");
	}
}

/* ---- taking a block --------------------------------------------------- */

static bool
held_out(struct ids_fleet *f, const struct addr_net *key)
{
	int64_t now = mono_s();
	size_t i;

	for (i = 0; i < IDS_FLEET_HOLDS; i++)
		if (f->holds[i].mono && now - f->holds[i].mono <
		    FLEET_UNBLOCK_HOLD_S && overlaps(key, &f->holds[i].net))
			return true;
	return false;
}

/* One token per new block: FLEET_SHARED_RATE a second, a burst more. */
static bool
token(struct ids_fleet *f)
{
	uint64_t now = mono_ms();

	f->tokens += (double)(now - f->tokens_ms) * FLEET_SHARED_RATE / 1000;
	f->tokens_ms = now;
	if (f->tokens > FLEET_SHARED_BURST)
		f->tokens = FLEET_SHARED_BURST;
	if (f->tokens < 1)
		return false;
	f->tokens -= 1;
	return true;
}

/* A flood is counted and said, the first ten and then every hundredth. */
static void
dropped(uint64_t n, const char *why)
{
	if (n <= 10 || n % 100 == 0)
		log_warnx("ids: a shared block dropped: %s (%llu so far)", why,
		    (unsigned long long)n);
}

static void
take(struct ids_fleet *f, const char *origin,
    const struct ids_shared_block *b, bool from_list)
{
	const struct conf *c = f->view->conf;
	int64_t now = (int64_t)time(NULL), until;
	struct ids_shared_ent *e;
	struct addr_net key;
	char net[ADDR_STR_MAX];

	if (b->until && b->until <= now)
		return;
	if (b->net.family == 6 && b->net.prefix < c->ids.ipv6_prefix) {
		f->view->shared_st.refused++;
		return;
	}
	ids_detect_key(f->detect, &b->net, &key);
	if (!f->enforce || ids_fleet_refused(f, &key)) {
		f->view->shared_st.refused++;
		return;
	}
	if ((from_list && held_out(f, &key)) ||
	    ids_detect_is_blocked(f->detect, &key))
		return;
	until = now + c->ids.fleet.block_s;
	if (b->until && b->until < until)
		until = b->until;
	if ((e = ids_shared_find(&f->table, &key))) {
		/* block_s counts from the first word: only an earlier end */
		if (until < e->until && strcmp(e->origin, origin) == 0) {
			e->until = until;
			tell(f, IDS_BLOCK, e);
			timer_arm(f);
		}
		return;
	}
	if (!token(f)) {
		dropped(++f->view->shared_st.flood, "over the rate of new ones");
		return;
	}
	if (!(e = ids_shared_add(&f->table, &key, until, origin))) {
		dropped(++f->view->shared_st.full, "beyond ids.fleet.max");
		return;
	}
	f->view->shared_st.applied++;
	log_info("ids: shared block of %s from %s until %lld",
	    addr_format(&key, net, sizeof(net)), origin, (long long)until);
	tell(f, IDS_BLOCK, e);
	timer_arm(f);
}

/* Did the origin's list hold e? */
static bool
listed(struct ids_fleet *f, const struct ids_shared_msg *m,
    const struct ids_shared_ent *e)
{
	struct addr_net key;
	size_t i;

	for (i = 0; i < m->n; i++) {
		ids_detect_key(f->detect, &m->blocks[i].net, &key);
		if (!memcmp(&key, &e->net, sizeof(key)))
			return true;
	}
	return false;
}

void
ids_fleet_msg(struct ids_fleet *f, const struct ids_shared_msg *m)
{
	size_t i = 0;

	if (!f->view->conf->ids.fleet.enabled)
		return;
	for (i = 0; i < m->n; i++)
		take(f, m->origin, &m->blocks[i], m->is_list);
	if (!m->is_list || !m->complete)
		return;
	/* the origin no longer blocks what its list leaves out */
	for (i = 0; i < f->table.n;) {
		struct ids_shared_ent *e = &f->table.e[i];

		if (strcmp(e->origin, m->origin) == 0 && !listed(f, m, e)) {
			end(f, e, "its origin released it");
			continue;	/* another entry moved into slot i */
		}
		i++;
	}
	timer_arm(f);
}

/* ---- operators and the detector --------------------------------------- */

void
ids_fleet_own_block(struct ids_fleet *f, const struct addr_net *key)
{
	struct ids_shared_ent *e = ids_shared_find(&f->table, key);

	if (!e)
		return;
	ids_shared_del(&f->table, e);
	stats(f);
	timer_arm(f);
}

bool
ids_fleet_unblock(struct ids_fleet *f, const struct addr_net *key)
{
	struct ids_shared_ent *e;

	f->holds[f->next_hold].net = *key;
	f->holds[f->next_hold].mono = mono_s();
	f->next_hold = (f->next_hold + 1) % IDS_FLEET_HOLDS;
	if (!(e = ids_shared_find(&f->table, key)))
		return false;
	end(f, e, "unblocked by an operator");
	timer_arm(f);
	return true;
}

void
ids_fleet_flush(struct ids_fleet *f)
{
	while (f->table.n > 0)
		end(f, &f->table.e[f->table.n - 1], "flushed by an operator");
	timer_arm(f);
}

size_t
ids_fleet_list(const struct ids_fleet *f, ids_list_fn fn, void *arg,
    size_t max)
{
	struct ids_listed l = { .reason = NULL };
	size_t i;

	for (i = 0; i < f->table.n && i < max; i++) {
		l.net = f->table.e[i].net;
		l.until = f->table.e[i].until;
		l.origin = f->table.e[i].origin;
		fn(&l, arg);
	}
	return i;
}

/* ---- lifetime --------------------------------------------------------- */

int
ids_fleet_init(struct ids_fleet *f, struct loop *loop,
    struct daemon_view *v, struct ids_detect *detect,
    struct ids_enforce *enforce)
{
	memset(f, 0, sizeof(*f));
	f->loop = loop;
	f->view = v;
	f->detect = detect;
	f->enforce = enforce;
	f->tokens = FLEET_SHARED_BURST;
	f->tokens_ms = mono_ms();
	if (!(f->own = calloc(1, sizeof(*f->own))) ||
	    ids_shared_init(&f->table, (size_t)v->conf->ids.fleet.max) < 0) {
		log_warn("ids: shared blocks");
		free(f->own);
		f->own = NULL;
		return -1;
	}
	stats(f);
	return 0;
}

int
ids_fleet_apply(struct ids_fleet *f)
{
	const struct conf *c = f->view->conf;
	size_t cap = (size_t)c->ids.fleet.max, i;
	struct ids_shared_ent *e;

	f->own_mono = 0;
	for (i = 0; i < f->table.n;) {
		e = &f->table.e[i];
		if (!c->ids.fleet.enabled || !conf_fleet_trusts(c, e->origin) ||
		    ids_fleet_refused(f, &e->net)) {
			end(f, e, "the configuration no longer takes it");
			continue;
		}
		i++;
	}
	while (f->table.n > cap && (e = ids_shared_first(&f->table)))
		end(f, e, "beyond ids.fleet.max");
	timer_arm(f);
	return ids_shared_resize(&f->table, cap);
}

void
ids_fleet_fini(struct ids_fleet *f)
{
	if (f->loop)
		loop_timer_cancel(f->loop, f->timer);
	ids_shared_free(&f->table);
	free(f->own);
	f->own = NULL;
}
