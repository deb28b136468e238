/*
 * fleet_model.c - the fleet server's table of cameras (fleet_model.h).
 *
 * Owns the table, its index and the expected ids; decides what a message
 * changes and which camera gives way when the table is full.  A full
 * table keeps the cameras whose status it has: a status of a new camera
 * takes the place of one that never sent a status, the oldest first; any
 * other payload of a new camera is dropped and counted.  Clearing every
 * retained topic of a camera (empty payloads) takes it off the table.
 * Entries are found through an open-addressing index of FNV-1a hashes,
 * rebuilt when one leaves, so that a fleet of thousands costs no scan
 * per message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/conf.h"
#include "fleet/fleet_model.h"

/* ---- the index --------------------------------------------------------- */

static uint32_t
id_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The index slot holding id, or the empty slot where it would go. */
static size_t
index_slot(const struct fleet_model *m, const char *id)
{
	size_t mask = m->index_cap - 1, i = id_hash(id) & mask;
	uint32_t v;

	while ((v = m->index[i]) != 0 && strcmp(m->cams[v - 1].cam.id, id))
		i = (i + 1) & mask;
	return i;
}

static void
index_rebuild(struct fleet_model *m)
{
	size_t i;

	memset(m->index, 0, m->index_cap * sizeof(m->index[0]));
	for (i = 0; i < m->n; i++)
		m->index[index_slot(m, m->cams[i].cam.id)] = (uint32_t)i + 1;
}

const struct fleet_entry *
fleet_model_find(const struct fleet_model *m, const char *id)
{
	uint32_t v = m->index[index_slot(m, id)];

	return v ? &m->cams[v - 1] : NULL;
}

struct fleet_model *
fleet_model_new(const char *root, size_t cap, int64_t now)
{
	struct fleet_model *m = calloc(1, sizeof(*m));

	if (!m || cap == 0 || cap > FLEET_CAMERAS_MAX)
		goto fail;
	snprintf(m->root, sizeof(m->root), "%s", root);
	m->started = now;
	m->cap = cap;
	for (m->index_cap = 16; m->index_cap <= 2 * cap; m->index_cap *= 2)
		;
	m->cams = calloc(cap, sizeof(*m->cams));
	m->index = calloc(m->index_cap, sizeof(*m->index));
	m->expect = calloc(FLEET_EXPECT_MAX, sizeof(*m->expect));
	m->expect_seen = calloc(FLEET_EXPECT_MAX, sizeof(*m->expect_seen));
	if (!m->cams || !m->index || !m->expect || !m->expect_seen)
		goto fail;
	return m;
fail:
	fleet_model_free(m);
	return NULL;
}

void
fleet_model_free(struct fleet_model *m)
{
	if (!m)
		return;
	free(m->cams);
	free(m->index);
	free(m->expect);
	free(m->expect_seen);
	free(m);
}

/* ---- expected ids ------------------------------------------------------ */

static int
id_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static bool
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The lines of text into m->expect (sorted, duplicates once). */
static int
expect_read(struct fleet_model *m, const char *text, size_t len,
    size_t *line)
{
	const char *p = text, *end = text + len, *nl, *a, *b;
	size_t n = 0, i;

	for (*line = 1; p < end; p = nl + 1, (*line)++) {
		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			nl = end;
		for (a = p; a < nl && blank(*a); a++)
			;
		for (b = nl; b > a && blank(b[-1]); b--)
			;
		if (a == b || *a == '#')
			continue;
		if ((size_t)(b - a) >= CONF_STR_MAX ||
		    !conf_topic_level_ok(a, (size_t)(b - a)) || *a == '_')
			return -1;
		if (n == FLEET_EXPECT_MAX) {
			*line = 0;
			return -1;
		}
		memcpy(m->expect[n], a, (size_t)(b - a));
		m->expect[n++][b - a] = '\0';
	}
	qsort(m->expect, n, sizeof(m->expect[0]), id_cmp);
	m->n_expect = 0;
	for (i = 0; i < n; i++)
		if (m->n_expect == 0 ||
		    strcmp(m->expect[m->n_expect - 1], m->expect[i]) != 0)
			memmove(m->expect[m->n_expect++], m->expect[i],
			    sizeof(m->expect[0]));
	return 0;
}

int
fleet_model_expect(struct fleet_model *m, const char *text, size_t len,
    size_t *line)
{
	char (*keep)[CONF_STR_MAX] = m->expect;
	size_t n_keep = m->n_expect, i;
	char (*tmp)[CONF_STR_MAX] = calloc(FLEET_EXPECT_MAX, sizeof(*tmp));

	if (!tmp) {
		*line = 0;
		return -1;
	}
	m->expect = tmp;
	if (expect_read(m, text, len, line) < 0) {
		m->expect = keep;
		m->n_expect = n_keep;
		free(tmp);
		return -1;
	}
	free(keep);
	for (i = 0; i < m->n_expect; i++)
		m->expect_seen[i] = fleet_model_find(m, m->expect[i]) != NULL;
	m->gen++;
	return 0;
}

static void
expect_mark(struct fleet_model *m, const char *id)
{
	char (*hit)[CONF_STR_MAX] = bsearch(id, m->expect, m->n_expect,
	    sizeof(m->expect[0]), id_cmp);

	if (hit)
		m->expect_seen[hit - m->expect] = true;
}

size_t
fleet_model_missing(const struct fleet_model *m)
{
	size_t i, n = 0;

	for (i = 0; i < m->n_expect; i++)
		n += !m->expect_seen[i];
	return n;
}

/* ---- entries ----------------------------------------------------------- */

enum fleet_row_state
fleet_entry_state(const struct fleet_entry *e)
{
	if (!e->has_status)
		return FLEET_ROW_UNKNOWN;
	return e->cam.state == FLEET_ONLINE ? FLEET_ROW_ONLINE :
	    e->cam.state == FLEET_OFFLINE ? FLEET_ROW_OFFLINE :
	    FLEET_ROW_UNKNOWN;
}

int64_t
fleet_entry_last_alive(const struct fleet_entry *e, int64_t now)
{
	int64_t t = e->last_alive;

	if (fleet_entry_state(e) == FLEET_ROW_ONLINE)
		return now;
	if (t)
		return t;
	/* retained news only: the newest moment the camera itself named */
	if (e->cam.started > t)
		t = e->cam.started;
	if (e->cam.has_summary && e->cam.scan_time > t)
		t = e->cam.scan_time;
	if (e->cam.has_alarm && e->cam.alarm_time > t)
		t = e->cam.alarm_time;
	return t > now ? now : t;
}

static void
cam_init(struct fleet_cam *c, const char *id)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->id, sizeof(c->id), "%s", id);
	c->state = FLEET_UNKNOWN;
	c->dropped = -1;
}

static void
entry_init(struct fleet_entry *e, const char *id, int64_t now)
{
	memset(e, 0, sizeof(*e));
	cam_init(&e->cam, id);
	e->first_seen = now;
}

static void
entry_remove(struct fleet_model *m, struct fleet_entry *e)
{
	size_t i = (size_t)(e - m->cams);

	if (i != m->n - 1)
		m->cams[i] = m->cams[m->n - 1];
	m->n--;
	index_rebuild(m);
}

/* The camera without a status that arrived first, or NULL. */
static struct fleet_entry *
evictable(struct fleet_model *m)
{
	struct fleet_entry *best = NULL;
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!m->cams[i].has_status && (!best ||
		    m->cams[i].first_seen < best->first_seen))
			best = &m->cams[i];
	return best;
}

/* A place for a new camera; a status may take one without a status. */
static struct fleet_entry *
entry_new(struct fleet_model *m, const char *id, bool status, int64_t now)
{
	struct fleet_entry *e = NULL;

	if (m->n < m->cap) {
		e = &m->cams[m->n++];
		entry_init(e, id, now);
		m->index[index_slot(m, id)] = (uint32_t)m->n;
	} else if (status && (e = evictable(m))) {
		m->evicted++;
		entry_init(e, id, now);
		index_rebuild(m);
	} else {
		m->full++;
		return NULL;
	}
	expect_mark(m, id);
	return e;
}

static bool
entry_empty(const struct fleet_entry *e)
{
	return !e->has_status && !e->cam.has_summary && !e->cam.has_alarm &&
	    !e->has_blocked && e->n_checks == 0;
}

static struct fleet_check *
check_find(struct fleet_entry *e, const char *id)
{
	size_t i;

	for (i = 0; i < e->n_checks; i++)
		if (strcmp(e->checks[i].id, id) == 0)
			return &e->checks[i];
	return NULL;
}

/* An empty payload: the camera's retained topic was cleared. */
static enum fleet_msg
entry_clear(struct fleet_model *m, struct fleet_entry *e,
    enum fleet_kind kind, const char *chk)
{
	struct fleet_check *c;

	if (kind == FLEET_STATUS && e->has_status) {
		e->has_status = false;
		e->ids.present = false;
		e->cam.state = FLEET_UNKNOWN;
		e->offline_since = 0;
	} else if (kind == FLEET_SUMMARY && e->cam.has_summary) {
		e->cam.has_summary = e->cam.score_valid = false;
		e->cam.has_counts = false;
	} else if (kind == FLEET_CHECK && (c = check_find(e, chk))) {
		*c = e->checks[--e->n_checks];
	} else if (kind == FLEET_BLOCKED && e->has_blocked) {
		e->has_blocked = false;
	} else {
		return FLEET_MSG_IGNORED;
	}
	if (entry_empty(e))
		entry_remove(m, e);
	m->gen++;
	return FLEET_MSG_APPLIED;
}

/* A parsed payload, before it finds its camera. */
struct fleet_msg_val {
	struct fleet_cam	cam;
	struct fleet_ids	ids;		/* of a status */
	struct fleet_check	check;
	struct fleet_blocked	blocked;	/* the count is shown */
};

static void
status_took(struct fleet_entry *e, const struct fleet_msg_val *v,
    bool retained, int64_t now)
{
	const struct fleet_cam *c = &v->cam;
	bool was_off = e->has_status && e->cam.state == FLEET_OFFLINE;

	e->cam = *c;
	e->has_status = true;
	/* an offline camera's IDS is unknown, not as it last said */
	e->ids = c->state == FLEET_ONLINE ? v->ids : (struct fleet_ids){ 0 };
	if (c->state == FLEET_ONLINE) {
		e->offline_since = 0;
		e->last_alive = now;
	} else if (!was_off) {
		/* a retained offline went before we looked: when, unknown */
		e->offline_since = now;
		e->offline_exact = !retained;
		if (!retained)
			e->last_alive = now;
	}
}


static int
msg_parse(const struct fleet_entry *e, const char *id, enum fleet_kind kind,
    const char *chk, const char *p, size_t len, struct fleet_msg_val *v)
{
	const char *why;

	switch (kind) {
	case FLEET_STATUS:
	case FLEET_SUMMARY:
	case FLEET_ALARM:
		if (e)
			v->cam = e->cam;
		else
			cam_init(&v->cam, id);
		if (kind == FLEET_STATUS &&
		    fleet_status_ids(p, len, &v->ids) < 0)
			return -1;
		return fleet_apply(&v->cam, kind, p, len);
	case FLEET_CHECK:
		return fleet_check_apply(&v->check, chk, p, len);
	case FLEET_BLOCKED:
		return fleet_blocked_read(p, len, &v->blocked, &why);
	default:
		return 1;	/* a kind the server does not show */
	}
}

static void
check_took(struct fleet_model *m, struct fleet_entry *e,
    const struct fleet_check *c)
{
	struct fleet_check *old = check_find(e, c->id);

	if (old)
		*old = *c;
	else if (e->n_checks < FLEET_CHECKS_MAX)
		e->checks[e->n_checks++] = *c;
	else
		m->checks_full++;
}

static enum fleet_msg
msg_malformed(struct fleet_model *m)
{
	m->malformed++;
	return FLEET_MSG_MALFORMED;
}

enum fleet_msg
fleet_model_message(struct fleet_model *m, const char *topic, size_t tlen,
    const char *payload, size_t len, bool retained, int64_t now)
{
	char id[CONF_STR_MAX], chk[FLEET_CHECK_ID_MAX];
	struct fleet_msg_val v;		/* a block list: ~30 KB of stack */
	struct fleet_entry *e;
	enum fleet_kind kind;
	int rc;

	m->messages++;
	if (fleet_topic_any(m->root, topic, tlen, id, sizeof(id), &kind, chk,
	    sizeof(chk)) < 0)
		return msg_malformed(m);
	e = (struct fleet_entry *)fleet_model_find(m, id);
	if (len == 0)
		return e ? entry_clear(m, e, kind, chk) : FLEET_MSG_IGNORED;
	if ((rc = msg_parse(e, id, kind, chk, payload, len, &v)) < 0)
		return msg_malformed(m);
	if (rc > 0)
		return FLEET_MSG_IGNORED;
	if (!e && !(e = entry_new(m, id, kind == FLEET_STATUS, now)))
		return FLEET_MSG_FULL;
	if (kind == FLEET_STATUS)
		status_took(e, &v, retained, now);
	else if (kind == FLEET_SUMMARY || kind == FLEET_ALARM)
		e->cam = v.cam;
	else if (kind == FLEET_CHECK)
		check_took(m, e, &v.check);
	else {
		e->has_blocked = true;
		e->blocked = (long long)v.blocked.count;
	}
	/* a retained alarm comes again on every connection */
	if (kind == FLEET_ALARM && !retained)
		e->alarms++;
	m->gen++;
	return FLEET_MSG_APPLIED;
}

/* ---- rows -------------------------------------------------------------- */

static const char *const state_names[FLEET_ROW_STATES] = {
	[FLEET_ROW_OFFLINE] = "offline",
	[FLEET_ROW_MISSING] = "missing",
	[FLEET_ROW_UNKNOWN] = "unknown",
	[FLEET_ROW_ONLINE] = "online",
};

const char *
fleet_row_state_name(enum fleet_row_state s)
{
	return (unsigned)s < FLEET_ROW_STATES ? state_names[s] : "?";
}

static bool
row_passes(const struct fleet_filter *f, const char *id,
    enum fleet_row_state s)
{
	if (f && f->states && !(f->states & (1u << s)))
		return false;
	return !f || !f->q[0] || strcasestr(id, f->q) != NULL;
}

static long long
row_num(const struct fleet_row *r, int which)
{
	const struct fleet_entry *e = r->e;

	if (!e || (which < 2 && !e->cam.has_summary) ||
	    (which == 2 && !e->has_blocked))
		return -1;
	return which == 0 ? e->cam.fail_critical : which == 1 ?
	    e->cam.fail_high : e->blocked;
}

static double
row_score(const struct fleet_row *r)
{
	return r->e && r->e->cam.has_summary && r->e->cam.score_valid ?
	    r->e->cam.score : 2.0;
}

static int
row_cmp(const void *pa, const void *pb)
{
	const struct fleet_row *a = pa, *b = pb;
	long long x, y;
	int i;

	if (a->state != b->state)
		return a->state < b->state ? -1 : 1;
	for (i = 0; i < 3; i++)
		if ((x = row_num(a, i)) != (y = row_num(b, i)))
			return x > y ? -1 : 1;
	if (row_score(a) != row_score(b))
		return row_score(a) < row_score(b) ? -1 : 1;
	return strcmp(a->id, b->id);
}

size_t
fleet_rows(const struct fleet_model *m, const struct fleet_filter *f,
    struct fleet_row *rows, size_t *counts)
{
	enum fleet_row_state s;
	size_t i, n = 0;

	if (counts)
		memset(counts, 0, FLEET_ROW_STATES * sizeof(*counts));
	for (i = 0; i < m->n; i++) {
		s = fleet_entry_state(&m->cams[i]);
		if (counts)
			counts[s]++;
		if (row_passes(f, m->cams[i].cam.id, s))
			rows[n++] = (struct fleet_row){ m->cams[i].cam.id, s,
			    &m->cams[i] };
	}
	for (i = 0; i < m->n_expect; i++) {
		if (m->expect_seen[i])
			continue;
		if (counts)
			counts[FLEET_ROW_MISSING]++;
		if (row_passes(f, m->expect[i], FLEET_ROW_MISSING))
			rows[n++] = (struct fleet_row){ m->expect[i],
			    FLEET_ROW_MISSING, NULL };
	}
	qsort(rows, n, sizeof(rows[0]), row_cmp);
	return n;
}
