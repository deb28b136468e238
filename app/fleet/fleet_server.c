/*
 * fleet_server.c - `camguard fleet --listen` (fleet_server.h): the loop,
 * the HTTP routes and the rendered documents.
 *
 * The HTTP server is the status endpoint's (status/httpd.h) with the
 * listen address from --listen and the token file and TLS keys of the
 * configuration's status section.  /livez answers without a token; /,
 * /fleet and /metrics need it when there is one.  A document is rendered
 * by a pure renderer (fleet_page.c, fleet_json.c, fleet_metrics.c) into
 * one of FLEET_DOC_SLOTS buffers, each grown (doubling, up to
 * FLEET_DOC_MAX) until the document fits, and shared by every client
 * writing it (struct httpd_body); the same path and query string in the
 * same second with no message in between gets the same rendering.  A
 * busy server (every slot still being written) answers 503.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/cg_limits.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/readfile.h"
#include "fleet/fleet_docs.h"
#include "fleet/fleet_model.h"
#include "fleet/fleet_server.h"
#include "proto/http_parse.h"
#include "status/httpd.h"

enum doc_kind { DOC_PAGE, DOC_JSON, DOC_METRICS };

struct fleet_doc {
	struct httpd_body	 body;
	size_t			 cap;
	enum doc_kind		 kind;
	char			 query[HTTP_REQ_LINE_MAX];
	time_t			 sec;		/* rendered in this second */
	uint64_t		 gen;		/* of this model */
	bool			 used;
};

struct fleet_server {
	struct loop		*loop;
	struct httpd		*srv;
	struct fleet_model	*model;
	struct fleet_link	*link;
	const char		*expect_file;
	struct fleet_row	*rows;		/* cap + FLEET_EXPECT_MAX */
	struct fleet_doc	 docs[FLEET_DOC_SLOTS];
	uint64_t		 warned_gen;
};

/* ---- documents ---------------------------------------------------------- */

typedef int (*fleet_render_fn)(char *, size_t, const struct fleet_doc_in *);

static const fleet_render_fn renderers[] = {
	[DOC_PAGE] = fleet_page,
	[DOC_JSON] = fleet_json,
	[DOC_METRICS] = fleet_metrics,
};

/* Render into d, growing its buffer until the document fits. */
static int
doc_render(struct fleet_server *fs, struct fleet_doc *d,
    const struct fleet_filter *f, time_t now)
{
	size_t counts[FLEET_ROW_STATES];
	struct fleet_doc_in in = { fs->model, fs->rows, 0, counts, f,
		(int64_t)now, fleet_link_connected(fs->link) };
	char *nb;
	int n;

	if (d->kind != DOC_METRICS)
		in.n_rows = fleet_rows(fs->model, f, fs->rows, counts);
	for (;;) {
		if (d->cap && (n = renderers[d->kind](d->body.buf, d->cap,
		    &in)) >= 0)
			break;
		if (d->cap >= FLEET_DOC_MAX) {
			if (fs->warned_gen != fs->model->gen)
				log_warnx("fleet: a document is larger than %d "
				    "bytes", FLEET_DOC_MAX);
			fs->warned_gen = fs->model->gen;
			return -1;
		}
		d->cap = d->cap ? d->cap * 2 : FLEET_DOC_MIN;
		if (!(nb = realloc(d->body.buf, d->cap))) {
			log_warn("fleet: document");
			free(d->body.buf);
			d->body.buf = NULL;
			d->cap = 0;
			return -1;
		}
		d->body.buf = nb;
	}
	d->body.len = (size_t)n;
	return 0;
}

/* The rendering to send, or NULL with the status code to send instead. */
static struct fleet_doc *
doc_get(struct fleet_server *fs, enum doc_kind kind, const char *q,
    size_t qlen, const struct fleet_filter *f, int *code)
{
	struct fleet_doc *d, *free_slot = NULL;
	time_t now = time(NULL);
	size_t i;

	for (i = 0; i < FLEET_DOC_SLOTS; i++) {
		d = &fs->docs[i];
		if (d->used && d->kind == kind && d->sec == now &&
		    d->gen == fs->model->gen && strlen(d->query) == qlen &&
		    memcmp(d->query, q, qlen) == 0)
			return d;
		if (d->body.refs == 0 && (!free_slot ||
		    (free_slot->used && (!d->used || d->sec < free_slot->sec))))
			free_slot = d;
	}
	if (!(d = free_slot)) {
		*code = 503;
		return NULL;
	}
	d->used = false;
	d->kind = kind;
	if (doc_render(fs, d, f, now) < 0) {
		*code = 500;
		return NULL;
	}
	memcpy(d->query, q, qlen);
	d->query[qlen] = '\0';
	d->sec = now;
	d->gen = fs->model->gen;
	d->used = true;
	return d;
}

/* ---- routes ------------------------------------------------------------- */

static const char *const doc_ctype[] = {
	[DOC_PAGE] = "text/html; charset=utf-8",
	[DOC_JSON] = "application/json",
	[DOC_METRICS] = "text/plain; version=0.0.4; charset=utf-8",
};

/* As the status page, but its filter form may submit to this server. */
static const char page_headers[] =
	"Content-Security-Policy: default-src 'none'; "
	"style-src 'unsafe-inline'; frame-ancestors 'none'; "
	"base-uri 'none'; form-action 'self'\r\n"
	"Referrer-Policy: no-referrer\r\n";

static void
route_small(struct httpd_resp *r, int code, const char *body)
{
	r->code = code;
	r->body = body;
}

static void
route_doc(struct fleet_server *fs, struct httpd_resp *r, enum doc_kind kind,
    const char *q, size_t qlen)
{
	struct fleet_filter f;
	struct fleet_doc *d;
	int code = 500;

	if (qlen >= HTTP_REQ_LINE_MAX || fleet_query_parse(q, qlen, &f) < 0) {
		route_small(r, 400, "bad query: state=offline,missing,unknown,"
		    "online and q=TEXT\n");
		return;
	}
	if (kind == DOC_METRICS)	/* one rendering whatever the query */
		qlen = 0;
	if (!(d = doc_get(fs, kind, q, qlen, &f, &code))) {
		r->close = true;
		route_small(r, code, code == 503 ? "busy, retry\n" :
		    "internal error\n");
		return;
	}
	r->code = 200;
	r->ctype = doc_ctype[kind];
	r->extra = kind == DOC_PAGE ? page_headers : NULL;
	r->large = &d->body;
}

static bool
path_is(const char *p, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(p, want, n) == 0;
}

static void
fleet_route(void *arg, struct httpd *srv, const char *buf,
    const struct http_req *req, struct httpd_resp *r)
{
	struct fleet_server *fs = arg;
	const char *p = buf + req->path.off, *q = "";
	size_t n = req->path.len, qlen = 0;

	if (req->target.len > n + 1 && p[n] == '?') {
		q = p + n + 1;
		qlen = req->target.len - n - 1;
	}
	if (path_is(p, n, "/livez"))
		route_small(r, 200, "ok\n");
	else if (!httpd_authorized(srv, buf, req)) {
		r->extra = req->has_auth ? "WWW-Authenticate: Bearer realm="
		    "\"camguard\", error=\"invalid_token\"\r\n" :
		    "WWW-Authenticate: Bearer realm=\"camguard\"\r\n";
		route_small(r, 401, "unauthorized\n");
	} else if (path_is(p, n, "/"))
		route_doc(fs, r, DOC_PAGE, q, qlen);
	else if (path_is(p, n, "/fleet"))
		route_doc(fs, r, DOC_JSON, q, qlen);
	else if (path_is(p, n, "/metrics"))
		route_doc(fs, r, DOC_METRICS, q, qlen);
	else
		route_small(r, 404, "not found\n");
}

/* ---- the server --------------------------------------------------------- */

/* The expected ids from the file; -1 (logged) keeps the list before. */
static int
expect_load(struct fleet_server *fs)
{
	char *buf;
	size_t len, line;
	int rc = -1;

	if (!fs->expect_file)
		return 0;
	if (!(buf = malloc(FLEET_EXPECT_FILE_MAX + 1))) {
		log_warn("fleet: %s", fs->expect_file);
		return -1;
	}
	if (readfile(fs->expect_file, buf, FLEET_EXPECT_FILE_MAX, &len,
	    stderr) < 0)
		log_warnx("fleet: cannot read %s", fs->expect_file);
	else if (fleet_model_expect(fs->model, buf, len, &line) < 0)
		log_warnx("fleet: %s:%zu: %s", fs->expect_file, line,
		    line ? "not a camera id (a topic level without '+', '#', "
		    "'/', not starting with '_', shorter than 128 bytes)" :
		    "more ids than fit");
	else {
		log_info("fleet: %zu cameras expected, %zu never seen",
		    fs->model->n_expect, fleet_model_missing(fs->model));
		rc = 0;
	}
	free(buf);
	return rc;
}

static void
on_stop(int signo, void *arg)
{
	struct fleet_server *fs = arg;

	log_info("fleet: signal %d, stopping", signo);
	loop_stop(fs->loop);
}

static void
on_hup(int signo, void *arg)
{
	(void)signo;
	expect_load(arg);
}

static void
server_free(struct fleet_server *fs)
{
	size_t i;

	httpd_free(fs->srv);	/* first: clients let go of the documents */
	fleet_link_free(fs->link);
	for (i = 0; i < FLEET_DOC_SLOTS; i++)
		free(fs->docs[i].body.buf);
	fleet_model_free(fs->model);
	free(fs->rows);
	loop_free(fs->loop);
}

static int
server_start(struct fleet_server *fs, const struct fleet_server_opts *o)
{
	const struct conf *c = o->conf;
	struct httpd_conf hc = { o->listen, c->status.tls.cert_file,
		c->status.tls.key_file, c->status.token_file };

	if (!(fs->loop = loop_new()) ||
	    !(fs->model = fleet_model_new(c->mqtt.topic_root,
	    FLEET_CAMERAS_MAX, (int64_t)time(NULL))) ||
	    !(fs->rows = calloc(FLEET_CAMERAS_MAX + FLEET_EXPECT_MAX,
	    sizeof(*fs->rows)))) {
		log_warn("fleet");
		return -1;
	}
	fs->expect_file = o->expect_file;
	/* the broker's settings first: they are the likelier mistake */
	if (expect_load(fs) < 0 ||
	    !(fs->link = fleet_link_new(fs->loop, c, fs->model)) ||
	    !(fs->srv = httpd_new(fs->loop, "fleet", fleet_route, fs)) ||
	    httpd_apply(fs->srv, &hc) < 0)
		return -1;
	if (loop_signal(fs->loop, SIGTERM, on_stop, fs) < 0 ||
	    loop_signal(fs->loop, SIGINT, on_stop, fs) < 0 ||
	    loop_signal(fs->loop, SIGHUP, on_hup, fs) < 0) {
		log_warn("fleet: signals");
		return -1;
	}
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

int
fleet_server_run(const struct fleet_server_opts *o)
{
	struct fleet_server fs;
	int rc = -1;

	memset(&fs, 0, sizeof(fs));
	if (server_start(&fs, o) == 0)
		rc = loop_run(fs.loop);
	server_free(&fs);
	return rc;
}
