#!/bin/sh
# camguard run detects brute force live: it tails a web server log, alarms
# and blocks at the threshold (file backend), follows a rotated log, takes
# a lowered threshold on SIGHUP, and restores its blocks from the state
# file after a restart within the same boot (spec sections 3, 8, 10).
. "$(dirname "$0")/lib.sh"

conf=$T_DIR/camguard.json
log=$T_DIR/run.log
access=$T_DIR/access.log
blocks=$T_DIR/blocks
: >"$access"
chmod 644 "$access"
write_conf() {
	cat >"$conf" <<JSON
{"camera": {"config_file": "$PWD/examples/camera-default.cfg"},
 "status": {"enabled": false},
 "ids": {"sources": [{"path": "$access", "format": "clf"}],
         "threshold": $1, "block_backend": "file", "block_file": "$blocks",
         "block_s": 600, "state_file": "$T_DIR/state"},
 "run": {"user": "$T_RUN_USER"}}
JSON
}
# fail IP N USER: append N failed logins from IP
fail() {
	i=0
	while [ "$i" -lt "$2" ]; do
		echo "$1 - $3 [24/Nov/2026:10:00:0$i +0000] \"GET /admin/ HTTP/1.1\" 401 381 \"-\" \"curl\"" >>"$access"
		i=$((i + 1))
	done
}
start() {
	"$CAMGUARD" run -c "$conf" -d >>"$log" 2>&1 &
	pid=$!; T_PIDS="$T_PIDS $pid"
	wait_for "$log" "started, version" >/dev/null
}

write_conf 7
start
fail 192.0.2.9 6 admin
fail 198.51.100.4 4 root
sleep 0.5
check "six failures under a threshold of 7 block nothing" [ ! -s "$blocks" ]
fail 192.0.2.9 1 admin
check "the seventh failure blocks the source" wait_for "$blocks" "^block 192.0.2.9/32 [0-9]*$"
check "and raises an alarm with the attempt count" wait_for "$log" "ids: alarm for 192.0.2.9/32 after 7 failures"
until=$(sed -n 's|^block 192.0.2.9/32 ||p' "$blocks")
now=$(date +%s)
check "the block ends block_s (600 s) from now" [ "$until" -ge $((now + 590)) -a "$until" -le $((now + 610)) ]
check "a bystander with 4 failures is not blocked" sh -c "! grep -q 198.51.100.4 $blocks"
fail 10.9.9.9 7 6.6.6.6
check "an address written as the user name is not what gets blocked" wait_for "$blocks" "^block 10.9.9.9/32"
check "the address in the user field is never blocked" sh -c "! grep -q 6.6.6.6 $blocks"

mv "$access" "$access.1"
: >"$access"; chmod 644 "$access"
fail 203.0.113.5 7 guest
check "a rotated log (rename + create) is followed" wait_for "$blocks" "^block 203.0.113.5/32"

write_conf 5
kill -HUP "$pid"
wait_for "$log" "configuration reloaded" >/dev/null
fail 203.0.113.77 5 admin
check "SIGHUP lowering the threshold to 5 takes effect" wait_for "$blocks" "^block 203.0.113.77/32"

kill -TERM "$pid"; wait "$pid"; rc=$?
check "SIGTERM exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "the state file holds the blocks with the boot id" sh -c "grep -q '^boot ' $T_DIR/state && grep -q '192.0.2.9/32' $T_DIR/state"
: >"$blocks"
start
check "a restart in the same boot restores the blocks" wait_for "$log" "ids: 4 blocks restored from $T_DIR/state"
check "and hands them to the firewall again" wait_for "$blocks" "^block 192.0.2.9/32"
fail 198.18.0.1 5 admin
wait_for "$blocks" "^block 198.18.0.1/32" >/dev/null
# the state file is saved just after the firewall took the block
both_saved() {
	wait_for "$T_DIR/state" '198.18.0.1/32' &&
		grep -q '192.0.2.9/32' "$T_DIR/state"
}
check "restored blocks stay in the state file when a new block saves it" \
	both_saved
kill -TERM "$pid"; wait "$pid"
t_done
