#!/bin/bash
# mk-deps.sh ARCH OUTDIR - the C library and the libraries of the camera
# build, all static, all built from Debian's own source packages into one
# prefix OUTDIR (build/<arch>-musl):
#
#   musl 1.2.3       OUTDIR/lib/libc.a, crt files, headers, and
#                    OUTDIR/lib/cross.specs: `<triple>-gcc -specs=...`
#                    turns Debian's cross gcc into a musl compiler
#   mbedTLS 2.28     libmbed{tls,x509,crypto}.a with cross/mbedtls-config.h
#                    installed as <mbedtls/config.h>
#   libxcrypt        libcrypt.a and <crypt.h> (they replace musl's own):
#                    descrypt md5crypt sha256crypt sha512crypt bcrypt yescrypt
#   libmosquitto     libmosquitto.a, without TLS (camguard does TLS itself)
#   cmocka           libcmocka.a, so the unit tests are static too
#   jsmn             jsmn.h (Debian's libjsmn-dev, one header)
#
# Debian's musl-dev has crypt removed and its other packages are built for
# glibc, hence the sources.  They come through a private apt list built
# from this machine's mirrors (no change to the system's apt state) into
# build/cross-src/, shared by every ARCH; apt checks each file against the
# signed index.  The compiler is Debian's <triple>-gcc; CFLAGS (from make:
# the camera build's optimisation and hardening flags) apply to every
# library but musl, which picks its own.
#
# Each part is rebuilt only when its key changes: its source package, the
# flags, this script's recipe for it, its config file, and the key of musl
# under it.  A rebuilt musl empties OUTDIR first.  From scratch: about 75 s
# per ARCH on 2 cores, most of it musl.
set -euo pipefail
ARCH=${1:?usage: mk-deps.sh armhf|arm64|amd64 OUTDIR}
OUT=$(realpath -m "${2:?usage: mk-deps.sh ARCH OUTDIR}")
: "${CFLAGS:?CFLAGS must be set: make passes the camera build flags}"
case $ARCH in
armhf) T=arm-linux-gnueabihf LDSO=ld-musl-armhf.so.1 ;;
arm64) T=aarch64-linux-gnu LDSO=ld-musl-aarch64.so.1 ;;
# amd64: not a camera; the musl build of the host, for `make bench` to
# compare with the glibc one (tests/bench/musl.sh)
amd64) T=x86_64-linux-gnu LDSO=ld-musl-x86_64.so.1 ;;
*) echo "mk-deps: unknown ARCH $ARCH (armhf|arm64|amd64)" >&2; exit 64 ;;
esac
# The sub-builds are not part of the calling make: its command line
# (ARCH=armhf would override musl's own ARCH) and jobserver stay out.
# Nor do the caller's compiler variables: musl's configure would take a
# CC=gcc from the environment over <triple>-gcc.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL CC CPP CPPFLAGS LDFLAGS LDLIBS
export -n ARCH CROSS CFLAGS 2>/dev/null || :
HERE=$(realpath "$(dirname "$0")")
SRC=$(realpath -m "$HERE/../build/cross-src")
MBEDTLS_CONFIG=$HERE/mbedtls-config.h
# musl 1.2.3 (Debian 12) cannot apply packed relative relocations
# (DT_RELR, -z pack-relative-relocs) at a static-pie start; 1.2.4 can.
MUSL_PATCH=$HERE/musl-relr.patch
JOBS=$(nproc 2>/dev/null || echo 2)
MCC="$T-gcc -specs=$OUT/lib/cross.specs"
LOG=$OUT/build.log
mkdir -p "$OUT/src" "$SRC"
: >"$LOG"

fail() { tail -30 "$LOG" >&2; echo "mk-deps: $1 failed, see $LOG" >&2; exit 1; }

# 1. The source packages (once for all ARCHs) and libjsmn-dev, a header
# only package (Architecture: all).
SOURCES="musl mbedtls libxcrypt mosquitto cmocka"
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
		   echo "deb-src [signed-by=$KR] $uri bookworm-updates main"
		   echo "deb [signed-by=$KR] $uri bookworm main" ;;
		esac
	done >"$W/sources.list"
	[ -s "$W/sources.list" ] || { echo "mk-deps: no apt mirror configured" >&2; exit 1; }
	local APTO=(-o "Dir::State::Lists=$W/lists" -o "Dir::Cache=$W/cache"
		-o "Dir::Etc::SourceList=$W/sources.list"
		-o Dir::Etc::SourceParts=/nonexistent -o Debug::NoLocking=1
		-o APT::Sandbox::User=root -q)
	apt-get "${APTO[@]}" update >"$W/update.log" 2>&1 ||
		echo "mk-deps: partial apt index, see $W/update.log" >&2
	# shellcheck disable=SC2086
	(cd "$SRC" && apt-get "${APTO[@]}" source --download-only $SOURCES &&
		apt-get "${APTO[@]}" download libjsmn-dev) >"$W/source.log" 2>&1 ||
		{ cat "$W/source.log" >&2; exit 1; }
}
have_sources() {
	local p
	for p in $SOURCES; do
		ls "$SRC/${p}_"*.dsc >/dev/null 2>&1 || return 1
	done
	ls "$SRC"/libjsmn-dev_*.deb >/dev/null 2>&1
}
have_sources || fetch_sources
# shellcheck disable=SC2012  # Debian file names: no blanks
dsc() { ls "$SRC/${1}_"*.dsc | sort -V | tail -1; }

# unpack DSC DIR: a fresh copy with Debian's patches applied
unpack() {
	rm -rf "$2"
	dpkg-source --no-copy -x "$1" "$2" >>"$LOG" 2>&1 || fail "unpacking $1"
}

# fresh NAME KEY...: true (and NAME's stamp removed) when NAME must be
# built; the key is a hash of everything that makes the result.
fresh() {
	local name=$1; shift
	KEY=$(printf '%s\n' "$@" | sha256sum | cut -c1-16)
	[ "$(cat "$OUT/.key-$name" 2>/dev/null)" != "$KEY" ] || return 1
	rm -f "$OUT/.key-$name"
	echo "  DEPS    $ARCH: $name" >&2
}
done_() { echo "$KEY" >"$OUT/.key-$1"; }

# 2. musl, and the specs file that makes the cross gcc a musl gcc: musl's
# headers and gcc's own (no glibc headers), musl's crt files (rcrt1.o for
# -static-pie), the libraries of OUTDIR and gcc's libgcc only (ld's
# -nostdlib: no fallback to the glibc of /usr/<triple>/lib).  Debian's arm
# gcc 12 leaves -static-pie half done (a -dynamic-linker, no
# --no-dynamic-linker), so the link spec completes it.
# The file is read twice when one gcc call compiles and links (Makefile's
# CFLAGS and LDFLAGS both carry it), so it sets whole specs, never
# %rename: the three it extends are gcc's own, copied in.
gcc_spec() {
	"$T-gcc" -dumpspecs | awk -v n="*$1:" '$0 == n { getline; print; exit }'
}
write_specs() {
	cat >"$OUT/lib/cross.specs" <<EOF
*cpp_options:
-nostdinc -isystem $OUT/include -isystem include%s $(gcc_spec cpp_options)

*cc1:
$(gcc_spec cc1) -nostdinc -isystem $OUT/include -isystem include%s

*link_libgcc:
-L$OUT/lib -L .%s

*libgcc:
libgcc.a%s %:if-exists(libgcc_eh.a%s)

*startfile:
%{shared:;static-pie:$OUT/lib/rcrt1.o;static:$OUT/lib/crt1.o;!no-pie:$OUT/lib/Scrt1.o;:$OUT/lib/crt1.o} $OUT/lib/crti.o %{static:crtbeginT.o%s;shared|static-pie|!no-pie:crtbeginS.o%s;:crtbegin.o%s}

*endfile:
%{static:crtend.o%s;shared|static-pie|!no-pie:crtendS.o%s;:crtend.o%s} $OUT/lib/crtn.o

*link:
$(gcc_spec link) -nostdlib %{static-pie:-Bstatic --no-dynamic-linker -z text} %{!static:%{!static-pie:%{!shared:-dynamic-linker /lib/$LDSO}}}

EOF
	grep -q '^-nostdinc.* %' "$OUT/lib/cross.specs" || fail "reading gcc's specs"
}
build_musl() {
	local d=$OUT/src/musl
	unpack "$(dsc musl)" "$d"
	patch -d "$d" -p1 <"$MUSL_PATCH" >>"$LOG" 2>&1 || fail "musl-relr.patch"
	rm -rf "${OUT:?}/include" "${OUT:?}/lib" "$OUT"/.key-*
	(cd "$d" && ./configure --target="$T" CROSS_COMPILE="$T-" \
		--prefix="$OUT" --disable-shared &&
		make -j"$JOBS" && make install) >>"$LOG" 2>&1 || fail musl
	write_specs
	# libxcrypt's yescrypt wants <linux/mman.h>: the kernel headers of
	# the cross toolchain, after musl's (-idirafter), for that build only.
	mkdir -p "$OUT/kernel-include"
	for h in linux asm asm-generic; do
		ln -sfn "/usr/$T/include/$h" "$OUT/kernel-include/$h"
	done
}
if fresh musl "$(dsc musl)" "$T" "$(declare -f build_musl write_specs gcc_spec)" \
    "$(sha256sum <"$MUSL_PATCH")"; then
	build_musl; done_ musl
fi
# The host's own kernel headers are not under /usr/<triple>/include.
if [ "$ARCH" = amd64 ]; then
	ln -sfn /usr/include/linux "$OUT/kernel-include/linux"
	ln -sfn /usr/include/$T/asm "$OUT/kernel-include/asm"
	ln -sfn /usr/include/asm-generic "$OUT/kernel-include/asm-generic"
fi
MUSL_KEY=$(cat "$OUT/.key-musl")
# gcc's -B: the camera link finds lld as its "ld" here (camera.mk).
mkdir -p "$OUT/lld"
ln -sfn "$(command -v ld.lld || echo /usr/bin/ld.lld)" "$OUT/lld/ld"

# 3. mbedTLS: the three libraries only, with our config.
build_mbedtls() {
	local d=$OUT/src/mbedtls
	unpack "$(dsc mbedtls)" "$d"
	cp "$MBEDTLS_CONFIG" "$d/include/mbedtls/config.h"
	make -C "$d/library" -j"$JOBS" libmbedcrypto.a libmbedx509.a \
		libmbedtls.a CC="$MCC" AR="$T-ar" CFLAGS="$CFLAGS" \
		>>"$LOG" 2>&1 || fail mbedTLS
	rm -rf "$OUT/include/mbedtls"
	cp -r "$d/include/mbedtls" "$OUT/include/"
	cp "$d"/library/libmbed*.a "$OUT/lib/"
}
if fresh mbedtls "$MUSL_KEY" "$(dsc mbedtls)" "$CFLAGS" \
    "$(sha256sum <"$MBEDTLS_CONFIG")" "$(declare -f build_mbedtls)"; then
	build_mbedtls; done_ mbedtls
fi

# 4. libxcrypt: the schemes a camera's /etc/shadow may hold, and the
# library only (its test programs are not built).  -static: a musl link
# has no libc.so to fall back on.
XCRYPT_HASHES=descrypt,md5crypt,sha256crypt,sha512crypt,bcrypt,yescrypt
build_xcrypt() {
	local d=$OUT/src/libxcrypt
	unpack "$(dsc libxcrypt)" "$d"
	# descrypt through musl's own DES (__crypt_des in libc.a, 8 KB on
	# armhf: tables of 16 entries) rather than libxcrypt's, whose tables
	# of 256 and 4096 entries are 68 KB of the camera binary.  The salt
	# is checked as libxcrypt checks it (EINVAL for a character outside
	# the alphabet, which musl would take); the hash is the same, and
	# test_pwcheck proves it under qemu.
	cat >"$d/lib/descrypt-musl.inc" <<'EOF'
crypt_descrypt_rn (const char *phrase, size_t ARG_UNUSED (phr_size),
                   const char *setting, size_t ARG_UNUSED (set_size),
                   uint8_t *output, size_t out_size,
                   void *ARG_UNUSED (scratch), size_t ARG_UNUSED (scr_size))
{
  if (out_size < DES_TRD_OUTPUT_LEN)
    {
      errno = ERANGE;
      return;
    }
  if (ascii_to_bin (setting[0]) < 0 || ascii_to_bin (setting[1]) < 0)
    {
      errno = EINVAL;
      return;
    }
  if (__crypt_des (phrase, setting, (char *) output) != (char *) output)
    errno = EINVAL;	/* musl's self-test failed */
}
EOF
	# (libxcrypt builds with -Werror: the prototype at file scope, and
	# des_gen_hash, now for bigcrypt and bsdicrypt alone, marked unused)
	awk -v inc="$d/lib/descrypt-musl.inc" '
	    /^#include "alg-des.h"/ { print
		print "char *__crypt_des (const char *, const char *, char *);"
		next }
	    /^des_gen_hash \(/ { print "__attribute__ ((__unused__))" }
	    /^crypt_descrypt_rn \(/ {
		while ((getline l < inc) > 0) print l; skip = 1; next }
	    skip { if (/^}/) skip = 0; next }
	    { print }' "$d/lib/crypt-des.c" >"$d/lib/crypt-des.c.new" &&
		mv "$d/lib/crypt-des.c.new" "$d/lib/crypt-des.c"
	grep -q __crypt_des "$d/lib/crypt-des.c" || fail "libxcrypt descrypt"
	(cd "$d" && autoreconf -fi && ./configure --host="$T" CC="$MCC" \
		CFLAGS="$CFLAGS -idirafter $OUT/kernel-include" LDFLAGS=-static \
		--disable-shared --enable-static --prefix="$OUT" \
		--enable-hashes="$XCRYPT_HASHES" --enable-obsolete-api=no \
		--disable-failure-tokens --disable-xcrypt-compat-files &&
		make -j"$JOBS" libcrypt.la) >>"$LOG" 2>&1 || fail libxcrypt
	cp "$d/.libs/libcrypt.a" "$OUT/lib/libcrypt.a"
	cp "$d/crypt.h" "$OUT/include/crypt.h"
}
if fresh libxcrypt "$MUSL_KEY" "$(dsc libxcrypt)" "$CFLAGS" \
    "$XCRYPT_HASHES" "$(declare -f build_xcrypt)"; then
	build_xcrypt; done_ libxcrypt
fi

# 5. libmosquitto without TLS: the library only (lib/), no broker, no
# clients, no cJSON.  Its Makefile prefixes CC with CROSS_COMPILE.
build_mosquitto() {
	local d=$OUT/src/mosquitto
	unpack "$(dsc mosquitto)" "$d"
	make -C "$d/lib" -j"$JOBS" libmosquitto.a WITH_STATIC_LIBRARIES=yes \
		WITH_SHARED_LIBRARIES=no WITH_DOCS=no WITH_CJSON=no WITH_SRV=no \
		WITH_TLS=no WITH_TLS_PSK=no CROSS_COMPILE="$T-" \
		CC="${MCC#"$T-"}" AR=ar CFLAGS="$CFLAGS" >>"$LOG" 2>&1 ||
		fail libmosquitto
	cp "$d/lib/libmosquitto.a" "$OUT/lib/"
	cp "$d/include/mosquitto.h" "$d/include/mqtt_protocol.h" "$OUT/include/"
}
if fresh mosquitto "$MUSL_KEY" "$(dsc mosquitto)" "$CFLAGS" \
    "$(declare -f build_mosquitto)"; then
	build_mosquitto; done_ mosquitto
fi

# 6. libcmocka.a: one file; its CMake checks answered for musl by hand.
build_cmocka() {
	local d=$OUT/src/cmocka
	unpack "$(dsc cmocka)" "$d"
	# cmocka.h guesses __WORDSIZE (glibc's) as 32 when the C library
	# does not define it, as musl does not: uintptr_t then clashes with
	# <stdint.h>'s on arm64.  The compiler knows the pointer size.
	sed -i 's/^#ifndef __WORDSIZE$/#if !defined(__WORDSIZE) \&\& defined(__SIZEOF_POINTER__)\
# define __WORDSIZE (__SIZEOF_POINTER__ * 8)\
#endif\
&/' "$d/include/cmocka.h"
	grep -q '__SIZEOF_POINTER__ \* 8' "$d/include/cmocka.h" ||
		fail "patching cmocka.h"
	# shellcheck disable=SC2086
	$MCC $CFLAGS -std=gnu99 -I"$d/include" \
		-DHAVE_MALLOC_H -DHAVE_INTTYPES_H -DHAVE_SIGNAL_H \
		-DHAVE_STRINGS_H -DHAVE_GCC_THREAD_LOCAL_STORAGE \
		-DHAVE_CLOCK_REALTIME -DHAVE_SIGLONGJMP -DHAVE_STRSIGNAL \
		-DHAVE_STRUCT_TIMESPEC -DHAVE_CLOCK_GETTIME -DHAVE_SNPRINTF \
		-DHAVE_VSNPRINTF -c "$d/src/cmocka.c" -o "$d/cmocka.o" \
		>>"$LOG" 2>&1 || fail cmocka
	rm -f "$OUT/lib/libcmocka.a"
	"$T-ar" rcs "$OUT/lib/libcmocka.a" "$d/cmocka.o"
	cp "$d/include/cmocka.h" "$OUT/include/"
}
if fresh cmocka "$MUSL_KEY" "$(dsc cmocka)" "$CFLAGS" \
    "$(declare -f build_cmocka)"; then
	build_cmocka; done_ cmocka
fi

# 7. jsmn.h from the libjsmn-dev package.
# shellcheck disable=SC2012
JSMN_DEB=$(ls "$SRC"/libjsmn-dev_*.deb | sort -V | tail -1)
if fresh jsmn "$MUSL_KEY" "$JSMN_DEB"; then
	rm -rf "$OUT/src/jsmn"
	dpkg-deb -x "$JSMN_DEB" "$OUT/src/jsmn"
	cp "$OUT/src/jsmn/usr/include/jsmn.h" "$OUT/include/"
	done_ jsmn
fi

v() { basename "$(dsc "$1")" .dsc | sed 's/^[^_]*_//'; }
echo "deps $ARCH: musl $(v musl), mbedtls $(v mbedtls), libxcrypt" \
	"$(v libxcrypt), mosquitto $(v mosquitto), cmocka $(v cmocka) in $OUT"
