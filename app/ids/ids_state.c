/*
 * ids_state.c - read and write the IDS state file (format and contract in
 * ids_state.h).
 *
 * Owns the file I/O and the two judgements the pure parser leaves out:
 * whether the file belongs to this boot (sys_boot_id(), platform/sys.h)
 * and whether a block has ended.  Writes go to "<path>.tmp", are fsync'd
 * and renamed over path, so a reader sees the old file or the new one,
 * never half of one.  Does not know the detector or the firewall: the
 * daemon hands blocks in and takes them out.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/readfile.h"
#include "ids/ids_state.h"
#include "platform/sys.h"

_Static_assert(IDS_STATE_BOOT_MAX == SYS_BOOT_ID_MAX, "boot ids fit");

/*
 * One line into buf (size bytes), without its newline, in *len.  A longer
 * line is read to its end and reported with *len = size (over the
 * parser's limit).  Returns -1 at the end of the file.
 */
static int
ids_state_getline(FILE *f, char *buf, size_t size, size_t *len)
{
	size_t n = 0;
	int c = EOF;

	while ((c = getc(f)) != EOF && c != '\n') {
		if (n < size)
			buf[n] = (char)c;
		n++;
	}
	if (c == EOF && n == 0)
		return -1;
	*len = n < size ? n : size;
	return 0;
}

static void
ids_state_read(FILE *f, struct ids_state *st)
{
	char line[IDS_STATE_LINE_MAX + 1];
	size_t len;

	while (ids_state_getline(f, line, sizeof(line), &len) == 0)
		ids_state_parse_line(st, line, len);
}

/* Drop the blocks that ended by now; returns how many are left. */
static size_t
ids_state_keep(struct ids_state_entry *ent, size_t n, int64_t now,
    size_t *expired)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (ent[i].until > 0 && ent[i].until <= now)
			(*expired)++;
		else
			ent[k++] = ent[i];
	}
	return k;
}

/* Parse path into st; false when it cannot be used (logged). */
static bool
ids_state_read_file(const char *path, struct ids_state *st,
    struct ids_state_info *info)
{
	FILE *f = NULL;
	int fd;

	if ((fd = readfile_open(path, O_RDONLY, 0)) < 0 ||
	    (f = fdopen(fd, "r")) == NULL) {
		if (errno != ENOENT)
			log_warnx("state file %s: %s", path,
			    readfile_strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	info->found = true;
	ids_state_read(f, st);
	if (ferror(f))
		log_warnx("state file %s: read error", path);
	fclose(f);
	info->err = ids_state_parse_end(st);
	info->bad_lines = st->bad_lines;
	info->overflow = st->overflow;
	if (info->err != 0) {
		log_warnx("state file %s: %s; ignored", path,
		    ids_state_strerror(info->err));
		return false;
	}
	if (st->bad_lines > 0)
		log_warnx("state file %s: %zu corrupt lines skipped", path,
		    st->bad_lines);
	if (st->overflow > 0)
		log_warnx("state file %s: %zu blocks beyond %zu dropped", path,
		    st->overflow, st->cap);
	if (st->reasons_dropped > 0)
		log_info("state file %s: the reasons of %zu blocks beyond "
		    "%zu not kept", path, st->reasons_dropped,
		    st->reasons_cap);
	return true;
}

size_t
ids_state_load(const char *path, int64_t now, struct ids_state_entry *ent,
    size_t cap, char (*reasons)[CMD_REASON_MAX], size_t reasons_cap,
    struct ids_state_info *info)
{
	struct ids_state_info scratch;
	struct ids_state st;
	char boot[SYS_BOOT_ID_MAX];

	if (info == NULL)
		info = &scratch;
	memset(info, 0, sizeof(*info));
	if (path == NULL || path[0] == '\0')
		return 0;
	ids_state_parse_init(&st, ent, cap);
	ids_state_parse_reasons(&st, reasons, reasons_cap);
	if (!ids_state_read_file(path, &st, info))
		return 0;
	if (sys_boot_id(boot) == -1)
		return 0;
	if (strcmp(boot, st.boot_id) != 0) {
		info->other_boot = true;
		log_info("state file %s: saved before a reboot; its %zu blocks "
		    "are cleared", path, st.n);
		return 0;
	}
	info->loaded = ids_state_keep(ent, st.n, now, &info->expired);
	log_info("state file %s: %zu blocks restored, %zu ended", path,
	    info->loaded, info->expired);
	return info->loaded;
}

static void
ids_state_write(FILE *f, const char *boot, const struct ids_state_entry *ent,
    size_t n, int64_t now)
{
	char a[ADDR_STR_MAX], why[IDS_STATE_REASON_ENC_MAX];
	size_t i;

	fprintf(f, "camguard-state %d\nboot %s\nsaved %" PRId64 "\n",
	    IDS_STATE_VERSION, boot, now);
	for (i = 0; i < n; i++) {
		if (ent[i].until > 0 && ent[i].until <= now)
			continue;
		fprintf(f, "block %s %" PRId64 "\n",
		    addr_format(&ent[i].net, a, sizeof(a)), ent[i].until);
		if (ids_state_reason_encode(ent[i].reason, why, sizeof(why)))
			fprintf(f, "reason %s %s\n", a, why);
	}
}

/* Write, flush and sync tmp; 0 or -1 (logged, tmp removed). */
static int
ids_state_write_tmp(const char *tmp, const char *boot,
    const struct ids_state_entry *ent, size_t n, int64_t now)
{
	FILE *f;
	int fd, rc = 0;

	/* a FIFO or device put in its place must not hang the worker */
	fd = readfile_open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW,
	    0600);
	if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
		log_warnx("state file %s: %s", tmp, readfile_strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	ids_state_write(f, boot, ent, n, now);
	if (ferror(f) || fflush(f) == EOF || fsync(fileno(f)) == -1)
		rc = -1;
	if (fclose(f) == EOF)
		rc = -1;
	if (rc == -1) {
		log_warn("state file %s: write", tmp);
		unlink(tmp);
	}
	return rc;
}

int
ids_state_save(const char *path, const struct ids_state_entry *ent,
    size_t n, int64_t now)
{
	char tmp[CONF_PATH_MAX + 8], boot[SYS_BOOT_ID_MAX];
	int len;

	len = snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (len < 0 || (size_t)len >= sizeof(tmp)) {
		log_warnx("state file %s: path too long", path);
		return -1;
	}
	if (sys_boot_id(boot) == -1 ||
	    ids_state_write_tmp(tmp, boot, ent, n, now) == -1)
		return -1;
	if (rename(tmp, path) == -1) {
		log_warn("state file %s: rename", path);
		unlink(tmp);
		return -1;
	}
	return 0;
}
