# lib_rsyslog.sh - a real rsyslogd as the SIEM collector in tests (POSIX sh).
# Source it after lib.sh.  Debian's rsyslog and rsyslog-gnutls
# (tests/deps.sh); openssl and python3 for the clients.
#
#   rsys_certs                 test CA, server and client certs, and a
#                              second CA with a server cert from it
#   rsys_start [MODE [PORT]]   rsyslogd on 127.0.0.1, MODE tls (default),
#                              mtls (client certs required), tcp or udp;
#                              a free port unless PORT is given
#   rsys_stop, rsys_restart    by PID; a restart keeps mode and port
#   rsys_frame MSG             prints "LEN MSG" (RFC 6587 octet counting)
#   rsys_send [ARGS]           stdin to the collector as its mode wants;
#                              rsys_send_tls [s_client args], rsys_send_tcp,
#                              rsys_send_udp (one datagram)
#   rsys_lines, rsys_wait_lines N [TENTHS], rsys_line N
#   rsys_confined              rsyslogd holds nothing outside $T_DIR, no
#                              unix socket (no /dev/log), one loopback port
#
# rsyslogd runs in the foreground (-n) as our child with its own config
# (-f) and pid file (-i): no imuxsock, imklog or system config, so it
# neither reads /dev/log nor writes /var/log.  What it receives goes to
# $RSYS_GOT one message a line:
#   app-name|procid|msgid|facility.severity|structured-data|msg
# and, parsed by mmpstrucdata, the SD as JSON to $RSYS_SD (one line each).
# Its own messages (TLS refusals...) go to $RSYS_LOG.

RSYS_CA=$T_DIR/rsys-ca.crt
RSYS_CA_KEY=$T_DIR/rsys-ca.key
RSYS_CERT=$T_DIR/rsys-srv.crt		# CN=localhost, SAN localhost 127.0.0.1
RSYS_KEY=$T_DIR/rsys-srv.key
RSYS_CLIENT_CERT=$T_DIR/rsys-cli.crt	# CN=cam01, from RSYS_CA
RSYS_CLIENT_KEY=$T_DIR/rsys-cli.key
RSYS_CA2=$T_DIR/rsys-ca2.crt		# another CA...
RSYS_CA2_KEY=$T_DIR/rsys-ca2.key
RSYS_BAD_CERT=$T_DIR/rsys-bad.crt	# ...and a cert from it, same names
RSYS_BAD_KEY=$T_DIR/rsys-bad.key
RSYS_GOT=$T_DIR/got.log
RSYS_SD=$T_DIR/got-sd.log
RSYS_LOG=$T_DIR/rsyslogd.log
RSYS_CONF=$T_DIR/rsyslog.conf
RSYS_PIDFILE=$T_DIR/rsyslogd.pid
RSYS_WORK=$T_DIR/rsyslog-work
RSYS_CLIENT_ERR=$T_DIR/rsys-client.err	# stderr of the last rsys_send*
RSYS_MODE=
RSYS_PORT=
RSYS_PID=
# The server's certificate; point these at RSYS_BAD_* to test refusals.
: "${RSYS_SRV_CERT:=$RSYS_CERT}" "${RSYS_SRV_KEY:=$RSYS_KEY}"

# rsys_newcert NAME CN ISSUER EXT: a P-256 key and cert, ISSUER "" = self
rsys_newcert() {
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$T_DIR/rsys-$1.key" -out "$T_DIR/rsys-$1.csr" \
	    -subj "/CN=$2" 2>/dev/null || return 1
	printf '%s\n' "$4" >"$T_DIR/rsys-$1.ext"
	if [ -z "$3" ]; then
		set -- "$1" -signkey "$T_DIR/rsys-$1.key"
	else
		set -- "$1" -CA "$T_DIR/rsys-$3.crt" \
		    -CAkey "$T_DIR/rsys-$3.key" -CAcreateserial \
		    -CAserial "$T_DIR/rsys-$3.srl"
	fi
	rsys_n=$1; shift
	openssl x509 -req -in "$T_DIR/rsys-$rsys_n.csr" "$@" -days 2 \
	    -extfile "$T_DIR/rsys-$rsys_n.ext" -out "$T_DIR/rsys-$rsys_n.crt" \
	    2>/dev/null || return 1
	chmod 600 "$T_DIR/rsys-$rsys_n.key"
	rm -f "$T_DIR/rsys-$rsys_n.csr" "$T_DIR/rsys-$rsys_n.ext"
}

rsys_certs() {
	[ -s "$RSYS_BAD_CERT" ] && return 0
	rsys_ca='basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign'
	rsys_srv='subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth,clientAuth'
	rsys_newcert ca test-ca "" "$rsys_ca" &&
	    rsys_newcert srv localhost ca "$rsys_srv" &&
	    rsys_newcert cli cam01 ca 'extendedKeyUsage=clientAuth' &&
	    rsys_newcert ca2 other-ca "" "$rsys_ca" &&
	    rsys_newcert bad localhost ca2 "$rsys_srv"
}

# A port free for TCP and UDP on loopback, from one derived from our pid.
rsys_free_port() {
	rsys_p=$((20000 + ($$ * 13 + 4099) % 12000))
	while [ -n "$(ss -Htuan "sport = :$rsys_p")" ]; do
		rsys_p=$((rsys_p + 1))
	done
	echo "$rsys_p"
}

# The config: one input on 127.0.0.1:RSYS_PORT bound to ruleset rsys,
# nothing else (no imuxsock/imklog, no system config, no /var paths).
rsys_write_conf() {
	rsys_auth=anon
	[ "$RSYS_MODE" = mtls ] && rsys_auth=x509/certvalid
	case $RSYS_MODE in
	tls | mtls) rsys_in=imtcp ;;
	*) rsys_in=im$RSYS_MODE ;;
	esac
	{
		case $RSYS_MODE in
		tls | mtls) cat <<EOF ;;
global(workDirectory="$RSYS_WORK" net.enableDNS="off"
  DefaultNetstreamDriver="gtls" DefaultNetstreamDriverCAFile="$RSYS_CA"
  DefaultNetstreamDriverCertFile="$RSYS_SRV_CERT"
  DefaultNetstreamDriverKeyFile="$RSYS_SRV_KEY")
module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1"
  StreamDriver.AuthMode="$rsys_auth")
EOF
		*) cat <<EOF ;;
global(workDirectory="$RSYS_WORK" net.enableDNS="off")
module(load="$rsys_in")
EOF
		esac
		cat <<EOF
module(load="mmpstrucdata")
template(name="rsys_line" type="string"
  string="%app-name%|%procid%|%msgid%|%pri-text%|%structured-data%|%msg%\n")
template(name="rsys_sd" type="string" string="%\$!rfc5424-sd%\n")
ruleset(name="rsys") {
  action(type="omfile" file="$RSYS_GOT" template="rsys_line")
  action(type="mmpstrucdata" sd_name.lowercase="off")
  action(type="omfile" file="$RSYS_SD" template="rsys_sd")
}
input(type="$rsys_in" port="$RSYS_PORT" address="127.0.0.1" ruleset="rsys")
EOF
	} >"$RSYS_CONF"
}

# Until our rsyslogd listens on its port (or it died).
rsys_wait_listen() {
	rsys_flag=-Hltnp
	[ "$RSYS_MODE" = udp ] && rsys_flag=-Hlunp
	rsys_i=0
	while [ "$rsys_i" -lt 100 ]; do
		kill -0 "$RSYS_PID" 2>/dev/null || return 1
		ss "$rsys_flag" "sport = :$RSYS_PORT" |
		    grep -q "pid=$RSYS_PID," && return 0
		sleep 0.1; rsys_i=$((rsys_i + 1))
	done
	return 1
}

rsys_start() {
	if [ -n "$RSYS_PID" ]; then
		echo "# rsys_start: rsyslogd $RSYS_PID is running" >&2
		return 1
	fi
	case ${1:-tls} in
	tls | mtls | tcp | udp) RSYS_MODE=${1:-tls} ;;
	*) echo "# rsys_start: mode tls|mtls|tcp|udp, not '$1'" >&2; return 1 ;;
	esac
	RSYS_PORT=${2:-$(rsys_free_port)}
	case $RSYS_MODE in tls | mtls) rsys_certs || return 1 ;; esac
	mkdir -p "$RSYS_WORK"
	rsys_write_conf
	rm -f "$RSYS_PIDFILE"
	rsyslogd -n -f "$RSYS_CONF" -i "$RSYS_PIDFILE" >>"$RSYS_LOG" 2>&1 &
	RSYS_PID=$!
	if ! rsys_wait_listen || [ "$(cat "$RSYS_PIDFILE" 2>/dev/null)" != \
	    "$RSYS_PID" ]; then
		echo "# rsyslogd ($RSYS_MODE, $RSYS_PORT) did not start:" >&2
		sed 's/^/#   /' "$RSYS_LOG" >&2
		rsys_stop
		return 1
	fi
}

rsys_stop() {
	[ -n "$RSYS_PID" ] || return 0
	kill "$RSYS_PID" 2>/dev/null
	# Our child: wait reaps it; the watchdog ends one that hangs.
	(sleep 15; kill -9 "$RSYS_PID" 2>/dev/null) >/dev/null 2>&1 &
	rsys_wd=$!
	wait "$RSYS_PID" 2>/dev/null
	kill "$rsys_wd" 2>/dev/null
	wait_exit "$RSYS_PID" 150 || kill -9 "$RSYS_PID" 2>/dev/null
	RSYS_PID=
	rm -f "$RSYS_PIDFILE"
}

rsys_restart() {
	rsys_stop && rsys_start "$RSYS_MODE" "$RSYS_PORT"
}

# rsys_frame MSG: octet-counted, the length in bytes whatever the locale
rsys_frame() {
	printf '%d %s' "$(printf '%s' "$1" | LC_ALL=C wc -c)" "$1"
}

# stdin over TLS, verifying the server against RSYS_CA (name and IP).
rsys_send_tls() {
	timeout 20 openssl s_client -connect "127.0.0.1:$RSYS_PORT" \
	    -CAfile "$RSYS_CA" -verify_return_error -verify_ip 127.0.0.1 \
	    -quiet -no_ign_eof "$@" 2>"$RSYS_CLIENT_ERR" >/dev/null
}

rsys_send_tcp() {
	timeout 20 python3 -c 'import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(sys.stdin.buffer.read())
s.shutdown(socket.SHUT_WR)
s.recv(1)' "$RSYS_PORT" 2>"$RSYS_CLIENT_ERR"
}

rsys_send_udp() {
	timeout 20 python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(sys.stdin.buffer.read(), ("127.0.0.1", int(sys.argv[1])))' \
	    "$RSYS_PORT" 2>"$RSYS_CLIENT_ERR"
}

rsys_send() {
	case $RSYS_MODE in
	tls) rsys_send_tls "$@" ;;
	mtls) rsys_send_tls -cert "$RSYS_CLIENT_CERT" \
	    -key "$RSYS_CLIENT_KEY" "$@" ;;
	tcp) rsys_send_tcp ;;
	udp) rsys_send_udp ;;
	*) echo "# rsys_send: no collector started" >&2; return 1 ;;
	esac
}

rsys_lines() {
	if [ -f "$RSYS_GOT" ]; then wc -l <"$RSYS_GOT"; else echo 0; fi
}

# rsys_line N: line N of got.log
rsys_line() {
	sed -n "${1}p" "$RSYS_GOT" 2>/dev/null
}

# rsys_wait_lines N [TENTHS]: until got.log holds at least N lines
rsys_wait_lines() {
	rsys_i=0
	while [ "$rsys_i" -lt "${2:-100}" ]; do
		[ "$(rsys_lines)" -ge "$1" ] && return 0
		sleep 0.1; rsys_i=$((rsys_i + 1))
	done
	echo "# timed out waiting for $1 lines in $RSYS_GOT:" >&2
	sed 's/^/#   /' "$RSYS_GOT" "$RSYS_LOG" >&2 2>/dev/null
	return 1
}

rsys_confined() {
	[ -n "$RSYS_PID" ] || return 1
	rsys_bad=$(for rsys_f in /proc/"$RSYS_PID"/fd/*; do
		readlink "$rsys_f"; done | grep -v -e "^$T_DIR/" \
	    -e '^/dev/null$' -e '^/dev/urandom$' -e '^socket:' -e '^pipe:' \
	    -e '^anon_inode:')
	[ -z "$rsys_bad" ] ||
	    { echo "# rsyslogd holds: $rsys_bad" >&2; return 1; }
	rsys_bad=$(ss -Hxap | grep "pid=$RSYS_PID,")
	[ -z "$rsys_bad" ] ||
	    { echo "# rsyslogd has unix sockets: $rsys_bad" >&2; return 1; }
	rsys_bad=$(ss -Htuanp | grep "pid=$RSYS_PID," |
	    awk -v a="127.0.0.1:$RSYS_PORT" '$5 != a')
	[ -z "$rsys_bad" ] ||
	    { echo "# rsyslogd has other sockets: $rsys_bad" >&2; return 1; }
	return 0
}

rsys_cleanup() {
	rsys_stop
}

# Chain onto the traps already set (lib.sh's t_cleanup, another lib's):
# rsyslogd stops first, then what was there runs as it was (read back from
# `trap`, re-quoted).  INT and TERM then end the test (130, 143), as
# lib_rabbitmq.sh does, rather than run on without $T_DIR.
rsys_chain_traps() {
	trap >"$T_DIR/rsys.traps"
	for rsys_sig in EXIT INT TERM; do
		rsys_q=$(sed -n "s/^trap -- \(.*\) $rsys_sig\$/\1/p" \
		    "$T_DIR/rsys.traps")
		eval "RSYS_PREV_$rsys_sig=${rsys_q:-''}"
		case $rsys_sig in
		INT) rsys_end='; exit 130' ;;
		TERM) rsys_end='; exit 143' ;;
		*) rsys_end= ;;
		esac
		trap "rsys_cleanup; eval \"\$RSYS_PREV_$rsys_sig\"$rsys_end" \
		    "$rsys_sig"
	done
	rm -f "$T_DIR/rsys.traps"
}
[ -n "${RSYS_TRAPPED:-}" ] || { rsys_chain_traps; RSYS_TRAPPED=1; }
