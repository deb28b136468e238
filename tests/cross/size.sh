#!/bin/sh
# size.sh HOSTBIN - the camera budgets, printed as a Markdown table: the
# stripped static size per ARCH as shipped (build/<arch>/camguard, MQTT
# without TLS) and with MQTT TLS over static OpenSSL (build/<arch>/size/
# camguard-tls, made by `make size`); RSS at idle under qemu-user; start-up
# time under qemu (launch to the "started" log line, and the mean of 20
# `camguard version`); the host build's figures for comparison.
#
# Idle: `camguard run -d` with the example camera (scan done, status
# endpoint listening, IDS on with no sources), 3 s after "started".  qemu
# maps the guest's memory into its own process, at one 4 GiB window that
# holds the binary's mapping; "guest RSS" sums the Rss of the mappings in
# that window (/proc/PID/smaps): what the agent itself holds, close to what
# a camera would show.  "qemu VmRSS" is the whole emulator process, and
# "qemu alone" the same for a static ARM program that only sleeps.
set -eu
HOST=${1:?usage: size.sh HOSTBIN}
W=$(mktemp -d /tmp/camguard-size.XXXXXX)
PIDS=
trap 'for p in $PIDS; do kill "$p" 2>/dev/null || :; done; rm -rf "$W"' EXIT INT TERM
port=$((20000 + $$ % 20000))
now_ms() { echo $(($(date +%s%N) / 1000000)); }
kb() { echo $((($(wc -c <"$1") + 1023) / 1024)); }
rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"; }
# guest_kb PID BIN: Rss of the 4 GiB window holding BIN's mapping, and of
# BIN's own (file-backed) pages in it
guest_kb() {
	python3 - "$1" "$2" <<'PY'
import os, re, sys
pid, binpath = sys.argv[1], os.path.realpath(sys.argv[2])
maps, cur = [], None
for line in open("/proc/%s/smaps" % pid):
    m = re.match(r"^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$", line)
    if m:
        cur = [int(m.group(1), 16), m.group(2).strip(), 0]
        maps.append(cur)
    elif line.startswith("Rss:") and cur:
        cur[2] = int(line.split()[1])
own = [m for m in maps if m[1] and os.path.realpath(m[1]) == binpath]
base = (min(m[0] for m in own) >> 32) << 32
print(sum(m[2] for m in maps if base <= m[0] < base + (1 << 32)),
      sum(m[2] for m in own))
PY
}

cat >"$W/camguard.json" <<JSON
{"camera": {"config_file": "$PWD/examples/camera-default.cfg"},
 "status": {"enabled": true, "listen": "127.0.0.1:$port"},
 "ids": {"enabled": true}, "mqtt": {"enabled": false},
 "run": {"user": "65534"}}
JSON
printf '#include <unistd.h>\nint main(void) { for (;;) pause(); }\n' >"$W/idle.c"

# idle PREFIX BIN: start the agent, wait for "started" and 3 s more; print
# "startup_ms vmrss_kb guest_kb guest_file_kb" (guest: 0 0 without PREFIX)
idle() {
	log=$W/run.log; : >"$log"
	t0=$(now_ms)
	$1 "$2" run -c "$W/camguard.json" -d >"$log" 2>&1 &
	pid=$!; PIDS="$PIDS $pid"
	i=0
	until grep -q 'started, version' "$log"; do
		i=$((i + 1)); [ "$i" -lt 3000 ] || { cat "$log" >&2; exit 1; }
		sleep 0.01
	done
	t1=$(now_ms)
	sleep 3
	g="0 0"; [ -z "$1" ] || g=$(guest_kb "$pid" "$2")
	echo "$((t1 - t0)) $(rss_kb "$pid") $g"
	kill -TERM "$pid"; wait "$pid" || true
}
version_ms() {	# PREFIX BIN: mean wall time of `camguard version`, 20 runs
	t0=$(now_ms)
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		$1 "$2" version >/dev/null
	done
	echo $((($(now_ms) - t0) / 20))
}

echo "| build | stripped size (MQTT, no TLS) | with MQTT TLS (static OpenSSL) | idle RSS: guest (of it, binary pages) | qemu VmRSS | qemu alone | start-up to \"started\" | \`version\` |"
echo "|---|---|---|---|---|---|---|---|"
for a in armhf arm64; do
	case $a in
	armhf) Q=qemu-arm-static T=arm-linux-gnueabihf ;;
	arm64) Q=qemu-aarch64-static T=aarch64-linux-gnu ;;
	esac
	B=build/$a
	$T-gcc -static -O2 -o "$W/idle-$a" "$W/idle.c"
	$Q "$W/idle-$a" & qp=$!; PIDS="$PIDS $qp"
	sleep 1; base=$(rss_kb "$qp"); kill "$qp"
	set -- $(idle "$Q" "$B/camguard")
	echo "| $a static, under $Q | $(kb "$B/camguard") KB | $(kb "$B/size/camguard-tls") KB | $3 KB ($4 KB) | $2 KB | $base KB | $1 ms | $(version_ms "$Q" "$B/camguard") ms |"
done
set -- $(idle "" "$HOST")
echo "| host $(uname -m), dynamic, native | $(kb "$HOST") KB (not stripped) | | VmRSS $2 KB (shared libraries included) | | | $1 ms | $(version_ms "" "$HOST") ms |"
