/*
 * fw_driver.c - drive platform/fw/fw.h from a test script, one command per
 * line on stdin, one answer per line on stdout:
 *
 *	init nftables|file|none|camera-acl [PORT,...] [FILE]
 *	block ADDR/PREFIX SECONDS	(0 = until reboot)
 *	many N SECONDS		N blocks 10.99.x.y/32, one batch
 *	release ADDR/PREFIX
 *	flush | fini
 *	bench N			time N single adds, then a batch
 *
 * Each answer is "ok SEQ VERB" or "fail SEQ VERB" (SEQ counts commands
 * from 1), so the script can wait for exactly the answer it needs.  Built
 * by tests/integration/fw_nft.sh against build/libcamguard.a; not part of
 * camguard (no hidden subcommand).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/conf.h"
#include "core/log.h"
#include "platform/fw/fw.h"

#define DRIVER_MANY_MAX	4096

static struct addr_net many_net[DRIVER_MANY_MAX];
static int64_t many_until[DRIVER_MANY_MAX];

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
do_init(const char *backend, const char *ports, const char *file)
{
	struct fw_conf c;
	char *end;

	memset(&c, 0, sizeof(c));
	snprintf(c.table, sizeof(c.table), "camguard");
	if (!strcmp(backend, "nftables"))
		c.backend = CONF_FW_NFTABLES;
	else if (!strcmp(backend, "file"))
		c.backend = CONF_FW_FILE;
	else if (!strcmp(backend, "camera-acl"))
		c.backend = CONF_FW_CAMERA_ACL;
	else
		c.backend = CONF_FW_NONE;
	while (ports != NULL && *ports && c.n_ports < CONF_PORTS_MAX) {
		c.ports[c.n_ports++] = (uint16_t)strtoul(ports, &end, 10);
		ports = *end == ',' ? end + 1 : end;
	}
	if (file != NULL)
		snprintf(c.block_file, sizeof(c.block_file), "%s", file);
	return fw_init(&c);
}

static int
do_block(const char *net, const char *secs)
{
	struct addr_net a;
	long long s = secs ? atoll(secs) : 0;

	if (net == NULL || addr_parse_net(net, strlen(net), &a) == -1)
		return -1;
	return fw_block(&a, s > 0 ? (int64_t)time(NULL) + s : 0);
}

static int
do_release(const char *net)
{
	struct addr_net a;

	if (net == NULL || addr_parse_net(net, strlen(net), &a) == -1)
		return -1;
	return fw_release(&a);
}

/* n addresses 10.99.x.y/32, until now + secs (0: until reboot). */
static size_t
fill_many(const char *count, long long secs, unsigned base)
{
	size_t n = count ? strtoul(count, NULL, 10) : 0, i;

	if (n > DRIVER_MANY_MAX / 2)
		n = DRIVER_MANY_MAX / 2;
	for (i = 0; i < n; i++) {
		memset(&many_net[i], 0, sizeof(many_net[i]));
		many_net[i].family = 4;
		many_net[i].prefix = 32;
		many_net[i].bytes[0] = 10;
		many_net[i].bytes[1] = 99;
		many_net[i].bytes[2] = (uint8_t)((base + i) >> 8);
		many_net[i].bytes[3] = (uint8_t)(base + i);
		many_until[i] = secs > 0 ? (int64_t)time(NULL) + secs : 0;
	}
	return n;
}

static int
do_bench(const char *count)
{
	size_t n = fill_many(count, 600, 0), i;
	double t0, t1, t2;

	t0 = now_ms();
	for (i = 0; i < n; i++)
		if (fw_block(&many_net[i], many_until[i]) == -1)
			return -1;
	t1 = now_ms();
	fill_many(count, 600, (unsigned)n);
	if (fw_block_many(many_net, many_until, n) == -1)
		return -1;
	t2 = now_ms();
	printf("# bench: %zu single adds %.3f ms each; one batch of %zu "
	    "%.3f ms (%.3f ms each)\n", n, (t1 - t0) / (double)n, n,
	    t2 - t1, (t2 - t1) / (double)n);
	return fw_flush();
}

static int
run(char *line)
{
	char *verb = strtok(line, " \t\n"), *a1, *a2, *a3;

	a1 = strtok(NULL, " \t\n");
	a2 = strtok(NULL, " \t\n");
	a3 = strtok(NULL, " \t\n");
	if (verb == NULL)
		return -1;
	if (!strcmp(verb, "init"))
		return a1 ? do_init(a1, a2, a3) : -1;
	if (!strcmp(verb, "block"))
		return do_block(a1, a2);
	if (!strcmp(verb, "many"))
		return fw_block_many(many_net, many_until,
		    fill_many(a1, a2 ? atoll(a2) : 0, 0));
	if (!strcmp(verb, "release"))
		return do_release(a1);
	if (!strcmp(verb, "flush"))
		return fw_flush();
	if (!strcmp(verb, "fini"))
		return fw_fini();
	if (!strcmp(verb, "bench"))
		return do_bench(a1);
	return -1;
}

int
main(void)
{
	char line[256], verb[16];
	unsigned seq = 0;
	int rc;

	log_init(1, 0, "fw_driver");
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), stdin) != NULL) {
		seq++;
		snprintf(verb, sizeof(verb), "%.*s", (int)strcspn(line,
		    " \t\n"), line);
		rc = run(line);
		printf("%s %u %s\n", rc == 0 ? "ok" : "fail", seq, verb);
	}
	fw_fini();
	return 0;
}
