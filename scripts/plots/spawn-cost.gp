# spawn-cost.gp — the headline plot: time per spawn against the parent's resident size, one
# panel per tool, one line per method, ballast on 4 KiB pages solid and on transparent huge pages
# (thp 1) dashed with the open point.  A method that copies the parent's page tables grows with
# the parent's size; the legend gives each line's least-squares slope in ms per GiB, as
# analyze.pl fitted it.
#
# usage: gnuplot -e "datadir='DIR'; outdir='DIR'" scripts/plots/spawn-cost.gp
#   (scripts/plot.sh also passes outbase, the temporary path the images are written to)
# title: Spawn cost against the parent's size
# caption: Each point is the median time to start one child from a parent holding that much resident memory; bars are 95% CIs. fork+exec copies the parent's page tables, so it grows with the parent; vfork and posix_spawn do not. Dashed: the parent's memory on transparent huge pages.
# size: 1200x600
# order: 10
# input: spawn-cost.csv
# Columns: spawn-cost.csv series,method,tool,thp,ballast_gib,median_ms,ci_lo_ms,ci_hi_ms (by
# name, any order; series is series.csv's key; the CI cells empty where there were too few
# samples for one: that point is drawn without a bar), panels in the order of the tools' first
# rows, lines in series.csv's order, those on huge pages after the others; spawn-cost-fits.csv
# (optional) series,thp,ms_per_gib,points; series.csv (optional) the lines' method_colour,
# method_point and method_label, and the panel's title, tool_label.
# Writes OUTDIR/spawn-cost.png and OUTDIR/spawn-cost.svg.

if (!exists("datadir")) datadir = "."
if (!exists("outdir")) outdir = "."
if (!exists("outbase")) outbase = outdir . "/spawn-cost"
f = datadir . "/spawn-cost.csv"
me = ARG0
dir_(p, i) = i < 1 ? "" : p[i:i] eq "/" ? p[1:i] : dir_(p, i - 1)  # PATH's folder, with its "/"
load dir_(me, strlen(me)) . "_style.gp"

# ---- what the tables hold ------------------------------------------------------------------

tools = "" # the panels, in table order
stats f using (tools = addw(tools, strcol("tool")), column("median_ms")) nooutput
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
stats f using "ballast_gib" nooutput
xmax = STATS_max
# the slopes, by series and thp
eval csv_arrays(datadir . "/spawn-cost-fits.csv", "FIT", "series", "thp ms_per_gib")
fit_(s, p, i) = i > FIT_n ? NaN : FIT_series[i] eq s && FIT_thp[i] == p ? FIT_ms_per_gib[i] : fit_(s, p, i + 1)
# two significant digits, without an exponent from 100 on
slope(s, p) = (v_ = fit_(s, p, 1), v_ != v_ ? "" : sprintf(abs(v_) >= 100 ? ": %+.0f ms/GiB" : ": %+.2g ms/GiB", v_))

# ---- how each line looks --------------------------------------------------------------------

# sel(TOOL, SERIES, THP): the current row belongs to that line
sel(t, s, p) = strcol("tool") eq t && strcol("series") eq s && column("thp") == p
ltitle(s, p) = m_label(s) . (p ? ", THP" : "") . slope(s, p)
lpoint(s, p) = p ? open(m_point(s)) : m_point(s)

# Panel I's lines, as parallel word lists of series (lsI) and thp (lpI), and its title (ptI):
# the first tool_label its series have.  (here: the series that have rows on THP P.)
np = words(tools)
do for [i = 1:np] {
	T = word(tools, i)
	ls = ""; lp = ""; ptitle = ""
	do for [p = 0:1] {
		here = ""
		stats f using (sel(T, strcol("series"), p) ? (here = addw(here, strcol("series")), 0) : 0, 0) nooutput
		do for [s in s_order(here)] {
			ls = ls . ' "' . s . '"'
			lp = lp . " " . p
			if (ptitle eq "") { ptitle = t_label(s) }
		}
	}
	eval sprintf("ls%d = ls; lp%d = lp; pt%d = ptitle", i, i, i)
}

# ---- drawing --------------------------------------------------------------------------------

set grid xtics ytics mytics ls 100
set logscale y
set format y "%g"
# headroom above the data for the key: the data take the lower 72% of the (log) axis
ylo = ymin / 1.6
set yrange [ylo : 10 ** (log10(ylo) + log10(ymax * 1.3 / ylo) / 0.72)]
# One parent size only (all larger ballasts skipped): still a readable axis, not an empty range.
if (xmax <= 0) { xmax = 1 }
set xrange [-0.03 * xmax : 1.03 * xmax]
set xtics 1
set mxtics 1
set xlabel "parent's resident size (ballast), GiB"
set ylabel "time per spawn, ms (log scale)"
set key top left Left reverse samplen 2.5 width 3 font ",10" opaque box
set bars small

do for [fmt in "png svg"] {
	eval termcmd(fmt)
	set output outbase . "." . fmt
	set multiplot layout 1, np title "Time to start a child and wait for it, against the parent's resident size (median, bars: 95% CI)\nCopying the parent's page tables makes a start grow with the parent; huge pages (THP, dashed) mean fewer to copy" font ",13"
	do for [i = 1:np] {
		T = word(tools, i)
		ls = value(sprintf("ls%d", i)); lp = value(sprintf("lp%d", i)); ptitle = value(sprintf("pt%d", i))
		set title (ptitle eq "" ? T : ptitle)
		plot for [k = 1:words(ls)] f \
			using (sel(T, word(ls, k), word(lp, k) + 0) ? column("ballast_gib") : NaN):"median_ms":(lo(0)):(hi(0)) \
			with yerrorlines lc rgb m_colour(word(ls, k)) dt 1 + word(lp, k) lw 2 \
			pt lpoint(word(ls, k), word(lp, k) + 0) ps 1.1 * PS title ltitle(word(ls, k), word(lp, k) + 0)
	}
	unset multiplot
	set output
}
