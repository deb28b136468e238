/*
 * priv_files.c - the worker's opener: the files the privileged parent
 * opens for it (contract in priv.h), by role.
 *
 * Owns the mapping from a path the worker's running configuration names
 * to the parent's role for it, and the descriptors fetched before a scan
 * for the scanning child, which has no socket to the parent.  A path that
 * is no role's is opened here, like any other (readfile_open()).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "core/conf.h"
#include "core/readfile.h"
#include "platform/priv.h"

struct prefetched {
	enum priv_file	file;
	int		fd;	/* -1: failed with err */
	int		err;
};

static struct {
	int			 sock;		/* -1: the scanning child */
	const char		*conf_path;
	const struct conf	*conf;
	struct prefetched	 pre[2];	/* camera password, config */
	size_t			 n_pre;
} pf = { .sock = -1 };

/* The role of path in the running configuration; false for none. */
static bool
role_of(const char *path, enum priv_file *file, unsigned *index)
{
	const struct conf *c = pf.conf;
	size_t i;

	*index = 0;
	if (pf.conf_path && !strcmp(path, pf.conf_path))
		*file = PRIV_F_CONF;
	else if (c && c->camera.password_file[0] &&
	    !strcmp(path, c->camera.password_file))
		*file = PRIV_F_CAMERA_PW;
	else if (c && c->camera.config_file[0] &&
	    !strcmp(path, c->camera.config_file))
		*file = PRIV_F_CAMERA_CFG;
	else {
		for (i = 0; c && i < c->ids.n_sources; i++) {
			if (!strcmp(path, c->ids.sources[i].path)) {
				*file = PRIV_F_LOG;
				*index = (unsigned)i;
				return true;
			}
		}
		return false;
	}
	return true;
}

/* A descriptor from the parent is checked here too, and read from 0. */
static int
checked(int fd)
{
	int err;

	if (fd < 0)
		return -1;
	if (readfile_check_fd(fd) < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

static int
from_prefetched(enum priv_file file)
{
	size_t i;

	for (i = 0; i < pf.n_pre; i++) {
		if (pf.pre[i].file != file)
			continue;
		if (pf.pre[i].fd < 0) {
			errno = pf.pre[i].err;
			return -1;
		}
		return checked(dup(pf.pre[i].fd));
	}
	errno = EACCES;		/* not fetched for this scan */
	return -1;
}

static int
priv_files_open(const char *path, void *arg)
{
	enum priv_file file;
	unsigned index;

	(void)arg;
	if (!role_of(path, &file, &index))
		return readfile_open(path, O_RDONLY, 0);
	if (pf.sock < 0)
		return from_prefetched(file);
	return checked(priv_request_open(pf.sock, file, index));
}

void
priv_files_init(int sock, const char *conf_path, const struct conf *c)
{
	pf.sock = sock;
	pf.conf_path = conf_path;
	pf.conf = c;
	readfile_set_opener(priv_files_open, NULL);
}

void
priv_files_conf(const struct conf *c)
{
	pf.conf = c;
}

static void
prefetch(enum priv_file file, const char *path)
{
	struct prefetched *p;

	if (!path[0] || pf.n_pre >= sizeof(pf.pre) / sizeof(pf.pre[0]))
		return;
	p = &pf.pre[pf.n_pre++];
	p->file = file;
	p->fd = checked(priv_request_open(pf.sock, file, 0));
	p->err = p->fd < 0 ? errno : 0;
}

void
priv_files_prefetch(void)
{
	priv_files_release();
	if (pf.sock < 0 || !pf.conf)
		return;
	prefetch(PRIV_F_CAMERA_PW, pf.conf->camera.password_file);
	prefetch(PRIV_F_CAMERA_CFG, pf.conf->camera.config_file);
}

void
priv_files_child(void)
{
	pf.sock = -1;
}

void
priv_files_keep_fds(int *fds, size_t max, size_t *n)
{
	size_t i;

	for (i = 0; i < pf.n_pre && *n < max; i++)
		if (pf.pre[i].fd >= 0)
			fds[(*n)++] = pf.pre[i].fd;
}

void
priv_files_release(void)
{
	size_t i;

	for (i = 0; i < pf.n_pre; i++)
		if (pf.pre[i].fd >= 0)
			close(pf.pre[i].fd);
	pf.n_pre = 0;
}
