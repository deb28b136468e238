#!/bin/sh
# Start-up that cannot lie (issue 14, camguard(8) EXIT STATUS): `camguard
# run` without -d exits only once the daemon started (0), or with the
# reason on the terminal and a code a restart cannot fix: a privilege drop
# that fails (77, tried in a user namespace where setresuid is refused),
# a policy file the unprivileged worker cannot read (77; the camera's
# password file is the privileged parent's to open), a taken status
# port (2), a bad policy found only after detaching (78); nothing is left
# running then.  `camguard config-test` names each problem: run.user root
# or missing, an unreadable file per key, a camera id or camera HOSTNAME
# libmosquitto would refuse (not UTF-8), allow/ignore of a whole address
# family, a public status endpoint without a token; expired waivers are
# warnings.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CFG=$ROOT/examples/camera-default.cfg
D=$T_DIR

P=$(free_port 1)

# conf FILE EXTRA: a daemon configuration for the example camera
conf() {
	cat >"$1" <<EOF
{"camera": {"config_file": "$CFG" $2},
 "ids": {"enabled": false}, "status": {"listen": "127.0.0.1:$P"},
 "run": {"user": "$T_RUN_USER", "pid_file": "$D/cg.pid"}}
EOF
}
# nothing_left: no daemon of ours runs with this configuration
nothing_left() {
	! ps -eo args | grep -q "^$CAMGUARD run -c $1\$"
}
# detached_run CONF: `camguard run` without -d; rc and the terminal text
detached_run() {
	rm -f "$D/cg.pid"
	timeout 20 "$CAMGUARD" run -c "$1" >"$D/term.out" 2>"$D/term.err"
	rc=$?
	left
}
# left: a daemon that wrote its pid file is stopped at exit (by pid)
left() {
	sleep 0.2
	[ -s "$D/cg.pid" ] && T_PIDS="$T_PIDS $(cat "$D/cg.pid")"
}

if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP needs root (privilege drop, files of other users)"
	exit 0
fi

# ---- a start that works ------------------------------------------------------
conf "$D/ok.json"
detached_run "$D/ok.json"
check "a good start without -d exits 0 (got $rc)" [ "$rc" -eq 0 ]
pid=$(cat "$D/cg.pid" 2>/dev/null)
[ -n "$pid" ] && T_PIDS="$T_PIDS $pid"
check "and the daemon it left runs and answers /livez" sh -c "
	kill -0 '$pid' && [ \"\$(curl -s --max-time 5 \
	    http://127.0.0.1:$P/livez)\" = ok ]"
check "the port stays taken by the running daemon" sh -c \
	"ss -ltn | grep -q ':$P '"

# ---- a taken port: the start fails on the terminal ---------------------------
conf "$D/taken.json"
detached_run "$D/taken.json"
check "a second daemon on the taken port exits 2 (got $rc)" [ "$rc" -eq 2 ]
check "and says why on the terminal" \
	grep -q "status.listen 127.0.0.1:$P: run.user $T_RUN_USER cannot listen there: Address already in use" \
	"$D/term.err"
kill "$pid"; wait_exit "$pid"
check "nothing of the failed start runs" nothing_left "$D/taken.json"

# ---- a file the worker cannot read --------------------------------------------
# (the camera's password file is opened by the privileged parent: a 0600
# root one is fine; the policy file the worker reads itself)
printf 'x\n' >"$D/cam.pw"
chmod 600 "$D/cam.pw"
cp "$ROOT/packaging/policy/mobotix-v1.json" "$D/pol-ok.json"
chmod 600 "$D/pol-ok.json"
conf "$D/pw.json" ', "user": "admin", "password_file": "'"$D/cam.pw"'"'
sed -i "s|\"ids\": {|\"checks\": {\"policy_file\": \"$D/pol-ok.json\"}, \"ids\": {|" \
	"$D/pw.json"
detached_run "$D/pw.json"
check "a 0600 root policy file: exit 77 (got $rc)" [ "$rc" -eq 77 ]
check "the terminal names the key, the file and the user" \
	grep -q "checks.policy_file $D/pol-ok.json: not readable by run.user $T_RUN_USER: Permission denied" \
	"$D/term.err"
check "and not the 0600 root password file, which the parent opens" \
	sh -c "! grep -q 'camera.password_file' '$D/term.err'"
check "nothing of it runs" nothing_left "$D/pw.json"
chown "$T_RUN_USER" "$D/pol-ok.json"
"$CAMGUARD" config-test -c "$D/pw.json" >"$D/ct.out" 2>&1; rc=$?
check "given to run.user, config-test says OK (got $rc)" \
	sh -c "[ $rc -eq 0 ] && grep -qx 'configuration OK' '$D/ct.out'"

# ---- the privilege drop fails ----------------------------------------------------
# In a user namespace only uid 0 is mapped: setresuid to run.user fails.
if unshare -r true 2>/dev/null; then
	conf "$D/drop.json"
	rm -f "$D/cg.pid"
	timeout 20 unshare -r "$CAMGUARD" run -c "$D/drop.json" \
	    >"$D/term.out" 2>"$D/term.err"; rc=$?
	left
	check "a privilege drop that fails: exit 77 (got $rc)" [ "$rc" -eq 77 ]
	check "and the reason is on the terminal" \
		grep -q "cannot drop privileges: dropping to $T_RUN_USER" \
		"$D/term.err"
	check "nothing of it runs" nothing_left "$D/drop.json"
	timeout 20 unshare -r "$CAMGUARD" run -d -c "$D/drop.json" \
	    >"$D/term.out" 2>&1; rc=$?
	check "with -d too: exit 77 (got $rc)" [ "$rc" -eq 77 ]
else
	ok "# SKIP the failed privilege drop (no user namespaces here)"
fi

# ---- a failure only the detached daemon sees ----------------------------------
printf '{"bogus": 1}' >"$D/policy.json"
conf "$D/pol.json"
sed -i "s|\"ids\": {|\"checks\": {\"policy_file\": \"$D/policy.json\"}, \"ids\": {|" \
	"$D/pol.json"
detached_run "$D/pol.json"
check "a bad policy file, read after detaching: exit 78 (got $rc)" \
	[ "$rc" -eq 78 ]
check "and its file:line:column reached the terminal" \
	grep -q "$D/policy.json:1:2: unknown key \"bogus\"" "$D/term.err"
check "nothing of it runs" nothing_left "$D/pol.json"

# ---- config-test names each problem ---------------------------------------------
# ct NAME JSON: config-test on that text; rc and output in $D/NAME.ct
ct() {
	printf '%s\n' "$2" >"$D/$1.json"
	"$CAMGUARD" config-test -c "$D/$1.json" >"$D/$1.ct" 2>&1
	rc=$?
}
BASE='"ids": {"enabled": false}, "status": {"enabled": false}'
ct root "{$BASE, \"run\": {\"user\": \"root\"}}"
check "run.user root: exit 78 (got $rc), named" sh -c "[ $rc -eq 78 ] &&
	grep -q 'run.user root is root' '$D/root.ct'"
ct uid0 "{$BASE, \"run\": {\"user\": \"0\"}}"
check "run.user 0: exit 78 (got $rc), named" sh -c "[ $rc -eq 78 ] &&
	grep -q 'run.user 0 is root' '$D/uid0.ct'"
ct nouser "{$BASE, \"run\": {\"user\": \"no-such-user-cg\"}}"
check "a run.user that does not exist: exit 78 (got $rc), named" sh -c "
	[ $rc -eq 78 ] && grep -q 'run.user no-such-user-cg: no such user' \
	    '$D/nouser.ct'"
ct allow4 '{"ids": {"allow": ["0.0.0.0/0"]}}'
check "allow 0.0.0.0/0: exit 78 (got $rc), named" sh -c "[ $rc -eq 78 ] &&
	grep -q 'ids.allow: \"0.0.0.0/0\" covers every IPv4 address' '$D/allow4.ct'"
ct ignore6 '{"ids": {"ignore": ["::/0"]}}'
check "ignore ::/0: exit 78 (got $rc), named" sh -c "[ $rc -eq 78 ] &&
	grep -q 'ids.ignore: \"::/0\" covers every IPv6 address' '$D/ignore6.ct'"
printf '{"camera": {"id": "cam\377\376"}}\n' >"$D/id.json"
"$CAMGUARD" config-test -c "$D/id.json" >"$D/id.ct" 2>&1; rc=$?
check "a camera.id that is not UTF-8: exit 78 (got $rc), named" sh -c "
	[ $rc -eq 78 ] && grep -q 'camera.id: must be a valid MQTT topic level' \
	    '$D/id.ct'"
sed "s/^HOSTNAME=.*/HOSTNAME=cam$(printf '\377\376')/" "$CFG" >"$D/badhost.cfg"
ct host "{$BASE, \"run\": {\"user\": \"$T_RUN_USER\"},
 \"camera\": {\"config_file\": \"$D/badhost.cfg\"}, \"mqtt\": {\"enabled\": true}}"
check "a camera HOSTNAME that is not UTF-8 (it names the MQTT topics): exit 78 (got $rc)" \
	sh -c "[ $rc -eq 78 ] &&
	grep -q 'camera.config_file $D/badhost.cfg: HOSTNAME is no valid MQTT topic level' '$D/host.ct'"
ct host-id "{$BASE, \"run\": {\"user\": \"$T_RUN_USER\"},
 \"camera\": {\"id\": \"cam-7\", \"config_file\": \"$D/badhost.cfg\"},
 \"mqtt\": {\"enabled\": true}}"
check "with camera.id set the HOSTNAME does not matter (got $rc)" [ "$rc" -eq 0 ]
P2=$(free_port 2)
ct public "{\"ids\": {\"enabled\": false}, \"run\": {\"user\": \"$T_RUN_USER\"},
 \"status\": {\"listen\": \"0.0.0.0:$P2\"}}"
check "a public status.listen without a token: exit 78 (got $rc), named" \
	sh -c "[ $rc -eq 78 ] && grep -q 'status.listen 0.0.0.0:$P2 is reachable from the network and status.token_file is empty' '$D/public.ct'"
printf 't0ken-0123456789abcdefghij\n' >"$D/token"; chown "$T_RUN_USER" "$D/token"
chmod 600 "$D/token"
ct public-token "{\"ids\": {\"enabled\": false}, \"run\": {\"user\": \"$T_RUN_USER\"},
 \"status\": {\"listen\": \"0.0.0.0:$P2\", \"token_file\": \"$D/token\"}}"
check "with a token it is OK (got $rc)" [ "$rc" -eq 0 ]
ct waiver "{$BASE, \"run\": {\"user\": \"$T_RUN_USER\"}, \"checks\": {\"waivers\":
 [{\"id\": \"MX-20\", \"reason\": \"no 802.1X\", \"expires\": \"2024-01-31\"}]}}"
check "an expired waiver is a warning: exit 0 (got $rc), named" sh -c "
	[ $rc -eq 0 ] && grep -q 'warning: the waiver of MX-20 expired on 2024-01-31' \
	    '$D/waiver.ct' && grep -qx 'configuration OK' '$D/waiver.ct'"
chmod 600 "$D/cam.pw"; chown root "$D/cam.pw"
printf 'k\n' >"$D/tls.key"; chmod 600 "$D/tls.key"
ct files "{\"ids\": {\"enabled\": true, \"state_file\": \"/proc/cg-$$/state\"},
 \"run\": {\"user\": \"$T_RUN_USER\"}, \"status\": {\"enabled\": false},
 \"camera\": {\"config_file\": \"$CFG\", \"user\": \"a\", \"password_file\": \"$D/cam.pw\"},
 \"mqtt\": {\"enabled\": true, \"tls\": {\"ca_file\": \"$D/no-ca.crt\",
   \"cert_file\": \"$D/token\", \"key_file\": \"$D/tls.key\"}}}"
check "unreadable and missing files: exit 77 (got $rc)" [ "$rc" -eq 77 ]
check "each one named with its key" sh -c "
	! grep -q 'camera.password_file' '$D/files.ct' &&
	grep -q 'mqtt.tls.key_file $D/tls.key: not readable by run.user' '$D/files.ct' &&
	grep -q 'mqtt.tls.ca_file $D/no-ca.crt: not readable by run.user $T_RUN_USER: No such file' '$D/files.ct' &&
	grep -q 'ids.state_file /proc/cg-$$/state: not writable' '$D/files.ct' &&
	! grep -q 'mqtt.tls.cert_file' '$D/files.ct'"
t_done
