/*
 * daemon.c - the capabilities of `camguard run`, wired to the loop.
 *
 * Owns the scan schedule: a scan at start, then every checks.interval_s,
 * and on daemon_rescan() (SIGUSR1).  A reload re-arms the schedule with
 * the new interval.
 */
#include <stdlib.h>

#include "conf.h"
#include "daemon.h"
#include "log.h"
#include "loop.h"

struct daemon {
	struct loop		*loop;
	const struct conf	*conf;
	int64_t			 scan_timer;
	unsigned long		 scans;
};

static void	scan_due(void *);

static void
scan_arm(struct daemon *d, uint64_t delay_ms)
{
	loop_timer_cancel(d->loop, d->scan_timer);
	d->scan_timer = loop_timer_add(d->loop, delay_ms, scan_due, d);
	if (d->scan_timer < 0)
		log_warn("scan timer");
}

static void
scan_due(void *arg)
{
	struct daemon *d = arg;

	d->scan_timer = 0;
	d->scans++;
	log_info("scan %lu", d->scans);
	scan_arm(d, (uint64_t)d->conf->checks.interval_s * 1000);
}

struct daemon *
daemon_start(struct loop *loop, const struct conf *conf)
{
	struct daemon *d = calloc(1, sizeof(*d));

	if (!d) {
		log_warn("daemon");
		return NULL;
	}
	d->loop = loop;
	d->conf = conf;
	scan_arm(d, 0);
	return d;
}

int
daemon_apply(struct daemon *d, const struct conf *conf)
{
	d->conf = conf;
	scan_arm(d, (uint64_t)conf->checks.interval_s * 1000);
	log_info("scan every %lld s", conf->checks.interval_s);
	return 0;
}

void
daemon_rescan(struct daemon *d)
{
	scan_arm(d, 0);
}

void
daemon_stop(struct daemon *d)
{
	if (!d)
		return;
	loop_timer_cancel(d->loop, d->scan_timer);
	free(d);
}
