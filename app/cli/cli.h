/*
 * cli.h - one entry point per subcommand; main.c dispatches to them.
 * Each takes the arguments after the subcommand name (argv[0] is the
 * subcommand) and returns an exit code of exitcode.h.
 */
#ifndef CAMGUARD_CLI_H
#define CAMGUARD_CLI_H

#include <stdbool.h>
#include <stdio.h>

int	cli_check(int argc, char **argv);
int	cli_ids(int argc, char **argv);
int	cli_ids_replay(int argc, char **argv);	/* `ids replay` */
/* `ids list|block|unblock|flush`: the running daemon's control socket */
int	cli_ids_ctl(int argc, char **argv);
int	cli_run(int argc, char **argv);
int	cli_fleet(int argc, char **argv);
/* `fleet --listen`: the fleet server (cli_fleet_serve.c) */
bool	cli_fleet_serve_wanted(int argc, char **argv);
int	cli_fleet_serve(int argc, char **argv);
int	cli_config_test(int argc, char **argv);
int	cli_version(int argc, char **argv);
int	cli_explain(int argc, char **argv);
int	cli_audit(int argc, char **argv);

struct conf;
/*
 * What a valid file asks that this build cannot do (a firewall backend
 * left out of a camera build): one "path: message" line each to errf.
 * Returns 0 or -1.
 */
int	cli_conf_check_build(const struct conf *, const char *path, FILE *errf);

/*
 * What `run` would meet that its configuration file does not show:
 * run.user, a public status endpoint without a token, the camera id, the
 * files and the listener as the worker would see them (after the same
 * privilege drop), expired waivers.  nft_parent: a privileged parent
 * will keep the pid file.  Prints one "path: message" line per problem
 * ("path: warning: ..." for warnings) to errf; returns 0, or the exit
 * code: EXIT_CONFIG, EXIT_NOPERM or EXIT_NOWORK.
 */
/* Blocking with nftables keeps a privileged parent (cli_run.c). */
bool	cli_run_needs_parent(const struct conf *);
int	cli_preflight(const struct conf *, const char *path, bool nft_parent,
	    FILE *errf);

/* True when argv holds -h or --help; prints usage to stdout then. */
int	cli_wants_help(int argc, char **argv, const char *usage);

#endif
