/*
 * fleet.h - what `camguard fleet` knows of one camera (spec section 7.4),
 * and the pure reader that fills it from broker messages.
 *
 * The broker is outside camguard's trust: any topic and any payload can
 * arrive there.  fleet_topic() and fleet_apply() take bytes and lengths,
 * never trust a NUL, allocate nothing and leave the camera untouched
 * when a payload is not what the topic promises.
 */
#ifndef CAMGUARD_FLEET_H
#define CAMGUARD_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check/check.h"
#include "core/addr.h"
#include "core/cg_limits.h"

/*
 * The kinds fleet_apply() reads into a row, then the topics read by
 * their own functions below.
 */
enum fleet_kind { FLEET_STATUS, FLEET_SUMMARY, FLEET_ALARM, FLEET_BLOCKED,
	FLEET_RESULT, FLEET_CHECK };	/* FLEET_CHECK: fleet_topic_any() */
enum fleet_state { FLEET_UNKNOWN, FLEET_ONLINE, FLEET_OFFLINE };

struct fleet_cam {
	char		 id[CONF_STR_MAX];
	enum fleet_state state;
	bool		 has_summary;
	bool		 score_valid;
	double		 score;
	long long	 fail_critical, fail_high;
	char		 firmware[CAMCFG_NAME_MAX];
	bool		 has_alarm;
	char		 alarm_ip[ADDR_STR_MAX];
	long long	 alarm_time;	/* last_seen, epoch seconds */
	/* `camguard fleet` only: it answered the view's republish request */
	bool		 answered;
	/* For the fleet server (fleet --listen); the table ignores them. */
	char		 version[FLEET_VERSION_MAX];	/* status; "" unknown */
	long long	 started;	/* status, epoch s; 0 unknown */
	long long	 dropped;	/* status; -1 unknown */
	long long	 scan_time;	/* summary time, epoch s; 0 unknown */
	bool		 has_counts;	/* every result counted in counts */
	long long	 counts[CHK_RESULT_COUNT];
};

/* One retained hardening/check/<ID> record, as the fleet server keeps it. */
struct fleet_check {
	char		 id[FLEET_CHECK_ID_MAX];
	enum chk_severity severity;
	enum chk_result	 result;
	long long	 waiver_end;	/* epoch s the waiver ends; 0 none */
};

/*
 * Split root/CAMERA/suffix; the camera (a valid topic level shorter than
 * camsz) goes to cam.  0, or -1 for any other topic.
 */
int	fleet_topic(const char *root, const char *topic, size_t len,
	    char *cam, size_t camsz, enum fleet_kind *kind);
/*
 * Read a payload of the given kind (STATUS, SUMMARY, ALARM) into c.  0
 * when applied, 1 for an empty payload (a retained topic was cleared:
 * nothing to do), -1 when it is malformed (c unchanged).
 */
int	fleet_apply(struct fleet_cam *c, enum fleet_kind kind,
	    const char *payload, size_t len);

/*
 * Added for issue 16.  An alarm as a shared ban reads it: the source
 * (ip and prefix, agreeing), whether it is blocked and until when (0:
 * until the origin reboots), from a payload whose "source" is camguard
 * and whose "camera" is the topic's.  0, or -1 with why.
 */
struct fleet_ban {
	struct addr_net	net;
	bool		blocked;
	int64_t		until;
};
int	fleet_alarm_ban(const char *payload, size_t len, const char *camera,
	    struct fleet_ban *out, const char **why);

/* An ids/blocked entry; origin "" is the publishing camera's own block. */
struct fleet_blocked_entry {
	struct addr_net	net;
	int64_t		until;			/* 0: until reboot */
	char		origin[CONF_STR_MAX];
	char		reason[CMD_REASON_MAX];
};
struct fleet_blocked {
	size_t				count;	/* blocks the camera holds */
	size_t				n;	/* entries read */
	struct fleet_blocked_entry	e[MQTT_BLOCKED_MAX];
};
/* A whole ids/blocked payload; 1 when empty (cleared), 0, or -1. */
int	fleet_blocked_read(const char *payload, size_t len,
	    struct fleet_blocked *out, const char **why);

/* A cmd/result payload {"id","cmd","ok","error"}. */
struct fleet_result {
	char	id[CMD_ID_MAX];		/* "" for null */
	char	cmd[16];
	bool	ok;
	char	error[CMD_ERROR_MAX];	/* "" for null */
};
int	fleet_result_read(const char *payload, size_t len,
	    struct fleet_result *out);

/*
 * Added for issue 19 (the fleet server).  fleet_topic() and also
 * root/CAMERA/hardening/check/ID (FLEET_CHECK, the ID into chk: letters,
 * digits, '-', '_', '.', shorter than chksz; chk "" for the other
 * kinds).  0, or -1.
 */
int	fleet_topic_any(const char *root, const char *topic, size_t len,
	    char *cam, size_t camsz, enum fleet_kind *kind, char *chk,
	    size_t chksz);
/*
 * A check record whose id is the topic's (id): its severity, result and
 * the end of its waiver.  0 applied, 1 empty (the record was cleared),
 * -1 malformed (c unchanged).
 */
int	fleet_check_apply(struct fleet_check *c, const char *id,
	    const char *payload, size_t len);

/* The health of a camera's IDS, from the "ids" object of its status. */
struct fleet_ids {
	bool		present;	/* the status carried one */
	bool		running;
	bool		blocking;	/* "blocking":"on" */
	size_t		n;		/* log sources */
	struct {
		char	path[CONF_PATH_MAX];
		bool	readable;
	}		src[CONF_SOURCES_MAX];
};
/*
 * The "ids" object of an online status (an agent with the IDS on);
 * present false when there is none.  0, or -1 when it is malformed.
 */
int	fleet_status_ids(const char *payload, size_t len,
	    struct fleet_ids *out);

#endif
