#!/usr/bin/env python3
"""Every bundled scenario and experiment speaks English and Chinese.

usage: bundled_i18n.py --cli CLI DIR ...

For each *.json of each DIR (resources/scenarios, resources/experiments):
the spec's "title" (and "description", when there is one) in English, and
"i18n": {"zh_CN": {"title", "description"}} in Chinese (docs/format-extensions.md);
`coroscope-cli check` accepts the file and `coroscope-cli expand` keeps the
translation. Prints one line per problem and `N passed, N failed`.
"""
import argparse
import json
import os
import re
import subprocess
import sys

from tally import Tally

CJK = re.compile(r"[\u4e00-\u9fff]")


def check(path, cli):
    problems = []
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    title = doc.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append("title: missing")
    elif CJK.search(title):
        problems.append("title: the spec's title is the English one")
    zh = (doc.get("i18n") or {}).get("zh_CN")
    if not isinstance(zh, dict):
        return problems + ["i18n.zh_CN: missing"]
    for field in ("title", "description"):
        if field == "description" and not doc.get("description"):
            if zh.get("description"):
                problems.append("i18n.zh_CN.description: there is no English description")
            continue
        text = zh.get(field)
        if not isinstance(text, str) or not CJK.search(text):
            problems.append(f"i18n.zh_CN.{field}: missing or not Chinese")
    r = subprocess.run([cli, "check", path], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        problems.append(f"coroscope-cli check: {r.stderr.strip()}")
    r = subprocess.run([cli, "expand", path], capture_output=True, text=True, timeout=60)
    if r.returncode != 0 or json.loads(r.stdout).get("i18n") != doc.get("i18n"):
        problems.append("coroscope-cli expand does not keep i18n")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    tally = Tally()
    for d in a.dirs:
        for name in sorted(os.listdir(d)):
            if not name.endswith(".json"):
                continue
            tally.add(f"{os.path.basename(d)}/{name}", check(os.path.join(d, name), a.cli))
    return tally.status(need_one=True)


if __name__ == "__main__":
    sys.exit(main())
