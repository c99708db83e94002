#!/bin/sh
# Every driver x every tool x every small corpus archive extracts a tree identical to the source.
# Two iterations each, so the second also proves OUTDIR is emptied between them.
. "$(dirname "$0")/lib.sh"

for name in one-1k many-files text-64k; do
	for fmt in 7z zip tar.gz tar.xz; do
		a=$C/$name.$fmt
		for m in $METHODS; do
			for t in $(tools_of $m); do
				rm -rf "$T/out"
				run_driver $m $t -n 2 "$a" "$T/out" > "$T/log" 2>&1
				ok $? "$m ${t#-} extracts $name.$fmt"
				"$B/verify" "$C/$name.manifest" "$T/out" > "$T/vlog" 2>&1
				ok $? "$m ${t#-} $name.$fmt: tree matches the manifest" || sed 's/^/# /' "$T/vlog" "$T/log"
			done
		done
	done
done
done_testing
