/*
 * check_services.c - the camera's other services and its network: the
 * MxMessageSystem key (Guide item 13), OpenVPN (17), Internet exposure
 * (18), VLAN (19), IEEE 802.1X (20), and the VMS guide's rules on
 * management and discovery services and anonymous RTSP (VMS §02, §03).
 *
 * Where the configuration can only prove a failure (UPnP port mapping on,
 * FTP on) and the rest of the item needs a probe (public addresses,
 * Telnet and SSH listeners), a clean configuration gives not_checked /
 * source_unavailable rather than a pass.  The MxMessageSystem password is
 * a secret: evidence gives its length, never its value.
 */
#include "check/check.h"
#include "check/check_eval.h"
#include "check/policy.h"

#define CHK_MSYS_PW_LEN_MAX	1024

/*
 * The length of the MxMessageSystem password (its value or, for an
 * exported "*set*" marker, the length the camera reports); false with the
 * verdict set.
 */
static bool
chk_msys_pw_len(const struct chk_env *env, const struct policy_check *pc,
    struct chk_val pw, long *len, struct chk_verdict *v)
{
	struct chk_val n;

	if (!chk_val_is(pw, CHK_SECRET_MARKER)) {
		*len = (long)pw.len;
		return true;
	}
	if (!chk_role_get(env, pc, "password_len", &n, v))
		return false;
	if (!chk_val_int(n, 0, CHK_MSYS_PW_LEN_MAX, len)) {
		chk_set(v, CHK_ERROR, CHK_R_UNKNOWN_VALUE);
		chk_evidence_n(v, "password_len", n.s, n.len);
		return false;
	}
	return true;
}

void
chk_mx13_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	struct chk_val net, pw;
	long len;
	bool factory;

	if (!chk_role_in(env, pc, "networking", CHK_SET_BOOL, &net, v))
		return;
	chk_evidence_n(v, "networking", net.s, net.len);
	if (chk_val_is(net, "0")) {
		chk_set(v, CHK_NOT_APPLICABLE, CHK_R_FEATURE_DISABLED);
		return;
	}
	if (!chk_role_get(env, pc, "password", &pw, v) ||
	    !chk_msys_pw_len(env, pc, pw, &len, v))
		return;
	factory = chk_val_is(pw, CHK_FACTORY_PASSWORD);
	chk_evidence(v, "password", "%s", pw.len == 0 ? "unset" :
	    factory ? "factory" : "set");
	chk_evidence(v, "password_len", "%ld", len);
	chk_set(v, len >= CHK_MSYS_PW_MIN && !factory ? CHK_PASS : CHK_FAIL,
	    CHK_R_NONE);
}

void
chk_mx17_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	int r = chk_role_judge(env, pc, "enabled", CHK_SET_BOOL, v);

	if (r < 0)
		return;
	if (r)
		chk_set(v, CHK_PASS, CHK_R_NONE);
	else
		chk_set(v, CHK_MANUAL, CHK_R_NEEDS_HUMAN);
}

/*
 * A role that can only prove a failure: fail when it does not pass, else
 * not_checked until a probe looks at the rest (evidence what=live_only).
 */
static void
chk_fail_only(const struct chk_env *env, const struct policy_check *pc,
    const char *role, const char *what, struct chk_verdict *v)
{
	int r = chk_role_judge(env, pc, role, CHK_SET_BOOL, v);

	if (r < 0)
		return;
	if (r) {
		chk_set(v, CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE);
		chk_evidence(v, what, "live_only");
	} else {
		chk_set(v, CHK_FAIL, CHK_R_NONE);
	}
}

void
chk_mx18_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	chk_fail_only(env, pc, "upnp", "public_address", v);
}

void
chk_vg01_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	chk_fail_only(env, pc, "ftp", "telnet_ssh", v);
}

void
chk_mx19_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	struct chk_val vlan;
	long id;

	if (!chk_role_get(env, pc, "vlan", &vlan, v))
		return;
	if (vlan.len == 0 || chk_val_is(vlan, "0")) {
		chk_set(v, CHK_MANUAL, CHK_R_NEEDS_HUMAN);
		chk_evidence(v, "vlan", "%s", vlan.len == 0 ? "unset" : "0");
		return;
	}
	if (!chk_val_int(vlan, 1, 4094, &id)) {
		chk_set(v, CHK_ERROR, CHK_R_UNKNOWN_VALUE);
		chk_evidence_n(v, "vlan", vlan.s, vlan.len);
		return;
	}
	chk_set(v, CHK_PASS, CHK_R_NONE);
	chk_evidence(v, "vlan", "%ld", id);
}

void
chk_mx20_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	chk_judge_single(env, pc, "ieee8021x", CHK_SET_BOOL, v);
}

void
chk_vg03_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	static const char *const roles[] = { "upnp", "zeroconf",
	    "onvif_discovery" };
	size_t i;
	int r, ok = 1;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		r = chk_role_judge(env, pc, roles[i], CHK_SET_BOOL, v);
		if (r < 0)
			return;
		ok &= r;
	}
	chk_set(v, ok ? CHK_PASS : CHK_FAIL, CHK_R_NONE);
}

void
chk_vg04_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	int off, auth;

	off = chk_role_judge(env, pc, "rtsp", CHK_SET_BOOL, v);
	if (off < 0)
		return;
	if (off) {
		chk_set(v, CHK_PASS, CHK_R_NONE);
		return;
	}
	auth = chk_role_judge(env, pc, "rtsp_auth", CHK_SET_BOOL, v);
	if (auth >= 0)
		chk_set(v, auth ? CHK_PASS : CHK_FAIL, CHK_R_NONE);
}
