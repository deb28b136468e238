/*
 * priv_msg.c - build and check the worker's requests to the parent.
 *
 * Pure: no I/O.  The parent calls priv_msg_check() on every datagram
 * before it looks at any field.
 */
#include <string.h>

#include "proto/priv_msg.h"

void
priv_msg_request(struct priv_msg *m, enum priv_type type, uint32_t seq,
    const struct addr_net *net, int64_t until)
{
	memset(m, 0, sizeof(*m));
	m->magic = PRIV_MAGIC;
	m->type = (uint32_t)type;
	m->seq = seq;
	if (net) {
		m->family = net->family;
		m->prefix = net->prefix;
		memcpy(m->addr, net->bytes, sizeof(m->addr));
	}
	m->until = until;
}

void
priv_msg_init(struct priv_msg *m, uint32_t seq, const uint16_t *ports,
    size_t n)
{
	priv_msg_request(m, PRIV_INIT, seq, NULL, 0);
	if (n > PRIV_PORTS_MAX)
		n = PRIV_PORTS_MAX;
	m->n_ports = (uint8_t)n;
	memcpy(m->ports, ports, n * sizeof(ports[0]));
}

/* Init: 1..PRIV_PORTS_MAX non-zero ports then zeros; others: none. */
static int
check_ports(const struct priv_msg *m, const char **why)
{
	size_t i;

	if (m->type != PRIV_INIT && m->n_ports != 0) {
		*why = "ports outside init";
		return -1;
	}
	if (m->n_ports > PRIV_PORTS_MAX) {
		*why = "port count";
		return -1;
	}
	for (i = 0; i < PRIV_PORTS_MAX; i++) {
		if ((i < m->n_ports) != (m->ports[i] != 0)) {
			*why = "ports";
			return -1;
		}
	}
	return 0;
}

static int
check_addr(const struct priv_msg *m, const char **why)
{
	struct addr_net a;
	unsigned bits;

	if (m->family != 4 && m->family != 6) {
		*why = "address family";
		return -1;
	}
	bits = m->family == 4 ? 32 : 128;
	if (m->prefix == 0 || m->prefix > bits) {
		*why = "prefix length";
		return -1;
	}
	priv_msg_addr(m, &a);
	addr_mask(&a, m->prefix);
	if (memcmp(a.bytes, m->addr, sizeof(a.bytes))) {
		*why = "host bits set beyond the prefix";
		return -1;
	}
	return 0;
}

int
priv_msg_check(const void *buf, size_t len, const char **why)
{
	struct priv_msg m;
	static const uint8_t zero[8], zero16[16];

	if (len != sizeof(m)) {
		*why = "length";
		return -1;
	}
	memcpy(&m, buf, sizeof(m));
	if (m.magic != PRIV_MAGIC || m.rc != 0 ||
	    memcmp(m.pad, zero, sizeof(m.pad))) {
		*why = "header";
		return -1;
	}
	if (check_ports(&m, why) < 0)
		return -1;
	switch (m.type) {
	case PRIV_BLOCK:
		if (m.until < 0) {
			*why = "negative until";
			return -1;
		}
		return check_addr(&m, why);
	case PRIV_RELEASE:
		return m.until != 0 ? (*why = "until on release", -1) :
		    check_addr(&m, why);
	case PRIV_INIT:
	case PRIV_FLUSH:
		return m.family || m.prefix || m.until ||
		    memcmp(m.addr, zero16, sizeof(zero16)) ? (*why = "fields on "
		    "flush", -1) : 0;
	}
	*why = "type";
	return -1;
}

void
priv_msg_addr(const struct priv_msg *m, struct addr_net *a)
{
	memset(a, 0, sizeof(*a));
	a->family = m->family;
	a->prefix = m->prefix;
	memcpy(a->bytes, m->addr, sizeof(a->bytes));
	if (a->family == 4)
		memset(a->bytes + 4, 0, 12);
}
