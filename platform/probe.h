/*
 * probe.h - live probes of the running camera: what its web server, TLS
 * and RTSP services really do, which sockets listen on the host and which
 * addresses its interfaces hold.
 *
 * probe_run() takes a target (the host of camera.url and the ports the
 * camera's configuration gives, filled in by app/check/live.c from the policy's
 * roles) and records facts in a struct probe: status codes, offered
 * authentication schemes, TLS versions accepted, the served chain,
 * listening ports, interface addresses.  It judges nothing: the live
 * evaluators (app/check/check_live.c) do.  Every probe records how it ended:
 * ok, timeout, refused or error.
 *
 * Deadlines: every exchange must finish within camera.timeout_ms; a port
 * that timed out or refused is not tried again in the same run, and the
 * whole run waits at most PROBE_BUDGET_TIMEOUTS deadlines (probes past
 * the budget record a timeout without connecting).  Host names are
 * resolved by getaddrinfo, outside the deadline.
 *
 * The ONVIF probes (platform/probe_onvif.c) ask the device service for
 * GetDeviceInformation and GetUsers without credentials, on the web
 * probes' scheme and the ONVIF port (the web port unless the
 * configuration names another), and send one unicast WS-Discovery Probe
 * to the discovery port (UDP 3702 unless the configuration names
 * another); the Probe goes out first and its answer is collected last,
 * so that its wait overlaps the other probes.  They run for remote
 * cameras too.
 *
 * The host probes (/proc/net, getifaddrs) describe the machine camguard
 * runs on, which is the camera only when camera.url names loopback; a
 * target with host_local false leaves them PROBE_NOT_RUN and instead
 * connects to the camera's TCP ports (tcp_ports) from here, all at once
 * within one deadline: struct probe_listen then says by_connect.
 */
#ifndef CAMGUARD_PROBE_H
#define CAMGUARD_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/cg_limits.h"
#include "platform/net/net.h"
#include "proto/soap_parse.h"

/* How a probe ended. */
enum probe_st {
	PROBE_NOT_RUN = 0,	/* not asked for (service off, not local) */
	PROBE_OK,		/* it completed: look at its result */
	PROBE_TIMEOUT,		/* no answer within the deadline */
	PROBE_REFUSED,		/* connection refused, host unreachable */
	PROBE_ERROR,		/* TLS, protocol, I/O, unreadable file */
};

/* The public pages of Guide item 6, asked for without credentials. */
#define PROBE_PAGES	{ "/", "/record/current.jpg", \
			  "/cgi-bin/guestimage.html" }
#define PROBE_N_PAGES	3
#define PROBE_ROBOTS	"/robots.txt"
#define PROBE_RTSP_PATH	"/mobotix.h264"	/* the camera's stream */

/* ONVIF device service operations asked without credentials (VG-08). */
enum probe_onvif_op {
	PROBE_ONVIF_DEVINFO,		/* GetDeviceInformation */
	PROBE_ONVIF_USERS,		/* GetUsers */
	PROBE_ONVIF_N_OPS
};
#define PROBE_ONVIF_OPS	{ "GetDeviceInformation", "GetUsers" }

struct probe_target {
	char		host[NET_HOST_MAX];	/* from camera.url */
	bool		host_local;	/* loopback: the host probes apply */
	uint16_t	http_port;	/* 0: HTTP off in the configuration */
	uint16_t	https_port;	/* 0: HTTPS off */
	uint16_t	rtsp_port;
	char		ca_file[CONF_PATH_MAX];	/* "" : none */
	char		proc_root[CONF_PATH_MAX];	/* "/proc" */
	long		timeout_ms;
	const char	*login_user;	/* the one default-credential try */
	const char	*login_password;
	uint16_t	onvif_port;	/* 0: ONVIF not probed (web off) */
	bool		onvif_tls;	/* over HTTPS, as the web probes */
	char		onvif_path[NET_PATH_MAX];	/* "": not usable */
	uint16_t	wsd_port;	/* UDP; 0: WS-Discovery not probed */
	size_t		n_tcp, n_udp;	/* ports whose listeners matter */
	uint16_t	tcp_ports[PROBE_PORTS_MAX];
	uint16_t	udp_ports[PROBE_PORTS_MAX];
};

struct probe_http {
	enum probe_st	st;
	int		status;		/* of the last reply; 0 when none */
	char		why[PROBE_WHY_MAX];	/* when st is not OK */
};

/* The web server: over HTTP when the configuration has it on, else HTTPS. */
struct probe_web {
	char		scheme[8];	/* "http", "https"; "" not probed */
	uint16_t	port;
	struct probe_http login;	/* POST to the API as login_user */
	bool		login_sent;	/* the credentials went out */
	bool		offers_basic;	/* the 401 challenges offered */
	bool		offers_digest;
	struct probe_http pages[PROBE_N_PAGES];	/* PROBE_PAGES, no login */
	struct probe_http robots;
	char		robots_body[PROBE_ROBOTS_MAX];	/* NUL-terminated */
	size_t		robots_len;
};

struct probe_tls {
	uint16_t	port;		/* 0: HTTPS off, nothing probed */
	enum probe_st	st;		/* the handshake at TLS 1.2 and up */
	char		why[PROBE_WHY_MAX];
	enum probe_st	tls10;		/* OK: a TLS 1.0-only hello accepted */
	enum probe_st	tls11;		/* REFUSED: the handshake failed */
	bool		have_chain;	/* info holds a handshake's chain */
	struct net_tls_info info;	/* verified against ca_file */
	bool		ca_given;	/* a CA file was named */
};

struct probe_rtsp {
	uint16_t	port;
	struct probe_http describe;	/* DESCRIBE without credentials */
};

/* One SOAP request to the ONVIF device service. */
struct probe_soap {
	struct probe_http http;		/* OK: a status was read */
	bool		have_body;	/* reply is soap_parse()'s reading */
	bool		too_big;	/* the body was over SOAP_REPLY_MAX */
	bool		cut;		/* closed before the body's end */
	int		parse_rc;	/* SOAP_OK or a negative soap_err */
	struct soap_reply reply;
};

struct probe_onvif {
	char		scheme[8];	/* "http", "https"; "" not probed */
	uint16_t	port;
	char		path[NET_PATH_MAX];
	struct probe_soap ops[PROBE_ONVIF_N_OPS];
};

/* The unicast WS-Discovery Probe. */
struct probe_wsd {
	uint16_t	port;		/* 0: not probed */
	enum probe_st	st;		/* OK: the camera answered, see reply */
	char		why[PROBE_WHY_MAX];
	int		parse_rc;	/* SOAP_OK or a negative soap_err */
	struct soap_reply reply;
	unsigned	n_ignored;	/* datagrams that did not answer it */
};

/* Sockets of one protocol listening on the target's ports. */
struct probe_listen {
	enum probe_st	st;
	char		why[PROBE_WHY_MAX];
	size_t		n_ports;
	uint16_t	ports[PROBE_PORTS_MAX];
	bool		open[PROBE_PORTS_MAX];
	size_t		n_bad;		/* table lines skipped */
	bool		by_connect;	/* connects from here, not /proc */
	bool		filtered[PROBE_PORTS_MAX];	/* no answer */
};

struct probe_addr {
	uint8_t		family;		/* 4 or 6 */
	uint8_t		bytes[16];	/* network order */
	char		ifname[16];
};

struct probe_ifaddrs {
	enum probe_st	st;
	char		why[PROBE_WHY_MAX];
	size_t		n_addrs;	/* kept; loopback interfaces skipped */
	bool		truncated;	/* more than PROBE_ADDRS_MAX */
	struct probe_addr addrs[PROBE_ADDRS_MAX];
};

struct probe {
	time_t			time;		/* wall clock at the probe */
	bool			host_local;
	struct probe_web	web;
	struct probe_tls	tls;
	struct probe_rtsp	rtsp;
	struct probe_onvif	onvif;
	struct probe_wsd	wsd;
	struct probe_listen	tcp;
	struct probe_listen	udp;
	struct probe_ifaddrs	ifaddrs;
	long			elapsed_ms;
};

/* Run every probe the target asks for; never fails as a whole. */
void	probe_run(const struct probe_target *, struct probe *);

/* The host probes (platform/procnet.c), also called by probe_run(). */
void	probe_listeners(const char *proc_root, bool tcp, const uint16_t *ports,
	    size_t n_ports, struct probe_listen *);
void	probe_ifaddrs(struct probe_ifaddrs *);

const char *probe_st_name(enum probe_st);

#endif
