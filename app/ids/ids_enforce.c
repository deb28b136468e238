/*
 * ids_enforce.c - decisions to the firewall, with a retry queue (contract
 * in ids_enforce.h).
 *
 * Owns the queue of operations the backend refused and the retry timer
 * with its backoff.  At most one operation per source waits: a newer
 * decision replaces the older one, so the queue never holds a block and
 * a release for the same source and the firewall's end state is the
 * last decision's.  Does not own the backend (the daemon starts it with
 * fw_init()) nor log backend errors (the backend does).
 */
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/loop.h"
#include "ids/ids_enforce.h"
#include "platform/fw/fw.h"

static void ids_enforce_retry_cb(void *);

void
ids_enforce_init(struct ids_enforce *e, struct loop *loop)
{
	memset(e, 0, sizeof(*e));
	e->loop = loop;
	e->retry_min_ms = IDS_ENFORCE_RETRY_MIN_MS;
	e->retry_max_ms = IDS_ENFORCE_RETRY_MAX_MS;
}

void
ids_enforce_fini(struct ids_enforce *e)
{
	if (e->timer > 0)
		loop_timer_cancel(e->loop, e->timer);
	e->timer = 0;
	e->n = 0;
}

void
ids_enforce_stats(const struct ids_enforce *e, struct ids_enforce_stats *st)
{
	*st = e->st;
	st->pending = e->n;
}

static bool
ids_enforce_same(const struct addr_net *a, const struct addr_net *b)
{
	return a->family == b->family && a->prefix == b->prefix &&
	    !memcmp(a->bytes, b->bytes, sizeof(a->bytes));
}

static void
ids_enforce_remove(struct ids_enforce *e, size_t i)
{
	memmove(&e->q[i], &e->q[i + 1], (e->n - i - 1) * sizeof(e->q[0]));
	e->n--;
}

/* A newer decision for net replaces the pending one. */
static void
ids_enforce_forget(struct ids_enforce *e, const struct addr_net *net)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		if (ids_enforce_same(&e->q[i].net, net)) {
			ids_enforce_remove(e, i);
			return;
		}
	}
}

static const char *
ids_enforce_verb(enum ids_action a)
{
	return a == IDS_BLOCK ? "block" : "release";
}

static int
ids_enforce_apply(const struct ids_enforce_op *op)
{
	if (op->action == IDS_BLOCK)
		return fw_block(&op->net, op->until);
	return fw_release(&op->net);
}

static void
ids_enforce_arm(struct ids_enforce *e)
{
	if (e->timer > 0)
		return;
	if (e->backoff_ms < e->retry_min_ms)
		e->backoff_ms = e->retry_min_ms;
	e->timer = loop_timer_add(e->loop, e->backoff_ms,
	    ids_enforce_retry_cb, e);
	if (e->timer == -1) {
		e->timer = 0;
		log_warn("firewall: no timer to retry %zu pending operations",
		    e->n);
	}
}

static void
ids_enforce_queue(struct ids_enforce *e, const struct ids_enforce_op *op)
{
	char a[ADDR_STR_MAX];

	addr_format(&op->net, a, sizeof(a));
	if (e->n == IDS_ENFORCE_QUEUE_MAX) {
		e->st.dropped++;
		log_warnx("firewall: %s %s dropped: %d operations already "
		    "pending", ids_enforce_verb(op->action), a,
		    IDS_ENFORCE_QUEUE_MAX);
		return;
	}
	e->q[e->n++] = *op;
	ids_enforce_arm(e);
	log_warnx("firewall: %s %s pending, retry in %llu ms",
	    ids_enforce_verb(op->action), a,
	    (unsigned long long)e->backoff_ms);
}

int
ids_enforce_decision(struct ids_enforce *e, const struct ids_decision *d,
    int64_t until_epoch)
{
	struct ids_enforce_op op;
	int rc;

	if (d->action != IDS_BLOCK && d->action != IDS_RELEASE)
		return 0;
	memset(&op, 0, sizeof(op));
	op.action = d->action;
	op.net = d->net;
	op.until = d->action == IDS_BLOCK ? until_epoch : 0;
	ids_enforce_forget(e, &op.net);
	rc = ids_enforce_apply(&op);
	if (rc == 0) {
		e->st.applied++;
		return 0;
	}
	if (rc == FW_E_REFUSED) {	/* the parent said why; never retried */
		e->st.refused++;
		return -1;
	}
	e->st.failed++;
	ids_enforce_queue(e, &op);
	return -1;
}

/* Drop the pending blocks that have ended by now. */
static void
ids_enforce_expire(struct ids_enforce *e, int64_t now)
{
	size_t i = 0, k = 0;

	while (i < e->n) {
		if (e->q[i].action == IDS_BLOCK && e->q[i].until > 0 &&
		    e->q[i].until <= now) {
			k++;
			ids_enforce_remove(e, i);
		} else
			i++;
	}
	if (k > 0)
		log_warnx("firewall: %zu pending blocks ended before the "
		    "firewall took them", k);
	e->st.expired += k;
}

/* Every pending block in one call; on success they leave the queue. */
static void
ids_enforce_retry_blocks(struct ids_enforce *e)
{
	size_t i, k = 0;

	for (i = 0; i < e->n; i++) {
		if (e->q[i].action != IDS_BLOCK)
			continue;
		e->batch_net[k] = e->q[i].net;
		e->batch_until[k++] = e->q[i].until;
	}
	if (k == 0)
		return;
	e->st.retried += k;
	if (fw_block_many(e->batch_net, e->batch_until, k) == -1) {
		e->st.failed += k;
		return;
	}
	e->st.applied += k;
	for (i = 0, k = 0; i < e->n; i++)
		if (e->q[i].action != IDS_BLOCK)
			e->q[k++] = e->q[i];
	e->n = k;
}

static void
ids_enforce_retry_releases(struct ids_enforce *e)
{
	size_t i = 0;

	while (i < e->n) {
		if (e->q[i].action != IDS_RELEASE) {
			i++;
			continue;
		}
		e->st.retried++;
		if (fw_release(&e->q[i].net) == -1) {
			e->st.failed++;
			i++;
			continue;
		}
		e->st.applied++;
		ids_enforce_remove(e, i);
	}
}

static void
ids_enforce_retry_cb(void *arg)
{
	struct ids_enforce *e = arg;

	e->timer = 0;
	ids_enforce_expire(e, (int64_t)time(NULL));
	ids_enforce_retry_blocks(e);
	ids_enforce_retry_releases(e);
	if (e->n == 0) {
		log_info("firewall: no operation pending any more");
		e->backoff_ms = e->retry_min_ms;
		return;
	}
	e->backoff_ms = e->backoff_ms * 2 > e->retry_max_ms ?
	    e->retry_max_ms : e->backoff_ms * 2;
	ids_enforce_arm(e);
}
