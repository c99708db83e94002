#!/bin/sh
# fuzz-cc.sh — name the C compiler that builds libFuzzer targets: the first of $FUZZ_CC (if set,
# the only one tried), clang, and clang-NN on PATH (newest first) that compiles and links a
# target with -fsanitize=fuzzer,address,undefined.  Debian's clang needs libclang-rt-dev for it.
#
# usage: scripts/fuzz-cc.sh        prints the compiler's name on stdout
# example: scripts/fuzz-cc.sh; FUZZ_CC=clang-19 scripts/fuzz-cc.sh   (make fuzz runs it)
#
# Exit status: 0 found (printed); 1 none here (one line on stderr says what was tried).
set -eu

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-cc.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/t.c" <<'C'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return (void)data, (int)(size & 0); }
C

if [ -n "${FUZZ_CC:-}" ]; then
	candidates=$FUZZ_CC
else
	# every clang-NN in a PATH directory, newest first: Debian installs clang-14, clang-19, ...
	candidates="clang $( (IFS=:; for d in $PATH; do ls "${d:-.}" 2>/dev/null; done) |
		grep -E '^clang-[0-9]+$' | sort -u -t- -k2,2rn)"
fi
for cc in $candidates; do
	command -v "$cc" > /dev/null 2>&1 || continue
	if "$cc" -fsanitize=fuzzer,address,undefined -o "$tmp/t" "$tmp/t.c" > /dev/null 2>&1; then
		echo "$cc"
		exit 0
	fi
done
echo "fuzz-cc: no C compiler that links -fsanitize=fuzzer among: $(echo $candidates)" >&2
exit 1
