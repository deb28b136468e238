/*
 * log.c - logging to syslog or stderr (ntpd style).
 *
 * Owns the process-wide log destination and verbosity.  Does not rate
 * limit; callers that may repeat a message per input line count instead.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "core/cg_limits.h"
#include "core/log.h"

static int log_to_stderr = 1;
static int log_verbose;
static int log_tee;
static const char *log_proc = "";

void
log_init(int to_stderr, int verbose, const char *ident)
{
	log_to_stderr = to_stderr;
	log_verbose = verbose;
	if (!to_stderr)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	tzset();
}

void
log_tee_stderr(int on)
{
	log_tee = on;
}

void
log_setverbose(int verbose)
{
	log_verbose = verbose;
}

void
log_procname(const char *name)
{
	log_proc = name;
}

/*
 * Rate limits, so that a flood (an attacker's log lines, a broker that
 * refuses every second) cannot flood the camera's log: a message equal to
 * the previous one is counted, not written, for LOG_REPEAT_WINDOW_S, then
 * summed up in one line (as syslogd does); beyond a burst of
 * LOG_RATE_BURST lines, LOG_RATE_PER_S lines a second get through and the
 * rest are counted.  fatal() and fatalx() always get through, and so do
 * debug messages (-v asks for all of them; they must not crowd out the
 * others' tokens).
 */
static struct {
	char		last[LOG_MSG_MAX];
	int		last_pri;
	unsigned long	repeats;
	int64_t		last_ms;	/* when last was written */
	double		tokens;
	int64_t		refill_ms;
	unsigned long	suppressed;
} log_rl = { .tokens = LOG_RATE_BURST };

static int64_t
log_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t (*log_now_ms)(void) = log_clock_ms;

void
log_set_clock(int64_t (*now_ms)(void))
{
	log_now_ms = now_ms ? now_ms : log_clock_ms;
	memset(&log_rl, 0, sizeof(log_rl));
	log_rl.tokens = LOG_RATE_BURST;
}

static void
log_emit(int pri, const char *msg)
{
	if (log_to_stderr || log_tee)
		fprintf(stderr, "camguard%s%s: %s\n", *log_proc ? " " : "",
		    log_proc, msg);
	if (!log_to_stderr)
		syslog(pri, "%s", msg);
}

/* Take a token; false when the rate is exceeded. */
static bool
log_admit(int64_t now)
{
	log_rl.tokens += (double)(now - log_rl.refill_ms) * LOG_RATE_PER_S /
	    1000.0;
	log_rl.refill_ms = now;
	if (log_rl.tokens > LOG_RATE_BURST)
		log_rl.tokens = LOG_RATE_BURST;
	if (log_rl.tokens < 1)
		return false;
	log_rl.tokens -= 1;
	return true;
}

static void
log_flush_repeats(void)
{
	char line[96];

	if (log_rl.repeats == 0)
		return;
	snprintf(line, sizeof(line), "last message repeated %lu time%s",
	    log_rl.repeats, log_rl.repeats == 1 ? "" : "s");
	log_emit(log_rl.last_pri, line);
	log_rl.repeats = 0;
}

static void
log_limited(int pri, const char *msg)
{
	int64_t now = log_now_ms();
	char line[96];

	if (pri != LOG_CRIT && !strcmp(msg, log_rl.last) &&
	    now - log_rl.last_ms < LOG_REPEAT_WINDOW_S * 1000) {
		log_rl.repeats++;
		return;
	}
	log_flush_repeats();
	if (pri != LOG_CRIT && !log_admit(now)) {
		log_rl.suppressed++;
		return;
	}
	if (log_rl.suppressed) {
		snprintf(line, sizeof(line), "%lu messages suppressed (more "
		    "than %d a second)", log_rl.suppressed, LOG_RATE_PER_S);
		log_emit(LOG_WARNING, line);
		log_rl.suppressed = 0;
	}
	log_emit(pri, msg);
	snprintf(log_rl.last, sizeof(log_rl.last), "%s", msg);
	log_rl.last_pri = pri;
	log_rl.last_ms = now;
}

void
vlog(int pri, const char *fmt, va_list ap)
{
	char msg[LOG_MSG_MAX];

	if (pri == LOG_DEBUG && !log_verbose)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (pri == LOG_DEBUG)
		log_emit(pri, msg);
	else
		log_limited(pri, msg);
}

static void
logit(int pri, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
logit(int pri, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(pri, fmt, ap);
	va_end(ap);
}

static void
vlog_errno(int pri, int saved, const char *fmt, va_list ap)
{
	char msg[LOG_MSG_MAX];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	logit(pri, "%s: %s", msg, strerror(saved));
}

void
log_warn(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog_errno(LOG_WARNING, saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog_errno(LOG_CRIT, saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap);
	va_end(ap);
	exit(1);
}

void
log_warnx_lines(char *text)
{
	char *line, *save = NULL;

	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save))
		log_warnx("%s", line);
}

char *
log_escape(char *dst, size_t dstsz, const char *src, size_t srclen)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0, n = srclen;

	if (dstsz == 0)
		return dst;
	if (n > LOG_FIELD_MAX)
		n = LOG_FIELD_MAX;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)src[i];
		int plain = c >= 0x20 && c < 0x7f && c != '\\';

		if (o + (plain ? 1 : 4) + 4 > dstsz)
			break;
		if (plain) {
			dst[o++] = (char)c;
			continue;
		}
		dst[o++] = '\\';
		dst[o++] = 'x';
		dst[o++] = hex[c >> 4];
		dst[o++] = hex[c & 15];
	}
	if (i < srclen && o + 3 < dstsz) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
	return dst;
}
