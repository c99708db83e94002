#!/bin/sh
# noise.sh — how far do timings drift between runs of an unchanged tree on this machine?  Runs
# the regression suite RUNS times, compares every run with every other (scripts/regress.pl) and
# reports the largest slowdown the rank test called significant (p < 0.01): for times alone,
# for times against the floor around them where the raw times were slower too (what a
# same-machine check fails on), and for the machine-portable ratios.  `make regress` fails on a
# slowdown beyond --min-effect: set it above what this prints (doc/ci.md, doc/defaults.md).
# `make noise` calls it.  It compares one run with one run, which drifts more than one run
# against a baseline pooled from several: its figures are on the safe side.
#
# usage: scripts/noise.sh [RUNS]       (default 5; the runs go to build/noise/<UTC time>/)
# example: scripts/noise.sh 8
# Exit status: 0 done; 2 usage; 3 a comparison failed (regress.pl's message is printed);
# otherwise bench.pl's status for the run that failed.
set -eu
case ${1-} in -h | --help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;; esac # the header above
runs=${1:-5}
case $runs in ''|*[!0-9]*|0|1) echo "noise: RUNS must be a number of at least 2, not '$runs'" >&2; exit 2 ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib/suite.sh"
dir=$top/build/noise/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dir"
i=0
while [ "$i" -lt "$runs" ]; do
	i=$((i + 1))
	echo "noise: run $i of $runs" >&2
	run_regress_suite "$dir" 2> "$dir/bench-$i.log" ||
		{ st=$?; echo "noise: run $i failed (status $st); see $dir/bench-$i.log" >&2; exit "$st"; }
done
# Every ordered pair, every row with its p-value and change: nothing fails at these thresholds.
for mode in direct portable; do
	for a in "$dir"/2*; do
		for b in "$dir"/2*; do
			[ "$a" != "$b" ] || continue
			flag=; [ "$mode" = direct ] || flag=--portable
			rm -f "$b/regress.csv"
			st=0
			"$top/scripts/regress.pl" $flag --min-effect 1e9 --warn-effect 1e9 --baseline "$a" "$b" \
				>/dev/null 2> "$dir/regress.err" || st=$?
			# At these thresholds nothing regresses: any failure is the comparison's own.
			[ "$st" -eq 0 ] || { cat "$dir/regress.err" >&2; exit 3; }
			# regress.csv by its header (Text::CSV): the change and p of each time or ratio, and
			# what a same-machine check fails on: the change against the floor, where it and the
			# raw slowdown (beyond the default warn-effect, 10%) are significant.
			perl -MText::CSV -e 'my ($m, $pair, $file) = @ARGV;
				my $csv = Text::CSV->new({ binary => 1, auto_diag => 2 });
				open my $fh, "<:encoding(UTF-8)", $file or die "noise: $file: $!\n";
				binmode STDOUT, ":encoding(UTF-8)";
				$csv->header($fh);
				while (my $r = $csv->getline_hr($fh)) {
					next if $r->{metric} !~ /^(time|ratio):/;
					print "$m\t$r->{change}\t$r->{metric}\t$pair\n" if $r->{p} ne "" && $r->{p} < 0.01;
					print "both\t$r->{change_vs_floor}\t$r->{metric}\t$pair\n" if $m eq "direct" && $r->{p_vs_floor} ne ""
						&& $r->{p} < 0.01 && $r->{p_vs_floor} < 0.01 && $r->{change} > 0.10;
				}' "$mode" "$(basename "$a") -> $(basename "$b")" "$b/regress.csv"
		done
	done
done > "$dir/significant.tsv"
echo "noise: $runs runs in $dir; every significant change in $dir/significant.tsv" >&2
for mode in direct both portable; do
	sort -t "$(printf '\t')" -k2,2gr "$dir/significant.tsv" | awk -F'\t' -v m="$mode" -v n="$runs" '
		BEGIN { what = m == "direct" ? "times alone" : m == "both" ? "times and against the floor (what fails make regress)" : "ratios (--portable)" }
		$1 == m && !seen++ { printf "%s: the largest significant slowdown between two of %d runs: %+.1f%% (%s, %s)\n", what, n, 100 * $2, $3, $4 }
		END { if (!seen) printf "%s: no significant slowdown between any two runs (any --min-effect will do)\n", what }'
done
