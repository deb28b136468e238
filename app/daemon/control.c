/*
 * control.c - the control socket of `camguard run`: accept, check the
 * peer, read one request line, answer it through the daemon's view,
 * write one reply line, close.
 *
 * Owns the connections (CTL_CLIENTS_MAX at once, each with a deadline of
 * CTL_IDLE_MS for its request and its reply), the peer check (SO_PEERCRED:
 * root or the uid this process runs as, which is run.user once dropped)
 * and the rate of commands (CMD_RATE_PER_S after a burst of
 * CMD_RATE_BURST; beyond it a request is answered with an error and
 * counted).  What a command does is the daemon's (view->command); the
 * list comes from view->ids_list.  Buffers are allocated at start.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/cg_limits.h"
#include "core/json_parse.h"
#include "core/json_write.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/service.h"
#include "daemon/control.h"
#include "platform/ctlsock.h"
#include "proto/cmd.h"

#define CTL_ACCEPT_BURST	16	/* connections taken per wake-up */
#define CTL_ENTRY_ROOM		1024	/* kept free for one more entry */

_Static_assert(HTTPD_CONN_MAX + CONF_SOURCES_MAX + 16 + CTL_CLIENTS_MAX + 1
    <= LOOP_FDS_MAX, "control clients fit the loop");

struct control;

struct ctl_client {
	struct control	*c;
	int		 fd;		/* -1: free slot */
	uid_t		 uid;
	size_t		 len;		/* request bytes */
	char		 in[CTL_REQ_MAX + 1];
	char		*out;		/* CTL_REPLY_MAX bytes */
	size_t		 out_len, out_off;
	int64_t		 timer;
};

struct control {
	struct loop		*loop;
	struct daemon_view	*view;
	int			 fd;
	struct json_ctx		*ctx;
	double			 tokens;
	uint64_t		 tokens_ms;
	uint64_t		 refused_peers, rate_limited;
	struct ctl_client	 cl[CTL_CLIENTS_MAX];
};

static void	client_io(int, short, void *);

static void
client_close(struct ctl_client *cl)
{
	if (cl->fd < 0)
		return;
	loop_fd_del(cl->c->loop, cl->fd);
	loop_timer_cancel(cl->c->loop, cl->timer);
	close(cl->fd);
	cl->fd = -1;
	cl->timer = 0;
}

static void
client_due(void *arg)
{
	struct ctl_client *cl = arg;

	cl->timer = 0;
	log_debug("control: uid %u sent no complete request in %d ms",
	    (unsigned)cl->uid, CTL_IDLE_MS);
	client_close(cl);
}

/* ---- replies ---------------------------------------------------------- */

struct list_out {
	struct jw	*jw;
	size_t		 count, written;
};

static void
list_one(const struct ids_listed *l, void *arg)
{
	struct list_out *lo = arg;
	char ip[ADDR_STR_MAX], *slash;

	lo->count++;
	if (lo->written >= CTL_LIST_MAX ||
	    lo->jw->cap - lo->jw->len < CTL_ENTRY_ROOM)
		return;
	addr_format(&l->net, ip, sizeof(ip));
	if ((slash = strchr(ip, '/')))
		*slash = '\0';
	jw_obj_begin(lo->jw, NULL);
	jw_str(lo->jw, "ip", ip);
	jw_int(lo->jw, "prefix", l->net.prefix);
	if (l->until)
		jw_int(lo->jw, "until", l->until);
	else
		jw_null(lo->jw, "until");
	jw_str(lo->jw, "origin", l->origin);
	jw_str(lo->jw, "reason", l->reason);
	jw_obj_end(lo->jw);
	lo->written++;
}

/* {"id","cmd":"list","ok":true,"error":null,"entries":[...],"count",...} */
static int
reply_list(struct control *c, char *buf, size_t sz, const char *id)
{
	struct jw jw;
	struct list_out lo = { .jw = &jw };

	jw_init(&jw, buf, sz);
	jw_obj_begin(&jw, NULL);
	jw_str(&jw, "id", id[0] ? id : NULL);
	jw_str(&jw, "cmd", "list");
	jw_bool(&jw, "ok", true);
	jw_null(&jw, "error");
	jw_arr_begin(&jw, "entries");
	if (c->view->ids_list)
		c->view->ids_list(c->view, list_one, &lo, (size_t)-1);
	jw_arr_end(&jw);
	jw_int(&jw, "count", (long long)lo.count);
	jw_bool(&jw, "truncated", lo.written < lo.count);
	jw_int(&jw, "tracked", (long long)c->view->ids.tracked);
	jw_obj_end(&jw);
	return jw_finish(&jw);
}

static int
reply_error(char *buf, size_t sz, const char *why)
{
	struct jw jw;

	jw_init(&jw, buf, sz);
	jw_obj_begin(&jw, NULL);
	jw_null(&jw, "id");
	jw_null(&jw, "cmd");
	jw_bool(&jw, "ok", false);
	jw_str(&jw, "error", why);
	jw_obj_end(&jw);
	return jw_finish(&jw);
}

/* One token per command: CMD_RATE_PER_S a second, CMD_RATE_BURST more. */
static bool
token(struct control *c)
{
	uint64_t now = loop_now_ms(c->loop);

	c->tokens += (double)(now - c->tokens_ms) * CMD_RATE_PER_S / 1000;
	c->tokens_ms = now;
	if (c->tokens > CMD_RATE_BURST)
		c->tokens = CMD_RATE_BURST;
	if (c->tokens < 1)
		return false;
	c->tokens -= 1;
	return true;
}

/* The audit trail (the SIEM) hears of every command but a listing. */
static void
audit(struct control *c, const struct ctl_client *cl,
    const struct cmd_req *rq, const struct cmd_out *o)
{
	char who[SIEM_WHO_MAX], what[SIEM_WHAT_MAX];

	if (!c->view->audit || rq->verb == CMD_LIST)
		return;
	snprintf(who, sizeof(who), "control uid=%u", (unsigned)cl->uid);
	c->view->audit(c->view, who, cmd_describe(rq, what, sizeof(what)),
	    o->ok ? "ok" : o->error);
}

static int
run(struct control *c, struct ctl_client *cl, char *out, size_t sz)
{
	struct cmd_req rq = { .verb = CMD_NONE };
	struct cmd_out o = { .ok = false };
	char why[CMD_ERROR_MAX], net[ADDR_STR_MAX] = "";
	size_t len = cl->len;

	while (len > 0 && (cl->in[len - 1] == '\n' || cl->in[len - 1] == '\r'))
		len--;
	if (!token(c)) {
		if (++c->rate_limited <= 10 || c->rate_limited % 100 == 0)
			log_warnx("control: command refused: more than %d a "
			    "second (%llu so far)", CMD_RATE_PER_S,
			    (unsigned long long)c->rate_limited);
		return reply_error(out, sz, "rate-limited: too many commands");
	}
	if (cmd_parse(c->ctx, cl->in, len, &rq, why, sizeof(why)) < 0) {
		snprintf(o.error, sizeof(o.error), "%s", why);
		audit(c, cl, &rq, &o);
		return cmd_result_json(out, sz, rq.id, rq.verb, false, why);
	}
	if (!c->view->command)
		return reply_error(out, sz, "no command handler");
	c->view->command(c->view, &rq, &o);
	if (rq.has_net)
		addr_format(&rq.net, net, sizeof(net));
	log_info("control: %s%s%s by uid %u: %s", cmd_verb_name(rq.verb),
	    net[0] ? " " : "", net, (unsigned)cl->uid, o.ok ? "done" :
	    o.error);
	audit(c, cl, &rq, &o);
	if (rq.verb == CMD_LIST && o.ok)
		return reply_list(c, out, sz, rq.id);
	return cmd_result_json(out, sz, rq.id, rq.verb, o.ok, o.error);
}

/* The request is in (or the peer stopped sending): answer it. */
static void
answer(struct ctl_client *cl, const char *fixed)
{
	int n;

	n = fixed ? reply_error(cl->out, CTL_REPLY_MAX - 1, fixed) :
	    run(cl->c, cl, cl->out, CTL_REPLY_MAX - 1);
	if (n < 0)
		n = reply_error(cl->out, CTL_REPLY_MAX - 1, "reply too long");
	cl->out[n++] = '\n';
	cl->out_len = (size_t)n;
	cl->out_off = 0;
	loop_fd_events(cl->c->loop, cl->fd, POLLOUT);
}

static void
client_write(struct ctl_client *cl)
{
	ssize_t n;

	n = send(cl->fd, cl->out + cl->out_off, cl->out_len - cl->out_off,
	    MSG_NOSIGNAL | MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		cl->out_off += (size_t)n;
	if (n <= 0 || cl->out_off == cl->out_len)
		client_close(cl);
}

static void
client_read(struct ctl_client *cl)
{
	ssize_t n;

	n = recv(cl->fd, cl->in + cl->len, CTL_REQ_MAX - cl->len,
	    MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		client_close(cl);
		return;
	}
	cl->len += (size_t)n;
	cl->in[cl->len] = '\0';
	if (memchr(cl->in, '\n', cl->len) || (n == 0 && cl->len > 0))
		answer(cl, NULL);
	else if (n == 0)
		client_close(cl);
	else if (cl->len == CTL_REQ_MAX)
		answer(cl, "request longer than CTL_REQ_MAX bytes");
}

static void
client_io(int fd, short revents, void *arg)
{
	struct ctl_client *cl = arg;

	(void)fd;
	if (cl->out_len)
		client_write(cl);
	else if (revents & (POLLIN | POLLHUP | POLLERR))
		client_read(cl);
}

/* ---- the listener ----------------------------------------------------- */

/* A refused peer gets one line, if its socket takes it at once. */
static void
turn_away(int fd, const char *why)
{
	char line[CMD_ERROR_MAX + 64];
	int n = reply_error(line, sizeof(line) - 1, why);

	if (n > 0) {
		line[n++] = '\n';
		if (send(fd, line, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
			(void)0;	/* it only loses the reason */
	}
	close(fd);
}

static bool
peer_allowed(struct control *c, int fd, uid_t *uid)
{
	char why[CMD_ERROR_MAX];

	if (ctlsock_peer_uid(fd, uid) == 0 && (*uid == 0 || *uid == getuid()))
		return true;
	c->refused_peers++;
	snprintf(why, sizeof(why), "uid %u may not use the control socket "
	    "(root or run.user only)", (unsigned)*uid);
	log_warnx("control: %s; %llu refused so far", why,
	    (unsigned long long)c->refused_peers);
	turn_away(fd, why);
	return false;
}

static void
take(struct control *c, int fd, uid_t uid)
{
	struct ctl_client *cl = NULL;
	size_t i;

	for (i = 0; i < CTL_CLIENTS_MAX && !cl; i++)
		if (c->cl[i].fd < 0)
			cl = &c->cl[i];
	if (!cl) {
		turn_away(fd, "busy: too many control connections");
		return;
	}
	cl->fd = fd;
	cl->uid = uid;
	cl->len = cl->out_len = cl->out_off = 0;
	if (loop_fd_add(c->loop, fd, POLLIN, client_io, cl) < 0) {
		log_warn("control");
		close(fd);
		cl->fd = -1;
		return;
	}
	cl->timer = loop_timer_add(c->loop, CTL_IDLE_MS, client_due, cl);
}

static void
on_accept(int lfd, short revents, void *arg)
{
	struct control *c = arg;
	uid_t uid = (uid_t)-1;
	int i, fd;

	(void)revents;
	for (i = 0; i < CTL_ACCEPT_BURST; i++) {
		fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("control: accept");
			return;
		}
		if (peer_allowed(c, fd, &uid))
			take(c, fd, uid);
	}
}

struct control *
control_start(struct loop *loop, struct daemon_view *view, int fd)
{
	struct control *c = calloc(1, sizeof(*c));
	size_t i;

	if (!c || !(c->ctx = malloc(sizeof(*c->ctx))))
		goto fail;
	c->loop = loop;
	c->view = view;
	c->fd = fd;
	c->tokens = CMD_RATE_BURST;
	c->tokens_ms = loop_now_ms(loop);
	for (i = 0; i < CTL_CLIENTS_MAX; i++) {
		c->cl[i].c = c;
		c->cl[i].fd = -1;
		if (!(c->cl[i].out = malloc(CTL_REPLY_MAX)))
			goto fail;
	}
	if (loop_fd_add(loop, fd, POLLIN, on_accept, c) < 0)
		goto fail;
	return c;
fail:
	log_warn("control socket");
	control_stop(c);
	return NULL;
}

void
control_stop(struct control *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < CTL_CLIENTS_MAX; i++) {
		if (c->cl[i].out)
			client_close(&c->cl[i]);
		free(c->cl[i].out);
	}
	if (c->fd >= 0 && c->loop) {
		loop_fd_del(c->loop, c->fd);
		close(c->fd);
	}
	free(c->ctx);
	free(c);
}
