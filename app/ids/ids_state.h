/*
 * ids_state.h - the IDS state file: the blocks in force, tied to one boot.
 *
 * A restarted agent (crash, upgrade, SIGHUP that re-creates the firewall
 * table) puts back the blocks of the same boot; a reboot clears them, as
 * it does on the camera.  The file is text, one record a line:
 *
 *	camguard-state 1
 *	boot 6a1c4e1e-1b7e-4a7e-9d53-0c2b1f0a9e11
 *	saved 1718000000
 *	block 192.0.2.7/32 1718003600
 *	reason 192.0.2.7/32 VMS%20lockout
 *	block 2001:db8:1::/64 0
 *
 * (UNTIL in epoch seconds, 0 = until reboot).  A "reason" line follows its
 * block line and names the same source: an operator's --reason, each byte
 * outside '!'..'~' and each '%' written as %XX, so that it is one field
 * (a build that predates it skips the line as corrupt and keeps the
 * block).  ids_state_parse*() are pure (ids_state_parse.c): no I/O, no
 * malloc, entries and reasons go into the caller's arrays.
 * ids_state_load() and ids_state_save() (ids_state.c) do the I/O: save
 * writes a temporary file and renames it over the old one; load never
 * fails the caller: a missing, corrupt or other-boot file is logged and
 * yields no entries.
 */
#ifndef CAMGUARD_IDS_STATE_H
#define CAMGUARD_IDS_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"
#include "core/cg_limits.h"

#define IDS_STATE_VERSION	1
#define IDS_STATE_BOOT_MAX	64	/* = SYS_BOOT_ID_MAX */
/* longer lines are corrupt; a reason of CMD_REASON_MAX - 1 bytes, all
 * escaped, fits */
#define IDS_STATE_LINE_MAX	512
/* "%XX" per byte, at most */
#define IDS_STATE_REASON_ENC_MAX	(3 * (CMD_REASON_MAX - 1) + 1)

struct ids_state_entry {
	struct addr_net	net;
	int64_t		until;	/* epoch s, 0 = until reboot */
	/* an operator's reason or NULL: saved from the caller's string,
	 * loaded into the caller's reasons array */
	const char	*reason;
};

/* Whole-file results of the parser (0 = usable). */
enum ids_state_err {
	IDS_STATE_OK = 0,
	IDS_STATE_E_MAGIC = -1,		/* not a camguard state file */
	IDS_STATE_E_VERSION = -2,	/* a version this build cannot read */
	IDS_STATE_E_NO_BOOT = -3,	/* no (valid) boot line */
};

/* Parser state and results; ent/cap are the caller's. */
struct ids_state {
	struct ids_state_entry *ent;
	size_t		cap;
	size_t		n;		/* entries in ent */
	char		(*reasons)[CMD_REASON_MAX];	/* the caller's */
	size_t		reasons_cap;
	size_t		n_reasons;	/* used in reasons */
	size_t		reasons_dropped;	/* beyond reasons_cap */
	/* the entry the previous line stored (index + 1), so that a reason
	 * line finds its block; 0 after any other line */
	size_t		last;
	bool		last_overflow;	/* the previous block was dropped */
	char		boot_id[IDS_STATE_BOOT_MAX]; /* "": none */
	int64_t		saved;		/* -1 when absent */
	unsigned	lineno;		/* lines seen */
	size_t		bad_lines;	/* corrupt lines, skipped */
	size_t		overflow;	/* blocks beyond cap, dropped */
	int		err;		/* first whole-file error */
};

void	ids_state_parse_init(struct ids_state *,
	    struct ids_state_entry *ent, size_t cap);
/* Room for the reasons (optional: without it they are checked, dropped). */
void	ids_state_parse_reasons(struct ids_state *,
	    char (*reasons)[CMD_REASON_MAX], size_t cap);
/* One line without its newline; a bad line is counted, never fatal. */
void	ids_state_parse_line(struct ids_state *, const char *line,
	    size_t len);
/* After the last line: 0 or an ids_state_err. */
int	ids_state_parse_end(struct ids_state *);
/* A whole buffer, after ids_state_parse_init(): every line, then end. */
int	ids_state_parse(const char *buf, size_t len, struct ids_state *);
const char *ids_state_strerror(int err);
/*
 * A reason as one field of a reason line (out holds
 * IDS_STATE_REASON_ENC_MAX); returns its length, 0 when the reason is
 * empty or not a reason (a control byte, CMD_REASON_MAX bytes or more).
 */
size_t	ids_state_reason_encode(const char *reason, char *out, size_t size);

/* What ids_state_load() found, for its log line and for tests. */
struct ids_state_info {
	bool		found;		/* the file existed */
	int		err;		/* an ids_state_err, or 0 */
	bool		other_boot;	/* another boot's: discarded */
	size_t		loaded, expired, bad_lines, overflow;
};

/*
 * Load the blocks saved in this boot whose end is after now into ent
 * (at most cap), their reasons into reasons (at most reasons_cap; NULL:
 * none kept); returns how many.  Never fails: problems are logged once
 * and leave fewer or no entries.  info may be NULL.
 */
size_t	ids_state_load(const char *path, int64_t now,
	    struct ids_state_entry *ent, size_t cap,
	    char (*reasons)[CMD_REASON_MAX], size_t reasons_cap,
	    struct ids_state_info *info);
/*
 * Save n blocks (those ended by now are left out), each with its reason
 * when it has one, with this boot's id: a temporary file next to path,
 * fsync, rename.  0, or -1 (logged).
 */
int	ids_state_save(const char *path, const struct ids_state_entry *ent,
	    size_t n, int64_t now);

#endif
