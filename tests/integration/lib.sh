# lib.sh - helpers shared by the integration tests (POSIX sh).
# Each test sources this, sets CAMGUARD, and calls tap_* to report.
: "${CAMGUARD:=$(pwd)/build/camguard}"
T_FAILED=0
T_N=0
T_DIR=$(mktemp -d /tmp/camguard-test.XXXXXX)
# `camguard run` started as root drops to run.user; tests use the numeric
# uid of nobody (no NSS entry needed) and give it the test directory, so
# the worker can re-read its files on SIGHUP and remove its pid file.
T_RUN_USER=65534
chmod 755 "$T_DIR"
[ "$(id -u)" = 0 ] && chown "$T_RUN_USER:$T_RUN_USER" "$T_DIR"
T_PIDS=

t_cleanup() {
	for p in $T_PIDS; do kill "$p" 2>/dev/null; done
	rm -rf "$T_DIR"
}
trap t_cleanup EXIT INT TERM

# Ports for servers a test starts on loopback: below the kernel's
# ephemeral range (32768-60999 here), so no outgoing connection can hold
# one, and held by no socket in any TCP state, not only listening.
# port_free PORT: true when nothing holds PORT
port_free() { [ -z "$(ss -Htan "sport = :$1")" ]; }
# port_from PORT: PORT or the first free one after it
port_from() {
	_pf=$1
	while ! port_free "$_pf"; do _pf=$((_pf + 1)); done
	echo "$_pf"
}
# free_port [N]: a free port derived from our pid and N
free_port() { port_from $((20000 + ($$ * 13 + ${1:-0} * 101) % 12000)); }

ok() { T_N=$((T_N + 1)); echo "ok $T_N - $*"; }
not_ok() { T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1)); echo "not ok $T_N - $*"; }
# check "description" command...: ok when the command succeeds
check() { d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
# wait_for FILE PATTERN [TENTHS]: until grep finds PATTERN in FILE
wait_for() {
	i=0
	while [ "$i" -lt "${3:-50}" ]; do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1; i=$((i + 1))
	done
	echo "# timed out waiting for '$2' in $1:" >&2; sed 's/^/#   /' "$1" >&2
	return 1
}
# wait_exit PID [TENTHS]: until PID is gone
wait_exit() {
	i=0
	while kill -0 "$1" 2>/dev/null; do
		[ "$i" -ge "${2:-50}" ] && return 1
		sleep 0.1; i=$((i + 1))
	done
	return 0
}
# children_cpu_ms: user + system time of the finished children, in ms
# (times runs in this shell, not in a subshell that has no children)
children_cpu_ms() {
	times >"$T_DIR/times"
	awk 'NR == 2 {
		split($1, u, /[ms]/); split($2, s, /[ms]/)
		printf "%d\n", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000 }' \
	    "$T_DIR/times"
}
t_done() {
	echo "1..$T_N"
	[ "$T_FAILED" -eq 0 ] || { echo "# $T_FAILED failed"; exit 1; }
}
