/*
 * report_json.c - a scan as JSON: the summary of spec section 7, the check
 * record of section 4, and the report of `check --format json` (section
 * 2).
 *
 * Owns the field names and their order.  The summary and record writers
 * append to a caller's struct jw so that MQTT and /status reuse them; the
 * full report streams to a FILE one record at a time through a buffer
 * that always holds a record (REPORT_RECORD_MAX), so a scan of any size
 * needs no large buffer.
 */
#include <stdio.h>
#include <string.h>

#include "check/check.h"
#include "check/policy.h"
#include "core/json_write.h"
#include "report/report.h"
#include "report/report_ctx.h"

/* A NUL-terminated char array that might lack its NUL. */
static void
put_field(struct jw *jw, const char *key, const char *s, size_t cap)
{
	jw_strn(jw, key, s, strnlen(s, cap));
}

/* An optional text: null when empty. */
static void
put_opt(struct jw *jw, const char *key, const char *s, size_t cap)
{
	if (s[0] == '\0')
		jw_null(jw, key);
	else
		put_field(jw, key, s, cap);
}

static void
put_policy(struct jw *jw, const struct policy *pol)
{
	if (pol == NULL) {
		jw_null(jw, "policy");
		return;
	}
	jw_obj_begin(jw, "policy");
	put_field(jw, "id", pol->id, sizeof(pol->id));
	put_field(jw, "version", pol->version, sizeof(pol->version));
	put_field(jw, "sha256", pol->sha256, sizeof(pol->sha256));
	jw_obj_end(jw);
}

static void
put_counts(struct jw *jw, const struct chk_counts *c)
{
	int r;

	jw_obj_begin(jw, "counts");
	for (r = 0; r < CHK_RESULT_COUNT; r++)
		jw_int(jw, chk_result_name((enum chk_result)r), c->n[r]);
	jw_int(jw, "fail_critical", c->fail_critical);
	jw_int(jw, "fail_high", c->fail_high);
	jw_obj_end(jw);
}

int
report_summary_json(struct jw *jw, const struct chk_scan *scan,
    const struct policy *pol)
{
	jw_obj_begin(jw, NULL);
	put_field(jw, "camera", scan->camera_id, sizeof(scan->camera_id));
	jw_int(jw, "time", (long long)scan->time);
	put_field(jw, "firmware", scan->firmware, sizeof(scan->firmware));
	put_field(jw, "model", scan->model, sizeof(scan->model));
	put_policy(jw, pol);
	put_counts(jw, &scan->counts);
	if (scan->score_valid)
		jw_double(jw, "score", scan->score, 4);
	else
		jw_null(jw, "score");
	put_field(jw, "state_sha256", scan->state_sha256,
	    sizeof(scan->state_sha256));
	jw_obj_end(jw);
	return jw->overflow ? -1 : 0;
}

/* The reason code of a result: null for pass and fail (and no reason). */
static void
put_reason(struct jw *jw, enum chk_result r, enum chk_reason why)
{
	const char *name = chk_reason_name(why);

	if (r == CHK_PASS || r == CHK_FAIL || why == CHK_R_NONE ||
	    name == NULL || name[0] == '\0')
		jw_null(jw, "reason");
	else
		jw_str(jw, "reason", name);
}

static void
put_evidence(struct jw *jw, const struct chk_verdict *v)
{
	size_t i;

	jw_obj_begin(jw, "evidence");
	for (i = 0; i < v->n_evidence && i < CHK_EVIDENCE_MAX; i++) {
		jw_key(jw, v->evidence[i].key);
		put_field(jw, NULL, v->evidence[i].val,
		    sizeof(v->evidence[i].val));
	}
	jw_obj_end(jw);
}

static void
put_waiver(struct jw *jw, const struct chk_record *rec)
{
	jw_obj_begin(jw, "waiver");
	put_field(jw, "reason", rec->waiver_reason,
	    sizeof(rec->waiver_reason));
	put_opt(jw, "expires", rec->waiver_expires,
	    sizeof(rec->waiver_expires));
	jw_obj_end(jw);
}

/* The record; texts in c's language, or the policy entry's without c. */
static int
record_json(struct jw *jw, const struct chk_record *rec,
    const struct report_ctx *c)
{
	const struct policy_check *pc = rec->pc;
	bool waived = rec->result == CHK_WAIVED;
	enum chk_result under = waived ? rec->v.result : rec->result;
	static const struct { const char *key; enum policy_text t; } texts[] = {
		{ "title", PT_TITLE }, { "severity", PT_COUNT },
		{ "guide", PT_GUIDE }, { "rationale", PT_RATIONALE },
		{ "remediation", PT_REMEDIATION },
	};
	size_t i;

	if (rec->def == NULL || pc == NULL) {
		jw->overflow = true;
		return -1;
	}
	jw_obj_begin(jw, NULL);
	jw_str(jw, "id", rec->def->id);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		if (texts[i].t == PT_COUNT)
			jw_str(jw, "severity", chk_severity_name(pc->severity));
		else
			jw_str(jw, texts[i].key, c ? report_text(c, rec,
			    texts[i].t) : policy_lang_text(NULL, NULL, pc,
			    texts[i].t));
	}
	jw_str(jw, "result", chk_result_name(rec->result));
	if (waived)
		jw_str(jw, "underlying", chk_result_name(under));
	put_reason(jw, under, rec->v.reason);
	put_evidence(jw, &rec->v);
	if (waived)
		put_waiver(jw, rec);
	if (rec->waiver_expired && !waived)
		jw_bool(jw, "waiver_expired", true);
	jw_obj_end(jw);
	return jw->overflow ? -1 : 0;
}

int
report_record_json(struct jw *jw, const struct chk_record *rec)
{
	return record_json(jw, rec, NULL);
}

/* Finish jw's document and write it after the fixed text before. */
static int
put_doc(FILE *f, const char *before, struct jw *jw)
{
	int n = jw_finish(jw);

	if (n < 0)
		return -1;
	if (fputs(before, f) == EOF)
		return -1;
	return fwrite(jw->buf, 1, (size_t)n, f) == (size_t)n ? 0 : -1;
}

static int
put_camera(FILE *f, const struct chk_scan *scan, char *buf, size_t cap)
{
	struct jw jw;

	jw_init(&jw, buf, cap);
	jw_obj_begin(&jw, NULL);
	put_field(&jw, "id", scan->camera_id, sizeof(scan->camera_id));
	put_field(&jw, "model", scan->model, sizeof(scan->model));
	put_field(&jw, "firmware", scan->firmware, sizeof(scan->firmware));
	jw_obj_end(&jw);
	return put_doc(f, "{\"camera\":", &jw);
}

/*
 * The skeleton {"camera":...,"summary":...,"checks":[...]} is fixed
 * text; every value in it is a complete document from jw.  The records'
 * texts are in the report's language; codes (result, reason, severity)
 * are the same in every language.
 */
int
report_json_opts(FILE *f, const struct chk_scan *scan,
    const struct policy *pol, const struct report_opts *o)
{
	char buf[REPORT_RECORD_MAX];	/* about 16 KiB */
	struct report_ctx c;
	struct jw jw;
	size_t i;

	report_ctx_init(&c, f, scan, pol, o);
	if (put_camera(f, scan, buf, sizeof(buf)) < 0)
		return -1;
	jw_init(&jw, buf, sizeof(buf));
	if (report_summary_json(&jw, scan, pol) < 0 ||
	    put_doc(f, ",\"summary\":", &jw) < 0)
		return -1;
	for (i = 0; i < scan->n_records && i < CHK_CATALOGUE_MAX; i++) {
		jw_init(&jw, buf, sizeof(buf));
		if (record_json(&jw, &scan->records[i], &c) < 0 ||
		    put_doc(f, i == 0 ? ",\"checks\":[" : ",", &jw) < 0)
			return -1;
	}
	if (fputs(i == 0 ? ",\"checks\":[]}\n" : "]}\n", f) == EOF)
		return -1;
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

int
report_json(FILE *f, const struct chk_scan *scan, const struct policy *pol)
{
	return report_json_opts(f, scan, pol, NULL);
}
