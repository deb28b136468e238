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
#include "check/policy.h"
#include "cli/cli.h"
#include "cli/cli_scan.h"
#include "core/conf.h"
#include "core/exitcode.h"
#include "platform/camera.h"
#include "report/report.h"

static const char usage[] =
"usage: camguard check [-c FILE] [--camera-config FILE] [--camera-url URL]\n"
"                      [--no-probe] [--policy FILE]\n"
"                      [--format table|json|markdown|html] [--strict]\n"
"                      [--lang fr|en] [--site FILE] [--user U]\n"
"                      [--password-file F] [--ca-file F] [--remote]\n"
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
"  --user U               camera.user for this run\n"
"  --password-file F      camera.password_file for this run\n"
"  --ca-file F            camera.ca_file for this run (HTTPS cameras)\n"
"  --remote               camguard is not on the camera (implied by a\n"
"                         camera URL that is not loopback)\n"
"  --no-probe             no live probes of the camera's services\n"
"  --policy FILE          another policy file (default: built-in)\n"
"  --format FMT           table (default), json, markdown or html (one\n"
"                         printable file for the customer to sign)\n"
"  --lang LANG            report language: en (default: report.lang) or\n"
"                         one of the policy's languages (fr)\n"
"  --site FILE            customer, site, engineer, company (JSON, the\n"
"                         keys of camguard.json's report section)\n"
"  --strict               an error result counts as a failure\n"
"\n"
"Exit: 0 no failing check, 1 a failing check, 2 camera configuration\n"
"unreadable or malformed, 64 usage, 78 bad camguard.json or policy.\n";

struct check_opts {
	const char	*conf_path;
	bool		 conf_given;
	const char	*camera_config;
	const char	*camera_url;
	const char	*policy;
	const char	*lang;
	const char	*site;
	const char	*user;
	const char	*password_file;
	const char	*ca_file;
	bool		 remote;
	bool		 no_probe;
	bool		 strict;
	enum report_format format;
};

static int
parse_args(int argc, char **argv, struct check_opts *o)
{
	enum { O_CAMCFG = 256, O_URL, O_NOPROBE, O_POLICY, O_FORMAT,
		O_STRICT, O_LANG, O_SITE, O_USER, O_PWFILE, O_CAFILE,
		O_REMOTE };
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "camera-config", required_argument, NULL, O_CAMCFG },
		{ "camera-url", required_argument, NULL, O_URL },
		{ "no-probe", no_argument, NULL, O_NOPROBE },
		{ "policy", required_argument, NULL, O_POLICY },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "strict", no_argument, NULL, O_STRICT },
		{ "lang", required_argument, NULL, O_LANG },
		{ "site", required_argument, NULL, O_SITE },
		{ "user", required_argument, NULL, O_USER },
		{ "password-file", required_argument, NULL, O_PWFILE },
		{ "ca-file", required_argument, NULL, O_CAFILE },
		{ "remote", no_argument, NULL, O_REMOTE },
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
			if (report_format_parse(optarg, &o->format) < 0)
				goto usage;
			break;
		case O_STRICT:
			o->strict = true;
			break;
		case O_LANG:
			o->lang = optarg;
			break;
		case O_SITE:
			o->site = optarg;
			break;
		case O_USER:
			o->user = optarg;
			break;
		case O_PWFILE:
			o->password_file = optarg;
			break;
		case O_CAFILE:
			o->ca_file = optarg;
			break;
		case O_REMOTE:
			o->remote = true;
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

/* --site and --lang over camguard.json's report section. */
static int
report_setup(const struct check_opts *o, struct cli_scan *r,
    const char **lang)
{
	*lang = o->lang ? o->lang : r->conf.report.lang;
	if (o->site && conf_load_site(&r->conf.report, o->site, stderr) < 0)
		return EXIT_CONFIG;
	if (policy_lang_known(&r->policy, *lang))
		return EXIT_OK;
	fprintf(stderr, "camguard: %s%s: the policy has no language \"%s\"\n",
	    o->lang ? "--lang" : o->conf_path, o->lang ? "" : ": report.lang",
	    *lang);
	return o->lang ? EXIT_USAGE : EXIT_CONFIG;
}

/* --user, --password-file, --ca-file over camguard.json's camera. */
static void
camera_overrides(const struct check_opts *o, struct conf *c)
{
	if (o->user)
		snprintf(c->camera.user, sizeof(c->camera.user), "%s", o->user);
	if (o->password_file)
		snprintf(c->camera.password_file,
		    sizeof(c->camera.password_file), "%s", o->password_file);
	if (o->ca_file)
		snprintf(c->camera.ca_file, sizeof(c->camera.ca_file), "%s",
		    o->ca_file);
}

static int
scan_and_report(const struct check_opts *o, struct cli_scan *r)
{
	struct cli_scan_opts so = { .camera_config = o->camera_config,
		.url = o->camera_url, .no_probe = o->no_probe,
		.remote = o->remote };
	struct report_opts ro = { .site = &r->conf.report };
	int rc;

	if ((rc = report_setup(o, r, &ro.lang)) != EXIT_OK)
		return rc;
	camera_overrides(o, &r->conf);
	if ((rc = cli_scan_run(r, &so, stderr)) != EXIT_OK)
		return rc;
	ro.address = r->address;
	ro.color = o->format == REPORT_TABLE && report_want_color(stdout);
	if (report_write(stdout, o->format, &r->scan, &r->policy, &ro) < 0 ||
	    fflush(stdout)) {
		perror("camguard: stdout");
		return EXIT_NOWORK;
	}
	return chk_exit_code(&r->scan, o->strict);
}

int
cli_check(int argc, char **argv)
{
	struct check_opts o = { .conf_path = CONF_DEFAULT_PATH };
	struct cli_scan *r;
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
