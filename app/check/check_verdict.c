/*
 * check_verdict.c - how an evaluator writes its verdict: the result with
 * its reason, and evidence as key=value pairs, each capped.  The bottom of the check engine: evaluators and the
 * engine call it; it calls neither.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check/check.h"

void
chk_set(struct chk_verdict *v, enum chk_result r, enum chk_reason why)
{
	v->result = r;
	v->reason = (r == CHK_PASS || r == CHK_FAIL) ? CHK_R_NONE : why;
}

void
chk_evidence_n(struct chk_verdict *v, const char *key, const char *val,
    size_t len)
{
	struct chk_kv *kv;

	if (v->n_evidence >= CHK_EVIDENCE_MAX)
		return;
	kv = &v->evidence[v->n_evidence++];
	snprintf(kv->key, sizeof(kv->key), "%s", key);
	if (len >= sizeof(kv->val))
		len = sizeof(kv->val) - 1;
	memcpy(kv->val, val, len);
	kv->val[len] = '\0';
}

void
chk_evidence(struct chk_verdict *v, const char *key, const char *fmt, ...)
{
	char val[CHK_EVVAL_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	chk_evidence_n(v, key, val, strlen(val));
}
