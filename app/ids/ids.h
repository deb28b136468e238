/*
 * ids.h - intrusion detection: what a log line says, what the detector
 * decides (spec sections 2, 3 and 8).
 *
 * Parsers (ids_<fmt>_parse.c) turn one log line into at most one
 * ids_event; they are pure and never take an address from attacker text
 * (user names, URLs, referers).  The detector (ids_detect.c) turns events
 * into decisions with the camera's Intrusion Detection semantics.
 */
#ifndef CAMGUARD_IDS_H
#define CAMGUARD_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"
#include "core/cg_limits.h"

enum ids_format { IDS_FMT_AUTO, IDS_FMT_CLF, IDS_FMT_LIGHTTPD,
	IDS_FMT_NGINX };

enum ids_kind {
	IDS_AUTH_FAILURE,	/* a rejected login */
	IDS_CHALLENGE,		/* a 401 without a user: counted on request */
};

/* Parser results. */
enum ids_parse_rc {
	IDS_EVENT = 1,		/* *ev holds an event */
	IDS_IGNORED = 0,	/* a well-formed line that is no failure */
	IDS_E_MALFORMED = -1,	/* not a line of this format */
	IDS_E_TOO_LONG = -2,	/* over LOG_LINE_MAX */
	IDS_E_ADDRESS = -3,	/* the address field is not an address */
	IDS_E_TIME = -4,	/* the time stamp does not parse */
};

struct ids_event {
	enum ids_kind	kind;
	int64_t		ts;		/* the line's own time, epoch seconds */
	struct addr_net	addr;		/* /32 or /128, v4-mapped unmapped */
	bool		has_user;
	char		user[IDS_USER_MAX];	/* printable, escaped by writer */
};

/*
 * One parser per format; line excludes the newline.  Return an
 * ids_parse_rc.  ids_parse() dispatches, and for IDS_FMT_AUTO tries each
 * format on the line.
 */
int	ids_clf_parse(const char *line, size_t len, struct ids_event *ev);
int	ids_lighttpd_parse(const char *line, size_t len, struct ids_event *ev);
int	ids_nginx_parse(const char *line, size_t len, struct ids_event *ev);
int	ids_parse(enum ids_format, const char *line, size_t len,
	    struct ids_event *ev);
int	ids_format_from_name(const char *name, enum ids_format *out);

/* ---- the detector --------------------------------------------------- */

struct ids_rules {
	unsigned	threshold;	/* >= 5 */
	int64_t		timeout_s;	/* idle reset; 0 = never resets */
	int64_t		deadtime_s;	/* between alarms; 0 = every failure */
	bool		block;
	int64_t		block_s;	/* 0 = until reboot */
	unsigned	block_factor;
	int64_t		block_max_s;
	unsigned	ipv6_prefix;
	size_t		max_tracked;
	bool		count_challenges;
	size_t		n_ignore, n_allow;
	struct addr_net	ignore[CONF_NETS_MAX];
	struct addr_net	allow[CONF_NETS_MAX];
};

enum ids_action { IDS_ALARM, IDS_BLOCK, IDS_RELEASE };

struct ids_decision {
	enum ids_action	action;
	int64_t		ts;		/* when it was decided */
	struct addr_net	net;		/* the source: /32, /128 or v6 prefix */
	unsigned	attempts;	/* failures in the current window */
	int64_t		first_seen, last_seen;
	int64_t		until;		/* block end; 0 = until reboot */
	bool		allowlisted;	/* alarm only: in ids.allow */
	bool		blocked;	/* alarm: the source is blocked now */
	bool		has_user;
	char		user[IDS_USER_MAX];	/* last user tried */
	/*
	 * A shared block or its end (ids.fleet): the camera that decided
	 * it, valid during the call only; NULL for this camera's own.
	 */
	const char	*origin;
};


struct ids_detect;
struct ids_stats;	/* core/service.h: what the daemon shows */
struct conf;
typedef void (*ids_decide_fn)(const struct ids_decision *, void *arg);

/*
 * Added by ids_detect.c: the rules of camguard.json's ids section (minutes
 * become seconds), for `ids replay` and the daemon alike.
 */
void	ids_rules_from_conf(const struct conf *, struct ids_rules *);

/* The table is allocated here, once, for rules->max_tracked sources. */
struct ids_detect *ids_detect_new(const struct ids_rules *,
	    ids_decide_fn, void *arg);
void	ids_detect_free(struct ids_detect *);
/* Take new rules (SIGHUP); keeps counts and blocks when the size fits. */
int	ids_detect_set_rules(struct ids_detect *, const struct ids_rules *);
/* One event at time now (live: monotonic seconds; replay: ev->ts). */
void	ids_detect_event(struct ids_detect *, const struct ids_event *,
	    int64_t now);
/*
 * Take back a block kept in the state file (until on the caller's clock,
 * 0 = until reboot) without a decision: it is already in the firewall.
 * It is released, listed and saved like the detector's own blocks.
 */
int	ids_detect_restore(struct ids_detect *, const struct addr_net *,
	    int64_t until, int64_t now);
/* Expire blocks (IDS_RELEASE) and idle counters up to now. */
void	ids_detect_tick(struct ids_detect *, int64_t now);
/* Seconds until the next expiry, or -1 when nothing is pending. */
int64_t	ids_detect_next(const struct ids_detect *, int64_t now);
void	ids_detect_stats(const struct ids_detect *, struct ids_stats *);
/*
 * Added for operators (ids_service_cmd.c: control socket, MQTT cmd/).  The
 * key of a source: IPv4 as is, IPv6 cut to ipv6_prefix.
 */
void	ids_detect_key(const struct ids_detect *, const struct addr_net *net,
	    struct addr_net *key);
bool	ids_detect_is_blocked(const struct ids_detect *,
	    const struct addr_net *key);
/*
 * Block key for for_s seconds (0: the rules' length for its next block)
 * with an IDS_BLOCK decision and no alarm; a blocked key gets the new
 * end.  -1 when the table has no room (every entry blocked).
 */
int	ids_detect_block(struct ids_detect *, const struct addr_net *key,
	    int64_t for_s, int64_t now);
/*
 * Forget key: its block ends (IDS_RELEASE) and its count and block
 * history go.  1 when it was blocked, 0 when not.
 */
int	ids_detect_unblock(struct ids_detect *, const struct addr_net *key,
	    int64_t now);
/* Release every block and forget every source; returns the blocks. */
size_t	ids_detect_flush(struct ids_detect *, int64_t now);
/* Visit blocked sources (for ids/blocked and /status), at most max. */
size_t	ids_detect_blocked(const struct ids_detect *,
	    void (*fn)(const struct addr_net *, int64_t until, void *),
	    void *arg, size_t max);

#endif
