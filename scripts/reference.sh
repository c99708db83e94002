#!/bin/sh
# reference.sh — record results/reference/full/ with the full suite and rewrite the README's
# findings block from its REPORT.md.  `make reference` calls it; run it on purpose, on a quiet
# machine (the full suite takes up to 30 minutes).
#
# usage: scripts/reference.sh [RUNDIR | --readme-only]
#   --readme-only  only rewrite the README block from results/reference/full/REPORT.md
#   RUNDIR   use this finished run (a folder made by `make bench SUITE=full`) instead of running
# The run is copied whole except bench.log; the README block between the "bench-findings"
# markers is replaced by the report's Headlines section, with the plot links pointing into
# results/reference/full/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if [ "${1-}" = --readme-only ]; then
	run=
elif [ $# -ge 1 ]; then
	run=$1
else
	make bench SUITE=full
	run=results/$(readlink results/latest)
fi
dest=results/reference/full
if [ -n "$run" ]; then
[ -f "$run/REPORT.md" ] && [ ! -e "$run/INCOMPLETE" ] ||
	{ echo "reference: $run is not a finished run" >&2; exit 3; }
grep -q '^Suite `full`' "$run/REPORT.md" ||
	{ echo "reference: $run was not made with SUITE=full" >&2; exit 3; }

tmp=results/reference/.full.$$
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
(cd "$run" && tar -cf - --exclude=bench.log .) | (cd "$tmp" && tar -xf -)
echo "$(basename "$run")" > "$tmp/SOURCE"
rm -rf "$dest"
mv "$tmp" "$dest"
fi

# The README: the Headlines bullets of the report, links rewritten to the committed folder.
awk -v dir="$dest" '
	FNR == NR {
		if (/^## Headlines/) { on = 1; next }
		if (on && /^## /) on = 0
		if (on && /^- /) { gsub(/\(plots\//, "(" dir "/plots/"); block = block $0 "\n" }
		next
	}
	/<!-- bench-findings:begin/ { print; printf "%s", block; skip = 1; next }
	/<!-- bench-findings:end/ { skip = 0 }
	!skip { print }
' "$dest/REPORT.md" README.md > README.md.tmp
mv README.md.tmp README.md
echo "reference: ${run:+$dest recorded from $run; }README.md findings block rewritten" >&2
