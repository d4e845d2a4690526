"""The Python tracer (resources/python/coroscope_trace) on real asyncio programs.

    python3 tests/python/test_tracer.py [--cli path/to/coroscope-cli]

Runs each program for real under `python3 -m coroscope_trace` and checks the
JSON lines it writes; with --cli, also that coroscope-cli reads the file
(export to CSV and Chrome JSON).
"""

import asyncio
import csv
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

from student_limiters import LEAKY_DRIP  # (test_runner.py runs it too)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PKG = os.path.join(ROOT, "resources", "python")
CLI = None

PER_TASK = {"created", "request", "running", "done", "failed", "cancelled", "release", "wake",
            "cpu_begin", "cpu_end", "thread_queued", "thread_begin", "thread_left", "thread_end", "failed_exc",
            "ready", "resumed"}


def trace(program, *args, expect_rc=0):
    """Runs `program` (a path) under the tracer; returns the parsed lines."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "trace.jsonl")
        env = dict(os.environ, PYTHONPATH=PKG + os.pathsep + os.environ.get("PYTHONPATH", ""))
        r = subprocess.run([sys.executable, "-m", "coroscope_trace", "-o", out, program, *args],
                           env=env, capture_output=True, text=True, timeout=60, cwd=tmp)
        if r.returncode != expect_rc:
            raise AssertionError("exit %d, stderr:\n%s" % (r.returncode, r.stderr))
        with open(out, encoding="utf-8") as f:
            text = f.read()
    return [json.loads(line) for line in text.splitlines() if line.strip()], text


def trace_source(source, *args, expect_rc=0):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "prog.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(source))
        return trace(path, *args, expect_rc=expect_rc)


def trace_virtual(program, *args):
    """Runs `program` (a path) on the virtual clock (--virtual); returns the parsed lines."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "v.jsonl")
        env = dict(os.environ, PYTHONPATH=PKG + os.pathsep + os.environ.get("PYTHONPATH", ""))
        r = subprocess.run([sys.executable, "-m", "coroscope_trace", "--virtual", "-q", "-o", out, program, *args],
                           env=env, capture_output=True, text=True, timeout=60, cwd=tmp)
        if r.returncode != 0:
            raise AssertionError("exit %d, stderr:\n%s" % (r.returncode, r.stderr))
        with open(out, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]


def by_task(lines):
    tasks = {}
    for e in lines:
        if "task" in e:
            tasks.setdefault(e["task"], []).append(e)
    return tasks


def first(events, ev):
    return next((e["t"] for e in events if e["ev"] == ev), None)


def exported_metrics(test, text):
    """coroscope-cli export --metrics of the trace `text`, parsed (None
    without a coroscope-cli: --cli PATH, or COROSCOPE_CLI)."""
    cli = CLI or os.environ.get("COROSCOPE_CLI")
    if not cli:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "t.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        r = subprocess.run([cli, "export", path, "--metrics", "-"], capture_output=True, text=True, timeout=60)
        test.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)


def created_names(lines):
    """The names of the lanes the trace made, sorted."""
    return sorted(e["name"] for e in lines if e["ev"] == "created")


def lane_of(lines, name):
    """The kinds of the lines of the lane named `name`, in order."""
    return [e["ev"] for e in lines if e.get("name") == name]


class Common:
    def check_well_formed(self, lines):
        ts = [e["t"] for e in lines]
        self.assertEqual(ts, sorted(ts), "t never decreases")
        self.assertEqual(lines[-1]["ev"], "end")
        for e in lines:
            if e["ev"] in PER_TASK:
                self.assertIn("task", e)
                self.assertIsInstance(e.get("name"), str, e)
        # Task ids are creation order: created lines come 0, 1, 2, ...
        created = [e["task"] for e in lines if e["ev"] == "created"]
        self.assertEqual(created, list(range(len(created))))
        for tid, evs in by_task(lines).items():
            terminal = [e for e in evs if e["ev"] in ("done", "failed", "cancelled")]
            self.assertEqual(len(terminal), 1, "task %d: exactly one terminal event" % tid)
            self.assertEqual(evs[0]["ev"], "created", "task %d: created first" % tid)


class SemaphoreDemo(unittest.TestCase, Common):
    """tests/python/semaphore_demo.py: Semaphore(2) over 5 sleeps of 0.05 s."""

    @classmethod
    def setUpClass(cls):
        cls.lines, cls.text = trace(os.path.join(HERE, "semaphore_demo.py"))

    def test_five_tasks_named_and_well_formed(self):
        self.check_well_formed(self.lines)
        tasks = by_task(self.lines)
        self.assertEqual(sorted(tasks), [0, 1, 2, 3, 4])
        for tid, evs in tasks.items():
            self.assertTrue(all(e["name"] == "download-%d" % tid for e in evs))
            self.assertEqual([e["ev"] for e in evs if e["ev"] in ("created", "request", "running", "done")],
                             ["created", "request", "running", "done"])
        self.assertEqual(self.lines[-1], {"t": self.lines[-1]["t"], "ev": "end", "outcome": "ok"})

    def test_three_tasks_wait_for_a_permit(self):
        waits = sorted(first(evs, "running") - first(evs, "request") for evs in by_task(self.lines).values())
        self.assertLess(waits[1], 0.03, "the first two get a permit at once")
        self.assertTrue(all(w >= 0.03 for w in waits[2:]), waits)

    def test_at_most_two_run_at_once(self):
        running, peak = set(), 0
        for e in self.lines:
            if e["ev"] == "running":
                running.add(e["task"])
            elif e["ev"] in ("release", "done", "failed", "cancelled"):
                running.discard(e.get("task"))
            peak = max(peak, len(running))
        self.assertEqual(peak, 2)
        permits = [e["value"] for e in self.lines if e["ev"] == "permits"]
        self.assertEqual(max(permits), 2)
        self.assertEqual(permits[-1], 0)
        self.assertIn({"t": self.lines[1]["t"], "ev": "limit", "value": 2}, self.lines)

    def test_the_first_line_says_which_python_ran_it_on_a_real_clock(self):
        meta = self.lines[0]
        self.assertEqual(meta["ev"], "meta")
        self.assertEqual(meta["clock"], "real")
        self.assertEqual(meta["python"], "%d.%d.%d" % sys.version_info[:3])
        self.assertEqual(meta["executable"], sys.executable)
        self.assertTrue(meta["program"].endswith("semaphore_demo.py"), meta)

    def test_each_release_names_the_waiter_it_woke(self):
        woke = [e["woke"] for e in self.lines if e["ev"] == "release"]
        self.assertEqual(len(woke), 5)
        self.assertEqual(sorted(w for w in woke if w >= 0), [2, 3, 4])
        for e in self.lines:
            if e["ev"] == "release" and e["woke"] >= 0:
                woken = by_task(self.lines)[e["woke"]]
                self.assertGreaterEqual(first(woken, "running"), e["t"])

    def test_coroscope_cli_reads_the_trace(self):
        cli = CLI or os.environ.get("COROSCOPE_CLI")
        if not cli:
            self.skipTest("no coroscope-cli given (--cli PATH)")
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "demo.jsonl")
            with open(src, "w", encoding="utf-8") as f:
                f.write(self.text)
            csv = os.path.join(tmp, "demo.csv")
            chrome = os.path.join(tmp, "demo.json")
            for args in (["--csv", csv], ["--chrome", chrome]):
                r = subprocess.run([cli, "export", src, *args], capture_output=True, text=True, timeout=60)
                self.assertEqual(r.returncode, 0, r.stderr)
            with open(csv, encoding="utf-8") as f:
                rows = [line.split(",") for line in f.read().splitlines()]
            self.assertEqual(rows[0][:2], ["id", "state"])
            self.assertEqual(len(rows), 6)
            self.assertEqual(sum(1 for r in rows[1:] if float(r[6]) >= 0.03), 3)
            with open(os.path.join(tmp, "demo-metrics.csv"), encoding="utf-8") as f:
                metrics = [line.split(",") for line in f.read().splitlines()[1:]]
            self.assertEqual(max(int(m[3]) for m in metrics), 2)
            with open(chrome, encoding="utf-8") as f:
                doc = json.load(f)
            names = {e["args"]["name"] for e in doc["traceEvents"] if e.get("name") == "thread_name"}
            self.assertIn("task 3 · download-3", names)
            self.assertEqual(sum(1 for e in doc["traceEvents"] if e["ph"] == "s"), 3)


class Outcomes(unittest.TestCase, Common):
    def test_failed_cancelled_blocking_threads_and_a_lock(self):
        lines, _ = trace_source("""
            import asyncio, time

            async def boom():
                await asyncio.sleep(0.01)
                raise ValueError("no")

            async def forever():
                await asyncio.sleep(10)

            async def blocker(lock):
                async with lock:
                    time.sleep(0.02)          # blocks the loop: a cpu slice
                    await asyncio.sleep(0.01)  # still holding the lock: d waits

            async def threaded(lock):
                async with lock:
                    await asyncio.to_thread(time.sleep, 0.02)

            async def main():
                lock = asyncio.Lock()
                a = asyncio.create_task(boom())
                b = asyncio.create_task(forever())
                c = asyncio.create_task(blocker(lock))
                d = asyncio.create_task(threaded(lock))
                await asyncio.gather(a, c, d, return_exceptions=True)
                b.cancel()
                await asyncio.gather(b, return_exceptions=True)

            asyncio.run(main())
        """)
        self.check_well_formed(lines)
        tasks = by_task(lines)
        self.assertEqual(len(tasks), 4)
        kinds = {tid: [e["ev"] for e in evs] for tid, evs in tasks.items()}
        self.assertIn("failed", kinds[0])
        self.assertIn({"exc": "ValueError"}, [{"exc": e["exc"]} for e in tasks[0] if e["ev"] == "failed_exc"])
        self.assertIn("cancelled", kinds[1])
        self.assertIn("cpu_begin", kinds[2])
        self.assertLess(kinds[2].index("cpu_begin"), kinds[2].index("cpu_end"))
        self.assertIn("thread_begin", kinds[3])
        self.assertLess(kinds[3].index("thread_begin"), kinds[3].index("thread_end"))
        # d waited for the lock c held, and c's release handed it over.
        self.assertIn({"task": 2, "woke": 3}, [{"task": e["task"], "woke": e["woke"]}
                                               for e in lines if e["ev"] == "release"])
        self.assertNotIn("limit", [e["ev"] for e in lines])  # a Lock is not a limit
        self.assertEqual(lines[-1]["outcome"], "ok")

    def test_a_lane_ready_while_another_blocks_the_loop_is_frozen_until_it_runs(self):
        # a's sleep comes due while b's time.sleep() holds the loop: its
        # lane is frozen from its deadline (inside the block) until it runs
        # again (after it); b's own lane is not.
        lines, _ = trace_source("""
            import asyncio, time

            async def a():
                await asyncio.sleep(0.02)

            async def b():
                time.sleep(0.1)

            async def main():
                x = asyncio.create_task(a(), name="a")
                await asyncio.sleep(0)
                await asyncio.gather(x, asyncio.create_task(b(), name="b"))

            asyncio.run(main())
        """)
        self.check_well_formed(lines)
        moments = {e["ev"]: e["t"] for e in lines if e["ev"] in ("cpu_begin", "cpu_end", "ready", "resumed")}
        self.assertEqual([e["name"] for e in lines if e["ev"] in ("ready", "resumed")], ["a", "a"])
        self.assertLess(moments["cpu_begin"], moments["ready"])
        self.assertLessEqual(moments["ready"], moments["cpu_end"])
        self.assertLessEqual(moments["cpu_end"], moments["resumed"])
        self.assertAlmostEqual(moments["ready"] - moments["cpu_begin"], 0.02, delta=0.015)

    def test_a_task_waiting_for_its_second_semaphore_waits_again(self):
        # One in all at a time per host: task 1 gets the global permit at
        # once and then waits ~0.2 s for the host's, which task 0 holds.
        lines, _ = trace_source("""
            import asyncio
            total = asyncio.Semaphore(2)
            host = asyncio.Semaphore(1)

            async def fetch():
                async with total:
                    async with host:
                        await asyncio.sleep(0.2)

            async def main():
                await asyncio.gather(fetch(), fetch())

            asyncio.run(main())
        """)
        self.check_well_formed(lines)
        tasks = by_task(lines)
        kinds = [e["ev"] for e in tasks[1] if e["ev"] in ("request", "running")]
        self.assertEqual(kinds, ["request", "running", "request", "running"])
        asked_again = [e["t"] for e in tasks[1] if e["ev"] == "request"][1]
        got_it = [e["t"] for e in tasks[1] if e["ev"] == "running"][1]
        self.assertGreaterEqual(got_it - asked_again, 0.15, "it waited for task 0's host permit")
        self.assertEqual([e["ev"] for e in tasks[0] if e["ev"] in ("request", "running")], ["request", "running"],
                         "task 0 never waited: its second acquire() takes the permit at once, no line")
        # Each request names the semaphore it asks (the number of its
        # "primitive" line): the global one first, then the host's.
        made = {e["sem"]: e["line"] for e in lines if e["ev"] == "primitive"}
        self.assertEqual(made, {0: 3, 1: 4})
        self.assertEqual([e.get("sem") for e in tasks[1] if e["ev"] == "request"], [0, 1])
        self.assertEqual([e.get("sem") for e in tasks[0] if e["ev"] == "request"], [0])
        # Each release names the one it gives back: the host's first (the
        # inner block ends first), then the global one.
        for k in (0, 1):
            self.assertEqual([e.get("sem") for e in tasks[k] if e["ev"] == "release"], [1, 0])

    def test_a_task_holding_a_permit_that_waits_for_a_lock_asks_again(self):
        # Both take a permit of the Semaphore at once; task 1 then waits
        # ~0.2 s for the Lock task 0 holds: its lane waits again, and its
        # request says for which of the two.
        lines, _ = trace_source("""
            import asyncio
            sem = asyncio.Semaphore(2)
            lock = asyncio.Lock()

            async def work():
                async with sem:
                    async with lock:
                        await asyncio.sleep(0.2)

            async def main():
                await asyncio.gather(work(), work())

            asyncio.run(main())
        """)
        self.check_well_formed(lines)
        self.assertEqual({e["sem"]: e["kind"] for e in lines if e["ev"] == "primitive"}, {0: "Semaphore", 1: "Lock"})
        tasks = by_task(lines)
        asks = [(e["ev"], e.get("sem")) for e in tasks[1] if e["ev"] in ("request", "running")]
        self.assertEqual(asks, [("request", 0), ("running", None), ("request", 1), ("running", None)])
        asked_again = [e["t"] for e in tasks[1] if e["ev"] == "request"][1]
        got_it = [e["t"] for e in tasks[1] if e["ev"] == "running"][1]
        self.assertGreaterEqual(got_it - asked_again, 0.15, "it waited for task 0's lock")
        self.assertIn({"task": 0, "woke": 1, "sem": 1}, [{"task": e["task"], "woke": e["woke"], "sem": e.get("sem")}
                                                         for e in lines if e["ev"] == "release"])
        self.assertEqual([e.get("sem") for e in tasks[1] if e["ev"] == "release"], [1, 0])

    def test_a_worker_taking_its_first_semaphore_again_at_once_says_so(self):
        # Three workers, two rounds each, through a global Semaphore(3) and
        # one host's Semaphore(1). A worker's second round takes the global
        # permit at once (no request: it ran before): an "acquire" line
        # names it, so that the reader knows the worker holds it while it
        # waits for the host's.
        lines, _ = trace_source("""
            import asyncio
            total = asyncio.Semaphore(3)
            host = asyncio.Semaphore(1)

            async def worker():
                for _ in range(2):
                    async with total:
                        async with host:
                            await asyncio.sleep(0.05)

            async def main():
                await asyncio.gather(worker(), worker(), worker())

            asyncio.run(main())
        """)
        self.check_well_formed(lines)
        tasks = by_task(lines)
        for k in range(3):
            steps = [(e["ev"], e.get("sem")) for e in tasks[k] if e["ev"] in ("request", "acquire", "release")]
            # Round 1: asks for #0 (its first request), then #1 (at once for
            # task 0, a wait for the others); round 2: #0 at once, then #1.
            self.assertEqual(steps[0], ("request", 0), steps)
            self.assertIn(("acquire", 0), steps[1:], steps)
            self.assertEqual([s for s in steps if s[0] == "release"], [("release", 1), ("release", 0)] * 2, steps)
        # The acquisitions and releases of #0 balance the "held" lines.
        held0 = [e["value"] for e in lines if e["ev"] == "held" and e["sem"] == 0]
        self.assertEqual(max(held0), 3)
        self.assertEqual(held0[-1], 0)

    def test_a_program_with_many_semaphores_names_the_waits_on_each(self):
        # A global Semaphore(6) and one Semaphore(1) for each of six hosts:
        # seven primitives, each with its "primitive" line, and the waits on
        # the last host's name it (sem 6), holding the global one.
        lines, _ = trace_source("""
            import asyncio
            total = asyncio.Semaphore(6)
            hosts = [asyncio.Semaphore(1) for _ in range(6)]

            async def fetch(h):
                async with total:
                    async with hosts[h]:
                        await asyncio.sleep(0.05)

            async def main():
                await asyncio.gather(*(fetch(5) for _ in range(3)))

            asyncio.run(main())
        """)
        self.check_well_formed(lines)
        self.assertEqual(sorted(e["sem"] for e in lines if e["ev"] == "primitive"), list(range(7)))
        tasks = by_task(lines)
        for k in (1, 2):  # task 0 takes the host's at once; 1 and 2 wait for it
            self.assertEqual([e.get("sem") for e in tasks[k] if e["ev"] == "request"], [0, 6])
            self.assertEqual([e.get("sem") for e in tasks[k] if e["ev"] == "release"], [6, 0])
        self.assertEqual(max(e["value"] for e in lines if e["ev"] == "held" and e["sem"] == 6), 1)

    def test_with_one_semaphore_requests_name_none(self):
        lines, _ = trace_source("""
            import asyncio
            sem = asyncio.Semaphore(1)

            async def work():
                async with sem:
                    await asyncio.sleep(0.05)

            async def main():
                await asyncio.gather(work(), work())

            asyncio.run(main())
        """)
        self.check_well_formed(lines)
        requests = [e for e in lines if e["ev"] == "request"]
        self.assertEqual(len(requests), 2)
        self.assertFalse(any("sem" in e for e in requests))
        releases = [e for e in lines if e["ev"] == "release"]
        self.assertEqual(len(releases), 2)
        self.assertFalse(any("sem" in e for e in releases))

    def test_a_job_waits_in_the_pool_queue_and_a_cancelled_one_is_dropped(self):
        # One worker, three jobs of 0.3 s: job 0 runs at once and is given up
        # by wait_for at 0.1 s while it runs (its thread runs on: thread_left,
        # then its end), job 1 waits for the worker until job 0's thread ends,
        # job 2 is given up while it still waits and never runs
        # (concurrent.futures drops it).
        lines, _ = trace_source("""
            import asyncio, time
            from concurrent.futures import ThreadPoolExecutor
            pool = ThreadPoolExecutor(max_workers=1)

            async def job(i, timeout):
                loop = asyncio.get_running_loop()
                try:
                    await asyncio.wait_for(loop.run_in_executor(pool, time.sleep, 0.3), timeout)
                except asyncio.TimeoutError:
                    await asyncio.sleep(0.1)

            async def main():
                await asyncio.gather(job(0, 0.1), job(1, None), job(2, 0.1))

            asyncio.run(main())
        """)
        self.check_well_formed(lines)
        tasks = by_task(lines)
        kinds = {tid: [e["ev"] for e in evs if e["ev"].startswith("thread_")] for tid, evs in tasks.items()}
        self.assertEqual(kinds[0], ["thread_begin", "thread_left", "thread_end"], "the worker was free: no wait")
        self.assertEqual(kinds[1], ["thread_queued", "thread_begin", "thread_end"])
        self.assertEqual(kinds[2], ["thread_queued", "thread_end"], "dropped: it never began")
        t = {tid: {e["ev"]: e["t"] for e in evs} for tid, evs in tasks.items()}
        self.assertGreaterEqual(t[1]["thread_begin"], t[0]["thread_end"], "job 1 waited for the worker")
        self.assertGreaterEqual(t[1]["thread_begin"] - t[1]["thread_queued"], 0.25)
        self.assertLess(t[2]["thread_end"], t[0]["thread_end"], "dropped at its timeout, 0.1 s")
        self.assertLess(t[0]["thread_left"], t[0]["thread_end"] - 0.15, "left at 0.1 s, ran on to 0.3 s")
        self.assertLess(t[0]["thread_left"], t[0]["done"], "its task went on (a sleep of 0.1 s)...")
        self.assertLess(t[0]["done"], t[0]["thread_end"], "...and ended before its thread did")
        self.assertGreaterEqual(t[2]["thread_end"] - t[2]["thread_queued"], 0.09)
        self.assertLessEqual(t[1]["thread_queued"], t[0]["thread_begin"] + 0.05, "job 1 was handed over at once")
        if CLI:
            # The reader draws the waits: pool queue, then the thread.
            with tempfile.TemporaryDirectory() as tmp:
                path = os.path.join(tmp, "t.jsonl")
                with open(path, "w", encoding="utf-8") as f:
                    f.write("".join(json.dumps(e) + "\n" for e in lines))
                out = os.path.join(tmp, "t.json")
                subprocess.run([CLI, "export", path, "--chrome", out], check=True, capture_output=True)
                with open(out, encoding="utf-8") as f:
                    names = {e.get("name") for e in json.load(f)["traceEvents"]}
                self.assertIn("pool queue", names)
                self.assertIn("thread job after the task stopped waiting for it", names)

    def test_a_process_pool_job_waits_for_a_free_process_in_submission_order(self):
        # A real ProcessPoolExecutor pickles its function (it cannot be
        # wrapped): its jobs' begins are inferred from the pool's order. Two
        # processes, five jobs of 0.3 s: two begin at once, three wait in the
        # queue, each taking the process a job's end frees, oldest first;
        # never more than two run. Two jobs given up by wait_for while they
        # wait: dropped by the pool (thread_end) or, when a process already
        # had it, left to run on (thread_left, then its end).
        lines, _ = trace_source("""
            import asyncio, time
            from concurrent.futures import ProcessPoolExecutor

            def work(s):
                time.sleep(s)
                return s

            async def job(pool, s, timeout):
                loop = asyncio.get_running_loop()
                try:
                    return await asyncio.wait_for(loop.run_in_executor(pool, work, s), timeout)
                except asyncio.TimeoutError:
                    return None

            async def main():
                with ProcessPoolExecutor(2) as pool:
                    await asyncio.gather(*(job(pool, 0.3, None) for _ in range(5)))
                    await asyncio.gather(job(pool, 0.5, None), job(pool, 0.5, None),
                                         job(pool, 0.2, 0.1), job(pool, 0.2, 0.1), job(pool, 0.1, None))

            if __name__ == "__main__":
                asyncio.run(main())
        """)
        self.check_well_formed(lines)
        pool = [e for e in lines if e["ev"].startswith("thread_")]
        self.assertTrue(all(e["pool"] == "process" for e in pool))
        kinds = {tid: [e["ev"] for e in pool if e["task"] == tid] for tid in range(10)}
        for tid in (0, 1, 5, 6):
            self.assertEqual(kinds[tid], ["thread_begin", "thread_end"], tid)
        for tid in (2, 3, 4, 9):
            self.assertEqual(kinds[tid], ["thread_queued", "thread_begin", "thread_end"], tid)
        for tid in (7, 8):
            # Dropped by the pool; or left waiting, then (inferred) begun.
            self.assertIn(kinds[tid], (["thread_queued", "thread_end"],
                                       ["thread_queued", "thread_left", "thread_begin", "thread_end"]), tid)
        running = 0
        for k, e in enumerate(pool):
            if e["ev"] == "thread_begin":
                running += 1
                if kinds[e["task"]][0] == "thread_queued":
                    # It took the process that the job ended just before freed.
                    self.assertEqual(pool[k - 1]["ev"], "thread_end", e)
                    self.assertGreaterEqual(e["t"], pool[k - 1]["t"])
            elif e["ev"] == "thread_end" and "thread_begin" in kinds[e["task"]]:
                running -= 1
            self.assertLessEqual(running, 2, e)
        begins = [e["task"] for e in pool if e["ev"] == "thread_begin"]
        self.assertEqual(begins, sorted(begins), "first in, first out")
        t = {tid: {e["ev"]: e["t"] for e in evs} for tid, evs in by_task(lines).items()}
        self.assertGreaterEqual(t[2]["thread_begin"] - t[2]["thread_queued"], 0.25, "it waited for a process")
        for tid in range(10):
            if "done" in t[tid] and "thread_left" not in kinds[tid]:
                self.assertLessEqual(t[tid]["thread_end"], t[tid]["done"], "its job ended, then the task")

    def test_jobs_main_hands_to_a_pool_itself_have_paired_lines_in_order(self):
        # p4.py: main() (no lane) hands five jobs of 0.1 to 0.5 s to a pool
        # of two, then awaits asyncio.to_thread itself: its jobs are the
        # main_thread_* lines, numbered in hand-over order, no task named.
        lines, _ = trace_source("""
            import asyncio, time, concurrent.futures

            def blocking(i):
                time.sleep(0.1 * (i + 1))
                return i

            async def main():
                loop = asyncio.get_running_loop()
                with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
                    futs = [loop.run_in_executor(pool, blocking, i) for i in range(5)]
                    for f in asyncio.as_completed(futs):
                        await f
                await asyncio.to_thread(blocking, 0)

            asyncio.run(main())
        """)
        self.check_well_formed(lines)
        self.assertEqual([e for e in lines if e["ev"] == "created"], [], "main() is no task")
        jobs = [e for e in lines if e["ev"].startswith("main_thread_")]
        for e in jobs:
            self.assertNotIn("task", e)
            self.assertNotIn("pool", e)
        kinds = {k: [e["ev"][len("main_thread_"):] for e in jobs if e["job"] == k] for k in range(6)}
        self.assertEqual(sorted({e["job"] for e in jobs}), list(range(6)))
        for k in (0, 1, 5):
            self.assertEqual(kinds[k], ["begin", "end"], k)
        for k in (2, 3, 4):
            self.assertEqual(kinds[k], ["queued", "begin", "end"], k)
        t = {k: {e["ev"][len("main_thread_"):]: e["t"] for e in jobs if e["job"] == k} for k in range(6)}
        # Handed over in order, the five at once; never more than two run.
        self.assertEqual([e["job"] for e in jobs if e["ev"] != "main_thread_end"][:5], [0, 1, 2, 3, 4])
        self.assertLess(t[4]["queued"] - t[0]["begin"], 0.05)
        running = 0
        for e in jobs:
            running += {"main_thread_begin": 1, "main_thread_end": -1}.get(e["ev"], 0)
            self.assertLessEqual(running, 2, e)
        self.assertEqual(running, 0)
        # Each queued job takes the worker a job's end freed, oldest first.
        self.assertGreaterEqual(t[2]["begin"], t[0]["end"])
        self.assertGreaterEqual(t[3]["begin"], t[1]["end"])
        self.assertGreaterEqual(t[4]["begin"], t[2]["end"])
        self.assertEqual(sorted(range(5), key=lambda k: t[k]["begin"]), [0, 1, 2, 3, 4])
        for k in range(6):
            self.assertGreaterEqual(t[k]["end"] - t[k]["begin"], 0.1 * (k % 5 + 1) - 0.01, k)
        self.assertGreaterEqual(t[5]["begin"], t[4]["end"], "to_thread after the pool's jobs")
        metrics = exported_metrics(self, "".join(json.dumps(e) + "\n" for e in lines))
        if metrics is not None:
            self.assertEqual(metrics["tasks"], 0, "main()'s jobs are no tasks")

    def test_a_program_that_raises_ends_raised(self):
        lines, _ = trace_source("""
            import asyncio

            async def job():
                await asyncio.sleep(0.01)
                raise KeyError("k")

            async def main():
                await asyncio.gather(job(), job())

            asyncio.run(main())
        """, expect_rc=1)
        self.check_well_formed(lines)
        self.assertEqual(sum(1 for e in lines if e["ev"] == "failed"), 2)
        self.assertIn("raise", [e["ev"] for e in lines])
        self.assertEqual(lines[-1]["outcome"], "raised:KeyError")

    def test_a_task_ended_in_the_last_iteration_before_an_interrupt_is_written(self):
        # Task "quick" ends in the iteration that raises KeyboardInterrupt out of
        # the loop, and the loop never runs again: its end is still written.
        lines, _ = trace_source("""
            import asyncio

            async def quick():
                return 1

            async def interrupt():
                raise KeyboardInterrupt

            loop = asyncio.new_event_loop()
            loop.create_task(quick(), name="quick")
            try:
                loop.run_until_complete(interrupt())
            except KeyboardInterrupt:
                pass
        """)
        self.check_well_formed(lines)
        quick = [e["ev"] for e in lines if e.get("name") == "quick"]
        self.assertIn("done", quick)

    def test_arguments_reach_the_program_and_the_default_output_name(self):
        with tempfile.TemporaryDirectory() as tmp:
            prog = os.path.join(tmp, "p.py")
            with open(prog, "w", encoding="utf-8") as f:
                f.write("import asyncio, sys\n"
                        "async def main():\n"
                        "    await asyncio.gather(*(asyncio.sleep(0) for _ in range(int(sys.argv[1]))))\n"
                        "asyncio.run(main())\n")
            env = dict(os.environ, PYTHONPATH=PKG)
            r = subprocess.run([sys.executable, "-m", "coroscope_trace", prog, "3"], env=env, cwd=tmp,
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("3 tasks", r.stderr)
            with open(os.path.join(tmp, "coroscope-trace.jsonl"), encoding="utf-8") as f:
                lines = [json.loads(x) for x in f]
            self.check_well_formed(lines)
            self.assertEqual(len(by_task(lines)), 3)

    def test_the_homework_example_traces(self):
        lines, _ = trace(os.path.join(ROOT, "resources", "python", "examples", "homework.py"))
        self.check_well_formed(lines)
        self.assertGreaterEqual(len(by_task(lines)), 5)


class Parents(unittest.TestCase, Common):
    """Each "created" line names the task that created the task ("parent"),
    absent when the program's main coroutine did; every line keeps the name."""

    @classmethod
    def setUpClass(cls):
        cls.lines, _ = trace_source("""
            import asyncio, time

            async def leaf(i):
                await asyncio.sleep(0.01)
                return i

            async def spawner():
                child = asyncio.create_task(leaf(9), name="grandchild")
                asyncio.current_task().set_name("spawner-renamed")
                return await child

            async def timed():
                try:
                    await asyncio.wait_for(asyncio.sleep(10), 0.02)
                except asyncio.TimeoutError:
                    pass

            async def main():
                sem = asyncio.Semaphore(2)

                async def limited(i):
                    async with sem:
                        return await leaf(i)

                a = asyncio.create_task(spawner(), name="spawner")
                b = asyncio.create_task(asyncio.to_thread(time.sleep, 0.01))
                c = asyncio.create_task(timed(), name="outer")
                for f in asyncio.as_completed([limited(i) for i in range(3)]):
                    await f
                await asyncio.wait_for(leaf(5), 1)  # (main()'s: the job's only lane, no helper)
                await asyncio.gather(a, b, c)

            asyncio.run(main())
        """)
        cls.tasks = by_task(cls.lines)
        cls.created = {e["task"]: e for e in cls.lines if e["ev"] == "created"}

    def named(self, name):
        """The task whose last line bears `name`."""
        ids = [tid for tid, evs in self.tasks.items() if evs[-1]["name"] == name]
        self.assertEqual(len(ids), 1, name)
        return ids[0]

    def test_well_formed(self):
        self.check_well_formed(self.lines)

    def test_tasks_main_created_have_no_parent(self):
        for name in ("spawner-renamed", "outer"):
            self.assertNotIn("parent", self.created[self.named(name)])
        self.assertEqual(len([e for e in self.created.values() if "parent" not in e]), 7,
                         "spawner, the to_thread task, outer, the three as_completed tasks and the inner task "
                         "of main()'s wait_for")

    def test_a_task_made_by_a_task_names_it_as_parent(self):
        self.assertEqual(self.created[self.named("grandchild")]["parent"], self.named("spawner-renamed"))

    def test_the_inner_task_of_wait_for_has_the_outer_task_as_parent(self):
        outer = self.named("outer")
        inner = [tid for tid, e in self.created.items() if e.get("parent") == outer]
        self.assertEqual(len(inner), 1)
        self.assertEqual(self.tasks[inner[0]][-1]["ev"], "cancelled", "wait_for's timeout cancels it")

    def test_wait_for_s_inner_task_of_a_task_says_it_is_a_helper(self):
        # Its job is the outer task's, which the app counts once ("helper");
        # a task made by create_task, and main()'s wait_for's inner task (the
        # job's only lane), are none.
        outer = self.named("outer")
        self.assertEqual([e.get("helper") for e in self.created.values() if e.get("parent") == outer], ["wait_for"])
        self.assertEqual([e["task"] for e in self.created.values() if "helper" in e],
                         [e["task"] for e in self.created.values() if e.get("parent") == outer])

    def test_a_bare_to_thread_task_runs_its_job_in_a_thread(self):
        threaded = [tid for tid, evs in self.tasks.items() if any(e["ev"] == "thread_begin" for e in evs)]
        self.assertEqual(len(threaded), 1)
        self.assertNotIn("parent", self.created[threaded[0]])
        self.assertTrue(self.created[threaded[0]]["name"].startswith("Task-"))

    def test_as_completed_tasks_share_the_semaphore(self):
        asking = [tid for tid, evs in self.tasks.items() if any(e["ev"] == "request" for e in evs)]
        self.assertEqual(len(asking), 3)
        self.assertTrue(all("parent" not in self.created[tid] for tid in asking))
        woke = [e["woke"] for e in self.lines if e["ev"] == "release" and e["woke"] >= 0]
        self.assertEqual(len(woke), 1, "two permits, three tasks: one waits and is woken")
        self.assertIn(woke[0], asking)

    def test_every_line_carries_the_name_and_a_rename_shows(self):
        for tid, evs in self.tasks.items():
            self.assertEqual(len({e["name"] for e in evs}), 1, tid)
        self.assertEqual(self.tasks[self.named("spawner-renamed")][0]["name"], "spawner-renamed",
                         "renamed in its first step, before its first line")


class TaskEnds(unittest.TestCase, Common):
    """A task's end is seen without a done callback of the tracer's where the
    loop's call_soon is the tracer's (3.11), and with one where a loop has a
    call_soon of its own: the same lines either way."""

    PROGRAM = """
        import asyncio, sys

        class OwnCallSoon(asyncio.SelectorEventLoop):
            def call_soon(self, callback, *args, context=None):
                self._check_closed()
                return self._call_soon(callback, args, context)

        async def job(i, sem):
            async with sem:
                await asyncio.sleep(0.01 * i)
            if i == 2:
                raise ValueError(i)

        async def main():
            sem = asyncio.Semaphore(2)
            tasks = [asyncio.create_task(job(i, sem), name="job-%d" % i) for i in range(5)]
            await asyncio.sleep(0.015)
            tasks[4].cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            fire_and_forget = asyncio.create_task(asyncio.sleep(0), name="lone")
            await asyncio.sleep(0.05)

        factory = OwnCallSoon if sys.argv[1] == "own" else asyncio.SelectorEventLoop
        with asyncio.Runner(loop_factory=factory) as runner:
            runner.run(main())
    """

    def ends(self, lines):
        return sorted((e["name"], e["ev"]) for e in lines if e["ev"] in ("done", "failed", "cancelled"))

    def test_each_task_ends_once_with_either_call_soon(self):
        expected = [("job-0", "done"), ("job-1", "done"), ("job-2", "failed"), ("job-3", "done"),
                    ("job-4", "cancelled"), ("lone", "done")]
        for kind in ("base", "own"):
            lines, _ = trace_source(self.PROGRAM, kind)
            self.check_well_formed(lines)
            self.assertEqual(self.ends(lines), expected, kind)
            tracer_ends = [e["t"] for e in lines if e["ev"] in ("done", "failed", "cancelled")]
            self.assertEqual(len(tracer_ends), 6, kind)
            # "lone" ends in its first step, and nothing else is ready then:
            # its end is that moment, not the end of main()'s 0.05 s sleep
            # that the loop waits for next (no done callback runs at once).
            lone = [e for e in lines if e.get("name") == "lone"]
            self.assertLess(first(lone, "done") - first(lone, "created"), 0.025, (kind, lone))



class TasksMadeEveryWay(Common, unittest.TestCase):
    """Tasks made by asyncio.Task() directly and by a task factory (named by
    set_name() after they are made) are traced like create_task's, with
    their parent (on 3.11 the tracer sees a task when it registers, with
    no Python __init__ of its own); and a Semaphore's request, wake-up and
    running inside wait_for name the task that awaits it (wait_for's inner
    task, which runs acquire() on 3.11, is no lane: Tracer._acquire_helper)."""

    PROGRAM = """
        import asyncio

        async def leaf():
            await asyncio.sleep(0.01)

        async def holder(sem):
            async with sem:
                await asyncio.sleep(0.05)

        async def waiter(sem):
            await asyncio.sleep(0.01)
            await asyncio.wait_for(sem.acquire(), 2)
            sem.release()

        async def parent():
            await asyncio.Task(leaf(), name="direct")
            loop = asyncio.get_running_loop()
            loop.set_task_factory(lambda loop, coro, **kw: asyncio.Task(coro, loop=loop, **kw))
            await loop.create_task(leaf(), name="from-factory")
            loop.set_task_factory(None)

        async def main():
            sem = asyncio.Semaphore(1)
            await asyncio.gather(asyncio.create_task(parent(), name="parent"),
                                 asyncio.create_task(holder(sem), name="holder"),
                                 asyncio.create_task(waiter(sem), name="waiter"))

        asyncio.run(main())
    """

    @classmethod
    def setUpClass(cls):
        cls.lines, _ = trace_source(cls.PROGRAM)

    def test_well_formed(self):
        self.check_well_formed(self.lines)

    def test_direct_and_factory_tasks_are_traced_with_their_parent_and_name(self):
        created = {e["name"]: e for e in self.lines if e["ev"] == "created"}
        parent = created["parent"]["task"]
        for name in ("direct", "from-factory"):
            self.assertEqual(created[name].get("parent"), parent, name)
            ends = [e["ev"] for e in self.lines if e.get("task") == created[name]["task"]]
            self.assertEqual(ends[-1], "done", name)

    def test_the_task_that_waits_in_wait_for_requests_and_runs(self):
        created = {e["name"]: e for e in self.lines if e["ev"] == "created"}
        waiter = created["waiter"]["task"]
        self.assertFalse([e for e in created.values() if e.get("parent") == waiter], "wait_for's inner task")
        self.assertEqual(set(created), {"parent", "holder", "waiter", "direct", "from-factory"})
        lane = [e["ev"] for e in self.lines if e.get("task") == waiter]
        self.assertEqual(lane, ["created", "request", "running", "release", "done"])
        woke = [e["woke"] for e in self.lines if e["ev"] == "release" and e["woke"] >= 0]
        self.assertEqual(woke, [waiter], "the holder's release wakes the waiter")


class AcquireWithTimeout(Common, unittest.TestCase):
    """`wait_for(sem.acquire(), t)` on a real clock: the permit and the wait
    are the awaiting task's, a timeout is its gave_up, and wait_for's inner
    task is no lane (the virtual clock's exact times: test_runner.py)."""

    @classmethod
    def setUpClass(cls):
        cls.lines, _ = trace_source("""
            import asyncio

            async def worker(i, sem):
                try:
                    await asyncio.wait_for(sem.acquire(), timeout=0.05)
                except asyncio.TimeoutError:
                    await asyncio.sleep(0.1)     # works on without a permit
                    return
                try:
                    await asyncio.sleep(0.2)
                finally:
                    sem.release()

            async def main():
                sem = asyncio.Semaphore(1)
                await asyncio.gather(*(asyncio.create_task(worker(i, sem), name="w%d" % i) for i in range(2)))

            asyncio.run(main())
        """)

    def test_well_formed(self):
        self.check_well_formed(self.lines)

    def test_the_holder_and_the_one_that_gave_up_are_the_only_lanes(self):
        self.assertEqual(created_names(self.lines), ["w0", "w1"])
        lanes = {name: lane_of(self.lines, name) for name in ("w0", "w1")}
        self.assertEqual(lanes["w0"], ["created", "request", "running", "release", "done"])
        self.assertEqual(lanes["w1"], ["created", "request", "gave_up", "done"])
        gave_up = next(e["t"] for e in self.lines if e["ev"] == "gave_up")
        created = next(e["t"] for e in self.lines if e["ev"] == "created" and e["name"] == "w1")
        request = next(e["t"] for e in self.lines if e["ev"] == "request" and e["name"] == "w1")
        # The timeout starts at wait_for()'s call, in w1's step; the request is
        # acquire()'s, one step later in wait_for's inner task (3.11), which a
        # loaded machine can delay by milliseconds: bound it from w1's start.
        self.assertGreaterEqual(gave_up - created, 0.05)
        self.assertLess(gave_up - request, 0.15)
        self.assertEqual(max(e["value"] for e in self.lines if e["ev"] == "permits"), 1)


class MainAcquiresWithTimeout(Common, unittest.TestCase):
    """main() itself taking a permit with `wait_for(sem.acquire(), t)`: its
    inner task (which runs acquire() on 3.11) is no lane, as main()'s own
    `await sem.acquire()` is none: the permit shows in the permits held,
    and no lane ends holding it (the inner task's own lane ended "done"
    with the permit, which the app called a forgotten release main() never
    forgot). Once taken and given back, once given up."""

    @classmethod
    def setUpClass(cls):
        cls.lines, _ = trace_source("""
            import asyncio

            async def worker(sem):
                async with sem:
                    await asyncio.sleep(0.1)

            async def main():
                sem = asyncio.Semaphore(1)
                first = asyncio.create_task(worker(sem), name="w0")
                await asyncio.sleep(0.01)
                await asyncio.wait_for(sem.acquire(), 1)     # waits for w0, then holds
                await asyncio.sleep(0.05)
                sem.release()
                second = asyncio.create_task(worker(sem), name="w1")
                await asyncio.sleep(0.01)
                try:
                    await asyncio.wait_for(sem.acquire(), 0.02)  # w1 holds it past the timeout
                except asyncio.TimeoutError:
                    print("main gave up")
                await asyncio.gather(first, second)

            asyncio.run(main())
        """)

    def test_well_formed(self):
        self.check_well_formed(self.lines)

    def test_the_workers_are_the_only_lanes(self):
        self.assertEqual(created_names(self.lines), ["w0", "w1"])
        for name in ("w0", "w1"):
            self.assertEqual(lane_of(self.lines, name), ["created", "request", "running", "release", "done"], name)
        # w0's release hands the permit to main() (no lane), w1's to nobody.
        self.assertEqual([e["woke"] for e in self.lines if e["ev"] == "release"], [-1, -1])

    def test_main_s_permit_is_counted_while_it_holds_it(self):
        permits = [(e["t"], e["value"]) for e in self.lines if e["ev"] == "permits"]
        w0_release = next(e["t"] for e in self.lines if e["ev"] == "release" and e["name"] == "w0")
        w1_created = next(e["t"] for e in self.lines if e["ev"] == "created" and e["name"] == "w1")
        # Between w0's release and w1's creation only main() holds a permit.
        held = [v for t, v in permits if w0_release <= t < w1_created]
        self.assertIn(1, held)
        self.assertEqual(max(v for _, v in permits), 1)
        self.assertEqual(permits[-1][1], 0)

    def test_coroscope_cli_warns_of_no_forgotten_release(self):
        metrics = exported_metrics(self, "".join(json.dumps(e) + "\n" for e in self.lines))
        if metrics is None:
            self.skipTest("no coroscope-cli given (--cli PATH)")
        self.assertEqual(metrics["tasks"], 2)
        self.assertEqual(metrics["warnings"], [])


class SignalSemaphore(Common, unittest.TestCase):
    """A Semaphore(0) used as a signal: main() releases it once per
    consumer, a producer task does the same for others, and each consumer
    takes its permit and ends holding it (the pattern, not a forgotten
    release). The trace said "3 of 0" permits in use, growing past a limit
    of 0, and the app flagged each consumer's forgotten release. Each
    signal now opens the gate by one (`limit`), and a consumer that ends
    holding it used it up (`limit` and `permits` back down)."""

    @classmethod
    def setUpClass(cls):
        cls.lines, _ = trace_source("""
            import asyncio

            async def consumer(sem):
                await sem.acquire()
                await asyncio.sleep(0.01)

            async def producer(sem):
                await asyncio.sleep(0.04)
                sem.release()

            async def main():
                sem = asyncio.Semaphore(0)
                tasks = [asyncio.create_task(consumer(sem), name=f"c{i}") for i in range(3)]
                for _ in range(2):
                    await asyncio.sleep(0.02)
                    sem.release()
                asyncio.create_task(producer(sem), name="p")
                await asyncio.gather(*tasks)

            asyncio.run(main())
        """)

    def test_well_formed(self):
        self.check_well_formed(self.lines)

    def test_each_signal_opens_the_gate_and_each_consumer_uses_it_up(self):
        limits = [e["value"] for e in self.lines if e["ev"] == "limit"]
        self.assertEqual(limits, [0, 1, 0, 1, 0, 1, 0])
        permits = [e["value"] for e in self.lines if e["ev"] == "permits"]
        self.assertEqual(permits[-1], 0)

    def test_never_more_in_use_than_the_gate_lets_in(self):
        limit = None
        for e in self.lines:
            if e["ev"] == "limit":
                limit = e["value"]
            elif e["ev"] == "permits":
                self.assertLessEqual(e["value"], limit, e)

    def test_coroscope_cli_warns_of_no_forgotten_release(self):
        metrics = exported_metrics(self, "".join(json.dumps(e) + "\n" for e in self.lines))
        if metrics is None:
            self.skipTest("no coroscope-cli given (--cli PATH)")
        self.assertEqual(metrics["warnings"], [])


class GateOpenedByMain(Common, unittest.TestCase):
    """A Semaphore(0) main() opens to two at a time (two releases) for
    tasks that use `async with`: the limit is 2 from then on, and their
    releases give their permits back as with any semaphore."""

    @classmethod
    def setUpClass(cls):
        cls.lines, _ = trace_source("""
            import asyncio

            async def job(gate):
                async with gate:
                    await asyncio.sleep(0.02)

            async def main():
                gate = asyncio.Semaphore(0)
                tasks = [asyncio.create_task(job(gate)) for _ in range(4)]
                await asyncio.sleep(0.01)
                gate.release()
                gate.release()
                await asyncio.gather(*tasks)

            asyncio.run(main())
        """)

    def test_the_limit_is_what_main_opened(self):
        self.assertEqual([e["value"] for e in self.lines if e["ev"] == "limit"], [0, 1, 2])
        permits = [e["value"] for e in self.lines if e["ev"] == "permits"]
        self.assertEqual(max(permits), 2)
        self.assertEqual(permits[-1], 0)

    def test_coroscope_cli_warns_of_nothing(self):
        metrics = exported_metrics(self, "".join(json.dumps(e) + "\n" for e in self.lines))
        if metrics is None:
            self.skipTest("no coroscope-cli given (--cli PATH)")
        self.assertEqual(metrics["warnings"], [])


class MainReturnsLeavingTasks(Common, unittest.TestCase):
    """main() returns after wait(FIRST_COMPLETED): asyncio.run() cancels the
    two tasks still pending on its way out. The trace says when main()
    returned (`main_returned`, once: not for asyncio.run()'s own shutdown
    steps after it), so the app tells those cancels apart (their work lost);
    nothing said it, and their cancelled lanes went unexplained."""

    @classmethod
    def setUpClass(cls):
        cls.lines, _ = trace_source("""
            import asyncio

            async def job(d):
                await asyncio.sleep(d)
                return d

            async def main():
                tasks = [asyncio.create_task(job(d)) for d in (0.01, 0.05, 0.1)]
                done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)

            asyncio.run(main())
        """)

    def test_main_returned_once_before_the_exit_cancels(self):
        kinds = [e["ev"] for e in self.lines if e["ev"] in ("done", "main_returned", "cancelled")]
        self.assertEqual(kinds, ["done", "main_returned", "cancelled", "cancelled"])

    def test_coroscope_cli_warns_of_the_cancels_at_exit(self):
        metrics = exported_metrics(self, "".join(json.dumps(e) + "\n" for e in self.lines))
        if metrics is None:
            self.skipTest("no coroscope-cli given (--cli PATH)")
        self.assertEqual([(w["kind"], w["count"]) for w in metrics["warnings"]], [("cancelled_at_exit", 2)])


class MainCancelsWithoutAwaiting(Common, unittest.TestCase):
    """main() cancels the tasks wait() left pending and returns without
    awaiting them. Whose cancels are they? Real CPython 3.11.7: a task whose
    cleanup is one step ends right after main() returned, before asyncio.run()
    shuts down; one whose `finally` awaits is still ending when main() ended,
    and asyncio.run() cancels it again, cutting its cleanup short (its
    "cleanup done" is never printed). The trace said main_returned first and
    the app blamed asyncio.run()'s exit for all of them ("main() ended while
    they were still running ... their work was lost")."""

    PROGRAM = """
        import asyncio

        async def quick(d):
            await asyncio.sleep(d)

        async def slow_cleanup(d):
            try:
                await asyncio.sleep(d)
            finally:
                await asyncio.sleep(0.05)
                print("cleanup done")

        async def main():
            tasks = [asyncio.create_task(quick(0.01)), asyncio.create_task(quick(1)),
                     asyncio.create_task(slow_cleanup(1)), asyncio.create_task(slow_cleanup(2))]
            done, pending = await asyncio.wait(tasks, timeout=0.1)
            for t in tasks[1:]:
                t.cancel()

        asyncio.run(main())
    """

    @classmethod
    def setUpClass(cls):
        cls.lines, _ = trace_source(cls.PROGRAM)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "prog.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(cls.PROGRAM))
            cls.real = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=60)
            cls.virtual = trace_virtual(path)

    def test_real_cpython_cuts_the_awaiting_cleanup_short(self):
        self.assertEqual(self.real.returncode, 0, self.real.stderr)
        self.assertNotIn("cleanup done", self.real.stdout)

    def test_the_one_step_cleanup_ends_before_main_returned_the_others_are_cancel_pending(self):
        for lines in (self.lines, self.virtual):
            seq = [(e["ev"], e.get("task")) for e in lines
                   if e["ev"] in ("cancelled", "main_returned", "cancel_pending")]
            # (asyncio.run() cancels what is left in a set's order: either way round.)
            self.assertEqual(seq[:4], [("cancelled", 1), ("main_returned", None), ("cancel_pending", 2),
                                       ("cancel_pending", 3)])
            self.assertEqual(sorted(seq[4:]), [("cancelled", 2), ("cancelled", 3)])

    def test_coroscope_cli_tells_them_apart(self):
        metrics = exported_metrics(self, "".join(json.dumps(e) + "\n" for e in self.lines))
        if metrics is None:
            self.skipTest("no coroscope-cli given (--cli PATH)")
        self.assertEqual([(w["kind"], w["count"]) for w in metrics["warnings"]], [("cancelled_unawaited", 2)])
        self.assertIn(metrics["warnings"][0]["task"], (2, 3))  # the first cancelled


class MainRunsTwice(Common, unittest.TestCase):
    """A program that calls asyncio.run() more than once (a setup run, then
    its main run; a loop of runs; a run whose main coroutine raised and was
    caught). Each run's exit cancels what its main coroutine left pending;
    a task the program cancels in a later run was not cancelled by an exit.
    The first run's main_returned made every cancel after it an exit cancel
    (2 for 1 here); the trace now says where each later run starts
    (`main_started`, after the run before it wrote all its lines)."""

    @classmethod
    def setUpClass(cls):
        cls.lines, _ = trace_source("""
            import asyncio

            async def forever():
                await asyncio.sleep(100)

            async def setup():
                asyncio.create_task(forever())  # pending: cancelled at this run's exit
                await asyncio.sleep(0.01)

            async def work(d):
                await asyncio.sleep(d)

            async def main():
                tasks = [asyncio.create_task(work(d)) for d in (1, 0.05, 0.05)]
                await asyncio.sleep(0.01)
                tasks[0].cancel()  # in this run: no exit's cancel
                await asyncio.gather(*tasks, return_exceptions=True)

            async def bad():
                asyncio.create_task(forever())  # cancelled at this run's exit
                await asyncio.sleep(0.01)
                raise ValueError("caught around asyncio.run()")

            asyncio.run(setup())
            asyncio.run(main())
            try:
                asyncio.run(bad())
            except ValueError:
                pass
            for _ in range(2):
                asyncio.run(main())
        """)

    def test_each_later_run_starts_after_the_last_ones_lines(self):
        self.check_well_formed(self.lines)
        kinds = [e["ev"] if e["ev"] != "cancelled" else "cancelled %d" % e["task"] for e in self.lines
                 if e["ev"] in ("main_returned", "main_started", "raise", "cancelled")]
        ids = by_task(self.lines)
        first_of_run = [min(t for t, evs in ids.items() if evs[0]["t"] >= start["t"])
                        for start in self.lines if start["ev"] == "main_started"]
        # The runs' tasks: setup 0; main 1-3; bad 4; main 5-7, 8-10.
        self.assertEqual(first_of_run, [1, 4, 5, 8])
        self.assertEqual(kinds, ["main_returned", "cancelled 0",
                                 "main_started", "cancelled 1", "main_returned",
                                 "main_started", "raise", "cancelled 4",
                                 "main_started", "cancelled 5", "main_returned",
                                 "main_started", "cancelled 8", "main_returned"])

    def test_coroscope_cli_warns_of_the_exit_cancels_only(self):
        metrics = exported_metrics(self, "".join(json.dumps(e) + "\n" for e in self.lines))
        if metrics is None:
            self.skipTest("no coroscope-cli given (--cli PATH)")
        # Tasks 0 (setup's) and 4 (bad()'s): the first one named.
        self.assertEqual([(w["task"], w["count"]) for w in metrics["warnings"] if w["kind"] == "cancelled_at_exit"],
                         [(0, 2)])


class SignalsBesideALock(Common, unittest.TestCase):
    """Semaphore(0)s used as signals in a program with other primitives too:
    main() releases `ready` (while it holds the Lock) to let consumers on,
    each of which takes a signal and uses it up (it never releases it), then
    the Lock; two stages take `go` and signal main() on `done`, which main()
    takes and keeps. Only a program's only Semaphore(0) was told as a
    signal: here the Lock's own count reached 4 of 1 (main()'s signals took
    its Lock permit off) and the app said so (permits_above_limit), the
    signals' counts said 2 of 0 at the end. Each Semaphore(0) is now a
    signal of its own: its `size` lines open it by each signal and close it
    by each permit used up, its `held` never above them, back to 0."""

    @classmethod
    def setUpClass(cls):
        cls.lines, _ = trace_source("""
            import asyncio

            count = 0

            async def consumer(ready, lock):
                global count
                await ready.acquire()  # a signal: its permit used up
                async with lock:
                    count += 1

            async def stage(go, done):
                await go.acquire()
                await asyncio.sleep(0.01)
                done.release()  # a signal to main()

            async def main():
                lock = asyncio.Lock()
                ready = asyncio.Semaphore(0)
                consumers = [asyncio.create_task(consumer(ready, lock)) for _ in range(3)]
                for _ in range(3):
                    await asyncio.sleep(0.05)
                    async with lock:  # main() signals while it holds the Lock
                        ready.release()
                await asyncio.gather(*consumers)
                go, done = asyncio.Semaphore(0), asyncio.Semaphore(0)
                stages = [asyncio.create_task(stage(go, done)) for _ in range(2)]
                go.release(); go.release()
                for _ in range(2):
                    await done.acquire()  # main() counts the stages' signals
                await asyncio.gather(*stages)
                print(count)

            asyncio.run(main())
        """)

    def test_each_ones_held_permits_stay_within_its_size(self):
        self.check_well_formed(self.lines)
        kinds = {e["sem"]: (e["kind"], e["value"]) for e in self.lines if e["ev"] == "primitive"}
        self.assertEqual(kinds, {0: ("Lock", 1), 1: ("Semaphore", 0), 2: ("Semaphore", 0), 3: ("Semaphore", 0)})
        size = {k: v for k, (_, v) in kinds.items()}
        held = dict.fromkeys(size, 0)
        most = dict.fromkeys(size, 0)
        for e in self.lines:
            if e["ev"] == "size":
                size[e["sem"]] = e["value"]
            elif e["ev"] == "held":
                held[e["sem"]] = e["value"]
                most[e["sem"]] = max(most[e["sem"]], e["value"])
            else:
                continue
            for k in size:
                self.assertLessEqual(held[k], size[k], (k, e))
        # Every consumer and stage took its signal; main() took the stages' two.
        self.assertEqual(most, {0: 1, 1: 1, 2: 2, 3: 2})
        self.assertEqual(held, dict.fromkeys(size, 0))  # all used up or given back
        self.assertEqual(size, {0: 1, 1: 0, 2: 0, 3: 0})
        self.assertEqual([e["value"] for e in self.lines if e["ev"] == "permits"][-1], 0)

    def test_each_signal_opens_its_own_one(self):
        # ready: three signals one at a time, each used up by its consumer;
        # go: two at once; done: the stages' two, used up at main()'s end.
        sizes = {}
        for e in self.lines:
            if e["ev"] == "size":
                sizes.setdefault(e["sem"], []).append(e["value"])
        self.assertEqual(sizes, {1: [1, 0, 1, 0, 1, 0], 2: [1, 2, 1, 0], 3: [1, 2, 0]})

    def test_coroscope_cli_warns_of_nothing(self):
        metrics = exported_metrics(self, "".join(json.dumps(e) + "\n" for e in self.lines))
        if metrics is None:
            self.skipTest("no coroscope-cli given (--cli PATH)")
        self.assertEqual(metrics["warnings"], [])


class SignalAfterALock(Common, unittest.TestCase):
    """A Lock made first, then a Semaphore(0) main() signals three consumers
    on: the signal's held permits said 3 of 0 at the end, and the app three
    forgotten releases (the consumers, which use their signals up)."""

    @classmethod
    def setUpClass(cls):
        cls.lines, _ = trace_source("""
            import asyncio

            async def consumer(sem, lock):
                await sem.acquire()
                async with lock:
                    await asyncio.sleep(0.01)

            async def main():
                lock = asyncio.Lock()
                sem = asyncio.Semaphore(0)
                consumers = [asyncio.create_task(consumer(sem, lock)) for _ in range(3)]
                for _ in range(3):
                    await asyncio.sleep(0.1)
                    sem.release()
                await asyncio.gather(*consumers)

            asyncio.run(main())
        """)

    def test_the_signals_permits_are_used_up(self):
        self.check_well_formed(self.lines)
        held = [e["value"] for e in self.lines if e["ev"] == "held" and e["sem"] == 1]
        sizes = [e["value"] for e in self.lines if e["ev"] == "size" and e["sem"] == 1]
        self.assertEqual(held, [1, 0] * 3)
        self.assertEqual(sizes, [1, 0] * 3)

    def test_coroscope_cli_warns_of_nothing(self):
        metrics = exported_metrics(self, "".join(json.dumps(e) + "\n" for e in self.lines))
        if metrics is None:
            self.skipTest("no coroscope-cli given (--cli PATH)")
        self.assertEqual(metrics["warnings"], [])


class MainWaitsWithTimeout(Common, unittest.TestCase):
    """main() waiting in asyncio's own code with a timeout (`wait_for(
    q.join(), t)`, `wait_for(event.wait(), t)`): wait_for's inner task is
    asyncio's waiter for main(), which has no lane, so it is none either (a
    lane of its own was a task cancelled at the timeout: "cancelled 1 of 7
    tasks" for a program of six items and a worker). main()'s wait_for of
    the program's own coroutine keeps its inner task's lane: the job."""

    @classmethod
    def setUpClass(cls):
        cls.lines, _ = trace_source("""
            import asyncio

            async def worker(q):
                while True:
                    item = await q.get()
                    await asyncio.sleep(0.01)
                    if item == 1:
                        raise RuntimeError("worker crashed")
                    q.task_done()

            async def job():
                await asyncio.sleep(0.01)
                return 1

            async def main():
                q = asyncio.Queue()
                for i in range(3):
                    q.put_nowait(i)
                w = asyncio.create_task(worker(q), name="w")
                try:
                    await asyncio.wait_for(q.join(), timeout=0.05)
                except asyncio.TimeoutError:
                    pass
                stop = asyncio.Event()
                try:
                    await asyncio.wait_for(stop.wait(), timeout=0.02)
                except asyncio.TimeoutError:
                    pass
                print(await asyncio.wait_for(job(), timeout=1))

            asyncio.run(main())
        """)

    def test_in_time_order_to_its_end(self):
        ts = [e["t"] for e in self.lines]
        self.assertEqual(ts, sorted(ts))
        self.assertEqual(self.lines[-1]["ev"], "end")

    def test_only_the_items_and_the_job_are_lanes(self):
        names = created_names(self.lines)
        self.assertEqual([n for n in names if not n.startswith("item ")], ["Task-5"], names)
        self.assertEqual(len([n for n in names if n.startswith("item ")]), 2, names)
        self.assertEqual([e for e in self.lines if e["ev"] == "cancelled"], [])


class ExtraReleases(Common, unittest.TestCase):
    """Every permit a task takes has a line (a permit taken at once after
    its first: an "acquire" line, no "sem" while the program has one
    primitive; the meta line says "acquires": true), so that a release by a
    task holding none is told from a permit taken again."""

    PROGRAM = """
        import asyncio, sys

        async def job(sem, i):
            async with sem:
                if i == 0 and sys.argv[2] == "bug":
                    sem.release()          # one release too many: `async with` releases again
                await asyncio.sleep(0.2 if i else 0.3)
            async with sem:                # a second permit, taken at once
                await asyncio.sleep(0.05)

        async def main():
            sem = getattr(asyncio, sys.argv[1])(2)
            res = await asyncio.gather(*(job(sem, i) for i in range(int(sys.argv[3]))), return_exceptions=True)
            print([type(r).__name__ for r in res])

        asyncio.run(main())
    """

    def extra(self, kind, bug, tasks):
        lines, text = trace_source(self.PROGRAM, kind, bug, str(tasks))
        self.check_well_formed(lines)
        self.assertIs(lines[0].get("acquires"), True, lines[0])
        metrics = exported_metrics(self, text)
        return lines, (None if metrics is None else
                       [(w["task"], w["severity"]) for w in metrics["warnings"] if w["kind"] == "extra_release"])

    def test_a_permit_taken_again_at_once_has_an_acquire_line(self):
        lines, extra = self.extra("Semaphore", "ok", 2)  # no one waits: each second permit at once
        again = [e for e in lines if e["ev"] == "acquire"]
        self.assertTrue(again, "some tasks take their second permit at once")
        self.assertTrue(all("sem" not in e for e in again), again)
        for tid, evs in by_task(lines).items():
            got = sum(1 for e in evs if e["ev"] in ("running", "acquire"))
            self.assertEqual(got, sum(1 for e in evs if e["ev"] == "release"), "task %d" % tid)
        if extra is not None:
            self.assertEqual(extra, [])

    def test_the_task_that_releases_twice_is_named(self):
        for kind in ("Semaphore", "BoundedSemaphore"):
            with self.subTest(kind=kind):
                lines, extra = self.extra(kind, "bug", 5)
                if kind == "BoundedSemaphore":  # CPython raises in a later release, not task 0's
                    failed = [e["task"] for e in lines if e["ev"] == "failed_exc" and e["exc"] == "ValueError"]
                    self.assertTrue(failed and 0 not in failed, failed)
                if extra is not None:
                    self.assertEqual(extra, [(0, "error")])


class SwallowedCancels(Common, unittest.TestCase):
    """A task that catches CancelledError and returns has "note":
    "swallowed cancel" on its done line, as the engine writes it (spec
    section 4); asyncio's own cancels (TaskGroup, asyncio.timeout) and one
    handed on to an awaited task that swallowed it do not count."""

    PROGRAM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "swallowed_cancels.py")

    def test_the_done_line_of_a_task_that_swallowed_a_cancel_has_the_note(self):
        lines, text = trace(self.PROGRAM, "0.02")  # (times in units of 20 ms)
        self.check_well_formed(lines)
        done = {e["name"]: e for e in lines if e["ev"] == "done"}
        # wait_for's inner task is Task-10, as on the virtual clock (test_runner.py).
        self.assertEqual(sorted(n for n, e in done.items() if e.get("note") == "swallowed cancel"),
                         ["Task-10", "catches", "inner", "stubborn"])
        for name in ("outer", "group", "timed"):
            self.assertNotIn("note", done[name])
        self.assertEqual(list(done["stubborn"]), ["t", "ev", "task", "note", "name"])
        metrics = exported_metrics(self, text)
        if metrics is not None:
            self.assertEqual(metrics["swallowed_cancels"], 4)
            self.assertEqual(sum(1 for w in metrics["warnings"] if w["kind"] == "swallowed_cancel"), 4)


# CPython 3.11.7's asyncio.timeout() counts the cancel requests pending at its
# `async with` (Timeout._cancelling) and raises TimeoutError if no other came;
# Debian's 3.11.2 raised it only if none at all was left (a cancel main()
# caught before the block made it raise none).
_TIMEOUT_COUNTS_AT_ENTRY = "_cancelling" in asyncio.timeouts.Timeout.__aenter__.__code__.co_names


class MainSwallowsACancel(unittest.TestCase):
    """main() that catches the CancelledError of a cancel() of it (another
    task's main_task.cancel(), its own current_task().cancel(), one handed
    on to a task it awaits that ends cancelled) and goes on: real CPython
    3.11.7 runs main() on and asyncio.run() returns its result; the
    request stays counted (cancelling() 1), so an asyncio.timeout() inside
    which that happened raises no TimeoutError when it expires: the
    CancelledError comes out of the block and asyncio.run() raises it. The
    trace said nothing of either (only the swallow of an expired timeout's
    own cancel was told). Now a main_swallowed_cancel warning, what
    "cancel" where main() went on past its except (the instant it did so,
    not main()'s end; where main() waited for the cancel, the cancel()
    call's line), what "cancel_timeout" at the timeout's `async with`
    (both where main() went on inside the timeout's block); none where
    main() re-raises, nor for a TaskGroup's own cancel. Real clock and
    virtual alike."""

    CASES = {
        "another_task": ("""
            import asyncio

            async def canceller(main_task):
                await asyncio.sleep(0.05)
                main_task.cancel()

            async def main():
                asyncio.create_task(canceller(asyncio.current_task()))
                try:
                    await asyncio.sleep(1)
                except asyncio.CancelledError:
                    print("caught")
                await asyncio.sleep(0.05)
                return "ran on"

            print(asyncio.run(main()))
        """, "caught\nran on\n", [("cancel", 10, 5)]),
        "itself": ("""
            import asyncio

            async def main():
                asyncio.current_task().cancel()
                try:
                    await asyncio.sleep(1)
                except asyncio.CancelledError:
                    pass
                print("ran on")

            asyncio.run(main())
        """, "ran on\n", [("cancel", 4, 4)]),
        "handed_on": ("""
            import asyncio

            async def canceller(main_task):
                await asyncio.sleep(0.05)
                main_task.cancel()

            async def main():
                asyncio.create_task(canceller(asyncio.current_task()))
                child = asyncio.create_task(asyncio.sleep(1))
                try:
                    await child
                except asyncio.CancelledError:
                    print("caught", child.cancelled())
                print("ran on")

            asyncio.run(main())
        """, "caught True\nran on\n", [("cancel", 11, 5)]),
        "inside_a_timeout": ("""
            import asyncio

            async def canceller(main_task):
                await asyncio.sleep(0.05)
                main_task.cancel()

            async def main():
                asyncio.create_task(canceller(asyncio.current_task()))
                try:
                    async with asyncio.timeout(0.2):
                        try:
                            await asyncio.sleep(1)
                        except asyncio.CancelledError:
                            print("caught")
                        await asyncio.sleep(1)
                except TimeoutError:
                    print("TimeoutError")

            try:
                asyncio.run(main())
            except asyncio.CancelledError:
                print("asyncio.run raised CancelledError")
        """, "caught\nasyncio.run raised CancelledError\n", [("cancel", 12, 5), ("cancel_timeout", 10, 5)]),
        "reraised": ("""
            import asyncio

            async def main():
                asyncio.current_task().cancel()
                try:
                    await asyncio.sleep(1)
                except asyncio.CancelledError:
                    print("cleaning up")
                    raise

            try:
                asyncio.run(main())
            except asyncio.CancelledError:
                print("asyncio.run raised CancelledError")
        """, "cleaning up\nasyncio.run raised CancelledError\n", []),
        "timeout_before": ("""
            import asyncio

            async def main():
                asyncio.current_task().cancel()
                try:
                    await asyncio.sleep(1)
                except asyncio.CancelledError:
                    pass
                try:
                    async with asyncio.timeout(0.05):
                        await asyncio.sleep(1)
                except TimeoutError:
                    print("TimeoutError")

            try:
                asyncio.run(main())
            except asyncio.CancelledError:
                print("asyncio.run raised CancelledError")
        """, *(("TimeoutError\n", [("cancel", 4, 4)]) if _TIMEOUT_COUNTS_AT_ENTRY else
               ("asyncio.run raised CancelledError\n", [("cancel", 4, 4), ("cancel_timeout", 10, 4)]))),
        "task_group": ("""
            import asyncio

            async def fails():
                await asyncio.sleep(0.05)
                raise ValueError("child")

            async def main():
                try:
                    async with asyncio.TaskGroup() as tg:
                        tg.create_task(fails())
                        await asyncio.sleep(1)
                except* ValueError:
                    print("group failed")

            asyncio.run(main())
        """, "group failed\n", []),
    }

    def told(self, lines):
        return [(w["what"], w["line"], w.get("cancel_line")) for w in lines
                if w["ev"] == "warning" and w["kind"] == "main_swallowed_cancel"]

    def test_main_s_swallowed_cancel_is_told(self):
        for name, (source, printed, want) in self.CASES.items():
            with self.subTest(case=name):
                with tempfile.TemporaryDirectory() as tmp:
                    path = os.path.join(tmp, "prog.py")
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(textwrap.dedent(source).lstrip("\n"))
                    real = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=60)
                    self.assertEqual(real.stdout, printed)  # what CPython does, untraced
                    lines, _ = trace(path)
                    self.assertEqual(self.told(lines), want, "real clock")
                    virtual = trace_virtual(path)
                    self.assertEqual(self.told(virtual), want, "virtual clock")
                for warning in [w for w in lines if w["ev"] == "warning" and w["kind"] == "main_swallowed_cancel"]:
                    self.assertEqual(warning["file"], "prog.py")
                    self.assertIn("line %d" % want[0][2], warning["message"])
                if name == "another_task":
                    # (main_watch) Told at the instant main() went on past its except (the cancel's, 0.05 s), not
                    # at its end (0.1 s).
                    self.assertEqual([w["t"] for w in virtual if w["ev"] == "warning"], [0.05])


class StudentRateLimiters(Common, unittest.TestCase):
    """Rate limiters the tracer learns of from the program's own code, not
    from a Semaphore made in one (a limiter with only a rate, a leaky
    bucket's Lock + sleep): a task waiting for its start slot has its
    `request` and `slot_wait` where it began to wait and its `running` at
    its slot (before: no request, the wait drawn as running; the leaky
    bucket's drawn running while it held the Lock asleep). A fixed sleep
    of a connection's __aenter__ is none."""

    MAIN = """
        async def work(limiter, i):
            async with limiter:
                await asyncio.sleep(0.3)

        async def main():
            await asyncio.gather(*(work(LIMITER, i) for i in range(4)))

        asyncio.run(main())
    """
    SHAPES = {
        "rate only": """
            class RateLimiter:
                def __init__(self, max_per_second):
                    self.interval, self.next_start = 1.0 / max_per_second, 0.0

                async def __aenter__(self):
                    now = asyncio.get_running_loop().time()
                    start = max(now, self.next_start)
                    self.next_start = start + self.interval
                    if start > now:
                        await asyncio.sleep(start - now)

                async def __aexit__(self, *exc):
                    pass

            LIMITER = RateLimiter(5)
        """,
        "leaky bucket": """
            class LeakyBucket:
                def __init__(self, rate):
                    self.interval, self.lock, self.last = 1.0 / rate, None, None

                async def __aenter__(self):
                    if self.lock is None:
                        self.lock = asyncio.Lock()
                    async with self.lock:
                        loop = asyncio.get_running_loop()
                        if self.last is not None:
                            wait = self.last + self.interval - loop.time()
                            if wait > 0:
                                await asyncio.sleep(wait)
                        self.last = loop.time()

                async def __aexit__(self, *exc):
                    pass

            LIMITER = LeakyBucket(5)
        """,
        # A class a function defines, made before asyncio.run() (not in the
        # module's globals): read from its object.
        "rate only, its class a function's": """
            def make(per_second):
                class RateLimiter:
                    def __init__(self, max_per_second):
                        self.interval, self.next_start = 1.0 / max_per_second, 0.0

                    async def __aenter__(self):
                        now = asyncio.get_running_loop().time()
                        start = max(now, self.next_start)
                        self.next_start = start + self.interval
                        if start > now:
                            await asyncio.sleep(start - now)

                    async def __aexit__(self, *exc):
                        pass
                return RateLimiter(per_second)

            LIMITER = make(5)
        """,
        # Slots a timer task of the limiter's hands out (a token every
        # 0.2 s, notify(1)), waited for in Condition.wait_for(). (Its timer
        # task, made at the first entry, is lane 4.)
        "timer and Condition": """
            class TickLimiter:
                def __init__(self, per_second):
                    self.interval, self.tokens, self.ticker, self.cond = 1 / per_second, 1, None, None

                async def _run(self):
                    while True:
                        await asyncio.sleep(self.interval)
                        async with self.cond:
                            self.tokens = 1
                            self.cond.notify(1)

                async def __aenter__(self):
                    if self.ticker is None:
                        self.cond = asyncio.Condition()
                        self.ticker = asyncio.create_task(self._run())
                    async with self.cond:
                        await self.cond.wait_for(lambda: self.tokens > 0)
                        self.tokens -= 1

                async def __aexit__(self, *exc):
                    pass

            LIMITER = TickLimiter(5)
        """,
        "connection (no limiter)": """
            class Connection:
                async def __aenter__(self):
                    await asyncio.sleep(0.2)   # connecting: a fixed time, no clock read

                async def __aexit__(self, *exc):
                    pass

            LIMITER = Connection()
        """,
        # A leaky bucket whose waiters wait for a future of their own that a
        # loop.call_later() drip completes when the bucket has room (as
        # aiolimiter 1.2 does; written by hand: no package).
        "leaky bucket, a call_later() drip": LEAKY_DRIP + "\nLIMITER = LeakyBucket(1, 0.2)\n",
        # aiolimiter 1.1's AsyncLimiter: a future per waiter, awaited with
        # wait_for(shield(fut), a drip's time), tried again at its timeout.
        "aiolimiter's wait_for(shield(future))": """
            class AsyncLimiter:
                def __init__(self, max_rate, time_period=60):
                    self.max_rate, self._rate_per_sec = max_rate, max_rate / time_period
                    self._level, self._last_check, self._waiters = 0.0, 0.0, {}

                def _leak(self):
                    loop = asyncio.get_running_loop()
                    if self._level:
                        elapsed = loop.time() - self._last_check
                        self._level = max(self._level - elapsed * self._rate_per_sec, 0)
                    self._last_check = loop.time()

                def has_capacity(self, amount=1):
                    self._leak()
                    if self._level + amount < self.max_rate:
                        for fut in self._waiters.values():
                            if not fut.done():
                                fut.set_result(True)
                                break
                    return self._level + amount <= self.max_rate

                async def acquire(self, amount=1):
                    loop = asyncio.get_running_loop()
                    task = asyncio.current_task(loop)
                    while not self.has_capacity(amount):
                        fut = loop.create_future()
                        self._waiters[task] = fut
                        try:
                            wait = 1 / self._rate_per_sec * (amount - self.max_rate + self._level)
                            await asyncio.wait_for(asyncio.shield(fut), wait)
                        except asyncio.TimeoutError:
                            pass
                        fut.cancel()
                    self._waiters.pop(task, None)
                    self._level += amount

                async def __aenter__(self):
                    await self.acquire()

                async def __aexit__(self, *exc):
                    pass

            LIMITER = AsyncLimiter(1, 0.2)
        """,
        "connection, a future a timer completes (no limiter)": """
            class Connection:
                async def __aenter__(self):
                    fut = asyncio.get_running_loop().create_future()
                    asyncio.get_running_loop().call_later(0.2, fut.set_result, None)   # connected (no clock read)
                    await fut

                async def __aexit__(self, *exc):
                    pass

            LIMITER = Connection()
        """,
    }

    def test_a_task_waiting_for_its_rate_slot_is_shown_waiting(self):
        for shape, limiter in self.SHAPES.items():
            with self.subTest(shape=shape):
                lines, _ = trace_source("import asyncio\n" + textwrap.dedent(limiter) + textwrap.dedent(self.MAIN))
                self.check_well_formed(lines)
                t0 = first(lines, "created")
                lanes = {}
                for e in lines:
                    if e["ev"] in ("request", "slot_wait", "running", "done") and "task" in e:
                        lanes.setdefault(e["task"], []).append((e["ev"], e["t"] - t0))
                if shape.startswith("connection"):
                    self.assertEqual([ev for k in lanes for ev, _ in lanes[k]], ["done"] * 4)
                    continue
                if shape.startswith("timer"):
                    lanes.pop(4)  # (the timer task, which takes the Condition's Lock at each tick)
                self.assertEqual(sorted(lanes), [0, 1, 2, 3])
                for k in range(4):
                    evs = [ev for ev, _ in lanes[k]]
                    self.assertEqual(evs, ["request", "running", "done"] if k == 0
                                     else ["request", "slot_wait", "running", "done"], "task %d" % k)
                    at = dict(lanes[k])
                    # Its slot is 0.2 k s; the leaky bucket's wait for it
                    # begins where the one before it started (the Lock's).
                    # (aiolimiter's waiters all time out at 0.2 s and try
                    # again: CPython 3.11.7 starts tasks 3, 1, 2 there, at
                    # 0.2, 0.4, 0.6 s: its k-th start, not task k's.)
                    started = sorted(dict(lanes[j])["running"] for j in range(4))[k] if "aiolimiter" in shape \
                        else at["running"]
                    self.assertAlmostEqual(started, 0.2 * k, delta=0.05, msg="task %d" % k)
                    if k:
                        begins = 0.2 * (k - 1) if shape == "leaky bucket" else 0.0
                        self.assertAlmostEqual(at["slot_wait"], begins, delta=0.05, msg="task %d" % k)


    def test_a_wait_for_a_task_in_a_future_timer_class_is_no_slot_wait(self):
        # A connection whose __aenter__ makes a future with a call_later()
        # timeout and reads a clock (a limiter's shape, _timed), but waits
        # for its connect task: that wait is no slot wait (before: request
        # and slot_wait at 0, running at 0.2 for each user).
        lines, _ = trace_source("""
            import asyncio
            import time

            async def connect():
                await asyncio.sleep(0.2)

            class Conn:
                def __init__(self):
                    self.ready, self.opened = None, None

                async def __aenter__(self):
                    loop = asyncio.get_running_loop()
                    if self.ready is None:
                        self.ready = asyncio.create_task(connect())
                    fut = loop.create_future()
                    handle = loop.call_later(5, fut.cancel)
                    await self.ready
                    handle.cancel()
                    self.opened = self.opened or time.monotonic()

                async def __aexit__(self, *exc):
                    pass

            async def use(conn, i):
                async with conn:
                    await asyncio.sleep(0.1)

            async def main():
                conn = Conn()
                await asyncio.gather(*(use(conn, i) for i in range(3)))

            asyncio.run(main())
        """)
        self.check_well_formed(lines)
        self.assertEqual([e for e in lines if e["ev"] in ("request", "slot_wait")], [])


class GeneratedRateLimiter(Common, unittest.TestCase):
    """The program `coroscope-cli python` writes for a `rate` limit, traced
    in real time: a task whose RateLimiter.__aenter__ took its
    Semaphore(max_at_once) permit and sleeps until its start slot has its
    `slot_wait` there and its `running` at its slot, as the engine's run
    of the scenario says (before: `running` at its permit, the slot wait
    drawn as running); the CSV export has its slot_waited_s."""

    # Slots 0.2 s apart, 2 at once: task 1 waits for its slot 0-0.2 s, task 2
    # 0.3-0.4 (task 0's permit at 0.3), task 3 0.5-0.6 (task 1's at 0.5);
    # no moment within 50 ms of another that decides (a real clock's
    # lateness decides nothing).
    SCENARIO = {"format": "coroscope-scenario/1", "title": "rate",
                "tasks": [{"steps": [{"io": d}]} for d in (0.3, 0.3, 0.15, 0.1)],
                "limit": {"kind": "rate", "max_at_once": 2, "max_per_second": 5},
                "collect": {"kind": "gather"}}

    def test_the_slot_waits_are_the_engines(self):
        cli = CLI or os.environ.get("COROSCOPE_CLI")
        if not cli:
            self.skipTest("no coroscope-cli given (--cli PATH)")
        with tempfile.TemporaryDirectory() as tmp:
            sc, prog, ref = (os.path.join(tmp, n) for n in ("rate.json", "prog.py", "engine.jsonl"))
            with open(sc, "w", encoding="utf-8") as f:
                json.dump(self.SCENARIO, f)
            with open(prog, "w", encoding="utf-8") as f:
                f.write(subprocess.run([cli, "python", sc], capture_output=True, text=True, check=True).stdout)
            subprocess.run([cli, "run", sc, "--trace", ref], capture_output=True, check=True)
            with open(ref, encoding="utf-8") as f:
                engine = [json.loads(x) for x in f if x.strip()]
            lines, text = trace(prog)
        self.check_well_formed(lines)
        wanted = ("slot_wait", "running")
        # (The program's tasks are lanes 0.. in creation order, as the engine's.)
        theirs = [(e["task"], e["ev"], e["t"]) for e in engine if e["ev"] in wanted]
        ours = [(e["task"], e["ev"], e["t"] - first(lines, "request")) for e in lines if e["ev"] in wanted]
        self.assertTrue(any(ev == "slot_wait" for _, ev, _ in theirs))
        self.assertEqual(sorted((k, ev) for k, ev, _ in ours), sorted((k, ev) for k, ev, _ in theirs))
        at = {(k, ev): t for k, ev, t in ours}
        for k, ev, t in theirs:
            self.assertAlmostEqual(at[k, ev], t, delta=0.03, msg="task %d's %s" % (k, ev))
        with tempfile.TemporaryDirectory() as tmp:
            src, csv = os.path.join(tmp, "t.jsonl"), os.path.join(tmp, "t.csv")
            with open(src, "w", encoding="utf-8") as f:
                f.write(text)
            subprocess.run([cli, "export", src, "--csv", csv], capture_output=True, check=True)
            with open(csv, encoding="utf-8") as f:
                rows = [line.split(",") for line in f.read().splitlines()]
        col = rows[0].index("slot_waited_s")
        slots = [float(r[col]) for r in rows[1:]]
        # Each waits for its slot holding its permit, as the engine's run says.
        engine_at = {(k, ev): t for k, ev, t in theirs}
        engine_slots = [engine_at[k, "running"] - engine_at.get((k, "slot_wait"), engine_at[k, "running"])
                        for k in range(len(self.SCENARIO["tasks"]))]
        self.assertEqual(len(slots), 4)
        for k, (got, want) in enumerate(zip(slots, engine_slots)):
            self.assertAlmostEqual(got, want, delta=0.03, msg="task %d's slot_waited_s" % k)
        self.assertEqual(sum(1 for s in engine_slots if s > 0.05), 3)


class GeneratedProgramTraceIsTheEngines(unittest.TestCase):
    """The trace the program `coroscope-cli python` writes records itself
    (`python3 program.py --trace OUT`, its harness on the virtual clock) is
    the engine's trace of the same scenario, line for line where the app's
    model reads it: its first line the `limiter` line (the header's
    "Semaphore(3) . gather()", the limit line), each Semaphore release by a
    task with the task it woke (`refused` for a BoundedSemaphore's
    ValueError), a resize's wakes, a failed task's `failed_exc`, a queue
    limit's `put_wait`, `enqueue` and `worker`. Before, none of these: the
    file of the run had no Permits in use and no queued jobs, and its CSV
    said `failed` where the engine's said `ValueError`. Checked for every
    limit kind (the lessons' scenarios, and a semaphore with a schedule):
    those lines, and both CSV exports (per task and over time) equal."""

    LINES = ("limiter", "release", "wake", "failed_exc", "put_wait", "enqueue", "worker")
    RESIZE = {"format": "coroscope-scenario/1", "title": "resize",
              "tasks": [{"steps": [{"io": 1.0}]} for _ in range(8)],
              "limit": {"kind": "semaphore", "value": 2,
                        "schedule": [{"at": 1.5, "value": 5}, {"at": 2.5, "value": 1}]},
              "collect": {"kind": "as_completed"}}

    def scenarios(self, tmp):
        lessons = os.path.join(ROOT, "resources", "lessons")
        out = []
        for name in sorted(os.listdir(lessons)):
            if name.endswith(".json") and name != "index.json":
                with open(os.path.join(lessons, name), encoding="utf-8") as f:
                    out.append((name[:-5], json.load(f)["scenario"]))
        out.append(("resize", self.RESIZE))
        for name, sc in out:
            with open(os.path.join(tmp, name + ".json"), "w", encoding="utf-8") as f:
                json.dump(sc, f)
        return out

    def test_every_limit_kind_gives_the_engines_facts(self):
        cli = CLI or os.environ.get("COROSCOPE_CLI")
        if not cli:
            self.skipTest("no coroscope-cli given (--cli PATH)")
        kinds = set()
        with tempfile.TemporaryDirectory() as tmp:
            for name, sc in self.scenarios(tmp):
                kinds.add(sc.get("limit", {}).get("kind", "none"))
                base = os.path.join(tmp, name)
                with open(base + ".py", "w", encoding="utf-8") as f:
                    f.write(subprocess.run([cli, "python", base + ".json"], capture_output=True, text=True,
                                           check=True).stdout)
                subprocess.run([cli, "run", base + ".json", "--trace", base + ".eng.jsonl"], capture_output=True,
                               check=True, timeout=120)
                subprocess.run([sys.executable, base + ".py", "--trace", base + ".prog.jsonl"], capture_output=True,
                               check=True, timeout=120)
                got = {}
                for k in ("eng", "prog"):
                    with open("%s.%s.jsonl" % (base, k), encoding="utf-8") as f:
                        lines = [json.loads(x) for x in f if x.strip()]
                    subprocess.run([cli, "export", "%s.%s.jsonl" % (base, k), "--csv", "%s.%s.csv" % (base, k)],
                                   capture_output=True, check=True)
                    with open("%s.%s.csv" % (base, k), encoding="utf-8") as f, \
                            open("%s.%s-metrics.csv" % (base, k), encoding="utf-8") as g:
                        got[k] = ([e for e in lines if e["ev"] in self.LINES], f.read(), g.read())
                self.assertEqual([e["ev"] for e in got["prog"][0][:1]], ["limiter"], name)
                self.assertEqual(got["prog"][0], got["eng"][0], name)
                self.assertEqual(got["prog"][1], got["eng"][1], name + ": the CSV per task")
                self.assertEqual(got["prog"][2], got["eng"][2], name + ": the CSV over time (permits in use)")
        self.assertLessEqual({"semaphore", "bounded_semaphore", "semaphore_per_task", "queue", "manual", "chunks",
                              "rate", "adaptive", "connector", "scheduler", "none"}, kinds)



class TracedGeneratedProgramSaysItsLimit(unittest.TestCase):
    """The program `coroscope-cli python` writes, traced by this package
    (`python3 -m coroscope_trace [--virtual] program.py`, not its own
    `--trace`), has its scenario's "limiter" line right after "meta" (read
    from its `_LIMITER`; before, none: the file said "limit 8 (recorded)"),
    and its file exported counts the permits the engine's run of the
    scenario counts: spec example 21's limit Semaphore(8) has 5 held at
    t = 0 (12 tasks took one, 7 got a 503 and gave it back), where the
    tracer's "permits" lines also count the 3 of the downstream service's
    own Semaphore(3) (8: the limit looked full); a semaphore made per task
    (example 16) has no shared permits to count (the engine's CSV leaves
    permits_in_use empty; before, 6) and its warning is the engine's
    semaphore_per_task, not that one as well as the tracer's
    private_semaphores. A program without the generated harness gets no
    "limiter" line."""

    EXAMPLES = os.path.normpath(os.path.join(ROOT, "..", "shared", "spec", "examples"))

    def exported(self, cli, trace_path):
        subprocess.run([cli, "export", trace_path, "--csv", trace_path + ".csv", "--metrics", trace_path + ".json"],
                       capture_output=True, check=True)
        with open(trace_path + "-metrics.csv", encoding="utf-8") as f:
            series = [(r["t"], r["permits_in_use"]) for r in csv.DictReader(f)]
        with open(trace_path + ".json", encoding="utf-8") as f:
            kinds = [w["kind"] for w in json.load(f)["warnings"] if w["kind"] != "program_warning"]
        return series, kinds

    def test_examples_16_and_21(self):
        cli = CLI or os.environ.get("COROSCOPE_CLI")
        if not cli:
            self.skipTest("no coroscope-cli given (--cli PATH)")
        env = dict(os.environ, PYTHONPATH=PKG + os.pathsep + os.environ.get("PYTHONPATH", ""))
        with tempfile.TemporaryDirectory() as tmp:
            for name in ("21-service-overloaded", "16-semaphore-made-per-task"):
                scenario = os.path.join(self.EXAMPLES, name + ".json")
                if not os.path.exists(scenario):
                    self.skipTest("no spec examples at " + self.EXAMPLES)
                prog, eng = os.path.join(tmp, name + ".py"), os.path.join(tmp, name + ".eng.jsonl")
                with open(prog, "w", encoding="utf-8") as f:
                    f.write(subprocess.run([cli, "python", scenario], capture_output=True, text=True,
                                           check=True).stdout)
                subprocess.run([cli, "run", scenario, "--trace", eng], capture_output=True, check=True)
                with open(eng, encoding="utf-8") as f:
                    limiter = json.loads(f.readline())
                self.assertEqual(limiter["ev"], "limiter")
                want = self.exported(cli, eng)
                for clock in (["--virtual"], []) if name.startswith("16") else (["--virtual"],):
                    out = os.path.join(tmp, name + ".%d.jsonl" % len(clock))
                    subprocess.run([sys.executable, "-m", "coroscope_trace", *clock, "-q", "-o", out, prog],
                                   env=env, capture_output=True, check=True, timeout=60, cwd=tmp)
                    with open(out, encoding="utf-8") as f:
                        lines = [json.loads(x) for x in f if x.strip()]
                    self.assertEqual([e["ev"] for e in lines[:2]], ["meta", "limiter"], (name, clock))
                    self.assertEqual({k: v for k, v in lines[1].items() if k != "t"},
                                     {k: v for k, v in limiter.items() if k != "t"}, (name, clock))
                    if clock:   # (the real clock's times are its own)
                        got = self.exported(cli, out)
                        self.assertEqual(got[0], want[0], name + ": permits_in_use over time")
                        if name.startswith("16"):   # (21's rejections: the engine's "rejected" lines alone)
                            self.assertEqual(got[1], want[1], name + ": the warnings")
            # the engine's own numbers, as the spec's program has them
            self.assertEqual(self.exported(cli, os.path.join(tmp, "21-service-overloaded.1.jsonl"))[0][0],
                             ("0.0", "5"))
            self.assertEqual(self.exported(cli, os.path.join(tmp, "16-semaphore-made-per-task.1.jsonl"))[1],
                             ["semaphore_per_task"])
            plain = os.path.join(tmp, "plain.py")
            with open(plain, "w", encoding="utf-8") as f:
                f.write("import asyncio\n_LIMITER = '{\"t\": 0.0, \"ev\": \"limiter\", "
                        "\"limit\": {\"kind\": \"none\"}}'\nasyncio.run(asyncio.sleep(0))\n")
            self.assertNotIn("limiter", [e["ev"] for e in trace_virtual(plain)])


    def test_a_resized_limit_is_no_extra_release(self):
        """Examples 22 (a schedule: Semaphore(2), 5 at 1.5 s, 1 at 2.5 s) and
        23 (adaptive): CPython 3.11.7 runs 5 tasks at once after the limit
        grew to 5 (the tracer's held lines say 5 of the Semaphore(2) it saw
        made; it does not see the program's resize()). The file said
        permits_above_limit, an error (a release() given back twice),
        where the engine's run says nothing: its "limiter" line says the
        limit changes, so its first size judges nothing."""
        cli = CLI or os.environ.get("COROSCOPE_CLI")
        if not cli or not os.path.isdir(self.EXAMPLES):
            self.skipTest("no coroscope-cli given (--cli PATH) or no spec examples")
        env = dict(os.environ, PYTHONPATH=PKG + os.pathsep + os.environ.get("PYTHONPATH", ""))
        with tempfile.TemporaryDirectory() as tmp:
            for name in ("22-live-resize", "23-adaptive-aimd"):
                scenario = os.path.join(self.EXAMPLES, name + ".json")
                prog, eng, out = (os.path.join(tmp, name + x) for x in (".py", ".eng.jsonl", ".jsonl"))
                with open(prog, "w", encoding="utf-8") as f:
                    f.write(subprocess.run([cli, "python", scenario], capture_output=True, text=True,
                                           check=True).stdout)
                subprocess.run([cli, "run", scenario, "--trace", eng], capture_output=True, check=True)
                subprocess.run([sys.executable, "-m", "coroscope_trace", "--virtual", "-q", "-o", out, prog],
                               env=env, capture_output=True, check=True, timeout=60, cwd=tmp)
                with open(out, encoding="utf-8") as f:
                    lines = [json.loads(x) for x in f if x.strip()]
                first = next(e["value"] for e in lines if e["ev"] == "limit")
                held = ([e["value"] for e in lines if e["ev"] == "held" and e["sem"] == 0]
                        or [e["value"] for e in lines if e["ev"] == "permits"])   # (its own, or the only one's)
                self.assertGreater(max(held), first, name)   # (what the check saw: more than its first size)
                kinds = [self.exported(cli, path)[1] for path in (eng, out)]
                self.assertNotIn("permits_above_limit", kinds[0], name)
                self.assertNotIn("permits_above_limit", kinds[1], name)



class HelperSwallowIsTheJobs(unittest.TestCase):
    """A task whose job, under wait_for(job(i), t), swallows the timeout's
    cancel (spec example 18, `ignore_cancel` with a `timeout`): in CPython
    3.11.7 the swallow is in wait_for's inner task (the "helper" lane, which
    runs the job's coroutine), and the outer task returns normally. The
    file's run model counted the helper's swallow nowhere (the helper's
    counts are no task's): swallowed_cancels 0 where the engine's run of the
    scenario says 1, the swallowed_cancel warning named the helper's lane
    (2, no task of the run: the CSV has no row for it) and task 0's outcome
    read "ok". Now the swallow is the job's: counted once, its task's
    outcome and warning, as the engine's."""

    def test_example_18(self):
        cli = CLI or os.environ.get("COROSCOPE_CLI")
        scenario = os.path.join(TracedGeneratedProgramSaysItsLimit.EXAMPLES, "18-swallowed-cancel.json")
        if not cli or not os.path.exists(scenario):
            self.skipTest("no coroscope-cli given (--cli PATH) or no spec examples")
        env = dict(os.environ, PYTHONPATH=PKG + os.pathsep + os.environ.get("PYTHONPATH", ""))
        with tempfile.TemporaryDirectory() as tmp:
            prog, eng, out = (os.path.join(tmp, n) for n in ("p.py", "eng.jsonl", "prog.jsonl"))
            with open(prog, "w", encoding="utf-8") as f:
                f.write(subprocess.run([cli, "python", scenario], capture_output=True, text=True, check=True).stdout)
            subprocess.run([cli, "run", scenario, "--trace", eng], capture_output=True, check=True)
            subprocess.run([sys.executable, "-m", "coroscope_trace", "--virtual", "-q", "-o", out, prog],
                           env=env, capture_output=True, check=True, timeout=60, cwd=tmp)
            with open(out, encoding="utf-8") as f:
                lines = [json.loads(x) for x in f if x.strip()]
            helpers = [e["task"] for e in lines if e["ev"] == "created" and e.get("helper") == "wait_for"]
            self.assertEqual([e["task"] for e in lines if e.get("note") == "swallowed cancel"], helpers)
            got = {}
            for k, path in (("eng", eng), ("prog", out)):
                subprocess.run([cli, "export", path, "--csv", path + ".csv", "--metrics", path + ".json"],
                               capture_output=True, check=True)
                with open(path + ".json", encoding="utf-8") as f:
                    m = json.load(f)
                with open(path + ".csv", encoding="utf-8") as f:
                    outcomes = {r["id"]: r["outcome"] for r in csv.DictReader(f)}
                got[k] = (m["swallowed_cancels"], [(w["task"], w["t"]) for w in m["warnings"]
                                                   if w["kind"] == "swallowed_cancel"], outcomes)
            self.assertEqual(got["prog"], got["eng"])
            self.assertEqual(got["eng"][0], 1)


class TimeoutSwallows(Common, unittest.TestCase):
    """A task whose code swallows the cancel of an asyncio.timeout() or
    timeout_at() that expired (CPython raises no TimeoutError; its
    __aexit__'s uncancel() leaves no request pending) has the note on its
    done line, as under wait_for or TaskGroup; a timeout whose
    TimeoutError propagates, one moved later that never fires, nested
    timeouts that work as meant and a task that fails after its swallow
    have none. main()'s own swallow (no lane) is a main_swallowed_cancel
    warning at its `async with`: real CPython 3.11.7 raises no TimeoutError
    there, so main() runs on past the deadline and its `except TimeoutError`
    never runs (the trace had nothing to say so)."""

    PROGRAM = os.path.join(HERE, "timeout_swallows.py")  # (shared with test_runner.py)
    NOTED = ["nested_inner_swallows", "outer_fires_inner_catches", "renamed", "rescheduled", "swallow_at"]

    def test_a_swallowed_timeout_cancel_has_the_note(self):
        lines, text = trace(self.PROGRAM, "0.02")  # (times in units of 20 ms)
        self.check_well_formed(lines)
        done = {e["name"]: e for e in lines if e["ev"] == "done"}
        self.assertEqual(sorted(n for n, e in done.items() if e.get("note") == "swallowed cancel"), self.NOTED)
        for name in ("propagated", "moved_later", "nested_outer_fires", "nested_both_fire", "not_expired"):
            self.assertNotIn("note", done[name])
        self.assertEqual([e["ev"] for e in lines if e.get("name") == "swallow_then_fail"],
                         ["created", "failed", "failed_exc"])
        self.assertEqual(list(done["swallow_at"]), ["t", "ev", "task", "note", "name"])  # the engine's order
        metrics = exported_metrics(self, text)
        if metrics is not None:
            self.assertEqual(metrics["swallowed_cancels"], len(self.NOTED))
            self.assertEqual(sum(1 for w in metrics["warnings"] if w["kind"] == "swallowed_cancel"),
                             len(self.NOTED))

    def test_main_s_swallow_is_a_warning_at_its_async_with(self):
        lines, text = trace(self.PROGRAM, "0.02")
        told = [e for e in lines if e["ev"] == "warning"]
        self.assertEqual([(w["kind"], w.get("file"), w.get("line"), "task" in w) for w in told],
                         [("main_swallowed_cancel", "timeout_swallows.py", 125, False)])
        # The same line on the virtual clock, at 3 units exactly (beside its notes on timer ties).
        virtual = [e for e in trace_virtual(self.PROGRAM, "0.02")
                   if e["ev"] == "warning" and e["kind"] == "main_swallowed_cancel"]
        self.assertEqual([{k: v for k, v in w.items() if k != "t"} for w in virtual],
                         [{k: v for k, v in w.items() if k != "t"} for w in told])
        self.assertAlmostEqual(virtual[0]["t"], 3 * 0.02, delta=1e-9)
        self.assertIn("no TimeoutError was raised", told[0]["message"])
        # At the block's exit, after main()'s deadline (three units: the gather, then its own timeout).
        self.assertGreaterEqual(told[0]["t"], 3 * 0.02)
        self.assertLessEqual(told[0]["t"], first(lines, "main_returned"))
        metrics = exported_metrics(self, text)
        if metrics is not None:
            self.assertEqual([(w["warning"], w["severity"], w["line"]) for w in metrics["warnings"]
                              if w["kind"] == "program_warning"], [("main_swallowed_cancel", "warning", 125)])

    def test_main_s_timeout_that_works_or_is_not_reached_says_nothing(self):
        lines, _ = trace_source("""
            import asyncio

            async def main():
                try:
                    async with asyncio.timeout(0.02):
                        await asyncio.sleep(1)
                except TimeoutError:
                    pass
                async with asyncio.timeout(1):
                    await asyncio.sleep(0.01)

            asyncio.run(main())
        """)
        self.assertEqual([e for e in lines if e["ev"] == "warning"], [])

    def test_the_timeout_error_s_traceback_is_plain_python_s(self):
        # The tracer looks at __aexit__'s arguments and returns CPython's
        # own coroutine: no frame of its in the TimeoutError's traceback.
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "tb.txt")
            trace_source("""
                import asyncio, sys, traceback

                async def main():
                    try:
                        async with asyncio.timeout(0.01):
                            await asyncio.sleep(1)
                    except TimeoutError:
                        with open(sys.argv[1], "w") as f:
                            f.write(traceback.format_exc())

                asyncio.run(main())
            """, out)
            with open(out, encoding="utf-8") as f:
                text = f.read()
        self.assertIn("in __aexit__\n    raise TimeoutError", text)
        self.assertNotIn("coroscope_trace", text)


class DestroyedPending(unittest.TestCase):
    """A task asyncio garbage-collects while pending ("Task was destroyed but
    it is pending!") has a task_destroyed_pending warning line naming it, at
    the collection (after that loop iteration), as on the virtual clock: its
    end, where the app ends its lane ("destroyed"). A task that ends has none."""

    SOURCE = """
        import asyncio, gc

        async def orphan():
            await asyncio.get_running_loop().create_future()  # nobody holds this future

        async def kept():
            await asyncio.sleep(0.02)

        async def main():
            asyncio.create_task(orphan())   # its reference dropped at once
            task = asyncio.create_task(kept())
            await asyncio.sleep(0.1)
            gc.collect()
            await task
            await asyncio.sleep(0.2)

        asyncio.run(main())
    """

    def test_the_destroyed_task_has_a_warning_line_at_its_collection(self):
        lines, text = trace_source(self.SOURCE)
        ts = [e["t"] for e in lines]
        self.assertEqual(ts, sorted(ts), "t never decreases")
        names = {e["task"]: e["name"] for e in lines if e["ev"] == "created"}
        warnings = [e for e in lines if e["ev"] == "warning"]
        self.assertEqual(len(warnings), 1, warnings)
        w = warnings[0]
        self.assertEqual(w["kind"], "task_destroyed_pending")
        self.assertEqual(w["message"], "Task was destroyed but it is pending!")
        self.assertEqual(names[w["task"]], "Task-2")
        self.assertGreaterEqual(w["t"], 0.1)
        self.assertLess(w["t"], first(lines, "end") - 0.1, "at the collection, not at the program's end")
        self.assertFalse([e for e in lines if e.get("task") == w["task"] and e["ev"] in ("done", "failed",
                                                                                         "cancelled")])
        metrics = exported_metrics(self, text)
        if metrics is not None:
            self.assertEqual((metrics["tasks"], metrics["ok"], metrics["destroyed"]), (2, 1, 1))
            self.assertEqual(metrics["cancelled"], 0)


class NeverRetrievedRealClock(unittest.TestCase):
    """A task that fails and whose exception nobody retrieves: asyncio logs
    "Task exception was never retrieved" from its finalizer (real CPython
    3.11.7: at once, in the iteration of its failing step, for a task nobody
    holds). The real-clock trace had no line for it at all (only the
    virtual runner's had); now it has the virtual runner's warning line
    (kind, message, file/line of the raise, task), at that iteration, not
    when the loop next wakes. A failed task that is awaited has none."""

    SOURCE = """
        import asyncio

        async def boom():
            await asyncio.sleep(0.05)
            raise ValueError("nobody awaits me")

        async def awaited():
            await asyncio.sleep(0.01)
            raise KeyError("k")

        async def main():
            asyncio.create_task(boom())
            task = asyncio.create_task(awaited())
            try:
                await task
            except KeyError:
                pass
            await asyncio.sleep(0.5)

        asyncio.run(main())
    """

    def test_the_warning_line_is_the_virtual_runner_s_at_the_failure(self):
        lines, text = trace_source(self.SOURCE)
        names = {e["task"]: e["name"] for e in lines if e["ev"] == "created"}
        told = [e for e in lines if e["ev"] == "warning"]
        self.assertEqual(len(told), 1, told)
        w = told[0]
        self.assertEqual(names[w["task"]], "Task-2")
        failed = [e["t"] for e in lines if e["ev"] == "failed" and e["task"] == w["task"]]
        self.assertEqual(len(failed), 1)
        self.assertGreaterEqual(w["t"], failed[0])
        self.assertLess(w["t"], failed[0] + 0.25, "in the iteration of the failure, not at main()'s wake-up")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "prog.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(self.SOURCE))
            virtual = trace_virtual(path)
        vw, = [e for e in virtual if e["ev"] == "warning"]
        drop_t = lambda e: {k: v for k, v in e.items() if k != "t"}  # noqa: E731
        self.assertEqual(drop_t(w), drop_t(vw))
        self.assertEqual((w["kind"], w["message"], w["line"]), (
            "exception_never_retrieved", "Task exception was never retrieved: ValueError: nobody awaits me", 6))
        metrics = exported_metrics(self, text)
        if metrics is not None:
            self.assertEqual([w["warning"] for w in metrics["warnings"] if w["kind"] == "program_warning"],
                             ["exception_never_retrieved"])

    def test_the_warning_has_the_time_of_the_failed_line(self):
        # CPython logs at the end of the failing step, the moment the failed
        # line stands for; the warning said the time after asyncio had
        # formatted and written its log (a millisecond later: 0.106023 beside
        # 0.105094). Several failures, so that a late stamp would show.
        lines, _ = trace_source("""
            import asyncio

            async def boom(i):
                await asyncio.sleep(0.01 * i)
                raise ValueError("boom %d" % i)

            async def main():
                for i in range(1, 6):
                    asyncio.create_task(boom(i))
                await asyncio.sleep(0.2)

            asyncio.run(main())
        """)
        failed = {e["task"]: e["t"] for e in lines if e["ev"] == "failed"}
        told = [e for e in lines if e["ev"] == "warning" and e["kind"] == "exception_never_retrieved"]
        self.assertEqual(len(told), 5, told)
        self.assertEqual([(w["task"], w["t"]) for w in told], [(w["task"], failed[w["task"]]) for w in told])


def killed_run(test, source, signum, *args):
    """Runs `source` under the tracer until it prints "ready", sends it
    `signum`, and returns (exit status, parsed lines, text of the trace,
    what it printed)."""
    import signal  # noqa: F401 - (signum is one of its)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "prog.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(source))
        out = os.path.join(tmp, "trace.jsonl")
        env = dict(os.environ, PYTHONPATH=PKG + os.pathsep + os.environ.get("PYTHONPATH", ""))
        with open(os.path.join(tmp, "stderr.txt"), "w+", encoding="utf-8") as err:
            p = subprocess.Popen([sys.executable, "-m", "coroscope_trace", "-q", "-o", out, path, *args],
                                 env=env, cwd=tmp, stdout=subprocess.PIPE, stderr=err, text=True)
            try:
                printed = p.stdout.readline()
                if printed != "ready\n":
                    p.wait(timeout=30)
                    err.seek(0)
                    test.fail("the program did not say ready: %r\n%s" % (printed, err.read()))
                p.send_signal(signum)
                printed += p.stdout.read()  # (the same stream: what readline() buffered is in it)
                p.wait(timeout=30)
            finally:
                if p.poll() is None:
                    p.kill()
                    p.wait()
                p.stdout.close()
        with open(out, encoding="utf-8") as f:
            text = f.read()
    return p.returncode, [json.loads(line) for line in text.splitlines()], text, printed


class RealClockInFlight(unittest.TestCase):
    """On a real clock a task's end is stamped before the waiter its release
    woke runs: tasks ending together behind a Semaphore(3) never show more
    than 3 in flight (stamped where a done callback runs, after the next
    iteration, they showed 6)."""

    def test_in_flight_never_exceeds_the_semaphore(self):
        lines, text = trace_source("""
            import asyncio

            async def job(sem):
                async with sem:
                    await asyncio.sleep(0.01)

            async def main():
                sem = asyncio.Semaphore(3)
                await asyncio.gather(*(job(sem) for _ in range(30)))

            asyncio.run(main())
        """)
        in_flight, peak = 0, 0
        for e in lines:
            if e["ev"] == "running":
                in_flight += 1
            elif e["ev"] in ("done", "failed", "cancelled"):
                in_flight -= 1
            peak = max(peak, in_flight)
        self.assertEqual(peak, 3)
        m = exported_metrics(self, text)
        if m is not None:
            self.assertEqual(m["peak_in_flight"], 3)


class RealClockPoolShutdown(unittest.TestCase):
    """The end of `with ThreadPoolExecutor() as pool:` in a coroutine waits
    for the pool's jobs on the loop's thread: the loop is blocked (a cpu
    slice, here main()'s), as the virtual-clock runner says too."""

    def test_the_with_s_exit_blocks_the_loop_until_the_job_ends(self):
        lines, _ = trace_source("""
            import asyncio, time
            from concurrent.futures import ThreadPoolExecutor

            async def ticker():
                for _ in range(4):
                    await asyncio.sleep(0.05)

            async def main():
                t = asyncio.create_task(ticker(), name="ticker")
                loop = asyncio.get_running_loop()
                with ThreadPoolExecutor(2) as pool:
                    loop.run_in_executor(pool, time.sleep, 0.2)   # not awaited: the exit waits for it
                await t

            asyncio.run(main())
        """)
        kinds = [e["ev"] for e in lines if e["ev"] not in ("meta", "permits")]
        self.assertEqual(kinds, ["main_thread_begin", "main_cpu_begin", "main_thread_end", "main_cpu_end",
                                 "created", "done", "main_returned", "end"])
        at = {e["ev"]: e["t"] for e in lines}
        self.assertGreaterEqual(at["main_cpu_end"] - at["main_cpu_begin"], 0.15)
        self.assertGreaterEqual(at["created"], at["main_cpu_end"])  # the ticker's first step waited for it


class QueueWorkers(unittest.TestCase):
    """A program's asyncio.Queue with workers, on a real clock: each item a
    lane (queued, taken by a worker, done at its task_done()), the workers
    none, so the run's counts are the items' (the virtual clock's exact
    moments: test_runner.py QueueJobs)."""

    @classmethod
    def setUpClass(cls):
        cls.lines, cls.text = trace_source("""
            import asyncio

            async def worker(name, q):
                while True:
                    d = await q.get()
                    await asyncio.sleep(d)
                    q.task_done()

            async def main():
                q = asyncio.Queue(maxsize=3)
                ws = [asyncio.create_task(worker("w%d" % i, q)) for i in range(2)]
                for i in range(8):
                    await q.put(0.02 + 0.01 * (i % 3))
                await q.join()
                for w in ws:
                    w.cancel()
                await asyncio.gather(*ws, return_exceptions=True)

            asyncio.run(main())
        """)

    def test_each_item_is_a_lane_that_ends_done_and_the_workers_have_none(self):
        names = [e["name"] for e in self.lines if e["ev"] == "created"]
        self.assertEqual([n.split(":")[0] for n in names], ["item %d" % i for i in range(8)])
        for tid, evs in by_task(self.lines).items():
            kinds = [e["ev"] for e in evs]
            self.assertEqual(kinds[-5:], ["worker", "created", "request", "running", "done"], tid)
            self.assertIn(kinds[0], ("enqueue", "put_wait"), tid)
        self.assertEqual([e for e in self.lines if e["ev"] == "cancelled"], [])
        self.assertEqual(sorted({e["worker"] for e in self.lines if e["ev"] == "worker"}), [0, 1])

    def test_the_run_counts_the_items(self):
        m = exported_metrics(self, self.text)
        if m is None:
            self.skipTest("no coroscope-cli (--cli)")
        self.assertEqual((m["tasks"], m["ok"], m["cancelled"], m["error_rate"]), (8, 8, 0, 0.0))
        self.assertEqual(m["peak_in_flight"], 2)  # two workers


class QueueWorkerIdleInGet(unittest.TestCase):
    """A Queue worker that has a lane of its own (it slept first) and waits
    in get() for the next item was drawn running all that time: the trace
    said nothing of the wait (its lane ran from its created to its cancel,
    "3 workers" all busy while CPython had them idle). Now its lane has a
    `get_wait` where its get() began to wait and a `get_end` where it took
    the item (or its get() was cancelled: wait_for's timeout), at the times
    the program itself printed (CPython 3.11.7, real clock and virtual). A
    worker with no lane has no such lines."""

    SOURCE = """
        import asyncio

        async def worker(name, q):
            await asyncio.sleep(0.05)   # a line of its own first: a lane
            loop = asyncio.get_running_loop()
            while True:
                print("wait", name, loop.time(), flush=True)
                try:
                    item = await asyncio.wait_for(q.get(), 0.3)
                except asyncio.TimeoutError:
                    print("left", name, loop.time(), flush=True)
                    return
                print("got", name, loop.time(), flush=True)
                await asyncio.sleep(0.1)
                q.task_done()

        async def laneless(q):
            while True:
                item = await q.get()
                q.task_done()

        async def main():
            q = asyncio.Queue()
            ws = [asyncio.create_task(worker("w%d" % i, q)) for i in range(2)]
            for i in range(3):
                await asyncio.sleep(0.12)
                await q.put(i)
            await q.join()
            await asyncio.gather(*ws)
            other = asyncio.Queue()
            t = asyncio.create_task(laneless(other))
            await other.put(1)
            await other.join()
            t.cancel()

        asyncio.run(main())
    """

    def run_it(self, *options):
        """The trace's lines and what the program printed (the real-clock
        tracer writes no output lines; the virtual runner does, and prints)."""
        with tempfile.TemporaryDirectory() as tmp:
            path, out = os.path.join(tmp, "prog.py"), os.path.join(tmp, "t.jsonl")
            with open(path, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(self.SOURCE))
            env = dict(os.environ, PYTHONPATH=PKG + os.pathsep + os.environ.get("PYTHONPATH", ""))
            r = subprocess.run([sys.executable, "-m", "coroscope_trace", "-q", *options, "-o", out, path], env=env,
                               capture_output=True, text=True, timeout=60, cwd=tmp, check=True)
            with open(out, encoding="utf-8") as f:
                text = f.read()
        return [json.loads(line) for line in text.splitlines() if line.strip()], text, r.stdout

    def check(self, lines, stdout, slack):
        names = {e["task"]: e["name"] for e in lines if e["ev"] == "created"}
        # What the program printed: per worker, its waits (begin, end) on its own clock.
        printed = {}
        for row in stdout.splitlines():
            what, name, at = row.split()
            printed.setdefault(name, []).append((what, float(at)))
        told = {}
        for e in lines:
            if e["ev"] in ("get_wait", "get_end"):
                told.setdefault(e["task"], []).append((e["ev"], e["t"]))
        workers = sorted(printed)
        self.assertEqual(workers, ["w0", "w1"])
        self.assertEqual(len(told), 2, told)  # the two workers with lanes; the laneless one none
        self.assertTrue(all(names[t].startswith("Task-") for t in told))
        offset = None
        for name, task in zip(workers, sorted(told)):
            mine = printed[name]
            self.assertEqual([w for w, _ in mine], ["wait", "got"] * (len(mine) // 2 - 1) + ["wait", "left"])
            waits = [(mine[k][1], mine[k + 1][1]) for k in range(0, len(mine), 2)]
            lines_of = told[task]
            self.assertEqual([ev for ev, _ in lines_of], ["get_wait", "get_end"] * len(waits), name)
            spans = [(lines_of[k][1], lines_of[k + 1][1]) for k in range(0, len(lines_of), 2)]
            # The same waits as CPython's, where they were: the program's clock less one offset.
            if offset is None:
                offset = waits[0][0] - spans[0][0]
            for (b, e), (tb, te) in zip(waits, spans):
                self.assertAlmostEqual(te - tb, e - b, delta=slack)
                self.assertAlmostEqual(tb, b - offset, delta=slack)
                self.assertAlmostEqual(te, e - offset, delta=slack)

    def test_real_clock(self):
        lines, text, stdout = self.run_it()
        self.check(lines, stdout, 0.03)
        m = exported_metrics(self, text)
        if m is not None:
            self.assertEqual(m["tasks"], 4)  # the 3 items and the laneless worker's 1 (the workers are none)

    def test_virtual_clock(self):
        lines, _, stdout = self.run_it("--virtual")
        self.assertEqual(lines[0]["clock"], "virtual")
        self.check(lines, stdout, 1e-9)


class QueueItemHeldByMain(unittest.TestCase):
    """An item of the program's Queue that main() took (main() has no lane)
    and still held when it ended, on a queue with no task_done() (a
    channel): it ends as main() did, at its end, as a worker task's items
    end with their worker. It ran on past main()'s return: "In flight 1",
    state running, outcome none, in a run that was over (CPython 3.11.7:
    main() took, worked on and printed the item, then returned)."""

    PROGRAM = """
        import asyncio, sys

        async def producer(q):
            for i in range(3):
                await asyncio.sleep(0.05)
                await q.put(i)

        async def main():
            q = asyncio.Queue()
            asyncio.create_task(producer(q))
            for _ in range(3):
                item = await q.get()
                await asyncio.sleep(0.02)
                print("main handled", item)
            if sys.argv[1:] == ["raise"]:
                raise KeyError(item)

        asyncio.run(main())
    """

    def check(self, lines, how):
        items = {e["task"]: e["name"] for e in lines if e["ev"] == "created" and e["name"].startswith("item")}
        self.assertEqual(sorted(items.values()), ["item 0: 0", "item 1: 1", "item 2: 2"])
        ends = {e["task"]: e for e in lines if e["ev"] in ("done", "failed", "cancelled") and e["task"] in items}
        self.assertEqual(sorted(ends), sorted(items), "every item ends")
        last = max(items, key=lambda t: items[t])
        main_end = next(e for e in lines if e["ev"] in ("main_returned", "raise"))
        self.assertEqual(ends[last]["ev"], how)
        self.assertAlmostEqual(ends[last]["t"], main_end["t"], delta=0.005)  # (a real clock's lines, stamped apart)
        self.assertLess(lines.index(ends[last]), lines.index(main_end))
        return ends[last], main_end

    def test_real_clock(self):
        lines, _ = trace_source(self.PROGRAM)
        self.check(lines, "done")

    def test_real_clock_main_raises(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "prog.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(self.PROGRAM))
            lines, _ = trace(path, "raise", expect_rc=1)
        self.check(lines, "failed")
        exc = [e for e in lines if e["ev"] == "failed_exc"]
        self.assertEqual([e["exc"] for e in exc], ["KeyError"])

    def test_virtual_clock(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "prog.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(self.PROGRAM))
            lines = trace_virtual(path)
        end, main_end = self.check(lines, "done")
        self.assertEqual((end["t"], main_end["t"]), (0.17, 0.17))


class OwnFramesHidden(unittest.TestCase):
    """Tracebacks and stacks the program prints show none of the tracer's
    frames, real clock or virtual: `traceback.print_exc()` after a Queue's
    task_done() called once too often showed `File ".../coroscope_trace/
    queues.py", line 349, in task_done / orig_task_done(q)` between the
    program's line and asyncio's (and put_nowait's, put()'s, a Lock's
    release()'s likewise), so did asyncio's "Task exception was never
    retrieved" of a worker that failed so, logged after the run; and in
    debug mode a task's "Object created at" stack held runpy's, the command
    line's and the tracer's wrappers' frames on a real clock. CPython 3.11.7
    prints none of them: the output is the plain run's, line for line."""

    PROGRAM = """
        import asyncio, gc, sys, traceback

        async def worker(q):
            await asyncio.sleep(0.01)
            q.task_done()  # one too many: ValueError, never retrieved

        async def boom():
            raise KeyError("boom")

        async def main():
            q = asyncio.Queue(maxsize=1)
            q.put_nowait(0)
            try:
                q.put_nowait(1)
            except asyncio.QueueFull:
                traceback.print_exc(file=sys.stdout)
            try:
                asyncio.Lock().release()
            except RuntimeError:
                traceback.print_exc(file=sys.stdout)
            try:
                await asyncio.wait_for(q.put(2), 0.01)
            except asyncio.TimeoutError:
                traceback.print_exc(file=sys.stdout)
            w = asyncio.create_task(worker(asyncio.Queue()))
            t = asyncio.create_task(boom())
            await asyncio.sleep(0.02)
            del t, w
            gc.collect()
            traceback.print_stack(file=sys.stdout)

        asyncio.run(main(), debug=True)
    """

    def outputs(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "prog.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(self.PROGRAM))
            env = dict(os.environ, PYTHONPATH=PKG + os.pathsep + os.environ.get("PYTHONPATH", ""))
            runs = {}
            for how, extra in (("plain", None), ("real", ["-q"]), ("virtual", ["--virtual", "-q"])):
                argv = [sys.executable, path] if extra is None else [
                    sys.executable, "-m", "coroscope_trace", *extra, "-o", os.path.join(tmp, "t.jsonl"), path]
                r = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60, cwd=tmp)
                runs[how] = (r.returncode, r.stdout, r.stderr)
        return runs

    def test_the_output_is_the_plain_runs(self):
        runs = self.outputs()
        code, out, err = runs["plain"]
        self.assertEqual(code, 0, err)
        self.assertIn("in task_done", out + err)
        self.assertIn("Object created at", err)
        for how in ("real", "virtual"):
            with self.subTest(how=how):
                self.assertNotIn("coroscope_trace", runs[how][1] + runs[how][2])
                self.assertEqual(runs[how][1], out)
                # (Debug mode's "Executing <Task ...> took 0.012 seconds": times vary.)
                keep = lambda text: [x for x in text.splitlines() if "took" not in x and "seconds" not in x]
                self.assertEqual(keep(runs[how][2]), keep(err))


class TaskTypeRealClock(unittest.TestCase):
    """Real clock: `print(type(task))` said <class
    'coroscope_trace.tracer.Task'>; CPython 3.11.7 says <class
    '_asyncio.Task'> (the virtual runner's: test_runner TypesAsCPythons)."""

    def test_a_task_prints_its_type_as_cpythons(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "prog.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write("import asyncio\n\nasync def main():\n"
                        "    print(type(asyncio.create_task(asyncio.sleep(0))), type(asyncio.current_task()))\n\n"
                        "asyncio.run(main())\n")
            env = dict(os.environ, PYTHONPATH=PKG + os.pathsep + os.environ.get("PYTHONPATH", ""))
            plain = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=60)
            traced = subprocess.run([sys.executable, "-m", "coroscope_trace", "-q", "-o", os.path.join(tmp, "t.jsonl"),
                                     path], env=env, capture_output=True, text=True, timeout=60, cwd=tmp)
        self.assertEqual(plain.stdout, "<class '_asyncio.Task'> <class '_asyncio.Task'>\n")
        self.assertEqual(traced.stdout, plain.stdout, traced.stderr)


class QueueWaitForRealClock(unittest.TestCase):
    """Real clock: a worker that takes its items with `await
    asyncio.wait_for(q.get(), t)` (CPython 3.11 runs each get() in a new
    inner task) is the items' worker, as with `await q.get()`: each item's
    lane runs until the worker's task_done(), not 0 s in the inner task."""

    def test_each_item_runs_as_long_as_its_worker_works_on_it(self):
        lines, _ = trace_source("""
            import asyncio

            async def worker(q):
                while True:
                    try:
                        d = await asyncio.wait_for(q.get(), timeout=0.3)
                    except TimeoutError:
                        return
                    await asyncio.sleep(d)
                    q.task_done()

            async def main():
                q = asyncio.Queue()
                for d in (0.1, 0.2, 0.15, 0.25):
                    q.put_nowait(d)
                await asyncio.gather(worker(q), worker(q))

            asyncio.run(main())
        """)
        items = {e["task"]: e for e in lines if e["ev"] == "created"}
        self.assertEqual(sorted(e["name"] for e in items.values()),
                         ["item 0: 0.1", "item 1: 0.2", "item 2: 0.15", "item 3: 0.25"])
        for tid, e in items.items():
            d = float(e["name"].split(": ")[1])
            end = next(x["t"] for x in lines if x.get("task") == tid and x["ev"] == "done")
            self.assertAlmostEqual(end - e["t"], d, delta=0.05, msg=e["name"])
        self.assertEqual({e["worker"] for e in lines if e["ev"] == "worker"}, {0, 1})
        self.assertFalse([e for e in lines if e["ev"] == "warning" and e["kind"] == "task_done_extra"])


class QueuePool(unittest.TestCase):
    """A program's Queue used as a pool of objects, on a real clock: tasks
    borrow a connection with get() and put that same object back. Each
    borrowing is a lane, done at the put() that gives the object back; a
    returned object is no job (no enqueue, no lane until a task takes it
    again), so nothing is left queued at the end; the first return says so
    (a queue_pool warning). Was: 7 tasks, the 2 objects put back at the end
    counted as jobs queued and never taken, "waiting 2" at the end."""

    POOL = """
        import asyncio

        async def fetch(pool, i):
            conn = await pool.get()          # borrow a connection
            try:
                await asyncio.sleep(0.05)    # use it
            finally:
                pool.put_nowait(conn)        # give it back

        async def main():
            pool = asyncio.Queue()
            for c in ("conn-A", "conn-B"):
                pool.put_nowait(c)
            await asyncio.gather(*(fetch(pool, i) for i in range(5)))

        asyncio.run(main())
    """

    @classmethod
    def setUpClass(cls):
        cls.lines, cls.text = trace_source(cls.POOL)

    def test_each_borrowing_is_a_lane_done_at_its_return(self):
        lanes = by_task([e for e in self.lines if e["ev"] not in ("warning", "pool_object")])
        created = [e for e in self.lines if e["ev"] == "created"]
        self.assertEqual([e["name"].split(": ")[1] for e in created], ["conn-A", "conn-B"] * 2 + ["conn-A"])
        for e in created[:2]:  # the two main() put in (an enqueue), taken at once
            kinds = [x["ev"] for x in lanes[e["task"]]]
            self.assertEqual(kinds, ["enqueue", "worker", "created", "request", "running", "done"], e)
        for e in created[2:]:
            # Their tasks found both borrowed: each waited in get() from
            # its start (created, request) to its take (worker, running).
            kinds = [x["ev"] for x in lanes[e["task"]]]
            self.assertEqual(kinds, ["created", "request", "worker", "running", "done"], e)
            self.assertLess(first(lanes[e["task"]], "request"), first(lanes[created[0]["task"]], "done"), e)
            self.assertGreaterEqual(first(lanes[e["task"]], "running") - first(lanes[e["task"]], "request"), 0.045)
        enqueued = [e["task"] for e in self.lines if e["ev"] == "enqueue"]
        self.assertEqual(enqueued, [e["task"] for e in created[:2]], "a returned object is no new job")
        # Each borrowing ends at its return: its lane ran the 0.05 s its task used the object.
        for e in created:
            ran = first(lanes[e["task"]], "done") - first(lanes[e["task"]], "running")
            self.assertGreaterEqual(ran, 0.045, e)
            self.assertLess(ran, 0.5, e)
        ts = [e["t"] for e in self.lines]
        self.assertEqual(ts, sorted(ts), "t never decreases")

    def test_the_first_return_says_the_queue_is_a_pool(self):
        warnings = [e for e in self.lines if e["ev"] == "warning"]
        self.assertEqual([w["kind"] for w in warnings], ["queue_pool"])
        w = warnings[0]
        self.assertIn("pool of objects that tasks borrow and give back", w["message"])
        self.assertNotIn("own", w)  # (each lane is one borrowing: the tasks have none of their own)
        self.assertIn("a task that waits in get() for a free object is drawn waiting for one", w["message"])
        self.assertEqual((w["file"], w["line"]), ("prog.py", 9))
        done = next(e for e in self.lines if e["ev"] == "done")
        self.assertEqual((w["task"], w["t"]), (done["task"], done["t"]), "at the first borrowing's end")

    def test_the_run_counts_the_borrowings_and_nothing_waits_at_the_end(self):
        m = exported_metrics(self, self.text)
        if m is None:
            self.skipTest("no coroscope-cli (--cli)")
        # Five borrowings, all done: no object given back is a job left queued at the end.
        self.assertEqual((m["tasks"], m["ok"], m["cancelled"], m["error_rate"]), (5, 5, 0, 0.0))
        self.assertEqual(m["peak_in_flight"], 2)  # two connections
        self.assertEqual(m["peak_waiting"], 3)  # the three tasks that waited for one at the start
        self.assertEqual([(w["kind"], w["warning"]) for w in m["warnings"]], [("program_warning", "queue_pool")])

    def test_a_pool_s_idle_objects_are_no_jobs_queued(self):
        # A pool of 10 connections that 3 tasks use: the 7 never taken were
        # 7 jobs "waiting for a worker" to the end (peak_waiting 7, the
        # queued columns of the CSV); now idle objects, no tasks, no wait.
        lines, text = trace_source("""
            import asyncio

            async def fetch(pool, i):
                conn = await pool.get()
                try:
                    await asyncio.sleep(0.05 * (1 + i))
                finally:
                    pool.put_nowait(conn)

            async def main():
                pool = asyncio.Queue()
                for k in range(10):
                    pool.put_nowait(f"conn-{k}")
                await asyncio.gather(*(fetch(pool, i) for i in range(3)))

            asyncio.run(main())
        """)
        pooled = [e for e in lines if e["ev"] == "pool_object"]
        self.assertEqual(sorted(e["task"] for e in pooled), sorted(e["task"] for e in lines if e["ev"] == "enqueue"))
        self.assertEqual(sorted(e["name"] for e in pooled if "name" in e), ["conn-%d" % k for k in range(3, 10)])
        m = exported_metrics(self, text)
        if m is None:
            self.skipTest("no coroscope-cli (--cli)")
        self.assertEqual((m["tasks"], m["ok"], m["peak_waiting"], m["peak_in_flight"]), (3, 3, 0, 3))


    def test_a_pool_that_makes_its_objects_as_it_needs_them_is_a_pool_and_its_waits_are_drawn(self):
        # Connections made when none is free, put into the queue and taken
        # at once, two at most (CPython 3.11.7: task 2 asked at 0.201 s and
        # got conn-0 at 1.003 s, task 3 asked at 0.302 s, got conn-1 at
        # 1.105 s). Was read as a channel (a new item after the first take):
        # no queue_pool note, each return a new job, two left "queued,
        # never taken" at the end, and the waits not drawn.
        lines, text = trace_source("""
            import asyncio

            class Pool:
                def __init__(self):
                    self.q = asyncio.Queue()
                    self.made = 0

                async def acquire(self):
                    if self.q.empty() and self.made < 2:
                        self.q.put_nowait(f"conn-{self.made}")   # a new one, made when none is free
                        self.made += 1
                    return await self.q.get()

                def release(self, conn):
                    self.q.put_nowait(conn)

            async def fetch(pool, i):
                await asyncio.sleep(0.05 * i)
                conn = await pool.acquire()
                await asyncio.sleep(0.3)
                pool.release(conn)

            async def main():
                pool = Pool()
                await asyncio.gather(*(fetch(pool, i) for i in range(4)))

            asyncio.run(main())
        """)
        self.assertEqual([e["kind"] for e in lines if e["ev"] == "warning"], ["queue_pool"])
        self.assertEqual(len([e for e in lines if e["ev"] == "enqueue"]), 2)  # the two made; no return a job
        items = [e for e in lines if e["ev"] == "created" and e["name"].startswith("item")]
        self.assertEqual([e["name"] for e in items], ["item 0: conn-0", "item 1: conn-1", "item 2: conn-0",
                                                      "item 3: conn-1"])
        lanes = by_task(lines)
        for e, asked in zip(items[2:], (0.1, 0.15)):
            lane = lanes[e["task"]]
            self.assertEqual([x["ev"] for x in lane if x["ev"] != "warning"],
                             ["created", "request", "worker", "running", "done"])
            self.assertGreaterEqual(first(lane, "request"), asked)
            self.assertLess(first(lane, "request"), asked + 0.04)  # where its get() began to wait
            self.assertGreaterEqual(first(lane, "running"), 0.3)   # where a connection came back
        ts = [e["t"] for e in lines]
        self.assertEqual(ts, sorted(ts), "t never decreases")
        m = exported_metrics(self, text)
        if m is None:
            self.skipTest("no coroscope-cli (--cli)")
        self.assertEqual((m["tasks"], m["ok"], m["peak_in_flight"], m["peak_waiting"]), (4, 4, 2, 2))


class QueueSlotTokens(unittest.TestCase):
    """A limit built from a Queue of N slot tokens, put in first (`for _ in
    range(2): q.put_nowait(None)`), each task `tok = await q.get()` ...
    `finally: q.put_nowait(tok)`: drawn as a Semaphore(2), each task a lane
    waiting in get() until a token is free and running while it holds it.
    Was, with None tokens (read as workers' stop sentinels): no lane at all,
    not one task in the run. Ints and objects as tokens draw the same. A
    worker queue's None after its items stays a stop sentinel (test_runner QueueJobs)."""

    SOURCE = """
        import asyncio

        async def job(tokens, k):
            tok = await tokens.get()
            try:
                print("job", k, "starts")
                await asyncio.sleep((0.1, 0.2, 0.15, 0.05, 0.1)[k])
            finally:
                tokens.put_nowait(tok)

        async def main():
            tokens = asyncio.Queue()
            for t in TOKENS:
                tokens.put_nowait(t)
            await asyncio.gather(*(job(tokens, k) for k in range(5)))
            print("left", tokens.qsize())

        asyncio.run(main())
    """
    TOKENS = {"None": "[None, None]", "ints": "range(2)", "objects": "[object(), object()]"}

    def check(self, tokens):
        source = self.SOURCE.replace("TOKENS", tokens)
        lines, text = trace_source(source)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "prog.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(source))
            plain = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=60).stdout
            env = dict(os.environ, PYTHONPATH=PKG)
            traced = subprocess.run([sys.executable, "-m", "coroscope_trace", "-q", "-o", os.path.join(tmp, "t"),
                                     path], env=env, capture_output=True, text=True, timeout=60, cwd=tmp).stdout
        self.assertEqual(traced, plain, "the program's own output as untraced")
        lanes = by_task([e for e in lines if e["ev"] not in ("warning", "pool_object")])
        runs = [evs for evs in lanes.values() if first(evs, "running") is not None]
        self.assertEqual(len(runs), 5, "a lane per task's hold of a token")
        starts = sorted((first(evs, "request"), first(evs, "running"), first(evs, "done")) for evs in runs)
        for asked, ran, done in starts:
            self.assertIsNotNone(done)
            self.assertLess(asked, 0.03, "each asked for a token at the start")
        # Two got a token at once; the three others waited in get() for
        # one given back (0.1 s at the earliest).
        waits = sorted(ran - asked for asked, ran, _done in starts)
        self.assertLess(waits[1], 0.03, waits)
        self.assertGreaterEqual(waits[2], 0.09, waits)
        self.assertEqual([e["kind"] for e in lines if e["ev"] == "warning"], ["queue_pool"])
        m = exported_metrics(self, text)
        if m is not None:
            self.assertEqual((m["tasks"], m["ok"], m["peak_in_flight"], m["peak_waiting"]), (5, 5, 2, 3))

    def test_none_tokens(self):
        self.check(self.TOKENS["None"])

    def test_int_tokens(self):
        self.check(self.TOKENS["ints"])

    def test_object_tokens(self):
        self.check(self.TOKENS["objects"])


class QueueSlotTokensAfterPreWork(unittest.TestCase):
    """A limit of 3 from a Queue of slot tokens whose tasks do something
    before their get() (`await asyncio.sleep(...)`: parse the link first),
    on a real clock. Their lanes are written before their first get(): was,
    each task a queue worker ("7 tasks + 7 queue workers"), its lane drawn
    idle in get() ("waiting in get() for an item") beside a lane per take
    named after the token ("item 3: 1"). Now each task borrows on its own
    lane, as with no pre-work each borrowing is a lane: 7 lanes, no worker,
    each asking where its get() began to wait and running from its take;
    the tokens no jobs (no enqueue lane)."""

    SOURCE = """
        import asyncio

        async def crawl(limit, k):
            await asyncio.sleep(0.01 * k)      # parse the link first
            slot = await limit.get()
            try:
                print("fetch", k)
                await asyncio.sleep(0.1)
            finally:
                limit.put_nowait(slot)
            return k

        async def main():
            limit = asyncio.Queue()
            for slot in TOKENS:
                limit.put_nowait(slot)
            print("total", sum(await asyncio.gather(*(crawl(limit, k) for k in range(7)))))

        asyncio.run(main())
    """

    def check(self, tokens):
        source = textwrap.dedent(self.SOURCE.replace("TOKENS", tokens))
        lines, text = trace_source(source)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "prog.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(source)
            plain = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=60).stdout
            env = dict(os.environ, PYTHONPATH=PKG)
            traced = subprocess.run([sys.executable, "-m", "coroscope_trace", "-q", "-o", os.path.join(tmp, "t"),
                                     path], env=env, capture_output=True, text=True, timeout=60, cwd=tmp).stdout
        self.assertEqual(traced, plain, "the program's own output as untraced")
        self.assertEqual([e for e in lines if e["ev"] in ("queue_worker", "get_wait", "get_end", "enqueue")], [])
        created = [e for e in lines if e["ev"] == "created"]
        self.assertEqual(sorted(e["name"] for e in created), ["Task-%d" % k for k in range(2, 9)])
        lanes = by_task([e for e in lines if e["ev"] != "warning"])
        self.assertEqual(sorted(lanes), sorted(e["task"] for e in created), "a lane per task, none per token")
        waits = []
        for e in created:
            lane = lanes[e["task"]]
            kinds = [x["ev"] for x in lane]
            asked, ran, done = first(lane, "request"), first(lane, "running"), first(lane, "done")
            self.assertIn(kinds, (["created", "worker", "request", "running", "done"],
                                  ["created", "request", "worker", "running", "done"]), e)
            self.assertLessEqual(first(lane, "worker"), ran)
            self.assertGreaterEqual(ran, asked)
            self.assertGreaterEqual(done - ran, 0.09, e)
            waits.append(ran - asked)
        waits.sort()
        # Three took a token at once; four waited for one given back.
        self.assertLess(waits[2], 0.03, waits)
        self.assertGreater(waits[3], 0.03, waits)
        self.assertEqual([e["kind"] for e in lines if e["ev"] == "warning"], ["queue_pool"])
        # Its note says the tasks borrow on their own lanes (not "each lane is one borrowing").
        note = next(e for e in lines if e["ev"] == "warning")
        self.assertIs(note.get("own"), True)
        self.assertIn("on its own lane", note["message"])
        m = exported_metrics(self, text)
        if m is not None:
            self.assertEqual((m["tasks"], m["ok"], m["peak_in_flight"]), (7, 7, 3))

    def test_int_tokens(self):
        self.check("range(3)")

    def test_none_tokens(self):
        self.check("[None] * 3")


class QueuePoolWaitNotDrawn(unittest.TestCase):
    """A task waiting in get() on a Queue that may still turn out a pool has
    its lines held back until the tracer knows (QueueJobs._get_wait), at most
    65,536 pending writes: past that the wait was dropped, its borrowing's
    lane began at the take, and nothing said so. Now the take writes a
    pool_wait_not_drawn note (once per queue) naming the borrowing, where
    and since when it waited. A short program's wait is drawn, with no note."""

    SOURCE = """
        import asyncio, sys

        async def borrower(pool):
            conn = await pool.get()
            await asyncio.sleep(0.5)
            pool.put_nowait(conn)

        async def tiny():
            pass

        async def main():
            pool = asyncio.Queue()
            pool.put_nowait("conn-0")
            a = asyncio.create_task(borrower(pool))
            await asyncio.sleep(0.01)
            b = asyncio.create_task(borrower(pool))      # waits in get(): the one object is borrowed
            await asyncio.sleep(0.01)
            await asyncio.gather(*(tiny() for _ in range(int(sys.argv[1]))))
            await asyncio.gather(a, b)

        asyncio.run(main())
    """

    def lines(self, n, *options):
        with tempfile.TemporaryDirectory() as tmp:
            path, out = os.path.join(tmp, "prog.py"), os.path.join(tmp, "t.jsonl")
            with open(path, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(self.SOURCE))
            env = dict(os.environ, PYTHONPATH=PKG + os.pathsep + os.environ.get("PYTHONPATH", ""))
            subprocess.run([sys.executable, "-m", "coroscope_trace", "-q", *options, "-o", out, path, str(n)],
                           env=env, capture_output=True, timeout=300, cwd=tmp, check=True)
            with open(out, encoding="utf-8") as f:
                return [json.loads(line) for line in f if line.strip()]

    def borrowing(self, lines):
        """The second borrowing's lane (b's) and its lines."""
        lane = [e["task"] for e in lines if e["ev"] == "worker" and e["worker"] == 1]
        self.assertEqual(len(lane), 1)
        return lane[0], [e for e in lines if e.get("task") == lane[0] and e["ev"] != "warning"]

    def check(self, options):
        short = self.lines(100, *options)
        lane, own = self.borrowing(short)
        self.assertEqual([e["ev"] for e in own][:3], ["created", "request", "worker"])
        self.assertAlmostEqual(own[1]["t"], 0.01, delta=0.05)  # drawn from where its get() began to wait
        self.assertEqual([e for e in short if e.get("kind") == "pool_wait_not_drawn"], [])
        long = self.lines(40000, *options)
        lane, own = self.borrowing(long)
        self.assertEqual([e["ev"] for e in own][:4], ["worker", "created", "request", "running"])  # from the take
        notes = [e for e in long if e.get("kind") == "pool_wait_not_drawn"]
        self.assertEqual(len(notes), 1, notes)
        note = notes[0]
        self.assertEqual((note["task"], note["file"], note["line"]), (lane, "prog.py", 5))
        self.assertEqual(note["t"], own[0]["t"])
        self.assertAlmostEqual(note["since"], 0.01, delta=0.05)
        self.assertIn("not drawn", note["message"])
        return long

    def test_real_clock(self):
        self.check(())

    def test_virtual_clock(self):
        long = self.check(("--virtual",))
        note, = [e for e in long if e.get("kind") == "pool_wait_not_drawn"]
        self.assertEqual((note["t"], note["since"]), (0.5, 0.01))


class QueueProducerTask(unittest.TestCase):
    """A producer *task* whose first step puts into the queue, on a real
    clock: its created line is written at that enqueue (it waits for the
    first step's end otherwise), and was stamped later than the enqueue
    written after it, so the trace went back in time and would not open
    ('"t" goes back in time', every run of this program)."""

    def test_times_never_go_back_and_the_trace_opens(self):
        lines, text = trace_source("""
            import asyncio

            async def producer(q):
                for i in range(4):
                    await q.put(i)

            async def consumer(q):
                for _ in range(4):
                    await q.get()
                    await asyncio.sleep(0.01)
                    q.task_done()

            async def main():
                q = asyncio.LifoQueue(maxsize=2)
                await asyncio.gather(producer(q), consumer(q))

            asyncio.run(main())
        """)
        ts = [e["t"] for e in lines]
        self.assertEqual(ts, sorted(ts), "t never decreases")
        producer = next(e for e in lines if e["ev"] == "created" and e["name"] == "Task-2")
        first_enqueue = next(e for e in lines if e["ev"] == "enqueue")
        self.assertLess(lines.index(producer), lines.index(first_enqueue))
        self.assertLessEqual(producer["t"], first_enqueue["t"])
        m = exported_metrics(self, text)
        if m is not None:
            self.assertEqual((m["tasks"], m["ok"]), (5, 5))  # the producer and its 4 items


class KilledRuns(unittest.TestCase):
    """SIGTERM or SIGHUP (default action: the process ends at once) to a
    traced run: the lines recorded so far are written (the tracer keeps up
    to 256 before it writes), the trace has no "end" (a partial run), and
    the process dies of the signal as without the tracer. The program's own
    handlers win, and see SIG_DFL where the tracer's handler is."""

    WAITS = """
        import asyncio, sys

        async def job(i):
            await asyncio.sleep(0.001 * i)
            return i

        async def main():
            await asyncio.gather(*(asyncio.create_task(job(i), name="job-%d" % i) for i in range(20)))
            asyncio.create_task(asyncio.sleep(60), name="sleeper")
            await asyncio.sleep(0.05)
            print("ready", flush=True)
            await asyncio.sleep(60)

        asyncio.run(main())
    """

    def assert_partial(self, lines, text):
        self.assertEqual(lines[0]["ev"], "meta")
        self.assertNotIn("end", [e["ev"] for e in lines])
        self.assertEqual(sorted(e["name"] for e in lines if e["ev"] == "done"),
                         sorted("job-%d" % i for i in range(20)))
        self.assertIn("sleeper", [e["name"] for e in lines if e["ev"] == "created"])
        metrics = exported_metrics(self, text)  # (coroscope-cli reads it: a partial run)
        if metrics is not None:
            self.assertEqual((metrics["tasks"], metrics["ok"]), (21, 20))

    def test_sigterm_writes_the_lines_recorded_and_the_process_dies_of_it(self):
        import signal
        rc, lines, text, _ = killed_run(self, self.WAITS, signal.SIGTERM)
        self.assertEqual(rc, -signal.SIGTERM)
        self.assert_partial(lines, text)

    def test_sighup_to_a_run_deadlocked_by_a_forgotten_release(self):
        import signal
        rc, lines, text, _ = killed_run(self, """
            import asyncio

            async def job(sem):
                await sem.acquire()  # never released
                await asyncio.sleep(0.01)

            async def main():
                sem = asyncio.Semaphore(2)
                tasks = [asyncio.create_task(job(sem), name="job-%d" % i) for i in range(4)]
                await asyncio.sleep(0.05)
                print("ready", flush=True)
                await asyncio.gather(*tasks)

            asyncio.run(main())
        """, signal.SIGHUP)
        self.assertEqual(rc, -signal.SIGHUP)
        self.assertEqual([e["ev"] for e in lines if e.get("name") == "job-3"], ["created", "request"])
        self.assertEqual([e["name"] for e in lines if e["ev"] == "done"], ["job-0", "job-1"])
        self.assertNotIn("end", [e["ev"] for e in lines])

    def test_the_program_s_own_handlers_win(self):
        import signal
        source = """
            import asyncio, signal, sys

            async def main():
                loop = asyncio.get_running_loop()
                stop = asyncio.Event()
                if sys.argv[1] == "signal":
                    prev = signal.signal(signal.SIGTERM, lambda s, f: loop.call_soon_threadsafe(stop.set))
                    print("ready", flush=True)
                    print("it replaced SIG_DFL:", prev is signal.SIG_DFL)
                else:
                    loop.add_signal_handler(signal.SIGTERM, stop.set)
                    print("ready", flush=True)
                await asyncio.wait_for(stop.wait(), 20)
                print("graceful")

            # As without the tracer, the disposition reads SIG_DFL.
            assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_DFL
            asyncio.run(main())
        """
        for how in ("signal", "loop"):
            rc, lines, _, printed = killed_run(self, source, signal.SIGTERM, how)
            self.assertEqual(rc, 0, printed)
            self.assertEqual(printed, "ready\nit replaced SIG_DFL: True\ngraceful\n" if how == "signal"
                             else "ready\ngraceful\n")
            self.assertEqual(lines[-1]["ev"], "end")
            self.assertEqual(lines[-1]["outcome"], "ok")

    def test_a_removed_loop_handler_and_sig_dfl_set_again_still_write_the_lines(self):
        import signal
        for how in ("remove_signal_handler", "SIG_DFL"):
            rc, lines, text, printed = killed_run(self, """
                import asyncio, signal, sys

                async def main():
                    loop = asyncio.get_running_loop()
                    if sys.argv[1] == "SIG_DFL":
                        old = signal.signal(signal.SIGTERM, signal.SIG_IGN)
                        signal.signal(signal.SIGTERM, old)
                    else:
                        loop.add_signal_handler(signal.SIGTERM, print)
                        loop.remove_signal_handler(signal.SIGTERM)
                    print(signal.getsignal(signal.SIGTERM) is signal.SIG_DFL, file=sys.stderr)
                    await asyncio.gather(*(asyncio.create_task(asyncio.sleep(0), name="t%d" % i) for i in range(5)))
                    print("ready", flush=True)
                    await asyncio.sleep(60)

                asyncio.run(main())
            """, signal.SIGTERM, how)
            self.assertEqual(rc, -signal.SIGTERM, how)
            self.assertEqual([e["name"] for e in lines if e["ev"] == "done"], ["t0", "t1", "t2", "t3", "t4"], how)

    def test_a_forked_child_killed_by_sigterm_writes_nothing(self):
        # The child inherits the handler and a copy of the lines its parent
        # has not written yet: they are not its to write.
        import signal
        rc, lines, text, printed = killed_run(self, """
            import asyncio, multiprocessing, time

            async def main():
                await asyncio.gather(*(asyncio.create_task(asyncio.sleep(0), name="t%d" % i) for i in range(5)))
                child = multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,))
                child.start()
                await asyncio.sleep(0.1)
                child.terminate()
                child.join()
                print("ready", flush=True)
                print(child.exitcode)

            asyncio.run(main())
        """, signal.SIGCONT)  # (ignored by default: the run ends by itself)
        self.assertEqual(rc, 0)
        self.assertEqual(printed, "ready\n%d\n" % -signal.SIGTERM)
        self.assertEqual(len(text.splitlines()), len(set(text.splitlines())), "no line written twice")
        self.assertEqual([e["name"] for e in lines if e["ev"] == "created"], ["t0", "t1", "t2", "t3", "t4"])
        self.assertEqual(lines[-1]["ev"], "end")

class AsPlainPython(unittest.TestCase):
    """The program sees what `python3 prog.py` gives it (3.11): __file__
    absolute though typed relative, sys.argv[0] as typed, sys.path[0] the
    folder of its real file; and what escapes it prints as plain Python
    prints it, without the frames of runpy and of coroscope_trace."""

    def run_both(self, tmp, *argv):
        """(exit status, stdout, stderr) of `python3 *argv` and of the same
        under the tracer, both run in `tmp`."""
        env = dict(os.environ, PYTHONPATH=PKG + os.pathsep + os.environ.get("PYTHONPATH", ""))
        runs = []
        for prefix in ([], ["-m", "coroscope_trace", "-q", "-o", os.path.join(tmp, "trace.jsonl")]):
            r = subprocess.run([sys.executable, *prefix, *argv], env=env, cwd=tmp, capture_output=True, text=True,
                               timeout=60)
            runs.append((r.returncode, r.stdout, r.stderr))
        return runs

    def write(self, path, source):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(source).lstrip("\n"))

    def test_file_argv_and_path_as_plain_python_gives_them(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.write(os.path.join(tmp, "real", "t.py"), """
                import os, sys
                print(__file__, sys.argv[0], sys.path[0], repr(os.path.dirname(__file__)), __package__,
                      type(__loader__).__name__, __cached__, __spec__, sorted(globals()))
                print(sys.modules["__main__"].__dict__ is globals(), sys._getframe().f_code.co_filename)
            """)
            os.symlink(os.path.join("real", "t.py"), os.path.join(tmp, "t.py"))
            for prog in ("real/t.py", "t.py"):
                plain, traced = self.run_both(tmp, prog)
                self.assertEqual(plain[0], 0, plain[2])
                self.assertEqual(traced, plain)
                self.assertTrue(plain[1].startswith(os.path.join(tmp, prog) + " " + prog + " "
                                                    + os.path.join(tmp, "real") + " "), plain[1])

    def test_what_escapes_prints_as_plain_python_prints_it(self):
        programs = {
            "task.py": """
                import asyncio

                async def job(i):
                    await asyncio.sleep(0.001 * i)
                    if i == 2:
                        raise RuntimeError("job 2")

                async def main():
                    try:
                        await asyncio.gather(*(asyncio.create_task(job(i)) for i in range(4)))
                    except RuntimeError as e:
                        raise LookupError("wrapped") from e

                asyncio.run(main())
            """,
            "timeout.py": """
                import asyncio

                async def main():
                    async with asyncio.timeout(0.01):
                        await asyncio.sleep(1)

                asyncio.run(main())
            """,
            "group.py": """
                import asyncio

                async def bad(i):
                    await asyncio.sleep(0.001)
                    raise ValueError(i)

                async def main():
                    async with asyncio.TaskGroup() as tg:
                        for i in range(2):
                            tg.create_task(bad(i))

                asyncio.run(main())
            """,
            "top.py": """
                import os
                open(os.path.join(os.path.dirname(__file__), "missing.txt"))
            """,
            "syntax.py": """
                def f(:
                    pass
            """,
            "exit.py": """
                import sys
                sys.exit("bye")
            """,
        }
        with tempfile.TemporaryDirectory() as tmp:
            for name, source in programs.items():
                self.write(os.path.join(tmp, "progs", name), source)
                plain, traced = self.run_both(tmp, os.path.join("progs", name))
                self.assertEqual(plain[0], 1, name)
                self.assertEqual(traced, plain, name)
                self.assertNotIn("runpy", traced[2], name)
                self.assertNotIn("coroscope_trace", traced[2], name)
            # With -m, plain Python shows runpy's first two frames too.
            self.write(os.path.join(tmp, "pkg", "__init__.py"), "")
            self.write(os.path.join(tmp, "pkg", "mod.py"), programs["task.py"])
            plain, traced = self.run_both(tmp, "-m", "pkg.mod")
            self.assertEqual(plain[0], 1)
            self.assertEqual(traced, plain)



class DefaultPoolNoteCli(unittest.TestCase):
    """`coroscope-cli run prog.py`: a pool sized by default follows the
    virtual runner's os.cpu_count() (4: asyncio's pool has 8 workers), not
    this machine's (CPython 3.11.7 here: os.cpu_count() = 2, 6 workers). The
    terminal says so once, with the size python3 here gives it; nothing for
    a pool given its size."""

    PROGRAM = """
        import asyncio

        async def main():
            await asyncio.to_thread(print, "a")
            await asyncio.to_thread(print, "b")
            print(asyncio.get_running_loop()._default_executor._max_workers)

        asyncio.run(main())
    """

    def cli_run(self, source):
        cli = CLI or os.environ.get("COROSCOPE_CLI")
        if not cli:
            self.skipTest("no coroscope-cli given (--cli PATH)")
        with tempfile.TemporaryDirectory() as tmp:
            prog = os.path.join(tmp, "prog.py")
            with open(prog, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(source))
            r = subprocess.run([cli, "run", prog, "--trace", os.path.join(tmp, "t.jsonl")], capture_output=True,
                               text=True, timeout=120)
            plain = subprocess.run([sys.executable, prog], capture_output=True, text=True, timeout=60)
            with open(os.path.join(tmp, "t.jsonl"), encoding="utf-8") as f:
                printed = "".join(e["text"] for e in map(json.loads, f) if e["ev"] == "output")
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stderr, printed, plain.stdout

    def test_the_default_pool_is_told_once_with_this_machine_s_size(self):
        err, printed, plain = self.cli_run(self.PROGRAM)
        virtual, real = int(printed.split()[-1]), int(plain.split()[-1])
        notes = [x for x in err.splitlines() if x.startswith("note: ")]
        self.assertEqual(len(notes), 1, err)
        self.assertIn("default thread pool", notes[0])
        self.assertIn("has %d workers here" % virtual, notes[0])
        self.assertTrue(notes[0].endswith("makes it %d%s" % (real, " too" if real == virtual else "")), notes[0])

    def test_a_sized_pool_is_not_told(self):
        err, _, _ = self.cli_run(self.PROGRAM.replace("async def main():\n",
                                                      "async def main():\n"
                                                      "            from concurrent.futures import ThreadPoolExecutor\n"
                                                      "            asyncio.get_running_loop().set_default_executor("
                                                      "ThreadPoolExecutor(3))\n"))
        self.assertNotIn("note:", err)


class DiffersNoteCli(unittest.TestCase):
    """`coroscope-cli run prog.py` of a program whose output on the virtual
    clock is not what `python3 prog.py` prints (ten tasks that each sleep 1 s
    print in asyncio's heap order, 0 2 6 9 8 5 7 4 1 3, where CPython prints
    0 1 ... 9): the terminal says why, with the trace's timer_tie note (it
    said nothing: the note was in the trace and the app's Warnings panel
    only); a program whose output cannot differ gets no such note."""

    TIE = """
        import asyncio

        async def job(i):
            await asyncio.sleep(1)
            print(i)

        async def main():
            await asyncio.gather(*(job(i) for i in range(10)))

        asyncio.run(main())
    """

    cli_run = DefaultPoolNoteCli.cli_run

    def test_a_tie_that_changed_the_output_is_told_on_the_terminal(self):
        err, printed, plain = self.cli_run(self.TIE)
        self.assertNotEqual(printed, plain)  # (the case: the orders differ)
        notes = [x for x in err.splitlines() if x.startswith("note: ")]
        self.assertEqual(len(notes), 1, err)
        line = textwrap.dedent(self.TIE).splitlines().index("    await asyncio.sleep(1)") + 1
        self.assertIn("prog.py:%d: " % line, notes[0])  # where the task set first waits
        self.assertIn("on a real clock the one set first is due a little earlier", notes[0])

    def test_no_note_where_nothing_can_differ(self):
        err, printed, plain = self.cli_run(self.TIE.replace("asyncio.sleep(1)", "asyncio.sleep(1 + i / 10)"))
        self.assertEqual(printed, plain)
        self.assertNotIn("note:", err)


if __name__ == "__main__":
    if "--cli" in sys.argv:
        i = sys.argv.index("--cli")
        CLI = sys.argv[i + 1]
        del sys.argv[i:i + 2]
    unittest.main()
