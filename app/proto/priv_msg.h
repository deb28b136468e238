/*
 * priv_msg.h - the messages between camguard's unprivileged worker and its
 * privileged parent (OpenBSD ntpd pattern).
 *
 * Fixed size, typed, one per SOCK_SEQPACKET datagram.  The parent trusts
 * nothing in them: priv_msg_check() verifies the length, the magic, the
 * type and every field, and a message that fails it ends the worker.
 * Whether a well-formed block may be applied at all is the parent's
 * policy (priv_policy.h), judged after this check.
 *
 * Worker to parent: firewall requests (init, block, release, flush) and
 * PRIV_OPEN, which names a file by its role in the parent's own copy of
 * camguard.json (never by path): the reply carries the open descriptor
 * (SCM_RIGHTS) or -errno.  Parent to worker: PRIV_REPLY for each request
 * and PRIV_SIGNAL, a signal the parent took (SIGHUP, SIGUSR1, SIGTERM,
 * SIGINT) for the worker to act on.
 */
#ifndef CAMGUARD_PRIV_MSG_H
#define CAMGUARD_PRIV_MSG_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"

#define PRIV_MAGIC	0x43475056u	/* "CGPV" */
#define PRIV_PORTS_MAX	16		/* = CONF_PORTS_MAX */
#define PRIV_INDEX_MAX	8		/* = CONF_SOURCES_MAX */
/* The errno of a reply to a request the parent's policy refuses. */
#define PRIV_REFUSED	EACCES

enum priv_type {
	PRIV_BLOCK = 1,		/* addr until */
	PRIV_RELEASE = 2,	/* addr */
	PRIV_FLUSH = 3,		/* nothing */
	PRIV_INIT = 4,		/* start the firewall on ports[n_ports] */
	PRIV_OPEN = 5,		/* file index: open it, reply with the fd */
	PRIV_REPLY = 0x80,	/* parent -> worker: rc for seq */
	PRIV_SIGNAL = 0x81,	/* parent -> worker: act on signo */
};

/* The files the parent opens for the worker, by role. */
enum priv_file {
	PRIV_F_CONF = 1,	/* camguard.json, for a reload (checked) */
	PRIV_F_CAMERA_PW = 2,	/* camera.password_file */
	PRIV_F_CAMERA_CFG = 3,	/* camera.config_file */
	PRIV_F_LOG = 4,		/* ids.sources[index].path */
	PRIV_F_MAX = PRIV_F_LOG,
};

struct priv_msg {
	uint32_t	magic;
	uint32_t	type;
	uint32_t	seq;
	int32_t		rc;		/* replies: 0 or -errno */
	uint8_t		family;		/* 4 or 6 */
	uint8_t		prefix;
	uint8_t		n_ports;	/* init: ports used */
	uint8_t		file;		/* open: enum priv_file */
	uint8_t		index;		/* open: which log source */
	uint8_t		signo;		/* signal: which */
	uint8_t		pad[2];		/* zero */
	uint8_t		addr[16];
	int64_t		until;		/* epoch seconds, 0 = until reboot */
	uint16_t	ports[PRIV_PORTS_MAX];	/* init; zero otherwise */
};

_Static_assert(sizeof(struct priv_msg) == 48 + 2 * PRIV_PORTS_MAX,
    "no hidden padding");

/* Build a request; returns the message. */
void	priv_msg_request(struct priv_msg *, enum priv_type, uint32_t seq,
	    const struct addr_net *, int64_t until);
/* An init request for n ports (at most PRIV_PORTS_MAX). */
void	priv_msg_init(struct priv_msg *, uint32_t seq, const uint16_t *ports,
	    size_t n);
/* An open request for a file role (and a log's index). */
void	priv_msg_open(struct priv_msg *, uint32_t seq, enum priv_file,
	    unsigned index);
/*
 * 0 when m (len bytes as received) is a well-formed request the parent
 * may act on; -1 otherwise, with a reason in *why.
 */
int	priv_msg_check(const void *m, size_t len, const char **why);
/*
 * 0 when m (len bytes) is a well-formed message from the parent (a reply
 * or a signal); -1 otherwise, with a reason in *why.
 */
int	priv_msg_check_from_parent(const void *m, size_t len,
	    const char **why);
/* The address of a checked request. */
void	priv_msg_addr(const struct priv_msg *, struct addr_net *);
/* "block", "open" ... for log lines; "?" for others. */
const char *priv_msg_type_name(uint32_t type);

#endif
