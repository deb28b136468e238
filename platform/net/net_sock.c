/*
 * net_sock.c - TCP connections with a deadline for the HTTP/RTSP clients.
 *
 * Owns name resolution (getaddrinfo, once per request, not bounded by the
 * deadline), the non-blocking connect tried on each address in turn, and
 * plain reads and writes that poll() until the connection's deadline.
 * The bottom of the clients: it calls none of the other net_*.c files
 * (net_conn.c chooses between these and TLS).  Error messages name the
 * URL the caller gave as c->what.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "platform/net/net_priv.h"

void
netc_seterr(struct netc_conn *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(c->err, c->errsz, "%s: ", c->what);
	if (n < 0 || (size_t)n >= c->errsz)
		return;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errsz - (size_t)n, fmt, ap);
	va_end(ap);
}

int64_t
netc_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
netc_wait(struct netc_conn *c, short events)
{
	struct pollfd p = { .fd = c->fd, .events = events };
	int64_t left;
	int n;

	for (;;) {
		left = c->deadline - netc_now_ms();
		if (left <= 0)
			return NET_E_TIMEOUT;
		n = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (n > 0)
			return NET_OK;
		if (n < 0 && errno != EINTR)
			return NET_E_IO;
	}
}

static int
errno_class(int e)
{
	switch (e) {
	case ECONNREFUSED:
	case ENETUNREACH:
	case EHOSTUNREACH:
	case EADDRNOTAVAIL:
		return NET_E_REFUSED;
	case ETIMEDOUT:
		return NET_E_TIMEOUT;
	}
	return NET_E_IO;
}

/* One address: a non-blocking connect, then wait until writable. */
static int
connect_one(struct netc_conn *c, const struct addrinfo *ai)
{
	socklen_t sl = sizeof(int);
	int fd, e = 0, rc, one = 1;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, ai->ai_protocol);
	if (fd < 0)
		return -errno;
	c->fd = fd;
	/* A request and TLS flights go out as several small writes. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return 0;
	if (errno != EINPROGRESS) {
		e = errno;
	} else if ((rc = netc_wait(c, POLLOUT)) != NET_OK) {
		e = rc == NET_E_TIMEOUT ? ETIMEDOUT : EIO;
	} else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &sl) < 0) {
		e = errno;
	}
	if (e == 0)
		return 0;
	close(fd);
	c->fd = -1;
	return -e;
}

int
netc_sock_connect(struct netc_conn *c, const char *host, uint16_t port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
		.ai_flags = AI_NUMERICSERV };
	struct addrinfo *res, *ai;
	char portstr[8];
	int rc, e = ECONNREFUSED;

	c->fd = -1;
	snprintf(portstr, sizeof(portstr), "%u", port);
	if ((rc = getaddrinfo(host, portstr, &hints, &res)) != 0) {
		netc_seterr(c, "cannot resolve %s: %s", host, gai_strerror(rc));
		return NET_E_RESOLVE;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		if ((e = -connect_one(c, ai)) == 0 || e == ETIMEDOUT)
			break;
	}
	freeaddrinfo(res);
	if (e == 0)
		return NET_OK;
	if (e == ETIMEDOUT)
		netc_seterr(c, "connect timed out");
	else
		netc_seterr(c, "connect: %s", strerror(e));
	return errno_class(e);
}

int
netc_sock_write(struct netc_conn *c, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;
	int rc;

	while (len > 0) {
		n = send(c->fd, p, len, MSG_NOSIGNAL);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			netc_seterr(c, "send: %s", strerror(errno));
			return errno_class(errno);
		}
		if ((rc = netc_wait(c, POLLOUT)) != NET_OK) {
			netc_seterr(c, "timed out sending the request");
			return rc;
		}
	}
	return NET_OK;
}

int
netc_sock_read(struct netc_conn *c, void *buf, size_t len, size_t *got)
{
	ssize_t n;
	int rc;

	for (;;) {
		n = recv(c->fd, buf, len, 0);
		if (n >= 0) {
			*got = (size_t)n;
			return NET_OK;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			netc_seterr(c, "recv: %s", strerror(errno));
			return errno == ECONNRESET ? NET_E_IO :
			    errno_class(errno);
		}
		if ((rc = netc_wait(c, POLLIN)) != NET_OK) {
			netc_seterr(c, "no reply within the timeout");
			return rc;
		}
	}
}
