/*
 * net_tcp.c - non-blocking connects and TCP acknowledgement positions.
 *
 * Owns the socket calls of a loop service's client: socket, connect to a
 * numeric address (no name is resolved, so nothing blocks), SO_ERROR,
 * and the acknowledged position from TCP_INFO.  Does not
 * own the loop, TLS or what the bytes mean.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/tcp.h>

#include "platform/net/net_tcp.h"

int
net_tcp_connect(const char *host, uint16_t port, int type, int *in_progress)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	int fd, saved;

	memset(&ss, 0, sizeof(ss));
	*in_progress = 0;
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		len = sizeof(*s4);
	} else if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		len = sizeof(*s6);
	} else {
		errno = EINVAL;
		return -1;
	}
	fd = socket(ss.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&ss, len) == 0)
		return fd;
	if (errno == EINPROGRESS && type == SOCK_STREAM) {
		*in_progress = 1;
		return fd;
	}
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

int
net_tcp_error(int fd)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		return errno;
	return err;
}

int
net_tcp_acked(int fd, uint64_t *acked)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0)
		return -1;
	if (len < offsetof(struct tcp_info, tcpi_bytes_acked) +
	    sizeof(ti.tcpi_bytes_acked)) {
		errno = ENOPROTOOPT;	/* a kernel older than 4.2 */
		return -1;
	}
	*acked = ti.tcpi_bytes_acked;
	return 0;
}
