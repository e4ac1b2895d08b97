#!/usr/bin/env bash
# check-deb-chroot.sh: the Debian package on a clean machine. Makes a fresh
# minimal Debian chroot of this machine's release with debootstrap, installs
# the package there with apt (which brings its dependencies from the
# mirror), and checks that roofline works: --version, an analysis of
# samples/aes.c with its picture, the man pages, the bash completion.
#
#   sudo scripts/check-deb-chroot.sh build/roofline_0.1.0_amd64.deb
#
# A manual check: it downloads a base system and the package's dependencies,
# minutes of work (see the README's install section). The test suite's
# ship/deb does the rest on this machine without a network: dpkg installs
# the package into a scratch root against this system's package database.
#
# The chroot uses this machine's apt sources (its mirror and suites). It
# lives in a temporary directory, removed at the end with what is mounted
# in it; ROOFLINE_KEEP_CHROOT=1 keeps it to look around.
set -euo pipefail

die() {
    echo "check-deb-chroot: $*" >&2
    exit 1
}

[ $# -eq 1 ] || { echo "usage: scripts/check-deb-chroot.sh ROOFLINE.deb" >&2; exit 2; }
deb=$(realpath "$1")
[ -f "$deb" ] || die "$1: no such package"
[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot, mount)"
command -v debootstrap >/dev/null || die "needs debootstrap (apt-get install debootstrap)"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

. /etc/os-release
suite=${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}
mirror=$(apt-get indextargets --format '$(REPO_URI)' 'Identifier: Packages' \
    'Component: main' "Release: $suite" | head -n 1)
[ -n "$mirror" ] || die "no apt source of $suite main on this machine to take the mirror from"

work=$(mktemp -d "${TMPDIR:-/var/tmp}/roofline-chroot.XXXXXX")
root=$work/root
cleanup() {
    if mountpoint -q "$root/proc"; then
        umount "$root/proc"
    fi
    if [ "${ROOFLINE_KEEP_CHROOT:-0}" = 1 ]; then
        echo "check-deb-chroot: the chroot is kept in $root"
    elif ! mountpoint -q "$root/proc"; then
        rm -rf "$work"
    fi
}
trap cleanup EXIT

start=$(date +%s)
echo "check-deb-chroot: debootstrap $suite from $mirror into $root (log: $work/debootstrap.log)"
debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
echo "check-deb-chroot: base system in $(($(date +%s) - start)) s"

# This machine's apt sources, so the chroot sees the same suites (updates,
# security) the package was built against.
rm -f "$root/etc/apt/sources.list"
cp -r /etc/apt/sources.list.d "$root/etc/apt/"
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$root/etc/apt/"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"

cp "$deb" "$root/tmp/roofline.deb"
cp samples/aes.c samples/aes.h tests/data/machine.json "$root/tmp/"
in_root() {
    chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"
}
step=$(date +%s)
echo "check-deb-chroot: apt-get install ./roofline.deb (log: $work/apt.log)"
# man-db and bash-completion are what a desktop has, to read the pages and
# complete; the package itself does not need them.
{ in_root apt-get update && in_root apt-get install -y /tmp/roofline.deb man-db bash-completion; } \
    >"$work/apt.log" 2>&1 || { tail -n 30 "$work/apt.log" >&2; die "apt-get install failed"; }
echo "check-deb-chroot: installed with its dependencies in $(($(date +%s) - step)) s:" \
    "$(in_root dpkg-query -W -f='${Installed-Size}\n' | awk '{s += $1} END {print int(s / 1024)}') MB in the chroot"

in_root roofline --version
in_root sh -ec 'cd /tmp
    roofline analyze aes.c -k aes128_encrypt_block_ttable --unit block --machine machine.json \
        --plot aes-roofline.png
    test -s aes-roofline.png'
for page in roofline roofline-analyze roofline-machine roofline-measure roofline-plot; do
    in_root man -w "$page"
done
in_root env MANPAGER=cat MANWIDTH=80 man roofline-analyze | head -n 8
in_root bash -c 'source /usr/share/bash-completion/bash_completion
    __load_completion roofline && complete -p roofline
    COMP_WORDS=(roofline analyze --format ""); COMP_CWORD=3; COMP_LINE="roofline analyze --format "
    COMP_POINT=${#COMP_LINE}; _roofline roofline "" --format
    [ "${COMPREPLY[*]}" = "text json csv" ] || { echo "completion: ${COMPREPLY[*]}" >&2; exit 1; }'
echo "check-deb-chroot: OK, the package installs and runs on a clean $PRETTY_NAME ($(($(date +%s) - start)) s)"
