#!/bin/sh
# scripts/deps.sh checks what is needed by what it is (a command, a header, a module, a tool as
# the drivers find it) and names the package; without apt it says what to install and exits 3.
# Nothing is installed here: every case is one that cannot reach apt-get, or --check.
. "$(dirname "$0")/lib.sh"

deps=$TOP/scripts/deps.sh
"$deps" --check 2> "$T/err"
is $? 0 "--check: nothing the build needs is missing here (make installed it)" || sed 's/^/# /' "$T/err"
"$deps" --check --tools "$B/tool-info" 2> "$T/err"
is $? 0 "--check --tools: every tool is found" || sed 's/^/# /' "$T/err"

# A PATH with the basic utilities only: no tool, no compiler, no apt-get.
mkdir "$T/bin"
for c in sh awk sed tr cut sort cat date id grep head; do ln -s "$(command -v $c)" "$T/bin/$c"; done
pkg=$("$B/tool-info" 7zz | awk -F'\t' 'NR == 2 { print $10 }')
PATH=$T/bin "$deps" --check --tools "$B/tool-info" 2> "$T/err"
is $? 1 "--check --tools: a tool that is not on PATH is missing (exit 1)"
like "$(grep 'tool:7zz ' "$T/err")" "^missing: tool:7zz \(7zz\) \(package $pkg on [a-z]+:" "it names the package for this distribution ($pkg)"
PATH=$T/bin "$deps" --tools "$B/tool-info" 2> "$T/err"
is $? 3 "without apt-get: exit 3"
like "$(tail -n 1 "$T/err")" "^deps: no apt-get here: install the above by hand" "saying so after the list"
like "$(grep -c '^deps: missing: tool:' "$T/err")" '^[4-9]$' "one line for each missing tool"
PATH=$T/bin "$deps" --check 2> "$T/err"
is $? 1 "--check: the compiler, headers and modules are checked by what they are"
like "$(tr '\n' ' ' < "$T/err")" "missing: cmd:cc .*missing: header:stdio.h .*missing: perl:Text::CSV" \
	"commands, headers and Perl modules, each named"
# An override counts as the tool: 7zz found where SHELLOUT_TOOL_7ZZ says, though not on PATH.
SHELLOUT_TOOL_7ZZ=$("$B/tool-info" --path 7zz) PATH=$T/bin "$deps" --check --tools "$B/tool-info" 2> "$T/err"
is "$(grep -c 'tool:7zz ' "$T/err")" 0 "a tool named by SHELLOUT_TOOL_7ZZ is not missing"
"$deps" --nonsense 2> /dev/null
is $? 2 "an unknown option is a usage error"
done_testing
