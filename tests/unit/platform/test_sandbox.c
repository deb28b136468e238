/*
 * test_sandbox.c - the seccomp allow-lists: a sandboxed process still does
 * what camguard does (files, sockets, a fork for the worker) and dies of
 * SIGSYS on anything else, leaving the call's number and name for its
 * parent; /proc shows "Seccomp: 2"; the privileged parent keeps only its
 * three capabilities.  Skipped where the kernel (or qemu-user) has no
 * seccomp filters.  Prints the lists of this architecture.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform/priv.h"
#include "platform/sandbox.h"

static struct sandbox_report *rep;

static int
setup(void **state)
{
	char err[128];

	(void)state;
	if (!sandbox_supported(err, sizeof(err)))
		return 0;
	rep = sandbox_report_new();
	return rep ? 0 : -1;
}

/* Run fn sandboxed in a child; its wait status. */
static int
in_sandbox(enum sandbox_profile p, int (*fn)(void))
{
	char err[128];
	pid_t pid;
	int st;

	sandbox_report_clear(rep);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (sandbox_enter(p, rep, err, sizeof(err)) < 0)
			_exit(100);
		_exit(fn());
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (WIFSIGNALED(st) && sandbox_report_describe(rep, err, sizeof(err)))
		printf("# killed: %s\n", err);
	return st;
}

static int
seccomp_mode(void)
{
	char line[128];
	FILE *f = fopen("/proc/self/status", "r");
	int mode = -1;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "Seccomp:", 8))
			mode = atoi(line + 8);
	if (f)
		fclose(f);
	return mode;
}

/* What camguard's processes do every day. */
static int
ordinary_work(void)
{
	char buf[16];
	int fd, s;

	fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, buf, sizeof(buf)) <= 0)
		return 1;
	close(fd);
	s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return 2;
	close(s);
	if ((s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0)) < 0)
		return 3;	/* NETLINK_ROUTE: getifaddrs */
	close(s);
	if (getpid() <= 0 || seccomp_mode() != 2)
		return 5;
	return 0;
}

static int
forks(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0)
		_exit(7);
	if (pid < 0 || waitpid(pid, &st, 0) != pid || WEXITSTATUS(st) != 7)
		return 1;
	return 0;
}

static int
execs(void)
{
	char *const argv[] = { "true", NULL };

	execve("/bin/true", argv, argv + 1);
	return 1;
}

static int
packet_socket(void)
{
	return socket(AF_PACKET, SOCK_RAW, 0) >= 0 ? 0 : 1;
}

static int
new_namespace(void)
{
	return unshare(CLONE_NEWUSER) == 0 ? 0 : 1;
}

static void
expect_killed_by(int st, const char *call)
{
	char buf[128], want[64];

	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSYS);
	assert_non_null(sandbox_report_describe(rep, buf, sizeof(buf)));
	snprintf(want, sizeof(want), "(%s)", call);
	assert_non_null(strstr(buf, want));
	printf("# %s\n", buf);
}

static void
test_sandboxed_processes_do_their_work(void **state)
{
	int st;

	(void)state;
	if (!rep)
		skip();
	st = in_sandbox(SANDBOX_WORKER, ordinary_work);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	st = in_sandbox(SANDBOX_SCAN, ordinary_work);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	st = in_sandbox(SANDBOX_WORKER, forks);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void
test_forbidden_calls_kill_and_are_named(void **state)
{
	(void)state;
	if (!rep)
		skip();
	expect_killed_by(in_sandbox(SANDBOX_WORKER, execs), "execve");
	expect_killed_by(in_sandbox(SANDBOX_SCAN, execs), "execve");
	expect_killed_by(in_sandbox(SANDBOX_WORKER, packet_socket), "socket");
	expect_killed_by(in_sandbox(SANDBOX_WORKER, new_namespace),
	    "unshare");
	/* the scanning child may not fork */
	expect_killed_by(in_sandbox(SANDBOX_SCAN, forks), "clone");
}

static void
test_the_parent_keeps_three_capabilities(void **state)
{
	char line[128], err[128];
	unsigned long long eff = 0, bnd = 0;
	FILE *f;
	pid_t pid;
	int st;

	(void)state;
	if (!priv_is_root())
		skip();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (sandbox_parent_caps(true, err, sizeof(err)) < 0)
			_exit(1);
		f = fopen("/proc/self/status", "r");
		while (f && fgets(line, sizeof(line), f)) {
			if (!strncmp(line, "CapEff:", 7))
				eff = strtoull(line + 7, NULL, 16);
			if (!strncmp(line, "CapBnd:", 7))
				bnd = strtoull(line + 7, NULL, 16);
		}
		/* CAP_DAC_READ_SEARCH 2, CAP_KILL 5, CAP_NET_ADMIN 12 */
		if (eff != 0x1024 || bnd != 0x1024)
			_exit(2);
		if (setuid(65534) == 0)	/* no CAP_SETUID left */
			_exit(3);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* Not a test: the lists of this architecture, for the record. */
static void
test_print_the_lists(void **state)
{
	const char *names[256];
	size_t n, i;
	int p;

	(void)state;
	for (p = SANDBOX_WORKER; p <= SANDBOX_SCAN; p++) {
		n = sandbox_list((enum sandbox_profile)p, names, 256);
		assert_true(n <= 256);
		printf("# %s (%zu):", p == SANDBOX_WORKER ? "worker" : "scan",
		    n);
		for (i = 0; i < n; i++)
			printf(" %s", names[i]);
		printf("\n");
	}
	assert_non_null(sandbox_call_name(SYS_read));
	assert_string_equal(sandbox_call_name(SYS_read), "read");
	assert_string_equal(sandbox_call_name(SYS_write), "write");
	assert_string_equal(sandbox_call_name(SYS_exit_group), "exit_group");
	/* the last name of the generated table, sorted by name */
	assert_string_equal(sandbox_call_name(SYS_writev), "writev");
	assert_null(sandbox_call_name(99999));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sandboxed_processes_do_their_work),
		cmocka_unit_test(test_forbidden_calls_kill_and_are_named),
		cmocka_unit_test(test_the_parent_keeps_three_capabilities),
		cmocka_unit_test(test_print_the_lists),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
