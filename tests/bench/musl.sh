#!/bin/sh
# musl.sh - `camguard ids scan` throughput of the musl build against the
# glibc build, on this machine (make bench; not part of make check).
#
# The cameras run the musl build (static-pie, cross/camera.mk); the issue
# asks that it scan logs within 10% of the glibc build.  An ARM glibc
# build no longer exists, so both are x86_64 here: $CAMGUARD (the host
# build, glibc, dynamic) and build/amd64/camguard (`make cross
# ARCH=amd64`: musl 1.2.3, mbedTLS and the rest from cross/mk-deps.sh,
# the camera's flags), which this script makes when it is missing.
#
# One 1M-line CLF log (awk, a MINSTD generator, seed 42): 10% 401s with
# a user, 100k sources, 40% of them IPv6.  Each build scans it ROUNDS
# times, taking turns, so that a busy neighbour weighs on both alike; the
# best round of each counts.  Both must find the same failures.
# Environment: BENCH_LINES (1000000), ROUNDS (5), MUSL_CAMGUARD.
set -eu
: "${CAMGUARD:=$(pwd)/build/camguard}"
MUSL_BIN=${MUSL_CAMGUARD:-build/amd64/camguard}
LINES=${BENCH_LINES:-1000000}
ROUNDS=${ROUNDS:-5}
D=$(mktemp -d /tmp/camguard-musl.XXXXXX)
trap 'rm -rf "$D"' EXIT INT TERM
[ -x "$MUSL_BIN" ] || make --no-print-directory cross ARCH=amd64 >&2
# static (no program interpreter) and position-independent (ELF DYN)
if readelf -lW "$MUSL_BIN" | grep -q INTERP ||
    ! readelf -hW "$MUSL_BIN" | grep -q 'Type:.*DYN'; then
	echo "musl.sh: $MUSL_BIN is not the static-pie musl build" >&2
	exit 1
fi

awk -v n="$LINES" '
function rnd() { x = (x * 48271) % 2147483647; return x / 2147483647 }
BEGIN {
	x = 43
	split("admin root operator service guest user", users, " ")
	for (i = 1; i <= n; i++) {
		s = int(rnd() * 100000)
		if (s % 5 < 2)
			a = sprintf("2001:db8:1:%x::%x", int(s / 4096), s % 4096 + 1)
		else
			a = sprintf("198.%d.%d.%d", 18 + int(s / 65536),
			    int(s / 256) % 256, s % 256)
		t = int(i * 43200 / n)
		ts = sprintf("%02d:%02d:%02d", int(t / 3600), int(t / 60) % 60,
		    t % 60)
		if (rnd() < 0.1)
			printf "%s - %s [11/Mar/2024:%s +0000] \"GET /admin/ " \
			    "HTTP/1.1\" 401 381 \"-\" \"curl/8.4.0\"\n", a,
			    users[int(rnd() * 6) + 1], ts
		else
			printf "%s - - [11/Mar/2024:%s +0000] \"GET " \
			    "/record/current.jpg HTTP/1.1\" 200 48213 " \
			    "\"http://cam.example.com/\" \"Mozilla/5.0 (X11; " \
			    "Linux x86_64; rv:109.0) Gecko/20100101 " \
			    "Firefox/115.0\"\n", a, ts
	}
}' >"$D/access.log"
want=$(grep -c '" 401 ' "$D/access.log")

# scan NAME BIN: one round; the best wall time (ns) and the best CPU time
# (user + system, ms) so far in wall_NAME and cpu_NAME.  CPU time is what
# the ratio is taken on: other work on a shared machine stretches the wall
# time of a round far more than its CPU time.
wall_glibc=0 wall_musl=0 cpu_glibc=0 cpu_musl=0
scan() {
	t0=$(date +%s%N)
	/usr/bin/time -f '%U %S' -o "$D/time.$1" "$2" ids scan --format clf - \
		<"$D/access.log" >"$D/out.$1" 2>"$D/err.$1"
	t1=$(date +%s%N)
	c=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$D/time.$1")
	eval "w=\$wall_$1 b=\$cpu_$1"
	# shellcheck disable=SC2154  # w and b are set by the eval
	if [ "$w" -eq 0 ] || [ "$w" -gt $((t1 - t0)) ]; then
		eval "wall_$1=$((t1 - t0))"
	fi
	# shellcheck disable=SC2154
	if [ "$b" -eq 0 ] || [ "$b" -gt "$c" ]; then
		eval "cpu_$1=$c"
	fi
}
i=0
while [ "$i" -lt "$ROUNDS" ]; do
	scan glibc "$CAMGUARD"
	scan musl "$MUSL_BIN"
	i=$((i + 1))
done
g_found=$(wc -l <"$D/out.glibc")
m_found=$(wc -l <"$D/out.musl")
# lines a second, from nanoseconds of wall time or milliseconds of CPU
lps() { echo $((LINES * 1000000000 / $1)); }
lpc() { echo $((LINES * 1000 / ($1 > 0 ? $1 : 1))); }
echo "# $LINES lines, $want failures, best of $ROUNDS rounds each, in turns"
printf '%-42s %14s %14s %9s\n' build "lines/s (wall)" "lines/CPU-s" \
	failures
printf '%-42s %14s %14s %9s\n' "glibc (host build, dynamic, -O2)" \
	"$(lps "$wall_glibc")" "$(lpc "$cpu_glibc")" "$g_found"
printf '%-42s %14s %14s %9s\n' "musl (make cross ARCH=amd64, static-pie)" \
	"$(lps "$wall_musl")" "$(lpc "$cpu_musl")" "$m_found"
awk -v g="$cpu_glibc" -v m="$cpu_musl" -v gw="$wall_glibc" \
    -v mw="$wall_musl" 'BEGIN {
	printf "musl/glibc throughput: %.3f per CPU second, %.3f wall " \
	    "(target: at least 0.90)\n", g / m, gw / mw }'
if [ "$g_found" -ne "$want" ] || [ "$m_found" -ne "$want" ]; then
	echo "# MISMATCH: $want failures in the log; glibc $g_found," \
		"musl $m_found" >&2
	exit 1
fi
