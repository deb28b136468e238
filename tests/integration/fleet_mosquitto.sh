#!/bin/sh
# Issue 16 against mosquitto (a broker that delivers retained messages to
# wildcard subscriptions): MQTT commands and their results
# (lib_fleet.sh fl_commands).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_fleet.sh"
trap 'fl_cleanup; t_cleanup' EXIT INT TERM

P=$((20000 + ($$ * 17) % 12000))
while ss -ltn | grep -q ":$P "; do P=$((P + 1)); done
printf 'user root\nlistener %s 127.0.0.1\nallow_anonymous true\n' "$P" \
    >"$T_DIR/broker.conf"
mosquitto -c "$T_DIR/broker.conf" >"$T_DIR/broker.log" 2>&1 &
T_PIDS="$T_PIDS $!"
for _ in $(seq 50); do ss -ltn | grep -q ":$P " && break; sleep 0.1; done

fl_commands "$P" mosquitto
t_done
