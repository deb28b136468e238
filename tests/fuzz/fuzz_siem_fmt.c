/*
 * fuzz_siem_fmt.c - libFuzzer target for the RFC 5424 formatter.
 *
 * The input is an event: a 16-byte head (pri, nparams, flags, seconds,
 * microseconds, buffer size) then fields, each a 2-byte little-endian
 * length and its bytes (hostname, app-name, procid, msgid, SD-ID, then a
 * name and a value per parameter), the rest being the free text.  Values
 * and text may hold any byte, NUL included.
 *
 * Every result must be refused (-1) exactly when the event is invalid,
 * and otherwise be one message the strict reader of
 * tests/unit/siem/rfc5424_check.h accepts, within the caller's buffer and
 * SIEM_MSG_MAX, keeping the SD-ID, a prefix of the parameters with their
 * names, printable values unchanged (or cut with "..."), and framing to
 * "LEN SP MSG".
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -iquote app \
 *       tests/fuzz/fuzz_siem_fmt.c app/siem/siem_fmt.c
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "siem/siem_fmt.h"
#include "../unit/siem/rfc5424_check.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_HEAD		16
#define FZ_FIELDS	(5 + 2 * SIEM_PARAMS_MAX + 2)
#define FZ_OUT		(SIEM_FRAME_MAX + 64)

static char out[FZ_OUT];
static char frame[FZ_OUT];
static struct r5_msg r;
/* Each field copied with a NUL after it, as callers hand them over. */
static char arena[64 * 1024 + 2 * FZ_FIELDS];

struct fz_field {
	const char	*s;
	size_t		 len;
};

static int
name_ok(const struct fz_field *f)
{
	size_t i;

	if (f->len == 0 || f->len > SIEM_SDNAME_MAX)
		return 0;
	for (i = 0; i < f->len; i++)
		if ((unsigned char)f->s[i] < 33 ||
		    (unsigned char)f->s[i] > 126 || strchr("=]\"", f->s[i]))
			return 0;
	return 1;
}

/* Printable ASCII that needs no escape beyond 6.3.3's (in a value). */
static size_t
plain_wire_len(const struct fz_field *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->len; i++) {
		if (f->s[i] < 0x20 || f->s[i] > 0x7e)
			return SIZE_MAX;
		n += strchr("\"\\]", f->s[i]) ? 2 : 1;
	}
	return n;
}

/* A header field: "-" when empty, itself when already PRINTUSASCII. */
static void
check_field(const char *got, const char *in, size_t max)
{
	size_t n = in ? strlen(in) : 0, i;

	if (n == 0) {
		if (strcmp(got, "-") != 0)
			abort();
		return;
	}
	for (i = 0; i < n; i++)
		if (in[i] < 33 || in[i] > 126)
			return;
	if (strlen(got) != (n < max ? n : max) || memcmp(got, in,
	    strlen(got)) != 0)
		abort();
}

/* What was kept of v: all of it, or a prefix followed by "...". */
static int
kept_prefix(const char *got, const struct fz_field *v)
{
	size_t n = strlen(got);

	if (n == v->len && memcmp(got, v->s, n) == 0)
		return 1;
	return n >= 3 && strcmp(got + n - 3, "...") == 0 &&
	    n - 3 <= v->len && memcmp(got, v->s, n - 3) == 0;
}

static size_t
split(const uint8_t *d, size_t size, struct fz_field *f, size_t nf)
{
	size_t pos = FZ_HEAD, a = 0, i, len;

	for (i = 0; i < nf; i++) {
		len = pos + 2 <= size ? (size_t)(d[pos] | d[pos + 1] << 8) : 0;
		pos = pos + 2 <= size ? pos + 2 : size;
		if (i == nf - 1 || len > size - pos)
			len = size - pos;	/* the text takes the rest */
		memcpy(arena + a, d + pos, len);
		arena[a + len] = '\0';
		f[i].s = arena + a;
		f[i].len = len;
		a += len + 1;
		pos += len;
	}
	return nf;
}

/* The event breaks the contract (an independent reading of it). */
static int
invalid(const struct siem_msg *m, const struct fz_field *f)
{
	size_t i;

	if (m->pri > SIEM_PRI_MAX || m->usec < 0 || m->usec > 999999 ||
	    m->nparams > SIEM_PARAMS_MAX)
		return 1;
	if (!m->sd_id || !*m->sd_id)
		return m->nparams != 0;
	if (!name_ok(&f[4]))
		return 1;
	for (i = 0; i < m->nparams; i++)
		if (!name_ok(&f[5 + 2 * i]))
			return 1;
	return 0;
}

/* 1: must be refused, 0: must be formatted, -1: a small cap may refuse. */
static int
must_refuse(const struct siem_msg *m, const struct fz_field *f, size_t cap)
{
	if (invalid(m, f))
		return 1;
	return cap <= SIEM_MSG_MAX ? -1 : 0;
}

static void
check_result(const struct siem_msg *m, const struct fz_field *f, int n,
    size_t cap)
{
	const struct fz_field *v;
	size_t i;
	int k;

	if ((size_t)n >= cap || n > SIEM_MSG_MAX || strlen(out) != (size_t)n ||
	    r5_parse(out, (size_t)n, &r) != 0 || r.pri != m->pri ||
	    r.nparams > m->nparams)
		abort();
	if (m->sd_id && *m->sd_id && strcmp(r.sd_id, m->sd_id) != 0)
		abort();
	check_field(r.host, m->hostname, SIEM_HOSTNAME_MAX);
	check_field(r.app, m->app_name, SIEM_APPNAME_MAX);
	check_field(r.procid, m->procid, SIEM_PROCID_MAX);
	check_field(r.msgid, m->msgid, SIEM_MSGID_MAX);
	for (i = 0; i < r.nparams; i++) {
		v = &f[6 + 2 * i];
		if (strcmp(r.params[i].name, m->params[i].name) != 0)
			abort();
		if (plain_wire_len(v) <= SIEM_VALUE_MAX &&
		    strcmp(r.params[i].value, v->s) != 0)
			abort();
		if (plain_wire_len(v) != SIZE_MAX &&
		    !kept_prefix(r.params[i].value, v))
			abort();
	}
	k = siem_frame(frame, sizeof(frame), out, (size_t)n);
	if (k < 0 || atoi(frame) != n || strchr(frame, ' ') !=
	    frame + (k - n - 1) || memcmp(frame + k - n, out, (size_t)n) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_field f[FZ_FIELDS];
	struct siem_param p[SIEM_PARAMS_MAX + 15];
	struct siem_msg m;
	uint64_t sec = 0;
	uint32_t usec = 0;
	size_t cap, i;
	int n, refuse;

	if (size < FZ_HEAD || size > sizeof(arena) - 2 * FZ_FIELDS)
		return 0;
	memset(&m, 0, sizeof(m));
	m.pri = data[0];
	m.nparams = data[1] & 0x1f;
	for (i = 0; i < 8; i++)
		sec |= (uint64_t)data[3 + i] << (8 * i);
	for (i = 0; i < 4; i++)
		usec |= (uint32_t)data[11 + i] << (8 * i);
	/* flags: small times and valid microseconds most of the time */
	m.sec = (time_t)(data[2] & 1 ? (int64_t)sec : (int32_t)sec);
	m.usec = data[2] & 2 ? (long)(int32_t)usec : (long)(usec % 1000000);
	cap = 1 + (size_t)data[15] * (FZ_OUT - 1) / 255;
	if (data[2] & 4)
		cap = FZ_OUT;
	split(data, size, f, 5 + 2 * (m.nparams > SIEM_PARAMS_MAX ?
	    SIEM_PARAMS_MAX : m.nparams) + 1);
	m.hostname = data[2] & 8 ? NULL : f[0].s;
	m.app_name = f[1].s;
	m.procid = f[2].s;
	m.msgid = f[3].s;
	m.sd_id = f[4].s;
	for (i = 0; i < m.nparams && i < SIEM_PARAMS_MAX; i++) {
		p[i].name = f[5 + 2 * i].s;
		p[i].value = f[6 + 2 * i].s;
		p[i].value_len = f[6 + 2 * i].len;
		/* names with a NUL inside are what the formatter sees */
		f[5 + 2 * i].len = strlen(f[5 + 2 * i].s);
	}
	f[4].len = strlen(f[4].s);
	if (m.nparams > SIEM_PARAMS_MAX)
		for (; i < m.nparams; i++)
			p[i] = (struct siem_param){ "x", "", 0 };
	m.params = p;
	m.msg = f[5 + 2 * (m.nparams > SIEM_PARAMS_MAX ? SIEM_PARAMS_MAX :
	    m.nparams)].s;
	m.msg_len = f[5 + 2 * (m.nparams > SIEM_PARAMS_MAX ? SIEM_PARAMS_MAX :
	    m.nparams)].len;

	refuse = must_refuse(&m, f, cap);
	n = siem_fmt(out, cap, &m);
	if ((refuse == 1 && n != -1) || (refuse == 0 && n < 0) ||
	    (n < 0 && out[0] != '\0'))
		abort();
	if (n >= 0)
		check_result(&m, f, n, cap);
	return 0;
}
