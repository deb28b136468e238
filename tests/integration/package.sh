#!/bin/sh
# The camera-app bundle (make package): its layout and manifest, the policy
# SHA-256 the manifest names, and the agent started and stopped by the
# bundle's own camguard.sh from a temporary root.  The bundle is the ARM one
# that ships; its binary runs under qemu-user through the start script's
# CAMGUARD_EXEC_PREFIX hook.  CAMGUARD_PACKAGE names a bundle to test;
# without it `make package` (ARCH, default armhf) makes one first.
. "$(dirname "$0")/lib.sh"

ARCH=${ARCH:-armhf}
VERSION=$(sed -n 's/^VERSION[[:space:]]*:= *//p' Makefile)
PKG=${CAMGUARD_PACKAGE:-build/camguard-$VERSION-$ARCH.tar.gz}
if [ -z "${CAMGUARD_PACKAGE:-}" ]; then
	${MAKE:-make} -s --no-print-directory package ARCH="$ARCH" >"$T_DIR/make.log" 2>&1 ||
		{ sed 's/^/# /' "$T_DIR/make.log"; not_ok "make package ARCH=$ARCH"; t_done; }
fi
check "the bundle $PKG exists" [ -f "$PKG" ]

ROOT=$T_DIR/root
mkdir -p "$ROOT"
check "the bundle unpacks into a temporary root" tar -xzf "$PKG" -C "$ROOT"
APP=$ROOT/camguard
for f in manifest.json camguard.sh bin/camguard etc/camguard.json \
    share/policy/mobotix-v1.json share/man/man8/camguard.8 \
    share/man/man5/camguard.json.5; do
	check "it holds $f" [ -f "$APP/$f" ]
done
check "etc/camguard.json is 0644: run.user reads it again on SIGHUP" \
	[ "$(stat -c %a "$APP/etc/camguard.json")" = 644 ]
check "bin/camguard and camguard.sh are executable" \
	[ -x "$APP/bin/camguard" -a -x "$APP/camguard.sh" ]
check "every file in it is owned by 0:0" \
	sh -c "! tar -tvzf '$PKG' | awk '{print \$2}' | grep -qv '^0/0\$'"

field() { python3 -c 'import json,sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v = v[k]
print(json.dumps(v) if isinstance(v, (list, dict)) else v)' "$APP/manifest.json" "$1"; }
check "manifest: name camguard, version $VERSION, arch $ARCH" \
	[ "$(field name) $(field version) $(field arch)" = "camguard $VERSION $ARCH" ]
check "manifest: entry point camguard.sh, default config etc/camguard.json" \
	[ "$(field entry_point) $(field default_config)" = "camguard.sh etc/camguard.json" ]
sha=$(sha256sum "$APP/$(field policy.file)" | cut -d' ' -f1)
check "manifest: the policy SHA-256 is sha256sum of the bundled policy" \
	[ "$(field policy.sha256)" = "$sha" ]
check "the bundled policy is packaging/policy/mobotix-v1.json byte for byte" \
	cmp "$APP/share/policy/mobotix-v1.json" packaging/policy/mobotix-v1.json
check "manifest: no nftables, no privileges (camera build)" \
	[ "$(field privileges)" = "[]" -a -z "$(field firewall_backends | grep nft)" ]

case $ARCH in
armhf) QEMU=qemu-arm-static ;;
arm64) QEMU=qemu-aarch64-static ;;
*) QEMU= ;;
esac
export CAMGUARD_EXEC_PREFIX=$QEMU
run_sum=$(SOURCE_DATE_EPOCH=1764000000 $QEMU "$APP/bin/camguard" check \
	--no-probe --camera-config examples/camera-hardened.cfg --format json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["policy"]["sha256"])')
check "the binary's built-in policy has the manifest's SHA-256" \
	[ "$run_sum" = "$sha" ]
# qemu-user cannot apply seccomp filters: here, as on a camera whose
# kernel has none, the shipped run.sandbox "on" refuses to start; the
# operator's way out is "off", which the rest of this test uses.
if [ -n "$QEMU" ]; then
	$QEMU "$APP/bin/camguard" config-test -c "$APP/etc/camguard.json" \
		>"$T_DIR/ct.out" 2>&1; rc=$?
	check "under qemu-user (no seccomp) the bundled config is refused: 77 (got $rc)" \
		sh -c "[ $rc -eq 77 ] && grep -q 'run.sandbox is \"on\" but' '$T_DIR/ct.out'"
	sed -i 's/"sandbox": "on"/"sandbox": "off"/' "$APP/etc/camguard.json"
fi
check "the bundled camguard.json is valid and names a numeric run.user" \
	sh -c "$QEMU '$APP/bin/camguard' config-test -c '$APP/etc/camguard.json' >/dev/null &&
	grep -q '\"user\": \"[0-9][0-9:]*\"' '$APP/etc/camguard.json'"

# Start, status, a second start, stop: what the camera's app manager does.
out=$("$APP/camguard.sh" start 2>&1); rc=$?
pid=$(cat "$APP/var/camguard.pid" 2>/dev/null); T_PIDS="$T_PIDS $pid"
check "camguard.sh start exits 0 ($out)" [ "$rc" -eq 0 ]
check "and writes a pid file naming a live process" \
	sh -c "[ -n '$pid' ] && kill -0 '$pid'"
check "the agent logs 'started' to var/camguard.log" \
	wait_for "$APP/var/camguard.log" "started, version $VERSION"
out=$("$APP/camguard.sh" status); rc=$?
check "status says running (exit 0): $out" [ "$rc" -eq 0 ]
out=$("$APP/camguard.sh" start); rc=$?
check "a second start finds it running and starts nothing" \
	[ "$rc" -eq 0 -a "$(cat "$APP/var/camguard.pid")" = "$pid" ]
out=$("$APP/camguard.sh" restart 2>&1); rc=$?
new=$(cat "$APP/var/camguard.pid" 2>/dev/null); T_PIDS="$T_PIDS $new"
check "restart stops the agent and starts a new one" \
	sh -c "[ $rc -eq 0 ] && [ -n '$new' ] && [ '$new' != '$pid' ] &&
	! kill -0 '$pid' 2>/dev/null && kill -0 '$new'"
pid=$new
out=$("$APP/camguard.sh" stop 2>&1); rc=$?
check "camguard.sh stop exits 0 ($out)" [ "$rc" -eq 0 ]
check "the agent is gone and its pid file removed" \
	sh -c "! kill -0 '$pid' 2>/dev/null && [ ! -e '$APP/var/camguard.pid' ]"
check "it stopped on SIGTERM the clean way (log says 'stopped')" \
	grep -q 'stopped$' "$APP/var/camguard.log"
out=$("$APP/camguard.sh" status); rc=$?
check "status then says not running (exit 3)" [ "$rc" -eq 3 ]
printf '{"bogus": 1}\n' >"$APP/etc/camguard.json"
out=$("$APP/camguard.sh" start 2>&1); rc=$?
check "start refuses a bad camguard.json (exit 78) and starts nothing" \
	[ "$rc" -eq 78 -a ! -e "$APP/var/camguard.pid" ]
t_done
