/*
 * readfile.c - non-blocking, regular-only opens and bounded whole-file
 * reads for configuration-like files.
 *
 * Owns the one opener hook (the privilege-separated worker's); keeps no
 * other state.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/readfile.h"

static readfile_opener_fn readfile_opener;
static void *readfile_opener_arg;

int
readfile_check_fd(int fd)
{
	struct stat sb;

	if (fstat(fd, &sb) < 0)
		return -1;
	if (!S_ISREG(sb.st_mode)) {
		errno = READFILE_ENOTREG;
		return -1;
	}
	return 0;
}

int
readfile_open(const char *path, int flags, mode_t mode)
{
	int fd, err;

	fd = open(path, flags | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, mode);
	if (fd < 0)
		return -1;
	if (readfile_check_fd(fd) < 0) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

const char *
readfile_strerror(int errnum)
{
	return errnum == READFILE_ENOTREG ? "not a regular file" :
	    strerror(errnum);
}

void
readfile_set_opener(readfile_opener_fn fn, void *arg)
{
	readfile_opener = fn;
	readfile_opener_arg = arg;
}

bool
readfile_has_opener(void)
{
	return readfile_opener != NULL;
}

int
readfile_open_ro(const char *path)
{
	if (readfile_opener)
		return readfile_opener(path, readfile_opener_arg);
	return readfile_open(path, O_RDONLY, 0);
}

int
readfile_fd(int fd, const char *name, char *buf, size_t max, size_t *len,
    FILE *errf)
{
	ssize_t n;

	*len = 0;
	while (*len <= max && (n = read(fd, buf + *len, max + 1 - *len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(errf, "%s: %s\n", name,
			    readfile_strerror(errno));
			return -1;
		}
		*len += (size_t)n;
	}
	if (*len > max) {
		fprintf(errf, "%s:1:1: file is larger than %zu bytes\n", name,
		    max);
		return -1;
	}
	buf[*len] = '\0';
	return 0;
}

int
readfile(const char *path, char *buf, size_t max, size_t *len, FILE *errf)
{
	int fd, rc;

	*len = 0;
	if ((fd = readfile_open_ro(path)) < 0) {
		fprintf(errf, "%s: %s\n", path, readfile_strerror(errno));
		return -1;
	}
	rc = readfile_fd(fd, path, buf, max, len, errf);
	close(fd);
	return rc;
}

int
readfile_alloc(const char *path, size_t max, unsigned char **buf,
    size_t *len, FILE *errf)
{
	if (!(*buf = malloc(max + 1))) {
		fprintf(errf, "%s: out of memory\n", path);
		return -1;
	}
	if (readfile(path, (char *)*buf, max, len, errf) < 0) {
		readfile_free(*buf, max);
		*buf = NULL;
		return -1;
	}
	return 0;
}

void
readfile_free(unsigned char *buf, size_t max)
{
	if (!buf)
		return;
	explicit_bzero(buf, max + 1);
	free(buf);
}
