/*
 * fuzz_cmd.c - libFuzzer target for operator commands (proto/cmd_parse.c):
 * the first byte picks the verb the topic names (or none: the control
 * socket), the rest is the payload.  An accepted command must hold a
 * valid verb, NUL-terminated printable strings, an address that passes
 * cmd_net_check exactly when the verb takes one, and for_s in range.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_parse.h"
#include "proto/cmd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct json_ctx ctx;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cmd_req r;
	char why[CMD_ERROR_MAX];
	const char *w;
	bool ip;

	if (size < 1)
		return 0;
	memset(&r, 0, sizeof(r));
	r.verb = (enum cmd_verb)(data[0] % CMD_VERBS);
	why[0] = '\0';
	if (cmd_parse(&ctx, (const char *)data + 1, size - 1, &r, why,
	    sizeof(why)) < 0) {
		if (!memchr(why, '\0', sizeof(why)) || why[0] == '\0')
			abort();
		return 0;
	}
	ip = r.verb == CMD_BLOCK || r.verb == CMD_UNBLOCK;
	if (r.verb <= CMD_NONE || r.verb >= CMD_VERBS || r.has_net != ip ||
	    (ip && cmd_net_check(&r.net, &w) < 0) || r.for_s < 0 ||
	    r.for_s > CMD_FOR_MAX_S || !memchr(r.id, '\0', sizeof(r.id)) ||
	    !memchr(r.reason, '\0', sizeof(r.reason)) ||
	    (r.verb != CMD_BLOCK && (r.for_s || r.reason[0])))
		abort();
	return 0;
}
