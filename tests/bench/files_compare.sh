#!/usr/bin/env bash
# Reading files, side by side in one run (issue 13, "Fast files"): Coroscope
# against Python's json on the same bytes.
#
#  1. a 1M-task explicit scenario (coroscope-cli expand tests/bench/million.json:
#     60 MB indented, and the same compact, 31 MB): coroscope-cli check (read,
#     every field validated, the columnar scenario) vs python3 json.load;
#  2. the 1M-task trace (coroscope-cli run tests/bench/million.json --trace:
#     343 MB, 6,000,002 lines): file_read_bench trace (TraceFile::load: parse,
#     every rule, the trace store) vs python3 json.loads line by line;
#  3. coroscope-cli export TRACE --csv (read + tasks CSV + metrics CSV);
#  4. the app's File > Open of the trace (app_open_bench, offscreen), GUI builds.
#
# Coroscope's commands run REPS times (default 5; median and best), Python's
# once each. MB/s = file size / wall time.
# usage: tests/bench/files_compare.sh [BUILD_DIR] [REPS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
reps=${2:-5}
cli=$build/app/cli/coroscope-cli
bench=$build/tests/export/file_read_bench
app=$build/tests/export/app_open_bench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "making the inputs in $tmp"
"$cli" expand "$here/million.json" > "$tmp/explicit.json"
python3 -c "import json,sys; json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], 'w'))" \
    "$tmp/explicit.json" "$tmp/compact.json"
"$cli" run "$here/million.json" --trace "$tmp/trace.jsonl" > /dev/null
ls -l "$tmp" | awk 'NR > 1 {printf "  %-14s %6.1f MB\n", $9, $5 / 1e6}'
sync

mb() { python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$1"; }

# measure LABEL FILE command...: wall, cpu, peak RSS and MB/s of FILE; the wall time is appended to $tmp/LABEL.all.
measure() {
    local label=$1 file=$2; shift 2
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" > "$tmp/out" 2> "$tmp/err" || { cat "$tmp/err"; exit 1; }
    read -r secs user sys kb < "$tmp/time"
    python3 - "$label" "$secs" "$user" "$sys" "$kb" "$(mb "$file")" <<'PY'
import sys
label, secs, user, sys_, kb, mb = sys.argv[1], *map(float, sys.argv[2:])
print(f"  {label:<28} wall {secs:6.2f} s  cpu {user + sys_:6.2f} s  peak RSS {kb / 1024:7.1f} MiB  {mb / max(secs, 1e-9):7.0f} MB/s")
PY
    echo "$secs" >> "$tmp/$label.all"
}

summary() {  # LABEL FILE
    python3 - "$tmp/$1.all" "$(mb "$2")" "$1" <<'PY'
import statistics, sys
runs = [float(x) for x in open(sys.argv[1]).read().split()]
mb = float(sys.argv[2])
m = statistics.median(runs)
print(f"  {sys.argv[3]}: median {m:.3f} s ({mb / m:.0f} MB/s), best {min(runs):.3f} s ({mb / min(runs):.0f} MB/s) over {len(runs)} runs")
PY
}

for name in explicit compact; do
    f=$tmp/$name.json
    echo "scenario, $name ($(mb "$f") MB)"
    for _ in $(seq "$reps"); do measure "check-$name" "$f" "$cli" check "$f"; done
    measure "python-json.load-$name" "$f" python3 -c "import json,sys; json.load(open(sys.argv[1], 'rb'))" "$f"
    summary "check-$name" "$f"
done

t=$tmp/trace.jsonl
echo "trace ($(mb "$t") MB)"
for _ in $(seq "$reps"); do measure trace-read "$t" "$bench" trace "$t"; cat "$tmp/out"; done
measure python-json.loads-lines "$t" python3 -c "
import json, sys
with open(sys.argv[1], 'rb') as f:
    for line in f:
        json.loads(line)" "$t"
summary trace-read "$t"

echo "export to CSV"
for _ in $(seq "$reps"); do measure export-csv "$t" "$cli" export "$t" --csv "$tmp/out.csv"; done
summary export-csv "$t"

if [ -x "$app" ]; then
    echo "the app's File > Open (offscreen)"
    for _ in $(seq "$reps"); do QT_QPA_PLATFORM=offscreen measure app-open "$t" "$app" "$t"; cat "$tmp/out"; done
fi
