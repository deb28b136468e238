/*
 * policy_lang.c - report languages and the VMS guide's camera items, as
 * the policy file holds them (policy_lang.h).
 *
 * Owns the shapes of "languages" and "vms_items", the rules that bind
 * them to the rest of the policy (check and item ids must exist, one
 * entry per language), the copy of the parsed texts into the policy's
 * pool, and the lookups with their English fallbacks.  Does not write
 * any report: app/report does, through these lookups.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "check/check_ids.h"
#include "check/policy.h"
#include "check/policy_doc.h"
#include "check/policy_lang.h"
#include "core/json_parse.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const word_keys[PW_COUNT] = {
#define WORD_KEY(key, en) #key,
	POLICY_WORDS(WORD_KEY)
#undef WORD_KEY
};

static const char *const word_en[PW_COUNT] = {
#define WORD_EN(key, en) en,
	POLICY_WORDS(WORD_EN)
#undef WORD_EN
};

const char *
policy_word_key(enum policy_word w)
{
	return (unsigned)w < PW_COUNT ? word_keys[w] : "?";
}

const char *
policy_word_en(enum policy_word w)
{
	return (unsigned)w < PW_COUNT ? word_en[w] : "?";
}

/* ---- shapes ------------------------------------------------------------ */

static int
check_lang_code(void *dst, size_t size, const char *s, size_t len,
    char *msg, size_t msgsz)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < 'a' || s[i] > 'z')
			break;
	if (len < 2 || len > 3 || i != len || len >= size) {
		snprintf(msg, msgsz, "must be a language code of 2 or 3 "
		    "lower-case letters (\"fr\")");
		return -1;
	}
	memcpy(dst, s, len + 1);
	return 0;
}

static int
check_known_id(void *dst, size_t size, const char *s, size_t len,
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

static int
check_item_id(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	if (len == 0 || len >= size) {
		snprintf(msg, msgsz, "must be 1 to %zu bytes", size - 1);
		return -1;
	}
	memcpy(dst, s, len + 1);
	return 0;
}

#define STR(k, m, t) { .key = (k), .kind = JSON_K_STRING, \
	.off = offsetof(t, m), .size = sizeof(((t *)0)->m) }

static void
post_item(struct json_ctx *ctx, int tok, void *obj)
{
	struct policy_vms_item *it = obj;

	if (!it->id[0] || !it->title[0] || !it->guide[0] || !it->n_checks)
		json_error(ctx, tok, "vms_items: an item needs id, guide, "
		    "title and at least one check");
}

static const struct json_field item_fields[] = {
	{ .key = "id", .kind = JSON_K_STRING,
	  .off = offsetof(struct policy_vms_item, id),
	  .size = sizeof(((struct policy_vms_item *)0)->id),
	  .check = check_item_id },
	STR("guide", guide, struct policy_vms_item),
	STR("title", title, struct policy_vms_item),
	{ .key = "checks", .kind = JSON_K_STRING_ARRAY,
	  .off = offsetof(struct policy_vms_item, checks),
	  .size = sizeof(((struct policy_vms_item *)0)->checks[0]),
	  .count_off = offsetof(struct policy_vms_item, n_checks),
	  .max_elems = POLICY_VMS_CHECKS_MAX, .check = check_known_id },
};
const struct json_shape policy_vms_item_shape = { item_fields,
	NELEM(item_fields), post_item, NULL };

/* The words object: a table, one string per word key at its row of the
 * array (a field per word was 10 KB of a camera build). */
static const struct json_field word_row = { .kind = JSON_K_STRING,
	.size = POLICY_WORD_MAX };
_Static_assert(PW_COUNT <= JSON_SHAPE_FIELDS_MAX, "every word is a key");
static const struct json_shape word_shape = { &word_row, PW_COUNT, NULL,
	word_keys };

#define RC struct policy_raw_check
static const struct json_field lang_check_fields[] = {
	{ .key = "id", .kind = JSON_K_STRING, .off = offsetof(RC, id),
	  .size = sizeof(((RC *)0)->id), .check = check_known_id },
	STR("title", text[PT_TITLE], RC),
	STR("guide", text[PT_GUIDE], RC),
	STR("rationale", text[PT_RATIONALE], RC),
	STR("remediation", text[PT_REMEDIATION], RC),
	STR("decides", text[PT_DECIDES], RC),
};
static const struct json_shape lang_check_shape = { lang_check_fields,
	NELEM(lang_check_fields), NULL, NULL };

#define RI struct policy_raw_item
static const struct json_field lang_item_fields[] = {
	{ .key = "id", .kind = JSON_K_STRING, .off = offsetof(RI, id),
	  .size = sizeof(((RI *)0)->id), .check = check_item_id },
	STR("title", title, RI),
	STR("guide", guide, RI),
};
static const struct json_shape lang_item_shape = { lang_item_fields,
	NELEM(lang_item_fields), NULL, NULL };

static void
post_lang(struct json_ctx *ctx, int tok, void *obj)
{
	struct policy_raw_lang *l = obj;

	if (!l->code[0])
		json_error(ctx, tok, "languages: an entry needs \"lang\"");
}

#define RL struct policy_raw_lang
static const struct json_field lang_fields[] = {
	{ .key = "lang", .kind = JSON_K_STRING, .off = offsetof(RL, code),
	  .size = sizeof(((RL *)0)->code), .check = check_lang_code },
	{ .key = "words", .kind = JSON_K_OBJECT, .off = offsetof(RL, words),
	  .shape = &word_shape },
	{ .key = "checks", .kind = JSON_K_OBJECT_ARRAY,
	  .off = offsetof(RL, checks), .size = sizeof(RC),
	  .count_off = offsetof(RL, n_checks),
	  .max_elems = CHK_CATALOGUE_MAX, .shape = &lang_check_shape },
	{ .key = "vms_items", .kind = JSON_K_OBJECT_ARRAY,
	  .off = offsetof(RL, items), .size = sizeof(RI),
	  .count_off = offsetof(RL, n_items),
	  .max_elems = POLICY_VMS_ITEMS_MAX, .shape = &lang_item_shape },
};
const struct json_shape policy_lang_shape = { lang_fields,
	NELEM(lang_fields), post_lang, NULL };

/* ---- from the raw arrays into the pool ----------------------------------- */

struct finish {
	struct policy	*p;
	const char	*name;
	const char	*code;
	FILE		*errf;
	int		 rc;
};

static void
finish_error(struct finish *f, const char *what, const char *id)
{
	fprintf(f->errf, "%s: languages: %s: %s%s%s\n", f->name, f->code, what,
	    id ? " " : "", id ? id : "");
	f->rc = -1;
}

/* Copy s into the pool; its offset, 0 for an empty s (or on overflow). */
static uint32_t
pool_add(struct finish *f, const char *s)
{
	struct policy *p = f->p;
	size_t n = strlen(s);
	uint32_t off;

	if (n == 0)
		return 0;
	if (n + 1 > sizeof(p->pool) - p->pool_len) {
		if (f->rc == 0)
			finish_error(f, "translations larger than the pool "
			    "(POLICY_LANG_POOL_MAX)", NULL);
		f->rc = -1;
		return 0;
	}
	off = (uint32_t)p->pool_len;
	memcpy(p->pool + off, s, n + 1);
	p->pool_len += n + 1;
	return off;
}

static int
check_index(const struct policy *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->n_checks; i++)
		if (!strcmp(p->checks[i].id, id))
			return (int)i;
	return -1;
}

static int
item_index(const struct policy *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->n_items; i++)
		if (!strcmp(p->items[i].id, id))
			return (int)i;
	return -1;
}

static void
finish_checks(struct finish *f, const struct policy_raw_lang *r,
    struct policy_lang *l)
{
	bool seen[CHK_CATALOGUE_MAX] = { false };
	size_t i, t;
	int k;

	for (i = 0; i < r->n_checks; i++) {
		k = check_index(f->p, r->checks[i].id);
		if (k < 0)
			continue;	/* the shape checked the id */
		if (seen[k]) {
			finish_error(f, "check listed twice:", r->checks[i].id);
			continue;
		}
		seen[k] = true;
		for (t = 0; t < PT_COUNT; t++)
			l->checks[k][t] = pool_add(f, r->checks[i].text[t]);
	}
}

static void
finish_items(struct finish *f, const struct policy_raw_lang *r,
    struct policy_lang *l)
{
	size_t i;
	int k;

	for (i = 0; i < r->n_items; i++) {
		k = item_index(f->p, r->items[i].id);
		if (k < 0) {
			finish_error(f, "no such vms_items id:",
			    r->items[i].id);
			continue;
		}
		l->items[k][0] = pool_add(f, r->items[i].title);
		l->items[k][1] = pool_add(f, r->items[i].guide);
	}
}

int
policy_lang_finish(struct policy_doc *d, const char *name, FILE *errf)
{
	struct finish f = { .p = &d->pol, .name = name, .errf = errf };
	struct policy_lang *l;
	size_t i, j, w;

	for (i = 0; i < d->n_langs; i++) {
		f.code = d->langs[i].code;
		for (j = 0; j < i; j++)
			if (!strcmp(d->langs[j].code, f.code))
				finish_error(&f, "language listed twice", NULL);
		l = &d->pol.langs[i];
		memset(l, 0, sizeof(*l));
		memcpy(l->code, f.code, sizeof(l->code));
		for (w = 0; w < PW_COUNT; w++)
			l->words[w] = pool_add(&f, d->langs[i].words[w]);
		finish_checks(&f, &d->langs[i], l);
		finish_items(&f, &d->langs[i], l);
	}
	d->pol.n_langs = d->n_langs;
	return f.rc;
}

/* ---- lookups ------------------------------------------------------------- */

const struct policy_lang *
policy_lang_find(const struct policy *p, const char *code)
{
	size_t i;

	if (!p || !code)
		return NULL;
	for (i = 0; i < p->n_langs && i < POLICY_LANGS_MAX; i++)
		if (!strcmp(p->langs[i].code, code))
			return &p->langs[i];
	return NULL;
}

bool
policy_lang_known(const struct policy *p, const char *code)
{
	return !strcmp(code, "en") || policy_lang_find(p, code) != NULL;
}

static const char *
pool_at(const struct policy *p, uint32_t off)
{
	return off && off < p->pool_len ? p->pool + off : NULL;
}

const char *
policy_lang_word(const struct policy *p, const struct policy_lang *l,
    enum policy_word w)
{
	const struct policy_lang *en = policy_lang_find(p, "en");
	const char *s;

	if ((unsigned)w >= PW_COUNT)
		return "?";
	if (l && (s = pool_at(p, l->words[w])))
		return s;
	if (en && (s = pool_at(p, en->words[w])))
		return s;
	return word_en[w];
}

/* "" for a text a check made by hand (not parsed) leaves out. */
static const char *
check_own_text(const struct policy_check *pc, enum policy_text t)
{
	const char *s;

	switch (t) {
	case PT_TITLE:
		s = pc->title;
		break;
	case PT_GUIDE:
		s = pc->guide;
		break;
	case PT_RATIONALE:
		s = pc->rationale;
		break;
	case PT_REMEDIATION:
		s = pc->remediation;
		break;
	default:
		s = NULL;
	}
	return s ? s : "";
}

const char *
policy_lang_text(const struct policy *p, const struct policy_lang *l,
    const struct policy_check *pc, enum policy_text t)
{
	const struct policy_lang *en;
	const char *s;
	int k;

	if (!pc || (unsigned)t >= PT_COUNT)
		return "";
	k = p ? check_index(p, pc->id) : -1;
	if (k < 0)
		return check_own_text(pc, t);
	if (l && (s = pool_at(p, l->checks[k][t])))
		return s;
	if (t != PT_DECIDES)
		return check_own_text(pc, t);
	en = policy_lang_find(p, "en");
	if (en && (s = pool_at(p, en->checks[k][t])))
		return s;
	return "";
}

const char *
policy_lang_item(const struct policy *p, const struct policy_lang *l,
    const struct policy_vms_item *it, int which)
{
	int k = item_index(p, it->id);
	const char *s;

	which = which ? 1 : 0;
	if (l && k >= 0 && (s = pool_at(p, l->items[k][which])))
		return s;
	return which ? it->guide : it->title;
}
