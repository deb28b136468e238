#!/bin/sh
# A scan runs beside the loop, not in it: while the camera never answers
# (a port that accepts and stays silent), the status endpoint still
# answers, and the scan ends with its reason once the deadline passes.
. "$(dirname "$0")/lib.sh"

python3 tests/camsim/camsim.py --profile default --blackhole-port 0 \
	>"$T_DIR/camsim.out" 2>&1 &
T_PIDS="$T_PIDS $!"
wait_for "$T_DIR/camsim.out" "camsim ready" >/dev/null
BH=$(sed -n 's/.*blackhole=\([0-9]*\).*/\1/p' "$T_DIR/camsim.out")
SP=$(free_port)
printf 'x\n' >"$T_DIR/cam.pw"; chmod 644 "$T_DIR/cam.pw"
cat >"$T_DIR/camguard.json" <<JSON
{"camera": {"url": "http://127.0.0.1:$BH", "user": "admin",
            "password_file": "$T_DIR/cam.pw", "timeout_ms": 4000},
 "ids": {"enabled": false}, "status": {"listen": "127.0.0.1:$SP"},
 "run": {"user": "$T_RUN_USER"}}
JSON
"$CAMGUARD" run -c "$T_DIR/camguard.json" -d >"$T_DIR/run.log" 2>&1 &
pid=$!; T_PIDS="$T_PIDS $pid"
wait_for "$T_DIR/run.log" "started, version" >/dev/null
kill -USR1 "$pid"	# a scan against the silent camera is under way
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$SP/livez")
check "/livez answers while a scan waits on a silent camera (got $code)" [ "$code" = 200 ]
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$SP/readyz")
check "/readyz says not ready before any scan finished (got $code)" [ "$code" = 503 ]
check "the scan ends with the camera's timeout as its reason" \
	wait_for "$T_DIR/run.log" "scan failed (1 in a row): .*127.0.0.1:$BH.*" 120
# the start scan and the SIGUSR1 one (queued behind it) both end
for _ in $(seq 150); do
	grep -q "scan failed (2 in a row): .*127.0.0.1:$BH" "$T_DIR/run.log" && break
	sleep 0.1
done
sleep 0.2
# scanning processes are the worker's children; started as root, the
# worker is the privileged parent's child
worker=$pid
[ "$(id -u)" = 0 ] && worker=$(pgrep -P "$pid" -x camguard | head -1)
check "a scan asked for during a scan runs after it, and none is left behind" \
	sh -c "grep -q 'scan failed (2 in a row): .*127.0.0.1:$BH' $T_DIR/run.log && ! pgrep -P $worker -x camguard >/dev/null"
kill -TERM "$pid"; wait "$pid"; rc=$?
check "SIGTERM during or after scans exits 0 (got $rc)" [ "$rc" -eq 0 ]
t_done
