#!/usr/bin/perl
# bench.pl — run a benchmark suite (bench/suites/NAME.suite) and leave a run folder with the
# records, the summary, the plots and the report.  `make bench` calls it; see README.md.
#
# usage: scripts/bench.pl [--suite NAME|FILE] [--results DIR] [--build DIR] [--corpus DIR] [--dry-run]
#
# The suite is expanded into a plan of points first, so that progress can say [k/N] and an
# estimate of the time left.  Each point runs in its own process group.  A signal that would
# kill bench.pl (SIGINT, SIGQUIT, SIGTERM, SIGHUP and the others in @STOP_SIGNALS below) kills
# that group and reaps the point, removes the scratch folder, leaves the run folder marked
# INCOMPLETE ("interrupted by SIGQUIT at <UTC time> ..."), and does not move results/latest; so
# does a failure of the harness itself.  results/latest moves only to a run whose REPORT.md was
# written.
# Exit status: 0 the run is complete; 1 complete, but some points failed (REPORT.md lists them);
# 2 usage error (a bad option or suite line); 3 environment error (a program or archive
# missing, results folder not writable), or no REPORT.md could be made from the records (the
# run is left INCOMPLETE, saying why); 128+N interrupted by signal N.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Shellout qw(write_csv write_file);
use Registry qw(describe_drivers series);
use Text::CSV;
use Getopt::Long qw(GetOptionsFromArray);
use POSIX qw(strftime);
use Time::HiRes qw(time);
use JSON::PP;
use File::Path qw(make_path remove_tree);
use Cwd qw(abs_path);
use Config;

my $top = abs_path("$FindBin::Bin/..");
my $main_pid = $$;

# Signals first, before anything is created: every signal whose default action ends the process
# and that can be caught stops the run cleanly (see run_cmd and finish_partial), whoever sends
# it: Ctrl-C (INT), Ctrl-\ (QUIT), kill (TERM), a closed terminal (HUP), a CPU or file-size
# limit (XCPU, XFSZ), a stray timer or user signal.  Not here: the faults a program raises on
# itself (SEGV, BUS, FPE, ILL, TRAP, ABRT, SYS), which a Perl handler cannot recover from, and
# the real-time signals, which nothing sends to a shell command.  SIGPIPE is ignored: a closed
# stderr (bench.pl | head) must not cost the run; the points get it back at its default.  A
# signal that the caller ignores (nohup) stays ignored.
our @STOP_SIGNALS = qw(HUP INT QUIT TERM USR1 USR2 ALRM STKFLT XCPU XFSZ VTALRM PROF IO PWR);
my %signum;
@signum{ split ' ', $Config{sig_name} } = split ' ', $Config{sig_num};
our ($child_pgid, $stop);
sub on_signal {
	my ($sig) = @_;
	$stop //= $sig;
	if ($child_pgid) {
		kill 'TERM', -$child_pgid;
		alarm 3; # then SIGKILL, whatever is left of the group
	}
}
for my $sig (@STOP_SIGNALS) {
	$SIG{$sig} = \&on_signal if exists $signum{$sig} && ($SIG{$sig} // '') ne 'IGNORE';
}
# SIGALRM is also this script's own: the alarm set after a stop signal, to SIGKILL what is left of
# the point's group, so it is always caught.  Before any stop, a SIGALRM can only come from
# outside, and stops the run (unless the caller ignored it).
my $alrm_ignored = ($SIG{ALRM} // '') eq 'IGNORE';
$SIG{ALRM} = sub {
	if ($stop) { kill 'KILL', -$child_pgid if $child_pgid }
	elsif (!$alrm_ignored) { on_signal('ALRM') }
};
$SIG{PIPE} = 'IGNORE';
my %opt = (suite => 'quick', results => "$top/results", build => "$top/build",
	corpus => "$top/build/corpus");
GetOptionsFromArray(\@ARGV, \%opt, 'suite=s', 'results=s', 'build=s', 'corpus=s', 'dry-run',
	'help|h') or usage_error('see --help');
if ($opt{help}) {
	print "usage: scripts/bench.pl [--suite NAME|FILE] [--results DIR] [--dry-run]\n",
		"  --suite    bench/suites/NAME.suite or a file (default quick)\n",
		"  --results  where the run folder goes (default results/)\n",
		"  --dry-run  print the plan and exit\n",
		"  --build    the programs' folder (default build/; build-san/ for the sanitizer build)\n",
		"  --corpus   the archives' folder (default build/corpus/)\n",
		"exit: 0 complete; 1 some points failed; 2 usage; 3 environment; 128+N signal N\n";
	exit 0;
}
usage_error("unexpected argument '$ARGV[0]'") if @ARGV;

sub usage_error { print STDERR "bench: $_[0]\n"; exit 2 }
sub env_error   { print STDERR "bench: $_[0]\n"; exit 3 }
# note(TEXT): something skipped or worth knowing; printed now and kept for REPORT.md (notes.txt).
our (@notes, $run);
sub note {
	print STDERR "bench: note: $_[0]\n";
	push @notes, $_[0];
	append("$run/notes.txt", '', "$_[0]\n") if $run && -d $run;
}

my $suite_file = $opt{suite} =~ m{/} || -f $opt{suite} ? $opt{suite}
	: "$top/bench/suites/$opt{suite}.suite";
-f $suite_file or usage_error("no suite '$opt{suite}' ($suite_file not found)");
(my $suite_name = $suite_file) =~ s{.*/|\.suite$}{}g;
my ($build, $corpus) = ($opt{build}, $opt{corpus});

# --- the machine ---------------------------------------------------------------------------
sub slurp { open my $f, '<', $_[0] or return ''; local $/; my $t = <$f>; return $t // '' }
sub meminfo_kb { my ($k) = @_; slurp('/proc/meminfo') =~ /^\Q$k\E:\s+(\d+)/m ? $1 : 0 }
my $thp_mode = slurp('/sys/kernel/mm/transparent_hugepage/enabled') =~ /\[(\w+)\]/ ? $1 : 'none';
sub have { my ($cmd) = @_; return scalar grep { -x "$_/$cmd" } split /:/, $ENV{PATH} }

# The tools, resolved once by build/tool-info, the resolver the drivers use (src/tool.h): on
# PATH, or where SHELLOUT_TOOL_<NAME> says.  Each is exported to the points as its resolved
# path, so that what runs is what env.json and the records name, whatever a point's PATH.
my %tool;
sub read_tools {
	-x "$build/tool-info" or env_error("$build/tool-info missing: run make first");
	open my $fh, '-|', "$build/tool-info" or env_error("$build/tool-info: $!");
	chomp(my $h = <$fh> // '');
	my @cols = split /\t/, $h;
	while (my $l = <$fh>) {
		chomp $l;
		my %r;
		@r{@cols} = split /\t/, $l, -1;
		$tool{ $r{name} } = \%r;
	}
	close $fh or env_error("$build/tool-info failed (status $?)");
	for my $r (values %tool) {
		$ENV{ $r->{override} } = $r->{path} if $r->{status} eq 'ok';
	}
}
read_tools();

# The drivers, as they describe themselves (Registry.pm): which methods exist and their kinds.
my $drivers = eval { describe_drivers($build) } // env_error($@ =~ s/\n$//r);
sub kind_of { $drivers->{ $_[0] }{kind} }

sub bytes {
	my ($s) = @_;
	$s =~ /^(\d+)([KMG]?)$/ or return undef;
	return $1 * { '' => 1, K => 1024, M => 1 << 20, G => 1 << 30 }->{$2};
}

# --- the suite -------------------------------------------------------------------------------
# Each line: KIND key=value...; lists are comma-separated.  Returns the lines as hashes.
sub parse_suite {
	my ($file) = @_;
	my %keys = (
		corpus => [],
		'spawn-cost' => [qw(methods tools archive ballasts thp iterations warmup rounds floor)],
		extract => [qw(methods tools archives warmup rounds floor)],
		peak => [qw(methods tools archive iterations)],
		hyperfine => [qw(methods tools archives runs warmup)],
		syscalls => [qw(methods tools archives iterations)],
		memory => [qw(scenario method tool archive ballast iterations)],
		# What the report's headlines and make regress's within-run ratios compare (none needed).
		headline => [qw(reference method tool process archive pair memory ladder)],
	);
	my %optional = (tool => 1, ballast => 1, warmup => 1, rounds => 1, floor => 1,
		map { $_ => 1 } @{ $keys{headline} });
	my @steps;
	open my $fh, '<', $file or env_error("$file: $!");
	while (my $line = <$fh>) {
		chomp $line;
		$line =~ s/^\s+|\s+$//g;
		next if $line eq '' || $line =~ /^#/;
		my ($kind, @words) = split /\s+/, $line;
		my $where = "$file:$.";
		usage_error("$where: unknown step '$kind'") if !$keys{$kind};
		my %s = (kind => $kind, where => $where);
		if ($kind eq 'corpus') { $s{specs} = [@words]; push @steps, \%s; next }
		usage_error("$where: one headline line per suite") if $kind eq 'headline' && grep { $_->{kind} eq 'headline' } @steps;
		for my $w (@words) {
			my ($k, $v) = $w =~ /^([a-z-]+)=(\S+)$/ or usage_error("$where: '$w' is not key=value");
			usage_error("$where: $kind takes no '$k'") if !grep { $_ eq $k } @{ $keys{$kind} };
			$s{$k} = $v;
		}
		for my $k (@{ $keys{$kind} }) {
			usage_error("$where: $kind needs $k=") if !exists $s{$k} && !$optional{$k};
		}
		$s{$_} = [split /,/, $s{$_}] for grep { exists $s{$_} } qw(methods tools archives ballasts thp);
		for my $k (qw(iterations warmup rounds runs floor)) {
			next if !exists $s{$k};
			usage_error("$where: $k=$s{$k} is not a count") if $s{$k} !~ /^\d+$/;
		}
		$s{$_} = [split m{/}, $s{$_}] for grep { exists $s{$_} } qw(pair memory);
		for my $k (qw(pair memory)) {
			usage_error("$where: $k=$s{$k} is not A/B") if $s{$k} && @{ $s{$k} } != 2;
		}
		for my $m (@{ $s{methods} // [$s{method} // ()] }, @{ $s{pair} // [] }) {
			usage_error("$where: no driver for method '$m' (known: " . join(', ', sort keys %$drivers)
				. "; a method is a src/drv_METHOD.c, built by make)") if !$drivers->{$m};
		}
		usage_error("$where: memory scenario of the spawning method '$s{method}' needs tool=")
			if $kind eq 'memory' && kind_of($s{method}) eq 'spawning' && !$s{tool};
		env_error("$build/proc-sampler missing: run make first") if $kind eq 'memory' && !-x "$build/proc-sampler";
		for my $t (@{ $s{tools} // [$s{tool} // ()] }, $s{process} // ()) {
			usage_error("$where: unknown tool '$t' (known: " . join(', ', sort keys %tool) . ')') if !$tool{$t};
		}
		for my $x (@{ $s{ballasts} // [] }, $s{ballast} // ()) {
			usage_error("$where: ballast '$x' is not a size like 0, 64M, 1G") if !defined bytes($x);
		}
		push @steps, \%s;
	}
	return @steps;
}

my @steps = parse_suite($suite_file);

# The headline choices, resolved: the suite's headline line, and for what it leaves out the
# first of its kind in the suite's own order (the first extract step's first in-process method,
# spawning method, tool and archive; the spawn-cost step's first tool).  Written to suite.json,
# which analyze.pl, report.pl and regress.pl read instead of naming anything.
sub headline {
	my ($h) = grep { $_->{kind} eq 'headline' } @steps;
	my %h = map { $_ => $h->{$_} } grep { defined $h->{$_} } qw(reference method tool process archive pair memory ladder);
	my ($ex) = grep { $_->{kind} eq 'extract' } @steps;
	my ($sc) = grep { $_->{kind} eq 'spawn-cost' } @steps;
	if ($ex) {
		$h{reference} //= (grep { kind_of($_) eq 'in-process' } @{ $ex->{methods} })[0];
		$h{method} //= (grep { kind_of($_) eq 'spawning' } @{ $ex->{methods} })[0];
		$h{tool} //= $ex->{tools}[0];
		$h{archive} //= (split /:/, $ex->{archives}[0])[0];
	}
	$h{process} //= $sc->{tools}[0] if $sc;
	usage_error("$h->{where}: reference=$h{reference} is not an in-process method")
		if $h && $h{reference} && kind_of($h{reference}) ne 'in-process';
	usage_error("$h->{where}: method=$h{method} is not a spawning method")
		if $h && $h{method} && kind_of($h{method}) ne 'spawning';
	return { map { $_ => $h{$_} } grep { defined $h{$_} } keys %h };
}
my $headline = headline();

# --- the plan --------------------------------------------------------------------------------
# A rough model of each point's duration, in seconds, only for the progress line's estimate;
# the estimate is rescaled by how long the finished points really took.
my %manifest;
# manifest_totals(ARCHIVE): (spec, content bytes, files) of ARCHIVE from its corpus manifest
# (every entry of type f), read once; () if there is no manifest.
sub manifest_totals {
	my ($a) = @_;
	return @{ $manifest{$a} //= do {
		(my $name = $a) =~ s/\.[^.]*(\.(gz|xz))?$//;
		my ($bytes, $files) = (0, 0);
		if (open my $m, '<', "$corpus/$name.manifest") {
			while (<$m>) { my @f = split /\t/; if ($f[0] eq 'f') { $bytes += $f[1]; $files++ } }
			[$name, $bytes, $files];
		} else {
			[];
		}
	} };
}
sub content_mib { my (undef, $bytes) = manifest_totals($_[0]); return ($bytes // 0) / (1 << 20) }
# est_iter(METHOD, ARCHIVE, GIB, THP): seconds per iteration, by kind only (names are not
# modelled): starting a tool ~4 ms, an in-process call ~0.2 ms, 12 ms per MiB of content, and a
# spawning method charged for a fork's page-table copy whichever it is (an over-estimate for
# vfork and posix_spawn, corrected as points finish).
sub est_iter {
	my ($m, $a, $gib, $thp) = @_;
	my $sp = ($drivers->{$m}{kind} // "bare") ne "in-process"; # a bare tool is a spawned one
	my $ms = ($sp ? 4 : 0.2) + 12 * content_mib($a);
	$ms += ($thp ? 3 : 50) * $gib if $sp;
	return $ms / 1000;
}

my $mem_avail = meminfo_kb('MemAvailable') * 1024;
my @plan;
my %skipped_tool;

# tool_ok(TOOL): whether TOOL was found; a missing one is skipped with one note (the resolver's
# own line: the PATH searched, the override, the package), and so is a tool that is the same
# program as another one (7zz-bin where 7zz is already the binary): it would measure it twice.
sub tool_ok {
	my ($t) = @_;
	my $r = $tool{$t};
	if ($r->{status} ne 'ok') {
		note("$r->{status}: its points are skipped") if !$skipped_tool{$t}++;
		return 0;
	}
	my $w = $r->{unwraps} && $tool{ $r->{unwraps} };
	if ($w && $w->{status} eq 'ok' && $w->{path} eq $r->{path}) {
		note("$t is the same program as $w->{name} here ($r->{path}, $r->{kind}): its points are skipped")
			if !$skipped_tool{$t}++;
		return 0;
	}
	return 1;
}
sub archive_ok {
	my ($a, $where) = @_;
	-f "$corpus/$a" or env_error("$where: $corpus/$a missing: run make corpus");
	return 1;
}
sub driver_argv {
	my ($m, $t) = @_;
	return kind_of($m) eq 'in-process' ? ("$build/extract-$m") : ("$build/extract-$m", '--tool', $t);
}
# bare_command(TOOL, ARCHIVE, OUTDIR): the command line that runs TOOL on its own, as the
# drivers would (build/tool-info --argv), its program named by its resolved path; undef for a
# tool that needs a pipeline on this archive (hyperfine -N runs no shell).
sub bare_command {
	my ($t, $a, $o) = @_;
	open my $fh, '-|', "$build/tool-info", '--argv', $t, $a, $o or return undef;
	my @steps = <$fh>;
	close $fh or return undef;
	return undef if @steps != 1;
	chomp(my $line = $steps[0]);
	my @argv = split /\t/, $line;
	return undef if !grep { index($_, $a) >= 0 } @argv; # it extracts nothing: process creation only
	$argv[0] = $tool{$t}{path};
	return shell_words(@argv);
}
# floor_point(STEP, EXP, ROUND): with floor=N, the point that runs build/floor-spawn N times
# before the step's round ROUND (and once more after its last round): the machine's own speed
# next to the points, outside the code under test.  scripts/regress.pl divides each round's
# times by the floor measured before and after it, to tell a slow spell of the VM from a slower
# driver.  None without floor=.
sub floor_point {
	my ($s, $exp, $r) = @_;
	return () if !$s->{floor};
	env_error("$build/floor-spawn missing: run make first") if !-x "$build/floor-spawn";
	return { kind => 'floor', exp => $exp, round => $r, desc => "floor: bare posix_spawn of true x$s->{floor}, $exp round $r",
		argv => ["$build/floor-spawn", '--csv', '-n', $s->{floor}], est => 0.02 + 0.0008 * $s->{floor} };
}
# each_round(STEP, EXP, CODE): plans STEP's rounds: CODE(R, ROUND) for each, R counting from 1
# within the step, ROUND on across the steps of EXP (one spare for the floor after a step's last
# round), so that a round number names one stretch of time in latency.csv and floor.csv; with
# floor=N, a floor point before each round and after the last.
my %rounds_used;
sub each_round {
	my ($s, $exp, $code) = @_;
	my $base = $rounds_used{$exp} // 0;
	my $n = $s->{rounds} // 1;
	$rounds_used{$exp} = $base + $n + 1;
	for my $r (1 .. $n) {
		push @plan, floor_point($s, $exp, $base + $r);
		$code->($r, $base + $r);
	}
	push @plan, floor_point($s, $exp, $base + $n + 1);
}
# tools_for(METHOD, STEP): what METHOD runs in STEP: the step's tools that are here, or, for an
# in-process driver, itself (its records' tool column is its own name).
sub tools_for {
	my ($m, $s) = @_;
	return kind_of($m) eq 'in-process' ? ($m) : grep { tool_ok($_) } @{ $s->{tools} };
}

for my $s (@steps) {
	my $k = $s->{kind};
	if ($k eq 'spawn-cost') {
		archive_ok($s->{archive}, $s->{where});
		my ($n, $w) = ($s->{iterations}, $s->{warmup} // 0);
		for my $x (@{ $s->{ballasts} }) {
			# Leave room for everything else: a ballast that would eat the last GiB is skipped.
			if (bytes($x) > $mem_avail - (1 << 30)) {
				note("ballast $x does not fit MemAvailable (" . int($mem_avail / (1 << 20))
					. " MiB) with 1 GiB to spare: skipped");
				$x = undef;
			}
		}
		my @thp = @{ $s->{thp} };
		if (grep { $_ } @thp and $thp_mode eq 'never' || $thp_mode eq 'none') {
			note("transparent huge pages are '$thp_mode' here: the THP points are skipped");
			@thp = grep { !$_ } @thp;
		}
		each_round($s, 'spawn-cost', sub {
			my ($r, $round) = @_;
			for my $x (grep { defined } @{ $s->{ballasts} }) {
				my $gib = bytes($x) / (1 << 30);
				for my $thp (grep { !$_ || $gib } @thp) { # no ballast: nothing to put on huge pages
					my @m = @{ $s->{methods} };
					@m = reverse @m if $r % 2 == 0; # alternate the order between rounds
					for my $m (@m) {
						for my $t (tools_for($m, $s)) {
							push @plan, { kind => 'driver', exp => 'spawn-cost', round => $round, archive => $s->{archive},
								desc => sprintf('spawn-cost: %s, parent %s%s, round %d', series($m, $t, kind_of($m)), $x,
									$thp ? ' THP' : '', $r),
								argv => [driver_argv($m, $t), '-n', $n, '-w', $w, '-b', $x,
									$thp ? '--thp' : (), $s->{archive}],
								est => 0.05 + 0.5 * $gib + ($n + $w) * est_iter($m, $s->{archive}, $gib, $thp) };
						}
					}
				}
			}
		});
	} elsif ($k eq 'extract') {
		my @arch = map { [split /:/] } @{ $s->{archives} };
		archive_ok($_->[0], $s->{where}) for @arch;
		each_round($s, 'extract', sub {
			my ($r, $round) = @_;
			for my $an (@arch) {
				my ($a, $n) = ($an->[0], $an->[1] // 5);
				my @m = @{ $s->{methods} };
				@m = reverse @m if $r % 2 == 0;
				for my $m (@m) {
					for my $t (tools_for($m, $s)) {
						my $w = $s->{warmup} // 0;
						push @plan, { kind => 'driver', exp => 'extract', round => $round, archive => $a,
							desc => "extract: " . series($m, $t, kind_of($m)) . " $a, round $r",
							argv => [driver_argv($m, $t), '-n', $n, '-w', $w, $a],
							est => 0.05 + ($n + $w) * est_iter($m, $a, 0, 0) };
					}
				}
			}
		});
	} elsif ($k eq 'peak') {
		archive_ok($s->{archive}, $s->{where});
		for my $m (@{ $s->{methods} }) {
			for my $t (tools_for($m, $s)) {
				push @plan, { kind => 'driver', exp => 'peak', round => 1, archive => $s->{archive},
					desc => "peak memory: " . series($m, $t, kind_of($m)) . " $s->{archive}",
					argv => [driver_argv($m, $t), '-n', $s->{iterations},
						kind_of($m) eq 'spawning' ? '--child-rss' : (), $s->{archive}],
					est => 0.1 + 1.5 * $s->{iterations} * est_iter($m, $s->{archive}, 0, 0) };
			}
		}
	} elsif ($k eq 'hyperfine') {
		if (!have('hyperfine')) { note('hyperfine is not installed: its step is skipped'); next }
		for my $a (@{ $s->{archives} }) {
			archive_ok($a, $s->{where});
			my @cmds;
			for my $m (@{ $s->{methods} }) {
				push @cmds, map { [series($m, $_, kind_of($m)), $m, $_, kind_of($m)] } tools_for($m, $s);
			}
			# The bare tools, as a user would type them.
			push @cmds, map { [series('', $_, 'bare'), '', $_, 'bare'] }
				grep { tool_ok($_) && bare_command($_, "$corpus/$a", '/o') } @{ $s->{tools} };
			my $est = 0;
			$est += ($s->{runs} + ($s->{warmup} // 0)) * (0.004 + est_iter($_->[1], $a, 0, 0))
				for @cmds;
			push @plan, { kind => 'hyperfine', exp => 'hyperfine', archive => $a, cmds => \@cmds,
				runs => $s->{runs}, warmup => $s->{warmup} // 0,
				desc => "hyperfine: " . @cmds . " commands on $a", est => $est + 1 };
		}
	} elsif ($k eq 'syscalls') {
		for my $a (@{ $s->{archives} }) {
			archive_ok($a, $s->{where});
			for my $m (@{ $s->{methods} }) {
				for my $t (tools_for($m, $s)) {
					push @plan, { kind => 'syscalls', exp => 'syscalls', method => $m, tool => $t,
						archive => $a, n => $s->{iterations},
						desc => "system calls: " . series($m, $t, kind_of($m)) . " $a",
						est => 0.3 + 5 * ($s->{iterations} + 2) * est_iter($m, $a, 0, 0) };
				}
			}
		}
	} elsif ($k eq 'memory') {
		archive_ok($s->{archive}, $s->{where});
		my $m = $s->{method};
		my $t = kind_of($m) eq 'in-process' ? $m : $s->{tool};
		next if kind_of($m) eq 'spawning' && !tool_ok($t);
		my $x = $s->{ballast} // 0;
		if (bytes($x) > $mem_avail - (1 << 30)) {
			note("memory scenario $s->{scenario}: ballast $x does not fit MemAvailable: skipped");
			next;
		}
		my $gib = bytes($x) / (1 << 30);
		push @plan, { kind => 'memory', exp => 'memory', scenario => $s->{scenario}, archive => $s->{archive},
			desc => "memory over time: $s->{scenario} (" . series($m, $t, kind_of($m)) . " $s->{archive}"
				. ($gib ? ", parent $x" : '') . ")",
			argv => [driver_argv($m, $t), '-n', $s->{iterations}, $gib ? ('-b', $x) : (),
				$s->{archive}],
			est => 0.3 + 0.5 * $gib + 1.3 * $s->{iterations} * est_iter($m, $s->{archive}, $gib, 0) };
	}
}
my @post = (
	{ kind => 'post', desc => 'summary, plot data and findings', est => 2, report => 1,
		argv => [$^X, "$top/scripts/analyze.pl"] },
	{ kind => 'post', desc => 'plots (gnuplot)', est => 4, argv => ["$top/scripts/plot.sh"] },
	{ kind => 'post', desc => 'REPORT.md', est => 0.5, report => 1, argv => [$^X, "$top/scripts/report.pl"] },
);
push @plan, @post;
my $N = @plan;

if ($opt{'dry-run'}) {
	my $total = 0;
	$total += $_->{est} for @plan;
	printf "%s: %d points, about %.0f s by a rough model\n", $suite_file, $N, $total;
	printf "[%d/%d] %s\n", $_ + 1, $N, $plan[$_]{desc} for 0 .. $#plan;
	exit 0;
}

# --- the run folder --------------------------------------------------------------------------
exit 128 + $signum{$stop} if $stop; # stopped while planning: nothing was made yet
my $host = (POSIX::uname())[1];
$host =~ s/[^A-Za-z0-9._-]/_/g;
my $stamp = strftime('%Y%m%dT%H%M%SZ', gmtime);
eval { make_path($opt{results}) if !-d $opt{results}; 1 } or env_error("$opt{results}: cannot make the folder: $!");
-d $opt{results} && -w _ or env_error("$opt{results}: not a writable folder");
my $results = abs_path($opt{results});
$run = "$results/$stamp-$host";
my $i = 1;
$run = "$results/$stamp-$host-" . ++$i while -e $run;
mkdir $run or env_error("$run: $!");
write_file("$run/notes.txt", join('', map { "$_\n" } @notes)) if @notes;
mkdir "$run/.work" or env_error("$run/.work: $!");
my $t0 = time;
write_file("$run/INCOMPLETE", "running since " . strftime('%Y-%m-%dT%H:%M:%SZ', gmtime)
	. " (suite $suite_name, pid $$)\n");
print STDERR "bench: suite $suite_name, $N points, run folder $run\n";

# Scratch OUTDIRs on tmpfs where the drivers can use them: this VM's disk makes file creation
# about 30x slower, and the question is the cost of the process boundary, not of the disk.
my $scratch = first_line("$top/scripts/scratch-dir.sh", 'shellout-bench', $build);
$scratch ne '' && -d $scratch or env_error('cannot make a scratch folder (scripts/scratch-dir.sh)');
my $scratch_fs = first_line('stat', '-f', '-c', '%T', $scratch);
write_env("$run/env.json");
write_file("$run/suite.json", JSON::PP->new->pretty->canonical->encode({ name => $suite_name,
	headline => $headline }));
# What every driver of the run said about itself (method, kind, how it starts a tool, links).
write_file("$run/drivers.json", JSON::PP->new->pretty->canonical->encode($drivers));

# --- running points --------------------------------------------------------------------------

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
# CWD (default: the run folder; files may be undef: inherit), waits for it, and returns its wait
# status.  Whatever the group left
# behind is killed.
sub run_cmd {
	my ($argv, $out, $err, $cwd) = @_;
	my $pid = fork // die "bench: fork: $!\n";
	if (!$pid) {
		# The child never returns into this script (no die: END blocks are the parent's).
		my $fail = sub { print STDERR "bench: $_[0]: $!\n"; POSIX::_exit(127) };
		POSIX::setpgid(0, 0);
		$SIG{$_} = 'DEFAULT' for grep { exists $signum{$_} } @STOP_SIGNALS, 'PIPE';
		if (defined $out) { open STDOUT, '>', $out or $fail->($out) }
		if (defined $err) { open STDERR, '>', $err or $fail->($err) }
		chdir($cwd // $run) or $fail->($cwd // $run);
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

sub fmt_dur {
	my ($s) = @_;
	return sprintf('%dm%02ds', int($s / 60), $s % 60);
}

my (@failures, $finished);
# A run that dies half-way (a bug, a full disk) is marked like an interrupted one.
END { finish_partial("failed: the harness stopped with status $?") if $$ == $main_pid && $run && !$finished && -d $run }
my $done_est = 0;
my $work = "$run/.work";
my ($lat_header);
for my $k (0 .. $#plan) {
	last if $stop;
	my $p = $plan[$k];
	my $elapsed = time - $t0;
	my $left = 0;
	$left += $plan[$_]{est} for $k .. $#plan;
	$left *= $elapsed / $done_est if $done_est > 0 && $elapsed > 5;
	printf STDERR "[%d/%d] %s — elapsed %s, remaining ~%s\n", $k + 1, $N, $p->{desc},
		fmt_dur($elapsed), fmt_dur($left);
	my $ok = $p->{ok} = run_point($p);
	last if $stop;
	if (!$ok) {
		push @failures, $p->{desc};
		append("$run/failures.txt", '', "$p->{desc}\n"); # REPORT.md lists them
	}
	$done_est += $p->{est};
}
$finished = 1;
if ($stop) {
	finish_partial("interrupted by SIG$stop");
	exit 128 + $signum{$stop};
}
# No report, no finished run: latest stays where it was, and the folder says why.
my @unmade = grep { $_->{report} && !$_->{ok} } @plan;
if (@unmade || !-s "$run/REPORT.md") {
	finish_partial('failed: no REPORT.md was written ('
		. (@unmade ? join('; ', map { "$_->{desc} failed" } @unmade) . ', see its message above' : 'report.pl wrote none') . ')');
	exit 3;
}

remove_tree($scratch);
unlink "$run/INCOMPLETE";
rmdir $work;
# results/latest: a relative symlink, replaced in one rename.
my $tmp_link = "$results/.latest.$$";
unlink $tmp_link;
symlink(substr($run, length($results) + 1), $tmp_link) && rename($tmp_link, "$results/latest")
	or print STDERR "bench: warning: cannot update $results/latest: $!\n";
printf STDERR "bench: done in %s: %s/REPORT.md\n", fmt_dur(time - $t0), $run;
if (@failures) {
	printf STDERR "bench: %d points failed (see REPORT.md):\n", scalar @failures;
	print STDERR "  $_\n" for @failures;
	exit 1;
}
exit 0;

# finish_partial(WHY): moves what was recorded into the run folder and says why it stopped.
sub finish_partial {
	my ($why) = @_;
	publish_work();
	remove_tree($scratch) if $scratch && -d $scratch;
	write_file("$run/INCOMPLETE", "$why at " . strftime('%Y-%m-%dT%H:%M:%SZ', gmtime) . ' after ' . fmt_dur(time - $t0)
		. "; the files here hold what was recorded until then.\n");
	print STDERR "bench: $why; partial run left in $run (marked INCOMPLETE; latest not moved)\n";
}

# publish_work: the records gathered so far, renamed from .work/ into the run folder.
sub publish_work {
	for my $f (qw(latency.csv syscalls.csv memory.csv floor.csv)) {
		rename "$work/$f", "$run/$f" if -f "$work/$f";
	}
	write_archives();
	remove_tree($work);
}

# append(FILE, HEADER, LINES): appends LINES to FILE, writing HEADER first if FILE is new.
sub append {
	my ($file, $header, $lines) = @_;
	my $new = !-e $file;
	open my $fh, '>>', $file or die "bench: $file: $!\n";
	print $fh $header if $new;
	print $fh $lines;
	close $fh or die "bench: $file: $!\n";
}

sub log_stderr {
	my ($file, $desc) = @_;
	my $text = slurp($file);
	return if $text eq '';
	print STDERR map { "  | $_\n" } split /\n/, $text;
	append("$run/bench.log", '', "== $desc\n$text");
}

# run_point(P): runs one point of the plan, appending its records; returns false if it failed.
sub run_point {
	my ($p) = @_;
	my $kind = $p->{kind};
	my ($out, $err) = ("$work/out", "$work/err");
	if ($kind eq 'driver') {
		my ($prog, @args) = @{ $p->{argv} };
		# From the corpus folder, so that the records name the archive, not a path of this machine.
		my $st = run_cmd([$prog, '--csv', @args, "$scratch/out"], $out, $err, $corpus);
		return 0 if $stop;
		log_stderr($err, $p->{desc});
		open my $fh, '<', $out or die "bench: $out: $!\n";
		my $header = <$fh> // '';
		my $lines = '';
		# Only whole records with the header's field count: a driver killed half-way through
		# a line must not corrupt the next point's first record.
		my $csv = Text::CSV->new({ binary => 1 });
		my $nf = $csv->parse($header =~ s/\n$//r) ? scalar($csv->fields) : 0;
		while (my $l = <$fh>) {
			if ($l =~ /\n$/ && $csv->parse($l =~ s/\n$//r) && $csv->fields == $nf) {
				$lines .= "$p->{exp},$p->{round},$l";
			} else {
				print STDERR "bench: $p->{desc}: a malformed record left out\n";
			}
		}
		close $fh;
		if ($header ne '' && $nf) {
			append("$work/latency.csv", "experiment,round,$header", $lines);
			if (!-e "$work/header") {
				write_file("$work/header", $header);
			} elsif (slurp("$work/header") ne $header) {
				die "bench: $p->{desc}: the driver's CSV header differs from the earlier points'\n";
			}
		}
		return $st == 0;
	}
	if ($kind eq 'hyperfine') {
		my @argv = ('hyperfine', '-N', '--warmup', $p->{warmup}, '--runs', $p->{runs},
			'--export-json', "$work/hyperfine.json");
		my $i = 0;
		for my $c (@{ $p->{cmds} }) {
			my ($name, $m, $t, $kind) = @$c;
			my $o = "$scratch/hf" . $i++;
			mkdir $o;
			my $cmd = $kind eq 'bare' ? bare_command($t, "$corpus/$p->{archive}", $o)
				: shell_words(driver_argv($m, $t), "$corpus/$p->{archive}", $o);
			push @argv, '--prepare', shell_words('find', $o, '-mindepth', '1', '-delete'), '--command-name', $name, $cmd;
		}
		# hyperfine's JSON keeps only the names: the command lines go to bench.log.
		append("$run/bench.log", '', "== $p->{desc}: hyperfine commands\n"
			. join('', map { "$argv[$_ + 1]: $argv[$_ + 2]\n" } grep { $argv[$_] eq '--command-name' } 0 .. $#argv - 2));
		my $st = run_cmd(\@argv, undef, undef);
		return 0 if $stop || $st != 0;
		# What each command is, so that the analysis never parses a display name back.
		write_csv("$run/hyperfine-$p->{archive}.commands.csv", [qw(command_name method tool kind)],
			[map { { command_name => $_->[0], method => $_->[1], tool => $_->[2], kind => $_->[3] } } @{ $p->{cmds} }]);
		rename "$work/hyperfine.json", "$run/hyperfine-$p->{archive}.json" or die "bench: $!\n";
		return 1;
	}
	if ($kind eq 'syscalls') {
		our $ptrace_ok;
		if (!defined $ptrace_ok) {
			$ptrace_ok = run_cmd(['strace', '-f', '-c', '-o', '/dev/null', $^X, '-e', '0'], undef, $err) == 0;
			return 0 if $stop;
			note('strace cannot trace here (ptrace not permitted?): the system-call points are skipped: '
				. ((split /\n/, slurp($err))[0] // '')) if !$ptrace_ok;
		}
		return 1 if !$ptrace_ok;
		# Startup subtracted: one run with 1 extraction, one with 1+N; the difference / N is
		# what each further iteration of the driver's loop costs: the extraction and emptying
		# OUTDIR before the next one (the same clean-up for every method).
		my %count;
		# LeakSanitizer cannot run under ptrace: a sanitizer build (make test) would fail here.
		local $ENV{ASAN_OPTIONS} = join ':', grep { $_ } $ENV{ASAN_OPTIONS}, 'detect_leaks=0';
		for my $n (1, 1 + $p->{n}) {
			# Both runs start from an empty OUTDIR: a tree left by an earlier point (many-files)
			# would be emptied inside one of them only and skew the difference.
			remove_tree("$scratch/out");
			my @drv = driver_argv($p->{method}, $p->{tool});
			my $st = run_cmd(['strace', '-f', '-c', '-U', 'name,calls,errors', '-o', "$work/strace",
				@drv, '-n', $n, $p->{archive}, "$scratch/out"], '/dev/null', $err, $corpus);
			return 0 if $stop;
			if ($st != 0) { log_stderr($err, $p->{desc}); return 0 }
			open my $fh, '<', "$work/strace" or die "bench: $work/strace: $!\n";
			while (<$fh>) {
				next if !/^(\w+)\s+(\d+)\s*(\d*)\s*$/ || $1 eq 'total' || $1 eq 'syscall';
				$count{$1}{$n}{calls} = $2;
				$count{$1}{$n}{errors} = $3 || 0;
			}
		}
		my $lines = '';
		my $n = $p->{n};
		for my $sc (sort keys %count) {
			my %d = map { $_ => (($count{$sc}{1 + $n}{$_} // 0) - ($count{$sc}{1}{$_} // 0)) / $n }
				qw(calls errors);
			next if $d{calls} == 0; # negative ones stay: the totals must add up
			$lines .= join(',', $p->{method}, $p->{tool}, $p->{archive}, $sc,
				map { sprintf('%.6g', $_) + 0 } @d{qw(calls errors)}) . "\n";
		}
		append("$work/syscalls.csv", "method,tool,archive,syscall,calls,errors\n", $lines);
		return 1;
	}
	if ($kind eq 'floor') {
		my $st = run_cmd($p->{argv}, $out, $err);
		return 0 if $stop;
		log_stderr($err, $p->{desc});
		return 0 if $st != 0;
		my $lines = '';
		open my $fh, '<', $out or die "bench: $out: $!\n";
		<$fh>; # the header
		while (<$fh>) { # method,tool,iter,wall_ns,status: whole records only
			$lines .= "$p->{exp},$p->{round},$1,$2,$3\n" if /^[^,]+,[^,]*,(\d+),(\d+),(\w+)\n$/;
		}
		close $fh;
		append("$work/floor.csv", "experiment,round,iter,wall_ns,status\n", $lines);
		return 1;
	}
	if ($kind eq 'memory') {
		my $st = run_cmd(["$build/proc-sampler", '-l', $p->{scenario}, '--no-header', '-o', "$work/mem",
			'--', @{ $p->{argv} }, "$scratch/out"], '/dev/null', $err, $corpus);
		return 0 if $stop;
		log_stderr($err, $p->{desc}) if $st != 0;
		my $header = "scenario,sample,t_ms,pid,ppid,depth,role,comm,vmrss_kb,pss_kb,committed_as_kb\n";
		append("$work/memory.csv", $header, slurp("$work/mem"));
		unlink "$work/mem";
		return $st == 0;
	}
	if ($kind eq 'post') {
		publish_work() if -d $work;
		my @argv = @{ $p->{argv} };
		push @argv, $argv[0] =~ /plot\.sh$/ ? ("$run/plotdata", "$run/plots") : ($run);
		mkdir "$run/plots";
		my $st = run_cmd(\@argv, undef, undef);
		return $st == 0;
	}
	die "bench: unknown point kind $kind\n";
}

# write_archives: archives.csv, what each archive of the run holds (from the corpus manifests).
sub write_archives {
	my %seen;
	my @rows;
	for my $p (@plan) {
		my $a = $p->{archive} // next;
		next if $seen{$a}++;
		my ($name, $bytes, $files) = manifest_totals($a) or next;
		push @rows, { archive => $a, spec => $name, archive_bytes => -s "$corpus/$a",
			content_bytes => $bytes, files => $files };
	}
	write_csv("$run/archives.csv", [qw(archive spec archive_bytes content_bytes files)], \@rows);
}

# write_env(FILE): env.json, the machine and the versions every figure of the run depends on.
sub write_env {
	my ($file) = @_;
	my $cpu = slurp('/proc/cpuinfo') =~ /^model name\s*:\s*(.*)$/m ? $1 : '';
	my %os = slurp('/etc/os-release') =~ /^(\w+)="?([^"\n]*)"?$/mg;
	my $git = first_line('git', '-C', $top, 'rev-parse', '--short', 'HEAD');
	$git .= '+changes' if $git ne '' && first_line('git', '-C', $top, 'status', '--porcelain', '--untracked-files=no') ne '';
	my %env = (
		date => strftime('%Y-%m-%dT%H:%M:%SZ', gmtime($t0)),
		host => $host,
		suite => $suite_name,
		command => "scripts/bench.pl --suite $suite_name",
		git => $git,
		os => $os{PRETTY_NAME} // '',
		kernel => first_line('uname', '-r'),
		cpu_model => $cpu,
		cores => first_line('nproc') + 0,
		mem_total_kb => meminfo_kb('MemTotal') + 0,
		mem_available_kb => meminfo_kb('MemAvailable') + 0,
		thp_enabled => $thp_mode,
		thp_defrag => slurp('/sys/kernel/mm/transparent_hugepage/defrag') =~ /\[(\S+)\]/ ? $1 : '',
		overcommit_memory => slurp('/proc/sys/vm/overcommit_memory') + 0,
		overcommit_ratio => slurp('/proc/sys/vm/overcommit_ratio') + 0,
		outdir_filesystem => $scratch_fs,
		# Every tool as the resolver found it: what ran, what it is, where it came from.
		tools => { map { my $r = $tool{$_}; ($_ => { map { ($_ => $r->{$_}) } grep { $_ ne 'name' } keys %$r }) } keys %tool },
		versions => {
			(map { ($_ => $tool{$_}{version}) } grep { $tool{$_}{status} eq 'ok' && !$tool{$_}{unwraps} } keys %tool),
			# the libraries the drivers link, as their --describe declares them
			(map { ($_ => first_line('pkg-config', '--modversion', $_)) } map { @{ $_->{links} // [] } } values %$drivers),
			hyperfine => first_line('hyperfine', '--version'),
			gnuplot => first_line('gnuplot', '--version'),
			strace => first_line('strace', '-V'),
			compiler => first_line('cc', '--version'),
			perl => sprintf('%vd', $^V),
		},
	);
	write_file($file, JSON::PP->new->pretty->canonical->encode(\%env));
}
