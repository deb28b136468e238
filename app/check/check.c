/*
 * check.c - the check engine: one scan over the catalogue.
 *
 * Owns how verdicts combine (spec section 4): offline a check takes its
 * configuration verdict; with live evidence it fails when either source
 * fails, and a live error (a timeout) under a passing configuration is an
 * error.  Then waivers, counts, score and the state hash.  Does not
 * evaluate anything itself (check_<area>.c do) nor print (report_*.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/camcfg.h"
#include "check/check.h"
#include "check/policy.h"
#include "core/conf.h"
#include "core/digest.h"

/* ---- combining ------------------------------------------------------- */

static void
merge_evidence(struct chk_verdict *out, const struct chk_verdict *a,
    const struct chk_verdict *b)
{
	size_t i;

	out->n_evidence = 0;
	for (i = 0; i < a->n_evidence; i++)
		chk_evidence_n(out, a->evidence[i].key, a->evidence[i].val,
		    strlen(a->evidence[i].val));
	for (i = 0; i < b->n_evidence; i++)
		chk_evidence_n(out, b->evidence[i].key, b->evidence[i].val,
		    strlen(b->evidence[i].val));
}

/* Both sources spoke: the rules of spec section 4. */
static void
combine(const struct chk_verdict *cv, const struct chk_verdict *lv,
    struct chk_verdict *out)
{
	merge_evidence(out, cv, lv);
	if (cv->result == CHK_FAIL || lv->result == CHK_FAIL)
		chk_set(out, CHK_FAIL, CHK_R_NONE);
	else if (cv->result == CHK_PASS && lv->result == CHK_ERROR)
		chk_set(out, CHK_ERROR, lv->reason);
	else if (cv->result == CHK_PASS && lv->result == CHK_NOT_CHECKED &&
	    lv->reason != CHK_R_SOURCE_UNAVAILABLE)
		/* the probe ran but could not judge (no CA file): a passing
		 * configuration alone must not pass a live-evidence check */
		chk_set(out, CHK_NOT_CHECKED, lv->reason);
	else if (cv->result == CHK_PASS)
		chk_set(out, CHK_PASS, CHK_R_NONE);
	else if (cv->result == CHK_NOT_CHECKED && (lv->result == CHK_PASS ||
	    lv->result == CHK_ERROR))
		chk_set(out, lv->result, lv->reason);
	else
		chk_set(out, cv->result, cv->reason);
}

static void
evaluate(const struct chk_env *env, const struct chk_def *d,
    const struct policy_check *pc, struct chk_verdict *out)
{
	struct chk_verdict cv, lv;
	bool live = d->live && env->live;

	memset(&cv, 0, sizeof(cv));
	memset(&lv, 0, sizeof(lv));
	memset(out, 0, sizeof(*out));
	if (env->remote && chk_about_agent(d)) {
		chk_set(out, CHK_NOT_APPLICABLE, CHK_R_REMOTE_AUDIT);
		chk_evidence(out, "audit", "remote");
		return;
	}
	if (d->cfg)
		d->cfg(env, pc, &cv);
	if (live)
		d->live(env, pc, &lv);
	if (d->cfg && live)
		combine(&cv, &lv, out);
	else if (d->cfg)
		*out = cv;
	else if (live)
		*out = lv;
	else
		chk_set(out, CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE);
}

/* ---- waivers, counts, hash -------------------------------------------- */

static void
apply_waiver(struct chk_record *r, const struct conf *conf, time_t now)
{
	const struct conf_waiver *w;
	char today[16];
	struct tm tm;
	size_t i;

	r->result = r->v.result;
	if (!conf)
		return;
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	for (i = 0; i < conf->checks.n_waivers; i++) {
		w = &conf->checks.waivers[i];
		if (strcmp(w->id, r->def->id))
			continue;
		snprintf(r->waiver_reason, sizeof(r->waiver_reason), "%s",
		    w->reason);
		snprintf(r->waiver_expires, sizeof(r->waiver_expires), "%s",
		    w->expires);
		/* a waiver holds through the whole day it expires on (UTC) */
		if (strcmp(today, w->expires) > 0) {
			r->waiver_expired = true;
		} else {
			r->waived = true;
			r->result = CHK_WAIVED;
		}
		return;
	}
}

static int
record_cmp_id(const void *a, const void *b)
{
	const struct chk_record *const *x = a, *const *y = b;

	return strcmp((*x)->def->id, (*y)->def->id);
}

static void
state_hash(struct chk_scan *s)
{
	const struct chk_record *sorted[CHK_CATALOGUE_MAX];
	struct digest_ctx d;
	char line[64];
	size_t i;
	int n;

	for (i = 0; i < s->n_records; i++)
		sorted[i] = &s->records[i];
	qsort(sorted, s->n_records, sizeof(sorted[0]), record_cmp_id);
	digest_init(&d);
	for (i = 0; i < s->n_records; i++) {
		n = snprintf(line, sizeof(line), "%s=%s\n", sorted[i]->def->id,
		    chk_result_name(sorted[i]->result));
		digest_update(&d, line, (size_t)n);
	}
	digest_final_hex(&d, s->state_sha256);
}

static void
tally(struct chk_scan *s)
{
	const struct chk_record *r;
	unsigned pass, fail;
	size_t i;

	memset(&s->counts, 0, sizeof(s->counts));
	for (i = 0; i < s->n_records; i++) {
		r = &s->records[i];
		s->counts.n[r->result]++;
		if (r->result != CHK_FAIL)
			continue;
		if (r->pc->severity == CHK_SEV_CRITICAL)
			s->counts.fail_critical++;
		else if (r->pc->severity == CHK_SEV_HIGH)
			s->counts.fail_high++;
	}
	pass = s->counts.n[CHK_PASS];
	fail = s->counts.n[CHK_FAIL];
	s->score_valid = pass + fail > 0;
	s->score = s->score_valid ? (double)pass / (double)(pass + fail) : 0;
}

static void
identify(struct chk_scan *s, const struct chk_env *env,
    const struct conf *conf)
{
	const char *v;
	size_t len;

	s->camera_id[0] = s->model[0] = s->firmware[0] = '\0';
	if (conf && conf->camera.id[0])
		snprintf(s->camera_id, sizeof(s->camera_id), "%s",
		    conf->camera.id);
	else if (camcfg_get(env->cfg, "ethernet", "HOSTNAME", &v, &len) &&
	    conf_topic_level_ok(v, len) && len < sizeof(s->camera_id))
		snprintf(s->camera_id, sizeof(s->camera_id), "%.*s", (int)len,
		    v);
	if (camcfg_model(env->cfg, &v, &len))
		snprintf(s->model, sizeof(s->model), "%.*s", (int)len, v);
	if (camcfg_version(env->cfg, &v, &len))
		snprintf(s->firmware, sizeof(s->firmware), "%.*s", (int)len,
		    v);
}

void
chk_run(const struct chk_env *env, const struct conf *conf, time_t now,
    struct chk_scan *s)
{
	const struct chk_def *d;
	struct chk_record *r;

	memset(s, 0, sizeof(*s));
	s->time = now;
	identify(s, env, conf);
	for (d = chk_catalogue; d->id && s->n_records < CHK_CATALOGUE_MAX;
	    d++) {
		r = &s->records[s->n_records++];
		r->def = d;
		r->pc = policy_check_find(env->policy, d->id);
		evaluate(env, d, r->pc, &r->v);
		apply_waiver(r, conf, now);
	}
	tally(s);
	state_hash(s);
}

void
chk_scan_rebind(struct chk_scan *s, const struct policy *p)
{
	size_t i;

	for (i = 0; i < s->n_records; i++)
		s->records[i].pc = policy_check_find(p, s->records[i].def->id);
}

int
chk_exit_code(const struct chk_scan *s, bool strict)
{
	if (s->counts.n[CHK_FAIL] > 0)
		return 1;
	if (strict && s->counts.n[CHK_ERROR] > 0)
		return 1;
	return 0;
}
