/*
 * cli_run.c - `camguard run`: the daemon around the one event loop.
 *
 * Owns the daemon's lifecycle: configuration load, the checks before it
 * detaches (cli_preflight.c), detaching with a word back to the terminal
 * (the command exits only once the daemon started, or with its failure),
 * SIGHUP reload (a bad file keeps the old configuration), the pid file,
 * SIGTERM/SIGINT exit.
 * The capabilities (scans, IDS sources, MQTT, status endpoint) register
 * with the loop through daemon.h; this file does not know their insides.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/conf.h"
#include "core/exitcode.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/readfile.h"
#include "daemon/daemon.h"
#include "platform/ctlsock.h"
#include "daemon/priv_parent.h"
#include "platform/fw/fw.h"
#include "platform/priv.h"
#include "platform/sandbox.h"
#include "platform/sys.h"

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
	const struct fw_ops *fw_proxy;	/* worker of a privileged parent */
	struct sandbox_report *report;	/* where a sandboxed worker tells */
	bool		 owns_pid_file;	/* removes it at exit */
	int		 ready_fd;	/* tells the terminal; -1 with -d */
	int		 ctl_fd;	/* the control socket, or -1 */
	bool		 ctl_made;	/* this run made the socket file */
	int		 priv_fd;	/* worker: the parent's socket, or -1 */
	bool		 parent_gone;	/* worker: it hung up */
};

/*
 * Log every line a failed conf_load wrote, then say what is kept; the
 * first line goes to why (the audit trail's result).
 */
static int
load_logged(struct conf *c, const char *path, char *why, size_t whysz)
{
	char *out = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&out, &sz);
	int rc;

	if (!f) {
		log_warn("open_memstream");
		return -1;
	}
	rc = conf_load(c, path, f);
	fclose(f);
	if (rc < 0 && out)
		snprintf(why, whysz, "failed: %.*s", (int)strcspn(out, "\n"),
		    out);
	log_warnx_lines(out);
	free(out);
	return rc;
}

static void
on_reload(int signo, void *arg)
{
	struct run_state *rs = arg;
	struct conf *fresh;
	char why[SIEM_RESULT_MAX] = "failed";

	(void)signo;
	if (!(fresh = calloc(1, sizeof(*fresh)))) {
		log_warn("reload");
		daemon_audit(rs->daemon, "signal", "reload",
		    "failed: no memory");
		return;
	}
	if (load_logged(fresh, rs->path, why, sizeof(why)) < 0) {
		log_warnx("reload of %s failed; keeping the running "
		    "configuration", rs->path);
		daemon_audit(rs->daemon, "signal", "reload", why);
		free(fresh);
		return;
	}
	if (strcmp(fresh->run.control_socket, rs->conf->run.control_socket))
		log_warnx("run.control_socket changes at the next start; the "
		    "daemon keeps %s", rs->conf->run.control_socket[0] ?
		    rs->conf->run.control_socket : "none");
	/* the new sources and camera files are what the parent opens */
	priv_files_conf(fresh);
	if (daemon_apply(rs->daemon, fresh) < 0) {
		log_warnx("reload of %s could not be applied; keeping the "
		    "running configuration", rs->path);
		priv_files_conf(rs->conf);
		daemon_audit(rs->daemon, "signal", "reload",
		    "failed: not applied (see the log)");
		free(fresh);
		return;
	}
	free(rs->conf);
	rs->conf = fresh;
	log_info("configuration reloaded from %s", rs->path);
	daemon_audit(rs->daemon, "signal", "reload", "ok");
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
	daemon_audit(((struct run_state *)arg)->daemon, "signal", "rescan",
	    "ok");
}

static int
write_pid_file(const char *path)
{
	char buf[32];
	int fd, n;

	if (!path[0])
		return 0;
	fd = readfile_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		log_warnx("pid file %s: %s", path, readfile_strerror(errno));
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
	if (!(rs->daemon = daemon_start(rs->loop, rs->conf, rs->fw_proxy, &bad_policy)))
		return bad_policy ? EXIT_CONFIG : EXIT_NOWORK;
	daemon_control(rs->daemon, rs->ctl_fd);
	rs->ctl_fd = -1;	/* the daemon's now */
	log_info("started, version %s, configuration %s", CAMGUARD_VERSION,
	    rs->path);
	log_tee_stderr(0);
	sys_detach_done(&rs->ready_fd, EXIT_OK);
	if (loop_run(rs->loop) < 0) {
		daemon_stop(rs->daemon);
		return EXIT_NOWORK;
	}
	daemon_stop(rs->daemon);
	log_info("stopped");
	return EXIT_OK;
}

/* The worker: the privileged parent hung up (it died, or was killed). */
static void
on_parent_gone(void *arg)
{
	struct run_state *rs = arg;

	if (rs->parent_gone)
		return;
	rs->parent_gone = true;
	log_warnx("the privileged parent is gone; stopping");
	loop_stop(rs->loop);
}

/*
 * The worker: drop (when root) and enter the sandbox before touching
 * logs or the network.
 */
static int
run_worker(struct run_state *rs, bool drop)
{
	char err[160];
	int rc;

	if (drop && priv_drop(rs->conf->run.user, err, sizeof(err)) < 0) {
		log_warnx("cannot drop privileges: %s", err);
		return EXIT_NOPERM;
	}
	if (rs->conf->run.sandbox && sandbox_enter(SANDBOX_WORKER,
	    rs->report, err, sizeof(err)) < 0) {
		log_warnx("cannot enter the sandbox: %s", err);
		return EXIT_NOPERM;
	}
	if (drop)
		log_info("running as %s%s", rs->conf->run.user,
		    rs->conf->run.sandbox ? ", sandboxed" : "");
	if (!(rs->loop = loop_new())) {
		log_warn("loop");
		return EXIT_NOWORK;
	}
	if (rs->priv_fd >= 0 && priv_worker_watch(rs->loop, rs->priv_fd,
	    on_parent_gone, rs) < 0) {
		log_warn("privileged parent");
		loop_free(rs->loop);
		return EXIT_NOWORK;
	}
	rc = run_loop(rs);
	loop_free(rs->loop);
	if (rs->parent_gone)
		return EXIT_NOWORK;
	/* the parent may not enter a directory that belongs to run.user */
	if (rs->priv_fd >= 0 && rs->conf->run.pid_file[0])
		unlink(rs->conf->run.pid_file);
	if (rs->priv_fd >= 0 && rs->ctl_made)
		unlink(rs->conf->run.control_socket);
	return rc;
}

/* Blocking with nftables needs root: the parent applies the blocks. */
static bool
parent_blocks(const struct conf *c)
{
	return c->ids.enabled && c->ids.block &&
	    c->ids.block_backend == CONF_FW_NFTABLES;
}

/*
 * Started as root: a privileged parent for the firewall and the files,
 * a worker that drops.  The parent gives up every capability it does
 * not need once the worker is forked.
 */
static int
run_separated(struct run_state *rs)
{
	struct priv_parent *pp;
	char err[160];
	pid_t pid;
	int fd, rc;

	if (rs->conf->run.sandbox)
		rs->report = sandbox_report_new();
	if ((pid = priv_fork(&fd)) < 0) {
		log_warn("fork");
		return EXIT_NOWORK;
	}
	if (rs->ctl_fd >= 0 && pid > 0) {
		close(rs->ctl_fd);	/* the worker serves it */
		rs->ctl_fd = -1;
	}
	if (pid == 0) {
		rs->owns_pid_file = false;
		rs->priv_fd = fd;
		if (parent_blocks(rs->conf)) {
			priv_fw_set_fd(fd);
			rs->fw_proxy = &priv_fw_ops;
		}
		priv_files_init(fd, rs->path, rs->conf);
		return run_worker(rs, true);
	}
	/* the worker reports the start; the parent only its early end */
	log_tee_stderr(0);
	if (rs->ready_fd >= 0)
		sys_detach_quiet();
	if (sandbox_parent_caps(parent_blocks(rs->conf), err,
	    sizeof(err)) < 0 || !(pp = priv_parent_new(rs->path, rs->conf))) {
		log_warnx("privileged parent: %s", err);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return EXIT_NOPERM;
	}
	rc = priv_parent_serve(fd, pid, priv_parent_apply, pp, rs->report);
	if (*fw_backend_name())
		fw_fini();
	priv_parent_free(pp);
	/* the socket the worker served goes with it (when it may) */
	if (rs->ctl_made)
		unlink(rs->conf->run.control_socket);
	return rc;
}


/*
 * The control socket, made while still root so that it can belong to
 * run.user (mode 0600): the worker that owns the IDS inherits it.  A
 * daemon without one still runs; `camguard ids` then says it cannot
 * reach it.
 */
static int
control_listen(const struct conf *c)
{
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;
	char err[CONF_PATH_MAX + 96];
	int fd;

	if (!c->run.control_socket[0])
		return -1;
	if (priv_is_root() &&
	    priv_resolve(c->run.user, &uid, &gid, err, sizeof(err)) < 0) {
		log_warnx("control socket: %s", err);
		return -1;
	}
	if ((fd = ctlsock_listen(c->run.control_socket, uid, gid, err,
	    sizeof(err))) < 0)
		log_warnx("control socket: %s; camguard ids cannot reach this "
		    "daemon", err);
	else
		log_info("control socket %s", c->run.control_socket);
	return fd;
}

int
cli_run(int argc, char **argv)
{
	static char abs_path[PATH_MAX];
	struct run_state rs = { .path = CONF_DEFAULT_PATH, .ready_fd = -1,
	    .ctl_fd = -1, .priv_fd = -1 };
	int debug = 0, verbose = 0, rc;

	if ((rc = parse_args(argc, argv, &rs.path, &debug, &verbose)) >= 0)
		return rc;
	/* reloads re-read the file after the daemon left the directory */
	if (realpath(rs.path, abs_path))
		rs.path = abs_path;
	/* calloc: conf_defaults leaves its zero pages untouched */
	if (!(rs.conf = calloc(1, sizeof(*rs.conf)))) {
		perror("camguard");
		return EXIT_NOWORK;
	}
	if (conf_load(rs.conf, rs.path, stderr) < 0 ||
	    cli_conf_check_build(rs.conf, rs.path, stderr) < 0) {
		free(rs.conf);
		return EXIT_CONFIG;
	}
	/* everything that would fail later, while the terminal listens */
	if ((rc = cli_preflight(rs.conf, rs.path,
	    cli_run_needs_parent(rs.conf), stderr)) != 0) {
		free(rs.conf);
		return rc;
	}
	log_init(debug, verbose, "camguard");
	if (!debug && (rs.ready_fd = sys_detach_begin()) < 0) {
		log_warn("daemon");
		free(rs.conf);
		return EXIT_NOWORK;
	}
	log_tee_stderr(!debug);
	signal(SIGPIPE, SIG_IGN);
	rs.owns_pid_file = true;
	if (write_pid_file(rs.conf->run.pid_file) < 0) {
		free(rs.conf);
		return EXIT_NOWORK;
	}
	rs.ctl_fd = control_listen(rs.conf);
	rs.ctl_made = rs.ctl_fd >= 0;
	if (priv_is_root())
		rc = run_separated(&rs);
	else
		rc = run_worker(&rs, false);
	if (rs.ctl_fd >= 0)
		close(rs.ctl_fd);
	if (rs.owns_pid_file && rs.conf->run.pid_file[0])
		unlink(rs.conf->run.pid_file);
	free(rs.conf);
	sys_detach_done(&rs.ready_fd, rc == EXIT_OK ? EXIT_NOWORK : rc);
	return rc;
}
