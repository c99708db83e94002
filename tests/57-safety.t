#!/bin/sh
# The harness runs as root: it writes and deletes nothing outside what it was given, leaves
# nothing running, and every deadline holds (issue 9: B2, B4-B8, B11's inode check, and the
# root hazards).  Each block below is a reproducer of the attack that once broke a promise.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
ulimit -c 0 # SIGXCPU and others below end a process with a core dump

# A small archive, its manifest, and a stand-in tool directory (tools are looked up on PATH or
# where SHELLOUT_TOOL_<NAME> says, so a script can play a tool).
arc=$C/one-1k.7z
man=$C/one-1k.manifest
mkdir bin
# gone PID: waits until PID has exited; past the deadline, kills it (a driver that did not
# notice must not keep the test waiting for its 100000 iterations).
gone() {
	wait_for ended "$1" || kill -KILL "$1"
}

# --- B2: no character of OUTDIR's name moves a write ----------------------------------------------
# 7-Zip replaces '*' in its -o path with the archive's name: OUTDIR 'o*' once sent the files
# into an existing 'oa' (here: 'oone-1k').  The tools now run inside OUTDIR and write to ".".
for name in 'o*' 'o?' 'o[n]e-1k' '@o' 'sub/-o' 'o{O}'; do
	mkdir -p decoy/oone-1k decoy/one-1k && echo keep > decoy/oone-1k/x && echo keep > decoy/one-1k/x
	for m in $METHODS; do
		for t in $(tools_of $m); do
			(cd decoy && "$TOP/tests/run-driver" $m $t --verify "$man" "$arc" "$name") > /dev/null 2> err
			is $? 0 "$m ${t#-}: OUTDIR '$name' gets the tree (verified)" || sed 's/^/# /' err
		done
	done
	is "$(cat decoy/oone-1k/x decoy/one-1k/x | tr '\n' ' ')" "keep keep " "OUTDIR '$name': no other directory touched"
	is "$(find decoy -type f | wc -l | tr -d ' ')" "$(($(find "decoy/$name" -type f | wc -l) + 2))" \
		"OUTDIR '$name': every file written is inside it"
	rm -rf decoy
done

# --- B4: OUTDIR, or a parent, swapped for a link during a run --------------------------------------
# The driver notices before the next iteration (exit 3) and touches nothing of what the name
# now leads to: the other directory keeps every file.
many=$C/many-files.tar.xz
swap_test() { # METHOD TOOL WHAT: WHAT is "outdir" or "parent"
	# csv too: the last call's ",ok," must not be taken for this run's (the background job may
	# not have truncated it yet when wait_for first looks)
	rm -rf p victim p.old csv
	mkdir -p p victim/out
	for i in 1 2 3 4 5 6 7 8; do echo precious > victim/out/f$i; done
	"$TOP/tests/run-driver" $1 $2 --csv -n 100000 "$many" p/out > csv 2> err &
	pid=$!
	wait_for grep -qs ',ok,' csv
	if [ "$3" = outdir ]; then
		mv p/out p/out.old && ln -s ../victim/out p/out
	else
		mv p p.old && ln -s victim p
	fi
	gone $pid
	{ wait $pid; } 2> /dev/null
	is $? 3 "$1 ${2#-}: $3 swapped for a link mid-run: exit 3" || sed 's/^/# /' err
	like "$(cat err)" "OUTDIR was moved or replaced during the run" "$1 ${2#-}: and says so"
	is "$(cat victim/out/f* | sort -u) $(ls victim/out | wc -l | tr -d ' ')" "precious 8" \
		"$1 ${2#-}: the directory the link leads to keeps its files"
}
for m in $METHODS; do
	t=$(tools_of $m | cut -d' ' -f1)
	swap_test $m $t outdir
	swap_test $m $t parent
done

# A link as OUTDIR is refused at the start: only a directory is opened (O_NOFOLLOW).
mkdir -p real && ln -s real link
"$B/extract-fork" --tool 7zz "$arc" link 2> err
is $? 2 "OUTDIR that is a symbolic link: usage error (exit 2)"
like "$(cat err)" "link: a symbolic link: name the directory itself" "and says so"

# --- Shared directories are never OUTDIR ----------------------------------------------------------
mkdir shared && chmod 1777 shared && echo theirs > shared/other-user-file
"$B/extract-libarchive" "$arc" shared 2> err
is $? 2 "a world-writable sticky directory (like /tmp) as OUTDIR: exit 2"
like "$(cat err)" "world-writable sticky directory" "and says why"
is "$(cat shared/other-user-file)" theirs "and nothing in it is touched"
"$B/extract-libarchive" "$arc" shared/mine > /dev/null 2> err
ok $? "a directory inside it is fine"

# --- B11: the archive inside OUTDIR, reached through another name ---------------------------------
if unshare -m true 2> /dev/null; then
	mkdir -p data alias && cp "$arc" data/a.7z
	unshare -m sh -c 'mount --bind "$1" "$2" && exec "$3" "$4" "$2"' sh "$T/data" "$T/alias" \
		"$B/extract-libarchive" "$T/data/a.7z" 2> err
	is $? 2 "OUTDIR a bind mount of the archive's directory: exit 2 (compared by inode)"
	like "$(cat err)" "contains the archive" "and says why"
	ok "$([ -s data/a.7z ]; echo $?)" "the archive is still there"
else
	for i in 1 2 3; do skip "bind mounts (cannot unshare a mount namespace here)"; done
fi

# --- B5: nothing outlives the driver ---------------------------------------------------------------
# A stand-in tool that sleeps: its command line carries a marker to find it by.
marker=shellout-safety-$$
printf '#!/bin/sh\nexec sleep 7%s\n' "$$" > bin/sleeper
chmod +x bin/sleeper
sleeping() { processes_matching "sleep 7$$"; }
none_sleeping() { [ "$(sleeping)" -eq 0 ]; }
# SIGKILL: the fork and vfork children die with the driver (their parent-death signal).
for m in fork vfork; do
	SHELLOUT_TOOL_BSDTAR=$T/bin/sleeper "$B/extract-$m" --tool bsdtar "$arc" out 2> err &
	pid=$!
	wait_children $pid 1 sleep
	kill -KILL $pid
	{ wait $pid; } 2> /dev/null
	wait_for none_sleeping
	ok $? "$m: SIGKILL of the driver kills its tool too"
done
# Every catchable signal whose default ends a process is handled like SIGINT: the tool is
# killed and reaped first, then the driver dies by that signal.
for sig in USR1 USR2 ALRM VTALRM PROF XCPU IO PWR STKFLT RTMIN RTMAX; do
	num=$(signum $sig)
	[ -n "$num" ] || { skip "SIG$sig: not a signal here"; continue; }
	perl -e '$SIG{$_} = "DEFAULT" for keys %SIG; exec @ARGV' env SHELLOUT_TOOL_BSDTAR=$T/bin/sleeper \
		"$B/extract-spawn" --tool bsdtar "$arc" out 2> err &
	pid=$!
	wait_children $pid 1 sleep
	kill -$num $pid
	{ wait $pid; } 2> /dev/null
	rc=$?
	is "$rc $(sleeping)" "$((128 + num)) 0" "spawn: SIG$sig: the driver dies by it (status $((128 + num))), its tool first"
done
# A tool's own children: the driver is their subreaper and kills them, whether the tool exits
# (the iteration then fails: something it started was still running) or is killed at timeout.
printf '#!/bin/sh\nsleep 7%s &\nexit 0\n' "$$" > bin/forker
printf '#!/bin/sh\nsleep 7%s &\nexec sleep 7%s\n' "$$" "$$" > bin/forker-hang
chmod +x bin/forker bin/forker-hang
for m in $SPAWNING; do
	SHELLOUT_TOOL_BSDTAR=$T/bin/forker "$B/extract-$m" --tool bsdtar --csv "$arc" out > csv 2> err
	is $? 1 "$m: a tool that leaves a child running fails the iteration"
	# named as it was when killed: "sleep", or the script's own name if it had not yet exec'd
	like "$(cat err)" "left 1 process running \((sleep|forker) \(pid [0-9]+\)\): killed" "$m: naming it"
	is "$(sleeping)" 0 "$m: and that child is gone"
	SHELLOUT_TOOL_BSDTAR=$T/bin/forker-hang "$B/extract-$m" --tool bsdtar --timeout 0.3 --csv "$arc" out > csv 2> err
	is "$(col status csv)" timeout "$m: a tool killed at the timeout: status=timeout"
	is "$(sleeping)" 0 "$m: and the child it had started is gone too"
done

# --- B6-B8: every deadline holds --------------------------------------------------------------------
# B6: an entry libarchive refuses ("../zeros", 4 GiB of zeros behind 4 MiB of gzip) was once
# decompressed whole inside archive_read_next_header; now its data is read through under the
# deadline, and the end is a timeout, not an error.
make_bomb dotdot.tar.gz ../zeros
timeout 60 "$B/extract-libarchive" --csv --timeout 0.3 dotdot.tar.gz out > csv 2> err
is $? 1 "libarchive: a refused 4 GiB entry under --timeout 0.3 exits 1"
is "$(col status csv)" timeout "libarchive: and it is a timeout (status=timeout), not an error"
like "$(cat err)" "timed out in \.\./zeros" "libarchive: naming the entry"

# B7: the archive replaced by a FIFO mid-run: the next iteration refuses it, and the in-process
# driver's own open() never waits for a writer.  A tool that opens the FIFO in the moment between
# the check and its start waits in open(), until the timeout kills it.
for m in $METHODS; do
	t=$(tools_of $m | cut -d' ' -f1)
	rm -f csv && cp "$arc" moving.7z # no earlier ",ok," (see swap_test)
	"$TOP/tests/run-driver" $m $t --csv --timeout 5 -n 100000 moving.7z out > csv 2> err &
	pid=$!
	wait_for grep -qs ',ok,' csv
	mkfifo fifo && mv fifo moving.7z
	gone $pid
	{ wait $pid; } 2> /dev/null
	is $? 1 "$m ${t#-}: the archive replaced by a FIFO mid-run: exit 1, no hang"
	like "$(cat err)" "moving.7z: (not a regular file \(a FIFO\)|timed out)" "$m ${t#-}: and says so"
	rm -f moving.7z
done

# B8: --verify runs under the same deadline.  A stand-in verify (beside a copy of the driver)
# that passes --check and then hangs.
mkdir vbin && cp "$B/extract-fork" vbin/
printf '#!/bin/sh\n[ "$1" = --check ] && exit 0\nexec sleep 7%s\n' "$$" > vbin/verify
chmod +x vbin/verify
timeout 60 vbin/extract-fork --tool 7zz --csv --timeout 0.5 --verify "$man" "$arc" out > csv 2> err
is $? 1 "a verify that hangs: exit 1 at the deadline"
is "$(col status csv)" timeout "and status=timeout"
like "$(cat err)" "timed out while verifying; verify killed and reaped" "and says so"
is "$(sleeping)" 0 "and the verify process is gone"
# What verify leaves behind is killed and reaped with it (child.c's child_run sweeps): a
# stand-in that starts a sleep and exits 0 leaves nothing running, and the next iteration does
# not find that sleep among the tool's leftovers.
printf '#!/bin/sh\n[ "$1" = --check ] && exit 0\nsleep 7%s &\nexit 0\n' "$$" > vbin/verify
timeout 60 vbin/extract-fork --tool 7zz --csv -n 2 --verify "$man" "$arc" out > csv 2> err
is $? 0 "a verify that leaves a child running: both iterations pass" || sed 's/^/# /' err
is "$(sleeping)" 0 "and its child is gone"

# --- Root hazards: no setuid or setgid file is ever left in OUTDIR -----------------------------------
"$B/mkarchive" tar suid.tar p:suid:4755 D:sgid:3777 f:plain:x
for m in $METHODS; do
	for t in $(tools_of $m); do
		rm -rf out
		"$TOP/tests/run-driver" $m $t suid.tar out > /dev/null 2> err
		rc=$?
		is "$(find out \( -perm -4000 -o -perm -2000 \) | wc -l | tr -d ' ')" 0 \
			"$m ${t#-}: no setuid or setgid file or directory is left"
		# 7-Zip never restores the bits (a success); bsdtar and libarchive do, and fail.
		if [ $rc -ne 0 ]; then
			like "$(cat err)" "suid.tar: .*(setuid or setgid)" "$m ${t#-}: a failure that says why"
		else
			is "$(stat -c %a out/suid)" 755 "$m ${t#-}: the tool itself dropped the bit"
		fi
	done
done
# --- An output budget: no extracted file grows past --max-output ------------------------------------
# (default: half the space free on OUTDIR's file system).  A 4 MiB file under --max-output 1M,
# and the 4 GiB bomb of zeros (7-Zip writes it out for real) under 16M: each a failure, soon, in
# the tool's or library's own words, and nothing in OUTDIR bigger than the budget.
"$B/mkarchive" tar.gz big.tar.gz z:big:4194304
make_bomb bomb.tar.gz
for m in $METHODS; do
	for t in $(tools_of $m); do
		rm -rf out
		"$TOP/tests/run-driver" $m $t --csv --max-output 1M big.tar.gz out > csv 2> err
		is "$? $(col status csv)" "1 error" "$m ${t#-}: a 4 MiB file under --max-output 1M: exit 1, status=error"
		like "$(cat err)" "big.tar.gz: .*([Ff]ile too large|File size limit)" "$m ${t#-}: in the tool's own words"
		is "$(find out -type f -size +1024k | wc -l | tr -d ' ')" 0 "$m ${t#-}: nothing in OUTDIR past 1 MiB"
		rm -rf out
		timeout 120 "$TOP/tests/run-driver" $m $t --csv --timeout 100 --max-output 16M bomb.tar.gz out > csv 2> err
		is "$? $(col status csv)" "1 error" "$m ${t#-}: the 4 GiB bomb under --max-output 16M: an error, not a timeout"
		is "$(find out -type f -size +16384k | wc -l | tr -d ' ')" 0 "$m ${t#-}: nothing in OUTDIR past 16 MiB"
	done
done
"$B/extract-libarchive" --max-output 0 "$arc" out 2> err
is $? 2 "--max-output 0: usage error"
# --- Found by the review of this work ---------------------------------------------------------------
# A deep tree: emptied and scrubbed without recursion and with one directory open at a time, so
# neither the descriptor limit nor the stack stops it; and a setuid file at its bottom, with
# fewer descriptors than levels, is still found and cleared (it was once skipped: status=ok).
deep=$(perl -e 'print "a/" x 3000')
"$B/mkarchive" tar deep.tar "f:${deep}f:x"
(ulimit -n 32; "$B/extract-libarchive" --csv -n 3 deep.tar out > csv 2> err)
is "$? $(col status csv | sort | uniq -c | tr -s ' ')" "0  3 ok" "a tree 3000 deep, under ulimit -n 32: extracted and emptied 3 times" ||
	sed 's/^/# /' err
deep=$(perl -e 'print "a/" x 600')
"$B/mkarchive" tar deepsuid.tar "p:${deep}suid:4755"
rm -rf out
(ulimit -n 32; "$B/extract-spawn" --tool bsdtar --csv deepsuid.tar out > csv 2> err)
is "$? $(col status csv)" "1 error" "a setuid file 600 deep, under ulimit -n 32: found, and the iteration fails"
is "$(find out -perm -4000 | wc -l | tr -d ' ')" 0 "and its bit is cleared"
# A caught signal: the tool's own children and any setuid file are dealt with before the driver
# dies by it.
for m in $SPAWNING; do
	perl -e '$SIG{TERM} = "DEFAULT"; exec @ARGV' env SHELLOUT_TOOL_BSDTAR=$T/bin/forker-hang \
		"$B/extract-$m" --tool bsdtar "$arc" out 2> err &
	pid=$!
	wait_children $pid 1 sleep
	wait_for sh -c '[ "$(pgrep -f "sleep 7$0" | wc -l)" -ge 2 ]' $$
	kill -TERM $pid
	{ wait $pid; } 2> /dev/null
	is "$? $(sleeping)" "143 0" "$m: SIGTERM: the driver dies by it, and the tool's own child is gone too"
done
printf '#!/bin/sh\numask 0; : > suid; chmod 4755 suid; exec sleep 7%s\n' "$$" > bin/suid-hang
chmod +x bin/suid-hang
rm -rf out
perl -e '$SIG{TERM} = "DEFAULT"; exec @ARGV' env SHELLOUT_TOOL_BSDTAR=$T/bin/suid-hang \
	"$B/extract-fork" --tool bsdtar "$arc" out 2> err &
pid=$!
wait_children $pid 1 sleep
kill -TERM $pid
{ wait $pid; } 2> /dev/null
is "$? $(stat -c %a out/suid)" "143 755" "SIGTERM while a tool runs: the setuid file it made is cleared first"
# File capabilities (security.capability) are as good as setuid: bsdtar restores extended
# attributes as root unless told not to.
if command -v setcap > /dev/null && cp "$("$B/tool-info" --path true)" capped && setcap cap_setuid+ep capped 2> /dev/null &&
	bsdtar --xattrs -cf cap.tar capped 2> /dev/null; then
	for m in $METHODS; do
		t=$(tool_for $m bsdtar)
		rm -rf out
		run_driver $m $t cap.tar out > /dev/null 2>&1
		is "$(getcap out/capped 2> /dev/null | wc -l | tr -d ' ')" 0 "$m ${t#-}: no file capability is restored"
	done
else
	for m in $METHODS; do skip "$m: file capabilities (no setcap here, or the file system takes none)"; done
fi
# OUTDIR itself: an archive's "." entry may carry the bits.
"$B/mkarchive" tar dot.tar "D:.:6777" "f:x:1"
for m in $METHODS; do
	rm -rf out
	run_driver $m "$(tool_for $m bsdtar)" dot.tar out > /dev/null 2> err
	is "$(find out -maxdepth 0 \( -perm -4000 -o -perm -2000 \) | wc -l | tr -d ' ')" 0 \
		"$m: OUTDIR itself keeps no setuid or setgid bit"
done
# A setuid file bind-mounted into OUTDIR by a tool is another mount's: refused, not changed.
if unshare -m true 2> /dev/null; then
	mkdir -p elsewhere && : > elsewhere/prog && chmod 4755 elsewhere/prog
	printf '#!/bin/sh\n: > x\nmount --bind "%s/elsewhere/prog" x\nexit 0\n' "$T" > bin/bindf
	chmod +x bin/bindf
	rm -rf out
	unshare -m --propagation private env SHELLOUT_TOOL_BSDTAR=$T/bin/bindf "$B/extract-fork" --tool bsdtar "$arc" out > /dev/null 2> err
	is "$? $(stat -c %a elsewhere/prog)" "3 4755" "a setuid file bind-mounted into OUTDIR: exit 3, and it is not changed" ||
		sed 's/^/# /' err
else
	skip "bind mounts (cannot unshare a mount namespace here)"
fi
done_testing
