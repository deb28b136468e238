/*
 * cli_ids_replay.c - `camguard ids replay`: the detector over a log, on
 * the log's own time stamps, with no enforcement (spec section 2).
 *
 * Reads camguard.json's ids section (or the defaults without -c), parses
 * each line with ids_parse(), ticks the detector to the line's time and
 * feeds it the event, and prints one JSON object per decision on stdout:
 * {"ts":..,"action":"alarm|block|release","ip":"ADDR/PREFIX","attempts":N}.
 * Lines are read through a fixed buffer: a line longer than LOG_LINE_MAX
 * is skipped (and counted) without being held whole.  A line dated far
 * outside the log's own range (IDS_REPLAY_JUMP_MAX_S away from both the
 * clock and the line after it: one forged "year 9999") is skipped and
 * counted too, so it cannot freeze the clock; a real gap in the log is
 * confirmed by the next line and kept.  Blocks still
 * running at the end of the log are not released.  Owns no state beyond
 * one run; the parsing belongs to ids_*_parse.c, the rules to
 * ids_detect.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/cg_limits.h"
#include "core/conf.h"
#include "core/exitcode.h"
#include "core/json_write.h"
#include "core/linerd.h"
#include "ids/ids.h"

#define REPLAY_OUT_BUF	(256 * 1024)	/* stdout buffer */
#define REPLAY_DECISION_MAX	256	/* one JSON line */

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

struct replay {
	struct conf	conf;
	struct linerd	rd;
	uint64_t	malformed, too_long, out_of_range;
	bool		out_err;
	struct ids_event held[2];	/* waiting for the next line */
	size_t		n_held;
	int64_t		clock;		/* the latest accepted time */
	bool		have_clock;
};

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

static bool
replay_near(int64_t a, int64_t b)
{
	return a - b <= IDS_REPLAY_JUMP_MAX_S &&
	    b - a <= IDS_REPLAY_JUMP_MAX_S;
}

static void
replay_detect(struct replay *rp, struct ids_detect *d,
    const struct ids_event *ev)
{
	ids_detect_tick(d, ev->ts);
	ids_detect_event(d, ev, ev->ts);
	if (!rp->have_clock || ev->ts > rp->clock)
		rp->clock = ev->ts;
	rp->have_clock = true;
}

/* Drop the oldest held event: its date was far outside the log. */
static void
replay_skip_first(struct replay *rp)
{
	rp->out_of_range++;
	rp->held[0] = rp->held[1];
	rp->n_held--;
}

static void
replay_accept_first(struct replay *rp, struct ids_detect *d)
{
	replay_detect(rp, d, &rp->held[0]);
	rp->held[0] = rp->held[1];
	rp->n_held--;
}

/*
 * Settle the held events against the next one (NULL at the end of the
 * log).  With a clock, the one held event goes to the detector when its
 * time is near the clock or the next event's, else it is skipped.
 * Before the first accepted event there is no clock: two events that
 * disagree wait for a third to tell which one is off.
 */
static void
replay_settle(struct replay *rp, struct ids_detect *d,
    const struct ids_event *next)
{
	const struct ids_event *h = rp->held;

	if (rp->n_held == 0)
		return;
	if (rp->have_clock) {
		if (replay_near(h[0].ts, rp->clock) ||
		    (next && replay_near(h[0].ts, next->ts)))
			replay_accept_first(rp, d);
		else
			replay_skip_first(rp);
		return;
	}
	if (!next) {
		/* the log's last lines disagree: the earlier date stands */
		if (rp->n_held == 2 && h[1].ts < h[0].ts)
			replay_skip_first(rp);
		replay_accept_first(rp, d);
		if (rp->n_held == 1)
			replay_skip_first(rp);
	} else if (replay_near(h[0].ts, next->ts)) {
		replay_accept_first(rp, d);
		replay_settle(rp, d, next);
	} else if (rp->n_held == 2) {
		replay_skip_first(rp);
		if (replay_near(rp->held[0].ts, next->ts))
			replay_accept_first(rp, d);
		else
			replay_skip_first(rp);
	}
}

static void
replay_event(struct replay *rp, struct ids_detect *d,
    const struct ids_event *ev)
{
	replay_settle(rp, d, ev);
	rp->held[rp->n_held++] = *ev;
}

/* Parse and detect every line; 0, or -1 on a read error. */
static int
replay_lines(struct replay *rp, struct ids_detect *d, enum ids_format fmt)
{
	struct ids_event ev;
	const char *line;
	size_t n;
	enum linerd_rc rc;

	while ((rc = linerd_next(&rp->rd, &line, &n)) != LINERD_EOF) {
		if (rc == LINERD_ERR)
			return -1;
		if (rc == LINERD_LONG) {
			rp->too_long++;
			continue;
		}
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0)
			continue;
		switch (ids_parse(fmt, line, n, &ev)) {
		case IDS_EVENT:
			replay_event(rp, d, &ev);
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
	replay_settle(rp, d, NULL);
	return 0;
}

/* The same words as `ids scan`. */
static void
replay_report(const struct replay *rp)
{
	uint64_t n = rp->malformed + rp->too_long + rp->out_of_range;

	fprintf(stderr, "camguard ids replay: %" PRIu64 " line%s skipped (%"
	    PRIu64 " malformed, %" PRIu64 " over %d bytes, %" PRIu64
	    " dated far outside the log)\n", n, n == 1 ? "" : "s",
	    rp->malformed, rp->too_long, LOG_LINE_MAX, rp->out_of_range);
}

/* Rules, input, detector; the exit code of the whole run. */
static int
replay_run(struct replay *rp, const char *path, enum ids_format fmt)
{
	static char replay_out[REPLAY_OUT_BUF];
	struct ids_rules rules;
	struct ids_detect *d;
	int rc = EXIT_OK;

	ids_rules_from_conf(&rp->conf, &rules);
	/* our buffer: musl ignores the size without one (cli_ids.c) */
	setvbuf(stdout, replay_out, _IOFBF, sizeof(replay_out));
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
	int fd, rc;

	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "camguard ids replay: %s: %s\n", path,
		    strerror(errno));
		return EXIT_NOWORK;
	}
	linerd_init(&rp->rd, fd);
	rc = replay_run(rp, is_stdin ? "stdin" : path, fmt);
	if (!is_stdin)
		close(fd);
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
