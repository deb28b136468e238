/*
 * cmd.h - an operator's command to the running agent, from the control
 * socket (`camguard ids list|block|unblock|flush`) or from the broker
 * (R/C/cmd/..., R/_fleet/cmd/...), and the one-line answer to it.
 *
 * cmd_parse() (cmd_parse.c) is pure: it reads untrusted bytes into a
 * struct cmd_req through the strict JSON walker (unknown keys, wrong
 * types and duplicates are refused) and checks what needs no
 * configuration: the address parses, is no /0, loopback, unspecified or
 * multicast address, and an IPv4 block is one address.  What depends on
 * camguard.json (ids.ipv6_prefix, ignore, allow, the broker, the camera's
 * own addresses) is the IDS service's to refuse.  cmd.c writes results.
 */
#ifndef CAMGUARD_CMD_H
#define CAMGUARD_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/addr.h"
#include "core/cg_limits.h"

struct json_ctx;

enum cmd_verb {
	CMD_NONE,		/* from the payload's "cmd" (control socket) */
	CMD_LIST,
	CMD_BLOCK,
	CMD_UNBLOCK,
	CMD_FLUSH,
	CMD_RESCAN,
	CMD_REPUBLISH,
	CMD_VERBS
};

struct cmd_req {
	enum cmd_verb	verb;
	char		id[CMD_ID_MAX];		/* "": the request has none */
	bool		has_net;		/* block, unblock */
	struct addr_net	net;
	long long	for_s;			/* block: 0 = the IDS's rule */
	char		reason[CMD_REASON_MAX];	/* block: "" when none */
};

/*
 * Parse one request (a JSON object, len bytes, no NUL needed) into req.
 * req->verb on entry is the verb the topic names, or CMD_NONE when the
 * payload must name it in "cmd".  ctx is the caller's scratch (large:
 * keep one).  Returns 0, or -1 with a reason in why (never the payload's
 * bytes unescaped) and req->id still set when the "id" itself was good.
 */
int	cmd_parse(struct json_ctx *ctx, const char *buf, size_t len,
	    struct cmd_req *req, char *why, size_t whysz);
/*
 * 0 when net may be blocked at all: not /0, not loopback or unspecified,
 * not multicast or broadcast, IPv4 a single address; else -1 with why.
 */
int	cmd_net_check(const struct addr_net *net, const char **why);

const char *cmd_verb_name(enum cmd_verb);
/*
 * What a request asks, in words, for the audit trail (the SIEM):
 * "block 192.0.2.7/32 for 600 s: reason" (the reason as given, escaped
 * by whoever prints it).  Returns buf.
 */
char	*cmd_describe(const struct cmd_req *, char *buf, size_t sz);
/* The verb named s (len bytes); CMD_NONE when none is. */
enum cmd_verb cmd_verb_from(const char *s, size_t len);

/*
 * {"id","cmd","ok","error"}: id "", CMD_NONE and error NULL write null
 * (an error is written only when ok is false).  Returns
 * the length, or -1 when it does not fit.
 */
int	cmd_result_json(char *buf, size_t sz, const char *id,
	    enum cmd_verb, bool ok, const char *error);

#endif
