#!/bin/sh
# Cold start of the desktop app: milliseconds from main() to the first frame
# of the timeline on screen (COROSCOPE_MEASURE_STARTUP=1), N runs in one
# virtual X server; prints each run, then the best and the median.
# Not a ctest; BENCHMARKS.md, "App".
#   tests/ui/startup_bench.sh build/app/gui/coroscope [RUNS] [-- APP ARGS...]
# Needs xvfb-run (it starts the X server once, outside the measurement).
set -eu
app=$1
runs=${2:-10}
shift; [ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
: "${XDG_RUNTIME_DIR:=$(mktemp -d)}"
export XDG_RUNTIME_DIR
chmod 700 "$XDG_RUNTIME_DIR"
out=$(mktemp)
xvfb-run -a -s "-screen 0 1600x1000x24" sh -c '
    app=$1; runs=$2; shift 2
    i=0
    while [ "$i" -lt "$runs" ]; do
        COROSCOPE_MEASURE_STARTUP=1 "$app" "$@" 2>/dev/null | grep "first timeline frame"
        i=$((i + 1))
    done' sh "$app" "$runs" "$@" | tee "$out"
awk '{ for (i = 1; i <= NF; ++i) if ($i == "ms" && $(i + 1) == "after" && $(i + 2) == "main()") print $(i - 1) }' "$out" |
    sort -n | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "no measurement"; exit 1 }
        printf "startup: %d runs, best %.1f ms, median %.1f ms (main() to the first timeline frame on screen)\n",
               NR, v[1], v[int((NR + 1) / 2)] }'
rm -f "$out"
