#!/bin/sh
# size.sh HOSTBIN - the camera budgets, printed as Markdown tables beside
# the figures they are measured against (`make size`):
#
#   - stripped size of build/<arch>/camguard.  "With MQTT TLS" is the same
#     binary: libmosquitto is built without TLS, and MQTT over TLS goes
#     through the in-process relay (app/mqtt/mqtt_relay.c) over the mbedTLS
#     client already linked.  Before (glibc), MQTT TLS meant a second link
#     with libmosquitto over a static OpenSSL.
#   - resident memory at idle under qemu-user, split into file-backed pages
#     (the binary's text and read-only data: on a camera the kernel can drop
#     and re-read them) and anonymous pages (heap, stack, .data/.bss, and
#     the binary's pages written by the start-up relocation: they stay).
#   - start-up time under qemu (launch to the "started" log line) and the
#     mean of 20 `camguard version`.
#
# Two "before" columns: the glibc camera build it replaced (commit ea8e6fe)
# and the musl build before the idle-heap work of issue 20 (commit
# c899807), both measured the same way on the same machine and kept here
# as figures (`before` below); "now" is measured on every run.
#
# What qemu-user lets us measure: the guest's memory lives inside the qemu
# process, next to qemu's own (translated code, its heap), so the VmRSS or
# smaps_rollup of that process is qemu plus guest (given as "qemu VmRSS",
# with "qemu alone" for a static ARM program that only sleeps).  The guest
# part is the mappings qemu made for the guest: qemu reserves the guest's
# address space as one range (4 GiB; armhf always, arm64 with -R) at
# guest_base, which `-d page` logs; every /proc/PID/smaps mapping inside
# that range is the guest's, and nothing else is.  Their Rss is what the
# agent itself holds, close to what a camera would show (qemu reads guest
# code through the same pages, so text pages are touched as on the CPU);
# their Anonymous is the anonymous part.
#
# The agent is two processes since the lock-down (run as root with
# run.user: the privileged parent and the worker it forks; a scan adds a
# short-lived child, none at idle), each under its own qemu.  Both are
# counted.  Summing their Rss counts twice every page they share: the
# binary's pages (the same file) and the heap from before the fork, which
# stays shared until one of them writes it.  Pss divides a shared page
# among its sharers, so the sum of Pss is what the agent occupies as a
# whole; both are printed ("anonymous" in Pss: each mapping's Pss split
# as its Rss is).
#
# Two idle scenarios, 3 s after "started":
#   A  as the glibc figures were taken: the example camera (scan done),
#      the status endpoint listening, the IDS on with no source, no MQTT;
#   B  the issue's target: A plus one IDS source (a CLF log being tailed)
#      and MQTT over TLS (TLS 1.2 minimum, the broker's certificate checked
#      against a CA and its address) through the relay to a mosquitto
#      started here on loopback with certificates made here (skipped
#      without mosquitto or openssl).
#
# SIZE_MAPS=1 also prints every guest mapping with its Rss, anonymous
# part and Pss (KB) at idle, to find what is resident; SIZE_ARCHS="armhf"
# measures one ARCH; SIZE_BUILD=DIR takes DIR/<arch>/camguard (another
# tree's build, for the "before" figures).
set -eu
HOST=${1:?usage: size.sh HOSTBIN}
W=$(mktemp -d /tmp/camguard-size.XXXXXX)
chmod 755 "$W"		# the agent drops to uid 65534 and reads the log
PIDS=
trap 'for p in $PIDS; do kill "$p" 2>/dev/null || :; done; rm -rf "$W"' EXIT INT TERM
now_ms() { echo $(($(date +%s%N) / 1000000)); }
kb() { echo $((($(wc -c <"$1") + 1023) / 1024)); }
rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"; }
# free_port N: a loopback TCP port nobody listens on, from N up
free_port() {
	p=$1
	while ss -Htln "sport = :$p" | grep -q .; do p=$((p + 1)); done
	echo "$p"
}

# guest_kb PID BIN QEMULOG: "rss file anon bin pss pss-file pss-anon
# parent-rss parent-anon worker-rss worker-anon" in KB of the guest range
# of PID and its children (bin: the Rss of BIN's own mappings)
guest_kb() {
	python3 - "$1" "$2" "$3" <<'PY'
import os, re, sys
pid, binpath, qlog = sys.argv[1], os.path.realpath(sys.argv[2]), sys.argv[3]
base = size = None
for line in open(qlog):
    m = re.match(r"^guest_base\s+(\S+)", line)
    if m:
        base = 0 if m.group(1) == "(nil)" else int(m.group(1), 16)
    m = re.match(r"^pgb_reserved_va: base @ \S+ for (\d+) bytes", line)
    if m:
        size = int(m.group(1))
if base is None or size is None:
    sys.exit("size.sh: no reserved guest range in " + qlog)
top = base + size

def procs(p):
    yield p
    try:
        kids = open("/proc/%s/task/%s/children" % (p, p)).read().split()
    except OSError:
        kids = []
    for k in kids:
        yield from procs(k)

rss = anon = own = pss = pss_anon = 0
maps = []
# Rss and anonymous per process: the first is the privileged parent, the
# rest (at idle, the worker) are summed
each = {}
for p in procs(pid):
    each.setdefault(p, [0, 0])
    cur = None
    for line in open("/proc/%s/smaps" % p):
        m = re.match(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$",
                     line)
        if m:
            lo, hi = int(m.group(1), 16), int(m.group(2), 16)
            name = m.group(4).strip()
            cur = (lo >= base and hi <= top,
                   bool(name) and os.path.realpath(name) == binpath)
            if cur[0]:
                maps.append([p, lo - base, (hi - lo) // 1024, m.group(3),
                             os.path.basename(name), 0, 0, 0])
            continue
        f = line.split()
        if not cur or not cur[0] or len(f) < 2:
            continue
        if f[0] == "Rss:":
            rss += int(f[1])
            each[p][0] += int(f[1])
            maps[-1][5] = int(f[1])
            if cur[1]:
                own += int(f[1])
        elif f[0] == "Pss:":
            maps[-1][7] = int(f[1])
            pss += int(f[1])
        elif f[0] == "Anonymous:":
            anon += int(f[1])
            each[p][1] += int(f[1])
            maps[-1][6] = int(f[1])
            # a mapping's Pss, split as its Rss is
            if maps[-1][5]:
                pss_anon += maps[-1][7] * int(f[1]) // maps[-1][5]
if os.environ.get("SIZE_MAPS"):
    for p, off, sz, perm, name, r, a, ps in maps:
        if r:
            sys.stderr.write("  %s %08x %6d KB %s rss %5d anon %5d pss %5d"
                             " %s\n" % (p, off, sz, perm, r, a, ps, name))
first = each[pid] if pid in each else [0, 0]
rest = [sum(v[i] for k, v in each.items() if k != pid) for i in (0, 1)]
print(rss, rss - anon, anon, own, pss, pss - pss_anon, pss_anon,
      first[0], first[1], rest[0], rest[1])
PY
}

# idle SCENARIO QEMU BIN: start the agent, wait for "started" (and B: the
# MQTT connection), then 3 s; prints "startup_ms vmrss rss file anon bin"
idle() {
	log=$W/run.log; : >"$log"
	conf=$W/camguard-$1.json
	qopt=
	case $2 in
	qemu-aarch64*) qopt="-R 0x100000000" ;;	# a 4 GiB guest range
	esac
	t0=$(now_ms)
	# shellcheck disable=SC2086
	$2 $qopt -d page -D "$W/qemu.log" "$3" run -c "$conf" -d >"$log" 2>&1 &
	pid=$!; PIDS="$PIDS $pid"
	want='started, version'
	i=0
	until grep -q "$want" "$log"; do
		i=$((i + 1)); [ "$i" -lt 3000 ] || { cat "$log" >&2; exit 1; }
		sleep 0.01
	done
	t1=$(now_ms)
	if [ "$1" = B ]; then
		i=0
		until grep -q 'mqtt: connected' "$log"; do
			i=$((i + 1)); [ "$i" -lt 1000 ] || { cat "$log" >&2; exit 1; }
			sleep 0.01
		done
	fi
	sleep 3
	r="$((t1 - t0)) $(rss_kb "$pid") $(guest_kb "$pid" "$3" "$W/qemu.log")"
	[ -z "${SIZE_MAPS:-}" ] || echo "  $1: start vmrss rss file anon bin" \
		"pss pss-file pss-anon: $r" >&2
	echo "$r"
	kill -TERM "$pid"; wait "$pid" || true
}
version_ms() {	# QEMU BIN: mean wall time of `camguard version`, 20 runs
	t0=$(now_ms)
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		$1 "$2" version >/dev/null
	done
	echo $((($(now_ms) - t0) / 20))
}

sport=$(free_port $((20000 + $$ % 20000)))
cat >"$W/camguard-A.json" <<JSON
{"camera": {"config_file": "$PWD/examples/camera-default.cfg"},
 "status": {"enabled": true, "listen": "127.0.0.1:$sport"},
 "ids": {"enabled": true}, "mqtt": {"enabled": false},
 "run": {"user": "65534", "sandbox": "off"}}
JSON
# mk_certs: a CA, and the broker's certificate for 127.0.0.1 signed by it
mk_certs() {
	(cd "$W" &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout ca.key -out ca.crt -days 2 -subj /CN=size-ca &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout srv.key -out srv.csr -subj /CN=localhost &&
	printf 'subjectAltName=IP:127.0.0.1\n' >srv.ext &&
	openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key \
	    -CAcreateserial -out srv.crt -days 2 -extfile srv.ext &&
	chmod 644 ca.crt) >"$W/certs.log" 2>&1
}
have_b=
if command -v mosquitto >/dev/null && command -v openssl >/dev/null; then
	mk_certs || { cat "$W/certs.log" >&2; exit 1; }
	mport=$(free_port $((sport + 1)))
	cat >"$W/broker.conf" <<EOF
user root
listener $mport 127.0.0.1
allow_anonymous true
cafile $W/ca.crt
certfile $W/srv.crt
keyfile $W/srv.key
tls_version tlsv1.2
EOF
	mosquitto -c "$W/broker.conf" >"$W/broker.log" 2>&1 &
	PIDS="$PIDS $!"
	i=0
	while ! ss -Htln "sport = :$mport" | grep -q .; do
		i=$((i + 1)); [ "$i" -lt 100 ] || { cat "$W/broker.log" >&2; exit 1; }
		sleep 0.05
	done
	printf '192.0.2.7 - - [01/Dec/2025:10:00:00 +0000] "GET / HTTP/1.1" 200 512\n' \
		>"$W/access.log"
	chmod 644 "$W/access.log"
	cat >"$W/camguard-B.json" <<JSON
{"camera": {"config_file": "$PWD/examples/camera-default.cfg"},
 "status": {"enabled": true, "listen": "127.0.0.1:$sport"},
 "ids": {"enabled": true,
         "sources": [{"path": "$W/access.log", "format": "clf"}]},
 "mqtt": {"enabled": true, "host": "127.0.0.1", "port": $mport,
          "tls": {"ca_file": "$W/ca.crt"}},
 "run": {"user": "65534", "sandbox": "off"}}
JSON
	have_b=yes
fi
printf '#include <unistd.h>\nint main(void) { for (;;) pause(); }\n' >"$W/idle.c"

# The figures before, same machine and method:
#   glibc: the glibc camera build (commit ea8e6fe, README "Figures"; its RSS
#     is scenario A's guest range in one process, "binary" its own pages);
#   musl: the musl build before the idle-heap work (commit c899807, with
#     the privileged parent of the lock-down), measured by this script
#     (SIZE_BUILD pointing at that tree's build/), A and B as below, Rss
#     and Pss as "total file anonymous";
#   S_SIZE: the stripped size before the size work of issue 20 (commit
#     cf1a027: camguard at -O2, fleet and audit linked, libxcrypt's DES).
before() {
	case $1 in
	armhf) B_SIZE=1295 B_TLS=3519 B_RSS=3152 B_BIN=1060 B_START=41 B_VER=11
	       S_SIZE=756
	       M_SIZE=751 M_A="2092 1220 872" M_AP="1464 672 792"
	       M_B="2364 1332 1032" M_BP="1680 728 952" ;;
	arm64) B_SIZE=1996 B_TLS=6051 B_RSS=3568 B_BIN=1468 B_START=44 B_VER=12
	       S_SIZE=1004
	       M_SIZE=1000 M_A="2412 1516 896" M_AP="1632 828 804"
	       M_B="2712 1644 1068" M_BP="1932 956 976" ;;
	esac
}
# fig "TOTAL FILE ANON": "TOTAL KB: FILE file-backed + ANON anonymous"
fig() {
	# shellcheck disable=SC2086  # split on purpose
	set -- $1
	if [ $# -eq 3 ]; then
		echo "$1 KB: $2 file-backed + $3 anonymous"
	else
		echo "-"
	fi
}

for a in ${SIZE_ARCHS:-armhf arm64}; do
	case $a in
	armhf) Q=qemu-arm-static T=arm-linux-gnueabihf
	       BUDGET="550 KB; with MQTT TLS 600 KB" ;;
	arm64) Q=qemu-aarch64-static T=aarch64-linux-gnu
	       BUDGET="with MQTT TLS 700 KB" ;;
	esac
	before "$a"
	B=${SIZE_BUILD:-build}/$a/camguard
	"$T-gcc" -static -O2 -o "$W/idle-$a" "$W/idle.c"
	$Q "$W/idle-$a" & qp=$!; PIDS="$PIDS $qp"
	sleep 1; base=$(rss_kb "$qp"); kill "$qp"
	# shellcheck disable=SC2046  # split into the figures on purpose
	set -- $(idle A "$Q" "$B")
	a_start=$1 a_vm=$2 a_rss="$3 $4 $5" a_pss="$7 $8 $9"
	rowb=
	if [ -n "$have_b" ]; then
		# shellcheck disable=SC2046
		set -- $(idle B "$Q" "$B")
		rowb="| idle, B (A + one IDS source + MQTT over TLS through the relay): Rss | $(fig "$3 $4 $5") | $(fig "$M_B") | | 1.2 MB |
| idle, B: Pss | $(fig "$7 $8 $9") | $(fig "$M_BP") | | 1.2 MB |
| idle, B: Rss of the worker; of the privileged parent (each counts the binary's pages the other has too) | $(fig "${12} $((${12} - ${13})) ${13}"); $(fig "${10} $((${10} - ${11})) ${11}") | | | |"
	fi
	size=$(kb "$B")
	echo
	echo "### $a: musl, static-pie, under $Q"
	echo
	echo "| | now | before: musl (c899807) | before: glibc (ea8e6fe) | budget |"
	echo "|---|---|---|---|---|"
	echo "| stripped, MQTT without TLS | $size KB | $M_SIZE KB; $S_SIZE KB at cf1a027 | $B_SIZE KB | $BUDGET |"
	echo "| stripped, with MQTT TLS | $size KB (the same binary: MQTT TLS goes through the relay and the mbedTLS already linked) | $M_SIZE KB; $S_SIZE KB at cf1a027 | $B_TLS KB (libmosquitto over static OpenSSL) | |"
	echo "| idle, A (status endpoint, IDS without source, no MQTT): Rss | $(fig "$a_rss") | $(fig "$M_A") | $B_RSS KB, of it $B_BIN KB the binary's pages (one process) | |"
	echo "| idle, A: Pss | $(fig "$a_pss") | $(fig "$M_AP") | | |"
	[ -z "$rowb" ] || echo "$rowb"
	echo "| qemu VmRSS (emulator and guest), A | $a_vm KB; qemu alone $base KB | | | |"
	echo "| start-up to \"started\", A | $a_start ms | | $B_START ms | |"
	echo "| \`version\`, mean of 20 | $(version_ms "$Q" "$B") ms | | $B_VER ms | |"
done
[ -n "$have_b" ] || echo "
(scenario B skipped: no mosquitto; sh tests/deps.sh check installs it)"
echo
echo "host $(uname -m) build: $(kb "$HOST") KB dynamic, not stripped;" \
	"\`version\` $(version_ms "" "$HOST") ms"
