/*
 * priv_msg.h - the messages between camguard's unprivileged worker and its
 * privileged parent (OpenBSD ntpd pattern).
 *
 * Fixed size, typed, one per SOCK_SEQPACKET datagram.  The parent trusts
 * nothing in them: priv_msg_check() verifies the length, the magic, the
 * type and every field, and a message that fails it ends the worker.
 */
#ifndef CAMGUARD_PRIV_MSG_H
#define CAMGUARD_PRIV_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"

#define PRIV_MAGIC	0x43475056u	/* "CGPV" */
#define PRIV_PORTS_MAX	16		/* = CONF_PORTS_MAX */

enum priv_type {
	PRIV_BLOCK = 1,		/* addr until */
	PRIV_RELEASE = 2,	/* addr */
	PRIV_FLUSH = 3,		/* nothing */
	PRIV_INIT = 4,		/* start the firewall on ports[n_ports] */
	PRIV_REPLY = 0x80,	/* parent -> worker: rc for seq */
};

struct priv_msg {
	uint32_t	magic;
	uint32_t	type;
	uint32_t	seq;
	int32_t		rc;		/* replies: 0 or -1 */
	uint8_t		family;		/* 4 or 6 */
	uint8_t		prefix;
	uint8_t		n_ports;	/* init: ports used */
	uint8_t		pad[5];		/* zero */
	uint8_t		addr[16];
	int64_t		until;		/* epoch seconds, 0 = until reboot */
	uint16_t	ports[PRIV_PORTS_MAX];	/* init; zero otherwise */
};

_Static_assert(sizeof(struct priv_msg) == 48 + 2 * PRIV_PORTS_MAX,
    "no hidden padding");

/* Build a request; returns the message. */
void	priv_msg_request(struct priv_msg *, enum priv_type, uint32_t seq,
	    const struct addr_net *, int64_t until);
/*
 * 0 when m (len bytes as received) is a well-formed request the parent
 * may act on; -1 otherwise, with a reason in *why.
 */
int	priv_msg_check(const void *m, size_t len, const char **why);
/* An init request for n ports (at most PRIV_PORTS_MAX). */
void	priv_msg_init(struct priv_msg *, uint32_t seq, const uint16_t *ports,
	    size_t n);
/* The address of a checked request. */
void	priv_msg_addr(const struct priv_msg *, struct addr_net *);

#endif
