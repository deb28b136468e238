#!/bin/sh
# A real Prometheus scrapes the fleet endpoint of `camguard fleet --listen`
# (HTTPS and a bearer token) while 10 agents publish to one mosquitto that
# runs the shipped ACL (packaging/broker/mosquitto.acl: each agent logs in
# as its camera id, the fleet server as camguard-fleet): the target is
# up, every agent has camguard_fleet_camera_up 1, and the shipped rules
# (packaging/prometheus/camguard.rules.yml) fire
# CamguardCriticalCheckFailing for the camera with factory settings and
# for no hardened one, as Prometheus's /api/v1/alerts says, and hold
# CamguardIdsSourceDown pending for the camera whose IDS cannot read its
# log (the health its retained status carries); one camera
# cannot overwrite another's state.  A summary cleared from the broker
# before the fleet server starts comes back: the server asks every agent
# to republish (R/_fleet/cmd/republish) when it connects.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PYTHON:-python3}
D=$T_DIR
N=10

if ! command -v prometheus >/dev/null 2>&1 ||
    ! command -v mosquitto >/dev/null 2>&1; then
	not_ok "prometheus or mosquitto is missing (tests/deps.sh check)"
	t_done
fi
PB=$(free_port 1)
PH=$(free_port 2)
PP=$(free_port 3)
[ "$PH" = "$PB" ] && PH=$((PB + 1))
while [ "$PP" = "$PB" ] || [ "$PP" = "$PH" ]; do PP=$((PP + 1)); done
up() { i=0; while [ $i -lt 100 ]; do ss -ltn | grep -q ":$1 " && return 0
	sleep 0.1; i=$((i + 1)); done; return 1; }

# passwords NAME...: a password each, in the broker's file and $D/NAME.pw
passwords() {
	for u in "$@"; do
		head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$D/$u.pw"
		chmod 600 "$D/$u.pw"
		chown "$T_RUN_USER" "$D/$u.pw"
		mosquitto_passwd -b "$D/passwd" "$u" "$(cat "$D/$u.pw")" ||
		    return 1
	done
}
IDS="factory $(seq -f 'cam-%02g' 2 $N | tr '\n' ' ')"
: >"$D/passwd"
# shellcheck disable=SC2086
check "a password for every agent and the fleet server" \
    passwords $IDS camguard-fleet
cat >"$D/broker.conf" <<EOF
user root
listener $PB 127.0.0.1
allow_anonymous false
password_file $D/passwd
acl_file $ROOT/packaging/broker/mosquitto.acl
EOF
mosquitto -c "$D/broker.conf" >"$D/broker.log" 2>&1 &
T_PIDS="$T_PIDS $!"
check "mosquitto listens on $PB with the shipped ACL" up "$PB"

# the agents: one with factory settings, nine hardened
for id in $IDS; do
	cfg=$ROOT/examples/camera-hardened.cfg ids='{"enabled": false}'
	[ "$id" = factory ] && cfg=$ROOT/examples/camera-default.cfg
	# cam-03's IDS watches a log that is not there
	[ "$id" = cam-03 ] && ids='{"enabled": true, "block": false,
	    "sources": [{"path": "'"$D/gone.log"'", "format": "clf"}]}'
	cat >"$D/$id.json" <<EOF
{"camera": {"config_file": "$cfg", "id": "$id"}, "status": {"enabled": false},
 "ids": $ids, "run": {"user": "$T_RUN_USER"},
 "mqtt": {"enabled": true, "host": "127.0.0.1", "port": $PB,
          "username": "$id", "password_file": "$D/$id.pw"}}
EOF
	"$CAMGUARD" run -c "$D/$id.json" -d >"$D/$id.log" 2>&1 &
	T_PIDS="$T_PIDS $!"
done

# sub USER TOPIC N: N retained messages of TOPIC as USER sees them
sub() {
	mosquitto_sub -p "$PB" -u "$1" -P "$(cat "$D/$1.pw")" -t "$2" -C "$3" \
	    -W 2 2>/dev/null
}
all_summaries() {
	i=0
	until [ "$(sub camguard-fleet 'MOBOTIX/+/hardening/summary' $N |
	    wc -l)" = "$N" ]; do
		[ $i -ge 30 ] && return 1
		i=$((i + 1))
	done
}
check "every agent's summary is retained on the broker" all_summaries
# the broker loses cam-02's summary (a restart without persistence would)
mosquitto_pub -p "$PB" -u cam-02 -P "$(cat "$D/cam-02.pw")" -q 1 -r -n \
    -t MOBOTIX/cam-02/hardening/summary
check "cam-02's summary is gone from the broker" \
    [ -z "$(sub camguard-fleet MOBOTIX/cam-02/hardening/summary 1)" ]

# the fleet server: HTTPS behind a token
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$D/token"
chmod 600 "$D/token"
mk_cert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$D/ca.key" -out "$D/ca.crt" -days 2 -subj /CN=test-ca &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$D/srv.key" -out "$D/srv.csr" -subj /CN=fleet &&
	printf 'subjectAltName=IP:127.0.0.1\n' >"$D/srv.ext" &&
	openssl x509 -req -in "$D/srv.csr" -CA "$D/ca.crt" -CAkey "$D/ca.key" \
	    -CAcreateserial -out "$D/srv.crt" -days 2 -extfile "$D/srv.ext" &&
	chmod 600 "$D/srv.key"
}
quiet() { "$@" >/dev/null 2>&1; }
check "a certificate for the fleet server" quiet mk_cert
cat >"$D/fleet.json" <<EOF
{"mqtt": {"host": "127.0.0.1", "port": $PB, "username": "camguard-fleet",
          "password_file": "$D/camguard-fleet.pw"},
 "status": {"token_file": "$D/token",
            "tls": {"cert_file": "$D/srv.crt", "key_file": "$D/srv.key"}}}
EOF
"$CAMGUARD" fleet --listen "127.0.0.1:$PH" -c "$D/fleet.json" \
    >"$D/fleet.log" 2>&1 &
T_PIDS="$T_PIDS $!"
check "the fleet server listens on $PH" up "$PH"
check "/metrics over HTTPS without the token is 401" [ "$(curl -s \
    --cacert "$D/ca.crt" -o /dev/null -w '%{http_code}' \
    "https://127.0.0.1:$PH/metrics")" = 401 ]

cat >"$D/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $ROOT/packaging/prometheus/camguard.rules.yml
scrape_configs:
  - job_name: camguard-fleet
    scheme: https
    tls_config:
      ca_file: $D/ca.crt
    authorization:
      credentials_file: $D/token
    static_configs:
      - targets: ['127.0.0.1:$PH']
EOF
prometheus --config.file="$D/prometheus.yml" \
    --storage.tsdb.path="$D/data" --web.listen-address="127.0.0.1:$PP" \
    >"$D/prometheus.log" 2>&1 &
T_PIDS="$T_PIDS $!"
check "Prometheus listens on $PP" up "$PP"
API=http://127.0.0.1:$PP/api/v1

# query PROMQL: the value of the first sample, or nothing
query() {
	curl -s --data-urlencode "query=$1" "$API/query" | "$PY" -c '
import json, sys
r = json.load(sys.stdin)["data"]["result"]
print(r[0]["value"][1] if r else "")'
}
# until PROMQL VALUE: wait (at most 60 s) until the query gives VALUE
until_query() {
	i=0
	while [ "$(query "$1")" != "$2" ]; do
		[ $i -ge 300 ] && { echo "# $1: $(query "$1")" >&2; return 1; }
		sleep 0.2; i=$((i + 1))
	done
}
check "Prometheus scrapes the fleet endpoint (up 1: HTTPS, token taken)" \
    until_query 'up{job="camguard-fleet"}' 1
check "all $N agents are up on the fleet endpoint" \
    until_query 'sum(camguard_fleet_camera_up)' "$N"
check "every summary arrived, cam-02's republished on the server's request" \
    until_query 'count(camguard_score_ratio)' "$N"
check "every check record arrived (as many as the summaries count)" \
    until_query 'count(camguard_check_result) - sum(camguard_checks)' 0

# firing ALERTNAME: the cameras it fires for, one a line
firing() {
	curl -s "$API/alerts" | "$PY" -c '
import json, sys
for a in json.load(sys.stdin)["data"]["alerts"]:
    if a["labels"]["alertname"] == sys.argv[1] and a["state"] == "firing":
        print(a["labels"]["camera"])' "$1" | sort -u
}
until_firing() {
	i=0
	while [ -z "$(firing "$1")" ]; do
		[ $i -ge 300 ] && return 1
		sleep 0.2; i=$((i + 1))
	done
}
check "CamguardCriticalCheckFailing fires" \
    until_firing CamguardCriticalCheckFailing
check "it fires for the factory camera, and only for it" \
    [ "$(firing CamguardCriticalCheckFailing)" = factory ]
check "the alert names the failing checks the factory camera published" \
    "$PY" - "$API" <<'PY'
import json, sys, urllib.request
alerts = json.load(urllib.request.urlopen(sys.argv[1] + "/alerts"))
ids = sorted(a["labels"]["id"] for a in alerts["data"]["alerts"]
    if a["labels"]["alertname"] == "CamguardCriticalCheckFailing")
q = urllib.parse.quote('camguard_check_result{camera="factory",'
    'severity="critical",result="fail"}')
r = json.load(urllib.request.urlopen(sys.argv[1] + "/query?query=" + q))
want = sorted(s["metric"]["id"] for s in r["data"]["result"])
assert ids == want and len(ids) >= 1, (ids, want)
PY

# alerts STATE ALERTNAME: the camera/path pairs of its alerts in STATE
alerts() {
	curl -s "$API/alerts" | "$PY" -c '
import json, sys
for a in json.load(sys.stdin)["data"]["alerts"]:
    if a["labels"]["alertname"] == sys.argv[2] and a["state"] == sys.argv[1]:
        print(a["labels"]["camera"], a["labels"].get("path", ""))' "$1" "$2"
}
check "the fleet endpoint says cam-03's IDS cannot read its log" \
    until_query 'camguard_ids_source_up{camera="cam-03",path="'"$D/gone.log"'"}' 0
check "and that it runs" \
    [ "$(query 'camguard_ids_running{camera="cam-03"}')" = 1 ]
check "only cam-03 tells an IDS health (the others have the IDS off)" \
    [ "$(query 'count(camguard_ids_running)')" = 1 ]
until_pending() {
	i=0
	while [ -z "$(alerts pending CamguardIdsSourceDown)" ]; do
		[ $i -ge 150 ] && return 1
		sleep 0.2; i=$((i + 1))
	done
}
check "CamguardIdsSourceDown is pending (for: 5m)" until_pending
check "it is pending for cam-03 and its log, only"     [ "$(alerts pending CamguardIdsSourceDown)" = "cam-03 $D/gone.log" ]

mosquitto_pub -p "$PB" -u cam-02 -P "$(cat "$D/cam-02.pw")" -q 1 -r \
    -t MOBOTIX/factory/camguard/status -m '{"state":"offline"}'
check "the ACL keeps one camera from writing another's state" sh -c "
	mosquitto_sub -p $PB -u camguard-fleet -P \$(cat '$D/camguard-fleet.pw') \
	    -t MOBOTIX/factory/camguard/status -C 1 -W 5 |
	grep -q '\"state\":\"online\"'"
t_done
