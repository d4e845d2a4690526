#!/usr/bin/env python3
"""Run one example scenario through coroscope-cli and check its trace agrees
with the CPython-made one (spec section 4), using the spec's own checker.

usage: example_agrees.py --cli CLI --compare trace_compare.py --out OUT.jsonl [--extensions]
                         [--cli-arg ARG ...] SCENARIO EXPECTED

--extensions also compares the extension events the engine and the reference
runner both emit (ready, resumed, enqueue, ..., returned: kind, task,
argument and time, in order; tests/reference/differential.py says which).
"""
import argparse
import os
import subprocess
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cli", required=True)
    p.add_argument("--compare", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--extensions", action="store_true")
    p.add_argument("--cli-arg", action="append", default=[],
                   help="one more argument for `coroscope-cli run` (e.g. --coroutine-jobs)")
    p.add_argument("scenario")
    p.add_argument("expected")
    a = p.parse_args()

    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    run = subprocess.run([a.cli, "run", a.scenario, "--trace", a.out, *a.cli_arg],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                         timeout=50)
    if run.returncode != 0:
        sys.stderr.write(run.stderr)
        print(f"coroscope-cli exited {run.returncode} on {a.scenario}")
        return 1
    cmp = subprocess.run([sys.executable, a.compare, a.expected, a.out])
    status = cmp.returncode
    if a.extensions:
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
        import differential
        for line in differential.diff_extensions(differential.extension_events(a.expected),
                                                 differential.extension_events(a.out)):
            print(line)
            status = 1
    if status != 0:
        print(f"trace of {os.path.basename(a.scenario)} disagrees with CPython's ({a.out})")
    return status


if __name__ == "__main__":
    sys.exit(main())
