# lib.sh — TAP helpers for shellout's shell tests (sourced, POSIX sh).
#
# Each test file sources this, calls ok/fails/... for every check and `done_testing` at the end;
# `prove` runs the files and prints the closing count.  Tests assert results; none is timed.
# Environment: SHELLOUT_BUILD (default build) names the folder of the programs under test;
# the corpus is always build/corpus.  Every test file works in its own temporary directory,
# on tmpfs where the drivers can reuse OUTDIRs there (scripts/scratch-dir.sh), removed on exit.

set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
B=$TOP/${SHELLOUT_BUILD:-build}
C=$TOP/build/corpus
T=$("$TOP/scripts/scratch-dir.sh" shellout-test "$B") || exit 1
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
_n=0
_failed=0

# ok STATUS DESCRIPTION: use as `cmd; ok $? "what"` (0 passes); returns 0 if it passed.
ok() {
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
		return 0
	fi
	echo "not ok $_n - $2"
	_failed=$((_failed + 1))
	return 1
}

# is GOT WANT DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		echo "#   got:  '$1'"
		echo "#   want: '$2'"
		return 1
	fi
}

# like TEXT PATTERN DESCRIPTION: TEXT matches the grep -E PATTERN
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		echo "#   got:  '$1'"
		echo "#   want match of: '$2'"
		return 1
	fi
}

skip() {
	_n=$((_n + 1))
	echo "ok $_n # SKIP $1"
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}

# The drivers, as they describe themselves (every $B/extract-* --describe): METHODS all of them,
# SPAWNING those that run a tool, INPROCESS those that extract in this process.  A program whose
# description cannot be read stays in the lists as a spawning one, so that its tests fail rather
# than vanish (tests/14-describe.t checks the descriptions themselves).  And the tools a spawning
# driver runs: every tool of the registry that extracts (not true), as build/tool-info resolves
# it, but a -bin tool that is the same program as its wrapper's here (7zz-bin where 7zz is already
# the binary).  A tool that is not found stays in the list, so that its tests fail rather than
# vanish.
_drivers=$(perl -MJSON::PP -e 'for my $p (@ARGV) {
		(my $m = $p) =~ s{.*/extract-}{};
		my $fh;
		my $d = open($fh, "-|", $p, "--describe") && eval { decode_json(join "", <$fh>) };
		print STDOUT ($d ? "$d->{method} $d->{kind}" : "$m spawning"), "\n";
	}' "$B"/extract-*)
METHODS=$(echo "$_drivers" | awk '{ printf "%s%s", sep, $1; sep = " " }')
SPAWNING=$(echo "$_drivers" | awk '$2 == "spawning" { printf "%s%s", sep, $1; sep = " " }')
INPROCESS=$(echo "$_drivers" | awk '$2 == "in-process" { printf "%s%s", sep, $1; sep = " " }')
TOOLS=$("$B/tool-info" | awk -F'\t' 'NR > 1 { path[$1] = $3 }
	NR > 1 && $1 != "true" && !($8 != "" && $3 != "" && $3 == path[$8]) { printf "%s ", $1 }')
# in_process METHOD: METHOD extracts in this process (runs no tool)
in_process() {
	case " $INPROCESS " in *" $1 "*) return 0 ;; esac
	return 1
}
# tools_of METHOD: the tools METHOD runs, or "-" for an in-process driver (run_driver's TOOL)
tools_of() {
	if in_process "$1"; then echo -; else echo $TOOLS; fi
}
# tool_for METHOD TOOL: TOOL, or "-" if METHOD is an in-process driver
tool_for() {
	if in_process "$1"; then echo -; else echo "$2"; fi
}
# run_driver METHOD TOOL ARGS...: runs build/extract-METHOD with --tool TOOL unless TOOL is "-"
run_driver() {
	"$TOP/tests/run-driver" "$@"
}

# csv_tsv FILE: FILE's CSV records (RFC 4180 quoting) as tab-separated lines, for awk.
csv_tsv() {
	perl -MText::CSV -e 'my $csv = Text::CSV->new({ binary => 1, auto_diag => 2 });
		open my $fh, "<:encoding(UTF-8)", $ARGV[0] or die "csv_tsv: $ARGV[0]: $!\n";
		binmode STDOUT, ":encoding(UTF-8)";
		while (my $r = $csv->getline($fh)) { print join("\t", map { $_ // "" } @$r), "\n" }
		$csv->eof or die "csv_tsv: $ARGV[0]: bad CSV at line $.\n"' "$1"
}

# col NAME FILE: the values of the CSV column NAME in FILE, one a line
col() {
	csv_tsv "$2" | awk -F'\t' -v name="$1" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; if (!c) exit 1; next }
		{ print $c }'
}

# Waiting: a test that needs another process to reach some state waits for that state itself
# (a process with a given parent and name, a line in a file), never for a while.  The deadline
# only guards against a hang: a slow machine waits longer, it does not fail.
DEADLINE=${SHELLOUT_TEST_DEADLINE:-120}

# uptime_s: whole seconds since boot (a monotonic clock, read without starting a process)
uptime_s() {
	read -r _up _idle < /proc/uptime
	echo "${_up%.*}"
}

# wait_for COMMAND [ARG...]: runs COMMAND (a program or a shell function) every 0.02 s until it
# succeeds; returns 0 then, or 1 with a note on stdout once DEADLINE seconds have passed.
wait_for() {
	_wf_end=$(($(uptime_s) + DEADLINE))
	until "$@"; do
		if [ "$(uptime_s)" -ge "$_wf_end" ]; then
			echo "# wait_for: gave up after $DEADLINE s: $*"
			return 1
		fi
		sleep 0.02
	done
}

# has_children PID N [NAME]: PID has at least N children (named NAME, if given: the name a
# process takes at exec, so a child that matches has exec'd)
has_children() {
	[ "$(pgrep -P "$1" ${3:+-x "$3"} | wc -l)" -ge "$2" ]
}

# wait_children PID N [NAME]: waits until PID has at least N children (named NAME, if given);
# returns 1 only at the deadline.  The caller checks what it needs.
wait_children() {
	wait_for has_children "$@"
}

# alive PID: PID exists and has not exited (a zombie has)
alive() {
	_st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ -n "$_st" ] && [ "$_st" != Z ] && [ "$_st" != X ]
}

# ended PID: PID has exited (a zombie, or gone)
ended() {
	! alive "$1"
}

# signum NAME: the signal's number here, from perl (dash's kill -l knows no SIGSTKFLT, SIGRTMIN)
signum() {
	perl -MConfig -e 'my %n; @n{split " ", $Config{sig_name}} = split " ", $Config{sig_num}; print $n{$ARGV[0]}' "$1"
}

# make_bomb OUT [NAME]: writes OUT, a tar.gz whose one entry NAME (default zeros) inflates to
# 4 GiB of zeros: slow to extract, quick to make (gzip members concatenate, so one compressed
# 64 MiB run of zeros is repeated).  NAME may be one no archiver would write, like ../zeros.
make_bomb() {
	_mb_dir=$(mktemp -d "$T/bomb.XXXXXX") || return 1
	truncate -s 4G "$_mb_dir/zeros"
	(cd "$_mb_dir" && tar -c --format=gnu --transform="s,^zeros\$,${2:-zeros}," zeros 2> /dev/null) |
		head -c 512 | gzip -1 > "$1"
	head -c 64M /dev/zero | gzip -1 > "$_mb_dir/z.gz"
	for _mb_i in $(seq 65); do cat "$_mb_dir/z.gz"; done >> "$1"
	rm -rf "$_mb_dir"
}

# processes_matching TEXT: how many live processes have TEXT in their command line
processes_matching() {
	pgrep -f -- "$1" | wc -l | tr -d ' '
}
