/*
 * fleet_bench.c - what the fleet server's table and documents cost for a
 * fleet of N cameras (tests/bench/fleet.sh; not part of make check):
 * every camera's status, summary, 36 check records and block list go
 * through fleet_model_message() as libmosquitto would hand them over,
 * then the page, /fleet and /metrics are rendered RUNS times each.
 * Prints messages a second, the median time and the size of each
 * document, and the table's memory.
 *
 * usage: fleet_bench [N [RUNS]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fleet/fleet_docs.h"
#include "fleet/fleet_model.h"

#define BENCH_CHECKS	36

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
msg(struct fleet_model *m, const char *cam, const char *sfx, const char *p)
{
	char t[256];

	snprintf(t, sizeof(t), "MOBOTIX/%s/%s", cam, sfx);
	if (fleet_model_message(m, t, strlen(t), p, strlen(p), true,
	    1700000000) != FLEET_MSG_APPLIED) {
		fprintf(stderr, "fleet_bench: %s refused\n", t);
		exit(1);
	}
}

/* One camera as an agent publishes it; every third with factory settings. */
static size_t
camera(struct fleet_model *m, int i)
{
	static const char *const sev[] = { "critical", "high", "medium", "low",
		"info" };
	char id[32], sfx[64], p[2048];
	bool factory = i % 3 == 0;
	int k;

	snprintf(id, sizeof(id), "site-%02d-cam-%04d", i % 40, i);
	msg(m, id, "camguard/status", i % 17 == 0 ? "{\"state\":\"offline\"}" :
	    "{\"state\":\"online\",\"version\":\"0.1.0\",\"started\":"
	    "1699990000,\"boot_id\":null,\"dropped\":0}");
	snprintf(p, sizeof(p), "{\"camera\":\"%s\",\"time\":1699999000,"
	    "\"firmware\":\"MX-V5.4.2.29\",\"model\":\"MX-M16B-6D6N-R12\","
	    "\"policy\":{\"id\":\"mobotix-v1\",\"version\":\"1.0.0\",\"sha256\":"
	    "\"c7944149c226c1f31d4f089fbd10d4b030f8100ad0bb3ae621bc013974fc58d8"
	    "\"},\"counts\":{\"pass\":%d,\"fail\":%d,\"not_applicable\":1,"
	    "\"manual\":5,\"error\":0,\"not_checked\":8,\"waived\":0,"
	    "\"fail_critical\":%d,\"fail_high\":%d},\"score\":%s,"
	    "\"state_sha256\":\"7dc0ddeca726d67c9cbf208b6b059d1565531f0af9873d"
	    "7da173ba00bb902940\"}", id, factory ? 1 : 20, factory ? 22 : 2,
	    factory ? 2 : 0, factory ? 8 : 0, factory ? "0.0435" : "0.9091");
	msg(m, id, "hardening/summary", p);
	for (k = 0; k < BENCH_CHECKS; k++) {
		snprintf(sfx, sizeof(sfx), "hardening/check/MX-%02d", k);
		snprintf(p, sizeof(p), "{\"id\":\"MX-%02d\",\"title\":\"A check "
		    "of the camera's configuration\",\"severity\":\"%s\","
		    "\"guide\":\"Cyber Protection Guide 2024 \\u00a7%d\","
		    "\"rationale\":\"Why it matters, in two or three sentences "
		    "of the guide that a field engineer reads before changing "
		    "anything on a camera in production.\",\"remediation\":"
		    "\"Admin Menu > Network Setup > Web Server: change the "
		    "setting as the guide says, then Set and Close and store "
		    "the configuration permanently.\",\"result\":\"%s\","
		    "\"reason\":null,\"evidence\":{\"key\":\"value\"}}", k,
		    sev[k % 5], k, factory && k % 2 ? "fail" : "pass");
		msg(m, id, sfx, p);
	}
	msg(m, id, "ids/blocked", "{\"count\":1,\"entries\":[{\"ip\":"
	    "\"192.0.2.7\",\"prefix\":32,\"until\":null}]}");
	return 3 + BENCH_CHECKS;
}

static double
render(int (*fn)(char *, size_t, const struct fleet_doc_in *),
    struct fleet_doc_in *in, char *buf, size_t cap, int runs, int *len)
{
	double t[64], t0;
	int r;

	for (r = 0; r < runs; r++) {
		t0 = now_s();
		if (fn != fleet_metrics)
			in->n_rows = fleet_rows(in->m, in->f,
			    (struct fleet_row *)in->rows, (size_t *)in->counts);
		if ((*len = fn(buf, cap, in)) < 0) {
			fprintf(stderr, "fleet_bench: a document over %zu\n",
			    cap);
			exit(1);
		}
		t[r] = now_s() - t0;
	}
	qsort(t, (size_t)runs, sizeof(t[0]), cmp_d);
	return t[runs / 2];
}

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : FLEET_CAMERAS_MAX;
	int runs = argc > 2 ? atoi(argv[2]) : 11, len, i;
	size_t cap = (size_t)FLEET_DOC_MAX, msgs = 0;
	size_t counts[FLEET_ROW_STATES];
	struct fleet_filter f = { 0, "" };
	struct fleet_model *m;
	struct fleet_row *rows;
	struct fleet_doc_in in;
	char *buf = malloc(cap);
	double t0, t;

	if (n < 1 || n > FLEET_CAMERAS_MAX || runs < 1 || runs > 64)
		return 64;
	m = fleet_model_new("MOBOTIX", FLEET_CAMERAS_MAX, 1700000000);
	rows = calloc(FLEET_CAMERAS_MAX + FLEET_EXPECT_MAX, sizeof(*rows));
	if (!m || !rows || !buf)
		return 1;
	t0 = now_s();
	for (i = 0; i < n; i++)
		msgs += camera(m, i);
	t = now_s() - t0;
	printf("cameras %d, messages %zu in %.3f s: %.0f messages/s\n", n,
	    msgs, t, (double)msgs / t);
	printf("table: %zu bytes an entry, %.1f MiB for %d cameras\n",
	    sizeof(struct fleet_entry), (double)sizeof(struct fleet_entry) *
	    FLEET_CAMERAS_MAX / 1048576.0, FLEET_CAMERAS_MAX);
	in = (struct fleet_doc_in){ m, rows, 0, counts, &f, 1700000100, true };
	t = render(fleet_page, &in, buf, cap, runs, &len);
	printf("page     %8.3f ms %9d bytes\n", t * 1e3, len);
	t = render(fleet_json, &in, buf, cap, runs, &len);
	printf("/fleet   %8.3f ms %9d bytes\n", t * 1e3, len);
	t = render(fleet_metrics, &in, buf, cap, runs, &len);
	printf("/metrics %8.3f ms %9d bytes\n", t * 1e3, len);
	fleet_model_free(m);
	free(rows);
	free(buf);
	return 0;
}
