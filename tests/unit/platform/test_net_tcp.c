/*
 * test_net_tcp.c - platform/net/net_tcp.c on loopback: a non-blocking
 * connect completes (or is refused) through SO_ERROR, a numeric address
 * is required, and TCP_INFO's acknowledged count, less what it held at
 * the connect, is exactly the bytes the peer's TCP has taken.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "platform/net/net_tcp.h"

/* A listener on a free loopback port; its port into *port. */
static int
listener(uint16_t *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 1), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	*port = ntohs(sa.sin_port);
	return fd;
}

static void
wait_writable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };

	assert_int_equal(poll(&p, 1, 5000), 1);
}

static void
test_connect_and_acknowledged_bytes(void **state)
{
	char buf[4096];
	uint64_t base, acked;
	uint16_t port;
	int lfd = listener(&port), fd, peer, progress, i;
	size_t got = 0;
	ssize_t n;

	(void)state;
	fd = net_tcp_connect("127.0.0.1", port, SOCK_STREAM, &progress);
	assert_true(fd >= 0);
	if (progress)
		wait_writable(fd);
	assert_int_equal(net_tcp_error(fd), 0);
	if (net_tcp_acked(fd, &base) < 0 && (errno == ENOPROTOOPT ||
	    errno == EOPNOTSUPP || errno == ENOSYS)) {
		/* qemu-user does not pass TCP_INFO on; a camera's kernel does */
		close(fd);
		close(lfd);
		skip();
	}
	assert_int_equal(net_tcp_acked(fd, &base), 0);
	assert_true(base <= 1);		/* the SYN, on Linux */
	peer = accept(lfd, NULL, NULL);
	assert_true(peer >= 0);
	acked = base;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(send(fd, buf, 3000, 0), 3000);
	while (got < 3000 && (n = recv(peer, buf, sizeof(buf), 0)) > 0)
		got += (size_t)n;
	assert_int_equal(got, 3000);
	for (i = 0; i < 500 && acked - base < 3000; i++) {
		struct timespec ts = { 0, 2000000 };

		assert_int_equal(net_tcp_acked(fd, &acked), 0);
		nanosleep(&ts, NULL);
	}
	assert_int_equal(acked - base, 3000);
	close(peer);
	close(fd);
	close(lfd);
}

static void
test_refused_connect_shows_in_so_error(void **state)
{
	uint16_t port;
	int lfd = listener(&port), fd, progress, err;

	(void)state;
	close(lfd);			/* nothing listens there now */
	fd = net_tcp_connect("127.0.0.1", port, SOCK_STREAM, &progress);
	if (fd < 0) {
		assert_int_equal(errno, ECONNREFUSED);
		return;
	}
	wait_writable(fd);
	err = net_tcp_error(fd);
	assert_int_equal(err, ECONNREFUSED);
	close(fd);
}

static void
test_names_and_ipv6(void **state)
{
	int progress, fd;

	(void)state;
	assert_int_equal(net_tcp_connect("localhost", 514, SOCK_STREAM,
	    &progress), -1);
	assert_int_equal(errno, EINVAL);
	fd = net_tcp_connect("::1", 9, SOCK_DGRAM, &progress);
	if (fd >= 0) {			/* no IPv6 in some sandboxes */
		assert_int_equal(progress, 0);
		close(fd);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_connect_and_acknowledged_bytes),
		cmocka_unit_test(test_refused_connect_shows_in_so_error),
		cmocka_unit_test(test_names_and_ipv6),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
