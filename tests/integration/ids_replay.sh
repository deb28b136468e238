#!/bin/sh
# `camguard ids replay` (spec sections 2 and 8): a generated CLF log with
# one brute force that is blocked, released and blocked again for twice as
# long, an IPv6 attacker spread over one /64, a slow source that reaches
# the threshold late, and lines that must change nothing (loopback, 401
# challenges, a 200, a time stamp from the past, a malformed and an
# over-long line); the decisions must be exactly the expected JSON lines.
# One line dated year 9999 (first, in the middle, last) is skipped and
# counted and cannot freeze the clock into a false block; a real gap of
# days in the log is kept.  A bad camguard.json exits 78.
. "$(dirname "$0")/lib.sh"

# clf IP USER HH:MM:SS [STATUS]: one access log line on 10 Oct 2024, UTC
clf() {
	printf '%s - %s [10/Oct/2024:%s +0000] "GET %s HTTP/1.1" %s 381\n' \
		"$1" "$2" "$3" /control/userimage.html "${4:-401}"
}
A=203.0.113.5 C=198.51.100.9
{
	for s in 00 01 02 03; do clf $A admin 13:00:$s; done
	for s in 1 2 3 4 5 6; do clf 127.0.0.1 admin 13:00:03; done
	clf $A root 13:00:04  # 5th: alarm + block 60 s
	for s in 05 06 07 08 09 10; do clf 198.51.100.20 - 13:00:$s; done
	clf $A admin 13:00:30  # counted, no alarm
	clf 2001:db8:1:2::a admin 13:00:40
	clf 2001:db8:1:2::b admin 13:00:41
	clf 2001:db8:1:2::a admin 13:00:42
	clf 2001:db8:1:2::b admin 13:00:43
	clf 2001:db8:1:2::c admin 13:00:44  # the /64's 5th
	for s in 50 51 52 53; do clf $C guest 13:00:$s; done
	echo 'this is not a log line'
	printf '%05000d\n' 0
	clf $C guest 13:00:55 200
	clf $A admin 13:01:10  # release, then alarm + block 120 s
	clf $A admin 12:59:00  # the past: read as now
	clf $C guest 13:02:00  # release the /64; C's 5th
	clf 192.0.2.50 admin 13:10:00  # releases C, then A
} >"$T_DIR/access.log"

cat >"$T_DIR/want" <<'JSON'
{"ts":1728565204,"action":"alarm","ip":"203.0.113.5/32","attempts":5}
{"ts":1728565204,"action":"block","ip":"203.0.113.5/32","attempts":5}
{"ts":1728565244,"action":"alarm","ip":"2001:db8:1:2::/64","attempts":5}
{"ts":1728565244,"action":"block","ip":"2001:db8:1:2::/64","attempts":5}
{"ts":1728565264,"action":"release","ip":"203.0.113.5/32","attempts":6}
{"ts":1728565270,"action":"alarm","ip":"203.0.113.5/32","attempts":7}
{"ts":1728565270,"action":"block","ip":"203.0.113.5/32","attempts":7}
{"ts":1728565304,"action":"release","ip":"2001:db8:1:2::/64","attempts":5}
{"ts":1728565320,"action":"alarm","ip":"198.51.100.9/32","attempts":5}
{"ts":1728565320,"action":"block","ip":"198.51.100.9/32","attempts":5}
{"ts":1728565380,"action":"release","ip":"198.51.100.9/32","attempts":5}
{"ts":1728565390,"action":"release","ip":"203.0.113.5/32","attempts":8}
JSON

printf '{"ids": {"threshold": 5, "block_s": 60, "deadtime_min": 1}}\n' \
	>"$T_DIR/camguard.json"
"$CAMGUARD" ids replay -c "$T_DIR/camguard.json" "$T_DIR/access.log" \
	>"$T_DIR/got" 2>"$T_DIR/err"; rc=$?
check "replay exits 0 (got $rc)" [ "$rc" -eq 0 ]
if diff -u "$T_DIR/want" "$T_DIR/got" >"$T_DIR/diff"; then
	ok "replay prints exactly the expected decisions"
else
	not_ok "replay prints exactly the expected decisions"
	sed 's/^/#   /' "$T_DIR/diff"
fi
skipped="2 lines skipped (1 malformed, 1 over 4096 bytes, 0 dated far outside the log)"
check "the skipped lines are counted on stderr" \
	[ "$(cat "$T_DIR/err")" = "camguard ids replay: $skipped" ]

"$CAMGUARD" ids replay --format clf -c "$T_DIR/camguard.json" - \
	<"$T_DIR/access.log" >"$T_DIR/got2" 2>/dev/null
check "stdin with --format clf gives the same decisions" \
	cmp -s "$T_DIR/want" "$T_DIR/got2"

"$CAMGUARD" ids replay "$T_DIR/access.log" >"$T_DIR/got3" 2>/dev/null
check "without -c the defaults (threshold 7, until reboot) decide once" \
	[ "$(cat "$T_DIR/got3")" = \
'{"ts":1728565270,"action":"alarm","ip":"203.0.113.5/32","attempts":7}
{"ts":1728565270,"action":"block","ip":"203.0.113.5/32","attempts":7}' ]

# One forged date: an attacker's eight failures two hours apart never
# reach the threshold within timeout_min (60), wherever a line dated year
# 9999 sits.  On the old code its clock froze at 9999: a false block.
forged() { printf '192.0.2.7 - admin [10/Oct/9999:13:00:00 +0000] "GET / HTTP/1.1" 401 381\n'; }
slow() { for h in 08 10 12 14 16 18 20 22; do clf $A admin $h:00:00; done; }
{ forged; slow; } >"$T_DIR/forged-first.log"
{ slow | head -1; forged; slow | tail -7; } >"$T_DIR/forged-middle.log"
{ slow; forged; } >"$T_DIR/forged-last.log"
for w in first middle last; do
	"$CAMGUARD" ids replay "$T_DIR/forged-$w.log" >"$T_DIR/forged.out" \
	    2>"$T_DIR/forged.err"
	check "a year-9999 line $w: no decision (got $(wc -l <"$T_DIR/forged.out"))" \
		[ ! -s "$T_DIR/forged.out" ]
	check "and it is counted as skipped" grep -q \
		'1 line skipped (0 malformed, 0 over 4096 bytes, 1 dated far outside the log)' \
		"$T_DIR/forged.err"
done
# A real gap: five failures of A on one day, five of C three days later;
# both are blocked, C at its own time (the gap kept, no line skipped).
{ for s in 00 01 02 03 04; do clf $A admin 13:00:$s; done
  for s in 00 01 02 03 04; do
	printf '%s - admin [13/Oct/2024:13:00:%s +0000] "GET / HTTP/1.1" 401 381\n' $C $s
  done
} >"$T_DIR/gap.log"
printf '{"ids": {"threshold": 5}}\n' >"$T_DIR/t5.json"
"$CAMGUARD" ids replay -c "$T_DIR/t5.json" "$T_DIR/gap.log" \
    >"$T_DIR/gap.out" 2>"$T_DIR/gap.err"
check "a real gap of three days is kept: both blocked, no line skipped" sh -c "
	grep -q '\"ts\":1728565204,\"action\":\"block\",\"ip\":\"$A/32\"' '$T_DIR/gap.out' &&
	grep -q '\"ts\":1728824404,\"action\":\"block\",\"ip\":\"$C/32\"' '$T_DIR/gap.out' &&
	grep -q ' 0 lines skipped' '$T_DIR/gap.err'"

printf '{"ids": {"threshold": 4}}\n' >"$T_DIR/bad.json"
"$CAMGUARD" ids replay -c "$T_DIR/bad.json" "$T_DIR/access.log" \
	>"$T_DIR/out" 2>"$T_DIR/err"; rc=$?
check "a bad camguard.json exits 78 (got $rc)" [ "$rc" -eq 78 ]
check "and names file:line:column, printing no decision" \
	sh -c "grep -q '^$T_DIR/bad.json:1:' '$T_DIR/err' &&
		[ ! -s '$T_DIR/out' ]"
"$CAMGUARD" ids replay -c "$T_DIR/missing.json" "$T_DIR/access.log" \
	>/dev/null 2>&1; rc=$?
check "a missing camguard.json exits 78 (got $rc)" [ "$rc" -eq 78 ]
"$CAMGUARD" ids replay "$T_DIR/no-such.log" >/dev/null 2>&1; rc=$?
check "a missing log exits 2 (got $rc)" [ "$rc" -eq 2 ]
"$CAMGUARD" ids replay --format apache "$T_DIR/access.log" >/dev/null 2>&1
rc=$?
check "an unknown format exits 64 (got $rc)" [ "$rc" -eq 64 ]
t_done
