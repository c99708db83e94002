#!/bin/sh
# The plots of `make bench`: scripts/plot.sh runs scripts/plots/*.gp on the fixed tables in
# tests/data/plots.  The plots are found as report.pl finds them, by their files and headers
# (title, caption, size), with no list here.  Each plot makes a PNG of its size and a whole SVG,
# with nothing on stderr (gnuplot prints its warnings there); a table that is missing or has no
# rows skips its plot with one note; optional inputs may be missing or empty; a broken plot fails
# alone, exit 1, and leaves no image; no temporary file stays behind; usage errors exit 2.  What
# the images show is checked in the SVGs where a real run's tables once broke a plot: empty
# cells (a series not measured on an archive, a row without a CI, no CI at all, a PSS not read),
# one row, many series, a commit charge falling far below 0, and ten or fourteen bars of system
# calls; and that every style, label, slope and crossover label comes from the tables
# (series.csv, spawn-cost-fits.csv, crossover.csv), for a series of any name, and that a series
# series.csv does not list is still drawn, in grey.  The SVGs are read for what a reader sees
# (points per line, texts, their angle, colours), not for how one gnuplot version writes them:
# the same checks hold under gnuplot 5.4 and 6.
. "$(dirname "$0")/lib.sh"

if ! command -v gnuplot > /dev/null; then
	echo "1..0 # SKIP gnuplot not installed"
	exit 0
fi
P=$TOP/scripts/plot.sh
D=$TOP/tests/data/plots
# every plot, NAME:WxH, from the files and their "# size: WxH" headers
PLOTS=$(for gp in "$TOP"/scripts/plots/[!_]*.gp; do
	printf '%s:%s\n' "$(basename "$gp" .gp)" "$(sed -n 's/^# size: *\([0-9]*\) *x *\([0-9]*\) *$/\1x\2/p' "$gp")"
done)

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
#   point PLOT X Y             a point symbol at (X, Y)
#   text PLOT SIZE ANGLE TEXT  a text at font size SIZE, turned by ANGLE degrees (0: level)
#   colour PLOT #rrggbb        a colour PLOT draws with (lines, points, fills), once each
#   symbol PLOT N              a point type PLOT draws (gnuplot's pt N), once each
#   fill PLOT solid|pattern    how PLOT fills its boxes, once each
# PLOT is the plot clause that drew it, counted from 1, and its multiplot panel (a, b, ...), as
# gnuplot's svg terminal groups them (<g id="gnuplot_plot_2b">), empty for what no clause drew
# (titles, axes, tic labels).  Read so that the way one gnuplot version writes its SVG does not
# matter: numbers are compared as numbers (gnuplot 5 writes rotate(30), 6 rotate(30.00)),
# colours as #rrggbb (rgb( 18,  52,  86) is #123456); a symbol drawn in white is a background,
# not a point (gnuplot 6 draws a white copy under each point of an error-bar plot), and one
# drawn twice at the same place is one point; a text's surrounding blanks are dropped and its
# entities decoded.  With _style.gp's fontscale 1.35 an 8 pt font is 10.80, 10 pt 13.50 and
# 11 pt 14.85.
svg_read() {
	perl -e '
		my (@open, $plot, $g, %seen);
		my $white = qr/^#fff(fff)?$/i;
		sub rgb { my ($c) = @_; return lc $c if $c =~ /^#[0-9a-f]{6}$/i;
			return $c =~ /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/ ? sprintf("#%02x%02x%02x", $1, $2, $3)
				: $c eq "white" ? "#ffffff" : "" }
		sub once { my ($r) = @_; print "$r\n" unless $seen{$r}++ }
		while (<>) {
			while (m{(<g\b[^>]*>|</g>|<use\b[^>]*>|<path\b[^>]*>|<polygon\b[^>]*>|<text>.*?</text>)}g) {
				my $t = $1;
				if ($t =~ /^<g\b/) {
					my ($id) = $t =~ /\bid="gnuplot_plot_([^"]*)"/;
					push @open, $id;
					$plot = $id if defined $id;
					$g = $t;
				} elsif ($t eq "</g>") {
					$plot = undef if defined pop @open;
				} elsif ($t =~ /^<(use|path|polygon)\b/) {
					my $kind = $1;
					next if !defined $plot;
					my @c = map { rgb($_) } $t =~ /\b(?:stroke|fill|color)\s*[=:]\s*[\x27"]?\s*(rgb\([^)]*\)|#[0-9a-fA-F]{6}\b)/g;
					if ($kind eq "use") {
						my ($x, $y) = $t =~ /translate\(\s*([-\d.]+)\s*,\s*([-\d.]+)\s*\)/ or next;
						next if grep { $_ =~ $white } @c;
						once(join "\t", "point", $plot, sprintf("%.1f", $x), sprintf("%.1f", $y));
						once(join "\t", "symbol", $plot, $1 + 1) if $t =~ /#gpPt(\d+)/;
					}
					once(join "\t", "colour", $plot, $_) for grep { $_ ne "" && $_ !~ $white } @c;
					if ($kind eq "polygon") {
						once(join "\t", "fill", $plot, "pattern") if $t =~ /\bfill\s*=\s*[\x27"]url\(/;
						once(join "\t", "fill", $plot, "solid") if $t =~ /\bfill\s*=\s*[\x27"]\s*(rgb|#)/;
					}
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

# label SERIES [SERIES_CSV]: the legend text series.csv (the fixtures' by default) gives SERIES,
# or SERIES itself where it has none
label() {
	{ csv_tsv "${2:-$D/series.csv}" 2> /dev/null || :; } | awk -F'\t' -v s="$1" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["series"] == s && !found { l = $c["label"]; found = 1 }
		END { print (l != "" ? l : s) }'
}

# svg_clause SVG TEXT: the plot clauses (as svg_read names them) that drew the text TEXT: a key
# entry's clause
svg_clause() {
	svg_read "$1" | awk -F'\t' -v t="$2" '$1 == "text" && $2 != "" && $5 == t { print $2 }'
}

# svg_looks SVG PLOT: how clause PLOT looks, sorted: a line "colour #rrggbb" for each colour it
# draws with, "symbol N" for each point type, "fill solid" or "fill pattern" for its boxes
svg_looks() {
	svg_read "$1" | awk -F'\t' -v p="$2" '($1 == "colour" || $1 == "symbol" || $1 == "fill") && $2 == p { print $1, $3 }' |
		LC_ALL=C sort
}

# ladder_points CSV [SERIES_CSV]: what svg_points should find in either panel of extract-size for
# the table CSV: one line "N COUNT" for each series, N its plot clause (those series.csv lists
# first, in its order, then the others in the order of the table), COUNT its rows
ladder_points() {
	{ { col series "${2:-$D/series.csv}" 2> /dev/null || :; } | sed 's/^/S	/'; col series "$1" | sed 's/^/L	/'; } |
		awk -F'\t' '$1 == "S" { if (!($2 in pos)) { pos[$2] = ++ns; name[ns] = $2 } next }
			{ if (!($2 in n)) s[++k] = $2; n[$2]++ }
			END { i = 0; for (j = 1; j <= ns; j++) if (name[j] in n) print ++i, n[name[j]]
				for (j = 1; j <= k; j++) if (!(s[j] in pos)) print ++i, n[s[j]] }'
}

# spawn_lines SVG: each line of spawn-cost as "PANEL LEGEND COUNT": the points its plot clause
# drew, its key sample included, the legend without the slope after its ":"
spawn_lines() {
	svg_read "$1" | awk -F'\t' '$2 == "" { next }
		$1 == "point" { n[$2]++ } $1 == "text" && !($2 in t) { t[$2] = $5; sub(/:.*/, "", t[$2]) }
		END { for (p in n) print substr(p, length(p + 0 "") + 1), (p in t ? t[p] : "?"), n[p] }' | LC_ALL=C sort
}
# spawn_want CSV [SERIES_CSV]: what spawn_lines should find for the table CSV: one line a point
# each, a panel for each tool in the order of its first row, a line for each series and thp,
# named by series.csv's method_label (the series itself where series.csv has none), ", THP"
# after it on huge pages, one more point for the key sample
spawn_want() {
	{ { csv_tsv "${2:-$D/series.csv}" 2> /dev/null || :; } | sed 's/^/S	/'; csv_tsv "$1" | sed 's/^/C	/'; } | awk -F'\t' '
		$1 == "S" && !sh { for (i = 2; i <= NF; i++) sc[$i] = i; sh = 1; next }
		$1 == "S" { if (!($sc["series"] in ml)) ml[$sc["series"]] = $sc["method_label"]; next }
		!ch { for (i = 2; i <= NF; i++) c[$i] = i; ch = 1; next }
		{ t = $c["tool"]; s = $c["series"]; p = $c["thp"] + 0
		  if (!(t in panel)) panel[t] = sprintf("%c", 97 + np++)
		  n[panel[t] SUBSEP ((s in ml) && ml[s] != "" ? ml[s] : s) (p ? ", THP" : "")]++ }
		END { for (x in n) { split(x, a, SUBSEP); print a[1], a[2], n[x] + 1 } }' | LC_ALL=C sort
}
# spawn_slopes CSV FITS [SERIES_CSV]: the legends spawn-cost should show with a slope, sorted: for
# each row of FITS whose line CSV has, its label (as spawn_want), ": " and the slope as %+.2g
# (%+.0f from 100 on)
spawn_slopes() {
	{ { csv_tsv "${3:-$D/series.csv}" 2> /dev/null || :; } | sed 's/^/S	/'; csv_tsv "$1" | sed 's/^/C	/'
		csv_tsv "$2" | sed 's/^/F	/'; } | awk -F'\t' '
		$1 == "S" && !sh { for (i = 2; i <= NF; i++) sc[$i] = i; sh = 1; next }
		$1 == "S" { if (!($sc["series"] in ml)) ml[$sc["series"]] = $sc["method_label"]; next }
		$1 == "C" && !ch { for (i = 2; i <= NF; i++) c[$i] = i; ch = 1; next }
		$1 == "C" { has[$c["series"] SUBSEP ($c["thp"] + 0)] = 1; next }
		!fh { for (i = 2; i <= NF; i++) f[$i] = i; fh = 1; next }
		(($f["series"] SUBSEP ($f["thp"] + 0)) in has) { s = $f["series"]
			v = $f["ms_per_gib"] + 0
			printf "%s%s: " (v >= 100 || v <= -100 ? "%+.0f" : "%+.2g") " ms/GiB\n", (s in ml) && ml[s] != "" ? ml[s] : s,
				$f["thp"] + 0 ? ", THP" : "", v }' |
		LC_ALL=C sort
}

# listing OUTDIR: its entries, dot files included, on one line
listing() {
	ls -A "$1" | LC_ALL=C sort | tr '\n' ' '
}
all_images=$(for p in $PLOTS; do echo "${p%%:*}.png"; echo "${p%%:*}.svg"; done | LC_ALL=C sort | tr '\n' ' ')

# ---- the plots' headers --------------------------------------------------------------------

# Every plot declares its title, caption and size, once each, in its header: report.pl and this
# test find plots by them.
[ -n "$PLOTS" ]
ok $? "scripts/plots/ has plots"
for gp in "$TOP"/scripts/plots/[!_]*.gp; do
	n=$(basename "$gp" .gp)
	is "$(sed -n '/^[^#]/q; /^# title: ./p' "$gp" | wc -l | tr -d ' '):$(sed -n '/^[^#]/q; /^# caption: ./p' "$gp" |
		wc -l | tr -d ' '):$(sed -n '/^[^#]/q; /^# size: [0-9][0-9]*x[0-9][0-9]*$/p' "$gp" | wc -l | tr -d ' ')" 1:1:1 \
		"$n.gp: one '# title:', one '# caption:' and one '# size: WxH' line in its header"
done

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
# the slopes are analyze.pl's (spawn-cost-fits.csv), not the plot's; a line without a fit has none
is "$(svg_texts "$svg/spawn-cost.svg" 13.50 | grep 'ms/GiB' | LC_ALL=C sort)" \
	"$(spawn_slopes "$D/spawn-cost.csv" "$D/spawn-cost-fits.csv")" "spawn-cost: the legend's slopes are spawn-cost-fits.csv's"
is "$(svg_texts "$svg/spawn-cost.svg" 13.50 | grep -cFx 'posix_spawn, THP')" 1 "spawn-cost: the line without a fit has no slope"
# crossover.csv says what each crossover's label is (one with a comma in it)
is "$(svg_texts "$svg/extract-size.svg" 13.50 | grep -F '≈' | LC_ALL=C sort):$(svg_texts "$svg/extract-size.svg" 13.50 | grep -F 'noise')" \
	"$(col label "$D/crossover.csv" | grep -F '≈' | LC_ALL=C sort):$(col label "$D/crossover.csv" | grep -F 'noise')" \
	"extract-size: each crossover labelled with crossover.csv's label"
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
svg_texts "$T/out-no-ci-all/spawn-cost.svg" 14.85 | grep -Fqx "tool true (/usr/bin/true)" &&
	svg_texts "$T/out-no-ci-all/spawn-cost.svg" 14.85 | grep -Fqx "time per spawn, ms (log scale)"
ok $? "spawn-cost, no CI at all: the panel's title (series.csv's tool_label) and the y axis's label"
want=$(ladder_points "$c/extract-ladder.csv")
is "$(svg_points "$T/out-no-ci-all/extract-size.svg" a 3):$(svg_points "$T/out-no-ci-all/extract-size.svg" b)" "$want:$want" \
	"extract-size, no CI at all: each series has a point for each of its rows in both panels"
# One row in every table (the extract and spawn-cost rows without a CI)
r=$T/one-row
mkdir "$r"
cp "$D"/*.title "$D/series.csv" "$r/"
head -n 1 "$D/spawn-cost-fits.csv" > "$r/spawn-cost-fits.csv"
for f in crossover memory-tree peak speedup syscalls-top; do head -n 2 "$D/$f.csv" > "$r/$f.csv"; done
cp "$D/spawn-cost-one-row.csv" "$r/spawn-cost.csv"
cp "$D/extract-ladder-one-row.csv" "$r/extract-ladder.csv"
"$P" "$r" "$T/out-one-row" > "$T/stdout" 2> "$T/stderr"
is "$?:$(cat "$T/stdout" "$T/stderr")" "0:" "one row in every table: exit 0, no warning"
check_images "$T/out-one-row" "one row"
is "$(spawn_lines "$T/out-one-row/spawn-cost.svg")" "a posix_spawn 2" "spawn-cost, one row: its point (and the key's)"
is "$(svg_points "$T/out-one-row/extract-size.svg" a):$(svg_points "$T/out-one-row/extract-size.svg" b)" "1 1:1 1" \
	"extract-size, one row: its point in both panels"
svg_texts "$T/out-one-row/extract-size.svg" 13.50 | grep -Fqx "$(label "spawn 7zz")"
ok $? "extract-size, one row: its series in the key"
svg_texts "$T/out-one-row/speedup.svg" 13.50 | grep -Fqx "one-1k.7z"
ok $? "speedup, one row: its archive under its cluster"
svg_texts "$T/out-one-row/syscalls.svg" 14.85 | grep -Fqx "$(label libarchive)"
ok $? "syscalls, one row: its bar named by its label"
svg_texts "$T/out-one-row/peak-memory.svg" 13.50 | grep -Fqx "no child"
ok $? "peak-memory, one row: the in-process series' bar marked no child"
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
	svg_texts "$T/out-many/extract-size.svg" 13.50 | grep -Fqx -- "$(label "$s")" || echo "$s"; done)
is "$missing" "" "extract-size, ten series: each named in the key, by its label"
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

# ---- styles and labels come from the tables ----------------------------------------------------

# A series of a method and tool no plot has heard of, zz9 tool9, with a style of its own in
# series.csv, and one series.csv does not list, qq8 tool8: every plot draws both, the first as
# series.csv says (colour, symbol, fill, label, method_colour, method_point, method_label,
# tool_label), the second in grey under its own name.
y=$T/styled
mkdir "$y"
cp "$D"/* "$y/"
echo 'zz9 tool9,zz9,tool9,spawning,0,Zed nine (tool9),#123456,3,13,4,5,#654321,11,zz9 launch,tool tool9 (/opt/tool9)' >> "$y/series.csv"
printf '%s\n' 'zz9 tool9,0.0009765625,1.500,1.400,1.600,0.68' 'zz9 tool9,1,9.000,,,116.5' \
	'qq8 tool8,0.0625,5.000,4.800,5.200,13.1' 'qq8 tool8,16,300.000,290.000,310.000,55.9' >> "$y/extract-ladder.csv"
printf '%s\n' 'zz9 tool9,zz9,tool9,0,0,1.200,1.100,1.300' 'zz9 tool9,zz9,tool9,0,4,1.300,,' \
	'qq8 tool8,qq8,true,0,0,0.900,0.800,1.000' 'qq8 tool8,qq8,true,0,8,0.950,0.850,1.050' >> "$y/spawn-cost.csv"
awk -F, -v OFS=, 'NR == 1 { print $0, "zz9 tool9", "qq8 tool8"; next } NR == 2 { print $0, 3.5, 7.25; next } { print $0, "", "" }' \
	"$D/speedup.csv" > "$y/speedup.csv"
printf '%s\n' 'zz9 tool9,3.1,12.5' 'qq8 tool8,2.0,' >> "$y/peak.csv"
echo 'zz9 tool9,100,50,40,30,20,10,5,60' >> "$y/syscalls-top.csv"
"$P" "$y" "$T/out-styled" > "$T/stdout" 2> "$T/stderr"
is "$?:$(cat "$T/stdout" "$T/stderr")" "0:" "series of unknown names, one not in series.csv: exit 0, no warning"
check_images "$T/out-styled" styled
Y=$T/out-styled
want=$(ladder_points "$y/extract-ladder.csv" "$y/series.csv")
is "$(svg_points "$Y/extract-size.svg" a "$(echo "$want" | grep -c .)"):$(svg_points "$Y/extract-size.svg" b)" "$want:$want" \
	"extract-size: both new series drawn with all their points, in series.csv's order, the unlisted one last"
is "$(svg_looks "$Y/extract-size.svg" "$(svg_clause "$Y/extract-size.svg" "Zed nine (tool9)")")" "colour #123456
symbol 13" "extract-size: zz9 tool9 in the key under series.csv's label, in its colour and symbol"
is "$(svg_looks "$Y/extract-size.svg" "$(svg_clause "$Y/extract-size.svg" "qq8 tool8")")" "colour #999999
symbol 6" "extract-size: qq8 tool8, not in series.csv, in the key under its name, grey, an open circle"
is "$(svg_read "$Y/extract-size.svg" | awk -F'\t' '$1 == "colour" && $3 == "#123456" && $2 ~ /a$/ { print $2 }' |
	while read -r c; do svg_points "$Y/extract-size.svg" a 99 | awk -v c="${c%a}" '$1 == c { print $2 }'; done)" 2 \
	"extract-size: the time panel's line in #123456 has zz9 tool9's 2 points"
is "$(svg_looks "$Y/speedup.svg" "$(svg_clause "$Y/speedup.svg" "Zed nine (tool9)")")" "colour #123456
fill pattern" "speedup: zz9 tool9's bars hatched (pattern 5) in its colour, under its label"
is "$(svg_looks "$Y/speedup.svg" "$(svg_clause "$Y/speedup.svg" "qq8 tool8")")" "colour #999999
fill solid" "speedup: qq8 tool8's bars solid grey"
is "$(svg_looks "$Y/speedup.svg" "$(svg_clause "$Y/speedup.svg" "spawn 7zz")")" "colour #0072b2
fill solid" "speedup: spawn 7zz's bars as series.csv says, solid #0072B2"
svg_texts "$Y/speedup.svg" 10.80 | grep -qx '3.50' && svg_texts "$Y/speedup.svg" 10.80 | grep -qx '7.25'
ok $? "speedup: both new series' ratios over their bars"
svg_texts "$Y/spawn-cost.svg" 14.85 | grep -Fqx "tool tool9 (/opt/tool9)"
ok $? "spawn-cost: zz9 tool9's panel titled with series.csv's tool_label"
is "$(spawn_lines "$Y/spawn-cost.svg")" "$(spawn_want "$y/spawn-cost.csv" "$y/series.csv")" \
	"spawn-cost: the new lines in their panels, each with its points, named by method_label or by series"
is "$(svg_looks "$Y/spawn-cost.svg" "$(svg_clause "$Y/spawn-cost.svg" "zz9 launch")")" "colour #654321
symbol 11" "spawn-cost: zz9 tool9's line in series.csv's method_colour and method_point"
is "$(svg_looks "$Y/spawn-cost.svg" "$(svg_clause "$Y/spawn-cost.svg" "qq8 tool8")")" "colour #999999
symbol 7" "spawn-cost: qq8 tool8's line in grey, a filled circle"
svg_texts "$Y/peak-memory.svg" 14.85 | grep -Fqx "Zed nine (tool9)" && svg_texts "$Y/peak-memory.svg" 14.85 | grep -Fqx "qq8 tool8"
ok $? "peak-memory: the new series' bars named by series.csv's label, or by the series"
is "$(svg_texts "$Y/peak-memory.svg" 13.50 | grep -cx 'not measured'):$(svg_texts "$Y/peak-memory.svg" 13.50 | grep -cx 'no child')" 1:1 \
	"peak-memory: a series of unknown kind without a child's peak is 'not measured'; only the in-process one has 'no child'"
is "$(svg_texts "$Y/syscalls.svg" 14.85 | grep -cFx -e Zed -e nine -e '(tool9)' -e 'Zed nine (tool9)')" 3 \
	"syscalls: zz9 tool9's bar named by its label, a word a line"

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
# no series.csv, no spawn-cost-fits.csv (an older run's plotdata): every plot still drawn, each
# series in grey under its own name, no slope
rm "$o/series.csv" "$o/spawn-cost-fits.csv"
"$P" "$o" "$T/out-grey" > "$T/stdout" 2> "$T/stderr"
is "$?:$(cat "$T/stdout" "$T/stderr")" "0:" "series.csv and spawn-cost-fits.csv missing: exit 0, no warning"
check_images "$T/out-grey" "no series.csv"
is "$(svg_read "$T/out-grey/extract-size.svg" | awk -F'\t' '$1 == "colour" && $2 ~ /[ac]$/ { print $3 }' | LC_ALL=C sort -u)" "#999999" \
	"no series.csv: extract-size draws every series grey"
missing=$(col series "$o/extract-ladder.csv" | LC_ALL=C sort -u | while IFS= read -r s; do
	svg_texts "$T/out-grey/extract-size.svg" 13.50 | grep -Fqx -- "$s" || echo "$s"; done)
is "$missing" "" "no series.csv: each series named in the key by itself"
is "$(svg_texts "$T/out-grey/spawn-cost.svg" 13.50 | grep -c 'ms/GiB')" 0 "no spawn-cost-fits.csv: no slope in the legend"

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
for p in $PLOTS; do
	cmp -s "$Q/plots/${p%%:*}.svg" "$T/out/${p%%:*}.svg"
	ok $? "${p%%:*}.svg is the same as from a plain path (the shell commands of the .gp files read the data)"
done
"$P" --help > "$T/stdout" 2>&1
is $? 0 "--help: exit 0"
like "$(cat "$T/stdout")" "usage: scripts/plot.sh DATADIR OUTDIR" "--help prints the usage"

done_testing
