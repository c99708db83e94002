# Kind::SpawnCost — spawn cost against the parent's resident size: each method and tool from
# parents of each ballast, 4 KiB pages and transparent huge pages, timed inside the drivers.
package Kind::SpawnCost;
use strict;
use warnings;
use Bench;

sub name { 'spawn-cost' }
sub grammar { ([qw(methods tools archive ballasts thp iterations warmup rounds floor)], [qw(warmup rounds floor)]) }

sub plan {
	my ($class, $b, $s) = @_;
	$b->archive_ok($s->{archive}, $s->{where});
	my ($n, $w) = ($s->{iterations}, $s->{warmup} // 0);
	# Leave room for everything else: a ballast that would eat the last GiB is skipped.
	my @ballasts = grep { $b->fits(Bench::bytes($_), "ballast $_") } @{ $s->{ballasts} };
	my @thp = @{ $s->{thp} };
	if (grep { $_ } @thp and $b->{thp_mode} eq 'never' || $b->{thp_mode} eq 'none') {
		$b->note("transparent huge pages are '$b->{thp_mode}' here: the THP points are skipped");
		@thp = grep { !$_ } @thp;
	}
	$b->each_round($s, name(), sub {
		my ($r, $round, $methods) = @_;
		for my $x (@ballasts) {
			my $gib = Bench::bytes($x) / (1 << 30);
			for my $thp (grep { !$_ || $gib } @thp) { # no ballast: nothing to put on huge pages
				for my $m (@$methods) {
					for my $t ($b->tools_for($m, $s)) {
						$b->add($b->driver_point(name(), $round, $s->{archive},
							sprintf('spawn-cost: %s, parent %s%s, round %d', $b->series_of($m, $t), $x, $thp ? ' THP' : '', $r),
							0.05 + 0.5 * $gib + ($n + $w) * $b->est_iter($m, $s->{archive}, $gib, $thp),
							$b->driver_argv($m, $t), '-n', $n, '-w', $w, '-b', $x, $thp ? '--thp' : (), $s->{archive}));
					}
				}
			}
		}
	});
}

sub run { my ($class, $b, $p) = @_; return $b->run_driver($p) }

1;
