#!/bin/sh
# deps.sh run|check - install the Debian packages camguard needs that are
# missing, and nothing else.  Does nothing when every package is there.
#   run:   what building and running the agent needs
#   check: that, plus what the test suite starts (broker, nft, fuzzers...)
set -eu
RUN_PKGS="build-essential pkgconf libmbedtls-dev libmosquitto-dev libjsmn-dev
libcrypt-dev libnftables-dev"
CHECK_PKGS="$RUN_PKGS libcmocka-dev nftables mosquitto mosquitto-clients
openssl curl iproute2 mandoc clang libclang-rt-14-dev"

case "${1:-check}" in
run) want=$RUN_PKGS ;;
check) want=$CHECK_PKGS ;;
*) echo "usage: deps.sh run|check" >&2; exit 64 ;;
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
