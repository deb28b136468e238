#!/bin/sh
# Ban latency (make bench): from appending the failing line that reaches
# the threshold to the element appearing in the kernel's nftables set, as
# `nft monitor` reports it; TRIALS (default 200) sources, p50/p99/max.
# Runs in a network namespace of its own; nothing leaves it.
set -u
. "$(dirname "$0")/../integration/lib.sh"
TRIALS=${TRIALS:-200}
NS=cgban$$
ip netns add "$NS" || { echo "ban latency: needs root and netns"; exit 1; }
trap 't_cleanup; ip netns del $NS 2>/dev/null' EXIT INT TERM
ip -n "$NS" link set lo up

: >"$T_DIR/access.log"; chmod 644 "$T_DIR/access.log"
cat >"$T_DIR/camguard.json" <<JSON
{"camera": {"config_file": "$PWD/examples/camera-default.cfg"},
 "status": {"enabled": false},
 "ids": {"sources": [{"path": "$T_DIR/access.log", "format": "clf"}],
         "threshold": 5, "block_backend": "nftables", "block_s": 3600,
         "ports": [8080]},
 "run": {"user": "$T_RUN_USER"}}
JSON
ip netns exec "$NS" "$CAMGUARD" run -c "$T_DIR/camguard.json" -d >"$T_DIR/run.log" 2>&1 &
T_PIDS="$T_PIDS $!"
wait_for "$T_DIR/run.log" "started, version" >/dev/null
for _ in $(seq 50); do
	ip netns exec "$NS" nft list table inet camguard >/dev/null 2>&1 && break
	sleep 0.1
done

ip netns exec "$NS" python3 - "$T_DIR/access.log" "$TRIALS" <<'PY'
import subprocess, sys, threading, time
log, trials = sys.argv[1], int(sys.argv[2])
mon = subprocess.Popen(["nft", "monitor", "new", "elements"],
                       stdout=subprocess.PIPE, text=True, bufsize=1)
seen, cond = {}, threading.Condition()
def reader():
    for line in mon.stdout:
        t = time.monotonic()
        with cond:
            for w in line.replace(",", " ").split():
                if w.startswith("10.77."):
                    seen.setdefault(w, t)
            cond.notify_all()
threading.Thread(target=reader, daemon=True).start()
time.sleep(0.5)
line = '%s - admin [24/Nov/2026:10:00:00 +0000] "GET /admin/ HTTP/1.1" 401 0\n'
lat = []
with open(log, "a", buffering=1) as f:
    for i in range(trials):
        ip = "10.77.%d.%d" % (i // 250, 1 + i % 250)
        f.write(line % ip * 4)
        time.sleep(0.005)
        t0 = time.monotonic()
        f.write(line % ip)
        with cond:
            cond.wait_for(lambda: ip in seen, timeout=5)
        if ip in seen:
            lat.append((seen[ip] - t0) * 1000)
mon.terminate()
lat.sort()
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
print("ban latency over %d trials (%d seen): p50 %.2f ms, p99 %.2f ms, max %.2f ms"
      % (trials, len(lat), q(0.5), q(0.99), lat[-1]))
PY
