/*
 * mqtt_publish.h - the MQTT service's state (struct mqtt), shared by the
 * session (mqtt.c) and what it publishes (mqtt_publish.c), and the calls
 * the session makes to publish.  Only the two files of the service
 * include it; the daemon sees mqtt.h.
 */
#ifndef CAMGUARD_MQTT_PUBLISH_H
#define CAMGUARD_MQTT_PUBLISH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check/check.h"
#include "core/cg_limits.h"
#include "core/conf.h"
#include "ids/ids.h"
#include "mqtt/mqtt_queue.h"

struct daemon_view;
struct loop;
struct mosquitto;
struct mqtt_cmd;
struct mqtt_relay;

struct mqtt {
	struct loop		*loop;
	struct daemon_view	*view;
	struct conf		 conf;	/* of this connection */
	struct mosquitto	*mosq;
	struct mqtt_relay	*relay;	/* libmosquitto's way to the broker */
	struct mqtt_cmd		*cmd;	/* commands and shared bans in */
	char			 camera[CONF_STR_MAX];
	char			 password[MQTT_PASSWORD_MAX];
	bool			 has_password;
	bool			 enabled;	/* camera known */
	bool			 connected;
	bool			 restart;	/* reconnect once closed */
	int			 sock;		/* a loop fd, or -1 */
	int64_t			 t_retry, t_misc, t_conn, t_id;
	int64_t			 t_blocked, t_status;
	uint64_t		 backoff_ms;
	uint64_t		 jitter;	/* xorshift state */
	uint64_t		 connack_us;	/* the last CONNACK */
	bool			 measuring;	/* republish pending */
	struct mqtt_queue	 q;
	uint64_t		 dropped;	/* queued messages lost */
	unsigned		 ids_gen;	/* view->ids_gen published */
	uint64_t		 cmd_dropped;	/* commands refused */
	uint64_t		 siem_told;	/* siem dropped, published */
	int			 offline_mid;	/* SIGTERM offline */
	bool			 offline_acked;
	bool			 ha_on;		/* HA configs out */
	bool			 ha_checks_on;	/* with one per check */
	char			 ha_url[CONF_STR_MAX + 16];	/* the page */
	char			 ha_prefix[CONF_STR_MAX];	/* there */
	char			 ha_camera[CONF_STR_MAX];
	char			 boot_id[64];
	char			 topic[MQTT_TOPIC_MAX];
	char			 payload[MQTT_PAYLOAD_MAX];
};

/*
 * Publish m->payload (len bytes; -1: it did not fit, logged) on
 * root/camera/suffix.  The message id, or -1 (logged).
 */
int	mqtt_pub_suffix(struct mqtt *, const char *suffix, int len,
	    bool retain);
/* The retained status topic: online, or offline before a DISCONNECT. */
int	mqtt_pub_status(struct mqtt *);
int	mqtt_pub_offline(struct mqtt *);
/* The retained list of blocked sources. */
int	mqtt_pub_blocked(struct mqtt *);
/* The kernel's boot id for the status payload ("" when unreadable). */
void	mqtt_read_boot_id(struct mqtt *);
/* Everything retained, rebuilt from memory.  Returns messages sent. */
size_t	mqtt_pub_all(struct mqtt *);
/* A scan finished: the retained topics it changed. */
void	mqtt_publish_changes(struct mqtt *, const struct chk_scan *prev,
	    const struct chk_scan *cur);
/* A queued message's payload into m->payload, its topic suffix. */
int	mqtt_queued_payload(struct mqtt *, const struct mqtt_qmsg *,
	    const char **suffix);
/* def's record in s, looked for at hint first; NULL if none. */
const struct chk_record *mqtt_record_find(const struct chk_scan *s,
	    size_t hint, const struct chk_def *def);
/* Detector time (CLOCK_MONOTONIC seconds) as epoch seconds. */
int64_t	mqtt_mono_to_epoch(int64_t t);

#endif
