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
	# the retained status first (flag 1), then the republished one (0),
	# then the answer
	rm -f "$T_DIR/fr.out"
	stdbuf -oL mosquitto_sub -d -h 127.0.0.1 -p "$_P" -q 1 -C 3 -W 10 \
	    -F 'MSG %r %t %p' -t "$R/cmd/result" -t "$R/camguard/status" \
	    >"$T_DIR/fr.out" 2>&1 &
	FL_SUB=$!
	wait_for "$T_DIR/fr.out" 'received SUBACK' 300 >/dev/null
	mosquitto_pub -h 127.0.0.1 -p "$_P" -q 1 -t MOBOTIX/_fleet/cmd/republish \
	    -m '{"id":"fr"}'
	wait "$FL_SUB"
	check "$_T: R/_fleet/cmd/republish: the state comes again, then the answer" \
	    sh -c "sed -n 's/^MSG //p' $T_DIR/fr.out | cut -d' ' -f1,2 | tr '\n' ' ' |
	        grep -qx '1 $R/camguard/status 0 $R/camguard/status 0 $R/cmd/result '"
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
