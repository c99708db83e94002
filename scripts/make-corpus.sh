#!/bin/sh
# make-corpus.sh — generate one corpus entry: its tree and manifest, or one of its archives.
#
# usage: scripts/make-corpus.sh SPEC OUTDIR BUILD [FORMAT]
#   SPEC    bench/corpus/NAME.spec (see src/corpus.c for the directives)
#   OUTDIR  where NAME.tree/ and NAME.manifest are (written without FORMAT), and NAME.FORMAT
#   BUILD   the folder holding the corpus-gen, verify and tool-info programs
#   FORMAT  7z, zip, tar.gz or tar.xz: make that archive of NAME.tree/ (made before)
# example: scripts/make-corpus.sh bench/corpus/one-1k.spec build/corpus build &&
#          scripts/make-corpus.sh bench/corpus/one-1k.spec build/corpus build 7z
#
# The tree is deterministic (same spec, same bytes).  The archives are made by the tools a user
# would use: 7z (LZMA2) by 7zz, zip (deflate) by bsdtar (both found by build/tool-info, as the
# drivers find them: on PATH, or where SHELLOUT_TOOL_7ZZ / SHELLOUT_TOOL_BSDTAR say), tar.gz and
# tar.xz by GNU tar with sorted names and fixed owners, gzip -n and xz.  One archive a call, so
# that make makes only the archives a suite names, several at once with -j.  Everything is built
# in a temporary folder and moved into place at the end, so an interrupted run leaves no
# half-made tree or archive behind.  Exit status: 0 made; 1 a tool failed; 2 usage; 3 a tool is
# missing, or FORMAT's tree has not been made.
set -eu

usage() { sed -n '2,11p' "$0" >&2; exit 2; }
[ $# -eq 3 ] || [ $# -eq 4 ] || usage
spec=$1 out=$2 build=$3 fmt=${4-}
case $fmt in "" | 7z | zip | tar.gz | tar.xz) ;; *) usage ;; esac
name=$(basename "$spec" .spec)
mkdir -p "$out"
tmp=$(mktemp -d "$out/.tmp-$name${fmt:+-$fmt}.XXXXXX")
tmp=$(cd "$tmp" && pwd)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "$fmt" ]; then
	"$build/corpus-gen" "$spec" "$tmp/tree"
	"$build/verify" --print "$tmp/tree" > "$tmp/$name.manifest"
	rm -rf "$out/$name.tree"
	mv -f "$tmp/$name.manifest" "$out/$name.manifest"
	mv "$tmp/tree" "$out/$name.tree"
	exit 0
fi

tree=$out/$name.tree
[ -d "$tree" ] || { echo "make-corpus: $tree: no tree (make it first: without FORMAT)" >&2; exit 3; }
# The entries, relative and sorted, NUL-separated (names may hold spaces and non-ASCII).
(cd "$tree" && find . -mindepth 1 -print0 | sed -z 's|^\./||' | LC_ALL=C sort -z) > "$tmp/list"
# tarit COMPRESSOR...: the tree as a GNU tar, through COMPRESSOR; fails if either fails (no
# pipefail in POSIX sh: tar's status is kept in a file).
tarit() {
	{ tar -c -C "$tree" --no-recursion --null -T "$tmp/list" --owner=0 --group=0 \
		--numeric-owner --format=gnu || echo $? > "$tmp/tar.failed"; } | "$@" > "$tmp/$name.$fmt"
	[ ! -e "$tmp/tar.failed" ]
}
case $fmt in
7z)
	# Resolved before any work: a missing tool is exit 3 with the resolver's own line.
	sevenzz=$("$build/tool-info" --path 7zz) || exit 3
	(cd "$tree" && xargs -0 "$sevenzz" a -t7z -m0=lzma2 -mx=5 -snl -bd -bso0 -bsp0 "$tmp/$name.7z" -- \
		< "$tmp/list") ;;
zip)
	bsdtar=$("$build/tool-info" --path bsdtar) || exit 3
	"$bsdtar" -c -n --null -T "$tmp/list" -C "$tree" --format zip --options zip:compression=deflate \
		-f "$tmp/$name.zip" ;;
tar.gz) tarit gzip -n -6 ;;
tar.xz) tarit xz -6 -T1 ;;
esac
mv -f "$tmp/$name.$fmt" "$out/$name.$fmt"
