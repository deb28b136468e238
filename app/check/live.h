/*
 * live.h - a live scan's probes: where they go and what they look for.
 *
 * live_target() turns camguard.json (camera.url's host, camera.ca_file,
 * camera.timeout_ms, camera.proc_root), the camera's configuration and
 * the policy's port roles into a probe target (spec section 5: HTTP on
 * the first of the "http_ports" role when "http" is 1, HTTPS on
 * "https_port" when "https" is 1, RTSP on "rtsp_port"; empty values take
 * the policy's defaults, then 80, 443, 554).  live_probe() runs the
 * probes; the live evaluators (check_live.c) read the result through
 * chk_env.live.
 */
#ifndef CAMGUARD_LIVE_H
#define CAMGUARD_LIVE_H

#include <stdbool.h>
#include <stdio.h>

#include "check/check.h"
#include "platform/probe.h"

struct conf;

/*
 * Whether url names loopback (camguard runs on the camera).  A URL that
 * does not parse is not local.
 */
bool	live_url_local(const char *url);
/* Fill *t; -1 after a message on errf when url gives no host. */
int	live_target(const struct chk_env *, const struct conf *,
	    const char *url, struct probe_target *t, FILE *errf);
/*
 * Probe the camera at url's host: out, or NULL after a message on errf
 * (then the scan has no live evidence).
 */
const struct probe *live_probe(const struct chk_env *, const struct conf *,
	    const char *url, struct probe *out, FILE *errf);
/*
 * For one-shot `check`: how many ids.sources this process can read, -1
 * when the IDS is off (the daemon knows this from its tailers instead).
 */
int	live_ids_readable(const struct conf *);

#endif
