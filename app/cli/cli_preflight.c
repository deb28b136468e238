/*
 * cli_preflight.c - what `camguard run` checks before it detaches and
 * `camguard config-test` checks besides the file's shape: the problems
 * that would otherwise only show once the agent runs, in a log nobody
 * reads, or never.
 *
 * Settings that are wrong whatever the machine (run.user root, a public
 * status endpoint without a token, a camera id libmosquitto refuses) are
 * configuration errors (78).  What the worker must do is tried by a child
 * that drops to run.user exactly as the worker will (when started as
 * root) and then opens every file the worker reads, the directories of
 * the files it writes, and binds the status listener: a failed drop or a
 * permission problem is 77 (a restart cannot fix it), anything else 2.
 * Expired waivers and a pid file the worker cannot remove are warnings.
 * Each problem is one "PATH: message" line.  Does not start anything.
 * Also the two facts run and config-test share: whether this build has
 * the firewall backend the file names, and whether blocking needs a
 * privileged parent.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check/camcfg.h"
#include "cli/cli.h"
#include "core/addr.h"
#include "core/cg_limits.h"
#include "core/conf.h"
#include "core/exitcode.h"
#include "platform/camera.h"
#include "platform/fw/fw.h"
#include "core/readfile.h"
#include "platform/priv.h"
#include "platform/sandbox.h"

#define PF_MSG_MAX	512	/* one problem line */

struct pf {
	const char	*path;
	FILE		*errf;
	int		 rc;
};

/* A configuration error outranks a permission problem, which outranks 2. */
static int
pf_rank(int code)
{
	return code == EXIT_CONFIG ? 3 : code == EXIT_NOPERM ? 2 :
	    code != 0 ? 1 : 0;
}

/* code 0: a warning. */
static void
pf_note(struct pf *p, int code, const char *msg)
{
	fprintf(p->errf, "%s: %s%s\n", p->path, code ? "" : "warning: ", msg);
	if (pf_rank(code) > pf_rank(p->rc))
		p->rc = code;
}

__attribute__((format(printf, 3, 4)))
static void
pf_say(struct pf *p, int code, const char *fmt, ...)
{
	char msg[PF_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pf_note(p, code, msg);
}

/* ---- settings ---------------------------------------------------------- */

/* false when there is no user to drop to (the drop cannot be tried) */
static bool
pf_run_user(struct pf *p, const struct conf *c)
{
	char err[160];
	uid_t uid;
	gid_t gid;

	/* not root: the daemon runs as it was started, run.user unused */
	if (!priv_is_root())
		return true;
	if (priv_resolve(c->run.user, &uid, &gid, err, sizeof(err)) < 0) {
		pf_say(p, EXIT_CONFIG, "%s", err);
		return false;
	}
	return true;
}

static bool
pf_loopback(const char *listen)
{
	char host[ADDR_STR_MAX];
	struct addr_net a, lo4, lo6;
	uint16_t port;

	if (addr_parse_listen(listen, host, sizeof(host), &port) < 0 ||
	    addr_parse_ip(host, strlen(host), &a) < 0)
		return false;
	addr_parse_net("127.0.0.0/8", 11, &lo4);
	addr_parse_net("::1/128", 7, &lo6);
	return addr_in_net(&a, &lo4) || addr_in_net(&a, &lo6);
}

/* /status lists every failing check: a map for an attacker on the LAN. */
static void
pf_status_token(struct pf *p, const struct conf *c)
{
	if (c->status.enabled && !c->status.token_file[0] &&
	    !pf_loopback(c->status.listen))
		pf_say(p, EXIT_CONFIG, "status.listen %s is reachable from "
		    "the network and status.token_file is empty: set a "
		    "token, or listen on 127.0.0.1", c->status.listen);
}

static void
pf_waivers(struct pf *p, const struct conf *c)
{
	time_t now = time(NULL);
	char today[16];
	struct tm tm;
	size_t i;

	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	for (i = 0; i < c->checks.n_waivers; i++)
		if (strcmp(c->checks.waivers[i].expires, today) < 0)
			pf_say(p, 0, "the waiver of %s expired on %s and no "
			    "longer applies", c->checks.waivers[i].id,
			    c->checks.waivers[i].expires);
}

/*
 * Without camera.id the MQTT topics take the camera's HOSTNAME: it must
 * be a topic level libmosquitto takes, else nothing is ever published.
 */
static void
pf_camera_id(struct pf *p, const struct conf *c)
{
	struct camera_dump *dump = NULL;
	struct camcfg *cfg = NULL;
	struct camcfg_error e;
	FILE *quiet = NULL;
	const char *v;
	size_t len;

	if (!c->mqtt.enabled || c->camera.id[0] || !c->camera.config_file[0])
		return;
	dump = malloc(sizeof(*dump));
	cfg = malloc(sizeof(*cfg));
	quiet = fopen("/dev/null", "we");
	if (!dump || !cfg || !quiet ||
	    camera_fetch_file(c->camera.config_file, dump, quiet) < 0 ||
	    camcfg_parse(dump->buf, dump->len, cfg, &e) != CAMCFG_OK)
		goto out;	/* the file checks below name the problem */
	if (camcfg_get(cfg, "ethernet", "HOSTNAME", &v, &len) && len > 0 &&
	    !conf_topic_level_ok(v, len))
		pf_say(p, EXIT_CONFIG, "camera.config_file %s: HOSTNAME is "
		    "no valid MQTT topic level (UTF-8 without control "
		    "characters, '+', '#' or '/'); set camera.id",
		    c->camera.config_file);
out:
	if (quiet)
		fclose(quiet);
	free(dump);
	free(cfg);
}

/* ---- the worker's view, from a child that dropped like it -------------- */

/* One line to the parent: "CODE message". */
__attribute__((format(printf, 3, 4)))
static void
pf_send(int fd, int code, const char *fmt, ...)
{
	char msg[PF_MSG_MAX];
	va_list ap;
	int n, m;

	n = snprintf(msg, sizeof(msg), "%d ", code);
	va_start(ap, fmt);
	m = vsnprintf(msg + n, sizeof(msg) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	n = (int)strlen(msg);
	msg[n++] = '\n';
	if (write(fd, msg, (size_t)n) != n)
		return;
}

static int
pf_errno_code(int e)
{
	return e == EACCES || e == EPERM || e == EROFS ? EXIT_NOPERM :
	    EXIT_NOWORK;
}

/* A file the worker reads; missing_ok: a warning when it is absent. */
static void
pf_readable(int fd, const char *who, const char *key, const char *file,
    bool missing_ok)
{
	int f;

	if (!file[0])
		return;
	f = readfile_open(file, O_RDONLY, 0);
	if (f >= 0) {
		close(f);
		return;
	}
	if (errno == ENOENT && missing_ok)
		pf_send(fd, 0, "%s %s does not exist (yet)", key, file);
	else
		pf_send(fd, pf_errno_code(errno), "%s %s: not readable by %s: "
		    "%s", key, file, who, readfile_strerror(errno));
}

/* A file the worker writes: the file itself, or its directory. */
static void
pf_writable(int fd, const char *who, const char *key, const char *file,
    int code)
{
	char dir[CONF_PATH_MAX];
	char *slash;

	if (!file[0])
		return;
	if (access(file, W_OK) == 0)
		return;
	if (errno == ENOENT) {
		snprintf(dir, sizeof(dir), "%s", file);
		slash = strrchr(dir, '/');
		if (slash)
			*(slash == dir ? slash + 1 : slash) = '\0';
		if (access(slash ? dir : ".", W_OK | X_OK) == 0)
			return;
	}
	pf_send(fd, code ? pf_errno_code(errno) : 0, "%s %s: not writable by "
	    "%s: %s", key, file, who, strerror(errno));
}

static void
pf_listener(int fd, const char *who, const char *addr)
{
	char host[ADDR_STR_MAX];
	struct sockaddr_storage ss;
	struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	socklen_t sl = sizeof(*in4);
	uint16_t port;
	int s, one = 1;

	memset(&ss, 0, sizeof(ss));
	if (addr_parse_listen(addr, host, sizeof(host), &port) < 0)
		return;		/* conf_load already refused it */
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons(port);
	} else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		sl = sizeof(*in6);
	}
	s = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one)) < 0 || bind(s, (struct sockaddr *)&ss, sl) < 0 ||
	    listen(s, 1) < 0)
		pf_send(fd, pf_errno_code(errno), "status.listen %s: %s cannot "
		    "listen there: %s", addr, who, strerror(errno));
	if (s >= 0)
		close(s);
}

/*
 * The files the privileged parent opens for the worker (priv.h): the
 * configuration, the camera's files, the logs.  parent: tried here, as
 * root, by the caller; else by the child as the worker.
 */
static void
pf_parent_files(int fd, const char *who, const struct conf *c,
    const char *path)
{
	size_t i;

	pf_readable(fd, who, "the configuration (read again on SIGHUP)", path,
	    false);
	/* a missing camera file fails each scan (and /readyz) until it
	 * appears; that is not a reason to refuse the start */
	pf_readable(fd, who, "camera.config_file", c->camera.config_file,
	    true);
	pf_readable(fd, who, "camera.password_file", c->camera.password_file,
	    false);
	if (!c->ids.enabled)
		return;
	/* a web server may create its log after camguard starts */
	for (i = 0; i < c->ids.n_sources; i++)
		pf_readable(fd, who, "ids.sources", c->ids.sources[i].path,
		    true);
}

static void
pf_files(int fd, const char *who, const struct conf *c, const char *path,
    bool parent)
{
	if (!parent)
		pf_parent_files(fd, who, c, path);
	pf_readable(fd, who, "camera.ca_file", c->camera.ca_file, false);
	pf_readable(fd, who, "checks.policy_file", c->checks.policy_file,
	    false);
	if (c->mqtt.enabled) {
		pf_readable(fd, who, "mqtt.password_file",
		    c->mqtt.password_file, false);
		pf_readable(fd, who, "mqtt.tls.ca_file", c->mqtt.tls.ca_file,
		    false);
		pf_readable(fd, who, "mqtt.tls.cert_file",
		    c->mqtt.tls.cert_file, false);
		pf_readable(fd, who, "mqtt.tls.key_file",
		    c->mqtt.tls.key_file, false);
	}
	/* the SIEM sender reads these after the drop, at each connect */
	pf_readable(fd, who, "siem.ca_file", c->siem.tls.ca_file, false);
	pf_readable(fd, who, "siem.cert_file", c->siem.tls.cert_file, false);
	pf_readable(fd, who, "siem.key_file", c->siem.tls.key_file, false);
	if (c->status.enabled) {
		pf_readable(fd, who, "status.token_file", c->status.token_file,
		    false);
		pf_readable(fd, who, "status.tls.cert_file",
		    c->status.tls.cert_file, false);
		pf_readable(fd, who, "status.tls.key_file",
		    c->status.tls.key_file, false);
	}
	if (!c->ids.enabled)
		return;
	pf_writable(fd, who, "ids.state_file", c->ids.state_file, 1);
	if (c->ids.block && c->ids.block_backend == CONF_FW_FILE)
		pf_writable(fd, who, "ids.block_file", c->ids.block_file, 1);
}

/* The child: drop as the worker will, then try what the worker does. */
static void
pf_child(int fd, const struct conf *c, const char *path, bool nft_parent)
{
	char who[CONF_STR_MAX + 16], err[160];

	if (!priv_is_root()) {
		snprintf(who, sizeof(who), "uid %lu", (unsigned long)getuid());
	} else if (priv_drop(c->run.user, err, sizeof(err)) < 0) {
		pf_send(fd, EXIT_NOPERM, "cannot drop privileges: %s", err);
		return;
	} else {
		snprintf(who, sizeof(who), "run.user %s", c->run.user);
	}
	pf_files(fd, who, c, path, nft_parent);
	if (c->status.enabled)
		pf_listener(fd, who, c->status.listen);
	/* without a privileged parent the worker removes the pid file */
	if (!nft_parent && c->run.pid_file[0])
		pf_writable(fd, who, "run.pid_file", c->run.pid_file, 0);
}

static void
pf_read_child(struct pf *p, FILE *in)
{
	char line[PF_MSG_MAX + 16], *msg;
	size_t n;
	long code;

	while (fgets(line, sizeof(line), in)) {
		n = strlen(line);
		if (n > 0 && line[n - 1] == '\n')
			line[n - 1] = '\0';
		code = strtol(line, &msg, 10);
		if (*msg == ' ')
			msg++;
		pf_note(p, (int)code, msg);
	}
}

static void
pf_worker_view(struct pf *p, const struct conf *c, bool nft_parent)
{
	FILE *in;
	pid_t pid;
	int fds[2], st;

	if (pipe2(fds, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
		pf_say(p, EXIT_NOWORK, "preflight: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		pf_child(fds[1], c, p->path, nft_parent);
		_exit(0);
	}
	close(fds[1]);
	if ((in = fdopen(fds[0], "r")) != NULL) {
		pf_read_child(p, in);
		fclose(in);
	} else {
		close(fds[0]);
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
}

/* What the privileged parent opens, tried as root (it stays root). */
static void
pf_parent_view(struct pf *p, const struct conf *c)
{
	FILE *in;
	int fds[2];

	if (pipe2(fds, O_CLOEXEC) < 0) {
		pf_say(p, EXIT_NOWORK, "preflight: %s", strerror(errno));
		return;
	}
	pf_parent_files(fds[1], "the privileged parent", c, p->path);
	close(fds[1]);
	if ((in = fdopen(fds[0], "r")) != NULL) {
		pf_read_child(p, in);
		fclose(in);
	} else {
		close(fds[0]);
	}
}

/*
 * The status token: 128 bits at least (HTTPD_TOKEN_MIN characters), in a
 * file only its owner may use.  A missing or unreadable file is the
 * worker's check (pf_files).
 */
static void
pf_token(struct pf *p, const struct conf *c)
{
	const char *path = c->status.token_file;
	char buf[HTTPD_TOKEN_MAX + 1];
	struct stat sb;
	size_t len = 0;
	FILE *quiet;
	int fd;

	if (!c->status.enabled || !path[0] ||
	    (fd = readfile_open(path, O_RDONLY, 0)) < 0)
		return;
	if (fstat(fd, &sb) == 0 && (sb.st_mode & 077))
		pf_say(p, EXIT_CONFIG, "status.token_file %s is open to group "
		    "or others (mode %04o): chmod 600 it", path,
		    (unsigned)(sb.st_mode & 07777));
	if ((quiet = fopen("/dev/null", "we")) && readfile_fd(fd, path, buf,
	    HTTPD_TOKEN_MAX, &len, quiet) == 0) {
		len = strcspn(buf, "\r\n");
		while (len > 0 && (buf[len - 1] == ' ' ||
		    buf[len - 1] == '\t'))
			len--;
		if (len < HTTPD_TOKEN_MIN)
			pf_say(p, EXIT_CONFIG, "status.token_file %s: the "
			    "token has %zu characters, %d at least (128 "
			    "bits; openssl rand -base64 24 makes one)", path,
			    len, HTTPD_TOKEN_MIN);
	}
	explicit_bzero(buf, sizeof(buf));
	if (quiet)
		fclose(quiet);
	close(fd);
}

/* No seccomp, no start: unless run.sandbox says "off". */
static void
pf_sandbox(struct pf *p, const struct conf *c)
{
	char err[128];

	if (c->run.sandbox && !sandbox_supported(err, sizeof(err)))
		pf_say(p, EXIT_NOPERM, "run.sandbox is \"on\" but %s: "
		    "refusing to start without the sandbox (set run.sandbox "
		    "to \"off\" to run without it)", err);
}

int
cli_preflight(const struct conf *c, const char *path, bool parent,
    FILE *errf)
{
	struct pf p = { .path = path, .errf = errf, .rc = 0 };

	bool user_ok;

	fflush(errf);
	user_ok = pf_run_user(&p, c);
	pf_status_token(&p, c);
	pf_token(&p, c);
	pf_camera_id(&p, c);
	pf_waivers(&p, c);
	pf_sandbox(&p, c);
	if (parent)
		pf_parent_view(&p, c);
	if (user_ok)
		pf_worker_view(&p, c, parent);
	return p.rc;
}

/* The firewall backend the file names is compiled in. */
int
cli_conf_check_build(const struct conf *c, const char *path, FILE *errf)
{
	if (c->ids.enabled && c->ids.block &&
	    !fw_available(c->ids.block_backend)) {
		fprintf(errf, "%s: ids.block_backend \"%s\" is not in this "
		    "build\n", path, conf_backend_name(c->ids.block_backend));
		return -1;
	}
	return 0;
}

/* Every root start keeps a privileged parent (platform/priv.h). */
bool
cli_run_needs_parent(const struct conf *c)
{
	(void)c;
	return priv_is_root();
}
