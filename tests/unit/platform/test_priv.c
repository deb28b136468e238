/*
 * test_priv.c - privilege separation: the parent acts only on well-formed
 * messages and ends a worker that sends anything else (descriptors
 * included); it passes a descriptor with its reply to an open request and
 * the signals it takes as messages; each side sees the other's death; the
 * worker's drop changes every id, sets no_new_privs and cannot be undone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/loop.h"
#include "platform/priv.h"
#include "platform/sandbox.h"
#include "proto/priv_msg.h"

static struct priv_msg good;

static void
make_good(void)
{
	struct addr_net a;

	assert_int_equal(addr_parse_net("192.0.2.7", 9, &a), 0);
	priv_msg_request(&good, PRIV_BLOCK, 1, &a, 1764000000);
}

static void
test_well_formed_requests_pass_the_check(void **state)
{
	struct addr_net a;
	struct priv_msg m;
	const char *why;

	(void)state;
	make_good();
	assert_int_equal(priv_msg_check(&good, sizeof(good), &why), 0);
	assert_int_equal(addr_parse_net("2001:db8:1::/64", 15, &a), 0);
	priv_msg_request(&m, PRIV_RELEASE, 2, &a, 0);
	assert_int_equal(priv_msg_check(&m, sizeof(m), &why), 0);
	priv_msg_request(&m, PRIV_FLUSH, 3, NULL, 0);
	assert_int_equal(priv_msg_check(&m, sizeof(m), &why), 0);
	priv_msg_open(&m, 4, PRIV_F_LOG, PRIV_INDEX_MAX - 1);
	assert_int_equal(priv_msg_check(&m, sizeof(m), &why), 0);
	priv_msg_open(&m, 5, PRIV_F_CAMERA_PW, 0);
	assert_int_equal(priv_msg_check(&m, sizeof(m), &why), 0);
	/* what the parent sends is checked by the worker */
	priv_msg_request(&m, PRIV_SIGNAL, 0, NULL, 0);
	m.signo = SIGHUP;
	assert_int_equal(priv_msg_check_from_parent(&m, sizeof(m), &why), 0);
	m.signo = SIGKILL;
	assert_int_equal(priv_msg_check_from_parent(&m, sizeof(m), &why), -1);
	assert_int_equal(priv_msg_check(&m, sizeof(m), &why), -1);
}

/* Each mutation of a good message must be refused, with its reason. */
static void
test_every_malformed_field_is_refused(void **state)
{
	struct priv_msg m;
	const char *why;
	char big[sizeof(m) + 1];

	(void)state;
	make_good();
#define REFUSED(mutation, reason) do { \
	m = good; mutation; \
	assert_int_equal(priv_msg_check(&m, sizeof(m), &why), -1); \
	assert_string_equal(why, reason); \
} while (0)
	REFUSED(m.magic ^= 1, "header");
	REFUSED(m.rc = -1, "header");
	REFUSED(m.pad[1] = 1, "header");
	REFUSED(m.type = 9, "type");
	REFUSED(m.type = PRIV_REPLY, "type");
	REFUSED(m.family = 5, "address family");
	REFUSED(m.prefix = 0, "prefix length");
	REFUSED(m.prefix = 33, "prefix length");
	REFUSED(m.prefix = 24, "host bits set beyond the prefix");
	REFUSED(m.addr[9] = 1, "host bits set beyond the prefix");
	REFUSED(m.until = -5, "negative until");
	REFUSED((m.type = PRIV_RELEASE, m.until = 5), "until on release");
	REFUSED((m.type = PRIV_FLUSH), "address fields where none belong");
	REFUSED(m.file = PRIV_F_LOG, "file outside open");
	REFUSED(m.signo = SIGHUP, "header");
	REFUSED((m.type = PRIV_OPEN, m.family = 0, m.prefix = 0,
	    memset(m.addr, 0, 16), m.until = 0, m.file = 9), "file role");
	REFUSED((m.type = PRIV_OPEN, m.family = 0, m.prefix = 0,
	    memset(m.addr, 0, 16), m.until = 0, m.file = PRIV_F_CONF,
	    m.index = 1), "file index");
	REFUSED((m.type = PRIV_OPEN, m.family = 0, m.prefix = 0,
	    memset(m.addr, 0, 16), m.until = 0, m.file = PRIV_F_LOG,
	    m.index = PRIV_INDEX_MAX), "file index");
	REFUSED((m.type = PRIV_OPEN, m.file = PRIV_F_LOG),
	    "address fields where none belong");
	REFUSED(m.type = PRIV_SIGNAL, "type");
#undef REFUSED
	assert_int_equal(priv_msg_check(&good, sizeof(good) - 1, &why), -1);
	assert_string_equal(why, "length");
	memcpy(big, &good, sizeof(good));
	big[sizeof(good)] = 0;
	assert_int_equal(priv_msg_check(big, sizeof(big), &why), -1);
	assert_string_equal(why, "length");
}

static int applied;

static int
count_apply(const struct priv_msg *m, int *fd_out, void *arg)
{
	(void)arg;
	applied++;
	if (m->type == PRIV_OPEN) {
		if (m->index == 1)
			return -ENOENT;
		*fd_out = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
		return *fd_out < 0 ? -errno : 0;
	}
	/* refuse releases, to show the worker gets the parent's rc */
	return m->type == PRIV_RELEASE ? -PRIV_REFUSED : 0;
}

static void
test_parent_applies_requests_and_returns_their_rc(void **state)
{
	struct addr_net a;
	pid_t pid;
	int fd, rc;

	(void)state;
	applied = 0;
	assert_int_equal(addr_parse_net("192.0.2.7", 9, &a), 0);
	pid = priv_fork(&fd);
	assert_true(pid >= 0);
	if (pid == 0) {
		rc = priv_request(fd, PRIV_BLOCK, &a, 0) == 0 &&
		    priv_request(fd, PRIV_RELEASE, &a, 0) == -PRIV_REFUSED &&
		    priv_request(fd, PRIV_FLUSH, NULL, 0) == 0;
		_exit(rc ? 0 : 3);
	}
	rc = priv_parent_serve(fd, pid, count_apply, NULL, NULL);
	assert_int_equal(rc, 0);
	assert_int_equal(applied, 3);
}

/* The worker reads a file through the descriptor the parent passed. */
static void
test_an_open_request_gets_the_parents_descriptor(void **state)
{
	char buf[8];
	pid_t pid;
	int fd, f, rc;

	(void)state;
	applied = 0;
	pid = priv_fork(&fd);
	assert_true(pid >= 0);
	if (pid == 0) {
		f = priv_request_open(fd, PRIV_F_LOG, 0);
		rc = f >= 0 && read(f, buf, 5) == 5 && !memcmp(buf, "root:", 5);
		if (f >= 0)
			close(f);
		/* and an error comes back as errno */
		f = priv_request_open(fd, PRIV_F_LOG, 1);
		rc = rc && f == -1 && errno == ENOENT;
		_exit(rc ? 0 : 3);
	}
	assert_int_equal(priv_parent_serve(fd, pid, count_apply, NULL, NULL),
	    0);
	assert_int_equal(applied, 2);
}

/* Descriptors go one way only: a worker that sends one is stopped. */
static void
test_a_worker_that_sends_a_descriptor_is_killed(void **state)
{
	union {
		char		buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr	align;
	} u;
	struct iovec iov;
	struct msghdr mh;
	struct cmsghdr *cm;
	struct priv_msg m;
	pid_t pid;
	int fd, one = 0;

	(void)state;
	applied = 0;
	pid = priv_fork(&fd);
	assert_true(pid >= 0);
	if (pid == 0) {
		priv_msg_request(&m, PRIV_FLUSH, 1, NULL, 0);
		iov.iov_base = &m;
		iov.iov_len = sizeof(m);
		memset(&mh, 0, sizeof(mh));
		memset(&u, 0, sizeof(u));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = u.buf;
		mh.msg_controllen = sizeof(u.buf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &one, sizeof(int));
		if (sendmsg(fd, &mh, 0) < 0)
			_exit(4);
		pause();
		_exit(5);
	}
	assert_int_equal(priv_parent_serve(fd, pid, count_apply, NULL, NULL),
	    2);
	assert_int_equal(applied, 0);
	assert_int_equal(kill(pid, 0), -1);
}

static volatile sig_atomic_t got_hup;

static void
on_hup(int signo)
{
	(void)signo;
	got_hup = 1;
}

/* The parent passes SIGHUP on as a message, raised in the worker. */
static void
test_a_signal_the_parent_takes_reaches_the_worker(void **state)
{
	pid_t pid;
	int fd;

	(void)state;
	pid = priv_fork(&fd);
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGHUP, on_hup);
		/* ask something, so that the parent is serving */
		if (priv_request(fd, PRIV_FLUSH, NULL, 0) != 0)
			_exit(3);
		kill(getppid(), SIGHUP);
		while (!got_hup) {
			struct pollfd p = { .fd = fd, .events = POLLIN };

			if (poll(&p, 1, 5000) != 1)
				_exit(4);
			/* a request reads (and raises) what is waiting */
			if (priv_request(fd, PRIV_FLUSH, NULL, 0) != 0)
				_exit(6);
		}
		_exit(0);
	}
	assert_int_equal(priv_parent_serve(fd, pid, count_apply, NULL, NULL),
	    0);
	signal(SIGHUP, SIG_DFL);
}

static void
gone(void *arg)
{
	loop_stop(arg);
}

static void
too_late(void *arg)
{
	(void)arg;
	_exit(5);
}

/* The worker's loop hears the parent hang up. */
static void
test_the_worker_notices_the_parents_death(void **state)
{
	struct loop *loop;
	pid_t pid;
	int fd, status;

	(void)state;
	pid = priv_fork(&fd);
	assert_true(pid >= 0);
	if (pid != 0) {
		/* the "parent" here dies at once */
		close(fd);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
		return;
	}
	loop = loop_new();
	if (!loop || priv_worker_watch(loop, fd, gone, loop) < 0)
		_exit(3);
	loop_timer_add(loop, 5000, too_late, NULL);
	_exit(loop_run(loop) == 0 ? 0 : 4);
}

/* How the worker ended is what the parent returns (and logs). */
static void
test_the_parent_reports_a_worker_killed_by_a_signal(void **state)
{
	struct sandbox_report *r = sandbox_report_new();
	pid_t pid;
	int fd;

	(void)state;
	assert_non_null(r);
	pid = priv_fork(&fd);
	assert_true(pid >= 0);
	if (pid == 0) {
		r->nr = 59;
		r->magic = 0x43475353u;
		signal(SIGSYS, SIG_DFL);	/* cmocka catches it */
		raise(SIGSYS);
		_exit(0);
	}
	assert_int_equal(priv_parent_serve(fd, pid, count_apply, NULL, r), 2);
	sandbox_report_free(r);
}

static void
test_parent_kills_a_worker_that_sends_a_malformed_message(void **state)
{
	struct priv_msg m;
	pid_t pid;
	int fd, rc;

	(void)state;
	applied = 0;
	make_good();
	pid = priv_fork(&fd);
	assert_true(pid >= 0);
	if (pid == 0) {
		m = good;
		m.prefix = 64;	/* out of range for IPv4 */
		if (send(fd, &m, sizeof(m), 0) < 0)
			_exit(4);
		pause();	/* the parent must end us */
		_exit(5);
	}
	rc = priv_parent_serve(fd, pid, count_apply, NULL, NULL);
	assert_int_equal(rc, 2);
	assert_int_equal(applied, 0);
	assert_int_equal(kill(pid, 0), -1);
	assert_int_equal(errno, ESRCH);
}

static void
test_parent_refuses_a_short_datagram(void **state)
{
	pid_t pid;
	int fd;

	(void)state;
	applied = 0;
	pid = priv_fork(&fd);
	assert_true(pid >= 0);
	if (pid == 0) {
		if (send(fd, "block 1.2.3.4", 13, 0) < 0)
			_exit(4);
		pause();
		_exit(5);
	}
	assert_int_equal(priv_parent_serve(fd, pid, count_apply, NULL, NULL),
	    2);
	assert_int_equal(applied, 0);
}

static void
test_numeric_and_named_users_resolve(void **state)
{
	char err[128];
	uid_t uid;
	gid_t gid;

	(void)state;
	assert_int_equal(priv_resolve("1000", &uid, &gid, err, sizeof(err)), 0);
	assert_int_equal(uid, 1000);
	assert_int_equal(gid, 1000);
	assert_int_equal(priv_resolve("1000:50", &uid, &gid, err,
	    sizeof(err)), 0);
	assert_int_equal(gid, 50);
	assert_int_equal(priv_resolve("0", &uid, &gid, err, sizeof(err)), -1);
	assert_int_equal(priv_resolve("root", &uid, &gid, err, sizeof(err)),
	    -1);
	assert_string_equal(err, "run.user root is root");
	assert_int_equal(priv_resolve("no-such-user-cg", &uid, &gid, err,
	    sizeof(err)), -1);
	/* names come from /etc/passwd itself, no NSS: nobody is 65534 */
	assert_int_equal(priv_resolve("nobody", &uid, &gid, err, sizeof(err)),
	    0);
	assert_int_equal(uid, 65534);
	assert_int_equal(priv_resolve("12ab", &uid, &gid, err, sizeof(err)),
	    -1);
}

static void
test_drop_changes_every_id_for_good(void **state)
{
	char err[128];
	uid_t r, e, s;
	gid_t rg, eg, sg, groups[4];
	pid_t pid;
	int status, n;

	(void)state;
	if (!priv_is_root())
		skip();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (priv_drop("65534:65533", err, sizeof(err)) < 0)
			_exit(10);
		if (getresuid(&r, &e, &s) < 0 || r != 65534 || e != 65534 ||
		    s != 65534)
			_exit(11);
		if (getresgid(&rg, &eg, &sg) < 0 || rg != 65533 ||
		    eg != 65533 || sg != 65533)
			_exit(12);
		n = getgroups(4, groups);
		if (n != 1 || groups[0] != 65533)
			_exit(13);
		if (setuid(0) == 0 || prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
			_exit(14);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test(test_##f)
		T(well_formed_requests_pass_the_check),
		T(every_malformed_field_is_refused),
		T(parent_applies_requests_and_returns_their_rc),
		T(parent_kills_a_worker_that_sends_a_malformed_message),
		T(parent_refuses_a_short_datagram),
		T(an_open_request_gets_the_parents_descriptor),
		T(a_worker_that_sends_a_descriptor_is_killed),
		T(a_signal_the_parent_takes_reaches_the_worker),
		T(the_worker_notices_the_parents_death),
		T(the_parent_reports_a_worker_killed_by_a_signal),
		T(numeric_and_named_users_resolve),
		T(drop_changes_every_id_for_good),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
