# Kind::Memory — memory over time: one driver under build/proc-sampler (1 kHz /proc sampling of
# the process tree), one scenario per suite line.
package Kind::Memory;
use strict;
use warnings;
use Bench;

sub name { 'memory' }
sub grammar { ([qw(scenario method tool archive ballast iterations)], [qw(tool ballast)]) }

sub plan {
	my ($class, $b, $s) = @_;
	$b->archive_ok($s->{archive}, $s->{where});
	$b->env_error("$b->{build}/proc-sampler missing: run make first") if !-x "$b->{build}/proc-sampler";
	my $m = $s->{method};
	my $spawning = $b->kind_of($m) eq 'spawning';
	$b->usage_error("$s->{where}: memory scenario of the spawning method '$m' needs tool=") if $spawning && !$s->{tool};
	my $t = $spawning ? $s->{tool} : $m;
	return if $spawning && !$b->tool_ok($t);
	my $x = $s->{ballast} // 0;
	return if !$b->fits(Bench::bytes($x), "memory scenario $s->{scenario}: ballast $x");
	my $gib = Bench::bytes($x) / (1 << 30);
	$b->add({ kind => name(), exp => name(), scenario => $s->{scenario}, archive => $s->{archive},
		desc => "memory over time: $s->{scenario} (" . $b->series_of($m, $t) . " $s->{archive}" . ($gib ? ", parent $x" : '') . ')',
		argv => [$b->driver_argv($m, $t), '-n', $s->{iterations}, $gib ? ('-b', $x) : (), $s->{archive}],
		est => 0.3 + 0.5 * $gib + 1.3 * $s->{iterations} * $b->est_iter($m, $s->{archive}, $gib, 0) });
}

sub run {
	my ($class, $b, $p) = @_;
	my ($work, $err) = ($b->{work}, "$b->{work}/err");
	my $st = $b->run_cmd(["$b->{build}/proc-sampler", '-l', $p->{scenario}, '--no-header', '-o', "$work/mem",
		'--', @{ $p->{argv} }, "$b->{scratch}/out"], '/dev/null', $err, $b->{corpus});
	return 0 if $Bench::stop;
	$b->log_stderr($err, $p->{desc}) if $st != 0;
	Bench::append("$work/memory.csv", "scenario,sample,t_ms,pid,ppid,depth,role,comm,vmrss_kb,pss_kb,committed_as_kb\n",
		Bench::slurp("$work/mem"));
	unlink "$work/mem";
	return $st == 0;
}

1;
