#!/bin/sh
# onvif.sh - the wall time the ONVIF probes (GetDeviceInformation and
# GetUsers without credentials, one WS-Discovery Probe) add to a live
# scan against the camera simulator on loopback (make bench; not part of
# make check):
#   1. tests/bench/onvif_bench.c against libcamguard.a: probe_run() on the
#      same camera without and with them, in alternating pairs, the
#      median of the paired differences; the default camera (HTTP,
#      anonymous ONVIF, discovery on) and the hardened one (HTTPS only:
#      each ONVIF request costs a TLS handshake; discovery port closed);
#   2. a whole `camguard check` of each (API read, probes, report), with
#      hyperfine when it is installed, for scale.
# Environment: BENCH_PAIRS (200, half for HTTPS).
set -eu
: "${CAMGUARD:=$(pwd)/build/camguard}"
LIB=$(dirname "$CAMGUARD")/libcamguard.a
: "${LIBS:=-lmosquitto -lnftables -lmbedtls -lmbedx509 -lmbedcrypto -lcrypt}"
PAIRS=${BENCH_PAIRS:-200}
W=$(mktemp -d /tmp/camguard-bench.XXXXXX)
PIDS=
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || :; done
	rm -rf "$W"
}
trap cleanup EXIT INT TERM

# shellcheck disable=SC2086
${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -iquote app \
	-iquote . -o "$W/onvif_bench" tests/bench/onvif_bench.c "$LIB" $LIBS
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$W/k.pem" -out "$W/c.pem" -days 30 -subj /CN=localhost \
	>/dev/null 2>&1

sim() {
	python3 tests/camsim/camsim.py --profile "$1" --http-port 0 \
		--https-port 0 --rtsp-port 0 --wsd-port 0 --cert "$W/c.pem" \
		--key "$W/k.pem" >"$W/$1.out" 2>&1 &
	PIDS="$PIDS $!"
	i=0
	until grep -q "camsim ready" "$W/$1.out" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "onvif.sh: camsim $1" >&2; exit 1; }
		sleep 0.1
	done
}
port() { tr ' ' '\n' <"$W/$1.out" | sed -n "s/^$2=//p"; }
sim default
sim hardened
printf 'meinsm\n' >"$W/pw-default"
printf 'Lobby-Cam-2024-x9\n' >"$W/pw-hardened"
chmod 600 "$W"/pw-*
for p in default hardened; do
	u=admin
	[ $p = default ] || u=camadmin
	printf '{"camera":{"user":"%s","password_file":"%s"}}\n' "$u" \
		"$W/pw-$p" >"$W/$p.conf"
done

echo "# probe_run() without and with the ONVIF probes (load: $(cut -d' ' \
-f1-3 /proc/loadavg))"
printf 'default  (HTTP):  '
"$W/onvif_bench" 127.0.0.1 "$(port default http)" 0 "$(port default rtsp)" \
	"$(port default wsd)" "$PAIRS"
printf 'hardened (HTTPS): '
"$W/onvif_bench" 127.0.0.1 "$(port hardened https)" 1 \
	"$(port hardened rtsp)" "$(port hardened wsd)" $((PAIRS / 2))

if command -v hyperfine >/dev/null; then
	for p in default hardened; do
		hyperfine -N -i -w 3 -r 30 --style none --export-json \
			"$W/$p.json" "$CAMGUARD check --format json -c \
$W/$p.conf --camera-url http://127.0.0.1:$(port $p http)" >/dev/null 2>&1
		python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%s: whole live scan (camguard check) median %.1f ms, mean %.1f ms"
      % (sys.argv[2], r["median"] * 1e3, r["mean"] * 1e3))' "$W/$p.json" $p
	done
else
	echo "# hyperfine missing: whole scans not timed"
fi
