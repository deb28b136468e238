#!/bin/sh
# check.sh ARCH BUILDDIR HOSTBIN - the camera build under qemu-user: every
# unit suite (BUILDDIR/tests/test_*, static) and a smoke test of the
# static-pie, stripped, musl BUILDDIR/camguard whose output must equal the
# host build's (HOSTBIN) byte for byte, and whose status endpoint serves
# HTTPS with RSA and EC certificates (the camera build's own mbedTLS
# config).  Run from the repository root by `make cross-check ARCH=...`;
# prints TAP.
. "$(dirname "$0")/../integration/lib.sh"

ARCH=${1:?usage: check.sh armhf|arm64 BUILDDIR HOSTBIN}
B=${2:?usage: check.sh ARCH BUILDDIR HOSTBIN}
HOST=${3:?usage: check.sh ARCH BUILDDIR HOSTBIN}
case $ARCH in
armhf) QEMU=qemu-arm-static T=arm-linux-gnueabihf ;;
arm64) QEMU=qemu-aarch64-static T=aarch64-linux-gnu ;;
*) echo "check.sh: unknown ARCH $ARCH" >&2; exit 64 ;;
esac
# binfmt_misc is not mounted here: qemu is always called by name.  No -L:
# everything it runs is static.
command -v $QEMU >/dev/null || { echo "check.sh: $QEMU missing" \
	"(sh tests/deps.sh cross)" >&2; exit 1; }
BIN=$B/camguard
ARM="$QEMU $BIN"

# 1. The unit suites, each under qemu, the same binaries as on the host
#    but compiled for ARCH; cmocka's own output is kept.
for src in tests/unit/*/test_*.c; do
	t=$B/tests/${src#tests/unit/}; t=${t%.c}
	echo "== $QEMU $t"
	check "$(basename "$t") passes under $QEMU" $QEMU "$t"
done

# 2. The binary itself.
check "camguard is static (no program interpreter)" \
	sh -c "! $T-readelf -lW $BIN | grep -q INTERP"
check "camguard is stripped (no .symtab)" \
	sh -c "! $T-readelf -SW $BIN | grep -q '\\.symtab'"
check "camguard is static-pie (ELF type DYN: loaded at a random address)" \
	sh -c "$T-readelf -hW $BIN | grep -q 'Type:.*DYN'"
# packed relocations: the start-up (musl-relr.patch) must apply them, so
# every later check of this binary also proves it does
check "relative relocations are packed (DT_RELR, no .rela.dyn/.rel.dyn)" \
	sh -c "$T-readelf -dW $BIN | grep -q '(RELR)' &&
	    ! $T-readelf -SW $BIN | grep -q '\\.rela*\\.dyn'"
check "RELRO and BIND_NOW stay on with lld" \
	sh -c "$T-readelf -lW $BIN | grep -q GNU_RELRO &&
	    $T-readelf -dW $BIN | grep -q 'BIND_NOW'"
# every static glibc reads the GLIBC_TUNABLES variable at start-up
check "camguard carries no glibc (no GLIBC_TUNABLES: built on musl)" \
	sh -c "! grep -q GLIBC_TUNABLES $BIN"
check "version prints the same line as the host build" \
	[ "$($ARM version)" = "$($HOST version)" ]

export SOURCE_DATE_EPOCH=1764000000 NO_COLOR=1
for cam in default:1 hardened:0; do
	name=${cam%:*} want=${cam#*:}
	for fmt in json markdown; do
		$ARM check --no-probe --camera-config examples/camera-$name.cfg \
			--format $fmt >"$T_DIR/arm.$name.$fmt" 2>&1; rc=$?
		$HOST check --no-probe --camera-config examples/camera-$name.cfg \
			--format $fmt >"$T_DIR/host.$name.$fmt" 2>&1
		check "check camera-$name.cfg --format $fmt exits $want (got $rc)" \
			[ "$rc" -eq "$want" ]
		check "and prints what the host build prints" \
			cmp "$T_DIR/arm.$name.$fmt" "$T_DIR/host.$name.$fmt"
	done
done

# 2038: a 32-bit time_t would print 2200000000 as a negative number.
t=$(SOURCE_DATE_EPOCH=2200000000 $ARM check --no-probe --camera-config \
	examples/camera-hardened.cfg --format json | tr ',' '\n' | grep '"time"')
check "a report dated 2039 keeps its date ($t)" \
	[ "$t" = '"time":2200000000' ]

# the camera bundle's way: a numeric run.user (the shipped "camguard"
# need not exist here, and config-test now says so); qemu-user applies no
# seccomp filter (a camera kernel without one refuses run.sandbox "on" the
# same way): run.sandbox "off", as a camera's operator would set it then.
sed -e 's/"user": "camguard"/"user": "65534:65534"/' \
    -e 's/"sandbox": "on"/"sandbox": "off"/' packaging/camguard.json \
	>"$T_DIR/shipped.json"
out=$($ARM config-test -c "$T_DIR/shipped.json" 2>&1); rc=$?
check "config-test on the shipped camguard.json: configuration OK (rc $rc)" \
	[ "$rc" -eq 0 -a "$out" = "configuration OK" ]
out=$($ARM config-test -c packaging/camguard.json 2>&1); rc=$?
check "with run.sandbox \"on\" and no seccomp under qemu it is refused ($rc)" \
	sh -c "echo '$out' | grep -q 'run.sandbox is \"on\" but the kernel has no seccomp'"
printf '{"ids": {"threshold": 2}}\n' >"$T_DIR/bad.json"
out=$($ARM config-test -c "$T_DIR/bad.json" 2>&1); rc=$?
check "config-test on a bad file exits 78 and names file:line:column" \
	[ "$rc" -eq 78 -a "$out" = "$($HOST config-test -c "$T_DIR/bad.json" 2>&1)" ]
printf '{"ids": {"block_backend": "nftables"}}\n' >"$T_DIR/nft.json"
out=$($ARM config-test -c "$T_DIR/nft.json" 2>&1); rc=$?
check "the camera build (no nftables) refuses block_backend nftables: exit 78" \
	[ "$rc" -eq 78 -a "$out" = "$T_DIR/nft.json: ids.block_backend \"nftables\" is not in this build" ]
# The operator's tools are left out of the camera build (CLI_COMMANDS in
# cross/camera.mk): each says so and exits 64, and the usage names them
# as left out, where the host build lists them as commands.
for cmd in fleet audit; do
	out=$($ARM $cmd --help 2>&1); rc=$?
	check "camguard $cmd on the camera build: not in this build, exit 64 ($rc)" \
		[ "$rc" -eq 64 -a "$out" = "camguard: '$cmd' is not in this build: a camera build leaves out the operator's tools; run it on an operator's machine" ]
done
check "camera usage: fleet and audit named as not in this build" \
	sh -c "$ARM --help | grep -qx 'not in this build (a camera build): fleet audit' &&
	! $ARM --help | grep -q '^  fleet ' && $HOST --help | grep -q '^  fleet '"

# mbedTLS with the camera build's own config: the status endpoint serves
# HTTPS (TLS 1.2, ECDHE) with an RSA and with an EC certificate.
port=$((20000 + $$ % 12000))
tls_keys="rsa:2048 ec:P-384"
command -v openssl >/dev/null && command -v curl >/dev/null || {
	echo "# SKIP HTTPS: no openssl or curl (sh tests/deps.sh check)"
	tls_keys=; }
for key in $tls_keys; do
	k=${key%:*}
	case $k in
	rsa) kopt="-newkey rsa:${key#*:}" ;;
	ec) kopt="-newkey ec -pkeyopt ec_paramgen_curve:${key#*:}" ;;
	esac
	# shellcheck disable=SC2086
	openssl req -x509 $kopt -nodes -keyout "$T_DIR/$k.key" \
		-out "$T_DIR/$k.crt" -days 2 -subj /CN=localhost \
		-addext subjectAltName=IP:127.0.0.1 2>/dev/null
	chmod 644 "$T_DIR/$k.key"
	while ss -Htan "sport = :$port" | grep -q .; do port=$((port + 1)); done
	cat >"$T_DIR/tls-$k.json" <<JSON
{"camera": {"config_file": "$PWD/examples/camera-default.cfg"},
 "status": {"enabled": true, "listen": "127.0.0.1:$port",
            "tls": {"cert_file": "$T_DIR/$k.crt", "key_file": "$T_DIR/$k.key"}},
 "ids": {"enabled": false}, "mqtt": {"enabled": false},
 "run": {"user": "$T_RUN_USER", "sandbox": "off"}}
JSON
	$ARM run -c "$T_DIR/tls-$k.json" -d >"$T_DIR/tls-$k.log" 2>&1 &
	pid=$!; T_PIDS="$T_PIDS $pid"
	wait_for "$T_DIR/tls-$k.log" 'started, version' 300
	got=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$T_DIR/$k.crt" \
		--tlsv1.2 "https://127.0.0.1:$port/" 2>"$T_DIR/curl.err")
	[ "$got" = 200 ] || sed 's/^/# /' "$T_DIR/curl.err" "$T_DIR/tls-$k.log"
	cipher=$(openssl s_client -connect "127.0.0.1:$port" -tls1_2 \
		</dev/null 2>/dev/null | sed -n 's/.*Cipher is \(.*\)/\1/p')
	check "status over HTTPS with a $key certificate: 200, verified ($got)" \
		[ "$got" = 200 ]
	check "and a TLS 1.2 ECDHE suite ($cipher)" \
		sh -c "echo '$cipher' | grep -q '^ECDHE-'"
	kill "$pid"; wait "$pid" 2>/dev/null
	port=$((port + 1))
done

# 3. ids scan over the parser corpus (a corpus file mixes log lines with
#    their expected parses; what matters here is that both builds print
#    the same events and the same skipped count).
if $ARM ids scan /dev/null 2>&1 | grep -q 'not available'; then
	echo "# SKIP ids scan: not available in this build yet"
else
	for f in tests/corpus/ids/*.txt; do
		[ -f "$f" ] || continue
		fmt=$(sed -n 's/^@format \([a-z]*\).*/\1/p' "$f" | head -1)
		$ARM ids scan --format "${fmt:-auto}" "$f" \
			>"$T_DIR/arm.ids" 2>"$T_DIR/arm.ids.err"; rc=$?
		$HOST ids scan --format "${fmt:-auto}" "$f" \
			>"$T_DIR/host.ids" 2>"$T_DIR/host.ids.err"; hrc=$?
		check "ids scan $f: same events, skips and exit ($rc) as the host" \
			sh -c "[ $rc -eq $hrc ] && cmp '$T_DIR/arm.ids' '$T_DIR/host.ids' &&
			cmp '$T_DIR/arm.ids.err' '$T_DIR/host.ids.err'"
	done
fi
t_done
