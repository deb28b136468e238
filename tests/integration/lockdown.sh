#!/bin/sh
# Locked down (issue 15): started as root, camguard run keeps a privileged
# parent that
#  - opens what the worker (run.user, here nobody) may not: a 0600 root
#    log in a 0700 root directory (and its successor after rotation), a
#    0640 root:adm log, a 0600 root camera password file, a 0600 root
#    camguard.json for SIGHUP (items 1);
#  - keeps only CAP_DAC_READ_SEARCH and CAP_KILL (and CAP_NET_ADMIN with
#    nftables), while the worker and the scanning child run under seccomp
#    ("Seccomp: 2"); a forbidden call kills them and the parent names it;
#    without kernel seccomp the start is refused unless run.sandbox is
#    "off" (item 2);
#  - judges a compromised worker's requests by its own configuration,
#    over the real socket with the real nftables backend (item 3);
#  - and each side notices the other's death (item 5).
# Needs root; the nftables parts need network namespaces.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "ok 1 # SKIP needs root"; echo "1..1"; exit 0
fi
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LIBDIR=$(dirname "$CAMGUARD")
SECRET=$T_DIR/secret
mkdir -m 700 "$SECRET"
mkdir -m 755 "$T_DIR/adm"
log=$T_DIR/run.log
blocks=$T_DIR/blocks

# worker PARENT: the privileged parent's child
worker() { pgrep -P "$1" -x camguard | head -1; }
status_field() { sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status"; }
# fail LOG IP N: N failed logins from IP
fail() {
	i=0
	while [ "$i" -lt "$3" ]; do
		echo "$2 - admin [24/Nov/2026:10:00:0$i +0000] \"GET /admin/ HTTP/1.1\" 401 381 \"-\" \"curl\"" >>"$1"
		i=$((i + 1))
	done
}

# ---- 1. files only the parent may open -----------------------------------
python3 "$ROOT/tests/camsim/camsim.py" --profile default --http-port 0 \
	>"$T_DIR/camsim.out" 2>&1 &
T_PIDS="$T_PIDS $!"
wait_for "$T_DIR/camsim.out" "camsim ready" >/dev/null
HTTP=$(sed -n 's/.*http=\([0-9]*\).*/\1/p' "$T_DIR/camsim.out")
printf 'meinsm\n' >"$SECRET/cam.pw"; chmod 600 "$SECRET/cam.pw"
: >"$SECRET/access.log"; chmod 600 "$SECRET/access.log"
: >"$T_DIR/adm/access.log"; chown root:adm "$T_DIR/adm/access.log"
chmod 640 "$T_DIR/adm/access.log"
conf=$SECRET/camguard.json
write_conf() {	# threshold
	cat >"$conf" <<JSON
{"camera": {"url": "http://127.0.0.1:$HTTP", "user": "admin",
            "password_file": "$SECRET/cam.pw", "timeout_ms": 2000},
 "ids": {"sources": [{"path": "$SECRET/access.log", "format": "clf"},
                     {"path": "$T_DIR/adm/access.log", "format": "clf"}],
         "threshold": $1, "block_backend": "file", "block_file": "$blocks"},
 "status": {"enabled": false},
 "run": {"user": "$T_RUN_USER"}}
JSON
	chmod 600 "$conf"
}
write_conf 5
"$CAMGUARD" run -c "$conf" -d >"$log" 2>&1 &
pid=$!; T_PIDS="$T_PIDS $pid"
check "started from a 0600 root camguard.json in a 0700 root directory" \
	wait_for "$log" "started, version"
w=$(worker "$pid")
check "the worker runs as nobody" [ "$(status_field "$w" Uid | cut -f1)" = "$T_RUN_USER" ]
check "the worker cannot read the logs itself" \
	sh -c "! su -s /bin/sh nobody -c 'cat $SECRET/access.log' 2>/dev/null &&
	       ! su -s /bin/sh nobody -c 'cat $T_DIR/adm/access.log' 2>/dev/null"
check "the scan logs in with a 0600 root camera password file" \
	wait_for "$log" "scan 1: [0-9]* pass" 100
sleep 1.5	# the tailers start at the end of the files
fail "$SECRET/access.log" 192.0.2.10 5
check "a 0600 root log in a 0700 directory is read: its attacker is blocked" \
	wait_for "$blocks" "^block 192.0.2.10/32" 60
fail "$T_DIR/adm/access.log" 192.0.2.11 5
check "a 0640 root:adm log is read: its attacker is blocked" \
	wait_for "$blocks" "^block 192.0.2.11/32" 60
mv "$SECRET/access.log" "$SECRET/access.log.1"
: >"$SECRET/access.log"; chmod 600 "$SECRET/access.log"
sleep 2
fail "$SECRET/access.log" 192.0.2.12 5
check "the rotated root-only log is followed (the parent reopens it)" \
	wait_for "$blocks" "^block 192.0.2.12/32" 60
write_conf 6
kill -HUP "$pid"
check "SIGHUP reloads the 0600 root camguard.json through the parent" \
	wait_for "$log" "configuration reloaded from $conf"
check "the parent's own copy follows it" \
	grep -q "privileged parent: configuration $conf reloaded" "$log"

# ---- 2. capabilities and seccomp ----------------------------------------------
check "the parent keeps CAP_DAC_READ_SEARCH and CAP_KILL only (file backend)" \
	[ "$(status_field "$pid" CapEff)" = 0000000000000024 ]
check "and its bounding set is the same" \
	[ "$(status_field "$pid" CapBnd)" = 0000000000000024 ]
check "the worker runs under a seccomp filter (Seccomp: 2)" \
	[ "$(status_field "$w" Seccomp)" = 2 ]
kill -TERM "$pid"; wait_exit "$pid" || kill -KILL "$pid"
wait "$pid"; rc=$?
check "SIGTERM (passed on as a message) stops both with 0 (got $rc)" [ "$rc" -eq 0 ]

# A silent camera keeps the scanning child alive long enough to look at.
python3 "$ROOT/tests/camsim/camsim.py" --profile default --blackhole-port 0 \
	>"$T_DIR/bh.out" 2>&1 &
T_PIDS="$T_PIDS $!"
wait_for "$T_DIR/bh.out" "camsim ready" >/dev/null
BH=$(sed -n 's/.*blackhole=\([0-9]*\).*/\1/p' "$T_DIR/bh.out")
sconf=$T_DIR/sandbox.json
cat >"$sconf" <<JSON
{"camera": {"url": "http://127.0.0.1:$BH", "timeout_ms": 5000},
 "ids": {"enabled": false}, "status": {"enabled": false},
 "run": {"user": "$T_RUN_USER"}}
JSON
: >"$log"
"$CAMGUARD" run -c "$sconf" -d >"$log" 2>&1 &
pid=$!; T_PIDS="$T_PIDS $pid"
wait_for "$log" "started, version" >/dev/null
w=$(worker "$pid")
s=
for _ in $(seq 50); do
	s=$(pgrep -P "$w" -x camguard | head -1); [ -n "$s" ] && break
	sleep 0.1
done
check "the scanning child runs under seccomp too (Seccomp: 2)" \
	sh -c "[ -n '$s' ] && [ \"\$(sed -n 's/^Seccomp:[[:space:]]*//p' /proc/$s/status)\" = 2 ]"
kill -TERM "$pid"; wait_exit "$pid" || kill -KILL "$pid"; wait "$pid"

: >"$log"
CAMGUARD_SANDBOX_TEST=worker "$CAMGUARD" run -c "$sconf" -d >"$log" 2>&1 &
pid=$!
wait_exit "$pid" 100; wait "$pid"; rc=$?
check "a worker that tries a forbidden call (execve) is killed: exit 2 (got $rc)" \
	[ "$rc" -eq 2 ]
check "and the parent names the call" \
	grep -q "privileged parent: the worker was killed by the sandbox: forbidden system call [0-9]* (execve)" "$log"

cat >"$sconf" <<JSON
{"camera": {"config_file": "$ROOT/examples/camera-default.cfg"},
 "ids": {"enabled": false}, "status": {"enabled": false},
 "run": {"user": "$T_RUN_USER"}}
JSON
: >"$log"
CAMGUARD_SANDBOX_TEST=scan "$CAMGUARD" run -c "$sconf" -d >"$log" 2>&1 &
pid=$!; T_PIDS="$T_PIDS $pid"
check "a scanning child that tries a forbidden call is killed, the call named" \
	wait_for "$log" "scan: the scanning process was killed by the sandbox: forbidden system call [0-9]* (execve)"
kill -TERM "$pid"; wait_exit "$pid" || kill -KILL "$pid"; wait "$pid"

CAMGUARD_SANDBOX_TEST=nokernel "$CAMGUARD" run -c "$sconf" -d >"$log" 2>&1; rc=$?
check "without kernel seccomp the start is refused: exit 77 (got $rc)" [ "$rc" -eq 77 ]
check "and says how to run without it" \
	grep -q 'run.sandbox is "on" but the kernel has no seccomp filters.*set run.sandbox to "off"' "$log"
sed -i 's/"run": {/"run": {"sandbox": "off", /' "$sconf"
: >"$log"
CAMGUARD_SANDBOX_TEST=nokernel "$CAMGUARD" run -c "$sconf" -d >"$log" 2>&1 &
pid=$!; T_PIDS="$T_PIDS $pid"
check "with run.sandbox \"off\" it starts" wait_for "$log" "scan 1:"
w=$(worker "$pid")
check "and the worker has no filter (Seccomp: 0)" [ "$(status_field "$w" Seccomp)" = 0 ]
kill -TERM "$pid"; wait_exit "$pid" || kill -KILL "$pid"; wait "$pid"

# ---- 5. each side notices the other's death -------------------------------------
cat >"$sconf" <<JSON
{"camera": {"config_file": "$ROOT/examples/camera-default.cfg"},
 "ids": {"enabled": false}, "status": {"enabled": false},
 "run": {"user": "$T_RUN_USER"}}
JSON
: >"$log"
"$CAMGUARD" run -c "$sconf" -d >"$log" 2>&1 &
pid=$!; T_PIDS="$T_PIDS $pid"
wait_for "$log" "scan 1:" >/dev/null
w=$(worker "$pid")
kill -KILL "$pid"; wait "$pid" 2>/dev/null
check "the worker sees its parent die and stops" wait_exit "$w" 50
check "and says why" grep -q "the privileged parent is gone; stopping" "$log"
: >"$log"
"$CAMGUARD" run -c "$sconf" -d >"$log" 2>&1 &
pid=$!; T_PIDS="$T_PIDS $pid"
wait_for "$log" "scan 1:" >/dev/null
kill -KILL "$(worker "$pid")"
wait_exit "$pid" 50; wait "$pid"; rc=$?
check "the parent sees its worker killed: exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "and logs the signal" \
	grep -q "privileged parent: the worker was killed by signal 9" "$log"

# ---- 3 and 5 with nftables, in a namespace of this test ---------------------------
NS=cglock$$
if ! ip netns add "$NS" 2>/dev/null; then
	ok "# SKIP the nftables parts need network namespaces"
	t_done; exit 0
fi
ns_cleanup() { ip netns del "$NS" 2>/dev/null; }
trap 't_cleanup; ns_cleanup' EXIT INT TERM
NX="ip netns exec $NS"
$NX ip link set lo up
DRV=$T_DIR/priv_driver
${CC:-cc} -std=c11 -D_GNU_SOURCE -iquote "$ROOT/app" -iquote "$ROOT" \
    -o "$DRV" "$ROOT/tests/integration/priv_driver.c" "$LIBDIR/libcamguard.a" \
    -lmosquitto -lnftables -lmbedtls -lmbedx509 -lmbedcrypto -lcrypt
check "the hostile worker builds against libcamguard.a" [ -x "$DRV" ]
cat >"$T_DIR/nft.json" <<JSON
{"ids": {"block_backend": "nftables", "ipv6_prefix": 64,
         "ignore": ["127.0.0.0/8", "::1/128", "10.9.0.0/16"],
         "allow": ["192.0.2.200"]},
 "mqtt": {"enabled": true, "port": 1883}, "status": {"enabled": false},
 "run": {"user": "$T_RUN_USER"}}
JSON
mkfifo "$T_DIR/go"
$NX "$DRV" "$T_DIR/nft.json" <"$T_DIR/go" >"$T_DIR/drv.out" 2>"$T_DIR/drv.err" &
drv=$!; T_PIDS="$T_PIDS $drv"
exec 3>"$T_DIR/go"
wait_for "$T_DIR/drv.out" "^done" 3000 >/dev/null
answer() { grep -q "^$1 $2\$" "$T_DIR/drv.out"; }
set4() { $NX nft list set inet camguard b4; }
set6() { $NX nft list set inet camguard b6; }
check "init for ports 8080, 22, 1883, 8883 applies (8080)" \
	answer init-8080-22-1883-8883 0
covers() {
	r=$($NX nft list table inet camguard | grep dport)
	echo "# $r"
	echo "$r" | grep -q 8080 && ! echo "$r" | grep -qw -e 22 -e 1883 -e 8883
}
check "the rule covers 8080 and none of 22, 1883, 8883" covers
for b in 0.0.0.0/1 128.0.0.0/1 ::/1 8000::/1 127.0.0.1 ::1 ::ffff:10.1.2.3 \
    allowed-192.0.2.200 ignored-10.9.1.1 v6-/48; do
	check "block $b is refused (-13)" answer "block-$b" -13
done
check "the attacker is blocked" answer block-attacker-10.250.0.3 0
check "a v6 /64 is blocked" answer block-v6-/64 0
clean_sets() {
	! set4 | grep -q -e '0.0.0.0/1' -e '128.0.0.0/1' -e 127.0.0.1 \
	    -e 192.0.2.200 -e 10.9.1.1 &&
	! set6 | grep -q -e '::/1' -e '8000::/1' -e '::1' -e ffff -e '/48'
}
check "no wide, loopback, allowed or ignored entry reached the kernel" \
	clean_sets
check "a flood of 5000 blocks stops at the cap: 4094 applied, 906 refused" \
	grep -q "^flood 4094 applied 906 refused\$" "$T_DIR/drv.out"
n=$($NX nft list set inet camguard b4 | grep -o '10\.10[0-9]\.[0-9]*\.[0-9]*' | wc -l)
check "the kernel holds 4094 flood entries, not 5000 (got $n)" [ "$n" -eq 4094 ]
check "each refusal is logged with the running count" \
	grep -q "privileged parent: refused a block of 0.0.0.0/1: prefix wider than configured (.* refused so far)" "$T_DIR/drv.err"
echo go >&3; exec 3>&-
wait "$drv"; rc=$?
check "the hostile worker exits, the parent with it (rc $rc)" [ "$rc" -eq 0 ]
# 3 ports, 10 blocks, 906 of the flood
check "and the parent counted every refusal (919)" \
	grep -q "parent: 919 refused" "$T_DIR/drv.err"
t_done
