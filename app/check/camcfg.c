/*
 * camcfg.c - questions asked of a parsed camera configuration.
 *
 * Owns the lookups the checks need: a section/KEY value (the last one
 * wins), a field of a "k=v:k=v" profile value, the items of a comma list,
 * the firmware version and the model.  It reads the model camcfg_parse()
 * built and never changes it; parsing lives in camcfg_parse.c.
 */
#include <string.h>

#include "check/camcfg.h"

static bool
span_eq(const struct camcfg *cfg, struct camcfg_span s, const char *str,
    size_t n)
{
	return s.len == n && memcmp(cfg->buf + s.off, str, n) == 0;
}

bool
camcfg_get(const struct camcfg *cfg, const char *section, const char *key,
    const char **val, size_t *len)
{
	size_t i, slen, klen;

	if (cfg == NULL || cfg->buf == NULL || section == NULL || key == NULL)
		return false;
	slen = strlen(section);
	klen = strlen(key);
	/* Backwards: a key given twice keeps its last value. */
	for (i = cfg->n_entries; i-- > 0;) {
		const struct camcfg_entry *e = &cfg->entries[i];

		if (!span_eq(cfg, e->key, key, klen) ||
		    !span_eq(cfg, e->section, section, slen))
			continue;
		*val = cfg->buf + e->value.off;
		*len = e->value.len;
		return true;
	}
	return false;
}

bool
camcfg_get_str(const struct camcfg *cfg, const char *section,
    const char *key, char *dst, size_t dstsz)
{
	const char *val;
	size_t len;

	if (dst == NULL || dstsz == 0)
		return false;
	dst[0] = '\0';
	if (!camcfg_get(cfg, section, key, &val, &len) || len >= dstsz)
		return false;
	memcpy(dst, val, len);
	dst[len] = '\0';
	return true;
}

/* The first "field=..." part of a ':'-separated value wins. */
bool
camcfg_profile_field(const char *val, size_t len, const char *field,
    const char **out, size_t *outlen)
{
	size_t pos = 0, flen;

	if (val == NULL || field == NULL)
		return false;
	flen = strlen(field);
	while (pos < len) {
		const char *part = val + pos;
		const char *colon = memchr(part, ':', len - pos);
		size_t plen = colon ? (size_t)(colon - part) : len - pos;

		if (plen > flen && part[flen] == '=' &&
		    memcmp(part, field, flen) == 0) {
			*out = part + flen + 1;
			*outlen = plen - flen - 1;
			return true;
		}
		pos += plen + 1;
	}
	return false;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

bool
camcfg_list_next(const char *val, size_t len, size_t *pos,
    const char **item, size_t *itemlen)
{
	if (val == NULL || pos == NULL)
		return false;
	while (*pos < len) {
		const char *start = val + *pos;
		const char *comma = memchr(start, ',', len - *pos);
		size_t n = comma ? (size_t)(comma - start) : len - *pos;

		*pos += comma ? n + 1 : n;
		while (n > 0 && is_blank(start[0]))
			start++, n--;
		while (n > 0 && is_blank(start[n - 1]))
			n--;
		if (n == 0)
			continue;
		*item = start;
		*itemlen = n;
		return true;
	}
	return false;
}

bool
camcfg_version(const struct camcfg *cfg, const char **val, size_t *len)
{
	if (camcfg_get(cfg, "timestamp", "VERSION", val, len) && *len > 0)
		return true;
	if (cfg == NULL || cfg->buf == NULL || cfg->version.len == 0)
		return false;
	*val = cfg->buf + cfg->version.off;
	*len = cfg->version.len;
	return true;
}

bool
camcfg_model(const struct camcfg *cfg, const char **val, size_t *len)
{
	if (cfg == NULL || cfg->buf == NULL || cfg->model.len == 0)
		return false;
	*val = cfg->buf + cfg->model.off;
	*len = cfg->model.len;
	return true;
}
