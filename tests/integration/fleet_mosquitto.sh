#!/bin/sh
# Issue 16 against mosquitto (a broker that delivers retained messages to
# wildcard subscriptions): MQTT commands and their results (lib_fleet.sh
# fl_commands); the fleet view and its actions (fl_view); shared bans between agents in network namespaces with
# nftables (fl_shared).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_fleet.sh"
trap 'fl_cleanup; fl_ns_cleanup; t_cleanup' EXIT INT TERM

P=$(free_port)
printf 'user root\nlistener %s 127.0.0.1\nallow_anonymous true\n' "$P" \
    >"$T_DIR/broker.conf"
mosquitto -c "$T_DIR/broker.conf" >"$T_DIR/broker.log" 2>&1 &
T_PIDS="$T_PIDS $!"
for _ in $(seq 50); do ss -ltn | grep -q ":$P " && break; sleep 0.1; done

fl_commands "$P" mosquitto
fl_view "$P" mosq

# ---- the shipped acl_file (packaging/broker/mosquitto.acl) --------------
PACL=$(port_from $((P + 1)))
: >"$T_DIR/acl.pw"
for u in cam-acl cam-other fleet-ops; do
	mosquitto_passwd -b "$T_DIR/acl.pw" "$u" "pw-$u" 2>/dev/null
done
cp "$FL_ROOT/packaging/broker/mosquitto.acl" "$T_DIR/acl"
printf 'user root\nlistener %s 127.0.0.1\nallow_anonymous false\npassword_file %s\nacl_file %s\n' \
    "$PACL" "$T_DIR/acl.pw" "$T_DIR/acl" >"$T_DIR/acl.conf"
mosquitto -c "$T_DIR/acl.conf" >"$T_DIR/acl.log" 2>&1 &
T_PIDS="$T_PIDS $!"
fl_until 50 sh -c "ss -ltn | grep -q ':$PACL '"
printf 'pw-cam-acl\n' >"$T_DIR/cam-acl.pw"
chown "$T_RUN_USER" "$T_DIR/cam-acl.pw"; chmod 600 "$T_DIR/cam-acl.pw"
fl_conf "$T_DIR/cam-acl.json" cam-acl "$PACL"
sed -i "s|\"republish_jitter_ms\": 300|\"republish_jitter_ms\": 300, \"username\": \"cam-acl\", \"password_file\": \"$T_DIR/cam-acl.pw\"|" \
    "$T_DIR/cam-acl.json"
check "acl: the agent connects as its camera id" \
    fl_start cam-acl "$T_DIR/cam-acl.json"
as() {	# USER TOPIC PAYLOAD
	mosquitto_pub -h 127.0.0.1 -p "$PACL" -u "$1" -P "pw-$1" -q 1 \
	    -t "$2" -m "$3"
}
# fleet-ops asks and reads the answer (its account reads everything)
ops_ask() {	# TOPIC PAYLOAD
	rm -f "$T_DIR/ops.out"
	stdbuf -oL mosquitto_sub -d -h 127.0.0.1 -p "$PACL" -u fleet-ops \
	    -P pw-fleet-ops -q 1 -C 1 -W 10 -F 'MSG %t %p' \
	    -t MOBOTIX/cam-acl/cmd/result >"$T_DIR/ops.out" 2>&1 &
	S=$!
	wait_for "$T_DIR/ops.out" 'received SUBACK' 300 >/dev/null
	as fleet-ops "$1" "$2"
	wait "$S"
	fl_msgs "$T_DIR/ops.out"
}
r=$(ops_ask MOBOTIX/cam-acl/cmd/block '{"id":"acl-1","ip":"192.0.2.40"}')
check "acl: the operators' account commands the camera" \
    fl_is "$r" '{"id":"acl-1","cmd":"block","ok":true,"error":null}'
as cam-other MOBOTIX/cam-acl/cmd/block '{"ip":"192.0.2.41"}'
as cam-other MOBOTIX/_fleet/cmd/unblock '{"ip":"192.0.2.40"}'
as cam-other MOBOTIX/cam-acl/camguard/status '{"state":"offline"}'
# a barrier: the operators' next command is answered after them
ops_ask MOBOTIX/cam-acl/cmd/block '{"id":"acl-2","ip":"192.0.2.42"}' >/dev/null
B=$T_DIR/cam-acl/blocks
check "acl: another camera cannot command it" \
    sh -c "grep -q '^block 192.0.2.42/32' $B && ! grep -q 192.0.2.41 $B"
check "acl: nor unblock the fleet" \
    sh -c "! grep -q '^release 192.0.2.40/32' $B"
check "acl: nor write its status" sh -c "mosquitto_sub -h 127.0.0.1 \
    -p $PACL -u fleet-ops -P pw-fleet-ops -t MOBOTIX/cam-acl/camguard/status \
    -C 1 -W 3 | grep -q online"
rm -f "$T_DIR/ops.out"
stdbuf -oL mosquitto_sub -d -h 127.0.0.1 -p "$PACL" -u fleet-ops \
    -P pw-fleet-ops -q 1 -C 1 -W 10 -F 'MSG %t %p' \
    -t MOBOTIX/cam-acl/cmd/result >"$T_DIR/ops.out" 2>&1 &
S=$!
wait_for "$T_DIR/ops.out" 'received SUBACK' 300 >/dev/null
as cam-other MOBOTIX/_fleet/cmd/republish '{"id":"acl-r"}'
wait "$S"
check "acl: a camera may ask the fleet to republish (shared bans)" \
    fl_is "$(fl_msgs "$T_DIR/ops.out")" \
    '{"id":"acl-r","cmd":"republish","ok":true,"error":null}'
fl_cleanup
if [ "$(id -u)" = 0 ] && ip netns add "cgprobe$$" 2>/dev/null; then
	ip netns del "cgprobe$$"
	fl_shared "$P" "$P" mosquitto
else
	ok "# SKIP shared bans need root and network namespaces"
fi
t_done
