#!/bin/sh
# The plots of `make bench`: scripts/plot.sh runs scripts/plots/*.gp on the fixed tables in
# tests/data/plots.  Each plot makes a PNG of its size and a whole SVG, with nothing on stderr
# (gnuplot prints its warnings there); a table that is missing or has no rows skips its plot
# with one note; optional inputs may be missing or empty; a broken plot fails alone, exit 1,
# and leaves no image; no temporary file stays behind; usage errors exit 2.  What the images
# show is checked in the SVGs where a real run's tables once broke a plot: empty cells (a series
# not measured on an archive, a row without a CI, no CI at all, a PSS not read), one row, many
# series, a commit charge falling far below 0, and ten or fourteen bars of system calls.  The
# SVGs are read for what a reader sees (points per line, texts, their angle), not for how one
# gnuplot version writes them: the same checks hold under gnuplot 5.4 and 6.
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

# svg_read SVG: what SVG shows a reader, one tab-separated record a line, in the order drawn:
#   point PLOT X Y            a point symbol at (X, Y)
#   text PLOT SIZE ANGLE TEXT  a text at font size SIZE, turned by ANGLE degrees (0: level)
# PLOT is the plot clause that drew it, counted from 1, and its multiplot panel (a, b, ...), as
# gnuplot's svg terminal groups them (<g id="gnuplot_plot_2b">), empty for what no clause drew
# (titles, axes, tic labels).  Read so that the way one gnuplot version writes its SVG does not
# matter: numbers are compared as numbers (gnuplot 5 writes rotate(30), 6 rotate(30.00)); a
# symbol drawn in white is a background, not a point (gnuplot 6 draws a white copy under each
# point of an error-bar plot), and one drawn twice at the same place is one point; a text's
# surrounding blanks are dropped and its entities decoded.  With _style.gp's fontscale 1.35 an
# 8 pt font is 10.80, 10 pt 13.50 and 11 pt 14.85.
svg_read() {
	perl -e '
		my (@open, $plot, $g, %seen);
		while (<>) {
			while (m{(<g\b[^>]*>|</g>|<use\b[^>]*>|<text>.*?</text>)}g) {
				my $t = $1;
				if ($t =~ /^<g\b/) {
					my ($id) = $t =~ /\bid="gnuplot_plot_([^"]*)"/;
					push @open, $id;
					$plot = $id if defined $id;
					$g = $t;
				} elsif ($t eq "</g>") {
					$plot = undef if defined pop @open;
				} elsif ($t =~ /^<use\b/) {
					my ($x, $y) = $t =~ /translate\(\s*([-\d.]+)\s*,\s*([-\d.]+)\s*\)/ or next;
					my ($c) = $t =~ /\bcolor=[\x27"]([^\x27"]*)/;
					next if ($c // "") =~ /^\s*(#fff(fff)?|white|rgb\(\s*255\s*,\s*255\s*,\s*255\s*\))\s*$/i;
					my $p = join "\t", "point", $plot // "", sprintf("%.1f", $x), sprintf("%.1f", $y);
					print "$p\n" unless $seen{$p}++;
				} else {
					(my $s = $t) =~ s{^<text>|</text>$}{}g;
					my %e = (lt => "<", gt => ">", quot => "\"", apos => "\x27", amp => "&");
					$s =~ s/&(lt|gt|quot|apos|amp);/$e{$1}/g;
					$s =~ s/^\s+|\s+$//g;
					my ($size) = ($g // "") =~ /font-size="([\d.]+)"/;
					my ($angle) = ($g // "") =~ /rotate\(\s*([-\d.]+)/;
					printf "text\t%s\t%.2f\t%g\t%s\n", $plot // "", $size // 0, $angle // 0, $s;
				}
			}
		}' "$1"
}

# svg_texts SVG SIZE: the texts drawn in SVG at font size SIZE (as svg_read gives it), one a line
svg_texts() {
	svg_read "$1" | awk -F'\t' -v size="$2" '$1 == "text" && $3 == size { print $5 }'
}

# svg_points SVG PANEL [LAST]: the points drawn by each plot clause of multiplot panel PANEL (a,
# b, ...), or by each of its first LAST clauses, their key samples included: one line "N COUNT"
# for each clause N that drew any, in order
svg_points() {
	svg_read "$1" | awk -F'\t' -v p="$2" -v last="${3:-999}" '
		$1 == "point" && substr($2, length($2 + 0 "") + 1) == p { n[$2 + 0]++ }
		END { for (i = 1; i <= last; i++) if (i in n) print i, n[i] }'
}

# ladder_points CSV: what svg_points should find in either panel of extract-size for the table
# CSV: one line "N COUNT" for each series, N its plot clause (libarchive first, then the others
# in the order of the table), COUNT its rows
ladder_points() {
	col series "$1" | awk '{ if (!($0 in n)) s[++k] = $0; n[$0]++ }
		END { i = 0; if ("libarchive" in n) print ++i, n["libarchive"]
			for (j = 1; j <= k; j++) if (s[j] != "libarchive") print ++i, n[s[j]] }'
}

# spawn_lines SVG: each line of spawn-cost as "PANEL LEGEND COUNT": the points its plot clause
# drew, its key sample included, the legend without the slope after its ":"
spawn_lines() {
	svg_read "$1" | awk -F'\t' '$2 == "" { next }
		$1 == "point" { n[$2]++ } $1 == "text" && !($2 in t) { t[$2] = $5; sub(/:.*/, "", t[$2]) }
		END { for (p in n) print substr(p, length(p + 0 "") + 1), (p in t ? t[p] : "?"), n[p] }' | LC_ALL=C sort
}
# spawn_want CSV: what spawn_lines should find for the table CSV: one line a point each, panel a
# for /bin/true when the table has it, then the other tools, one more for the key sample
spawn_want() {
	csv_tsv "$1" | awk -F'\t' '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ t = $c["tool"]; m = $c["method"]; p = $c["thp"] + 0
		  if (!(t in seen)) { seen[t] = 1; tools[++nt] = t }
		  l = m == "fork" ? "fork+exec" : m == "vfork" ? "vfork+exec" : m == "spawn" ? "posix_spawn" : m
		  n[t SUBSEP l (p ? ", THP" : "")]++ }
		END { k = 0; if ("true" in seen) panel["true"] = sprintf("%c", 97 + k++)
			for (i = 1; i <= nt; i++) if (tools[i] != "true") panel[tools[i]] = sprintf("%c", 97 + k++)
			for (x in n) { split(x, a, SUBSEP); print panel[a[1]], a[2], n[x] + 1 } }' | LC_ALL=C sort
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
# extract-ladder.csv: rows without a CI (too few samples) stay on their lines, in both panels.
# (gnuplot 6 drops a row as soon as column() reads an empty cell, even to replace it.)
[ "$(col ci_lo_ms "$D/extract-ladder.csv" | grep -c '^$')" -gt 0 ]
ok $? "extract-size fixture: rows with an empty CI"
want=$(ladder_points "$D/extract-ladder.csv")
ns=$(echo "$want" | grep -c .)
is "$(svg_points "$svg/extract-size.svg" a "$ns")" "$want" \
	"extract-size: each series has a point for each of its rows in the time panel, those without a CI too"
is "$(svg_points "$svg/extract-size.svg" b)" "$want" \
	"extract-size: each series has a point for each of its rows in the throughput panel, those without a CI too"
is "$(svg_points "$svg/extract-size.svg" a 99 | sed "1,${ns}d")" "$(sed 1d "$D/crossover.csv" | awk '{ print '"$ns"' + NR, 1 }')" \
	"extract-size: after the series' clauses, each crossover's mark in the time panel"
# spawn-cost.csv comes from the same statistics: each line has a point for each of its rows (and
# one in the key), with some CIs emptied too
is "$(spawn_lines "$svg/spawn-cost.svg")" "$(spawn_want "$D/spawn-cost.csv")" \
	"spawn-cost: each line, in its panel, has a point for each of its rows"
c=$T/no-ci
mkdir "$c"
cp "$D"/* "$c/"
awk -F, -v OFS=, 'NR > 1 && NR % 4 == 0 { $7 = ""; $8 = "" } { print }' "$D/spawn-cost.csv" > "$c/spawn-cost.csv"
"$P" "$c" "$T/out-no-ci" > "$T/stdout" 2> "$T/stderr"
is "$?:$(cat "$T/stdout" "$T/stderr")" "0:" "spawn-cost with empty CIs: exit 0, no warning"
is "$(spawn_lines "$T/out-no-ci/spawn-cost.svg")" "$(spawn_want "$c/spawn-cost.csv")" \
	"spawn-cost with empty CIs: each line has a point for each of its rows, those without a CI too"
# No CI at all (a short run such as the tiny suite's): every point still drawn, on a y axis
cp "$D/spawn-cost-no-ci.csv" "$c/spawn-cost.csv"
cp "$D/extract-ladder-no-ci.csv" "$c/extract-ladder.csv"
"$P" "$c" "$T/out-no-ci-all" > "$T/stdout" 2> "$T/stderr"
is "$?:$(cat "$T/stdout" "$T/stderr")" "0:" "no CI at all: exit 0, no warning"
check_images "$T/out-no-ci-all" "no CI at all"
is "$(spawn_lines "$T/out-no-ci-all/spawn-cost.svg")" "$(spawn_want "$c/spawn-cost.csv")" \
	"spawn-cost, no CI at all: each line has a point for each of its rows"
svg_texts "$T/out-no-ci-all/spawn-cost.svg" 14.85 | grep -Fqx "/bin/true: process creation alone" &&
	svg_texts "$T/out-no-ci-all/spawn-cost.svg" 14.85 | grep -Fqx "time per spawn, ms (log scale)"
ok $? "spawn-cost, no CI at all: the panel's title and the y axis's label"
want=$(ladder_points "$c/extract-ladder.csv")
is "$(svg_points "$T/out-no-ci-all/extract-size.svg" a 3):$(svg_points "$T/out-no-ci-all/extract-size.svg" b)" "$want:$want" \
	"extract-size, no CI at all: each series has a point for each of its rows in both panels"
# One row in every table (the extract and spawn-cost rows without a CI)
r=$T/one-row
mkdir "$r"
cp "$D"/*.title "$r/"
for f in crossover memory-tree peak speedup syscalls-top; do head -n 2 "$D/$f.csv" > "$r/$f.csv"; done
cp "$D/spawn-cost-one-row.csv" "$r/spawn-cost.csv"
cp "$D/extract-ladder-one-row.csv" "$r/extract-ladder.csv"
"$P" "$r" "$T/out-one-row" > "$T/stdout" 2> "$T/stderr"
is "$?:$(cat "$T/stdout" "$T/stderr")" "0:" "one row in every table: exit 0, no warning"
check_images "$T/out-one-row" "one row"
is "$(spawn_lines "$T/out-one-row/spawn-cost.svg")" "a posix_spawn 2" "spawn-cost, one row: its point (and the key's)"
is "$(svg_points "$T/out-one-row/extract-size.svg" a):$(svg_points "$T/out-one-row/extract-size.svg" b)" "1 1:1 1" \
	"extract-size, one row: its point in both panels"
svg_texts "$T/out-one-row/extract-size.svg" 13.50 | grep -Fqx "spawn 7zz"
ok $? "extract-size, one row: its series in the key"
svg_texts "$T/out-one-row/speedup.svg" 13.50 | grep -Fqx "one-1k.7z"
ok $? "speedup, one row: its archive under its cluster"
svg_texts "$T/out-one-row/syscalls.svg" 14.85 | grep -Fqx "libarchive"
ok $? "syscalls, one row: its bar named"
svg_texts "$T/out-one-row/peak-memory.svg" 13.50 | grep -Fqx "no child"
ok $? "peak-memory, one row: libarchive's bar marked no child"
svg_texts "$T/out-one-row/memory.svg" 14.85 | grep -Fqx "fork, 1 GiB parent"
ok $? "memory, one sample: its panel, titled"
is "$(svg_points "$T/out-one-row/memory.svg" a)" "1 1
2 1
3 1
4 1" "memory, one sample: a point for each of tree RSS, PSS, parent RSS and commit charge (no child)"
# Many series: every method with every tool, and libarchive, some points without a CI
cp "$D"/* "$c/"
cp "$D/extract-ladder-many.csv" "$c/extract-ladder.csv"
"$P" "$c" "$T/out-many" > "$T/stdout" 2> "$T/stderr"
is "$?:$(cat "$T/stdout" "$T/stderr")" "0:" "extract-size, ten series: exit 0, no warning"
want=$(ladder_points "$c/extract-ladder.csv")
is "$(svg_points "$T/out-many/extract-size.svg" a 10):$(svg_points "$T/out-many/extract-size.svg" b)" "$want:$want" \
	"extract-size, ten series: each has a point for each of its rows in both panels"
missing=$(col series "$c/extract-ladder.csv" | LC_ALL=C sort -u | while IFS= read -r s; do
	svg_texts "$T/out-many/extract-size.svg" 13.50 | grep -Fqx -- "$s" || echo "$s"; done)
is "$missing" "" "extract-size, ten series: each named in the key"
# memory-tree.csv: the commit charge dips to -950 MiB in one scenario (another process freed
# memory), and tree_pss_mib is empty on some rows, among them those of the fork's 2 GiB step and
# its last sample, at 400 ms, as in the other scenarios
is "$(svg_texts "$svg/memory.svg" 14.85 | grep -c '^-[0-9]')" 0 "memory: no y axis goes below 0 for a fall of the commit charge"
[ "$(svg_texts "$svg/memory.svg" 14.85 | grep -cx 2000)" -gt 0 ]
ok $? "memory: the y range reaches the fork's 2 GiB tree RSS, where PSS is empty"
is "$(svg_texts "$svg/memory.svg" 14.85 | grep -cx 400)" 4 \
	"memory: each of the 4 panels' time axis reaches its last sample, at 400 ms (the fork's without a PSS)"

# syscalls-top.csv: the fixture's five bars have room for the calls' names in their segments;
# with ten, the series' names are broken into two lines and the segments show counts only;
# with fourteen, the series' names are slanted.
svg_texts "$svg/syscalls.svg" 10.80 | grep -q '^newfstatat [0-9]'
ok $? "syscalls, 5 bars: segments named"
is "$(svg_read "$svg/syscalls.svg" | awk -F'\t' '$1 == "text" && $3 == "14.85" && $4 != 0' | wc -l | tr -d ' ')" 1 \
	"syscalls, 5 bars: the series' names level (only the y axis's label turned)"
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
is "$(svg_read "$T/out-14/syscalls.svg" | awk -F'\t' '$1 == "text" && $5 == "floor true" { print $3, $4 }')" "14.85 30" \
	"syscalls, 14 bars: the series' names slanted (30 degrees, turned clockwise)"
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
[ ! -e "$T/out-x" ]
ok $? "no OUTDIR made on a usage error"

# ---- any character in a path ------------------------------------------------------------------
# Quotes, a space, $, * and a non-ASCII letter, in DATADIR and OUTDIR: gnuplot gets them as its
# own strings, the shell commands of the .gp files as single-quoted words.
Q="$T/it's \"q\" \$x *é"
mkdir "$Q" && cp "$D"/* "$Q/"
"$P" "$Q" "$Q/plots" > "$T/stdout" 2> "$T/stderr"
ok $? "a DATADIR and OUTDIR with quotes, a space, \$, * and é: exit 0" || sed 's/^/# /' "$T/stderr"
check_images "$Q/plots" "in a folder with quotes in its name"
for p in memory peak-memory syscalls extract-size; do
	cmp -s "$Q/plots/$p.svg" "$T/out/$p.svg"
	ok $? "$p.svg is the same as from a plain path (the shell commands of its .gp file read the data)"
done
"$P" --help > "$T/stdout" 2>&1
is $? 0 "--help: exit 0"
like "$(cat "$T/stdout")" "usage: scripts/plot.sh DATADIR OUTDIR" "--help prints the usage"

done_testing
