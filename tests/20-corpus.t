#!/bin/sh
# The corpus generator is deterministic, and the verifier tells a matching tree from a
# different one, naming the difference.
. "$(dirname "$0")/lib.sh"

for name in one-1k many-files; do
	"$B/corpus-gen" "$TOP/bench/corpus/$name.spec" "$T/a-$name" &&
		"$B/corpus-gen" "$TOP/bench/corpus/$name.spec" "$T/b-$name"
	ok $? "corpus-gen makes $name twice"
	"$B/verify" --print "$T/a-$name" > "$T/a.manifest"
	"$B/verify" --print "$T/b-$name" > "$T/b.manifest"
	cmp -s "$T/a.manifest" "$T/b.manifest"
	ok $? "$name: the same spec gives the same tree, byte for byte"
	cmp -s "$T/a.manifest" "$C/$name.manifest"
	ok $? "$name: and the same as the corpus in build/corpus"
done

m=$C/many-files.manifest
is "$(wc -l < "$m" | tr -d ' ')" 1237 "many-files: 1200 files, 1 top file, 2 links, 34 directories"
is "$(grep -c '^f' "$m")" 1201 "many-files has 1201 regular files"
like "$(grep -c '^f	0	' "$m")" '^2[0-9]$' "many-files has empty files"
like "$(grep -c '^l' "$m")" '^2$' "many-files has symlinks"
like "$(grep '^d' "$m" | grep -c 'empty')" '^[4-9]$' "many-files has empty directories"
like "$(grep -c ' ' "$m")" '^[0-9]{3,}$' "many-files has names with spaces"
like "$(LC_ALL=C grep -c "$(printf '\303')" "$m")" '^[0-9]{2,}$' "many-files has non-ASCII names"
sizes=$(awk -F'\t' '$1 == "f" && $4 ~ /^tree\// && $2 > 0 { if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2 } END { print min, max }' "$m")
like "$sizes" '^(10[2-9][0-9]|1[1-9][0-9]{2}) (8[01][0-9]{2})$' "many-files sizes lie in 1-8 KiB ($sizes)"

"$B/corpus-gen" "$TOP/bench/corpus/one-1k.spec" "$T/a-one-1k" 2> "$T/err"
is $? 3 "corpus-gen refuses to write into a non-empty directory (exit 3)"
printf 'text 1K\n' > "$T/bad.spec"
"$B/corpus-gen" "$T/bad.spec" "$T/bad" 2> "$T/err"
is $? 3 "corpus-gen: a bad spec line exits 3 (a malformed input file)"
like "$(cat "$T/err")" 'bad.spec:1: bad directive' "and names the file and line"

# The verifier: a match, then one change of each kind.
tree=$T/a-many-files
"$B/verify" "$m" "$tree"
ok $? "verify: the generated tree matches"
f=$(ls "$tree"/tree/file-0004.txt)
printf 'X' | dd of="$f" bs=1 seek=10 conv=notrunc 2>/dev/null
"$B/verify" "$m" "$tree" 2> "$T/err"
is $? 1 "verify: a changed byte fails (exit 1)"
like "$(cat "$T/err")" 'content differs: tree/file-0004.txt' "and names the file"
rm -rf "$tree" && "$B/corpus-gen" "$TOP/bench/corpus/many-files.spec" "$tree"
printf 'more' >> "$tree/tree/file-0004.txt"
"$B/verify" "$m" "$tree" 2> "$T/err"
like "$(cat "$T/err")" 'size differs: tree/file-0004.txt' "verify: a longer file is named"
rm "$tree/top-level empty file"
touch "$tree/stray file"
"$B/verify" "$m" "$tree" 2> "$T/err"
like "$(cat "$T/err")" 'missing: top-level empty file' "verify: a missing file is named"
like "$(cat "$T/err")" 'extra: stray file' "verify: an extra file is named"
rm -rf "$tree" && "$B/corpus-gen" "$TOP/bench/corpus/many-files.spec" "$tree"
rmdir "$tree/an empty directory" && touch "$tree/an empty directory"
"$B/verify" "$m" "$tree" 2> "$T/err"
like "$(cat "$T/err")" 'type differs: an empty directory' "verify: a file for a directory is named"
rm -rf "$tree" && "$B/corpus-gen" "$TOP/bench/corpus/many-files.spec" "$tree"
rm "$tree/link into tree" && ln -s tree/file-0003.txt "$tree/link into tree"
"$B/verify" "$m" "$tree" 2> "$T/err"
like "$(cat "$T/err")" 'link differs: link into tree' "verify: a changed symlink target is named"
"$B/verify" "$T/nonexistent.manifest" "$tree" 2> "$T/err"
is $? 3 "verify: an unreadable manifest exits 3"
"$B/verify" "$m" 2> "$T/err"
is $? 2 "verify: a usage error exits 2"
done_testing
