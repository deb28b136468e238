/*
 * cmd_parse.c - read an operator's command (cmd.h) from untrusted bytes.
 *
 * Pure: no I/O, no malloc, no globals.  The payload goes through the
 * strict JSON walker of core/json_parse.c with the shape below, so an
 * unknown key, a wrong type, a duplicate or trailing bytes refuse the
 * whole command; then the members are checked against the verb (an
 * address only for block and unblock, for_s and reason only for block).
 * The reason a command is refused is the walker's message or one of the
 * fixed strings here: it may name a key (40 printable bytes at most),
 * never echo a value.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/json_parse.h"
#include "proto/cmd.h"

static const char *const verb_names[CMD_VERBS] = {
	[CMD_NONE] = "none", [CMD_LIST] = "list", [CMD_BLOCK] = "block",
	[CMD_UNBLOCK] = "unblock", [CMD_FLUSH] = "flush",
	[CMD_RESCAN] = "rescan", [CMD_REPUBLISH] = "republish",
};

const char *
cmd_verb_name(enum cmd_verb v)
{
	return (unsigned)v < CMD_VERBS ? verb_names[v] : "?";
}

enum cmd_verb
cmd_verb_from(const char *s, size_t len)
{
	int v;

	for (v = CMD_LIST; v < CMD_VERBS; v++)
		if (strlen(verb_names[v]) == len && !memcmp(s, verb_names[v],
		    len))
			return (enum cmd_verb)v;
	return CMD_NONE;
}

/* ---- addresses ---------------------------------------------------------- */

static bool
net_overlaps(const struct addr_net *a, const char *s)
{
	struct addr_net b;

	if (addr_parse_net(s, strlen(s), &b) < 0 || a->family != b.family)
		return false;
	return addr_in_net(a, &b) || addr_in_net(&b, a);
}

int
cmd_net_check(const struct addr_net *net, const char **why)
{
	if (net->family != 4 && net->family != 6) {
		*why = "not an address";
		return -1;
	}
	if (net->prefix == 0) {
		*why = "a /0 prefix would block everyone";
		return -1;
	}
	if (net->family == 4 && net->prefix != 32) {
		*why = "an IPv4 block is one address (/32)";
		return -1;
	}
	if (net_overlaps(net, "127.0.0.0/8") || net_overlaps(net, "::1/128")) {
		*why = "a loopback address is never blocked";
		return -1;
	}
	if (net_overlaps(net, "0.0.0.0/32") || net_overlaps(net, "::/128")) {
		*why = "the unspecified address is never blocked";
		return -1;
	}
	if (net_overlaps(net, "224.0.0.0/4") || net_overlaps(net,
	    "255.255.255.255/32") || net_overlaps(net, "ff00::/8")) {
		*why = "a multicast or broadcast address sends no logins";
		return -1;
	}
	return 0;
}

/* ---- the shape ------------------------------------------------------- */

struct cmd_raw {
	enum cmd_verb	verb;		/* CMD_VERBS: absent */
	char		id[CMD_ID_MAX];
	struct addr_net	net;		/* family 0: absent */
	long long	for_s;		/* -1: absent */
	char		reason[CMD_REASON_MAX];	/* "": absent or empty */
};

static int
check_verb(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	enum cmd_verb v = cmd_verb_from(s, len);

	(void)size;
	if (v == CMD_NONE) {
		snprintf(msg, msgsz, "must be list, block, unblock, flush, "
		    "rescan or republish");
		return -1;
	}
	*(enum cmd_verb *)dst = v;
	return 0;
}

/* Printable bytes only (UTF-8 above 0x7f passes): no control, no DEL. */
static bool
text_ok(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static int
check_id(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	if (len == 0 || len >= size || !text_ok(s, len)) {
		snprintf(msg, msgsz, "must be 1 to %zu printable bytes",
		    size - 1);
		return -1;
	}
	memcpy(dst, s, len + 1);
	return 0;
}

static int
check_reason(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	if (len >= size || !text_ok(s, len)) {
		snprintf(msg, msgsz, "must be at most %zu printable bytes",
		    size - 1);
		return -1;
	}
	memcpy(dst, s, len + 1);
	return 0;
}

static int
check_ip(void *dst, size_t size, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	const char *why;

	(void)size;
	if (addr_parse_net(s, len, dst) < 0) {
		snprintf(msg, msgsz, "must be ADDRESS or ADDRESS/PREFIX");
		return -1;
	}
	if (cmd_net_check(dst, &why) < 0) {
		snprintf(msg, msgsz, "%s", why);
		return -1;
	}
	return 0;
}

#define RAW struct cmd_raw
static const struct json_field cmd_fields[] = {
	{ .key = "cmd", .kind = JSON_K_STRING, .off = offsetof(RAW, verb),
	  .size = sizeof(enum cmd_verb), .check = check_verb },
	{ .key = "id", .kind = JSON_K_STRING, .off = offsetof(RAW, id),
	  .size = sizeof(((RAW *)0)->id), .check = check_id },
	{ .key = "ip", .kind = JSON_K_STRING, .off = offsetof(RAW, net),
	  .size = sizeof(struct addr_net), .check = check_ip },
	{ .key = "for_s", .kind = JSON_K_INT, .off = offsetof(RAW, for_s),
	  .min = 1, .max = CMD_FOR_MAX_S },
	{ .key = "reason", .kind = JSON_K_STRING, .off = offsetof(RAW, reason),
	  .size = sizeof(((RAW *)0)->reason), .check = check_reason },
};
static const struct json_shape cmd_shape = {
	.fields = cmd_fields,
	.n_fields = sizeof(cmd_fields) / sizeof(cmd_fields[0]),
};

/* ---- members against the verb ------------------------------------------ */

static const char *
verb_rules(const struct cmd_raw *r, enum cmd_verb v)
{
	bool wants_ip = v == CMD_BLOCK || v == CMD_UNBLOCK;

	if (wants_ip && r->net.family == 0)
		return "\"ip\" is missing";
	if (!wants_ip && r->net.family != 0)
		return "\"ip\" goes only with block and unblock";
	if (v != CMD_BLOCK && (r->for_s >= 0 || r->reason[0]))
		return "\"for_s\" and \"reason\" go only with block";
	return NULL;
}

int
cmd_parse(struct json_ctx *ctx, const char *buf, size_t len,
    struct cmd_req *req, char *why, size_t whysz)
{
	struct cmd_raw r = { .verb = CMD_VERBS, .for_s = -1 };
	enum cmd_verb v = req->verb;
	const char *err;

	memset(req, 0, sizeof(*req));
	req->verb = v;
	if (json_parse(ctx, buf, len, &cmd_shape, &r) < 0) {
		/* a valid id and verb are kept for the refusal to name */
		memcpy(req->id, r.id, sizeof(req->id));
		if (v == CMD_NONE && r.verb != CMD_VERBS)
			req->verb = r.verb;
		snprintf(why, whysz, "%s", ctx->n_errors ? ctx->errors[0].msg :
		    "malformed");
		return -1;
	}
	if (v == CMD_NONE && r.verb == CMD_VERBS)
		err = "\"cmd\" is missing";
	else if (v != CMD_NONE && r.verb != CMD_VERBS && r.verb != v)
		err = "\"cmd\" names another command than the topic";
	else
		err = verb_rules(&r, v == CMD_NONE ? r.verb : v);
	if (err) {
		snprintf(why, whysz, "%s", err);
		memcpy(req->id, r.id, sizeof(req->id));
		return -1;
	}
	req->verb = v == CMD_NONE ? r.verb : v;
	memcpy(req->id, r.id, sizeof(req->id));
	req->has_net = r.net.family != 0;
	req->net = r.net;
	req->for_s = r.for_s > 0 ? r.for_s : 0;
	memcpy(req->reason, r.reason, sizeof(req->reason));
	return 0;
}
