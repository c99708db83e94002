# Kind::Peak — peak memory of the driver and of the tool (not a timing: --child-rss stops each
# child at its exit to read its VmHWM).
package Kind::Peak;
use strict;
use warnings;

sub name { 'peak' }
sub grammar { ([qw(methods tools archive iterations)], []) }

sub plan {
	my ($class, $b, $s) = @_;
	$b->archive_ok($s->{archive}, $s->{where});
	for my $m (@{ $s->{methods} }) {
		for my $t ($b->tools_for($m, $s)) {
			$b->add($b->driver_point(name(), 1, $s->{archive}, 'peak memory: ' . $b->series_of($m, $t) . " $s->{archive}",
				0.1 + 1.5 * $s->{iterations} * $b->est_iter($m, $s->{archive}, 0, 0),
				$b->driver_argv($m, $t), '-n', $s->{iterations},
				$b->kind_of($m) eq 'spawning' ? '--child-rss' : (), $s->{archive}));
		}
	}
}

sub run { my ($class, $b, $p) = @_; return $b->run_driver($p) }

1;
