/*
 * policy.c - load the policy file, hash it, answer the checks' lookups.
 *
 * Owns the policy's shape (the walker in json_parse.c enforces it), the
 * rule that the policy covers the catalogue exactly, and value lookups
 * with defaults.  Does not judge values: the evaluators do.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/camcfg.h"
#include "check/check_ids.h"
#include "check/policy.h"
#include "check/policy_doc.h"
#include "core/digest.h"
#include "core/inflate.h"
#include "core/json_parse.h"
#include "core/readfile.h"
#include "core/sparse.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define P		struct policy
#define FIELD_STR(k, m, t) { .key = (k), .kind = JSON_K_STRING, \
	.off = offsetof(t, m), .size = sizeof(((t *)0)->m) }
#define FIELD_INT(k, m, t, lo, hi) { .key = (k), .kind = JSON_K_INT, \
	.off = offsetof(t, m), .min = (lo), .max = (hi) }
#define FIELD_ARR(k, m, n, t, et, sh) { .key = (k), \
	.kind = JSON_K_OBJECT_ARRAY, .off = offsetof(t, m), \
	.size = sizeof(et), .count_off = offsetof(t, n), \
	.max_elems = NELEM(((t *)0)->m), .shape = (sh) }

static int
check_severity(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	int i;

	(void)size;
	(void)len;
	for (i = 0; i < CHK_SEV_COUNT; i++) {
		if (!strcmp(s, chk_severity_name((enum chk_severity)i))) {
			*(enum chk_severity *)dst = (enum chk_severity)i;
			return 0;
		}
	}
	snprintf(msg, msgsz, "must be one of critical, high, medium, low, "
	    "info");
	return -1;
}

static int
check_keyname(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	const char *slash = memchr(s, '/', len);

	if (!slash || slash == s || len >= size) {
		snprintf(msg, msgsz, "must be section/KEY (or section/prefix_)");
		return -1;
	}
	memcpy(dst, s, len + 1);
	return 0;
}

static int
check_catalogue_id(void *dst, size_t size, const char *s, size_t len,
    char *msg, size_t msgsz)
{
	if (!chk_id_known(s) || len >= size) {
		snprintf(msg, msgsz, "\"%.20s\" is not a check of this "
		    "camguard version", s);
		return -1;
	}
	memcpy(dst, s, len + 1);
	return 0;
}

static void
post_key(struct json_ctx *ctx, int tok, void *obj)
{
	struct policy_key *k = obj;

	if (!k->role[0] || !k->key[0])
		json_error(ctx, tok, "%s: a key needs role and key", ctx->path);
}

static const struct json_field key_fields[] = {
	FIELD_STR("role", role, struct policy_key),
	{ .key = "key", .kind = JSON_K_STRING,
	  .off = offsetof(struct policy_key, key),
	  .size = sizeof(((struct policy_key *)0)->key),
	  .check = check_keyname },
	FIELD_STR("expect", expect, struct policy_key),
};
static const struct json_shape key_shape = { key_fields, NELEM(key_fields),
	post_key, NULL };

static void
post_check(struct json_ctx *ctx, int tok, void *obj)
{
	struct policy_raw_pc *c = obj;

	if (!c->id[0] || !c->title[0] || !c->guide[0] || !c->remediation[0])
		json_error(ctx, tok, "checks: a check needs id, title, "
		    "severity, guide, rationale and remediation");
}

#define PC struct policy_raw_pc
static const struct json_field check_fields[] = {
	{ .key = "id", .kind = JSON_K_STRING, .off = offsetof(PC, id),
	  .size = sizeof(((PC *)0)->id), .check = check_catalogue_id },
	FIELD_STR("title", title, PC),
	{ .key = "severity", .kind = JSON_K_STRING,
	  .off = offsetof(PC, severity), .check = check_severity },
	FIELD_STR("guide", guide, PC),
	FIELD_STR("rationale", rationale, PC),
	FIELD_STR("remediation", remediation, PC),
	FIELD_ARR("keys", keys, n_keys, PC, struct policy_key, &key_shape),
};
static const struct json_shape check_shape = { check_fields,
	NELEM(check_fields), post_check, NULL };

static const struct json_field floor_fields[] = {
	FIELD_STR("model", model, struct policy_floor),
	FIELD_STR("version", version, struct policy_floor),
};
static const struct json_shape floor_shape = { floor_fields,
	NELEM(floor_fields), NULL, NULL };

static const struct json_field default_fields[] = {
	{ .key = "key", .kind = JSON_K_STRING,
	  .off = offsetof(struct policy_default, key),
	  .size = sizeof(((struct policy_default *)0)->key),
	  .check = check_keyname },
	FIELD_STR("value", value, struct policy_default),
};
static const struct json_shape default_shape = { default_fields,
	NELEM(default_fields), NULL, NULL };

static const struct json_field pwlist_fields[] = {
	FIELD_INT("full", pw_full, P, 1, 100000),
	FIELD_INT("slow", pw_slow, P, 0, 1000),
};
static const struct json_shape pwlist_shape = { pwlist_fields,
	NELEM(pwlist_fields), NULL, NULL };

static const struct json_field cert_fields[] = {
	FIELD_INT("min_days", cert_min_days, P, 0, 3650),
	FIELD_INT("max_lifetime_days", cert_max_lifetime_days, P, 1, 36500),
	FIELD_INT("rsa_min_bits", rsa_min_bits, P, 512, 16384),
	FIELD_INT("ec_min_bits", ec_min_bits, P, 128, 1024),
	FIELD_STR("ca_bundle", ca_bundle, P),
};
static const struct json_shape cert_shape = { cert_fields,
	NELEM(cert_fields), NULL, NULL };

static void post_root(struct json_ctx *, int, void *);

static const struct json_field root_fields[] = {
	FIELD_STR("id", id, P),
	FIELD_STR("version", version, P),
	{ .key = "password_list", .kind = JSON_K_OBJECT,
	  .shape = &pwlist_shape },
	FIELD_INT("ids_threshold_max", ids_threshold_max, P, 5, 1000),
	{ .key = "certificate", .kind = JSON_K_OBJECT, .shape = &cert_shape },
	FIELD_ARR("firmware_min", firmware_min, n_floors, P,
	    struct policy_floor, &floor_shape),
	{ .key = "eol_models", .kind = JSON_K_STRING_ARRAY,
	  .off = offsetof(P, eol_models), .size = sizeof(struct policy_model),
	  .count_off = offsetof(P, n_eol), .max_elems = POLICY_LIST_MAX },
	FIELD_ARR("defaults", defaults, n_defaults, P, struct policy_default,
	    &default_shape),
	FIELD_ARR("checks", checks, n_checks, struct policy_doc,
	    struct policy_raw_pc, &check_shape),
	FIELD_ARR("vms_items", items, n_items, P, struct policy_vms_item,
	    &policy_vms_item_shape),
	FIELD_ARR("languages", langs, n_langs, struct policy_doc,
	    struct policy_raw_lang, &policy_lang_shape),
};
static const struct json_shape root_shape = { root_fields,
	NELEM(root_fields), post_root, NULL };

/* The policy covers the catalogue: each check exactly once. */
static void
post_root(struct json_ctx *ctx, int tok, void *obj)
{
	const struct policy_doc *d = obj;
	const struct policy *p = &d->pol;
	const char *const *id;
	size_t i, j, seen;

	if (!p->id[0] || !p->version[0])
		json_error(ctx, tok, "the policy needs id and version");
	for (id = chk_ids; *id; id++) {
		for (i = 0, seen = 0; i < d->n_checks; i++)
			seen += !strcmp(d->checks[i].id, *id);
		if (seen != 1)
			json_error(ctx, tok, "checks: %s appears %zu times "
			    "(must be once)", *id, seen);
	}
	for (i = 0; i < p->n_floors; i++)
		for (j = 0; j < 2; j++)
			if (!(j ? p->firmware_min[i].version :
			    p->firmware_min[i].model)[0])
				json_error(ctx, tok, "firmware_min: entry %zu "
				    "needs model and version", i + 1);
}

/*
 * The pool is left alone: only the bytes a policy's texts use are touched;
 * the rest is cleared sparsely, so that its empty entries stay out of
 * memory.
 */
static void
policy_defaults(struct policy *p)
{
	sparse_zero(p, offsetof(struct policy, pool));
	p->pool[0] = '\0';
	p->pool_len = 1;	/* offset 0 means "not translated" */
	p->pw_full = 200;
	p->pw_slow = 20;
	p->ids_threshold_max = 20;
	p->cert_min_days = 30;
	p->cert_max_lifetime_days = 730;
	p->rsa_min_bits = 2048;
	p->ec_min_bits = 256;
}

/* s into p->texts, which holds every check at its longest. */
static const char *
texts_add(struct policy *p, const char *s)
{
	size_t n = strlen(s) + 1;
	char *t = p->texts + p->texts_len;

	memcpy(t, s, n);
	p->texts_len += n;
	return t;
}

/* The checks as read, packed into d->pol: its texts and keys arrays. */
static void
checks_pack(struct policy_doc *d)
{
	struct policy *p = &d->pol;
	const struct policy_raw_pc *r;
	struct policy_check *c;
	size_t i;

	p->texts_len = 0;
	p->n_keys = 0;
	for (i = 0; i < d->n_checks; i++) {
		r = &d->checks[i];
		c = &p->checks[i];
		memcpy(c->id, r->id, sizeof(c->id));
		c->severity = r->severity;
		c->title = texts_add(p, r->title);
		c->guide = texts_add(p, r->guide);
		c->rationale = texts_add(p, r->rationale);
		c->remediation = texts_add(p, r->remediation);
		c->n_keys = r->n_keys;
		c->keys = p->keys + p->n_keys;
		memcpy(c->keys, r->keys, r->n_keys * sizeof(r->keys[0]));
		p->n_keys += r->n_keys;
	}
	p->n_checks = d->n_checks;
}

/*
 * A whole policy is copied without the pool's unused tail, sparsely; the
 * checks' pointers then point into dst's own texts and keys.
 */
void
policy_copy(struct policy *dst, const struct policy *src)
{
	const struct policy_check *s;
	struct policy_check *c;
	size_t i;

	sparse_copy(dst, src, offsetof(struct policy, pool));
	memcpy(dst->pool, src->pool, src->pool_len);
	for (i = 0; i < src->n_checks; i++) {
		s = &src->checks[i];
		c = &dst->checks[i];
		c->title = dst->texts + (s->title - src->texts);
		c->guide = dst->texts + (s->guide - src->texts);
		c->rationale = dst->texts + (s->rationale - src->texts);
		c->remediation = dst->texts + (s->remediation - src->texts);
		c->keys = dst->keys + (s->keys - src->keys);
	}
}

int
policy_parse(struct policy *p, const char *name, const char *buf,
    size_t len, FILE *errf)
{
	struct json_ctx *ctx = malloc(sizeof(*ctx));
	struct policy_doc *d = calloc(1, sizeof(*d));
	int rc = -1;

	if (!ctx || !d) {
		fprintf(errf, "%s: out of memory\n", name);
		goto out;
	}
	policy_defaults(&d->pol);
	rc = json_parse(ctx, buf, len, &root_shape, d);
	if (rc < 0) {
		json_print_errors(ctx, name, errf);
	} else {
		checks_pack(d);
		rc = policy_lang_finish(d, name, errf);
	}
	if (rc == 0) {
		digest_sha256_hex(buf, len, d->pol.sha256);
		snprintf(d->pol.source, sizeof(d->pol.source), "%s", name);
		policy_copy(p, &d->pol);
	}
out:
	free(ctx);
	free(d);
	return rc;
}

/* The text is decoded into a buffer held only while it is parsed; the
 * digest is the decoded text's, so it is the shipped file's. */
static int
policy_load_builtin(struct policy *p, FILE *errf)
{
	unsigned char *buf = malloc(policy_builtin_len + 1);
	size_t len;
	int rc = -1;

	if (!buf) {
		fprintf(errf, "built-in policy: out of memory\n");
		return -1;
	}
	if (inflate_gzip(buf, policy_builtin_len, &len, policy_builtin_gz,
	    policy_builtin_gz_len) != INFLATE_OK || len != policy_builtin_len)
		fprintf(errf, "built-in policy: corrupt in this binary\n");
	else
		rc = policy_parse(p, "built-in", (const char *)buf, len, errf);
	free(buf);
	return rc;
}

int
policy_load(struct policy *p, const char *path, FILE *errf)
{
	char *buf;
	size_t len;
	int rc;

	if (!path || !path[0])
		return policy_load_builtin(p, errf);
	if (!(buf = malloc(POLICY_FILE_MAX + 1))) {
		fprintf(errf, "%s: out of memory\n", path);
		return -1;
	}
	if (readfile(path, buf, POLICY_FILE_MAX, &len, errf) < 0)
		rc = -1;
	else
		rc = policy_parse(p, path, buf, len, errf);
	free(buf);
	return rc;
}

const struct policy_check *
policy_check_find(const struct policy *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->n_checks; i++)
		if (!strcmp(p->checks[i].id, id))
			return &p->checks[i];
	return NULL;
}

const struct policy_key *
policy_key_find(const struct policy_check *pc, const char *role)
{
	size_t i;

	for (i = 0; i < pc->n_keys; i++)
		if (!strcmp(pc->keys[i].role, role))
			return &pc->keys[i];
	return NULL;
}

static const char *
policy_default_for(const struct policy *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->n_defaults; i++)
		if (!strcmp(p->defaults[i].key, key))
			return p->defaults[i].value;
	return NULL;
}

enum policy_lookup
policy_value(const struct policy *p, const struct policy_check *pc,
    const struct camcfg *cfg, const char *role, const char **val,
    size_t *len)
{
	const struct policy_key *k = policy_key_find(pc, role);
	char section[POLICY_KEYNAME_MAX];
	const char *slash, *def;
	bool found;

	*val = "";
	*len = 0;
	if (!k)
		return POLICY_NO_ROLE;
	slash = strchr(k->key, '/');
	snprintf(section, sizeof(section), "%.*s", (int)(slash - k->key),
	    k->key);
	found = camcfg_get(cfg, section, slash + 1, val, len);
	if (found && *len > 0)
		return POLICY_FOUND;
	if ((def = policy_default_for(p, k->key))) {
		*val = def;
		*len = strlen(def);
		return POLICY_DEFAULTED;
	}
	return found ? POLICY_FOUND : POLICY_MISSING;
}

bool
policy_expect_ok(const struct policy_key *k, const char *val, size_t len)
{
	const char *alt = k->expect, *bar;
	size_t al;

	for (;;) {
		bar = strchr(alt, '|');
		al = bar ? (size_t)(bar - alt) : strlen(alt);
		if (al == len && !memcmp(alt, val, len))
			return true;
		if (!bar)
			return false;
		alt = bar + 1;
	}
}

static bool
has_prefix(const char *model, size_t len, const char *prefix)
{
	size_t pl = strlen(prefix);

	return pl > 0 && pl <= len && !memcmp(model, prefix, pl);
}

const struct policy_floor *
policy_floor_for(const struct policy *p, const char *model, size_t len)
{
	const struct policy_floor *best = NULL;
	size_t i;

	for (i = 0; i < p->n_floors; i++) {
		if (has_prefix(model, len, p->firmware_min[i].model) &&
		    (!best || strlen(p->firmware_min[i].model) >
		    strlen(best->model)))
			best = &p->firmware_min[i];
	}
	return best;
}

bool
policy_model_eol(const struct policy *p, const char *model, size_t len)
{
	size_t i;

	for (i = 0; i < p->n_eol; i++)
		if (has_prefix(model, len, p->eol_models[i].model))
			return true;
	return false;
}

/* Next number of a version string at *i, skipping non-digits. */
static bool
version_next(const char *s, size_t len, size_t *i, unsigned long *out)
{
	while (*i < len && (s[*i] < '0' || s[*i] > '9'))
		(*i)++;
	if (*i >= len)
		return false;
	*out = 0;
	while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
		if (*out < 100000000UL)
			*out = *out * 10 + (unsigned long)(s[*i] - '0');
		(*i)++;
	}
	return true;
}

int
policy_version_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;
	unsigned long x, y;
	bool ha, hb;

	for (;;) {
		ha = version_next(a, alen, &i, &x);
		hb = version_next(b, blen, &j, &y);
		if (!ha || !hb)
			return ha - hb;
		if (x != y)
			return x < y ? -1 : 1;
	}
}
