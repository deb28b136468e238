/*
 * check_fw.c - the camera as a product: firmware against the policy's
 * floor (Guide item 1), inventory and end of support (VMS §03), alarms
 * shipped off the device (VMS §02), and the items only a person can
 * judge (Guide items 2 and 22).
 *
 * Model and firmware come from the configuration's header and
 * timestamp section (camcfg_model(), camcfg_version()); floors and
 * end-of-life models from the policy.  Without a floor for the model the
 * firmware item is manual: camguard does not guess vendor floors.
 */
#include <string.h>

#include "check/camcfg.h"
#include "check/check.h"
#include "check/check_eval.h"
#include "check/policy.h"

void
chk_manual_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	(void)env;
	(void)pc;
	chk_set(v, CHK_MANUAL, CHK_R_NEEDS_HUMAN);
}

/* Model and firmware as evidence; false (not_checked) when one is unread. */
static bool
chk_model_version(const struct chk_env *env, struct chk_val *model,
    struct chk_val *fw, struct chk_verdict *v)
{
	bool have_model = camcfg_model(env->cfg, &model->s, &model->len);
	bool have_fw = camcfg_version(env->cfg, &fw->s, &fw->len);

	if (have_model)
		chk_evidence_n(v, "model", model->s, model->len);
	else
		chk_evidence(v, "model", "unknown");
	if (have_fw)
		chk_evidence_n(v, "firmware", fw->s, fw->len);
	else
		chk_evidence(v, "firmware", "unknown");
	if (have_model && have_fw)
		return true;
	chk_set(v, CHK_NOT_CHECKED, CHK_R_KEY_MISSING);
	return false;
}

void
chk_mx01_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	const struct policy_floor *floor;
	struct chk_val model, fw;
	int cmp;

	(void)pc;
	if (!chk_model_version(env, &model, &fw, v))
		return;
	floor = policy_floor_for(env->policy, model.s, model.len);
	if (floor == NULL) {
		chk_set(v, CHK_MANUAL, CHK_R_NO_POLICY_VALUE);
		return;
	}
	chk_evidence(v, "floor", "%s", floor->version);
	cmp = policy_version_cmp(fw.s, fw.len, floor->version,
	    strlen(floor->version));
	chk_set(v, cmp >= 0 ? CHK_PASS : CHK_FAIL, CHK_R_NONE);
}

void
chk_vg05_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	struct chk_val model, fw;
	bool eol;

	(void)pc;
	if (!chk_model_version(env, &model, &fw, v))
		return;
	eol = policy_model_eol(env->policy, model.s, model.len);
	chk_evidence(v, "end_of_life", "%s", eol ? "yes" : "no");
	chk_set(v, eol ? CHK_FAIL : CHK_PASS, CHK_R_NONE);
}

/*
 * Only the daemon ships alarms; one-shot `check` cannot tell.  Either way
 * off the device will do: the MQTT broker or the SIEM's collector.
 */
void
chk_vg06_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	(void)pc;
	if (!env->daemon) {
		chk_set(v, CHK_NOT_CHECKED, CHK_R_ONE_SHOT);
		return;
	}
	chk_set(v, env->mqtt_connected || env->siem_connected ? CHK_PASS :
	    CHK_FAIL, CHK_R_NONE);
	chk_evidence(v, "mqtt", "%s", env->mqtt_connected ? "connected" :
	    "disconnected");
	if (env->siem_enabled)
		chk_evidence(v, "siem", "%s", env->siem_connected ?
		    "connected" : "disconnected");
}
