/*
 * cli_broker.c - what the broker tools (`camguard fleet` and its
 * actions) share: the --broker URL, credentials, the connection through
 * the relay (mqtt/mqtt_client.h), request ids and the fleet's republish
 * request.  Below cli_fleet.c and cli_fleet_act.c, which both call it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <mosquitto.h>

#include "cli/cli_fleet.h"
#include "core/cg_limits.h"
#include "core/conf.h"
#include "core/readfile.h"
#include "mqtt/mqtt_client.h"

/* mqtt://host:port, mqtts://host:port, [v6]:port; the port optional. */
int
cli_broker_parse(const char *url, char *host, size_t hostsz, int *port,
    bool *tls)
{
	const char *h = url, *colon;
	size_t hl;

	if (strncmp(url, "mqtt://", 7) == 0)
		h = url + 7;
	else if (strncmp(url, "mqtts://", 8) == 0) {
		h = url + 8;
		*tls = true;
		*port = 8883;
	}
	if (*h == '[') {
		colon = strchr(h, ']');
		if (!colon || (colon[1] != '\0' && colon[1] != ':'))
			return -1;
		hl = (size_t)(colon - h - 1);
		h++;
		colon = colon[1] ? colon + 1 : NULL;
	} else {
		colon = strrchr(h, ':');
		hl = colon ? (size_t)(colon - h) : strlen(h);
	}
	if (hl == 0 || hl >= hostsz || memchr(h, '/', hl))
		return -1;
	snprintf(host, hostsz, "%.*s", (int)hl, h);
	if (colon) {
		char *end;
		long p = strtol(colon + 1, &end, 10);

		if (*end || p < 1 || p > 65535)
			return -1;
		*port = (int)p;
	}
	return 0;
}

static int
read_password(const char *path, char *pw, size_t sz)
{
	int fd = readfile_open(path, O_RDONLY, 0);
	FILE *fp = fd < 0 ? NULL : fdopen(fd, "r");

	if (!fp) {
		fprintf(stderr, "%s: %s\n", path, readfile_strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!fgets(pw, (int)sz, fp))
		pw[0] = '\0';
	fclose(fp);
	pw[strcspn(pw, "\r\n")] = '\0';
	return 0;
}

/* The mqtt section's user and password on a handle. */
int
cli_broker_auth(struct mosquitto *mosq, const struct conf *c)
{
	char pw[MQTT_PASSWORD_MAX] = "";
	int rc = MOSQ_ERR_SUCCESS;

	if (c->mqtt.password_file[0] &&
	    read_password(c->mqtt.password_file, pw, sizeof(pw)) < 0)
		return -1;
	if (c->mqtt.username[0])
		rc = mosquitto_username_pw_set(mosq, c->mqtt.username,
		    pw[0] ? pw : NULL);
	explicit_bzero(pw, sizeof(pw));
	if (rc != MOSQ_ERR_SUCCESS)
		fprintf(stderr, "camguard fleet: %s\n", mosquitto_strerror(rc));
	return rc == MOSQ_ERR_SUCCESS ? 0 : -1;
}

/*
 * Connect mosq to host:port through the relay, with the mqtt section's
 * TLS (tls: mqtts://, the system's CAs when there is no ca_file).
 */
int
cli_broker_connect(struct mqtt_client **cl, struct mosquitto *mosq,
    const struct conf *c, const char *host, int port, bool tls)
{
	const struct conf_tls *t = &c->mqtt.tls;
	struct mqtt_client_opts o = { host, port, tls, t->ca_file,
		t->cert_file, t->key_file, 30 };
	char err[256];

	if (mqtt_client_connect(cl, mosq, &o, err, sizeof(err)) < 0) {
		fprintf(stderr, "camguard fleet: %s:%d: %s\n", host, port, err);
		return -1;
	}
	return 0;
}

void
cli_fleet_request_id(char *id, size_t sz, const char *what)
{
	uint64_t r;

	if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
		r = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	snprintf(id, sz, "%s-%ld-%016llx", what, (long)getpid(),
	    (unsigned long long)r);
}

void
cli_fleet_ask_republish(struct mosquitto *mosq, const char *root,
    const char *id)
{
	char t[MQTT_TOPIC_MAX], p[CMD_ID_MAX + 16];

	snprintf(t, sizeof(t), "%s/_fleet/cmd/republish", root);
	snprintf(p, sizeof(p), "{\"id\":\"%s\"}", id);
	mosquitto_publish(mosq, NULL, t, id[0] ? (int)strlen(p) : 0,
	    id[0] ? p : "", 1, false);
}
