# Kind::Hyperfine — whole processes under hyperfine -N (start-up included): the driver commands
# and the bare tools as a user would type them, one JSON per archive, with the list of what each
# command is beside it (hyperfine-ARCHIVE.commands.csv), so that no display name is parsed back.
package Kind::Hyperfine;
use strict;
use warnings;
use Bench;
use Shellout qw(write_csv);

sub name { 'hyperfine' }
sub grammar { ([qw(methods tools archives runs warmup)], [qw(warmup)]) }

sub plan {
	my ($class, $b, $s) = @_;
	if (!Bench::have('hyperfine')) { $b->note('hyperfine is not installed: its step is skipped'); return }
	for my $a (@{ $s->{archives} }) {
		$b->archive_ok($a, $s->{where});
		my @cmds; # [command name, method, tool, kind]
		for my $m (@{ $s->{methods} }) {
			push @cmds, map { [$b->series_of($m, $_), $m, $_, $b->kind_of($m)] } $b->tools_for($m, $s);
		}
		push @cmds, map { [Registry::series('', $_, 'bare'), '', $_, 'bare'] }
			grep { $b->tool_ok($_) && $b->bare_command($_, "$b->{corpus}/$a", '/o') } @{ $s->{tools} };
		my $est = 0;
		$est += ($s->{runs} + ($s->{warmup} // 0)) * (0.004 + $b->est_iter($_->[1], $a, 0, 0)) for @cmds;
		$b->add({ kind => name(), exp => name(), archive => $a, cmds => \@cmds, runs => $s->{runs},
			warmup => $s->{warmup} // 0, desc => 'hyperfine: ' . @cmds . " commands on $a", est => $est + 1 });
	}
}

sub run {
	my ($class, $b, $p) = @_;
	my $work = $b->{work};
	my @argv = ('hyperfine', '-N', '--warmup', $p->{warmup}, '--runs', $p->{runs}, '--export-json', "$work/hyperfine.json");
	my $i = 0;
	for my $c (@{ $p->{cmds} }) {
		my ($name, $m, $t, $kind) = @$c;
		my $o = "$b->{scratch}/hf" . $i++;
		mkdir $o;
		my $cmd = $kind eq 'bare' ? $b->bare_command($t, "$b->{corpus}/$p->{archive}", $o)
			: Bench::shell_words($b->driver_argv($m, $t), "$b->{corpus}/$p->{archive}", $o);
		push @argv, '--prepare', Bench::shell_words('find', $o, '-mindepth', '1', '-delete'), '--command-name', $name, $cmd;
	}
	# hyperfine's JSON keeps only the names: the command lines go to bench.log.
	Bench::append("$b->{run}/bench.log", '', "== $p->{desc}: hyperfine commands\n"
		. join('', map { "$argv[$_ + 1]: $argv[$_ + 2]\n" } grep { $argv[$_] eq '--command-name' } 0 .. $#argv - 2));
	my $st = $b->run_cmd(\@argv, undef, undef);
	return 0 if $Bench::stop || $st != 0;
	write_csv("$b->{run}/hyperfine-$p->{archive}.commands.csv", [qw(command_name method tool kind)],
		[map { { command_name => $_->[0], method => $_->[1], tool => $_->[2], kind => $_->[3] } } @{ $p->{cmds} }]);
	rename "$work/hyperfine.json", "$b->{run}/hyperfine-$p->{archive}.json" or die "hyperfine.json: $!\n";
	return 1;
}

1;
