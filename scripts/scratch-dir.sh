#!/bin/sh
# scratch-dir.sh — make a temporary directory for OUTDIRs and print its path: on tmpfs when the
# drivers can reuse an OUTDIR there, else under ${TMPDIR:-/tmp}.
#
# usage: scripts/scratch-dir.sh NAME [BUILD]     (BUILD: the programs' folder, default build)
# example: T=$(scripts/scratch-dir.sh shellout-test)
#
# Why: this VM's disk creates files about 30 times more slowly than tmpfs, which matters for the
# many-files archive.  But a driver reuses a non-empty OUTDIR only if an earlier run marked it
# with a user extended attribute, which tmpfs supports only since Linux 6.6; the probe below runs
# a driver twice into the same directory to find out.  The caller removes the directory.
set -eu
[ $# -ge 1 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
build=${2:-$top/build}
archive=$top/build/corpus/one-1k.7z

if [ -d /dev/shm ] && [ -w /dev/shm ] && [ -f "$archive" ]; then
	d=$(mktemp -d "/dev/shm/$1.XXXXXX")
	if "$build/extract-spawn" --tool true "$archive" "$d/probe" > /dev/null 2>&1 &&
		: > "$d/probe/left-over" &&
		"$build/extract-spawn" --tool true "$archive" "$d/probe" > /dev/null 2>&1; then
		rm -rf "$d/probe"
		echo "$d"
		exit 0
	fi
	rm -rf "$d"
fi
mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX"
