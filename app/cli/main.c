/*
 * main.c - camguard's entry: pick the subcommand and hand over.
 *
 * Owns only dispatch and the top-level usage text; every subcommand parses
 * its own options in its cli_*.c file.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "check/check_ids.h"
#include "cli/cli.h"
#include "core/conf.h"
#include "core/exitcode.h"

/*
 * Every command camguard has, for the usage text; which of them this build
 * carries is cli_commands[] (chosen at link time).  A camera build leaves
 * out the operator's tools, and names them as such rather than as unknown.
 */
static const struct {
	const char *name;
	const char *help;
} known[] = {
	{ "check", "check the camera's configuration against the guides" },
	{ "ids scan", "parse a web server log, print authentication failures" },
	{ "ids replay", "run the intrusion detector over a log" },
	{ "run", "the daemon: scans, intrusion detection, MQTT, status" },
	{ "fleet", "show the cameras publishing to an MQTT broker, or serve\n"
	    "               them over HTTP and to Prometheus (--listen)" },
	{ "audit", "audit every camera of a site from here, with reports" },
	{ "explain", "what a check reads, how it decides, how to fix it" },
	{ "config-test", "validate camguard.json" },
	{ "version", "print the version" },
};

/* The command NAME (up to a blank: "ids scan" is "ids") in this build. */
static const struct cli_command *
command(const char *name)
{
	const struct cli_command *c;
	size_t n = strcspn(name, " ");

	for (c = cli_commands; c->name; c++)
		if (strlen(c->name) == n && !strncmp(c->name, name, n))
			return c;
	return NULL;
}

static bool
known_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(known[i].name, name))
			return true;
	return false;
}

static void
usage(FILE *f)
{
	bool left_out = false;
	size_t i;

	fputs("usage: camguard <command> [options]\n\ncommands:\n", f);
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (command(known[i].name))
			fprintf(f, "  %-12s %s\n", known[i].name, known[i].help);
		else
			left_out = true;
	}
	if (left_out) {
		fputs("\nnot in this build (a camera build):", f);
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (!command(known[i].name))
				fprintf(f, " %s", known[i].name);
		fputs("\n", f);
	}
	fputs("\n`camguard <command> --help` describes each command; see "
	    "camguard(8).\n", f);
}

int
main(int argc, char **argv)
{
	const struct cli_command *c;

	conf_set_check_ids(chk_id_known);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cli_version(1, argv + 1);
	if (!strchr(argv[1], ' ') && (c = command(argv[1])))
		return c->fn(argc - 1, argv + 1);
	if (known_command(argv[1])) {
		fprintf(stderr, "camguard: '%s' is not in this build: a camera "
		    "build leaves out the operator's tools; run it on an "
		    "operator's machine\n", argv[1]);
		return EXIT_USAGE;
	}
	fprintf(stderr, "camguard: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
