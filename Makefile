# camguard - one GNU Makefile.
#
#   make            build build/camguard
#   make run        install missing packages, check the example camera
#   make check      install missing packages, build, run every test
#   make check-asan unit tests under AddressSanitizer + UBSan
#   make fuzz       every libFuzzer target for FUZZ_SECONDS each
#   make fuzz-long  the same to depth, a table in build/fuzz-report.txt
#   make install    PREFIX=/usr/local DESTDIR=
#
# Honours CC CFLAGS CPPFLAGS LDFLAGS LDLIBS PREFIX DESTDIR CROSS_COMPILE
# SYSROOT; CROSS=<triple> includes cross/<triple>.mk.

VERSION		:= 0.1.0
PREFIX		?= /usr/local
SBINDIR		?= $(PREFIX)/sbin
MANDIR		?= $(PREFIX)/share/man
DATADIR		?= $(PREFIX)/share/camguard
SYSCONFDIR	?= /etc

ifneq ($(CROSS),)
include cross/$(CROSS).mk
endif
ifneq ($(CROSS_COMPILE),)
CC		:= $(CROSS_COMPILE)gcc
endif

BUILD		?= build
CFLAGS		?= -O2 -g
# Whether the C library's memchr() is vector code (glibc's is, on every
# architecture; musl's is generic C, so cross/camera.mk says 0):
# core/bytes.h searches a long line with it, or four words a step.
LIBC_MEMCHR_FAST ?= 1
WARN		:= -Wall -Wextra -Wformat=2 -Wshadow -Wvla -Wstrict-prototypes \
		   -Wmissing-prototypes -Werror
HARDEN_CFLAGS	?= -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
HARDEN_LDFLAGS	?= -pie -Wl,-z,relro,-z,now
ifneq ($(SYSROOT),)
SYSROOT_FLAGS	:= --sysroot=$(SYSROOT)
endif
DEFS		:= -D_GNU_SOURCE -DCAMGUARD_VERSION='"$(VERSION)"' \
		   -DCAMGUARD_DATADIR='"$(DATADIR)"' \
		   -DLIBC_MEMCHR_FAST=$(LIBC_MEMCHR_FAST)
ALL_CPPFLAGS	= -iquote app -iquote . $(DEFS) $(CPPFLAGS)
ALL_CFLAGS	= -std=c11 $(WARN) $(HARDEN_CFLAGS) $(SYSROOT_FLAGS) $(SAN) \
		  $(CFLAGS) -MMD -MP
ALL_LDFLAGS	= $(HARDEN_LDFLAGS) $(SYSROOT_FLAGS) $(SAN) $(LDFLAGS)
LIBS		?= -lmosquitto -lnftables -lmbedtls -lmbedx509 -lmbedcrypto -lcrypt
ALL_LDLIBS	= $(LIBS) $(LDLIBS)

# Firewall backends compiled in; a static camera build may drop nftables.
FW_BACKENDS	?= nft camacl file none
# The commands linked in (app/cli/main.c); a camera build leaves out the
# operator's tools (cross/camera.mk).
CLI_COMMANDS	?= check ids run fleet config-test version explain audit

# Sources are found by folder (ARCHITECTURE.md): app/<capability>/*.c and
# platform/**/*.c; only the firewall backends are chosen by FW_BACKENDS.
APP_SRC		:= $(filter-out app/cli/main.c,$(wildcard app/*/*.c))
PLAT_SRC	:= $(wildcard platform/*.c) \
		   $(filter-out platform/fw/fw_%.c,$(wildcard platform/*/*.c)) \
		   $(wildcard $(FW_BACKENDS:%=platform/fw/fw_%.c))
FW_NAMES	:= $(patsubst platform/fw/fw_%.c,%,$(filter platform/fw/fw_%.c,$(PLAT_SRC)))
GEN_OBJ		:= $(BUILD)/gen/policy_builtin.o $(BUILD)/gen/fw_backends.o \
		   $(BUILD)/gen/syscall_names.o $(BUILD)/gen/cli_commands.o
LIB_OBJ		:= $(patsubst %.c,$(BUILD)/%.o,$(APP_SRC) $(PLAT_SRC)) $(GEN_OBJ)
MAIN_OBJ	:= $(BUILD)/app/cli/main.o
LIB		:= $(BUILD)/libcamguard.a
BIN		:= $(BUILD)/camguard

# Unit tests mirror the layout: tests/unit/<folder>/test_*.c.
UNIT_SRC	:= $(wildcard tests/unit/*/test_*.c)
UNIT_BIN	:= $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
INTEG		:= $(sort $(filter-out tests/integration/lib%.sh,$(wildcard tests/integration/*.sh)))

.PHONY: FORCE all run check check-unit check-integration check-asan fuzz bench \
	deps deps-run deps-check install install-files uninstall deb clean \
	lint-man fuzz-long check-layout

all: $(BIN)

Q		:= $(if $(V),,@)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The default policy is built into the binary, byte for byte once
# decoded, so that its SHA-256 is the same as the shipped file's; stored
# as gzip makes it 12 KB instead of 61 (core/inflate.c decodes it).
$(BUILD)/gen/policy_builtin.c: packaging/policy/mobotix-v1.json Makefile
	@mkdir -p $(dir $@)
	@gzip -9 -n -c $< >$@.gz
	@{ echo '/* generated from $< by make; do not edit */'; \
	  echo '#include "check/policy.h"'; \
	  echo 'const unsigned char policy_builtin_gz[] = {'; \
	  od -An -v -tx1 $@.gz | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '};'; \
	  echo 'const size_t policy_builtin_gz_len = sizeof(policy_builtin_gz);'; \
	  echo "const size_t policy_builtin_len = $$(wc -c <$<);"; \
	} >$@
# The firewall backends compiled in, as a table for platform/fw/fw.c (no
# #ifdef there); rewritten only when FW_BACKENDS changes what it holds.
$(BUILD)/gen/fw_backends.c: FORCE
	@mkdir -p $(dir $@)
	@{ echo '/* generated from FW_BACKENDS by make; do not edit */'; \
	  echo '#include "platform/fw/fw.h"'; \
	  echo 'const struct fw_ops *const fw_backends[] = {'; \
	  for b in $(FW_NAMES); do echo "	&fw_ops_$$b,"; done; \
	  echo '	NULL };'; \
	} >$@.tmp; cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
# The commands linked in, as a table for app/cli/main.c (no #ifdef
# there): a command left out is not linked; rewritten only when
# CLI_COMMANDS changes.
$(BUILD)/gen/cli_commands.c: FORCE
	@mkdir -p $(dir $@)
	@{ echo '/* generated from CLI_COMMANDS by make; do not edit */'; \
	  echo '#include <stddef.h>'; \
	  echo '#include "cli/cli.h"'; \
	  echo 'const struct cli_command cli_commands[] = {'; \
	  for c in $(CLI_COMMANDS); do \
	    echo "	{ \"$$c\", cli_$$(echo $$c | tr - _) },"; done; \
	  echo '	{ NULL, NULL } };'; \
	} >$@.tmp; cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
# Every system call of the target architecture, by name, from the
# compiler's own <sys/syscall.h>: the sandbox (platform/sandbox.c) names
# the call that killed a process.  The names are one string and the
# numbers one array, in the same order (a pointer per name was 5 KB of
# a camera build).
$(BUILD)/gen/syscall_names.c: Makefile
	@mkdir -p $(dir $@)
	@echo '#include <sys/syscall.h>' | $(CC) $(SYSROOT_FLAGS) \
	    $(CAMERA_CPPFLAGS) -dM -E - | \
	    sed -n 's/^#define __NR_\([a-z0-9_]*\) .*/\1/p' | sort -u >$@.names
	@{ echo '/* generated from <sys/syscall.h> by make; do not edit */'; \
	  echo '#include <sys/syscall.h>'; \
	  echo '#include "platform/sandbox.h"'; \
	  echo 'const char sandbox_name_text[] ='; \
	  while read n; do printf '#ifdef __NR_%s\n\t"%s\\0"\n#endif\n' \
	    $$n $$n; done <$@.names; \
	  echo '	"";'; \
	  echo 'const int sandbox_name_nr[] = {'; \
	  while read n; do printf '#ifdef __NR_%s\n\t__NR_%s,\n#endif\n' \
	    $$n $$n; done <$@.names; \
	  echo '	-1 };'; } >$@.tmp && mv $@.tmp $@ && rm -f $@.names
$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB)
	@$(if $(V),,echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  TEST    $@")
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ \
	    $< $(LIB) -lcmocka $(ALL_LDLIBS)

deps-run:
	@sh tests/deps.sh run
deps-check deps:
	@sh tests/deps.sh check

# The example camera fails checks (factory settings): exit 1 is expected.
run: deps-run
	@$(MAKE) --no-print-directory all
	@$(BIN) check --camera-config examples/camera-default.cfg --no-probe; \
	    rc=$$?; [ $$rc -le 1 ] || { echo "make run: exit $$rc" >&2; exit $$rc; }

check: deps-check
	@$(MAKE) --no-print-directory check-unit check-layout check-integration check-fuzz-corpus lint-man cross-check ARCH=armhf

check-unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; TZ=UTC $$t; done

# Every script runs even after one fails, so one CI run shows every failure.
check-integration: $(BIN)
	@failed=; for t in $(INTEG); do echo "== $$t"; s=$$(date +%s); \
	    TZ=UTC CAMGUARD=$(CURDIR)/$(BIN) sh $$t || failed="$$failed $$t"; \
	    echo "== $$t: $$(( $$(date +%s) - s )) s"; \
	    done; [ -z "$$failed" ] || { echo "failed:$$failed" >&2; exit 1; }

# The layout of ARCHITECTURE.md, kept true (tests/layout.sh): no source
# file over 800 lines, includes only along its arrows, no circle between
# object files or folders; the self-test first shows each check failing.
check-layout: $(BIN)
	@sh tests/layout.sh --self-test
	@sh tests/layout.sh . $(BUILD)

check-asan:
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS='-O1 -g' \
	    HARDEN_CFLAGS= HARDEN_LDFLAGS= \
	    SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	    check-unit

# Benchmarks against the peers (fail2ban, sshguard, lighttpd); not in check.
BENCH		:= $(sort $(wildcard tests/bench/*.sh))
bench: $(BIN)
	@sh tests/deps.sh bench
	@set -e; for b in $(BENCH); do echo "== $$b"; \
	    TZ=UTC CAMGUARD=$(CURDIR)/$(BIN) sh $$b; done

lint-man:
	@set -e; for m in packaging/*.[58]; do [ -f "$$m" ] || continue; \
	    mandoc -Tlint -W warning $$m; done; echo "man pages OK"

# libFuzzer: every tests/fuzz/fuzz_<name>.c against the parsers, seeded
# from tests/corpus/<name>/ when it exists.
FUZZ_SECONDS	?= 10
FUZZ_SRC	:= $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN	:= $(patsubst tests/fuzz/%.c,build-fuzz/%,$(FUZZ_SRC))
FUZZ_CFLAGS	:= -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
		   -fno-sanitize-recover=all \
		   -iquote app -iquote . $(DEFS) -std=c11
FUZZ_OBJ	:= $(patsubst %.c,build-fuzz/%.o,$(APP_SRC) $(PLAT_SRC)) \
		   build-fuzz/policy_builtin.o build-fuzz/fw_backends.o \
		   build-fuzz/syscall_names.o build-fuzz/cli_commands.o
build-fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -c -o $@ $<
build-fuzz/fw_backends.o: $(BUILD)/gen/fw_backends.c
	@mkdir -p build-fuzz
	clang $(FUZZ_CFLAGS) -c -o $@ $<
build-fuzz/syscall_names.o: $(BUILD)/gen/syscall_names.c
	@mkdir -p build-fuzz
	clang $(FUZZ_CFLAGS) -c -o $@ $<
build-fuzz/cli_commands.o: $(BUILD)/gen/cli_commands.c
	@mkdir -p build-fuzz
	clang $(FUZZ_CFLAGS) -c -o $@ $<
build-fuzz/policy_builtin.o: $(BUILD)/gen/policy_builtin.c
	@mkdir -p build-fuzz
	clang $(FUZZ_CFLAGS) -c -o $@ $<
build-fuzz/libfuzz.a: $(FUZZ_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^
build-fuzz/%: tests/fuzz/%.c build-fuzz/libfuzz.a
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< build-fuzz/libfuzz.a \
	    $(ALL_LDLIBS)
# In make check: every fuzz target builds and replays its seed corpus.
check-fuzz-corpus: $(FUZZ_BIN)
	@set -e; for f in $(FUZZ_BIN); do n=$${f#build-fuzz/fuzz_}; \
	    [ -d tests/corpus/$$n ] || continue; \
	    $$f -runs=0 tests/corpus/$$n >build-fuzz/$$n.replay.log 2>&1 || \
	        { tail -30 build-fuzz/$$n.replay.log; exit 1; }; \
	    echo "ok - $$f replays tests/corpus/$$n"; done

fuzz: $(FUZZ_BIN)
	@set -e; for f in $(FUZZ_BIN); do n=$${f#build-fuzz/fuzz_}; \
	    mkdir -p build-fuzz/corpus-$$n; \
	    seeds=; [ -d tests/corpus/$$n ] && seeds=tests/corpus/$$n; \
	    echo "== $$f ($(FUZZ_SECONDS) s)"; \
	    $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	        build-fuzz/corpus-$$n $$seeds 2>build-fuzz/$$n.log || \
	        { tail -40 build-fuzz/$$n.log; exit 1; }; \
	    grep -E '^Done|^#[0-9]+ *DONE' build-fuzz/$$n.log | tail -1; done

# Fuzzing to depth: every target for FUZZ_SECONDS (FUZZ_RUNS=N, or
# FUZZ_RUNS_NET=N for the parsers of network and log bytes: stop after N
# executions); executions, coverage and findings in build/fuzz-report.txt.
# FUZZ_MERGE=1 merges the inputs that raised coverage into tests/corpus/.
fuzz-long: $(FUZZ_BIN)
	@mkdir -p $(BUILD)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/long.sh \
	    $(BUILD)/fuzz-report.txt $(FUZZ_BIN)

# install-files: the files alone, for `make install` and the Debian
# package (debian/rules).  install: also the system user run.user names
# (camguard), the state directory it owns, the configuration it can
# re-read on SIGHUP (0640 root:camguard) and the systemd unit; skipped
# for a DESTDIR install, which is a staging tree.  uninstall removes all
# of it but a configuration that was changed (kept as .save).
UNITDIR		?= /etc/systemd/system
STATEDIR	?= /var/lib/camguard
RUN_USER	?= camguard
install-files: $(BIN)
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR)/policy \
	    $(DESTDIR)$(DATADIR)/examples $(DESTDIR)$(SYSCONFDIR)/camguard
	install -m 755 $(BIN) $(DESTDIR)$(SBINDIR)/camguard
	install -m 644 packaging/camguard.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 644 packaging/camguard.json.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 packaging/policy/*.json $(DESTDIR)$(DATADIR)/policy/
	install -m 644 packaging/camguard.json \
	    $(DESTDIR)$(DATADIR)/examples/camguard.json
	install -m 644 packaging/broker/mosquitto.acl \
	    packaging/broker/rabbitmq-acl.sh $(DESTDIR)$(DATADIR)/examples/
	install -m 644 packaging/prometheus/camguard.rules.yml \
	    $(DESTDIR)$(DATADIR)/examples/
	[ -f $(DESTDIR)$(SYSCONFDIR)/camguard/camguard.json ] || \
	    install -m 640 packaging/camguard.json \
	    $(DESTDIR)$(SYSCONFDIR)/camguard/camguard.json

install: install-files
	@if [ -n "$(DESTDIR)" ]; then echo "install: DESTDIR set: no user," \
	    "state directory or unit"; exit 0; fi; set -e; \
	getent passwd $(RUN_USER) >/dev/null || \
	    useradd --system --user-group --no-create-home \
	    --home-dir $(STATEDIR) --shell /usr/sbin/nologin $(RUN_USER); \
	install -d -m 750 -o $(RUN_USER) -g $(RUN_USER) $(STATEDIR); \
	chgrp $(RUN_USER) $(SYSCONFDIR)/camguard/camguard.json; \
	chmod 640 $(SYSCONFDIR)/camguard/camguard.json; \
	install -d $(UNITDIR); \
	sed -e 's|/usr/local/sbin/|$(SBINDIR)/|g' \
	    -e 's|/var/lib/camguard|$(STATEDIR)|g' packaging/camguard.service \
	    >$(UNITDIR)/camguard.service; \
	chmod 644 $(UNITDIR)/camguard.service; \
	echo "install: user $(RUN_USER), $(STATEDIR), $(UNITDIR)/camguard.service"

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/camguard \
	    $(DESTDIR)$(MANDIR)/man8/camguard.8 \
	    $(DESTDIR)$(MANDIR)/man5/camguard.json.5
	rm -rf $(DESTDIR)$(DATADIR)
	@set -e; c=$(DESTDIR)$(SYSCONFDIR)/camguard/camguard.json; \
	if [ -f "$$c" ] && cmp -s "$$c" packaging/camguard.json; then \
	    rm -f "$$c"; elif [ -f "$$c" ]; then mv "$$c" "$$c.save"; \
	    echo "uninstall: changed configuration kept as $$c.save"; fi; \
	rmdir $(DESTDIR)$(SYSCONFDIR)/camguard 2>/dev/null || true
	@if [ -n "$(DESTDIR)" ]; then exit 0; fi; \
	rm -f $(UNITDIR)/camguard.service; rm -rf $(STATEDIR); \
	if getent passwd $(RUN_USER) >/dev/null; then \
	    userdel $(RUN_USER) 2>/dev/null || true; fi; \
	if getent group $(RUN_USER) >/dev/null; then \
	    groupdel $(RUN_USER) 2>/dev/null || true; fi

# The Debian package (debhelper), built in a copy of the tree so that
# nothing is written beside the checkout: build/deb/camguard_*.deb.
deb:
	@sh tests/deps.sh deb
	@rm -rf build/deb && mkdir -p build/deb/src
	@git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C build/deb/src
	@cd build/deb/src && dpkg-buildpackage -b -us -uc >../build.log 2>&1 \
	    || { tail -40 ../build.log; exit 1; }
	@ls build/deb/*.deb

# ---------------------------------------------------------------------------
# Camera builds: static musl ARM binaries (cross/), their tests under
# qemu-user (tests/cross/), the camera-app bundle (packaging/camera-app/),
# budgets.
#
#   make cross ARCH=armhf|arm64   build/<arch>/camguard: static-pie, stripped
#   make cross-check ARCH=...     unit suite under qemu, smoke test against
#                                 the host build
#   make package [ARCH=armhf]     build/camguard-<version>-<arch>.tar.gz
#   make size                     stripped sizes, idle RSS, start-up time
#
# The outer make installs what is missing (tests/deps.sh cross) and calls
# itself with CROSS=<triple>, which reads cross/<triple>.mk: BUILD=
# build/<arch>, the musl compiler, static-pie link, LIBS, FW_BACKENDS
# without nft.  musl and the libraries, built static from Debian's source
# (cross/mk-deps.sh, into build/<arch>-musl), are made once, on first use,
# and again only for what a change to their recipe touches.
ARCH		?= armhf
# amd64: the host's CPU built as a camera is (musl, static-pie), only for
# `make bench` to compare with the glibc build (tests/bench/musl.sh).
CAMERA_TRIPLE	:= $(patsubst armhf,arm-linux-gnueabihf,$(patsubst \
		   arm64,aarch64-linux-gnu,$(patsubst amd64,x86_64-linux-gnu,$(filter \
		   armhf arm64 amd64,$(ARCH)))))
CAMERA_MAKE	= $(MAKE) --no-print-directory CROSS=$(CAMERA_TRIPLE)
PACKAGE		:= build/camguard-$(VERSION)-$(ARCH).tar.gz

.PHONY: cross cross-check package size camera-arch camera-build \
	camera-tests

camera-arch:
	@[ -n "$(CAMERA_TRIPLE)" ] || { echo "make: ARCH must be armhf or" \
	    "arm64, not '$(ARCH)'" >&2; exit 64; }

cross: camera-arch
	@sh tests/deps.sh cross
	@$(CAMERA_MAKE) camera-build

# The smoke test compares the ARM binary's output with the host build's.
cross-check: cross
	@sh tests/deps.sh run
	@$(MAKE) --no-print-directory all
	@$(CAMERA_MAKE) camera-tests
	@TZ=UTC sh tests/cross/check.sh $(ARCH) build/$(ARCH) $(BIN)

# tests/integration/package.sh (make check) unpacks and runs this bundle.
package: cross
	@sh packaging/camera-app/mk-package.sh $(ARCH) build/$(ARCH)/camguard \
	    $(VERSION) $(PACKAGE)

size:
	@sh tests/deps.sh run
	@$(MAKE) --no-print-directory all
	@set -e; for a in armhf arm64; do \
	    $(MAKE) --no-print-directory cross ARCH=$$a; done
	@sh tests/cross/size.sh $(BIN)

ifneq ($(CAMERA_ARCH),)
# Inside the CROSS= make: the musl prefix, then the binary.  Every object
# depends on the prefix (mbedTLS's config shapes its structs; -isystem
# headers are not in the .d files), so a rebuilt library rebuilds them.
$(MUSL)/.complete: cross/mk-deps.sh cross/mbedtls-config.h cross/musl-relr.patch \
    cross/camera.mk
	@echo "  DEPS    $(MUSL) (musl, mbedTLS, libxcrypt, libmosquitto," \
	    "cmocka from Debian source)"
	$(Q)CFLAGS='$(DEPS_CFLAGS)' bash cross/mk-deps.sh $(CAMERA_ARCH) $(MUSL)
	@touch $@
$(LIB_OBJ) $(MAIN_OBJ) $(UNIT_BIN): $(MUSL)/.complete

camera-build: $(BIN)
	$(Q)$(STRIP) --strip-all $(BIN)
camera-tests: $(UNIT_BIN)
endif

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD)/app $(BUILD)/platform $(BUILD)/tests -name '*.d' -type f 2>/dev/null)
