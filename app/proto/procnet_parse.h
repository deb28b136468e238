/*
 * procnet_parse.h - the socket tables of /proc/net/{tcp,tcp6,udp,udp6}.
 *
 * Pure: no I/O, no allocation.  A table is a header line ("  sl
 * local_address rem_address st ...") and one line per socket:
 *
 *    0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 ...
 *
 * slot, local address:port, remote address:port, state, then fields we
 * do not read.  Addresses are 8 (IPv4) or 32 (IPv6) hex digits in the
 * kernel's byte order, ports 4 hex digits; the state of a listening TCP
 * socket is 0A, of an unconnected UDP socket 07.  The platform side
 * (platform/procnet.c) reads the files in chunks and hands the complete
 * lines here; a malformed line is counted and skipped.
 */
#ifndef CAMGUARD_PROCNET_PARSE_H
#define CAMGUARD_PROCNET_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cg_limits.h"

#define PROCNET_TCP_LISTEN	0x0A	/* TCP_LISTEN */
#define PROCNET_UDP_UNCONN	0x07	/* TCP_CLOSE: a bound UDP socket */

enum procnet_err {
	PROCNET_OK = 0,
	PROCNET_E_HEADER = -1,	/* the table does not start with its header */
	PROCNET_E_SYNTAX = -2,	/* a socket line that does not parse */
	PROCNET_E_LONG = -3,	/* a line over PROCNET_LINE_MAX */
	PROCNET_E_ARG = -4,	/* more ports asked for than fit */
};

/* One socket line. */
struct procnet_entry {
	unsigned	slot;
	uint8_t		family;		/* 4 or 6 */
	uint16_t	local_port;
	uint16_t	rem_port;
	uint8_t		state;
};

/*
 * A walk over one table looking for sockets in state `state` on the
 * given local ports.  Set state, n_ports and ports; zero the rest.
 */
struct procnet_scan {
	uint8_t		state;
	size_t		n_ports;
	uint16_t	ports[PROBE_PORTS_MAX];
	bool		found[PROBE_PORTS_MAX];
	bool		header_seen;
	size_t		n_sockets;	/* socket lines that parsed */
	size_t		n_bad;		/* socket lines that did not */
};

/* One line (without its newline) into *e: 0 or PROCNET_E_SYNTAX. */
int	procnet_parse_line(const char *line, size_t len,
	    struct procnet_entry *e);
/* Whether a line is the table's header. */
bool	procnet_is_header(const char *line, size_t len);

/*
 * Feed the table's bytes: every complete line of buf (and, when final,
 * the unterminated rest) goes into *s.  *used says how many bytes were
 * consumed; the caller keeps the rest for the next call.  Returns 0,
 * PROCNET_E_HEADER when the first line is not the header, PROCNET_E_LONG
 * when an unterminated rest is longer than a line may be, PROCNET_E_ARG
 * for a scan asking for too many ports.  Bad socket lines are counted in
 * s->n_bad, not returned.
 */
int	procnet_parse(const char *buf, size_t len, bool final,
	    struct procnet_scan *s, size_t *used);

const char *procnet_strerror(int err);

#endif
