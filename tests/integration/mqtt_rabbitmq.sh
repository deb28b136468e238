#!/bin/sh
# RabbitMQ 3.10 (rabbitmq_mqtt) as a second MQTT broker, through
# tests/integration/lib_rabbitmq.sh, with mosquitto_pub/mosquitto_sub:
# one node carries publish/subscribe; a retained message reaches an
# exact-topic subscriber but not a `#` wildcard subscriber (measured: the
# plugin matches retained messages by exact topic only); on a two-node
# cluster a message published on node A reaches a subscriber on node B,
# while a retained one stays on the node it was published to; after
# rmq_stop_all no beam.smp/epmd we started is left and our directories
# and ports are gone.  Boot times are printed as comments, not asserted.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_rabbitmq.sh"
rmq_need_root

D=$T_DIR
TOP=cgtest/$$

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# sub FILE PORT TOPIC COUNT: a subscriber (QoS 1, `retained topic payload`
# per message) that exits after COUNT messages or 30 s; returns once the
# broker has acknowledged the subscription, so a publish after it counts.
sub() {
	stdbuf -oL mosquitto_sub -d -h 127.0.0.1 -p "$2" -t "$3" -q 1 -C "$4" -W 30 \
	    -F 'MSG %r %t %p' >"$1" 2>&1 &
	SUB_PID=$!
	T_PIDS="$T_PIDS $SUB_PID"
	wait_for "$1" 'received SUBACK' 300
}
# pub PORT TOPIC PAYLOAD [-r]: QoS 1, so the broker has routed (and, with
# -r, stored) it when this returns.
pub() {
	mosquitto_pub -h 127.0.0.1 -p "$1" -t "$2" -m "$3" -q 1 ${4:+"$4"}
}
# msgs FILE: the delivered messages, `retained topic payload`.
msgs() { sed -n 's/^MSG //p' "$1"; }
# sub_done: the last subscriber has exited (its COUNT reached or timed out).
sub_done() { wait "$SUB_PID" 2>/dev/null; }

# loopback_only PID MIN: PID listens on at least MIN TCP ports, every one
# of them on 127.0.0.1 or ::1.
loopback_only() {
	ss -Hltnp | grep "pid=$1," | awk '{ print $4 }' >"$D/listen.$1"
	[ "$(wc -l <"$D/listen.$1")" -ge "$2" ] &&
	    ! grep -v -E '^(127\.0\.0\.1|\[::1\]):' "$D/listen.$1"
}

# A tagged epmd that exists before our first start stands for anything
# that ran before the test: rmq_stop_all must leave it alone.
rmq__free_port 9
CG_RMQ_TAG=$RMQ_TAG "$(readlink -f "$(command -v epmd)")" -port "$_rport" \
    -address 127.0.0.1 >"$D/decoy.out" 2>&1 &
DECOY=$!
T_PIDS="$T_PIDS $DECOY"
i=0
until rmq__listening "$_rport" || [ "$i" -ge 100 ]; do
	sleep 0.1; i=$((i + 1))
done

# --- one node -------------------------------------------------------------
t0=$(now)
if rmq_start A; then
	echo "# node A: MQTT port listening $(secs "$t0" "$(now)") s after start"
	ok "node A boots and listens for MQTT on 127.0.0.1:$RMQ_A_MQTT_PORT"
else
	not_ok "node A boots and listens for MQTT"
	t_done
fi
P_A=$RMQ_A_MQTT_PORT

check "node A listens on loopback only (AMQP, distribution, MQTT)" \
    loopback_only "$RMQ_A_PID" 3
check "our epmd listens on loopback only" \
    loopback_only "$RMQ_EPMD_PID" 1

# (a) publish/subscribe on one node
sub "$D/a.out" "$P_A" "$TOP/a/state" 1
pub "$P_A" "$TOP/a/state" "hello-$$"
sub_done
check "node A delivers a published message to a subscriber" \
    test "$(msgs "$D/a.out")" = "0 $TOP/a/state hello-$$"

# (b) retained: exact topic yes, wildcard no
pub "$P_A" "$TOP/b/state" "kept-$$" -r
sub "$D/b_exact.out" "$P_A" "$TOP/b/state" 1
sub_done
check "a retained message reaches a later exact-topic subscriber" \
    test "$(msgs "$D/b_exact.out")" = "1 $TOP/b/state kept-$$"
# The wildcard subscriber would get the retained message right after its
# SUBACK, before anything published later: its first message being the
# live one shows the retained one was never sent.
sub "$D/b_wild.out" "$P_A" "$TOP/b/#" 1
pub "$P_A" "$TOP/b/live" "live-$$"
sub_done
check "measured: a '$TOP/b/#' subscriber gets live ones, not the retained" \
    test "$(msgs "$D/b_wild.out")" = "0 $TOP/b/live live-$$"

# --- two-node cluster -----------------------------------------------------
t0=$(now)
if rmq_start B && t1=$(now) && rmq_cluster A B; then
	echo "# node B: $(secs "$t0" "$t1") s to boot," \
	    "$(secs "$t1" "$(now)") s more to join A's cluster"
	ok "node B boots and joins node A's cluster"
	rmq_ctl A cluster_status --formatter json >"$D/cs.json" 2>&1
	check "node A lists A and B as running cluster nodes" \
	    grep -q "\"running_nodes\":\\[[^]]*\"$RMQ_B_NODE\"" "$D/cs.json"
	P_B=$RMQ_B_MQTT_PORT

	# (c) A -> B
	sub "$D/c.out" "$P_B" "$TOP/c/event" 1
	pub "$P_A" "$TOP/c/event" "across-$$"
	sub_done
	check "a message published on node A reaches a subscriber on node B" \
	    test "$(msgs "$D/c.out")" = "0 $TOP/c/event across-$$"

	# Retained messages live on the node they were published to.
	sub "$D/c_ret.out" "$P_B" "$TOP/b/state" 1
	pub "$P_B" "$TOP/b/state" "marker-$$"
	sub_done
	check "measured: node A's retained message is not on node B" \
	    test "$(msgs "$D/c_ret.out")" = "0 $TOP/b/state marker-$$"
else
	not_ok "node B boots and joins node A's cluster"
	rmq_skip 3 "no cluster"
fi

# --- cleanup by PID -------------------------------------------------------
started="$RMQ_A_PID $RMQ_A_WRAPPER_PID $RMQ_B_PID $RMQ_B_WRAPPER_PID"
# shellcheck disable=SC2086,SC2046
started=$(echo $started $RMQ_EPMD_PID $(rmq_our_pids) | tr ' ' '\n' |
    sort -un)
ports="$RMQ_EPMD_PORT $RMQ_A_MQTT_PORT $RMQ_A_AMQP_PORT $RMQ_A_DIST_PORT"
ports="$ports $RMQ_B_MQTT_PORT $RMQ_B_AMQP_PORT $RMQ_B_DIST_PORT"
# shellcheck disable=SC2086
echo "# our beam.smp/epmd and wrapper pids:" $started
t0=$(now)
rmq_stop_all
echo "# rmq_stop_all took $(secs "$t0" "$(now)") s"
# shellcheck disable=SC2086
left=$(rmq_leftovers $started)
check "rmq_stop_all leaves none of our beam.smp/epmd/wrapper pids" \
    test -z "$left"
[ -n "$left" ] && ps -o pid,user,args -p "$(echo "$left" | paste -sd,)" |
    sed 's/^/#   /'
check "an epmd that ran before the first rmq_start is left running" \
    rmq__alive "$DECOY"
kill "$DECOY"
busy=
for p in $ports; do
	rmq__listening "$p" && busy="$busy $p"
done
check "no port of ours listens any more" test -z "$busy"
check "its directories are removed" test ! -e "$T_DIR/rmq"

t_done
