/*
 * siem_fmt.h - one camguard event as an RFC 5424 syslog message for a
 * SIEM, and the octet-counted framing TCP and TLS collectors expect
 * (RFC 6587 3.4.1, RFC 5425 4.3).
 *
 * The formatter is pure (libc only: no I/O, no malloc, no globals) so it
 * can be fuzzed alone.  It owns making outside strings safe for the wire:
 * whatever the header fields, parameter values and free text hold, the
 * result is one message with one well-formed SD element, no control byte
 * and valid UTF-8.  Sockets, queueing and TLS are the sender's business.
 *
 * Its limits (SIEM_MSG_MAX...) are in core/cg_limits.h, a header of
 * macros only, so the formatter still builds from libc alone.
 */
#ifndef CAMGUARD_SIEM_FMT_H
#define CAMGUARD_SIEM_FMT_H

#include <stddef.h>
#include <time.h>

#include "core/cg_limits.h"

/* One SD-PARAM.  value_len 0 means value is NUL-terminated (or NULL). */
struct siem_param {
	const char	*name;		/* PARAM-NAME, checked, never altered */
	const char	*value;		/* anything; escaped and capped */
	size_t		 value_len;
};

/*
 * One event.  NULL or "" header fields become the NILVALUE "-"; bytes
 * outside PRINTUSASCII (33..126) become '?' and the fields are clipped
 * to their RFC lengths.  sd_id NULL (with no params) gives the NILVALUE
 * SD.  msg_len 0 means msg is NUL-terminated (or NULL: no MSG part).
 */
struct siem_msg {
	unsigned		 pri;		/* facility * 8 + severity */
	time_t			 sec;		/* UTC, years 0-9999, or "-" */
	long			 usec;		/* 0..999999 */
	const char		*hostname;
	const char		*app_name;
	const char		*procid;
	const char		*msgid;
	const char		*sd_id;		/* e.g. "camguard@32473" */
	const struct siem_param	*params;
	size_t			 nparams;
	const char		*msg;
	size_t			 msg_len;
};

/*
 * Formats m into out (cap bytes, NUL included): the message is at most
 * min(SIEM_MSG_MAX, cap - 1) bytes.  When it would be longer the free
 * text is cut first (ending "..."), then parameters are dropped whole
 * from the first that does not fit; each value is capped at
 * SIEM_VALUE_MAX bytes on the wire (ending "...").  Returns the length,
 * or -1 when pri, usec, the SD-ID or a PARAM-NAME is invalid, nparams
 * exceeds SIEM_PARAMS_MAX, or cap cannot hold the header and SD-ID.
 */
int	siem_fmt(char *out, size_t cap, const struct siem_msg *m);

/*
 * Octet-counting framing: writes "LEN SP MSG" and a NUL into out (cap
 * bytes).  msg may be out itself (the message moves up in place).
 * Returns the framed length, or -1 when len is 0 or above SIEM_MSG_MAX
 * or the frame does not fit.
 */
int	siem_frame(char *out, size_t cap, const char *msg, size_t len);

#endif
