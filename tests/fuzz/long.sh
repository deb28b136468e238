#!/bin/sh
# long.sh REPORT TARGET... - run libFuzzer targets to depth and tabulate.
#
# Each build-fuzz/fuzz_<name> runs for FUZZ_SECONDS (default 600) on its
# working corpus build-fuzz/corpus-<name>, seeded from tests/corpus/<name>;
# with FUZZ_RUNS=N (or FUZZ_RUNS_NET=N for the parsers of network and log
# bytes, named in NET below) it stops after N executions instead, with
# FUZZ_SECONDS then a ceiling.  A crash, leak or timeout is a finding: its
# input is kept in build-fuzz/findings/ and the run goes on with the next
# target.  REPORT gets one row per target: executions, coverage (edges
# and features), corpus size, findings.  With FUZZ_MERGE=1 the inputs that
# raised coverage over tests/corpus/<name> are merged into it afterwards
# (libFuzzer -merge=1 keeps only those), to be committed; a corpus folder
# that is a symbolic link to another target's is left alone.
set -u
report=$1
shift
NET="ids_clf ids_lighttpd ids_nginx http_parse http_resp camcfg fleet priv_msg soap cmd fleet_query"
secs=${FUZZ_SECONDS:-600}
mkdir -p build-fuzz/findings "$(dirname "$report")"
tmp=$report.tmp
{
	echo "# camguard fuzz-long, $(date -u +%Y-%m-%dT%H:%MZ)," \
	    "FUZZ_SECONDS=$secs FUZZ_RUNS=${FUZZ_RUNS:-} FUZZ_RUNS_NET=${FUZZ_RUNS_NET:-}"
	printf '%-14s %-5s %12s %8s %9s %6s %7s %7s %8s\n' target kind \
	    executions seconds exec/s cov ft corpus findings
} >"$tmp"
total=0
for bin in "$@"; do
	n=${bin##*/fuzz_}
	kind=other
	case " $NET " in *" $n "*) kind=net ;; esac
	runs=${FUZZ_RUNS:-}
	[ "$kind" = net ] && [ -n "${FUZZ_RUNS_NET:-}" ] && runs=$FUZZ_RUNS_NET
	work=build-fuzz/corpus-$n
	mkdir -p "$work"
	seeds=
	[ -d "tests/corpus/$n" ] && seeds=tests/corpus/$n
	log=build-fuzz/$n.long.log
	before=$(ls build-fuzz/findings | grep -c "^$n-" || true)
	start=$(date +%s)
	# -max_len: the line reader needs lines past its 64 KiB buffer.
	maxlen=65536
	[ "$n" = linerd ] && maxlen=200000
	"$bin" -max_total_time="$secs" ${runs:+-runs=$runs} \
	    -max_len=$maxlen -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="build-fuzz/findings/$n-" "$work" $seeds \
	    >"$log" 2>&1
	rc=$?
	end=$(date +%s)
	after=$(ls build-fuzz/findings | grep -c "^$n-" || true)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	last=$(grep -E '^#[0-9]+' "$log" | tail -1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p')
	el=$((end - start))
	[ "$el" -gt 0 ] || el=1
	printf '%-14s %-5s %12s %8s %9s %6s %7s %7s %8s\n' "$n" "$kind" \
	    "${execs:-0}" "$el" "$(( ${execs:-0} / el ))" "${cov:-?}" \
	    "${ft:-?}" "${corp:-?}" "$((after - before))" >>"$tmp"
	[ "$rc" = 0 ] || echo "  $n: exit $rc, see $log" >>"$tmp"
	total=$((total + ${execs:-0}))
	# a corpus that is another's name (http_parse -> http, whose files
	# are named for status.sh) is left as it is
	if [ "${FUZZ_MERGE:-0}" = 1 ] && [ -n "$seeds" ] &&
	    [ ! -L "tests/corpus/$n" ]; then
		"$bin" -merge=1 -max_len=$maxlen "tests/corpus/$n" "$work" \
		    >"build-fuzz/$n.merge.log" 2>&1 ||
			echo "  $n: merge failed" >>"$tmp"
	fi
	cp "$tmp" "$report"	# a partial table while the run goes on
done
echo "total executions: $total" >>"$tmp"
mv "$tmp" "$report"
cat "$report"
