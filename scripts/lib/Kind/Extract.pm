# Kind::Extract — extraction cost against archive size: each method, tool and archive, timed
# inside the drivers; ARCHIVE:N runs N timed iterations per round (default 5).
package Kind::Extract;
use strict;
use warnings;

sub name { 'extract' }
sub grammar { ([qw(methods tools archives warmup rounds floor)], [qw(warmup rounds floor)]) }

sub plan {
	my ($class, $b, $s) = @_;
	my @arch = map { [split /:/] } @{ $s->{archives} };
	$b->archive_ok($_->[0], $s->{where}) for @arch;
	my $w = $s->{warmup} // 0;
	$b->each_round($s, name(), sub {
		my ($r, $round, $methods) = @_;
		for my $an (@arch) {
			my ($a, $n) = ($an->[0], $an->[1] // 5);
			for my $m (@$methods) {
				for my $t ($b->tools_for($m, $s)) {
					$b->add($b->driver_point(name(), $round, $a, 'extract: ' . $b->series_of($m, $t) . " $a, round $r",
						0.05 + ($n + $w) * $b->est_iter($m, $a, 0, 0), $b->driver_argv($m, $t), '-n', $n, '-w', $w, $a));
				}
			}
		}
	});
}

sub run { my ($class, $b, $p) = @_; return $b->run_driver($p) }

1;
