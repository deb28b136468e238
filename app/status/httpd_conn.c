/*
 * httpd_conn.c - one client of the HTTP/1.1 server (httpd.h): its bytes
 * in, its requests through http_parse() and the service's handler, its
 * responses out, a TLS handshake first and a linger last.
 *
 * Owns a client's life between admission and close: reading into its
 * HTTP_REQ_MAX buffer, answering every complete request that fits (in
 * order, so pipelining works), writing the head and small bodies from its
 * HTTPD_OUT_MAX buffer followed by at most one shared large body, and the
 * events it asks the loop for.  Writes never block: what the socket does
 * not take waits for POLLOUT.  It does not admit, evict or time out
 * clients, nor listen: that is the table in httpd.c.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "core/cg_limits.h"
#include "core/log.h"
#include "core/loop.h"
#include "platform/net/net_tls.h"
#include "proto/http_parse.h"
#include "status/httpd.h"
#include "status/httpd_conn.h"

/* Room a response head plus a small body needs in the output buffer. */
#define HTTPD_RESP_ROOM		1024
/* Read/process/write rounds per wake-up before others get a turn. */
#define HTTPD_PUMP_ROUNDS	8

_Static_assert(HTTPD_RESP_ROOM * 2 <= HTTPD_OUT_MAX, "two responses fit");

/* The head of one response, as the server writes it. */
struct resp_head {
	int		 code;
	const char	*ctype;
	const char	*extra;		/* header lines, each with CRLF */
	size_t		 clen;
	bool		 head;		/* HEAD: no body */
	bool		 keep;
	unsigned	 minor;
};

/* ---- responses ------------------------------------------------------ */

static const char *
reason(int code)
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
http_date(struct httpd *srv)
{
	time_t now = time(NULL);
	struct tm tm;

	if (now != srv->date_sec && gmtime_r(&now, &tm)) {
		strftime(srv->date, sizeof(srv->date),
		    "%a, %d %b %Y %H:%M:%S GMT", &tm);
		srv->date_sec = now;
	}
	return srv->date;
}

/* Make the free space at the end of out as large as it can be. */
static size_t
conn_room(struct httpd_conn *c)
{
	if (c->out_off > 0) {
		memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
		c->out_len -= c->out_off;
		c->out_off = 0;
	}
	return HTTPD_OUT_MAX - c->out_len;
}

static void
conn_put(struct httpd_conn *c, const char *s, size_t n)
{
	if (n > HTTPD_OUT_MAX - c->out_len) {
		c->closing = true;	/* cannot happen: room was checked */
		return;
	}
	memcpy(c->out + c->out_len, s, n);
	c->out_len += n;
}

static void
conn_head(struct httpd *srv, struct httpd_conn *c,
    const struct resp_head *r)
{
	char h[HTTPD_RESP_ROOM];
	const char *conn = !r->keep ? "Connection: close\r\n" :
	    r->minor == 0 ? "Connection: keep-alive\r\n" : "";
	int n;

	n = snprintf(h, sizeof(h), "HTTP/1.1 %d %s\r\nDate: %s\r\n"
	    "Content-Type: %s\r\nContent-Length: %zu\r\n"
	    "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
	    "%s%s\r\n", r->code, reason(r->code), http_date(srv),
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
conn_copy(struct httpd *srv, struct httpd_conn *c, struct resp_head *r,
    const char *body)
{
	r->clen = strlen(body);
	conn_head(srv, c, r);
	if (!r->head)
		conn_put(c, body, r->clen);
}

static void
conn_small(struct httpd *srv, struct httpd_conn *c, struct resp_head *r,
    int code, const char *body)
{
	r->code = code;
	r->ctype = "text/plain; charset=utf-8";
	conn_copy(srv, c, r, body);
}

/* The handler's answer: a small body copied, or a shared one referenced. */
static void
conn_respond(struct httpd *srv, struct httpd_conn *c, struct resp_head *r,
    const struct httpd_resp *resp)
{
	if (resp->close)
		r->keep = false;
	r->code = resp->code;
	r->ctype = resp->ctype ? resp->ctype : "text/plain; charset=utf-8";
	r->extra = resp->extra;
	if (!resp->large) {
		conn_copy(srv, c, r, resp->body ? resp->body : "");
		return;
	}
	r->clen = resp->large->len;
	conn_head(srv, c, r);
	if (r->head)
		return;
	c->body = resp->large;
	c->body_off = 0;
	c->body_ms = loop_now_ms(srv->loop);
	resp->large->refs++;
}

/*
 * A wrong token: this connection's answer waits HTTPD_AUTH_DELAY_MS,
 * twice as long at each failure on it, at most HTTPD_AUTH_DELAY_MAX_MS;
 * meanwhile nothing more is read or answered on it.  Guessing on one
 * connection goes from thousands a second to a few.
 */
static void
conn_hold(struct httpd *srv, struct httpd_conn *c)
{
	uint64_t ms = HTTPD_AUTH_DELAY_MS;
	uint32_t i;

	for (i = 1; i < c->auth_fails + 1 && ms < HTTPD_AUTH_DELAY_MAX_MS; i++)
		ms *= 2;
	if (ms > HTTPD_AUTH_DELAY_MAX_MS)
		ms = HTTPD_AUTH_DELAY_MAX_MS;
	c->auth_fails++;
	c->hold_until_ms = loop_now_ms(srv->loop) + ms;
	httpd_hold_arm(srv, c->hold_until_ms);
}

static void
conn_request(struct httpd *srv, struct httpd_conn *c,
    const struct http_req *req)
{
	struct resp_head r = { .head = req->method == HTTP_M_HEAD,
		.keep = req->keep_alive, .minor = req->minor };
	struct httpd_resp resp = { .code = 500 };

	srv->handler(srv->arg, srv, c->in, req, &resp);
	conn_respond(srv, c, &r, &resp);
	if (resp.auth_failed)
		conn_hold(srv, c);
}

static void
conn_error(struct httpd *srv, struct httpd_conn *c, int rc)
{
	struct resp_head r = { .keep = false, .minor = 1 };
	char body[64];

	log_debug("%s: client request refused: %s", srv->name,
	    http_parse_strerror(rc));
	if (rc == HTTP_E_METHOD)
		r.extra = "Allow: GET, HEAD\r\n";
	snprintf(body, sizeof(body), "%s\n", http_parse_strerror(rc));
	conn_small(srv, c, &r, http_parse_status(rc), body);
	c->in_len = 0;
	c->parsed = 0;
}

/* ---- one client ----------------------------------------------------- */

bool
httpd_conn_pending(const struct httpd_conn *c)
{
	return c->out_off < c->out_len || c->body != NULL;
}

/* New bytes since the last incomplete parse could finish a line. */
static bool
conn_parse_due(const struct httpd_conn *c)
{
	return c->in_len > 0 && (c->parsed == 0 ||
	    c->in_len >= HTTP_REQ_MAX ||
	    memchr(c->in + c->parsed, '\n', c->in_len - c->parsed));
}

static void
conn_consume(struct httpd *srv, struct httpd_conn *c, size_t n)
{
	memmove(c->in, c->in + n, c->in_len - n);
	c->in_len -= n;
	c->parsed = 0;
	c->head_ms = c->in_len ? loop_now_ms(srv->loop) : 0;
}

/* Answer every complete request that fits; stop at a large body. */
static void
conn_process(struct httpd *srv, struct httpd_conn *c)
{
	struct http_req req;
	int rc;

	while (!c->closing && !c->body && !c->hold_until_ms &&
	    conn_parse_due(c) && conn_room(c) >= HTTPD_RESP_ROOM) {
		rc = http_parse(c->in, c->in_len, &req);
		if (rc == HTTP_MORE) {
			c->parsed = c->in_len;
			break;
		}
		if (rc < 0) {
			conn_error(srv, c, rc);
			break;
		}
		conn_request(srv, c, &req);
		conn_consume(srv, c, req.head_len);
	}
}

/* Bytes read into in, 0 for none now, -1 when the client is gone. */
static int
conn_read(struct httpd *srv, struct httpd_conn *c)
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
			c->head_ms = loop_now_ms(srv->loop);
		c->in_len += (size_t)n;
		c->last_ms = loop_now_ms(srv->loop);
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
conn_send(struct httpd_conn *c)
{
	struct iovec iov[2];
	struct msghdr msg = { .msg_iov = iov };

	if (c->out_off < c->out_len) {
		iov[msg.msg_iovlen].iov_base = c->out + c->out_off;
		iov[msg.msg_iovlen++].iov_len = c->out_len - c->out_off;
	}
	if (c->body) {
		iov[msg.msg_iovlen].iov_base = c->body->buf + c->body_off;
		iov[msg.msg_iovlen++].iov_len = c->body->len - c->body_off;
	}
	if (c->tls)	/* one at a time; a WANT repeats the same bytes */
		return net_tls_write(c->tls, iov[0].iov_base, iov[0].iov_len);
	return sendmsg(c->fd, &msg, MSG_NOSIGNAL);
}

static void
body_release(struct httpd_conn *c)
{
	if (c->body)
		c->body->refs--;
	c->body = NULL;
	c->body_off = 0;
}

static void
conn_advance(struct httpd_conn *c, size_t n)
{
	size_t an = c->out_len - c->out_off;

	if (n < an) {
		c->out_off += n;
		return;
	}
	c->out_off = c->out_len = 0;
	c->body_off += n - an;
	if (c->body && c->body_off >= c->body->len)
		body_release(c);
}

/* Write until done or the socket is full; -1 when the client is gone. */
static int
conn_flush(struct httpd *srv, struct httpd_conn *c)
{
	ssize_t n;

	c->want_read = false;
	while (httpd_conn_pending(c)) {
		n = conn_send(c);
		if (n > 0) {
			conn_advance(c, (size_t)n);
			c->last_ms = loop_now_ms(srv->loop);
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
conn_set_events(struct httpd *srv, struct httpd_conn *c, short ev)
{
	if (ev == c->events)
		return;
	c->events = ev;
	loop_fd_events(srv->loop, c->fd, ev);
}

void
httpd_conn_close(struct httpd *srv, struct httpd_conn *c)
{
	loop_fd_del(srv->loop, c->fd);
	net_tls_close(c->tls, 0);
	close(c->fd);
	body_release(c);
	c->fd = -1;
	c->state = CONN_FREE;
	c->tls = NULL;
	c->events = 0;
	c->closing = c->peer_eof = c->want_read = false;
	c->last_ms = c->head_ms = c->body_ms = 0;
	c->in_len = c->parsed = 0;
	c->out_off = c->out_len = 0;
	c->auth_fails = 0;
	c->hold_until_ms = 0;
	srv->n_conns--;
}


/* The last response is out: say goodbye, then drain what comes. */
static void
conn_finish(struct httpd *srv, struct httpd_conn *c)
{
	if (c->tls) {
		net_tls_close(c->tls, 1);
		c->tls = NULL;
	}
	if (c->peer_eof || shutdown(c->fd, SHUT_WR) < 0) {
		httpd_conn_close(srv, c);
		return;
	}
	c->state = CONN_LINGER;
	c->last_ms = loop_now_ms(srv->loop);
	c->in_len = 0;
	conn_set_events(srv, c, POLLIN);
}

/* Work that needs no socket event: parked requests, TLS buffered data. */
static bool
conn_has_work(const struct httpd_conn *c)
{
	if (c->closing)
		return false;
	if (!c->body && conn_parse_due(c))
		return true;
	return c->tls && c->in_len < HTTP_REQ_MAX && !c->peer_eof &&
	    net_tls_pending(c->tls);
}

static void
conn_settle(struct httpd *srv, struct httpd_conn *c)
{
	short ev = 0;

	if (!httpd_conn_pending(c) && c->closing) {
		conn_finish(srv, c);
		return;
	}
	if (!httpd_conn_pending(c) && c->peer_eof && !conn_has_work(c)) {
		httpd_conn_close(srv, c);
		return;
	}
	if (!c->closing && !c->peer_eof && c->in_len < HTTP_REQ_MAX)
		ev |= POLLIN;
	if (c->want_read)
		ev |= POLLIN;
	if (httpd_conn_pending(c) || conn_has_work(c))
		ev |= POLLOUT;
	conn_set_events(srv, c, ev);
}

static void
conn_pump(struct httpd *srv, struct httpd_conn *c, bool readable)
{
	int round;

	for (round = 0; round < HTTPD_PUMP_ROUNDS; round++) {
		if (readable && conn_read(srv, c) < 0) {
			httpd_conn_close(srv, c);
			return;
		}
		conn_process(srv, c);
		if (c->hold_until_ms) {		/* httpd_conn_resume() */
			conn_set_events(srv, c, 0);
			return;
		}
		if (conn_flush(srv, c) < 0) {
			httpd_conn_close(srv, c);
			return;
		}
		if (httpd_conn_pending(c) || !conn_has_work(c))
			break;
		readable = c->tls != NULL;
	}
	conn_settle(srv, c);
}

void
httpd_conn_resume(struct httpd *srv, struct httpd_conn *c)
{
	c->hold_until_ms = 0;
	/* the held answer first, before the next request may hold again */
	if (conn_flush(srv, c) < 0) {
		httpd_conn_close(srv, c);
		return;
	}
	conn_pump(srv, c, false);
}

static void
conn_handshake(struct httpd *srv, struct httpd_conn *c)
{
	int rc = net_tls_handshake(c->tls);

	if (rc == 0) {
		c->state = CONN_OPEN;
		c->last_ms = loop_now_ms(srv->loop);
		c->head_ms = 0;
		conn_pump(srv, c, true);
	} else if (rc == NET_TLS_WANT_READ)
		conn_set_events(srv, c, POLLIN);
	else if (rc == NET_TLS_WANT_WRITE)
		conn_set_events(srv, c, POLLOUT);
	else
		httpd_conn_close(srv, c);
}

static void
conn_linger(struct httpd *srv, struct httpd_conn *c)
{
	ssize_t n = recv(c->fd, c->in, sizeof(c->in), 0);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
	    errno != EINTR))
		httpd_conn_close(srv, c);
}

void
httpd_conn_cb(int fd, short revents, void *arg)
{
	struct httpd_conn *c = arg;
	struct httpd *srv = c->srv;

	(void)fd;
	if (revents & POLLNVAL) {
		httpd_conn_close(srv, c);
		return;
	}
	switch (c->state) {
	case CONN_HANDSHAKE:
		conn_handshake(srv, c);
		break;
	case CONN_LINGER:
		conn_linger(srv, c);
		break;
	case CONN_OPEN:
		/* held: only a hang-up can wake it (no events asked) */
		if ((revents & POLLERR) || (c->hold_until_ms &&
		    (revents & POLLHUP)))
			httpd_conn_close(srv, c);
		else if (c->hold_until_ms)
			conn_set_events(srv, c, 0);
		else
			conn_pump(srv, c, revents & (POLLIN | POLLHUP));
		break;
	case CONN_FREE:
		break;
	}
}

/* Held answers (a wrong token) whose time came. */
static void
hold_cb(void *arg)
{
	struct httpd *srv = arg;
	uint64_t now = loop_now_ms(srv->loop), next = 0;
	struct httpd_conn *c;
	int i;

	srv->hold_timer = 0;
	for (i = 0; i < HTTPD_CONN_MAX; i++) {
		c = &srv->conns[i];
		if (c->state != CONN_OPEN || !c->hold_until_ms)
			continue;
		if (c->hold_until_ms <= now)
			httpd_conn_resume(srv, c);
		else if (!next || c->hold_until_ms < next)
			next = c->hold_until_ms;
	}
	if (next)
		httpd_hold_arm(srv, next);
}

void
httpd_hold_arm(struct httpd *srv, uint64_t until)
{
	uint64_t now = loop_now_ms(srv->loop);

	if (srv->hold_timer > 0 && srv->hold_until <= until)
		return;
	loop_timer_cancel(srv->loop, srv->hold_timer);
	srv->hold_until = until;
	srv->hold_timer = loop_timer_add(srv->loop, until > now ? until - now :
	    0, hold_cb, srv);
	if (srv->hold_timer < 0) {
		srv->hold_timer = 0;
		log_warn("%s: hold timer", srv->name);
	}
}
