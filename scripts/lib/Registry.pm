# Registry.pm — what the drivers say about themselves: the one source the scripts learn methods,
# their kinds and the tools from.  Every build/extract-METHOD answers `--describe` with one JSON
# object (src/describe.c): {method, kind ("spawning" or "in-process"), launch, links, tools}.
# No script names a method or a tool: they read it here, from the run's drivers.json (written by
# bench.pl from this), or from the records' own kind column.
package Registry;

use strict;
use warnings;
use JSON::PP qw(decode_json);
use POSIX ();
use Exporter qw(import);

our @EXPORT_OK = qw(describe_drivers record_kind series);

# describe_drivers(BUILD): {METHOD => its --describe object} for every BUILD/extract-* program.
# Dies with one line naming the program when one cannot describe itself or says something that
# is not a driver's description (a stale build: run make).
sub describe_drivers {
	my ($build) = @_;
	opendir my $dh, $build or die "$build: $!\n";
	my @progs = sort grep { /^extract-[A-Za-z0-9_-]+$/ && -f "$build/$_" && -x _ } readdir $dh;
	closedir $dh;
	my %d;
	for my $p (@progs) {
		my $path = "$build/$p";
		my $pid = open(my $fh, '-|') // die "$path: fork: $!\n";
		if (!$pid) {
			open STDERR, '>', '/dev/null';
			exec { $path } $path, '--describe' or POSIX::_exit(127);
		}
		local $/;
		my $text = <$fh> // '';
		close $fh;
		die "$path --describe failed (status $?): run make\n" if $?;
		my $j = eval { decode_json($text) };
		die "$path --describe: not JSON: run make\n" if ref $j ne 'HASH';
		(my $m = $p) =~ s/^extract-//;
		die "$path --describe: method '" . ($j->{method} // '') . "', not '$m'\n" if ($j->{method} // '') ne $m;
		die "$path --describe: kind '" . ($j->{kind} // '') . "' is neither spawning nor in-process\n"
			if ($j->{kind} // '') !~ /^(spawning|in-process)$/;
		$d{$m} = $j;
	}
	return \%d;
}

# record_kind(\%record): the kind of the driver that wrote a latency.csv record: its kind column,
# or, in records from before that column, what the record shows: an in-process driver starts no
# child (procs 0, no tool path).
sub record_kind {
	my ($r) = @_;
	return $r->{kind} if defined $r->{kind} && $r->{kind} ne '';
	return ($r->{procs} // '') eq '0' && ($r->{tool_path} // '') eq '' ? 'in-process' : 'spawning';
}

# series(METHOD, TOOL, KIND): the name of a driver and tool in plans, plots and reports: "spawn
# 7zz" for a spawning driver, the method alone for an in-process one (its tool column is its own
# name), "7zz (bare)" for a tool run on its own.
sub series {
	my ($m, $t, $kind) = @_;
	return $kind eq 'in-process' ? $m : $kind eq 'bare' ? "$t (bare)" : "$m $t";
}

1;
