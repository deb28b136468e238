/*
 * priv_policy.h - what the privileged parent lets the worker block, from
 * its own copy of camguard.json (issue 15: the parent trusts the worker's
 * intent no more than its bytes).
 *
 * A block must be an address or a prefix no wider than the configured one
 * (IPv4 /32, IPv6 ids.ipv6_prefix), and never loopback, the unspecified
 * address, IPv4-mapped space, or anything that overlaps an ids.ignore or
 * ids.allow entry.  The ports a firewall covers are those of ids.ports
 * when it is set; else 80, 443 and unprivileged ports, but never the
 * ports of the agent's own services (the MQTT broker's, the status
 * endpoint's) nor 21, 22, 23, 1883, 8883.  Pure: the parent fills the
 * policy, keeps the table of what it applied and counts refusals.
 */
#ifndef CAMGUARD_PRIV_POLICY_H
#define CAMGUARD_PRIV_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"
#include "proto/priv_msg.h"

#define PRIV_POLICY_NETS_MAX	64	/* = CONF_NETS_MAX */
#define PRIV_POLICY_NEVER_MAX	8	/* ports of other services */

struct priv_policy {
	uint16_t	ports[PRIV_PORTS_MAX];	/* ids.ports; none: see above */
	size_t		n_ports;
	uint16_t	never[PRIV_POLICY_NEVER_MAX];	/* never covered */
	size_t		n_never;
	unsigned	v6_prefix;		/* ids.ipv6_prefix */
	struct addr_net	ignore[PRIV_POLICY_NETS_MAX];
	struct addr_net	allow[PRIV_POLICY_NETS_MAX];
	size_t		n_ignore, n_allow;
};

/* The fixed part: the well-known ports never covered, /64 for IPv6. */
void	priv_policy_init(struct priv_policy *);
struct conf;
/*
 * The policy of a configuration: ids.ports, ids.ipv6_prefix, ids.ignore,
 * ids.allow, and the ports of the MQTT broker and the status endpoint
 * among those never covered.  The privileged parent judges the worker by
 * it; the worker judges its state file by it (the same rules).
 */
void	priv_policy_from_conf(struct priv_policy *, const struct conf *);
/* Add a port never to cover (ignored when full or 0). */
void	priv_policy_never(struct priv_policy *, uint16_t port);
/* 0 when net may be blocked; -1 with the reason in *why. */
int	priv_policy_block(const struct priv_policy *, const struct addr_net *,
	    const char **why);
/* 0 when a firewall may cover port; -1 with the reason in *why. */
int	priv_policy_port(const struct priv_policy *, uint16_t port,
	    const char **why);
/* True when a and b share an address (one contains the other). */
bool	priv_nets_overlap(const struct addr_net *a, const struct addr_net *b);

#endif
