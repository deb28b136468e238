/*
 * fuzz_ids_state.c - libFuzzer target for the IDS state file parser.
 *
 * Parses the input with a small entry array (so that overflow is hit
 * too) and checks what the parser promises: a refused file leaves no
 * entries, every entry is a valid address with its host bits cleared,
 * the boot id is NUL-terminated hex and dashes, a reason is a printable
 * string shorter than CMD_REASON_MAX in the reasons array that encodes
 * back to a reason line, and the counts add up to no more than the
 * lines.  The same input is parsed again line by line through the
 * incremental API, which must agree.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ids/ids_state.h"

#define FUZZ_ENTRIES	8
#define FUZZ_REASONS	4	/* fewer than entries: dropped ones too */

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ids_state_entry ent[FUZZ_ENTRIES], ent2[FUZZ_ENTRIES];
static char why[FUZZ_REASONS][CMD_REASON_MAX];
static char why2[FUZZ_REASONS][CMD_REASON_MAX];

static void
check_reason(const char *r)
{
	char enc[IDS_STATE_REASON_ENC_MAX];
	size_t i, len;

	if (r < why[0] || r > why[FUZZ_REASONS - 1] ||
	    (size_t)(r - why[0]) % CMD_REASON_MAX != 0)
		abort();
	len = strnlen(r, CMD_REASON_MAX);
	if (len == 0 || len == CMD_REASON_MAX)
		abort();
	for (i = 0; i < len; i++)
		if ((unsigned char)r[i] < 0x20 || r[i] == 0x7f)
			abort();
	if (ids_state_reason_encode(r, enc, sizeof(enc)) == 0 ||
	    strpbrk(enc, " \t") != NULL)
		abort();
}

static void
check_entry(const struct ids_state_entry *e)
{
	struct addr_net m = e->net;

	if (e->reason != NULL)
		check_reason(e->reason);

	if ((e->net.family != 4 && e->net.family != 6) || e->until < 0)
		abort();
	if (e->net.prefix > (e->net.family == 4 ? 32 : 128))
		abort();
	addr_mask(&m, e->net.prefix);
	if (memcmp(&m, &e->net, sizeof(m)) != 0)
		abort();
}

static void
check(const struct ids_state *st, int rc)
{
	size_t i, len = strnlen(st->boot_id, sizeof(st->boot_id));

	if (len == sizeof(st->boot_id))
		abort();
	if (strspn(st->boot_id, "0123456789abcdefABCDEF-") != len)
		abort();
	if (rc != 0 && st->n != 0)
		abort();
	if (rc == 0 && len == 0)
		abort();
	if (st->n > FUZZ_ENTRIES || st->n_reasons > FUZZ_REASONS ||
	    st->n + st->overflow + st->bad_lines > st->lineno)
		abort();
	for (i = 0; i < st->n; i++)
		check_entry(&st->ent[i]);
	if (ids_state_strerror(rc) == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data, *nl;
	struct ids_state st, st2;
	size_t off = 0, n;
	int rc;

	ids_state_parse_init(&st, ent, FUZZ_ENTRIES);
	ids_state_parse_reasons(&st, why, FUZZ_REASONS);
	rc = ids_state_parse(buf, size, &st);
	check(&st, rc);
	ids_state_parse_init(&st2, ent2, FUZZ_ENTRIES);
	ids_state_parse_reasons(&st2, why2, FUZZ_REASONS);
	while (off < size) {
		nl = memchr(buf + off, '\n', size - off);
		n = nl != NULL ? (size_t)(nl - (buf + off)) : size - off;
		ids_state_parse_line(&st2, buf + off, n);
		off += n + 1;
	}
	if (ids_state_parse_end(&st2) != rc || st2.n != st.n ||
	    st2.bad_lines != st.bad_lines || st2.n_reasons != st.n_reasons)
		abort();
	for (n = 0; n < st.n; n++)
		if (memcmp(&ent[n].net, &ent2[n].net, sizeof(ent[n].net)) ||
		    ent[n].until != ent2[n].until ||
		    !ent[n].reason != !ent2[n].reason || (ent[n].reason &&
		    strcmp(ent[n].reason, ent2[n].reason) != 0))
			abort();
	return 0;
}
