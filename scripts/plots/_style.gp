# _style.gp — what every plot shares: the terminals, the grid, the series' styles and the tables
# they come from.  Not a plot (scripts/plot.sh skips files whose name starts with "_"); each plot
# names itself and loads it first (load sets ARG0 to the loaded file's name, so the plot's own
# path must be kept before):
#   me = ARG0
#   dir_(p, i) = i < 1 ? "" : p[i:i] eq "/" ? p[1:i] : dir_(p, i - 1)  # PATH's folder, with its "/"
#   load dir_(me, strlen(me)) . "_style.gp"
#
# A plot's header declares, one line each, what scripts/report.pl and tests/85-plots.t read:
#   # title: TEXT      the section title in REPORT.md
#   # caption: TEXT    the text under the image in REPORT.md
#   # size: WxH        the PNG's size in pixels (the SVG's too): termcmd() reads it from here
#   # order: N         its place in REPORT.md (smaller first; then by file name)
#   # input: FILE...   the tables it cannot do without (scripts/plot.sh skips it when one is
#                      missing or has no rows)
#
# How a series looks is not decided here: analyze.pl writes it to DATADIR/series.csv, one row
# per series in legend order (series,method,tool,kind,reference,label,colour,dash,point,width,
# pattern,method_colour,method_point,method_label,tool_label), and the plots only read it.  A
# series the table does not list is still drawn, in grey under its own key.

set encoding utf8

# shq(S): S as one single-quoted word for the shell of system(), whatever it holds (a ' becomes
# '\'').  Halves recursively, so that the depth is log2 of the length, not the length.
shq_(s) = strlen(s) <= 1 ? (s eq "'" ? "'\\''" : s) \
	: shq_(s[1:strlen(s) / 2]) . shq_(s[strlen(s) / 2 + 1:strlen(s)])
shq(s) = "'" . shq_(s) . "'"
set datafile separator comma
# Every table has a header line.  Said once here, because gnuplot only looks for one when a
# plot's using spec names a column itself, not inside a function.
set datafile columnheaders

# termcmd(FMT): the commands that select the png (pngcairo) or svg terminal at the size of the
# plot's "# size: WxH" header and set PS, the factor for point sizes; use as `eval termcmd(fmt)`
# and write point sizes as `ps 1.1 * PS`.  The svg terminal draws text smaller and points larger
# than pngcairo at the same settings, so it gets a font scale and a smaller PS: both images look
# the same.  Text is not "enhanced": names from the data (text_16m, a^b) are printed as they are.
size_ = system("sed -n 's/^# size: *\\([0-9][0-9]*\\) *x *\\([0-9][0-9]*\\) *$/\\1 \\2/p' " . shq(me) . " | head -n 1")
if (words(size_) != 2) { exit error me . ": no '# size: WxH' line in its header" }
termcmd(fmt) = fmt eq "png" \
	? sprintf('set terminal pngcairo size %d,%d font "Sans,11" noenhanced; PS = 1', word(size_, 1) + 0, word(size_, 2) + 0) \
	: sprintf('set terminal svg size %d,%d dynamic font "Sans,11" fontscale 1.35 noenhanced background rgb "white"; PS = 0.75', \
		word(size_, 1) + 0, word(size_, 2) + 0)

set style line 100 lc rgb "#d0d0d0" lw 1 dt 3
set border lw 1

# addw(LIST, S): LIST of double-quoted words with S appended unless already in it (for word())
addw(l, s) = strstrt(l, '"' . s . '"') ? l : l . ' "' . s . '"'
big(a, b) = a > b ? a : b
small(a, b) = a < b ? a : b

# ---- cells that may be empty ----------------------------------------------------------------

# A table leaves a cell empty where it has no value (a CI from too few samples, a PSS not read,
# no child).  Such a cell must only be read through valid(K):
# - gnuplot 6 drops the whole row as soon as column() reads an empty cell, even where the
#   expression then replaces the value (x = column("c"), x == x ? x : 0), and as soon as a cell
#   that column(N) or $N names with a constant N is empty, whichever branch is taken: the point
#   vanishes from a plot, the row from stats (and with every row gone STATS_min is undefined);
# - gnuplot 5.4's strcol() of an empty last field returns the tail of the field before it
#   ("71.3," reads ".3"), so strcol(...) eq "" is no test either.
# valid(K) tells whether cell K holds a number without reading it, in both versions, but wants
# the column's number, and a variable one (see above): colno(NAME) finds it in the header, called
# inside a using spec (stats F every ::0::0 using (k = colno("ci_lo_ms"), 0) nooutput), and
# cell(K, D) reads the current row's cell K, or D where it is empty (or where K is 0, no such
# column).
colno(name) = sum [c_ = 1:100] (columnhead(c_) eq name ? c_ : 0)
cell(k, d) = k > 0 && valid(k) ? column(k) : d

# ---- small tables as arrays -------------------------------------------------------------------

# eval csv_arrays(FILE, P, STRINGS, NUMBERS): reads the CSV table FILE (a header line, RFC 4180
# quoting, so a cell may hold commas and quotes) into one array per column named in the
# space-separated lists STRINGS and NUMBERS, P_NAME[1..P_n], and sets P_n to its number of rows
# (0 where FILE is missing or has none).  A column of NUMBERS holds NaN where its cell is empty
# or not a number, one of STRINGS "" where the column is missing.  For the tables of styles and
# labels, which gnuplot's own reader would cut at a quoted comma; awk does the reading.
CSV_AWK = 'function parse(s,   n, i, c, f, q) { n = 0; f = ""; q = 0; ' . \
	'for (i = 1; i <= length(s); i++) { c = substr(s, i, 1); ' . \
	'if (q) { if (c != "\"") f = f c; else if (substr(s, i + 1, 1) == "\"") { f = f c; i++ } else q = 0 } ' . \
	'else if (c == "\"") q = 1; else if (c == ",") { F[++n] = f; f = "" } else f = f c } ' . \
	'F[++n] = f; return n } ' . \
	'function cellv(name) { return (name in col) && col[name] <= m ? F[col[name]] : "" } ' . \
	'BEGIN { ns = split(strs, S, " "); nn = split(nums, N, " "); n = 0 } ' . \
	'{ sub(/\r$/, "") } ' . \
	'NR == 1 { m = parse($0); for (i = 1; i <= m; i++) col[F[i]] = i; next } ' . \
	'/^[ \t]*$/ { next } ' . \
	'{ m = parse($0); n++; ' . \
	'for (i = 1; i <= ns; i++) V[S[i], n] = cellv(S[i]); ' . \
	'for (i = 1; i <= nn; i++) { v = cellv(N[i]); ' . \
	'V[N[i], n] = v ~ /^[ ]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?[ ]*$/ ? sprintf("%.17g", v + 0) : "NaN" } } ' . \
	'END { printf "%s_n = %d", p, n; ' . \
	'for (i = 1; i <= ns; i++) { printf "; array %s_%s[%d]", p, S[i], n ? n : 1; ' . \
	'for (r = 1; r <= n; r++) { v = V[S[i], r]; gsub(/\047/, "\047\047", v); printf "; %s_%s[%d] = \047%s\047", p, S[i], r, v } } ' . \
	'for (i = 1; i <= nn; i++) { printf "; array %s_%s[%d]", p, N[i], n ? n : 1; ' . \
	'for (r = 1; r <= n; r++) printf "; %s_%s[%d] = %s", p, N[i], r, V[N[i], r] } }'
csv_arrays(f, p, strs, nums) = system("cat " . shq(f) . " 2>/dev/null | awk -v p=" . shq(p) . " -v strs=" . shq(strs) . \
	" -v nums=" . shq(nums) . " " . shq(CSV_AWK))

# ---- how a series looks ---------------------------------------------------------------------

# series.csv, as S_series[1..S_n], S_label[...] and so on.  A style cell that is empty or not a
# number (or a colour not written #rrggbb) takes the fallback: grey, solid, an open circle.
eval csv_arrays(datadir . "/series.csv", "S", "series kind label colour method_colour method_label tool_label", \
	"reference dash point width pattern method_point")
num(v, d) = v == v ? v : d
isrgb(c) = strlen(c) == 7 && c[1:1] eq "#"
GREY = "#999999"
# s_row(S): series S's row in series.csv, 0 if it has none (the first, should it have several)
s_row_(s, i) = i > S_n ? 0 : S_series[i] eq s ? i : s_row_(s, i + 1)
s_row(s) = s_row_(s, 1)
# the style of series S for plots with a line (or bar) per series
s_label(s) = (r_ = s_row(s), r_ > 0 && S_label[r_] ne "" ? S_label[r_] : s)
s_colour(s) = (r_ = s_row(s), r_ > 0 && isrgb(S_colour[r_]) ? S_colour[r_] : GREY)
s_dash(s) = (r_ = s_row(s), r_ > 0 ? num(S_dash[r_], 1) : 1)
s_point(s) = (r_ = s_row(s), r_ > 0 ? num(S_point[r_], 6) : 6)
s_width(s) = (r_ = s_row(s), r_ > 0 ? num(S_width[r_], 2) : 2)
# a bar's fill: 0 solid, else gnuplot's fill pattern N
s_pattern(s) = (r_ = s_row(s), r_ > 0 ? num(S_pattern[r_], 0) : 0)
s_kind(s) = (r_ = s_row(s), r_ > 0 ? S_kind[r_] : "")
# the style of series S in plots with one panel per tool and a line per method
m_colour(s) = (r_ = s_row(s), r_ > 0 && isrgb(S_method_colour[r_]) ? S_method_colour[r_] : GREY)
m_point(s) = (r_ = s_row(s), r_ > 0 ? num(S_method_point[r_], 7) : 7)
m_label(s) = (r_ = s_row(s), r_ > 0 && S_method_label[r_] ne "" ? S_method_label[r_] : s)
t_label(s) = (r_ = s_row(s), r_ > 0 ? S_tool_label[r_] : "")
# open(PT): the open symbol of a filled point type (5 square, 7 circle, 9 triangle, ... 15), PT
# itself for any other
open(pt) = pt >= 5 && pt <= 15 && pt % 2 == 1 ? pt - 1 : pt
# the reference: the series the others are compared with, "" when series.csv names none, and
# the words for it in a title ("the reference" when there is none)
REF = ""
do for [i = S_n:1:-1] { if (S_reference[i] == 1) { REF = S_series[i] } }
REF_LABEL = REF eq "" ? "the reference" : s_label(REF)
# s_order(LIST): the series of LIST (double-quoted words) in legend order, those series.csv
# lists first, in its order, then the others in LIST's order
s_order(l) = (o_ = "", sum [i_ = 1:S_n] (strstrt(l, '"' . S_series[i_] . '"') ? (o_ = addw(o_, S_series[i_]), 0) : 0), \
	sum [k_ = 1:words(l)] (o_ = addw(o_, word(l, k_)), 0), o_)
