/*
 * httpd.c - a small HTTP/1.1 server inside the daemon's poll loop, for a
 * service that supplies the routes (status.c does; see httpd.h).
 *
 * Owns the listening socket, the fixed table of clients (HTTPD_CONN_MAX,
 * HTTPD_TLS_CONN_MAX with TLS), the TLS keys and the bearer token.  A
 * full table makes room by dropping the oldest idle client; keep-alive
 * clients are closed after HTTPD_IDLE_MS without progress, a request head
 * (or a TLS handshake, or a large body) must get through within
 * HTTPD_HEAD_MS, and a lingering close ends after HTTPD_LINGER_MS.  A
 * token is compared through SHA-256 in constant time; which paths need it
 * is the handler's choice.  An apply loads everything before it changes
 * anything.  What happens on one client's socket is httpd_conn.c's; the
 * paths and bodies are the service's.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/addr.h"
#include "core/cg_limits.h"
#include "core/digest.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/readfile.h"
#include "platform/net/net_tls.h"
#include "proto/http_parse.h"
#include "status/httpd.h"
#include "status/httpd_conn.h"

/* How often idle clients are looked for (while there are clients). */
#define HTTPD_SWEEP_MS		1000

/* What an apply prepares before anything changes. */
struct httpd_settings {
	int		 lfd;		/* a new listener, or -1 */
	struct net_tls	*tls;
	bool		 has_token;
	uint8_t		 token_sha[32];
};

static void	sweep_arm(struct httpd *);

/* ---- tokens --------------------------------------------------------- */

static bool
token_char_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c && strchr("-._~+/=", c));
}

/*
 * The first line of path, trimmed; its SHA-256 into sha.  Refused: a
 * token shorter than HTTPD_TOKEN_MIN (less than 128 bits), a file group
 * or others may read or write (judged on the descriptor read).
 */
static int
token_load(const struct httpd *srv, const char *path, uint8_t sha[32])
{
	char buf[HTTPD_TOKEN_MAX + 1], err[CONF_PATH_MAX + 64] = "";
	size_t len = 0, i;
	struct stat sb;
	FILE *f = fmemopen(err, sizeof(err), "w");
	int fd = readfile_open_ro(path), rc = -1;

	if (fd < 0)
		snprintf(err, sizeof(err), "%s", readfile_strerror(errno));
	else if (f && fstat(fd, &sb) == 0 && (sb.st_mode & 077))
		snprintf(err, sizeof(err), "%s is open to group or others "
		    "(mode %04o): chmod 600 it", path,
		    (unsigned)(sb.st_mode & 07777));
	else if (f)
		rc = readfile_fd(fd, path, buf, HTTPD_TOKEN_MAX, &len, f);
	if (f)
		fclose(f);
	if (fd >= 0)
		close(fd);
	if (rc < 0) {
		err[strcspn(err, "\n")] = '\0';
		log_warnx("%s: token file %s: %s", srv->name, path,
		    err[0] ? err : "unreadable");
		return -1;
	}
	len = strcspn(buf, "\r\n");
	while (len > 0 && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
		len--;
	for (i = 0; i < len && token_char_ok((unsigned char)buf[i]); i++)
		;
	if (len < HTTPD_TOKEN_MIN || i != len) {
		log_warnx("%s: token file %s: want one token of at least %d "
		    "letters, digits and -._~+/= (128 bits; openssl rand "
		    "-base64 24 makes one)", srv->name, path, HTTPD_TOKEN_MIN);
		explicit_bzero(buf, sizeof(buf));
		return -1;
	}
	digest_sha256(buf, len, sha);
	explicit_bzero(buf, sizeof(buf));
	return 0;
}

bool
httpd_authorized(const struct httpd *srv, const char *buf,
    const struct http_req *req)
{
	struct http_span tok;
	uint8_t sha[32], diff = 0;
	size_t i;

	if (!srv->has_token)
		return true;
	if (!http_bearer(buf, req, &tok))
		return false;
	digest_sha256(buf + tok.off, tok.len, sha);
	for (i = 0; i < sizeof(sha); i++)
		diff |= (uint8_t)(sha[i] ^ srv->token_sha[i]);
	return diff == 0;
}

bool
httpd_has_token(const struct httpd *srv)
{
	return srv->has_token;
}

/* ---- the table of clients ------------------------------------------- */

/*
 * How willingly a client is dropped to admit another: lingering first,
 * then idle ones (and TLS handshakes), then those still sending a head;
 * never one with a response on its way.  -1: keep it.
 */
static int
conn_rank(const struct httpd_conn *c, uint64_t *since)
{
	*since = c->last_ms;
	if (c->state == CONN_LINGER)
		return 0;
	if (c->state == CONN_HANDSHAKE || (c->state == CONN_OPEN &&
	    !httpd_conn_pending(c) && !c->closing && c->in_len == 0))
		return 1;
	*since = c->head_ms;
	if (c->state == CONN_OPEN && !httpd_conn_pending(c) && !c->closing)
		return 2;
	return -1;
}

/* Older: earlier progress, then earlier admission. */
static bool
conn_older(const struct httpd_conn *a, uint64_t a_since,
    const struct httpd_conn *b, uint64_t b_since)
{
	return a_since != b_since ? a_since < b_since : a->seq < b->seq;
}

static struct httpd_conn *
conn_victim(struct httpd *srv)
{
	struct httpd_conn *best = NULL, *c;
	uint64_t since, best_since = 0;
	int rank, best_rank = 3, i;

	for (i = 0; i < HTTPD_CONN_MAX; i++) {
		c = &srv->conns[i];
		if (c->state == CONN_FREE)
			continue;
		rank = conn_rank(c, &since);
		if (rank < 0 || rank > best_rank || (rank == best_rank &&
		    !conn_older(c, since, best, best_since)))
			continue;
		best = c;
		best_rank = rank;
		best_since = since;
	}
	return best;
}

static struct httpd_conn *
conn_slot(struct httpd *srv)
{
	size_t cap = srv->tls ? HTTPD_TLS_CONN_MAX : HTTPD_CONN_MAX;
	struct httpd_conn *c;
	int i;

	if (srv->n_conns >= cap) {
		if (!(c = conn_victim(srv)))
			return NULL;
		log_debug("%s: %zu clients, dropping the oldest idle one",
		    srv->name, srv->n_conns);
		httpd_conn_close(srv, c);
		return c;
	}
	for (i = 0; i < HTTPD_CONN_MAX; i++)
		if (srv->conns[i].state == CONN_FREE)
			return &srv->conns[i];
	return NULL;
}

/* Every client is busy: a plain-text client is told so. */
static void
conn_refuse(struct httpd *srv, int fd)
{
	static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\n"
	    "Content-Length: 0\r\nRetry-After: 1\r\nConnection: close\r\n\r\n";

	if (!srv->tls && send(fd, busy, sizeof(busy) - 1, MSG_NOSIGNAL) < 0)
		log_debug("%s: refusing a client: %s", srv->name,
		    strerror(errno));
	close(fd);
}

static void
conn_admit(struct httpd *srv, int fd)
{
	struct httpd_conn *c = conn_slot(srv);
	uint64_t now = loop_now_ms(srv->loop);
	int one = 1;

	if (!c) {
		conn_refuse(srv, fd);
		return;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->tls = srv->tls ? net_tls_accept(srv->tls, fd) : NULL;
	if ((srv->tls && !c->tls) ||
	    loop_fd_add(srv->loop, fd, POLLIN, httpd_conn_cb, c) < 0) {
		log_warn("%s: cannot take a client", srv->name);
		net_tls_close(c->tls, 0);
		c->tls = NULL;
		close(fd);
		return;
	}
	c->srv = srv;
	c->fd = fd;
	c->state = c->tls ? CONN_HANDSHAKE : CONN_OPEN;
	c->events = POLLIN;
	c->last_ms = c->head_ms = now;
	c->seq = ++srv->seq;
	if (!c->tls)
		c->head_ms = 0;
	srv->n_conns++;
	sweep_arm(srv);
}

static bool
conn_expired(const struct httpd_conn *c, uint64_t now)
{
	if (c->state == CONN_LINGER)
		return now - c->last_ms >= HTTPD_LINGER_MS;
	if (c->head_ms && now - c->head_ms >= HTTPD_HEAD_MS)
		return true;
	if (c->body && now - c->body_ms >= HTTPD_HEAD_MS)
		return true;
	return now - c->last_ms >= HTTPD_IDLE_MS;
}

static void
sweep_cb(void *arg)
{
	struct httpd *srv = arg;
	uint64_t now = loop_now_ms(srv->loop);
	int i;

	srv->sweep_timer = 0;
	for (i = 0; i < HTTPD_CONN_MAX; i++)
		if (srv->conns[i].state != CONN_FREE &&
		    conn_expired(&srv->conns[i], now))
			httpd_conn_close(srv, &srv->conns[i]);
	sweep_arm(srv);
}

static void
sweep_arm(struct httpd *srv)
{
	if (srv->sweep_timer > 0 || srv->n_conns == 0)
		return;
	srv->sweep_timer = loop_timer_add(srv->loop, HTTPD_SWEEP_MS, sweep_cb,
	    srv);
	if (srv->sweep_timer < 0)
		log_warn("%s: idle timer", srv->name);
}

static void
conns_close_all(struct httpd *srv)
{
	int i;

	for (i = 0; i < HTTPD_CONN_MAX; i++)
		if (srv->conns[i].state != CONN_FREE)
			httpd_conn_close(srv, &srv->conns[i]);
}

/* ---- the listener --------------------------------------------------- */

static void
accept_resume(void *arg)
{
	struct httpd *srv = arg;

	srv->resume_timer = 0;
	if (srv->lfd >= 0)
		loop_fd_events(srv->loop, srv->lfd, POLLIN);
}

/* Out of descriptors: stop accepting for a second rather than spin. */
static void
accept_pause(struct httpd *srv)
{
	log_warn("%s: accept", srv->name);
	loop_fd_events(srv->loop, srv->lfd, 0);
	if (srv->resume_timer <= 0)
		srv->resume_timer = loop_timer_add(srv->loop, HTTPD_SWEEP_MS,
		    accept_resume, srv);
}

static void
listener_cb(int fd, short revents, void *arg)
{
	struct httpd *srv = arg;
	int cfd, i;

	(void)revents;
	for (i = 0; i < HTTPD_BACKLOG; i++) {
		cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd >= 0) {
			conn_admit(srv, cfd);
			continue;
		}
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM)
			accept_pause(srv);
		break;
	}
}

static int
listener_addr(const char *listen_s, struct sockaddr_storage *ss,
    socklen_t *sl)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	char host[ADDR_STR_MAX];
	uint16_t port;

	memset(ss, 0, sizeof(*ss));
	if (addr_parse_listen(listen_s, host, sizeof(host), &port) < 0)
		return -1;
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*sl = sizeof(*sin);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		*sl = sizeof(*sin6);
		return 0;
	}
	return -1;
}

/* A listening socket on listen_s, registered with the loop; -1, errno. */
static int
listener_open(struct httpd *srv, const char *listen_s)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, one = 1, saved;

	if (listener_addr(listen_s, &ss, &sl) < 0) {
		errno = EINVAL;
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    (ss.ss_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6,
	    IPV6_V6ONLY, &one, sizeof(one)) < 0) ||
	    bind(fd, (struct sockaddr *)&ss, sl) < 0 ||
	    listen(fd, HTTPD_BACKLOG) < 0 ||
	    loop_fd_add(srv->loop, fd, POLLIN, listener_cb, srv) < 0) {
		saved = errno;
		if (fd >= 0)
			close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static void
listener_close(struct httpd *srv)
{
	if (srv->lfd < 0)
		return;
	loop_fd_del(srv->loop, srv->lfd);
	close(srv->lfd);
	srv->lfd = -1;
	loop_timer_cancel(srv->loop, srv->resume_timer);
	srv->resume_timer = 0;
}

/*
 * Listen on a new address; -1 (logged) keeps the old one.  When the old
 * socket holds the port the new one needs (127.0.0.1:8091 to
 * 0.0.0.0:8091), let it go first and take it back if the new one still
 * fails.
 */
static int
listener_rebind(struct httpd *srv, const char *want)
{
	int fd = listener_open(srv, want), saved = errno;

	if (fd < 0 && saved == EADDRINUSE && srv->lfd >= 0) {
		listener_close(srv);
		fd = listener_open(srv, want);
		saved = errno;
		if (fd < 0 &&
		    (srv->lfd = listener_open(srv, srv->listen)) < 0) {
			log_warn("%s: lost the listener on %s", srv->name,
			    srv->listen);
			srv->listen[0] = '\0';
		}
	}
	if (fd < 0) {
		errno = saved;
		log_warn("%s: listen on %s", srv->name, want);
	}
	return fd;
}

/* ---- the server ----------------------------------------------------- */

static int
settings_tls(struct httpd *srv, const struct httpd_conf *hc,
    struct httpd_settings *s)
{
	if (!hc->cert_file[0] && !hc->key_file[0])
		return 0;
	if (!hc->cert_file[0] || !hc->key_file[0]) {
		log_warnx("%s: TLS needs both tls.cert_file and "
		    "tls.key_file", srv->name);
		return -1;
	}
	s->tls = net_tls_server_new(hc->cert_file, hc->key_file,
	    HTTPD_TLS_CONN_MAX);
	return s->tls ? 0 : -1;
}

/* Everything an apply needs, made before anything changes. */
static int
settings_load(struct httpd *srv, const struct httpd_conf *hc,
    struct httpd_settings *s)
{
	const char *want = hc->listen;

	s->lfd = -1;
	if (hc->token_file[0]) {
		if (token_load(srv, hc->token_file, s->token_sha) < 0)
			return -1;
		s->has_token = true;
	}
	if (settings_tls(srv, hc, s) < 0)
		return -1;
	if ((srv->lfd < 0 || strcmp(srv->listen, want) != 0) &&
	    (s->lfd = listener_rebind(srv, want)) < 0) {
		net_tls_server_free(s->tls);
		return -1;
	}
	return 0;
}

static void
settings_commit(struct httpd *srv, const struct httpd_conf *hc,
    struct httpd_settings *s)
{
	if (s->tls || srv->tls) {
		conns_close_all(srv);
		net_tls_server_free(srv->tls);
		srv->tls = s->tls;
	}
	if (s->lfd >= 0) {
		listener_close(srv);
		srv->lfd = s->lfd;
		snprintf(srv->listen, sizeof(srv->listen), "%s", hc->listen);
		log_info("%s: listening on %s%s", srv->name, srv->listen,
		    srv->tls ? " (TLS)" : "");
	}
	srv->has_token = s->has_token;
	memcpy(srv->token_sha, s->token_sha, sizeof(srv->token_sha));
	explicit_bzero(s->token_sha, sizeof(s->token_sha));
}

int
httpd_apply(struct httpd *srv, const struct httpd_conf *hc)
{
	struct httpd_settings s = { .lfd = -1 };

	if (settings_load(srv, hc, &s) < 0)
		return -1;
	settings_commit(srv, hc, &s);
	return 0;
}

void
httpd_quiesce(struct httpd *srv)
{
	conns_close_all(srv);
	listener_close(srv);
	net_tls_server_free(srv->tls);
	srv->tls = NULL;
	srv->listen[0] = '\0';
}

struct httpd *
httpd_new(struct loop *loop, const char *name, httpd_handler handler,
    void *arg)
{
	struct httpd *srv = calloc(1, sizeof(*srv));

	if (!srv) {
		log_warn("%s", name);
		return NULL;
	}
	srv->loop = loop;
	snprintf(srv->name, sizeof(srv->name), "%s", name);
	srv->handler = handler;
	srv->arg = arg;
	srv->lfd = -1;
	/* The client table stays untouched (calloc: CONN_FREE is 0) until
	 * clients come: an idle server keeps it out of memory. */
	return srv;
}

void
httpd_free(struct httpd *srv)
{
	if (!srv)
		return;
	httpd_quiesce(srv);
	loop_timer_cancel(srv->loop, srv->sweep_timer);
	loop_timer_cancel(srv->loop, srv->hold_timer);
	explicit_bzero(srv->token_sha, sizeof(srv->token_sha));
	free(srv);
}
