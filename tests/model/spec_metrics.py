#!/usr/bin/env python3
"""Spec section 5's metrics of one run, computed from its JSONL trace alone.

This is the *independent* implementation the run model is checked against
(tests/model/check_outputs.py): it reads nothing but the trace (spec section 4)
and follows the wording of ../shared/spec/scenario.md section 5, not the C++.

usage: spec_metrics.py TRACE.jsonl       prints the metrics as one JSON object

Definitions (spec section 5; the comments quote it):
  makespan_s        "t of the end event"
  ok/failed/cancelled  "tasks per terminal state"
  throughput_per_s  "tasks that ended done / makespan_s"
  latency pXX       "terminal t - request t, over tasks that reached request
                    and ended done"; "nearest-rank percentiles: the value at
                    rank ceil(p/100 * n) of the sorted latencies; none when n = 0"
  in flight         "tasks between running and their terminal event (sampled
                    after the last event of each instant)"
  waiting           "tasks between request and running, sampled the same way;
                    for a queue limit, jobs in the queue" (enqueue -> worker)
  error rate        "(failed + cancelled) / tasks"
  window throughput "at time t with window w: tasks that ended done in
                    (t - w, t] / min(w, t)"
  Little's law      "over tasks that reached request: L = time-average over
                    [0, makespan] of how many are between request and their
                    terminal event; lambda = how many of them ended / makespan;
                    W = mean of terminal t - request t over those that ended"
"""
import json
import math
import sys
from fractions import Fraction

TERMINAL = ("done", "failed", "cancelled")


def read_trace(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def nearest_rank(sorted_values, p):
    """The value at rank ceil(p/100 * n) (1-based); None when n = 0."""
    n = len(sorted_values)
    if n == 0:
        return None
    rank = math.ceil(Fraction(p) * n / 100)  # exact: no 0.95 * 20 = 19.000000000000004
    return sorted_values[max(1, min(n, rank)) - 1]


class Run:
    """The facts of spec section 4 events, per task and per instant."""

    def __init__(self, events):
        self.events = events
        self.created = {}
        self.request = {}
        self.running = {}
        self.terminal = {}      # task -> (t, state)
        self.enqueued = {}      # queue limit: job -> enqueue t
        self.taken = {}         # job -> worker t
        self.end_t = None
        self.outcome = None
        for e in events:
            ev, t = e["ev"], e["t"]
            task = e.get("task")
            if ev == "created":
                self.created.setdefault(task, t)
            elif ev == "request":
                self.request.setdefault(task, t)
            elif ev == "running":
                self.running.setdefault(task, t)
            elif ev in TERMINAL:
                self.terminal.setdefault(task, (t, ev))
            elif ev == "enqueue":
                self.enqueued.setdefault(task, t)
            elif ev == "worker":
                self.taken.setdefault(task, t)
            elif ev == "end":
                self.end_t = t
                self.outcome = e.get("outcome")

    def makespan(self):
        return self.end_t if self.end_t is not None else (self.events[-1]["t"] if self.events else 0.0)

    def counts(self):
        states = [s for (_, s) in self.terminal.values()]
        return {s: states.count(s) for s in TERMINAL}

    # ---- counts sampled after the last event of each instant
    def _count_at(self, t, start, stop):
        """How many tasks are between start[task] (included) and stop (excluded) at the
        end of instant t: start <= t and (no stop or stop > t)."""
        n = 0
        for task, s in start.items():
            e = stop(task)
            if s <= t and (e is None or e > t):
                n += 1
        return n

    def instants(self):
        return sorted({e["t"] for e in self.events})

    def in_flight_at(self, t):
        return self._count_at(t, self.running, lambda k: self.terminal[k][0] if k in self.terminal else None)

    def waiting_at(self, t):
        def stop_request(k):
            ends = [x for x in (self.running.get(k), self.terminal.get(k, (None,))[0]) if x is not None]
            return min(ends) if ends else None
        waiting = self._count_at(t, self.request, stop_request)
        queued = self._count_at(t, self.enqueued, lambda k: self.taken.get(k))
        return waiting + queued

    def peaks(self):
        pf = pw = 0
        for t in self.instants():
            pf = max(pf, self.in_flight_at(t))
            pw = max(pw, self.waiting_at(t))
        return pf, pw

    # ---- latency and Little's law
    def latencies(self):
        return sorted(self.terminal[k][0] - r for k, r in self.request.items()
                      if k in self.terminal and self.terminal[k][1] == "done")

    def little(self):
        m = self.makespan()
        area = 0.0
        ended = []
        for k, r in self.request.items():
            stop = self.terminal[k][0] if k in self.terminal else m
            area += max(0.0, min(stop, m) - r)
            if k in self.terminal:
                ended.append(self.terminal[k][0] - r)
        # W does not depend on the makespan; L and lambda are time-averages
        # over [0, makespan] (0 for a run that ended at t = 0).
        return {"L": area / m if m > 0 else 0.0,
                "lambda_per_s": len(ended) / m if m > 0 else 0.0,
                "W_s": (sum(ended) / len(ended)) if ended else None}

    def window_throughput(self, t, w=1.0):
        done = [tt for (tt, s) in self.terminal.values() if s == "done"]
        if t <= 0:
            return 0.0
        return sum(1 for x in done if t - w < x <= t) / min(w, t)


def metrics(events):
    run = Run(events)
    c = run.counts()
    tasks = len(run.created)
    m = run.makespan()
    lat = run.latencies()
    pf, pw = run.peaks()
    return {
        "makespan_s": m,
        "throughput_per_s": c["done"] / m if m > 0 else 0.0,
        "tasks": tasks,
        "ok": c["done"],
        "failed": c["failed"],
        "cancelled": c["cancelled"],
        "error_rate": (c["failed"] + c["cancelled"]) / tasks if tasks else 0.0,
        "latency_p50_s": nearest_rank(lat, 50),
        "latency_p95_s": nearest_rank(lat, 95),
        "latency_p99_s": nearest_rank(lat, 99),
        "latency_samples": len(lat),
        "peak_in_flight": pf,
        "peak_waiting": pw,
        "outcome": run.outcome,
        "events": len(events),
        "little": run.little(),
    }


def main():
    if len(sys.argv) != 2:
        print(__doc__.splitlines()[4].strip(), file=sys.stderr)
        return 2
    print(json.dumps(metrics(read_trace(sys.argv[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
