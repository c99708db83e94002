#!/bin/sh
# baseline.sh — re-record the regression baseline on purpose (`make baseline`): run the regression
# suite RUNS times (default 3), pool the runs into one folder (scripts/pool.pl), summarize and
# report it like any run, and put it at DEST: the old one is moved aside, the new one moved in
# (and the old one put back if that fails).  Nothing else writes the baseline.
#
# usage: scripts/baseline.sh [DEST]      (default bench/baseline; BASELINE_RUNS=N for N runs)
# example: BASELINE_RUNS=5 scripts/baseline.sh /tmp/my-baseline
# Several runs, because on a shared VM a whole run can be 20-40% slower than the next one: one
# run as the baseline would fix that luck into every later comparison.  The runs themselves are
# kept under build/baseline-runs/ (not committed); the baseline has no plots, only data and
# REPORT.md.  Exit status: 0 recorded; 1 a run had failed points (nothing recorded); 2 usage;
# 3 environment; 128+N stopped by signal N.
set -eu
case ${1-} in -h | --help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;; esac # the header above
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib/suite.sh"
dest=${1:-$top/bench/baseline}
dest=${dest%/}
runs=${BASELINE_RUNS:-3}
case $runs in ''|*[!0-9]*|0) echo "baseline: BASELINE_RUNS must be a positive number, not '$runs'" >&2; exit 2 ;; esac
# Before spending the runs: can DEST be written?
parent=$(dirname "$dest")
[ -d "$parent" ] && [ -w "$parent" ] || { echo "baseline: $parent: not a writable folder" >&2; exit 3; }
[ ! -e "$dest" ] || [ -d "$dest" ] || { echo "baseline: $dest: exists and is not a folder" >&2; exit 3; }
results=$top/build/baseline-runs/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"
tmp=$(dirname "$dest")/.baseline.$$
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
set --
i=0
while [ "$i" -lt "$runs" ]; do
	i=$((i + 1))
	echo "baseline: run $i of $runs" >&2
	st=0
	run_regress_suite "$results" || st=$?
	if [ "$st" -ne 0 ]; then
		[ "$st" -eq 1 ] && echo "baseline: run $i had failed points; nothing recorded" >&2
		exit "$st"
	fi
	set -- "$@" "$RUN"
done
rm -rf "$tmp"
"$top/scripts/pool.pl" "$tmp" "$@"
# REPORT.md's title: the name of the baseline, not of the temporary folder.
echo "baseline $(basename "$results"), $runs runs pooled" > "$tmp/SOURCE"
cat > "$tmp/README.md" <<EOT
# The regression baseline

What \`make regress\` compares each run of \`bench/suites/regress.suite\` with: $runs runs of that suite,
pooled by \`scripts/pool.pl\` (rounds renumbered, system calls the median over runs), summarized in
REPORT.md. Recorded by \`make baseline\` (scripts/baseline.sh) from $(sed -n 's/^ *"git" : "\(.*\)",*$/commit \1/p' "$tmp/env.json" | head -1);
re-record it the same way, on purpose: doc/ci.md, "Updating the baseline", says when.
EOT
"$top/scripts/analyze.pl" "$tmp"
"$top/scripts/report.pl" "$tmp"
rm -rf "$dest.old"
[ ! -e "$dest" ] || mv "$dest" "$dest.old"
if ! mv "$tmp" "$dest"; then
	[ ! -e "$dest.old" ] || mv "$dest.old" "$dest"
	echo "baseline: cannot move the new baseline to $dest; the old one is left as it was" >&2
	exit 3
fi
rm -rf "$dest.old"
echo "baseline: $dest recorded from $runs runs ($results)" >&2
