/*
 * cli_ids_ctl.c - `camguard ids list|block|unblock|flush`: talk to the
 * running daemon over its control socket (run.control_socket).
 *
 * Builds one request line, sends it through platform/ctlsock.c, reads the
 * one-line reply and prints it: a table (or the reply as it came, with
 * --format json) for list, one line for the others.  The daemon decides
 * and explains; this file only checks the arguments' form.  Exit 0 when
 * the daemon did it, 2 when it refused or cannot be reached, 64 on a
 * usage error, 78 on a bad camguard.json.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/conf.h"
#include "core/exitcode.h"
#include "core/json_parse.h"
#include "core/json_write.h"
#include "platform/ctlsock.h"

#define IDS_CTL_TIMEOUT_MS	5000	/* the daemon answers within */
#define IDS_CTL_TOK_MAX		(CTL_LIST_MAX * 12 + 64)

static const char usage[] =
"usage: camguard ids list [--format table|json] [-c CONF]\n"
"       camguard ids block ADDR[/PREFIX] [--for SECONDS] [--reason TEXT] "
"[-c CONF]\n"
"       camguard ids unblock ADDR[/PREFIX] [-c CONF]\n"
"       camguard ids flush [-c CONF]\n"
"\n"
"Ask the running daemon (camguard run) over its control socket\n"
"(run.control_socket of CONF, default " CONF_DEFAULT_PATH "):\n"
"  list      the blocked sources: own, an operator's, shared (origin)\n"
"  block     block a source now; --for its length (default: the rules'),\n"
"            --reason a note shown by list\n"
"  unblock   end a source's block (own or shared), reset its count and\n"
"            drop it from the state file\n"
"  flush     release every block and forget every count\n"
"Only root and run.user may use the socket.\n";

struct ids_ctl {
	const char	*verb;
	const char	*addr;
	const char	*conf_path;
	const char	*reason;
	long long	 for_s;
	bool		 json;
};

static int
parse_args(struct ids_ctl *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "for", required_argument, NULL, 'f' },
		{ "reason", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		if (ch == 'f') {
			a->for_s = strtoll(optarg, &end, 10);
			if (!*optarg || *end || a->for_s <= 0)
				ch = '?';
		}
		if (ch == 'c')
			a->conf_path = optarg;
		else if (ch == 'f')
			continue;
		else if (ch == 'r')
			a->reason = optarg;
		else if (ch == 'F' && (!strcmp(optarg, "json") ||
		    !strcmp(optarg, "table")))
			a->json = optarg[0] == 'j';
		else if (ch == 'h') {
			fputs(usage, stdout);
			return EXIT_OK;
		} else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	a->verb = argv[0];
	if (optind < argc)
		a->addr = argv[optind++];
	if (optind != argc || !a->addr != !(strcmp(a->verb, "block") == 0 ||
	    strcmp(a->verb, "unblock") == 0) || ((a->for_s || a->reason) &&
	    strcmp(a->verb, "block") != 0) || (a->json &&
	    strcmp(a->verb, "list") != 0)) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	return -1;
}

static int
request(const struct ids_ctl *a, char *buf, size_t sz)
{
	struct jw jw;

	jw_init(&jw, buf, sz);
	jw_obj_begin(&jw, NULL);
	jw_str(&jw, "cmd", a->verb);
	if (a->addr)
		jw_str(&jw, "ip", a->addr);
	if (a->for_s)
		jw_int(&jw, "for_s", a->for_s);
	if (a->reason)
		jw_str(&jw, "reason", a->reason);
	jw_obj_end(&jw);
	return jw_finish(&jw);
}

/* ---- the reply -------------------------------------------------------- */

struct reply {
	const char	*buf;
	jsmntok_t	*tok;
	int		 n;
};

static bool
tok_is(const struct reply *r, int i, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(r->tok[i].end - r->tok[i].start) == n &&
	    memcmp(r->buf + r->tok[i].start, s, n) == 0;
}

/* The value of member key in object obj, or -1. */
static int
member(const struct reply *r, int obj, const char *key)
{
	int i;

	for (i = obj + 1; i + 1 < r->n && r->tok[i].start < r->tok[obj].end;
	    i++)
		if (r->tok[i].parent == obj && r->tok[i].type == JSMN_STRING &&
		    tok_is(r, i, key))
			return i + 1;
	return -1;
}

/* A string or primitive member, printable, into dst ("-" for null). */
static void
text(const struct reply *r, int obj, const char *key, char *dst, size_t sz)
{
	int v = member(r, obj, key);
	size_t i, n;

	if (v < 0 || (r->tok[v].type == JSMN_PRIMITIVE && tok_is(r, v,
	    "null"))) {
		snprintf(dst, sz, "-");
		return;
	}
	n = (size_t)(r->tok[v].end - r->tok[v].start);
	if (r->tok[v].type == JSMN_STRING) {
		if (json_unescape(r->buf + r->tok[v].start, n, dst, sz) < 0)
			snprintf(dst, sz, "?");
	} else {
		snprintf(dst, sz, "%.*s", (int)n, r->buf + r->tok[v].start);
	}
	for (i = 0; dst[i]; i++)
		if ((unsigned char)dst[i] < 0x20 || dst[i] == 0x7f)
			dst[i] = '?';
}

static void
print_until(const char *s)
{
	char when[32];
	struct tm tm;
	time_t t;

	if (!strcmp(s, "-")) {
		printf("%-22s", "reboot");
		return;
	}
	t = (time_t)strtoll(s, NULL, 10);
	if (!gmtime_r(&t, &tm) ||
	    !strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(when, sizeof(when), "%s", s);
	printf("%-22s", when);
}

static void
print_list(const struct reply *r)
{
	char ip[ADDR_STR_MAX], pfx[8], until[32], origin[CONF_STR_MAX];
	char why[CMD_REASON_MAX * 2], count[24], tracked[24], net[96];
	int e = member(r, 0, "entries"), i;

	printf("%-26s%-22s%-18s%s\n", "SOURCE", "UNTIL", "ORIGIN", "REASON");
	for (i = e + 1; e >= 0 && i < r->n && r->tok[i].start <
	    r->tok[e].end; i++) {
		if (r->tok[i].parent != e || r->tok[i].type != JSMN_OBJECT)
			continue;
		text(r, i, "ip", ip, sizeof(ip));
		text(r, i, "prefix", pfx, sizeof(pfx));
		text(r, i, "until", until, sizeof(until));
		text(r, i, "origin", origin, sizeof(origin));
		text(r, i, "reason", why, sizeof(why));
		snprintf(net, sizeof(net), "%s/%s", ip, pfx);
		printf("%-26s", net);
		print_until(until);
		printf("%-18s%s\n", origin, why);
	}
	text(r, 0, "count", count, sizeof(count));
	text(r, 0, "tracked", tracked, sizeof(tracked));
	printf("%s blocked%s, %s sources tracked\n", count,
	    member(r, 0, "truncated") >= 0 && tok_is(r, member(r, 0,
	    "truncated"), "true") ? " (not all listed)" : "", tracked);
}

static int
show(const struct ids_ctl *a, const char *line, int len)
{
	static jsmntok_t tok[IDS_CTL_TOK_MAX];
	struct reply r = { .buf = line, .tok = tok };
	char err[CMD_ERROR_MAX * 2];
	jsmn_parser p;
	int ok;

	jsmn_init(&p);
	r.n = jsmn_parse(&p, line, (size_t)len, tok, IDS_CTL_TOK_MAX);
	if (r.n <= 0 || tok[0].type != JSMN_OBJECT ||
	    (ok = member(&r, 0, "ok")) < 0) {
		fprintf(stderr, "camguard ids %s: the daemon's answer is not "
		    "understood\n", a->verb);
		return EXIT_NOWORK;
	}
	if (!tok_is(&r, ok, "true")) {
		text(&r, 0, "error", err, sizeof(err));
		fprintf(stderr, "camguard ids %s: refused: %s\n", a->verb, err);
		return EXIT_NOWORK;
	}
	if (a->json)
		printf("%s\n", line);
	else if (!strcmp(a->verb, "list"))
		print_list(&r);
	else
		printf("camguard ids %s%s%s: done\n", a->verb, a->addr ? " " :
		    "", a->addr ? a->addr : "");
	return EXIT_OK;
}

int
cli_ids_ctl(int argc, char **argv)
{
	static char reply[CTL_REPLY_MAX + 1];
	static struct conf conf;
	struct ids_ctl a = { .conf_path = NULL };
	char req[CTL_REQ_MAX], err[CONF_PATH_MAX + 128];
	int rc, n;

	if ((rc = parse_args(&a, argc, argv)) >= 0)
		return rc;
	conf_defaults(&conf);
	if (a.conf_path ? conf_load(&conf, a.conf_path, stderr) < 0 :
	    access(CONF_DEFAULT_PATH, F_OK) == 0 &&
	    conf_load(&conf, CONF_DEFAULT_PATH, stderr) < 0)
		return EXIT_CONFIG;
	if (!conf.run.control_socket[0]) {
		fprintf(stderr, "camguard ids %s: run.control_socket is empty: "
		    "the daemon has no control socket\n", a.verb);
		return EXIT_NOWORK;
	}
	if ((n = request(&a, req, sizeof(req))) < 0) {
		fprintf(stderr, "camguard ids %s: arguments too long\n",
		    a.verb);
		return EXIT_USAGE;
	}
	n = ctlsock_call(conf.run.control_socket, req, (size_t)n, reply,
	    sizeof(reply), IDS_CTL_TIMEOUT_MS, err, sizeof(err));
	if (n < 0) {
		fprintf(stderr, "camguard ids %s: %s\n", a.verb, err);
		return EXIT_NOWORK;
	}
	return show(&a, reply, n);
}
