/*
 * priv.h - privilege separation and dropping (OpenBSD ntpd pattern).
 *
 * When blocking needs privilege (nftables), `camguard run` forks: the
 * parent keeps root only to apply blocks it receives from the worker as
 * fixed-size typed messages (priv_msg.h) and does nothing else; the
 * worker drops to run.user before it touches logs, the network or any
 * untrusted input.  Every step fails closed: a failed drop is fatal, a
 * malformed message ends the worker.
 */
#ifndef CAMGUARD_PRIV_H
#define CAMGUARD_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/addr.h"
#include "proto/priv_msg.h"

struct fw_ops;

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

typedef int (*priv_apply_fn)(const struct priv_msg *, void *arg);
/*
 * The parent: apply each checked request and reply with its rc; forward
 * SIGHUP, SIGUSR1, SIGTERM and SIGINT to the worker.  Returns when the
 * worker exits (its exit status) or after a malformed message, which
 * kills the worker (returns 1).
 */
int	priv_parent_serve(int fd, pid_t worker, priv_apply_fn, void *arg);

/* The worker's firewall proxy (priv_fw.c) and the socket it uses. */
extern const struct fw_ops priv_fw_ops;
void	priv_fw_set_fd(int fd);

/* Worker: send one request and wait (bounded) for its reply: 0 or -1. */
int	priv_request(int fd, enum priv_type, const struct addr_net *,
	    int64_t until);
int	priv_request_init(int fd, const uint16_t *ports, size_t n);

#endif
