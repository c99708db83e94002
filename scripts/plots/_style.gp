# _style.gp — what every plot shares: the terminals, the grid, and how a series looks.  Not a plot
# (scripts/plot.sh skips files whose name starts with "_"); each plot loads it first:
#   dir_(p, i) = i < 1 ? "" : p[i:i] eq "/" ? p[1:i] : dir_(p, i - 1)  # PATH's folder, with its "/"
#   load dir_(ARG0, strlen(ARG0)) . "_style.gp"
#
# A series is named "METHOD TOOL" (spawn 7zz, fork 7z, vfork bsdtar, ...) or "libarchive" (the
# in-process driver, the reference).  Its colour says the tool and its dash (lines) or fill
# pattern (bars) the method, so that spawn 7zz and fork 7zz are the same blue, one solid and one
# dashed; libarchive is black.  Point types follow the tool too, open for fork, so the lines stay
# apart in greyscale.

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

# termcmd(FMT, W, H): the commands that select the png (pngcairo) or svg terminal at W x H pixels
# and set PS, the factor for point sizes; use as `eval termcmd(fmt, 1000, 600)` and write point
# sizes as `ps 1.1 * PS`.  The svg terminal draws text smaller and points larger than pngcairo
# at the same settings, so it gets a font scale and a smaller PS: both images look the same.
# Text is not "enhanced": names from the data (text_16m, a^b) are printed as they are.
termcmd(fmt, w, h) = fmt eq "png" \
	? sprintf('set terminal pngcairo size %d,%d font "Sans,11" noenhanced; PS = 1', w, h) \
	: sprintf('set terminal svg size %d,%d dynamic font "Sans,11" fontscale 1.35 noenhanced background rgb "white"; PS = 0.75', w, h)

set style line 100 lc rgb "#d0d0d0" lw 1 dt 3
set border lw 1

# addw(LIST, S): LIST of double-quoted words with S appended unless already in it (for word())
addw(l, s) = strstrt(l, '"' . s . '"') ? l : l . ' "' . s . '"'

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

# ---- how a series looks ---------------------------------------------------------------------

s_method(s) = words(s) > 1 ? word(s, 1) : s
s_tool(s) = words(s) > 1 ? word(s, words(s)) : s
# A -bin tool (the binary behind a wrapper script) takes its wrapper's colour and an open symbol.
s_bin(s) = strlen(s_tool(s)) > 4 && s_tool(s)[strlen(s_tool(s)) - 3:] eq "-bin"
s_base(s) = s_bin(s) ? s_tool(s)[1:strlen(s_tool(s)) - 4] : s_tool(s)
s_colour(s) = s eq "libarchive" ? 0x000000 : \
	s_base(s) eq "7zz" ? 0x0072B2 : s_base(s) eq "7z" ? 0xE69F00 : s_base(s) eq "bsdtar" ? 0x009E73 : \
	s_base(s) eq "true" ? 0x777777 : 0xCC79A7
s_dash(s) = s_method(s) eq "fork" ? 2 : s_method(s) eq "vfork" ? 4 : s_method(s) eq "spawn" || s eq "libarchive" ? 1 : 5
s_point(s) = s eq "libarchive" ? 7 : \
	(s_base(s) eq "7zz" ? 5 : s_base(s) eq "7z" ? 9 : s_base(s) eq "bsdtar" ? 11 : 13) - (s_method(s) eq "fork" || s_bin(s) ? 1 : 0)
s_width(s) = s eq "libarchive" ? 3 : 2
# bars: solid for spawn and libarchive, hatched for fork and vfork (fill style "pattern N")
s_pattern(s) = s_method(s) eq "fork" ? 4 : s_method(s) eq "vfork" ? 5 : s_method(s) eq "spawn" || s eq "libarchive" ? 0 : 6
