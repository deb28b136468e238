/*
 * check_eval.h - the evaluators of the check catalogue and their helpers.
 *
 * One evaluator per check and evidence source, grouped by guide area in
 * check_access.c, check_web.c, check_services.c, check_storage.c and
 * check_fw.c; the helpers they share live in check_eval.c.  Evaluators
 * know the meaning of a check (which values pass, which are unknown), the
 * policy knows where the camera keeps them: no configuration key name
 * appears in C.
 *
 * Roles.  A check's policy entry names the keys it reads by role:
 *
 *   {"role": "auth", "key": "webserver/AUTH", "expect": "digest"}
 *
 * A plain role is read with policy_value().  Its "expect" gives the
 * passing values ("a|b" = either); the evaluator holds the set of known
 * values and reports a value outside it as error/unknown_value.
 *
 * A list role names a prefix instead of a key: "users/user_" stands for
 * every key of section "users" that starts with "user_" (user_1, user_2,
 * ...), "accesscontrol/allow_" for every allow rule, "acl/group_" for
 * every group ACL.  chk_list_start()/chk_list_next() walk them; an absent
 * list is an empty list.  User profile values are "name=..:group=..:pw=.."
 * (chk_user_next()).
 *
 * Conventions for every evaluator: a role the policy does not name, or a
 * role without the "expect" the evaluator needs, is error/no_policy_value;
 * a key absent with no policy default is not_checked/key_missing with
 * evidence {"key": "section/KEY"}; evidence is small and never holds a
 * secret (no hash, no clear-text password; lengths instead).
 */
#ifndef CAMGUARD_CHECK_EVAL_H
#define CAMGUARD_CHECK_EVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "check/check.h"
#include "core/cg_limits.h"

/* Facts of the camera, not of the mapping. */
#define CHK_FACTORY_PASSWORD	"meinsm"	/* Guide item 3 */
#define CHK_FACTORY_USER	"admin"
/* Evidence "matches=": the list a cracked hash is on, never the password. */
#define CHK_MATCH_DEFAULT	"default_password"
#define CHK_MATCH_COMMON	"common_list"
#define CHK_ADMIN_GROUP		"admins"
#define CHK_SECRET_MARKER	"*set*"		/* an exported secret */
#define CHK_NOTIFY_OFF		"Off"		/* a notification profile */
#define CHK_SET_BOOL		"0|1"
#define CHK_MSYS_PW_MIN		6		/* Guide item 13 */
#define CHK_IDS_THRESHOLD_MIN	5		/* the camera's minimum */
#define CHK_HTTP_STD_PORT	80		/* Guide item 11 */
#define CHK_HTTPS_STD_PORT	443

/* A configuration value: bytes in the camera's buffer, not terminated. */
struct chk_val {
	const char	*s;
	size_t		 len;
};

/* A walk over the keys of one section that start with a prefix. */
struct chk_list {
	const struct camcfg	*cfg;
	char			 section[CAMCFG_NAME_MAX + 1];
	char			 prefix[CAMCFG_NAME_MAX + 1];
	size_t			 next;		/* index into cfg->entries */
};

/* One user profile of a "users/user_" list. */
struct chk_user {
	struct chk_val	key;		/* "user_1" */
	struct chk_val	name;
	struct chk_val	group;		/* may be a comma list */
	struct chk_val	pw;		/* crypt hash; len 0 when absent */
};

/*
 * Read a plain role.  Returns true with the value; false after setting
 * the verdict: error/no_policy_value (no such role) or
 * not_checked/key_missing (absent, no default).
 */
bool	chk_role_get(const struct chk_env *, const struct policy_check *,
	    const char *role, struct chk_val *, struct chk_verdict *);
/* chk_role_get, then the value must be one of set ("a|b"). */
bool	chk_role_in(const struct chk_env *, const struct policy_check *,
	    const char *role, const char *set, struct chk_val *,
	    struct chk_verdict *);
/*
 * Whether a value passes the role's "expect": 1 yes, 0 no, -1 after
 * setting error/no_policy_value (role absent or without "expect").
 */
int	chk_role_expect(const struct policy_check *, const char *role,
	    struct chk_val, struct chk_verdict *);
/*
 * chk_role_in + chk_role_expect: 1 pass, 0 fail, -1 verdict set.  The
 * value is added as evidence under the role's name.
 */
int	chk_role_judge(const struct chk_env *, const struct policy_check *,
	    const char *role, const char *set, struct chk_verdict *);
/* A check that is one role: pass when chk_role_judge() says so. */
void	chk_judge_single(const struct chk_env *, const struct policy_check *,
	    const char *role, const char *set, struct chk_verdict *);

/* Whether val is one of the '|'-separated alternatives of set. */
bool	chk_in_set(const char *set, struct chk_val val);
bool	chk_val_is(struct chk_val, const char *s);
/* A decimal integer in [min, max]; false for anything else. */
bool	chk_val_int(struct chk_val, long min, long max, long *out);

/* Start a list role; false after setting error/no_policy_value. */
bool	chk_list_start(struct chk_list *, const struct chk_env *,
	    const struct policy_check *, const char *role,
	    struct chk_verdict *);
/* The next entry (a key given twice counts once, with its last value). */
bool	chk_list_next(struct chk_list *, struct chk_val *key,
	    struct chk_val *val);
/* The next user profile with a name field. */
bool	chk_user_next(struct chk_list *, struct chk_user *);
bool	chk_user_in_group(const struct chk_user *, const char *group);

/* Evidence "key": "section/KEY" of a role (for key_missing and the like). */
void	chk_evidence_role_key(struct chk_verdict *,
	    const struct policy_check *, const char *role);

/* check_fw.c */
void	chk_mx01_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_manual_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_vg05_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_vg06_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);

/* check_access.c */
void	chk_mx03_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_mx03n_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_mx03s_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_mx04_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_mx05_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_mx06_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_mx07_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_mx08_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_vg07_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);

/* check_web.c */
void	chk_mx09_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_mx10_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_mx11_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_mx16_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_vg02_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);

/* check_storage.c */
void	chk_mx12_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_mx14_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_mx15_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);

/* check_services.c */
void	chk_mx13_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_mx17_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_mx18_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_mx19_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_mx20_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_vg01_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_vg03_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);
void	chk_vg04_cfg(const struct chk_env *, const struct policy_check *,
	    struct chk_verdict *);

#endif
