# Kind::Floor — the floor points that floor=N adds around a step's rounds (Bench::floor_point):
# build/floor-spawn, a bare posix_spawn+waitpid loop outside every driver.  Not a suite step.
package Kind::Floor;
use strict;
use warnings;

sub name { 'floor' }
sub grammar { () } # planned by the steps that take floor=, never written in a suite
sub plan { die "floor is not a suite step\n" }
sub run { my ($class, $b, $p) = @_; return $b->run_floor($p) }

1;
