/*
 * ctlsock.c - make, check and call the control socket (ctlsock.h).
 *
 * Owns the file-system side (a stale socket replaced, mode and owner)
 * and the peer credentials; knows nothing of the requests it carries.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "core/cg_limits.h"
#include "platform/ctlsock.h"

static int
fill_addr(struct sockaddr_un *sun, const char *path, char *err,
    size_t errsz)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (path[0] != '/' || strlen(path) >= sizeof(sun->sun_path)) {
		snprintf(err, errsz, "%s: must be an absolute path shorter "
		    "than %zu bytes", path, sizeof(sun->sun_path));
		return -1;
	}
	memcpy(sun->sun_path, path, strlen(path) + 1);
	return 0;
}

/* Does a daemon answer on path? */
static int
someone_listens(const struct sockaddr_un *sun)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), rc;

	if (fd < 0)
		return 0;
	rc = connect(fd, (const struct sockaddr *)sun, sizeof(*sun)) == 0;
	close(fd);
	return rc;
}

/* The directory that holds path, made when missing (one level). */
static int
make_dir(const char *path, char *err, size_t errsz)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	if (!(slash = strrchr(dir, '/')) || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errsz, "%s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

int
ctlsock_listen(const char *path, uid_t uid, gid_t gid, char *err,
    size_t errsz)
{
	struct sockaddr_un sun;
	struct stat st;
	mode_t old;
	int fd;

	if (fill_addr(&sun, path, err, errsz) < 0 ||
	    make_dir(path, err, errsz) < 0)
		return -1;
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			snprintf(err, errsz, "%s exists and is no socket",
			    path);
			return -1;
		}
		if (someone_listens(&sun)) {
			snprintf(err, errsz, "another camguard answers on %s",
			    path);
			return -1;
		}
		unlink(path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	/* never a moment with more than 0600 */
	old = umask(0177);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		umask(old);
		goto fail;
	}
	umask(old);
	if (chmod(path, 0600) < 0 ||
	    (uid != (uid_t)-1 && chown(path, uid, gid) < 0) ||
	    listen(fd, CTL_BACKLOG) < 0) {
		unlink(path);
		goto fail;
	}
	return fd;
fail:
	snprintf(err, errsz, "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

int
ctlsock_peer_uid(int fd, uid_t *uid)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0 ||
	    len != sizeof(cr))
		return -1;
	*uid = cr.uid;
	return 0;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
connect_err(const char *path, char *err, size_t errsz)
{
	if (errno == ENOENT || errno == ECONNREFUSED)
		snprintf(err, errsz, "camguard run is not running (%s %s; see "
		    "run.control_socket)", path, errno == ENOENT ?
		    "does not exist" : "has no daemon behind it");
	else if (errno == EACCES || errno == EPERM)
		snprintf(err, errsz, "%s: permission denied: run this as root "
		    "or as run.user", path);
	else
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
	return -1;
}

/* Wait for ev on fd until the deadline; 1 ready, 0 timed out, -1. */
static int
wait_fd(int fd, short ev, long long end)
{
	struct pollfd p = { .fd = fd, .events = ev };
	long long left = end - now_ms();
	int n;

	if (left <= 0)
		return 0;
	do
		n = poll(&p, 1, (int)left);
	while (n < 0 && errno == EINTR);
	return n;
}

static int
send_all(int fd, const char *p, size_t len, long long end)
{
	ssize_t n;

	while (len > 0) {
		if (wait_fd(fd, POLLOUT, end) <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read up to the first newline; -1 on EOF before it or no room. */
static int
recv_line(int fd, char *buf, size_t sz, long long end)
{
	size_t got = 0;
	ssize_t n;
	char *nl;

	while (got + 1 < sz) {
		if (wait_fd(fd, POLLIN, end) <= 0)
			return -1;
		n = recv(fd, buf + got, sz - 1 - got, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
		buf[got] = '\0';
		if ((nl = memchr(buf, '\n', got))) {
			*nl = '\0';
			return (int)(nl - buf);
		}
	}
	buf[got] = '\0';
	return -1;
}

int
ctlsock_call(const char *path, const char *req, size_t len, char *reply,
    size_t replysz, int timeout_ms, char *err, size_t errsz)
{
	long long end = now_ms() + timeout_ms;
	struct sockaddr_un sun;
	int fd, n = -1, sent_err = 0;

	if (fill_addr(&sun, path, err, errsz) < 0)
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errsz, "socket: %s", strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 &&
	    errno != EINPROGRESS && errno != EAGAIN) {
		connect_err(path, err, errsz);
		close(fd);
		return -1;
	}
	errno = 0;
	/* a daemon that turns the peer away answers first and closes: the
	 * reason may wait to be read although the request could not go */
	if (send_all(fd, req, len, end) < 0 || send_all(fd, "\n", 1, end) < 0)
		sent_err = errno;
	if ((n = recv_line(fd, reply, replysz, end)) < 0 && sent_err)
		snprintf(err, errsz, "%s: the daemon took no request (%s)",
		    path, strerror(sent_err));
	else if (n < 0)
		snprintf(err, errsz, "%s: no answer from the daemon within "
		    "%d ms", path, timeout_ms);
	close(fd);
	return n;
}
