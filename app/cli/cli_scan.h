/*
 * cli_scan.h - one scan of one camera, shared by `check` and `audit`:
 * read its configuration (a file or the Remote Configuration API), probe
 * it, run the checks.  The caller prints.
 *
 * Where camguard runs decides what may be judged: on the camera (a
 * loopback camera URL) the host probes and the checks about the agent
 * itself apply; from elsewhere (`audit`, `check --remote`, a camera URL
 * that is not loopback) those checks are not_applicable/remote_audit and
 * VG-01 is decided by TCP connects to the camera (spec section 12).
 */
#ifndef CAMGUARD_CLI_SCAN_H
#define CAMGUARD_CLI_SCAN_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "check/camcfg.h"
#include "check/check.h"
#include "check/policy.h"
#include "core/conf.h"
#include "platform/camera.h"
#include "platform/probe.h"

struct cli_scan {
	struct conf		conf;	/* the caller fills it */
	struct policy		policy;	/* the caller loads it */
	struct camera_dump	dump;
	struct camcfg		cfg;
	struct chk_scan		scan;
	struct probe		probe;
	char			address[CONF_PATH_MAX];	/* "" from a file */
	bool			remote;
};

struct cli_scan_opts {
	const char	*camera_config;	/* a file, else camera.config_file,
					   else the API at url */
	const char	*url;		/* NULL: camera.url */
	bool		 no_probe;
	bool		 remote;	/* even with a loopback URL */
};

/* EXIT_OK, or EXIT_NOWORK after one message on errf. */
int	cli_scan_run(struct cli_scan *, const struct cli_scan_opts *,
	    FILE *errf);
/* The time reports are dated and waivers judged at (SOURCE_DATE_EPOCH). */
time_t	cli_scan_time(void);

#endif
