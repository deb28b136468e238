/*
 * ids_bench.c - the benchmark driver of tests/bench/ids_detect.sh.
 *
 *   ids_bench gen LINES SOURCES SEED [PER_SECOND]
 *                                        a CLF access log on stdout, PER_SECOND
 *                                        lines a second (10): 10% of the
 *                                        lines are failed logins, 5% 401
 *                                        challenges, the rest 200s
 *   ids_bench detect EVENTS SOURCES SEED MAX_TRACKED
 *                                        the detector alone on pre-built
 *                                        failures: ns per event, counters
 *   ids_bench sshg EVENTS SOURCES SEED  the same failures as sshguard's
 *                                        blocker reads them
 *                                        ("service ip af danger")
 *
 * Every stream comes from one seeded xorshift64*, so the same arguments
 * give the same bytes.  Source k is 10.x.y.z for most k and an IPv6
 * address in its own /64 for every tenth; the detector's time moves one
 * second every hundred events.  Not part of camguard: built by the bench
 * script only.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/cg_limits.h"
#include "core/service.h"
#include "ids/ids.h"

#define T0	1728565200	/* 10 Oct 2024 13:00:00 UTC */

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* Source k as text. */
static void
source_text(uint64_t k, char *buf, size_t sz)
{
	if (k % 10 == 9)
		snprintf(buf, sz, "2001:db8:%x:%x::%x", (unsigned)(k >> 16),
		    (unsigned)(k & 0xffff), (unsigned)(k % 251) + 1);
	else
		snprintf(buf, sz, "10.%u.%u.%u", (unsigned)(k >> 16) & 0xff,
		    (unsigned)(k >> 8) & 0xff, (unsigned)k & 0xff);
}

static int
gen(uint64_t lines, uint64_t sources, uint64_t seed, uint64_t per_s)
{
	static const char *const users[] = { "admin", "root", "service" };
	char ip[64], ts[40];
	uint64_t s = seed | 1, i, r;
	struct tm tm;
	time_t t;

	for (i = 0; i < lines; i++) {
		r = rnd(&s);
		source_text(r % sources, ip, sizeof(ip));
		t = (time_t)(T0 + (int64_t)(i / per_s));
		gmtime_r(&t, &tm);
		strftime(ts, sizeof(ts), "%d/%b/%Y:%H:%M:%S +0000", &tm);
		r = (r >> 32) % 100;
		if (r < 10)
			printf("%s - %s [%s] \"GET /admin/ HTTP/1.1\" 401 "
			    "381\n", ip, users[r % 3], ts);
		else if (r < 15)
			printf("%s - - [%s] \"GET /admin/ HTTP/1.1\" 401 "
			    "381\n", ip, ts);
		else
			printf("%s - - [%s] \"GET /record/current.jpg "
			    "HTTP/1.1\" 200 48213\n", ip, ts);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

/* The failure stream: one source index per event. */
static uint64_t *
stream(uint64_t events, uint64_t sources, uint64_t seed)
{
	uint64_t *k = malloc(events * sizeof(*k)), s = seed | 1, i;

	if (!k) {
		perror("malloc");
		exit(2);
	}
	for (i = 0; i < events; i++)
		k[i] = rnd(&s) % sources;
	return k;
}

static void
count(const struct ids_decision *dec, void *arg)
{
	(void)dec;
	(*(uint64_t *)arg)++;
}

static void
bench_rules(struct ids_rules *r, size_t max_tracked)
{
	memset(r, 0, sizeof(*r));
	r->threshold = 5;
	r->timeout_s = 3600;
	r->deadtime_s = 3600;
	r->block = true;
	r->block_s = 600;
	r->block_factor = 2;
	r->block_max_s = 86400;
	r->ipv6_prefix = 64;
	r->max_tracked = max_tracked;
}

static int
detect(uint64_t events, uint64_t sources, uint64_t seed, size_t max)
{
	uint64_t *k = stream(events, sources, seed), decisions = 0, i;
	struct addr_net *addr = malloc(sources * sizeof(*addr));
	struct ids_event ev = { .kind = IDS_AUTH_FAILURE, .has_user = true };
	struct ids_rules rules;
	struct ids_detect *d;
	struct ids_stats st;
	struct timespec a, b;
	char ip[64];
	double ns;

	for (i = 0; addr && i < sources; i++) {
		source_text(i, ip, sizeof(ip));
		addr_parse_ip(ip, strlen(ip), &addr[i]);
	}
	bench_rules(&rules, max);
	if (!addr || !(d = ids_detect_new(&rules, count, &decisions)))
		return 2;
	snprintf(ev.user, sizeof(ev.user), "admin");
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < events; i++) {
		ev.addr = addr[k[i]];
		ev.ts = T0 + (int64_t)(i / 100);
		ids_detect_tick(d, ev.ts);
		ids_detect_event(d, &ev, ev.ts);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	ns = ((double)(b.tv_sec - a.tv_sec) * 1e9 +
	    (double)(b.tv_nsec - a.tv_nsec)) / (double)events;
	ids_detect_stats(d, &st);
	printf("%" PRIu64 " %.0f %" PRIu64 " %" PRIu64 " %" PRIu64 " %zu\n",
	    sources, ns, st.alarms, st.blocks, st.evictions, st.tracked);
	ids_detect_free(d);
	free(addr);
	free(k);
	return 0;
}

/* sshguard's parser output: service 100 (sshd), the address, 4 or 6,
 * danger 10 (one failed login). */
static int
sshg(uint64_t events, uint64_t sources, uint64_t seed)
{
	uint64_t *k = stream(events, sources, seed), i;
	char ip[64];

	for (i = 0; i < events; i++) {
		source_text(k[i], ip, sizeof(ip));
		printf("100 %s %d 10\n", ip, k[i] % 10 == 9 ? 6 : 4);
	}
	free(k);
	return fflush(stdout) == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	uint64_t n, src, seed, arg5;

	if (argc < 5 || argc > 6)
		goto usage;
	n = strtoull(argv[2], NULL, 10);
	src = strtoull(argv[3], NULL, 10);
	seed = strtoull(argv[4], NULL, 10);
	arg5 = argc == 6 ? strtoull(argv[5], NULL, 10) : 0;
	if (n == 0 || src == 0)
		goto usage;
	if (!strcmp(argv[1], "gen"))
		return gen(n, src, seed, arg5 ? arg5 : 10);
	if (!strcmp(argv[1], "detect") && arg5 > 0)
		return detect(n, src, seed, (size_t)arg5);
	if (!strcmp(argv[1], "sshg"))
		return sshg(n, src, seed);
usage:
	fputs("usage: ids_bench gen N SOURCES SEED [PER_SECOND]\n"
	    "       ids_bench detect N SOURCES SEED MAX_TRACKED\n"
	    "       ids_bench sshg N SOURCES SEED\n", stderr);
	return 64;
}
