#!/bin/sh
# 90-bench.t — `make bench` end to end on the tiny suite (bench/suites/tiny.suite): the run
# folder and every file in it, results/latest, bad suites, skipped points, Ctrl-C and every other
# signal that would kill bench.pl, and a run whose report cannot be written.  The results folder
# has a space, quotes, $, * and a non-ASCII letter in its name: every script must take it as it
# is.  Nothing here is timed; the figures of so short a run are only checked for being there
# and consistent.
. "$(dirname "$0")/lib.sh"

bench() { "$TOP/scripts/bench.pl" --build "$B" "$@"; }
R="$T/my runs, 'a' \"b\" \$x *é"

# --- a whole run ---------------------------------------------------------------------------------
# With a 7zz of its own first on PATH (a link to the real one): every part of the run must use it.
mkdir "$T/bin" && ln -s "$("$B/tool-info" --path 7zz)" "$T/bin/7zz"
PATH=$T/bin:$PATH bench --suite tiny --results "$R" > "$T/out" 2> "$T/err"
ok $? "the tiny suite runs to the end" || cat "$T/err" "$R"/*/bench.log | sed "s/^/# /"
run=$(readlink "$R/latest")
like "$run" '^[0-9]{8}T[0-9]{6}Z-' "results/latest is a relative link to <UTC time>-<host> ($run)"
D=$R/$run
for f in latency.csv summary.csv syscalls.csv memory.csv env.json archives.csv findings.json \
	hyperfine-one-1k.7z.json REPORT.md; do
	[ -s "$D/$f" ]
	ok $? "the run folder has $f"
done
[ ! -e "$D/INCOMPLETE" ] && [ ! -e "$D/.work" ]
ok $? "a finished run is not marked INCOMPLETE and has no work folder left"
is "$(find "$D" -name '.*' ! -name . | wc -l | tr -d ' ')" 0 "no temporary file is left behind"
like "$(grep -c '^\[[0-9]*/[0-9]*\] .* — elapsed [0-9]*m[0-9]*s, remaining ~[0-9]*m[0-9]*s$' "$T/err")" '^[1-9][0-9]+$' \
	"progress lines say [k/N] what — elapsed, remaining"
n=$(sed -n 's/^bench: suite tiny, \([0-9]*\) points.*/\1/p' "$T/err")
like "$(grep -c "^\[[0-9]*/$n\] " "$T/err")" "^$n\$" "one progress line for each of the $n points"

# The records: the contract's columns first of all.
for c in experiment round method tool archive archive_bytes ballast_bytes thp iter wall_ns user_us sys_us \
	self_maxrss_kb child_maxrss_kb child_rss_kb minflt majflt nvcsw nivcsw status; do
	head -n 1 "$D/latency.csv" | tr ',' '\n' | grep -qx "$c"
	ok $? "latency.csv has the column $c"
done
is "$(col status "$D/latency.csv" | sort -u)" ok "every iteration of the tiny suite succeeded"
is "$(head -n 1 "$D/syscalls.csv")" "method,tool,archive,syscall,calls,errors" "syscalls.csv has the contract's columns"
is "$(col method "$D/syscalls.csv" | sort -u | tr '\n' ' ')" "libarchive spawn " "syscalls.csv covers the methods of the suite"
# floor=3: build/floor-spawn before every round and after the last; rounds count on across the
# two extract steps (rounds 1-2, floor 3; then round 4, floor 5), so that every round of
# latency.csv has the floor before it (its own number) and after it (the next).
is "$(head -n 1 "$D/floor.csv")" "experiment,round,iter,wall_ns,status" "floor.csv has its columns"
is "$(awk -F, 'NR > 1 { print $1 "/" $2 }' "$D/floor.csv" | sort -u | tr '\n' ' ')" \
	"extract/1 extract/2 extract/3 extract/4 extract/5 spawn-cost/1 spawn-cost/2 " "floor.csv: one point before each round and one after each step"
is "$(awk -F, 'NR > 1 { n[$1 "/" $2]++ } END { for (k in n) if (n[k] != 3) print k }' "$D/floor.csv")" "" "each floor point has its 3 iterations"
is "$(awk -F, 'NR > 1 && ($1 == "extract" || $1 == "spawn-cost") { print $1 "/" $2 }' "$D/latency.csv" | sort -u | tr '\n' ' ')" \
	"extract/1 extract/2 extract/4 spawn-cost/1 " "latency.csv: the second extract step's round follows the first step's floor"
is "$(head -n 1 "$D/memory.csv")" "scenario,sample,t_ms,pid,ppid,depth,role,comm,vmrss_kb,pss_kb,committed_as_kb" \
	"memory.csv has its columns"
is "$(col role "$D/memory.csv" | sort -u | tr '\n' ' ')" "child parent tree " "memory.csv saw the parent and its children"
is "$(col scenario "$D/memory.csv" | sort -u | tr '\n' ' ')" "fork spawn " "memory.csv has both scenarios"
like "$(head -n 1 "$D/summary.csv")" '^experiment,method,tool,archive,.*,n,median,ci_lo,ci_hi,p10,p90,noisy' \
	"summary.csv has n, median, CI, p10, p90"
perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>); exit !(@{ $j->{results} } == 3 && @{ $j->{results}[0]{times} } == 3)' \
	< "$D/hyperfine-one-1k.7z.json"
ok $? "hyperfine's JSON has the three commands and their runs"
perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>);
	exit !(grep({ !defined $j->{$_} } qw(kernel cpu_model cores mem_total_kb thp_enabled overcommit_memory)) == 0
		&& grep({ !$j->{versions}{$_} } qw(7zz 7z libarchive hyperfine gnuplot compiler)) == 0)' < "$D/env.json"
ok $? "env.json names the machine and the versions"
perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>); my $t = $j->{tools};
	exit !($t->{"7zz"}{path} eq $ARGV[0] && grep({ !$t->{$_}{kind} || !$t->{$_}{version} } qw(7z 7zz bsdtar)) == 0)' \
	"$T/bin/7zz" < "$D/env.json"
ok $? "env.json names each tool's path, kind and version: 7zz is the one first on PATH"
is "$(csv_tsv "$D/latency.csv" | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["tool"] == "7zz" { print $c["tool_path"] }' | sort -u)" "$T/bin/7zz" "every 7zz record names that copy (tool_path)"
grep -q "^7zz (bare): $T/bin/7zz x " "$D/bench.log"
ok $? "hyperfine ran that copy as the bare tool (bench.log has its command lines)"
grep -q "^| 7zz | \`$T/bin/7zz\` | " "$D/REPORT.md"
ok $? "REPORT.md lists the tools with their paths"
# 7zz-bin, the binary behind 7zz: the same program where 7zz is one (skipped with a note), else
# measured, and the report puts the wrapper's figures beside the binary's.
if [ "$("$B/tool-info" 7zz | awk -F'\t' 'NR == 2 { print $4 }')" = script ]; then
	grep -q "^- \`7zz\` is a wrapper script .*Against \`7zz-bin\`, the binary itself: spawn on one-1k.7z: " "$D/REPORT.md"
	ok $? "7zz is a wrapper here: REPORT.md compares it with 7zz-bin"
else
	grep -q "7zz-bin is the same program as 7zz here" "$D/notes.txt"
	ok $? "7zz is the binary here: 7zz-bin is skipped with a note"
fi

# The plots and the report: every scripts/plots/NAME.gp, under the title of its header.
for gp in "$TOP"/scripts/plots/[!_]*.gp; do
	p=$(basename "$gp" .gp)
	[ "$(od -An -c -N 4 "$D/plots/$p.png" 2>/dev/null | tr -d ' ')" = '211PNG' ]
	ok $? "plots/$p.png is a PNG"
	tail -c 20 "$D/plots/$p.svg" 2>/dev/null | grep -q '</svg>'
	ok $? "plots/$p.svg is a whole SVG"
	title=$(sed -n 's/^# title: //p' "$gp")
	grep -A2 -Fx "### $title" "$D/REPORT.md" | grep -qF "(plots/$p.png)"
	ok $? "REPORT.md shows $p under its title"
done
med() { # med METHOD TOOL ARCHIVE: the median wall time in ms of the extract experiment, recomputed
	# here from latency.csv (status ok), independently of scripts/analyze.pl: the median of the
	# rounds' medians
	csv_tsv "$D/latency.csv" | awk -F'\t' -v m="$1" -v t="$2" -v a="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["experiment"] == "extract" && $c["method"] == m && $c["tool"] == t && $c["archive"] == a &&
			$c["status"] == "ok" { printf "%d %.9f\n", $c["round"], $c["wall_ns"] / 1e6 }' |
		sort -k1,1n -k2,2g | awk '
			function flush() { if (n) printf "%.9f\n", n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2; n = 0 }
			$1 != r { flush(); r = $1 } { v[++n] = $2 } END { flush() }' |
		sort -g | awk '{ v[NR] = $1 } END { printf "%.9f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
lib=$(med libarchive libarchive one-1k.7z)
sp=$(med spawn 7zz one-1k.7z)
sp4=$(perl -e "printf '%.4g', $sp")
ratio=$(perl -e "printf '%.4g', $sp / $lib")
# The tiny suite's extract step has 2 rounds, too few for a 95% interval (6): the median is
# printed with four significant digits and no interval.
grep -Eq "spawn 7zz $sp4 ms( \(95% CI [^)]*\))?, ${ratio}x libarchive" "$D/REPORT.md"
ok $? "REPORT.md's tiny-archive finding is the records' own figures (spawn 7zz $sp4 ms, ${ratio}x)" ||
	grep "tiny archive" "$D/REPORT.md" | sed 's/^/# /'
grep -q "^| os | " "$D/REPORT.md"
ok $? "REPORT.md gives the environment"

# --- Ctrl-C, and every other signal that would kill bench.pl ------------------------------------
printf 'corpus one-1k\nextract methods=spawn tools=7zz archives=one-1k.7z:1000000 rounds=1\n' > "$T/long.suite"
# bench_running ERR: the run has started its first step, and a driver of it is running
bench_running() {
	grep -q '^\[1/' "$1" 2>/dev/null && [ "$(processes_matching "$B/extract-spawn --csv")" -gt 0 ]
}
# group_gone PGID: no live process is left in the process group PGID
group_gone() {
	for _p in $(pgrep -g "$1"); do alive "$_p" && return 1; done
	return 0
}
for sig in INT QUIT TERM HUP USR1 USR2 ALRM STKFLT XCPU XFSZ VTALRM PROF IO PWR; do
	n=$(signum "$sig")
	# Started directly, not through the shell function, so that $! is bench.pl itself; with the
	# signal at its default, as a terminal's foreground job has it (this shell's background jobs
	# start with SIGINT and SIGQUIT ignored, and bench.pl leaves an ignored signal ignored).
	perl -e '$SIG{$_} = "DEFAULT" for @ARGV[0 .. 1]; exec @ARGV[2 .. $#ARGV]' -- INT "$sig" \
		"$TOP/scripts/bench.pl" --build "$B" --suite "$T/long.suite" --results "$R" > /dev/null 2> "$T/err" &
	pid=$!
	wait_for bench_running "$T/err"
	# The point's driver: its own process group, and its OUTDIR in the scratch folder.
	dpid=$(pgrep -f -- "$B/extract-spawn --csv" | head -n 1)
	scratch=$(pgrep -af -- "$B/extract-spawn --csv" | sed -n 's|.* \(/[^ ]*\)/out$|\1|p' | head -n 1)
	kill -"$n" "$pid"
	wait_for ended "$pid" || kill -KILL "$pid" 2> /dev/null # never a hang
	wait "$pid"
	is $? $((128 + n)) "SIG$sig stops the run promptly with status 128+$n"
	like "$(tail -n 1 "$T/err")" "interrupted by SIG$sig; partial run left in .* \(marked INCOMPLETE; latest not moved\)" \
		"SIG$sig: bench.pl says where the partial run is"
	is "$(readlink "$R/latest")" "$run" "SIG$sig: results/latest still points at the last complete run"
	partial=$(sed -n 's/^bench: suite long, [0-9]* points, run folder //p' "$T/err")
	like "$(cat "$partial/INCOMPLETE" 2>/dev/null)" \
		"^interrupted by SIG$sig at [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z after [0-9]+m[0-9]{2}s; " \
		"SIG$sig: the partial run folder is marked INCOMPLETE, saying how and when it ended"
	[ -n "$dpid" ] && wait_for group_gone "$dpid"
	ok $? "SIG$sig: the point's driver and its process group are gone"
	[ -n "$scratch" ] && [ ! -e "$scratch" ]
	ok $? "SIG$sig: the scratch folder ($scratch) is removed"
done

# --- a run whose report cannot be written ----------------------------------------------------
# report.pl made to fail (an exit 3 injected into it through PERL5OPT, as a full disk or a bad
# record would make it fail): the run is not complete, latest stays, and the status says so.
mkdir "$T/inject" && printf '%s\n' 'package FailReport;' \
	'if ($0 =~ m{/report\.pl$}) { print STDERR "report: made to fail by the test\n"; exit 3 }' '1;' \
	> "$T/inject/FailReport.pm"
printf 'corpus one-1k\nextract methods=spawn tools=7zz archives=one-1k.7z:1 rounds=1\n' > "$T/short.suite"
PERL5LIB=$T/inject PERL5OPT=-MFailReport bench --suite "$T/short.suite" --results "$R" > /dev/null 2> "$T/err"
is $? 3 "a run whose REPORT.md cannot be written exits 3" || sed 's/^/# /' "$T/err"
like "$(tail -n 1 "$T/err")" "^bench: failed: no REPORT.md was written \(REPORT.md failed, see its message above\); partial run left in " \
	"...saying that no report was written"
! grep -q '^bench: done' "$T/err"
ok $? "...and not that it is done"
is "$(readlink "$R/latest")" "$run" "...and results/latest does not move to it"
partial=$(sed -n 's/^bench: suite short, [0-9]* points, run folder //p' "$T/err")
like "$(cat "$partial/INCOMPLETE" 2>/dev/null)" "^failed: no REPORT.md was written" "...and its folder is marked INCOMPLETE"

# --- bad suites, skipped points --------------------------------------------------------------------
printf 'extract methods=spawn tools=7zz archives=one-1k.7z:2 rounds=1 colour=blue\n' > "$T/bad.suite"
bench --suite "$T/bad.suite" --results "$R" > /dev/null 2> "$T/err"
is $? 2 "a suite with an unknown key is a usage error"
like "$(cat "$T/err")" "bad.suite:1: extract takes no 'colour'" "naming the file, the line and the key"
bench --suite nonesuch --results "$R" > /dev/null 2> "$T/err"
is $? 2 "an unknown suite is a usage error"
printf 'corpus one-1k\nspawn-cost methods=spawn tools=true archive=one-1k.7z ballasts=0,100000G thp=0 iterations=2 rounds=1\n' \
	> "$T/huge.suite"
bench --suite "$T/huge.suite" --results "$T/r2" > /dev/null 2> "$T/err"
ok $? "a ballast larger than the machine does not fail the run"
like "$(cat "$T/err")" "note: ballast 100000G does not fit MemAvailable" "it is skipped with a note"
grep -q "Skipped.*ballast 100000G does not fit MemAvailable" "$T/r2"/latest/REPORT.md
ok $? "and the report says so"
is "$(col ballast_bytes "$T/r2/latest/latency.csv" | sort -u)" 0 "only the ballast that fits ran"

done_testing
