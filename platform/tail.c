/*
 * tail.c - follow a log file across rotation, from the poll loop.
 *
 * Owns, per tail: the descriptor of the file being read (with its device,
 * inode and the offset read so far), the partial last line, an inotify
 * descriptor watching the file and its directory, and the loop timers
 * (the 1 s poll when there is no inotify, and a "read more" timer when
 * one turn stopped at TAIL_READ_MAX so that a large backlog does not
 * starve the loop).  Does not parse lines.
 *
 * Every inotify event or poll does the same thing, tail_check(): read the
 * open file to its end (after rewinding it when it shrank: copytruncate),
 * then stat the path.  A different inode there means rotation: the old
 * file has just been read to its end, so it is closed and the new one
 * read from its start.  No file at the path keeps a renamed file open
 * (its writer may still finish a line) but closes a deleted one.  A
 * partial line is kept until its newline; when its file is closed it is
 * delivered as it is, and when the file is truncated it is dropped.  A
 * line over LOG_LINE_MAX is skipped up to its newline, never buffered.
 * A line callback must not close its own tail.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "core/loop.h"
#include "core/readfile.h"
#include "platform/tail.h"

#define TAIL_RBUF	(16 * 1024)
#define TAIL_EVBUF	4096
#define TAIL_FILE_MASK	(IN_MODIFY | IN_ATTRIB | IN_MOVE_SELF | \
			 IN_DELETE_SELF)
#define TAIL_DIR_MASK	(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | \
			 IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | \
			 IN_ONLYDIR)

_Static_assert(TAIL_READ_MAX >= TAIL_RBUF, "one buffer per turn at least");
_Static_assert(TAIL_EVBUF >= sizeof(struct inotify_event) + 256,
    "an event with a long name fits");

struct tail {
	struct loop	*loop;
	char		 path[CONF_PATH_MAX];
	char		 dir[CONF_PATH_MAX];
	const char	*base;		/* in path */
	unsigned	 flags;
	tail_line_cb	 line_cb;
	tail_error_cb	 error_cb;
	void		*arg;

	int		 fd;		/* -1: no file open */
	dev_t		 dev;
	ino_t		 ino;
	off_t		 off;		/* bytes of fd consumed */
	bool		 seen;		/* a file was open before */
	bool		 skipping;	/* inside an over-long line */
	bool		 err_logged;	/* until the next success */
	bool		 follow_due;	/* the path may name another file */
	size_t		 plen;		/* bytes in part */

	int		 ino_fd;	/* -1: polling */
	int		 wd_dir, wd_file;
	int64_t		 poll_timer, more_timer;
	struct tail_stats st;

	char		 part[LOG_LINE_MAX + 1];
	char		 rbuf[TAIL_RBUF + 1];
	char		 evbuf[TAIL_EVBUF]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
};

static void tail_poll_cb(void *);
static void tail_more_cb(void *);

/* Lines. */

static void
tail_emit(struct tail *t, char *line, size_t len)
{
	if (len > 0 && line[len - 1] == '\r')
		len--;
	line[len] = '\0';
	t->st.lines++;
	t->line_cb(line, len, t->arg);
}

/* A segment of a line; complete when its newline was seen. */
static void
tail_take(struct tail *t, char *s, size_t len, bool complete)
{
	if (!t->skipping && t->plen + len > LOG_LINE_MAX) {
		t->skipping = true;
		t->plen = 0;
	}
	if (t->skipping) {
		if (complete) {
			t->skipping = false;
			t->st.skipped_long++;
		}
		return;
	}
	if (complete && t->plen == 0) {
		tail_emit(t, s, len);	/* s[len] was the newline */
		return;
	}
	memcpy(t->part + t->plen, s, len);
	t->plen += len;
	if (complete) {
		tail_emit(t, t->part, t->plen);
		t->plen = 0;
	}
}

static void
tail_feed(struct tail *t, char *buf, size_t n)
{
	char *nl;
	size_t i = 0, seg;

	while (i < n) {
		nl = memchr(buf + i, '\n', n - i);
		seg = nl != NULL ? (size_t)(nl - (buf + i)) : n - i;
		tail_take(t, buf + i, seg, nl != NULL);
		i += seg + (nl != NULL);
	}
}

/* The file ends here for good: deliver (or count) its unfinished line. */
static void
tail_finish_line(struct tail *t)
{
	if (t->skipping)
		t->st.skipped_long++;
	else if (t->plen > 0)
		tail_emit(t, t->part, t->plen);
	t->skipping = false;
	t->plen = 0;
}

/* Errors: counted every time, logged and reported once per streak. */

static void
tail_error(struct tail *t, const char *what, int errnum)
{
	t->st.reopen_errors++;
	if (t->err_logged)
		return;
	t->err_logged = true;
	log_warnx("tail %s: %s: %s", t->path, what,
	    readfile_strerror(errnum));
	if (t->error_cb != NULL)
		t->error_cb(t->path, errnum, t->arg);
}

/* Reading the open file. */

/* Read at most TAIL_READ_MAX bytes; true when more may be waiting. */
static bool
tail_drain(struct tail *t)
{
	size_t total = 0;
	ssize_t n;

	while (total < TAIL_READ_MAX) {
		n = read(t->fd, t->rbuf, TAIL_RBUF);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno != EAGAIN)
			tail_error(t, "read", errno);
		if (n <= 0)
			return false;
		t->off += n;
		t->st.bytes += (uint64_t)n;
		total += (size_t)n;
		tail_feed(t, t->rbuf, (size_t)n);
	}
	return true;
}

/* copytruncate: a file shorter than what was read starts over at 0. */
static void
tail_rewind_if_truncated(struct tail *t)
{
	struct stat sb;

	if (fstat(t->fd, &sb) == -1 || sb.st_size >= t->off)
		return;
	if (lseek(t->fd, 0, SEEK_SET) == -1) {
		tail_error(t, "lseek", errno);
		return;
	}
	t->off = 0;
	t->plen = 0;
	t->skipping = false;
	t->st.rotations++;
}

static void
tail_more_cb(void *arg)
{
	struct tail *t = arg;

	t->more_timer = 0;
	tail_check(t);
}

/* Read the open file; true when a turn was not enough (timer armed). */
static bool
tail_read_current(struct tail *t)
{
	tail_rewind_if_truncated(t);
	if (!tail_drain(t))
		return false;
	if (t->more_timer == 0)
		t->more_timer = loop_timer_add(t->loop, 0, tail_more_cb, t);
	if (t->more_timer == -1) {
		t->more_timer = 0;
		log_warn("tail %s: no timer to read on", t->path);
	}
	return true;
}

/* Opening and closing files. */

static void
tail_watch_file(struct tail *t)
{
	int wd;

	if (t->ino_fd == -1)
		return;
	wd = inotify_add_watch(t->ino_fd, t->path, TAIL_FILE_MASK);
	if (wd != t->wd_file && t->wd_file != -1)
		inotify_rm_watch(t->ino_fd, t->wd_file);
	t->wd_file = wd;
	/*
	 * A file this process may not read (the privileged parent opened
	 * it) cannot be watched itself: its directory reports its writes.
	 */
	if (wd == -1 && t->wd_dir != -1)
		inotify_add_watch(t->ino_fd, t->dir, IN_MODIFY | IN_MASK_ADD |
		    IN_ONLYDIR);
}

static void
tail_close_file(struct tail *t)
{
	tail_finish_line(t);
	close(t->fd);
	t->fd = -1;
	if (t->wd_file != -1) {
		inotify_rm_watch(t->ino_fd, t->wd_file);
		t->wd_file = -1;
	}
}

/* Take fd (open on path) as the file, at its start or end. */
static int
tail_adopt(struct tail *t, int fd, bool from_end)
{
	struct stat sb;
	int err = 0;

	if (fstat(fd, &sb) == -1)
		err = errno;
	else if (!S_ISREG(sb.st_mode))
		err = READFILE_ENOTREG;
	if (err != 0) {
		t->st.last_errno = err;
		tail_error(t, "fstat", err);
		close(fd);
		return -1;
	}
	t->st.last_errno = 0;
	t->fd = fd;
	t->dev = sb.st_dev;
	t->ino = sb.st_ino;
	t->off = from_end ? sb.st_size : 0;
	if (lseek(fd, t->off, SEEK_SET) == -1)
		t->off = 0;
	t->err_logged = false;
	tail_watch_file(t);
	return 0;
}

/*
 * Open path at its start or end; -1 when it is not there (yet).  The
 * installed opener (readfile.h) may be the privileged parent's.
 */
static int
tail_open_file(struct tail *t, bool from_end)
{
	int fd = readfile_open_ro(t->path);

	if (fd == -1) {
		t->st.last_errno = errno;
		if (errno != ENOENT && errno != ENOTDIR)
			tail_error(t, "open", errno);
		return -1;
	}
	return tail_adopt(t, fd, from_end);
}

/*
 * What the path names now: its stat, or, when another process opens
 * files for this one (a directory it cannot search), the file itself in
 * *fd.  -1 with errno when nothing is there.
 */
static int
tail_look(struct tail *t, struct stat *sb, int *fd)
{
	int err;

	*fd = -1;
	if (!readfile_has_opener())
		return stat(t->path, sb);
	if ((*fd = readfile_open_ro(t->path)) == -1)
		return -1;
	if (fstat(*fd, sb) == -1) {
		err = errno;
		close(*fd);
		*fd = -1;
		errno = err;
		return -1;
	}
	return 0;
}

/*
 * Compare the path with the open file (which has been read to its end).
 * Returns true when a new file was opened.
 */
static bool
tail_follow_path(struct tail *t)
{
	struct stat sb, fsb;
	int fd;

	t->follow_due = false;
	if (tail_look(t, &sb, &fd) == -1) {
		if (t->fd == -1 || errno != ENOENT)
			t->st.last_errno = errno;
		if (errno != ENOENT && errno != ENOTDIR)
			tail_error(t, "stat", errno);
		else if (t->fd != -1 && fstat(t->fd, &fsb) == 0 &&
		    fsb.st_nlink == 0) {
			tail_close_file(t);	/* deleted, not renamed */
			t->st.last_errno = ENOENT;
		}
		return false;
	}
	if (t->fd != -1 && sb.st_dev == t->dev && sb.st_ino == t->ino) {
		if (fd != -1)
			close(fd);
		return false;
	}
	if (t->fd != -1)
		tail_close_file(t);
	if ((fd != -1 ? tail_adopt(t, fd, false) :
	    tail_open_file(t, false)) == -1)
		return false;
	if (t->seen)
		t->st.rotations++;
	t->seen = true;
	return true;
}

/*
 * Each look through an opener is a round trip to another process: then
 * only when the path may have changed (a directory event, the poll, no
 * file open), not for every write to the file.
 */
static bool
tail_should_follow(const struct tail *t)
{
	return !readfile_has_opener() || t->fd == -1 || t->follow_due;
}

void
tail_check(struct tail *t)
{
	if (t->fd != -1 && tail_read_current(t))
		return;
	if (tail_should_follow(t) && tail_follow_path(t))
		(void)tail_read_current(t);
}

/* Watching: inotify, or a 1 s poll. */

static void
tail_poll_cb(void *arg)
{
	struct tail *t = arg;

	t->poll_timer = loop_timer_add(t->loop, TAIL_POLL_MS, tail_poll_cb, t);
	if (t->poll_timer == -1) {
		t->poll_timer = 0;
		log_warn("tail %s: cannot re-arm the poll timer", t->path);
	}
	t->follow_due = true;
	tail_check(t);
}

static void
tail_inotify_stop(struct tail *t)
{
	if (t->ino_fd == -1)
		return;
	loop_fd_del(t->loop, t->ino_fd);
	close(t->ino_fd);
	t->ino_fd = t->wd_dir = t->wd_file = -1;
}

static int
tail_poll_start(struct tail *t)
{
	tail_inotify_stop(t);
	t->st.polling = 1;
	if (t->poll_timer > 0)
		return 0;
	t->poll_timer = loop_timer_add(t->loop, TAIL_POLL_MS, tail_poll_cb, t);
	if (t->poll_timer == -1) {
		t->poll_timer = 0;
		return -1;
	}
	return 0;
}

/* Which events matter; *lost when the directory watch is gone. */
static bool
tail_event_matters(struct tail *t, const struct inotify_event *ev,
    bool *lost)
{
	if (ev->mask & IN_Q_OVERFLOW) {
		t->follow_due = true;
		return true;
	}
	if (ev->wd == t->wd_file) {
		if (ev->mask & IN_IGNORED)
			t->wd_file = -1;
		if (ev->mask & ~(uint32_t)IN_MODIFY)
			t->follow_due = true;
		return true;
	}
	if (ev->wd != t->wd_dir)
		return false;
	if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
		*lost = true;
		t->follow_due = true;
		return true;
	}
	if (ev->len == 0 || strcmp(ev->name, t->base) != 0)
		return false;
	if (ev->mask & ~(uint32_t)IN_MODIFY)
		t->follow_due = true;
	return true;
}

static void
tail_inotify_cb(int fd, short revents, void *arg)
{
	const struct inotify_event *ev;
	struct tail *t = arg;
	bool matters = false, lost = false;
	ssize_t n, i;

	(void)revents;
	while ((n = read(fd, t->evbuf, sizeof(t->evbuf))) > 0) {
		for (i = 0; i < n; i += (ssize_t)(sizeof(*ev) + ev->len)) {
			ev = (const struct inotify_event *)(t->evbuf + i);
			matters |= tail_event_matters(t, ev, &lost);
		}
	}
	if (n == -1 && errno != EAGAIN && errno != EINTR) {
		log_warn("tail %s: inotify", t->path);
		lost = true;
	}
	if (lost) {
		log_info("tail %s: directory watch lost; polling every %d ms",
		    t->path, TAIL_POLL_MS);
		if (tail_poll_start(t) == -1)
			log_warn("tail %s: no poll timer", t->path);
	}
	if (matters)
		tail_check(t);
}

static int
tail_inotify_start(struct tail *t)
{
	t->ino_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (t->ino_fd == -1)
		return -1;
	t->wd_dir = inotify_add_watch(t->ino_fd, t->dir, TAIL_DIR_MASK);
	if (t->wd_dir == -1 || loop_fd_add(t->loop, t->ino_fd, POLLIN,
	    tail_inotify_cb, t) == -1) {
		close(t->ino_fd);
		t->ino_fd = t->wd_dir = -1;
		return -1;
	}
	return 0;
}

/* Life cycle. */

static int
tail_set_path(struct tail *t, const char *path)
{
	const char *slash;
	int n;

	n = snprintf(t->path, sizeof(t->path), "%s", path);
	if (n <= 0 || (size_t)n >= sizeof(t->path))
		return -1;
	slash = strrchr(t->path, '/');
	t->base = slash != NULL ? slash + 1 : t->path;
	if (*t->base == '\0')
		return -1;
	/* The directory is shorter than the path: it fits. */
	if (slash == NULL)
		snprintf(t->dir, sizeof(t->dir), ".");
	else if (slash == t->path)
		snprintf(t->dir, sizeof(t->dir), "/");
	else
		snprintf(t->dir, sizeof(t->dir), "%.*s",
		    (int)(slash - t->path), t->path);
	return 0;
}

/* Start watching, by inotify unless told or unable; -1 when neither. */
static int
tail_watch_start(struct tail *t)
{
	if (!(t->flags & TAIL_POLL) && tail_inotify_start(t) == 0)
		return 0;
	if (!(t->flags & TAIL_POLL))
		log_info("tail %s: no inotify (%s); polling every %d ms",
		    t->path, strerror(errno), TAIL_POLL_MS);
	return tail_poll_start(t);
}

struct tail *
tail_open(struct loop *loop, const char *path, unsigned flags,
    tail_line_cb line_cb, tail_error_cb error_cb, void *arg)
{
	struct tail *t;

	if ((t = calloc(1, sizeof(*t))) == NULL) {
		log_warn("tail %s", path);
		return NULL;
	}
	t->loop = loop;
	t->flags = flags;
	t->line_cb = line_cb;
	t->error_cb = error_cb;
	t->arg = arg;
	t->fd = t->ino_fd = t->wd_dir = t->wd_file = -1;
	if (tail_set_path(t, path) == -1) {
		log_warnx("tail: bad path \"%s\"", log_escape(t->part,
		    sizeof(t->part), path, strlen(path)));
		free(t);
		return NULL;
	}
	if (tail_watch_start(t) == -1) {
		log_warn("tail %s: cannot watch", t->path);
		free(t);
		return NULL;
	}
	if (tail_open_file(t, (flags & TAIL_FROM_END) != 0) == 0)
		t->seen = true;
	/* What is already there is read from the loop, not from here. */
	t->more_timer = loop_timer_add(loop, 0, tail_more_cb, t);
	if (t->more_timer == -1)
		t->more_timer = 0;
	return t;
}

void
tail_close(struct tail *t)
{
	if (t == NULL)
		return;
	loop_timer_cancel(t->loop, t->poll_timer);
	loop_timer_cancel(t->loop, t->more_timer);
	tail_inotify_stop(t);
	if (t->fd != -1)
		close(t->fd);
	free(t);
}

void
tail_stats(const struct tail *t, struct tail_stats *out)
{
	*out = t->st;
	out->open = t->fd != -1;
}
