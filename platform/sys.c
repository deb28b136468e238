/*
 * sys.c - the boot id from /proc (or from a file a test names).
 *
 * Owns the path it reads; keeps no other state.  Accepts only the
 * characters of a UUID, so a strange file cannot put anything else into
 * the state file or a log line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/cg_limits.h"
#include "core/log.h"
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

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
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

int
sys_daemonize(void)
{
	return daemon(0, 0);
}
