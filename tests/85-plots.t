#!/bin/sh
# The plots of `make bench`: scripts/plot.sh runs scripts/plots/*.gp on the fixed tables in
# tests/data/plots.  Each plot makes a PNG of its size and a whole SVG, with nothing on stderr
# (gnuplot prints its warnings there); a table that is missing or has no rows skips its plot
# with one note; optional inputs may be missing or empty; a broken plot fails alone, exit 1,
# and leaves no image; no temporary file stays behind; usage errors exit 2.  What the images
# show is checked in the SVGs where a real run's tables once broke a plot: empty cells (a series
# not measured on an archive, a row without a CI, a PSS not read), a commit charge falling far
# below 0, and ten or fourteen bars of system calls.
. "$(dirname "$0")/lib.sh"

if ! command -v gnuplot > /dev/null; then
	echo "1..0 # SKIP gnuplot not installed"
	exit 0
fi
P=$TOP/scripts/plot.sh
D=$TOP/tests/data/plots
# every plot, with the size of its PNG
PLOTS="spawn-cost:1200x600 extract-size:1200x600 speedup:1000x600 syscalls:1000x600
	memory:1200x800 peak-memory:1000x600"

# png_size FILE: prints WxH when FILE starts with the PNG signature and an IHDR chunk
png_size() {
	[ "$(od -An -tx1 -N8 "$1" | tr -d ' \n')" = 89504e470d0a1a0a ] || return 1
	[ "$(od -An -c -j12 -N4 "$1" | tr -d ' \n')" = IHDR ] || return 1
	od -An -tu1 -j16 -N8 "$1" | tr -s ' \n' '  ' | awk '{
		printf "%dx%d\n", (($1 * 256 + $2) * 256 + $3) * 256 + $4, (($5 * 256 + $6) * 256 + $7) * 256 + $8 }'
}

# svg_size FILE: prints WxH (from the viewBox) when FILE is a whole SVG document: an XML
# prologue, an <svg> element, "</svg>" as its last line
svg_size() {
	head -n 1 "$1" | grep -q '^<?xml ' || return 1
	[ "$(sed '/^[[:space:]]*$/d' "$1" | tail -n 1)" = "</svg>" ] || return 1
	sed -n 's/^ *viewBox="0 0 \([0-9]*\) \([0-9]*\)".*/\1x\2/p' "$1" | head -n 1
}

# check_images OUTDIR WHAT [SKIPPED...]: every plot but the SKIPPED ones has a PNG and an SVG
# of its size in OUTDIR, and the skipped ones have neither
check_images() {
	out=$1 what=$2
	shift 2
	for p in $PLOTS; do
		name=${p%%:*} size=${p#*:}
		case " $* " in
		*" $name "*)
			[ ! -e "$out/$name.png" ] && [ ! -e "$out/$name.svg" ]
			ok $? "$what: $name skipped, no image"
			;;
		*)
			is "$(png_size "$out/$name.png")" "$size" "$what: $name.png is a PNG of $size"
			is "$(svg_size "$out/$name.svg")" "$size" "$what: $name.svg is a whole SVG of $size"
			;;
		esac
	done
}

# svg_texts SVG SIZE: the texts drawn in SVG at font-size SIZE, one a line (gnuplot's svg
# terminal writes each text as a <g ... font-size="SIZE" ...> line, then a <text> line).  With
# _style.gp's fontscale 1.35 an 8 pt font is 10.80, 10 pt 13.50 and 11 pt 14.85.
svg_texts() {
	awk -v size="font-size=\"$2\"" '
		index($0, size) { want = 1; next }
		want && /<text>/ { t = $0; sub(/^[^<]*<text>/, "", t); sub(/<\/text>.*/, "", t); print t }
		{ want = 0 }' "$1"
}

# svg_points SVG PANEL FIRST LAST: how many point symbols the plot clauses FIRST to LAST (counted
# from 1, each a <g id="gnuplot_plot_N..."> group) drew in multiplot panel PANEL (a, b, ...),
# their key samples included
svg_points() {
	awk -v p="$2" -v lo="$3" -v hi="$4" '
		/<g id="gnuplot_plot_/ { id = $0; sub(/^[^"]*"gnuplot_plot_/, "", id); sub(/".*/, "", id)
			n = id + 0; on = substr(id, length(n "") + 1) == p && n >= lo && n <= hi }
		on && /<use xlink:href=.#gpPt/ { c++ }
		END { print c + 0 }' "$1"
}

# listing OUTDIR: its entries, dot files included, on one line
listing() {
	ls -A "$1" | LC_ALL=C sort | tr '\n' ' '
}
all_images=$(for p in $PLOTS; do echo "${p%%:*}.png"; echo "${p%%:*}.svg"; done | LC_ALL=C sort | tr '\n' ' ')

# ---- the fixtures --------------------------------------------------------------------------

"$P" "$D" "$T/out" > "$T/stdout" 2> "$T/stderr"
is $? 0 "plot.sh on the fixtures exits 0"
is "$(cat "$T/stdout" "$T/stderr")" "" "nothing on stdout or stderr: no gnuplot warning, no note"
check_images "$T/out" fixtures
is "$(listing "$T/out")" "$all_images" "only the images in OUTDIR, no temporary file"

"$P" "$D" "$T/out" > "$T/stdout" 2> "$T/stderr"
is "$?:$(cat "$T/stdout" "$T/stderr")" "0:" "a second run over the same OUTDIR replaces the images"
is "$(listing "$T/out")" "$all_images" "still only the images"

# paths with spaces in them, and an OUTDIR that does not exist yet
mkdir "$T/data dir"
cp "$D"/* "$T/data dir/"
"$P" "$T/data dir" "$T/out dir/plots" > "$T/stdout" 2> "$T/stderr"
is "$?:$(cat "$T/stdout" "$T/stderr")" "0:" "DATADIR and OUTDIR with spaces, OUTDIR created"
check_images "$T/out dir/plots" spaces

# ---- what the images show -------------------------------------------------------------------

# Empty cells, as a real run leaves them: checked in the SVGs of the fixtures' run, through what
# gnuplot drew.
svg=$T/out
# speedup.csv: series measured on some archives only.  A cell empty in the first series' column
# once made gnuplot count only the rows where that column is filled, and the plot's x range
# left out the last clusters.
grep -q '^[^,]*,,' "$D/speedup.csv"
ok $? "speedup fixture: an empty cell in the first series' column"
want=$(csv_tsv "$D/speedup.csv" | awk -F'\t' 'NR > 1 {
	for (i = 2; i <= NF; i++) if ($i != "") printf($i >= 9.95 ? "%.0f\n" : "%.2f\n", $i) }' | LC_ALL=C sort)
is "$(svg_texts "$svg/speedup.svg" 10.80 | LC_ALL=C sort)" "$want" \
	"speedup: a ratio over every filled cell's bar, on every archive, and none for an empty cell"
missing=$(col archive "$D/speedup.csv" | while IFS= read -r a; do
	svg_texts "$svg/speedup.svg" 13.50 | grep -Fqx -- "$a" || echo "$a"; done)
is "$missing" "" "speedup: every archive has its cluster, named under it"
# extract-ladder.csv: rows without a CI (too few samples) stay on their lines, in both panels
[ "$(col ci_lo_ms "$D/extract-ladder.csv" | grep -c '^$')" -gt 0 ]
ok $? "extract-size fixture: rows with an empty CI"
rows=$(sed 1d "$D/extract-ladder.csv" | grep -c '[^[:space:]]')
ns=$(col series "$D/extract-ladder.csv" | LC_ALL=C sort -u | grep -c .)
is "$(svg_points "$svg/extract-size.svg" a 1 "$ns")" "$rows" \
	"extract-size: a point for every row in the time panel, those without a CI too"
is "$(svg_points "$svg/extract-size.svg" b 1 "$ns")" "$rows" \
	"extract-size: a point for every row in the throughput panel, those without a CI too"
# spawn-cost.csv comes from the same statistics: with some CIs emptied, as many points as before
c=$T/no-ci
mkdir "$c"
cp "$D"/* "$c/"
awk -F, -v OFS=, 'NR > 1 && NR % 4 == 0 { $7 = ""; $8 = "" } { print }' "$D/spawn-cost.csv" > "$c/spawn-cost.csv"
"$P" "$c" "$T/out-no-ci" > "$T/stdout" 2> "$T/stderr"
is "$?:$(cat "$T/stdout" "$T/stderr")" "0:" "spawn-cost with empty CIs: exit 0, no warning"
points() { echo "$(svg_points "$1" a 1 99) $(svg_points "$1" b 1 99)"; }
is "$(points "$T/out-no-ci/spawn-cost.svg")" "$(points "$svg/spawn-cost.svg")" \
	"spawn-cost: a point for every row in each panel, those without a CI too"
# memory-tree.csv: the commit charge dips to -950 MiB in one scenario (another process freed
# memory), and tree_pss_mib is empty on some rows, among them those of the fork's 2 GiB step
is "$(grep -c '<text> *-[0-9]' "$svg/memory.svg")" 0 "memory: no y axis goes below 0 for a fall of the commit charge"
[ "$(grep -c '<text> *2000</text>' "$svg/memory.svg")" -gt 0 ]
ok $? "memory: the y range reaches the fork's 2 GiB tree RSS, where PSS is empty"

# syscalls-top.csv: the fixture's five bars have room for the calls' names in their segments;
# with ten, the series' names are broken into two lines and the segments show counts only;
# with fourteen, the series' names are slanted.
svg_texts "$svg/syscalls.svg" 10.80 | grep -q '^newfstatat [0-9]'
ok $? "syscalls, 5 bars: segments named"
m=$T/many
mkdir "$m"
cp "$D"/* "$m/"
head -n 11 "$D/syscalls-top-many.csv" > "$m/syscalls-top.csv"
"$P" "$m" "$T/out-10" > "$T/stdout" 2> "$T/stderr"
is "$?:$(cat "$T/stdout" "$T/stderr")" "0:" "syscalls, 10 bars: exit 0, no warning"
is "$(svg_texts "$T/out-10/syscalls.svg" 10.80 | grep '[^0-9]')" "" "syscalls, 10 bars: segments with counts only"
svg_texts "$T/out-10/syscalls.svg" 14.85 > "$T/tics"
is "$(grep -cFx 'spawn bsdtar' "$T/tics"):$(grep -cFx bsdtar "$T/tics")" 0:3 \
	"syscalls, 10 bars: the series' names on two lines (fork, spawn, vfork over bsdtar)"
cp "$D/syscalls-top-many.csv" "$m/syscalls-top.csv"
"$P" "$m" "$T/out-14" > "$T/stdout" 2> "$T/stderr"
is "$?:$(cat "$T/stdout" "$T/stderr")" "0:" "syscalls, 14 bars: exit 0, no warning"
is "$(grep -A1 'rotate(30)' "$T/out-14/syscalls.svg" | grep -c '<text>floor true</text>')" 1 \
	"syscalls, 14 bars: the series' names slanted"
is "$(png_size "$T/out-14/syscalls.png")" 1000x600 "syscalls, 14 bars: a PNG of 1000x600"

# ---- inputs without rows, optional inputs ----------------------------------------------------

e=$T/empty
mkdir "$e"
cp "$D"/* "$e/"
cp "$D/spawn-cost-no-rows.csv" "$e/spawn-cost.csv" # a header and a blank line
rm "$e/peak.csv"
"$P" "$e" "$T/out-empty" > "$T/stdout" 2> "$T/stderr"
is $? 0 "a table without rows, another missing: exit 0"
is "$(cat "$T/stderr")" "plot: peak-memory: no data in $e/peak.csv, skipped
plot: spawn-cost: no data in $e/spawn-cost.csv, skipped" "one note on stderr for each skipped plot"
is "$(cat "$T/stdout")" "" "nothing on stdout"
check_images "$T/out-empty" "no rows" peak-memory spawn-cost

# optional inputs missing or empty, and smaller tables: one tool, one scenario, two series
o=$T/optional
mkdir "$o"
cp "$D"/* "$o/"
head -n 1 "$D/crossover.csv" > "$o/crossover.csv"
rm "$o/syscalls-top.title" "$o/peak.title"
grep -v ',7z,' "$D/spawn-cost.csv" > "$o/spawn-cost.csv"
grep -e '^scenario' -e '^"fork' "$D/memory-tree.csv" > "$o/memory-tree.csv"
printf 'archive,spawn 7zz,vfork 7zz\none-1k.7z,20.5,\ntext-1m.7z,0.9,1.1\n' > "$o/speedup.csv"
printf 'series,openat,other\nlibarchive,10,5\nspawn 7zz,30,12.5\n' > "$o/syscalls-top.csv"
"$P" "$o" "$T/out-optional" > "$T/stdout" 2> "$T/stderr"
is "$?:$(cat "$T/stdout" "$T/stderr")" "0:" \
	"no crossovers, no titles, one tool, one scenario, an empty cell: exit 0, no warning"
check_images "$T/out-optional" optional
rm "$o/crossover.csv"
"$P" "$o" "$T/out-optional" > "$T/stdout" 2> "$T/stderr"
is "$?:$(cat "$T/stdout" "$T/stderr")" "0:" "crossover.csv missing: exit 0, no warning"

# ---- a broken plot --------------------------------------------------------------------------

mkdir "$T/plots"
cp "$TOP"/scripts/plots/*.gp "$T/plots/"
# it opens its PNG before failing, so a half-written file would be left if plot.sh let it
cat > "$T/plots/broken.gp" << 'EOF'
set terminal pngcairo size 300,200
set output outbase . ".png"
plot sin(x) with no_such_style
EOF
PLOTS_DIR=$T/plots "$P" "$D" "$T/out-broken" > "$T/stdout" 2> "$T/stderr"
is $? 1 "a broken plot: exit 1"
like "$(tail -n 2 "$T/stderr")" "plot: broken: gnuplot failed" "stderr names the broken plot"
like "$(tail -n 1 "$T/stderr")" "^plot: failed: broken$" "and only it in the closing line"
check_images "$T/out-broken" "beside a broken plot"
is "$(listing "$T/out-broken")" "$all_images" "no image, no temporary file of the broken plot"

# ---- usage ----------------------------------------------------------------------------------

"$P" > /dev/null 2>&1
is $? 2 "no arguments: exit 2"
"$P" "$D" > /dev/null 2>&1
is $? 2 "one argument: exit 2"
"$P" "$D" "$T/x" "$T/y" > /dev/null 2>&1
is $? 2 "three arguments: exit 2"
"$P" "$T/no-such-dir" "$T/out-x" > /dev/null 2>&1
is $? 2 "a DATADIR that does not exist: exit 2"
mkdir "$T/it's"
"$P" "$T/it's" "$T/out-x" > /dev/null 2>&1
is $? 2 "a path with a single quote: exit 2"
[ ! -e "$T/out-x" ]
ok $? "no OUTDIR made on a usage error"
"$P" --help > "$T/stdout" 2>&1
is $? 0 "--help: exit 0"
like "$(cat "$T/stdout")" "usage: scripts/plot.sh DATADIR OUTDIR" "--help prints the usage"

done_testing
