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

/* Logging. */
#define LOG_MSG_MAX		1024		/* one formatted log message */
#define LOG_FIELD_MAX		256		/* an outside string in a log */

/* The event loop. */
#define LOOP_FDS_MAX		256		/* watched descriptors */
#define LOOP_TIMERS_MAX		128		/* pending timers */
#define LOOP_SIGNALS_MAX	8		/* handled signals */
#define LOOP_HOOKS_MAX		8		/* before-poll hooks */

/* Log lines for intrusion detection. */
#define LOG_LINE_MAX		4096
#define IDS_TRACK_MAX		(1024 * 1024)	/* ceiling for ids.max_tracked */
#define IDS_USER_MAX		64		/* a user name kept from a log */

/* Password checks: hash verdicts cached by the daemon (pwcheck.c). */
#define PW_HASH_MAX		256		/* a crypt(3) hash we try */
#define PW_SHA_ROUNDS_MAX	100000		/* $5$/$6$ rounds= we still try */
#define PW_BCRYPT_COST_MAX	12		/* $2b$NN$ cost we still try */
#define PW_CACHE_MAX		64		/* cached hash verdicts */

_Static_assert(CONF_FILE_MAX <= (1 << 30), "offsets fit in int");
_Static_assert(POLICY_FILE_MAX <= (1 << 30), "offsets fit in int");
_Static_assert(JSON_TOK_MAX >= 512, "a full camguard.json fits");
_Static_assert(JSON_STR_MAX >= 256, "paths and reasons fit");
_Static_assert(JSON_DEPTH_MAX >= 4, "camguard.json nests 3 levels");
_Static_assert(CONF_PATH_MAX >= 64 && CONF_STR_MAX >= 64, "room for paths");
_Static_assert(CAMCFG_LINE_MAX >= 1024, "long profile lines fit");
_Static_assert(CAMCFG_FILE_MAX <= 0xffffffffu, "spans are 32-bit");
_Static_assert(CAMCFG_NAME_MAX < CAMCFG_LINE_MAX, "names fit in lines");
_Static_assert(POLICY_TEXT_MAX <= JSON_STR_MAX, "policy texts parse");
_Static_assert(CHK_EVVAL_MAX >= 64, "a hash scheme and a value fit");
_Static_assert(LOG_FIELD_MAX * 2 < LOG_MSG_MAX, "two fields fit a message");
_Static_assert(LOOP_FDS_MAX >= 16 && LOOP_TIMERS_MAX >= 16, "room to grow");

#endif
