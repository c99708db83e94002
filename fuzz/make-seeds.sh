#!/bin/sh
# make-seeds.sh — re-record the manifest seeds that come from real trees: the small corpus
# manifests as make-corpus.sh wrote them, the first lines of many-files' (a whole one is 127 KB,
# too big to mutate fast), and the manifest of a made tree with every entry type and every
# escaped character.  The other seeds in fuzz/seeds/ are written by hand and kept as they are.
#
# usage: fuzz/make-seeds.sh [BUILD]   (after make corpus-small; BUILD defaults to build)
# example: make corpus-small && fuzz/make-seeds.sh && git diff --stat fuzz/seeds
#
# Exit status: 0 written; 3 the corpus or build/verify is missing.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/${1:-build}
out=$top/fuzz/seeds/manifest
corpus=$top/build/corpus
for f in "$build/verify" "$corpus/one-1k.manifest" "$corpus/text-64k.manifest" \
	"$corpus/many-files.manifest"; do
	[ -e "$f" ] || { echo "make-seeds: $f is missing: run make corpus-small" >&2; exit 3; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/make-seeds.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$out"
cp "$corpus/one-1k.manifest" "$corpus/text-64k.manifest" "$out/"
# Sorted by path, so the first lines hold every directory above their entries.
head -n 40 "$corpus/many-files.manifest" > "$out/many-files-head.manifest"

t=$tmp/tree
mkdir -p "$t/dir/sub" "$t/dir-2" "$t/empty dir"
printf 'hello\n' > "$t/dir/a file"
: > "$t/dir/sub/empty"
printf 'x' > "$t/tab	and
newline \\ backslash"
ln -s ../dir/a\ file "$t/dir-2/link"
ln -s 'target	with tab' "$t/dir/dangling"
mkfifo "$t/dir/fifo"
"$build/verify" --print "$t" > "$out/every-type.manifest"
