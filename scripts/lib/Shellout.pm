# Shellout.pm — the statistics and file helpers that shellout's Perl scripts share.
#
# Statistics are written out here rather than taken from a CPAN module: Debian packages none that
# gives the distribution-free confidence interval of a median or the Mann-Whitney U test (scipy
# would bring Python and numpy for a few lines), and each function is checked against published
# or scipy's documented values in tests/80-stats.t.  The normal tail is libm's (POSIX::erfc).
# CSV goes through Text::CSV (Debian's libtext-csv-perl), JSON through JSON::PP (core Perl).
package Shellout;

use strict;
use warnings;
use Carp qw(croak);
use File::Basename qw(dirname basename);
use File::Temp qw(tempfile);
use Text::CSV;
use JSON::PP qw(decode_json);
use Exporter qw(import);
use POSIX ();

our @EXPORT_OK = qw(read_csv read_run_csv is_number write_csv write_file read_json read_lines quantile
	median_ci describe describe_rounds noisy binom_cdf mann_whitney u_cdf median fmt_num fmt_est fmt_bytes on_die);

# --- numbers in records ----------------------------------------------------------------------
# What a numeric field may hold: 'count' a whole number >= 0 (a size, a round, kB), 'time' a
# number > 0 (a measured duration: nothing takes no time, and ratios divide by it), 'number' any
# number (a difference of counts may be negative); each finite, in plain decimal notation.  Why
# so strict: Perl reads "nan", "inf" and "1e999" as NaN or infinity and "" or "12ms" as 0 (a
# warning at most), every comparison with NaN is false, and so a gate given them passes anything.
my $DECIMAL = qr/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
my %NUMBER = (
	count  => [qr/^\d+$/, sub { 1 }, 'a whole number >= 0'],
	time   => [$DECIMAL, sub { $_[0] > 0 }, 'a finite number > 0'],
	number => [$DECIMAL, sub { 1 }, 'a finite number'],
);

# is_number(VALUE, KIND): whether VALUE is a number of KIND ('count', 'time', 'number'); in list
# context also what KIND means, for messages.
sub is_number {
	my ($v, $kind) = @_;
	my ($re, $test, $what) = @{ $NUMBER{$kind} or croak "is_number: no kind '$kind'" };
	my $ok = defined $v && !ref $v && $v =~ $re && abs($v) < 9**9**9 && $test->($v) ? 1 : 0;
	return wantarray ? ($ok, $what) : $ok;
}

# The numeric columns of a run's record files that the analysis reads (analyze.pl, regress.pl,
# pool.pl), with their kind; '?' after it: the field may be empty (the driver contract leaves
# child_* empty where there is no child).  A column the analysis does not read is not checked.
my %RUN_NUMBERS = (
	'latency.csv' => { round => 'count', ballast_bytes => 'count', thp => 'count', wall_ns => 'time',
		archive_bytes => 'count?', self_maxrss_kb => 'count?', child_rss_kb => 'count?' },
	'floor.csv' => { round => 'count', wall_ns => 'time' },
	'syscalls.csv' => { calls => 'number', errors => 'number' },
	'archives.csv' => { archive_bytes => 'count', content_bytes => 'count' },
	'memory.csv' => { sample => 'count', t_ms => 'number', vmrss_kb => 'count?', pss_kb => 'count?',
		committed_as_kb => 'count?' },
);

# read_run_csv(FILE): read_csv with the checks of %RUN_NUMBERS for FILE's name.
sub read_run_csv {
	my ($file) = @_;
	my $rules = $RUN_NUMBERS{ basename($file) } or croak "read_run_csv: no rules for $file";
	return read_csv($file, $rules);
}

# read_csv(FILE[, \%NUMBERS]): returns (\@columns, \@rows), each row a hash keyed by column
# name; croaks with the file's name on a missing file or a malformed record.  NUMBERS maps
# column names to a kind of is_number (with '?': or empty); a column missing from the header or
# a field that is not such a number dies with "FILE:LINE: ..." (LINE: where the record starts).
sub read_csv {
	my ($file, $numbers) = @_;
	my $csv = Text::CSV->new({ binary => 1, auto_diag => 0 });
	open my $fh, '<:encoding(UTF-8)', $file or croak "$file: $!";
	my $cols = $csv->getline($fh) or croak "$file: no header line";
	my @check;
	for my $c (sort keys %{ $numbers // {} }) {
		my ($kind, $empty_ok) = $numbers->{$c} =~ /^(\w+)(\??)$/ or croak "read_csv: bad kind for $c";
		if (!grep { $_ eq $c } @$cols) {
			next if $empty_ok;
			die "$file: no column $c in the header\n";
		}
		push @check, [$c, $kind, $empty_ok];
	}
	my @rows;
	my $line = $. + 1;
	while (my $r = $csv->getline($fh)) {
		croak "$file: record " . ($. - 1) . " has " . @$r . " fields, header has " . @$cols
			if @$r != @$cols;
		my %h;
		@h{@$cols} = @$r;
		for (@check) {
			my ($c, $kind, $empty_ok) = @$_;
			next if $empty_ok && $h{$c} eq '';
			my ($ok, $what) = is_number($h{$c}, $kind);
			die "$file:$line: $c is '" . ($h{$c} =~ s/[^[:print:]]/?/gr) . "', not $what\n" if !$ok;
		}
		push @rows, \%h;
		$line = $. + 1;
	}
	croak "$file: " . ($csv->error_diag)[2] . " at line $." if !$csv->eof;
	close $fh;
	return ($cols, \@rows);
}

# on_die(NAME[, SHOW]): the one die handler of the scripts: an uncaught die (a file missing or
# malformed, a bug) prints "NAME: message" (the message through SHOW, if given) and exits 3, the
# status of an environment or input error (doc/exit-status.md), instead of Perl's errno-derived
# status (ENOENT would read as 2, a usage error).  Not inside eval.
sub on_die {
	my ($name, $show) = @_;
	$SIG{__DIE__} = sub { return if $^S; print STDERR "$name: ", $show ? $show->($_[0]) : $_[0]; exit 3 };
}

# read_json(FILE): FILE's JSON document; croaks with the file's name if it cannot be read.
sub read_json {
	my ($file) = @_;
	open my $fh, '<', $file or croak "$file: $!";
	local $/;
	my $text = <$fh> // '';
	my $doc = eval { decode_json($text) };
	croak "$file: not valid JSON: " . ($@ =~ s/ at \S+ line \d+\.?\n?$//r) if !defined $doc;
	return $doc;
}

# read_lines(FILE): FILE's lines (UTF-8, without their newlines); none if FILE does not exist.
sub read_lines {
	my ($file) = @_;
	return () if !-e $file;
	open my $fh, '<:encoding(UTF-8)', $file or croak "$file: $!";
	chomp(my @lines = <$fh>);
	return @lines;
}

# write_file(FILE, TEXT): writes TEXT to a temporary file beside FILE and renames it into place,
# so that FILE is either the old one or the whole new one, never half-written.
sub write_file {
	my ($file, $text) = @_;
	my ($fh, $tmp) = tempfile('.' . basename($file) . '.XXXXXX', DIR => dirname($file));
	binmode $fh, ':encoding(UTF-8)';
	print $fh $text or croak "$tmp: $!";
	close $fh or croak "$tmp: $!";
	chmod 0644, $tmp;
	rename $tmp, $file or croak "rename $tmp to $file: $!";
}

# write_csv(FILE, \@columns, \@rows): rows are hashes (missing keys become empty fields); written
# whole with write_file.
sub write_csv {
	my ($file, $cols, $rows) = @_;
	my $csv = Text::CSV->new({ binary => 1, eol => "\n" });
	my $text = '';
	$csv->combine(@$cols) or croak "$file: cannot quote the header";
	$text .= $csv->string;
	for my $r (@$rows) {
		$csv->combine(map { $r->{$_} // '' } @$cols) or croak "$file: cannot quote a record";
		$text .= $csv->string;
	}
	write_file($file, $text);
}

# quantile(\@sorted, P): the P-quantile of an ascending sample by linear interpolation between
# order statistics (Hyndman & Fan type 7, the default of R and numpy); undef for no data.
sub quantile {
	my ($s, $p) = @_;
	return undef if !@$s;
	my $h = (@$s - 1) * $p;
	my $lo = int($h);
	return $s->[$lo] if $lo >= $#$s;
	return $s->[$lo] + ($h - $lo) * ($s->[$lo + 1] - $s->[$lo]);
}

# median(\@values): the median of the values, in any order (type 7: the mean of the middle two
# for an even count); undef for none.
sub median {
	my @s = sort { $a <=> $b } @{ $_[0] };
	return quantile(\@s, 0.5);
}

# binom_cdf(K, N): P(X <= K) for X ~ Binomial(N, 1/2), summed in logs so large N stays finite.
sub binom_cdf {
	my ($k, $n) = @_;
	return 0 if $k < 0;
	return 1 if $k >= $n;
	my ($sum, $lt) = (0, -$n * log(2)); # log of C(n,0) / 2^n
	for my $i (0 .. $k) {
		$lt += log(($n - $i + 1) / $i) if $i > 0;
		$sum += exp($lt);
	}
	return $sum;
}

# median_ci(\@sorted, CONF): the distribution-free CONF interval of the median, (x(k), x(n-k+1))
# with the largest k whose coverage 1 - 2 P(B <= k-1) is still >= CONF, B ~ Binomial(n, 1/2).
# Returns () when n is too small for any such interval (n <= 5 at 95%).
sub median_ci {
	my ($s, $conf) = @_;
	my $n = @$s;
	my $k = 0;
	$k++ while $k + 1 <= ($n + 1) / 2 && 1 - 2 * binom_cdf($k, $n) >= $conf;
	return () if $k == 0;
	return ($s->[$k - 1], $s->[$n - $k]);
}

# u_cdf(K, M, N): P(U <= K) for the Mann-Whitney U of a sample of M against one of N, without
# ties, when both come from one distribution.  Of the C(M+N, M) equally likely orders of the
# pooled sample, the number with U = u is the coefficient of q^u in the Gaussian binomial
# [M+N choose M]_q = prod_{i=1..M} (1 - q^(N+i)) / (1 - q^i): built factor by factor, only up to
# q^K (each step's polynomial has whole coefficients, so they stay exact while below 2^53).
sub u_cdf {
	my ($k, $m, $n) = @_;
	($m, $n) = ($n, $m) if $m > $n;
	return 0 if $k < 0;
	return 1 if $k >= $m * $n;
	$k = int($k);
	my @c = (1, (0) x $k);
	my $total = 1;
	for my $i (1 .. $m) {
		# times (1 - q^(N+i)), from the top down: each coefficient read before it changes
		for (my $j = $k; $j >= $n + $i; $j--) { $c[$j] -= $c[$j - $n - $i] }
		# divided by (1 - q^i), a power series: from the bottom up
		$c[$_] += $c[$_ - $i] for $i .. $k;
		$total = $total * ($n + $i) / $i; # C(N+i, i)
	}
	my $sum = 0;
	$sum += $_ for @c;
	return $sum / $total;
}

# mann_whitney(\@x, \@y[, METHOD]): (U, p, the method used) of the two-sided Mann-Whitney U test
# that x and y come from one distribution.  U counts the pairs in which x is larger (ties count
# one half).  METHOD is 'auto' (the default), 'exact' or 'asymptotic', as in
# scipy.stats.mannwhitneyu (scipy 1.7 and later): 'auto' is 'exact' when either sample has at most
# 8 values and no value ties, else 'asymptotic'.  Exact: twice the probability of a U at least as
# far from n1 n2 / 2 under the null distribution (u_cdf), at most 1.  Asymptotic: the normal
# approximation with tie and continuity corrections.  p is 1 when either sample is empty or all
# values tie.
sub mann_whitney {
	my ($x, $y, $method) = @_;
	$method //= 'auto';
	$method =~ /^(auto|exact|asymptotic)$/ or croak "mann_whitney: no method '$method'";
	my ($n1, $n2) = (scalar @$x, scalar @$y);
	return (undef, 1, $method) if !$n1 || !$n2;
	my @all = sort { $a->[0] <=> $b->[0] } ((map { [$_, 1] } @$x), (map { [$_, 0] } @$y));
	my $n = @all;
	my ($rank_x, $ties) = (0, 0);
	for (my $i = 0; $i < $n;) {
		my $j = $i;
		$j++ while $j + 1 < $n && $all[$j + 1][0] == $all[$i][0];
		my $t = $j - $i + 1; # a run of ties shares the mean of its ranks
		$rank_x += $all[$_][1] * ($i + $j + 2) / 2 for $i .. $j;
		$ties += $t**3 - $t;
		$i = $j + 1;
	}
	my $u = $rank_x - $n1 * ($n1 + 1) / 2;
	$method = $n1 > 8 && $n2 > 8 || $ties ? 'asymptotic' : 'exact' if $method eq 'auto';
	if ($method eq 'exact') {
		croak 'mann_whitney: the exact distribution is for samples without ties' if $ties;
		my $low = $u < $n1 * $n2 - $u ? $u : $n1 * $n2 - $u;
		my $p = 2 * u_cdf($low, $n1, $n2);
		return ($u, $p > 1 ? 1 : $p, $method);
	}
	my $var = $n1 * $n2 / 12 * ($n + 1 - $ties / ($n * ($n - 1)));
	return ($u, 1, $method) if $var <= 0;
	my $z = (abs($u - $n1 * $n2 / 2) - 0.5) / sqrt($var);
	return ($u, $z <= 0 ? 1 : POSIX::erfc($z / sqrt 2), $method);
}

# describe(\@values): n, median, 95% CI of the median (ci_lo, ci_hi; undef if n is too small),
# p10 and p90 of the values, as a hash.
sub describe {
	my @s = sort { $a <=> $b } @{ $_[0] };
	my ($lo, $hi) = median_ci(\@s, 0.95);
	return {
		n => scalar @s, median => quantile(\@s, 0.5), ci_lo => $lo, ci_hi => $hi,
		p10 => quantile(\@s, 0.1), p90 => quantile(\@s, 0.9),
	};
}

# describe_rounds(\%by_round): a point measured in rounds, {ROUND => [values]}, as a hash: n (the
# values), rounds (the rounds with values), median and its 95% CI (ci_lo, ci_hi; undef below 6
# rounds) over the rounds' medians, p10 and p90 of the values themselves.
#   Why over rounds: the iterations of one round run in one driver process, back to back, in one
#   moment of the machine; they share its caches, its allocator, a slow spell, and are not
#   independent of each other, so an interval over all of them is too narrow.  The rounds, each
#   its own process and interleaved with the other points', are the unit that is close to
#   independent (and the one scripts/regress.pl tests).  So the median is the median of the
#   round medians, the centre of the interval's order statistics and the figure regress.pl
#   compares; p10 and p90 stay the spread of single values (one extraction), what a user waits.
sub describe_rounds {
	my ($by) = @_;
	my (@med, @all);
	for my $r (sort { $a <=> $b } keys %$by) {
		next if !@{ $by->{$r} };
		push @med, median($by->{$r});
		push @all, @{ $by->{$r} };
	}
	my $d = describe(\@med);
	my @s = sort { $a <=> $b } @all;
	return { %$d, n => scalar @s, rounds => scalar @med, p10 => quantile(\@s, 0.1), p90 => quantile(\@s, 0.9) };
}

# noisy(\%described, LIMIT): true when the median is not pinned down to within LIMIT (a
# fraction, e.g. 0.05) by its confidence interval, or there is no interval at all.
sub noisy {
	my ($d, $limit) = @_;
	return 1 if !defined $d->{ci_lo} || !$d->{median};
	my $half = $d->{median} - $d->{ci_lo};
	$half = $d->{ci_hi} - $d->{median} if $d->{ci_hi} - $d->{median} > $half;
	return $half > $limit * abs($d->{median}) ? 1 : 0;
}

# fmt_bytes(N): N bytes with the largest binary unit it reaches ("1 GiB", "64 KiB"), in
# fmt_num's digits; "N B" below 1 KiB.
sub fmt_bytes {
	my ($n) = @_;
	for ([2**30, 'GiB'], [2**20, 'MiB'], [2**10, 'KiB']) {
		return fmt_num($n / $_->[0]) . " $_->[1]" if $n >= $_->[0];
	}
	return "$n B";
}

# fmt_num(X): X with four significant digits for tables and CSVs; empty for undef.
sub fmt_num {
	my ($x) = @_;
	return '' if !defined $x;
	return sprintf('%.4g', $x) + 0 if abs($x) < 1e6;
	return sprintf('%.0f', $x);
}

# fmt_est(X, LO, HI, MORE...): an estimate X and its interval LO..HI as strings at the precision
# the interval supports: rounded to the decimal place of the leading digit of the interval's
# half-width (the larger distance from X to an end), but to at least 2 and at most 4 significant
# digits of X (4: what summary.csv keeps).  MORE (p10, p90...) are rounded to the same place.
# Returns (X, LO, HI, MORE...); without an interval (LO or HI undef or empty) every value as
# fmt_num gives it.  fmt_est(0.07144, 0.065, 0.09) is (0.071, 0.065, 0.090).
sub fmt_est {
	my ($x, $lo, $hi, @more) = @_;
	my $empty = sub { !defined $_[0] || $_[0] eq '' };
	return map { $empty->($_) ? '' : fmt_num($_) } @_ if $empty->($x) || $empty->($lo) || $empty->($hi);
	my $exp10 = sub { (sprintf('%.3e', abs $_[0]) =~ /e([-+]\d+)$/)[0] + 0 }; # the place of the leading digit
	my $half = $x - $lo > $hi - $x ? $x - $lo : $hi - $x;
	my $place = $half > 0 ? $exp10->($half) : -99;
	if ($x != 0) {
		my $lead = $exp10->($x);
		$place = $lead - 1 if $place > $lead - 1;
		$place = $lead - 3 if $place < $lead - 3;
	}
	$place = -15 if $place < -15;
	return map {
		$empty->($_) ? ''
			: $place >= 0 ? sprintf('%.0f', sprintf('%.0f', $_ / 10**$place) * 10**$place)
			: sprintf('%.*f', -$place, $_)
	} $x, $lo, $hi, @more;
}

1;
