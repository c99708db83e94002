#!/usr/bin/perl
# analyze.pl — turn a run folder's records into summary.csv, the plots' data (plotdata/*.csv)
# and findings.json, the figures REPORT.md is written from.  Every number comes from the records.
#
# usage: scripts/analyze.pl RUNDIR
# Reads RUNDIR/latency.csv, archives.csv, hyperfine-*.json, syscalls.csv, memory.csv (each
# optional but latency.csv).  Exit status: 0 done; 2 usage; 3 a file missing or malformed (also
# a field read as a number that is not a finite one, e.g. wall_ns "nan": "FILE:LINE: ...").
use strict;
use warnings;
use utf8;
use FindBin;
use lib "$FindBin::Bin/lib";
use Shellout qw(read_run_csv read_csv is_number write_csv write_file read_json describe_rounds noisy fmt_num);
use Registry qw(record_kind series);
use Suite ();
use JSON::PP;
use List::Util qw(max min sum first);
use Scalar::Util qw(looks_like_number);

# out(X): X (a number, or a structure of them) rounded to six significant digits for output;
# every figure is computed from unrounded values first, and report.pl rounds once more, to the
# digits each figure's interval supports (six here, so that rounding twice cannot move the last
# digit it prints).
sub out {
	my ($x) = @_;
	return [map { out($_) } @$x] if ref $x eq 'ARRAY';
	return { map { $_ => out($x->{$_}) } keys %$x } if ref $x eq 'HASH';
	return looks_like_number($x) && $x ne '' ? sprintf('%.6g', $x) + 0 : $x;
}
# write_rounded(FILE, \@columns, \@rows): write_csv with every number rounded by out().
sub write_rounded { my ($f, $c, $r) = @_; write_csv($f, $c, [map { out($_) } @$r]) }

my $run = shift // do { print STDERR "usage: scripts/analyze.pl RUNDIR\n"; exit 2 };
@ARGV and do { print STDERR "analyze: unexpected argument '$ARGV[0]'\n"; exit 2 };
my $NOISE = 0.05; # a median whose 95% CI reaches further than this fraction is marked noisy
my $PRE_MS = 200; # memory plots start this long before the first child
Shellout::on_die('analyze');
-f "$run/latency.csv" or die "$run/latency.csv: no such file\n";

my (undef, $lat) = read_run_csv("$run/latency.csv");
my %arch;
if (-f "$run/archives.csv") {
	my (undef, $rows) = read_run_csv("$run/archives.csv");
	%arch = map { $_->{archive} => $_ } @$rows;
}
sub content_bytes { my ($ar) = @_; $arch{$ar} ? $arch{$ar}{content_bytes} : '' }
# What the suite chose to compare (suite.json, written by bench.pl: the reference in-process
# method, the headline spawning method and tool, ...) and what the drivers said about themselves
# (drivers.json); a run without them (an older one) gets the findings that need no choice.
my $H = -f "$run/suite.json" ? (read_json("$run/suite.json")->{headline} // {}) : {};
my $DRV = -f "$run/drivers.json" ? read_json("$run/drivers.json") : {};
my $ENV = -f "$run/env.json" ? read_json("$run/env.json") : {};

# --- summary.csv ---------------------------------------------------------------------------
my @key = qw(experiment method tool archive ballast_bytes thp);
my (%group, @order, %failed, %kind);
for my $r (@$lat) {
	my $k = join "\0", map { $r->{$_} } @key;
	if (!$group{$k}) { $group{$k} = []; push @order, $k }
	$kind{$k} //= record_kind($r); # failed records too: a point that only failed still has a kind
	if ($r->{status} ne 'ok') { $failed{$k}++; next }
	push @{ $group{$k} }, $r;
}
my @summary;
# add(\%point, METRIC, UNIT, \%by_round): one summary row for the values, {round => [values]}:
# n values over `rounds` rounds; the median, its 95% CI and the noise flag over the round
# medians, p10 and p90 over the values (Shellout::describe_rounds says why).
sub add {
	my ($pt, $metric, $unit, $by) = @_;
	return if !grep { @$_ } values %$by;
	my $d = describe_rounds($by);
	push @summary, { %$pt, metric => $metric, unit => $unit, n => $d->{n}, rounds => $d->{rounds},
		(map { $_ => $d->{$_} // '' } qw(median ci_lo ci_hi p10 p90)), # full precision: rounded on output
		noisy => noisy($d, $NOISE) };
}
# by_round(\@rows, CODE): {round => [CODE->(row)...]}, the rows' values by their round (latency.csv's
# round column); a row for which CODE returns undef is left out.
sub by_round {
	my ($rows, $f) = @_;
	my %by;
	for my $r (@$rows) { my $v = $f->($r); push @{ $by{ $r->{round} } }, $v if defined $v }
	return \%by;
}
for my $k (@order) {
	my %pt;
	@pt{@key} = split /\0/, $k, -1;
	$pt{kind} = $kind{$k};
	$pt{series} = series(@pt{qw(method tool kind)});
	my $rows = $group{$k};
	$pt{archive_bytes} = @$rows ? $rows->[0]{archive_bytes} // '' : ''; # (no row: every iteration failed)
	$pt{content_bytes} = content_bytes($pt{archive});
	$pt{failed} = $failed{$k} // 0;
	if (!@$rows) { push @summary, { %pt, metric => 'wall_ms', unit => 'ms', n => 0, rounds => 0 }; next }
	add(\%pt, 'wall_ms', 'ms', by_round($rows, sub { $_[0]{wall_ns} / 1e6 }));
	if ($pt{experiment} eq 'extract' && $pt{content_bytes}) {
		add(\%pt, 'throughput', 'MB/s', by_round($rows, sub { $pt{content_bytes} / 1e6 / ($_[0]{wall_ns} / 1e9) }));
	}
	if ($pt{experiment} eq 'peak') {
		add(\%pt, 'self_maxrss_kb', 'kB', by_round($rows, sub { $_[0]{self_maxrss_kb} }));
		add(\%pt, 'child_rss_kb', 'kB', by_round($rows, sub { $_[0]{child_rss_kb} ne '' ? $_[0]{child_rss_kb} : undef }));
	}
}
# hyperfine: whole processes, one JSON per archive.
# (Listed with readdir, not glob: glob would split RUNDIR at its spaces and expand its * and {}.)
opendir my $dh, $run or die "$run: $!\n";
my @hf = sort grep { /^hyperfine-.+\.json$/ && !/\.commands\.csv$/ } readdir $dh;
closedir $dh;
for my $entry (@hf) {
	my $f = "$run/$entry";
	(my $ar = $entry) =~ s{^hyperfine-|\.json$}{}g;
	my $j = read_json($f);
	ref $j eq 'HASH' && ref $j->{results} eq 'ARRAY' or die "$f: no results list\n";
	(my $cmdfile = $f) =~ s/\.json$/.commands.csv/;
	# A run from before bench.pl listed its commands: its hyperfine results cannot be told apart
	# without parsing display names, so they are left out, and said so.
	if (!-f $cmdfile) { print STDERR "analyze: note: $cmdfile: no such file (a run older than it): $entry left out\n"; next }
	my %cmd = map { $_->{command_name} => $_ } @{ (read_csv($cmdfile))[1] };
	for my $i (0 .. $#{ $j->{results} }) {
		my $res = $j->{results}[$i];
		my $times = ref $res eq 'HASH' && $res->{times};
		ref $times eq 'ARRAY' or die "$f: results[$i] has no times list\n";
		for my $k (0 .. $#$times) {
			my ($ok, $what) = is_number($times->[$k], 'time');
			die "$f: results[$i].times[$k] is '" . ($times->[$k] // 'null') . "', not $what\n" if !$ok;
		}
		# What the command was: bench.pl's list beside the JSON, not its display name read back.
		my $name = $res->{command_name} // $res->{command} // '';
		my $c = $cmd{$name} or die "$cmdfile: no command named '$name' of $f\n";
		my ($m, $t, $kind) = @$c{qw(method tool kind)};
		add({ experiment => 'hyperfine', method => $m, tool => $t, kind => $kind, series => series($m, $t, $kind), archive => $ar,
			archive_bytes => $arch{$ar}{archive_bytes} // '', content_bytes => content_bytes($ar),
			ballast_bytes => 0, thp => 0, failed => 0 },
			# Each hyperfine run is its own unit (a round of one): hyperfine has no rounds, and
			# every run is a new process (the driver's or the tool's start-up included), so what
			# ties the iterations of one driver process together is absent.  Its runs of one
			# command do follow each other, though (hyperfine interleaves no commands): a slow
			# spell of the machine falls on consecutive runs, which this interval cannot see.
			'wall_ms', 'ms', { map { ($_ => [$times->[$_] * 1e3]) } 0 .. $#$times });
	}
}
my @scols = qw(experiment method tool archive archive_bytes content_bytes ballast_bytes thp metric
	unit n median ci_lo ci_hi p10 p90 noisy failed rounds kind series);
write_rounded("$run/summary.csv", \@scols, \@summary);

# med(EXPERIMENT, METHOD, TOOL, ARCHIVE, BALLAST, THP, METRIC): the summary row, or undef.
my %S = map { (join "\0", @$_{qw(experiment method tool archive ballast_bytes thp metric)}) => $_ }
	grep { defined $_->{median} } @summary;
sub row { $S{ join "\0", @_[0 .. 5], $_[6] // 'wall_ms' } }
sub med { my $r = row(@_); $r ? $r->{median} : undef }

# --- plot data and findings ----------------------------------------------------------------
my %F = (noise_limit => $NOISE, headline => $H);
mkdir "$run/plotdata";
my $PD = "$run/plotdata";
# The in-process series every other is compared with: the suite's reference method, or the run's
# only in-process series.
my $REF = do {
	my %inp = map { $_->{series} => 1 } grep { $_->{kind} eq 'in-process' } @summary;
	$H->{reference} && $inp{ $H->{reference} } ? $H->{reference} : keys %inp == 1 ? (keys %inp)[0] : undef;
};
$F{reference} = $REF;
# The headline subprocess series ("METHOD TOOL"), when the suite names its method and tool.
my $HS = $H->{method} && $H->{tool} ? series($H->{method}, $H->{tool}, 'spawning') : undef;
$F{headline_series} = $HS;

# least_squares(\@x, \@y): the slope of y against x; undef without two distinct x.
sub least_squares {
	my ($x, $y) = @_;
	return undef if @$x < 2;
	my ($mx, $my) = (sum(@$x) / @$x, sum(@$y) / @$y);
	my $sxx = sum(map { ($_ - $mx)**2 } @$x);
	return undef if !$sxx;
	return sum(map { ($x->[$_] - $mx) * ($y->[$_] - $my) } 0 .. $#$x) / $sxx;
}

# Spawn cost against the parent's size: every line (method, tool, THP) with its least-squares
# slope in ms per GiB, computed here once for the findings and the plot's legend.
my @sc = grep { $_->{experiment} eq 'spawn-cost' && $_->{metric} eq 'wall_ms' && defined $_->{median} } @summary;
# The plot's panels come in the order of the table's tools: the suite's process-creation tool
# first, then the others as the suite lists them.
my %torder;
$torder{ $_->{tool} } //= ($H->{process} && $_->{tool} eq $H->{process}) ? -1 : scalar keys %torder for @sc;
write_rounded("$PD/spawn-cost.csv", [qw(series method tool thp ballast_gib median_ms ci_lo_ms ci_hi_ms)], [
	map { { series => $_->{series}, method => $_->{method}, tool => $_->{tool},
		thp => $_->{thp}, ballast_gib => $_->{ballast_bytes} / 2**30, median_ms => $_->{median},
		ci_lo_ms => $_->{ci_lo}, ci_hi_ms => $_->{ci_hi} } }
	sort { $torder{ $a->{tool} } <=> $torder{ $b->{tool} } || $a->{method} cmp $b->{method} || $a->{thp} <=> $b->{thp}
		|| $a->{ballast_bytes} <=> $b->{ballast_bytes} } @sc ]);
if (@sc) {
	my (@fits, %line);
	push @{ $line{"$_->{series}\0$_->{thp}"} }, $_ for @sc;
	for my $k (sort keys %line) {
		my @p = sort { $a->{ballast_bytes} <=> $b->{ballast_bytes} } @{ $line{$k} };
		my @x = map { $_->{ballast_bytes} / 2**30 } @p;
		my $slope = least_squares(\@x, [map { $_->{median} } @p]) // next;
		push @fits, { series => $p[0]{series}, method => $p[0]{method}, tool => $p[0]{tool}, thp => $p[0]{thp},
			ms_per_gib => $slope, points => scalar @p, from_ms => $p[0]{median}, to_ms => $p[-1]{median},
			min_gib => $x[0], max_gib => $x[-1] };
	}
	write_rounded("$PD/spawn-cost-fits.csv", [qw(series thp ms_per_gib points)], \@fits);
	# The findings: the lines of the tool that measures process creation alone (the suite's
	# `process` tool), in the suite's order of methods.
	my $pt = $H->{process} // $sc[0]{tool};
	$F{spawn_cost}{tool} = $pt;
	$F{spawn_cost}{slopes} = [grep { $_->{tool} eq $pt } @fits];
	# Every method from the largest parent of at least 1 GiB, and the suite's pair A/B there.
	my ($x) = sort { $b <=> $a } grep { $_ >= 2**30 } map { $_->{ballast_bytes} } grep { $_->{tool} eq $pt } @sc;
	if ($x) {
		my @at = sort { $a->{thp} <=> $b->{thp} || $a->{median} <=> $b->{median} }
			grep { $_->{tool} eq $pt && $_->{ballast_bytes} == $x } @sc;
		my %l = (ballast_gib => $x / 2**30, noisy => (grep { $_->{noisy} } @at) ? 1 : 0,
			rows => [map { { method => $_->{method}, thp => $_->{thp}, median_ms => $_->{median},
				ci => [$_->{ci_lo}, $_->{ci_hi}], noisy => $_->{noisy} } } @at]);
		if (my $pair = $H->{pair}) {
			my %at = map { ("$_->{method}\0$_->{thp}" => $_) } @{ $l{rows} };
			my ($ra, $rb, $rat) = map { $at{$_} // {} } "$pair->[0]\0" . 0, "$pair->[1]\0" . 0, "$pair->[0]\0" . 1;
			my ($ma, $mb, $mat) = map { $_->{median_ms} } $ra, $rb, $rat;
			$l{pair} = { a => $pair->[0], b => $pair->[1], a_ms => $ma, b_ms => $mb, a_thp_ms => $mat,
				a_ci => $ra->{ci}, b_ci => $rb->{ci}, a_thp_ci => $rat->{ci},
				a_over_b => $ma && $mb ? $ma / $mb : undef, a_over_a_thp => $ma && $mat ? $ma / $mat : undef };
		}
		$F{spawn_cost}{largest} = \%l;
	}
	# Each method's range of medians across parent sizes (4 KiB pages): flat or not.
	my %range;
	for my $r (grep { $_->{tool} eq $pt && !$_->{thp} } @sc) {
		my $g = $range{ $r->{method} } //= [$r->{median}, $r->{median}];
		$g->[0] = min($g->[0], $r->{median});
		$g->[1] = max($g->[1], $r->{median});
	}
	$F{spawn_cost}{range_ms} = \%range;
}

# The harness's own cost: the headline method of the process-creation tool from the empty parent
# against the bare posix_spawn loop measured around the same rounds (floor.csv), where the suite
# has both: what the runner (timeout handling, usage accounting) adds to starting a process.
if (-f "$run/floor.csv" && $H->{method} && $H->{process}) {
	my (undef, $fl) = read_run_csv("$run/floor.csv");
	my ($d) = grep { $_->{method} eq $H->{method} && $_->{tool} eq $H->{process} && !$_->{ballast_bytes} && !$_->{thp} } @sc;
	my %by;
	push @{ $by{ $_->{round} } }, $_->{wall_ns} / 1e6 for grep { $_->{experiment} eq 'spawn-cost' && $_->{status} eq 'ok' } @$fl;
	my $f = %by ? describe_rounds(\%by) : undef;
	$F{harness} = { series => $d->{series}, driver_ms => $d->{median}, driver_ci => [$d->{ci_lo}, $d->{ci_hi}],
		floor_ms => $f->{median}, floor_ci => [$f->{ci_lo}, $f->{ci_hi}], over => $d->{median} / $f->{median} - 1 }
		if $d && $f && $f->{median};
}

# Extraction against size: the ladder is the suite's (headline ladder=GLOB, e.g. text-*.7z),
# else every archive of the extract steps.
my @ex = grep { $_->{experiment} eq 'extract' && $_->{metric} eq 'wall_ms' && defined $_->{median} } @summary;
# Without a ladder line there is no ladder (nor its plot and crossover findings): archives of
# other shapes and formats side by side are no size ladder.
my $ladder_re = defined $H->{ladder} ? Suite::ladder_re($H->{ladder}) : undef;
my @ladder = $ladder_re ? grep { $_->{archive} =~ $ladder_re && $_->{content_bytes} } @ex : ();
my %series;
push @{ $series{ $_->{series} } }, $_ for sort { $a->{content_bytes} <=> $b->{content_bytes} } @ladder;
# The plot shows the in-process series and the headline method's lines, when there are any: on
# large archives the other methods differ from it by noise, and ten lines would hide the crossing.
my %hm = map { $_->{series} => 1 } grep { $H->{method} && $_->{kind} eq 'spawning' && $_->{method} eq $H->{method} } @ladder;
my %inp = map { $_->{series} => 1 } grep { $_->{kind} eq 'in-process' } @ladder;
my $plotted = sub { my ($s) = @_; $inp{$s} || $hm{$s} || !%hm };
write_rounded("$PD/extract-ladder.csv", [qw(series content_mib median_ms ci_lo_ms ci_hi_ms throughput_mbs)], [
	map { my $s = $_; map { { series => $s, content_mib => ($_->{content_bytes} / 2**20),
		median_ms => $_->{median}, ci_lo_ms => $_->{ci_lo}, ci_hi_ms => $_->{ci_hi},
		throughput_mbs => med('extract', @$_{qw(method tool archive ballast_bytes thp)}, 'throughput') } }
		@{ $series{$s} } } sort grep { $plotted->($_) } keys %series ]);
my @cross;
if ($REF && (my $lib = $series{$REF})) {
	my %lib = map { $_->{archive} => $_ } @$lib;
	for my $s (sort grep { $_ ne $REF } keys %series) {
		my @p = grep { $lib{ $_->{archive} } } @{ $series{$s} };
		next if @p < 2; # a ladder has rungs
		my @r = map { $_->{median} / $lib{ $_->{archive} }{median} } @p;
		my %c = (series => $s, reference => $REF, ladder => $H->{ladder} // '', smallest_mib => ($p[0]{content_bytes} / 2**20),
			largest_mib => ($p[-1]{content_bytes} / 2**20), ratio_smallest => ($r[0]),
			ratio_largest => ($r[-1]));
		my $i = first { $r[$_] <= 1 } 0 .. $#r;
		if (!defined $i) {
			$c{verdict} = 'slower at every size';
		} elsif ($i == 0) {
			$c{verdict} = (grep { $_ > 1 } @r) ? 'faster on the smallest, not at every size' : 'faster at every size';
		} else {
			# log-log interpolation between the last slower and the first faster point
			my ($x0, $x1) = map { log $p[$_]{content_bytes} } $i - 1, $i;
			my ($l0, $l1) = map { log $r[$_] } $i - 1, $i;
			my $x = $x0 + (0 - $l0) * ($x1 - $x0) / ($l1 - $l0);
			my ($y0, $y1) = map { log $lib{ $p[$_]{archive} }{median} } $i - 1, $i;
			# Overtaking is only claimed where the two 95% intervals at the first faster size
			# are apart; where they overlap the two are level within the noise.
			my ($sp, $lp) = ($p[$i], $lib{ $p[$i]{archive} });
			$c{verdict} = ($sp->{ci_hi} // '') ne '' && ($lp->{ci_lo} // '') ne '' && $sp->{ci_hi} < $lp->{ci_lo}
				? 'overtakes' : 'level within noise';
			$c{crossover_mib} = (exp($x) / 2**20);
			$c{crossover_ms} = (exp($y0 + ($x - $x0) * ($y1 - $y0) / ($x1 - $x0)));
			$c{between} = [$p[$i - 1]{archive}, $p[$i]{archive}];
			$c{between_mib} = [map { $p[$_]{content_bytes} / 2**20 } $i - 1, $i];
			# A line that crosses back later is not a crossover to build on.
			$c{recrosses} = 1 if grep { $r[$_] > 1 } $i + 1 .. $#r;
		}
		push @cross, \%c;
	}
}
$F{crossover} = \@cross;
write_rounded("$PD/crossover.csv", [qw(series content_mib median_ms label)],
	[map { { series => $_->{series}, content_mib => $_->{crossover_mib}, median_ms => $_->{crossover_ms},
		label => $_->{verdict} eq 'overtakes'
			? sprintf('%s overtakes %s at ≈ %.3g MiB', $_->{series}, $REF, $_->{crossover_mib})
			: sprintf('%s level with %s between %.3g and %.3g MiB (within noise)', $_->{series}, $REF,
				@{ $_->{between_mib} }) } }
		grep { defined $_->{crossover_mib} && $plotted->($_->{series}) } @cross]);

# Speed-up of the reference over each other series, per archive (all extract archives).
my %by_arch;
push @{ $by_arch{ $_->{archive} } }, $_ for @ex;
my @archs = sort { ($arch{$a}{content_bytes} // 0) <=> ($arch{$b}{content_bytes} // 0) || $a cmp $b } keys %by_arch;
my @others = sort { $a cmp $b } grep { !$REF || $_ ne $REF } keys %{ { map { $_->{series} => 1 } @ex } };
my @speed;
for my $ar (@archs) {
	my ($lib) = grep { $REF && $_->{series} eq $REF } @{ $by_arch{$ar} };
	next if !$lib;
	my %row = (archive => $ar);
	$row{ $_->{series} } = ($_->{median} / $lib->{median}) for grep { $_->{series} ne $REF } @{ $by_arch{$ar} };
	push @speed, \%row;
}
write_rounded("$PD/speedup.csv", ['archive', @others], \@speed);
# The reference archive (the suite's headline archive=, else the smallest): how many times
# faster the reference is than each other series.
if (@archs) {
	my $ar = (grep { $H->{archive} && $_ eq $H->{archive} } @archs)[0] // $archs[0];
	my ($lib) = grep { $REF && $_->{series} eq $REF } @{ $by_arch{$ar} };
	if ($lib) {
		$F{smallest} = { archive => $ar, content_bytes => $arch{$ar}{content_bytes}, reference => $REF,
			reference_ms => $lib->{median}, reference_ci => [$lib->{ci_lo}, $lib->{ci_hi}], reference_noisy => $lib->{noisy},
			others => [map { { series => $_->{series}, method => $_->{method}, tool => $_->{tool}, kind => $_->{kind},
				median_ms => $_->{median}, noisy => $_->{noisy},
				ci => [$_->{ci_lo}, $_->{ci_hi}], times_reference => ($_->{median} / $lib->{median}) } }
				sort { $a->{median} <=> $b->{median} } grep { $_->{series} ne $REF } @{ $by_arch{$ar} }] };
	}
}

# System calls: per extraction, on the first archive of syscalls.csv.
if (-f "$run/syscalls.csv") {
	my (undef, $sy) = read_run_csv("$run/syscalls.csv");
	my @archs = do { my %s; grep { !$s{$_}++ } map { $_->{archive} } @$sy };
	# syscalls.csv has no kind column: a record's kind is its driver's, from the latency records
	# of the run (or drivers.json).
	my %mk = ((map { $_->{method} => $_->{kind} } @summary), map { $_ => $DRV->{$_}{kind} } keys %$DRV);
	my (%tot, %calls, %per, %errs, %kind);
	for my $r (@$sy) {
		my $k = $mk{ $r->{method} } // ($r->{method} eq $r->{tool} ? 'in-process' : 'spawning');
		my $s = series($r->{method}, $r->{tool}, $k);
		$kind{$s} = $k;
		$tot{ $r->{archive} }{$s} += $r->{calls};
		$errs{ $r->{archive} }{$s} += $r->{errors};
		next if $r->{archive} ne ($archs[0] // '');
		$per{$s}{ $r->{syscall} } = $r->{calls};
		$calls{ $r->{syscall} } = max($calls{ $r->{syscall} } // 0, $r->{calls});
	}
	my @top = (sort { $calls{$b} <=> $calls{$a} || $a cmp $b } keys %calls)[0 .. min(7, scalar(keys %calls) - 1)];
	my @ser = sort { ($kind{$a} ne 'in-process') <=> ($kind{$b} ne 'in-process') || $a cmp $b } keys %per;
	my @rows;
	for my $s (@ser) {
		my %row = (series => $s);
		$row{$_} = $per{$s}{$_} // 0 for @top;
		my $rest = sum(0, map { $per{$s}{$_} } grep { my $c = $_; !grep { $_ eq $c } @top } keys %{ $per{$s} });
		$row{other} = ($rest);
		push @rows, \%row;
	}
	write_rounded("$PD/syscalls-top.csv", ['series', @top, 'other'], \@rows);
	write_file("$PD/syscalls-top.title", "$archs[0]\n") if @archs;
	for my $ar (@archs) {
		my $lib = $REF && $tot{$ar}{$REF};
		$F{syscalls}{$ar} = [sort { $a->{calls} <=> $b->{calls} } map { { series => $_, kind => $kind{$_},
			calls => ($tot{$ar}{$_}), errors => ($errs{$ar}{$_}), times_reference => $lib ? ($tot{$ar}{$_} / $lib) : undef } }
			keys %{ $tot{$ar} }];
	}
}

# Memory over time: per scenario, the tree's totals against time.
if (-f "$run/memory.csv") {
	my (undef, $mem) = read_run_csv("$run/memory.csv");
	my (%t, @scen);
	for my $r (@$mem) {
		my $s = $r->{scenario};
		push @scen, $s if !$t{$s};
		my $x = $t{$s}{ $r->{sample} } //= { t_ms => $r->{t_ms} };
		if ($r->{role} eq 'tree') { $x->{rss} = $r->{vmrss_kb}; $x->{ca} = $r->{committed_as_kb}; next }
		if ($r->{role} eq 'parent') { $x->{parent} = $r->{vmrss_kb} }
		else { $x->{child} = ($x->{child} // 0) + ($r->{vmrss_kb} || 0) }
		# The tree's PSS only where every process of the sample has one (the sampler reads Pss
		# less often than VmRSS for large processes): a partial sum would look like a drop.
		next if $r->{vmrss_kb} eq ''; # a vfork child before exec: the parent's memory, not its own
		if ($r->{pss_kb} eq '') { $x->{pss_partial} = 1 } else { $x->{pss} = ($x->{pss} // 0) + $r->{pss_kb} }
	}
	for my $x (map { values %$_ } values %t) { delete $x->{pss} if delete $x->{pss_partial} }
	my @rows;
	for my $s (@scen) {
		my @smp = sort { $a <=> $b } keys %{ $t{$s} };
		# The plot starts 200 ms before the first child is seen: before that the driver only
		# touches its ballast, which can take seconds and would squeeze what matters into the
		# right edge, and a fork from a large parent spends tens of ms copying page tables
		# (commit already charged) before its child shows up.  The commit charge is shown
		# relative to the window's first sample.  memory.csv keeps every sample.
		my $first = first { $t{$s}{$_}{child} } @smp;
		@smp = grep { $t{$s}{$_}{t_ms} >= $t{$s}{$first}{t_ms} - $PRE_MS } @smp if defined $first;
		my $ca0 = first { defined } map { $t{$s}{$_}{ca} } @smp;
		my %pk;
		for my $i (@smp) {
			my $x = $t{$s}{$i};
			next if !defined $x->{rss};
			my $mib = sub { defined $_[0] && $_[0] ne '' ? ($_[0] / 1024) : '' };
			push @rows, { scenario => $s, t_ms => $x->{t_ms}, tree_rss_mib => $mib->($x->{rss}),
				tree_pss_mib => $mib->($x->{pss}), parent_rss_mib => $mib->($x->{parent}),
				child_rss_mib => $mib->($x->{child} // 0),
				committed_delta_mib => $mib->($x->{ca} - $ca0) };
			$pk{tree_rss} = max($pk{tree_rss} // 0, $x->{rss});
			$pk{tree_pss} = max($pk{tree_pss} // 0, $x->{pss}) if ($x->{pss} // '') ne '';
			$pk{parent} = max($pk{parent} // 0, $x->{parent} // 0);
			$pk{child} = max($pk{child} // 0, $x->{child} // 0);
			$pk{commit_delta} = max($pk{commit_delta} // 0, $x->{ca} - $ca0);
		}
		$F{memory}{$s} = { samples => scalar @smp, window_before_child_ms => defined $first ? $PRE_MS : undef, duration_ms => ($t{$s}{ $smp[-1] }{t_ms} - $t{$s}{ $smp[0] }{t_ms}),
			map { ("peak_${_}_mib" => (($pk{$_} // 0) / 1024)) } keys %pk };
	}
	write_rounded("$PD/memory-tree.csv", [qw(scenario t_ms tree_rss_mib tree_pss_mib parent_rss_mib
		child_rss_mib committed_delta_mib)], \@rows);
}

# Peak memory per method.
my @pk = grep { $_->{experiment} eq 'peak' && $_->{metric} eq 'self_maxrss_kb' } @summary;
if (@pk) {
	my @rows = map { my $c = med('peak', @$_{qw(method tool archive ballast_bytes thp)}, 'child_rss_kb');
		{ series => $_->{series}, parent_peak_mib => ($_->{median} / 1024),
		  child_peak_mib => defined $c ? ($c / 1024) : 0 } } @pk;
	write_rounded("$PD/peak.csv", [qw(series parent_peak_mib child_peak_mib)], \@rows);
	write_file("$PD/peak.title", "$pk[0]{archive}\n");
	$F{peak} = { archive => $pk[0]{archive}, rows => \@rows };
}

$F{noisy} = [map { { experiment => $_->{experiment}, series => $_->{series},
	archive => $_->{archive}, ballast_bytes => $_->{ballast_bytes}, thp => $_->{thp}, n => $_->{n}, rounds => $_->{rounds},
	median => $_->{median}, ci => [$_->{ci_lo}, $_->{ci_hi}] } }
	# (peak points are not timings: --child-rss stops each child at its exit)
	grep { $_->{metric} eq 'wall_ms' && $_->{noisy} && $_->{experiment} ne 'peak' } @summary];
$F{failed} = [map { { experiment => $_->{experiment}, series => $_->{series},
	archive => $_->{archive}, ballast_bytes => $_->{ballast_bytes}, thp => $_->{thp}, failed => $_->{failed} } }
	grep { $_->{metric} eq 'wall_ms' && $_->{failed} } @summary];

# --- how each series looks (plotdata/series.csv) --------------------------------------------
# Computed once here from the data, so that no plot names a method or a tool: a tool's colour
# and point (a -bin tool, the binary behind a wrapper, takes its wrapper's colour and the open
# point), a method's dash and fill pattern (the headline method solid), in-process series dark
# and wide; and, for plots of one tool with a line per method (spawn-cost), a colour and point
# per method.  Orders are the run's own: first appearance in the records, which is the suite's.
my @OKABE = split " ", "#0072B2 #E69F00 #009E73 #CC79A7 #56B4E9 #D55E00 #F0E442 #777777 #882255 #44AA99";
my @DARK = split " ", "#000000 #6B3A00 #4B0082 #2F4F4F";
my @MCOL = split " ", "#D55E00 #0072B2 #009E73 #7F3C8D #E69F00 #CC79A7 #56B4E9 #777777";
my @TPT = (5, 9, 11, 13, 15, 7, 3, 1);      # filled square, triangles, diamond, pentagon, ...
my @MPT = (7, 9, 5, 13, 11, 15, 3, 1);
my @DASH = (1, 2, 4, 5, 3, 6, 7, 8);
my @PAT = (0, 4, 5, 6, 7, 2, 1, 3);
{
	my (@ser, %seen, @tools, %tseen, @methods, %mseen);
	for my $r (@summary) {
		next if $seen{ $r->{series} }++;
		push @ser, $r;
		push @tools, $r->{tool} if $r->{kind} ne 'in-process' && !$tseen{ $r->{tool} }++;
		push @methods, $r->{method} if $r->{kind} eq 'spawning' && !$mseen{ $r->{method} }++;
	}
	my $tools = $ENV->{tools} // {};
	my $base = sub { my ($t) = @_; my $u = ($tools->{$t} // {})->{unwraps} // ''; $u ne '' ? $u : $t };
	my (%tcol, $nt);
	$tcol{ $base->($_) } //= $nt++ for @tools;
	my @dm = ((grep { $H->{method} && $_ eq $H->{method} } @methods), grep { !$H->{method} || $_ ne $H->{method} } @methods);
	my %dash = map { $dm[$_] => $_ } 0 .. $#dm;
	my %mi = map { $methods[$_] => $_ } 0 .. $#methods;
	my $ni = 0;
	my $pick = sub { my ($list, $i) = @_; $list->[$i % @$list] };
	my @rows;
	for my $r (@ser) {
		my ($s, $m, $t, $k) = @$r{qw(series method tool kind)};
		my %row = (series => $s, method => $m, tool => $t, kind => $k, reference => ($REF && $s eq $REF) ? 1 : 0,
			label => $s);
		if ($k eq 'in-process') {
			my $i = $ni++;
			%row = (%row, colour => $pick->(\@DARK, $i), dash => 1, point => 7 - 2 * ($i % 2), width => 3, pattern => 0,
				method_colour => $pick->(\@DARK, $i), method_point => 7 - 2 * ($i % 2), method_label => $m, tool_label => $m);
		} else {
			my $ti = $tcol{ $base->($t) };
			my $open = ($base->($t) ne $t) || ($k eq 'spawning' && $dash{$m}) ? 1 : 0;
			my $di = $k eq 'bare' ? 4 : $dash{$m};
			my $path = ($tools->{$t} // {})->{path} // '';
			%row = (%row, colour => $pick->(\@OKABE, $ti), dash => $pick->(\@DASH, $di), point => $pick->(\@TPT, $ti) - $open,
				width => 2, pattern => $pick->(\@PAT, $di),
				method_colour => $pick->(\@MCOL, $mi{$m} // 0), method_point => $pick->(\@MPT, $mi{$m} // 0),
				method_label => (($DRV->{$m} // {})->{launch} || "") ne "" ? "$m: $DRV->{$m}{launch}" : $m,
				tool_label => "tool $t" . ($path ne '' ? " ($path)" : ''));
		}
		push @rows, \%row;
	}
	# legend order: the reference, the other in-process series, then by tool and method
	@rows = sort { $b->{reference} <=> $a->{reference} || ($a->{kind} ne 'in-process') <=> ($b->{kind} ne 'in-process')
		|| ($a->{kind} eq 'bare') <=> ($b->{kind} eq 'bare') } @rows;
	write_csv("$PD/series.csv", [qw(series method tool kind reference label colour dash point width pattern
		method_colour method_point method_label tool_label)], \@rows);
}

write_file("$run/findings.json", JSON::PP->new->pretty->canonical->encode(out(\%F)));
