/*
 * check_storage.c - recordings and error reports: the recording
 * encryption key (Guide item 12), error notification (item 14) and
 * storage failure detection (item 15).
 *
 * Items 12 and 15 protect recordings, so they are not_applicable on a
 * camera that records nowhere (primary target and archive both "none").
 * The encryption key is a secret: evidence says only whether it is set.
 */
#include <string.h>
#include <strings.h>

#include "check/camcfg.h"
#include "check/check.h"
#include "check/check_eval.h"
#include "check/policy.h"

#define CHK_SET_STORAGE	"none|sd|usb|nfs|smb"

/*
 * Whether the camera records anywhere: 1, 0 (the verdict is then
 * not_applicable), -1 (verdict set).
 */
static int
chk_storage_used(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	struct chk_val target, archive;

	if (!chk_role_in(env, pc, "target", CHK_SET_STORAGE, &target, v) ||
	    !chk_role_in(env, pc, "archive", CHK_SET_STORAGE, &archive, v))
		return -1;
	chk_evidence_n(v, "target", target.s, target.len);
	chk_evidence_n(v, "archive", archive.s, archive.len);
	if (chk_val_is(target, "none") && chk_val_is(archive, "none")) {
		chk_set(v, CHK_NOT_APPLICABLE, CHK_R_NOT_IN_USE);
		return 0;
	}
	return 1;
}

void
chk_mx12_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	struct chk_val key;

	if (chk_storage_used(env, pc, v) <= 0 ||
	    !chk_role_get(env, pc, "key", &key, v))
		return;
	chk_set(v, key.len > 0 ? CHK_PASS : CHK_FAIL, CHK_R_NONE);
	chk_evidence(v, "key", "%s", key.len > 0 ? "set" : "unset");
}

/* A notification profile name that notifies someone. */
static bool
chk_profile_set(struct chk_val val)
{
	return val.len > 0 && !(val.len == strlen(CHK_NOTIFY_OFF) &&
	    strncasecmp(val.s, CHK_NOTIFY_OFF, val.len) == 0);
}

void
chk_mx14_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	struct chk_val profile;
	int enabled;

	enabled = chk_role_judge(env, pc, "enabled", CHK_SET_BOOL, v);
	if (enabled < 0 || !chk_role_get(env, pc, "profile", &profile, v))
		return;
	if (chk_profile_set(profile))
		chk_evidence_n(v, "profile", profile.s, profile.len);
	else
		chk_evidence(v, "profile", "unset");
	chk_set(v, enabled && chk_profile_set(profile) ? CHK_PASS : CHK_FAIL,
	    CHK_R_NONE);
}

void
chk_mx15_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	struct chk_val tests, item;
	size_t pos = 0, n = 0;
	int check;

	if (chk_storage_used(env, pc, v) <= 0)
		return;
	check = chk_role_judge(env, pc, "check", CHK_SET_BOOL, v);
	if (check < 0 || !chk_role_get(env, pc, "tests", &tests, v))
		return;
	while (camcfg_list_next(tests.s, tests.len, &pos, &item.s, &item.len))
		n++;
	chk_evidence(v, "tests", "%zu", n);
	chk_set(v, check && n > 0 ? CHK_PASS : CHK_FAIL, CHK_R_NONE);
}
