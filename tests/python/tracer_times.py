#!/usr/bin/env python3
"""The tracer's times against the program's own clock, on random programs.

usage: tracer_times.py [--seed S] [--count N] [--keep DIR]

Each program (made from a seed) starts tasks that sleep, ask a shared
Semaphore, make child tasks (awaited or left to run), fail, are cancelled
by a timer, and are collected in one of several ways (gather, a sleep
first, wait(FIRST_COMPLETED), one await after another). Every coroutine
logs `loop.time()` itself where it starts, asks for the permit, holds it,
ends, fails or is cancelled. Run on the virtual clock
(`python3 -m coroscope_trace --virtual`), the tracer's `created`,
`request`, `running`, `done`, `failed` and `cancelled` lines must carry
exactly those times: the program's own account is the truth the trace
shows. (Written after the tracer stamped a task's end when the loop next
woke up, not when the task ended: a fire-and-forget task done at 0.0 read
as done when the next timer fired.) Exit 1 on any disagreement.
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.join(HERE, "..", "..", "resources", "python")

# What the program logs -> the trace line that must carry the same time.
LINE_OF = {"start": "created", "request": "request", "acquired": "running", "end": "done",
           "fail": "failed", "cancel": "cancelled"}

HEADER = """\
import asyncio, json, sys
LOG = []

def log(name, ev):
    LOG.append((name, ev, asyncio.get_running_loop().time()))

async def job(name, sem, d1, d2, kids, boom=False):
    log(name, "start")
    try:
        if d1:
            await asyncio.sleep(d1)
        if sem is not None:
            log(name, "request")
            async with sem:
                log(name, "acquired")
                await asyncio.sleep(d2)
        else:
            await asyncio.sleep(d2)
        ks = [asyncio.create_task(job(k, None, 0, dd, []), name=k) for k, dd in kids]
        if ks and len(name) % 2:
            await asyncio.gather(*ks)
        if boom:
            raise ValueError(name)
    except asyncio.CancelledError:
        log(name, "cancel")
        raise
    except ValueError:
        log(name, "fail")
        raise
    log(name, "end")

async def main():
"""


def program(seed):
    """The source of program `seed`."""
    r = random.Random(seed)
    limit = r.choice([None, 1, 2, 3])
    body = ["sem = %s" % ("None" if limit is None else "asyncio.Semaphore(%d)" % limit), "ts = []"]
    for i in range(r.randint(2, 12)):
        d1 = r.choice([0, 0, 0, 0.1, 0.25, 0.5])
        d2 = r.choice([0, 0.1, 0.25, 0.5, 1.0])
        kids = [("k%d_%d" % (i, j), r.choice([0, 0.1, 0.3])) for j in range(r.choice([0, 0, 0, 1, 2]))]
        boom = r.random() < 0.15
        body.append("ts.append(asyncio.create_task(job(%r, sem, %r, %r, %r, %r), name=%r))"
                    % ("t%d" % i, d1, d2, kids, boom, "t%d" % i))
        if r.random() < 0.15:
            body.append("asyncio.get_running_loop().call_later(%r, ts[-1].cancel)" % r.choice([0, 0.1, 0.3, 0.6]))
        if r.random() < 0.3:
            body.append("await asyncio.sleep(%r)" % r.choice([0, 0.1, 0.2]))
    how = r.choice(["gather", "sleep then gather", "wait first", "await each"])
    if how == "gather":
        body.append("await asyncio.gather(*ts, return_exceptions=True)")
    elif how == "sleep then gather":
        body.append("await asyncio.sleep(%r)" % r.choice([0.3, 1.0, 3.0]))
        body.append("await asyncio.gather(*ts, return_exceptions=True)")
    elif how == "wait first":
        body.append("await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)")
    else:
        body += ["for t in ts:", "    try:", "        await t", "    except (ValueError, asyncio.CancelledError):",
                 "        pass"]
    # Whatever is still running ends before the log is written.
    body += ["await asyncio.sleep(5)", "json.dump(LOG, open(sys.argv[1], 'w'))"]
    return HEADER + "".join("    %s\n" % line for line in body) + "\nasyncio.run(main())\n"


def check(seed, folder):
    """The disagreements of program `seed` (run in folder)."""
    prog = os.path.join(folder, "prog.py")
    with open(prog, "w", encoding="utf-8") as f:
        f.write(program(seed))
    trace, log = os.path.join(folder, "trace.jsonl"), os.path.join(folder, "log.json")
    env = dict(os.environ, PYTHONPATH=PKG + os.pathsep + os.environ.get("PYTHONPATH", ""))
    r = subprocess.run([sys.executable, "-m", "coroscope_trace", "--virtual", "-q", "-o", trace, prog, log],
                       env=env, cwd=folder, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        return ["exit %d: %s" % (r.returncode, r.stderr.strip()[-400:])]
    shown = {}
    with open(trace, encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            if "task" in e and "name" in e:
                shown.setdefault(e["name"], {}).setdefault(e["ev"], e["t"])
    with open(log, encoding="utf-8") as f:
        logged = json.load(f)
    problems = []
    for name, ev, t in logged:
        got = shown.get(name, {}).get(LINE_OF[ev])
        if got != t:
            problems.append("%s %s: the program says %r, the trace %r" % (name, LINE_OF[ev], t, got))
    if not logged:
        problems.append("the program logged nothing")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("--keep", help="folder for the failing programs")
    a = ap.parse_args()
    failed = 0
    for k in range(a.count):
        seed = a.seed * 100_000 + k
        with tempfile.TemporaryDirectory() as tmp:
            problems = check(seed, tmp)
            if problems:
                failed += 1
                print("program %d: %s" % (seed, "; ".join(problems[:4])))
                if a.keep:
                    os.makedirs(a.keep, exist_ok=True)
                    shutil.copy(os.path.join(tmp, "prog.py"), os.path.join(a.keep, "prog-%d.py" % seed))
    print("%d agree, %d disagree (Python %d.%d.%d)" % ((a.count - failed, failed) + tuple(sys.version_info[:3])))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
