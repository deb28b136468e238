/*
 * fleet_parse.c - read the topics and payloads `camguard fleet` receives:
 * camguard/status, hardening/summary and notify/ids_alarm of any camera.
 *
 * Pure: no I/O, no malloc, no globals.  A payload is tokenised by jsmn
 * (strict, with parent links) into a fixed token array on the stack and
 * only the members the fleet view shows are read, each checked for its
 * type; everything else in the payload is ignored.  Values land in a
 * scratch copy that replaces the camera only when the whole payload was
 * good, so a malformed message changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "core/conf.h"
#include "core/json_parse.h"
#include "mqtt/fleet.h"

struct fleet_doc {
	const char	*buf;
	size_t		 len;
	jsmntok_t	 tok[FLEET_TOK_MAX];
	int		 n;
};

int
fleet_topic(const char *root, const char *topic, size_t len, char *cam,
    size_t camsz, enum fleet_kind *kind)
{
	static const struct { const char *s; enum fleet_kind k; } sfx[] = {
		{ "/camguard/status", FLEET_STATUS },
		{ "/hardening/summary", FLEET_SUMMARY },
		{ "/notify/ids_alarm", FLEET_ALARM },
		{ "/ids/blocked", FLEET_BLOCKED },
		{ "/cmd/result", FLEET_RESULT },
	};
	size_t rl = strlen(root), i, sl, cl;

	if (len <= rl + 1 || memcmp(topic, root, rl) != 0 || topic[rl] != '/')
		return -1;
	topic += rl + 1;
	len -= rl + 1;
	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		sl = strlen(sfx[i].s);
		if (len <= sl || memcmp(topic + len - sl, sfx[i].s, sl) != 0)
			continue;
		cl = len - sl;
		if (cl >= camsz || !conf_topic_level_ok(topic, cl))
			return -1;
		memcpy(cam, topic, cl);
		cam[cl] = '\0';
		*kind = sfx[i].k;
		return 0;
	}
	return -1;
}

static int
doc_parse(struct fleet_doc *d, const char *buf, size_t len)
{
	jsmn_parser p;

	d->buf = buf;
	d->len = len;
	if (len > FLEET_PAYLOAD_MAX || memchr(buf, '\0', len))
		return -1;
	jsmn_init(&p);
	d->n = jsmn_parse(&p, buf, len, d->tok, FLEET_TOK_MAX);
	return d->n > 0 && d->tok[0].type == JSMN_OBJECT ? 0 : -1;
}

static bool
tok_eq(const struct fleet_doc *d, int i, const char *s)
{
	size_t n = strlen(s);

	return d->tok[i].type == JSMN_STRING &&
	    (size_t)(d->tok[i].end - d->tok[i].start) == n &&
	    memcmp(d->buf + d->tok[i].start, s, n) == 0;
}

/* The value token of member key of object obj, or -1. */
static int
member(const struct fleet_doc *d, int obj, const char *key)
{
	int i;

	if (obj < 0 || d->tok[obj].type != JSMN_OBJECT)
		return -1;
	for (i = obj + 1; i + 1 < d->n && d->tok[i].start < d->tok[obj].end;
	    i++)
		if (d->tok[i].parent == obj && tok_eq(d, i, key))
			return d->tok[i + 1].parent == i ? i + 1 : -1;
	return -1;
}

/* A string member into dst; -1 when absent, not a string or too long. */
static int
get_str(const struct fleet_doc *d, int obj, const char *key, char *dst,
    size_t sz)
{
	int v = member(d, obj, key);

	if (v < 0 || d->tok[v].type != JSMN_STRING)
		return -1;
	return json_unescape(d->buf + d->tok[v].start,
	    (size_t)(d->tok[v].end - d->tok[v].start), dst, sz) < 0 ? -1 : 0;
}

#define EXACT_SIGNIFICAND	9007199254740992ULL	/* 2^53 */
#define EXACT_POW10		22	/* 1e22 is the last exact double */
#define EXP10_DIGITS_MAX	4

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A JSON number, correctly rounded without strtod (whose long-double
 * scanner is 15 KB of a camera build): a significand of at most 2^53
 * and a power of ten of at most 22 are both exact doubles, so one
 * multiplication or division rounds once (Clinger's fast path).  Agents
 * write 4 decimals at most; a number outside the fast path is refused,
 * never approximated. */
static int
parse_number(const char *s, const char *end, double *out)
{
	static const double pow10[EXACT_POW10 + 1] = { 1e0, 1e1, 1e2, 1e3,
		1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
		1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
	unsigned long long m = 0;
	int exp10 = 0, e = 0, n, sign = 1, esign = 1;
	bool any = false;

	if (s < end && *s == '-') {
		sign = -1;
		s++;
	}
	if (s == end || !is_digit(*s))
		return -1;
	for (n = 0; s < end && (is_digit(*s) || (*s == '.' && n == 0));
	    s++) {
		if (*s == '.') {
			n = 1;		/* digits from here are a fraction */
			if (s + 1 == end || !is_digit(s[1]))
				return -1;
			continue;
		}
		if (m > (EXACT_SIGNIFICAND - (unsigned)(*s - '0')) / 10)
			return -1;
		m = m * 10 + (unsigned)(*s - '0');
		exp10 -= n;
		any = true;
	}
	if (!any)
		return -1;
	if (s < end && (*s == 'e' || *s == 'E')) {
		if (++s < end && (*s == '+' || *s == '-'))
			esign = *s++ == '-' ? -1 : 1;
		for (n = 0; s < end && is_digit(*s); s++, n++)
			if (n < EXP10_DIGITS_MAX)
				e = e * 10 + (*s - '0');
		if (n == 0 || n > EXP10_DIGITS_MAX)
			return -1;
	}
	if (s != end)
		return -1;
	exp10 += esign * e;
	if (m == 0)
		*out = sign * 0.0;
	else if (exp10 < -EXACT_POW10 || exp10 > EXACT_POW10)
		return -1;
	else
		*out = sign * (exp10 < 0 ? (double)m / pow10[-exp10] :
		    (double)m * pow10[exp10]);
	return 0;
}

/* A number member; 1 for null, 0 for a finite number, -1 otherwise. */
static int
get_num(const struct fleet_doc *d, int obj, const char *key, double *out)
{
	int v = member(d, obj, key);
	const char *s, *end;

	if (v < 0 || d->tok[v].type != JSMN_PRIMITIVE)
		return -1;
	s = d->buf + d->tok[v].start;
	end = d->buf + d->tok[v].end;
	if ((size_t)(end - s) == 4 && memcmp(s, "null", 4) == 0)
		return 1;
	return parse_number(s, end, out);
}

static int
get_int(const struct fleet_doc *d, int obj, const char *key, long long *out)
{
	double v;

	if (get_num(d, obj, key, &v) != 0 || v > 9007199254740992.0 ||
	    v < -9007199254740992.0 || v != (double)(long long)v)
		return -1;
	*out = (long long)v;
	return 0;
}

static int
apply_status(struct fleet_cam *c, const struct fleet_doc *d)
{
	char s[16];

	if (get_str(d, 0, "state", s, sizeof(s)) < 0)
		return -1;
	if (strcmp(s, "online") == 0)
		c->state = FLEET_ONLINE;
	else if (strcmp(s, "offline") == 0)
		c->state = FLEET_OFFLINE;
	else
		return -1;
	if (c->state == FLEET_OFFLINE)	/* the Last Will says no more */
		return 0;
	/* optional: an online status without them is still one */
	if (get_str(d, 0, "version", c->version, sizeof(c->version)) < 0)
		c->version[0] = '\0';
	if (get_int(d, 0, "started", &c->started) < 0 || c->started < 0)
		c->started = 0;
	if (get_int(d, 0, "dropped", &c->dropped) < 0 || c->dropped < 0)
		c->dropped = -1;
	return 0;
}

/* counts.<result> for every result, or has_counts false. */
static void
get_counts(struct fleet_cam *c, const struct fleet_doc *d, int counts)
{
	long long v;
	int r;

	c->has_counts = false;
	for (r = 0; r < CHK_RESULT_COUNT; r++) {
		if (get_int(d, counts, chk_result_name((enum chk_result)r),
		    &v) < 0 || v < 0)
			return;
		c->counts[r] = v;
	}
	c->has_counts = true;
}

static int
apply_summary(struct fleet_cam *c, const struct fleet_doc *d)
{
	int counts = member(d, 0, "counts"), rc;

	rc = get_num(d, 0, "score", &c->score);
	if (rc < 0 || (rc == 0 && (c->score < 0 || c->score > 1)))
		return -1;
	c->score_valid = rc == 0;
	if (get_int(d, counts, "fail_critical", &c->fail_critical) < 0 ||
	    get_int(d, counts, "fail_high", &c->fail_high) < 0 ||
	    c->fail_critical < 0 || c->fail_high < 0)
		return -1;
	if (get_str(d, 0, "firmware", c->firmware, sizeof(c->firmware)) < 0)
		c->firmware[0] = '\0';
	if (get_int(d, 0, "time", &c->scan_time) < 0 || c->scan_time < 0)
		c->scan_time = 0;
	get_counts(c, d, counts);
	c->has_summary = true;
	return 0;
}

static int
apply_alarm(struct fleet_cam *c, const struct fleet_doc *d)
{
	struct addr_net a;
	char src[16];

	if (get_str(d, 0, "source", src, sizeof(src)) < 0 ||
	    strcmp(src, "camguard") != 0 ||
	    get_str(d, 0, "ip", c->alarm_ip, sizeof(c->alarm_ip)) < 0 ||
	    addr_parse_ip(c->alarm_ip, strlen(c->alarm_ip), &a) < 0 ||
	    get_int(d, 0, "last_seen", &c->alarm_time) < 0)
		return -1;
	c->has_alarm = true;
	return 0;
}

int
fleet_apply(struct fleet_cam *c, enum fleet_kind kind, const char *payload,
    size_t len)
{
	struct fleet_doc d;
	struct fleet_cam tmp = *c;
	int rc;

	if (len == 0)
		return 1;
	if (kind > FLEET_ALARM || doc_parse(&d, payload, len) < 0)
		return -1;
	if (kind == FLEET_STATUS)
		rc = apply_status(&tmp, &d);
	else if (kind == FLEET_SUMMARY)
		rc = apply_summary(&tmp, &d);
	else
		rc = apply_alarm(&tmp, &d);
	if (rc == 0)
		*c = tmp;
	return rc;
}

/* ---- shared bans, blocked lists, results (issue 16) -------------------- */

static int
get_bool(const struct fleet_doc *d, int obj, const char *key, bool *out)
{
	int v = member(d, obj, key);

	if (v < 0 || d->tok[v].type != JSMN_PRIMITIVE)
		return -1;
	if ((size_t)(d->tok[v].end - d->tok[v].start) == 4 &&
	    !memcmp(d->buf + d->tok[v].start, "true", 4))
		*out = true;
	else if ((size_t)(d->tok[v].end - d->tok[v].start) == 5 &&
	    !memcmp(d->buf + d->tok[v].start, "false", 5))
		*out = false;
	else
		return -1;
	return 0;
}

/* An optional string: absent or null leave "", 0; a wrong type -1. */
static int
get_opt_str(const struct fleet_doc *d, int obj, const char *key, char *dst,
    size_t sz)
{
	int v = member(d, obj, key);

	dst[0] = '\0';
	if (v < 0 || (d->tok[v].type == JSMN_PRIMITIVE &&
	    d->tok[v].end - d->tok[v].start == 4 &&
	    !memcmp(d->buf + d->tok[v].start, "null", 4)))
		return 0;
	return get_str(d, obj, key, dst, sz);
}

/*
 * "ip" and "prefix" of obj as one source, as camguard writes them: an
 * IPv4 address is /32, an IPv6 one the network of its prefix (no host
 * bits).
 */
static int
get_net(const struct fleet_doc *d, int obj, struct addr_net *net)
{
	char ip[ADDR_STR_MAX];
	struct addr_net whole;
	long long prefix;

	if (get_str(d, obj, "ip", ip, sizeof(ip)) < 0 ||
	    addr_parse_ip(ip, strlen(ip), net) < 0 ||
	    get_int(d, obj, "prefix", &prefix) < 0 || prefix < 1 ||
	    prefix > 128 || (net->family == 4 && prefix != 32) ||
	    (net->family == 6 && prefix > 128))
		return -1;
	whole = *net;
	addr_mask(net, (unsigned)prefix);
	return memcmp(whole.bytes, net->bytes, sizeof(net->bytes)) ? -1 : 0;
}

/* "until" or "block_until": null 0, else a positive epoch. */
static int
get_until(const struct fleet_doc *d, int obj, const char *key, int64_t *out)
{
	double v;
	int rc = get_num(d, obj, key, &v);

	if (rc == 1) {
		*out = 0;
		return 0;
	}
	if (rc < 0 || v < 1 || v > 1e13 || v != (double)(long long)v)
		return -1;
	*out = (int64_t)v;
	return 0;
}

int
fleet_alarm_ban(const char *payload, size_t len, const char *camera,
    struct fleet_ban *out, const char **why)
{
	struct fleet_doc d;
	char s[CONF_STR_MAX];
	bool allowlisted;

	memset(out, 0, sizeof(*out));
	*why = "not JSON";
	if (doc_parse(&d, payload, len) < 0)
		return -1;
	*why = "not camguard's alarm";
	if (get_str(&d, 0, "source", s, sizeof(s)) < 0 ||
	    strcmp(s, "camguard") != 0)
		return -1;
	*why = "the camera is not the topic's";
	if (get_str(&d, 0, "camera", s, sizeof(s)) < 0 ||
	    strcmp(s, camera) != 0)
		return -1;
	*why = "no valid ip and prefix";
	if (get_net(&d, 0, &out->net) < 0)
		return -1;
	*why = "no valid blocked, allowlisted or block_until";
	if (get_bool(&d, 0, "blocked", &out->blocked) < 0 ||
	    get_bool(&d, 0, "allowlisted", &allowlisted) < 0 ||
	    get_until(&d, 0, "block_until", &out->until) < 0)
		return -1;
	*why = "an allowlisted source said blocked";
	if (allowlisted && out->blocked)
		return -1;
	return 0;
}

static int
blocked_entry(const struct fleet_doc *d, int obj,
    struct fleet_blocked_entry *e)
{
	if (d->tok[obj].type != JSMN_OBJECT || get_net(d, obj, &e->net) < 0 ||
	    get_until(d, obj, "until", &e->until) < 0 ||
	    get_opt_str(d, obj, "origin", e->origin, sizeof(e->origin)) < 0 ||
	    (e->origin[0] && !conf_topic_level_ok(e->origin,
	    strlen(e->origin))) ||
	    get_opt_str(d, obj, "reason", e->reason, sizeof(e->reason)) < 0)
		return -1;
	return 0;
}

int
fleet_blocked_read(const char *payload, size_t len,
    struct fleet_blocked *out, const char **why)
{
	struct fleet_doc d;
	long long count;
	int arr, i;

	out->count = out->n = 0;
	*why = "empty";
	if (len == 0)
		return 1;
	*why = "not JSON";
	if (doc_parse(&d, payload, len) < 0)
		return -1;
	*why = "no valid count or entries";
	arr = member(&d, 0, "entries");
	if (get_int(&d, 0, "count", &count) < 0 || count < 0 || arr < 0 ||
	    d.tok[arr].type != JSMN_ARRAY || d.tok[arr].size > count ||
	    d.tok[arr].size > MQTT_BLOCKED_MAX)
		return -1;
	*why = "an entry is malformed";
	for (i = arr + 1; i < d.n && d.tok[i].start < d.tok[arr].end; i++) {
		if (d.tok[i].parent != arr)
			continue;
		if (blocked_entry(&d, i, &out->e[out->n]) < 0) {
			out->n = 0;
			return -1;
		}
		out->n++;
	}
	out->count = (size_t)count;
	return 0;
}

int
fleet_result_read(const char *payload, size_t len, struct fleet_result *out)
{
	struct fleet_doc d;

	memset(out, 0, sizeof(*out));
	if (doc_parse(&d, payload, len) < 0 ||
	    get_opt_str(&d, 0, "id", out->id, sizeof(out->id)) < 0 ||
	    get_str(&d, 0, "cmd", out->cmd, sizeof(out->cmd)) < 0 ||
	    get_bool(&d, 0, "ok", &out->ok) < 0 ||
	    get_opt_str(&d, 0, "error", out->error, sizeof(out->error)) < 0)
		return -1;
	return 0;
}

/* ---- the fleet server's kinds ------------------------------------------ */

/* Letters, digits, '-', '_', '.': a check id as the catalogue spells it. */
static bool
check_id_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		    s[i] == '_' || s[i] == '.'))
			return false;
	return true;
}

static int
topic_check(const char *topic, size_t len, char *cam, size_t camsz,
    char *chk, size_t chksz)
{
	static const char mid[] = "/hardening/check/";
	size_t ml = sizeof(mid) - 1, i, cl;

	/* the camera level holds no '/', so the first match is the one */
	for (i = 0; i + ml < len && topic[i] != '/'; i++)
		;
	if (i + ml >= len || memcmp(topic + i, mid, ml) != 0)
		return -1;
	cl = len - i - ml;
	if (i == 0 || i >= camsz || cl >= chksz ||
	    !conf_topic_level_ok(topic, i) || !check_id_ok(topic + i + ml, cl))
		return -1;
	memcpy(cam, topic, i);
	cam[i] = '\0';
	memcpy(chk, topic + i + ml, cl);
	chk[cl] = '\0';
	return 0;
}

int
fleet_topic_any(const char *root, const char *topic, size_t len, char *cam,
    size_t camsz, enum fleet_kind *kind, char *chk, size_t chksz)
{
	size_t rl = strlen(root);

	if (chksz == 0)
		return -1;
	chk[0] = '\0';
	if (fleet_topic(root, topic, len, cam, camsz, kind) == 0)
		return 0;
	if (len <= rl + 1 || memcmp(topic, root, rl) != 0 || topic[rl] != '/' ||
	    topic_check(topic + rl + 1, len - rl - 1, cam, camsz, chk,
	    chksz) < 0)
		return -1;
	*kind = FLEET_CHECK;
	return 0;
}

/* A name of names[0..n) into *out; -1 when it is none of them. */
static int
get_enum(const struct fleet_doc *d, const char *key,
    const char *(*name)(int), int n, int *out)
{
	char s[32];
	int i;

	if (get_str(d, 0, key, s, sizeof(s)) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(s, name(i)) == 0) {
			*out = i;
			return 0;
		}
	return -1;
}

static const char *
sev_name(int i)
{
	return chk_severity_name((enum chk_severity)i);
}

static const char *
res_name(int i)
{
	return chk_result_name((enum chk_result)i);
}

/* The waiver's expiry: absent, null or "" is none; a bad date is -1. */
static int
get_waiver(const struct fleet_doc *d, long long *end)
{
	int w = member(d, 0, "waiver"), v;
	char s[16];

	*end = 0;
	if (w < 0)
		return 0;
	if (d->tok[w].type != JSMN_OBJECT)
		return -1;
	if ((v = member(d, w, "expires")) < 0 ||
	    d->tok[v].type == JSMN_PRIMITIVE)	/* null */
		return v < 0 || d->buf[d->tok[v].start] == 'n' ? 0 : -1;
	if (get_str(d, w, "expires", s, sizeof(s)) < 0)
		return -1;
	return s[0] == '\0' ? 0 : conf_waiver_end(s, end);
}

int
fleet_check_apply(struct fleet_check *c, const char *id, const char *payload,
    size_t len)
{
	struct fleet_doc d;
	struct fleet_check tmp;
	int sev, res;

	if (len == 0)
		return 1;
	memset(&tmp, 0, sizeof(tmp));
	if (doc_parse(&d, payload, len) < 0 ||
	    get_str(&d, 0, "id", tmp.id, sizeof(tmp.id)) < 0 ||
	    strcmp(tmp.id, id) != 0 ||
	    get_enum(&d, "severity", sev_name, CHK_SEV_COUNT, &sev) < 0 ||
	    get_enum(&d, "result", res_name, CHK_RESULT_COUNT, &res) < 0 ||
	    get_waiver(&d, &tmp.waiver_end) < 0)
		return -1;
	tmp.severity = (enum chk_severity)sev;
	tmp.result = (enum chk_result)res;
	*c = tmp;
	return 0;
}

/* One log source of the status's ids.sources. */
static int
ids_source(const struct fleet_doc *d, int obj, struct fleet_ids *out)
{
	if (out->n == CONF_SOURCES_MAX || d->tok[obj].type != JSMN_OBJECT ||
	    get_str(d, obj, "path", out->src[out->n].path,
	    sizeof(out->src[out->n].path)) < 0 ||
	    !out->src[out->n].path[0] ||
	    get_bool(d, obj, "readable", &out->src[out->n].readable) < 0)
		return -1;
	out->n++;
	return 0;
}

int
fleet_status_ids(const char *payload, size_t len, struct fleet_ids *out)
{
	struct fleet_doc d;
	char blocking[16];
	int ids, arr, i;

	memset(out, 0, sizeof(*out));
	if (doc_parse(&d, payload, len) < 0)
		return -1;
	if ((ids = member(&d, 0, "ids")) < 0)
		return 0;
	if (d.tok[ids].type != JSMN_OBJECT ||
	    get_bool(&d, ids, "running", &out->running) < 0 ||
	    get_str(&d, ids, "blocking", blocking, sizeof(blocking)) < 0 ||
	    (arr = member(&d, ids, "sources")) < 0 ||
	    d.tok[arr].type != JSMN_ARRAY)
		goto bad;
	for (i = arr + 1; i < d.n && d.tok[i].start < d.tok[arr].end; i++)
		if (d.tok[i].parent == arr && ids_source(&d, i, out) < 0)
			goto bad;
	out->blocking = strcmp(blocking, "on") == 0;
	out->present = true;
	return 0;
bad:
	memset(out, 0, sizeof(*out));
	return -1;
}
