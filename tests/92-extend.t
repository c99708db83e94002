#!/bin/sh
# The promise of the registry: adding a method is one file, adding a tool is one table entry,
# and both appear in every experiment, table, plot and the regression check without touching
# anything else.  In a scratch copy of this tree, a spawning driver and the in-process driver
# are copied under new names (only the method string changed) and one tool is added to the tool
# table; the copy is built, a small suite that uses them in every experiment kind is run, and
# they must show in summary.csv, REPORT.md, the plots' data and images, and regress.pl's table,
# with no other file of the copy changed (git says so).
. "$(dirname "$0")/lib.sh"

for p in git gnuplot hyperfine strace; do
	command -v "$p" > /dev/null || { echo "1..0 # SKIP $p not installed"; exit 0; }
done
[ -f "$C/one-1k.7z" ] && [ -f "$C/text-64k.7z" ] || { echo "1..0 # SKIP no small corpus (make corpus-small)"; exit 0; }

# The copy: every file git knows of in this tree, as it is now (uncommitted changes included),
# committed in a repository of its own so that `git status` can say what the test changed.
S=$T/tree
mkdir "$S"
(cd "$TOP" && git ls-files -z | xargs -0 tar -cf - --) | (cd "$S" && tar -xf -)
ok $? "the tree is copied"
git -C "$S" init -q && git -C "$S" add -A && git -C "$S" -c user.name=t -c user.email=t@t commit -qm base
ok $? "the copy is a repository of its own"

# The new method names: only the method string of each copied file changes.
sed 's/\.method = "spawn"/.method = "spawnx"/' "$S/src/drv_spawn.c" > "$S/src/drv_spawnx.c"
sed 's/\.method = "libarchive"/.method = "libx"/' "$S/src/drv_libarchive.c" > "$S/src/drv_libx.c"
is "$(diff "$S/src/drv_spawn.c" "$S/src/drv_spawnx.c" | grep -c '^[<>]')" 2 "drv_spawnx.c differs from drv_spawn.c in one line"
is "$(diff "$S/src/drv_libarchive.c" "$S/src/drv_libx.c" | grep -c '^[<>]')" 2 "drv_libx.c differs from drv_libarchive.c in one line"
# The new tool: one entry of the tool table, a second name for 7-Zip's 7zz.
sed '/^	SEVENZIP_TOOL("7zz", "7zz", NULL, "7zz", P7ZZ),$/a\
	SEVENZIP_TOOL("sevenx", "7zz", NULL, "7zz", P7ZZ),' "$S/src/tool.c" > "$T/tool.c" && mv "$T/tool.c" "$S/src/tool.c"
is "$(git -C "$S" diff --numstat | awk '{ print $1 "+" $2 "-" $3 }')" "1+0-src/tool.c" "tool.c gains one line"

if ! make -C "$S" --no-print-directory all > "$T/make.log" 2>&1; then
	ok 1 "the copy builds"
	sed 's/^/# /' "$T/make.log" | tail -n 20
	done_testing
	exit
fi
ok 0 "the copy builds"
SB=$S/build
"$SB/extract-spawnx" --describe > "$T/d1" && "$SB/extract-libx" --describe > "$T/d2"
ok $? "the new drivers describe themselves"
perl -MJSON::PP -e 'local $/; my ($a, $b) = map { open my $f, "<", $_; decode_json(<$f>) } @ARGV;
	exit !($a->{method} eq "spawnx" && $a->{kind} eq "spawning" && grep({ $_->{name} eq "sevenx" } @{ $a->{tools} })
		&& $b->{method} eq "libx" && $b->{kind} eq "in-process")' "$T/d1" "$T/d2"
ok $? "--describe: spawnx spawning (with tool sevenx), libx in-process"

# A small suite: every experiment kind, the new method and tool in each, and in the headline.
cat > "$T/x.suite" << 'EOF'
corpus one-1k text-64k
headline reference=libx method=spawnx tool=sevenx process=true archive=one-1k.7z pair=fork/spawnx memory=fork/spawnx ladder=*.7z
spawn-cost methods=fork,spawnx tools=true,sevenx archive=one-1k.7z ballasts=0,64M thp=0 iterations=3 rounds=2 floor=3
extract methods=spawn,spawnx,libarchive,libx tools=7zz,sevenx archives=one-1k.7z:3,text-64k.7z:3 rounds=2 floor=3
peak methods=spawnx,libx tools=sevenx archive=one-1k.7z iterations=1
hyperfine methods=spawnx,libx tools=sevenx archives=one-1k.7z runs=3 warmup=1
syscalls methods=spawnx,libx tools=sevenx archives=one-1k.7z iterations=2
memory scenario=fork method=fork tool=sevenx archive=one-1k.7z ballast=64M iterations=2
memory scenario=spawnx method=spawnx tool=sevenx archive=one-1k.7z ballast=64M iterations=2
EOF
"$S/scripts/bench.pl" --suite "$T/x.suite" --build "$SB" --corpus "$C" --results "$T/res" > "$T/bench.out" 2> "$T/bench.err"
st=$?
is "$st" 0 "the suite runs to the end (exit 0)" || tail -n 20 "$T/bench.err" | sed 's/^/# /'
R=$T/res/latest
[ -f "$R/REPORT.md" ]
ok $? "a report is written"

# summary.csv: each experiment has rows of the new series.
for want in "spawn-cost:spawnx sevenx" "spawn-cost:spawnx true" "extract:spawnx sevenx" "extract:libx" \
	"extract:spawn sevenx" "peak:spawnx sevenx" "peak:libx" "hyperfine:spawnx sevenx" "hyperfine:libx" \
	"hyperfine:sevenx (bare)"; do
	e=${want%%:*} s=${want#*:}
	n=$(csv_tsv "$R/summary.csv" | awk -F'\t' -v e="$e" -v s="$s" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["experiment"] == e && $c["series"] == s && $c["n"] > 0' | wc -l)
	[ "$n" -gt 0 ]
	ok $? "summary.csv: $e has $s"
done
# syscalls.csv and memory.csv
[ "$(csv_tsv "$R/syscalls.csv" | awk -F'\t' '$1 == "spawnx" && $2 == "sevenx"' | wc -l)" -gt 0 ]
ok $? "syscalls.csv: spawnx sevenx"
[ "$(csv_tsv "$R/syscalls.csv" | awk -F'\t' '$1 == "libx"' | wc -l)" -gt 0 ]
ok $? "syscalls.csv: libx"
[ "$(csv_tsv "$R/memory.csv" | awk -F'\t' '$1 == "spawnx"' | wc -l)" -gt 0 ]
ok $? "memory.csv: the spawnx scenario"

# REPORT.md: the headlines compare the suite's choices, the tables list them.
grep -q '^- \*\*Small archives: in-process [a-z: ]*\.\*\* Extracting one-1k.7z, libx in-process takes' "$R/REPORT.md"
ok $? "REPORT.md: the headline is libx against spawnx"
grep -q '`spawnx sevenx` [0-9]* (' "$R/REPORT.md"
ok $? "REPORT.md: spawnx sevenx's system calls"
# (a tool that is a wrapper script, as 7zz is on Debian 13, is marked so in the tables)
for s in "spawnx|sevenx" "libx|libx" "spawnx|true"; do
	grep -Eq "^\| ${s%|*} \| ${s#*|}( \(script\))? \| one-1k\.7z \|" "$R/REPORT.md"
	ok $? "REPORT.md tables: ${s%|*} ${s#*|} one-1k.7z"
done

# The plots: their data and style rows, a distinct style for each new series, and the images.
for s in "spawnx sevenx" libx "spawn sevenx"; do
	csv_tsv "$R/plotdata/series.csv" | cut -f1 | grep -qxF "$s"
	ok $? "plotdata/series.csv styles $s"
done
is "$(csv_tsv "$R/plotdata/series.csv" | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ print $c["colour"] "/" $c["dash"] "/" $c["point"] "/" $c["width"] }' | sort | uniq -d)" "" \
	"every series of the run has a style of its own"
is "$(csv_tsv "$R/plotdata/series.csv" | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["reference"] == 1 { print $c["series"] }')" libx "the reference of the plots is libx"
for p in spawn-cost extract-size speedup syscalls memory peak-memory; do
	[ -s "$R/plots/$p.png" ] && [ -s "$R/plots/$p.svg" ]
	ok $? "plot $p is drawn"
done
grep -q 'spawnx sevenx' "$R/plots/extract-size.svg"
ok $? "extract-size.svg labels the spawnx sevenx line"
grep -q 'spawnx' "$R/plots/spawn-cost.svg"
ok $? "spawn-cost.svg has the spawnx lines"

# make regress's comparison: the run against itself names the new points, same machine and
# portable (within-run ratios from the headline: fork/spawnx, libx / spawnx sevenx).
"$S/scripts/regress.pl" --baseline "$R" "$R" > "$T/reg.out" 2> "$T/reg.err"
is "$?" 0 "regress.pl: the run against itself passes" || sed 's/^/# /' "$T/reg.err"
grep -q '^| time: spawnx sevenx one-1k.7z ' "$T/reg.out"
ok $? "regress.pl compares spawnx sevenx's times"
grep -q '^| time: libx text-64k.7z ' "$T/reg.out"
ok $? "regress.pl compares libx's times"
grep -q '^| system calls: spawnx sevenx one-1k.7z ' "$T/reg.out"
ok $? "regress.pl compares spawnx sevenx's system calls"
"$S/scripts/regress.pl" --portable --baseline "$R" "$R" > "$T/reg.out" 2> "$T/reg.err"
grep -q '^| ratio: fork / spawnx, parent 64 MiB ' "$T/reg.out"
ok $? "regress.pl --portable: fork / spawnx from the biggest parent"
grep -q '^| ratio: libx / spawnx sevenx, one-1k.7z ' "$T/reg.out"
ok $? "regress.pl --portable: libx / spawnx sevenx"

# Nothing else of the copy was touched: the two new files and the one table line.
is "$(git -C "$S" status --porcelain | sort | tr '\n' ' ')" " M src/tool.c ?? src/drv_libx.c ?? src/drv_spawnx.c " \
	"only the new drivers and the tool table changed"

done_testing
