/*
 * cmd.c - the answer to an operator's command: {"id","cmd","ok","error"},
 * the same bytes on R/C/cmd/result and (with more members) on the control
 * socket.  Pure: writes the caller's buffer through json_write, which
 * escapes the id and the error (both may come from outside).  Also the
 * request in words for the audit trail (cmd_describe).
 */
#include <stdio.h>
#include <string.h>

#include "core/json_write.h"
#include "proto/cmd.h"

int
cmd_result_json(char *buf, size_t sz, const char *id, enum cmd_verb verb,
    bool ok, const char *error)
{
	struct jw jw;

	jw_init(&jw, buf, sz);
	jw_obj_begin(&jw, NULL);
	jw_str(&jw, "id", id && id[0] ? id : NULL);
	jw_str(&jw, "cmd", verb == CMD_NONE ? NULL : cmd_verb_name(verb));
	jw_bool(&jw, "ok", ok);
	jw_str(&jw, "error", ok ? NULL : error ? error : "failed");
	jw_obj_end(&jw);
	return jw_finish(&jw);
}

char *
cmd_describe(const struct cmd_req *rq, char *buf, size_t sz)
{
	char net[ADDR_STR_MAX] = "";
	size_t n;

	if (sz == 0)
		return buf;
	if (rq->has_net)
		addr_format(&rq->net, net, sizeof(net));
	snprintf(buf, sz, "%s%s%s", rq->verb == CMD_NONE ? "?" :
	    cmd_verb_name(rq->verb), net[0] ? " " : "", net);
	n = strlen(buf);
	if (rq->for_s > 0 && n < sz)
		snprintf(buf + n, sz - n, " for %lld s", rq->for_s);
	n = strlen(buf);
	if (rq->reason[0] && n < sz)
		snprintf(buf + n, sz - n, ": %s", rq->reason);
	return buf;
}
