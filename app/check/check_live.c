/*
 * check_live.c - the live evaluators: what the running camera's web
 * server, TLS and RTSP services, its listening sockets and its interface
 * addresses say about each check (spec section 6).
 *
 * Reads the facts platform/probe.c recorded in a struct probe and judges
 * them: which statuses count as protected, which challenge passes, when a
 * certificate is too short-lived or too weak, which addresses are
 * public, whether robots.txt forbids crawling.  Conventions are in
 * check_live.h.  Never puts a secret in evidence: the default-credential
 * try is reported as accepted or refused.
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "check/check_eval.h"
#include "check/check_live.h"
#include "check/policy.h"
#include "platform/probe.h"

#define DAY_S		86400

/* ---- shared ---------------------------------------------------------- */

/* A probe that did not complete: its verdict, evidence key = its end. */
static void
live_not_ok(struct chk_verdict *v, const char *key, enum probe_st st,
    const char *why)
{
	switch (st) {
	case PROBE_NOT_RUN:
		chk_set(v, CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE);
		chk_evidence(v, key, "not_probed");
		return;
	case PROBE_TIMEOUT:
		chk_set(v, CHK_ERROR, CHK_R_TIMEOUT);
		break;
	default:
		chk_set(v, CHK_ERROR, CHK_R_SOURCE_UNAVAILABLE);
		break;
	}
	chk_evidence(v, key, "%s%s%s", probe_st_name(st), why[0] ? ": " : "",
	    why);
}

static const struct probe_web *
live_web(const struct chk_env *env, struct chk_verdict *v)
{
	const struct probe_web *w = &env->live->web;

	if (w->port)
		return w;
	chk_set(v, CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE);
	chk_evidence(v, "live_web", "off");
	return NULL;
}

static bool
live_is_2xx(int status)
{
	return status >= 200 && status < 300;
}

static bool
live_is_denied(int status)
{
	return status == 401 || status == 403;
}

/* The host probes describe the camera only when camguard runs on it. */
static bool
live_on_camera(const struct chk_env *env, struct chk_verdict *v)
{
	if (env->live->host_local)
		return true;
	chk_set(v, CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE);
	chk_evidence(v, "live_host", "%s", env->remote ? "remote_audit" :
	    "not_loopback");
	return false;
}

/* ---- the web server: MX-03, MX-06, MX-09, MX-10, VG-02 ---------------- */

void
chk_mx03_live(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	const struct probe_web *w = live_web(env, v);

	(void)pc;
	if (!w)
		return;
	if (w->login.st != PROBE_OK) {
		live_not_ok(v, "live_default_login", w->login.st, w->login.why);
	} else if (!w->login_sent) {
		chk_set(v, CHK_ERROR, CHK_R_SOURCE_UNAVAILABLE);
		chk_evidence(v, "live_default_login", "not_asked (status %d)",
		    w->login.status);
	} else if (live_is_denied(w->login.status)) {
		chk_set(v, CHK_PASS, CHK_R_NONE);
		chk_evidence(v, "live_default_login", "refused");
	} else if (live_is_2xx(w->login.status)) {
		chk_set(v, CHK_FAIL, CHK_R_NONE);
		chk_evidence(v, "live_default_login", "accepted");
	} else {
		chk_set(v, CHK_ERROR, CHK_R_UNKNOWN_VALUE);
		chk_evidence(v, "live_default_login", "status %d",
		    w->login.status);
	}
}

void
chk_mx10_live(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	const struct probe_web *w = live_web(env, v);

	(void)pc;
	if (!w)
		return;
	if (w->login.st != PROBE_OK) {
		live_not_ok(v, "live_offers", w->login.st, w->login.why);
		return;
	}
	if (!w->offers_basic && !w->offers_digest) {
		chk_set(v, CHK_ERROR, CHK_R_SOURCE_UNAVAILABLE);
		chk_evidence(v, "live_offers", "no challenge (status %d)",
		    w->login.status);
		return;
	}
	chk_set(v, w->offers_basic ? CHK_FAIL : CHK_PASS, CHK_R_NONE);
	chk_evidence(v, "live_offers", "%s", !w->offers_digest ? "basic" :
	    w->offers_basic ? "basic,digest" : "digest");
}

void
chk_mx06_live(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	static const char *const pages[PROBE_N_PAGES] = PROBE_PAGES;
	const struct probe_web *w = live_web(env, v);
	char open[CHK_EVVAL_MAX] = "", seen[CHK_EVVAL_MAX] = "";
	const struct probe_http *bad = NULL;
	size_t i, o = 0, s = 0;

	(void)pc;
	if (!w)
		return;
	for (i = 0; i < PROBE_N_PAGES; i++) {
		const struct probe_http *h = &w->pages[i];

		if (h->st != PROBE_OK) {
			bad = bad ? bad : h;
			continue;
		}
		if (live_is_2xx(h->status) && o < sizeof(open))
			o += (size_t)snprintf(open + o, sizeof(open) - o,
			    "%s%s", o ? " " : "", pages[i]);
		if (s < sizeof(seen))
			s += (size_t)snprintf(seen + s, sizeof(seen) - s,
			    "%s%d", s ? "," : "", h->status);
	}
	if (open[0]) {
		chk_set(v, CHK_FAIL, CHK_R_NONE);
		chk_evidence(v, "live_public_pages", "%s", open);
	} else if (bad) {
		live_not_ok(v, "live_pages", bad->st, bad->why);
	} else {
		chk_set(v, CHK_PASS, CHK_R_NONE);
		chk_evidence(v, "live_pages", "%s", seen);
	}
}

/* Trim blanks at both ends of [*s, *s + *n). */
static void
live_trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
	    (*s)[*n - 1] == '\r'))
		(*n)--;
}

struct robots_state {
	bool	star;		/* the current group applies to every agent */
	bool	in_agents;	/* the last field was a User-agent line */
};

/* One "field: value" line: true when it disallows "/" for every agent. */
static bool
live_robots_line(struct robots_state *st, const char *line, size_t len)
{
	const char *hash = memchr(line, '#', len), *colon, *val;
	size_t flen, vlen;

	if (hash)
		len = (size_t)(hash - line);
	if (!(colon = memchr(line, ':', len)))
		return false;
	flen = (size_t)(colon - line);
	val = colon + 1;
	vlen = len - flen - 1;
	live_trim(&line, &flen);
	live_trim(&val, &vlen);
	if (flen == 10 && !strncasecmp(line, "user-agent", 10)) {
		if (!st->in_agents)
			st->star = false;
		st->in_agents = true;
		st->star |= vlen == 1 && val[0] == '*';
		return false;
	}
	st->in_agents = false;
	return st->star && flen == 8 && !strncasecmp(line, "disallow", 8) &&
	    vlen == 1 && val[0] == '/';
}

bool
chk_live_robots_disallow_all(const char *body, size_t len)
{
	struct robots_state st = { false, false };
	const char *p = body, *end = body + len, *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (live_robots_line(&st, p, (size_t)(nl - p)))
			return true;
		p = nl + 1;
	}
	return false;
}

void
chk_mx09_live(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	const struct probe_web *w = live_web(env, v);

	(void)pc;
	if (!w)
		return;
	if (w->robots.st != PROBE_OK) {
		live_not_ok(v, "live_robots", w->robots.st, w->robots.why);
	} else if (w->robots.status != 200) {
		chk_set(v, CHK_FAIL, CHK_R_NONE);
		chk_evidence(v, "live_robots", "status %d", w->robots.status);
	} else if (chk_live_robots_disallow_all(w->robots_body,
	    w->robots_len)) {
		chk_set(v, CHK_PASS, CHK_R_NONE);
		chk_evidence(v, "live_robots", "Disallow: /");
	} else {
		chk_set(v, CHK_FAIL, CHK_R_NONE);
		chk_evidence(v, "live_robots", "no Disallow: / for *");
	}
}

/* How the HTTP listener answered: 1 answers, 0 refused, -1 verdict set. */
static int
live_http_answers(const struct probe_web *w, struct chk_verdict *v)
{
	const struct probe_http *h[] = { &w->login, &w->pages[0],
		&w->robots };
	size_t i;

	for (i = 0; i < sizeof(h) / sizeof(h[0]); i++)
		if (h[i]->st == PROBE_OK)
			return 1;
	if (w->login.st == PROBE_REFUSED) {
		chk_evidence(v, "live_http", "refused");
		return 0;
	}
	live_not_ok(v, "live_http", w->login.st, w->login.why);
	return -1;
}

void
chk_vg02_live(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	const struct probe *p = env->live;
	int http;

	(void)pc;
	if (strcmp(p->web.scheme, "http") != 0) {
		chk_set(v, CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE);
		chk_evidence(v, "live_http", "not_probed (off)");
		return;
	}
	if ((http = live_http_answers(&p->web, v)) <= 0) {
		if (http == 0)
			chk_set(v, CHK_PASS, CHK_R_NONE);
		return;
	}
	chk_evidence(v, "live_http", "answers on %u", p->web.port);
	if (p->tls.port && (p->tls.st == PROBE_OK ||
	    p->tls.tls10 == PROBE_OK || p->tls.tls11 == PROBE_OK)) {
		chk_set(v, CHK_FAIL, CHK_R_NONE);
		chk_evidence(v, "live_https", "answers on %u", p->tls.port);
	} else {
		chk_set(v, CHK_NOT_APPLICABLE, CHK_R_FEATURE_DISABLED);
		chk_evidence(v, "live_https", "%s", p->tls.port ?
		    probe_st_name(p->tls.st) : "off");
	}
}

/* ---- TLS: MX-16, MX-16E, MX-16L, MX-16K, MX-16T ----------------------- */

/* The served chain, or NULL with the verdict set. */
static const struct net_tls_info *
live_chain(const struct chk_env *env, struct chk_verdict *v)
{
	const struct probe_tls *t = &env->live->tls;

	if (!t->port) {
		chk_set(v, CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE);
		chk_evidence(v, "live_https", "off");
		return NULL;
	}
	if (t->have_chain && t->info.n_certs > 0)
		return &t->info;
	if (t->have_chain || t->st == PROBE_OK)
		live_not_ok(v, "live_cert", PROBE_ERROR, "no certificate");
	else
		live_not_ok(v, "live_cert", t->st, t->why);
	return NULL;
}

static void
live_date(struct chk_verdict *v, const char *key, int64_t t)
{
	time_t tt = (time_t)t;
	char buf[32];
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%d",
	    &tm))
		snprintf(buf, sizeof(buf), "%lld", (long long)t);
	chk_evidence(v, key, "%s", buf);
}

void
chk_mx16_live(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	const struct net_tls_info *ti = live_chain(env, v);
	const unsigned bad = NET_VERIFY_NOT_TRUSTED | NET_VERIFY_OTHER;

	(void)pc;
	if (!ti)
		return;
	chk_evidence(v, "live_issuer", "%s", ti->certs[0].issuer);
	if (ti->certs[0].self_signed) {
		chk_set(v, CHK_FAIL, CHK_R_NONE);
		chk_evidence(v, "live_chain", "self-signed");
	} else if (!ti->ca_checked && !env->live->tls.ca_given) {
		/* a chain nobody vouched for is not a pass (spec 6: it must
		 * verify against camera.ca_file or the policy's bundle) */
		chk_set(v, CHK_NOT_CHECKED, CHK_R_NO_CA_FILE);
		chk_evidence(v, "live_chain", "no CA file");
	} else if (!ti->ca_checked) {
		chk_set(v, CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE);
		chk_evidence(v, "live_chain", "not verified (TLS 1.2 refused)");
	} else if (ti->verify_flags & bad) {
		chk_set(v, CHK_FAIL, CHK_R_NONE);
		chk_evidence(v, "live_chain", "not trusted by the CA file");
	} else {
		chk_set(v, CHK_PASS, CHK_R_NONE);
		chk_evidence(v, "live_chain", "trusted");
	}
	/* the camera is probed over loopback: its name is not expected */
	if (ti->verify_flags & NET_VERIFY_NAME)
		chk_evidence(v, "live_name", "not the probed host");
}

void
chk_mx16e_live(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	const struct net_tls_info *ti = live_chain(env, v);
	const struct policy *pol = env->policy;
	int64_t left;

	(void)pc;
	if (!ti)
		return;
	left = ti->certs[0].not_after - (int64_t)env->live->time;
	chk_set(v, left >= pol->cert_min_days * DAY_S ? CHK_PASS : CHK_FAIL,
	    CHK_R_NONE);
	live_date(v, "live_not_after", ti->certs[0].not_after);
	chk_evidence(v, "live_days_left", "%lld", (long long)(left >= 0 ?
	    left / DAY_S : -((-left + DAY_S - 1) / DAY_S)));
	chk_evidence(v, "min_days", "%lld", pol->cert_min_days);
}

void
chk_mx16l_live(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	const struct net_tls_info *ti = live_chain(env, v);
	const struct policy *pol = env->policy;
	int64_t life;

	(void)pc;
	if (!ti)
		return;
	if (pol->cert_max_lifetime_days <= 0) {
		chk_set(v, CHK_ERROR, CHK_R_NO_POLICY_VALUE);
		chk_evidence(v, "policy", "cert_max_lifetime_days");
		return;
	}
	life = ti->certs[0].not_after - ti->certs[0].not_before;
	chk_set(v, life <= pol->cert_max_lifetime_days * DAY_S ? CHK_PASS :
	    CHK_FAIL, CHK_R_NONE);
	live_date(v, "live_not_before", ti->certs[0].not_before);
	live_date(v, "live_not_after", ti->certs[0].not_after);
	chk_evidence(v, "live_lifetime_days", "%lld", (long long)(life /
	    DAY_S));
	chk_evidence(v, "max_days", "%lld", pol->cert_max_lifetime_days);
}

/* A weak key: 1, 0, or -1 for a key type we cannot judge. */
static int
live_key_weak(const struct policy *pol, const struct net_cert *c)
{
	if (!strncmp(c->key_type, "RSA", 3))
		return c->key_bits < pol->rsa_min_bits;
	if (!strncmp(c->key_type, "EC", 2))
		return c->key_bits < pol->ec_min_bits;
	return -1;
}

static bool
live_sig_weak(const struct net_cert *c)
{
	return !strcmp(c->sig_hash, "md5") || !strcmp(c->sig_hash, "sha1") ||
	    !strcmp(c->sig_hash, "md4") || !strcmp(c->sig_hash, "md2");
}

/* Keys of the whole chain; signatures of all but self-signed anchors. */
void
chk_mx16k_live(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	const struct net_tls_info *ti = live_chain(env, v);
	const struct net_cert *c;
	bool weak = false, unknown = false;
	size_t i;
	int k;

	(void)pc;
	if (!ti)
		return;
	for (i = 0; i < ti->n_certs; i++) {
		c = &ti->certs[i];
		if ((k = live_key_weak(env->policy, c)) != 0)
			chk_evidence(v, k > 0 ? "live_weak_key" :
			    "live_unknown_key", "%s %u (cert %zu)",
			    c->key_type, c->key_bits, i);
		weak |= k > 0;
		unknown |= k < 0;
		if ((i == 0 || !c->self_signed) && live_sig_weak(c)) {
			weak = true;
			chk_evidence(v, "live_weak_signature", "%s (cert %zu)",
			    c->sig_hash, i);
		}
	}
	chk_set(v, weak ? CHK_FAIL : unknown ? CHK_ERROR : CHK_PASS,
	    CHK_R_UNKNOWN_VALUE);
	chk_evidence(v, "live_key", "%s %u", ti->certs[0].key_type,
	    ti->certs[0].key_bits);
	chk_evidence(v, "live_signature", "%s", ti->certs[0].sig_hash);
}

static const char *
live_hello(enum probe_st st)
{
	return st == PROBE_OK ? "accepted" : st == PROBE_REFUSED ?
	    "refused" : probe_st_name(st);
}

void
chk_mx16t_live(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	const struct probe_tls *t = &env->live->tls;

	(void)pc;
	if (!t->port) {
		chk_set(v, CHK_NOT_CHECKED, CHK_R_SOURCE_UNAVAILABLE);
		chk_evidence(v, "live_https", "off");
		return;
	}
	if (t->tls10 == PROBE_OK || t->tls11 == PROBE_OK)
		chk_set(v, CHK_FAIL, CHK_R_NONE);
	else if (t->tls10 == PROBE_TIMEOUT || t->tls11 == PROBE_TIMEOUT)
		chk_set(v, CHK_ERROR, CHK_R_TIMEOUT);
	else if (t->st != PROBE_OK || t->tls10 != PROBE_REFUSED ||
	    t->tls11 != PROBE_REFUSED)
		chk_set(v, CHK_ERROR, CHK_R_SOURCE_UNAVAILABLE);
	else
		chk_set(v, CHK_PASS, CHK_R_NONE);
	chk_evidence(v, "live_tls1_0", "%s", live_hello(t->tls10));
	chk_evidence(v, "live_tls1_1", "%s", live_hello(t->tls11));
	if (t->st == PROBE_OK)
		chk_evidence(v, "live_version", "%s", t->info.version_name);
	else
		chk_evidence(v, "live_tls1_2", "%s%s%s", probe_st_name(t->st),
		    t->why[0] ? ": " : "", t->why);
}

/* ---- RTSP: VG-04 ----------------------------------------------------- */

void
chk_vg04_live(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	const struct probe_http *d = &env->live->rtsp.describe;

	(void)pc;
	if (d->st == PROBE_REFUSED) {
		chk_set(v, CHK_PASS, CHK_R_NONE);
		chk_evidence(v, "live_rtsp", "refused (port %u)",
		    env->live->rtsp.port);
		return;
	}
	if (d->st != PROBE_OK) {
		live_not_ok(v, "live_rtsp", d->st, d->why);
		return;
	}
	if (live_is_denied(d->status))
		chk_set(v, CHK_PASS, CHK_R_NONE);
	else if (live_is_2xx(d->status))
		chk_set(v, CHK_FAIL, CHK_R_NONE);
	else
		chk_set(v, CHK_ERROR, CHK_R_UNKNOWN_VALUE);
	chk_evidence(v, "live_rtsp_describe", "%d", d->status);
}

/* ---- the host: MX-18, VG-01, VG-03 ------------------------------------ */

struct live_net {
	uint8_t	bytes[4];
	uint8_t	prefix;
};

/* Not on the Internet: RFC 6890 special-purpose, private, CGNAT. */
static const struct live_net live_v4_local[] = {
	{ { 0, 0, 0, 0 }, 8 }, { { 10, 0, 0, 0 }, 8 },
	{ { 100, 64, 0, 0 }, 10 }, { { 127, 0, 0, 0 }, 8 },
	{ { 169, 254, 0, 0 }, 16 }, { { 172, 16, 0, 0 }, 12 },
	{ { 192, 0, 0, 0 }, 24 }, { { 192, 0, 2, 0 }, 24 },
	{ { 192, 168, 0, 0 }, 16 }, { { 198, 18, 0, 0 }, 15 },
	{ { 198, 51, 100, 0 }, 24 }, { { 203, 0, 113, 0 }, 24 },
	{ { 224, 0, 0, 0 }, 4 }, { { 240, 0, 0, 0 }, 4 },
};

static bool
live_prefix_match(const uint8_t *a, const uint8_t *net, unsigned prefix)
{
	unsigned full = prefix / 8, rest = prefix % 8;

	if (memcmp(a, net, full) != 0)
		return false;
	return rest == 0 || ((a[full] ^ net[full]) &
	    (uint8_t)(0xff << (8 - rest))) == 0;
}

static bool
live_v4_public(const uint8_t *a)
{
	size_t i;

	for (i = 0; i < sizeof(live_v4_local) / sizeof(live_v4_local[0]); i++)
		if (live_prefix_match(a, live_v4_local[i].bytes,
		    live_v4_local[i].prefix))
			return false;
	return true;
}

/* IPv6: global unicast 2000::/3 less documentation (2001:db8::/32,
 * 3fff::/20); IPv4-mapped addresses as IPv4. */
bool
chk_live_addr_public(const struct probe_addr *a)
{
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const uint8_t doc1[4] = { 0x20, 0x01, 0x0d, 0xb8 };
	static const uint8_t doc2[4] = { 0x3f, 0xff, 0x00, 0x00 };

	if (a->family == 4)
		return live_v4_public(a->bytes);
	if (!memcmp(a->bytes, mapped, sizeof(mapped)))
		return live_v4_public(a->bytes + 12);
	if ((a->bytes[0] & 0xe0) != 0x20)
		return false;
	return !live_prefix_match(a->bytes, doc1, 32) &&
	    !live_prefix_match(a->bytes, doc2, 20);
}

static void
live_addr_text(const struct probe_addr *a, char *buf, size_t sz)
{
	const uint8_t *b = a->bytes;
	size_t i, n;

	if (a->family == 4) {
		snprintf(buf, sz, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
		return;
	}
	for (i = 0, n = 0; i < 16 && n < sz; i += 2)
		n += (size_t)snprintf(buf + n, sz - n, "%s%x", i ? ":" : "",
		    (unsigned)(b[i] << 8 | b[i + 1]));
}

void
chk_mx18_live(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	const struct probe_ifaddrs *ia = &env->live->ifaddrs;
	char text[48];
	size_t i, n_public = 0;

	(void)pc;
	if (!live_on_camera(env, v))
		return;
	if (ia->st != PROBE_OK) {
		live_not_ok(v, "live_addresses", ia->st, ia->why);
		return;
	}
	for (i = 0; i < ia->n_addrs; i++) {
		if (!chk_live_addr_public(&ia->addrs[i]))
			continue;
		if (n_public++ == 0) {
			live_addr_text(&ia->addrs[i], text, sizeof(text));
			chk_evidence(v, "live_public_address", "%s (%s)", text,
			    ia->addrs[i].ifname);
		}
	}
	if (n_public)
		chk_set(v, CHK_FAIL, CHK_R_NONE);
	else if (ia->truncated)
		chk_set(v, CHK_ERROR, CHK_R_SOURCE_UNAVAILABLE);
	else
		chk_set(v, CHK_PASS, CHK_R_NONE);
	chk_evidence(v, "live_addresses", "%zu%s (%zu public)", ia->n_addrs,
	    ia->truncated ? "+" : "", n_public);
}

static void
live_listeners(const struct chk_env *env, const struct probe_listen *l,
    const char *proto, struct chk_verdict *v)
{
	char open[CHK_EVVAL_MAX] = "";
	size_t i, n = 0;

	if (!live_on_camera(env, v))
		return;
	if (l->st != PROBE_OK) {
		live_not_ok(v, "live_listening", l->st, l->why);
		return;
	}
	for (i = 0; i < l->n_ports; i++)
		if (l->open[i] && n < sizeof(open))
			n += (size_t)snprintf(open + n, sizeof(open) - n,
			    "%s%s/%u", n ? " " : "", proto, l->ports[i]);
	chk_set(v, n ? CHK_FAIL : CHK_PASS, CHK_R_NONE);
	chk_evidence(v, "live_listening", "%s", n ? open : "none");
}

/* From another machine: the connects to the camera's ports. */
static void
live_connects(const struct probe_listen *l, struct chk_verdict *v)
{
	char seen[CHK_EVVAL_MAX] = "";
	size_t i, n = 0, open = 0;

	if (l->st != PROBE_OK) {
		live_not_ok(v, "live_connect", l->st, l->why);
		return;
	}
	for (i = 0; i < l->n_ports && n < sizeof(seen); i++) {
		open += l->open[i];
		n += (size_t)snprintf(seen + n, sizeof(seen) - n, "%stcp/%u %s",
		    n ? " " : "", l->ports[i], l->open[i] ? "open" :
		    l->filtered[i] ? "filtered" : "closed");
	}
	chk_set(v, open ? CHK_FAIL : CHK_PASS, CHK_R_NONE);
	chk_evidence(v, "live_connect", "%s", seen);
}

void
chk_vg01_live(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	(void)pc;
	if (env->live->tcp.by_connect)
		live_connects(&env->live->tcp, v);
	else
		live_listeners(env, &env->live->tcp, "tcp", v);
}

void
chk_vg03_live(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	(void)pc;
	live_listeners(env, &env->live->udp, "udp", v);
	chk_live_discovery(env, v);
}

/* ---- camguard itself: MX-21 ------------------------------------------ */

void
chk_mx21_live(const struct chk_env *env, const struct policy_check *pc,
    struct chk_verdict *v)
{
	int n = env->ids_sources_readable;
	int m = env->ids_sources_configured;

	(void)pc;
	/* every configured source must be read: one the IDS cannot read
	 * is a log nobody watches, whatever the others do */
	chk_set(v, n > 0 && n >= m ? CHK_PASS : CHK_FAIL, CHK_R_NONE);
	if (n < 0) {
		chk_evidence(v, "live_ids", "off");
		return;
	}
	chk_evidence(v, "live_ids_sources_readable", "%d", n);
	if (m > n)
		chk_evidence(v, "live_ids_sources_unreadable", "%d", m - n);
}
