#!/bin/sh
# Bounded memory against the broker (the MQTT relay, app/mqtt/mqtt_relay.c):
# 50 MB and 200 MB publishes on cmd/rescan through a real mosquitto are
# skipped whole by the relay (counted, logged) while the agent's peak RSS
# and address space stay within a few MB of idle, the connection stays up
# and a valid cmd/rescan after them still scans (the stream stayed in
# step); a fake broker that announces a 200 MB PUBLISH and drips it, and
# one that announces a 200 MB SUBACK, cost the agent no memory, and after
# the second the agent refuses the connection and connects again.  On the
# code before the relay libmosquitto allocated each announced length.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
D=$T_DIR
CFG=$ROOT/examples/camera-default.cfg
CAM=mx10-42-1-27
R=MOBOTIX/$CAM
# Growth allowed over idle, in kB: a few MB, far below any payload here.
SLACK_KB=4096

P=$(free_port 1)

cat >"$D/broker.conf" <<EOF
user root
listener $P 127.0.0.1
allow_anonymous true
EOF
mosquitto -c "$D/broker.conf" >"$D/broker.log" 2>&1 &
BROKER=$!
T_PIDS="$T_PIDS $BROKER"
up() { ss -ltn | grep -q ":$1 "; }
i=0; while [ $i -lt 50 ] && ! up "$P"; do sleep 0.1; i=$((i + 1)); done
check "mosquitto listens on $P" up "$P"

conf() {
	cat >"$1" <<EOF
{"camera": {"config_file": "$CFG"}, "status": {"enabled": false},
 "ids": {"enabled": false}, "run": {"user": "$T_RUN_USER"},
 "mqtt": {"enabled": true, "host": "127.0.0.1", "port": $2,
          "keepalive_s": 5}}
EOF
}
kb() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }
# wait_count FILE PATTERN N: until PATTERN occurs at least N times
wait_count() {
	i=0
	while [ "$(grep -c -- "$2" "$1")" -lt "$3" ]; do
		[ $i -ge 300 ] && return 1
		sleep 0.1; i=$((i + 1))
	done
}

conf "$D/a.json" "$P"
"$CAMGUARD" run -c "$D/a.json" -d -v >"$D/a.log" 2>&1 &
AGENT=$!
T_PIDS="$T_PIDS $AGENT"
check "the agent connects through the relay" \
	wait_for "$D/a.log" "mqtt: connected to 127.0.0.1:$P as $CAM"
wait_for "$D/a.log" "scan 1:" 100 >/dev/null 2>&1
sleep 1
HWM0=$(kb "$AGENT" VmHWM)
PEAK0=$(kb "$AGENT" VmPeak)
echo "# idle: VmHWM ${HWM0} kB, VmPeak ${PEAK0} kB"

big() { head -c "$1" /dev/zero | tr '\0' 'x' >"$D/big"; }
for mb in 50 200; do
	big $((mb * 1024 * 1024))
	mosquitto_pub -p "$P" -t "$R/cmd/rescan" -f "$D/big" -q 1
	check "a $mb MB publish on cmd/rescan is dropped whole by the relay" \
		wait_count "$D/a.log" \
		"a message of $((mb * 1048576 / 100))[0-9][0-9] bytes from the broker is dropped" 1
	hwm=$(kb "$AGENT" VmHWM)
	peak=$(kb "$AGENT" VmPeak)
	echo "# after $mb MB: VmHWM $hwm kB, VmPeak $peak kB"
	check "after $mb MB: peak RSS within $SLACK_KB kB of idle ($hwm kB)" \
		[ "$hwm" -le $((HWM0 + SLACK_KB)) ]
	check "after $mb MB: address space within $SLACK_KB kB of idle" \
		[ "$peak" -le $((PEAK0 + SLACK_KB)) ]
done
rm -f "$D/big"
check "the connection stayed up (no reconnect)" \
	sh -c "[ \$(grep -c 'mqtt: connected to' '$D/a.log') -eq 1 ]"
mosquitto_sub -p "$P" -t "$R/cmd/result" -C 1 -W 10 >"$D/result.txt" \
    2>/dev/null &
SUB=$!
sleep 0.3
mosquitto_pub -p "$P" -t "$R/cmd/rescan" -m '{"id":"after-the-big-ones"}'
wait "$SUB"
check "a command after them is still read and answered (stream in step)" \
	grep -q '"id":"after-the-big-ones","cmd":"rescan"' "$D/result.txt"
kill "$AGENT"; wait_exit "$AGENT"

# ---- a hostile broker ------------------------------------------------------
# fake_broker PORT TYPE: answers CONNECT with CONNACK, then announces a
# 200 MB packet of TYPE (3 PUBLISH, 9 SUBACK) and drips its body slowly;
# counts the connections it accepted in $D/fake.n.
cat >"$D/fake.py" <<'EOF'
import socket, sys, time, os
port, ptype, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port)); s.listen(4); s.settimeout(30)
n, end = 0, time.time() + 25
def varint(n):
    out = b""
    while True:
        b, n = n % 128, n // 128
        out += bytes([b | (0x80 if n else 0)])
        if not n: return out
while time.time() < end:
    try: c, _ = s.accept()
    except socket.timeout: break
    n += 1; open(out, "w").write(str(n))
    c.settimeout(2)
    try:
        c.recv(4096)                       # CONNECT
        c.sendall(b"\x20\x02\x00\x00")       # CONNACK accepted
        time.sleep(0.3)
        c.sendall(bytes([ptype << 4 | (2 if ptype == 9 else 0)]) +
                  varint(200 * 1024 * 1024))
        for i in range(40):                  # drip the body
            c.sendall(b"\x00" * 1024); time.sleep(0.05)
    except OSError:
        pass
    c.close()
EOF
for case in 3:PUBLISH 9:SUBACK; do
	type=${case%%:*} name=${case#*:}
	FP=$(free_port $((type + 2)))
	rm -f "$D/fake.n"
	python3 "$D/fake.py" "$FP" "$type" "$D/fake.n" &
	FAKE=$!
	T_PIDS="$T_PIDS $FAKE"
	i=0; while [ $i -lt 50 ] && ! up "$FP"; do sleep 0.1; i=$((i + 1)); done
	conf "$D/f.json" "$FP"
	"$CAMGUARD" run -c "$D/f.json" -d -v >"$D/f.log" 2>&1 &
	AGENT=$!
	T_PIDS="$T_PIDS $AGENT"
	wait_for "$D/f.log" "mqtt: connected to 127.0.0.1:$FP" 100 \
	    >/dev/null 2>&1
	sleep 1
	HWM0=$(kb "$AGENT" VmHWM)
	PEAK0=$(kb "$AGENT" VmPeak)
	if [ "$type" = 3 ]; then
		check "fake broker, 200 MB PUBLISH announced: dropped by the relay" \
			wait_for "$D/f.log" "a message of 209715200 bytes from the broker is dropped" 50
	else
		check "fake broker, 200 MB SUBACK announced: the relay ends the connection" \
			wait_for "$D/f.log" "announced a packet of 209715200 bytes (type 9" 50
		check "and the agent connects again" \
			sh -c "i=0; while [ \$i -lt 100 ]; do
			    [ \"\$(cat '$D/fake.n' 2>/dev/null)\" -ge 2 ] 2>/dev/null && exit 0
			    sleep 0.1; i=\$((i + 1)); done; exit 1"
	fi
	sleep 2
	hwm=$(kb "$AGENT" VmHWM)
	peak=$(kb "$AGENT" VmPeak)
	echo "# $name: idle VmHWM $HWM0 kB -> $hwm kB, VmPeak $PEAK0 kB -> $peak kB"
	check "$name: peak RSS within $SLACK_KB kB of idle ($hwm kB)" \
		[ "$hwm" -le $((HWM0 + SLACK_KB)) ]
	check "$name: address space within $SLACK_KB kB of idle" \
		[ "$peak" -le $((PEAK0 + SLACK_KB)) ]
	kill "$AGENT" "$FAKE" 2>/dev/null
	wait_exit "$AGENT"
done
t_done
