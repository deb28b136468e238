#!/bin/sh
# camguard check on the two example cameras: verdicts, exit codes, the
# JSON shape parsed back, golden reports, colour rules, waivers, bad
# policy and camera files (spec sections 2, 4, 5, 6).
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1764000000
DEF=examples/camera-default.cfg
HARD=examples/camera-hardened.cfg

"$CAMGUARD" check --no-probe --camera-config $DEF --format json >"$T_DIR/def.json"; rc=$?
check "the factory camera fails: exit 1 (got $rc)" [ "$rc" -eq 1 ]
"$CAMGUARD" check --no-probe --camera-config $HARD --format json >"$T_DIR/hard.json"; rc=$?
check "the hardened camera passes: exit 0 (got $rc)" [ "$rc" -eq 0 ]

# The fixtures README is the acceptance list.
check "default.cfg fails every check the fixtures README lists" python3 - "$T_DIR/def.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
must = "MX-03 MX-03N MX-03S MX-06 MX-07 MX-08 MX-09 MX-10 MX-11 MX-12 MX-13 MX-14 MX-15 MX-16 MX-20 VG-02 VG-03 VG-04 VG-07".split()
res = {c["id"]: c["result"] for c in d["checks"]}
bad = [i for i in must if res.get(i) != "fail"]
sys.exit(print("not failing:", bad) or 1 if bad else 0)
PY
check "hardened.cfg: no fail; MX-01, MX-02, MX-22, VG-07 manual; live-only not_checked" python3 - "$T_DIR/hard.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
res = {c["id"]: c["result"] for c in d["checks"]}
errs = [i for i, r in res.items() if r == "fail"]
errs += [i for i in "MX-01 MX-02 MX-22 VG-07".split() if res[i] != "manual"]
errs += [i for i in "MX-16E MX-16L MX-16K MX-16T MX-18 MX-21 VG-06 VG-08".split() if res[i] != "not_checked"]
sys.exit(print("wrong:", errs) or 1 if errs else 0)
PY

check "the JSON report has the shape of spec section 2 and consistent numbers" python3 - "$T_DIR/def.json" examples/camera-default.cfg <<'PY'
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
assert set(d) == {"camera", "summary", "checks"}, d.keys()
assert set(d["camera"]) == {"id", "model", "firmware"}
assert d["camera"] == {"id": "mx10-42-1-27", "model": "MX-M16B-6D6N-R12", "firmware": "MX-V5.4.2.29"}
s = d["summary"]
assert set(s) == {"camera", "time", "firmware", "model", "policy", "counts", "score", "state_sha256"}, s.keys()
assert s["time"] == 1764000000
assert set(s["policy"]) == {"id", "version", "sha256"} and len(s["policy"]["sha256"]) == 64
c = s["counts"]
keys = ["pass", "fail", "not_applicable", "manual", "error", "not_checked", "waived"]
assert sum(c[k] for k in keys) == len(d["checks"])
for k in keys:
    assert c[k] == sum(1 for r in d["checks"] if r["result"] == k), k
assert abs(s["score"] - round(c["pass"] / (c["pass"] + c["fail"]), 4)) < 1e-9
lines = "".join("%s=%s\n" % (r["id"], r["result"]) for r in sorted(d["checks"], key=lambda r: r["id"]))
assert s["state_sha256"] == hashlib.sha256(lines.encode()).hexdigest()
for r in d["checks"]:
    assert {"id", "title", "severity", "guide", "rationale", "remediation", "result", "reason", "evidence"} <= set(r), r
    assert (r["reason"] is None) == (r["result"] in ("pass", "fail")), r
    assert r["severity"] in ("critical", "high", "medium", "low", "info")
    assert isinstance(r["evidence"], dict)
    assert "Wx3P0QA1/y1bg" not in json.dumps(r), "a hash leaked into evidence"
crit = sum(1 for r in d["checks"] if r["result"] == "fail" and r["severity"] == "critical")
assert c["fail_critical"] == crit
PY
check "checks come in catalogue order" python3 -c '
import json, sys
ids = [c["id"] for c in json.load(open(sys.argv[1]))["checks"]]
assert ids[:4] == ["MX-01", "MX-02", "MX-03", "MX-03N"] and ids[-1] == "VG-08", ids
' "$T_DIR/def.json"

for p in default hardened; do
	"$CAMGUARD" check --no-probe --camera-config examples/camera-$p.cfg --format markdown >"$T_DIR/$p.md"
	check "the markdown report of $p.cfg matches its golden file" diff -u tests/golden/check-$p.md "$T_DIR/$p.md"
	"$CAMGUARD" check --no-probe --camera-config examples/camera-$p.cfg --format json >"$T_DIR/$p.json"
	check "the JSON report of $p.cfg matches its golden file" diff -u tests/golden/check-$p.json "$T_DIR/$p.json"
done

# Table: remediation for each failure, no colour off a terminal.
"$CAMGUARD" check --no-probe --camera-config $DEF >"$T_DIR/table.txt"
check "the table shows a fix line for every failure" \
	[ "$(grep -c '^fail' "$T_DIR/table.txt")" -eq "$(grep -c '^ *fix: ' "$T_DIR/table.txt")" ]
check "the table has no escape byte when not on a terminal" sh -c "! grep -q \"\$(printf '\\033')\" $T_DIR/table.txt"
if command -v script >/dev/null 2>&1; then
	script -qec "$CAMGUARD check --no-probe --camera-config $DEF" /dev/null >"$T_DIR/tty.txt" 2>&1
	check "on a terminal the table is coloured" grep -q "$(printf '\033')\[" "$T_DIR/tty.txt"
	NO_COLOR=1 script -qec "$CAMGUARD check --no-probe --camera-config $DEF" /dev/null >"$T_DIR/tty.txt" 2>&1
	check "NO_COLOR turns colour off on a terminal" sh -c "! grep -q \"\$(printf '\\033')\\[\" $T_DIR/tty.txt"
fi

# Waivers: applied, expired, malformed.
sed 's/^IEEE8021X=1/IEEE8021X=0/' $HARD >"$T_DIR/no8021x.cfg"
"$CAMGUARD" check --no-probe --camera-config "$T_DIR/no8021x.cfg" >/dev/null; rc=$?
check "one failing check (MX-20) makes exit 1 (got $rc)" [ "$rc" -eq 1 ]
cat >"$T_DIR/waive.json" <<'JSON'
{"checks": {"waivers": [{"id": "MX-20", "reason": "no 802.1X on site switches", "expires": "2025-11-24"}]}}
JSON
"$CAMGUARD" check -c "$T_DIR/waive.json" --no-probe --camera-config "$T_DIR/no8021x.cfg" --format json >"$T_DIR/w.json"; rc=$?
check "a valid waiver turns that failure into waived: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "the waived record keeps its underlying result and the waiver" python3 -c '
import json, sys
r = [c for c in json.load(open(sys.argv[1]))["checks"] if c["id"] == "MX-20"][0]
assert r["result"] == "waived" and r["underlying"] == "fail", r
assert r["waiver"] == {"reason": "no 802.1X on site switches", "expires": "2025-11-24"}, r
' "$T_DIR/w.json"
SOURCE_DATE_EPOCH=1764100000 "$CAMGUARD" check -c "$T_DIR/waive.json" --no-probe \
	--camera-config "$T_DIR/no8021x.cfg" --format json >"$T_DIR/w.json"; rc=$?
check "an expired waiver no longer applies: exit 1 (got $rc)" [ "$rc" -eq 1 ]
check "and the record says waiver_expired" python3 -c '
import json, sys
r = [c for c in json.load(open(sys.argv[1]))["checks"] if c["id"] == "MX-20"][0]
assert r["result"] == "fail" and r["waiver_expired"] is True, r
' "$T_DIR/w.json"
printf '{"checks": {"waivers": [{"id": "MX-20", "reason": "x", "expires": "2027-13-01"}]}}' >"$T_DIR/badw.json"
err=$("$CAMGUARD" check -c "$T_DIR/badw.json" --no-probe --camera-config $HARD 2>&1 >/dev/null); rc=$?
check "a malformed waiver exits 78 (got $rc)" [ "$rc" -eq 78 ]
check "and names file:line:column" [ "$err" = "$T_DIR/badw.json:1:67: checks.waivers.expires: must be a date YYYY-MM-DD" ]

# Policy files.
err=$("$CAMGUARD" check --policy "$T_DIR/missing.json" --no-probe --camera-config $HARD 2>&1 >/dev/null); rc=$?
check "a missing policy file exits 78 (got $rc)" [ "$rc" -eq 78 ]
sed 's/"ids_threshold_max"/"ids_threshold_maxi"/' packaging/policy/mobotix-v1.json >"$T_DIR/p.json"
err=$("$CAMGUARD" check --policy "$T_DIR/p.json" --no-probe --camera-config $HARD 2>&1 >/dev/null); rc=$?
check "a policy with an unknown key exits 78 (got $rc)" [ "$rc" -eq 78 ]
check "and names the policy file:line:column" sh -c "printf '%s' \"\$1\" | grep -q '^$T_DIR/p.json:[0-9]*:[0-9]*: unknown key \"ids_threshold_maxi\"'" _ "$err"
cp packaging/policy/mobotix-v1.json "$T_DIR/same.json"
"$CAMGUARD" check --policy "$T_DIR/same.json" --no-probe --camera-config $DEF --format json >"$T_DIR/same.out"
check "a policy file with the built-in's bytes gives the built-in's SHA-256" \
	python3 -c 'import json,sys,hashlib; s=json.load(open(sys.argv[1]))["summary"]["policy"]["sha256"]; assert s == hashlib.sha256(open(sys.argv[2],"rb").read()).hexdigest() == json.load(open(sys.argv[3]))["summary"]["policy"]["sha256"]' "$T_DIR/same.out" "$T_DIR/same.json" "$T_DIR/def.json"
sed 's/"key": "webserver\/AUTH"/"key": "webserver\/AUTHENTICATION"/' packaging/policy/mobotix-v1.json >"$T_DIR/remap.json"
"$CAMGUARD" check --policy "$T_DIR/remap.json" --no-probe --camera-config $DEF --format json >"$T_DIR/remap.out"
check "the policy, not the code, names the keys: a renamed key is missing" python3 -c '
import json, sys
r = [c for c in json.load(open(sys.argv[1]))["checks"] if c["id"] == "MX-10"][0]
assert r["result"] == "not_checked" and r["reason"] == "key_missing", r
' "$T_DIR/remap.out"

# Camera configuration problems exit 2 and name file:line.
printf 'SECTION webserver\nAUTH=basic\n' >"$T_DIR/unterminated.cfg"
err=$("$CAMGUARD" check --no-probe --camera-config "$T_DIR/unterminated.cfg" 2>&1 >/dev/null); rc=$?
check "an unterminated SECTION exits 2 (got $rc)" [ "$rc" -eq 2 ]
check "and names file:line" sh -c "printf '%s' \"\$1\" | grep -q '^$T_DIR/unterminated.cfg:1: '" _ "$err"
"$CAMGUARD" check --no-probe --camera-config "$T_DIR/none.cfg" 2>/dev/null; rc=$?
check "a missing camera configuration exits 2 (got $rc)" [ "$rc" -eq 2 ]
"$CAMGUARD" check --format xml --camera-config $DEF 2>/dev/null; rc=$?
check "an unknown format is a usage error (got $rc)" [ "$rc" -eq 64 ]
t_done
