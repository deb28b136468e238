#!/bin/sh
# No read can hang the daemon (issue 15, item 6): a FIFO in place of
# camguard.json is refused on SIGHUP and the worker runs on; a FIFO as
# camera.config_file fails the scan at once and later scans still run; a
# scan stuck where no camera.timeout_ms applies (name resolution against
# a DNS server that never answers, in a namespace of this test) is killed
# at its deadline and reported as an error with reason timeout.
. "$(dirname "$0")/lib.sh"

conf=$T_DIR/camguard.json
log=$T_DIR/run.log
SP=$((20000 + $$ % 12000))
cat >"$conf" <<JSON
{"camera": {"config_file": "$PWD/examples/camera-default.cfg"},
 "status": {"enabled": false}, "ids": {"enabled": false},
 "run": {"user": "$T_RUN_USER"}}
JSON
"$CAMGUARD" run -c "$conf" -d >"$log" 2>&1 &
pid=$!; T_PIDS="$T_PIDS $pid"
wait_for "$log" "scan 1:" >/dev/null
rm "$conf"; mkfifo "$conf"; chmod 666 "$conf"
kill -HUP "$pid"
check "a FIFO as camguard.json is refused on SIGHUP: not a regular file" \
	wait_for "$log" "$conf: not a regular file"
check "and the running configuration is kept" \
	wait_for "$log" "keeping the running configuration"
kill -USR1 "$pid"
check "the daemon still serves signals after that reload (scan 2)" \
	wait_for "$log" "scan 2:"
kill -TERM "$pid"; wait_exit "$pid" || kill -KILL "$pid"
wait "$pid" 2>/dev/null

rm -f "$conf"
mkfifo "$T_DIR/camera.cfg"; chmod 666 "$T_DIR/camera.cfg"
cat >"$conf" <<JSON
{"camera": {"config_file": "$T_DIR/camera.cfg"},
 "status": {"enabled": false}, "ids": {"enabled": false},
 "run": {"user": "$T_RUN_USER"}}
JSON
: >"$log"
timeout 20 "$CAMGUARD" run -c "$conf" -d >"$log" 2>&1; rc=$?
check "run refuses to start on a FIFO as camera.config_file: exit 2 (got $rc)" \
	[ "$rc" -eq 2 ]
check "and names it: not a regular file" \
	grep -q "camera.config_file $T_DIR/camera.cfg: .*not a regular file" "$log"
rm "$T_DIR/camera.cfg"; cp examples/camera-default.cfg "$T_DIR/camera.cfg"
chmod 644 "$T_DIR/camera.cfg"
: >"$log"
"$CAMGUARD" run -c "$conf" -d >"$log" 2>&1 &
pid=$!; T_PIDS="$T_PIDS $pid"
wait_for "$log" "scan 1:" >/dev/null
rm "$T_DIR/camera.cfg"; mkfifo "$T_DIR/camera.cfg"; chmod 666 "$T_DIR/camera.cfg"
kill -USR1 "$pid"
check "a FIFO put in place of camera.config_file fails the scan at once" \
	wait_for "$log" "scan failed (1 in a row): $T_DIR/camera.cfg: not a regular file"
kill -USR1 "$pid"
check "and the next scan runs (and fails the same way)" \
	wait_for "$log" "scan failed (2 in a row): $T_DIR/camera.cfg: not a regular file" 150
kill -TERM "$pid"; wait_exit "$pid" || kill -KILL "$pid"
wait "$pid" 2>/dev/null

# The deadline: a camera named by a host name whose DNS server (in this
# test's namespace, at 127.0.0.1) swallows every query; resolv.conf asks
# glibc to wait 30 s, 5 times.  camera.timeout_ms does not bound name
# resolution; the scan's deadline (6 x 500 ms of waiting) does.
NS=cgdns$$
if [ "$(id -u)" != 0 ] || ! ip netns add "$NS" 2>/dev/null; then
	ok "# SKIP the deadline needs root and network namespaces"
	t_done; exit 0
fi
ns_cleanup() { ip netns del "$NS" 2>/dev/null; rm -rf "/etc/netns/$NS"; }
trap 't_cleanup; ns_cleanup' EXIT INT TERM
mkdir -p "/etc/netns/$NS"
printf 'nameserver 127.0.0.1\noptions timeout:30 attempts:5\n' \
	>"/etc/netns/$NS/resolv.conf"
NX="ip netns exec $NS"
$NX ip link set lo up
$NX python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 53)); print("dns ready", flush=True)
while True: s.recvfrom(4096)
' >"$T_DIR/dns.out" 2>&1 &
T_PIDS="$T_PIDS $!"
wait_for "$T_DIR/dns.out" "dns ready" >/dev/null
printf 'x\n' >"$T_DIR/cam.pw"; chmod 644 "$T_DIR/cam.pw"
cat >"$conf" <<JSON
{"camera": {"url": "http://camera.invalid:8080", "user": "admin",
            "password_file": "$T_DIR/cam.pw", "timeout_ms": 500},
 "status": {"listen": "127.0.0.1:$SP"}, "ids": {"enabled": false},
 "run": {"user": "$T_RUN_USER"}}
JSON
: >"$log"
$NX "$CAMGUARD" run -c "$conf" -d >"$log" 2>&1 &
pid=$!; T_PIDS="$T_PIDS $pid"
check "a scan stuck in name resolution is stopped at its deadline" \
	wait_for "$log" "scan failed (1 in a row): timeout: the scan waited" 200
$NX curl -s "http://127.0.0.1:$SP/status" >"$T_DIR/status.json"
check "/status reports the scan as error with reason timeout" \
	grep -q '"scan_error":{"result":"error","reason":"timeout"' "$T_DIR/status.json"
kill -USR1 "$pid"
check "the next scan runs and meets the same deadline" \
	wait_for "$log" "scan failed (2 in a row): timeout" 200
# scanning processes: children of the worker, which is the daemon itself
# or, under a privileged parent (uid 0), the parent's child
scanners() {
	w=$1
	grep -q '^Uid:[[:space:]]*0[[:space:]]' "/proc/$1/status" &&
		w=$(pgrep -P "$1" | head -1)
	[ -n "$w" ] && pgrep -P "$w"
}
no_scanners() { [ -z "$(scanners "$1")" ]; }
check "no scanning process is left behind" no_scanners "$pid"
kill -TERM "$pid"; wait_exit "$pid" || kill -KILL "$pid"
wait "$pid"; rc=$?
check "SIGTERM still exits 0 (got $rc)" [ "$rc" -eq 0 ]
t_done
