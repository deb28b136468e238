/*
 * policy.h - the policy file: what each check means on a camera.
 *
 * The policy (packaging/policy/mobotix-v1.json; a copy is built into the
 * binary) holds per check its title, severity, guide reference, rationale,
 * remediation and the camera configuration keys it reads, by role:
 *
 *   {"id": "MX-10", ..., "keys": [
 *       {"role": "auth", "key": "webserver/AUTH", "expect": "digest"}]}
 *
 * so that a real camera dump can correct a key name without a new binary.
 * It also holds firmware floors per model, end-of-life models, defaults
 * for empty keys, password-list sizes and certificate limits.  The SHA-256
 * of the file's bytes goes into every report.
 */
#ifndef CAMGUARD_POLICY_H
#define CAMGUARD_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "check/check.h"
#include "check/policy_lang.h"
#include "core/cg_limits.h"

struct camcfg;

struct policy_key {
	char	role[POLICY_ROLE_MAX];
	char	key[POLICY_KEYNAME_MAX];	/* "section/KEY" */
	char	expect[POLICY_VALUE_MAX];	/* "" = none; "a|b" = either */
};

/*
 * A check's texts point into its policy's texts[] and its keys into the
 * policy's keys[] (never NULL in a parsed policy): a policy costs the
 * bytes its checks use, not POLICY_TEXT_MAX and POLICY_KEYS_MAX each.
 */
struct policy_check {
	char			id[16];
	enum chk_severity	severity;
	const char		*title;		/* at most POLICY_TITLE_MAX */
	const char		*guide;		/* at most POLICY_TITLE_MAX */
	const char		*rationale;	/* at most POLICY_TEXT_MAX */
	const char		*remediation;	/* at most POLICY_TEXT_MAX */
	size_t			n_keys;		/* at most POLICY_KEYS_MAX */
	struct policy_key	*keys;
};

struct policy_floor {
	char	model[POLICY_VALUE_MAX];	/* model prefix, "MX-M16" */
	char	version[POLICY_VALUE_MAX];	/* "MX-V5.2.0" */
};

struct policy_default {
	char	key[POLICY_KEYNAME_MAX];
	char	value[POLICY_VALUE_MAX];
};

struct policy_model {
	char	model[POLICY_VALUE_MAX];
};

struct policy {
	char			id[POLICY_VALUE_MAX];
	char			version[POLICY_VALUE_MAX];
	char			sha256[65];
	char			source[CONF_PATH_MAX];	/* file or "built-in" */
	size_t			n_checks;
	struct policy_check	checks[CHK_CATALOGUE_MAX];
	size_t			n_floors;
	struct policy_floor	firmware_min[POLICY_LIST_MAX];
	size_t			n_eol;
	struct policy_model	eol_models[POLICY_LIST_MAX];
	size_t			n_defaults;
	struct policy_default	defaults[POLICY_LIST_MAX];
	long long		pw_full, pw_slow;	/* password list sizes */
	long long		ids_threshold_max;
	long long		cert_min_days, cert_max_lifetime_days;
	long long		rsa_min_bits, ec_min_bits;
	char			ca_bundle[CONF_PATH_MAX];
	/* VMS guide camera items and report languages (policy_lang.h) */
	size_t			n_items;
	struct policy_vms_item	items[POLICY_VMS_ITEMS_MAX];
	size_t			n_langs;
	struct policy_lang	langs[POLICY_LANGS_MAX];
	/* the checks' texts (each NUL-ended) and keys, packed */
	size_t			texts_len;
	char			texts[POLICY_TEXTS_MAX];
	size_t			n_keys;
	struct policy_key	keys[POLICY_KEYS_ALL_MAX];
	size_t			pool_len;
	char			pool[POLICY_LANG_POOL_MAX];	/* last */
};

/*
 * Parse a policy (named name in messages).  Every check of the catalogue
 * must be present once, and no other.  Returns 0, or -1 after writing
 * "name:line:col: message" lines to errf.
 */
int	policy_parse(struct policy *, const char *name, const char *buf,
	    size_t len, FILE *errf);
/* Read path, or the built-in policy when path is NULL or "". */
int	policy_load(struct policy *, const char *path, FILE *errf);
/*
 * Copy a policy (not by assignment: the copy's checks must point into
 * its own texts and keys).
 */
void	policy_copy(struct policy *dst, const struct policy *src);

const struct policy_check *policy_check_find(const struct policy *,
	    const char *id);
const struct policy_key *policy_key_find(const struct policy_check *,
	    const char *role);

enum policy_lookup {
	POLICY_FOUND,		/* the camera has the key */
	POLICY_DEFAULTED,	/* absent or empty: the policy default applies */
	POLICY_MISSING,		/* absent and no default */
	POLICY_NO_ROLE,		/* the policy names no key for this role */
};

/*
 * The camera's value for a role of a check.  An empty value with a policy
 * default takes the default, as the camera does (empty ids/TIMEOUT = 60).
 */
enum policy_lookup policy_value(const struct policy *,
	    const struct policy_check *, const struct camcfg *,
	    const char *role, const char **val, size_t *len);
/* True when val is one of the role's expect alternatives ("a|b"). */
bool	policy_expect_ok(const struct policy_key *, const char *val,
	    size_t len);

/* The floor for a model (longest matching prefix), or NULL. */
const struct policy_floor *policy_floor_for(const struct policy *,
	    const char *model, size_t len);
bool	policy_model_eol(const struct policy *, const char *model, size_t len);
/* Compare "MX-V5.4.2.29"-style versions numerically: <0, 0, >0. */
int	policy_version_cmp(const char *a, size_t alen, const char *b,
	    size_t blen);

/* The built-in policy (generated from packaging/policy/): the shipped
 * file as one gzip member (`gzip -9 -n`), and the file's length. */
extern const unsigned char policy_builtin_gz[];
extern const size_t policy_builtin_gz_len;
extern const size_t policy_builtin_len;

#endif
