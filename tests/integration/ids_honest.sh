#!/bin/sh
# Only real blocks are blocks, and a blind IDS says so (issue 14, items 2
# and 4), against `camguard run` with a real mosquitto broker:
# - backend none (the default) and block false: seven failures give an
#   alarm with "blocked":false, no "ids: block" in the log, nothing
#   counted or listed as blocked; /status, /metrics and the page say
#   blocking is off and why;
# - a block the backend refuses (its file's directory removed): the
#   alarm says "blocked":false;
# - a backend that does not start (camera-acl without a camera account):
#   the IDS runs on and alarms, blocking "failed", /readyz 503 with why;
# - a state file holding 10.0.0.0/8 (not a source as counted): released
#   in the block file, not listed; /status, ids/blocked and the state file
#   hold exactly what the firewall holds;
# - a source that is missing, then unreadable (a FIFO), then readable:
#   /status,
#   camguard_ids_source_up{path=...}, camguard_ids_running, the retained
#   MQTT status and /readyz (503 with why) follow it; MX-21 fails while a
#   configured source cannot be read.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CFG=$ROOT/examples/camera-default.cfg
D=$T_DIR
PY=${PYTHON:-python3}

P_MQTT=$(free_port 1)
mosquitto -p "$P_MQTT" >"$D/broker.log" 2>&1 &
T_PIDS="$T_PIDS $!"
check "the broker listens on $P_MQTT" sh -c "for i in \$(seq 50); do
	ss -ltn | grep -q ':$P_MQTT ' && exit 0; sleep 0.1; done; exit 1"

# conf NAME IDS_JSON: camguard.json for camera NAME with that ids section
conf() {
	P_HTTP=$(free_port "$(printf '%s' "$1" | cksum | cut -c1-3)")
	cat >"$D/$1.json" <<EOF
{"camera": {"id": "$1", "config_file": "$CFG"},
 "ids": $2, "status": {"listen": "127.0.0.1:$P_HTTP"},
 "mqtt": {"enabled": true, "host": "127.0.0.1", "port": $P_MQTT},
 "run": {"user": "$T_RUN_USER"}}
EOF
	U=http://127.0.0.1:$P_HTTP
}
start() {	# start NAME: the agent; pid in $pid
	"$CAMGUARD" run -c "$D/$1.json" -d -v >"$D/$1.log" 2>&1 &
	pid=$!; T_PIDS="$T_PIDS $pid"
	wait_for "$D/$1.log" "scan 1:" 100 >/dev/null &&
	wait_for "$D/$1.log" "mqtt: connected" >/dev/null
}
stop() { kill -TERM "$pid"; wait_exit "$pid"; }
# attack LOG N: N failed logins of 198.51.100.7 in the log
attack() {
	for i in $(seq "$2"); do
		printf '198.51.100.7 - admin [24/Nov/2026:03:00:%02d +0000] "GET / HTTP/1.1" 401 0\n' \
		    "$i" >>"$1"
	done
}
# js NAME EXPR: a Python expression over d = /status (json)
js() {
	curl -s --max-time 5 "$U/status" >"$D/$1.status"
	$PY -c "import json, sys
d = json.load(open(sys.argv[1]))
ok = ($2)
print(d['ids']) if not ok else None
sys.exit(0 if ok else 1)" "$D/$1.status"
}
sub_start() {	# the alarms of camera NAME, into NAME.sub
	mosquitto_sub -p "$P_MQTT" -v -t "MOBOTIX/$1/notify/ids_alarm" \
	    >"$D/$1.sub" 2>/dev/null &
	T_PIDS="$T_PIDS $!"
	sleep 0.3
}
# $RET MOBOTIX/NAME/TOPIC: the retained payload (also inside sh -c)
RET="mosquitto_sub -p $P_MQTT -C 1 -W 3 -t"

# ---- blocking off: backend none (the default) ----------------------------
log=$D/none.access; : >"$log"; chmod 644 "$log"
conf none '{"sources": [{"path": "'"$log"'", "format": "clf"}], "threshold": 7}'
check "backend none: the agent starts" start none
sub_start none
attack "$log" 7
check "the alarm comes, with blocked false and no block_until" \
	wait_for "$D/none.sub" '"ip":"198.51.100.7".*"blocked":false,"block_until":null'
check "no block is logged" sh -c "! grep -q 'ids: block ' '$D/none.log'"
check "/status: blocking off, why, nothing counted or listed" js none \
	'd["ids"]["blocking"] == "off" and d["ids"]["blocking_reason"] ==
	"ids.block_backend is none" and d["ids"]["blocks"] == 0 and
	d["ids"]["blocked"] == [] and d["ids"]["alarms"] == 1'
curl -s "$U/metrics" >"$D/none.metrics"
check "/metrics: nothing blocked, blocking 0, running 1" sh -c "
	grep -q '^camguard_ids_blocked{camera=\"none\"} 0$' '$D/none.metrics' &&
	grep -q '^camguard_ids_blocks_total{camera=\"none\"} 0$' '$D/none.metrics' &&
	grep -q '^camguard_ids_blocking{camera=\"none\"} 0$' '$D/none.metrics' &&
	grep -q '^camguard_ids_running{camera=\"none\"} 1$' '$D/none.metrics'"
curl -s "$U/" >"$D/none.html"
check "the page says blocking is off and lists nobody as blocked" sh -c "
	grep -q 'off (alarms only): ids.block_backend is none' '$D/none.html' &&
	grep -q 'Blocked now (0)' '$D/none.html' &&
	grep -q 'Blocking is off here' '$D/none.html'"
check "the retained ids/blocked is empty" sh -c "
	[ \"\$($RET MOBOTIX/none/ids/blocked)\" = '{\"count\":0,\"entries\":[]}' ]"
stop

# ---- blocking off: block false with the file backend ---------------------
log=$D/nb.access; : >"$log"; chmod 644 "$log"
conf nb '{"sources": [{"path": "'"$log"'", "format": "clf"}], "threshold": 7,
 "block": false, "block_backend": "file", "block_file": "'"$D/nb.blocks"'"}'
check "block false: the agent starts" start nb
sub_start nb
attack "$log" 7
check "the alarm says blocked false" \
	wait_for "$D/nb.sub" '"ip":"198.51.100.7".*"blocked":false'
check "nothing reached the block file, nothing is listed" sh -c "
	! grep -q 198.51.100.7 '$D/nb.blocks' 2>/dev/null &&
	! grep -q 'ids: block ' '$D/nb.log'"
check "/status: blocking off because ids.block is false" js nb \
	'd["ids"]["blocking"] == "off" and
	d["ids"]["blocking_reason"] == "ids.block is false" and
	d["ids"]["blocked"] == []'
stop

# ---- a block the firewall refuses: the alarm says blocked false -----------
mkdir -p "$D/bf"; chown "$T_RUN_USER" "$D/bf"
log=$D/ref.access; : >"$log"; chmod 644 "$log"
conf ref '{"sources": [{"path": "'"$log"'", "format": "clf"}], "threshold": 7,
 "block_backend": "file", "block_file": "'"$D/bf/blocks"'"}'
check "file backend: the agent starts" start ref
sub_start ref
rm -rf "$D/bf"		# the file backend can no longer write its file
attack "$log" 7
check "the firewall refused the block: the alarm says blocked false" \
	wait_for "$D/ref.sub" '"ip":"198.51.100.7".*"blocked":false'
mkdir -p "$D/bf"; chown "$T_RUN_USER" "$D/bf"
stop

# ---- a backend that does not start ------------------------------------------
log=$D/fail.access; : >"$log"; chmod 644 "$log"
conf fail '{"sources": [{"path": "'"$log"'", "format": "clf"}], "threshold": 7,
 "block_backend": "camera-acl", "ports": [80]}'
check "camera-acl without a camera account: the agent starts" start fail
sub_start fail
check "the IDS runs, blocking failed, and the log says so" \
	grep -q 'ids: blocking is failed: the camera-acl backend did not start' \
	"$D/fail.log"
attack "$log" 7
check "it still alarms, blocked false" \
	wait_for "$D/fail.sub" '"ip":"198.51.100.7".*"blocked":false'
check "/status: running, blocking failed with why" js fail \
	'd["ids"]["running"] and d["ids"]["blocking"] == "failed" and
	"did not start" in d["ids"]["blocking_reason"]'
check "/readyz: 503, blocking failed" sh -c "
	curl -s -w ' %{http_code}' $U/readyz | tr '\n' ' ' |
	grep -q '^ids: blocking failed: the camera-acl backend did not start  503'"
stop

# ---- a state file with a prefix the detector does not count by ------------
boot=$(cat /proc/sys/kernel/random/boot_id)
until=$(($(date +%s) + 3600))
printf 'camguard-state 1\nboot %s\nsaved %s\nblock 10.0.0.0/8 %s\nblock 192.0.2.9/32 %s\n' \
	"$boot" "$(date +%s)" "$until" "$until" >"$D/st.state"
chown "$T_RUN_USER" "$D/st.state"
log=$D/st.access; : >"$log"; chmod 644 "$log"
conf st '{"sources": [{"path": "'"$log"'", "format": "clf"}],
 "block_backend": "file", "block_file": "'"$D/st.blocks"'",
 "state_file": "'"$D/st.state"'"}'
check "state file with 10.0.0.0/8 and 192.0.2.9/32: the agent starts" start st
check "the /8 is released in the firewall, the /32 blocked again" sh -c "
	grep -qx 'release 10.0.0.0/8' '$D/st.blocks' &&
	grep -qx 'block 192.0.2.9/32 $until' '$D/st.blocks' &&
	! grep -q '^block 10.0.0.0' '$D/st.blocks'"
check "/status lists exactly 192.0.2.9/32, as the firewall holds it" js st \
	'[(b["ip"], b["prefix"]) for b in d["ids"]["blocked"]] ==
	[("192.0.2.9", 32)]'
check "the retained ids/blocked says the same" sh -c "
	$RET MOBOTIX/st/ids/blocked | grep -q '\"count\":1,\"entries\":\[{\"ip\":\"192.0.2.9\",\"prefix\":32'"
check "the state file no longer holds the /8" sh -c "
	! grep -q '10.0.0.0' '$D/st.state' && grep -q '^block 192.0.2.9/32' '$D/st.state'"
stop

# ---- blindness is loud: a source missing, unreadable, then read ----------
log=$D/blind.access
rm -f "$log"
conf blind '{"sources": [{"path": "'"$log"'", "format": "clf"}]}'
check "a source that does not exist: the agent starts" start blind
check "/status: the source is not readable, No such file" js blind \
	'd["ids"]["running"] and d["ids"]["sources"] == [{"path": "'"$log"'",
	"readable": False, "error": "No such file or directory",
	"last_line_age_s": None}]'
check "/metrics: camguard_ids_source_up{path=...} 0" sh -c "
	curl -s $U/metrics | grep -q '^camguard_ids_source_up{camera=\"blind\",path=\"$log\"} 0$'"
check "/readyz: 503, no log source can be read" sh -c "
	curl -s -w ' %{http_code}' $U/readyz | tr '\n' ' ' |
	grep -q '^ids: no log source can be read  503'"
check "the retained MQTT status says the source is not read" sh -c "
	$RET MOBOTIX/blind/camguard/status | grep -q '\"ids\":{\"running\":true,.*\"readable\":false,\"error\":\"No such file or directory\"'"
check "MX-21 fails: the one configured source cannot be read" js blind \
	'[r["evidence"] for r in d["failed"] if r["id"] == "MX-21"] ==
	[{"live_ids_sources_readable": "0", "live_ids_sources_unreadable": "1"}]'
# (a root-only log is read: the privileged parent opens it, issue 15;
# a FIFO is what nobody may read)
mkfifo "$log"
check "the log appears as a FIFO: not a regular file" \
	sh -c "for i in \$(seq 50); do curl -s $U/status |
	grep -q 'not a regular file' && exit 0; sleep 0.1; done; exit 1"
rm -f "$log"; : >"$log"
chmod 644 "$log"
touch "$log"
check "readable now: /status and /metrics follow" sh -c "
	for i in \$(seq 80); do curl -s $U/metrics |
	grep -q '^camguard_ids_source_up{camera=\"blind\",path=\"$log\"} 1$' &&
	exit 0; sleep 0.1; done; exit 1"
check "/readyz: 200" sh -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' $U/readyz)\" = 200 ]"
check "the retained MQTT status follows: readable, no error" sh -c "
	for i in \$(seq 30); do $RET MOBOTIX/blind/camguard/status |
	grep -q '\"readable\":true,\"error\":null' && exit 0; sleep 0.2; done; exit 1"
printf 'not a log line\n' >>"$log"
check "a line gives the source an age" sh -c "for i in \$(seq 50); do
	curl -s $U/metrics | grep -q '^camguard_ids_source_last_line_age_seconds{camera=\"blind\",path=\"$log\"} [0-9]' &&
	exit 0; sleep 0.1; done; exit 1"
kill -USR1 "$pid"
check "after a rescan MX-21 no longer fails" sh -c "
	for i in \$(seq 50); do curl -s $U/status > '$D/b2.status';
	grep -q '\"scans\"' '$D/b2.status' || true;
	! grep -q '\"id\":\"MX-21\"' '$D/b2.status' && exit 0; sleep 0.2; done; exit 1"
stop
t_done
