#!/bin/sh
# The status endpoint's token (issue 15, item 9): a token under 128 bits
# (22 characters) or a token file group or others may read is refused by
# config-test and run (78); with a good one, wrong tokens are held back
# per connection (250 ms, doubling, at most 2 s) and counted in
# /metrics.  The hold is shown by order, not by a clock: five wrong
# tokens pipelined on one connection are still waiting when a right one
# on a second connection is answered.
. "$(dirname "$0")/lib.sh"

SP=$(free_port)
conf=$T_DIR/camguard.json
log=$T_DIR/run.log
tok=$T_DIR/token
write_conf() {
	cat >"$conf" <<JSON
{"camera": {"config_file": "$PWD/examples/camera-default.cfg"},
 "ids": {"enabled": false},
 "status": {"listen": "127.0.0.1:$SP", "token_file": "$tok"},
 "run": {"user": "$T_RUN_USER"}}
JSON
}
write_conf
own() { [ "$(id -u)" = 0 ] && chown "$T_RUN_USER" "$tok"; return 0; }

printf '%s\n' 0123456789abcdefghijk >"$tok"; chmod 600 "$tok"; own	# 21
"$CAMGUARD" config-test -c "$conf" >"$T_DIR/ct" 2>&1; rc=$?
check "a 21-character token: config-test exits 78 (got $rc)" [ "$rc" -eq 78 ]
check "and says 22 at least" grep -q "the token has 21 characters, 22 at least (128 bits" "$T_DIR/ct"
timeout 20 "$CAMGUARD" run -c "$conf" -d >"$log" 2>&1; rc=$?
check "run refuses it too: exit 78 (got $rc)" [ "$rc" -eq 78 ]

GOOD=Zm9vYmFyLWJhei0xMjM0NTY3ODkwYWJjZGVm
printf '%s\n' "$GOOD" >"$tok"; chmod 640 "$tok"; own
"$CAMGUARD" config-test -c "$conf" >"$T_DIR/ct" 2>&1; rc=$?
check "a token file readable by its group: exit 78 (got $rc)" [ "$rc" -eq 78 ]
check "and says chmod 600" grep -q "is open to group or others (mode 0640): chmod 600 it" "$T_DIR/ct"
chmod 604 "$tok"
"$CAMGUARD" config-test -c "$conf" >"$T_DIR/ct" 2>&1; rc=$?
check "readable by others: exit 78 too (got $rc)" [ "$rc" -eq 78 ]

chmod 600 "$tok"
"$CAMGUARD" run -c "$conf" -d >"$log" 2>&1 &
pid=$!; T_PIDS="$T_PIDS $pid"
check "a 36-character 0600 token starts" wait_for "$log" "listening on 127.0.0.1:$SP"
python3 - "$SP" "$GOOD" >"$T_DIR/order.out" 2>&1 <<'PY'
import socket, sys, time
port, good = int(sys.argv[1]), sys.argv[2]
def req(tok):
    h = "GET /readyz HTTP/1.1\r\nHost: x\r\n"
    if tok:
        h += "Authorization: Bearer %s\r\n" % tok
    return (h + "\r\n").encode()
a = socket.create_connection(("127.0.0.1", port))
b = socket.create_connection(("127.0.0.1", port))
t0 = time.monotonic()
a.sendall(req("wrong-token-0123456789abcd") * 4 + req(None))
time.sleep(0.05)
b.sendall(req(good))
b.settimeout(20)
got_b = b.recv(4096).split(b"\r\n")[0].decode()
a.setblocking(False)
try:
    early = a.recv(65536).count(b"HTTP/1.1 401")
except BlockingIOError:
    early = 0
print("b", got_b)
print("a401 before b", early)
a.settimeout(20)
data = b""
while data.count(b"HTTP/1.1 401") + early < 5:
    chunk = a.recv(65536)
    if not chunk:
        break
    data += chunk
n = data.count(b"HTTP/1.1 401") + early
print("a401 total", n)
print("# five wrong tokens on one connection took %.1f s" % (time.monotonic() - t0))
PY
cat "$T_DIR/order.out" | sed "s/^/# /"
check "a right token on another connection is answered (200)" \
	grep -q "^b HTTP/1.1 [25]0[03]" "$T_DIR/order.out"
check "while the five wrong ones on the first connection still wait" \
	grep -q "^a401 before b [0-4]\$" "$T_DIR/order.out"
check "all five get their 401 in the end" grep -q "^a401 total 5\$" "$T_DIR/order.out"
m=$(curl -s -H "Authorization: Bearer $GOOD" "http://127.0.0.1:$SP/metrics" |
	sed -n 's/^camguard_status_auth_failures_total{[^}]*} //p')
check "/metrics counts the five failures (got $m)" [ "$m" = 5 ]
kill -TERM "$pid"; wait_exit "$pid" || kill -KILL "$pid"; wait "$pid"
t_done
