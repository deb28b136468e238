/*
 * test_net.c - the HTTP/HTTPS/RTSP clients and the camera API functions
 * against real peers on loopback: the camera simulator (tests/camsim,
 * started here on free ports) for Basic and Digest logins, TLS chains,
 * versions and probes, RTSP, the blackhole port and temporary deny
 * rules; a forked one-shot peer that sends exact bytes for chunked,
 * truncated, oversized and non-HTTP replies.  Needs python3 and openssl;
 * skips when they are missing.  Run from the repository root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/conf.h"
#include "platform/camera.h"
#include "platform/net/net.h"

#define BUF_MAX		(256 * 1024)
#define SIMS		4

enum { SIM_HARD, SIM_MD5, SIM_DEF, SIM_WEAK };

struct sim {
	pid_t		pid;
	unsigned	http, https, rtsp, blackhole;
};

static struct sim sims[SIMS];
static char dir[] = "/tmp/camguard-test-net.XXXXXX";
static bool have_tools;
static char *buf;
static struct net_response rs;

static void
sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
}

static void
make_certs(void)
{
	sh("cd %s && openssl req -x509 -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt "
	    "-days 2 -subj /CN=test-ca 2>/dev/null && openssl req -newkey ec "
	    "-pkeyopt ec_paramgen_curve:P-256 -nodes -keyout srv.key -out "
	    "srv.csr -subj /CN=localhost 2>/dev/null && printf "
	    "'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' >ext && "
	    "openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key "
	    "-CAcreateserial -out srv.crt -days 2 -extfile ext 2>/dev/null",
	    dir);
	sh("cd %s && openssl req -x509 -newkey rsa:1024 -sha1 -nodes "
	    "-keyout weak.key -out weak.crt -days 400 -subj /CN=weak "
	    "2>/dev/null", dir);
	sh("printf 'Lobby-Cam-2024-x9\\n' >%s/pw-hard && printf "
	    "'meinsm\\n' >%s/pw-def && printf 'nope\\n' >%s/pw-bad", dir, dir,
	    dir);
}

static unsigned
port_of(const char *line, const char *name)
{
	char key[32];
	const char *p;

	snprintf(key, sizeof(key), " %s=", name);
	p = strstr(line, key);
	return p ? (unsigned)atoi(p + strlen(key)) : 0;
}

/* Start camsim with extra arguments; wait for its ready line. */
static void
start_sim(struct sim *s, const char *extra)
{
	char cmd[2048], line[256];
	FILE *f;
	int fds[2];

	snprintf(cmd, sizeof(cmd), "exec python3 tests/camsim/camsim.py "
	    "--cert %s/srv.crt --key %s/srv.key %s", dir, dir, extra);
	assert_int_equal(pipe(fds), 0);
	s->pid = fork();
	assert_true(s->pid >= 0);
	if (s->pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	assert_non_null(strstr(line, "camsim ready"));
	s->http = port_of(line, "http");
	s->https = port_of(line, "https");
	s->rtsp = port_of(line, "rtsp");
	s->blackhole = port_of(line, "blackhole");
}

static int
group_setup(void **state)
{
	char extra[512];

	(void)state;
	have_tools = system("python3 -c 'import ssl' 2>/dev/null && "
	    "openssl version >/dev/null 2>&1") == 0;
	buf = malloc(BUF_MAX);
	if (!have_tools || !buf || !mkdtemp(dir))
		return 0;
	make_certs();
	start_sim(&sims[SIM_HARD], "--profile hardened --http-port 0 "
	    "--https-port 0 --rtsp-port 0 --blackhole-port 0");
	start_sim(&sims[SIM_MD5], "--profile hardened --http-port 0 "
	    "--digest-alg md5");
	start_sim(&sims[SIM_DEF], "--profile default --http-port 0 "
	    "--rtsp-port 0");
	snprintf(extra, sizeof(extra), "--profile default --https-port 0 "
	    "--tls-max 1.0 --cert %s/weak.crt --key %s/weak.key", dir, dir);
	start_sim(&sims[SIM_WEAK], extra);
	return 0;
}

static int
group_teardown(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < SIMS; i++) {
		if (sims[i].pid > 0) {
			kill(sims[i].pid, SIGTERM);
			waitpid(sims[i].pid, NULL, 0);
		}
	}
	if (have_tools)
		sh("rm -rf %s", dir);
	free(buf);
	return 0;
}

static int
need_tools(void **state)
{
	(void)state;
	if (!have_tools)
		skip();
	return 0;
}

static const char *
url(int sim, const char *scheme, const char *p)
{
	static char u[4][256];
	static int i;
	const struct sim *s = &sims[sim];
	unsigned port = !strcmp(scheme, "https") ? s->https :
	    !strcmp(scheme, "rtsp") ? s->rtsp : s->http;

	i = (i + 1) % 4;
	snprintf(u[i], sizeof(u[i]), "%s://127.0.0.1:%u%s", scheme, port, p);
	return u[i];
}

static int
post_api(const char *u, const char *user, const char *pw,
    struct net_tls_opts tls)
{
	static const char cmds[] = "helo\nview configfile\nquit\n";
	struct net_request rq = { .method = "POST", .url = u,
		.content_type = "application/x-www-form-urlencoded",
		.body = cmds, .body_len = sizeof(cmds) - 1, .user = user,
		.password = pw, .timeout_ms = 3000, .tls = tls, .buf = buf,
		.bufsz = BUF_MAX };

	return net_request(&rq, &rs);
}

static int
get(const char *u, const char *user, const char *pw)
{
	struct net_request rq = { .method = "GET", .url = u, .user = user,
		.password = pw, .timeout_ms = 3000, .buf = buf,
		.bufsz = BUF_MAX };

	return net_request(&rq, &rs);
}

/* Logins. */

static void
test_digest_sha256_login_reads_the_configuration(void **state)
{
	(void)state;
	assert_int_equal(post_api(url(SIM_HARD, "http", CAMERA_API_PATH),
	    "camadmin", "Lobby-Cam-2024-x9", (struct net_tls_opts){ 0 }),
	    NET_OK);
	assert_int_equal(rs.status, 200);
	assert_int_equal(rs.exchanges, 2);
	assert_true(rs.auth_sent);
	assert_true(rs.offered_digest);
	assert_false(rs.offered_basic);
	assert_string_equal(rs.auth_scheme, "Digest");
	assert_string_equal(rs.digest_alg, "SHA-256");
	assert_memory_equal(rs.body, "#read::\n", 8);
	assert_non_null(strstr(rs.body, "AUTH=digest\n"));
	assert_int_equal(strlen(rs.body), rs.body_len);
	assert_string_equal(rs.server, "camsim/1.0");
}

static void
test_digest_md5_login_when_only_md5_is_offered(void **state)
{
	(void)state;
	assert_int_equal(post_api(url(SIM_MD5, "http", CAMERA_API_PATH),
	    "camadmin", "Lobby-Cam-2024-x9", (struct net_tls_opts){ 0 }),
	    NET_OK);
	assert_int_equal(rs.status, 200);
	assert_string_equal(rs.digest_alg, "MD5");
}

static void
test_basic_login_to_the_default_camera(void **state)
{
	(void)state;
	assert_int_equal(post_api(url(SIM_DEF, "http", CAMERA_API_PATH),
	    "admin", "meinsm", (struct net_tls_opts){ 0 }), NET_OK);
	assert_int_equal(rs.status, 200);
	assert_true(rs.offered_basic);
	assert_false(rs.offered_digest);
	assert_string_equal(rs.auth_scheme, "Basic");
}

static void
test_wrong_password_is_a_401_after_answering(void **state)
{
	(void)state;
	assert_int_equal(post_api(url(SIM_HARD, "http", CAMERA_API_PATH),
	    "camadmin", "wrong", (struct net_tls_opts){ 0 }), NET_OK);
	assert_int_equal(rs.status, 401);
	assert_true(rs.auth_sent);
	assert_int_equal(rs.exchanges, 2);
	assert_non_null(strstr(rs.err, "refused"));
}

static void
test_no_credentials_leaves_the_challenge(void **state)
{
	(void)state;
	assert_int_equal(get(url(SIM_HARD, "http", "/"), NULL, NULL),
	    NET_OK);
	assert_int_equal(rs.status, 401);
	assert_int_equal(rs.exchanges, 1);
	assert_false(rs.auth_sent);
	assert_true(rs.offered_digest);
}

static void
test_public_pages_and_robots_follow_the_profile(void **state)
{
	(void)state;
	assert_int_equal(get(url(SIM_DEF, "http", "/record/current.jpg"),
	    NULL, NULL), NET_OK);
	assert_int_equal(rs.status, 200);
	assert_string_equal(rs.content_type, "image/jpeg");
	assert_int_equal(get(url(SIM_HARD, "http", "/cgi-bin/guestimage.html"),
	    NULL, NULL), NET_OK);
	assert_int_equal(rs.status, 401);
	assert_int_equal(get(url(SIM_DEF, "http", "/robots.txt"), NULL, NULL),
	    NET_OK);
	assert_string_equal(rs.body, "User-agent: *\nDisallow:\n");
	assert_int_equal(get(url(SIM_HARD, "http", "/robots.txt"), NULL,
	    NULL), NET_OK);
	assert_string_equal(rs.body, "User-agent: *\nDisallow: /\n");
}

/* TLS. */

static int
probe(int sim, const struct net_tls_opts *o, struct net_tls_info *info,
    char err[NET_ERR_MAX])
{
	return net_tls_probe("127.0.0.1", (uint16_t)sims[sim].https, o, 2000,
	    info, err, NET_ERR_MAX);
}

static void
test_https_chain_verifies_against_the_ca_by_address(void **state)
{
	char ca[600];
	const struct net_cert *leaf;

	(void)state;
	snprintf(ca, sizeof(ca), "%s/ca.crt", dir);
	assert_int_equal(post_api(url(SIM_HARD, "https", CAMERA_API_PATH),
	    "camadmin", "Lobby-Cam-2024-x9", (struct net_tls_opts){
	    .ca_file = ca, .verify = true }), NET_OK);
	assert_int_equal(rs.status, 200);
	assert_true(rs.tls.handshake_done);
	assert_true(rs.tls.verified);
	assert_int_equal(rs.tls.version, NET_TLS_1_2);
	assert_string_equal(rs.tls.version_name, "TLSv1.2");
	assert_true(rs.tls.n_certs >= 1);
	leaf = &rs.tls.certs[0];
	assert_string_equal(leaf->subject, "CN=localhost");
	assert_string_equal(leaf->issuer, "CN=test-ca");
	assert_false(leaf->self_signed);
	assert_string_equal(leaf->key_type, "EC");
	assert_int_equal(leaf->key_bits, 256);
	assert_string_equal(leaf->sig_hash, "sha256");
	assert_int_equal(leaf->not_after - leaf->not_before, 2 * 86400);
	assert_true(leaf->not_after > (int64_t)time(NULL));
}

static void
test_https_without_ca_records_but_does_not_trust(void **state)
{
	(void)state;
	assert_int_equal(get(url(SIM_HARD, "https", "/robots.txt"), NULL,
	    NULL), NET_OK);
	assert_int_equal(rs.status, 200);
	assert_false(rs.tls.verified);
	assert_true(rs.tls.verify_flags & NET_VERIFY_NOT_TRUSTED);
	assert_true(rs.tls.n_certs >= 1);
}

static void
test_https_with_another_ca_fails_when_verify_is_asked(void **state)
{
	char ca[600];

	(void)state;
	snprintf(ca, sizeof(ca), "%s/weak.crt", dir);
	assert_int_equal(post_api(url(SIM_HARD, "https", CAMERA_API_PATH),
	    "camadmin", "x", (struct net_tls_opts){ .ca_file = ca,
	    .verify = true }), NET_E_TLS);
	assert_non_null(strstr(rs.err, "not issued by camera.ca_file"));
	assert_true(rs.tls.handshake_done);
	assert_int_equal(rs.exchanges, 1);
}

static void
test_tls10_handshake_is_refused_by_a_modern_server(void **state)
{
	struct net_tls_opts o = { .min_version = NET_TLS_1_0,
		.max_version = NET_TLS_1_0 };
	struct net_tls_info info;
	char err[NET_ERR_MAX];

	(void)state;
	assert_int_equal(probe(SIM_HARD, &o, &info, err), NET_E_TLS);
	assert_false(info.handshake_done);
	assert_non_null(strstr(err, "TLS handshake failed"));
}

static void
test_tls10_only_server_and_its_weak_certificate(void **state)
{
	struct net_tls_opts o = { .min_version = NET_TLS_1_0,
		.max_version = NET_TLS_1_2 };
	struct net_tls_info info;
	char err[NET_ERR_MAX];

	(void)state;
	assert_int_equal(probe(SIM_WEAK, &o, &info, err), NET_OK);
	assert_int_equal(info.version, NET_TLS_1_0);
	assert_string_equal(info.version_name, "TLSv1.0");
	assert_int_equal(info.n_certs, 1);
	assert_true(info.certs[0].self_signed);
	assert_string_equal(info.certs[0].key_type, "RSA");
	assert_int_equal(info.certs[0].key_bits, 1024);
	assert_string_equal(info.certs[0].sig_hash, "sha1");
	o.min_version = NET_TLS_ANY;
	o.max_version = NET_TLS_ANY;
	assert_int_equal(probe(SIM_WEAK, &o, &info, err), NET_E_TLS);
}

/* RTSP, deadlines, refusals. */

static void
test_rtsp_describe_needs_auth_only_when_rtsp_auth_is_on(void **state)
{
	(void)state;
	assert_int_equal(net_rtsp_probe(url(SIM_HARD, "rtsp", "/"),
	    "DESCRIBE", 2000, buf, BUF_MAX, &rs), NET_OK);
	assert_true(rs.rtsp);
	assert_int_equal(rs.status, 401);
	assert_true(rs.offered_digest);
	assert_int_equal(net_rtsp_probe(url(SIM_DEF, "rtsp", "/"),
	    "DESCRIBE", 2000, buf, BUF_MAX, &rs), NET_OK);
	assert_int_equal(rs.status, 200);
	assert_string_equal(rs.content_type, "application/sdp");
	assert_memory_equal(rs.body, "v=0\r\n", 5);
	assert_int_equal(net_rtsp_probe(url(SIM_DEF, "rtsp", "/"),
	    "OPTIONS", 2000, buf, BUF_MAX, &rs), NET_OK);
	assert_non_null(strstr(rs.rtsp_public, "DESCRIBE"));
	assert_int_equal(rs.body_len, 0);
}

static void
test_blackhole_times_out_within_the_deadline(void **state)
{
	struct net_request rq = { .method = "GET", .timeout_ms = 300,
		.buf = buf, .bufsz = BUF_MAX };
	char u[128];
	struct timespec a, b;
	long ms;

	(void)state;
	snprintf(u, sizeof(u), "http://127.0.0.1:%u/",
	    sims[SIM_HARD].blackhole);
	rq.url = u;
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(net_request(&rq, &rs), NET_E_TIMEOUT);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	assert_true(ms >= 290 && ms < 800);
	assert_non_null(strstr(rs.err, "no reply within the timeout"));
}

static void
test_closed_port_is_refused_and_bad_urls_are_refused(void **state)
{
	struct net_request rq = { .method = "GET", .timeout_ms = 1000,
		.buf = buf, .bufsz = BUF_MAX, .url = "http://127.0.0.1:1/" };

	(void)state;
	assert_int_equal(net_request(&rq, &rs), NET_E_REFUSED);
	rq.url = "http://admin:meinsm@127.0.0.1/";
	assert_int_equal(net_request(&rq, &rs), NET_E_URL);
	assert_non_null(strstr(rs.err, "camera.user"));
	rq.url = "http://127.0.0.1:1/";
	rq.method = "GET / HTTP/1.1\r\nX:";
	assert_int_equal(net_request(&rq, &rs), NET_E_ARG);
}

/* A one-shot peer that sends exact bytes. */

static pid_t
peer(const char *reply, size_t len, unsigned *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t sl = sizeof(sa);
	char req[4096];
	pid_t pid;
	int ls, c;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ls = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(ls >= 0);
	assert_int_equal(bind(ls, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(ls, 1), 0);
	assert_int_equal(getsockname(ls, (struct sockaddr *)&sa, &sl), 0);
	*port = ntohs(sa.sin_port);
	if ((pid = fork()) == 0) {
		c = accept(ls, NULL, NULL);
		(void)!read(c, req, sizeof(req));
		(void)!write(c, reply, len);
		close(c);
		_exit(0);
	}
	close(ls);
	return pid;
}

static int
get_from_peer(const char *reply, size_t len, size_t bufsz)
{
	struct net_request rq = { .method = "GET", .timeout_ms = 2000,
		.buf = buf, .bufsz = bufsz };
	unsigned port;
	pid_t pid = peer(reply, len, &port);
	char u[64];
	int rc;

	snprintf(u, sizeof(u), "http://127.0.0.1:%u/", port);
	rq.url = u;
	rc = net_request(&rq, &rs);
	waitpid(pid, NULL, 0);
	return rc;
}

#define GET_PEER(s)	get_from_peer(s, sizeof(s) - 1, BUF_MAX)

static void
test_chunked_reply_after_an_interim_100(void **state)
{
	(void)state;
	assert_int_equal(GET_PEER("HTTP/1.1 100 Continue\r\n\r\n"
	    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "8\r\n#read::\n\r\n6;x=1\r\nA=1\nB=\r\n0\r\nT: x\r\n\r\n"), NET_OK);
	assert_int_equal(rs.status, 200);
	assert_int_equal(rs.body_len, 14);
	assert_string_equal(rs.body, "#read::\nA=1\nB=");
}

static void
test_close_delimited_reply_is_read_to_the_end(void **state)
{
	(void)state;
	assert_int_equal(GET_PEER("HTTP/1.0 200 OK\r\n\r\nall of it"),
	    NET_OK);
	assert_string_equal(rs.body, "all of it");
}

static void
test_truncated_replies_are_truncated(void **state)
{
	(void)state;
	assert_int_equal(GET_PEER("HTTP/1.1 200 OK\r\nContent-Length: 100"
	    "\r\n\r\nshort"), NET_E_TRUNCATED);
	assert_non_null(strstr(rs.err, "after 5 of 100 body bytes"));
	assert_int_equal(GET_PEER("HTTP/1.1 200 OK\r\nTransfer-Encoding: "
	    "chunked\r\n\r\n10\r\nabc"), NET_E_TRUNCATED);
	assert_int_equal(GET_PEER("HTTP/1.1 200 OK\r\nServer: x"),
	    NET_E_TRUNCATED);
	assert_int_equal(GET_PEER(""), NET_E_TRUNCATED);
	assert_non_null(strstr(rs.err, "without a reply"));
}

static void
test_not_http_and_oversized_replies_are_refused(void **state)
{
	char big[600];

	(void)state;
	assert_int_equal(GET_PEER("SSH-2.0-OpenSSH_9.2\r\n"), NET_E_PROTO);
	assert_int_equal(GET_PEER("HTTP/1.1 200 OK\r\nTransfer-Encoding: "
	    "chunked\r\n\r\nzz\r\n"), NET_E_PROTO);
	assert_int_equal(GET_PEER("HTTP/1.1 200 OK\r\nContent-Length: "
	    "999999999\r\n\r\n"), NET_E_TOO_BIG);
	memset(big, 'x', sizeof(big));
	memcpy(big, "HTTP/1.1 200 OK\r\n\r\n", 19);
	assert_int_equal(get_from_peer(big, sizeof(big), 256),
	    NET_E_TOO_BIG);
}

/* The camera API functions. */

static void
conf_for(struct conf *c, int sim, const char *pwfile)
{
	conf_defaults(c);
	snprintf(c->camera.url, sizeof(c->camera.url), "%s",
	    url(sim, "http", "/"));
	snprintf(c->camera.user, sizeof(c->camera.user), "%s",
	    sim == SIM_DEF ? "admin" : "camadmin");
	snprintf(c->camera.password_file, sizeof(c->camera.password_file),
	    "%s/%s", dir, pwfile);
	c->camera.timeout_ms = 2000;
}

static void
test_fetch_api_strips_the_framing(void **state)
{
	static struct camera_dump d;
	static struct conf c;
	char want[64];
	FILE *errf = tmpfile();

	(void)state;
	conf_for(&c, SIM_HARD, "pw-hard");
	snprintf(c.camera.ca_file, sizeof(c.camera.ca_file), "%s/ca.crt",
	    dir);
	assert_int_equal(camera_fetch_api(&c, url(SIM_HARD, "https", ""), &d,
	    errf), 0);
	assert_memory_equal(d.buf, "# Camera configuration", 22);
	assert_null(strstr(d.buf, "#read::"));
	assert_null(strstr(d.buf, "#end"));
	snprintf(want, sizeof(want), "HTTPS_PORT=%u\n", sims[SIM_HARD].https);
	assert_non_null(strstr(d.buf, want));
	assert_int_equal(strlen(d.buf), d.len);
	conf_for(&c, SIM_HARD, "pw-bad");
	assert_int_equal(camera_fetch_api(&c, c.camera.url, &d, errf), -1);
	fclose(errf);
}

/* Status of GET / from source address src (127.0.0.x), 0 if closed. */
static int
status_from(const char *src, unsigned port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	char reply[64] = "";
	int fd = socket(AF_INET, SOCK_STREAM, 0), st = 0;

	inet_pton(AF_INET, src, &a.sin_addr);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	a.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	(void)!write(fd, "GET / HTTP/1.0\r\n\r\n", 18);
	if (read(fd, reply, sizeof(reply) - 1) > 12)
		st = atoi(reply + 9);
	while (read(fd, reply, sizeof(reply)) > 0)
		;
	close(fd);
	return st;
}

static void
test_temporary_deny_outranks_and_is_released(void **state)
{
	static struct conf c;
	char out[CAMERA_CMD_MAX + HTTP_RESP_HEAD_MAX];
	unsigned port = sims[SIM_DEF].http;
	size_t len;
	FILE *errf = tmpfile();

	(void)state;
	conf_for(&c, SIM_DEF, "pw-def");
	assert_int_equal(status_from("127.0.0.2", port), 200);
	/* deny rules do nothing while the camera's access control is off */
	assert_int_equal(camera_acl_deny(&c, "127.0.0.2", errf), 0);
	assert_int_equal(status_from("127.0.0.2", port), 200);
	assert_int_equal(camera_api_command(&c, c.camera.url,
	    "write params\naccesscontrol/ENABLED=1\nupdate\n", out,
	    sizeof(out), &len, errf), 0);
	assert_int_equal(camera_acl_deny(&c, "127.0.0.2", errf), 0);
	assert_int_equal(camera_acl_deny(&c, "127.0.0.2", errf), 0);
	assert_int_equal(camera_acl_deny(&c, "127.0.0.3/32", errf), 0);
	assert_int_equal(status_from("127.0.0.2", port), 403);
	assert_int_equal(status_from("127.0.0.3", port), 403);
	assert_int_equal(status_from("127.0.0.4", port), 200);
	assert_int_equal(camera_api_command(&c, c.camera.url,
	    "view section accesscontrol\n", out, sizeof(out), &len, errf), 0);
	assert_non_null(strstr(out, "tmpdeny_1=127.0.0.2\n"));
	assert_non_null(strstr(out, "tmpdeny_2=127.0.0.3/32\n"));
	assert_int_equal(camera_acl_release(&c, "127.0.0.2", errf), 0);
	assert_int_equal(status_from("127.0.0.2", port), 200);
	assert_int_equal(camera_acl_release(&c, "127.0.0.3/32", errf), 0);
	assert_int_equal(camera_api_command(&c, c.camera.url,
	    "write params\naccesscontrol/ENABLED=0\nupdate\n", out,
	    sizeof(out), &len, errf), 0);
	assert_int_equal(camera_acl_deny(&c, "1.2.3.4\nstore", errf), -1);
	assert_int_equal(camera_api_command(&c, c.camera.url, "frobnicate\n",
	    out, sizeof(out), &len, errf), -1);
	fclose(errf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, need_tools)
		T(test_digest_sha256_login_reads_the_configuration),
		T(test_digest_md5_login_when_only_md5_is_offered),
		T(test_basic_login_to_the_default_camera),
		T(test_wrong_password_is_a_401_after_answering),
		T(test_no_credentials_leaves_the_challenge),
		T(test_public_pages_and_robots_follow_the_profile),
		T(test_https_chain_verifies_against_the_ca_by_address),
		T(test_https_without_ca_records_but_does_not_trust),
		T(test_https_with_another_ca_fails_when_verify_is_asked),
		T(test_tls10_handshake_is_refused_by_a_modern_server),
		T(test_tls10_only_server_and_its_weak_certificate),
		T(test_rtsp_describe_needs_auth_only_when_rtsp_auth_is_on),
		T(test_blackhole_times_out_within_the_deadline),
		T(test_closed_port_is_refused_and_bad_urls_are_refused),
		T(test_chunked_reply_after_an_interim_100),
		T(test_close_delimited_reply_is_read_to_the_end),
		T(test_truncated_replies_are_truncated),
		T(test_not_http_and_oversized_replies_are_refused),
		T(test_fetch_api_strips_the_framing),
		T(test_temporary_deny_outranks_and_is_released),
#undef T
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
