/*
 * ids_table.h - the detector's fixed-capacity source table.
 *
 * One array of entries allocated once for a capacity, with three
 * structures threaded through it by 32-bit indices (never pointers, so an
 * entry stays at 64 bytes):
 *   - a chained hash index keyed by the source (struct addr_net), with a
 *     per-table secret key (SipHash-1-3) so an attacker cannot choose
 *     addresses that collide;
 *   - three LRU lists: active sources, blocked ones, and idle ones (kept
 *     only for their block history).  Touching moves an entry to the
 *     most-recent end of its list, so when the caller's clock only moves
 *     forward the active list is also ordered by last failure: its tail is
 *     the next idle expiry, and the idle list's tail (then the active
 *     list's) is the least recently seen unblocked entry to evict;
 *   - a binary min-heap of (deadline, index) with back-links, one slot per
 *     entry, for block ends.
 * Lookup, insert, touch, move and remove are O(1) expected; timer
 * operations are O(log n).  The table knows nothing of thresholds or
 * blocks: the fields it does not use belong to ids_detect.c.
 */
#ifndef CAMGUARD_IDS_TABLE_H
#define CAMGUARD_IDS_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"
#include "core/cg_limits.h"

#define IDS_NIL		UINT32_MAX	/* no entry, no heap slot */
#define IDS_SEED_LEN	16		/* bytes of a hash key */

/* ids_entry.flags */
#define IDS_F_USED	0x01		/* the slot holds a source */
#define IDS_F_BLOCKED	0x02		/* on the blocked list */
#define IDS_F_IDLE	0x04		/* on the idle list */
#define IDS_F_ALARMED	0x08		/* alarmed in this window */

enum ids_list_id {
	IDS_LIST_ACTIVE,		/* counting, not blocked */
	IDS_LIST_BLOCKED,
	IDS_LIST_IDLE,		/* count reset, blocks remembered */
	IDS_LISTS
};

struct ids_entry {
	struct addr_net	key;		/* 18 bytes */
	uint8_t		flags;
	uint8_t		nblocks;	/* blocks so far, saturating */
	uint32_t	attempts;	/* failures in the current window */
	uint32_t	prev, next;	/* LRU list, or next free */
	uint32_t	hnext;		/* hash chain */
	uint32_t	heap_pos;	/* timer slot, IDS_NIL when none */
	int64_t		last_seen;
	int64_t		until;		/* block end, 0 = reboot */
	uint32_t	first_age;	/* last_seen - first_seen, capped */
	uint32_t	alarm_age;	/* last_seen - last alarm, capped */
};

_Static_assert(sizeof(struct ids_entry) <= 64, "an entry fits 64 bytes");
_Static_assert(IDS_TRACK_MAX < IDS_NIL / 2, "indices fit 32 bits");

struct ids_table;

/*
 * A table for cap entries (1..IDS_TRACK_MAX).  seed is IDS_SEED_LEN bytes
 * of hash key, or NULL for a random one from getrandom(2).  NULL when the
 * memory cannot be had (errno set).
 */
struct ids_table *ids_table_new(size_t cap, const uint8_t *seed);
void	ids_table_free(struct ids_table *);
size_t	ids_table_cap(const struct ids_table *);
size_t	ids_table_count(const struct ids_table *);
size_t	ids_table_list_count(const struct ids_table *, enum ids_list_id);

/* The entry for key, or NULL; does not touch the LRU order. */
struct ids_entry *ids_table_get(struct ids_table *, const struct addr_net *);
/*
 * A new zeroed entry for key (which must not be in the table) at the
 * most-recent end of the active list.  When the table is full the oldest
 * idle entry, else the active one with the fewest failures among the
 * IDS_EVICT_SCAN oldest, is evicted first and *evicted set; when every
 * entry is blocked there is no room and NULL is returned.
 */
struct ids_entry *ids_table_insert(struct ids_table *,
	    const struct addr_net *, bool *evicted);
void	ids_table_remove(struct ids_table *, struct ids_entry *);
/* Move to the most-recent end of its list. */
void	ids_table_touch(struct ids_table *, struct ids_entry *);
/* Move to the most-recent end of a list; sets the list's flag. */
void	ids_table_move(struct ids_table *, struct ids_entry *,
	    enum ids_list_id);
enum ids_list_id ids_table_list_of(const struct ids_entry *);

/* Arm (or move) the entry's one timer; clear it. */
void	ids_table_timer_set(struct ids_table *, struct ids_entry *,
	    int64_t deadline);
void	ids_table_timer_clear(struct ids_table *, struct ids_entry *);
/* The entry with the earliest deadline, or NULL when no timer is armed. */
struct ids_entry *ids_table_timer_first(const struct ids_table *,
	    int64_t *deadline);
int64_t	ids_table_timer_deadline(const struct ids_table *,
	    const struct ids_entry *);

/*
 * Walk a list.  ids_table_next() goes from the most recently touched
 * entry to the oldest, ids_table_prev() the other way; NULL starts the
 * walk, then pass the previous result.
 */
struct ids_entry *ids_table_next(const struct ids_table *,
	    const struct ids_entry *, enum ids_list_id);
struct ids_entry *ids_table_prev(const struct ids_table *,
	    const struct ids_entry *, enum ids_list_id);

/* The keyed hash of a source (tests: the seed decides it). */
uint64_t ids_table_hash(const struct ids_table *, const struct addr_net *);

/* Check every structural invariant (tests); 0, or -1 naming the first. */
int	ids_table_check(const struct ids_table *, const char **why);

#endif
