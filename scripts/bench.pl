#!/usr/bin/perl
# bench.pl — run a benchmark suite (bench/suites/NAME.suite) and leave a run folder with the
# records, the summary, the plots and the report.  `make bench` calls it; see README.md.
#
# usage: scripts/bench.pl [--suite NAME|FILE] [--results DIR] [--build DIR] [--corpus DIR] [--dry-run]
#
# The suite is expanded into a plan of points first, so that progress can say [k/N] and an
# estimate of the time left; each experiment kind plans and runs its own points (one module
# each, scripts/lib/Kind/*.pm, behind scripts/lib/Bench.pm).  Each point runs in its own process
# group.  Then the analysis: scripts/analyze.pl, scripts/plot.sh, scripts/report.pl on the run
# folder.  A signal that would kill bench.pl (SIGINT, SIGQUIT, SIGTERM, SIGHUP and the others in
# @STOP_SIGNALS below) kills that group and reaps the point, removes the scratch folder, leaves
# the run folder marked INCOMPLETE ("interrupted by SIGQUIT at <UTC time> ..."), and does not
# move results/latest; so does a failure of the harness itself.  results/latest moves only to a
# run whose REPORT.md was written.  The run folder's path is the one line bench.pl prints on
# stdout (everything else goes to stderr), for scripts that need it.
# Exit status: 0 the run is complete; 1 complete, but some points failed (REPORT.md lists them);
# 2 usage error (a bad option or suite line); 3 environment error (a program or archive
# missing, results folder not writable), or no REPORT.md could be made from the records (the
# run is left INCOMPLETE, saying why); 128+N interrupted by signal N.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Shellout qw(write_file on_die);
use Registry qw(describe_drivers);
use Bench;
use Suite;
use Getopt::Long qw(GetOptionsFromArray);
use POSIX qw(strftime);
use Time::HiRes qw(time);
use JSON::PP;
use File::Path qw(make_path remove_tree);
use Cwd qw(abs_path);
use Config;

my $top = abs_path("$FindBin::Bin/..");
my $main_pid = $$;
on_die('bench'); # a failure of the harness itself: one line, exit 3

# Signals first, before anything is created: every signal whose default action ends the process
# and that can be caught stops the run cleanly (see Bench::run_cmd and finish_partial), whoever
# sends it: Ctrl-C (INT), Ctrl-\ (QUIT), kill (TERM), a closed terminal (HUP), a CPU or file-size
# limit (XCPU, XFSZ), a stray timer or user signal.  Not here: the faults a program raises on
# itself (SEGV, BUS, FPE, ILL, TRAP, ABRT, SYS), which a Perl handler cannot recover from, and
# the real-time signals, which nothing sends to a shell command.  SIGPIPE is ignored: a closed
# stderr (bench.pl | head) must not cost the run; the points get it back at its default.  A
# signal that the caller ignores (nohup) stays ignored.
@Bench::STOP_SIGNALS = qw(HUP INT QUIT TERM USR1 USR2 ALRM STKFLT XCPU XFSZ VTALRM PROF IO PWR);
@Bench::signum{ split ' ', $Config{sig_name} } = split ' ', $Config{sig_num};
sub on_signal {
	my ($sig) = @_;
	$Bench::stop //= $sig;
	if ($Bench::child_pgid) {
		kill 'TERM', -$Bench::child_pgid;
		alarm 3; # then SIGKILL, whatever is left of the group
	}
}
for my $sig (@Bench::STOP_SIGNALS) {
	$SIG{$sig} = \&on_signal if exists $Bench::signum{$sig} && ($SIG{$sig} // '') ne 'IGNORE';
}
# SIGALRM is also this script's own: the alarm set after a stop signal, to SIGKILL what is left of
# the point's group, so it is always caught.  Before any stop, a SIGALRM can only come from
# outside, and stops the run (unless the caller ignored it).
my $alrm_ignored = ($SIG{ALRM} // '') eq 'IGNORE';
$SIG{ALRM} = sub {
	if ($Bench::stop) { kill 'KILL', -$Bench::child_pgid if $Bench::child_pgid }
	elsif (!$alrm_ignored) { on_signal('ALRM') }
};
$SIG{PIPE} = 'IGNORE';
sub stopped { return 128 + $Bench::signum{$Bench::stop} }

my %opt = (suite => 'quick', results => "$top/results", build => "$top/build", corpus => "$top/build/corpus");
GetOptionsFromArray(\@ARGV, \%opt, 'suite=s', 'results=s', 'build=s', 'corpus=s', 'dry-run', 'help|h')
	or Bench->usage_error('see --help');
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
Bench->usage_error("unexpected argument '$ARGV[0]'") if @ARGV;
my $suite_file = $opt{suite} =~ m{/} || -f $opt{suite} ? $opt{suite} : "$top/bench/suites/$opt{suite}.suite";
-f $suite_file or Bench->usage_error("no suite '$opt{suite}' ($suite_file not found)");
(my $suite_name = $suite_file) =~ s{.*/|\.suite$}{}g;

# --- the plan --------------------------------------------------------------------------------
my $b = Bench->new(top => $top, build => $opt{build}, corpus => $opt{corpus}, tool => read_tools($opt{build}),
	drivers => eval { describe_drivers($opt{build}) } // Bench->env_error($@ =~ s/\n$//r));
my %KIND = kinds();
my @steps = Suite::parse($b, $suite_file, \%KIND);
my $headline = Suite::headline($b, @steps);
$KIND{ $_->{kind} }->plan($b, $_) for grep { $KIND{ $_->{kind} } } @steps;
my @plan = @{ $b->{plan} };
my @analysis = (['summary, plot data and findings', 2, [$^X, "$top/scripts/analyze.pl"]],
	['plots (gnuplot)', 4, ["$top/scripts/plot.sh"]], ['REPORT.md', 0.5, [$^X, "$top/scripts/report.pl"]]);
my $N = @plan + @analysis;
if ($opt{'dry-run'}) {
	my $total = 0;
	$total += $_->{est} for @plan;
	$total += $_->[1] for @analysis;
	printf "%s: %d points, about %.0f s by a rough model\n", $suite_file, $N, $total;
	printf "[%d/%d] %s\n", $_ + 1, $N, ($plan[$_] // {})->{desc} // $analysis[$_ - @plan][0] for 0 .. $N - 1;
	exit 0;
}
exit stopped() if $Bench::stop; # stopped while planning: nothing was made yet

# --- the run ---------------------------------------------------------------------------------
my ($finished, @failures);
# A run that dies half-way (a bug, a full disk), even while its folder is being set up, is marked
# like an interrupted one.
END { finish_partial("failed: the harness stopped with status $?") if $$ == $main_pid && $b->{run} && !$finished && -d $b->{run} }
my ($results, $t0) = make_run_folder();
my $run = $b->{run};
my $done_est = 0;
for my $k (0 .. $#plan) {
	last if $Bench::stop;
	my $p = $plan[$k];
	progress($k, $p->{desc}, $done_est, map { $_->{est} } @plan[$k .. $#plan]);
	my $ok = $KIND{ $p->{kind} }->run($b, $p);
	last if $Bench::stop;
	if (!$ok) { push @failures, $p->{desc}; Bench::append("$run/failures.txt", '', "$p->{desc}\n") } # REPORT.md lists them
	$done_est += $p->{est};
}
$b->publish_work if !$Bench::stop;
my $unmade;
for my $i (0 .. $#analysis) {
	last if $Bench::stop || $unmade;
	my ($desc, $est, $argv) = @{ $analysis[$i] };
	progress(@plan + $i, $desc, $done_est, map { $_->[1] } @analysis[$i .. $#analysis]);
	my @out = $argv->[0] =~ /plot\.sh$/ ? ("$run/plotdata", "$run/plots") : ($run);
	mkdir "$run/plots";
	# A plot that fails is a failed point; no summary or report is no finished run.
	my $ok = $b->run_cmd([@$argv, @out], undef, undef) == 0;
	$unmade = "$desc failed, see its message above" if !$ok && $desc ne 'plots (gnuplot)';
	if (!$ok && !$Bench::stop) { push @failures, $desc; Bench::append("$run/failures.txt", '', "$desc\n") } # REPORT.md lists a failed plot
	$done_est += $est;
}
$finished = 1;
if ($Bench::stop) { finish_partial("interrupted by SIG$Bench::stop"); exit stopped() }
# No report, no finished run: latest stays where it was, and the folder says why.
if ($unmade || !-s "$run/REPORT.md") {
	finish_partial('failed: no REPORT.md was written (' . ($unmade // 'report.pl wrote none') . ')');
	exit 3;
}
finish_run();
exit(@failures ? 1 : 0);

# --- the pieces of main ---------------------------------------------------------------------

# kinds(): {name => class} of every experiment kind, scripts/lib/Kind/*.pm.
sub kinds {
	my %k;
	for my $f (sort glob("$FindBin::Bin/lib/Kind/*.pm")) {
		(my $class = $f) =~ s{.*/(\w+)\.pm$}{Kind::$1};
		require $f;
		$k{ $class->name } = $class;
	}
	return %k;
}

# read_tools(BUILD): {name => row} of the tools, resolved once by BUILD/tool-info, the resolver
# the drivers use (src/tool.h): on PATH, or where SHELLOUT_TOOL_<NAME> says.  Each is exported to
# the points as its resolved path, so that what runs is what env.json and the records name,
# whatever a point's PATH.
sub read_tools {
	my ($build) = @_;
	my %tool;
	-x "$build/tool-info" or Bench->env_error("$build/tool-info missing: run make first");
	open my $fh, '-|', "$build/tool-info" or Bench->env_error("$build/tool-info: $!");
	chomp(my $h = <$fh> // '');
	my @cols = split /\t/, $h;
	while (my $l = <$fh>) {
		chomp $l;
		my %r;
		@r{@cols} = split /\t/, $l, -1;
		$tool{ $r{name} } = \%r;
	}
	close $fh or Bench->env_error("$build/tool-info failed (status $?)");
	$ENV{ $_->{override} } = $_->{path} for grep { $_->{status} eq 'ok' } values %tool;
	return \%tool;
}

# make_run_folder(): makes RESULTS/<UTC time>-<host>/, its .work/ and the scratch folder, and
# writes what the run is (notes.txt, INCOMPLETE, env.json, suite.json, drivers.json); returns
# (the results folder, the start time).
sub make_run_folder {
	my $host = (POSIX::uname())[1] =~ s/[^A-Za-z0-9._-]/_/gr;
	my $stamp = strftime('%Y%m%dT%H%M%SZ', gmtime);
	eval { make_path($opt{results}) if !-d $opt{results}; 1 } or Bench->env_error("$opt{results}: cannot make the folder: $!");
	-d $opt{results} && -w _ or Bench->env_error("$opt{results}: not a writable folder");
	my $results = abs_path($opt{results});
	my $run = "$results/$stamp-$host";
	my $i = 1;
	$run = "$results/$stamp-$host-" . ++$i while -e $run;
	mkdir $run or Bench->env_error("$run: $!");
	$b->{run} = $run;
	$b->{t0} = time;
	write_file("$run/notes.txt", join('', map { "$_\n" } @{ $b->{notes} })) if @{ $b->{notes} };
	mkdir($b->{work} = "$run/.work") or Bench->env_error("$run/.work: $!");
	my $t0 = $b->{t0};
	write_file("$run/INCOMPLETE", "running since " . strftime('%Y-%m-%dT%H:%M:%SZ', gmtime) . " (suite $suite_name, pid $$)\n");
	print STDERR "bench: suite $suite_name, $N points, run folder $run\n";
	# Scratch OUTDIRs on tmpfs where the drivers can use them: this VM's disk makes file creation
	# about 30x slower, and the question is the cost of the process boundary, not of the disk.
	$b->{scratch} = Bench::first_line("$top/scripts/scratch-dir.sh", 'shellout-bench', $b->{build});
	$b->{scratch} ne '' && -d $b->{scratch} or Bench->env_error('cannot make a scratch folder (scripts/scratch-dir.sh)');
	write_env("$run/env.json", $t0, $host, Bench::first_line('stat', '-f', '-c', '%T', $b->{scratch}));
	my $json = JSON::PP->new->pretty->canonical;
	write_file("$run/suite.json", $json->encode({ name => $suite_name, headline => $headline }));
	# What every driver of the run said about itself (method, kind, how it starts a tool, links).
	write_file("$run/drivers.json", $json->encode($b->{drivers}));
	return ($results, $t0);
}

sub fmt_dur { my ($s) = @_; return sprintf('%dm%02ds', int($s / 60), $s % 60) }

# progress(K, DESC, DONE_EST, ESTS...): the [k/N] line, with the time left by the rough model
# (ESTS: the estimates of what is left), rescaled by how long the finished points really took.
sub progress {
	my ($k, $desc, $done, @left) = @_;
	my $elapsed = time - $t0;
	my $left = 0;
	$left += $_ for @left;
	$left *= $elapsed / $done if $done > 0 && $elapsed > 5;
	printf STDERR "[%d/%d] %s — elapsed %s, remaining ~%s\n", $k + 1, $N, $desc, fmt_dur($elapsed), fmt_dur($left);
}

# finish_run: the finished run: scratch and marker removed, results/latest moved to it (a
# relative symlink, replaced in one rename), the run folder printed on stdout.
sub finish_run {
	remove_tree($b->{scratch});
	unlink "$run/INCOMPLETE";
	my $tmp_link = "$results/.latest.$$";
	unlink $tmp_link;
	symlink(substr($run, length($results) + 1), $tmp_link) && rename($tmp_link, "$results/latest")
		or print STDERR "bench: warning: cannot update $results/latest: $!\n";
	printf STDERR "bench: done in %s: %s/REPORT.md\n", fmt_dur(time - $t0), $run;
	if (@failures) {
		printf STDERR "bench: %d points failed (see REPORT.md):\n", scalar @failures;
		print STDERR "  $_\n" for @failures;
	}
	print "$run\n";
}

# finish_partial(WHY): moves what was recorded into the run folder and says why it stopped.
sub finish_partial {
	my ($why) = @_;
	my ($run, $t0) = @$b{qw(run t0)};
	$b->publish_work;
	remove_tree($b->{scratch}) if $b->{scratch} && -d $b->{scratch};
	write_file("$run/INCOMPLETE", "$why at " . strftime('%Y-%m-%dT%H:%M:%SZ', gmtime) . ' after ' . fmt_dur(time - $t0)
		. "; the files here hold what was recorded until then.\n");
	print STDERR "bench: $why; partial run left in $run (marked INCOMPLETE; latest not moved)\n";
}

# write_env(FILE, T0, HOST, FS): env.json, the machine and the versions every figure of the run
# depends on (FS: the scratch folder's file system, where the tools write).
sub write_env {
	my ($file, $t0, $host, $scratch_fs) = @_;
	my %tool = %{ $b->{tool} };
	my $cpu = Bench::slurp('/proc/cpuinfo') =~ /^model name\s*:\s*(.*)$/m ? $1 : '';
	my %os = Bench::slurp('/etc/os-release') =~ /^(\w+)="?([^"\n]*)"?$/mg;
	my $git = Bench::first_line('git', '-C', $top, 'rev-parse', '--short', 'HEAD');
	$git .= '+changes' if $git ne '' && Bench::first_line('git', '-C', $top, 'status', '--porcelain', '--untracked-files=no') ne '';
	my %env = (
		date => strftime('%Y-%m-%dT%H:%M:%SZ', gmtime($t0)),
		host => $host,
		suite => $suite_name,
		command => "scripts/bench.pl --suite $suite_name",
		git => $git,
		os => $os{PRETTY_NAME} // '',
		kernel => Bench::first_line('uname', '-r'),
		cpu_model => $cpu,
		cores => Bench::first_line('nproc') + 0,
		mem_total_kb => Bench::meminfo_kb('MemTotal') + 0,
		mem_available_kb => Bench::meminfo_kb('MemAvailable') + 0,
		thp_enabled => $b->{thp_mode},
		thp_defrag => Bench::slurp('/sys/kernel/mm/transparent_hugepage/defrag') =~ /\[(\S+)\]/ ? $1 : '',
		overcommit_memory => Bench::slurp('/proc/sys/vm/overcommit_memory') + 0,
		overcommit_ratio => Bench::slurp('/proc/sys/vm/overcommit_ratio') + 0,
		outdir_filesystem => $scratch_fs,
		# Every tool as the resolver found it: what ran, what it is, where it came from.
		tools => { map { my $r = $tool{$_}; ($_ => { map { ($_ => $r->{$_}) } grep { $_ ne 'name' } keys %$r }) } keys %tool },
		versions => {
			(map { ($_ => $tool{$_}{version}) } grep { $tool{$_}{status} eq 'ok' && !$tool{$_}{unwraps} } keys %tool),
			# the libraries the drivers link, as their --describe declares them
			(map { my $m = $_; ($m => Bench::first_line('pkg-config', '--modversion', $m)) } map { @{ $_->{links} // [] } } values %{ $b->{drivers} }),
			hyperfine => Bench::first_line('hyperfine', '--version'),
			gnuplot => Bench::first_line('gnuplot', '--version'),
			strace => Bench::first_line('strace', '-V'),
			compiler => Bench::first_line('cc', '--version'),
			perl => sprintf('%vd', $^V),
		},
	);
	write_file($file, JSON::PP->new->pretty->canonical->encode(\%env));
}
