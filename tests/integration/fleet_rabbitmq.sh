#!/bin/sh
# Issue 16 against RabbitMQ 3.10 (rabbitmq_mqtt), which delivers retained
# messages only to exact-topic subscriptions and keeps them per node:
# the same assertions as fleet_mosquitto.sh on one node (MQTT commands,
# the fleet view and its actions, shared bans between namespaces on
# nftables), then a two-node cluster with agents on different nodes: the
# fleet view on node A lists an agent of node B, a ban on cam-a (node A)
# reaches cam-b (node B), a fleet unblock releases it on both, and cam-b
# takes cam-a's blocks when it joins though the retained list is on the
# other node.  Each node boots once (lib_rabbitmq.sh).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_rabbitmq.sh"
. "$(dirname "$0")/lib_fleet.sh"
rmq_need_root
trap 'fl_cleanup; fl_ns_cleanup; rmq__cleanup' EXIT
trap 'fl_cleanup; fl_ns_cleanup; rmq__cleanup; exit 130' INT
trap 'fl_cleanup; fl_ns_cleanup; rmq__cleanup; exit 143' TERM

if ! rmq_start A; then
	not_ok "RabbitMQ node A boots"
	t_done
fi
ok "RabbitMQ node A listens for MQTT on 127.0.0.1:$RMQ_A_MQTT_PORT"
PA=$RMQ_A_MQTT_PORT

fl_commands "$PA" rabbitmq
fl_view "$PA" rmq
if ip netns add "cgprobe$$" 2>/dev/null; then
	ip netns del "cgprobe$$"
	NS_OK=1
	fl_shared "$PA" "$PA" rabbitmq
else
	NS_OK=
	ok "# SKIP shared bans need network namespaces"
fi

# ---- a two-node cluster --------------------------------------------------
if rmq_start B && rmq_cluster A B; then
	ok "node B boots and joins node A's cluster"
	PB=$RMQ_B_MQTT_PORT
	fl_conf "$T_DIR/on-b.json" on-b "$PB"
	check "cluster: an agent connects to node B" fl_start on-b "$T_DIR/on-b.json"
	printf '{"mqtt": {"republish_jitter_ms": 300}}\n' >"$T_DIR/cli.json"
	"$CAMGUARD" fleet -c "$T_DIR/cli.json" --broker "mqtt://127.0.0.1:$PA" \
	    --format json >"$T_DIR/cv.json" 2>&1
	check "cluster: the fleet view on node A lists the agent of node B" \
	    grep -q '{"camera":"on-b","state":"online","score":0\.[0-9]*,' \
	    "$T_DIR/cv.json"
	fl_cleanup
	if [ -n "$NS_OK" ]; then
		fl_shared "$PA" "$PB" cluster
	fi
else
	not_ok "node B boots and joins node A's cluster"
fi
t_done
