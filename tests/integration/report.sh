#!/bin/sh
# The commissioning report a customer signs (issue 17): headless Chromium
# prints the HTML report of the factory and the hardened camera, in French
# and English, with waivers, to A4 PDF; pdftotext finds every check id,
# the header fields, the scan's state_sha256 and the signature blocks;
# every page printed by pdftoppm has no ink in its right margin and the
# first page is not shrunk to fit (nothing clipped); the French report
# holds no English check title.  Also: --site and report.lang, an unknown
# language refused, the Markdown and table headers, `camguard explain`;
# the daemon's /report and its page at / in the language asked for
# (?lang=, Accept-Language, report.lang).
# Page PNGs are kept under build/test-output/report/.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/build/test-output/report
CHROMIUM=${CHROMIUM:-chromium}
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1764000000
mkdir -p "$OUT"

for tool in "$CHROMIUM" pdftotext pdftoppm python3; do
	command -v "$tool" >/dev/null 2>&1 && continue
	not_ok "$tool is missing (tests/deps.sh check installs it)"
	P=$(free_port)
cat >"$T_DIR/run.json" <<JSON
{"camera": {"config_file": "$T_DIR/factory.cfg", "id": "cam-page-01"},
 "ids": {"enabled": false}, "status": {"listen": "127.0.0.1:$P"},
 "run": {"user": "$T_RUN_USER"},
 "report": {"lang": "fr", "customer": "ACME", "site": "Plant 2",
            "engineer": "Jo Smith", "company": "Integrator Ltd"}}
JSON
"$CAMGUARD" run -c "$T_DIR/run.json" -d >"$T_DIR/run.log" 2>&1 &
T_PIDS="$T_PIDS $!"
check "the daemon scans" wait_for "$T_DIR/run.log" "scan 1:"
U=http://127.0.0.1:$P
curl -s "$U/status" >"$T_DIR/st.json"
curl -s -D "$T_DIR/rep.head" -H 'Accept-Language: en-US,en;q=0.9' \
	"$U/report" >"$T_DIR/rep-en.html"
curl -s -H 'Accept-Language: fr-CH, fr;q=0.9, en;q=0.8' "$U/report" \
	>"$T_DIR/rep-fr.html"
curl -s "$U/report" >"$T_DIR/rep-default.html"
curl -s -H 'Accept-Language: fr' "$U/report?lang=en" >"$T_DIR/rep-q.html"
check "/report is the HTML report of the last scan, with its state_sha256" python3 -c '
import json, sys
st = json.load(open(sys.argv[1]))["summary"]
html = open(sys.argv[2]).read()
assert html.startswith("<!DOCTYPE html>"), html[:80]
assert st["state_sha256"] in html and st["policy"]["sha256"] in html
assert "cam-page-01" in html and "ACME" in html and "Jo Smith" in html
assert "<script" not in html and "src=" not in html
' "$T_DIR/st.json" "$T_DIR/rep-en.html"
check "/report is text/html under the page's Content-Security-Policy" sh -c "
	grep -qi '^content-type: text/html; charset=utf-8' '$T_DIR/rep.head' &&
	grep -qi \"^content-security-policy: default-src 'none'\" '$T_DIR/rep.head'"
check "Accept-Language en-US: English; fr-CH: French" sh -c "
	grep -q '<html lang=\"en\">' '$T_DIR/rep-en.html' &&
	grep -q 'Camera hardening commissioning report' '$T_DIR/rep-en.html' &&
	grep -q '<html lang=\"fr\">' '$T_DIR/rep-fr.html' &&
	grep -q 'Rapport de mise en service' '$T_DIR/rep-fr.html' &&
	grep -q '>Non conforme<' '$T_DIR/rep-fr.html'"
check "no Accept-Language: report.lang (fr); ?lang=en wins over the header" sh -c "
	grep -q '<html lang=\"fr\">' '$T_DIR/rep-default.html' &&
	grep -q '<html lang=\"en\">' '$T_DIR/rep-q.html'"
curl -s -H 'Accept-Language: fr' "$U/" >"$T_DIR/page-fr.html"
curl -s -H 'Accept-Language: en' "$U/" >"$T_DIR/page-en.html"
check "the status page follows Accept-Language: French words and check texts" sh -c "
	grep -q '<html lang=\"fr\">' '$T_DIR/page-fr.html' &&
	grep -q 'Contrôles non conformes' '$T_DIR/page-fr.html' &&
	grep -q 'Accès public désactivé' '$T_DIR/page-fr.html' &&
	grep -q 'Menu Admin &gt; Sécurité' '$T_DIR/page-fr.html' &&
	grep -q '<a href=\"/report\">Rapport de mise en service</a>' '$T_DIR/page-fr.html' &&
	! grep -q 'Public access disabled' '$T_DIR/page-fr.html' &&
	grep -q 'Failing checks' '$T_DIR/page-en.html' &&
	grep -q 'Public access disabled' '$T_DIR/page-en.html'"
if command -v "$CHROMIUM" >/dev/null 2>&1; then
	rm -rf "$T_DIR/profile"
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--no-first-run --user-data-dir="$T_DIR/profile" \
		--no-pdf-header-footer --lang=fr \
		--print-to-pdf="$T_DIR/served.pdf" "$U/report?lang=fr" \
		2>>"$T_DIR/chromium.log"
	pdftotext "$T_DIR/served.pdf" "$T_DIR/served.txt" 2>/dev/null
	check "Chromium prints /report?lang=fr from the daemon: the French report" \
		sh -c "grep -q 'Rapport de mise en service' '$T_DIR/served.txt' &&
		grep -q 'Acceptation du client' '$T_DIR/served.txt'"
fi

t_done
done

cat >"$T_DIR/site.json" <<'JSON'
{"customer": "Hôpital Saint-Louis", "site": "Bâtiment B, Lyon",
 "engineer": "Camille Martin", "company": "Sécurité Vidéo SARL"}
JSON
# Waivers for a failure of each camera (the hardened camera's MX-20 is
# turned off below so that it has one).
cat >"$T_DIR/camguard.json" <<'JSON'
{"checks": {"waivers": [
  {"id": "MX-20", "reason": "pas de 802.1X sur les commutateurs du site", "expires": "2027-06-30"},
  {"id": "MX-11", "reason": "VMS needs port 80 until the upgrade", "expires": "2027-01-31"}]},
 "report": {"lang": "en", "customer": "ACME", "site": "Plant 2",
            "engineer": "Jo Smith", "company": "Integrator Ltd"}}
JSON
sed 's/^IEEE8021X=1/IEEE8021X=0/' "$ROOT/examples/camera-hardened.cfg" \
	>"$T_DIR/hardened.cfg"
cp "$ROOT/examples/camera-default.cfg" "$T_DIR/factory.cfg"

# pdf NAME: NAME.html printed to NAME.pdf, its text, its pages as PGM
# (checked) and PNG (kept)
pdf() {
	rm -rf "$T_DIR/profile"
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--no-first-run --disable-background-networking \
		--user-data-dir="$T_DIR/profile" --no-pdf-header-footer \
		--print-to-pdf="$T_DIR/$1.pdf" "file://$T_DIR/$1.html" \
		2>>"$T_DIR/chromium.log"
	pdftotext "$T_DIR/$1.pdf" "$T_DIR/$1.txt" &&
	pdftoppm -gray -r 50 "$T_DIR/$1.pdf" "$T_DIR/$1" &&
	rm -f "$OUT/$1"-*.png &&
	pdftoppm -png -r 60 "$T_DIR/$1.pdf" "$OUT/$1"
}

# One text, all whitespace runs as one space (table cells wrap).
flat() { tr -s ' \n\t\f' '    ' <"$T_DIR/$1.txt"; }

for cam in factory hardened; do
	for lang in fr en; do
		n=$cam-$lang
		"$CAMGUARD" check -c "$T_DIR/camguard.json" --no-probe \
			--camera-config "$T_DIR/$cam.cfg" --format html \
			--lang $lang --site "$T_DIR/site.json" >"$T_DIR/$n.html"
		"$CAMGUARD" check -c "$T_DIR/camguard.json" --no-probe \
			--camera-config "$T_DIR/$cam.cfg" --format json \
			--lang $lang >"$T_DIR/$n.json"
		check "$n: Chromium prints the HTML report to a PDF" pdf "$n"
		check "$n: the PDF has A4 pages" sh -c \
			"pdfinfo '$T_DIR/$n.pdf' | grep -q 'Page size: *59[45].* x 84[12].*(A4)'"
		flat "$n" >"$T_DIR/$n.flat"
		check "$n: pdftotext finds every check id" python3 -c '
import json, sys
text = open(sys.argv[2]).read()
ids = [c["id"] for c in json.load(open(sys.argv[1]))["checks"]]
assert len(ids) >= 35, ids
missing = [i for i in ids if i not in text]
assert not missing, missing
' "$T_DIR/$n.json" "$T_DIR/$n.flat"
		check "$n: the header fields (customer, site, engineer, company, camera, model, firmware)" python3 -c '
import json, sys
text = open(sys.argv[2]).read()
cam = json.load(open(sys.argv[1]))["camera"]
for s in ("Hôpital Saint-Louis", "Bâtiment B, Lyon", "Camille Martin",
          "Sécurité Vidéo SARL", cam["id"], cam["model"], cam["firmware"],
          "2025-11-24 16:00 UTC"):
    assert s in text, s
' "$T_DIR/$n.json" "$T_DIR/$n.flat"
		check "$n: the scan's state_sha256 and the policy's SHA-256" python3 -c '
import json, sys
text = open(sys.argv[2]).read()
s = json.load(open(sys.argv[1]))["summary"]
assert s["state_sha256"] in text and s["policy"]["sha256"] in text
' "$T_DIR/$n.json" "$T_DIR/$n.flat"
		check "$n: no ink in any page's right margin, first page not shrunk" \
			python3 "$ROOT/tests/integration/pdf_margin.py" 50 8 180 \
			"$T_DIR/$n"-*.pgm
		echo "# $n: $(ls "$T_DIR/$n"-*.pgm | wc -l) pages," \
			"PNG in build/test-output/report/"
	done
	check "$cam: the French signature blocks" sh -c "
		grep -q 'Technicien de mise en service' '$T_DIR/$cam-fr.flat' &&
		grep -q 'Acceptation du client' '$T_DIR/$cam-fr.flat' &&
		grep -q 'Signature' '$T_DIR/$cam-fr.flat'"
	check "$cam: the English signature blocks" sh -c "
		grep -q 'Commissioning technician' '$T_DIR/$cam-en.flat' &&
		grep -q 'Customer acceptance' '$T_DIR/$cam-en.flat'"
	check "$cam: French status words, the waiver's reason and expiry" sh -c "
		grep -q 'Dérogation' '$T_DIR/$cam-fr.flat' &&
		grep -q '2027-06-30' '$T_DIR/$cam-fr.flat' &&
		grep -q 'pas de 802.1X sur les commutateurs du site' '$T_DIR/$cam-fr.flat'"
	# English titles, as the English report prints them: each must be in
	# the English PDF (so the search works) and none in the French one,
	# except a title the French texts of the policy contain themselves
	# (MX-20's "IEEE 802.1X" is a French menu name too).
	check "$cam: the French report holds no English check title" python3 -c '
import json, sys
en = json.load(open(sys.argv[1]))["checks"]
fr = json.load(open(sys.argv[2]))["checks"]
en_text, fr_text = open(sys.argv[3]).read(), open(sys.argv[4]).read()
fr_all = json.dumps(fr, ensure_ascii=False)
for e, f in zip(en, fr):
    assert e["title"] in en_text, ("not found in English", e["title"])
    assert f["title"] in fr_text, ("not found in French", f["title"])
    if e["title"] in fr_all:
        print("# %s: %r is French too" % (e["id"], e["title"]))
        continue
    assert e["title"] not in fr_text, ("English in French", e["title"])
' "$T_DIR/$cam-en.json" "$T_DIR/$cam-fr.json" "$T_DIR/$cam-en.flat" \
		"$T_DIR/$cam-fr.flat"
done
check "the factory report is Non conforme on MX-03, Conforme on VG-05" sh -c "
	grep -q 'Non conforme' '$T_DIR/factory-fr.flat' &&
	grep -q 'Conforme' '$T_DIR/factory-fr.flat'"

# report.lang and --site; languages the policy lacks.
"$CAMGUARD" check -c "$T_DIR/camguard.json" --no-probe \
	--camera-config "$T_DIR/factory.cfg" --format markdown >"$T_DIR/en.md"
check "Markdown takes the header from camguard.json's report section" sh -c "
	grep -q '^| Customer | ACME |' '$T_DIR/en.md' &&
	grep -q '^| Engineer | Jo Smith |' '$T_DIR/en.md' &&
	grep -q '^| State SHA-256 | [0-9a-f]\{64\} |' '$T_DIR/en.md'"
sed 's/"lang": "en"/"lang": "fr"/' "$T_DIR/camguard.json" >"$T_DIR/fr.json"
"$CAMGUARD" check -c "$T_DIR/fr.json" --no-probe \
	--camera-config "$T_DIR/factory.cfg" >"$T_DIR/fr.txt"
check "report.lang fr: the table speaks French" sh -c "
	grep -q '^Client ACME  Site Plant 2' '$T_DIR/fr.txt' &&
	grep -q '^Non conforme   critique MX-03' '$T_DIR/fr.txt' &&
	grep -q '^SHA-256 de l.état [0-9a-f]\{64\}' '$T_DIR/fr.txt'"
"$CAMGUARD" check --no-probe --camera-config "$T_DIR/factory.cfg" \
	--lang de >/dev/null 2>"$T_DIR/err"; rc=$?
check "--lang de: the policy has no German, usage error 64 (got $rc)" \
	sh -c "[ $rc -eq 64 ] && grep -q 'no language \"de\"' '$T_DIR/err'"
sed 's/"lang": "en"/"lang": "de"/' "$T_DIR/camguard.json" >"$T_DIR/de.json"
"$CAMGUARD" check -c "$T_DIR/de.json" --no-probe \
	--camera-config "$T_DIR/factory.cfg" >/dev/null 2>&1; rc=$?
check "report.lang de: exit 78 (got $rc)" [ "$rc" -eq 78 ]
printf '{"customer": 7}' >"$T_DIR/badsite.json"
"$CAMGUARD" check --no-probe --camera-config "$T_DIR/factory.cfg" \
	--site "$T_DIR/badsite.json" >/dev/null 2>"$T_DIR/err"; rc=$?
check "a malformed --site file: exit 78 naming file:line:col (got $rc)" \
	sh -c "[ $rc -eq 78 ] && grep -q 'badsite.json:1:' '$T_DIR/err'"

# explain
"$CAMGUARD" explain MX-10 >"$T_DIR/x.txt"; rc=$?
check "explain MX-10: title, severity, guide, keys, live probe, decision, fix" sh -c "
	[ $rc -eq 0 ] && grep -q '^MX-10  Digest authentication' '$T_DIR/x.txt' &&
	grep -q '^Severity *high' '$T_DIR/x.txt' &&
	grep -q 'Cyber Protection Guide 2024 §10' '$T_DIR/x.txt' &&
	grep -q 'webserver/AUTH (auth = digest)' '$T_DIR/x.txt' &&
	grep -q '^Live probe *yes' '$T_DIR/x.txt' &&
	grep -q '^Decided *Configuration: authentication method Digest' '$T_DIR/x.txt' &&
	grep -q '^Remediation *Admin Menu > Network Setup' '$T_DIR/x.txt'"
"$CAMGUARD" explain vg-01 --lang fr >"$T_DIR/x.txt"
check "explain vg-01 --lang fr: in French, with the remote-audit rule" sh -c "
	grep -q '^VG-01  Telnet, FTP et SSH désactivés' '$T_DIR/x.txt' &&
	grep -q '^Gravité *élevée' '$T_DIR/x.txt' &&
	tr '\n' ' ' <'$T_DIR/x.txt' | tr -s ' ' | grep -q 'en audit à distance, les connexions TCP aux ports 21, 22 et 23'"
"$CAMGUARD" explain MX-99 >/dev/null 2>&1; rc=$?
check "explain of an unknown id: usage error (got $rc)" [ "$rc" -eq 64 ]
check "explain --words lists every word key a language may translate" sh -c "
	'$CAMGUARD' explain --words | grep -q '^result_pass  *Compliant$' &&
	[ \$('$CAMGUARD' explain --words | wc -l) -gt 80 ]"

P=$(free_port)
cat >"$T_DIR/run.json" <<JSON
{"camera": {"config_file": "$T_DIR/factory.cfg", "id": "cam-page-01"},
 "ids": {"enabled": false}, "status": {"listen": "127.0.0.1:$P"},
 "run": {"user": "$T_RUN_USER"},
 "report": {"lang": "fr", "customer": "ACME", "site": "Plant 2",
            "engineer": "Jo Smith", "company": "Integrator Ltd"}}
JSON
"$CAMGUARD" run -c "$T_DIR/run.json" -d >"$T_DIR/run.log" 2>&1 &
T_PIDS="$T_PIDS $!"
check "the daemon scans" wait_for "$T_DIR/run.log" "scan 1:"
U=http://127.0.0.1:$P
curl -s "$U/status" >"$T_DIR/st.json"
curl -s -D "$T_DIR/rep.head" -H 'Accept-Language: en-US,en;q=0.9' \
	"$U/report" >"$T_DIR/rep-en.html"
curl -s -H 'Accept-Language: fr-CH, fr;q=0.9, en;q=0.8' "$U/report" \
	>"$T_DIR/rep-fr.html"
curl -s "$U/report" >"$T_DIR/rep-default.html"
curl -s -H 'Accept-Language: fr' "$U/report?lang=en" >"$T_DIR/rep-q.html"
check "/report is the HTML report of the last scan, with its state_sha256" python3 -c '
import json, sys
st = json.load(open(sys.argv[1]))["summary"]
html = open(sys.argv[2]).read()
assert html.startswith("<!DOCTYPE html>"), html[:80]
assert st["state_sha256"] in html and st["policy"]["sha256"] in html
assert "cam-page-01" in html and "ACME" in html and "Jo Smith" in html
assert "<script" not in html and "src=" not in html
' "$T_DIR/st.json" "$T_DIR/rep-en.html"
check "/report is text/html under the page's Content-Security-Policy" sh -c "
	grep -qi '^content-type: text/html; charset=utf-8' '$T_DIR/rep.head' &&
	grep -qi \"^content-security-policy: default-src 'none'\" '$T_DIR/rep.head'"
check "Accept-Language en-US: English; fr-CH: French" sh -c "
	grep -q '<html lang=\"en\">' '$T_DIR/rep-en.html' &&
	grep -q 'Camera hardening commissioning report' '$T_DIR/rep-en.html' &&
	grep -q '<html lang=\"fr\">' '$T_DIR/rep-fr.html' &&
	grep -q 'Rapport de mise en service' '$T_DIR/rep-fr.html' &&
	grep -q '>Non conforme<' '$T_DIR/rep-fr.html'"
check "no Accept-Language: report.lang (fr); ?lang=en wins over the header" sh -c "
	grep -q '<html lang=\"fr\">' '$T_DIR/rep-default.html' &&
	grep -q '<html lang=\"en\">' '$T_DIR/rep-q.html'"
curl -s -H 'Accept-Language: fr' "$U/" >"$T_DIR/page-fr.html"
curl -s -H 'Accept-Language: en' "$U/" >"$T_DIR/page-en.html"
check "the status page follows Accept-Language: French words and check texts" sh -c "
	grep -q '<html lang=\"fr\">' '$T_DIR/page-fr.html' &&
	grep -q 'Contrôles non conformes' '$T_DIR/page-fr.html' &&
	grep -q 'Accès public désactivé' '$T_DIR/page-fr.html' &&
	grep -q 'Menu Admin &gt; Sécurité' '$T_DIR/page-fr.html' &&
	grep -q '<a href=\"/report\">Rapport de mise en service</a>' '$T_DIR/page-fr.html' &&
	! grep -q 'Public access disabled' '$T_DIR/page-fr.html' &&
	grep -q 'Failing checks' '$T_DIR/page-en.html' &&
	grep -q 'Public access disabled' '$T_DIR/page-en.html'"
if command -v "$CHROMIUM" >/dev/null 2>&1; then
	rm -rf "$T_DIR/profile"
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--no-first-run --user-data-dir="$T_DIR/profile" \
		--no-pdf-header-footer --lang=fr \
		--print-to-pdf="$T_DIR/served.pdf" "$U/report?lang=fr" \
		2>>"$T_DIR/chromium.log"
	pdftotext "$T_DIR/served.pdf" "$T_DIR/served.txt" 2>/dev/null
	check "Chromium prints /report?lang=fr from the daemon: the French report" \
		sh -c "grep -q 'Rapport de mise en service' '$T_DIR/served.txt' &&
		grep -q 'Acceptation du client' '$T_DIR/served.txt'"
fi

t_done
