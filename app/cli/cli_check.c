/*
 * cli_check.c - `camguard check`: one scan of the camera, one report.
 *
 * Owns the order of sources (--camera-config, camera.config_file, the
 * camera's Remote Configuration API), the policy choice (--policy,
 * checks.policy_file, the built-in policy) and the exit codes of spec
 * section 2.  Without --no-probe the camera at camera.url (or
 * --camera-url) is probed first (live.c).  The scan itself is chk_run();
 * printing is report_*().
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check/camcfg.h"
#include "check/check.h"
#include "check/live.h"
#include "check/policy.h"
#include "cli/cli.h"
#include "core/conf.h"
#include "core/exitcode.h"
#include "platform/camera.h"
#include "report/report.h"

static const char usage[] =
"usage: camguard check [-c FILE] [--camera-config FILE] [--camera-url URL]\n"
"                      [--no-probe] [--policy FILE]\n"
"                      [--format table|json|markdown] [--strict]\n"
"\n"
"Check the camera's configuration against the MOBOTIX Cyber Protection\n"
"Guide and the VMS hardening guide, and print a report.\n"
"\n"
"  -c, --config FILE      camguard.json (default " CONF_DEFAULT_PATH
" when present)\n"
"  --camera-config FILE   read the camera configuration from FILE\n"
"  --camera-url URL       read it from the camera at URL (Remote\n"
"                         Configuration API; credentials from camera.user\n"
"                         and camera.password_file)\n"
"  --no-probe             no live probes of the camera's services\n"
"  --policy FILE          another policy file (default: built-in)\n"
"  --format FMT           table (default), json or markdown\n"
"  --strict               an error result counts as a failure\n"
"\n"
"Exit: 0 no failing check, 1 a failing check, 2 camera configuration\n"
"unreadable or malformed, 64 usage, 78 bad camguard.json or policy.\n";

enum fmt { FMT_TABLE, FMT_JSON, FMT_MARKDOWN };

struct check_opts {
	const char	*conf_path;
	bool		 conf_given;
	const char	*camera_config;
	const char	*camera_url;
	const char	*policy;
	bool		 no_probe;
	bool		 strict;
	enum fmt	 format;
};

static int
parse_format(const char *s, enum fmt *f)
{
	if (!strcmp(s, "table"))
		*f = FMT_TABLE;
	else if (!strcmp(s, "json"))
		*f = FMT_JSON;
	else if (!strcmp(s, "markdown"))
		*f = FMT_MARKDOWN;
	else
		return -1;
	return 0;
}

static int
parse_args(int argc, char **argv, struct check_opts *o)
{
	enum { O_CAMCFG = 256, O_URL, O_NOPROBE, O_POLICY, O_FORMAT,
		O_STRICT };
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "camera-config", required_argument, NULL, O_CAMCFG },
		{ "camera-url", required_argument, NULL, O_URL },
		{ "no-probe", no_argument, NULL, O_NOPROBE },
		{ "policy", required_argument, NULL, O_POLICY },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "strict", no_argument, NULL, O_STRICT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->conf_path = optarg;
			o->conf_given = true;
			break;
		case O_CAMCFG:
			o->camera_config = optarg;
			break;
		case O_URL:
			o->camera_url = optarg;
			break;
		case O_NOPROBE:
			o->no_probe = true;
			break;
		case O_POLICY:
			o->policy = optarg;
			break;
		case O_FORMAT:
			if (parse_format(optarg, &o->format) < 0)
				goto usage;
			break;
		case O_STRICT:
			o->strict = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			goto usage;
		}
	}
	if (optind == argc)
		return -1;
usage:
	fputs(usage, stderr);
	return EXIT_USAGE;
}

/* camguard.json: the given file, else the default one when it exists. */
static int
load_conf(const struct check_opts *o, struct conf *c)
{
	if (!o->conf_given && access(o->conf_path, F_OK) != 0) {
		conf_defaults(c);
		return 0;
	}
	return conf_load(c, o->conf_path, stderr);
}

/* The time reports are dated and waivers judged at (reproducible runs). */
static time_t
scan_time(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s && *s) {
		v = strtoll(s, &end, 10);
		if (!*end && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

static int
fetch_camera(const struct check_opts *o, const struct conf *c,
    struct camera_dump *dump)
{
	if (o->camera_config)
		return camera_fetch_file(o->camera_config, dump, stderr);
	if (c->camera.config_file[0])
		return camera_fetch_file(c->camera.config_file, dump, stderr);
	return camera_fetch_api(c, o->camera_url ? o->camera_url :
	    c->camera.url, dump, stderr);
}

static int
print_report(const struct check_opts *o, const struct chk_scan *scan,
    const struct policy *pol)
{
	switch (o->format) {
	case FMT_JSON:
		return report_json(stdout, scan, pol);
	case FMT_MARKDOWN:
		return report_markdown(stdout, scan, pol);
	case FMT_TABLE:
		break;
	}
	return report_table(stdout, scan, pol, report_want_color(stdout));
}

struct check_run {
	struct conf		conf;
	struct policy		policy;
	struct camera_dump	dump;
	struct camcfg		cfg;
	struct chk_scan		scan;
	struct probe		probe;
};

static int
scan_and_report(const struct check_opts *o, struct check_run *r)
{
	struct chk_env env = { .cfg = &r->cfg, .policy = &r->policy,
		.ids_sources_readable = -1 };
	struct camcfg_error err;
	int rc;

	if (fetch_camera(o, &r->conf, &r->dump) < 0)
		return EXIT_NOWORK;
	rc = camcfg_parse(r->dump.buf, r->dump.len, &r->cfg, &err);
	if (rc != CAMCFG_OK) {
		fprintf(stderr, "%s:%u: %s\n", r->dump.name, err.line,
		    camcfg_strerror(rc));
		return EXIT_NOWORK;
	}
	if (!o->no_probe) {
		env.ids_sources_readable = live_ids_readable(&r->conf);
		env.live = live_probe(&env, &r->conf, o->camera_url ?
		    o->camera_url : r->conf.camera.url, &r->probe, stderr);
	}
	chk_run(&env, &r->conf, scan_time(), &r->scan);
	if (!r->scan.camera_id[0] &&
	    gethostname(r->scan.camera_id, sizeof(r->scan.camera_id)) < 0)
		r->scan.camera_id[0] = '\0';
	if (print_report(o, &r->scan, &r->policy) < 0 || fflush(stdout)) {
		perror("camguard: stdout");
		return EXIT_NOWORK;
	}
	return chk_exit_code(&r->scan, o->strict);
}

int
cli_check(int argc, char **argv)
{
	struct check_opts o = { .conf_path = CONF_DEFAULT_PATH };
	struct check_run *r;
	int rc;

	if ((rc = parse_args(argc, argv, &o)) >= 0)
		return rc;
	if (!(r = calloc(1, sizeof(*r)))) {
		perror("camguard");
		return EXIT_NOWORK;
	}
	if (load_conf(&o, &r->conf) < 0)
		rc = EXIT_CONFIG;
	else if (policy_load(&r->policy, o.policy ? o.policy :
	    r->conf.checks.policy_file, stderr) < 0)
		rc = EXIT_CONFIG;
	else
		rc = scan_and_report(&o, r);
	free(r);
	return rc;
}
