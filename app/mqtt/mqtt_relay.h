/*
 * mqtt_relay.h - the one way camguard reaches an MQTT broker: libmosquitto
 * talks to a Unix socket in a private directory, and the relay carries
 * its bytes to the broker over TCP or over TLS (mbedTLS), in the poll
 * loop.
 *
 * Why: libmosquitto does TLS only through OpenSSL, a second TLS stack
 * beside the mbedTLS camguard already has, and it allocates whatever
 * length a broker announces for an incoming packet.  The relay reads
 * every fixed header the broker sends: a PUBLISH longer than
 * MQTT_IN_PACKET_MAX is skipped whole (counted, never buffered), any other
 * oversized packet ends the connection.  So libmosquitto never holds more
 * than MQTT_IN_PACKET_MAX for one packet, over plain TCP and TLS alike.
 */
#ifndef CAMGUARD_MQTT_RELAY_H
#define CAMGUARD_MQTT_RELAY_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loop;
struct mqtt_relay;

struct mqtt_relay_tls {
	const char	*ca_file;	/* "" or NULL: plain TCP */
	const char	*cert_file;	/* "" or NULL: no client certificate */
	const char	*key_file;
	const char	*verify_name;	/* NULL: the address connected to */
};

struct mqtt_relay_stats {
	uint64_t	skipped;	/* oversized PUBLISH packets dropped */
	uint64_t	refused;	/* connections ended on an oversized packet */
};

/*
 * A relay with its listening socket in a new 0700 directory under dir
 * (NULL: $TMPDIR or /tmp).  NULL after logging why.
 */
struct mqtt_relay *mqtt_relay_new(struct loop *, const char *dir);
/* Close both sides, remove the socket and the directory. */
void	mqtt_relay_free(struct mqtt_relay *);
/* The path libmosquitto connects to (with port 0). */
const char *mqtt_relay_path(const struct mqtt_relay *);

/*
 * Start a connection to host (numeric) and port; the next client of the
 * socket is carried to it.  Ends any connection before.  -1 when the
 * connection cannot even start (the reason: mqtt_relay_error()).
 */
int	mqtt_relay_open(struct mqtt_relay *, const char *host, uint16_t port,
	    const struct mqtt_relay_tls *);
/* End both sides; a later mqtt_relay_open() starts again. */
void	mqtt_relay_close(struct mqtt_relay *);
/* Why the last connection ended on the broker's side, or NULL. */
const char *mqtt_relay_error(const struct mqtt_relay *);
/* Has the broker's side connected (and finished its handshake)? */
bool	mqtt_relay_up(const struct mqtt_relay *);
void	mqtt_relay_stats(const struct mqtt_relay *, struct mqtt_relay_stats *);

/* Before each poll() of the loop (the owner's loop hook calls it). */
void	mqtt_relay_before_poll(struct mqtt_relay *);

/*
 * For a caller that polls by itself (the last flush at SIGTERM, a
 * command-line client): the relay's descriptors with the events it waits
 * for, and their results handed back after poll().
 */
size_t	mqtt_relay_fds(const struct mqtt_relay *, struct pollfd *, size_t max);
void	mqtt_relay_io(struct mqtt_relay *, const struct pollfd *, size_t n);

#endif
