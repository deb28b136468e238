/*
 * test_ids_health.c - the IDS's judgements about itself (issue 14):
 * blocking is on only with ids.block, a backend that is not none and
 * started and, for camera-acl, a camera whose IP access control is on,
 * each other case with its reason; the camera's access control read from
 * the last scan's MX-07 evidence; a source without a tail is not readable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "check/check.h"
#include "core/conf.h"
#include "ids/ids_health.h"

static struct conf conf;
static char why[128];

static enum ids_blocking
decide(bool fw_up, int acl)
{
	return ids_blocking_decide(&conf, fw_up, acl, why, sizeof(why));
}

static void
test_blocking_is_on_only_when_blocks_are_made(void **state)
{
	(void)state;
	conf_defaults(&conf);
	assert_int_equal(decide(false, -1), IDS_BLOCKING_OFF);
	assert_string_equal(why, "ids.block_backend is none");
	conf.ids.block_backend = CONF_FW_FILE;
	conf.ids.block = false;
	assert_int_equal(decide(true, -1), IDS_BLOCKING_OFF);
	assert_string_equal(why, "ids.block is false");
	conf.ids.block = true;
	assert_int_equal(decide(false, -1), IDS_BLOCKING_FAILED);
	assert_string_equal(why, "the file backend did not start");
	assert_int_equal(decide(true, 0), IDS_BLOCKING_ON);
	assert_string_equal(why, "");
	conf.ids.block_backend = CONF_FW_CAMERA_ACL;
	assert_int_equal(decide(true, 0), IDS_BLOCKING_NOT_ENFORCED);
	assert_non_null(strstr(why, "IP-Level Access Control is off"));
	assert_int_equal(decide(true, 1), IDS_BLOCKING_ON);
	/* not known yet (no scan, no camera read): try to block */
	assert_int_equal(decide(true, -1), IDS_BLOCKING_ON);
	assert_string_equal(ids_blocking_name(IDS_BLOCKING_NOT_ENFORCED),
	    "not_enforced");
}

static void
test_access_control_comes_from_the_last_scan(void **state)
{
	static const struct chk_def mx07 = { .id = "MX-07" };
	static struct chk_scan scan;
	struct daemon_view v;

	(void)state;
	memset(&v, 0, sizeof(v));
	assert_int_equal(ids_camera_acl_on(&v), -1);
	scan.n_records = 1;
	scan.records[0].def = &mx07;
	chk_evidence(&scan.records[0].v, "enabled", "0");
	v.scan = &scan;
	assert_int_equal(ids_camera_acl_on(&v), 0);
	scan.records[0].v.n_evidence = 0;
	chk_evidence(&scan.records[0].v, "enabled", "1");
	assert_int_equal(ids_camera_acl_on(&v), 1);
}

static void
test_a_source_without_a_tail_is_not_readable(void **state)
{
	struct ids_source_view sv;

	(void)state;
	memset(&sv, 0, sizeof(sv));
	sv.readable = true;
	assert_true(ids_source_view(NULL, "/var/log/x", 0, &sv));
	assert_false(sv.readable);
	assert_int_equal(sv.error, ENOMEM);
	assert_string_equal(sv.path, "/var/log/x");
	assert_false(ids_source_view(NULL, "/var/log/x", 7, &sv));
	assert_int_equal(sv.last_line, 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocking_is_on_only_when_blocks_are_made),
		cmocka_unit_test(test_access_control_comes_from_the_last_scan),
		cmocka_unit_test(test_a_source_without_a_tail_is_not_readable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
