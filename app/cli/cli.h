/*
 * cli.h - one entry point per subcommand; main.c dispatches to them.
 * Each takes the arguments after the subcommand name (argv[0] is the
 * subcommand) and returns an exit code of exitcode.h.
 */
#ifndef CAMGUARD_CLI_H
#define CAMGUARD_CLI_H

#include <stdio.h>

int	cli_check(int argc, char **argv);
int	cli_ids(int argc, char **argv);
int	cli_ids_replay(int argc, char **argv);	/* `ids replay` */
int	cli_run(int argc, char **argv);
int	cli_fleet(int argc, char **argv);
int	cli_config_test(int argc, char **argv);
int	cli_version(int argc, char **argv);

struct conf;
/*
 * What a valid file asks that this build cannot do (a firewall backend
 * left out of a camera build): one "path: message" line each to errf.
 * Returns 0 or -1.
 */
int	cli_conf_check_build(const struct conf *, const char *path, FILE *errf);

/* True when argv holds -h or --help; prints usage to stdout then. */
int	cli_wants_help(int argc, char **argv, const char *usage);

#endif
