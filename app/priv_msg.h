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

#include "addr.h"

#define PRIV_MAGIC	0x43475056u	/* "CGPV" */

enum priv_type {
	PRIV_BLOCK = 1,		/* addr until */
	PRIV_RELEASE = 2,	/* addr */
	PRIV_FLUSH = 3,		/* nothing */
	PRIV_REPLY = 0x80,	/* parent -> worker: rc for seq */
};

struct priv_msg {
	uint32_t	magic;
	uint32_t	type;
	uint32_t	seq;
	int32_t		rc;		/* replies: 0 or -1 */
	uint8_t		family;		/* 4 or 6 */
	uint8_t		prefix;
	uint8_t		pad[6];		/* zero */
	uint8_t		addr[16];
	int64_t		until;		/* epoch seconds, 0 = until reboot */
};

_Static_assert(sizeof(struct priv_msg) == 48, "no hidden padding");

/* Build a request; returns the message. */
void	priv_msg_request(struct priv_msg *, enum priv_type, uint32_t seq,
	    const struct addr_net *, int64_t until);
/*
 * 0 when m (len bytes as received) is a well-formed request the parent
 * may act on; -1 otherwise, with a reason in *why.
 */
int	priv_msg_check(const void *m, size_t len, const char **why);
/* The address of a checked request. */
void	priv_msg_addr(const struct priv_msg *, struct addr_net *);

#endif
