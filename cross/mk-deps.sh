#!/bin/bash
# mk-deps.sh ARCH OUTDIR SYSROOT - the static libraries a camera build needs
# that Debian ships only shared, built from Debian's own source packages:
#
#   OUTDIR/lib/libmosquitto.a      libmosquitto, no TLS (the camera build)
#   OUTDIR/tls/lib/libmosquitto.a  libmosquitto with TLS over OpenSSL (the
#                                  sysroot's libssl.a; for `make size` only)
#   OUTDIR/lib/libcmocka.a         cmocka, so the unit tests are static too
#   OUTDIR/include/                their headers
#
# Sources come through a private deb-src list built like mk-sysroot.sh's
# (this machine's mirrors, no change to the system's apt state) into
# build/cross-src/, shared by every ARCH.  The compiler is $CC (the cross
# gcc), flags $CFLAGS (the camera build's, with --sysroot); make passes both.
# About 6 s per ARCH on a warm mirror.
set -euo pipefail
ARCH=${1:?usage: mk-deps.sh armhf|arm64 OUTDIR SYSROOT}
OUT=$(realpath -m "${2:?usage: mk-deps.sh ARCH OUTDIR SYSROOT}")
SYSROOT=$(realpath -m "${3:?usage: mk-deps.sh ARCH OUTDIR SYSROOT}")
: "${CC:?CC must be the cross compiler}" "${CFLAGS:?CFLAGS must be set}"
case $ARCH in
armhf) T=arm-linux-gnueabihf ;;
arm64) T=aarch64-linux-gnu ;;
*) echo "mk-deps: unknown ARCH $ARCH (armhf|arm64)" >&2; exit 64 ;;
esac
[ -d "$SYSROOT/usr/include" ] || { echo "mk-deps: no sysroot in $SYSROOT" >&2; exit 1; }
SRC=$(realpath -m "$(dirname "$0")/../build/cross-src")
LOG=$OUT/build.log
mkdir -p "$OUT/lib" "$OUT/include" "$OUT/tls/lib" "$OUT/src" "$SRC"
: >"$LOG"

# 1. The source packages (once for all ARCHs).
fetch_sources() {
	local W=$SRC/apt KR=/usr/share/keyrings/debian-archive-keyring.gpg uri
	mkdir -p "$W/lists/partial" "$W/cache/archives/partial"
	for uri in $({
		awk '$1 == "URIs:" {print $2}' /etc/apt/sources.list.d/*.sources
		sed -E 's/\[[^]]*\]//' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
			awk '$1 == "deb" || $1 == "deb-src" {print $2}'
	} 2>/dev/null | sort -u || true); do
		case $uri in
		*security*) echo "deb-src [signed-by=$KR] $uri bookworm-security main" ;;
		*) echo "deb-src [signed-by=$KR] $uri bookworm main"
		   echo "deb-src [signed-by=$KR] $uri bookworm-updates main" ;;
		esac
	done >"$W/sources.list"
	[ -s "$W/sources.list" ] || { echo "mk-deps: no apt mirror configured" >&2; exit 1; }
	local APTO=(-o "Dir::State::Lists=$W/lists" -o "Dir::Cache=$W/cache"
		-o "Dir::Etc::SourceList=$W/sources.list"
		-o Dir::Etc::SourceParts=/nonexistent -o Debug::NoLocking=1
		-o APT::Sandbox::User=root -q)
	apt-get "${APTO[@]}" update >"$W/update.log" 2>&1 ||
		echo "mk-deps: partial apt source index, see $W/update.log" >&2
	# apt checks every file against the signed Sources index.
	(cd "$SRC" && apt-get "${APTO[@]}" source --download-only mosquitto cmocka \
		>"$W/source.log" 2>&1) || { cat "$W/source.log" >&2; exit 1; }
}
ls "$SRC"/mosquitto_*.dsc "$SRC"/cmocka_*.dsc >/dev/null 2>&1 || fetch_sources
DSC_MOSQ=$(ls "$SRC"/mosquitto_*.dsc | sort -V | tail -1)
DSC_CMOCKA=$(ls "$SRC"/cmocka_*.dsc | sort -V | tail -1)

# unpack DSC DIR: a fresh copy with Debian's patches applied
unpack() {
	rm -rf "$2"
	dpkg-source --no-copy -x "$1" "$2" >>"$LOG" 2>&1 ||
		{ tail -20 "$LOG" >&2; exit 1; }
}

# 2. libmosquitto.a, without TLS and with it.  The library only (lib/):
# no broker, no clients, no cJSON.
build_mosquitto() {	# DIR TLS(yes|no)
	unpack "$DSC_MOSQ" "$1"
	make -C "$1/lib" libmosquitto.a WITH_STATIC_LIBRARIES=yes \
		WITH_SHARED_LIBRARIES=no WITH_DOCS=no WITH_CJSON=no WITH_SRV=no \
		WITH_TLS="$2" WITH_TLS_PSK="$2" CROSS_COMPILE="$T-" \
		CC="${CC#"$T-"}" AR=ar CFLAGS="$CFLAGS" >>"$LOG" 2>&1 ||
		{ tail -20 "$LOG" >&2; exit 1; }
}
build_mosquitto "$OUT/src/mosquitto" no
cp "$OUT/src/mosquitto/lib/libmosquitto.a" "$OUT/lib/"
cp "$OUT/src/mosquitto/include/mosquitto.h" \
	"$OUT/src/mosquitto/include/mqtt_protocol.h" "$OUT/include/"
build_mosquitto "$OUT/src/mosquitto-tls" yes
cp "$OUT/src/mosquitto-tls/lib/libmosquitto.a" "$OUT/tls/lib/"

# 3. libcmocka.a: one file; its CMake checks answered for glibc by hand.
unpack "$DSC_CMOCKA" "$OUT/src/cmocka"
# shellcheck disable=SC2086
"$CC" $CFLAGS -std=gnu99 -I"$OUT/src/cmocka/include" \
	-DHAVE_MALLOC_H -DHAVE_INTTYPES_H -DHAVE_SIGNAL_H -DHAVE_STRINGS_H \
	-DHAVE_GCC_THREAD_LOCAL_STORAGE -DHAVE_CLOCK_REALTIME -DHAVE_SIGLONGJMP \
	-DHAVE_STRSIGNAL -DHAVE_STRUCT_TIMESPEC -DHAVE_CLOCK_GETTIME \
	-DHAVE_SNPRINTF -DHAVE_VSNPRINTF \
	-c "$OUT/src/cmocka/src/cmocka.c" -o "$OUT/src/cmocka.o" >>"$LOG" 2>&1 ||
	{ tail -20 "$LOG" >&2; exit 1; }
rm -f "$OUT/lib/libcmocka.a"
"$T-ar" rcs "$OUT/lib/libcmocka.a" "$OUT/src/cmocka.o"
cp "$OUT/src/cmocka/include/cmocka.h" "$OUT/include/"

echo "deps $ARCH: $(basename "$DSC_MOSQ" .dsc), $(basename "$DSC_CMOCKA" .dsc) in $OUT"
