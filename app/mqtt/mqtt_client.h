/*
 * mqtt_client.h - the command-line tools' MQTT connection: libmosquitto
 * through the relay (mqtt_relay.h), so that TLS is mbedTLS's and an
 * incoming packet is bounded, as in the daemon; polled here in rounds
 * like mosquitto_loop().
 */
#ifndef CAMGUARD_MQTT_CLIENT_H
#define CAMGUARD_MQTT_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

struct mosquitto;
struct mqtt_client;

struct mqtt_client_opts {
	const char	*host;		/* a name or an address */
	int		 port;
	bool		 tls;		/* mqtts://: TLS even without ca_file */
	const char	*ca_file;	/* "" with tls: the system's CA bundle */
	const char	*cert_file;	/* "" or NULL: none */
	const char	*key_file;
	int		 keepalive;
};

/*
 * Resolve the host (a tool may block on it), start the relay's connection
 * and connect mosq, whose callbacks and credentials are set, to it.
 * 0, or -1 with the reason in err.
 */
int	mqtt_client_connect(struct mqtt_client **, struct mosquitto *,
	    const struct mqtt_client_opts *, char *err, size_t errsz);
/* Connect again after a loss (same host, same settings). */
int	mqtt_client_reconnect(struct mqtt_client *);
/* Wait up to timeout_ms, then read, write and keep alive: MOSQ_ERR_*. */
int	mqtt_client_loop(struct mqtt_client *, int timeout_ms);
/* Why the broker's side of the last connection ended, or NULL. */
const char *mqtt_client_error(const struct mqtt_client *);
void	mqtt_client_free(struct mqtt_client *);

#endif
