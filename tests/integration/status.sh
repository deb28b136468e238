#!/bin/sh
# The status endpoint (spec section 9) of `camguard run`, over loopback:
# every path and status code (GET, HEAD, 401, 404, 405, 431, 400, 505,
# 503), /metrics through promtool, the hostile request corpus sent whole
# and byte by byte, pipelining, keep-alive and its idle timeout, 200 idle
# clients and a full table that drops the oldest idle one, /readyz going
# from 503 to 200, the bearer token (read again on SIGHUP), rebinding on
# SIGHUP (a failed rebind keeps the old listener), blocked sources (live
# and restored from the IDS state file), and HTTPS with a test CA.  The
# daemon must answer /livez after each hostile step.
. "$(dirname "$0")/lib.sh"

CORPUS=$(cd "$(dirname "$0")/../corpus/http" && pwd)
EXAMPLE=$(cd "$(dirname "$0")/../../examples" && pwd)/camera-default.cfg
PY=${PYTHON:-python3}

# code URL [curl args...]: the status code, "000" when nothing came back
code() {
	u=$1; shift
	curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" "$u"
}

start() {	# start NAME CONF: run the daemon, remember its pid in $pid
	"$CAMGUARD" run -c "$2" -d >"$T_DIR/$1.log" 2>&1 &
	pid=$!; T_PIDS="$T_PIDS $pid"
}

alive() {	# alive PORT: the daemon still answers /livez
	[ "$(code "http://127.0.0.1:$1/livez")" = 200 ]
}

cat >"$T_DIR/client.py" <<'PY'
# Raw HTTP clients for the status tests; prints what it found, exits 1
# on a mismatch.
import os, select, socket, sys, time

PORT = int(sys.argv[2])

def conn():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s

def send(s, data, step=0, pause=0.0):
    try:
        if step == 0:
            s.sendall(data)
            return
        for i in range(0, len(data), step):
            s.sendall(data[i:i + step])
            time.sleep(pause)
    except OSError:
        pass            # the server may answer and close before the end

def read_all(s, timeout=5.0):
    """Bytes until EOF; closed is False when the server never closed."""
    s.settimeout(timeout)
    data, end = b"", time.time() + timeout
    try:
        while time.time() < end:
            b = s.recv(65536)
            if not b:
                return data, True
            data += b
    except socket.timeout:
        return data, False
    except ConnectionResetError:
        return data, "reset"
    return data, False

def responses(data, methods):
    """Split pipelined responses by Content-Length (HEAD: no body)."""
    out = []
    for m in methods:
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            break
        lines = head.split(b"\r\n")
        hdr = dict(l.split(b": ", 1) for l in lines[1:] if b": " in l)
        n = 0 if m == "HEAD" else int(hdr.get(b"Content-Length", b"0"))
        out.append((int(lines[0].split()[1]), hdr, rest[:n]))
        data = rest[n:]
    return out, data

def corpus(d, split):
    bad = 0
    for name in sorted(os.listdir(d)):
        want = name.split("-")[0]
        data = open(os.path.join(d, name), "rb").read()
        s = conn()
        if split:   # one byte at a time for a while, then small pieces
            send(s, data[:200], 1, 0.0005)
            send(s, data[200:], 61, 0.0005)
        else:
            send(s, data)
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        got, closed = read_all(s)
        s.close()
        ok = closed is True and (got == b"" if want == "close" else
                                 got.startswith(b"HTTP/1.1 " + want.encode()))
        if not ok:
            bad += 1
            print("MISMATCH %s: want %s, got %r closed=%s" %
                  (name, want, got[:60], closed))
    print("corpus %s: %d files, %d mismatches" %
          ("split" if split else "whole", len(os.listdir(d)), bad))
    return bad == 0

def pipeline(spec):
    """spec: METHOD:PATH,... ; the last one asks to close."""
    reqs = [r.split(":", 1) for r in spec.split(",")]
    data = b""
    for i, (m, p) in enumerate(reqs):
        data += b"%s %s HTTP/1.1\r\nHost: cam\r\n" % (m.encode(), p.encode())
        if i == len(reqs) - 1:
            data += b"Connection: close\r\n"
        data += b"\r\n"
    s = conn()
    send(s, data)
    got, closed = read_all(s)
    res, rest = responses(got, [m for m, _ in reqs])
    codes = [str(c) for c, _, _ in res]
    if len(codes) > 12:
        codes = ["%d x %s" % (codes.count(c), c) for c in sorted(set(codes))]
    print(" ".join(codes), "closed" if closed is True else "open", len(rest))
    return closed is True and rest == b"" and len(res) == len(reqs)

def keepalive():
    """Two requests on one connection, then time the idle close."""
    s, codes = conn(), []
    for p in (b"/livez", b"/status"):
        s.sendall(b"GET %s HTTP/1.1\r\nHost: cam\r\n\r\n" % p)
        buf = b""
        while b"\r\n\r\n" not in buf:
            buf += s.recv(65536)
        head, _, body = buf.partition(b"\r\n\r\n")
        n = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
        while len(body) < n:
            body += s.recv(65536)
        codes.append(int(head.split()[1]))
    t0 = time.time()
    got, closed = read_all(s, 9)
    print("codes", codes, "closed_after %.1f" % (time.time() - t0), closed)
    return codes == [200, 200] and closed is True and \
        4.5 <= time.time() - t0 <= 7.5

def gone(s):
    try:
        return s.recv(1) == b""
    except OSError:
        return True

def hold(n, ready):
    """Open n idle clients; count the ones dropped while opening; wait
    for the idle timeout to close them all."""
    socks = []
    for i in range(n):
        socks.append(conn())
        time.sleep(0.002)
    time.sleep(0.5)
    r, _, _ = select.select(socks, [], [], 0)
    dropped = sorted(socks.index(s) for s in r if gone(s))
    print("dropped %d first %s" % (len(dropped), dropped[:3]))
    open(ready, "w").write("%d\n" % len(dropped))
    t0, left = time.time(), [s for s in socks if socks.index(s) not in
                             dropped]
    while left and time.time() - t0 < 9:
        r, _, _ = select.select(left, [], [], 0.2)
        left = [s for s in left if s not in r or not gone(s)]
    print("idle_closed_after %.1f left %d" % (time.time() - t0, len(left)))
    oldest = dropped == list(range(len(dropped)))
    return not left and oldest

def head_no_body(path):
    s = conn()
    send(s, b"HEAD %s HTTP/1.1\r\nHost: cam\r\nConnection: close\r\n\r\n"
         % path.encode())
    got, closed = read_all(s)
    head, _, body = got.partition(b"\r\n\r\n")
    print(head.split(b"\r\n")[0].decode(), "body", len(body))
    return closed is True and body == b"" and b"Content-Length: " in head

cmd = sys.argv[1]
ok = {"corpus": lambda: corpus(sys.argv[3], sys.argv[4] == "split"),
      "pipeline": lambda: pipeline(sys.argv[3]),
      "keepalive": keepalive,
      "hold": lambda: hold(int(sys.argv[3]), sys.argv[4]),
      "head": lambda: head_no_body(sys.argv[3])}[cmd]()
sys.exit(0 if ok else 1)
PY
client() { "$PY" "$T_DIR/client.py" "$@" >>"$T_DIR/client.out" 2>&1; }

# ---- one daemon on the example camera -------------------------------
P1=$(free_port 1)
conf1=$T_DIR/one.json
cat >"$conf1" <<JSON
{"camera": {"config_file": "$EXAMPLE", "id": "cam-one"},
 "ids": {"enabled": false}, "status": {"listen": "127.0.0.1:$P1"},
 "run": {"user": "$T_RUN_USER"}}
JSON
start one "$conf1"; pid1=$pid
U=http://127.0.0.1:$P1
check "the status endpoint listens on status.listen" \
	wait_for "$T_DIR/one.log" "status: listening on 127.0.0.1:$P1"
check "the first scan finishes" wait_for "$T_DIR/one.log" "scan 1:"

check "GET /livez is 200 ok" [ "$(curl -s "$U/livez")" = ok ]
check "GET /readyz is 200 after a scan" [ "$(code "$U/readyz")" = 200 ]
curl -s -D "$T_DIR/status.h" -o "$T_DIR/status.json" "$U/status"
check "GET /status is application/json" \
	grep -qi '^content-type: application/json' "$T_DIR/status.h"
check "/status has the spec's fields, the summary and the failures" \
	"$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert sorted(d) == sorted(["camera", "version", "uptime_s", "summary",
    "failed", "scan_error", "ids", "mqtt", "siem"]), sorted(d)
assert d["siem"] == {"enabled": False, "connected": False, "queued": 0,
    "sent": 0, "resent": 0, "dropped": 0, "tls_failures": 0,
    "conn_failures": 0}, d["siem"]
assert d["scan_error"] is None
assert d["camera"] == "cam-one" and d["summary"]["counts"]["fail"] > 0
assert d["failed"] and all(r["result"] == "fail" for r in d["failed"])
assert len(d["failed"]) == d["summary"]["counts"]["fail"]
assert "MX-03" in [r["id"] for r in d["failed"]]
assert set(d["ids"]) == {"failures", "alarms", "blocks", "blocked", "shared",
    "enabled", "running", "blocking", "blocking_reason", "sources"}
assert d["ids"]["shared"]["held"] == 0 and set(d["ids"]["shared"]["dropped"]) \
    == {"untrusted", "forged", "flood", "full", "refused"}
assert d["mqtt"] == {"enabled": False, "connected": False, "dropped": 0}
' "$T_DIR/status.json"
len=$(wc -c <"$T_DIR/status.json")
check "/status has Content-Length and no-store" sh -c "
	grep -qi '^content-length: $len' $T_DIR/status.h &&
	grep -qi '^cache-control: no-store' $T_DIR/status.h"

curl -s -D "$T_DIR/metrics.h" -o "$T_DIR/metrics.txt" "$U/metrics"
check "GET /metrics is text format 0.0.4" \
	grep -qi '^content-type: text/plain; version=0.0.4' "$T_DIR/metrics.h"
if command -v promtool >/dev/null 2>&1; then
	check "promtool check metrics accepts /metrics" \
		sh -c "promtool check metrics <$T_DIR/metrics.txt"
else
	not_ok "promtool is missing (package prometheus, tests/deps.sh)"
fi
check "/metrics has every family" sh -c "for m in build_info check_result \
	checks score_ratio last_scan_timestamp_seconds ids_failures_total \
	ids_alarms_total ids_blocks_total ids_blocked mqtt_connected \
	mqtt_dropped_total scans_total scans_failed_total \
	waiver_expiry_timestamp_seconds; do grep -q \"^# TYPE camguard_\$m \" \
	$T_DIR/metrics.txt || exit 1; done"
mx03='camguard_check_result{camera="cam-one",id="MX-03",severity="critical",result="fail"} 1'
check "/metrics has a failing check with its labels" grep -qxF "$mx03" \
	"$T_DIR/metrics.txt"

curl -s -D "$T_DIR/page.h" -o "$T_DIR/page.html" "$U/"
check "GET / is HTML with a restrictive CSP" sh -c "
	grep -qi '^content-type: text/html; charset=utf-8' $T_DIR/page.h &&
	grep -qi \"^content-security-policy: default-src 'none'\" $T_DIR/page.h"
check "the page names the camera and a failing check" sh -c "
	grep -q cam-one $T_DIR/page.html && grep -q MX-03 $T_DIR/page.html"

check "HEAD /status has a Content-Length and no body" client head "$P1" /status
check "HEAD /livez too" client head "$P1" /livez
check "HEAD / too" client head "$P1" /
check "an unknown path is 404" [ "$(code "$U/nope")" = 404 ]
check "POST is 405" [ "$(code "$U/status" -X POST -d x=1)" = 405 ]
check "405 says Allow: GET, HEAD" sh -c "curl -s -D - -o /dev/null -X DELETE \
	$U/status | grep -qi '^allow: GET, HEAD'"
big=$(head -c 5000 /dev/zero | tr '\0' a)
check "a header over 4 KiB is 431" \
	[ "$(code "$U/status" -H "X-Big: $big")" = 431 ]
check "HTTP/1.0 is answered" [ "$(code "$U/livez" --http1.0)" = 200 ]

check "every corpus request gets its status or a close (whole)" \
	client corpus "$P1" "$CORPUS" whole
check "and the same when sent byte by byte" \
	client corpus "$P1" "$CORPUS" split
check "the daemon survives the corpus" alive "$P1"

check "pipelined requests are answered in order" client pipeline "$P1" \
	"GET:/livez,HEAD:/status,GET:/readyz,GET:/nope,GET:/metrics,GET:/status"
"$PY" "$T_DIR/client.py" pipeline "$P1" "GET:/livez,GET:/a b,GET:/livez" \
	>"$T_DIR/pipe.out" 2>&1
check "a bad request in a pipeline is answered 400 and ends it" \
	grep -q '^200 400 closed 0$' "$T_DIR/pipe.out"
many=$(i=0; while [ $i -lt 300 ]; do printf 'GET:/livez,'; \
	i=$((i + 1)); done)GET:/status
check "300 pipelined requests (more than one input buffer) all answered" \
	client pipeline "$P1" "$many"
check "keep-alive serves two requests, then closes after 5 s idle" \
	client keepalive "$P1"

"$PY" "$T_DIR/client.py" hold "$P1" 200 "$T_DIR/ready200" \
	>"$T_DIR/hold200.out" 2>&1 &
hold=$!; T_PIDS="$T_PIDS $hold"
check "200 idle clients are all admitted" wait_for "$T_DIR/ready200" "^0$" 80
check "with 200 idle clients a new client is answered" alive "$P1"
wait "$hold"; rc=$?
check "the idle clients are closed by the idle timeout (rc $rc)" [ "$rc" = 0 ]

"$PY" "$T_DIR/client.py" hold "$P1" 260 "$T_DIR/ready260" \
	>"$T_DIR/hold260.out" 2>&1 &
hold=$!; T_PIDS="$T_PIDS $hold"
check "260 clients: the table makes room by dropping the oldest idle" \
	wait_for "$T_DIR/ready260" "^3[6-9]$" 80
check "with the table full a new client is answered" alive "$P1"
wait "$hold"; rc=$?
check "the dropped clients were the oldest (rc $rc)" [ "$rc" = 0 ]
check "the daemon still answers after all that" alive "$P1"
sed 's/^/# /' "$T_DIR/client.out" "$T_DIR/hold200.out" "$T_DIR/hold260.out"

# ---- readiness, token and rebinding on a second daemon ---------------
P2=$(free_port 2)
P3=$(free_port 3)
conf2=$T_DIR/two.json
cam2=$T_DIR/later.cfg
cat >"$conf2" <<JSON
{"camera": {"config_file": "$cam2"}, "ids": {"enabled": false},
 "status": {"listen": "127.0.0.1:$P2"}, "run": {"user": "$T_RUN_USER"}}
JSON
start two "$conf2"; pid2=$pid
U=http://127.0.0.1:$P2
check "a second daemon listens" wait_for "$T_DIR/two.log" "listening on"
check "its scan cannot read the camera" wait_for "$T_DIR/two.log" "scan failed (1 in a row):"
check "/readyz is 503 before a scan has finished" \
	[ "$(code "$U/readyz")" = 503 ]
check "/status has a null summary and no failures before a scan" sh -c "
	curl -s $U/status | grep -q '\"summary\":null,\"failed\":\[\]'"
check "/metrics before a scan passes promtool" sh -c \
	"curl -s $U/metrics | promtool check metrics"
cp "$EXAMPLE" "$cam2"
kill -USR1 "$pid2"
check "once the camera file exists a rescan finishes" \
	wait_for "$T_DIR/two.log" "scan 1:"
check "/readyz is then 200" [ "$(code "$U/readyz")" = 200 ]

printf 's3cr3t-T0ken-0123456789ab\n' >"$T_DIR/token"
chmod 600 "$T_DIR/token"
[ "$(id -u)" = 0 ] && chown "$T_RUN_USER" "$T_DIR/token"
cat >"$conf2" <<JSON
{"camera": {"config_file": "$cam2"}, "ids": {"enabled": false},
 "status": {"listen": "127.0.0.1:$P2", "token_file": "$T_DIR/token"},
 "run": {"user": "$T_RUN_USER"}}
JSON
kill -HUP "$pid2"
check "SIGHUP reads the token file" wait_for "$T_DIR/two.log" "reloaded"
check "without a token /status is 401" [ "$(code "$U/status")" = 401 ]
check "401 asks for a Bearer token" sh -c "curl -s -D - -o /dev/null \
	$U/status | grep -qi '^www-authenticate: Bearer'"
check "a wrong token is 401" \
	[ "$(code "$U/status" -H 'Authorization: Bearer s3cr3t-T0ken-0123456789ac')" = 401 ]
check "a token with a prefix too much is 401" \
	[ "$(code "$U/status" -H 'Authorization: Bearer s3cr3t-T0ken-0123456789ab2')" = 401 ]
check "Basic credentials are 401" [ "$(code "$U/status" -u a:b)" = 401 ]
check "the right token is 200" \
	[ "$(code "$U/status" -H 'Authorization: Bearer s3cr3t-T0ken-0123456789ab')" = 200 ]
check "the scheme name is case-insensitive" \
	[ "$(code "$U/metrics" -H 'Authorization: bearer s3cr3t-T0ken-0123456789ab')" = 200 ]
check "/livez needs no token" [ "$(code "$U/livez")" = 200 ]
check "/readyz, / and unknown paths need it" sh -c "
	[ \$(curl -s -o /dev/null -w '%{http_code}' $U/readyz) = 401 ] &&
	[ \$(curl -s -o /dev/null -w '%{http_code}' $U/) = 401 ] &&
	[ \$(curl -s -o /dev/null -w '%{http_code}' $U/nope) = 401 ]"

sed -i "s/127.0.0.1:$P2/127.0.0.1:$P1/" "$conf2"
kill -HUP "$pid2"
check "a rebind onto a port in use fails and says so" \
	wait_for "$T_DIR/two.log" "status: keeps its previous settings"
check "the old listener still answers" alive "$P2"
sed -i "s/127.0.0.1:$P1/127.0.0.1:$P3/" "$conf2"
kill -HUP "$pid2"
check "a rebind to a free port is logged" \
	wait_for "$T_DIR/two.log" "status: listening on 127.0.0.1:$P3"
check "the new port answers" alive "$P3"
check "the old port is closed" [ "$(code "$U/livez")" = 000 ]

# ---- blocked sources, live and restored from the state file ----------
P5=$(free_port 5)
alog=$T_DIR/access.log
: >"$alog"
conf4=$T_DIR/four.json
cat >"$conf4" <<JSON
{"camera": {"config_file": "$EXAMPLE"}, "status": {"listen": "127.0.0.1:$P5"},
 "ids": {"enabled": true, "sources": [{"path": "$alog", "format": "clf"}],
         "threshold": 5, "block_s": 600, "block_backend": "file",
         "block_file": "$T_DIR/blocks", "state_file": "$T_DIR/ids.state"},
 "run": {"user": "$T_RUN_USER"}}
JSON
start four "$conf4"; pid4=$pid
U=http://127.0.0.1:$P5
check "a daemon with intrusion detection listens" \
	wait_for "$T_DIR/four.log" "listening on"
check "and follows its log" wait_for "$T_DIR/four.log" "scan 1:"
for i in 1 2 3 4 5; do
	printf '192.0.2.7 - admin [24/Nov/2026:03:00:0%s +0000] %s 401 0\n' \
		"$i" '"GET / HTTP/1.1"' >>"$alog"
done
check "five failed logins block the source" \
	wait_for "$T_DIR/four.log" "ids: block 192.0.2.7/32"
blocked_ok() {	# blocked_ok: /status lists 192.0.2.7/32 until now+600
	curl -s "$U/status" | "$PY" -c '
import json, sys, time
ids = json.load(sys.stdin)["ids"]
b = [x for x in ids["blocked"] if x["ip"] == "192.0.2.7"]
assert len(b) == 1 and b[0]["prefix"] == 32, ids
assert time.time() + 590 < b[0]["until"] <= time.time() + 601, b
'
}
check "/status lists the block with its wall-clock end" blocked_ok
check "/status counts failures, alarms and blocks" sh -c "curl -s $U/status |
	grep -q '\"ids\":{\"failures\":5,\"alarms\":1,\"blocks\":1,'"
check "/metrics counts the block" sh -c "curl -s $U/metrics | grep -q \
	'^camguard_ids_blocked{camera=\"[^\"]*\"} 1$' && curl -s $U/metrics |
	grep -q '^camguard_ids_blocks_total{camera=\"[^\"]*\"} 1$'"
check "the page lists the blocked source" sh -c \
	"curl -s $U/ | grep -q '<td>192.0.2.7/32</td>'"
kill -TERM "$pid4"
wait "$pid4"
start four "$conf4"; pid4=$pid
check "after a restart the block comes back from the state file" \
	wait_for "$T_DIR/four.log" "1 blocks restored"
check "and /status lists it again with the same end" blocked_ok

# ---- HTTPS with a test CA --------------------------------------------
P4=$(free_port 4)
( cd "$T_DIR" &&
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout ca.key -out ca.crt -days 2 -subj /CN=test-ca &&
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout srv.key -out srv.csr -subj /CN=localhost &&
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >ext &&
  openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
	-out srv.crt -days 2 -extfile ext ) >/dev/null 2>&1
[ "$(id -u)" = 0 ] && chown "$T_RUN_USER" "$T_DIR/srv.key"
conf3=$T_DIR/three.json
cat >"$conf3" <<JSON
{"camera": {"config_file": "$EXAMPLE"}, "ids": {"enabled": false},
 "status": {"listen": "127.0.0.1:$P4",
   "tls": {"cert_file": "$T_DIR/srv.crt", "key_file": "$T_DIR/srv.key"}},
 "run": {"user": "$T_RUN_USER"}}
JSON
start three "$conf3"; pid3=$pid
U=https://localhost:$P4
check "the TLS listener starts" wait_for "$T_DIR/three.log" "(TLS)"
check "HTTPS /livez verifies against the test CA" \
	[ "$(code "$U/livez" --cacert "$T_DIR/ca.crt" \
	--resolve "localhost:$P4:127.0.0.1")" = 200 ]
check "HTTPS /status is the JSON document" sh -c "curl -s --cacert \
	$T_DIR/ca.crt --resolve localhost:$P4:127.0.0.1 $U/status |
	$PY -c 'import json,sys; assert json.load(sys.stdin)[\"summary\"]'"
check "HTTPS keeps the connection for a second request" sh -c "
	[ \"\$(curl -s -o /dev/null -o /dev/null -w '%{num_connects}' \
	--cacert $T_DIR/ca.crt --resolve localhost:$P4:127.0.0.1 \
	$U/livez $U/metrics)\" = 10 ]"
check "a TLS 1.2 handshake succeeds" sh -c "openssl s_client -connect \
	127.0.0.1:$P4 -tls1_2 -CAfile $T_DIR/ca.crt </dev/null >/dev/null 2>&1"
check "TLS 1.1 is refused (TLS 1.2 minimum)" sh -c "! openssl s_client \
	-connect 127.0.0.1:$P4 -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0' \
	</dev/null >/dev/null 2>&1"
check "plain HTTP to the TLS port gets no answer" \
	[ "$(code "http://127.0.0.1:$P4/livez")" = 000 ]
check "the TLS daemon still answers after that" [ "$(code "$U/livez" \
	--cacert "$T_DIR/ca.crt" --resolve "localhost:$P4:127.0.0.1")" = 200 ]

for p in $pid1 $pid2 $pid3 $pid4; do kill -TERM "$p"; done
for p in $pid1 $pid2 $pid3 $pid4; do
	wait "$p"; rc=$?
	check "daemon $p exits 0 on SIGTERM (got $rc)" [ "$rc" -eq 0 ]
done
t_done
