#!/bin/sh
# Shared ban latency (make bench): from appending the failing line that
# reaches the threshold on camera A to the element appearing in camera B's
# nftables set, as `nft monitor` in B's namespace reports it; TRIALS
# (default 100) sources, p50/p99/max.  A and B run `camguard run` with
# nftables (privileged parent) in namespaces of their own, trusting each
# other (ids.fleet); mosquitto runs in a third namespace, linked to each
# by a veth pair, so the path is what a site has: tail, detector, A's
# firewall, the alarm over MQTT/TCP to the broker and on to B, B's shared
# ban, B's firewall.  Nothing leaves the machine.  Target: p99 <= 50 ms.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/../integration/lib_fleet.sh"
TRIALS=${TRIALS:-100}
[ "$(id -u)" = 0 ] || { echo "shared ban latency: needs root"; exit 1; }
trap 'fl_cleanup; fl_ns_cleanup; t_cleanup' EXIT INT TERM

P=1883
A=cgsba$$ B=cgsbb$$ M=cgsbm$$
FL_NS="$A $B $M"	# fl_ns_cleanup deletes them
for n in $A $B $M; do
	ip netns add "$n" && ip -n "$n" link set lo up ||
	    { echo "shared ban latency: no namespaces"; exit 1; }
done
i=1
for n in $A $B; do
	ip -n "$M" link add "br$i" type veth peer name eth0 netns "$n" &&
	    ip -n "$M" addr add "10.252.$i.1/24" dev "br$i" &&
	    ip -n "$M" link set "br$i" up &&
	    ip -n "$n" addr add "10.252.$i.2/24" dev eth0 &&
	    ip -n "$n" link set eth0 up ||
	    { echo "shared ban latency: no links"; exit 1; }
	i=$((i + 1))
done
printf 'user root\nlistener %s\nallow_anonymous true\n' "$P" \
    >"$T_DIR/broker.conf"
ip netns exec "$M" mosquitto -c "$T_DIR/broker.conf" >"$T_DIR/broker.log" 2>&1 &
T_PIDS="$T_PIDS $!"
fl_until 50 fl_listens "$M" "$P" || { echo "shared ban latency: no broker"; exit 1; }

fl_ns_conf "$T_DIR/a.json" cam-a "$P" '["cam-b"]'
fl_ns_conf "$T_DIR/b.json" cam-b "$P" '["cam-a"]'
sed -i 's/"host": "127.0.0.1"/"host": "10.252.1.1"/' "$T_DIR/a.json"
sed -i 's/"host": "127.0.0.1"/"host": "10.252.2.1"/' "$T_DIR/b.json"
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
