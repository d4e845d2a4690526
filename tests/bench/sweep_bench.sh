#!/bin/sh
# The Limit lab benchmark: a 64-value sweep of a 10,000-task scenario
# (tests/bench/sweep-10k.json), with one and with two worker threads.
# Prints the best wall time of N runs of each (other processes on a shared
# machine only ever make a run slower), the CPU time of that run, the
# speed-up from the second core, and checks that both CSVs are the same bytes.
# One run per value (--seeds 1), the workload issue 5's target is about; the
# sweep's default for a `generate` scenario is 5 seeds, 5 times the runs.
#
# usage: tests/bench/sweep_bench.sh [path/to/coroscope-cli] [runs]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cli=${1:-"$here/../../build/app/cli/coroscope-cli"}
runs=${2:-5}
scenario="$here/sweep-10k.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

best() {  # best() JOBS -> "wall cpu"
    jobs=$1
    bestw=""
    i=0
    while [ "$i" -lt "$runs" ]; do
        /usr/bin/time -f "%e %U %S" -o "$tmp/t" "$cli" sweep "$scenario" --param limit.value \
            --values 1..64 --seeds 1 --jobs "$jobs" --csv "$tmp/j$jobs.csv" -q
        read -r w u s < "$tmp/t"
        c=$(echo "$u + $s" | bc)
        if [ -z "$bestw" ] || [ "$(echo "$w < $bestw" | bc)" = 1 ]; then bestw=$w; bestc=$c; fi
        i=$((i + 1))
    done
    echo "$bestw $bestc"
}

set -- $(best 1); w1=$1; c1=$2
set -- $(best 2); w2=$1; c2=$2
cmp -s "$tmp/j1.csv" "$tmp/j2.csv" || { echo "CSV differs between --jobs 1 and --jobs 2" >&2; exit 1; }
echo "64 values x 10,000 tasks (best of $runs):"
echo "  --jobs 1: ${w1} s wall, ${c1} s CPU"
echo "  --jobs 2: ${w2} s wall, ${c2} s CPU"
echo "  speed-up from the second core: $(echo "scale=2; $w1 / $w2" | bc)x"
echo "  CSVs identical: yes"
