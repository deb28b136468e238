/*
 * loop.h - the one poll() loop of camguard: descriptors, timers, signals.
 *
 * Every long-lived source (log tailers, the MQTT socket, the status
 * listener and its clients, the scan timer) registers here and is called
 * back from loop_run(); nothing else blocks.  Signals are turned into
 * ordinary callbacks through a self-pipe, so callbacks may do real work.
 * Hooks run before every poll(): an MQTT client uses one to ask for
 * POLLOUT when it has bytes to write.
 *
 * Capacities are fixed (LOOP_*_MAX in cg_limits.h); adding beyond them fails
 * with -1 and errno ENOSPC.  Times are milliseconds on CLOCK_MONOTONIC.
 */
#ifndef CAMGUARD_LOOP_H
#define CAMGUARD_LOOP_H

#include <stdint.h>

struct loop;

typedef void (*loop_fd_cb)(int fd, short revents, void *arg);
typedef void (*loop_timer_cb)(void *arg);
typedef void (*loop_signal_cb)(int signo, void *arg);
typedef void (*loop_hook_cb)(void *arg);

struct loop	*loop_new(void);
void		 loop_free(struct loop *);

/* Watch fd for events (POLLIN/POLLOUT); one registration per fd. */
int	loop_fd_add(struct loop *, int fd, short events, loop_fd_cb, void *arg);
int	loop_fd_events(struct loop *, int fd, short events);
void	loop_fd_del(struct loop *, int fd);

/*
 * One-shot timer after delay_ms.  Returns an id > 0, or -1.  Cancelling
 * an id that already fired or was cancelled does nothing.  A callback may
 * add timers (re-arming itself is how a periodic timer is made).
 */
int64_t	loop_timer_add(struct loop *, uint64_t delay_ms, loop_timer_cb,
	    void *arg);
void	loop_timer_cancel(struct loop *, int64_t id);

/*
 * Run cb from the loop when signo arrives; SIG_DFL is restored by free.
 * Only one loop at a time may take signals; another fails with
 * EBUSY.  Registering a signal again replaces its callback.
 */
int	loop_signal(struct loop *, int signo, loop_signal_cb, void *arg);

/* Call cb before each poll(). */
int	loop_hook_add(struct loop *, loop_hook_cb, void *arg);

/*
 * Run until loop_stop(); returns 0, or -1 when poll() fails.
 * Not reentrant: a call from inside a callback fails with EBUSY.
 */
int	loop_run(struct loop *);
void	loop_stop(struct loop *);

/* Monotonic now in ms, refreshed once per iteration. */
uint64_t loop_now_ms(struct loop *);

#endif
