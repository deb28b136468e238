/*
 * fuzz_procnet.c - libFuzzer target for the /proc/net socket table
 * parser.
 *
 * Feeds the input as one table, whole and in two pieces split where the
 * first input byte says (the rest carried over as platform/procnet.c
 * does); both walks must find the same ports and count the same lines,
 * and no walk may consume more than it was given.  Every line also goes
 * through procnet_parse_line() on its own.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/procnet_parse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char held[PROCNET_CHUNK_MAX * 2];

static void
want(struct procnet_scan *s)
{
	static const uint16_t ports[] = { 21, 22, 23, 1900, 5353, 3702 };

	memset(s, 0, sizeof(*s));
	s->state = PROCNET_TCP_LISTEN;
	s->n_ports = sizeof(ports) / sizeof(ports[0]);
	memcpy(s->ports, ports, sizeof(ports));
}

/* Two calls, as the platform reader makes them. */
static int
split_walk(const char *buf, size_t len, size_t cut, struct procnet_scan *s)
{
	size_t have, used;
	int rc;

	memcpy(held, buf, cut);
	rc = procnet_parse(held, cut, false, s, &used);
	if (used > cut)
		abort();
	if (rc != PROCNET_OK)
		return rc;
	have = cut - used;
	memmove(held, held + used, have);
	memcpy(held + have, buf + cut, len - cut);
	have += len - cut;
	rc = procnet_parse(held, have, true, s, &used);
	if (used > have || (rc == PROCNET_OK && used != have))
		abort();
	return rc;
}

static void
each_line(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl;
	struct procnet_entry e;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (procnet_parse_line(p, (size_t)(nl - p), &e) == PROCNET_OK &&
		    e.family != 4 && e.family != 6)
			abort();
		p = nl + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct procnet_scan whole, split;
	size_t used, cut;
	int a, b;

	if (size > PROCNET_CHUNK_MAX)
		return 0;
	each_line(buf, size);
	want(&whole);
	want(&split);
	a = procnet_parse(buf, size, true, &whole, &used);
	if (used > size || (a == PROCNET_OK && used != size))
		abort();
	cut = size ? data[0] % (size + 1) : 0;
	b = split_walk(buf, size, cut, &split);
	/* a long unterminated first piece may stop the split walk early */
	if (a == PROCNET_OK && b == PROCNET_OK &&
	    memcmp(&whole, &split, sizeof(whole)) != 0)
		abort();
	return 0;
}
