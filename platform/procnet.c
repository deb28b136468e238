/*
 * procnet.c - the host probes of a live scan: which of a few ports have a
 * listening socket (<proc_root>/net/{tcp,tcp6,udp,udp6}) and which
 * addresses the interfaces hold (getifaddrs).
 *
 * Owns reading the tables in fixed chunks (parsing is the pure
 * app/proto/procnet_parse.c) and copying interface addresses, loopback
 * interfaces left out.  Judges nothing: whether an address is public is
 * check_live.c's business.  The facts are the machine camguard runs on,
 * which is the camera only when camguard is installed there; probe.c
 * calls these only for a loopback camera.url.
 */
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/readfile.h"
#include "platform/probe.h"
#include "proto/procnet_parse.h"

static char chunk[PROCNET_CHUNK_MAX];

static int
read_some(int fd, char *buf, size_t len, size_t *got)
{
	ssize_t n;

	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	*got = (size_t)n;
	return 0;
}

/* Feed one table to s: 0, -1 with errno set, or a procnet_err. */
static int
scan_fd(int fd, struct procnet_scan *s)
{
	size_t have = 0, got, used;
	bool eof = false;
	int rc;

	while (!eof) {
		if (read_some(fd, chunk + have, sizeof(chunk) - have, &got) < 0)
			return -1;
		eof = got == 0;
		have += got;
		rc = procnet_parse(chunk, have, eof, s, &used);
		if (rc != PROCNET_OK)
			return rc;
		memmove(chunk, chunk + used, have - used);
		have -= used;
	}
	return 0;
}

/* One table; a missing tcp6/udp6 (no IPv6) is an empty one. */
static int
scan_table(const char *proc_root, const char *name, bool optional,
    struct procnet_scan *s, struct probe_listen *out)
{
	char path[CONF_PATH_MAX + 32];
	int fd, rc;

	s->header_seen = false;
	snprintf(path, sizeof(path), "%s/net/%s", proc_root, name);
	if ((fd = readfile_open(path, O_RDONLY, 0)) < 0) {
		if (optional && errno == ENOENT)
			return 0;
		snprintf(out->why, sizeof(out->why), "%s: %s", name,
		    readfile_strerror(errno));
		return -1;
	}
	rc = scan_fd(fd, s);
	if (rc == -1)
		snprintf(out->why, sizeof(out->why), "%s: %s", name,
		    strerror(errno));
	else if (rc < 0)
		snprintf(out->why, sizeof(out->why), "%s: %s", name,
		    procnet_strerror(rc));
	close(fd);
	return rc < 0 ? -1 : 0;
}

void
probe_listeners(const char *proc_root, bool tcp, const uint16_t *ports,
    size_t n_ports, struct probe_listen *out)
{
	struct procnet_scan s;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	if (n_ports > PROBE_PORTS_MAX)
		n_ports = PROBE_PORTS_MAX;
	s.state = tcp ? PROCNET_TCP_LISTEN : PROCNET_UDP_UNCONN;
	s.n_ports = out->n_ports = n_ports;
	memcpy(s.ports, ports, n_ports * sizeof(ports[0]));
	memcpy(out->ports, ports, n_ports * sizeof(ports[0]));
	if (scan_table(proc_root, tcp ? "tcp" : "udp", false, &s, out) < 0 ||
	    scan_table(proc_root, tcp ? "tcp6" : "udp6", true, &s, out) < 0) {
		out->st = PROBE_ERROR;
		return;
	}
	out->st = PROBE_OK;
	out->n_bad = s.n_bad;
	for (i = 0; i < n_ports; i++)
		out->open[i] = s.found[i];
}

/* The address of one interface entry into a; false to skip it. */
static bool
copy_addr(const struct ifaddrs *ifa, struct probe_addr *a)
{
	const struct sockaddr *sa = ifa->ifa_addr;

	if (!sa || (ifa->ifa_flags & IFF_LOOPBACK))
		return false;
	memset(a, 0, sizeof(*a));
	if (sa->sa_family == AF_INET) {
		a->family = 4;
		memcpy(a->bytes, &((const struct sockaddr_in *)(const void *)
		    sa)->sin_addr, 4);
	} else if (sa->sa_family == AF_INET6) {
		a->family = 6;
		memcpy(a->bytes, &((const struct sockaddr_in6 *)(const void *)
		    sa)->sin6_addr, 16);
	} else {
		return false;
	}
	snprintf(a->ifname, sizeof(a->ifname), "%s", ifa->ifa_name ?
	    ifa->ifa_name : "?");
	return true;
}

void
probe_ifaddrs(struct probe_ifaddrs *out)
{
	struct ifaddrs *list, *ifa;
	struct probe_addr a;

	memset(out, 0, sizeof(*out));
	if (getifaddrs(&list) < 0) {
		out->st = PROBE_ERROR;
		snprintf(out->why, sizeof(out->why), "getifaddrs: %s",
		    strerror(errno));
		return;
	}
	for (ifa = list; ifa; ifa = ifa->ifa_next) {
		if (!copy_addr(ifa, &a))
			continue;
		if (out->n_addrs == PROBE_ADDRS_MAX) {
			out->truncated = true;
			break;
		}
		out->addrs[out->n_addrs++] = a;
	}
	freeifaddrs(list);
	out->st = PROBE_OK;
}
