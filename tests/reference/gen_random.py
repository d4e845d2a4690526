#!/usr/bin/env python3
"""Seeded random scenarios for the differential suite.

usage: gen_random.py --seed S --count N --out DIR

Writes DIR/rand-S-KKKK.json, N files. Scenario k depends only on (S, k), so
one failing scenario can be regenerated alone (`--first K --count 1`).

Every field of ../shared/spec/scenario.md is exercised: all limit kinds
(semaphore with live-resize schedules, bounded_semaphore, per-task
semaphores, queue, manual, chunks, rate with and without max_at_once,
adaptive), all collectors and their options, per-task timeouts, arrivals,
ignore_cancel, forget_release and release_twice (only under a semaphore
kind of limit, as the spec requires), raise/cpu/thread/call steps,
the thread pool size, the downstream service (capacity, queue_limit,
rate_limit), deadlocks and empty task lists. Durations mostly sit on a
0.25 s grid so that same-instant ties (the hard part) are frequent; some
scenarios use a 0.1 s grid (inexact doubles) or free values instead.
Scenarios are small (0-15 tasks) except a rare larger one (up to 130
tasks with timeouts) that takes CPython's heap-rebuild path for cancelled
timers.

A modest share (EXT_SHARE, 15%) uses the format extensions of
docs/format-extensions.md as well: `process` steps and `process_pool`,
`increment` steps with and without `counter.lock`, and the `connector` and
`scheduler` limits. Whether scenario k is one of them is drawn from its own
random stream, so the other scenarios of a seed are the ones this generator
made before the extensions existed.
"""
import argparse
import json
import os
import random

LIMIT_KINDS = ["none", "semaphore", "bounded_semaphore", "semaphore_per_task", "queue",
               "manual", "chunks", "rate", "adaptive"]
COLLECT_KINDS = ["gather", "wait", "as_completed", "taskgroup", "sequential"]
EXT_LIMIT_KINDS = ["connector", "connector", "scheduler", "scheduler"]
# The limits under which forget_release and release_twice may be set.
RELEASE_FLAG_KINDS = ("semaphore", "bounded_semaphore", "semaphore_per_task", "connector")
EXT_SHARE = 0.15
EXC_NAMES = ["ValueError", "ValueError", "KeyError", "RuntimeError", "TimeoutError",
             "ConnectionError", "BoomError"]


class Gen:
    def __init__(self, rng, ext=False):
        self.r = rng
        self.ext = ext                          # use the format extensions too
        g = rng.random()
        if g < 0.75:
            self.grid = 0.25
        elif g < 0.92:
            self.grid = 0.1
        else:
            self.grid = None                    # free values, rounded to 3 decimals

    def chance(self, p):
        return self.r.random() < p

    def dur(self, lo=0, hi=8):
        """A duration: lo..hi grid steps (0 included when lo == 0)."""
        if self.grid is None:
            return round(self.r.uniform(lo * 0.25, hi * 0.25), 3)
        k = self.r.randint(lo, hi)
        return k * 0.25 if self.grid == 0.25 else round(k * 0.1, 10)

    def steps(self, has_service):
        kinds = ["io"] * 6 + ["cpu"] * 2 + ["thread"] * 2 + (["call"] * 4 if has_service else [])
        if self.ext:
            kinds += ["process"] * 2 + ["increment"] * 4
        out = []
        for _ in range(self.r.choice([1, 1, 1, 2, 2, 3])):
            k = self.r.choice(kinds)
            out.append({k: self.dur(0 if self.chance(0.1) else 1, 8 if k != "cpu" else 4)})
        if self.chance(0.12):
            at = self.r.randint(0, len(out))
            out.insert(at, {"raise": self.r.choice(EXC_NAMES)})
        if self.chance(0.03):
            out = []                            # a task with nothing to do
        return out

    def task(self, has_service, flags):
        t = {"steps": self.steps(has_service)}
        if self.chance(0.3):
            t["arrive"] = self.dur(0, 8)
        if self.chance(0.2):
            t["timeout"] = self.dur(0 if self.chance(0.1) else 1, 10)
        if self.chance(flags["ignore_cancel"]):
            t["ignore_cancel"] = True
        if self.chance(flags["forget_release"]):
            t["forget_release"] = True
        if self.chance(flags["release_twice"]):
            t["release_twice"] = True
        if self.chance(0.05):                   # explicit defaults are allowed too
            t.setdefault("ignore_cancel", False)
            t.setdefault("release_twice", False)
        return t

    def limit(self, kind, n):
        r = self.r
        if kind == "none":
            return {"kind": "none"}
        if kind in ("semaphore", "bounded_semaphore", "semaphore_per_task"):
            lim = {"kind": kind, "value": 0 if self.chance(0.04) else r.randint(1, 5)}
            if kind == "semaphore" and self.chance(0.45):
                lim["schedule"] = [{"at": self.dur(0, 16), "value": r.randint(0, 6)}
                                   for _ in range(r.randint(1, 3))]
                if self.chance(0.7):            # usually sorted, like a recorded session
                    lim["schedule"].sort(key=lambda e: e["at"])
                if lim["schedule"][-1]["value"] == 0 and self.chance(0.7):
                    lim["schedule"].append({"at": lim["schedule"][-1]["at"] + 1.0, "value": 2})
            return lim
        if kind == "queue":
            lim = {"kind": "queue", "workers": r.randint(1, 4)}
            if self.chance(0.7):
                lim["maxsize"] = r.randint(0, 3)
            return lim
        if kind == "manual":
            return {"kind": "manual", "value": r.randint(1, 4)}
        if kind == "chunks":
            return {"kind": "chunks", "size": r.randint(1, 5)}
        if kind == "rate":
            lim = {"kind": "rate", "max_per_second": r.choice([1, 2, 4, 4, 5, 8, 2.5])}
            if self.chance(0.6):
                lim["max_at_once"] = r.randint(1, 4)
            return lim
        if kind == "connector":
            return {"kind": "connector", "value": r.randint(1, 4)}
        if kind == "scheduler":
            lim = {"kind": "scheduler", "limit": r.randint(1, 4)}
            if self.chance(0.6):
                lim["pending_limit"] = r.randint(0, 3)
            return lim
        if kind == "adaptive":
            lo = r.randint(1, 2)
            initial = r.randint(lo, 4)
            return {"kind": "adaptive", "initial": initial, "min": lo,
                    "max": r.randint(initial, 8),
                    "latency_target": self.dur(1, 6)}
        raise AssertionError(kind)

    def collect(self):
        r = self.r
        kind = r.choice(COLLECT_KINDS)
        c = {"kind": kind}
        if kind == "gather":
            if self.chance(0.8):
                c["return_exceptions"] = self.chance(0.5)
        elif kind == "wait":
            if self.chance(0.85):
                c["return_when"] = r.choice(["ALL_COMPLETED", "FIRST_COMPLETED", "FIRST_EXCEPTION"])
            if self.chance(0.4):
                c["timeout"] = self.dur(0, 12)
            if self.chance(0.85):
                c["on_return"] = r.choice(["leave", "cancel"])
        elif kind == "as_completed":
            if self.chance(0.35):
                c["timeout"] = self.dur(0, 12)
        return c

    def service(self):
        r = self.r
        s = {"capacity": r.randint(1, 4)}
        if self.chance(0.5):
            s["queue_limit"] = r.randint(0, 3)
        if self.chance(0.4):
            rl = {"per_second": r.choice([1, 2, 4, 5, 10, 2.5])}
            if self.chance(0.7):
                rl["burst"] = r.choice([1, 2, 3, 5])
            s["rate_limit"] = rl
        return s

    def scenario(self, title):
        r = self.r
        kind = r.choice(LIMIT_KINDS + (EXT_LIMIT_KINDS if self.ext else []))
        big = self.chance(0.02)
        if not big and not self.ext and self.chance(0.15):
            return self.near_ties(title)
        if big:
            n = r.randint(90, 130)
        elif self.chance(0.05):
            n = 0
        else:
            n = r.randint(1, 15)
        has_service = self.chance(0.55 if kind == "adaptive" else 0.25)
        sem_like = kind in ("semaphore", "bounded_semaphore", "semaphore_per_task", "adaptive", "rate",
                            "connector")
        flags = {"ignore_cancel": 0.1,
                 "forget_release": self.r.choice([0.1, 0.3, 0.5]) if sem_like and self.chance(0.4) else 0.02,
                 "release_twice": 0.1 if sem_like and self.chance(0.4) else 0.02}
        if kind not in RELEASE_FLAG_KINDS:
            # The release pitfalls need a semaphore limit (spec section 1):
            # elsewhere the file is bad input. Drawn all the same, so that
            # the rest of the scenario keeps its random stream.
            flags["forget_release"] = flags["release_twice"] = 0.0
        sc = {"format": "coroscope-scenario/1", "title": title}
        if big:
            sc["description"] = "large: many wait_for timers cancelled at once"
            sc["tasks"] = [{"steps": [{"io": self.dur(1, 8)}, {"io": self.dur(0, 2)}], "timeout": 50.0}
                           for _ in range(n)]
        else:
            sc["tasks"] = [self.task(has_service, flags) for _ in range(n)]
        if big:
            # Over 100 timers with over half of them cancelled wait_for timers:
            # _run_once rebuilds the heap with heapify, and the order of the
            # equal deadlines that follow shows in as_completed's results.
            if self.chance(0.5):
                sc["limit"] = {"kind": "semaphore", "value": r.randint(50, n)}
            sc["collect"] = {"kind": "as_completed"} if self.chance(0.7) else \
                {"kind": "gather", "return_exceptions": True}
        else:
            if kind != "none" or self.chance(0.5):
                sc["limit"] = self.limit(kind, n)
            if self.chance(0.9) or kind in ("queue", "manual", "chunks") and self.chance(0.5):
                sc["collect"] = self.collect()
        if self.chance(0.5) or any("thread" in s for t in sc["tasks"] for s in t["steps"]) and self.chance(0.7):
            sc["executor"] = {"max_workers": r.randint(1, 4)}
        if has_service:
            sc["service"] = self.service()
        if self.ext:
            steps = [k for t in sc["tasks"] for s in t["steps"] for k in s]
            if self.chance(0.4) or "process" in steps and self.chance(0.5):
                sc["process_pool"] = {"max_workers": r.randint(1, 3)}
            if "increment" in steps and self.chance(0.8) or self.chance(0.05):
                sc["counter"] = {"lock": self.chance(0.5)}
        return sc


    def near_ties(self, title):
        """Sums on the 0.1 grid: 0.1 + 0.2 and 0.3 are two doubles 5.6e-17
        apart, both due within the loop's 1e-9 resolution, so which comes first
        is the heap's order of two *different* deadlines. An engine that rounds
        its clock (integer nanoseconds, say) sees ties there instead."""
        r = self.r
        self.grid = 0.1
        n = r.randint(8, 15)
        tasks = []
        for _ in range(n):
            t = {"steps": [{"io": self.dur(1, 6)} for _ in range(r.randint(1, 3))]}
            if self.chance(0.8):
                t["arrive"] = self.dur(1, 6)
            if self.chance(0.15):
                t["steps"].insert(0, {r.choice(["cpu", "thread"]): self.dur(1, 3)})
            if self.chance(0.1):
                t["timeout"] = self.dur(3, 12)
            tasks.append(t)
        sc = {"format": "coroscope-scenario/1", "title": title,
              "description": "near ties on a 0.1 s grid", "tasks": tasks}
        lk = r.choice(["none", "none", "semaphore", "bounded_semaphore", "rate", "adaptive"])
        if lk != "none":
            sc["limit"] = self.limit(lk, n)
            if lk == "rate":
                sc["limit"]["max_per_second"] = r.choice([5, 10, 2.5])
        sc["collect"] = {"kind": "as_completed"} if self.chance(0.7) else \
            {"kind": "gather", "return_exceptions": True}
        if self.chance(0.3):
            sc["service"] = {"capacity": r.randint(1, 4),
                             "rate_limit": {"per_second": r.choice([5, 10]), "burst": r.randint(1, 3)}}
            for t in tasks:
                if self.chance(0.5):
                    t["steps"].append({"call": self.dur(1, 4)})
        return sc


def scenario(seed, k):
    """Scenario number k of the seed: a pure function of (seed, k)."""
    ext = random.Random(f"coroscope-ext:{seed}:{k}")
    if ext.random() < EXT_SHARE:
        return Gen(ext, ext=True).scenario(f"random {seed}/{k} (extensions)")
    rng = random.Random(f"coroscope:{seed}:{k}")
    return Gen(rng).scenario(f"random {seed}/{k}")


def name(seed, k):
    return f"rand-{seed}-{k:04d}"


def main():
    ap = argparse.ArgumentParser(description="seeded random coroscope scenarios")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--first", type=int, default=0, help="number of the first scenario")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for k in range(a.first, a.first + a.count):
        with open(os.path.join(a.out, name(a.seed, k) + ".json"), "w") as f:
            json.dump(scenario(a.seed, k), f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
