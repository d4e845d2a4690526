#!/usr/bin/env python3
"""The coroscope-cli contract: exit codes, one-line errors, output shapes.

usage: cli_contract_test.py CLI SCENARIO.json
(SCENARIO is any valid scenario with an explicit task list.)
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

CLI = None
SCENARIO = None


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=60)


class CliContract(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_help_lists_examples_and_exits_0(self):
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("Examples:", r.stdout)
        for sub in ("run", "check", "expand"):
            self.assertIn(sub, r.stdout)

    def test_run_without_options_prints_the_summary_as_one_json_line(self):
        r = run("run", SCENARIO)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), 1)
        summary = json.loads(lines[0])
        with open(SCENARIO) as f:
            tasks = len(json.load(f)["tasks"])
        self.assertEqual(summary["tasks"], tasks)
        for key in ("makespan_s", "throughput_per_s", "ok", "failed", "cancelled",
                    "latency_p50_s", "latency_p95_s", "latency_p99_s",
                    "peak_in_flight", "peak_waiting", "outcome", "events"):
            self.assertIn(key, summary)

    def test_trace_to_stdout_then_summary_last(self):
        r = run("run", SCENARIO, "--trace", "-", "--summary")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(json.loads(lines[0])["ev"], "limiter")  # the run's limit and collector: no event
        events = [json.loads(l) for l in lines[1:-1]]
        summary = json.loads(lines[-1])
        self.assertEqual(events[-1]["ev"], "end")
        self.assertEqual(summary["events"], len(events))  # no swallowed cancels here
        self.assertEqual(summary["makespan_s"], events[-1]["t"])

    def test_trace_to_a_file_prints_nothing_else(self):
        out = os.path.join(self.tmp.name, "t.jsonl")
        r = run("run", SCENARIO, "--trace", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "")
        with open(out) as f:
            self.assertEqual(json.loads(f.readline())["ev"], "limiter")
            self.assertEqual(json.loads(f.readline())["ev"], "created")

    def test_a_trace_begins_with_its_limit_and_collector(self):
        # Only a scenario knows its limit and collector (a semaphore's size, a
        # rate limit's max_at_once, the collector's kind): its trace's first
        # line says them as the scenario does (docs/trace-extensions.md,
        # limiter), so that the file opens with the run's first track, limit
        # line and header. Not an event.
        for limit, collect in (
                ({"kind": "rate", "max_at_once": 2, "max_per_second": 2.5}, {"kind": "gather"}),
                ({"kind": "semaphore", "value": 2}, {"kind": "wait", "return_when": "FIRST_COMPLETED"}),
                ({"kind": "adaptive", "initial": 2, "min": 1, "max": 3, "latency_target": 0.5},
                 {"kind": "as_completed", "timeout": 5.0}),
                ({"kind": "queue", "workers": 2, "maxsize": 0}, {"kind": "gather"})):
            with self.subTest(limit=limit["kind"]):
                scenario = self.write("limited.json", json.dumps({
                    "format": "coroscope-scenario/1", "tasks": [{"steps": [{"io": 1.0}]}] * 3,
                    "limit": limit, "collect": collect}))
                r = run("run", scenario, "--trace", "-", "--summary")
                self.assertEqual(r.returncode, 0, r.stderr)
                lines = r.stdout.splitlines()
                self.assertEqual(json.loads(lines[0]), {"t": 0.0, "ev": "limiter", "limit": limit, "collect": collect})
                self.assertTrue(lines[0].startswith('{"t": 0.0, "ev": "limiter", "limit": {"kind": '), lines[0])
                self.assertNotEqual(json.loads(lines[1])["ev"], "limiter")  # the run's events next
                self.assertEqual(json.loads(lines[-1])["events"], len(lines) - 2)  # (the summary last)

    def test_bad_field_is_one_line_naming_it_with_exit_2(self):
        bad = self.write("bad.json", json.dumps({
            "format": "coroscope-scenario/1",
            "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": -1}]}]}))
        for cmd in ("run", "check", "expand"):
            r = run(cmd, bad)
            self.assertEqual(r.returncode, 2, cmd)
            self.assertEqual(r.stdout, "", cmd)
            self.assertEqual(r.stderr, "error: tasks[1].steps[0].io: must be >= 0\n", cmd)

    def test_missing_file_is_one_line_with_exit_2(self):
        r = run("check", os.path.join(self.tmp.name, "nope.json"))
        self.assertEqual(r.returncode, 2)
        self.assertEqual(len(r.stderr.splitlines()), 1)
        self.assertTrue(r.stderr.startswith("error: "))
        self.assertIn("nope.json", r.stderr)

    def test_not_json_is_one_line_with_exit_2(self):
        r = run("run", self.write("x.json", "{not json"))
        self.assertEqual(r.returncode, 2)
        self.assertEqual(len(r.stderr.splitlines()), 1)

    def test_usage_errors_exit_2(self):
        self.assertEqual(run().returncode, 2)
        self.assertEqual(run("run").returncode, 2)
        self.assertEqual(run("frobnicate").returncode, 2)

    def test_unwritable_trace_is_exit_2(self):
        r = run("run", SCENARIO, "--trace", os.path.join(self.tmp.name, "no", "such", "dir.jsonl"))
        self.assertEqual(r.returncode, 2)
        self.assertEqual(len(r.stderr.splitlines()), 1)

    def test_check_counts_tasks(self):
        with open(SCENARIO) as f:
            tasks = len(json.load(f)["tasks"])
        r = run("check", SCENARIO)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, f"ok: {tasks} tasks\n")

    def test_expand_prints_a_scenario_that_checks(self):
        r = run("expand", SCENARIO)
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["format"], "coroscope-scenario/1")
        again = self.write("again.json", r.stdout)
        self.assertEqual(run("check", again).returncode, 0)

    def test_generate_expands_to_count_tasks(self):
        gen = self.write("gen.json", json.dumps({
            "format": "coroscope-scenario/1",
            "generate": {"count": 25, "seed": 7,
                         "steps": [{"io": {"dist": "uniform", "min": 0.1, "max": 1.0}}]}}))
        r = run("expand", gen)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(json.loads(r.stdout)["tasks"]), 25)

    def test_a_deadlock_is_a_normal_outcome(self):
        dead = self.write("dead.json", json.dumps({
            "format": "coroscope-scenario/1",
            "tasks": [{"steps": [{"io": 1.0}], "forget_release": True},
                      {"steps": [{"io": 1.0}]}],
            "limit": {"kind": "semaphore", "value": 1}}))
        r = run("run", dead, "--summary")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["outcome"], "deadlock")


if __name__ == "__main__":
    CLI, SCENARIO = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
