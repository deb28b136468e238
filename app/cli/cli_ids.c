/*
 * cli_ids.c - `camguard ids`: dispatch to `scan` (here) and `replay`
 * (cli_ids_replay.c).
 *
 * `ids scan` parses a log and prints one JSON object per authentication
 * failure or challenge, in input order (spec section 2); it runs no
 * detector.  It owns the line splitting: read(2) into one fixed buffer,
 * lines cut at '\n' (a trailing '\r' dropped), a line longer than
 * LOG_LINE_MAX skipped and counted without ever being held whole, so the
 * memory stays bounded whatever the input.  The skipped count goes to
 * stderr at the end; stdout carries the events and nothing else.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/cg_limits.h"
#include "core/exitcode.h"
#include "core/json_write.h"
#include "core/linerd.h"
#include "ids/ids.h"

#define SCAN_OUT_BUF	(1024 * 1024)	/* stdout buffer */
#define SCAN_EVENT_MAX	1024		/* one JSON line */

_Static_assert(SCAN_EVENT_MAX > 6 * IDS_USER_MAX + 2 * ADDR_STR_MAX,
    "an escaped user and an address fit");

static const char usage_ids[] =
"usage: camguard ids scan [--format clf|lighttpd|nginx|auto] [FILE|-]\n"
"       camguard ids replay [-c CONF] [--format ...] [FILE|-]\n"
"       camguard ids list|flush [-c CONF]\n"
"       camguard ids block|unblock ADDR[/PREFIX] [--for S] [--reason T] "
"[-c CONF]\n";

static const char usage_scan[] =
"usage: camguard ids scan [--format clf|lighttpd|nginx|auto] [FILE|-]\n"
"Parse a web server log (stdin for - or no FILE) and print one JSON\n"
"object per authentication failure or challenge:\n"
"  {\"line\":N,\"ts\":EPOCH,\"ip\":\"ADDR\",\"user\":\"NAME\"|null,"
"\"kind\":\"auth_failure\"|\"challenge\"}\n"
"The count of skipped (malformed, over-long) lines goes to stderr.\n"
"--format: clf (Apache/nginx access log), lighttpd or nginx (error log),\n"
"auto (the default: each line in turn).\n";

struct scan {
	enum ids_format	fmt;
	const char	*name;		/* the file, for messages */
	uint64_t	lineno;
	uint64_t	malformed, too_long;
	bool		out_failed;
};

static int
scan_print(struct scan *s, const struct ids_event *ev)
{
	char buf[SCAN_EVENT_MAX], ip[INET6_ADDRSTRLEN];
	struct jw jw;
	int n;

	/* inet_ntop's text without its printf, the largest cost left */
	if (!addr_ntop(&ev->addr, ip, sizeof(ip)))
		return -1;
	jw_init(&jw, buf, sizeof(buf) - 1);
	jw_obj_begin(&jw, NULL);
	jw_int(&jw, "line", (long long)s->lineno);
	jw_int(&jw, "ts", (long long)ev->ts);
	jw_str(&jw, "ip", ip);
	jw_str(&jw, "user", ev->has_user ? ev->user : NULL);
	jw_str(&jw, "kind", ev->kind == IDS_CHALLENGE ? "challenge" :
	    "auth_failure");
	jw_obj_end(&jw);
	if ((n = jw_finish(&jw)) < 0)
		return -1;
	buf[n++] = '\n';
	if (fwrite_unlocked(buf, 1, (size_t)n, stdout) != (size_t)n)
		s->out_failed = true;
	return 0;
}

static void
scan_line(struct scan *s, const char *line, size_t len)
{
	struct ids_event ev;
	int rc;

	s->lineno++;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len == 0)
		return;
	rc = ids_parse(s->fmt, line, len, &ev);
	if (rc == IDS_EVENT) {
		if (scan_print(s, &ev) < 0)
			s->malformed++;
	} else if (rc == IDS_E_TOO_LONG) {
		s->too_long++;
	} else if (rc < 0) {
		s->malformed++;
	}
}

static int
scan_fd(struct scan *s, int fd)
{
	static struct linerd rd;
	const char *line;
	size_t n;
	enum linerd_rc rc;

	linerd_init(&rd, fd);
	while ((rc = linerd_next(&rd, &line, &n)) != LINERD_EOF) {
		if (rc == LINERD_ERR) {
			fprintf(stderr, "camguard ids scan: %s: %s\n", s->name,
			    strerror(errno));
			return -1;
		}
		if (rc == LINERD_LONG) {
			s->lineno++;
			s->too_long++;
			continue;
		}
		scan_line(s, line, n);
	}
	return 0;
}

static void
scan_report(const struct scan *s)
{
	uint64_t n = s->malformed + s->too_long;

	fprintf(stderr, "camguard ids scan: %" PRIu64 " line%s skipped (%"
	    PRIu64 " malformed, %" PRIu64 " over %d bytes)\n", n,
	    n == 1 ? "" : "s", s->malformed, s->too_long, LOG_LINE_MAX);
}

/* Options into *s; returns the index of the FILE argument or -1. */
static int
scan_args(int argc, char **argv, struct scan *s)
{
	const char *f;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--"))
			return i + 1;
		if (!strcmp(argv[i], "--format") && i + 1 < argc)
			f = argv[++i];
		else if (!strncmp(argv[i], "--format=", 9))
			f = argv[i] + 9;
		else
			goto usage;
		if (ids_format_from_name(f, &s->fmt) < 0) {
			fprintf(stderr, "camguard ids scan: unknown format "
			    "'%s'\n", f);
			goto usage;
		}
	}
	return i;
usage:
	fputs(usage_scan, stderr);
	return -1;
}

static int
cli_ids_scan(int argc, char **argv)
{
	static char scan_out[SCAN_OUT_BUF];
	struct scan s = { .fmt = IDS_FMT_AUTO, .name = "-" };
	int i, fd = STDIN_FILENO, rc = EXIT_OK;

	if (cli_wants_help(argc, argv, usage_scan))
		return EXIT_OK;
	if ((i = scan_args(argc, argv, &s)) < 0)
		return EXIT_USAGE;
	if (argc - i > 1) {
		fputs(usage_scan, stderr);
		return EXIT_USAGE;
	}
	if (i < argc && strcmp(argv[i], "-")) {
		s.name = argv[i];
		if ((fd = open(s.name, O_RDONLY | O_CLOEXEC)) < 0) {
			fprintf(stderr, "camguard ids scan: %s: %s\n", s.name,
			    strerror(errno));
			return EXIT_NOWORK;
		}
	}
	/*
	 * Our buffer, not NULL: musl keeps its 1 KB one when setvbuf gets
	 * no buffer (glibc allocates the size asked), so the camera build
	 * made a write(2) every dozen events.  Untouched pages of .bss cost
	 * no memory in the commands that do not scan.
	 */
	setvbuf(stdout, scan_out, _IOFBF, sizeof(scan_out));
	if (scan_fd(&s, fd) < 0)
		rc = EXIT_NOWORK;
	if (fd != STDIN_FILENO)
		close(fd);
	if (fflush(stdout) != 0 || s.out_failed) {
		fprintf(stderr, "camguard ids scan: writing: %s\n",
		    strerror(errno));
		rc = EXIT_NOWORK;
	}
	scan_report(&s);
	return rc;
}

int
cli_ids(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "scan"))
		return cli_ids_scan(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "replay"))
		return cli_ids_replay(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "list") ||
	    !strcmp(argv[1], "block") || !strcmp(argv[1], "unblock") ||
	    !strcmp(argv[1], "flush")))
		return cli_ids_ctl(argc - 1, argv + 1);
	if (cli_wants_help(argc, argv, usage_ids))
		return EXIT_OK;
	if (argc >= 2)
		fprintf(stderr, "camguard ids: unknown subcommand '%s'\n",
		    argv[1]);
	fputs(usage_ids, stderr);
	return EXIT_USAGE;
}
