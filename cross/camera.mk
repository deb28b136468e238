# camera.mk - what the camera targets share (included by cross/<triple>.mk,
# which sets CAMERA_ARCH, CROSS_COMPILE and QEMU first).
#
# A camera runs an unknown, often old C library and has little flash and
# memory, so the binary is static and small: musl 1.2.3, mbedTLS 2.28 with
# our own config (cross/mbedtls-config.h), libxcrypt with six schemes,
# libmosquitto without TLS and cmocka, all built from Debian's source
# packages by cross/mk-deps.sh into one prefix, $(MUSL).  Debian's cross
# gcc compiles against it through $(MUSL)/lib/cross.specs: no glibc header
# or library is ever seen.
#
# Hardening: -static-pie keeps ASLR for a static binary (musl has rcrt1.o
# on both ARCHs; 8 KB more than -static on armhf), RELRO and BIND_NOW,
# -fstack-protector-strong (musl sets the canary from AT_RANDOM).  No
# _FORTIFY_SOURCE: musl's headers do not implement it, so the flag would
# only pretend.  time_t is 64-bit on both ARCHs with musl 1.2, armhf too,
# so camguard's clock and mbedTLS's certificate dates go past 2038.
#
# Size: every object in its own sections and --gc-sections at the link;
# the libraries and camguard at -Os, but for the files `ids scan` spends
# its time in (perf: the log parsers and fields, the detector, the line
# reader, json_write, addresses), which stay at the host's -O2
# (CAMERA_HOT_SRC).  gcc 12 at -Os reports false positives that -Werror
# would turn into a broken build: -Wmaybe-uninitialized (camcfg_parse.c:
# a struct filled by a callee on every path that returns OK) and
# -Wformat-truncation (test_ids_parse.c: a bounded snprintf it cannot
# bound at -Os).  The camera build leaves those two warnings out; the
# host build compiles the same code at -O2 with them on, so a real one is
# still caught there.  The operator's
# tools (`camguard fleet`, its server, `camguard audit`) run on an
# operator's machine, not on a camera: CLI_COMMANDS leaves them out of
# the link, and the camera's camguard says so (app/cli/main.c).
#
# Backends: nftables is left out (no libnftables, its libmnl/libnftnl/
# libjansson/libgmp chain and no guarantee the camera kernel has nf_tables);
# a camera build carries camacl (the camera's own IP access list), file and
# none.  MQTT: libmosquitto is built without TLS (it does TLS through
# OpenSSL only, 2.2 MB to 4 MB static); MQTT over TLS goes through the
# in-process relay (app/mqtt/mqtt_relay.c) and camguard's own mbedTLS.
#
# camguard never asks NSS: a run.user name is read from /etc/passwd
# directly (a number needs no lookup), and mqtt.host must be an address.
#
# Every variable is ?= so the command line and the environment win.

MUSL		?= $(CURDIR)/build/$(CAMERA_ARCH)-musl
BUILD		?= build/$(CAMERA_ARCH)
ifeq ($(origin AR),default)
AR		:= $(CROSS_COMPILE)ar
endif
STRIP		?= $(CROSS_COMPILE)strip
FW_BACKENDS	?= camacl file none
# musl's memchr is generic C (core/bytes.h, the Makefile's default)
LIBC_MEMCHR_FAST ?= 0

# Each function and object in its own section for --gc-sections; no
# unwind tables (C without exceptions; 70 KB of .eh_frame on arm64).
SIZE_CFLAGS	:= -ffunction-sections -fdata-sections \
		   -fno-asynchronous-unwind-tables -fno-unwind-tables
CFLAGS		?= -Os -g $(SIZE_CFLAGS) -Wno-maybe-uninitialized \
		   -Wno-format-truncation
CAMERA_HOT_SRC	:= app/ids/ids_parse.c app/ids/ids_clf_parse.c \
		   app/ids/ids_nginx_parse.c app/ids/ids_lighttpd_parse.c \
		   app/ids/ids_fields.c app/ids/ids_detect.c app/ids/ids_table.c \
		   app/core/linerd.c app/core/json_write.c app/core/addr.c
$(CAMERA_HOT_SRC:%.c=$(BUILD)/%.o): CFLAGS += -O2
CLI_COMMANDS	?= check ids run config-test version explain
HARDEN_CFLAGS	?= -fstack-protector-strong -fPIE
HARDEN_LDFLAGS	?= -static-pie -Wl,-z,relro,-z,now
# What the libraries of $(MUSL) are built with (musl picks its own).
DEPS_CFLAGS	?= -Os $(SIZE_CFLAGS) $(HARDEN_CFLAGS)
# The musl compiler: Makefile passes SYSROOT_FLAGS to every compile and
# link (SYSROOT must stay unset for a camera build).
SYSROOT_FLAGS	:= -specs=$(MUSL)/lib/cross.specs
# The kernel's own headers (<linux/sockios.h>, <linux/seccomp.h>, ...)
# come from the cross toolchain, after musl's, as for libxcrypt.
override CPPFLAGS += -idirafter $(MUSL)/kernel-include
LIBS		?= -lmosquitto -lmbedtls -lmbedx509 -lmbedcrypto -lcrypt
# Relative relocations packed (DT_RELR): a static-pie's .rela.dyn is one
# 24-byte entry (8 on armhf) per pointer in its data, 51 KB on arm64;
# packed they are a few hundred bytes.  GNU ld 2.40 packs them for arm
# and x86 but not for aarch64, so lld links (gcc 12 finds it as "ld"
# under -B; cross/mk-deps.sh makes the link); musl-relr.patch applies
# them at start.
RELR_LDFLAGS	?= -B$(MUSL)/lld/ -Wl,--pack-dyn-relocs=relr
override LDFLAGS += $(RELR_LDFLAGS) -Wl,--gc-sections \
		    $(if $(CAMERA_PAGE_SIZE),-Wl$(comma)-z$(comma)max-page-size=$(CAMERA_PAGE_SIZE))
comma		:= ,
