# Suite.pm — a benchmark suite (bench/suites/NAME.suite) read into steps: one line per step,
# `KIND key=value...`, lists comma-separated (grammar: bench/suites/README.md).  The experiment
# kinds and their keys come from scripts/lib/Kind/*.pm; two more words are directives, not
# experiments: `corpus SPEC...` (for the reader and the Makefile) and `headline` (what the report
# compares).  A bad line is a usage error (exit 2) naming FILE:LINE.
package Suite;

use strict;
use warnings;
use Bench;

# What the headline line may choose (see headline() below).
my @HEADLINE = qw(reference method tool process archive pair memory ladder);

# parse(B, FILE, \%KINDS): the steps of FILE, each a hash {kind, where, key => value...}, every
# method, tool, count and size checked against B's drivers and tools.
sub parse {
	my ($b, $file, $kinds) = @_;
	my %keys = (corpus => [[], []], headline => [\@HEADLINE, \@HEADLINE],
		map { $_ => [$kinds->{$_}->grammar] } grep { ($kinds->{$_}->grammar)[0] } keys %$kinds);
	my @steps;
	open my $fh, '<', $file or $b->env_error("$file: $!");
	while (my $line = <$fh>) {
		chomp $line;
		$line =~ s/^\s+|\s+$//g;
		next if $line eq '' || $line =~ /^#/;
		my ($kind, @words) = split /\s+/, $line;
		my $where = "$file:$.";
		$b->usage_error("$where: unknown step '$kind' (known: " . join(', ', sort keys %keys) . ')') if !$keys{$kind};
		my %s = (kind => $kind, where => $where);
		if ($kind eq 'corpus') { $s{specs} = [@words]; push @steps, \%s; next }
		$b->usage_error("$where: one headline line per suite") if $kind eq 'headline' && grep { $_->{kind} eq 'headline' } @steps;
		my ($all, $optional) = @{ $keys{$kind} };
		for my $w (@words) {
			my ($k, $v) = $w =~ /^([a-z-]+)=(\S+)$/ or $b->usage_error("$where: '$w' is not key=value");
			$b->usage_error("$where: $kind takes no '$k'") if !grep { $_ eq $k } @$all;
			$s{$k} = $v;
		}
		for my $k (@$all) {
			$b->usage_error("$where: $kind needs $k=") if !exists $s{$k} && !grep { $_ eq $k } @$optional;
		}
		check($b, \%s);
		push @steps, \%s;
	}
	return @steps;
}

# check(B, STEP): the values of a parsed line: lists split, counts and sizes well-formed, every
# method a driver and every tool the resolver's.
sub check {
	my ($b, $s) = @_;
	my $where = $s->{where};
	$s->{$_} = [split /,/, $s->{$_}] for grep { exists $s->{$_} } qw(methods tools archives ballasts thp);
	$s->{$_} = [split m{/}, $s->{$_}] for grep { exists $s->{$_} } qw(pair memory);
	for my $k (qw(pair memory)) {
		$b->usage_error("$where: $k=" . join('/', @{ $s->{$k} }) . ' is not A/B') if $s->{$k} && @{ $s->{$k} } != 2;
	}
	for my $k (qw(iterations warmup rounds runs floor)) {
		$b->usage_error("$where: $k=$s->{$k} is not a count") if exists $s->{$k} && $s->{$k} !~ /^\d+$/;
	}
	for my $m (@{ $s->{methods} // [] }, $s->{method} // (), @{ $s->{pair} // [] }, $s->{reference} // ()) {
		# a driver that exists but is not built is a missing program (3), not a bad line
		$b->env_error("$b->{build}/extract-$m missing: run make first")
			if !$b->{drivers}{$m} && -f "$b->{top}/src/drv_$m.c";
		$b->usage_error("$where: no driver for method '$m' (known: " . join(', ', sort keys %{ $b->{drivers} })
			. '; a method is a src/drv_METHOD.c, built by make)') if !$b->{drivers}{$m};
	}
	for my $t (@{ $s->{tools} // [] }, $s->{tool} // (), $s->{process} // ()) {
		$b->usage_error("$where: unknown tool '$t' (known: " . join(', ', sort keys %{ $b->{tool} }) . ')') if !$b->{tool}{$t};
	}
	for my $x (@{ $s->{ballasts} // [] }, $s->{ballast} // ()) {
		$b->usage_error("$where: ballast '$x' is not a size like 0, 64M, 1G") if !defined Bench::bytes($x);
	}
	if ($s->{kind} eq 'headline') {
		$b->usage_error("$where: reference=$s->{reference} is not an in-process method")
			if $s->{reference} && $b->kind_of($s->{reference}) ne 'in-process';
		$b->usage_error("$where: method=$s->{method} is not a spawning method")
			if $s->{method} && $b->kind_of($s->{method}) ne 'spawning';
	}
}

# headline(@STEPS): what the report's headlines and make regress's within-run ratios compare:
# the suite's headline line, and for what it leaves out the first of its kind in the suite's own
# order (the first extract step's first in-process method, spawning method, tool and archive;
# the spawn-cost step's first tool).  Written to the run's suite.json, which analyze.pl,
# report.pl and regress.pl read instead of naming anything.
sub headline {
	my ($b, @steps) = @_;
	my ($h) = grep { $_->{kind} eq 'headline' } @steps;
	my %h = map { $_ => $h->{$_} } grep { defined $h->{$_} } @HEADLINE;
	my ($ex) = grep { $_->{kind} eq 'extract' } @steps;
	my ($sc) = grep { $_->{kind} eq 'spawn-cost' } @steps;
	if ($ex) {
		$h{reference} //= (grep { $b->kind_of($_) eq 'in-process' } @{ $ex->{methods} })[0];
		$h{method} //= (grep { $b->kind_of($_) eq 'spawning' } @{ $ex->{methods} })[0];
		$h{tool} //= $ex->{tools}[0];
		$h{archive} //= (split /:/, $ex->{archives}[0])[0];
	}
	$h{process} //= $sc->{tools}[0] if $sc;
	check_headline($b, $h, \%h, @steps) if $h;
	return { map { $_ => $h{$_} } grep { defined $h{$_} } keys %h };
}

# check_headline(B, LINE, \%H, @STEPS): every choice of the headline line names something the
# suite measures, or it is a usage error naming the line: a headline about a point that never
# ran would silently vanish from the report, and a regress ratio of it could never fail.
sub check_headline {
	my ($b, $line, $h, @steps) = @_;
	my $where = $line->{where};
	my (%in, %exarch);
	for my $s (@steps) {
		for my $m (@{ $s->{methods} // [] }, $s->{method} // ()) { $in{ $s->{kind} }{method}{$m} = 1 }
		for my $t (@{ $s->{tools} // [] }, $s->{tool} // ()) { $in{ $s->{kind} }{tool}{$t} = 1 }
		$in{memory}{scenario}{ $s->{scenario} } = 1 if $s->{kind} eq 'memory';
		$exarch{ (split /:/)[0] } = 1 for $s->{kind} eq 'extract' ? @{ $s->{archives} } : ();
	}
	my $need = sub {
		my ($key, $value, $ok, $what) = @_;
		$b->usage_error("$where: $key=$value: $what") if defined $line->{$key} && !$ok;
	};
	$need->('reference', $h->{reference}, $in{extract}{method}{ $h->{reference} // '' }, 'no extract step runs it');
	$need->('method', $h->{method}, $in{extract}{method}{ $h->{method} // '' }, 'no extract step runs it');
	$need->('tool', $h->{tool}, $in{extract}{tool}{ $h->{tool} // '' }, 'no extract step runs it');
	$need->('archive', $h->{archive}, $exarch{ $h->{archive} // '' }, 'no extract step extracts it');
	$need->('process', $h->{process}, $in{'spawn-cost'}{tool}{ $h->{process} // '' }, 'no spawn-cost step runs it');
	$need->('pair', join('/', @{ $h->{pair} // [] }), !(grep { !$in{'spawn-cost'}{method}{$_} || $b->kind_of($_) ne 'spawning' } @{ $h->{pair} // [] }),
		'both must be spawning methods of a spawn-cost step');
	$need->('memory', join('/', @{ $h->{memory} // [] }), !(grep { !$in{memory}{scenario}{$_} } @{ $h->{memory} // [] }),
		'both must be memory scenarios of the suite');
	if (defined $h->{ladder}) {
		my $re = ladder_re($h->{ladder});
		$need->('ladder', $h->{ladder}, scalar(grep { $_ =~ $re } keys %exarch), 'matches no archive of an extract step');
	}
}

# ladder_re(GLOB): the archives a ladder= glob (* and ?) matches, as a regular expression.
sub ladder_re {
	my ($g) = @_;
	my $re = join '', map { $_ eq '*' ? '.*' : $_ eq '?' ? '.' : quotemeta } split /([*?])/, $g;
	return qr/^$re$/;
}

1;
