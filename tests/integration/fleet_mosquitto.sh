#!/bin/sh
# Issue 16 against mosquitto (a broker that delivers retained messages to
# wildcard subscriptions): MQTT commands and their results (lib_fleet.sh
# fl_commands); the fleet view and its actions (fl_view); shared bans between agents in network namespaces with
# nftables (fl_shared).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_fleet.sh"
trap 'fl_cleanup; fl_ns_cleanup; t_cleanup' EXIT INT TERM

P=$((20000 + ($$ * 17) % 12000))
while ss -ltn | grep -q ":$P "; do P=$((P + 1)); done
printf 'user root\nlistener %s 127.0.0.1\nallow_anonymous true\n' "$P" \
    >"$T_DIR/broker.conf"
mosquitto -c "$T_DIR/broker.conf" >"$T_DIR/broker.log" 2>&1 &
T_PIDS="$T_PIDS $!"
for _ in $(seq 50); do ss -ltn | grep -q ":$P " && break; sleep 0.1; done

fl_commands "$P" mosquitto
fl_view "$P" mosq
if [ "$(id -u)" = 0 ] && ip netns add "cgprobe$$" 2>/dev/null; then
	ip netns del "cgprobe$$"
	fl_shared "$P" "$P" mosquitto
else
	ok "# SKIP shared bans need root and network namespaces"
fi
t_done
