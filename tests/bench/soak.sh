#!/bin/sh
# Soak (make bench; not in make check): camguard run against the camera
# simulator for SOAK_SECONDS (default 600) of mixed traffic and attack
# storms, sampling the worker's RSS, open fds and CPU every second; then
# idle wake-ups per second with nothing happening.
#
# Traffic comes from 127.0.0.2-127.0.0.250 (loopback addresses other than
# camguard's own 127.0.0.1, which stays ignored), so nothing leaves the
# machine.
set -u
. "$(dirname "$0")/../integration/lib.sh"
SOAK_SECONDS=${SOAK_SECONDS:-600}
IDLE_SECONDS=${IDLE_SECONDS:-20}

python3 tests/camsim/camsim.py --profile default --bind 0.0.0.0 \
	--http-port 0 --access-log "$T_DIR/access.log" >"$T_DIR/camsim.out" 2>&1 &
T_PIDS="$T_PIDS $!"
wait_for "$T_DIR/camsim.out" "camsim ready" >/dev/null
HTTP=$(sed -n 's/.*http=\([0-9]*\).*/\1/p' "$T_DIR/camsim.out")
chmod 644 "$T_DIR/access.log"
printf 'meinsm\n' >"$T_DIR/cam.pw"; chown "$T_RUN_USER" "$T_DIR/cam.pw" 2>/dev/null
cat >"$T_DIR/camguard.json" <<JSON
{"camera": {"url": "http://127.0.0.1:$HTTP", "user": "admin", "password_file": "$T_DIR/cam.pw"},
 "checks": {"interval_s": 60},
 "ids": {"sources": [{"path": "$T_DIR/access.log", "format": "clf"}],
         "threshold": 7, "block_backend": "file", "block_file": "$T_DIR/blocks",
         "block_s": 30, "ignore": ["127.0.0.1/32"], "max_tracked": 65536},
 "status": {"listen": "127.0.0.1:$((HTTP + 1))"},
 "run": {"user": "$T_RUN_USER"}}
JSON
"$CAMGUARD" run -c "$T_DIR/camguard.json" -d >"$T_DIR/run.log" 2>&1 &
AGENT=$!; T_PIDS="$T_PIDS $AGENT"
wait_for "$T_DIR/run.log" "scan 1:" 100 >/dev/null
WORKER=$(pgrep -P "$AGENT" -x camguard | head -1)
[ -n "$WORKER" ] || WORKER=$AGENT

# Load: every second some good requests from bystanders, and every 10 s a
# storm of wrong passwords from 40 new attackers.
cat >"$T_DIR/load.py" <<'PY'
import base64, random, socket, sys, time
port, seconds = int(sys.argv[1]), float(sys.argv[2])
rnd = random.Random(7)
def req(src, auth, path="/"):
    s = socket.socket()
    try:
        s.bind((src, 0)); s.settimeout(2); s.connect(("127.0.0.1", port))
        h = "GET %s HTTP/1.1\r\nHost: cam\r\nConnection: close\r\n" % path
        if auth:
            h += "Authorization: Basic " + base64.b64encode(auth.encode()).decode() + "\r\n"
        s.sendall((h + "\r\n").encode()); s.recv(4096)
    except OSError:
        pass
    finally:
        s.close()
end, fails, tick = time.time() + seconds, 0, 0
while time.time() < end:
    for _ in range(20):
        req("127.0.0.%d" % rnd.randint(2, 50), None)
    if tick % 10 == 0:
        for a in range(40):
            src = "127.0.%d.%d" % (1 + (tick // 10) % 200, 2 + a)
            for _ in range(8):
                req(src, "admin:guess%d" % rnd.randint(0, 999), "/admin/")
                fails += 1
    tick += 1
    time.sleep(max(0, 1 - (time.time() % 1)))
print(fails)
PY
python3 "$T_DIR/load.py" "$HTTP" "$SOAK_SECONDS" >"$T_DIR/fails.txt" &
LOAD=$!; T_PIDS="$T_PIDS $LOAD"

clk=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$WORKER/stat"; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$WORKER/status"; }
fds() { ls "/proc/$WORKER/fd" | wc -l; }
cpu0=$(cpu); rss0=$(rss); fds0=$(fds); rssmax=$rss0; fdsmax=$fds0
while kill -0 "$LOAD" 2>/dev/null; do
	r=$(rss); f=$(fds)
	[ "$r" -gt "$rssmax" ] && rssmax=$r
	[ "$f" -gt "$fdsmax" ] && fdsmax=$f
	echo "$(date +%s) rss_kb=$r fds=$f cpu_ticks=$(cpu)" >>"$T_DIR/samples.txt"
	sleep 1
done
wait "$LOAD"
fails=$(cat "$T_DIR/fails.txt")
cpu1=$(cpu); rss1=$(rss); fds1=$(fds)
blocks=$(grep -c '^block' "$T_DIR/blocks" 2>/dev/null); blocks=${blocks:-0}

# Idle: no traffic; voluntary context switches of the worker per second.
sleep 2
v0=$(awk '/^voluntary_ctxt_switches/ {print $2}' "/proc/$WORKER/status")
sleep "$IDLE_SECONDS"
v1=$(awk '/^voluntary_ctxt_switches/ {print $2}' "/proc/$WORKER/status")

echo "soak: ${SOAK_SECONDS} s, $fails failed logins, $blocks blocks applied"
printf '%-34s %s\n' "RSS start / end / max (kB)" "$rss0 / $rss1 / $rssmax"
printf '%-34s %s\n' "open fds start / end / max" "$fds0 / $fds1 / $fdsmax"
awk -v c0="$cpu0" -v c1="$cpu1" -v hz="$clk" -v f="$fails" 'BEGIN {
	printf "%-34s %.1f ms\n", "CPU per 1,000 failures", (f ? (c1 - c0) * 1000 / hz / f * 1000 : 0)
	printf "%-34s %.2f s\n", "CPU total", (c1 - c0) / hz }'
awk -v a="$v0" -v b="$v1" -v s="$IDLE_SECONDS" 'BEGIN {
	printf "%-34s %.2f (target <= 1)\n", "idle wake-ups per second", (b - a) / s }'
kill -TERM "$AGENT"; wait "$AGENT"
