/*
 * ids_table.c - the detector's fixed-capacity source table (see
 * ids_table.h): entries, keyed hash index, three LRU lists, timer heap.
 *
 * Owns every allocation of the detector's state, made once in
 * ids_table_new(): the entry array (cap x 64 bytes), the hash buckets (a
 * power of two >= 2 x cap, 4 bytes each) and the heap (cap x 16 bytes).
 * Entries are handed out from a high-water mark first and then from a
 * free list, so pages of a large table nobody has reached yet stay
 * untouched.  The hash is SipHash-1-3 over the 18 key bytes with a
 * 128-bit secret key, random per process unless a test passes one.
 * Does not interpret the entries' counters and times (ids_detect.c does).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "core/cg_limits.h"
#include "core/log.h"
#include "ids/ids_table.h"

struct ids_heap_node {
	int64_t		deadline;
	uint32_t	idx;
	uint32_t	seq;		/* ties: the first armed first */
};

struct ids_list {
	uint32_t	head, tail;	/* head = most recently seen */
	size_t		n;
};

struct ids_table {
	struct ids_entry	*e;
	uint32_t		*bucket;	/* chain heads + 1; 0 = empty (calloc, untouched until used) */
	struct ids_heap_node	*heap;
	size_t			 cap, mask, count, hw, nheap;
	uint32_t		 free_head;
	uint32_t		 seq;
	struct ids_list		 list[IDS_LISTS];
	uint64_t		 k0, k1;
};

/* ---- SipHash-1-3 (Aumasson, Bernstein) -------------------------------- */

#define ROTL(x, b)	(((x) << (b)) | ((x) >> (64 - (b))))

static void
sip_round(uint64_t v[4])
{
	v[0] += v[1]; v[1] = ROTL(v[1], 13); v[1] ^= v[0];
	v[0] = ROTL(v[0], 32);
	v[2] += v[3]; v[3] = ROTL(v[3], 16); v[3] ^= v[2];
	v[0] += v[3]; v[3] = ROTL(v[3], 21); v[3] ^= v[0];
	v[2] += v[1]; v[1] = ROTL(v[1], 17); v[1] ^= v[2];
	v[2] = ROTL(v[2], 32);
}

static uint64_t
le64(const uint8_t *p, size_t n)
{
	uint64_t x = 0;
	size_t i;

	for (i = 0; i < n; i++)
		x |= (uint64_t)p[i] << (8 * i);
	return x;
}

static uint64_t
siphash13(uint64_t k0, uint64_t k1, const uint8_t *m, size_t len)
{
	uint64_t v[4] = { k0 ^ 0x736f6d6570736575ULL,
		k1 ^ 0x646f72616e646f6dULL, k0 ^ 0x6c7967656e657261ULL,
		k1 ^ 0x7465646279746573ULL };
	uint64_t b;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		b = le64(m + i, 8);
		v[3] ^= b;
		sip_round(v);
		v[0] ^= b;
	}
	b = le64(m + i, len - i) | (uint64_t)len << 56;
	v[3] ^= b;
	sip_round(v);
	v[0] ^= b;
	v[2] ^= 0xff;
	sip_round(v);
	sip_round(v);
	sip_round(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

uint64_t
ids_table_hash(const struct ids_table *t, const struct addr_net *k)
{
	uint8_t m[2 + sizeof(k->bytes)];

	m[0] = k->family;
	m[1] = k->prefix;
	memcpy(m + 2, k->bytes, sizeof(k->bytes));
	return siphash13(t->k0, t->k1, m, sizeof(m));
}

static size_t
bucket_of(const struct ids_table *t, const struct addr_net *k)
{
	return (size_t)ids_table_hash(t, k) & t->mask;
}

static bool
key_eq(const struct addr_net *a, const struct addr_net *b)
{
	return a->family == b->family && a->prefix == b->prefix &&
	    !memcmp(a->bytes, b->bytes, sizeof(a->bytes));
}

/*
 * A secret hash key.  getrandom() without blocking: early in a camera's
 * boot the pool may not be ready, and then the clock, pid and an ASLR
 * address are mixed instead (weaker, but a table that works).
 */
static void
seed_random(struct ids_table *t)
{
	uint8_t s[IDS_SEED_LEN];
	struct timespec ts;

	if (getrandom(s, sizeof(s), GRND_NONBLOCK) == (ssize_t)sizeof(s)) {
		t->k0 = le64(s, 8);
		t->k1 = le64(s + 8, 8);
		return;
	}
	log_warnx("ids: no random bytes yet, hash key from clock and pid");
	memset(s, 0, sizeof(s));
	clock_gettime(CLOCK_MONOTONIC, &ts);
	memcpy(s, &ts, sizeof(s) < sizeof(ts) ? sizeof(s) : sizeof(ts));
	t->k0 = siphash13((uint64_t)(uintptr_t)t, (uint64_t)getpid(), s,
	    sizeof(s));
	clock_gettime(CLOCK_REALTIME, &ts);
	t->k1 = siphash13(t->k0, (uint64_t)ts.tv_nsec, s, sizeof(s));
}

/* ---- allocation --------------------------------------------------------- */

struct ids_table *
ids_table_new(size_t cap, const uint8_t *seed)
{
	struct ids_table *t;
	size_t nb = 2;
	int i;

	if (cap == 0 || cap > IDS_TRACK_MAX) {
		errno = EINVAL;
		return NULL;
	}
	while (nb < 2 * cap)
		nb <<= 1;
	if (!(t = calloc(1, sizeof(*t))))
		return NULL;
	t->e = calloc(cap, sizeof(*t->e));
	t->bucket = calloc(nb, sizeof(*t->bucket));
	t->heap = malloc(cap * sizeof(*t->heap));
	if (!t->e || !t->bucket || !t->heap) {
		ids_table_free(t);
		errno = ENOMEM;
		return NULL;
	}
	t->cap = cap;
	t->mask = nb - 1;
	t->free_head = IDS_NIL;
	for (i = 0; i < IDS_LISTS; i++)
		t->list[i].head = t->list[i].tail = IDS_NIL;
	if (seed) {
		t->k0 = le64(seed, 8);
		t->k1 = le64(seed + 8, 8);
	} else {
		seed_random(t);
	}
	return t;
}

void
ids_table_free(struct ids_table *t)
{
	if (!t)
		return;
	free(t->e);
	free(t->bucket);
	free(t->heap);
	free(t);
}

size_t
ids_table_cap(const struct ids_table *t)
{
	return t->cap;
}

size_t
ids_table_count(const struct ids_table *t)
{
	return t->count;
}

size_t
ids_table_list_count(const struct ids_table *t, enum ids_list_id l)
{
	return t->list[l].n;
}

static uint32_t
idx_of(const struct ids_table *t, const struct ids_entry *e)
{
	return (uint32_t)(e - t->e);
}

/* ---- LRU lists ---------------------------------------------------------- */

enum ids_list_id
ids_table_list_of(const struct ids_entry *e)
{
	if (e->flags & IDS_F_BLOCKED)
		return IDS_LIST_BLOCKED;
	if (e->flags & IDS_F_IDLE)
		return IDS_LIST_IDLE;
	return IDS_LIST_ACTIVE;
}

static struct ids_list *
list_of(struct ids_table *t, const struct ids_entry *e)
{
	return &t->list[ids_table_list_of(e)];
}

static void
list_unlink(struct ids_table *t, struct ids_entry *e)
{
	struct ids_list *l = list_of(t, e);

	if (e->prev != IDS_NIL)
		t->e[e->prev].next = e->next;
	else
		l->head = e->next;
	if (e->next != IDS_NIL)
		t->e[e->next].prev = e->prev;
	else
		l->tail = e->prev;
	l->n--;
}

static void
list_push(struct ids_table *t, struct ids_entry *e)
{
	struct ids_list *l = list_of(t, e);
	uint32_t i = idx_of(t, e);

	e->prev = IDS_NIL;
	e->next = l->head;
	if (l->head != IDS_NIL)
		t->e[l->head].prev = i;
	else
		l->tail = i;
	l->head = i;
	l->n++;
}

void
ids_table_touch(struct ids_table *t, struct ids_entry *e)
{
	if (list_of(t, e)->head == idx_of(t, e))
		return;
	list_unlink(t, e);
	list_push(t, e);
}

void
ids_table_move(struct ids_table *t, struct ids_entry *e,
    enum ids_list_id l)
{
	list_unlink(t, e);
	e->flags &= (uint8_t)~(IDS_F_BLOCKED | IDS_F_IDLE);
	if (l == IDS_LIST_BLOCKED)
		e->flags |= IDS_F_BLOCKED;
	else if (l == IDS_LIST_IDLE)
		e->flags |= IDS_F_IDLE;
	list_push(t, e);
}

/* ---- hash index --------------------------------------------------------- */

struct ids_entry *
ids_table_get(struct ids_table *t, const struct addr_net *k)
{
	uint32_t i = t->bucket[bucket_of(t, k)] - 1;

	while (i != IDS_NIL) {
		if (key_eq(&t->e[i].key, k))
			return &t->e[i];
		i = t->e[i].hnext;
	}
	return NULL;
}

static void
hash_unlink(struct ids_table *t, struct ids_entry *e)
{
	uint32_t b = bucket_of(t, &e->key), i = idx_of(t, e);
	uint32_t j = t->bucket[b] - 1;

	if (j == i) {
		t->bucket[b] = e->hnext + 1;
		return;
	}
	while (t->e[j].hnext != i)
		j = t->e[j].hnext;
	t->e[j].hnext = e->hnext;
}

static uint32_t
slot_alloc(struct ids_table *t)
{
	uint32_t i = t->free_head;

	if (i != IDS_NIL) {
		t->free_head = t->e[i].next;
		return i;
	}
	if (t->hw < t->cap)
		return (uint32_t)t->hw++;
	return IDS_NIL;
}

/*
 * Who leaves a full table: the oldest idle entry, else, among the
 * IDS_EVICT_SCAN oldest active ones, the one with the fewest failures
 * (the oldest of those).  A flood of one-failure sources then evicts its
 * own kind, never a source one failure short of the threshold.
 */
static uint32_t
evict_victim(const struct ids_table *t)
{
	uint32_t i = t->list[IDS_LIST_IDLE].tail, best = IDS_NIL;
	size_t n;

	if (i != IDS_NIL)
		return i;
	for (i = t->list[IDS_LIST_ACTIVE].tail, n = 0;
	    i != IDS_NIL && n < IDS_EVICT_SCAN; i = t->e[i].prev, n++)
		if (best == IDS_NIL || t->e[i].attempts < t->e[best].attempts)
			best = i;
	return best;
}

struct ids_entry *
ids_table_insert(struct ids_table *t, const struct addr_net *k,
    bool *evicted)
{
	struct ids_entry *e;
	size_t b;
	uint32_t i;

	*evicted = false;
	if (t->count == t->cap) {
		if ((i = evict_victim(t)) == IDS_NIL)
			return NULL;
		ids_table_remove(t, &t->e[i]);
		*evicted = true;
	}
	i = slot_alloc(t);
	e = &t->e[i];
	memset(e, 0, sizeof(*e));
	e->key = *k;
	e->flags = IDS_F_USED;
	e->heap_pos = IDS_NIL;
	b = bucket_of(t, k);
	e->hnext = t->bucket[b] - 1;
	t->bucket[b] = i + 1;
	list_push(t, e);
	t->count++;
	return e;
}

void
ids_table_remove(struct ids_table *t, struct ids_entry *e)
{
	ids_table_timer_clear(t, e);
	hash_unlink(t, e);
	list_unlink(t, e);
	e->flags = 0;
	e->prev = IDS_NIL;
	e->next = t->free_head;
	t->free_head = idx_of(t, e);
	t->count--;
}

/* ---- timer heap --------------------------------------------------------- */

static bool
heap_less(const struct ids_table *t, size_t a, size_t b)
{
	const struct ids_heap_node *x = &t->heap[a], *y = &t->heap[b];

	if (x->deadline != y->deadline)
		return x->deadline < y->deadline;
	return (int32_t)(x->seq - y->seq) < 0;
}

static void
heap_swap(struct ids_table *t, size_t a, size_t b)
{
	struct ids_heap_node n = t->heap[a];

	t->heap[a] = t->heap[b];
	t->heap[b] = n;
	t->e[t->heap[a].idx].heap_pos = (uint32_t)a;
	t->e[t->heap[b].idx].heap_pos = (uint32_t)b;
}

static void
heap_up(struct ids_table *t, size_t pos)
{
	while (pos > 0 && heap_less(t, pos, (pos - 1) / 2)) {
		heap_swap(t, pos, (pos - 1) / 2);
		pos = (pos - 1) / 2;
	}
}

static void
heap_down(struct ids_table *t, size_t pos)
{
	size_t child;

	while ((child = 2 * pos + 1) < t->nheap) {
		if (child + 1 < t->nheap && heap_less(t, child + 1, child))
			child++;
		if (!heap_less(t, child, pos))
			break;
		heap_swap(t, pos, child);
		pos = child;
	}
}

void
ids_table_timer_set(struct ids_table *t, struct ids_entry *e,
    int64_t deadline)
{
	size_t pos = e->heap_pos;

	if (e->heap_pos == IDS_NIL) {
		pos = t->nheap++;
		t->heap[pos].idx = idx_of(t, e);
		e->heap_pos = (uint32_t)pos;
	}
	t->heap[pos].deadline = deadline;
	t->heap[pos].seq = t->seq++;
	heap_up(t, pos);
	heap_down(t, e->heap_pos);
}

void
ids_table_timer_clear(struct ids_table *t, struct ids_entry *e)
{
	size_t pos = e->heap_pos, last = t->nheap - 1;

	if (e->heap_pos == IDS_NIL)
		return;
	if (pos != last) {
		heap_swap(t, pos, last);
		t->nheap--;
		heap_down(t, pos);
		heap_up(t, pos);
	} else {
		t->nheap--;
	}
	e->heap_pos = IDS_NIL;
}

struct ids_entry *
ids_table_timer_first(const struct ids_table *t, int64_t *deadline)
{
	if (t->nheap == 0)
		return NULL;
	*deadline = t->heap[0].deadline;
	return &t->e[t->heap[0].idx];
}

int64_t
ids_table_timer_deadline(const struct ids_table *t,
    const struct ids_entry *e)
{
	return e->heap_pos == IDS_NIL ? -1 : t->heap[e->heap_pos].deadline;
}

/* ---- walking ------------------------------------------------------------ */

struct ids_entry *
ids_table_next(const struct ids_table *t, const struct ids_entry *prev,
    enum ids_list_id l)
{
	uint32_t i = prev ? prev->next : t->list[l].head;

	return i == IDS_NIL ? NULL : &t->e[i];
}

struct ids_entry *
ids_table_prev(const struct ids_table *t, const struct ids_entry *next,
    enum ids_list_id l)
{
	uint32_t i = next ? next->prev : t->list[l].tail;

	return i == IDS_NIL ? NULL : &t->e[i];
}

/* ---- invariants (tests) ------------------------------------------------- */

#define FAIL(msg)	do { *why = (msg); return -1; } while (0)

static int
check_list(const struct ids_table *t, enum ids_list_id which,
    const char **why)
{
	const struct ids_list *l = &t->list[which];
	uint32_t i = l->head, prev = IDS_NIL;
	size_t n = 0;

	while (i != IDS_NIL) {
		if (i >= t->hw || ++n > l->n)
			FAIL("a list runs past its length");
		if (!(t->e[i].flags & IDS_F_USED))
			FAIL("a free entry is on a list");
		if (ids_table_list_of(&t->e[i]) != which)
			FAIL("an entry is on the wrong list");
		if ((t->e[i].flags & IDS_F_BLOCKED) &&
		    (t->e[i].flags & IDS_F_IDLE))
			FAIL("an entry is both blocked and idle");
		if (t->e[i].prev != prev)
			FAIL("a prev link is wrong");
		prev = i;
		i = t->e[i].next;
	}
	if (n != l->n || l->tail != prev)
		FAIL("a list's length or tail is wrong");
	return 0;
}

static int
check_heap(const struct ids_table *t, const char **why)
{
	size_t pos;

	if (t->nheap > t->count)
		FAIL("more timers than entries");
	for (pos = 0; pos < t->nheap; pos++) {
		if (t->e[t->heap[pos].idx].heap_pos != pos)
			FAIL("a heap back-link is wrong");
		if (pos > 0 && heap_less(t, pos, (pos - 1) / 2))
			FAIL("the heap order is broken");
	}
	return 0;
}

static int
check_entries(const struct ids_table *t, const char **why)
{
	size_t i, used = 0, chained = 0;
	uint32_t j;

	for (i = 0; i < t->hw; i++) {
		if (!(t->e[i].flags & IDS_F_USED)) {
			if (t->e[i].heap_pos != IDS_NIL)
				FAIL("a free entry holds a timer");
			continue;
		}
		used++;
		if (ids_table_get((struct ids_table *)t, &t->e[i].key) !=
		    &t->e[i])
			FAIL("an entry is not found by its key");
		if (t->e[i].heap_pos != IDS_NIL &&
		    t->e[i].heap_pos >= t->nheap)
			FAIL("an entry's timer is outside the heap");
	}
	for (i = 0; i <= t->mask; i++)
		for (j = t->bucket[i] - 1; j != IDS_NIL; j = t->e[j].hnext)
			if (++chained > t->count)
				FAIL("hash chains hold more than the count");
	if (used != t->count || chained != t->count)
		FAIL("used entries, chains and count disagree");
	return 0;
}

int
ids_table_check(const struct ids_table *t, const char **why)
{
	size_t nfree = 0, listed = 0;
	uint32_t i;
	int l;

	for (l = 0; l < IDS_LISTS; l++) {
		if (check_list(t, (enum ids_list_id)l, why) < 0)
			return -1;
		listed += t->list[l].n;
	}
	if (check_heap(t, why) < 0 || check_entries(t, why) < 0)
		return -1;
	if (listed != t->count)
		FAIL("the lists do not hold every entry");
	for (i = t->free_head; i != IDS_NIL; i = t->e[i].next)
		if (++nfree > t->hw)
			FAIL("the free list loops");
	if (nfree + t->count != t->hw)
		FAIL("free and used entries do not add up");
	return 0;
}
