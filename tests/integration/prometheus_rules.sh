#!/bin/sh
# The shipped alert rules (packaging/prometheus/camguard.rules.yml): promtool
# accepts them, and its unit tests (camguard.rules.test.yml) see each alert
# fire on the series that should fire it (a critical check failing, the IDS
# not running, a camera offline or missing, repeated alarms, a waiver
# ending within 14 days) and stay quiet on the others; every camguard
# metric a rule names is one the agent or the fleet endpoint documents.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
R=$ROOT/packaging/prometheus
if ! command -v promtool >/dev/null; then
	not_ok "promtool is missing (package prometheus, tests/deps.sh)"
	t_done
fi
check "promtool check rules accepts camguard.rules.yml" \
	sh -c "promtool check rules '$R/camguard.rules.yml' >'$T_DIR/c.log' 2>&1"
check "promtool test rules: every alert fires where it should, only there" \
	sh -c "cd '$R' && promtool test rules camguard.rules.test.yml \
	    >'$T_DIR/t.log' 2>&1"
# A rule that fires on the wrong series must make the unit tests fail.
sed 's/result="fail"} == 1/result="pass"} == 1/' "$R/camguard.rules.yml" \
    >"$T_DIR/camguard.rules.yml"
cp "$R/camguard.rules.test.yml" "$T_DIR/"
check "a rule that fires on passing checks fails the unit tests" \
	sh -c "cd '$T_DIR' && ! promtool test rules camguard.rules.test.yml \
	    >/dev/null 2>&1"
names=$(grep -o 'camguard_[a-z_]*' "$R/camguard.rules.yml" | sort -u)
for n in $names; do
	check "$n is documented in camguard(8)" \
		grep -q "$n" "$ROOT/packaging/camguard.8"
done
t_done
