/*
 * siem_conn.c - the SIEM sender's connection to its collector.
 *
 * Owns the events' stamps (seq, time) as they enter the queue and their
 * header on the way out (hostname, app_name, facility, procid, camera),
 * and the socket and TLS session in the poll loop: a non-blocking
 * connect to the numeric address, the TLS handshake (the collector's
 * certificate verified against ca_file and hostname, or the address),
 * writing queued events one frame at a time, reading whatever the
 * collector says (nothing, until it closes), reconnecting with backoff
 * (1 s doubling to 60 s, with jitter) and flushing at SIGTERM.
 *
 * Syslog over TCP has no acknowledgement of its own, so a written event
 * stays queued until the collector's TCP has acknowledged its last byte
 * (the bytes we handed to the socket, counted here or by net_tls, against
 * TCP_INFO's acknowledged count) and a confirm period (SIEM_CONFIRM_MS)
 * has passed with the connection still up; a collector that dies in
 * between closes the connection (a close with unread data is a reset),
 * and everything not yet confirmed is written again on the next one.  Delivery is thus at least
 * once: a collector may see an event twice, told apart by its seq.
 * Over UDP a datagram is gone once sent; a refusal (ICMP port
 * unreachable) counts as a lost connection.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/loop.h"
#include "platform/net/net_tcp.h"
#include "platform/net/net_tls.h"
#include "siem/siem_fmt.h"
#include "siem/siem_priv.h"

#define SIEM_BACKOFF_MIN_MS	1000	/* first retry after a failure */
#define SIEM_BACKOFF_MAX_MS	60000	/* retries settle at this */
#define SIEM_CONNECT_MS		10000	/* TCP connect + TLS handshake */
#define SIEM_CONFIRM_MS		1000	/* acknowledged this long: arrived */
#define SIEM_STOP_FLUSH_MS	2000	/* SIGTERM: the rest and STOP out */
#define SIEM_READ_BUF		512	/* what a collector says is dropped */
#define SIEM_WHY_MAX		256

enum { SEND_LOST = -1, SEND_BLOCKED = -2 };

static uint64_t
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
timer_set(struct siem *m, int64_t *id, uint64_t ms, loop_timer_cb cb)
{
	loop_timer_cancel(m->loop, *id);
	if ((*id = loop_timer_add(m->loop, ms, cb, m)) < 0)
		log_warn("siem: timer");
}

static void
timer_off(struct siem *m, int64_t *id)
{
	loop_timer_cancel(m->loop, *id);
	*id = 0;
}

static void
set_events(struct siem *m, short events)
{
	if (m->fd >= 0 && events != m->events &&
	    loop_fd_events(m->loop, m->fd, events) == 0)
		m->events = events;
}

void
siem_conn_stats(struct siem *m)
{
	struct siem_stats *s = &m->view->siem;

	s->enabled = m->conf.siem.proto != CONF_SIEM_NONE;
	s->connected = m->state == SIEM_UP;
	s->queued = m->q.len;
	s->dropped = m->q.dropped;
}

static uint64_t
backoff_next(struct siem *m)
{
	uint64_t base = m->backoff_ms, x = m->jitter;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	m->jitter = x;
	if (m->backoff_ms < SIEM_BACKOFF_MAX_MS)
		m->backoff_ms = m->backoff_ms * 2 > SIEM_BACKOFF_MAX_MS ?
		    SIEM_BACKOFF_MAX_MS : m->backoff_ms * 2;
	/* 75 % to 125 % of the step */
	return base * 3 / 4 + x % (base / 2 + 1);
}

void
siem_conn_close(struct siem *m, bool polite)
{
	if (m->tc) {
		net_tls_close(m->tc, polite);
		m->tc = NULL;
	}
	if (m->fd >= 0) {
		loop_fd_del(m->loop, m->fd);
		close(m->fd);
	}
	m->fd = -1;
	m->events = 0;
	m->tcp_out = 0;
	m->out_len = m->out_off = 0;	/* the entry is still unsent */
	siem_queue_unsend(&m->q);
	timer_off(m, &m->t_conn);
	timer_off(m, &m->t_confirm);
	if (m->state != SIEM_IDLE)
		m->state = SIEM_WAIT;
	siem_conn_stats(m);
}

/* The connection failed or broke: say why once, and plan the next try. */
static void
conn_lost(struct siem *m, const char *why)
{
	size_t again = m->q.nsent;
	uint64_t delay;

	siem_conn_close(m, false);
	m->view->siem.conn_failures++;
	if (again)
		log_warnx("siem: %s: %s; %zu messages will be sent again",
		    m->conf.siem.target, why, again);
	else
		log_warnx("siem: %s: %s", m->conf.siem.target, why);
	delay = backoff_next(m);
	log_debug("siem: next attempt in %llu ms", (unsigned long long)delay);
	timer_set(m, &m->t_retry, delay, siem_conn_start);
}

static void
tls_lost(struct siem *m, const char *what)
{
	char msg[SIEM_WHY_MAX], why[SIEM_WHY_MAX + 32];

	net_tls_error(m->tc, msg, sizeof(msg));
	snprintf(why, sizeof(why), "%s: %s", what, msg);
	conn_lost(m, why);
}

/*
 * A session that ends within a confirm period of its handshake was most
 * likely refused: a collector that checks client certificates after the
 * handshake (rsyslog's x509/certvalid, any TLS 1.3 server) lets the
 * handshake finish, then closes.  Counted and said as a TLS refusal.
 */
static void
session_lost(struct siem *m, const char *what)
{
	if (m->tc && !m->proven && clock_ms() - m->up_ms < SIEM_CONFIRM_MS) {
		m->view->siem.tls_failures++;
		conn_lost(m, "TLS refused: the collector closed the session "
		    "right after the handshake (our certificate refused?)");
		return;
	}
	if (m->tc && what)
		tls_lost(m, what);
	else
		conn_lost(m, what ? what : "closed by the collector");
}

/* ---- events into the queue, out of it onto the wire ---------------- */

/* The camera every message names (the MQTT service picks it alike). */
static const char *
camera_id(const struct siem *m)
{
	if (m->conf.camera.id[0])
		return m->conf.camera.id;
	if (m->view->scan && m->view->scan->camera_id[0])
		return m->view->scan->camera_id;
	return m->hostname;
}

/* Format e for the wire into m->out: framed unless over UDP. */
static int
frame_event(struct siem *m, const struct siem_event *e)
{
	const struct siem_origin o = {
		.facility = m->conf.siem.facility, .hostname = m->hostname,
		.app_name = m->conf.siem.app_name, .procid = m->procid,
		.camera = camera_id(m),
	};
	int n = siem_event_format(m->out, sizeof(m->out), e, &o);

	if (n > 0 && m->conf.siem.proto != CONF_SIEM_UDP)
		n = siem_frame(m->out, sizeof(m->out), m->out, (size_t)n);
	if (n <= 0) {
		/* cannot happen with our own events; never loop on one */
		log_warnx("siem: event %llu (%s) does not format; dropped",
		    (unsigned long long)e->seq, siem_event_msgid(e->kind));
		siem_queue_drop_next(&m->q);
		m->out_len = 0;
		return -1;
	}
	m->out_len = (size_t)n;
	m->out_off = 0;
	return 0;
}

/* Its kind, sequence number and time; e may come from push_head. */
static void
event_stamp(struct siem *m, struct siem_event *e, enum siem_kind kind)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	e->kind = kind;
	e->seq = ++m->seq;
	e->sec = (int64_t)ts.tv_sec;
	e->usec = ts.tv_nsec / 1000;
}

struct siem_event *
siem_conn_event(struct siem *m, enum siem_kind kind)
{
	struct siem_event *e;

	if (m->conf.siem.proto == CONF_SIEM_NONE ||
	    !(e = siem_queue_push(&m->q)))
		return NULL;
	event_stamp(m, e, kind);
	return e;
}

/* ---- writing ---------------------------------------------------------- */

static ssize_t
send_some(struct siem *m)
{
	const char *p = m->out + m->out_off;
	size_t len = m->out_len - m->out_off;
	ssize_t n;

	if (m->tc) {
		n = net_tls_write(m->tc, p, len);
		if (n == NET_TLS_WANT_READ || n == NET_TLS_WANT_WRITE)
			return SEND_BLOCKED;
		if (n < 0) {
			session_lost(m, "TLS write");
			return SEND_LOST;
		}
		return n;
	}
	n = send(m->fd, p, len, MSG_NOSIGNAL);
	if (n >= 0) {
		m->tcp_out += (uint64_t)n;
		return n;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return SEND_BLOCKED;
	conn_lost(m, errno == ECONNREFUSED ? "refused (nothing listens)" :
	    strerror(errno));
	return SEND_LOST;
}

static void
confirm_due(void *arg)
{
	struct siem *m = arg;
	uint64_t acked;

	m->t_confirm = 0;
	if (m->state != SIEM_UP)
		return;
	m->ticks++;
	/* up a whole period: failures start again from the first step */
	m->proven = true;
	m->backoff_ms = SIEM_BACKOFF_MIN_MS;
	if (m->pos_ok) {
		siem_queue_confirm(&m->q, m->acked_prev);
		if (net_tcp_acked(m->fd, &acked) == 0)
			m->acked_prev = acked - m->acked_base;
	} else {
		/* no positions: written two periods ago is taken as read */
		siem_queue_confirm(&m->q, m->ticks >= 2 ? m->ticks - 2 : 0);
	}
	if (m->q.nsent > 0)
		timer_set(m, &m->t_confirm, SIEM_CONFIRM_MS, confirm_due);
	siem_conn_stats(m);
}

/* Bytes handed to the socket since the connect (TCP_INFO's units). */
static uint64_t
stream_out(const struct siem *m)
{
	return m->tc ? net_tls_bytes_out(m->tc) : m->tcp_out;
}

/* The frame of the next unsent event is out. */
static void
written(struct siem *m, struct siem_qent *e)
{
	uint64_t pos = m->pos_ok ? stream_out(m) : m->ticks;

	m->out_len = m->out_off = 0;
	m->view->siem.sent++;
	if (e->writes > 0)
		m->view->siem.resent++;
	if (m->conf.siem.proto == CONF_SIEM_UDP) {
		siem_queue_sent(&m->q, 0);
		siem_queue_confirm_all(&m->q);
		return;
	}
	siem_queue_sent(&m->q, pos);
	if (m->t_confirm == 0)
		timer_set(m, &m->t_confirm, SIEM_CONFIRM_MS, confirm_due);
}

void
siem_conn_pump(struct siem *m)
{
	struct siem_qent *e = NULL;
	ssize_t n;

	if (m->state != SIEM_UP) {
		siem_conn_stats(m);
		return;
	}
	for (;;) {
		e = siem_queue_next(&m->q);
		if (!e)
			break;
		if (m->out_len == 0 && frame_event(m, &e->ev) < 0)
			continue;	/* dropped and counted there */
		if ((n = send_some(m)) == SEND_LOST)
			return;
		if (n == SEND_BLOCKED) {
			set_events(m, POLLIN | POLLOUT);
			siem_conn_stats(m);
			return;
		}
		m->out_off += (size_t)n;
		if (m->out_off == m->out_len)
			written(m, e);
	}
	set_events(m, POLLIN);
	siem_conn_stats(m);
}

/* ---- connecting ------------------------------------------------------- */

static void
conn_up(struct siem *m)
{
	struct siem_event *e;
	uint64_t acked;

	m->state = SIEM_UP;
	timer_off(m, &m->t_conn);
	m->proven = false;
	m->up_ms = clock_ms();
	m->acked_prev = 0;
	m->ticks = 0;
	m->pos_ok = m->conf.siem.proto != CONF_SIEM_UDP &&
	    net_tcp_acked(m->fd, &acked) == 0;
	set_events(m, POLLIN);
	log_info("siem: connected to %s, %zu messages queued",
	    m->conf.siem.target, m->q.len);
	/* Tell the collector what it missed, exactly, before the rest. */
	if (m->q.dropped > m->dropped_told &&
	    (e = siem_queue_push_head(&m->q))) {
		event_stamp(m, e, SIEM_EV_DROPPED);
		e->u.dropped.n = m->q.dropped - m->dropped_told;
		e->u.dropped.total = m->q.dropped;
		m->dropped_told = m->q.dropped;
	}
	siem_conn_pump(m);
}

static void
handshake(struct siem *m)
{
	int rc = net_tls_handshake(m->tc);

	if (rc == 0) {
		conn_up(m);
	} else if (rc == NET_TLS_WANT_READ) {
		set_events(m, POLLIN);
	} else if (rc == NET_TLS_WANT_WRITE) {
		set_events(m, POLLOUT);
	} else {
		m->view->siem.tls_failures++;
		tls_lost(m, "TLS refused");
	}
}

/* The TCP connection (or the UDP socket) is there. */
static void
connected(struct siem *m)
{
	const struct conf *c = &m->conf;

	/* the kernel may count the SYN as an acknowledged byte: not ours */
	if (c->siem.proto == CONF_SIEM_UDP ||
	    net_tcp_acked(m->fd, &m->acked_base) < 0)
		m->acked_base = 0;
	if (c->siem.proto != CONF_SIEM_TLS) {
		conn_up(m);
		return;
	}
	m->tc = net_tls_connect(m->tls, m->fd, c->siem.hostname[0] ?
	    c->siem.hostname : c->siem.host);
	if (!m->tc) {
		conn_lost(m, "no TLS session");
		return;
	}
	m->state = SIEM_HANDSHAKE;
	handshake(m);
}

/* Read and drop what the collector says; -1 when it is gone. */
static int
drain(struct siem *m)
{
	char buf[SIEM_READ_BUF];
	ssize_t n;

	for (;;) {
		n = m->tc ? net_tls_read(m->tc, buf, sizeof(buf)) :
		    recv(m->fd, buf, sizeof(buf), 0);
		if (n > 0)
			continue;
		if (n == 0) {
			session_lost(m, NULL);
			return -1;
		}
		if (m->tc && (n == NET_TLS_WANT_READ ||
		    n == NET_TLS_WANT_WRITE))
			return 0;
		if (!m->tc && (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR))
			return 0;
		if (m->tc)
			session_lost(m, "TLS read");
		else
			conn_lost(m, errno == ECONNREFUSED ? "refused (nothing "
			    "listens)" : strerror(errno));
		return -1;
	}
}

static void
on_io(int fd, short revents, void *arg)
{
	struct siem *m = arg;
	int err;

	(void)fd;
	switch (m->state) {
	case SIEM_CONNECTING:
		if ((err = net_tcp_error(m->fd)) != 0) {
			conn_lost(m, strerror(err));
			return;
		}
		if (revents & (POLLOUT | POLLERR | POLLHUP))
			connected(m);
		return;
	case SIEM_HANDSHAKE:
		handshake(m);
		return;
	case SIEM_UP:
		if ((revents & (POLLIN | POLLERR | POLLHUP)) && drain(m) < 0)
			return;
		siem_conn_pump(m);
		return;
	default:
		return;
	}
}

static void
connect_due(void *arg)
{
	struct siem *m = arg;

	m->t_conn = 0;
	if (m->state == SIEM_CONNECTING || m->state == SIEM_HANDSHAKE)
		conn_lost(m, "no connection within 10 s");
}

int
siem_conn_tls_load(struct siem *m)
{
	const struct conf_tls *t = &m->conf.siem.tls;

	if (m->tls || m->conf.siem.proto != CONF_SIEM_TLS)
		return 0;
	m->tls = net_tls_client_new(t->ca_file, t->cert_file, t->key_file);
	return m->tls ? 0 : -1;
}

void
siem_conn_start(void *arg)
{
	struct siem *m = arg;
	const struct conf *c = &m->conf;
	int progress = 0, err;

	m->t_retry = 0;
	if (m->state != SIEM_WAIT || !m->ready || m->fd >= 0)
		return;
	if (siem_conn_tls_load(m) < 0) {
		conn_lost(m, "TLS settings not usable");
		return;
	}
	m->fd = net_tcp_connect(c->siem.host, c->siem.port,
	    c->siem.proto == CONF_SIEM_UDP ? SOCK_DGRAM : SOCK_STREAM,
	    &progress);
	if (m->fd < 0) {
		conn_lost(m, strerror(errno));
		return;
	}
	m->events = progress ? POLLOUT : POLLIN;
	if (loop_fd_add(m->loop, m->fd, m->events, on_io, m) < 0) {
		err = errno;
		close(m->fd);
		m->fd = -1;
		conn_lost(m, strerror(err));
		return;
	}
	timer_set(m, &m->t_conn, SIEM_CONNECT_MS, connect_due);
	if (progress)
		m->state = SIEM_CONNECTING;
	else
		connected(m);
}

/* ---- SIGTERM ---------------------------------------------------------- */

static bool
flush_busy(const struct siem *m)
{
	return m->state == SIEM_CONNECTING || m->state == SIEM_HANDSHAKE ||
	    (m->state == SIEM_UP && (m->out_len > 0 ||
	    siem_queue_unsent(&m->q) > 0));
}

/* Poll our one descriptor until done or the deadline; false at it. */
static bool
flush_poll(struct siem *m, uint64_t end)
{
	struct pollfd p;
	uint64_t now;

	while (flush_busy(m)) {
		if (m->state == SIEM_UP)
			siem_conn_pump(m);	/* or asks for POLLOUT */
		if (!flush_busy(m))
			break;
		if ((now = clock_ms()) >= end)
			return false;
		p.fd = m->fd;
		p.events = m->events;
		p.revents = 0;
		if (poll(&p, 1, (int)(end - now)) < 0 && errno != EINTR)
			return false;
		if (p.revents)
			on_io(p.fd, p.revents, m);
	}
	return true;
}

/*
 * Everything is written: end our side and wait for the collector to
 * close its own.  TCP delivers in order, so a collector that closes
 * after our end has read all we sent: that confirms it all.
 */
static void
flush_close(struct siem *m, uint64_t end)
{
	struct pollfd p = { .fd = m->fd, .events = POLLIN };
	char buf[SIEM_READ_BUF];
	uint64_t now;
	ssize_t n;

	if (m->tc) {
		net_tls_close(m->tc, 1);	/* close_notify */
		m->tc = NULL;
	}
	if (shutdown(m->fd, SHUT_WR) < 0)
		return;
	while ((now = clock_ms()) < end) {
		if (poll(&p, 1, (int)(end - now)) < 0 && errno != EINTR)
			return;
		n = recv(m->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n == 0) {
			siem_queue_confirm_all(&m->q);
			return;
		}
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR)
			return;
	}
}

void
siem_conn_flush(struct siem *m)
{
	uint64_t end = clock_ms() + SIEM_STOP_FLUSH_MS;

	timer_off(m, &m->t_retry);
	m->ready = true;
	if (m->state == SIEM_WAIT)
		siem_conn_start(m);	/* a last try, whatever the backoff */
	timer_off(m, &m->t_retry);
	if (!flush_poll(m, end) || m->state != SIEM_UP)
		return;
	if (m->conf.siem.proto == CONF_SIEM_UDP)
		return;
	flush_close(m, end);
}
