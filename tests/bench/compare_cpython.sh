#!/usr/bin/env bash
# Side by side, in one run: the engine (coroscope-cli run --summary, trace kept
# in memory) and the same asyncio program in plain CPython 3.11 on a virtual
# clock (tests/bench/cpython_baseline.py: Semaphore(100), one io step of
# uniform 1.0-1.6 s, gather; its trace kept in memory as tuples).
# The engine runs REPS times (default 5; median and best reported, the
# speed-up uses the median), CPython once. With BASELINE (another build's
# coroscope-cli, e.g. the commit before a change), the two CLIs take turns,
# REPS runs each, and both are reported beside the same CPython run.
# usage: tests/bench/compare_cpython.sh [N] [CLI] [REPS] [BASELINE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
n=${1:-1000000}
cli=${2:-$root/build/app/cli/coroscope-cli}
reps=${3:-5}
baseline=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s/\"count\": 1000000/\"count\": $n/" "$here/million.json" > "$tmp/scenario.json"

measure() {  # label, command...
    local label=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" > "$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
    read -r secs user sys kb < "$tmp/time"
    printf '%-10s wall %7.2f s   cpu %7.2f s   peak RSS %6d MB\n' "$label" "$secs" \
        "$(python3 -c "print($user + $sys)")" "$((kb / 1024))"
    echo "$secs" > "$tmp/$label.secs"
}
echo "$n tasks behind Semaphore(100), one io step each (uniform 1.0-1.6 s), gather"
: > "$tmp/engine.all"
: > "$tmp/baseline.all"
for _ in $(seq "$reps"); do
    if [ -n "$baseline" ]; then
        measure baseline "$baseline" run "$tmp/scenario.json" --summary
        cat "$tmp/baseline.secs" >> "$tmp/baseline.all"
    fi
    measure engine "$cli" run "$tmp/scenario.json" --summary
    cat "$tmp/engine.secs" >> "$tmp/engine.all"
done
measure cpython python3 "$here/cpython_baseline.py" "$n" 100
python3 - "$tmp/cpython.secs" "$tmp/engine.all" "$tmp/baseline.all" <<'PY'
import statistics, sys
c = float(open(sys.argv[1]).read())
for label, path in (("engine", sys.argv[2]), ("baseline", sys.argv[3])):
    runs = [float(x) for x in open(path).read().split()]
    if not runs:
        continue
    m = statistics.median(runs)
    print(f"{label} over {len(runs)} runs: median {m:.3f} s, best {min(runs):.3f} s")
    print(f"{label} speed-up: {c / m:.1f}x (median), {c / min(runs):.1f}x (best)")
PY
