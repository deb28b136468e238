/*
 * cli_run.c - `camguard run`: the daemon around the one event loop.
 *
 * Owns the daemon's lifecycle: configuration load and SIGHUP reload (a bad
 * file keeps the old configuration), the pid file, SIGTERM/SIGINT exit.
 * The capabilities (scans, IDS sources, MQTT, status endpoint) register
 * with the loop through daemon.h; this file does not know their insides.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "conf.h"
#include "daemon.h"
#include "exitcode.h"
#include "log.h"
#include "loop.h"

static const char usage[] =
"usage: camguard run [-c FILE] [-d] [-v]\n"
"\n"
"Run the agent: periodic checks, intrusion detection on the web server\n"
"logs, MQTT publishing and the status endpoint, in one process loop.\n"
"SIGHUP reloads the configuration (a bad file keeps the old one),\n"
"SIGUSR1 rescans, SIGTERM and SIGINT stop.  See camguard(8).\n"
"\n"
"  -c, --config FILE   camguard.json (default " CONF_DEFAULT_PATH ")\n"
"  -d, --debug         stay in the foreground, log to stderr\n"
"  -v, --verbose       log debug messages too\n";

struct run_state {
	const char	*path;
	struct conf	*conf;
	struct loop	*loop;
	struct daemon	*daemon;
};

/* Log every line a failed conf_load wrote, then say what is kept. */
static int
load_logged(struct conf *c, const char *path)
{
	char *out = NULL, *line, *save = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&out, &sz);
	int rc;

	if (!f) {
		log_warn("open_memstream");
		return -1;
	}
	rc = conf_load(c, path, f);
	fclose(f);
	for (line = strtok_r(out, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save))
		log_warnx("%s", line);
	free(out);
	return rc;
}

static void
on_reload(int signo, void *arg)
{
	struct run_state *rs = arg;
	struct conf *fresh;

	(void)signo;
	if (!(fresh = malloc(sizeof(*fresh)))) {
		log_warn("reload");
		return;
	}
	if (load_logged(fresh, rs->path) < 0) {
		log_warnx("reload of %s failed; keeping the running "
		    "configuration", rs->path);
		free(fresh);
		return;
	}
	if (daemon_apply(rs->daemon, fresh) < 0) {
		log_warnx("reload of %s could not be applied; keeping the "
		    "running configuration", rs->path);
		free(fresh);
		return;
	}
	free(rs->conf);
	rs->conf = fresh;
	log_info("configuration reloaded from %s", rs->path);
}

static void
on_stop(int signo, void *arg)
{
	struct run_state *rs = arg;

	log_info("%s received, stopping", strsignal(signo));
	loop_stop(rs->loop);
}

static void
on_rescan(int signo, void *arg)
{
	(void)signo;
	daemon_rescan(((struct run_state *)arg)->daemon);
}

static int
write_pid_file(const char *path)
{
	char buf[32];
	int fd, n;

	if (!path[0])
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		log_warn("pid file %s", path);
		return -1;
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (write(fd, buf, (size_t)n) != n) {
		log_warn("pid file %s", path);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int
parse_args(int argc, char **argv, const char **path, int *debug,
    int *verbose)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "debug", no_argument, NULL, 'd' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:dvh", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			*path = optarg;
			break;
		case 'd':
			*debug = 1;
			break;
		case 'v':
			*verbose = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	return -1;
}

static int
run_loop(struct run_state *rs)
{
	int bad_policy;

	if (loop_signal(rs->loop, SIGHUP, on_reload, rs) < 0 ||
	    loop_signal(rs->loop, SIGTERM, on_stop, rs) < 0 ||
	    loop_signal(rs->loop, SIGINT, on_stop, rs) < 0 ||
	    loop_signal(rs->loop, SIGUSR1, on_rescan, rs) < 0) {
		log_warn("signals");
		return EXIT_NOWORK;
	}
	if (!(rs->daemon = daemon_start(rs->loop, rs->conf, &bad_policy)))
		return bad_policy ? EXIT_CONFIG : EXIT_NOWORK;
	if (write_pid_file(rs->conf->run.pid_file) < 0) {
		daemon_stop(rs->daemon);
		return EXIT_NOWORK;
	}
	log_info("started, version %s, configuration %s", CAMGUARD_VERSION,
	    rs->path);
	if (loop_run(rs->loop) < 0) {
		daemon_stop(rs->daemon);
		return EXIT_NOWORK;
	}
	daemon_stop(rs->daemon);
	if (rs->conf->run.pid_file[0])
		unlink(rs->conf->run.pid_file);
	log_info("stopped");
	return EXIT_OK;
}

int
cli_run(int argc, char **argv)
{
	struct run_state rs = { .path = CONF_DEFAULT_PATH };
	int debug = 0, verbose = 0, rc;

	if ((rc = parse_args(argc, argv, &rs.path, &debug, &verbose)) >= 0)
		return rc;
	if (!(rs.conf = malloc(sizeof(*rs.conf)))) {
		perror("camguard");
		return EXIT_NOWORK;
	}
	if (conf_load(rs.conf, rs.path, stderr) < 0) {
		free(rs.conf);
		return EXIT_CONFIG;
	}
	log_init(debug, verbose, "camguard");
	signal(SIGPIPE, SIG_IGN);
	if (!(rs.loop = loop_new())) {
		log_warn("loop");
		free(rs.conf);
		return EXIT_NOWORK;
	}
	rc = run_loop(&rs);
	loop_free(rs.loop);
	free(rs.conf);
	return rc;
}
