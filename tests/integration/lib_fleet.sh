# lib_fleet.sh - MQTT commands, the fleet view and shared bans, against
# any broker (POSIX sh).  Source it after lib.sh (and lib_rabbitmq.sh);
# the scenario functions take the broker's MQTT port on 127.0.0.1 and
# report TAP through lib.sh.  fleet_mosquitto.sh and fleet_rabbitmq.sh
# run them, so both brokers pass the same assertions.
#
#	fl_commands PORT TAG	cmd/block|unblock|flush|rescan|republish and
#				R/_fleet/cmd/*, answered on cmd/result
#	fl_view PORT TAG	a fresh `camguard fleet` lists every agent
#				and acts on them (rescan, block, unblock,
#				blocked), naming a camera that does not
#				answer
#
# Agents run on the host with the file backend (each its own block file),
# so that what reached the "firewall" can be read back; the nftables
# scenarios live in the scripts (namespaces).

FL_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FL_CFG=$FL_ROOT/examples/camera-default.cfg
FL_AGENTS=

fl_cleanup() {
	for _p in $FL_AGENTS; do kill "$_p" 2>/dev/null; done
	for _p in $FL_AGENTS; do wait "$_p" 2>/dev/null; done
	FL_AGENTS=
}

# fl_conf FILE ID PORT [EXTRA_TOP_LEVEL_JSON]: an agent of camera ID
# with the IDS on the file backend in $T_DIR/ID/.
fl_conf() {
	rm -rf "$T_DIR/$2"	# a scenario starts with no state of the last
	mkdir -p "$T_DIR/$2"
	: >"$T_DIR/$2/access.log"
	chmod 644 "$T_DIR/$2/access.log"
	chown "$T_RUN_USER" "$T_DIR/$2"
	cat >"$1" <<EOF
{"camera": {"id": "$2", "config_file": "$FL_CFG"},
 "status": {"enabled": false}, "checks": {"interval_s": 86400},
 "ids": {"sources": [{"path": "$T_DIR/$2/access.log", "format": "clf"}],
         "threshold": 5, "block_backend": "file", "block_s": 3600,
         "block_file": "$T_DIR/$2/blocks", "state_file": "$T_DIR/$2/state",
         "allow": ["192.0.2.200"] $5},
 "mqtt": {"enabled": true, "host": "127.0.0.1", "port": $3,
          "republish_jitter_ms": 300},
 "run": {"user": "$T_RUN_USER", "control_socket": ""} $4}
EOF
}

# fl_start ID CONF: run the agent; its log is $T_DIR/ID.log.
fl_start() {
	"$CAMGUARD" run -c "$2" -d -v >"$T_DIR/$1.log" 2>&1 &
	FL_AGENTS="$FL_AGENTS $!"
	eval "FL_PID_$(echo "$1" | tr -c 'A-Za-z0-9\n' _)=$!"
	wait_for "$T_DIR/$1.log" "mqtt: connected" 300 >/dev/null
}
fl_pid() { eval "echo \$FL_PID_$(echo "$1" | tr -c 'A-Za-z0-9\n' _)"; }

# fl_sub OUT PORT COUNT SECONDS TOPIC...: a subscriber in the background
# (FL_SUB its pid) printing `MSG topic payload`; returns once subscribed.
fl_sub() {
	_o=$1 _p=$2 _c=$3 _w=$4; shift 4
	_t=
	for _x in "$@"; do _t="$_t -t $_x"; done
	# the subscriber truncates OUT only once it runs: an older OUT
	# must not answer the wait below
	rm -f "$_o"
	# shellcheck disable=SC2086
	stdbuf -oL mosquitto_sub -d -h 127.0.0.1 -p "$_p" -q 1 -C "$_c" \
	    -W "$_w" -F 'MSG %t %p' $_t >"$_o" 2>&1 &
	FL_SUB=$!
	T_PIDS="$T_PIDS $FL_SUB"
	wait_for "$_o" 'received SUBACK' 300 >/dev/null
}
fl_msgs() { sed -n 's/^MSG [^ ]* //p' "$1"; }

# fl_ask PORT CAMERA TOPIC PAYLOAD: publish a command and print the first
# result CAMERA answers on R/CAMERA/cmd/result (10 s at most).
fl_ask() {
	fl_sub "$T_DIR/ask.out" "$1" 1 10 "MOBOTIX/$2/cmd/result"
	mosquitto_pub -h 127.0.0.1 -p "$1" -q 1 -t "$3" -m "$4"
	wait "$FL_SUB" 2>/dev/null
	fl_msgs "$T_DIR/ask.out"
}

# fl_is GOT WANTED, fl_has GOT PATTERN: say what came when it is not it.
fl_is() { [ "$1" = "$2" ] || { echo "# got: $1" >&2; return 1; }; }
fl_has() { echo "$1" | grep -q -- "$2" || { echo "# got: $1" >&2; return 1; }; }

fl_commands() {
	_P=$1 _T=$2 C=cmd-$2 R=MOBOTIX/cmd-$2
	fl_conf "$T_DIR/$C.json" "$C" "$_P"
	check "$_T: an agent connects" fl_start "$C" "$T_DIR/$C.json"
	B=$T_DIR/$C/blocks

	r=$(fl_ask "$_P" "$C" "$R/cmd/block" \
	    '{"id":"b1","ip":"192.0.2.7","for_s":600,"reason":"VMS lockout"}')
	check "$_T: cmd/block answers ok with its id on cmd/result" fl_is "$r" \
	    '{"id":"b1","cmd":"block","ok":true,"error":null}'
	check "$_T: the block reached the firewall (block file)" \
	    grep -q '^block 192.0.2.7/32 ' "$B"
	fl_sub "$T_DIR/bl.out" "$_P" 1 5 "$R/ids/blocked"
	wait "$FL_SUB"
	check "$_T: ids/blocked lists it with the operator's reason" grep -q \
	    '"entries":\[{"ip":"192.0.2.7","prefix":32,"until":[0-9]*,"reason":"VMS lockout"}\]' \
	    "$T_DIR/bl.out"

	n=$(wc -l <"$B")
	r=$(fl_ask "$_P" "$C" "$R/cmd/block" '{"id":"b2","ip":"127.0.0.1"}')
	check "$_T: loopback is refused with the reason" fl_is "$r" \
	    '{"id":"b2","cmd":"block","ok":false,"error":"ip: a loopback address is never blocked"}'
	r=$(fl_ask "$_P" "$C" "$R/cmd/block" '{"id":"b3","ip":"0.0.0.0/0"}')
	check "$_T: 0.0.0.0/0 is refused" fl_has "$r" \
	    '"ok":false,"error":"ip: a /0 prefix would block everyone"'
	r=$(fl_ask "$_P" "$C" "$R/cmd/block" '{"id":"b4","ip":"2001:db8::/32"}')
	check "$_T: a prefix wider than ids.ipv6_prefix is refused" fl_is "$r" \
	    '{"id":"b4","cmd":"block","ok":false,"error":"/32 is wider than ids.ipv6_prefix (/64) allows"}'
	r=$(fl_ask "$_P" "$C" "$R/cmd/block" '{"id":"b5","ip":"192.0.2.200"}')
	check "$_T: an allow-listed address is refused" fl_has "$r" \
	    '"ok":false,"error":"in ids.allow'
	r=$(fl_ask "$_P" "$C" "$R/cmd/block" '{"id":"b6","ip":"192.0.2.8","until":1}')
	check "$_T: an unknown key is refused" fl_is "$r" \
	    '{"id":"b6","cmd":"block","ok":false,"error":"unknown key \"until\""}'
	r=$(fl_ask "$_P" "$C" "$R/cmd/block" '{"id":"b7","ip":[1]}')
	check "$_T: a wrong type is refused" fl_has "$r" \
	    '"error":"ip must be a string"'
	r=$(fl_ask "$_P" "$C" "$R/cmd/block" '{"id":"b8","ip":"192.0.2.999"}')
	check "$_T: an address that does not parse is refused" fl_has "$r" \
	    '"error":"ip: must be ADDRESS or ADDRESS/PREFIX"'
	check "$_T: none of them reached the firewall" test "$(wc -l <"$B")" = "$n"

	r=$(fl_ask "$_P" "$C" "$R/cmd/unblock" '{"id":"u1","ip":"192.0.2.7"}')
	check "$_T: cmd/unblock answers ok" fl_is "$r" \
	    '{"id":"u1","cmd":"unblock","ok":true,"error":null}'
	check "$_T: and releases it" grep -q '^release 192.0.2.7/32$' "$B"
	fl_ask "$_P" "$C" "$R/cmd/block" '{"ip":"192.0.2.9"}' >/dev/null
	r=$(fl_ask "$_P" "$C" "$R/cmd/flush" '{"id":"f1"}')
	check "$_T: cmd/flush answers ok" fl_is "$r" \
	    '{"id":"f1","cmd":"flush","ok":true,"error":null}'
	check "$_T: and releases every block" grep -q '^release 192.0.2.9/32$' "$B"

	r=$(fl_ask "$_P" "$C" "$R/cmd/rescan" '{"id":"r1"}')
	check "$_T: cmd/rescan answers ok" fl_is "$r" \
	    '{"id":"r1","cmd":"rescan","ok":true,"error":null}'
	r=$(fl_ask "$_P" "$C" "$R/cmd/rescan" 'now')
	check "$_T: a second rescan within 10 s is refused, the old payload taken" \
	    fl_is "$r" '{"id":null,"cmd":"rescan","ok":false,"error":"a rescan was asked for less than 10 s ago"}'
	r=$(fl_ask "$_P" "$C" "$R/cmd/republish" '')
	check "$_T: cmd/republish with an empty payload answers (id null)" \
	    fl_is "$r" '{"id":null,"cmd":"republish","ok":true,"error":null}'

	fl_ask "$_P" "$C" "$R/cmd/block" '{"ip":"192.0.2.10"}' >/dev/null
	r=$(fl_ask "$_P" "$C" "MOBOTIX/_fleet/cmd/unblock" \
	    '{"id":"fu","ip":"192.0.2.10"}')
	check "$_T: R/_fleet/cmd/unblock: the agent answers on its cmd/result" \
	    fl_is "$r" '{"id":"fu","cmd":"unblock","ok":true,"error":null}'
	check "$_T: and released the source" grep -q '^release 192.0.2.10/32$' "$B"
	# the retained status first (flag 1), the answer at once, then the
	# republished status (0)
	rm -f "$T_DIR/fr.out"
	stdbuf -oL mosquitto_sub -d -h 127.0.0.1 -p "$_P" -q 1 -C 3 -W 10 \
	    -F 'MSG %r %t %p' -t "$R/cmd/result" -t "$R/camguard/status" \
	    >"$T_DIR/fr.out" 2>&1 &
	FL_SUB=$!
	wait_for "$T_DIR/fr.out" 'received SUBACK' 300 >/dev/null
	mosquitto_pub -h 127.0.0.1 -p "$_P" -q 1 -t MOBOTIX/_fleet/cmd/republish \
	    -m '{"id":"fr"}'
	wait "$FL_SUB"
	check "$_T: R/_fleet/cmd/republish: answered at once, then the state comes again" \
	    sh -c "sed -n 's/^MSG //p' $T_DIR/fr.out | cut -d' ' -f1,2 | tr '\n' ' ' |
	        grep -qx '1 $R/camguard/status 0 $R/cmd/result 0 $R/camguard/status '"
	check "$_T: the answer carries the request's id" \
	    grep -q '{"id":"fr","cmd":"republish","ok":true,"error":null}' "$T_DIR/fr.out"
	r=$(fl_ask "$_P" "$C" "MOBOTIX/_fleet/cmd/rescan" '{"id":"fs"}')
	check "$_T: R/_fleet/cmd/rescan answers (the 10 s rule holds)" fl_has "$r" \
	    '^{"id":"fs","cmd":"rescan","ok":'

	check "$_T: its own results are not counted as dropped commands" \
	    sh -c "! grep -q 'dropped (.*) on $R/cmd/result' $T_DIR/$C.log"
	sleep 2.1
	fl_sub "$T_DIR/flood.out" "$_P" 100 4 "$R/cmd/result"
	i=0
	while [ $i -lt 60 ]; do echo '{}'; i=$((i + 1)); done |
	    mosquitto_pub -h 127.0.0.1 -p "$_P" -q 1 -t "$R/cmd/flush" -l
	wait "$FL_SUB"
	got=$(grep -c '^MSG' "$T_DIR/flood.out")
	echo "# $_T: $got of 60 flooded commands answered"
	check "$_T: a flood of 60 commands is rate-limited ($got answered)" \
	    sh -c "[ $got -ge 20 ] && [ $got -lt 60 ]"
	check "$_T: and counted in the log" \
	    grep -q 'command dropped (rate-limited' "$T_DIR/$C.log"
	fl_cleanup
}

# ---- shared bans, agents in network namespaces with nftables ------------

FL_NS=
FL_RELAYS=

fl_ns_cleanup() {
	for _p in $FL_RELAYS; do kill "$_p" 2>/dev/null; done
	FL_RELAYS=
	for _n in $FL_NS; do ip netns del "$_n" 2>/dev/null; done
	FL_NS=
}

# fl_until TENTHS CMD...: until CMD succeeds (a bounded wait, no timing
# assertion).
fl_until() {
	_n=$1; shift
	_i=0
	while ! "$@" 2>/dev/null; do
		_i=$((_i + 1)); [ "$_i" -ge "$_n" ] && return 1; sleep 0.1
	done
	return 0
}

# fl_relay PORT: a Unix socket on the host that leads to 127.0.0.1:PORT
# (the broker), for the namespaces' relays.
fl_relay() {
	[ -S "$T_DIR/mq-$1.sock" ] && return 0
	socat "UNIX-LISTEN:$T_DIR/mq-$1.sock,fork,mode=600" \
	    "TCP:127.0.0.1:$1,nodelay" 2>/dev/null &
	FL_RELAYS="$FL_RELAYS $!"
	fl_until 50 test -S "$T_DIR/mq-$1.sock"
}

# fl_ns NS OWN_ADDR PORT: a namespace whose 127.0.0.1:PORT is the
# broker's (through the host's relay) and whose own address is OWN_ADDR
# (a veth pair with both ends inside: nothing leaves it).
fl_ns() {
	ip netns add "$1" || return 1
	FL_NS="$FL_NS $1"
	ip -n "$1" link set lo up &&
	    ip -n "$1" link add own0 type veth peer name own1 &&
	    ip -n "$1" addr add "$2/24" dev own0 &&
	    ip -n "$1" link set own0 up && ip -n "$1" link set own1 up &&
	    fl_relay "$3" || return 1
	ip netns exec "$1" socat \
	    "TCP-LISTEN:$3,bind=127.0.0.1,reuseaddr,fork,nodelay" \
	    "UNIX-CONNECT:$T_DIR/mq-$3.sock" 2>/dev/null &
	FL_RELAYS="$FL_RELAYS $!"
	fl_until 50 fl_listens "$1" "$3"
}
fl_listens() { ip netns exec "$1" ss -Hltn "( sport = :$2 )" | grep -q .; }

# fl_ns_conf FILE ID PORT TRUSTED_JSON_LIST FLEET_EXTRA: an agent in a
# namespace: nftables, status on 127.0.0.1:18091 there, its control
# socket in $T_DIR/ID.ctl.
fl_ns_conf() {
	rm -rf "$T_DIR/$2"
	mkdir -p "$T_DIR/$2"
	: >"$T_DIR/$2/access.log"
	chmod 644 "$T_DIR/$2/access.log"
	chown "$T_RUN_USER" "$T_DIR/$2"
	cat >"$1" <<EOF2
{"camera": {"id": "$2", "config_file": "$FL_CFG"},
 "status": {"enabled": true, "listen": "127.0.0.1:18091"},
 "checks": {"interval_s": 86400},
 "ids": {"sources": [{"path": "$T_DIR/$2/access.log", "format": "clf"}],
         "threshold": 5, "block_backend": "nftables", "block_s": 3600,
         "ports": [8080], "state_file": "$T_DIR/$2/state",
         "allow": ["192.0.2.200"],
         "fleet": {"enabled": true, "cameras": $4 $5}},
 "mqtt": {"enabled": true, "host": "127.0.0.1", "port": $3,
          "republish_jitter_ms": 300},
 "run": {"user": "$T_RUN_USER", "control_socket": "$T_DIR/$2.ctl"}}
EOF2
}

# fl_ns_start NS ID CONF
fl_ns_start() {
	ip netns exec "$1" "$CAMGUARD" run -c "$3" -d -v >>"$T_DIR/$2.log" \
	    2>&1 &
	FL_AGENTS="$FL_AGENTS $!"
	eval "FL_PID_$(echo "$2" | tr -c 'A-Za-z0-9\n' _)=$!"
	fl_until 300 grep -q "mqtt: connected" "$T_DIR/$2.log"
}
fl_ns_stop() {	# ID
	_p=$(fl_pid "$1")
	kill "$_p" 2>/dev/null
	wait "$_p" 2>/dev/null
}

# fl_set_has NS ADDR: ADDR is an element of NS's b4 set.
fl_set_has() {
	ip netns exec "$1" nft list set inet camguard b4 2>/dev/null |
	    grep -q "[ {,]$2[,} ]"
}
fl_set_lacks() { ! fl_set_has "$@"; }

fl_attack() {	# ID ADDR: five failed logins in ID's log
	for _i in 1 2 3 4 5; do
		echo "$2 - admin [24/Nov/2026:10:00:00 +0000]" \
		    "\"GET /admin/ HTTP/1.1\" 401 0"
	done >>"$T_DIR/$1/access.log"
}

fl_alarm_json() {	# CAMERA ADDR [BLOCKED]
	printf '{"source":"camguard","camera":"%s","ip":"%s","prefix":32,' \
	    "$1" "$2"
	printf '"attempts":5,"first_seen":1,"last_seen":2,"user":"admin",'
	printf '"allowlisted":false,"blocked":%s,"block_until":null}' \
	    "${3:-true}"
}

fl_status() {	# NS PATH
	ip netns exec "$1" curl -s "http://127.0.0.1:18091$2"
}
fl_metric() {	# NS NAME_AND_LABELS: the sample's value
	fl_status "$1" /metrics | grep "^$2" | awk '{ print $2 }'
}

# fl_shared PORT_A PORT_B TAG: cam-a (namespace, nftables) on the broker
# at PORT_A and cam-b (namespace, nftables) at PORT_B trust each other;
# cam-c (host, file backend, block_s 3) trusts cam-b only.  On one broker
# PORT_A = PORT_B; on a cluster they are two nodes.
fl_shared() {
	_PA=$1 _PB=$2 _T=$3
	A=cga$$ B=cgb$$
	fl_ns "$A" 10.251.0.2 "$_PA" && fl_ns "$B" 10.251.0.3 "$_PB" ||
	    { not_ok "$_T: namespaces"; return 1; }
	fl_ns_conf "$T_DIR/cam-a.json" cam-a "$_PA" '["cam-b"]'
	# cam-x is trusted too but runs nowhere: what the test publishes as
	# cam-x stays until block_s (cam-a's lists would end what it sent
	# as cam-a)
	fl_ns_conf "$T_DIR/cam-b.json" cam-b "$_PB" '["cam-a", "cam-x"]' \
	    ', "max": 4'
	fl_conf "$T_DIR/cam-c.json" cam-c "$_PB" '' \
	    ', "fleet": {"enabled": true, "cameras": ["cam-b"], "block_s": 3}'
	CSP=$(port_from $((_PB + 7)))
	sed -i "s|\"status\": {\"enabled\": false}|\"status\": {\"enabled\": true, \"listen\": \"127.0.0.1:$CSP\"}|" \
	    "$T_DIR/cam-c.json"
	check "$_T: cam-a starts in its namespace (nftables)" \
	    fl_ns_start "$A" cam-a "$T_DIR/cam-a.json"
	check "$_T: cam-b starts in its namespace" \
	    fl_ns_start "$B" cam-b "$T_DIR/cam-b.json"
	check "$_T: cam-c starts on the host" fl_start cam-c "$T_DIR/cam-c.json"
	fl_sub "$T_DIR/b-alarms.out" "$_PB" 1 8 MOBOTIX/cam-b/notify/ids_alarm

	fl_attack cam-a 192.0.2.66
	check "$_T: an attack on cam-a blocks it there" \
	    fl_until 100 fl_set_has "$A" 192.0.2.66
	check "$_T: the ban reaches cam-b's firewall" \
	    fl_until 100 fl_set_has "$B" 192.0.2.66
	"$CAMGUARD" ids list -c "$T_DIR/cam-b.json" >"$T_DIR/b-list" 2>&1
	check "$_T: cam-b's ids list names the origin cam-a" \
	    grep -q '^192.0.2.66/32 .* cam-a ' "$T_DIR/b-list"
	check "$_T: /status shows it with its origin" sh -c \
	    "$(command -v ip) netns exec $B curl -s http://127.0.0.1:18091/status |
	    grep -q '{\"ip\":\"192.0.2.66\",\"prefix\":32,\"until\":[0-9]*,\"origin\":\"cam-a\"}'"
	check "$_T: /metrics counts one shared block held" fl_is \
	    "$(fl_metric "$B" 'camguard_ids_shared_blocked{camera="cam-b"}')" 1
	fl_sub "$T_DIR/b-bl.out" "$_PB" 1 5 MOBOTIX/cam-b/ids/blocked
	wait "$FL_SUB"
	check "$_T: cam-b's ids/blocked carries the origin" grep -q \
	    '"ip":"192.0.2.66","prefix":32,"until":[0-9]*,"origin":"cam-a"' \
	    "$T_DIR/b-bl.out"
	"$CAMGUARD" ids list -c "$T_DIR/cam-a.json" >"$T_DIR/a-list" 2>&1
	check "$_T: no echo: cam-a holds it once, as its own" sh -c \
	    "grep -c '^192.0.2.66/32' $T_DIR/a-list | grep -qx 1 &&
	     grep -q '^192.0.2.66/32 .*  -  ' $T_DIR/a-list"
	wait "$FL_SUB" 2>/dev/null
	check "$_T: no echo: cam-b raised no alarm of its own" \
	    sh -c "! grep -q '^MSG' $T_DIR/b-alarms.out"
	check "$_T: no echo: cam-c (trusts cam-b only) did not take it" \
	    sh -c "! grep -q 192.0.2.66 $T_DIR/cam-c/blocks 2>/dev/null"

	# what is turned away
	pub() { mosquitto_pub -h 127.0.0.1 -p "$_PB" -q 1 -t "$1" -m "$2"; }
	pub MOBOTIX/cam-evil/notify/ids_alarm "$(fl_alarm_json cam-evil 192.0.2.77)"
	pub MOBOTIX/cam-a/notify/ids_alarm "$(fl_alarm_json cam-z 192.0.2.78)"
	pub MOBOTIX/cam-a/notify/ids_alarm '{"source":"camguard"'
	pub MOBOTIX/cam-a/notify/ids_alarm "$(fl_alarm_json cam-a 10.251.0.3)"
	pub MOBOTIX/cam-a/notify/ids_alarm "$(fl_alarm_json cam-a 192.0.2.200)"
	pub MOBOTIX/cam-a/notify/ids_alarm "$(fl_alarm_json cam-a 127.0.0.1)"
	m() { fl_metric "$B" "camguard_ids_shared_dropped_total{camera=\"cam-b\",reason=\"$1\"}"; }
	# /metrics may be a second old: wait for the counts
	mis() { [ "$(m "$1")" = "$2" ]; }
	check "$_T: an untrusted camera's alarm is counted and dropped" \
	    fl_until 30 mis untrusted 1
	check "$_T: forged alarms (camera not the topic's, truncated): 2 counted" \
	    fl_until 30 mis forged 2
	check "$_T: cam-b's own address, an allowed one and loopback: refused" \
	    fl_until 30 mis refused 3
	check "$_T: none of them reached cam-b's firewall" sh -c \
	    "! $(command -v ip) netns exec $B nft list set inet camguard b4 |
	    grep -qE '192.0.2.7[78]|10.251.0.3|192.0.2.200|127.0.0.1'"

	# at most ids.fleet.max (4) shared blocks
	for i in 1 2 3 4 5 6; do
		pub MOBOTIX/cam-x/notify/ids_alarm \
		    "$(fl_alarm_json cam-x 198.51.100.$i)"
	done
	check "$_T: cam-b holds at most ids.fleet.max (4) shared blocks (1 + 6 sent)" \
	    fl_until 30 sh -c "[ \"\$($(command -v ip) netns exec $B curl -s http://127.0.0.1:18091/metrics |
	        grep '^camguard_ids_shared_blocked' | awk '{print \$2}')\" = 4 ]"
	check "$_T: the rest are counted as full (3)" fl_until 30 mis full 3

	fl_ask "$_PB" cam-b MOBOTIX/cam-b/cmd/flush '{}' >/dev/null
	held0() { [ "$(fl_metric "$B" 'camguard_ids_shared_blocked{camera="cam-b"}')" = 0 ]; }
	check "$_T: a flush on cam-b ends every shared block" fl_until 30 held0
	check "$_T: and empties its firewall's set" fl_set_lacks "$B" 192.0.2.66

	# a flood from a trusted camera: FLEET_SHARED_BURST (200) at once,
	# then FLEET_SHARED_RATE (50) a second
	i=0
	while [ $i -lt 400 ]; do
		fl_alarm_json cam-b "198.18.$((i / 250)).$((i % 250 + 1))"
		echo
		i=$((i + 1))
	done | mosquitto_pub -h 127.0.0.1 -p "$_PB" -q 1 \
	    -t MOBOTIX/cam-b/notify/ids_alarm -l
	cflood() {
		[ "$(curl -s "http://127.0.0.1:$CSP/metrics" | grep \
		    '^camguard_ids_shared_dropped_total{camera="cam-c",reason="flood"}' |
		    awk '{ print $2 }')" -gt 0 ] 2>/dev/null
	}
	check "$_T: a flood of 400 shared blocks is counted and dropped" \
	    fl_until 100 cflood
	n=$(grep -c '^block 198.18.' "$T_DIR/cam-c/blocks")
	echo "# $_T: cam-c took $n of the 400"
	check "$_T: cam-c took the burst, not the flood ($n)" \
	    sh -c "[ $n -ge 200 ] && [ $n -lt 400 ]"

	# the origin's block ends: so does the shared one
	"$CAMGUARD" ids unblock 192.0.2.66 -c "$T_DIR/cam-a.json" >/dev/null
	check "$_T: cam-a unblocks: gone from cam-a's firewall" \
	    fl_until 50 fl_set_lacks "$A" 192.0.2.66
	check "$_T: and from cam-b's (its origin's list no longer holds it)" \
	    fl_until 100 fl_set_lacks "$B" 192.0.2.66

	# block_s: cam-c holds cam-b's block 3 s though cam-b keeps it
	fl_attack cam-b 192.0.2.88
	check "$_T: cam-c takes cam-b's block" fl_until 100 \
	    grep -q '^block 192.0.2.88/32 ' "$T_DIR/cam-c/blocks"
	check "$_T: and ends it after ids.fleet.block_s while cam-b keeps it" \
	    fl_until 100 grep -q '^release 192.0.2.88/32' "$T_DIR/cam-c/blocks"
	check "$_T: cam-b still blocks it" fl_set_has "$B" 192.0.2.88

	# a fleet unblock releases it everywhere
	fl_attack cam-a 192.0.2.99
	fl_until 100 fl_set_has "$B" 192.0.2.99
	printf '{"mqtt": {"republish_jitter_ms": 300}}\n' >"$T_DIR/cli.json"
	"$CAMGUARD" fleet -c "$T_DIR/cli.json" --broker "mqtt://127.0.0.1:$_PA" \
	    unblock 192.0.2.99 >"$T_DIR/fu.out" 2>&1; rc=$?
	check "$_T: camguard fleet unblock: cam-a, cam-b and cam-c answer ok" \
	    sh -c "[ $rc -eq 0 ] && grep -q '^cam-a *ok' $T_DIR/fu.out &&
	        grep -q '^cam-b *ok' $T_DIR/fu.out &&
	        grep -q '^cam-c *ok' $T_DIR/fu.out"
	check "$_T: gone from cam-a's firewall" fl_until 50 fl_set_lacks "$A" 192.0.2.99
	check "$_T: and from cam-b's" fl_until 50 fl_set_lacks "$B" 192.0.2.99

	# joining: cam-b restarts and takes cam-a's blocks
	fl_attack cam-a 192.0.2.111
	fl_until 100 fl_set_has "$B" 192.0.2.111
	fl_ns_stop cam-b
	check "$_T: cam-b restarts" fl_ns_start "$B" cam-b "$T_DIR/cam-b.json"
	check "$_T: and takes cam-a's current blocks when it joins" \
	    fl_until 100 fl_set_has "$B" 192.0.2.111
	fl_cleanup
	fl_ns_cleanup
}

# fl_view PORT TAG: three agents on the host; a fresh `camguard fleet`
# lists them (on any broker: the republish request, then exact topics);
# `camguard fleet rescan|block|unblock|blocked` acts and names a camera
# that refused or did not answer.
fl_view() {
	_P=$1 _T=$2
	for v in v1 v2 v3; do
		fl_conf "$T_DIR/$_T-$v.json" "$_T-$v" "$_P"
		fl_start "$_T-$v" "$T_DIR/$_T-$v.json" ||
		    { not_ok "$_T: agent $v starts"; return 1; }
	done
	printf '{"mqtt": {"republish_jitter_ms": 300}}\n' >"$T_DIR/cli.json"
	FL="$CAMGUARD fleet -c $T_DIR/cli.json --broker mqtt://127.0.0.1:$_P"
	$FL --format json >"$T_DIR/view.json" 2>"$T_DIR/view.err"
	for v in v1 v2 v3; do
		check "$_T: a fresh camguard fleet lists $_T-$v online with its score" \
		    grep -q "{\"camera\":\"$_T-$v\",\"state\":\"online\",\"score\":0\.[0-9]*," \
		    "$T_DIR/view.json"
	done

	$FL rescan >"$T_DIR/rs.out" 2>&1; rc=$?
	check "$_T: fleet rescan: exit 0, every camera said ok" sh -c \
	    "[ $rc -eq 0 ] && [ \$(grep -c '^$_T-v[123] *ok\$' $T_DIR/rs.out) -eq 3 ]"
	$FL rescan >"$T_DIR/rs2.out" 2>&1; rc=$?
	check "$_T: a second fleet rescan within 10 s: exit 2, each refusal named" \
	    sh -c "[ $rc -eq 2 ] && [ \$(grep -c '^$_T-v[123] *refused: a rescan was asked for less than 10 s ago' $T_DIR/rs2.out) -eq 3 ]"

	$FL block 192.0.2.50 --camera "$_T-v1" --camera "$_T-v2" \
	    --reason "pen test" >"$T_DIR/bk.out" 2>&1; rc=$?
	check "$_T: fleet block --camera v1 --camera v2: exit 0" [ "$rc" -eq 0 ]
	check "$_T: v1 and v2 block it, v3 does not" sh -c \
	    "grep -q '^block 192.0.2.50/32' $T_DIR/$_T-v1/blocks &&
	     grep -q '^block 192.0.2.50/32' $T_DIR/$_T-v2/blocks &&
	     ! grep -q '192.0.2.50' $T_DIR/$_T-v3/blocks 2>/dev/null"
	$FL blocked >"$T_DIR/bd.out" 2>&1; rc=$?
	check "$_T: fleet blocked lists the source with both cameras and why" \
	    sh -c "[ $rc -eq 0 ] &&
	    grep -q '^192.0.2.50/32 *$_T-v1 *operator: pen test' $T_DIR/bd.out &&
	    grep -q '^  *$_T-v2 *operator: pen test' $T_DIR/bd.out"
	$FL blocked --format json >"$T_DIR/bd.json" 2>&1
	check "$_T: fleet blocked --format json" grep -q \
	    "{\"source\":\"192.0.2.50/32\",\"camera\":\"$_T-v2\",\"until\":[0-9]*,\"origin\":null,\"reason\":\"pen test\"}" \
	    "$T_DIR/bd.json"
	$FL unblock 192.0.2.50 >"$T_DIR/ub.out" 2>&1; rc=$?
	check "$_T: fleet unblock (every camera): exit 0, three ok" sh -c \
	    "[ $rc -eq 0 ] && [ \$(grep -c ' ok\$' $T_DIR/ub.out) -eq 3 ]"
	check "$_T: v1 and v2 released it" sh -c \
	    "grep -q '^release 192.0.2.50/32' $T_DIR/$_T-v1/blocks &&
	     grep -q '^release 192.0.2.50/32' $T_DIR/$_T-v2/blocks"
	$FL block 192.0.2.51 --all >/dev/null 2>&1; rc=$?
	check "$_T: fleet block --all reaches every camera" sh -c "[ $rc -eq 0 ] &&
	    for v in v1 v2 v3; do grep -q '^block 192.0.2.51/32' \
	        $T_DIR/$_T-\$v/blocks || exit 1; done"
	$FL block 127.0.0.1 --camera "$_T-v1" >"$T_DIR/bl.out" 2>&1; rc=$?
	check "$_T: a refusal: exit 2 and the camera's reason" sh -c "[ $rc -eq 2 ] &&
	    grep -q '^$_T-v1 *refused: ip: a loopback address is never blocked' \
	    $T_DIR/bl.out"
	$FL block 192.0.2.53 --camera "$_T-v1" --camera "$_T-ghost" \
	    --timeout 2 >"$T_DIR/gh.out" 2>"$T_DIR/gh.err"; rc=$?
	check "$_T: a camera that does not answer: exit 2, named" sh -c \
	    "[ $rc -eq 2 ] && grep -q '^$_T-ghost *no answer within 2 s' $T_DIR/gh.out &&
	     grep -q '1 camera refused or did not answer' $T_DIR/gh.err"
	$FL block 192.0.2.52 >/dev/null 2>&1; rc=$?
	check "$_T: fleet block needs --camera or --all (usage, 64)" [ "$rc" -eq 64 ]
	fl_cleanup
}
