#!/bin/sh
# MQTT against a real mosquitto broker started here (free ports, `user
# root`, killed by PID): a late subscriber gets every retained topic; a
# broker restart brings the full state back; kill -9 leaves the Last Will
# and SIGTERM an explicit offline; oversized, binary, retained and
# unknown-topic commands change nothing while a valid cmd/rescan scans;
# Home Assistant configs appear and disappear on reload; TLS with a
# password, and mutual TLS; alarms raised while the broker is down arrive
# after the reconnect up to queue_max, with `dropped` exact beyond it
# (tests/integration/mqtt_driver.c: app/mqtt/mqtt.c with the real detector);
# `camguard fleet --format json` shows three agents with their scores.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LIBDIR=$(dirname "$CAMGUARD")
D=$T_DIR
BROKER=

P_PLAIN=$(free_port 1)
P_TLS=$(free_port 2)
[ "$P_TLS" = "$P_PLAIN" ] && P_TLS=$((P_PLAIN + 1))
P_MTLS=$(port_from $((P_TLS + 1)))

mk_certs() {
	cd "$D" || return 1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout ca.key -out ca.crt -days 2 -subj /CN=test-ca &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout srv.key -out srv.csr -subj /CN=localhost &&
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >srv.ext &&
	openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key \
	    -CAcreateserial -out srv.crt -days 2 -extfile srv.ext &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout cli.key -out cli.csr -subj /CN=cam-mtls &&
	openssl x509 -req -in cli.csr -CA ca.crt -CAkey ca.key \
	    -CAcreateserial -out cli.crt -days 2 &&
	mosquitto_passwd -c -b passwd cam01 s3cret && cd "$ROOT"
}
quiet() { "$@" >/dev/null 2>&1; }
check "test CA, server and client certificates" quiet mk_certs

cat >"$D/broker.conf" <<EOF
user root
per_listener_settings true
listener $P_PLAIN 127.0.0.1
allow_anonymous true
listener $P_TLS 127.0.0.1
cafile $D/ca.crt
certfile $D/srv.crt
keyfile $D/srv.key
password_file $D/passwd
listener $P_MTLS 127.0.0.1
cafile $D/ca.crt
certfile $D/srv.crt
keyfile $D/srv.key
require_certificate true
use_identity_as_username true
EOF

broker_start() {
	mosquitto -c "$D/broker.conf" >>"$D/broker.log" 2>&1 &
	BROKER=$!
	T_PIDS="$T_PIDS $BROKER"
	i=0
	while [ $i -lt 50 ]; do
		ss -ltn | grep -q ":$P_MTLS " && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
broker_stop() { kill "$BROKER" && wait_exit "$BROKER"; }
check "broker listens (plain $P_PLAIN, TLS $P_TLS, mTLS $P_MTLS)" broker_start

# conf FILE CAMERA_CFG EXTRA_MQTT_JSON
conf() {
	cat >"$1" <<EOF
{"camera": {"config_file": "$2"}, "status": {"enabled": false},
 "ids": {"enabled": false}, "run": {"user": "$T_RUN_USER"},
 "mqtt": {"enabled": true, "host": "127.0.0.1", "port": $P_PLAIN $3}}
EOF
}
start_agent() {
	"$CAMGUARD" run -c "$1" -d -v >"$2" 2>&1 &
	AGENT=$!
	T_PIDS="$T_PIDS $AGENT"
}

# ---- retained state, commands, Home Assistant ---------------------------
CFG=$ROOT/examples/camera-default.cfg
CAM=mx10-42-1-27
R=MOBOTIX/$CAM
IDS=$("$CAMGUARD" check --camera-config "$CFG" --no-probe --format json |
    grep -o '"id":"[A-Z][A-Z]-[0-9A-Z]*"' | cut -d'"' -f4)
NIDS=$(echo "$IDS" | wc -l)
conf "$D/a.json" "$CFG" ', "ha_discovery": true, "ha_discovery_checks": true'
# retained before the agent subscribes: it must not fire on connect
mosquitto_pub -p "$P_PLAIN" -t "$R/cmd/rescan" -m now -r
start_agent "$D/a.json" "$D/a.log"
check "the agent connects and names the camera from its hostname" \
	wait_for "$D/a.log" "mqtt: connected to 127.0.0.1:$P_PLAIN as $CAM"

late() {
	mosquitto_sub -p "$P_PLAIN" -v -t "$R/camguard/status" \
	    -t "$R/hardening/#" -t "$R/ids/#" -C $((NIDS + 3)) -W 5 \
	    >"$D/late.txt" 2>/dev/null
	grep -q "^$R/camguard/status {\"state\":\"online\",\"version\":\"" \
	    "$D/late.txt" &&
	grep -q "^$R/hardening/summary {\"camera\":\"$CAM\",.*\"state_sha256\"" \
	    "$D/late.txt" &&
	grep -q "^$R/ids/blocked {\"count\":0,\"entries\":\[\]}$" \
	    "$D/late.txt" || return 1
	for id in $IDS; do
		grep -q "^$R/hardening/check/$id {\"id\":\"$id\"," \
		    "$D/late.txt" || { echo "# no $id" >&2; return 1; }
	done
}
check "a late subscriber gets status, summary, all $NIDS checks, ids/blocked" late

ha_count() {
	mosquitto_sub -p "$P_PLAIN" -v -t 'homeassistant/#' -W 1 \
	    2>/dev/null | grep -c "$CAM"
}
check "Home Assistant: one config per check and the 5 camera entities" \
	[ "$(ha_count)" -eq $((NIDS + 5)) ]
check "HA config: problem binary_sensor on the check topic, one device" \
	sh -c "mosquitto_sub -p $P_PLAIN -t \
	    'homeassistant/binary_sensor/${CAM}_MX-03/config' -C 1 -W 2 |
	    grep -q '\"state_topic\":\"$R/hardening/check/MX-03\".*\"device_class\":\"problem\".*\"identifiers\":\[\"camguard_$CAM\"\]'"

head -c 300 /dev/zero | tr '\0' x >"$D/big"
printf '\001\002\377\376' >"$D/bin"
mosquitto_pub -p "$P_PLAIN" -t "$R/cmd/rescan" -f "$D/big"
mosquitto_pub -p "$P_PLAIN" -t "$R/cmd/rescan" -f "$D/bin"
mosquitto_pub -p "$P_PLAIN" -t "$R/cmd/reboot" -m now
check "a retained command is dropped and counted" \
	wait_for "$D/a.log" "command dropped (retained, 3 bytes) on $R/cmd/rescan; 1 dropped"
check "an oversized command is dropped and counted" \
	wait_for "$D/a.log" "command dropped (payload too long, 300 bytes) on $R/cmd/rescan; 2 dropped"
check "a binary command is dropped and counted" \
	wait_for "$D/a.log" "command dropped (binary payload, 4 bytes).*; 3 dropped"
check "a command on an unknown topic is dropped and counted" \
	wait_for "$D/a.log" "command dropped (unknown topic, 3 bytes) on $R/cmd/reboot; 4 dropped"
sleep 0.5
check "none of them started a scan" sh -c "! grep -q 'scan 2:' $D/a.log"

mosquitto_sub -p "$P_PLAIN" -v -t "$R/hardening/event" -C 1 -W 10 \
    >"$D/event.txt" 2>/dev/null &
EVSUB=$!
sleep 0.3
mosquitto_pub -p "$P_PLAIN" -t "$R/cmd/rescan" -m now
check "a valid cmd/rescan scans" wait_for "$D/a.log" "scan 2:"
wait "$EVSUB"
# VG-06 (MQTT connected) failed in scan 1, before the connection.
check "a changed result is a non-retained hardening/event" grep -q \
	"^$R/hardening/event {\"id\":\"VG-06\",\"from\":\"fail\",\"to\":\"pass\",\"time\":[0-9]*}$" \
	"$D/event.txt"

mosquitto_sub -p "$P_PLAIN" -v -t "$R/camguard/status" -C 2 -W 5 \
    >"$D/repub.txt" 2>/dev/null &
RSUB=$!
sleep 0.3
mosquitto_pub -p "$P_PLAIN" -t "$R/cmd/republish" -m ''
wait "$RSUB"
check "cmd/republish sends the retained state again" \
	[ "$(grep -c online "$D/repub.txt")" -eq 2 ]

sed -i 's/"ha_discovery": true/"ha_discovery": false/' "$D/a.json"
kill -HUP "$AGENT"
check "a reload without ha_discovery removes the configs" \
	wait_for "$D/a.log" "Home Assistant discovery configs removed"
sleep 0.3
check "no Home Assistant config is left on the broker" [ "$(ha_count)" -eq 0 ]

# ---- broker restart, SIGTERM, kill -9 -----------------------------------
broker_stop
check "the agent notices the broker is gone" \
	wait_for "$D/a.log" "mqtt: 127.0.0.1:$P_PLAIN: "
broker_start
check "after a broker restart the agent reconnects" sh -c \
	"i=0; while [ \$(grep -c 'mqtt: connected' $D/a.log) -lt 2 ]; do
	    i=\$((i + 1)); [ \$i -gt 100 ] && exit 1; sleep 0.1; done"
check "and the full state is back for a late subscriber" late

kill -TERM "$AGENT"
wait "$AGENT"; rc=$?
check "SIGTERM: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "SIGTERM leaves {\"state\":\"offline\"} retained" sh -c \
	"mosquitto_sub -p $P_PLAIN -v -t '$R/camguard/status' -C 1 -W 2 |
	    grep -qx '$R/camguard/status {\"state\":\"offline\"}'"

conf "$D/b.json" "$CFG" ', "client_id": "cg-b"'
sed -i "s/\"camera\": {/\"camera\": {\"id\": \"cam-kill\", /" "$D/b.json"
start_agent "$D/b.json" "$D/b.log"
wait_for "$D/b.log" "mqtt: connected" >/dev/null
check "cam-kill is online" sh -c "mosquitto_sub -p $P_PLAIN -t \
	'MOBOTIX/cam-kill/camguard/status' -C 1 -W 2 | grep -q online"
kill -9 "$AGENT"
sleep 0.3
check "kill -9: the Last Will {\"state\":\"offline\"} is on the status topic" \
	sh -c "mosquitto_sub -p $P_PLAIN -v -t 'MOBOTIX/cam-kill/camguard/status' \
	    -C 1 -W 2 | grep -qx 'MOBOTIX/cam-kill/camguard/status {\"state\":\"offline\"}'"

# ---- TLS ----------------------------------------------------------------
# the agent reads its secrets after dropping to run.user
printf 's3cret\n' >"$D/pw"
chmod 600 "$D/pw" "$D/cli.key"
chown "$T_RUN_USER" "$D/pw" "$D/cli.key"
tls_conf() {
	cat >"$1" <<EOF
{"camera": {"id": "$2", "config_file": "$CFG"}, "status": {"enabled": false},
 "ids": {"enabled": false}, "run": {"user": "$T_RUN_USER"},
 "mqtt": {"enabled": true, "host": "127.0.0.1", "port": $3 $4,
  "tls": {"ca_file": "$D/ca.crt" $5}}}
EOF
}
tls_conf "$D/t.json" cam-tls "$P_TLS" \
    ', "username": "cam01", "password_file": "'"$D/pw"'"'
start_agent "$D/t.json" "$D/t.log"
check "TLS + password: connected" wait_for "$D/t.log" "mqtt: connected"
check "the password file (600) draws no warning" \
	sh -c "! grep -q 'readable by group' $D/t.log"
check "a TLS subscriber sees cam-tls online" sh -c "mosquitto_sub -p $P_TLS \
	--cafile $D/ca.crt -u cam01 -P s3cret -t 'MOBOTIX/cam-tls/camguard/status' \
	-C 1 -W 3 | grep -q online"
# camguard fleet over TLS goes through the relay too (mbedTLS), by name
check "camguard fleet over TLS (mqtts://localhost) lists cam-tls online" \
	sh -c "'$CAMGUARD' fleet -c '$D/t.json' \
	    --broker mqtts://localhost:$P_TLS --format json 2>&1 |
	    grep -q '\"camera\":\"cam-tls\",\"state\":\"online\"'"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$D/other.key" -out "$D/other.crt" -days 2 -subj /CN=other-ca \
    >/dev/null 2>&1
sed "s|$D/ca.crt|$D/other.crt|" "$D/t.json" >"$D/t-other.json"
check "and refuses a broker its CA file did not sign, saying why" \
	sh -c "! '$CAMGUARD' fleet -c '$D/t-other.json' \
	    --broker mqtts://localhost:$P_TLS --format json \
	    >/dev/null 2>'$D/fleet-bad.err' &&
	    grep -q 'not verified' '$D/fleet-bad.err'"
kill "$AGENT"; wait "$AGENT"

printf 'wrong\n' >"$D/pw2"
chmod 644 "$D/pw2"
tls_conf "$D/t2.json" cam-tls2 "$P_TLS" \
    ', "username": "cam01", "password_file": "'"$D/pw2"'"'
start_agent "$D/t2.json" "$D/t2.log"
check "a group/world-readable password file is warned about" \
	wait_for "$D/t2.log" "is readable by group or others"
check "a wrong password is refused by the broker" \
	wait_for "$D/t2.log" "refused: Connection Refused: not authorised"
kill "$AGENT"; wait "$AGENT"

tls_conf "$D/m.json" cam-mtls "$P_MTLS" '' \
    ', "cert_file": "'"$D/cli.crt"'", "key_file": "'"$D/cli.key"'"'
start_agent "$D/m.json" "$D/m.log"
check "mutual TLS: connected with the client certificate" \
	wait_for "$D/m.log" "mqtt: connected"
kill "$AGENT"; wait "$AGENT"
tls_conf "$D/m2.json" cam-mtls2 "$P_MTLS" '' ''
start_agent "$D/m2.json" "$D/m2.log"
sleep 2
check "mutual TLS without a client certificate does not connect" \
	sh -c "! grep -q 'mqtt: connected' $D/m2.log"
kill "$AGENT"; wait "$AGENT"

# ---- alarms while the broker is down ------------------------------------
DRV=$D/mqtt_driver
build_driver() {
	${CC:-cc} -std=c11 -D_GNU_SOURCE -iquote "$ROOT/app" \
	    -iquote "$ROOT" -o "$DRV" \
	    "$ROOT/tests/integration/mqtt_driver.c" "$LIBDIR/libcamguard.a" \
	    -lmosquitto -lnftables -lmbedtls -lmbedx509 -lmbedcrypto -lcrypt
}
check "the driver builds against libcamguard.a" build_driver
# A second broker with persistence: the subscriber's session (QoS 1)
# outlives the restart, so it gets what arrived while it was away.
P_PERS=$(port_from $((P_MTLS + 1)))
cat >"$D/pers.conf" <<EOF
user root
persistence true
persistence_location $D/
listener $P_PERS 127.0.0.1
allow_anonymous true
EOF
pers_start() {
	mosquitto -c "$D/pers.conf" >>"$D/pers.log" 2>&1 &
	PERS=$!
	T_PIDS="$T_PIDS $PERS"
	i=0
	while ! ss -ltn | grep -q ":$P_PERS "; do
		i=$((i + 1)); [ $i -gt 50 ] && return 1; sleep 0.1
	done
}
alarm_sub() {
	mosquitto_sub -p "$P_PERS" -i cg-alarm-sub -c -q 1 -v \
	    -t 'MOBOTIX/cam-ids/notify/ids_alarm' -W "$1" 2>/dev/null
}
check "a persistent broker for the alarm test" pers_start
alarm_sub 1 >/dev/null
cat >"$D/drv.json" <<EOF
{"camera": {"id": "cam-ids"}, "status": {"enabled": false},
 "ids": {"enabled": true, "threshold": 5, "block_s": 600, "ignore": []},
 "mqtt": {"enabled": true, "host": "127.0.0.1", "port": $P_PERS,
  "queue_max": 5}}
EOF
mkfifo "$D/in"
"$DRV" "$D/drv.json" <"$D/in" >"$D/drv.out" 2>"$D/drv.log" &
DPID=$!
T_PIDS="$T_PIDS $DPID"
exec 3>"$D/in"
check "the driver connects" wait_for "$D/drv.log" "mqtt: connected"
kill "$PERS" && wait_exit "$PERS"
wait_for "$D/drv.log" "mqtt: 127.0.0.1:$P_PERS: " >/dev/null
for i in 1 2 3 4 5 6 7 8; do echo "fail 192.0.2.$i 5 admin" >&3; done
check "8 alarms raised while the broker is down" wait_for "$D/drv.out" "ok 8"
pers_start
check "the driver reconnects" sh -c \
	"i=0; while [ \$(grep -c 'mqtt: connected' $D/drv.log) -lt 2 ]; do
	    i=\$((i + 1)); [ \$i -gt 200 ] && exit 1; sleep 0.1; done"
sleep 1
alarm_sub 2 >"$D/alarms.txt"
check "queue_max (5) alarms arrive after the reconnect" \
	[ "$(grep -c '"source":"camguard"' "$D/alarms.txt")" -eq 5 ]
check "they are the 5 newest, the 3 oldest were dropped" sh -c \
	"grep -q '\"ip\":\"192.0.2.4\"' $D/alarms.txt &&
	 grep -q '\"ip\":\"192.0.2.8\"' $D/alarms.txt &&
	 ! grep -q '\"ip\":\"192.0.2.[123]\"' $D/alarms.txt"
check "an alarm payload is complete" grep -q \
	'{"source":"camguard","camera":"cam-ids","ip":"192.0.2.8","prefix":32,"attempts":5,"first_seen":[0-9]*,"last_seen":[0-9]*,"user":"admin","allowlisted":false,"blocked":true,"block_until":[0-9]*}' \
	"$D/alarms.txt"
check "the status says dropped 3" sh -c "mosquitto_sub -p $P_PERS \
	-t 'MOBOTIX/cam-ids/camguard/status' -C 1 -W 2 | grep -q '\"dropped\":3}'"
check "ids/blocked lists the 8 blocked sources" sh -c "mosquitto_sub \
	-p $P_PERS -t 'MOBOTIX/cam-ids/ids/blocked' -C 1 -W 2 |
	grep -q '^{\"count\":8,\"entries\":\[{\"ip\":\"192.0.2.[1-8]\",\"prefix\":32,\"until\":[0-9]*}'"
kill -TERM "$DPID"
exec 3>&-
wait "$DPID"
check "the driver stops with offline acknowledged" \
	grep -q "mqtt: offline acknowledged" "$D/drv.log"

# ---- the fleet view -----------------------------------------------------
sed -e 's/^HOSTNAME=.*/HOSTNAME=cam-variant/' -e 's/^AUTH=basic/AUTH=digest/' \
    -e 's/^CRAWLER=allowed/CRAWLER=forbidden/' "$CFG" >"$D/variant.cfg"
for c in default:$CFG hardened:$ROOT/examples/camera-hardened.cfg \
    variant:$D/variant.cfg; do
	n=${c%%:*}
	conf "$D/f-$n.json" "${c#*:}" ''
	sed -i "s/\"camera\": {/\"camera\": {\"id\": \"fleet-$n\", /" \
	    "$D/f-$n.json"
	start_agent "$D/f-$n.json" "$D/f-$n.log"
	wait_for "$D/f-$n.log" "mqtt: connected" >/dev/null
done
sleep 0.3
"$CAMGUARD" fleet --broker "mqtt://127.0.0.1:$P_PLAIN" --format json \
    >"$D/fleet.json" 2>"$D/fleet.err"
rc=$?
check "camguard fleet --format json: exit 0 (got $rc)" [ "$rc" -eq 0 ]
# the score each agent published, as fleet must show it
score_of() {
	mosquitto_sub -p "$P_PLAIN" -t "MOBOTIX/fleet-$1/hardening/summary" \
	    -C 1 -W 2 | grep -o '"score":[0-9.null]*' | cut -d: -f2
}
for n in default hardened variant; do
	s=$(score_of $n)
	check "fleet shows fleet-$n online with score $s" grep -q \
	    "{\"camera\":\"fleet-$n\",\"state\":\"online\",\"score\":$s," \
	    "$D/fleet.json"
done
check "the hardened camera scores above the default one" \
	awk "BEGIN { exit !($(score_of hardened) > $(score_of default)) }"
check "the variant scores between them" \
	awk "BEGIN { exit !($(score_of variant) > $(score_of default)) }"
t_done
