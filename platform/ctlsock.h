/*
 * ctlsock.h - the Unix stream socket of `camguard run` (run.control_socket)
 * that `camguard ids list|block|unblock|flush` talk to.
 *
 * The socket is made while the daemon is still root, before the worker
 * drops to run.user: mode 0600, owned by run.user, so that root and
 * run.user (the worker itself) can connect and nobody else can.  The
 * worker that owns the IDS inherits the listening descriptor and checks
 * every peer again with SO_PEERCRED (root or its own uid).  The protocol
 * (one JSON line in, one out) is daemon/control.c's.
 */
#ifndef CAMGUARD_CTLSOCK_H
#define CAMGUARD_CTLSOCK_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Listen on path (absolute, shorter than sun_path): a socket left by an
 * earlier run is replaced, one a running daemon answers on is not (-1,
 * "another camguard..." in err).  The parent directory is made (0755)
 * when missing.  uid (uid_t)-1 keeps the owner.  Returns the listening
 * descriptor (non-blocking, close-on-exec), or -1 with err set.
 */
int	ctlsock_listen(const char *path, uid_t uid, gid_t gid, char *err,
	    size_t errsz);
/* The peer's uid of an accepted connection; 0 or -1. */
int	ctlsock_peer_uid(int fd, uid_t *uid);
/*
 * The client side: send one request line (len bytes, newline added) and
 * read one reply line into reply (NUL-terminated, newline removed),
 * waiting at most timeout_ms in all.  Returns the reply's length, or -1
 * with a message for a person in err (the daemon does not run, the
 * socket refuses this user, no answer in time).
 */
int	ctlsock_call(const char *path, const char *req, size_t len,
	    char *reply, size_t replysz, int timeout_ms, char *err,
	    size_t errsz);

#endif
