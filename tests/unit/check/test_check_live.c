/*
 * test_check_live.c - the live evaluators on probes made by hand, through
 * the engine: a live failure under a passing configuration fails with
 * both sides in the evidence, a live timeout gives error/timeout, host
 * probes of a camera that is not local are not_checked, certificate
 * limits at their edges, public and private addresses, robots.txt.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/camcfg.h"
#include "check/check.h"
#include "check/check_live.h"
#include "check/policy.h"
#include "platform/probe.h"

#define HARDENED	"examples/camera-hardened.cfg"
#define NOW		((time_t)1764000000)
#define DAY		86400

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

static void
good_cert(struct net_cert *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->issuer, sizeof(c->issuer), "CN=test-ca");
	c->not_before = NOW - 10 * DAY;
	c->not_after = NOW + 355 * DAY;
	snprintf(c->key_type, sizeof(c->key_type), "EC");
	c->key_bits = 256;
	snprintf(c->sig_hash, sizeof(c->sig_hash), "sha256");
}

/* A hardened camera as the probes see it: everything passes. */
static int
setup(void **state)
{
	size_t i;

	(void)state;
	memset(&pr, 0, sizeof(pr));
	pr.time = NOW;
	pr.host_local = true;
	snprintf(pr.web.scheme, sizeof(pr.web.scheme), "https");
	pr.web.port = 8443;
	pr.web.login = (struct probe_http){ PROBE_OK, 401, "" };
	pr.web.login_sent = true;
	pr.web.offers_digest = true;
	for (i = 0; i < PROBE_N_PAGES; i++)
		pr.web.pages[i] = (struct probe_http){ PROBE_OK, 401, "" };
	pr.web.robots = (struct probe_http){ PROBE_OK, 200, "" };
	pr.web.robots_len = (size_t)snprintf(pr.web.robots_body,
	    sizeof(pr.web.robots_body), "User-agent: *\nDisallow: /\n");
	pr.tls.port = 8443;
	pr.tls.st = PROBE_OK;
	pr.tls.tls10 = pr.tls.tls11 = PROBE_REFUSED;
	pr.tls.have_chain = pr.tls.ca_given = true;
	pr.tls.info.ca_checked = pr.tls.info.verified = true;
	pr.tls.info.n_certs = 1;
	good_cert(&pr.tls.info.certs[0]);
	pr.rtsp.port = 554;
	pr.rtsp.describe = (struct probe_http){ PROBE_OK, 401, "" };
	pr.tcp.st = pr.udp.st = pr.ifaddrs.st = PROBE_OK;
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
assert_result(const char *id, enum chk_result want, enum chk_reason why)
{
	const struct chk_record *r = run(id);

	if (r->result != want || r->v.reason != why)
		fail_msg("%s: %s/%s, want %s/%s", id, chk_result_name(r->result),
		    chk_reason_name(r->v.reason), chk_result_name(want),
		    chk_reason_name(why));
}

static void
test_a_hardened_camera_passes_every_live_check(void **state)
{
	static const char *const ids[] = { "MX-03", "MX-06", "MX-09", "MX-10",
		"MX-16", "MX-16E", "MX-16L", "MX-16K", "MX-16T", "MX-18",
		"MX-21", "VG-01", "VG-03", "VG-04" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		assert_result(ids[i], CHK_PASS, CHK_R_NONE);
	/* HTTP was not probed (off in the configuration): config decides */
	assert_result("VG-02", CHK_PASS, CHK_R_NONE);
	assert_string_equal(ev(run("VG-02"), "live_http"), "not_probed (off)");
}

static void
test_basic_offered_fails_with_both_sides_in_evidence(void **state)
{
	const struct chk_record *r;

	(void)state;
	pr.web.offers_basic = true;
	pr.web.offers_digest = false;
	r = run("MX-10");
	assert_int_equal(r->result, CHK_FAIL);
	assert_string_equal(ev(r, "auth"), "digest");
	assert_string_equal(ev(r, "live_offers"), "basic");
}

static void
test_default_login_accepted_fails_without_a_secret(void **state)
{
	const struct chk_record *r;
	size_t i;

	(void)state;
	pr.web.login.status = 200;
	r = run("MX-03");
	assert_int_equal(r->result, CHK_FAIL);
	assert_string_equal(ev(r, "live_default_login"), "accepted");
	for (i = 0; i < r->v.n_evidence; i++)
		assert_null(strstr(r->v.evidence[i].val, "meinsm"));
}

static void
test_a_live_timeout_under_a_passing_config_is_an_error(void **state)
{
	(void)state;
	pr.web.login = (struct probe_http){ PROBE_TIMEOUT, 0, "timed out" };
	assert_result("MX-03", CHK_ERROR, CHK_R_TIMEOUT);
	assert_result("MX-10", CHK_ERROR, CHK_R_TIMEOUT);
	assert_string_equal(ev(run("MX-03"), "live_default_login"),
	    "timeout: timed out");
	pr.tls.st = pr.tls.tls10 = pr.tls.tls11 = PROBE_TIMEOUT;
	pr.tls.have_chain = false;
	assert_result("MX-16T", CHK_ERROR, CHK_R_TIMEOUT);
	assert_result("MX-16E", CHK_ERROR, CHK_R_TIMEOUT);
	assert_result("MX-16", CHK_ERROR, CHK_R_TIMEOUT);
}

static void
test_one_public_page_fails_and_is_named(void **state)
{
	const struct chk_record *r;

	(void)state;
	pr.web.pages[1].status = 200;
	r = run("MX-06");
	assert_int_equal(r->result, CHK_FAIL);
	assert_string_equal(ev(r, "public"), "");
	assert_string_equal(ev(r, "live_public_pages"),
	    "/record/current.jpg");
}

static void
test_host_probes_off_the_camera_are_not_checked(void **state)
{
	(void)state;
	pr.host_local = false;
	pr.tcp.st = pr.udp.st = pr.ifaddrs.st = PROBE_NOT_RUN;
	/* MX-18 and VG-01 have clean configurations that prove nothing */
	assert_result("MX-18", CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE);
	assert_result("VG-01", CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE);
	assert_string_equal(ev(run("MX-18"), "live_host"), "not_loopback");
	assert_result("VG-03", CHK_PASS, CHK_R_NONE);
}

static void
test_listeners_fail_with_their_ports(void **state)
{
	(void)state;
	pr.tcp.n_ports = 3;
	pr.tcp.ports[0] = 21, pr.tcp.ports[1] = 22, pr.tcp.ports[2] = 23;
	pr.tcp.open[0] = pr.tcp.open[2] = true;
	assert_result("VG-01", CHK_FAIL, CHK_R_NONE);
	assert_string_equal(ev(run("VG-01"), "live_listening"),
	    "tcp/21 tcp/23");
}

static void
test_certificate_limits_at_their_edges(void **state)
{
	struct net_cert *c = &pr.tls.info.certs[0];

	(void)state;
	c->not_after = NOW + 30 * DAY;
	assert_result("MX-16E", CHK_PASS, CHK_R_NONE);
	c->not_after = NOW + 30 * DAY - 1;
	assert_result("MX-16E", CHK_FAIL, CHK_R_NONE);
	c->not_before = c->not_after - 730 * DAY;
	assert_result("MX-16L", CHK_PASS, CHK_R_NONE);
	c->not_before--;
	assert_result("MX-16L", CHK_FAIL, CHK_R_NONE);
	snprintf(c->key_type, sizeof(c->key_type), "RSA");
	c->key_bits = 2048;
	assert_result("MX-16K", CHK_PASS, CHK_R_NONE);
	c->key_bits = 1024;
	assert_result("MX-16K", CHK_FAIL, CHK_R_NONE);
	c->key_bits = 2048;
	snprintf(c->sig_hash, sizeof(c->sig_hash), "sha1");
	assert_result("MX-16K", CHK_FAIL, CHK_R_NONE);
}

static void
test_a_sha1_root_sent_along_is_not_held_against_the_leaf(void **state)
{
	struct net_cert *root = &pr.tls.info.certs[1];

	(void)state;
	good_cert(root);
	root->self_signed = true;
	snprintf(root->sig_hash, sizeof(root->sig_hash), "sha1");
	pr.tls.info.n_certs = 2;
	assert_result("MX-16K", CHK_PASS, CHK_R_NONE);
	root->key_bits = 160;
	assert_result("MX-16K", CHK_FAIL, CHK_R_NONE);
}

static void
test_trust_and_self_signed(void **state)
{
	(void)state;
	pr.tls.info.verify_flags = NET_VERIFY_NAME | NET_VERIFY_EXPIRED;
	assert_result("MX-16", CHK_PASS, CHK_R_NONE);
	pr.tls.info.verify_flags = NET_VERIFY_NOT_TRUSTED;
	assert_result("MX-16", CHK_FAIL, CHK_R_NONE);
	pr.tls.info.certs[0].self_signed = true;
	pr.tls.info.ca_checked = false;
	assert_result("MX-16", CHK_FAIL, CHK_R_NONE);
	assert_string_equal(ev(run("MX-16"), "live_chain"), "self-signed");
}

/*
 * Without camera.ca_file (and no policy bundle) nobody vouched for the
 * chain: MX-16 is not_checked (no_ca_file) though the configuration says
 * "custom"; a self-signed chain still fails.
 */
static void
test_no_ca_file_is_not_checked_unless_self_signed(void **state)
{
	(void)state;
	pr.tls.ca_given = false;
	pr.tls.info.ca_checked = pr.tls.info.verified = false;
	pr.tls.info.verify_flags = NET_VERIFY_NOT_TRUSTED;
	assert_result("MX-16", CHK_NOT_CHECKED, CHK_R_NO_CA_FILE);
	assert_string_equal(ev(run("MX-16"), "live_chain"), "no CA file");
	assert_string_equal(ev(run("MX-16"), "cert"), "custom");
	pr.tls.info.certs[0].self_signed = true;
	assert_result("MX-16", CHK_FAIL, CHK_R_NONE);
	assert_string_equal(ev(run("MX-16"), "live_chain"), "self-signed");
}

static void
test_old_tls_accepted_fails(void **state)
{
	(void)state;
	pr.tls.tls11 = PROBE_OK;
	assert_result("MX-16T", CHK_FAIL, CHK_R_NONE);
	assert_string_equal(ev(run("MX-16T"), "live_tls1_1"), "accepted");
}

static void
test_rtsp_answers(void **state)
{
	(void)state;
	pr.rtsp.describe.status = 200;
	assert_result("VG-04", CHK_FAIL, CHK_R_NONE);
	pr.rtsp.describe = (struct probe_http){ PROBE_REFUSED, 0, "" };
	assert_result("VG-04", CHK_PASS, CHK_R_NONE);
	pr.rtsp.describe = (struct probe_http){ PROBE_OK, 404, "" };
	assert_result("VG-04", CHK_ERROR, CHK_R_UNKNOWN_VALUE);
}

static void
test_ids_sources(void **state)
{
	(void)state;
	env.ids_sources_readable = 0;
	assert_result("MX-21", CHK_FAIL, CHK_R_NONE);
	/* one configured source unreadable: a log nobody watches */
	env.ids_sources_configured = 2;
	env.ids_sources_readable = 1;
	assert_result("MX-21", CHK_FAIL, CHK_R_NONE);
	assert_string_equal(ev(run("MX-21"), "live_ids_sources_unreadable"),
	    "1");
	env.ids_sources_readable = 2;
	assert_result("MX-21", CHK_PASS, CHK_R_NONE);
	env.ids_sources_readable = -1;
	assert_string_equal(ev(run("MX-21"), "live_ids"), "off");
	env.live = NULL;
	assert_result("MX-21", CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE);
}

static struct probe_addr
addr(const char *s)
{
	struct probe_addr a;
	unsigned b[16];
	size_t i;

	memset(&a, 0, sizeof(a));
	if (sscanf(s, "%u.%u.%u.%u", &b[0], &b[1], &b[2], &b[3]) == 4) {
		a.family = 4;
		for (i = 0; i < 4; i++)
			a.bytes[i] = (uint8_t)b[i];
		return a;
	}
	a.family = 6;
	for (i = 0; i < 16 && sscanf(s + 2 * i, "%2x", &b[0]) == 1; i++)
		a.bytes[i] = (uint8_t)b[0];
	return a;
}

static void
test_public_addresses_are_told_from_the_rest(void **state)
{
	static const char *const local[] = { "10.1.2.3", "172.31.0.1",
		"192.168.0.10", "169.254.3.4", "100.64.0.1", "100.127.255.254",
		"127.0.0.1", "192.0.2.2", "198.51.100.7", "203.0.113.9",
		"198.18.0.1", "224.0.0.251", "0.0.0.0", "255.255.255.255",
		"fe800000000000000000000000000001",	/* link-local */
		"fd000000000000000000000000000002",	/* ULA */
		"20010db8000000000000000000000001",	/* documentation */
		"00000000000000000000ffff0a000001",	/* mapped 10.0.0.1 */
		"00000000000000000000000000000001" };
	static const char *const public[] = { "8.8.8.8", "100.128.0.1",
		"172.32.0.1", "198.51.101.1", "192.0.3.1",
		"2a000000000000000000000000000001",
		"00000000000000000000ffff08080808" };
	struct probe_addr a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(local) / sizeof(local[0]); i++) {
		a = addr(local[i]);
		if (chk_live_addr_public(&a))
			fail_msg("%s called public", local[i]);
	}
	for (i = 0; i < sizeof(public) / sizeof(public[0]); i++) {
		a = addr(public[i]);
		if (!chk_live_addr_public(&a))
			fail_msg("%s not called public", public[i]);
	}
	pr.ifaddrs.n_addrs = 2;
	pr.ifaddrs.addrs[0] = addr("10.42.1.27");
	pr.ifaddrs.addrs[1] = addr("8.8.8.8");
	snprintf(pr.ifaddrs.addrs[1].ifname, 16, "wan0");
	assert_result("MX-18", CHK_FAIL, CHK_R_NONE);
	assert_string_equal(ev(run("MX-18"), "live_public_address"),
	    "8.8.8.8 (wan0)");
}

static void
test_robots_txt_must_disallow_root_for_every_agent(void **state)
{
	static const struct { const char *text; bool all; } cases[] = {
		{ "User-agent: *\nDisallow: /\n", true },
		{ "user-agent:*\r\ndisallow:/   # all\r\n", true },
		{ "User-agent: a\nUser-agent: *\nDisallow: /", true },
		{ "User-agent: *\nAllow: /x\nDisallow: /\n", true },
		{ "User-agent: *\nDisallow:\n", false },
		{ "User-agent: *\nDisallow: /admin\n", false },
		{ "User-agent: bot\nDisallow: /\n", false },
		{ "User-agent: *\nDisallow: /x\nUser-agent: b\nDisallow: /\n",
		  false },
		{ "# User-agent: *\n# Disallow: /\n", false },
		{ "", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (chk_live_robots_disallow_all(cases[i].text,
		    strlen(cases[i].text)) != cases[i].all)
			fail_msg("case %zu", i);
	pr.web.robots.status = 404;
	assert_result("MX-09", CHK_FAIL, CHK_R_NONE);
}

/* From a laptop: the camera's ports by connect, not the laptop's. */
static void
remote_probes(bool telnet_open)
{
	static const uint16_t ports[] = { 21, 22, 23 };

	env.remote = true;
	pr.host_local = false;
	memset(&pr.tcp, 0, sizeof(pr.tcp));
	pr.tcp.st = PROBE_OK;
	pr.tcp.by_connect = true;
	pr.tcp.n_ports = 3;
	memcpy(pr.tcp.ports, ports, sizeof(ports));
	pr.tcp.filtered[1] = true;
	pr.tcp.open[2] = telnet_open;
	pr.udp.st = pr.ifaddrs.st = PROBE_NOT_RUN;
}

static void
test_remote_audit_judges_the_camera_not_the_agent(void **state)
{
	const struct chk_record *r;

	(void)state;
	remote_probes(false);
	assert_result("MX-21", CHK_NOT_APPLICABLE, CHK_R_REMOTE_AUDIT);
	assert_result("VG-06", CHK_NOT_APPLICABLE, CHK_R_REMOTE_AUDIT);
	assert_string_equal(chk_reason_name(CHK_R_REMOTE_AUDIT),
	    "remote_audit");
	r = run("VG-01");
	assert_int_equal(r->result, CHK_PASS);
	assert_string_equal(ev(r, "live_connect"),
	    "tcp/21 closed tcp/22 filtered tcp/23 closed");
	/* the camera's addresses cannot be seen from here */
	r = run("MX-18");
	assert_int_equal(r->result, CHK_NOT_CHECKED);
	assert_string_equal(ev(r, "live_host"), "remote_audit");
	/* on the camera the same checks judge the agent */
	env.remote = false;
	assert_result("MX-21", CHK_PASS, CHK_R_NONE);
}

static void
test_remote_audit_fails_an_open_telnet_port(void **state)
{
	const struct chk_record *r;

	(void)state;
	remote_probes(true);
	r = run("VG-01");
	assert_int_equal(r->result, CHK_FAIL);
	assert_string_equal(ev(r, "live_connect"),
	    "tcp/21 closed tcp/22 filtered tcp/23 open");
	pr.tcp.st = PROBE_TIMEOUT;
	snprintf(pr.tcp.why, sizeof(pr.tcp.why), "probe budget spent");
	assert_result("VG-01", CHK_ERROR, CHK_R_TIMEOUT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
		T(test_a_hardened_camera_passes_every_live_check),
		T(test_basic_offered_fails_with_both_sides_in_evidence),
		T(test_default_login_accepted_fails_without_a_secret),
		T(test_a_live_timeout_under_a_passing_config_is_an_error),
		T(test_one_public_page_fails_and_is_named),
		T(test_host_probes_off_the_camera_are_not_checked),
		T(test_listeners_fail_with_their_ports),
		T(test_certificate_limits_at_their_edges),
		T(test_a_sha1_root_sent_along_is_not_held_against_the_leaf),
		T(test_trust_and_self_signed),
		T(test_no_ca_file_is_not_checked_unless_self_signed),
		T(test_old_tls_accepted_fails),
		T(test_rtsp_answers),
		T(test_ids_sources),
		T(test_public_addresses_are_told_from_the_rest),
		T(test_robots_txt_must_disallow_root_for_every_agent),
		T(test_remote_audit_judges_the_camera_not_the_agent),
		T(test_remote_audit_fails_an_open_telnet_port),
#undef T
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
