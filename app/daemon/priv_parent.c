/*
 * priv_parent.c - the privileged parent's answers (contract in
 * priv_parent.h).
 *
 * Owns the parent's copy of the configuration, its policy and the table
 * of blocks it applied.  The firewall is platform/fw/fw.h; the socket and
 * the loop are platform/priv.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "core/cg_limits.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/readfile.h"
#include "core/sparse.h"
#include "daemon/priv_parent.h"
#include "platform/fw/fw.h"
#include "proto/priv_policy.h"

struct priv_block {
	struct addr_net	net;
	int64_t		until;	/* epoch s, 0 = until reboot */
};

struct priv_parent {
	char			 path[CONF_PATH_MAX];
	struct conf		 conf;
	struct priv_policy	 policy;
	uint64_t		 refused;
	size_t			 n;
	struct priv_block	 table[PRIV_BLOCKS_MAX];
	char			 buf[CONF_FILE_MAX + 1];
};

struct priv_parent *
priv_parent_new(const char *path, const struct conf *c)
{
	struct priv_parent *pp = calloc(1, sizeof(*pp));

	if (!pp)
		return NULL;
	snprintf(pp->path, sizeof(pp->path), "%s", path);
	sparse_copy(&pp->conf, c, sizeof(pp->conf));
	priv_policy_from_conf(&pp->policy, c);
	return pp;
}

void
priv_parent_free(struct priv_parent *pp)
{
	if (pp && pp->refused)
		log_info("privileged parent: %" PRIu64 " requests refused",
		    pp->refused);
	free(pp);
}

uint64_t
priv_parent_refused(const struct priv_parent *pp)
{
	return pp->refused;
}

/* A refusal: logged (the log's repeat filter bounds a flood), counted. */
static int
refuse(struct priv_parent *pp, const char *what, const char *why)
{
	pp->refused++;
	log_warnx("privileged parent: refused %s: %s (%" PRIu64 " refused "
	    "so far)", what, why, pp->refused);
	return -PRIV_REFUSED;
}

/* ---- the table of blocks ------------------------------------------------ */

static bool
same_net(const struct addr_net *a, const struct addr_net *b)
{
	return a->family == b->family && a->prefix == b->prefix &&
	    !memcmp(a->bytes, b->bytes, sizeof(a->bytes));
}

static struct priv_block *
table_find(struct priv_parent *pp, const struct addr_net *net)
{
	size_t i;

	for (i = 0; i < pp->n; i++)
		if (same_net(&pp->table[i].net, net))
			return &pp->table[i];
	return NULL;
}

/* Forget the blocks that ended (the firewall's timeout ended them). */
static void
table_expire(struct priv_parent *pp, int64_t now)
{
	size_t i = 0;

	while (i < pp->n) {
		if (pp->table[i].until > 0 && pp->table[i].until <= now)
			pp->table[i] = pp->table[--pp->n];
		else
			i++;
	}
}

static void
table_remove(struct priv_parent *pp, const struct addr_net *net)
{
	struct priv_block *b = table_find(pp, net);

	if (b)
		*b = pp->table[--pp->n];
}

/* ---- firewall requests -------------------------------------------------- */

static int
do_init(struct priv_parent *pp, const struct priv_msg *m)
{
	const struct conf *c = &pp->conf;
	struct fw_conf fc;
	const char *why;
	char what[32];
	size_t i;

	if (!c->ids.enabled || !c->ids.block ||
	    c->ids.block_backend != CONF_FW_NFTABLES)
		return refuse(pp, "a firewall", "ids.block_backend is not "
		    "nftables");
	if (fw_conf_set(&fc, c) < 0)
		return -EINVAL;
	fc.n_ports = 0;
	for (i = 0; i < m->n_ports; i++) {
		if (priv_policy_port(&pp->policy, m->ports[i], &why) < 0) {
			snprintf(what, sizeof(what), "port %u", m->ports[i]);
			refuse(pp, what, why);
			continue;
		}
		fc.ports[fc.n_ports++] = m->ports[i];
	}
	if (fc.n_ports == 0)
		return refuse(pp, "a firewall", "no port left to cover");
	pp->n = 0;
	return fw_init(&fc) < 0 ? -EIO : 0;
}

static int
do_block(struct priv_parent *pp, const struct priv_msg *m)
{
	char what[ADDR_STR_MAX + 16], a[ADDR_STR_MAX];
	struct priv_block *b;
	struct addr_net net;
	const char *why;

	priv_msg_addr(m, &net);
	snprintf(what, sizeof(what), "a block of %s",
	    addr_format(&net, a, sizeof(a)));
	if (priv_policy_block(&pp->policy, &net, &why) < 0)
		return refuse(pp, what, why);
	table_expire(pp, (int64_t)time(NULL));
	if (!(b = table_find(pp, &net)) && pp->n >= PRIV_BLOCKS_MAX)
		return refuse(pp, what, "the table of blocks is full");
	if (fw_block(&net, m->until) < 0)
		return -EIO;
	if (!b) {
		b = &pp->table[pp->n++];
		b->net = net;
	}
	b->until = m->until;
	return 0;
}

static int
do_release(struct priv_parent *pp, const struct priv_msg *m)
{
	struct addr_net net;

	priv_msg_addr(m, &net);
	if (fw_release(&net) < 0)
		return -EIO;
	table_remove(pp, &net);
	return 0;
}

/* ---- files -------------------------------------------------------------- */

/*
 * The same bytes for the worker: a sealed memory file, or (a kernel
 * without memfd) the file itself from its start.
 */
static int
conf_fd(struct priv_parent *pp, int file_fd, size_t len)
{
	int fd = memfd_create("camguard.json", MFD_CLOEXEC |
	    MFD_ALLOW_SEALING);
	ssize_t n;

	if (fd < 0)
		return lseek(file_fd, 0, SEEK_SET) == 0 ? dup(file_fd) : -1;
	n = write(fd, pp->buf, len);
	if (n != (ssize_t)len || lseek(fd, 0, SEEK_SET) != 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW |
	    F_SEAL_WRITE | F_SEAL_SEAL) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * camguard.json for a reload: the parent's copy follows the file when it
 * parses (the worker reports the errors when it does not).
 */
static int
open_conf(struct priv_parent *pp)
{
	char msg[256];
	FILE *quiet;
	struct conf *fresh;
	size_t len;
	int fd, out, err;

	if ((fd = readfile_open(pp->path, O_RDONLY, 0)) < 0)
		return -errno;
	quiet = fmemopen(msg, sizeof(msg), "w");
	if (!quiet || readfile_fd(fd, pp->path, pp->buf, CONF_FILE_MAX, &len,
	    quiet) < 0) {
		if (quiet)
			fclose(quiet);
		close(fd);
		return -EFBIG;
	}
	if ((fresh = calloc(1, sizeof(*fresh))) &&
	    conf_parse(fresh, pp->path, pp->buf, len, quiet) == 0) {
		sparse_copy(&pp->conf, fresh, sizeof(pp->conf));
		priv_policy_from_conf(&pp->policy, fresh);
		log_info("privileged parent: configuration %s reloaded",
		    pp->path);
	}
	fclose(quiet);
	free(fresh);
	out = conf_fd(pp, fd, len);
	err = errno;
	close(fd);
	return out >= 0 ? out : -err;
}

static int
open_path(const char *path)
{
	int fd;

	if (!path[0])
		return -ENOENT;
	fd = readfile_open(path, O_RDONLY, 0);
	return fd >= 0 ? fd : -errno;
}

static int
do_open(struct priv_parent *pp, const struct priv_msg *m)
{
	const struct conf *c = &pp->conf;

	switch (m->file) {
	case PRIV_F_CONF:
		return open_conf(pp);
	case PRIV_F_CAMERA_PW:
		return open_path(c->camera.password_file);
	case PRIV_F_CAMERA_CFG:
		return open_path(c->camera.config_file);
	case PRIV_F_LOG:
		if (!c->ids.enabled || m->index >= c->ids.n_sources)
			return refuse(pp, "a log", "no such ids.sources entry");
		return open_path(c->ids.sources[m->index].path);
	}
	return -EINVAL;
}

int
priv_parent_apply(const struct priv_msg *m, int *fd_out, void *arg)
{
	struct priv_parent *pp = arg;
	int rc;

	switch (m->type) {
	case PRIV_INIT:
		return do_init(pp, m);
	case PRIV_BLOCK:
		return do_block(pp, m);
	case PRIV_RELEASE:
		return do_release(pp, m);
	case PRIV_FLUSH:
		pp->n = 0;
		return fw_flush() < 0 ? -EIO : 0;
	case PRIV_OPEN:
		rc = do_open(pp, m);
		if (rc < 0)
			return rc;
		*fd_out = rc;
		return 0;
	}
	return -EINVAL;
}
