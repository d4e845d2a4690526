#!/usr/bin/env python3
"""The oracle agrees with every CPython-made example of the spec.

usage: check_examples.py [--examples DIR] [--compare trace_compare.py] [--out DIR]

For each DIR/NN-*.json with a DIR/NN-*.trace.jsonl beside it, runs
`python3 coroscope_ref.py NN-*.json --trace OUT` and the spec's checker
(trace_compare.py EXPECTED OUT). Prints one line per disagreement and
`N passed, N failed`; exits 1 on any disagreement.
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", default=os.path.join(SHARED, "spec", "examples"))
    ap.add_argument("--compare", default=os.path.join(SHARED, "tools", "trace_compare.py"))
    ap.add_argument("--out", default=None, help="folder for the oracle's traces (default: temporary)")
    ap.add_argument("--extensions", action="store_true",
                    help="also compare the extension events (differential.EXTENSION_EVENTS)")
    a = ap.parse_args()
    out = a.out or tempfile.mkdtemp(prefix="coroscope-ref-examples-")
    os.makedirs(out, exist_ok=True)
    passed = failed = 0
    for f in sorted(os.listdir(a.examples)):
        if not f.endswith(".json"):
            continue
        stem = f[:-5]
        expected = os.path.join(a.examples, stem + ".trace.jsonl")
        if not os.path.exists(expected):
            continue
        actual = os.path.join(out, stem + ".trace.jsonl")
        run = subprocess.run([sys.executable, os.path.join(HERE, "coroscope_ref.py"),
                              os.path.join(a.examples, f), "--trace", actual],
                             capture_output=True, text=True)
        if run.returncode != 0:
            failed += 1
            print(f"FAIL {stem}: coroscope_ref.py exited {run.returncode}\n{run.stderr}")
            continue
        cmp = subprocess.run([sys.executable, a.compare, expected, actual],
                             capture_output=True, text=True)
        if cmp.returncode == 0 and a.extensions:
            import differential
            lines = differential.diff_extensions(differential.extension_events(expected),
                                                 differential.extension_events(actual))
            cmp = subprocess.CompletedProcess(cmp.args, 1 if lines else 0, "\n".join(lines), "")
        if cmp.returncode != 0:
            failed += 1
            print(f"FAIL {stem}: the oracle disagrees with CPython's trace ({actual})")
            print("     " + cmp.stdout.strip().replace("\n", "\n     "))
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
