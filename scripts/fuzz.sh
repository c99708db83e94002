#!/bin/sh
# fuzz.sh — run libFuzzer targets, all at once, each for SECONDS, and report what they did.
#
# usage: scripts/fuzz.sh BUILD SECONDS NAME...
#   runs BUILD/fuzz-NAME (built by make fuzz) on BUILD/corpus/NAME/ (kept between runs: the
#   inputs libFuzzer found new coverage with go there) and the seeds in fuzz/seeds/NAME/; a crash
#   input goes to BUILD/crashes/NAME/, the target's output to BUILD/fuzz-NAME.log.  Then prints
#   one line per target: "fuzz: NAME: E executions in S s, C crashes".  libFuzzer stops a target
#   at its first crash (or leak, or input slower than 25 s), so C is 0 or 1.
# example: make fuzz FUZZ_SECONDS=60
#
# Exit status: 0 no target crashed; 1 one or more crashed (each named, with its input and log);
# 2 usage error; 3 a target is missing or did not run.
set -eu

usage() { sed -n '2,11p' "$0" >&2; exit 2; }
[ $# -ge 3 ] || usage
build=$1 seconds=$2
shift 2
case $seconds in '' | *[!0-9]* | 0) echo "fuzz: SECONDS must be a whole number above 0, not '$seconds'" >&2; exit 2 ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
for name in "$@"; do
	[ -x "$build/fuzz-$name" ] || { echo "fuzz: $build/fuzz-$name: not built (run make fuzz)" >&2; exit 3; }
done

# Stopped early, stop the fuzzers too: they are the subshells' children, not ours.
stop() {
	for name in "$@"; do
		[ -r "$build/fuzz-$name.pid" ] && kill "$(cat "$build/fuzz-$name.pid")" 2> /dev/null
	done
	exit 130
}
trap 'stop "$@"' INT TERM HUP
echo "fuzz: running $* for $seconds s each, all at once (output in $build/fuzz-NAME.log)"
for name in "$@"; do
	mkdir -p "$build/corpus/$name" "$build/crashes/$name"
	rm -f "$build/fuzz-$name.status"
	(
		start=$(date +%s)
		st=0
		"$build/fuzz-$name" -max_total_time="$seconds" -timeout=25 -print_final_stats=1 \
			-artifact_prefix="$build/crashes/$name/" "$build/corpus/$name" \
			$([ -d "$top/fuzz/seeds/$name" ] && echo "$top/fuzz/seeds/$name") \
			> "$build/fuzz-$name.log" 2>&1 &
		echo $! > "$build/fuzz-$name.pid"
		wait $! || st=$?
		echo "$st $(($(date +%s) - start))" > "$build/fuzz-$name.status"
	) &
done
wait

crashed=0 broken=0
for name in "$@"; do
	log=$build/fuzz-$name.log
	rm -f "$build/fuzz-$name.pid"
	read -r st secs < "$build/fuzz-$name.status" || { st=-1 secs=0; }
	# The final stats, or on a crash the last progress line ("#1234  NEW ..."), give the count.
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	[ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
	artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
	crashes=0
	if [ -n "$artifact" ] || [ "$st" -ne 0 ]; then
		crashes=1
	fi
	echo "fuzz: $name: ${execs:-0} executions in $secs s, $crashes crashes"
	if [ -n "$artifact" ]; then
		echo "fuzz: $name: crashed on $artifact (rerun: $build/fuzz-$name '$artifact'; log $log)" >&2
		crashed=1
	elif [ "$st" -ne 0 ]; then
		echo "fuzz: $name: exited $st without a crash input: see $log" >&2
		broken=1
	fi
done
[ $broken = 0 ] || exit 3
exit $crashed
