#!/bin/sh
# The whole story, the way a site lives it (spec section 10): a camera
# namespace with the camera simulator writing its access log, camguard run
# with the nftables backend, a real mosquitto broker and the status
# endpoint; an attacker namespace that brute-forces the web server and a
# bystander namespace.  Then the same attack with the camera-acl backend:
# while the camera's IP access control is off, blocking is not enforced
# (alarm blocked false, /status and /readyz say so); once a rescan sees it
# on, the camera refuses the attacker.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ] || ! ip netns add "cgprobe$$" 2>/dev/null; then
	echo "ok 1 # SKIP needs root and network namespaces"; echo "1..1"; exit 0
fi
ip netns del "cgprobe$$"

CAM=cgcam$$ ATK=cgatk$$ BYS=cgbys$$
ns_cleanup() {
	for n in $CAM $ATK $BYS; do ip netns del "$n" 2>/dev/null; done
}
trap 't_cleanup; ns_cleanup' EXIT INT TERM
for n in $CAM $ATK $BYS; do ip netns add "$n"; ip -n "$n" link set lo up; done
ip -n $CAM link add br0 type bridge
ip -n $CAM addr add 10.250.0.1/24 dev br0
ip -n $CAM link set br0 up
i=2
for n in $BYS $ATK; do
	ip link add "v$i$$" netns $CAM type veth peer name eth0 netns "$n"
	ip -n $CAM link set "v$i$$" master br0 up
	ip -n "$n" addr add "10.250.0.$i/24" dev eth0
	ip -n "$n" link set eth0 up
	i=$((i + 1))
done
# the attacker also speaks from .4 and .5 (second and third attackers)
ip -n $ATK addr add 10.250.0.4/24 dev eth0
ip -n $ATK addr add 10.250.0.5/24 dev eth0
CX="ip netns exec $CAM"

# The camera: the simulator on every address of the camera namespace.
$CX python3 tests/camsim/camsim.py --profile default --bind 0.0.0.0 \
	--http-port 0 --access-log "$T_DIR/access.log" >"$T_DIR/camsim.out" 2>&1 &
T_PIDS="$T_PIDS $!"
wait_for "$T_DIR/camsim.out" "camsim ready" >/dev/null
HTTP=$(sed -n 's/.*http=\([0-9]*\).*/\1/p' "$T_DIR/camsim.out")
chmod 644 "$T_DIR/access.log"

# The broker, inside the camera namespace (its loopback is the camera's).
MQ=$((20000 + $$ % 12000))
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$MQ" >"$T_DIR/broker.conf"
$CX mosquitto -c "$T_DIR/broker.conf" >"$T_DIR/broker.log" 2>&1 &
T_PIDS="$T_PIDS $!"
for _ in $(seq 50); do $CX ss -ltn | grep -q ":$MQ " && break; sleep 0.1; done
$CX mosquitto_sub -h 127.0.0.1 -p "$MQ" -v -t 'MOBOTIX/#' >"$T_DIR/sub.log" &
T_PIDS="$T_PIDS $!"

SP=$((MQ + 1))
printf 'meinsm\n' >"$T_DIR/cam.pw"
chown "$T_RUN_USER" "$T_DIR/cam.pw"; chmod 600 "$T_DIR/cam.pw"
write_conf() {	# backend threshold
	cat >"$T_DIR/camguard.json" <<JSON
{"camera": {"id": "cam-sys", "url": "http://127.0.0.1:$HTTP", "user": "admin",
            "password_file": "$T_DIR/cam.pw", "timeout_ms": 2000},
 "ids": {"sources": [{"path": "$T_DIR/access.log", "format": "clf"}],
         "threshold": $2, "block_backend": "$1", "block_s": 600},
 "mqtt": {"enabled": true, "host": "127.0.0.1", "port": $MQ},
 "status": {"listen": "127.0.0.1:$SP"},
 "run": {"user": "$T_RUN_USER"}}
JSON
}
start_agent() {
	: >"$T_DIR/run.log"
	$CX "$CAMGUARD" run -c "$T_DIR/camguard.json" -d >"$T_DIR/run.log" 2>&1 &
	AGENT=$!; T_PIDS="$T_PIDS $AGENT"
	wait_for "$T_DIR/run.log" "scan 1:" 100 >/dev/null
}
# attack NS SRC N: N logins with a wrong password
attack() {
	for _ in $(seq "$3"); do
		ip netns exec "$1" curl -s -o /dev/null --max-time 2 \
			--interface "$2" -u admin:guess http://10.250.0.1:$HTTP/admin/
	done
}
status_of() {	# NS SRC -> HTTP status of / (000 when refused by the kernel)
	ip netns exec "$1" curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
		--interface "$2" "http://10.250.0.1:$HTTP/"
}

write_conf nftables 7
start_agent
check "the agent scanned the camera through its API" grep -q "scan 1: [0-9]* pass" "$T_DIR/run.log"
check "the bystander reaches the camera" [ "$(status_of $BYS 10.250.0.2)" = 200 ]
attack $ATK 10.250.0.3 7
for _ in $(seq 30); do
	$CX nft list set inet camguard b4 2>/dev/null | grep -q 10.250.0.3 && break
	sleep 0.1
done
check "the attacker is in the kernel's block set after the threshold" \
	sh -c "$CX nft list set inet camguard b4 | grep -q 10.250.0.3"
check "the kernel refuses the attacker" [ "$(status_of $ATK 10.250.0.3)" = 000 ]
check "the bystander still gets 200" [ "$(status_of $BYS 10.250.0.2)" = 200 ]
check "a subscriber got the alarm with the attacker's address and count" \
	wait_for "$T_DIR/sub.log" 'notify/ids_alarm .*"ip":"10.250.0.3".*"attempts":7'
check "and blocked true: the kernel took the block" \
	grep -q 'notify/ids_alarm .*"ip":"10.250.0.3".*"blocked":true' "$T_DIR/sub.log"
$CX mosquitto_sub -h 127.0.0.1 -p "$MQ" -C 1 -W 5 \
	-t MOBOTIX/cam-sys/hardening/summary >"$T_DIR/late.txt" 2>&1
check "a late subscriber gets the retained summary" grep -q '"state_sha256"' "$T_DIR/late.txt"
$CX curl -s "http://127.0.0.1:$SP/status" >"$T_DIR/status.json"
check "/status lists the block" grep -q '"ip":"10.250.0.3"' "$T_DIR/status.json"
check "the worker runs as run.user with no_new_privs" sh -c "
	w=\$(pgrep -P $AGENT -x camguard | head -1)
	grep -q '^Uid:.*$T_RUN_USER' /proc/\$w/status && grep -q '^NoNewPrivs:.*1' /proc/\$w/status"

write_conf nftables 5
kill -HUP "$AGENT"
wait_for "$T_DIR/run.log" "configuration reloaded" >/dev/null
attack $ATK 10.250.0.4 5
sleep 0.5
check "after SIGHUP lowered the threshold to 5, 5 failures block" \
	[ "$(status_of $ATK 10.250.0.4)" = 000 ]

kill -TERM "$AGENT"; wait "$AGENT"; rc=$?
check "SIGTERM stops the agent with 0 (got $rc)" [ "$rc" -eq 0 ]
$CX mosquitto_sub -h 127.0.0.1 -p "$MQ" -C 1 -W 5 \
	-t MOBOTIX/cam-sys/camguard/status >"$T_DIR/last.txt" 2>&1
check "SIGTERM leaves offline on the status topic" grep -q '"state":"offline"' "$T_DIR/last.txt"
check "the nftables table is gone with the agent" sh -c "! $CX nft list tables | grep -q camguard"

# The same story with the camera's own access control, off at first (the
# factory setting): deny rules would do nothing, so nothing is blocked and
# camguard says so; then the camera's access control is switched on.
write_conf camera-acl 7
start_agent
check "camera-acl, the camera's access control off: blocking not enforced" \
	grep -q "ids: blocking is not_enforced: the camera's IP-Level Access Control is off" \
	"$T_DIR/run.log"
attack $ATK 10.250.0.5 7
check "the alarm says blocked false" wait_for "$T_DIR/sub.log" \
	'notify/ids_alarm .*"ip":"10.250.0.5".*"blocked":false'
$CX curl -s "http://127.0.0.1:$SP/status" >"$T_DIR/status2.json"
check "/status: blocking not_enforced with the reason, nothing listed" \
	python3 -c '
import json, sys
ids = json.load(open(sys.argv[1]))["ids"]
assert ids["blocking"] == "not_enforced", ids
assert "Access Control is off" in ids["blocking_reason"], ids
assert ids["blocked"] == [] and ids["blocks"] == 0, ids' "$T_DIR/status2.json"
check "/readyz is 503 and says why" sh -c "
	$CX curl -s -w '%{http_code}' http://127.0.0.1:$SP/readyz |
	tr '\n' ' ' | grep -q 'ids: blocking not_enforced: .* 503'"
check "the attacker is not refused (nothing was enforced)" \
	[ "$(status_of $ATK 10.250.0.5)" = 200 ]
printf 'helo\nwrite params\naccesscontrol/ENABLED=1\nupdate\nquit\n' |
	$CX curl -s -u admin:meinsm --data-binary @- \
	"http://127.0.0.1:$HTTP/admin/remoteconfig" >/dev/null
kill -USR1 "$AGENT"
check "after a rescan sees the access control on, blocking is on" \
	wait_for "$T_DIR/run.log" "ids: blocking is on (camera-acl)" 100
attack $ATK 10.250.0.5 1
for _ in $(seq 30); do
	[ "$(status_of $ATK 10.250.0.5)" = 403 ] && break; sleep 0.1
done
check "camera-acl: the simulator refuses the attacker" [ "$(status_of $ATK 10.250.0.5)" = 403 ]
check "camera-acl: the bystander still gets 200" [ "$(status_of $BYS 10.250.0.2)" = 200 ]
kill -TERM "$AGENT"; wait "$AGENT"
t_done
