/*
 * sys.c - the boot id from /proc (or from a file a test names), and
 * detaching from the terminal with a word back to it.
 *
 * Owns the path it reads; keeps no other state.  Accepts only the
 * characters of a UUID, so a strange file cannot put anything else into
 * the state file or a log line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cg_limits.h"
#include "core/log.h"
#include "core/readfile.h"
#include "platform/sys.h"

static char sys_boot_path[CONF_PATH_MAX] = SYS_BOOT_ID_PATH;

void
sys_set_boot_id_path(const char *path)
{
	snprintf(sys_boot_path, sizeof(sys_boot_path), "%s",
	    path != NULL ? path : SYS_BOOT_ID_PATH);
}

static ssize_t
sys_read_small(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	if ((fd = readfile_open(path, O_RDONLY, 0)) == -1)
		return -1;
	do
		n = read(fd, buf, size);
	while (n == -1 && errno == EINTR);
	close(fd);
	return n;
}

int
sys_boot_id(char out[SYS_BOOT_ID_MAX])
{
	char buf[SYS_BOOT_ID_MAX];
	ssize_t n;
	size_t len;

	out[0] = '\0';
	if ((n = sys_read_small(sys_boot_path, buf, sizeof(buf) - 1)) == -1) {
		log_warn("boot id: %s", sys_boot_path);
		return -1;
	}
	buf[n] = '\0';
	len = strspn(buf, "0123456789abcdefABCDEF-");
	if (len == 0 || (buf[len] != '\0' && buf[len] != '\n')) {
		log_warnx("boot id: %s holds no boot id", sys_boot_path);
		return -1;
	}
	memcpy(out, buf, len);
	out[len] = '\0';
	return 0;
}

/* The original process: the detached one's exit code, or 2. */
static void __attribute__((noreturn))
sys_detach_wait(int fd)
{
	unsigned char code;
	ssize_t n;

	while ((n = read(fd, &code, 1)) < 0 && errno == EINTR)
		;
	_exit(n == 1 ? code : 2);
}

int
sys_detach_begin(void)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	if ((pid = fork()) < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid > 0) {
		close(p[1]);
		sys_detach_wait(p[0]);
	}
	close(p[0]);
	if (setsid() < 0 || chdir("/") < 0) {
		close(p[1]);
		_exit(2);
	}
	return p[1];
}

void
sys_detach_quiet(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

void
sys_detach_done(int *fd, int code)
{
	unsigned char c = (unsigned char)code;

	if (*fd < 0)
		return;
	if (code == 0)
		sys_detach_quiet();
	if (write(*fd, &c, 1) < 0)
		(void)0;	/* the terminal side is gone: nobody to tell */
	close(*fd);
	*fd = -1;
}

long long
sys_cpu_ms(int pid)
{
	char path[64], buf[1024], *p, *end;
	unsigned long long v[2];
	ssize_t n;
	long hz = sysconf(_SC_CLK_TCK);
	int field;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (hz <= 0 || (n = sys_read_small(path, buf, sizeof(buf) - 1)) <= 0)
		return -1;
	buf[n] = '\0';
	/* the name may hold anything: fields start after its last ')' */
	if (!(p = strrchr(buf, ')')))
		return -1;
	/* utime and stime are fields 14 and 15; the state (3) follows ')' */
	for (field = 2; field < 14 && p; field++)
		p = strchr(p + 1, ' ');
	if (!p)
		return -1;
	for (field = 0; field < 2; field++) {
		v[field] = strtoull(p, &end, 10);
		if (end == p)
			return -1;
		p = end;
	}
	return (long long)((v[0] + v[1]) * 1000ULL / (unsigned long long)hz);
}
