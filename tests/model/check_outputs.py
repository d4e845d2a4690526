#!/usr/bin/env python3
"""Every Qt-free output of a run against an independent reading of spec section 5.

For each scenario (the spec's examples, every lesson's scenario, and N random
scenarios from tests/reference/gen_random.py), coroscope-cli writes the trace
and the summary (`run --trace T --summary`), then the exports of the same run
(`export S --csv --chrome --metrics`) and of its trace file (`export T ...`).
spec_metrics.py, written from the spec alone, computes the metrics from the
trace; each output must give the same counts per outcome, makespan, peak in
flight (and waiting), p50/p95/p99, throughput and Little's-law figures:

  summary       every key (events = the trace's line count)
  CSV tasks     counts per state, latencies (end - request of done rows),
                throughput, Little's L / lambda / W from the rows
  CSV metrics   peaks of in_flight / waiting, the final completed count, and
                L as the integral of waiting + in_flight (runs without a queue)
  Chrome        the in-flight / waiting / completed counters, the end marks
                per state, the windowed throughput counter at each sample
  --metrics     the run model's own: every summary key and Little's law

usage: check_outputs.py --cli CLI --examples DIR --lessons DIR [--random N --seed S] --work DIR
"""
import argparse
import csv
import glob
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
import spec_metrics  # noqa: E402

REL = 1e-9


class Check:
    def __init__(self, name):
        self.name = name
        self.problems = []

    def eq(self, what, got, want):
        if got != want:
            self.problems.append(f"{what}: {got!r}, spec says {want!r}")

    def close(self, what, got, want, rel=REL):
        if want is None or got is None:
            self.eq(what, got, want)
            return
        if not math.isclose(got, want, rel_tol=rel, abs_tol=1e-12):
            self.problems.append(f"{what}: {got!r}, spec says {want!r}")


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}: {r.stderr.strip()}")
    return r.stdout


def fnum(s):
    return float(s) if s != "" else None


def check_summary(c, summary, want, lines):
    for key in ("makespan_s", "tasks", "ok", "failed", "cancelled", "latency_p50_s", "latency_p95_s",
                "latency_p99_s", "peak_in_flight", "peak_waiting", "outcome"):
        c.eq(f"summary {key}", summary[key], want[key])
    c.close("summary throughput_per_s", summary["throughput_per_s"], want["throughput_per_s"])
    c.close("summary error_rate", summary["error_rate"], want["error_rate"])
    c.eq("summary events (trace lines)", summary["events"], lines)


def check_model_metrics(c, label, m, want, lines):
    check_summary(c, {**m, "events": m["events"]}, want, lines)
    c.eq(f"{label} latency_samples", m["latency_samples"], want["latency_samples"])
    c.close(f"{label} little L", m["little"]["L"], want["little"]["L"])
    c.close(f"{label} little lambda", m["little"]["lambda_per_s"], want["little"]["lambda_per_s"])
    c.close(f"{label} little W", m["little"]["W_s"], want["little"]["W_s"])


def check_csv_tasks(c, label, path, want, makespan):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    created = [r for r in rows if r["created"] != ""]
    c.eq(f"{label} tasks", len(created), want["tasks"])
    for state, key in (("done", "ok"), ("failed", "failed"), ("cancelled", "cancelled")):
        c.eq(f"{label} {state} rows", sum(1 for r in rows if r["state"] == state), want[key])
    lat = sorted(fnum(r["end"]) - fnum(r["request"]) for r in rows if r["state"] == "done" and r["request"] != "")
    for p in (50, 95, 99):
        c.eq(f"{label} p{p}", spec_metrics.nearest_rank(lat, p), want[f"latency_p{p}_s"])
    ok = sum(1 for r in rows if r["state"] == "done")
    c.close(f"{label} throughput", ok / makespan if makespan > 0 else 0.0, want["throughput_per_s"])
    if makespan > 0:
        area, ended = 0.0, []
        for r in rows:
            if r["request"] == "":
                continue
            req, end = fnum(r["request"]), fnum(r["end"])
            area += max(0.0, min(end if end is not None else makespan, makespan) - req)
            if end is not None:
                ended.append(end - req)
        c.close(f"{label} little L", area / makespan, want["little"]["L"])
        c.close(f"{label} little lambda", len(ended) / makespan, want["little"]["lambda_per_s"])
        c.close(f"{label} little W", sum(ended) / len(ended) if ended else None, want["little"]["W_s"])


def check_csv_metrics(c, label, path, want, makespan, queued):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    c.eq(f"{label} peak in_flight", max((int(r["in_flight"]) for r in rows), default=0), want["peak_in_flight"])
    c.eq(f"{label} peak waiting", max((int(r["waiting"]) for r in rows), default=0), want["peak_waiting"])
    total = want["ok"] + want["failed"] + want["cancelled"]
    c.eq(f"{label} final completed", int(rows[-1]["completed"]) if rows else 0, total)
    if not queued and makespan > 0:
        # Every task of a scenario run asks for a permit first: request -> end
        # is waiting, then in flight.
        area = 0.0
        for a, b in zip(rows, rows[1:] + [{"t": repr(makespan)}]):
            area += (int(a["in_flight"]) + int(a["waiting"])) * (min(float(b["t"]), makespan) - float(a["t"]))
        c.close(f"{label} little L (in_flight + waiting)", area / makespan, want["little"]["L"])


def check_chrome(c, label, path, want, run):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    series = {}
    ends = {"done": 0, "failed": 0, "cancelled": 0}
    for e in doc["traceEvents"]:
        if e["ph"] == "C":
            series.setdefault(e["name"], []).append((e["ts"], next(iter(e["args"].values()))))
        elif e["ph"] == "i" and e.get("cat") == "end" and e["name"] in ends:
            ends[e["name"]] += 1
    c.eq(f"{label} in-flight counter peak", max(v for _, v in series["in flight"]), want["peak_in_flight"])
    c.eq(f"{label} waiting counter peak", max(v for _, v in series["waiting"]), want["peak_waiting"])
    c.eq(f"{label} completed counter at the end", series["completed"][-1][1],
         want["ok"] + want["failed"] + want["cancelled"])
    for state, key in (("done", "ok"), ("failed", "failed"), ("cancelled", "cancelled")):
        c.eq(f"{label} {state} end marks", ends[state], want[key])
    # The windowed throughput changes at each event's instant and when a
    # completion leaves the window: its samples sit on those instants (ts is
    # rounded to the nanosecond, so find the instant it stands for).
    done = [x for (x, s) in run.terminal.values() if s == "done"]
    instants = sorted(set(run.instants()) | {d + 1.0 for d in done})
    for ts, v in series.get("throughput (done/s)", []):
        t = ts / 1e6
        # Instants closer than a nanosecond share a ts: any of them may be the one.
        near = [i for i in instants if abs(i - t) <= 1e-6]
        if not near:
            c.problems.append(f"{label} throughput sampled at {t}, not at an instant of the run")
            continue
        values = [run.window_throughput(i, 1.0) for i in near]
        if not any(math.isclose(v, w, rel_tol=REL, abs_tol=1e-12) for w in values):
            c.problems.append(f"{label} throughput at {t}: {v}, spec says {values}")


def check_one(cli, scenario, work, name):
    c = Check(name)
    base = os.path.join(work, name)
    trace = base + ".trace.jsonl"
    summary = json.loads(run([cli, "run", scenario, "--trace", trace, "--summary"]))
    events = spec_metrics.read_trace(trace)
    # The run's events: its first line, "limiter" (its limit and collector,
    # docs/trace-extensions.md), is none.
    with open(trace, encoding="utf-8") as f:
        lines = sum(1 for line in f if line.strip() and json.loads(line)["ev"] != "limiter")
    want = spec_metrics.metrics(events)
    r = spec_metrics.Run(events)
    makespan = want["makespan_s"]
    queued = bool(r.enqueued)
    check_summary(c, summary, want, lines)
    for label, source in (("export", scenario), ("trace export", trace)):
        out = f"{base}-{'s' if source == scenario else 't'}"
        run([cli, "export", source, "--csv", out + ".csv", "--chrome", out + ".chrome.json",
             "--metrics", out + ".metrics.json"])
        with open(out + ".metrics.json", encoding="utf-8") as f:
            check_model_metrics(c, f"{label} --metrics", json.load(f), want, lines)
        check_csv_tasks(c, f"{label} CSV tasks", out + ".csv", want, makespan)
        check_csv_metrics(c, f"{label} CSV metrics", out + "-metrics.csv", want, makespan, queued)
        check_chrome(c, f"{label} Chrome", out + ".chrome.json", want, r)
    return c


def scenarios(args, work):
    out = []
    for path in sorted(glob.glob(os.path.join(args.examples, "*.json"))):
        out.append((path, "example-" + os.path.splitext(os.path.basename(path))[0]))
    for path in sorted(glob.glob(os.path.join(args.lessons, "*.json"))):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        if "scenario" not in doc:
            continue
        sc = os.path.join(work, "lesson-" + os.path.splitext(os.path.basename(path))[0] + ".json")
        with open(sc, "w", encoding="utf-8") as f:
            json.dump(doc["scenario"], f)
        out.append((sc, os.path.splitext(os.path.basename(sc))[0]))
    if args.random:
        import gen_random
        for k in range(args.random):
            sc = os.path.join(work, gen_random.name(args.seed, k) + ".json")
            with open(sc, "w", encoding="utf-8") as f:
                json.dump(gen_random.scenario(args.seed, k), f)
            out.append((sc, gen_random.name(args.seed, k)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--examples", required=True)
    ap.add_argument("--lessons", required=True)
    ap.add_argument("--random", type=int, default=0)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    todo = scenarios(a, a.work)
    bad = 0
    for path, name in todo:
        try:
            c = check_one(a.cli, path, a.work, name)
        except Exception as e:  # noqa: BLE001 - report and go on
            print(f"FAIL {name}: {e}")
            bad += 1
            continue
        if c.problems:
            bad += 1
            print(f"FAIL {name} ({path}):")
            for p in c.problems[:12]:
                print("   ", p)
    print(f"{len(todo) - bad} of {len(todo)} scenarios: every output agrees with spec section 5")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
