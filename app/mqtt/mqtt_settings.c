/*
 * mqtt_settings.c - whether the mqtt block of a configuration can be
 * used by the MQTT service, and whether a new one needs another
 * connection.
 *
 * Owns the checks that do not fit conf.c's grammar: a numeric broker
 * address (a name lookup would block the loop), TLS files that go
 * together, a password file with a user name, and reading that file;
 * and the camera id the topics name.  It does not connect or keep any
 * state.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/check.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/readfile.h"
#include "mqtt/mqtt_settings.h"

static bool
host_numeric(const char *h)
{
	unsigned char a[16];

	return inet_pton(AF_INET, h, a) == 1 || inet_pton(AF_INET6, h, a) == 1;
}

/* First line of password_file; warns when others may read the file. */
static int
read_password(const char *path, char *pw, size_t sz)
{
	struct stat st;
	int fd = readfile_open(path, O_RDONLY, 0);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "r");
	size_t n;

	if (!f) {
		log_warnx("mqtt: password_file %s: %s", path,
		    readfile_strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)))
		log_warnx("mqtt: password_file %s is readable by group or "
		    "others; chmod 600 it", path);
	if (!fgets(pw, (int)sz, f))
		pw[0] = '\0';
	fclose(f);
	n = strcspn(pw, "\r\n");
	pw[n] = '\0';
	return 0;
}

int
mqtt_settings_check(const struct conf *c, char *pw, size_t pwsz,
    bool *has_pw)
{
	const struct conf_tls *t = &c->mqtt.tls;

	if (!host_numeric(c->mqtt.host)) {
		log_warnx("mqtt: host \"%s\" must be a numeric address (a name "
		    "lookup would block the loop)", c->mqtt.host);
		return -1;
	}
	if (!t->ca_file[0] && (t->cert_file[0] || t->key_file[0])) {
		log_warnx("mqtt: tls.cert_file and key_file need tls.ca_file");
		return -1;
	}
	if (!t->cert_file[0] != !t->key_file[0]) {
		log_warnx("mqtt: tls.cert_file and tls.key_file go together");
		return -1;
	}
	*has_pw = c->mqtt.password_file[0] != '\0';
	if (*has_pw && !c->mqtt.username[0]) {
		log_warnx("mqtt: password_file without username");
		return -1;
	}
	return *has_pw ? read_password(c->mqtt.password_file, pw, pwsz) : 0;
}

/* Does a new configuration need another connection? */
bool
mqtt_settings_differ(const struct conf *a, const struct conf *b)
{
	return strcmp(a->camera.id, b->camera.id) ||
	    strcmp(a->mqtt.host, b->mqtt.host) ||
	    a->mqtt.port != b->mqtt.port ||
	    strcmp(a->mqtt.client_id, b->mqtt.client_id) ||
	    strcmp(a->mqtt.username, b->mqtt.username) ||
	    strcmp(a->mqtt.password_file, b->mqtt.password_file) ||
	    strcmp(a->mqtt.tls.ca_file, b->mqtt.tls.ca_file) ||
	    strcmp(a->mqtt.tls.cert_file, b->mqtt.tls.cert_file) ||
	    strcmp(a->mqtt.tls.key_file, b->mqtt.tls.key_file) ||
	    strcmp(a->mqtt.topic_root, b->mqtt.topic_root) ||
	    a->mqtt.keepalive_s != b->mqtt.keepalive_s;
}

/*
 * The camera id: camera.id, else the scanned configuration's hostname,
 * else (final) gethostname().  0 when known.
 */
int
mqtt_settings_camera(const struct conf *c, const struct chk_scan *scan,
    char *out, size_t sz, bool final)
{
	const char *id = c->camera.id;
	char host[256];

	if (!id[0] && scan && scan->camera_id[0])
		id = scan->camera_id;
	if (!id[0] && final && gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = '\0';
		id = host;
	}
	if (!id[0])
		return -1;
	if (!conf_topic_level_ok(id, strlen(id)) || strlen(id) >= sz) {
		log_warnx("mqtt: camera id \"%s\" is no valid topic level", id);
		return -1;
	}
	if (id[0] == '_') {	/* R/_fleet/... is every agent's */
		log_warnx("mqtt: camera id \"%s\" starts with '_'; set "
		    "camera.id", id);
		return -1;
	}
	snprintf(out, sz, "%s", id);
	return 0;
}
