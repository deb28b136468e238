#!/bin/sh
# Installing camguard, from the source tree and as a Debian package, for
# real on this machine (root), and removing it again:
# - make install creates the system user run.user names, a state directory
#   it owns, a configuration it can re-read (0640 root:user) and the unit
#   with PREFIX's paths; config-test passes as that user; make uninstall
#   leaves nothing (user, group, state, unit, files);
# - make deb builds a package that lintian finds no error in; dpkg -i
#   installs it with the user camguard, /var/lib/camguard and the unit;
#   `camguard version` and config-test run as the packaged user; dpkg -r
#   leaves only the conffile, dpkg -P nothing.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP installing needs root"
	exit 0
fi
U=cgi$$
P=$T_DIR/prefix
UNIT=$T_DIR/unit
STATE=$T_DIR/state
SYSCONF=$T_DIR/etc
MK="make --no-print-directory -C $ROOT PREFIX=$P SYSCONFDIR=$SYSCONF"
MK="$MK UNITDIR=$UNIT STATEDIR=$STATE RUN_USER=$U BIN=$CAMGUARD"
inst_cleanup() {
	$MK uninstall >/dev/null 2>&1
	getent passwd "$U" >/dev/null && userdel "$U" 2>/dev/null
	[ -n "$DEB_OWNED" ] && dpkg -P camguard >/dev/null 2>&1
	t_cleanup
}
trap inst_cleanup EXIT INT TERM

# ---- make install / uninstall --------------------------------------------
check "make install exits 0" sh -c "$MK install >'$T_DIR/inst.log' 2>&1"
check "the system user $U exists, with no login shell" \
	sh -c "getent passwd $U | grep -q ':/usr/sbin/nologin$'"
check "the state directory belongs to it" \
	[ "$(stat -c %U:%a "$STATE" 2>/dev/null)" = "$U:750" ]
check "the configuration is 0640 root:$U (re-readable on SIGHUP)" \
	[ "$(stat -c %U:%G:%a "$SYSCONF/camguard/camguard.json")" = \
	    "root:$U:640" ]
check "the unit runs the installed binary" \
	grep -q "^ExecStart=$P/sbin/camguard run" "$UNIT/camguard.service"
check "the unit does not restart on 64, 77 or 78" \
	grep -q "^RestartPreventExitStatus=64 77 78" "$UNIT/camguard.service"
# RestartPreventExitStatus= only looks at the main process: a failing
# ExecStartPre would restart forever.  StateDirectory= without User=
# would chown the state directory back to root at every start.
check "no ExecStartPre, no StateDirectory=; the state directory writable" \
	sh -c "! grep -q '^ExecStartPre=' '$UNIT/camguard.service' &&
	! grep -q '^StateDirectory=' '$UNIT/camguard.service' &&
	grep -qx 'ReadWritePaths=$STATE' '$UNIT/camguard.service'"
sed "s/\"user\": \"camguard\"/\"user\": \"$U\"/" \
    "$SYSCONF/camguard/camguard.json" >"$T_DIR/u.json"
cp "$T_DIR/u.json" "$SYSCONF/camguard/camguard.json"
check "config-test of the installed file as $U: configuration OK" \
	sh -c "setpriv --reuid=$U --regid=$U --init-groups \
	    '$P/sbin/camguard' config-test -c '$SYSCONF/camguard/camguard.json' \
	    2>&1 | grep -q 'configuration OK'"
check "make uninstall exits 0" sh -c "$MK uninstall >'$T_DIR/un.log' 2>&1"
check "and keeps the changed configuration as .save" \
	[ -f "$SYSCONF/camguard/camguard.json.save" ]
check "and removes the user, the state, the unit and the binary" \
	sh -c "! getent passwd $U && ! getent group $U && [ ! -e '$STATE' ] &&
	    [ ! -e '$UNIT/camguard.service' ] && [ ! -e '$P/sbin/camguard' ] &&
	    [ ! -e '$P/share/camguard' ]"

# ---- the Debian package ----------------------------------------------------
if dpkg -s camguard >/dev/null 2>&1; then
	echo "# a camguard package is already installed: not touched"
	t_done
	exit $?
fi
check "make deb builds the package" \
	sh -c "make --no-print-directory -C '$ROOT' deb >'$T_DIR/deb.log' 2>&1"
DEB=$(ls "$ROOT"/build/deb/camguard_*.deb 2>/dev/null | head -1)
check "lintian finds no error" \
	sh -c "lintian '$DEB' 2>&1 | tee '$T_DIR/lintian.log' |
	    grep -q '^E:' && exit 1; exit 0"
DEB_OWNED=1
check "dpkg -i installs it" sh -c "dpkg -i '$DEB' >'$T_DIR/dpkg.log' 2>&1"
check "camguard version runs from /usr/sbin" \
	sh -c "/usr/sbin/camguard version | grep -q '^camguard '"
check "postinst made the user camguard and its state directory" \
	sh -c "getent passwd camguard >/dev/null &&
	    [ \"\$(stat -c %U /var/lib/camguard)\" = camguard ]"
check "the unit and the man pages are installed" \
	sh -c "[ -f /lib/systemd/system/camguard.service ] &&
	    [ -f /usr/share/man/man8/camguard.8.gz ] &&
	    grep -q '^ExecStart=/usr/sbin/camguard run' \
	    /lib/systemd/system/camguard.service"
check "the configuration is a conffile, 0640 root:camguard" \
	sh -c "dpkg-query -W -f='\${Conffiles}' camguard |
	    grep -q /etc/camguard/camguard.json &&
	    [ \"\$(stat -c %U:%G:%a /etc/camguard/camguard.json)\" = \
	    root:camguard:640 ]"
check "config-test as the packaged user: configuration OK" \
	sh -c "setpriv --reuid=camguard --regid=camguard --init-groups \
	    /usr/sbin/camguard config-test -c /etc/camguard/camguard.json \
	    2>&1 | grep -q 'configuration OK'"
check "dpkg -r removes the binary and keeps the conffile" \
	sh -c "dpkg -r camguard >>'$T_DIR/dpkg.log' 2>&1 &&
	    [ ! -e /usr/sbin/camguard ] && [ -f /etc/camguard/camguard.json ]"
check "dpkg -P leaves nothing: no conffile, state, user or group" \
	sh -c "dpkg -P camguard >>'$T_DIR/dpkg.log' 2>&1 &&
	    [ ! -e /etc/camguard ] && [ ! -e /var/lib/camguard ] &&
	    ! getent passwd camguard && ! getent group camguard"
DEB_OWNED=
t_done
