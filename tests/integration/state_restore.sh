#!/bin/sh
# The state file is writable by run.user, so camguard trusts it no more
# than a new decision (issue 15, item 4): a tampered file's loopback,
# whole-range, ignored and allowed entries are refused at restore (logged
# and counted in /metrics), its honest entries restored; more blocks than
# the file holds (IDS_BLOCKED_SAVE_MAX, 4096) are logged and shown in
# /metrics instead of silently cut.
. "$(dirname "$0")/lib.sh"

conf=$T_DIR/camguard.json
log=$T_DIR/run.log
access=$T_DIR/access.log
blocks=$T_DIR/blocks
state=$T_DIR/state
SP=$(free_port)
: >"$access"; chmod 644 "$access"
cat >"$conf" <<JSON
{"camera": {"config_file": "$PWD/examples/camera-default.cfg"},
 "status": {"listen": "127.0.0.1:$SP"},
 "ids": {"sources": [{"path": "$access", "format": "clf"}],
         "threshold": 5, "block_backend": "file", "block_file": "$blocks",
         "block_s": 3600, "state_file": "$state", "max_tracked": 16384,
         "allow": ["198.51.100.7"]},
 "run": {"user": "$T_RUN_USER"}}
JSON
boot=$(cat /proc/sys/kernel/random/boot_id)
until=$(( $(date +%s) + 3000 ))
cat >"$state" <<STATE
camguard-state 1
boot $boot
saved $(date +%s)
block 127.0.0.0/8 0
block 127.0.0.1/32 $until
block ::1/128 0
block ::/1 0
block 8000::/1 $until
block 0.0.0.0/1 0
block 198.51.100.7/32 $until
block 192.0.2.0/24 $until
block 203.0.113.9/32 $until
block 2001:db8:5:6::/64 $until
STATE
chmod 666 "$state"
"$CAMGUARD" run -c "$conf" -d >"$log" 2>&1 &
pid=$!; T_PIDS="$T_PIDS $pid"
check "the daemon starts on a tampered state file" wait_for "$log" "started, version"
check "the honest entries are restored" \
	wait_for "$log" "ids: 2 blocks restored from $state"
check "and given to the firewall" sh -c "
	grep -q '^block 203.0.113.9/32' '$blocks' &&
	grep -q '^block 2001:db8:5:6::/64' '$blocks'"
for bad in 127.0.0.0/8 127.0.0.1/32 ::1/128 ::/1 8000::/1 0.0.0.0/1 \
    198.51.100.7/32 192.0.2.0/24; do
	check "$bad never reaches the firewall" \
		sh -c "! grep -q '^block $bad ' '$blocks'"
done
check "each refusal is logged with its reason" sh -c "
	grep -q 'state file $state: block of 127.0.0.0/8 refused: prefix wider than configured' '$log' &&
	grep -q 'state file $state: block of 127.0.0.1/32 refused: loopback' '$log' &&
	grep -q 'state file $state: block of 198.51.100.7/32 refused: an ids.allow address' '$log' &&
	grep -q 'state file $state: block of ::/1 refused: prefix wider than configured' '$log'"
metric() { curl -s "http://127.0.0.1:$SP/metrics" | sed -n "s/^$1{[^}]*} //p"; }
check "/metrics counts the 8 refusals" [ "$(metric camguard_ids_state_refused_total)" = 8 ]
check "the evictions counter is in /metrics too" \
	[ "$(metric camguard_ids_evictions_total)" = 0 ]

# 4100 attackers: more blocks than the state file holds.  The last ten
# come slowly, so that the log's flood limit has room for the warning.
attackers() {	# FIRST COUNT
	python3 - "$access" "$1" "$2" <<'PY'
import sys, time
first, count = int(sys.argv[2]), int(sys.argv[3])
with open(sys.argv[1], "a") as f:
    for i in range(first, first + count):
        ip = "10.%d.%d.%d" % (20 + i // 65536, (i // 256) % 256, i % 256)
        for k in range(5):
            f.write('%s - admin [24/Nov/2026:10:00:0%d +0000] "GET /a/ HTTP/1.1" 401 10 "-" "x"\n' % (ip, k))
        if count < 100:
            f.flush(); time.sleep(0.3)
PY
}
blocked() { grep -c '^block 10\.' "$blocks"; }
attackers 0 4090
for _ in $(seq 300); do [ "$(blocked)" -ge 4090 ] && break; sleep 0.2; done
check "4090 attackers blocked, nothing lost yet" \
	sh -c "[ \"\$(grep -c '^block 10\.' '$blocks')\" -eq 4090 ] && ! grep -q 'is full' '$log'"
sleep 3
attackers 4090 10
check "a full state file is logged" \
	wait_for "$log" "ids: state file $state is full: [0-9]* blocks beyond 4096 are not saved" 100
for _ in $(seq 100); do [ "$(blocked)" -ge 4100 ] && break; sleep 0.2; done
n=$(metric camguard_ids_state_unsaved)
check "/metrics shows the blocks the file could not hold (got $n)" [ "$n" -eq 6 ]
check "the file itself holds its 4096" [ "$(grep -c '^block ' "$state")" -eq 4096 ]
kill -TERM "$pid"; wait_exit "$pid" || kill -KILL "$pid"; wait "$pid"
t_done
