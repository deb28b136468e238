#!/bin/sh
# The camera-app start script (packaging/camera-app/camguard.sh) with this
# host's binary in place of the ARM one (package.sh runs the real bundle
# under qemu): its log is rotated by size while the agent runs, one old
# file kept, neither over CAMGUARD_LOG_MAX; the agent keeps its pid and
# re-reads its 0644 configuration on SIGHUP as run.user; stop leaves the
# agent's last line in the log.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
A=$T_DIR/app
mkdir -p "$A/bin" "$A/etc"
cp "$ROOT/packaging/camera-app/camguard.sh" "$A/"
cp "$CAMGUARD" "$A/bin/camguard"
cat >"$A/etc/camguard.json" <<JSON
{"camera": {"config_file": "$ROOT/examples/camera-default.cfg"},
 "ids": {"enabled": false}, "status": {"enabled": false},
 "run": {"user": "$T_RUN_USER"}}
JSON
chmod 644 "$A/etc/camguard.json"
LOG=$A/var/camguard.log
export CAMGUARD_LOG_MAX=2048
out=$("$A/camguard.sh" start 2>&1); rc=$?
pid=$(cat "$A/var/camguard.pid" 2>/dev/null); T_PIDS="$T_PIDS $pid"
check "the bundle's agent starts ($out)" [ "$rc" -eq 0 ]
# each SIGHUP logs one "configuration reloaded" line (about 100 bytes)
i=0
while [ $i -lt 60 ]; do
	kill -HUP "$pid"; sleep 0.05; i=$((i + 1))
done
check "the log was rotated while the agent ran (camguard.log.1)" \
	wait_for "$LOG.1" 'configuration reloaded'
check "the agent still runs with the same pid" \
	sh -c "kill -0 '$pid' && [ \"\$(cat '$A/var/camguard.pid')\" = '$pid' ]"
check "neither file is over CAMGUARD_LOG_MAX, one old file kept" sh -c "
	[ \$(wc -c <'$LOG') -le 2048 ] && [ \$(wc -c <'$LOG.1') -le 2048 ] &&
	[ ! -e '$LOG.2' ]"
sleep 2		# the log's rate limit (10 a second) refills: "stopped" gets out
out=$("$A/camguard.sh" stop 2>&1); rc=$?
check "stop exits 0 ($out)" sh -c "[ $rc -eq 0 ] && ! kill -0 '$pid' 2>/dev/null"
check "the agent's last line reached the log" wait_for "$LOG" 'stopped$'
t_done
