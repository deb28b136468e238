#!/bin/sh
# The command line: version, --help on every command, usage errors (64),
# config-test's two answers (spec section 2).
. "$(dirname "$0")/lib.sh"

out=$("$CAMGUARD" version); rc=$?
check "version prints the version and exits 0" \
	[ "$rc" -eq 0 -a "$out" = "camguard $(sed -n 's/^VERSION[[:space:]]*:= *//p' Makefile)" ]
for cmd in check "ids" run fleet config-test version; do
	out=$("$CAMGUARD" $cmd --help 2>&1); rc=$?
	check "$cmd --help prints usage and exits 0" \
		sh -c "[ $rc -eq 0 ] && printf '%s' \"\$1\" | grep -q '^usage: camguard'" _ "$out"
done
"$CAMGUARD" >/dev/null 2>&1; rc=$?
check "no command exits 64 (got $rc)" [ "$rc" -eq 64 ]
"$CAMGUARD" frobnicate >/dev/null 2>&1; rc=$?
check "an unknown command exits 64 (got $rc)" [ "$rc" -eq 64 ]
"$CAMGUARD" config-test --frob >/dev/null 2>&1; rc=$?
check "an unknown option exits 64 (got $rc)" [ "$rc" -eq 64 ]

# {} and the shipped file run as user "camguard" (make install creates
# it); where it does not exist, config-test must say so.
echo '{}' >"$T_DIR/empty.json"
out=$("$CAMGUARD" config-test -c "$T_DIR/empty.json" 2>"$T_DIR/err"); rc=$?
if [ "$(id -u)" = 0 ] && ! grep -q '^camguard:' /etc/passwd; then
	check "config-test on {} without a user camguard: exit 78, says so" sh -c "
		[ $rc -eq 78 ] && grep -q 'run.user camguard: no such user' \
		    '$T_DIR/err'"
else
	check "config-test on {} prints 'configuration OK'" [ "$rc" -eq 0 -a "$out" = "configuration OK" ]
fi
sed "s/\"user\": \"camguard\"/\"user\": \"$T_RUN_USER\"/" \
    packaging/camguard.json >"$T_DIR/shipped.json"
out=$("$CAMGUARD" config-test -c "$T_DIR/shipped.json"); rc=$?
check "the shipped camguard.json is valid" [ "$rc" -eq 0 -a "$out" = "configuration OK" ]
printf '{\n "ids": {"threshold": 4},\n "mqtt": {"port": 70000}\n}\n' >"$T_DIR/bad.json"
err=$("$CAMGUARD" config-test -c "$T_DIR/bad.json" 2>&1 >/dev/null); rc=$?
check "config-test on a bad file exits 78 (got $rc)" [ "$rc" -eq 78 ]
check "and names every error by file:line:column" [ "$err" = "$T_DIR/bad.json:2:23: ids.threshold must be between 5 and 1000
$T_DIR/bad.json:3:19: mqtt.port must be between 1 and 65535" ]
"$CAMGUARD" config-test -c "$T_DIR/missing.json" 2>/dev/null; rc=$?
check "config-test on a missing file exits 78 (got $rc)" [ "$rc" -eq 78 ]
t_done
