/*
 * test_procnet.c - the /proc/net socket table parser: lines of tcp, tcp6,
 * udp and udp6, listeners found on the wanted ports only in the wanted
 * state, the corpus files fed whole and byte by byte, malformed lines
 * counted and skipped, a missing header, over-long lines; and the host
 * probe over a fixture proc_root (camera.proc_root).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "platform/probe.h"
#include "proto/procnet_parse.h"

#define CORPUS	"tests/corpus/procnet/"

static char file[8192];

static size_t
slurp(const char *name)
{
	FILE *f = fopen(name, "r");
	size_t n;

	assert_non_null(f);
	n = fread(file, 1, sizeof(file) - 1, f);
	fclose(f);
	file[n] = '\0';
	return n;
}

static void
want(struct procnet_scan *s, uint8_t state, const uint16_t *ports, size_t n)
{
	memset(s, 0, sizeof(*s));
	s->state = state;
	s->n_ports = n;
	memcpy(s->ports, ports, n * sizeof(ports[0]));
}

/* Feed len bytes in pieces of step bytes, keeping the unconsumed rest. */
static int
feed(const char *buf, size_t len, size_t step, struct procnet_scan *s)
{
	char held[PROCNET_CHUNK_MAX];
	size_t have = 0, off = 0, used, n;
	int rc;

	while (off < len) {
		n = len - off < step ? len - off : step;
		memcpy(held + have, buf + off, n);
		have += n;
		off += n;
		rc = procnet_parse(held, have, off == len, s, &used);
		if (rc != PROCNET_OK)
			return rc;
		memmove(held, held + used, have - used);
		have -= used;
	}
	return have == 0 ? PROCNET_OK : -99;
}

static void
test_ipv4_listener_line_parses(void **state)
{
	static const char l[] = "   1: 0100007F:1F90 00000000:0000 0A "
	    "00000000:00000000 00:00000000 00000000     0        0 1076 1";
	struct procnet_entry e;

	(void)state;
	assert_int_equal(procnet_parse_line(l, strlen(l), &e), PROCNET_OK);
	assert_int_equal(e.slot, 1);
	assert_int_equal(e.family, 4);
	assert_int_equal(e.local_port, 8080);
	assert_int_equal(e.rem_port, 0);
	assert_int_equal(e.state, PROCNET_TCP_LISTEN);
}

static void
test_ipv6_line_parses(void **state)
{
	static const char l[] = " 5000: 0000000000000000FFFF00000100007F:"
	    "0016 0000000000000000FFFF00000100007F:9C40 01 00000000:00000000";
	struct procnet_entry e;

	(void)state;
	assert_int_equal(procnet_parse_line(l, strlen(l), &e), PROCNET_OK);
	assert_int_equal(e.slot, 5000);
	assert_int_equal(e.family, 6);
	assert_int_equal(e.local_port, 22);
	assert_int_equal(e.rem_port, 40000);
	assert_int_equal(e.state, 1);
}

static void
test_malformed_lines_are_refused(void **state)
{
	static const char *const bad[] = {
		"", "   ", "0", "0:", "   0: 00000000:0015",
		"   0: 0000000:0015 00000000:0000 0A",	/* 7 digits */
		"   0: 00000000:015 00000000:0000 0A",	/* 3-digit port */
		"   0: 00000000:0015 00000000000000000000000000000000:0000 0A",
		"   0: 00000000:0015 00000000:0000 0A0",
		"   0: 00000000:0015 00000000:0000 A",
		"   0: 00000000-0015 00000000:0000 0A",
		"x: 00000000:0015 00000000:0000 0A",
		"  sl  local_address rem_address   st tx_queue",
	};
	struct procnet_entry e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (procnet_parse_line(bad[i], strlen(bad[i]), &e) !=
		    PROCNET_E_SYNTAX)
			fail_msg("accepted: \"%s\"", bad[i]);
}

static void
test_header_is_recognised(void **state)
{
	static const char h[] = "  sl  local_address rem_address   st";
	static const char l[] = "   0: 00000000:0015 00000000:0000 0A";

	(void)state;
	assert_true(procnet_is_header(h, strlen(h)));
	assert_false(procnet_is_header(l, strlen(l)));
	assert_false(procnet_is_header("sl", 2));
}

static void
test_listeners_on_wanted_ports_only_are_found(void **state)
{
	static const uint16_t ports[] = { 21, 22, 23 };
	struct procnet_scan s;
	size_t used, n = slurp(CORPUS "tcp-ftp-telnet");

	(void)state;
	want(&s, PROCNET_TCP_LISTEN, ports, 3);
	assert_int_equal(procnet_parse(file, n, true, &s, &used), PROCNET_OK);
	assert_int_equal(used, n);
	assert_true(s.found[0]);	/* 0.0.0.0:21 */
	assert_false(s.found[1]);	/* 22 is only a remote port */
	assert_true(s.found[2]);	/* 127.0.0.1:23 */
	assert_int_equal(s.n_sockets, 4);
	assert_int_equal(s.n_bad, 0);
}

static void
test_established_socket_is_not_a_listener(void **state)
{
	static const uint16_t ports[] = { 22, 8080 };
	struct procnet_scan s;
	size_t used, n = slurp(CORPUS "tcp6-web");

	(void)state;
	want(&s, PROCNET_TCP_LISTEN, ports, 2);
	assert_int_equal(procnet_parse(file, n, true, &s, &used), PROCNET_OK);
	assert_false(s.found[0]);
	assert_true(s.found[1]);
}

static void
test_bound_udp_sockets_are_found(void **state)
{
	static const uint16_t ports[] = { 1900, 5353, 3702 };
	struct procnet_scan s;
	size_t used, n = slurp(CORPUS "udp-ssdp");

	(void)state;
	want(&s, PROCNET_UDP_UNCONN, ports, 3);
	assert_int_equal(procnet_parse(file, n, true, &s, &used), PROCNET_OK);
	assert_true(s.found[0]);
	assert_false(s.found[1]);
	/* the same scan goes on over the IPv6 table */
	n = slurp(CORPUS "udp6-mdns");
	s.header_seen = false;
	assert_int_equal(procnet_parse(file, n, true, &s, &used), PROCNET_OK);
	assert_true(s.found[0]);
	assert_true(s.found[1]);
	assert_false(s.found[2]);
}

static void
test_corpus_gives_the_same_answer_byte_by_byte(void **state)
{
	static const char *const files[] = { "tcp-ftp-telnet", "tcp6-web",
		"udp-ssdp", "udp6-mdns", "tcp-empty", "tcp-malformed" };
	static const uint16_t ports[] = { 21, 22, 23, 1900, 5353, 8080 };
	struct procnet_scan whole, bytes;
	size_t i, used, n;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[128];

		snprintf(path, sizeof(path), CORPUS "%s", files[i]);
		n = slurp(path);
		want(&whole, PROCNET_TCP_LISTEN, ports, 6);
		want(&bytes, PROCNET_TCP_LISTEN, ports, 6);
		assert_int_equal(procnet_parse(file, n, true, &whole, &used),
		    PROCNET_OK);
		assert_int_equal(feed(file, n, 1, &bytes), PROCNET_OK);
		assert_memory_equal(&whole, &bytes, sizeof(whole));
	}
}

static void
test_malformed_lines_are_counted_and_skipped(void **state)
{
	static const uint16_t ports[] = { 21, 22, 23 };
	struct procnet_scan s;
	size_t used, n = slurp(CORPUS "tcp-malformed");

	(void)state;
	want(&s, PROCNET_TCP_LISTEN, ports, 3);
	assert_int_equal(procnet_parse(file, n, true, &s, &used), PROCNET_OK);
	assert_int_equal(s.n_sockets, 2);
	assert_int_equal(s.n_bad, 4);
	assert_true(s.found[0]);
	assert_true(s.found[1]);
	assert_false(s.found[2]);
}

static void
test_a_table_without_header_is_refused(void **state)
{
	static const char t[] = "   0: 00000000:0015 00000000:0000 0A\n";
	static const uint16_t ports[] = { 21 };
	struct procnet_scan s;
	size_t used;

	(void)state;
	want(&s, PROCNET_TCP_LISTEN, ports, 1);
	assert_int_equal(procnet_parse(t, strlen(t), true, &s, &used),
	    PROCNET_E_HEADER);
	assert_false(s.found[0]);
}

static void
test_last_line_without_newline_counts_only_when_final(void **state)
{
	static const char t[] = "  sl  local_address rem_address st\n"
	    "   0: 00000000:0015 00000000:0000 0A";
	static const uint16_t ports[] = { 21 };
	struct procnet_scan s;
	size_t used;

	(void)state;
	want(&s, PROCNET_TCP_LISTEN, ports, 1);
	assert_int_equal(procnet_parse(t, strlen(t), false, &s, &used),
	    PROCNET_OK);
	assert_int_equal(used, strchr(t, '\n') - t + 1);
	assert_false(s.found[0]);
	assert_int_equal(procnet_parse(t + used, strlen(t) - used, true, &s,
	    &used), PROCNET_OK);
	assert_true(s.found[0]);
}

static void
test_overlong_lines_are_refused_or_skipped(void **state)
{
	static char t[3 * PROCNET_LINE_MAX];
	static const uint16_t ports[] = { 21 };
	struct procnet_scan s;
	size_t used, n;

	(void)state;
	want(&s, PROCNET_TCP_LISTEN, ports, 1);
	n = (size_t)snprintf(t, sizeof(t), "  sl  local_address\n");
	memset(t + n, ' ', PROCNET_LINE_MAX + 8);
	n += PROCNET_LINE_MAX + 8;
	assert_int_equal(procnet_parse(t, n, false, &s, &used),
	    PROCNET_E_LONG);
	t[n++] = '\n';
	want(&s, PROCNET_TCP_LISTEN, ports, 1);
	assert_int_equal(procnet_parse(t, n, true, &s, &used), PROCNET_OK);
	assert_int_equal(s.n_bad, 1);
}

static void
test_too_many_ports_are_refused(void **state)
{
	struct procnet_scan s;
	size_t used;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.n_ports = PROBE_PORTS_MAX + 1;
	assert_int_equal(procnet_parse("", 0, true, &s, &used),
	    PROCNET_E_ARG);
	assert_string_equal(procnet_strerror(PROCNET_E_ARG),
	    "too many ports asked for");
}

static void
test_random_bytes_never_crash_the_parser(void **state)
{
	static const uint16_t ports[] = { 21, 22 };
	static char buf[4096];
	struct procnet_scan s;
	size_t i, j, used;

	(void)state;
	srand(5);
	for (i = 0; i < 2000; i++) {
		size_t n = (size_t)rand() % sizeof(buf);

		for (j = 0; j < n; j++)
			buf[j] = "0123456789ABCDEF: \n\tsl_local"[rand() % 29];
		memcpy(buf, "sl local_address\n", n > 17 ? 17 : n);
		want(&s, PROCNET_UDP_UNCONN, ports, 2);
		(void)procnet_parse(buf, n, i % 2, &s, &used);
		assert_true(used <= n);
	}
}

/* The platform side over a fixture proc_root, as camera.proc_root. */
static void
test_host_probe_reads_a_fixture_proc_root(void **state)
{
	static const uint16_t tcp[] = { 21, 22, 23 };
	static const uint16_t udp[] = { 1900, 5353, 3702 };
	char root[] = "/tmp/test_procnet.XXXXXX", cmd[512];
	struct probe_listen l;

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(cmd, sizeof(cmd), "mkdir %s/net && cp " CORPUS
	    "tcp-ftp-telnet %s/net/tcp && cp " CORPUS "udp-ssdp %s/net/udp"
	    " && cp " CORPUS "udp6-mdns %s/net/udp6", root, root, root, root);
	assert_int_equal(system(cmd), 0);
	probe_listeners(root, true, tcp, 3, &l);
	assert_int_equal(l.st, PROBE_OK);	/* no tcp6: no IPv6 */
	assert_true(l.open[0] && !l.open[1] && l.open[2]);
	probe_listeners(root, false, udp, 3, &l);
	assert_int_equal(l.st, PROBE_OK);
	assert_true(l.open[0] && l.open[1] && !l.open[2]);
	snprintf(cmd, sizeof(cmd), "rm %s/net/tcp", root);
	assert_int_equal(system(cmd), 0);
	probe_listeners(root, true, tcp, 3, &l);
	assert_int_equal(l.st, PROBE_ERROR);
	assert_string_equal(l.why, "tcp: No such file or directory");
	snprintf(cmd, sizeof(cmd), "rm -r %s", root);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test(f)
		T(test_ipv4_listener_line_parses),
		T(test_ipv6_line_parses),
		T(test_malformed_lines_are_refused),
		T(test_header_is_recognised),
		T(test_listeners_on_wanted_ports_only_are_found),
		T(test_established_socket_is_not_a_listener),
		T(test_bound_udp_sockets_are_found),
		T(test_corpus_gives_the_same_answer_byte_by_byte),
		T(test_malformed_lines_are_counted_and_skipped),
		T(test_a_table_without_header_is_refused),
		T(test_last_line_without_newline_counts_only_when_final),
		T(test_overlong_lines_are_refused_or_skipped),
		T(test_too_many_ports_are_refused),
		T(test_random_bytes_never_crash_the_parser),
		T(test_host_probe_reads_a_fixture_proc_root),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
