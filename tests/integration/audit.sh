#!/bin/sh
# camguard audit against 20 camera simulators (issue 17) in a network
# namespace of its own, each camera on its own loopback address there:
# 10 factory cameras (Basic over HTTP, two of them switched to Digest), 8
# hardened cameras (Digest over HTTPS, a CA-signed certificate, one with
# a Telnet listener on its port 23), one black-holed camera (it accepts
# and never answers) and one asked with a wrong password.  The index
# lists all 20 worst first, with the same scores and failures as
# `camguard check --remote` finds for each camera alone, and the two
# errors with their reasons; exit 2; every readable camera has its
# report in every format; the run ends within the camera.timeout_ms
# bounds (a hard `timeout` around it; the time is printed).  Remote
# audits: MX-21 and VG-06 not_applicable/remote_audit, VG-01 by connects.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SIM=$ROOT/tests/camsim/camsim.py
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1764000000
N=20
TIMEOUT_MS=1000
JOBS=8

if [ "$(id -u)" != 0 ] || ! command -v python3 >/dev/null ||
    ! command -v openssl >/dev/null; then
	echo "1..0 # SKIP needs root (a network namespace), python3, openssl"
	exit 0
fi
NS=cg-audit-$$
ip netns add "$NS" 2>/dev/null || { echo "1..0 # SKIP ip netns add"; exit 0; }
ns_cleanup() { t_cleanup; ip netns del "$NS" 2>/dev/null; rm -rf "/etc/netns/$NS"; }
trap ns_cleanup EXIT INT TERM
nsx() { ip netns exec "$NS" "$@"; }
# A process left running is started with ip netns exec itself, not nsx: a
# shell function sent to the background is a subshell, and $! would be
# the subshell's PID, which the cleanup kills while the program lives on.
nsx ip link set lo up

addr() { echo "127.0.1.$1"; }

# ---- a CA and one certificate for every camera address -------------------------
sans=$(i=1; while [ $i -le $N ]; do printf 'IP:%s,' "$(addr $i)"; i=$((i + 1)); done)
( cd "$T_DIR" &&
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout ca.key -out ca.crt -days 30 -subj /CN=audit-test-ca &&
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout srv.key -out srv.csr -subj /CN=camera &&
printf 'subjectAltName=%s\n' "${sans%,}" >ext &&
openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
	-out srv.crt -days 300 -extfile ext ) >"$T_DIR/openssl.log" 2>&1 ||
	{ echo "Bail out! openssl could not make the certificates"; exit 1; }

mkdir -p "$T_DIR/site/pw"
printf 'meinsm\n' >"$T_DIR/site/pw/factory"
printf 'Lobby-Cam-2024-x9\n' >"$T_DIR/site/pw/hardened"
printf 'not-the-password\n' >"$T_DIR/site/pw/wrong"
cp "$T_DIR/ca.crt" "$T_DIR/site/ca.crt"
chmod 600 "$T_DIR"/site/pw/*

# ---- 20 cameras -------------------------------------------------------------------
# sim I PROFILE ARGS...: camera I on its own address, ports from the kernel
sim() {
	n=$1 p=$2; shift 2
	ip netns exec "$NS" python3 "$SIM" --profile "$p" --bind "$(addr "$n")" "$@" \
		>"$T_DIR/sim$n.out" 2>"$T_DIR/sim$n.err" &
	T_PIDS="$T_PIDS $!"
}
port() { tr ' ' '\n' <"$T_DIR/sim$1.out" | sed -n "s/^$2=//p"; }

i=1
while [ $i -le $N ]; do
	case $i in
	9|10)	sim $i default --http-port 0 --rtsp-port 0 --auth digest ;;
	[1-8])	sim $i default --http-port 0 --rtsp-port 0 ;;
	19)	sim $i default --blackhole-port 0 ;;
	*)	sim $i hardened --https-port 0 --rtsp-port 0 \
		    --cert "$T_DIR/srv.crt" --key "$T_DIR/srv.key" ;;
	esac
	i=$((i + 1))
done
# camera 18 also runs Telnet (a listener on its port 23)
ip netns exec "$NS" python3 -c 'import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.1.18", 23)); s.listen(8); print("telnet ready", flush=True)
time.sleep(3600)' >"$T_DIR/telnet.out" 2>&1 &
T_PIDS="$T_PIDS $!"
# (wait_for counts with $i: the loop counts with $k)
k=1
while [ $k -le $N ]; do
	wait_for "$T_DIR/sim$k.out" "camsim ready" ||
		{ echo "Bail out! simulator $k did not start"; exit 1; }
	k=$((k + 1))
done
wait_for "$T_DIR/telnet.out" "telnet ready" ||
	{ echo "Bail out! no Telnet listener"; exit 1; }

# The cameras file: relative paths, a comment, both profiles.
{
	echo "# site audit test: $N cameras"
	echo "id,url,user,password_file,ca_file"
	i=1
	while [ $i -le $N ]; do
		a=$(addr $i)
		case $i in
		[1-9]|10) echo "cam-$i,http://$a:$(port $i http),admin,pw/factory," ;;
		19) echo "cam-$i,http://$a:$(port $i blackhole),admin,pw/factory," ;;
		20) echo "cam-$i,https://$a:$(port $i https),camadmin,pw/wrong,ca.crt" ;;
		*) echo "cam-$i,https://$a:$(port $i https),camadmin,pw/hardened,ca.crt" ;;
		esac
		i=$((i + 1))
	done
} >"$T_DIR/site/cameras.csv"
cat >"$T_DIR/camguard.json" <<JSON
{"camera": {"timeout_ms": $TIMEOUT_MS},
 "report": {"customer": "ACME", "site": "Plant 2", "engineer": "Jo Smith",
            "company": "Integrator Ltd"}}
JSON

# ---- the audit --------------------------------------------------------------------
# Every camera ends within AUDIT_CAMERA_TIMEOUTS (7) x timeout_ms plus 5 s
# of slack (the parent ends it then), so $N cameras at $JOBS at once end
# within ceil(N / JOBS) such rounds; `timeout` holds the run to that.
bound=$(( (N + JOBS - 1) / JOBS * (7 * TIMEOUT_MS + 5000) / 1000 + 5 ))
t0=$(date +%s%N)
nsx timeout "$bound" "$CAMGUARD" audit -c "$T_DIR/camguard.json" \
	--cameras "$T_DIR/site/cameras.csv" --jobs $JOBS --out "$T_DIR/out" \
	>"$T_DIR/audit.txt" 2>"$T_DIR/audit.err"
rc=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "# audit of $N cameras, --jobs $JOBS, timeout_ms $TIMEOUT_MS: $ms ms (bound ${bound} s)"
check "the audit ends within the timeout_ms bounds (${bound} s) and exits 2: a camera was unreadable (got $rc)" \
	[ "$rc" -eq 2 ]

# Each camera alone, for the scores the index must show.
i=1
while [ $i -le $N ]; do
	[ $i -eq 19 ] || [ $i -eq 20 ] && { i=$((i + 1)); continue; }
	line=$(grep "^cam-$i," "$T_DIR/site/cameras.csv")
	url=$(echo "$line" | cut -d, -f2)
	pw=$(echo "$line" | cut -d, -f4)
	ca=$(echo "$line" | cut -d, -f5)
	user=$(echo "$line" | cut -d, -f3)
	nsx "$CAMGUARD" check -c "$T_DIR/camguard.json" --remote --format json \
		--camera-url "$url" --user "$user" \
		--password-file "$T_DIR/site/$pw" \
		${ca:+--ca-file "$T_DIR/site/$ca"} >"$T_DIR/alone-$i.json" 2>/dev/null
	i=$((i + 1))
done

check "the index lists all $N cameras, worst first, with each camera's own score and failures" python3 -c '
import json, sys
idx = json.load(open(sys.argv[1]))
cams = idx["cameras"]
assert len(cams) == 20, len(cams)
assert sorted(c["id"] for c in cams) == sorted("cam-%d" % i for i in range(1, 21))
assert idx["summary"] == {"cameras": 20, "unreadable": 2, "exit": 2}, idx["summary"]
assert idx["site"]["customer"] == "ACME"
assert [c["status"] for c in cams[:2]] == ["error", "error"], cams[:2]
scores = [c["score"] for c in cams[2:]]
assert scores == sorted(scores), scores
for c in cams[2:]:
    alone = json.load(open(sys.argv[2] + "/alone-%s.json" % c["id"][4:]))
    s = alone["summary"]
    assert c["score"] == s["score"], (c["id"], c["score"], s["score"])
    assert c["state_sha256"] == s["state_sha256"], c["id"]
    assert c["counts"] == s["counts"], c["id"]
    want = sorted(r["id"] for r in alone["checks"] if r["result"] == "fail"
                  and r["severity"] in ("critical", "high"))
    assert sorted(c["fail_critical"] + c["fail_high"]) == want, (c["id"], want)
' "$T_DIR/out/index.json" "$T_DIR"
check "factory cameras fail MX-03 and MX-06 (critical); hardened ones pass them" python3 -c '
import json, sys
cams = {c["id"]: c for c in json.load(open(sys.argv[1]))["cameras"]}
for i in range(1, 11):
    c = cams["cam-%d" % i]
    assert c["status"] == "fail" and {"MX-03", "MX-06"} <= set(c["fail_critical"]), c
for i in range(11, 19):
    c = cams["cam-%d" % i]
    assert c["fail_critical"] == [], c
    assert c["score"] > cams["cam-1"]["score"], c
' "$T_DIR/out/index.json"
check "the black-holed camera is listed as an error: no reply within timeout_ms" python3 -c '
import json, sys
c = [c for c in json.load(open(sys.argv[1]))["cameras"] if c["id"] == "cam-19"][0]
assert c["status"] == "error" and "timeout" in c["error"] and "1000" in c["error"], c
' "$T_DIR/out/index.json"
check "the wrong password is listed as an error: the login was refused" python3 -c '
import json, sys
c = [c for c in json.load(open(sys.argv[1]))["cameras"] if c["id"] == "cam-20"][0]
assert c["status"] == "error" and "refused" in c["error"], c
assert "not-the-password" not in json.dumps(c)
' "$T_DIR/out/index.json"
check "Digest and Basic cameras were both read (cam-9 offers Digest only, cam-1 Basic)" python3 -c '
import json, sys
def mx10(n):
    return [c for c in json.load(open(sys.argv[1] + "/cam-%d.json" % n))["checks"]
            if c["id"] == "MX-10"][0]["evidence"]["live_offers"]
assert mx10(9) == "digest" and mx10(1) == "basic" and mx10(11) == "digest"
' "$T_DIR/out"
check "every readable camera has its report in every format, the others none" sh -c '
	i=1
	while [ $i -le 20 ]; do
		for e in html md json txt; do
			if [ $i -ge 19 ]; then
				[ ! -e "$1/cam-$i.$e" ] || exit 1
			else
				[ -s "$1/cam-$i.$e" ] || exit 1
			fi
		done
		i=$((i + 1))
	done' sh "$T_DIR/out"
check "index.html and index.txt list the 20 cameras and the two reasons" sh -c "
	[ \$(grep -c '<tr class=' '$T_DIR/out/index.html') -eq 20 ] &&
	grep -q 'camera.timeout_ms 1000' '$T_DIR/out/index.html' &&
	grep -q 'refused' '$T_DIR/out/index.html' &&
	[ \$(grep -c '^error  \|^fail   \|^pass   ' '$T_DIR/out/index.txt') -eq 20 ] &&
	cmp -s '$T_DIR/out/index.txt' '$T_DIR/audit.txt'"
check "remote audit: MX-21 and VG-06 not_applicable/remote_audit" python3 -c '
import json, sys
r = {c["id"]: c for c in json.load(open(sys.argv[1]))["checks"]}
for i in ("MX-21", "VG-06"):
    assert r[i]["result"] == "not_applicable" and r[i]["reason"] == "remote_audit", r[i]
' "$T_DIR/out/cam-11.json"
check "remote audit: VG-01 by connects, passing where ports 21-23 are closed" python3 -c '
import json, sys
r = {c["id"]: c for c in json.load(open(sys.argv[1]))["checks"]}["VG-01"]
assert r["result"] == "pass", r
assert r["evidence"]["live_connect"] == "tcp/21 closed tcp/22 closed tcp/23 closed", r
' "$T_DIR/out/cam-11.json"
check "remote audit: the camera with Telnet fails VG-01, tcp/23 open" python3 -c '
import json, sys
r = {c["id"]: c for c in json.load(open(sys.argv[1]))["checks"]}["VG-01"]
assert r["result"] == "fail" and "tcp/23 open" in r["evidence"]["live_connect"], r
c = [c for c in json.load(open(sys.argv[2]))["cameras"] if c["id"] == "cam-18"][0]
assert c["fail_high"] == ["VG-01"], c
' "$T_DIR/out/cam-18.json" "$T_DIR/out/index.json"

# ---- French, --jobs 1, a bad cameras file --------------------------------------------
printf 'id,url,user,password_file,ca_file\ncam-1,%s,admin,pw/factory,\n' \
	"$(grep '^cam-1,' "$T_DIR/site/cameras.csv" | cut -d, -f2)" \
	>"$T_DIR/site/one.csv"
nsx "$CAMGUARD" audit -c "$T_DIR/camguard.json" --cameras "$T_DIR/site/one.csv" \
	--jobs 1 --lang fr --out "$T_DIR/fr" >"$T_DIR/fr.txt" 2>/dev/null; rc=$?
check "one failing camera, in French: exit 1 (got $rc), French index and report" sh -c "
	[ $rc -eq 1 ] && grep -q 'Audit du site' '$T_DIR/fr/index.html' &&
	grep -q 'Caméras: 1' '$T_DIR/fr.txt' &&
	grep -q 'Rapport de mise en service' '$T_DIR/fr/cam-1.html' &&
	grep -q 'Non conforme' '$T_DIR/fr/cam-1.md'"
# A scan that hangs is ended by the parent at its deadline and listed as
# an error.  Host names are resolved outside the probes' deadlines, so a
# name server that never answers is how a scan hangs: ip netns exec gives
# the namespace its own resolv.conf naming a UDP socket that drops every
# query, with long resolver timeouts.
mkdir -p "/etc/netns/$NS"
printf 'nameserver 127.0.1.99\noptions timeout:30 attempts:5\n' \
	>"/etc/netns/$NS/resolv.conf"
ip netns exec "$NS" python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.1.99", 53)); print("dns ready", flush=True)
while True: s.recv(512)' >"$T_DIR/dns.out" 2>&1 &
T_PIDS="$T_PIDS $!"
wait_for "$T_DIR/dns.out" "dns ready" >/dev/null
printf 'id,url,user,password_file,ca_file\ncam-x,http://cam-x.site.invalid,admin,pw/factory,\n' \
	>"$T_DIR/site/hang.csv"
printf '{"camera": {"timeout_ms": 300}}' >"$T_DIR/fast.json"
t0=$(date +%s%N)
nsx timeout 60 "$CAMGUARD" audit -c "$T_DIR/fast.json" \
	--cameras "$T_DIR/site/hang.csv" --out "$T_DIR/hang" >/dev/null 2>&1; rc=$?
echo "# a camera whose name never resolves: ended after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
check "a scan that hangs (a silent name server) is ended at 7 x timeout_ms + 5 s and listed (exit $rc)" python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["cameras"][0]
assert c["status"] == "error" and "no result within 7 x camera.timeout_ms" in c["error"], c
' "$T_DIR/hang/index.json"
rm -rf "/etc/netns/$NS"
printf 'id,url,user,password_file,ca_file\ncam-1,http://a,,,\ncam-1,http://b,,,\n' \
	>"$T_DIR/dup.csv"
"$CAMGUARD" audit --cameras "$T_DIR/dup.csv" --out "$T_DIR/dup" \
	>/dev/null 2>"$T_DIR/err"; rc=$?
check "a cameras file with an id twice: exit 78 naming file:line (got $rc)" \
	sh -c "[ $rc -eq 78 ] && grep -q 'dup.csv:3: this id is listed twice' '$T_DIR/err'"
"$CAMGUARD" audit --cameras "$T_DIR/dup.csv" --jobs 0 >/dev/null 2>&1; rc=$?
check "--jobs 0: usage error (got $rc)" [ "$rc" -eq 64 ]

t_done
