/*
 * camera.c - camera configuration from a file or the camera itself; the
 * Remote Configuration API for other commands and temporary deny rules.
 *
 * Owns the API's URL (camera.url + /admin/remoteconfig), where the
 * credentials and the CA come from, what counts as an API reply and how
 * its framing is removed (camera.h), and one error message per failure,
 * naming the URL.  HTTP, TLS and authentication are net_request()'s.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf.h"
#include "core/log.h"
#include "core/readfile.h"
#include "platform/camera.h"
#include "platform/net/net.h"
#include "proto/http_url.h"

#define API_URL_MAX	(NET_HOST_MAX + NET_PATH_MAX + 32)
#define NET_STR_MAX	64	/* "ADDR/PREFIX" of a deny rule */

struct api_call {
	const struct conf *c;
	const char	*url;		/* as configured, for messages */
	const char	*body;		/* helo ... quit */
	char		*buf;		/* the reply lands here */
	size_t		 bufsz;
	const char	*reply;		/* unframed, inside buf */
	size_t		 reply_len;
};

/* One request body, and one reply buffer for the ACL calls. */
static char cmd_body[CAMERA_CMD_MAX + 16];
static char acl_buf[CAMERA_CMD_MAX + HTTP_RESP_HEAD_MAX + 1];

int
camera_fetch_file(const char *path, struct camera_dump *d, FILE *errf)
{
	snprintf(d->name, sizeof(d->name), "%s", path);
	return readfile(path, d->buf, CAMCFG_FILE_MAX, &d->len, errf);
}

static const char *
esc(char *dst, size_t dstsz, const char *s, size_t len)
{
	return log_escape(dst, dstsz, s, len);
}

/* camera.url's scheme, host, port and path prefix + the API path. */
static int
api_url(const char *url, struct http_url *u, char *out, size_t outsz,
    FILE *errf)
{
	char e[LOG_FIELD_MAX + 8], hp[NET_HOST_MAX + 8];
	size_t plen;
	int rc, n;

	rc = http_url_parse(url, strlen(url), u);
	if (rc == HTTP_URL_OK && u->scheme == HTTP_URL_RTSP)
		rc = HTTP_URL_E_SCHEME;
	if (rc != HTTP_URL_OK) {
		fprintf(errf, "%s: %s\n", esc(e, sizeof(e), url, strlen(url)),
		    rc == HTTP_URL_E_SCHEME ? "not an http:// or https:// URL" :
		    http_url_strerror(rc));
		return -1;
	}
	plen = strcspn(u->path, "?");
	while (plen > 0 && u->path[plen - 1] == '/')
		plen--;
	http_url_hostport(u, hp, sizeof(hp));
	n = snprintf(out, outsz, "%s://%s%.*s%s",
	    u->scheme == HTTP_URL_HTTPS ? "https" : "http", hp, (int)plen,
	    u->path, CAMERA_API_PATH);
	if (n < 0 || (size_t)n >= outsz) {
		fprintf(errf, "%s: URL too long\n",
		    esc(e, sizeof(e), url, strlen(url)));
		return -1;
	}
	return 0;
}

/* The first line of camera.password_file. */
static int
read_password(const struct conf *c, const char *url, char *pw, size_t pwsz,
    FILE *errf)
{
	char buf[NET_CRED_MAX + 1];
	size_t len, n;

	if (!c->camera.password_file[0]) {
		fprintf(errf, "%s: camera.user is set but camera.password_file "
		    "is not\n", url);
		return -1;
	}
	if (readfile(c->camera.password_file, buf, NET_CRED_MAX, &len,
	    errf) < 0)
		return -1;
	n = strcspn(buf, "\r\n");
	if (n >= pwsz || memchr(buf, '\0', n)) {
		fprintf(errf, "%s: unusable password\n",
		    c->camera.password_file);
		explicit_bzero(buf, sizeof(buf));
		return -1;
	}
	memcpy(pw, buf, n);
	pw[n] = '\0';
	explicit_bzero(buf, sizeof(buf));
	return 0;
}

static bool
is_loopback(const char *host)
{
	unsigned char a[16];

	if (!strcmp(host, "localhost") || !strcmp(host, "::1"))
		return true;
	return inet_pton(AF_INET, host, a) == 1 && a[0] == 127;
}

static void
report_net_error(const struct api_call *a, int rc,
    const struct net_response *rs, FILE *errf)
{
	if (rc == NET_E_TIMEOUT)
		fprintf(errf, "%s (camera.timeout_ms %lld)\n", rs->err,
		    a->c->camera.timeout_ms);
	else if (rc == NET_E_REFUSED || rc == NET_E_RESOLVE)
		fprintf(errf, "%s (camera unreachable)\n", rs->err);
	else
		fprintf(errf, "%s\n", rs->err);
}

static int
check_status(const struct api_call *a, const char *apiurl,
    const struct net_response *rs, FILE *errf)
{
	const char *user = a->c->camera.user;

	if (rs->status == 200)
		return 0;
	if (rs->status == 401 && rs->auth_sent)
		fprintf(errf, "%s: %s login as \"%s\" refused: wrong "
		    "camera.user or password in camera.password_file\n",
		    apiurl, rs->auth_scheme, user);
	else if (rs->status == 401 && !user[0])
		fprintf(errf, "%s: the camera wants credentials; set "
		    "camera.user and camera.password_file\n", apiurl);
	else if (rs->status == 401)
		fprintf(errf, "%s\n", rs->err);
	else if (rs->status == 403)
		fprintf(errf, "%s: access denied (HTTP status 403; the "
		    "camera's IP access control?)\n", apiurl);
	else
		fprintf(errf, "%s: not a camera's Remote Configuration API "
		    "(HTTP status %d)\n", apiurl, rs->status);
	return -1;
}

/* Drop the "#read::" line and an "#end" line with what follows. */
static int
unframe(struct api_call *a, const char *apiurl, const char *body,
    size_t len, FILE *errf)
{
	const size_t bl = strlen(CAMERA_API_BEGIN), el = strlen(CAMERA_API_END);
	const size_t xl = strlen(CAMERA_API_ERROR);
	const char *nl;
	char e[LOG_FIELD_MAX + 8];
	size_t pos, n, start;

	if (len < bl || memcmp(body, CAMERA_API_BEGIN, bl) != 0) {
		fprintf(errf, "%s: not a camera's Remote Configuration API "
		    "(the reply does not start with %s)\n", apiurl,
		    CAMERA_API_BEGIN);
		return -1;
	}
	nl = memchr(body, '\n', len);
	start = pos = nl ? (size_t)(nl - body) + 1 : len;
	for (; pos < len; pos += n + 1) {
		nl = memchr(body + pos, '\n', len - pos);
		n = nl ? (size_t)(nl - (body + pos)) : len - pos;
		if ((n == el || (n == el + 1 && body[pos + el] == '\r')) &&
		    !memcmp(body + pos, CAMERA_API_END, el))
			break;
		if (n >= xl && !memcmp(body + pos, CAMERA_API_ERROR, xl)) {
			fprintf(errf, "%s: the camera refused a command: %s\n",
			    apiurl, esc(e, sizeof(e), body + pos, n));
			return -1;
		}
	}
	a->reply = body + start;
	a->reply_len = (pos < len ? pos : len) - start;
	return 0;
}

static int
api_post(struct api_call *a, FILE *errf)
{
	const struct conf *c = a->c;
	char apiurl[API_URL_MAX], pw[NET_CRED_MAX];
	struct net_response rs;
	struct http_url u;
	struct net_request rq = { .method = "POST", .url = apiurl,
		.content_type = "application/x-www-form-urlencoded",
		.body = a->body, .body_len = strlen(a->body),
		.timeout_ms = (long)c->camera.timeout_ms, .buf = a->buf,
		.bufsz = a->bufsz, .tls = { .ca_file = c->camera.ca_file,
		.verify = c->camera.ca_file[0] != '\0' } };
	int rc;

	if (api_url(a->url, &u, apiurl, sizeof(apiurl), errf) < 0)
		return -1;
	if (u.scheme == HTTP_URL_HTTPS && !rq.tls.verify &&
	    !is_loopback(u.host)) {
		fprintf(errf, "%s: set camera.ca_file to verify the camera's "
		    "certificate (only a loopback camera is reached "
		    "unverified)\n", apiurl);
		return -1;
	}
	if (c->camera.user[0]) {
		if (read_password(c, apiurl, pw, sizeof(pw), errf) < 0)
			return -1;
		rq.user = c->camera.user;
		rq.password = pw;
	}
	rc = net_request(&rq, &rs);
	explicit_bzero(pw, sizeof(pw));
	if (rc != NET_OK) {
		report_net_error(a, rc, &rs, errf);
		return -1;
	}
	if (check_status(a, apiurl, &rs, errf) < 0)
		return -1;
	return unframe(a, apiurl, rs.body, rs.body_len, errf);
}

int
camera_fetch_api(const struct conf *c, const char *url,
    struct camera_dump *d, FILE *errf)
{
	struct api_call a = { .c = c, .url = url,
		.body = "helo\nview configfile\nquit\n", .buf = d->buf,
		.bufsz = sizeof(d->buf) };

	snprintf(d->name, sizeof(d->name), "%s", url);
	d->len = 0;
	if (api_post(&a, errf) < 0)
		return -1;
	if (a.reply_len > CAMCFG_FILE_MAX) {
		fprintf(errf, "%s: configuration larger than %d bytes\n", url,
		    CAMCFG_FILE_MAX);
		return -1;
	}
	memmove(d->buf, a.reply, a.reply_len);
	d->buf[a.reply_len] = '\0';
	d->len = a.reply_len;
	return 0;
}

int
camera_api_command(const struct conf *c, const char *url, const char *cmds,
    char *out, size_t outsz, size_t *outlen, FILE *errf)
{
	struct api_call a = { .c = c, .url = url, .body = cmd_body,
		.buf = out, .bufsz = outsz };
	int n;

	*outlen = 0;
	n = snprintf(cmd_body, sizeof(cmd_body), "helo\n%squit\n", cmds);
	if (n < 0 || (size_t)n >= sizeof(cmd_body)) {
		fprintf(errf, "%s: API commands longer than %d bytes\n", url,
		    CAMERA_CMD_MAX);
		return -1;
	}
	if (api_post(&a, errf) < 0)
		return -1;
	memmove(out, a.reply, a.reply_len);
	out[a.reply_len] = '\0';
	*outlen = a.reply_len;
	return 0;
}

/* Temporary deny rules. */

static bool
net_ok(const char *net)
{
	size_t n = strlen(net);

	return n > 0 && n < NET_STR_MAX &&
	    strspn(net, "0123456789abcdefABCDEF.:/") == n;
}

/*
 * Walk the "tmpdeny_N=value" lines of a section: which slots hold net,
 * and the first free one (0: none).
 */
static int
acl_scan(const char *text, const char *net, bool held[], int *first_free)
{
	const size_t kl = strlen(CAMERA_ACL_DENY_KEY);
	bool used[CAMERA_ACL_DENY_MAX + 1] = { false };
	const char *p = text;
	char *eq;
	size_t vlen;
	long slot;
	int i, nheld = 0;

	for (; *p; p += strcspn(p, "\n"), p += *p == '\n') {
		if (strncmp(p, CAMERA_ACL_DENY_KEY, kl) != 0)
			continue;
		slot = strtol(p + kl, &eq, 10);
		if (*eq != '=' || slot < 1 || slot > CAMERA_ACL_DENY_MAX)
			continue;
		vlen = strcspn(eq + 1, "\r\n");
		used[slot] = vlen > 0;
		held[slot] = vlen == strlen(net) && !memcmp(eq + 1, net, vlen);
	}
	*first_free = 0;
	for (i = CAMERA_ACL_DENY_MAX; i >= 1; i--) {
		nheld += held[i];
		if (!used[i])
			*first_free = i;
	}
	return nheld;
}

static int
acl_read(const struct conf *c, const char *net, bool held[], int *first_free,
    FILE *errf)
{
	size_t len;

	if (!net_ok(net)) {
		fprintf(errf, "%s: not an address or prefix for a deny rule\n",
		    c->camera.url);
		return -1;
	}
	if (camera_api_command(c, c->camera.url, "view section "
	    CAMERA_ACL_SECTION "\n", acl_buf, sizeof(acl_buf), &len,
	    errf) < 0)
		return -1;
	return acl_scan(acl_buf, net, held, first_free);
}

int
camera_acl_deny(const struct conf *c, const char *net, FILE *errf)
{
	bool held[CAMERA_ACL_DENY_MAX + 1] = { false };
	char cmd[128];
	size_t len;
	int slot, n;

	if ((n = acl_read(c, net, held, &slot, errf)) != 0)
		return n > 0 ? 0 : -1;
	if (slot == 0) {
		fprintf(errf, "%s: all %d temporary deny slots are in use\n",
		    c->camera.url, CAMERA_ACL_DENY_MAX);
		return -1;
	}
	snprintf(cmd, sizeof(cmd), "write params\n" CAMERA_ACL_SECTION "/"
	    CAMERA_ACL_DENY_KEY "%d=%s\nupdate\n", slot, net);
	return camera_api_command(c, c->camera.url, cmd, acl_buf,
	    sizeof(acl_buf), &len, errf);
}

int
camera_acl_release(const struct conf *c, const char *net, FILE *errf)
{
	bool held[CAMERA_ACL_DENY_MAX + 1] = { false };
	char cmd[64 * (CAMERA_ACL_DENY_MAX + 1)];
	size_t len, off;
	int i, slot, n;

	if ((n = acl_read(c, net, held, &slot, errf)) <= 0)
		return n;
	off = (size_t)snprintf(cmd, sizeof(cmd), "write params\n");
	for (i = 1; i <= CAMERA_ACL_DENY_MAX; i++)
		if (held[i])
			off += (size_t)snprintf(cmd + off, sizeof(cmd) - off,
			    CAMERA_ACL_SECTION "/" CAMERA_ACL_DENY_KEY "%d=\n",
			    i);
	snprintf(cmd + off, sizeof(cmd) - off, "update\n");
	return camera_api_command(c, c->camera.url, cmd, acl_buf,
	    sizeof(acl_buf), &len, errf);
}
