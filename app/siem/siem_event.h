/*
 * siem_event.h - what camguard tells a SIEM, one RFC 5424 message per
 * event, and the structured data a collector indexes it by.
 *
 * An event is kept as plain data (no pointers) from the moment it happens
 * until the collector has it, so that the queue can hold it while the
 * collector is away; siem_event_format() turns it into the message only
 * when it is sent.  Every message carries one SD element with the SD-ID
 * below, the camera and a sequence number; the other parameters depend on
 * the kind (camguard(8) lists them).
 *
 * The SD-ID: RFC 5424 7.2.2 wants NAME@<private enterprise number>.
 * camguard has no IANA enterprise number of its own, so it uses 32473,
 * the number IANA reserves for documentation (RFC 5612).  A collector
 * matches on the whole string "camguard@32473"; a vendor with a number of
 * its own changes SIEM_SD_ID here and nothing else.
 */
#ifndef CAMGUARD_SIEM_EVENT_H
#define CAMGUARD_SIEM_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "check/check.h"
#include "core/cg_limits.h"
#include "ids/ids.h"

#define SIEM_SD_ID	"camguard@32473"

/* The kinds, each with its MSGID (siem_event_msgid()). */
enum siem_kind {
	SIEM_EV_ALARM,		/* ALARM: brute force from a source */
	SIEM_EV_BLOCK,		/* BLOCK: a source blocked */
	SIEM_EV_RELEASE,	/* RELEASE: a block ended */
	SIEM_EV_CHECK,		/* CHECK: a check's result changed */
	SIEM_EV_SCAN,		/* SCAN: a scan's summary */
	SIEM_EV_START,		/* START: the daemon started */
	SIEM_EV_STOP,		/* STOP: the daemon stops */
	SIEM_EV_RELOAD,		/* RELOAD: configuration reloaded, or not */
	SIEM_EV_COMMAND,	/* COMMAND: an operator's command */
	SIEM_EV_DROPPED,	/* DROPPED: messages lost to a full queue */
	SIEM_EV_COUNT
};

struct siem_ev_ids {
	struct ids_decision	d;	/* epoch times; d.origin NULL */
	int64_t			until;	/* block end, epoch; 0 = reboot */
	char			origin[CONF_STR_MAX];	/* shared: camera */
};

struct siem_ev_check {
	char			id[16];
	enum chk_result		from, to;
	enum chk_severity	severity;
	char			title[POLICY_TITLE_MAX];
	int64_t			time;	/* of the scan that saw it */
};

struct siem_ev_scan {
	unsigned long		n;	/* scans since the start */
	struct chk_counts	counts;
	int			score_valid;
	double			score;
	char			model[CAMCFG_NAME_MAX];
	char			firmware[CAMCFG_NAME_MAX];
	char			state[65];	/* state SHA-256 */
};

struct siem_ev_audit {
	char	who[SIEM_WHO_MAX];
	char	what[SIEM_WHAT_MAX];
	char	result[SIEM_RESULT_MAX];	/* "ok" or why not */
};

struct siem_ev_life {
	char	version[32];
	int64_t	uptime_s;		/* STOP */
};

struct siem_ev_dropped {
	uint64_t	n;		/* since the last DROPPED message */
	uint64_t	total;		/* since the start */
};

struct siem_event {
	enum siem_kind	kind;
	uint64_t	seq;		/* 1, 2, ... from the daemon's start */
	int64_t		sec;		/* wall clock when it happened */
	long		usec;
	union {
		struct siem_ev_ids	ids;
		struct siem_ev_check	check;
		struct siem_ev_scan	scan;
		struct siem_ev_audit	audit;
		struct siem_ev_life	life;
		struct siem_ev_dropped	dropped;
	} u;
};

/* The header fields that are not the event's own. */
struct siem_origin {
	int		 facility;	/* RFC 5424 code, 0..23 */
	const char	*hostname;	/* HOSTNAME: the device */
	const char	*app_name;
	const char	*procid;
	const char	*camera;	/* camera="..." in every message */
};

const char	*siem_event_msgid(enum siem_kind);
/* RFC 5424 severity: 4 warning, 5 notice, 6 informational. */
unsigned	 siem_event_severity(const struct siem_event *);
/*
 * The message (no frame) into out (cap bytes, NUL included), at most
 * SIEM_MSG_MAX bytes.  Returns its length, or -1 on an invalid kind or
 * facility.  Pure: no I/O, no allocation.
 */
int		 siem_event_format(char *out, size_t cap,
		    const struct siem_event *, const struct siem_origin *);
/* The RFC 3339 UTC form the parameters use ("2026-05-01T10:00:00Z"). */
int		 siem_event_time(char *out, size_t cap, int64_t epoch);

#endif
