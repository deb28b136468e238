/*
 * fuzz_fleet_query.c - libFuzzer target for the query string of the
 * fleet page and /fleet (fleet_query_parse.c): any bytes a client sends
 * after '?'.  An accepted query holds only known states and a q that is
 * NUL-terminated, without control bytes; a refused one leaves the filter
 * as it was.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fleet/fleet_model.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fleet_filter f = { 5, "keep" }, keep = f;
	size_t i, n;

	if (fleet_query_parse((const char *)data, size, &f) < 0) {
		if (memcmp(&f, &keep, sizeof(f)) != 0)
			abort();
		return 0;
	}
	if (f.states >> FLEET_ROW_STATES)
		abort();
	n = strnlen(f.q, sizeof(f.q));
	if (n == sizeof(f.q))
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)f.q[i] < 0x20 || f.q[i] == 0x7f)
			abort();
	return 0;
}
