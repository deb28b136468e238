#!/bin/sh
# camguard check reading the configuration through the camera's Remote
# Configuration API, against the simulator (tests/camsim): the hardened
# and default profiles give the fixture files' results over HTTP (Digest,
# Basic) and HTTPS (a CA made here); a wrong password, a web server that
# is not a camera, a truncated reply, a silent port and a closed port
# each exit 2 with a message naming the URL (spec sections 2 and 5).
. "$(dirname "$0")/lib.sh"
SIM=tests/camsim/camsim.py

if ! command -v python3 >/dev/null || ! command -v openssl >/dev/null; then
	echo "1..0 # SKIP python3 or openssl missing"
	exit 0
fi

( cd "$T_DIR" &&
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout ca.key -out ca.crt -days 2 -subj /CN=test-ca &&
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout srv.key -out srv.csr -subj /CN=localhost &&
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >ext &&
openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
	-out srv.crt -days 2 -extfile ext ) >/dev/null 2>&1 ||
	{ echo "Bail out! openssl could not make test certificates"; exit 1; }
printf 'Lobby-Cam-2024-x9\n' >"$T_DIR/pw-hard"
printf 'meinsm\n' >"$T_DIR/pw-def"
printf 'not-the-password\n' >"$T_DIR/pw-bad"
chmod 600 "$T_DIR"/pw-*

# start NAME COMMAND...: run a server in the background until it prints
# its ready line into $T_DIR/NAME.out; killed by PID at exit.
start() {
	n=$1; shift
	"$@" >"$T_DIR/$n.out" 2>"$T_DIR/$n.err" &
	T_PIDS="$T_PIDS $!"
	wait_for "$T_DIR/$n.out" "${READY:-camsim ready}" ||
		{ echo "Bail out! $n did not start"; exit 1; }
}
# port NAME SERVICE: a port from camsim's ready line
port() { tr ' ' '\n' <"$T_DIR/$1.out" | sed -n "s/^$2=//p"; }
# conf NAME USER PWFILE [TIMEOUT_MS [URL]]: a camguard.json for the camera
conf() {
	printf '{"camera":{"user":"%s","password_file":"%s","ca_file":"%s",' \
		"$2" "$T_DIR/$3" "$T_DIR/ca.crt" >"$T_DIR/$1.json"
	[ -z "$5" ] || printf '"url":"%s",' "$5" >>"$T_DIR/$1.json"
	printf '"timeout_ms":%s}}\n' "${4:-3000}" >>"$T_DIR/$1.json"
}
# results FILE: "ID=result" per check of a JSON report, sorted
RESULTS='import json, sys
for c in json.load(open(sys.argv[1]))["checks"]:
    print(c["id"] + "=" + c["result"])'
results() { python3 -c "$RESULTS" "$1" | sort; }
# run NAME CONF URL: camguard check over the API; rc in $rc
run() {
	"$CAMGUARD" check --no-probe --format json -c "$T_DIR/$2.json" \
		--camera-url "$3" >"$T_DIR/$1.json.out" 2>"$T_DIR/$1.err"
	rc=$?
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

start hard python3 "$SIM" --profile hardened --http-port 0 --https-port 0 \
	--rtsp-port 0 --blackhole-port 0 --cert "$T_DIR/srv.crt" \
	--key "$T_DIR/srv.key" --access-log "$T_DIR/hard.access" \
	--api-log "$T_DIR/hard.api"
start def python3 "$SIM" --profile default --http-port 0 --https-port 0 \
	--rtsp-port 0 --cert "$T_DIR/srv.crt" --key "$T_DIR/srv.key"
conf hard camadmin pw-hard
conf def admin pw-def
conf bad camadmin pw-bad
HARD=http://127.0.0.1:$(port hard http)
DEF=http://127.0.0.1:$(port def http)

for f in hardened default; do
	"$CAMGUARD" check --no-probe --format json \
		--camera-config "examples/camera-$f.cfg" >"$T_DIR/$f.file.json"
	results "$T_DIR/$f.file.json" >"$T_DIR/$f.file.res"
done

run hard-http hard "$HARD"
check "hardened camera over HTTP with Digest: exit 0 (got $rc)" [ "$rc" -eq 0 ]
results "$T_DIR/hard-http.json.out" >"$T_DIR/hard-http.res"
check "and the same results as the hardened fixture file" \
	cmp -s "$T_DIR/hard-http.res" "$T_DIR/hardened.file.res"
check "and no check fails" sh -c "! grep -q '=fail$' '$T_DIR/hard-http.res'"
check "the simulator logged the API commands" \
	grep -q '^127.0.0.1 view configfile$' "$T_DIR/hard.api"
check "and the challenge, then the login as camadmin" sh -c "
	grep -q ' - - .*remoteconfig HTTP/1.1\" 401 ' '$T_DIR/hard.access' &&
	grep -q ' - camadmin .*config HTTP/1.1\" 200 ' '$T_DIR/hard.access'"

run def-http def "$DEF/"
check "default camera over HTTP with Basic: exit 1 (got $rc)" [ "$rc" -eq 1 ]
results "$T_DIR/def-http.json.out" >"$T_DIR/def-http.res"
check "and the fixture's failures, but MX-11 (ports are not 80/443)" sh -c "
	diff '$T_DIR/default.file.res' '$T_DIR/def-http.res' |
	grep '^[<>]' | tr '\n' ' ' | grep -qx '< MX-11=fail > MX-11=pass '"

run hard-https hard "https://127.0.0.1:$(port hard https)"
results "$T_DIR/hard-https.json.out" >"$T_DIR/hard-https.res"
check "hardened camera over HTTPS, verified with camera.ca_file (rc $rc)" \
	[ "$rc" -eq 0 ]
check "and the same results as the hardened fixture file" \
	cmp -s "$T_DIR/hard-https.res" "$T_DIR/hardened.file.res"
run def-https def "https://localhost:$(port def https)"
check "default camera over HTTPS by host name: exit 1 (got $rc)" [ "$rc" -eq 1 ]

conf hard-url camadmin pw-hard 3000 "$HARD"
"$CAMGUARD" check --no-probe -c "$T_DIR/hard-url.json" >/dev/null 2>&1; rc=$?
check "camera.url is used without --camera-url (got $rc)" [ "$rc" -eq 0 ]

run wrong bad "$HARD"
check "a wrong password exits 2 (got $rc)" [ "$rc" -eq 2 ]
check "and says the login was refused, naming the URL" grep -q \
	"^$HARD/admin/remoteconfig: Digest login as \"camadmin\" refused" \
	"$T_DIR/wrong.err"
sed 's/"user":"camadmin"/"user":""/' "$T_DIR/hard.json" >"$T_DIR/anon.json"
run anon anon "$HARD"
check "no credentials against a camera that wants them: exit 2 (got $rc)" \
	sh -c "[ $rc -eq 2 ] && grep -q 'wants credentials' '$T_DIR/anon.err'"

mkdir "$T_DIR/www"
READY='Serving HTTP' start web python3 -u -m http.server 0 \
	--bind 127.0.0.1 --directory "$T_DIR/www"
WEB=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$T_DIR/web.out")
run web hard "http://127.0.0.1:$WEB"
check "a web server that is not a camera exits 2 (got $rc)" [ "$rc" -eq 2 ]
check "and says it is not a camera's API, naming the URL" grep -q \
	"^http://127.0.0.1:$WEB/admin/remoteconfig: not a camera's Remote" \
	"$T_DIR/web.err"

READY='cut ready' start cut python3 -u -c '
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print("cut ready %d" % s.getsockname()[1])
while True:
    c, _ = s.accept(); c.recv(65536)
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 4000\r\n\r\n"
              b"#read::\nSECTION a\nK=v\n")
    c.close()'
CUT=$(sed -n 's/^cut ready //p' "$T_DIR/cut.out")
run cut hard "http://127.0.0.1:$CUT"
check "a truncated reply exits 2 (got $rc)" [ "$rc" -eq 2 ]
check "and says so" grep -q \
	"reply truncated: connection closed after 22 of 4000 body bytes" \
	"$T_DIR/cut.err"

conf slow camadmin pw-hard 1000
t0=$(now_ms)
run hole slow "http://127.0.0.1:$(port hard blackhole)"
ms=$(($(now_ms) - t0))
echo "# blackhole: exit $rc after $ms ms (camera.timeout_ms 1000)"
check "a port that accepts and never answers exits 2 within the timeout" \
	sh -c "[ $rc -eq 2 ] && [ $ms -ge 1000 ] && [ $ms -lt 1800 ]"
check "and says there was no reply in time" grep -q \
	'no reply within the timeout (camera.timeout_ms 1000)' "$T_DIR/hole.err"
run closed hard "http://127.0.0.1:1"
check "a closed port exits 2 (got $rc)" [ "$rc" -eq 2 ]
check "and says the camera is unreachable" grep -q \
	'Connection refused (camera unreachable)' "$T_DIR/closed.err"

# Wall time of one check through the API (informational).
n=20; t0=$(now_ms); i=0
while [ $i -lt $n ]; do
	"$CAMGUARD" check --no-probe -c "$T_DIR/hard-url.json" >/dev/null 2>&1
	i=$((i + 1))
done
echo "# check --no-probe over the API (Digest, HTTP):" \
	"$(( ($(now_ms) - t0) / n )) ms per run, $n runs"
t_done
