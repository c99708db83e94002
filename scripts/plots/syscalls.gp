# syscalls.gp — the system calls one extraction makes, by name: one stacked bar per series, one
# segment per system call (the most frequent ones, then "other"), each segment that is tall
# enough labelled inside it (with its name and count, or with the count alone when the bars are
# too narrow for the names), the total over each bar.  With many bars the series' labels under
# them are broken into lines (a word a line), or slanted when even that would not fit.
#
# usage: gnuplot -e "datadir='DIR'; outdir='DIR'" scripts/plots/syscalls.gp
#   (scripts/plot.sh also passes outbase, the temporary path the images are written to)
# title: System calls per extraction
# caption: Stacked by call; subprocess methods include the child's start-up (dynamic loading, exec) in every extraction.
# size: 1000x600
# order: 40
# input: syscalls-top.csv
# Columns: syscalls-top.csv series, then one per system call name (as many as there are), the
# last one "other"; values are calls per extraction (may be fractional).  syscalls-top.title,
# optional, one line: what was extracted, for the title.  series.csv (optional): the series'
# labels, under their bars.
# Writes OUTDIR/syscalls.png and OUTDIR/syscalls.svg.

if (!exists("datadir")) datadir = "."
if (!exists("outdir")) outdir = "."
if (!exists("outbase")) outbase = outdir . "/syscalls"
f = datadir . "/syscalls-top.csv"
me = ARG0
dir_(p, i) = i < 1 ? "" : p[i:i] eq "/" ? p[1:i] : dir_(p, i - 1)  # PATH's folder, with its "/"
load dir_(me, strlen(me)) . "_style.gp"

# ---- what the table holds ----------------------------------------------------------------

# rows counted with a using spec that reads no cell ("using 2" would skip those whose column 2
# is empty)
stats f using (0) nooutput
ncol = STATS_columns
nbar = STATS_records
calls = "" # the column names, from column 2
stats f every ::0::0 using (calls = "", sum [c = 2:ncol] (calls = calls . ' "' . columnhead(c) . '"', 0), 0) nooutput
series = "" # the series' labels, double-quoted, in row order
stats f using (series = series . ' "' . s_label(strcol(1)) . '"', 0) nooutput
# total(0): the current row's calls, all kinds; below(C): those of the columns before column C
total(_) = sum [c = 2:ncol] (valid(c) ? column(c) : 0)
below(c) = sum [k = 2:c - 1] (valid(k) ? column(k) : 0)
stats f using (total(0)) nooutput
tmax = STATS_max
context = system("head -n 1 " . shq(datadir . "/syscalls-top.title") . " 2>/dev/null")

# ---- fitting the text --------------------------------------------------------------------

# Widths are estimated, in pixels of the png: a character of the tic labels' font (11 pt) is
# about 7 wide, one of the segments' (8 pt) about 5.2, and the plot about 740 of the 1000 beside
# the key.  bpx is a bar's width.
slot = 740.0 / (nbar + 0.2)
bw = 0.7
bpx = bw * slot
# The tic labels: on one line when every two neighbours fit their slots (each is centred under
# its bar), else a word a line when that fits, else slanted.  lname and lword: the width of the
# previous label, in characters, on one line and a word a line.
fits1 = 1; fits2 = 1; lname = 0; lword = 0
do for [s in series] {
	wl = 0
	do for [w in s] { wl = big(wl, strlen(w)) }
	fits1 = fits1 && (lname + strlen(s)) / 2.0 * 7 <= slot - 8
	fits2 = fits2 && (lword + wl) / 2.0 * 7 <= slot - 8
	lname = strlen(s); lword = wl
}
ticmode = fits1 ? 1 : fits2 ? 2 : 3
# lines(S): S with a line break (for a double-quoted string in a command) between its words
lines(s, i) = i >= words(s) ? word(s, i) : word(s, i) . '\n' . lines(s, i + 1)
xt = ""
do for [i = 1:nbar] {
	s = word(series, i)
	xt = xt . sprintf('"%s" %d,', ticmode == 2 ? lines(s, 1) : s, i - 1)
}
# The segments' labels: "NAME COUNT" when the longest name and the largest count fit across a
# bar, else the count alone when it fits (the key names the calls, in stacking order), else none.
cmax = 0
do for [c = 2:ncol] {
	stats f using (valid(c) ? column(c) : 0) nooutput
	cmax = big(cmax, STATS_max)
}
lcall = 0
do for [c in calls] { lcall = big(lcall, strlen(c)) }
lcount = strlen(sprintf("%.0f", cmax))
segmode = (lcall + 1 + lcount) * 5.2 <= bpx - 4 ? 2 : lcount * 5.2 <= bpx - 4 ? 1 : 0

# ---- drawing ------------------------------------------------------------------------------

# Colours for the calls in column order (Tableau 10), grey for "other"; a segment's label is
# written inside it when it is at least 4% of the tallest bar (about 19 pixels, room for one
# line), so the plot reads in greyscale.
pal = "0x4E79A7 0xF28E2B 0xE15759 0x76B7B2 0x59A14F 0xEDC948 0xB07AA1 0xFF9DA7 0x9C755F 0x86BCB6"
name(c) = word(calls, c - 1)
ccolour(c) = name(c) eq "other" ? 0xBAB0AC : word(pal, (c - 2) % words(pal) + 1) + 0
seglabel(c) = column(c) < 0.04 * tmax || segmode == 0 ? "" : \
	segmode == 2 ? sprintf("%s %.0f", name(c), column(c)) : sprintf("%.0f", column(c))
count(v) = v >= 100 ? sprintf("%.0f", v) : sprintf("%.3g", v)

set xrange [-0.6 : nbar - 0.4]
set yrange [0 : tmax * 1.08]
set format y "%.0f"
set grid ytics ls 100
eval "set xtics (" . xt[1:strlen(xt) - 1] . ") scale 0"
if (ticmode == 2) { set bmargin 4 }   # gnuplot's own margin leaves room for one line only
if (ticmode == 3) { set xtics rotate by -30 left }
set ylabel "system calls per extraction"
set key outside right top Left reverse samplen 2 invert title "system call" font ",10"
set style fill solid 0.9 border lc rgb "white"

do for [fmt in "png svg"] {
	eval termcmd(fmt)
	set output outbase . "." . fmt
	set title "System calls per extraction, the most frequent by name" . (context eq "" ? "" : "\n" . context) font ",13"
	plot for [c = 2:ncol] f using (column(0)):(below(c) + column(c)):(column(0) - bw / 2):(column(0) + bw / 2):(below(c)):(below(c) + column(c)) \
			with boxxyerror lc rgb ccolour(c) title name(c), \
		for [c = 2:ncol] f using (column(0)):(below(c) + column(c) / 2):(seglabel(c)) with labels font ",8" notitle, \
		f using (column(0)):(total(0)):(count(total(0))) with labels offset 0, 0.7 font ",10" notitle
	set output
}
