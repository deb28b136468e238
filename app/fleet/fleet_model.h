/*
 * fleet_model.h - what the fleet server (`camguard fleet --listen`) knows
 * of the fleet: a fixed table of cameras built from the messages that
 * arrive over MQTT, the ids an operator expects (--expect FILE), and the
 * counts of what it refused.  The page, the JSON and the metrics
 * (fleet_page.c, fleet_json.c, fleet_metrics.c) read it; the server
 * (fleet_server.c) feeds it.
 *
 * No I/O and no clock: the caller passes every message with the wall
 * time it arrived.  The memory is taken once by fleet_model_new(); a
 * message never allocates.  Payloads are read by mqtt/fleet_parse.c, and
 * a malformed one is counted and changes nothing.
 */
#ifndef CAMGUARD_FLEET_MODEL_H
#define CAMGUARD_FLEET_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cg_limits.h"
#include "mqtt/fleet.h"

/* A row's state, in the order the page lists them: worst first. */
enum fleet_row_state {
	FLEET_ROW_OFFLINE,	/* its retained status says offline */
	FLEET_ROW_MISSING,	/* expected, never seen */
	FLEET_ROW_UNKNOWN,	/* seen, but no status (yet) */
	FLEET_ROW_ONLINE,
	FLEET_ROW_STATES
};

/* One camera of the table. */
struct fleet_entry {
	struct fleet_cam	 cam;		/* id, state, summary, alarm */
	bool			 has_status;
	int64_t			 first_seen;	/* its first message arrived */
	int64_t			 offline_since;	/* 0 unless offline */
	bool			 offline_exact;	/* seen going, not retained */
	int64_t			 last_alive;	/* last known connected; 0 */
	bool			 has_blocked;
	long long		 blocked;	/* sources its IDS blocks now */
	uint64_t		 alarms;	/* alarms since the start */
	struct fleet_ids	 ids;		/* while online, IDS on */
	size_t			 n_checks;
	struct fleet_check	 checks[FLEET_CHECKS_MAX];
};

struct fleet_model {
	char			 root[CONF_STR_MAX];	/* mqtt.topic_root */
	int64_t			 started;		/* the server's start */
	struct fleet_entry	*cams;
	size_t			 n, cap;
	uint32_t		*index;		/* id hash -> entry + 1 */
	size_t			 index_cap;	/* a power of two > 2 cap */
	char			(*expect)[CONF_STR_MAX];	/* sorted */
	bool			*expect_seen;
	size_t			 n_expect;
	uint64_t		 messages;	/* every message handed in */
	uint64_t		 malformed;	/* topic or payload refused */
	uint64_t		 full;		/* a new camera, no room */
	uint64_t		 evicted;	/* made room for a status */
	uint64_t		 checks_full;	/* a camera's checks, no room */
	uint64_t		 gen;		/* bumped on every change */
};

/* What became of a message. */
enum fleet_msg {
	FLEET_MSG_APPLIED,
	FLEET_MSG_IGNORED,	/* nothing to change */
	FLEET_MSG_MALFORMED,
	FLEET_MSG_FULL,
};

/* The table for cap cameras (at most FLEET_CAMERAS_MAX); NULL. */
struct fleet_model *fleet_model_new(const char *root, size_t cap,
	    int64_t now);
void	fleet_model_free(struct fleet_model *);

/*
 * One message as it arrived: its topic, payload, retain flag (retained
 * copies are old news: they neither count as an alarm nor date a
 * camera's going offline) and the wall time now.
 */
enum fleet_msg fleet_model_message(struct fleet_model *, const char *topic,
	    size_t tlen, const char *payload, size_t len, bool retained,
	    int64_t now);

/*
 * The expected ids from the text of an --expect file: one id a line,
 * blank lines and lines starting with '#' skipped, surrounding blanks
 * trimmed.  Replaces the list before.  -1 with *line (1-based) at the
 * first id that is no valid topic level or too long, or when there are
 * more than FLEET_EXPECT_MAX (*line 0); the list is then unchanged.
 */
int	fleet_model_expect(struct fleet_model *, const char *text, size_t len,
	    size_t *line);

const struct fleet_entry *fleet_model_find(const struct fleet_model *,
	    const char *id);
enum fleet_row_state fleet_entry_state(const struct fleet_entry *);
/* Expected ids never seen. */
size_t	fleet_model_missing(const struct fleet_model *);
/*
 * When the camera was last known connected: now while online, else the
 * moment it went offline, else the newest time its payloads carry; 0
 * when nothing says.
 */
int64_t	fleet_entry_last_alive(const struct fleet_entry *, int64_t now);

/* ---- rows: what the page and /fleet list ------------------------------ */

/* What a query string asks for (fleet_query_parse.c). */
struct fleet_filter {
	unsigned	states;			/* 1 << state; 0 is all */
	char		q[FLEET_QUERY_MAX];	/* in the id; "" is all */
};

struct fleet_row {
	const char			*id;
	enum fleet_row_state		 state;
	const struct fleet_entry	*e;	/* NULL for a missing id */
};

/*
 * The cameras and missing ids that pass f, worst first: offline, then
 * missing, unknown, online; within a state more failed critical checks,
 * then more failed high checks, more blocked sources, a lower score,
 * then by id.  rows holds cap + n_expect.  Returns how many; counts (when
 * not NULL) gets the number in each state before filtering.
 */
size_t	fleet_rows(const struct fleet_model *, const struct fleet_filter *f,
	    struct fleet_row *rows, size_t *counts);
const char *fleet_row_state_name(enum fleet_row_state);

/*
 * Parse a query string (after '?', percent-encoded, '+' a space):
 * state=offline|online|unknown|missing (several, comma-separated or
 * repeated; "all" or empty for all) and q=TEXT (a case-insensitive part of
 * the id).  Other keys are ignored.  0, or -1 for a bad escape, an
 * unknown state, a q over FLEET_QUERY_MAX - 1 bytes or a control byte.
 */
int	fleet_query_parse(const char *query, size_t len,
	    struct fleet_filter *out);

#endif
