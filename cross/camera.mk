# camera.mk - what the camera targets share (included by cross/<triple>.mk,
# which sets CAMERA_ARCH, CROSS_COMPILE, QEMU and CAMERA_PIE first).
#
# A camera runs an unknown, often old libc, so the binary is static: glibc
# 2.36 from the Debian cross toolchain, the ARM libraries of the sysroot
# that cross/mk-sysroot.sh unpacks (mbedTLS, libcrypt, OpenSSL), and
# libmosquitto and cmocka built static from Debian's source by
# cross/mk-deps.sh (Debian ships those two shared only).
#
# Backends: nftables is left out (no libnftables, its libmnl/libnftnl/
# libjansson/libgmp chain and no guarantee the camera kernel has nf_tables);
# a camera build carries camacl (the camera's own IP access list), file and
# none.  MQTT has no TLS: libmosquitto does TLS through OpenSSL only, and
# a static OpenSSL adds about 2.2 MB (armhf) to 4 MB (arm64); `make size`
# links that variant as build/<arch>/size/camguard-tls to show it.
#
# Static glibc has no NSS of its own, so camguard never asks NSS: a
# run.user name is read from /etc/passwd directly (a number needs no
# lookup), and mqtt.host must be an address.  Only a camera.url with a
# host name still goes through getaddrinfo; give cameras an address.
#
# CFLAGS stay the host's -O2: -Os raises gcc 12 false positives
# (-Wmaybe-uninitialized, -Wformat-truncation) that -Werror turns into a
# broken build, for a few KB (most of the binary is static libc).
#
# Every variable is ?= so the command line and the environment win.

SYSROOT		?= $(CURDIR)/build/sysroot-$(CAMERA_ARCH)
BUILD		?= build/$(CAMERA_ARCH)
CROSS_DEPS	?= build/$(CAMERA_ARCH)-deps
ifeq ($(origin AR),default)
AR		:= $(CROSS_COMPILE)ar
endif
STRIP		?= $(CROSS_COMPILE)strip
FW_BACKENDS	?= camacl file none

# Static PIE where the C library supports it (rcrt1.o), plain static where
# it does not: a static binary cannot take -pie.
ifeq ($(CAMERA_PIE),yes)
HARDEN_CFLAGS	?= -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
HARDEN_LDFLAGS	?= -static-pie -Wl,-z,relro,-z,now
else
HARDEN_CFLAGS	?= -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fno-pie
HARDEN_LDFLAGS	?= -static -no-pie -Wl,-z,relro,-z,now
endif

LIBS		?= -lmosquitto -lmbedtls -lmbedx509 -lmbedcrypto -lcrypt
# Our libmosquitto.a and libcmocka.a and their headers come first; jsmn,
# mbedTLS, crypt.h and OpenSSL come from the sysroot through --sysroot.
# CAMERA_CPPFLAGS (set per triple) reach the deps mk-deps.sh builds too.
override CPPFLAGS += $(CAMERA_CPPFLAGS) -isystem $(CROSS_DEPS)/include
override LDFLAGS += -L$(CROSS_DEPS)/lib
