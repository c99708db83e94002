# memory.gp — memory over time while one extraction runs, one panel per scenario of the table, in
# its order: tree RSS (VmRSS summed over the process tree, so a page shared copy-on-write counts
# once per process) against tree PSS (shared pages split among their users), the parent's and the
# children's RSS, and the change in the system's commit charge.  A child that shares its large
# parent's pages copy-on-write doubles tree RSS but not PSS, and its commit charge jumps by the
# parent's size; a child that starts without them does neither.
#
# usage: gnuplot -e "datadir='DIR'; outdir='DIR'" scripts/plots/memory.gp
#   (scripts/plot.sh also passes outbase, the temporary path the images are written to)
# title: Memory over time
# caption: Sampled from /proc at about 1 kHz. Tree RSS counts pages shared copy-on-write once per process, so a fork from a large parent doubles it while the child lives; the commit charge jumps by the parent's size for as long as the fork holds the copy. PSS (shared pages split) is read a few times a second for a large process and drawn only where every process of a sample has a reading, so a child that lives a few milliseconds rarely has one.
# size: 1200x800
# order: 50
# input: memory-tree.csv
# Columns: scenario,t_ms,tree_rss_mib,tree_pss_mib,parent_rss_mib,child_rss_mib,
# committed_delta_mib (scenario first; the others by name), rows grouped by scenario and sorted
# by time.  A scenario may contain commas if it is double-quoted.  child_rss_mib may be empty or
# 0 where there is no child, tree_pss_mib empty where it could not be read; committed_delta_mib
# is Committed_AS minus its first sample.
# Panels share one y scale, except one whose values stay under a tenth of the largest (it gets
# its own, and says so), so that the scenarios compare at a glance.  The scale starts at 0 and
# follows the memory of the tree and the commit charge's rises, not its falls: those come from
# other processes, and a fall below 0 is clipped.
# Writes OUTDIR/memory.png and OUTDIR/memory.svg.

if (!exists("datadir")) datadir = "."
if (!exists("outdir")) outdir = "."
if (!exists("outbase")) outbase = outdir . "/memory"
f = datadir . "/memory-tree.csv"
me = ARG0
dir_(p, i) = i < 1 ? "" : p[i:i] eq "/" ? p[1:i] : dir_(p, i - 1)  # PATH's folder, with its "/"
load dir_(me, strlen(me)) . "_style.gp"

# ---- what the table holds ----------------------------------------------------------------

# The scenarios and their rows, as words: "NAME" FIRST LAST (data rows counted from 0), found by
# awk because gnuplot's strcol() cuts a quoted field at its first comma.
awkprog = 'NR > 1 && /[^ \t\r]/ { s = $0; ' . \
	'if (substr(s, 1, 1) == "\"") { s = substr(s, 2); s = substr(s, 1, index(s, "\"") - 1) } ' . \
	'else if (index(s, ",")) s = substr(s, 1, index(s, ",") - 1); ' . \
	'if (i == 0 || s != prev) { if (i) printf " %d", i - 1; printf " \"%s\" %d", s, i; prev = s } i++ } ' . \
	'END { if (i) printf " %d", i - 1; print "" }'
runs = system("awk " . shq(awkprog) . " " . shq(f))
n = words(runs) / 3
name(i) = word(runs, 3 * i - 2)
first(i) = word(runs, 3 * i - 1) + 0
last(i) = word(runs, 3 * i) + 0

# The memory columns by number, for cell() (_style.gp: gnuplot 6 drops a row whose using spec
# reads an empty cell with column(), and with it the row's time from the x range); an empty
# child_rss_mib reads as "no child".
stats f every ::0::0 using (krss = colno("tree_rss_mib"), kpss = colno("tree_pss_mib"), \
	kpar = colno("parent_rss_mib"), kchild = colno("child_rss_mib"), kcom = colno("committed_delta_mib"), 0) nooutput
child(_) = cell(kchild, 0)
# The largest and smallest value of a row that set the y range, an empty cell (a PSS the sampler
# could not read) counting as 0: a NaN would wipe out the running maximum.  The commit charge
# counts towards the top only: it is system-wide, so unrelated processes move it, and a dip far
# below 0 (-950 MiB in one real run) would squash every panel; such a dip is clipped at the
# bottom of its panel.
mem(k) = cell(k, 0)
rowmax(_) = big(big(big(mem(krss), mem(kpss)), big(mem(kpar), child(0))), mem(kcom))
rowmin(_) = small(small(mem(krss), mem(kpss)), small(mem(kpar), child(0)))

gmax = 0
gmin = 0
do for [i = 1:n] {
	pmax = 0; pmin = 0; kids = 0
	stats f every ::first(i)::last(i) using (pmax = big(pmax, rowmax(0)), pmin = small(pmin, rowmin(0)), \
		kids = kids + (child(0) > 0), column("t_ms")) nooutput
	eval sprintf("max%d = pmax; min%d = pmin; kids%d = kids; t0%d = STATS_min; t1%d = STATS_max", i, i, i, i, i)
	gmax = big(gmax, pmax)
	gmin = small(gmin, pmin)
}
own(i) = value(sprintf("max%d", i)) < gmax / 10
# A scenario of one sample, or one whose memory stays at 0, still gets an axis: gnuplot refuses
# to plot an empty range.  tlo(I), thi(I): panel I's time range; top(M): the top of a y range
# whose largest value is M.
tlo(i) = value(sprintf("t0%d", i)) - (value(sprintf("t0%d", i)) < value(sprintf("t1%d", i)) ? 0 : 1)
thi(i) = value(sprintf("t1%d", i)) + (value(sprintf("t0%d", i)) < value(sprintf("t1%d", i)) ? 0 : 1)
top(m) = m > 0 ? m : 1

# ---- drawing ------------------------------------------------------------------------------

cols = n == 1 ? 1 : 2
rows = int(ceil(n / (cols * 1.0)))
kh = 0.085                      # the key's strip at the bottom
top = 0.94                      # under the title
cw = 0.98 / cols                # a panel's cell
ch = (top - kh) / rows
# cell I's corner: column (I-1) % cols, row (I-1) / cols from the top
cx(i) = 0.01 + ((i - 1) % cols) * cw
cy(i) = top - ((i - 1) / cols + 1) * ch

c_rss = 0xD55E00
c_pss = 0x0072B2
c_par = 0x009E73
c_kid = 0xCC79A7
c_com = 0x000000

set grid xtics ytics ls 100
set xlabel "time since sampling began, ms" offset 0, 0.4
set ylabel "MiB"
unset key

do for [fmt in "png svg"] {
	eval termcmd(fmt)
	set output outbase . "." . fmt
	set multiplot title "Memory of the process tree during one extraction: RSS counts a shared page in every process, PSS splits it" font ",13"
	do for [i = 1:n] {
		set lmargin at screen cx(i) + 0.06
		set rmargin at screen cx(i) + cw - 0.015
		set bmargin at screen cy(i) + 0.075
		set tmargin at screen cy(i) + ch - 0.04
		set xrange [tlo(i) : thi(i)]
		if (own(i)) {
			set yrange [small(0, value(sprintf("min%d", i)) * 1.1) : top(value(sprintf("max%d", i))) * 1.1]
			set title name(i) . "  (own y scale)"
		} else {
			set yrange [small(0, gmin * 1.05) : top(gmax) * 1.06]
			set title name(i)
		}
		kid = value(sprintf("kids%d", i)) > 0
		# The clauses take their style from "set style data": lines, or for a scenario of a single
		# sample, which has no line to draw, lines and points (a macro would not do: gnuplot
		# expands one in a loop's body once, before the loop runs).
		if (first(i) == last(i)) { set style data linespoints } else { set style data lines }
		plot f every ::first(i)::last(i) using "t_ms":"tree_rss_mib" lc rgb c_rss lw 3, \
			'' every ::first(i)::last(i) using "t_ms":"tree_pss_mib" lc rgb c_pss lw 3 dt 2, \
			'' every ::first(i)::last(i) using "t_ms":"parent_rss_mib" lc rgb c_par lw 1.5 dt 3, \
			'' every ::first(i)::last(i) using "t_ms":"committed_delta_mib" lc rgb c_com lw 1.5 dt 1, \
			for [k = 1:kid] '' every ::first(i)::last(i) using "t_ms":(child(0)) lc rgb c_kid lw 2 dt 4
	}

	# the key, alone in a strip at the bottom (a line off the range keeps gnuplot drawing it)
	unset border; unset tics; unset xlabel; unset ylabel; unset title; unset grid
	set xrange [0:1]
	set yrange [0:1]
	set lmargin at screen 0.06
	set rmargin at screen 0.94
	set tmargin at screen kh
	set bmargin at screen 0.005
	set key center center maxrows 3 Left reverse samplen 4 width 1 font ",10" nobox
	plot 2 notitle, \
		keyentry with lines lc rgb c_rss lw 3 title "tree RSS: VmRSS summed over the parent and its children", \
		keyentry with lines lc rgb c_pss lw 3 dt 2 title "tree PSS: the same, with each shared page split among its users", \
		keyentry with lines lc rgb c_par lw 1.5 dt 3 title "parent RSS", \
		keyentry with lines lc rgb c_com lw 1.5 dt 1 title "commit charge: Committed_AS minus its first sample", \
		keyentry with lines lc rgb c_kid lw 2 dt 4 title "children's RSS"
	unset key
	set border; set tics; set grid xtics ytics ls 100
	set xlabel "time since sampling began, ms" offset 0, 0.4
	set ylabel "MiB"

	unset multiplot
	set output
}
