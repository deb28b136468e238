/*
 * test_conf.c - camguard.json: defaults, every accepted key, and malformed
 * files that must each give one exact FILE:LINE:COLUMN: message.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/check_ids.h"
#include "core/conf.h"

static struct conf conf;

/* Parse text; returns rc and leaves the error output in *out (malloc'd). */
static int
parse(const char *text, char **out)
{
	size_t sz = 0;
	FILE *f = open_memstream(out, &sz);
	int rc;

	assert_non_null(f);
	rc = conf_parse(&conf, "t.json", text, strlen(text), f);
	fclose(f);
	return rc;
}

static void
assert_error(const char *text, const char *expected)
{
	char *out = NULL;
	int rc = parse(text, &out);

	if (rc == 0 || strcmp(out, expected) != 0)
		print_error("input:    %s\nexpected: %sgot:      %s\n", text,
		    expected, out);
	assert_int_equal(rc, -1);
	assert_string_equal(out, expected);
	free(out);
}

static void
test_empty_object_gives_every_default(void **state)
{
	char *out = NULL;
	char buf[ADDR_STR_MAX];

	(void)state;
	assert_int_equal(parse("{}", &out), 0);
	assert_string_equal(out, "");
	free(out);
	assert_string_equal(conf.camera.id, "");
	assert_string_equal(conf.camera.url, "http://127.0.0.1");
	assert_int_equal(conf.camera.timeout_ms, 3000);
	assert_string_equal(conf.camera.proc_root, "/proc");
	assert_int_equal(conf.checks.interval_s, 3600);
	assert_int_equal(conf.checks.n_waivers, 0);
	assert_true(conf.ids.enabled);
	assert_int_equal(conf.ids.threshold, 7);
	assert_int_equal(conf.ids.timeout_min, 60);
	assert_int_equal(conf.ids.deadtime_min, 60);
	assert_true(conf.ids.block);
	assert_int_equal(conf.ids.block_backend, CONF_FW_NONE);
	assert_int_equal(conf.ids.block_s, 0);
	assert_int_equal(conf.ids.block_factor, 2);
	assert_int_equal(conf.ids.block_max_s, 86400);
	assert_int_equal(conf.ids.n_ports, 0);
	assert_int_equal(conf.ids.ipv6_prefix, 64);
	assert_int_equal(conf.ids.max_tracked, 65536);
	assert_int_equal(conf.ids.n_ignore, 2);
	assert_string_equal(addr_format(&conf.ids.ignore[0], buf, sizeof(buf)),
	    "127.0.0.0/8");
	assert_string_equal(addr_format(&conf.ids.ignore[1], buf, sizeof(buf)),
	    "::1/128");
	assert_int_equal(conf.ids.n_allow, 0);
	assert_false(conf.ids.count_challenges);
	assert_false(conf.mqtt.enabled);
	assert_string_equal(conf.mqtt.host, "127.0.0.1");
	assert_int_equal(conf.mqtt.port, 1883);
	assert_string_equal(conf.mqtt.topic_root, "MOBOTIX");
	assert_int_equal(conf.mqtt.keepalive_s, 30);
	assert_int_equal(conf.mqtt.queue_max, 256);
	assert_false(conf.mqtt.ha_discovery);
	assert_string_equal(conf.mqtt.ha_prefix, "homeassistant");
	assert_true(conf.status.enabled);
	assert_string_equal(conf.status.listen, "127.0.0.1:8091");
	assert_string_equal(conf.run.user, "camguard");
	assert_string_equal(conf.run.pid_file, "");
}

static void
test_full_file_sets_every_section(void **state)
{
	static const char text[] =
	    "{\n"
	    " \"camera\": {\"id\": \"cam-lobby-01\", \"url\": \"https://10.0.0.5:8443\",\n"
	    "   \"user\": \"admin\", \"password_file\": \"/etc/camguard/cam.pw\",\n"
	    "   \"timeout_ms\": 500, \"proc_root\": \"/tmp/proc\"},\n"
	    " \"checks\": {\"interval_s\": 600, \"waivers\": [\n"
	    "   {\"id\": \"MX-20\", \"reason\": \"no 802.1X on site switches\",\n"
	    "    \"expires\": \"2027-06-30\"}]},\n"
	    " \"ids\": {\"sources\": [{\"path\": \"/var/log/a.log\", \"format\": \"nginx\"},\n"
	    "   {\"path\": \"/var/log/b.log\"}], \"threshold\": 5,\n"
	    "   \"block_backend\": \"file\", \"block_file\": \"/run/blocks\",\n"
	    "   \"block_s\": 600, \"ports\": [8080, 8443], \"ipv6_prefix\": 56,\n"
	    "   \"allow\": [\"10.42.0.0/16\", \"2001:db8::/32\"], \"ignore\": [],\n"
	    "   \"count_challenges\": true},\n"
	    " \"mqtt\": {\"enabled\": true, \"host\": \"::1\", \"port\": 8883,\n"
	    "   \"tls\": {\"ca_file\": \"/etc/ca.crt\", \"cert_file\": \"/c\", \"key_file\": \"/k\"},\n"
	    "   \"topic_root\": \"site/A\", \"ha_discovery\": true},\n"
	    " \"status\": {\"listen\": \"[::1]:9000\"},\n"
	    " \"run\": {\"user\": \"1000\", \"pid_file\": \"/run/camguard.pid\"}\n"
	    "}\n";
	char *out = NULL;
	char buf[ADDR_STR_MAX];

	(void)state;
	assert_int_equal(parse(text, &out), 0);
	free(out);
	assert_string_equal(conf.camera.id, "cam-lobby-01");
	assert_int_equal(conf.camera.timeout_ms, 500);
	assert_int_equal(conf.checks.n_waivers, 1);
	assert_string_equal(conf.checks.waivers[0].id, "MX-20");
	assert_string_equal(conf.checks.waivers[0].expires, "2027-06-30");
	assert_int_equal(conf.ids.n_sources, 2);
	assert_int_equal(conf.ids.sources[0].format, CONF_FMT_NGINX);
	assert_int_equal(conf.ids.sources[1].format, CONF_FMT_AUTO);
	assert_int_equal(conf.ids.block_backend, CONF_FW_FILE);
	assert_int_equal(conf.ids.n_ports, 2);
	assert_int_equal(conf.ids.ports[1], 8443);
	assert_int_equal(conf.ids.n_allow, 2);
	assert_string_equal(addr_format(&conf.ids.allow[1], buf, sizeof(buf)),
	    "2001:db8::/32");
	assert_int_equal(conf.ids.n_ignore, 0);
	assert_true(conf.ids.count_challenges);
	assert_int_equal(conf.mqtt.port, 8883);
	assert_string_equal(conf.mqtt.tls.key_file, "/k");
	assert_string_equal(conf.mqtt.topic_root, "site/A");
	assert_string_equal(conf.status.listen, "[::1]:9000");
	assert_string_equal(conf.run.user, "1000");
}

static void
test_escaped_strings_are_decoded(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(parse("{\"camera\":{\"user\":\"a\\u00e9\\\"b\\ud83d\\ude00\"}}",
	    &out), 0);
	free(out);
	assert_string_equal(conf.camera.user, "a\xc3\xa9\"b\xf0\x9f\x98\x80");
}

/* Each malformed file gives exactly one message at an exact position. */
static const struct {
	const char *text;
	const char *error;
} malformed[] = {
	{ "", "t.json:1:1: unexpected end of file\n" },
	{ "[]", "t.json:1:1: the document must be a JSON object\n" },
	{ "{\"a\":1,}", "t.json:1:8: trailing comma before '}'\n" },
	{ "{\"ids\":{\"ports\":[80,]}}",
	  "t.json:1:21: trailing comma or missing value\n" },
	{ "{} x", "t.json:1:4: trailing data after the JSON document\n" },
	{ "{}{}", "t.json:1:3: trailing data after the JSON document\n" },
	{ "{\"ids\":{\"block\":tru}}",
	  "t.json:1:17: invalid literal (expected true, false or null)\n" },
	{ "{\"ids\":{\"threshold\":07}}", "t.json:1:21: invalid number\n" },
	{ "{\"ids\" {}}", "t.json:1:8: expected ':' after key\n" },
	{ "{\"ids\":{} \"mqtt\":{}}", "t.json:1:11: expected ',' or '}'\n" },
	{ "{ids:{}}", "t.json:1:2: expected a key in double quotes\n" },
	{ "{\"camera\":{\"id\":\"a\nb\"}}",
	  "t.json:1:19: control character in string\n" },
	{ "{\"camera\":{\"id\":\"a\\qb\"}}",
	  "t.json:1:19: invalid escape in string\n" },
	{ "{\"camera\":{\"id\":\"ab}}", "t.json:1:17: unterminated string\n" },
	{ "{\n  \"cameras\": {}\n}", "t.json:2:3: unknown key \"cameras\"\n" },
	{ "{\"ids\":{\n \"thresold\": 7}}",
	  "t.json:2:2: unknown key \"thresold\" in ids\n" },
	{ "{\"ids\":{\"threshold\":4}}",
	  "t.json:1:21: ids.threshold must be between 5 and 1000\n" },
	{ "{\"ids\":{\"threshold\":\"7\"}}",
	  "t.json:1:21: ids.threshold must be an integer\n" },
	{ "{\"ids\":{\"threshold\":7.5}}",
	  "t.json:1:21: ids.threshold must be an integer\n" },
	{ "{\"mqtt\":{\"port\":65536}}",
	  "t.json:1:17: mqtt.port must be between 1 and 65535\n" },
	{ "{\"ids\":{\"ports\":[80,0]}}",
	  "t.json:1:21: ids.ports must be between 1 and 65535\n" },
	{ "{\"ids\":{\"enabled\":1}}",
	  "t.json:1:19: ids.enabled must be true or false\n" },
	{ "{\"ids\":{\"sources\":{}}}",
	  "t.json:1:19: ids.sources must be an array of objects\n" },
	{ "{\"ids\":{\"threshold\":7,\n\"threshold\":8}}",
	  "t.json:2:1: duplicate key ids.threshold\n" },
	{ "{\"camera\":{},\"camera\":{}}",
	  "t.json:1:14: duplicate key camera\n" },
	{ "{\"ids\":{\"block_backend\":\"iptables\"}}",
	  "t.json:1:25: ids.block_backend: must be one of none, nftables, "
	  "camera-acl, file\n" },
	{ "{\"ids\":{\"block_backend\":\"file\"}}",
	  "t.json:1:1: ids: block_backend \"file\" needs block_file\n" },
	{ "{\"ids\":{\"ignore\":[\"10.0.0.0/33\"]}}",
	  "t.json:1:19: ids.ignore: \"10.0.0.0/33\" is not an address or "
	  "ADDRESS/PREFIX\n" },
	{ "{\"ids\":{\"sources\":[{\"format\":\"clf\"}]}}",
	  "t.json:1:20: ids.sources: a source needs a path\n" },
	{ "{\"ids\":{\"sources\":[{\"path\":\"log\"}]}}",
	  "t.json:1:28: ids.sources.path: must be an absolute path\n" },
	{ "{\"camera\":{\"id\":\"a/b\"}}",
	  "t.json:1:17: camera.id: must be a valid MQTT topic level "
	  "(UTF-8 without control characters, '+', '#' or '/')\n" },
	/* libmosquitto refuses these topics: every publish would fail */
	{ "{\"camera\":{\"id\":\"cam\xff\xfe\"}}",
	  "t.json:1:17: camera.id: must be a valid MQTT topic level "
	  "(UTF-8 without control characters, '+', '#' or '/')\n" },
	{ "{\"camera\":{\"id\":\"cam\xc0\xaf\"}}",
	  "t.json:1:17: camera.id: must be a valid MQTT topic level "
	  "(UTF-8 without control characters, '+', '#' or '/')\n" },
	{ "{\"camera\":{\"id\":\"cam\\u0007\"}}",
	  "t.json:1:17: camera.id: must be a valid MQTT topic level "
	  "(UTF-8 without control characters, '+', '#' or '/')\n" },
	{ "{\"ids\":{\"allow\":[\"0.0.0.0/0\"]}}",
	  "t.json:1:18: ids.allow: \"0.0.0.0/0\" covers every IPv4 address; "
	  "turn ids.enabled or ids.block off instead\n" },
	{ "{\"ids\":{\"ignore\":[\"::/0\"]}}",
	  "t.json:1:19: ids.ignore: \"::/0\" covers every IPv6 address; "
	  "turn ids.enabled or ids.block off instead\n" },
	{ "{\"camera\":{\"url\":\"http://admin:x@10.0.0.1\"}}",
	  "t.json:1:18: camera.url: must not hold credentials (use "
	  "camera.user and camera.password_file)\n" },
	{ "{\"camera\":{\"url\":\"ftp://10.0.0.1\"}}",
	  "t.json:1:18: camera.url: must start with http:// or https://\n" },
	{ "{\"status\":{\"listen\":\"0.0.0.0\"}}",
	  "t.json:1:21: status.listen: must be IPv4:PORT or [IPv6]:PORT "
	  "with a literal address and a port of 1-65535\n" },
	{ "{\"checks\":{\"waivers\":[{\"id\":\"MX-20\",\"reason\":\"x\","
	  "\"expires\":\"2027-02-30\"}]}}",
	  "t.json:1:60: checks.waivers.expires: must be a date YYYY-MM-DD\n" },
	{ "{\"checks\":{\"waivers\":[{\"id\":\"MX-20\",\"reason\":\"x\"}]}}",
	  "t.json:1:23: checks.waivers: a waiver needs id, reason and "
	  "expires\n" },
	{ "{\"checks\":{\"waivers\":[{\"id\":\"XX-1\"}]}}",
	  "t.json:1:29: checks.waivers.id: must be a check id like MX-20 "
	  "or VG-01\n" },
	{ "{\"checks\":{\"waivers\":[{\"id\":\"MX-99\"}]}}",
	  "t.json:1:29: checks.waivers.id: MX-99 is not a check of this "
	  "camguard version\n" },
	{ "{\"mqtt\":{\"topic_root\":\"a/#\"}}",
	  "t.json:1:23: mqtt.topic_root: must be a topic without '+', '#' "
	  "or empty levels\n" },
	{ "{\"mqtt\":{\"tls\":{\"cert_file\":\"/c\"}}}",
	  "t.json:1:16: mqtt.tls: cert_file and key_file go together\n" },
	{ "{\"ids\":{\"block_s\":7200,\"block_max_s\":3600}}",
	  "t.json:1:1: ids: block_s (7200) is above block_max_s (3600)\n" },
	{ "{\"mqtt\":{\"host\":\"broker.example\"}}",
	  "t.json:1:17: mqtt.host: must be a numeric IPv4 or IPv6 address "
	  "(names are not resolved)\n" },
	{ "{\"run\":{\"user\":\"\"}}",
	  "t.json:1:16: run.user: must not be empty\n" },
	{ "{\"camera\":{\"id\":\"a\\u0000b\"}}",
	  "t.json:1:17: camera.id: string longer than 1023 bytes or holding "
	  "a NUL\n" },
};

/* UTF-8 ids libmosquitto takes are fine; /1 is not a whole family. */
static void
test_utf8_camera_ids_and_narrow_allow_lists_are_taken(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(parse("{\"camera\":{\"id\":\"Kamera-S\xc3\xbc"
	    "d-\xe2\x82\xac\"},\"ids\":{\"allow\":[\"0.0.0.0/1\",\"::/1\"]}}",
	    &out), 0);
	assert_string_equal(conf.camera.id,
	    "Kamera-S\xc3\xbc" "d-\xe2\x82\xac");
	assert_int_equal(conf.ids.n_allow, 2);
	free(out);
	assert_true(conf_topic_level_ok("\xf0\x9f\x93\xb7", 4));
	assert_false(conf_topic_level_ok("\xed\xa0\x80", 3));	/* surrogate */
	assert_false(conf_topic_level_ok("\xef\xbf\xbf", 3));	/* U+FFFF */
	assert_false(conf_topic_level_ok("\xc2\x85", 2));	/* C1 control */
	assert_false(conf_topic_level_ok("\xe2\x82", 2));	/* cut short */
	assert_false(conf_topic_level_ok("a\0b", 3));
}

static void
test_each_malformed_file_gives_its_exact_error(void **state)
{
	size_t i, wrong = 0;
	char *out;

	(void)state;
	assert_true(sizeof(malformed) / sizeof(malformed[0]) >= 20);
	for (i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		out = NULL;
		if (parse(malformed[i].text, &out) != -1 ||
		    strcmp(out, malformed[i].error)) {
			print_error("input:    %s\nexpected: %sgot:      %s\n",
			    malformed[i].text, malformed[i].error, out);
			wrong++;
		}
		free(out);
	}
	assert_int_equal(wrong, 0);
}

static void
test_all_errors_of_a_file_are_reported(void **state)
{
	(void)state;
	assert_error("{\"ids\":{\"threshold\":1,\"bogus\":2},\n"
	    "\"mqtt\":{\"port\":0}}",
	    "t.json:1:21: ids.threshold must be between 5 and 1000\n"
	    "t.json:1:23: unknown key \"bogus\" in ids\n"
	    "t.json:2:16: mqtt.port must be between 1 and 65535\n");
}

static void
test_error_count_is_capped(void **state)
{
	char text[4096];
	size_t o, i;
	char *out = NULL;

	(void)state;
	o = (size_t)snprintf(text, sizeof(text), "{");
	for (i = 0; i < 40; i++)
		o += (size_t)snprintf(text + o, sizeof(text) - o, "%s\"k%zu\":1",
		    i ? "," : "", i);
	snprintf(text + o, sizeof(text) - o, "}");
	assert_int_equal(parse(text, &out), -1);
	assert_non_null(strstr(out, "t.json: 24 more errors not shown\n"));
	free(out);
}

static void
test_deep_nesting_is_refused(void **state)
{
	static char text[200001];
	char *out = NULL;

	(void)state;
	memcpy(text, "{\"a\":", 5);
	memset(text + 5, '[', 100000 - 5);
	memset(text + 100000, ']', 100000 - 1);
	text[200000 - 1] = '}';
	assert_int_equal(parse(text, &out), -1);
	assert_non_null(strstr(out, "nesting too deep"));
	free(out);
}

static void
test_too_many_values_are_refused(void **state)
{
	static char text[CONF_FILE_MAX];
	size_t o, i;
	char *out = NULL;

	(void)state;
	o = (size_t)snprintf(text, sizeof(text), "{\"ids\":{\"ports\":[");
	for (i = 0; i < JSON_TOK_MAX + 10; i++)
		o += (size_t)snprintf(text + o, sizeof(text) - o, "%s1",
		    i ? "," : "");
	snprintf(text + o, sizeof(text) - o, "]}}");
	assert_int_equal(parse(text, &out), -1);
	assert_non_null(strstr(out, "more than 8192 values"));
	free(out);
}

static void
test_huge_file_is_refused_before_parsing(void **state)
{
	char path[] = "/tmp/camguard-conf-XXXXXX";
	int fd = mkstemp(path);
	static char block[1 << 20];
	size_t sz = 0;
	char *out = NULL;
	FILE *f;
	int i, rc;

	(void)state;
	assert_true(fd >= 0);
	memset(block, ' ', sizeof(block));
	block[0] = '{';
	for (i = 0; i < 10; i++)
		assert_int_equal(write(fd, block, sizeof(block)),
		    (ssize_t)sizeof(block));
	close(fd);
	f = open_memstream(&out, &sz);
	rc = conf_load(&conf, path, f);
	fclose(f);
	unlink(path);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(out, ":1:1: file is larger than 262144 bytes"));
	free(out);
}

static void
test_missing_file_names_the_path(void **state)
{
	size_t sz = 0;
	char *out = NULL;
	FILE *f = open_memstream(&out, &sz);

	(void)state;
	assert_int_equal(conf_load(&conf, "/nonexistent/camguard.json", f), -1);
	fclose(f);
	assert_string_equal(out,
	    "/nonexistent/camguard.json: No such file or directory\n");
	free(out);
}

static void
test_random_bytes_never_crash(void **state)
{
	static char text[4096];
	unsigned seed = 12345;
	size_t i, n;
	char *out;
	int round;

	(void)state;
	for (round = 0; round < 2000; round++) {
		n = (size_t)(rand_r(&seed) % (int)sizeof(text));
		for (i = 0; i < n; i++)
			text[i] = "{}[]\":,0123456789tfn \\\nabc"[rand_r(&seed) % 27];
		text[n] = '\0';
		out = NULL;
		parse(text, &out);
		free(out);
	}
}

/* Issue 16: ids.fleet, mqtt.republish_jitter_ms, run.control_socket. */
static void
test_fleet_and_control_keys(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(parse("{}", &out), 0);
	free(out);
	assert_false(conf.ids.fleet.enabled);
	assert_int_equal(conf.ids.fleet.n_cameras, 0);
	assert_int_equal(conf.ids.fleet.max, 1024);
	assert_int_equal(conf.ids.fleet.block_s, 3600);
	assert_int_equal(conf.mqtt.republish_jitter_ms, 2000);
	assert_string_equal(conf.run.control_socket,
	    "/run/camguard/control.sock");
	assert_int_equal(parse("{\"ids\":{\"fleet\":{\"enabled\":true,"
	    "\"cameras\":[\"cam-a\",\"cam-b\"],\"max\":10,\"block_s\":60}},"
	    "\"mqtt\":{\"enabled\":true,\"republish_jitter_ms\":0},"
	    "\"run\":{\"control_socket\":\"\"}}", &out), 0);
	free(out);
	assert_true(conf.ids.fleet.enabled);
	assert_int_equal(conf.ids.fleet.n_cameras, 2);
	assert_string_equal(conf.ids.fleet.cameras[1], "cam-b");
	assert_true(conf_fleet_trusts(&conf, "cam-a"));
	assert_false(conf_fleet_trusts(&conf, "cam-c"));
	assert_int_equal(conf.ids.fleet.max, 10);
	assert_int_equal(conf.mqtt.republish_jitter_ms, 0);
	assert_string_equal(conf.run.control_socket, "");
	assert_error("{\"camera\":{\"id\":\"_fleet\"}}",
	    "t.json:1:17: camera.id: must not start with '_' (reserved for "
	    "topics such as R/_fleet/cmd)\n");
	assert_error("{\"ids\":{\"fleet\":{\"cameras\":[\"a/b\"]}}}",
	    "t.json:1:29: ids.fleet.cameras: must be a valid MQTT topic "
	    "level (UTF-8 without control characters, '+', '#' or '/')\n");
	assert_error("{\"ids\":{\"fleet\":{\"enabled\":true}},"
	    "\"mqtt\":{\"enabled\":true}}",
	    "t.json:1:1: ids.fleet: enabled needs cameras to trust\n");
	assert_error("{\"ids\":{\"fleet\":{\"enabled\":true,\"cameras\":"
	    "[\"a\"]}}}",
	    "t.json:1:1: ids.fleet: enabled needs mqtt.enabled\n");
	assert_error("{\"ids\":{\"fleet\":{\"max\":16385}}}",
	    "t.json:1:24: ids.fleet.max must be between 1 and 16384\n");
	assert_error("{\"mqtt\":{\"republish_jitter_ms\":-1}}",
	    "t.json:1:32: mqtt.republish_jitter_ms must be between 0 and "
	    "60000\n");
	assert_error("{\"run\":{\"control_socket\":\"run/x.sock\"}}",
	    "t.json:1:26: run.control_socket: must be an absolute path\n");
}

/* Issue 18: the siem section, its defaults and the parsed target. */
static void
test_siem_defaults_and_targets(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(parse("{}", &out), 0);
	free(out);
	assert_string_equal(conf.siem.target, "");
	assert_int_equal(conf.siem.proto, CONF_SIEM_NONE);
	assert_string_equal(conf.siem.app_name, "camguard");
	assert_int_equal(conf.siem.facility, 10);
	assert_string_equal(conf_facility_name(conf.siem.facility),
	    "authpriv");
	assert_int_equal(conf.siem.queue_max, 1024);
	assert_int_equal(parse("{\"siem\":{\"target\":\"tls://[::1]:6514\","
	    "\"ca_file\":\"/ca\",\"cert_file\":\"/c\",\"key_file\":\"/k\","
	    "\"hostname\":\"siem.example\",\"app_name\":\"cg\","
	    "\"facility\":\"local7\",\"queue_max\":5}}", &out), 0);
	free(out);
	assert_int_equal(conf.siem.proto, CONF_SIEM_TLS);
	assert_string_equal(conf.siem.host, "::1");
	assert_int_equal(conf.siem.port, 6514);
	assert_string_equal(conf.siem.tls.ca_file, "/ca");
	assert_string_equal(conf.siem.hostname, "siem.example");
	assert_int_equal(conf.siem.facility, 23);
	assert_int_equal(conf.siem.queue_max, 5);
	assert_int_equal(parse("{\"siem\":{\"target\":"
	    "\"udp://192.0.2.1:514\"}}", &out), 0);
	free(out);
	assert_int_equal(conf.siem.proto, CONF_SIEM_UDP);
	assert_string_equal(conf.siem.host, "192.0.2.1");
	assert_int_equal(conf.siem.port, 514);
	assert_int_equal(parse("{\"siem\":{\"target\":"
	    "\"tcp://192.0.2.1:1514\"}}", &out), 0);
	free(out);
	assert_int_equal(conf.siem.proto, CONF_SIEM_TCP);
}

static void
test_siem_errors(void **state)
{
	(void)state;
	assert_error("{\"siem\":{\"target\":\"syslog.example:514\"}}",
	    "t.json:1:19: siem.target: must be tcp://, tls:// or udp:// and "
	    "IPv4:PORT or [IPv6]:PORT with a literal address (names are not "
	    "resolved)\n");
	assert_error("{\"siem\":{\"target\":\"tcp://siem.example:514\"}}",
	    "t.json:1:19: siem.target: must be tcp://, tls:// or udp:// and "
	    "IPv4:PORT or [IPv6]:PORT with a literal address (names are not "
	    "resolved)\n");
	assert_error("{\"siem\":{\"target\":\"tls://127.0.0.1:6514\"}}",
	    "t.json:1:9: siem: a tls:// target needs ca_file (the "
	    "collector's certificate is always verified)\n");
	assert_error("{\"siem\":{\"target\":\"tcp://127.0.0.1:514\","
	    "\"ca_file\":\"/ca\"}}",
	    "t.json:1:9: siem: ca_file, cert_file, key_file and hostname "
	    "need a tls:// target\n");
	assert_error("{\"siem\":{\"target\":\"tls://127.0.0.1:6514\","
	    "\"ca_file\":\"/ca\",\"key_file\":\"/k\"}}",
	    "t.json:1:9: siem: cert_file and key_file go together\n");
	assert_error("{\"siem\":{\"facility\":\"local8\"}}",
	    "t.json:1:21: siem.facility: must be a syslog facility: kern, "
	    "user, daemon, auth, authpriv, local0 to local7... "
	    "(camguard.json(5))\n");
	assert_error("{\"siem\":{\"app_name\":\"cam guard\"}}",
	    "t.json:1:21: siem.app_name: must not hold blanks or control "
	    "characters\n");
	assert_error("{\"siem\":{\"app_name\":\"aaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaa\"}}",
	    "t.json:1:21: siem.app_name: longer than 48 bytes (RFC 5424 "
	    "APP-NAME)\n");
	assert_error("{\"siem\":{\"queue_max\":0}}",
	    "t.json:1:22: siem.queue_max must be between 1 and 65536\n");
	assert_error("{\"siem\":{\"ca_file\":\"ca.pem\"}}",
	    "t.json:1:20: siem.ca_file: must be an absolute path\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_object_gives_every_default),
		cmocka_unit_test(test_full_file_sets_every_section),
		cmocka_unit_test(test_escaped_strings_are_decoded),
		cmocka_unit_test(test_utf8_camera_ids_and_narrow_allow_lists_are_taken),
		cmocka_unit_test(test_each_malformed_file_gives_its_exact_error),
		cmocka_unit_test(test_all_errors_of_a_file_are_reported),
		cmocka_unit_test(test_error_count_is_capped),
		cmocka_unit_test(test_deep_nesting_is_refused),
		cmocka_unit_test(test_too_many_values_are_refused),
		cmocka_unit_test(test_huge_file_is_refused_before_parsing),
		cmocka_unit_test(test_missing_file_names_the_path),
		cmocka_unit_test(test_random_bytes_never_crash),
		cmocka_unit_test(test_fleet_and_control_keys),
		cmocka_unit_test(test_siem_defaults_and_targets),
		cmocka_unit_test(test_siem_errors),
	};

	conf_set_check_ids(chk_id_known);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
