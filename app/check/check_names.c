/*
 * check_names.c - the words of results, reasons and severities as the
 * reports, the policy file and MQTT spell them.  A leaf: the policy
 * loader reads severities through it without reaching the engine.
 */
#include "check/check.h"

static const char *const result_names[CHK_RESULT_COUNT] = {
	"pass", "fail", "not_applicable", "manual", "error", "not_checked",
	"waived",
};

static const char *const reason_names[CHK_R_COUNT] = {
	"", "feature_disabled", "source_unavailable", "key_missing",
	"timeout", "parse_error", "permission", "no_policy_value",
	"not_in_use", "needs_human", "unknown_value", "one_shot",
	"no_ca_file",
	"remote_audit",
};

static const char *const severity_names[CHK_SEV_COUNT] = {
	"critical", "high", "medium", "low", "info",
};

const char *
chk_result_name(enum chk_result r)
{
	return (unsigned)r < CHK_RESULT_COUNT ? result_names[r] : "?";
}

const char *
chk_reason_name(enum chk_reason r)
{
	return (unsigned)r < CHK_R_COUNT ? reason_names[r] : "?";
}

const char *
chk_severity_name(enum chk_severity s)
{
	return (unsigned)s < CHK_SEV_COUNT ? severity_names[s] : "?";
}
