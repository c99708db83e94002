# Bench.pm — what the experiment kinds of a benchmark run share (scripts/lib/Kind/*.pm): the
# machine, the tools and drivers, the corpus, the plan being built, and running a command of a
# point in a process group of its own.  bench.pl makes one Bench object and hands it to each kind.
#
# A kind is one module, scripts/lib/Kind/NAME.pm, that bench.pl finds by listing the folder:
#   name()          its suite keyword ("spawn-cost")
#   grammar()       (\@keys, \@optional): the keys its suite lines take
#   plan(B, STEP)   adds its points for one parsed suite line to B's plan (B->add)
#   run(B, POINT)   runs one of its points, appending its records; returns true if it succeeded
# Points are hashes with at least kind (the module's name()), desc (the progress line) and est
# (a rough duration in seconds).
package Bench;

use strict;
use warnings;
use POSIX ();
use Text::CSV;
use File::Path qw(remove_tree);
use Registry qw(series);
use Shellout qw(write_file);

# Set by bench.pl's signal handlers: the signal that stopped the run, and the process group of
# the command running now (which a stop signal kills).
our ($stop, $child_pgid);
our @STOP_SIGNALS;
our %signum;

# new(%fields): top, build, corpus, tool (the resolved tools), drivers (--describe), and on
# its way run, work and scratch (the run folder, its .work and the scratch OUTDIR folder).
sub new {
	my ($class, %f) = @_;
	my $b = bless { plan => [], notes => [], rounds_used => {}, skipped_tool => {}, manifest => {}, %f }, $class;
	$b->{mem_avail} = meminfo_kb('MemAvailable') * 1024;
	$b->{thp_mode} = slurp('/sys/kernel/mm/transparent_hugepage/enabled') =~ /\[(\w+)\]/ ? $1 : 'none';
	return $b;
}

sub usage_error { print STDERR "bench: $_[1]\n"; exit 2 }
sub env_error   { print STDERR "bench: $_[1]\n"; exit 3 }
sub add { my $b = shift; push @{ $b->{plan} }, @_ }
sub kind_of { my ($b, $m) = @_; return ($b->{drivers}{$m} // {})->{kind} // 'bare' }

# note(TEXT): something skipped or worth knowing; printed now and kept for REPORT.md (notes.txt).
sub note {
	my ($b, $text) = @_;
	print STDERR "bench: note: $text\n";
	push @{ $b->{notes} }, $text;
	append("$b->{run}/notes.txt", '', "$text\n") if $b->{run} && -d $b->{run};
}

# --- the machine and the corpus ----------------------------------------------------------------
sub slurp { open my $f, '<', $_[0] or return ''; local $/; my $t = <$f>; return $t // '' }
sub meminfo_kb { my ($k) = @_; slurp('/proc/meminfo') =~ /^\Q$k\E:\s+(\d+)/m ? $1 : 0 }
sub have { my ($cmd) = @_; return scalar grep { -x "$_/$cmd" } split /:/, $ENV{PATH} }

# bytes(SIZE): "0", "64M", "1G" in bytes; undef if SIZE is not such a size.
sub bytes {
	my ($s) = @_;
	$s =~ /^(\d+)([KMG]?)$/ or return undef;
	return $1 * { '' => 1, K => 1024, M => 1 << 20, G => 1 << 30 }->{$2};
}

# fits(BYTES, WHAT): whether a ballast of BYTES leaves 1 GiB of MemAvailable to spare; a note
# says WHAT was skipped if not.
sub fits {
	my ($b, $bytes, $what) = @_;
	return 1 if $bytes <= $b->{mem_avail} - (1 << 30);
	$b->note("$what does not fit MemAvailable (" . int($b->{mem_avail} / (1 << 20)) . " MiB) with 1 GiB to spare: skipped");
	return 0;
}

# manifest_totals(ARCHIVE): (spec, content bytes, files) of ARCHIVE from its corpus manifest
# (every entry of type f), read once; () if there is no manifest.
sub manifest_totals {
	my ($b, $a) = @_;
	return @{ $b->{manifest}{$a} //= do {
		(my $name = $a) =~ s/\.[^.]*(\.(gz|xz))?$//;
		my ($bytes, $files) = (0, 0);
		if (open my $m, '<', "$b->{corpus}/$name.manifest") {
			while (<$m>) { my @f = split /\t/; if ($f[0] eq 'f') { $bytes += $f[1]; $files++ } }
			[$name, $bytes, $files];
		} else {
			[];
		}
	} };
}

sub archive_ok {
	my ($b, $a, $where) = @_;
	-f "$b->{corpus}/$a" or $b->env_error("$where: $b->{corpus}/$a missing: run make corpus");
	return 1;
}

# est_iter(METHOD, ARCHIVE, GIB, THP): seconds per iteration, for the progress line only, by
# kind (names are not modelled): starting a tool ~4 ms, an in-process call ~0.2 ms, 12 ms per MiB
# of content, and a spawning method charged for a fork's page-table copy whichever it is (an
# over-estimate for vfork and posix_spawn, corrected as points finish).
sub est_iter {
	my ($b, $m, $a, $gib, $thp) = @_;
	my $sp = $b->kind_of($m) ne 'in-process'; # a bare tool is a spawned one
	my (undef, $bytes) = $b->manifest_totals($a);
	my $ms = ($sp ? 4 : 0.2) + 12 * ($bytes // 0) / (1 << 20);
	$ms += ($thp ? 3 : 50) * $gib if $sp;
	return $ms / 1000;
}

# --- drivers and tools ------------------------------------------------------------------------

# tool_ok(TOOL): whether TOOL was found; a missing one is skipped with one note (the resolver's
# own line: the PATH searched, the override, the package), and so is a tool that is the same
# program as another one (a -bin tool where the command is already the binary): it would
# measure it twice.
sub tool_ok {
	my ($b, $t) = @_;
	my $r = $b->{tool}{$t};
	if ($r->{status} ne 'ok') {
		$b->note("$r->{status}: its points are skipped") if !$b->{skipped_tool}{$t}++;
		return 0;
	}
	my $w = $r->{unwraps} && $b->{tool}{ $r->{unwraps} };
	if ($w && $w->{status} eq 'ok' && $w->{path} eq $r->{path}) {
		$b->note("$t is the same program as $w->{name} here ($r->{path}, $r->{kind}): its points are skipped")
			if !$b->{skipped_tool}{$t}++;
		return 0;
	}
	return 1;
}

# tools_for(METHOD, STEP): what METHOD runs in STEP: the step's tools that are here, or, for an
# in-process driver, itself (its records' tool column is its own name).
sub tools_for {
	my ($b, $m, $s) = @_;
	return $b->kind_of($m) eq 'in-process' ? ($m) : grep { $b->tool_ok($_) } @{ $s->{tools} };
}

sub series_of { my ($b, $m, $t) = @_; return series($m, $t, $b->kind_of($m)) }

sub driver_argv {
	my ($b, $m, $t) = @_;
	return $b->kind_of($m) eq 'in-process' ? ("$b->{build}/extract-$m") : ("$b->{build}/extract-$m", '--tool', $t);
}

# bare_command(TOOL, ARCHIVE, OUTDIR): the command line that runs TOOL on its own, as the
# drivers would (build/tool-info --argv), its program named by its resolved path; undef for a
# tool that needs a pipeline on this archive (hyperfine -N runs no shell), or whose command
# does not name the archive (it extracts nothing: process creation only).
sub bare_command {
	my ($b, $t, $a, $o) = @_;
	open my $fh, '-|', "$b->{build}/tool-info", '--argv', $t, $a, $o or return undef;
	my @steps = <$fh>;
	close $fh or return undef;
	return undef if @steps != 1;
	chomp(my $line = $steps[0]);
	my @argv = split /\t/, $line;
	return undef if !grep { index($_, $a) >= 0 } @argv;
	$argv[0] = $b->{tool}{$t}{path};
	return shell_words(@argv);
}

# --- rounds and the floor -----------------------------------------------------------------------

# floor_point(STEP, EXP, ROUND): with floor=N, the point that runs build/floor-spawn N times
# before the step's round ROUND (and once more after its last round): the machine's own speed
# next to the points, outside the code under test.  scripts/regress.pl divides each round's
# times by the floor measured before and after it, to tell a slow spell of the VM from a slower
# driver.  None without floor=.
sub floor_point {
	my ($b, $s, $exp, $r) = @_;
	return () if !$s->{floor};
	$b->env_error("$b->{build}/floor-spawn missing: run make first") if !-x "$b->{build}/floor-spawn";
	return { kind => 'floor', exp => $exp, round => $r, desc => "floor: bare posix_spawn of true x$s->{floor}, $exp round $r",
		argv => ["$b->{build}/floor-spawn", '--csv', '-n', $s->{floor}], est => 0.02 + 0.0008 * $s->{floor} };
}

# each_round(STEP, EXP, CODE): plans STEP's rounds: CODE(R, ROUND, \@METHODS) for each, R
# counting from 1 within the step, ROUND on across the steps of EXP (one spare for the floor
# after a step's last round), so that a round number names one stretch of time in latency.csv
# and floor.csv; METHODS is the step's methods, reversed every other round so that a slow spell
# of a noisy machine does not fall on one method only.  With floor=N, a floor point before each
# round and after the last.
sub each_round {
	my ($b, $s, $exp, $code) = @_;
	my $base = $b->{rounds_used}{$exp} // 0;
	my $n = $s->{rounds} // 1;
	$b->{rounds_used}{$exp} = $base + $n + 1;
	for my $r (1 .. $n) {
		$b->add($b->floor_point($s, $exp, $base + $r));
		my @m = @{ $s->{methods} // [] };
		@m = reverse @m if $r % 2 == 0;
		$code->($r, $base + $r, \@m);
	}
	$b->add($b->floor_point($s, $exp, $base + $n + 1));
}

# driver_point(EXP, ROUND, ARCHIVE, DESC, EST, ARGV...): a point that runs one driver with --csv.
sub driver_point {
	my ($b, $exp, $round, $a, $desc, $est, @argv) = @_;
	return { kind => $exp, exp => $exp, round => $round, archive => $a, desc => $desc, est => $est, argv => \@argv };
}

# --- running ---------------------------------------------------------------------------------

# first_line(ARGV...): the first line of what the command ARGV prints on stdout (its stderr
# thrown away), trailing white space removed; '' if it cannot be run.  A list, never a shell
# line: paths go through as they are, whatever their spaces, quotes or bytes.
sub first_line {
	my @argv = @_;
	my $pid = open(my $fh, '-|') // return '';
	if (!$pid) {
		open STDERR, '>', '/dev/null';
		exec { $argv[0] } @argv or POSIX::_exit(127);
	}
	my $line = <$fh> // '';
	local $_; # (the loop below must not clobber a caller's $_)
	1 while <$fh>; # to the end, so that the command does not die of SIGPIPE
	close $fh;
	$line =~ s/\s+$//;
	return $line;
}

# shell_words(WORDS...): the words as one POSIX shell command line, each quoted where it needs
# to be: hyperfine -N splits its commands into words the way sh does.
sub shell_words {
	return join ' ', map { m{^[\w./:,+=@%-]+$} ? $_ : "'" . s/'/'\\''/gr . "'" } @_;
}

# run_cmd(\@argv, STDOUT_FILE, STDERR_FILE[, CWD]): runs ARGV in a process group of its own, in
# CWD (default: the run folder), waits for it, and returns its wait status.  A file undef:
# inherit stderr; stdout then goes to stderr too, since bench.pl's own stdout carries only the
# run folder.  Whatever the group left behind is killed.
sub run_cmd {
	my ($b, $argv, $out, $err, $cwd) = @_;
	my $pid = fork // die "fork: $!\n";
	if (!$pid) {
		# The child never returns into the script (no die: END blocks are the parent's).
		my $fail = sub { print STDERR "bench: $_[0]: $!\n"; POSIX::_exit(127) };
		POSIX::setpgid(0, 0);
		$SIG{$_} = 'DEFAULT' for grep { exists $signum{$_} } @STOP_SIGNALS, 'PIPE';
		if (defined $out) { open STDOUT, '>', $out or $fail->($out) } else { open STDOUT, '>&', \*STDERR or $fail->('stdout') }
		if (defined $err) { open STDERR, '>', $err or $fail->($err) }
		chdir($cwd // $b->{run}) or $fail->($cwd // $b->{run});
		exec { $argv->[0] } @$argv or $fail->($argv->[0]);
	}
	POSIX::setpgid($pid, $pid); # also here, so that a signal right after fork finds the group
	$child_pgid = $pid;
	kill 'TERM', -$pid if $stop; # a signal that came before the group existed
	waitpid($pid, 0);
	my $st = $?;
	alarm 0;
	kill 'KILL', -$pid; # strays of the group, if any (normally none: ESRCH)
	$child_pgid = undef;
	return $st;
}

# append(FILE, HEADER, LINES): appends LINES to FILE, writing HEADER first if FILE is new.
sub append {
	my ($file, $header, $lines) = @_;
	my $new = !-e $file;
	open my $fh, '>>', $file or die "$file: $!\n";
	print $fh $header if $new;
	print $fh $lines;
	close $fh or die "$file: $!\n";
}

# log_stderr(FILE, DESC): a point's stderr, shown indented and kept in bench.log.
sub log_stderr {
	my ($b, $file, $desc) = @_;
	my $text = slurp($file);
	return if $text eq '';
	print STDERR map { "  | $_\n" } split /\n/, $text;
	append("$b->{run}/bench.log", '', "== $desc\n$text");
}

# whole_records(FILE, DESC): (HEADER, \@columns, {line, fields}...) of a CSV file a point wrote,
# each record as its line and its fields: only whole records, with the header's field count and
# a newline at the end (a program killed half-way through a line must not corrupt the next
# point's first record); a record left out is said.  () without a whole header line.
sub whole_records {
	my ($file, $desc) = @_;
	my $csv = Text::CSV->new({ binary => 1 });
	open my $fh, '<', $file or die "$file: $!\n";
	my $h = <$fh> // '';
	return () if $h !~ /\n$/ || !$csv->parse($h =~ s/\n$//r);
	my @cols = $csv->fields;
	my @rows;
	while (my $l = <$fh>) {
		if ($l =~ /\n$/ && $csv->parse($l =~ s/\n$//r) && $csv->fields == @cols) {
			push @rows, { line => $l, fields => [$csv->fields] };
		} else {
			print STDERR "bench: $desc: a malformed record left out\n";
		}
	}
	close $fh;
	return ($h, \@cols, @rows);
}

# run_driver(P): runs a driver point (spawn-cost, extract, peak): the driver with --csv from the
# corpus folder (so that the records name the archive, not a path of this machine), its records
# appended to latency.csv with experiment and round in front.  True if the driver exited 0.
sub run_driver {
	my ($b, $p) = @_;
	my ($out, $err, $work) = ("$b->{work}/out", "$b->{work}/err", $b->{work});
	my ($prog, @args) = @{ $p->{argv} };
	my $st = $b->run_cmd([$prog, '--csv', @args, "$b->{scratch}/out"], $out, $err, $b->{corpus});
	return 0 if $stop;
	$b->log_stderr($err, $p->{desc});
	my ($header, undef, @rows) = whole_records($out, $p->{desc});
	# the records as the driver wrote them, experiment and round in front
	my $lines = join '', map { "$p->{exp},$p->{round},$_->{line}" } @rows;
	if (defined $header) {
		append("$work/latency.csv", "experiment,round,$header", $lines);
		if (!-e "$work/header") {
			write_file("$work/header", $header);
		} elsif (slurp("$work/header") ne $header) {
			die "$p->{desc}: the driver's CSV header differs from the earlier points'\n";
		}
	}
	return $st == 0;
}

# run_floor(P): runs a floor point (build/floor-spawn --csv), its records appended to floor.csv.
sub run_floor {
	my ($b, $p) = @_;
	my ($out, $err) = ("$b->{work}/out", "$b->{work}/err");
	my $st = $b->run_cmd($p->{argv}, $out, $err);
	return 0 if $stop;
	$b->log_stderr($err, $p->{desc});
	return 0 if $st != 0;
	my (undef, $cols, @rows) = whole_records($out, $p->{desc});
	my %c = map { $cols->[$_] => $_ } 0 .. $#{ $cols // [] };
	die "$p->{desc}: floor-spawn's header lacks iter, wall_ns or status\n" if grep { !defined $c{$_} } qw(iter wall_ns status);
	my $lines = join '', map { join(',', $p->{exp}, $p->{round}, @{ $_->{fields} }[@c{qw(iter wall_ns status)}]) . "\n" } @rows;
	append("$b->{work}/floor.csv", "experiment,round,iter,wall_ns,status\n", $lines);
	return 1;
}

# publish_work: the records gathered so far, renamed from .work/ into the run folder, with
# archives.csv (what each archive of the run holds, from the corpus manifests).
sub publish_work {
	my ($b) = @_;
	my $work = $b->{work};
	return if !-d $work;
	opendir my $dh, $work or die "$work: $!\n";
	rename "$work/$_", "$b->{run}/$_" for grep { /\.csv$/ && -f "$work/$_" } readdir $dh;
	closedir $dh;
	my (%seen, @rows);
	for my $p (@{ $b->{plan} }) {
		my $a = $p->{archive} // next;
		next if $seen{$a}++;
		my ($name, $bytes, $files) = $b->manifest_totals($a) or next;
		push @rows, { archive => $a, spec => $name, archive_bytes => -s "$b->{corpus}/$a",
			content_bytes => $bytes, files => $files };
	}
	Shellout::write_csv("$b->{run}/archives.csv", [qw(archive spec archive_bytes content_bytes files)], \@rows);
	remove_tree($work);
}

1;
