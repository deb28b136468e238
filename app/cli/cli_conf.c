/*
 * cli_conf.c - `camguard config-test`: validate camguard.json and what
 * `run` would meet with it (cli_preflight.c), and say so.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/conf.h"
#include "core/exitcode.h"

static const char usage[] =
"usage: camguard config-test -c FILE\n"
"\n"
"Read camguard.json and print \"configuration OK\", or every error as\n"
"FILE:LINE:COLUMN: message (exit 78).  Then check what `camguard run`\n"
"would meet: run.user, a public status endpoint without a token, the\n"
"camera id, every file and the listener as the unprivileged worker sees\n"
"them (exit 77 for permissions, 2 for the rest); expired waivers are\n"
"warnings.  See camguard(8) and camguard.json(5).\n"
"\n"
"  -c, --config FILE   the file to test (default " CONF_DEFAULT_PATH ")\n";

int
cli_config_test(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = CONF_DEFAULT_PATH;
	struct conf *c;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
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
	if (!(c = malloc(sizeof(*c)))) {
		perror("camguard");
		return EXIT_NOWORK;
	}
	rc = conf_load(c, path, stderr);
	if (rc == 0)
		rc = cli_conf_check_build(c, path, stderr);
	if (rc < 0) {
		free(c);
		return EXIT_CONFIG;
	}
	rc = cli_preflight(c, path, cli_run_needs_parent(c), stderr);
	free(c);
	if (rc != 0)
		return rc;
	puts("configuration OK");
	return EXIT_OK;
}
