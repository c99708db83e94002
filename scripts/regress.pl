#!/usr/bin/perl
# regress.pl — compare a run with a baseline run and say what regressed.  `make regress` runs the
# regression suite (bench/suites/regress.suite) and then this; `make baseline` re-records the
# baseline it compares with (bench/baseline/ unless BASELINE=DIR).
#
# usage: scripts/regress.pl [options] RUNDIR
#   --baseline DIR       the baseline, a folder with a run's files (default bench/baseline)
#   --alpha P            significance level of the rank test on times (default 0.01)
#   --min-effect F       slowdown of a median (against the floor) that fails, a fraction (default 0.50)
#   --warn-effect F      raw slowdown a regression also needs; below a regression it is shown as
#                        "slower", not failing (default 0.10)
#   --count-tolerance F  system calls per extraction may grow by this fraction... (default 0.02)
#   --count-slack N      ...or by this many calls, whichever is larger (default 2)
#   --rss-tolerance F    peak RSS may grow by this fraction (default 0.10)
#   --portable           compare only machine-portable figures even on the same machine
#   --check              only check the options and the baseline, then exit (no RUNDIR)
#   -h, --help
# example: scripts/regress.pl --baseline bench/baseline results/latest
#
# What is compared (doc/ci.md; doc/defaults.md says why these defaults):
#   times    every timed point's rounds (the median of each round's wall_ns in latency.csv),
#            baseline against current, by the Mann-Whitney U test, raw and divided by the floor
#            measured around each round (floor.csv, build/floor-spawn).  REGRESSED when, against the floor, p < alpha and the
#            median is slower by more than min-effect, and the raw times are slower too (p < alpha,
#            beyond warn-effect); without floor.csv, when the raw times are (p < alpha, beyond
#            min-effect).  When env.json says the machines differ (CPU model, core count or
#            kernel), or with --portable, only ratios measured within one run are compared: each
#            point against its floor (floor.csv, or else the run's spawn of `true` from a small
#            parent), fork against spawn from the biggest parent, in-process against spawn of 7zz
#            on the smallest archive.
#   counts   system calls per extraction (syscalls.csv), per driver and tool: REGRESSED when they
#            grow by more than the tolerance.  They are nearly deterministic, so a small change of
#            work shows even where timing noise would hide it.  Compared when both runs have the
#            same OS and core count (glibc and 7-Zip's thread count decide them), not the CPU.
#   memory   peak RSS of the driver and of the tool (latency.csv, experiment peak), as counts.
# Writes RUNDIR/regress.md (the same table, with the settings) and RUNDIR/regress.csv (its rows,
# unrounded), and prints the table.
# Exit status: 0 nothing regressed; 1 something regressed, a figure of the baseline is missing
# from the run, or an extraction of the run failed; 2 usage; 3 a folder is not a run (file missing or malformed).
use strict;
use warnings;
use utf8;
use Getopt::Long qw(GetOptionsFromArray :config no_ignore_case bundling);
use FindBin;
use Cwd qw(abs_path);
use List::Util qw(sum max);
use lib "$FindBin::Bin/lib";
use Shellout qw(read_run_csv write_csv write_file read_json read_lines median mann_whitney fmt_num fmt_bytes);
use Registry qw(record_kind series);

binmode STDOUT, ':encoding(UTF-8)';
binmode STDERR, ':encoding(UTF-8)';

# The defaults, and why (doc/defaults.md): alpha as strict as 0.01 because a run tests
# some 20 time points at once; min-effect above the whole-run drift that scripts/noise.sh measures
# between runs of an unchanged tree on a shared 2-core VM, and well below the 2x a real regression
# of the process boundary makes; counts nearly exact, because they are.
my %opt = (baseline => abs_path("$FindBin::Bin/../bench/baseline") // "$FindBin::Bin/../bench/baseline", alpha => 0.01, 'min-effect' => 0.50,
	'warn-effect' => 0.10, 'count-tolerance' => 0.02, 'count-slack' => 2, 'rss-tolerance' => 0.10);
sub usage_error { print STDERR "regress: $_[0]\nTry 'scripts/regress.pl --help'.\n"; exit 2 }
GetOptionsFromArray(\@ARGV, \%opt, 'baseline=s', 'alpha=f', 'min-effect=f', 'warn-effect=f', 'count-tolerance=f',
	'count-slack=f', 'rss-tolerance=f', 'portable', 'check', 'help|h')
	or usage_error('bad option');
if ($opt{help}) {
	open my $self, '<:encoding(UTF-8)', $0 or die "$0: $!\n";
	while (<$self>) { last if !/^#/; print s/^# ?//r if $. > 1 }
	exit 0;
}
@ARGV == ($opt{check} ? 0 : 1) or usage_error(@ARGV ? "one RUNDIR expected, got @ARGV" : 'RUNDIR missing');
my $rundir = $ARGV[0];
for (qw(alpha min-effect warn-effect count-tolerance count-slack rss-tolerance)) {
	$opt{$_} >= 0 or usage_error("--$_ must not be negative");
}
$opt{alpha} > 0 && $opt{alpha} < 1 or usage_error('--alpha must lie between 0 and 1');
# Paths stay bytes for the file system; in text (messages, regress.md, both written as UTF-8)
# they are decoded, or a non-ASCII folder name would come out encoded twice.
sub text { my ($s) = @_; utf8::decode($s) if !utf8::is_utf8($s); return $s }
Shellout::on_die('regress', \&text);

# load_run(DIR): the figures of one run: {env, times => {key => {round => [ms...]}}, label =>
# {key => text}, floor => [ms...], floor_at => {"exp|round" => [ms...]}, counts => {series =>
# {syscall => calls}}, rss => {metric => [kB...]}, failed => {what => {status => n}}}; dies
# naming the file when DIR is not a finished run.
sub load_run {
	my ($dir) = @_;
	-d $dir or die "$dir: no such folder\n";
	-f "$dir/$_" or die "$dir: no $_ (not a run folder)\n" for qw(env.json latency.csv);
	die "$dir: the run is INCOMPLETE\n" if -f "$dir/INCOMPLETE";
	my %r = (env => read_json("$dir/env.json"));
	# What the suite compares within a run (bench.pl's suite.json; none in a run without it).
	$r{headline} = -f "$dir/suite.json" ? (read_json("$dir/suite.json")->{headline} // {}) : {};
	my (undef, $lat) = read_run_csv("$dir/latency.csv");
	my %kind;
	for my $x (@$lat) {
		my $series = series($x->{method}, $x->{tool}, $kind{ $x->{method} } //= record_kind($x));
		if ($x->{status} ne 'ok') { $r{failed}{"$x->{experiment}: $series $x->{archive}"}{ $x->{status} }++; next }
		if ($x->{experiment} eq 'peak') {
			push @{ $r{rss}{"peak RSS of the driver: $series $x->{archive}"} }, $x->{self_maxrss_kb}
				if $x->{self_maxrss_kb} ne '';
			push @{ $r{rss}{"peak RSS of the tool: $series $x->{archive}"} }, $x->{child_rss_kb}
				if $x->{child_rss_kb} ne '';
			next;
		}
		next if $x->{experiment} ne 'spawn-cost' && $x->{experiment} ne 'extract';
		my $key = join '|', @$x{qw(experiment method tool archive ballast_bytes thp)};
		push @{ $r{times}{$key}{ $x->{round} } }, $x->{wall_ns} / 1e6;
		$r{label}{$key} //= $x->{experiment} eq 'spawn-cost'
			? "$series, parent " . size($x->{ballast_bytes}) . ($x->{thp} ? ' (THP)' : '')
			: "$series $x->{archive}";
	}
	if (-f "$dir/floor.csv") {
		my (undef, $fl) = read_run_csv("$dir/floor.csv");
		for (grep { $_->{status} eq 'ok' } @$fl) {
			push @{ $r{floor} }, $_->{wall_ns} / 1e6;
			push @{ $r{floor_at}{"$_->{experiment}|$_->{round}"} }, $_->{wall_ns} / 1e6;
		}
	}
	$r{failed}{"point: $_"}{failed}++ for read_lines("$dir/failures.txt");
	if (-f "$dir/syscalls.csv") {
		my (undef, $sc) = read_run_csv("$dir/syscalls.csv");
		# (syscalls.csv has no kind: a method's kind is the one its latency records show)
		$r{counts}{ series($_->{method}, $_->{tool}, $kind{ $_->{method} } // ($_->{method} eq $_->{tool} ? 'in-process' : 'spawning'))
			. " $_->{archive}" }{ $_->{syscall} } += $_->{calls} for @$sc;
	}
	return \%r;
}

# size(BYTES): a parent's ballast in a label: "0" for none, else "64 MiB", "1 GiB".
sub size { my ($n) = @_; return $n ? fmt_bytes($n) : '0' }
sub pct { my ($x) = @_; return sprintf('%+.1f%%', 100 * $x) }
sub frac { my ($x) = @_; return sprintf('%g%%', 100 * $x) } # a threshold: 0.5 -> 50%

my $base = load_run($opt{baseline});
# A baseline whose every timed record failed has no figure to hold a run to: every point of the
# run would be "new" and nothing could regress.
%{ $base->{times} // {} }
	or die "$opt{baseline}: not a baseline: no timed point succeeded (latency.csv has no spawn-cost or extract record with status ok)\n";
exit 0 if $opt{check}; # scripts/regress.sh, before it spends a run
my $cur = load_run($rundir);
# Another suite measures other points: every figure would be missing or new, which says nothing.
($base->{env}{suite} // '') eq ($cur->{env}{suite} // '')
	or die "$opt{baseline}: a baseline of suite '" . ($base->{env}{suite} // '?') . "', but $rundir ran suite '"
	. ($cur->{env}{suite} // '?') . "'\n";

# --- same machine? --------------------------------------------------------------------------
my @differ = grep { ($base->{env}{$_} // '') ne ($cur->{env}{$_} // '') } qw(cpu_model cores kernel);
my $portable = $opt{portable} || @differ;
my $counts_ok = ($base->{env}{os} // '') eq ($cur->{env}{os} // '') && ($base->{env}{cores} // '') eq ($cur->{env}{cores} // '');
my %bv = %{ $base->{env}{versions} // {} };
my %cv = %{ $cur->{env}{versions} // {} };
my @tools_changed = grep { ($bv{$_} // '') ne ($cv{$_} // '') } sort keys %{ { %bv, %cv } };
# The bare floor of each run (floor.csv): what same-machine times are also judged against, and
# what portable ratios are taken against when both runs have it.
my $both_floors = $base->{floor} && $cur->{floor};
my $use_floor = !$portable && $both_floors;

# rounds(RUN, KEY[, FLOOR]): KEY's observations, one per round: the median of the round's
# iterations, or with FLOOR that median divided by the median floor measured around the round
# (before it and after it; the whole run's floor where the round has none).  The rank tests work
# on rounds, not iterations: the iterations of one round come from one driver process in one
# moment of the machine and are not independent of each other; the rounds, interleaved over the
# run, are much closer to that.
sub rounds {
	my ($r, $key, $floor) = @_;
	my $t = $r->{times}{$key} or return undef;
	my ($exp) = split /\|/, $key;
	my @out;
	for my $round (sort { $a <=> $b } keys %$t) {
		my $m = median($t->{$round});
		if ($floor) {
			my @f = map { @{ $r->{floor_at}{"$exp|$_"} // [] } } $round, $round + 1;
			$m /= @f ? median(\@f) : median($r->{floor});
		}
		push @out, $m;
	}
	return \@out;
}

# --- the rows --------------------------------------------------------------------------------
my @rows; # {metric, base, cur, change, test, verdict}

# shift_test(\@base, \@cur): (the change of the median as a fraction, the p-value of the rank
# test, whether the two together pass the thresholds of a regression: p < alpha and a slowdown
# beyond min-effect).
sub shift_test {
	my ($bs, $cs) = @_;
	my (undef, $p) = mann_whitney($bs, $cs);
	my $change = median($cs) / median($bs) - 1;
	return ($change, $p, $p < $opt{alpha} && $change > $opt{'min-effect'});
}
sub fmt_p { my ($p) = @_; return $p < 0.0001 ? 'p<0.0001' : sprintf('p=%.4f', $p) }

# compare_samples(METRIC, \@base, \@cur, UNIT[, \@base_vs_floor, \@cur_vs_floor]): one row, from
# one observation per round.  Without the floor: REGRESSED when the rounds pass shift_test.
# With it (the same rounds, each divided by the floor measured around it): REGRESSED when those
# pass shift_test AND the raw rounds are significantly slower by more than warn-effect.  The
# floor-relative test is the sharp one: a slow spell of the VM moves the floor as much as the
# driver, a slower driver does not move the floor; the raw test makes sure the driver itself got
# slower.  "slower" is a significant raw slowdown beyond warn-effect that is no regression:
# shown, not failing.
sub compare_samples {
	my ($metric, $bs, $cs, $unit, $b_vs_floor, $c_vs_floor) = @_;
	my ($mb, $mc) = (median($bs), median($cs));
	my ($change, $p, $worse) = shift_test($bs, $cs);
	my $slower = $p < $opt{alpha} && $change > $opt{'warn-effect'};
	my ($fchange, $fp, $fworse) = $b_vs_floor ? shift_test($b_vs_floor, $c_vs_floor) : ();
	my $verdict = ($b_vs_floor ? $fworse && $slower : $worse) ? 'REGRESSED'
		: $slower ? (defined $fchange && $fchange <= $opt{'warn-effect'} ? 'slower, and so was the floor' : 'slower (no regression)')
		: $p < $opt{alpha} && $change < -$opt{'warn-effect'} ? 'faster'
		: $p < $opt{alpha} ? 'ok (shift within ±' . frac($opt{'warn-effect'}) . ')'
		: 'ok';
	push @rows, { metric => $metric, base => fmt_num($mb) . $unit . ' (' . @$bs . ' rounds)',
		cur => fmt_num($mc) . $unit . ' (' . @$cs . ' rounds)', change => pct($change), test => fmt_p($p),
		floor => defined $fchange ? pct($fchange) . ', ' . fmt_p($fp) : '', verdict => $verdict,
		csv => { baseline => $mb, current => $mc, n_baseline => scalar @$bs, n_current => scalar @$cs, p => $p,
			change_vs_floor => $fchange, p_vs_floor => $fp } };
}

# missing(METRIC, IN_BASE, IN_CUR): a row for a figure that one side lacks: MISSING when the run
# lacks it (or neither has it: a comparison the suite asks for that could never fail), "new"
# when only the run has it.
sub missing {
	my ($metric, $in_base, $in_cur) = @_;
	push @rows, { metric => $metric, base => $in_base ? 'present' : '—', cur => $in_cur ? 'present' : '—',
		change => '', test => '', verdict => $in_cur ? 'new' : 'MISSING', csv => {} };
}

my %keys = map { $_ => 1 } keys %{ $base->{times} }, keys %{ $cur->{times} };
# What the within-run ratios compare: the suite's headline line (the current run's suite.json,
# else the baseline's): METHOD, the spawning method, with PROCESS, the tool that measures process
# creation alone, from the smallest parent (the portable floor where a run has no floor.csv);
# the PAIR of methods from the biggest parent; the REFERENCE in-process method against METHOD
# with TOOL on ARCHIVE.  A choice the suite does not make is a ratio not compared.
my %H = %{ %{ $cur->{headline} } ? $cur->{headline} : $base->{headline} };
my $key_re = sub { my ($exp, $m, $t, $a, $bal) = @_; qr/^\Q$exp|$m|$t|\E[^|]*\|\Q$bal|0\E$/ };
my ($spawn_true) = $H{method} && $H{process}
	? grep { $_ =~ $key_re->('spawn-cost', $H{method}, $H{process}, undef, 0) } sort keys %keys : ();
$spawn_true //= '';
# label(KEY): the name of a timed point in the table, from whichever run has it.
sub label { my ($k) = @_; return $base->{label}{$k} // $cur->{label}{$k} }
if (!$portable) {
	for my $k (sort { label($a) cmp label($b) } keys %keys) {
		my ($bs, $cs) = (rounds($base, $k), rounds($cur, $k));
		my $metric = 'time: ' . label($k);
		if (!$bs || !$cs) { missing($metric, !!$bs, !!$cs); next }
		compare_samples($metric, $bs, $cs, ' ms', $use_floor ? (rounds($base, $k, 1), rounds($cur, $k, 1)) : ());
	}
} else {
	# Ratios within one run.  With floor.csv on both sides, every sample is first divided by the
	# floor measured around its round (a slow spell then cancels out) and each point is compared
	# as that; without it, the floor is the run's median of the headline method of the process
	# tool from the small parent.  A pair is NUM's rounds over the median of REF's rounds, raw: a
	# ratio within one run needs no floor.
	my $scaled = sub {
		my ($r, $key) = @_;
		return undef if !$r->{times}{$key};
		return rounds($r, $key, 1) if $both_floors;
		my $f = rounds($r, $spawn_true) or return undef;
		my $m = median($f);
		return [map { $_ / $m } @{ rounds($r, $key) }];
	};
	my @pairs;
	if (my $pair = $H{pair} and $H{process}) {
		my ($pa, $pb) = @$pair;
		my ($big) = sort { $b <=> $a } map { (split /\|/)[4] }
			grep { /^\Qspawn-cost|$pb|$H{process}|\E/ } keys %{ $base->{times} };
		my ($ka, $kb) = map { my $m = $_; $big ? (grep { $_ =~ $key_re->('spawn-cost', $m, $H{process}, undef, $big) } sort keys %keys)[0] : undef } $pa, $pb;
		push @pairs, [$ka // '', $kb // '', "$pa / $pb, parent " . ($big ? size($big) : '(none measured)')];
	}
	if ($H{reference} && $H{method} && $H{tool} && $H{archive}) {
		my $hs = series($H{method}, $H{tool}, 'spawning');
		push @pairs, ["extract|$H{reference}|$H{reference}|$H{archive}|0|0", "extract|$H{method}|$H{tool}|$H{archive}|0|0",
			"$H{reference} / $hs, $H{archive}"];
	}
	push @pairs, map { [$_, undef, label($_) . ' / floor'] } sort { label($a) cmp label($b) }
		grep { $both_floors || $_ ne $spawn_true } keys %keys;
	for my $pair (@pairs) {
		my ($num, $ref, $label) = @$pair;
		my ($bs, $cs) = map {
			my ($n, $d) = $ref ? (rounds($_, $num), rounds($_, $ref)) : ($scaled->($_, $num));
			!$n || ($ref && !$d) ? undef : $ref ? do { my $m = median($d); [map { $_ / $m } @$n] } : $n;
		} $base, $cur;
		$bs && $cs ? compare_samples("ratio: $label", $bs, $cs, 'x') : missing("ratio: $label", !!$bs, !!$cs);
	}
	# Without a floor on either side, no point could be compared on its own: say so, as a failure.
	missing('ratio: each point / the floor (no floor.csv, and no ' . ($H{method} // '?') . ' of ' . ($H{process} // '?')
		. ' from the small parent)', 0, 0) if !$both_floors && !grep { $_ && rounds($_, $spawn_true) } $base, $cur;
}

# Counts and peak memory: nearly deterministic, compared as single figures with a tolerance.
# compare_count(METRIC, BASE, CUR, TOL, SLACK, UNIT[, DETAIL]): one row; REGRESSED when CUR
# exceeds BASE by more than TOL x BASE and more than SLACK, "fewer" for the same drop.
sub compare_count {
	my ($metric, $bs, $cs, $tol, $slack, $unit, $detail) = @_;
	my $grow = $cs - $bs;
	my $limit = max($tol * $bs, $slack);
	my $verdict = $grow > $limit ? 'REGRESSED' : -$grow > $limit ? 'fewer' : 'ok';
	$verdict .= " ($detail)" if $detail && $verdict ne 'ok';
	push @rows, { metric => $metric, base => fmt_num($bs) . $unit, cur => fmt_num($cs) . $unit,
		change => $bs ? pct($cs / $bs - 1) : '', test => 'tolerance +' . frac($tol)
		. ($slack ? " or $slack$unit" : ''), verdict => $verdict, csv => { baseline => $bs, current => $cs } };
}
if ($counts_ok) {
	my %series = map { $_ => 1 } keys %{ $base->{counts} // {} }, keys %{ $cur->{counts} // {} };
	for my $s (sort keys %series) {
		my ($bs, $cs) = ($base->{counts}{$s}, $cur->{counts}{$s});
		if (!$bs || !$cs) { missing("system calls: $s", !!$bs, !!$cs); next }
		# Name the calls that moved most, so that a flagged row says where the work went.
		my %d = map { $_ => ($cs->{$_} // 0) - ($bs->{$_} // 0) } keys %{ { %$bs, %$cs } };
		my @top = grep { abs($d{$_}) >= 1 } sort { abs($d{$b}) <=> abs($d{$a}) || $a cmp $b } keys %d;
		my $detail = join ', ', map { sprintf('%+g %s', fmt_num($d{$_}), $_) } @top[0 .. ($#top < 2 ? $#top : 2)];
		compare_count("system calls: $s", sum(values %$bs), sum(values %$cs), $opt{'count-tolerance'},
			$opt{'count-slack'}, '', $detail);
	}
	my %rss = map { $_ => 1 } keys %{ $base->{rss} // {} }, keys %{ $cur->{rss} // {} };
	for my $m (sort keys %rss) {
		my ($bs, $cs) = ($base->{rss}{$m}, $cur->{rss}{$m});
		if (!$bs || !$cs) { missing($m, !!$bs, !!$cs); next }
		compare_count($m, median($bs) / 1024, median($cs) / 1024, $opt{'rss-tolerance'}, 0, ' MiB');
	}
}

# A failed extraction in the run is a failure of the check, whatever the figures.
for my $what (sort keys %{ $cur->{failed} // {} }) {
	my $f = $cur->{failed}{$what};
	push @rows, { metric => "failed: $what", base => '', cur => join(', ', map { "$f->{$_} $_" } sort keys %$f),
		change => '', test => '', verdict => 'FAILED', csv => {} };
}

# --- the table and the verdict ----------------------------------------------------------------
my @cols = ([metric => 'metric'], [base => 'baseline'], [cur => 'current'], [change => 'change'],
	[test => 'p-value / tolerance'], $use_floor ? [floor => 'change against the floor'] : (), [verdict => 'verdict']);
$_->{floor} //= '' for @rows;
my @w = map { my $c = $_->[0]; max(length $_->[1], map { length $_->{$c} } @rows) } @cols;
my $line = sub { '| ' . join(' | ', map { sprintf('%-*s', $w[$_], $_[$_]) } 0 .. $#_) . ' |' };
my @table = ($line->(map { $_->[1] } @cols), $line->(map { '-' x $_ } @w),
	map { my $r = $_; $line->(map { $r->{ $_->[0] } } @cols) } @rows);

my @bad = grep { $_->{verdict} =~ /^(REGRESSED|MISSING|FAILED)/ } @rows;
my $where = sub { my ($r) = @_; "$r->{env}{host} ($r->{env}{cpu_model}, $r->{env}{cores} cores, kernel $r->{env}{kernel})" };
my @head = ("# shellout regression check", '',
	'Baseline `' . text($opt{baseline}) . "`: suite `$base->{env}{suite}`, recorded $base->{env}{date} on " . $where->($base)
		. " at commit `$base->{env}{git}`" . ($base->{env}{pooled} ? ', ' . @{ $base->{env}{pooled} } . ' runs pooled' : '') . '.',
	'Current `' . text($rundir) . "`: suite `$cur->{env}{suite}`, recorded $cur->{env}{date} on " . $where->($cur)
		. " at commit `$cur->{env}{git}`.", '');
push @head, $portable
	? ('**Machine-portable comparison**: ' . (@differ ? 'the machines differ in ' . join(', ', @differ) : '--portable was given')
		. '; times are compared only as ratios measured within each run: each point against '
		. ($both_floors ? 'the floor measured around its round (floor.csv)' : "the run's " . ($H{method} // '?') . ' of ' . ($H{process} // '?') . ' from the small parent')
		. ($H{pair} ? ", $H{pair}[0] against $H{pair}[1] from the biggest parent" : '')
		. ($H{reference} ? ", $H{reference} against $H{method} of $H{tool} on $H{archive}" : '') . '.')
	: 'Same machine (CPU model, cores and kernel agree): times are compared as measured, one median per round'
		. ($use_floor ? ', and once each round is divided by the floor measured around it (floor.csv: a bare posix_spawn'
			. ' loop outside the drivers); a regression must show in both, so that a slow spell of the VM is not taken for a'
			. ' slower driver.' : ' (no floor.csv on both sides: without the check against the floor).');
push @head, $counts_ok ? 'System calls and peak RSS are compared (same OS and core count).'
	: '**System calls and peak RSS are not compared**: the OS or the core count differ, and those decide them.';
push @head, 'Versions that differ: ' . join('; ', map { "$_ `" . ($bv{$_} // 'none') . '` → `' . ($cv{$_} // 'none') . '`' } @tools_changed)
	. ' (a change may be theirs).' if @tools_changed;
# The floor moves with the machine's state: say how much, so that a reader can tell a slow spell
# (every time up by about as much) from a change of one driver.
if (my ($f1, $f2) = grep { $_ } map { $both_floors ? $_->{floor} : rounds($_, $spawn_true) } $base, $cur) {
	push @head, sprintf('The floor (' . ($both_floors ? 'a bare posix_spawn of true by build/floor-spawn' : ($H{method} // '?') . ' of ' . ($H{process} // '?') . ', small parent')
		. ') went from %s ms to %s ms (%s) between the runs;'
		. ' every time moving by about as much is the machine\'s state, not a driver.',
		fmt_num(median($f1)), fmt_num(median($f2)), pct(median($f2) / median($f1) - 1)) if $f2;
}
push @head, '', "Times, one median per round: REGRESSED when the Mann–Whitney U test gives p < $opt{alpha} and the median is slower by more than "
	. frac($opt{'min-effect'}) . ($use_floor ? ' against the floor, and the raw times are significantly slower by more than '
	. frac($opt{'warn-effect'}) : '') . '; "slower" is a significant slowdown beyond ' . frac($opt{'warn-effect'})
	. ' that is no regression (not failing). Counts: REGRESSED when they grow by more than the tolerance.', '';
my $verdict = @bad
	? sprintf('%d of %d figures regressed, went missing or failed: %s', scalar @bad, scalar @rows,
		join('; ', map { "$_->{metric} ($_->{verdict}" . ($_->{change} ne '' ? ", $_->{change}" : '')
			. ($_->{floor} ? " raw, " . ($_->{floor} =~ s/,.*//r) . ' against the floor' : '') . ')' } @bad))
	: sprintf('nothing regressed (%d figures compared)', scalar @rows);

# regress.csv: the same rows unrounded, for scripts (scripts/noise.sh reads it).
write_csv("$rundir/regress.csv", [qw(metric baseline current change p change_vs_floor p_vs_floor n_baseline n_current verdict)],
	[map { { %{ $_->{csv} }, metric => $_->{metric}, verdict => $_->{verdict},
		change => defined $_->{csv}{baseline} && $_->{csv}{baseline} ? $_->{csv}{current} / $_->{csv}{baseline} - 1 : '' } } @rows]);
write_file("$rundir/regress.md", join("\n", @head, @table, '', "**Verdict: $verdict.**", '',
	"Re-run with `make regress` (`make regress BASELINE=DIR` for another baseline); re-record the baseline on purpose"
	. " with `make baseline`.", ''));
print "$_\n" for @table;
print STDERR "regress: " . ($portable ? 'machine-portable ratios (' . (@differ ? join(', ', @differ) . ' differ' : '--portable') . '); ' : '')
	. "$verdict\nregress: written " . text("$rundir/regress.md") . "\n";
exit(@bad ? 1 : 0);
