/*
 * mqtt_client.c - the MQTT connection of the command-line tools (`camguard
 * fleet` and its actions): libmosquitto through the relay, like the
 * daemon's, driven by poll() here since a tool runs no loop of its own.
 *
 * Owns name resolution for the tools (a tool may block on it; the daemon
 * never resolves), the default CA bundle for mqtts:// without a CA file,
 * and one round of reading and writing the way mosquitto_loop() does.
 * Knows nothing of topics.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mosquitto.h>

#include "core/cg_limits.h"
#include "core/loop.h"
#include "mqtt/mqtt_client.h"
#include "mqtt/mqtt_relay.h"

/* Debian's bundle of the system's trusted CAs (package ca-certificates). */
#define MQTT_CLIENT_CA_BUNDLE	"/etc/ssl/certs/ca-certificates.crt"

struct mqtt_client {
	struct loop		*loop;	/* holds the relay's descriptors */
	struct mqtt_relay	*relay;
	struct mosquitto	*mosq;
	char			 addr[64];	/* host, resolved */
	char			 name[256];	/* host as given: TLS checks it */
	int			 port;
	char			 ca[512], cert[512], key[512];
	bool			 tls;
	int			 keepalive;
};

static int
resolve(const char *host, char *addr, size_t sz, char *err, size_t errsz)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	int rc = getaddrinfo(host, NULL, &hints, &ai);

	if (rc != 0) {
		snprintf(err, errsz, "%s: %s", host, gai_strerror(rc));
		return -1;
	}
	rc = getnameinfo(ai->ai_addr, ai->ai_addrlen, addr, (socklen_t)sz,
	    NULL, 0, NI_NUMERICHOST);
	freeaddrinfo(ai);
	if (rc != 0) {
		snprintf(err, errsz, "%s: %s", host, gai_strerror(rc));
		return -1;
	}
	return 0;
}

static int
client_open(struct mqtt_client *c, char *err, size_t errsz)
{
	struct mqtt_relay_tls t = { c->ca, c->cert, c->key, c->name };
	int rc;

	if (mqtt_relay_open(c->relay, c->addr, (uint16_t)c->port,
	    c->tls ? &t : NULL) < 0) {
		snprintf(err, errsz, "%s", mqtt_relay_error(c->relay) ?
		    mqtt_relay_error(c->relay) : "relay");
		return -1;
	}
	rc = mosquitto_connect(c->mosq, mqtt_relay_path(c->relay), 0,
	    c->keepalive);
	if (rc != MOSQ_ERR_SUCCESS) {
		snprintf(err, errsz, "%s", rc == MOSQ_ERR_ERRNO ?
		    strerror(errno) : mosquitto_strerror(rc));
		return -1;
	}
	return 0;
}

int
mqtt_client_connect(struct mqtt_client **out, struct mosquitto *mosq,
    const struct mqtt_client_opts *o, char *err, size_t errsz)
{
	struct mqtt_client *c = calloc(1, sizeof(*c));

	*out = NULL;
	if (!c || !(c->loop = loop_new()) ||
	    !(c->relay = mqtt_relay_new(c->loop, NULL))) {
		snprintf(err, errsz, "cannot make the relay");
		mqtt_client_free(c);
		return -1;
	}
	c->mosq = mosq;
	c->port = o->port;
	c->keepalive = o->keepalive;
	c->tls = o->tls || (o->ca_file && o->ca_file[0]);
	snprintf(c->name, sizeof(c->name), "%s", o->host);
	snprintf(c->ca, sizeof(c->ca), "%s", o->ca_file && o->ca_file[0] ?
	    o->ca_file : MQTT_CLIENT_CA_BUNDLE);
	snprintf(c->cert, sizeof(c->cert), "%s", o->cert_file ?
	    o->cert_file : "");
	snprintf(c->key, sizeof(c->key), "%s", o->key_file ? o->key_file : "");
	if (resolve(o->host, c->addr, sizeof(c->addr), err, errsz) < 0 ||
	    client_open(c, err, errsz) < 0) {
		mqtt_client_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

int
mqtt_client_reconnect(struct mqtt_client *c)
{
	char err[160];

	return client_open(c, err, sizeof(err)) < 0 ? -1 : 0;
}

/*
 * libmosquitto reads one packet a call (more only for QoS 2 it holds): a
 * round takes every packet already here, at most MQTT_CLIENT_READ_BURST,
 * so that a fleet's thousands of answers cost as many reads, not as many
 * rounds of poll() and relay.
 */
static int
read_burst(struct mqtt_client *c, int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };
	int i, rc = MOSQ_ERR_SUCCESS;

	for (i = 0; i < MQTT_CLIENT_READ_BURST; i++) {
		rc = mosquitto_loop_read(c->mosq, 1);
		if (rc != MOSQ_ERR_SUCCESS || poll(&p, 1, 0) <= 0 ||
		    !(p.revents & POLLIN))
			break;
	}
	return rc;
}

int
mqtt_client_loop(struct mqtt_client *c, int timeout_ms)
{
	struct pollfd p[4];
	nfds_t n;
	int fd = mosquitto_socket(c->mosq), rc = MOSQ_ERR_SUCCESS;

	if (fd < 0)
		return MOSQ_ERR_NO_CONN;
	p[0] = (struct pollfd){ fd, POLLIN, 0 };
	if (mosquitto_want_write(c->mosq))
		p[0].events |= POLLOUT;
	mqtt_relay_before_poll(c->relay);
	n = 1 + mqtt_relay_fds(c->relay, p + 1, 3);
	if (poll(p, n, timeout_ms) < 0 && errno != EINTR)
		return MOSQ_ERR_ERRNO;
	mqtt_relay_io(c->relay, p + 1, n - 1);
	if (p[0].revents & (POLLIN | POLLERR | POLLHUP))
		rc = read_burst(c, fd);
	if (rc == MOSQ_ERR_SUCCESS && (p[0].revents & POLLOUT))
		rc = mosquitto_loop_write(c->mosq, 1);
	if (rc == MOSQ_ERR_SUCCESS)
		rc = mosquitto_loop_misc(c->mosq);
	return rc;
}

const char *
mqtt_client_error(const struct mqtt_client *c)
{
	return mqtt_relay_error(c->relay);
}

void
mqtt_client_free(struct mqtt_client *c)
{
	if (!c)
		return;
	mqtt_relay_free(c->relay);
	loop_free(c->loop);
	free(c);
}
