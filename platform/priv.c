/*
 * priv.c - fork, drop, the privileged parent's tiny loop and the worker's
 * end of the socket.
 *
 * Owns every privilege step of camguard.  The parent's loop reads only
 * from the worker's socket and its own signal pipe; it never parses text
 * or touches the network.  Descriptors go one way only, parent to worker
 * (SCM_RIGHTS on a reply to PRIV_OPEN); a message from the worker that
 * carries any is malformed.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/exitcode.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/readfile.h"
#include "platform/priv.h"
#include "platform/sandbox.h"

#define PRIV_PASSWD_PATH	"/etc/passwd"

/* How long the worker waits for the parent's answer to one request. */
#define PRIV_REPLY_MS	2000

int
priv_is_root(void)
{
	return geteuid() == 0;
}

static int
parse_id(const char *s, size_t len, unsigned long *out)
{
	char buf[16];
	char *end;

	if (len == 0 || len >= sizeof(buf) || s[0] < '0' || s[0] > '9')
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*out = strtoul(buf, &end, 10);
	return (*end || errno || *out == 0 || *out > 0x7fffffffUL) ? -1 : 0;
}

/*
 * The user's entry in /etc/passwd, read directly: a static camera build
 * has no NSS modules to ask, and a service account is always a local one.
 */
static int
passwd_lookup(const char *user, unsigned long *uid, unsigned long *gid)
{
	char line[512], *f[4], *save = NULL;
	int i, rc = -1, fd = readfile_open(PRIV_PASSWD_PATH, O_RDONLY, 0);
	FILE *fp = fd < 0 ? NULL : fdopen(fd, "r");

	if (!fp) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (rc < 0 && fgets(line, sizeof(line), fp)) {
		f[0] = strtok_r(line, ":", &save);
		for (i = 1; i < 4 && f[i - 1]; i++)
			f[i] = strtok_r(NULL, ":", &save);
		if (i < 4 || !f[3] || strcmp(f[0], user))
			continue;
		if (parse_id(f[2], strlen(f[2]), uid) == 0 &&
		    parse_id(f[3], strlen(f[3]), gid) == 0)
			rc = 0;
		else
			break;
	}
	fclose(fp);
	return rc;
}

int
priv_resolve(const char *user, uid_t *uid, gid_t *gid, char *err,
    size_t errsz)
{
	const char *colon = strchr(user, ':');
	size_t ul = colon ? (size_t)(colon - user) : strlen(user);
	unsigned long u, g;

	if (parse_id(user, ul, &u) == 0) {
		if (colon ? parse_id(colon + 1, strlen(colon + 1), &g) < 0 :
		    (g = u, 0)) {
			snprintf(err, errsz, "run.user %s: bad gid", user);
			return -1;
		}
		*uid = (uid_t)u;
		*gid = (gid_t)g;
		return 0;
	}
	if (!colon && (!strcmp(user, "root") || strspn(user, "0") == ul)) {
		snprintf(err, errsz, "run.user %s is root", user);
		return -1;
	}
	if (colon || passwd_lookup(user, &u, &g) < 0) {
		snprintf(err, errsz, "run.user %s: no such user in %s (a "
		    "numeric uid always works)", user, PRIV_PASSWD_PATH);
		return -1;
	}
	*uid = (uid_t)u;
	*gid = (gid_t)g;
	return 0;
}

static int
verify_dropped(uid_t uid, gid_t gid, char *err, size_t errsz)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;

	if (getresuid(&r, &e, &s) < 0 || getresgid(&rg, &eg, &sg) < 0 ||
	    r != uid || e != uid || s != uid || rg != gid || eg != gid ||
	    sg != gid) {
		snprintf(err, errsz, "ids did not change");
		return -1;
	}
	if (setuid(0) == 0 || seteuid(0) == 0) {
		snprintf(err, errsz, "root could be regained");
		return -1;
	}
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1) {
		snprintf(err, errsz, "no_new_privs is not set");
		return -1;
	}
	return 0;
}

int
priv_drop(const char *user, char *err, size_t errsz)
{
	uid_t uid;
	gid_t gid;

	if (priv_resolve(user, &uid, &gid, err, errsz) < 0)
		return -1;
	if (setgroups(1, &gid) < 0 || setresgid(gid, gid, gid) < 0 ||
	    setresuid(uid, uid, uid) < 0) {
		snprintf(err, errsz, "dropping to %s (%lu:%lu): %s", user,
		    (unsigned long)uid, (unsigned long)gid, strerror(errno));
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		snprintf(err, errsz, "PR_SET_NO_NEW_PRIVS: %s",
		    strerror(errno));
		return -1;
	}
	return verify_dropped(uid, gid, err, errsz);
}

pid_t
priv_fork(int *fd)
{
	int sp[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0)
		return -1;
	if ((pid = fork()) < 0) {
		close(sp[0]);
		close(sp[1]);
		return -1;
	}
	close(pid == 0 ? sp[0] : sp[1]);
	*fd = pid == 0 ? sp[1] : sp[0];
	return pid;
}

/* ---- the parent -------------------------------------------------------- */

static int parent_sigpipe[2] = { -1, -1 };

static void
parent_on_signal(int signo)
{
	unsigned char c = (unsigned char)signo;
	int saved = errno;

	if (write(parent_sigpipe[1], &c, 1) < 0)
		(void)0;	/* a full pipe already holds a wake-up */
	errno = saved;
}

static int
parent_signals(void)
{
	static const int sigs[] = { SIGHUP, SIGUSR1, SIGTERM, SIGINT };
	struct sigaction sa;
	size_t i;

	if (pipe2(parent_sigpipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = parent_on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) < 0)
			return -1;
	return 0;
}

/*
 * Signals go to the worker as messages, not kill(2): the worker runs as
 * another user, and the parent keeps no capability to signal it but the
 * one it needs to end a misbehaving worker.
 */
static void
parent_forward(int fd)
{
	struct priv_msg m;
	unsigned char c;

	while (read(parent_sigpipe[0], &c, 1) == 1) {
		priv_msg_request(&m, PRIV_SIGNAL, 0, NULL, 0);
		m.signo = c;
		if (send(fd, &m, sizeof(m), MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
			log_warn("privileged parent: passing signal %d on", c);
	}
}

/* The reply, with a descriptor when there is one. */
static int
parent_reply(int fd, const struct priv_msg *reply, int pass_fd)
{
	union {
		char		buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr	align;
	} u;
	struct iovec iov = { (void *)reply, sizeof(*reply) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;

	if (pass_fd >= 0) {
		memset(&u, 0, sizeof(u));
		mh.msg_control = u.buf;
		mh.msg_controllen = sizeof(u.buf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &pass_fd, sizeof(int));
	}
	return sendmsg(fd, &mh, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

/* One datagram from the worker: 1 served, 0 worker gone, -1 bad. */
static int
parent_one(int fd, priv_apply_fn apply, void *arg)
{
	struct priv_msg m, reply;
	struct iovec iov = { &m, sizeof(m) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	const char *why = "";
	int pass_fd = -1, rc;
	ssize_t n;

	/* no room for control data: descriptors sent to us are closed */
	n = recvmsg(fd, &mh, MSG_TRUNC | MSG_DONTWAIT);
	if (n == 0)
		return 0;
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 1 : 0;
	if (mh.msg_flags & (MSG_CTRUNC | MSG_TRUNC))
		why = "descriptors or excess bytes";
	else if (priv_msg_check(&m, (size_t)n, &why) == 0)
		why = NULL;
	if (why) {
		log_warnx("privileged parent: malformed message from the "
		    "worker (%s, %zd bytes); stopping it", why, n);
		return -1;
	}
	reply = m;
	reply.type = PRIV_REPLY;
	rc = apply(&m, &pass_fd, arg);
	reply.rc = rc < 0 ? rc : 0;
	rc = parent_reply(fd, &reply, reply.rc == 0 ? pass_fd : -1);
	if (pass_fd >= 0)
		close(pass_fd);
	return rc < 0 ? 0 : 1;
}

/* How the worker ended, logged once; the parent's exit status. */
static int
parent_reap(pid_t worker, const struct sandbox_report *report)
{
	char why[128];
	int status;

	while (waitpid(worker, &status, 0) < 0)
		if (errno != EINTR)
			return EXIT_NOWORK;
	if (WIFEXITED(status)) {
		if (WEXITSTATUS(status) != 0)
			log_warnx("privileged parent: the worker exited with "
			    "status %d", WEXITSTATUS(status));
		return WEXITSTATUS(status);
	}
	if (WIFSIGNALED(status)) {
		if (WTERMSIG(status) == SIGSYS && report &&
		    sandbox_report_describe(report, why, sizeof(why)))
			log_warnx("privileged parent: the worker was killed "
			    "by the sandbox: %s", why);
		else
			log_warnx("privileged parent: the worker was killed "
			    "by signal %d (%s)", WTERMSIG(status),
			    strsignal(WTERMSIG(status)));
	}
	return EXIT_NOWORK;
}

int
priv_parent_serve(int fd, pid_t worker, priv_apply_fn apply, void *arg,
    const struct sandbox_report *report)
{
	struct pollfd pfd[2];
	int rc = 1;

	log_procname("[priv]");
	if (parent_signals() < 0) {
		log_warn("privileged parent: signals");
		kill(worker, SIGKILL);
		parent_reap(worker, NULL);
		return EXIT_NOWORK;
	}
	pfd[0].fd = fd;
	pfd[0].events = POLLIN;
	pfd[1].fd = parent_sigpipe[0];
	pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			break;
		if (pfd[1].revents & POLLIN)
			parent_forward(fd);
		if (!(pfd[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		rc = parent_one(fd, apply, arg);
		if (rc <= 0)
			break;
	}
	if (rc < 0)
		kill(worker, SIGKILL);
	close(fd);
	rc = rc < 0 ? (parent_reap(worker, report), EXIT_NOWORK) :
	    parent_reap(worker, report);
	return rc;
}

/* ---- the worker's side ------------------------------------------------- */

/* A descriptor that came with m, or -1; extra ones are closed. */
static int
take_fd(struct msghdr *mh)
{
	struct cmsghdr *cm;
	int fd = -1, x;
	size_t i, n;

	for (cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < n; i++) {
			memcpy(&x, CMSG_DATA(cm) + i * sizeof(int), sizeof(x));
			if (fd < 0)
				fd = x;
			else
				close(x);
		}
	}
	return fd;
}

/*
 * One message from the parent into m (and *fd when one came): 1, 0 when
 * the parent is gone, -1 on a malformed one.  A signal is raised here.
 */
static int
worker_recv(int sock, struct priv_msg *m, int *fd)
{
	union {
		char		buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr	align;
	} u;
	struct iovec iov = { m, sizeof(*m) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	const char *why;
	ssize_t n;
	int got;

	*fd = -1;
	n = recvmsg(sock, &mh, MSG_TRUNC | MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		return 0;
	if (n < 0)
		return -2;	/* nothing yet */
	got = take_fd(&mh);
	if (priv_msg_check_from_parent(m, (size_t)n, &why) < 0) {
		log_warnx("privileged parent: bad message (%s)", why);
		if (got >= 0)
			close(got);
		return -1;
	}
	if (m->type == PRIV_SIGNAL)
		raise(m->signo);
	*fd = got;
	return 1;
}

static int
priv_send_wait(int sock, struct priv_msg *m, int *fd_out)
{
	struct priv_msg r;
	struct pollfd p = { .fd = sock, .events = POLLIN };
	int fd, rc;

	if (fd_out)
		*fd_out = -1;
	if (send(sock, m, sizeof(*m), MSG_NOSIGNAL) != (ssize_t)sizeof(*m)) {
		log_warn("privileged parent: send");
		return -1;
	}
	for (;;) {
		if (poll(&p, 1, PRIV_REPLY_MS) <= 0) {
			log_warnx("privileged parent: no answer");
			return -1;
		}
		rc = worker_recv(sock, &r, &fd);
		if (rc == -2)
			continue;
		if (rc <= 0) {
			log_warnx("privileged parent: %s", rc == 0 ? "gone" :
			    "bad answer");
			return -1;
		}
		if (r.type == PRIV_REPLY && r.seq == m->seq) {
			if (fd_out)
				*fd_out = fd;
			else if (fd >= 0)
				close(fd);
			return r.rc;
		}
		if (fd >= 0)
			close(fd);	/* a late reply to an earlier request */
	}
}

static uint32_t priv_seq;

int
priv_request(int fd, enum priv_type type, const struct addr_net *net,
    int64_t until)
{
	struct priv_msg m;

	priv_msg_request(&m, type, ++priv_seq, net, until);
	return priv_send_wait(fd, &m, NULL);
}

int
priv_request_init(int fd, const uint16_t *ports, size_t n)
{
	struct priv_msg m;

	priv_msg_init(&m, ++priv_seq, ports, n);
	return priv_send_wait(fd, &m, NULL);
}

int
priv_request_open(int sock, enum priv_file file, unsigned index)
{
	struct priv_msg m;
	int rc, fd;

	priv_msg_open(&m, ++priv_seq, file, index);
	rc = priv_send_wait(sock, &m, &fd);
	if (rc == 0 && fd >= 0)
		return fd;
	if (fd >= 0)
		close(fd);
	errno = rc < -1 ? -rc : (rc == 0 ? EPROTO : EIO);
	return -1;
}

struct priv_watch {
	void	(*gone)(void *);
	void	*arg;
};

static void
worker_readable(int sock, short revents, void *arg)
{
	struct priv_watch *w = arg;
	struct priv_msg m;
	int fd, rc;

	(void)revents;
	while ((rc = worker_recv(sock, &m, &fd)) == 1)
		if (fd >= 0)
			close(fd);	/* a late reply */
	if (rc == 0 || rc == -1)
		w->gone(w->arg);
}

int
priv_worker_watch(struct loop *loop, int fd, void (*gone)(void *),
    void *arg)
{
	static struct priv_watch w;

	w.gone = gone;
	w.arg = arg;
	return loop_fd_add(loop, fd, POLLIN, worker_readable, &w);
}
