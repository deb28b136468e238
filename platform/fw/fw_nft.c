/*
 * fw_nft.c - the nftables backend, through libnftables.
 *
 * Owns one table, inet camguard (fw_conf.table), and nothing else in the
 * ruleset: two sets of blocked sources, b4 (ipv4_addr) and b6 (ipv6_addr),
 * both "flags interval, timeout" so that IPv6 /64 prefixes and timed
 * blocks need no rule of their own, and one input chain (priority
 * filter - 1) with one rule per family:
 *
 *	tcp dport { 80, 443 } ip saddr @b4 drop
 *	tcp dport { 80, 443 } ip6 saddr @b6 drop
 *
 * (meta l4proto tcp ... when no port is given: every TCP port).  A timed
 * block is an element with "timeout Ns" (at least 1 s), so the kernel
 * ends it even if the agent is gone; a block until reboot has none.
 * Timeouts above FW_NFT_TIMEOUT_MAX are left out too (a 32-bit kernel with
 * HZ=1000 refuses timeouts of about 12 days and more): such a block ends
 * with the detector's release.
 *
 * fw_init() replaces the table in one transaction (add, delete, create):
 * blocks never outlive the agent, the state file restores them when the
 * agent restarts within the same boot.  fw_fini() deletes the table.
 * Blocking is idempotent: each element is added, deleted and added again
 * with its new timeout in the same transaction (nft 1.0.6 has no
 * "destroy"; re-adding an element keeps its old timeout); a release adds
 * then deletes, so releasing an element the kernel already expired is not
 * an error.  libnftables errors are captured (nft_ctx_buffer_error) and
 * their first line logged once per failed command.
 */
#include <nftables/libnftables.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "platform/fw/fw.h"

#define FW_NFT_TIMEOUT_MAX	(7 * 86400)	/* longer: no timeout */
/* An element, "ADDR/PREFIX timeout Ns", and a transaction of add, delete,
 * add for FW_BATCH_MAX of them. */
#define FW_NFT_ELEM_MAX	(ADDR_STR_MAX + 24)
#define FW_NFT_CMD_MAX	(3 * FW_BATCH_MAX * FW_NFT_ELEM_MAX + 4096)

/* A command buffer; full is set when a write did not fit. */
struct fw_nft_cmd {
	size_t	len;
	bool	full;
	char	buf[FW_NFT_CMD_MAX];
};

static struct nft_ctx *fw_nft_ctx;
static char fw_nft_table[FW_TABLE_MAX];
static struct fw_nft_cmd fw_nft_cmd;

static void fw_nft_put(struct fw_nft_cmd *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

static void
fw_nft_put(struct fw_nft_cmd *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (c->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(c->buf + c->len, sizeof(c->buf) - c->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(c->buf) - c->len)
		c->full = true;
	else
		c->len += (size_t)n;
}

static void
fw_nft_reset(struct fw_nft_cmd *c)
{
	c->len = 0;
	c->full = false;
	c->buf[0] = '\0';
}

/* Log the first line of libnftables' error buffer, escaped. */
static void
fw_nft_log_error(const char *what)
{
	const char *err = nft_ctx_get_error_buffer(fw_nft_ctx);
	char esc[LOG_FIELD_MAX + 8];
	size_t len;

	if (err == NULL)
		err = "";
	len = strcspn(err, "\n");
	log_warnx("nftables %s: %s", what,
	    len ? log_escape(esc, sizeof(esc), err, len) : "failed");
}

/* Run the command buffer: 0, or -1 after logging the error. */
static int
fw_nft_run(const char *what, struct fw_nft_cmd *c)
{
	int rc;

	if (c->full) {
		log_warnx("nftables %s: command longer than %zu bytes", what,
		    sizeof(c->buf));
		return -1;
	}
	rc = nft_run_cmd_from_buffer(fw_nft_ctx, c->buf);
	if (rc != 0)
		fw_nft_log_error(what);
	/* Reading the buffers empties them for the next command. */
	(void)nft_ctx_get_error_buffer(fw_nft_ctx);
	(void)nft_ctx_get_output_buffer(fw_nft_ctx);
	return rc == 0 ? 0 : -1;
}

static bool
fw_nft_name_ok(const char *s)
{
	size_t len = strlen(s);

	return len > 0 && len < FW_TABLE_MAX && s[0] >= 'a' && s[0] <= 'z' &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == len;
}

/* "tcp dport { 80, 443 } " or "meta l4proto tcp " into c. */
static void
fw_nft_put_match(struct fw_nft_cmd *c, const struct fw_conf *conf)
{
	size_t i;

	if (conf->n_ports == 0) {
		fw_nft_put(c, "meta l4proto tcp ");
		return;
	}
	fw_nft_put(c, "tcp dport {");
	for (i = 0; i < conf->n_ports; i++)
		fw_nft_put(c, "%s %u", i ? "," : "", conf->ports[i]);
	fw_nft_put(c, " } ");
}

static void
fw_nft_put_table(struct fw_nft_cmd *c, const struct fw_conf *conf)
{
	const char *t = fw_nft_table;

	fw_nft_put(c, "add table inet %s\ndelete table inet %s\n", t, t);
	fw_nft_put(c, "table inet %s {\n"
	    "\tset b4 { type ipv4_addr; flags interval, timeout; }\n"
	    "\tset b6 { type ipv6_addr; flags interval, timeout; }\n"
	    "\tchain input {\n"
	    "\t\ttype filter hook input priority filter - 1; "
	    "policy accept;\n\t\t", t);
	fw_nft_put_match(c, conf);
	fw_nft_put(c, "ip saddr @b4 drop\n\t\t");
	fw_nft_put_match(c, conf);
	fw_nft_put(c, "ip6 saddr @b6 drop\n\t}\n}\n");
}

static int
fw_nft_init(const struct fw_conf *conf)
{
	if (!fw_nft_name_ok(conf->table)) {
		log_warnx("nftables: bad table name \"%s\"", conf->table);
		return -1;
	}
	snprintf(fw_nft_table, sizeof(fw_nft_table), "%s", conf->table);
	if (fw_nft_ctx == NULL &&
	    (fw_nft_ctx = nft_ctx_new(NFT_CTX_DEFAULT)) == NULL) {
		log_warnx("nftables: cannot create a context");
		return -1;
	}
	nft_ctx_buffer_output(fw_nft_ctx);
	nft_ctx_buffer_error(fw_nft_ctx);
	fw_nft_reset(&fw_nft_cmd);
	fw_nft_put_table(&fw_nft_cmd, conf);
	if (fw_nft_run("create table", &fw_nft_cmd) == -1) {
		nft_ctx_free(fw_nft_ctx);
		fw_nft_ctx = NULL;
		return -1;
	}
	return 0;
}

/* Whether net[i] appears again later in net[] (the later one wins). */
static bool
fw_nft_dup(const struct addr_net *net, size_t i, size_t n)
{
	size_t j;

	for (j = i + 1; j < n; j++)
		if (net[j].family == net[i].family &&
		    net[j].prefix == net[i].prefix &&
		    !memcmp(net[j].bytes, net[i].bytes, sizeof(net[i].bytes)))
			return true;
	return false;
}

/* " timeout Ns" for until_epoch, or "" (until reboot, or too long). */
static void
fw_nft_put_timeout(struct fw_nft_cmd *c, int64_t until, time_t now)
{
	int64_t s;

	if (until <= 0)
		return;
	s = until - (int64_t)now;
	if (s > FW_NFT_TIMEOUT_MAX)
		return;
	fw_nft_put(c, " timeout %llds", (long long)(s < 1 ? 1 : s));
}

/*
 * "VERB element inet T bF { e1, e2 }\n" for the elements of family fam;
 * with timeouts when until is not NULL.  Nothing when there are none.
 */
static void
fw_nft_put_elems(struct fw_nft_cmd *c, const char *verb, int fam,
    const struct addr_net *net, const int64_t *until, size_t n)
{
	char a[ADDR_STR_MAX];
	time_t now = time(NULL);
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (net[i].family != fam || fw_nft_dup(net, i, n))
			continue;
		if (k++ == 0)
			fw_nft_put(c, "%s element inet %s b%d {", verb,
			    fw_nft_table, fam);
		fw_nft_put(c, "%s %s", k > 1 ? "," : "",
		    addr_format(&net[i], a, sizeof(a)));
		if (until != NULL)
			fw_nft_put_timeout(c, until[i], now);
	}
	if (k > 0)
		fw_nft_put(c, " }\n");
}

/* One transaction of at most FW_BATCH_MAX blocks. */
static int
fw_nft_block_batch(const struct addr_net *net, const int64_t *until,
    size_t n)
{
	static const int fams[] = { 4, 6 };
	size_t f;

	fw_nft_reset(&fw_nft_cmd);
	for (f = 0; f < 2; f++) {
		fw_nft_put_elems(&fw_nft_cmd, "add", fams[f], net, NULL, n);
		fw_nft_put_elems(&fw_nft_cmd, "delete", fams[f], net, NULL, n);
		fw_nft_put_elems(&fw_nft_cmd, "add", fams[f], net, until, n);
	}
	return fw_nft_run("block", &fw_nft_cmd);
}

static int
fw_nft_block_many(const struct addr_net *net, const int64_t *until,
    size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i += k) {
		k = n - i < FW_BATCH_MAX ? n - i : FW_BATCH_MAX;
		if (fw_nft_block_batch(net + i, until + i, k) == -1)
			return -1;
	}
	return 0;
}

static int
fw_nft_block(const struct addr_net *net, int64_t until_epoch)
{
	return fw_nft_block_batch(net, &until_epoch, 1);
}

static int
fw_nft_release(const struct addr_net *net)
{
	fw_nft_reset(&fw_nft_cmd);
	fw_nft_put_elems(&fw_nft_cmd, "add", net->family, net, NULL, 1);
	fw_nft_put_elems(&fw_nft_cmd, "delete", net->family, net, NULL, 1);
	return fw_nft_run("release", &fw_nft_cmd);
}

static int
fw_nft_flush(void)
{
	fw_nft_reset(&fw_nft_cmd);
	fw_nft_put(&fw_nft_cmd, "flush set inet %s b4\nflush set inet %s b6\n",
	    fw_nft_table, fw_nft_table);
	return fw_nft_run("flush", &fw_nft_cmd);
}

static int
fw_nft_fini(void)
{
	int rc;

	if (fw_nft_ctx == NULL)
		return 0;
	fw_nft_reset(&fw_nft_cmd);
	fw_nft_put(&fw_nft_cmd, "delete table inet %s\n", fw_nft_table);
	rc = fw_nft_run("delete table", &fw_nft_cmd);
	nft_ctx_free(fw_nft_ctx);
	fw_nft_ctx = NULL;
	return rc;
}

const struct fw_ops fw_ops_nft = {
	.name = "nft",
	.backend = CONF_FW_NFTABLES,
	.init = fw_nft_init,
	.block = fw_nft_block,
	.block_many = fw_nft_block_many,
	.release = fw_nft_release,
	.flush = fw_nft_flush,
	.fini = fw_nft_fini,
};
