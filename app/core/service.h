/*
 * service.h - what the daemon shows its services (status endpoint, MQTT)
 * and the hooks it calls them through.
 *
 * The daemon owns the view and updates it; services read it and never
 * keep pointers into it across loop iterations except the view itself,
 * which lives as long as the daemon.  A service is one entry in the
 * table of daemon.c.
 */
#ifndef CAMGUARD_SERVICE_H
#define CAMGUARD_SERVICE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/addr.h"
#include "core/cg_limits.h"

struct camcfg;
struct chk_scan;
struct cmd_req;
struct conf;
struct fw_ops;
struct ids_decision;
struct ids_detect;
struct loop;
struct policy;

/* The intrusion detector's counters (ids_detect_stats() fills them). */
struct ids_stats {
	uint64_t	failures;	/* events counted */
	uint64_t	ignored;	/* events from ignored sources */
	uint64_t	alarms, blocks, releases;
	uint64_t	evictions;	/* sources dropped when the table is full */
	/* Added by ids_detect.c: failures of new sources not tracked
	 * because every entry of the full table was blocked. */
	uint64_t	untracked;
	size_t		tracked, blocked;
	/* Added by ids_service*.c (issue 15): blocks the privileged parent's
	 * policy refused; state-file blocks refused at restore (the same
	 * rules, or beyond the file's capacity); blocks the last save left
	 * out because the file was full. */
	uint64_t	refused, state_refused;
	size_t		state_unsaved;
};

/* What became of an operator's command (cmd/result, control socket). */
struct cmd_out {
	bool	ok;
	char	error[CMD_ERROR_MAX];	/* "" when ok */
};

/* A blocked source as the IDS lists it: ids list, ids/blocked, /status. */
struct ids_listed {
	struct addr_net	 net;
	int64_t		 until;		/* epoch seconds; 0 = until reboot */
	const char	*origin;	/* a shared block's camera, or NULL */
	const char	*reason;	/* an operator's reason; NULL: none */
};
typedef void (*ids_list_fn)(const struct ids_listed *, void *arg);

/* Shared bans (ids.fleet): the blocks held and what was turned away. */
struct ids_shared_stats {
	size_t		held;		/* shared blocks in force now */
	uint64_t	applied;	/* shared blocks taken */
	uint64_t	ended;		/* origin, block_s or unblock */
	uint64_t	untrusted;	/* alarms of cameras not trusted */
	uint64_t	forged;		/* payloads that are not camguard's */
	uint64_t	flood;		/* new blocks over the rate */
	uint64_t	full;		/* new blocks beyond ids.fleet.max */
	uint64_t	refused;	/* ignore, allow, broker, own address */
};

/* A block as a trusted camera tells it (MQTT -> the IDS). */
struct ids_shared_block {
	struct addr_net	net;
	int64_t		until;		/* epoch seconds; 0 = origin's reboot */
};

/*
 * An alarm that says "blocked" (one block), or a camera's ids/blocked
 * (its own blocks; complete when the list held every one of them).
 */
struct ids_shared_msg {
	const char			*origin;
	bool				 is_list;
	bool				 complete;
	size_t				 n;
	const struct ids_shared_block	*blocks;
};

/*
 * Whether blocks are really made (issue 14: only real blocks are blocks).
 * Anything but ON: the detector alarms only, nothing is listed as blocked.
 */
enum ids_blocking {
	IDS_BLOCKING_OFF,		/* ids.block false or backend none */
	IDS_BLOCKING_ON,		/* the firewall takes blocks */
	IDS_BLOCKING_NOT_ENFORCED,	/* camera-acl, the camera's IP
					 * access control is off */
	IDS_BLOCKING_FAILED,		/* the backend did not start */
};

static inline const char *
ids_blocking_name(enum ids_blocking b)
{
	switch (b) {
	case IDS_BLOCKING_OFF:
		return "off";
	case IDS_BLOCKING_ON:
		return "on";
	case IDS_BLOCKING_NOT_ENFORCED:
		return "not_enforced";
	case IDS_BLOCKING_FAILED:
		return "failed";
	}
	return "?";
}

/* One log source of the IDS as the documents show it. */
struct ids_source_view {
	char		path[CONF_PATH_MAX];
	bool		readable;	/* a file is open and followed */
	int		error;		/* errno of the last failed open, or 0 */
	int64_t		last_line;	/* wall clock of its last line; 0 none */
};

/* The SIEM sender's state (app/siem/siem.c keeps it current). */
struct siem_stats {
	bool		enabled;	/* a collector is configured */
	bool		connected;	/* session up; UDP: not refused */
	size_t		queued;		/* messages waiting, sent or not */
	uint64_t	sent;		/* messages written, resends included */
	uint64_t	resent;		/* of which written again */
	uint64_t	dropped;	/* never sent: the queue was full */
	uint64_t	tls_failures;	/* handshakes refused either way */
	uint64_t	conn_failures;	/* connects failed, sessions lost */
};

struct daemon_view {
	time_t			 started;	/* wall clock at start */
	const struct conf	*conf;		/* the running configuration */
	const struct policy	*policy;
	const struct chk_scan	*scan;		/* latest; NULL before the first */
	const struct chk_scan	*prev;		/* the one before; NULL if none */
	unsigned long		 scans;		/* finished scans */
	unsigned long		 scans_failed;	/* scans that failed */
	char			 scan_error[160]; /* last scan's failure, or "" */
	const char		*scan_reason;	/* its reason code, or NULL */
	const struct camcfg	*cfg;		/* camera config of the last read */
	bool			 ids_enabled;
	int			 ids_sources_readable;	/* -1: no IDS */
	/* The IDS's health (ids_service*.c): running, blocking, sources;
	 * ids_gen changes whenever one of them but last_line does. */
	bool			 ids_running;
	enum ids_blocking	 ids_blocking;
	char			 ids_blocking_why[128];
	size_t			 n_ids_sources;
	struct ids_source_view	 ids_sources[CONF_SOURCES_MAX];
	unsigned		 ids_gen;
	struct ids_stats	 ids;		/* refreshed before each hook */
	const struct ids_detect	*detect;	/* for blocked lists; may be NULL */
	bool			 mqtt_enabled;
	bool			 mqtt_connected;
	uint64_t		 mqtt_dropped;
	/* Worker of a privileged parent: the firewall proxy, else NULL. */
	const struct fw_ops	*fw_proxy;
	/* The IDS service reports a decision; the daemon tells the others. */
	void			(*decision)(struct daemon_view *,
				    const struct ids_decision *,
				    int64_t until_epoch);
	/* Ask the daemon for a scan (MQTT cmd/rescan); rate-limited there. */
	void			(*rescan)(void *arg);
	void			*rescan_arg;
	/* An operator's command (control socket, MQTT cmd/): the daemon
	 * runs it and says what came of it. */
	void			(*command)(struct daemon_view *,
				    const struct cmd_req *, struct cmd_out *);
	/* Every blocked source, own and shared, at most max; 0 without
	 * an IDS. */
	size_t			(*ids_list)(const struct daemon_view *,
				    ids_list_fn, void *arg, size_t max);
	/* A trusted camera's block or block list (ids.fleet). */
	void			(*shared)(struct daemon_view *,
				    const struct ids_shared_msg *);
	struct ids_shared_stats	 shared_st;
	/* Added for the SIEM (issue 18): the sender's state, and the audit
	 * trail of operator commands.  A service that obeys a command (MQTT
	 * cmd/..., the control socket) calls audit once it is done: who
	 * asked ("mqtt", "signal", "control uid=0"), what ("rescan",
	 * "block 192.0.2.7/32", "reload") and the result ("ok" or why
	 * not).  The daemon hands it to every service's audit op. */
	struct siem_stats	 siem;
	void			(*audit)(struct daemon_view *, const char *who,
				    const char *what, const char *result);
};

struct service_ops {
	const char	*name;
	/* Enabled by the configuration in view->conf? */
	bool		(*enabled)(const struct daemon_view *);
	/* Register with the loop; NULL on failure (logged). */
	void		*(*start)(struct loop *, struct daemon_view *);
	/* The configuration changed (SIGHUP); -1 keeps the old one. */
	int		(*apply)(void *, struct daemon_view *);
	/* A scan finished: view->scan and view->prev are set. */
	void		(*scan_done)(void *, struct daemon_view *);
	/* An IDS decision; until_epoch is wall-clock (0 = until reboot). */
	void		(*decision)(void *, struct daemon_view *,
			    const struct ids_decision *, int64_t until_epoch);
	/* An operator's command was carried out (view->audit). */
	void		(*audit)(void *, struct daemon_view *, const char *who,
			    const char *what, const char *result);
	/* Flush and unregister (SIGTERM). */
	void		(*stop)(void *, struct daemon_view *);
};

#endif
