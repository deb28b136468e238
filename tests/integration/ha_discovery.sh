#!/bin/sh
# Home Assistant discovery against a real mosquitto: one device per camera
# (manufacturer, model, firmware) with five entities by default (score,
# failed critical and high checks, sources blocked now, an intrusion-alarm
# event) and a problem sensor per check only with ha_discovery_checks;
# every config uses only keys Home Assistant's MQTT sensor, binary_sensor
# and event schemas accept, and its templates, rendered with Jinja2 as
# Home Assistant does, give the numbers the camera published in its
# summary and ids/blocked (2 critical and 8 high failures for the factory
# camera, 0 blocked with blocking off) and an ids_alarm event naming the
# attacker (tests/integration/ha/ha_check.py).
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
D=$T_DIR
CFG=$ROOT/examples/camera-default.cfg
CAM=mx10-42-1-27
R=MOBOTIX/$CAM
PY=/usr/bin/python3
if ! $PY -c 'import jinja2' 2>/dev/null; then
	not_ok "python3-jinja2 is missing (tests/deps.sh)"
	t_done
fi
P=$(free_port)
printf 'user root\nlistener %s 127.0.0.1\nallow_anonymous true\n' "$P" \
    >"$D/broker.conf"
mosquitto -c "$D/broker.conf" >"$D/broker.log" 2>&1 &
T_PIDS="$T_PIDS $!"
i=0; while [ $i -lt 50 ] && ! ss -ltn | grep -q ":$P "; do
	sleep 0.1; i=$((i + 1)); done

access=$D/access.log
: >"$access"
chmod 644 "$access"
conf() {
	cat >"$D/a.json" <<EOF2
{"camera": {"config_file": "$CFG"}, "status": {"enabled": false},
 "ids": {"sources": [{"path": "$access", "format": "clf"}],
         "block": false},
 "run": {"user": "$T_RUN_USER"},
 "mqtt": {"enabled": true, "host": "127.0.0.1", "port": $P,
          "ha_discovery": true, "ha_discovery_checks": $1}}
EOF2
}
conf false
"$CAMGUARD" run -c "$D/a.json" -d -v >"$D/a.log" 2>&1 &
AGENT=$!
T_PIDS="$T_PIDS $AGENT"
check "the agent connects" wait_for "$D/a.log" "mqtt: connected to"
wait_for "$D/a.log" "scan 1:" 100 >/dev/null

# the alarm is not retained: listen before it is raised
mosquitto_sub -p "$P" -v -t "$R/notify/ids_alarm" -C 1 -W 15 \
    >"$D/alarm.txt" 2>/dev/null &
SUB=$!
sleep 0.3
i=0
while [ $i -lt 7 ]; do
	echo "192.0.2.7 - admin [24/Nov/2026:10:00:0$i +0000] \"GET /admin/ HTTP/1.1\" 401 381 \"-\" \"curl\"" >>"$access"
	i=$((i + 1))
done
wait "$SUB"
check "an intrusion alarm was published" grep -q 192.0.2.7 "$D/alarm.txt"

collect() {
	mosquitto_sub -p "$P" -v -t 'homeassistant/#' -t "$R/#" -W 2 \
	    >"$D/ret.txt" 2>/dev/null
	cat "$D/alarm.txt" >>"$D/ret.txt"
	$PY "$ROOT/tests/integration/ha/ha_check.py" "$D/ret.txt" \
	    >"$D/ha.txt" 2>&1
}
check "every config passes Home Assistant's schema and renders" collect
sed 's/^/# /' "$D/ha.txt"
check "one device with five entities, no per-check sensor by default" \
	grep -q '^CONFIGS 5 DEVICES 1$' "$D/ha.txt"
check "score sensor: the summary's score in %" \
	grep -q '^ENTITY sensor score = [0-9.]*$' "$D/ha.txt"
check "failed critical: 2, failed high: 8" sh -c "
	grep -q '^ENTITY sensor fail_critical = 2$' '$D/ha.txt' &&
	grep -q '^ENTITY sensor fail_high = 8$' '$D/ha.txt'"
check "sources blocked now: 0 (blocking is off)" \
	grep -q '^ENTITY sensor blocked = 0$' "$D/ha.txt"
check "the alarm is an ids_alarm event with the attacker and its count" \
	grep -q '^EVENT ids_alarm ip=192.0.2.7 attempts=7$' "$D/ha.txt"
check "the device names manufacturer, model and firmware" sh -c "
	mosquitto_sub -p $P -t 'homeassistant/sensor/${CAM}_score/config' \
	    -C 1 -W 2 | grep -q '\"manufacturer\":\"MOBOTIX\",\"model\":\"MX-M16B-6D6N-R12\",\"sw_version\":\"MX-V5.4.2.29\"'"

NIDS=$("$CAMGUARD" check --camera-config "$CFG" --no-probe --format json |
    grep -o '"id":"[A-Z][A-Z]-[0-9A-Z]*"' | wc -l)
conf true
kill -HUP "$AGENT"
sleep 2
configs() { collect && grep -q "^CONFIGS $1 DEVICES 1$" "$D/ha.txt"; }
check "with ha_discovery_checks: a problem sensor per check, attributes too" \
	configs $((NIDS + 5))
conf false
kill -HUP "$AGENT"
check "turned off again: the per-check configs are removed" \
	wait_for "$D/a.log" "Home Assistant discovery configs removed"
sleep 1
check "and the five entities come back alone" configs 5
kill "$AGENT"
t_done
