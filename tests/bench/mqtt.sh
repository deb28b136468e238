#!/bin/sh
# MQTT figures (make bench only), against a real mosquitto started here:
#  1. reconnect: time from CONNACK until the full retained state is
#     written (the agent's own measure) and the spread from the first to
#     the last retained message as a subscriber sees it, over broker
#     restarts; target <= 50 ms;
#  2. loop stall per connection attempt to a black-holed broker, plain
#     and TLS: the agent runs in a network namespace made here whose only
#     routes are lo and a dummy device holding 192.0.2.0/24 (TEST-NET-1),
#     so SYNs vanish and no packet leaves the machine; the time each
#     attempt spends in the loop, and /livez latency from inside the
#     namespace while attempts are pending; target <= 10 ms;
#  3. 200 agents (processes) on one broker: time until a subscriber holds
#     every summary, `camguard fleet` over all of them, RSS and PSS per
#     agent.
# Prints "bench: ..." lines; exits non-zero only when it cannot measure.
. "$(dirname "$0")/../integration/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
D=$T_DIR
N_AGENTS=${MQTT_BENCH_AGENTS:-200}
NS=cgmqb$$
AGENTS=

bench_cleanup() {
	for p in $AGENTS; do kill "$p" 2>/dev/null; done
	ip netns del "$NS" 2>/dev/null
	t_cleanup
}
trap bench_cleanup EXIT INT TERM

P=$(free_port 1)
cat >"$D/broker.conf" <<EOF
user root
listener $P 127.0.0.1
allow_anonymous true
max_queued_messages 100000
EOF
broker_start() {
	mosquitto -c "$D/broker.conf" >>"$D/broker.log" 2>&1 &
	BROKER=$!
	T_PIDS="$T_PIDS $BROKER"
	i=0
	while ! ss -ltn | grep -q ":$P "; do
		i=$((i + 1)); [ $i -gt 100 ] && return 1; sleep 0.05
	done
}
broker_stop() { kill "$BROKER"; wait_exit "$BROKER"; }
# agent_conf FILE ID HOST PORT EXTRA_MQTT EXTRA_TOP
agent_conf() {
	cat >"$1" <<EOF
{"camera": {"id": "$2", "config_file": "$ROOT/examples/camera-default.cfg"},
 "ids": {"enabled": false}, "run": {"user": "$T_RUN_USER"} $6,
 "mqtt": {"enabled": true, "host": "$3", "port": $4 $5}}
EOF
}
# elapsed A B: B - A in seconds, 3 decimals
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# stats: min/median/max of numbers on stdin
stats() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "none"; exit }
	    printf "min %s, median %s, max %s (n=%d)", v[1],
	    v[int((NR + 1) / 2)], v[NR], NR }'
}

broker_start || { echo "bench: no broker"; exit 1; }

# ---- 1. full state after a reconnect -------------------------------------
agent_conf "$D/r.json" bench-r 127.0.0.1 "$P" ', "ha_discovery": true' \
    ', "status": {"enabled": false}'
"$CAMGUARD" run -c "$D/r.json" -d -v >"$D/r.log" 2>&1 &
RA=$!
AGENTS="$AGENTS $RA"
wait_for "$D/r.log" "full state written" 100 >/dev/null
: >"$D/spread.txt"
for round in 1 2 3 4 5; do
	broker_stop
	broker_start
	mosquitto_sub -p "$P" -t 'MOBOTIX/bench-r/#' -t 'homeassistant/#' \
	    -F '%U %t' -W 12 >"$D/round$round.txt" 2>/dev/null &
	S=$!
	n0=$(grep -c "full state written" "$D/r.log")
	i=0
	while [ "$(grep -c "full state written" "$D/r.log")" -le "$n0" ]; do
		i=$((i + 1)); [ $i -gt 200 ] && break; sleep 0.1
	done
	sleep 0.5
	kill "$S" 2>/dev/null; wait "$S" 2>/dev/null
	awk 'NR == 1 { a = $1 } { b = $1 } END { if (NR)
	    printf "%.2f %d\n", (b - a) * 1000, NR }' "$D/round$round.txt" \
	    >>"$D/spread.txt"
done
echo "bench: reconnect, CONNACK to full state written by the agent (us):" \
    "$(grep -o 'full state written [0-9]*' "$D/r.log" | awk '{print $4}' |
    tail -5 | stats)"
echo "bench: reconnect, first to last retained message at a subscriber (ms," \
    "$(head -1 "$D/spread.txt" | cut -d' ' -f2) messages):" \
    "$(cut -d' ' -f1 "$D/spread.txt" | stats)"
kill "$RA"; wait "$RA"

# ---- 2. a black-holed broker ---------------------------------------------
bh() {
	ip netns add "$NS" && ip -n "$NS" link set lo up &&
	ip -n "$NS" link add bh0 type veth peer name bh1 &&
	ip -n "$NS" addr add 192.0.2.1/24 dev bh0 &&
	ip -n "$NS" link set bh0 up && ip -n "$NS" link set bh1 up
}
if bh 2>/dev/null; then
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$D/ca.key" -out "$D/ca.crt" -days 2 -subj /CN=bench \
	    >/dev/null 2>&1
	SP=18091
	agent_conf "$D/bh.json" bench-bh 192.0.2.10 1883 '' \
	    ', "status": {"enabled": true, "listen": "127.0.0.1:'$SP'"}'
	agent_conf "$D/bht.json" bench-bht 192.0.2.10 8883 \
	    ', "tls": {"ca_file": "'"$D/ca.crt"'"}' ', "status": {"enabled": false}'
	ip netns exec "$NS" "$CAMGUARD" run -c "$D/bh.json" -d -v \
	    >"$D/bh.log" 2>&1 &
	B1=$!
	ip netns exec "$NS" "$CAMGUARD" run -c "$D/bht.json" -d -v \
	    >"$D/bht.log" 2>&1 &
	B2=$!
	AGENTS="$AGENTS $B1 $B2"
	wait_for "$D/bh.log" "connecting to" 50 >/dev/null
	# /livez from inside the namespace while attempts are pending
	end=$(($(date +%s) + 24))
	: >"$D/livez.txt"
	while [ "$(date +%s)" -lt "$end" ]; do
		ip netns exec "$NS" curl -s -o /dev/null -w '%{time_total}\n' \
		    "http://127.0.0.1:$SP/livez" >>"$D/livez.txt"
		sleep 0.05
	done
	kill "$B1" "$B2"; wait "$B1"; wait "$B2"
	echo "bench: black-holed broker, plain, each attempt in the loop (us):" \
	    "$(grep -o '[0-9]* us in the loop' "$D/bh.log" | cut -d' ' -f1 |
	    stats); CONNACK deadlines: $(grep -c 'no CONNACK' "$D/bh.log")"
	echo "bench: black-holed broker, TLS, each attempt in the loop (us):" \
	    "$(grep -o '[0-9]* us in the loop' "$D/bht.log" | cut -d' ' -f1 |
	    stats)"
	echo "bench: /livez during the attempts (ms):" \
	    "$(awk '{ printf "%.3f\n", $1 * 1000 }' "$D/livez.txt" | stats)"
	ip netns del "$NS"
else
	echo "bench: black-holed broker: skipped (no network namespace)"
fi

# ---- 3. many agents ------------------------------------------------------
mosquitto_sub -p "$P" -t 'MOBOTIX/+/hardening/summary' -F '%U %t' \
    >"$D/summaries.txt" 2>/dev/null &
SS=$!
T_PIDS="$T_PIDS $SS"
sleep 0.3
t0=$(date +%s.%N)
i=1
while [ $i -le "$N_AGENTS" ]; do
	agent_conf "$D/a$i.json" "bench-$i" 127.0.0.1 "$P" '' \
	    ', "status": {"enabled": false}, "checks": {"interval_s": 86400}'
	"$CAMGUARD" run -c "$D/a$i.json" -d >"$D/a$i.log" 2>&1 &
	AGENTS="$AGENTS $!"
	i=$((i + 1))
done
t1=$(date +%s.%N)
i=0
held() {
	grep ' MOBOTIX/bench-[0-9]*/' "$D/summaries.txt" | awk '{print $2}' |
	    sort -u | grep -c .
}
while [ "$(held)" -lt "$N_AGENTS" ]; do
	i=$((i + 1)); [ $i -gt 1200 ] && break; sleep 0.05
done
t2=$(grep ' MOBOTIX/bench-[0-9]*/' "$D/summaries.txt" | sort -n |
    tail -1 | cut -d' ' -f1)
echo "bench: $N_AGENTS agents started in $(elapsed "$t0" "$t1") s; a" \
    "subscriber held $(held) of their summaries $(elapsed "$t0" "$t2") s" \
    "after the first start"
ft0=$(date +%s.%N)
"$CAMGUARD" fleet --broker "mqtt://127.0.0.1:$P" --format json \
    >"$D/fleet.json" 2>/dev/null
ft1=$(date +%s.%N)
echo "bench: camguard fleet listed $(grep -o '"camera":"bench-[0-9]*"' \
    "$D/fleet.json" | sort -u | grep -c .) agents (online:" \
    "$(grep -o '"state":"online"' "$D/fleet.json" | grep -c .)) in" \
    "$(elapsed "$ft0" "$ft1") s (500 ms of it is the settle window)"
rss=0 pss=0 n=0
for p in $AGENTS; do
	[ -r "/proc/$p/smaps_rollup" ] || continue
	r=$(awk '/^Rss:/ {print $2}' "/proc/$p/smaps_rollup")
	s=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup")
	rss=$((rss + r)); pss=$((pss + s)); n=$((n + 1))
done
[ "$n" -gt 0 ] && echo "bench: per agent ($n measured): RSS $((rss / n)) KiB," \
    "PSS $((pss / n)) KiB"
for p in $AGENTS; do kill "$p" 2>/dev/null; done
for p in $AGENTS; do wait "$p" 2>/dev/null; done
AGENTS=
kill "$SS"
echo "bench: mqtt done"
