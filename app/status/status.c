/*
 * status.c - the status endpoint (spec section 9): one service of the
 * daemon, with its routes and documents on a server of its own (httpd.c).
 *
 * Owns the rendered documents and what decides which one a path gets:
 * /livez without a token, then (with status.token_file) the bearer
 * check, /readyz, /status, /metrics, the page at / and the commissioning
 * report at /report, both in the language the client asks for
 * (?lang=fr, else Accept-Language, else report.lang).  A rendering is
 * shared by every client writing it (struct httpd_body, counted by the
 * server) and reused for the rest of its second unless a scan or an IDS
 * decision came in between, so a burst of requests renders once.  The
 * documents themselves come from status_json.c, status_metrics.c and
 * status_page.c.  The server does the sockets, TLS, keep-alive and
 * timeouts; this file never touches a client.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check/policy.h"
#include "check/policy_lang.h"
#include "core/cg_limits.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/loop.h"
#include "ids/ids.h"
#include "proto/http_lang_parse.h"
#include "proto/http_parse.h"
#include "report/report.h"
#include "status/httpd.h"
#include "status/status.h"

enum doc_kind { DOC_STATUS, DOC_METRICS, DOC_PAGE, DOC_REPORT, DOC_KINDS };

struct status_doc {
	struct httpd_body	 body;		/* STATUS_DOC_MAX bytes */
	time_t			 sec;		/* rendered in this second */
	uint64_t		 gen;		/* of this state */
	char			 lang[POLICY_LANG_CODE_MAX];	/* written in */
};

struct status {
	struct loop		*loop;
	struct daemon_view	*view;
	struct httpd		*srv;
	char			 camera[CONF_STR_MAX];	/* before a scan */
	uint64_t		 gen;		/* bumped on view changes */
	uint64_t		 warned_gen;	/* last "too large" warning */
	char			*doc_mem;
	struct status_doc	 docs[STATUS_DOC_SLOTS];
	struct status_doc	*current[DOC_KINDS];
	size_t			 n_blocks;	/* listed in a rendering */
	struct status_block	 blocks[STATUS_BLOCKS_MAX];
	int64_t			 mono_now, wall_now;
	char			 ready_why[192];	/* /readyz's body */
	unsigned		 ids_gen;	/* view->ids_gen rendered */
	uint64_t		 auth_failures;	/* wrong or missing tokens */
};

/* ---- documents ------------------------------------------------------ */

/*
 * A block in the detector's table.  Its end is on the detector's clock,
 * CLOCK_MONOTONIC seconds (as ids_service_base.c feeds it); the documents show
 * wall-clock ends.  Ended blocks the detector has not released yet are
 * left out.
 */
static void
block_collect(const struct addr_net *net, int64_t until, void *arg)
{
	struct status *st = arg;
	struct status_block *b;

	if (st->n_blocks >= STATUS_BLOCKS_MAX)
		return;
	b = &st->blocks[st->n_blocks];
	memset(b, 0, sizeof(*b));
	b->net = *net;
	b->until = until ? st->wall_now + (until - st->mono_now) : 0;
	if (b->until == 0 || b->until > st->wall_now)
		st->n_blocks++;
}

/* One blocked source, own or shared (view->ids_list, wall-clock end). */
static void
listed_collect(const struct ids_listed *l, void *arg)
{
	struct status *st = arg;
	struct status_block *b;

	if (st->n_blocks >= STATUS_BLOCKS_MAX ||
	    (l->until && l->until <= st->wall_now))
		return;
	b = &st->blocks[st->n_blocks++];
	b->net = l->net;
	b->until = l->until;
	snprintf(b->origin, sizeof(b->origin), "%s", l->origin ? l->origin :
	    "");
	snprintf(b->reason, sizeof(b->reason), "%s", l->reason ? l->reason :
	    "");
}

static void
blocks_collect(struct status *st, time_t now)
{
	struct timespec ts;

	st->n_blocks = 0;
	st->wall_now = (int64_t)now;
	if (st->view->ids_list) {
		st->view->ids_list(st->view, listed_collect, st,
		    STATUS_BLOCKS_MAX);
		return;
	}
	if (!st->view->detect || clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return;
	st->mono_now = (int64_t)ts.tv_sec;
	ids_detect_blocked(st->view->detect, block_collect, st,
	    STATUS_BLOCKS_MAX);
}

/*
 * The commissioning report of the last scan (report_html.c writes to a
 * FILE: here one over the document's buffer).  -1 when there is no scan
 * yet or it does not fit.
 */
static int
doc_report(struct status *st, struct status_doc *d, const char *lang)
{
	const struct daemon_view *v = st->view;
	struct report_opts o = { .lang = lang, .site = &v->conf->report,
		.address = v->conf->camera.url };
	FILE *f;
	long n;
	int rc;

	if (!v->scan || !(f = fmemopen(d->body.buf, STATUS_DOC_MAX, "w")))
		return -1;
	rc = report_write(f, REPORT_HTML, v->scan, v->policy, &o);
	n = ftell(f);
	if (fclose(f) != 0 || rc < 0 || n < 0 || n >= STATUS_DOC_MAX)
		return -1;
	return (int)n;
}

static int
doc_render(struct status *st, struct status_doc *d, enum doc_kind kind,
    const char *lang, time_t now)
{
	struct status_snapshot snap;
	int n;

	blocks_collect(st, now);
	snap = (struct status_snapshot){ st->view, st->camera, now,
	    st->blocks, st->n_blocks, policy_lang_find(st->view->policy,
	    lang), lang, st->auth_failures };
	if (kind == DOC_STATUS) {
		n = status_json(d->body.buf, STATUS_DOC_MAX - 1, &snap);
		if (n >= 0)
			d->body.buf[n++] = '\n';
	} else if (kind == DOC_METRICS)
		n = status_metrics(d->body.buf, STATUS_DOC_MAX, &snap);
	else if (kind == DOC_REPORT)
		n = doc_report(st, d, lang);
	else
		n = status_page(d->body.buf, STATUS_DOC_MAX, &snap);
	if (n < 0 && kind == DOC_REPORT && !st->view->scan)
		return -1;
	if (n < 0) {	/* said once per state, not once per request */
		if (st->warned_gen != st->gen)
			log_warnx("status: a document is larger than %d bytes",
			    STATUS_DOC_MAX);
		st->warned_gen = st->gen;
		return -1;
	}
	d->body.len = (size_t)n;
	d->sec = now;
	d->gen = st->gen;
	snprintf(d->lang, sizeof(d->lang), "%s", lang);
	return 0;
}

static bool
doc_is_current(const struct status *st, const struct status_doc *d)
{
	int k;

	for (k = 0; k < DOC_KINDS; k++)
		if (st->current[k] == d)
			return true;
	return false;
}

/* A slot nobody is writing: this kind's own, then a spare, then any. */
static struct status_doc *
doc_slot(struct status *st, enum doc_kind kind)
{
	struct status_doc *d = st->current[kind], *any = NULL;
	int i, k;

	if (d && d->body.refs == 0)
		return d;
	for (i = 0; i < STATUS_DOC_SLOTS; i++) {
		d = &st->docs[i];
		if (d->body.refs)
			continue;
		if (!doc_is_current(st, d))
			return d;
		any = any ? any : d;
	}
	for (k = 0; any && k < DOC_KINDS; k++)
		if (st->current[k] == any)
			st->current[k] = NULL;
	return any;
}

/* The document to send now; NULL with the status code to send instead. */
static struct status_doc *
doc_get(struct status *st, enum doc_kind kind, const char *lang, int *code)
{
	struct status_doc *d = st->current[kind];
	time_t now = time(NULL);

	if (st->ids_gen != st->view->ids_gen) {	/* the IDS's health */
		st->ids_gen = st->view->ids_gen;
		st->gen++;
	}
	if (d && d->sec == now && d->gen == st->gen && !strcmp(d->lang, lang))
		return d;
	if (!(d = doc_slot(st, kind))) {
		*code = 503;
		return NULL;
	}
	st->current[kind] = NULL;
	if (doc_render(st, d, kind, lang, now) < 0) {
		*code = kind == DOC_REPORT && !st->view->scan ? 503 : 500;
		return NULL;
	}
	st->current[kind] = d;
	return d;
}

/* ---- routes --------------------------------------------------------- */

static const char *const doc_ctype[DOC_KINDS] = {
	[DOC_STATUS] = "application/json",
	[DOC_METRICS] = "text/plain; version=0.0.4; charset=utf-8",
	[DOC_PAGE] = "text/html; charset=utf-8",
	[DOC_REPORT] = "text/html; charset=utf-8",
};

static const char page_headers[] =
	"Content-Security-Policy: default-src 'none'; "
	"style-src 'unsafe-inline'; frame-ancestors 'none'; "
	"base-uri 'none'; form-action 'none'\r\n"
	"Referrer-Policy: no-referrer\r\n";

/* "lang=xx" in the query, if it names a language we write. */
static bool
query_lang(const struct status *st, const char *buf,
    const struct http_req *req, char *out, size_t size)
{
	const char *t = buf + req->target.off;
	size_t n = req->target.len, i = req->path.len, j;

	while (i < n) {			/* at '?' or '&' */
		i++;
		if (n - i >= 5 && !memcmp(t + i, "lang=", 5)) {
			for (j = i + 5; j < n && t[j] != '&' && t[j] != '#';
			    j++)
				;
			if (j - (i + 5) >= size)
				return false;
			memcpy(out, t + i + 5, j - (i + 5));
			out[j - (i + 5)] = '\0';
			return policy_lang_known(st->view->policy, out);
		}
		while (i < n && t[i] != '&')
			i++;
	}
	return false;
}

/* The language of the page and the report (see the top of this file). */
static void
doc_lang(const struct status *st, const char *buf, const struct http_req *req,
    char *out, size_t size)
{
	const struct policy *p = st->view->policy;
	const char *codes[POLICY_LANGS_MAX + 1] = { "en" };
	size_t n = 1, i;
	int k;

	if (query_lang(st, buf, req, out, size))
		return;
	for (i = 0; p && i < p->n_langs && i < POLICY_LANGS_MAX; i++)
		if (strcmp(p->langs[i].code, "en") != 0)
			codes[n++] = p->langs[i].code;
	k = req->has_lang ? http_lang_pick(buf + req->lang.off, req->lang.len,
	    codes, n) : -1;
	if (k < 0 && policy_lang_known(p, st->view->conf->report.lang))
		snprintf(out, size, "%s", st->view->conf->report.lang);
	else
		snprintf(out, size, "%s", codes[k < 0 ? 0 : k]);
}

static void
route_doc(struct status *st, struct httpd_resp *r, enum doc_kind kind,
    const char *lang)
{
	int code = 500;
	struct status_doc *d = doc_get(st, kind, lang, &code);

	if (!d) {
		r->close = code != 503 || kind != DOC_REPORT;
		r->code = code;
		r->body = kind == DOC_REPORT && code == 503 ?
		    "no scan has finished\n" : code == 503 ? "busy, retry\n" :
		    "internal error\n";
		return;
	}
	r->code = 200;
	r->ctype = doc_ctype[kind];
	r->extra = kind == DOC_PAGE || kind == DOC_REPORT ? page_headers :
	    NULL;
	r->large = &d->body;
}

static void
route_small(struct httpd_resp *r, int code, const char *body)
{
	r->code = code;
	r->body = body;
}

static bool
path_is(const char *p, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(p, want, n) == 0;
}

/*
 * /readyz: 503 with the reason until the first scan finished, and while
 * an enabled IDS is blind (not running, no source read) or cannot block
 * as configured (backend failed, camera-acl not enforced).
 */
static const char *
status_not_ready(const struct daemon_view *v, char *why, size_t sz)
{
	if (!v->scans)
		return "no scan has finished\n";
	if (!v->ids_enabled)
		return NULL;
	if (!v->ids_running)
		return "ids: not running\n";
	if (v->ids_sources_readable <= 0)
		return v->n_ids_sources ? "ids: no log source can be read\n" :
		    "ids: no log source is configured\n";
	if (v->ids_blocking == IDS_BLOCKING_FAILED ||
	    v->ids_blocking == IDS_BLOCKING_NOT_ENFORCED) {
		snprintf(why, sz, "ids: blocking %s: %s\n",
		    ids_blocking_name(v->ids_blocking), v->ids_blocking_why);
		return why;
	}
	return NULL;
}

static void
status_route(void *arg, struct httpd *srv, const char *buf,
    const struct http_req *req, struct httpd_resp *r)
{
	struct status *st = arg;
	const char *p = buf + req->path.off, *not_ready;
	size_t n = req->path.len;
	char lang[POLICY_LANG_CODE_MAX] = "en";

	if (path_is(p, n, "/") || path_is(p, n, "/report"))
		doc_lang(st, buf, req, lang, sizeof(lang));
	if (path_is(p, n, "/livez"))
		route_small(r, 200, "ok\n");
	else if (!httpd_authorized(srv, buf, req)) {
		r->extra = req->has_auth ? "WWW-Authenticate: Bearer realm="
		    "\"camguard\", error=\"invalid_token\"\r\n" :
		    "WWW-Authenticate: Bearer realm=\"camguard\"\r\n";
		route_small(r, 401, "unauthorized\n");
		r->auth_failed = true;		/* the server holds it back */
		st->auth_failures++;
		st->gen++;
	} else if (path_is(p, n, "/readyz")) {
		not_ready = status_not_ready(st->view, st->ready_why,
		    sizeof(st->ready_why));
		route_small(r, not_ready ? 503 : 200, not_ready ? not_ready :
		    "ready\n");
	} else if (path_is(p, n, "/status"))
		route_doc(st, r, DOC_STATUS, "en");
	else if (path_is(p, n, "/metrics"))
		route_doc(st, r, DOC_METRICS, "en");
	else if (path_is(p, n, "/"))
		route_doc(st, r, DOC_PAGE, lang);
	else if (path_is(p, n, "/report"))
		route_doc(st, r, DOC_REPORT, lang);
	else
		route_small(r, 404, "not found\n");
}

/* ---- the service ---------------------------------------------------- */

static void
status_camera_fallback(struct status *st, const struct conf *c)
{
	if (c->camera.id[0])
		snprintf(st->camera, sizeof(st->camera), "%s", c->camera.id);
	else if (gethostname(st->camera, sizeof(st->camera) - 1) < 0)
		st->camera[0] = '\0';
	st->camera[sizeof(st->camera) - 1] = '\0';
}

static int
status_apply(void *arg, struct daemon_view *view)
{
	struct status *st = arg;
	const struct conf *c = view->conf;
	struct httpd_conf hc = { c->status.listen, c->status.tls.cert_file,
		c->status.tls.key_file, c->status.token_file };

	st->view = view;
	if (!c->status.enabled) {	/* stop listening, keep the object */
		httpd_quiesce(st->srv);
		return 0;
	}
	if (httpd_apply(st->srv, &hc) < 0)
		return -1;
	status_camera_fallback(st, c);
	st->gen++;
	return 0;
}

static void
status_free(struct status *st)
{
	httpd_free(st->srv);	/* first: clients let go of the documents */
	free(st->doc_mem);
	free(st);
}

static void *
status_start(struct loop *loop, struct daemon_view *view)
{
	struct status *st = calloc(1, sizeof(*st));
	int i;

	if (!st || !(st->doc_mem = malloc((size_t)STATUS_DOC_SLOTS *
	    STATUS_DOC_MAX))) {
		log_warn("status");
		free(st);
		return NULL;
	}
	st->loop = loop;
	for (i = 0; i < STATUS_DOC_SLOTS; i++)
		st->docs[i].body.buf = st->doc_mem + (size_t)i * STATUS_DOC_MAX;
	if (!(st->srv = httpd_new(loop, "status", status_route, st)) ||
	    status_apply(st, view) < 0) {
		status_free(st);
		return NULL;
	}
	return st;
}

static bool
status_enabled(const struct daemon_view *view)
{
	return view->conf->status.enabled;
}

static void
status_scan_done(void *arg, struct daemon_view *view)
{
	struct status *st = arg;

	(void)view;
	st->gen++;
}

/* An IDS decision changes what the documents show. */
static void
status_decision(void *arg, struct daemon_view *view,
    const struct ids_decision *d, int64_t until_epoch)
{
	struct status *st = arg;

	(void)view;
	(void)d;
	(void)until_epoch;
	st->gen++;
}

static void
status_stop(void *arg, struct daemon_view *view)
{
	(void)view;
	status_free(arg);
}

const struct service_ops status_service = {
	.name = "status",
	.enabled = status_enabled,
	.start = status_start,
	.apply = status_apply,
	.scan_done = status_scan_done,
	.decision = status_decision,
	.stop = status_stop,
};
