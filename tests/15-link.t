#!/bin/sh
# The build's promises: every src/drv_*.c became a driver, and each driver loads exactly the
# libraries of the pkg-config modules it declares (its .links line, which --describe prints and
# the Makefile links it with), besides the C library and the sanitizers' runtimes: a driver that
# spawns a tool does not load libarchive (its start-up is not charged for it), an in-process
# one does.
. "$(dirname "$0")/lib.sh"

for f in "$TOP"/src/drv_*.c; do
	m=$(basename "$f" .c)
	m=${m#drv_}
	test -x "$B/extract-$m"
	ok $? "src/drv_$m.c was built into extract-$m"
done
for m in $METHODS; do
	links=$("$B/extract-$m" --describe | perl -MJSON::PP -0777 -ne 'print join " ", @{decode_json($_)->{links}}')
	declared=$(sed -n 's/^[[:space:]]*\.links[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' "$TOP/src/drv_$m.c")
	is "$links" "$declared" "extract-$m: --describe's links are its source's one .links line (${links:-none})"
	# the libraries those modules stand for (-lNAME), and those the program needs (libNAME.so.N)
	want=$([ -z "$links" ] || pkg-config --libs-only-l $links | tr ' ' '\n' | sed -n 's/^-l//p' | sort -u)
	needed=$(readelf -d "$B/extract-$m" | sed -n 's/.*(NEEDED).*\[lib\([^.]*\)\..*/\1/p' |
		grep -vx -e c -e asan -e ubsan -e m -e pthread -e dl -e rt -e gcc_s -e stdc++ | sort -u)
	is "$(echo $needed)" "$(echo $want)" "extract-$m loads the libraries of its declared modules, no other"
	readelf -d "$B/extract-$m" | grep -q 'NEEDED.*libarchive'
	if in_process "$m"; then
		ok $? "extract-$m (in-process) links libarchive"
	else
		is $? 1 "extract-$m (spawning) does not link libarchive"
	fi
done
done_testing
