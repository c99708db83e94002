#!/bin/sh
# build/extract-METHOD --describe: one JSON object on one line, exit 0, with no corpus and no
# other argument: the method (the program's own name), its kind, what it calls, the libraries it
# links and, for a spawning driver, every tool exactly as build/tool-info resolves it (the same
# fields and values).  Strings are JSON however odd the bytes are (a tool's path here).
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1

# check_describe FILE METHOD TABLE: prints what is wrong with FILE as METHOD's description,
# nothing if all is right; a spawning driver's tools must be TABLE's rows (build/tool-info's).
check_describe() {
	perl -MJSON::PP -e '
		my ($file, $method, $table) = @ARGV;
		open my $fh, "<", $file or die; my @lines = <$fh>;
		my @p;
		push @p, scalar(@lines) . " lines" if @lines != 1;
		my $d = eval { decode_json($lines[0] // "") } or do { print "not JSON: $@"; exit };
		ref $d eq "HASH" or do { print "not an object"; exit };
		my $keys = join " ", sort keys %$d;
		push @p, "keys: $keys" if $keys ne "kind launch links method tools";
		push @p, "method $d->{method}" if $d->{method} ne $method;
		push @p, "kind $d->{kind}" if $d->{kind} !~ /^(spawning|in-process)$/;
		push @p, "links not an array of names" if ref $d->{links} ne "ARRAY" || grep { !/^[\w.+-]+$/ } @{$d->{links}};
		push @p, "tools not an array" if ref $d->{tools} ne "ARRAY";
		if ($d->{kind} eq "in-process") {
			push @p, "in-process, yet launch \"$d->{launch}\"" if $d->{launch} ne "";
			push @p, "in-process, yet tools" if @{$d->{tools}};
		} else {
			# launch may be "": a driver need not say what it calls (.launch_call)
			push @p, "launch not a string" if ref $d->{launch} || !defined $d->{launch};
			open my $t, "<", $table or die;
			chomp(my $h = <$t>);
			my @cols = split /\t/, $h;
			my @want = map { chomp; my @v = split /\t/, $_, -1; +{ map { $cols[$_] => $v[$_] } 0 .. $#cols } } <$t>;
			my $js = JSON::PP->new->canonical;
			push @p, "tools differ from build/tool-info:\n" . $js->encode($d->{tools}) . "\n" . $js->encode(\@want)
				if $js->encode($d->{tools}) ne $js->encode(\@want);
		}
		print join("; ", @p);
	' "$@"
}

"$B/tool-info" > tool-info.tsv
kinds=""
for p in "$B"/extract-*; do
	m=${p##*/extract-}
	"$p" --describe > d.json 2> err
	is "$?:$(cat err)" "0:" "$m: --describe exits 0, stderr empty"
	if in_process "$m"; then : > want.tsv; else cp tool-info.tsv want.tsv; fi
	is "$(check_describe d.json "$m" want.tsv)" "" "$m: one JSON object as the contract says, its tools those of build/tool-info"
	kinds="$kinds $(perl -MJSON::PP -0777 -ne 'print decode_json($_)->{kind}' d.json)"
	"$p" --describe extra.7z out > out 2> err
	is "$?:$(wc -c < out | tr -d ' ')" "2:0" "$m: --describe with an operand: usage error (2), nothing on stdout"
	like "$(cat err)" "--describe: takes no other argument" "$m: and says why"
	"$p" -n 3 --describe > /dev/null 2>&1
	is $? 2 "$m: --describe after another option: usage error (2)"
	"$p" --help | grep -q -- '--describe'
	ok $? "$m: --help mentions --describe"
done
like "$kinds" " spawning" "at least one driver is spawning"
like "$kinds" " in-process" "at least one driver is in-process"

# tool_field FILE TOOL KEY: KEY of the tool called TOOL in the description in FILE (UTF-8)
tool_field() {
	perl -MJSON::PP -e 'open my $f, "<", $ARGV[0] or die "$ARGV[0]: $!\n";
		my ($t) = grep { $_->{name} eq $ARGV[1] } @{decode_json(join "", <$f>)->{tools}};
		binmode STDOUT, ":utf8";
		print $t->{$ARGV[2]} // "(none)"' "$@"
}

# A tool that is not found is still described, with the resolver's reason as its status.
m=${SPAWNING%% *}
PATH=/nonexistent "$B/extract-$m" --describe > d.json
is "$?:$(tool_field d.json 7zz path):$(tool_field d.json 7zz status | sed 's/PATH=.*//')" \
	"0::tool 7zz not found: no executable '7zz' in " "$m: a tool not found: path empty, status the resolver's one line"

# JSON escaping, end to end: a tool found at a path with a quote, a backslash, a tab, a newline,
# an escape byte and UTF-8 decodes back to that path; a byte that is not UTF-8 becomes U+FFFD.
true_path=$("$B/tool-info" --path true)
odd=$(printf 'od"d\\\tna\nme\033 caf\303\251 x')
mkdir "$odd" && cp "$true_path" "$odd/true"
SHELLOUT_TOOL_TRUE=$T/$odd/true "$B/extract-$m" --describe > d.json
is "$(tool_field d.json true status)" ok "$m: a tool at an odd path is found"
[ "$(tool_field d.json true path)" = "$T/$odd/true" ]
ok $? "$m: its path, with \", \\, tab, newline, ESC and UTF-8 in it, decodes back to itself"
bad=$(printf 'bad\377name')
mkdir "$bad" && cp "$true_path" "$bad/true"
SHELLOUT_TOOL_TRUE=$T/$bad/true "$B/extract-$m" --describe > d.json
like "$(grep -o '"path":"[^"]*bad[^"]*"' d.json)" 'bad\\ufffdname/true"$' "$m: a byte that is not UTF-8 is written as \\ufffd"
perl -MJSON::PP -0777 -ne 'decode_json($_)' d.json
ok $? "$m: and the description is still valid JSON"
done_testing
