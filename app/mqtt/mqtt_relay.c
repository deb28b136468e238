/*
 * mqtt_relay.c - libmosquitto's Unix socket carried to the broker over
 * TCP or TLS, with every incoming fixed header checked (mqtt_relay.h).
 *
 * Owns the private directory and its listening socket, one client (the
 * libmosquitto handle of this process), one broker connection, and two
 * fixed buffers, one each way.  A full buffer stops reading on the side
 * that fills it, so a slow side slows the other instead of growing
 * memory.  Nothing here blocks: the broker's address is numeric, the
 * connect is non-blocking and the TLS session is driven by poll() like
 * the status server's.  Does not know MQTT beyond the fixed header.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/cg_limits.h"
#include "core/log.h"
#include "core/loop.h"
#include "mqtt/mqtt_relay.h"
#include "platform/net/net_tls.h"

enum relay_state {
	RELAY_IDLE,		/* no broker connection */
	RELAY_CONNECTING,	/* TCP connect under way */
	RELAY_HANDSHAKE,	/* TLS handshake under way */
	RELAY_UP,		/* carrying bytes */
	RELAY_DRAINING,		/* broker gone: the rest goes to the client */
};

struct relay_buf {
	unsigned char	b[MQTT_RELAY_BUF];
	size_t		off, len;
};

struct mqtt_relay {
	struct loop		*loop;
	char			 dir[MQTT_RELAY_PATH_MAX];
	char			 path[MQTT_RELAY_PATH_MAX];
	int			 lfd, cfd, bfd;
	enum relay_state	 state;
	struct net_tls		*tls;
	struct net_tls_conn	*tc;
	short			 tls_want;	/* POLLIN/POLLOUT a TLS call asked */
	char			 host[256];	/* what the certificate names */
	struct relay_buf	 up, down;	/* client->broker, broker->client */
	unsigned char		 hdr[5];	/* a fixed header being read */
	size_t			 hlen;
	uint64_t		 body_left;	/* bytes of the current packet */
	bool			 skipping;	/* the current packet is dropped */
	bool			 has_err;
	char			 err[160];
	struct mqtt_relay_stats	 st;
};

_Static_assert(MQTT_RELAY_BUF > 2 * 5, "room for a held fixed header");

static void	relay_sync(struct mqtt_relay *);

static void
relay_fail(struct mqtt_relay *r, const char *fmt, ...)
{
	va_list ap;

	if (r->has_err)
		return;
	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	r->has_err = true;
}

static void
fd_close(struct mqtt_relay *r, int *fd)
{
	if (*fd < 0)
		return;
	loop_fd_del(r->loop, *fd);
	close(*fd);
	*fd = -1;
}

static void
broker_close(struct mqtt_relay *r)
{
	if (r->tc)
		net_tls_close(r->tc, r->state == RELAY_UP);
	r->tc = NULL;
	if (r->tls)
		net_tls_server_free(r->tls);
	r->tls = NULL;
	fd_close(r, &r->bfd);
	r->up.off = r->up.len = 0;
	r->tls_want = 0;
}

/* The broker's side is over: what it sent still reaches the client. */
static void
broker_gone(struct mqtt_relay *r)
{
	broker_close(r);
	r->state = RELAY_DRAINING;
	if (r->down.len == 0)
		fd_close(r, &r->cfd);
}

void
mqtt_relay_close(struct mqtt_relay *r)
{
	broker_close(r);
	fd_close(r, &r->cfd);
	r->down.off = r->down.len = 0;
	r->hlen = 0;
	r->body_left = 0;
	r->skipping = false;
	r->state = RELAY_IDLE;
}

/* ---- bytes from the broker: the fixed-header watch -------------------- */

static void
down_put(struct mqtt_relay *r, const unsigned char *p, size_t n)
{
	struct relay_buf *b = &r->down;

	memcpy(b->b + b->off + b->len, p, n);
	b->len += n;
}

/* A whole fixed header is in r->hdr: keep, skip or refuse its packet. */
static int
header_done(struct mqtt_relay *r)
{
	uint64_t len = 0, mult = 1;
	unsigned type = r->hdr[0] >> 4;
	size_t i;

	for (i = 1; i < r->hlen; i++, mult *= 128)
		len += (uint64_t)(r->hdr[i] & 0x7f) * mult;
	r->body_left = len;
	r->skipping = false;
	if (len <= MQTT_IN_PACKET_MAX) {
		down_put(r, r->hdr, r->hlen);
	} else if (type == 3) {
		r->skipping = true;
		r->st.skipped++;
		log_warnx("mqtt: a message of %llu bytes from the broker is "
		    "dropped (more than %u)", (unsigned long long)len,
		    (unsigned)MQTT_IN_PACKET_MAX);
	} else {
		r->st.refused++;
		relay_fail(r, "the broker announced a packet of %llu bytes "
		    "(type %u, more than %u)", (unsigned long long)len, type,
		    (unsigned)MQTT_IN_PACKET_MAX);
		return -1;
	}
	r->hlen = 0;
	return 0;
}

static int
down_feed(struct mqtt_relay *r, const unsigned char *in, size_t n)
{
	size_t take;

	while (n > 0) {
		if (r->body_left > 0) {
			take = n < r->body_left ? n : (size_t)r->body_left;
			if (!r->skipping)
				down_put(r, in, take);
			r->body_left -= take;
			in += take;
			n -= take;
			continue;
		}
		r->hdr[r->hlen++] = *in++;
		n--;
		if (r->hlen == 1 || (r->hdr[r->hlen - 1] & 0x80)) {
			if (r->hlen < sizeof(r->hdr))
				continue;
			relay_fail(r, "the broker sent a malformed length");
			return -1;
		}
		if (header_done(r) < 0)
			return -1;
	}
	return 0;
}

/* Room for a read from the broker, a held header included. */
static size_t
down_room(struct mqtt_relay *r)
{
	struct relay_buf *b = &r->down;
	size_t room;

	if (b->off > 0 && b->len > 0)
		memmove(b->b, b->b + b->off, b->len);
	b->off = 0;
	room = sizeof(b->b) - b->len;
	return room > sizeof(r->hdr) ? room - sizeof(r->hdr) : 0;
}

static void
broker_read(struct mqtt_relay *r)
{
	unsigned char in[MQTT_RELAY_BUF];
	size_t room = down_room(r);
	ssize_t n;

	if (room == 0)
		return;
	if (r->tc) {
		n = net_tls_read(r->tc, in, room);
		if (n == NET_TLS_WANT_READ || n == NET_TLS_WANT_WRITE) {
			r->tls_want = n == NET_TLS_WANT_READ ? POLLIN : POLLOUT;
			return;
		}
		if (n < 0)
			net_tls_error(r->tc, r->err, sizeof(r->err)),
			    r->has_err = true;
	} else {
		n = recv(r->bfd, in, room, 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n < 0)
			relay_fail(r, "recv: %s", strerror(errno));
	}
	r->tls_want = 0;
	if (n == 0)
		relay_fail(r, "the broker closed the connection");
	if (n <= 0 || down_feed(r, in, (size_t)n) < 0)
		broker_gone(r);
}

/* ---- bytes from the client -------------------------------------------- */

static void
client_read(struct mqtt_relay *r)
{
	struct relay_buf *b = &r->up;
	ssize_t n;

	if (b->off > 0 && b->len > 0)
		memmove(b->b, b->b + b->off, b->len);
	b->off = 0;
	if (b->len == sizeof(b->b))
		return;
	n = recv(r->cfd, b->b + b->len, sizeof(b->b) - b->len, 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		/* libmosquitto hung up: so does the broker's side */
		mqtt_relay_close(r);
		return;
	}
	b->len += (size_t)n;
}

static void
client_write(struct mqtt_relay *r)
{
	struct relay_buf *b = &r->down;
	ssize_t n = send(r->cfd, b->b + b->off, b->len, MSG_NOSIGNAL);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		mqtt_relay_close(r);
		return;
	}
	b->off += (size_t)n;
	b->len -= (size_t)n;
	if (b->len == 0)
		b->off = 0;
	if (b->len == 0 && r->state == RELAY_DRAINING)
		fd_close(r, &r->cfd);
}

static void
broker_write(struct mqtt_relay *r)
{
	struct relay_buf *b = &r->up;
	ssize_t n;

	if (r->tc) {
		n = net_tls_write(r->tc, b->b + b->off, b->len);
		if (n == NET_TLS_WANT_READ || n == NET_TLS_WANT_WRITE) {
			r->tls_want = n == NET_TLS_WANT_READ ? POLLIN : POLLOUT;
			return;
		}
		if (n < 0) {
			net_tls_error(r->tc, r->err, sizeof(r->err));
			r->has_err = true;
		}
	} else {
		n = send(r->bfd, b->b + b->off, b->len, MSG_NOSIGNAL);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n < 0)
			relay_fail(r, "send: %s", strerror(errno));
	}
	r->tls_want = 0;
	if (n < 0) {
		broker_gone(r);
		return;
	}
	b->off += (size_t)n;
	b->len -= (size_t)n;
	if (b->len == 0)
		b->off = 0;
}

/* ---- the broker's connection ------------------------------------------ */

static void
handshake_step(struct mqtt_relay *r)
{
	int rc = net_tls_handshake(r->tc);

	if (rc == 0) {
		r->state = RELAY_UP;
		r->tls_want = 0;
		log_debug("mqtt: TLS up to %s", r->host);
	} else if (rc == NET_TLS_WANT_READ || rc == NET_TLS_WANT_WRITE) {
		r->tls_want = rc == NET_TLS_WANT_READ ? POLLIN : POLLOUT;
	} else {
		net_tls_error(r->tc, r->err, sizeof(r->err));
		r->has_err = true;
		broker_gone(r);
	}
}

static void
connect_done(struct mqtt_relay *r)
{
	int e = 0;
	socklen_t el = sizeof(e);

	if (getsockopt(r->bfd, SOL_SOCKET, SO_ERROR, &e, &el) < 0)
		e = errno;
	if (e != 0) {
		relay_fail(r, "connect: %s", strerror(e));
		broker_gone(r);
		return;
	}
	if (!r->tls) {
		r->state = RELAY_UP;
		return;
	}
	if (!(r->tc = net_tls_connect(r->tls, r->bfd, r->host))) {
		relay_fail(r, "TLS: no session");
		broker_gone(r);
		return;
	}
	r->state = RELAY_HANDSHAKE;
	handshake_step(r);
}

static void
on_broker(int fd, short revents, void *arg)
{
	struct mqtt_relay *r = arg;

	(void)fd;
	if (r->state == RELAY_CONNECTING)
		connect_done(r);
	else if (r->state == RELAY_HANDSHAKE)
		handshake_step(r);
	else if (r->state == RELAY_UP) {
		if (revents & (POLLIN | POLLERR | POLLHUP) || r->tls_want)
			broker_read(r);
		if (r->state == RELAY_UP && r->up.len > 0)
			broker_write(r);
	}
	relay_sync(r);
}

static void
on_client(int fd, short revents, void *arg)
{
	struct mqtt_relay *r = arg;

	(void)fd;
	if (revents & (POLLIN | POLLERR | POLLHUP))
		client_read(r);
	if (r->cfd >= 0 && (revents & POLLOUT) && r->down.len > 0)
		client_write(r);
	if (r->state == RELAY_UP && r->up.len > 0)
		broker_write(r);
	relay_sync(r);
}

static void
on_listen(int fd, short revents, void *arg)
{
	struct mqtt_relay *r = arg;
	int c;

	(void)revents;
	c = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (c < 0)
		return;
	/* One client, and only while a broker connection is wanted. */
	if (r->cfd >= 0 || r->state == RELAY_IDLE ||
	    r->state == RELAY_DRAINING ||
	    loop_fd_add(r->loop, c, POLLIN, on_client, r) < 0) {
		close(c);
		return;
	}
	r->cfd = c;
	relay_sync(r);
}

static short
client_events(const struct mqtt_relay *r)
{
	return (r->up.len < sizeof(r->up.b) ? POLLIN : 0) |
	    (r->down.len > 0 ? POLLOUT : 0);
}

static short
broker_events(const struct mqtt_relay *r)
{
	if (r->state == RELAY_CONNECTING)
		return POLLOUT;
	if (r->state == RELAY_HANDSHAKE || r->tls_want)
		return r->tls_want ? r->tls_want : POLLIN;
	return (sizeof(r->down.b) - r->down.len > 2 * sizeof(r->hdr) ?
	    POLLIN : 0) | (r->up.len > 0 ? POLLOUT : 0);
}

/* Events each side waits for, from what the buffers hold. */
static void
relay_sync(struct mqtt_relay *r)
{
	if (r->cfd >= 0)
		loop_fd_events(r->loop, r->cfd, client_events(r));
	if (r->bfd >= 0)
		loop_fd_events(r->loop, r->bfd, broker_events(r));
}

size_t
mqtt_relay_fds(const struct mqtt_relay *r, struct pollfd *p, size_t max)
{
	size_t n = 0;

	if (r->lfd >= 0 && n < max)
		p[n++] = (struct pollfd){ r->lfd, POLLIN, 0 };
	if (r->cfd >= 0 && n < max)
		p[n++] = (struct pollfd){ r->cfd, client_events(r), 0 };
	if (r->bfd >= 0 && n < max)
		p[n++] = (struct pollfd){ r->bfd, broker_events(r), 0 };
	return n;
}

void
mqtt_relay_io(struct mqtt_relay *r, const struct pollfd *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!p[i].revents)
			continue;
		if (p[i].fd == r->lfd)
			on_listen(p[i].fd, p[i].revents, r);
		else if (p[i].fd == r->cfd)
			on_client(p[i].fd, p[i].revents, r);
		else if (p[i].fd == r->bfd)
			on_broker(p[i].fd, p[i].revents, r);
	}
	mqtt_relay_before_poll(r);
}

/* Before each poll: records mbedTLS decrypted but nobody read yet. */
void
mqtt_relay_before_poll(struct mqtt_relay *r)
{
	if (r->state == RELAY_UP && r->tc && net_tls_pending(r->tc) &&
	    down_room(r) > 0) {
		broker_read(r);
		relay_sync(r);
	}
}

static int
broker_connect(struct mqtt_relay *r, const char *host, uint16_t port)
{
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST |
	    AI_NUMERICSERV, .ai_socktype = SOCK_STREAM }, *ai;
	char ps[8];
	int rc;

	snprintf(ps, sizeof(ps), "%u", (unsigned)port);
	if ((rc = getaddrinfo(host, ps, &hints, &ai)) != 0) {
		relay_fail(r, "%s is not a numeric address", host);
		return -1;
	}
	r->bfd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	/* an alarm or an answer is one small write: no Nagle wait for the
	 * broker's delayed ACK (about 40 ms) */
	if (r->bfd >= 0)
		(void)setsockopt(r->bfd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 },
		    sizeof(int));
	if (r->bfd < 0 || (connect(r->bfd, ai->ai_addr, ai->ai_addrlen) < 0 &&
	    errno != EINPROGRESS)) {
		relay_fail(r, "connect: %s", strerror(errno));
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	if (loop_fd_add(r->loop, r->bfd, POLLOUT, on_broker, r) < 0) {
		relay_fail(r, "no room in the loop");
		close(r->bfd);
		r->bfd = -1;
		return -1;
	}
	return 0;
}

int
mqtt_relay_open(struct mqtt_relay *r, const char *host, uint16_t port,
    const struct mqtt_relay_tls *tls)
{
	mqtt_relay_close(r);
	r->has_err = false;
	r->err[0] = '\0';
	snprintf(r->host, sizeof(r->host), "%s",
	    tls && tls->verify_name ? tls->verify_name : host);
	if (tls && tls->ca_file && tls->ca_file[0] &&
	    !(r->tls = net_tls_client_new(tls->ca_file, tls->cert_file,
	    tls->key_file))) {
		relay_fail(r, "TLS: cannot load the CA file, certificate or "
		    "key (see above)");
		return -1;
	}
	if (broker_connect(r, host, port) < 0) {
		broker_close(r);
		return -1;
	}
	r->state = RELAY_CONNECTING;
	return 0;
}

/* ---- the listening socket --------------------------------------------- */

static int
listen_open(struct mqtt_relay *r, const char *dir)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int n;

	n = snprintf(r->dir, sizeof(r->dir), "%s/camguard-mqtt.XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof(r->dir) || !mkdtemp(r->dir)) {
		log_warn("mqtt: relay directory under %s", dir);
		r->dir[0] = '\0';
		return -1;
	}
	n = snprintf(r->path, sizeof(r->path), "%s/broker", r->dir);
	if (n < 0 || (size_t)n >= sizeof(sa.sun_path)) {
		log_warnx("mqtt: relay socket path %s is too long", r->path);
		return -1;
	}
	memcpy(sa.sun_path, r->path, (size_t)n + 1);
	r->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (r->lfd < 0 || bind(r->lfd, (struct sockaddr *)&sa,
	    sizeof(sa)) < 0 || listen(r->lfd, 2) < 0) {
		log_warn("mqtt: relay socket %s", r->path);
		return -1;
	}
	return loop_fd_add(r->loop, r->lfd, POLLIN, on_listen, r);
}

struct mqtt_relay *
mqtt_relay_new(struct loop *loop, const char *dir)
{
	struct mqtt_relay *r = calloc(1, sizeof(*r));
	const char *tmp = getenv("TMPDIR");

	if (!r) {
		log_warn("mqtt: relay");
		return NULL;
	}
	r->loop = loop;
	r->lfd = r->cfd = r->bfd = -1;
	if (!dir)
		dir = tmp && tmp[0] == '/' ? tmp : "/tmp";
	if (listen_open(r, dir) < 0) {
		mqtt_relay_free(r);
		return NULL;
	}
	return r;
}

void
mqtt_relay_free(struct mqtt_relay *r)
{
	if (!r)
		return;
	mqtt_relay_close(r);
	fd_close(r, &r->lfd);
	if (r->path[0])
		unlink(r->path);
	if (r->dir[0])
		rmdir(r->dir);
	free(r);
}

const char *
mqtt_relay_path(const struct mqtt_relay *r)
{
	return r->path;
}

const char *
mqtt_relay_error(const struct mqtt_relay *r)
{
	return r->has_err ? r->err : NULL;
}

bool
mqtt_relay_up(const struct mqtt_relay *r)
{
	return r->state == RELAY_UP;
}

void
mqtt_relay_stats(const struct mqtt_relay *r, struct mqtt_relay_stats *st)
{
	*st = r->st;
}
