/*
 * priv.c - fork, drop, and the privileged parent's tiny loop.
 *
 * Owns every privilege step of camguard.  The parent's loop reads only
 * from the worker's socket and its own signal pipe; it never parses text
 * or touches the network.
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

#include "core/log.h"
#include "core/readfile.h"
#include "platform/priv.h"

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

static void
parent_forward(pid_t worker)
{
	unsigned char c;

	while (read(parent_sigpipe[0], &c, 1) == 1)
		kill(worker, c);
}

/* One datagram from the worker: 1 served, 0 worker gone, -1 bad. */
static int
parent_one(int fd, priv_apply_fn apply, void *arg)
{
	struct priv_msg m, reply;
	const char *why = "";
	ssize_t n;

	n = recv(fd, &m, sizeof(m), MSG_TRUNC | MSG_DONTWAIT);
	if (n == 0)
		return 0;
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 1 : 0;
	if (priv_msg_check(&m, (size_t)n, &why) < 0) {
		log_warnx("privileged parent: malformed message from the "
		    "worker (%s, %zd bytes); stopping it", why, n);
		return -1;
	}
	reply = m;
	reply.type = PRIV_REPLY;
	reply.rc = apply(&m, arg) < 0 ? -1 : 0;
	if (send(fd, &reply, sizeof(reply), MSG_NOSIGNAL) < 0)
		return 0;
	return 1;
}

static int
parent_reap(pid_t worker)
{
	int status;

	if (waitpid(worker, &status, 0) < 0)
		return 1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 1;
}

int
priv_parent_serve(int fd, pid_t worker, priv_apply_fn apply, void *arg)
{
	struct pollfd pfd[2];
	int rc = 1;

	log_procname("[priv]");
	if (parent_signals() < 0) {
		log_warn("privileged parent: signals");
		kill(worker, SIGTERM);
		parent_reap(worker);
		return 1;
	}
	pfd[0].fd = fd;
	pfd[0].events = POLLIN;
	pfd[1].fd = parent_sigpipe[0];
	pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			break;
		if (pfd[1].revents & POLLIN)
			parent_forward(worker);
		if (!(pfd[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		rc = parent_one(fd, apply, arg);
		if (rc <= 0)
			break;
	}
	if (rc < 0)
		kill(worker, SIGKILL);
	close(fd);
	rc = rc < 0 ? (parent_reap(worker), 1) : parent_reap(worker);
	return rc;
}

/* ---- the worker's side ------------------------------------------------- */

static int
priv_send_wait(int fd, struct priv_msg *m)
{
	struct priv_msg r;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (send(fd, m, sizeof(*m), MSG_NOSIGNAL) != (ssize_t)sizeof(*m)) {
		log_warn("privileged parent: send");
		return -1;
	}
	for (;;) {
		if (poll(&p, 1, PRIV_REPLY_MS) <= 0) {
			log_warnx("privileged parent: no answer");
			return -1;
		}
		n = recv(fd, &r, sizeof(r), 0);
		if (n != (ssize_t)sizeof(r) || r.magic != PRIV_MAGIC ||
		    r.type != PRIV_REPLY) {
			log_warnx("privileged parent: bad answer");
			return -1;
		}
		if (r.seq == m->seq)
			return r.rc;
	}
}

static uint32_t priv_seq;

int
priv_request(int fd, enum priv_type type, const struct addr_net *net,
    int64_t until)
{
	struct priv_msg m;

	priv_msg_request(&m, type, ++priv_seq, net, until);
	return priv_send_wait(fd, &m);
}

int
priv_request_init(int fd, const uint16_t *ports, size_t n)
{
	struct priv_msg m;

	priv_msg_init(&m, ++priv_seq, ports, n);
	return priv_send_wait(fd, &m);
}
