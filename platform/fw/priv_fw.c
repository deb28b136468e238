/*
 * priv_fw.c - the worker's firewall: every verb becomes a request to the
 * privileged parent, which applies it with the real backend.
 */
#include "platform/fw/fw.h"
#include "platform/priv.h"

static int priv_fw_fd = -1;

void
priv_fw_set_fd(int fd)
{
	priv_fw_fd = fd;
}

/* The parent's rc as a verb's: 0, FW_E_REFUSED (its policy) or -1. */
static int
verb_rc(int rc)
{
	return rc == 0 ? 0 : rc == -PRIV_REFUSED ? FW_E_REFUSED : -1;
}

static int
proxy_init(const struct fw_conf *c)
{
	if (priv_fw_fd < 0)
		return -1;
	return verb_rc(priv_request_init(priv_fw_fd, c->ports, c->n_ports));
}

static int
proxy_block(const struct addr_net *net, int64_t until)
{
	return verb_rc(priv_request(priv_fw_fd, PRIV_BLOCK, net, until));
}

/* Refused blocks are left out; any other failure fails the batch. */
static int
proxy_block_many(const struct addr_net *net, const int64_t *until, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++)
		if (proxy_block(&net[i], until[i]) == -1)
			rc = -1;
	return rc;
}

static int
proxy_release(const struct addr_net *net)
{
	return verb_rc(priv_request(priv_fw_fd, PRIV_RELEASE, net, 0));
}

static int
proxy_flush(void)
{
	return verb_rc(priv_request(priv_fw_fd, PRIV_FLUSH, NULL, 0));
}

static int
proxy_fini(void)
{
	return 0;
}

const struct fw_ops priv_fw_ops = {
	.name = "priv",
	.backend = CONF_FW_NFTABLES,
	.init = proxy_init,
	.block = proxy_block,
	.block_many = proxy_block_many,
	.release = proxy_release,
	.flush = proxy_flush,
	.fini = proxy_fini,
};
