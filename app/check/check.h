/*
 * check.h - the check engine: results, reasons, evidence, and one scan.
 *
 * A check has up to two evaluators: one that reads the camera's
 * configuration, one that reads live evidence (probes of the running
 * camera).  Each gives a verdict; chk_run() combines them by the rules of
 * spec section 4, applies waivers, and computes score, counts and the
 * state hash.  Evaluators live in check_<area>.c and know nothing of
 * output formats; reports live in report_*.c and know nothing of how a
 * verdict was reached.
 */
#ifndef CAMGUARD_CHECK_H
#define CAMGUARD_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/cg_limits.h"

struct camcfg;
struct conf;
struct policy;
struct policy_check;
struct probe;

enum chk_result {
	CHK_PASS,
	CHK_FAIL,
	CHK_NOT_APPLICABLE,
	CHK_MANUAL,
	CHK_ERROR,
	CHK_NOT_CHECKED,
	CHK_WAIVED,
	CHK_RESULT_COUNT
};

enum chk_reason {
	CHK_R_NONE,
	CHK_R_FEATURE_DISABLED,
	CHK_R_SOURCE_UNAVAILABLE,
	CHK_R_KEY_MISSING,
	CHK_R_TIMEOUT,
	CHK_R_PARSE_ERROR,
	CHK_R_PERMISSION,
	CHK_R_NO_POLICY_VALUE,
	CHK_R_NOT_IN_USE,	/* n/a: the feature the item protects is unused */
	CHK_R_NEEDS_HUMAN,	/* manual: only a person can tell */
	CHK_R_UNKNOWN_VALUE,	/* error: a value outside the known set */
	CHK_R_ONE_SHOT,		/* not_checked: only the daemon can tell */
	CHK_R_NO_CA_FILE,	/* not_checked: no CA to verify a chain with */
	CHK_R_REMOTE_AUDIT,	/* n/a: it judges the agent, which is not
				   on the camera */
	CHK_R_COUNT
};

enum chk_severity { CHK_SEV_CRITICAL, CHK_SEV_HIGH, CHK_SEV_MEDIUM,
	CHK_SEV_LOW, CHK_SEV_INFO, CHK_SEV_COUNT };

struct chk_kv {
	char	key[CHK_EVKEY_MAX];
	char	val[CHK_EVVAL_MAX];
};

/* One evaluator's verdict. */
struct chk_verdict {
	enum chk_result	result;
	enum chk_reason	reason;
	size_t		n_evidence;
	struct chk_kv	evidence[CHK_EVIDENCE_MAX];
};

/* What an evaluator may look at. */
struct chk_env {
	const struct camcfg	*cfg;
	const struct policy	*policy;
	const struct probe	*live;		/* NULL: no live evidence */
	bool			 daemon;	/* inside `camguard run` */
	bool			 remote;	/* not on the camera: checks
						   about the agent are n/a */
	bool			 mqtt_connected;
	bool			 siem_enabled;		/* a collector is set */
	bool			 siem_connected;	/* and reachable */
	int			 ids_sources_readable;	/* -1 unknown */
	int			 ids_sources_configured; /* ids.sources */
	void			*pw_cache;	/* struct pw_cache *, daemon */
};

typedef void (*chk_eval_fn)(const struct chk_env *,
    const struct policy_check *, struct chk_verdict *);

/* The C side of a catalogue entry; the text lives in the policy. */
struct chk_def {
	const char	*id;
	chk_eval_fn	 cfg;	/* NULL: no configuration evidence */
	chk_eval_fn	 live;	/* NULL: no live evidence */
};

/* The catalogue in spec order, terminated by an entry with id NULL. */
extern const struct chk_def chk_catalogue[];
size_t	chk_catalogue_len(void);
const struct chk_def *chk_def_find(const char *id);
/* A check that judges camguard itself (not applicable when remote). */
bool	chk_about_agent(const struct chk_def *);

/* One check's record after a scan. */
struct chk_record {
	const struct chk_def		*def;
	const struct policy_check	*pc;
	struct chk_verdict		 v;	/* final, before waivers */
	enum chk_result			 result;	/* after waivers */
	bool				 waived;
	bool				 waiver_expired;
	char				 waiver_reason[WAIVER_REASON_MAX];
	char				 waiver_expires[16];
};

struct chk_counts {
	unsigned	n[CHK_RESULT_COUNT];
	unsigned	fail_critical, fail_high;
};

struct chk_scan {
	time_t			 time;
	char			 camera_id[CONF_STR_MAX];
	char			 model[CAMCFG_NAME_MAX];
	char			 firmware[CAMCFG_NAME_MAX];
	size_t			 n_records;
	struct chk_record	 records[CHK_CATALOGUE_MAX];
	struct chk_counts	 counts;
	bool			 score_valid;
	double			 score;		/* pass / (pass + fail) */
	char			 state_sha256[65];
};

/*
 * Run every check of the catalogue.  conf supplies waivers and camera.id
 * (either may be NULL in tests); now is the time waivers are judged at.
 */
void	chk_run(const struct chk_env *, const struct conf *, time_t now,
	    struct chk_scan *out);

/*
 * Point a scan's records at another policy's texts (after a reload; the
 * old policy is about to be freed).  Every policy covers the catalogue.
 */
void	chk_scan_rebind(struct chk_scan *, const struct policy *);

/* Exit status of `check` for a scan (spec section 2). */
int	chk_exit_code(const struct chk_scan *, bool strict);

const char *chk_result_name(enum chk_result);
const char *chk_reason_name(enum chk_reason);
const char *chk_severity_name(enum chk_severity);

/* Helpers for evaluators: set the verdict, add evidence (capped, safe). */
void	chk_set(struct chk_verdict *, enum chk_result, enum chk_reason);
void	chk_evidence(struct chk_verdict *, const char *key, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));
void	chk_evidence_n(struct chk_verdict *, const char *key, const char *val,
	    size_t len);

#endif
