#!/usr/bin/perl
# 80-stats.t — the statistics and CSV code behind summary.csv and REPORT.md, against values
# that are known independently (published tables, R/numpy's type-7 quantiles, hand counts).
use strict;
use warnings;
use utf8;
use FindBin;
use lib "$FindBin::Bin/../scripts/lib";
use Test::More;
use JSON::PP qw(decode_json);
use File::Temp qw(tempdir);
use Shellout qw(quantile median_ci describe describe_rounds noisy binom_cdf mann_whitney u_cdf median fmt_est fmt_bytes
	read_csv write_csv write_file);

# Quantiles: R's quantile(c(1,2,3,4), c(.1,.5,.9)) = 1.3 2.5 3.7 (type 7, numpy's default).
my @s = (1, 2, 3, 4);
is(sprintf('%.6g', quantile(\@s, 0.1)), '1.3', 'p10 of 1..4 is 1.3 (type 7)');
is(quantile(\@s, 0.5), 2.5, 'median of 1..4 is 2.5');
is(sprintf('%.6g', quantile(\@s, 0.9)), '3.7', 'p90 of 1..4 is 3.7');
is(quantile([5], 0.9), 5, 'one value is every quantile');
is(quantile([], 0.5), undef, 'no values, no quantile');

# Binomial(n, 1/2) tails: P(X <= 1) for n = 10 is 11/1024; P(X <= 5) for n = 20 is 21700/2^20.
is(sprintf('%.10f', binom_cdf(1, 10)), sprintf('%.10f', 11 / 1024), 'P(B(10) <= 1) = 11/1024');
is(sprintf('%.10f', binom_cdf(5, 20)), sprintf('%.10f', 21700 / 2**20), 'P(B(20) <= 5) = 21700/2^20');
is(binom_cdf(-1, 5), 0, 'below the support');
is(binom_cdf(9, 9), 1, 'the whole support');

# The distribution-free 95% CI of the median: order statistics (2, 9) for n = 10, (6, 15) for
# n = 20, (40, 61) for n = 100 (Conover's tables); none for n <= 5.
for ([10, 2, 9], [20, 6, 15], [100, 40, 61], [6, 1, 6]) {
	my ($n, $lo, $hi) = @$_;
	is_deeply([median_ci([1 .. $n], 0.95)], [$lo, $hi], "n=$n: the 95% CI is x($lo)..x($hi)");
}
is_deeply([median_ci([1 .. 5], 0.95)], [], 'n=5: too few for a 95% interval');
my ($l, $h) = median_ci([1 .. 2000], 0.95);
ok($l == 956 && $h == 1045, "n=2000: x($l)..x($h), the normal approximation's 956..1045");

my $d = describe([10, 3, 7, 1, 9, 2, 8, 4, 6, 5]);
is_deeply([@$d{qw(n median ci_lo ci_hi)}], [10, 5.5, 2, 9], 'describe sorts first: n, median, CI of 1..10');
is(sprintf('%.6g', $d->{p10}), '1.9', 'describe: p10');
is(sprintf('%.6g', $d->{p90}), '9.1', 'describe: p90');

# describe_rounds: the median and its interval over the rounds' medians, p10/p90 over the values.
# Rounds 1..10 of three values each, r - 0.2, r, r + 0.2: round medians 1..10, whose interval is
# x(2)..x(9) = 2..9; pooled, the 30 values would give the narrower x(10)..x(21) = 3.8..7.2.
my %by = map { my $r = $_; ($r => [$r + 0.2, $r - 0.2, $r]) } 1 .. 10;
my $dr = describe_rounds(\%by);
is_deeply([@$dr{qw(n rounds median ci_lo ci_hi)}], [30, 10, 5.5, 2, 9], 'describe_rounds: n, rounds, median and CI of the round medians');
is_deeply([median_ci([sort { $a <=> $b } map { @$_ } values %by], 0.95)], [3.8, 7.2], '...where the pooled values give 3.8..7.2');
# type 7 over the 30 sorted values 0.8 1 1.2 1.8 ...: p10 at h = 2.9, p90 at h = 26.1
is(sprintf('%.6g', $dr->{p10}), '1.74', 'describe_rounds: p10 of the values (1.2 + 0.9 x 0.6)');
is(sprintf('%.6g', $dr->{p90}), '9.26', 'describe_rounds: p90 of the values (9.2 + 0.1 x 0.6)');
my $d5 = describe_rounds({ map { ($_ => [$_, $_, $_, $_]) } 1 .. 5 });
ok($d5->{n} == 20 && $d5->{rounds} == 5 && !defined $d5->{ci_lo} && noisy($d5, 0.05),
	'five rounds, however many values: no 95% interval, so noisy');
my $d6 = describe_rounds({ 1 => [4], 2 => [1, 9, 2], 3 => [], 4 => [3], 5 => [6], 6 => [5], 7 => [7] });
is_deeply([@$d6{qw(n rounds median ci_lo ci_hi)}], [8, 6, 4.5, 2, 7], 'six rounds with values (an empty one left out): the interval is the range of their medians');

# fmt_est: digits down to the leading digit of the interval's half-width, 2 to 4 significant.
is(join(' ', fmt_est(0.07144, 0.065, 0.09)), '0.071 0.065 0.090', 'fmt_est: half-width 0.019, two significant digits at least');
is(join(' ', fmt_est(2.644, 2.61, 2.70)), '2.64 2.61 2.70', 'fmt_est: half-width 0.056, to 0.01');
is(join(' ', fmt_est(126.3, 120.1, 131.9, 100.04)), '126 120 132 100', 'fmt_est: half-width 6.2, to units; MORE at the same place');
is(join(' ', fmt_est(12345, 11000, 13000)), '12000 11000 13000', 'fmt_est: half-width 1655, to thousands (two digits of 12345)');
is(join(' ', fmt_est(5.5, 2, 9)), '5.5 2.0 9.0', 'fmt_est: a half-width wider than the figure still leaves two digits');
is(join(' ', fmt_est(2.6441, 2.6440, 2.6442)), '2.644 2.644 2.644', 'fmt_est: four significant digits at most');
is(join(' ', fmt_est(0.07144, '', '')), '0.07144  ', 'fmt_est: without an interval, fmt_num\'s four digits');

# Noise: a CI reaching 5% from the median is noisy.
ok(!noisy({ median => 100, ci_lo => 96, ci_hi => 104 }, 0.05), '±4% is not noisy');
ok(noisy({ median => 100, ci_lo => 99, ci_hi => 106 }, 0.05), '+6% on one side is noisy');
ok(noisy({ median => 100, ci_lo => undef, ci_hi => undef }, 0.05), 'no interval is noisy');

# CSV: quoting survives a round trip; a short record is an error naming the file.
my $t = tempdir(CLEANUP => 1);
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output);
write_csv("$t/a.csv", [qw(x y)], [{ x => 'a,b "c"', y => 1 }, { x => 'ünï', y => '' }]);
my ($cols, $rows) = read_csv("$t/a.csv");
is_deeply($cols, [qw(x y)], 'header read back');
is_deeply($rows, [{ x => 'a,b "c"', y => 1 }, { x => 'ünï', y => '' }], 'records read back, quotes and UTF-8 intact');
opendir(my $dh, $t) or die "$t: $!";
is_deeply([sort grep { $_ ne '.' && $_ ne '..' } readdir $dh], ['a.csv'],
	'write_csv leaves no temporary file');
write_file("$t/b.csv", "x,y\n1\n");
ok(!eval { read_csv("$t/b.csv"); 1 } && $@ =~ m{b\.csv: record 1 has 1 fields}, 'a short record is an error naming the file');

# analyze.pl on a fixed run: the summary's figures are the ones computed by hand.
my $run = "$t/run";
mkdir $run;
my @lat = ("experiment,round,method,tool,archive,archive_bytes,ballast_bytes,thp,iter,wall_ns,user_us,sys_us,"
	. "self_maxrss_kb,child_maxrss_kb,child_rss_kb,minflt,majflt,nvcsw,nivcsw,procs,status");
# spawn 7zz: rounds 1..10 of r - 0.2, r, r + 0.2 ms (as describe_rounds above); libarchive the
# same tenfold smaller; one failed iteration that must not count.
for my $r (1 .. 10) {
	my @v = ($r - 0.2, $r, $r + 0.2);
	push @lat, map { "extract,$r,spawn,7zz,one-1k.7z,620,0,0,$_," . sprintf('%.0f', $v[$_ - 1] * 1e6) . ",0,0,1000,2000,,0,0,0,0,1,ok" } 1 .. 3;
	push @lat, map { "extract,$r,libarchive,libarchive,one-1k.7z,620,0,0,$_," . sprintf('%.0f', $v[$_ - 1] * 1e5) . ",0,0,1000,,,0,0,0,0,0,ok" } 1 .. 3;
}
push @lat, "extract,1,libarchive,libarchive,one-1k.7z,620,0,0,4,999000000,0,0,1000,,,0,0,0,0,0,error";
write_file("$run/latency.csv", join("\n", @lat) . "\n");
write_file("$run/env.json", '{"suite":"fixed","date":"2026-01-01T00:00:00Z","host":"h","cpu_model":"c",'
	. '"cores":2,"kernel":"k","git":"g","versions":{}}');
write_file("$run/archives.csv", "archive,spec,archive_bytes,content_bytes,files\none-1k.7z,one-1k,620,1000000,1\n");
# hyperfine: no rounds; each run is a unit of its own (12 runs of 1..12 ms: interval x(3)..x(10)).
write_file("$run/hyperfine-one-1k.7z.json", '{"results": [{"command": "spawn 7zz", "times": ['
	. join(',', map { $_ / 1000 } 1 .. 12) . ']}]}');
write_file("$run/hyperfine-one-1k.7z.commands.csv", "command_name,method,tool,kind\nspawn 7zz,spawn,7zz,spawning\n");
is(system($^X, "$FindBin::Bin/../scripts/analyze.pl", $run), 0, 'analyze.pl runs on a fixed run');
my (undef, $sum) = read_csv("$run/summary.csv");
my ($sp) = grep { $_->{method} eq 'spawn' && $_->{metric} eq 'wall_ms' } @$sum;
is_deeply([@$sp{qw(n rounds median ci_lo ci_hi p10 p90 noisy failed)}], [30, 10, 5.5, 2, 9, 1.74, 9.26, 1, 0],
	'summary: spawn 7zz n, rounds, median and CI over the rounds, p10 and p90 of the iterations, noisy flag');
like(join(',', @{ (read_csv("$run/summary.csv"))[0] }), qr/^experiment,method,tool,archive,.*,n,median,ci_lo,ci_hi,p10,p90,noisy,failed,rounds,kind,series$/,
	'summary.csv: the columns as before, rounds added at the end');
my ($la) = grep { $_->{experiment} eq 'extract' && $_->{method} eq 'libarchive' && $_->{metric} eq 'wall_ms' } @$sum;
is_deeply([@$la{qw(n rounds median failed)}], [30, 10, 0.55, 1], 'summary: the failed iteration is counted apart, not timed');
my ($hf) = grep { $_->{experiment} eq 'hyperfine' } @$sum;
is_deeply([@$hf{qw(n rounds median ci_lo ci_hi)}], [12, 12, 6.5, 3, 10], 'summary: every hyperfine run is a round of its own');
my ($tp) = grep { $_->{method} eq 'libarchive' && $_->{metric} eq 'throughput' } @$sum;
# 1 MB in 0.5 and 0.6 ms (rounds 5 and 6): 2000 and 1666.7 MB/s, the middle two round medians
is($tp->{median} + 0, sprintf('%.6g', (2000 + 1 / 0.6e-3) / 2) + 0,
	'summary: throughput is the median of content bytes over time per iteration (MB/s)');
my (undef, $sp_rows) = read_csv("$run/plotdata/speedup.csv");
is($sp_rows->[0]{'spawn 7zz'}, 10, 'speed-up of in-process over spawn 7zz is the ratio of medians (5.5/0.55)');
my $F = do { local $/; open my $f, '<', "$run/findings.json"; decode_json(<$f>) };
is($F->{smallest}{others}[0]{times_reference}, 10, 'findings: the same ratio');
is(system($^X, "$FindBin::Bin/../scripts/report.pl", $run), 0, 'report.pl writes the report');
my $report = do { local $/; open my $f, '<:encoding(UTF-8)', "$run/REPORT.md"; <$f> } // '';
like($report, qr/libarchive in-process takes 0\.55 ms \(95% CI 0\.20–0\.90\); spawn 7zz 5\.5 ms \(95% CI 2\.0–9\.0\), 10x libarchive/,
	'REPORT.md states the figures of its own summary, at the digits their intervals support');
like($report, qr/^\| spawn \| 7zz \| one-1k\.7z \| 0 \| wall_ms \(ms\) \| 30 \| 10 \| 5\.5 \| 2\.0 – 9\.0 \| 1\.7 \| 9\.3 \| ⚠ noisy \|$/m,
	'REPORT.md\'s table: n, rounds, and the figures at the precision of the interval');
like($report, qr/1 iterations did not finish with status ok/, 'REPORT.md names the failure');
# Mann-Whitney U against scipy.stats.mannwhitneyu's documented example (the docstring of
# scipy/stats/_mannwhitneyu.py): males 19 22 16 29 24, females 20 11 17 12 give U = 17; exact
# p = 0.1111111111111111 (method 'exact', and 'auto' for samples this small without ties), by
# the normal approximation with continuity correction p = 0.11134688653314041.
my ($u, $p, $how) = mann_whitney([19, 22, 16, 29, 24], [20, 11, 17, 12]);
is($u, 17, 'Mann-Whitney: U = 17 for scipy\'s example');
is(sprintf('%.12f', $p) . " $how", '0.111111111111 exact', 'Mann-Whitney: p = 0.111111111111 by default, exact, as scipy');
is(sprintf('%.12f', (mann_whitney([19, 22, 16, 29, 24], [20, 11, 17, 12], 'asymptotic'))[1]), '0.111346886533',
	'Mann-Whitney: p = 0.111346886533 asymptotic, as scipy');
my ($u2, $p2) = mann_whitney([20, 11, 17, 12], [19, 22, 16, 29, 24]);
ok($u2 == 5*4 - 17 && abs($p2 - $p) < 1e-12, 'swapping the samples gives U\' = n1 n2 - U and the same p');
# The exact distribution, from hand counts: two samples of k that do not overlap are 2 of the
# C(2k, k) equally likely orders (U = 0 or k^2), so p = 2 / C(2k, k): 8 against 8 (scipy's
# 1.55e-4, where the normal approximation says 9.4e-4), 6 against 6, 5 against 5.
for ([8, 12870], [6, 924], [5, 252]) {
	my ($k, $c) = @$_;
	my ($uk, $pk, $hk) = mann_whitney([1 .. $k], [map { $_ + 100 } 1 .. $k]);
	is(sprintf('%.10g %s', $pk, $hk), sprintf('%.10g exact', 2 / $c), "Mann-Whitney: $k against $k apart, p = 2/C(" . 2 * $k . ", $k)");
}
is(sprintf('%.4g', (mann_whitney([1 .. 8], [9 .. 16], 'asymptotic'))[1]), '0.0009391', '...asymptotic: 9.391e-4');
# Against a count over every split: for each way to choose which n1 of the n1 + n2 ranks are
# x's, U and whether it lies as far from n1 n2 / 2 as the observed one.
sub brute_p {
	my ($n1, $n2, $u) = @_;
	my ($far, $all) = (0, 0);
	my $d = abs($u - $n1 * $n2 / 2);
	for my $mask (0 .. 2**($n1 + $n2) - 1) {
		my @x = grep { $mask >> $_ & 1 } 0 .. $n1 + $n2 - 1;
		next if @x != $n1;
		my $ux = 0;
		$ux += $x[$_] - $_ for 0 .. $#x; # x's rank r (0-based) beats the r - i y's below it
		$all++;
		$far++ if abs($ux - $n1 * $n2 / 2) >= $d - 1e-9;
	}
	return $far / $all;
}
srand(5);
for my $case ([3, 4], [5, 5], [4, 7], [2, 9]) {
	my ($n1, $n2) = @$case;
	my @v = map { $_ + rand() / 2 } 1 .. $n1 + $n2; # no ties
	for my $i (reverse 1 .. $#v) { my $j = int rand($i + 1); @v[$i, $j] = @v[$j, $i] }
	my ($ux, $px) = mann_whitney([@v[0 .. $n1 - 1]], [@v[$n1 .. $#v]]);
	is(sprintf('%.12f', $px), sprintf('%.12f', brute_p($n1, $n2, $ux)), "Mann-Whitney exact, $n1 against $n2 (U = $ux): p as a count over every split");
}
is(sprintf('%.12f', u_cdf(3, 4, 5)), sprintf('%.12f', 7 / 126), 'u_cdf: P(U <= 3) for 4 against 5 is 7/126 (u = 0, 1, 2, 3: 1 + 1 + 2 + 3 orders)');
is(u_cdf(20, 4, 5), 1, 'u_cdf: the whole support');
# scipy's rule for 'auto': asymptotic when both samples exceed 8 values, or any value ties.
is((mann_whitney([1 .. 9], [10 .. 18]))[2], 'asymptotic', 'auto: 9 against 9 is asymptotic');
is((mann_whitney([1 .. 8], [10 .. 40]))[2], 'exact', 'auto: 8 against 31 is exact');
is((mann_whitney([1, 2, 3, 5], [3, 6, 7]))[2], 'asymptotic', 'auto: a tie makes it asymptotic');
ok(!eval { mann_whitney([1, 2], [2, 3], 'exact'); 1 }, 'exact with ties: refused, not a wrong p');
is((mann_whitney([3, 3, 3], [3, 3, 3, 3]))[1], 1, 'all values tied: p = 1, nothing to tell apart');
is((mann_whitney([1, 2, 3], []))[1], 1, 'an empty sample: p = 1');
# Ties share their mean rank: x = 1 2 2, y = 2 3 -> ranks 1, 3, 3 | 3, 5; U = 7 - 6 = 1.
is((mann_whitney([1, 2, 2], [2, 3]))[0], 1, 'tied values share the mean of their ranks');
my ($ua, $pa) = mann_whitney([1 .. 40], [41 .. 80]);
ok($ua == 0 && $pa < 1e-10, "two samples that do not overlap: U = 0, p = $pa");
my ($ub, $pb) = mann_whitney([map { $_ * 2 } 1 .. 40], [map { $_ * 2 + 1 } 1 .. 40]);
ok($pb > 0.5, "interleaved samples: p = $pb, no difference");

# median() sorts first; fmt_bytes() picks the largest binary unit reached.
is(median([3, 1, 2]), 2, 'median of 3 1 2 is 2');
is(median([4, 1, 3, 2]), 2.5, 'median of an even count is the mean of the middle two');
is(median([]), undef, 'no values, no median');
is(join('|', map { fmt_bytes($_) } 512, 1024, 65536, 2**30, 1.5 * 2**20), '512 B|1 KiB|64 KiB|1 GiB|1.5 MiB',
	'fmt_bytes: B, KiB, MiB, GiB');

done_testing;
