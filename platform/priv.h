/*
 * priv.h - privilege separation and dropping (OpenBSD ntpd pattern).
 *
 * Started as root, `camguard run` forks: the parent keeps root only to
 * apply the blocks it receives from the worker as fixed-size typed
 * messages (priv_msg.h), judged by its own policy (priv_policy.h), and to
 * open the files the worker may not (the configuration for a reload, the
 * camera's password and configuration files, the IDS logs), passing the
 * descriptors back (SCM_RIGHTS).  It does nothing else; it never parses
 * what the worker sends beyond the fixed message.  The worker drops to
 * run.user before it touches logs, the network or any untrusted input.
 * Every step fails closed: a failed drop is fatal, a malformed message
 * ends the worker.  Each side notices the other's death: the parent logs
 * how the worker ended; the worker sees the socket hang up and exits 2.
 */
#ifndef CAMGUARD_PRIV_H
#define CAMGUARD_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/addr.h"
#include "proto/priv_msg.h"

struct loop;
struct sandbox_report;

/* "camguard", "1000" or "1000:1000" (uid:gid) into ids; -1 + message. */
int	priv_resolve(const char *user, uid_t *uid, gid_t *gid, char *err,
	    size_t errsz);
/*
 * Drop to user for good: setgroups to its one group, setresgid,
 * setresuid, PR_SET_NO_NEW_PRIVS, then verify that every id changed and
 * that regaining root fails.  Returns 0, or -1 with the reason in err.
 */
int	priv_drop(const char *user, char *err, size_t errsz);
/* True when the process may drop (it runs as root). */
int	priv_is_root(void);

/*
 * Fork the worker.  Returns 0 in the worker and the worker's pid in the
 * parent, each with *fd its end of a SOCK_SEQPACKET pair; -1 on failure.
 */
pid_t	priv_fork(int *fd);

/*
 * The parent's handler for one checked request: returns 0 or -errno; for
 * PRIV_OPEN it sets *fd_out to the descriptor to pass (closed after).
 */
typedef int (*priv_apply_fn)(const struct priv_msg *, int *fd_out,
	    void *arg);
/*
 * The parent: apply each checked request and reply with its rc; pass
 * SIGHUP, SIGUSR1, SIGTERM and SIGINT on to the worker as PRIV_SIGNAL
 * messages.  Returns when the worker exits, after logging how (its exit
 * status, or its signal and, when the sandbox killed it, the forbidden
 * system call from report, which may be NULL): 0 when it exited 0, its
 * status, or 2.  A malformed message (or one carrying descriptors) kills
 * the worker: 2.
 */
int	priv_parent_serve(int fd, pid_t worker, priv_apply_fn, void *arg,
	    const struct sandbox_report *report);

/*
 * Worker: send one request and wait (bounded) for its reply: its rc (0,
 * or -errno from the parent), -1 when no valid reply came.  A signal the
 * parent passes on meanwhile is raised in the worker.
 */
int	priv_request(int fd, enum priv_type, const struct addr_net *,
	    int64_t until);
int	priv_request_init(int fd, const uint16_t *ports, size_t n);
/* Worker: a descriptor the parent opened, or -1 with errno set. */
int	priv_request_open(int fd, enum priv_file, unsigned index);
/*
 * Worker: watch the socket from the loop: signals the parent passes on
 * are raised here; when the parent is gone, gone() is called (it logs
 * and stops the loop).
 */
int	priv_worker_watch(struct loop *, int fd, void (*gone)(void *),
	    void *arg);

/*
 * The worker's files (priv_files.c): from priv_files_init() on, readfile()
 * and the log tailers open camguard.json (conf_path), the camera's
 * password and configuration files and the IDS logs of c through the
 * parent; priv_files_conf() follows a reload.  Before a scan forks,
 * priv_files_prefetch() fetches the camera's files; the scanning child
 * calls priv_files_child() and reads those (priv_files_keep_fds() names
 * them, so that it keeps them open), the worker priv_files_release().
 * Without priv_files_init() all of these do nothing.
 */
struct conf;
void	priv_files_init(int sock, const char *conf_path, const struct conf *c);
void	priv_files_conf(const struct conf *c);
void	priv_files_prefetch(void);
void	priv_files_child(void);
void	priv_files_keep_fds(int *fds, size_t max, size_t *n);
void	priv_files_release(void);

#endif
