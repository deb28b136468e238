#!/bin/sh
# mk-package.sh ARCH BIN VERSION OUT - the camera-app bundle OUT (a .tar.gz
# holding one directory, camguard/):
#
#   manifest.json          name, version, arch, entry point, config, policy
#                          and its SHA-256, firewall backends, privileges
#   camguard.sh            start|stop|restart|status (BusyBox sh)
#   bin/camguard           the static binary BIN
#   etc/camguard.json      packaging/camguard.json with a numeric run.user
#   share/policy/          the policy (the binary holds the same bytes)
#   share/man/man[58]/     camguard.json(5), camguard(8)
#
# The firewall backends and the privileges come from the build's generated
# backend table (BIN's directory/gen/fw_backends.c): CAP_NET_ADMIN
# ("net_admin") only when nftables is compiled in.  The archive is
# reproducible: sorted names, owner 0, mtimes from SOURCE_DATE_EPOCH (else
# the last commit), gzip -n.
set -eu
ARCH=${1:?usage: mk-package.sh ARCH BIN VERSION OUT}
BIN=${2:?usage: mk-package.sh ARCH BIN VERSION OUT}
VERSION=${3:?usage: mk-package.sh ARCH BIN VERSION OUT}
OUT=${4:?usage: mk-package.sh ARCH BIN VERSION OUT}
HERE=$(dirname "$0")
POLICY=packaging/policy/mobotix-v1.json
# Static builds have no NSS: a user name may not resolve on the camera,
# a numeric uid:gid always does (65534 is nobody/nogroup).
RUN_USER=${CAMGUARD_RUN_USER:-65534:65534}
GEN=$(dirname "$BIN")/gen/fw_backends.c

[ -x "$BIN" ] || { echo "mk-package: no binary $BIN" >&2; exit 1; }
[ -f "$GEN" ] || { echo "mk-package: no $GEN" >&2; exit 1; }
backends=$(sed -n 's/.*&fw_ops_\([a-z0-9]*\),.*/\1/p' "$GEN")
privileges=
case " $(echo $backends) " in *" nft "*) privileges='"net_admin"' ;; esac
list=
for b in $backends; do list="$list${list:+, }\"$b\""; done
sha=$(sha256sum "$POLICY" | cut -d' ' -f1)

STAGE=$(mktemp -d "${TMPDIR:-/tmp}/camguard-pkg.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT INT TERM
R=$STAGE/camguard
mkdir -p "$R/bin" "$R/etc" "$R/share/policy" "$R/share/man/man8" \
	"$R/share/man/man5"
install -m 755 "$BIN" "$R/bin/camguard"
install -m 755 "$HERE/camguard.sh" "$R/camguard.sh"
install -m 644 "$POLICY" "$R/share/policy/"
install -m 644 packaging/camguard.8 "$R/share/man/man8/"
install -m 644 packaging/camguard.json.5 "$R/share/man/man5/"
sed 's/"user": *"[^"]*"/"user": "'"$RUN_USER"'"/' packaging/camguard.json \
	>"$R/etc/camguard.json"
grep -q "\"user\": \"$RUN_USER\"" "$R/etc/camguard.json" || {
	echo "mk-package: no run.user to set in packaging/camguard.json" >&2
	exit 1; }
# no secrets in it (they live in *_file files); the worker, run.user,
# reads it again on SIGHUP
chmod 644 "$R/etc/camguard.json"
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" \
	-e "s/@POLICY_SHA256@/$sha/" -e "s/@BACKENDS@/$list/" \
	-e "s/@PRIVILEGES@/$privileges/" "$HERE/manifest.json.in" \
	>"$R/manifest.json"

: "${SOURCE_DATE_EPOCH:=$(git log -1 --format=%ct 2>/dev/null || echo 0)}"
mkdir -p "$(dirname "$OUT")"
tar -C "$STAGE" --sort=name --owner=0 --group=0 --numeric-owner \
	--mtime="@$SOURCE_DATE_EPOCH" -cf - camguard | gzip -n -9 >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "  PACKAGE $OUT ($(wc -c <"$OUT") bytes; backends:$(echo '' $backends))"
