#!/usr/bin/env python3
"""coroscope-cli never fails silently: failed writes, counts that match the
trace, input it must refuse.

usage: cli_robustness_test.py CLI SCENARIO.json
(SCENARIO is any valid scenario with an explicit task list.)

- Every command that writes, with its output on /dev/full (stdout or a
  named file), exits 1 with the one line `error: writing OUT: No space left
  on device` (OUT = the file name or `stdout`).
- A named file that cannot be written whole keeps its old content, and no
  temporary file is left beside it.
- The summary's `events` is the number of lines `--trace` writes.
- Bad input exits 2 with one line naming the field.
"""
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import unittest

CLI = None
SCENARIO = None
FULL = "error: writing {}: No space left on device\n"


def run(*args, stdout=subprocess.PIPE, preexec_fn=None):
    return subprocess.run([CLI, *args], stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120,
                          preexec_fn=preexec_fn)


def has_pictures():
    """The GUI build puts coroscope-cli-qt beside the CLI for --png/--svg."""
    return os.path.exists(os.path.join(os.path.dirname(CLI), "coroscope-cli-qt"))


class WriteFailures(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def assertFull(self, r, out, what):
        self.assertEqual(r.returncode, 1, f"{what}: {r.stderr}")
        self.assertEqual(r.stderr, FULL.format(out), what)

    def test_commands_printing_on_a_full_stdout_exit_1_and_say_so(self):
        sweep = ("sweep", SCENARIO, "--param", "limit.value", "--values", "1,2", "-q")
        cases = [("check", SCENARIO), ("expand", SCENARIO), ("python", SCENARIO),
                 ("run", SCENARIO), ("run", SCENARIO, "--summary"),
                 ("run", SCENARIO, "--trace", "-"), ("run", SCENARIO, "--trace", "-", "--summary"),
                 ("run", SCENARIO, "--trace", self.path("t.jsonl"), "--summary"),
                 sweep, sweep + ("--json",)]
        with open("/dev/full", "w") as full:
            for args in cases:
                self.assertFull(run(*args, stdout=full), "stdout", " ".join(args[:1] + args[2:]))

    def test_commands_writing_a_full_file_exit_1_and_say_so(self):
        cases = [("run", SCENARIO, "--trace", "/dev/full"),
                 ("export", SCENARIO, "--chrome", "/dev/full"),
                 ("export", SCENARIO, "--csv", "/dev/full"),
                 ("sweep", SCENARIO, "--param", "limit.value", "--values", "1,2", "-q", "--csv", "/dev/full")]
        if has_pictures():
            cases += [("export", SCENARIO, "--png", "/dev/full"), ("export", SCENARIO, "--svg", "/dev/full"),
                      ("sweep", SCENARIO, "--param", "limit.value", "--values", "1,2", "-q", "--png", "/dev/full")]
        for args in cases:
            r = run(*args, stdout=subprocess.DEVNULL)
            self.assertFull(r, "/dev/full", " ".join(args[:1] + args[2:]))

    def test_a_file_that_cannot_be_written_whole_keeps_its_old_content(self):
        # A 1 KiB file-size limit: the trace (2.6 KB) cannot be written whole.
        def small_files():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
        out = self.path("t.jsonl")
        with open(out, "w") as f:
            f.write("the old trace\n")
        r = run("run", SCENARIO, "--trace", out, preexec_fn=small_files)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(r.stderr, f"error: writing {out}: File too large\n")
        with open(out) as f:
            self.assertEqual(f.read(), "the old trace\n")
        self.assertEqual(os.listdir(self.tmp.name), ["t.jsonl"])  # no temporary file left
        # And a new file is not created at all.
        r = run("export", SCENARIO, "--chrome", self.path("new.json"), preexec_fn=small_files)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(sorted(os.listdir(self.tmp.name)), ["t.jsonl"])

    def test_a_written_file_replaces_the_old_one_and_keeps_its_mode(self):
        out = self.path("t.jsonl")
        with open(out, "w") as f:
            f.write("old\n")
        os.chmod(out, 0o640)
        r = run("run", SCENARIO, "--trace", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(os.stat(out).st_mode & 0o777, 0o640)
        with open(out) as f:
            self.assertEqual(json.loads(f.readline())["ev"], "limiter")  # (the run's limit and collector)
            self.assertEqual(json.loads(f.readline())["ev"], "created")
        link = self.path("link.jsonl")
        os.symlink("t.jsonl", link)
        self.assertEqual(run("run", SCENARIO, "--trace", link).returncode, 0)
        self.assertTrue(os.path.islink(link))  # the link still names the file it named

    def test_an_output_in_a_missing_folder_is_bad_input(self):
        r = run("run", SCENARIO, "--trace", self.path("no/such/t.jsonl"))
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, f"error: {self.path('no/such/t.jsonl')}: cannot open for writing: "
                                   "No such file or directory\n")


class Counts(unittest.TestCase):
    def test_summary_events_equal_the_trace_lines_with_swallowed_cancels(self):
        with tempfile.TemporaryDirectory() as tmp:
            sc = os.path.join(tmp, "s.json")
            with open(sc, "w") as f:
                json.dump({"format": "coroscope-scenario/1",
                           "tasks": [{"steps": [{"io": 3.0}], "timeout": 1.0, "ignore_cancel": True},
                                     {"steps": [{"io": 2.0}], "ignore_cancel": True},
                                     {"steps": [{"io": 5.0}], "timeout": 0.5, "ignore_cancel": True}],
                           "collect": {"kind": "wait", "timeout": 1.5}}, f)
            trace = os.path.join(tmp, "t.jsonl")
            r = run("run", sc, "--trace", trace, "--summary")
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(trace) as f:
                lines = f.read().splitlines()
            swallowed = sum(1 for line in lines if json.loads(line).get("note") == "swallowed cancel")
            self.assertGreaterEqual(swallowed, 2)
            # Every line but the first, the run's limit and collector ("limiter"), is an event.
            self.assertEqual(json.loads(lines[0])["ev"], "limiter")
            self.assertEqual(json.loads(r.stdout)["events"], len(lines) - 1)
            r = run("run", sc, "--trace", "-", "--summary")
            out = r.stdout.splitlines()
            self.assertEqual(json.loads(out[-1])["events"], len(out) - 2)


class BadInput(unittest.TestCase):
    def check(self, doc, error):
        with tempfile.TemporaryDirectory() as tmp:
            sc = os.path.join(tmp, "s.json")
            with open(sc, "w") as f:
                json.dump({"format": "coroscope-scenario/1", **doc}, f)
            for cmd in ("check", "run"):
                r = run(cmd, sc)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertEqual(r.stdout, "")
                self.assertEqual(r.stderr, f"error: {error}\n")

    def test_release_pitfalls_need_a_semaphore_limit(self):
        tasks = [{"steps": [{"io": 1}]}] * 3 + [{"steps": [{"io": 1}], "forget_release": True}]
        self.check({"tasks": tasks, "limit": {"kind": "queue", "workers": 2}},
                   "tasks[3].forget_release: needs a semaphore limit")
        self.check({"generate": {"count": 5, "steps": [{"io": 1}], "release_twice": True},
                    "limit": {"kind": "manual", "value": 2}},
                   "generate.release_twice: needs a semaphore limit")

    def test_rates_that_would_wait_past_the_time_cap_are_refused(self):
        tiny = "must be at least 1e-9 per second (one per 10^9 s, the longest time a scenario holds)"
        self.check({"tasks": [{"steps": []}] * 2, "limit": {"kind": "rate", "max_per_second": 1e-300}},
                   "limit.max_per_second: " + tiny)
        self.check({"generate": {"count": 5, "steps": [], "arrive": {"rate": 1e-12}}},
                   "generate.arrive.rate: " + tiny)


if __name__ == "__main__":
    CLI, SCENARIO = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1], verbosity=2)
