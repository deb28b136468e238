/*
 * priv_msg.c - build and check the messages between the worker and the
 * privileged parent.
 *
 * Pure: no I/O.  The parent calls priv_msg_check() on every datagram
 * before it looks at any field; the worker calls
 * priv_msg_check_from_parent() on what comes back.
 */
#include <signal.h>
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

void
priv_msg_open(struct priv_msg *m, uint32_t seq, enum priv_file file,
    unsigned index)
{
	priv_msg_request(m, PRIV_OPEN, seq, NULL, 0);
	m->file = (uint8_t)file;
	m->index = (uint8_t)index;
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

/* No address, prefix or end: flush, init, open. */
static int
check_no_addr(const struct priv_msg *m, const char **why)
{
	static const uint8_t zero16[16];

	if (m->family || m->prefix || m->until ||
	    memcmp(m->addr, zero16, sizeof(zero16))) {
		*why = "address fields where none belong";
		return -1;
	}
	return 0;
}

static int
check_open(const struct priv_msg *m, const char **why)
{
	if (m->file < 1 || m->file > PRIV_F_MAX) {
		*why = "file role";
		return -1;
	}
	if (m->index >= (m->file == PRIV_F_LOG ? PRIV_INDEX_MAX : 1)) {
		*why = "file index";
		return -1;
	}
	return check_no_addr(m, why);
}

/* What every message shares: length, magic, padding. */
static int
check_common(const void *buf, size_t len, struct priv_msg *m,
    const char **why)
{
	static const uint8_t zero[sizeof(m->pad)];

	if (len != sizeof(*m)) {
		*why = "length";
		return -1;
	}
	memcpy(m, buf, sizeof(*m));
	if (m->magic != PRIV_MAGIC || memcmp(m->pad, zero, sizeof(m->pad))) {
		*why = "header";
		return -1;
	}
	return 0;
}

int
priv_msg_check(const void *buf, size_t len, const char **why)
{
	struct priv_msg m;

	if (check_common(buf, len, &m, why) < 0)
		return -1;
	if (m.rc != 0 || m.signo != 0) {
		*why = "header";
		return -1;
	}
	if (check_ports(&m, why) < 0)
		return -1;
	if (m.type != PRIV_OPEN && (m.file || m.index)) {
		*why = "file outside open";
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
	case PRIV_INIT:
	case PRIV_FLUSH:
		return check_no_addr(&m, why);
	case PRIV_OPEN:
		return check_open(&m, why);
	}
	*why = "type";
	return -1;
}

static int
signal_ok(int signo)
{
	return signo == SIGHUP || signo == SIGUSR1 || signo == SIGTERM ||
	    signo == SIGINT;
}

int
priv_msg_check_from_parent(const void *buf, size_t len, const char **why)
{
	struct priv_msg m;

	if (check_common(buf, len, &m, why) < 0)
		return -1;
	if (m.type == PRIV_SIGNAL && signal_ok(m.signo) && m.rc == 0)
		return 0;
	if (m.type == PRIV_REPLY && m.signo == 0 && m.rc <= 0)
		return 0;
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

const char *
priv_msg_type_name(uint32_t type)
{
	switch (type) {
	case PRIV_BLOCK:	return "block";
	case PRIV_RELEASE:	return "release";
	case PRIV_FLUSH:	return "flush";
	case PRIV_INIT:		return "init";
	case PRIV_OPEN:		return "open";
	case PRIV_REPLY:	return "reply";
	case PRIV_SIGNAL:	return "signal";
	}
	return "?";
}
