#!/bin/sh
# camguard.sh start|stop|restart|status - the camera app's entry point.
#
# POSIX sh for BusyBox ash.  The bundle's layout is relative to this file:
# bin/camguard, etc/camguard.json, var/ (pid file and log, created here).
# The agent runs in the foreground (-d) in the background of this script,
# which keeps its pid file and sends its log through a FIFO to a small
# writer that appends to var/camguard.log and, while the agent runs,
# moves it to camguard.log.1 whenever it would grow past LOG_MAX bytes
# (one old file kept: at most twice LOG_MAX on flash).
#
# Environment (all optional):
#   CAMGUARD_CONF         configuration (default: etc/camguard.json)
#   CAMGUARD_VAR          pid file and log directory (default: var/; point
#                         it at a RAM disk such as /tmp/camguard to spare
#                         flash)
#   CAMGUARD_EXEC_PREFIX  a command the binary is run through, e.g.
#                         qemu-arm-static when testing on a PC
#   CAMGUARD_LOG_MAX      bytes before the log is rotated (default 262144)
set -u
APP_DIR=$(cd "$(dirname "$0")" && pwd)
BIN=$APP_DIR/bin/camguard
CONF=${CAMGUARD_CONF:-$APP_DIR/etc/camguard.json}
VAR=${CAMGUARD_VAR:-$APP_DIR/var}
PIDFILE=$VAR/camguard.pid
LOG=$VAR/camguard.log
FIFO=$VAR/camguard.log.fifo
LOG_MAX=${CAMGUARD_LOG_MAX:-262144}	# bytes; one old file (.1) is kept
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

# log_writer: stdin to $LOG, line by line, rotating by size.  Bytes are
# counted in the C locale; the writer ends when the agent closes the FIFO.
log_writer() {
	LC_ALL=C
	n=0
	[ -f "$LOG" ] && n=$(wc -c <"$LOG")
	while IFS= read -r line || [ -n "$line" ]; do
		len=$((${#line} + 1))
		if [ "$n" -gt 0 ] && [ $((n + len)) -gt "$LOG_MAX" ]; then
			mv -f "$LOG" "$LOG.1"
			n=0
		fi
		printf '%s\n' "$line" >>"$LOG"
		n=$((n + len))
	done
}

# started_since SIZE: the agent logged 'started' after byte SIZE of the log
# (or in the new log, when the writer rotated meanwhile)
started_since() {
	if [ -f "$LOG" ] && [ "$(wc -c <"$LOG")" -ge "$1" ]; then
		tail -c +"$(($1 + 1))" "$LOG" | grep -q 'started, version'
	else
		cat "$LOG.1" "$LOG" 2>/dev/null | grep -q 'started, version'
	fi
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
	from=0
	[ -f "$LOG" ] && from=$(wc -c <"$LOG")
	rm -f "$FIFO"
	mkfifo -m 600 "$FIFO" || return 1
	# the writer must not hold this script's stdout, not even as a saved
	# copy (callers wait for its end): exec replaces the fds outright
	(exec <"$FIFO" >/dev/null 2>&1; log_writer) &
	# shellcheck disable=SC2086
	$RUN "$BIN" run -c "$CONF" -d </dev/null >"$FIFO" 2>&1 &
	pid=$!
	echo "$pid" >"$PIDFILE"
	i=0
	while [ "$i" -lt "$WAIT" ]; do
		if started_since "$from"; then
			echo "camguard: started (pid $pid)"
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		nap; i=$((i + 1))
	done
	echo "camguard: did not start, see $LOG:" >&2
	tail -5 "$LOG" >&2
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
	rm -f "$PIDFILE" "$FIFO"
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
