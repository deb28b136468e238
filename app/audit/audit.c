/*
 * audit.c - the order of a site index and the exit status of an audit
 * (audit.h).  Reads results; runs nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"

/* Sort keys: unreadable first, no score next, then score, then id. */
static int
rank(const struct audit_result *r)
{
	if (!r->read)
		return 0;
	return r->score_valid ? 2 : 1;
}

static int
before(const struct audit_list *l, const struct audit_result *res,
    size_t a, size_t b)
{
	const struct audit_result *x = &res[a], *y = &res[b];

	if (rank(x) != rank(y))
		return rank(x) < rank(y);
	if (rank(x) == 2 && x->score != y->score)
		return x->score < y->score;
	return strcmp(l->cams[a].id, l->cams[b].id) < 0;
}

void
audit_sort(const struct audit_list *l, const struct audit_result *res,
    size_t *order)
{
	size_t i, j, t;

	for (i = 0; i < l->n; i++) {
		t = i;
		for (j = i; j > 0 && before(l, res, t, order[j - 1]); j--)
			order[j] = order[j - 1];
		order[j] = t;
	}
}

int
audit_exit_code(const struct audit_list *l, const struct audit_result *res)
{
	int rc = 0;
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (!res[i].read)
			return 2;
		if (res[i].counts.n[CHK_FAIL] > 0)
			rc = 1;
	}
	return rc;
}
