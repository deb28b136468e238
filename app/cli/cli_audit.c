/*
 * cli_audit.c - `camguard audit`: every camera of a site, read through
 * its Remote Configuration API and probed from here, at most --jobs at
 * once; each camera's report in every format and a site index.
 *
 * Owns the cameras file (camlist_parse.c reads it; relative paths in it
 * are taken from its folder), the jobs (one child process per camera,
 * which scans, writes that camera's reports and sends an audit_result
 * back through a pipe), the deadline after which a child is ended, and
 * the exit status: 2 when a camera could not be read, else 1 when a
 * check failed, else 0.  A camera that cannot be read is listed with
 * its reason, never dropped.  Every scan is a remote audit (cli_scan.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "check/policy.h"
#include "cli/cli.h"
#include "cli/cli_scan.h"
#include "core/conf.h"
#include "core/exitcode.h"
#include "core/readfile.h"
#include "report/report.h"

#define AUDIT_JOBS_DEFAULT	4
#define AUDIT_OUT_DEFAULT	"audit"
#define AUDIT_SLACK_MS		5000	/* CPU time a scan may add */
#define AUDIT_POLL_MS		20	/* how often jobs are looked at */

static const char usage[] =
"usage: camguard audit --cameras FILE [--jobs N] [--out DIR] [--lang LANG]\n"
"                      [--site FILE] [-c FILE] [--policy FILE] [--no-probe]\n"
"\n"
"Audit every camera of a site from this machine: read each camera's\n"
"configuration through its Remote Configuration API, probe it, and write\n"
"its report in every format (DIR/ID.html, .md, .json, .txt) and a site\n"
"index (DIR/index.html, index.json, index.txt, the table also on stdout).\n"
"\n"
"  --cameras FILE   CSV: id,url,user,password_file,ca_file (a header line,\n"
"                   '#' comments; paths relative to FILE's folder)\n"
"  --jobs N         cameras audited at once (default 4, at most 64)\n"
"  --out DIR        where the reports go (default ./audit)\n"
"  --lang LANG      en (default: report.lang) or a language of the policy\n"
"  --site FILE      customer, site, engineer, company (JSON)\n"
"  -c FILE          camguard.json: camera.timeout_ms, waivers, report\n"
"  --policy FILE    another policy file (default: built-in)\n"
"  --no-probe       the configuration only, no live probes\n"
"\n"
"Exit: 0 nothing fails, 1 a check fails, 2 a camera could not be read,\n"
"64 usage, 78 bad camguard.json, policy or cameras file.\n";

struct audit_opts {
	const char	*cameras;
	const char	*out;
	const char	*lang;
	const char	*site;
	const char	*conf_path;
	bool		 conf_given;
	const char	*policy;
	long		 jobs;
	bool		 no_probe;
};

struct audit_run {
	struct audit_opts	 o;
	struct conf		 conf;
	struct policy		 policy;
	struct audit_list	 list;
	const char		*lang;
	char			 dir[CONF_PATH_MAX];	/* the cameras file's */
};

struct job {
	pid_t	pid;		/* 0: free */
	int	fd;
	size_t	index;
	int64_t	deadline;	/* monotonic ms */
};

static int
parse_args(int argc, char **argv, struct audit_opts *o)
{
	enum { O_CAMERAS = 256, O_JOBS, O_OUT, O_LANG, O_SITE, O_POLICY,
		O_NOPROBE };
	static const struct option opts[] = {
		{ "cameras", required_argument, NULL, O_CAMERAS },
		{ "jobs", required_argument, NULL, O_JOBS },
		{ "out", required_argument, NULL, O_OUT },
		{ "lang", required_argument, NULL, O_LANG },
		{ "site", required_argument, NULL, O_SITE },
		{ "config", required_argument, NULL, 'c' },
		{ "policy", required_argument, NULL, O_POLICY },
		{ "no-probe", no_argument, NULL, O_NOPROBE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (ch) {
		case O_CAMERAS:
			o->cameras = optarg;
			break;
		case O_JOBS:
			o->jobs = strtol(optarg, &end, 10);
			if (*end || o->jobs < 1 || o->jobs > AUDIT_JOBS_MAX)
				goto usage;
			break;
		case O_OUT:
			o->out = optarg;
			break;
		case O_LANG:
			o->lang = optarg;
			break;
		case O_SITE:
			o->site = optarg;
			break;
		case 'c':
			o->conf_path = optarg;
			o->conf_given = true;
			break;
		case O_POLICY:
			o->policy = optarg;
			break;
		case O_NOPROBE:
			o->no_probe = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			goto usage;
		}
	}
	if (optind == argc && o->cameras)
		return -1;
usage:
	fputs(usage, stderr);
	return EXIT_USAGE;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- setting up --------------------------------------------------------- */

static int
load_cameras(struct audit_run *a)
{
	char *buf = malloc(CAMLIST_FILE_MAX + 1);
	const char *slash;
	unsigned line;
	size_t len;
	int rc = EXIT_CONFIG;

	if (!buf) {
		perror("camguard");
		return EXIT_NOWORK;
	}
	if (readfile(a->o.cameras, buf, CAMLIST_FILE_MAX, &len, stderr) < 0) {
		free(buf);
		return EXIT_CONFIG;
	}
	if ((rc = camlist_parse(buf, len, &a->list, &line)) != CAMLIST_OK)
		fprintf(stderr, "%s:%u: %s\n", a->o.cameras, line,
		    camlist_strerror(rc));
	free(buf);
	slash = strrchr(a->o.cameras, '/');
	snprintf(a->dir, sizeof(a->dir), "%.*s", slash ? (int)(slash -
	    a->o.cameras) : 1, slash ? a->o.cameras : ".");
	return rc == CAMLIST_OK ? EXIT_OK : EXIT_CONFIG;
}

static int
setup(struct audit_run *a)
{
	int rc;

	conf_defaults(&a->conf);
	if ((a->o.conf_given || access(a->o.conf_path, F_OK) == 0) &&
	    conf_load(&a->conf, a->o.conf_path, stderr) < 0)
		return EXIT_CONFIG;
	if (a->o.site && conf_load_site(&a->conf.report, a->o.site,
	    stderr) < 0)
		return EXIT_CONFIG;
	if (policy_load(&a->policy, a->o.policy ? a->o.policy :
	    a->conf.checks.policy_file, stderr) < 0)
		return EXIT_CONFIG;
	a->lang = a->o.lang ? a->o.lang : a->conf.report.lang;
	if (!policy_lang_known(&a->policy, a->lang)) {
		fprintf(stderr, "camguard: the policy has no language "
		    "\"%s\"\n", a->lang);
		return a->o.lang ? EXIT_USAGE : EXIT_CONFIG;
	}
	if ((rc = load_cameras(a)) != EXIT_OK)
		return rc;
	if (mkdir(a->o.out, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "camguard: %s: %s\n", a->o.out,
		    strerror(errno));
		return EXIT_NOWORK;
	}
	return EXIT_OK;
}

/* A path of the cameras file: as written when absolute, else from its
 * folder; "" stays "". */
static void
cam_path(const struct audit_run *a, const char *p, char *dst, size_t size)
{
	int n;

	if (!p[0] || p[0] == '/')
		n = snprintf(dst, size, "%s", p);
	else
		n = snprintf(dst, size, "%s/%s", a->dir, p);
	if (n < 0 || (size_t)n >= size)
		dst[0] = '\0';	/* too long: the read fails, saying so */
}

/* ---- one camera, in a child --------------------------------------------- */

static int
write_reports(const struct audit_run *a, const struct cli_scan *r,
    const char *id, char *err, size_t errsz)
{
	struct report_opts ro = { .lang = a->lang, .site = &a->conf.report,
		.address = r->address };
	char path[CONF_PATH_MAX + AUDIT_ID_MAX + 16];
	FILE *f;
	int fmt, bad;

	for (fmt = 0; fmt < REPORT_FORMAT_COUNT; fmt++) {
		snprintf(path, sizeof(path), "%s/%s.%s", a->o.out, id,
		    report_format_ext((enum report_format)fmt));
		if (!(f = fopen(path, "w"))) {
			snprintf(err, errsz, "%.200s: %s", path,
			    strerror(errno));
			return -1;
		}
		bad = report_write(f, (enum report_format)fmt, &r->scan,
		    &r->policy, &ro) < 0;
		if (fclose(f) != 0 || bad) {
			snprintf(err, errsz, "%.200s: write error", path);
			return -1;
		}
	}
	return 0;
}

static void
summarize(const struct cli_scan *r, struct audit_result *res)
{
	const struct chk_record *rec;
	size_t i;

	res->read = true;
	snprintf(res->model, sizeof(res->model), "%s", r->scan.model);
	snprintf(res->firmware, sizeof(res->firmware), "%s", r->scan.firmware);
	res->counts = r->scan.counts;
	res->score_valid = r->scan.score_valid;
	res->score = r->scan.score;
	memcpy(res->state_sha256, r->scan.state_sha256,
	    sizeof(res->state_sha256));
	for (i = 0; i < r->scan.n_records && i < CHK_CATALOGUE_MAX; i++) {
		rec = &r->scan.records[i];
		if (rec->result != CHK_FAIL || !rec->pc ||
		    rec->pc->severity > CHK_SEV_HIGH)
			continue;
		snprintf(res->failed[res->n_failed], sizeof(res->failed[0]),
		    "%s", rec->def->id);
		res->failed_critical[res->n_failed++] =
		    rec->pc->severity == CHK_SEV_CRITICAL;
	}
}

/* The first line of what the scan wrote to its error stream. */
static void
first_line(const char *text, char *dst, size_t size)
{
	size_t n = text ? strcspn(text, "\n") : 0;

	snprintf(dst, size, "%.*s", (int)n, n ? text : "unknown error");
}

static void
scan_camera(const struct audit_run *a, size_t i, struct audit_result *res)
{
	const struct audit_camera *cam = &a->list.cams[i];
	struct cli_scan_opts so = { .url = cam->url, .no_probe = a->o.no_probe,
		.remote = true };
	struct cli_scan *r = calloc(1, sizeof(*r));
	char *errtext = NULL;
	size_t errlen = 0;
	FILE *ef = open_memstream(&errtext, &errlen);

	if (!r || !ef) {
		snprintf(res->error, sizeof(res->error), "out of memory");
		return;
	}
	r->conf = a->conf;
	r->conf.camera.config_file[0] = '\0';
	snprintf(r->conf.camera.id, sizeof(r->conf.camera.id), "%s", cam->id);
	snprintf(r->conf.camera.url, sizeof(r->conf.camera.url), "%s",
	    cam->url);
	snprintf(r->conf.camera.user, sizeof(r->conf.camera.user), "%s",
	    cam->user);
	cam_path(a, cam->password_file, r->conf.camera.password_file,
	    sizeof(r->conf.camera.password_file));
	cam_path(a, cam->ca_file, r->conf.camera.ca_file,
	    sizeof(r->conf.camera.ca_file));
	memcpy(&r->policy, &a->policy, sizeof(r->policy));
	if (cli_scan_run(r, &so, ef) != EXIT_OK) {
		fclose(ef);
		first_line(errtext, res->error, sizeof(res->error));
	} else {
		fclose(ef);
		summarize(r, res);
		if (write_reports(a, r, cam->id, res->error,
		    sizeof(res->error)) < 0)
			res->read = false;
	}
	free(errtext);
	free(r);
}

/* ---- the jobs ----------------------------------------------------------- */

static int
start_job(const struct audit_run *a, size_t i, struct job *j)
{
	struct audit_result res;
	int fds[2];
	int64_t t0;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL);
	if ((j->pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (j->pid == 0) {
		close(fds[0]);
		signal(SIGPIPE, SIG_IGN);
		memset(&res, 0, sizeof(res));
		res.index = i;
		t0 = now_ms();
		scan_camera(a, i, &res);
		res.elapsed_ms = (long)(now_ms() - t0);
		_exit(write(fds[1], &res, sizeof(res)) == (ssize_t)sizeof(res) ?
		    0 : 1);
	}
	close(fds[1]);
	j->fd = fds[0];
	j->index = i;
	j->deadline = now_ms() + AUDIT_CAMERA_TIMEOUTS *
	    (a->conf.camera.timeout_ms > 0 ? a->conf.camera.timeout_ms : 3000) +
	    AUDIT_SLACK_MS;
	return 0;
}

/* A job that ended (or was ended): its result, or why there is none. */
static void
finish_job(const struct audit_run *a, struct job *j, int status,
    bool killed, struct audit_result *results)
{
	struct audit_result res;
	struct audit_result *out = &results[j->index];
	ssize_t n = read(j->fd, &res, sizeof(res));

	close(j->fd);
	if (n == (ssize_t)sizeof(res) && res.index == j->index) {
		*out = res;
	} else {
		memset(out, 0, sizeof(*out));
		out->index = j->index;
		if (killed)
			snprintf(out->error, sizeof(out->error), "no result "
			    "within %d x camera.timeout_ms (%lld ms)",
			    AUDIT_CAMERA_TIMEOUTS,
			    a->conf.camera.timeout_ms);
		else
			snprintf(out->error, sizeof(out->error), "the scan "
			    "ended without a result (%s %d)",
			    WIFSIGNALED(status) ? "signal" : "exit",
			    WIFSIGNALED(status) ? WTERMSIG(status) :
			    WEXITSTATUS(status));
	}
	fprintf(stderr, "camguard: %s: %s", a->list.cams[j->index].id,
	    !out->read ? "error: " : out->counts.n[CHK_FAIL] ? "fail" :
	    "pass");
	if (!out->read)
		fputs(out->error, stderr);
	else if (out->score_valid)
		fprintf(stderr, ", score %.1f %%", out->score * 100.0);
	fprintf(stderr, " (%ld ms)\n", out->elapsed_ms);
	j->pid = 0;
}

/* Reap ended jobs and end the overdue; the number still running. */
static size_t
tend_jobs(const struct audit_run *a, struct job *jobs, size_t n,
    struct audit_result *results)
{
	size_t i, running = 0;
	int status;
	pid_t p;

	for (i = 0; i < n; i++) {
		if (!jobs[i].pid)
			continue;
		p = waitpid(jobs[i].pid, &status, WNOHANG);
		if (p == jobs[i].pid) {
			finish_job(a, &jobs[i], status, false, results);
		} else if (now_ms() > jobs[i].deadline) {
			kill(jobs[i].pid, SIGKILL);
			waitpid(jobs[i].pid, &status, 0);
			finish_job(a, &jobs[i], status, true, results);
		} else {
			running++;
		}
	}
	return running;
}

static void
run_jobs(const struct audit_run *a, struct audit_result *results)
{
	struct job jobs[AUDIT_JOBS_MAX] = { { 0 } };
	size_t n = (size_t)a->o.jobs, next = 0, running = 0, i;

	while (next < a->list.n || running > 0) {
		for (i = 0; i < n && next < a->list.n; i++) {
			if (jobs[i].pid)
				continue;
			if (start_job(a, next, &jobs[i]) < 0) {
				snprintf(results[next].error,
				    sizeof(results[next].error),
				    "cannot start a scan: %s", strerror(errno));
				results[next].index = next;
				jobs[i].pid = 0;
			}
			next++;
		}
		running = tend_jobs(a, jobs, n, results);
		if (running == n || (next >= a->list.n && running > 0))
			poll(NULL, 0, AUDIT_POLL_MS);
	}
}

/* ---- the index ---------------------------------------------------------- */

static int
write_index(const struct audit_run *a, const struct audit_site *s)
{
	static const enum report_format fmts[] = { REPORT_HTML, REPORT_JSON,
		REPORT_TABLE };
	char path[CONF_PATH_MAX + 32];
	size_t i;
	FILE *f;
	int bad;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		snprintf(path, sizeof(path), "%s/index.%s", a->o.out,
		    report_format_ext(fmts[i]));
		if (!(f = fopen(path, "w"))) {
			fprintf(stderr, "camguard: %s: %s\n", path,
			    strerror(errno));
			return -1;
		}
		bad = report_index(f, fmts[i], s) < 0;
		if (fclose(f) != 0 || bad) {
			fprintf(stderr, "camguard: %s: write error\n", path);
			return -1;
		}
	}
	return report_index(stdout, REPORT_TABLE, s);
}

static int
audit(struct audit_run *a)
{
	struct audit_result *results = calloc(a->list.n, sizeof(*results));
	size_t *order = calloc(a->list.n, sizeof(*order));
	struct audit_site s = { .list = &a->list, .lang = a->lang,
		.site = &a->conf.report, .policy = &a->policy,
		.time = cli_scan_time() };
	int rc = EXIT_NOWORK;

	if (!results || !order) {
		perror("camguard");
		goto out;
	}
	run_jobs(a, results);
	audit_sort(&a->list, results, order);
	s.results = results;
	s.order = order;
	if (write_index(a, &s) == 0)
		rc = audit_exit_code(&a->list, results);
out:
	free(results);
	free(order);
	return rc;
}

int
cli_audit(int argc, char **argv)
{
	struct audit_run *a = calloc(1, sizeof(*a));
	int rc;

	if (!a) {
		perror("camguard");
		return EXIT_NOWORK;
	}
	a->o.conf_path = CONF_DEFAULT_PATH;
	a->o.out = AUDIT_OUT_DEFAULT;
	a->o.jobs = AUDIT_JOBS_DEFAULT;
	if ((rc = parse_args(argc, argv, &a->o)) < 0 &&
	    (rc = setup(a)) == EXIT_OK)
		rc = audit(a);
	free(a);
	return rc;
}
