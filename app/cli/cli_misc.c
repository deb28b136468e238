/*
 * cli_misc.c - the small subcommands (version) and the shared --help test.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/exitcode.h"

int
cli_wants_help(int argc, char **argv, const char *usage)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return 1;
		}
	}
	return 0;
}

int
cli_version(int argc, char **argv)
{
	static const char usage[] = "usage: camguard version\n"
	    "Print the version of camguard.\n";

	if (cli_wants_help(argc, argv, usage))
		return EXIT_OK;
	if (argc > 1) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	printf("camguard %s\n", CAMGUARD_VERSION);
	return EXIT_OK;
}
