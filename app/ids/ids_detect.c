/*
 * ids_detect.c - the intrusion detector: failures in, decisions out, with
 * the camera's Intrusion Detection semantics (spec section 8).
 *
 * Per source (an IPv4 address, or an IPv6 address aggregated to
 * ipv6_prefix): failures are counted in a window that ends after
 * timeout_s without one; at threshold failures the source is alarmed and
 * blocked (unless allowlisted or blocking is off); further alarms come at
 * most every deadtime_s; the n-th block of a source lasts
 * block_s x block_factor^(n-1), capped at block_max_s, or until reboot
 * when block_s is 0.  A block's end is an IDS_RELEASE decision.  The
 * first alarm of a window always comes, the deadtime spaces the later
 * ones.  The decisions carry the user of the failure that caused them.
 *
 * Owns the rules and the counters; the entries live in ids_table.c.  Time
 * never goes backwards here (an earlier `now` is read as the latest one),
 * so the table's active list, touched at every failure, is ordered by
 * last failure and its tail is the next idle expiry: a failure costs a
 * lookup and a list move, O(1), and only blocks use the timer heap,
 * O(log blocked).  An idle source without blocks is forgotten; one with
 * blocks moves to the idle list (count reset) so that its next block is
 * longer, until the LRU evicts it.  A released source goes back to the
 * head of the active list although its last failure is older than its
 * neighbours': its count still resets exactly (checked at each failure),
 * only its memory is reclaimed a little late.  Does no I/O: decisions go
 * to the caller's callback, which must not call back into
 * ids_detect_event() or ids_detect_tick().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/cg_limits.h"
#include "core/conf.h"
#include "core/service.h"
#include "ids/ids.h"
#include "ids/ids_table.h"

struct ids_detect {
	struct ids_rules	 rules;
	struct ids_table	*t;
	ids_decide_fn		 fn;
	void			*arg;
	int64_t			 now;	/* the latest time seen */
	bool			 have_now;
	struct ids_stats	 st;
};

static int64_t
sat_add(int64_t a, int64_t b)
{
	if (b > 0 && a > INT64_MAX - b)
		return INT64_MAX;
	return a + b;
}

static uint32_t
age_add(uint32_t age, int64_t delta)
{
	if (delta >= (int64_t)(UINT32_MAX - age))
		return UINT32_MAX;
	return age + (uint32_t)delta;
}

/* Out-of-order time reads as the latest time seen. */
static int64_t
clock_at(struct ids_detect *d, int64_t now)
{
	if (d->have_now && now < d->now)
		return d->now;
	d->now = now;
	d->have_now = true;
	return now;
}

static bool
rules_ok(const struct ids_rules *r)
{
	return r->threshold >= 1 && r->timeout_s >= 0 &&
	    r->deadtime_s >= 0 && r->block_s >= 0 && r->block_factor >= 1 &&
	    r->block_max_s >= 0 && r->ipv6_prefix <= 128 &&
	    r->max_tracked >= 1 && r->max_tracked <= IDS_TRACK_MAX &&
	    r->n_ignore <= CONF_NETS_MAX && r->n_allow <= CONF_NETS_MAX;
}

void
ids_rules_from_conf(const struct conf *c, struct ids_rules *r)
{
	memset(r, 0, sizeof(*r));
	r->threshold = (unsigned)c->ids.threshold;
	r->timeout_s = (int64_t)c->ids.timeout_min * 60;
	r->deadtime_s = (int64_t)c->ids.deadtime_min * 60;
	r->block = c->ids.block;
	r->block_s = c->ids.block_s;
	r->block_factor = (unsigned)c->ids.block_factor;
	r->block_max_s = c->ids.block_max_s;
	r->ipv6_prefix = (unsigned)c->ids.ipv6_prefix;
	r->max_tracked = (size_t)c->ids.max_tracked;
	r->count_challenges = c->ids.count_challenges;
	r->n_ignore = c->ids.n_ignore;
	r->n_allow = c->ids.n_allow;
	memcpy(r->ignore, c->ids.ignore, sizeof(r->ignore));
	memcpy(r->allow, c->ids.allow, sizeof(r->allow));
}

/* ---- lifetime ----------------------------------------------------------- */

struct ids_detect *
ids_detect_new(const struct ids_rules *r, ids_decide_fn fn, void *arg)
{
	struct ids_detect *d;

	if (!rules_ok(r) || !fn) {
		errno = EINVAL;
		return NULL;
	}
	if (!(d = calloc(1, sizeof(*d))))
		return NULL;
	if (!(d->t = ids_table_new(r->max_tracked, NULL))) {
		free(d);
		return NULL;
	}
	d->rules = *r;
	d->fn = fn;
	d->arg = arg;
	return d;
}

void
ids_detect_free(struct ids_detect *d)
{
	if (!d)
		return;
	ids_table_free(d->t);
	free(d);
}

/* ---- decisions ---------------------------------------------------------- */

static bool
nets_contain(const struct addr_net *nets, size_t n,
    const struct addr_net *ip)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (addr_in_net(ip, &nets[i]))
			return true;
	}
	return false;
}

/*
 * Does a listed net contain the source, or lie inside it?  An allowed
 * host inside an aggregated IPv6 source keeps that source from being
 * blocked: a block would cover the allowed host too.
 */
static bool
nets_overlap(const struct addr_net *nets, size_t n,
    const struct addr_net *src)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (addr_in_net(src, &nets[i]) || addr_in_net(&nets[i], src))
			return true;
	}
	return false;
}

static void
emit(struct ids_detect *d, const struct ids_entry *e, enum ids_action a,
    int64_t ts, const struct ids_event *ev)
{
	struct ids_decision dec;
	size_t n;

	memset(&dec, 0, sizeof(dec));
	dec.action = a;
	dec.ts = ts;
	dec.net = e->key;
	dec.attempts = e->attempts;
	dec.first_seen = e->last_seen - e->first_age;
	dec.last_seen = e->last_seen;
	dec.until = e->until;
	dec.blocked = e->flags & IDS_F_BLOCKED;
	if (a == IDS_ALARM)
		dec.allowlisted = nets_overlap(d->rules.allow,
		    d->rules.n_allow, &e->key);
	if (ev && ev->has_user) {
		n = strnlen(ev->user, sizeof(ev->user) - 1);
		memcpy(dec.user, ev->user, n);
		dec.has_user = true;
	}
	if (a == IDS_ALARM)
		d->st.alarms++;
	else if (a == IDS_BLOCK)
		d->st.blocks++;
	else
		d->st.releases++;
	d->fn(&dec, d->arg);
}

/* The length of a source's n-th block (n >= 1); 0 = until reboot. */
static int64_t
block_len(const struct ids_rules *r, unsigned n)
{
	int64_t len = r->block_s, cap = r->block_max_s;

	if (len == 0)
		return 0;
	if (cap <= 0)
		cap = INT64_MAX;
	while (--n > 0 && r->block_factor > 1 && len < cap) {
		if (len > cap / (int64_t)r->block_factor)
			return cap;
		len *= (int64_t)r->block_factor;
	}
	return len < cap ? len : cap;
}

static void
block(struct ids_detect *d, struct ids_entry *e, int64_t now)
{
	int64_t len;

	if (e->nblocks < UINT8_MAX)
		e->nblocks++;
	len = block_len(&d->rules, e->nblocks);
	e->until = len ? sat_add(now, len) : 0;
	ids_table_move(d->t, e, IDS_LIST_BLOCKED);
	if (e->until)
		ids_table_timer_set(d->t, e, e->until);
	else
		ids_table_timer_clear(d->t, e);
}

static void
decide(struct ids_detect *d, struct ids_entry *e,
    const struct ids_event *ev, int64_t now)
{
	const struct ids_rules *r = &d->rules;
	bool alarm, blk;

	if (e->attempts < r->threshold)
		return;
	blk = r->block && !(e->flags & IDS_F_BLOCKED) &&
	    !nets_overlap(r->allow, r->n_allow, &e->key);
	alarm = !(e->flags & IDS_F_ALARMED) || r->deadtime_s == 0 ||
	    (int64_t)e->alarm_age >= r->deadtime_s;
	if (blk)
		block(d, e, now);
	if (alarm) {
		e->flags |= IDS_F_ALARMED;
		e->alarm_age = 0;
		emit(d, e, IDS_ALARM, now, ev);
	}
	if (blk)
		emit(d, e, IDS_BLOCK, now, ev);
}

/* ---- counting ----------------------------------------------------------- */

static void
reset_window(struct ids_entry *e)
{
	e->attempts = 0;
	e->first_age = 0;
	e->alarm_age = 0;
	e->flags &= (uint8_t)~IDS_F_ALARMED;
}

static bool
window_over(const struct ids_detect *d, const struct ids_entry *e,
    int64_t now)
{
	return d->rules.timeout_s > 0 &&
	    now - e->last_seen >= d->rules.timeout_s;
}

/* The table key: /32, or the address cut to ipv6_prefix. */
static void
source_key(const struct ids_detect *d, const struct addr_net *a,
    struct addr_net *k)
{
	memset(k, 0, sizeof(*k));
	k->family = a->family;
	if (a->family == 4) {
		memcpy(k->bytes, a->bytes, 4);
		k->prefix = 32;
		return;
	}
	memcpy(k->bytes, a->bytes, sizeof(k->bytes));
	k->prefix = 128;
	addr_mask(k, d->rules.ipv6_prefix);
}

static struct ids_entry *
source_entry(struct ids_detect *d, const struct addr_net *k)
{
	struct ids_entry *e;
	bool evicted;

	if ((e = ids_table_get(d->t, k)))
		return e;
	e = ids_table_insert(d->t, k, &evicted);
	if (evicted)
		d->st.evictions++;
	return e;
}

static void
count_failure(struct ids_detect *d, struct ids_entry *e, int64_t now)
{
	if (e->attempts > 0 && window_over(d, e, now))
		reset_window(e);
	e->first_age = age_add(e->first_age, now - e->last_seen);
	e->alarm_age = age_add(e->alarm_age, now - e->last_seen);
	e->last_seen = now;
	if (e->attempts == 0)
		e->first_age = 0;
	if (e->attempts < UINT32_MAX)
		e->attempts++;
	if (e->flags & IDS_F_IDLE)
		ids_table_move(d->t, e, IDS_LIST_ACTIVE);
	else
		ids_table_touch(d->t, e);
}

void
ids_detect_event(struct ids_detect *d, const struct ids_event *ev,
    int64_t now)
{
	struct addr_net key;
	struct ids_entry *e;

	now = clock_at(d, now);
	if (ev->addr.family != 4 && ev->addr.family != 6)
		return;
	if (ev->kind == IDS_CHALLENGE && !d->rules.count_challenges)
		return;
	if (nets_contain(d->rules.ignore, d->rules.n_ignore, &ev->addr)) {
		d->st.ignored++;
		return;
	}
	source_key(d, &ev->addr, &key);
	d->st.failures++;
	if (!(e = source_entry(d, &key))) {
		d->st.untracked++;
		return;
	}
	count_failure(d, e, now);
	decide(d, e, ev, now);
}

/* ---- expiry ------------------------------------------------------------- */

/* The window ended: forget the source, or keep its block history. */
static void
idle_expire(struct ids_detect *d, struct ids_entry *e)
{
	reset_window(e);
	if (e->nblocks == 0)
		ids_table_remove(d->t, e);
	else
		ids_table_move(d->t, e, IDS_LIST_IDLE);
}

static void
release(struct ids_detect *d, struct ids_entry *e, int64_t now)
{
	ids_table_timer_clear(d->t, e);
	ids_table_move(d->t, e, IDS_LIST_ACTIVE);
	emit(d, e, IDS_RELEASE, e->until, NULL);
	e->until = 0;
	if (window_over(d, e, now))
		idle_expire(d, e);
}

int
ids_detect_restore(struct ids_detect *d, const struct addr_net *net,
    int64_t until, int64_t now)
{
	struct ids_entry *e;
	struct addr_net k;

	now = clock_at(d, now);
	source_key(d, net, &k);
	if (!(e = source_entry(d, &k))) {
		d->st.untracked++;
		return -1;
	}
	if (e->flags & IDS_F_BLOCKED)
		return 0;
	if (e->nblocks < UINT8_MAX)
		e->nblocks++;
	e->last_seen = now;
	e->until = until;
	ids_table_move(d->t, e, IDS_LIST_BLOCKED);
	if (until)
		ids_table_timer_set(d->t, e, until);
	else
		ids_table_timer_clear(d->t, e);
	return 0;
}

void
ids_detect_tick(struct ids_detect *d, int64_t now)
{
	struct ids_entry *e;
	int64_t due;

	now = clock_at(d, now);
	while ((e = ids_table_timer_first(d->t, &due)) && due <= now)
		release(d, e, now);
	while ((e = ids_table_prev(d->t, NULL, IDS_LIST_ACTIVE)) &&
	    window_over(d, e, now))
		idle_expire(d, e);
}

int64_t
ids_detect_next(const struct ids_detect *d, int64_t now)
{
	const struct ids_entry *e;
	int64_t due = -1, idle;

	if (!ids_table_timer_first(d->t, &due))
		due = -1;
	e = ids_table_prev(d->t, NULL, IDS_LIST_ACTIVE);
	if (e && d->rules.timeout_s > 0) {
		idle = sat_add(e->last_seen, d->rules.timeout_s);
		if (due < 0 || idle < due)
			due = idle;
	}
	if (due < 0)
		return -1;
	return due > now ? due - now : 0;
}

/* ---- rules, stats, listing ---------------------------------------------- */

/* Copy a source into a new table, keeping its state and its timer. */
static void
migrate_one(struct ids_detect *d, struct ids_table *nt,
    const struct ids_entry *e)
{
	struct ids_entry *ne;
	int64_t due = ids_table_timer_deadline(d->t, e);
	bool evicted;

	if (!(ne = ids_table_insert(nt, &e->key, &evicted))) {
		emit(d, e, IDS_RELEASE, d->now, NULL);
		return;
	}
	if (evicted)
		d->st.evictions++;
	ne->nblocks = e->nblocks;
	ne->attempts = e->attempts;
	ne->last_seen = e->last_seen;
	ne->until = e->until;
	ne->first_age = e->first_age;
	ne->alarm_age = e->alarm_age;
	ne->flags |= e->flags & IDS_F_ALARMED;
	if (ids_table_list_of(e) != IDS_LIST_ACTIVE)
		ids_table_move(nt, ne, ids_table_list_of(e));
	if (due >= 0)
		ids_table_timer_set(nt, ne, due);
}

/*
 * A new capacity: move the sources over, blocked ones first, then idle,
 * then active, each list oldest first, so the LRU order survives and a
 * smaller table keeps the same sources its evictions would have kept.  A
 * blocked source that finds no room is released.
 */
static int
migrate(struct ids_detect *d, size_t cap)
{
	static const enum ids_list_id order[] = { IDS_LIST_BLOCKED,
		IDS_LIST_IDLE, IDS_LIST_ACTIVE };
	struct ids_table *nt;
	const struct ids_entry *e;
	size_t i;

	if (!(nt = ids_table_new(cap, NULL)))
		return -1;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		for (e = ids_table_prev(d->t, NULL, order[i]); e;
		    e = ids_table_prev(d->t, e, order[i]))
			migrate_one(d, nt, e);
	ids_table_free(d->t);
	d->t = nt;
	return 0;
}

int
ids_detect_set_rules(struct ids_detect *d, const struct ids_rules *r)
{
	if (!rules_ok(r)) {
		errno = EINVAL;
		return -1;
	}
	if (r->max_tracked != ids_table_cap(d->t) &&
	    migrate(d, r->max_tracked) < 0)
		return -1;
	d->rules = *r;
	return 0;
}

void
ids_detect_stats(const struct ids_detect *d, struct ids_stats *st)
{
	*st = d->st;
	st->tracked = ids_table_count(d->t);
	st->blocked = ids_table_list_count(d->t, IDS_LIST_BLOCKED);
}

size_t
ids_detect_blocked(const struct ids_detect *d,
    void (*fn)(const struct addr_net *, int64_t until, void *),
    void *arg, size_t max)
{
	const struct ids_entry *e;
	size_t n = 0;

	for (e = ids_table_next(d->t, NULL, IDS_LIST_BLOCKED); e && n < max;
	    e = ids_table_next(d->t, e, IDS_LIST_BLOCKED), n++)
		fn(&e->key, e->until, arg);
	return n;
}

/* ---- operators (control socket, MQTT cmd/) ------------------------------ */

void
ids_detect_key(const struct ids_detect *d, const struct addr_net *net,
    struct addr_net *key)
{
	source_key(d, net, key);
}

bool
ids_detect_is_blocked(const struct ids_detect *d, const struct addr_net *key)
{
	const struct ids_entry *e = ids_table_get(d->t, key);

	return e && (e->flags & IDS_F_BLOCKED);
}

int
ids_detect_block(struct ids_detect *d, const struct addr_net *key,
    int64_t for_s, int64_t now)
{
	struct ids_entry *e;

	now = clock_at(d, now);
	if (!(e = source_entry(d, key))) {
		d->st.untracked++;
		return -1;
	}
	if (!(e->flags & IDS_F_BLOCKED) || e->nblocks == 0) {
		if (e->nblocks < UINT8_MAX)
			e->nblocks++;
	}
	if (e->last_seen == 0)
		e->last_seen = now;
	if (for_s == 0)
		for_s = block_len(&d->rules, e->nblocks ? e->nblocks : 1);
	e->until = for_s ? sat_add(now, for_s) : 0;
	ids_table_move(d->t, e, IDS_LIST_BLOCKED);
	if (e->until)
		ids_table_timer_set(d->t, e, e->until);
	else
		ids_table_timer_clear(d->t, e);
	emit(d, e, IDS_BLOCK, now, NULL);
	return 0;
}

int
ids_detect_unblock(struct ids_detect *d, const struct addr_net *key,
    int64_t now)
{
	struct ids_entry *e = ids_table_get(d->t, key);
	bool was = false;

	now = clock_at(d, now);
	if (!e)
		return 0;
	if (e->flags & IDS_F_BLOCKED) {
		ids_table_timer_clear(d->t, e);
		ids_table_move(d->t, e, IDS_LIST_ACTIVE);
		emit(d, e, IDS_RELEASE, now, NULL);
		was = true;
	}
	ids_table_remove(d->t, e);
	return was;
}

size_t
ids_detect_flush(struct ids_detect *d, int64_t now)
{
	static const enum ids_list_id lists[] = { IDS_LIST_ACTIVE,
		IDS_LIST_IDLE };
	struct ids_entry *e;
	size_t n = 0, i;

	now = clock_at(d, now);
	while ((e = ids_table_prev(d->t, NULL, IDS_LIST_BLOCKED))) {
		ids_detect_unblock(d, &e->key, now);
		n++;
	}
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		while ((e = ids_table_prev(d->t, NULL, lists[i])))
			ids_table_remove(d->t, e);
	return n;
}
