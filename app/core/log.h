/*
 * log.h - logging in the OpenBSD ntpd style.
 *
 * log_warn() appends strerror(errno); the -x variants do not.  fatal()
 * and fatalx() log and exit 1.  Messages go to syslog, or to stderr when
 * log_init() was told to stay in the foreground.  Strings that come from
 * outside (log lines, HTTP, MQTT, camera replies) go through log_escape()
 * first, so they can neither forge a line nor flood the log.
 */
#ifndef CAMGUARD_LOG_H
#define CAMGUARD_LOG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void	log_init(int to_stderr, int verbose, const char *ident);
void	log_setverbose(int verbose);
/*
 * Also write to stderr while logging to syslog: `run` without -d does
 * until the daemon is ready, so that a failed start reaches the terminal.
 */
void	log_tee_stderr(int on);
void	log_procname(const char *name);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	vlog(int pri, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/*
 * The clock the rate limits use (CLOCK_MONOTONIC ms by default; NULL
 * restores it).  Also clears the limits' state.  For tests.
 */
void	log_set_clock(int64_t (*now_ms)(void));

/* log_warnx() each line of text (messages collected from a stream). */
void	log_warnx_lines(char *text);

/*
 * Copy at most LOG_FIELD_MAX bytes of src into dst (size dstsz) with every
 * byte outside printable ASCII, and the backslash, written as \xNN.  A cut
 * string ends in "...".  Returns dst.
 */
char	*log_escape(char *dst, size_t dstsz, const char *src, size_t srclen);

#endif
