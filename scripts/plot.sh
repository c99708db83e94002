#!/bin/sh
# plot.sh — draw every plot of a benchmark run: run each scripts/plots/NAME.gp with gnuplot on the
# CSV tables in DATADIR, writing OUTDIR/NAME.png and OUTDIR/NAME.svg.
#
# usage: scripts/plot.sh DATADIR OUTDIR
# example: scripts/plot.sh results/latest results/latest/plots
#
# A plot names the tables it needs in a line "# input: FILE..." of its .gp file; when one of them
# is missing or has no data rows (only a header), the plot is skipped with one note on stderr,
# not an error.  Each image is written under a temporary name in OUTDIR and renamed into place
# once gnuplot has succeeded, so a failed plot never leaves a half-written image (an image from
# an earlier run is left as it was).  Every plot is tried, even after one has failed.
# Paths may hold any character but a newline: each reaches gnuplot as a single-quoted string
# (a ' doubled), and the .gp files quote them for the shell with shq() (_style.gp).
# Exit status: 0 every plot drawn or skipped; 1 a plot failed (stderr names it, after gnuplot's
# own message); 2 usage error; 3 environment error (gnuplot missing, OUTDIR not creatable, no
# .gp files).
# A .gp file whose name starts with "_" is not a plot but a file the plots load (_style.gp).
# Environment: PLOTS_DIR, the folder of .gp files (default scripts/plots next to this script).
set -eu

usage() { sed -n '2,3p;5,6p' "$0" >&2; exit 2; }
die() { code=$1; shift; echo "plot: $*" >&2; exit "$code"; }

[ $# -eq 1 ] && { [ "$1" = -h ] || [ "$1" = --help ]; } && { sed -n '2,20p' "$0"; exit 0; }
[ $# -eq 2 ] || usage
datadir=$1
outdir=$2
[ -n "$datadir" ] && [ -n "$outdir" ] || usage
[ -d "$datadir" ] || die 2 "$datadir: not a directory"
plots=${PLOTS_DIR:-$(cd "$(dirname "$0")" && pwd)/plots}
[ -d "$plots" ] || die 3 "$plots: no such directory of plots"
command -v gnuplot > /dev/null || die 3 "gnuplot not installed (Debian: apt-get install gnuplot-nox)"
mkdir -p "$outdir" || die 3 "$outdir: cannot create"

tmp="" # the temporary base name of the plot being drawn, removed if we stop half-way
trap '[ -z "$tmp" ] || rm -f "$tmp.png" "$tmp.svg"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# gp_string TEXT: TEXT as a gnuplot single-quoted string, in which only ' is special (doubled)
gp_string() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"
}

# has_rows FILE: FILE exists and has a non-blank line after its header
has_rows() {
	[ -f "$1" ] && sed 1d "$1" | grep -q '[^[:space:]]'
}

failed=""
found=0
for gp in "$plots"/*.gp; do
	name=$(basename "$gp" .gp)
	case $name in _*) continue ;; esac
	[ -f "$gp" ] || continue
	found=1
	skip=""
	for f in $(sed -n 's/^# input://p' "$gp"); do
		has_rows "$datadir/$f" || { skip=$datadir/$f; break; }
	done
	if [ -n "$skip" ]; then
		echo "plot: $name: no data in $skip, skipped" >&2
		continue
	fi
	tmp=$outdir/.$name.tmp$$
	if gnuplot -e "datadir=$(gp_string "$datadir"); outdir=$(gp_string "$outdir"); outbase=$(gp_string "$tmp")" "$gp" &&
		[ -s "$tmp.png" ] && [ -s "$tmp.svg" ]; then
		mv -f "$tmp.png" "$outdir/$name.png"
		mv -f "$tmp.svg" "$outdir/$name.svg"
	else
		echo "plot: $name: gnuplot failed on $gp" >&2
		rm -f "$tmp.png" "$tmp.svg"
		failed="$failed $name"
	fi
	tmp=""
done
[ "$found" -eq 1 ] || die 3 "no .gp files in $plots"
[ -z "$failed" ] || die 1 "failed:$failed"
