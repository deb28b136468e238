/*
 * topics.h - MQTT topic names and payloads (spec section 7), and the Home
 * Assistant discovery configs.
 *
 * Pure: every function writes into the caller's buffer and returns the
 * length written (NUL excluded), or -1 when the buffer is too small or an
 * input is unusable; nothing here touches the network, the clock or a
 * global.  mqtt.c decides when to publish; this file decides what the
 * bytes are.  Strings from outside (camera values, user names from logs)
 * are JSON-escaped through json_write.
 */
#ifndef CAMGUARD_TOPICS_H
#define CAMGUARD_TOPICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "check/check.h"
#include "core/addr.h"
#include "core/cg_limits.h"
#include "ids/ids.h"
#include "proto/cmd.h"

struct policy;

/* Suffixes under R/C/ (spec section 7 table). */
#define TOPICS_STATUS		"camguard/status"
#define TOPICS_SUMMARY		"hardening/summary"
#define TOPICS_CHECK		"hardening/check"
#define TOPICS_EVENT		"hardening/event"
#define TOPICS_BLOCKED		"ids/blocked"
#define TOPICS_ALARM		"notify/ids_alarm"
#define TOPICS_CMD_ALL		"cmd/#"
#define TOPICS_RESULT		"cmd/result"
/* R/_fleet/cmd/...: what every agent takes (a camera id never starts
 * with '_'). */
#define TOPICS_FLEET		"_fleet"

/* "root/camera/suffix"; -1 when camera is no valid topic level. */
int	topics_name(char *dst, size_t sz, const char *root,
	    const char *camera, const char *suffix);
/* "root/camera/hardening/check/ID". */
int	topics_check(char *dst, size_t sz, const char *root,
	    const char *camera, const char *id);

struct daemon_view;
struct topics_status {
	const char	*version;
	int64_t		 started;	/* epoch seconds */
	const char	*boot_id;	/* "" writes null */
	uint64_t	 dropped;	/* queued messages lost so far */
	/* with an IDS: its health, "ids":{running, blocking, sources} */
	const struct daemon_view *view;
	/* With a SIEM collector (issue 18): its queue's losses too. */
	bool		 siem;
	uint64_t	 siem_dropped;
};

int	topics_status_online(char *buf, size_t sz,
	    const struct topics_status *);
int	topics_status_offline(char *buf, size_t sz);
/* The summary and a check record, exactly as `check --format json`. */
int	topics_summary(char *buf, size_t sz, const struct chk_scan *,
	    const struct policy *);
int	topics_record(char *buf, size_t sz, const struct chk_record *);
/* {"id","from","to","time"} for a result change. */
int	topics_event(char *buf, size_t sz, const char *id,
	    enum chk_result from, enum chk_result to, int64_t time);
/* The alarm payload; until_epoch 0 (or not blocked) writes null. */
int	topics_alarm(char *buf, size_t sz, const char *camera,
	    const struct ids_decision *, int64_t until_epoch);

struct topics_blocked {
	struct addr_net	net;
	int64_t		until;	/* epoch s; 0 = until reboot */
	char		origin[CONF_STR_MAX];	/* "": this camera's */
	char		reason[CMD_REASON_MAX];	/* "": none */
};

/*
 * {"count","entries":[{"ip","prefix","until"}]}; until 0 writes null; an
 * entry gains "origin" (a shared block) and "reason" (an operator's)
 * when they are not "".
 */
int	topics_blocked(char *buf, size_t sz, size_t count,
	    const struct topics_blocked *, size_t n);

/* Did a record's result, reason or evidence change? */
bool	topics_record_changed(const struct chk_record *old,
	    const struct chk_record *cur);
/* Does the summary need republishing (state hash or score)? */
bool	topics_summary_changed(const struct chk_scan *old,
	    const struct chk_scan *cur);

/* What a message on a cmd/ topic asks for. */
enum topics_cmd {
	TOPICS_CMD_RESCAN,
	TOPICS_CMD_REPUBLISH,
	TOPICS_CMD_BLOCK,
	TOPICS_CMD_UNBLOCK,
	TOPICS_CMD_FLUSH,
	TOPICS_CMD_FLEET_REPUBLISH,	/* R/_fleet/cmd/... */
	TOPICS_CMD_FLEET_RESCAN,
	TOPICS_CMD_FLEET_UNBLOCK,
	TOPICS_CMD_RESULT,	/* our own answers: not a command */
	TOPICS_CMD_UNKNOWN,	/* another topic */
	TOPICS_CMD_TOO_LONG,	/* over MQTT_CMD_MAX (CMD_JSON_MAX) */
	TOPICS_CMD_BINARY,	/* control bytes or invalid UTF-8 */
	TOPICS_CMD_RETAINED,	/* would fire again on every connect */
};

enum topics_cmd topics_cmd_classify(const char *root, const char *camera,
	    const char *topic, const void *payload, size_t len, bool retained);
const char *topics_cmd_name(enum topics_cmd);
/* The operator's verb a command topic names; CMD_NONE for the others. */
enum cmd_verb topics_cmd_verb(enum topics_cmd);

/* ---- Home Assistant discovery ----------------------------------------- */

struct topics_ha {
	const char	*prefix;	/* mqtt.ha_prefix */
	const char	*root;
	const char	*camera;
	const char	*model;		/* "" when unknown */
	const char	*firmware;
	const char	*version;	/* camguard's */
	const char	*config_url;	/* the status page, or "" */
};

/*
 * The status page as a device's configuration_url: "http[s]://listen/"
 * when the endpoint is on and listens on one address a browser elsewhere
 * can reach (not a wildcard, not loopback); else "".
 */
void	topics_ha_config_url(char *dst, size_t sz, bool enabled,
	    const char *listen, bool tls);

/* The entities of a camera besides its per-check problem sensors. */
enum topics_ha_entity {
	TOPICS_HA_SCORE,		/* sensor: the hardening score, % */
	TOPICS_HA_FAIL_CRITICAL,	/* sensor: failed critical checks */
	TOPICS_HA_FAIL_HIGH,		/* sensor: failed high checks */
	TOPICS_HA_BLOCKED,		/* sensor: sources blocked now */
	TOPICS_HA_ALARM,		/* event: an intrusion alarm */
	TOPICS_HA_ENTITY_COUNT
};

/* "<prefix>/binary_sensor/<camera>_<id>/config" (object id sanitised). */
int	topics_ha_check_topic(char *dst, size_t sz, const struct topics_ha *,
	    const char *id);
/* "<prefix>/<component>/<camera>_<entity>/config". */
int	topics_ha_entity_topic(char *dst, size_t sz, const struct topics_ha *,
	    enum topics_ha_entity);
/*
 * The binary_sensor config of one check (title from the policy); its
 * attributes are the check's evidence, remediation and severity.
 */
int	topics_ha_check(char *buf, size_t sz, const struct topics_ha *,
	    const char *id, const char *title);
int	topics_ha_entity(char *buf, size_t sz, const struct topics_ha *,
	    enum topics_ha_entity);

#endif
