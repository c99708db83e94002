#!/usr/bin/perl
# 95-regress.t — the regression check (scripts/regress.pl) on synthetic runs whose truth is known:
# identical samples pass, pure noise passes, a 2x slowdown of one method is flagged and named, a
# system-call count grown by 30% is flagged; on another machine only ratios are compared.  Then
# the committed baseline against itself and against doctored copies, and scripts/pool.pl.
# Nothing here is timed: every sample is generated from a fixed seed.
use strict;
use warnings;
use utf8;
use FindBin;
use lib "$FindBin::Bin/../scripts/lib";
use Test::More;
use File::Temp qw(tempdir);
use File::Copy qw(copy);
use JSON::PP;
use Encode ();
use List::Util qw(min);
use Shellout qw(read_csv write_csv write_file read_json read_lines mann_whitney);

my $top = "$FindBin::Bin/..";
my $T = tempdir(CLEANUP => 1);
my @LAT = qw(experiment round method tool archive archive_bytes ballast_bytes thp iter wall_ns user_us sys_us
	self_maxrss_kb child_maxrss_kb child_rss_kb minflt majflt nvcsw nivcsw procs status kind);
# The methods' kinds, as the drivers' records and --describe say them.
sub kind { $_[0] eq 'libarchive' ? 'in-process' : 'spawning' }
# What the suite compares within a run (bench.pl's suite.json from the suite's headline line).
my %HEADLINE = (reference => 'libarchive', method => 'spawn', tool => '7zz', process => 'true',
	archive => 'one-1k.7z', pair => ['fork', 'spawn']);
my %ENV0 = (suite => 'regress', date => '2026-01-01T00:00:00Z', git => 'abc1234', host => 'vm',
	cpu_model => 'AMD EPYC', cores => 2, kernel => '6.18.0', os => 'Debian GNU/Linux 12 (bookworm)',
	versions => { '7zz' => '26.02' });
# The points of a run: [experiment, method, tool, archive, ballast, median ms].
my @POINTS = (
	['spawn-cost', 'spawn', 'true', 'one-1k.7z', 0, 0.6], ['spawn-cost', 'fork', 'true', 'one-1k.7z', 0, 0.7],
	['spawn-cost', 'spawn', 'true', 'one-1k.7z', 2**30, 0.6], ['spawn-cost', 'fork', 'true', 'one-1k.7z', 2**30, 33],
	['extract', 'spawn', '7zz', 'one-1k.7z', 0, 2.0], ['extract', 'fork', '7zz', 'one-1k.7z', 0, 2.1],
	['extract', 'libarchive', 'libarchive', 'one-1k.7z', 0, 0.07], ['extract', 'libarchive', 'libarchive', 'text-64k.7z', 0, 0.7],
	['extract', 'spawn', '7zz', 'text-64k.7z', 0, 2.8],
);
my %CALLS = ('spawn 7zz' => { rt_sigaction => 125, openat => 40, read => 60, write => 30, mmap => 50 },
	'fork 7zz' => { openat => 40, read => 60, write => 30, mmap => 48, clone => 1 },
	'libarchive' => { openat => 6, read => 10, write => 4, unlink => 3 });

# spell(ROUND, %how): the factor of a slow spell of the machine in ROUND (how: spell => [from,
# to, factor]), 1 outside it.
sub spell {
	my ($round, %how) = @_;
	my ($from, $to, $f) = @{ $how{spell} // [0, 0, 1] };
	return $round >= $from && $round <= $to ? $f : 1;
}

# gauss(): a standard normal deviate (Box-Muller) from Perl's seeded rand.
sub gauss { return sqrt(-2 * log(1 - rand)) * cos(6.283185307179586 * rand) }

# make_run(DIR, SEED, %how): a run folder with 8 rounds of 5 samples per point, log-normal noise
# (10%) and a few slow outliers, as on the VM.  how: scale => {method => factor}, all => factor
# (the whole machine), calls => {series => factor}, rss => factor, env => {key => value}, drop =>
# method, rounds => how many rounds instead of 8.
sub make_run {
	my ($dir, $seed, %how) = @_;
	srand($seed);
	mkdir $dir or die "$dir: $!";
	my @rows;
	for my $p (@POINTS) {
		my ($exp, $m, $t, $a, $bal, $ms) = @$p;
		next if ($how{drop} // '') eq $m;
		my $f = ($how{scale}{$m} // 1) * ($how{all} // 1);
		for my $i (1 .. 5 * ($how{rounds} // 8)) {
			my $round = 1 + int(($i - 1) / 5);
			my $x = $ms * $f * spell($round, %how) * exp(0.10 * gauss()) * (rand() < 0.05 ? 1.5 : 1);
			push @rows, { experiment => $exp, round => $round, method => $m, tool => $t, kind => kind($m),
				archive => $a, ballast_bytes => $bal, thp => 0, iter => $i, wall_ns => int($x * 1e6), status => 'ok' };
		}
	}
	for my $s ('spawn 7zz', 'libarchive') {
		my ($m, $t) = $s eq 'libarchive' ? ('libarchive', 'libarchive') : split / /, $s;
		push @rows, map { { experiment => 'peak', round => 1, method => $m, tool => $t, kind => kind($m), archive => 'many-files.7z',
			ballast_bytes => 0, thp => 0, iter => $_, wall_ns => 1e7, self_maxrss_kb => int(11000 * ($how{rss} // 1)),
			child_rss_kb => $m eq 'spawn' ? 11500 : '', status => 'ok' } } 1 .. 3;
	}
	write_csv("$dir/latency.csv", \@LAT, \@rows);
	# The bare floor moves with the machine (all, spell), not with a driver (scale): 30 samples
	# before each of the rounds of each experiment and after the last.
	my @floor;
	for my $exp ('spawn-cost', 'extract') {
		for my $round (1 .. ($how{rounds} // 8) + 1) {
			push @floor, map { { experiment => $exp, round => $round, iter => $_, status => 'ok',
				wall_ns => int(0.6e6 * ($how{all} // 1) * spell($round, %how) * exp(0.10 * gauss())) } } 1 .. 30;
		}
	}
	write_csv("$dir/floor.csv", [qw(experiment round iter wall_ns status)], \@floor) if !$how{nofloor};
	my @sc;
	for my $s (sort keys %CALLS) {
		my ($m, $t) = $s eq 'libarchive' ? ('libarchive', 'libarchive') : split / /, $s;
		push @sc, map { { method => $m, tool => $t, archive => 'one-1k.7z', syscall => $_,
			calls => $CALLS{$s}{$_} * ($how{calls}{$s} // 1), errors => 0 } } sort keys %{ $CALLS{$s} };
	}
	write_csv("$dir/syscalls.csv", [qw(method tool archive syscall calls errors)], \@sc);
	write_file("$dir/env.json", encode_json({ %ENV0, %{ $how{env} // {} } }));
	write_file("$dir/suite.json", encode_json({ name => 'regress', headline => \%HEADLINE }));
	return $dir;
}

# regress(ARGS...): runs scripts/regress.pl with its output in files; returns (exit status,
# stdout, stderr).
my $k = 0;
sub regress {
	my ($o, $e) = ("$T/out" . ++$k, "$T/err$k");
	my $pid = fork // die "fork: $!";
	if (!$pid) {
		open STDOUT, '>', $o or die "$o: $!";
		open STDERR, '>', $e or die "$e: $!";
		exec "$top/scripts/regress.pl", @_ or die "regress.pl: $!";
	}
	waitpid $pid, 0;
	my $st = $? >> 8;
	my ($out, $err) = map { local $/; open my $h, '<:encoding(UTF-8)', $_ or die "$_: $!"; scalar(<$h>) // '' } $o, $e;
	return ($st, $out, $err);
}

# regressed(STDOUT): the metrics whose verdict is REGRESSED or MISSING in the printed table.
sub regressed { return sort map { /^\|\s*(.*?)\s*\|/ ? $1 : () } grep { /\|\s*(REGRESSED|MISSING)/ } split /\n/, $_[0] }

my $base = make_run("$T/base", 1);

# --- the same machine ------------------------------------------------------------------------
my ($st, $out, $err) = regress('--baseline', $base, $base);
is($st, 0, 'identical samples: exit 0');
like($err, qr/nothing regressed \(\d+ figures compared\)/, 'identical samples: nothing regressed');
ok(-s "$base/regress.md", 'regress.md is written into the run folder');
like($out, qr/^\| metric\s+\| baseline\s+\| current\s+\| change\s+\| p-value \/ tolerance\s+\| change against the floor\s+\| verdict\s+\|$/m,
	'the table has metric, baseline, current, change, p-value, change against the floor, verdict');

for my $seed (2 .. 6) {
	($st, $out, $err) = regress('--baseline', $base, make_run("$T/noise$seed", $seed));
	is($st, 0, "pure noise (seed $seed): exit 0") or diag $err;
}
($st, $out, $err) = regress('--baseline', $base, make_run("$T/shift", 7, all => 1.05));
is($st, 0, 'every time 5% slower: exit 0') or diag $err;
($st, $out, $err) = regress('--baseline', $base, make_run("$T/spell", 17, all => 1.8));
is($st, 0, 'a slow spell of the machine (every time and the floor 80% slower): exit 0') or diag $out;
like($out, qr/time: spawn 7zz one-1k\.7z .*\| slower, and so was the floor/, '...each time says the floor was slower too');
($st, $out, $err) = regress('--baseline', $base, make_run("$T/spell3", 21, spell => [3, 6, 2.5]));
is($st, 0, 'a slow spell in rounds 3-6 only (2.5x, the floor around them too): exit 0') or diag $out;
($st, $out, $err) = regress('--baseline', $base, make_run("$T/fast", 22, all => 0.7, scale => { libarchive => 2 }));
is($st, 1, 'libarchive 2x slower while the machine runs 30% faster (raw +40%): exit 1') or diag $out;
is_deeply([regressed($out)], ['time: libarchive one-1k.7z', 'time: libarchive text-64k.7z'], '...naming libarchive only') or diag $out;
($st, $out, $err) = regress('--baseline', $base, make_run("$T/spell2", 18, all => 1.3, scale => { fork => 2 }));
is($st, 1, 'a slow spell (+30%) and fork 2x slower on top: exit 1');
is_deeply([regressed($out)], ['time: fork 7zz one-1k.7z', 'time: fork true, parent 0', 'time: fork true, parent 1 GiB'],
	'exactly the fork times are flagged') or diag $out;
($st, $out, $err) = regress('--baseline', $base, make_run("$T/nofloor", 19, all => 1.8, nofloor => 1));
is($st, 1, 'without floor.csv, a slow spell of +80% fails (times alone)');
like(do { local $/; open my $h, '<:encoding(UTF-8)', "$T/nofloor/regress.md"; <$h> }, qr/without the check against the floor/,
	'...and regress.md says the floor check was not possible');

($st, $out, $err) = regress('--baseline', $base, make_run("$T/slow", 8, scale => { libarchive => 2 }));
is($st, 1, 'libarchive 2x slower: exit 1');
is_deeply([regressed($out)], ['time: libarchive one-1k.7z', 'time: libarchive text-64k.7z'],
	'exactly the libarchive times are flagged') or diag $out;
like($err, qr/regressed, went missing or failed: time: libarchive one-1k\.7z \(REGRESSED, \+\d/, 'the verdict line names the driver and the change');
like(do { local $/; open my $h, '<:encoding(UTF-8)', "$T/slow/regress.md"; <$h> }, qr/\*\*Verdict: 2 of \d+ figures regressed/,
	'regress.md carries the verdict');

# The gate can fail at the regression suite's own round counts.  With the exact distribution
# (scipy's rule: no ties, at most 8 rounds on a side) the smallest two-sided p of R rounds against
# R is 2/C(2R, R): 0.0022 for 6, 0.00016 for 8, but 0.029 for 4, above the default alpha of 0.01,
# where no slowdown could ever regress.
my @suite_rounds = map { /\brounds=(\d+)/ ? $1 : 1 } grep { /^(spawn-cost|extract)\s/ } read_lines("$top/bench/suites/regress.suite");
my $R = min(@suite_rounds);
ok(@suite_rounds && (mann_whitney([1 .. $R], [map { $_ + 100 } 1 .. $R]))[1] < 0.01,
	"regress.suite's fewest rounds ($R) against as many: the smallest attainable p is below alpha 0.01");
my $rbase = make_run("$T/rounds-base", 26, rounds => $R);
($st, $out, $err) = regress('--baseline', $rbase, make_run("$T/rounds-slow", 27, rounds => $R, scale => { libarchive => 2 }));
is($st, 1, "at regress.suite's $R rounds, libarchive 2x slower: exit 1");
is_deeply([regressed($out)], ['time: libarchive one-1k.7z', 'time: libarchive text-64k.7z'], '...naming libarchive only') or diag $out;
($st, $out, $err) = regress('--baseline', make_run("$T/rounds4-base", 28, rounds => 4),
	make_run("$T/rounds4-slow", 29, rounds => 4, scale => { libarchive => 2 }));
is($st, 0, 'at 4 rounds the same slowdown cannot regress (p >= 2/70): why the suite needs more') or diag $out;

($st, $out, $err) = regress('--baseline', $base, make_run("$T/calls", 9, calls => { 'spawn 7zz' => 1.3 }));
is($st, 1, 'system calls of spawn 7zz +30%: exit 1');
is_deeply([regressed($out)], ['system calls: spawn 7zz one-1k.7z'], 'only that count is flagged') or diag $out;
like($out, qr/system calls: spawn 7zz one-1k\.7z .*REGRESSED \(\+37\.5 rt_sigaction/, 'the row names the call that grew most');

($st, $out, $err) = regress('--baseline', $base, make_run("$T/fewer", 10, calls => { 'fork 7zz' => 0.7 }));
is($st, 0, 'fewer system calls are not a regression');
like($out, qr/system calls: fork 7zz one-1k\.7z .*\| fewer/, '...but are reported as fewer');

($st, $out, $err) = regress('--baseline', $base, make_run("$T/calls2", 11, calls => { libarchive => 1.02 }));
is($st, 0, 'a count 2% (under one call) higher is within tolerance');

($st, $out, $err) = regress('--baseline', $base, make_run("$T/rss", 12, rss => 1.3));
is($st, 1, 'the driver\'s peak RSS +30%: exit 1');
is_deeply([regressed($out)], ['peak RSS of the driver: libarchive many-files.7z', 'peak RSS of the driver: spawn 7zz many-files.7z'],
	'the peak RSS rows are flagged') or diag $out;

my $fail = make_run("$T/fail", 20);
open my $fh, '>>', "$fail/latency.csv" or die;
print $fh "extract,1,spawn,7zz,one-1k.7z,620,0,0,41,2000000,,,,,,,,,,1,error,spawning\n";
close $fh;
($st, $out, $err) = regress('--baseline', $base, $fail);
is($st, 1, 'an extraction that failed in the run: exit 1');
like($out, qr/^\| failed: extract: spawn 7zz one-1k\.7z .*\| 1 error .*\| FAILED/m, '...named, with its status');
write_file("$T/fail2/failures.txt", "system calls: spawn 7zz one-1k.7z\n") if mkdir "$T/fail2";
system('cp', "$T/noise5/$_", "$T/fail2/") for qw(latency.csv floor.csv syscalls.csv env.json);
($st, $out, $err) = regress('--baseline', $base, "$T/fail2");
is($st, 1, 'a point listed in failures.txt: exit 1');
like($out, qr/^\| failed: point: system calls: spawn 7zz one-1k\.7z /m, '...named');
($st, $out, $err) = regress('--baseline', $base, make_run("$T/drop", 13, drop => 'fork'));
is($st, 1, 'a point missing from the run: exit 1');
like($out, qr/time: fork 7zz one-1k\.7z .*MISSING/, 'the missing point is named');

# --- another machine: only ratios within a run ----------------------------------------------
my %other = (env => { cpu_model => 'Intel Xeon', cores => 4 });
($st, $out, $err) = regress('--baseline', $base, make_run("$T/other", 14, %other, all => 1.6));
is($st, 0, 'another machine 60% slower at everything: exit 0, ratios unchanged') or diag $out;
like($err, qr/machine-portable ratios \(cpu_model, cores differ\)/, 'says the machines differ and how');
unlike($out, qr/^\| time:/m, 'no absolute time is compared across machines');
like($out, qr/^\| ratio: fork \/ spawn, parent 1 GiB /m, 'fork/spawn from the biggest parent is compared');
like($out, qr/^\| ratio: libarchive \/ spawn 7zz, one-1k\.7z /m, 'in-process against spawn on the small archive');
like($out, qr/^\| ratio: libarchive text-64k\.7z \/ floor /m, 'each point against the floor');
unlike($out, qr/system calls/, 'with another core count, system calls are not compared');
like(do { local $/; open my $h, '<:encoding(UTF-8)', "$T/other/regress.md"; <$h> }, qr/System calls and peak RSS are not compared/,
	'regress.md says why counts were left out');

($st, $out, $err) = regress('--baseline', $base, make_run("$T/other2", 15, %other, all => 1.6, scale => { libarchive => 2 }));
is($st, 1, 'another machine, libarchive 2x slower relative to the rest: exit 1');
like($err, qr/ratio: libarchive one-1k\.7z \/ floor \(REGRESSED/, 'named as a ratio');

($st, $out, $err) = regress('--portable', '--baseline', $base, make_run("$T/port", 16, env => { kernel => '6.19.0' }));
is($st, 0, '--portable on an unchanged run: exit 0');
like($out, qr/system calls: spawn 7zz/, 'a new kernel with the same OS and cores still compares counts');

# --- bad input -------------------------------------------------------------------------------
($st, undef, $err) = regress('--baseline', "$T/nowhere", $base);
is($st, 3, 'a baseline that does not exist: exit 3');
like($err, qr{^regress: \Q$T\E/nowhere: no such folder$}m, '...naming it');
mkdir "$T/empty";
($st, undef, $err) = regress('--baseline', "$T/empty", $base);
like("$st $err", qr{^3 regress: \Q$T\E/empty: no env\.json \(not a run folder\)$}m, 'a folder that is not a run: exit 3, named');
($st, undef, $err) = regress('--baseline', $base);
is($st, 2, 'no RUNDIR: usage error, exit 2');
($st, undef, $err) = regress('--alpha', '2', '--baseline', $base, $base);
is($st, 2, 'an alpha outside (0, 1): exit 2');
open my $h, '>>', "$T/noise2/latency.csv";
print $h "extract,1,spawn\n";
close $h;
($st, undef, $err) = regress('--baseline', $base, "$T/noise2");
like("$st $err", qr/^3 regress: .*latency\.csv: record \d+ has 3 fields/, 'a malformed latency.csv: exit 3, named');

my $other_suite = make_run("$T/quick", 23, env => { suite => 'quick' });
($st, undef, $err) = regress('--baseline', $other_suite, $base);
like("$st $err", qr/^3 regress: \Q$other_suite\E: a baseline of suite 'quick', but \Q$base\E ran suite 'regress'$/m,
	'a baseline of another suite: exit 3, naming both suites');
write_file("$T/quick/env.json", "{ not json");
($st, undef, $err) = regress('--baseline', $other_suite, $base);
like("$st $err", qr/^3 regress: \Q$T\E\/quick\/env\.json: not valid JSON/m, 'a malformed env.json: exit 3, naming the file');

# --- values that are not numbers: a gate that cannot read a figure refuses it (exit 3) ----------
# doctor(FROM, NAME, FILE, CODE): a copy of run FROM as $T/NAME, with CODE(\@rows) run over FILE's
# records before it is written back; returns the copy's path.
sub doctor {
	my ($from, $name, $file, $code) = @_;
	my $d = "$T/$name";
	mkdir $d or die "$d: $!";
	copy("$from/$_", "$d/$_") for grep { -f "$from/$_" } qw(env.json latency.csv floor.csv syscalls.csv);
	my ($cols, $rows) = read_csv("$d/$file");
	$code->($rows);
	write_csv("$d/$file", $cols, $rows);
	return $d;
}
my $good = make_run("$T/good", 24);
my (undef, $good_lat) = read_csv("$good/latency.csv");
# The 7th extract record: its line in latency.csv (the header is line 1).
my ($row7) = (grep { $good_lat->[$_]{experiment} eq 'extract' } 0 .. $#$good_lat)[6];
my $line7 = $row7 + 2;
my $v = 0;
for my $bad ('nan', 'NaN', 'inf', '-inf', 'Infinity', '', '-5', '0', '1e999', '12ms', '0x10', ' 7') {
	my $d = doctor($good, 'bad-wall' . ++$v, 'latency.csv', sub { $_[0][$row7]{wall_ns} = $bad });
	($st, undef, $err) = regress('--baseline', $base, $d);
	like("$st $err", qr/^3 regress: \Q$d\E\/latency\.csv:$line7: wall_ns is '\Q$bad\E', not a finite number > 0$/,
		"a wall_ns of '$bad' in the run: exit 3, naming the file, the line and the value");
	($st, undef, $err) = regress('--baseline', $d, $base);
	is($st, 3, "...and in the baseline: exit 3");
}
# Every record's wall_ns NaN, then the same with a 10x slowdown: the verdict was "nothing
# regressed" either way, since every comparison with NaN is false.
my $all_nan = doctor($good, 'all-nan', 'latency.csv', sub { $_->{wall_ns} = 'nan' for @{ $_[0] } });
($st, undef, $err) = regress('--baseline', $base, $all_nan);
like("$st $err", qr/^3 regress: \Q$all_nan\E\/latency\.csv:2: wall_ns is 'nan'/, 'every wall_ns nan: exit 3, at the first record');
my $slow10 = make_run("$T/slow10", 25, scale => { spawn => 10, fork => 10, libarchive => 10 });
my $floor_nan = doctor($slow10, 'floor-nan', 'floor.csv', sub { $_->{wall_ns} = 'nan' for @{ $_[0] } });
($st, undef, $err) = regress('--baseline', $base, $floor_nan);
like("$st $err", qr/^3 regress: \Q$floor_nan\E\/floor\.csv:2: wall_ns is 'nan', not a finite number > 0$/,
	'a 10x slowdown with floor.csv all NaN: exit 3, naming floor.csv');
($st, undef, $err) = regress('--baseline', $base, $slow10);
is($st, 1, '...while the same run with its floor intact regresses');
my $calls_inf = doctor($good, 'calls-inf', 'syscalls.csv', sub { $_[0][3]{calls} = 'inf' });
($st, undef, $err) = regress('--baseline', $base, $calls_inf);
like("$st $err", qr/^3 regress: \Q$calls_inf\E\/syscalls\.csv:5: calls is 'inf', not a finite number$/,
	'system calls "inf": exit 3, named');
my ($peak) = grep { $good_lat->[$_]{experiment} eq 'peak' } 0 .. $#$good_lat;
for my $c (qw(self_maxrss_kb child_rss_kb ballast_bytes round thp)) {
	my $d = doctor($good, "bad-$c", 'latency.csv', sub { $_[0][$peak]{$c} = '-1' });
	($st, undef, $err) = regress('--baseline', $base, $d);
	like("$st $err", qr/^3 regress: \Q$d\E\/latency\.csv:@{[$peak + 2]}: $c is '-1', not a whole number >= 0$/,
		"$c of -1: exit 3, named");
}
my $no_wall = "$T/no-wall";
mkdir $no_wall;
copy("$good/env.json", "$no_wall/env.json");
write_file("$no_wall/latency.csv", "experiment,round,method,tool,archive,ballast_bytes,thp,status\n");
($st, undef, $err) = regress('--baseline', $base, $no_wall);
like("$st $err", qr/^3 regress: \Q$no_wall\E\/latency\.csv: no column wall_ns in the header$/, 'a latency.csv without wall_ns: exit 3');

# A baseline whose every record failed: not a baseline, before a run is spent on it (--check).
my $all_failed = doctor($base, 'all-failed', 'latency.csv', sub { $_->{status} = 'error' for @{ $_[0] } });
($st, undef, $err) = regress('--baseline', $all_failed, $good);
like("$st $err", qr/^3 regress: \Q$all_failed\E: not a baseline: no timed point succeeded/, 'a baseline with no successful record: exit 3');
($st, undef, $err) = regress('--check', '--baseline', $all_failed);
is($st, 3, '...already at --check, before the run');

# analyze.pl and pool.pl refuse them too.
sub run_status { my $out = `@_ 2>&1`; return (($? >> 8), $out) }
my ($ast, $aout) = run_status("'$top/scripts/analyze.pl' '$T/bad-wall1'");
like("$ast $aout", qr/^3 analyze: \Q$T\E\/bad-wall1\/latency\.csv:$line7: wall_ns is 'nan', not a finite number > 0$/,
	'analyze.pl on a wall_ns of nan: exit 3, named');
ok(!-e "$T/bad-wall1/summary.csv", '...and writes no summary');
($ast, $aout) = run_status("'$top/scripts/analyze.pl' '$calls_inf'");
like("$ast $aout", qr/^3 analyze: .*syscalls\.csv:5: calls is 'inf'/, 'analyze.pl on system calls of inf: exit 3');
for my $case (['null', 'null'], ['-0.002', '-0.002'], ['"nan"', 'nan']) {
	my ($json, $shown) = @$case;
	my $d = doctor($good, "hf-$shown", 'latency.csv', sub {});
	write_file("$d/hyperfine-one-1k.7z.json", qq({"results": [{"command": "spawn 7zz", "times": [0.002, 0.003]},
		{"command": "libarchive", "times": [0.001, $json]}]}));
	write_file("$d/hyperfine-one-1k.7z.commands.csv", "command_name,method,tool,kind\n"
		. "spawn 7zz,spawn,7zz,spawning\nlibarchive,libarchive,libarchive,in-process\n");
	($ast, $aout) = run_status("'$top/scripts/analyze.pl' '$d'");
	like("$ast $aout", qr/^3 analyze: \Q$d\E\/hyperfine-one-1k\.7z\.json: results\[1\]\.times\[1\] is '\Q$shown\E', not a finite number > 0$/,
		"analyze.pl on a hyperfine time of $json: exit 3, named");
}
my $mem = doctor($good, 'mem-nan', 'latency.csv', sub {});
write_file("$mem/memory.csv", "scenario,sample,t_ms,pid,ppid,depth,role,comm,vmrss_kb,pss_kb,committed_as_kb\n"
	. "spawn,1,0.5,10,1,0,tree,,100,,5000\nspawn,2,NaN,10,1,0,tree,,100,,5000\n");
($ast, $aout) = run_status("'$top/scripts/analyze.pl' '$mem'");
like("$ast $aout", qr/^3 analyze: \Q$mem\E\/memory\.csv:3: t_ms is 'NaN', not a finite number$/, 'analyze.pl on a memory sample at t_ms NaN: exit 3');
($ast, $aout) = run_status("'$top/scripts/pool.pl' '$T/pool-bad' '$good' '$T/bad-wall3'");
like("$ast $aout", qr/^3 pool: \Q$T\E\/bad-wall3\/latency\.csv:$line7: wall_ns is 'inf', not a finite number > 0$/,
	'pool.pl on a wall_ns of inf: exit 3, named');
ok(!-e "$T/pool-bad", '...and makes no pooled folder');
($ast, $aout) = run_status("'$top/scripts/pool.pl' '$T/pool-bad' '$good' '$floor_nan'");
like("$ast $aout", qr/^3 pool: .*floor\.csv:2: wall_ns is 'nan'/, 'pool.pl on a floor of nan: exit 3');

# A run folder named with a space, quotes and a non-ASCII letter: read as it is, and named in
# regress.md and on stderr as it is (not encoded twice).
my $odd = "$T/my runs, 'a' \"b\" \xc3\xa9"; # é, as the UTF-8 bytes a file name holds
mkdir $odd;
copy("$good/$_", "$odd/$_") for qw(env.json latency.csv floor.csv syscalls.csv);
($st, undef, $err) = regress('--baseline', $base, $odd);
is($st, 0, 'a run folder with a space, quotes and é in its name: compared, exit 0') or diag $err;
my $odd_text = Encode::decode_utf8($odd);
like(do { local $/; open my $h, '<:encoding(UTF-8)', "$odd/regress.md" or die; <$h> }, qr/^Current `\Q$odd_text\E`: /m,
	'...and regress.md names it as it is');
like($err, qr/^regress: written \Q$odd_text\E\/regress\.md$/m, '...and so does stderr');

# --- the shell entry points, on what they check before spending a run ---------------------------
my $sh_out = `'$top/scripts/regress.sh' '$T/empty' '$T/results' 2>&1`;
is($? >> 8, 3, 'regress.sh with a folder that is not a baseline: exit 3 before any run');
like($sh_out, qr{^regress: \Q$T\E/empty: no env\.json, not a baseline \(record one: make baseline BASELINE=}m, '...saying how to make one');
ok(!-e "$T/results", '...and nothing was run or written');
$sh_out = `'$top/scripts/regress.sh' '$base' '$T/results' --min-efect 0.2 2>&1`;
is($? >> 8, 2, 'regress.sh with a bad regress.pl option: exit 2 before any run');
ok(!-e "$T/results", '...and nothing was run');
for my $script (qw(regress.sh baseline.sh noise.sh regress.pl)) {
	my $help = Encode::decode_utf8(`'$top/scripts/$script' --help 2>&1`);
	ok($? == 0 && $help =~ /^\Q$script\E — .*\n.*[Ee]xit status/s, "$script --help prints its header, exit statuses included");
}
$sh_out = `BASELINE_RUNS=0 '$top/scripts/baseline.sh' '$T/bl' 2>&1`;
is($? >> 8, 2, 'baseline.sh with BASELINE_RUNS=0: usage error');
$sh_out = `'$top/scripts/baseline.sh' '$T/nowhere/deeper/bl' 2>&1`;
like(($? >> 8) . " $sh_out", qr{^3 baseline: \Q$T\E/nowhere/deeper: not a writable folder}, 'baseline.sh into a folder that does not exist: exit 3 before any run');
$sh_out = `'$top/scripts/noise.sh' 1 2>&1`;
is($? >> 8, 2, 'noise.sh with fewer than 2 runs: usage error');

# --- the committed baseline ------------------------------------------------------------------
my $B = "$top/bench/baseline";
SKIP: {
	skip 'no committed baseline yet', 6 if !-f "$B/latency.csv";
	# As the run, a copy: regress.pl writes regress.md into the run folder, not into bench/.
	mkdir "$T/self";
	copy("$B/$_", "$T/self/$_") for qw(env.json latency.csv syscalls.csv floor.csv);
	($st, $out, $err) = regress('--baseline', $B, "$T/self");
	is($st, 0, 'the committed baseline against itself: exit 0') or diag $err;
	# Doctored copies: one driver's times halved (so the run looks 2x slower), system calls -30%.
	for my $case (['times', 'libarchive'], ['calls', 'spawn']) {
		my ($what, $m) = @$case;
		my $d = "$T/doctored-$what";
		mkdir $d;
		copy("$B/$_", "$d/$_") for qw(env.json latency.csv syscalls.csv floor.csv);
		my $f = $what eq 'times' ? 'latency.csv' : 'syscalls.csv';
		my ($cols, $rows) = read_csv("$d/$f");
		for (grep { $_->{method} eq $m } @$rows) {
			$what eq 'times' ? ($_->{wall_ns} = int($_->{wall_ns} / 2)) : ($_->{calls} *= 0.7);
		}
		write_csv("$d/$f", $cols, $rows);
		($st, $out, $err) = regress('--baseline', $d, "$T/self");
		is($st, 1, "a baseline with $m\'s $what lowered: exit 1");
		my @bad = regressed($out);
		ok(@bad && !grep({ !/^(time|system calls): \Q$m\E\b/ } @bad), "every flagged row is $m\'s: @bad");
	}
}

# --- pool.pl -----------------------------------------------------------------------------------
my $pool = "$T/pooled";
system("$top/scripts/pool.pl", $pool, "$T/noise3", "$T/noise4", "$T/calls") == 0 or diag 'pool.pl failed';
my (undef, $lat) = read_csv("$pool/latency.csv");
is(scalar @$lat, 3 * (9 * 40 + 6), 'pooled latency.csv holds every record of the three runs');
my %rounds = map { $_->{round} => 1 } @$lat;
is(scalar keys %rounds, 3 * 8, 'rounds are renumbered: 8 per run stay distinct');
my (undef, $sc) = read_csv("$pool/syscalls.csv");
my ($rt) = grep { $_->{method} eq 'spawn' && $_->{syscall} eq 'rt_sigaction' } @$sc;
is($rt->{calls}, 125, 'system calls: the median over runs (125, 125, 162.5 -> 125)');
is(scalar @{ read_json("$pool/env.json")->{pooled} }, 3, 'env.json lists the pooled runs');
my (undef, $fl) = read_csv("$pool/floor.csv");
is(scalar @$fl, 3 * 2 * 9 * 30, 'pooled floor.csv holds every floor record');
is(scalar(keys %{ { map { $_->{round} => 1 } @$fl } }), 3 * 9, 'floor rounds move up with the runs, 9 per run');
my %lat_rounds = map { $_->{round} => 1 } grep { $_->{experiment} ne 'peak' } @$lat;
ok(!grep({ !exists $lat_rounds{$_} && $_ % 9 != 0 } map { $_->{round} } @$fl),
	'every floor round but the trailing ones pairs with a round of latency.csv');
system("'$top/scripts/pool.pl' '$pool' '$T/noise3' 2>/dev/null");
is($? >> 8, 3, 'pool.pl refuses to write over an existing folder');

done_testing;
