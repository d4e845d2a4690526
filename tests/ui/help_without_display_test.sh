#!/bin/sh
# coroscope --help and --version answer without a display (no DISPLAY,
# WAYLAND_DISPLAY or QT_QPA_PLATFORM: QApplication would abort in Qt's
# platform plugin), and a start without a display says so in one line
# instead of aborting.
#   help_without_display_test.sh path/to/coroscope VERSION
set -u
app="$1"
version="$2"
out="$(mktemp)"
err="$(mktemp)"
trap 'rm -f "$out" "$err"' EXIT
fail() { echo "FAIL: $*"; echo "--- stdout"; cat "$out"; echo "--- stderr"; cat "$err"; exit 1; }
bare() { env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$app" "$@" >"$out" 2>"$err"; }

bare --help || fail "--help exited $?"
grep -q -- "--lesson <N|ID>" "$out" || fail "--help does not list --lesson"
grep -q -- "--example <ID>" "$out" || fail "--help does not list --example"
bare -h || fail "-h exited $?"
grep -q -- "--quit-after" "$out" || fail "-h does not print the help"

bare --version || fail "--version exited $?"
[ "$(cat "$out")" = "coroscope $version" ] || fail "--version printed something else than 'coroscope $version'"
# Judged before the other arguments, even ones QApplication alone would know.
bare -platform xcb --lesson 3 --version || fail "--version among other arguments exited $?"
[ "$(cat "$out")" = "coroscope $version" ] || fail "--version among other arguments"

bare --lesson 3
rc=$?
[ "$rc" = 1 ] || fail "a start without a display exited $rc, expected 1"
[ "$(wc -l <"$err")" -eq 1 ] && grep -q "no display" "$err" || fail "no one-line 'no display' message"
echo "ok: --help, --version and a start without a display"
