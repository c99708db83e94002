# peak-memory.gp — peak resident memory per series: two bars each, the driver process's own peak
# and the tool's own peak (VmHWM at exit, not wait4's ru_maxrss, which counts the parent), each
# labelled with its value; an in-process series has no child, so it has one bar, marked "no
# child" (a spawning series whose child's peak is 0 or empty is marked "not measured").
#
# usage: gnuplot -e "datadir='DIR'; outdir='DIR'" scripts/plots/peak-memory.gp
#   (scripts/plot.sh also passes outbase, the temporary path the images are written to)
# title: Peak memory per method
# caption: The driver's own peak RSS and the tool's own peak (VmHWM read at its exit, not the inflated wait4 figure).
# size: 1000x600
# order: 60
# input: peak.csv
# Columns: peak.csv series,parent_peak_mib,child_peak_mib (by name; child empty or 0 where there
# is no child).  peak.title, optional, one line: what was extracted, for the title.
# series.csv (optional): each series' label, under its bars, and kind (in-process: no child).
# Writes OUTDIR/peak-memory.png and OUTDIR/peak-memory.svg.

if (!exists("datadir")) datadir = "."
if (!exists("outdir")) outdir = "."
if (!exists("outbase")) outbase = outdir . "/peak-memory"
f = datadir . "/peak.csv"
me = ARG0
dir_(p, i) = i < 1 ? "" : p[i:i] eq "/" ? p[1:i] : dir_(p, i - 1)  # PATH's folder, with its "/"
load dir_(me, strlen(me)) . "_style.gp"

# ---- what the table holds ----------------------------------------------------------------

# child(0): the current row's child peak, 0 when empty (no child), through cell() (_style.gp)
stats f every ::0::0 using (kchild = colno("child_peak_mib"), 0) nooutput
child(_) = cell(kchild, 0)
ymax = 0
xt = "" # the series, as tic labels under their bars
stats f using (xt = xt . sprintf('"%s" %d,', s_label(strcol("series")), column(0)), \
	ymax = column("parent_peak_mib") > ymax ? column("parent_peak_mib") : ymax, \
	ymax = child(0) > ymax ? child(0) : ymax, column("parent_peak_mib")) nooutput
nbar = STATS_records
context = system("head -n 1 " . shq(datadir . "/peak.title") . " 2>/dev/null")

# ---- drawing ------------------------------------------------------------------------------

bw = 0.36
mib(v) = v >= 100 ? sprintf("%.0f", v) : sprintf("%.3g", v)
parentc = 0x555555
childc = 0x0072B2

set xrange [-0.6 : nbar - 0.4]
set yrange [0 : ymax * 1.25]
set grid ytics ls 100
eval "set xtics (" . xt[1:strlen(xt) - 1] . ") scale 0"
set ylabel "peak resident memory, MiB"
set key top right Left reverse samplen 2 width 1 font ",10" opaque box

do for [fmt in "png svg"] {
	eval termcmd(fmt)
	set output outbase . "." . fmt
	set title "Peak resident memory (VmHWM) of the driver process and of the tool it runs" . (context eq "" ? "" : "\n" . context) font ",13"
	plot f using (column(0) - bw / 2):"parent_peak_mib":(column(0) - bw):(column(0)):(0):"parent_peak_mib" \
			with boxxyerror lc rgb parentc fs solid 0.85 border title "the driver process (in-process: the library's work too)", \
		f using (column(0) + bw / 2):(child(0) > 0 ? child(0) : NaN):(column(0)):(column(0) + bw):(0):(child(0)) \
			with boxxyerror lc rgb childc fs pattern 4 border title "the tool it runs (the child's own peak)", \
		f using (column(0) - bw / 2):"parent_peak_mib":(mib(column("parent_peak_mib"))) with labels offset 0, 0.7 font ",10" notitle, \
		f using (column(0) + bw / 2):(child(0)):(child(0) > 0 ? mib(child(0)) : s_kind(strcol("series")) eq "in-process" ? "no child" : "not measured") with labels offset 0, 0.7 font ",10" notitle
	set output
}
