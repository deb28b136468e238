/*
 * linerd.h - read a log one line at a time from a descriptor, in bounded
 * memory, for `ids scan` and `ids replay`.
 *
 * A line longer than LOG_LINE_MAX (+ a '\r') is never buffered whole: it
 * is dropped as it streams by and reported once as LINERD_LONG.  The line
 * handed out points into the reader's buffer and is valid until the next
 * call.
 */
#ifndef CAMGUARD_LINERD_H
#define CAMGUARD_LINERD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/cg_limits.h"

#define LINERD_BUF	(64 * 1024)	/* one read(2) */

_Static_assert(LINERD_BUF > 2 * (LOG_LINE_MAX + 2), "a long line is seen whole");

enum linerd_rc { LINERD_ERR = -1, LINERD_EOF = 0, LINERD_LINE = 1,
	LINERD_LONG = 2 };

struct linerd {
	int	fd;
	size_t	pos, len;
	bool	eof;
	char	buf[LINERD_BUF];
};

void	linerd_init(struct linerd *, int fd);
/* The next line, newline excluded; LINERD_ERR leaves errno set. */
enum linerd_rc linerd_next(struct linerd *, const char **line, size_t *n);

#endif
