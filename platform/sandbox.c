/*
 * sandbox.c - seccomp allow-lists as hand-written BPF, the SIGSYS
 * reporter, and the privileged parent's capabilities (contract in
 * sandbox.h).
 *
 * The lists are in sandbox_calls.c.  The program checks the
 * architecture, then each allowed call in turn; a few calls are allowed
 * only with given arguments (low 32 bits, little-endian: every camguard
 * target is).
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/netlink.h>
#include <linux/securebits.h>
#include <unistd.h>

#include "platform/sandbox.h"
#include "platform/sandbox_calls.h"

#if defined(__x86_64__)
#define SANDBOX_ARCH	AUDIT_ARCH_X86_64
/* glibc's <sys/syscall.h> has it from <asm/unistd.h>; musl's has not */
#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT	0x40000000
#endif
#elif defined(__aarch64__)
#define SANDBOX_ARCH	AUDIT_ARCH_AARCH64
#elif defined(__arm__)
#define SANDBOX_ARCH	AUDIT_ARCH_ARM
#endif

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "argument checks read the low word first: little-endian only"
#endif

#define SANDBOX_REPORT_MAGIC	0x43475353u	/* "CGSS" */
#define SANDBOX_INSNS_MAX	1024		/* BPF_MAXINSNS is 4096 */


/* ---- the program -------------------------------------------------------- */

struct bpf_prog {
	struct sock_filter	f[SANDBOX_INSNS_MAX];
	size_t			n;
	bool			overflow;
};

static void
emit(struct bpf_prog *p, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k)
{
	if (p->n >= SANDBOX_INSNS_MAX) {
		p->overflow = true;
		return;
	}
	p->f[p->n].code = code;
	p->f[p->n].jt = jt;
	p->f[p->n].jf = jf;
	p->f[p->n].k = k;
	p->n++;
}

#define LD(p, off)	emit(p, BPF_LD | BPF_W | BPF_ABS, 0, 0, (off))
#define RET(p, v)	emit(p, BPF_RET | BPF_K, 0, 0, (v))
#define ARG(i)		(offsetof(struct seccomp_data, args) + 8 * (i))
#define NR		offsetof(struct seccomp_data, nr)

static void
allow_calls(struct bpf_prog *p, const struct sandbox_call *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, (uint32_t)c[i].nr);
		RET(p, SECCOMP_RET_ALLOW);
	}
}

/* nr allowed when argument arg is one of v[n]; traps otherwise. */
static void
allow_if_arg(struct bpf_prog *p, long nr, unsigned arg, const uint32_t *v,
    size_t n)
{
	size_t i;

	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, (uint8_t)(2 * n + 2),
	    (uint32_t)nr);
	LD(p, ARG(arg));
	for (i = 0; i < n; i++) {
		emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, v[i]);
		RET(p, SECCOMP_RET_ALLOW);
	}
	RET(p, SECCOMP_RET_TRAP);
}

/*
 * socket(2): local, IPv4 and IPv6 sockets, and netlink only for routing
 * information (getifaddrs in the scans).
 */
static void
allow_socket(struct bpf_prog *p)
{
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 12, __NR_socket);
	LD(p, ARG(0));
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, AF_UNIX);
	RET(p, SECCOMP_RET_ALLOW);
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, AF_INET);
	RET(p, SECCOMP_RET_ALLOW);
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, AF_INET6);
	RET(p, SECCOMP_RET_ALLOW);
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 3, AF_NETLINK);
	LD(p, ARG(2));
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, NETLINK_ROUTE);
	RET(p, SECCOMP_RET_ALLOW);
	RET(p, SECCOMP_RET_TRAP);
}

/* clone(2) as fork(2) makes it: no new namespaces, no threads. */
#define SANDBOX_CLONE_DENY	(CLONE_NEWNS | CLONE_NEWCGROUP | \
	CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | \
	CLONE_NEWNET | CLONE_THREAD | CLONE_VM)

static void
allow_fork(struct bpf_prog *p)
{
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 4, __NR_clone);
	LD(p, ARG(0));
	emit(p, BPF_JMP | BPF_JSET | BPF_K, 1, 0, SANDBOX_CLONE_DENY);
	RET(p, SECCOMP_RET_ALLOW);
	RET(p, SECCOMP_RET_TRAP);
#ifdef __NR_clone3
	/* glibc falls back to clone(2) when clone3 is not there */
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, __NR_clone3);
	RET(p, SECCOMP_RET_ERRNO | ENOSYS);
#endif
}

static void
build(struct bpf_prog *p, enum sandbox_profile profile)
{
	static const uint32_t ioctls[] = { TCGETS, TIOCGWINSZ, FIONREAD,
		FIONBIO };
	static const uint32_t prctls[] = { PR_SET_PDEATHSIG,
		PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP };

	p->n = 0;
	p->overflow = false;
	LD(p, offsetof(struct seccomp_data, arch));
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, SANDBOX_ARCH);
	RET(p, SECCOMP_RET_KILL_PROCESS);
	LD(p, NR);
#ifdef __x86_64__
	/* x32 calls share the architecture: kill them outright */
	emit(p, BPF_JMP | BPF_JGE | BPF_K, 0, 1, __X32_SYSCALL_BIT);
	RET(p, SECCOMP_RET_KILL_PROCESS);
#endif
	allow_calls(p, sandbox_calls_common, sandbox_calls_common_n);
	allow_socket(p);
	allow_if_arg(p, __NR_ioctl, 1, ioctls, sizeof(ioctls) /
	    sizeof(ioctls[0]));
	if (profile == SANDBOX_WORKER) {
		allow_calls(p, sandbox_calls_worker, sandbox_calls_worker_n);
		allow_fork(p);
		allow_if_arg(p, __NR_prctl, 0, prctls, sizeof(prctls) /
		    sizeof(prctls[0]));
	}
	RET(p, SECCOMP_RET_TRAP);
}

/* ---- the reporter ------------------------------------------------------- */

static struct sandbox_report *sandbox_rep;

static void
on_sigsys(int signo, siginfo_t *si, void *uc)
{
	(void)uc;
	if (sandbox_rep) {
		sandbox_rep->nr = si->si_syscall;
		sandbox_rep->arch = si->si_arch;
		sandbox_rep->magic = SANDBOX_REPORT_MAGIC;
	}
	raise(signo);	/* SA_RESETHAND: the default action, death */
}

struct sandbox_report *
sandbox_report_new(void)
{
	void *p = mmap(NULL, sizeof(struct sandbox_report),
	    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	sandbox_report_clear(p);
	return p;
}

void
sandbox_report_clear(struct sandbox_report *r)
{
	if (r) {
		r->magic = 0;
		r->nr = -1;
		r->arch = 0;
	}
}

void
sandbox_report_free(struct sandbox_report *r)
{
	if (r)
		munmap(r, sizeof(*r));
}

const char *
sandbox_call_name(long nr)
{
	const char *name = sandbox_name_text;
	size_t i;

	for (i = 0; sandbox_name_nr[i] != -1; i++, name += strlen(name) + 1)
		if (sandbox_name_nr[i] == nr)
			return name;
	return NULL;
}

const char *
sandbox_report_describe(const struct sandbox_report *r, char *buf,
    size_t bufsz)
{
	const char *name;

	if (!r || r->magic != SANDBOX_REPORT_MAGIC)
		return NULL;
	name = sandbox_call_name(r->nr);
	snprintf(buf, bufsz, "forbidden system call %d (%s)", (int)r->nr,
	    name ? name : "unknown");
	return buf;
}

/* ---- entering ----------------------------------------------------------- */

static int
install(const struct sock_fprog *prog)
{
#ifdef __NR_seccomp
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog) == 0)
		return 0;
	if (errno != ENOSYS)
		return -1;
#endif
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog, 0, 0);
}

static bool
test_switch(const char *what)
{
	const char *v = getenv(SANDBOX_TEST_ENV);

	return v && !strcmp(v, what);
}

bool
sandbox_supported(char *err, size_t errsz)
{
#ifndef SANDBOX_ARCH
	snprintf(err, errsz, "no seccomp filter for this architecture");
	return false;
#else
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { 1, &allow };
	pid_t pid;
	int st;

	if (test_switch("nokernel")) {
		snprintf(err, errsz, "the kernel has no seccomp filters (%s)",
		    SANDBOX_TEST_ENV);
		return false;
	}
	/* try in a child: a filter, even allow-all, is for good */
	if ((pid = fork()) < 0) {
		snprintf(err, errsz, "fork: %s", strerror(errno));
		return false;
	}
	if (pid == 0)
		_exit(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
		    install(&prog) == 0 ? 0 : 1);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			break;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return true;
	snprintf(err, errsz, "the kernel has no seccomp filters");
	return false;
#endif
}

int
sandbox_enter(enum sandbox_profile profile, struct sandbox_report *report,
    char *err, size_t errsz)
{
#ifndef SANDBOX_ARCH
	(void)profile;
	(void)report;
	snprintf(err, errsz, "no seccomp filter for this architecture");
	return -1;
#else
	static struct bpf_prog p;
	struct sock_fprog prog;
	struct sigaction sa;

	build(&p, profile);
	if (p.overflow) {
		snprintf(err, errsz, "seccomp program too long");
		return -1;
	}
	sandbox_rep = report;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) < 0 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		snprintf(err, errsz, "seccomp: %s", strerror(errno));
		return -1;
	}
	prog.len = (unsigned short)p.n;
	prog.filter = p.f;
	if (install(&prog) < 0) {
		snprintf(err, errsz, "seccomp filter: %s", strerror(errno));
		return -1;
	}
	if (test_switch(profile == SANDBOX_WORKER ? "worker" : "scan")) {
		char *const argv[] = { "sh", NULL };

		execve("/bin/sh", argv, argv + 1);	/* trapped: death */
	}
	return 0;
#endif
}

size_t
sandbox_list(enum sandbox_profile profile, const char **out, size_t max)
{
	static const char *const special[] = { "socket", "ioctl" };
	static const char *const special_worker[] = { "clone", "prctl" };
	size_t i, n = 0;

#define ADD(s) do { if (n < max) out[n] = (s); n++; } while (0)
	for (i = 0; i < sandbox_calls_common_n; i++)
		ADD(sandbox_calls_common[i].name);
	for (i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		ADD(special[i]);
	if (profile != SANDBOX_WORKER)
		return n;
	for (i = 0; i < sandbox_calls_worker_n; i++)
		ADD(sandbox_calls_worker[i].name);
	for (i = 0; i < sizeof(special_worker) / sizeof(special_worker[0]);
	    i++)
		ADD(special_worker[i]);
#undef ADD
	return n;
}

/* ---- the parent's capabilities ----------------------------------------- */

static int
cap_last(void)
{
	int c;

	/* PR_CAPBSET_READ fails (EINVAL) past the kernel's last one */
	for (c = 0; c < 64; c++)
		if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) < 0)
			break;
	return c - 1;
}

int
sandbox_parent_caps(bool nft, char *err, size_t errsz)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	uint64_t keep = (1ULL << CAP_DAC_READ_SEARCH) | (1ULL << CAP_KILL) |
	    (nft ? 1ULL << CAP_NET_ADMIN : 0);
	int c, last = cap_last();

	for (c = 0; c <= last; c++)
		if (!(keep & (1ULL << c)) &&
		    prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
			goto fail;
	if (prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_NOROOT_LOCKED |
	    SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED |
	    SECBIT_KEEP_CAPS_LOCKED, 0, 0, 0) < 0)
		goto fail;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 &&
	    errno != EINVAL)
		goto fail;
	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) < 0)
		goto fail;
	/* keep what is wanted and was there (a unit may have taken it) */
	d[0].permitted &= (uint32_t)keep;
	d[1].permitted &= (uint32_t)(keep >> 32);
	d[0].effective = d[0].permitted;
	d[1].effective = d[1].permitted;
	d[0].inheritable = d[1].inheritable = 0;
	if (syscall(SYS_capset, &h, d) < 0 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errsz, "dropping capabilities: %s", strerror(errno));
	return -1;
}
