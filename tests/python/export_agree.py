#!/usr/bin/env python3
"""For every spec example and lesson scenario: the generated program traced by the stdlib tracer (--virtual)
must export (CSV per task, metric series, metrics JSON) what the engine's own trace of the scenario exports.

usage: export_agree.py [--cli CLI] [--python PY] [--keep DIR] [--all] [FILE.json ...]
(default: every spec example, /work/shared/spec/examples/*.json, and every lesson of resources/lessons/index.json)

For each: `coroscope-cli python S > program.py`; `coroscope-cli run S --trace E.jsonl`; `python3 -m
coroscope_trace --virtual -q -o T.jsonl program.py` (the stdlib tracer, not the program's own --trace);
`coroscope-cli export E.jsonl|T.jsonl --csv X.csv --metrics X.json`; then the CSV per task, the CSV over time
(X-metrics.csv) and the metrics JSON compared field by field (engine|tracer). A tracer's lanes numbered
otherwise (a Queue's workers take the first ids) are matched to the engine's tasks in id order when both
have as many. Left out unless --all: the metrics' `events` (the files' line counts differ by design) and
the virtual-clock runner's `program_warning` notes (ties, set order: the engine writes none).
Prints one block per scenario that differs, "N agree, N differ"; exit 1 when any differs."""
import argparse, csv, glob, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PKG = os.path.join(ROOT, "resources", "python")
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))


def scenarios(files):
    if not files:
        files = sorted(glob.glob(os.path.join(SHARED, "spec", "examples", "*.json")))
        index = json.load(open(os.path.join(ROOT, "resources", "lessons", "index.json")))
        files += [os.path.join(ROOT, "resources", "lessons", lesson + ".json")
                  for group in index["groups"] for lesson in group["lessons"]]
    for f in files:
        d = json.load(open(f))
        yield os.path.basename(f)[:-5], (d["scenario"] if "scenario" in d else d)


def export(cli, trace, stem):
    subprocess.run([cli, "export", trace, "--csv", stem + ".csv", "--metrics", stem + ".json"],
                   check=True, capture_output=True)
    rows = list(csv.DictReader(open(stem + ".csv")))
    series = list(csv.DictReader(open(stem + "-metrics.csv"))) if os.path.exists(stem + "-metrics.csv") else []
    return rows, series, json.load(open(stem + ".json"))


def diff_json(a, b, path, out, everything=False):
    if not everything and path == ".events":
        return
    if not everything and path == ".warnings" and isinstance(b, list):
        b = [w for w in b if w.get("kind") != "program_warning"]
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            diff_json(a.get(k), b.get(k), f"{path}.{k}", out, everything)
    elif a != b:
        out.append(f"  metrics{path}: engine {json.dumps(a)} | tracer {json.dumps(b)}")


def diff_rows(a, b, what, key, out):
    cols = [c for c in (a[0].keys() if a else []) if c in (b[0].keys() if b else [])]
    extra = sorted(set(b[0].keys() if b else []) ^ set(a[0].keys() if a else []))
    # a column only one side has is reported once, and only when it is not all zero there
    for c in extra:
        side, rows = ("engine", a) if a and c in a[0] else ("tracer", b)
        if any(r[c] not in ("0", "0.0", "") for r in rows):
            out.append(f"  {what} column {c} only in the {side}'s: " +
                       ", ".join(f"{r[key]}={r[c]}" for r in rows if r[c] not in ("0", "0.0", "")))
    ka = {r[key]: r for r in a}
    kb = {r[key]: r for r in b}
    if key == "id" and set(ka) != set(kb) and len(ka) == len(kb):
        # lanes numbered otherwise (a Queue's workers first): matched in id order
        order = sorted(kb, key=int)
        kb = {ida: dict(kb[idb], id=ida) for ida, idb in zip(sorted(ka, key=int), order)}
        out.append(f"  task ids: the tracer's {order[0]}..{order[-1]} read as the engine's "
                   f"{min(ka, key=int)}..{max(ka, key=int)}")
    for k in sorted(set(ka) | set(kb), key=lambda s: float(s)):
        if k not in ka or k not in kb:
            out.append(f"  {what} {key}={k}: only in the {'tracer' if k in kb else 'engine'}'s: "
                       f"{dict(kb.get(k) or ka.get(k))}")
            continue
        d = [f"{c} {ka[k][c]}|{kb[k][c]}" for c in cols if ka[k][c] != kb[k][c]]
        if d:
            out.append(f"  {what} {key}={k}: " + ", ".join(d) + "   (engine|tracer)")


# Known causes of a difference (found with CPython 3.11.7; see each line's tag): (tag, test(line, scenario)).
def _tasks_any(scen, key):
    return any(key in t for t in scen.get("tasks", []))


CAUSES = [
    ("no-request: the task awaits no Semaphore/Lock; the tracer's request is a task's first wait for one, the "
     "engine writes one for every task, so no latency or Little's law either",
     lambda l, s: (re.match(r"  task id=\d+: request [\d.e-]+\|   ", l)
                   or re.search(r"metrics\.(little|latency|mean_lat)", l))),
    ("sequential: for i: await job(i) makes no asyncio Task in CPython; the tracer has no lane for it",
     lambda l, s: s.get("collect", {}).get("kind") == "sequential"),
    ("lane-ids: a Queue's workers are tasks made first; the tracer numbers its item lanes after them",
     lambda l, s: l.startswith("  task ids:")),
    ("harness: the generated program's harness catches what asyncio.run raises (or its own stuck-detector's "
     "Ctrl-C) and exits 0: the tracer's end is the process's",
     lambda l, s: "metrics.outcome" in l or ('"deadlock"' in l and "forgotten_release" in l)),
    ("pending: the engine's pending lines are the program's own trace(), not a fact the tracer records",
     lambda l, s: "pending_after_wait" in l),
    ("wait-for: the engine's task is job(i), cancelled by the timeout; the tracer's is the asyncio Task, which "
     "ends with TimeoutError (task.exception())",
     lambda l, s: _tasks_any(s, "timeout") and ("TimeoutError" in l or re.search(r"metrics\.(cancelled|failed)", l))),
    ("arrival: a task's arrive sleep, before a request no Semaphore marks (no limit): the tracer's task runs from "
     "its creation, in flight while it sleeps",
     lambda l, s: _tasks_any(s, "arrive") and "limit" not in s and re.search(r"in_flight|running|ran_s", l)),
    ("service-wait: tasks wait in the Service's own Semaphore(capacity) in CPython (a request again); the "
     "engine draws the service's queue as running; its rejections are its own 'rejected' lines",
     lambda l, s: "service" in s and re.search(r"in_flight|waiting|waited_again|held_while_waiting|rejections", l)),
    ("lock-wait: tasks wait for the counter's asyncio.Lock in CPython; the engine draws them running",
     lambda l, s: s.get("counter", {}).get("lock") and re.search(r"in_flight|waiting|running|waited|ran_s", l)),
    ("counter: the engine's counter lines (lost updates) are the program's own trace()",
     lambda l, s: "lost_updates" in l),
    ("release-twice: CPython holds 3 permits of the Semaphore(2) (both CSVs say so); the engine's run writes no "
     "warning of it",
     lambda l, s: _tasks_any(s, "release_twice") and "permits_above_limit" in l),
]


def cause(line, scen):
    return next((tag.split(":")[0] for tag, test in CAUSES if test(line, scen)), None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.path.join(ROOT, "build", "app", "cli", "coroscope-cli"))
    ap.add_argument("--python", default="python3")
    ap.add_argument("--keep")
    ap.add_argument("--all", action="store_true", help="also the events count and the runner's notes")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="export_agree.")
    agree = differ = unknown = 0
    for name, scen in scenarios(args.files):
        d = os.path.join(work, name)
        os.makedirs(d, exist_ok=True)
        sfile = os.path.join(d, "scenario.json")
        json.dump(scen, open(sfile, "w"), indent=1)
        prog = os.path.join(d, "program.py")
        with open(prog, "w") as f:
            subprocess.run([args.cli, "python", sfile], stdout=f, check=True)
        subprocess.run([args.cli, "run", sfile, "--trace", os.path.join(d, "E.jsonl")], check=True,
                       capture_output=True)
        env = dict(os.environ, PYTHONPATH=PKG)
        r = subprocess.run([args.python, "-m", "coroscope_trace", "--virtual", "-q", "-o",
                            os.path.join(d, "T.jsonl"), prog], env=env, capture_output=True, text=True, cwd=d)
        out = []
        if r.returncode not in (0, 1):
            out.append(f"  tracer exit {r.returncode}: {r.stderr.strip()[-300:]}")
        try:
            e = export(args.cli, os.path.join(d, "E.jsonl"), os.path.join(d, "E"))
            t = export(args.cli, os.path.join(d, "T.jsonl"), os.path.join(d, "T"))
        except subprocess.CalledProcessError as x:
            out.append(f"  export failed: {x.stderr}")
        else:
            diff_rows(e[0], t[0], "task", "id", out)
            diff_rows(e[1], t[1], "series", "t", out)
            diff_json(e[2], t[2], "", out, args.all)
        if out:
            differ += 1
            print(f"{name}: differs")
            for line in out:
                tag = cause(line, scen)
                print(line if tag is None else f"{line}   [{tag}]")
                unknown += tag is None
        else:
            agree += 1
    print(f"{agree} agree, {differ} differ, {unknown} differences of no known cause ({work})")
    for tag, _ in CAUSES:
        print("  [" + tag.replace(": ", "] ", 1))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
