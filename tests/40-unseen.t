#!/bin/sh
# Archives no other test has seen, made here from a tree built by hand with fresh random bytes
# (nested directories, spaces and non-ASCII names, empty files and directories, symlinks, a
# 3 MB random file), by the archivers a user would use: every driver and tool extracts each
# into a tree identical to the source.
. "$(dirname "$0")/lib.sh"

src=$T/src
mkdir -p "$src/docs/2024 reports/Zürich" "$src/empty dir" "$src/a/b/c/d" "$src/日本語"
head -c 3000000 /dev/urandom > "$src/random 3MB.bin"
head -c 5000 /dev/urandom | od -An -tx1 > "$src/docs/2024 reports/Zürich/notes.txt"
: > "$src/docs/empty file"
: > "$src/a/b/c/d/deep empty"
printf 'crème brûlée\n' > "$src/日本語/ファイル.txt"
for i in 1 2 3 4 5; do head -c $((i * 777)) /dev/urandom > "$src/a/b/blob-$i"; done
ln -s "../random 3MB.bin" "$src/docs/link to random"
ln -s "日本語/ファイル.txt" "$src/unicode link"
ln -s "does-not-exist" "$src/dangling link"
"$B/verify" --print "$src" > "$T/src.manifest"
ok $? "the source tree has a manifest"

list() { (cd "$src" && find . -mindepth 1 -print0 | sed -z 's|^\./||' | LC_ALL=C sort -z); }
list > "$T/list"
(cd "$src" && xargs -0 7zz a -t7z -snl -bso0 -bsp0 "$T/fresh.7z" -- < "$T/list")
ok $? "7zz made a 7z archive"
(cd "$src" && xargs -0 7zz a -tzip -snl -bso0 -bsp0 "$T/fresh-7zz.zip" -- < "$T/list")
ok $? "7zz made a zip archive"
bsdtar -c -n --null -T "$T/list" -C "$src" --format zip -f "$T/fresh-bsdtar.zip"
ok $? "bsdtar made a zip archive"
tar -c -C "$src" --no-recursion --null -T "$T/list" | xz -T1 > "$T/fresh.tar.xz"
ok $? "tar | xz made a tar.xz archive"

# A tar.gz with bytes after the tar end marker (GNU tar, bsdtar and libarchive ignore them):
# 7-Zip's reading end stops at the marker and its writing end dies of SIGPIPE, which is no failure.
{ tar -c -C "$src" --no-recursion --null -T "$T/list"; head -c 300000 /dev/urandom; } |
	gzip > "$T/fresh-trailing.tar.gz"
ok $? "made a tar.gz with 300 kB after the tar end marker"
# A zip whose sizes come after the data, with junk after it, so readers must stream it.
printf '%s' "$(head -c 3000 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$T/payload"
mkdir -p "$T/streamed-src" && cp "$T/payload" "$T/streamed-src/streamed.txt"
"$B/verify" --print "$T/streamed-src" > "$T/streamed.manifest"
"$B/mkarchive" zip "$T/fresh-streamed.zip" "u:streamed.txt:$(cat "$T/payload")" &&
	head -c 100000 /dev/urandom >> "$T/fresh-streamed.zip"
ok $? "made a streamed zip (data descriptors, trailing junk)"

manifest_of() {
	case $1 in
	*streamed*) echo "$T/streamed.manifest" ;;
	*) echo "$T/src.manifest" ;;
	esac
}
for a in fresh.7z fresh-7zz.zip fresh-bsdtar.zip fresh.tar.xz fresh-trailing.tar.gz fresh-streamed.zip; do
	for m in $METHODS; do
		for t in $(tools_of $m); do
			rm -rf "$T/out"
			run_driver $m $t "$T/$a" "$T/out" > "$T/log" 2>&1
			ok $? "$m ${t#-} extracts $a" || sed 's/^/# /' "$T/log"
			"$B/verify" "$(manifest_of $a)" "$T/out" > "$T/vlog" 2>&1
			ok $? "$m ${t#-} $a: identical to the source" || sed 's/^/# /' "$T/vlog"
		done
	done
done
# A caller that ignores SIGPIPE (systemd services do) must not turn that into a failure.
for m in $SPAWNING; do
	rm -rf "$T/out"
	(trap '' PIPE; exec "$B/extract-$m" --tool 7zz "$T/fresh-trailing.tar.gz" "$T/out") > /dev/null 2> "$T/log"
	ok $? "$m 7zz: trailing bytes with SIGPIPE ignored by the caller" || sed 's/^/# /' "$T/log"
done
done_testing
