/*
 * check_access.c - who may reach the camera: users and passwords (Guide
 * items 3 to 5, VMS §03 password length), public access (item 6), the
 * IP-level access list (item 7) and intrusion detection (item 8).
 *
 * Judges user profiles and password hashes through pwcheck (the hashes
 * themselves never leave this file: evidence names the user, the scheme
 * and at most which list matched, never the password: evidence goes into
 * retained MQTT topics, /status and customer reports).  Does not read
 * the web server's own settings (check_web.c).
 */
#include <string.h>
#include <strings.h>

#include "check/camcfg.h"
#include "check/check.h"
#include "check/check_eval.h"
#include "check/policy.h"
#include "check/pwcheck.h"

static size_t
chk_size(long long n)
{
	return n > 0 ? (size_t)n : 0;
}

/* No user profile at all: the configuration cannot tell. */
static void
chk_no_users(struct chk_verdict *v, const struct policy_check *pc)
{
	chk_set(v, CHK_NOT_CHECKED, CHK_R_KEY_MISSING);
	chk_evidence_role_key(v, pc, "users");
}

/*
 * Which list a cracked hash matched: the factory password or the common
 * list.  The password itself is a secret (SPEC section 12) and never
 * reaches evidence.
 */
static const char *
chk_pw_list_name(const char *matched)
{
	if (matched != NULL && strcmp(matched, CHK_FACTORY_PASSWORD) == 0)
		return CHK_MATCH_DEFAULT;
	return CHK_MATCH_COMMON;
}

static void
chk_evidence_user(struct chk_verdict *v, const struct chk_user *u)
{
	chk_evidence_n(v, "user", u->name.s, u->name.len);
	chk_evidence(v, "hash_scheme", "%s",
	    pw_scheme_name(pw_scheme_of(u->pw.s, u->pw.len)));
}

void
chk_mx03_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	struct chk_list l;
	struct chk_user u;
	size_t n = 0;

	if (!chk_list_start(&l, env, pc, "users", v))
		return;
	while (chk_user_next(&l, &u)) {
		n++;
		if (!pw_matches(u.pw.s, u.pw.len, CHK_FACTORY_PASSWORD))
			continue;
		chk_set(v, CHK_FAIL, CHK_R_NONE);
		chk_evidence_user(v, &u);
		chk_evidence(v, "matches", "%s", CHK_MATCH_DEFAULT);
		return;
	}
	if (n == 0) {
		chk_no_users(v, pc);
		return;
	}
	chk_set(v, CHK_PASS, CHK_R_NONE);
	chk_evidence(v, "users", "%zu", n);
}

void
chk_mx03n_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	struct chk_list l;
	struct chk_user u;
	size_t n = 0;

	if (!chk_list_start(&l, env, pc, "users", v))
		return;
	while (chk_user_next(&l, &u)) {
		n++;
		if (!chk_val_is(u.name, CHK_FACTORY_USER))
			continue;
		chk_set(v, CHK_FAIL, CHK_R_NONE);
		chk_evidence_n(v, "user", u.name.s, u.name.len);
		chk_evidence_n(v, "group", u.group.s, u.group.len);
		return;
	}
	if (n == 0) {
		chk_no_users(v, pc);
		return;
	}
	chk_set(v, CHK_PASS, CHK_R_NONE);
	chk_evidence(v, "users", "%zu", n);
}

/* pw_find_weak() with the policy's list sizes, through the daemon's cache. */
static int
chk_pw_weak(const struct chk_env *env, struct chk_val pw, const char **m)
{
	size_t full = chk_size(env->policy->pw_full);
	size_t slow = chk_size(env->policy->pw_slow);

	*m = NULL;
	if (env->pw_cache != NULL)
		return pw_cache_find_weak(env->pw_cache, pw.s, pw.len, full,
		    slow, m);
	return pw_find_weak(pw.s, pw.len, full, slow, m);
}

/* What MX-03S found about one hash. */
struct chk_pw_finding {
	struct chk_user	 user;
	int		 weak;		/* pw_find_weak(): 1, 0, -1 */
	const char	*matched;
	bool		 des;
	bool		 empty;
};

static bool
chk_pw_bad(const struct chk_pw_finding *f)
{
	return f->weak == 1 || f->des || f->empty;
}

static void
chk_pw_judge(const struct chk_env *env, const struct chk_user *u,
    struct chk_pw_finding *f)
{
	f->user = *u;
	f->empty = u->pw.len == 0;
	f->des = pw_scheme_of(u->pw.s, u->pw.len) == PW_DES;
	f->weak = f->empty ? -1 : chk_pw_weak(env, u->pw, &f->matched);
}

static void
chk_pw_report(struct chk_verdict *v, const struct chk_pw_finding *f,
    size_t n_bad)
{
	chk_set(v, CHK_FAIL, CHK_R_NONE);
	chk_evidence_user(v, &f->user);
	if (f->weak == 1)
		chk_evidence(v, "matches", "%s",
		    chk_pw_list_name(f->matched));
	if (f->des)
		chk_evidence(v, "note", "des_crypt_truncates_8");
	if (f->empty)
		chk_evidence(v, "note", "no_password_hash");
	if (n_bad > 1)
		chk_evidence(v, "weak_users", "%zu", n_bad);
}

void
chk_mx03s_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	struct chk_pw_finding f, bad = { 0 }, unknown = { 0 };
	struct chk_list l;
	struct chk_user u;
	size_t n = 0, n_bad = 0, n_unknown = 0;

	if (!chk_list_start(&l, env, pc, "users", v))
		return;
	while (chk_user_next(&l, &u)) {
		n++;
		chk_pw_judge(env, &u, &f);
		if (chk_pw_bad(&f)) {
			if (n_bad++ == 0)
				bad = f;
		} else if (f.weak < 0 && n_unknown++ == 0) {
			unknown = f;
		}
	}
	if (n == 0) {
		chk_no_users(v, pc);
	} else if (n_bad > 0) {
		chk_pw_report(v, &bad, n_bad);
	} else if (n_unknown > 0) {
		chk_set(v, CHK_ERROR, CHK_R_UNKNOWN_VALUE);
		chk_evidence_user(v, &unknown.user);
	} else {
		chk_set(v, CHK_PASS, CHK_R_NONE);
		chk_evidence(v, "users", "%zu", n);
	}
}

/* Groups other than admins whose ACL grants at least one right. */
static int
chk_groups_with_rights(const struct chk_env *env,
    const struct policy_check *pc, struct chk_verdict *v, size_t *n)
{
	struct chk_list l;
	struct chk_val key, val;

	*n = 0;
	if (!chk_list_start(&l, env, pc, "groups", v))
		return -1;
	while (chk_list_next(&l, &key, &val)) {
		size_t plen = strlen(l.prefix), pos = 0, ilen;
		struct chk_val name = { key.s + plen, key.len - plen };
		const char *item;

		if (chk_val_is(name, CHK_ADMIN_GROUP))
			continue;
		if (camcfg_list_next(val.s, val.len, &pos, &item, &ilen))
			(*n)++;
	}
	return 0;
}

void
chk_mx04_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	struct chk_list l;
	struct chk_user u;
	size_t n = 0, outside = 0, groups;

	if (chk_groups_with_rights(env, pc, v, &groups) < 0 ||
	    !chk_list_start(&l, env, pc, "users", v))
		return;
	while (chk_user_next(&l, &u)) {
		n++;
		if (!chk_user_in_group(&u, CHK_ADMIN_GROUP))
			outside++;
	}
	if (n == 0) {
		chk_no_users(v, pc);
		return;
	}
	chk_set(v, groups > 0 && outside > 0 ? CHK_PASS : CHK_FAIL,
	    CHK_R_NONE);
	chk_evidence(v, "groups_with_rights", "%zu", groups);
	chk_evidence(v, "users_outside_admins", "%zu", outside);
}

void
chk_mx05_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	struct chk_list l;
	struct chk_user u;
	size_t n = 0;

	if (!chk_list_start(&l, env, pc, "users", v))
		return;
	while (chk_user_next(&l, &u))
		n++;
	if (n == 0) {
		chk_no_users(v, pc);
		return;
	}
	chk_set(v, n >= 2 ? CHK_PASS : CHK_FAIL, CHK_R_NONE);
	chk_evidence(v, "users", "%zu", n);
}

void
chk_mx06_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	struct chk_val val;
	const char *item;
	size_t pos = 0, ilen;

	if (!chk_role_get(env, pc, "public", &val, v))
		return;
	if (camcfg_list_next(val.s, val.len, &pos, &item, &ilen)) {
		chk_set(v, CHK_FAIL, CHK_R_NONE);
		chk_evidence_n(v, "public", val.s, val.len);
		return;
	}
	chk_set(v, CHK_PASS, CHK_R_NONE);
	chk_evidence(v, "public", "%s", "");
}

/* Allow rules with a non-empty address. */
static int
chk_allow_rules(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v, size_t *n)
{
	struct chk_list l;
	struct chk_val key, val;

	*n = 0;
	if (!chk_list_start(&l, env, pc, "allow", v))
		return -1;
	while (chk_list_next(&l, &key, &val))
		if (val.len > 0)
			(*n)++;
	return 0;
}

void
chk_mx07_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	int enabled, nomatch;
	size_t allow;

	enabled = chk_role_judge(env, pc, "enabled", CHK_SET_BOOL, v);
	if (enabled < 0)
		return;
	nomatch = chk_role_judge(env, pc, "nomatch", "allow|deny", v);
	if (nomatch < 0 || chk_allow_rules(env, pc, v, &allow) < 0)
		return;
	chk_evidence(v, "allow_rules", "%zu", allow);
	chk_set(v, enabled && nomatch && allow > 0 ? CHK_PASS : CHK_FAIL,
	    CHK_R_NONE);
}

/* 1 when CHK_IDS_THRESHOLD_MIN <= threshold <= policy max, 0, -1. */
static int
chk_ids_threshold(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	long long max = env->policy->ids_threshold_max;
	struct chk_val val;
	long t;

	if (max < CHK_IDS_THRESHOLD_MIN) {
		chk_set(v, CHK_ERROR, CHK_R_NO_POLICY_VALUE);
		chk_evidence(v, "policy", "ids_threshold_max");
		return -1;
	}
	if (!chk_role_get(env, pc, "threshold", &val, v))
		return -1;
	if (val.len == 0) {
		chk_evidence(v, "threshold", "unset");
		return 0;
	}
	if (!chk_val_int(val, 0, 999999999L, &t)) {
		chk_set(v, CHK_ERROR, CHK_R_UNKNOWN_VALUE);
		chk_evidence_n(v, "threshold", val.s, val.len);
		return -1;
	}
	chk_evidence(v, "threshold", "%ld", t);
	return t >= CHK_IDS_THRESHOLD_MIN && t <= max;
}

/* Number of notification channels not "Off", or -1. */
static int
chk_ids_notify(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	static const char *const roles[] = { "email", "ipnotify", "snmp",
	    "mqtt" };
	struct chk_val val;
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (!chk_role_get(env, pc, roles[i], &val, v))
			return -1;
		if (val.len == 0 || (val.len == strlen(CHK_NOTIFY_OFF) &&
		    strncasecmp(val.s, CHK_NOTIFY_OFF, val.len) == 0))
			continue;
		n++;
	}
	chk_evidence(v, "notifications", "%d", n);
	return n;
}

void
chk_mx08_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	int enabled, block, acl, threshold, notify;

	enabled = chk_role_judge(env, pc, "enabled", CHK_SET_BOOL, v);
	if (enabled < 0)
		return;
	threshold = chk_ids_threshold(env, pc, v);
	if (threshold < 0)
		return;
	block = chk_role_judge(env, pc, "block", CHK_SET_BOOL, v);
	if (block < 0)
		return;
	notify = chk_ids_notify(env, pc, v);
	if (notify < 0)
		return;
	/* Blocking works through the IP-level access control only. */
	acl = chk_role_judge(env, pc, "acl_enabled", CHK_SET_BOOL, v);
	if (acl < 0)
		return;
	chk_set(v, enabled && threshold && block && notify > 0 && acl ?
	    CHK_PASS : CHK_FAIL, CHK_R_NONE);
}

void
chk_vg07_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	struct chk_user u, first = { 0 };
	struct chk_list l;
	size_t admins = 0;

	if (!chk_list_start(&l, env, pc, "users", v))
		return;
	while (chk_user_next(&l, &u)) {
		if (!chk_user_in_group(&u, CHK_ADMIN_GROUP))
			continue;
		if (pw_scheme_of(u.pw.s, u.pw.len) == PW_DES) {
			chk_set(v, CHK_FAIL, CHK_R_NONE);
			chk_evidence_user(v, &u);
			chk_evidence(v, "note", "des_crypt_truncates_8");
			return;
		}
		if (admins++ == 0)
			first = u;
	}
	chk_set(v, CHK_MANUAL, CHK_R_NEEDS_HUMAN);
	chk_evidence(v, "admins", "%zu", admins);
	if (admins > 0)
		chk_evidence_user(v, &first);
}
