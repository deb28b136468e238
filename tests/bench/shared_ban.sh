#!/bin/sh
# Shared ban latency (make bench): from appending the failing line that
# reaches the threshold on camera A to the element appearing in camera B's
# nftables set, as `nft monitor` in B's namespace reports it; TRIALS
# (default 100) sources, p50/p99/max.  A and B run `camguard run` with
# nftables (privileged parent) in namespaces of their own, trusting each
# other (ids.fleet); one mosquitto on the host, reached from each
# namespace through a socat relay (tests/integration/lib_fleet.sh), so the
# path is: tail, detector, A's firewall, the alarm over MQTT (relay,
# broker, relay), B's shared ban, B's firewall.  Nothing leaves the
# machine.  Target: p99 <= 50 ms.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/../integration/lib_fleet.sh"
TRIALS=${TRIALS:-100}
[ "$(id -u)" = 0 ] || { echo "shared ban latency: needs root"; exit 1; }
trap 'fl_cleanup; fl_ns_cleanup; t_cleanup' EXIT INT TERM

P=$((20000 + ($$ * 23) % 12000))
while ss -ltn | grep -q ":$P "; do P=$((P + 1)); done
printf 'user root\nlistener %s 127.0.0.1\nallow_anonymous true\n' "$P" \
    >"$T_DIR/broker.conf"
mosquitto -c "$T_DIR/broker.conf" >"$T_DIR/broker.log" 2>&1 &
T_PIDS="$T_PIDS $!"
fl_until 50 sh -c "ss -ltn | grep -q ':$P '" ||
    { echo "shared ban latency: no broker"; exit 1; }

A=cgsba$$ B=cgsbb$$
fl_ns "$A" 10.251.0.2 "$P" && fl_ns "$B" 10.251.0.3 "$P" ||
    { echo "shared ban latency: no namespaces"; exit 1; }
fl_ns_conf "$T_DIR/a.json" cam-a "$P" '["cam-b"]'
fl_ns_conf "$T_DIR/b.json" cam-b "$P" '["cam-a"]'
# the bench's sources are many: no deadtime between alarms matters, but
# every source must alarm at its threshold
fl_ns_start "$A" cam-a "$T_DIR/a.json" &&
    fl_ns_start "$B" cam-b "$T_DIR/b.json" ||
    { echo "shared ban latency: agents did not connect"; exit 1; }
sleep 1

ip netns exec "$B" python3 - "$T_DIR/cam-a/access.log" "$TRIALS" <<'PY'
import subprocess, sys, threading, time
log, trials = sys.argv[1], int(sys.argv[2])
mon = subprocess.Popen(["nft", "monitor", "new", "elements"],
                       stdout=subprocess.PIPE, text=True, bufsize=1)
seen, cond = {}, threading.Condition()
def reader():
    for line in mon.stdout:
        t = time.monotonic()
        with cond:
            for w in line.replace(",", " ").replace("{", " ").split():
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
        time.sleep(0.02)
        t0 = time.monotonic()
        f.write(line % ip)
        with cond:
            cond.wait_for(lambda: ip in seen, timeout=5)
        if ip in seen:
            lat.append((seen[ip] - t0) * 1000)
        time.sleep(0.03)
mon.terminate()
lat.sort()
if not lat:
    print("shared ban latency: no element seen on B"); sys.exit(1)
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
print("shared ban latency A -> B over %d trials (%d seen): p50 %.2f ms, "
      "p99 %.2f ms, max %.2f ms" % (trials, len(lat), q(0.5), q(0.99),
      lat[-1]))
PY
