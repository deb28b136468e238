/*
 * fuzz_fleet.c - libFuzzer target for what `camguard fleet` reads from a
 * broker: the first byte picks the payload kind, the rest is the payload
 * (and, split at the first newline, a topic).  A refused payload must
 * leave the camera exactly as it was; an accepted one must hold sane
 * values (a score in 0..1, non-negative counts, NUL-terminated strings).
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
	char cam[CONF_STR_MAX];
	enum fleet_kind k;

	if (fleet_topic("MOBOTIX", s, len, cam, sizeof(cam), &k) == 0 &&
	    (strlen(cam) == 0 || strlen(cam) >= sizeof(cam) || k > FLEET_ALARM))
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
	keep = c;
	rc = fleet_apply(&c, (enum fleet_kind)(data[0] % 3), p, size - 1);
	if (rc != 0 && memcmp(&c, &keep, sizeof(c)) != 0)
		abort();
	if (rc == 0 && (c.score < 0 || c.score > 1 || c.fail_critical < 0 ||
	    c.fail_high < 0 || !memchr(c.firmware, '\0', sizeof(c.firmware)) ||
	    !memchr(c.alarm_ip, '\0', sizeof(c.alarm_ip))))
		abort();
	return 0;
}
