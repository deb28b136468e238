/*
 * fuzz_linerd.c - libFuzzer target for the bounded line reader of
 * `ids scan` and `ids replay` (core/linerd.c).
 *
 * The first two bytes seed how read(2) cuts the rest into pieces (1 byte
 * to a whole buffer, with EINTR now and then), so that lines straddle
 * reads and the buffer's end in every way.  What comes out is compared
 * with the input split the simple way: every line of at most
 * LOG_LINE_MAX + 1 bytes (a CR may follow a full line) comes out exactly,
 * in order; a longer one comes out as LINERD_LONG, once; nothing else.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/linerd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FAKE_FD	(-77)	/* never a real descriptor */

static const uint8_t *src;
static size_t src_len, src_pos;
static uint32_t rng;

static uint32_t
next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

/* linerd's read(2) of FAKE_FD: pieces of random size; the rest is real. */
ssize_t
read(int fd, void *buf, size_t n)
{
	size_t k;

	if (fd != FAKE_FD)
		return syscall(SYS_read, fd, buf, n);
	if (next_rand() % 17 == 0) {
		errno = EINTR;
		return -1;
	}
	k = src_len - src_pos;
	if (k > n)
		k = n;
	if (k > 1 && next_rand() % 2)
		k = 1 + next_rand() % k;
	memcpy(buf, src + src_pos, k);
	src_pos += k;
	return (ssize_t)k;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct linerd r;
	const char *line, *nl;
	size_t n, pos = 0, want;
	enum linerd_rc rc;

	if (size < 2)
		return 0;
	rng = (uint32_t)data[0] << 8 | data[1];
	src = data + 2;
	src_len = size - 2;
	src_pos = 0;
	linerd_init(&r, FAKE_FD);
	for (;;) {
		rc = linerd_next(&r, &line, &n);
		if (pos == src_len) {		/* every line was seen */
			if (rc != LINERD_EOF)
				abort();
			break;
		}
		nl = memchr(src + pos, '\n', src_len - pos);
		want = nl ? (size_t)(nl - (const char *)src) - pos :
		    src_len - pos;
		if (want > LOG_LINE_MAX + 1) {
			if (rc != LINERD_LONG)
				abort();
		} else if (rc != LINERD_LINE || n != want ||
		    memcmp(line, src + pos, n)) {
			abort();
		}
		pos += want + (nl != NULL);
	}
	return 0;
}
