/*
 * daemon.c - the capabilities of `camguard run`, wired to the loop.
 *
 * Owns the scan schedule (at start, every checks.interval_s, on SIGUSR1
 * and on a rate-limited request from a service), the policy and camera
 * configuration a scan reads, the two most recent scans, and the table
 * of services (status endpoint, MQTT) that are told about scans and
 * intrusion decisions.  Services never call each other.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check/camcfg.h"
#include "check/check.h"
#include "check/live.h"
#include "check/policy.h"
#include "check/pwcheck.h"
#include "core/cg_limits.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/service.h"
#include "core/sparse.h"
#include "daemon/control.h"
#include "daemon/daemon.h"
#include "ids/ids_service.h"
#include "mqtt/mqtt.h"
#include "platform/camera.h"
#include "platform/priv.h"
#include "platform/sandbox.h"
#include "platform/sys.h"
#include "proto/cmd.h"
#include "siem/siem.h"
#include "status/status.h"

/* Rescans asked for by services (MQTT cmd/rescan): at most one per 10 s. */
#define DAEMON_RESCAN_MIN_MS	10000

static const struct service_ops *const services[] = {
	&ids_service,	/* first: its decisions go to the ones below */
	&mqtt_service,
	&status_service,
	&siem_service,
	NULL	/* terminator: services add themselves above this line */
};
#define N_SERVICES	(sizeof(services) / sizeof(services[0]) - 1)

struct daemon {
	struct loop		*loop;
	struct daemon_view	 view;
	struct policy		*policy;
	struct pw_cache		 pw;
	struct camera_dump	*dump;
	struct camcfg		*cfg;
	struct chk_scan		*scans[2];	/* latest and previous */
	struct scan_reply	*reply;		/* from the child, while it runs */
	size_t			 reply_got;
	pid_t			 scan_pid;	/* 0: no scan under way */
	int			 scan_fd;
	int			 scan_status;	/* of the last child reaped */
	uint64_t		 scan_started_ms;
	uint64_t		 scan_budget_ms;	/* waiting it may do */
	int64_t			 scan_deadline;		/* timer */
	bool			 sandbox;	/* run.sandbox at start */
	struct sandbox_report	*scan_report;	/* shared with the child */
	bool			 scan_again;	/* asked for during a scan */
	unsigned long		 failed_scans;	/* in a row */
	int64_t			 scan_timer;
	uint64_t		 last_requested_ms;
	void			*svc[N_SERVICES + 1];
	struct control		*control;	/* run.control_socket */
};

/*
 * A scan runs in a child process, so that a camera that answers slowly
 * (probes wait up to 4 x camera.timeout_ms, password hashes take ~100 ms)
 * never stalls the loop that serves the IDS, MQTT and the status
 * endpoint.  The child sends its result back whole, fixed-size, through
 * a pipe, with its password-verdict cache so the next scan reuses it.
 */
#define SCAN_REPLY_MAGIC	0x43475352u	/* "CGSR" */
#define DAEMON_CHILD_FD_SCAN	(LOOP_FDS_MAX + 64)	/* fds the child closes */

struct scan_reply {
	uint32_t	magic;
	int32_t		ok;		/* 0, or -1 with error set */
	char		error[160];
	struct pw_cache	pw;
	struct chk_scan	scan;
};

static void	scan_due(void *);

static void
scan_arm(struct daemon *d, uint64_t delay_ms)
{
	loop_timer_cancel(d->loop, d->scan_timer);
	d->scan_timer = loop_timer_add(d->loop, delay_ms, scan_due, d);
	if (d->scan_timer < 0)
		log_warn("scan timer");
}

/* Read and parse the camera configuration; message into view on error. */
static int
scan_read_camera(struct daemon *d)
{
	const struct conf *c = d->view.conf;
	struct camcfg_error err;
	FILE *f;
	int rc;

	f = fmemopen(d->view.scan_error, sizeof(d->view.scan_error), "w");
	if (!f)
		return -1;
	rc = c->camera.config_file[0] ?
	    camera_fetch_file(c->camera.config_file, d->dump, f) :
	    camera_fetch_api(c, c->camera.url, d->dump, f);
	if (rc == 0 && (rc = camcfg_parse(d->dump->buf, d->dump->len, d->cfg,
	    &err)) != CAMCFG_OK) {
		fprintf(f, "%s:%u: %s", d->dump->name, err.line,
		    camcfg_strerror(rc));
		rc = -1;
	}
	fclose(f);
	return rc;
}

static void
scan_notify(struct daemon *d)
{
	size_t i;

	for (i = 0; services[i]; i++)
		if (d->svc[i] && services[i]->scan_done)
			services[i]->scan_done(d->svc[i], &d->view);
}

/*
 * Live probes of the camera for this scan (spec section 6), in the
 * scanning child: each exchange at most camera.timeout_ms, the whole run
 * at most PROBE_BUDGET_TIMEOUTS of them (4 x 3 s by default), one
 * default-credential login per scan.  One static probe per process.
 */
static const struct probe *
scan_probe(const struct daemon *d, const struct chk_env *env)
{
	static struct probe probe;
	char msg[LOG_MSG_MAX / 2] = "";
	FILE *f = fmemopen(msg, sizeof(msg), "w");
	const struct probe *p;

	if (!f)
		return NULL;
	p = live_probe(env, d->view.conf, d->view.conf->camera.url, &probe,
	    f);
	fclose(f);
	msg[strcspn(msg, "\n")] = '\0';
	if (!p)
		log_warnx("scan: %s", msg);
	return p;
}

/* In the child: read the camera, probe it, run the checks. */
static void
scan_child(struct daemon *d, struct scan_reply *r)
{
	struct chk_env env = { .policy = d->policy, .daemon = true,
		.ids_sources_readable = d->view.ids_sources_readable,
		.ids_sources_configured = (int)d->view.conf->ids.n_sources };

	r->magic = SCAN_REPLY_MAGIC;
	if (scan_read_camera(d) < 0) {
		r->ok = -1;
		snprintf(r->error, sizeof(r->error), "%s", d->view.scan_error);
		return;
	}
	env.cfg = d->cfg;
	env.pw_cache = &d->pw;
	env.mqtt_connected = d->view.mqtt_connected;
	env.siem_enabled = d->view.siem.enabled;
	env.siem_connected = d->view.siem.connected;
	env.live = scan_probe(d, &env);
	chk_run(&env, d->view.conf, time(NULL), &r->scan);
	if (!r->scan.camera_id[0] &&
	    gethostname(r->scan.camera_id, sizeof(r->scan.camera_id)) < 0)
		r->scan.camera_id[0] = '\0';
	r->pw = d->pw;
}

static void __attribute__((noreturn))
scan_child_main(struct daemon *d, int fd)
{
	static const int sigs[] = { SIGHUP, SIGUSR1, SIGTERM, SIGINT };
	const char *p = (const char *)d->reply;
	size_t left = sizeof(*d->reply);
	ssize_t n;
	size_t i;

	int keep[4];
	size_t n_keep = 0, k;
	char err[128];

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	/* the worker's end is this child's end too */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	/*
	 * Let go of the parent's sockets (MQTT, status listener and clients,
	 * the privileged parent's): a copy held here would keep a broker
	 * session or a port alive after the parent closed it.  The camera's
	 * files the privileged parent opened for this scan stay.
	 */
	priv_files_child();
	keep[n_keep++] = fd;
	priv_files_keep_fds(keep, sizeof(keep) / sizeof(keep[0]), &n_keep);
	for (i = 3; i < DAEMON_CHILD_FD_SCAN; i++) {
		for (k = 0; k < n_keep && keep[k] != (int)i; k++)
			;
		if (k == n_keep)
			close((int)i);
	}
	memset(d->reply, 0, sizeof(*d->reply));
	if (d->sandbox && sandbox_enter(SANDBOX_SCAN, d->scan_report, err,
	    sizeof(err)) < 0) {
		d->reply->magic = SCAN_REPLY_MAGIC;
		d->reply->ok = -1;
		snprintf(d->reply->error, sizeof(d->reply->error),
		    "the scanning process cannot enter its sandbox: %.100s",
		    err);
	} else {
		scan_child(d, d->reply);
	}
	while (left > 0) {
		n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(1);
		p += n;
		left -= (size_t)n;
	}
	_exit(0);
}

/* A scan that gave no result: reason is "timeout" or "source_unavailable". */
static void
scan_failed(struct daemon *d, const char *reason, const char *msg)
{
	snprintf(d->view.scan_error, sizeof(d->view.scan_error), "%s", msg);
	d->view.scan_reason = reason;
	d->view.scans_failed++;
	/* numbered, so that the log's repeat filter keeps each one */
	log_warnx("scan failed (%lu in a row): %s", ++d->failed_scans, msg);
}

/* In the loop: the child's result is in; make it the latest scan. */
static void
scan_finish(struct daemon *d)
{
	struct scan_reply *r = d->reply;
	struct chk_scan *s = d->scans[1];

	if (r->ok < 0) {
		scan_failed(d, "source_unavailable", r->error);
		return;
	}
	d->failed_scans = 0;
	d->view.scan_error[0] = '\0';
	d->view.scan_reason = NULL;
	/* a scan is mostly empty entries: they stay out of memory */
	sparse_copy(s, &r->scan, sizeof(*s));
	chk_scan_rebind(s, d->policy);	/* the policy may have been reloaded */
	sparse_copy(&d->pw, &r->pw, sizeof(d->pw));
	d->scans[1] = d->scans[0];
	d->scans[0] = s;
	d->view.prev = d->view.scan;
	d->view.scan = s;
	d->view.scans++;
	log_info("scan %lu: %u pass, %u fail (%u critical, %u high), "
	    "state %.12s", d->view.scans, s->counts.n[CHK_PASS],
	    s->counts.n[CHK_FAIL], s->counts.fail_critical,
	    s->counts.fail_high, s->state_sha256);
	scan_notify(d);
}

static void	scan_now(struct daemon *);

/*
 * The reply (the size of a whole scan) is only needed between the fork
 * and scan_finish(): an idle agent holds the latest scan, not a second
 * copy of it.
 */
static void
scan_reply_drop(struct daemon *d)
{
	free(d->reply);
	d->reply = NULL;
}

static void
scan_reap(struct daemon *d)
{
	loop_timer_cancel(d->loop, d->scan_deadline);
	d->scan_deadline = 0;
	loop_fd_del(d->loop, d->scan_fd);
	close(d->scan_fd);
	while (waitpid(d->scan_pid, &d->scan_status, 0) < 0 && errno == EINTR)
		;
	d->scan_pid = 0;
	d->scan_fd = -1;
}

/* Why the child ended without its result, for the log. */
static void
scan_lost(struct daemon *d)
{
	char why[128];
	int st = d->scan_status;

	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS &&
	    sandbox_report_describe(d->scan_report, why, sizeof(why)))
		log_warnx("scan: the scanning process was killed by the "
		    "sandbox: %s", why);
	else if (WIFSIGNALED(st))
		log_warnx("scan: the scanning process was killed by signal "
		    "%d (%s) before its result", WTERMSIG(st),
		    strsignal(WTERMSIG(st)));
	else
		log_warnx("scan: the scanning process ended before its "
		    "result");
}

static void
scan_readable(int fd, short revents, void *arg)
{
	struct daemon *d = arg;
	ssize_t n;

	(void)revents;
	n = read(fd, (char *)d->reply + d->reply_got,
	    sizeof(*d->reply) - d->reply_got);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n > 0) {
		d->reply_got += (size_t)n;
		if (d->reply_got < sizeof(*d->reply))
			return;
	}
	scan_reap(d);
	if (d->reply_got == sizeof(*d->reply) &&
	    d->reply->magic == SCAN_REPLY_MAGIC)
		scan_finish(d);
	else
		scan_lost(d);
	scan_reply_drop(d);
	if (d->scan_again) {
		d->scan_again = false;
		scan_now(d);
	}
}

static void	scan_deadline_due(void *);

static void
scan_deadline_arm(struct daemon *d, uint64_t ms)
{
	d->scan_deadline = loop_timer_add(d->loop, ms, scan_deadline_due, d);
	if (d->scan_deadline < 0) {
		d->scan_deadline = 0;
		log_warn("scan deadline");
	}
}

/*
 * The child's time is up when it has waited (wall clock minus its own
 * CPU time) for its whole budget, or computed for SCAN_CPU_MAX_MS: a
 * camera, a DNS server or a file that never answers cannot hold the
 * scans up for good.
 */
static void
scan_deadline_due(void *arg)
{
	struct daemon *d = arg;
	uint64_t elapsed = loop_now_ms(d->loop) - d->scan_started_ms;
	long long cpu = sys_cpu_ms(d->scan_pid);
	uint64_t waited;
	char msg[sizeof(d->view.scan_error)];

	d->scan_deadline = 0;
	if (cpu < 0)
		cpu = 0;
	waited = elapsed > (uint64_t)cpu ? elapsed - (uint64_t)cpu : 0;
	if (waited < d->scan_budget_ms && cpu < SCAN_CPU_MAX_MS) {
		scan_deadline_arm(d, d->scan_budget_ms - waited <
		    SCAN_DEADLINE_STEP_MS ? SCAN_DEADLINE_STEP_MS :
		    d->scan_budget_ms - waited);
		return;
	}
	kill(d->scan_pid, SIGKILL);
	scan_reap(d);
	scan_reply_drop(d);
	snprintf(msg, sizeof(msg), "timeout: the scan waited %llu ms "
	    "(camera.timeout_ms x %d) and used %lld ms of CPU; stopped",
	    (unsigned long long)waited, SCAN_IO_TIMEOUTS, cpu);
	scan_failed(d, "timeout", msg);
	if (d->scan_again) {
		d->scan_again = false;
		scan_now(d);
	}
}

static void
scan_now(struct daemon *d)
{
	int fds[2];
	pid_t pid;

	if (d->scan_pid > 0) {
		d->scan_again = true;
		return;
	}
	if (!d->reply && !(d->reply = calloc(1, sizeof(*d->reply)))) {
		log_warn("scan");
		return;
	}
	if (pipe2(fds, O_CLOEXEC) < 0) {
		log_warn("scan");
		scan_reply_drop(d);
		return;
	}
	/* the camera's files, which the privileged parent may open */
	priv_files_prefetch();
	sandbox_report_clear(d->scan_report);
	if ((pid = fork()) < 0) {
		log_warn("scan");
		priv_files_release();
		close(fds[0]);
		close(fds[1]);
		scan_reply_drop(d);
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		scan_child_main(d, fds[1]);
	}
	priv_files_release();
	close(fds[1]);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	d->scan_pid = pid;
	d->scan_fd = fds[0];
	d->reply_got = 0;
	if (loop_fd_add(d->loop, fds[0], POLLIN, scan_readable, d) < 0) {
		log_warn("scan");
		kill(pid, SIGKILL);
		close(fds[0]);
		waitpid(pid, NULL, 0);
		d->scan_pid = 0;
		scan_reply_drop(d);
		return;
	}
	d->scan_started_ms = loop_now_ms(d->loop);
	d->scan_budget_ms = (uint64_t)d->view.conf->camera.timeout_ms *
	    SCAN_IO_TIMEOUTS;
	scan_deadline_arm(d, d->scan_budget_ms);
}

/* The IDS service tells of a decision: pass it to every other service. */
static void
broadcast_decision(struct daemon_view *v, const struct ids_decision *dec,
    int64_t until_epoch)
{
	struct daemon *d = v->rescan_arg;
	size_t i;

	for (i = 0; services[i]; i++)
		if (d->svc[i] && services[i]->decision)
			services[i]->decision(d->svc[i], v, dec, until_epoch);
}

/* An operator's command was carried out: every service hears of it. */
static void
broadcast_audit(struct daemon_view *v, const char *who, const char *what,
    const char *result)
{
	struct daemon *d = v->rescan_arg;
	size_t i;

	for (i = 0; services[i]; i++)
		if (d->svc[i] && services[i]->audit)
			services[i]->audit(d->svc[i], v, who, what, result);
}

void
daemon_audit(struct daemon *d, const char *who, const char *what,
    const char *result)
{
	if (d)
		broadcast_audit(&d->view, who, what, result);
}

static void
scan_due(void *arg)
{
	struct daemon *d = arg;

	d->scan_timer = 0;
	scan_now(d);
	scan_arm(d, (uint64_t)d->view.conf->checks.interval_s * 1000);
}

/* A scan at once, unless one was asked for DAEMON_RESCAN_MIN_MS ago. */
static bool
rescan_ask(struct daemon *d)
{
	uint64_t now = loop_now_ms(d->loop);

	if (d->last_requested_ms &&
	    now - d->last_requested_ms < DAEMON_RESCAN_MIN_MS) {
		log_debug("rescan request ignored: one per %d s",
		    DAEMON_RESCAN_MIN_MS / 1000);
		return false;
	}
	d->last_requested_ms = now;
	scan_arm(d, 0);
	return true;
}

static void
rescan_requested(void *arg)
{
	rescan_ask(arg);
}

/* ---- operators and shared bans (issue 16) ------------------------------ */

/* The running instance of a service, or NULL. */
static void *
svc_of(const struct daemon *d, const struct service_ops *ops)
{
	size_t i;

	for (i = 0; services[i]; i++)
		if (services[i] == ops)
			return d->svc[i];
	return NULL;
}

static void
daemon_command(struct daemon_view *v, const struct cmd_req *rq,
    struct cmd_out *o)
{
	struct daemon *d = v->rescan_arg;
	void *ids = svc_of(d, &ids_service);

	o->ok = true;
	o->error[0] = '\0';
	switch (rq->verb) {
	case CMD_RESCAN:
		if (!rescan_ask(d)) {
			o->ok = false;
			snprintf(o->error, sizeof(o->error), "a rescan was "
			    "asked for less than %d s ago",
			    DAEMON_RESCAN_MIN_MS / 1000);
		}
		return;
	case CMD_LIST:
	case CMD_BLOCK:
	case CMD_UNBLOCK:
	case CMD_FLUSH:
		if (ids) {
			ids_service_command(ids, rq, o);
			return;
		}
		snprintf(o->error, sizeof(o->error), "the IDS is off here "
		    "(ids.enabled is false)");
		break;
	default:
		snprintf(o->error, sizeof(o->error), "%s is not taken here",
		    cmd_verb_name(rq->verb));
	}
	o->ok = false;
}

static size_t
daemon_ids_list(const struct daemon_view *v, ids_list_fn fn, void *arg,
    size_t max)
{
	void *ids = svc_of(v->rescan_arg, &ids_service);

	return ids ? ids_service_list(ids, fn, arg, max) : 0;
}

static void
daemon_shared(struct daemon_view *v, const struct ids_shared_msg *m)
{
	void *ids = svc_of(v->rescan_arg, &ids_service);

	if (ids)
		ids_service_shared(ids, m);
	else
		v->shared_st.refused += m->n;
}

void
daemon_control(struct daemon *d, int fd)
{
	if (fd >= 0 && !(d->control = control_start(d->loop, &d->view, fd)))
		log_warnx("control socket: not served");
}

static int
load_policy(struct policy *p, const struct conf *c)
{
	char *out = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&out, &sz);
	int rc;

	if (!f)
		return -1;
	rc = policy_load(p, c->checks.policy_file, f);
	fclose(f);
	log_warnx_lines(out);
	free(out);
	return rc;
}

static void
services_start(struct daemon *d)
{
	size_t i;

	for (i = 0; services[i]; i++) {
		d->svc[i] = NULL;
		if (!services[i]->enabled(&d->view))
			continue;
		if (!(d->svc[i] = services[i]->start(d->loop, &d->view)))
			log_warnx("%s: not started", services[i]->name);
	}
}

static struct daemon *
daemon_alloc(void)
{
	struct daemon *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->policy = calloc(1, sizeof(*d->policy));
	d->dump = calloc(1, sizeof(*d->dump));
	d->cfg = calloc(1, sizeof(*d->cfg));
	d->scans[0] = calloc(1, sizeof(*d->scans[0]));
	d->scans[1] = calloc(1, sizeof(*d->scans[1]));
	d->scan_fd = -1;
	if (!d->policy || !d->dump || !d->cfg || !d->scans[0] ||
	    !d->scans[1]) {
		daemon_stop(d);
		return NULL;
	}
	return d;
}

struct daemon *
daemon_start(struct loop *loop, const struct conf *conf,
    const struct fw_ops *fw_proxy, int *config_error)
{
	struct daemon *d = daemon_alloc();

	*config_error = 0;
	if (!d) {
		log_warn("daemon");
		return NULL;
	}
	d->loop = loop;
	d->view.conf = conf;
	d->view.started = time(NULL);
	d->view.rescan = rescan_requested;
	d->view.rescan_arg = d;
	d->view.decision = broadcast_decision;
	d->view.command = daemon_command;
	d->view.ids_list = daemon_ids_list;
	d->view.shared = daemon_shared;
	d->view.audit = broadcast_audit;
	d->view.fw_proxy = fw_proxy;
	d->view.ids_sources_readable = -1;
	d->view.ids_enabled = conf->ids.enabled;
	d->view.mqtt_enabled = conf->mqtt.enabled;
	/* scans run sandboxed as the worker does; a reload changes neither */
	d->sandbox = conf->run.sandbox;
	if (d->sandbox)
		d->scan_report = sandbox_report_new();
	pw_cache_init(&d->pw);
	if (load_policy(d->policy, conf) < 0) {
		*config_error = 1;
		daemon_stop(d);
		return NULL;
	}
	d->view.policy = d->policy;
	/*
	 * Blocks cover the camera's web ports unless ids.ports names them,
	 * and camera-acl blocks only work while the camera's IP access
	 * control is on: only then read the camera before the first scan
	 * (which reads it again, in its child).
	 */
	if (conf->ids.enabled && conf->ids.block &&
	    conf->ids.block_backend != CONF_FW_NONE &&
	    (conf->ids.n_ports == 0 ||
	    conf->ids.block_backend == CONF_FW_CAMERA_ACL) &&
	    scan_read_camera(d) == 0)
		d->view.cfg = d->cfg;
	services_start(d);
	scan_arm(d, 0);
	return d;
}

int
daemon_apply(struct daemon *d, const struct conf *conf)
{
	struct policy *fresh = calloc(1, sizeof(*fresh));
	size_t i;

	if (!fresh || load_policy(fresh, conf) < 0) {
		free(fresh);
		return -1;
	}
	chk_scan_rebind(d->scans[0], fresh);
	chk_scan_rebind(d->scans[1], fresh);
	free(d->policy);
	d->policy = fresh;
	d->view.policy = fresh;
	d->view.conf = conf;
	for (i = 0; services[i]; i++) {
		if (d->svc[i] && services[i]->apply &&
		    services[i]->apply(d->svc[i], &d->view) < 0)
			log_warnx("%s: keeps its previous settings",
			    services[i]->name);
	}
	/* a new policy or camera source deserves a fresh scan now */
	scan_arm(d, 0);
	log_info("scan every %lld s", conf->checks.interval_s);
	return 0;
}

void
daemon_rescan(struct daemon *d)
{
	scan_arm(d, 0);
}

void
daemon_stop(struct daemon *d)
{
	size_t i;

	if (!d)
		return;
	control_stop(d->control);
	d->control = NULL;
	for (i = 0; services[i]; i++)
		if (d->svc[i] && services[i]->stop)
			services[i]->stop(d->svc[i], &d->view);
	if (d->loop)
		loop_timer_cancel(d->loop, d->scan_timer);
	if (d->scan_pid > 0) {
		kill(d->scan_pid, SIGKILL);
		scan_reap(d);
	}
	sandbox_report_free(d->scan_report);
	free(d->reply);
	free(d->policy);
	free(d->dump);
	free(d->cfg);
	free(d->scans[0]);
	free(d->scans[1]);
	free(d);
}
