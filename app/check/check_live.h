/*
 * check_live.h - the live evaluators: each check's verdict from the
 * probes of the running camera (chk_env.live, a struct probe), in
 * check_live.c, and of its ONVIF services in check_onvif.c.
 *
 * The engine calls them only when a scan has live evidence and combines
 * their verdict with the configuration's (spec section 4).  Evidence keys
 * start with "live_", so that a record shows both sides when they
 * disagree ({"auth":"digest","live_offers":"basic"}).  A probe that timed
 * out gives error/timeout, one refused or failed error/source_unavailable
 * (where a refused connection is itself the answer, as for RTSP, it is
 * judged instead); a probe not run (service off, camguard not on the
 * camera) gives not_checked/source_unavailable.
 */
#ifndef CAMGUARD_CHECK_LIVE_H
#define CAMGUARD_CHECK_LIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "check/check.h"
#include "platform/probe.h"

/* Listeners the VMS hardening guide §03 wants gone. */
#define CHK_LIVE_TCP_PORTS	{ 21, 22, 23 }		/* FTP, SSH, Telnet */
#define CHK_LIVE_UDP_PORTS	{ 1900, 5353, 3702 }	/* SSDP, mDNS, WS-Discovery */

struct probe_addr;

#define CHK_LIVE_DECL(name) \
	void name(const struct chk_env *, const struct policy_check *, \
	    struct chk_verdict *)

CHK_LIVE_DECL(chk_mx03_live);
CHK_LIVE_DECL(chk_mx06_live);
CHK_LIVE_DECL(chk_mx09_live);
CHK_LIVE_DECL(chk_mx10_live);
CHK_LIVE_DECL(chk_mx16_live);
CHK_LIVE_DECL(chk_mx16e_live);
CHK_LIVE_DECL(chk_mx16l_live);
CHK_LIVE_DECL(chk_mx16k_live);
CHK_LIVE_DECL(chk_mx16t_live);
CHK_LIVE_DECL(chk_mx18_live);
CHK_LIVE_DECL(chk_mx21_live);
CHK_LIVE_DECL(chk_vg01_live);
CHK_LIVE_DECL(chk_vg02_live);
CHK_LIVE_DECL(chk_vg03_live);
CHK_LIVE_DECL(chk_vg04_live);
CHK_LIVE_DECL(chk_vg08_live);

/*
 * What one anonymous ONVIF request showed, from least to most telling:
 * VG-08 takes the highest over its operations.
 */
enum chk_onvif {
	CHK_ONVIF_ABSENT,	/* no ONVIF service: 404, refused, not SOAP */
	CHK_ONVIF_UNSURE,	/* another fault, a redirect: no proof */
	CHK_ONVIF_REFUSED,	/* 400, 401, 403, ter:NotAuthorized */
	CHK_ONVIF_UNREADABLE,	/* malformed, too deep or big, unexpected */
	CHK_ONVIF_ERROR,	/* the request failed */
	CHK_ONVIF_TIMEOUT,
	CHK_ONVIF_ANSWERED,	/* the operation's response: data given */
};

/* Classify one request; what (evidence) says how it ended. */
enum chk_onvif chk_live_onvif_class(const struct probe_soap *,
	    enum probe_onvif_op, char *what, size_t whatsz);
/*
 * Add the WS-Discovery Probe to VG-03's live verdict v: its evidence,
 * and its result when that is worse (fail > error > pass > not_checked).
 */
void	chk_live_discovery(const struct chk_env *, struct chk_verdict *v);

/* Whether an interface address is public (Internet-routable). */
bool	chk_live_addr_public(const struct probe_addr *);
/* Whether a robots.txt tells every crawler "Disallow: /". */
bool	chk_live_robots_disallow_all(const char *body, size_t len);

#endif
