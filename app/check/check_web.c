/*
 * check_web.c - the camera's web server: crawler policy (Guide item 9),
 * authentication method (item 10), ports (item 11), certificate source
 * (item 16) and plain HTTP next to HTTPS (VMS §03), as the configuration
 * gives them.
 *
 * What the running server really does (the 401 challenge, robots.txt, the
 * served certificate) is the business of the live evaluators.
 */
#include "check/camcfg.h"
#include "check/check.h"
#include "check/check_eval.h"
#include "check/policy.h"

#define CHK_SET_CRAWLER	"allowed|forbidden"
#define CHK_SET_AUTH	"basic|digest"
#define CHK_SET_CERT	"factory|selfsigned|custom|acme"

void
chk_mx09_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	chk_judge_single(env, pc, "crawler", CHK_SET_CRAWLER, v);
}

void
chk_mx10_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	chk_judge_single(env, pc, "auth", CHK_SET_AUTH, v);
}

void
chk_mx16_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	chk_judge_single(env, pc, "cert", CHK_SET_CERT, v);
}

/*
 * Whether a port role (a comma list) holds the standard port std: 1, 0,
 * or -1 with the verdict set.  An empty list is the camera's default, the
 * standard port.
 */
static int
chk_port_std(const struct chk_env *env, const struct policy_check *pc,
    const char *role, long std, struct chk_verdict *v)
{
	struct chk_val val, item;
	size_t pos = 0;
	long port;
	int hit = 0;

	if (!chk_role_get(env, pc, role, &val, v))
		return -1;
	if (val.len == 0) {
		chk_evidence(v, role, "default");
		return 1;
	}
	while (camcfg_list_next(val.s, val.len, &pos, &item.s, &item.len)) {
		if (!chk_val_int(item, 1, 65535, &port)) {
			chk_set(v, CHK_ERROR, CHK_R_UNKNOWN_VALUE);
			chk_evidence_n(v, role, val.s, val.len);
			return -1;
		}
		hit |= port == std;
	}
	chk_evidence_n(v, role, val.s, val.len);
	return hit;
}

/* 1 when the protocol is on and uses its standard port, 0, -1. */
static int
chk_proto_std(const struct chk_env *env, const struct policy_check *pc,
    const char *on_role, const char *port_role, long std,
    struct chk_verdict *v)
{
	struct chk_val on;

	if (!chk_role_in(env, pc, on_role, CHK_SET_BOOL, &on, v))
		return -1;
	chk_evidence_n(v, on_role, on.s, on.len);
	if (chk_val_is(on, "0"))
		return 0;
	return chk_port_std(env, pc, port_role, std, v);
}

void
chk_mx11_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	int http, https;

	http = chk_proto_std(env, pc, "http", "http_ports", CHK_HTTP_STD_PORT,
	    v);
	if (http < 0)
		return;
	https = chk_proto_std(env, pc, "https", "https_port",
	    CHK_HTTPS_STD_PORT, v);
	if (https < 0)
		return;
	chk_set(v, http || https ? CHK_FAIL : CHK_PASS, CHK_R_NONE);
}

void
chk_vg02_cfg(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	struct chk_val https;
	int r;

	if (!chk_role_in(env, pc, "https", CHK_SET_BOOL, &https, v))
		return;
	chk_evidence_n(v, "https", https.s, https.len);
	r = chk_role_judge(env, pc, "http", CHK_SET_BOOL, v);
	if (r >= 0)
		chk_set(v, r ? CHK_PASS : CHK_FAIL, CHK_R_NONE);
}
