/*
 * net_conn.c - one client connection, plain or TLS: reads, writes and
 * close go to net_tls_client.c when the connection carries a TLS session,
 * else to the plain socket of net_sock.c.  Kept apart from both so that
 * neither calls the other's layer above it.
 */
#include <unistd.h>

#include "platform/net/net_priv.h"

int
netc_conn_write(struct netc_conn *c, const void *buf, size_t len)
{
	if (c->tls)
		return netc_tls_write(c, buf, len);
	return netc_sock_write(c, buf, len);
}

int
netc_conn_read(struct netc_conn *c, void *buf, size_t len, size_t *got)
{
	if (c->tls)
		return netc_tls_read(c, buf, len, got);
	return netc_sock_read(c, buf, len, got);
}

void
netc_conn_close(struct netc_conn *c)
{
	if (c->tls)
		netc_tls_close(c);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}
