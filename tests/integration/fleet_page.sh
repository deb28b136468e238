#!/bin/sh
# The fleet page of `camguard fleet --listen` as a browser sees it, with 50
# real agents (`camguard run`, status and IDS off, the example cameras
# under distinct camera.id values) on one mosquitto: headless Chromium
# loads / and its DOM lists all 50 and the expected ids that never came
# (a third added to --expect and read again on SIGHUP), each with its
# state (8 agents stopped: 5 killed, their Last Will says offline, 3 by
# SIGTERM), offline first, then missing, then online;
# the state filter and the id filter narrow the rows; /fleet says the
# same as JSON; /metrics passes promtool and has a camera_up per agent;
# screenshots at desktop and phone widths are kept in build/test-output/.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/build/test-output
PY=${PYTHON:-python3}
CHROMIUM=${CHROMIUM:-chromium}
D=$T_DIR
N=50
mkdir -p "$OUT"

browse() {
	rm -rf "$D/profile"
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --hide-scrollbars \
		--user-data-dir="$D/profile" "$@" 2>>"$D/chromium.log"
}
if ! command -v "$CHROMIUM" >/dev/null 2>&1 ||
    ! command -v mosquitto >/dev/null 2>&1; then
	not_ok "chromium or mosquitto is missing (tests/deps.sh check)"
	t_done
fi

PB=$(free_port 1)
PH=$(free_port 2)
[ "$PH" = "$PB" ] && PH=$((PB + 1))
printf 'listener %s 127.0.0.1\nallow_anonymous true\nuser root\n' "$PB" \
    >"$D/broker.conf"
mosquitto -c "$D/broker.conf" >"$D/broker.log" 2>&1 &
BROKER=$!; T_PIDS="$T_PIDS $BROKER"
up() { i=0; while [ $i -lt 50 ]; do ss -ltn | grep -q ":$1 " && return 0
	sleep 0.1; i=$((i + 1)); done; return 1; }
check "mosquitto listens on $PB" up "$PB"

# 50 ids of a site; every fifth camera keeps its factory settings
"$PY" -c '
import sys
sites = ["entrance", "lobby", "parking", "yard", "gate", "dock", "hall",
    "roof", "stairs", "office"]
for i in range(int(sys.argv[1])):
    print("%s-%02d" % (sites[i % len(sites)], i + 1))
' "$N" >"$D/ids"
{ cat "$D/ids"; printf 'spare-01\n# not installed yet\nspare-02\n'; } \
    >"$D/expect"

"$CAMGUARD" fleet --listen "127.0.0.1:$PH" \
    --broker "mqtt://127.0.0.1:$PB" --expect "$D/expect" >"$D/fleet.log" 2>&1 &
FLEET=$!; T_PIDS="$T_PIDS $FLEET"
check "the fleet server subscribes" wait_for "$D/fleet.log" "subscribed"
check "the fleet server listens" wait_for "$D/fleet.log" "listening on"
U=http://127.0.0.1:$PH

# every agent at once: their start-up is most of this test's time
i=0
while read -r id; do
	i=$((i + 1))
	cfg=$ROOT/examples/camera-hardened.cfg
	[ $((i % 5)) -eq 1 ] && cfg=$ROOT/examples/camera-default.cfg
	cat >"$D/$id.json" <<EOF
{"camera": {"config_file": "$cfg", "id": "$id"}, "status": {"enabled": false},
 "ids": {"enabled": false}, "run": {"user": "$T_RUN_USER"},
 "mqtt": {"enabled": true, "host": "127.0.0.1", "port": $PB}}
EOF
	"$CAMGUARD" run -c "$D/$id.json" -d >"$D/$id.log" 2>&1 &
	echo "$id $!" >>"$D/agents"
	T_PIDS="$T_PIDS $!"
done <"$D/ids"

# count STATE: cameras /fleet lists in that state
count() {
	curl -s "$U/fleet" | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
print(sum(1 for c in d["cameras"] if c["state"] == sys.argv[1]))' "$1"
}
# until_count STATE N: wait (at most 60 s) until N cameras are in STATE
until_count() {
	i=0
	while [ "$(count "$1")" != "$2" ]; do
		[ $i -ge 600 ] && { echo "# $1: $(count "$1") of $2" >&2
			return 1; }
		sleep 0.1; i=$((i + 1))
	done
}
check "all $N agents are online on /fleet" until_count online "$N"

# 5 agents die (the broker says their Last Will), 3 stop
stop_agents() {
	sed -n "$1" "$D/agents" | while read -r id pid; do
		kill "-$2" "$pid"; echo "$id" >>"$D/stopped"
	done
}
stop_agents '5~10p' KILL
stop_agents '8~15p' TERM
check "5 killed and 3 stopped agents are offline" until_count offline 8
check "the 2 spares are missing" [ "$(count missing)" = 2 ]
# a third spare on the list, read again on SIGHUP
printf 'spare-03\n' >>"$D/expect"
kill -HUP "$FLEET"
check "SIGHUP reads --expect again: 3 spares missing" until_count missing 3
printf 'bad/id\n' >>"$D/expect"
kill -HUP "$FLEET"
check "a bad id in --expect is named with its line" \
    wait_for "$D/fleet.log" "expect:$((N + 5)): not a camera id"
check "and the list before is kept" [ "$(count missing)" = 3 ]
# one alarm as an agent's IDS sends it
mosquitto_pub -p "$PB" -t MOBOTIX/lobby-02/notify/ids_alarm -q 1 -m \
    '{"source":"camguard","camera":"lobby-02","ip":"192.0.2.7","prefix":32,
"attempts":5,"first_seen":1700000000,"last_seen":1700000042,"user":"admin",
"allowlisted":false,"blocked":true,"block_until":null}'
sleep 0.3

browse --dump-dom "$U/" >"$D/dom.html"
check "Chromium renders the fleet page" grep -q '</html>' "$D/dom.html"
check "the DOM lists all $N agents and the 3 spares with their states" \
    "$PY" - "$D/dom.html" "$D/ids" "$D/stopped" <<'PY'
import sys
from html.parser import HTMLParser
class Rows(HTMLParser):
    def __init__(self):
        super().__init__(); self.rows = []; self.cell = None
    def handle_starttag(self, tag, a):
        a = dict(a)
        if tag == "td" and "cam" in (a.get("class") or "").split():
            self.cell = "id"; self.rows.append({"id": ""})
        elif tag == "span" and (a.get("class") or "").startswith("st "):
            self.rows[-1]["state"] = a["class"].split()[1]
    def handle_endtag(self, tag):
        if tag == "td": self.cell = None
    def handle_data(self, d):
        if self.cell == "id": self.rows[-1]["id"] += d
p = Rows(); p.feed(open(sys.argv[1]).read())
ids = open(sys.argv[2]).read().split()
stopped = set(open(sys.argv[3]).read().split())
want = {i: "offline" if i in stopped else "online" for i in ids}
want.update({s: "missing" for s in ("spare-01", "spare-02", "spare-03")})
got = {r["id"]: r["state"] for r in p.rows}
assert len(p.rows) == len(want) == 53, (len(p.rows), len(want))
assert got == want, [(i, got.get(i), s) for i, s in want.items() if got.get(i) != s]
rank = {"offline": 0, "missing": 1, "unknown": 2, "online": 3}
order = [rank[r["state"]] for r in p.rows]
assert order == sorted(order), order
PY
curl -s "$U/fleet" >"$D/fleet.json"
check "factory cameras come first among the online ones" "$PY" -c '
import json, sys
cams = [c for c in json.load(open(sys.argv[1]))["cameras"]
    if c["state"] == "online"]
crit = [c["fail_critical"] for c in cams]
assert crit == sorted(crit, reverse=True) and crit[0] > 0 and crit[-1] == 0, crit
' "$D/fleet.json"
check "the alarm shows in its row" grep -q '192.0.2.7<span class="t">' \
    "$D/dom.html"
check "the page has no script and loads nothing from elsewhere" sh -c "
	! grep -qi '<script' '$D/dom.html' &&
	! grep -Eqi '(src|href)=\"(https?:)?//' '$D/dom.html'"
rows_of() { curl -s "$U/$1" | grep -o '<td data-l="Camera" class="cam">' |
	wc -l; }
check "?state=offline lists the 8 offline only" [ "$(rows_of '?state=offline')" = 8 ]
check "?state=offline,missing&q=gate lists offline and missing gates" \
    [ "$(rows_of '?state=offline,missing&q=GATE')" = \
    "$(grep -c gate "$D/stopped")" ]
check "a bad query is 400" [ "$(curl -s -o /dev/null -w '%{http_code}' \
    "$U/?state=asleep")" = 400 ]
check "the page's CSP forbids scripts and lets the filter form submit" sh -c "
	curl -sI '$U/' | grep -i '^content-security-policy:' |
	grep -q \"default-src 'none'.*form-action 'self'\""

curl -s "$U/metrics" >"$D/metrics.txt"
if command -v promtool >/dev/null; then
	check "promtool check metrics accepts /metrics" sh -c \
	    "promtool check metrics <'$D/metrics.txt' >'$D/promtool.log' 2>&1"
fi
check "/metrics: camera_up 1 for 42 agents and 0 for 8" sh -c "
	[ \$(grep -c '^camguard_fleet_camera_up{.*} 1\$' '$D/metrics.txt') = 42 ] &&
	[ \$(grep -c '^camguard_fleet_camera_up{.*} 0\$' '$D/metrics.txt') = 8 ]"
check "/metrics: 3 cameras missing" \
    grep -qx 'camguard_fleet_cameras_missing 3' "$D/metrics.txt"

# figures (printed, not asserted): each URL with a new query renders anew
for u in '/?n=1' '/fleet?n=2' '/metrics?n=3'; do
	t=$(curl -s -o /dev/null -w '%{time_total} %{size_download}' "$U$u")
	echo "# $u with $N cameras: ${t% *} s, ${t#* } bytes"
done
echo "# fleet server: $(ps -o rss= -p "$FLEET") kB resident"

rm -f "$OUT/fleet-page-desktop.png" "$OUT/fleet-page-phone.png"
(cd "$OUT" && browse --window-size=1280,2700 \
	--screenshot="$OUT/fleet-page-desktop.png" "$U/")
(cd "$OUT" && browse --window-size=412,2000 \
	--screenshot="$OUT/fleet-page-phone.png" "$U/")
for f in desktop phone; do
	check "a $f screenshot is kept in build/test-output" "$PY" -c '
import sys
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n" and len(b) > 20000, len(b)
' "$OUT/fleet-page-$f.png"
done

kill -TERM "$FLEET"
wait "$FLEET"; rc=$?
check "the fleet server exits 0 on SIGTERM (got $rc)" [ "$rc" -eq 0 ]
t_done
