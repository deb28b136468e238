/*
 * sandbox_calls.c - the seccomp allow-lists of sandbox.c, by name.
 *
 * The numbers are this architecture's, from <sys/syscall.h>, and a name
 * an architecture (or its C library's headers) lacks is left out: arm64
 * has no open(2), armhf has fstat64, and musl names the 32-bit time calls
 * of armhf clock_gettime32, gettimeofday_time32 and clock_nanosleep_time32,
 * which it falls back to on a kernel older than 5.1 (no time64 calls).
 * Keep the lists short: a call goes in when a test shows camguard needs it.
 */
#include <stddef.h>
#include <sys/syscall.h>

#include "platform/sandbox.h"
#include "platform/sandbox_calls.h"

#define SC(n)	{ __NR_##n, #n }

/* Both profiles. */
const struct sandbox_call sandbox_calls_common[] = {
#ifdef __NR_read
	SC(read),
#endif
#ifdef __NR_readv
	SC(readv),
#endif
#ifdef __NR_write
	SC(write),
#endif
#ifdef __NR_writev
	SC(writev),
#endif
#ifdef __NR_pread64
	SC(pread64),
#endif
#ifdef __NR_close
	SC(close),
#endif
#ifdef __NR_lseek
	SC(lseek),
#endif
#ifdef __NR__llseek
	SC(_llseek),
#endif
#ifdef __NR_dup
	SC(dup),
#endif
#ifdef __NR_fstat
	SC(fstat),
#endif
#ifdef __NR_fstat64
	SC(fstat64),
#endif
#ifdef __NR_newfstatat
	SC(newfstatat),
#endif
#ifdef __NR_fstatat64
	SC(fstatat64),
#endif
#ifdef __NR_stat
	SC(stat),
#endif
#ifdef __NR_stat64
	SC(stat64),
#endif
#ifdef __NR_lstat
	SC(lstat),
#endif
#ifdef __NR_lstat64
	SC(lstat64),
#endif
#ifdef __NR_statx
	SC(statx),
#endif
#ifdef __NR_open
	SC(open),
#endif
#ifdef __NR_openat
	SC(openat),
#endif
#ifdef __NR_poll
	SC(poll),
#endif
#ifdef __NR_ppoll
	SC(ppoll),
#endif
#ifdef __NR_ppoll_time64
	SC(ppoll_time64),
#endif
#ifdef __NR_select
	SC(select),
#endif
#ifdef __NR__newselect
	SC(_newselect),
#endif
#ifdef __NR_pselect6
	SC(pselect6),
#endif
#ifdef __NR_pselect6_time64
	SC(pselect6_time64),
#endif
#ifdef __NR_mmap
	SC(mmap),
#endif
#ifdef __NR_mmap2
	SC(mmap2),
#endif
#ifdef __NR_munmap
	SC(munmap),
#endif
#ifdef __NR_mremap
	SC(mremap),
#endif
#ifdef __NR_mprotect
	SC(mprotect),
#endif
#ifdef __NR_brk
	SC(brk),
#endif
#ifdef __NR_madvise
	SC(madvise),
#endif
#ifdef __NR_rt_sigaction
	SC(rt_sigaction),
#endif
#ifdef __NR_rt_sigprocmask
	SC(rt_sigprocmask),
#endif
#ifdef __NR_rt_sigreturn
	SC(rt_sigreturn),
#endif
#ifdef __NR_sigreturn
	SC(sigreturn),
#endif
#ifdef __NR_sigaltstack	/* the caller's own signal stack; ASan asks */
	SC(sigaltstack),
#endif
#ifdef __NR_getpid
	SC(getpid),
#endif
#ifdef __NR_gettid
	SC(gettid),
#endif
#ifdef __NR_getppid
	SC(getppid),
#endif
#ifdef __NR_getuid
	SC(getuid),
#endif
#ifdef __NR_getuid32
	SC(getuid32),
#endif
#ifdef __NR_geteuid
	SC(geteuid),
#endif
#ifdef __NR_geteuid32
	SC(geteuid32),
#endif
#ifdef __NR_getgid
	SC(getgid),
#endif
#ifdef __NR_getgid32
	SC(getgid32),
#endif
#ifdef __NR_getegid
	SC(getegid),
#endif
#ifdef __NR_getegid32
	SC(getegid32),
#endif
#ifdef __NR_getresuid
	SC(getresuid),
#endif
#ifdef __NR_getresuid32
	SC(getresuid32),
#endif
#ifdef __NR_getresgid
	SC(getresgid),
#endif
#ifdef __NR_getresgid32
	SC(getresgid32),
#endif
#ifdef __NR_kill
	SC(kill),
#endif
#ifdef __NR_tgkill
	SC(tgkill),
#endif
#ifdef __NR_tkill
	SC(tkill),
#endif
#ifdef __NR_clock_gettime
	SC(clock_gettime),
#endif
#ifdef __NR_clock_gettime64
	SC(clock_gettime64),
#endif
#ifdef __NR_clock_gettime32	/* musl's name of 32-bit clock_gettime */
	SC(clock_gettime32),
#endif
#ifdef __NR_gettimeofday
	SC(gettimeofday),
#endif
#ifdef __NR_gettimeofday_time32
	SC(gettimeofday_time32),
#endif
#ifdef __NR_time
	SC(time),
#endif
#ifdef __NR_clock_nanosleep
	SC(clock_nanosleep),
#endif
#ifdef __NR_clock_nanosleep_time64
	SC(clock_nanosleep_time64),
#endif
#ifdef __NR_clock_nanosleep_time32
	SC(clock_nanosleep_time32),
#endif
#ifdef __NR_nanosleep
	SC(nanosleep),
#endif
#ifdef __NR_connect
	SC(connect),
#endif
#ifdef __NR_bind
	SC(bind),
#endif
#ifdef __NR_getsockname
	SC(getsockname),
#endif
#ifdef __NR_getpeername
	SC(getpeername),
#endif
#ifdef __NR_setsockopt
	SC(setsockopt),
#endif
#ifdef __NR_getsockopt
	SC(getsockopt),
#endif
#ifdef __NR_sendto
	SC(sendto),
#endif
#ifdef __NR_recvfrom
	SC(recvfrom),
#endif
#ifdef __NR_send
	SC(send),
#endif
#ifdef __NR_recv
	SC(recv),
#endif
#ifdef __NR_sendmsg
	SC(sendmsg),
#endif
#ifdef __NR_recvmsg
	SC(recvmsg),
#endif
#ifdef __NR_sendmmsg
	SC(sendmmsg),
#endif
#ifdef __NR_recvmmsg
	SC(recvmmsg),
#endif
#ifdef __NR_recvmmsg_time64
	SC(recvmmsg_time64),
#endif
#ifdef __NR_shutdown
	SC(shutdown),
#endif
#ifdef __NR_fcntl
	SC(fcntl),
#endif
#ifdef __NR_fcntl64
	SC(fcntl64),
#endif
#ifdef __NR_getrandom
	SC(getrandom),
#endif
#ifdef __NR_uname
	SC(uname),
#endif
#ifdef __NR_futex
	SC(futex),
#endif
#ifdef __NR_futex_time64
	SC(futex_time64),
#endif
#ifdef __NR_exit
	SC(exit),
#endif
#ifdef __NR_exit_group
	SC(exit_group),
#endif
#ifdef __NR_restart_syscall
	SC(restart_syscall),
#endif
#ifdef __NR_set_robust_list
	SC(set_robust_list),
#endif
#ifdef __NR_rseq
	SC(rseq),
#endif
};

/* The worker only: its listeners, log watches, scans, state file. */
const struct sandbox_call sandbox_calls_worker[] = {
#ifdef __NR_listen
	SC(listen),
#endif
#ifdef __NR_accept
	SC(accept),
#endif
#ifdef __NR_accept4
	SC(accept4),
#endif
#ifdef __NR_inotify_init1
	SC(inotify_init1),
#endif
#ifdef __NR_inotify_add_watch
	SC(inotify_add_watch),
#endif
#ifdef __NR_inotify_rm_watch
	SC(inotify_rm_watch),
#endif
#ifdef __NR_pipe
	SC(pipe),
#endif
#ifdef __NR_pipe2
	SC(pipe2),
#endif
#ifdef __NR_wait4
	SC(wait4),
#endif
#ifdef __NR_waitid
	SC(waitid),
#endif
#ifdef __NR_fork
	SC(fork),
#endif
#ifdef __NR_fsync
	SC(fsync),
#endif
#ifdef __NR_fdatasync
	SC(fdatasync),
#endif
#ifdef __NR_rename
	SC(rename),
#endif
#ifdef __NR_renameat
	SC(renameat),
#endif
#ifdef __NR_renameat2
	SC(renameat2),
#endif
#ifdef __NR_unlink
	SC(unlink),
#endif
#ifdef __NR_unlinkat
	SC(unlinkat),
#endif
#ifdef __NR_mkdir
	SC(mkdir),
#endif
#ifdef __NR_mkdirat
	SC(mkdirat),
#endif
#ifdef __NR_rmdir
	SC(rmdir),
#endif
#ifdef __NR_chmod
	SC(chmod),
#endif
#ifdef __NR_fchmod
	SC(fchmod),
#endif
#ifdef __NR_fchmodat
	SC(fchmodat),
#endif
#ifdef __NR_dup2
	SC(dup2),
#endif
#ifdef __NR_dup3
	SC(dup3),
#endif
#ifdef __NR_socketpair
	SC(socketpair),
#endif
#ifdef __NR_seccomp
	SC(seccomp),
#endif
};

const size_t sandbox_calls_common_n =
    sizeof(sandbox_calls_common) / sizeof(sandbox_calls_common[0]);
const size_t sandbox_calls_worker_n =
    sizeof(sandbox_calls_worker) / sizeof(sandbox_calls_worker[0]);
