/*
 * mqtt_driver.c - run the MQTT service (app/mqtt/mqtt.c) in a loop with the
 * real intrusion detector (app/ids/ids_detect.c) and feed it failed logins
 * from a test script, one command per line on stdin:
 *
 *	fail ADDR N [USER]	N authentication failures from ADDR, now
 *	tick			expire blocks and idle counters
 *
 * Decisions go to mqtt_service.decision() exactly as the daemon passes
 * them (until as epoch seconds); each command is answered on stdout with
 * "ok SEQ" once processed.  SIGTERM and SIGINT stop the loop and the
 * service (offline, flush).  Built by tests/integration/mqtt.sh and
 * tests/bench/mqtt.sh against build/libcamguard.a; not part of camguard
 * (no hidden subcommand).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/conf.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/service.h"
#include "ids/ids.h"
#include "mqtt/mqtt.h"

struct driver {
	struct loop		*loop;
	struct daemon_view	 view;
	struct ids_detect	*detect;
	void			*svc;
	char			 in[4096];
	size_t			 inlen;
	unsigned		 seq;
};

static int64_t
mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

static void
decided(const struct ids_decision *d, void *arg)
{
	struct driver *drv = arg;
	int64_t until = d->until ? d->until - mono_s() + time(NULL) : 0;

	mqtt_service.decision(drv->svc, &drv->view, d, until);
}

static void
rescan(void *arg)
{
	(void)arg;
	log_info("driver: rescan requested through the view");
}

static void
fail(struct driver *drv, const char *ip, long n, const char *user)
{
	struct ids_event ev = { .kind = IDS_AUTH_FAILURE };
	long i;

	if (addr_parse_ip(ip, strlen(ip), &ev.addr) < 0) {
		log_warnx("driver: bad address %s", ip);
		return;
	}
	if (user) {
		ev.has_user = true;
		snprintf(ev.user, sizeof(ev.user), "%s", user);
	}
	for (i = 0; i < n; i++) {
		ev.ts = time(NULL);
		ids_detect_event(drv->detect, &ev, mono_s());
	}
}

static void
command(struct driver *drv, char *line)
{
	char *verb = strtok(line, " "), *a = strtok(NULL, " "),
	    *b = strtok(NULL, " "), *c = strtok(NULL, " ");

	if (verb && strcmp(verb, "fail") == 0 && a && b)
		fail(drv, a, strtol(b, NULL, 10), c);
	else if (verb && strcmp(verb, "tick") == 0)
		ids_detect_tick(drv->detect, mono_s());
	printf("ok %u\n", ++drv->seq);
	fflush(stdout);
}

static void
on_stdin(int fd, short revents, void *arg)
{
	struct driver *drv = arg;
	ssize_t n;
	char *nl;

	(void)revents;
	n = read(fd, drv->in + drv->inlen, sizeof(drv->in) - drv->inlen - 1);
	if (n <= 0) {
		loop_fd_del(drv->loop, fd);
		return;
	}
	drv->inlen += (size_t)n;
	drv->in[drv->inlen] = '\0';
	while ((nl = strchr(drv->in, '\n'))) {
		*nl = '\0';
		command(drv, drv->in);
		drv->inlen -= (size_t)(nl + 1 - drv->in);
		memmove(drv->in, nl + 1, drv->inlen + 1);
	}
}

static void
on_stop(int signo, void *arg)
{
	(void)signo;
	loop_stop(((struct driver *)arg)->loop);
}

int
main(int argc, char **argv)
{
	static struct conf conf;
	static struct driver drv;
	struct ids_rules rules;

	if (argc != 2 || conf_load(&conf, argv[1], stderr) < 0)
		return 64;
	log_init(1, 1, "mqtt_driver");
	signal(SIGPIPE, SIG_IGN);
	drv.loop = loop_new();
	ids_rules_from_conf(&conf, &rules);
	drv.detect = ids_detect_new(&rules, decided, &drv);
	drv.view = (struct daemon_view){ .started = time(NULL), .conf = &conf,
		.detect = drv.detect, .mqtt_enabled = true, .rescan = rescan };
	if (!drv.loop || !drv.detect ||
	    loop_signal(drv.loop, SIGTERM, on_stop, &drv) < 0 ||
	    loop_signal(drv.loop, SIGINT, on_stop, &drv) < 0 ||
	    loop_fd_add(drv.loop, 0, POLLIN, on_stdin, &drv) < 0 ||
	    !(drv.svc = mqtt_service.start(drv.loop, &drv.view)))
		return 2;
	loop_run(drv.loop);
	mqtt_service.stop(drv.svc, &drv.view);
	ids_detect_free(drv.detect);
	loop_free(drv.loop);
	return 0;
}
