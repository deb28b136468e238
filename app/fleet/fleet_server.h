/*
 * fleet_server.h - `camguard fleet --listen`: a long-running server that
 * subscribes to the fleet's topics on the broker and serves what it
 * hears over HTTP: the fleet page at /, the same as JSON at /fleet, one
 * Prometheus endpoint for every camera at /metrics, and /livez.
 *
 * fleet_server.c runs the loop, the HTTP routes and the rendered
 * documents; fleet_link.c the broker connection.  The command line is
 * cli/cli_fleet_serve.c's.
 */
#ifndef CAMGUARD_FLEET_SERVER_H
#define CAMGUARD_FLEET_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/conf.h"

struct fleet_server_opts {
	const struct conf	*conf;		/* mqtt and status sections */
	const char		*listen;	/* "host:port", numeric */
	const char		*expect_file;	/* NULL: none */
};

/* Run until SIGTERM or SIGINT; SIGHUP reads the expect file again. */
int	fleet_server_run(const struct fleet_server_opts *);

/* ---- the broker connection (fleet_link.c) ------------------------------ */

struct fleet_link;
struct fleet_model;
struct loop;

/*
 * Connect with c->mqtt (a numeric host; TLS through the relay when
 * tls.ca_file is set), subscribe to every camera's status, summary,
 * check records, blocked list and alarms, ask every agent to republish
 * (R/_fleet/cmd/republish) on each connection, hand each message to the
 * model, reconnect with backoff.  NULL (logged) when the settings are
 * unusable.
 */
struct fleet_link *fleet_link_new(struct loop *, const struct conf *c,
	    struct fleet_model *);
bool	fleet_link_connected(const struct fleet_link *);
void	fleet_link_free(struct fleet_link *);

#endif
