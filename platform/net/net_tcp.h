/*
 * net_tcp.h - sockets for a service in the poll loop: a connect that
 * never blocks, and how far the peer has acknowledged a TCP stream.
 *
 * A syslog collector never answers, so a sender cannot learn from the
 * protocol what arrived.  The kernel knows how many bytes the peer's TCP
 * acknowledged (net_tcp_acked()); a sender that counts the bytes it hands
 * to the socket (net_tls_bytes_out() for TLS) can keep a message until
 * the collector's host has it.  Only getsockopt(2) is used, which the
 * worker's seccomp filter allows (an ioctl such as SIOCOUTQ it does not).
 */
#ifndef CAMGUARD_NET_TCP_H
#define CAMGUARD_NET_TCP_H

#include <stdint.h>

/*
 * A non-blocking, close-on-exec socket of type SOCK_STREAM or SOCK_DGRAM
 * connected (or connecting) to the numeric host and port.  Returns the
 * descriptor and sets *in_progress when a stream connect goes on (wait
 * for POLLOUT, then net_tcp_error()); -1 with errno on failure.
 */
int	net_tcp_connect(const char *host, uint16_t port, int type,
	    int *in_progress);
/* The pending error of fd (SO_ERROR): 0 when connected. */
int	net_tcp_error(int fd);
/*
 * Bytes of the stream the peer has acknowledged, counted from the
 * connect (TCP_INFO tcpi_bytes_acked).  -1 when the kernel does not tell
 * (before Linux 4.2).
 */
int	net_tcp_acked(int fd, uint64_t *acked);

#endif
