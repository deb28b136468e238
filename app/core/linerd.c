/*
 * linerd.c - bounded line reading for the ids commands.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "core/bytes.h"
#include "core/linerd.h"

void
linerd_init(struct linerd *r, int fd)
{
	r->fd = fd;
	r->pos = r->len = 0;
	r->eof = false;
}

/* Move the unread bytes to the front and read more; -1 on errors. */
static int
linerd_fill(struct linerd *r)
{
	ssize_t n;

	memmove(r->buf, r->buf + r->pos, r->len - r->pos);
	r->len -= r->pos;
	r->pos = 0;
	do
		n = read(r->fd, r->buf + r->len, sizeof(r->buf) - r->len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	r->len += (size_t)n;
	if (n == 0)
		r->eof = true;
	return 0;
}

enum linerd_rc
linerd_next(struct linerd *r, const char **line, size_t *n)
{
	bool long_line = false;
	char *nl;

	for (;;) {
		nl = (char *)bytes_find_far(r->buf + r->pos, r->buf + r->len,
		    '\n');
		if (nl || (r->eof && r->pos < r->len)) {
			*line = r->buf + r->pos;
			*n = nl ? (size_t)(nl - *line) : r->len - r->pos;
			r->pos = nl ? (size_t)(nl - r->buf) + 1 : r->len;
			if (long_line || *n > LOG_LINE_MAX + 1)
				return LINERD_LONG;
			return LINERD_LINE;
		}
		if (r->eof)
			return long_line ? LINERD_LONG : LINERD_EOF;
		if (r->len - r->pos > LOG_LINE_MAX + 1) {
			long_line = true;
			r->pos = r->len;
		}
		if (linerd_fill(r) < 0)
			return LINERD_ERR;
	}
}
