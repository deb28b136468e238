/*
 * ids_shared.h - the shared blocks an agent holds for trusted cameras
 * (ids.fleet): a fixed table of ids.fleet.max entries, each a source,
 * its end (epoch seconds) and the camera that decided it.
 *
 * Only a table: what may enter, when an entry ends and what the firewall
 * does are ids_fleet.c's and the service's.  Lookups are linear; the
 * table is small (FLEET_SHARED_MAX at most) and changes at the pace of
 * alarms.
 */
#ifndef CAMGUARD_IDS_SHARED_H
#define CAMGUARD_IDS_SHARED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"
#include "core/cg_limits.h"

struct ids_shared_ent {
	struct addr_net	net;
	int64_t		until;			/* epoch s, > 0 */
	char		origin[CONF_STR_MAX];
};

struct ids_shared {
	size_t			 cap, n;
	struct ids_shared_ent	*e;
};

/* A table for cap (1..FLEET_SHARED_MAX) entries; 0 or -1 (no memory). */
int	ids_shared_init(struct ids_shared *, size_t cap);
/* A new capacity, at least the entries held (trim first); 0 or -1. */
int	ids_shared_resize(struct ids_shared *, size_t cap);
void	ids_shared_free(struct ids_shared *);

struct ids_shared_ent *ids_shared_find(struct ids_shared *,
	    const struct addr_net *);
/* A new entry (net not in the table); NULL when the table is full. */
struct ids_shared_ent *ids_shared_add(struct ids_shared *,
	    const struct addr_net *, int64_t until, const char *origin);
/* Remove e (it moves the last entry into its place). */
void	ids_shared_del(struct ids_shared *, struct ids_shared_ent *);
/* The entry that ends first, or NULL when the table is empty. */
struct ids_shared_ent *ids_shared_first(struct ids_shared *);
/* The earliest end, or 0 when the table is empty. */
int64_t	ids_shared_next(const struct ids_shared *);

#endif
