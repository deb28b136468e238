/*
 * priv_policy.c - the privileged parent's rules for blocks and ports.
 *
 * Pure: no I/O, no state but the caller's policy.
 */
#include <string.h>

#include "core/conf.h"
#include "proto/priv_policy.h"

/* Remote shells and MQTT: a block must never cut the way in to fix it. */
static const uint16_t never_fixed[] = { 21, 22, 23, 1883, 8883 };

void
priv_policy_init(struct priv_policy *p)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->v6_prefix = 64;
	for (i = 0; i < sizeof(never_fixed) / sizeof(never_fixed[0]); i++)
		priv_policy_never(p, never_fixed[i]);
}

void
priv_policy_never(struct priv_policy *p, uint16_t port)
{
	if (port != 0 && p->n_never < PRIV_POLICY_NEVER_MAX)
		p->never[p->n_never++] = port;
}

bool
priv_nets_overlap(const struct addr_net *a, const struct addr_net *b)
{
	struct addr_net x = *a, y = *b;
	unsigned p = a->prefix < b->prefix ? a->prefix : b->prefix;

	if (a->family != b->family)
		return false;
	addr_mask(&x, p);
	addr_mask(&y, p);
	return memcmp(x.bytes, y.bytes, sizeof(x.bytes)) == 0;
}

static bool
overlaps_any(const struct addr_net *net, const struct addr_net *list,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (priv_nets_overlap(net, &list[i]))
			return true;
	return false;
}

/* Loopback, unspecified and IPv4-mapped space: never anyone's address. */
static const char *
special(const struct addr_net *net)
{
	static const struct addr_net lo4 = { 4, 8, { 127 } };
	static const struct addr_net any4 = { 4, 32, { 0 } };
	static const struct addr_net lo6 = { 6, 128,
		{ [15] = 1 } };
	static const struct addr_net any6 = { 6, 128, { 0 } };
	static const struct addr_net mapped = { 6, 96,
		{ [10] = 0xff, [11] = 0xff } };

	if (priv_nets_overlap(net, &lo4) || priv_nets_overlap(net, &lo6))
		return "loopback";
	if (priv_nets_overlap(net, &any4) || priv_nets_overlap(net, &any6))
		return "the unspecified address";
	if (priv_nets_overlap(net, &mapped))
		return "IPv4-mapped space";
	return NULL;
}

int
priv_policy_block(const struct priv_policy *p, const struct addr_net *net,
    const char **why)
{
	unsigned min = net->family == 4 ? 32 : p->v6_prefix;

	if ((net->family != 4 && net->family != 6) || net->prefix < min ||
	    net->prefix > (net->family == 4 ? 32 : 128)) {
		*why = "prefix wider than configured";
		return -1;
	}
	if ((*why = special(net)) != NULL)
		return -1;
	if (overlaps_any(net, p->ignore, p->n_ignore)) {
		*why = "an ids.ignore address";
		return -1;
	}
	if (overlaps_any(net, p->allow, p->n_allow)) {
		*why = "an ids.allow address";
		return -1;
	}
	return 0;
}

int
priv_policy_port(const struct priv_policy *p, uint16_t port,
    const char **why)
{
	size_t i;

	if (p->n_ports > 0) {
		for (i = 0; i < p->n_ports; i++)
			if (p->ports[i] == port)
				return 0;
		*why = "not in ids.ports";
		return -1;
	}
	for (i = 0; i < p->n_never; i++) {
		if (p->never[i] == port) {
			*why = "the port of a service that must stay reachable";
			return -1;
		}
	}
	if (port != 80 && port != 443 && port < 1024) {
		*why = "a privileged port other than 80 and 443 "
		    "(set ids.ports)";
		return -1;
	}
	return 0;
}

void
priv_policy_from_conf(struct priv_policy *p, const struct conf *c)
{
	char host[ADDR_STR_MAX];
	uint16_t port;
	size_t i;

	priv_policy_init(p);
	for (i = 0; i < c->ids.n_ports && i < PRIV_PORTS_MAX; i++)
		p->ports[p->n_ports++] = (uint16_t)c->ids.ports[i];
	if (c->mqtt.enabled)
		priv_policy_never(p, (uint16_t)c->mqtt.port);
	if (c->status.enabled && addr_parse_listen(c->status.listen, host,
	    sizeof(host), &port) == 0)
		priv_policy_never(p, port);
	p->v6_prefix = (unsigned)c->ids.ipv6_prefix;
	for (i = 0; i < c->ids.n_ignore && i < PRIV_POLICY_NETS_MAX; i++)
		p->ignore[p->n_ignore++] = c->ids.ignore[i];
	for (i = 0; i < c->ids.n_allow && i < PRIV_POLICY_NETS_MAX; i++)
		p->allow[p->n_allow++] = c->ids.allow[i];
}
