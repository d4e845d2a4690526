#!/usr/bin/env python3
"""coroscope-cli estimates a run's memory before starting it and refuses
what will not fit (core/program/run_memory.h, app/cli/memory_guard.h).

usage: memory_estimate_test.py CLI

- A run whose estimate exceeds --memory-limit exits 2 with one line naming
  generate.count (or tasks) and the estimate in MB, and writes nothing.
- --force runs it anyway; a limit above the estimate lets it run.
- For each task kind the engine treats differently (lean, coroutine, with a
  timeout, thread steps, queue workers, arrivals), the estimate bounds the
  measured peak RSS of the real run: measured <= estimate <= 3 x measured.
  (RSS is the child's own ru_maxrss from wait4; no wall-clock time is used.)
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

CLI = None
COUNT = 200_000
FACTOR = 3.0
REFUSAL = re.compile(r"^error: (generate\.count|tasks): (\d+) tasks need about (\d+) MB more memory to run; "
                     r"(\d+) MB are available \(--force runs it anyway\)\n$")


def scenario(gen, limit=None, count=COUNT):
    d = {"format": "coroscope-scenario/1", "generate": dict(count=count, seed=1, **gen)}
    if limit:
        d["limit"] = limit
    return d


KINDS = {
    "lean tasks under a semaphore": scenario({"steps": [{"io": 0.1}, {"cpu": 0.001}]},
                                             {"kind": "semaphore", "value": 100}),
    "lean tasks all waiting at once": scenario({"steps": [{"io": 0.1}, {"cpu": 0.001}]}),
    "tasks with a timeout": scenario({"steps": [{"io": 0.1}, {"cpu": 0.001}], "timeout": 1e6},
                                     {"kind": "semaphore", "value": 100}),
    "thread steps": scenario({"steps": [{"thread": 0.1}]}, {"kind": "semaphore", "value": 100}),
    "thread steps all queued for the pool": scenario({"steps": [{"thread": 0.1}]}),
    # A queued job is small: a million of them, so that the run's own part
    # outweighs the allocator's granularity.
    "queue workers": scenario({"steps": [{"io": 0.1}]}, {"kind": "queue", "workers": 4}, count=1_000_000),
    "arriving tasks": scenario({"steps": [{"io": 0.1}], "arrive": {"every": 0.001}},
                               {"kind": "semaphore", "value": 100}),
}


def write(tmp, name, doc):
    path = os.path.join(tmp, name + ".json")
    with open(path, "w") as f:
        json.dump(doc, f)
    return path


def refusal(path, *extra):
    """The estimate (MiB) quoted by a refusal under a 1-byte limit."""
    p = subprocess.run([CLI, "run", path, "--memory-limit", "1", *extra], capture_output=True, text=True,
                       timeout=300)
    return p


def peak_rss_kib(args):
    """Runs the CLI and returns (exit status, its peak RSS in KiB)."""
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen([CLI, *args], stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stderr.close()
    return proc.returncode, usage.ru_maxrss


class Refusal(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = write(self.tmp.name, "big", KINDS["tasks with a timeout"])

    def tearDown(self):
        self.tmp.cleanup()

    def test_a_run_over_the_limit_is_refused_naming_generate_count_and_the_estimate(self):
        p = refusal(self.path, "--trace", os.path.join(self.tmp.name, "out.jsonl"))
        self.assertEqual(p.returncode, 2, p.stderr)
        m = REFUSAL.match(p.stderr)
        self.assertIsNotNone(m, p.stderr)
        self.assertEqual(m.group(1), "generate.count")
        self.assertEqual(int(m.group(2)), COUNT)
        self.assertGreater(int(m.group(3)), 0)
        self.assertEqual(p.stdout, "")
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "out.jsonl")))

    def test_an_explicit_task_list_is_named_tasks(self):
        doc = {"format": "coroscope-scenario/1", "tasks": [{"steps": [{"io": 1}]}] * 10}
        p = refusal(write(self.tmp.name, "explicit", doc))
        self.assertEqual(p.returncode, 2, p.stderr)
        m = REFUSAL.match(p.stderr)
        self.assertIsNotNone(m, p.stderr)
        self.assertEqual(m.group(1), "tasks")

    def test_export_is_refused_the_same_way(self):
        p = subprocess.run([CLI, "export", self.path, "--csv", os.path.join(self.tmp.name, "o.csv"),
                            "--memory-limit", "1"], capture_output=True, text=True, timeout=300)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIsNotNone(REFUSAL.match(p.stderr), p.stderr)

    def test_force_and_a_limit_above_the_estimate_run_it(self):
        small = write(self.tmp.name, "small", scenario({"steps": [{"io": 0.1}]}, count=100))
        for extra in (["--memory-limit", "1", "--force"], ["--memory-limit", "64G"]):
            p = subprocess.run([CLI, "run", small, *extra], capture_output=True, text=True, timeout=300)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn('"tasks":100', p.stdout.replace(" ", ""))

    def test_a_limit_that_is_not_a_size_is_bad_input(self):
        p = subprocess.run([CLI, "run", self.path, "--memory-limit", "lots"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--memory-limit", p.stderr)


def sanitized():
    """ASan's shadow memory and quarantine are no part of what a run needs."""
    with open(CLI, "rb") as f:
        return b"__asan_init" in f.read()


class EstimateAgainstPeakRss(unittest.TestCase):
    def test_the_estimate_bounds_the_measured_peak_for_every_task_kind(self):
        with tempfile.TemporaryDirectory() as tmp:
            for name, doc in KINDS.items():
                with self.subTest(name):
                    path = write(tmp, re.sub(r"\W", "_", name), doc)
                    m = REFUSAL.match(refusal(path).stderr)
                    self.assertIsNotNone(m)
                    # The message quotes the run beyond the loaded scenario;
                    # the peak includes the scenario too: measure both.
                    estimate_kib = int(m.group(3)) * 1024
                    status, loaded_kib = peak_rss_kib(["check", path])
                    self.assertEqual(status, 0)
                    status, run_kib = peak_rss_kib(["run", path, "--force"])
                    self.assertEqual(status, 0)
                    run_only = run_kib - loaded_kib
                    print(f"{name}: estimate {estimate_kib // 1024} MB, measured {run_only // 1024} MB "
                          f"beyond the loaded scenario", file=sys.stderr)
                    self.assertLessEqual(run_only, estimate_kib)
                    self.assertLessEqual(estimate_kib, FACTOR * run_only)


if __name__ == "__main__":
    CLI = os.path.abspath(sys.argv.pop(1))
    if sanitized():
        EstimateAgainstPeakRss.__unittest_skip__ = True
        EstimateAgainstPeakRss.__unittest_skip_why__ = "a sanitizer build's memory is not the run's"
    unittest.main()
