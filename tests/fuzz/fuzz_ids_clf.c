/*
 * fuzz_ids_clf.c - libFuzzer: ids_clf_parse() on any bytes.  Besides the
 * invariants of fuzz_ids.h, an event's address must be the line's first
 * field and nothing else.
 */
#include <stdint.h>

#include "fuzz_ids.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
first_field(const char *line, size_t len, const char **f, size_t *flen)
{
	const char *sp = memchr(line, ' ', len);

	*f = line;
	*flen = sp ? (size_t)(sp - line) : len;
	return sp != NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_ids_one(data, size, ids_clf_parse, first_field);
	return 0;
}
