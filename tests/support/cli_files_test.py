#!/usr/bin/env python3
"""coroscope-cli and hostile files (issue 13, items 6 and 7).

usage: cli_files_test.py CLI DATA_DIR
(DATA_DIR is tests/data: traces/bad/*.jsonl with their .expected error lines,
traces/good/*.jsonl that must export.)

Every bad trace ends in exit status 2 and one line `error: FILE: line N: ...`
on stderr, nothing written; memory stays bounded whatever the ids or line
lengths; a trace cut short exports as a partial run and says so; messages
escape bytes that are not UTF-8; a scenario with a byte order mark loads.
"""
import csv
import glob
import json
import os
import subprocess
import sys
import tempfile
import unittest

CLI = None
DATA = None


def run(*args, **kw):
    return subprocess.run([CLI, *args], capture_output=True, timeout=120, **kw)


class CliFiles(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def write(self, name, data):
        p = self.path(name)
        with open(p, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return p

    def assert_refused(self, r, prefix):
        self.assertEqual(r.returncode, 2, r.stderr)
        err = r.stderr.decode("utf-8")  # must be valid UTF-8
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertTrue(err.startswith(prefix), err)
        return err

    def test_every_bad_trace_is_refused_with_its_line_and_nothing_written(self):
        files = sorted(glob.glob(os.path.join(DATA, "traces", "bad", "*.jsonl")))
        self.assertGreaterEqual(len(files), 15)
        for f in files:
            with self.subTest(f=os.path.basename(f)):
                with open(f[:-len(".jsonl")] + ".expected", encoding="utf-8") as e:
                    expected = e.read().strip()
                out = self.path("out.csv")
                r = run("export", f, "--csv", out)
                err = self.assert_refused(r, "error: ")
                self.assertEqual(err.strip(), "error: %s: %s" % (f, expected))
                self.assertFalse(os.path.exists(out))

    def test_every_good_trace_exports_one_row_per_task_it_names(self):
        # ... that is a task of the run's, as its metrics count them: not
        # wait_for's inner task ("helper"), a Queue's worker that had a lane
        # (queue_worker) or an item whose put() was cancelled (put_cancelled).
        for f in sorted(glob.glob(os.path.join(DATA, "traces", "good", "*.jsonl"))):
            with self.subTest(f=os.path.basename(f)):
                out = self.path("out.csv")
                r = run("export", f, "--csv", out, "--chrome", self.path("out.json"))
                self.assertEqual(r.returncode, 0, r.stderr)
                named, no_task = set(), set()
                with open(f, encoding="utf-8-sig") as t:
                    for line in t:
                        if line.strip():
                            try:
                                ev = json.loads(line)
                            except ValueError:
                                # Only a last line cut off in its middle is left out.
                                self.assertFalse(line.endswith("\n") or t.read())
                                break
                            if ev["ev"] in ("queue_worker", "put_cancelled") or (
                                    ev["ev"] == "created" and ev.get("helper") == "wait_for"):
                                no_task.add(ev["task"])
                            for key in ("task", "woke", "by", "parent"):
                                if key in ev and ev[key] is not None and ev[key] >= 0 and (
                                        key != "task" or ev["ev"] not in ("counter",)):
                                    named.add(ev[key])
                with open(out, newline="") as c:
                    ids = [int(row["id"]) for row in csv.DictReader(c)]
                # One row each, in lane order (a task a program created right
                # under its parent, else id order).
                self.assertEqual(sorted(ids), sorted(named - no_task))
                self.assertEqual(len(ids), len(set(ids)))
                with open(self.path("out.json")) as c:
                    json.load(c)

    def test_one_huge_task_id_costs_one_row_and_little_memory(self):
        # Issue 13: one id of 2^24 in an 85-byte file took 1.6 GB and wrote
        # a 570 MB CSV of invented rows.
        f = self.write("big-id.jsonl", '{"t": 0.0, "ev": "created", "task": %d}\n'
                                       '{"t": 0.0, "ev": "end", "outcome": "ok"}\n' % (2**31 + 5))
        out = self.path("out.csv")
        r = subprocess.run(["/usr/bin/time", "-f", "%M", CLI, "export", f, "--csv", out],
                           capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        peak_kb = int(r.stderr.decode().strip().splitlines()[-1])
        self.assertLess(peak_kb, 64 * 1024)
        self.assertLess(os.path.getsize(out), 200)
        with open(out) as c:
            self.assertEqual(c.read().splitlines()[1].split(",")[0], str(2**31 + 5))

    def test_a_huge_line_is_refused_by_number_in_bounded_memory(self):
        # A 64 MiB line (issue 13: a 30 MB line took 922 MB, 100 MB ended in bad_alloc).
        f = self.path("long.jsonl")
        with open(f, "wb") as out:
            out.write(b'{"t": 0.0, "ev": "created", "task": 0}\n{"t": 0.0, "ev": "x", "pad": "')
            chunk = b"x" * (1 << 20)
            for _ in range(64):
                out.write(chunk)
            out.write(b'"}\n')
        r = subprocess.run(["/usr/bin/time", "-f", "%M", CLI, "export", f, "--csv", self.path("o.csv")],
                           capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 2)
        lines = r.stderr.decode().strip().splitlines()
        self.assertEqual(lines[0], "error: %s: line 2: longer than 1048576 bytes (the limit for one line)" % f)
        self.assertLess(int(lines[-1]), 64 * 1024)

    def test_a_trace_cut_short_exports_as_a_partial_run_and_says_so(self):
        f = os.path.join(DATA, "traces", "good", "partial-run.jsonl")
        r = run("export", f, "--chrome", self.path("p.json"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"partial run", r.stderr)
        with open(self.path("p.json")) as c:
            doc = json.load(c)
        self.assertEqual(doc["otherData"]["title"], "partial-run.jsonl (partial run)")

    def test_a_run_the_runner_stopped_exports_up_to_its_stop_and_says_why(self):
        # os._exit at 1.5 s; task 1 still ran then (its last event was at 0.0).
        f = os.path.join(DATA, "traces", "good", "stopped-by-the-runner.jsonl")
        r = run("export", f, "--csv", self.path("s.csv"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr.decode().splitlines()[0],
                         "note: %s: partial run (the runner stopped it: os._exit(3) ended the process at "
                         "virtual time 1.5 s: tasks still running were neither finished nor cancelled)" % f)
        with open(self.path("s.csv")) as c:
            rows = {row["id"]: row for row in csv.DictReader(c)}
        self.assertEqual(rows["0"]["end"], "1.0")
        self.assertEqual(rows["1"]["state"], "running")
        self.assertEqual(rows["1"]["ran_s"], "1.5")

    def test_a_trace_that_ends_in_the_middle_of_a_line_exports_the_lines_before_it(self):
        # A writer killed while writing its last line: left out, and said.
        f = os.path.join(DATA, "traces", "good", "killed-mid-line.jsonl")
        r = run("export", f, "--csv", self.path("k.csv"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr.decode().splitlines()[0],
                         "note: %s: partial run (the file ends in the middle of line 8, left out: "
                         "the run was cut short)" % f)
        with open(self.path("k.csv")) as c:
            rows = list(csv.DictReader(c))
        self.assertEqual(len(rows), 2)
        # The same text with a newline after it is a bad line, not a cut one.
        with open(f, "rb") as src:
            bad = self.write("bad.jsonl", src.read() + b"\n")
        r = run("export", bad, "--csv", self.path("b.csv"))
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"line 8: not valid JSON", r.stderr)

    def test_messages_escape_bytes_that_are_not_utf8(self):
        bad_scenario = self.write("bad.json", b'{"format": "coroscope-scenario/1", "limit": {"kind": "\xff"}}')
        for cmd in ("check", "run", "expand"):
            r = run(cmd, bad_scenario)
            err = self.assert_refused(r, "error: ")
            self.assertIn("\\xff", err)
        bad_trace = self.write("bad.jsonl", b'{"t": 0.0, "ev": "end", "outcome": "fine\xff"}\n')
        err = self.assert_refused(run("export", bad_trace, "--csv", self.path("o.csv")), "error: ")
        self.assertIn("line 1: not valid UTF-8", err)
        # A file name that is not UTF-8 is escaped too.
        odd = self.write(b"odd-\xfe.json".decode("utf-8", "surrogateescape"), b"[]")
        err = self.assert_refused(run("check", odd), "error: ")
        self.assertIn("odd-\\xfe.json", err)
        # And by `claims`, whose lesson may be any file.
        err = self.assert_refused(run("claims", odd), "error: ")
        self.assertIn("odd-\\xfe.json", err)
        # So is --param of a sweep.
        sweep = run("sweep", os.path.join(DATA, "cli", "semaphore-limits-ten-downloads.json"),
                    "--param", b"limit.\xff".decode("utf-8", "surrogateescape"), "--values", "1,2")
        self.assert_refused(sweep, "error: ")

    def test_a_scenario_with_a_byte_order_mark_loads(self):
        with open(os.path.join(DATA, "cli", "semaphore-limits-ten-downloads.json"), "rb") as f:
            text = f.read()
        bom = self.write("bom.json", b"\xef\xbb\xbf" + text)
        r = run("check", bom)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith(b"ok: "))
        trace = self.write("bom.jsonl", b'\xef\xbb\xbf{"t": 0.0, "ev": "created", "task": 0}\n'
                                        b'{"t": 0.0, "ev": "end", "outcome": "ok"}\n')
        self.assertEqual(run("export", trace, "--csv", self.path("o.csv")).returncode, 0)

    def test_a_nul_byte_is_named_not_called_the_end_of_input(self):
        f = self.write("nul.json", b"\x00\x00\x00\x00")
        err = self.assert_refused(run("check", f), "error: ")
        self.assertIn("NUL byte at line 1, column 1", err)
        self.assertNotIn("end of input", err)
        f16 = self.write("utf16.json", "{}".encode("utf-16"))
        err = self.assert_refused(run("check", f16), "error: ")
        self.assertIn("UTF-16", err)


if __name__ == "__main__":
    CLI = sys.argv[1]
    DATA = sys.argv[2]
    unittest.main(argv=[sys.argv[0]], verbosity=2)
