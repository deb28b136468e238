/*
 * ids_fleet.h - shared bans (ids.fleet, spec section 12): blocks that a
 * trusted camera decided, held here on the firewall with their origin.
 *
 * MQTT reads a trusted camera's alarm or ids/blocked and hands it to the
 * daemon, which hands it here (ids_fleet_msg).  A shared block never
 * lands on an ignore or allow address, the broker's or this camera's
 * own address, or a source this camera blocks itself; it ends when its
 * origin's list no longer holds it, after ids.fleet.block_s, or on an
 * operator's unblock; an own block of the same source takes its place.
 * It raises no alarm here (no echo between cameras).  New blocks are
 * rate-limited (FLEET_SHARED_RATE) and never more than ids.fleet.max;
 * what is turned away is counted in the view's shared_st.
 */
#ifndef CAMGUARD_IDS_FLEET_H
#define CAMGUARD_IDS_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/service.h"
#include "ids/ids_shared.h"

struct ids_detect;
struct ids_enforce;
struct loop;
struct probe_ifaddrs;

/* A source recently unblocked by an operator: lists do not bring it back. */
struct ids_fleet_hold {
	struct addr_net	net;
	int64_t		mono;		/* when, CLOCK_MONOTONIC seconds */
};

#define IDS_FLEET_HOLDS	32

struct ids_fleet {
	struct loop		*loop;
	struct daemon_view	*view;
	struct ids_detect	*detect;
	struct ids_enforce	*enforce;	/* NULL: no firewall */
	struct ids_shared	 table;
	int64_t			 timer;
	double			 tokens;	/* rate of new blocks */
	uint64_t		 tokens_ms;
	struct ids_fleet_hold	 holds[IDS_FLEET_HOLDS];
	size_t			 next_hold;
	struct probe_ifaddrs	*own;		/* this camera's addresses */
	int64_t			 own_mono;	/* when they were read */
};

/* 0, or -1 (no memory: logged). enforce NULL when nothing blocks. */
int	ids_fleet_init(struct ids_fleet *, struct loop *, struct daemon_view *,
	    struct ids_detect *, struct ids_enforce *);
/* A reloaded configuration: new max, refused entries end. */
int	ids_fleet_apply(struct ids_fleet *);
void	ids_fleet_fini(struct ids_fleet *);

/* A trusted camera's alarm or block list. */
void	ids_fleet_msg(struct ids_fleet *, const struct ids_shared_msg *);
/*
 * Why key may not be blocked on this camera (ignore, allow, the broker,
 * an own address, wider than ids.ipv6_prefix), or NULL.  Operators'
 * blocks go through it too.
 */
const char *ids_fleet_refused(struct ids_fleet *, const struct addr_net *key);
/* An own block of key replaces a shared one (no firewall change). */
void	ids_fleet_own_block(struct ids_fleet *, const struct addr_net *key);
/* An operator's unblock: the shared block ends; lists keep it out a
 * while.  True when there was one. */
bool	ids_fleet_unblock(struct ids_fleet *, const struct addr_net *key);
/* An operator's flush: every shared block ends. */
void	ids_fleet_flush(struct ids_fleet *);
/* Visit the shared blocks, at most max; returns how many. */
size_t	ids_fleet_list(const struct ids_fleet *, ids_list_fn, void *arg,
	    size_t max);

#endif
