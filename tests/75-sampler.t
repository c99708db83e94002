#!/bin/sh
# build/proc-sampler: the CSV contract (columns, sample numbering, t_ms, tree sums, one parent per
# sample); following a tree it did not start (children, grandchildren, an orphan); COMMAND mode
# (exit status, exec, children that come later, a driver's ballast, a vfork child not counted
# twice); comm quoting; -o FILE (a regular file replaced whole; a device or FIFO written as it
# is; a symlink, a block device refused); usage and environment errors; --pid of a thread or a
# kernel thread; every catchable deadly signal, forwarded to the whole tree, descendants born
# after it included; descriptors.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
S=$B/proc-sampler
contract="scenario,sample,t_ms,pid,ppid,depth,role,comm,vmrss_kb,pss_kb,committed_as_kb"
summary='^proc-sampler: [0-9]+ samples in [0-9.]+ s \([0-9.]+ Hz\), [0-9]+ processes seen$'

# invariants FILE: "ok", or the first broken rule of a sampler CSV: the contract header; 11
# fields a row; samples numbered 0, 1, 2, ... with one t_ms each, increasing; per sample exactly
# one parent row (depth 0) and one tree row (the parent's pid, empty ppid/depth/comm) whose
# vmrss_kb and pss_kb are the sums of the other rows' (pss empty when no row has one); child
# rows at depth >= 1; committed_as_kb a positive number, the same on every row of a sample.
invariants() {
	if [ "$(head -n 1 "$1")" != "$contract" ]; then
		echo "header: $(head -n 1 "$1")"
		return
	fi
	csv_tsv "$1" | awk -F'\t' '
		function close_sample() {
			if (ntree != 1 || nparent != 1)
				return "sample " cur ": " ntree " tree and " nparent " parent rows"
			if (tpid != ppid_)
				return "sample " cur ": tree pid " tpid ", parent pid " ppid_
			if (trss + 0 != rss)
				return "sample " cur ": tree vmrss " trss " but the rows sum to " rss
			if (anypss && tpss + 0 != pss)
				return "sample " cur ": tree pss " tpss " but the rows sum to " pss
			if (!anypss && tpss != "")
				return "sample " cur ": tree pss " tpss " but no row has one"
			return ""
		}
		NR == 1 { expect = 0; next }
		NF != 11 { err = "line " NR ": " NF " fields"; exit }
		!started || $2 != cur {
			if (started && (err = close_sample()) != "")
				exit
			if ($2 != expect) { err = "sample " $2 " where " expect " was due"; exit }
			if (started && !($3 + 0 > t + 0)) { err = "t_ms " $3 " after " t; exit }
			started = 1; cur = $2; expect = $2 + 1; t = $3; com = $11
			ntree = nparent = rss = pss = anypss = 0; tpid = ppid_ = tpss = trss = ""
		}
		$3 != t { err = "sample " cur ": two t_ms"; exit }
		$11 != com || $11 !~ /^[1-9][0-9]*$/ { err = "line " NR ": committed_as_kb " $11; exit }
		$7 == "tree" {
			ntree++; tpid = $4; trss = $9; tpss = $10
			if ($5 != "" || $6 != "" || $8 != "") { err = "line " NR ": tree row with ppid/depth/comm"; exit }
			next
		}
		$7 == "parent" { nparent++; ppid_ = $4; if ($6 != "0") { err = "line " NR ": parent at depth " $6; exit } }
		$7 == "child" && !($6 >= 1) { err = "line " NR ": child at depth " $6; exit }
		$7 != "parent" && $7 != "child" { err = "line " NR ": role " $7; exit }
		$9 !~ /^[0-9]*$/ || $10 !~ /^[0-9]*$/ { err = "line " NR ": memory fields " $9 ", " $10; exit }
		{ rss += $9; if ($10 != "") { pss += $10; anypss = 1 } }
		END {
			if (err == "" && !started)
				err = "no samples"
			else if (err == "")
				err = close_sample()
			print err == "" ? "ok" : err
		}'
}

# rows FILE [AWK-CONDITION [FIELDS]]: the records of FILE (tab-separated) matching the condition.
rows() {
	csv_tsv "$1" | awk -F'\t' "NR > 1 && (${2:-1}) { print ${3:-\$0} }"
}

# The commands sampled below run until the test has seen in the CSV what it needs (a sampler
# that is slow to get there only takes longer), not for a while: they wait on gates.
# $G/sleep FIFO is one process named sleep that ends (status 0) when its gate FIFO is opened;
# gate NAME makes the FIFO $T/NAME and prints its path; open_gate FIFO lets its waiter go.
G=$T/gates
mkdir "$G" || exit 1
printf '#!/bin/sh\nread -r _ < "$1" || :\n' > "$G/sleep"
chmod +x "$G/sleep"
gate() {
	mkfifo "$T/$1" && echo "$T/$1"
}
open_gate() {
	timeout "$DEADLINE" sh -c 'echo go > "$1"' sh "$1"
}
# sampled FILE AWK-CONDITION: FILE (a CSV being written) has a record matching the condition
sampled() {
	[ -n "$(rows "$1" "$2" '$4' 2> /dev/null | head -n 1)" ]
}

# catches_term PID: PID has a handler for SIGTERM (the sampler is ready for it).
catches_term() {
	mask=$(awk '/^SigCgt:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
	[ -n "$mask" ] && [ $((0x$mask & 0x4000)) -ne 0 ]
}

# --- usage and environment errors ---------------------------------------------------------------
"$S" --help > out
ok $? "--help exits 0"
like "$(cat out)" "usage: proc-sampler .*--pid PID" "--help gives the usage"
like "$(cat out)" "$contract" "--help names the columns"

for args in "" "-i 0 --pid $$" "-i 1x --pid $$" "--pid abc" "--pid 0" "--pid $$ -- true" "--bogus" \
	"-o '' -- true" "-o $T/ -- true" "-i"; do
	eval "\"\$S\" $args" > out 2> err
	is $? 2 "usage error exits 2: proc-sampler $args"
done
"$S" 2> err
like "$(head -n 1 err)" "nothing to sample: give --pid PID or -- COMMAND" "no root: the message says so"
"$S" -i 0 --pid $$ 2> err
like "$(head -n 1 err)" "--interval-us: not a number of microseconds >= 1: '0'" "a bad interval is named"
"$S" --pid abc 2> err
like "$(head -n 1 err)" "--pid: not a process id: 'abc'" "a bad pid is named"
"$S" --pid $$ -- true 2> err
like "$(head -n 1 err)" "--pid and a COMMAND" "--pid with a COMMAND: says which"

# 4194304 is PID_MAX_LIMIT: never a pid
"$S" --pid 4194304 > out 2> err
is $? 3 "a nonexistent --pid exits 3"
is "$(wc -l < err | tr -d ' ')" 1 "with one line on stderr"
like "$(cat err)" "4194304: no such process" "naming the pid"
is "$(cat out)" "" "and no CSV"
"$S" -o "$T/nodir/s.csv" -- true 2> err
is $? 3 "-o in a missing directory exits 3"
is "$(wc -l < err | tr -d ' ')" 1 "with one line on stderr"
like "$(cat err)" "nodir/s.csv: .*No such file or directory" "naming the file and the reason"
mkdir -p adir
"$S" -o adir -- true 2> err
is $? 3 "-o onto a directory exits 3"
like "$(cat err)" "adir: is a directory" "and says so"
"$S" -o nocmd.csv -- "$T/no-such-command" 2> err
is $? 3 "a COMMAND that cannot start exits 3"
is "$(wc -l < err | tr -d ' ')" 1 "with one line on stderr"
like "$(cat err)" "cannot start .*no-such-command: No such file or directory" "naming the command and the reason"
test ! -e nocmd.csv && [ -z "$(ls -A | grep nocmd)" ]
ok $? "and leaves neither the file nor a temporary file"

# --- a tree it did not start: children, a grandchild -------------------------------------------
# The whole tree is there (each process past its exec) before the sampler starts, and stays
# until the sampler has written a sample of it.
g1=$(gate t1) g2=$(gate t2)
sh -c '"$0" "$1" & sh -c "\"\$0\" \"\$1\" & wait" "$0" "$2" & wait' "$G/sleep" "$g1" "$g2" &
root=$!
# (once the root's sleep has exec'd, its one child named sh is the inner sh)
tree_up() {
	pgrep -P $root -x sleep > /dev/null && inner=$(pgrep -P $root -x sh) &&
		pgrep -P "$inner" -x sleep > /dev/null
}
wait_for tree_up
"$S" -l pidmode --pid $root > pid.csv 2> err &
spid=$!
wait_for sampled pid.csv "\$5 == \"$inner\" && \$8 == \"sleep\""
open_gate "$g1"
open_gate "$g2"
wait $spid
is $? 0 "--pid: exits 0 once the root has exited"
wait $root
like "$(cat err)" "$summary" "stderr: one summary line"
is "$(invariants pid.csv)" ok "--pid: the CSV keeps every invariant"
is "$(rows pid.csv '$7 == "parent"' '$4, $5, $8' | sort -u)" "$root $$ sh" \
	"the parent rows are the root (its ppid is this shell)"
is "$(rows pid.csv 1 '$1' | sort -u)" pidmode "scenario is the label"
is "$(rows pid.csv '$8 == "sleep" && $6 == 1' '$5' | sort -u)" "$root" \
	"a child it did not start: sleep at depth 1, ppid the root"
inner=$(rows pid.csv '$6 == 2' '$5' | sort -u)
like "$inner" '^[0-9]+$' "a grandchild at depth 2, all under one parent ($inner)"
is "$(rows pid.csv "\$4 == \"$inner\"" '$5, $6, $8' | sort -u | tail -n 1)" "$root 1 sh" \
	"whose parent is the inner sh, at depth 1 under the root"
is "$(rows pid.csv '$6 == 2' '$8' | tail -n 1)" sleep "the grandchild is sleep"
like "$(cat err)" ", 4 processes seen$" "4 processes seen: sh, sleep, sh, sleep"

# --- an orphan stays in the tree -----------------------------------------------------------------
# The inner sh ends once its sleep is in the CSV under it; that sleep is then reparented
# outside the tree, and the root goes on until the CSV has it under its new parent.
g1=$(gate o1) g2=$(gate o2) g3=$(gate o3)
"$S" -- sh -c 'sh -c "\"\$0\" \"\$1\" & read -r _ < \"\$2\"" "$0" "$1" "$2"; read -r _ < "$3"; exit 0' \
	"$G/sleep" "$g1" "$g2" "$g3" > orphan.csv 2> err &
spid=$!
wait_for sampled orphan.csv '$6 == 2'
inner=$(rows orphan.csv '$6 == 2' '$5' | head -n 1)
open_gate "$g2"
wait_for sampled orphan.csv "\$6 == 2 && \$5 != \"$inner\""
open_gate "$g3"
wait $spid
is $? 0 "COMMAND with an orphaned grandchild runs"
open_gate "$g1"
is "$(invariants orphan.csv)" ok "the CSV keeps every invariant"
# pid and distinct ppids of each grandchild: the orphan is the one with two
rows orphan.csv '$6 == 2' '$4, $5' | sort -u | awk '{ n[$1]++ } END { for (p in n) print p, n[p] }' > ppids
orphan=$(awk '$2 == 2 { print $1 }' ppids)
like "$orphan" '^[0-9]+$' "one grandchild seen under its parent, then under its new parent ($orphan)" ||
	sed 's/^/# /' ppids
is "$(rows orphan.csv "\$4 == \"$orphan\"" '$6, $7' | sort -u)" "2 child" "keeping its depth (2)"

# --- COMMAND mode: exit status, exec, later children ---------------------------------------------
g1=$(gate c1)
"$S" -l cmd -- sh -c '"$0" "$1"; exit 7' "$G/sleep" "$g1" > seven.csv 2> err &
spid=$!
wait_for sampled seven.csv '$7 == "child" && $8 == "sleep"'
open_gate "$g1"
wait $spid
is $? 7 "COMMAND mode exits with the command's status (7)"
is "$(invariants seven.csv)" ok "the CSV keeps every invariant"
is "$(rows seven.csv '$7 == "parent"' '$8' | sort -u)" sh "parent rows: the command (sh)"
is "$(rows seven.csv '$7 == "child"' '$8' | sort -u | tail -n 1)" sleep "child rows: its sleep"
"$S" -o killed.csv -- sh -c 'kill -9 $$' 2> /dev/null
is $? 137 "a command killed by signal 9: status 137"
g1=$(gate l1) g2=$(gate l2) g3=$(gate l3)
"$S" -- sh -c '"$0" "$1"; "$0" "$2"; exec "$0" "$3"' "$G/sleep" "$g1" "$g2" "$g3" > later.csv 2> err &
spid=$!
wait_for sampled later.csv '$7 == "child" && $8 == "sleep"'
first=$(rows later.csv '$7 == "child"' '$4' | head -n 1)
open_gate "$g1"
wait_for sampled later.csv "\$7 == \"child\" && \$8 == \"sleep\" && \$4 != \"$first\""
open_gate "$g2"
wait_for sampled later.csv '$7 == "parent" && $8 == "sleep"'
open_gate "$g3"
wait $spid
is $? 0 "a command that forks twice, then execs"
is "$(invariants later.csv)" ok "the CSV keeps every invariant"
is "$(rows later.csv '$7 == "child" && $8 == "sleep"' '$4' | sort -u | wc -l | tr -d ' ')" 2 \
	"two children that came one after the other"
is "$(rows later.csv '$7 == "parent"' '$4' | sort -u | wc -l | tr -d ' ')" 1 "one root pid"
is "$(rows later.csv '$7 == "parent"' '$8' | sort -u | tr '\n' ' ')" "sh sleep " \
	"whose comm follows the exec: sh, then sleep"

# --- comm with ')', spaces, a comma and a quote --------------------------------------------------
odd='a) b,"c'
cp "$G/sleep" "$odd"
g1=$(gate d1)
"$S" -- sh -c '"$1" "$2"; true' sh "$T/$odd" "$g1" > odd.csv 2> err &
spid=$!
wait_for sampled odd.csv '$7 == "child" && $8 != "sh"'
open_gate "$g1"
wait $spid
is $? 0 "a program named '$odd' runs under the sampler"
is "$(invariants odd.csv)" ok "the CSV keeps every invariant"
is "$(rows odd.csv "\$8 == \"a) b,\\\"c\"" '$6, $7' | sort -u)" "1 child" \
	"comm read whole from stat (last ')'), CSV-quoted, at depth 1"
grep -qF ',"a) b,""c",' odd.csv
ok $? "the raw field is quoted as RFC 4180 says"

# --- a driver's ballast, and its spawn child not counted twice ---------------------------------
"$S" -o ballast.csv -- "$B/extract-spawn" --tool true -b 64M -n 50 "$C/one-1k.7z" xout > /dev/null 2> err
ok $? "a driver with a 64 MiB ballast runs under the sampler" || sed 's/^/# /' err
is "$(invariants ballast.csv)" ok "the CSV keeps every invariant"
max=$(rows ballast.csv '$7 == "parent"' '$9' | sort -n | tail -n 1)
[ "$max" -ge 65536 ]
ok $? "the parent's VmRSS reaches 64 MiB ($max kB)"
is "$(rows ballast.csv '$7 == "child" && $9 >= 65536' '$0' | wc -l | tr -d ' ')" 0 \
	"no child row shows the ballast (a spawn child before exec shares it: left empty)"
like "$(rows ballast.csv '$7 == "parent" && $10 != ""' '$10' | sort -n | tail -n 1)" '^[0-9]{5,}$' \
	"pss_kb is measured for the parent"

# --- -o FILE, stdout, --no-header ----------------------------------------------------------------
mkdir od
(umask 022 && "$S" -o od/s.csv -- sh -c 'sleep 0.1' 2> err)
is $? 0 "-o FILE runs"
is "$(ls -A od)" s.csv "the file is there, and no temporary file is left"
is "$(head -n 1 od/s.csv)" "$contract" "it starts with the header"
is "$(stat -c %a od/s.csv)" 644 "with the mode a new file gets (umask 022)"
g1=$(gate s1)
"$S" -- "$G/sleep" "$g1" > so.csv 2> err &
spid=$!
wait_for sampled so.csv 1
open_gate "$g1"
wait $spid
is "$(invariants so.csv)" ok "without -o the CSV goes to stdout"
g1=$(gate s2)
"$S" --no-header -o od/n.csv -- "$G/sleep" "$g1" 2> err &
spid=$!
# (with -o the CSV goes to a new file in FILE's directory, unnamed until the end; a file system
# without O_TMPFILE gives it a name .n.csv.XXXXXX)
tmp_written() {
	for f in /proc/$spid/fd/* od/.n.csv?*; do
		case $f in /proc/*) case $(readlink "$f") in */od/*) ;; *) continue ;; esac ;; esac
		[ -s "$f" ] && return 0
	done
	return 1
}
wait_for tmp_written
open_gate "$g1"
wait $spid
like "$(head -n 1 od/n.csv)" '^,0,[0-9]+\.[0-9]{3},[0-9]+,' "--no-header: the first line is sample 0"
(umask 077 && "$S" -o od/private.csv -- true 2> err)
is "$(stat -c %a od/private.csv)" 600 "umask 077: mode 600"

# --- -o onto what is not a regular file: written as it is, or refused; never replaced ----------
mkdir dev
mkfifo dev/fifo
timeout "$DEADLINE" cat dev/fifo > fifo.out &
reader=$!
"$S" -o dev/fifo -- true 2> err
is $? 0 "-o FIFO: runs" || sed 's/^/# /' err
test -p dev/fifo
ok $? "the FIFO is still a FIFO, not replaced by a file"
if [ -p dev/fifo ]; then wait $reader; else kill $reader; wait $reader; fi 2> /dev/null
is "$(head -n 1 fifo.out)" "$contract" "its reader got the CSV, written into it as it is"
if mknod dev/null c 1 3 2> /dev/null; then
	"$S" -o dev/null -- true 2> err
	is $? 0 "-o a character device (a null device of our own, as /dev/null): runs"
	test -c dev/null
	ok $? "the device is still a character device, not replaced by a file"
else
	skip "-o a character device: cannot mknod here"
	skip "-o a character device: cannot mknod here"
fi
echo mine > dev/target.csv
ln -s target.csv dev/link.csv
ln -s "$T/nowhere.csv" dev/dangling.csv
for link in link.csv dangling.csv; do
	"$S" -o dev/$link -- true > out 2> err
	is $? 3 "-o a symbolic link ($link) exits 3"
	is "$(wc -l < err | tr -d ' ')" 1 "with one line on stderr"
	like "$(cat err)" "dev/$link: is a symbolic link: refused" "naming the file and the reason"
	test -L dev/$link
	ok $? "the link is still a link"
done
is "$(cat dev/target.csv)" mine "the file the link names is untouched"
test ! -e nowhere.csv
ok $? "the file a dangling link names is not created"
if mknod dev/blk b 1 250 2> /dev/null; then
	"$S" -o dev/blk -- true 2> err
	is $? 3 "-o a block device exits 3"
	like "$(cat err)" "dev/blk: is a block device: refused" "and says so"
	test -b dev/blk
	ok $? "the device is still there"
else
	skip "-o a block device: cannot mknod here"
	skip "-o a block device: cannot mknod here"
	skip "-o a block device: cannot mknod here"
fi
is "$(ls -A dev | grep '^\.')" "" "no temporary file is left beside any of them"

# --- descriptors -----------------------------------------------------------------------------------
"$S" -o od/fd.csv -- sh -c 'for f in /proc/$$/fd/*; do echo "${f##*/} $(readlink "$f")"; done' \
	> fds 2> err
ok $? "a command listing its descriptors runs"
grep -e meminfo -e '/proc' -e 'od/' fds
is $? 1 "the command inherits none of the sampler's descriptors" || sed 's/^/# /' fds

# --- SIGTERM --------------------------------------------------------------------------------------
marker="sleep 29 1.$$"
"$S" -o term.csv -- $marker 2> err &
pid=$!
wait_children $pid 1 sleep
pgrep -P $pid -x sleep > /dev/null
ok $? "the sampler's command is running"
kill -s TERM $pid
{ wait $pid; } 2> /dev/null
is $? 143 "SIGTERM ends the sampler by that signal (143)"
is "$(processes_matching "$marker")" 0 "and leaves no sleep behind"
is "$(head -n 1 term.csv 2> /dev/null)" "$contract" "the -o file is written out"
like "$(tail -n 1 err)" "$summary" "with the summary on stderr"

sleep 29 2.$$ &
root=$!
"$S" -o pidterm.csv --pid $root 2> err &
pid=$!
wait_for catches_term $pid
kill -s TERM $pid
{ wait $pid; } 2> /dev/null
is $? 143 "--pid: SIGTERM ends the sampler by that signal (143)"
kill -0 $root 2> /dev/null
ok $? "and leaves the process it did not start alone"
test -f pidterm.csv
ok $? "the -o file is written out"
kill $root
wait $root 2> /dev/null

# --- every deadly signal that can be caught: forwarded, the tree stopped, the CSV written --------
# (INT and QUIT are left out: a background job of this non-interactive shell ignores them, and
# an ignored signal stays ignored; a core-dumping one is kept from dumping by ulimit -c 0)
# (sleep's second argument, a number of seconds too, only tells the processes apart)
n=10
for sig in HUP USR1 USR2 ALRM VTALRM PROF XCPU XFSZ PIPE; do
	n=$((n + 1))
	marker="sleep 29 $n.$$"
	(ulimit -c 0; exec "$S" -o "sig-$sig.csv" -- $marker 2> "err-$sig") &
	pid=$!
	# (its handlers are in place before it starts its command)
	wait_children $pid 1 sleep
	kill -s "$sig" $pid
	{ wait $pid; } 2> /dev/null
	st=$?
	is "$(kill -l $st 2> /dev/null)" "$sig" "SIG$sig ends the sampler by that signal (status $st)"
	is "$(processes_matching "$marker")" 0 "SIG$sig: no process of its tree is left behind"
	is "$(head -n 1 "sig-$sig.csv" 2> /dev/null)" "$contract" "SIG$sig: the -o file is written out"
done

# A reader that goes away: the next write gets SIGPIPE, and the tree ends with the sampler.
marker="sleep 29 3.$$"
"$S" -- $marker 2> err | head -c 1 > /dev/null
is "$(processes_matching "$marker")" 0 "stdout closed under it: no process of its tree is left"

# --- descendants born after the signal ----------------------------------------------------------
# command_has_sleep PID: the sampler PID's command, sh, has a child that has exec'd sleep
command_has_sleep() {
	_sh=$(pgrep -P "$1" -x sh) && has_children "$_sh" 1 sleep
}
# On SIGTERM the command starts 20 more sleeps and exits at once: they are born after the signal
# was forwarded, and orphaned (reparented to the sampler, its subreaper).
marker="sleep 29 4.$$"
"$S" -o late.csv -- sh -c "trap 'i=0; while [ \$i -lt 20 ]; do $marker & i=\$((i+1)); done; exit 0' TERM
	$marker & wait" 2> err &
pid=$!
wait_for command_has_sleep $pid
kill -s TERM $pid
{ wait $pid; } 2> /dev/null
is $? 143 "SIGTERM to a sampler whose command forks on SIGTERM: status 143"
is "$(processes_matching "$marker")" 0 "the children born after the signal are stopped too"
# A fork loop that goes on after SIGTERM, until SIGKILL (after 5 s) ends it: every process it
# started, even in the last moment, is gone with it.
marker="sleep 29 5.$$"
"$S" -o loop.csv -- sh -c "trap 'while :; do $marker & done' TERM; $marker & wait" 2> err &
pid=$!
wait_for command_has_sleep $pid
kill -s TERM $pid
{ wait $pid; } 2> /dev/null
is $? 143 "SIGTERM to a sampler whose command forks in a loop on SIGTERM: status 143"
is "$(processes_matching "$marker")" 0 "nothing the loop started is left behind"

# --- --pid of what cannot be followed ------------------------------------------------------------
# A thread: the Pss helper thread of a sampler that runs.
g1=$(gate th1)
"$S" -o th.csv -- "$G/sleep" "$g1" 2> /dev/null &
spid=$!
other_thread() {
	tid=$(ls "/proc/$spid/task" 2> /dev/null | grep -vx "$spid" | head -n 1)
	[ -n "$tid" ]
}
wait_for other_thread
"$S" --pid "$tid" > out 2> err
is $? 3 "--pid of a thread exits 3"
is "$(wc -l < err | tr -d ' ')" 1 "with one line on stderr"
like "$(cat err)" "--pid $tid: is a thread of process $spid" "naming the thread and its process"
is "$(cat out)" "" "and no CSV"
open_gate "$g1"
wait $spid
if [ "$(cat /proc/2/comm 2> /dev/null)" = kthreadd ]; then
	"$S" --pid 2 > out 2> err
	is $? 3 "--pid of a kernel thread (kthreadd) exits 3"
	like "$(cat err)" "--pid 2: cannot be followed" "saying it cannot be followed"
else
	skip "--pid of a kernel thread: pid 2 is not kthreadd here"
	skip "--pid of a kernel thread: pid 2 is not kthreadd here"
fi
done_testing
