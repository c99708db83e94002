#!/bin/sh
# driver-findings.sh — measure the drivers on the 1 KiB archive and on process creation alone,
# and write the findings (every figure computed from the records, none typed in).
#
# usage: scripts/driver-findings.sh [OUTDIR]     (default: results/reference/drivers)
# example: make corpus-small && scripts/driver-findings.sh
#
# Writes OUTDIR/latency.csv (the drivers' CSV records, plus floor-spawn's), OUTDIR/env.txt and
# OUTDIR/findings.md, and nothing outside OUTDIR.  Methods are interleaved: ROUNDS rounds, each
# running every point once, so that a slow spell of this noisy VM hits all of them alike.
# Takes about a minute.
# Environment: ROUNDS (default 5), ITER (timed iterations per point and round, default 40).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/results/reference/drivers}
rounds=${ROUNDS:-5}
iter=${ITER:-40}
b=$top/build
a=$top/build/corpus/one-1k.7z
for p in extract-fork extract-vfork extract-spawn extract-libarchive floor-spawn; do
	[ -x "$b/$p" ] || { echo "driver-findings: $b/$p missing: run make first" >&2; exit 3; }
done
[ -f "$a" ] || { echo "driver-findings: $a missing: run make corpus-small first" >&2; exit 3; }

mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/driver-findings.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
# OUTDIR on tmpfs where possible: this VM's disk makes file creation 30x slower.
work=$("$top/scripts/scratch-dir.sh" driver-findings "$b")
trap 'rm -rf "$tmp" "$work"' EXIT INT TERM

csv=$tmp/latency.csv
: > "$csv"
# rec CMD...: run one point, appending its records (header dropped) to the CSV; a failed
# point stops everything, so that no finding is computed from missing records
rec() {
	"$@" --csv > "$tmp/point.csv" || { echo "driver-findings: failed: $*" >&2; exit 1; }
	sed 1d "$tmp/point.csv" >> "$csv"
}
header=$("$b/extract-spawn" --tool true --csv "$a" "$work/o" | head -n 1)
echo "$header" > "$tmp/header"

# floor PASS: floor-spawn's records, padded into the drivers' CSV layout
floor() {
	"$b/floor-spawn" -n "$iter" --csv > "$tmp/point.csv" ||
		{ echo "driver-findings: floor-spawn failed" >&2; exit 1; }
	sed 1d "$tmp/point.csv" |
		awk -F, -v hdr="$header" 'BEGIN { n = split(hdr, h, ",") }
			{
				v["method"] = "floor"; v["tool"] = "true"; v["iter"] = $3; v["wall_ns"] = $4
				v["status"] = "ok"; v["ballast_bytes"] = 0
				for (i = 1; i <= n; i++) printf "%s%s", (h[i] in v) ? v[h[i]] : "", i < n ? "," : "\n"
			}' >> "$csv"
}

for r in $(seq "$rounds"); do
	echo "driver-findings: round $r of $rounds" >&2
	# The runner against the bare loop: back to back, in alternating order, so that they meet
	# the same conditions.
	if [ $((r % 2)) -eq 1 ]; then
		floor
		rec "$b/extract-spawn" --tool true -n "$iter" -w 3 "$a" "$work/o"
	else
		rec "$b/extract-spawn" --tool true -n "$iter" -w 3 "$a" "$work/o"
		floor
	fi
	for m in fork vfork spawn; do
		for t in true 7z 7zz bsdtar; do
			[ $m = spawn ] && [ $t = true ] && continue
			rec "$b/extract-$m" --tool $t -n "$iter" -w 3 "$a" "$work/o"
		done
	done
	rec "$b/extract-libarchive" -n "$iter" -w 3 "$a" "$work/o"
	for m in fork vfork spawn; do
		rec "$b/extract-$m" --tool true -b 1G -n $((iter / 2)) -w 2 "$a" "$work/o"
	done
	rec "$b/extract-fork" --tool true -b 1G --thp -n $((iter / 2)) -w 2 "$a" "$work/o"
done
rec "$b/extract-spawn" --tool 7zz --child-rss -b 512M -n 10 "$a" "$work/o"
{ cat "$tmp/header"; cat "$csv"; } > "$tmp/latency.full.csv"

{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "kernel: $(uname -r)"
	echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
	echo "memory: $(grep MemTotal /proc/meminfo | awk '{ print $2 }') kB"
	echo "thp: $(cat /sys/kernel/mm/transparent_hugepage/enabled)"
	echo "overcommit_memory: $(cat /proc/sys/vm/overcommit_memory)"
	# every tool as the drivers resolve it (build/tool-info): name, path, kind, version
	"$b/tool-info" | awk -F'\t' 'NR > 1 { print $1 ": " ($3 == "" ? $12 : $3 " (" $4 "), " $9) }'
	echo "libarchive: $(pkg-config --modversion libarchive)"
	echo "outdir filesystem: $(stat -f -c %T "$work")"
	echo "rounds: $rounds, iterations per point and round: $iter"
	echo "recorded with: make corpus-small && scripts/driver-findings.sh"
} > "$tmp/env.txt"

# The table and the findings, from the records alone.  Median CI: the order statistics at
# n/2 -+ 1.96 sqrt(n)/2 (distribution-free, for the median of n samples).
awk -F, -v archive="$(basename "$a")" '
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
$c["status"] != "ok" { bad++; next }
{
	k = $c["method"] SUBSEP $c["tool"] SUBSEP $c["ballast_bytes"] ($c["thp"] == 1 ? " thp" : "")
	n[k]++; w[k, n[k]] = $c["wall_ns"] / 1e6
	if ($c["child_rss_kb"] != "") { rss[k] = rss[k] " " $c["child_rss_kb"]; raw[k] = raw[k] " " $c["child_maxrss_kb"] }
	if (!(k in seen)) { seen[k] = 1; order[++nk] = k }
}
function sortk(k,   i, j, t) {
	for (i = 1; i <= n[k]; i++) s[i] = w[k, i]
	for (i = 2; i <= n[k]; i++) { t = s[i]; for (j = i - 1; j >= 1 && s[j] > t; j--) s[j + 1] = s[j]; s[j + 1] = t }
}
function q(p,   i) { i = int(p * (cnt - 1) + 1.5); return s[i < 1 ? 1 : i > cnt ? cnt : i] }
function medlist(l,   a, m, i, j, t) {
	m = split(l, a, " ")
	for (i = 2; i <= m; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
	return a[int((m + 1) / 2)]
}
END {
	tbl = "| method | tool | parent ballast | n | median ms | 95% CI of median | p10 | p90 |\n"
	tbl = tbl "| --- | --- | --- | ---: | ---: | --- | ---: | ---: |\n"
	for (o = 1; o <= nk; o++) {
		k = order[o]; split(k, f, SUBSEP); cnt = n[k]; sortk(k)
		M[k] = q(0.5); h = 1.96 * sqrt(cnt) / 2
		lo = s[int(cnt / 2 - h) < 1 ? 1 : int(cnt / 2 - h)]; hi = s[int(cnt / 2 + h + 1) > cnt ? cnt : int(cnt / 2 + h + 1)]
		if (f[1] == "spawn" && f[2] == "7zz" && f[3] != 0) continue # the --child-rss run: not a timing
		tbl = tbl sprintf("| %s | %s | %s | %d | %.3f | %.3f – %.3f | %.3f | %.3f |\n", f[1], f[2],
			f[3] == 0 ? "0" : sprintf("%d MiB%s", f[3] / 1048576, f[3] ~ / thp$/ ? " (THP)" : ""),
			cnt, M[k], lo, hi, q(0.1), q(0.9))
	}
	G = 1073741824; S = SUBSEP
	printf "- **A tiny archive.** On %s, libarchive in-process takes %.3f ms per extraction; posix_spawn of `7zz` takes %.3f ms (%.1fx the in-process time), of Debian'"'"'s `7z` wrapper script %.3f ms (%.1fx), of `bsdtar` %.3f ms (%.1fx).\n",
		archive, M["libarchive" S "libarchive" S 0], M["spawn" S "7zz" S 0], M["spawn" S "7zz" S 0] / M["libarchive" S "libarchive" S 0],
		M["spawn" S "7z" S 0], M["spawn" S "7z" S 0] / M["libarchive" S "libarchive" S 0],
		M["spawn" S "bsdtar" S 0], M["spawn" S "bsdtar" S 0] / M["libarchive" S "libarchive" S 0]
	printf "- **The parent'"'"'s size.** With 1 GiB resident in the parent, fork+exec of `/bin/true` takes %.3f ms, posix_spawn %.3f ms (fork/spawn = %.0fx), vfork %.3f ms; with an empty parent: %.3f / %.3f / %.3f ms.\n",
		M["fork" S "true" S G], M["spawn" S "true" S G], M["fork" S "true" S G] / M["spawn" S "true" S G], M["vfork" S "true" S G],
		M["fork" S "true" S 0], M["spawn" S "true" S 0], M["vfork" S "true" S 0]
	printf "- **Huge pages.** The same 1 GiB parent on transparent huge pages (`--thp`): fork+exec takes %.3f ms; on 4 KiB pages it took %.1fx that (huge pages mean fewer page-table entries to copy).\n",
		M["fork" S "true" S G " thp"], M["fork" S "true" S G] / M["fork" S "true" S G " thp"]
	printf "- **The harness'"'"'s own cost.** `extract-spawn --tool true` (runner, timeout handling, usage accounting) takes %.3f ms against %.3f ms for a bare posix_spawn+waitpid loop (`floor-spawn`), timed back to back: %+.1f%%.\n",
		M["spawn" S "true" S 0], M["floor" S "true" S 0], 100 * (M["spawn" S "true" S 0] / M["floor" S "true" S 0] - 1)
	k = "spawn" S "7zz" S 536870912
	printf "- **The child'"'"'s peak RSS.** Spawned from a parent with 512 MiB resident, `7zz` has a `wait4` ru_maxrss of %d kB but its own peak (VmHWM at exit) is %d kB (medians of %d).\n",
		medlist(raw[k]), medlist(rss[k]), n[k]
	if (bad) printf "- %d records had a status other than ok and were left out.\n", bad
	printf "\nPer extraction of %s (`--tool true`: process creation alone; `floor`: a bare posix_spawn+waitpid loop):\n\n%s", archive, tbl
}' "$tmp/latency.full.csv" > "$tmp/findings.md"

mv "$tmp/latency.full.csv" "$out/latency.csv"
mv "$tmp/env.txt" "$out/env.txt"
mv "$tmp/findings.md" "$out/findings.md"

echo "driver-findings: wrote $out/findings.md" >&2
