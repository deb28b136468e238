/*
 * cli_fleet.h - what `camguard fleet` (cli_fleet.c, the view) and its
 * actions (cli_fleet_act.c: rescan, unblock, block, blocked) share: the
 * broker from --broker or camguard.json, its credentials, the fleet's
 * republish request.
 */
#ifndef CAMGUARD_CLI_FLEET_H
#define CAMGUARD_CLI_FLEET_H

#include <stdbool.h>
#include <stddef.h>

struct conf;
struct mosquitto;

/* mqtt://HOST[:PORT], mqtts://HOST[:PORT] (8883, tls), [v6]:PORT. */
int	cli_broker_parse(const char *url, char *host, size_t hostsz,
	    int *port, bool *tls);
/* The mqtt section's user name, password file and TLS on a handle. */
int	cli_broker_auth(struct mosquitto *, const struct conf *);
struct mqtt_client;
int	cli_broker_connect(struct mqtt_client **, struct mosquitto *,
	    const struct conf *, const char *host, int port, bool tls);
/* A request id that no other run uses: WHAT-PID-RANDOM. */
void	cli_fleet_request_id(char *id, size_t sz, const char *what);
/* Ask every agent to republish (R/_fleet/cmd/republish); id "" for none. */
void	cli_fleet_ask_republish(struct mosquitto *, const char *root,
	    const char *id);
/* `fleet rescan|unblock|block|blocked`; argv[0] is the action. */
int	cli_fleet_act(int argc, char **argv);

#endif
