#!/bin/sh
# The shipped RabbitMQ permissions (packaging/broker/rabbitmq-acl.sh, the
# counterpart of mosquitto.acl that fleet_mosquitto.sh checks) applied by
# rabbitmqctl to a node of this test's own (lib_rabbitmq.sh): an agent
# logs in as its camera id and publishes its own state; the operators'
# account commands it and reads its answers; another camera can neither
# command it, read its commands, unblock or rescan the fleet, nor write
# its status; a camera may ask the fleet to republish (shared bans); the
# fleet server's account reads the state and asks for a republish, and
# commands nothing.
# RabbitMQ closes the connection of a client that publishes where it may
# not, and refuses a subscription (SUBACK 0x80) where it may not read.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_rabbitmq.sh"
. "$(dirname "$0")/lib_fleet.sh"
rmq_need_root
trap 'fl_cleanup; rmq__cleanup' EXIT
trap 'fl_cleanup; rmq__cleanup; exit 130' INT
trap 'fl_cleanup; rmq__cleanup; exit 143' TERM

if ! rmq_start A; then
	not_ok "RabbitMQ node A boots"
	t_done
fi
ok "RabbitMQ node A listens for MQTT on 127.0.0.1:$RMQ_A_MQTT_PORT"
P=$RMQ_A_MQTT_PORT
R=MOBOTIX

rmq_ctl_wrapper A "$T_DIR/rabbitmqctl"
acl() {	# KIND USER: the shipped script, password pw-USER
	echo "\$ rabbitmq-acl.sh $1 $2" >>"$T_DIR/acl.out"
	RABBITMQCTL=$T_DIR/rabbitmqctl sh \
	    "$FL_ROOT/packaging/broker/rabbitmq-acl.sh" "$1" "$2" "pw-$2" \
	    >>"$T_DIR/acl.out" 2>&1 && return 0
	sed 's/^/# /' "$T_DIR/acl.out" >&2
	return 1
}
check "rabbitmq-acl.sh camera cam-acl" acl camera cam-acl
check "rabbitmq-acl.sh camera cam-other" acl camera cam-other
check "rabbitmq-acl.sh operator fleet-ops" acl operator fleet-ops
check "rabbitmq-acl.sh server camguard-fleet" acl server camguard-fleet
RABBITMQCTL=$T_DIR/rabbitmqctl sh "$FL_ROOT/packaging/broker/rabbitmq-acl.sh" \
    nobody x y >/dev/null 2>&1; rc=$?
check "an unknown kind: exit 64, no user made" sh -c "[ $rc -eq 64 ] &&
    ! $T_DIR/rabbitmqctl list_users 2>&1 | grep -q '^x\b'"
check "run again on a user that exists (a new password): exit 0" \
    acl camera cam-other
"$T_DIR/rabbitmqctl" list_user_topic_permissions cam-acl \
    >"$T_DIR/topic.perm" 2>&1
check "cam-acl's topic permissions are set on amq.topic, by {username}" \
    sh -c "grep 'amq\.topic' $T_DIR/topic.perm | grep -qF '{username}' ||
    { sed 's/^/# /' $T_DIR/topic.perm >&2; exit 1; }"

printf 'pw-cam-acl\n' >"$T_DIR/cam-acl.pw"
chown "$T_RUN_USER" "$T_DIR/cam-acl.pw"; chmod 600 "$T_DIR/cam-acl.pw"
fl_conf "$T_DIR/cam-acl.json" cam-acl "$P"
sed -i "s|\"republish_jitter_ms\": 300|\"republish_jitter_ms\": 300, \"username\": \"cam-acl\", \"password_file\": \"$T_DIR/cam-acl.pw\"|" \
    "$T_DIR/cam-acl.json"
check "the agent connects as its camera id" \
    fl_start cam-acl "$T_DIR/cam-acl.json"
B=$T_DIR/cam-acl/blocks

as() {	# USER TOPIC PAYLOAD [-r]: refused ones close the connection
	mosquitto_pub -h 127.0.0.1 -p "$P" -u "$1" -P "pw-$1" -q 1 \
	    -t "$2" -m "$3" ${4:+"$4"} >>"$T_DIR/as.out" 2>&1
}
# SUB USER COUNT SECONDS TOPIC: a subscriber as USER (RabbitMQ gives
# retained messages to exact topics only)
sub() {
	rm -f "$T_DIR/sub.out"
	stdbuf -oL mosquitto_sub -d -h 127.0.0.1 -p "$P" -u "$1" \
	    -P "pw-$1" -q 1 -C "$2" -W "$3" -F 'MSG %t %p' -t "$4" \
	    >"$T_DIR/sub.out" 2>&1 &
	S=$!
	T_PIDS="$T_PIDS $S"
	wait_for "$T_DIR/sub.out" 'received SUBACK' 300 >/dev/null
}
# fleet-ops asks and reads the answer
ops_ask() {	# TOPIC PAYLOAD
	sub fleet-ops 1 10 "$R/cam-acl/cmd/result"
	as fleet-ops "$1" "$2"
	wait "$S"
	fl_msgs "$T_DIR/sub.out"
}
# USER TOPIC: the broker refuses the subscription (RabbitMQ 3.10 closes
# the connection, a SUBACK of 0x80 would do too) of a user it let in
refused_sub() {
	mosquitto_sub -d -h 127.0.0.1 -p "$P" -u "$1" -P "pw-$1" -q 1 -C 1 \
	    -W 4 -t "$2" >"$T_DIR/refused.out" 2>&1
	grep -q 'received CONNACK (0)' "$T_DIR/refused.out" &&
	    ! grep -q 'received PUBLISH' "$T_DIR/refused.out" &&
	    { grep -q 'Subscribed (mid: [0-9]*): 128' "$T_DIR/refused.out" ||
	    ! grep -q 'received SUBACK' "$T_DIR/refused.out"; } && return 0
	sed 's/^/# /' "$T_DIR/refused.out" >&2
	return 1
}
status_of_cam_acl() {
	sub fleet-ops 1 10 "$R/cam-acl/camguard/status"
	wait "$S"
	fl_msgs "$T_DIR/sub.out"
}

check "the camera publishes its own status (fleet-ops reads it)" \
    fl_has "$(status_of_cam_acl)" '"state":"online"'
r=$(ops_ask "$R/cam-acl/cmd/block" '{"id":"acl-1","ip":"192.0.2.40"}')
check "the operators' account commands the camera, which reads it and answers" \
    fl_is "$r" '{"id":"acl-1","cmd":"block","ok":true,"error":null}'
as cam-other "$R/cam-acl/cmd/block" '{"ip":"192.0.2.41"}'
as cam-other "$R/_fleet/cmd/unblock" '{"ip":"192.0.2.40"}'
as cam-other "$R/cam-acl/camguard/status" '{"state":"offline"}' -r
# a barrier: the operators' next command is answered after them
ops_ask "$R/cam-acl/cmd/block" '{"id":"acl-2","ip":"192.0.2.42"}' >/dev/null
check "another camera cannot command it" \
    sh -c "grep -q '^block 192.0.2.42/32' $B && ! grep -q 192.0.2.41 $B"
check "nor unblock the fleet" sh -c "! grep -q '^release 192.0.2.40/32' $B"
check "nor write its status (the retained one is still online)" \
    fl_has "$(status_of_cam_acl)" '"state":"online"'
sub cam-other 1 1 "$R/cam-other/cmd/#"
wait "$S"
check "another camera may read its own commands" \
    grep -q 'Subscribed (mid: [0-9]*): 1$' "$T_DIR/sub.out"
check "but not cam-acl's (the subscription is refused)" \
    refused_sub cam-other "$R/cam-acl/cmd/#"

# the fleet's commands: a camera may ask for a republish, not a rescan;
# the rescan (refused) goes first, so its answer would come first
sub fleet-ops 2 10 "$R/cam-acl/cmd/result"
as cam-other "$R/_fleet/cmd/rescan" '{"id":"acl-s"}'
as cam-other "$R/_fleet/cmd/republish" '{"id":"acl-r"}'
wait "$S"
r=$(fl_msgs "$T_DIR/sub.out")
check "a camera may ask the fleet to republish (shared bans)" \
    fl_has "$r" '{"id":"acl-r","cmd":"republish","ok":true,"error":null}'
check "but not rescan it" sh -c "! echo '$r' | grep -q acl-s"
r=$(ops_ask "$R/_fleet/cmd/rescan" '{"id":"acl-o"}')
check "the operators' account commands the whole fleet" \
    fl_has "$r" '"id":"acl-o","cmd":"rescan"'

# the fleet server's account
sub camguard-fleet 1 10 "$R/cam-acl/camguard/status"
wait "$S"
check "the fleet server reads a camera's status" \
    fl_has "$(fl_msgs "$T_DIR/sub.out")" '"state":"online"'
sub fleet-ops 1 10 "$R/cam-acl/cmd/result"
# refused, so the first answer is the republish's
as camguard-fleet "$R/cam-acl/cmd/block" '{"id":"acl-f","ip":"192.0.2.43"}'
as camguard-fleet "$R/_fleet/cmd/republish" '{"id":"acl-fr"}'
wait "$S"
r=$(fl_msgs "$T_DIR/sub.out")
check "it may ask the fleet to republish" \
    fl_has "$r" '{"id":"acl-fr","cmd":"republish","ok":true,"error":null}'
check "but not command a camera" sh -c "! grep -q 192.0.2.43 $B"
check "nor read the commands (the subscription is refused)" \
    refused_sub camguard-fleet "$R/cam-acl/cmd/#"
fl_cleanup
t_done
