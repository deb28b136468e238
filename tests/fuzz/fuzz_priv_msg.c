/*
 * fuzz_priv_msg.c - libFuzzer target for what the privileged parent reads
 * from the worker (proto/priv_msg.c) and judges (proto/priv_policy.c).
 *
 * The input is one datagram as the parent would receive it.  Whatever
 * priv_msg_check() accepts is checked again here, field by field, the
 * simple way; a block it accepts and the policy lets through must be no
 * loopback, unspecified or IPv4-mapped address, no prefix wider than the
 * policy's, and nothing of its ignore or allow lists.  The same bytes as
 * a message from the parent must be a reply or a known signal, or be
 * refused.
 */
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/priv_msg.h"
#include "proto/priv_policy.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

static void
check_accepted(const struct priv_msg *m)
{
	struct addr_net a;
	unsigned bits, i;

	if (m->magic != PRIV_MAGIC || m->rc != 0 || m->signo != 0 ||
	    !zero(m->pad, sizeof(m->pad)) || m->n_ports > PRIV_PORTS_MAX)
		abort();
	for (i = 0; i < PRIV_PORTS_MAX; i++)
		if ((i < m->n_ports) != (m->ports[i] != 0))
			abort();
	if (m->type != PRIV_INIT && m->n_ports)
		abort();
	if (m->type != PRIV_OPEN && (m->file || m->index))
		abort();
	switch (m->type) {
	case PRIV_BLOCK:
	case PRIV_RELEASE:
		bits = m->family == 4 ? 32 : m->family == 6 ? 128 : 0;
		if (!bits || !m->prefix || m->prefix > bits || m->until < 0 ||
		    (m->type == PRIV_RELEASE && m->until))
			abort();
		priv_msg_addr(m, &a);
		addr_mask(&a, a.prefix);
		if (memcmp(a.bytes, m->family == 4 ? a.bytes : m->addr,
		    16) || (m->family == 4 && memcmp(a.bytes, m->addr, 4)))
			abort();
		break;
	case PRIV_OPEN:
		if (m->file < 1 || m->file > PRIV_F_MAX ||
		    m->index >= (m->file == PRIV_F_LOG ? PRIV_INDEX_MAX : 1))
			abort();
		/* fall through */
	case PRIV_INIT:
	case PRIV_FLUSH:
		if (m->family || m->prefix || m->until || !zero(m->addr, 16))
			abort();
		break;
	default:
		abort();
	}
}

/* A block the policy let through, judged the simple way. */
static void
check_allowed(const struct priv_policy *p, const struct addr_net *a)
{
	static const uint8_t lo6[16] = { [15] = 1 }, mapped[12] = {
		[10] = 0xff, [11] = 0xff };
	size_t i;

	if (a->family == 4 && (a->prefix != 32 || a->bytes[0] == 127 ||
	    zero(a->bytes, 4)))
		abort();
	if (a->family == 6 && (a->prefix < p->v6_prefix ||
	    !memcmp(a->bytes, lo6, 16) || zero(a->bytes, 16) ||
	    !memcmp(a->bytes, mapped, 12)))
		abort();
	for (i = 0; i < p->n_ignore; i++)
		if (priv_nets_overlap(a, &p->ignore[i]))
			abort();
	for (i = 0; i < p->n_allow; i++)
		if (priv_nets_overlap(a, &p->allow[i]))
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct priv_policy pol;
	static int ready;
	struct priv_msg m;
	struct addr_net a;
	const char *why = NULL;
	int rc;

	if (!ready) {
		priv_policy_init(&pol);
		addr_parse_net("127.0.0.0/8", 11, &pol.ignore[pol.n_ignore++]);
		addr_parse_net("10.9.0.0/16", 11, &pol.ignore[pol.n_ignore++]);
		addr_parse_net("2001:db8:aa::/48", 16,
		    &pol.allow[pol.n_allow++]);
		addr_parse_net("192.0.2.200", 11, &pol.allow[pol.n_allow++]);
		ready = 1;
	}
	rc = priv_msg_check(data, size, &why);
	if (rc != 0 && (rc != -1 || !why || !*why))
		abort();
	if (rc == 0) {
		if (size != sizeof(m))
			abort();
		memcpy(&m, data, sizeof(m));
		check_accepted(&m);
		if (m.type == PRIV_BLOCK) {
			priv_msg_addr(&m, &a);
			if (priv_policy_block(&pol, &a, &why) == 0)
				check_allowed(&pol, &a);
		}
		if (m.type == PRIV_INIT)
			for (size_t i = 0; i < m.n_ports; i++)
				(void)priv_policy_port(&pol, m.ports[i], &why);
	}
	if (priv_msg_check_from_parent(data, size, &why) == 0) {
		memcpy(&m, data, sizeof(m));
		if (!(m.type == PRIV_REPLY && m.rc <= 0 && m.signo == 0) &&
		    !(m.type == PRIV_SIGNAL && (m.signo == SIGHUP ||
		    m.signo == SIGUSR1 || m.signo == SIGTERM ||
		    m.signo == SIGINT)))
			abort();
	}
	return 0;
}
