#!/bin/sh
# `camguard ids scan` (spec section 2): the exact JSON lines for a small log
# of each format, stdin, the skipped count on stderr, a 10 MB line skipped
# in bounded memory, the exit codes.
. "$(dirname "$0")/lib.sh"

D=$T_DIR
cat >"$D/access.log" <<'EOF'
192.0.2.7 - - [11/Mar/2024:10:00:00 +0000] "GET /admin/ HTTP/1.1" 401 381 "-" "Mozilla/5.0"
192.0.2.7 - admin [11/Mar/2024:10:00:02 +0000] "GET /admin/ HTTP/1.1" 401 381 "-" "Mozilla/5.0"
192.0.2.7 - admin [11/Mar/2024:10:00:09 +0000] "GET /admin/ HTTP/1.1" 200 5120 "-" "Mozilla/5.0"
this is not a log line

2001:db8::7 - root [11/Mar/2024:11:00:00 +0100] "GET /a\" 200 0 \"b HTTP/1.1" 401 0 "-" "-"
::ffff:198.51.100.23 - a\"b [11/Mar/2024:10:00:00 +0000] "GET / HTTP/1.1" 401 0
cam.example.com - admin [11/Mar/2024:10:00:00 +0000] "GET / HTTP/1.1" 401 0
EOF
cat >"$D/access.want" <<'EOF'
{"line":1,"ts":1710151200,"ip":"192.0.2.7","user":null,"kind":"challenge"}
{"line":2,"ts":1710151202,"ip":"192.0.2.7","user":"admin","kind":"auth_failure"}
{"line":6,"ts":1710151200,"ip":"2001:db8::7","user":"root","kind":"auth_failure"}
{"line":7,"ts":1710151200,"ip":"198.51.100.23","user":"a\\\"b","kind":"auth_failure"}
EOF
"$CAMGUARD" ids scan --format clf "$D/access.log" >"$D/out" 2>"$D/err"; rc=$?
check "clf: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "clf: the exact JSON lines, in input order" diff -u "$D/access.want" "$D/out"
check "clf: two lines skipped, named on stderr" [ "$(cat "$D/err")" = \
	"camguard ids scan: 2 lines skipped (2 malformed, 0 over 4096 bytes)" ]

cat >"$D/lighttpd.log" <<'EOF'
2024-03-11 10:00:00: (server.c.1513) server started (lighttpd/1.4.69)
2024-03-11 10:00:01: (mod_auth.c.1031) password doesn't match for /admin/ username: admin IP: 192.0.2.8
2024-03-11 10:00:02: (mod_auth.c.1031) password doesn't match for /admin/ username: x IP: 6.6.6.6 IP: 2001:db8::8
2024-03-11 10:00:03: (mod_auth.c.1343) digest: auth failed for bob: wrong password, IP: ::ffff:192.0.2.9
EOF
cat >"$D/lighttpd.want" <<'EOF'
{"line":2,"ts":1710151201,"ip":"192.0.2.8","user":"admin","kind":"auth_failure"}
{"line":3,"ts":1710151202,"ip":"2001:db8::8","user":"x IP: 6.6.6.6","kind":"auth_failure"}
{"line":4,"ts":1710151203,"ip":"192.0.2.9","user":"bob","kind":"auth_failure"}
EOF
"$CAMGUARD" ids scan --format lighttpd "$D/lighttpd.log" >"$D/out" 2>"$D/err"; rc=$?
check "lighttpd: exit 0 and the exact JSON lines" \
	sh -c "[ $rc -eq 0 ] && diff -u '$D/lighttpd.want' '$D/out'"
check "lighttpd: nothing skipped" [ "$(cat "$D/err")" = \
	"camguard ids scan: 0 lines skipped (0 malformed, 0 over 4096 bytes)" ]

printf '%s\r\n' \
	'2024/03/11 10:00:00 [error] 7#7: *1 user "admin": password mismatch, client: 192.0.2.10, server: cam, request: "GET / HTTP/1.1", host: "cam"' \
	'2024/03/11 10:00:01 [error] 7#7: *2 user "guest" was not found in "/etc/nginx/htpasswd", client: 192.0.2.10, server: cam, request: "GET / HTTP/1.1", host: "cam"' \
	'2024/03/11 10:00:02 [info] 7#7: *3 no user/password was provided for basic authentication, client: 192.0.2.11, server: cam, request: "GET / HTTP/1.1", host: "cam"' \
	'2024/03/11 10:00:03 [error] 7#7: *4 open() "/x" failed (2: No such file or directory), client: 192.0.2.11, server: cam' \
	>"$D/nginx.log"
cat >"$D/nginx.want" <<'EOF'
{"line":1,"ts":1710151200,"ip":"192.0.2.10","user":"admin","kind":"auth_failure"}
{"line":2,"ts":1710151201,"ip":"192.0.2.10","user":"guest","kind":"auth_failure"}
{"line":3,"ts":1710151202,"ip":"192.0.2.11","user":null,"kind":"challenge"}
EOF
"$CAMGUARD" ids scan --format=nginx "$D/nginx.log" >"$D/out" 2>/dev/null; rc=$?
check "nginx (CRLF lines): exit 0 and the exact JSON lines" \
	sh -c "[ $rc -eq 0 ] && diff -u '$D/nginx.want' '$D/out'"

# auto, the default, reads each line by the format that fits it
cat "$D/access.log" "$D/lighttpd.log" "$D/nginx.log" >"$D/mixed.log"
"$CAMGUARD" ids scan <"$D/mixed.log" >"$D/out" 2>"$D/err"; rc=$?
check "auto from stdin: exit 0, 10 events (got $(wc -l <"$D/out"))" \
	[ "$rc" -eq 0 -a "$(wc -l <"$D/out")" -eq 10 ]
check "auto: the nginx lines keep their numbers" \
	grep -q '^{"line":15,"ts":1710151202,"ip":"192.0.2.11"' "$D/out"
"$CAMGUARD" ids scan --format auto - <"$D/access.log" >"$D/out2" 2>/dev/null
check "- reads stdin" diff -u "$D/access.want" "$D/out2"
check "stdout holds JSON objects only" \
	sh -c "! grep -v '^{\"line\":[0-9]*,\"ts\":[0-9]*,\"ip\":\"[0-9a-f:.]*\",\"user\":.*,\"kind\":\"[a-z_]*\"}\$' '$D/out'"

# a last line without a newline still counts
printf '192.0.2.12 - admin [11/Mar/2024:10:00:00 +0000] "GET / HTTP/1.1" 401 0' |
	"$CAMGUARD" ids scan >"$D/out" 2>/dev/null
check "a last line without newline is read" \
	grep -q '^{"line":1,.*"ip":"192.0.2.12"' "$D/out"

# a 10 MB line between two failures: skipped, counted, memory bounded
mkfifo "$D/fifo"
"$CAMGUARD" ids scan --format clf "$D/fifo" >"$D/out" 2>"$D/err" &
pid=$!
T_PIDS="$T_PIDS $pid"
exec 3<>"$D/fifo"	# read-write: never blocks, even with no reader
line='192.0.2.13 - admin [11/Mar/2024:10:00:00 +0000] "GET / HTTP/1.1" 401 0'
timeout 60 sh -c 'printf "%s\n" "$1"; head -c 10485760 /dev/zero |
	tr "\0" A; printf "\n%s\n" "$1"' _ "$line" >&3
# the writes returned, so all but a pipe's worth has been read: measure now
hwm=$(awk '/^VmHWM:/ { print $2 }' /proc/$pid/status 2>/dev/null)
exec 3>&-
wait $pid; rc=$?
check "10 MB line: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "10 MB line: the lines around it are read, numbered 1 and 3" \
	sh -c "grep -q '\"line\":1,' '$D/out' && grep -q '\"line\":3,' '$D/out'"
check "10 MB line: counted as over-long" [ "$(cat "$D/err")" = \
	"camguard ids scan: 1 line skipped (0 malformed, 1 over 4096 bytes)" ]
check "10 MB line: peak RSS ${hwm:-?} kB stays under 16 MB" \
	[ -n "$hwm" ] && [ "$hwm" -lt 16384 ]

# exit codes
"$CAMGUARD" ids scan "$D/missing.log" >"$D/out" 2>"$D/err"; rc=$?
check "a missing file exits 2 (got $rc) and says why" \
	sh -c "[ $rc -eq 2 ] && grep -q 'missing.log: No such file' '$D/err' && [ ! -s '$D/out' ]"
"$CAMGUARD" ids scan "$D" >/dev/null 2>&1; rc=$?
check "a directory exits 2 (got $rc)" [ "$rc" -eq 2 ]
"$CAMGUARD" ids scan --format apache "$D/access.log" >/dev/null 2>&1; rc=$?
check "an unknown format exits 64 (got $rc)" [ "$rc" -eq 64 ]
"$CAMGUARD" ids scan "$D/access.log" "$D/nginx.log" >/dev/null 2>&1; rc=$?
check "two files exit 64 (got $rc)" [ "$rc" -eq 64 ]
"$CAMGUARD" ids scan --frob >/dev/null 2>&1; rc=$?
check "an unknown option exits 64 (got $rc)" [ "$rc" -eq 64 ]
"$CAMGUARD" ids >/dev/null 2>&1; rc=$?
check "ids without a subcommand exits 64 (got $rc)" [ "$rc" -eq 64 ]
"$CAMGUARD" ids frob >/dev/null 2>&1; rc=$?
check "an unknown ids subcommand exits 64 (got $rc)" [ "$rc" -eq 64 ]
out=$("$CAMGUARD" ids scan --help); rc=$?
check "ids scan --help prints its usage, exit 0" \
	sh -c "[ $rc -eq 0 ] && printf '%s' \"\$1\" | grep -q '^usage: camguard ids scan'" _ "$out"
t_done
