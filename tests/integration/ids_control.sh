#!/bin/sh
# `camguard ids list|block|unblock|flush` against `camguard run` with the
# nftables backend (root parent + unprivileged worker) in a network
# namespace made here: the control socket is 0600 and belongs to
# run.user; an operator's block reaches the kernel's set and the list
# with its reason; bad input (loopback, /0, IPv4 prefixes, IPv6 wider
# than ids.ipv6_prefix, allow-listed, unknown keys, over-long lines)
# never reaches the firewall; unblock removes the element, the count and
# the state file line (a restart does not bring it back, while a block
# that was not unblocked comes back, with the operator's reason in `ids
# list`, /status and the retained ids/blocked); flush empties the sets; a
# peer that is neither root nor run.user is refused even when the file
# mode would let it in; a flood of requests is rate-limited; and with the
# daemon gone the command says so.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ] || ! ip netns add "cgctl$$" 2>/dev/null; then
	echo "ok 1 # SKIP needs root and network namespaces"; echo "1..1"; exit 0
fi
NS=cgctl$$
trap 't_cleanup; ip netns del $NS 2>/dev/null' EXIT INT TERM
ip -n "$NS" link set lo up
D=$T_DIR
SOCK=$D/ctl.sock
NX="ip netns exec $NS"

: >"$D/access.log"; chmod 644 "$D/access.log"
# a broker and /status in the namespace: the reasons after a restart
printf 'user root\nlistener 1883 127.0.0.1\nallow_anonymous true\n' \
    >"$D/mq.conf"
$NX mosquitto -c "$D/mq.conf" >"$D/mq.log" 2>&1 &
T_PIDS="$T_PIDS $!"
cat >"$D/c.json" <<JSON
{"camera": {"id": "ctl-cam",
            "config_file": "$PWD/examples/camera-default.cfg"},
 "status": {"listen": "127.0.0.1:9180"},
 "mqtt": {"enabled": true, "host": "127.0.0.1", "port": 1883},
 "ids": {"sources": [{"path": "$D/access.log", "format": "clf"}],
         "threshold": 5, "block_backend": "nftables", "block_s": 3600,
         "ports": [8080], "state_file": "$D/state",
         "allow": ["192.0.2.200"]},
 "run": {"user": "$T_RUN_USER", "control_socket": "$SOCK"}}
JSON
start() {
	$NX "$CAMGUARD" run -c "$D/c.json" -d -v >>"$D/run.log" 2>&1 &
	RUN=$!
	T_PIDS="$T_PIDS $RUN"
	wait_for "$D/run.log" "started, version" >/dev/null
	for _ in $(seq 50); do
		$NX nft list set inet camguard b4 >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
stop() { kill "$RUN"; wait "$RUN"; }
ids() { $NX "$CAMGUARD" ids "$@" -c "$D/c.json"; }
elems() { $NX nft list set inet camguard "$1" | tr -d '\n' |
	sed -n 's/.*elements = {\([^}]*\)}.*/\1/p'; }
has() { elems "$1" | grep -q "$2"; }
count() { elems "$1" | tr ',' '\n' | grep -c .; }
fail_line() {	# ip
	echo "$1 - admin [24/Nov/2026:10:00:00 +0000] \"GET /admin/ HTTP/1.1\" 401 0"
}

check "camguard run (nftables, privileged parent) starts in $NS" start
check "the socket is a socket of mode 0600" \
	test "$(stat -c %F:%a "$SOCK")" = "socket:600"
check "it belongs to run.user ($T_RUN_USER)" \
	test "$(stat -c %u "$SOCK")" = "$T_RUN_USER"
check "the worker runs as run.user, the parent as root" sh -c \
	"ps -o user= --ppid $RUN | grep -q nobody && ps -o user= -p $RUN | grep -q root"
ids list >"$D/l0" 2>&1
check "ids list on a fresh daemon: 0 blocked" grep -q '^0 blocked' "$D/l0"

ids block 192.0.2.7 --reason "VMS lockout" >"$D/b1" 2>&1; rc=$?
check "ids block 192.0.2.7: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "192.0.2.7 is an element of the kernel's b4 set" has b4 192.0.2.7
ids block 192.0.2.8 --reason "NVR 100% down; ticket #42" >/dev/null 2>&1
ids block 2001:db8:1::5 --for 600 >/dev/null 2>&1
check "ids block 2001:db8:1::5 blocks its /64 (ipv6_prefix)" \
	has b6 2001:db8:1::/64
ids list >"$D/l1"
check "ids list shows 192.0.2.7 with its reason" \
	grep -q '^192.0.2.7/32 .*VMS lockout$' "$D/l1"
check "and the /64 with no origin (this camera's)" \
	grep -q '^2001:db8:1::/64  *[0-9T:Z-]*  *- ' "$D/l1"
ids list --format json >"$D/l1.json"
check "--format json: the entries with origin null and the reason" grep -q \
	'{"ip":"192.0.2.7","prefix":32,"until":[0-9]*,"origin":null,"reason":"VMS lockout"}' \
	"$D/l1.json"

# ---- bad input never reaches the firewall ----
b4=$(count b4) b6=$(count b6)
refused() {	# address expected-reason
	ids block "$1" >"$D/r.out" 2>&1; rc=$?
	[ "$rc" -eq 2 ] && grep -q "$2" "$D/r.out" ||
	    { echo "# $1: rc $rc: $(cat "$D/r.out")"; return 1; }
}
check "127.0.0.1 is refused: loopback" refused 127.0.0.1 "loopback"
check "::1 is refused: loopback" refused ::1 "loopback"
check "0.0.0.0/0 is refused" refused 0.0.0.0/0 "/0 prefix"
check "::/0 is refused" refused ::/0 "/0 prefix"
check "an IPv4 prefix is refused" refused 192.0.2.0/24 "one address (/32)"
check "2001:db8::/32 is wider than ids.ipv6_prefix" \
	refused 2001:db8::/32 "wider than ids.ipv6_prefix (/64)"
check "an allow-listed address is refused" refused 192.0.2.200 "ids.allow"
check "an address that does not parse is refused" refused 192.0.2.300 \
	"ADDRESS or ADDRESS/PREFIX"
raw() {	# one request line, the reply line
	$NX python3 - "$SOCK" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n"); s.shutdown(socket.SHUT_WR)
print(s.makefile().readline().strip())
PY
}
out=$(raw '{"cmd":"block","ip":"192.0.2.8","until":5}')
check "an unknown key is refused with its name" test "$out" = \
	'{"id":null,"cmd":"block","ok":false,"error":"unknown key \"until\""}'
out=$(raw '{"cmd":"block","ip":"192.0.2.8","for_s":"60"}')
check "a wrong type is refused" sh -c "echo '$out' | grep -q 'for_s must be an integer'"
out=$(raw "{\"cmd\":\"list\",\"id\":\"$(head -c 2000 /dev/zero | tr '\0' x)\"}")
check "a request over CTL_REQ_MAX is refused" \
	sh -c "echo '$out' | grep -q 'request longer than'"
check "none of them reached the firewall" \
	test "$(count b4):$(count b6)" = "$b4:$b6"

# ---- unblock: the element, the count and the state file ----
for _ in 1 2 3 4 5; do fail_line 192.0.2.9; done >>"$D/access.log"
check "five failures from 192.0.2.9 block it" sh -c \
	"for i in \$(seq 50); do $NX nft list set inet camguard b4 |
	    grep -q 192.0.2.9 && exit 0; sleep 0.1; done; exit 1"
check "the state file holds 192.0.2.9" grep -q '^block 192.0.2.9/32' "$D/state"
ids unblock 192.0.2.9 >/dev/null
check "ids unblock removes the element" sh -c "! $NX nft list set inet camguard b4 | grep -q 192.0.2.9"
check "and the state file line" sh -c "! grep -q '192.0.2.9' $D/state"
for _ in 1 2 3 4; do fail_line 192.0.2.9; done >>"$D/access.log"
sleep 0.5
check "its count was reset: four more failures do not block it" \
	sh -c "! $NX nft list set inet camguard b4 | grep -q 192.0.2.9"
check "the state file holds the reasons, escaped" sh -c \
	"grep -qx 'reason 192.0.2.7/32 VMS%20lockout' $D/state &&
	grep -qx 'reason 192.0.2.8/32 NVR%20100%25%20down;%20ticket%20#42' \
	$D/state"
stop
# what the broker holds now is the old run's: gone, the next is the new's
$NX mosquitto_pub -h 127.0.0.1 -p 1883 -r -n -t MOBOTIX/ctl-cam/ids/blocked
check "after a restart" start
check "the operator's block 192.0.2.7 is back (state file)" has b4 192.0.2.7
check "the unblocked 192.0.2.9 is not" sh -c "! $NX nft list set inet camguard b4 | grep -q 192.0.2.9"
ids list >"$D/l2"
check "ids list after the restart: both reasons" sh -c \
	"grep -q '^192.0.2.7/32 .*VMS lockout$' $D/l2 &&
	grep -q '^192.0.2.8/32 .*NVR 100% down; ticket #42$' $D/l2"
$NX curl -s http://127.0.0.1:9180/status >"$D/status.json"
check "/status after the restart: both reasons" sh -c \
	"grep -q '\"ip\":\"192.0.2.7\",\"prefix\":32,[^}]*\"reason\":\"VMS lockout\"' \
	$D/status.json && grep -q '\"ip\":\"192.0.2.8\",[^}]*\"reason\":\"NVR 100% down; ticket #42\"' \
	$D/status.json"
$NX mosquitto_sub -h 127.0.0.1 -p 1883 -t MOBOTIX/ctl-cam/ids/blocked \
    -C 1 -W 20 >"$D/blocked.json" 2>&1
check "ids/blocked after the restart: both reasons" sh -c \
	"grep -q '\"ip\":\"192.0.2.7\",[^}]*\"reason\":\"VMS lockout\"' \
	$D/blocked.json && grep -q '\"reason\":\"NVR 100% down; ticket #42\"' \
	$D/blocked.json"

# ---- who may use the socket ----
setpriv --reuid=12345 --regid=12345 --clear-groups "$CAMGUARD" ids list \
    -c "$D/c.json" >"$D/p1" 2>&1; rc=$?
check "another user cannot even connect (mode 0600): exit 2" \
	sh -c "[ $rc -eq 2 ] && grep -q 'permission denied' $D/p1"
chmod 666 "$SOCK"
setpriv --reuid=12345 --regid=12345 --clear-groups "$CAMGUARD" ids list \
    -c "$D/c.json" >"$D/p2" 2>&1; rc=$?
check "with the mode opened, SO_PEERCRED still refuses uid 12345" \
	sh -c "[ $rc -eq 2 ] && grep -q 'uid 12345 may not use the control socket' $D/p2"
check "the daemon logs the refusal" grep -q 'uid 12345 may not use' "$D/run.log"
setpriv --reuid="$T_RUN_USER" --regid="$T_RUN_USER" --clear-groups \
    "$CAMGUARD" ids list -c "$D/c.json" >"$D/p3" 2>&1; rc=$?
check "run.user may: exit 0 (got $rc)" [ "$rc" -eq 0 ]
chmod 600 "$SOCK"

# ---- flood ----
# The bucket refills at CMD_RATE_PER_S: after 2.5 s of quiet it holds all
# CMD_RATE_BURST (20) tokens again, whatever the commands above took.
sleep 2.5
$NX python3 - "$SOCK" >"$D/flood" <<'PY'
import socket, sys
for i in range(40):
    s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
    s.sendall(b'{"cmd":"list"}\n')
    print(s.makefile().readline().strip()); s.close()
PY
check "a flood of 40 requests: some are rate-limited" \
	grep -q '"error":"rate-limited: too many commands"' "$D/flood"
served=$(grep -c '"ok":true' "$D/flood")
check "and the first ones were served (a full burst of 20: $served)" \
	test "$served" -ge 20
sleep 2.5

# ---- flush ----
ids flush >/dev/null; rc=$?
check "ids flush: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "both sets are empty" test "$(count b4):$(count b6)" = "0:0"
check "ids list: 0 blocked" sh -c "$NX $CAMGUARD ids list -c $D/c.json | grep -q '^0 blocked'"
check "the state file holds no block" sh -c "! grep -q '^block' $D/state"

stop
ids list >"$D/gone" 2>&1; rc=$?
check "the daemon gone: exit 2, it says it is not running" \
	sh -c "[ $rc -eq 2 ] && grep -q 'camguard run is not running' $D/gone"
sed -i 's|"control_socket": "[^"]*"|"control_socket": ""|' "$D/c.json"
ids list >"$D/none" 2>&1; rc=$?
check "run.control_socket empty: exit 2, it says so" \
	sh -c "[ $rc -eq 2 ] && grep -q 'run.control_socket is empty' $D/none"
t_done
