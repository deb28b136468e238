/*
 * priv_driver.c - a compromised worker against the real privileged parent
 * (issue 15, item 3): the parent is camguard's own code (priv_fork,
 * priv_parent_serve, priv_parent_apply, over the real SOCK_SEQPACKET
 * socket, with the real nftables backend), the worker is this child,
 * which asks for what a worker in an attacker's hands would.
 *
 *	priv_driver CONF
 *
 * The child prints one line per request, "NAME RC" (0: applied, -13:
 * refused by the policy), then "done", and waits for a line on stdin
 * before it exits, so that the script can look at the kernel's sets while
 * the parent still holds them.  Built by tests/integration/lockdown.sh
 * against build/libcamguard.a; not part of camguard.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/conf.h"
#include "core/log.h"
#include "daemon/priv_parent.h"
#include "platform/fw/fw.h"
#include "platform/priv.h"

#define DRIVER_FLOOD	5000	/* blocks asked for: past the cap */

static int sock;

static void
say(const char *name, int rc)
{
	printf("%s %d\n", name, rc);
	fflush(stdout);
}

static int
block(const char *s)
{
	struct addr_net a;

	if (addr_parse_net(s, strlen(s), &a) < 0)
		return -999;
	return priv_request(sock, PRIV_BLOCK, &a, 0);
}

/* A hand-made message: what a parser would never produce. */
static int
block_raw(uint8_t family, uint8_t prefix, const uint8_t *bytes)
{
	struct addr_net a;

	memset(&a, 0, sizeof(a));
	a.family = family;
	a.prefix = prefix;
	memcpy(a.bytes, bytes, 16);
	return priv_request(sock, PRIV_BLOCK, &a, 0);
}

static void
hostile_worker(void)
{
	static const uint8_t zero[16], mapped[16] = { [10] = 0xff,
		[11] = 0xff, 10, 1, 2, 3 };
	static const uint8_t half[16] = { 0x80 };
	uint16_t ports[] = { 8080, 22, 1883, 8883 };
	char ip[32];
	int i, ok = 0, refused = 0, rc;

	say("init-8080-22-1883-8883", priv_request_init(sock, ports, 4));
	say("block-0.0.0.0/1", block_raw(4, 1, zero));
	say("block-128.0.0.0/1", block_raw(4, 1, half));
	say("block-::/1", block_raw(6, 1, zero));
	say("block-8000::/1", block_raw(6, 1, half));
	say("block-127.0.0.1", block("127.0.0.1"));
	say("block-::1", block("::1"));
	say("block-::ffff:10.1.2.3", block_raw(6, 128, mapped));
	say("block-allowed-192.0.2.200", block("192.0.2.200"));
	say("block-ignored-10.9.1.1", block("10.9.1.1"));
	say("block-v6-/48", block("2001:db8:1::/48"));
	say("block-attacker-10.250.0.3", block("10.250.0.3"));
	say("block-v6-/64", block("2001:db8:1:2::/64"));
	for (i = 0; i < DRIVER_FLOOD; i++) {
		snprintf(ip, sizeof(ip), "10.%d.%d.%d", 100 + i / 65536,
		    (i / 256) % 256, i % 256);
		rc = block(ip);
		ok += rc == 0;
		refused += rc == -PRIV_REFUSED;
	}
	printf("flood %d applied %d refused\n", ok, refused);
	puts("done");
	fflush(stdout);
	if (getchar() == EOF)
		_exit(0);
	_exit(0);
}

int
main(int argc, char **argv)
{
	struct priv_parent *pp;
	struct conf *c = malloc(sizeof(*c));
	pid_t pid;
	int rc;

	if (argc != 2 || !c || conf_load(c, argv[1], stderr) < 0)
		return 64;
	log_init(1, 0, "priv_driver");
	if ((pid = priv_fork(&sock)) < 0)
		return 2;
	if (pid == 0)
		hostile_worker();
	if (!(pp = priv_parent_new(argv[1], c)))
		return 2;
	rc = priv_parent_serve(sock, pid, priv_parent_apply, pp, NULL);
	fprintf(stderr, "parent: %llu refused, worker rc %d\n",
	    (unsigned long long)priv_parent_refused(pp), rc);
	if (*fw_backend_name())
		fw_fini();
	priv_parent_free(pp);
	return rc;
}
