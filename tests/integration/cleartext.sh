#!/bin/sh
# No cleartext credentials (issue 15, item 8): a camera that is not on
# loopback and offers only Basic over plain HTTP never gets the password;
# the scan says why.  Digest over HTTP, Basic over verified HTTPS and
# Basic to loopback (the agent on the camera itself) work as before.  The
# camera address is one of this test's namespace, not 127.0.0.0/8.
. "$(dirname "$0")/lib.sh"
SIM=$PWD/tests/camsim/camsim.py
NS=cgclr$$
if [ "$(id -u)" != 0 ] || ! ip netns add "$NS" 2>/dev/null; then
	echo "ok 1 # SKIP needs root and network namespaces"; echo "1..1"; exit 0
fi
ns_cleanup() { ip netns del "$NS" 2>/dev/null; }
trap 't_cleanup; ns_cleanup' EXIT INT TERM
NX="ip netns exec $NS"
$NX ip link set lo up
$NX ip addr add 10.250.9.1/32 dev lo	# an address, not loopback's
CAM=10.250.9.1

( cd "$T_DIR" &&
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout ca.key -out ca.crt -days 2 -subj /CN=test-ca &&
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout srv.key -out srv.csr -subj /CN=camera &&
printf 'subjectAltName=IP:%s,IP:127.0.0.1\n' "$CAM" >ext &&
openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
	-out srv.crt -days 2 -extfile ext ) >/dev/null 2>&1 ||
	{ echo "Bail out! openssl could not make test certificates"; exit 1; }
printf 'meinsm\n' >"$T_DIR/pw"; chmod 600 "$T_DIR/pw"

# sim NAME ARGS...: camsim in the namespace; its ports in NAME.out
sim() {
	n=$1; shift
	$NX python3 "$SIM" --profile default --access-log "$T_DIR/$n.log" "$@" \
		>"$T_DIR/$n.out" 2>&1 &
	T_PIDS="$T_PIDS $!"
	wait_for "$T_DIR/$n.out" "camsim ready" >/dev/null
}
port() { tr ' ' '\n' <"$T_DIR/$1.out" | sed -n "s/^$2=//p"; }
# scan NAME URL: check over the API; rc, output in NAME.err
scan() {
	printf '{"camera":{"user":"admin","password_file":"%s","ca_file":"%s"}}\n' \
		"$T_DIR/pw" "$T_DIR/ca.crt" >"$T_DIR/$1.json"
	$NX "$CAMGUARD" check --no-probe --format json -c "$T_DIR/$1.json" \
		--camera-url "$2" >/dev/null 2>"$T_DIR/$1.err"
	rc=$?
}

sim basic --bind "$CAM" --auth basic --http-port 0 --https-port 0 \
	--cert "$T_DIR/srv.crt" --key "$T_DIR/srv.key"
scan plain "http://$CAM:$(port basic http)"
check "Basic over plain HTTP to $CAM is refused: exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "with a clear message" \
	grep -q "offers only Basic authentication over plain HTTP: camguard does not send its password in cleartext" "$T_DIR/plain.err"
check "the camera never saw the password (no request with a user)" \
	sh -c "! grep -q ' admin \[' '$T_DIR/basic.log'"
scan tls "https://$CAM:$(port basic https)"
check "Basic over verified HTTPS works (got $rc)" [ "$rc" -le 1 ]
check "and logged in as admin" grep -q ' admin \[' "$T_DIR/basic.log"

sim digest --bind "$CAM" --auth digest --http-port 0
scan digest "http://$CAM:$(port digest http)"
check "Digest over plain HTTP works (got $rc)" [ "$rc" -le 1 ]

sim loop --bind 127.0.0.1 --auth basic --http-port 0
scan loop "http://127.0.0.1:$(port loop http)"
check "Basic over HTTP to loopback, the camera itself, works (got $rc)" \
	[ "$rc" -le 1 ]
t_done
