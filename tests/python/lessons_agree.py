#!/usr/bin/env python3
"""Every lesson's generated program, run plainly by the virtual-clock runner,
gives the trace the engine gives for the lesson's scenario.

usage: lessons_agree.py --cli CLI [--python PY] [--oracle coroscope_ref.py]
                        [--compare trace_compare.py] [--keep DIR] FILE.json ...

For each lesson (or scenario) file:
  1. `coroscope-cli python SCENARIO > program.py`: the program the scenario
     denotes, with its harness; run plainly (no --trace), the harness prints
     each moment of the program ("   1.000s  task 3   done") in real time;
  2. `PY -m coroscope_trace --virtual -o runner.jsonl program.py`: the
     runner runs it on the virtual clock; each printed moment is an
     "output" line of the trace, stamped with the exact virtual time it was
     printed at. Those moments, with that time, are the program's trace;
  3. the reference: `coroscope-cli run SCENARIO --trace engine.jsonl` when
     PY is CPython 3.11.7 (the engine is checked against 3.11.7); on another
     3.11 (Debian's /usr/bin/python3 is 3.11.2) the oracle run on PY itself,
     `PY coroscope_ref.py SCENARIO --trace oracle.jsonl`, because an older
     3.11's asyncio may legitimately schedule differently (the lines printed
     say when the engine and that oracle disagree);
  4. trace_compare.py REFERENCE PROGRAM must agree (created/request/running/
     terminal times and states, results in order, raise, limit changes, end),
     and so must the shared counter ("counter" lines); under a rate limit
     the runner's own lanes' request, slot_wait and running lines must be
     the engine's (the tracer's slot wait of the program's RateLimiter), and
     so must the program's own printed ones (its RateLimiter's trace()).
The runner's own task lines are checked too: one "created" per task of the
program (the generated program's tasks and the loop's), times never going
back, one terminal line per created task; and against the engine, its
thread and process pool lines (a job waiting for a worker, its begin, its
end) at the same moments, its frozen lanes (`ready`, `resumed`) where
each task's moments were printed by one lane, and a Queue's lines (`enqueue`,
`put_wait`, `worker`) with its jobs' lanes (the tracer's lanes for the
program's queue items).

Prints one line per problem and "N passed, N failed"; exit 1 on any failure.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PKG = os.path.join(ROOT, "resources", "python")
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))

# The harness's real-time line: f"{t:8.3f}s  {who:<8} {ev} {extra}"
MOMENT = re.compile(r"^\s*(-?\d+\.\d{3})s\s+(?:task (\d+)\s+)?(\S+)(?: (.*))?$")


def parse_fields(extra):
    """'ok=True exc=ValueError' -> {"ok": True, "exc": "ValueError"}; note=... takes the rest."""
    out = {}
    if not extra:
        return out
    note = re.search(r"note=(.*)$", extra)
    if note:
        out["note"] = note.group(1)
        extra = extra[:note.start()]
    for part in extra.split():
        key, _, value = part.partition("=")
        if value in ("True", "False"):
            out[key] = value == "True"
        elif re.fullmatch(r"-?\d+", value):
            out[key] = int(value)
        else:
            out[key] = value
    return out


def program_trace(runner_lines):
    """The program's own moments: its printed lines, at the time the runner
    stamped them. Also checks each printed time against the stamp."""
    events, problems, pending = [], [], ""
    for e in runner_lines:
        if e.get("ev") != "output" or e.get("stream") != "stdout":
            continue
        pending += e["text"]
        *lines, pending = pending.split("\n")
        for text in lines:
            m = MOMENT.match(text)
            if not m:
                continue  # the program's own prints (counter = ..., stuck: ...)
            printed, task, ev, extra = float(m.group(1)), m.group(2), m.group(3), m.group(4)
            if abs(printed - e["t"]) > 0.0005 + 1e-9:
                problems.append("printed time %s differs from the runner's %r" % (m.group(1), e["t"]))
            rec = {"t": e["t"], "ev": ev}
            if task is not None:
                rec["task"] = int(task)
            rec.update(parse_fields(extra))
            events.append(rec)
    return events, problems


POOL = ("thread_queued", "thread_begin", "thread_end", "thread_left")


def pool_moments(lines):
    """(t, ev, pool) of the thread and process pool lines, in order (task ids
    are the writers' own: the runner's count the loop's tasks too)."""
    return sorted((round(e["t"], 6), e["ev"], e.get("pool", "thread")) for e in lines if e.get("ev") in POOL)


# A rate limit's task: its permit asked, its wait for its start slot holding
# the permit (the engine's slot_wait; the tracer's for a limiter's
# __aenter__ that sleeps after it took its permit), its start.
SLOT = ("request", "slot_wait", "running")


def slot_moments(lines, lanes=None):
    """(t, ev, task) of each task's request, slot_wait and running lines, in
    order; a runner's lanes named as the scenario tasks they run (`lanes`)."""
    return sorted((round(e["t"], 9), e["ev"], e["task"] if lanes is None else lanes.get(e["task"], -1))
                  for e in lines if e.get("ev") in SLOT and "task" in e)


FROZEN = ("ready", "resumed")
# A Queue's lines and its jobs' own (the tracer's lanes for the items of a
# program's asyncio.Queue: coroscope_trace/queues.py).
QUEUE = ("enqueue", "put_wait", "worker", "created", "request", "running", "done", "failed", "cancelled")


def scenario_lanes(runner_lines):
    """{runner lane: scenario task} where each lane printed the moments of
    one task and each task's were printed by one lane (a queue worker runs
    many tasks' jobs: then None)."""
    of, by = {}, {}
    for e in runner_lines:
        if e.get("ev") != "output" or "task" not in e:
            continue
        for text in e["text"].splitlines():
            m = MOMENT.match(text)
            if m and m.group(2) is not None:
                of.setdefault(e["task"], set()).add(int(m.group(2)))
                by.setdefault(int(m.group(2)), set()).add(e["task"])
    if any(len(v) != 1 for v in of.values()) or any(len(v) != 1 for v in by.values()):
        return None
    return {lane: next(iter(tasks)) for lane, tasks in of.items()}


def frozen_moments(lines, lanes=None):
    """(t, ev, task) of the frozen-lane lines (`ready`, `resumed`), in order;
    a runner's lanes named as the scenario tasks they run (`lanes`)."""
    return sorted((round(e["t"], 9), e["ev"], e["task"] if lanes is None else lanes.get(e["task"], -1))
                  for e in lines if e.get("ev") in FROZEN)


def queue_moments(lines, lanes=None):
    """(t, ev, task, worker) of a Queue's lines and its jobs' lane lines, in
    order; a runner's lanes named as the scenario tasks they run (`lanes`:
    a job put but not taken yet has printed nothing: named by its place
    among the lanes, which the tracer numbers in put order)."""
    if lanes is not None:
        ids = sorted({e["task"] for e in lines if e.get("ev") in QUEUE})
        named = {lane: k for k, lane in enumerate(ids)}
        if any(named[lane] != task for lane, task in lanes.items() if lane in named):
            return None
        lanes = named
    return sorted((round(e["t"], 9), e["ev"], e["task"] if lanes is None else lanes.get(e["task"], -1),
                   e.get("worker", -1)) for e in lines if e.get("ev") in QUEUE)


def counters(lines):
    return [(e.get("value"), e.get("expected")) for e in lines if e.get("ev") == "counter"]


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(x) for x in f if x.strip()]


def write(path, events):
    with open(path, "w", encoding="utf-8") as f:
        for e in events:
            f.write(json.dumps(e) + "\n")


def runner_well_formed(lines):
    problems = []
    ts = [e["t"] for e in lines]
    if ts != sorted(ts):
        problems.append("runner trace: time goes back")
    if not lines or lines[0].get("ev") != "meta" or lines[-1].get("ev") != "end":
        problems.append("runner trace: does not start with meta and end with end")
    created, ended = set(), {}
    for e in lines:
        if e.get("ev") == "created":
            if e["task"] in created:
                problems.append("runner trace: task %d created twice" % e["task"])
            created.add(e["task"])
        elif e.get("ev") in ("done", "failed", "cancelled"):
            ended[e["task"]] = ended.get(e["task"], 0) + 1
            if e["task"] not in created:
                problems.append("runner trace: task %d ends before it is created" % e["task"])
    order = [e["task"] for e in lines if e.get("ev") == "created"]
    if order != sorted(order) or (order and order[0] < 0):
        # (A queue worker without a lane of its own leaves its id unused.)
        problems.append("runner trace: task ids do not grow in creation order")
    for tid in created:
        if ended.get(tid, 0) > 1:
            problems.append("runner trace: task %d ends %d times" % (tid, ended[tid]))
    return problems


def scenario_of(path, work):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if "scenario" in doc and "format" not in doc:
        out = os.path.join(work, "scenario.json")
        with open(out, "w", encoding="utf-8") as f:
            json.dump(doc["scenario"], f, indent=1)
        return out
    return path


def python_version(py):
    r = subprocess.run([py, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                       capture_output=True, text=True)
    return r.stdout.strip()


def check(path, a, version):
    name = os.path.splitext(os.path.basename(path))[0]
    problems = []
    with tempfile.TemporaryDirectory(prefix="coroscope-lesson-") as work:
        sc = scenario_of(path, work)
        r = subprocess.run([a.cli, "python", sc], capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            return name, ["coroscope-cli python failed: " + r.stderr.strip()]
        prog = os.path.join(work, "program.py")
        with open(prog, "w", encoding="utf-8") as f:
            f.write(r.stdout)
        runner_out = os.path.join(work, "runner.jsonl")
        env = dict(os.environ, PYTHONPATH=PKG)
        r = subprocess.run([a.python, "-m", "coroscope_trace", "--virtual", "-q", "--no-echo", "-o", runner_out,
                            prog], capture_output=True, text=True, timeout=a.timeout, env=env, cwd=work)
        if r.returncode != 0:
            return name, ["runner exited %d: %s" % (r.returncode, (r.stderr or "").strip()[-600:])]
        lines = read(runner_out)
        problems += runner_well_formed(lines)
        events, printed = program_trace(lines)
        problems += printed[:3]
        got = os.path.join(work, "program.jsonl")
        write(got, events)
        if version == "3.11.7":
            ref = os.path.join(work, "engine.jsonl")
            r = subprocess.run([a.cli, "run", sc, "--trace", ref], capture_output=True, text=True, timeout=120)
            who = "engine"
        else:
            ref = os.path.join(work, "oracle.jsonl")
            r = subprocess.run([a.python, a.oracle, sc, "--trace", ref], capture_output=True, text=True,
                               timeout=120)
            who = "oracle on Python %s" % version
        if r.returncode != 0:
            return name, ["%s failed: %s" % (who, r.stderr.strip()[-400:])]
        r = subprocess.run([sys.executable, a.compare, ref, got], capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            problems.append("runner vs %s: %s" % (who, "; ".join(r.stdout.strip().splitlines()[:4])))
        ref_lines = read(ref)
        if who == "engine":
            # The pools' moments: jobs that wait for a worker (thread_queued),
            # begin and end, as the tracer saw them and as the engine wrote them.
            if pool_moments(lines) != pool_moments(ref_lines):
                problems.append("pool: the engine's %s, the runner's %s"
                                % (pool_moments(ref_lines)[:6], pool_moments(lines)[:6]))
            # The frozen lanes: which task's lane became ready while another
            # blocked the loop, and when it ran again.
            lanes = scenario_lanes(lines)
            if lanes is not None and frozen_moments(lines, lanes) != frozen_moments(ref_lines):
                problems.append("frozen: the engine's %s, the runner's %s"
                                % (frozen_moments(ref_lines)[:6], frozen_moments(lines, lanes)[:6]))
            if any(e.get("ev") == "slot_wait" for e in ref_lines):
                # A rate limit: each task's permit taken and its wait for its
                # start slot holding it, as the tracer saw the program's
                # RateLimiter.__aenter__ and as the engine wrote them.
                ours, theirs = slot_moments(lines, lanes) if lanes is not None else None, slot_moments(ref_lines)
                if ours != theirs:
                    first = next((k for k, (x, y) in enumerate(zip(ours or [], theirs)) if x != y), 0)
                    problems.append("slot waits: the engine's %s, the runner's %s"
                                    % (theirs[first:first + 4], (ours or [])[first:first + 4]))
                # The program's own moments (its RateLimiter prints its slot
                # wait as the engine writes it): the same.
                printed = slot_moments(events)
                if printed != theirs:
                    first = next((k for k, (x, y) in enumerate(zip(printed, theirs)) if x != y), 0)
                    problems.append("slot waits: the engine's %s, the program's printed %s"
                                    % (theirs[first:first + 4], printed[first:first + 4]))
            if lanes is not None and any(e.get("ev") == "enqueue" for e in ref_lines):
                # A Queue's jobs: the runner's lanes for the program's queue items
                # (put, taken by which worker, ended) at the engine's moments.
                ours, theirs = queue_moments(lines, lanes), queue_moments(ref_lines)
                if ours != theirs:
                    first = next((k for k, (x, y) in enumerate(zip(ours or [], theirs)) if x != y), 0)
                    problems.append("queue: the engine's %s, the runner's %s"
                                    % (theirs[first:first + 4], (ours or [])[first:first + 4]))
        if counters(ref_lines) != counters(events):
            problems.append("counter: %s says %s, the program %s" % (who, counters(ref_lines), counters(events)))
        if version != "3.11.7" and a.cli:
            # Where this interpreter's asyncio and the engine (3.11.7) part ways.
            eng = os.path.join(work, "engine.jsonl")
            subprocess.run([a.cli, "run", sc, "--trace", eng], capture_output=True, timeout=120)
            r = subprocess.run([sys.executable, a.compare, eng, ref], capture_output=True, text=True)
            if r.returncode != 0:
                print("%s: note: Python %s's asyncio differs from the engine (3.11.7) here: %s"
                      % (name, version, "; ".join(r.stdout.strip().splitlines()[:2])))
    return name, problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--oracle", default=os.path.join(ROOT, "tests", "reference", "coroscope_ref.py"))
    ap.add_argument("--compare", default=os.path.join(SHARED, "tools", "trace_compare.py"))
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    version = python_version(a.python)
    if not version.startswith("3.11."):
        print("%s is Python %s: the runner needs 3.11; skipped" % (a.python, version))
        return 0
    passed = failed = 0
    for path in a.files:
        if os.path.basename(path) == "index.json":
            continue
        name, problems = check(path, a, version)
        if problems:
            failed += 1
            for p in problems:
                print("%s: %s" % (name, p))
        else:
            passed += 1
    print("Python %s: %d passed, %d failed" % (version, passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
