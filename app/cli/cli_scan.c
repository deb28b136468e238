/*
 * cli_scan.c - one scan of one camera for `check` and `audit`
 * (cli_scan.h): the order of configuration sources, whether camguard
 * runs on the camera, the probes, the engine.  Prints nothing but one
 * error message when the camera cannot be read.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/live.h"
#include "cli/cli_scan.h"
#include "core/exitcode.h"

time_t
cli_scan_time(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s && *s) {
		v = strtoll(s, &end, 10);
		if (!*end && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

static int
fetch_camera(struct cli_scan *r, const struct cli_scan_opts *o,
    const char *url, FILE *errf)
{
	if (o->camera_config)
		return camera_fetch_file(o->camera_config, &r->dump, errf);
	if (r->conf.camera.config_file[0])
		return camera_fetch_file(r->conf.camera.config_file, &r->dump,
		    errf);
	snprintf(r->address, sizeof(r->address), "%s", url);
	return camera_fetch_api(&r->conf, url, &r->dump, errf);
}

int
cli_scan_run(struct cli_scan *r, const struct cli_scan_opts *o, FILE *errf)
{
	const char *url = o->url ? o->url : r->conf.camera.url;
	struct chk_env env = { .cfg = &r->cfg, .policy = &r->policy,
		.ids_sources_readable = -1 };
	struct camcfg_error err;
	int rc;

	r->address[0] = '\0';
	r->remote = o->remote || !live_url_local(url);
	env.remote = r->remote;
	if (fetch_camera(r, o, url, errf) < 0)
		return EXIT_NOWORK;
	rc = camcfg_parse(r->dump.buf, r->dump.len, &r->cfg, &err);
	if (rc != CAMCFG_OK) {
		fprintf(errf, "%s:%u: %s\n", r->dump.name, err.line,
		    camcfg_strerror(rc));
		return EXIT_NOWORK;
	}
	if (!o->no_probe) {
		snprintf(r->address, sizeof(r->address), "%s", url);
		if (!r->remote) {
			env.ids_sources_readable = live_ids_readable(&r->conf);
			env.ids_sources_configured =
			    (int)r->conf.ids.n_sources;
		}
		env.live = live_probe(&env, &r->conf, url, &r->probe, errf);
	}
	chk_run(&env, &r->conf, cli_scan_time(), &r->scan);
	if (!r->scan.camera_id[0] &&
	    gethostname(r->scan.camera_id, sizeof(r->scan.camera_id)) < 0)
		r->scan.camera_id[0] = '\0';
	return EXIT_OK;
}
