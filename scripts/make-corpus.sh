#!/bin/sh
# make-corpus.sh — generate one corpus entry: its tree, its manifest and its archives.
#
# usage: scripts/make-corpus.sh SPEC OUTDIR BUILD
#   SPEC    bench/corpus/NAME.spec (see src/corpus.c for the directives)
#   OUTDIR  where to write NAME.tree/, NAME.manifest, NAME.7z, NAME.zip, NAME.tar.gz, NAME.tar.xz
#   BUILD   the folder holding the corpus-gen, verify and tool-info programs
# example: scripts/make-corpus.sh bench/corpus/one-1k.spec build/corpus build
#
# The tree is deterministic (same spec, same bytes).  The archives are made by the tools a user
# would use: 7z (LZMA2) by 7zz, zip (deflate) by bsdtar (both found by build/tool-info, as the
# drivers find them: on PATH, or where SHELLOUT_TOOL_7ZZ / SHELLOUT_TOOL_BSDTAR say), tar.gz and tar.xz by GNU tar with
# sorted names and fixed owners, gzip -n and xz.  Everything is built in a temporary folder
# and moved into place at the end, so an interrupted run leaves no half-made archive behind.
set -eu

[ $# -eq 3 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
spec=$1 out=$2 build=$3
name=$(basename "$spec" .spec)
mkdir -p "$out"
tmp=$(mktemp -d "$out/.tmp-$name.XXXXXX")
tmp=$(cd "$tmp" && pwd)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Both tools resolved before any work: a missing one is exit 3 with the resolver's own line.
sevenzz=$("$build/tool-info" --path 7zz) || exit 3
bsdtar=$("$build/tool-info" --path bsdtar) || exit 3

"$build/corpus-gen" "$spec" "$tmp/tree"
"$build/verify" --print "$tmp/tree" > "$tmp/$name.manifest"

# The entries, relative and sorted, NUL-separated (names may hold spaces and non-ASCII).
(cd "$tmp/tree" && find . -mindepth 1 -print0 | sed -z 's|^\./||' | LC_ALL=C sort -z) > "$tmp/list"

(cd "$tmp/tree" && xargs -0 "$sevenzz" a -t7z -m0=lzma2 -mx=5 -snl -bd -bso0 -bsp0 "$tmp/$name.7z" -- < "$tmp/list")
"$bsdtar" -c -n --null -T "$tmp/list" -C "$tmp/tree" --format zip --options zip:compression=deflate \
	-f "$tmp/$name.zip"
tarit() {
	tar -c -C "$tmp/tree" --no-recursion --null -T "$tmp/list" --owner=0 --group=0 \
		--numeric-owner --format=gnu
}
tarit | gzip -n -6 > "$tmp/$name.tar.gz"
tarit | xz -6 -T1 > "$tmp/$name.tar.xz"

rm -rf "$out/$name.tree"
for f in "$name.7z" "$name.zip" "$name.tar.gz" "$name.tar.xz" "$name.manifest"; do
	mv -f "$tmp/$f" "$out/$f"
done
mv "$tmp/tree" "$out/$name.tree"
