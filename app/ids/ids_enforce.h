/*
 * ids_enforce.h - apply the detector's decisions to the firewall, and
 * retry the ones that fail.
 *
 * The daemon calls ids_enforce_decision() for IDS_BLOCK and IDS_RELEASE
 * (an alarm is ignored).  An operation the backend refuses is never
 * dropped silently: the backend logs why, the operation waits in a small
 * fixed queue and a loop timer tries again after 1 s, 2 s, 4 s ... at most
 * 60 s apart, all pending blocks in one fw_block_many() call.  A newer
 * decision for the same source replaces a pending one; a pending block
 * whose end has passed is dropped; a full queue drops the new operation
 * with a warning.  The counters feed /status and /metrics.
 *
 * Portable: calls only platform/fw/fw.h and the loop.  The struct is public
 * so that it can live inside the daemon's own; its members are private
 * except the retry bounds, which tests may shorten after init.
 */
#ifndef CAMGUARD_IDS_ENFORCE_H
#define CAMGUARD_IDS_ENFORCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"
#include "ids/ids.h"

#define IDS_ENFORCE_QUEUE_MAX		256	/* pending operations */
#define IDS_ENFORCE_RETRY_MIN_MS	1000
#define IDS_ENFORCE_RETRY_MAX_MS	60000

struct loop;

struct ids_enforce_stats {
	uint64_t	applied;	/* operations the firewall took */
	uint64_t	failed;		/* attempts refused */
	uint64_t	retried;	/* attempts made by the retry timer */
	uint64_t	dropped;	/* given up: the queue was full */
	uint64_t	expired;	/* pending blocks that ended */
	uint64_t	refused;	/* the privileged parent's policy said no */
	size_t		pending;	/* operations waiting now */
};

struct ids_enforce_op {
	enum ids_action	action;	/* IDS_BLOCK or IDS_RELEASE */
	struct addr_net	net;
	int64_t		until;	/* epoch s, 0 = until reboot */
};

struct ids_enforce {
	struct loop		*loop;
	uint64_t		 retry_min_ms, retry_max_ms;
	uint64_t		 backoff_ms;	/* the next retry's delay */
	int64_t			 timer;	/* 0 when none is armed */
	struct ids_enforce_stats st;
	size_t			 n;
	struct ids_enforce_op	 q[IDS_ENFORCE_QUEUE_MAX];
	struct addr_net		 batch_net[IDS_ENFORCE_QUEUE_MAX];
	int64_t			 batch_until[IDS_ENFORCE_QUEUE_MAX];
};

void	ids_enforce_init(struct ids_enforce *, struct loop *);
/* Cancel the retry timer; pending operations are forgotten. */
void	ids_enforce_fini(struct ids_enforce *);
/*
 * Apply d (IDS_BLOCK until until_epoch, 0 = until reboot; IDS_RELEASE)
 * now.  Returns 0 when the firewall took it (or d is an alarm), -1 when
 * it is pending a retry or was dropped (both counted and logged).
 */
int	ids_enforce_decision(struct ids_enforce *,
	    const struct ids_decision *d, int64_t until_epoch);
void	ids_enforce_stats(const struct ids_enforce *,
	    struct ids_enforce_stats *);

#endif
