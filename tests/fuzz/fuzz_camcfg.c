/*
 * fuzz_camcfg.c - libFuzzer target for the camera configuration reader.
 *
 * Parses the input; when it parses, checks that every span lies inside
 * the buffer and asks each accessor about every entry, so a wrong offset
 * shows up under AddressSanitizer.  Lookups are capped per input to keep
 * the fuzzer fast (camcfg_get is linear in the entries).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/camcfg.h"

#define LOOKUPS_MAX	64

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct camcfg cfg;

static void
check_span(struct camcfg_span s, size_t len)
{
	if (s.off > len || s.len > len - s.off)
		abort();
}

static void
walk_value(const char *val, size_t len)
{
	static const char *const fields[] = { "name", "group", "pw", "" };
	const char *out;
	size_t n, pos = 0, i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (camcfg_profile_field(val, len, fields[i], &out, &n) &&
		    (out < val || out + n > val + len))
			abort();
	}
	while (camcfg_list_next(val, len, &pos, &out, &n)) {
		if (n == 0 || out < val || out + n > val + len || pos > len)
			abort();
	}
}

/* Look the entry up by name: found, and no later entry has that name. */
static void
lookup_entry(const struct camcfg_entry *e)
{
	char sec[CAMCFG_NAME_MAX + 1], key[CAMCFG_NAME_MAX + 1];
	char small[8], big[CAMCFG_LINE_MAX + 1];
	const char *val;
	size_t len;

	if (e->section.len > CAMCFG_NAME_MAX || e->key.len > CAMCFG_NAME_MAX)
		abort();
	memcpy(sec, cfg.buf + e->section.off, e->section.len);
	sec[e->section.len] = '\0';
	memcpy(key, cfg.buf + e->key.off, e->key.len);
	key[e->key.len] = '\0';
	if (!camcfg_get(&cfg, sec, key, &val, &len))
		abort();
	if (!camcfg_get_str(&cfg, sec, key, big, sizeof(big)) ||
	    strlen(big) != len)
		abort();
	(void)camcfg_get_str(&cfg, sec, key, small, sizeof(small));
	walk_value(val, len);
}

static void
exercise(size_t size)
{
	const char *val;
	size_t len, i;

	for (i = 0; i < cfg.n_entries; i++) {
		check_span(cfg.entries[i].section, size);
		check_span(cfg.entries[i].key, size);
		check_span(cfg.entries[i].value, size);
		if (i < LOOKUPS_MAX || i + 1 == cfg.n_entries)
			lookup_entry(&cfg.entries[i]);
	}
	check_span(cfg.model, size);
	check_span(cfg.version, size);
	if (camcfg_version(&cfg, &val, &len))
		walk_value(val, len);
	if (camcfg_model(&cfg, &val, &len))
		walk_value(val, len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct camcfg_error err;
	int rc;

	rc = camcfg_parse((const char *)data, size, &cfg, &err);
	if (camcfg_strerror(rc) == NULL)
		abort();
	if (rc == CAMCFG_OK)
		exercise(size);
	else if (cfg.n_entries != 0)
		abort();
	return 0;
}
