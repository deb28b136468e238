#!/bin/sh
# The nftables backend against the real kernel, inside network namespaces
# this test creates and deletes (never the host's ruleset): FW runs an HTTP
# server on 8080 and tests/integration/fw_driver.c (platform/fw/fw.h from
# build/libcamguard.a); A is a bystander, B the attacker, all on one bridge
# in FW.  A block drops B (curl times out) while A gets 200; a release lets
# B in again; a 2 s block ends by itself; fini removes the table.  Traffic
# stays inside the namespaces.  Needs root; skips when `ip netns add` is
# not permitted.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LIBDIR=$(dirname "$CAMGUARD")
FW=cgfw$$ A=cga$$ B=cgb$$
NETNS=
DRV=$T_DIR/fw_driver
OUT=$T_DIR/driver.out
SEQ=0

fw_cleanup() {
	exec 3>&- 2>/dev/null
	for n in $NETNS; do ip netns del "$n" 2>/dev/null; done
	t_cleanup
}
trap fw_cleanup EXIT INT TERM

if ! ip netns add "$FW" 2>/dev/null; then
	echo "ok # SKIP no netns"
	exit 0
fi
NETNS=$FW

# The bridge of TOOLCHAIN.md: FW 10.250.0.1, A .2, B .3.
netns_up() {
	for n in $A $B; do
		ip netns add "$n" || return 1
		NETNS="$NETNS $n"
	done
	for n in $FW $A $B; do ip -n "$n" link set lo up || return 1; done
	ip -n "$FW" link add br0 type bridge &&
	ip -n "$FW" addr add 10.250.0.1/24 dev br0 &&
	ip -n "$FW" link set br0 up || return 1
	i=2
	for n in $A $B; do
		ip link add "v$i" netns "$FW" type veth peer name eth0 \
		    netns "$n" &&
		ip -n "$FW" link set "v$i" master br0 up &&
		ip -n "$n" addr add "10.250.0.$i/24" dev eth0 &&
		ip -n "$n" link set eth0 up || return 1
		i=$((i + 1))
	done
}
check "namespaces FW, A and B on one bridge" netns_up

build_driver() {
	${CC:-cc} -std=c11 -D_GNU_SOURCE -iquote "$ROOT/app" \
	    -iquote "$ROOT" -o "$DRV" \
	    "$ROOT/tests/integration/fw_driver.c" "$LIBDIR/libcamguard.a" \
	    -lmosquitto -lnftables -lmbedtls -lmbedx509 -lmbedcrypto -lcrypt
}
check "the driver builds against libcamguard.a" build_driver

ip netns exec "$FW" python3 -m http.server 8080 --bind 10.250.0.1 \
    --directory "$T_DIR" >"$T_DIR/http.log" 2>&1 &
T_PIDS="$T_PIDS $!"
echo hello >"$T_DIR/index.html"

# http NS [SECONDS]: the status code NS gets (000 when it does not get
# through within SECONDS, 2 by default).
http() {
	ip netns exec "$1" curl -s -o /dev/null -w '%{http_code}' \
	    --max-time "${2:-2}" http://10.250.0.1:8080/ 2>/dev/null
}
gets() { [ "$(http "$1" "${3:-2}")" = "$2" ]; }
# curl_rc NS RC: curl from NS exits with RC (28: timed out).
curl_rc() {
	ip netns exec "$1" curl -s -o /dev/null --max-time 2 \
	    http://10.250.0.1:8080/ 2>/dev/null
	[ $? -eq "$2" ]
}
# wait_http NS CODE: until NS gets CODE (at most about 8 s).
wait_http() {
	i=0
	while [ "$i" -lt 40 ]; do
		gets "$1" "$2" && return 0
		sleep 0.2; i=$((i + 1))
	done
	return 1
}
not() { ! "$@"; }
check "before any block, B gets 200" wait_http "$B" 200

mkfifo "$T_DIR/in"
ip netns exec "$FW" "$DRV" <"$T_DIR/in" >"$OUT" 2>&1 &
T_PIDS="$T_PIDS $!"
exec 3>"$T_DIR/in"

# drv COMMAND: send it, wait for its answer, succeed on "ok".
drv() {
	SEQ=$((SEQ + 1))
	echo "$*" >&3
	wait_for "$OUT" "^[a-z]* $SEQ " 100 >/dev/null 2>&1 || return 1
	grep -q "^ok $SEQ " "$OUT"
}

b4() { ip netns exec "$FW" nft list set inet camguard b4; }
b4_has() { b4 | grep -q -- "$1"; }
b4_count() { [ "$(b4 | grep -o -- "$1" | wc -l)" -eq "$2" ]; }
tables() {
	[ "$(ip netns exec "$FW" nft list tables | grep -c camguard)" -eq "$1" ]
}

check "fw_init creates inet camguard for port 8080" drv init nftables 8080
check "init is idempotent (the table is replaced)" drv init nftables 8080
check "one camguard table after two inits" tables 1

check "block B for 600 s" drv block 10.250.0.3/32 600
check "the element carries a timeout" b4_has "10.250.0.3 timeout 10m"
echo "# ruleset while B is blocked:"
ip netns exec "$FW" nft list table inet camguard | sed 's/^/# /'
check "blocked B times out (curl rc 28)" curl_rc "$B" 28
check "bystander A still gets 200" gets "$A" 200
check "blocking B again is not an error" drv block 10.250.0.3/32 900
check "blocking again replaces the timeout" b4_has "10.250.0.3 timeout 15m"

check "release B" drv release 10.250.0.3/32
check "released B gets 200 again" wait_http "$B" 200
check "releasing B twice is not an error" drv release 10.250.0.3/32

check "block B for 2 s" drv block 10.250.0.3/32 2
check "B is dropped during the 2 s block" gets "$B" 000 1
check "the 2 s block ends by itself" wait_http "$B" 200
check "the expired element is gone from b4" not b4_has 10.250.0.3

check "a block until reboot" drv block 10.250.0.3/32 0
check "the until-reboot element has no timeout" \
	b4_has "elements = { 10.250.0.3 }"
check "B is dropped while blocked until reboot" gets "$B" 000 1
check "an IPv6 /64 block is accepted" drv block 2001:db8:1::/64 60
check "a batch of 100 in one call" drv many 100 600
check "the batch is in the set" b4_count '10\.99\.' 100
check "flush empties both sets" drv flush
check "after flush B gets 200" wait_http "$B" 200
check "b4 is empty after flush" not b4_has 10.

check "single adds and a batch of 100 timed" drv bench 100
check "with 1000 blocks already in the set" drv many 1000 600
check "the same with a 1000-element set" drv bench 100
grep '^# bench' "$OUT"
check "flush after the benchmark" drv flush

check "fini removes the table" drv fini
check "nft list tables no longer shows camguard" tables 0
check "after fini B gets 200" gets "$B" 200
check "a block without a backend fails" not drv block 10.250.0.3/32 60
check "camera-acl without a camera account is refused" not drv init camera-acl
check "and says what it needs" \
	grep -q "camera-acl backend: camera.user and camera.password_file are needed" "$OUT"
t_done
