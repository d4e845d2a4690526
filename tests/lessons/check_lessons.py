#!/usr/bin/env python3
"""Every bundled lesson is well formed, loads, and runs to its expected outcome.

usage: check_lessons.py --cli CLI [--oracle coroscope_ref.py] [--index DIR/index.json] LESSON.json ...
       check_lessons.py --cli CLI --index DIR/index.json --all

For each lesson file: the fields of the lesson format (id = file name, group,
order, title/explanation (and explanation_after) in en and zh_CN, notice (and
notice_after) lists of the same length, predict with a valid answer, callouts
with times, expected_outcome; a time may be the id of a claim, which stands
for the claim's expected value), then the
"scenario" object extracted to a file of its own: `coroscope-cli check` must
accept it, `coroscope-cli run --trace` must end with the lesson's
expected_outcome, and so must the oracle (coroscope_ref.py) when given.
Predict reveal times and callout times must lie within the run.
With --index, the index must list exactly the lesson files of its folder,
each once, in the group the lesson names. Prints one line per problem and
`N passed, N failed`; exit 1 on any problem.
"""
import argparse
import json
import os
import re
import unicodedata
import subprocess
import sys
import tempfile

from tally import Tally

GROUPS = ("basics", "limiting", "collecting", "cancellation", "pitfalls", "choosing")
LANGS = ("en", "zh_CN")
OUTCOME = re.compile(r"^(ok|deadlock|raised:[A-Za-z_][A-Za-z0-9_.]*)$")
CJK = re.compile(r"[\u4e00-\u9fff]")


CODE_PLACEHOLDER = re.compile(r"`\{([a-z0-9_]+)(?::[a-z_]+)?\}`")


def localized(v, path, problems, markdown=False):
    if not isinstance(v, dict):
        problems.append(f"{path}: must be an object with en and zh_CN")
        return
    for lang in LANGS:
        s = v.get(lang)
        if not isinstance(s, str) or not s.strip():
            problems.append(f"{path}.{lang}: missing or empty")
    zh = v.get("zh_CN")
    if isinstance(zh, str) and len(zh) > 40 and not CJK.search(zh):  # an untranslated text
        problems.append(f"{path}.zh_CN: no Chinese text")
    if markdown:
        for lang in LANGS:
            s = v.get(lang) or ""
            if s.count("```") % 2:
                problems.append(f"{path}.{lang}: unbalanced ``` fence")


def moment(doc, t):
    """A time in seconds, or a claim's id standing for its expected value (None: neither)."""
    if isinstance(t, str):
        for c in doc.get("claims") or []:
            if c.get("id") == t and isinstance(c.get("expect"), (int, float)):
                t = c["expect"]
                break
    return t if isinstance(t, (int, float)) and not isinstance(t, bool) and t >= 0 else None


# How wide a question's choice may be, in columns (a CJK character counts two).
MAX_CHOICE_WIDTH = 60


def columns(text):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def check_fields(doc, file_id, problems):
    if doc.get("id") != file_id:
        problems.append(f"id: {doc.get('id')!r} is not the file name {file_id!r}")
    if doc.get("group") not in GROUPS:
        problems.append(f"group: {doc.get('group')!r} is not one of {', '.join(GROUPS)}")
    if not isinstance(doc.get("order"), int) or doc["order"] < 1:
        problems.append("order: must be an integer >= 1")
    localized(doc.get("title"), "title", problems)
    localized(doc.get("explanation"), "explanation", problems, markdown=True)
    if "explanation_after" in doc:
        localized(doc.get("explanation_after"), "explanation_after", problems, markdown=True)
    for field in ("notice", "notice_after"):
        notice = doc.get(field)
        if notice is None and field == "notice_after":
            continue
        if not isinstance(notice, dict) or any(not isinstance(notice.get(l), list) or not notice.get(l) for l in LANGS):
            problems.append(f"{field}: must hold non-empty en and zh_CN lists")
        elif len(notice["en"]) != len(notice["zh_CN"]):
            problems.append(f"{field}: en and zh_CN lists differ in length")
        else:
            for lang in LANGS:
                for k, s in enumerate(notice[lang]):
                    if not isinstance(s, str) or not s.strip():
                        problems.append(f"{field}.{lang}[{k}]: empty")
    p = doc.get("predict")
    if p is not None:
        localized(p.get("question"), "predict.question", problems)
        choices = p.get("choices")
        if not isinstance(choices, list) or len(choices) < 2:
            problems.append("predict.choices: at least two")
        else:
            for k, c in enumerate(choices):
                localized(c, f"predict.choices[{k}]", problems)
                # A choice is a button that does not wrap: the Lessons dock grows to the widest
                # one, and at 1366x768 a 70-character choice left the timeline half its width.
                wide = {lang: columns(c.get(lang) or "") for lang in LANGS}
                for lang, w in wide.items():
                    if w > MAX_CHOICE_WIDTH:
                        problems.append(f"predict.choices[{k}].{lang}: {w} columns wide (CJK counts 2), more "
                                        f"than {MAX_CHOICE_WIDTH}: its button widens the Lessons dock")
            a = p.get("answer")
            if not isinstance(a, int) or not 0 <= a < len(choices):
                problems.append("predict.answer: must index choices")
        if moment(doc, p.get("reveal_at")) is None:
            problems.append("predict.reveal_at: must be a time >= 0 or a claim's id")
    for k, c in enumerate(doc.get("callouts") or []):
        if moment(doc, c.get("t")) is None:
            problems.append(f"callouts[{k}].t: must be a time >= 0 or a claim's id")
        localized(c.get("text"), f"callouts[{k}].text", problems)
    out = doc.get("expected_outcome")
    if not isinstance(out, str) or not OUTCOME.match(out):
        problems.append(f"expected_outcome: {out!r} is not ok, deadlock or raised:Name")
    if not isinstance(doc.get("scenario"), dict):
        problems.append("scenario: must be an object")
    # A claim's placeholder alone in `code` is never filled (code is the
    # program's, copied as it is): the student read a literal `{outcome}`.
    ids = {c.get("id") for c in doc.get("claims") or [] if isinstance(c, dict)}
    for path, text in texts(doc):
        for m in CODE_PLACEHOLDER.finditer(text):
            if m.group(1) in ids:
                problems.append(f"{path}: {m.group(0)} is in code, so never filled: write {m.group(0)[1:-1]}")
    # The timeline draws no mark where a task is created: its bar begins
    # there, and its tooltip says `created`. Two lessons sent the student
    # looking for a "`created` mark" that is not on screen.
    for path, text in texts(doc):
        if NO_SUCH_MARK.search(text):
            problems.append(f"{path}: speaks of a `created` mark; the timeline draws none (a bar begins where its "
                            "task is created; its tooltip says created)")
        # Where a panel is depends on the screen: at 1280x720 the right-hand
        # side shows Metrics and the Code panel is one of its tabs; in
        # presentation mode the code is under the lesson. Name the panel.
        if ON_THE_RIGHT.search(text):
            problems.append(f"{path}: says something is on the right; name its panel (the Code panel) instead")
    # A pool's job is 作业 on screen in Chinese (the legend's "作业在池中排队",
    # the tooltips): a lesson about a pool that called it 工作 ("五个 1.0 秒的
    # 阻塞工作", "两个工作真正在并行计算") spoke of one thing with two words.
    scenario = doc.get("scenario") if isinstance(doc.get("scenario"), dict) else {}
    if "executor" in scenario or "process_pool" in scenario:
        for path, text in texts(doc):
            m = POOL_JOB_AS_WORK.search(text)
            if m and (path.endswith("zh_CN") or ".zh_CN[" in path):
                problems.append(f"{path}: '{m.group(0)}': a pool's job is 作业 on screen, as in the legend")


NO_SUCH_MARK = re.compile(r"`created` (mark|标记)")
POOL_JOB_AS_WORK = re.compile(r"(阻塞|CPU |个|池里的|线程)工作(?!者|进程)")
ON_THE_RIGHT = re.compile(r"\bon the right\b|右边的")


def texts(doc):
    """(path, text) of each of a lesson's texts in each language."""
    def walk(v, path):
        if isinstance(v, str):
            yield path, v
        elif isinstance(v, dict):
            for k, x in v.items():
                if k != "scenario":
                    yield from walk(x, f"{path}.{k}" if path else k)
        elif isinstance(v, list):
            for k, x in enumerate(v):
                yield from walk(x, f"{path}[{k}]")
    yield from walk(doc, "")


def end_event(path):
    end = None
    with open(path) as f:
        for line in f:
            if line.strip():
                e = json.loads(line)
                if e.get("ev") == "end":
                    end = e
    return end


# Two tasks that end at one instant of the virtual clock end a little apart
# on a real one (their timers were set microseconds apart): the lesson says
# so (resources/lessons/README.md, "Before the answer"), in each language.
# Nine lessons drew such ties and said nothing (gather-runs-together's tasks
# 0 and 3, the pools' pairs of jobs, which CPython ends milliseconds apart in
# either order). Not blocking-call-freezes: there the sleeps that end with
# the blocking call were overdue, and a real clock ends them together too.
REAL_TIES = {"blocking-call-freezes"}
VIRTUAL_WORDS = {"en": ("virtual clock", "virtual instant"), "zh_CN": ("虚拟时钟", "虚拟时刻")}


def tied_without_a_word(doc, file_id, trace, problems):
    if file_id in REAL_TIES:
        return
    ends = {}
    with open(trace, encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            if e.get("ev") in ("done", "failed") and "task" in e:
                ends.setdefault(round(e["t"], 6), []).append(e["task"])
    ties = {t: tasks for t, tasks in ends.items() if len(tasks) > 1}
    if not ties:
        return
    t, tasks = min(ties.items())
    for lang, words in VIRTUAL_WORDS.items():
        said = [text for path, text in texts(doc) if path.endswith("." + lang) or f".{lang}[" in path]
        if not any(w in text for text in said for w in words):
            problems.append(f"{lang}: tasks {tasks} end at one instant ({t} s) and the lesson never says that a "
                            "real clock would end them a little apart")


def check_lesson(path, a):
    file_id = os.path.splitext(os.path.basename(path))[0]
    problems = []
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        return file_id, [f"not readable JSON: {e}"], None
    check_fields(doc, file_id, problems)
    if not isinstance(doc.get("scenario"), dict):
        return file_id, problems, doc
    with tempfile.TemporaryDirectory(prefix="coroscope-lesson-") as work:
        sc = os.path.join(work, file_id + ".json")
        with open(sc, "w") as f:
            json.dump(doc["scenario"], f, indent=1)
        r = subprocess.run([a.cli, "check", sc], capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            problems.append(f"coroscope-cli check: {r.stderr.strip() or r.stdout.strip()}")
            return file_id, problems, doc
        runs = [("engine", [a.cli, "run", sc, "--trace", os.path.join(work, "engine.jsonl")])]
        if a.oracle:
            runs.append(("oracle", [sys.executable, a.oracle, sc, "--trace", os.path.join(work, "oracle.jsonl")]))
        for who, cmd in runs:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
            if r.returncode != 0:
                problems.append(f"{who} exited {r.returncode}: {r.stderr.strip()[-300:]}")
                continue
            end = end_event(os.path.join(work, who + ".jsonl"))
            if end is None:
                problems.append(f"{who}: the trace has no end event")
                continue
            if end.get("outcome") != doc.get("expected_outcome"):
                problems.append(f"{who}: outcome {end.get('outcome')!r}, the lesson expects "
                                f"{doc.get('expected_outcome')!r}")
            if who == "engine":
                tied_without_a_word(doc, file_id, os.path.join(work, who + ".jsonl"), problems)
            makespan = end.get("t", 0.0)
            p = doc.get("predict") or {}
            at = moment(doc, p.get("reveal_at"))
            if at is not None and at > makespan + 1e-9:
                problems.append(f"{who}: predict.reveal_at {at} is after the end ({makespan})")
            for k, c in enumerate(doc.get("callouts") or []):
                t = moment(doc, c.get("t"))
                if t is not None and t > makespan + 1e-9:
                    problems.append(f"{who}: callouts[{k}].t {t} is after the end ({makespan})")
    return file_id, problems, doc


def check_index(index_path, docs, problems):
    folder = os.path.dirname(os.path.abspath(index_path))
    with open(index_path, encoding="utf-8") as f:
        index = json.load(f)
    files = sorted(os.path.splitext(n)[0] for n in os.listdir(folder)
                   if n.endswith(".json") and n != "index.json")
    listed = []
    groups = index.get("groups")
    if not isinstance(groups, list) or not groups:
        problems.append("index.json: groups must be a non-empty list")
        return
    for g in groups:
        gid = g.get("id")
        if gid not in GROUPS:
            problems.append(f"index.json: unknown group {gid!r}")
        localized(g.get("title"), f"index.json groups[{gid}].title", problems)
        for k, lid in enumerate(g.get("lessons") or []):
            listed.append(lid)
            doc = docs.get(lid)
            if doc is not None:
                if doc.get("group") != gid:
                    problems.append(f"index.json: {lid} is listed in {gid} but says group {doc.get('group')!r}")
                if doc.get("order") != k + 1:
                    problems.append(f"index.json: {lid} is number {k + 1} of {gid} but says order {doc.get('order')}")
    for lid in listed:
        if listed.count(lid) > 1:
            problems.append(f"index.json: {lid} listed {listed.count(lid)} times")
            break
    for lid in sorted(set(files) - set(listed)):
        problems.append(f"index.json: does not list {lid}.json")
    for lid in sorted(set(listed) - set(files)):
        problems.append(f"index.json: lists {lid}, which has no file")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--oracle", default=None)
    ap.add_argument("--index", default=None, help="the lessons' index.json")
    ap.add_argument("--all", action="store_true", help="every lesson of the index's folder")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    files = list(a.files)
    if a.all:
        if not a.index:
            ap.error("--all needs --index")
        folder = os.path.dirname(os.path.abspath(a.index))
        files += sorted(os.path.join(folder, n) for n in os.listdir(folder)
                        if n.endswith(".json") and n != "index.json")
    tally = Tally()
    docs = {}
    for path in files:
        lid, problems, doc = check_lesson(path, a)
        if doc is not None:
            docs[lid] = doc
        tally.add(lid, problems)
    if a.index:
        problems = []
        if a.all:
            check_index(a.index, docs, problems)
        else:
            # Only the listed ids of the given files are checked against the index.
            with open(a.index, encoding="utf-8") as f:
                index = json.load(f)
            listed = {lid: g.get("id") for g in index.get("groups", []) for lid in g.get("lessons", [])}
            for lid, doc in docs.items():
                if lid not in listed:
                    problems.append(f"index.json: does not list {lid}")
                elif listed[lid] != doc.get("group"):
                    problems.append(f"index.json: {lid} is listed in {listed[lid]} but says {doc.get('group')!r}")
        if problems:  # the index counts as a failure, not as a lesson that passed
            tally.add("", problems)
    return tally.status()


if __name__ == "__main__":
    sys.exit(main())
