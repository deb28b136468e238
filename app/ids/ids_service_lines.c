/*
 * ids_service_lines.c - the IDS service's pipeline: the sources it
 * follows (platform/tail.c), each log line through the parser to the
 * detector, and each decision of the detector to the firewall (through
 * ids_enforce) and to the daemon, which passes it to the other services.
 *
 * Only real blocks are blocks (issue 14): an alarm that comes with a new
 * block waits for the firewall's answer, so "blocked" is true only when
 * it took the block.  Above ids_service_cmd.c, ids_service_state.c
 * (each block or release is saved, a released block's note goes) and
 * ids_service_base.c; ids_service.c opens and closes the sources.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/addr.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/readfile.h"
#include "core/service.h"
#include "ids/ids.h"
#include "ids/ids_enforce.h"
#include "ids/ids_fleet.h"
#include "ids/ids_service_int.h"
#include "platform/tail.h"

/* The held alarm goes out, "blocked" as the firewall answered. */
static void
held_flush(struct ids_service *s)
{
	if (!s->have_held)
		return;
	s->have_held = false;
	if (s->view->decision)
		s->view->decision(s->view, &s->held, s->held_until);
}

void
ids_service_on_decision(const struct ids_decision *d, void *arg)
{
	struct ids_service *s = arg;
	int64_t until = ids_service_epoch(d->until);
	char net[ADDR_STR_MAX];
	bool answers_held = s->have_held && d->action == IDS_BLOCK &&
	    !memcmp(&d->net, &s->held.net, sizeof(d->net));

	if (s->have_held && !answers_held)
		held_flush(s);
	if (d->action == IDS_BLOCK && s->fleet_up)
		ids_fleet_own_block(&s->fleet, &d->net);
	if (d->action == IDS_RELEASE)
		ids_service_note_drop(s, &d->net);

	addr_format(&d->net, net, sizeof(net));
	if (d->action == IDS_ALARM)
		log_warnx("ids: alarm for %s after %u failures%s", net,
		    d->attempts, d->allowlisted ? " (allowlisted)" : "");
	else
		log_info("ids: %s %s", d->action == IDS_BLOCK ? "block" :
		    "release", net);
	s->fw_rc = 0;
	if (d->action != IDS_ALARM && s->fw_up)
		s->fw_rc = ids_enforce_decision(&s->enforce, d, until);
	s->fw_failed += s->fw_rc < 0;
	ids_service_refresh(s);
	if (d->action == IDS_ALARM && d->blocked) {
		/* its block comes next: wait for the firewall's answer */
		s->held = *d;
		s->held_until = until;
		s->have_held = true;
		return;
	}
	if (answers_held) {
		s->held.blocked = s->fw_rc == 0;
		held_flush(s);
	}
	if (s->view->decision)
		s->view->decision(s->view, d, until);
	if (d->action != IDS_ALARM && !s->bulk)	/* a flush saves once */
		ids_service_state_save(s);
}

static void
on_line(const char *line, size_t len, void *arg)
{
	struct ids_source *src = arg;
	struct ids_service *s = src->svc;
	struct ids_event ev;
	int rc;

	src->last_line = (int64_t)time(NULL);
	rc = ids_parse(src->format, line, len, &ev);
	if (rc == IDS_E_TOO_LONG)
		s->too_long++;
	else if (rc < 0)
		s->malformed++;
	if (rc != IDS_EVENT)
		return;
	ids_detect_event(s->detect, &ev, ids_service_mono());
	held_flush(s);	/* an alarm of a source blocked before */
	ids_service_refresh(s);
	ids_service_tick_arm(s);
}

static void
on_tail_error(const char *path, int errnum, void *arg)
{
	char safe[LOG_FIELD_MAX * 4 + 4];

	(void)arg;
	log_warnx("ids: %s: %s", log_escape(safe, sizeof(safe), path,
	    strlen(path)), readfile_strerror(errnum));
}

void
ids_service_sources_close(struct ids_service *s)
{
	for (size_t i = 0; i < s->n_sources; i++)
		tail_close(s->sources[i].tail);
	s->n_sources = 0;
}

void
ids_service_sources_open(struct ids_service *s, const struct conf *c)
{
	struct ids_source *src;

	for (size_t i = 0; i < c->ids.n_sources; i++) {
		src = &s->sources[s->n_sources++];
		src->svc = s;
		src->format = (enum ids_format)c->ids.sources[i].format;
		snprintf(src->path, sizeof(src->path), "%s",
		    c->ids.sources[i].path);
		src->tail = tail_open(s->loop, src->path, TAIL_FROM_END,
		    on_line, on_tail_error, src);
		if (!src->tail)
			log_warnx("ids: cannot follow %s", src->path);
	}
}

/* Whether a reload leaves the sources as they are (no reopening). */
bool
ids_service_sources_same(const struct ids_service *s, const struct conf *c)
{
	if (s->n_sources != c->ids.n_sources)
		return false;
	for (size_t i = 0; i < s->n_sources; i++)
		if (strcmp(s->sources[i].path, c->ids.sources[i].path) ||
		    s->sources[i].format !=
		    (enum ids_format)c->ids.sources[i].format)
			return false;
	return true;
}
