/*
 * test_ids_parse.c - the log parsers against the corpus under
 * tests/corpus/ids/ (every case checked, every mismatch reported, then
 * one failure), the calendar arithmetic, the auto dispatcher, and the
 * proof that attacker text never supplies an address: no event of any
 * corpus line lies in the attacker ranges (6.6.6.0/24, 2001:db8:bad::/48),
 * and a real failure line of each format with hostile text in every
 * attacker-controlled slot still yields the server's address.
 * Run from the repository root.
 *
 * Corpus files, in the spirit of sshguard's tests.txt: '#' comments and
 * blank lines are skipped, "@format NAME" picks the parser, and each case
 * is a log line followed by its expected parse:
 *	auth_failure ADDR USER TS	USER may hold spaces; "-" alone: none
 *	challenge ADDR USER TS
 *	ignored | malformed | too_long | address | time
 * In both lines \xHH stands for the byte HH (so \x5c is a backslash); in
 * the log line {{C*N}} stands for N copies of the character C.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ids/ids.h"
#include "ids/ids_fields.h"

#define CORPUS_DIR	"tests/corpus/ids/"

struct expect {
	int		rc;
	struct ids_event ev;
};

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* \xHH at s: the byte, or -1. */
static int
hexbyte(const char *s)
{
	if (s[0] != '\\' || s[1] != 'x' || hexval(s[2]) < 0 ||
	    hexval(s[3]) < 0)
		return -1;
	return hexval(s[2]) * 16 + hexval(s[3]);
}

/* {{C*N}} at s (C a character or \xHH): N copies of *c, else 0. */
static size_t
marker(const char *s, char *c, size_t *mlen)
{
	const char *star = s + 3;
	char *end;
	unsigned long n;
	int b;

	if (strncmp(s, "{{", 2) || !s[2])
		return 0;
	*c = s[2];
	if ((b = hexbyte(s + 2)) >= 0) {
		*c = (char)b;
		star = s + 6;
	}
	if (*star != '*')
		return 0;
	n = strtoul(star + 1, &end, 10);
	if (end == star + 1 || strncmp(end, "}}", 2))
		return 0;
	*mlen = (size_t)(end + 2 - s);
	return n;
}

/* Decode a corpus line into a malloc'd buffer; its length in *len. */
static char *
decode(const char *s, size_t *len, int markers)
{
	size_t cap = strlen(s) + 1, n = 0, i = 0, k, mlen;
	char c, *out;
	int b;

	for (k = 0; markers && s[k]; k++)
		cap += marker(s + k, &c, &mlen);
	out = malloc(cap);
	assert_non_null(out);
	while (s[i]) {
		if ((b = hexbyte(s + i)) >= 0) {
			out[n++] = (char)b;
			i += 4;
		} else if (markers && (k = marker(s + i, &c, &mlen)) > 0) {
			memset(out + n, c, k);
			n += k;
			i += mlen;
		} else {
			out[n++] = s[i++];
		}
	}
	out[n] = '\0';
	*len = n;
	return out;
}

static const struct {
	const char	*word;
	int		 rc;
} rc_words[] = {
	{ "ignored", IDS_IGNORED }, { "malformed", IDS_E_MALFORMED },
	{ "too_long", IDS_E_TOO_LONG }, { "address", IDS_E_ADDRESS },
	{ "time", IDS_E_TIME },
};

/* "KIND ADDR USER TS": the event; returns -1 when it does not read. */
static int
parse_event(const char *s, struct expect *e)
{
	const char *a, *u, *t;
	char addr[ADDR_STR_MAX], *user, *d;
	size_t ulen;

	if ((a = strchr(s, ' ')) == NULL || (u = strchr(a + 1, ' ')) == NULL)
		return -1;
	t = strrchr(s, ' ');
	if ((size_t)(u - a - 1) >= sizeof(addr) || t <= u)
		return -1;
	e->ev.kind = !strncmp(s, "challenge ", 10) ? IDS_CHALLENGE :
	    IDS_AUTH_FAILURE;
	memcpy(addr, a + 1, (size_t)(u - a - 1));
	addr[u - a - 1] = '\0';
	if (addr_parse_ip(addr, strlen(addr), &e->ev.addr) < 0)
		return -1;
	e->ev.ts = strtoll(t + 1, NULL, 10);
	assert_non_null(user = strndup(u + 1, (size_t)(t - u - 1)));
	e->ev.has_user = strcmp(user, "-") != 0;
	if (e->ev.has_user) {
		d = decode(user, &ulen, 0);
		if (ulen < IDS_USER_MAX)
			memcpy(e->ev.user, d, ulen + 1);
		free(d);
		if (ulen >= IDS_USER_MAX) {
			free(user);
			return -1;
		}
	}
	free(user);
	return 0;
}

static int
parse_expect(const char *s, struct expect *e)
{
	size_t i;

	memset(e, 0, sizeof(*e));
	for (i = 0; i < sizeof(rc_words) / sizeof(rc_words[0]); i++) {
		if (!strcmp(s, rc_words[i].word)) {
			e->rc = rc_words[i].rc;
			return 0;
		}
	}
	if (strncmp(s, "auth_failure ", 13) && strncmp(s, "challenge ", 10))
		return -1;
	e->rc = IDS_EVENT;
	return parse_event(s, e);
}

/* A result as the corpus would write it, for messages. */
static const char *
describe(int rc, const struct ids_event *ev, char *buf, size_t sz)
{
	char ip[INET6_ADDRSTRLEN], user[IDS_USER_MAX * 4 + 1];
	size_t i, n = 0;

	for (i = 0; i < sizeof(rc_words) / sizeof(rc_words[0]); i++)
		if (rc == rc_words[i].rc)
			return rc_words[i].word;
	if (rc != IDS_EVENT)
		return "?";
	inet_ntop(ev->addr.family == 4 ? AF_INET : AF_INET6, ev->addr.bytes,
	    ip, sizeof(ip));
	for (i = 0; ev->has_user && ev->user[i]; i++) {
		unsigned char c = (unsigned char)ev->user[i];

		n += (size_t)snprintf(user + n, sizeof(user) - n,
		    c < 0x20 || c >= 0x7f ? "\\x%02x" : "%c", c);
	}
	user[n] = '\0';
	snprintf(buf, sz, "%s %s %s %lld", ev->kind == IDS_CHALLENGE ?
	    "challenge" : "auth_failure", ip, ev->has_user ? user : "-",
	    (long long)ev->ts);
	return buf;
}

static bool
same_event(const struct ids_event *a, const struct ids_event *b)
{
	return a->kind == b->kind && a->ts == b->ts &&
	    a->addr.family == b->addr.family &&
	    a->addr.prefix == b->addr.prefix &&
	    !memcmp(a->addr.bytes, b->addr.bytes, sizeof(a->addr.bytes)) &&
	    a->has_user == b->has_user &&
	    (!a->has_user || !strcmp(a->user, b->user));
}

/* Addresses only attacker text ever holds, in every corpus. */
static bool
attacker_addr(const struct addr_net *a)
{
	static const char *nets[] = { "6.6.6.0/24", "2001:db8:bad::/48" };
	struct addr_net n;
	size_t i;

	for (i = 0; i < sizeof(nets) / sizeof(nets[0]); i++) {
		assert_int_equal(addr_parse_net(nets[i], strlen(nets[i]), &n),
		    0);
		if (addr_in_net(a, &n))
			return true;
	}
	return false;
}

struct run {
	const char	*file;
	unsigned	 lineno, cases, failed;
	enum ids_format	 fmt;
};

static void
check_case(struct run *r, const char *logline, unsigned caseline,
    const char *want_text)
{
	struct ids_event ev;
	struct expect want;
	char *line, got[256], exp[256];
	size_t len;
	int rc;

	r->cases++;
	if (parse_expect(want_text, &want) < 0) {
		print_error("%s:%u: cannot read expectation '%s'\n", r->file,
		    r->lineno, want_text);
		r->failed++;
		return;
	}
	line = decode(logline, &len, 1);
	memset(&ev, 0xa5, sizeof(ev));
	rc = ids_parse(r->fmt, line, len, &ev);
	free(line);
	if (rc == IDS_EVENT && attacker_addr(&ev.addr)) {
		print_error("%s:%u: ATTACKER ADDRESS %s\n", r->file, caseline,
		    describe(rc, &ev, got, sizeof(got)));
		r->failed++;
	} else if (rc != want.rc || (rc == IDS_EVENT &&
	    !same_event(&ev, &want.ev))) {
		print_error("%s:%u: got '%s', want '%s'\n", r->file, caseline,
		    describe(rc, &ev, got, sizeof(got)),
		    describe(want.rc, &want.ev, exp, sizeof(exp)));
		r->failed++;
	}
}

/* Every case of one corpus file; returns the mismatches. */
static unsigned
run_corpus(const char *name, enum ids_format fmt, unsigned *cases)
{
	char path[256], *buf = NULL, *pending = NULL;
	struct run r = { .file = path, .fmt = fmt };
	unsigned pending_line = 0;
	size_t cap = 0;
	ssize_t n;
	FILE *f;

	snprintf(path, sizeof(path), CORPUS_DIR "%s", name);
	assert_non_null(f = fopen(path, "r"));
	while ((n = getline(&buf, &cap, f)) >= 0) {
		r.lineno++;
		if (n > 0 && buf[n - 1] == '\n')
			buf[--n] = '\0';
		if (n == 0 || buf[0] == '#')
			continue;
		if (!strncmp(buf, "@format ", 8) && !pending) {
			assert_int_equal(ids_format_from_name(buf + 8,
			    &r.fmt), 0);
		} else if (!pending) {
			assert_non_null(pending = strdup(buf));
			pending_line = r.lineno;
		} else {
			check_case(&r, pending, pending_line, buf);
			free(pending);
			pending = NULL;
		}
	}
	assert_null(pending);
	free(buf);
	fclose(f);
	*cases += r.cases;
	return r.failed;
}

static void
test_corpus_every_case_parses_as_expected(void **state)
{
	static const struct {
		const char	*file;
		enum ids_format	 fmt;
	} files[] = {
		{ "clf.txt", IDS_FMT_CLF },
		{ "lighttpd.txt", IDS_FMT_LIGHTTPD },
		{ "nginx.txt", IDS_FMT_NGINX },
		{ "hostile.txt", IDS_FMT_AUTO },
	};
	unsigned failed = 0, cases = 0, before;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		before = cases;
		failed += run_corpus(files[i].file, files[i].fmt, &cases);
		assert_true(cases - before >= 20);
	}
	print_message("corpus: %u cases, %u mismatches\n", cases, failed);
	assert_true(cases >= 150);
	assert_int_equal(failed, 0);
}

/* ---- calendar ---------------------------------------------------------- */

static void
test_epoch_known_instants(void **state)
{
	(void)state;
	assert_int_equal(ids_epoch(1970, 1, 1, 0, 0, 0), 0);
	assert_int_equal(ids_epoch(1969, 12, 31, 23, 59, 59), -1);
	assert_int_equal(ids_epoch(2000, 10, 10, 20, 55, 36), 971211336);
	assert_int_equal(ids_epoch(2024, 3, 11, 10, 0, 0), 1710151200);
	assert_int_equal(ids_epoch(2024, 2, 29, 0, 0, 0), 1709164800);
	assert_int_equal(ids_epoch(2038, 1, 19, 3, 14, 8), 2147483648LL);
	assert_int_equal(ids_epoch(9999, 12, 31, 23, 59, 59), 253402300799LL);
	assert_int_equal(ids_epoch(1900, 1, 1, 0, 0, 0), -2208988800LL);
}

/* Every day from 1800 to 2400 at a varying time: the same as timegm. */
static void
test_epoch_agrees_with_timegm(void **state)
{
	struct tm tm;
	int64_t t;
	time_t want;

	(void)state;
	for (t = ids_epoch(1800, 1, 1, 0, 0, 0); t < ids_epoch(2400, 1, 1,
	    0, 0, 0); t += 86400 + 3607) {
		time_t tt = (time_t)t;

		assert_non_null(gmtime_r(&tt, &tm));
		want = timegm(&tm);
		assert_int_equal(ids_epoch(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec), want);
	}
}

static void
test_time_ok_knows_the_calendar(void **state)
{
	(void)state;
	assert_true(ids_time_ok(2024, 2, 29, 0, 0, 0));
	assert_false(ids_time_ok(2023, 2, 29, 0, 0, 0));
	assert_false(ids_time_ok(1900, 2, 29, 0, 0, 0));
	assert_true(ids_time_ok(2000, 2, 29, 0, 0, 0));
	assert_false(ids_time_ok(2024, 4, 31, 0, 0, 0));
	assert_true(ids_time_ok(2024, 12, 31, 23, 59, 60));
	assert_false(ids_time_ok(2024, 13, 1, 0, 0, 0));
	assert_false(ids_time_ok(2024, 0, 1, 0, 0, 0));
	assert_false(ids_time_ok(2024, 1, 0, 0, 0, 0));
	assert_false(ids_time_ok(2024, 1, 1, 24, 0, 0));
	assert_false(ids_time_ok(2024, 1, 1, 0, 60, 0));
	assert_false(ids_time_ok(2024, 1, 1, 0, 0, 61));
}

static void
test_month_names_in_any_case(void **state)
{
	(void)state;
	assert_int_equal(ids_month("Jan"), 1);
	assert_int_equal(ids_month("mar"), 3);
	assert_int_equal(ids_month("DEC"), 12);
	assert_int_equal(ids_month("sEp"), 9);
	assert_int_equal(ids_month("Foo"), 0);
	assert_int_equal(ids_month("J@n"), 0);
	assert_int_equal(ids_month("\x01\x02\x03"), 0);
}

/* ---- dispatch and limits ---------------------------------------------- */

static const char clf_line[] = "192.0.2.7 - admin [11/Mar/2024:10:00:00 "
    "+0000] \"GET /admin HTTP/1.1\" 401 381 \"-\" \"curl/8.4.0\"";
static const char lt_line[] = "2024-03-11 10:00:00: (mod_auth.c.1031) "
    "password doesn't match for /admin username: admin IP: 192.0.2.7";
static const char ng_line[] = "2024/03/11 10:00:00 [error] 1234#1234: *5 "
    "user \"admin\": password mismatch, client: 192.0.2.7, server: cam, "
    "request: \"GET /admin HTTP/1.1\", host: \"cam\"";

static void
assert_admin_event(int rc, const struct ids_event *ev)
{
	char ip[INET6_ADDRSTRLEN];

	assert_int_equal(rc, IDS_EVENT);
	assert_int_equal(ev->kind, IDS_AUTH_FAILURE);
	assert_int_equal(ev->ts, 1710151200);
	assert_int_equal(ev->addr.family, 4);
	assert_int_equal(ev->addr.prefix, 32);
	inet_ntop(AF_INET, ev->addr.bytes, ip, sizeof(ip));
	assert_string_equal(ip, "192.0.2.7");
	assert_true(ev->has_user);
	assert_string_equal(ev->user, "admin");
}

static void
test_auto_dispatch_reads_each_format(void **state)
{
	struct ids_event ev;

	(void)state;
	assert_admin_event(ids_parse(IDS_FMT_AUTO, clf_line,
	    strlen(clf_line), &ev), &ev);
	assert_admin_event(ids_parse(IDS_FMT_AUTO, lt_line,
	    strlen(lt_line), &ev), &ev);
	assert_admin_event(ids_parse(IDS_FMT_AUTO, ng_line,
	    strlen(ng_line), &ev), &ev);
	assert_admin_event(ids_parse(IDS_FMT_CLF, clf_line,
	    strlen(clf_line), &ev), &ev);
	assert_admin_event(ids_parse(IDS_FMT_LIGHTTPD, lt_line,
	    strlen(lt_line), &ev), &ev);
	assert_admin_event(ids_parse(IDS_FMT_NGINX, ng_line,
	    strlen(ng_line), &ev), &ev);
}

static void
test_auto_dispatch_keeps_the_specific_error(void **state)
{
	static const char bad_addr[] = "cam.example.com - admin "
	    "[11/Mar/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 401 0";
	static const char bad_time[] = "2024/02/30 10:00:00 [error] 1#1: *1 "
	    "user \"a\": password mismatch, client: 192.0.2.7, server: x";
	struct ids_event ev;

	(void)state;
	assert_int_equal(ids_parse(IDS_FMT_AUTO, "hello world", 11, &ev),
	    IDS_E_MALFORMED);
	assert_int_equal(ids_parse(IDS_FMT_AUTO, bad_addr, strlen(bad_addr),
	    &ev), IDS_E_ADDRESS);
	assert_int_equal(ids_parse(IDS_FMT_AUTO, bad_time, strlen(bad_time),
	    &ev), IDS_E_TIME);
	assert_int_equal(ids_parse(IDS_FMT_CLF, lt_line, strlen(lt_line),
	    &ev), IDS_E_MALFORMED);
	assert_int_equal(ids_parse(IDS_FMT_NGINX, clf_line, strlen(clf_line),
	    &ev), IDS_E_MALFORMED);
	assert_int_equal(ids_parse((enum ids_format)99, clf_line,
	    strlen(clf_line), &ev), IDS_E_MALFORMED);
}

static void
test_format_names(void **state)
{
	enum ids_format f = IDS_FMT_CLF;

	(void)state;
	assert_int_equal(ids_format_from_name("auto", &f), 0);
	assert_int_equal(f, IDS_FMT_AUTO);
	assert_int_equal(ids_format_from_name("clf", &f), 0);
	assert_int_equal(f, IDS_FMT_CLF);
	assert_int_equal(ids_format_from_name("lighttpd", &f), 0);
	assert_int_equal(f, IDS_FMT_LIGHTTPD);
	assert_int_equal(ids_format_from_name("nginx", &f), 0);
	assert_int_equal(f, IDS_FMT_NGINX);
	assert_int_equal(ids_format_from_name("apache", &f), -1);
	assert_int_equal(ids_format_from_name("", &f), -1);
	assert_int_equal(ids_format_from_name("CLF", &f), -1);
}

/*
 * An over-long line is refused before a byte of it is read: the buffer
 * here is 16 bytes, so a parser that looked would trip ASan.
 */
static void
test_too_long_is_refused_without_reading(void **state)
{
	char *small = malloc(16);
	struct ids_event ev;
	int fmt;

	(void)state;
	assert_non_null(small);
	memset(small, 'a', 16);
	for (fmt = IDS_FMT_AUTO; fmt <= IDS_FMT_NGINX; fmt++)
		assert_int_equal(ids_parse((enum ids_format)fmt, small,
		    LOG_LINE_MAX + 1, &ev), IDS_E_TOO_LONG);
	free(small);
}

/* A failure line padded to exactly LOG_LINE_MAX parses; one more fails. */
static void
test_line_of_exactly_the_limit_parses(void **state)
{
	char *buf = malloc(LOG_LINE_MAX + 2);
	struct ids_event ev;
	size_t n = strlen(clf_line);

	(void)state;
	assert_non_null(buf);
	memcpy(buf, clf_line, n);
	buf[n - 1] = '\0';		/* drop the agent's closing quote */
	n--;
	memset(buf + n, 'x', LOG_LINE_MAX - n - 1);
	buf[LOG_LINE_MAX - 1] = '"';
	assert_admin_event(ids_clf_parse(buf, LOG_LINE_MAX, &ev), &ev);
	memmove(buf + n + 1, buf + n, LOG_LINE_MAX - n);
	assert_int_equal(ids_clf_parse(buf, LOG_LINE_MAX + 1, &ev),
	    IDS_E_TOO_LONG);
	free(buf);
}

static void
test_user_keeps_printable_whole_utf8(void **state)
{
	struct ids_event ev;
	char in[200];
	size_t i;

	(void)state;
	ids_user_set(&ev, "a\x00" "b\x1b[31mc\x7f" "d\te", 14);
	assert_true(ev.has_user);
	assert_string_equal(ev.user, "ab[31mcde");
	/* 62 ASCII bytes then a 2-byte sequence: it would not fit whole */
	memset(in, 'u', 62);
	memcpy(in + 62, "\xc3\xbc" "zz", 4);
	ids_user_set(&ev, in, 66);
	assert_int_equal(strlen(ev.user), 62);
	/* 61 then a 2-byte sequence: fits exactly */
	ids_user_set(&ev, in + 1, 65);
	assert_int_equal(strlen(ev.user), 63);
	assert_memory_equal(ev.user + 61, "\xc3\xbc", 2);
	for (i = 0; i < sizeof(in); i++)
		in[i] = (char)(0x20 + i % 90);
	ids_user_set(&ev, in, sizeof(in));
	assert_int_equal(strlen(ev.user), IDS_USER_MAX - 1);
}

/* ---- attacker text never supplies the address ------------------------- */

static const char nul_payload[] = "\0" "6.6.6.6";

/* Hostile text for the slots the client controls. */
static const char *const payloads[] = {
	"6.6.6.6",
	" 6.6.6.6 ",
	"IP: 6.6.6.6",
	" IP: 6.6.6.6",
	", IP: 6.6.6.6",
	"x IP: 6.6.6.6 IP: 6.6.6.6",
	"client: 6.6.6.6",
	", client: 6.6.6.6, server: x",
	"\": password mismatch, client: 6.6.6.6, server: x",
	"\" was not found in \"/x\", client: 6.6.6.6, server: x",
	"2001:db8:bad::6",
	", client: 2001:db8:bad::6, server: x",
	" IP: ::ffff:6.6.6.6",
	"\\\" 200 0 \\\"",
	"\\\" 401 0 \\\"-\\\" \\\"x",
	"\\\\\" 200 0 \"",
	"\" 200 0 \"",
	"] \"GET / HTTP/1.1\" 200 0 \"",
	"6.6.6.6 - - [11/Mar/2024:10:00:00 +0000] \\\"GET / HTTP/1.1\\\" "
	    "401 0",
	"username: root IP: 6.6.6.6",
	": wrong password, IP: 6.6.6.6",
	nul_payload,
	"\n2024-03-11 10:00:00: (mod_auth.c.1) get_password failed, IP: "
	    "6.6.6.6",
	"{{}}%s%n\\x00",
};

/* A real failure line with {} where attacker text goes. */
static const struct {
	enum ids_format	 fmt;
	const char	*tmpl;
} templates[] = {
	{ IDS_FMT_CLF, "192.0.2.7 - {} [11/Mar/2024:10:00:00 +0000] "
	    "\"GET / HTTP/1.1\" 401 0 \"-\" \"-\"" },
	{ IDS_FMT_CLF, "192.0.2.7 - admin [11/Mar/2024:10:00:00 +0000] "
	    "\"GET /{} HTTP/1.1\" 401 0 \"-\" \"-\"" },
	{ IDS_FMT_CLF, "192.0.2.7 - admin [11/Mar/2024:10:00:00 +0000] "
	    "\"GET / HTTP/1.1\" 401 0 \"{}\" \"-\"" },
	{ IDS_FMT_CLF, "192.0.2.7 - admin [11/Mar/2024:10:00:00 +0000] "
	    "\"GET / HTTP/1.1\" 401 0 \"-\" \"{}\"" },
	{ IDS_FMT_LIGHTTPD, "2024-03-11 10:00:00: (mod_auth.c.1031) password "
	    "doesn't match for /admin username: {} IP: 192.0.2.7" },
	{ IDS_FMT_LIGHTTPD, "2024-03-11 10:00:00: (mod_auth.c.1031) password "
	    "doesn't match for /{} username: admin IP: 192.0.2.7" },
	{ IDS_FMT_LIGHTTPD, "2024-03-11 10:00:00: (mod_auth.c.1307) digest: "
	    "auth failed for {}: wrong password, IP: 192.0.2.7" },
	{ IDS_FMT_NGINX, "2024/03/11 10:00:00 [error] 7#7: *1 user \"{}\": "
	    "password mismatch, client: 192.0.2.7, server: cam, request: "
	    "\"GET / HTTP/1.1\", host: \"cam\"" },
	{ IDS_FMT_NGINX, "2024/03/11 10:00:00 [error] 7#7: *1 user \"{}\" "
	    "was not found in \"/etc/nginx/htpasswd\", client: 192.0.2.7, "
	    "server: cam, request: \"GET / HTTP/1.1\", host: \"cam\"" },
	{ IDS_FMT_NGINX, "2024/03/11 10:00:00 [error] 7#7: *1 user \"admin\": "
	    "password mismatch, client: 192.0.2.7, server: cam, request: "
	    "\"GET /{} HTTP/1.1\", host: \"{}\", referrer: \"{}\"" },
};

/* The template with every {} replaced by p (payload length plen). */
static size_t
fill(const char *tmpl, const char *p, size_t plen, char *out, size_t cap)
{
	size_t n = 0;
	const char *s;

	for (s = tmpl; *s; s++) {
		if (s[0] == '{' && s[1] == '}') {
			assert_true(n + plen < cap);
			memcpy(out + n, p, plen);
			n += plen;
			s++;
		} else {
			assert_true(n + 1 < cap);
			out[n++] = *s;
		}
	}
	return n;
}

/*
 * Could the server have written this payload into this slot?  nginx
 * cannot log a user holding ':' (it splits user:password there); Apache
 * and nginx escape every '"' of a CLF field; the error logs escape or
 * forbid a raw newline.  The others are not lines a server writes: an
 * nginx line whose "user" holds ": password mismatch, client: 6.6.6.6"
 * is byte for byte nginx's line for a client at 6.6.6.6 (user before the
 * first ':', the rest in the Host header), so 6.6.6.6 is its answer.
 */
static bool
possible(enum ids_format fmt, const char *tmpl, const char *p, size_t plen)
{
	size_t i, bs;

	if (memchr(p, '\n', plen))
		return false;
	if (strstr(tmpl, "user \"{}\"") && memchr(p, ':', plen))
		return false;
	for (i = 0, bs = 0; fmt == IDS_FMT_CLF && i < plen; i++) {
		if (p[i] == '"' && bs % 2 == 0)
			return false;
		bs = p[i] == '\\' ? bs + 1 : 0;
	}
	return true;
}

static void
test_attacker_text_never_supplies_the_address(void **state)
{
	static const uint8_t real[4] = { 192, 0, 2, 7 };
	char line[1024];
	struct ids_event ev;
	size_t i, j, n, plen, events = 0, tries = 0;
	int rc, fmt;
	bool ok;

	(void)state;
	for (i = 0; i < sizeof(templates) / sizeof(templates[0]); i++) {
		for (j = 0; j < sizeof(payloads) / sizeof(payloads[0]); j++) {
			plen = payloads[j] == nul_payload ?
			    sizeof(nul_payload) - 1 : strlen(payloads[j]);
			n = fill(templates[i].tmpl, payloads[j], plen, line,
			    sizeof(line));
			ok = possible(templates[i].fmt, templates[i].tmpl,
			    payloads[j], plen);
			for (fmt = 0; fmt < 2; fmt++) {
				rc = ids_parse(fmt ? templates[i].fmt :
				    IDS_FMT_AUTO, line, n, &ev);
				tries++;
				if (rc != IDS_EVENT || !ok)
					continue;
				events++;
				if (memcmp(ev.addr.bytes, real, 4))
					fail_msg("template %zu payload %zu: "
					    "not the server's address", i, j);
				assert_int_equal(ev.addr.family, 4);
			}
			/* what the server could have written still counts */
			if (ok && rc != IDS_EVENT)
				fail_msg("template %zu payload %zu: rc %d",
				    i, j, rc);
		}
	}
	print_message("hostile slots: %zu parses, %zu events, all from "
	    "192.0.2.7\n", tries, events);
	assert_true(events > tries / 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_every_case_parses_as_expected),
		cmocka_unit_test(test_epoch_known_instants),
		cmocka_unit_test(test_epoch_agrees_with_timegm),
		cmocka_unit_test(test_time_ok_knows_the_calendar),
		cmocka_unit_test(test_month_names_in_any_case),
		cmocka_unit_test(test_auto_dispatch_reads_each_format),
		cmocka_unit_test(test_auto_dispatch_keeps_the_specific_error),
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_too_long_is_refused_without_reading),
		cmocka_unit_test(test_line_of_exactly_the_limit_parses),
		cmocka_unit_test(test_user_keeps_printable_whole_utf8),
		cmocka_unit_test(test_attacker_text_never_supplies_the_address),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
