/*
 * probe_onvif.c - the ONVIF probes of a live scan: the device service's
 * GetDeviceInformation and GetUsers asked without credentials (VG-08),
 * and one unicast WS-Discovery Probe to the camera's discovery port
 * (VG-03).
 *
 * Owns the SOAP request bytes, the Probe's UDP socket and the rule of
 * which datagram answers the Probe: one from the camera's address (from
 * any port, as many devices answer from another one) that, when it says
 * what it relates to, relates to our MessageID.  ICMP port unreachable
 * is asked for with IP_RECVERR, so a closed port reads as refused
 * although the socket is not connected.  Replies are read by the pure
 * app/proto/soap_parse.c; probe.c owns the order of the probes, the
 * deadlines and the budget; nothing here judges a check.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "platform/probe_onvif.h"

#define SOAP12_NS	"http://www.w3.org/2003/05/soap-envelope"
#define ONVIF_DEVICE_NS	"http://www.onvif.org/ver10/device/wsdl"
#define WSA_NS		"http://schemas.xmlsoap.org/ws/2004/08/addressing"
#define WSD_NS		"http://schemas.xmlsoap.org/ws/2005/04/discovery"
#define WSD_TO		"urn:schemas-xmlsoap-org:ws:2005:04:discovery"

/* SOAP 1.2 over HTTP (ONVIF Core 5.1): the action in the media type. */
static const char onvif_body_fmt[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<s:Envelope xmlns:s=\"" SOAP12_NS "\">"
	"<s:Body xmlns:tds=\"" ONVIF_DEVICE_NS "\"><tds:%s/></s:Body>"
	"</s:Envelope>";
static const char onvif_type_fmt[] =
	"application/soap+xml; charset=utf-8; action=\"" ONVIF_DEVICE_NS
	"/%s\"";

/*
 * WS-Discovery as ONVIF devices speak it (2005/04, SOAP 1.2): a Probe
 * without Types or Scopes, which every discovery service must match.
 */
static const char wsd_probe_fmt[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<s:Envelope xmlns:s=\"" SOAP12_NS "\" xmlns:a=\"" WSA_NS "\""
	" xmlns:d=\"" WSD_NS "\"><s:Header>"
	"<a:Action s:mustUnderstand=\"1\">" WSD_NS "/Probe</a:Action>"
	"<a:MessageID>%s</a:MessageID>"
	"<a:ReplyTo><a:Address>" WSA_NS "/role/anonymous</a:Address>"
	"</a:ReplyTo>"
	"<a:To s:mustUnderstand=\"1\">" WSD_TO "</a:To>"
	"</s:Header><s:Body><d:Probe/></s:Body></s:Envelope>";

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the device service ---------------------------------------------- */

int
probe_onvif_op(const char *url, enum probe_onvif_op op, long timeout_ms,
    char *buf, size_t bufsz, struct net_response *resp,
    struct probe_soap *out)
{
	static const char *const names[PROBE_ONVIF_N_OPS] = PROBE_ONVIF_OPS;
	char body[sizeof(onvif_body_fmt) + SOAP_NAME_MAX];
	char type[sizeof(onvif_type_fmt) + SOAP_NAME_MAX];
	struct net_request rq = { .method = "POST", .url = url,
		.content_type = type, .body = body, .timeout_ms = timeout_ms,
		.buf = buf, .bufsz = bufsz < SOAP_REPLY_MAX ? bufsz :
		    SOAP_REPLY_MAX };
	int rc, n;

	n = snprintf(body, sizeof(body), onvif_body_fmt, names[op]);
	snprintf(type, sizeof(type), onvif_type_fmt, names[op]);
	rq.body_len = (size_t)n;
	rq.tls.min_version = NET_TLS_1_0;	/* ONVIF, not TLS, matters */
	rc = net_request(&rq, resp);
	if (rc == NET_OK && resp->body) {
		out->have_body = true;
		out->parse_rc = soap_parse(resp->body, resp->body_len,
		    &out->reply);
	}
	/* a status was read: the reply's shape is for the evaluator */
	out->too_big = rc == NET_E_TOO_BIG;
	out->cut = rc == NET_E_TRUNCATED && resp->status > 0;
	return out->cut ? NET_OK : rc;
}

/* ---- WS-Discovery ---------------------------------------------------- */

/* A version 4 UUID for the MessageID; its RelatesTo must echo it. */
static void
wsd_message_id(char *id, size_t idsz)
{
	uint8_t b[16];
	struct timespec ts;
	size_t i;

	if (getrandom(b, sizeof(b), GRND_NONBLOCK) != (ssize_t)sizeof(b)) {
		clock_gettime(CLOCK_REALTIME, &ts);
		for (i = 0; i < sizeof(b); i++)
			b[i] = (uint8_t)((ts.tv_nsec >> (i % 4 * 8)) ^
			    (getpid() >> (i % 2 * 8)) ^ (i * 37));
	}
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	snprintf(id, idsz, "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3],
	    b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
	    b[14], b[15]);
}

static void
wsd_fail(struct probe_wsd *out, enum probe_st st, const char *what, int e)
{
	out->st = st;
	snprintf(out->why, sizeof(out->why), "%s%s%s", what, e ? ": " : "",
	    e ? strerror(e) : "");
}

/* Errors ICMP reports for a datagram: the port or host is not there. */
static bool
wsd_unreachable(int e)
{
	return e == ECONNREFUSED || e == EHOSTUNREACH || e == ENETUNREACH ||
	    e == EHOSTDOWN;
}

/* A datagram socket that is told of ICMP errors though not connected. */
static int
wsd_socket(int family)
{
	int fd, on = 1;

	fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on,
		    sizeof(on));
	else
		(void)setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on));
	return fd;
}

void
probe_wsd_send(const char *host, uint16_t port, struct probe_wsd_flight *f,
    struct probe_wsd *out)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM,
		.ai_flags = AI_NUMERICSERV }, *res;
	char portstr[8], msg[sizeof(wsd_probe_fmt) + 64];
	int n, rc;

	f->fd = -1;
	out->port = port;
	snprintf(portstr, sizeof(portstr), "%u", port);
	if ((rc = getaddrinfo(host, portstr, &hints, &res)) != 0) {
		out->st = PROBE_ERROR;
		snprintf(out->why, sizeof(out->why), "cannot resolve: %s",
		    gai_strerror(rc));
		return;
	}
	memcpy(&f->to, res->ai_addr, res->ai_addrlen);
	f->tolen = res->ai_addrlen;
	f->fd = wsd_socket(res->ai_family);
	freeaddrinfo(res);
	if (f->fd < 0) {
		wsd_fail(out, PROBE_ERROR, "socket", errno);
		return;
	}
	wsd_message_id(f->msg_id, sizeof(f->msg_id));
	n = snprintf(msg, sizeof(msg), wsd_probe_fmt, f->msg_id);
	f->sent_ms = now_ms();
	if (sendto(f->fd, msg, (size_t)n, 0, (struct sockaddr *)&f->to,
	    f->tolen) != n) {
		wsd_fail(out, wsd_unreachable(errno) ? PROBE_REFUSED :
		    PROBE_ERROR, "send", errno);
		close(f->fd);
		f->fd = -1;
	}
}

/* Whether a datagram came from the probed host (any port). */
static bool
wsd_from_target(const struct probe_wsd_flight *f,
    const struct sockaddr_storage *from)
{
	const struct sockaddr_in *a = (const void *)from;
	const struct sockaddr_in *b = (const void *)&f->to;
	const struct sockaddr_in6 *a6 = (const void *)from;
	const struct sockaddr_in6 *b6 = (const void *)&f->to;

	if (from->ss_family != f->to.ss_family)
		return false;
	if (from->ss_family == AF_INET)
		return a->sin_addr.s_addr == b->sin_addr.s_addr;
	return !memcmp(&a6->sin6_addr, &b6->sin6_addr,
	    sizeof(a6->sin6_addr));
}

/*
 * One datagram: 1 it answers the Probe (out filled), 0 it does not, -1
 * an error ended the wait (out->st set).
 */
static int
wsd_read(const struct probe_wsd_flight *f, char *buf, size_t bufsz,
    struct probe_wsd *out)
{
	struct sockaddr_storage from;
	socklen_t fromlen = sizeof(from);
	ssize_t got;

	got = recvfrom(f->fd, buf, bufsz, MSG_TRUNC,
	    (struct sockaddr *)&from, &fromlen);
	if (got < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (got < 0 && wsd_unreachable(errno)) {
		wsd_fail(out, PROBE_REFUSED, "port unreachable", 0);
		return -1;
	}
	if (got < 0) {
		wsd_fail(out, PROBE_ERROR, "receive", errno);
		return -1;
	}
	if (!wsd_from_target(f, &from)) {
		out->n_ignored++;
		return 0;
	}
	/* MSG_TRUNC: got is the datagram's size; we read a prefix of it */
	out->parse_rc = soap_parse(buf, (size_t)got < bufsz ? (size_t)got :
	    bufsz, &out->reply);
	if (out->parse_rc == SOAP_OK && out->reply.relates_to[0] &&
	    strcmp(out->reply.relates_to, f->msg_id) != 0) {
		out->n_ignored++;
		return 0;
	}
	out->st = PROBE_OK;
	return 1;
}

void
probe_wsd_collect(struct probe_wsd_flight *f, long wait_ms, char *buf,
    size_t bufsz, struct probe_wsd *out)
{
	int64_t end = now_ms() + (wait_ms > 0 ? wait_ms : 0), left;
	struct pollfd pfd;
	unsigned n;
	int rc;

	if (f->fd < 0)
		return;
	if (bufsz > SOAP_REPLY_MAX)
		bufsz = SOAP_REPLY_MAX;
	for (n = 0; n < WSD_DATAGRAMS_MAX; n++) {
		left = end - now_ms();
		pfd = (struct pollfd){ .fd = f->fd, .events = POLLIN };
		rc = poll(&pfd, 1, left > 0 ? (int)left : 0);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0) {
			wsd_fail(out, rc < 0 ? PROBE_ERROR : PROBE_TIMEOUT,
			    rc < 0 ? "poll" : "no answer", rc < 0 ? errno : 0);
			break;
		}
		if ((rc = wsd_read(f, buf, bufsz, out)) != 0)
			break;
	}
	if (n == WSD_DATAGRAMS_MAX)
		wsd_fail(out, PROBE_ERROR, "no datagram answered the Probe", 0);
	close(f->fd);
	f->fd = -1;
}
