/*
 * test_cmd.c - operator commands (proto/cmd_parse.c, proto/cmd.c): each
 * verb with its members, the verb from the topic or from "cmd", and the
 * bad input of issue 16 refused with a reason: unknown keys, wrong types,
 * addresses that do not parse, /0, loopback, IPv4 prefixes, members that
 * do not go with the verb, oversized ids and reasons, control bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_parse.h"
#include "proto/cmd.h"

static struct json_ctx *ctx;
static char why[CMD_ERROR_MAX];

static int
parse(enum cmd_verb topic_verb, const char *s, struct cmd_req *r)
{
	memset(r, 0xa5, sizeof(*r));
	r->verb = topic_verb;
	why[0] = '\0';
	return cmd_parse(ctx, s, strlen(s), r, why, sizeof(why));
}

static void
test_a_block_reads_every_member(void **state)
{
	struct cmd_req r;
	char net[ADDR_STR_MAX];

	(void)state;
	assert_int_equal(parse(CMD_NONE, "{\"cmd\":\"block\",\"ip\":"
	    "\"192.0.2.7\",\"for_s\":600,\"reason\":\"VMS lockout\","
	    "\"id\":\"r-1\"}", &r), 0);
	assert_int_equal(r.verb, CMD_BLOCK);
	assert_true(r.has_net);
	assert_string_equal(addr_format(&r.net, net, sizeof(net)),
	    "192.0.2.7/32");
	assert_int_equal(r.for_s, 600);
	assert_string_equal(r.reason, "VMS lockout");
	assert_string_equal(r.id, "r-1");
}

static void
test_the_topic_gives_the_verb(void **state)
{
	struct cmd_req r;
	char net[ADDR_STR_MAX];

	(void)state;
	assert_int_equal(parse(CMD_UNBLOCK, "{\"id\":\"x\",\"ip\":"
	    "\"2001:db8:1::5/64\"}", &r), 0);
	assert_int_equal(r.verb, CMD_UNBLOCK);
	assert_string_equal(addr_format(&r.net, net, sizeof(net)),
	    "2001:db8:1::/64");
	assert_int_equal(r.for_s, 0);
	assert_string_equal(r.reason, "");
	assert_int_equal(parse(CMD_FLUSH, "{}", &r), 0);
	assert_int_equal(r.verb, CMD_FLUSH);
	assert_string_equal(r.id, "");
	assert_false(r.has_net);
	assert_int_equal(parse(CMD_RESCAN, "{\"cmd\":\"rescan\","
	    "\"id\":\"a\"}", &r), 0);
	assert_int_equal(parse(CMD_RESCAN, "{\"cmd\":\"flush\"}", &r), -1);
	assert_string_equal(why, "\"cmd\" names another command than the "
	    "topic");
	/* a refusal keeps a good id and verb to name them */
	assert_int_equal(parse(CMD_NONE, "{\"cmd\":\"block\",\"id\":\"k\","
	    "\"ip\":\"127.0.0.1\"}", &r), -1);
	assert_string_equal(r.id, "k");
	assert_int_equal(r.verb, CMD_BLOCK);
	assert_int_equal(parse(CMD_NONE, "{\"id\":\"a\"}", &r), -1);
	assert_string_equal(why, "\"cmd\" is missing");
	assert_int_equal(parse(CMD_NONE, "{\"cmd\":\"list\"}", &r), 0);
	assert_int_equal(r.verb, CMD_LIST);
}

static void
expect_refused(enum cmd_verb v, const char *s, const char *reason)
{
	struct cmd_req r;

	if (parse(v, s, &r) != -1 || !strstr(why, reason)) {
		print_error("%s: got \"%s\", wanted \"%s\"\n", s, why, reason);
		fail();
	}
}

static void
test_bad_addresses_are_refused_with_a_reason(void **state)
{
	(void)state;
	expect_refused(CMD_BLOCK, "{\"ip\":\"0.0.0.0/0\"}", "/0 prefix");
	expect_refused(CMD_BLOCK, "{\"ip\":\"::/0\"}", "/0 prefix");
	expect_refused(CMD_BLOCK, "{\"ip\":\"127.0.0.1\"}", "loopback");
	expect_refused(CMD_BLOCK, "{\"ip\":\"127.9.9.9\"}", "loopback");
	expect_refused(CMD_BLOCK, "{\"ip\":\"::1\"}", "loopback");
	expect_refused(CMD_BLOCK, "{\"ip\":\"::/64\"}", "loopback");
	expect_refused(CMD_BLOCK, "{\"ip\":\"::ffff:127.0.0.1\"}",
	    "loopback");
	expect_refused(CMD_BLOCK, "{\"ip\":\"0.0.0.0\"}", "unspecified");
	expect_refused(CMD_BLOCK, "{\"ip\":\"224.0.0.1\"}", "multicast");
	expect_refused(CMD_BLOCK, "{\"ip\":\"ff02::1\"}", "multicast");
	expect_refused(CMD_BLOCK, "{\"ip\":\"192.0.2.0/24\"}",
	    "one address (/32)");
	expect_refused(CMD_BLOCK, "{\"ip\":\"192.0.2.300\"}",
	    "ADDRESS or ADDRESS/PREFIX");
	expect_refused(CMD_BLOCK, "{\"ip\":\"cam.example\"}",
	    "ADDRESS or ADDRESS/PREFIX");
	expect_refused(CMD_BLOCK, "{\"ip\":\"2001:db8::/129\"}",
	    "ADDRESS or ADDRESS/PREFIX");
	expect_refused(CMD_UNBLOCK, "{\"ip\":\"192.0.2.1/\"}",
	    "ADDRESS or ADDRESS/PREFIX");
}

static void
test_unknown_keys_and_wrong_types_are_refused(void **state)
{
	(void)state;
	expect_refused(CMD_BLOCK, "{\"ip\":\"192.0.2.1\",\"until\":5}",
	    "unknown key \"until\"");
	expect_refused(CMD_BLOCK, "{\"ip\":1}", "ip must be a string");
	expect_refused(CMD_BLOCK, "{\"ip\":\"192.0.2.1\",\"for_s\":\"60\"}",
	    "for_s must be an integer");
	expect_refused(CMD_BLOCK, "{\"ip\":\"192.0.2.1\",\"for_s\":0}",
	    "for_s must be between 1");
	expect_refused(CMD_BLOCK, "{\"ip\":\"192.0.2.1\",\"for_s\":1.5}",
	    "for_s must be an integer");
	expect_refused(CMD_BLOCK, "{\"ip\":\"192.0.2.1\",\"ip\":\"192.0.2.2\"}",
	    "duplicate key");
	expect_refused(CMD_NONE, "{\"cmd\":\"reboot\"}", "must be list");
	expect_refused(CMD_FLUSH, "[]", "JSON object");
	expect_refused(CMD_FLUSH, "{} x", "");
	expect_refused(CMD_FLUSH, "now", "");
	expect_refused(CMD_FLUSH, "{\"id\":\"\"}", "printable");
	expect_refused(CMD_FLUSH, "{\"id\":\"a\\u0001b\"}", "printable");
}

static void
test_members_must_go_with_the_verb(void **state)
{
	(void)state;
	expect_refused(CMD_BLOCK, "{\"id\":\"a\"}", "\"ip\" is missing");
	expect_refused(CMD_UNBLOCK, "{}", "\"ip\" is missing");
	expect_refused(CMD_FLUSH, "{\"ip\":\"192.0.2.1\"}",
	    "only with block and unblock");
	expect_refused(CMD_UNBLOCK, "{\"ip\":\"192.0.2.1\",\"for_s\":5}",
	    "only with block");
	expect_refused(CMD_UNBLOCK, "{\"ip\":\"192.0.2.1\",\"reason\":\"x\"}",
	    "only with block");
}

static void
test_long_ids_and_reasons_are_refused(void **state)
{
	char buf[CTL_REQ_MAX];

	(void)state;
	snprintf(buf, sizeof(buf), "{\"id\":\"%0*d\"}", CMD_ID_MAX, 0);
	expect_refused(CMD_FLUSH, buf, "1 to 63");
	snprintf(buf, sizeof(buf), "{\"id\":\"%0*d\"}", CMD_ID_MAX - 1, 0);
	assert_int_equal(parse(CMD_FLUSH, buf, &(struct cmd_req){ 0 }), 0);
	snprintf(buf, sizeof(buf), "{\"ip\":\"192.0.2.1\",\"reason\":\"%0*d\"}",
	    CMD_REASON_MAX, 0);
	expect_refused(CMD_BLOCK, buf, "at most 127");
	expect_refused(CMD_BLOCK, "{\"ip\":\"192.0.2.1\",\"reason\":\"a\\nb\"}",
	    "printable");
}

static void
test_results_escape_and_null(void **state)
{
	char buf[256];

	(void)state;
	assert_true(cmd_result_json(buf, sizeof(buf), "r\"1", CMD_BLOCK,
	    false, "bad \"ip\"") > 0);
	assert_string_equal(buf, "{\"id\":\"r\\\"1\",\"cmd\":\"block\","
	    "\"ok\":false,\"error\":\"bad \\\"ip\\\"\"}");
	assert_true(cmd_result_json(buf, sizeof(buf), "", CMD_REPUBLISH,
	    true, "ignored") > 0);
	assert_string_equal(buf, "{\"id\":null,\"cmd\":\"republish\","
	    "\"ok\":true,\"error\":null}");
	assert_int_equal(cmd_result_json(buf, 10, "x", CMD_FLUSH, true,
	    NULL), -1);
	assert_true(cmd_result_json(buf, sizeof(buf), "", CMD_NONE, false,
	    "\"cmd\" is missing") > 0);
	assert_string_equal(buf, "{\"id\":null,\"cmd\":null,\"ok\":false,"
	    "\"error\":\"\\\"cmd\\\" is missing\"}");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_block_reads_every_member),
		cmocka_unit_test(test_the_topic_gives_the_verb),
		cmocka_unit_test(test_bad_addresses_are_refused_with_a_reason),
		cmocka_unit_test(test_unknown_keys_and_wrong_types_are_refused),
		cmocka_unit_test(test_members_must_go_with_the_verb),
		cmocka_unit_test(test_long_ids_and_reasons_are_refused),
		cmocka_unit_test(test_results_escape_and_null),
	};
	int rc;

	ctx = malloc(sizeof(*ctx));
	assert_non_null(ctx);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(ctx);
	return rc;
}
