#!/usr/bin/env python3
"""Generated programs also run in real time: `python3 program.py` without --trace.

usage: real_time.py --cli CLI LESSONS_DIR

For a few short lessons (a deadlock, a raising program, a TaskGroup, wait()
leaving tasks pending, a swallowed cancel, the shared counter with and
without a Lock): `coroscope-cli python` of the lesson's scenario, run with
plain `python3 program.py` (real asyncio, real clock). The human-readable log
must end with the lesson's expected outcome ("end outcome=..."), every task
must show up in it, and the counter lessons must print their counter.
Prints one line per problem and `N passed, N failed`.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

from tally import Tally

LESSONS = {
    "lost-update": r"counter = 1, expected 5",
    "lock-fixes-counter": r"counter = 5, expected 5",
    "gather-first-exception": r"asyncio\.run\(main\(\)\) raised ValueError",
    "taskgroup-cancels-siblings": r"raised ExceptionGroup",
    "forgotten-release": r"stuck: nothing could make progress",
    "wait-timeout-pending": r"task 2\s+pending",
    "swallowed-cancel": r"swallowed cancel",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("lessons")
    a = ap.parse_args()
    tally = Tally()
    for lid, marker in LESSONS.items():
        problems = []
        with open(os.path.join(a.lessons, lid + ".json"), encoding="utf-8") as f:
            lesson = json.load(f)
        with tempfile.TemporaryDirectory(prefix="coroscope-realtime-") as work:
            sc = os.path.join(work, "scenario.json")
            with open(sc, "w") as f:
                json.dump(lesson["scenario"], f)
            r = subprocess.run([a.cli, "python", sc], capture_output=True, text=True, timeout=60)
            prog = os.path.join(work, "program.py")
            with open(prog, "w") as f:
                f.write(r.stdout)
            try:
                r = subprocess.run([sys.executable, prog], capture_output=True, text=True, timeout=60, cwd=work)
            except subprocess.TimeoutExpired:
                problems.append("did not end within 60 s")
            else:
                out = r.stdout
                if r.returncode != 0:
                    problems.append(f"exit status {r.returncode}: {r.stderr.strip()[-300:]}")
                ends = re.findall(r"^\s*[\d.]+s\s+end outcome=(\S+)\s*$", out, re.M)
                if ends != [lesson["expected_outcome"]]:
                    problems.append(f"end lines {ends}, expected [{lesson['expected_outcome']!r}]")
                for i in range(len(lesson["scenario"]["tasks"])):
                    if not re.search(rf"^\s*[\d.]+s\s+task {i}\s+created\s*$", out, re.M):
                        problems.append(f"task {i} never shows up as created")
                if not re.search(marker, out):
                    problems.append(f"the log lacks {marker!r}")
                if problems:
                    problems.append("log:\n" + out[-1500:])
        tally.add(lid, problems)
    return tally.status()


if __name__ == "__main__":
    sys.exit(main())
