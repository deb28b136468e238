/*
 * fuzz_ids_lighttpd.c - libFuzzer: ids_lighttpd_parse() on any bytes.
 * Besides the invariants of fuzz_ids.h, an event's address must be what
 * follows the line's last " IP: ", running to its end (trailing blanks
 * aside): the only place lighttpd writes it.
 */
#include <stdint.h>

#include "fuzz_ids.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
last_ip_field(const char *line, size_t len, const char **f, size_t *flen)
{
	const char *ip;

	while (len > 0 && line[len - 1] == ' ')
		len--;
	if ((ip = ids_memrmem(line, len, " IP: ", 5)) == NULL)
		return false;
	*f = ip + 5;
	*flen = len - (size_t)(ip + 5 - line);
	return memchr(*f, ' ', *flen) == NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_ids_one(data, size, ids_lighttpd_parse, last_ip_field);
	return 0;
}
