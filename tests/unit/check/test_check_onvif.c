/*
 * test_check_onvif.c - VG-08 and the WS-Discovery part of VG-03 on
 * probes made by hand, through the engine, with replies read by the real
 * SOAP reader: an anonymous answer fails and names the operations, a
 * refusal in any form passes (400, 401, 403, ter:NotAuthorized in a 400
 * or a 200), no service is not_applicable, timeouts and unreadable
 * replies are errors with their reason, other faults prove nothing; a
 * ProbeMatches fails VG-03 under a passing configuration, also for a
 * camera that is not local, and a closed discovery port passes it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "check/camcfg.h"
#include "check/check.h"
#include "check/check_live.h"
#include "check/policy.h"
#include "platform/probe.h"
#include "proto/soap_parse.h"

#define HARDENED	"examples/camera-hardened.cfg"
#define NOW		((time_t)1764000000)
#define ENV	"<s:Envelope" \
		" xmlns:s='http://www.w3.org/2003/05/soap-envelope'" \
		" xmlns:t='http://www.onvif.org/ver10/device/wsdl'" \
		" xmlns:ter='http://www.onvif.org/ver10/error'><s:Body>"
#define DEVINFO	ENV "<t:GetDeviceInformationResponse><t:Model>M16" \
		"</t:Model></t:GetDeviceInformationResponse></s:Body>"
#define USERS	ENV "<t:GetUsersResponse><t:User/><t:User/><t:User/>" \
		"</t:GetUsersResponse></s:Body>"
#define DENIED	ENV "<s:Fault><s:Code><s:Value>s:Sender</s:Value>" \
		"<s:Subcode><s:Value>ter:NotAuthorized</s:Value></s:Subcode>" \
		"</s:Code></s:Fault></s:Body>"
#define NOTSUP	ENV "<s:Fault><s:Code><s:Value>s:Receiver</s:Value>" \
		"<s:Subcode><s:Value>ter:ActionNotSupported</s:Value>" \
		"</s:Subcode></s:Code></s:Fault></s:Body>"
#define MATCHES	"<s:Envelope xmlns:s='http://www.w3.org/2003/05/" \
		"soap-envelope' xmlns:d='http://schemas.xmlsoap.org/ws/" \
		"2005/04/discovery'><s:Body><d:ProbeMatches><d:ProbeMatch/>" \
		"</d:ProbeMatches></s:Body></s:Envelope>"

static char text[16384];
static struct camcfg cfg;
static struct policy pol;
static struct chk_scan scan;
static struct chk_env env;
static struct probe pr;

static int
group_setup(void **state)
{
	struct camcfg_error err;
	FILE *f = fopen(HARDENED, "rb");
	size_t n;

	(void)state;
	if (!f)
		return -1;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	if (camcfg_parse(text, n, &cfg, &err) != CAMCFG_OK)
		return -1;
	return policy_load(&pol, NULL, stderr);
}

/* One operation's reply: its status and body, read as the probe does. */
static void
reply(enum probe_onvif_op op, int status, const char *body)
{
	struct probe_soap *s = &pr.onvif.ops[op];

	memset(s, 0, sizeof(*s));
	s->http = (struct probe_http){ PROBE_OK, status, "" };
	if (body) {
		s->have_body = true;
		s->parse_rc = soap_parse(body, strlen(body), &s->reply);
	}
}

static void
ended(enum probe_onvif_op op, enum probe_st st, const char *why)
{
	struct probe_soap *s = &pr.onvif.ops[op];

	memset(s, 0, sizeof(*s));
	s->http.st = st;
	snprintf(s->http.why, sizeof(s->http.why), "%s", why);
}

static void
discovery(enum probe_st st, const char *body)
{
	memset(&pr.wsd, 0, sizeof(pr.wsd));
	pr.wsd.port = 3702;
	pr.wsd.st = st;
	if (st == PROBE_TIMEOUT)
		snprintf(pr.wsd.why, sizeof(pr.wsd.why), "no answer");
	if (body)
		pr.wsd.parse_rc = soap_parse(body, strlen(body),
		    &pr.wsd.reply);
}

/* A hardened camera's ONVIF as the probes see it: refused, port closed. */
static int
setup(void **state)
{
	(void)state;
	memset(&pr, 0, sizeof(pr));
	pr.time = NOW;
	pr.host_local = true;
	pr.tcp.st = pr.udp.st = pr.ifaddrs.st = PROBE_OK;
	snprintf(pr.onvif.scheme, sizeof(pr.onvif.scheme), "https");
	pr.onvif.port = 8443;
	snprintf(pr.onvif.path, sizeof(pr.onvif.path),
	    "/onvif/device_service");
	reply(PROBE_ONVIF_DEVINFO, 400, DENIED);
	reply(PROBE_ONVIF_USERS, 401, NULL);
	discovery(PROBE_REFUSED, NULL);
	memset(&env, 0, sizeof(env));
	env.cfg = &cfg;
	env.policy = &pol;
	env.live = &pr;
	env.ids_sources_readable = 1;
	return 0;
}

static const struct chk_record *
run(const char *id)
{
	size_t i;

	chk_run(&env, NULL, NOW, &scan);
	for (i = 0; i < scan.n_records; i++)
		if (!strcmp(scan.records[i].def->id, id))
			return &scan.records[i];
	fail_msg("no record %s", id);
	return NULL;
}

static const char *
ev(const struct chk_record *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->v.n_evidence; i++)
		if (!strcmp(r->v.evidence[i].key, key))
			return r->v.evidence[i].val;
	return "(none)";
}

static void
assert_vg08(enum chk_result want, enum chk_reason why)
{
	const struct chk_record *r = run("VG-08");

	if (r->result != want || r->v.reason != why)
		fail_msg("VG-08 %s/%s, want %s/%s (%s; %s)",
		    chk_result_name(r->result), chk_reason_name(r->v.reason),
		    chk_result_name(want), chk_reason_name(why),
		    ev(r, "live_GetDeviceInformation"), ev(r, "live_GetUsers"));
}

static void
test_refusals_pass_with_what_each_operation_got(void **state)
{
	const struct chk_record *r;

	(void)state;
	r = run("VG-08");
	assert_int_equal(r->result, CHK_PASS);
	assert_string_equal(ev(r, "live_onvif"),
	    "https 8443 /onvif/device_service");
	assert_string_equal(ev(r, "live_GetDeviceInformation"),
	    "400 NotAuthorized");
	assert_string_equal(ev(r, "live_GetUsers"), "401");
	assert_string_equal(r->pc->title, "No anonymous ONVIF access");
	assert_int_equal(r->pc->severity, CHK_SEV_HIGH);
}

static void
test_anonymous_answers_fail_and_are_named(void **state)
{
	const struct chk_record *r;

	(void)state;
	reply(PROBE_ONVIF_DEVINFO, 200, DEVINFO);
	reply(PROBE_ONVIF_USERS, 200, USERS);
	r = run("VG-08");
	assert_int_equal(r->result, CHK_FAIL);
	assert_string_equal(ev(r, "live_GetDeviceInformation"), "answered");
	assert_string_equal(ev(r, "live_GetUsers"), "answered (3 users)");
	assert_true(scan.counts.fail_high >= 1);
}

static void
test_one_operation_answered_is_enough_to_fail(void **state)
{
	(void)state;
	reply(PROBE_ONVIF_USERS, 200, USERS);
	assert_vg08(CHK_FAIL, CHK_R_NONE);
	/* also when the other one timed out */
	ended(PROBE_ONVIF_DEVINFO, PROBE_TIMEOUT, "timed out");
	assert_vg08(CHK_FAIL, CHK_R_NONE);
}

static void
test_a_fault_in_a_200_is_not_an_answer(void **state)
{
	const struct chk_record *r;

	(void)state;
	reply(PROBE_ONVIF_DEVINFO, 200, DENIED);
	reply(PROBE_ONVIF_USERS, 200, DENIED);
	r = run("VG-08");
	assert_int_equal(r->result, CHK_PASS);
	assert_string_equal(ev(r, "live_GetUsers"), "200 fault NotAuthorized");
	/* a 403 and a bare 400 refuse too */
	reply(PROBE_ONVIF_DEVINFO, 403, NULL);
	reply(PROBE_ONVIF_USERS, 400, "Bad Request");
	assert_vg08(CHK_PASS, CHK_R_NONE);
}

static void
test_no_onvif_service_is_not_applicable(void **state)
{
	const struct chk_record *r;

	(void)state;
	reply(PROBE_ONVIF_DEVINFO, 404, "<html>Not Found</html>");
	reply(PROBE_ONVIF_USERS, 200, "<!DOCTYPE html><html></html>");
	r = run("VG-08");
	assert_int_equal(r->result, CHK_NOT_APPLICABLE);
	assert_int_equal(r->v.reason, CHK_R_FEATURE_DISABLED);
	assert_string_equal(ev(r, "live_GetUsers"), "200 not SOAP");
	ended(PROBE_ONVIF_DEVINFO, PROBE_REFUSED, "refused");
	ended(PROBE_ONVIF_USERS, PROBE_REFUSED, "refused");
	assert_vg08(CHK_NOT_APPLICABLE, CHK_R_FEATURE_DISABLED);
}

static void
test_timeouts_and_failures_are_errors(void **state)
{
	const struct chk_record *r;

	(void)state;
	ended(PROBE_ONVIF_DEVINFO, PROBE_TIMEOUT, "timed out");
	r = run("VG-08");
	assert_int_equal(r->result, CHK_ERROR);
	assert_int_equal(r->v.reason, CHK_R_TIMEOUT);
	assert_string_equal(ev(r, "live_GetDeviceInformation"),
	    "timeout: timed out");
	ended(PROBE_ONVIF_DEVINFO, PROBE_ERROR, "TLS handshake failed");
	assert_vg08(CHK_ERROR, CHK_R_SOURCE_UNAVAILABLE);
}

static void
test_unreadable_replies_are_parse_errors(void **state)
{
	static const struct {
		const char	*body;
		enum chk_result	 r;
	} cases[] = {
		/* cut inside the answer: the camera did answer */
		{ ENV "<t:GetUsersResponse><t:User>", CHK_FAIL },
		/* cut before it, another namespace, nested too deep */
		{ ENV "<t:GetUsersResponse", CHK_ERROR },
		{ "<s:Envelope xmlns:s='urn:not-soap'><s:Body/>", CHK_ERROR },
		{ ENV "<x:GetUsersResponse xmlns:x='urn:other'/>", CHK_ERROR },
		{ "<s:Envelope xmlns:s='http://www.w3.org/2003/05/"
		  "soap-envelope'>"
		  "<s:Header><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a>"
		  "<a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a>",
		  CHK_ERROR },
		{ ENV "<t:GetDeviceInformationResponse/>", CHK_ERROR },
	};
	const struct chk_record *r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("%s\n", cases[i].body);
		reply(PROBE_ONVIF_USERS, 200, cases[i].body);
		assert_vg08(cases[i].r, cases[i].r == CHK_FAIL ? CHK_R_NONE :
		    CHK_R_PARSE_ERROR);
	}
	r = run("VG-08");
	assert_string_equal(ev(r, "live_GetUsers"),
	    "200 unexpected GetDeviceInformationResponse");
	reply(PROBE_ONVIF_USERS, 200, cases[0].body);
	assert_string_equal(ev(run("VG-08"), "live_GetUsers"),
	    "answered (1 users, cut short)");
	reply(PROBE_ONVIF_USERS, 200, NULL);
	pr.onvif.ops[PROBE_ONVIF_USERS].too_big = true;
	r = run("VG-08");
	assert_int_equal(r->v.reason, CHK_R_PARSE_ERROR);
	assert_string_equal(ev(r, "live_GetUsers"), "200 reply too big");
}

static void
test_other_faults_prove_nothing_unless_another_refuses(void **state)
{
	const struct chk_record *r;

	(void)state;
	reply(PROBE_ONVIF_USERS, 500, NOTSUP);
	assert_vg08(CHK_PASS, CHK_R_NONE);
	reply(PROBE_ONVIF_DEVINFO, 500, NOTSUP);
	r = run("VG-08");
	assert_int_equal(r->result, CHK_ERROR);
	assert_int_equal(r->v.reason, CHK_R_UNKNOWN_VALUE);
	assert_string_equal(ev(r, "live_GetUsers"),
	    "500 fault Receiver/ActionNotSupported");
	reply(PROBE_ONVIF_DEVINFO, 302, NULL);
	reply(PROBE_ONVIF_USERS, 302, NULL);
	assert_vg08(CHK_ERROR, CHK_R_UNKNOWN_VALUE);
}

static void
test_not_probed_or_no_live_evidence_is_not_checked(void **state)
{
	const struct chk_record *r;

	(void)state;
	memset(&pr.onvif, 0, sizeof(pr.onvif));
	r = run("VG-08");
	assert_int_equal(r->result, CHK_NOT_CHECKED);
	assert_string_equal(ev(r, "live_onvif"), "not_probed (web server off)");
	env.live = NULL;
	assert_vg08(CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE);
}

static void
test_probe_matches_fail_vg03_under_a_passing_config(void **state)
{
	const struct chk_record *r;

	(void)state;
	r = run("VG-03");
	assert_int_equal(r->result, CHK_PASS);
	assert_string_equal(ev(r, "live_ws_discovery"), "refused (udp/3702)");
	discovery(PROBE_OK, MATCHES);
	r = run("VG-03");
	assert_int_equal(r->result, CHK_FAIL);
	assert_string_equal(ev(r, "onvif_discovery"), "0");
	assert_string_equal(ev(r, "live_listening"), "none");
	assert_string_equal(ev(r, "live_ws_discovery"),
	    "ProbeMatches (1) on udp/3702");
}

static void
test_a_remote_camera_is_judged_by_its_probe(void **state)
{
	const struct chk_record *r;

	(void)state;
	pr.host_local = false;
	r = run("VG-03");
	assert_int_equal(r->result, CHK_PASS);
	assert_string_equal(ev(r, "live_host"), "not_loopback");
	discovery(PROBE_OK, MATCHES);
	assert_int_equal(run("VG-03")->result, CHK_FAIL);
	/* without the Probe, a remote camera's listeners are unknown */
	memset(&pr.wsd, 0, sizeof(pr.wsd));
	r = run("VG-03");
	assert_int_equal(r->result, CHK_PASS);	/* the configuration's */
	assert_string_equal(ev(r, "live_ws_discovery"), "not_probed");
}

static void
test_silence_and_garbage_on_the_discovery_port_are_errors(void **state)
{
	const struct chk_record *r;

	(void)state;
	discovery(PROBE_TIMEOUT, NULL);
	r = run("VG-03");
	assert_int_equal(r->result, CHK_ERROR);
	assert_int_equal(r->v.reason, CHK_R_TIMEOUT);
	assert_string_equal(ev(r, "live_ws_discovery"),
	    "timeout (udp/3702): no answer");
	discovery(PROBE_OK, "HELLO");
	r = run("VG-03");
	assert_int_equal(r->result, CHK_ERROR);
	assert_int_equal(r->v.reason, CHK_R_PARSE_ERROR);
	discovery(PROBE_OK, DENIED);	/* a SOAP fault: a service is there */
	r = run("VG-03");
	assert_int_equal(r->result, CHK_FAIL);
	assert_string_equal(ev(r, "live_ws_discovery"),
	    "fault NotAuthorized on udp/3702");
}

static void
test_a_listener_still_fails_vg03_when_the_probe_is_refused(void **state)
{
	const struct chk_record *r;

	(void)state;
	pr.udp.n_ports = 1;
	pr.udp.ports[0] = 1900;
	pr.udp.open[0] = true;
	r = run("VG-03");
	assert_int_equal(r->result, CHK_FAIL);
	assert_string_equal(ev(r, "live_listening"), "udp/1900");
	assert_string_equal(ev(r, "live_ws_discovery"), "refused (udp/3702)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
		T(test_refusals_pass_with_what_each_operation_got),
		T(test_anonymous_answers_fail_and_are_named),
		T(test_one_operation_answered_is_enough_to_fail),
		T(test_a_fault_in_a_200_is_not_an_answer),
		T(test_no_onvif_service_is_not_applicable),
		T(test_timeouts_and_failures_are_errors),
		T(test_unreadable_replies_are_parse_errors),
		T(test_other_faults_prove_nothing_unless_another_refuses),
		T(test_not_probed_or_no_live_evidence_is_not_checked),
		T(test_probe_matches_fail_vg03_under_a_passing_config),
		T(test_a_remote_camera_is_judged_by_its_probe),
		T(test_silence_and_garbage_on_the_discovery_port_are_errors),
		T(test_a_listener_still_fails_vg03_when_the_probe_is_refused),
#undef T
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
