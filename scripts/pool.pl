#!/usr/bin/perl
# pool.pl — pool several runs of one suite into one run folder: what `make baseline` records, so
# that the baseline holds the machine's run-to-run variation and not one run's luck.
#
# usage: scripts/pool.pl OUTDIR RUNDIR...
# example: scripts/pool.pl build/pooled results/20261126T0500*-vm
#   latency.csv  every run's records; rounds renumbered so that they stay distinct (run 2's round 1
#                follows run 1's last round)
#   floor.csv    every run's records, rounds moved up by the same amounts
#   syscalls.csv per driver, tool, archive and system call, the median over the runs (a call a run
#                did not make counts 0 there)
#   env.json     the first run's, with "pooled" listing every run's name, date and commit
#   archives.csv, notes.txt, suite.json, drivers.json  the first run's; failures.txt  all runs'
# OUTDIR must not exist; summary.csv, findings.json and REPORT.md are then made by analyze.pl and
# report.pl as for any run.  Exit status: 0 done; 2 usage; 3 a run missing, unfinished, of another
# suite or machine (CPU model, cores, kernel, OS), or malformed (a field the analysis reads as a
# number that is not a finite one: "FILE:LINE: ...").
use strict;
use warnings;
use FindBin;
use File::Basename qw(basename);
use File::Copy qw(copy);
use List::Util qw(max);
use JSON::PP;
use lib "$FindBin::Bin/lib";
use Shellout qw(read_run_csv write_csv write_file read_json read_lines median);

@ARGV >= 2 or do { print STDERR "usage: scripts/pool.pl OUTDIR RUNDIR...\n"; exit 2 };
my ($out, @runs) = @ARGV;
Shellout::on_die('pool');
die "$out: exists already\n" if -e $out;
for my $r (@runs) {
	-f "$r/$_" or die "$r: no $_ (not a finished run)\n" for qw(env.json latency.csv);
	die "$r: the run is INCOMPLETE\n" if -e "$r/INCOMPLETE";
}
my @env = map { read_json("$_/env.json") } @runs;
# Pooling means one machine and one suite: a baseline is compared as one machine's figures.
for my $i (1 .. $#runs) {
	for my $k (qw(suite cpu_model cores kernel os)) {
		($env[$i]{$k} // '') eq ($env[0]{$k} // '')
			or die "$runs[$i]: its $k differs from $runs[0]'s ('" . ($env[$i]{$k} // '') . "', '" . ($env[0]{$k} // '') . "')\n";
	}
}

# Each run's rounds move up by the rounds of the runs before it, in latency.csv and floor.csv
# alike, so that a round number still pairs each time with the floor measured around it.
my ($cols, @lat, @floor);
my $offset = 0;
for my $r (@runs) {
	my ($c, $rows) = read_run_csv("$r/latency.csv");
	$cols //= $c;
	"@$c" eq "@$cols" or die "$r/latency.csv: its columns differ from $runs[0]/latency.csv's\n";
	my $fl = -f "$r/floor.csv" ? (read_run_csv("$r/floor.csv"))[1] : [];
	$_->{round} += $offset for @$rows, @$fl;
	$offset = max($offset, map { $_->{round} } @$rows, @$fl);
	push @lat, @$rows;
	push @floor, @$fl;
}

my (%calls, %seen);
for my $i (0 .. $#runs) {
	next if !-f "$runs[$i]/syscalls.csv";
	my (undef, $rows) = read_run_csv("$runs[$i]/syscalls.csv");
	for (@$rows) {
		my $k = join "\0", @$_{qw(method tool archive syscall)};
		$seen{$k} = 1;
		# Summed within a run (as regress.pl reads them), should a suite count a series twice.
		$calls{$k}[$i][0] += $_->{calls};
		$calls{$k}[$i][1] += $_->{errors};
	}
}
my @sc;
for my $k (sort keys %seen) {
	my @per = map { $calls{$k}[$_] // [0, 0] } 0 .. $#runs;
	my %row;
	@row{qw(method tool archive syscall)} = split /\0/, $k;
	for my $j (0, 1) {
		$row{ $j ? 'errors' : 'calls' } = median([map { $_->[$j] } @per]);
	}
	push @sc, \%row if $row{calls} != 0;
}

mkdir $out or die "$out: $!\n";
write_csv("$out/latency.csv", $cols, \@lat);
write_csv("$out/floor.csv", [qw(experiment round iter wall_ns status)], \@floor) if @floor;
write_csv("$out/syscalls.csv", [qw(method tool archive syscall calls errors)], \@sc) if %seen;
my %env = %{ $env[0] };
$env{pooled} = [map { { run => basename($runs[$_]), date => $env[$_]{date}, git => $env[$_]{git} } } 0 .. $#runs];
write_file("$out/env.json", JSON::PP->new->pretty->canonical->encode(\%env));
for my $f (qw(archives.csv notes.txt suite.json drivers.json)) {
	copy("$runs[0]/$f", "$out/$f") or die "$out/$f: $!\n" if -f "$runs[0]/$f";
}
my @fail = map { read_lines("$_/failures.txt") } @runs;
write_file("$out/failures.txt", join('', map { "$_\n" } @fail)) if @fail;
