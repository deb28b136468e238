/*
 * siem_queue.h - the events waiting for the collector, in order, with an
 * exact count of the ones lost.
 *
 * A ring of at most cap events (siem.queue_max).  From the head: the
 * events already written to the current connection but not yet known to
 * have arrived (sent), then the ones not yet written.  A sent event
 * leaves once the collector's host has acknowledged its last byte for a
 * while (siem_queue_confirm); when the connection breaks first, every
 * sent event goes back to unsent and is written again (at least once).
 *
 * When an event arrives at a full queue, the oldest sent event makes
 * room (it was written once already), else the oldest unsent one is
 * dropped and counted: dropped counts exactly the events that never left
 * camguard.  One slot beyond cap is kept for the notice of such drops
 * (siem_queue_push_head), so that telling of a loss loses nothing more.
 */
#ifndef CAMGUARD_SIEM_QUEUE_H
#define CAMGUARD_SIEM_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "siem/siem_event.h"

struct siem_qent {
	struct siem_event	ev;
	uint64_t		end;	/* stream position after it */
	unsigned		writes;	/* times written so far */
};

struct siem_queue {
	struct siem_qent	*e;
	size_t			 cap, head, len, nsent;
	size_t			 max;	/* siem.queue_max; cap is max + 1 */
	uint64_t		 dropped;	/* never written, lost */
	uint64_t		 retired;	/* written once, made room */
};

/* Room for max events (allocated here, once); -1 when out of memory. */
int	siem_queue_init(struct siem_queue *, size_t max);
void	siem_queue_free(struct siem_queue *);
/*
 * A new capacity keeping the newest events (a reload); the unsent ones
 * that do not fit count as dropped.  -1 (queue unchanged) without memory.
 */
int	siem_queue_resize(struct siem_queue *, size_t max);
/* Every event gone, the unsent ones counted as dropped (siem disabled). */
void	siem_queue_clear(struct siem_queue *);
/* A slot at the tail for a new event, made room for as described. */
struct siem_event *siem_queue_push(struct siem_queue *);
/*
 * A slot at the head, ahead of every unsent event, in the spare slot;
 * only while nothing is sent (between connections), else NULL.
 */
struct siem_event *siem_queue_push_head(struct siem_queue *);
/* The oldest unsent event, or NULL. */
struct siem_qent *siem_queue_next(struct siem_queue *);
/* The event siem_queue_next() gave is lost (counted as dropped). */
void	siem_queue_drop_next(struct siem_queue *);
/* The event siem_queue_next() gave is written; its stream end. */
void	siem_queue_sent(struct siem_queue *, uint64_t end);
/* Sent events whose end is at most acked leave; returns how many. */
size_t	siem_queue_confirm(struct siem_queue *, uint64_t acked);
/* Every sent event leaves (a datagram, a clean close); returns how many. */
size_t	siem_queue_confirm_all(struct siem_queue *);
/* The connection broke: sent events are unsent again; returns how many. */
size_t	siem_queue_unsend(struct siem_queue *);
size_t	siem_queue_unsent(const struct siem_queue *);

#endif
