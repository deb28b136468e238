#!/bin/sh
# status.sh - how fast the status endpoint answers (make bench; not part
# of make check).
#
# wrk (keep-alive, one thread) against camguard's /status and /metrics on
# the example camera, and in the same run against lighttpd serving the
# same bytes as static files from a generated configuration: requests/s,
# p99 latency, and camguard's share of lighttpd's rate.  Both servers are
# single-threaded; loopback only, free ports.
#   BENCH_SECONDS (10)  per measurement
#   BENCH_CONNS (32)    concurrent connections
set -eu
: "${CAMGUARD:=$(pwd)/build/camguard}"
EXAMPLE=$(pwd)/examples/camera-default.cfg
DUR=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNS:-32}
W=$(mktemp -d /tmp/camguard-bench.XXXXXX)
PIDS=
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	rm -rf "$W"
}
trap cleanup EXIT INT TERM
chmod 755 "$W"

free_port() {
	p=$((20000 + ($$ * 19 + $1 * 211) % 12000))
	while [ -n "$(ss -Htan "sport = :$p")" ]; do p=$((p + 1)); done
	echo "$p"
}

wait_port() {
	i=0
	while ! ss -ltn | grep -q ":$1 "; do
		i=$((i + 1)); [ "$i" -lt 100 ] || { echo "no listener on $1"; exit 1; }
		sleep 0.1
	done
}

PC=$(free_port 1)
PL=$(free_port 2)
user=
[ "$(id -u)" = 0 ] && user=', "run": {"user": "65534"}'
cat >"$W/camguard.json" <<JSON
{"camera": {"config_file": "$EXAMPLE"}, "ids": {"enabled": false},
 "status": {"listen": "127.0.0.1:$PC"}$user}
JSON
"$CAMGUARD" run -c "$W/camguard.json" -d >"$W/camguard.log" 2>&1 &
PIDS="$PIDS $!"
wait_port "$PC"
i=0
until grep -q "scan 1:" "$W/camguard.log"; do
	i=$((i + 1)); [ "$i" -lt 100 ] || { cat "$W/camguard.log"; exit 1; }
	sleep 0.1
done

# The same bytes as static files.
mkdir -p "$W/www"
curl -s -o "$W/www/status.json" "http://127.0.0.1:$PC/status"
curl -s -o "$W/www/metrics.txt" "http://127.0.0.1:$PC/metrics"
chmod -R a+rX "$W/www"
cat >"$W/lighttpd.conf" <<CONF
server.document-root = "$W/www"
server.bind = "127.0.0.1"
server.port = $PL
server.max-keep-alive-requests = 65535
server.max-keep-alive-idle = 5
mimetype.assign = (".json" => "application/json",
    ".txt" => "text/plain; version=0.0.4; charset=utf-8")
CONF
[ "$(id -u)" = 0 ] && printf 'server.username = "nobody"\nserver.groupname = "nogroup"\n' \
	>>"$W/lighttpd.conf"
lighttpd -D -f "$W/lighttpd.conf" 2>"$W/lighttpd.log" &
PIDS="$PIDS $!"
wait_port "$PL"

# run URL: "requests/s p99_ms" from wrk --latency
run() {
	wrk -t1 -c"$CONNS" -d"${DUR}s" --latency "$1" >"$W/wrk.out" 2>&1
	awk '
	function ms(v) {
		if (v ~ /us$/) return v / 1000
		if (v ~ /ms$/) return v + 0
		if (v ~ /s$/) return v * 1000
		return v
	}
	/Requests\/sec:/ { rps = $2 }
	$1 == "99%" { p99 = ms($2) }
	/Non-2xx|Socket errors/ { err = err " " $0 }
	END { printf "%.0f %.2f%s\n", rps, p99, err }' "$W/wrk.out"
}

printf 'wrk -t1 -c%s -d%ss, keep-alive, loopback\n' "$CONNS" "$DUR"
printf '  %-9s %-9s %8s %12s %9s\n' path server bytes requests/s "p99 ms"
for pair in status:status.json metrics:metrics.txt; do
	path=${pair%%:*}
	file=${pair#*:}
	bytes=$(wc -c <"$W/www/$file")
	set -- $(run "http://127.0.0.1:$PC/$path")
	c_rps=$1; c_p99=$2; shift 2; c_err=$*
	set -- $(run "http://127.0.0.1:$PL/$file")
	l_rps=$1; l_p99=$2; shift 2; l_err=$*
	printf '  %-9s %-9s %8s %12s %9s %s\n' "/$path" camguard "$bytes" \
		"$c_rps" "$c_p99" "$c_err"
	printf '  %-9s %-9s %8s %12s %9s %s\n' "" lighttpd "$bytes" \
		"$l_rps" "$l_p99" "$l_err"
	awk -v c="$c_rps" -v l="$l_rps" 'BEGIN { printf \
	    "  %-9s camguard / lighttpd = %.2f (target >= 0.5)\n", "", c / l }'
done
