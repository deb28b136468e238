/*
 * cg_limits.h - every size and count limit of camguard, in one place.
 *
 * State lives in fixed-capacity tables sized here; nothing grows without
 * bound at run time.  The _Static_asserts at the end keep the numbers
 * consistent with each other.
 */
#ifndef CAMGUARD_LIMITS_H
#define CAMGUARD_LIMITS_H

/* Agent configuration (camguard.json) and other JSON files we read. */
#define CONF_FILE_MAX		(256 * 1024)	/* bytes of camguard.json */
#define POLICY_FILE_MAX		(512 * 1024)	/* bytes of a policy file */
#define JSON_TOK_MAX		8192		/* jsmn tokens per document */
#define JSON_DEPTH_MAX		32		/* nesting of arrays/objects */
#define JSON_ERRORS_MAX		16		/* errors reported per file */
#define JSON_ERRMSG_MAX		160		/* one error message */
#define JSON_STR_MAX		1024		/* one string value, unescaped */
#define JSON_SHAPE_FIELDS_MAX	128		/* keys one object shape names */
#define CONF_PATH_MAX		256		/* any *_file / path value */
#define CONF_STR_MAX		128		/* short strings: ids, hosts */
#define CONF_SOURCES_MAX	8		/* ids.sources */
#define CONF_WAIVERS_MAX	64		/* checks.waivers */
#define CONF_NETS_MAX		64		/* ids.ignore, ids.allow */
#define CONF_PORTS_MAX		16		/* ids.ports */
#define WAIVER_REASON_MAX	256

/* Camera configuration (section 5 of the spec). */
#define CAMCFG_FILE_MAX		(1024 * 1024)	/* bytes of a config dump */
#define CAMCFG_LINE_MAX		4096		/* one line, newline excluded */
#define CAMCFG_ENTRIES_MAX	4096		/* KEY=value lines kept */
#define CAMCFG_NAME_MAX		64		/* section and key names */

/* Checks and the policy file. */
#define CHK_CATALOGUE_MAX	48		/* checks in the catalogue */
#define CHK_EVIDENCE_MAX	8		/* key/value pairs per verdict */
#define CHK_EVKEY_MAX		32		/* an evidence key */
#define CHK_EVVAL_MAX		96		/* an evidence value, capped */
#define POLICY_KEYS_MAX		8		/* config keys one check reads */
#define POLICY_ROLE_MAX		32
#define POLICY_KEYNAME_MAX	(2 * CAMCFG_NAME_MAX + 2) /* "section/KEY" */
#define POLICY_VALUE_MAX	64
#define POLICY_TITLE_MAX	128
#define POLICY_TEXT_MAX		512		/* rationale, remediation */
#define POLICY_LIST_MAX		32		/* floors, eol models, defaults */
/*
 * The checks' own texts and keys are kept packed, each in one array of
 * struct policy (policy.c), so that a policy holds the bytes it uses
 * rather than every check's longest: both are sized for every check at
 * its longest, so whatever parses fits.
 */
#define POLICY_TEXTS_MAX	(CHK_CATALOGUE_MAX * \
				 (2 * POLICY_TITLE_MAX + 2 * POLICY_TEXT_MAX))
#define POLICY_KEYS_ALL_MAX	(CHK_CATALOGUE_MAX * POLICY_KEYS_MAX)
/*
 * Report languages (policy "languages", policy_lang.c): their texts are
 * copied into one pool inside struct policy, so a policy costs the bytes
 * its translations use, not a fixed array per language and check.
 */
#define POLICY_LANGS_MAX	4		/* languages one policy holds */
#define POLICY_LANG_POOL_MAX	(192 * 1024)	/* all their texts together */
#define POLICY_LANG_CODE_MAX	8		/* "fr", "en" */
#define POLICY_WORD_MAX		384		/* a report word or sentence */
#define POLICY_VMS_ITEMS_MAX	16		/* VMS guide camera items */
#define POLICY_VMS_CHECKS_MAX	12		/* checks one item maps to */

/*
 * `camguard audit` (app/audit/, app/cli/cli_audit.c): the cameras file,
 * parsed whole by camlist_parse.c, and the runs.  A camera's scan runs in
 * a child process that the parent ends after AUDIT_CAMERA_TIMEOUTS times
 * camera.timeout_ms: the API read (2 exchanges for a Digest login), the
 * probes (PROBE_BUDGET_TIMEOUTS) and one for the rest.
 */
#define CAMLIST_FILE_MAX	(512 * 1024)	/* bytes of a cameras file */
#define CAMLIST_LINE_MAX	2048		/* one line, newline excluded */
#define AUDIT_CAMERAS_MAX	1024		/* cameras one audit reads */
#define AUDIT_JOBS_MAX		64		/* scans at once (--jobs) */
#define AUDIT_ERROR_MAX		256		/* why a camera was unreadable */
#define AUDIT_CAMERA_TIMEOUTS	(2 + PROBE_BUDGET_TIMEOUTS + 1)

/* Logging. */
#define LOG_MSG_MAX		1024		/* one formatted log message */
#define LOG_FIELD_MAX		256		/* an outside string in a log */
#define LOG_REPEAT_WINDOW_S	30		/* equal messages summed up */
#define LOG_RATE_BURST		100		/* lines before the rate applies */
#define LOG_RATE_PER_S		10		/* lines a second after a burst */

/* The event loop. */
#define LOOP_FDS_MAX		256		/* watched descriptors */
#define LOOP_TIMERS_MAX		128		/* pending timers */
#define LOOP_SIGNALS_MAX	8		/* handled signals */
#define LOOP_HOOKS_MAX		8		/* before-poll hooks */

/* Log lines for intrusion detection. */
#define LOG_LINE_MAX		4096
#define IDS_TRACK_MAX		(1024 * 1024)	/* ceiling for ids.max_tracked */
#define IDS_EVICT_SCAN		32	/* oldest active sources an eviction weighs */
#define IDS_USER_MAX		64		/* a user name kept from a log */
#define IDS_BLOCKED_SAVE_MAX	4096		/* blocks kept in the state file */
/* How often the IDS looks at its sources (open, error) for /status,
 * /metrics, /readyz and MQTT: a log that vanishes shows within this. */
#define IDS_HEALTH_MS		2000
/*
 * `ids replay`: a line dated further than this from both the clock and
 * the next line is a forged or broken date and is skipped, so that one
 * line cannot move the replay's clock (a real gap is confirmed by the
 * line after it).
 */
#define IDS_REPLAY_JUMP_MAX_S	86400

/* Password checks: hash verdicts cached by the daemon (pwcheck.c). */
#define PW_HASH_MAX		256		/* a crypt(3) hash we try */
#define PW_SHA_ROUNDS_MAX	100000		/* $5$/$6$ rounds= we still try */
#define PW_BCRYPT_COST_MAX	12		/* $2b$NN$ cost we still try */
#define PW_CACHE_MAX		64		/* cached hash verdicts */

/* MQTT (mqtt.c, topics.c) and the fleet view (cli_fleet.c, fleet_parse.c). */
#define MQTT_TOPIC_MAX		512		/* one topic name, NUL included */
#define MQTT_PAYLOAD_MAX	(32 * 1024)	/* one payload we build */
#define MQTT_CMD_MAX		256		/* a cmd/ payload that is obeyed */
#define MQTT_PASSWORD_MAX	256		/* first line of password_file */
#define MQTT_BLOCKED_MAX	100		/* entries listed in ids/blocked */
#define MQTT_INFLIGHT_MAX	16		/* queued messages awaiting PUBACK */
#define MQTT_RELAY_BUF		(16 * 1024)	/* relay buffer, each way */
#define MQTT_CLIENT_READ_BURST	256		/* packets a CLI round reads */
#define MQTT_RELAY_PATH_MAX	108		/* the relay's socket path */
/* One packet from the broker libmosquitto may hold: a fleet payload, its
 * topic and the header. */
#define MQTT_IN_PACKET_MAX	(FLEET_PAYLOAD_MAX + MQTT_TOPIC_MAX + 16)
#define FLEET_CAMERAS_MAX	4096		/* cameras one fleet view holds */
#define FLEET_PAYLOAD_MAX	(64 * 1024)	/* a broker payload it reads */
#define FLEET_TOK_MAX		1280		/* jsmn tokens per payload */
/* The fleet server (camguard fleet --listen, app/fleet/). */
#define FLEET_VERSION_MAX	32		/* an agent's version string */
#define FLEET_CHECK_ID_MAX	32		/* a check id from a topic */
#define FLEET_CHECKS_MAX	64		/* check records kept per camera */
#define FLEET_EXPECT_MAX	FLEET_CAMERAS_MAX /* ids in --expect FILE */
#define FLEET_EXPECT_FILE_MAX	(1024 * 1024)	/* the --expect file */
#define FLEET_QUERY_MAX		64		/* the page's q= filter */
#define FLEET_DOC_MIN		(64 * 1024)	/* a rendering's first buffer */
#define FLEET_DOC_MAX		(64 * 1024 * 1024) /* a rendering at most */
#define FLEET_DOC_SLOTS		4		/* renderings in flight */

/* The status endpoint (http_parse.c, httpd.c, status*.c, spec section 9). */
#define HTTP_REQ_MAX		4096		/* a request head: more is 431 */
#define HTTP_REQ_LINE_MAX	1024		/* the request line: more is 400 */
#define HTTP_REQ_FIELDS_MAX	64		/* header fields: more is 431 */
#define HTTPD_CONN_MAX		224		/* clients; the oldest idle goes */
#define HTTPD_TLS_CONN_MAX	32		/* TLS clients (~33 KiB each) */
#define HTTPD_IDLE_MS		5000		/* keep-alive idle, stalled write */
#define HTTPD_HEAD_MS		10000		/* a whole head must arrive */
#define HTTPD_LINGER_MS		1000		/* draining input after close */
#define HTTPD_OUT_MAX		4096		/* queued headers, small bodies */
#define STATUS_DOC_MAX		(128 * 1024)	/* a rendered document */
#define STATUS_DOC_SLOTS	8		/* rendered documents in flight */
#define HTTPD_TOKEN_MAX		256		/* bytes of the bearer token */
#define HTTPD_TOKEN_MIN		22	/* 22 of its 66 characters: >= 128 bits */
#define HTTPD_AUTH_DELAY_MS	250	/* a connection's first wrong token waits */
#define HTTPD_AUTH_DELAY_MAX_MS	2000	/* doubling up to this, per connection */
#define STATUS_BLOCKS_MAX	100		/* blocked sources listed */
#define HTTPD_BACKLOG		64		/* listen(2) backlog */

/*
 * HTTP, HTTPS and RTSP clients (platform/net_*.c) and the pure reply
 * parsers (http_resp_parse.c, http_url.c).  A reply is read into one
 * caller buffer of HTTP_RESP_MAX bytes: its head, then its body, which
 * must hold a full camera configuration plus the API's framing lines.
 */
#define HTTP_RESP_HEAD_MAX	(16 * 1024)	/* status line + header lines */
#define HTTP_RESP_HEADERS_MAX	64		/* header lines in one reply */
#define HTTP_RESP_BODY_MAX	(CAMCFG_FILE_MAX + 4096) /* config + framing */
#define HTTP_RESP_MAX		(HTTP_RESP_HEAD_MAX + HTTP_RESP_BODY_MAX)
#define HTTP_CHUNK_LINE_MAX	1024		/* chunk-size line, trailer line */
#define HTTP_CHALLENGES_MAX	8		/* auth challenges in one reply */
#define HTTP_AUTH_PARAMS_MAX	16		/* auth-params of one challenge */
#define HTTP_AUTH_VALUE_MAX	256		/* realm, nonce, opaque, unquoted */
#define NET_HDR_COPY_MAX	128		/* Server, Content-Type... kept */
#define NET_REQ_HEAD_MAX	(4 * 1024)	/* request line + headers we send */
#define NET_HOST_MAX		256		/* a host name or address */
#define NET_PATH_MAX		CONF_PATH_MAX	/* path + query of a URL */
#define NET_ERR_MAX		256		/* one error message */
#define NET_CRED_MAX		256		/* a user name or a password */
#define TLS_CHAIN_MAX		8		/* peer certificates recorded */
#define TLS_DN_MAX		256		/* subject or issuer, as text */
#define NET_PORTS_MAX		8		/* ports net_tcp_ports() tries */

/* The camera's Remote Configuration API (platform/camera.c). */
#define CAMERA_CMD_MAX		(64 * 1024)	/* command lines of one request */
#define CAMERA_ACL_DENY_MAX	64		/* temporary deny slots we use */

/*
 * Live probes of the camera (platform/probe.c, platform/procnet.c,
 * app/proto/procnet_parse.c).  A scan's probes together wait at most
 * PROBE_BUDGET_TIMEOUTS times camera.timeout_ms: the daemon's loop is
 * blocked that long at worst (a port that times out is not tried again
 * within the scan).
 */
#define PROBE_BUDGET_TIMEOUTS	4		/* deadlines one scan may use */
#define PROBE_REPLY_MAX		(64 * 1024)	/* a probed page's reply kept */
#define PROBE_ROBOTS_MAX	2048		/* robots.txt bytes judged */
#define PROBE_PAGES_MAX		4		/* public pages asked for */
#define PROBE_PORTS_MAX		8		/* ports a listener probe seeks */
#define PROBE_ADDRS_MAX		32		/* interface addresses kept */
#define PROBE_WHY_MAX		48		/* a short error description */
#define PROCNET_CHUNK_MAX	(64 * 1024)	/* /proc/net read buffer */
#define PROCNET_LINE_MAX	512		/* one /proc/net line, at most */

/*
 * ONVIF and WS-Discovery probes (platform/probe_onvif.c) and their pure
 * reply reader (app/proto/soap_parse.c): a reply is read into one buffer
 * and only its Header and the Body's first element are looked at.
 */
#define SOAP_REPLY_MAX		(64 * 1024)	/* a reply or datagram read */
#define SOAP_DEPTH_MAX		32		/* element nesting followed */
#define SOAP_NS_DECL_MAX	64		/* xmlns declared in scope */
#define SOAP_NAME_MAX		48		/* a local name kept */
#define SOAP_TEXT_MAX		96		/* a fault code, RelatesTo */
#define WSD_DATAGRAMS_MAX	16		/* datagrams read per Probe */

/*
 * Operator commands (proto/cmd*.c): the control socket of `camguard run`
 * (daemon/control.c, platform/ctlsock.c) and MQTT cmd/ topics.
 */
#define CMD_ID_MAX		64		/* a request "id" + NUL */
#define CMD_REASON_MAX		128		/* a reason + NUL */
#define CMD_ERROR_MAX		160		/* the "error" of a result */
#define CMD_FOR_MAX_S		(365 * 86400)	/* "for_s" at most */
#define CMD_JSON_MAX		512		/* cmd/block, unblock, flush */
#define CMD_RATE_PER_S		10		/* commands a second... */
#define CMD_RATE_BURST		20		/* ...after a burst */
#define CTL_REQ_MAX		1024		/* one request line */
#define CTL_REPLY_MAX		(64 * 1024)	/* one reply line */
#define CTL_LIST_MAX		500		/* blocks in one reply */
#define CTL_CLIENTS_MAX		4		/* connections at once */
#define CTL_IDLE_MS		2000		/* a request comes within */
#define CTL_PATH_MAX		108		/* sun_path + NUL */
#define CTL_BACKLOG		8		/* listen(2) backlog */

/* Shared bans (ids.fleet; ids/ids_fleet.c, mqtt/fleetban_parse.c). */
#define FLEET_TRUST_MAX		64		/* ids.fleet.cameras */
#define FLEET_SHARED_MAX	16384		/* ids.fleet.max at most */
#define FLEET_SHARED_RATE	50		/* new blocks a second... */
#define FLEET_SHARED_BURST	200		/* ...after a burst */
#define FLEET_UNBLOCK_HOLD_S	10		/* unblocked: lists wait */
#define IDS_NOTES_MAX		256		/* operator reasons kept */

/*
 * The SIEM sender (app/siem/, RFC 5424 over TCP, TLS or UDP).  The
 * message limits are RFC 5424's field lengths and the 2048 bytes every
 * collector must take (RFC 5425 4.3.1); siem_fmt.c enforces them.
 */
#define SIEM_MSG_MAX		2048	/* one message, frame excluded */
#define SIEM_VALUE_MAX		256	/* a PARAM-VALUE on the wire, escaped */
#define SIEM_PARAMS_MAX		16	/* SD-PARAMs in the SD element */
#define SIEM_SDNAME_MAX		32	/* SD-ID, PARAM-NAME (5424 6.3.2) */
#define SIEM_HOSTNAME_MAX	255	/* header field limits, RFC 5424 6 */
#define SIEM_APPNAME_MAX	48
#define SIEM_PROCID_MAX		128
#define SIEM_MSGID_MAX		32
#define SIEM_PRI_MAX		191	/* facility 23, severity 7 */
/* "2048 " ahead of the message; the NUL is not counted. */
#define SIEM_FRAME_PREFIX_MAX	5
#define SIEM_FRAME_MAX		(SIEM_FRAME_PREFIX_MAX + SIEM_MSG_MAX)
#define SIEM_QUEUE_MAX		65536	/* ceiling for siem.queue_max */
#define SIEM_WHO_MAX		64	/* an audit record: who asked */
#define SIEM_WHAT_MAX		160	/* what was asked */
#define SIEM_RESULT_MAX		160	/* and how it ended */

_Static_assert(CONF_FILE_MAX <= (1 << 30), "offsets fit in int");
_Static_assert(POLICY_FILE_MAX <= (1 << 30), "offsets fit in int");
_Static_assert(JSON_TOK_MAX >= 512, "a full camguard.json fits");
_Static_assert(JSON_STR_MAX >= 256, "paths and reasons fit");
_Static_assert(JSON_SHAPE_FIELDS_MAX % 64 == 0, "whole bitmap words");
_Static_assert(JSON_DEPTH_MAX >= 4, "camguard.json nests 3 levels");
_Static_assert(CONF_PATH_MAX >= 64 && CONF_STR_MAX >= 64, "room for paths");
_Static_assert(CAMCFG_LINE_MAX >= 1024, "long profile lines fit");
_Static_assert(CAMCFG_FILE_MAX <= 0xffffffffu, "spans are 32-bit");
_Static_assert(CAMCFG_NAME_MAX < CAMCFG_LINE_MAX, "names fit in lines");
_Static_assert(POLICY_TEXT_MAX <= JSON_STR_MAX, "policy texts parse");
_Static_assert(POLICY_WORD_MAX <= JSON_STR_MAX, "report words parse");
_Static_assert(POLICY_LANG_POOL_MAX < (1u << 31), "pool offsets fit");
_Static_assert(CHK_EVVAL_MAX >= 64, "a hash scheme and a value fit");
_Static_assert(LOG_FIELD_MAX * 2 < LOG_MSG_MAX, "two fields fit a message");
_Static_assert(LOOP_FDS_MAX >= 16 && LOOP_TIMERS_MAX >= 16, "room to grow");
_Static_assert(MQTT_TOPIC_MAX > 2 * CONF_STR_MAX + 64, "R/C/suffix fits");
_Static_assert(MQTT_CMD_MAX < MQTT_PAYLOAD_MAX, "a command is a payload");
_Static_assert(CMD_JSON_MAX >= MQTT_CMD_MAX && CMD_JSON_MAX < CTL_REQ_MAX,
    "a block with an id and a reason fits a command and a request");
_Static_assert(CTL_REPLY_MAX >= CTL_LIST_MAX * 120, "a full list fits");
_Static_assert(FLEET_SHARED_MAX <= IDS_TRACK_MAX, "shared blocks are few");
_Static_assert(FLEET_CHECKS_MAX >= CHK_CATALOGUE_MAX, "a camera's checks fit");
_Static_assert(FLEET_DOC_MIN <= FLEET_DOC_MAX && FLEET_DOC_MAX <= 0x7fffffff,
    "a rendering's length is an int");
_Static_assert(FLEET_TOK_MAX >= MQTT_BLOCKED_MAX * 12 + 16,
    "an ids/blocked list with origins and reasons fits the tokens");

_Static_assert(HTTP_REQ_MAX < 65536, "spans in a head are 16-bit");
_Static_assert(HTTP_REQ_LINE_MAX < HTTP_REQ_MAX, "a request line fits");
_Static_assert(HTTPD_CONN_MAX + CONF_SOURCES_MAX + 16 <= LOOP_FDS_MAX,
    "status clients leave loop slots for the rest");
_Static_assert(HTTPD_TLS_CONN_MAX <= HTTPD_CONN_MAX, "TLS is a subset");
_Static_assert(HTTPD_AUTH_DELAY_MAX_MS < HTTPD_IDLE_MS,
    "a held answer leaves before the idle timeout");
_Static_assert(HTTPD_TOKEN_MIN < HTTPD_TOKEN_MAX, "a token can be long enough");
_Static_assert(HTTPD_OUT_MAX >= 1024, "a header block and an error fit");
_Static_assert(STATUS_DOC_SLOTS >= 4, "each document kind plus one");
_Static_assert(HTTP_RESP_BODY_MAX >= CAMCFG_FILE_MAX, "a full config fits");
_Static_assert(HTTP_RESP_MAX <= (1 << 30), "reply offsets fit in int");
_Static_assert(HTTP_RESP_HEAD_MAX >= 1024 && HTTP_RESP_HEADERS_MAX >= 16,
    "ordinary replies fit");
_Static_assert(HTTP_AUTH_VALUE_MAX >= 64, "a nonce fits");
_Static_assert(CAMERA_CMD_MAX < HTTP_RESP_BODY_MAX, "a command reply fits");
_Static_assert(PROBE_BUDGET_TIMEOUTS >= 1, "a probe may wait once");
_Static_assert(PROBE_PORTS_MAX <= NET_PORTS_MAX, "connect probes fit");
_Static_assert(CAMLIST_LINE_MAX > CONF_PATH_MAX * 4, "a row of paths fits");
_Static_assert(PROBE_REPLY_MAX > HTTP_RESP_HEAD_MAX + PROBE_ROBOTS_MAX,
    "a robots.txt reply fits");
_Static_assert(PROCNET_LINE_MAX * 4 <= PROCNET_CHUNK_MAX,
    "a chunk holds several lines");
_Static_assert(SOAP_REPLY_MAX > HTTP_RESP_HEAD_MAX + 4096,
    "a SOAP reply's head and a user list fit");
_Static_assert(SOAP_NAME_MAX >= 32 && SOAP_TEXT_MAX >= 64,
    "operation names and uuid: message ids fit");


/*
 * Lock-down (privilege separation, sandbox, deadlines).  TLS_FILE_MAX
 * bounds a PEM/DER file read whole (a CA bundle is about 220 KB).
 */
#define TLS_FILE_MAX		(1024 * 1024)	/* a certificate, key or CA file */
/*
 * The scanning child's deadline: it may wait (not compute) for at most
 * SCAN_IO_TIMEOUTS times camera.timeout_ms: the probe budget plus the
 * API's challenge and answer.  Time it spends on the CPU (password
 * hashes) is added, up to SCAN_CPU_MAX_MS.  Past that it is killed and
 * the scan is an error with reason timeout.
 */
#define SCAN_IO_TIMEOUTS	(PROBE_BUDGET_TIMEOUTS + 2)
#define SCAN_CPU_MAX_MS		(300 * 1000)
#define SCAN_DEADLINE_STEP_MS	100	/* re-check no sooner than this */
/*
 * The privileged parent's own table of the blocks it applied: a worker
 * cannot make it hold more (the state file keeps as many).
 */
#define PRIV_BLOCKS_MAX		IDS_BLOCKED_SAVE_MAX

_Static_assert(SIEM_MSG_MAX < 10000, "the length prefix fits 4 digits");
/* The worst header, the SD-ID and one full parameter always fit. */
_Static_assert(6 + 27 + SIEM_HOSTNAME_MAX + SIEM_APPNAME_MAX +
    SIEM_PROCID_MAX + SIEM_MSGID_MAX + 6 + (SIEM_SDNAME_MAX + 2) +
    (SIEM_SDNAME_MAX + 4 + SIEM_VALUE_MAX) < SIEM_MSG_MAX,
    "a header and one parameter fit in a message");
_Static_assert(SIEM_APPNAME_MAX < CONF_STR_MAX, "siem.app_name fits");

#endif
