/*
 * addr.h - addresses and prefixes as camguard compares them.
 *
 * IPv4 is kept as IPv4 (an IPv4-mapped IPv6 address is unmapped when
 * parsed), so that one source has one key whatever the log wrote.
 */
#ifndef CAMGUARD_ADDR_H
#define CAMGUARD_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ADDR_STR_MAX	64	/* "ffff:...:ffff/128" and "[v6]:port" fit */

struct addr_net {
	uint8_t	family;		/* 4 or 6 */
	uint8_t	prefix;		/* 0..32 or 0..128 */
	uint8_t	bytes[16];	/* network order; host bits cleared */
};

/* "10.0.0.0/8", "2001:db8::/32", "192.0.2.1" (= /32), "::1" (= /128). */
int	addr_parse_net(const char *s, size_t len, struct addr_net *out);
/* An address without prefix; IPv4-mapped IPv6 becomes IPv4. */
int	addr_parse_ip(const char *s, size_t len, struct addr_net *out);
/*
 * The same for exactly the len bytes of s: a NUL there is an error like
 * any other byte, not the end of the text (addr_parse_ip stops at one, as
 * inet_pton did), which saves a pass over each log line's address.
 */
int	addr_parse_ip_text(const char *s, size_t len, struct addr_net *out);
/* Clear the host bits beyond prefix. */
void	addr_mask(struct addr_net *, unsigned prefix);
bool	addr_in_net(const struct addr_net *ip, const struct addr_net *net);
/*
 * The address alone as inet_ntop(3) of this build's C library writes it,
 * mostly without its printf (one per log line that `ids scan` prints);
 * dst holds at least INET6_ADDRSTRLEN bytes.  Returns dst, or NULL.
 */
const char *addr_ntop(const struct addr_net *, char *dst, size_t dstsz);
/* "ADDR/PREFIX" into dst; returns dst. */
char	*addr_format(const struct addr_net *, char *dst, size_t dstsz);
/* "127.0.0.1:8091" or "[::1]:8091"; host (no brackets) and port out. */
int	addr_parse_listen(const char *s, char *host, size_t hostsz,
	    uint16_t *port);

#endif
