/*
 * test_readfile.c - opening a file never hangs and never reads what is
 * not a regular file (a FIFO, a device, a directory); a whole-file read
 * is bounded; an installed opener is what readfile() uses.  A hang would
 * be ended by alarm() and fail the test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/readfile.h"

static char dir[64];
static char path[128];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/camguard-readfile-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/f", dir);
	alarm(10);	/* a hang fails the test instead of stalling it */
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(path);
	rmdir(dir);
	return 0;
}

static void
test_a_fifo_is_refused_without_waiting_for_a_writer(void **state)
{
	char buf[16], msg[256] = "";
	FILE *f = fmemopen(msg, sizeof(msg), "w");
	size_t len;

	(void)state;
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(readfile_open(path, O_RDONLY, 0), -1);
	assert_int_equal(errno, READFILE_ENOTREG);
	assert_int_equal(readfile(path, buf, sizeof(buf) - 1, &len, f), -1);
	fclose(f);
	assert_non_null(strstr(msg, ": not a regular file"));
	/* a writer's open of a FIFO without a reader fails too (ENXIO) */
	assert_int_equal(readfile_open(path, O_WRONLY | O_APPEND, 0), -1);
}

static void
test_devices_and_directories_are_refused(void **state)
{
	(void)state;
	assert_int_equal(readfile_open("/dev/zero", O_RDONLY, 0), -1);
	assert_int_equal(errno, READFILE_ENOTREG);
	assert_int_equal(readfile_open(dir, O_RDONLY, 0), -1);
	assert_int_equal(errno, READFILE_ENOTREG);
	assert_string_equal(readfile_strerror(READFILE_ENOTREG),
	    "not a regular file");
}

static void
test_a_regular_file_is_read_whole_and_bounded(void **state)
{
	char buf[8], msg[256] = "";
	FILE *f;
	size_t len;
	int fd;

	(void)state;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "hello", 5), 5);
	close(fd);
	f = fmemopen(msg, sizeof(msg), "w");
	assert_int_equal(readfile(path, buf, 5, &len, f), 0);
	assert_int_equal(len, 5);
	assert_string_equal(buf, "hello");
	assert_int_equal(readfile(path, buf, 4, &len, f), -1);
	fclose(f);
	assert_non_null(strstr(msg, ":1:1: file is larger than 4 bytes"));
}

static int opened;

static int
fake_opener(const char *p, void *arg)
{
	(void)arg;
	opened++;
	return open(strcmp(p, "virtual") ? p : path, O_RDONLY);
}

static void
test_the_installed_opener_is_used(void **state)
{
	char buf[16];
	size_t len;
	int fd;

	(void)state;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_int_equal(write(fd, "via opener", 10), 10);
	close(fd);
	readfile_set_opener(fake_opener, NULL);
	assert_int_equal(readfile("virtual", buf, sizeof(buf) - 1, &len,
	    stderr), 0);
	readfile_set_opener(NULL, NULL);
	assert_int_equal(opened, 1);
	assert_string_equal(buf, "via opener");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_a_fifo_is_refused_without_waiting_for_a_writer),
		T(test_devices_and_directories_are_refused),
		T(test_a_regular_file_is_read_whole_and_bounded),
		T(test_the_installed_opener_is_used),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
