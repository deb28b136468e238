# lib_rabbitmq.sh - RabbitMQ 3.10 (Debian rabbitmq-server + rabbitmq_mqtt)
# as a second MQTT broker for the integration tests (POSIX sh).  Source it
# after lib.sh:
#
#	. "$(dirname "$0")/lib.sh"
#	. "$(dirname "$0")/lib_rabbitmq.sh"
#	rmq_need_root			# whole test: 1..0 # SKIP unless root
#	rmq_start A || ...		# sets RMQ_A_MQTT_PORT, RMQ_A_NODE, ...
#	rmq_start B && rmq_cluster A B
#	rmq_ctl A list_users		# rabbitmqctl for node A
#	rmq_ctl_wrapper A FILE		# the same as a command in FILE
#	rmq_stop_all			# also run by the EXIT/INT/TERM trap
#
# Every node runs as user rabbitmq (as the Debian wrapper would) from its
# own directory under $T_DIR, on free loopback ports chosen at run time,
# with its own node name (contains $$) and this test's private epmd on a
# free loopback port, so nothing here meets the system's epmd on 4369 or
# another test's nodes.  Processes are stopped by PID only: the wrapper
# script and beam.smp we started, the epmd we started, and as a last sweep
# any beam.smp/epmd absent before our first start that carries this
# test's CG_RMQ_TAG in its environment (rabbitmqctl's own VM, or an epmd
# an `erl` spawned despite -start_epmd false).

RMQ_BIN=/usr/lib/rabbitmq/bin
RMQ_USER=rabbitmq
# Boot is 5-10 s on an idle machine; the CPU is shared by several
# engineers, so allow far more before calling it a failure.
: "${RMQ_BOOT_TENTHS:=1200}"
# A node asked to stop (SIGTERM) gets this long before SIGKILL.
: "${RMQ_STOP_TENTHS:=300}"
# Upper bound in seconds for any one rabbitmqctl call.
: "${RMQ_CTL_SECONDS:=120}"
RMQ_BASE=$T_DIR/rmq
RMQ_TAG="$$-${T_DIR##*/}"
RMQ_NODES=
RMQ_INITED=
RMQ_PRE_PIDS=
RMQ_EPMD_PID=
RMQ_EPMD_PORT=
RMQ_PORTS_USED=
# Both the node and the CLI: no epmd of their own, distribution on
# loopback only.
RMQ_ERL_ARGS='-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}'

rmq__say() { echo "# rmq: $*" >&2; }

# rmq__tail FILE: the end of a log as TAP comments, for failures.
rmq__tail() {
	[ -f "$1" ] || return 0
	echo "# --- $1" >&2
	tail -n "${2:-25}" "$1" | sed 's/^/#   /' >&2
}

# rmq__listening PORT: something listens on 127.0.0.1:PORT.
rmq__listening() {
	ss -Hltn "( sport = :$1 )" 2>/dev/null | grep -q "127\.0\.0\.1:$1 "
}

# rmq__free_port K: a port nobody listens on, derived from our pid, outside
# the kernel's ephemeral range (32768-60999 here) so an outgoing
# connection cannot hold it, and not one we handed out already.  Sets
# _rport (not echoed: a $(...) subshell would lose RMQ_PORTS_USED).
rmq__free_port() {
	_rp=$((20000 + ($$ * 13 + $1 * 257) % 12000))
	while :; do
		case " $RMQ_PORTS_USED " in
		*" $_rp "*) ;;
		*) ss -Hltn "( sport = :$_rp )" 2>/dev/null | grep -q . ||
			break ;;
		esac
		_rp=$((_rp + 1))
		[ "$_rp" -ge 32000 ] && _rp=20000
	done
	RMQ_PORTS_USED="$RMQ_PORTS_USED $_rp"
	_rport=$_rp
}

rmq__pids() { pgrep -x beam.smp; pgrep -x epmd; }

# rmq_our_pids: live beam.smp/epmd started by this test (new since our
# first start and tagged with RMQ_TAG), one per line.  A zombie has an
# empty environ, so it is not listed: it is dead, only not yet reaped.
rmq_our_pids() {
	for _rp in $(rmq__pids); do
		case " $RMQ_PRE_PIDS " in *" $_rp "*) continue ;; esac
		tr '\0' '\n' 2>/dev/null <"/proc/$_rp/environ" |
		    grep -qx "CG_RMQ_TAG=$RMQ_TAG" && echo "$_rp"
	done
	return 0
}

# rmq__alive PID: running and not a zombie.
rmq__alive() {
	kill -0 "$1" 2>/dev/null || return 1
	_rs=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ -n "$_rs" ] && [ "$_rs" != Z ]
}

# rmq__wait_gone PID TENTHS: until PID is dead (or a zombie).
rmq__wait_gone() {
	_ri=0
	while rmq__alive "$1"; do
		[ "$_ri" -ge "$2" ] && return 1
		sleep 0.1; _ri=$((_ri + 1))
	done
	return 0
}

# rmq__kill PID...: SIGTERM, bounded wait, then SIGKILL.
rmq__kill() {
	for _rp in "$@"; do
		[ -n "$_rp" ] && kill "$_rp" 2>/dev/null
	done
	for _rp in "$@"; do
		[ -n "$_rp" ] || continue
		rmq__wait_gone "$_rp" "$RMQ_STOP_TENTHS" && continue
		rmq__say "pid $_rp ignored SIGTERM; SIGKILL"
		kill -9 "$_rp" 2>/dev/null
		rmq__wait_gone "$_rp" 50
	done
	return 0
}

# rmq__env DIR CMD...: run CMD as user rabbitmq with a clean environment
# that points the Erlang VM at our epmd and carries our tag.
rmq__env() {
	_d=$1; shift
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$_d" LC_ALL=C.UTF-8 \
	    CG_RMQ_TAG="$RMQ_TAG" ERL_EPMD_PORT="$RMQ_EPMD_PORT" \
	    ERL_EPMD_ADDRESS=127.0.0.1 \
	    RABBITMQ_CONF_ENV_FILE="$_d/rabbitmq-env.conf" \
	    RABBITMQ_CTL_ERL_ARGS="$RMQ_ERL_ARGS" \
	    "$@"
}

# rmq__init: once per test, before the first node: check we can, note the
# beam.smp/epmd that already exist, start our epmd, make the cookie.
rmq__init() {
	[ -n "$RMQ_INITED" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		rmq__say "not root: cannot run RabbitMQ as user $RMQ_USER"
		return 2
	fi
	if [ ! -x "$RMQ_BIN/rabbitmq-server" ] ||
	    ! id -u "$RMQ_USER" >/dev/null 2>&1; then
		rmq__say "rabbitmq-server is not installed (sh tests/deps.sh check)"
		return 1
	fi
	RMQ_PRE_PIDS=$(rmq__pids | tr '\n' ' ')
	mkdir -p "$RMQ_BASE" && chmod 755 "$RMQ_BASE" || return 1
	RMQ_COOKIE=$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n' |
	    tr a-f A-F)
	rmq__free_port 0
	RMQ_EPMD_PORT=$_rport
	_repmd=$(readlink -f "$(command -v epmd)")
	# Our own child, so $! is epmd itself.  -address: loopback only.
	CG_RMQ_TAG=$RMQ_TAG "$_repmd" -port "$RMQ_EPMD_PORT" \
	    -address 127.0.0.1 >"$RMQ_BASE/epmd.out" 2>&1 &
	RMQ_EPMD_PID=$!
	RMQ_INITED=1
	_ri=0
	until rmq__listening "$RMQ_EPMD_PORT"; do
		if ! kill -0 "$RMQ_EPMD_PID" 2>/dev/null ||
		    [ "$_ri" -ge 100 ]; then
			rmq__say "epmd did not listen on $RMQ_EPMD_PORT"
			rmq__tail "$RMQ_BASE/epmd.out"
			return 1
		fi
		sleep 0.1; _ri=$((_ri + 1))
	done
	return 0
}

# rmq__get NAME FIELD: the value of RMQ_<NAME>_<FIELD>.
rmq__get() { eval "echo \"\${RMQ_$1_$2}\""; }
rmq__set() { eval "RMQ_$1_$2=\$3"; }

# rmq__wait_mqtt NAME: until NAME's MQTT port listens; fails early when
# the node's VM is gone.
rmq__wait_mqtt() {
	_p=$(rmq__get "$1" MQTT_PORT)
	_w=$(rmq__get "$1" WRAPPER_PID)
	_d=$(rmq__get "$1" DIR)
	_ri=0
	until rmq__listening "$_p"; do
		if ! rmq__alive "$_w"; then
			rmq__say "node $1 exited before its MQTT port $_p listened"
			rmq__tail "$_d/out"
			rmq__tail "$_d/log/$(rmq__get "$1" NODE).log"
			return 1
		fi
		if [ "$_ri" -ge "$RMQ_BOOT_TENTHS" ]; then
			rmq__say "node $1: MQTT port $_p not listening after" \
			    "$((RMQ_BOOT_TENTHS / 10)) s"
			rmq__tail "$_d/out"
			rmq__tail "$_d/log/$(rmq__get "$1" NODE).log"
			return 1
		fi
		sleep 0.1; _ri=$((_ri + 1))
	done
	return 0
}

# rmq_start NAME: start node NAME ([A-Za-z0-9_]) and wait until its MQTT
# port accepts.  Sets RMQ_<NAME>_NODE (cg_<pid>_<NAME>@localhost),
# _MQTT_PORT, _AMQP_PORT, _DIST_PORT, _DIR, _LOG, _PID (beam.smp),
# _WRAPPER_PID.  Calling it again after rmq_stop NAME restarts the node on
# the same ports and data (retained messages survive; a clustered node
# that was not the last to stop waits at boot for its peer).  Returns 0
# when up, 2 when not root (nothing started), 1 on any other failure.
rmq_start() {
	case $1 in
	'' | *[!A-Za-z0-9_]*) rmq__say "rmq_start: bad name '$1'"; return 1 ;;
	esac
	rmq__init || return $?
	_rn=$1
	_rd=$RMQ_BASE/$_rn
	if [ -z "$(rmq__get "$_rn" NODE)" ]; then
		mkdir -p "$_rd/mnesia" "$_rd/log" || return 1
		rmq__set "$_rn" NODE "cg_$$_${_rn}@localhost"
		rmq__set "$_rn" DIR "$_rd"
		rmq__free_port 1
		rmq__set "$_rn" AMQP_PORT "$_rport"
		rmq__free_port 2
		rmq__set "$_rn" DIST_PORT "$_rport"
		rmq__free_port 3
		rmq__set "$_rn" MQTT_PORT "$_rport"
		rmq__set "$_rn" LOG "$_rd/log/cg_$$_${_rn}@localhost.log"
		printf '[rabbitmq_mqtt].\n' >"$_rd/enabled_plugins"
		# loopback_users = none: guest (the anonymous MQTT user)
		# is allowed; every listener is on 127.0.0.1 anyway.
		cat >"$_rd/rabbit.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$(rmq__get "$_rn" AMQP_PORT)
mqtt.listeners.tcp.default = 127.0.0.1:$(rmq__get "$_rn" MQTT_PORT)
mqtt.allow_anonymous = true
loopback_users = none
EOF
		: >"$_rd/rabbitmq-env.conf"
		printf '%s' "$RMQ_COOKIE" >"$_rd/.erlang.cookie"
		chown -R "$RMQ_USER:$RMQ_USER" "$_rd" &&
		    chmod 700 "$_rd" && chmod 400 "$_rd/.erlang.cookie" || return 1
		RMQ_NODES="$RMQ_NODES $_rn"
	fi
	if [ -n "$(rmq__get "$_rn" PID)" ]; then
		rmq__say "rmq_start: node $_rn already runs"
		return 1
	fi
	for _rf in AMQP_PORT DIST_PORT MQTT_PORT; do
		if rmq__listening "$(rmq__get "$_rn" "$_rf")"; then
			rmq__say "node $_rn: port $(rmq__get "$_rn" "$_rf") ($_rf) taken"
			return 1
		fi
	done
	(cd "$_rd" && exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$_rd" \
	    LC_ALL=C.UTF-8 CG_RMQ_TAG="$RMQ_TAG" \
	    ERL_EPMD_PORT="$RMQ_EPMD_PORT" ERL_EPMD_ADDRESS=127.0.0.1 \
	    RABBITMQ_NODENAME="$(rmq__get "$_rn" NODE)" \
	    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
	    RABBITMQ_NODE_PORT="$(rmq__get "$_rn" AMQP_PORT)" \
	    RABBITMQ_DIST_PORT="$(rmq__get "$_rn" DIST_PORT)" \
	    RABBITMQ_MNESIA_BASE="$_rd/mnesia" RABBITMQ_LOG_BASE="$_rd/log" \
	    RABBITMQ_ENABLED_PLUGINS_FILE="$_rd/enabled_plugins" \
	    RABBITMQ_CONFIG_FILE="$_rd/rabbit" \
	    RABBITMQ_ADVANCED_CONFIG_FILE="$_rd/advanced.config" \
	    RABBITMQ_CONF_ENV_FILE="$_rd/rabbitmq-env.conf" \
	    RABBITMQ_PID_FILE="$_rd/pid" \
	    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="$RMQ_ERL_ARGS" \
	    setpriv --reuid="$RMQ_USER" --regid="$RMQ_USER" --init-groups \
	    "$RMQ_BIN/rabbitmq-server") >>"$_rd/out" 2>&1 &
	rmq__set "$_rn" WRAPPER_PID $!
	rmq__wait_mqtt "$_rn" || { rmq_stop "$_rn"; return 1; }
	# The wrapper script forks, and the fork execs erl -> beam.smp.
	rmq__set "$_rn" PID "$(pgrep -x -P "$(rmq__get "$_rn" WRAPPER_PID)" \
	    beam.smp | head -n 1)"
	if [ -z "$(rmq__get "$_rn" PID)" ]; then
		rmq__say "node $_rn: no beam.smp under wrapper" \
		    "$(rmq__get "$_rn" WRAPPER_PID)"
		rmq_stop "$_rn"
		return 1
	fi
	return 0
}

# rmq_ctl NAME ARGS...: rabbitmqctl -n <node NAME> ARGS, as user rabbitmq
# with the shared cookie and our epmd, bounded by RMQ_CTL_SECONDS.
rmq_ctl() {
	_n=$1; shift
	_d=$(rmq__get "$_n" DIR)
	[ -n "$_d" ] || { rmq__say "rmq_ctl: no node $_n"; return 1; }
	(cd "$_d" && rmq__env "$_d" setpriv --reuid="$RMQ_USER" \
	    --regid="$RMQ_USER" --init-groups timeout "$RMQ_CTL_SECONDS" \
	    "$RMQ_BIN/rabbitmqctl" -n "$(rmq__get "$_n" NODE)" "$@")
}

# rmq_ctl_wrapper NAME FILE: FILE becomes a rabbitmqctl for node NAME, as
# rmq_ctl runs it, for a script that takes its rabbitmqctl as a command
# (RABBITMQCTL=FILE sh packaging/broker/rabbitmq-acl.sh ...).
rmq_ctl_wrapper() {
	_d=$(rmq__get "$1" DIR)
	[ -n "$_d" ] || { rmq__say "rmq_ctl_wrapper: no node $1"; return 1; }
	cat >"$2" <<EOF
#!/bin/sh
cd '$_d' && exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME='$_d' \\
    LC_ALL=C.UTF-8 CG_RMQ_TAG='$RMQ_TAG' ERL_EPMD_PORT='$RMQ_EPMD_PORT' \\
    ERL_EPMD_ADDRESS=127.0.0.1 \\
    RABBITMQ_CONF_ENV_FILE='$_d/rabbitmq-env.conf' \\
    RABBITMQ_CTL_ERL_ARGS='$RMQ_ERL_ARGS' \\
    setpriv --reuid='$RMQ_USER' --regid='$RMQ_USER' --init-groups \\
    timeout '$RMQ_CTL_SECONDS' '$RMQ_BIN/rabbitmqctl' \\
    -n '$(rmq__get "$1" NODE)' "\$@"
EOF
	chmod 755 "$2"
}

# rmq__ctl_logged NAME ARGS...: rmq_ctl with its output in NAME's ctl.out,
# shown as TAP comments when it fails.
rmq__ctl_logged() {
	_f=$(rmq__get "$1" DIR)/ctl.out
	echo "\$ rabbitmqctl -n $(rmq__get "$1" NODE) $*" >"$_f"
	rmq_ctl "$@" >>"$_f" 2>&1 && return 0
	rmq__say "rabbitmqctl $* failed on node $1"
	rmq__tail "$_f"
	return 1
}

# rmq_cluster A B: node B (running, fresh or already A's peer) joins node
# A's cluster; returns when A sees two running nodes and B's MQTT port
# listens again.
rmq_cluster() {
	for _x in "$1" "$2"; do
		[ -n "$(rmq__get "$_x" PID)" ] ||
		    { rmq__say "rmq_cluster: node $_x not running"; return 1; }
	done
	rmq__ctl_logged "$2" stop_app &&
	    rmq__ctl_logged "$2" join_cluster "$(rmq__get "$1" NODE)" &&
	    rmq__ctl_logged "$2" start_app &&
	    rmq__ctl_logged "$1" await_online_nodes 2 &&
	    rmq__wait_mqtt "$2"
}

# rmq_stop NAME: stop node NAME by PID (SIGTERM to beam.smp, which shuts
# down cleanly, then SIGKILL after RMQ_STOP_TENTHS); keeps its directory
# and ports so rmq_start NAME can bring it back.
rmq_stop() {
	_b=$(rmq__get "$1" PID)
	_w=$(rmq__get "$1" WRAPPER_PID)
	rmq__kill "$_b"
	rmq__kill "$_w"
	rmq__set "$1" PID ''
	rmq__set "$1" WRAPPER_PID ''
	return 0
}

# rmq_stop_all: stop every node and our epmd by PID, sweep tagged
# leftovers, remove $T_DIR/rmq.  Safe to call twice (the trap calls it).
rmq_stop_all() {
	[ -n "$RMQ_INITED" ] || return 0
	for _n in $RMQ_NODES; do
		rmq_stop "$_n"
	done
	# rabbitmqctl's VM or a stray epmd: ours by tag, new by snapshot.
	_left=$(rmq_our_pids)
	# shellcheck disable=SC2086
	[ -n "$_left" ] && rmq__kill $_left
	rmq__kill "$RMQ_EPMD_PID"
	_left=$(rmq_our_pids)
	# shellcheck disable=SC2086
	[ -n "$_left" ] && rmq__kill $_left
	for _n in $RMQ_NODES; do
		rmq__set "$_n" NODE ''
	done
	rm -rf "$RMQ_BASE"
	RMQ_NODES=
	RMQ_EPMD_PID=
	RMQ_INITED=
	return 0
}

# rmq_leftovers PID...: those of PID... still running (zombies count as
# gone), plus rmq_our_pids.  Empty output: everything we started is gone.
rmq_leftovers() {
	for _rp in "$@"; do
		rmq__alive "$_rp" && echo "$_rp"
	done
	rmq_our_pids
}

# rmq_need_root: for a test that is all RabbitMQ: skip it whole unless
# root (the node must run as user rabbitmq).
rmq_need_root() {
	[ "$(id -u)" = 0 ] && return 0
	echo "1..0 # SKIP RabbitMQ tests need root (node runs as $RMQ_USER)"
	exit 0
}

# rmq_skip COUNT REASON: report COUNT skipped tests, for a test that
# carries on without RabbitMQ.
rmq_skip() {
	_i=0
	while [ "$_i" -lt "$1" ]; do
		T_N=$((T_N + 1)); echo "ok $T_N - # SKIP $2"
		_i=$((_i + 1))
	done
}

# Chain to lib.sh's t_cleanup: our nodes first (their files are in
# $T_DIR), then lib.sh's.  A signal exits after cleaning up.
rmq__cleanup() { rmq_stop_all; t_cleanup; }
trap rmq__cleanup EXIT
trap 'rmq__cleanup; exit 130' INT
trap 'rmq__cleanup; exit 143' TERM
