/*
 * siem_event.c - a camguard event as the parameters and text of one RFC
 * 5424 message.
 *
 * Owns the schema a collector sees: the MSGID and severity of each kind,
 * the names of its SD-PARAMs and how values are written (numbers in
 * decimal, times in RFC 3339 UTC, flags as true/false).  The wire form,
 * escaping and the 2048-byte cap are siem_fmt.c's; attacker text (a user
 * name from a log) only ever goes through it as a parameter value.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/addr.h"
#include "siem/siem_event.h"
#include "siem/siem_fmt.h"

#define SIEM_SEV_WARNING	4
#define SIEM_SEV_NOTICE		5
#define SIEM_SEV_INFO		6
#define SIEM_FACILITY_MAX	23
#define SIEM_NUM_MAX		48	/* a number, time or address */
_Static_assert(SIEM_NUM_MAX >= 46, "an address fits (INET6_ADDRSTRLEN)");
#define SIEM_TEXT_MAX		(SIEM_WHAT_MAX + SIEM_RESULT_MAX + \
				 POLICY_TITLE_MAX + 64)

static const char *const msgids[SIEM_EV_COUNT] = {
	[SIEM_EV_ALARM] = "ALARM", [SIEM_EV_BLOCK] = "BLOCK",
	[SIEM_EV_RELEASE] = "RELEASE", [SIEM_EV_CHECK] = "CHECK",
	[SIEM_EV_SCAN] = "SCAN", [SIEM_EV_START] = "START",
	[SIEM_EV_STOP] = "STOP", [SIEM_EV_RELOAD] = "RELOAD",
	[SIEM_EV_COMMAND] = "COMMAND", [SIEM_EV_DROPPED] = "DROPPED",
};

/* The parameters being gathered, with room for the numbers' text. */
struct siem_sd {
	struct siem_param	p[SIEM_PARAMS_MAX];
	char			num[SIEM_PARAMS_MAX][SIEM_NUM_MAX];
	size_t			n;
	char			text[SIEM_TEXT_MAX];
};

const char *
siem_event_msgid(enum siem_kind k)
{
	return (unsigned)k < SIEM_EV_COUNT ? msgids[k] : "-";
}

static bool
result_ok(const char *r)
{
	return strcmp(r, "ok") == 0;
}

unsigned
siem_event_severity(const struct siem_event *e)
{
	switch (e->kind) {
	case SIEM_EV_ALARM:
	case SIEM_EV_DROPPED:
		return SIEM_SEV_WARNING;
	case SIEM_EV_CHECK:
		if (e->u.check.to == CHK_FAIL || e->u.check.to == CHK_ERROR)
			return SIEM_SEV_WARNING;
		return e->u.check.to == CHK_PASS ? SIEM_SEV_NOTICE :
		    SIEM_SEV_INFO;
	case SIEM_EV_RELOAD:
	case SIEM_EV_COMMAND:
		return result_ok(e->u.audit.result) ? SIEM_SEV_NOTICE :
		    SIEM_SEV_WARNING;
	case SIEM_EV_BLOCK:
	case SIEM_EV_START:
	case SIEM_EV_STOP:
		return SIEM_SEV_NOTICE;
	default:
		return SIEM_SEV_INFO;
	}
}

int
siem_event_time(char *out, size_t cap, int64_t epoch)
{
	time_t t = (time_t)epoch;
	struct tm tm;

	if (!gmtime_r(&t, &tm) || strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ",
	    &tm) == 0) {
		snprintf(out, cap, "%lld", (long long)epoch);
		return -1;
	}
	return 0;
}

/* ---- parameters ------------------------------------------------------- */

static void
sd_str(struct siem_sd *sd, const char *name, const char *value)
{
	if (sd->n >= SIEM_PARAMS_MAX)
		return;
	sd->p[sd->n].name = name;
	sd->p[sd->n].value = value;
	sd->p[sd->n].value_len = 0;
	sd->n++;
}

/* A value of our own making, kept in the slot's number buffer. */
static char *
sd_slot(struct siem_sd *sd, const char *name)
{
	if (sd->n >= SIEM_PARAMS_MAX)
		return NULL;
	sd_str(sd, name, sd->num[sd->n]);
	return sd->num[sd->n - 1];
}

static void
sd_u64(struct siem_sd *sd, const char *name, uint64_t v)
{
	char *s = sd_slot(sd, name);

	if (s)
		snprintf(s, SIEM_NUM_MAX, "%llu", (unsigned long long)v);
}

static void
sd_time(struct siem_sd *sd, const char *name, int64_t epoch)
{
	char *s = sd_slot(sd, name);

	if (s)
		siem_event_time(s, SIEM_NUM_MAX, epoch);
}

static void
sd_bool(struct siem_sd *sd, const char *name, bool v)
{
	sd_str(sd, name, v ? "true" : "false");
}

/* ip="ADDR" prefix="N" from the decision's network. */
static void
sd_net(struct siem_sd *sd, const struct addr_net *net)
{
	char *ip = sd_slot(sd, "ip");
	char a[ADDR_STR_MAX];
	size_t n;

	if (!ip)
		return;
	addr_format(net, a, sizeof(a));
	n = strcspn(a, "/");
	if (n >= SIEM_NUM_MAX)
		n = SIEM_NUM_MAX - 1;
	memcpy(ip, a, n);
	ip[n] = '\0';
	sd_u64(sd, "prefix", net->prefix);
}

/* ---- one kind each ---------------------------------------------------- */

static void
put_ids(struct siem_sd *sd, const struct siem_event *e)
{
	const struct ids_decision *d = &e->u.ids.d;
	char a[ADDR_STR_MAX];

	addr_format(&d->net, a, sizeof(a));
	sd_net(sd, &d->net);
	if (e->u.ids.origin[0])
		sd_str(sd, "origin", e->u.ids.origin);
	if (e->kind == SIEM_EV_RELEASE) {
		snprintf(sd->text, sizeof(sd->text), "block of %s ended%s%s", a,
		    e->u.ids.origin[0] ? ", shared by " : "",
		    e->u.ids.origin);
		return;
	}
	if (!e->u.ids.origin[0])	/* a shared block counted none here */
		sd_u64(sd, "attempts", d->attempts);
	if (e->kind == SIEM_EV_ALARM) {
		sd_time(sd, "first_seen", d->first_seen);
		sd_time(sd, "last_seen", d->last_seen);
		if (d->has_user)
			sd_str(sd, "user", d->user);
		sd_bool(sd, "allowlisted", d->allowlisted);
		sd_bool(sd, "blocked", d->blocked);
	}
	if (e->kind == SIEM_EV_BLOCK || d->blocked) {
		if (e->u.ids.until)
			sd_time(sd, "until", e->u.ids.until);
		else
			sd_str(sd, "until", "reboot");
	}
	if (e->kind == SIEM_EV_ALARM)
		snprintf(sd->text, sizeof(sd->text), "brute force: %u failed "
		    "logins from %s%s", d->attempts, a, d->blocked ?
		    ", blocked" : d->allowlisted ? ", allowlisted" : "");
	else if (e->u.ids.origin[0])
		snprintf(sd->text, sizeof(sd->text), "%s blocked, shared by %s",
		    a, e->u.ids.origin);
	else
		snprintf(sd->text, sizeof(sd->text), "%s blocked after %u "
		    "failed logins", a, d->attempts);
}

static void
put_check(struct siem_sd *sd, const struct siem_ev_check *c)
{
	sd_str(sd, "id", c->id);
	sd_str(sd, "from", chk_result_name(c->from));
	sd_str(sd, "to", chk_result_name(c->to));
	sd_str(sd, "severity", chk_severity_name(c->severity));
	sd_time(sd, "time", c->time);
	snprintf(sd->text, sizeof(sd->text), "%s %s: %s -> %s", c->id,
	    c->title, chk_result_name(c->from), chk_result_name(c->to));
}

static void
put_scan(struct siem_sd *sd, const struct siem_ev_scan *s)
{
	static const struct { const char *name; enum chk_result r; } n[] = {
		{ "pass", CHK_PASS }, { "fail", CHK_FAIL },
		{ "not_applicable", CHK_NOT_APPLICABLE },
		{ "manual", CHK_MANUAL }, { "error", CHK_ERROR },
		{ "not_checked", CHK_NOT_CHECKED }, { "waived", CHK_WAIVED },
	};
	char *score;
	size_t i;

	sd_u64(sd, "scan", s->n);
	if ((score = sd_slot(sd, "score")) && s->score_valid)
		snprintf(score, SIEM_NUM_MAX, "%.3f", s->score);
	else if (score)
		snprintf(score, SIEM_NUM_MAX, "none");
	for (i = 0; i < sizeof(n) / sizeof(n[0]); i++)
		sd_u64(sd, n[i].name, s->counts.n[n[i].r]);
	sd_u64(sd, "fail_critical", s->counts.fail_critical);
	sd_u64(sd, "fail_high", s->counts.fail_high);
	sd_str(sd, "model", s->model);
	sd_str(sd, "firmware", s->firmware);
	snprintf(sd->text, sizeof(sd->text), "scan %lu: %u pass, %u fail "
	    "(%u critical, %u high), state %.12s", s->n,
	    s->counts.n[CHK_PASS], s->counts.n[CHK_FAIL],
	    s->counts.fail_critical, s->counts.fail_high, s->state);
}

static void
put_audit(struct siem_sd *sd, const struct siem_event *e)
{
	const struct siem_ev_audit *a = &e->u.audit;

	sd_str(sd, "who", a->who);
	if (e->kind == SIEM_EV_COMMAND)
		sd_str(sd, "cmd", a->what);
	sd_str(sd, "result", a->result);
	if (e->kind == SIEM_EV_RELOAD)
		snprintf(sd->text, sizeof(sd->text), "configuration %s%s",
		    result_ok(a->result) ? "reloaded" : "not reloaded: ",
		    result_ok(a->result) ? "" : a->result);
	else
		snprintf(sd->text, sizeof(sd->text), "%s asked for %s: %s",
		    a->who, a->what, a->result);
}

static void
put_life(struct siem_sd *sd, const struct siem_event *e)
{
	sd_str(sd, "version", e->u.life.version);
	if (e->kind == SIEM_EV_STOP) {
		sd_u64(sd, "uptime_s", (uint64_t)e->u.life.uptime_s);
		snprintf(sd->text, sizeof(sd->text), "camguard %s stops",
		    e->u.life.version);
	} else {
		snprintf(sd->text, sizeof(sd->text), "camguard %s started",
		    e->u.life.version);
	}
}

static void
put_dropped(struct siem_sd *sd, const struct siem_ev_dropped *d)
{
	sd_u64(sd, "dropped", d->n);
	sd_u64(sd, "dropped_total", d->total);
	snprintf(sd->text, sizeof(sd->text), "%llu messages were dropped "
	    "while the collector was away (queue full)",
	    (unsigned long long)d->n);
}

int
siem_event_format(char *out, size_t cap, const struct siem_event *e,
    const struct siem_origin *o)
{
	struct siem_sd sd;
	struct siem_msg m;

	if ((unsigned)e->kind >= SIEM_EV_COUNT || o->facility < 0 ||
	    o->facility > SIEM_FACILITY_MAX)
		return -1;
	memset(&sd, 0, sizeof(sd));
	sd_str(&sd, "camera", o->camera);
	sd_u64(&sd, "seq", e->seq);
	switch (e->kind) {
	case SIEM_EV_ALARM:
	case SIEM_EV_BLOCK:
	case SIEM_EV_RELEASE:
		put_ids(&sd, e);
		break;
	case SIEM_EV_CHECK:
		put_check(&sd, &e->u.check);
		break;
	case SIEM_EV_SCAN:
		put_scan(&sd, &e->u.scan);
		break;
	case SIEM_EV_RELOAD:
	case SIEM_EV_COMMAND:
		put_audit(&sd, e);
		break;
	case SIEM_EV_START:
	case SIEM_EV_STOP:
		put_life(&sd, e);
		break;
	default:
		put_dropped(&sd, &e->u.dropped);
		break;
	}
	memset(&m, 0, sizeof(m));
	m.pri = (unsigned)o->facility * 8 + siem_event_severity(e);
	m.sec = (time_t)e->sec;
	m.usec = e->usec >= 0 && e->usec <= 999999 ? e->usec : 0;
	m.hostname = o->hostname;
	m.app_name = o->app_name;
	m.procid = o->procid;
	m.msgid = msgids[e->kind];
	m.sd_id = SIEM_SD_ID;
	m.params = sd.p;
	m.nparams = sd.n;
	m.msg = sd.text;
	return siem_fmt(out, cap, &m);
}
