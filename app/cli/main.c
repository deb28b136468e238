/*
 * main.c - camguard's entry: pick the subcommand and hand over.
 *
 * Owns only dispatch and the top-level usage text; every subcommand parses
 * its own options in its cli_*.c file.
 */
#include <stdio.h>
#include <string.h>

#include "check/check_ids.h"
#include "cli/cli.h"
#include "core/conf.h"
#include "core/exitcode.h"

static const char usage_text[] =
"usage: camguard <command> [options]\n"
"\n"
"commands:\n"
"  check        check the camera's configuration against the guides\n"
"  ids scan     parse a web server log, print authentication failures\n"
"  ids replay   run the intrusion detector over a log\n"
"  run          the daemon: scans, intrusion detection, MQTT, status\n"
"  fleet        show the cameras publishing to an MQTT broker, or serve\n"
"               them over HTTP and to Prometheus (--listen)\n"
"  audit        audit every camera of a site from here, with reports\n"
"  explain      what a check reads, how it decides, how to fix it\n"
"  config-test  validate camguard.json\n"
"  version      print the version\n"
"\n"
"`camguard <command> --help` describes each command; see camguard(8).\n";

static const struct {
	const char *name;
	int (*fn)(int, char **);
} commands[] = {
	{ "check", cli_check },
	{ "ids", cli_ids },
	{ "run", cli_run },
	{ "fleet", cli_fleet },
	{ "config-test", cli_config_test },
	{ "version", cli_version },
	{ "explain", cli_explain },
	{ "audit", cli_audit },
};

int
main(int argc, char **argv)
{
	size_t i;

	conf_set_check_ids(chk_id_known);
	if (argc < 2) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cli_version(1, argv + 1);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "camguard: unknown command '%s'\n\n%s", argv[1],
	    usage_text);
	return EXIT_USAGE;
}
