/*
 * check_eval.c - what every evaluator needs: reading a role of the policy
 * from the camera's configuration, value sets, integers, and walking a
 * list role ("users/user_": every user_N key of section users) and the
 * user profiles in it.
 *
 * Owns the conventions of check_eval.h (which verdict a missing key or a
 * missing role gives); does not judge any check.
 */
#include <string.h>

#include "check/camcfg.h"
#include "check/check.h"
#include "check/check_eval.h"
#include "check/policy.h"

void
chk_evidence_role_key(struct chk_verdict *v, const struct policy_check *pc,
    const char *role)
{
	const struct policy_key *pk = policy_key_find(pc, role);

	chk_evidence(v, "key", "%s", pk != NULL ? pk->key : role);
}

static void
chk_no_policy_value(struct chk_verdict *v, const char *role)
{
	chk_set(v, CHK_ERROR, CHK_R_NO_POLICY_VALUE);
	chk_evidence(v, "role", "%s", role);
}

bool
chk_role_get(const struct chk_env *env, const struct policy_check *pc,
    const char *role, struct chk_val *out, struct chk_verdict *v)
{
	enum policy_lookup r;

	out->s = NULL;
	out->len = 0;
	r = policy_value(env->policy, pc, env->cfg, role, &out->s, &out->len);
	if (r == POLICY_FOUND || r == POLICY_DEFAULTED) {
		if (out->s == NULL)
			out->len = 0;
		return true;
	}
	if (r == POLICY_MISSING) {
		chk_set(v, CHK_NOT_CHECKED, CHK_R_KEY_MISSING);
		chk_evidence_role_key(v, pc, role);
		return false;
	}
	chk_no_policy_value(v, role);
	return false;
}

bool
chk_role_in(const struct chk_env *env, const struct policy_check *pc,
    const char *role, const char *set, struct chk_val *out,
    struct chk_verdict *v)
{
	if (!chk_role_get(env, pc, role, out, v))
		return false;
	if (chk_in_set(set, *out))
		return true;
	chk_set(v, CHK_ERROR, CHK_R_UNKNOWN_VALUE);
	chk_evidence_n(v, role, out->s, out->len);
	return false;
}

int
chk_role_expect(const struct policy_check *pc, const char *role,
    struct chk_val val, struct chk_verdict *v)
{
	const struct policy_key *pk = policy_key_find(pc, role);

	if (pk == NULL || pk->expect[0] == '\0') {
		chk_no_policy_value(v, role);
		return -1;
	}
	return policy_expect_ok(pk, val.s != NULL ? val.s : "", val.len);
}

int
chk_role_judge(const struct chk_env *env, const struct policy_check *pc,
    const char *role, const char *set, struct chk_verdict *v)
{
	struct chk_val val;

	if (!chk_role_in(env, pc, role, set, &val, v))
		return -1;
	chk_evidence_n(v, role, val.s, val.len);
	return chk_role_expect(pc, role, val, v);
}

void
chk_judge_single(const struct chk_env *env, const struct policy_check *pc,
    const char *role, const char *set, struct chk_verdict *v)
{
	int r = chk_role_judge(env, pc, role, set, v);

	if (r >= 0)
		chk_set(v, r ? CHK_PASS : CHK_FAIL, CHK_R_NONE);
}

bool
chk_val_is(struct chk_val val, const char *s)
{
	size_t n = strlen(s);

	return val.len == n && (n == 0 || memcmp(val.s, s, n) == 0);
}

bool
chk_in_set(const char *set, struct chk_val val)
{
	const char *p = set;

	for (;;) {
		const char *bar = strchr(p, '|');
		size_t n = bar != NULL ? (size_t)(bar - p) : strlen(p);

		if (val.len == n && (n == 0 || memcmp(val.s, p, n) == 0))
			return true;
		if (bar == NULL)
			return false;
		p = bar + 1;
	}
}

bool
chk_val_int(struct chk_val val, long min, long max, long *out)
{
	long n = 0;
	size_t i;

	if (val.len == 0 || val.len > 9)
		return false;
	for (i = 0; i < val.len; i++) {
		if (val.s[i] < '0' || val.s[i] > '9')
			return false;
		n = n * 10 + (val.s[i] - '0');
	}
	if (n < min || n > max)
		return false;
	*out = n;
	return true;
}

bool
chk_list_start(struct chk_list *l, const struct chk_env *env,
    const struct policy_check *pc, const char *role, struct chk_verdict *v)
{
	const struct policy_key *pk = policy_key_find(pc, role);
	const char *slash = pk != NULL ? strchr(pk->key, '/') : NULL;
	size_t slen, plen;

	memset(l, 0, sizeof(*l));
	l->cfg = env->cfg;
	if (slash == NULL || slash == pk->key) {
		chk_no_policy_value(v, role);
		return false;
	}
	slen = (size_t)(slash - pk->key);
	plen = strlen(slash + 1);
	if (slen >= sizeof(l->section) || plen >= sizeof(l->prefix)) {
		chk_no_policy_value(v, role);
		return false;
	}
	memcpy(l->section, pk->key, slen);
	l->section[slen] = '\0';
	memcpy(l->prefix, slash + 1, plen + 1);
	return true;
}

static bool
chk_span_is(const struct camcfg *cfg, struct camcfg_span sp, const char *s,
    size_t n)
{
	return sp.len == n && memcmp(cfg->buf + sp.off, s, n) == 0;
}

/* Whether a later line gives the same section/KEY (which then wins). */
static bool
chk_entry_overridden(const struct camcfg *cfg, size_t i)
{
	const struct camcfg_entry *e = &cfg->entries[i];
	size_t j;

	for (j = i + 1; j < cfg->n_entries; j++) {
		const struct camcfg_entry *f = &cfg->entries[j];

		if (chk_span_is(cfg, f->key, cfg->buf + e->key.off,
		    e->key.len) && chk_span_is(cfg, f->section,
		    cfg->buf + e->section.off, e->section.len))
			return true;
	}
	return false;
}

static bool
chk_list_match(const struct chk_list *l, const struct camcfg_entry *e)
{
	const struct camcfg *cfg = l->cfg;
	size_t plen = strlen(l->prefix);

	return chk_span_is(cfg, e->section, l->section, strlen(l->section)) &&
	    e->key.len >= plen &&
	    memcmp(cfg->buf + e->key.off, l->prefix, plen) == 0;
}

bool
chk_list_next(struct chk_list *l, struct chk_val *key, struct chk_val *val)
{
	const struct camcfg *cfg = l->cfg;

	if (cfg == NULL || cfg->buf == NULL)
		return false;
	while (l->next < cfg->n_entries) {
		size_t i = l->next++;
		const struct camcfg_entry *e = &cfg->entries[i];

		if (!chk_list_match(l, e) || chk_entry_overridden(cfg, i))
			continue;
		key->s = cfg->buf + e->key.off;
		key->len = e->key.len;
		val->s = cfg->buf + e->value.off;
		val->len = e->value.len;
		return true;
	}
	return false;
}

static void
chk_profile(struct chk_val val, const char *field, struct chk_val *out)
{
	out->s = "";
	out->len = 0;
	if (!camcfg_profile_field(val.s, val.len, field, &out->s, &out->len)) {
		out->s = "";
		out->len = 0;
	}
}

bool
chk_user_next(struct chk_list *l, struct chk_user *u)
{
	struct chk_val val;

	while (chk_list_next(l, &u->key, &val)) {
		chk_profile(val, "name", &u->name);
		if (u->name.len == 0)
			continue;
		chk_profile(val, "group", &u->group);
		chk_profile(val, "pw", &u->pw);
		return true;
	}
	return false;
}

bool
chk_user_in_group(const struct chk_user *u, const char *group)
{
	size_t pos = 0;
	const char *item;
	size_t n;

	while (camcfg_list_next(u->group.s, u->group.len, &pos, &item, &n)) {
		struct chk_val it = { item, n };

		if (chk_val_is(it, group))
			return true;
	}
	return false;
}
