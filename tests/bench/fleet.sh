#!/bin/sh
# fleet.sh - the fleet server's table and documents for 50 and for 4096
# cameras (FLEET_CAMERAS_MAX), each with a status, a summary, 36 check
# records and a block list, fed through fleet_model_message() and
# rendered as the page, /fleet and /metrics (tests/bench/fleet_bench.c
# against libcamguard.a; make bench, not make check).
# Environment: BENCH_RUNS (11): renderings of each document, the median.
set -eu
: "${CAMGUARD:=$(pwd)/build/camguard}"
LIB=$(dirname "$CAMGUARD")/libcamguard.a
: "${LIBS:=-lmosquitto -lnftables -lmbedtls -lmbedx509 -lmbedcrypto -lcrypt}"
W=$(mktemp -d /tmp/camguard-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT INT TERM

# shellcheck disable=SC2086
${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -iquote app \
	-iquote . -o "$W/fleet_bench" tests/bench/fleet_bench.c "$LIB" $LIBS
for n in 50 4096; do
	echo "== $n cameras"
	"$W/fleet_bench" "$n" "${BENCH_RUNS:-11}"
done
