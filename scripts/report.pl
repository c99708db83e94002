#!/usr/bin/perl
# report.pl — write RUNDIR/REPORT.md from the run's own files: env.json, summary.csv,
# findings.json (scripts/analyze.pl) and the plots in RUNDIR/plots.  No figure is typed in here:
# every number printed is read from those files.
#
# usage: scripts/report.pl RUNDIR
# Exit status: 0 written; 2 usage; 3 an input missing or malformed.
use strict;
use warnings;
use utf8;
use Cwd qw(abs_path);
use FindBin;
use lib "$FindBin::Bin/lib";
use Shellout qw(read_csv write_file read_json read_lines fmt_num fmt_est fmt_bytes);
use Registry qw(series);

my $run = shift // do { print STDERR "usage: scripts/report.pl RUNDIR\n"; exit 2 };
@ARGV and do { print STDERR "report: unexpected argument '$ARGV[0]'\n"; exit 2 };
Shellout::on_die('report');
my $env = read_json("$run/env.json");
my $F = read_json("$run/findings.json");
my $drv = -f "$run/drivers.json" ? read_json("$run/drivers.json") : {};
my (undef, $sum) = read_csv("$run/summary.csv");
my %arch;
if (-f "$run/archives.csv") { my (undef, $rows) = read_csv("$run/archives.csv"); %arch = map { $_->{archive} => $_ } @$rows }
(my $name = abs_path($run) // $run) =~ s{/+$}{};
$name =~ s{.*/}{};
# A copied run (results/reference/full) keeps the name of the run it came from in SOURCE.
if (open my $h, '<:encoding(UTF-8)', "$run/SOURCE") { chomp($name = <$h> // $name) }
# A run being finished by bench.pl still has its "running since" marker: not a partial run.
my $incomplete = -f "$run/INCOMPLETE" && do { open my $h, '<', "$run/INCOMPLETE"; (<$h> // '') !~ /^running since/ };

# ms(X[, \@CI]): a median in ms at the precision its 95% CI supports (Shellout::fmt_est; four
# significant digits without one).  ci(\@CI, X): " (95% CI LO–HI)" at that same precision, or ''.
sub ms { my ($x, $c) = @_; return '?' if !defined $x || $x eq ''; return (fmt_est($x, @{ $c // [] }))[0] . ' ms' }
sub ci {
	my ($c, $x) = @_;
	return '' if !$c || !defined $c->[0] || $c->[0] eq '' || !defined $x || $x eq '';
	my (undef, $lo, $hi) = fmt_est($x, @$c);
	return " (95% CI $lo–$hi)";
}
# row_ci(ROW): a summary row's interval, for ms() and ci().
sub row_ci { my ($r) = @_; return [$r->{ci_lo}, $r->{ci_hi}] }
sub size { my ($b) = @_; return !defined $b || $b eq '' ? '?' : fmt_bytes($b) }
sub xtimes { my ($x) = @_; defined $x && $x ne '' ? fmt_num($x) . 'x' : '?' }

my @md;
my $NOISY = '⚠ noisy';
push @md, "# shellout run $name", '';
push @md, '**This run is INCOMPLETE** — ' . do { local $/; open my $h, '<', "$run/INCOMPLETE"; <$h> }, '' if $incomplete;
push @md, "Suite `$env->{suite}`, started $env->{date} on `$env->{host}` ($env->{cpu_model}, $env->{cores} cores, "
	. "kernel $env->{kernel}), shellout commit `$env->{git}`. Re-run with `make bench SUITE=$env->{suite}`.",
	"Every figure below is computed by `scripts/analyze.pl` from the CSV files in this folder. A median",
	"is the median of the rounds' medians (a round: one driver process, interleaved with the other points';",
	"a hyperfine run is a round of its own), with its 95% confidence interval over those rounds",
	"(distribution-free, from order statistics: at least 6 rounds), printed to the digits the interval supports;",
	"p10 and p90 are over the single iterations.", '';
push @md, 'Pooled from ' . @{ $env->{pooled} } . ' runs of the suite by `scripts/pool.pl` (`make baseline`): '
	. join(', ', map { "$_->{run}" } @{ $env->{pooled} }) . '; their samples are summarized together.', '' if $env->{pooled};

# --- headlines: the few figures that answer the question (README.md quotes these) -----------
# What they compare is the suite's choice (its headline line, suite.json): the reference
# in-process method ($REF), the headline method and tool ($HS, "METHOD TOOL"), the pair of
# methods from the largest parent, the two memory scenarios.  None is named here.
my $H = $F->{headline} // {};
my $REF = $F->{reference};
my $HS = $F->{headline_series};
my %LAUNCH = map { ($_ => $drv->{$_}{launch} || $_) } keys %$drv;
sub how { my ($m) = @_; return $LAUNCH{$m} // $m } # "posix_spawn(3)" for a method, from --describe
my @head;
if ((my $s = $F->{smallest}) && $H->{method}) {
	my @sp = grep { $_->{kind} eq 'spawning' && $_->{method} eq $H->{method} } @{ $s->{others} };
	# The verdict from the data: faster than every one of them, slower than every one, or mixed.
	my $faster = !grep { $_->{times_reference} <= 1 } @sp;
	my $slower = !grep { $_->{times_reference} >= 1 } @sp;
	push @head, "- **Small archives: in-process " . ($faster ? 'is faster' : $slower ? 'is slower' : 'against spawning: mixed') . ".** Extracting $s->{archive}, $s->{reference} in-process takes "
		. ms($s->{reference_ms}, $s->{reference_ci}) . ($s->{reference_noisy} ? " $NOISY" : '') . '; ' . how($H->{method}) . ' of '
		. join(', ', map { '`' . $_->{tool} . '` ' . ms($_->{median_ms}, $_->{ci}) . ' (' . xtimes($_->{times_reference}) . ')'
			. ($_->{noisy} ? " $NOISY" : '') } @sp)
		. '.' if @sp;
}
if ((my $l = ($F->{spawn_cost} // {})->{largest}) && ($F->{spawn_cost}{largest}{pair})) {
	my $p = $l->{pair};
	my ($sl) = grep { $_->{method} eq $p->{a} && !$_->{thp} } @{ $F->{spawn_cost}{slopes} // [] };
	my @rest = grep { !$_->{thp} && $_->{method} ne $p->{a} && $_->{method} ne $p->{b} } @{ $l->{rows} };
	my ($sb) = grep { $_->{method} eq $p->{b} && !$_->{thp} } @{ $F->{spawn_cost}{slopes} // [] };
	# Which of the two grows faster with the parent is the data's to say, not the suite's order.
	my ($up, $flat) = $sl && $sb && $sb->{ms_per_gib} > $sl->{ms_per_gib} ? ($p->{b}, $p->{a}) : ($p->{a}, $p->{b});
	push @head, '- **' . how($up) . ' grows more with the parent than ' . how($flat) . '.** ' . how($p->{a})
		. " of `$F->{spawn_cost}{tool}` costs "
		. ($sl ? fmt_num($sl->{ms_per_gib}) . ' ms more per GiB of parent RSS' : 'more with a larger parent')
		. "; from a parent with @{[ fmt_num($l->{ballast_gib}) ]} GiB resident it takes " . ms($p->{a_ms}, $p->{a_ci}) . ' against ' . ms($p->{b_ms}, $p->{b_ci})
		. ' for ' . how($p->{b}) . ' (' . xtimes($p->{a_over_b}) . ')'
		. join('', map { ', ' . ms($_->{median_ms}, $_->{ci}) . ' for ' . how($_->{method}) } @rest)
		. (defined $p->{a_thp_ms} ? '; on transparent huge pages ' . how($p->{a}) . ' takes ' . ms($p->{a_thp_ms}, $p->{a_thp_ci}) : '') . '.'
		. ($l->{noisy} ? " $NOISY: at least one of these medians has a wide interval; see the spawn-cost table." : '');
}
if (my ($c) = grep { $HS && $_->{series} eq $HS } @{ $F->{crossover} // [] }) {
	push @head, "- **Large archives: the decoder dominates.** At @{[ fmt_num($c->{largest_mib}) ]} MiB of content, `$HS` takes "
		. xtimes($c->{ratio_largest}) . " the $c->{reference} time (" . xtimes($c->{ratio_smallest}) . " at @{[ fmt_num($c->{smallest_mib}) ]} MiB); "
		. ($c->{verdict} eq 'overtakes' ? "it overtakes $c->{reference} at about @{[ fmt_num($c->{crossover_mib}) ]} MiB."
			: $c->{verdict} eq 'level within noise' ? "it draws level with $c->{reference}, within the noise, between "
				. join(' and ', @{ $c->{between} }) . '.'
			: $c->{verdict} eq 'slower at every size' ? "it stays slower than $c->{reference} at every size measured."
			: $c->{verdict} eq 'faster at every size' ? "it is faster than $c->{reference} at every size measured."
			: "it is $c->{verdict}.");
}
if ((my $sy = $F->{syscalls}) && $REF && $HS) {
	my ($ar) = (($H->{archive} && $sy->{ $H->{archive} } ? $H->{archive} : ()),
		sort { ($sy->{$a}[0]{calls} // 0) <=> ($sy->{$b}[0]{calls} // 0) } keys %$sy);
	my %by = map { $_->{series} => $_ } @{ $sy->{$ar} };
	if ($by{$REF} && $by{$HS}) {
		push @head, "- **System calls.** Per extraction of $ar, $REF makes @{[ fmt_num($by{$REF}{calls}) ]} system calls, "
			. "`$HS` @{[ fmt_num($by{$HS}{calls}) ]} (" . xtimes($by{$HS}{times_reference}) . '), children included.';
	}
}
if ((my $m = $F->{memory}) && $H->{memory}) {
	my ($f, $s) = @$m{ @{ $H->{memory} } };
	my ($fn, $sn) = @{ $H->{memory} };
	push @head, "- **Memory.** In scenario $fn, while a parent with " . fmt_num($f->{peak_parent_mib}) . " MiB resident starts its child, the tree's RSS peaks at "
		. fmt_num($f->{peak_tree_rss_mib})
		. ' MiB (RSS counts a page shared by parent and child in both) and the commit charge rises by up to '
		. fmt_num($f->{peak_commit_delta_mib}) . " MiB; in scenario $sn by " . fmt_num($s->{peak_commit_delta_mib}) . ' MiB.'
		if $f && $s;
}
if ($REF && $H->{tool}) {
	# Whole processes: what a one-shot command pays, start-up included (hyperfine).
	my @hfa = sort map { $_->{archive} } grep { $_->{experiment} eq 'hyperfine' } @$sum;
	my ($ar) = ((grep { $H->{archive} && $_ eq $H->{archive} } @hfa), @hfa);
	my %h = map { $_->{series} => $_ } grep { $_->{experiment} eq 'hyperfine' && $_->{archive} eq ($ar // '') } @$sum;
	my $bare = series('', $H->{tool}, 'bare');
	if ($h{$REF} && $h{$bare}) {
		push @head, "- **As whole processes** (hyperfine, start-up included, $ar): `$H->{tool}` run on its own takes "
			. ms($h{$bare}{median}, row_ci($h{$bare})) . ", `extract-$REF` " . ms($h{$REF}{median}, row_ci($h{$REF}))
			. ': a one-shot command pays for loading its library; the in-process advantage above belongs to a process that is already running.';
	}
}
push @md, '## Headlines', '', @head, '' if @head;

# --- what the tools are --------------------------------------------------------------------
# A command users type can be a wrapper script (Debian's 7z, and 7zz on Debian 13): its figures
# then include starting the shell.  The -bin tool runs the binary it execs, so the difference
# is measured: per spawning method, on the smallest archive both were extracted from.
my %tools = %{ $env->{tools} // {} };
my @wrap;
my %measured = map { ($_->{tool} => 1) } @$sum;
my %by; # "METHOD|ARCHIVE" => {TOOL => its extract row}
for my $r (grep { $_->{experiment} eq 'extract' && $_->{metric} eq 'wall_ms' && !$_->{failed} } @$sum) {
	$by{"$r->{method}|$r->{archive}"}{ $r->{tool} } = $r;
}
for my $t (sort grep { ($tools{$_}{kind} // '') eq 'script' && $measured{$_} } keys %tools) {
	my $w = $tools{$t};
	my $what = "`$t` is a wrapper script (`$w->{path}`, run by `$w->{interpreter}`"
		. ($w->{target} ne '' ? ", which execs `$w->{target}`" : '') . ')';
	my ($bin) = grep { ($tools{$_}{unwraps} // '') eq $t && ($tools{$_}{path} // '') ne $w->{path} } sort keys %tools;
	my @cmp;
	for my $k (sort { ($by{$a}{$t}{content_bytes} // 0) <=> ($by{$b}{$t}{content_bytes} // 0) || $a cmp $b } keys %by) {
		my ($m, $ar) = split /\|/, $k;
		my ($x, $y) = ($by{$k}{$t}, $bin && $by{$k}{$bin});
		next if !$x || !$y || grep { $_->[0] eq $m } @cmp;
		my $d = $x->{median} - $y->{median};
		push @cmp, [$m, "$m on $ar: " . ms($x->{median}, row_ci($x)) . ci(row_ci($x), $x->{median}) . " against "
			. ms($y->{median}, row_ci($y)) . ci(row_ci($y), $y->{median}) . ' for the binary, ' . ($d < 0 ? '−' : '+') . fmt_num(abs $d) . ' ms ('
			. xtimes($x->{median} / $y->{median}) . ')'];
	}
	push @wrap, "- $what: its figures include starting the shell. "
		. (@cmp ? "Against `$bin`, the binary itself: " . join('; ', map { $_->[1] } @cmp) . '.'
			: $bin ? "`$bin`, the binary itself, was not measured on the same points." : 'Its binary could not be told.');
}
push @md, '## What the tools are', '', @wrap, '' if @wrap;

# --- findings ------------------------------------------------------------------------------
push @md, '## Findings', '';
if (my $s = $F->{smallest}) {
	my @sub = @{ $s->{others} };
	push @md, "- **A tiny archive.** Extracting $s->{archive} (" . size($s->{content_bytes})
		. " of content): $s->{reference} in-process takes " . ms($s->{reference_ms}, $s->{reference_ci})
		. ci($s->{reference_ci}, $s->{reference_ms}) . '; '
		. join('; ', map { "$_->{series} " . ms($_->{median_ms}, $_->{ci}) . ci($_->{ci}, $_->{median_ms}) . ', '
			. xtimes($_->{times_reference}) . " $s->{reference}" } @sub)
		. '.';
}
if (my $sc = $F->{spawn_cost}) {
	my @p = map { how($_->{method}) . ($_->{thp} ? ' on THP' : '') . ' ' . fmt_num($_->{ms_per_gib})
		. " ms per GiB (@{[ fmt_num($_->{from_ms}) ]} → @{[ fmt_num($_->{to_ms}) ]} ms from @{[ fmt_num($_->{min_gib}) ]} to @{[ fmt_num($_->{max_gib}) ]} GiB)" } @{ $sc->{slopes} // [] };
	push @md, "- **The parent's size.** Time to start `$sc->{tool}` changes with the parent's resident memory by: "
		. join('; ', @p) . ' (least-squares slope over the measured ballasts).' if @p;
	if (my $l = $sc->{largest}) {
		my $p = $l->{pair};
		push @md, "- **From the largest parent.** With @{[ fmt_num($l->{ballast_gib}) ]} GiB resident in the parent: "
			. join(', ', map { how($_->{method}) . ($_->{thp} ? ' on THP' : '') . ' ' . ms($_->{median_ms}, $_->{ci}) } @{ $l->{rows} })
			. ($p && defined $p->{a_over_b} ? "; $p->{a}/$p->{b} = " . xtimes($p->{a_over_b}) : '')
			. ($p && defined $p->{a_over_a_thp} ? "; $p->{a} on transparent huge pages is " . xtimes($p->{a_over_a_thp})
				. ' faster (fewer page-table entries to copy)' : '') . '.';
	}
	if (my $r = $sc->{range_ms}) {
		push @md, "- **Across all parent sizes** (4 KiB pages), the medians range: "
			. join('; ', map { how($_) . ' from ' . ms($r->{$_}[0]) . ' to ' . ms($r->{$_}[1]) } sort keys %$r) . '.';
	}
}
if (my $h = $F->{harness}) {
	push @md, "- **The harness's own cost.** `$h->{series}` from the empty parent (the runner: timeout handling, usage accounting) takes "
		. ms($h->{driver_ms}, $h->{driver_ci}) . ci($h->{driver_ci}, $h->{driver_ms}) . ' against ' . ms($h->{floor_ms}, $h->{floor_ci})
		. ci($h->{floor_ci}, $h->{floor_ms}) . ' for a bare posix_spawn+waitpid loop (`build/floor-spawn`) measured around the same rounds: '
		. sprintf('%+.1f%%', 100 * $h->{over}) . '.';
}
if (my @c = @{ $F->{crossover} // [] }) {
	my $verdict = sub {
		my ($c) = @_;
		return "overtakes $c->{reference} at ≈ @{[ fmt_num($c->{crossover_mib}) ]} MiB (95% intervals apart)"
			. ($c->{recrosses} ? ', but falls behind again further up' : '') if $c->{verdict} eq 'overtakes';
		return "draws level between " . join(' and ', @{ $c->{between} }) . ", within noise (the 95% intervals overlap)"
			. ($c->{recrosses} ? ', and falls behind again further up' : '') if $c->{verdict} eq 'level within noise';
		return $c->{verdict};
	};
	push @md, "- **Archive size.** Over the ladder" . ($c[0]{ladder} ne '' ? " $c[0]{ladder}" : '')
		. " (@{[ fmt_num($c[0]{smallest_mib}) ]}–@{[ fmt_num($c[0]{largest_mib}) ]} MiB of content; "
		. "crossing points interpolated on log scales, time ratio to $c[0]{reference} from the smallest to the largest): "
		. join('; ', map { "$_->{series} " . $verdict->($_) . ", " . xtimes($_->{ratio_smallest}) . ' → '
			. xtimes($_->{ratio_largest}) } @c) . '.';
}
if (my $sy = $F->{syscalls}) {
	for my $ar (sort keys %$sy) {
		push @md, "- **System calls** per extraction of $ar (children included; the driver's start-up subtracted, "
			. "its emptying of OUTDIR between iterations, the same for every method, not): "
			. join('; ', map { "$_->{series} @{[ fmt_num($_->{calls}) ]}" . ($_->{series} ne ($REF // '') && defined $_->{times_reference}
				? " (" . xtimes($_->{times_reference}) . ')' : '') . ($_->{errors} ? ", $_->{errors} failed" : '') } @{ $sy->{$ar} })
			. '.';
	}
}
if (my $m = $F->{memory}) {
	for my $s (sort keys %$m) {
		my $x = $m->{$s};
		push @md, "- **Memory over time, $s.** $x->{samples} samples over @{[ fmt_num($x->{duration_ms}) ]} ms"
			. ($x->{window_before_child_ms} ? " (from $x->{window_before_child_ms} ms before the first child)" : '') . ": the process tree peaked at "
			. fmt_num($x->{peak_tree_rss_mib}) . ' MiB of RSS summed over processes'

			. '; children ' . fmt_num($x->{peak_child_mib}) . ' MiB RSS at most; the system\'s commit charge (Committed_AS, which other processes move too) rose by up to '
			. fmt_num($x->{peak_commit_delta_mib}) . ' MiB (files written to tmpfs count too).';
	}
}
if (my $p = $F->{peak}) {
	push @md, "- **Peak memory** extracting $p->{archive}: "
		. join('; ', map { "$_->{series}: the driver " . fmt_num($_->{parent_peak_mib}) . ' MiB'
			. ($_->{child_peak_mib} ? ', the tool ' . fmt_num($_->{child_peak_mib}) . ' MiB' : '') } @{ $p->{rows} }) . '.';
}
my @hf = grep { $_->{experiment} eq 'hyperfine' } @$sum;
if (@hf) {
	my %by;
	push @{ $by{ $_->{archive} } }, $_ for @hf;
	for my $ar (sort keys %by) {
		push @md, "- **Whole processes** (hyperfine, start-up included) on $ar: "
			. join('; ', map { ($_->{kind} eq 'bare' ? "`$_->{tool}` alone" : $_->{kind} eq 'in-process'
				? "extract-$_->{method}" : "extract-$_->{method} --tool $_->{tool}") . ' ' . ms($_->{median}, row_ci($_)) }
				sort { $a->{median} <=> $b->{median} } @{ $by{$ar} }) . '.';
	}
}
my @noisy = @{ $F->{noisy} // [] };
push @md, "- **Noise.** " . (@noisy ? scalar(@noisy) . " timed points have a 95% CI (over their rounds) reaching further than ±"
	. 100 * $F->{noise_limit} . "% from the median (or fewer than 6 rounds for an interval); they are marked ⚠ in the tables."
	: "Every timed point's 95% CI (over its rounds) is within ±" . 100 * $F->{noise_limit} . "% of its median.");
if (my @n = read_lines("$run/notes.txt")) {
	push @md, "- **Skipped.** " . join('; ', @n) . '.';
}
if (my @n = read_lines("$run/failures.txt")) {
	push @md, "- **Points that failed** (exit status other than 0; see bench.log): " . join('; ', @n) . '.';
}
if (my @f = @{ $F->{failed} // [] }) {
	push @md, "- **Failures.** " . join('; ', map { "$_->{experiment} $_->{series} $_->{archive}: $_->{failed} iterations" } @f)
		. ' did not finish with status ok (see latency.csv, bench.log).';
}
push @md, '';

# --- plots ---------------------------------------------------------------------------------
# Every scripts/plots/NAME.gp but _*.gp is a plot; its header gives the title and caption
# ("# title: ...", "# caption: ...") and its place ("# order: N", then by name).
my $plots_dir = $ENV{PLOTS_DIR} // "$FindBin::Bin/plots";
my @plots;
opendir my $pd, $plots_dir or die "$plots_dir: $!\n";
for my $gp (grep { /^[^_.].*\.gp$/ } readdir $pd) {
	open my $h, '<:encoding(UTF-8)', "$plots_dir/$gp" or die "$plots_dir/$gp: $!\n";
	my %hd;
	while (<$h>) { last if !/^#/; $hd{$1} //= $2 if /^# (title|caption|order): *(.*?)\s*$/ }
	(my $p = $gp) =~ s/\.gp$//;
	push @plots, [$p, $hd{title} // $p, $hd{caption} // "", ($hd{order} // "") =~ /^-?[0-9]+(?:\.[0-9]*)?$/ ? $hd{order} : 1e9];
}
closedir $pd;
@plots = sort { $a->[3] <=> $b->[3] || $a->[0] cmp $b->[0] } @plots;
my @have = grep { -f "$run/plots/$_->[0].png" } @plots;
if (@have) {
	push @md, '## Plots', '';
	push @md, "### $_->[1]", '', "![$_->[1]](plots/$_->[0].png)", '', $_->[2], '' for @have;
}

# --- environment ---------------------------------------------------------------------------
push @md, '## Environment', '', '| | |', '| --- | --- |';
for my $k (qw(os kernel cpu_model cores mem_total_kb mem_available_kb thp_enabled thp_defrag overcommit_memory
	overcommit_ratio outdir_filesystem git command)) {
	push @md, "| $k | $env->{$k} |" if defined $env->{$k};
}
push @md, "| $_ | $env->{versions}{$_} |" for sort keys %{ $env->{versions} // {} };
push @md, '';
if (%tools) {
	push @md, 'The tools, as `build/tool-info` resolved them (on PATH, or where `SHELLOUT_TOOL_<NAME>` said):', '',
		'| tool | path | kind | version | package |', '| --- | --- | --- | --- | --- |';
	for my $t (sort keys %tools) {
		my $w = $tools{$t};
		push @md, "| $t | " . ($w->{path} ne '' ? "`$w->{path}`" : "not found: $w->{status}") . ' | '
			. ($w->{kind} eq 'script' ? "script (`$w->{interpreter}`" . ($w->{target} ne '' ? ", execs `$w->{target}`" : '') . ')'
				: $w->{kind}) . " | $w->{version} | $w->{package} |";
	}
	push @md, '';
}

# --- tables --------------------------------------------------------------------------------
my %title = ('spawn-cost' => 'Spawn cost (timed inside the driver, per extraction)',
	extract => 'Extraction (timed inside the driver)', peak => 'Peak memory (--child-rss runs)',
	hyperfine => 'Whole processes (hyperfine)');
for my $e ('spawn-cost', 'extract', 'peak', 'hyperfine') {
	my @r = grep { $_->{experiment} eq $e } @$sum;
	next if !@r;
	push @md, "## $title{$e}", '';
	push @md, '| method | tool | archive | parent | metric | n | rounds | median | 95% CI | p10 | p90 | |',
		'| --- | --- | --- | --- | --- | ---: | ---: | ---: | --- | ---: | ---: | --- |';
	for my $r (@r) {
		my $flag = $r->{failed} ? "$r->{failed} failed" : $r->{noisy} && $r->{metric} eq 'wall_ms' ? '⚠ noisy' : '';
		my $tool = $r->{tool} . (($tools{ $r->{tool} }{kind} // '') eq 'script' ? ' (script)' : '');
		# the median, its interval, p10 and p90 at the precision the interval supports
		my ($med, $lo, $hi, $p10, $p90) = fmt_est(map { $_ // '' } @$r{qw(median ci_lo ci_hi p10 p90)});
		push @md, join(' | ', '', $r->{method}, $tool, $r->{archive},
			$r->{ballast_bytes} ? size($r->{ballast_bytes}) . ($r->{thp} ? ' THP' : '') : '0',
			"$r->{metric} ($r->{unit})", $r->{n}, $r->{rounds} // '', $med,
			$lo ne '' ? "$lo – $hi" : '', $p10, $p90, $flag, '') =~ s/^ //r =~ s/ $//r;
	}
	push @md, '';
}

push @md, '## Files', '',
	'`latency.csv` every timed iteration (the drivers\' records, with experiment and round); `summary.csv` one row per point and metric; '
	. '`syscalls.csv` system calls per extraction; `memory.csv` the /proc samples; `hyperfine-*.json` hyperfine\'s own export; '
	. '`env.json` the machine; `archives.csv` the archives; `findings.json` the figures above; `plotdata/` what the plots read; '
	. '`plots/` PNG and SVG.', '';
write_file("$run/REPORT.md", join("\n", @md));
