#!/bin/sh
# A fleet of N agents (default 1000) on one broker, mosquitto then
# RabbitMQ (make bench; the RabbitMQ half needs root and rabbitmq-server):
# each `camguard run` with the default camera fixture, status and IDS off.
#  1. the time a fresh `camguard fleet` takes to list all N online with
#     their scores (it asks for a fleet republish and waits for the
#     answers; mqtt.republish_jitter_ms 2000 on both sides); target 5 s;
#  2. after a broker restart, the time from the broker listening again
#     until every agent has reconnected and published its whole state
#     again (an agent republishes everything retained in its CONNACK
#     callback; its log says "mqtt: connected ... retained topics"), read
#     from the agents' logs every 0.2 s: a subscriber that starts after
#     the broker may miss an agent that reconnects first, and RabbitMQ
#     gives a wildcard subscriber no retained message; target 15 s.
# Prints "bench: ..." lines; exits non-zero only when it cannot measure.
. "$(dirname "$0")/../integration/lib.sh"
HAVE_RMQ=
if [ "$(id -u)" = 0 ] && [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
	. "$(dirname "$0")/../integration/lib_rabbitmq.sh"
	HAVE_RMQ=1
fi
N=${FLEET_AGENTS:-1000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
D=$T_DIR
AGENTS=

agents_stop() {
	for p in $AGENTS; do kill "$p" 2>/dev/null; done
	for p in $AGENTS; do wait "$p" 2>/dev/null; done
	AGENTS=
}
bench_cleanup() {
	agents_stop
	[ -n "$HAVE_RMQ" ] && rmq_stop_all
	t_cleanup
}
trap bench_cleanup EXIT INT TERM

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# agents_start PORT: N agents, bench-1 .. bench-N
agents_start() {
	i=1
	while [ "$i" -le "$N" ]; do
		cat >"$D/a$i.json" <<EOF
{"camera": {"id": "bench-$i", "config_file": "$ROOT/examples/camera-default.cfg"},
 "ids": {"enabled": false}, "status": {"enabled": false},
 "checks": {"interval_s": 86400},
 "run": {"user": "$T_RUN_USER", "control_socket": ""},
 "mqtt": {"enabled": true, "host": "127.0.0.1", "port": $1}}
EOF
		"$CAMGUARD" run -c "$D/a$i.json" -d >"$D/a$i.log" 2>&1 &
		AGENTS="$AGENTS $!"
		# a start costs a scan: let the machine breathe
		[ $((i % 50)) -eq 0 ] && sleep 0.5
		i=$((i + 1))
	done
}

# held FILE: cameras with both a status and a summary in a capture
held() {
	awk '{ split($2, t, "/"); k[t[2] " " t[3]] = 1 }
	    END { for (x in k) { split(x, y, " "); n[y[1]]++ }
	    for (c in n) if (n[c] == 2) m++; print m + 0 }' "$1"
}

# capture PORT FILE: status and summary of every camera, with arrival time
capture() {
	: >"$2"
	mosquitto_sub -h 127.0.0.1 -p "$1" -q 1 -t 'MOBOTIX/+/camguard/status' \
	    -t 'MOBOTIX/+/hardening/summary' -F '%U %t' >"$2" 2>/dev/null &
	CAP=$!
	T_PIDS="$T_PIDS $CAP"
}

# agents whose log shows a second connection (after the restart)
reconnected() {
	grep -c 'mqtt: connected to' "$D"/a[0-9]*.log | awk -F: '$2 >= 2' |
	    grep -c .
}

wait_held() {	# FILE TENTHS
	i=0
	while [ "$(held "$1")" -lt "$N" ] && [ "$i" -lt "$2" ]; do
		sleep 0.2; i=$((i + 2))
	done
}

measure() {	# NAME PORT RESTART_FN
	name=$1 port=$2
	capture "$port" "$D/start.$name"
	sleep 0.5
	t0=$(now)
	agents_start "$port"
	wait_held "$D/start.$name" 6000
	echo "bench: $name: $N agents started, $(held "$D/start.$name") with" \
	    "status and summary after $(elapsed "$t0" "$(now)") s"
	kill "$CAP"
	sleep 2
	printf '{"mqtt": {"republish_jitter_ms": 2000}}\n' >"$D/cli.json"
	f0=$(now)
	"$CAMGUARD" fleet -c "$D/cli.json" --broker "mqtt://127.0.0.1:$port" \
	    --format json >"$D/fleet.$name" 2>"$D/fleet.$name.err"
	f1=$(now)
	listed=$(grep -o '"camera":"bench-[0-9]*","state":"online","score":[0-9.]*' \
	    "$D/fleet.$name" | sort -u | grep -c .)
	echo "bench: $name: a fresh camguard fleet listed $listed of $N online" \
	    "with their scores in $(elapsed "$f0" "$f1") s (target 5 s)"
	$3 "$port"
	r0=$RESTARTED
	i=0
	while [ "$(reconnected)" -lt "$N" ] && [ "$i" -lt 1200 ]; do
		sleep 0.2; i=$((i + 2))
	done
	r1=$(now)
	echo "bench: $name: after a broker restart, $(reconnected) of $N" \
	    "agents reconnected with their state republished" \
	    "$(elapsed "$r0" "$r1") s after the broker listened again" \
	    "(target 15 s)"
	agents_stop
}

# ---- mosquitto -------------------------------------------------------------
P=$(free_port)
printf 'user root\nlistener %s 127.0.0.1\nallow_anonymous true\nmax_queued_messages 100000\n' \
    "$P" >"$D/broker.conf"
mosq_start() {
	mosquitto -c "$D/broker.conf" >>"$D/broker.log" 2>&1 &
	BROKER=$!
	T_PIDS="$T_PIDS $BROKER"
	i=0
	until ss -ltn | grep -q ":$P "; do
		i=$((i + 1)); [ $i -gt 100 ] && return 1; sleep 0.05
	done
	RESTARTED=$(now)
}
mosq_restart() {
	kill "$BROKER"; wait_exit "$BROKER"
	mosq_start
}
mosq_start || { echo "bench: no mosquitto"; exit 1; }
measure mosquitto "$P" mosq_restart
kill "$BROKER"

# ---- RabbitMQ --------------------------------------------------------------
if [ -z "$HAVE_RMQ" ]; then
	echo "bench: RabbitMQ: skipped (needs root and rabbitmq-server)"
	exit 0
fi
rmq_restart() {
	rmq_stop A
	rmq_start A || { echo "bench: RabbitMQ did not come back"; exit 1; }
	RESTARTED=$(now)
}
rmq_start A || { echo "bench: RabbitMQ: node A did not boot"; exit 1; }
measure rabbitmq "$RMQ_A_MQTT_PORT" rmq_restart
echo "bench: fleet scale done"
