#!/usr/bin/perl
# 18-docs.t — the documentation stays true: every relative link in README.md and doc/*.md leads
# to a file and every #anchor to a heading of it (GitHub's slugs); every option a program's
# --help prints is named in doc/ (as --name, in a usage block or in the text); the README is a
# front page (at most 160 lines) whose CSV sample has the drivers' header and whose one findings
# block is what scripts/reference.sh --readme-only makes of the reference REPORT.md.
use strict;
use warnings;
use utf8;
use FindBin;
use File::Basename qw(dirname);
use File::Copy qw(copy);
use File::Path qw(make_path);
use File::Temp qw(tempdir);
use Test::More;
use Text::CSV;

my $top = "$FindBin::Bin/..";
my $B = "$top/" . ($ENV{SHELLOUT_BUILD} // 'build');
my $T = tempdir('shellout-docs.XXXXXX', TMPDIR => 1, CLEANUP => 1);

sub slurp {
	open my $f, '<:encoding(UTF-8)', $_[0] or die "$_[0]: $!\n";
	local $/;
	return scalar <$f>;
}

# Markdown text without fenced code blocks and inline code spans, where nothing is a link.
sub prose {
	my $t = shift;
	$t =~ s/^[ \t]*```.*?^[ \t]*```[^\n]*$//msg;
	$t =~ s/(`+).*?\1//sg;
	return $t;
}

# GitHub's anchor for a heading: lowercase, punctuation dropped (letters, digits, spaces, '-'
# and '_' stay), each space a '-'; a repeated heading gets -1, -2, ...
sub slug {
	my $h = lc shift;
	$h =~ s/\[([^\]]*)\]\([^)]*\)/$1/g;
	$h =~ s/[^\p{L}\p{N}\p{M} _-]//g;
	$h =~ s/ /-/g;
	return $h;
}

my %anchors;
sub anchors_of {
	my $file = shift;
	return $anchors{$file} //= do {
		my (%seen, %a);
		my $t = slurp($file);
		$t =~ s/^[ \t]*```.*?^[ \t]*```[^\n]*$//msg;
		for ($t =~ /^#{1,6}[ \t]+(.+?)[ \t#]*$/mg) {
			my $s = slug($_);
			$a{ $seen{$s}++ ? "$s-" . ($seen{$s} - 1) : $s } = 1;
		}
		\%a;
	};
}

# --- links and anchors ---------------------------------------------------------------------------
my @docs = ("$top/README.md", sort glob "$top/doc/*.md");
ok(@docs > 1, 'README.md and doc/*.md are there');
for my $file (@docs) {
	(my $name = $file) =~ s/^\Q$top\E\///;
	my @bad;
	my $n = 0;
	for my $target (prose(slurp($file)) =~ /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g) {
		next if $target =~ /^[a-z][a-z0-9+.-]*:/i; # http:, mailto: ...
		$n++;
		my ($path, $anchor) = split /#/, $target, 2;
		my $dest = $path eq '' ? $file : dirname($file) . "/$path";
		if (!-e $dest) {
			push @bad, "$target: no such file";
		} elsif (defined $anchor && ($dest !~ /\.md$/ || !anchors_of($dest)->{$anchor})) {
			push @bad, "$target: no heading with that anchor";
		}
	}
	ok(!@bad, "$name: its $n relative links lead to files and headings") or diag join "\n", @bad;
}

# --- every option of every program's --help is documented ----------------------------------------
my $doc = join "\n", map { slurp($_) } grep { m{/doc/} } @docs;
my @progs = ((sort glob "$B/extract-*"),
	map({ "$B/$_" } qw(verify proc-sampler corpus-gen floor-spawn tool-info)),
	map { "$top/scripts/$_" } qw(bench.pl regress.pl deps.sh));
for my $prog (@progs) {
	(my $name = $prog) =~ s/^\Q$top\E\///;
	ok(-x $prog, "$name is there") or next;
	my $help = qx{"$prog" --help 2>&1};
	ok(length $help, "$name --help prints its usage");
	my %opt = map { $_ => 1 } $help =~ /(?<![\w-])(--[a-z][a-z0-9-]*)/g;
	my @missing = grep { $doc !~ /(?<![\w-])\Q$_\E(?![\w-])/ } sort keys %opt;
	ok(!@missing, "$name: every option its --help prints is in doc/ (" . keys(%opt) . ')')
		or diag "not named in doc/: @missing";
}

# --- the README is a front page ------------------------------------------------------------------
my $readme = slurp("$top/README.md");
my $lines = () = $readme =~ /\n/g;
ok($lines <= 160, "README.md has at most 160 lines ($lines)");

# Its CSV sample is a real driver's output: the same header, and records that fit it.
my ($sample) = $readme =~ /^[ \t]*```csv\n(.*?)^[ \t]*```/ms;
ok(defined $sample, 'README.md has a CSV sample');
my @rows = map { s/^\s+//r } split /\n/, $sample // '';
my $csv = Text::CSV->new({ binary => 1 });
my $out = "$T/out";
my ($header) = qx{"$B/extract-spawn" --tool true --csv -n 1 "$top/build/corpus/one-1k.7z" "$out"};
chomp $header if defined $header;
is($rows[0], $header, "the sample's header is extract-spawn's");
ok(@rows >= 2, 'the sample has records under its header');
my $width = $csv->parse($rows[0] // '') ? scalar($csv->fields) : 0;
is(scalar(grep { $csv->parse($_) && $csv->fields == $width } @rows[1 .. $#rows]), $#rows,
	"every sample record has the header's $width fields");

# One generated findings block, and it is what reference.sh makes of the reference report.
my @blocks = $readme =~ /<!-- ([\w-]+):begin/g;
is("@blocks", 'bench-findings', 'README.md has one generated block, bench-findings');
make_path("$T/tree/scripts", "$T/tree/results/reference/full");
copy("$top/$_", "$T/tree/$_") or die "$_: $!\n"
	for qw(README.md scripts/reference.sh results/reference/full/REPORT.md);
chmod 0755, "$T/tree/scripts/reference.sh";
system("$T/tree/scripts/reference.sh --readme-only 2> $T/reference.err");
is($? >> 8, 0, 'scripts/reference.sh --readme-only rewrites a copy of the README')
	or diag slurp("$T/reference.err");
ok(slurp("$T/tree/README.md") eq $readme,
	"...and changes nothing: the findings block is the reference REPORT.md's Headlines");

done_testing;
