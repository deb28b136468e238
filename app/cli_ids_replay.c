/*
 * cli_ids_replay.c - `camguard ids replay`: the detector over a log, on
 * the log's own time stamps, with no enforcement (spec section 2).
 *
 * Reads camguard.json's ids section (or the defaults without -c), parses
 * each line with ids_parse(), ticks the detector to the line's time and
 * feeds it the event, and prints one JSON object per decision on stdout:
 * {"ts":..,"action":"alarm|block|release","ip":"ADDR/PREFIX","attempts":N}.
 * Lines are read through a fixed buffer: a line longer than LOG_LINE_MAX
 * is skipped (and counted) without being held whole.  Blocks still
 * running at the end of the log are not released.  Owns no state beyond
 * one run; the parsing belongs to ids_*_parse.c, the rules to
 * ids_detect.c.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cg_limits.h"
#include "cli.h"
#include "conf.h"
#include "exitcode.h"
#include "ids.h"
#include "json_write.h"

#define RD_BUF		(64 * 1024)	/* one fread */
#define REPLAY_OUT_BUF	(256 * 1024)	/* stdout buffer */
#define REPLAY_DECISION_MAX	256	/* one JSON line */

_Static_assert(RD_BUF > 2 * (LOG_LINE_MAX + 2), "a long line is seen whole");
_Static_assert(REPLAY_DECISION_MAX > ADDR_STR_MAX + 96, "a decision fits");

static const char usage[] =
"usage: camguard ids replay [-c CONF] [--format clf|lighttpd|nginx|auto] "
"[FILE|-]\n"
"\n"
"Run the intrusion detector over a web server log on the log's own time\n"
"stamps and print one JSON object per decision (alarm, block, release).\n"
"Nothing is blocked.  The rules come from the ids section of CONF, or the\n"
"defaults without -c.\n"
"\n"
"  -c, --config FILE   camguard.json to take the ids rules from\n"
"  -f, --format FMT    clf, lighttpd, nginx or auto (default auto)\n";

enum rd_rc { RD_ERR = -1, RD_EOF = 0, RD_LINE = 1, RD_LONG = 2 };

struct rd {
	FILE	*f;
	size_t	 pos, len;
	bool	 eof;
	char	 buf[RD_BUF];
};

struct replay {
	struct conf	conf;
	struct rd	rd;
	uint64_t	malformed, too_long;
	bool		out_err;
};

/* Move the unread bytes to the front and read more; -1 on errors. */
static int
rd_fill(struct rd *r)
{
	size_t n;

	memmove(r->buf, r->buf + r->pos, r->len - r->pos);
	r->len -= r->pos;
	r->pos = 0;
	n = fread(r->buf + r->len, 1, sizeof(r->buf) - r->len, r->f);
	r->len += n;
	if (n == 0) {
		if (ferror(r->f))
			return -1;
		r->eof = true;
	}
	return 0;
}

/*
 * The next line (newline excluded) in *line and *n.  A line over
 * LOG_LINE_MAX (+ a '\r') is dropped as it streams by and reported once
 * as RD_LONG.
 */
static enum rd_rc
rd_line(struct rd *r, const char **line, size_t *n)
{
	bool long_line = false;
	char *nl;

	for (;;) {
		nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
		if (nl || (r->eof && r->pos < r->len)) {
			*line = r->buf + r->pos;
			*n = nl ? (size_t)(nl - *line) : r->len - r->pos;
			r->pos = nl ? (size_t)(nl - r->buf) + 1 : r->len;
			if (long_line || *n > LOG_LINE_MAX + 1)
				return RD_LONG;
			return RD_LINE;
		}
		if (r->eof)
			return long_line ? RD_LONG : RD_EOF;
		if (r->len - r->pos > LOG_LINE_MAX + 1) {
			long_line = true;
			r->pos = r->len;
		}
		if (rd_fill(r) < 0)
			return RD_ERR;
	}
}

static const char *
action_name(enum ids_action a)
{
	switch (a) {
	case IDS_ALARM:
		return "alarm";
	case IDS_BLOCK:
		return "block";
	case IDS_RELEASE:
		return "release";
	}
	return "?";
}

static void
print_decision(const struct ids_decision *dec, void *arg)
{
	struct replay *rp = arg;
	char ip[ADDR_STR_MAX], buf[REPLAY_DECISION_MAX];
	struct jw jw;
	int n;

	jw_init(&jw, buf, sizeof(buf));
	jw_obj_begin(&jw, NULL);
	jw_int(&jw, "ts", dec->ts);
	jw_str(&jw, "action", action_name(dec->action));
	jw_str(&jw, "ip", addr_format(&dec->net, ip, sizeof(ip)));
	jw_int(&jw, "attempts", dec->attempts);
	jw_obj_end(&jw);
	if ((n = jw_finish(&jw)) < 0) {
		rp->out_err = true;
		return;
	}
	buf[n++] = '\n';
	if (fwrite_unlocked(buf, 1, (size_t)n, stdout) != (size_t)n)
		rp->out_err = true;
}

/* Parse and detect every line; 0, or -1 on a read error. */
static int
replay_lines(struct replay *rp, struct ids_detect *d, enum ids_format fmt)
{
	struct ids_event ev;
	const char *line;
	size_t n;
	enum rd_rc rc;

	while ((rc = rd_line(&rp->rd, &line, &n)) != RD_EOF) {
		if (rc == RD_ERR)
			return -1;
		if (rc == RD_LONG) {
			rp->too_long++;
			continue;
		}
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0)
			continue;
		switch (ids_parse(fmt, line, n, &ev)) {
		case IDS_EVENT:
			ids_detect_tick(d, ev.ts);
			ids_detect_event(d, &ev, ev.ts);
			break;
		case IDS_IGNORED:
			break;
		case IDS_E_TOO_LONG:
			rp->too_long++;
			break;
		default:
			rp->malformed++;
			break;
		}
	}
	return 0;
}

/* The same words as `ids scan`. */
static void
replay_report(const struct replay *rp)
{
	uint64_t n = rp->malformed + rp->too_long;

	fprintf(stderr, "camguard ids replay: %" PRIu64 " line%s skipped (%"
	    PRIu64 " malformed, %" PRIu64 " over %d bytes)\n", n,
	    n == 1 ? "" : "s", rp->malformed, rp->too_long, LOG_LINE_MAX);
}

/* Rules, input, detector; the exit code of the whole run. */
static int
replay_run(struct replay *rp, const char *path, enum ids_format fmt)
{
	struct ids_rules rules;
	struct ids_detect *d;
	int rc = EXIT_OK;

	ids_rules_from_conf(&rp->conf, &rules);
	setvbuf(stdout, NULL, _IOFBF, REPLAY_OUT_BUF);
	if (!(d = ids_detect_new(&rules, print_decision, rp))) {
		fprintf(stderr, "camguard ids replay: %s\n", strerror(errno));
		return EXIT_NOWORK;
	}
	if (replay_lines(rp, d, fmt) < 0) {
		fprintf(stderr, "camguard ids replay: %s: %s\n", path,
		    strerror(errno));
		rc = EXIT_NOWORK;
	}
	ids_detect_free(d);
	if (fflush(stdout) == EOF || rp->out_err) {
		fprintf(stderr, "camguard ids replay: stdout: %s\n",
		    strerror(errno));
		rc = EXIT_NOWORK;
	}
	replay_report(rp);
	return rc;
}

static int
replay_file(struct replay *rp, const char *path, enum ids_format fmt)
{
	bool is_stdin = !strcmp(path, "-");
	int rc;

	rp->rd.f = is_stdin ? stdin : fopen(path, "r");
	if (!rp->rd.f) {
		fprintf(stderr, "camguard ids replay: %s: %s\n", path,
		    strerror(errno));
		return EXIT_NOWORK;
	}
	rc = replay_run(rp, is_stdin ? "stdin" : path, fmt);
	if (!is_stdin)
		fclose(rp->rd.f);
	return rc;
}

int
cli_ids_replay(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum ids_format fmt = IDS_FMT_AUTO;
	const char *cpath = NULL;
	struct replay *rp;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:f:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			cpath = optarg;
			break;
		case 'f':
			if (ids_format_from_name(optarg, &fmt) == 0)
				break;
			fprintf(stderr, "camguard ids replay: unknown format "
			    "\"%s\"\n", optarg);
			return EXIT_USAGE;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (!(rp = calloc(1, sizeof(*rp)))) {
		perror("camguard");
		return EXIT_NOWORK;
	}
	conf_defaults(&rp->conf);
	if (cpath && conf_load(&rp->conf, cpath, stderr) < 0)
		rc = EXIT_CONFIG;
	else
		rc = replay_file(rp, optind < argc ? argv[optind] : "-", fmt);
	free(rp);
	return rc;
}
