/*
 * tail.h - follow a log file from the event loop, like `tail -F`.
 *
 * A tail calls line_cb once per complete line (newline excluded, a
 * trailing CR too; the line is NUL-terminated for convenience).  It keeps
 * following the path across rotation by rename + create (the old file is
 * read to its end first, then the new one from its start), copytruncate
 * (the file shrinks: read again from 0), deletion and re-creation, and a
 * file that does not exist yet.  A partial last line waits for its
 * newline; a line longer than LOG_LINE_MAX is skipped whole and counted,
 * never buffered.  Changes are noticed through inotify on the file and its
 * directory, or by polling once a second when inotify is unavailable or
 * fails (or TAIL_POLL asks for it).
 *
 * All memory is taken in tail_open(); reading uses read(2) and fixed
 * buffers.  Each tail has its own inotify descriptor.
 */
#ifndef CAMGUARD_TAIL_H
#define CAMGUARD_TAIL_H

#include <stddef.h>
#include <stdint.h>

#include "core/cg_limits.h"

struct loop;
struct tail;

#define TAIL_FROM_END	0x1	/* live: start at the end of the file */
#define TAIL_POLL	0x2	/* poll every TAIL_POLL_MS, no inotify */

#define TAIL_POLL_MS	1000
#define TAIL_READ_MAX	(256 * 1024)	/* bytes read per loop turn */

typedef void (*tail_line_cb)(const char *line, size_t len, void *arg);
/* errnum: an errno value; called when (re)opening the path fails. */
typedef void (*tail_error_cb)(const char *path, int errnum, void *arg);

struct tail_stats {
	uint64_t	lines;		/* delivered to line_cb */
	uint64_t	skipped_long;	/* lines over LOG_LINE_MAX */
	uint64_t	rotations;	/* new file, or truncated in place */
	uint64_t	reopen_errors;	/* open/stat failed, not ENOENT */
	uint64_t	bytes;		/* read */
	int		polling;	/* 1 when no inotify is in use */
	int		open;		/* 1 while a file is open and read */
	int		last_errno;	/* why the last (re)open failed
					 * (ENOENT: not there); 0 once open */
};

/*
 * Follow path; flags: TAIL_FROM_END, TAIL_POLL (passing true means
 * TAIL_FROM_END).  A missing file is waited for and read from its start
 * when it appears.  error_cb may be NULL.  Returns NULL (logged) when the
 * loop is full or memory runs out.
 */
struct tail *tail_open(struct loop *, const char *path, unsigned flags,
	    tail_line_cb line_cb, tail_error_cb error_cb, void *arg);
void	tail_close(struct tail *);
void	tail_stats(const struct tail *, struct tail_stats *);
/* Look at the file now (what an inotify event or a poll would do). */
void	tail_check(struct tail *);

#endif
