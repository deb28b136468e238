/*
 * net_tcp.h - sockets for a service in the poll loop: a connect that
 * never blocks, and how far the peer has acknowledged a TCP stream.
 *
 * A syslog collector never answers, so a sender cannot learn from the
 * protocol what arrived.  The kernel knows which bytes the peer's TCP
 * acknowledged: net_tcp_pos() tells the stream position after a write
 * (bytes handed to the socket so far, TLS records included) and
 * net_tcp_acked() the position the peer has acknowledged, so a message
 * can be kept until the collector's host has it.
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
 * Bytes written to the stream so far (*pos) and bytes the peer has
 * acknowledged (*acked), counted from the connect.  -1 when the kernel
 * does not tell (no tcpi_bytes_acked before Linux 4.2).
 */
int	net_tcp_pos(int fd, uint64_t *pos, uint64_t *acked);

#endif
