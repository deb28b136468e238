/*
 * sys.h - facts about the running system that camguard's state depends on.
 *
 * sys_boot_id() tells one boot from the next: blocks "until reboot" and
 * the state file are tied to it (spec section 3, block_s 0).  The path
 * it reads can be pointed elsewhere by tests.
 */
#ifndef CAMGUARD_SYS_H
#define CAMGUARD_SYS_H

#define SYS_BOOT_ID_MAX		64	/* a boot id with its NUL */
#define SYS_BOOT_ID_PATH	"/proc/sys/kernel/random/boot_id"

/*
 * The kernel's boot id (a UUID) into out, without the newline.  Returns 0,
 * or -1 (logged) when the file cannot be read or holds no printable id.
 */
int	sys_boot_id(char out[SYS_BOOT_ID_MAX]);
/* Read the boot id from path instead (tests); NULL restores the default. */
void	sys_set_boot_id_path(const char *path);
/*
 * CPU time (user + system) a child process has used so far, in ms, from
 * /proc/PID/stat; -1 when it cannot be read.
 */
long long sys_cpu_ms(int pid);
/*
 * Detach from the terminal so that a failed start still reaches it:
 * sys_detach_begin() forks; the original process waits for the detached
 * one's word on a pipe and exits with it (2 when the detached side ends
 * without a word); the detached one (setsid, chdir /) gets the pipe's
 * write end, or -1 on failure (nothing forked then).
 * sys_detach_done(&fd, code) sends the word once (code 0 = started) and
 * closes *fd; sys_detach_quiet() points stdio at /dev/null.
 */
int	sys_detach_begin(void);
void	sys_detach_done(int *fd, int code);
void	sys_detach_quiet(void);

#endif
