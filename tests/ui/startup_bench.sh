#!/bin/sh
# Cold start of the desktop app: milliseconds from main() to the first frame
# of the timeline on screen (COROSCOPE_MEASURE_STARTUP=1), N runs in one
# virtual X server; prints each run, then the median, p95 (nearest rank),
# best and worst, counted from main() and from exec.
# Not a ctest; BENCHMARKS.md, "App".
#   tests/ui/startup_bench.sh build/app/gui/coroscope [RUNS] [-- APP ARGS...]
# Needs xvfb-run (it starts the X server once, outside the measurement).
set -eu
# The app draws on the X server xvfb-run starts: a QT_QPA_PLATFORM from the
# environment (./dev test sets offscreen when there is no display) would put
# it on Qt's 800x800 offscreen screen instead.
unset QT_QPA_PLATFORM
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
# Both figures of each run: ms after main() and ms after exec (the
# process's start time, 10 ms ticks: dynamic loading included).
for field in "main()" exec; do
    awk -v f="$field" '{ for (i = 1; i <= NF; ++i) {
            if (f == "main()" && $i == "ms" && $(i + 1) == "after" && $(i + 2) == "main()") print $(i - 1)
            if (f == "exec" && $i == "ms" && $(i + 1) == "after" && $(i + 2) == "exec,") print substr($(i - 1), 2)
        } }' "$out" |
        sort -n | awk -v f="$field" '{ v[NR] = $1 } END {
            if (NR == 0) { print "no measurement"; exit 1 }
            p95 = int(0.95 * NR); if (p95 < 0.95 * NR) ++p95   # nearest rank
            printf "startup after %s: %d runs, median %.1f ms, p95 %.1f ms, best %.1f ms, worst %.1f ms\n",
                   f, NR, v[int((NR + 1) / 2)], v[p95], v[1], v[NR] }'
done
rm -f "$out"
