#!/bin/sh
# The Makefile's own promises, checked in a scratch copy of the tree (never in build/): an object
# is rebuilt when a header it includes changes, and only then (-MMD -MP); a change of flags
# (WERROR) rebuilds the objects; warnings are errors in make test only; make clean keeps the
# corpus and build/distro, and a rebuilt generator does not remake the corpus; make distclean
# removes them too, but not while something is mounted below build/distro.
. "$(dirname "$0")/lib.sh"

cd "$T" || exit 1
S=$T/tree
mkdir -p "$S/tests" && cp -R "$TOP/Makefile" "$TOP/src" "$TOP/scripts" "$TOP/fuzz" "$TOP/bench" "$S/" &&
	cp "$TOP"/tests/*.c "$S/tests/" || exit 1
# deps.sh is not run here: its stamp says it has (the real tree's build ran it).
mkdir -p "$S/build" && touch "$S/build/.deps-ok"
# mk ARGS...: make in the scratch tree; FUZZ_CC: no libFuzzer compiler is looked for
mk() {
	FUZZ_CC=/nonexistent make -C "$S" --no-print-directory "$@"
}
# compiled OUTPUT: the objects OUTPUT's compile lines make, by name (tool.o), sorted
compiled() {
	sed -n 's|.* -c -o build/obj/\([^ ]*\) .*|\1|p' "$1" | sort | tr '\n' ' '
}

# --- header dependencies ---------------------------------------------------------------------
mk build/tool-info > log 2>&1
ok $? "a scratch copy builds build/tool-info" || sed 's/^/# /' log
mk -q build/tool-info
ok $? "and then has nothing left to do (make -q)"
# The objects that include tool.h (directly: no header includes it) must be rebuilt, no other.
want=""
for o in "$S"/build/obj/*.o; do
	o=${o##*/}
	! grep -q '^#include "tool.h"' "$S/src/${o%.o}.c" || want="$want$o "
done
touch "$S/src/tool.h"
mk -n build/tool-info > log 2>&1
is "$(compiled log)" "$want" "touching tool.h rebuilds exactly the objects that include it ($want)"
[ "$(ls "$S"/build/obj/*.o | wc -l)" -gt "$(echo $want | wc -w)" ]
ok $? "tool-info also has objects that do not include tool.h, left alone"
mk build/tool-info > /dev/null 2>&1 && mk -q build/tool-info
ok $? "after that rebuild, nothing left to do"
# A header that is gone is no error once no source includes it (-MP), though the old
# dependency lists still name it.
cp "$S/src/procparse.c" procparse.c.orig
: > "$S/src/gone.h"
{ echo '#include "gone.h"'; cat procparse.c.orig; } > "$S/src/procparse.c"
mk build/tool-info > log 2>&1
ok $? "a source that includes a new header builds" || sed 's/^/# /' log
rm -f "$S/src/gone.h" && cp procparse.c.orig "$S/src/procparse.c"
mk build/tool-info > log 2>&1
ok $? "once the header is removed and no longer included, it still builds" || sed 's/^/# /' log

# --- flags: WERROR ---------------------------------------------------------------------------
# A warning of our own making: an unused static function.
printf 'static int shellout_unused(void) { return 0; }\n' >> "$S/src/procparse.c"
mk build/tool-info > log 2>&1
is "$?:$(grep -c 'warning:.*shellout_unused' log)" "0:1" "without WERROR, a warning is only a warning"
mk -q build/tool-info
ok $? "built: nothing left to do"
mk -q build/tool-info WERROR=-Werror
is $? 1 "WERROR=-Werror: the objects are out of date (the flags changed)"
mk build/tool-info WERROR=-Werror > log 2>&1
is "$?:$(grep -c 'error:.*shellout_unused' log)" "2:1" "and rebuilt with it, the warning is an error"
cp procparse.c.orig "$S/src/procparse.c"
# make test builds everything with -Werror unless told otherwise; plain make does not.
mk -n MAKE=true test > log 2>&1
like "$(grep -c -- ' -c -o ' log)" '^[1-9]' "make test would compile something (make -n)"
is "$(grep -- ' -c -o ' log | grep -vc -- ' -Werror ')" 0 "make test compiles everything with -Werror"
mk -n MAKE=true test WERROR= > log 2>&1
is "$(grep -- ' -c -o ' log | grep -c -- '-Werror')" 0 "make test WERROR= compiles without it"
mk -n all > log 2>&1
like "$(grep -c -- ' -c -o ' log)" '^[1-9]' "plain make rebuilds what was built with -Werror"
is "$(grep -- ' -c -o ' log | grep -c -- '-Werror')" 0 "and without -Werror"

# --- clean and distclean ---------------------------------------------------------------------
# A corpus entry made after the generator's sources, a clean room, the other builds' folders.
mkdir -p "$S/build/corpus" "$S/build/distro/trixie/proc" "$S/build-san/obj" "$S/build-fuzz/corpus"
touch "$S/build/corpus/one-1k.stamp" && touch "$S/build/corpus/one-1k.7z" "$S/build/distro/trixie/.shellout-room"
mk clean > log 2>&1
ok $? "make clean" || sed 's/^/# /' log
is "$(cd "$S" && ls -A build build/corpus build/distro | tr '\n' ' ')" \
	"build: corpus distro  build/corpus: one-1k.7z one-1k.stamp  build/distro: trixie " \
	"make clean keeps build/corpus and build/distro, and nothing else of build/"
is "$(cd "$S" && ls -d build-san build-fuzz 2> /dev/null)" "" "make clean removes build-san and build-fuzz"
mk build/corpus-gen build/verify build/tool-info > log 2>&1
ok $? "after make clean, the corpus's programs build again" || sed 's/^/# /' log
mk -n build/corpus/one-1k.7z > log 2>&1
is "$(grep -c make-corpus.sh log)" 0 "and, newer than the corpus, they do not remake it"
touch "$S/src/corpus.c"
mk -n build/corpus/one-1k.7z > log 2>&1
like "$(grep -c make-corpus.sh log)" '^[1-9]' "it is remade when the generator's source changes"
if unshare -m true 2> /dev/null; then
	unshare -m --propagation private sh -c 'mount -t tmpfs none "$1/build/distro/trixie/proc" &&
		FUZZ_CC=/nonexistent make -C "$1" --no-print-directory distclean' sh "$S" > log 2>&1
	is "$?:$(grep -c 'mounted under build/distro' log)" "2:1" "make distclean refuses while something is mounted under build/distro"
	is "$(cd "$S" && ls -A build/corpus build/distro/trixie | tr '\n' ' ')" \
		"build/corpus: one-1k.7z one-1k.stamp  build/distro/trixie: .shellout-room proc " \
		"and removes neither the corpus nor the room"
else
	skip "distclean and mounts (cannot unshare a mount namespace here)"
	skip "distclean and mounts (cannot unshare a mount namespace here)"
fi
mk distclean > log 2>&1
ok $? "make distclean" || sed 's/^/# /' log
is "$(cd "$S" && ls -d build build-san build-fuzz 2> /dev/null)" "" "make distclean leaves no build folder at all"
mk clean > log 2>&1
ok $? "make clean with nothing to remove" || sed 's/^/# /' log
done_testing
