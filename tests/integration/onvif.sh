#!/bin/sh
# Live ONVIF probes against the camera simulator (spec section 12, VG-08
# and VG-03): the default camera's device service answers
# GetDeviceInformation and GetUsers anonymously and its WS-Discovery
# answers a Probe (both fail, with the operations and the matches as
# evidence); the hardened camera refuses in each way the simulator can
# (400 NotAuthorized, 401, a fault in a 200), answers with credentials,
# and its discovery port is closed (both pass); a camera that answers
# Probes while its configuration says discovery is off fails VG-03 on
# live evidence alone; a path named by the configuration is followed, no
# service is not_applicable; a black-holed ONVIF port and a silent UDP
# port end in error/timeout within camera.timeout_ms and the scan goes
# on; hostile replies (huge, nested, truncated, wrong namespace, a DTD, a
# 200 carrying a fault, a datagram relating to another Probe, garbage)
# are bounded and classified.
. "$(dirname "$0")/lib.sh"
SIM=$(pwd)/tests/camsim/camsim.py
CORPUS=$(pwd)/tests/corpus/soap
export LC_ALL=C

if ! command -v python3 >/dev/null || ! command -v openssl >/dev/null; then
	echo "1..0 # SKIP python3 or openssl missing"
	exit 0
fi
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T_DIR/srv.key" -out "$T_DIR/srv.crt" -days 30 \
	-subj /CN=localhost >/dev/null 2>&1 ||
	{ echo "Bail out! openssl could not make a certificate"; exit 1; }
printf 'Lobby-Cam-2024-x9\n' >"$T_DIR/pw-hard"
printf 'meinsm\n' >"$T_DIR/pw-def"
chmod 600 "$T_DIR"/pw-*
mkdir -p "$T_DIR/proc/net"
for f in tcp tcp6 udp udp6; do
	echo "  sl  local_address rem_address   st" >"$T_DIR/proc/net/$f"
done

# conf NAME USER PWFILE [TIMEOUT_MS]: a camguard.json
conf() {
	printf '{"camera":{"user":"%s","password_file":"%s","proc_root":"%s",' \
		"$2" "$T_DIR/$3" "$T_DIR/proc" >"$T_DIR/$1.conf"
	printf '"timeout_ms":%s,"url":"http://127.0.0.1"}}\n' "${4:-2000}" \
		>>"$T_DIR/$1.conf"
}
conf def admin pw-def
conf hard camadmin pw-hard
conf hole camadmin pw-hard 1000
conf defhole admin pw-def 1000

# sim NAME PROFILE [ARGS...]: a simulator on free ports, killed at exit
sim() {
	n=$1 p=$2; shift 2
	python3 "$SIM" --profile "$p" --http-port 0 --https-port 0 --rtsp-port 0 \
		--blackhole-port 0 --wsd-port 0 --cert "$T_DIR/srv.crt" \
		--key "$T_DIR/srv.key" --access-log "$T_DIR/$n.access" "$@" \
		>"$T_DIR/$n.out" 2>"$T_DIR/$n.err" &
	T_PIDS="$T_PIDS $!"
	wait_for "$T_DIR/$n.out" "camsim ready" ||
		{ echo "Bail out! simulator $n did not start"; exit 1; }
}
port() { tr ' ' '\n' <"$T_DIR/$1.out" | sed -n "s/^$2=//p"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# scan NAME CONF SIM: camguard check over SIM's API (HTTP; the hardened
# camera's configuration keeps HTTP off, so the probes use HTTPS), probes
# on; the JSON report in NAME.json, "ID=result[/reason]" lines in
# NAME.res, rc, ms
scan() {
	t0=$(now_ms)
	"$CAMGUARD" check --format json -c "$T_DIR/$2.conf" \
		--camera-url "http://127.0.0.1:$(port "$3" http)" \
		>"$T_DIR/$1.json" 2>"$T_DIR/$1.err"
	rc=$?
	ms=$(($(now_ms) - t0))
	results "$1"
}
# ms: the wall time of the scan less what it spent computing, so that a
# loaded machine stretches the password checks, not the deadlines
scan_file() {
	t0=$(now_ms)
	children_cpu_ms >"$T_DIR/c0"
	"$CAMGUARD" check --format json -c "$T_DIR/$2.conf" \
		--camera-config "$3" >"$T_DIR/$1.json" 2>"$T_DIR/$1.err"
	rc=$?
	children_cpu_ms >"$T_DIR/c1"
	ms=$(($(now_ms) - t0 - $(cat "$T_DIR/c1") + $(cat "$T_DIR/c0")))
	results "$1"
}
RESULTS='import json, sys
for c in json.load(open(sys.argv[1]))["checks"]:
    print(c["id"] + "=" + c["result"] + (
        "/" + c["reason"] if c["reason"] else ""))'
results() { python3 -c "$RESULTS" "$T_DIR/$1.json" | sort >"$T_DIR/$1.res"; }
EVIDENCE='import json, sys
for c in json.load(open(sys.argv[1]))["checks"]:
    if c["id"] == sys.argv[2]:
        print(c["evidence"].get(sys.argv[3], "(none)"))'
evidence() { python3 -c "$EVIDENCE" "$T_DIR/$1.json" "$2" "$3"; }
res() { sed -n "s/^$2=//p" "$T_DIR/$1.res"; }

# ---- the default camera: anonymous ONVIF, discovery on -------------------
sim def default
scan def def def
check "default camera: VG-08 fails (got $(res def VG-08))" \
	[ "$(res def VG-08)" = fail ]
check "both operations answered without credentials, the users counted" \
	sh -c "[ '$(evidence def VG-08 live_GetDeviceInformation)' = answered ] &&
	[ '$(evidence def VG-08 live_GetUsers)' = 'answered (1 users)' ] &&
	[ '$(evidence def VG-08 live_onvif)' = \
		'http $(port def http) /onvif/device_service' ]"
check "VG-03 fails with the Probe's matches as live evidence" sh -c "
	[ '$(res def VG-03)' = fail ] &&
	[ '$(evidence def VG-03 live_ws_discovery)' = \
		'ProbeMatches (1) on udp/$(port def wsd)' ]"
check "two anonymous POSTs to the device service (access log user '-')" \
	sh -c "[ \$(grep -c '\"POST /onvif/device_service HTTP/1.1\" 200 ' \
		'$T_DIR/def.access') -eq 2 ] &&
	[ \"\$(grep device_service '$T_DIR/def.access' | awk '{print \$3}' |
		sort -u)\" = - ]"

# ---- the hardened camera: ONVIF wants credentials, discovery off -----------
sim hard hardened
scan hard hard hard
check "hardened camera: VG-08 passes on 400 NotAuthorized over HTTPS" sh -c "
	[ '$(res hard VG-08)' = pass ] &&
	[ '$(evidence hard VG-08 live_GetDeviceInformation)' = '400 NotAuthorized' ] &&
	[ '$(evidence hard VG-08 live_GetUsers)' = '400 NotAuthorized' ] &&
	echo '$(evidence hard VG-08 live_onvif)' | grep -q '^https '"
check "hardened camera: VG-03 passes, its discovery port refused" sh -c "
	[ '$(res hard VG-03)' = pass ] &&
	[ '$(evidence hard VG-03 live_ws_discovery)' = \
		'refused (udp/$(port hard wsd))' ]"
check "the hardened simulator answers GetUsers to a WS-UsernameToken" \
	python3 - "$(port hard https)" <<'PY'
import base64, hashlib, os, ssl, sys, time, urllib.error, urllib.request
url = "https://127.0.0.1:%s/onvif/device_service" % sys.argv[1]
ctx = ssl._create_unverified_context()
S = ("http://docs.oasis-open.org/wss/2004/01/"
     "oasis-200401-wss-wssecurity-secext-1.0.xsd")
U = ("http://docs.oasis-open.org/wss/2004/01/"
     "oasis-200401-wss-wssecurity-utility-1.0.xsd")
def post(header):
    body = ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">'
            '<s:Header>%s</s:Header><s:Body><GetUsers xmlns="http://www.'
            'onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>' % header)
    try:
        with urllib.request.urlopen(url, body.encode(), context=ctx) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
def token(pw):
    nonce, created = os.urandom(16), time.strftime("%Y-%m-%dT%H:%M:%SZ")
    dig = base64.b64encode(hashlib.sha1(nonce + created.encode() +
                                        pw.encode()).digest()).decode()
    return ('<w:Security xmlns:w="%s" xmlns:u="%s"><w:UsernameToken>'
            '<w:Username>camadmin</w:Username><w:Password>%s</w:Password>'
            '<w:Nonce>%s</w:Nonce><u:Created>%s</u:Created>'
            '</w:UsernameToken></w:Security>' %
            (S, U, dig, base64.b64encode(nonce).decode(), created))
st, text = post(token("Lobby-Cam-2024-x9"))
assert st == 200 and "<tt:Username>operator</tt:Username>" in text, st
assert post(token("meinsm"))[0] == 400
assert post("")[0] == 400
PY
sim hard401 hardened --onvif-deny 401 --digest-alg md5
scan hard401 hard hard401
check "a camera refusing with 401 passes VG-08" sh -c "
	[ '$(res hard401 VG-08)' = pass ] &&
	[ '$(evidence hard401 VG-08 live_GetUsers)' = 401 ]"
check "and answers GetUsers to HTTP Digest with the camera's user" \
	python3 - "$(port hard401 https)" <<'PY'
import ssl, sys, urllib.request
url = "https://127.0.0.1:%s/onvif/device_service" % sys.argv[1]
ctx = ssl._create_unverified_context()
pm = urllib.request.HTTPPasswordMgrWithDefaultRealm()
pm.add_password(None, url, "camadmin", "Lobby-Cam-2024-x9")
op = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ctx),
                                 urllib.request.HTTPDigestAuthHandler(pm))
body = (b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">'
        b'<s:Body><GetUsers xmlns="http://www.onvif.org/ver10/device/wsdl"/>'
        b'</s:Body></s:Envelope>')
with op.open(urllib.request.Request(url, body)) as r:
    text = r.read().decode()
    assert r.status == 200 and "camadmin" in text, text
PY
sim hard200 hardened --onvif-deny fault200
scan hard200 hard hard200
check "a fault ter:NotAuthorized inside a 200 is a refusal, not an answer" \
	sh -c "[ '$(res hard200 VG-08)' = pass ] &&
	[ '$(evidence hard200 VG-08 live_GetUsers)' = '200 fault NotAuthorized' ]"

# ---- discovery that the configuration does not show ------------------------
sim force hardened --wsd-force --wsd-other-port
scan force hard force
check "discovery off in the configuration, a Probe answered (from another port): VG-03 fails live" \
	sh -c "[ '$(res force VG-03)' = fail ] &&
	[ '$(evidence force VG-03 onvif_discovery)' = 0 ] &&
	[ '$(evidence force VG-03 live_ws_discovery)' = \
		'ProbeMatches (1) on udp/$(port force wsd)' ]"

# ---- where the service is, and where it is not ------------------------------
sim path default --onvif-path /onvif/device
scan path def path
check "the path the configuration names is probed (default path: 404)" sh -c "
	[ '$(res path VG-08)' = fail ] &&
	[ '$(evidence path VG-08 live_onvif)' = \
		'http $(port path http) /onvif/device' ]"
sim off default --onvif off
scan off def off
check "no ONVIF service: VG-08 not_applicable (got $(res off VG-08))" sh -c "
	[ '$(res off VG-08)' = not_applicable/feature_disabled ] &&
	[ '$(evidence off VG-08 live_GetUsers)' = 404 ]"
"$CAMGUARD" check --no-probe --format json -c "$T_DIR/def.conf" \
	--camera-config examples/camera-default.cfg >"$T_DIR/np.json"
results np
check "--no-probe: VG-08 not_checked, VG-03 from the configuration" sh -c "
	[ '$(res np VG-08)' = not_checked/source_unavailable ] &&
	[ '$(res np VG-03)' = fail ]"

# ---- deadlines: a black-holed ONVIF port, a silent discovery port ----------
sim quiet hardened --wsd-silent
BH=$(port quiet blackhole)
mk_cfg() {	# NAME ONVIF_PORT: the hardened fixture on quiet's ports
	sed -e "s/^HTTPS_PORT=.*/HTTPS_PORT=$(port quiet https)/" \
		-e "s/^RTSP_AUTH=1/RTSP_AUTH=1\nRTSP_PORT=$(port quiet rtsp)/" \
		-e "s/^RTSP=1/RTSP=1\nONVIF_DISCOVERY_PORT=$3${2:+\nONVIF_PORT=$2}/" \
		examples/camera-hardened.cfg >"$T_DIR/$1.cfg"
}
mk_cfg onvif-hole "$BH" "$(port hard wsd)"
scan_file onvif-hole hole "$T_DIR/onvif-hole.cfg"
echo "# ONVIF port black-holed: $ms ms (timeout_ms 1000)"
check "a black-holed ONVIF port: VG-08 error/timeout within the deadline ($ms ms)" \
	sh -c "[ '$(res onvif-hole VG-08)' = error/timeout ] && [ $ms -lt 1900 ]"
check "and the scan went on: RTSP and TLS probed after it, WS-Discovery refused" \
	sh -c "grep -qx VG-04=pass '$T_DIR/onvif-hole.res' &&
	grep -qx MX-16T=pass '$T_DIR/onvif-hole.res' &&
	grep -qx VG-03=pass '$T_DIR/onvif-hole.res'"
mk_cfg udp-quiet "" "$(port quiet wsd)"
scan_file udp-quiet hole "$T_DIR/udp-quiet.cfg"
echo "# discovery port silent: $ms ms (timeout_ms 1000)"
check "a silent UDP port: VG-03 error/timeout within the deadline ($ms ms)" \
	sh -c "[ '$(res udp-quiet VG-03)' = error/timeout ] && [ $ms -lt 1900 ]
	[ '$(evidence udp-quiet VG-03 live_ws_discovery)' = \
		'timeout (udp/$(port quiet wsd)): no answer' ]"
check "and the other probes were not held up: VG-08 passes" \
	grep -qx VG-08=pass "$T_DIR/udp-quiet.res"
mk_cfg both "$BH" "$(port quiet wsd)"
scan_file both hole "$T_DIR/both.cfg"
echo "# both: $ms ms (timeout_ms 1000)"
check "both at once: one deadline, not two ($ms ms), both error/timeout" \
	sh -c "[ $ms -lt 1900 ] && grep -qx VG-08=error/timeout '$T_DIR/both.res' &&
	grep -qx VG-03=error/timeout '$T_DIR/both.res'"

# ---- hostile replies on a dedicated ONVIF port ---------------------------------
# hostile NAME WANT EVIDENCE: the default camera whose ONVIF port answers
# with the bytes of NAME.http; VG-08 must be WANT with GetUsers=EVIDENCE
hostile() {
	sim "h-$1" default --onvif-port 0 \
		--onvif-raw "$T_DIR/$1.http"
	scan "h-$1" defhole "h-$1"
	check "hostile $1: VG-08 $2, GetUsers '$3' (got $(res "h-$1" VG-08), \
'$(evidence "h-$1" VG-08 live_GetUsers)')" sh -c "
	[ '$(res "h-$1" VG-08)' = '$2' ] &&
	[ '$(evidence "h-$1" VG-08 live_GetUsers)' = '$3' ] &&
	[ '$(evidence "h-$1" VG-08 live_onvif)' = \
		'http $(port "h-$1" onvif) /onvif/device_service' ]"
}
# http FILE [STATUS [CONTENT-LENGTH]]: FILE.http, a reply around stdin
http() {
	cat >"$T_DIR/$1.body"
	len=${3:-$(wc -c <"$T_DIR/$1.body")}
	printf 'HTTP/1.1 %s\r\nContent-Type: application/soap+xml\r\n' \
		"${2:-200 OK}" >"$T_DIR/$1.http"
	[ "$len" = none ] || printf 'Content-Length: %s\r\n' "$len" \
		>>"$T_DIR/$1.http"
	printf 'Connection: close\r\n\r\n' >>"$T_DIR/$1.http"
	cat "$T_DIR/$1.body" >>"$T_DIR/$1.http"
}
ENV12=http://www.w3.org/2003/05/soap-envelope
python3 -c "
print('<s:Envelope xmlns:s=\"$ENV12\"><s:Body><u:GetUsersResponse'
      ' xmlns:u=\"http://www.onvif.org/ver10/device/wsdl\">'
      + '<u:User/>' * 300000 + '</u:GetUsersResponse></s:Body></s:Envelope>')" |
	http huge
hostile huge error/parse_error "200 reply too big"
http stream "200 OK" none <"$T_DIR/huge.body"
hostile stream error/parse_error "200 reply too big"
python3 -c "print('<s:Envelope xmlns:s=\"$ENV12\"><s:Header>' + '<a>' * 1000)" |
	http nested
hostile nested error/parse_error "200 nested too deep"
head -c 300 "$T_DIR/huge.body" | http truncated "200 OK" 5000
hostile truncated error/parse_error "200 reply truncated"
head -c 100 "$T_DIR/huge.body" | http cutsoap
hostile cutsoap error/parse_error "200 truncated"
head -c 300 "$T_DIR/huge.body" | http cutanswer
hostile cutanswer fail "answered (17 users, cut short)"
http wrongns <"$CORPUS/wrong-namespace.xml"
hostile wrongns error/parse_error "200 wrong namespace"
http dtd <"$CORPUS/dtd.xml"
hostile dtd error/parse_error "200 DTD in a SOAP message"
http fault200 <"$CORPUS/fault-in-200.xml"
hostile fault200 pass "200 fault NotAuthorized"
http other <"$CORPUS/response-wrong-namespace.xml"
hostile other error/parse_error "200 unexpected GetDeviceInformationResponse"
printf '<html><body>It works!</body></html>\n' | http html
hostile html not_applicable/feature_disabled "200 not SOAP"

# ---- hostile WS-Discovery datagrams ---------------------------------------------
sim w-stale hardened --wsd-raw "$CORPUS/probematches-2005.xml"
scan w-stale hole w-stale
check "ProbeMatches relating to another Probe are ignored: error/timeout" sh -c "
	[ '$(res w-stale VG-03)' = error/timeout ] &&
	echo '$(evidence w-stale VG-03 live_ws_discovery)' |
		grep -q 'other datagrams ignored\$'"
printf 'HELLO\0\377<<<' >"$T_DIR/garbage"
sim w-garbage hardened --wsd-raw "$T_DIR/garbage"
scan w-garbage hole w-garbage
check "garbage from the discovery port: VG-03 error/parse_error" sh -c "
	[ '$(res w-garbage VG-03)' = error/parse_error ] &&
	[ '$(evidence w-garbage VG-03 live_ws_discovery)' = \
		'udp/$(port w-garbage wsd) answered: not a SOAP envelope' ]"
t_done
