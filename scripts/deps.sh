#!/bin/sh
# deps.sh — install the Debian packages shellout needs, if any is missing.
#
# usage: scripts/deps.sh [--check]
#   --check   only report what is missing (exit 1 if anything is)
# Runs apt-get (as root, or through sudo) only when a package is missing, so it is cheap to call
# before every build.  The list is the single source of truth for what the project uses.
set -eu

PACKAGES="gcc make libc6-dev pkg-config libarchive-dev libarchive-tools libssl-dev
7zip p7zip-full xz-utils gzip tar hyperfine gnuplot-nox strace perl libtext-csv-perl procps
binutils util-linux"

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
if [ "${1-}" = --check ]; then
	echo "missing Debian packages:$missing" >&2
	exit 1
fi
echo "deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet: update once, then install.
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
