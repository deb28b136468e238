/*
 * cli_fleet_act.c - `camguard fleet rescan|unblock ADDR|block ADDR
 * [--camera ID ...|--all]` and `camguard fleet blocked`: act on the
 * cameras of a broker and wait for their answers.
 *
 * First the fleet is learned as the view learns it (status topics, a
 * republish request, then the camera's own topics by name where a broker
 * gave nothing).  A command goes to each named camera (R/C/cmd/...), or
 * with --all (the default for rescan and unblock) to R/_fleet/cmd/... and
 * is expected from every camera online; block --all goes to each online
 * camera by name (no camera takes a fleet-wide block).  The answers
 * (R/+/cmd/result with this run's request id) are awaited until
 * --timeout; the exit is 0 only when every expected camera said ok, and
 * every camera that refused or did not answer is named.  `blocked` lists
 * every blocked source with the cameras that block it and why (their own
 * detection, an operator's reason, a shared block's origin).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mosquitto.h>

#include "cli/cli.h"
#include "cli/cli_fleet.h"
#include "core/conf.h"
#include "core/exitcode.h"
#include "core/json_write.h"
#include "mqtt/fleet.h"
#include "mqtt/mqtt_client.h"

#define ACT_SETTLE_MS		500	/* quiet so long: the fleet is known */
#define ACT_SETTLE_MAX_MS	3000	/* beyond the agents' jitter */
#define ACT_REPUBLISH_WAIT_MS	10000	/* an agent republishes so seldom */
#define ACT_ANSWER_QUIET_MS	1000	/* no more answers: all are in */
#define ACT_FIRST_ANSWER_MS	5000	/* none yet: wait at least so long */
#define ACT_CONNECT_MS		5000
#define ACT_TIMEOUT_S		10	/* --timeout: answers within */
#define ACT_NAMED_MAX		256	/* --camera given */
#define ACT_RECORDS_MAX		16384	/* (camera, blocked source) pairs */

static const char usage[] =
"usage: camguard fleet rescan [--camera ID ...|--all] [options]\n"
"       camguard fleet unblock ADDR[/P] [--camera ID ...|--all] [options]\n"
"       camguard fleet block ADDR[/P] (--camera ID ...|--all) [--for S]\n"
"                            [--reason TEXT] [options]\n"
"       camguard fleet blocked [--format table|json] [options]\n"
"options: [-c CONF] [--broker mqtt://HOST:PORT] [--timeout S]\n"
"\n"
"Act on the cameras of a broker and wait for each one's answer; exit 2\n"
"naming every camera that refused or did not answer.  --all (the default\n"
"for rescan and unblock) means every camera online.  `blocked` lists\n"
"every blocked source with the cameras that block it and why.\n";

struct act_cam {
	char		id[CONF_STR_MAX];
	enum fleet_state state;
	bool		has_list;	/* its ids/blocked came */
	bool		pinged;		/* answered the republish request */
	bool		expected, answered, ok;
	char		error[CMD_ERROR_MAX];
};

struct act_rec {
	size_t				cam;	/* index in cams */
	const char			*cam_id;	/* cams[cam].id */
	struct fleet_blocked_entry	e;
};

struct act {
	struct conf	 conf;
	char		 host[256];
	int		 port;
	bool		 tls, all, json;
	const char	*verb, *addr, *reason;
	long long	 for_s, timeout_s;
	size_t		 n_named;
	const char	*named[ACT_NAMED_MAX];
	char		 id[CMD_ID_MAX];	/* of the command */
	char		 ping[CMD_ID_MAX];	/* of the republish request */
	size_t		 n_pinged;
	uint64_t	 last_ping_ms;
	bool		 exact_asked;
	struct act_cam	*cams;
	size_t		 n_cams;
	struct act_rec	*recs;
	size_t		 n_recs, lost;
	bool		 ready, failed, blocked_mode;
	uint64_t	 last_msg_ms;
	struct fleet_blocked fb;	/* scratch for one list */
	struct mqtt_client *cl;
};

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- arguments -------------------------------------------------------- */

static int
parse_args(struct act *a, int argc, char **argv, const char **cpath,
    const char **broker)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "broker", required_argument, NULL, 'b' },
		{ "camera", required_argument, NULL, 'C' },
		{ "all", no_argument, NULL, 'a' },
		{ "for", required_argument, NULL, 'f' },
		{ "reason", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		if (ch == 'c')
			*cpath = optarg;
		else if (ch == 'b')
			*broker = optarg;
		else if (ch == 'C' && a->n_named < ACT_NAMED_MAX &&
		    conf_topic_level_ok(optarg, strlen(optarg)))
			a->named[a->n_named++] = optarg;
		else if (ch == 'a')
			a->all = true;
		else if (ch == 'f' && (a->for_s = strtoll(optarg, &end, 10)) >
		    0 && !*end)
			continue;
		else if (ch == 'r')
			a->reason = optarg;
		else if (ch == 't' && (a->timeout_s = strtoll(optarg, &end,
		    10)) > 0 && !*end && a->timeout_s <= 3600)
			continue;
		else if (ch == 'F' && (!strcmp(optarg, "json") ||
		    !strcmp(optarg, "table")))
			a->json = optarg[0] == 'j';
		else if (ch == 'h') {
			fputs(usage, stdout);
			return EXIT_OK;
		} else
			goto bad;
	}
	a->verb = argv[0];
	a->blocked_mode = !strcmp(a->verb, "blocked");
	if (optind < argc && (!strcmp(a->verb, "block") ||
	    !strcmp(a->verb, "unblock")))
		a->addr = argv[optind++];
	if (optind != argc || (a->all && a->n_named) ||
	    ((!strcmp(a->verb, "block") || !strcmp(a->verb, "unblock")) &&
	    !a->addr) || (!strcmp(a->verb, "block") && !a->all &&
	    !a->n_named) || ((a->for_s || a->reason) &&
	    strcmp(a->verb, "block")) || (a->blocked_mode && (a->all ||
	    a->n_named)) || (a->json && !a->blocked_mode))
		goto bad;
	if (!a->n_named)
		a->all = true;
	return -1;
bad:
	fputs(usage, stderr);
	return EXIT_USAGE;
}

/* ---- what comes in ---------------------------------------------------- */

static struct act_cam *
cam_get(struct act *a, const char *id, bool add)
{
	size_t i;

	for (i = 0; i < a->n_cams; i++)
		if (!strcmp(a->cams[i].id, id))
			return &a->cams[i];
	if (!add || a->n_cams == FLEET_CAMERAS_MAX)
		return NULL;
	memset(&a->cams[a->n_cams], 0, sizeof(a->cams[0]));
	snprintf(a->cams[a->n_cams].id, CONF_STR_MAX, "%s", id);
	return &a->cams[a->n_cams++];
}

/* A camera's list replaces what it said before. */
static void
take_list(struct act *a, struct act_cam *c, const char *p, size_t len)
{
	size_t ci = (size_t)(c - a->cams), i, j = 0;
	const char *why;

	if (fleet_blocked_read(p, len, &a->fb, &why) < 0)
		return;
	for (i = 0; i < a->n_recs; i++)
		if (a->recs[i].cam != ci)
			a->recs[j++] = a->recs[i];
	a->n_recs = j;
	for (i = 0; i < a->fb.n; i++) {
		if (a->n_recs == ACT_RECORDS_MAX) {
			a->lost++;
			continue;
		}
		a->recs[a->n_recs].cam = ci;
		a->recs[a->n_recs].cam_id = c->id;
		a->recs[a->n_recs++].e = a->fb.e[i];
	}
	a->lost += a->fb.count - a->fb.n;	/* beyond the first 100 */
	c->has_list = true;
}

static void
take_result(struct act *a, struct act_cam *c, const char *p, size_t len)
{
	struct fleet_result r;

	if (fleet_result_read(p, len, &r) < 0)
		return;
	if (!strcmp(r.id, a->ping)) {
		if (!c->pinged)
			a->n_pinged++;
		c->pinged = true;	/* online: it answered just now */
		a->last_ping_ms = now_ms();
		return;
	}
	if (strcmp(r.id, a->id) != 0)
		return;
	c->answered = true;
	c->ok = r.ok;
	snprintf(c->error, sizeof(c->error), "%s", r.error);
}

static void
on_message(struct mosquitto *mosq, void *arg,
    const struct mosquitto_message *m)
{
	struct act *a = arg;
	char id[CONF_STR_MAX];
	struct fleet_cam row = { .state = FLEET_UNKNOWN };
	enum fleet_kind kind;
	struct act_cam *c;

	(void)mosq;
	a->last_msg_ms = now_ms();
	if (m->payloadlen < 0 || fleet_topic(a->conf.mqtt.topic_root,
	    m->topic, strlen(m->topic), id, sizeof(id), &kind) < 0 ||
	    !(c = cam_get(a, id, true)))
		return;
	if (kind == FLEET_STATUS && fleet_apply(&row, kind, m->payload,
	    (size_t)m->payloadlen) == 0)
		c->state = row.state;
	else if (kind == FLEET_BLOCKED)
		take_list(a, c, m->payload, (size_t)m->payloadlen);
	else if (kind == FLEET_RESULT)
		take_result(a, c, m->payload, (size_t)m->payloadlen);
}

static void
subscribe(struct mosquitto *mosq, struct act *a, const char *cam,
    const char *suffix)
{
	char t[MQTT_TOPIC_MAX];

	snprintf(t, sizeof(t), "%s/%s/%s", a->conf.mqtt.topic_root, cam,
	    suffix);
	mosquitto_subscribe(mosq, NULL, t, 1);
}

static void
on_connect(struct mosquitto *mosq, void *arg, int rc)
{
	struct act *a = arg;
	size_t i;

	if (rc != 0) {
		fprintf(stderr, "camguard fleet %s: %s\n", a->verb,
		    mosquitto_connack_string(rc));
		a->failed = true;
		return;
	}
	subscribe(mosq, a, "+", "cmd/result");
	subscribe(mosq, a, "+", "camguard/status");
	if (a->blocked_mode)
		subscribe(mosq, a, "+", "ids/blocked");
	for (i = 0; i < a->n_named; i++)
		subscribe(mosq, a, a->named[i], "camguard/status");
	/* the answers name the cameras online, on any broker */
	cli_fleet_ask_republish(mosq, a->conf.mqtt.topic_root, a->ping);
}

static void
on_subscribe(struct mosquitto *mosq, void *arg, int mid, int n,
    const int *qos)
{
	struct act *a = arg;

	(void)mosq;
	(void)mid;
	(void)n;
	(void)qos;
	a->ready = true;
	a->last_msg_ms = a->last_ping_ms = now_ms();	/* quiet from here */
}

/* ---- waiting ---------------------------------------------------------- */

/* blocked: every camera online has sent its list. */
static bool
lists_complete(const struct act *a)
{
	size_t i;

	for (i = 0; i < a->n_cams; i++)
		if (a->cams[i].pinged && !a->cams[i].has_list)
			return false;
	return true;
}

/* Lists that did not come (exact-topic retained brokers): by name. */
static void
lists_by_name(struct mosquitto *mosq, struct act *a)
{
	size_t i;

	a->exact_asked = true;
	for (i = 0; i < a->n_cams; i++)
		if (a->cams[i].pinged && !a->cams[i].has_list)
			subscribe(mosq, a, a->cams[i].id, "ids/blocked");
	a->last_msg_ms = now_ms();
}

/*
 * Until quiet for ACT_SETTLE_MS: the answers to the republish request
 * name the cameras online.  `blocked` also waits for each one's list,
 * at most through the agents' republish window.
 */
static int
settle(struct mosquitto *mosq, struct act *a)
{
	uint64_t start = now_ms(), now, max, first_ms;
	int rc;

	max = (uint64_t)a->conf.mqtt.republish_jitter_ms +
	    ACT_REPUBLISH_WAIT_MS + ACT_SETTLE_MAX_MS;
	first_ms = (uint64_t)a->conf.mqtt.republish_jitter_ms + ACT_SETTLE_MS;
	if (first_ms < ACT_FIRST_ANSWER_MS)
		first_ms = ACT_FIRST_ANSWER_MS;
	while (!a->failed) {
		rc = mqtt_client_loop(a->cl, 100);
		now = now_ms();
		if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_ERRNO) {
			fprintf(stderr, "camguard fleet %s: %s:%d: %s\n",
			    a->verb, a->host, a->port,
			    mqtt_client_error(a->cl) ?
			    mqtt_client_error(a->cl) : mosquitto_strerror(rc));
			return -1;
		}
		if (!a->ready && now - start > ACT_CONNECT_MS) {
			fprintf(stderr, "camguard fleet %s: %s:%d: no answer\n",
			    a->verb, a->host, a->port);
			return -1;
		}
		/* the answers name the cameras online; none yet: a loaded
		 * fleet, or agents that do not answer (their status comes
		 * with the republish, within their jitter) */
		if (!a->ready || (a->n_pinged ? now - a->last_ping_ms <
		    ACT_ANSWER_QUIET_MS : now - start < first_ms ||
		    now - a->last_msg_ms < ACT_SETTLE_MS))
			continue;
		if (!a->blocked_mode || lists_complete(a) || now - start >= max)
			return 0;
		if (!a->exact_asked)
			lists_by_name(mosq, a);
	}
	return -1;
}

static bool
all_answered(const struct act *a)
{
	size_t i;

	for (i = 0; i < a->n_cams; i++)
		if (a->cams[i].expected && !a->cams[i].answered)
			return false;
	return true;
}

static int
await(struct act *a)
{
	uint64_t end = now_ms() + (uint64_t)a->timeout_s * 1000;
	int rc;

	while (!a->failed && !all_answered(a) && now_ms() < end) {
		rc = mqtt_client_loop(a->cl, 100);
		if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_ERRNO)
			return -1;
	}
	return 0;
}

/* ---- commands --------------------------------------------------------- */

static int
payload(const struct act *a, char *buf, size_t sz)
{
	struct jw jw;

	jw_init(&jw, buf, sz);
	jw_obj_begin(&jw, NULL);
	jw_str(&jw, "id", a->id);
	if (a->addr)
		jw_str(&jw, "ip", a->addr);
	if (a->for_s)
		jw_int(&jw, "for_s", a->for_s);
	if (a->reason)
		jw_str(&jw, "reason", a->reason);
	jw_obj_end(&jw);
	return jw_finish(&jw);
}

static void
send_to(struct mosquitto *mosq, struct act *a, const char *cam,
    const char *p, int len)
{
	char t[MQTT_TOPIC_MAX];

	snprintf(t, sizeof(t), "%s/%s/cmd/%s", a->conf.mqtt.topic_root, cam,
	    a->verb);
	mosquitto_publish(mosq, NULL, t, len, p, 1, false);
}

/* Who must answer, and the messages that ask them. */
static int
send_all(struct mosquitto *mosq, struct act *a)
{
	char p[CMD_JSON_MAX];
	size_t i, n = 0;
	int len = payload(a, p, sizeof(p));
	struct act_cam *c;

	if (len < 0) {
		fprintf(stderr, "camguard fleet %s: arguments too long\n",
		    a->verb);
		return -1;
	}
	for (i = 0; i < a->n_named; i++) {
		if (!(c = cam_get(a, a->named[i], true)))
			return -1;
		c->expected = true;
		send_to(mosq, a, c->id, p, len);
		n++;
	}
	for (i = 0; a->all && i < a->n_cams; i++) {
		if (!a->cams[i].pinged && a->cams[i].state != FLEET_ONLINE)
			continue;
		a->cams[i].expected = true;
		if (!strcmp(a->verb, "block"))
			send_to(mosq, a, a->cams[i].id, p, len);
		n++;
	}
	if (a->all && strcmp(a->verb, "block") != 0)
		send_to(mosq, a, "_fleet", p, len);
	if (n == 0) {
		fprintf(stderr, "camguard fleet %s: no camera is online\n",
		    a->verb);
		return -1;
	}
	return 0;
}

static int
report(const struct act *a)
{
	size_t i, bad = 0;
	const struct act_cam *c;

	for (i = 0; i < a->n_cams; i++) {
		c = &a->cams[i];
		if (!c->expected)
			continue;
		if (c->answered && c->ok) {
			printf("%-24s ok\n", c->id);
			continue;
		}
		bad++;
		if (c->answered)
			printf("%-24s refused: %s\n", c->id, c->error);
		else
			printf("%-24s no answer within %lld s\n", c->id,
			    a->timeout_s);
	}
	if (bad)
		fprintf(stderr, "camguard fleet %s: %zu camera%s refused or "
		    "did not answer\n", a->verb, bad, bad == 1 ? "" : "s");
	return bad ? EXIT_NOWORK : EXIT_OK;
}

/* ---- fleet blocked ---------------------------------------------------- */

static int
rec_cmp(const void *x, const void *y)
{
	const struct act_rec *a = x, *b = y;
	int d = memcmp(&a->e.net, &b->e.net, sizeof(a->e.net));

	return d ? d : strcmp(a->cam_id, b->cam_id);
}

static void
why(const struct fleet_blocked_entry *e, char *buf, size_t sz)
{
	if (e->origin[0])
		snprintf(buf, sz, "shared from %s", e->origin);
	else if (e->reason[0])
		snprintf(buf, sz, "operator: %s", e->reason);
	else
		snprintf(buf, sz, "its own detection or an operator");
}

static void
print_blocked_json(const struct act *a)
{
	char net[ADDR_STR_MAX], buf[1024];
	struct jw jw;
	size_t i;

	fputc('[', stdout);
	for (i = 0; i < a->n_recs; i++) {
		jw_init(&jw, buf, sizeof(buf));
		jw_obj_begin(&jw, NULL);
		jw_str(&jw, "source", addr_format(&a->recs[i].e.net, net,
		    sizeof(net)));
		jw_str(&jw, "camera", a->cams[a->recs[i].cam].id);
		if (a->recs[i].e.until)
			jw_int(&jw, "until", a->recs[i].e.until);
		else
			jw_null(&jw, "until");
		jw_str(&jw, "origin", a->recs[i].e.origin[0] ?
		    a->recs[i].e.origin : NULL);
		jw_str(&jw, "reason", a->recs[i].e.reason[0] ?
		    a->recs[i].e.reason : NULL);
		jw_obj_end(&jw);
		if (jw_finish(&jw) > 0)
			printf("%s%s", i ? "," : "", buf);
	}
	fputs("]\n", stdout);
}

/* Printable ASCII only: the broker is outside camguard's trust. */
static void
put_safe(const char *s)
{
	for (; *s; s++)
		fputc(*s >= 0x20 && *s < 0x7f ? *s : '?', stdout);
}

static int
print_blocked(struct act *a)
{
	char net[ADDR_STR_MAX], w[CONF_STR_MAX + CMD_REASON_MAX + 32];
	size_t i;

	qsort(a->recs, a->n_recs, sizeof(a->recs[0]), rec_cmp);
	if (a->json) {
		print_blocked_json(a);
		return EXIT_OK;
	}
	printf("%-26s%-24s%s\n", "SOURCE", "CAMERA", "WHY");
	for (i = 0; i < a->n_recs; i++) {
		const char *cam = a->cams[a->recs[i].cam].id;
		size_t cl = strlen(cam);

		addr_format(&a->recs[i].e.net, net, sizeof(net));
		/* a source once, its cameras below it */
		printf("%-26s", i && !memcmp(&a->recs[i].e.net,
		    &a->recs[i - 1].e.net, sizeof(a->recs[i].e.net)) ? "" :
		    net);
		put_safe(cam);
		printf("%*s", cl < 23 ? (int)(24 - cl) : 1, "");
		why(&a->recs[i].e, w, sizeof(w));
		put_safe(w);
		fputc('\n', stdout);
	}
	if (a->lost)
		fprintf(stderr, "camguard fleet blocked: %zu blocks not "
		    "listed (a camera lists its first 100)\n", a->lost);
	return EXIT_OK;
}

/* ---- the session ------------------------------------------------------ */

static int
run(struct act *a)
{
	struct mosquitto *mosq;
	int rc = EXIT_NOWORK;

	mosquitto_lib_init();
	if (!(mosq = mosquitto_new(NULL, true, a))) {
		perror("camguard fleet");
		goto out;
	}
	mosquitto_connect_callback_set(mosq, on_connect);
	mosquitto_subscribe_callback_set(mosq, on_subscribe);
	mosquitto_message_callback_set(mosq, on_message);
	if (cli_broker_auth(mosq, &a->conf) < 0 ||
	    cli_broker_connect(&a->cl, mosq, &a->conf, a->host, a->port,
	    a->tls) < 0)
		goto out;
	if (settle(mosq, a) < 0)
		goto out;
	if (a->blocked_mode) {
		rc = print_blocked(a);
	} else if (send_all(mosq, a) == 0 && await(a) == 0) {
		rc = report(a);
	}
	mosquitto_disconnect(mosq);
out:
	mosquitto_destroy(mosq);
	mqtt_client_free(a->cl);
	mosquitto_lib_cleanup();
	return rc;
}

int
cli_fleet_act(int argc, char **argv)
{
	static struct act a;
	const char *cpath = NULL, *broker = NULL;
	int rc;

	a.timeout_s = ACT_TIMEOUT_S;
	conf_defaults(&a.conf);
	if ((rc = parse_args(&a, argc, argv, &cpath, &broker)) >= 0)
		return rc;
	if (cpath && conf_load(&a.conf, cpath, stderr) < 0)
		return EXIT_CONFIG;
	snprintf(a.host, sizeof(a.host), "%s", a.conf.mqtt.host);
	a.port = (int)a.conf.mqtt.port;
	if (broker && cli_broker_parse(broker, a.host, sizeof(a.host),
	    &a.port, &a.tls) < 0) {
		fprintf(stderr, "camguard fleet: bad broker URL: %s\n", broker);
		return EXIT_USAGE;
	}
	cli_fleet_request_id(a.id, sizeof(a.id), "fleet");
	cli_fleet_request_id(a.ping, sizeof(a.ping), "ping");
	a.cams = calloc(FLEET_CAMERAS_MAX, sizeof(*a.cams));
	a.recs = a.blocked_mode ? calloc(ACT_RECORDS_MAX,
	    sizeof(*a.recs)) : NULL;
	if (!a.cams || (a.blocked_mode && !a.recs)) {
		perror("camguard fleet");
		rc = EXIT_NOWORK;
	} else {
		rc = run(&a);
	}
	free(a.cams);
	free(a.recs);
	return rc;
}
