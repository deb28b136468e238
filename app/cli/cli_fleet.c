/*
 * cli_fleet.c - `camguard fleet`: the fleet view of a central site (spec
 * section 7.4).
 *
 * Subscribes to R/+/hardening/summary, R/+/camguard/status and
 * R/+/notify/ids_alarm, collects the retained state until the broker has
 * been quiet for FLEET_SETTLE_MS (at most FLEET_SETTLE_MAX_MS), and
 * prints one row per camera: a table, or JSON for scripts.  --watch
 * keeps the subscription and redraws on change until SIGINT (the screen
 * is cleared only on a terminal).  A command-line tool, not the daemon:
 * it may resolve the broker's name and block on the connection, and it
 * drives libmosquitto in rounds through the relay (mqtt/mqtt_client.h:
 * TLS by mbedTLS, incoming packets bounded; no thread).  Payloads are
 * read by fleet_parse.c; malformed ones are counted and skipped.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <sys/random.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mosquitto.h>

#include "cli/cli.h"
#include "core/conf.h"
#include "core/exitcode.h"
#include "core/json_write.h"
#include "core/readfile.h"
#include "cli/cli_fleet.h"
#include "mqtt/fleet.h"
#include "mqtt/mqtt_client.h"

#define FLEET_SETTLE_MS		500	/* quiet so long: complete */
#define FLEET_SETTLE_MAX_MS	3000	/* but never wait longer */
/* No answer to the republish request for so long: every camera has. */
#define FLEET_ANSWER_QUIET_MS	1000
/*
 * No camera answered yet: wait so long at least (RabbitMQ took 3.5 s to
 * carry a request to 1000 agents and their answers back on a loaded
 * machine); agents that do not answer republish within their jitter.
 */
#define FLEET_FIRST_ANSWER_MS	5000
/*
 * The view reads at QoS 0: it acknowledges nothing, so a broker that
 * holds back QoS 1 deliveries until the last ones are acknowledged
 * (RabbitMQ: mqtt.prefetch, 10) does not make thousands of messages cost
 * hundreds of round trips (1000 agents: the first answer came 3 s after
 * the request at QoS 1, 0.6 s at QoS 0).  On its one TCP connection
 * nothing is lost the QoS would have saved: a dropped connection ends
 * the view with an error.
 */
#define FLEET_SUB_QOS		0
/* An agent republishes at most every 10 s (a request waits that long). */
#define FLEET_REPUBLISH_WAIT_MS	10000
#define FLEET_CONNECT_MS	5000	/* CONNACK and SUBACK */
#define FLEET_REDRAW_MS		200	/* --watch: coalesce bursts */

static const char usage[] =
"usage: camguard fleet [-c CONF] [--broker mqtt://HOST:PORT] "
"[--format table|json] [--watch]\n"
"\n"
"Show every camera that publishes to the broker: online or offline,\n"
"hardening score, failed critical and high checks, firmware, last alarm.\n"
"\n"
"  -c, --config FILE   camguard.json: topic_root, TLS, username and\n"
"                      password_file of its mqtt section\n"
"  --broker URL        mqtt://HOST:PORT or mqtts://HOST:PORT (default: the\n"
"                      host and port of the mqtt section)\n"
"  --format FMT        table (default) or json\n"
"  --watch             keep watching; redraw on change until Ctrl-C\n"
"\n"
"camguard fleet --listen ADDR:PORT serves the fleet over HTTP instead: a\n"
"page, JSON and Prometheus metrics (camguard fleet --listen --help).\n";

struct fleet {
	struct conf		 conf;
	char			 host[256];
	int			 port;
	bool			 tls, json, watch;
	struct fleet_cam	*cams;
	size_t			 n;
	uint64_t		 malformed, full, displaced;
	bool			 ready, failed;
	uint64_t		 last_msg_ms;
	bool			 dirty;
	char			 id[CMD_ID_MAX];	/* republish request */
	bool			 exact_asked;	/* topics by name asked */
	size_t			 n_answered;
	uint64_t		 last_answer_ms;
	uint64_t		 asked_ms;	/* the republish request went */
	struct mqtt_client	*cl;
};

static volatile sig_atomic_t fleet_stop;

static void
on_sigint(int signo)
{
	(void)signo;
	fleet_stop = 1;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int
parse_args(struct fleet *f, int argc, char **argv, const char **cpath,
    const char **broker)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "broker", required_argument, NULL, 'b' },
		{ "format", required_argument, NULL, 'f' },
		{ "watch", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		if (ch == 'c')
			*cpath = optarg;
		else if (ch == 'b')
			*broker = optarg;
		else if (ch == 'f' && (!strcmp(optarg, "json") ||
		    !strcmp(optarg, "table")))
			f->json = optarg[0] == 'j';
		else if (ch == 'w')
			f->watch = true;
		else if (ch == 'h') {
			fputs(usage, stdout);
			return EXIT_OK;
		} else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	return -1;
}

static struct fleet_cam *
cam_find(struct fleet *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->cams[i].id, id) == 0)
			return &f->cams[i];
	return NULL;
}

/*
 * Room for a new camera.  A full table makes room for a camera whose
 * status arrives (an agent publishes one, with its Last Will) by letting
 * go of one it only has other payloads of: fake summaries or alarms of
 * unknown ids, however many, cannot keep real agents out.
 */
static struct fleet_cam *
cam_slot(struct fleet *f, enum fleet_kind kind)
{
	size_t i;

	if (f->n < FLEET_CAMERAS_MAX)
		return &f->cams[f->n++];
	if (kind == FLEET_STATUS) {
		for (i = f->n; i-- > 0;) {
			if (f->cams[i].state == FLEET_UNKNOWN) {
				f->displaced++;
				return &f->cams[i];
			}
		}
	}
	f->full++;
	return NULL;
}

/*
 * A camera that answered the view's republish request is online now and
 * its status and summary are on their way: the view waits for them.
 */
static void
answered(struct fleet *f, struct fleet_cam *c, struct fleet_cam *tmp,
    const struct mosquitto_message *m)
{
	struct fleet_result r;

	if (fleet_result_read(m->payload, (size_t)m->payloadlen, &r) < 0 ||
	    strcmp(r.id, f->id) != 0)
		return;
	/* an answer comes from a live agent: it counts as a status */
	if (!c && !(c = cam_slot(f, FLEET_STATUS)))
		return;
	*c = *tmp;
	if (!c->answered)
		f->n_answered++;
	c->answered = true;
	f->last_answer_ms = now_ms();
}

/* A camera is listed once one of its messages was good. */
static void
on_message(struct mosquitto *mosq, void *arg,
    const struct mosquitto_message *m)
{
	struct fleet *f = arg;
	struct fleet_cam tmp = { .state = FLEET_UNKNOWN }, *c;
	enum fleet_kind kind;
	int rc;

	(void)mosq;
	f->last_msg_ms = now_ms();
	if (fleet_topic(f->conf.mqtt.topic_root, m->topic, strlen(m->topic),
	    tmp.id, sizeof(tmp.id), &kind) < 0 || m->payloadlen < 0) {
		f->malformed++;
		return;
	}
	if ((c = cam_find(f, tmp.id)))
		tmp = *c;
	if (kind == FLEET_RESULT) {
		answered(f, c, &tmp, m);
		return;
	}
	rc = fleet_apply(&tmp, kind, m->payload, (size_t)m->payloadlen);
	if (rc < 0)
		f->malformed++;
	if (rc != 0)
		return;
	if (!c && !(c = cam_slot(f, kind)))
		return;
	*c = tmp;
	f->dirty = true;
}

static void
on_connect(struct mosquitto *mosq, void *arg, int rc)
{
	static const char *const sfx[] = { "hardening/summary",
		"camguard/status", "notify/ids_alarm", "cmd/result" };
	struct fleet *f = arg;
	char t[MQTT_TOPIC_MAX];
	size_t i;

	if (rc != 0) {
		fprintf(stderr, "camguard fleet: %s\n",
		    mosquitto_connack_string(rc));
		f->failed = true;
		return;
	}
	for (i = 0; i < 4; i++) {
		snprintf(t, sizeof(t), "%s/+/%s", f->conf.mqtt.topic_root,
		    sfx[i]);
		mosquitto_subscribe(mosq, NULL, t, FLEET_SUB_QOS);
	}
	/* brokers that give wildcards no retained message, or keep none */
	cli_fleet_ask_republish(mosq, f->conf.mqtt.topic_root, f->id);
	f->asked_ms = now_ms();
}

static void
on_subscribe(struct mosquitto *mosq, void *arg, int mid, int n,
    const int *qos)
{
	struct fleet *f = arg;

	(void)mosq;
	(void)mid;
	(void)n;
	(void)qos;
	/* the first: quiet counts from here.  Not those asked by name
	 * later, or their SUBACKs would make the answers wait anew */
	if (f->ready)
		return;
	f->ready = true;
	f->last_msg_ms = f->last_answer_ms = now_ms();
}

/* ---- output ----------------------------------------------------------- */

/* Printable ASCII only on a terminal: anything else from the broker '?'. */
static void
put_safe(FILE *out, const char *s, int width)
{
	int n = 0;

	for (; *s && n < 40; s++, n++)
		fputc(*s >= 0x20 && *s < 0x7f ? *s : '?', out);
	for (; n < width; n++)
		fputc(' ', out);
}

static const char *
state_name(enum fleet_state s)
{
	return s == FLEET_ONLINE ? "online" : s == FLEET_OFFLINE ? "offline" :
	    "unknown";
}

static void
print_row(FILE *out, const struct fleet_cam *c, int w)
{
	char score[16] = "-", crit[16] = "-", high[16] = "-", when[32];
	struct tm tm;
	time_t t;

	if (c->has_summary) {
		if (c->score_valid)
			snprintf(score, sizeof(score), "%.1f%%",
			    c->score * 100);
		snprintf(crit, sizeof(crit), "%lld", c->fail_critical);
		snprintf(high, sizeof(high), "%lld", c->fail_high);
	}
	put_safe(out, c->id, w + 2);
	fprintf(out, "%-9s%7s %5s %5s  ", state_name(c->state), score, crit,
	    high);
	put_safe(out, c->firmware[0] ? c->firmware : "-", 18);
	if (!c->has_alarm) {
		fputs("-\n", out);
		return;
	}
	t = (time_t)c->alarm_time;
	if (!gmtime_r(&t, &tm) ||
	    !strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(when, sizeof(when), "%lld", c->alarm_time);
	put_safe(out, c->alarm_ip, 0);
	fprintf(out, " %s\n", when);
}

static void
print_table(FILE *out, const struct fleet *f)
{
	size_t i;
	int w = 6;

	for (i = 0; i < f->n; i++)
		if ((int)strlen(f->cams[i].id) > w)
			w = strlen(f->cams[i].id) > 40 ? 40 :
			    (int)strlen(f->cams[i].id);
	put_safe(out, "CAMERA", w + 2);
	fprintf(out, "%-9s%7s %5s %5s  %-18sLAST ALARM\n", "STATE", "SCORE",
	    "CRIT", "HIGH", "FIRMWARE");
	for (i = 0; i < f->n; i++)
		print_row(out, &f->cams[i], w);
}

static void
json_cam(struct jw *jw, const struct fleet_cam *c)
{
	jw_obj_begin(jw, NULL);
	jw_str(jw, "camera", c->id);
	jw_str(jw, "state", state_name(c->state));
	if (c->has_summary && c->score_valid)
		jw_double(jw, "score", c->score, 4);
	else
		jw_null(jw, "score");
	if (c->has_summary) {
		jw_int(jw, "fail_critical", c->fail_critical);
		jw_int(jw, "fail_high", c->fail_high);
		jw_str(jw, "firmware", c->firmware);
	} else {
		jw_null(jw, "fail_critical");
		jw_null(jw, "fail_high");
		jw_null(jw, "firmware");
	}
	if (c->has_alarm) {
		jw_obj_begin(jw, "last_alarm");
		jw_str(jw, "ip", c->alarm_ip);
		jw_int(jw, "time", c->alarm_time);
		jw_obj_end(jw);
	} else {
		jw_null(jw, "last_alarm");
	}
	jw_obj_end(jw);
}

/* One line of JSON: an array of cameras, written one object at a time. */
static void
print_json(FILE *out, const struct fleet *f)
{
	char buf[2048];
	struct jw jw;
	size_t i;

	fputc('[', out);
	for (i = 0; i < f->n; i++) {
		jw_init(&jw, buf, sizeof(buf));
		json_cam(&jw, &f->cams[i]);
		if (jw_finish(&jw) > 0)
			fprintf(out, "%s%s", i ? "," : "", buf);
	}
	fputs("]\n", out);
}

static int
cam_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fleet_cam *)a)->id,
	    ((const struct fleet_cam *)b)->id);
}

static void
print_all(struct fleet *f)
{
	qsort(f->cams, f->n, sizeof(f->cams[0]), cam_cmp);
	if (f->watch && !f->json && isatty(STDOUT_FILENO))
		fputs("\033[H\033[2J", stdout);
	if (f->json)
		print_json(stdout, f);
	else
		print_table(stdout, f);
	fflush(stdout);
	if (f->malformed || f->full || f->displaced)
		fprintf(stderr, "camguard fleet: %llu malformed messages "
		    "skipped, %llu cameras beyond %d, %llu without a status "
		    "made room for one with\n",
		    (unsigned long long)f->malformed,
		    (unsigned long long)f->full, FLEET_CAMERAS_MAX,
		    (unsigned long long)f->displaced);
	f->dirty = false;
}

/* ---- the session ------------------------------------------------------ */

static int
setup(struct mosquitto *mosq, struct fleet *f)
{
	mosquitto_connect_callback_set(mosq, on_connect);
	mosquitto_subscribe_callback_set(mosq, on_subscribe);
	mosquitto_message_callback_set(mosq, on_message);
	return cli_broker_auth(mosq, &f->conf);
}

/* Every camera that answered has its status and summary. */
static bool
complete(const struct fleet *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->cams[i].answered && (f->cams[i].state == FLEET_UNKNOWN ||
		    !f->cams[i].has_summary))
			return false;
	return true;
}

/*
 * Cameras that answered but whose status or summary did not come (a
 * broker that gives retained messages to exact subscriptions only):
 * their topics by name.  A broker that keeps none, or a cluster node
 * that holds none of theirs, still gets them from the republish.
 */
static void
exact(struct mosquitto *mosq, struct fleet *f)
{
	char t[MQTT_TOPIC_MAX];
	size_t i;

	f->exact_asked = true;
	for (i = 0; i < f->n; i++) {
		if (!f->cams[i].answered || (f->cams[i].state !=
		    FLEET_UNKNOWN && f->cams[i].has_summary))
			continue;
		snprintf(t, sizeof(t), "%s/%s/camguard/status",
		    f->conf.mqtt.topic_root, f->cams[i].id);
		mosquitto_subscribe(mosq, NULL, t, FLEET_SUB_QOS);
		snprintf(t, sizeof(t), "%s/%s/hardening/summary",
		    f->conf.mqtt.topic_root, f->cams[i].id);
		mosquitto_subscribe(mosq, NULL, t, FLEET_SUB_QOS);
	}
	f->last_msg_ms = now_ms();
}

/*
 * The agents' jitter is over since the request and the broker has been
 * quiet for FLEET_SETTLE_MS: an agent answers as it gets the request and
 * republishes within its jitter, so every agent the request reached in
 * time has answered and republished, and what still comes would keep
 * the broker busy.  Never before the jitter: a broker that keeps no
 * retained message gives the state only then.
 */
static bool
jitter_over(const struct fleet *f, uint64_t now)
{
	return f->n_answered && f->asked_ms &&
	    now - f->asked_ms >= (uint64_t)f->conf.mqtt.republish_jitter_ms &&
	    now - f->last_msg_ms >= FLEET_SETTLE_MS;
}

/*
 * Until the state has arrived: quiet for FLEET_SETTLE_MS with every
 * camera that answered complete, or the agents' republish window
 * (jitter, at most one republish per 10 s) is over.
 */
static int
settle(struct mosquitto *mosq, struct fleet *f)
{
	uint64_t start = now_ms(), now, max, first_ms;
	int rc;

	max = (uint64_t)f->conf.mqtt.republish_jitter_ms +
	    FLEET_REPUBLISH_WAIT_MS + FLEET_SETTLE_MAX_MS;
	first_ms = (uint64_t)f->conf.mqtt.republish_jitter_ms +
	    FLEET_SETTLE_MS;
	if (first_ms < FLEET_FIRST_ANSWER_MS)
		first_ms = FLEET_FIRST_ANSWER_MS;
	while (!fleet_stop && !f->failed) {
		rc = mqtt_client_loop(f->cl, 100);
		now = now_ms();
		if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_ERRNO) {
			fprintf(stderr, "camguard fleet: %s:%d: %s\n", f->host,
			    f->port, mqtt_client_error(f->cl) ?
			    mqtt_client_error(f->cl) : mosquitto_strerror(rc));
			return -1;
		}
		if (!f->ready && now - start > FLEET_CONNECT_MS) {
			fprintf(stderr, "camguard fleet: %s:%d: no answer\n",
			    f->host, f->port);
			return -1;
		}
		/* the answers name the fleet; the republish that follows
		 * need not be waited out once every camera is whole.  No
		 * answer yet: a loaded fleet, or agents that do not answer,
		 * whose republish comes within their jitter */
		if (!f->ready || (f->n_answered ? now - f->last_answer_ms <
		    FLEET_ANSWER_QUIET_MS && !jitter_over(f, now) :
		    now - start < first_ms ||
		    now - f->last_msg_ms < FLEET_SETTLE_MS))
			continue;
		if (complete(f) || now - start >= max)
			return 0;
		/* the republish had its jitter to come: what is still
		 * missing (an agent that republished less than 10 s ago)
		 * is asked for by name (2000 subscriptions cost RabbitMQ
		 * seconds: not before they are needed) */
		if (!f->exact_asked && now - start >= first_ms)
			exact(mosq, f);
	}
	return f->failed ? -1 : 0;
}

/* --watch: redraw once a burst of changes is over. */
static int
watch(struct fleet *f)
{
	int rc;

	while (!fleet_stop) {
		rc = mqtt_client_loop(f->cl, 100);
		if (rc == MOSQ_ERR_NO_CONN || rc == MOSQ_ERR_CONN_LOST) {
			sleep(1);
			mqtt_client_reconnect(f->cl);
		}
		if (f->dirty && now_ms() - f->last_msg_ms >= FLEET_REDRAW_MS)
			print_all(f);
	}
	return 0;
}

static int
run(struct fleet *f)
{
	struct mosquitto *mosq;
	int rc = EXIT_NOWORK;

	mosquitto_lib_init();
	if (!(mosq = mosquitto_new(NULL, true, f))) {
		perror("camguard fleet");
		goto out;
	}
	if (setup(mosq, f) < 0)
		goto out;
	if (cli_broker_connect(&f->cl, mosq, &f->conf, f->host, f->port,
	    f->tls) < 0) {
		rc = EXIT_NOWORK;
		goto out;
	}
	rc = EXIT_NOWORK;
	if (settle(mosq, f) < 0)
		goto out;
	print_all(f);
	if (f->watch)
		watch(f);
	mosquitto_disconnect(mosq);
	rc = EXIT_OK;
out:
	mosquitto_destroy(mosq);
	mqtt_client_free(f->cl);
	mosquitto_lib_cleanup();
	return rc;
}

/*
 * `fleet [options] rescan|unblock|block|blocked ...`: the action word,
 * wherever it stands among the options, becomes argv[0] of
 * cli_fleet_act(); -1 when there is none (the view).
 */
static int
fleet_action(int argc, char **argv)
{
	static const char *const actions[] = { "rescan", "unblock", "block",
		"blocked" };
	static const char *const valued[] = { "-c", "--config", "--broker",
		"--format", "--camera", "--timeout", "--for", "--reason" };
	static char *args[64];
	int i, j, k, n = 0;

	if (argc > (int)(sizeof(args) / sizeof(args[0])))
		return -1;
	for (i = 1; i < argc; i++) {
		for (k = 0; k < (int)(sizeof(valued) / sizeof(valued[0])); k++)
			if (!strcmp(argv[i], valued[k]))
				break;
		if (k < (int)(sizeof(valued) / sizeof(valued[0]))) {
			i++;	/* its value */
			continue;
		}
		for (k = 0; k < (int)(sizeof(actions) / sizeof(actions[0]));
		    k++)
			if (!strcmp(argv[i], actions[k]))
				break;
		if (k < (int)(sizeof(actions) / sizeof(actions[0])))
			break;
		if (argv[i][0] != '-')
			return -1;	/* a word the view refuses */
	}
	if (i >= argc)
		return -1;
	args[n++] = argv[i];
	for (j = 1; j < argc; j++)
		if (j != i)
			args[n++] = argv[j];
	return cli_fleet_act(n, args);
}

int
cli_fleet(int argc, char **argv)
{
	static struct fleet f;
	const char *cpath = NULL, *broker = NULL;
	struct sigaction sa = { .sa_handler = on_sigint };
	int rc;

	if (cli_fleet_serve_wanted(argc, argv))	/* the fleet server */
		return cli_fleet_serve(argc, argv);
	if ((rc = fleet_action(argc, argv)) >= 0)
		return rc;
	conf_defaults(&f.conf);
	if ((rc = parse_args(&f, argc, argv, &cpath, &broker)) >= 0)
		return rc;
	if (cpath && conf_load(&f.conf, cpath, stderr) < 0)
		return EXIT_CONFIG;
	snprintf(f.host, sizeof(f.host), "%s", f.conf.mqtt.host);
	f.port = (int)f.conf.mqtt.port;
	if (broker && cli_broker_parse(broker, f.host, sizeof(f.host), &f.port,
	    &f.tls) < 0) {
		fprintf(stderr, "camguard fleet: bad broker URL: %s\n", broker);
		return EXIT_USAGE;
	}
	cli_fleet_request_id(f.id, sizeof(f.id), "view");
	if (!(f.cams = calloc(FLEET_CAMERAS_MAX, sizeof(*f.cams)))) {
		perror("camguard fleet");
		return EXIT_NOWORK;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = run(&f);
	free(f.cams);
	return rc;
}
