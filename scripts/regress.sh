#!/bin/sh
# regress.sh — what `make regress` runs: the regression suite (bench/suites/regress.suite) into a
# new run folder, then its comparison with a baseline (scripts/regress.pl), whose table lands in
# RUN/regress.md beside the run's REPORT.md and plots.
#
# usage: scripts/regress.sh BASELINE RESULTS [regress.pl options...]
# example: scripts/regress.sh bench/baseline results --min-effect 0.2
# Exit status: 0 nothing regressed; 1 something regressed, a figure went missing or an extraction
# failed; 2 usage; 3 the baseline is not a run folder of the regression suite, or the environment
# failed; 128+N the run was stopped by signal N (bench.pl's and regress.pl's own statuses).
set -eu
case ${1-} in -h | --help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;; esac # the header above
[ $# -ge 2 ] || { echo "usage: scripts/regress.sh BASELINE RESULTS [regress.pl options...]" >&2; exit 2; }
baseline=$1 results=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib/suite.sh"
# Before spending a run on it: is the baseline a run folder at all, are the options right?
for f in env.json latency.csv; do
	[ -f "$baseline/$f" ] || {
		echo "regress: $baseline: no $f, not a baseline (record one: make baseline BASELINE=$baseline)" >&2
		exit 3
	}
done
"$top/scripts/regress.pl" --check --baseline "$baseline" "$@"
st=0
run_regress_suite "$results" || st=$?
# 1 = some points failed: compare what there is (the failures are flagged there).
[ "$st" -le 1 ] || exit "$st"
exec "$top/scripts/regress.pl" --baseline "$baseline" "$@" "$RUN"
