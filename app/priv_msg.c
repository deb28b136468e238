/*
 * priv_msg.c - build and check the worker's requests to the parent.
 *
 * Pure: no I/O.  The parent calls priv_msg_check() on every datagram
 * before it looks at any field.
 */
#include <string.h>

#include "priv_msg.h"

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
	static const uint8_t zero[6], zero16[16];

	if (len != sizeof(m)) {
		*why = "length";
		return -1;
	}
	memcpy(&m, buf, sizeof(m));
	if (m.magic != PRIV_MAGIC || m.rc != 0 ||
	    memcmp(m.pad, zero, sizeof(zero))) {
		*why = "header";
		return -1;
	}
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
