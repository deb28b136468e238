/*
 * cli_fleet_serve.c - `camguard fleet --listen ADDR:PORT`: the command
 * line of the fleet server (fleet/fleet_server.h).  `camguard fleet`
 * hands over here when --listen is among its arguments.
 *
 * Reads camguard.json (-c: the mqtt section for the broker, topic root,
 * TLS and credentials; the status section for token_file and the TLS
 * certificate and key of the listener), takes --broker mqtt[s]://HOST:PORT
 * (a numeric host: the server never blocks on a name lookup) and
 * --expect FILE, logs to stderr, and runs the server in the foreground.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/conf.h"
#include "core/exitcode.h"
#include "core/log.h"
#include "fleet/fleet_server.h"

/* The CA bundle for mqtts:// when the configuration names none. */
#define FLEET_SYSTEM_CA		"/etc/ssl/certs/ca-certificates.crt"

static const char usage[] =
"usage: camguard fleet --listen ADDR:PORT [-c CONF] [--broker URL]\n"
"                      [--expect FILE] [-v]\n"
"\n"
"Serve the fleet over HTTP: the fleet page at /, the same as JSON at\n"
"/fleet, one Prometheus endpoint for every camera at /metrics, /livez.\n"
"\n"
"  --listen ADDR:PORT  numeric address and port to listen on\n"
"  -c, --config FILE   camguard.json: its mqtt section (broker, topic_root,\n"
"                      TLS, username, password_file) and status section\n"
"                      (token_file, tls.cert_file and tls.key_file)\n"
"  --broker URL        mqtt://HOST:PORT or mqtts://HOST:PORT, HOST numeric\n"
"                      (default: the mqtt section's host and port)\n"
"  --expect FILE       camera ids that should report, one a line; the\n"
"                      ones never seen count as missing (SIGHUP re-reads)\n"
"  -v                  more log lines\n";

bool
cli_fleet_serve_wanted(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--listen") == 0 ||
		    strncmp(argv[i], "--listen=", 9) == 0)
			return true;
	return false;
}

/* mqtt://HOST:PORT or mqtts://HOST:PORT, [v6] in brackets, port optional. */
static int
broker_url(struct conf *c, const char *url)
{
	const char *h, *end;
	char *pend;
	size_t hl;
	long port = 1883;

	if (strncmp(url, "mqtt://", 7) == 0)
		h = url + 7;
	else if (strncmp(url, "mqtts://", 8) == 0) {
		h = url + 8;
		port = 8883;
		if (!c->mqtt.tls.ca_file[0])
			snprintf(c->mqtt.tls.ca_file,
			    sizeof(c->mqtt.tls.ca_file), "%s", FLEET_SYSTEM_CA);
	} else
		return -1;
	if (*h == '[') {
		if (!(end = strchr(++h, ']')))
			return -1;
		hl = (size_t)(end - h);
		end++;
	} else {
		end = strchr(h, ':');
		hl = end ? (size_t)(end - h) : strlen(h);
		end = h + hl;
	}
	if (hl == 0 || hl >= sizeof(c->mqtt.host))
		return -1;
	if (*end == ':') {
		port = strtol(end + 1, &pend, 10);
		if (*pend || port < 1 || port > 65535)
			return -1;
	} else if (*end)
		return -1;
	memcpy(c->mqtt.host, h, hl);
	c->mqtt.host[hl] = '\0';
	c->mqtt.port = port;
	return 0;
}

int
cli_fleet_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "broker", required_argument, NULL, 'b' },
		{ "listen", required_argument, NULL, 'l' },
		{ "expect", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct conf conf;
	struct fleet_server_opts o = { &conf, NULL, NULL };
	const char *cpath = NULL, *broker = NULL;
	int ch, verbose = 0;

	if (cli_wants_help(argc, argv, usage))	/* also after a bare --listen */
		return EXIT_OK;
	conf_defaults(&conf);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:hv", opts, NULL)) != -1) {
		if (ch == 'c')
			cpath = optarg;
		else if (ch == 'b')
			broker = optarg;
		else if (ch == 'l')
			o.listen = optarg;
		else if (ch == 'e')
			o.expect_file = optarg;
		else if (ch == 'v')
			verbose++;
		else if (ch == 'h') {
			fputs(usage, stdout);
			return EXIT_OK;
		} else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || !o.listen) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (cpath && conf_load(&conf, cpath, stderr) < 0)
		return EXIT_CONFIG;
	if (broker && broker_url(&conf, broker) < 0) {
		fprintf(stderr, "camguard fleet: bad broker URL: %s (want "
		    "mqtt://HOST:PORT or mqtts://HOST:PORT)\n", broker);
		return EXIT_USAGE;
	}
	log_init(1, verbose, "camguard");
	return fleet_server_run(&o) < 0 ? EXIT_NOWORK : EXIT_OK;
}
