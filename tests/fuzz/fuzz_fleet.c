/*
 * fuzz_fleet.c - libFuzzer target for what `camguard fleet` reads from a
 * broker: the first byte picks the payload kind, the rest is the payload
 * (and, split at the first newline, a topic).  A refused payload must
 * leave the camera exactly as it was; an accepted one must hold sane
 * values (a score in 0..1, non-negative counts, NUL-terminated strings).
 * Every input also goes through the other readers: alarms as bans, block
 * lists, results, and the fleet server's check records and topics.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mqtt/fleet.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_topic(const char *s, size_t len)
{
	char cam[CONF_STR_MAX], chk[FLEET_CHECK_ID_MAX];
	enum fleet_kind k;

	if (fleet_topic("MOBOTIX", s, len, cam, sizeof(cam), &k) == 0 &&
	    (strlen(cam) == 0 || strlen(cam) >= sizeof(cam) || k > FLEET_RESULT))
		abort();
	if (fleet_topic_any("MOBOTIX", s, len, cam, sizeof(cam), &k, chk,
	    sizeof(chk)) == 0 && (strlen(cam) == 0 || k > FLEET_CHECK ||
	    !memchr(chk, '\0', sizeof(chk)) || (k == FLEET_CHECK) != !!chk[0]))
		abort();
}

/* Issue 19, the fleet server: a check record of id MX-01. */
static void
check_record(const char *p, size_t len)
{
	struct fleet_check c = { "MX-01", CHK_SEV_LOW, CHK_PASS, 0 }, keep = c;
	int rc = fleet_check_apply(&c, "MX-01", p, len);

	if (rc != 0 && memcmp(&c, &keep, sizeof(c)) != 0)
		abort();
	if (rc == 0 && (strcmp(c.id, "MX-01") != 0 ||
	    (unsigned)c.severity >= CHK_SEV_COUNT ||
	    (unsigned)c.result >= CHK_RESULT_COUNT || c.waiver_end < 0))
		abort();
}

/* Issue 16: alarms as bans, block lists, results; sane when accepted. */
static void
check_fleet_readers(const char *p, size_t len)
{
	static struct fleet_blocked fb;
	struct fleet_result r;
	struct fleet_ban b;
	const char *why;
	size_t i;

	if (fleet_alarm_ban(p, len, "cam-a", &b, &why) == 0 &&
	    ((b.net.family != 4 && b.net.family != 6) || b.until < 0))
		abort();
	if (fleet_blocked_read(p, len, &fb, &why) == 0) {
		if (fb.n > MQTT_BLOCKED_MAX || fb.n > fb.count)
			abort();
		for (i = 0; i < fb.n; i++)
			if (!memchr(fb.e[i].origin, '\0', sizeof(fb.e[i].origin))
			    || !memchr(fb.e[i].reason, '\0',
			    sizeof(fb.e[i].reason)))
				abort();
	}
	if (fleet_result_read(p, len, &r) == 0 &&
	    (!memchr(r.id, '\0', sizeof(r.id)) ||
	    !memchr(r.error, '\0', sizeof(r.error))))
		abort();
}

/* The IDS health of a status: bounded, paths that end, none on refusal. */
static void
check_ids(const char *p, size_t len)
{
	static struct fleet_ids h;
	size_t i;

	if (fleet_status_ids(p, len, &h) < 0) {
		if (h.present || h.n)
			abort();
		return;
	}
	if (h.n > CONF_SOURCES_MAX || (!h.present && h.n))
		abort();
	for (i = 0; i < h.n; i++)
		if (!memchr(h.src[i].path, '\0', sizeof(h.src[i].path)) ||
		    !h.src[i].path[0])
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fleet_cam c = { .state = FLEET_UNKNOWN }, keep;
	const char *p = (const char *)data + 1;
	const char *nl;
	int rc;

	if (size < 1)
		return 0;
	nl = memchr(p, '\n', size - 1);
	check_topic(p, nl ? (size_t)(nl - p) : size - 1);
	check_fleet_readers(p, size - 1);
	check_record(p, size - 1);
	check_ids(p, size - 1);
	keep = c;
	rc = fleet_apply(&c, (enum fleet_kind)(data[0] % 3), p, size - 1);
	if (rc != 0 && memcmp(&c, &keep, sizeof(c)) != 0)
		abort();
	if (rc == 0 && (c.score < 0 || c.score > 1 || c.fail_critical < 0 ||
	    c.fail_high < 0 || !memchr(c.firmware, '\0', sizeof(c.firmware)) ||
	    !memchr(c.alarm_ip, '\0', sizeof(c.alarm_ip)) ||
	    !memchr(c.version, '\0', sizeof(c.version)) || c.started < 0 ||
	    c.scan_time < 0))
		abort();
	return 0;
}
