#!/bin/sh
# distro-check.sh — try the committed tree as a new user would, on a fresh minimal Debian.
#
# usage: scripts/distro-check.sh DISTRO [ROOM]
#   DISTRO  a Debian release debootstrap knows (trixie, bookworm, ...)
#   ROOM    the folder for the clean room (default build/distro/DISTRO); it must not exist or be
#           a room this script made (it holds .shellout-room), and is removed afterwards unless
#           KEEP=1
# environment: MIRROR (default http://deb.debian.org/debian), SECURITY_MIRROR (default
#   http://deb.debian.org/debian-security), KEEP=1 to keep the room
# example: make distro-check DISTRO=trixie
#
# It debootstraps a minimal system, installs only git and make inside it, clones the committed
# tree (HEAD, not the work tree), and runs exactly the README's two commands, `make bench` (a
# newcomer's first run, timed) and `make test`; then checks that the run is complete (REPORT.md,
# and a PNG and SVG for every plot of scripts/plots/).  Everything inside runs as root in a
# mount and PID namespace of its own: its mounts are private, and it is gone, mounts and
# processes, on every exit path (a signal included).  The last lines give the time of each step;
# the run folder is kept as build/distro/DISTRO-run/.
#
# Exit status: 0 every check passed; 1 a command failed inside the room or the run is incomplete
# (its log is named); 2 usage error; 3 environment error (not root, no debootstrap or unshare,
# the room folder is not ours, debootstrap failed); 128+N stopped by signal N.
set -eu

die() { echo "distro-check: $2" >&2; exit "$1"; }
[ $# -ge 1 ] && [ $# -le 2 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
distro=$1
case $distro in *[!a-z0-9-]* | "") die 2 "DISTRO: not a release name: '$distro'" ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
room=${2:-$top/build/distro/$distro}
mirror=${MIRROR:-http://deb.debian.org/debian}
[ "$(id -u)" -eq 0 ] || die 3 "must run as root (debootstrap, chroot, mounts)"
for c in debootstrap unshare chroot git; do
	command -v $c > /dev/null 2>&1 || die 3 "$c not found (Debian: apt-get install debootstrap util-linux git)"
done
[ -f "/usr/share/debootstrap/scripts/$distro" ] || die 2 "debootstrap does not know '$distro'"
git -C "$top" rev-parse --verify -q HEAD > /dev/null || die 3 "$top: not a git checkout with a commit"

# The room is ours to remove only if it is absent or carries our mark; and never while
# anything is mounted below it (the mounts live in the namespace, so there should be none).
if [ -e "$room" ] && [ ! -f "$room/.shellout-room" ]; then
	die 3 "$room exists and is not a room of ours: remove it yourself"
fi
mounted_below() { awk -v r="$1" '$5 == r || index($5, r "/") == 1 { n++ } END { exit !n }' /proc/self/mountinfo; }
remove_room() {
	[ -f "$room/.shellout-room" ] || return 0
	if mounted_below "$room"; then
		echo "distro-check: something is still mounted under $room: left in place" >&2
		return 0
	fi
	rm -rf --one-file-system "$room"
}
# Both phases run under `unshare --pid --fork --kill-child` ($pid): unshare waits with SIGINT and
# SIGTERM blocked, so it is killed outright, and its child, the first process of the PID
# namespace, dies with it (--kill-child), taking every other process of the namespace along; the
# namespace's mounts go with its last process.
pid=""
on_signal() {
	trap '' INT TERM HUP
	set +e
	if [ -n "$pid" ]; then
		kill -KILL "$pid" 2> /dev/null
		wait "$pid" 2> /dev/null
	fi
	[ "${KEEP:-0}" = 1 ] || remove_room
	exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP
remove_room
mkdir -p "$room"
room=$(cd "$room" && pwd)
: > "$room/.shellout-room"
log=$top/build/distro/$distro.log
mkdir -p "$(dirname "$log")"
: > "$log"
now() { date +%s; }

t0=$(now)
echo "distro-check: debootstrap $distro into $room (log $log)" >&2
# Debian's keys, where the host is not Debian (Ubuntu's debootstrap has only Ubuntu's by default).
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || keyring=""
# In namespaces of its own too: the mounts debootstrap makes in the room stay private, and
# nothing it started outlives an interruption.
unshare --mount --propagation private --pid --fork --kill-child \
	debootstrap --variant=minbase ${keyring:+--keyring="$keyring"} "$distro" "$room" "$mirror" >> "$log" 2>&1 &
pid=$!
wait $pid || die 3 "debootstrap failed: see $log"
pid=""
t_boot=$(($(now) - t0))
: > "$room/.shellout-room" # debootstrap leaves the folder's contents alone, but be sure
cp /etc/resolv.conf "$room/etc/resolv.conf"
# A fresh install has its release's updates and security fixes too (the installer adds them).
case $distro in
sid | unstable | testing | experimental) ;;
*) printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n' "$mirror" "$distro" \
	"$mirror" "$distro" "${SECURITY_MIRROR:-http://deb.debian.org/debian-security}" "$distro" \
	> "$room/etc/apt/sources.list" ;;
esac
mkdir -p "$room/mnt/shellout"

# Inside: what a newcomer does, each step timed; the times go to /root/times.
cat > "$room/root/check.sh" << 'EOF'
#!/bin/sh
set -u
export DEBIAN_FRONTEND=noninteractive HOME=/root LANG=C.UTF-8
step() { # step NAME CMD...: runs CMD, appends "NAME SECONDS STATUS" to /root/times
	name=$1; shift
	s=$(date +%s)
	echo "== $name: $*"
	"$@"
	rc=$?
	echo "$name $(($(date +%s) - s)) $rc" >> /root/times
	echo "== $name: exit $rc after $(($(date +%s) - s)) s"
	return $rc
}
: > /root/times
step install-git-make sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends git make ca-certificates' || exit 1
step clone git clone -q /mnt/shellout /root/shellout || exit 1
cd /root/shellout || exit 1
# make bench's own lines, each with the seconds since it started, for the breakdown outside.
{ step make-bench make bench; echo $? > /root/bench.rc; } 2>&1 |
	perl -MTime::HiRes=time -e '$t0 = time; $| = 1; printf "%7.1f %s", time - $t0, $_ while <STDIN>' |
	tee /root/bench.log
[ "$(cat /root/bench.rc)" = 0 ] || exit 1
step make-test make test || exit 1
EOF
chmod +x "$room/root/check.sh"

t1=$(now)
echo "distro-check: inside $distro: install git and make, clone, make bench, make test" >&2
unshare --mount --propagation private --pid --fork --kill-child sh -c '
	set -e
	room=$1 top=$2
	# The room its own mount, so that "/" is a mount point inside it, as on a real system:
	# unshare -m (which the tests use) cannot make a plain chroot directory private.
	mount --bind "$room" "$room"
	mount -t proc proc "$room/proc"
	mount --rbind /sys "$room/sys"
	mount --rbind /dev "$room/dev"
	mount -t tmpfs -o mode=1777 tmpfs "$room/dev/shm"
	mount --bind -o ro "$top" "$room/mnt/shellout"
	mount -o remount,bind,ro "$room/mnt/shellout"
	exec chroot "$room" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root TERM=dumb LANG=C.UTF-8 /bin/sh /root/check.sh
' sh "$room" "$top" >> "$log" 2>&1 &
pid=$!
rc=0
wait $pid || rc=$?
pid=""
t_inside=$(($(now) - t1))

# The run must be complete: REPORT.md, and every plot that scripts/plots/ defines.
problems=""
if [ $rc -eq 0 ]; then
	latest=$room/root/shellout/results/latest
	[ -f "$latest/REPORT.md" ] || problems="$problems no REPORT.md;"
	[ -e "$latest/INCOMPLETE" ] && problems="$problems the run is marked INCOMPLETE;"
	for gp in "$top"/scripts/plots/[!_]*.gp; do
		p=$(basename "$gp" .gp)
		for ext in png svg; do
			[ -s "$latest/plots/$p.$ext" ] || problems="$problems no plots/$p.$ext;"
		done
	done
fi

echo "distro-check: $distro, step times (s):" >&2
echo "  debootstrap $t_boot" >&2
[ -f "$room/root/times" ] && while read -r name secs st; do
	echo "  $name $secs$([ "$st" = 0 ] || echo " (exit $st)")" >&2
done < "$room/root/times"
echo "  all inside $t_inside" >&2
# The first make bench, by phase: packages (deps.sh's own count), build (the rest until the
# first archive is made), corpus, the suite and its report.
[ -f "$room/root/bench.log" ] && perl -ne '
	($t, $l) = /^\s*([\d.]+) (.*)/ or next;
	$pk += $1 if $l =~ /^deps: installed .* in (\d+) s$/;
	$c //= $t if $l =~ m{^scripts/make-corpus\.sh };
	$s //= $t if $l =~ /^bench: suite /;
	$e = $t;
	END {
		printf STDERR "  make bench: packages %.0f, build %.0f, corpus %.0f, suite and report %.0f (total %.0f)\n",
			$pk, ($c // $s // $e) - $pk, ($s // $e) - ($c // $s // $e), $e - ($s // $e), $e;
	}' "$room/root/bench.log"
if [ $rc -ne 0 ]; then
	tail -n 30 "$log" | sed 's/^/  | /' >&2
	[ "${KEEP:-0}" = 1 ] || remove_room
	die 1 "$distro: a step failed inside the room (exit $rc): see $log"
fi
if [ -n "$problems" ]; then
	[ "${KEEP:-0}" = 1 ] || remove_room
	die 1 "$distro: the run is not complete:$problems see $log"
fi
grep -E '^bench: done|^Result:|^Files=' "$log" | sed 's/^/  /' >&2
# The run folder outlives the room: the figures of this distribution, beside its log.
kept=$top/build/distro/$distro-run
rm -rf "$kept"
cp -a "$(cd "$latest" && pwd -P)" "$kept"
echo "distro-check: the run is kept in $kept" >&2
[ "${KEEP:-0}" = 1 ] || remove_room
echo "distro-check: $distro: passed" >&2
