/*
 * cli_stubs.c - subcommands not built yet; each says so and exits 64.
 * Removed one by one as the subcommands land.
 */
#include <stdio.h>

#include "cli.h"
#include "exitcode.h"

static int
not_yet(const char *name)
{
	fprintf(stderr, "camguard %s: not available in this build\n", name);
	return EXIT_USAGE;
}

int cli_check(int argc, char **argv) { (void)argc; (void)argv; return not_yet("check"); }
int cli_ids(int argc, char **argv) { (void)argc; (void)argv; return not_yet("ids"); }
int cli_fleet(int argc, char **argv) { (void)argc; (void)argv; return not_yet("fleet"); }
