/*
 * ids_health.c - the IDS's judgements about itself for the documents:
 * blocking on or why not, the camera's access control, each source read
 * or why not.  Reads the view, the configuration and a tail's counters;
 * changes nothing (ids_service.c applies what these say).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check/check.h"
#include "check/policy.h"
#include "core/conf.h"
#include "ids/ids_health.h"
#include "platform/tail.h"

int
ids_camera_acl_on(const struct daemon_view *v)
{
	const struct policy_check *pc;
	const struct chk_verdict *cv;
	const char *val;
	size_t i, k, len;

	for (i = 0; v->scan && i < v->scan->n_records; i++) {
		if (!v->scan->records[i].def ||
		    strcmp(v->scan->records[i].def->id, "MX-07"))
			continue;
		cv = &v->scan->records[i].v;
		for (k = 0; k < cv->n_evidence; k++)
			if (!strcmp(cv->evidence[k].key, "enabled"))
				return !strcmp(cv->evidence[k].val, "1");
	}
	if (v->cfg && v->policy &&
	    (pc = policy_check_find(v->policy, "MX-07")) &&
	    policy_value(v->policy, pc, v->cfg, "enabled", &val, &len) ==
	    POLICY_FOUND)
		return len == 1 && val[0] == '1';
	return -1;
}

enum ids_blocking
ids_blocking_decide(const struct conf *c, bool fw_up, int acl_on, char *why,
    size_t whysz)
{
	why[0] = '\0';
	if (!c->ids.block) {
		snprintf(why, whysz, "ids.block is false");
		return IDS_BLOCKING_OFF;
	}
	if (c->ids.block_backend == CONF_FW_NONE) {
		snprintf(why, whysz, "ids.block_backend is none");
		return IDS_BLOCKING_OFF;
	}
	if (!fw_up) {
		snprintf(why, whysz, "the %s backend did not start",
		    conf_backend_name(c->ids.block_backend));
		return IDS_BLOCKING_FAILED;
	}
	/* the guide: temporary deny rules work only while it is on */
	if (c->ids.block_backend == CONF_FW_CAMERA_ACL && acl_on == 0) {
		snprintf(why, whysz, "the camera's IP-Level Access Control "
		    "is off: its deny rules would not be enforced");
		return IDS_BLOCKING_NOT_ENFORCED;
	}
	return IDS_BLOCKING_ON;
}

bool
ids_source_view(const struct tail *t, const char *path, int64_t last_line,
    struct ids_source_view *sv)
{
	struct tail_stats st = { 0 };
	bool was = sv->readable;
	int err = sv->error;

	if (t)
		tail_stats(t, &st);
	else
		st.last_errno = ENOMEM;	/* tail_open failed (logged) */
	snprintf(sv->path, sizeof(sv->path), "%s", path);
	sv->readable = st.open != 0;
	sv->error = sv->readable ? 0 : st.last_errno ? st.last_errno : ENOENT;
	sv->last_line = last_line;
	return was != sv->readable || err != sv->error;
}
