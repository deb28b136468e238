/*
 * ids_service_base.c - what every part of the IDS service uses, below
 * them all (ids_service_int.h): the two clocks, the daemon view refreshed
 * from the detector, enforcement and sources, and the detector's timer.
 * Live counting uses monotonic seconds; decisions leave the service with
 * wall-clock block ends.
 */
#include <stdint.h>
#include <time.h>

#include "core/loop.h"
#include "core/service.h"
#include "ids/ids.h"
#include "ids/ids_enforce.h"
#include "ids/ids_health.h"
#include "ids/ids_service_int.h"

int64_t
ids_service_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

/* A block end on the detector's monotonic clock, as epoch seconds. */
int64_t
ids_service_epoch(int64_t until_mono)
{
	if (until_mono == 0)
		return 0;
	return (int64_t)time(NULL) + (until_mono - ids_service_mono());
}

void
ids_service_refresh(struct ids_service *s)
{
	struct daemon_view *v = s->view;
	struct ids_enforce_stats es;
	bool changed = v->n_ids_sources != s->n_sources;
	size_t i;

	ids_detect_stats(s->detect, &v->ids);
	ids_enforce_stats(&s->enforce, &es);
	v->ids.refused = es.refused;
	v->ids.state_refused = s->state_refused;
	v->ids.state_unsaved = s->state_unsaved;
	v->ids_sources_readable = 0;
	v->n_ids_sources = s->n_sources;
	for (i = 0; i < s->n_sources; i++) {
		changed |= ids_source_view(s->sources[i].tail,
		    s->sources[i].path, s->sources[i].last_line,
		    &v->ids_sources[i]);
		v->ids_sources_readable += v->ids_sources[i].readable;
	}
	if (changed)
		v->ids_gen++;
}

static void
tick(void *arg)
{
	struct ids_service *s = arg;

	s->tick_timer = 0;
	ids_detect_tick(s->detect, ids_service_mono());
	ids_service_tick_arm(s);
}

/* The detector's next expiry (a block's end, an idle counter) on the loop. */
void
ids_service_tick_arm(struct ids_service *s)
{
	int64_t next = ids_detect_next(s->detect, ids_service_mono());

	loop_timer_cancel(s->loop, s->tick_timer);
	s->tick_timer = 0;
	if (next >= 0)
		s->tick_timer = loop_timer_add(s->loop,
		    (uint64_t)(next + 1) * 1000, tick, s);
}
