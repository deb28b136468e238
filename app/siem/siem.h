/*
 * siem.h - the SIEM sender of `camguard run` (issue 18, spec section 12),
 * one service of the daemon's table (service.h).
 *
 * Alarms, blocks, releases, check changes, scan summaries, start, stop,
 * reloads and operator commands go to a syslog collector as RFC 5424
 * messages (siem_event.h), octet-counted over TCP or TLS (RFC 6587,
 * RFC 5425) or one per datagram over UDP (RFC 5426).  Everything runs in
 * the poll loop: the collector's address is numeric, connects and TLS
 * handshakes never block, and events wait in a bounded queue while the
 * collector is away.
 */
#ifndef CAMGUARD_SIEM_H
#define CAMGUARD_SIEM_H

#include "core/service.h"

extern const struct service_ops siem_service;

#endif
