/*
 * probe_onvif.h - the ONVIF probes, as probe.c runs them (not for app/:
 * the results come back in struct probe, see probe.h).
 *
 * probe_onvif_op() makes one SOAP request without credentials;
 * probe.c gates the port, budgets the deadline and records how it ended.
 * probe_wsd_send() sends the WS-Discovery Probe at the start of a run and
 * probe_wsd_collect() waits for its answer at the end.
 */
#ifndef CAMGUARD_PROBE_ONVIF_H
#define CAMGUARD_PROBE_ONVIF_H

#include <stdint.h>
#include <sys/socket.h>

#include "platform/net/net.h"
#include "platform/probe.h"

/* A WS-Discovery Probe in flight. */
struct probe_wsd_flight {
	int			fd;		/* -1: nothing in flight */
	struct sockaddr_storage	to;
	socklen_t		tolen;
	int64_t			sent_ms;	/* CLOCK_MONOTONIC */
	char			msg_id[48];	/* "urn:uuid:..." */
};

/*
 * POST operation op to url without credentials; the reply lands in
 * buf/resp and, when one was read whole, its reading in out.  Returns
 * net_request()'s code for probe.c to record in out->http.
 */
int	probe_onvif_op(const char *url, enum probe_onvif_op op,
	    long timeout_ms, char *buf, size_t bufsz,
	    struct net_response *resp, struct probe_soap *out);

/* Send the Probe to host:port (UDP); out->st says when that failed. */
void	probe_wsd_send(const char *host, uint16_t port,
	    struct probe_wsd_flight *, struct probe_wsd *out);
/*
 * Wait at most wait_ms for the camera's answer, read it into buf, close
 * the socket.  Does nothing when the send failed.
 */
void	probe_wsd_collect(struct probe_wsd_flight *, long wait_ms,
	    char *buf, size_t bufsz, struct probe_wsd *out);

#endif
