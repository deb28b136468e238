/*
 * conf.h - the agent configuration, camguard.json (spec section 3).
 *
 * conf_defaults() fills every default; conf_load() reads a file over the
 * defaults and reports every problem as FILE:LINE:COLUMN: message.
 * Secrets are never stored here, only the paths of the files that hold
 * them.
 */
#ifndef CAMGUARD_CONF_H
#define CAMGUARD_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/addr.h"
#include "core/cg_limits.h"

enum conf_log_format { CONF_FMT_AUTO, CONF_FMT_CLF, CONF_FMT_LIGHTTPD,
	CONF_FMT_NGINX };
enum conf_backend { CONF_FW_NONE, CONF_FW_NFTABLES, CONF_FW_CAMERA_ACL,
	CONF_FW_FILE };
/* siem.target's scheme; NONE when the target is "" (no collector). */
enum conf_siem_proto { CONF_SIEM_NONE, CONF_SIEM_TCP, CONF_SIEM_TLS,
	CONF_SIEM_UDP };

#define CONF_CHECK_ID_MAX	16
#define CONF_DATE_MAX		11	/* YYYY-MM-DD */
#define CONF_LANG_MAX		8	/* a language code: "fr" */

struct conf_waiver {
	char	id[CONF_CHECK_ID_MAX];
	char	reason[WAIVER_REASON_MAX];
	char	expires[CONF_DATE_MAX];
};

struct conf_source {
	char			path[CONF_PATH_MAX];
	enum conf_log_format	format;
};

struct conf_tls {
	char	ca_file[CONF_PATH_MAX];
	char	cert_file[CONF_PATH_MAX];
	char	key_file[CONF_PATH_MAX];
};

/* ids.fleet: shared bans from trusted cameras (spec section 12). */
struct conf_fleet {
	bool		enabled;
	size_t		n_cameras;
	char		cameras[FLEET_TRUST_MAX][CONF_STR_MAX];
	long long	max, block_s;
};

/* Who and where a commissioning report is for (spec section 12). */
struct conf_report {
	char	lang[CONF_LANG_MAX];		/* "en", "fr" */
	char	customer[CONF_STR_MAX];
	char	site[CONF_STR_MAX];
	char	engineer[CONF_STR_MAX];
	char	company[CONF_STR_MAX];
};

struct conf {
	struct {
		char		id[CONF_STR_MAX];
		char		config_file[CONF_PATH_MAX];
		char		url[CONF_PATH_MAX];
		char		user[CONF_STR_MAX];
		char		password_file[CONF_PATH_MAX];
		char		ca_file[CONF_PATH_MAX];
		long long	timeout_ms;
		char		proc_root[CONF_PATH_MAX];
	} camera;
	struct {
		long long	interval_s;
		char		policy_file[CONF_PATH_MAX];
		size_t		n_waivers;
		struct conf_waiver waivers[CONF_WAIVERS_MAX];
	} checks;
	struct {
		bool		enabled;
		size_t		n_sources;
		struct conf_source sources[CONF_SOURCES_MAX];
		long long	threshold, timeout_min, deadtime_min;
		bool		block;
		enum conf_backend block_backend;
		char		block_file[CONF_PATH_MAX];
		long long	block_s, block_factor, block_max_s;
		size_t		n_ports;
		long long	ports[CONF_PORTS_MAX];
		long long	ipv6_prefix, max_tracked;
		size_t		n_ignore, n_allow;
		struct addr_net	ignore[CONF_NETS_MAX];
		struct addr_net	allow[CONF_NETS_MAX];
		bool		count_challenges;
		char		state_file[CONF_PATH_MAX];
		struct conf_fleet fleet;
	} ids;
	struct {
		bool		enabled;
		char		host[CONF_STR_MAX];
		long long	port;
		char		client_id[CONF_STR_MAX];
		char		username[CONF_STR_MAX];
		char		password_file[CONF_PATH_MAX];
		struct conf_tls	tls;
		char		topic_root[CONF_STR_MAX];
		long long	keepalive_s, queue_max;
		bool		ha_discovery;
		bool		ha_discovery_checks;	/* a sensor per check */
		char		ha_prefix[CONF_STR_MAX];
		long long	republish_jitter_ms;
	} mqtt;
	struct {
		bool		enabled;
		char		listen[CONF_STR_MAX];
		char		token_file[CONF_PATH_MAX];
		struct conf_tls	tls;	/* cert_file, key_file */
	} status;
	struct {
		char		user[CONF_STR_MAX];
		char		pid_file[CONF_PATH_MAX];
		char		control_socket[CONF_PATH_MAX];
		bool		sandbox;	/* "on" (default) or "off" */
	} run;
	struct conf_report report;
	struct {
		char		target[CONF_STR_MAX];
		struct conf_tls	tls;	/* ca_file, cert_file, key_file */
		char		hostname[CONF_STR_MAX];
		char		app_name[CONF_STR_MAX];
		int		facility;	/* RFC 5424 code, 0..23 */
		long long	queue_max;
		/* target, parsed: a numeric address and a port */
		enum conf_siem_proto proto;
		char		host[ADDR_STR_MAX];
		uint16_t	port;
	} siem;
};

/*
 * Which check ids a waiver may name.  The program sets it once, from the
 * check catalogue (chk_id_known), before it reads a file, so that this
 * reader needs no part of the check engine; unset, any id of the right
 * shape (MX-20, VG-01) is taken.
 */
void	conf_set_check_ids(bool (*known)(const char *id));
void	conf_defaults(struct conf *);
/*
 * A waiver's "YYYY-MM-DD" as the end of that day in UTC, when it stops
 * holding (it holds through the day it expires on): 0, or -1 for a
 * string that is no such date.
 */
int	conf_waiver_end(const char *ymd, long long *end);
/*
 * Parse buf (named name in messages) over the defaults.  Returns 0, or -1
 * after writing one "name:line:col: message" line per error to errf.
 */
int	conf_parse(struct conf *, const char *name, const char *buf,
	    size_t len, FILE *errf);
/* Read and parse a file; -1 on I/O errors too (same message form). */
int	conf_load(struct conf *, const char *path, FILE *errf);
/*
 * A site file (`--site FILE`): the keys of the report section at its
 * root, over r's current values.  0, or -1 after file:line:col lines.
 */
int	conf_load_site(struct conf_report *r, const char *path, FILE *errf);

const char *conf_backend_name(enum conf_backend);
const char *conf_format_name(enum conf_log_format);
/* "authpriv", "local0"... for an RFC 5424 facility code. */
const char *conf_facility_name(int facility);
/* A valid MQTT topic level: non-empty UTF-8 that libmosquitto takes, no
 * control characters, no '+', '#', '/'. */
bool	conf_topic_level_ok(const char *s, size_t len);
/* Is a camera id in ids.fleet.cameras? */
bool	conf_fleet_trusts(const struct conf *, const char *camera);

/* The default path of camguard.json when -c is not given. */
#define CONF_DEFAULT_PATH	"/etc/camguard/camguard.json"

#endif
