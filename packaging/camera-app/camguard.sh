#!/bin/sh
# camguard.sh start|stop|restart|status - the camera app's entry point.
#
# POSIX sh for BusyBox ash.  The bundle's layout is relative to this file:
# bin/camguard, etc/camguard.json, var/ (pid file and log, created here).
# The agent runs in the foreground (-d) in the background of this script,
# which keeps its pid file and sends its log to var/camguard.log.
#
# Environment (all optional):
#   CAMGUARD_CONF         configuration (default: etc/camguard.json)
#   CAMGUARD_VAR          pid file and log directory (default: var/; point
#                         it at a RAM disk such as /tmp/camguard to spare
#                         flash)
#   CAMGUARD_EXEC_PREFIX  a command the binary is run through, e.g.
#                         qemu-arm-static when testing on a PC
set -u
APP_DIR=$(cd "$(dirname "$0")" && pwd)
BIN=$APP_DIR/bin/camguard
CONF=${CAMGUARD_CONF:-$APP_DIR/etc/camguard.json}
VAR=${CAMGUARD_VAR:-$APP_DIR/var}
PIDFILE=$VAR/camguard.pid
LOG=$VAR/camguard.log
LOG_MAX=262144		# bytes; the log is rotated once (.1) at start
WAIT=100		# tenths of a second to wait for start and stop
RUN=${CAMGUARD_EXEC_PREFIX:-}

nap() { sleep 0.1 2>/dev/null || sleep 1; }

# running: the pid file names a live process that runs this bundle's binary
# (a pid file left by a reboot may name some other process by now).
running() {
	[ -f "$PIDFILE" ] && pid=$(cat "$PIDFILE" 2>/dev/null) &&
		[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
	[ -r "/proc/$pid/cmdline" ] || return 0
	tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$BIN"
}

do_start() {
	if running; then
		echo "camguard: already running (pid $pid)"
		return 0
	fi
	mkdir -p "$VAR" || return 1
	# shellcheck disable=SC2086
	if ! $RUN "$BIN" config-test -c "$CONF" >/dev/null 2>>"$LOG"; then
		echo "camguard: $CONF is not valid, see $LOG; not started" >&2
		return 78
	fi
	if [ -f "$LOG" ] && [ "$(wc -c <"$LOG")" -gt "$LOG_MAX" ]; then
		mv -f "$LOG" "$LOG.1"
	fi
	from=1
	[ -f "$LOG" ] && from=$(($(wc -c <"$LOG") + 1))
	# shellcheck disable=SC2086
	$RUN "$BIN" run -c "$CONF" -d </dev/null >>"$LOG" 2>&1 &
	pid=$!
	echo "$pid" >"$PIDFILE"
	i=0
	while [ "$i" -lt "$WAIT" ]; do
		if tail -c +"$from" "$LOG" | grep -q 'started, version'; then
			echo "camguard: started (pid $pid)"
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		nap; i=$((i + 1))
	done
	echo "camguard: did not start, see $LOG:" >&2
	tail -c +"$from" "$LOG" | tail -5 >&2
	kill -0 "$pid" 2>/dev/null && kill -TERM "$pid"
	rm -f "$PIDFILE"
	return 1
}

do_stop() {
	if ! running; then
		echo "camguard: not running"
		rm -f "$PIDFILE"
		return 0
	fi
	kill -TERM "$pid"
	i=0
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$i" -ge "$WAIT" ]; then
			echo "camguard: pid $pid ignored SIGTERM; killed" >&2
			kill -KILL "$pid" 2>/dev/null
			rm -f "$PIDFILE"
			return 1
		fi
		nap; i=$((i + 1))
	done
	rm -f "$PIDFILE"
	echo "camguard: stopped"
}

do_status() {
	if running; then
		echo "camguard: running (pid $pid)"
		return 0
	fi
	echo "camguard: not running"
	return 3
}

case ${1:-} in
start) do_start ;;
stop) do_stop ;;
restart) do_stop && do_start ;;
status) do_status ;;
*) echo "usage: $0 start|stop|restart|status" >&2; exit 64 ;;
esac
