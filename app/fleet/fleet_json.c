/*
 * fleet_json.c - /fleet: the rows of the fleet page as JSON, for scripts.
 *
 * {"time", "mqtt_connected", "counts": {state: n} (before the filter),
 * "cameras": [...]} with the cameras in the page's order (worst first,
 * filtered by the same query string).  A camera's members are those of
 * `camguard fleet --format json` (camera, state, score, fail_critical,
 * fail_high, firmware, last_alarm) and the server's own: offline_since
 * (and whether it was seen to happen, offline_since_exact), last_seen,
 * blocked, alarms (received since the server started), version, and
 * ids (running, blocking, sources with path and readable) while an
 * online camera's IDS is on.
 * Unknown values are null.  Pure.
 */
#include "core/json_write.h"
#include "fleet/fleet_docs.h"

static void
opt_int(struct jw *jw, const char *key, bool known, long long v)
{
	if (known)
		jw_int(jw, key, v);
	else
		jw_null(jw, key);
}

static void
summary(struct jw *jw, const struct fleet_cam *c)
{
	if (c->has_summary && c->score_valid)
		jw_double(jw, "score", c->score, 4);
	else
		jw_null(jw, "score");
	opt_int(jw, "fail_critical", c->has_summary, c->fail_critical);
	opt_int(jw, "fail_high", c->has_summary, c->fail_high);
	jw_str(jw, "firmware", c->has_summary && c->firmware[0] ?
	    c->firmware : NULL);
}

static void
ids(struct jw *jw, const struct fleet_ids *h)
{
	size_t i;

	if (!h->present) {
		jw_null(jw, "ids");
		return;
	}
	jw_obj_begin(jw, "ids");
	jw_bool(jw, "running", h->running);
	jw_bool(jw, "blocking", h->running && h->blocking);
	jw_arr_begin(jw, "sources");
	for (i = 0; i < h->n; i++) {
		jw_obj_begin(jw, NULL);
		jw_str(jw, "path", h->src[i].path);
		jw_bool(jw, "readable", h->src[i].readable);
		jw_obj_end(jw);
	}
	jw_arr_end(jw);
	jw_obj_end(jw);
}

static void
camera(struct jw *jw, const struct fleet_row *r, int64_t now)
{
	const struct fleet_entry *e = r->e;
	int64_t alive = e ? fleet_entry_last_alive(e, now) : 0;

	jw_obj_begin(jw, NULL);
	jw_str(jw, "camera", r->id);
	jw_str(jw, "state", fleet_row_state_name(r->state));
	if (!e) {
		jw_obj_end(jw);
		return;
	}
	summary(jw, &e->cam);
	opt_int(jw, "offline_since", e->offline_since != 0, e->offline_since);
	jw_bool(jw, "offline_since_exact", e->offline_since &&
	    e->offline_exact);
	opt_int(jw, "last_seen", alive != 0, alive);
	opt_int(jw, "blocked", e->has_blocked, e->blocked);
	jw_int(jw, "alarms", (long long)e->alarms);
	if (e->cam.has_alarm) {
		jw_obj_begin(jw, "last_alarm");
		jw_str(jw, "ip", e->cam.alarm_ip);
		jw_int(jw, "time", e->cam.alarm_time);
		jw_obj_end(jw);
	} else {
		jw_null(jw, "last_alarm");
	}
	jw_str(jw, "version", e->cam.version[0] ? e->cam.version : NULL);
	ids(jw, &e->ids);
	jw_obj_end(jw);
}

int
fleet_json(char *buf, size_t cap, const struct fleet_doc_in *in)
{
	struct jw jw;
	size_t i;
	int s;

	jw_init(&jw, buf, cap);
	jw_obj_begin(&jw, NULL);
	jw_int(&jw, "time", in->now);
	jw_bool(&jw, "mqtt_connected", in->connected);
	jw_obj_begin(&jw, "counts");
	for (s = 0; s < FLEET_ROW_STATES; s++)
		jw_int(&jw, fleet_row_state_name(s), (long long)in->counts[s]);
	jw_obj_end(&jw);
	jw_arr_begin(&jw, "cameras");
	for (i = 0; i < in->n_rows; i++)
		camera(&jw, &in->rows[i], in->now);
	jw_arr_end(&jw);
	jw_obj_end(&jw);
	return jw_finish(&jw);
}
