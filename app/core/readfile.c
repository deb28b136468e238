/*
 * readfile.c - bounded whole-file reads for configuration-like files.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "core/readfile.h"

int
readfile(const char *path, char *buf, size_t max, size_t *len, FILE *errf)
{
	ssize_t n;
	int fd;

	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		fprintf(errf, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while (*len <= max && (n = read(fd, buf + *len, max + 1 - *len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(errf, "%s: %s\n", path, strerror(errno));
			close(fd);
			return -1;
		}
		*len += (size_t)n;
	}
	close(fd);
	if (*len > max) {
		fprintf(errf, "%s:1:1: file is larger than %zu bytes\n", path,
		    max);
		return -1;
	}
	buf[*len] = '\0';
	return 0;
}
