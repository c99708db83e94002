#!/bin/sh
# Process hygiene and the measurement contract: --timeout kills and reaps (pipe partner too);
# SIGINT/SIGTERM leave no stray child; children inherit only fds 0-2; the ballast reaches its
# size; --child-rss measures the tool, not the parent; the CSV has the contract's columns and
# one record per iteration; an archive named like a switch is a file name.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1

# A tar.gz that inflates to 4 GiB of zeros: slow to extract (seconds even for bsdtar, which
# writes it sparse: the timeouts below are a fraction of that).
make_bomb bomb.tar.gz
bomb=$T/bomb.tar.gz

# --- timeout -----------------------------------------------------------------------------------
for m in $METHODS; do
	for t in $(tools_of $m); do
		rm -rf out
		timeout 60 "$TOP/tests/run-driver" $m $t --csv --timeout 0.3 "$bomb" out > csv 2> err
		is $? 1 "$m ${t#-}: --timeout 0.3 on a 4 GiB bomb exits 1"
		is "$(col status csv | tail -n 1)" timeout "$m ${t#-}: the record says status=timeout"
		like "$(cat err)" "bomb.tar.gz: timed out" "$m ${t#-}: stderr says it timed out"
		is "$(processes_matching "$bomb")" 0 "$m ${t#-}: no child left running"
		! in_process $m || like "$(cat err)" "timed out in zeros" "$m: the timeout names the entry"
	done
done
"$B/extract-spawn" --tool 7zz --timeout 0.3 "$bomb" out 2> err
like "$(cat err)" "both children killed and reaped" "7zz on a tar.gz: both ends of the pipe are killed"

# --- SIGINT and SIGTERM -------------------------------------------------------------------------
# Background jobs of sh start with SIGINT ignored; perl restores the default before exec.
for sig in TERM:15 INT:2; do
	num=${sig#*:} sig=${sig%:*}
	for m in $SPAWNING; do
		rm -rf out
		perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' "$B/extract-$m" --tool 7zz "$bomb" out 2> err &
		pid=$!
		wait_children $pid 2 7zz
		is "$(pgrep -P $pid | wc -l | tr -d ' ')" 2 "$m: both children of the pipeline are running"
		kill -s $sig $pid
		{ wait $pid; } 2>/dev/null
		rc=$?
		want=$((128 + num))
		is $rc $want "$m: SIG$sig ends the driver by that signal (status $want)"
		is "$(processes_matching "$bomb")" 0 "$m: SIG$sig leaves no child running"
		like "$(cat err)" "interrupted by .*; children killed and reaped" "$m: SIG$sig: says what it did"
	done
done

# SIGHUP too (a closed terminal); and a signal the caller ignores stays ignored.
rm -rf out
"$B/extract-spawn" --tool bsdtar "$bomb" out 2> err &
pid=$!
wait_children $pid 1 bsdtar
kill -s HUP $pid
{ wait $pid; } 2>/dev/null
is $? 129 "SIGHUP ends the driver by that signal"
is "$(processes_matching "$bomb")" 0 "SIGHUP leaves no child running"
rm -rf out
sh -c 'trap "" INT; exec "$0" --tool bsdtar --timeout 1.5 "$1" out' "$B/extract-spawn" "$bomb" 2> err &
pid=$!
wait_children $pid 1 bsdtar
kill -s INT $pid
# An ignored signal is discarded when it is sent: the driver, alive when kill returned, got it
# while it ran; it went on if what it says in the end is its timeout, not an interruption.
alive $pid
went=$?
{ wait $pid; } 2>/dev/null
rc=$?
[ $went -eq 0 ] && grep -q 'timed out' err && ! grep -q interrupted err
ok $? "an ignored SIGINT stays ignored: the driver goes on" || sed 's/^/# /' err
is $rc 1 "and ends by its own timeout"
is "$(processes_matching "$bomb")" 0 "leaving no child running"

# --- descriptors --------------------------------------------------------------------------------
# fd_report PID: one line per descriptor of PID, "fd -> target", with pipe ids made generic.
fd_report() {
	for f in /proc/$1/fd/*; do
		printf '%s -> %s\n' "${f##*/}" "$(readlink "$f" | sed 's/pipe:\[[0-9]*\]/pipe/')"
	done
}
for m in $SPAWNING; do
	for t in bsdtar 7zz; do
		rm -rf out
		"$B/extract-$m" --tool $t "$bomb" out 7> marker 8< /dev/null 2> err &
		pid=$!
		want=1
		[ $t = 7zz ] && want=2
		wait_children $pid $want $t # by name: exec'd, so these are the tool's descriptors
		kids=$(pgrep -P $pid | sort -n)
		: > fds
		for k in $kids; do
			fd_report "$k" > "fds.$k"
			cat "fds.$k" >> fds
		done
		kill $pid
		{ wait $pid; } 2>/dev/null
		is "$(echo $kids | wc -w | tr -d ' ')" $want "$m $t: $want child(ren) seen"
		! grep -q -e marker -e '^[78] ' fds
		ok $? "$m $t: descriptors the driver inherited are not passed on" || sed 's/^/# /' fds
		is "$(grep -c 'memfd:shellout-child-log' fds)" $want "$m $t: each child has the log as fd 2 only" || sed 's/^/# /' fds
		for k in $kids; do
			like "$(grep -c -e '^[012] ' "fds.$k")" '^3$' "$m $t: child has fds 0, 1 and 2"
		done
		if [ $t = 7zz ]; then
			first=$(echo $kids | cut -d' ' -f1) second=$(echo $kids | cut -d' ' -f2)
			is "$(grep pipe "fds.$first" | cut -d' ' -f1 | tr '\n' ' ')" "1 " "$m: the unpacking child holds only the write end, as stdout"
			is "$(grep pipe "fds.$second" | cut -d' ' -f1 | tr '\n' ' ')" "0 " "$m: the untar child holds only the read end, as stdin"
		fi
	done
done

# --- ballast ------------------------------------------------------------------------------------
"$B/extract-spawn" --tool true -b 256M --csv "$C/one-1k.7z" out > csv 2> err
ok $? "a 256 MiB ballast runs"
like "$(col self_maxrss_kb csv)" '^(2[5-9][0-9]|[3-9][0-9]{2})[0-9]{3}$' "self_maxrss_kb shows the ballast resident ($(col self_maxrss_kb csv) kB)"
is "$(col ballast_bytes csv)" 268435456 "ballast_bytes is the size asked for"
# Launched by a large process: our own peak, not the launcher's (ru_maxrss would hold it).
perl -e '$x = "a" x 300_000_000; exit system @ARGV' -- "$B/extract-spawn" --tool true --csv "$C/one-1k.7z" out > csv
like "$(col self_maxrss_kb csv)" '^[0-9]{3,5}$' "self_maxrss_kb is the driver's own peak, not its 300 MB launcher's ($(col self_maxrss_kb csv) kB)"
is "$(cat err)" "" "no warning: VmRSS reached the ballast"
"$B/extract-spawn" --tool true -b 64M --thp --csv "$C/one-1k.7z" out > csv 2> err
ok $? "a huge-page ballast runs"
is "$(col thp csv)" 1 "thp column is 1"
"$B/extract-spawn" --tool true -b 100000G "$C/one-1k.7z" out 2> err
is $? 3 "a ballast beyond MemAvailable exits 3"
like "$(cat err)" "exceeds MemAvailable" "and says why"

# --- child RSS ----------------------------------------------------------------------------------
# The tool is attached after its launch (the same way for every method), so a tool that ends
# within that moment is not measured: many-files keeps 7-Zip busy for tens of milliseconds,
# one-1k for about one, which a loaded machine can lose five times in a row.
for m in $SPAWNING; do
	for t in 7zz 7z; do
		"$B/extract-$m" --tool $t --child-rss -b 512M -n 10 --csv "$C/many-files.7z" out > csv 2> err
		ok $? "$m $t: --child-rss with a 512 MiB ballast runs" || sed 's/^/# /' err
		raw=$(col child_maxrss_kb csv | sort -n | head -n 1)
		own=$(col child_rss_kb csv | sort -n | tail -n 1)
		like "$raw" '^[0-9]{6,}$' "$m $t: the raw wait4 maxrss is inflated by the parent ($raw kB)"
		like "$own" '^[0-9]{3,5}$' "$m $t: child_rss_kb is the tool's own few MB ($own kB)"
	done
done
"$B/extract-spawn" --tool 7zz --child-rss -n 5 "$C/many-files.7z" out > human
like "$(cat human)" 'child_rss median [0-9]{3,5} kB \([1-5] of 5 measured\)$' "without --csv the summary gives the child's peak"

"$B/extract-spawn" --tool 7zz --child-rss -n 10 --csv "$C/many-files.tar.xz" out > csv
is "$(col procs csv | sort -u)" 2 "a pipeline counts two children"
like "$(col child_rss_kb csv | sort -n | tail -n 1)" '^[0-9]{3,6}$' "a pipeline reports both children's peak"
"$B/extract-spawn" --tool 7zz --csv "$C/one-1k.7z" out > csv
is "$(col child_rss_kb csv)" "" "without --child-rss the column is empty"
"$B/extract-libarchive" --csv "$C/one-1k.7z" out > csv
is "$(col child_maxrss_kb csv),$(col child_rss_kb csv),$(col procs csv),$(col tool csv)" ",,0,libarchive" \
	"in-process: no child columns, tool is libarchive"

# --- CSV ----------------------------------------------------------------------------------------
contract="method tool archive archive_bytes ballast_bytes thp iter wall_ns user_us sys_us self_maxrss_kb child_maxrss_kb child_rss_kb minflt majflt nvcsw nivcsw status tool_path kind"
cp "$C/one-1k.7z" "a,b \"c\".7z"
for m in $METHODS; do
	t=$(tools_of $m | cut -d' ' -f1)
	run_driver $m $t -n 3 -w 2 --csv "a,b \"c\".7z" out > csv
	ok $? "$m: --csv runs"
	header=$(head -n 1 csv)
	missing=""
	for c in $contract; do
		echo ",$header," | grep -q ",$c," || missing="$missing $c"
	done
	is "$missing" "" "$m: the header has every contract column"
	is "$(wc -l < csv | tr -d ' ')" 4 "$m: one header and one record per timed iteration (warm-ups not printed)"
	csv_tsv csv | awk -F'\t' '{ print NF }' | sort -u > nf
	is "$(cat nf)" "$(echo "$header" | awk -F, '{ print NF }')" "$m: every record has as many fields as the header"
	csv_tsv csv | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ print $c["method"], $c["archive"], $c["iter"], $c["status"] }' > recs
	is "$(tr '\n' '|' < recs)" "$m a,b \"c\".7z 1 ok|$m a,b \"c\".7z 2 ok|$m a,b \"c\".7z 3 ok|" \
		"$m: method, archive (CSV-quoted), iter and status are right"
	want_path=$([ "$t" = - ] || "$B/tool-info" --path "$t")
	is "$(col tool_path csv | sort -u)" "$want_path" "$m: tool_path is the resolved program (build/tool-info --path)"
	is "$(head -n 1 csv | sed 's/.*,//')" kind "$m: kind is the last column"
	is "$(col kind csv | sort -u)" "$(if in_process $m; then echo in-process; else echo spawning; fi)" \
		"$m: kind is the driver's, as --describe says"
	like "$(col wall_ns csv | sort -n | head -n 1)" '^[1-9][0-9]{3,}$' "$m: wall_ns is positive"
	is "$(col archive_bytes csv | sort -u)" "$(wc -c < "$C/one-1k.7z" | tr -d ' ')" "$m: archive_bytes is the archive's size"
done
"$B/extract-spawn" --tool 7zz "$C/one-1k.7z" out > human
like "$(cat human)" '^spawn 7zz .*one-1k.7z: 1 iteration, wall median [0-9.]+ ms' "without --csv: a one-line human summary"

# --- --verify ---------------------------------------------------------------------------------
for m in $METHODS; do
	t=$(tools_of $m | cut -d' ' -f1)
	rm -rf out
	run_driver $m $t -n 2 -w 1 --verify "$C/many-files.manifest" "$C/many-files.tar.xz" out > /dev/null 2> err
	ok $? "$m: --verify passes a right tree" || sed 's/^/# /' err
	run_driver $m $t -n 2 --csv --verify "$C/one-1k.manifest" "$C/many-files.tar.xz" out > csv 2> err
	is $? 1 "$m: --verify against the wrong manifest exits 1"
	is "$(col status csv)" mismatch "$m: one record, status=mismatch, then it stops"
	like "$(cat err)" "many-files.tar.xz: extracted tree differs from .*one-1k.manifest: verify: .*: (extra|missing): " \
		"$m: one line naming the archive, the manifest and the first difference"
	is "$(wc -l < err | tr -d ' ')" 1 "$m: just that line"
done
rm -rf out
"$B/extract-spawn" --csv --verify "$T/nonexistent.manifest" "$C/one-1k.7z" out > csv 2> err
is $? 3 "--verify with a missing manifest: exit 3 (an input file missing)"
like "$(cat err)" "--verify: .*nonexistent.manifest: not a readable manifest" "and names the manifest"
test ! -e out
ok $? "before OUTDIR is even made"
printf 'not\ta manifest\n' > bad.manifest
"$B/extract-spawn" --csv --verify bad.manifest "$C/one-1k.7z" out > csv 2> err
is $? 3 "--verify with a malformed manifest: exit 3, before any extraction"
is "$(cat csv)" "" "no CSV at all"
like "$(cat err)" "bad.manifest:1: .+" "verify's words name the file and line"
mkdir -p mydocs
"$B/extract-spawn" --verify bad.manifest "$C/one-1k.7z" mydocs 2> /dev/null
echo "thesis" > mydocs/thesis.txt
"$B/extract-spawn" --tool true "$C/one-1k.7z" mydocs 2> /dev/null
is $? 2 "a refused run does not claim its OUTDIR: a later run will not empty it"
is "$(cat mydocs/thesis.txt)" thesis "and the user's file is still there"
cp "$C/one-1k.manifest" ./-m.manifest
rm -rf out
"$B/extract-libarchive" --verify -m.manifest "$C/one-1k.7z" out > /dev/null 2> err
ok $? "--verify with a manifest named -m.manifest" || sed 's/^/# /' err

# SIGTERM while verify runs: verify is killed and reaped too.  A real verify could end before
# the signal comes; so the driver (a copy of it: it runs the verify found beside itself) gets a
# stand-in that checks the manifest with the real one, then, for the tree, says it has started
# (a file) and blocks opening a FIFO nobody writes: it runs until the driver kills it.
V=$T/vbin
mkdir "$V" && cp "$B/extract-libarchive" "$V/" && mkfifo "$V/gate" || exit 1
cat > "$V/verify" << VERIFY
#!/bin/sh
[ "\$1" = --check ] && exec "$B/verify" "\$@"
echo \$\$ > "$V/started"
read -r line < "$V/gate"
exec "$B/verify" "\$@"
VERIFY
chmod +x "$V/verify"
cp "$C/one-1k.manifest" big.manifest
rm -rf out
"$V/extract-libarchive" --verify big.manifest "$C/one-1k.7z" out 2> err &
pid=$!
wait_for test -s "$V/started"
pgrep -P $pid -x verify > /dev/null
ok $? "verify runs as the driver's child"
kill -s TERM $pid
{ wait $pid; } 2>/dev/null
is $? 143 "SIGTERM during verify ends the driver by that signal"
is "$(processes_matching "verify $T/big.manifest")" 0 "and leaves no verify running" ||
	kill -KILL "$(cat "$V/started")"
rm -rf out "$V"

# --- an archive named like a switch -------------------------------------------------------------
mkdir dash && cp "$C/one-1k.7z" dash/-ofoo.7z && cp "$C/one-1k.tar.xz" dash/-ofoo.tar.xz
for t in 7z 7zz bsdtar; do
	for a in -ofoo.7z -ofoo.tar.xz; do
		rm -rf dash/out
		(cd dash && "$B/extract-spawn" --tool $t -- "$a" out > /dev/null 2> ../err)
		ok $? "$t extracts an archive named $a (after --)" || sed 's/^/# /' err
		"$B/verify" "$C/one-1k.manifest" dash/out > /dev/null 2>&1
		ok $? "$t $a: the tree is right"
		test ! -e dash/foo.7z && test ! -e dash/foo.tar.xz
		ok $? "$t $a: the name was not taken for -o"
	done
done
done_testing
