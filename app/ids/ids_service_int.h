/*
 * ids_service_int.h - the IDS service's state and what its files share.
 * Private to app/ids/ids_service*.c; the daemon sees only ids_service.h.
 *
 * The service was one file until it passed the layout's ~800 lines
 * (issue 13); it is cut by responsibility, each file calling only those
 * below it, so the parts never call round in a circle:
 *
 *   ids_service.c        the service_ops: start, apply, stop, the
 *                        firewall, whether blocking is on, source health
 *   ids_service_lines.c  the sources: a log line to the detector, a
 *                        decision to the firewall and the daemon
 *   ids_service_cmd.c    operators (control socket, MQTT cmd/) and
 *                        shared bans
 *   ids_service_state.c  the state file: blocks saved, restored at start,
 *                        with the operators' notes (reasons) on them
 *   ids_service_base.c   the clocks, the daemon view, the detector timer
 */
#ifndef CAMGUARD_IDS_SERVICE_INT_H
#define CAMGUARD_IDS_SERVICE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cg_limits.h"
#include "core/conf.h"
#include "core/service.h"
#include "ids/ids.h"
#include "ids/ids_enforce.h"
#include "ids/ids_fleet.h"
#include "ids/ids_state.h"
#include "proto/cmd.h"

struct loop;
struct tail;

struct ids_source {
	struct ids_service	*svc;
	struct tail		*tail;
	enum ids_format		 format;
	char			 path[CONF_PATH_MAX];
	int64_t			 last_line;	/* wall clock; 0 none yet */
};

struct ids_service {
	struct loop		*loop;
	struct daemon_view	*view;
	struct ids_detect	*detect;
	struct ids_enforce	 enforce;
	bool			 fw_up;
	int64_t			 tick_timer;
	size_t			 n_sources;
	struct ids_source	 sources[CONF_SOURCES_MAX];
	uint64_t		 malformed, too_long;
	uint64_t		 state_refused;	/* at restore */
	size_t			 state_unsaved;	/* left out of the last save */
	struct ids_state_entry	 saved[IDS_BLOCKED_SAVE_MAX];
	size_t			 n_saved;
	char			 saved_why[IDS_NOTES_MAX][CMD_REASON_MAX];
	/* Added for operators and shared bans (issue 16). */
	struct ids_fleet	 fleet;
	bool			 fleet_up;
	int64_t			 health_timer;
	/* an alarm waiting for its block's answer from the firewall */
	struct ids_decision	 held;
	int64_t			 held_until;
	bool			 have_held;
	bool			 bulk;	/* a flush: no per-source work */
	int			 fw_rc;	/* the last decision's, for operators */
	size_t			 fw_failed;	/* refused in a flush */
	size_t			 n_notes;
	struct ids_note {
		struct addr_net	net;
		char		reason[CMD_REASON_MAX];
	}			 notes[IDS_NOTES_MAX];
};

/* ids_service_base.c */
int64_t	ids_service_mono(void);
int64_t	ids_service_epoch(int64_t until_mono);
void	ids_service_refresh(struct ids_service *);
void	ids_service_tick_arm(struct ids_service *);

/* ids_service_state.c: the blocks and the operators' reasons on them */
void	ids_service_state_save(struct ids_service *);
void	ids_service_state_restore(struct ids_service *);
struct ids_note *ids_service_note_find(struct ids_service *,
	    const struct addr_net *);
void	ids_service_note_set(struct ids_service *, const struct addr_net *,
	    const char *reason);
void	ids_service_note_drop(struct ids_service *, const struct addr_net *);

/* ids_service_lines.c */
void	ids_service_on_decision(const struct ids_decision *, void *svc);
void	ids_service_sources_open(struct ids_service *, const struct conf *);
void	ids_service_sources_close(struct ids_service *);
bool	ids_service_sources_same(const struct ids_service *,
	    const struct conf *);

#endif
