/*
 * check_onvif.c - the live evaluators of the camera's ONVIF services:
 * anonymous access to the device service (VG-08) and a WS-Discovery
 * service answering a unicast Probe (the part of VG-03 that is not a
 * listening socket, and the only one in remote audits).
 *
 * Reads what platform/probe_onvif.c recorded and judges it.  A reply
 * carries data when it holds the asked operation's response element in
 * the ONVIF device namespace, whatever its HTTP status; it refuses with
 * HTTP 400, 401 or 403 or a fault ter:NotAuthorized (also inside a 200);
 * it says there is no ONVIF service with 404, 405, 501, a refused
 * connection or a body that is no SOAP envelope; any other fault or a
 * redirect proves nothing either way; a reply that cannot be read
 * (malformed, nested too deep, too big, an unexpected element) is a
 * parse error.  The calls ONVIF allows before authentication
 * (GetSystemDateAndTime) are never asked, so never counted.  Any valid
 * SOAP answer from the discovery port means discovery is on.
 */
#include <stdio.h>
#include <string.h>

#include "check/check_eval.h"
#include "check/check_live.h"
#include "platform/probe.h"

static const char *const onvif_ops[PROBE_ONVIF_N_OPS] = PROBE_ONVIF_OPS;

/* How a refusing reply said so: the fault's subcode, or nothing. */
static const char *
onvif_refusal(const struct probe_soap *s)
{
	if (!s->have_body || s->parse_rc != SOAP_OK || !s->reply.fault)
		return "";
	return s->reply.not_authorized ? " NotAuthorized" : " fault";
}

/* A reply that was read: what its body says. */
static enum chk_onvif
onvif_body_class(const struct probe_soap *s, enum probe_onvif_op op,
    char *what, size_t sz)
{
	const struct soap_reply *r = &s->reply;
	int st = s->http.status;
	char want[SOAP_NAME_MAX + 8];

	if (s->parse_rc == SOAP_E_NOT_SOAP) {
		snprintf(what, sz, "%d not SOAP", st);
		return CHK_ONVIF_ABSENT;
	}
	if (s->parse_rc != SOAP_OK) {
		snprintf(what, sz, "%d %s", st, soap_strerror(s->parse_rc));
		return CHK_ONVIF_UNREADABLE;
	}
	if (r->fault && r->not_authorized) {
		snprintf(what, sz, "%d fault NotAuthorized", st);
		return CHK_ONVIF_REFUSED;
	}
	if (r->fault) {
		snprintf(what, sz, "%d fault %s%s%s", st, r->code.name,
		    r->subcode.name[0] ? "/" : "", r->subcode.name);
		return CHK_ONVIF_UNSURE;
	}
	snprintf(want, sizeof(want), "%sResponse", onvif_ops[op]);
	if (r->body.ns != SOAP_NS_ONVIF_DEVICE || strcmp(r->body.name, want)) {
		snprintf(what, sz, "%d unexpected %s", st, r->body.name);
		return CHK_ONVIF_UNREADABLE;
	}
	if (op == PROBE_ONVIF_USERS)
		snprintf(what, sz, "answered (%u users%s)", r->n_children,
		    r->complete ? "" : ", cut short");
	else
		snprintf(what, sz, "answered%s", r->complete ? "" :
		    " (cut short)");
	return CHK_ONVIF_ANSWERED;
}

enum chk_onvif
chk_live_onvif_class(const struct probe_soap *s, enum probe_onvif_op op,
    char *what, size_t sz)
{
	const struct probe_http *h = &s->http;

	switch (h->st) {
	case PROBE_OK:
		break;
	case PROBE_REFUSED:
		snprintf(what, sz, "refused");
		return CHK_ONVIF_ABSENT;
	case PROBE_TIMEOUT:
		snprintf(what, sz, "timeout: %s", h->why);
		return CHK_ONVIF_TIMEOUT;
	default:
		snprintf(what, sz, "%s: %s", probe_st_name(h->st), h->why);
		return CHK_ONVIF_ERROR;
	}
	if (h->status == 400 || h->status == 401 || h->status == 403) {
		snprintf(what, sz, "%d%s", h->status, onvif_refusal(s));
		return CHK_ONVIF_REFUSED;
	}
	if (h->status == 404 || h->status == 405 || h->status == 501) {
		snprintf(what, sz, "%d", h->status);
		return CHK_ONVIF_ABSENT;
	}
	if (h->status >= 300 && h->status < 400) {
		snprintf(what, sz, "%d redirect", h->status);
		return CHK_ONVIF_UNSURE;
	}
	if (!s->have_body) {
		snprintf(what, sz, "%d %s", h->status, s->too_big ?
		    "reply too big" : s->cut ? "reply truncated" : "no body");
		return CHK_ONVIF_UNREADABLE;
	}
	return onvif_body_class(s, op, what, sz);
}

void
chk_vg08_live(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	const struct probe_onvif *o = &env->live->onvif;
	enum chk_onvif c, worst = CHK_ONVIF_ABSENT;
	char what[CHK_EVVAL_MAX], key[CHK_EVKEY_MAX];
	size_t i;

	(void)pc;
	if (!o->port) {
		chk_set(v, CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE);
		chk_evidence(v, "live_onvif", "not_probed (web server off)");
		return;
	}
	chk_evidence(v, "live_onvif", "%s %u %s", o->scheme, o->port,
	    o->path);
	for (i = 0; i < PROBE_ONVIF_N_OPS; i++) {
		c = chk_live_onvif_class(&o->ops[i], (enum probe_onvif_op)i,
		    what, sizeof(what));
		snprintf(key, sizeof(key), "live_%s", onvif_ops[i]);
		chk_evidence(v, key, "%s", what);
		worst = c > worst ? c : worst;
	}
	switch (worst) {
	case CHK_ONVIF_ANSWERED:
		chk_set(v, CHK_FAIL, CHK_R_NONE);
		break;
	case CHK_ONVIF_TIMEOUT:
		chk_set(v, CHK_ERROR, CHK_R_TIMEOUT);
		break;
	case CHK_ONVIF_ERROR:
		chk_set(v, CHK_ERROR, CHK_R_SOURCE_UNAVAILABLE);
		break;
	case CHK_ONVIF_UNREADABLE:
		chk_set(v, CHK_ERROR, CHK_R_PARSE_ERROR);
		break;
	case CHK_ONVIF_REFUSED:
		chk_set(v, CHK_PASS, CHK_R_NONE);
		break;
	case CHK_ONVIF_UNSURE:
		chk_set(v, CHK_ERROR, CHK_R_UNKNOWN_VALUE);
		break;
	case CHK_ONVIF_ABSENT:
		chk_set(v, CHK_NOT_APPLICABLE, CHK_R_FEATURE_DISABLED);
		break;
	}
}

/* ---- WS-Discovery: part of VG-03 ------------------------------------- */

/* The Probe's own verdict. */
static void
wsd_verdict(const struct probe_wsd *d, struct chk_verdict *w)
{
	const struct soap_reply *r = &d->reply;

	if (!d->port) {
		chk_set(w, CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE);
		chk_evidence(w, "live_ws_discovery", "not_probed");
		return;
	}
	switch (d->st) {
	case PROBE_REFUSED:
		chk_set(w, CHK_PASS, CHK_R_NONE);
		chk_evidence(w, "live_ws_discovery", "refused (udp/%u)",
		    d->port);
		return;
	case PROBE_OK:
		break;
	default:
		chk_set(w, CHK_ERROR, d->st == PROBE_TIMEOUT ? CHK_R_TIMEOUT :
		    CHK_R_SOURCE_UNAVAILABLE);
		chk_evidence(w, "live_ws_discovery", "%s (udp/%u): %s%s",
		    probe_st_name(d->st), d->port, d->why,
		    d->n_ignored ? ", other datagrams ignored" : "");
		return;
	}
	if (d->parse_rc != SOAP_OK) {
		chk_set(w, CHK_ERROR, CHK_R_PARSE_ERROR);
		chk_evidence(w, "live_ws_discovery", "udp/%u answered: %s",
		    d->port, soap_strerror(d->parse_rc));
		return;
	}
	chk_set(w, CHK_FAIL, CHK_R_NONE);
	if ((r->body.ns == SOAP_NS_WSD_2005 || r->body.ns == SOAP_NS_WSD_2009)
	    && !strcmp(r->body.name, "ProbeMatches"))
		chk_evidence(w, "live_ws_discovery", "ProbeMatches (%u) on "
		    "udp/%u", r->n_children, d->port);
	else if (r->fault)
		chk_evidence(w, "live_ws_discovery", "fault %s on udp/%u",
		    r->subcode.name[0] ? r->subcode.name : r->code.name,
		    d->port);
	else
		chk_evidence(w, "live_ws_discovery", "%s on udp/%u",
		    r->body.name, d->port);
}

/* Fail outranks error, error pass, pass not_checked. */
static int
wsd_rank(enum chk_result r)
{
	switch (r) {
	case CHK_FAIL:
		return 3;
	case CHK_ERROR:
		return 2;
	case CHK_PASS:
		return 1;
	default:
		return 0;
	}
}

void
chk_live_discovery(const struct chk_env *env, struct chk_verdict *v)
{
	struct chk_verdict w;
	size_t i;

	memset(&w, 0, sizeof(w));
	wsd_verdict(&env->live->wsd, &w);
	for (i = 0; i < w.n_evidence; i++)
		chk_evidence_n(v, w.evidence[i].key, w.evidence[i].val,
		    strlen(w.evidence[i].val));
	if (wsd_rank(w.result) > wsd_rank(v->result))
		chk_set(v, w.result, w.reason);
}
