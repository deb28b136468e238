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

#include "core/addr.h"
#include "core/cg_limits.h"

enum fleet_kind { FLEET_STATUS, FLEET_SUMMARY, FLEET_ALARM };
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
};

/*
 * Split root/CAMERA/suffix; the camera (a valid topic level shorter than
 * camsz) goes to cam.  0, or -1 for any other topic.
 */
int	fleet_topic(const char *root, const char *topic, size_t len,
	    char *cam, size_t camsz, enum fleet_kind *kind);
/*
 * Read a payload of the given kind into c.  0 when applied, 1 for an
 * empty payload (a retained topic was cleared: nothing to do), -1 when
 * it is malformed (c unchanged).
 */
int	fleet_apply(struct fleet_cam *c, enum fleet_kind kind,
	    const char *payload, size_t len);

#endif
