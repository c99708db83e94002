#!/bin/sh
# Hostile archives never write anything outside OUTDIR, with any driver and any tool: entries
# with "..", absolute paths, a symlink out of the tree followed by a file written through it
# (absolute and relative), and a hard link to a file outside followed by data for it.
. "$(dirname "$0")/lib.sh"

box=$T/box # everything under it but OUTDIR must stay as it was
work=$box/work/deep
out=$work/out
outside=$box/outside
mkdir -p "$work" "$outside"
echo "precious" > "$outside/victim"
for fmt in 7z zip tar tar.gz tar.xz; do
	"$B/mkarchive" $fmt "$work/evil.$fmt" \
		"f:../../escape-dotdot.txt:x" \
		"f:a/../../../escape-dotdot2.txt:x" \
		"f:$outside/absolute.txt:x" \
		"l:abslink:$outside" \
		"f:abslink/through-abslink.txt:x" \
		"l:rellink:../../../outside" \
		"f:rellink/through-rellink.txt:x" \
		"h:hardlink:$outside/victim" \
		"f:hardlink:overwritten" \
		"f:fine.txt:fine"
	ok $? "mkarchive made a hostile $fmt"
done

# snapshot: every path outside OUTDIR under $box, with the victim's contents
snapshot() {
	(cd "$box" && find . -path ./work/deep/out -prune -o -print | LC_ALL=C sort; cat outside/victim)
}
snapshot > "$T/before"
for fmt in 7z zip tar tar.gz tar.xz; do
	for m in $METHODS; do
		for t in $(tools_of $m); do
			(cd "$work" && run_driver $m $t "evil.$fmt" out > /dev/null 2> "$T/err")
			rc=$?
			snapshot > "$T/after"
			diff "$T/before" "$T/after" > "$T/diff"
			ok $? "$m ${t#-} evil.$fmt (exit $rc): nothing written outside OUTDIR" ||
				sed 's/^/# /' "$T/diff" "$T/err"
			test "$(cat "$outside/victim")" = precious
			ok $? "$m ${t#-} evil.$fmt: the file behind the hard link is untouched"
			test -f "$out/fine.txt"
			ok $? "$m ${t#-} evil.$fmt: the harmless entry is extracted"
			like "$rc" '^[01]$' "$m ${t#-} evil.$fmt: exits 0 or 1, not a crash" || sed 's/^/# /' "$T/err"
		done
	done
done
# Links out of the tree that the tools do create must not make the next iteration's emptying
# reach outside either.
"$B/mkarchive" tar "$T/links.tar" "l:abslink:$outside" "l:rellink:../../../outside" \
	"l:victimlink:$outside/victim" "f:fine.txt:fine"
for m in $METHODS; do
	t=$(tool_for $m bsdtar)
	run_driver $m $t -n 3 "$T/links.tar" "$out" > /dev/null 2> "$T/err"
	ok $? "$m ${t#-}: three iterations of an archive whose links point outside" || sed 's/^/# /' "$T/err"
	snapshot > "$T/after"
	diff "$T/before" "$T/after" > /dev/null
	ok $? "$m ${t#-}: emptying between iterations never follows those links out"
done
done_testing
