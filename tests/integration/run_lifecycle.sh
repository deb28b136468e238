#!/bin/sh
# camguard run: starts, reloads on SIGHUP (a bad file keeps the running
# configuration), rescans on SIGUSR1, writes and removes its pid file,
# exits 0 on SIGTERM and on SIGINT.
. "$(dirname "$0")/lib.sh"

conf=$T_DIR/camguard.json
log=$T_DIR/run.log
cat >"$conf" <<JSON
{"camera": {"config_file": "$PWD/examples/camera-default.cfg"},
 "checks": {"interval_s": 3600}, "status": {"enabled": false},
 "ids": {"enabled": false},
 "run": {"pid_file": "$T_DIR/camguard.pid", "user": "$T_RUN_USER"}}
JSON

"$CAMGUARD" run -c "$conf" -d >"$log" 2>&1 &
pid=$!; T_PIDS="$T_PIDS $pid"
check "run starts and logs its version" wait_for "$log" "started, version"
check "run scans the camera at start" wait_for "$log" "scan 1: [0-9]* pass, [1-9][0-9]* fail"
check "pid file holds the daemon's pid" sh -c "[ \"\$(cat $T_DIR/camguard.pid)\" = $pid ]"

kill -USR1 "$pid"
check "SIGUSR1 starts a scan" wait_for "$log" "scan 2:"

sed -i 's/"interval_s": 3600/"interval_s": 120/' "$conf"
kill -HUP "$pid"
check "SIGHUP with a good file reloads it" wait_for "$log" "configuration reloaded from $conf"
check "the reloaded interval is in effect" wait_for "$log" "scan every 120 s"
check "a reload scans again at once" wait_for "$log" "scan 3:"

printf '{"ids": {"threshold": 2}}' >"$conf"  # error at 1:23
kill -HUP "$pid"
check "SIGHUP with a bad file names file:line:column" \
	wait_for "$log" "$conf:1:23: ids.threshold must be between 5 and 1000"
check "a bad file keeps the running configuration" \
	wait_for "$log" "keeping the running configuration"
check "the daemon still runs after a bad reload" kill -0 "$pid"

kill -TERM "$pid"
check "SIGTERM stops the daemon" wait_exit "$pid"
wait "$pid"; rc=$?
check "exit status after SIGTERM is 0 (got $rc)" [ "$rc" -eq 0 ]
check "pid file is removed at exit" [ ! -e "$T_DIR/camguard.pid" ]

printf '{"status": {"enabled": false}, "ids": {"enabled": false},
 "camera": {"config_file": "%s/nonexistent.cfg"}, "run": {"user": "%s"}}' "$T_DIR" "$T_RUN_USER" >"$conf"
"$CAMGUARD" run -c "$conf" -d >"$log" 2>&1 &
pid=$!; T_PIDS="$T_PIDS $pid"
check "a scan that cannot read the camera says why and the daemon runs on" \
	wait_for "$log" "scan failed (1 in a row): $T_DIR/nonexistent.cfg: No such file or directory"
kill -INT "$pid"
wait "$pid"; rc=$?
check "exit status after SIGINT is 0 (got $rc)" [ "$rc" -eq 0 ]

printf '{"bogus": 1}' >"$conf"
"$CAMGUARD" run -c "$conf" -d >"$log" 2>&1; rc=$?
check "a bad file at start exits 78 (got $rc)" [ "$rc" -eq 78 ]
check "and names file:line:column" grep -q "$conf:1:2: unknown key \"bogus\"" "$log"
printf '{"bogus": 1}' >"$T_DIR/policy.json"
printf '{"checks": {"policy_file": "%s/policy.json"}, "run": {"user": "%s"}}' "$T_DIR" "$T_RUN_USER" >"$conf"
"$CAMGUARD" run -c "$conf" -d >"$log" 2>&1; rc=$?
check "a bad policy file at start exits 78 (got $rc)" [ "$rc" -eq 78 ]
check "and names the policy file:line:column" grep -q "$T_DIR/policy.json:1:2: unknown key \"bogus\"" "$log"
if [ "$(id -u)" = 0 ]; then
	printf '{"run": {"user": "no-such-user-cg"}, "status": {"enabled": false}}' >"$conf"
	"$CAMGUARD" run -c "$conf" -d >"$log" 2>&1; rc=$?
	check "a run.user that does not exist stops the start: exit 78 (got $rc)" [ "$rc" -eq 78 ]
	check "and says why" grep -q "run.user no-such-user-cg: no such user" "$log"
fi
"$CAMGUARD" run -c "$conf" --bogus >/dev/null 2>&1; rc=$?
check "an unknown option exits 64 (got $rc)" [ "$rc" -eq 64 ]
t_done
