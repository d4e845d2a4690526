#!/bin/sh
# Starts the real app in a virtual X server, lets it run live for a few
# seconds, saves a screenshot (coroscope --screenshot) and checks the PNG.
#   screenshot_test.sh COROSCOPE SCREENSHOT_CHECK OUT.png
set -eu
app=$1
check=$2
out=$3
runtime=$(mktemp -d)
chmod 700 "$runtime"
trap 'rm -rf "$runtime"' EXIT
rm -f "$out"
XDG_RUNTIME_DIR=$runtime xvfb-run -a -s "-screen 0 1600x1000x24" "$app" --screenshot "$out" --quit-after 3
test -s "$out"
"$check" "$out" 1200 800
