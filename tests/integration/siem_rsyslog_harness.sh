#!/bin/sh
# The SIEM test collector (lib_rsyslog.sh) against a real rsyslogd, and
# app/siem/siem_fmt.c end to end through it.  Octet-counted RFC 5424
# frames with structured data sent over TLS with `openssl s_client`
# arrive with their fields parsed and their SD intact; plain TCP to the
# TLS port delivers nothing; a client checking the test CA refuses a
# server whose cert is from another CA; mutual TLS hears only clients with
# a cert from the CA; UDP takes a datagram; restarts keep the port.  A
# formatted event with hostile values (quotes, backslash, ']', newlines, a
# fake "<13>1" header; tests/integration/siem_fmt_driver.c) is exactly one
# message over TLS, LF framing and UDP, its params unescaped by rsyslog
# to the originals; the same newline left raw makes a forged message.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_rsyslog.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NL='
'

# sd_params LINE: what rsyslog's mmpstrucdata parsed out of the SD of
# message LINE, as sorted "SD-ID name=value" lines
sd_params() {
	python3 -c 'import json, sys
line = open(sys.argv[1]).read().split("\n")[int(sys.argv[2]) - 1]
for el, ps in sorted(json.loads(line).items()):
    for k, v in sorted(ps.items()):
        print("%s %s=%s" % (el, k, v))' "$RSYS_SD" "$1"
}
# field LINE N: field N of message LINE (app|procid|msgid|pri|sd|msg)
field() { rsys_line "$1" | cut -d'|' -f"$2"; }
got_has() { grep -qF -- "$1" "$RSYS_GOT"; }
# send_frame TEXT...: one octet-counted frame per argument, one session
send_frames() {
	for f in "$@"; do rsys_frame "$f"; done | rsys_send
}
# lines_then N MARK: got.log holds exactly N lines, the last with MARK
lines_then() {
	rsys_wait_lines "$1" && [ "$(rsys_lines)" -eq "$1" ] &&
	    rsys_line "$1" | grep -qF -- "$2"
}

# ---- certificates ---------------------------------------------------------
verifies() { openssl verify -CAfile "$1" "$2" >/dev/null 2>&1; }
certs_ok() {
	verifies "$RSYS_CA" "$RSYS_CERT" &&
	    verifies "$RSYS_CA" "$RSYS_CLIENT_CERT" &&
	    ! verifies "$RSYS_CA" "$RSYS_BAD_CERT" &&
	    verifies "$RSYS_CA2" "$RSYS_BAD_CERT"
}
check "rsys_certs makes a CA, its server and client certs, another CA" \
    rsys_certs
check "the test CA signs the server and client certs, not the other one" \
    certs_ok

# ---- TLS ------------------------------------------------------------------
check "rsyslogd starts with TLS (gtls) on a free loopback port" rsys_start tls
echo "# rsyslogd pid $RSYS_PID, port $RSYS_PORT"
check "rsyslogd holds no file outside \$T_DIR, no unix socket (no /dev/log), only 127.0.0.1:$RSYS_PORT" \
    rsys_confined
check "openssl s_client verifies the server against the test CA and sends two frames" \
    send_frames '<165>1 2024-01-02T03:04:05.000006Z cam01 siemtest 777 ID47 [camguard@32473 ip="192.0.2.7" ua="a\"b\\c\]d"][meta@32473 seq="1"] hello over TLS' \
    '<165>1 - cam01 siemtest 778 MARK - second frame'
check "the two octet-counted frames arrive as two messages" \
    lines_then 2 'second frame'
check "app-name, procid, msgid, facility.severity, SD and msg are parsed" \
    [ "$(rsys_line 1)" = 'siemtest|777|ID47|local4.notice|[camguard@32473 ip="192.0.2.7" ua="a\"b\\c\]d"][meta@32473 seq="1"]|hello over TLS' ]
check "rsyslog reads the SD params back unescaped" [ "$(sd_params 1)" = \
    'camguard@32473 ip=192.0.2.7
camguard@32473 ua=a"b\c]d
meta@32473 seq=1' ]

# rsys_send_tcp returns once rsyslogd has closed the session.
rsys_frame '<165>1 - cam01 siemtest 1 PLAIN - plain-to-tls' | rsys_send_tcp
send_frames '<165>1 - cam01 siemtest 2 MARK - after-plain'
check "plain TCP to the TLS port delivers nothing (a TLS frame after it does)" \
    lines_then 3 after-plain

# ---- a server cert from another CA --------------------------------------
rsys_stop
RSYS_SRV_CERT=$RSYS_BAD_CERT RSYS_SRV_KEY=$RSYS_BAD_KEY
check "rsyslogd starts presenting a cert from the other CA" rsys_start tls
refused() {
	! send_frames '<165>1 - cam01 siemtest 3 BAD - sent-to-wrong-ca' &&
	    grep -q "certificate verify failed" "$RSYS_CLIENT_ERR"
}
check "the client refuses that server: certificate verify failed" refused
via_ca2() {
	rsys_frame '<165>1 - cam01 siemtest 4 CA2 - via-ca2' |
	    rsys_send -CAfile "$RSYS_CA2"
}
check "the same client trusting the other CA gets through (control)" via_ca2
check "and only that one arrives" lines_then 4 via-ca2

# ---- restart --------------------------------------------------------------
RSYS_SRV_CERT=$RSYS_CERT RSYS_SRV_KEY=$RSYS_KEY
OLD_PID=$RSYS_PID OLD_PORT=$RSYS_PORT
new_pid_same_port() {
	[ "$RSYS_PID" != "$OLD_PID" ] && [ "$RSYS_PORT" = "$OLD_PORT" ]
}
check "rsys_restart brings rsyslogd back (right cert)" rsys_restart
check "as a new process on the same port" new_pid_same_port
check "the old process is gone" wait_exit "$OLD_PID" 1
send_frames '<165>1 - cam01 siemtest 5 RESTART - after-restart'
check "a TLS frame after the restart lands" lines_then 5 after-restart

# ---- the formatter end to end --------------------------------------------
DRV=$T_DIR/siem_fmt_driver
check "the formatter driver builds (siem_fmt.c, libc only)" \
    ${CC:-cc} -std=c11 -Wall -Wextra -Werror -iquote "$ROOT/app" -o "$DRV" \
    "$ROOT/tests/integration/siem_fmt_driver.c" "$ROOT/app/siem/siem_fmt.c"
Q='say "hi"'
BS='C:\temp\new'
BR='a]b [x]'
NLV="one${NL}two"
FAKE="x\"] ${NL}<13>1 2024-01-01T00:00:00Z evil evil-app - - [camguard@32473 forged=\"1\"] forged"
TEXT="alarm${NL}<13>1 2024-01-01T00:00:00Z evil evil-app - - - forged message"
hostile() {
	"$DRV" "$1" "$2" "$TEXT" q "$Q" bs "$BS" br "$BR" nl "$NLV" \
	    fake "$FAKE"
}
WANT_SD='[camguard@32473 q="say \"hi\"" bs="C:\\temp\\new" br="a\]b [x\]" nl="one\\x0atwo" fake="x\"\] \\x0a<13>1 2024-01-01T00:00:00Z evil evil-app - - [camguard@32473 forged=\"1\"\] forged"]'
WANT_MSG='alarm\x0a<13>1 2024-01-01T00:00:00Z evil evil-app - - - forged message'
WANT_PARAMS=$(printf '%s\n' 'camguard@32473 br=a]b [x]' \
    'camguard@32473 bs=C:\temp\new' \
    'camguard@32473 fake=x"] \x0a<13>1 2024-01-01T00:00:00Z evil evil-app - - [camguard@32473 forged="1"] forged' \
    'camguard@32473 nl=one\x0atwo' 'camguard@32473 q=say "hi"')
not_forged() { ! grep -q '^evil-app|' "$RSYS_GOT"; }
sd_intact() { [ "$(field "$1" 5)" = "$WANT_SD" ]; }
sd_intact_unforged() { sd_intact "$1" && not_forged; }

N=$(rsys_lines)
{ hostile frame e2e
  rsys_frame '<165>1 - cam01 siemtest 6 MARK - after-hostile'; } | rsys_send
check "over TLS the hostile event is exactly one message" \
    lines_then $((N + 2)) after-hostile
check "its header is ours: camguard, 4242, e2e, authpriv.warning" \
    [ "$(rsys_line $((N + 1)) | cut -d'|' -f1-4)" = \
    'camguard|4242|e2e|authpriv.warning' ]
check "no message was forged from the fake header" not_forged
check "its SD reached rsyslog escaped as RFC 5424 6.3.3 says" \
    [ "$(field $((N + 1)) 5)" = "$WANT_SD" ]
check "rsyslog parsed five params, unescaped to the originals (newline as \\x0a)" \
    [ "$(sd_params $((N + 1)))" = "$WANT_PARAMS" ]
check "the fake header stays inside the text of the one message" \
    [ "$(rsys_line $((N + 1)) | cut -d'|' -f6-)" = "$WANT_MSG" ]

N=$(rsys_lines)
{ hostile lf e2e-lf
  printf '%s\n' '<165>1 - cam01 siemtest 7 MARK - after-lf'; } | rsys_send
check "with LF framing (RFC 6587 3.4.2) too it is one message" \
    lines_then $((N + 2)) after-lf
check "with its SD intact and nothing forged" sd_intact_unforged $((N + 1))
N=$(rsys_lines)
printf '<165>1 - cam01 naive 8 RAW - %s\n' "$TEXT" | rsys_send
check "control: the same newline left raw makes rsyslog log a forged message" \
    lines_then $((N + 2)) 'evil-app|'

# ---- mutual TLS -----------------------------------------------------------
rsys_stop
check "rsyslogd starts with mutual TLS (x509/certvalid)" rsys_start mtls
N=$(rsys_lines)
# TLS 1.3 clients finish first: the refusal shows on the server only.
rsys_frame '<165>1 - cam01 siemtest 9 NOCERT - without-cert' | rsys_send_tls
check "rsyslogd refuses a client without a cert" \
    wait_for "$RSYS_LOG" 'did not provide a certificate'
rsys_frame '<165>1 - cam01 siemtest 10 CA2CERT - ca2-cert' |
    rsys_send_tls -cert "$RSYS_BAD_CERT" -key "$RSYS_BAD_KEY"
check "rsyslogd refuses a client cert from the other CA" \
    wait_for "$RSYS_LOG" 'certificate invalid: signer not found'
send_frames '<165>1 - cam01 siemtest 11 CERT - with-cert'
check "and hears only the client with a cert from the test CA" \
    lines_then $((N + 1)) with-cert

# ---- UDP ------------------------------------------------------------------
rsys_stop
check "rsyslogd starts on UDP" rsys_start udp
check "rsyslogd on UDP holds only 127.0.0.1:$RSYS_PORT" rsys_confined
N=$(rsys_lines)
hostile raw e2e-udp | rsys_send_udp
check "a datagram from the formatter is one message" \
    lines_then $((N + 1)) '|e2e-udp|'
check "with its SD intact" sd_intact $((N + 1))
OLD_PID=$RSYS_PID OLD_PORT=$RSYS_PORT
check "rsys_restart on UDP keeps the port" rsys_restart
check "as a new process on the same port" new_pid_same_port
printf '<165>1 - cam01 siemtest 12 UDP - after-udp-restart' | rsys_send
check "a datagram after the restart lands" \
    lines_then $((N + 2)) after-udp-restart

OLD_PID=$RSYS_PID
rsys_stop
check "rsys_stop ends rsyslogd by its pid" wait_exit "$OLD_PID" 1
t_done
