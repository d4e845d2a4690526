#!/usr/bin/env bash
# check_deb.sh DEB [OUT_DIR]: installs the .deb on a fresh Debian 12 and
# starts what it installed. A debootstrap chroot (minbase) gets
# `apt-get install ./coroscope_*.deb`, which must pull in every library the
# programs need, then:
#   coroscope --version / --help (no display), coroscope-cli run on a bundled
#   scenario, python3 -m coroscope_trace and coroscope-trace on a program
#   (Debian's externally managed python3), coroscope-cli export --png (the
#   Qt sibling, offscreen), the desktop entry and icons in place, the app under
#   xvfb-run with --lesson 3 --screenshot (xvfb is installed only after the
#   .deb, so it cannot bring a library the package forgot), and
#   `apt-get remove` leaving no file of the package behind.
# The screenshot is copied to OUT_DIR (default: the folder of DEB).
#
# Needs root, debootstrap and the Debian mirror the host's apt uses. Takes
# minutes (a bare chroot is ~4 min to make), so it is not a ctest: `./dev
# check-deb` runs it, and `./dev test` does in CI (CI=true).
# COROSCOPE_DEB_CACHE: folder keeping the bare chroot as a tarball for a week
# (default /var/cache/coroscope; empty: no cache).
set -euo pipefail

deb="$(readlink -f "${1:?usage: check_deb.sh DEB [OUT_DIR]}")"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(readlink -f "${2:-$(dirname "$deb")}")"
cache="${COROSCOPE_DEB_CACHE-/var/cache/coroscope}"
suite=bookworm

step() { printf '\033[1m-- %s\033[0m\n' "$*"; }
die() { echo "check_deb: $*" >&2; exit 1; }

[ -f "$deb" ] || die "no such package: $deb"
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot)"
command -v debootstrap >/dev/null || die "needs debootstrap (apt-get install debootstrap)"
version="$(dpkg-deb -f "$deb" Version)"

# The host's Debian mirror, as its apt is set up (deb822 or one-line format).
mirror=""
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    mirror="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)"
fi
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
    mirror="$(sed -E 's/\[[^]]*\]//' /etc/apt/sources.list | awk '$1 == "deb" && $2 !~ /security/ {print $2; exit}')"
fi
[ -n "$mirror" ] || die "cannot find the host's Debian mirror in /etc/apt"

root="$(mktemp -d "${TMPDIR:-/var/tmp}/coroscope-deb.XXXXXX")"
cleanup() {
    local m
    for m in "$root/proc"; do
        if mountpoint -q "$m" 2>/dev/null; then umount "$m" || umount -l "$m" || true; fi
    done
    # Never delete through a mount that is still there.
    if grep -q " $root/" /proc/mounts; then
        echo "check_deb: $root still has mounts; left in place" >&2
    else
        rm -rf --one-file-system "$root"
    fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- a fresh Debian 12
tarball="${cache:+$cache/$suite-minbase.tar}"
if [ -n "$tarball" ] && [ -f "$tarball" ] && [ -n "$(find "$tarball" -mtime -7)" ]; then
    step "bare $suite chroot from $tarball"
    tar -C "$root" -xf "$tarball"
else
    step "debootstrap --variant=minbase $suite (a few minutes)"
    # A second try for a download that failed on the way.
    if ! debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$root.debootstrap.log" 2>&1; then
        echo "check_deb: debootstrap failed once; trying again" >&2
        rm -rf --one-file-system "$root" && mkdir "$root"
        debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$root.debootstrap.log" 2>&1 \
            || { tail -20 "$root.debootstrap.log" >&2; rm -f "$root.debootstrap.log"; die "debootstrap failed"; }
    fi
    rm -f "$root.debootstrap.log"
    if [ -n "$tarball" ]; then
        mkdir -p "$cache"
        tar -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    fi
fi
# The host's Debian sources (updates and security too), when it has them.
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
    rm -f "$root/etc/apt/sources.list"
fi
mount -t proc proc "$root/proc"

in_root() {
    chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"
}
echo 'Acquire::Retries "3";' >"$root/etc/apt/apt.conf.d/80retries"
check() {  # check DESCRIPTION COMMAND...: runs it in the chroot, stops on failure
    local what="$1"
    shift
    if ! in_root "$@" >"$root/tmp/check.out" 2>&1; then
        cat "$root/tmp/check.out" >&2
        die "FAILED: $what"
    fi
    echo "ok: $what"
}

# ---------------------------------------------------------------- install
step "apt-get install ./$(basename "$deb")"
cp "$deb" "$root/tmp/"
in_root apt-get update -q >/dev/null
in_root apt-get install -y -q "./tmp/$(basename "$deb")" >"$root/tmp/install.log" 2>&1 \
    || { tail -30 "$root/tmp/install.log" >&2; die "apt-get install of the package failed"; }
echo "ok: installed with its dependencies ($(in_root dpkg-query -W -f '${binary:Package}\n' | wc -l) packages in the chroot)"
check "the recommended CJK font came along" dpkg-query -W fonts-wqy-microhei

# ---------------------------------------------------------------- start what it installed
step "the programs"
check "coroscope --version without a display prints $version" \
    sh -c "[ \"\$(coroscope --version)\" = 'coroscope $version' ]"
check "coroscope --help lists --lesson" sh -c 'coroscope --help | grep -q -- --lesson'
check "coroscope-cli --version" sh -c "[ \"\$(coroscope-cli --version)\" = 'coroscope-cli $version' ]"
check "coroscope-cli run a bundled scenario" sh -c \
    'coroscope-cli run /usr/share/coroscope/scenarios/01-semaphore-limits-ten-downloads.json |
     python3 -c "import json, sys; s = json.load(sys.stdin); assert s[\"outcome\"] == \"ok\" and s[\"tasks\"] == 10, s"'

check "postinst compiled the tracer's byte code (a user who is not root cannot)" \
    test -f /usr/lib/python3/dist-packages/coroscope_trace/__pycache__/tracer.cpython-311.pyc

# The program traced and the check of its trace: the ones the ctests use.
cp "$here/traced_program.py" "$here/package_support.py" "$root/tmp/"
check "python3 -m coroscope_trace (Debian's own python3)" sh -c \
    'cd /tmp && python3 -m coroscope_trace -q -o /tmp/m.jsonl traced_program.py &&
     python3 package_support.py /tmp/m.jsonl'
check "coroscope-trace" sh -c \
    'cd / && coroscope-trace -q -o /tmp/s.jsonl /tmp/traced_program.py && python3 /tmp/package_support.py /tmp/s.jsonl'
check "coroscope-cli export --png of that trace (the Qt sibling, offscreen)" sh -c \
    'coroscope-cli export /tmp/m.jsonl --png /tmp/t.png && [ -s /tmp/t.png ]'
check "desktop entry, metainfo and icons in place" sh -c \
    'test -f /usr/share/applications/io.github.coroscope.Coroscope.desktop &&
     test -f /usr/share/metainfo/io.github.coroscope.Coroscope.metainfo.xml &&
     test -f /usr/share/icons/hicolor/scalable/apps/io.github.coroscope.Coroscope.svg &&
     test -f /usr/share/icons/hicolor/48x48/apps/io.github.coroscope.Coroscope.png'

step "the app in a virtual X server"
in_root apt-get install -y -q --no-install-recommends xvfb xauth >"$root/tmp/xvfb.log" 2>&1 \
    || { tail -30 "$root/tmp/xvfb.log" >&2; die "installing xvfb in the chroot failed"; }
check "coroscope --lesson 3 --screenshot under xvfb-run" sh -c \
    'mkdir -p -m 700 /tmp/rt && XDG_RUNTIME_DIR=/tmp/rt xvfb-run -a -s "-screen 0 1280x720x24" \
        coroscope --lesson 3 --screenshot /tmp/shot.png --quit-after 3 &&
     python3 -c "
import struct, sys
head = open(\"/tmp/shot.png\", \"rb\").read(24)
assert head[:8] == b\"\\x89PNG\\r\\n\\x1a\\n\", head
w, h = struct.unpack(\">II\", head[16:24])
assert w >= 800 and h >= 500, (w, h)
print(w, h)"'
cp "$root/tmp/shot.png" "$out/check-deb-screenshot.png"
echo "   screenshot: $out/check-deb-screenshot.png"

# ---------------------------------------------------------------- remove
step "apt-get remove coroscope"
check "apt-get remove" apt-get remove -y -q coroscope
check "nothing of the package is left" sh -c \
    '! test -e /usr/bin/coroscope && ! test -e /usr/lib/python3/dist-packages/coroscope_trace &&
     ! test -e /usr/share/coroscope && ! test -e /usr/share/applications/io.github.coroscope.Coroscope.desktop'
echo "check_deb: coroscope $version installs, starts and leaves cleanly on a fresh Debian 12"
