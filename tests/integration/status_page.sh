#!/bin/sh
# The status page at / as a browser sees it: headless Chromium loads it
# from a running daemon (example camera), its DOM names the camera, the
# failing checks with their remediation, and has no script; screenshots
# at phone and desktop widths are kept under build/test-output/ for a
# person to look at.
. "$(dirname "$0")/lib.sh"

EXAMPLE=$(cd "$(dirname "$0")/../../examples" && pwd)/camera-default.cfg
OUT=$(cd "$(dirname "$0")/../.." && pwd)/build/test-output
PY=${PYTHON:-python3}
CHROMIUM=${CHROMIUM:-chromium}
mkdir -p "$OUT"

# browse OUTPUT-ARGS...: headless Chromium with a fresh profile
browse() {
	rm -rf "$T_DIR/profile"
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --hide-scrollbars \
		--user-data-dir="$T_DIR/profile" "$@" 2>>"$T_DIR/chromium.log"
}

if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
	not_ok "chromium is missing (tests/deps.sh check installs it)"
	t_done
fi

P=$(free_port)
cat >"$T_DIR/camguard.json" <<JSON
{"camera": {"config_file": "$EXAMPLE", "id": "cam-page-01"},
 "ids": {"enabled": false}, "status": {"listen": "127.0.0.1:$P"},
 "run": {"user": "$T_RUN_USER"}}
JSON
"$CAMGUARD" run -c "$T_DIR/camguard.json" -d >"$T_DIR/run.log" 2>&1 &
pid=$!; T_PIDS="$T_PIDS $pid"
check "the daemon listens" wait_for "$T_DIR/run.log" "listening on"
check "the first scan finishes" wait_for "$T_DIR/run.log" "scan 1:"
U=http://127.0.0.1:$P/

curl -s "${U}status" >"$T_DIR/status.json"
browse --dump-dom "$U" >"$T_DIR/dom.html"
check "Chromium renders the page" grep -q '</html>' "$T_DIR/dom.html"
check "the DOM names the camera" grep -q '<h1>cam-page-01</h1>' \
	"$T_DIR/dom.html"
check "the DOM has every failing check with its remediation" "$PY" -c '
import html, json, sys
dom = open(sys.argv[2]).read()
failed = json.load(open(sys.argv[1]))["failed"]
assert len(failed) > 5, len(failed)
for r in failed:
    assert r["id"] in dom, r["id"]
    assert html.escape(r["remediation"], quote=False) in dom, r["id"]
assert dom.index(">critical<") < dom.index(">high<") < dom.index(">low<")
' "$T_DIR/status.json" "$T_DIR/dom.html"
check "the DOM shows the firmware and the time of the scan in UTC" sh -c "
	grep -q 'MX-V5.4.2.29' $T_DIR/dom.html &&
	grep -Eq '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC' $T_DIR/dom.html"
check "the page has no script and loads nothing from elsewhere" sh -c "
	! grep -qi '<script' $T_DIR/dom.html &&
	! grep -Eqi '(src|href)=\"(https?:)?//' $T_DIR/dom.html"

rm -f "$OUT/status-page-phone.png" "$OUT/status-page-desktop.png"
(cd "$OUT" && browse --window-size=412,1600 \
	--screenshot="$OUT/status-page-phone.png" "$U")
(cd "$OUT" && browse --window-size=1280,1400 \
	--screenshot="$OUT/status-page-desktop.png" "$U")
for f in phone desktop; do
	check "a $f screenshot is kept in build/test-output" "$PY" -c '
import sys
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n" and len(b) > 10000, len(b)
' "$OUT/status-page-$f.png"
done

kill -TERM "$pid"
wait "$pid"; rc=$?
check "the daemon exits 0 (got $rc)" [ "$rc" -eq 0 ]
t_done
