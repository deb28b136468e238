/*
 * test_fw_file.c - the file backend writes exactly the lines of spec
 * section 3 ("block ADDR/PREFIX UNTIL", "release ADDR/PREFIX"), appends,
 * and reports a failed write; fw.c picks backends at run time and refuses
 * one not compiled in (camera-acl) or an address that is none.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "platform/fw/fw.h"

struct ctx {
	char	dir[64];
	char	path[128];
};

static int
setup(void **state)
{
	static struct ctx c;

	snprintf(c.dir, sizeof(c.dir), "/tmp/camguard-fwfile-XXXXXX");
	if (mkdtemp(c.dir) == NULL)
		return -1;
	snprintf(c.path, sizeof(c.path), "%s/blocks", c.dir);
	*state = &c;
	return 0;
}

static int
teardown(void **state)
{
	struct ctx *c = *state;

	fw_fini();
	unlink(c->path);
	rmdir(c->dir);
	return 0;
}

static void
start(const char *path, enum conf_backend b)
{
	struct fw_conf fc;

	memset(&fc, 0, sizeof(fc));
	fc.backend = b;
	snprintf(fc.block_file, sizeof(fc.block_file), "%s", path);
	snprintf(fc.table, sizeof(fc.table), "camguard");
	assert_int_equal(fw_init(&fc), 0);
}

static struct addr_net
net(const char *s)
{
	struct addr_net a;

	assert_int_equal(addr_parse_net(s, strlen(s), &a), 0);
	return a;
}

static void
assert_file(const char *path, const char *expected)
{
	static char buf[4096];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	assert_true(n >= 0);
	buf[n] = '\0';
	assert_string_equal(buf, expected);
}

static void
test_block_and_release_write_the_spec_lines(void **state)
{
	struct ctx *c = *state;
	struct addr_net a = net("192.0.2.7"), b = net("2001:db8:1::/64");

	start(c->path, CONF_FW_FILE);
	assert_string_equal(fw_backend_name(), "file");
	assert_int_equal(fw_block(&a, 1718003600), 0);
	assert_int_equal(fw_block(&b, 0), 0);
	assert_int_equal(fw_release(&a), 0);
	assert_int_equal(fw_flush(), 0);
	assert_file(c->path, "block 192.0.2.7/32 1718003600\n"
	    "block 2001:db8:1::/64 0\n"
	    "release 192.0.2.7/32\n");
}

static void
test_block_many_writes_one_line_each_in_order(void **state)
{
	struct ctx *c = *state;
	struct addr_net n[3] = { net("10.0.0.1"), net("10.0.0.2"),
		net("::1") };
	int64_t until[3] = { 100, 0, 300 };

	start(c->path, CONF_FW_FILE);
	assert_int_equal(fw_block_many(n, until, 3), 0);
	assert_file(c->path, "block 10.0.0.1/32 100\nblock 10.0.0.2/32 0\n"
	    "block ::1/128 300\n");
}

static void
test_a_big_batch_is_written_whole(void **state)
{
	static struct addr_net n[600];
	static int64_t until[600];
	struct ctx *c = *state;
	char line[64], *buf;
	size_t i, len = 0;
	FILE *f;

	for (i = 0; i < 600; i++) {
		snprintf(line, sizeof(line), "10.1.%zu.%zu", i / 256, i % 256);
		n[i] = net(line);
		until[i] = (int64_t)i;
	}
	start(c->path, CONF_FW_FILE);
	assert_int_equal(fw_block_many(n, until, 600), 0);
	assert_non_null(f = fopen(c->path, "r"));
	buf = malloc(65536);
	assert_non_null(buf);
	len = fread(buf, 1, 65535, f);
	fclose(f);
	buf[len] = '\0';
	assert_non_null(strstr(buf, "\nblock 10.1.2.87/32 599\n"));
	for (i = 0, len = 0; buf[i]; i++)
		len += buf[i] == '\n';
	assert_int_equal(len, 600);
	free(buf);
}

static void
test_lines_are_appended_to_what_is_there(void **state)
{
	struct ctx *c = *state;
	struct addr_net a = net("198.51.100.1");
	FILE *f;

	assert_non_null(f = fopen(c->path, "w"));
	fputs("release 10.9.9.9/32\n", f);
	fclose(f);
	start(c->path, CONF_FW_FILE);
	assert_int_equal(fw_block(&a, 5), 0);
	assert_file(c->path, "release 10.9.9.9/32\n"
	    "block 198.51.100.1/32 5\n");
}

/* A file that takes no more bytes (RLIMIT_FSIZE 1, EFBIG). */
static void
test_a_failed_write_returns_minus_one(void **state)
{
	struct ctx *c = *state;
	struct addr_net a = net("192.0.2.1");
	struct rlimit old, one = { 1, 1 };
	int64_t until = 0;

	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	one.rlim_max = old.rlim_max;
	start(c->path, CONF_FW_FILE);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &one), 0);
	assert_int_equal(fw_block(&a, 0), -1);
	assert_int_equal(fw_release(&a), -1);
	assert_int_equal(fw_block_many(&a, &until, 1), -1);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
}

/* A device or a FIFO in place of the block file never blocks a write. */
static void
test_a_block_file_that_is_not_regular_is_refused(void **state)
{
	struct ctx *c = *state;
	struct fw_conf fc;

	memset(&fc, 0, sizeof(fc));
	fc.backend = CONF_FW_FILE;
	snprintf(fc.block_file, sizeof(fc.block_file), "/dev/null");
	assert_int_equal(fw_init(&fc), -1);
	assert_int_equal(mkfifo(c->path, 0600), 0);
	snprintf(fc.block_file, sizeof(fc.block_file), "%s", c->path);
	assert_int_equal(fw_init(&fc), -1);	/* no reader: no hang */
	unlink(c->path);
}

static void
test_an_unwritable_block_file_fails_init(void **state)
{
	struct ctx *c = *state;
	struct fw_conf fc;

	memset(&fc, 0, sizeof(fc));
	fc.backend = CONF_FW_FILE;
	snprintf(fc.block_file, sizeof(fc.block_file), "%s/no/such/dir",
	    c->dir);
	assert_int_equal(fw_init(&fc), -1);
	fc.block_file[0] = '\0';
	assert_int_equal(fw_init(&fc), -1);
}

static void
test_a_vanished_block_file_fails_then_recovers(void **state)
{
	struct ctx *c = *state;
	struct addr_net a = net("192.0.2.9");
	char sub[96], path[128];

	snprintf(sub, sizeof(sub), "%s/sub", c->dir);
	snprintf(path, sizeof(path), "%s/blocks", sub);
	assert_int_equal(mkdir(sub, 0700), 0);
	start(path, CONF_FW_FILE);
	unlink(path);
	rmdir(sub);
	assert_int_equal(fw_block(&a, 7), -1);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(fw_block(&a, 7), 0);
	assert_file(path, "block 192.0.2.9/32 7\n");
	unlink(path);
	rmdir(sub);
}

static void
test_camera_acl_is_not_in_this_build(void **state)
{
	struct fw_conf fc;

	(void)state;
	memset(&fc, 0, sizeof(fc));
	fc.backend = CONF_FW_CAMERA_ACL;
	assert_int_equal(fw_init(&fc), -1);
	assert_string_equal(fw_backend_name(), "");
}

static void
test_verbs_without_a_backend_fail(void **state)
{
	struct addr_net a = net("192.0.2.1");

	(void)state;
	fw_fini();
	assert_int_equal(fw_block(&a, 0), -1);
	assert_int_equal(fw_release(&a), -1);
	assert_int_equal(fw_flush(), -1);
	assert_int_equal(fw_fini(), 0);
}

static void
test_the_none_backend_accepts_everything(void **state)
{
	struct addr_net a = net("192.0.2.1");
	int64_t until = 9;

	(void)state;
	start("", CONF_FW_NONE);
	assert_string_equal(fw_backend_name(), "none");
	assert_int_equal(fw_block(&a, 0), 0);
	assert_int_equal(fw_block_many(&a, &until, 1), 0);
	assert_int_equal(fw_release(&a), 0);
	assert_int_equal(fw_flush(), 0);
}

static void
test_a_non_address_is_refused(void **state)
{
	struct addr_net bad;

	(void)state;
	memset(&bad, 0, sizeof(bad));
	start("", CONF_FW_NONE);
	assert_int_equal(fw_block(&bad, 0), -1);
	bad.family = 4;
	bad.prefix = 33;
	assert_int_equal(fw_release(&bad), -1);
}

static void
test_conf_ports_are_checked(void **state)
{
	static struct conf conf;
	struct fw_conf fc;

	(void)state;
	conf_defaults(&conf);
	conf.ids.block_backend = CONF_FW_FILE;
	snprintf(conf.ids.block_file, sizeof(conf.ids.block_file), "/x");
	conf.ids.n_ports = 2;
	conf.ids.ports[0] = 80;
	conf.ids.ports[1] = 8443;
	assert_int_equal(fw_conf_set(&fc, &conf), 0);
	assert_int_equal(fc.backend, CONF_FW_FILE);
	assert_string_equal(fc.block_file, "/x");
	assert_string_equal(fc.table, "camguard");
	assert_int_equal(fc.n_ports, 2);
	assert_int_equal(fc.ports[1], 8443);
	conf.ids.ports[1] = 65536;
	assert_int_equal(fw_conf_set(&fc, &conf), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_block_and_release_write_the_spec_lines),
		T(test_block_many_writes_one_line_each_in_order),
		T(test_a_big_batch_is_written_whole),
		T(test_lines_are_appended_to_what_is_there),
		T(test_a_failed_write_returns_minus_one),
		T(test_a_block_file_that_is_not_regular_is_refused),
		T(test_an_unwritable_block_file_fails_init),
		T(test_a_vanished_block_file_fails_then_recovers),
		T(test_camera_acl_is_not_in_this_build),
		T(test_verbs_without_a_backend_fail),
		T(test_the_none_backend_accepts_everything),
		T(test_a_non_address_is_refused),
		T(test_conf_ports_are_checked),
#undef T
	};

	log_init(1, 0, "test_fw_file");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
