# extract-size.gp — extraction time and throughput against the size of the extracted content, one
# line per series (in-process, each spawned or forked tool), log-log, with the points where a
# line crosses the reference's marked and labelled as crossover.csv says: for small archives the
# process boundary dominates, for large ones the decoder does.
#
# usage: gnuplot -e "datadir='DIR'; outdir='DIR'" scripts/plots/extract-size.gp
#   (scripts/plot.sh also passes outbase, the temporary path the images are written to)
# title: Extraction time against archive size
# caption: Log-log: a line per driver and tool over the text ladder. Where a subprocess line crosses the libarchive line, the tool's own decoder has paid for the process boundary.
# size: 1200x600
# order: 20
# input: extract-ladder.csv
# Columns: extract-ladder.csv series,content_mib,median_ms,ci_lo_ms,ci_hi_ms,throughput_mbs (the
# CI cells empty where there were too few samples for one: that point is drawn without a bar);
# crossover.csv (optional, may have no rows) series,content_mib,median_ms,label; series.csv
# (optional) the lines' styles and labels, and their order.
# Writes OUTDIR/extract-size.png and OUTDIR/extract-size.svg.

if (!exists("datadir")) datadir = "."
if (!exists("outdir")) outdir = "."
if (!exists("outbase")) outbase = outdir . "/extract-size"
f = datadir . "/extract-ladder.csv"
fc = datadir . "/crossover.csv"
me = ARG0
dir_(p, i) = i < 1 ? "" : p[i:i] eq "/" ? p[1:i] : dir_(p, i - 1)  # PATH's folder, with its "/"
load dir_(me, strlen(me)) . "_style.gp"

# ---- what the tables hold -----------------------------------------------------------------

# the series, in legend order (_style.gp's s_order)
series = ""
stats f using (series = addw(series, strcol("series")), column("median_ms")) nooutput
series = s_order(series)
ns = words(series)
stats f using "content_mib" nooutput
xmin = STATS_min
xmax = STATS_max
# lo(0), hi(0): the current row's CI, or its median where the CI is empty, so that the point
# stays on its line with a bar of no length.  Through cell() (_style.gp): gnuplot 6 drops a row
# whose using spec reads an empty cell with column(), fallback or not.
stats f every ::0::0 using (klo = colno("ci_lo_ms"), khi = colno("ci_hi_ms"), 0) nooutput
lo(_) = cell(klo, column("median_ms"))
hi(_) = cell(khi, column("median_ms"))
stats f using (lo(0)) nooutput
ymin = STATS_min
stats f using (hi(0)) nooutput
ymax = STATS_max
stats f using "throughput_mbs" nooutput
tmin = STATS_min
tmax = STATS_max

# The crossovers, as C_series[J], C_content_mib[J], C_median_ms[J] and C_label[J] (J = 1..nc),
# labelled as the table says (where its label is empty, with the series' own).
eval csv_arrays(fc, "C", "series label", "content_mib median_ms")
nc = C_n
clab(j) = C_label[j] ne "" ? C_label[j] : s_label(C_series[j])

# ---- drawing ------------------------------------------------------------------------------

# Two panels side by side and, under them, one key for both: the series (see _style.gp for how
# each looks) and the crossovers, each a large open point in its series' colour.
S(i) = word(series, i)
# ccolour(J), cpoint(J): crossover J is drawn in its series' colour, each with its own open point
ccolour(j) = s_colour(C_series[j])
cpoint(j) = word("6 4 12 8 10 14", (j - 1) % 6 + 1) + 0

# the key's rows: enough for every entry in two columns (gnuplot overestimates the width of
# proportional text, and three columns of crossover labels would not fit)
krows = int(ceil((ns + nc) / 2.0))
kh = 0.03 * krows + 0.02    # its height, as a fraction of the image
bot = kh + 0.11             # the panels' bottom, above the key, the tick labels and the x label

set grid xtics ytics mxtics mytics ls 100
set logscale xy
set format x "%g"
set format y "%g"
set xrange [xmin / 1.6 : xmax * 1.6]
set xlabel "extracted content, MiB (log scale)"
set bars small
unset key
# The crossovers' plot clauses, drawn from the arrays, as macros left empty when there are none:
# gnuplot evaluates the clause of an empty "for [j = 1:0]" once, and C_label[0] does not exist.
XPOINTS = nc == 0 ? "" : ', for [j = 1:nc] "+" every ::0::0 using (C_content_mib[j]):(C_median_ms[j]) ' . \
	'with points lc rgb ccolour(j) pt cpoint(j) ps 3 * PS lw 2'
XKEYS = nc == 0 ? "" : ', for [j = 1:nc] keyentry with points lc rgb ccolour(j) pt cpoint(j) ps 2 * PS lw 2 ' . \
	'title clab(j)'

do for [fmt in "png svg"] {
	eval termcmd(fmt)
	set output outbase . "." . fmt
	set multiplot title "Extracting one archive: in-process against spawning a tool, by the size of the content (median, bars: 95% CI)" font ",13"
	set tmargin at screen 0.88
	set bmargin at screen bot

	set lmargin at screen 0.07
	set rmargin at screen 0.48
	set title "time per extraction"
	set ylabel "time per extraction, ms (log scale)"
	set yrange [ymin / 1.6 : ymax * 1.6]
	plot for [i = 1:ns] f using (strcol("series") eq S(i) ? column("content_mib") : NaN):"median_ms":(lo(0)):(hi(0)) \
			with yerrorlines lc rgb s_colour(S(i)) dt s_dash(S(i)) pt s_point(S(i)) lw s_width(S(i)) ps 1.1 * PS @XPOINTS

	set lmargin at screen 0.57
	set rmargin at screen 0.98
	set title "throughput"
	set ylabel "throughput, MB/s of extracted content (log scale)"
	set yrange [tmin / 1.6 : tmax * 1.6]
	# the CI of a throughput follows from the CI of the time: throughput * median / ci
	plot for [i = 1:ns] f using (strcol("series") eq S(i) ? column("content_mib") : NaN):"throughput_mbs": \
			(column("throughput_mbs") * column("median_ms") / hi(0)): \
			(column("throughput_mbs") * column("median_ms") / lo(0)) \
			with yerrorlines lc rgb s_colour(S(i)) dt s_dash(S(i)) pt s_point(S(i)) lw s_width(S(i)) ps 1.1 * PS

	# the key, alone in a strip at the bottom (a line off the range keeps gnuplot drawing it)
	unset border; unset tics; unset xlabel; unset ylabel; unset title; unset grid
	unset logscale
	set xrange [0:1]
	set yrange [0:1]
	set lmargin at screen 0.12
	set rmargin at screen 0.94
	set tmargin at screen kh
	set bmargin at screen 0.005
	set key center center maxrows krows Left reverse samplen 4 width 1 font ",10" nobox
	plot 2 notitle, \
		for [i = 1:ns] keyentry with linespoints lc rgb s_colour(S(i)) dt s_dash(S(i)) pt s_point(S(i)) lw s_width(S(i)) ps PS title s_label(S(i)) @XKEYS
	unset key
	set border; set tics; set grid xtics ytics mxtics mytics ls 100; set logscale xy
	set xrange [xmin / 1.6 : xmax * 1.6]
	set xlabel "extracted content, MiB (log scale)"

	unset multiplot
	set output
}
