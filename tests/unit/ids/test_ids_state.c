/*
 * test_ids_state.c - the IDS state file: a round trip keeps every block;
 * a file from another boot is discarded; blocks that ended are dropped;
 * corrupt lines are counted and skipped; a file that is not a state file
 * (or of another version, or without a boot id) yields nothing; saving
 * leaves no temporary file behind; an operator's reason comes back as
 * given, escaped on its own line, and a reason line that is not right
 * after its block's or does not decode is skipped as corrupt.  The boot
 * id comes from files the test writes (sys_set_boot_id_path).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "ids/ids_state.h"
#include "platform/sys.h"

#define BOOT_A	"6a1c4e1e-1b7e-4a7e-9d53-0c2b1f0a9e11"
#define BOOT_B	"0f0e0d0c-0b0a-4908-8706-050403020100"
#define NOW	1718000000

struct ctx {
	char	dir[64];
	char	state[128], boot_a[128], boot_b[128];
	struct ids_state_entry ent[16];
};

static void
write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
}

static int
setup(void **state)
{
	static struct ctx c;

	memset(&c, 0, sizeof(c));
	snprintf(c.dir, sizeof(c.dir), "/tmp/camguard-state-XXXXXX");
	if (mkdtemp(c.dir) == NULL)
		return -1;
	snprintf(c.state, sizeof(c.state), "%s/ids.state", c.dir);
	snprintf(c.boot_a, sizeof(c.boot_a), "%s/boot_a", c.dir);
	snprintf(c.boot_b, sizeof(c.boot_b), "%s/boot_b", c.dir);
	write_file(c.boot_a, BOOT_A "\n", strlen(BOOT_A) + 1);
	write_file(c.boot_b, BOOT_B "\n", strlen(BOOT_B) + 1);
	sys_set_boot_id_path(c.boot_a);
	*state = &c;
	return 0;
}

static int
teardown(void **state)
{
	struct ctx *c = *state;
	char tmp[160];

	snprintf(tmp, sizeof(tmp), "%s.tmp", c->state);
	unlink(tmp);
	unlink(c->state);
	unlink(c->boot_a);
	unlink(c->boot_b);
	rmdir(c->dir);
	sys_set_boot_id_path(NULL);
	return 0;
}

static struct ids_state_entry
entry(const char *net, int64_t until)
{
	struct ids_state_entry e;

	memset(&e, 0, sizeof(e));
	assert_int_equal(addr_parse_net(net, strlen(net), &e.net), 0);
	e.until = until;
	return e;
}

static void
assert_entry(const struct ids_state_entry *e, const char *net, int64_t until)
{
	char a[ADDR_STR_MAX];

	assert_string_equal(addr_format(&e->net, a, sizeof(a)), net);
	assert_int_equal(e->until, until);
}

static void
test_sys_boot_id_reads_the_id_without_newline(void **state)
{
	char id[SYS_BOOT_ID_MAX];
	struct ctx *c = *state;

	assert_int_equal(sys_boot_id(id), 0);
	assert_string_equal(id, BOOT_A);
	write_file(c->boot_b, "not a uuid\n", 11);
	sys_set_boot_id_path(c->boot_b);
	assert_int_equal(sys_boot_id(id), -1);
	sys_set_boot_id_path(c->dir);	/* a directory: read fails */
	assert_int_equal(sys_boot_id(id), -1);
	sys_set_boot_id_path(NULL);
	assert_int_equal(sys_boot_id(id), 0);	/* the real one */
	assert_int_equal(strlen(id), 36);
}

static void
test_round_trip_keeps_every_block(void **state)
{
	struct ctx *c = *state;
	struct ids_state_entry in[3];
	struct ids_state_info info;
	char tmp[160];

	in[0] = entry("192.0.2.7", NOW + 3600);
	in[1] = entry("2001:db8:1::/64", 0);
	in[2] = entry("198.51.100.0/24", NOW + 1);
	assert_int_equal(ids_state_save(c->state, in, 3, NOW), 0);
	snprintf(tmp, sizeof(tmp), "%s.tmp", c->state);
	assert_int_equal(access(tmp, F_OK), -1);
	assert_int_equal(ids_state_load(c->state, NOW, c->ent, 16, NULL, 0,
	    &info), 3);
	assert_true(info.found);
	assert_int_equal(info.err, 0);
	assert_false(info.other_boot);
	assert_int_equal(info.bad_lines, 0);
	assert_entry(&c->ent[0], "192.0.2.7/32", NOW + 3600);
	assert_entry(&c->ent[1], "2001:db8:1::/64", 0);
	assert_entry(&c->ent[2], "198.51.100.0/24", NOW + 1);
}

static void
test_the_saved_file_is_the_documented_text(void **state)
{
	struct ctx *c = *state;
	struct ids_state_entry in[2];
	char buf[512];
	size_t n;
	FILE *f;

	in[0] = entry("192.0.2.7", NOW + 60);
	in[1] = entry("192.0.2.8", NOW);	/* ended: left out */
	assert_int_equal(ids_state_save(c->state, in, 2, NOW), 0);
	assert_non_null(f = fopen(c->state, "r"));
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, "camguard-state 1\nboot " BOOT_A "\n"
	    "saved 1718000000\nblock 192.0.2.7/32 1718000060\n");
}

static void
test_a_file_from_another_boot_is_discarded(void **state)
{
	struct ctx *c = *state;
	struct ids_state_entry in = entry("192.0.2.7", 0);
	struct ids_state_info info;

	assert_int_equal(ids_state_save(c->state, &in, 1, NOW), 0);
	sys_set_boot_id_path(c->boot_b);
	assert_int_equal(ids_state_load(c->state, NOW, c->ent, 16, NULL, 0,
	    &info), 0);
	assert_true(info.found);
	assert_true(info.other_boot);
	assert_int_equal(info.loaded, 0);
}

static void
test_blocks_that_ended_are_dropped(void **state)
{
	struct ctx *c = *state;
	struct ids_state_entry in[4];
	struct ids_state_info info;

	in[0] = entry("10.0.0.1", NOW + 10);
	in[1] = entry("10.0.0.2", NOW + 500);
	in[2] = entry("10.0.0.3", 0);
	in[3] = entry("10.0.0.4", NOW + 100);
	assert_int_equal(ids_state_save(c->state, in, 4, NOW), 0);
	assert_int_equal(ids_state_load(c->state, NOW + 100, c->ent, 16,
	    NULL, 0, &info), 2);
	assert_int_equal(info.expired, 2);
	assert_entry(&c->ent[0], "10.0.0.2/32", NOW + 500);
	assert_entry(&c->ent[1], "10.0.0.3/32", 0);
}

static void
test_corrupt_lines_are_counted_and_skipped(void **state)
{
	static const char text[] =
	    "camguard-state 1\n"
	    "boot " BOOT_A "\n"
	    "block 10.0.0.1/32 1718000600\n"
	    "block nonsense 5\n"
	    "frobnicate 1 2\n"
	    "block 10.0.0.2/32 -5\n"
	    "block 10.0.0.3/33 5\n"
	    "block 10.0.0.4/32 99999999999999999999\n"
	    "block 10.0.0.5/32\n"
	    "saved 1\nsaved 2\n"
	    "boot " BOOT_B "\n"
	    "\n"
	    "block 10.0.\0.6/32 5\n"
	    "block 2001:db8::/48 0 extra\n"
	    "block 2001:db8::/48 0\n";
	struct ctx *c = *state;
	struct ids_state_info info;
	char big[IDS_STATE_LINE_MAX + 64], *all;
	size_t len = sizeof(text) - 1;

	memset(big, 'x', sizeof(big));
	big[sizeof(big) - 1] = '\n';
	all = malloc(len + sizeof(big));
	assert_non_null(all);
	memcpy(all, text, len);
	memcpy(all + len, big, sizeof(big));
	write_file(c->state, all, len + sizeof(big));
	free(all);
	assert_int_equal(ids_state_load(c->state, NOW, c->ent, 16, NULL, 0,
	    &info), 2);
	assert_int_equal(info.err, 0);
	/* nonsense, frobnicate, -5, /33, 20 digits, no until, second saved,
	 * second boot, NUL, extra field, the long line */
	assert_int_equal(info.bad_lines, 11);
	assert_entry(&c->ent[0], "10.0.0.1/32", 1718000600);
	assert_entry(&c->ent[1], "2001:db8::/48", 0);
}

static void
test_what_is_not_a_state_file_yields_nothing(void **state)
{
	static const struct {
		const char	*text;
		int		 err;
	} cases[] = {
		{ "", IDS_STATE_E_MAGIC },
		{ "{\"blocks\": []}\n", IDS_STATE_E_MAGIC },
		{ "camguard-state\nboot " BOOT_A "\n", IDS_STATE_E_MAGIC },
		{ "camguard-state 2\nboot " BOOT_A "\n", IDS_STATE_E_VERSION },
		{ "camguard-state 1\nblock 10.0.0.1/32 0\n",
		    IDS_STATE_E_NO_BOOT },
		{ "camguard-state 1\nboot xyz\nblock 10.0.0.1/32 0\n",
		    IDS_STATE_E_NO_BOOT },
		{ "\n\ncamguard-state 1\nboot " BOOT_A "\n",
		    IDS_STATE_E_MAGIC },
	};
	struct ctx *c = *state;
	struct ids_state_info info;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		write_file(c->state, cases[i].text, strlen(cases[i].text));
		assert_int_equal(ids_state_load(c->state, NOW, c->ent, 16,
		    NULL, 0, &info), 0);
		assert_true(info.found);
		assert_int_equal(info.err, cases[i].err);
		assert_non_null(ids_state_strerror(info.err));
	}
}

static void
test_a_missing_file_is_no_error(void **state)
{
	struct ctx *c = *state;
	struct ids_state_info info;

	assert_int_equal(ids_state_load(c->state, NOW, c->ent, 16, NULL, 0,
	    &info), 0);
	assert_false(info.found);
	assert_int_equal(ids_state_load("", NOW, c->ent, 16, NULL, 0, NULL), 0);
}

static void
test_blocks_beyond_capacity_are_counted(void **state)
{
	static const char text[] = "camguard-state 1\nboot " BOOT_A "\n"
	    "block 10.0.0.1/32 0\nblock 10.0.0.2/32 0\nblock 10.0.0.3/32 0";
	struct ids_state_entry ent[2];
	struct ids_state st;

	(void)state;
	ids_state_parse_init(&st, ent, 2);
	assert_int_equal(ids_state_parse(text, sizeof(text) - 1, &st), 0);
	assert_int_equal(st.n, 2);
	assert_int_equal(st.overflow, 1);
	assert_string_equal(st.boot_id, BOOT_A);
	ids_state_parse_init(&st, NULL, 0);
	assert_int_equal(ids_state_parse(text, sizeof(text) - 1, &st), 0);
	assert_int_equal(st.n, 0);
	assert_int_equal(st.overflow, 3);
}

static void
test_saving_without_a_boot_id_fails(void **state)
{
	struct ctx *c = *state;
	struct ids_state_entry in = entry("192.0.2.7", 0);
	char path[160];

	sys_set_boot_id_path("/nonexistent/boot_id");
	assert_int_equal(ids_state_save(c->state, &in, 1, NOW), -1);
	assert_int_equal(access(c->state, F_OK), -1);
	sys_set_boot_id_path(c->boot_a);
	snprintf(path, sizeof(path), "%s/no/dir/state", c->dir);
	assert_int_equal(ids_state_save(path, &in, 1, NOW), -1);
}

static void
test_saving_replaces_the_old_file(void **state)
{
	struct ctx *c = *state;
	struct ids_state_entry in = entry("192.0.2.7", 0);

	assert_int_equal(ids_state_save(c->state, &in, 1, NOW), 0);
	assert_int_equal(ids_state_save(c->state, NULL, 0, NOW), 0);
	assert_int_equal(ids_state_load(c->state, NOW, c->ent, 16, NULL, 0,
	    NULL), 0);
}

/* Reasons come back as given: spaces, '%', bytes above ASCII, full length. */
static void
test_reasons_survive_a_round_trip(void **state)
{
	struct ctx *c = *state;
	static char why[4][CMD_REASON_MAX];
	char longest[CMD_REASON_MAX];
	struct ids_state_entry in[4];
	struct ids_state_info info;
	size_t i;

	memset(longest, ' ', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	longest[0] = 'x';
	in[0] = entry("192.0.2.7", 0);
	in[0].reason = "VMS lockout: 100% sure, caf\xc3\xa9 #2";
	in[1] = entry("192.0.2.8", 0);		/* none */
	in[2] = entry("2001:db8:1::/64", NOW + 60);
	in[2].reason = longest;
	in[3] = entry("192.0.2.9", 0);
	in[3].reason = "";			/* empty: none */
	assert_int_equal(ids_state_save(c->state, in, 4, NOW), 0);
	assert_int_equal(ids_state_load(c->state, NOW, c->ent, 16, why, 4,
	    &info), 4);
	assert_int_equal(info.bad_lines, 0);
	assert_string_equal(c->ent[0].reason, in[0].reason);
	assert_null(c->ent[1].reason);
	assert_string_equal(c->ent[2].reason, longest);
	assert_null(c->ent[3].reason);
	for (i = 0; i < 4; i++)
		if (c->ent[i].reason)
			assert_true(c->ent[i].reason >= why[0] &&
			    c->ent[i].reason <= why[3]);
}

static void
test_a_reason_is_one_escaped_line_after_its_block(void **state)
{
	struct ctx *c = *state;
	struct ids_state_entry in[2];
	char buf[512];
	size_t n;
	FILE *f;

	in[0] = entry("192.0.2.7", 0);
	in[0].reason = "VMS lockout\t%\x7f";	/* not a reason: left out */
	in[1] = entry("192.0.2.8", 0);
	in[1].reason = "VMS lockout 100% ~";
	assert_int_equal(ids_state_save(c->state, in, 2, NOW), 0);
	assert_non_null(f = fopen(c->state, "r"));
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, "camguard-state 1\nboot " BOOT_A "\n"
	    "saved 1718000000\nblock 192.0.2.7/32 0\nblock 192.0.2.8/32 0\n"
	    "reason 192.0.2.8/32 VMS%20lockout%20100%25%20~\n");
}

static void
test_encoding_refuses_what_is_no_reason(void **state)
{
	char out[IDS_STATE_REASON_ENC_MAX], big[CMD_REASON_MAX + 1];

	(void)state;
	assert_int_equal(ids_state_reason_encode(NULL, out, sizeof(out)), 0);
	assert_int_equal(ids_state_reason_encode("", out, sizeof(out)), 0);
	assert_int_equal(ids_state_reason_encode("a\nb", out, sizeof(out)),
	    0);
	assert_int_equal(ids_state_reason_encode("ok", out, 8), 0);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(ids_state_reason_encode(big, out, sizeof(out)), 0);
	big[CMD_REASON_MAX - 1] = '\0';
	assert_int_equal(ids_state_reason_encode(big, out, sizeof(out)),
	    CMD_REASON_MAX - 1);
	memset(big, 0xff, CMD_REASON_MAX - 1);
	assert_int_equal(ids_state_reason_encode(big, out, sizeof(out)),
	    3 * (CMD_REASON_MAX - 1));
	assert_int_equal(strlen(out), 3 * (CMD_REASON_MAX - 1));
}

/* A reason line is taken only right after its block's line, decoded. */
static void
test_bad_reason_lines_are_counted_and_skipped(void **state)
{
	static const char text[] =
	    "camguard-state 1\n"
	    "boot " BOOT_A "\n"
	    "reason 10.0.0.1/32 before-its-block\n"		/* bad */
	    "block 10.0.0.1/32 0\n"
	    "reason 10.0.0.1/32 first%3a%20ok\n"
	    "reason 10.0.0.1/32 second\n"			/* bad */
	    "block 10.0.0.2/32 0\n"
	    "reason 10.0.0.3/32 another-net\n"			/* bad */
	    "block 10.0.0.4/32 0\n"
	    "reason 10.0.0.4/32 bad%zz\n"			/* bad */
	    "block 10.0.0.5/32 0\n"
	    "reason 10.0.0.5/32 cut%4\n"			/* bad */
	    "block 10.0.0.6/32 0\n"
	    "reason 10.0.0.6/32 line%0Afeed\n"			/* bad */
	    "block 10.0.0.7/32 0\n"
	    "reason 10.0.0.7/32 nul%00\n"			/* bad */
	    "block 10.0.0.8/32 0\n"
	    "reason 10.0.0.8/32\n"				/* bad */
	    "block 10.0.0.9/32 0\n"
	    "reason 10.0.0.9/32 two words\n"			/* bad */
	    "block 10.0.0.10/32 0\n"
	    "reason 10.0.0.10/32 raw\xc3\xa9\n"			/* bad */
	    "block 10.0.0.11/32 0\n"
	    "\n"
	    "reason 10.0.0.11/32 after-a-blank\n"		/* bad */
	    "block 10.0.0.12/32 0\n"
	    "reason nonsense ok\n"				/* bad */
	    "block 10.0.0.13/32 0\n"
	    "reason 10.0.0.13/32 %C3%A9%7E\n";
	struct ids_state_entry ent[16];
	char why[16][CMD_REASON_MAX];
	struct ids_state st;
	size_t i;

	(void)state;
	ids_state_parse_init(&st, ent, 16);
	ids_state_parse_reasons(&st, why, 16);
	assert_int_equal(ids_state_parse(text, sizeof(text) - 1, &st), 0);
	assert_int_equal(st.n, 12);
	assert_int_equal(st.bad_lines, 12);
	assert_string_equal(ent[0].reason, "first: ok");
	assert_string_equal(ent[11].reason, "\xc3\xa9~");
	for (i = 1; i < 11; i++)
		assert_null(ent[i].reason);
	assert_int_equal(st.n_reasons, 2);
}

/* A reason of a dropped block, or beyond the room for reasons, is not
 * corrupt: the block is counted, the reason let go. */
static void
test_reasons_beyond_capacity_are_dropped(void **state)
{
	static const char text[] = "camguard-state 1\nboot " BOOT_A "\n"
	    "block 10.0.0.1/32 0\nreason 10.0.0.1/32 one\n"
	    "block 10.0.0.2/32 0\nreason 10.0.0.2/32 two\n"
	    "block 10.0.0.3/32 0\nreason 10.0.0.3/32 three\n";
	struct ids_state_entry ent[2];
	char why[1][CMD_REASON_MAX];
	struct ids_state st;

	(void)state;
	ids_state_parse_init(&st, ent, 2);
	ids_state_parse_reasons(&st, why, 1);
	assert_int_equal(ids_state_parse(text, sizeof(text) - 1, &st), 0);
	assert_int_equal(st.n, 2);
	assert_int_equal(st.overflow, 1);
	assert_int_equal(st.bad_lines, 0);
	assert_int_equal(st.reasons_dropped, 1);
	assert_string_equal(ent[0].reason, "one");
	assert_null(ent[1].reason);
	ids_state_parse_init(&st, ent, 2);	/* no room at all */
	assert_int_equal(ids_state_parse(text, sizeof(text) - 1, &st), 0);
	assert_int_equal(st.bad_lines, 0);
	assert_null(ent[0].reason);
	assert_null(ent[1].reason);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_sys_boot_id_reads_the_id_without_newline),
		T(test_round_trip_keeps_every_block),
		T(test_the_saved_file_is_the_documented_text),
		T(test_a_file_from_another_boot_is_discarded),
		T(test_blocks_that_ended_are_dropped),
		T(test_corrupt_lines_are_counted_and_skipped),
		T(test_what_is_not_a_state_file_yields_nothing),
		T(test_a_missing_file_is_no_error),
		T(test_blocks_beyond_capacity_are_counted),
		T(test_saving_without_a_boot_id_fails),
		T(test_saving_replaces_the_old_file),
		T(test_reasons_survive_a_round_trip),
		T(test_a_reason_is_one_escaped_line_after_its_block),
		T(test_encoding_refuses_what_is_no_reason),
		T(test_bad_reason_lines_are_counted_and_skipped),
		T(test_reasons_beyond_capacity_are_dropped),
#undef T
	};

	log_init(1, 0, "test_ids_state");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
