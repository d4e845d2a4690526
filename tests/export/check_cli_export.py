"""coroscope-cli export, end to end (stdlib only).

    python3 check_cli_export.py --cli coroscope-cli --gui 1 --scenario S.json --workdir DIR

From a scenario and from a trace of it (.jsonl): the Chrome JSON parses and
every track is well formed, the CSV has a row per task, the SVG is XML and
the PNG is not blank (decoded here with zlib). Without the GUI build, --png
and --svg must fail with a clear error. Bad input exits 2 with one line.
"""

import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run(cli, *args, rc=0):
    r = subprocess.run([cli, *args], capture_output=True, text=True, timeout=120)
    if r.returncode != rc:
        fail("%s -> exit %d (wanted %d)\nstdout: %s\nstderr: %s" % (args, r.returncode, rc, r.stdout, r.stderr))
    return r


def check_chrome(path, tasks, permits):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    last, depth, starts, ends, per_track = {}, {}, {}, {}, {}
    for e in doc["traceEvents"]:
        ph = e["ph"]
        if ph == "M":
            continue
        if ph == "C":
            key = ("C", e["name"])
        else:
            key = (e["pid"], e["tid"])
            per_track[key] = per_track.get(key, 0) + 1
        if e["ts"] < last.get(key, float("-inf")):
            fail("%s: ts goes back on track %s" % (path, key))
        last[key] = e["ts"]
        if ph == "X" and e["dur"] < 0:
            fail("%s: negative dur" % path)
        if ph == "B":
            depth[key] = depth.get(key, 0) + 1
        if ph == "E":
            depth[key] = depth.get(key, 0) - 1
            if depth[key] < 0:
                fail("%s: E without B" % path)
        if ph == "s":
            starts[e["id"]] = starts.get(e["id"], 0) + 1
        if ph == "f":
            ends[e["id"]] = ends.get(e["id"], 0) + 1
    if any(depth.values()):
        fail("%s: unbalanced B/E" % path)
    if starts != ends or not starts:
        fail("%s: flows do not pair up (%s vs %s)" % (path, starts, ends))
    task_tracks = [k for k in per_track if k[1] >= 2]
    if len(task_tracks) != tasks:
        fail("%s: %d task tracks, wanted %d" % (path, len(task_tracks), tasks))
    counters = {e["name"] for e in doc["traceEvents"] if e["ph"] == "C"}
    for c in ("waiting", "in flight", "throughput (done/s)"):
        if c not in counters:
            fail("%s: no %r counter" % (path, c))
    # A scenario's semaphore has permits to count, and so has its trace read
    # back, whose "limiter" line says its limit; without one, no counter
    # that would copy "in flight".
    if ("permits in use" in counters) != permits:
        fail("%s: a 'permits in use' counter %s" % (path, "missing" if permits else "without permits"))


def check_csv(path, tasks, permits):
    with open(path, encoding="utf-8") as f:
        rows = [line.split(",") for line in f.read().splitlines()]
    if rows[0] != "id,state,created,request,running,end,waited_s,ran_s,total_s,outcome".split(","):
        fail("%s: header %s" % (path, rows[0]))
    if len(rows) != tasks + 1:
        fail("%s: %d rows" % (path, len(rows) - 1))
    metrics = path[:-4] + "-metrics.csv"
    with open(metrics, encoding="utf-8") as f:
        head = f.readline().strip()
        rows = [line.split(",") for line in f.read().splitlines()]
    if head != "t,in_flight,waiting,permits_in_use,completed":
        fail("%s: header %s" % (metrics, head))
    if not rows or any((r[3] != "") != permits for r in rows):
        fail("%s: permits_in_use %s" % (metrics, "empty" if permits else "without permits to count"))


def check_svg(path):
    root = ET.parse(path).getroot()
    if not root.tag.endswith("svg"):
        fail("%s: root is %s" % (path, root.tag))
    n = sum(1 for _ in root.iter())
    if n < 100:
        fail("%s: only %d elements" % (path, n))


def png_pixels(path):
    """Decodes an 8-bit, non-interlaced RGB/RGBA PNG (what Qt writes)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("%s: not a PNG" % path)
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                fail("%s: unexpected PNG format" % path)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    pixels = []
    for y in range(height):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ft == 1:
                line[i] = (line[i] + a) & 255
            elif ft == 2:
                line[i] = (line[i] + b) & 255
            elif ft == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        pixels.extend(bytes(line[i:i + 3]) for i in range(0, stride, bpp))
        prev = line
    return width, height, pixels


def check_png(path, size):
    w, h, pixels = png_pixels(path)
    if (w, h) != size:
        fail("%s: %dx%d, wanted %s" % (path, w, h, size))
    counts = {}
    for p in pixels:
        counts[p] = counts.get(p, 0) + 1
    background = max(counts.values())
    if len(pixels) - background < len(pixels) // 10:
        fail("%s: almost blank" % path)
    if sum(1 for n in counts.values() if n >= 200) < 6:
        fail("%s: too few colours" % path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--gui", type=int, default=1)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    shutil.rmtree(a.workdir, ignore_errors=True)
    os.makedirs(a.workdir)
    out = lambda name: os.path.join(a.workdir, name)  # noqa: E731
    with open(a.scenario, encoding="utf-8") as f:
        tasks = len(json.load(f)["tasks"])

    trace = out("run.jsonl")
    run(a.cli, "run", a.scenario, "--trace", trace)

    for label, src in (("scenario", a.scenario), ("trace", trace)):
        run(a.cli, "export", src, "--chrome", out(label + ".json"), "--csv", out(label + ".csv"))
        # Its trace says its limit ("limiter", its first line): it has the
        # scenario's permits to count.
        check_chrome(out(label + ".json"), tasks, True)
        check_csv(out(label + ".csv"), tasks, True)
        if a.gui:
            run(a.cli, "export", src, "--png", out(label + ".png"), "--svg", out(label + ".svg"),
                "--width", "1000", "--height", "600")
            check_png(out(label + ".png"), (1000, 600))
            check_svg(out(label + ".svg"))
            # coroscope-cli hands pictures to coroscope-cli-qt next to it:
            # a copy without it says so (exit 2) and writes nothing.
            lone = os.path.join(a.workdir, "lone")
            os.makedirs(lone, exist_ok=True)
            shutil.copy2(a.cli, lone)
            r = run(os.path.join(lone, os.path.basename(a.cli)), "export", src, "--png", out("lone.png"), rc=2)
            if "coroscope-cli-qt" not in r.stderr or os.path.exists(out("lone.png")):
                fail("no clear error without coroscope-cli-qt: " + r.stderr)
        else:
            r = run(a.cli, "export", src, "--png", out(label + ".png"), rc=2)
            if "GUI build" not in r.stderr:
                fail("no clear error without the GUI: " + r.stderr)

    # The tasks table on stdout: the same rows as the file, and no file
    # named after "-" (it was "--metrics.csv", left in the working folder).
    r = subprocess.run([a.cli, "export", trace, "--csv", "-"], capture_output=True, text=True, timeout=120,
                       cwd=a.workdir)
    if r.returncode != 0:
        fail("--csv - -> exit %d: %s" % (r.returncode, r.stderr))
    with open(out("trace.csv"), encoding="utf-8") as f:
        if r.stdout != f.read():
            fail("--csv - does not write the tasks table to stdout")
    if os.path.exists(out("--metrics.csv")) or os.path.exists(out("-metrics.csv")):
        fail("--csv - wrote a metric series file named after '-'")
    if "metric series" not in r.stderr:
        fail("--csv - does not say where the metric series went: " + r.stderr)

    # A run killed before its first line (an empty trace) is said to be one.
    empty = out("empty.jsonl")
    open(empty, "w").close()
    r = run(a.cli, "export", empty, "--metrics", "-")
    if "empty" not in r.stderr or json.loads(r.stdout)["tasks"] != 0:
        fail("an empty trace is not said to be empty: " + r.stderr)

    # The same events give the same Chrome document, scenario or trace.
    with open(out("scenario.json"), encoding="utf-8") as f1, open(out("trace.json"), encoding="utf-8") as f2:
        d1, d2 = json.load(f1), json.load(f2)
    strip = lambda d: [e for e in d["traceEvents"] if e["ph"] not in ("M",)]  # noqa: E731
    if strip(d1) != strip(d2):
        fail("a scenario and its trace export differently")

    # Bad input: one line, exit 2.
    r = run(a.cli, "export", a.scenario, rc=2)
    if "one of --chrome" not in r.stderr:
        fail("missing output not explained: " + r.stderr)
    bad = out("bad.jsonl")
    with open(bad, "w", encoding="utf-8") as f:
        f.write('{"t": 0.0, "ev": "created", "task": 0}\nnot json\n')
    r = run(a.cli, "export", bad, "--csv", out("bad.csv"), rc=2)
    if "line 2" not in r.stderr or len(r.stderr.strip().splitlines()) != 1:
        fail("bad trace not reported in one line naming it: " + r.stderr)
    r = run(a.cli, "export", out("missing.json"), "--csv", out("m.csv"), rc=2)
    if not r.stderr.startswith("error: "):
        fail("missing file: " + r.stderr)
    print("ok")


if __name__ == "__main__":
    main()
