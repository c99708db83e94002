#!/bin/sh
# The fuzz targets (fuzz/fuzz_NAME.c) built with the standalone main that make test links them
# with: every target of fuzz/ is built, and its seeds run through it without a crash (under
# ASan+UBSan in build-san).  The long runs are make fuzz's, not this test's.
. "$(dirname "$0")/lib.sh"

for src in "$TOP"/fuzz/fuzz_*.c; do
	name=${src##*/fuzz_}
	name=${name%.c}
	prog=$B/fuzz-$name
	test -x "$prog"
	ok $? "fuzz/fuzz_$name.c is built as $(basename "$B")/fuzz-$name" || continue
	seeds=$TOP/fuzz/seeds/$name
	if [ ! -d "$seeds" ]; then
		ok 1 "fuzz/seeds/$name/ holds its seeds"
		continue
	fi
	n=$(find "$seeds" -type f | wc -l | tr -d ' ')
	"$prog" "$seeds" > "$T/out" 2> "$T/err"
	ok $? "fuzz-$name runs its $n seeds without a crash" || sed 's/^/# /' "$T/err" | tail -n 20
	is "$(cat "$T/out")" "fuzz-$name: $n inputs" "fuzz-$name: every seed was run"
done

# The standalone main refuses what it cannot read, naming it (exit 3); no arguments is usage.
"$B/fuzz-manifest" "$T/nonexistent" 2> "$T/err"
is $? 3 "fuzz-manifest: an input it cannot read exits 3"
like "$(cat "$T/err")" "^fuzz-manifest: $T/nonexistent: No such file" "and names it"
"$B/fuzz-manifest" 2> /dev/null
is $? 2 "fuzz-manifest: no input is a usage error"

# The manifest seeds are what they say: bad-* are refused (exit 3), the others are read.
for m in "$TOP"/fuzz/seeds/manifest/*; do
	"$B/verify" --check "$m" 2> /dev/null
	st=$?
	case ${m##*/} in
	bad-*) is $st 3 "verify --check refuses the seed ${m##*/}" ;;
	*) is $st 0 "verify --check reads the seed ${m##*/}" ;;
	esac
done

# make fuzz's compiler: one that links -fsanitize=fuzzer, or a one-line refusal (exit 1).
FUZZ_CC=/bin/false "$TOP/scripts/fuzz-cc.sh" > "$T/out" 2> "$T/err"
is "$?:$(cat "$T/out")" "1:" "fuzz-cc.sh: a FUZZ_CC that cannot link a fuzzer is refused"
like "$(cat "$T/err")" "^fuzz-cc: no C compiler that links -fsanitize=fuzzer among: /bin/false$" \
	"in one line naming what was tried"
FUZZ_CC=/bin/false "$TOP/scripts/deps.sh" --check --fuzz 2> "$T/err"
is $? 1 "deps.sh --check --fuzz: the need is checked by what the compiler does, not a package"
like "$(cat "$T/err")" "missing: fuzzer:clang \(package clang\+libclang-rt-dev" "and names the packages"
"$TOP/scripts/fuzz.sh" "$B" 0 manifest 2> "$T/err"
is $? 2 "fuzz.sh: 0 seconds is a usage error"
done_testing
