#!/bin/sh
# deps.sh run|check|bench - install the Debian packages camguard needs that are
# missing, and nothing else.  Does nothing when every package is there.
#   run:   what building and running the agent needs
#   check: that, plus what the test suite starts (broker, nft, fuzzers...)
#   bench: that, plus the peers the benchmarks measure against
#   cross: the ARM cross toolchains, qemu-user, lld (the camera link) and
#          what cross/mk-deps.sh uses (dpkg-source and patch; autoreconf
#          for libxcrypt)
set -eu
RUN_PKGS="build-essential pkgconf libmbedtls-dev libmosquitto-dev libjsmn-dev
libcrypt-dev libnftables-dev"
CROSS_PKGS="gcc-arm-linux-gnueabihf gcc-aarch64-linux-gnu libc6-dev-armhf-cross
libc6-dev-arm64-cross qemu-user-static dpkg-dev debian-archive-keyring
autoconf automake libtool lld"
DEB_PKGS="debhelper fakeroot lintian dpkg-dev adduser"
CHECK_PKGS="$RUN_PKGS $DEB_PKGS libcmocka-dev nftables mosquitto mosquitto-clients
openssl curl iproute2 mandoc clang libclang-rt-14-dev $CROSS_PKGS
python3 python3-jinja2 procps prometheus chromium rabbitmq-server rsyslog rsyslog-gnutls"
# pdftotext, pdftoppm: the printed commissioning report (report.sh)
CHECK_PKGS="$CHECK_PKGS poppler-utils"
# socat: namespaces reach a loopback broker (fleet_*.sh)
CHECK_PKGS="$CHECK_PKGS socat"

BENCH_PKGS="$CHECK_PKGS wrk hyperfine lighttpd fail2ban sshguard time"

case "${1:-check}" in
run) want=$RUN_PKGS ;;
check) want=$CHECK_PKGS ;;
bench) want=$BENCH_PKGS ;;
cross) want=$CROSS_PKGS ;;
deb) want=$DEB_PKGS ;;
*) echo "usage: deps.sh run|check|bench|cross|deb" >&2; exit 64 ;;
esac

missing=
for p in $want; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: not root; run as root: apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# apt-get update can exit 100 while a foreign index is mid-sync: harmless.
apt-get update -q >/dev/null || true
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
