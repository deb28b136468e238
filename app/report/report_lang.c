/*
 * report_lang.c - the words and texts of a report in its language.
 *
 * Owns the mapping from results, severities and reasons to the policy's
 * words (policy_lang.h) and the fallbacks: a language the policy lacks
 * is written in English.  Formats live in report_<format>.c.
 */
#include <string.h>

#include "core/conf.h"
#include "report/report.h"
#include "report/report_ctx.h"

_Static_assert(PW_result_waived - PW_result_pass == CHK_WAIVED - CHK_PASS,
    "result words follow enum chk_result");
_Static_assert(PW_severity_info - PW_severity_critical ==
    CHK_SEV_INFO - CHK_SEV_CRITICAL, "severity words follow the enum");

static const struct report_opts no_opts;

void
report_ctx_init(struct report_ctx *c, FILE *f, const struct chk_scan *scan,
    const struct policy *pol, const struct report_opts *o)
{
	memset(c, 0, sizeof(*c));
	c->f = f;
	c->scan = scan;
	c->pol = pol;
	c->o = o ? o : &no_opts;
	c->code = c->o->lang && c->o->lang[0] ? c->o->lang : "en";
	c->lang = policy_lang_find(pol, c->code);
	if (!c->lang)
		c->code = "en";
}

const char *
report_word(const struct report_ctx *c, enum policy_word w)
{
	return policy_lang_word(c->pol, c->lang, w);
}

const char *
report_result(const struct report_ctx *c, enum chk_result r)
{
	if ((unsigned)r >= CHK_RESULT_COUNT)
		return "?";
	return report_word(c, (enum policy_word)(PW_result_pass + r));
}

const char *
report_severity(const struct report_ctx *c, enum chk_severity s)
{
	if ((unsigned)s >= CHK_SEV_COUNT)
		return "?";
	return report_word(c, (enum policy_word)(PW_severity_critical + s));
}

/*
 * The word "reason_<code>"; a reason without a word (one added to the
 * engine before its words) shows its code.
 */
const char *
report_reason(const struct report_ctx *c, enum chk_reason r)
{
	const char *code = chk_reason_name(r);
	int w;

	if (r == CHK_R_NONE || (unsigned)r >= CHK_R_COUNT)
		return "";
	for (w = 0; w < PW_COUNT; w++) {
		const char *key = policy_word_key((enum policy_word)w);

		if (!strncmp(key, "reason_", 7) && !strcmp(key + 7, code))
			return report_word(c, (enum policy_word)w);
	}
	return code;
}

const char *
report_text(const struct report_ctx *c, const struct chk_record *rec,
    enum policy_text t)
{
	return policy_lang_text(c->pol, c->lang, rec->pc, t);
}

const char *
report_site(const struct report_ctx *c, enum report_site_field which)
{
	const struct conf_report *s = c->o->site;

	if (!s)
		return "";
	switch (which) {
	case REPORT_CUSTOMER:
		return s->customer;
	case REPORT_SITE:
		return s->site;
	case REPORT_ENGINEER:
		return s->engineer;
	case REPORT_COMPANY:
		return s->company;
	}
	return "";
}

const char *
report_address(const struct report_ctx *c)
{
	return c->o->address ? c->o->address : "";
}

void
report_date(time_t t, char *buf, size_t size)
{
	struct tm tm;

	buf[0] = '\0';
	if (gmtime_r(&t, &tm) != NULL)
		strftime(buf, size, "%Y-%m-%d %H:%M UTC", &tm);
}

void
report_evidence_text(const struct chk_verdict *v, char *buf, size_t size)
{
	size_t len = 0, i;
	int n;

	buf[0] = '\0';
	for (i = 0; i < v->n_evidence && i < CHK_EVIDENCE_MAX; i++) {
		n = snprintf(buf + len, size - len, "%s%.*s=%.*s",
		    i ? "; " : "", (int)sizeof(v->evidence[i].key),
		    v->evidence[i].key, (int)sizeof(v->evidence[i].val),
		    v->evidence[i].val);
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
}

/* Remediation is shown where something remains to be done. */
bool
report_wants_fix(const struct chk_record *rec)
{
	return rec->result != CHK_PASS && rec->result != CHK_NOT_APPLICABLE;
}
