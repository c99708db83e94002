#!/bin/sh
# A full file system is a failed extraction, never an "ok": every driver and tool, extracting
# many-files (about 5 MiB) into a 1 MiB tmpfs, exits 1 with status=error and one line naming
# the archive and the reason.  libarchive returns ARCHIVE_WARN ("Write failed") on ENOSPC, which
# the in-process driver once took for success (issue 9, B1).
. "$(dirname "$0")/lib.sh"

if ! unshare -m true 2> /dev/null; then
	skip "a full file system (cannot unshare a mount namespace here)"
	done_testing
	exit
fi
cd "$T" || exit 1
mkdir small
for m in $METHODS; do
	for t in $(tools_of $m); do
		# A private mount: the 1 MiB tmpfs exists only for this one driver run.
		unshare -m sh -c 'mount -t tmpfs -o size=1M shellout-full "$1" && shift && exec "$@"' sh "$T/small" \
			"$TOP/tests/run-driver" $m $t --csv "$C/many-files.7z" "$T/small/out" > csv 2> err
		rc=$?
		is "$rc" 1 "$m ${t#-}: extracting into a full file system exits 1" || sed 's/^/# /' err
		is "$(col status csv | sort -u)" error "$m ${t#-}: and its record says status=error"
		is "$(wc -l < err | tr -d ' ')" 1 "$m ${t#-}: one line on stderr"
		like "$(cat err)" "many-files.7z: " "$m ${t#-}: naming the archive"
	done
done
# The in-process driver names the call and the library's words.
unshare -m sh -c 'mount -t tmpfs -o size=1M shellout-full "$1" && shift && exec "$@"' sh "$T/small" \
	"$B/extract-libarchive" "$C/many-files.7z" "$T/small/out" 2> err
like "$(cat err)" "archive_write_(data_block|header|finish_entry).*: (Write failed|.*No space left on device)" \
	"libarchive: the failing call and libarchive's own words" || sed 's/^/# /' err
done_testing
