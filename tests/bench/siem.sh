#!/bin/sh
# SIEM latency (make bench): from appending the failing line that reaches
# the threshold to the ALARM's line in a real rsyslogd's output file
# (lib_rsyslog.sh, TLS then plain TCP on loopback); TRIALS (default 200)
# sources, one at a time, p50/p99/max.  The file is polled every 0.1 ms,
# so a figure is at most that late.  Prints "bench: ..." lines.
set -u
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/../integration/lib_rsyslog.sh"
TRIALS=${TRIALS:-200}
ACCESS=$T_DIR/access.log

# measure MODE: one agent against rsyslogd in MODE (tls or tcp)
measure() {
	rsys_start "$1" || { echo "bench: siem: rsyslogd ($1) did not start"; return 1; }
	target="\"target\": \"$1://127.0.0.1:$RSYS_PORT\""
	[ "$1" = tls ] && target="$target, \"ca_file\": \"$RSYS_CA\""
	: >"$ACCESS"
	chmod 644 "$ACCESS"
	cat >"$T_DIR/camguard.json" <<JSON
{"camera": {"config_file": "$PWD/examples/camera-default.cfg",
            "id": "cam-bench"},
 "status": {"enabled": false},
 "ids": {"sources": [{"path": "$ACCESS", "format": "clf"}],
         "threshold": 5, "block": false},
 "run": {"user": "$T_RUN_USER"},
 "siem": {$target}}
JSON
	"$CAMGUARD" run -c "$T_DIR/camguard.json" -d >"$T_DIR/run-$1.log" 2>&1 &
	agent=$!
	T_PIDS="$T_PIDS $agent"
	wait_for "$T_DIR/run-$1.log" "siem: connected" 100 >/dev/null ||
	    { echo "bench: siem: the agent did not connect ($1)"; return 1; }
	rsys_wait_lines 2 >/dev/null	# START and the first SCAN
	python3 - "$ACCESS" "$RSYS_GOT" "$TRIALS" "$1" <<'PY'
import os, sys, time
log, got, trials, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
line = '%s - admin [24/Nov/2026:10:00:00 +0000] "GET /admin/ HTTP/1.1" 401 0\n'
pos = os.path.getsize(got)
buf = b""
lat = []

def wait_for(needle, t0, limit=5.0):
    global pos, buf
    while time.monotonic() - t0 < limit:
        size = os.path.getsize(got)
        if size > pos:
            with open(got, "rb") as f:
                f.seek(pos)
                buf += f.read(size - pos)
            pos = size
            if needle in buf:
                t = time.monotonic()
                buf = buf[buf.index(needle):].split(b"\n", 1)[-1]
                return t
        time.sleep(0.0001)
    return None

with open(log, "a", buffering=1) as f:
    for i in range(trials):
        ip = "198.18.%d.%d" % (i // 250, 1 + i % 250)
        f.write(line % ip * 4)
        time.sleep(0.01)
        t0 = time.monotonic()
        f.write(line % ip)
        t = wait_for(('ip="%s"' % ip).encode(), t0)
        if t is not None:
            lat.append((t - t0) * 1000)
lat.sort()
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
if lat:
    print("bench: siem %s: alarm to its line in rsyslog's file over %d "
          "alarms (%d seen): p50 %.2f ms, p99 %.2f ms, max %.2f ms"
          % (mode, trials, len(lat), q(0.5), q(0.99), lat[-1]))
else:
    print("bench: siem %s: no alarm reached rsyslog" % mode)
PY
	kill "$agent"
	wait "$agent"
	rsys_stop
	rm -f "$RSYS_GOT" "$RSYS_SD"
}

measure tls
measure tcp
