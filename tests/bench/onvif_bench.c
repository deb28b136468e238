/*
 * onvif_bench.c - what the ONVIF probes add to a live scan's probes
 * (make bench, through tests/bench/onvif.sh; not part of make check).
 *
 *   onvif_bench HOST WEB_PORT TLS(0|1) RTSP_PORT WSD_PORT RUNS
 *
 * Runs probe_run() RUNS times on the same camera without and with the
 * ONVIF device service and WS-Discovery probes, alternating the order
 * of each pair so that a load that comes and goes hits both alike, and
 * prints the median of each and the median of the paired differences,
 * in milliseconds, and the CPU time camguard itself spent (user + system,
 * which a loaded machine stretches less than wall time).  Links
 * libcamguard.a: the probes are camguard's own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "platform/probe.h"

static struct probe pr;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double
cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

/* One run's wall time; its CPU time is added to *cpu. */
static double
one(const struct probe_target *t, double *cpu)
{
	double t0 = now_ms(), c0 = cpu_ms();

	probe_run(t, &pr);
	*cpu += cpu_ms() - c0;
	return now_ms() - t0;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(v[0]), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main(int argc, char **argv)
{
	struct probe_target off, on;
	double *a, *b, *d, cpu_off = 0, cpu_on = 0, junk = 0;
	size_t i, n;
	int tls;

	if (argc != 7) {
		fprintf(stderr, "usage: onvif_bench HOST WEB_PORT TLS "
		    "RTSP_PORT WSD_PORT RUNS\n");
		return 64;
	}
	memset(&off, 0, sizeof(off));
	snprintf(off.host, sizeof(off.host), "%s", argv[1]);
	tls = atoi(argv[3]);
	if (tls)
		off.https_port = (uint16_t)atoi(argv[2]);
	else
		off.http_port = (uint16_t)atoi(argv[2]);
	off.rtsp_port = (uint16_t)atoi(argv[4]);
	off.timeout_ms = 3000;
	off.login_user = "admin";
	off.login_password = "meinsm";
	on = off;
	on.onvif_port = (uint16_t)atoi(argv[2]);
	on.onvif_tls = tls != 0;
	snprintf(on.onvif_path, sizeof(on.onvif_path), "/onvif/device_service");
	on.wsd_port = (uint16_t)atoi(argv[5]);
	n = (size_t)atoi(argv[6]);
	a = calloc(n, sizeof(*a));
	b = calloc(n, sizeof(*b));
	d = calloc(n, sizeof(*d));
	if (!a || !b || !d || n == 0)
		return 1;
	for (i = 0; i < 5; i++)
		(void)one(&off, &junk), (void)one(&on, &junk);
	for (i = 0; i < n; i++) {
		if (i % 2) {
			b[i] = one(&on, &cpu_on);
			a[i] = one(&off, &cpu_off);
		} else {
			a[i] = one(&off, &cpu_off);
			b[i] = one(&on, &cpu_on);
		}
		d[i] = b[i] - a[i];
	}
	printf("probes without ONVIF %.2f ms, with ONVIF and WS-Discovery "
	    "%.2f ms, added %+.2f ms wall (median of %zu pairs), %+.2f ms "
	    "CPU\n", median(a, n), median(b, n), median(d, n), n,
	    (cpu_on - cpu_off) / (double)n);
	free(a);
	free(b);
	free(d);
	return 0;
}
