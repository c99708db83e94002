# speedup.gp — how many times slower each subprocess series is than the in-process reference, per
# archive: one cluster of bars per archive, one bar per series measured on it, on a log scale
# with bars growing up from 1 (slower) or down from it (faster), each labelled with its ratio.
#
# usage: gnuplot -e "datadir='DIR'; outdir='DIR'" scripts/plots/speedup.gp
#   (scripts/plot.sh also passes outbase, the temporary path the images are written to)
# title: How many times faster in-process is, per archive
# caption: Median subprocess time divided by median in-process time; above 1, libarchive in-process is faster.
# size: 1000x600
# order: 30
# input: speedup.csv
# Columns: speedup.csv archive, then one per series key (as many as there are): the series'
# median time over the reference's for that archive, or empty where that series was not
# measured on that archive (no bar, no label); series.csv (optional) the bars' colours, fills
# and labels, and the reference's label for the axis.
# Writes OUTDIR/speedup.png and OUTDIR/speedup.svg.

if (!exists("datadir")) datadir = "."
if (!exists("outdir")) outdir = "."
if (!exists("outbase")) outbase = outdir . "/speedup"
f = datadir . "/speedup.csv"
me = ARG0
dir_(p, i) = i < 1 ? "" : p[i:i] eq "/" ? p[1:i] : dir_(p, i - 1)  # PATH's folder, with its "/"
load dir_(me, strlen(me)) . "_style.gp"

# ---- what the table holds ----------------------------------------------------------------

# Rows are counted with a using spec that reads no cell: "using 2" would count only the rows
# whose column 2 is filled, and a series measured on some archives only leaves empty cells.
stats f using (0) nooutput
ncol = STATS_columns
narch = STATS_records
xt = "" # the archives, as tic labels under their clusters
stats f using (xt = xt . sprintf('"%s" %d,', strcol(1), column(0)), 0) nooutput
names = "" # the series, in column order
stats f every ::0::0 using (names = "", sum [c = 2:ncol] (names = names . ' "' . columnhead(c) . '"', 0), 0) nooutput
nser = ncol - 1
# the range of the ratios, 1 included (an empty cell reads as 1, so that a column with no value
# at all does not stop stats); the most bars any archive has
vmin = 1
vmax = 1
do for [c = 2:ncol] {
	stats f using (valid(c) ? column(c) : 1) nooutput
	vmin = STATS_min < vmin ? STATS_min : vmin
	vmax = STATS_max > vmax ? STATS_max : vmax
}
# nbars(0): how many of the current row's cells are filled; rank(J): series J's place among them
nbars(_) = sum [c = 2:ncol] (valid(c) ? 1 : 0)
rank(j) = sum [c = 2:j + 1] (valid(c) ? 1 : 0)
stats f using (nbars(0)) nooutput
wmax = STATS_max > 0 ? STATS_max : 1

# ---- drawing ------------------------------------------------------------------------------

# Series J's bar in cluster R (the archive on row R, from 0) spans x = R + off(J) -+ bw/2: a
# cluster holds only the archive's filled cells, side by side in column order and centred on its
# tic, and the bars are as wide as the fullest cluster allows, however many series there are in
# all.  So a series may sit at another place in another cluster: its colour and fill name it.
bw = 0.8 / wmax
off(j) = (rank(j) - (nbars(0) + 1) / 2.0) * bw
N(j) = word(names, j)
# Solid bars and hatched ones need separate plot clauses (fs solid against fs pattern N): the
# series' column numbers by fill.
solid = ""; hatched = ""
do for [j = 1:nser] {
	if (s_pattern(N(j)) == 0) { solid = solid . sprintf(" %d", j) } else { hatched = hatched . sprintf(" %d", j) }
}
# ratio(V): the label over a bar
ratio(v) = v >= 9.95 ? sprintf("%.0f", v) : sprintf("%.2f", v)

set logscale y
set format y "%g"
set ytics (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
set yrange [vmin / 1.8 : vmax * 1.8]
set xrange [-0.6 : narch - 0.4]
set grid ytics mytics ls 100
eval "set xtics (" . xt[1:strlen(xt) - 1] . ") scale 0 font \",10\""
if (narch > 8) { set xtics rotate by -30 left }
set ylabel "times slower than " . REF_LABEL . ", log scale\n> 1: in-process is faster, < 1: the tool is faster"
set xlabel "archive"
set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead lw 1.5 dt 2 lc rgb "black" front
set label 1 "same speed" at graph 0, first 1 left offset 0.5, -0.8 font ",10" front
set key top right Left reverse samplen 2.5 width 1 font ",10" opaque box
set style fill border

# Bar K of the column list L (solid, hatched) on the current row: its series' number, its
# ratio (NaN for an empty cell, which draws neither bar nor label), its centre and the ends of
# its bar, from 1 to the ratio.  (gnuplot's plot evaluates an iteration's clause once even when
# the iteration is empty, so j_ must not fail then.)
j_(L, k) = k <= words(L) ? word(L, k) + 0 : 1
v(L, k) = valid(j_(L, k) + 1) ? column(j_(L, k) + 1) : NaN
bx(L, k) = column(0) + off(j_(L, k))
x0(L, k) = bx(L, k) - bw / 2
x1(L, k) = bx(L, k) + bw / 2
blo(L, k) = v(L, k) < 1 ? v(L, k) : 1
bhi(L, k) = v(L, k) > 1 ? v(L, k) : 1
colour_(L, k) = s_colour(N(j_(L, k)))
name_(L, k) = k <= words(L) ? s_label(N(j_(L, k))) : ""
pattern_(L, k) = s_pattern(N(j_(L, k)))
# series J's label: its ratio, just beyond the end of its bar; written upwards (or downwards, on
# a bar below 1) when the bars are too narrow for a label across them, about 28 pixels of the
# plot's 900 or so
all = ""
do for [j = 1:nser] { all = all . sprintf(" %d", j) }
ly(j) = !valid(j + 1) ? NaN : column(j + 1) >= 1 ? column(j + 1) * 1.13 : column(j + 1) / 1.13
lup(j) = valid(j + 1) && column(j + 1) >= 1 ? column(j + 1) * 1.05 : NaN
ldown(j) = valid(j + 1) && column(j + 1) < 1 ? column(j + 1) / 1.05 : NaN
narrow = bw / (narch + 0.2) * 900 < 28
LABELS = !narrow ? 'for [k = 1:nser] f using (bx(all, k)):(ly(k)):(ratio(v(all, k))) with labels font ",8" notitle' : \
	'for [k = 1:nser] f using (bx(all, k)):(lup(k)):(ratio(v(all, k))) with labels rotate by 90 left font ",8" notitle, ' . \
	'for [k = 1:nser] f using (bx(all, k)):(ldown(k)):(ratio(v(all, k))) with labels rotate by 90 right font ",8" notitle'

do for [fmt in "png svg"] {
	eval termcmd(fmt)
	set output outbase . "." . fmt
	set title "Extraction by a child process against " . REF_LABEL . ": median time over median time, per archive" font ",12"
	plot for [k = 1:words(solid)] f using (bx(solid, k)):(v(solid, k)):(x0(solid, k)):(x1(solid, k)):(blo(solid, k)):(bhi(solid, k)) \
			with boxxyerror lc rgb colour_(solid, k) fs solid 0.85 border title name_(solid, k), \
		for [k = 1:words(hatched)] f using (bx(hatched, k)):(v(hatched, k)):(x0(hatched, k)):(x1(hatched, k)):(blo(hatched, k)):(bhi(hatched, k)) \
			with boxxyerror lc rgb colour_(hatched, k) fs pattern pattern_(hatched, k) border title name_(hatched, k), \
		@LABELS
	set output
}
