# spawn-cost.gp — the headline plot: time per spawn against the parent's resident size, one line
# per method (fork+exec, vfork+exec, posix_spawn), ballast on 4 KiB pages solid and on transparent
# huge pages dashed; one panel for /bin/true (process creation alone), one for 7z (a real
# extraction of a 1 KiB archive), each left out when the table has no rows for its tool.
# fork+exec copies the parent's page tables, so its cost grows with the parent's size; the
# legend gives each line's least-squares slope in ms per GiB.
#
# usage: gnuplot -e "datadir='DIR'; outdir='DIR'" scripts/plots/spawn-cost.gp
#   (scripts/plot.sh also passes outbase, the temporary path the images are written to)
# input: spawn-cost.csv
# Columns: series,method,tool,thp,ballast_gib,median_ms,ci_lo_ms,ci_hi_ms (by name, any order;
# the CI cells empty where there were too few samples for one: that point is drawn without a bar).
# Writes OUTDIR/spawn-cost.png (1200x600) and OUTDIR/spawn-cost.svg.

if (!exists("datadir")) datadir = "."
if (!exists("outdir")) outdir = "."
if (!exists("outbase")) outbase = outdir . "/spawn-cost"
f = datadir . "/spawn-cost.csv"
dir_(p, i) = i < 1 ? "" : p[i:i] eq "/" ? p[1:i] : dir_(p, i - 1)  # PATH's folder, with its "/"
load dir_(ARG0, strlen(ARG0)) . "_style.gp"

# ---- what the table holds ----------------------------------------------------------------

tools = ""
methods = ""
keys = "" # "TOOL|METHOD|THP" for every line that has points
stats f using (tools = addw(tools, strcol("tool")), methods = addw(methods, strcol("method")), \
	keys = addw(keys, strcol("tool") . "|" . strcol("method") . "|" . sprintf("%d", column("thp"))), \
	column("median_ms")) nooutput
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

# Panels: /bin/true first, then the other tools in table order.
panels = strstrt(tools, '"true"') ? '"true"' : ""
do for [t in tools] { if (t ne "true") { panels = panels . ' "' . t . '"' } }
# Methods in a fixed order (the unknown ones after, in table order).
order = ""
do for [m in "fork vfork spawn"] { if (strstrt(methods, '"' . m . '"')) { order = order . ' "' . m . '"' } }
do for [m in methods] { order = addw(order, m) }

# ---- how each line looks ------------------------------------------------------------------

colour(m) = m eq "fork" ? 0xD55E00 : m eq "vfork" ? 0x0072B2 : m eq "spawn" ? 0x009E73 : 0x7F3C8D
ptype(m, thp) = (m eq "fork" ? 7 : m eq "vfork" ? 9 : m eq "spawn" ? 5 : 13) - thp
mlabel(m) = m eq "fork" ? "fork+exec" : m eq "vfork" ? "vfork+exec" : m eq "spawn" ? "posix_spawn" : m
tlabel(t) = t eq "true" ? "/bin/true: process creation alone" : t eq "7z" ? "7z x of a 1 KiB archive: a real extraction" : "tool " . t

# sel(TOOL, METHOD, THP): the current row belongs to that line
sel(t, m, p) = strcol("tool") eq t && strcol("method") eq m && column("thp") == p

# ---- drawing ------------------------------------------------------------------------------

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

np = words(panels)
do for [fmt in "png svg"] {
	eval termcmd(fmt, 1200, 600)
	set output outbase . "." . fmt
	set multiplot layout 1, np title "Time to start a child and wait for it, against the parent's resident size (median, bars: 95% CI)\nfork+exec copies the parent's page tables, vfork and posix_spawn do not; huge pages (THP) mean fewer to copy" font ",13"
	do for [i = 1:np] {
		T = word(panels, i)
		# the lines of this panel, as parallel word lists
		lm = ""; lp = ""; lt = ""
		do for [p = 0:1] {
			do for [m in order] {
				if (strstrt(keys, sprintf('"%s|%s|%d"', T, m, p))) {
					# least-squares slope of the medians, for the legend
					n_ = 0; sx_ = 0; sy_ = 0; sxx_ = 0; sxy_ = 0
					stats f using (sel(T, m, p) ? (x_ = column("ballast_gib"), y_ = column("median_ms"), \
						n_ = n_ + 1, sx_ = sx_ + x_, sy_ = sy_ + y_, sxx_ = sxx_ + x_ * x_, sxy_ = sxy_ + x_ * y_) : 0, \
						column("median_ms")) nooutput
					d_ = n_ * sxx_ - sx_ * sx_
					s_ = (n_ >= 2 && d_ > 0) ? sprintf(": %+.2g ms/GiB", (n_ * sxy_ - sx_ * sy_) / d_) : ""
					lm = lm . ' "' . m . '"'
					lp = lp . " " . p
					lt = lt . ' "' . mlabel(m) . (p ? ", THP" : "") . s_ . '"'
				}
			}
		}
		set title tlabel(T)
		plot for [k = 1:words(lm)] f \
			using (sel(T, word(lm, k), word(lp, k) + 0) ? column("ballast_gib") : NaN):"median_ms":(lo(0)):(hi(0)) \
			with yerrorlines lc rgb colour(word(lm, k)) dt 1 + word(lp, k) lw 2 \
			pt ptype(word(lm, k), word(lp, k) + 0) ps 1.1 * PS title word(lt, k)
	}
	unset multiplot
	set output
}
