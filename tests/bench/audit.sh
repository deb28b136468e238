#!/bin/sh
# audit.sh - how fast `camguard audit` goes through a site (make bench;
# not part of make check).
#
# 100 camera simulators in a network namespace of their own, each on its
# own loopback address: half factory cameras (Basic over HTTP), half
# hardened (Digest over HTTPS with a CA-signed certificate).  The same
# audit (API read, live probes, every report, the index) at --jobs 1, 8
# and 32: wall time and cameras per second.  The simulators are Python
# and share the 2 cores with camguard, so the figures bound the whole
# loop, not camguard alone (its own CPU time, children included, is
# printed beside); a run where a camera was unreadable says so.
#   BENCH_CAMERAS (100)   cameras
#   BENCH_JOBS ("1 8 32") --jobs values
set -eu
: "${CAMGUARD:=$(pwd)/build/camguard}"
SIM=$(pwd)/tests/camsim/camsim.py
N=${BENCH_CAMERAS:-100}
JOBS_LIST=${BENCH_JOBS:-"1 8 32"}
W=$(mktemp -d /tmp/camguard-bench.XXXXXX)
NS=cg-bench-$$
PIDS=
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	ip netns del "$NS" 2>/dev/null || true
	rm -rf "$W"
}
trap cleanup EXIT INT TERM

[ "$(id -u)" = 0 ] || { echo "audit.sh: needs root (a network namespace)"; exit 1; }
ip netns add "$NS"
nsx() { ip netns exec "$NS" "$@"; }
nsx ip link set lo up
addr() { echo "127.0.2.$1"; }

sans=$(k=1; while [ $k -le "$N" ]; do printf 'IP:%s,' "$(addr $k)"; k=$((k + 1)); done)
( cd "$W" &&
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout ca.key -out ca.crt -days 30 -subj /CN=bench-ca &&
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout srv.key -out srv.csr -subj /CN=camera &&
printf 'subjectAltName=%s\n' "${sans%,}" >ext &&
openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
	-out srv.crt -days 300 -extfile ext ) >"$W/openssl.log" 2>&1
mkdir -p "$W/pw"
printf 'meinsm\n' >"$W/pw/factory"
printf 'Lobby-Cam-2024-x9\n' >"$W/pw/hardened"

k=1
while [ $k -le "$N" ]; do
	if [ $((k % 2)) -eq 1 ]; then
		set -- --profile default --http-port 0 --rtsp-port 0
	else
		set -- --profile hardened --https-port 0 --rtsp-port 0 \
		    --cert "$W/srv.crt" --key "$W/srv.key"
	fi
	nsx python3 "$SIM" --bind "$(addr $k)" "$@" >"$W/sim$k.out" \
		2>"$W/sim$k.err" &
	PIDS="$PIDS $!"
	k=$((k + 1))
done
k=1
while [ $k -le "$N" ]; do
	t=0
	until grep -q 'camsim ready' "$W/sim$k.out" 2>/dev/null; do
		t=$((t + 1)); [ $t -lt 600 ] || { echo "simulator $k did not start"; exit 1; }
		sleep 0.1
	done
	k=$((k + 1))
done
port() { tr ' ' '\n' <"$W/sim$1.out" | sed -n "s/^$2=//p"; }
{
	echo "id,url,user,password_file,ca_file"
	k=1
	while [ $k -le "$N" ]; do
		if [ $((k % 2)) -eq 1 ]; then
			echo "cam-$k,http://$(addr $k):$(port $k http),admin,pw/factory,"
		else
			echo "cam-$k,https://$(addr $k):$(port $k https),camadmin,pw/hardened,ca.crt"
		fi
		k=$((k + 1))
	done
} >"$W/cameras.csv"
echo '{"camera": {"timeout_ms": 3000}}' >"$W/camguard.json"

echo "camguard audit of $N simulated cameras ($((N / 2 + N % 2)) factory over HTTP/Basic, $((N / 2)) hardened over HTTPS/Digest), $(nproc) cores"
for j in $JOBS_LIST; do
	t0=$(date +%s%N)
	rc=0
	nsx /usr/bin/time -f '%U %S' -o "$W/cpu-$j" "$CAMGUARD" audit \
		-c "$W/camguard.json" --cameras "$W/cameras.csv" --jobs "$j" \
		--out "$W/out-$j" >"$W/audit-$j.txt" 2>"$W/audit-$j.err" ||
		rc=$?
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	cpu=$(tail -1 "$W/cpu-$j" | awk '{ print $1 + $2 }')
	unread=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["unreadable"])' \
		"$W/out-$j/index.json")
	awk -v j="$j" -v ms="$ms" -v n="$N" -v rc="$rc" -v u="$unread" \
	    -v cpu="$cpu" 'BEGIN {
		printf "  --jobs %-3d %7.2f s  %6.1f cameras/s  camguard CPU %.2f s" \
		    "  (exit %d, %d unreadable)\n", j, ms / 1000,
		    n / (ms / 1000), cpu, rc, u }'
done
