/*
 * cli_stubs.c - subcommands not built yet: --help prints their usage
 * (the contract of spec section 2); anything else says so and exits 64.
 * Removed one by one as the subcommands land.
 */
#include <stdio.h>

#include "cli.h"
#include "exitcode.h"

static int
not_yet(int argc, char **argv, const char *usage)
{
	if (cli_wants_help(argc, argv, usage))
		return EXIT_OK;
	fprintf(stderr, "camguard %s: not available in this build\n", argv[0]);
	return EXIT_USAGE;
}

int
cli_fleet(int argc, char **argv)
{
	return not_yet(argc, argv, "usage: camguard fleet [-c CONF] "
	    "[--broker URL] [--format table|json] [--watch]\n");
}
