#!/bin/sh
# size.sh HOSTBIN - the camera budgets, printed as a Markdown table: the
# stripped static size per ARCH as shipped (build/<arch>/camguard, MQTT
# without TLS) and with MQTT TLS over static OpenSSL (build/<arch>/size/
# camguard-tls, made by `make size`); the agent's RSS at
# idle under qemu-user (VmRSS of the qemu process: guest plus qemu's own
# overhead, measured alone on a static ARM program that only sleeps); the
# host build's RSS for comparison; start-up time under qemu (launch to the
# "started" log line, and `camguard version`, mean of 20).
set -eu
HOST=${1:?usage: size.sh HOSTBIN}
W=$(mktemp -d /tmp/camguard-size.XXXXXX)
PIDS=
trap 'for p in $PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$W"' EXIT INT TERM
port=$((20000 + $$ % 20000))
now_ms() { echo $(($(date +%s%N) / 1000000)); }
kb() { echo $((($(wc -c <"$1") + 1023) / 1024)); }
rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"; }

cat >"$W/camguard.json" <<JSON
{"camera": {"config_file": "$PWD/examples/camera-default.cfg"},
 "status": {"enabled": true, "listen": "127.0.0.1:$port"},
 "ids": {"enabled": true}, "mqtt": {"enabled": false},
 "run": {"user": "65534"}}
JSON
printf '#include <unistd.h>\nint main(void) { for (;;) pause(); }\n' >"$W/idle.c"

# idle_rss PREFIX BIN: start the agent, wait for "started" and 3 s more,
# print "startup_ms rss_kb"
idle_rss() {
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
	echo "$((t1 - t0)) $(rss_kb "$pid")"
	kill -TERM "$pid"; wait "$pid" || true
}
version_ms() {	# PREFIX BIN: mean wall time of `camguard version`, 20 runs
	t0=$(now_ms)
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		$1 "$2" version >/dev/null
	done
	echo $((($(now_ms) - t0) / 20))
}

echo "| build | stripped size (MQTT, no TLS) | with MQTT TLS (static OpenSSL) | idle RSS (qemu process) | qemu alone | idle RSS minus qemu | start-up to \"started\" | \`version\` |"
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
	set -- $(idle_rss "$Q" "$B/camguard")
	echo "| $a static (qemu) | $(kb "$B/camguard") KB | $(kb "$B/size/camguard-tls") KB | $2 KB | $base KB | $(($2 - base)) KB | $1 ms | $(version_ms "$Q" "$B/camguard") ms |"
done
set -- $(idle_rss "" "$HOST")
echo "| host $(uname -m) dynamic (native) | $(kb "$HOST") KB (not stripped) | | $2 KB | | | $1 ms | $(version_ms "" "$HOST") ms |"
