/*
 * ids_service_cmd.c - operators and shared bans in the IDS service (issue
 * 16): block, unblock, flush and list from the control socket and MQTT
 * cmd/ (ids_service.h, called by the daemon) with the operators' reasons
 * (ids_service_state.c keeps them with the blocks), and a trusted
 * camera's bans handed to ids_fleet.c.  What may not be blocked here is ids_fleet.c's to say;
 * the blocks themselves are the detector's, so they are released,
 * listed and saved like its own.  Above ids_service_state.c and
 * ids_service_base.c; ids_service_lines.c drops a note when a block ends.
 */
#include <stdio.h>
#include <string.h>

#include "core/addr.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/service.h"
#include "ids/ids.h"
#include "ids/ids_fleet.h"
#include "ids/ids_service.h"
#include "ids/ids_service_int.h"
#include "proto/cmd.h"

static int
op_fail(struct cmd_out *o, const char *why)
{
	o->ok = false;
	snprintf(o->error, sizeof(o->error), "%s", why);
	return -1;
}

/* The detector's key for an operator's address, or -1 with the reason. */
static int
op_key(struct ids_service *s, const struct cmd_req *rq,
    struct addr_net *key, struct cmd_out *o)
{
	const char *why;

	if (!rq->has_net)
		return op_fail(o, "no address");
	if (cmd_net_check(&rq->net, &why) < 0)
		return op_fail(o, why);
	if (rq->net.family == 6 &&
	    rq->net.prefix < s->view->conf->ids.ipv6_prefix) {
		o->ok = false;
		snprintf(o->error, sizeof(o->error), "/%u is wider than "
		    "ids.ipv6_prefix (/%lld) allows", rq->net.prefix,
		    s->view->conf->ids.ipv6_prefix);
		return -1;
	}
	ids_detect_key(s->detect, &rq->net, key);
	return 0;
}

static void
op_block(struct ids_service *s, const struct cmd_req *rq,
    struct cmd_out *o)
{
	struct addr_net key;
	char net[ADDR_STR_MAX];
	const char *why;

	if (op_key(s, rq, &key, o) < 0)
		return;
	if (!s->fw_up) {
		op_fail(o, "blocking is off here (ids.block is false or "
		    "ids.block_backend is none)");
		return;
	}
	if ((why = ids_fleet_refused(&s->fleet, &key))) {
		op_fail(o, why);
		return;
	}
	s->fw_rc = 0;
	/* first: the block's decision saves the state file with it */
	ids_service_note_set(s, &key, rq->reason);
	if (ids_detect_block(s->detect, &key, rq->for_s,
	    ids_service_mono()) < 0) {
		ids_service_note_drop(s, &key);
		op_fail(o, "no room: every tracked source is blocked");
		return;
	}
	ids_service_tick_arm(s);
	addr_format(&key, net, sizeof(net));
	log_info("ids: %s blocked by an operator", net);
	if (s->fw_rc < 0)
		op_fail(o, "the firewall has not taken it yet (it is "
		    "retried)");
}

static void
op_unblock(struct ids_service *s, const struct cmd_req *rq,
    struct cmd_out *o)
{
	struct addr_net key;
	char net[ADDR_STR_MAX];
	bool shared;
	int own;

	if (op_key(s, rq, &key, o) < 0)
		return;
	shared = ids_fleet_unblock(&s->fleet, &key);
	s->fw_rc = 0;
	own = ids_detect_unblock(s->detect, &key, ids_service_mono());
	ids_service_note_drop(s, &key);
	ids_service_refresh(s);
	ids_service_tick_arm(s);
	addr_format(&key, net, sizeof(net));
	log_info("ids: %s unblocked by an operator (%s)", net, own ? "its "
	    "block and count are gone" : shared ? "a shared block" :
	    "it was not blocked");
	if (s->fw_rc < 0)
		op_fail(o, "the firewall has not released it yet (it "
		    "is retried)");
}

static void
op_flush(struct ids_service *s, struct cmd_out *o)
{
	size_t n;

	/* each source released on its own: every backend records it */
	s->fw_failed = 0;
	s->bulk = true;
	n = ids_detect_flush(s->detect, ids_service_mono());
	s->bulk = false;
	n += s->fleet.table.n;
	ids_fleet_flush(&s->fleet);
	s->n_notes = 0;
	ids_service_state_save(s);
	if (s->fw_failed)
		op_fail(o, "the firewall has not taken every release yet "
		    "(they are retried)");
	ids_service_refresh(s);
	ids_service_tick_arm(s);
	log_info("ids: flushed by an operator: %zu blocks released", n);
}

void
ids_service_command(void *arg, const struct cmd_req *rq, struct cmd_out *o)
{
	struct ids_service *s = arg;

	o->ok = true;
	o->error[0] = '\0';
	switch (rq->verb) {
	case CMD_BLOCK:
		op_block(s, rq, o);
		break;
	case CMD_UNBLOCK:
		op_unblock(s, rq, o);
		break;
	case CMD_FLUSH:
		op_flush(s, o);
		break;
	case CMD_LIST:
		break;
	default:
		op_fail(o, "not a command of the IDS");
	}
}

struct list_ctx {
	struct ids_service	*s;
	ids_list_fn		 fn;
	void			*arg;
};

static void
list_own(const struct addr_net *net, int64_t until, void *arg)
{
	struct list_ctx *c = arg;
	struct ids_note *n = ids_service_note_find(c->s, net);
	struct ids_listed l = { .net = *net,
		.until = ids_service_epoch(until),
		.reason = n ? n->reason : NULL };

	c->fn(&l, c->arg);
}

size_t
ids_service_list(void *arg, ids_list_fn fn, void *fnarg, size_t max)
{
	struct ids_service *s = arg;
	struct list_ctx c = { .s = s, .fn = fn, .arg = fnarg };
	size_t n;

	n = ids_detect_blocked(s->detect, list_own, &c, max);
	if (s->fleet_up && n < max)
		n += ids_fleet_list(&s->fleet, fn, fnarg, max - n);
	return n;
}

void
ids_service_shared(void *arg, const struct ids_shared_msg *m)
{
	struct ids_service *s = arg;

	if (s->fleet_up)
		ids_fleet_msg(&s->fleet, m);
}
