/*
 * fuzz_ids_nginx.c - libFuzzer: ids_nginx_parse() on any bytes.  Besides
 * the invariants of fuzz_ids.h, an event's address must follow the
 * line's FIRST ", client: " (a user name cannot hold one: nginx splits
 * user:password at the first ':'), up to the next ','.
 */
#include <stdint.h>

#include "fuzz_ids.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
first_client_field(const char *line, size_t len, const char **f,
    size_t *flen)
{
	const char *c, *comma;

	if ((c = memmem(line, len, ", client: ", 10)) == NULL)
		return false;
	*f = c + 10;
	if ((comma = memchr(*f, ',', len - (size_t)(*f - line))) == NULL)
		return false;
	*flen = (size_t)(comma - *f);
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_ids_one(data, size, ids_nginx_parse, first_client_field);
	return 0;
}
