/*
 * status.c - the status endpoint's server (spec section 9): one service
 * of the daemon, an HTTP/1.1 server inside the daemon's poll loop.
 *
 * Owns the listening socket on status.listen, the clients in a fixed
 * table (STATUS_CONN_MAX, STATUS_TLS_CONN_MAX with TLS) and the rendered
 * documents.  A client's bytes go into its own HTTP_REQ_MAX buffer and
 * through http_parse(); its responses go, in request order, into its own
 * STATUS_OUT_MAX buffer (head and small bodies), followed by at most one
 * large body that points into a shared, immutable, reference-counted
 * rendering of /status, /metrics or the page.  A rendering is reused for
 * the rest of its second unless a scan or an IDS decision came in between,
 * so a burst of requests renders once.  Writes never block: what the
 * socket does not take waits for POLLOUT.
 *
 * Keep-alive clients are closed after STATUS_IDLE_MS without progress, a
 * request head must arrive within STATUS_HEAD_MS, and a full table makes
 * room by dropping the oldest idle client.  A response that closes the
 * connection is followed by a short linger that drains the client's
 * input, so the response is not lost to a reset.  With a token file,
 * every path but /livez needs "Authorization: Bearer <token>", compared
 * through SHA-256 in constant time.  TLS goes through platform/net_tls.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "core/cg_limits.h"
#include "core/conf.h"
#include "core/digest.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/readfile.h"
#include "ids/ids.h"
#include "platform/net/net_tls.h"
#include "proto/http_parse.h"
#include "status/status.h"

/* Room a response head plus a small body needs in the output buffer. */
#define STATUS_RESP_ROOM	1024
/* How often idle clients are looked for (while there are clients). */
#define STATUS_SWEEP_MS		1000
/* Read/process/write rounds per wake-up before others get a turn. */
#define STATUS_PUMP_ROUNDS	8

_Static_assert(STATUS_RESP_ROOM * 2 <= STATUS_OUT_MAX, "two responses fit");

enum doc_kind { DOC_STATUS, DOC_METRICS, DOC_PAGE, DOC_KINDS };

struct status_doc {
	char		*buf;		/* STATUS_DOC_MAX bytes */
	size_t		 len;
	unsigned	 refs;		/* clients still writing it */
	time_t		 sec;		/* rendered in this second */
	uint64_t	 gen;		/* of this state */
};

enum conn_state { CONN_FREE, CONN_HANDSHAKE, CONN_OPEN, CONN_LINGER };

struct status;

struct status_conn {
	struct status		*st;
	int			 fd;
	enum conn_state		 state;
	struct net_tls_conn	*tls;
	short			 events;	/* what the loop watches */
	bool			 closing;	/* close after the output */
	bool			 peer_eof;
	bool			 want_read;	/* TLS write needs the peer */
	uint64_t		 last_ms;	/* last progress either way */
	uint64_t		 head_ms;	/* a head or handshake began */
	uint64_t		 doc_ms;	/* the large body was queued */
	uint64_t		 seq;		/* admission order */
	size_t			 in_len;
	size_t			 parsed;	/* in_len at last HTTP_MORE */
	size_t			 out_off, out_len;
	struct status_doc	*doc;		/* large body after out */
	size_t			 doc_off;
	char			 in[HTTP_REQ_MAX];
	char			 out[STATUS_OUT_MAX];
};

struct status {
	struct loop		*loop;
	struct daemon_view	*view;
	int			 lfd;
	char			 listen[CONF_STR_MAX];	/* lfd's address */
	struct net_tls		*tls;
	bool			 has_token;
	uint8_t			 token_sha[32];
	char			 camera[CONF_STR_MAX];	/* before a scan */
	int64_t			 sweep_timer;
	int64_t			 resume_timer;
	uint64_t		 gen;		/* bumped on view changes */
	uint64_t		 warned_gen;	/* last "too large" warning */
	uint64_t		 seq;		/* clients admitted */
	size_t			 n_conns;
	char			*doc_mem;
	struct status_doc	 docs[STATUS_DOC_SLOTS];
	struct status_doc	*current[DOC_KINDS];
	size_t			 n_blocks;	/* listed in a rendering */
	struct status_block	 blocks[STATUS_BLOCKS_MAX];
	int64_t			 mono_now, wall_now;
	time_t			 date_sec;
	char			 date[40];
	struct status_conn	 conns[STATUS_CONN_MAX];
};

/* What an apply prepares before anything changes. */
struct status_settings {
	int		 lfd;		/* a new listener, or -1 */
	struct net_tls	*tls;
	bool		 has_token;
	uint8_t		 token_sha[32];
};

static void	conn_cb(int, short, void *);
static void	sweep_arm(struct status *);

/* ---- documents ------------------------------------------------------ */

/*
 * A block in the detector's table.  Its end is on the detector's clock,
 * CLOCK_MONOTONIC seconds (as ids_service.c feeds it); the documents show
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
	b->net = *net;
	b->until = until ? st->wall_now + (until - st->mono_now) : 0;
	if (b->until == 0 || b->until > st->wall_now)
		st->n_blocks++;
}

static void
blocks_collect(struct status *st, time_t now)
{
	struct timespec ts;

	st->n_blocks = 0;
	if (!st->view->detect || clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return;
	st->mono_now = (int64_t)ts.tv_sec;
	st->wall_now = (int64_t)now;
	ids_detect_blocked(st->view->detect, block_collect, st,
	    STATUS_BLOCKS_MAX);
}

static int
doc_render(struct status *st, struct status_doc *d, enum doc_kind kind,
    time_t now)
{
	struct status_snapshot snap;
	int n;

	blocks_collect(st, now);
	snap = (struct status_snapshot){ st->view, st->camera, now,
	    st->blocks, st->n_blocks };
	if (kind == DOC_STATUS) {
		n = status_json(d->buf, STATUS_DOC_MAX - 1, &snap);
		if (n >= 0)
			d->buf[n++] = '\n';
	} else if (kind == DOC_METRICS)
		n = status_metrics(d->buf, STATUS_DOC_MAX, &snap);
	else
		n = status_page(d->buf, STATUS_DOC_MAX, &snap);
	if (n < 0) {	/* said once per state, not once per request */
		if (st->warned_gen != st->gen)
			log_warnx("status: a document is larger than %d bytes",
			    STATUS_DOC_MAX);
		st->warned_gen = st->gen;
		return -1;
	}
	d->len = (size_t)n;
	d->sec = now;
	d->gen = st->gen;
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

	if (d && d->refs == 0)
		return d;
	for (i = 0; i < STATUS_DOC_SLOTS; i++) {
		d = &st->docs[i];
		if (d->refs)
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
doc_get(struct status *st, enum doc_kind kind, int *code)
{
	struct status_doc *d = st->current[kind];
	time_t now = time(NULL);

	if (d && d->sec == now && d->gen == st->gen)
		return d;
	if (!(d = doc_slot(st, kind))) {
		*code = 503;
		return NULL;
	}
	st->current[kind] = NULL;
	if (doc_render(st, d, kind, now) < 0) {
		*code = 500;
		return NULL;
	}
	st->current[kind] = d;
	return d;
}

/* ---- tokens --------------------------------------------------------- */

static bool
token_char_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c && strchr("-._~+/=", c));
}

/* The first line of path, trimmed; its SHA-256 into sha. */
static int
token_load(const char *path, uint8_t sha[32])
{
	char buf[STATUS_TOKEN_MAX + 1], err[CONF_PATH_MAX + 64] = "";
	size_t len, i;
	struct stat sb;
	FILE *f = fmemopen(err, sizeof(err), "w");
	int rc = f ? readfile(path, buf, STATUS_TOKEN_MAX, &len, f) : -1;

	if (f)
		fclose(f);
	if (rc < 0) {
		log_warnx("status: token file %s", err[0] ? err : path);
		return -1;
	}
	len = strcspn(buf, "\r\n");
	while (len > 0 && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
		len--;
	for (i = 0; i < len && token_char_ok((unsigned char)buf[i]); i++)
		;
	if (len == 0 || i != len) {
		log_warnx("status: token file %s: want one token of letters, "
		    "digits and -._~+/=", path);
		explicit_bzero(buf, sizeof(buf));
		return -1;
	}
	digest_sha256(buf, len, sha);
	explicit_bzero(buf, sizeof(buf));
	if (stat(path, &sb) == 0 && (sb.st_mode & 077))
		log_warnx("status: token file %s is readable by others", path);
	return 0;
}

static bool
token_ok(const struct status *st, const char *buf,
    const struct http_req *req)
{
	struct http_span tok;
	uint8_t sha[32], diff = 0;
	size_t i;

	if (!http_bearer(buf, req, &tok))
		return false;
	digest_sha256(buf + tok.off, tok.len, sha);
	for (i = 0; i < sizeof(sha); i++)
		diff |= (uint8_t)(sha[i] ^ st->token_sha[i]);
	return diff == 0;
}

/* ---- responses ------------------------------------------------------ */

static const char *
status_reason(int code)
{
	switch (code) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 503:
		return "Service Unavailable";
	case 505:
		return "HTTP Version Not Supported";
	default:
		return "Error";
	}
}

static const char *
status_date(struct status *st)
{
	time_t now = time(NULL);
	struct tm tm;

	if (now != st->date_sec && gmtime_r(&now, &tm)) {
		strftime(st->date, sizeof(st->date),
		    "%a, %d %b %Y %H:%M:%S GMT", &tm);
		st->date_sec = now;
	}
	return st->date;
}

struct status_resp {
	int		 code;
	const char	*ctype;
	const char	*extra;		/* header lines, each with CRLF */
	size_t		 clen;
	bool		 head;		/* HEAD: no body */
	bool		 keep;
	unsigned	 minor;
};

/* Make the free space at the end of out as large as it can be. */
static size_t
conn_room(struct status_conn *c)
{
	if (c->out_off > 0) {
		memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
		c->out_len -= c->out_off;
		c->out_off = 0;
	}
	return STATUS_OUT_MAX - c->out_len;
}

static void
conn_put(struct status_conn *c, const char *s, size_t n)
{
	if (n > STATUS_OUT_MAX - c->out_len) {
		c->closing = true;	/* cannot happen: room was checked */
		return;
	}
	memcpy(c->out + c->out_len, s, n);
	c->out_len += n;
}

static void
conn_head(struct status *st, struct status_conn *c,
    const struct status_resp *r)
{
	char h[STATUS_RESP_ROOM];
	const char *conn = !r->keep ? "Connection: close\r\n" :
	    r->minor == 0 ? "Connection: keep-alive\r\n" : "";
	int n;

	n = snprintf(h, sizeof(h), "HTTP/1.1 %d %s\r\nDate: %s\r\n"
	    "Content-Type: %s\r\nContent-Length: %zu\r\n"
	    "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
	    "%s%s\r\n", r->code, status_reason(r->code), status_date(st),
	    r->ctype, r->clen, r->extra ? r->extra : "", conn);
	if (n < 0 || (size_t)n >= sizeof(h)) {
		c->closing = true;
		return;
	}
	conn_put(c, h, (size_t)n);
	if (!r->keep)
		c->closing = true;
}

static void
conn_small(struct status *st, struct status_conn *c, struct status_resp *r,
    int code, const char *body)
{
	r->code = code;
	r->ctype = "text/plain; charset=utf-8";
	r->clen = strlen(body);
	conn_head(st, c, r);
	if (!r->head)
		conn_put(c, body, r->clen);
}

static const char *const doc_ctype[DOC_KINDS] = {
	[DOC_STATUS] = "application/json",
	[DOC_METRICS] = "text/plain; version=0.0.4; charset=utf-8",
	[DOC_PAGE] = "text/html; charset=utf-8",
};

static const char page_headers[] =
	"Content-Security-Policy: default-src 'none'; "
	"style-src 'unsafe-inline'; frame-ancestors 'none'; "
	"base-uri 'none'; form-action 'none'\r\n"
	"Referrer-Policy: no-referrer\r\n";

static void
conn_doc(struct status *st, struct status_conn *c, struct status_resp *r,
    enum doc_kind kind)
{
	int code = 500;
	struct status_doc *d = doc_get(st, kind, &code);

	if (!d) {
		r->keep = false;
		conn_small(st, c, r, code, code == 503 ? "busy, retry\n" :
		    "internal error\n");
		return;
	}
	r->code = 200;
	r->ctype = doc_ctype[kind];
	r->clen = d->len;
	r->extra = kind == DOC_PAGE ? page_headers : NULL;
	conn_head(st, c, r);
	if (r->head)
		return;
	c->doc = d;
	c->doc_off = 0;
	c->doc_ms = loop_now_ms(st->loop);
	d->refs++;
}

static bool
path_is(const char *p, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(p, want, n) == 0;
}

static void
conn_request(struct status *st, struct status_conn *c,
    const struct http_req *req)
{
	const char *p = c->in + req->path.off;
	size_t n = req->path.len;
	struct status_resp r = { .head = req->method == HTTP_M_HEAD,
		.keep = req->keep_alive, .minor = req->minor };

	if (path_is(p, n, "/livez"))
		conn_small(st, c, &r, 200, "ok\n");
	else if (st->has_token && !token_ok(st, c->in, req)) {
		r.extra = req->has_auth ? "WWW-Authenticate: Bearer realm="
		    "\"camguard\", error=\"invalid_token\"\r\n" :
		    "WWW-Authenticate: Bearer realm=\"camguard\"\r\n";
		conn_small(st, c, &r, 401, "unauthorized\n");
	} else if (path_is(p, n, "/readyz"))
		conn_small(st, c, &r, st->view->scans ? 200 : 503,
		    st->view->scans ? "ready\n" : "no scan has finished\n");
	else if (path_is(p, n, "/status"))
		conn_doc(st, c, &r, DOC_STATUS);
	else if (path_is(p, n, "/metrics"))
		conn_doc(st, c, &r, DOC_METRICS);
	else if (path_is(p, n, "/"))
		conn_doc(st, c, &r, DOC_PAGE);
	else
		conn_small(st, c, &r, 404, "not found\n");
}

static void
conn_error(struct status *st, struct status_conn *c, int rc)
{
	struct status_resp r = { .keep = false, .minor = 1 };
	char body[64];

	log_debug("status: client request refused: %s",
	    http_parse_strerror(rc));
	if (rc == HTTP_E_METHOD)
		r.extra = "Allow: GET, HEAD\r\n";
	snprintf(body, sizeof(body), "%s\n", http_parse_strerror(rc));
	conn_small(st, c, &r, http_parse_status(rc), body);
	c->in_len = 0;
	c->parsed = 0;
}

/* ---- one client ----------------------------------------------------- */

static bool
conn_pending(const struct status_conn *c)
{
	return c->out_off < c->out_len || c->doc != NULL;
}

/* New bytes since the last incomplete parse could finish a line. */
static bool
conn_parse_due(const struct status_conn *c)
{
	return c->in_len > 0 && (c->parsed == 0 ||
	    c->in_len >= HTTP_REQ_MAX ||
	    memchr(c->in + c->parsed, '\n', c->in_len - c->parsed));
}

static void
conn_consume(struct status *st, struct status_conn *c, size_t n)
{
	memmove(c->in, c->in + n, c->in_len - n);
	c->in_len -= n;
	c->parsed = 0;
	c->head_ms = c->in_len ? loop_now_ms(st->loop) : 0;
}

/* Answer every complete request that fits; stop at a large body. */
static void
conn_process(struct status *st, struct status_conn *c)
{
	struct http_req req;
	int rc;

	while (!c->closing && !c->doc && conn_parse_due(c) &&
	    conn_room(c) >= STATUS_RESP_ROOM) {
		rc = http_parse(c->in, c->in_len, &req);
		if (rc == HTTP_MORE) {
			c->parsed = c->in_len;
			break;
		}
		if (rc < 0) {
			conn_error(st, c, rc);
			break;
		}
		conn_request(st, c, &req);
		conn_consume(st, c, req.head_len);
	}
}

/* Bytes read into in, 0 for none now, -1 when the client is gone. */
static int
conn_read(struct status *st, struct status_conn *c)
{
	size_t room = HTTP_REQ_MAX - c->in_len;
	ssize_t n;

	if (room == 0 || c->closing || c->peer_eof)
		return 0;
	if (c->tls)
		n = net_tls_read(c->tls, c->in + c->in_len, room);
	else
		n = recv(c->fd, c->in + c->in_len, room, 0);
	if (n > 0) {
		if (c->in_len == 0)
			c->head_ms = loop_now_ms(st->loop);
		c->in_len += (size_t)n;
		c->last_ms = loop_now_ms(st->loop);
		return 1;
	}
	if (n == 0)
		c->peer_eof = true;
	else if (c->tls)
		return n == NET_TLS_ERROR ? -1 : 0;
	else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
		return -1;
	return 0;
}

static ssize_t
conn_send(struct status_conn *c)
{
	struct iovec iov[2];
	struct msghdr msg = { .msg_iov = iov };

	if (c->out_off < c->out_len) {
		iov[msg.msg_iovlen].iov_base = c->out + c->out_off;
		iov[msg.msg_iovlen++].iov_len = c->out_len - c->out_off;
	}
	if (c->doc) {
		iov[msg.msg_iovlen].iov_base = c->doc->buf + c->doc_off;
		iov[msg.msg_iovlen++].iov_len = c->doc->len - c->doc_off;
	}
	if (c->tls)	/* one at a time; a WANT repeats the same bytes */
		return net_tls_write(c->tls, iov[0].iov_base, iov[0].iov_len);
	return sendmsg(c->fd, &msg, MSG_NOSIGNAL);
}

static void
doc_release(struct status_conn *c)
{
	if (c->doc)
		c->doc->refs--;
	c->doc = NULL;
	c->doc_off = 0;
}

static void
conn_advance(struct status_conn *c, size_t n)
{
	size_t an = c->out_len - c->out_off;

	if (n < an) {
		c->out_off += n;
		return;
	}
	c->out_off = c->out_len = 0;
	c->doc_off += n - an;
	if (c->doc && c->doc_off >= c->doc->len)
		doc_release(c);
}

/* Write until done or the socket is full; -1 when the client is gone. */
static int
conn_flush(struct status *st, struct status_conn *c)
{
	ssize_t n;

	c->want_read = false;
	while (conn_pending(c)) {
		n = conn_send(c);
		if (n > 0) {
			conn_advance(c, (size_t)n);
			c->last_ms = loop_now_ms(st->loop);
			continue;
		}
		if (c->tls && (n == NET_TLS_WANT_WRITE ||
		    n == NET_TLS_WANT_READ)) {
			c->want_read = n == NET_TLS_WANT_READ;
			return 0;
		}
		if (!c->tls && n < 0 && (errno == EAGAIN ||
		    errno == EWOULDBLOCK || errno == EINTR))
			return 0;
		return -1;
	}
	return 0;
}

static void
conn_set_events(struct status *st, struct status_conn *c, short ev)
{
	if (ev == c->events)
		return;
	c->events = ev;
	loop_fd_events(st->loop, c->fd, ev);
}

static void
conn_close(struct status *st, struct status_conn *c)
{
	loop_fd_del(st->loop, c->fd);
	net_tls_close(c->tls, 0);
	close(c->fd);
	doc_release(c);
	c->fd = -1;
	c->state = CONN_FREE;
	c->tls = NULL;
	c->events = 0;
	c->closing = c->peer_eof = c->want_read = false;
	c->last_ms = c->head_ms = c->doc_ms = 0;
	c->in_len = c->parsed = 0;
	c->out_off = c->out_len = 0;
	st->n_conns--;
}

/* The last response is out: say goodbye, then drain what comes. */
static void
conn_finish(struct status *st, struct status_conn *c)
{
	if (c->tls) {
		net_tls_close(c->tls, 1);
		c->tls = NULL;
	}
	if (c->peer_eof || shutdown(c->fd, SHUT_WR) < 0) {
		conn_close(st, c);
		return;
	}
	c->state = CONN_LINGER;
	c->last_ms = loop_now_ms(st->loop);
	c->in_len = 0;
	conn_set_events(st, c, POLLIN);
}

/* Work that needs no socket event: parked requests, TLS buffered data. */
static bool
conn_has_work(const struct status_conn *c)
{
	if (c->closing)
		return false;
	if (!c->doc && conn_parse_due(c))
		return true;
	return c->tls && c->in_len < HTTP_REQ_MAX && !c->peer_eof &&
	    net_tls_pending(c->tls);
}

static void
conn_settle(struct status *st, struct status_conn *c)
{
	short ev = 0;

	if (!conn_pending(c) && c->closing) {
		conn_finish(st, c);
		return;
	}
	if (!conn_pending(c) && c->peer_eof && !conn_has_work(c)) {
		conn_close(st, c);
		return;
	}
	if (!c->closing && !c->peer_eof && c->in_len < HTTP_REQ_MAX)
		ev |= POLLIN;
	if (c->want_read)
		ev |= POLLIN;
	if (conn_pending(c) || conn_has_work(c))
		ev |= POLLOUT;
	conn_set_events(st, c, ev);
}

static void
conn_pump(struct status *st, struct status_conn *c, bool readable)
{
	int round;

	for (round = 0; round < STATUS_PUMP_ROUNDS; round++) {
		if (readable && conn_read(st, c) < 0) {
			conn_close(st, c);
			return;
		}
		conn_process(st, c);
		if (conn_flush(st, c) < 0) {
			conn_close(st, c);
			return;
		}
		if (conn_pending(c) || !conn_has_work(c))
			break;
		readable = c->tls != NULL;
	}
	conn_settle(st, c);
}

static void
conn_handshake(struct status *st, struct status_conn *c)
{
	int rc = net_tls_handshake(c->tls);

	if (rc == 0) {
		c->state = CONN_OPEN;
		c->last_ms = loop_now_ms(st->loop);
		c->head_ms = 0;
		conn_pump(st, c, true);
	} else if (rc == NET_TLS_WANT_READ)
		conn_set_events(st, c, POLLIN);
	else if (rc == NET_TLS_WANT_WRITE)
		conn_set_events(st, c, POLLOUT);
	else
		conn_close(st, c);
}

static void
conn_linger(struct status *st, struct status_conn *c)
{
	ssize_t n = recv(c->fd, c->in, sizeof(c->in), 0);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
	    errno != EINTR))
		conn_close(st, c);
}

static void
conn_cb(int fd, short revents, void *arg)
{
	struct status_conn *c = arg;
	struct status *st = c->st;

	(void)fd;
	if (revents & POLLNVAL) {
		conn_close(st, c);
		return;
	}
	switch (c->state) {
	case CONN_HANDSHAKE:
		conn_handshake(st, c);
		break;
	case CONN_LINGER:
		conn_linger(st, c);
		break;
	case CONN_OPEN:
		if (revents & POLLERR)
			conn_close(st, c);
		else
			conn_pump(st, c, revents & (POLLIN | POLLHUP));
		break;
	case CONN_FREE:
		break;
	}
}

/* ---- the table of clients ------------------------------------------- */

/*
 * How willingly a client is dropped to admit another: lingering first,
 * then idle ones (and TLS handshakes), then those still sending a head;
 * never one with a response on its way.  -1: keep it.
 */
static int
conn_rank(const struct status_conn *c, uint64_t *since)
{
	*since = c->last_ms;
	if (c->state == CONN_LINGER)
		return 0;
	if (c->state == CONN_HANDSHAKE || (c->state == CONN_OPEN &&
	    !conn_pending(c) && !c->closing && c->in_len == 0))
		return 1;
	*since = c->head_ms;
	if (c->state == CONN_OPEN && !conn_pending(c) && !c->closing)
		return 2;
	return -1;
}

/* Older: earlier progress, then earlier admission. */
static bool
conn_older(const struct status_conn *a, uint64_t a_since,
    const struct status_conn *b, uint64_t b_since)
{
	return a_since != b_since ? a_since < b_since : a->seq < b->seq;
}

static struct status_conn *
conn_victim(struct status *st)
{
	struct status_conn *best = NULL, *c;
	uint64_t since, best_since = 0;
	int rank, best_rank = 3, i;

	for (i = 0; i < STATUS_CONN_MAX; i++) {
		c = &st->conns[i];
		if (c->state == CONN_FREE)
			continue;
		rank = conn_rank(c, &since);
		if (rank < 0 || rank > best_rank || (rank == best_rank &&
		    !conn_older(c, since, best, best_since)))
			continue;
		best = c;
		best_rank = rank;
		best_since = since;
	}
	return best;
}

static struct status_conn *
conn_slot(struct status *st)
{
	size_t cap = st->tls ? STATUS_TLS_CONN_MAX : STATUS_CONN_MAX;
	struct status_conn *c;
	int i;

	if (st->n_conns >= cap) {
		if (!(c = conn_victim(st)))
			return NULL;
		log_debug("status: %zu clients, dropping the oldest idle one",
		    st->n_conns);
		conn_close(st, c);
		return c;
	}
	for (i = 0; i < STATUS_CONN_MAX; i++)
		if (st->conns[i].state == CONN_FREE)
			return &st->conns[i];
	return NULL;
}

/* Every client is busy: a plain-text client is told so. */
static void
conn_refuse(struct status *st, int fd)
{
	static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\n"
	    "Content-Length: 0\r\nRetry-After: 1\r\nConnection: close\r\n\r\n";

	if (!st->tls && send(fd, busy, sizeof(busy) - 1, MSG_NOSIGNAL) < 0)
		log_debug("status: refusing a client: %s", strerror(errno));
	close(fd);
}

static void
conn_admit(struct status *st, int fd)
{
	struct status_conn *c = conn_slot(st);
	uint64_t now = loop_now_ms(st->loop);
	int one = 1;

	if (!c) {
		conn_refuse(st, fd);
		return;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->tls = st->tls ? net_tls_accept(st->tls, fd) : NULL;
	if ((st->tls && !c->tls) ||
	    loop_fd_add(st->loop, fd, POLLIN, conn_cb, c) < 0) {
		log_warn("status: cannot take a client");
		net_tls_close(c->tls, 0);
		c->tls = NULL;
		close(fd);
		return;
	}
	c->st = st;
	c->fd = fd;
	c->state = c->tls ? CONN_HANDSHAKE : CONN_OPEN;
	c->events = POLLIN;
	c->last_ms = c->head_ms = now;
	c->seq = ++st->seq;
	if (!c->tls)
		c->head_ms = 0;
	st->n_conns++;
	sweep_arm(st);
}

static bool
conn_expired(const struct status_conn *c, uint64_t now)
{
	if (c->state == CONN_LINGER)
		return now - c->last_ms >= STATUS_LINGER_MS;
	if (c->head_ms && now - c->head_ms >= STATUS_HEAD_MS)
		return true;
	if (c->doc && now - c->doc_ms >= STATUS_HEAD_MS)
		return true;
	return now - c->last_ms >= STATUS_IDLE_MS;
}

static void
sweep_cb(void *arg)
{
	struct status *st = arg;
	uint64_t now = loop_now_ms(st->loop);
	int i;

	st->sweep_timer = 0;
	for (i = 0; i < STATUS_CONN_MAX; i++)
		if (st->conns[i].state != CONN_FREE &&
		    conn_expired(&st->conns[i], now))
			conn_close(st, &st->conns[i]);
	sweep_arm(st);
}

static void
sweep_arm(struct status *st)
{
	if (st->sweep_timer > 0 || st->n_conns == 0)
		return;
	st->sweep_timer = loop_timer_add(st->loop, STATUS_SWEEP_MS, sweep_cb,
	    st);
	if (st->sweep_timer < 0)
		log_warn("status: idle timer");
}

static void
conns_close_all(struct status *st)
{
	int i;

	for (i = 0; i < STATUS_CONN_MAX; i++)
		if (st->conns[i].state != CONN_FREE)
			conn_close(st, &st->conns[i]);
}

/* ---- the listener --------------------------------------------------- */

static void
accept_resume(void *arg)
{
	struct status *st = arg;

	st->resume_timer = 0;
	if (st->lfd >= 0)
		loop_fd_events(st->loop, st->lfd, POLLIN);
}

/* Out of descriptors: stop accepting for a second rather than spin. */
static void
accept_pause(struct status *st)
{
	log_warn("status: accept");
	loop_fd_events(st->loop, st->lfd, 0);
	if (st->resume_timer <= 0)
		st->resume_timer = loop_timer_add(st->loop, STATUS_SWEEP_MS,
		    accept_resume, st);
}

static void
listener_cb(int fd, short revents, void *arg)
{
	struct status *st = arg;
	int cfd, i;

	(void)revents;
	for (i = 0; i < STATUS_BACKLOG; i++) {
		cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd >= 0) {
			conn_admit(st, cfd);
			continue;
		}
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM)
			accept_pause(st);
		break;
	}
}

static int
listener_addr(const char *listen_s, struct sockaddr_storage *ss,
    socklen_t *sl)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	char host[ADDR_STR_MAX];
	uint16_t port;

	memset(ss, 0, sizeof(*ss));
	if (addr_parse_listen(listen_s, host, sizeof(host), &port) < 0)
		return -1;
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*sl = sizeof(*sin);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		*sl = sizeof(*sin6);
		return 0;
	}
	return -1;
}

/* A listening socket on listen_s, registered with the loop; -1, errno. */
static int
listener_open(struct status *st, const char *listen_s)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, one = 1, saved;

	if (listener_addr(listen_s, &ss, &sl) < 0) {
		errno = EINVAL;
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    (ss.ss_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6,
	    IPV6_V6ONLY, &one, sizeof(one)) < 0) ||
	    bind(fd, (struct sockaddr *)&ss, sl) < 0 ||
	    listen(fd, STATUS_BACKLOG) < 0 ||
	    loop_fd_add(st->loop, fd, POLLIN, listener_cb, st) < 0) {
		saved = errno;
		if (fd >= 0)
			close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static void
listener_close(struct status *st)
{
	if (st->lfd < 0)
		return;
	loop_fd_del(st->loop, st->lfd);
	close(st->lfd);
	st->lfd = -1;
	loop_timer_cancel(st->loop, st->resume_timer);
	st->resume_timer = 0;
}

/*
 * Listen on a new address; -1 (logged) keeps the old one.  When the old
 * socket holds the port the new one needs (127.0.0.1:8091 to
 * 0.0.0.0:8091), let it go first and take it back if the new one still
 * fails.
 */
static int
listener_rebind(struct status *st, const char *want)
{
	int fd = listener_open(st, want), saved = errno;

	if (fd < 0 && saved == EADDRINUSE && st->lfd >= 0) {
		listener_close(st);
		fd = listener_open(st, want);
		saved = errno;
		if (fd < 0 && (st->lfd = listener_open(st, st->listen)) < 0) {
			log_warn("status: lost the listener on %s",
			    st->listen);
			st->listen[0] = '\0';
		}
	}
	if (fd < 0) {
		errno = saved;
		log_warn("status: listen on %s", want);
	}
	return fd;
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
settings_tls(const struct conf *c, struct status_settings *s)
{
	const struct conf_tls *t = &c->status.tls;

	if (!t->cert_file[0] && !t->key_file[0])
		return 0;
	if (!t->cert_file[0] || !t->key_file[0]) {
		log_warnx("status: TLS needs both tls.cert_file and "
		    "tls.key_file");
		return -1;
	}
	s->tls = net_tls_server_new(t->cert_file, t->key_file,
	    STATUS_TLS_CONN_MAX);
	return s->tls ? 0 : -1;
}

/* Everything an apply needs, made before anything changes. */
static int
settings_load(struct status *st, const struct conf *c,
    struct status_settings *s)
{
	const char *want = c->status.listen;

	s->lfd = -1;
	if (c->status.token_file[0]) {
		if (token_load(c->status.token_file, s->token_sha) < 0)
			return -1;
		s->has_token = true;
	}
	if (settings_tls(c, s) < 0)
		return -1;
	if ((st->lfd < 0 || strcmp(st->listen, want) != 0) &&
	    (s->lfd = listener_rebind(st, want)) < 0) {
		net_tls_server_free(s->tls);
		return -1;
	}
	return 0;
}

static void
settings_commit(struct status *st, const struct conf *c,
    struct status_settings *s)
{
	if (s->tls || st->tls) {
		conns_close_all(st);
		net_tls_server_free(st->tls);
		st->tls = s->tls;
	}
	if (s->lfd >= 0) {
		listener_close(st);
		st->lfd = s->lfd;
		snprintf(st->listen, sizeof(st->listen), "%s",
		    c->status.listen);
		log_info("status: listening on %s%s", st->listen,
		    st->tls ? " (TLS)" : "");
	}
	st->has_token = s->has_token;
	memcpy(st->token_sha, s->token_sha, sizeof(st->token_sha));
	explicit_bzero(s->token_sha, sizeof(s->token_sha));
}

/* status.enabled became false: stop listening, keep the object. */
static void
status_quiesce(struct status *st)
{
	conns_close_all(st);
	listener_close(st);
	net_tls_server_free(st->tls);
	st->tls = NULL;
	st->listen[0] = '\0';
}

static int
status_apply(void *arg, struct daemon_view *view)
{
	struct status *st = arg;
	const struct conf *c = view->conf;
	struct status_settings s = { .lfd = -1 };

	st->view = view;
	if (!c->status.enabled) {
		status_quiesce(st);
		return 0;
	}
	if (settings_load(st, c, &s) < 0)
		return -1;
	settings_commit(st, c, &s);
	status_camera_fallback(st, c);
	st->gen++;
	return 0;
}

static void
status_free(struct status *st)
{
	status_quiesce(st);
	loop_timer_cancel(st->loop, st->sweep_timer);
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
	st->lfd = -1;
	for (i = 0; i < STATUS_CONN_MAX; i++) {
		st->conns[i].st = st;
		st->conns[i].fd = -1;
	}
	for (i = 0; i < STATUS_DOC_SLOTS; i++)
		st->docs[i].buf = st->doc_mem + (size_t)i * STATUS_DOC_MAX;
	if (status_apply(st, view) < 0) {
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
