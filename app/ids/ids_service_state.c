/*
 * ids_service_state.c - the IDS service's state file: the blocks, kept
 * across restarts in one boot.  Saved after each block or release (once
 * for a flush), restored at start through the rules a new block must
 * pass, each with its operator's reason (the notes kept here while
 * blocks last).  The file's format is ids_state.c's; this file decides
 * what goes in and what comes back.  Below the service, the lines and the
 * operators, which save and note; above ids_service_base.c only.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/addr.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/service.h"
#include "ids/ids.h"
#include "ids/ids_enforce.h"
#include "ids/ids_service_int.h"
#include "ids/ids_state.h"
#include "proto/priv_policy.h"

/* A block end read back from the state file, on the monotonic clock. */
static int64_t
to_mono(int64_t until_epoch)
{
	int64_t m;

	if (until_epoch == 0)
		return 0;
	m = ids_service_mono() + (until_epoch - (int64_t)time(NULL));
	return m > 0 ? m : 1;
}

/* ---- the operators' reasons ------------------------------------------ */

struct ids_note *
ids_service_note_find(struct ids_service *s, const struct addr_net *net)
{
	size_t i;

	for (i = 0; i < s->n_notes; i++)
		if (!memcmp(&s->notes[i].net, net, sizeof(*net)))
			return &s->notes[i];
	return NULL;
}

void
ids_service_note_drop(struct ids_service *s, const struct addr_net *net)
{
	struct ids_note *n = ids_service_note_find(s, net);

	if (n)
		*n = s->notes[--s->n_notes];
}

/* An operator's reason, kept while the block lasts (the oldest goes). */
void
ids_service_note_set(struct ids_service *s, const struct addr_net *net,
    const char *reason)
{
	struct ids_note *n;

	ids_service_note_drop(s, net);
	if (!reason[0])
		return;
	if (s->n_notes == IDS_NOTES_MAX)
		memmove(&s->notes[0], &s->notes[1],
		    --s->n_notes * sizeof(s->notes[0]));
	n = &s->notes[s->n_notes++];
	n->net = *net;
	snprintf(n->reason, sizeof(n->reason), "%s", reason);
}

/* ---- the state file --------------------------------------------------- */

/* A block and its operator's reason (until the save, which follows). */
static void
collect_block(const struct addr_net *net, int64_t until, void *arg)
{
	struct ids_service *s = arg;
	struct ids_note *n = ids_service_note_find(s, net);

	if (s->n_saved < IDS_BLOCKED_SAVE_MAX) {
		s->saved[s->n_saved].net = *net;
		s->saved[s->n_saved].reason = n ? n->reason : NULL;
		s->saved[s->n_saved].until = ids_service_epoch(until);
		s->n_saved++;
	}
}

/* The blocks into the state file; those past its capacity are counted. */
void
ids_service_state_save(struct ids_service *s)
{
	const char *path = s->view->conf->ids.state_file;
	struct ids_stats st;
	size_t was = s->state_unsaved;

	if (!path[0])
		return;
	s->n_saved = 0;
	ids_detect_blocked(s->detect, collect_block, s, IDS_BLOCKED_SAVE_MAX);
	ids_detect_stats(s->detect, &st);
	s->state_unsaved = st.blocked > s->n_saved ? st.blocked - s->n_saved :
	    0;
	/* said when it starts and when it ends, not at every save */
	if (s->state_unsaved && !was)
		log_warnx("ids: state file %s is full: %zu blocks beyond %d "
		    "are not saved (a restart forgets them)", path,
		    s->state_unsaved, IDS_BLOCKED_SAVE_MAX);
	else if (!s->state_unsaved && was)
		log_info("ids: state file %s holds every block again", path);
	if (ids_state_save(path, s->saved, s->n_saved, time(NULL)) < 0)
		log_warnx("ids: state file %s not saved", path);
}

/*
 * One saved block back to the firewall and the detector.  The detector
 * holds a source by the prefix this configuration counts by (/32, /128,
 * ids.ipv6_prefix): a saved entry of another prefix (a hand-edited /8, an
 * ipv6_prefix changed since) is released instead, so that the firewall
 * holds exactly what /status, MQTT and the state file report.
 */
static void
restore_one(struct ids_service *s, struct ids_decision *d,
    const struct ids_state_entry *e, size_t *dropped)
{
	struct addr_net key;
	char net[ADDR_STR_MAX];

	d->net = e->net;
	ids_detect_key(s->detect, &e->net, &key);
	if (key.prefix != e->net.prefix) {
		addr_format(&e->net, net, sizeof(net));
		log_warnx("ids: %s from the state file is not a /%u source "
		    "as counted now; released, not restored", net,
		    key.prefix);
		d->action = IDS_RELEASE;
		ids_enforce_decision(&s->enforce, d, 0);
		(*dropped)++;
		return;
	}
	d->action = IDS_BLOCK;
	ids_enforce_decision(&s->enforce, d, e->until);
	if (ids_detect_restore(s->detect, &d->net, to_mono(e->until),
	    ids_service_mono()) == 0 && e->reason)
		ids_service_note_set(s, &d->net, e->reason);
}

/*
 * A block from the state file passes the rules a new block must (the
 * file is writable by run.user: it may have been tampered with).
 */
static bool
state_entry_ok(struct ids_service *s, const struct priv_policy *pol,
    const struct addr_net *net, const char *path)
{
	char a[ADDR_STR_MAX];
	const char *why;

	if (priv_policy_block(pol, net, &why) == 0)
		return true;
	s->state_refused++;
	log_warnx("ids: state file %s: block of %s refused: %s", path,
	    addr_format(net, a, sizeof(a)), why);
	return false;
}

/* Blocks of an earlier run of this boot go back to the firewall. */
void
ids_service_state_restore(struct ids_service *s)
{
	const char *path = s->view->conf->ids.state_file;
	struct ids_state_info info;
	struct priv_policy pol;
	struct ids_decision d;
	size_t i, n, dropped = 0;

	if (!path[0])
		return;
	n = ids_state_load(path, time(NULL), s->saved, IDS_BLOCKED_SAVE_MAX,
	    s->saved_why, IDS_NOTES_MAX, &info);
	if (info.other_boot)
		log_info("ids: %s is from another boot; its blocks ended with "
		    "it", path);
	s->state_refused += info.overflow;
	if (n && s->view->ids_blocking != IDS_BLOCKING_ON) {
		log_warnx("ids: %zu blocks in %s not restored: blocking is %s",
		    n, path, ids_blocking_name(s->view->ids_blocking));
		return;
	}
	priv_policy_from_conf(&pol, s->view->conf);
	memset(&d, 0, sizeof(d));
	for (i = 0; i < n; i++) {
		if (state_entry_ok(s, &pol, &s->saved[i].net, path)) {
			restore_one(s, &d, &s->saved[i], &dropped);
			continue;
		}
		/* never blocked again, and released wherever it was */
		d.net = s->saved[i].net;
		d.action = IDS_RELEASE;
		ids_enforce_decision(&s->enforce, &d, 0);
		dropped++;
	}
	ids_service_tick_arm(s);
	if (n)
		log_info("ids: %zu blocks restored from %s", n - dropped,
		    path);
	if (dropped)
		ids_service_state_save(s);
}
