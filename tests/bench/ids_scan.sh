#!/bin/sh
# ids_scan.sh - `camguard ids scan` lines/s and peak RSS against its peers,
# on the same events in the same run (make bench; not part of make check):
#   camguard ids scan --format clf   1M-line combined access log
#   fail2ban-regex (nginx-http-auth) 1M-line nginx error log, same events
#   sshg-parser (sshguard 2.4)       the same access log: it reads CLF and
#                                    reports a 401 with a user as service 350
#   wc -l                            the access log: the floor for reading
# The logs come from one seeded generator (awk, a MINSTD generator written
# out so every awk gives the same bytes): 10% of the lines are 401s with a
# user, the sources 100k, 40% of them IPv6.  Every tool must find the same
# number of failures.  Environment: BENCH_LINES (1000000), BENCH_SEED (42),
# BENCH_DIR (a temporary directory, removed).
set -eu
: "${CAMGUARD:=$(pwd)/build/camguard}"
LINES=${BENCH_LINES:-1000000}
SEED=${BENCH_SEED:-42}
D=${BENCH_DIR:-$(mktemp -d /tmp/camguard-bench.XXXXXX)}
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$D"' EXIT INT TERM
SSHG=/usr/libexec/sshguard/sshg-parser
F2B_FILTER=/etc/fail2ban/filter.d/nginx-http-auth.conf
for t in "$CAMGUARD" /usr/bin/time "$SSHG"; do
	[ -x "$t" ] || { echo "ids_scan.sh: $t missing" >&2; exit 1; }
done
command -v fail2ban-regex >/dev/null && [ -f "$F2B_FILTER" ] ||
	{ echo "ids_scan.sh: fail2ban-regex missing" >&2; exit 1; }

# The same event stream as a combined access log and an nginx error log.
# Non-failure lines are 200/304/404s there and "open() failed" lines here.
awk -v n="$LINES" -v seed="$SEED" -v clf="$D/access.log" \
    -v ngx="$D/error.log" '
function rnd() { x = (x * 48271) % 2147483647; return x / 2147483647 }
function addr(s) {
	if (s % 5 < 2)
		return sprintf("2001:db8:1:%x::%x", int(s / 4096), s % 4096 + 1)
	return sprintf("198.%d.%d.%d", 18 + int(s / 65536), int(s / 256) % 256,
	    s % 256)
}
BEGIN {
	x = seed % 2147483646 + 1
	split("admin root operator service guest user", users, " ")
	split("/record/current.jpg /control/userimage.html /images/logo.png " \
	    "/cgi-bin/image.jpg /control/player /favicon.ico", paths, " ")
	split("Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 " \
	    "Firefox/115.0|curl/8.4.0|python-requests/2.31.0|MxManagementCenter/2.6",
	    agents, "|")
	for (i = 1; i <= n; i++) {
		s = int(rnd() * 100000)
		t = int(i * 43200 / n)
		ts = sprintf("%02d:%02d:%02d", int(t / 3600), int(t / 60) % 60,
		    t % 60)
		a = addr(s)
		agent = agents[int(rnd() * 4) + 1]
		if (rnd() < 0.1) {
			u = users[int(rnd() * 6) + 1]
			printf "%s - %s [11/Mar/2024:%s +0000] \"GET /admin/ " \
			    "HTTP/1.1\" 401 381 \"-\" \"%s\"\n", a, u, ts,
			    agent >clf
			if (i % 3)
				msg = sprintf("user \"%s\": password mismatch", u)
			else
				msg = sprintf("user \"%s\" was not found in " \
				    "\"/etc/nginx/htpasswd\"", u)
			printf "2024/03/11 %s [error] 812#812: *%d %s, client: " \
			    "%s, server: cam, request: \"GET /admin/ HTTP/1.1\", " \
			    "host: \"cam.example.com\"\n", ts, i, msg, a >ngx
			continue
		}
		p = paths[int(rnd() * 6) + 1]
		r = rnd()
		st = "404 209"
		if (r < 0.95)
			st = "304 0"
		if (r < 0.8)
			st = "200 48213"
		u = "admin"
		if (r < 0.5)
			u = "-"
		printf "%s - %s [11/Mar/2024:%s +0000] \"GET %s HTTP/1.1\" %s " \
		    "\"http://cam.example.com/\" \"%s\"\n", a, u, ts, p, st,
		    agent >clf
		printf "2024/03/11 %s [error] 812#812: *%d open() " \
		    "\"/var/www/html%s\" failed (2: No such file or directory), " \
		    "client: %s, server: cam, request: \"GET %s HTTP/1.1\", " \
		    "host: \"cam.example.com\"\n", ts, i, p, a, p >ngx
	}
}'
want=$(grep -c '" 401 ' "$D/access.log")
sources=$(cut -d' ' -f1 "$D/access.log" | sort -u | wc -l)
v6=$(grep -c '^2001:' "$D/access.log" || true)
echo "# $LINES lines, $want failures (10%), $sources sources," \
	"$((v6 * 100 / LINES))% of lines IPv6, seed $SEED"

# run NAME INPUT CMD...: best wall time of RUNS runs (ns) in $ns, peak RSS
# (kB) in $rss, failures found (lines out) in $found.
run() {
	name=$1 in=$2; shift 2
	ns=0
	for k in $(seq "${RUNS:-3}"); do
		t0=$(date +%s%N)
		/usr/bin/time -f %M -o "$D/rss" "$@" <"$in" >"$D/out.$name" \
			2>"$D/err.$name"
		t1=$(date +%s%N)
		[ "$ns" -eq 0 ] || [ $((t1 - t0)) -lt "$ns" ] && ns=$((t1 - t0))
	done
	rss=$(tail -1 "$D/rss")
	found=$(wc -l <"$D/out.$name")
}

row() {	# NAME LINES/S RATIO RSS FOUND
	printf '%-34s %12s %10s %10s %9s\n' "$@"
}

run camguard "$D/access.log" "$CAMGUARD" ids scan --format clf -
cg_ns=$ns cg_rss=$rss cg_found=$found
run sshg "$D/access.log" "$SSHG"
sg_ns=$ns sg_rss=$rss sg_found=$found
run wc "$D/access.log" wc -l
wc_ns=$ns wc_rss=$rss
RUNS=1 run f2b "$D/error.log" fail2ban-regex -o ip /dev/stdin "$F2B_FILTER"
fb_ns=$ns fb_rss=$rss fb_found=$found

lps() { echo $((LINES * 1000000000 / $1)); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", b / a }'; }
echo
row tool lines/s camguard/x "peak RSS" failures
row "camguard ids scan --format clf" "$(lps "$cg_ns")" "1.00x" \
	"${cg_rss} kB" "$cg_found"
row "fail2ban-regex nginx-http-auth" "$(lps "$fb_ns")" \
	"$(ratio "$cg_ns" "$fb_ns")" "${fb_rss} kB" "$fb_found"
row "sshg-parser (sshguard)" "$(lps "$sg_ns")" \
	"$(ratio "$cg_ns" "$sg_ns")" "${sg_rss} kB" "$sg_found"
row "wc -l" "$(lps "$wc_ns")" "$(ratio "$cg_ns" "$wc_ns")" \
	"${wc_rss} kB" "-"
echo
sed 's/^/# camguard stderr: /' "$D/err.camguard"
ok=1
for f in "$cg_found" "$fb_found" "$sg_found"; do
	[ "$f" -eq "$want" ] || ok=0
done
if [ "$ok" -eq 1 ]; then
	echo "# every tool found the $want failures"
else
	echo "# MISMATCH: $want failures in the log; camguard $cg_found," \
		"fail2ban $fb_found, sshguard $sg_found" >&2
	exit 1
fi
