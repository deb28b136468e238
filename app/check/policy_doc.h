/*
 * policy_doc.h - internal to policy.c and policy_lang.c: a policy while
 * its file is read.
 *
 * The JSON walker writes strings into fixed arrays, so the checks and the
 * languages are first read into the large raw arrays below (calloc'd for
 * the parse, freed after it); policy.c packs the checks' texts and keys
 * into struct policy, and policy_lang_finish() copies the languages into
 * its pool.  struct policy comes first, so that the fields of
 * the policy's root shape keep their offsets into struct policy.
 */
#ifndef CAMGUARD_POLICY_DOC_H
#define CAMGUARD_POLICY_DOC_H

#include <stdio.h>

#include "check/policy.h"
#include "check/policy_lang.h"

struct policy_raw_check {
	char	id[16];
	char	text[PT_COUNT][POLICY_TEXT_MAX];
};

struct policy_raw_item {
	char	id[16];
	char	title[2 * POLICY_TITLE_MAX];
	char	guide[POLICY_TITLE_MAX];
};

struct policy_raw_lang {
	char			code[POLICY_LANG_CODE_MAX];
	char			words[PW_COUNT][POLICY_WORD_MAX];
	size_t			n_checks;
	struct policy_raw_check	checks[CHK_CATALOGUE_MAX];
	size_t			n_items;
	struct policy_raw_item	items[POLICY_VMS_ITEMS_MAX];
};

/* A check as its object is read; policy.c packs it into pol. */
struct policy_raw_pc {
	char			id[16];
	char			title[POLICY_TITLE_MAX];
	enum chk_severity	severity;
	char			guide[POLICY_TITLE_MAX];
	char			rationale[POLICY_TEXT_MAX];
	char			remediation[POLICY_TEXT_MAX];
	size_t			n_keys;
	struct policy_key	keys[POLICY_KEYS_MAX];
};

struct policy_doc {
	struct policy		pol;	/* first: root offsets hold */
	size_t			n_langs;
	struct policy_raw_lang	langs[POLICY_LANGS_MAX];
	size_t			n_checks;
	struct policy_raw_pc	checks[CHK_CATALOGUE_MAX];
};

/* The root fields "languages" and "vms_items" walk these shapes. */
extern const struct json_shape policy_lang_shape;
extern const struct json_shape policy_vms_item_shape;

/*
 * Check the languages against the policy (known check and item ids, one
 * entry per language) and copy them into d->pol's pool.  0, or -1 after
 * "name: message" lines on errf.
 */
int	policy_lang_finish(struct policy_doc *d, const char *name, FILE *errf);

#endif
