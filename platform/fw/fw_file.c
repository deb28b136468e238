/*
 * fw_file.c - the file backend: one line per decision, for another program
 * (a camera-side script, a gateway) to enforce.
 *
 *	block ADDR/PREFIX UNTIL
 *	release ADDR/PREFIX
 *
 * (UNTIL in epoch seconds, 0 = until reboot.)
 *
 * Each operation opens block_file with O_APPEND, writes its lines with one
 * write(2) per buffer (so lines from one batch are not interleaved with
 * another writer's) and closes it: a block file that was rotated or
 * removed is recreated by the next decision, and an error shows up with
 * the decision it concerns.  No fsync: a decision lost in a power cut is
 * re-made from the state file.  Owns only the path.  fw_flush() writes
 * nothing (the format has no flush line): the reader starts afresh when
 * the agent does.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/readfile.h"
#include "platform/fw/fw.h"

/* "block " + address + " " + 20 digits + "\n", rounded up. */
#define FW_FILE_LINE_MAX	(ADDR_STR_MAX + 32)
#define FW_FILE_BUF		4096

_Static_assert(FW_FILE_BUF >= 2 * FW_FILE_LINE_MAX, "a line fits a buffer");

static char fw_file_path[CONF_PATH_MAX];

static int
fw_file_open(void)
{
	int fd;

	/* a FIFO without a reader fails (ENXIO) instead of hanging */
	fd = readfile_open(fw_file_path, O_WRONLY | O_APPEND | O_CREAT, 0640);
	if (fd == -1)
		log_warnx("block file %s: %s", fw_file_path,
		    readfile_strerror(errno));
	return fd;
}

static int
fw_file_write(int fd, const char *buf, size_t len)
{
	ssize_t n;

	do
		n = write(fd, buf, len);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		log_warn("block file %s: write", fw_file_path);
		return -1;
	}
	if ((size_t)n != len) {
		log_warnx("block file %s: short write (%zd of %zu bytes)",
		    fw_file_path, n, len);
		return -1;
	}
	return 0;
}

/* Open, write len bytes of buf, close: 0 or -1. */
static int
fw_file_put(const char *buf, size_t len)
{
	int fd, rc;

	if ((fd = fw_file_open()) == -1)
		return -1;
	rc = fw_file_write(fd, buf, len);
	if (close(fd) == -1 && rc == 0) {
		log_warn("block file %s: close", fw_file_path);
		rc = -1;
	}
	return rc;
}

static size_t
fw_file_block_line(char *dst, size_t dstsz, const struct addr_net *net,
    int64_t until_epoch)
{
	char a[ADDR_STR_MAX];
	int n;

	n = snprintf(dst, dstsz, "block %s %" PRId64 "\n",
	    addr_format(net, a, sizeof(a)), until_epoch);
	return n < 0 || (size_t)n >= dstsz ? 0 : (size_t)n;
}

static int
fw_file_init(const struct fw_conf *c)
{
	int n, fd;

	n = snprintf(fw_file_path, sizeof(fw_file_path), "%s", c->block_file);
	if (n <= 0 || (size_t)n >= sizeof(fw_file_path)) {
		log_warnx("file backend: block_file is %s",
		    n <= 0 ? "not set" : "too long");
		return -1;
	}
	if ((fd = fw_file_open()) == -1)
		return -1;
	close(fd);
	return 0;
}

static int
fw_file_block(const struct addr_net *net, int64_t until_epoch)
{
	char line[FW_FILE_LINE_MAX];
	size_t len;

	len = fw_file_block_line(line, sizeof(line), net, until_epoch);
	return fw_file_put(line, len);
}

/* Lines go out in buffers of FW_FILE_BUF, each with one write(2). */
static int
fw_file_block_many(const struct addr_net *net, const int64_t *until,
    size_t n)
{
	char buf[FW_FILE_BUF];
	size_t len = 0, i;
	int fd, rc = 0;

	if ((fd = fw_file_open()) == -1)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		len += fw_file_block_line(buf + len, sizeof(buf) - len,
		    &net[i], until[i]);
		if (sizeof(buf) - len < FW_FILE_LINE_MAX || i + 1 == n) {
			rc = fw_file_write(fd, buf, len);
			len = 0;
		}
	}
	close(fd);
	return rc;
}

static int
fw_file_release(const struct addr_net *net)
{
	char line[FW_FILE_LINE_MAX], a[ADDR_STR_MAX];
	int n;

	n = snprintf(line, sizeof(line), "release %s\n",
	    addr_format(net, a, sizeof(a)));
	return fw_file_put(line, (size_t)n);
}

static int
fw_file_nothing(void)
{
	return 0;
}

const struct fw_ops fw_ops_file = {
	.name = "file",
	.backend = CONF_FW_FILE,
	.init = fw_file_init,
	.block = fw_file_block,
	.block_many = fw_file_block_many,
	.release = fw_file_release,
	.flush = fw_file_nothing,
	.fini = fw_file_nothing,
};
