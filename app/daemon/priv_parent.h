/*
 * priv_parent.h - what the privileged parent of `camguard run` does with
 * the worker's checked requests (platform/priv.h carries them).
 *
 * It keeps its own copy of camguard.json and judges every firewall
 * request by it (proto/priv_policy.h): the ports, the widest prefix, no
 * loopback, ids.ignore or ids.allow address, at most PRIV_BLOCKS_MAX
 * blocks at once; a refusal is logged, counted and answered with -PRIV_REFUSED.
 * It opens the files the worker may not by their role in that copy: the
 * configuration (read here, parsed here to renew the copy, and handed
 * over as a sealed memory file holding the same bytes), the camera's
 * password and configuration files, the IDS logs.
 */
#ifndef CAMGUARD_PRIV_PARENT_H
#define CAMGUARD_PRIV_PARENT_H

#include <stdint.h>

#include "proto/priv_msg.h"

struct conf;
struct priv_parent;

/* The parent of path, starting from conf (copied); NULL on failure. */
struct priv_parent *priv_parent_new(const char *path, const struct conf *);
void	priv_parent_free(struct priv_parent *);
/* The handler for priv_parent_serve(); arg is the priv_parent. */
int	priv_parent_apply(const struct priv_msg *, int *fd_out, void *arg);
/* Requests refused by the policy so far. */
uint64_t priv_parent_refused(const struct priv_parent *);

#endif
