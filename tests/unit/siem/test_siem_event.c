/*
 * test_siem_event.c - what each camguard event looks like to a SIEM
 * (app/siem/siem_event.c): the MSGID, severity and facility of every
 * kind, the exact SD-PARAMs a collector indexes, times in RFC 3339 UTC,
 * and that outside text (a user name from a log) stays one value however
 * hostile it is.  Every message is read back with the strict reader of
 * rfc5424_check.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "siem/siem_event.h"
#include "rfc5424_check.h"

#define T_SEC		1700000000	/* 2023-11-14T22:13:20Z */
#define FAC_AUTHPRIV	10

static char out[SIEM_MSG_MAX + 64];
static struct r5_msg r;

static const struct siem_origin origin = {
	.facility = FAC_AUTHPRIV, .hostname = "gw01", .app_name = "camguard",
	.procid = "4242", .camera = "cam-lobby-01",
};

static struct siem_event
event(enum siem_kind k)
{
	struct siem_event e;

	memset(&e, 0, sizeof(e));
	e.kind = k;
	e.seq = 17;
	e.sec = T_SEC;
	e.usec = 250;
	return e;
}

static void
format_ok(const struct siem_event *e, const struct siem_origin *o)
{
	int n = siem_event_format(out, sizeof(out), e, o);

	assert_true(n > 0);
	assert_true(n <= SIEM_MSG_MAX);
	assert_int_equal(r5_parse(out, (size_t)n, &r), 0);
	assert_string_equal(r.sd_id, SIEM_SD_ID);
}

/* The params as "name=value;" in order, to compare in one go. */
static const char *
params(void)
{
	static char s[4096];
	size_t i, o = 0;

	s[0] = '\0';
	for (i = 0; i < r.nparams; i++)
		o += (size_t)snprintf(s + o, sizeof(s) - o, "%s=%s;",
		    r.params[i].name, r.params[i].value);
	return s;
}

static struct siem_event
alarm(void)
{
	struct siem_event e = event(SIEM_EV_ALARM);
	struct ids_decision *d = &e.u.ids.d;

	d->action = IDS_ALARM;
	assert_int_equal(addr_parse_net("192.0.2.9", 9, &d->net), 0);
	d->attempts = 7;
	d->first_seen = T_SEC - 60;
	d->last_seen = T_SEC;
	d->has_user = true;
	snprintf(d->user, sizeof(d->user), "admin");
	d->blocked = true;
	e.u.ids.until = T_SEC + 600;
	return e;
}

static void
test_alarm_has_header_and_every_param(void **state)
{
	struct siem_event e = alarm();

	(void)state;
	format_ok(&e, &origin);
	assert_int_equal(r.pri, FAC_AUTHPRIV * 8 + 4);	/* warning */
	assert_string_equal(r.ts, "2023-11-14T22:13:20.000250Z");
	assert_string_equal(r.host, "gw01");
	assert_string_equal(r.app, "camguard");
	assert_string_equal(r.procid, "4242");
	assert_string_equal(r.msgid, "ALARM");
	assert_string_equal(params(), "camera=cam-lobby-01;seq=17;"
	    "ip=192.0.2.9;prefix=32;attempts=7;"
	    "first_seen=2023-11-14T22:12:20Z;last_seen=2023-11-14T22:13:20Z;"
	    "user=admin;allowlisted=false;blocked=true;"
	    "until=2023-11-14T22:23:20Z;");
	assert_string_equal(r.msg,
	    "brute force: 7 failed logins from 192.0.2.9/32, blocked");
}

static void
test_alarm_not_blocked_has_no_until_nor_user_when_none(void **state)
{
	struct siem_event e = alarm();

	(void)state;
	e.u.ids.d.blocked = false;
	e.u.ids.d.allowlisted = true;
	e.u.ids.d.has_user = false;
	format_ok(&e, &origin);
	assert_null(strstr(params(), "until="));
	assert_null(strstr(params(), "user="));
	assert_non_null(strstr(params(), "allowlisted=true;blocked=false;"));
	assert_string_equal(r.msg,
	    "brute force: 7 failed logins from 192.0.2.9/32, allowlisted");
}

/* The user name is the attacker's: it must stay one value. */
static void
test_hostile_user_stays_one_value(void **state)
{
	static const char hostile[] = "a\"] [camguard@32473 forged=\"1\"]\n"
	    "<13>1 - evil - - - x\\";
	struct siem_event e = alarm();

	(void)state;
	snprintf(e.u.ids.d.user, sizeof(e.u.ids.d.user), "%s", hostile);
	format_ok(&e, &origin);
	assert_int_equal(r.nparams, 11);
	assert_string_equal(r.params[7].name, "user");
	/* unescaped by the reader: the original, the newline as \x0a */
	assert_string_equal(r.params[7].value, "a\"] [camguard@32473 "
	    "forged=\"1\"]\\x0a<13>1 - evil - - - x\\");
	assert_null(strchr(out, '\n'));
	assert_null(strstr(params(), "forged=1"));
}

static void
test_block_until_reboot_and_release(void **state)
{
	struct siem_event e = alarm();

	(void)state;
	e.kind = SIEM_EV_BLOCK;
	e.u.ids.d.action = IDS_BLOCK;
	e.u.ids.until = 0;
	format_ok(&e, &origin);
	assert_int_equal(r.pri, FAC_AUTHPRIV * 8 + 5);	/* notice */
	assert_string_equal(r.msgid, "BLOCK");
	assert_string_equal(params(), "camera=cam-lobby-01;seq=17;"
	    "ip=192.0.2.9;prefix=32;attempts=7;until=reboot;");
	assert_string_equal(r.msg, "192.0.2.9/32 blocked after 7 failed "
	    "logins");
	e.kind = SIEM_EV_RELEASE;
	e.u.ids.d.action = IDS_RELEASE;
	format_ok(&e, &origin);
	assert_int_equal(r.pri, FAC_AUTHPRIV * 8 + 6);	/* info */
	assert_string_equal(r.msgid, "RELEASE");
	assert_string_equal(params(), "camera=cam-lobby-01;seq=17;"
	    "ip=192.0.2.9;prefix=32;");
	assert_string_equal(r.msg, "block of 192.0.2.9/32 ended");
}

/* ids.fleet: another camera's block, held here, names that camera. */
static void
test_shared_block_names_its_origin(void **state)
{
	struct siem_event e = alarm();

	(void)state;
	e.kind = SIEM_EV_BLOCK;
	e.u.ids.d.action = IDS_BLOCK;
	snprintf(e.u.ids.origin, sizeof(e.u.ids.origin), "cam-gate-02");
	format_ok(&e, &origin);
	assert_string_equal(params(), "camera=cam-lobby-01;seq=17;"
	    "ip=192.0.2.9;prefix=32;origin=cam-gate-02;"
	    "until=2023-11-14T22:23:20Z;");
	assert_string_equal(r.msg, "192.0.2.9/32 blocked, shared by "
	    "cam-gate-02");
	e.kind = SIEM_EV_RELEASE;
	e.u.ids.d.action = IDS_RELEASE;
	format_ok(&e, &origin);
	assert_string_equal(params(), "camera=cam-lobby-01;seq=17;"
	    "ip=192.0.2.9;prefix=32;origin=cam-gate-02;");
	assert_string_equal(r.msg, "block of 192.0.2.9/32 ended, shared by "
	    "cam-gate-02");
}

static void
test_ipv6_source_is_its_network(void **state)
{
	struct siem_event e = alarm();
	const char *v6 = "2001:db8:aaaa:bbbb::/64";

	(void)state;
	assert_int_equal(addr_parse_net(v6, strlen(v6), &e.u.ids.d.net), 0);
	format_ok(&e, &origin);
	assert_non_null(strstr(params(), "ip=2001:db8:aaaa:bbbb::;"
	    "prefix=64;"));
}

static void
test_check_change_and_its_severity(void **state)
{
	struct siem_event e = event(SIEM_EV_CHECK);

	(void)state;
	snprintf(e.u.check.id, sizeof(e.u.check.id), "MX-03");
	snprintf(e.u.check.title, sizeof(e.u.check.title),
	    "Default admin password changed");
	e.u.check.from = CHK_PASS;
	e.u.check.to = CHK_FAIL;
	e.u.check.severity = CHK_SEV_CRITICAL;
	e.u.check.time = T_SEC;
	format_ok(&e, &origin);
	assert_int_equal(r.pri, FAC_AUTHPRIV * 8 + 4);
	assert_string_equal(r.msgid, "CHECK");
	assert_string_equal(params(), "camera=cam-lobby-01;seq=17;id=MX-03;"
	    "from=pass;to=fail;severity=critical;time=2023-11-14T22:13:20Z;");
	assert_string_equal(r.msg,
	    "MX-03 Default admin password changed: pass -> fail");
	e.u.check.from = CHK_FAIL;
	e.u.check.to = CHK_PASS;
	format_ok(&e, &origin);
	assert_int_equal(r.pri, FAC_AUTHPRIV * 8 + 5);
	e.u.check.to = CHK_MANUAL;
	format_ok(&e, &origin);
	assert_int_equal(r.pri, FAC_AUTHPRIV * 8 + 6);
}

static void
test_scan_summary_counts_everything(void **state)
{
	struct siem_event e = event(SIEM_EV_SCAN);
	struct siem_ev_scan *s = &e.u.scan;

	(void)state;
	s->n = 3;
	s->counts.n[CHK_PASS] = 20;
	s->counts.n[CHK_FAIL] = 5;
	s->counts.n[CHK_NOT_APPLICABLE] = 1;
	s->counts.n[CHK_MANUAL] = 4;
	s->counts.n[CHK_ERROR] = 2;
	s->counts.n[CHK_NOT_CHECKED] = 6;
	s->counts.n[CHK_WAIVED] = 1;
	s->counts.fail_critical = 1;
	s->counts.fail_high = 2;
	s->score_valid = 1;
	s->score = 0.8;
	snprintf(s->model, sizeof(s->model), "MX-M16B");
	snprintf(s->firmware, sizeof(s->firmware), "MX-V5.4.2.29");
	snprintf(s->state, sizeof(s->state), "0123456789abcdef");
	format_ok(&e, &origin);
	assert_string_equal(r.msgid, "SCAN");
	assert_string_equal(params(), "camera=cam-lobby-01;seq=17;scan=3;"
	    "score=0.800;pass=20;fail=5;not_applicable=1;manual=4;error=2;"
	    "not_checked=6;waived=1;fail_critical=1;fail_high=2;"
	    "model=MX-M16B;firmware=MX-V5.4.2.29;");
	assert_string_equal(r.msg, "scan 3: 20 pass, 5 fail (1 critical, "
	    "2 high), state 0123456789ab");
	s->score_valid = 0;
	format_ok(&e, &origin);
	assert_non_null(strstr(params(), ";score=none;"));
}

static void
test_commands_and_reloads_say_who_what_and_result(void **state)
{
	struct siem_event e = event(SIEM_EV_COMMAND);

	(void)state;
	snprintf(e.u.audit.who, sizeof(e.u.audit.who), "control uid=0");
	snprintf(e.u.audit.what, sizeof(e.u.audit.what),
	    "block 198.51.100.7/32");
	snprintf(e.u.audit.result, sizeof(e.u.audit.result), "ok");
	format_ok(&e, &origin);
	assert_int_equal(r.pri, FAC_AUTHPRIV * 8 + 5);
	assert_string_equal(r.msgid, "COMMAND");
	assert_string_equal(params(), "camera=cam-lobby-01;seq=17;"
	    "who=control uid=0;cmd=block 198.51.100.7/32;result=ok;");
	assert_string_equal(r.msg,
	    "control uid=0 asked for block 198.51.100.7/32: ok");
	snprintf(e.u.audit.result, sizeof(e.u.audit.result),
	    "firewall refused");
	format_ok(&e, &origin);
	assert_int_equal(r.pri, FAC_AUTHPRIV * 8 + 4);
	e.kind = SIEM_EV_RELOAD;
	snprintf(e.u.audit.who, sizeof(e.u.audit.who), "signal");
	snprintf(e.u.audit.result, sizeof(e.u.audit.result),
	    "failed: camguard.json:3:5: unknown key");
	format_ok(&e, &origin);
	assert_string_equal(r.msgid, "RELOAD");
	assert_int_equal(r.pri, FAC_AUTHPRIV * 8 + 4);
	assert_string_equal(params(), "camera=cam-lobby-01;seq=17;"
	    "who=signal;result=failed: camguard.json:3:5: unknown key;");
	assert_string_equal(r.msg, "configuration not reloaded: failed: "
	    "camguard.json:3:5: unknown key");
}

static void
test_start_stop_and_dropped(void **state)
{
	struct siem_event e = event(SIEM_EV_START);

	(void)state;
	snprintf(e.u.life.version, sizeof(e.u.life.version), "0.1.0");
	format_ok(&e, &origin);
	assert_string_equal(r.msgid, "START");
	assert_string_equal(params(), "camera=cam-lobby-01;seq=17;"
	    "version=0.1.0;");
	e.kind = SIEM_EV_STOP;
	e.u.life.uptime_s = 3600;
	format_ok(&e, &origin);
	assert_string_equal(r.msgid, "STOP");
	assert_string_equal(params(), "camera=cam-lobby-01;seq=17;"
	    "version=0.1.0;uptime_s=3600;");
	e = event(SIEM_EV_DROPPED);
	e.u.dropped.n = 30;
	e.u.dropped.total = 45;
	format_ok(&e, &origin);
	assert_int_equal(r.pri, FAC_AUTHPRIV * 8 + 4);
	assert_string_equal(r.msgid, "DROPPED");
	assert_string_equal(params(), "camera=cam-lobby-01;seq=17;"
	    "dropped=30;dropped_total=45;");
}

/* Every string of the kind's part of the event at its longest. */
static void
fill_longest(struct siem_event *e)
{
	if (e->kind != SIEM_EV_ALARM && e->kind != SIEM_EV_BLOCK &&
	    e->kind != SIEM_EV_RELEASE)
		memset(&e->u, 0, sizeof(e->u));
	switch (e->kind) {
	case SIEM_EV_ALARM:
	case SIEM_EV_BLOCK:
	case SIEM_EV_RELEASE:
		memset(e->u.ids.d.user, '"', sizeof(e->u.ids.d.user) - 1);
		e->u.ids.d.has_user = true;
		memset(e->u.ids.origin, ']', sizeof(e->u.ids.origin) - 1);
		break;
	case SIEM_EV_CHECK:
		memset(e->u.check.id, 'X', sizeof(e->u.check.id) - 1);
		memset(e->u.check.title, 0x01, sizeof(e->u.check.title) - 1);
		e->u.check.from = e->u.check.to = CHK_FAIL;
		e->u.check.severity = CHK_SEV_HIGH;
		break;
	case SIEM_EV_SCAN:
		memset(e->u.scan.model, '\\', sizeof(e->u.scan.model) - 1);
		memset(e->u.scan.firmware, ']', sizeof(e->u.scan.firmware) - 1);
		memset(e->u.scan.state, 'f', sizeof(e->u.scan.state) - 1);
		e->u.scan.n = ~0UL;
		break;
	case SIEM_EV_RELOAD:
	case SIEM_EV_COMMAND:
		memset(e->u.audit.who, '"', sizeof(e->u.audit.who) - 1);
		memset(e->u.audit.what, '\\', sizeof(e->u.audit.what) - 1);
		memset(e->u.audit.result, 0x01, sizeof(e->u.audit.result) - 1);
		break;
	case SIEM_EV_START:
	case SIEM_EV_STOP:
		memset(e->u.life.version, 'v', sizeof(e->u.life.version) - 1);
		break;
	default:
		e->u.dropped.n = e->u.dropped.total = UINT64_MAX;
		break;
	}
}

/* The longest strings every kind can hold still make a valid message. */
static void
test_every_kind_at_its_longest_fits(void **state)
{
	struct siem_origin o = origin;
	char host[SIEM_HOSTNAME_MAX + 1], cam[CONF_STR_MAX];
	struct siem_event e;
	int k;

	(void)state;
	memset(host, 'h', sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	memset(cam, ']', sizeof(cam) - 1);	/* doubles when escaped */
	cam[sizeof(cam) - 1] = '\0';
	o.hostname = host;
	o.camera = cam;
	o.facility = 23;
	for (k = 0; k < SIEM_EV_COUNT; k++) {
		e = alarm();
		e.kind = (enum siem_kind)k;
		fill_longest(&e);
		format_ok(&e, &o);
		assert_int_equal(r.pri / 8, 23);
		assert_string_equal(r.msgid, siem_event_msgid(e.kind));
		assert_string_equal(r.params[0].name, "camera");
	}
}

static void
test_bad_kind_or_facility_is_refused(void **state)
{
	struct siem_origin o = origin;
	struct siem_event e = alarm();

	(void)state;
	o.facility = 24;
	assert_int_equal(siem_event_format(out, sizeof(out), &e, &o), -1);
	o.facility = -1;
	assert_int_equal(siem_event_format(out, sizeof(out), &e, &o), -1);
	e.kind = SIEM_EV_COUNT;
	assert_int_equal(siem_event_format(out, sizeof(out), &e, &origin),
	    -1);
	assert_string_equal(siem_event_msgid(SIEM_EV_COUNT), "-");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alarm_has_header_and_every_param),
		cmocka_unit_test(
		    test_alarm_not_blocked_has_no_until_nor_user_when_none),
		cmocka_unit_test(test_hostile_user_stays_one_value),
		cmocka_unit_test(test_block_until_reboot_and_release),
		cmocka_unit_test(test_shared_block_names_its_origin),
		cmocka_unit_test(test_ipv6_source_is_its_network),
		cmocka_unit_test(test_check_change_and_its_severity),
		cmocka_unit_test(test_scan_summary_counts_everything),
		cmocka_unit_test(
		    test_commands_and_reloads_say_who_what_and_result),
		cmocka_unit_test(test_start_stop_and_dropped),
		cmocka_unit_test(test_every_kind_at_its_longest_fits),
		cmocka_unit_test(test_bad_kind_or_facility_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
