/*
 * audit.h - `camguard audit`: the cameras of a site and what each scan
 * found, for the site index (app/report/report_index.c) and the runner
 * (app/cli/cli_audit.c).
 *
 * The cameras file is CSV with a header line, one camera a row:
 *
 *   # site: Lyon, building B
 *   id,url,user,password_file,ca_file
 *   cam-lobby-01,https://10.42.0.11:8443,camadmin,pw/lobby,ca.crt
 *   cam-gate-02,http://10.42.0.12,admin,pw/gate,
 *
 * Lines starting with '#' (after blanks) and blank lines are skipped; a
 * field may be quoted ("a,b", "" for a quote); blanks around a field are
 * dropped; user, password_file and ca_file may be empty.  The id names
 * the camera's report files and must be [A-Za-z0-9._-], not starting
 * with '.'; ids are unique; the URL is http:// or https:// without
 * credentials (they come only from the password file).
 */
#ifndef CAMGUARD_AUDIT_H
#define CAMGUARD_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "check/check.h"
#include "core/cg_limits.h"

#define AUDIT_ID_MAX	65	/* a camera id: a file name, 64 bytes */

struct conf_report;
struct policy;

struct audit_camera {
	unsigned	line;		/* in the cameras file */
	char		id[AUDIT_ID_MAX];
	char		url[CONF_PATH_MAX];
	char		user[CONF_STR_MAX];
	char		password_file[CONF_PATH_MAX];
	char		ca_file[CONF_PATH_MAX];
};

struct audit_list {
	size_t			n;
	struct audit_camera	cams[AUDIT_CAMERAS_MAX];
};

enum camlist_err {
	CAMLIST_OK = 0,
	CAMLIST_E_HEADER = -1,	/* first row is not the header */
	CAMLIST_E_FIELDS = -2,	/* a row without exactly 5 fields */
	CAMLIST_E_LONG = -3,	/* a line or a field too long */
	CAMLIST_E_QUOTE = -4,	/* an unterminated or misplaced quote */
	CAMLIST_E_ID = -5,	/* an id that cannot name a file */
	CAMLIST_E_DUPLICATE = -6, /* an id seen before */
	CAMLIST_E_URL = -7,	/* not http(s)://, or with credentials */
	CAMLIST_E_MANY = -8,	/* more than AUDIT_CAMERAS_MAX rows */
	CAMLIST_E_EMPTY = -9,	/* no camera at all */
	CAMLIST_E_NUL = -10,	/* a NUL byte */
};

/*
 * Parse a whole cameras file.  Pure: no I/O, no allocation.  Returns
 * CAMLIST_OK, or an error with *err_line the line it was found on
 * (0 for the file as a whole).
 */
int	camlist_parse(const char *buf, size_t len, struct audit_list *out,
	    unsigned *err_line);
const char *camlist_strerror(int err);

/* What one camera's scan found, as the child sends it to the parent. */
struct audit_result {
	size_t			index;		/* into the audit_list */
	bool			read;		/* false: error says why */
	char			error[AUDIT_ERROR_MAX];
	char			model[CAMCFG_NAME_MAX];
	char			firmware[CAMCFG_NAME_MAX];
	struct chk_counts	counts;
	bool			score_valid;
	double			score;
	char			state_sha256[65];
	size_t			n_failed;	/* critical and high, ids */
	char			failed[CHK_CATALOGUE_MAX][16];
	bool			failed_critical[CHK_CATALOGUE_MAX];
	long			elapsed_ms;
};

/* A site audit, for the index. */
struct audit_site {
	const struct audit_list		*list;
	const struct audit_result	*results;	/* list->n of them */
	const size_t			*order;		/* index order */
	time_t				 time;
	const char			*lang;
	const struct conf_report	*site;
	const struct policy		*policy;
};

/*
 * The order of the index: unreadable cameras first, then by score, the
 * lowest first (no score before any score), then by id.
 */
void	audit_sort(const struct audit_list *, const struct audit_result *,
	    size_t *order);
/* The exit status: 2 a camera unreadable, 1 a check failed, else 0. */
int	audit_exit_code(const struct audit_list *,
	    const struct audit_result *);

#endif
