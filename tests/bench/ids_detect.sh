#!/bin/sh
# ids_detect.sh - how fast the intrusion detector is and what it costs
# (make bench; not part of make check).
#
#   1. `camguard ids replay` over two generated CLF logs of 1M lines (10%
#      failed logins, 100k distinct sources, seeded): a sparse one (10
#      lines a second, the table stays small) and a dense one (1000 lines a
#      second, the 65536-entry table fills and evicts): lines/s and peak
#      RSS (/usr/bin/time %M), and how much above an empty log's RSS (the
#      binary's own, mostly shared libraries) that is: the table's share;
#   2. the detector alone (tests/bench/ids_bench.c against libcamguard.a,
#      pre-parsed failures, so no parser is measured): ns per event at 10k,
#      100k and 1M distinct sources, max_tracked 65536;
#   3. sshguard's blocker (sshg-blocker, fed `service ip af danger` lines)
#      on the same 8000 failures from 10k sources, capped by timeout.
set -eu
: "${CAMGUARD:=$(pwd)/build/camguard}"
LIB=$(dirname "$CAMGUARD")/libcamguard.a
: "${LIBS:=-lmosquitto -lnftables -lmbedtls -lmbedx509 -lmbedcrypto -lcrypt}"
SSHG=/usr/libexec/sshguard/sshg-blocker
SEED=20241010
W=$(mktemp -d /tmp/camguard-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT INT TERM

# shellcheck disable=SC2086
${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -iquote app \
	-o "$W/ids_bench" tests/bench/ids_bench.c "$LIB" $LIBS

now_ns() { date +%s%N; }

# replay NAME LOG: lines/s, peak RSS and decisions of one replay
replay() {
	printf '{"ids": {"threshold": 5, "block_s": 600, %s}}\n' \
		'"max_tracked": 65536' >"$W/camguard.json"
	t0=$(now_ns)
	/usr/bin/time -f %M -o "$W/rss" "$CAMGUARD" ids replay \
		-c "$W/camguard.json" "$2" >"$W/decisions" 2>/dev/null
	t1=$(now_ns)
	lines=$(wc -l <"$2")
	rss=$(tail -1 "$W/rss")
	: "${BASE_KB:=$rss}"
	awk -v n="$1" -v l="$lines" -v ns=$((t1 - t0)) -v rss="$rss" \
	    -v base="$BASE_KB" -v d="$(wc -l <"$W/decisions")" \
	    'BEGIN { printf "  %-24s %10.0f %7.1f MB %+7.1f MB %9d\n", n,
		(l > 0 ? l / (ns / 1e9) : 0), rss / 1024, (rss - base) / 1024,
		d }'
}

echo "camguard ids replay, CLF, 10% failures, 100k sources, max_tracked 65536"
printf '  %-24s %10s %10s %10s %9s\n' log lines/s "peak RSS" \
	"over empty" decisions
: >"$W/empty.log"
replay "empty log (baseline)" "$W/empty.log"
"$W/ids_bench" gen 1000000 100000 $SEED 10 >"$W/sparse.log"
replay "1M lines, 10 lines/s" "$W/sparse.log"
rm -f "$W/sparse.log"
"$W/ids_bench" gen 1000000 100000 $SEED 1000 >"$W/dense.log"
replay "1M lines, 1000 lines/s" "$W/dense.log"
rm -f "$W/dense.log"

echo
echo "the detector alone: 1M pre-parsed failures, max_tracked 65536"
printf '  %10s %9s %9s %9s %10s %8s\n' sources ns/event alarms blocks \
	evictions tracked
for k in 10000 100000 1000000; do
	"$W/ids_bench" detect 1000000 $k $SEED 65536 |
	    awk '{ printf "  %10d %9d %9d %9d %10d %8d\n",
		$1, $2, $3, $4, $5, $6 }'
done

echo
echo "the same 8000 failures from 10k sources (threshold 5, block 600 s)"
"$W/ids_bench" detect 8000 10000 $SEED 65536 |
    awk '{ printf "  %-24s %10.1f ms\n", "camguard detector",
	$2 * 8000 / 1e6 }'
if [ -x "$SSHG" ]; then
	"$W/ids_bench" sshg 8000 10000 $SEED >"$W/sshg.txt"
	t0=$(now_ns)
	rc=0
	timeout 90 "$SSHG" -a 50 -p 600 -s 3600 <"$W/sshg.txt" >/dev/null ||
		rc=$?
	t1=$(now_ns)
	if [ "$rc" -eq 124 ]; then
		printf '  %-24s %10s\n' "sshguard sshg-blocker" "> 90 s"
	else
		awk -v ns=$((t1 - t0)) 'BEGIN { printf "  %-24s %10.1f ms\n",
		    "sshguard sshg-blocker", ns / 1e6 }'
	fi
else
	echo "  sshguard sshg-blocker: not installed ($SSHG)"
fi
