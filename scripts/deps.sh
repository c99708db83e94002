#!/bin/sh
# deps.sh — check that what shellout needs is here, and install what is missing.
#
# usage: scripts/deps.sh [--check]                the programs, headers and Perl modules the
#                                                 build and the scripts need
#        scripts/deps.sh [--check] --tools PROG   the tools the drivers run, as PROG (a built
#                                                 build/tool-info, the drivers' own resolver) finds them
#        scripts/deps.sh [--check] --distro-check what make distro-check needs (debootstrap)
#        scripts/deps.sh [--check] --fuzz         what make fuzz needs (a clang with libFuzzer)
#   --check   only report what is missing, one line each (what is needed, and the package)
# example: scripts/deps.sh --check; scripts/deps.sh --check --tools build/tool-info
#
# Needs are checked by what they are (a command on PATH, a header the compiler finds, a
# pkg-config module, a Perl module), never by package name: a program of one's own counts.  For
# what is missing, the package that provides it is chosen for this distribution (os-release:
# Debian 12 and 13, Ubuntu 24.04 by name; elsewhere the first candidate apt knows), installed
# with apt-get (as root, or through sudo), and the need is checked again.  `make` runs the first
# form before building and the second once build/tool-info exists.
#
# Exit status: 0 nothing is missing (any more); 1 --check found something missing; 2 usage
# error; 3 something is missing and cannot be installed here (no apt-get, or the package did
# not provide it): each is named, with the package to install.
set -eu

usage() { sed -n '2,11p' "$0" >&2; exit 2; }
check_only=0 tools="" distro_check=0 fuzz=0
while [ $# -gt 0 ]; do
	case $1 in
	--check) check_only=1 ;;
	--tools) [ $# -ge 2 ] || usage; tools=$2; shift ;;
	--distro-check) distro_check=1 ;;
	--fuzz) fuzz=1 ;;
	-h | --help) sed -n '2,22p' "$0"; exit 0 ;;
	*) usage ;;
	esac
	shift
done

# NEED  PACKAGES.  A need is cmd:NAME (on PATH), header:FILE (cc finds it), pc:MODULE
# (pkg-config knows it), perl:MODULE, file:PATH or fuzzer:clang (scripts/fuzz-cc.sh finds a
# compiler that links -fsanitize=fuzzer).  PACKAGES as in src/tool.c: ID:VERSION_ID=PACKAGE for
# the distributions we know, then the default ("A|B": the first one apt has); "A+B" is one
# choice of two packages installed together.
NEEDS='
cmd:cc                gcc
cmd:make              make
header:stdio.h        libc6-dev
cmd:pkg-config        debian:12=pkg-config debian:13=pkgconf ubuntu:24.04=pkgconf pkgconf|pkg-config
pc:libarchive         libarchive-dev
pc:libcrypto          libssl-dev
cmd:perl              perl
cmd:prove             perl
perl:Text::CSV        libtext-csv-perl
perl:JSON::PP         perl
cmd:tar               tar
cmd:gzip              gzip
cmd:xz                xz-utils
cmd:hyperfine         hyperfine
cmd:gnuplot           gnuplot-nox
cmd:strace            strace
cmd:readelf           binutils
cmd:pgrep             procps
cmd:unshare           util-linux
'
# The libraries the drivers declare (`.links = "..."` in src/drv_*.c, driver.h), each a
# pkg-config module: a new driver's module needs no line above.  Its package, when the table
# does not name it, is Debian's usual name for a module's headers (lib<name>-dev).
top=$(cd "$(dirname "$0")/.." && pwd)
for m in $(sed -n 's/^[[:space:]]*\.links[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' "$top"/src/drv_*.c | tr ' ' '\n' | sort -u); do
	case $NEEDS in *"pc:$m "*) ;; *) NEEDS="$NEEDS
pc:$m lib${m#lib}-dev" ;; esac
done
[ $distro_check = 0 ] || NEEDS='
cmd:debootstrap       debootstrap
file:/usr/share/keyrings/debian-archive-keyring.gpg debian-archive-keyring
cmd:unshare           util-linux
cmd:chroot            coreutils
cmd:git               git
'
# Debian's clang alone has no libFuzzer: its runtime is libclang-rt-NN-dev, only recommended.
[ $fuzz = 0 ] || NEEDS='
fuzzer:clang          clang+libclang-rt-dev
'

# os-release's ID:VERSION_ID, e.g. debian:12.
distro() {
	for f in /etc/os-release /usr/lib/os-release; do
		[ -r "$f" ] || continue
		# shellcheck disable=SC1090
		(. "$f" && echo "${ID:-unknown}:${VERSION_ID:-}")
		return
	done
	echo unknown:
}
DISTRO=$(distro)

# have NEED: whether it is satisfied.
have() {
	case $1 in
	cmd:*) command -v "${1#cmd:}" > /dev/null 2>&1 ;;
	header:*) printf '#include <%s>\n' "${1#header:}" | cc -E -x c - > /dev/null 2>&1 ;;
	pc:*) pkg-config --exists "${1#pc:}" 2> /dev/null ;;
	perl:*) perl -M"${1#perl:}" -e 1 2> /dev/null ;;
	file:*) [ -r "${1#file:}" ] ;;
	fuzzer:*) "$(dirname "$0")/fuzz-cc.sh" > /dev/null 2>&1 ;;
	*) echo "deps: unknown kind of need '$1'" >&2; exit 2 ;;
	esac
}

# apt_knows PACKAGE[+PACKAGE...]: whether apt has a version of each to install.
apt_knows() {
	command -v apt-cache > /dev/null 2>&1 || return 1
	for _p in $(echo "$1" | tr '+' ' '); do
		apt-cache policy "$_p" 2> /dev/null | grep -q 'Candidate: [^(]' || return 1
	done
}

# pick PACKAGES: the package for this distribution.
pick() {
	dflt=""
	for p in $1; do
		case $p in
		"$DISTRO="*) echo "${p#*=}"; return ;;
		*=*) ;;
		*) dflt=$p ;;
		esac
	done
	case $dflt in
	*'|'*)
		for p in $(echo "$dflt" | tr '|' ' '); do
			apt_knows "$p" && { echo "$p"; return; }
		done
		echo "${dflt%%|*}" ;;
	*) echo "$dflt" ;;
	esac
}

# alternatives PACKAGES: the default candidates ("A|B") apt knows, one a line.
alternatives() {
	for p in $1; do
		case $p in *=*) ;; *) echo "$p" | tr '|' '\n' ;; esac
	done | while read -r p; do apt_knows "$p" && echo "$p"; done
}

# The missing needs, as lines "NEED<tab>PACKAGE<tab>PACKAGES" (the pick, and the whole list).
missing() {
	if [ -n "$tools" ]; then
		[ -x "$tools" ] || { echo "deps: $tools: not a program (run make first)" >&2; exit 2; }
		# tool-info's columns: name command path kind interpreter target target_kind unwraps
		# version package override status packages; a tool found has status "ok".
		"$tools" | awk -F'\t' 'NR > 1 && $12 != "ok" && $8 == "" { print "tool:" $1 " (" $2 ")\t" $10 "\t" $13 }'
		return
	fi
	echo "$NEEDS" | while read -r need pkgs; do
		[ -n "$need" ] || continue
		have "$need" || printf '%s\t%s\t%s\n' "$need" "$(pick "$pkgs")" "$pkgs"
	done
}

todo=$(missing)
[ -z "$todo" ] && exit 0
if [ $check_only = 1 ]; then
	echo "$todo" | while IFS="$(printf '\t')" read -r need pkg pkgs; do
		echo "missing: $need (package $pkg on $DISTRO)" >&2
	done
	exit 1
fi
if ! command -v apt-get > /dev/null 2>&1; then
	echo "$todo" | while IFS="$(printf '\t')" read -r need pkg pkgs; do
		echo "deps: missing: $need (Debian/Ubuntu package $pkg): install it, or put it on PATH" >&2
	done
	echo "deps: no apt-get here: install the above by hand (a tool can also be named by SHELLOUT_TOOL_<NAME>)" >&2
	exit 3
fi
pkgs=$(echo "$todo" | cut -f2 | tr '+' '\n' | sort -u | tr '\n' ' ')
echo "deps: installing: $pkgs(for $(echo "$todo" | cut -f1 | tr '\n' ' ' | sed 's/ $//'))" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
started=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet: update once, then install.
$SUDO apt-get update -qq || { echo "deps: apt-get update failed: install $pkgs by hand" >&2; exit 3; }
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $pkgs ||
	{ echo "deps: apt-get install $pkgs failed" >&2; exit 3; }
left=$(missing)
# A distribution we named wrongly, or one we do not know: the other candidates apt has.
if [ -n "$left" ]; then
	more=$(echo "$left" | while IFS="$(printf '\t')" read -r need pkg pkgs; do
		alternatives "$pkgs" | grep -vx "$pkg"
	done | sort -u | tr '\n' ' ')
	if [ -n "$more" ]; then
		echo "deps: still missing: $(echo "$left" | cut -f1 | tr '\n' ' ')— trying $more" >&2
		# shellcheck disable=SC2086
		$SUDO apt-get install -y -qq --no-install-recommends $(echo "$more" | tr '+' ' ') ||
			{ echo "deps: apt-get install $more failed" >&2; exit 3; }
		left=$(missing)
	fi
fi
if [ -n "$left" ]; then
	echo "$left" | while IFS="$(printf '\t')" read -r need pkg pkgs; do
		echo "deps: still missing after installing $pkg: $need" >&2
	done
	exit 3
fi
echo "deps: installed $pkgs in $(($(date +%s) - started)) s" >&2
exit 0
