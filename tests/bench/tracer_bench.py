#!/usr/bin/env python3
"""The stdlib tracer's cost, side by side with the same program untraced.

usage: tests/bench/tracer_bench.py [--tasks 10000,100000] [--repeat 3] [--python python3] [--against DIR]
                                  [--as installed|source|both]
       tests/bench/tracer_bench.py --virtual --cli build/app/cli/coroscope-cli [--repeat 3]

For each task count N: N tasks behind Semaphore(100), each `await
asyncio.sleep(0.01)` (issue 13's program), run as `python3 prog.py N` and as
`python3 -m coroscope_trace -o trace.jsonl prog.py N`, alternating, REPEAT
times each. Reports the median CPU time (user + system of the child, from
os.wait4) and wall time of each, and the ratio traced / untraced CPU. The
target (issue 13) is a ratio <= 1.3 at 10,000 and at 100,000 tasks. With
--against DIR (a folder holding another coroscope_trace package, e.g. an
older commit's), each round also runs that tracer, so that both are
measured under the same load (a row "against" per task count).

Which tracer is timed (--as): "installed" (the default) copies the package
to a temporary folder and compiles it there (`python3 -m compileall`), as
an installed package has it (pip compiles on install; the .deb's postinst
does: resources/desktop/postinst.in); "source" copies it without byte code
and runs it with PYTHONDONTWRITEBYTECODE=1, so that it is compiled at
every start (as `PYTHONPATH=resources/python` runs it here, where that
variable is set); "both" times both, interleaved (rows "installed" and
"source"). The same holds for --against's package. Issue 13's target is
measured on the installed tracer (what a user runs); the source figure
adds the package's compilation (~60 M instructions) at each start.

With --virtual: the virtual-clock runner (`python3 -m coroscope_trace
--virtual`) on the same program with 10,000 tasks, beside the engine on the
equivalent scenario (`coroscope-cli run tests/bench/runner-10k.json --trace
FILE`), alternating, REPEAT times each; median wall and CPU time of each.
Issue 14's target: the runner's wall time <= 2 s.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.join(HERE, "..", "..", "resources", "python")

PROGRAM = """\
import asyncio, sys

async def job(sem):
    async with sem:
        await asyncio.sleep(0.01)

async def main(n):
    sem = asyncio.Semaphore(100)
    await asyncio.gather(*(asyncio.create_task(job(sem)) for _ in range(n)))

asyncio.run(main(int(sys.argv[1])))
"""


def measure(cmd, env):
    """(cpu seconds, wall seconds, user seconds, system seconds) of one run of cmd."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit("failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd), proc.stderr.read().decode()))
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_utime, usage.ru_stime


def runner_beside_engine(a, env):
    """The --virtual benchmark (see the module's docstring)."""
    scenario = os.path.join(HERE, "runner-10k.json")
    print("%-40s  %9s  %9s" % ("10,000 tasks, Semaphore(100), sleep(0.01)", "wall", "cpu"))
    with tempfile.TemporaryDirectory() as tmp:
        prog = os.path.join(tmp, "prog.py")
        with open(prog, "w") as f:
            f.write(PROGRAM)
        out = os.path.join(tmp, "trace.jsonl")
        runner, engine = [], []
        for _ in range(a.repeat):
            runner.append(measure([a.python, "-m", "coroscope_trace", "--virtual", "-q", "-o", out, prog, "10000"], env))
            engine.append(measure([a.cli, "run", scenario, "--trace", out], env))
        for who, runs in (("python3 -m coroscope_trace --virtual", runner), ("coroscope-cli run (engine)", engine)):
            print("%-40s  %7.3f s  %7.3f s" % (who, statistics.median(r[1] for r in runs),
                                                statistics.median(r[0] for r in runs)))


def copy_package(src, dest, python, compiled):
    """A copy of the coroscope_trace package in folder `src` under `dest`
    (returned: the folder to put on PYTHONPATH), without byte code, then
    compiled with `python` if `compiled`."""
    shutil.copytree(os.path.join(src, "coroscope_trace"), os.path.join(dest, "coroscope_trace"),
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    if compiled:
        subprocess.run([python, "-m", "compileall", "-q", os.path.join(dest, "coroscope_trace")], check=True)
    return dest


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", default="10000,100000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--virtual", action="store_true", help="the virtual-clock runner beside the engine")
    ap.add_argument("--cli", default="build/app/cli/coroscope-cli", help="coroscope-cli (with --virtual)")
    ap.add_argument("--against", metavar="DIR", help="also time the coroscope_trace package in DIR, interleaved")
    ap.add_argument("--as", dest="mode", choices=("installed", "source", "both"), default="installed",
                    help="the tracer with its byte code compiled (installed, the default), compiled at "
                         "every start (source), or both")
    a = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=os.path.abspath(PKG))
    print("python: %s" % subprocess.run([a.python, "-c", "import sys; print(sys.version.split()[0])"],
                                        capture_output=True, text=True).stdout.strip())
    if a.virtual:
        runner_beside_engine(a, env)
        return
    modes = ("installed", "source") if a.mode == "both" else (a.mode,)
    print("tracer: %s" % "; ".join({
        "installed": "installed (a copy of the package, compiled with compileall)",
        "source": "from source (a copy without byte code, PYTHONDONTWRITEBYTECODE=1: compiled at each start)",
    }[m] for m in modes))
    print("%8s  %-10s  %22s  %22s  %9s  %8s" % ("tasks", "tracer", "untraced cpu / wall", "traced cpu / wall",
                                                "cpu ratio", "lines"))
    worst = {m: 0.0 for m in modes}
    with tempfile.TemporaryDirectory() as tmp:
        prog = os.path.join(tmp, "prog.py")
        with open(prog, "w") as f:
            f.write(PROGRAM)
        out = os.path.join(tmp, "trace.jsonl")
        # (mode, "this" or "against") -> environment of the traced run
        envs = {}
        for m in modes:
            for who, src in (("this", PKG), ("against", a.against)):
                if src is None:
                    continue
                path = copy_package(os.path.abspath(src), os.path.join(tmp, m, who), a.python, m == "installed")
                envs[m, who] = dict(env, PYTHONPATH=path)
                if m == "source":
                    envs[m, who]["PYTHONDONTWRITEBYTECODE"] = "1"
        for n in [int(x) for x in a.tasks.split(",")]:
            plain = []
            runs = {key: [] for key in envs}
            for _ in range(a.repeat):
                plain.append(measure([a.python, prog, str(n)], env))
                for key, e in envs.items():
                    runs[key].append(measure([a.python, "-m", "coroscope_trace", "-q", "-o", out, prog, str(n)], e))
            with open(out, "rb") as f:
                lines = sum(1 for _ in f)
            pc = statistics.median(r[0] for r in plain)
            pw = statistics.median(r[1] for r in plain)
            for m in modes:
                tc = statistics.median(r[0] for r in runs[m, "this"])
                tw = statistics.median(r[1] for r in runs[m, "this"])
                worst[m] = max(worst[m], tc / pc)
                print("%8d  %-10s  %9.3f s / %7.3f s  %9.3f s / %7.3f s  %8.2fx  %8d" % (n, m, pc, pw, tc, tw, tc / pc, lines))
                # CPU time apart: a tracer can trade user time for system time (its writes).
                print("%8s  %-10s  user %.3f s, system %.3f s   user %.3f s, system %.3f s" % (
                    "", "", statistics.median(r[2] for r in plain), statistics.median(r[3] for r in plain),
                    statistics.median(r[2] for r in runs[m, "this"]), statistics.median(r[3] for r in runs[m, "this"])))
                if (m, "against") in runs:
                    oc = statistics.median(r[0] for r in runs[m, "against"])
                    ow = statistics.median(r[1] for r in runs[m, "against"])
                    print("%8s  %-10s  %22s  %9.3f s / %7.3f s  %8.2fx" % ("against", m, "", oc, ow, oc / pc))
    for m in modes:
        print("worst cpu ratio, %s: %.2fx (target <= 1.30x)" % (m, worst[m]))


if __name__ == "__main__":
    main()
