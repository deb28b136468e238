/*
 * loop.c - the one poll() loop: descriptors, one-shot timers, signals.
 *
 * Owns three fixed tables sized in cg_limits.h and one pollfd array rebuilt
 * before every poll().  Descriptors live in fixed slots; each registration
 * gets a serial, and the per-iteration snapshot records it, so a callback
 * that removes (or removes and re-adds) another ready descriptor stops
 * that descriptor's stale event from being delivered.  Timers sit in a
 * binary min-heap keyed by (deadline, id); an id encodes an insertion
 * sequence and the timer's slot, so ids are never reused, order equal
 * deadlines by insertion and find their slot without a search.  Signals
 * reach the loop through a self-pipe: the handler writes one byte, the
 * loop reads it and calls the callback from normal context.
 *
 * Does not own the watched descriptors (callers close them) and is not
 * reentrant: loop_run() from inside a callback fails with EBUSY.  Only
 * one loop at a time may take signals (the handler needs a global).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/cg_limits.h"
#include "core/log.h"
#include "core/loop.h"

_Static_assert(NSIG <= 256, "a signal number fits the self-pipe byte");
_Static_assert(LOOP_SIGNALS_MAX >= 4, "HUP, USR1, TERM, INT");

struct loop_fd {
	int		 fd;		/* -1 when the slot is free */
	short		 events;
	uint64_t	 serial;	/* of this registration, 0 = free */
	loop_fd_cb	 cb;
	void		*arg;
};

/* What poll() was asked about, so stale results can be recognised. */
struct loop_snap {
	int		 slot;
	uint64_t	 serial;
};

struct loop_timer {
	int64_t		 id;		/* 0 when the slot is free */
	uint64_t	 deadline;
	int		 pos;		/* index in the heap */
	loop_timer_cb	 cb;
	void		*arg;
};

struct loop_sig {
	int		 signo;
	loop_signal_cb	 cb;
	void		*arg;
};

struct loop_hook {
	loop_hook_cb	 cb;
	void		*arg;
};

struct loop {
	uint64_t		 now;
	bool			 stop;
	bool			 running;
	int			 sig_rd, sig_wr;

	struct loop_fd		 fds[LOOP_FDS_MAX];
	int			 nfds;
	uint64_t		 fd_serial;
	/* Rebuilt before every poll(); [0] is the self-pipe. */
	struct pollfd		 pfd[LOOP_FDS_MAX + 1];
	struct loop_snap	 snap[LOOP_FDS_MAX + 1];

	struct loop_timer	 timers[LOOP_TIMERS_MAX];
	int			 heap[LOOP_TIMERS_MAX];	/* of slots */
	int			 ntimers;
	int			 free_timers[LOOP_TIMERS_MAX];
	int			 nfree_timers;
	int64_t			 timer_seq;

	struct loop_sig		 sigs[LOOP_SIGNALS_MAX];
	int			 nsigs;

	struct loop_hook	 hooks[LOOP_HOOKS_MAX];
	int			 nhooks;
};

/* The handler has no argument: the write end of the owner's self-pipe. */
static volatile sig_atomic_t loop_sig_fd = -1;
static struct loop *loop_sig_owner;

static uint64_t
loop_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

struct loop *
loop_new(void)
{
	struct loop *l;
	int p[2], i;

	if ((l = calloc(1, sizeof(*l))) == NULL)
		return NULL;
	if (pipe2(p, O_NONBLOCK | O_CLOEXEC) == -1) {
		free(l);
		return NULL;
	}
	l->sig_rd = p[0];
	l->sig_wr = p[1];
	for (i = 0; i < LOOP_FDS_MAX; i++)
		l->fds[i].fd = -1;
	for (i = 0; i < LOOP_TIMERS_MAX; i++)
		l->free_timers[i] = LOOP_TIMERS_MAX - 1 - i;
	l->nfree_timers = LOOP_TIMERS_MAX;
	l->timer_seq = 1;
	l->now = loop_clock_ms();
	return l;
}

static void
loop_signals_release(struct loop *l)
{
	struct sigaction sa;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < l->nsigs; i++)
		sigaction(l->sigs[i].signo, &sa, NULL);
	l->nsigs = 0;
	if (loop_sig_owner == l) {
		loop_sig_fd = -1;
		loop_sig_owner = NULL;
	}
}

void
loop_free(struct loop *l)
{
	int saved = errno;

	if (l == NULL)
		return;
	loop_signals_release(l);
	close(l->sig_rd);
	close(l->sig_wr);
	free(l);
	errno = saved;
}

/* Descriptors. */

static int
loop_fd_find(const struct loop *l, int fd)
{
	int i;

	for (i = 0; i < LOOP_FDS_MAX; i++)
		if (l->fds[i].fd == fd)
			return i;
	return -1;
}

int
loop_fd_add(struct loop *l, int fd, short events, loop_fd_cb cb, void *arg)
{
	struct loop_fd *f;
	int slot;

	if (fd < 0 || cb == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (loop_fd_find(l, fd) != -1) {
		errno = EEXIST;
		return -1;
	}
	if (l->nfds == LOOP_FDS_MAX || (slot = loop_fd_find(l, -1)) == -1) {
		errno = ENOSPC;
		return -1;
	}
	f = &l->fds[slot];
	f->fd = fd;
	f->events = events;
	f->serial = ++l->fd_serial;
	f->cb = cb;
	f->arg = arg;
	l->nfds++;
	return 0;
}

int
loop_fd_events(struct loop *l, int fd, short events)
{
	int slot;

	if (fd < 0 || (slot = loop_fd_find(l, fd)) == -1) {
		errno = ENOENT;
		return -1;
	}
	l->fds[slot].events = events;
	return 0;
}

void
loop_fd_del(struct loop *l, int fd)
{
	int slot;

	if (fd < 0 || (slot = loop_fd_find(l, fd)) == -1)
		return;
	memset(&l->fds[slot], 0, sizeof(l->fds[slot]));
	l->fds[slot].fd = -1;
	l->nfds--;
}

/* Timers: a binary min-heap of slot numbers, ordered by (deadline, id). */

static bool
loop_heap_less(const struct loop *l, int a, int b)
{
	const struct loop_timer *ta = &l->timers[l->heap[a]];
	const struct loop_timer *tb = &l->timers[l->heap[b]];

	if (ta->deadline != tb->deadline)
		return ta->deadline < tb->deadline;
	return ta->id < tb->id;
}

static void
loop_heap_swap(struct loop *l, int a, int b)
{
	int slot = l->heap[a];

	l->heap[a] = l->heap[b];
	l->heap[b] = slot;
	l->timers[l->heap[a]].pos = a;
	l->timers[l->heap[b]].pos = b;
}

static void
loop_heap_up(struct loop *l, int pos)
{
	while (pos > 0 && loop_heap_less(l, pos, (pos - 1) / 2)) {
		loop_heap_swap(l, pos, (pos - 1) / 2);
		pos = (pos - 1) / 2;
	}
}

static void
loop_heap_down(struct loop *l, int pos)
{
	int child;

	while ((child = 2 * pos + 1) < l->ntimers) {
		if (child + 1 < l->ntimers &&
		    loop_heap_less(l, child + 1, child))
			child++;
		if (!loop_heap_less(l, child, pos))
			break;
		loop_heap_swap(l, pos, child);
		pos = child;
	}
}

/* Take the timer at heap position pos out and free its slot. */
static void
loop_heap_remove(struct loop *l, int pos)
{
	int slot = l->heap[pos], last = l->ntimers - 1;

	if (pos != last) {
		loop_heap_swap(l, pos, last);
		l->ntimers--;
		loop_heap_down(l, pos);
		loop_heap_up(l, pos);
	} else
		l->ntimers--;
	memset(&l->timers[slot], 0, sizeof(l->timers[slot]));
	l->free_timers[l->nfree_timers++] = slot;
}

int64_t
loop_timer_add(struct loop *l, uint64_t delay_ms, loop_timer_cb cb, void *arg)
{
	struct loop_timer *t;
	int slot;

	if (cb == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (l->nfree_timers == 0) {
		errno = ENOSPC;
		return -1;
	}
	slot = l->free_timers[--l->nfree_timers];
	t = &l->timers[slot];
	t->id = l->timer_seq++ * LOOP_TIMERS_MAX + slot;
	t->deadline = delay_ms > UINT64_MAX - l->now ? UINT64_MAX :
	    l->now + delay_ms;
	t->cb = cb;
	t->arg = arg;
	t->pos = l->ntimers;
	l->heap[l->ntimers++] = slot;
	loop_heap_up(l, t->pos);
	return t->id;
}

void
loop_timer_cancel(struct loop *l, int64_t id)
{
	int slot;

	if (id <= 0)
		return;
	slot = (int)(id % LOOP_TIMERS_MAX);
	if (l->timers[slot].id != id)
		return;
	loop_heap_remove(l, l->timers[slot].pos);
}

/* Milliseconds until the earliest timer: -1 without timers. */
static int
loop_poll_timeout(const struct loop *l)
{
	uint64_t deadline;

	if (l->stop)
		return 0;
	if (l->ntimers == 0)
		return -1;
	deadline = l->timers[l->heap[0]].deadline;
	if (deadline <= l->now)
		return 0;
	if (deadline - l->now > INT_MAX)
		return INT_MAX;
	return (int)(deadline - l->now);
}

/*
 * Fire the timers that are due.  Timers added by a callback get an id at
 * or above first_new and wait for the next iteration, even with delay 0,
 * so a re-arming timer cannot starve poll().
 */
static void
loop_dispatch_timers(struct loop *l)
{
	int64_t first_new = l->timer_seq * LOOP_TIMERS_MAX;
	struct loop_timer *t;
	loop_timer_cb cb;
	void *arg;

	while (l->ntimers > 0) {
		t = &l->timers[l->heap[0]];
		if (t->deadline > l->now || t->id >= first_new)
			break;
		cb = t->cb;
		arg = t->arg;
		loop_heap_remove(l, 0);
		cb(arg);
	}
}

/* Signals. */

static void
loop_sig_handler(int signo)
{
	int saved = errno;
	unsigned char b = (unsigned char)signo;
	ssize_t n;

	/* A full pipe already holds wake-ups; nothing more can be done. */
	if (loop_sig_fd >= 0) {
		n = write(loop_sig_fd, &b, 1);
		(void)n;
	}
	errno = saved;
}

static struct loop_sig *
loop_sig_find(struct loop *l, int signo)
{
	int i;

	for (i = 0; i < l->nsigs; i++)
		if (l->sigs[i].signo == signo)
			return &l->sigs[i];
	return NULL;
}

static int
loop_sig_install(struct loop *l, int signo)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = loop_sig_handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	loop_sig_owner = l;
	loop_sig_fd = l->sig_wr;
	return sigaction(signo, &sa, NULL);
}

int
loop_signal(struct loop *l, int signo, loop_signal_cb cb, void *arg)
{
	struct loop_sig *s;

	if (cb == NULL || signo <= 0 || signo >= NSIG) {
		errno = EINVAL;
		return -1;
	}
	if (loop_sig_owner != NULL && loop_sig_owner != l) {
		errno = EBUSY;
		return -1;
	}
	if ((s = loop_sig_find(l, signo)) == NULL) {
		if (l->nsigs == LOOP_SIGNALS_MAX) {
			errno = ENOSPC;
			return -1;
		}
		if (loop_sig_install(l, signo) == -1)
			return -1;
		s = &l->sigs[l->nsigs++];
		s->signo = signo;
	}
	s->cb = cb;
	s->arg = arg;
	return 0;
}

/* One read per iteration: a signal storm cannot starve the rest. */
static void
loop_dispatch_signals(struct loop *l)
{
	unsigned char buf[64];
	struct loop_sig *s;
	ssize_t n, i;

	if (l->pfd[0].revents == 0)
		return;
	n = read(l->sig_rd, buf, sizeof(buf));
	for (i = 0; i < n; i++) {
		s = loop_sig_find(l, buf[i]);
		if (s != NULL)
			s->cb(s->signo, s->arg);
	}
}

/* Hooks. */

int
loop_hook_add(struct loop *l, loop_hook_cb cb, void *arg)
{
	if (cb == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (l->nhooks == LOOP_HOOKS_MAX) {
		errno = ENOSPC;
		return -1;
	}
	l->hooks[l->nhooks].cb = cb;
	l->hooks[l->nhooks].arg = arg;
	l->nhooks++;
	return 0;
}

static void
loop_run_hooks(struct loop *l)
{
	int i;

	for (i = 0; i < l->nhooks; i++)
		l->hooks[i].cb(l->hooks[i].arg);
}

/* The iteration. */

/* Fill pfd[1..] and snap[1..] from the live slots; returns their count. */
static int
loop_poll_prepare(struct loop *l)
{
	const struct loop_fd *f;
	int i, n = 0;

	l->pfd[0].fd = l->sig_rd;
	l->pfd[0].events = POLLIN;
	l->pfd[0].revents = 0;
	for (i = 0; i < LOOP_FDS_MAX; i++) {
		f = &l->fds[i];
		if (f->fd == -1)
			continue;
		n++;
		l->pfd[n].fd = f->fd;
		l->pfd[n].events = f->events;
		l->pfd[n].revents = 0;
		l->snap[n].slot = i;
		l->snap[n].serial = f->serial;
	}
	return n;
}

/* Deliver poll() results to registrations that still exist. */
static void
loop_dispatch_fds(struct loop *l, int n)
{
	struct loop_fd *f;
	int i;

	for (i = 1; i <= n; i++) {
		if (l->pfd[i].revents == 0)
			continue;
		f = &l->fds[l->snap[i].slot];
		if (f->serial != l->snap[i].serial)
			continue;
		f->cb(f->fd, l->pfd[i].revents, f->arg);
	}
}

static int
loop_once(struct loop *l)
{
	int n, rc;

	loop_run_hooks(l);
	n = loop_poll_prepare(l);
	rc = poll(l->pfd, (nfds_t)n + 1, loop_poll_timeout(l));
	l->now = loop_clock_ms();
	if (rc == -1) {
		if (errno == EINTR)
			return 0;
		log_warn("loop: poll");
		return -1;
	}
	loop_dispatch_signals(l);
	loop_dispatch_fds(l, n);
	loop_dispatch_timers(l);
	return 0;
}

int
loop_run(struct loop *l)
{
	int rc = 0;

	if (l->running) {
		errno = EBUSY;
		return -1;
	}
	l->running = true;
	l->now = loop_clock_ms();
	while (rc == 0 && !l->stop)
		rc = loop_once(l);
	l->running = false;
	l->stop = false;
	return rc;
}

void
loop_stop(struct loop *l)
{
	l->stop = true;
}

uint64_t
loop_now_ms(struct loop *l)
{
	return l->now;
}
