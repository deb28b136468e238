/*
 * net_ports.c - which of a few TCP ports of a host accept a connection,
 * all tried at once within one deadline.
 *
 * For a remote audit of VG-01 (Telnet, FTP, SSH off): camguard cannot
 * read the camera's socket table from another machine, so it asks the
 * ports themselves.  A connection that completes is closed at once
 * without a byte sent; refused means closed; no answer before the
 * deadline means filtered (a firewall drops it), which is as closed to
 * this client.  Owns only this; requests are net_http.c's.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "platform/net/net.h"
#include "platform/net/net_priv.h"

/* The first address of host, as a sockaddr to connect to. */
static int
resolve(const char *host, struct sockaddr_storage *ss, socklen_t *sl,
    int *family, char *err, size_t errsz)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
	struct addrinfo *res;
	int rc;

	if ((rc = getaddrinfo(host, NULL, &hints, &res)) != 0) {
		snprintf(err, errsz, "cannot resolve %s: %s", host,
		    gai_strerror(rc));
		return NET_E_RESOLVE;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sl = res->ai_addrlen;
	*family = res->ai_family;
	freeaddrinfo(res);
	return NET_OK;
}

static void
set_port(struct sockaddr_storage *ss, uint16_t port)
{
	if (ss->ss_family == AF_INET6)
		((struct sockaddr_in6 *)(void *)ss)->sin6_port = htons(port);
	else
		((struct sockaddr_in *)(void *)ss)->sin_port = htons(port);
}

static enum net_port_state
state_of_errno(int e)
{
	if (e == 0)
		return NET_PORT_OPEN;
	if (e == ECONNREFUSED)
		return NET_PORT_CLOSED;
	return NET_PORT_FILTERED;	/* unreachable, timed out */
}

/* Start a non-blocking connect; -1 when it already ended in *st. */
static int
start(const struct sockaddr_storage *ss, socklen_t sl, int family,
    uint16_t port, enum net_port_state *st)
{
	struct sockaddr_storage a = *ss;
	int fd;

	set_port(&a, port);
	fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*st = NET_PORT_FILTERED;
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&a, sl) == 0 || errno ==
	    EINPROGRESS) {
		*st = NET_PORT_FILTERED;	/* until it answers */
		return fd;
	}
	*st = state_of_errno(errno);
	close(fd);
	return -1;
}

/* Wait for every started connect to end, until the deadline. */
static void
wait_all(struct pollfd *pfd, size_t n, enum net_port_state *out,
    int64_t deadline)
{
	socklen_t sl;
	size_t i, pending = n;
	int64_t left;
	int e;

	while (pending > 0 && (left = deadline - netc_now_ms()) > 0) {
		if (poll(pfd, n, left > 60000 ? 60000 : (int)left) < 0 &&
		    errno != EINTR)
			break;
		for (i = 0; i < n; i++) {
			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			e = 0;
			sl = sizeof(e);
			if (getsockopt(pfd[i].fd, SOL_SOCKET, SO_ERROR, &e,
			    &sl) < 0)
				e = errno;
			out[i] = state_of_errno(e);
			close(pfd[i].fd);
			pfd[i].fd = -1;
			pending--;
		}
	}
	for (i = 0; i < n; i++)
		if (pfd[i].fd >= 0)
			close(pfd[i].fd);
}

int
net_tcp_ports(const char *host, const uint16_t *ports, size_t n,
    long timeout_ms, enum net_port_state *out, char *err, size_t errsz)
{
	struct pollfd pfd[NET_PORTS_MAX];
	struct sockaddr_storage ss;
	socklen_t sl;
	int family, rc;
	size_t i;

	if (n > NET_PORTS_MAX) {
		snprintf(err, errsz, "more than %d ports", NET_PORTS_MAX);
		return NET_E_ARG;
	}
	if ((rc = resolve(host, &ss, &sl, &family, err, errsz)) != NET_OK)
		return rc;
	for (i = 0; i < n; i++) {
		pfd[i].fd = start(&ss, sl, family, ports[i], &out[i]);
		pfd[i].events = POLLOUT;
		pfd[i].revents = 0;
	}
	wait_all(pfd, n, out, netc_now_ms() + (timeout_ms > 0 ? timeout_ms :
	    3000));
	return NET_OK;
}

const char *
net_port_state_name(enum net_port_state s)
{
	switch (s) {
	case NET_PORT_OPEN:
		return "open";
	case NET_PORT_CLOSED:
		return "closed";
	case NET_PORT_FILTERED:
		break;
	}
	return "filtered";
}
