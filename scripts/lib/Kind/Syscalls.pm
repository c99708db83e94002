# Kind::Syscalls — system calls per extraction, children included (strace -f -c), the driver's
# start-up subtracted: one run with 1 extraction, one with 1+N; the difference / N is what each
# further iteration of the driver's loop costs: the extraction and emptying OUTDIR before the
# next one (the same clean-up for every method).
package Kind::Syscalls;
use strict;
use warnings;
use File::Path qw(remove_tree);
use Bench;

sub name { 'syscalls' }
sub grammar { ([qw(methods tools archives iterations)], []) }

sub plan {
	my ($class, $b, $s) = @_;
	for my $a (@{ $s->{archives} }) {
		$b->archive_ok($a, $s->{where});
		for my $m (@{ $s->{methods} }) {
			for my $t ($b->tools_for($m, $s)) {
				$b->add({ kind => name(), exp => name(), method => $m, tool => $t, archive => $a, n => $s->{iterations},
					desc => 'system calls: ' . $b->series_of($m, $t) . " $a",
					est => 0.3 + 5 * ($s->{iterations} + 2) * $b->est_iter($m, $a, 0, 0) });
			}
		}
	}
}

my $ptrace_ok;
sub run {
	my ($class, $b, $p) = @_;
	my ($work, $err) = ($b->{work}, "$b->{work}/err");
	if (!defined $ptrace_ok) {
		$ptrace_ok = $b->run_cmd(['strace', '-f', '-c', '-o', '/dev/null', $^X, '-e', '0'], undef, $err) == 0;
		return 0 if $Bench::stop;
		$b->note('strace cannot trace here (ptrace not permitted?): the system-call points are skipped: '
			. ((split /\n/, Bench::slurp($err))[0] // '')) if !$ptrace_ok;
	}
	return 1 if !$ptrace_ok;
	my %count;
	# LeakSanitizer cannot run under ptrace: a sanitizer build (make test) would fail here.
	local $ENV{ASAN_OPTIONS} = join ':', grep { $_ } $ENV{ASAN_OPTIONS}, 'detect_leaks=0';
	for my $n (1, 1 + $p->{n}) {
		# Both runs start from an empty OUTDIR: a tree left by an earlier point (many-files)
		# would be emptied inside one of them only and skew the difference.
		remove_tree("$b->{scratch}/out");
		my $st = $b->run_cmd(['strace', '-f', '-c', '-U', 'name,calls,errors', '-o', "$work/strace",
			$b->driver_argv($p->{method}, $p->{tool}), '-n', $n, $p->{archive}, "$b->{scratch}/out"], '/dev/null', $err, $b->{corpus});
		return 0 if $Bench::stop;
		if ($st != 0) { $b->log_stderr($err, $p->{desc}); return 0 }
		open my $fh, '<', "$work/strace" or die "$work/strace: $!\n";
		while (<$fh>) {
			next if !/^(\w+)\s+(\d+)\s*(\d*)\s*$/ || $1 eq 'total' || $1 eq 'syscall';
			$count{$1}{$n}{calls} = $2;
			$count{$1}{$n}{errors} = $3 || 0;
		}
	}
	my $lines = '';
	my $n = $p->{n};
	for my $sc (sort keys %count) {
		my %d = map { $_ => (($count{$sc}{1 + $n}{$_} // 0) - ($count{$sc}{1}{$_} // 0)) / $n } qw(calls errors);
		next if $d{calls} == 0; # negative ones stay: the totals must add up
		$lines .= join(',', $p->{method}, $p->{tool}, $p->{archive}, $sc, map { sprintf('%.6g', $_) + 0 } @d{qw(calls errors)}) . "\n";
	}
	Bench::append("$work/syscalls.csv", "method,tool,archive,syscall,calls,errors\n", $lines);
	return 1;
}

1;
