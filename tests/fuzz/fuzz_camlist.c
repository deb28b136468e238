/*
 * fuzz_camlist.c - libFuzzer target for the cameras file of `camguard
 * audit` (camlist_parse.c): any input parses or is refused; what parses
 * has between 1 and AUDIT_CAMERAS_MAX cameras, each with a valid,
 * NUL-terminated id and URL, and parsing twice gives the same list.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct audit_list a, b;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned la, lb;
	int ra, rb;
	size_t i;

	if (size > CAMLIST_FILE_MAX)
		return 0;
	ra = camlist_parse((const char *)data, size, &a, &la);
	rb = camlist_parse((const char *)data, size, &b, &lb);
	if (ra != rb || la != lb)
		abort();
	if (ra != CAMLIST_OK)
		return 0;
	if (a.n == 0 || a.n > AUDIT_CAMERAS_MAX || a.n != b.n)
		abort();
	for (i = 0; i < a.n; i++) {
		if (!memchr(a.cams[i].id, '\0', sizeof(a.cams[i].id)) ||
		    !a.cams[i].id[0] || a.cams[i].id[0] == '.' ||
		    strchr(a.cams[i].id, '/') ||
		    strncmp(a.cams[i].url, "http", 4) != 0 ||
		    memcmp(&a.cams[i], &b.cams[i], sizeof(a.cams[i])) != 0)
			abort();
	}
	return 0;
}
