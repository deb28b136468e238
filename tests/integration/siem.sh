#!/bin/sh
# camguard run ships its events to a real rsyslogd (lib_rsyslog.sh) as RFC
# 5424 over TLS, TCP and UDP (issue 18):
#  - every kind (START, SCAN, CHECK, ALARM, BLOCK, RELEASE, RELOAD ok and
#    failed, COMMAND, STOP) arrives exactly once, rsyslog parses its SD
#    into the documented fields, and VG-06 turns to pass on the collector
#    alone (no MQTT);
#  - hostile user names and URLs from the web server log arrive escaped:
#    one message, one user field equal to the log's, nothing forged;
#  - rsyslog killed and restarted during an alarm storm: every alarm
#    arrives (at least once), none dropped; with the collector away and
#    more alarms than queue_max, the newest queue_max arrive, the drop
#    counter in /status and /metrics and a DROPPED message say exactly
#    how many were lost;
#  - a collector with a certificate from another CA, or a wrong name, is
#    refused, logged and counted; mutual TLS with and without our cert.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_rsyslog.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CFG=$ROOT/examples/camera-default.cfg
CAM=mx10-42-1-27
ACCESS=$T_DIR/access.log
CONF=$T_DIR/camguard.json
LOG=$T_DIR/run.log
AGENT=
: >"$ACCESS"
chmod 644 "$ACCESS"

SP=$(free_port)

# conf SIEM_JSON [IDS_EXTRA [TOP_EXTRA]]: the agent's configuration
conf() {
	cat >"$CONF" <<EOF
{"camera": {"config_file": "$CFG"},
 "status": {"listen": "127.0.0.1:$SP"},
 "ids": {"sources": [{"path": "$ACCESS", "format": "clf"}],
         "threshold": 5, "block_backend": "file",
         "block_file": "$T_DIR/blocks", "block_s": 2 $2},
 "run": {"user": "$T_RUN_USER", "control_socket": "$T_DIR/ctl.sock"},
 "siem": {$1} $3}
EOF
}
tls_siem() {
	echo "\"target\": \"tls://127.0.0.1:$RSYS_PORT\", \"ca_file\": \"$RSYS_CA\" $1"
}
start_agent() {
	: >"$LOG"
	"$CAMGUARD" run -c "$CONF" -d >>"$LOG" 2>&1 &
	AGENT=$!
	T_PIDS="$T_PIDS $AGENT"
	# started as root, the worker (the privileged parent's child) sends
	SENDER=
	for _ in $(seq 50); do
		SENDER=$(pgrep -P "$AGENT" -x camguard | head -1)
		[ -n "$SENDER" ] || [ "$(id -u)" != 0 ] && break
		sleep 0.1
	done
}
stop_agent() {
	kill -TERM "$AGENT" 2>/dev/null
	wait "$AGENT"
}
# fail IP N [USER] [REQUEST]: N failed logins from IP in the access log
fail() {
	i=0
	while [ "$i" -lt "$2" ]; do
		printf '%s - %s [24/Nov/2026:10:00:%02d +0000] "%s HTTP/1.1" 401 381 "-" "curl"\n' \
		    "$1" "${3:-admin}" "$i" "${4:-GET /admin/}" >>"$ACCESS"
		i=$((i + 1))
	done
}
# field of got.log: 3 = MSGID
msgs() { cut -d'|' -f3 "$RSYS_GOT" 2>/dev/null | grep -cx "$1"; }
wait_msgs() {
	i=0
	while [ "$(msgs "$1")" -lt "$2" ]; do
		i=$((i + 1))
		if [ "$i" -gt "${3:-100}" ]; then
			echo "# timed out waiting for $2 $1 in $RSYS_GOT" >&2
			sed 's/^/#   /' "$RSYS_GOT" "$LOG" >&2 2>/dev/null
			return 1
		fi
		sleep 0.1
	done
}
cat >"$T_DIR/sd.py" <<'EOF'
# sd.py GOT SD MSGID [N]: the SD params rsyslog parsed (mmpstrucdata) of
# the Nth message with MSGID, one name=value a line, sorted; or with
# MSGID "*" every message's MSGID and params on one line, with "#" every
# message's MSGID and param names.
import json, sys
got = open(sys.argv[1], 'rb').read().decode('utf-8', 'replace').split('\n')
sds = open(sys.argv[2], 'rb').read().decode('utf-8', 'replace').split('\n')
want, n, k = sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 1, 0
for g, s in zip(got, sds):
    f = g.split('|')
    if len(f) < 3 or not s:
        continue
    ps = {}
    for el, p in json.loads(s).items():
        ps.update({el + ':' + a: v for a, v in p.items()})
    if want == '*':
        print(f[2], ' '.join('%s=%s' % i for i in sorted(ps.items())))
        continue
    if want == '#':
        print(f[2], ' '.join(sorted(a.split(':', 1)[1] for a in ps)))
        continue
    if f[2] != want:
        continue
    k += 1
    if k == n:
        for a, v in sorted(ps.items()):
            print('%s=%s' % (a.split(':', 1)[1], v))
EOF
sd() { python3 "$T_DIR/sd.py" "$RSYS_GOT" "$RSYS_SD" "$@"; }
# has MSGID N 'name=value'...: message N of MSGID has each param
has() {
	h_id=$1 h_n=$2
	shift 2
	sd "$h_id" "$h_n" >"$T_DIR/has.txt"
	for kv in "$@"; do
		grep -qxF -- "$kv" "$T_DIR/has.txt" ||
		    { echo "# $h_id #$h_n lacks $kv:" >&2
		      sed 's/^/#   /' "$T_DIR/has.txt" >&2; return 1; }
	done
}
status_json() { curl -s --max-time 5 "http://127.0.0.1:$SP/status"; }
# wait_siem_at_least NAME N: until /status's siem.NAME >= N
wait_siem_at_least() {
	i=0
	until [ "$(status_json | python3 -c 'import json, sys
try: print(json.load(sys.stdin)["siem"][sys.argv[1]])
except Exception: print(-1)' "$1")" -ge "$2" ]; do
		i=$((i + 1)); [ "$i" -gt 300 ] && return 1; sleep 0.1
	done
}
metrics() { curl -s --max-time 5 "http://127.0.0.1:$SP/metrics"; }
status_has() { status_json | grep -qF -- "$1"; }
# until /status holds TEXT
wait_status() {
	i=0
	until status_has "$1"; do
		i=$((i + 1))
		if [ "$i" -gt "${2:-100}" ]; then
			echo "# /status never held $1:" >&2
			status_json | sed 's/^/#   /' >&2
			return 1
		fi
		sleep 0.1
	done
}

# ---- every event kind over TLS, once --------------------------------------
check "rsyslogd with TLS on a free port" rsys_start tls
conf "$(tls_siem ", \"cert_file\": \"$RSYS_CLIENT_CERT\", \"key_file\": \"$RSYS_CLIENT_KEY\"")"
"$CAMGUARD" config-test -c "$CONF" >"$T_DIR/ct.out" 2>&1
check "config-test: a client key run.user cannot read is refused" grep -q \
	"siem.key_file $RSYS_CLIENT_KEY: not readable by run.user $T_RUN_USER" \
	"$T_DIR/ct.out"
conf "$(tls_siem)"
start_agent
check "the agent connects to the collector over TLS" \
	wait_for "$LOG" "siem: connected to tls://127.0.0.1:$RSYS_PORT"
check "START and the first SCAN arrive" wait_msgs SCAN 1
fail 192.0.2.9 5 admin
check "five failures: ALARM and BLOCK arrive" wait_msgs BLOCK 1
check "the block ends after block_s: RELEASE arrives" wait_msgs RELEASE 1
kill -HUP "$AGENT"
check "SIGHUP: RELOAD arrives" wait_msgs RELOAD 1
check "the reload's scan: a second SCAN" wait_msgs SCAN 2
kill -USR1 "$AGENT"
check "SIGUSR1: COMMAND arrives" wait_msgs COMMAND 1
check "and its scan, a third SCAN" wait_msgs SCAN 3
"$CAMGUARD" ids block 198.51.100.7 --for 3600 --reason 'SOC "ticket" 42' \
    -c "$CONF" >"$T_DIR/ctl.out" 2>&1
check "an operator's block on the control socket: COMMAND and BLOCK" \
	wait_msgs COMMAND 2 && wait_msgs BLOCK 2
cp "$CONF" "$T_DIR/good.json"
echo '{"siem": {"bogus": 1}}' >"$CONF"
kill -HUP "$AGENT"
check "a bad reload is a second RELOAD" wait_msgs RELOAD 2
cp "$T_DIR/good.json" "$CONF"
stop_agent
check "SIGTERM: STOP arrives (the agent waited for the collector)" \
	wait_msgs STOP 1 30

once() {
	for k in START:1 ALARM:1 BLOCK:2 RELEASE:1 CHECK:1 COMMAND:2 STOP:1 \
	    RELOAD:2 SCAN:3; do
		[ "$(msgs ${k%:*})" -eq "${k#*:}" ] ||
		    { echo "# ${k%:*}: $(msgs ${k%:*}) messages" >&2; return 1; }
	done
}
check "each event arrived exactly once (counts per kind as made)" once
seqs_once() {
	n=$(sd '*' | grep -o 'camguard@32473:seq=[0-9]*' | sort | uniq |
	    wc -l)
	[ "$n" -eq "$(rsys_lines)" ] && [ "$n" -eq 14 ]
}
check "14 messages, 14 different seq: nothing sent twice" seqs_once
# PROCID is the sending process: the agent, or, started as root, its
# worker under the privileged parent (issue 15)
check "rsyslog parses the header: app camguard, authpriv, MSGID" \
	grep -q "^camguard|\(${SENDER:-$AGENT}\|$AGENT\)|ALARM|authpriv.warning|" "$RSYS_GOT"
check "START names the camera, seq 1 and the version" has START 1 \
	"camera=$CAM" 'seq=1' 'version=0.1.0'
check "ALARM: ip, prefix, attempts, user, blocked, until, times" \
	has ALARM 1 "camera=$CAM" 'ip=192.0.2.9' 'prefix=32' 'attempts=5' \
	'user=admin' 'allowlisted=false' 'blocked=true'
alarm_times() {
	sd ALARM 1 | grep -Eq '^until=20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$' &&
	sd ALARM 1 | grep -Eq '^first_seen=20[0-9]{2}-.*Z$' &&
	sd ALARM 1 | grep -Eq '^last_seen=20[0-9]{2}-.*Z$'
}
check "ALARM times are RFC 3339 UTC" alarm_times
check "BLOCK: ip, prefix, attempts, until" has BLOCK 1 'ip=192.0.2.9' \
	'prefix=32' 'attempts=5'
check "RELEASE: ip and prefix" has RELEASE 1 'ip=192.0.2.9' 'prefix=32'
check "CHECK: VG-06 went from fail to pass on the collector alone" \
	has CHECK 1 'id=VG-06' 'from=fail' 'to=pass' 'severity=medium'
check "SCAN: counts, score, model and firmware" has SCAN 1 'scan=1' \
	'model=MX-M16B-6D6N-R12' 'firmware=MX-V5.4.2.29' 'fail_critical=2'
check "RELOAD ok: who signal, result ok" has RELOAD 1 'who=signal' \
	'result=ok'
bad_reload() {
	sd RELOAD 2 | grep -q "^result=failed: $CONF:1:[0-9]*: unknown key \"bogus\" in siem$"
}
check "RELOAD failed: the first error of the file as the result" bad_reload
check "COMMAND: who signal, cmd rescan, result ok" has COMMAND 1 \
	'who=signal' 'cmd=rescan' 'result=ok'
check "COMMAND: the control socket's uid, the block and its reason" \
	has COMMAND 2 'who=control uid=0' \
	'cmd=block 198.51.100.7/32 for 3600 s: SOC "ticket" 42' 'result=ok'
check "BLOCK of the operator's block" has BLOCK 2 'ip=198.51.100.7' \
	'prefix=32'
check "STOP: version and uptime" has STOP 1 'version=0.1.0'
check "the order is kept: START first, STOP last" sh -c \
	"head -1 $RSYS_GOT | grep -q '|START|' && tail -1 $RSYS_GOT | grep -q '|STOP|'"

# ---- hostile text from the log --------------------------------------------
: >"$RSYS_GOT"
: >"$RSYS_SD"
HOSTILE='x\"] [camguard@32473 forged=\"1\"] \\'
URL='GET /admin/\"] [camguard@32473 url=\"1\"]\x0a<13>1 - evil'
BIDI=$(printf 'j\303\263zef\342\200\256')
start_agent
wait_msgs SCAN 1 >/dev/null
fail 203.0.113.66 5 "$HOSTILE" "$URL"
fail 203.0.113.67 5 "$BIDI"
check "two hostile sources: two ALARMs" wait_msgs ALARM 2
wait_msgs BLOCK 2 >/dev/null
stop_agent
check "nothing but our messages: START SCAN 2x(ALARM BLOCK) ... STOP" \
	[ "$(msgs ALARM)" -eq 2 ] && [ "$(msgs BLOCK)" -eq 2 ]
check "every line is a message of camguard (nothing forged)" sh -c \
	"! grep -v '^camguard|[0-9]*|[A-Z]*|authpriv\.[a-z]*|\[camguard@32473 ' $RSYS_GOT"
check "the quoting user is one field, equal to the log's" \
	has ALARM 1 'ip=203.0.113.66' "user=$HOSTILE"
alarm_names() {
	sd '#' | grep '^ALARM ' | sort -u | tr '\n' '|'
}
check "no field was forged from the user or the URL: the ALARM fields" \
	[ "$(alarm_names)" = "ALARM allowlisted attempts blocked camera first_seen ip last_seen prefix seq until user|" ]
user_bidi() {
	sd ALARM 2 | grep -qxF 'user=j'"$(printf '\303\263')"'zef\xe2\x80\xae'
}
check "UTF-8 kept, a bidi override shown as \\xNN" user_bidi
check "the URL never reaches the collector" sh -c \
	"! grep -q -e 'evil' -e '/admin/' $RSYS_GOT"

# ---- storm, collector killed and restarted ------------------------------
# From here on MQTT too: its status shows the SIEM's losses.
MP=$(port_from $((SP + 1)))
printf 'user root\nlistener %s 127.0.0.1\nallow_anonymous true\n' "$MP" \
    >"$T_DIR/mosquitto.conf"
mosquitto -c "$T_DIR/mosquitto.conf" >"$T_DIR/mosquitto.log" 2>&1 &
T_PIDS="$T_PIDS $!"
MQTT=", \"mqtt\": {\"enabled\": true, \"host\": \"127.0.0.1\", \"port\": $MP}"
: >"$RSYS_GOT"
: >"$RSYS_SD"
: >"$ACCESS"
conf "$(tls_siem)" ', "block": false' "$MQTT"
start_agent
wait_msgs SCAN 1 >/dev/null
# 200 sources, 5 failures each, spread over about 4 s; rsyslogd stopped
# after the 60th and started again after the 120th.
storm() {
	n=1
	while [ "$n" -le 200 ]; do
		fail "198.18.$((n / 250)).$((n % 250))" 5 storm
		[ $((n % 10)) -eq 0 ] && sleep 0.2
		[ "$n" -eq 60 ] && rsys_stop
		[ "$n" -eq 120 ] && rsys_start tls "$RSYS_PORT"
		n=$((n + 1))
	done
}
storm
# (the log's rate limit may swallow lines in a storm: ask /status)
check "the agent saw the collector go" wait_siem_at_least conn_failures 1
check "and came back to it" \
	wait_status '"siem":{"enabled":true,"connected":true,' 300
alarm_ips() {
	sd '*' | grep '^ALARM ' | grep -o 'camguard@32473:ip=[0-9.]*' |
	    sort -u | wc -l
}
all_alarms() {
	i=0
	while [ "$(alarm_ips)" -lt 200 ]; do
		i=$((i + 1)); [ "$i" -gt 300 ] && break; sleep 0.1
	done
	[ "$(alarm_ips)" -eq 200 ]
}
check "all 200 alarms of the storm arrived (got $(alarm_ips) then)" all_alarms
check "and /status says none was dropped" wait_status '"dropped":0,"tls_failures":0,'
echo "# $(msgs ALARM) ALARM messages for 200 alarms (resent: $(status_json |
    grep -o '"resent":[0-9]*'))"

# ---- collector away, more alarms than queue_max ---------------------------
conf "$(tls_siem ', "queue_max": 50')" ', "block": false' "$MQTT"
kill -HUP "$AGENT"
wait_msgs RELOAD 1 >/dev/null
# everything written is confirmed (acknowledged for a while) first
check "the queue is empty before the collector goes" \
	wait_status '"connected":true,"queued":0,' 60
rsys_stop
wait_for "$LOG" "closed by the collector" >/dev/null
: >"$RSYS_GOT"
: >"$RSYS_SD"
n=1
while [ "$n" -le 80 ]; do fail "198.19.0.$n" 5 away; n=$((n + 1)); done
check "80 more alarms seen by the agent while away (280 in all)" \
	wait_status '"alarms":280,'

check "/status: 50 queued and exactly 30 dropped" \
	wait_status '"connected":false,"queued":50,' 50
check "/status: dropped 30" status_has '"dropped":30,'
check "/metrics: camguard_siem_dropped_total 30" sh -c \
	"curl -s http://127.0.0.1:$SP/metrics |
	    grep -qx 'camguard_siem_dropped_total{camera=\"$CAM\"} 30'"
mqtt_status() {
	i=0
	while [ "$i" -lt 50 ]; do
		mosquitto_sub -p "$MP" -t "MOBOTIX/$CAM/camguard/status" -C 1 \
		    -W 2 2>/dev/null | grep -Eq '"siem_dropped":30[,}]' && return 0
		i=$((i + 1)); sleep 0.1
	done
	mosquitto_sub -p "$MP" -v -t "MOBOTIX/#" -W 2 2>&1 | grep status |
	    sed 's/^/#   /' >&2
	grep mqtt "$LOG" | sed 's/^/#   /' >&2
	return 1
}
check "the MQTT status says siem_dropped 30" mqtt_status
check "rsyslogd back on the same port" rsys_start tls "$RSYS_PORT"
check "DROPPED tells the collector of the 30" wait_msgs DROPPED 1 400
check "DROPPED: dropped 30, total 30" has DROPPED 1 'dropped=30' \
	'dropped_total=30'
check "the 50 newest alarms arrive" wait_msgs ALARM 50
newest() {
	sd '*' | grep '^ALARM ' | grep -o 'ip=198\.19\.0\.[0-9]*' |
	    cut -d. -f4 | sort -n | tr '\n' ' ' >"$T_DIR/newest"
	[ "$(cat "$T_DIR/newest")" = "$(seq 31 80 | tr '\n' ' ')" ]
}
check "exactly 31 to 80: the 30 oldest were the ones dropped" newest
mosquitto_pub -p "$MP" -t "MOBOTIX/$CAM/cmd/rescan" -m now
check "an MQTT cmd/rescan is a COMMAND" wait_msgs COMMAND 1
check "COMMAND: who mqtt, cmd rescan, result ok" has COMMAND 1 'who=mqtt' \
	'cmd=rescan' 'result=ok'
stop_agent

# ---- refusals -------------------------------------------------------------
rsys_stop
RSYS_SRV_CERT=$RSYS_BAD_CERT RSYS_SRV_KEY=$RSYS_BAD_KEY
check "rsyslogd presenting a cert from another CA" rsys_start tls
: >"$RSYS_GOT"
conf "$(tls_siem)"
start_agent
check "the agent refuses it and logs why" wait_for "$LOG" \
	"siem: tls://127.0.0.1:$RSYS_PORT: TLS refused: server certificate not verified: .*not correctly signed by the trusted CA"
check "the refusal is counted in /status" wait_status '"tls_failures":1,'
check "/metrics counts it" sh -c "curl -s http://127.0.0.1:$SP/metrics |
	grep -qx 'camguard_siem_tls_failures_total{camera=\"$CAM\"} [1-9][0-9]*'"
check "nothing reached the impostor" [ "$(rsys_lines)" -eq 0 ]
stop_agent
rsys_stop
RSYS_SRV_CERT=$RSYS_CERT RSYS_SRV_KEY=$RSYS_KEY
rsys_start tls >/dev/null
conf "$(tls_siem ', "hostname": "siem.example"')"
start_agent
check "a certificate that does not name siem.hostname is refused" \
	wait_for "$LOG" "TLS refused: server certificate not verified: .*Common Name"
stop_agent
conf "$(tls_siem ', "hostname": "localhost"')"
: >"$RSYS_GOT"
start_agent
check "siem.hostname localhost (the cert's DNS name) is accepted" \
	wait_msgs START 1
stop_agent

rsys_stop
check "rsyslogd with mutual TLS" rsys_start mtls
chown "$T_RUN_USER" "$RSYS_CLIENT_KEY"
: >"$RSYS_GOT"
conf "$(tls_siem)"
start_agent
check "without a client cert the collector refuses us: logged" \
	wait_for "$LOG" "siem: tls://127.0.0.1:$RSYS_PORT: TLS refused"
check "and counted" wait_status '"tls_failures":1,'
stop_agent
conf "$(tls_siem ", \"cert_file\": \"$RSYS_CLIENT_CERT\", \"key_file\": \"$RSYS_CLIENT_KEY\"")"
start_agent
check "with our client cert the messages arrive" wait_msgs SCAN 1
stop_agent

# ---- TCP and UDP ---------------------------------------------------------
for mode in tcp udp; do
	rsys_stop
	rsys_start $mode >/dev/null
	: >"$RSYS_GOT"
	conf "\"target\": \"$mode://127.0.0.1:$RSYS_PORT\""
	start_agent
	check "$mode: START and SCAN arrive" wait_msgs SCAN 1
	fail 192.0.2.77 5 admin
	stop_agent
	check "$mode: STOP arrives" wait_msgs STOP 1 30
done

# ---- the shipped receiver: packaging/siem/rsyslog-camguard.conf ----------
rsys_stop
mkdir -p "$T_DIR/camlogs"
sed -e "s|/etc/rsyslog.d/tls/ca.crt|$RSYS_CA|" \
    -e "s|/etc/rsyslog.d/tls/siem.crt|$RSYS_CERT|" \
    -e "s|/etc/rsyslog.d/tls/siem.key|$RSYS_KEY|" \
    -e "s|/var/log/camguard|$T_DIR/camlogs|" \
    -e "s|port=\"6514\"|port=\"$RSYS_PORT\" address=\"127.0.0.1\"|" \
    "$ROOT/packaging/siem/rsyslog-camguard.conf" >"$T_DIR/shipped.conf"
sed -i "1i global(workDirectory=\"$RSYS_WORK\" net.enableDNS=\"off\")" \
    "$T_DIR/shipped.conf"
rsyslogd -n -f "$T_DIR/shipped.conf" -i "$T_DIR/shipped.pid" \
    >"$T_DIR/shipped.log" 2>&1 &
SHIPPED=$!
T_PIDS="$T_PIDS $SHIPPED"
listening() {
	i=0
	until ss -Hltnp "sport = :$RSYS_PORT" | grep -q "pid=$SHIPPED,"; do
		i=$((i + 1)); [ "$i" -gt 100 ] && return 1; sleep 0.1
	done
}
check "rsyslogd runs the shipped receiver (mutual TLS)" listening
conf "$(tls_siem ", \"hostname\": \"localhost\", \"cert_file\": \"$RSYS_CLIENT_CERT\", \"key_file\": \"$RSYS_CLIENT_KEY\"")"
start_agent
CAMLOG=$T_DIR/camlogs/$(hostname).log
check "it files the camera's messages under its host name" \
	wait_for "$CAMLOG" ' SCAN { "camguard@32473": { "camera": "'"$CAM"'", ' 100
fail 192.0.2.50 5 admin
check "with the structured data as JSON" wait_for "$CAMLOG" \
	' ALARM { "camguard@32473": { "camera": "'"$CAM"'", "seq": "[0-9]*", "ip": "192.0.2.50", "prefix": "32", "attempts": "5", '
stop_agent
kill "$SHIPPED"
wait "$SHIPPED"
t_done
