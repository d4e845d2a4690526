#!/usr/bin/env python3
"""A lesson's claims hold on the engine and on real CPython; its texts keep the answer back.

usage: lesson_claims.py --cli CLI --python PY [--python PY2 ...] [--tracer DIR] --claims LESSON.json ...
       lesson_claims.py --cli CLI --spoilers LESSON.json ...

--claims: every lesson declares claims (the facts its texts quote), and
  `coroscope-cli claims LESSON` finds each one true
  - on the engine's run of the lesson's scenario;
  - for each --python interpreter, on its run of the lesson's generated
    program on the virtual clock (`coroscope-cli python`, then
    `PY program.py --trace T`, then `claims LESSON --trace T`);
  - for the claims about real time ("clock": "real"), on the same program
    run in real time under the Python tracer (`PY -m coroscope_trace`, from
    --tracer DIR) by each interpreter, on this machine;
  - with --tracer, a tie the virtual clock makes and a real clock would not
    is named: when the first --python's run of the program under the
    virtual-clock runner (`PY -m coroscope_trace --virtual`) warns of one
    (`instant_tie` where both timers end a task at that instant, or
    `clock_tie`), the lesson's texts say so in both languages ("virtual",
    "虚拟"): on a real clock those tasks end apart, maybe in another order.
--spoilers: a lesson with a question declares its answer's tokens in English
  and Chinese, and `coroscope-cli claims LESSON` finds none of them in what
  the app shows before the answer is revealed (title, explanation, notice,
  question, callouts before reveal_at), texts filled from the engine's run.

Prints one line per problem and `N passed, N failed`; exit 1 on any problem.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

from tally import Tally

LANGS = ("en", "zh_CN")


def claims_json(cli, lesson, extra, timeout=120):
    """`coroscope-cli claims LESSON --json EXTRA`: (parsed output, problem or None)."""
    r = subprocess.run([cli, "claims", lesson, "--json"] + extra, capture_output=True, text=True, timeout=timeout)
    if r.returncode not in (0, 3):
        return None, f"claims {' '.join(extra)} exited {r.returncode}: {(r.stderr or r.stdout).strip()[-400:]}"
    try:
        return json.loads(r.stdout), None
    except ValueError:
        return None, f"claims printed no JSON: {r.stdout[-300:]!r}"


def failed_claims(out, who):
    return [f"{who}: {c['id']} = {c['value']!r}, the lesson expects {c['expect']!r}"
            for c in out["claims"] if not c["ok"]]


def version(py):
    r = subprocess.run([py, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                       capture_output=True, text=True, timeout=60)
    return r.stdout.strip() or "?"


def check_claims(path, doc, a, work):
    problems = []
    claims = doc.get("claims") or []
    if not claims:
        return ["declares no claims: every fact a lesson states must be one"]
    out, err = claims_json(a.cli, path, [])
    if err:
        return [f"engine: {err}"]
    problems += failed_claims(out, "engine")

    sc = os.path.join(work, "scenario.json")
    with open(sc, "w") as f:
        json.dump(doc["scenario"], f, indent=1)
    prog = os.path.join(work, "program.py")
    r = subprocess.run([a.cli, "python", sc], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        return problems + [f"coroscope-cli python failed: {r.stderr.strip()}"]
    with open(prog, "w") as f:
        f.write(r.stdout)
    if a.tracer:
        try:
            ties = virtual_ties(a.python[0], prog, a.tracer, work, a.timeout)
        except RuntimeError as e:
            ties, problems = [], problems + [str(e)]
        for lang in LANGS if ties else ():
            if VIRTUAL[lang] not in lesson_texts(doc, lang):
                t, kind, pair = ties[0]
                problems.append(f"{lang}: the virtual clock ties the ends of tasks {pair} at {t:g} s ({kind}: "
                                f"on a real clock they end apart), and no text says so ({VIRTUAL[lang]!r})")
    real = any(c.get("clock") == "real" for c in claims)
    for k, py in enumerate(a.python):
        who = f"CPython {version(py)} ({py})"
        trace = os.path.join(work, f"virtual-{k}.jsonl")
        r = subprocess.run([py, prog, "--trace", trace], capture_output=True, text=True, timeout=a.timeout, cwd=work)
        if r.returncode != 0:
            problems.append(f"{who}: program.py --trace exited {r.returncode}: {r.stderr.strip()[-300:]}")
            continue
        out, err = claims_json(a.cli, path, ["--trace", trace])
        problems += [f"{who}: {err}"] if err else failed_claims(out, who + ", virtual clock")
        if not real:
            continue
        if not a.tracer:
            problems.append("claims about real time need --tracer (resources/python)")
            continue
        rtrace = os.path.join(work, f"real-{k}.jsonl")
        env = dict(os.environ, PYTHONPATH=a.tracer + os.pathsep + os.environ.get("PYTHONPATH", ""))
        r = subprocess.run([py, "-m", "coroscope_trace", "-q", "-o", rtrace, prog],
                           capture_output=True, text=True, timeout=a.timeout, cwd=work, env=env)
        if r.returncode != 0:
            problems.append(f"{who}: the real-time run under coroscope_trace exited {r.returncode}: "
                            f"{r.stderr.strip()[-300:]}")
            continue
        out, err = claims_json(a.cli, path, ["--trace", rtrace, "--clock", "real"])
        problems += [f"{who}: {err}"] if err else failed_claims(out, who + ", real time")
    return problems


def lesson_texts(doc, lang):
    """Every text of the lesson in `lang` (its title, explanations, points, question, choices, callouts)."""
    out = []

    def walk(v):
        if isinstance(v, dict):
            if isinstance(v.get(lang), str):
                out.append(v[lang])
            elif isinstance(v.get(lang), list):
                out.extend(x for x in v[lang] if isinstance(x, str))
            for k, x in v.items():
                if k not in LANGS and k not in ("scenario", "claims", "answer_tokens"):
                    walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(doc)
    return "\n".join(out)


# How a lesson names the virtual clock's ties, per language.
VIRTUAL = {"en": "virtual", "zh_CN": "虚拟"}


def virtual_ties(py, prog, tracer, work, timeout):
    """The ties the virtual-clock runner warns of in its run of `prog` that a
    real clock would not make: (time, kind, tasks) for each `clock_tie`, and
    each `instant_tie` whose two timers both end a task at that instant."""
    trace = os.path.join(work, "runner-virtual.jsonl")
    env = dict(os.environ, PYTHONPATH=tracer + os.pathsep + os.environ.get("PYTHONPATH", ""))
    r = subprocess.run([py, "-m", "coroscope_trace", "-q", "--virtual", "-o", trace, prog],
                       capture_output=True, text=True, timeout=timeout, cwd=work, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"the virtual-clock runner exited {r.returncode}: {r.stderr.strip()[-300:]}")
    with open(trace, encoding="utf-8") as f:
        events = [json.loads(line) for line in f if line.strip()]
    ties = []
    for w in events:
        if w.get("ev") != "warning" or w.get("kind") not in ("instant_tie", "clock_tie"):
            continue
        pair = [(w.get("first") or {}).get("task"), (w.get("second") or {}).get("task")]
        ends = {e.get("task") for e in events
                if e.get("ev") in ("done", "failed") and abs(e["t"] - w["t"]) < 1e-9}
        if w["kind"] == "clock_tie" or all(t is not None and t in ends for t in pair):
            ties.append((w["t"], w["kind"], pair))
    return ties


def check_spoilers(path, doc, a):
    problems = []
    p = doc.get("predict")
    if p is not None:
        tokens = p.get("answer_tokens") or {}
        for lang in LANGS:
            if not isinstance(tokens.get(lang), list) or not tokens[lang]:
                problems.append(f"predict.answer_tokens.{lang}: a question lesson declares its answer's tokens")
    out, err = claims_json(a.cli, path, [])
    if err:
        return problems + [err]
    for s in out["spoilers"]:
        problems.append(f"{s['lang']} {s['where']} shows {s['token']!r} before the answer is revealed")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--python", action="append", default=[], help="a CPython 3.11 to check on (repeatable)")
    ap.add_argument("--tracer", default=None, help="the folder holding the coroscope_trace package")
    ap.add_argument("--timeout", type=float, default=120)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--claims", action="store_true")
    mode.add_argument("--spoilers", action="store_true")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    if a.claims and not a.python:
        ap.error("--claims needs at least one --python")
    if a.tracer:
        a.tracer = os.path.abspath(a.tracer)  # the programs run in a folder of their own
    tally = Tally()
    for path in a.files:
        lid = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        with tempfile.TemporaryDirectory(prefix="coroscope-claims-") as work:
            try:
                problems = check_claims(path, doc, a, work) if a.claims else check_spoilers(path, doc, a)
            except subprocess.TimeoutExpired as e:
                problems = [f"timed out: {e.cmd[:3]}"]
        tally.add(lid, problems)
    return tally.status()


if __name__ == "__main__":
    sys.exit(main())
