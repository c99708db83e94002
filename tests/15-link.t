#!/bin/sh
# The build's promises: every src/drv_*.c became a driver, and the drivers that spawn a tool
# do not load libarchive (their start-up is not charged for it) while the in-process one does.
. "$(dirname "$0")/lib.sh"

for f in "$TOP"/src/drv_*.c; do
	m=$(basename "$f" .c)
	m=${m#drv_}
	test -x "$B/extract-$m"
	ok $? "src/drv_$m.c was built into extract-$m"
done
for m in fork vfork spawn; do
	readelf -d "$B/extract-$m" | grep -q 'NEEDED.*libarchive'
	is $? 1 "extract-$m does not link libarchive"
done
readelf -d "$B/extract-libarchive" | grep -q 'NEEDED.*libarchive'
ok $? "extract-libarchive links libarchive"
done_testing
