/*
 * fuzz_http_lang.c - libFuzzer target for http_lang_pick(): any value
 * gives -1 or an index of the codes, the same answer each time, and -1
 * when there is no code to pick.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "proto/http_lang_parse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const codes[] = { "en", "fr", "de" };
	const char *v = (const char *)data;
	int a = http_lang_pick(v, size, codes, 3);
	int b = http_lang_pick(v, size, codes, 3);

	if (a != b || a < -1 || a > 2)
		abort();
	if (http_lang_pick(v, size, codes, 0) != -1)
		abort();
	return 0;
}
