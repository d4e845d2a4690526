#!/usr/bin/env python3
"""The generated Python program agrees with the engine and with the oracle.

usage: program_agrees.py --cli CLI [--oracle coroscope_ref.py] [--compare trace_compare.py]
                         [--keep DIR] [--jobs N] SCENARIO.json ...

For each scenario: `coroscope-cli python FILE > program.py`, then
`python3 program.py --trace P`, `coroscope-cli run FILE --trace E` and (with
--oracle) `python3 coroscope_ref.py FILE --trace O`; trace_compare.py must
find P and E in agreement, and P and O. The `counter` events (format
extensions) must agree too, and P's `slot_wait` lines (a rate limit's) must
be E's: trace_compare.py does not look at them.
Prints one line per disagreement and `N passed, N failed`; exit 1 on any.
A scenario may also be a lesson file: its "scenario" object is used.
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared"))


def counters(path):
    out = []
    with open(path) as f:
        for line in f:
            if line.strip():
                e = json.loads(line)
                if e.get("ev") == "counter":
                    out.append((e.get("value"), e.get("expected")))
    return out


def slot_waits(path):
    """(t, task) of each `slot_wait` (a rate limit's task holding its permit,
    waiting for its start slot: docs/trace-extensions.md), which
    trace_compare.py does not look at."""
    out = []
    with open(path) as f:
        for line in f:
            if line.strip():
                e = json.loads(line)
                if e.get("ev") == "slot_wait":
                    out.append((round(e["t"], 9), e.get("task")))
    return sorted(out)


def scenario_file(path, work):
    """A lesson's scenario goes to a file of its own; a scenario is used as is."""
    with open(path) as f:
        doc = json.load(f)
    if "scenario" in doc and "format" not in doc:
        out = os.path.join(work, "scenario.json")
        with open(out, "w") as f:
            json.dump(doc["scenario"], f, indent=1)
        return out
    return path


def run(cmd, timeout):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def check(path, a):
    name = os.path.splitext(os.path.basename(path))[0]
    work = tempfile.mkdtemp(prefix="coroscope-program-")
    problems = []
    try:
        sc = scenario_file(path, work)
        prog = os.path.join(work, "program.py")
        r = run([a.cli, "python", sc], 60)
        if r.returncode != 0:
            return name, [f"coroscope-cli python failed ({r.returncode}): {r.stderr.strip()}"], work
        with open(prog, "w") as f:
            f.write(r.stdout)
        traces = {}
        for who, cmd in (("program", [sys.executable, prog, "--trace", os.path.join(work, "program.jsonl")]),
                         ("engine", [a.cli, "run", sc, "--trace", os.path.join(work, "engine.jsonl")]),
                         ("oracle", [sys.executable, a.oracle, sc, "--trace", os.path.join(work, "oracle.jsonl")])
                         if a.oracle else (None, None)):
            if who is None:
                continue
            r = run(cmd, a.timeout)
            if r.returncode != 0:
                problems.append(f"{who} exited {r.returncode}: {(r.stderr or r.stdout).strip()[-400:]}")
                continue
            traces[who] = os.path.join(work, who + ".jsonl")
        if "program" in traces:
            for other in ("engine", "oracle"):
                if other not in traces:
                    continue
                r = run([sys.executable, a.compare, traces[other], traces["program"]], 60)
                if r.returncode != 0:
                    problems.append(f"program vs {other}: " + "; ".join(r.stdout.strip().splitlines()[:4]))
                if counters(traces[other]) != counters(traces["program"]):
                    problems.append(f"program vs {other}: counter {counters(traces['program'])} "
                                    f"!= {counters(traces[other])}")
            if "engine" in traces and slot_waits(traces["engine"]) != slot_waits(traces["program"]):
                # (The oracle writes none: the engine's are the reference.)
                problems.append(f"program vs engine: slot_wait {slot_waits(traces['program'])[:6]} "
                                f"!= {slot_waits(traces['engine'])[:6]}")
    except subprocess.TimeoutExpired as e:
        problems.append(f"timed out: {e.cmd[:2]}")
    return name, problems, work


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--oracle", default=None)
    ap.add_argument("--compare", default=os.path.join(SHARED, "tools", "trace_compare.py"))
    ap.add_argument("--keep", default=None, help="folder for the failing cases' files")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        for name, problems, work in ex.map(lambda p: check(p, a), a.files):
            if problems:
                failed += 1
                for p in problems:
                    print(f"{name}: {p}")
                if a.keep:
                    dst = os.path.join(a.keep, name)
                    shutil.rmtree(dst, ignore_errors=True)
                    shutil.copytree(work, dst)
            else:
                passed += 1
            shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
