"""The virtual-clock runner (python3 -m coroscope_trace --virtual) on small
programs: budgets stop endless programs with a message, errors name their
line, real I/O is refused on its line, runs are deterministic, signals arrive
at their virtual time, and a killed run leaves whole lines.

    python3 tests/python/test_runner.py          (any Python 3.11)
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PKG = os.path.join(ROOT, "resources", "python")
ENV = dict(os.environ, PYTHONPATH=PKG + os.pathsep + os.environ.get("PYTHONPATH", ""))
EXIT_RAISED, EXIT_STOPPED = 1, 3


def command(program, *options):
    return [sys.executable, "-m", "coroscope_trace", "--virtual", *options, program]


def real_run(source, want=None, timeout=60, tries=3):
    """A real run of `source` (CPython in real time, unbuffered): (return
    code, stdout); code None: still running after `timeout` s (killed).
    With `want`, the stdout a virtual run printed (times rounded to 0.1 s):
    a loaded machine can slip a real run past a rounding step, so it is run
    again, up to `tries` times, until it prints that; a real difference
    differs every time (the last run is returned)."""
    with tempfile.TemporaryDirectory() as tmp:
        prog = os.path.join(tmp, "prog.py")
        with open(prog, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(source).lstrip("\n"))
        for _ in range(tries if want is not None else 1):
            try:
                real = subprocess.run([sys.executable, "-u", prog], capture_output=True, text=True, timeout=timeout)
                code, out = real.returncode, real.stdout
            except subprocess.TimeoutExpired as e:
                out = e.stdout or b""
                code, out = None, out.decode() if isinstance(out, bytes) else out
            if out == want:
                break
    return code, out


class Run:
    """One runner run of `source` (dedented) in `folder` (default: a fresh
    one), or of the existing program `path` (source None)."""

    def __init__(self, source, *options, name="prog.py", folder=None, path=None):
        with tempfile.TemporaryDirectory() as fresh:
            tmp = folder or fresh
            prog = path or os.path.join(tmp, name)
            if source is not None:
                with open(prog, "w", encoding="utf-8") as f:
                    f.write(textwrap.dedent(source).lstrip("\n"))
            out = os.path.join(tmp, "trace.jsonl")
            r = subprocess.run(command(prog, "-o", out, *options), env=ENV, cwd=tmp,
                               capture_output=True, text=True, timeout=300)
            self.rc, self.stdout, self.stderr = r.returncode, r.stdout, r.stderr
            with open(out, "rb") as f:
                self.raw = f.read()
        self.lines = [json.loads(x) for x in self.raw.decode("utf-8").splitlines()]

    def last(self):
        return self.lines[-1]

    def events(self, ev):
        return [e for e in self.lines if e["ev"] == ev]

    def printed(self):
        """(t, text) of each line the program printed on stdout."""
        return [(e["t"], e["text"]) for e in self.lines if e["ev"] == "output" and e["stream"] == "stdout"]

    def task_named(self, name):
        """The lines of the task whose created line bears `name`."""
        ids = [e["task"] for e in self.events("created") if e["name"] == name]
        assert len(ids) == 1, (name, ids)
        return [e for e in self.lines if e.get("task") == ids[0] and "name" in e]


ENDLESS_SLEEP0 = """
    import asyncio

    async def main():
        while True:
            await asyncio.sleep(0)

    asyncio.run(main())
"""


class Budgets(unittest.TestCase):
    def assert_stopped(self, run, reason, line):
        self.assertEqual(run.rc, EXIT_STOPPED, run.stderr)
        stop = run.last()
        self.assertEqual((stop["ev"], stop["reason"], stop["line"]), ("stopped", reason, line), stop)
        self.assertTrue(stop["message"])
        self.assertIn("prog.py:%d: " % line, run.stderr, "the message on stderr names the line")

    def test_an_endless_loop_that_never_awaits_is_stopped_by_the_wall_clock_limit(self):
        run = Run("""
            import asyncio

            async def main():
                n = 0
                while True:
                    n += 1

            asyncio.run(main())
        """, "--max-wall", "1")
        self.assert_stopped(run, "wall_clock", 5)
        self.assertIn("endless loop", run.last()["message"])

    def test_an_endless_sleep0_loop_is_stopped_by_the_iteration_limit(self):
        run = Run(ENDLESS_SLEEP0, "--max-iterations", "2000", "--max-wall", "600")
        self.assert_stopped(run, "iterations", 5)
        self.assertIn("sleep(0)", run.last()["message"])

    def test_an_endless_time_sleep_loop_is_stopped_with_a_message(self):
        run = Run("""
            import asyncio, time

            async def main():
                while True:
                    time.sleep(1)

            asyncio.run(main())
        """, "--max-wall", "1")
        self.assert_stopped(run, "wall_clock", 5)
        self.assertIn("blocking calls (time.sleep)", run.last()["message"])

    def test_the_virtual_time_cap_stops_a_program_that_sleeps_forever(self):
        run = Run("""
            import asyncio

            async def main():
                while True:
                    await asyncio.sleep(1)

            asyncio.run(main())
        """, "--max-virtual", "5")
        self.assertEqual(run.rc, EXIT_STOPPED)
        self.assertEqual(run.last()["ev"], "stopped")
        self.assertLessEqual(run.last()["t"], 5.0)


class Errors(unittest.TestCase):
    def test_the_first_line_names_the_python_that_ran(self):
        run = Run("import asyncio\nasyncio.run(asyncio.sleep(1))\n")
        meta = run.lines[0]
        self.assertEqual(meta["ev"], "meta")
        self.assertEqual(meta["python"], "%d.%d.%d" % sys.version_info[:3])
        self.assertEqual(run.last(), {"t": 1.0, "ev": "end", "outcome": "ok"})

    def test_the_summary_spells_the_virtual_time_for_a_reader_and_the_trace_exactly(self):
        # 0.1 * 3 is 0.30000000000000004: the trace keeps it (as CPython's
        # loop.time() would read it), the sentence on stderr says 0.3 s.
        run = Run("import asyncio\nasyncio.run(asyncio.sleep(0.1 * 3))\n")
        self.assertEqual(run.last(), {"t": 0.1 * 3, "ev": "end", "outcome": "ok"})
        self.assertIn("ok at virtual time 0.3 s,", run.stderr)

    def test_main_module_and_path_as_plain_python_sets_them(self):
        # __file__ absolute, sys.argv[0] as typed, sys.path[0] the folder of
        # the file a symbolic link names, __main__'s names as the
        # interpreter sets them (a SourceFileLoader, __annotations__ {}).
        source = """
            import os, sys
            print(__file__, sys.argv[0], sys.path[0], repr(os.path.dirname(__file__)), __package__,
                  type(__loader__).__name__, __cached__, __spec__, sorted(globals()))
        """
        with tempfile.TemporaryDirectory() as tmp:
            os.mkdir(os.path.join(tmp, "real"))
            with open(os.path.join(tmp, "real", "t.py"), "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(source))
            os.symlink(os.path.join("real", "t.py"), os.path.join(tmp, "t.py"))
            for prog in ("real/t.py", "t.py"):
                plain = subprocess.run([sys.executable, prog], cwd=tmp, capture_output=True, text=True, timeout=60)
                self.assertEqual(plain.returncode, 0, plain.stderr)
                r = subprocess.run(command(prog, "-q", "-o", "t.jsonl"), env=ENV, cwd=tmp, capture_output=True,
                                   text=True, timeout=60)
                self.assertEqual(r.returncode, 0, r.stderr)
                with open(os.path.join(tmp, "t.jsonl"), encoding="utf-8") as f:
                    printed = [json.loads(x)["text"] for x in f if '"output"' in x]
                self.assertEqual(printed, [plain.stdout], prog)
                self.assertTrue(plain.stdout.startswith(os.path.join(tmp, prog) + " " + prog + " "
                                                        + os.path.join(tmp, "real") + " "), plain.stdout)

    def test_source_runs_an_editor_s_copy_under_the_program_s_name(self):
        # The app's editor: the code from its copy (edits not saved), run as
        # the program's file would run (__file__, sys.argv[0], sys.path[0],
        # the traceback's file and quoted line), as plain python3 runs the
        # file once saved.
        edited = """
            import os, sys
            print(__file__, sys.argv[0], sys.path[0])
            raise KeyError("edited")
        """
        with tempfile.TemporaryDirectory() as tmp:
            os.mkdir(os.path.join(tmp, "app"))
            prog = os.path.join(tmp, "p.py")
            copy = os.path.join(tmp, "app", "p.py")
            with open(prog, "w", encoding="utf-8") as f:
                f.write("print('saved')\n")
            with open(copy, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(edited).lstrip("\n"))
            r = subprocess.run(command("p.py", "-q", "-o", "t.jsonl", "--source", copy), env=ENV, cwd=tmp,
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(r.returncode, EXIT_RAISED, r.stderr)
            with open(os.path.join(tmp, "t.jsonl"), encoding="utf-8") as f:
                lines = [json.loads(x) for x in f]
            shutil.copy(copy, prog)  # saved: what plain python3 then prints
            plain = subprocess.run([sys.executable, "p.py"], cwd=tmp, capture_output=True, text=True, timeout=60)
            out = [e["text"] for e in lines if e["ev"] == "output" and e["stream"] == "stdout"]
            self.assertEqual(out, [plain.stdout])
            err = "".join(e["text"] for e in lines if e["ev"] == "output" and e["stream"] == "stderr")
            self.assertIn('File "%s", line 3, in <module>' % prog, err)
            self.assertIn('raise KeyError("edited")', err)
            self.assertEqual([e for e in lines if e["ev"] == "error"][0]["file"], "p.py")
            # Without the program's own file, or with no program: said, exit 2.
            bad = subprocess.run(command("p.py", "-o", "t.jsonl", "--source", "nowhere.py"), env=ENV, cwd=tmp,
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(bad.returncode, 2)
            self.assertIn("--source: no such file: nowhere.py", bad.stderr)

    def test_a_program_named_like_a_standard_module_runs_from_its_folder(self):
        # `python3 -m` puts the working folder first on sys.path (so does an
        # empty PYTHONPATH entry): a student's queue.py there stood in for the
        # standard library's while the runner imported concurrent.futures
        # ("cannot import name 'Empty'"), a json.py for the json the trace's
        # first line is written with. Each runs as `python3 queue.py` runs it
        # (which works: nothing it imports imports queue), on the virtual
        # clock and for real.
        source = """
            import asyncio

            async def main():
                q = asyncio.Queue()
                await q.put(1)
                await asyncio.sleep(0.5)
                print("got", await q.get())

            asyncio.run(main())
        """
        run = Run(source, name="queue.py")
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual(run.printed(), [(0.5, "got 1\n")])
        with tempfile.TemporaryDirectory() as tmp:
            prog = os.path.join(tmp, "json.py")
            with open(prog, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(source))
            for virtual in ([], ["--virtual"]):
                r = subprocess.run([sys.executable, "-m", "coroscope_trace", *virtual, "-q", "-o", "t.jsonl",
                                    "json.py"], env=dict(ENV, PYTHONPATH=PKG + os.pathsep),  # an empty entry
                                   cwd=tmp, capture_output=True, text=True, timeout=60)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertIn("got 1", r.stdout)

    def test_a_syntax_error_reports_its_line(self):
        run = Run("""
            import asyncio

            async def main(:
                pass
        """)
        self.assertEqual(run.rc, EXIT_RAISED)
        error = next(e for e in run.lines if e["ev"] == "error")
        self.assertEqual((error["exc"], error["line"]), ("SyntaxError", 3))
        self.assertTrue(error["file"].endswith("prog.py"))
        self.assertEqual(run.last()["outcome"], "raised:SyntaxError")

    def test_a_socket_is_refused_on_its_line(self):
        run = Run("""
            import asyncio, socket

            async def main():
                await asyncio.sleep(1)
                s = socket.socket()
                s.connect(("127.0.0.1", 9))

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, EXIT_STOPPED)
        stop = run.last()
        self.assertEqual((stop["ev"], stop["reason"], stop["line"], stop["t"]), ("stopped", "real_io", 5, 1.0))
        self.assertIn("real time", stop["message"])


    def test_os_exit_writes_what_happened_and_says_so_on_its_line(self):
        run = Run("""
            import asyncio, os

            async def job(i):
                await asyncio.sleep(i)
                print("job", i, "done")

            async def main():
                tasks = [asyncio.create_task(job(i)) for i in range(4)]
                await asyncio.sleep(1.5)
                os._exit(7)

            asyncio.run(main())
        """)
        # The program's own status; the lines queued before the call were
        # written (they were lost: the trace ended after its first line).
        self.assertEqual(run.rc, 7, run.stderr)
        self.assertEqual([(e["t"], e["task"]) for e in run.events("done")], [(0.0, 0), (1.0, 1)])
        self.assertEqual(run.printed(), [(0.0, "job 0 done\n"), (1.0, "job 1 done\n")])
        stop = run.last()
        self.assertEqual((stop["ev"], stop["reason"], stop["line"], stop["t"]), ("stopped", "exit", 10, 1.5))
        self.assertIn("os._exit(7)", stop["message"])
        self.assertIn("os._exit(7)", run.stderr)

    def test_os_exit_refuses_what_os_exit_refuses(self):
        run = Run("import os\nos._exit('x')\n")
        self.assertEqual(run.rc, EXIT_RAISED)
        self.assertEqual(run.last()["outcome"], "raised:TypeError")


class Semaphores(unittest.TestCase):
    def test_a_semaphore_per_task_is_not_one_limit(self):
        # The course's pitfall: each task makes its own Semaphore(3). The
        # first one's value is the trace's limit; the "semaphores" lines say
        # that there are more (so the permits, counted over all of them, are
        # not under that limit: 8 held at once).
        run = Run("""
            import asyncio

            async def job():
                sem = asyncio.Semaphore(3)
                async with sem:
                    await asyncio.sleep(1)

            async def main():
                await asyncio.gather(*(job() for _ in range(8)))

            asyncio.run(main())
        """)
        self.assertEqual([e["value"] for e in run.events("limit")], [3])
        lines = run.events("semaphores")
        self.assertEqual([e["value"] for e in lines[:-1]], list(range(2, 9)))
        # At the end: all 8 were one task's alone (each released by the task
        # that took it, nobody waiting): the app warns about them.
        self.assertEqual((lines[-1]["value"], lines[-1]["private"]), (8, 8))
        self.assertEqual(max(e["value"] for e in run.events("permits")), 8)

    def test_a_lock_per_task_beside_a_shared_semaphore_is_counted_alone(self):
        run = Run("""
            import asyncio

            async def main():
                sem = asyncio.Semaphore(2)
                async def job():
                    lock = asyncio.Lock()      # the pitfall: one per task
                    async with sem:
                        async with lock:
                            await asyncio.sleep(1)
                await asyncio.gather(*(job() for _ in range(4)))

            asyncio.run(main())
        """)
        last = run.events("semaphores")[-1]
        self.assertEqual((last["value"], last["private"]), (5, 4))  # the 4 locks; the Semaphore is shared

    def test_per_host_semaphores_one_request_used_are_not_made_per_task(self):
        # One Semaphore(1) per host, made by one line in main(): hosts 0 to 4
        # get one request each (one task alone uses each), host 5 four, which
        # wait for it. The line made a shared one: none of its semaphores is
        # the pitfall of a semaphore made inside each task.
        run = Run("""
            import asyncio

            async def main():
                hosts = [asyncio.Semaphore(1) for _ in range(6)]
                async def fetch(h):
                    async with hosts[h]:
                        await asyncio.sleep(1)
                await asyncio.gather(*(fetch(min(i, 5)) for i in range(9)))

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        last = run.events("semaphores")[-1]
        self.assertEqual((last["value"], last["private"]), (6, 0))

    def test_a_lock_another_task_waited_for_is_shared_whatever_ended_the_wait(self):
        # Two Locks made once in main(), each shared by two tasks: the second
        # waits 0.3 s and gives up (asyncio.timeout), so no release ever
        # wakes it. Then two tasks deadlocked on two Locks (A/B order), which
        # wait_for ends. None is a lock made inside each task: the warning
        # named all four ("made inside each task ... no task ever waited").
        run = Run("""
            import asyncio

            async def holder(lock):
                async with lock:
                    await asyncio.sleep(1.0)

            async def impatient(lock):
                await asyncio.sleep(0.1)
                try:
                    async with asyncio.timeout(0.3):
                        async with lock:
                            pass
                except TimeoutError:
                    print("gave up")

            async def one(a, b):
                async with a:
                    await asyncio.sleep(0.1)
                    async with b:
                        pass

            async def main():
                db, cache = asyncio.Lock(), asyncio.Lock()
                await asyncio.gather(holder(db), impatient(db), holder(cache), impatient(cache))
                l1, l2 = asyncio.Lock(), asyncio.Lock()
                try:
                    await asyncio.wait_for(asyncio.gather(one(l1, l2), one(l2, l1)), 0.5)
                except TimeoutError:
                    print("deadlock broken")

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([text for _, text in run.printed()], ["gave up\n", "gave up\n", "deadlock broken\n"])
        last = run.events("semaphores")[-1]
        self.assertEqual((last["value"], last["private"]), (4, 0))

    def test_a_lock_the_main_coroutine_takes_again_is_counted_once(self):
        # main() takes its Lock three times (one task: counted once, not once
        # a release), and two tasks share a Semaphore.
        run = Run("""
            import asyncio

            async def main():
                lock, sem = asyncio.Lock(), asyncio.Semaphore(2)
                for _ in range(3):
                    async with lock:
                        await asyncio.sleep(0.1)
                async def job():
                    async with sem:
                        await asyncio.sleep(1)
                await asyncio.gather(job(), job())

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        last = run.events("semaphores")[-1]
        self.assertEqual((last["value"], last["private"]), (2, 1))

    def test_one_semaphore_is_the_limit_and_a_lock_beside_it_is_counted(self):
        one = Run("""
            import asyncio

            async def main():
                sem = asyncio.Semaphore(2)
                async def job():
                    async with sem:
                        await asyncio.sleep(1)
                await asyncio.gather(*(job() for _ in range(4)))

            asyncio.run(main())
        """)
        self.assertEqual([e["value"] for e in one.events("limit")], [2])
        self.assertEqual(one.events("semaphores"), [])
        both = Run("""
            import asyncio

            async def main():
                sem, lock = asyncio.Semaphore(2), asyncio.Lock()
                async def job():
                    async with sem:
                        async with lock:
                            await asyncio.sleep(1)
                await asyncio.gather(*(job() for _ in range(4)))

            asyncio.run(main())
        """)
        self.assertEqual([(e["value"], e.get("private")) for e in both.events("semaphores")], [(2, None), (2, 0)])
        self.assertEqual(max(e["value"] for e in both.events("permits")), 3)  # 2 of the Semaphore, the Lock


    def test_two_semaphores_and_a_lock_are_told_apart(self):
        # A global limit of 3 and a per-host limit of 1 (two hosts), a Lock
        # beside them: each has its "primitive" line (its class, size and
        # the program's line that made it) once a second exists, and its own
        # "held" count, which never passes its size while "permits" counts
        # them all together.
        run = Run("""
            import asyncio

            async def fetch(total, per_host, lock, host):
                async with total:
                    async with per_host[host]:
                        await asyncio.sleep(1)
                async with lock:
                    await asyncio.sleep(0.1)

            async def main():
                total = asyncio.BoundedSemaphore(3)
                per_host = {h: asyncio.Semaphore(1) for h in "ab"}
                lock = asyncio.Lock()
                await asyncio.gather(*(fetch(total, per_host, lock, "aab"[i % 3]) for i in range(6)))

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        made = [(e["sem"], e["kind"], e["value"], e.get("line")) for e in run.events("primitive")]
        self.assertEqual(made, [(0, "BoundedSemaphore", 3, 11), (1, "Semaphore", 1, 12), (2, "Semaphore", 1, 12),
                                (3, "Lock", 1, 13)])
        held = {}
        for e in run.lines:
            if e["ev"] == "held":
                held[e["sem"]] = e["value"]
                sizes = {0: 3, 1: 1, 2: 1, 3: 1}
                self.assertLessEqual(e["value"], sizes[e["sem"]], e)
        self.assertEqual(held, {0: 0, 1: 0, 2: 0, 3: 0})
        peaks = {k: max(e["value"] for e in run.events("held") if e["sem"] == k) for k in range(4)}
        self.assertEqual(peaks, {0: 3, 1: 1, 2: 1, 3: 1})
        # Host "a" (four of the six requests) is the bottleneck: its one
        # permit is held 4 s of the run, host "b"'s 2 s.
        busy = {1: 0.0, 2: 0.0}
        since = {}
        for e in run.events("held"):
            if e["sem"] in busy:
                if e["value"] == 1:
                    since[e["sem"]] = e["t"]
                else:
                    busy[e["sem"]] += e["t"] - since.pop(e["sem"])
        self.assertEqual(busy, {1: 4.0, 2: 2.0})

    def test_a_condition_is_told_apart_by_its_own_name(self):
        # A Condition made without a lock makes a Lock of its own: its
        # "primitive" line names the Condition (and its line); wait()
        # releases it while the consumer waits.
        run = Run("""
            import asyncio

            async def main():
                sem = asyncio.Semaphore(2)
                cond = asyncio.Condition()
                items = []
                async def consumer():
                    async with cond:
                        await cond.wait_for(lambda: items)
                        items.pop()
                async def producer():
                    async with sem:
                        await asyncio.sleep(1)
                        async with cond:
                            items.append(1)
                            cond.notify()
                await asyncio.gather(consumer(), producer())

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([(e["kind"], e["value"], e["line"]) for e in run.events("primitive")],
                         [("Semaphore", 2, 4), ("Condition", 1, 5)])
        cond = [(e["t"], e["value"]) for e in run.events("held") if e["sem"] == 1]
        self.assertEqual(cond, [(0.0, 1), (0.0, 0), (1.0, 1), (1.0, 0), (1.0, 1), (1.0, 0)])
        # A Barrier's Condition's Lock: named after the Barrier.
        barrier = Run("""
            import asyncio

            async def main():
                sem = asyncio.Semaphore(2)
                barrier = asyncio.Barrier(2)
                async def job():
                    async with sem:
                        await asyncio.sleep(1)
                    await barrier.wait()
                await asyncio.gather(job(), job())

            asyncio.run(main())
        """)
        self.assertEqual([(e["kind"], e["line"]) for e in barrier.events("primitive")],
                         [("Semaphore", 4), ("Barrier", 5)])

    def test_a_permit_the_main_coroutine_holds_is_counted_as_its_release_is(self):
        # main() (no lane) takes a Lock while three tasks hold the
        # Semaphore's three permits: 4 held, then 3 when it lets go (its
        # release was always counted; its acquire was not: 2 was written).
        run = Run("""
            import asyncio

            async def main():
                sem = asyncio.Semaphore(3)
                async def job():
                    async with sem:
                        await asyncio.sleep(1)
                tasks = [asyncio.create_task(job()) for _ in range(3)]
                await asyncio.sleep(0.5)
                lock = asyncio.Lock()
                async with lock:
                    await asyncio.sleep(0.1)
                async with sem:            # main() waits for a permit too
                    pass
                await asyncio.gather(*tasks)

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        permits = [(e["t"], e["value"]) for e in run.events("permits")]
        # At 1.0 the three tasks' sleeps end in one iteration: their releases
        # (the first wakes main()), then main() resumes holding a permit.
        self.assertEqual(permits, [(0.0, 1), (0.0, 2), (0.0, 3), (0.5, 4), (0.6, 3),
                                   (1.0, 2), (1.0, 1), (1.0, 0), (1.0, 1), (1.0, 0)])
        held = [(e["t"], e["sem"], e["value"]) for e in run.events("held")]
        self.assertIn((0.5, 0, 3), held)   # the Semaphore's, told apart once the Lock is made
        self.assertIn((0.5, 1, 1), held)   # main()'s Lock
        self.assertEqual(held[-1][2], 0)

    def test_a_gate_main_widens_by_hand_holds_what_its_tasks_hold(self):
        # Semaphore(1) as a gate; main() (no lane, holding nothing) calls
        # release() at 0.3: the semaphore grows to two, nobody gave a permit
        # back. Two tasks hold it from 0.3 (was written as one: the release
        # counted as a permit returned while task 1 still held its own).
        run = Run("""
            import asyncio

            async def runner(gate):
                async with gate:
                    await asyncio.sleep(0.2)

            async def main():
                gate = asyncio.Semaphore(1)
                tasks = [asyncio.create_task(runner(gate)) for _ in range(4)]
                await asyncio.sleep(0.3)
                gate.release()
                await asyncio.gather(*tasks)

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        permits = [(round(e["t"], 6), e["value"]) for e in run.events("permits")]
        # Task 0 holds 0-0.2, task 1 0.2-0.4, task 2 from the widening at
        # 0.3 to 0.5, task 3 from task 1's release at 0.4 to 0.6.
        self.assertEqual(permits, [(0.0, 1), (0.2, 0), (0.2, 1), (0.3, 2), (0.4, 1), (0.4, 2), (0.5, 1),
                                   (0.6, 0)])

    def test_a_permit_a_timer_gives_back_for_its_task_is_given_back(self):
        # A rate limiter: each task takes a permit and a timer gives it back
        # 0.5 s later (the task has ended by then): permits held go back
        # down (a callback's release is no gate widened, as main()'s is).
        run = Run("""
            import asyncio

            async def call(sem):
                await sem.acquire()
                asyncio.get_running_loop().call_later(0.5, sem.release)
                await asyncio.sleep(0.1)

            async def main():
                sem = asyncio.Semaphore(2)
                await asyncio.gather(*(call(sem) for _ in range(4)))
                await asyncio.sleep(0.5)

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        # At 0.5 both timers give back (1, 0), then the two waiters resume (1, 2).
        self.assertEqual([e["value"] for e in run.events("permits")], [1, 2, 1, 0, 1, 2, 1, 0])

    def lanes(self, run):
        """{name: [(ev, t), ...]} of each task's permit and end lines."""
        out = {}
        for e in run.lines:
            if "name" in e and e["ev"] in ("request", "running", "gave_up", "release", "done", "cancelled", "failed"):
                out.setdefault(e["name"], []).append((e["ev"], e["t"]))
        return out

    def test_a_permit_taken_through_wait_for_is_held_by_the_task_that_awaits_it(self):
        # On 3.11 wait_for(sem.acquire(), t) runs acquire() in a task of its
        # own, made by the worker; the worker waits for it and holds the
        # permit it took. The worker's lane has the wait and the permit (and
        # a release wakes the worker); the inner task is no lane.
        source = """
            import asyncio

            async def worker(i, sem):
                try:
                    await asyncio.wait_for(sem.acquire(), timeout=1.5)
                except asyncio.TimeoutError:
                    print(f"worker {i} gave up")
                    return
                try:
                    print(f"worker {i} got a permit")
                    await asyncio.sleep(1)
                finally:
                    sem.release()

            async def main():
                sem = asyncio.Semaphore(2)
                await asyncio.gather(*(worker(i, sem) for i in range(6)))

            asyncio.run(main())
        """
        run = Run(source)
        self.assertEqual(run.rc, 0, run.stderr)
        created = run.events("created")
        self.assertEqual([e["name"] for e in created], ["Task-%d" % i for i in range(2, 8)])
        self.assertFalse([e for e in created if "parent" in e], "no inner task of wait_for is a lane")
        lanes = self.lanes(run)
        for name in ("Task-2", "Task-3"):  # workers 0 and 1: a permit at once
            self.assertEqual(lanes[name], [("request", 0.0), ("running", 0.0), ("release", 1.0), ("done", 1.0)])
        for name in ("Task-4", "Task-5"):  # workers 2 and 3: a permit at 1.0, when 0 and 1 release
            self.assertEqual(lanes[name], [("request", 0.0), ("running", 1.0), ("release", 2.0), ("done", 2.0)])
        for name in ("Task-6", "Task-7"):  # workers 4 and 5 wait 1.5 s and give up: no permit
            self.assertEqual(lanes[name], [("request", 0.0), ("gave_up", 1.5), ("done", 1.5)])
        ids = {e["name"]: e["task"] for e in created}
        woke = {e["task"]: e["woke"] for e in run.events("release")}
        self.assertEqual(woke[ids["Task-2"]], ids["Task-4"])
        self.assertEqual(woke[ids["Task-3"]], ids["Task-5"])
        self.assertEqual(max(e["value"] for e in run.events("permits")), 2)
        self.assertEqual(run.events("permits")[-1]["value"], 0)
        # What the program printed, as real CPython prints it (the two that
        # give up at one virtual instant may swap: the timer_tie warning).
        with tempfile.TemporaryDirectory() as tmp:
            prog = os.path.join(tmp, "prog.py")
            with open(prog, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(source))
            real = subprocess.run([sys.executable, prog], capture_output=True, text=True, timeout=60)
        self.assertEqual(sorted(text for _, text in run.printed()), sorted(real.stdout.splitlines(keepends=True)))

    def test_a_lock_taken_through_wait_for_is_held_once_by_the_task_that_awaits_it(self):
        # Three workers try a Lock with wait_for, again after each timeout.
        # Whether acquire() takes the lock at once is decided where it runs
        # (in wait_for's inner task), not where it is called: one holder at
        # a time; each timeout is a gave_up, each try after it a request.
        run = Run("""
            import asyncio

            async def worker(i, lock):
                while True:
                    try:
                        await asyncio.wait_for(lock.acquire(), timeout=0.7)
                        break
                    except asyncio.TimeoutError:
                        print(f"worker {i} still waiting")
                try:
                    await asyncio.sleep(1)
                finally:
                    lock.release()

            async def main():
                lock = asyncio.Lock()
                await asyncio.gather(*(worker(i, lock) for i in range(3)))

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual(len(run.events("created")), 3)
        self.assertEqual([e["value"] for e in run.events("permits")], [1, 0, 1, 0, 1, 0])
        starts = sorted(t for ev, t in sum(self.lanes(run).values(), []) if ev == "running")
        self.assertEqual(starts, [0.0, 1.0, 2.0])
        lanes = sorted(self.lanes(run).values(), key=lambda lane: lane[-1][1])
        self.assertEqual(lanes[0], [("request", 0.0), ("running", 0.0), ("release", 1.0), ("done", 1.0)])
        self.assertEqual(lanes[1], [("request", 0.0), ("gave_up", 0.7), ("request", 0.7), ("running", 1.0),
                                    ("release", 2.0), ("done", 2.0)])
        self.assertEqual(lanes[2], [("request", 0.0), ("gave_up", 0.7), ("request", 0.7), ("gave_up", 1.4),
                                    ("request", 1.4), ("running", 2.0), ("release", 3.0), ("done", 3.0)])
        self.assertEqual(len(run.printed()), 3, "one timeout for the second, two for the third")

    def test_a_task_that_gives_up_its_wait_goes_on_without_a_permit(self):
        # wait_for(sem.acquire(), 0.5) times out while the holder keeps the
        # permit a second: the worker works on without one (its gave_up),
        # then takes the free permit with `async with` (a permit taken at
        # once after running writes no line: the permits count says it).
        run = Run("""
            import asyncio

            async def holder(sem):
                async with sem:
                    await asyncio.sleep(1)

            async def worker(sem):
                try:
                    await asyncio.wait_for(sem.acquire(), timeout=0.5)
                    sem.release()
                except asyncio.TimeoutError:
                    await asyncio.sleep(2)       # the fallback, holding no permit
                async with sem:
                    await asyncio.sleep(1)

            async def main():
                sem = asyncio.Semaphore(1)
                await asyncio.gather(asyncio.create_task(holder(sem)), asyncio.create_task(worker(sem)))

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        lanes = self.lanes(run)
        self.assertEqual(lanes["Task-2"], [("request", 0.0), ("running", 0.0), ("release", 1.0), ("done", 1.0)])
        self.assertEqual(lanes["Task-3"], [("request", 0.0), ("gave_up", 0.5), ("release", 3.5), ("done", 3.5)])
        self.assertEqual([(e["t"], e["value"]) for e in run.events("permits")],
                         [(0.0, 1), (1.0, 0), (2.5, 1), (3.5, 0)])

    def test_a_task_whose_timeout_cuts_its_wait_and_goes_on_gave_up(self):
        # asyncio.timeout() around `async with sem` cancels the wait in the
        # task's own acquire(): the task that catches TimeoutError and works
        # on has a gave_up; one that returns at once ends still waiting (no
        # gave_up); one that tries again at once waits on, unbroken.
        run = Run("""
            import asyncio

            async def job(i, sem, limit):
                try:
                    async with asyncio.timeout(limit):
                        async with sem:
                            await asyncio.sleep(1)
                except TimeoutError:
                    if i == 1:
                        await asyncio.sleep(2)        # a fallback, holding no permit

            async def retry(sem):
                while True:
                    try:
                        async with asyncio.timeout(0.3):
                            async with sem:
                                return
                    except TimeoutError:
                        pass

            async def main():
                sem = asyncio.Semaphore(1)
                await asyncio.gather(job(0, sem, None), job(1, sem, 0.5), job(2, sem, 0.5), retry(sem))

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        lanes = self.lanes(run)
        self.assertEqual(lanes["Task-3"], [("request", 0.0), ("gave_up", 0.5), ("done", 2.5)])
        self.assertEqual(lanes["Task-4"], [("request", 0.0), ("done", 0.5)])
        self.assertEqual(lanes["Task-5"], [("request", 0.0), ("running", 1.0), ("release", 1.0), ("done", 1.0)])

    def test_one_semaphore_has_no_primitive_lines(self):
        run = Run("""
            import asyncio

            async def main():
                sem = asyncio.Semaphore(2)
                async def job():
                    async with sem:
                        await asyncio.sleep(1)
                await asyncio.gather(*(job() for _ in range(3)))

            asyncio.run(main())
        """)
        self.assertEqual((run.events("primitive"), run.events("held")), ([], []))
        self.assertEqual(max(e["value"] for e in run.events("permits")), 2)

    def test_a_refused_bounded_release_frees_its_task_permit(self):
        # The extra-release pitfall under a BoundedSemaphore(2) (example 27's
        # program): task 0's extra release lets a third task in; the last
        # task's own release is refused (ValueError) as it leaves its block,
        # so it holds no permit after it: 0 held at the end, not 1. The
        # refused release's traceback reads as without the tracer.
        program = """
            import asyncio, traceback

            async def job(sem, i):
                async with sem:
                    await asyncio.sleep(1)
                if i == 0:
                    sem.release()          # the extra release

            async def main():
                sem = asyncio.BoundedSemaphore(2)
                results = await asyncio.gather(*(job(sem, i) for i in range(6)), return_exceptions=True)
                print([type(r).__name__ for r in results])
                try:
                    sem.release()          # refused outside any block: nothing held to free
                except ValueError:
                    print(traceback.format_exc())

            asyncio.run(main())
        """
        with tempfile.TemporaryDirectory() as tmp:
            run = Run(program, folder=tmp)
            plain = subprocess.run([sys.executable, "prog.py"], cwd=tmp, capture_output=True, text=True,
                                   timeout=60)
        self.assertEqual(run.rc, 0, run.stderr)
        failed = [e for e in run.lines if e["ev"] == "failed_exc"]
        self.assertEqual([(e["task"], e["exc"], e["t"]) for e in failed], [(5, "ValueError", 3.0)])
        permits = [(e["t"], e["value"]) for e in run.events("permits")]
        self.assertEqual(max(v for _, v in permits), 3)            # three inside a bound of 2 at 1.0 s
        self.assertEqual(permits[-1], (3.0, 0))
        at = run.lines.index(run.events("permits")[-1])
        self.assertLess(at, run.lines.index(run.events("failed")[0]))
        self.assertIn("BoundedSemaphore released too many times", plain.stdout)
        self.assertEqual("".join(text for _, text in run.printed()), plain.stdout)


    @staticmethod
    def inside_and_permits(run):
        """At each instant the program printed "inside N" (its own count of
        tasks inside `async with sem`, printed at each change): (N, the
        permits in use the trace says) after the last of that instant."""
        permits, inside = {}, {}
        for e in run.lines:
            if e["ev"] == "permits":
                permits[e["t"]] = e["value"]
            elif e["ev"] == "output" and e["text"].startswith("inside "):
                inside[e["t"]] = int(e["text"].split()[1])
        last, out = 0, []
        for t in sorted(set(permits) | set(inside)):
            last = permits.get(t, last)
            if t in inside:
                out.append((inside[t], last))
        return out

    def test_permits_count_those_inside_when_a_done_callback_releases_once_too_often(self):
        # Each task releases with `async with` and again in a done callback:
        # the semaphore grows (CPython: five inside at once, _value 10 at
        # the end). The callback's release was counted as a permit given
        # back: 0 in use while four tasks were inside.
        run = Run("""
            import asyncio

            inside = 0

            async def job(i, sem):
                global inside
                async with sem:
                    inside += 1
                    print("inside", inside)
                    await asyncio.sleep(0.5 + 0.1 * i)
                    inside -= 1
                    print("inside", inside)

            async def main():
                sem = asyncio.Semaphore(2)
                tasks = []
                for i in range(8):
                    t = asyncio.create_task(job(i, sem))
                    t.add_done_callback(lambda _t: sem.release())
                    tasks.append(t)
                await asyncio.gather(*tasks)
                print("value", sem._value)

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertIn("value 10\n", [text for t, text in run.printed()])
        pairs = self.inside_and_permits(run)
        self.assertEqual(max(n for n, _ in pairs), 5)
        self.assertEqual([n for n, _ in pairs], [p for _, p in pairs])

    def test_permits_when_a_task_releases_twice_and_when_permits_are_handed_back(self):
        # Task 0 gives its permit back early, then `async with` releases
        # again: the semaphore grows (at 0.3 two tasks are inside: it said
        # 1). A done callback gives back the permit its task kept; a task
        # releases the permit main() took for it: each one fewer in use.
        run = Run("""
            import asyncio

            inside = 0

            async def job(sem, i):
                global inside
                async with sem:
                    if i == 0:
                        sem.release()
                    else:
                        inside += 1
                        print("inside", inside)
                    await asyncio.sleep(0.2 if i else 0.3)
                    if i:
                        inside -= 1
                    print("inside", inside)

            async def kept(sem):
                global inside
                await sem.acquire()
                inside += 1
                print("inside", inside)
                await asyncio.sleep(0.1)

            async def handed(sem):
                global inside
                await asyncio.sleep(0.1)
                inside -= 1
                print("inside", inside)
                sem.release()

            def gave_back(_t):
                global inside
                inside -= 1
                print("inside", inside)

            async def main():
                sem = asyncio.Semaphore(2)
                await asyncio.gather(*(job(sem, i) for i in range(5)))
                t = asyncio.create_task(kept(sem))
                t.add_done_callback(lambda t: (gave_back(t), sem.release()))
                await t
                await asyncio.sleep(0)
                global inside
                await sem.acquire()
                inside += 1
                print("inside", inside)
                await handed(sem)

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        pairs = self.inside_and_permits(run)
        self.assertEqual([n for n, _ in pairs], [p for _, p in pairs], pairs)
        self.assertIn((2, 2), pairs)

    def test_permits_released_by_a_queue_worker_for_the_tasks_that_took_them(self):
        # Takers acquire and hand their number to a releaser through a Queue;
        # the releaser (a Queue worker: its lane is the item's) releases. It
        # holds no permit of its own: each release gives a taker's back (they
        # said 1, 2, 3, 4, 5 "of 2", as if each release grew the semaphore).
        run = Run("""
            import asyncio

            inside = 0

            async def taker(i, sem, q):
                global inside
                await sem.acquire()
                inside += 1
                print("inside", inside)
                await q.put(i)

            async def releaser(sem, q):
                global inside
                for _ in range(5):
                    await q.get()
                    await asyncio.sleep(0.3)
                    inside -= 1
                    print("inside", inside)
                    sem.release()
                    q.task_done()

            async def main():
                sem = asyncio.Semaphore(2)
                q = asyncio.Queue()
                await asyncio.gather(releaser(sem, q), *(taker(i, sem, q) for i in range(5)))
                print("value", sem._value)

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertIn("value 2\n", [text for t, text in run.printed()])
        pairs = self.inside_and_permits(run)
        self.assertEqual([n for n, _ in pairs], [p for _, p in pairs], pairs)
        self.assertLessEqual(max(p for _, p in pairs), 2)

    def test_a_task_cancelled_in_wait_for_acquire_ends_cancelled_without_going_on(self):
        # c2 is cancelled at 0.3 while it waits in wait_for(sem.acquire()):
        # its lane said gave_up (went on without the permit) then cancelled,
        # and the Tasks CSV gave it a running time. c1 catches its cancel and
        # goes on without the permit: that is a gave_up.
        run = Run("""
            import asyncio

            async def client(i, sem):
                try:
                    await asyncio.wait_for(sem.acquire(), timeout=2.0)
                except asyncio.CancelledError:
                    if i == 2:
                        raise
                    await asyncio.sleep(0.1)
                    return
                try:
                    await asyncio.sleep(0.6)
                finally:
                    sem.release()

            async def main():
                sem = asyncio.Semaphore(1)
                cs = [asyncio.create_task(client(i, sem), name="c%d" % i) for i in range(3)]
                await asyncio.sleep(0.3)
                cs[2].cancel()
                cs[1].cancel()
                await asyncio.gather(*cs, return_exceptions=True)

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        c2 = [e["ev"] for e in run.task_named("c2")]
        self.assertEqual(c2, ["created", "request", "cancelled"])
        c1 = [(e["ev"], e["t"]) for e in run.task_named("c1")]
        self.assertIn(("gave_up", 0.3), c1)
        self.assertEqual(c1[-1], ("done", 0.4))

class TaskEnds(unittest.TestCase):
    def test_a_task_that_ends_while_nothing_else_is_ready_ends_then(self):
        # Nothing awaits these tasks when they end (no done callback), and
        # the loop then waits for the next timer: their "done" is when they
        # ended, not when that wait was over (it was: 1.0 and 1.5).
        run = Run("""
            import asyncio

            async def job(i):
                await asyncio.sleep(i)

            async def main():
                tasks = [asyncio.create_task(job(i)) for i in range(3)]
                await asyncio.sleep(1.5)
                await asyncio.gather(*tasks)

            asyncio.run(main())
        """)
        self.assertEqual([(e["t"], e["task"]) for e in run.events("done")], [(0.0, 0), (1.0, 1), (2.0, 2)])


class Determinism(unittest.TestCase):
    SOURCE = """
        import asyncio, random

        async def worker(i, sem, out):
            async with sem:
                await asyncio.sleep(random.random())
                out.append((i, {str(i), "x", "y"}.pop()))

        async def main():
            sem, out = asyncio.Semaphore(3), []
            await asyncio.gather(*(worker(i, sem, out) for i in range(20)))
            print(out, hash("coroscope"))

        asyncio.run(main())
    """

    def test_two_runs_are_byte_identical(self):
        with tempfile.TemporaryDirectory() as tmp:  # the same path: the meta line names it
            first, second = Run(self.SOURCE, folder=tmp), Run(self.SOURCE, folder=tmp)
        self.assertEqual(first.rc, 0, first.stderr)
        self.assertEqual(first.raw, second.raw)
        self.assertEqual(sum(1 for e in first.lines if e["ev"] == "created"), 20)

    def test_as_completed_over_coroutines_makes_their_tasks_in_the_order_given(self):
        # as_completed() makes its tasks from a set of the coroutines (their
        # addresses): the lanes' numbers changed from run to run. In the
        # order given, every run.
        source = """
            import asyncio

            async def job(i):
                await asyncio.sleep(1 + (i % 3) * 0.5)
                return i

            async def main():
                for f in asyncio.as_completed([job(i) for i in range(12)]):
                    await f

            asyncio.run(main())
        """
        with tempfile.TemporaryDirectory() as tmp:
            runs = [Run(source, folder=tmp) for _ in range(3)]
        self.assertEqual(runs[0].rc, 0, runs[0].stderr)
        self.assertTrue(all(r.raw == runs[0].raw for r in runs[1:]))
        # main() is Task-1; the jobs are Task-2.. in the order of the list:
        # job i's lane ends at 1 + (i % 3) * 0.5.
        ends = {e["task"]: e["t"] for e in runs[0].events("done")}
        names = {e["task"]: e["name"] for e in runs[0].events("created")}
        by_name = {names[t]: ends[t] for t in ends}
        self.assertEqual([by_name["Task-%d" % (i + 2)] for i in range(12)], [1 + (i % 3) * 0.5 for i in range(12)])


class Clocks(unittest.TestCase):
    def test_every_clock_reads_the_virtual_time_and_computing_takes_none(self):
        run = Run("""
            import asyncio, time

            def clocks(loop):
                return [loop.time(), time.monotonic(), time.perf_counter(), time.monotonic_ns() / 1e9,
                        time.perf_counter_ns() / 1e9, time.time()]

            async def main():
                loop = asyncio.get_running_loop()
                await asyncio.sleep(1.5)
                before = clocks(loop)
                sum(i * i for i in range(200_000))   # pure computation
                print(before, clocks(loop))

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        (t, text), = [(e["t"], e["text"]) for e in run.lines if e["ev"] == "output"]
        before, after = json.loads("[%s]" % text.replace("] [", "], ["))
        epoch = run.lines[0]["epoch"]
        self.assertEqual(t, 1.5)
        self.assertEqual(before, after, "computing moved no clock")
        self.assertEqual(before[:5], [1.5] * 5)
        self.assertEqual(before[5], epoch + 1.5)


class MainBlocks(unittest.TestCase):
    def test_a_blocking_call_in_main_itself_blocks_the_loop_and_says_so(self):
        run = Run("""
            import asyncio, time

            async def tick():
                for _ in range(4):
                    await asyncio.sleep(0.25)

            async def main():
                tasks = [asyncio.create_task(tick(), name=f"ticker-{i}") for i in range(2)]
                await asyncio.sleep(0.3)
                time.sleep(0.5)
                await asyncio.gather(*tasks)

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        # main() has no lane: its block is a whole-program pair of lines.
        self.assertEqual([(e["ev"], e["t"]) for e in run.lines if e["ev"].startswith("main_cpu")],
                         [("main_cpu_begin", 0.3), ("main_cpu_end", 0.8)])
        self.assertTrue(all("task" not in e for e in run.lines if e["ev"].startswith("main_cpu")))
        # The tickers' timers came due during the block: they end late.
        self.assertEqual([e["t"] for e in run.events("done")], [1.3, 1.3])
        # Their lanes froze when their second sleeps came due (0.5), until they ran again.
        for name in ("ticker-0", "ticker-1"):
            self.assertEqual([(e["ev"], e["t"]) for e in run.task_named(name) if e["ev"] in ("ready", "resumed")],
                             [("ready", 0.5), ("resumed", 0.8)], name)


    def test_main_joining_threads_one_after_the_other_is_one_block(self):
        # main() joins a thread that ends at 0.6, then one that ends at 0.8,
        # on the loop's thread: the loop is blocked from 0.4 to 0.8 without a
        # break, one block (it was two, joined at 0.6: and with
        # ThreadPoolExecutor.shutdown(), which joins a *set* of threads, one
        # or two from run to run of one program).
        run = Run("""
            import asyncio, threading, time

            async def main():
                ts = [threading.Thread(target=time.sleep, args=(d,)) for d in (0.2, 0.4)]
                await asyncio.sleep(0.4)
                for t in ts:
                    t.start()
                for t in ts:
                    t.join()

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([(e["ev"], e["t"]) for e in run.lines if e["ev"].startswith("main_cpu")],
                         [("main_cpu_begin", 0.4), ("main_cpu_end", 0.8)])

    def test_a_pool_shut_down_once_its_jobs_are_done_blocks_nothing(self):
        # `with ThreadPoolExecutor(2) as pool:` around a gather of its jobs:
        # at the block's end every job is done, and the shutdown's join of
        # its idle threads takes no time. It wrote main_cpu_begin/end at
        # 1.5 s, one instant: the timeline's key listed "blocking the loop
        # (cpu)" over a run with no block to see. One whose jobs still run
        # at the shutdown blocks the loop until they end, as before.
        run = Run("""
            import asyncio, time
            from concurrent.futures import ThreadPoolExecutor

            async def main(wait):
                loop = asyncio.get_running_loop()
                t0 = loop.time()
                with ThreadPoolExecutor(max_workers=2) as pool:
                    jobs = [loop.run_in_executor(pool, time.sleep, 0.5) for _ in range(4)]
                    if wait:
                        await asyncio.gather(*jobs)
                print("left the pool after", round(loop.time() - t0, 1))

            asyncio.run(main(True))
            asyncio.run(main(False))
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual(run.stdout.split(), ["left", "the", "pool", "after", "1.0"] * 2)  # (as CPython 3.11.7)
        blocks = [(e["ev"], e["t"]) for e in run.lines if e["ev"].startswith("main_cpu")]
        # The second run's main() joins the pool's threads at its start (its
        # clock: 1.0 on) while its four jobs run, two at a time: 1.0 s.
        self.assertEqual([ev for ev, _ in blocks], ["main_cpu_begin", "main_cpu_end"])
        self.assertEqual(blocks[1][1] - blocks[0][1], 1.0)

class FrozenLanes(unittest.TestCase):
    """While a task's blocking call holds the loop, the lanes that became
    ready meanwhile are frozen: one "ready" line each (at the block's start
    for a step already queued, at its deadline for a timer that came due),
    and "resumed" when a task of the lane runs again (the engine's rule,
    tests/reference/coroscope_ref.py)."""

    @classmethod
    def setUpClass(cls):
        cls.prog = Run("""
            import asyncio, time

            async def sleeper(d):
                await asyncio.sleep(d)
                await asyncio.sleep(1)

            async def blocker(d):
                time.sleep(d)                 # holds the loop
                await asyncio.sleep(0)
                time.sleep(d)

            async def queued():
                await asyncio.sleep(0)        # its step is queued when c's second block begins

            async def main():
                a = asyncio.create_task(sleeper(0.25), name="a")
                b = asyncio.create_task(sleeper(2.0), name="b")    # due after both blocks
                await asyncio.sleep(0.1)
                c = asyncio.create_task(blocker(0.5), name="c")
                d = asyncio.create_task(queued(), name="d")
                await asyncio.gather(a, b, c, d)
                print(asyncio.events.Handle._run.__name__)

            asyncio.run(main())
        """)

    def moments(self, name):
        return [(e["ev"], e["t"]) for e in self.prog.task_named(name) if e["ev"] in ("ready", "resumed")]

    def test_a_timer_due_in_the_block_freezes_its_lane_from_its_deadline(self):
        self.assertEqual(self.prog.rc, 0, self.prog.stderr)
        # Due at 0.25 in c's first block; its wake-up is queued by the timer
        # run after that block, behind c's second block (0.6-1.1).
        self.assertEqual(self.moments("a"), [("ready", 0.25), ("resumed", 1.1)])

    def test_a_step_queued_at_the_block_s_start_is_frozen_from_it(self):
        # d's first step, queued during c's first block, is no lane yet (the
        # lane begins with it, at 0.6); its next step is queued when c's
        # second block begins: frozen from 0.6 until it runs after it.
        self.assertEqual(self.moments("d"), [("ready", 0.6), ("resumed", 1.1)])
        self.assertEqual([e["t"] for e in self.prog.task_named("d") if e["ev"] == "created"], [0.6])

    def test_the_blocker_and_a_lane_not_due_are_not_frozen(self):
        self.assertEqual(self.moments("c"), [])
        self.assertEqual(self.moments("b"), [])
        ts = [e["t"] for e in self.prog.lines]
        self.assertEqual(ts, sorted(ts))

    def test_a_due_timer_of_a_future_nothing_awaits_yet_is_no_lane_s(self):
        # Its future has no callbacks (None): looked at, it freezes nothing
        # and the program runs as plain Python runs it.
        run = Run("""
            import asyncio, time
            from asyncio import futures

            async def other():
                await asyncio.sleep(0.1)

            async def main():
                loop = asyncio.get_running_loop()
                fut = loop.create_future()
                loop.call_later(0.2, futures._set_result_unless_cancelled, fut, 1)
                t = asyncio.create_task(other(), name="other")
                await asyncio.sleep(0)
                time.sleep(0.5)
                await t
                print(await fut)

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual(run.printed()[-1][1], "1\n")
        self.assertEqual([(e["ev"], e["t"]) for e in run.task_named("other") if e["ev"] in ("ready", "resumed")],
                         [("ready", 0.1), ("resumed", 0.5)])

    def test_once_no_lane_is_frozen_asyncio_s_own_handles_run_again(self):
        self.assertEqual(self.prog.printed()[-1][1], "_run\n")

    def test_a_program_without_a_frozen_lane_runs_asyncio_s_own_handles(self):
        plain = Run("import asyncio\nasyncio.run(asyncio.sleep(1))\n"
                    "print(asyncio.events.Handle._run.__name__)\n")
        self.assertEqual(plain.printed()[-1][1], "_run\n")
        self.assertEqual(plain.events("ready"), [])


class QueueJobs(unittest.TestCase):
    """The items of a program's own asyncio.Queue are lanes, as a scenario's
    `queue` limit's jobs are (coroscope_trace/queues.py): put_wait, enqueue,
    then worker, created, request and running when a task takes one, done
    at its task_done(); workers that wrote no line first have no lane."""

    WORKERS = """
        import asyncio

        async def worker(q):
            while True:
                d = await q.get()
                try:
                    await asyncio.sleep(d)
                    if d == 0.3:
                        raise ValueError(d)
                finally:
                    q.task_done()

        async def main():
            q = asyncio.Queue(maxsize=2)
            ws = [asyncio.create_task(worker(q)) for _ in range(2)]
            for d in (0.5, 0.25, 0.3, 0.5, None):
                await q.put(d)
            await q.join()
            for w in ws:
                w.cancel()
            await asyncio.gather(*ws, return_exceptions=True)
            print("joined")

        asyncio.run(main())
    """

    @classmethod
    def setUpClass(cls):
        cls.prog = Run(cls.WORKERS)

    def lane(self, n):
        """Item n's lines (its name says which item it is)."""
        ids = [e["task"] for e in self.prog.events("created") if e["name"].startswith("item %d:" % n)]
        self.assertEqual(len(ids), 1, ids)
        return [(e["ev"], e["t"]) + ((e["worker"],) if e["ev"] == "worker" else ())
                for e in self.prog.lines if e.get("task") == ids[0]]

    def test_each_item_is_a_lane_and_the_workers_have_none(self):
        self.assertEqual(self.prog.rc, 0, self.prog.stderr)
        names = [e["name"] for e in self.prog.events("created")]
        # Four items, the None sentinel no job; the two workers no lanes.
        self.assertEqual(names, ["item 0: 0.5", "item 1: 0.25", "item 2: 0.3", "item 3: 0.5"])
        self.assertIn("4 tasks", self.prog.stderr)

    def test_an_item_waits_queued_then_runs_in_its_worker_until_task_done(self):
        # maxsize 2: items 0 and 1 go in at once; item 2's put() waits
        # until the workers take items 0 and 1 (at 0.0), then item 3 fits
        # too. Worker 1 ends item 1 at 0.25 and takes item 2; worker 0 ends
        # item 0 at 0.5 and takes item 3.
        self.assertEqual(self.lane(0), [("enqueue", 0.0), ("worker", 0.0, 0), ("created", 0.0),
                                        ("request", 0.0), ("running", 0.0), ("done", 0.5)])
        self.assertEqual(self.lane(2), [("put_wait", 0.0), ("enqueue", 0.0), ("worker", 0.25, 1),
                                        ("created", 0.25), ("request", 0.25), ("running", 0.25),
                                        ("failed", 0.55), ("failed_exc", 0.55)])
        self.assertEqual(self.lane(3)[:3], [("enqueue", 0.0), ("worker", 0.5, 0), ("created", 0.5)])
        self.assertEqual(self.lane(3)[-1], ("done", 1.0))

    def test_a_put_wait_names_its_producer_task_and_not_main(self):
        # main() puts above: no "by" (it has no lane). A producer task with
        # a lane (it printed first) names itself on each put() that waits:
        # maxsize 1, items 1 and 2 wait at 0 (the consumer takes item 0,
        # then item 1, at 0), item 3 at 1; the None sentinel's is no job's.
        self.assertNotIn("by", self.prog.events("put_wait")[0])
        prog = Run("""
            import asyncio

            async def producer(q):
                print("producing")
                for i in range(4):
                    await q.put(i)
                await q.put(None)

            async def consumer(q):
                while (item := await q.get()) is not None:
                    await asyncio.sleep(1)

            async def main():
                q = asyncio.Queue(maxsize=1)
                await asyncio.gather(producer(q), consumer(q))

            asyncio.run(main())
        """)
        self.assertEqual(prog.rc, 0, prog.stderr)
        producer = [e["task"] for e in prog.events("created") if not e["name"].startswith("item ")]
        self.assertEqual(len(producer), 1, prog.events("created"))
        waits = prog.events("put_wait")
        self.assertEqual([(e["t"], e.get("by")) for e in waits],
                         [(0.0, producer[0]), (0.0, producer[0]), (1.0, producer[0])])

    def test_a_worker_that_slept_first_is_named_a_queue_worker_and_counts_as_no_task(self):
        # Its created line is written before its first get() (it slept):
        # a queue_worker line names its lane, which the summary leaves out.
        prog = Run("""
            import asyncio

            async def worker(n, q):
                await asyncio.sleep(0.1 * n)
                while True:
                    await q.get()
                    await asyncio.sleep(0.5)
                    q.task_done()

            async def main():
                q = asyncio.Queue()
                for i in range(4):
                    q.put_nowait(i)
                ws = [asyncio.create_task(worker(n, q)) for n in range(2)]
                await q.join()
                for w in ws:
                    w.cancel()
                await asyncio.gather(*ws, return_exceptions=True)

            asyncio.run(main())
        """)
        self.assertEqual(prog.rc, 0, prog.stderr)
        workers = {e["task"]: e["name"] for e in prog.events("created") if not e["name"].startswith("item ")}
        self.assertEqual(sorted(workers.values()), ["Task-2", "Task-3"])
        self.assertEqual([(e["t"], workers[e["task"]]) for e in prog.events("queue_worker")],
                         [(0.0, "Task-2"), (0.1, "Task-3")])
        # 4 tasks (the items), none cancelled: the workers' cancel is no task's.
        self.assertIn("4 tasks", prog.stderr)

    def test_a_put_cancelled_while_it_waits_is_written_and_its_item_is_no_task(self):
        # The producer's put() of its fifth item waits for room from 2.0 and
        # is cancelled at 2.5: a put_cancelled line names that item before
        # the producer's own end, and the runner counts 5 tasks (it counted
        # the item never put: 6).
        prog = Run("""
            import asyncio

            async def producer(q):
                for i in range(5):
                    await q.put(i)

            async def worker(q):
                while True:
                    await q.get()
                    await asyncio.sleep(1.0)
                    q.task_done()

            async def main():
                q = asyncio.Queue(maxsize=1)
                w = asyncio.create_task(worker(q))
                p = asyncio.create_task(producer(q))
                await asyncio.sleep(2.5)
                p.cancel()
                await asyncio.gather(p, return_exceptions=True)
                await asyncio.sleep(1.0)
                w.cancel()

            asyncio.run(main())
        """)
        self.assertEqual(prog.rc, 0, prog.stderr)
        waits = {e["task"]: e["t"] for e in prog.events("put_wait")}
        cancelled = prog.events("put_cancelled")
        self.assertEqual([(e["t"], waits.get(e["task"])) for e in cancelled], [(2.5, 2.0)])
        job = cancelled[0]["task"]
        self.assertFalse([e for e in prog.events("enqueue") + prog.events("created") if e["task"] == job])
        producer = [e["task"] for e in prog.events("created") if e["name"] == "Task-3"]
        order = [(e["ev"], e["task"]) for e in prog.lines if e["t"] == 2.5]
        self.assertEqual(order, [("put_cancelled", job), ("cancelled", producer[0])])
        self.assertIn("5 tasks", prog.stderr)

    def test_a_worker_that_asked_for_a_permit_first_is_a_queue_worker_too(self):
        # `async with sem:` around get(): its request and running lines come
        # before its first get(). It is a worker all the same: 6 items, 3
        # queue workers (it counted as a task: 9 tasks, 3 of them cancelled).
        prog = Run("""
            import asyncio

            async def worker(q, sem):
                while True:
                    async with sem:
                        await q.get()
                        await asyncio.sleep(1.0)
                        q.task_done()

            async def main():
                q = asyncio.Queue()
                sem = asyncio.Semaphore(2)
                ws = [asyncio.create_task(worker(q, sem)) for _ in range(3)]
                for i in range(6):
                    await q.put(i)
                await q.join()
                for w in ws:
                    w.cancel()

            asyncio.run(main())
        """)
        self.assertEqual(prog.rc, 0, prog.stderr)
        workers = {e["task"]: e["name"] for e in prog.events("created") if not e["name"].startswith("item ")}
        self.assertEqual(sorted(workers.values()), ["Task-2", "Task-3", "Task-4"])
        # The third asks for a permit at 0 and waits for it until 1.0: its first get().
        self.assertEqual([(e["t"], workers[e["task"]]) for e in prog.events("queue_worker")],
                         [(0.0, "Task-2"), (0.0, "Task-3"), (1.0, "Task-4")])
        self.assertIn("6 tasks", prog.stderr)

    def test_a_permit_given_back_after_task_done_is_given_back(self):
        # task_done() inside `async with sem:`: the item ends there, its
        # worker (no lane again) gives the permit back after: one held at a
        # time, never more (it is no extra release, as main()'s would be).
        prog = Run("""
            import asyncio

            async def worker(q, sem):
                while True:
                    await q.get()
                    async with sem:
                        try:
                            await asyncio.sleep(0.5)
                        finally:
                            q.task_done()

            async def main():
                q = asyncio.Queue()
                sem = asyncio.Semaphore(1)
                for i in range(3):
                    q.put_nowait(i)
                ws = [asyncio.create_task(worker(q, sem)) for _ in range(2)]
                await q.join()
                for w in ws:
                    w.cancel()
                await asyncio.gather(*ws, return_exceptions=True)

            asyncio.run(main())
        """)
        self.assertEqual(prog.rc, 0, prog.stderr)
        self.assertEqual([e["value"] for e in prog.events("permits")], [1, 0, 1, 0, 1, 0])

    def test_an_exception_on_its_way_at_task_done_fails_the_item(self):
        # Item 2's ValueError passes task_done() in the worker's `finally:`.
        failed = [e for e in self.prog.events("failed_exc")]
        self.assertEqual([(e["name"], e["exc"]) for e in failed], [("item 2: 0.3", "ValueError")])
        # The workers' cancellation at the end is no lane's.
        self.assertEqual(self.prog.events("cancelled"), [])

    def test_a_worker_killed_by_an_item_fails_it_and_join_never_returns(self):
        prog = Run("""
            import asyncio

            async def worker(q):
                while True:
                    n = await q.get()
                    await asyncio.sleep(0.1)
                    if n == 1:
                        raise ValueError(n)     # no try/finally: no task_done, the worker dies
                    q.task_done()

            async def main():
                q = asyncio.Queue()
                for n in range(3):
                    q.put_nowait(n)
                w = asyncio.create_task(worker(q))
                await q.join()

            asyncio.run(main())
        """)
        self.assertEqual(prog.last()["outcome"], "deadlock")
        ends = [(e["ev"], e["t"], e["name"]) for e in prog.lines if e["ev"] in ("done", "failed", "cancelled")]
        self.assertEqual(ends, [("done", 0.1, "item 0: 0"), ("failed", 0.2, "item 1: 1")])
        # Item 2 was never taken: queued to the end, no created line.
        self.assertEqual([e["ev"] for e in prog.lines if e.get("task") == 2], ["enqueue"])

    def test_a_cancelled_worker_cancels_the_item_it_holds(self):
        prog = Run("""
            import asyncio

            async def worker(q):
                while True:
                    await asyncio.sleep(await q.get())
                    q.task_done()

            async def main():
                q = asyncio.Queue()
                q.put_nowait(1.0)
                w = asyncio.create_task(worker(q))
                await asyncio.sleep(0.5)
                w.cancel()

            asyncio.run(main())
        """)
        # The item (put before the worker was made: lane 0) is cancelled
        # with its worker, mid-sleep.
        self.assertEqual([(e["ev"], e["t"]) for e in prog.lines if e.get("task") == 0],
                         [("enqueue", 0.0), ("worker", 0.0), ("created", 0.0), ("request", 0.0),
                          ("running", 0.0), ("cancelled", 0.5)])
        self.assertEqual(prog.events("cancelled")[0]["t"], 0.5)

    def test_a_priority_queue_item_is_the_one_taken(self):
        prog = Run("""
            import asyncio

            async def main():
                q = asyncio.PriorityQueue()
                for p in (3, 1, 2):
                    q.put_nowait((p, "p%d" % p))
                while not q.empty():
                    await asyncio.sleep(0.1)
                    q.get_nowait()
                    q.task_done()

            asyncio.run(main())
        """)
        # Lanes in put order (ids 0, 1, 2: p3, p1, p2), taken by priority:
        # main() takes them (no lane of its own: "worker" 0) and ends each at its task_done().
        took = [(e["task"], e["t"]) for e in prog.events("created")]
        self.assertEqual(took, [(1, 0.1), (2, 0.2), (0, 0.30000000000000004)])
        self.assertEqual([e["name"] for e in prog.events("created")],
                         ["item 0: (1, 'p1')", "item 1: (2, 'p2')", "item 2: (3, 'p3')"])
        self.assertEqual([(e["task"], e["t"]) for e in prog.events("done")], took)

    def test_a_worker_that_prints_first_has_no_lane_either(self):
        prog = Run("""
            import asyncio

            async def worker(name, q):
                print(name, "starting")        # before its first get()
                while True:
                    await asyncio.sleep(await q.get())
                    q.task_done()

            async def main():
                q = asyncio.Queue()
                q.put_nowait(0.5)
                w = asyncio.create_task(worker("w", q), name="w")
                await q.join()
                w.cancel()

            asyncio.run(main())
        """)
        self.assertEqual([e["name"] for e in prog.events("created")], ["item 0: 0.5"])
        out = [e for e in prog.events("output")]
        self.assertEqual([e["text"] for e in out], ["w starting\n"])
        self.assertNotIn("task", out[0])
        self.assertEqual(prog.events("cancelled"), [])

    def test_a_worker_with_a_line_of_its_own_first_keeps_its_lane_between_items(self):
        prog = Run("""
            import asyncio

            async def worker(q):
                await asyncio.sleep(0.1)        # its created line is written before its first get()
                while True:
                    await asyncio.sleep(await q.get())
                    q.task_done()

            async def main():
                q = asyncio.Queue()
                q.put_nowait(0.5)
                w = asyncio.create_task(worker(q), name="w")
                await q.join()
                w.cancel()

            asyncio.run(main())
        """)
        self.assertEqual([(e["ev"], e["t"]) for e in prog.task_named("w")], [("created", 0.0), ("cancelled", 0.6)])
        self.assertEqual([(e["ev"], e["t"]) for e in prog.lines if e.get("name") == "item 0: 0.5"],
                         [("created", 0.1), ("request", 0.1), ("running", 0.1), ("done", 0.6)])

    def test_on_a_queue_without_task_done_an_item_ends_when_its_taker_asks_for_the_next(self):
        prog = Run("""
            import asyncio

            async def consumer(q):
                while (x := await q.get()) is not None:
                    await asyncio.sleep(x)      # its work on x; no task_done(): a channel

            async def main():
                q = asyncio.Queue()
                c = asyncio.create_task(consumer(q))
                for x in (0.5, 0.25):
                    q.put_nowait(x)
                    await asyncio.sleep(1)
                q.put_nowait(None)
                await c

            asyncio.run(main())
        """)
        self.assertEqual(prog.last()["outcome"], "ok")
        ends = [(e["name"], e["t"]) for e in prog.events("done")]
        # Each item from its take to the consumer's next get(): 0.5 and 0.25 s of work.
        self.assertEqual(ends, [("item 0: 0.5", 0.5), ("item 1: 0.25", 1.25)])
        self.assertEqual([(e["name"], e["t"]) for e in prog.events("created")],
                         [("item 0: 0.5", 0.0), ("item 1: 0.25", 1.0)])

    def test_items_main_takes_from_a_channel_end_when_it_asks_again(self):
        prog = Run("""
            import asyncio

            async def main():
                q = asyncio.Queue()
                loop = asyncio.get_running_loop()
                for k, x in enumerate((1, 2, None)):
                    loop.call_later(0.2 * (k + 1), q.put_nowait, x)
                while (x := await q.get()) is not None:
                    print("got", x)

            asyncio.run(main())
        """)
        self.assertEqual([(e["name"], e["t"]) for e in prog.events("done")],
                         [("item 0: 1", 0.2), ("item 1: 2", 0.4)])

    def test_asyncio_s_own_queues_are_no_lanes(self):
        prog = Run("""
            import asyncio

            async def main():
                for f in asyncio.as_completed([asyncio.sleep(0.1), asyncio.sleep(0.2)]):
                    await f

            asyncio.run(main())
        """)
        self.assertEqual(prog.events("enqueue"), [])
        self.assertEqual(prog.events("worker"), [])


    @staticmethod
    def ends(run):
        """{item's name: (terminal event, t)} of a run's item lanes, and its workers' lanes."""
        names = {e["task"]: e["name"] for e in run.events("created")}
        return {names[e["task"]]: (e["ev"], e["t"]) for e in run.lines
                if e["ev"] in ("done", "failed", "cancelled") and e["task"] in names}

    def test_a_task_done_ends_the_item_the_worker_works_on(self):
        # Item 1 raises and its except: forgets task_done(): each later
        # task_done() ended the oldest item the worker held, so item 1 was
        # "done" at 1.5, item 2 ran to 2.0 and item 3, done at 2.0 (the
        # program printed it), was "cancelled" at 3.0.
        run = Run("""
            import asyncio

            async def worker(q):
                while True:
                    item = await q.get()
                    try:
                        await asyncio.sleep(0.5)
                        if item == 1:
                            raise RuntimeError(item)
                        print("ok", item)
                        q.task_done()
                    except RuntimeError:
                        print("error", item)

            async def main():
                q = asyncio.Queue()
                for i in range(4):
                    q.put_nowait(i)
                w = asyncio.create_task(worker(q))
                try:
                    await asyncio.wait_for(q.join(), 3.0)
                except asyncio.TimeoutError:
                    print("unfinished", q._unfinished_tasks)
                w.cancel()

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([text for t, text in run.printed()],
                         ["ok 0\n", "error 1\n", "ok 2\n", "ok 3\n", "unfinished 1\n"])
        ends = self.ends(run)
        self.assertEqual(ends["item 0: 0"], ("done", 0.5))
        self.assertEqual(ends["item 2: 2"], ("done", 1.5))
        self.assertEqual(ends["item 3: 3"], ("done", 2.0))
        self.assertEqual(ends["item 1: 1"][0], "cancelled")  # never task_done(): held until the worker's end

    def test_a_worker_with_a_lane_that_dies_ends_its_lane_too(self):
        # Workers sleep before their first get() (a lane each, queue_worker);
        # w1 raises on its second item: its lane ran on to the run's end.
        run = Run("""
            import asyncio

            async def worker(name, q, delay):
                await asyncio.sleep(delay)
                n = 0
                while True:
                    job = await q.get()
                    await asyncio.sleep(0.3)
                    n += 1
                    if name == "w1" and n == 2:
                        raise RuntimeError(job)
                    q.task_done()

            async def main():
                q = asyncio.Queue()
                for i in range(5):
                    q.put_nowait(i)
                ws = [asyncio.create_task(worker("w%d" % i, q, 0.1 * i), name="w%d" % i) for i in range(2)]
                done, _ = await asyncio.wait(ws, return_when=asyncio.FIRST_COMPLETED)
                print([t.get_name() for t in done])
                for w in ws:
                    w.cancel()
                await asyncio.gather(*ws, return_exceptions=True)

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        ends = self.ends(run)
        w1 = [e for e in run.events("failed") if e["name"] == "w1"]
        self.assertEqual(len(w1), 1, run.lines)
        self.assertEqual(ends["w1"], ("failed", 0.7))  # took items 1 (at 0.1) and 3 (at 0.4)
        self.assertEqual(ends["item 3: 3"], ("failed", 0.7))
        self.assertEqual(ends["w0"][0], "cancelled")

    def test_an_items_lane_name_has_no_address_so_runs_are_the_same(self):
        # A pool of connection objects: "item 0: <__main__.Conn object at
        # 0x7ffff6d2d310>" made two runs of one program differ.
        source = """
            import asyncio

            class Conn:
                pass

            async def main():
                q = asyncio.Queue()
                for _ in range(2):
                    q.put_nowait(Conn())
                c = await q.get()
                await asyncio.sleep(0.1)
                q.put_nowait(c)

            asyncio.run(main())
        """
        with tempfile.TemporaryDirectory() as folder:
            one, two = Run(source, folder=folder), Run(source, folder=folder)
        self.assertEqual(one.rc, 0, one.stderr)
        names = [e["name"] for e in one.events("created")]
        self.assertIn("item 0: <__main__.Conn object>", names)
        self.assertEqual(one.raw, two.raw)

    def test_a_lifo_queue_gives_the_same_object_put_last(self):
        # "a" (one interned string) put at 0, 0.4 and 0.8 into a LifoQueue:
        # the take at 0.5 is the one put at 0.4 (0.1 s queued), the one put
        # at 0 is taken last, at 1.7. Items were matched first in, first out.
        run = Run("""
            import asyncio

            async def main():
                q = asyncio.LifoQueue()

                async def producer():
                    for url in ["a", "b", "a", "c", "a"]:
                        await q.put(url)
                        await asyncio.sleep(0.2)

                async def consumer():
                    await asyncio.sleep(0.5)
                    while True:
                        await q.get()
                        await asyncio.sleep(0.3)
                        q.task_done()

                p = asyncio.create_task(producer())
                c = asyncio.create_task(consumer())
                await p
                await q.join()
                c.cancel()

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        put = {e["task"]: e["t"] for e in run.events("enqueue")}
        taken = {e["name"]: (put[e["task"]], e["t"]) for e in run.events("created") if e["task"] in put}
        self.assertEqual(sorted(v for k, v in taken.items() if k.endswith(": a")),
                         [(0.0, 1.7000000000000002), (0.4, 0.5), (0.8, 1.1)])

class QueueTaskDoneExtra(unittest.TestCase):
    """A task_done() with no item of the queue taken and not yet done (one
    item's task_done() called twice): CPython raises no ValueError while the
    queue's count is above zero, so join() returns while an item is still
    worked on and main() cancels it. The tracer says so once per queue
    (task_done_extra, at the call's line). Was: nothing said; the item just
    ended cancelled. A stop sentinel's task_done() is no extra one."""

    def test_a_second_task_done_for_one_item_is_told_at_its_line(self):
        prog = Run("""
            import asyncio

            async def worker(q):
                while True:
                    item = await q.get()
                    await asyncio.sleep(0.1 * item)
                    q.task_done()
                    if item == 1:
                        q.task_done()          # one too many

            async def main():
                q = asyncio.Queue()
                for i in range(1, 4):
                    q.put_nowait(i)
                ws = [asyncio.create_task(worker(q)) for _ in range(2)]
                await q.join()
                print("joined")
                for w in ws:
                    w.cancel()

            asyncio.run(main())
        """)
        self.assertEqual(prog.rc, 0, prog.stderr)
        # As CPython: join() returns at 0.2, when item 3 (taken at 0.1, due at 0.4) is cut off.
        self.assertEqual(prog.printed(), [(0.2, "joined\n")])
        self.assertEqual([(e["name"], e["t"]) for e in prog.events("cancelled")], [("item 2: 3", 0.2)])
        warnings = [w for w in prog.events("warning") if w["kind"] == "task_done_extra"]
        self.assertEqual([(w["t"], w["file"], w["line"]) for w in warnings], [(0.1, "prog.py", 9)])
        self.assertIn("join() can return while items are still being worked on", warnings[0]["message"])

    def test_a_stop_sentinel_s_task_done_is_no_extra_one(self):
        prog = Run("""
            import asyncio

            async def worker(q):
                while True:
                    item = await q.get()
                    try:
                        if item is None:
                            return
                        await asyncio.sleep(0.1)
                    finally:
                        q.task_done()

            async def main():
                q = asyncio.Queue()
                for i in range(4):
                    q.put_nowait(i)
                for _ in range(2):
                    q.put_nowait(None)
                await asyncio.gather(worker(q), worker(q))
                await q.join()

            asyncio.run(main())
        """)
        self.assertEqual(prog.rc, 0, prog.stderr)
        self.assertEqual([w["kind"] for w in prog.events("warning")], [])
        self.assertEqual(len(prog.events("done")), 4)


class QueueWaitFor(unittest.TestCase):
    """`await asyncio.wait_for(q.get(), t)` and `wait_for(q.put(x), t)`: in
    CPython 3.11 wait_for runs the get() or put() in an inner task, a new one
    per call, but the item is the caller's, as a permit taken by
    `wait_for(sem.acquire(), t)` is: the caller is the queue's worker (or
    producer), and the inner tasks are no lanes and no tasks. The real run
    (CPython, real time) is the reference for when each item was worked on."""

    IDLE_WORKERS = """
        import asyncio

        async def worker(name, q):
            loop = asyncio.get_running_loop()
            while True:
                try:
                    item, d = await asyncio.wait_for(q.get(), timeout=0.5)
                except TimeoutError:
                    print(f"{loop.time() - T0:.1f} {name} idle")
                    return
                await asyncio.sleep(d)
                print(f"{loop.time() - T0:.1f} {name} did {item}")
                q.task_done()

        async def main():
            global T0
            T0 = asyncio.get_running_loop().time()
            q = asyncio.Queue()
            for item, d in [("a", 0.2), ("b", 0.3), ("c", 0.1), ("d", 0.4), ("e", 0.2)]:
                q.put_nowait((item, d))
            await asyncio.gather(worker("w0", q), worker("w1", q))

        asyncio.run(main())
    """

    def test_an_item_got_with_a_timeout_runs_in_its_worker_until_task_done(self):
        run = Run(self.IDLE_WORKERS)
        self.assertEqual(run.rc, 0, run.stderr)
        printed = "".join(text for _, text in run.printed())
        code, real = real_run(self.IDLE_WORKERS, want=printed)
        self.assertEqual((code, real), (0, printed))
        # Each item's lane ends where the real run's worker said it was done
        # with it (it was taken and drawn done at once: 0 s of work each).
        did = {line.split()[-1]: float(line.split()[0]) for line in real.splitlines() if " did " in line}
        self.assertEqual(sorted(did), ["a", "b", "c", "d", "e"])
        for e in run.events("created"):
            self.assertTrue(e["name"].startswith("item "), e)  # (wait_for's inner tasks: no lanes)
            item = e["name"].split("'")[1]
            ends = [x["t"] for x in run.lines if x.get("task") == e["task"] and x["ev"] in ("done", "failed")]
            self.assertEqual(len(ends), 1, e)
            self.assertEqual(round(ends[0], 1), did[item], e)
            self.assertGreater(ends[0], e["t"], e)
        # Two workers took them (not a new one per get()), and each
        # task_done() ended the item its worker held: none was one too many.
        self.assertEqual({e["worker"] for e in run.events("worker")}, {0, 1})
        self.assertEqual([w for w in run.events("warning") if w["kind"] == "task_done_extra"], [])
        self.assertIn("5 tasks", run.stderr)

    def test_an_item_got_by_a_task_raced_against_a_stop_event_is_its_awaiter_s(self):
        # getter = create_task(q.get()) raced against stop.wait(): the getter
        # hands its item over and ends at once. Each item was drawn done 0 s
        # after its take (CPython worked on them 0.2, 0.3, 0.1 s) and the
        # consumer's task_done() was "one too many" (task_done_extra).
        source = """
            import asyncio

            async def consumer(q, stop):
                loop = asyncio.get_running_loop()
                while True:
                    getter = asyncio.create_task(q.get())
                    stopper = asyncio.create_task(stop.wait())
                    done, pending = await asyncio.wait({getter, stopper}, return_when=asyncio.FIRST_COMPLETED)
                    for t in pending:
                        t.cancel()
                    if getter not in done:
                        return
                    item, d = getter.result()
                    await asyncio.sleep(d)
                    print(f"{loop.time() - T0:.1f} did {item}")
                    q.task_done()

            async def main():
                global T0
                T0 = asyncio.get_running_loop().time()
                q, stop = asyncio.Queue(), asyncio.Event()
                c = asyncio.create_task(consumer(q, stop))
                for item, d in [("a", 0.2), ("b", 0.3), ("c", 0.1)]:
                    q.put_nowait((item, d))
                await q.join()
                stop.set()
                await c

            asyncio.run(main())
        """
        run = Run(source)
        self.assertEqual(run.rc, 0, run.stderr)
        printed = "".join(text for _, text in run.printed())
        code, real = real_run(source, want=printed)
        self.assertEqual((code, real), (0, printed))
        did = {line.split()[-1]: float(line.split()[0]) for line in real.splitlines()}
        items = [e for e in run.events("created") if e["name"].startswith("item ")]
        self.assertEqual(len(items), 3)
        for e in items:
            ends = [x["t"] for x in run.lines if x.get("task") == e["task"] and x["ev"] == "done"]
            self.assertEqual([round(t, 1) for t in ends], [did[e["name"].split("'")[1]]], e)
        self.assertEqual({e["worker"] for e in run.events("worker")}, {0})
        self.assertEqual([w for w in run.events("warning") if w["kind"] == "task_done_extra"], [])

    def test_main_s_put_with_a_timeout_is_main_s_and_a_timed_out_put_is_no_task(self):
        source = """
            import asyncio

            async def consumer(q):
                while True:
                    item = await q.get()
                    await asyncio.sleep(0.5)
                    print(f"consumed {item}")
                    q.task_done()

            async def main():
                q = asyncio.Queue(maxsize=1)
                c = asyncio.create_task(consumer(q))
                for i in range(5):
                    try:
                        await asyncio.wait_for(q.put(i), timeout=0.2)
                    except TimeoutError:
                        print(f"dropped {i}")
                await q.join()
                c.cancel()

            asyncio.run(main())
        """
        run = Run(source)
        self.assertEqual(run.rc, 0, run.stderr)
        printed = "".join(text for _, text in run.printed())
        code, real = real_run(source, want=printed)
        self.assertEqual((code, real), (0, printed))
        consumed = [line.split()[1] for line in real.splitlines() if line.startswith("consumed")]
        dropped = [line for line in real.splitlines() if line.startswith("dropped")]
        self.assertEqual(len(consumed) + len(dropped), 5)
        # The items consumed are the lanes (not wait_for's inner tasks, one
        # per put(), cancelled at each timeout: tasks of an error rate).
        names = [e["name"] for e in run.events("created")]
        self.assertTrue(all(n.startswith("item ") for n in names), names)
        self.assertEqual(sorted(e["name"].split(": ")[1] for e in run.events("created")), sorted(consumed))
        self.assertEqual(run.events("cancelled"), [])
        # The puts that waited for room are main()'s (no producer lane); those the timeout cut, not put.
        self.assertTrue(run.events("put_wait"))
        self.assertTrue(all("by" not in e for e in run.events("put_wait")))
        self.assertEqual(len(run.events("put_cancelled")), len(dropped))


class QueueSlotTokens(unittest.TestCase):
    """A limit of 2 built from a Queue of slot tokens put in first (None,
    ints; a LifoQueue(maxsize=2) filled with `await put(None)` too), each
    task taking one with get() and putting it back: each task's hold is a
    lane that waits in get() from 0 and runs from its take to its return,
    as under a Semaphore(2). With None tokens (read as stop sentinels) the
    run had no lane at all. The printed order is CPython 3.11.7's."""

    SOURCE = """
        import asyncio

        async def job(tokens, k):
            tok = await tokens.get()
            try:
                print("job", k, "starts")
                await asyncio.sleep((0.1, 0.2, 0.15, 0.07, 0.1)[k])
            finally:
                PUT_BACK

        async def main():
            tokens = QUEUE
            for t in TOKENS:
                FILL
            await asyncio.gather(*(job(tokens, k) for k in range(5)))

        asyncio.run(main())
    """
    SHAPES = {
        "None": ("asyncio.Queue()", "[None, None]", "tokens.put_nowait(t)", "tokens.put_nowait(tok)"),
        "ints": ("asyncio.Queue()", "range(2)", "tokens.put_nowait(t)", "tokens.put_nowait(tok)"),
        "None, LifoQueue(2), await put()": ("asyncio.LifoQueue(maxsize=2)", "[None, None]", "await tokens.put(t)",
                                            "await tokens.put(tok)"),
    }

    def test_each_task_waits_in_get_for_a_token_and_runs_while_it_holds_it(self):
        for shape, (queue, tokens, fill, put_back) in self.SHAPES.items():
            with self.subTest(shape=shape), tempfile.TemporaryDirectory() as tmp:
                source = textwrap.dedent(self.SOURCE).replace("QUEUE", queue).replace("TOKENS", tokens) \
                    .replace("FILL", fill).replace("PUT_BACK", put_back)
                run = Run(source, folder=tmp)
                self.assertEqual(run.rc, 0, run.stderr)
                # Jobs 0 and 1 take the tokens at 0; job 2 gets job 0's at
                # 0.1, job 3 job 1's at 0.2, job 4 job 2's at 0.25.
                lanes = {}
                for e in run.lines:
                    if e["ev"] in ("request", "running", "done") and "task" in e:
                        lanes.setdefault(e["task"], []).append((e["ev"], round(e["t"], 9)))
                self.assertEqual(sorted(lanes.values(), key=lambda lane: lane[1][1]), [
                    [("request", 0.0), ("running", 0.0), ("done", 0.1)],
                    [("request", 0.0), ("running", 0.0), ("done", 0.2)],
                    [("request", 0.0), ("running", 0.1), ("done", 0.25)],
                    [("request", 0.0), ("running", 0.2), ("done", 0.27)],
                    [("request", 0.0), ("running", 0.25), ("done", 0.35)]])
                self.assertEqual([e["kind"] for e in run.events("warning")], ["queue_pool"])
                self.assertEqual("".join(text for _, text in run.printed()), real_run(source)[1])


class QueueSlotTokensAfterPreWork(unittest.TestCase):
    """A limit of 3 from a Queue of slot tokens whose 7 tasks sleep before
    their get() (parse the link first: 0.01 s * k), on the virtual clock.
    Their lanes are written before their first get(): was, each a queue
    worker ("7 tasks + 7 queue workers"), its lane idle in get() beside a
    lane per take named after the token. Now each borrows on its own lane
    (no worker, no token lane): it asks where its get() began to wait and
    runs from its take, as under a Semaphore(3); the printed lines are a
    plain CPython 3.11.7 run's."""

    SOURCE = """
        import asyncio

        async def crawl(limit, k):
            await asyncio.sleep(0.01 * k)      # parse the link first
            slot = await limit.get()
            try:
                print("fetch", k, "in slot", slot)
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

    def test_each_task_waits_in_get_on_its_own_lane_and_none_is_a_worker(self):
        for tokens in ("range(3)", "[None] * 3"):
            with self.subTest(tokens=tokens), tempfile.TemporaryDirectory() as tmp:
                source = textwrap.dedent(self.SOURCE).replace("TOKENS", tokens)
                run = Run(source, folder=tmp)
                self.assertEqual(run.rc, 0, run.stderr)
                self.assertEqual([e for e in run.lines if e["ev"] in ("queue_worker", "get_wait", "enqueue")], [])
                names = {e["task"]: e["name"] for e in run.events("created")}
                self.assertEqual(sorted(names.values()), ["Task-%d" % k for k in range(2, 9)])
                lanes = {}
                for e in run.lines:
                    if e["ev"] in ("request", "worker", "running", "done") and "task" in e:
                        self.assertIn(e["task"], names, e)
                        lanes.setdefault(names[e["task"]], []).append((e["ev"], round(e["t"], 9)))
                # Task k asks at 0.01 k; 0, 1 and 2 take a token at once,
                # 3, 4 and 5 get 0's, 1's and 2's at 0.1, 0.11, 0.12, and 6
                # gets 3's at 0.2.
                at_once = lambda k: [("worker", k / 100), ("request", k / 100), ("running", k / 100),
                                     ("done", round(k / 100 + 0.1, 9))]
                waited = lambda k, got: [("request", k / 100), ("worker", got), ("running", got),
                                         ("done", round(got + 0.1, 9))]
                self.assertEqual(lanes, {"Task-2": at_once(0), "Task-3": at_once(1), "Task-4": at_once(2),
                                         "Task-5": waited(3, 0.1), "Task-6": waited(4, 0.11),
                                         "Task-7": waited(5, 0.12), "Task-8": waited(6, 0.2)})
                self.assertEqual([e["kind"] for e in run.events("warning")], ["queue_pool"])
                self.assertEqual("".join(text for _, text in run.printed()), real_run(source)[1])


class QueuePool(unittest.TestCase):
    """A Queue used as a pool of objects (queues.py): a task that puts back
    into a queue the object it took from it (`is`) gives it back. Its
    borrowing (the lane) ends there; the object is no new job: no enqueue,
    and a lane only when a task takes it again (worker, created, request,
    running at the take); the first return writes a queue_pool warning.
    Was: each object put back a new job, queued (two "queued, never taken"
    at the end: 7 tasks, 2 waiting), each borrowing ending only when its
    task ended. A job queue's worker putting its item back to retry it
    (task_done()) still makes a new job."""

    POOL = """
        import asyncio

        async def fetch(pool, i):
            conn = await pool.get()          # borrow a connection
            try:
                await asyncio.sleep(0.1)     # use it
                if i == 3:
                    raise ValueError(i)
            finally:
                pool.put_nowait(conn)        # give it back

        async def main():
            pool = asyncio.Queue()
            for c in ("conn-A", "conn-B"):
                pool.put_nowait(c)
            await asyncio.gather(*(fetch(pool, i) for i in range(5)), return_exceptions=True)
            print(pool.qsize())

        asyncio.run(main())
    """

    @classmethod
    def setUpClass(cls):
        cls.prog = Run(cls.POOL)

    def test_each_borrowing_is_a_lane_from_its_take_to_its_return(self):
        prog = self.prog
        self.assertEqual(prog.rc, 0, prog.stderr)
        self.assertEqual(prog.printed(), [(0.30000000000000004, "2\n")])
        lanes = {}
        for e in prog.lines:
            if "task" in e and e["ev"] not in ("warning", "pool_object"):
                lanes.setdefault(e["task"], []).append((e["ev"], e["t"]))
        names = [e["name"] for e in prog.events("created")]
        self.assertEqual(names, ["item 0: conn-A", "item 1: conn-B", "item 2: conn-A", "item 3: conn-B",
                                 "item 4: conn-A"])
        got = [lanes[e["task"]] for e in prog.events("created")]
        take = ["worker", "created", "request", "running"]
        # main() filled the pool: those two are queued jobs first; an object
        # given back is none (no enqueue): its next lane starts at the take.
        self.assertEqual(got[0], [("enqueue", 0.0)] + [(k, 0.0) for k in take] + [("done", 0.1)])
        self.assertEqual(got[1], [("enqueue", 0.0)] + [(k, 0.0) for k in take] + [("done", 0.1)])
        # Tasks 2, 3 and 4 found both objects borrowed at 0: each borrowing
        # asks where its get() began to wait and runs at its take, as a
        # semaphore's waiter (CPython 3.11.7, real clock: tasks 2 and 3 of
        # two connections held 1 s asked at 0.001 s and got one at 1.005 s).
        waited = [("created", 0.0), ("request", 0.0)]
        self.assertEqual(got[2], waited + [("worker", 0.1), ("running", 0.1), ("done", 0.2)])
        # Task 3 raised while it held conn-B: the put in its finally: ends the borrowing failed.
        self.assertEqual(got[3], waited + [("worker", 0.1), ("running", 0.1), ("failed", 0.2), ("failed_exc", 0.2)])
        self.assertEqual(got[4], waited + [("worker", 0.2), ("running", 0.2), ("done", 0.30000000000000004)])
        self.assertEqual(len(prog.events("enqueue")), 2)
        self.assertIn("5 tasks", prog.stderr)

    def test_the_objects_main_put_in_are_named_no_jobs_at_the_first_return(self):
        # Both were borrowed before it: no idle object, so no name.
        first_done = self.prog.events("done")[0]
        enqueued = [e["task"] for e in self.prog.events("enqueue")]
        self.assertEqual([(e["task"], e["t"], "name" in e) for e in self.prog.events("pool_object")],
                         [(k, first_done["t"], False) for k in enqueued])

    def test_a_channel_fed_as_it_goes_whose_consumer_retries_an_item_is_no_pool(self):
        # The consumer puts item 2 back to try it again; the producer puts
        # new items after the first take: a channel, not a pool. Was: a
        # queue_pool note, items 3 and 4 "pool objects" with no time queued.
        prog = Run("""
            import asyncio

            async def producer(q):
                for i in range(5):
                    await q.put(i)
                    await asyncio.sleep(0.1)
                await q.put(None)

            async def consumer(q):
                tried = set()
                while True:
                    item = await q.get()
                    if item is None:
                        break
                    await asyncio.sleep(0.15)
                    if item == 2 and item not in tried:
                        tried.add(item)
                        await q.put(item)          # try it again later

            async def main():
                q = asyncio.Queue()
                await asyncio.gather(producer(q), consumer(q))

            asyncio.run(main())
        """)
        self.assertEqual(prog.rc, 0, prog.stderr)
        self.assertEqual([w["kind"] for w in prog.events("warning") if w["kind"] == "queue_pool"], [])
        self.assertEqual(prog.events("pool_object"), [])
        # Six jobs, each queued from its put: the retry is a new one, put at 0.45.
        self.assertEqual([e["t"] for e in prog.events("enqueue")], [0.0, 0.1, 0.2, 0.3, 0.4, 0.44999999999999996])
        self.assertEqual([e["name"] for e in prog.events("created") if e["name"].startswith("item")],
                         ["item %d: %d" % (k, v) for k, v in enumerate([0, 1, 2, 3, 4, 2])])

    def test_a_pool_bigger_than_its_use_has_idle_objects_not_queued_jobs(self):
        # A pool of 10 connections, 3 tasks: was "Waiting 7", seven lanes
        # queued "waiting for a worker" to the end, the key's queued state.
        prog = Run("""
            import asyncio

            async def fetch(pool, i):
                conn = await pool.get()
                try:
                    await asyncio.sleep(0.1 * (1 + i))
                finally:
                    pool.put_nowait(conn)

            async def main():
                pool = asyncio.Queue()
                for k in range(10):
                    pool.put_nowait(f"conn-{k}")
                await asyncio.gather(*(fetch(pool, i) for i in range(3)))
                await fetch(pool, 0)             # borrows after the first return: conn-3

            asyncio.run(main())
        """)
        self.assertEqual(prog.rc, 0, prog.stderr)
        enqueued = [e["task"] for e in prog.events("enqueue")]
        self.assertEqual(len(enqueued), 10)
        pooled = prog.events("pool_object")
        self.assertEqual([e["task"] for e in pooled], enqueued, "every put before the first return")
        self.assertEqual([e.get("name") for e in pooled], [None] * 3 + ["conn-%d" % k for k in range(3, 10)])
        self.assertEqual({e["t"] for e in pooled}, {0.1})
        # conn-3, idle at the first return, borrowed later: a lane of its own, no enqueue.
        created = prog.events("created")
        self.assertEqual([(e["name"], e["t"]) for e in created][-1], ("item 3: conn-3", 0.30000000000000004))
        self.assertNotIn(created[-1]["task"], enqueued)

    def test_the_first_return_writes_one_queue_pool_warning(self):
        warnings = self.prog.events("warning")
        self.assertEqual(len(warnings), 1, warnings)
        w = warnings[0]
        first_done = self.prog.events("done")[0]
        self.assertEqual((w["kind"], w["t"], w["file"], w["line"], w["task"]),
                         ("queue_pool", 0.1, "prog.py", 10, first_done["task"]))
        self.assertEqual(w["message"], "this Queue is used as a pool of objects that tasks borrow and give back "
                         "(a task put back the object it took from it): each lane is one borrowing, from the "
                         "get() to the put() that gives the object back; a task that waits in get() for a free "
                         "object is drawn waiting for one")
        # Written after the borrowing's end it names.
        self.assertLess(self.prog.lines.index(first_done), self.prog.lines.index(w))

    def test_main_borrowing_and_a_task_that_borrows_twice_on_its_own_lane(self):
        prog = Run("""
            import asyncio

            async def user(pool):
                await asyncio.sleep(0.1)         # a line of its own first: it keeps its lane
                for _ in range(2):
                    c = await pool.get()
                    await asyncio.sleep(0.2)
                    await pool.put(c)

            async def main():
                pool = asyncio.Queue(maxsize=1)
                pool.put_nowait(object())
                c = await pool.get()             # main() borrows it (no lane of its own)
                t = asyncio.create_task(user(pool))
                await asyncio.sleep(0.3)
                pool.put_nowait(c)
                await t
                print(pool.qsize())

            asyncio.run(main())
        """)
        self.assertEqual(prog.rc, 0, prog.stderr)
        self.assertEqual(prog.printed(), [(0.7, "1\n")])
        # main()'s borrowing is a lane of the object's (main() has none);
        # the user, which had a lane when it first called get() (it slept
        # first) and gives back what it takes, borrows on that lane, no
        # worker: its first get() waits from 0.1 for the object main()
        # holds until 0.3, its second takes it at once at 0.5. Was: a
        # queue_worker lane idle in get() and a lane per borrowing beside it.
        self.assertEqual([(e["name"], e["t"]) for e in prog.events("created")],
                         [("item 0: <object object>", 0.0), ("Task-2", 0.0)])
        self.assertEqual(prog.events("queue_worker"), [])
        self.assertEqual(prog.events("get_wait"), [])
        user = [(e["ev"], e["t"]) for e in prog.lines if e.get("name") == "Task-2" or
                (e["ev"] == "worker" and e["task"] == prog.events("created")[1]["task"])]
        self.assertEqual(user, [("created", 0.0), ("request", 0.1), ("worker", 0.3), ("running", 0.3),
                                ("worker", 0.5), ("request", 0.5), ("running", 0.5), ("done", 0.7)])
        self.assertEqual([(e["name"], e["t"]) for e in prog.events("done")],
                         [("item 0: <object object>", 0.3), ("Task-2", 0.7)])
        self.assertEqual(len(prog.events("enqueue")), 1)
        self.assertEqual(len(prog.events("put_wait")), 0)
        self.assertEqual([w["kind"] for w in prog.events("warning")], ["queue_pool"])

    def test_a_wait_for_a_free_object_is_drawn_as_a_wait_and_one_given_up_goes_on(self):
        # One connection: task 1 asks at 0.5 while task 0 holds it (to
        # 1.0), before the queue is known as a pool (its first return);
        # tasks 2 and 3 ask at 1.5 and 1.6 while task 1 holds it (to 2.0),
        # task 3 giving up after 0.3 s (wait_for). Each task had a lane
        # before its get() (it slept first) and gives back what it took: it
        # borrows on its own lane, which asks where its get() began to wait
        # and runs from its take. Was: each a queue_worker lane idle in
        # get() and a lane per borrowing beside it ("4 tasks + 4 queue workers").
        prog = Run("""
            import asyncio

            async def fetch(pool, i, delay):
                await asyncio.sleep(delay)
                try:
                    conn = await asyncio.wait_for(pool.get(), 0.3 if i == 3 else None)
                except asyncio.TimeoutError:
                    print("task", i, "gave up")
                    return
                await asyncio.sleep(1.0)
                pool.put_nowait(conn)

            async def main():
                pool = asyncio.Queue()
                pool.put_nowait("conn-A")
                await asyncio.gather(fetch(pool, 0, 0), fetch(pool, 1, 0.5), fetch(pool, 2, 1.5),
                                     fetch(pool, 3, 1.6))

            asyncio.run(main())
        """)
        self.assertEqual(prog.rc, 0, prog.stderr)
        self.assertEqual(prog.printed(), [(1.9000000000000001, "task 3 gave up\n")])
        lanes = {}
        for e in prog.lines:
            if "task" in e and e["ev"] not in ("warning", "pool_object", "output"):
                lanes.setdefault(e["task"], []).append((e["ev"], e["t"], e.get("name")))
        self.assertEqual(sorted({n for v in lanes.values() for _, _, n in v if n}),
                         ["Task-2", "Task-3", "Task-4", "Task-5"])
        got = [[(ev, t) for ev, t, _ in v] for v in lanes.values()]
        self.assertEqual(got, [
            [("created", 0.0), ("worker", 0.0), ("request", 0.0), ("running", 0.0), ("done", 1.0)],
            # Asked before the queue was known as a pool (its first return at 1.0).
            [("created", 0.0), ("request", 0.5), ("worker", 1.0), ("running", 1.0), ("done", 2.0)],
            [("created", 0.0), ("request", 1.5), ("worker", 2.0), ("running", 2.0), ("done", 3.0)],
            [("created", 0.0), ("request", 1.6), ("gave_up", 1.9000000000000001), ("done", 1.9000000000000001)],
        ])
        self.assertEqual(prog.events("enqueue"), [], "conn-A is the pool's object, no job")
        self.assertEqual(prog.events("queue_worker"), [])
        self.assertEqual([w["kind"] for w in prog.events("warning")], ["queue_pool"])

    def test_a_wait_on_a_channel_fed_later_is_held_then_no_pools(self):
        # Consumer 1 waits at 0 on a queue whose one item consumer 0 took:
        # a pool's wait or a channel's? The producer's new item at 0.5 (code
        # that takes nothing) says a channel: the item is a job, queued from
        # its put, and its lane starts at the take, as before.
        prog = Run("""
            import asyncio

            async def consumer(q):
                item = await q.get()
                await asyncio.sleep(1.0)

            async def main():
                q = asyncio.Queue()
                q.put_nowait("a")
                tasks = [asyncio.create_task(consumer(q)) for _ in range(2)]
                await asyncio.sleep(0.5)
                q.put_nowait("b")
                await asyncio.gather(*tasks)

            asyncio.run(main())
        """)
        self.assertEqual(prog.rc, 0, prog.stderr)
        self.assertEqual([e for e in prog.lines if e["ev"] in ("warning", "pool_object")], [])
        b = next(e["task"] for e in prog.events("created") if e["name"] == "item 1: b")
        self.assertEqual([(e["ev"], e["t"]) for e in prog.lines if e.get("task") == b],
                         [("enqueue", 0.5), ("worker", 0.5), ("created", 0.5), ("request", 0.5), ("running", 0.5),
                          ("done", 1.5)])

    def test_a_worker_putting_its_item_back_to_retry_it_still_makes_a_job(self):
        prog = Run("""
            import asyncio

            tries = {}

            async def worker(q):
                while True:
                    job = await q.get()
                    await asyncio.sleep(0.1)
                    tries[job] = tries.get(job, 0) + 1
                    if tries[job] < 2:
                        q.put_nowait(job)        # again, later
                    q.task_done()

            async def main():
                q = asyncio.Queue()
                q.put_nowait("a")
                w = asyncio.create_task(worker(q))
                await q.join()
                w.cancel()

            asyncio.run(main())
        """)
        self.assertEqual(prog.rc, 0, prog.stderr)
        self.assertEqual(prog.events("warning"), [])
        self.assertEqual([e["t"] for e in prog.events("enqueue")], [0.0, 0.1])
        self.assertEqual([(e["name"], e["t"]) for e in prog.events("done")], [("item 0: a", 0.1), ("item 1: a", 0.2)])


class Signals(unittest.TestCase):
    def test_signals_at_given_virtual_times_reach_add_signal_handler(self):
        run = Run("""
            import asyncio, signal

            async def main():
                loop = asyncio.get_running_loop()
                stop = asyncio.Event()
                seen = []
                loop.add_signal_handler(signal.SIGUSR1, lambda: seen.append(loop.time()))
                loop.add_signal_handler(signal.SIGINT, stop.set)
                await stop.wait()
                print("usr1 at", seen, "stopped at", loop.time())

            asyncio.run(main())
        """, "--signal", "SIGUSR1@1.25", "--signal", "SIGINT@2.5")
        self.assertEqual(run.rc, 0, run.stderr)
        signals = [(e["t"], e["signal"], e["handled"]) for e in run.lines if e["ev"] == "signal"]
        self.assertEqual(signals, [(1.25, "SIGUSR1", "add_signal_handler"), (2.5, "SIGINT", "add_signal_handler")])
        printed = [e for e in run.lines if e["ev"] == "output"]
        self.assertEqual([(e["t"], e["text"]) for e in printed], [(2.5, "usr1 at [1.25] stopped at 2.5\n")])


class Killed(unittest.TestCase):
    def test_a_killed_runner_leaves_whole_lines(self):
        with tempfile.TemporaryDirectory() as tmp:
            prog = os.path.join(tmp, "prog.py")
            with open(prog, "w", encoding="utf-8") as f:
                f.write("import asyncio\n"
                        "async def tick():\n"
                        "    await asyncio.sleep(1)\n"
                        "async def main():\n"
                        "    while True:\n"
                        "        asyncio.create_task(tick())\n"
                        "        await asyncio.sleep(1)\n"
                        "asyncio.run(main())\n")
            out = os.path.join(tmp, "trace.jsonl")
            # The test reads the file back as it grows (no sleeping) until
            # 200 lines are there, then kills the runner's whole group.
            proc = subprocess.Popen(command(prog, "-o", out, "--max-wall", "600"), env=ENV, cwd=tmp,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    start_new_session=True)
            try:
                seen = 0
                while seen < 200:
                    if proc.poll() is not None:
                        self.fail("the run ended by itself")
                    if os.path.exists(out):
                        with open(out, "rb") as f:
                            seen = f.read().count(b"\n")
                    os.sched_yield()
            finally:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            with open(out, "rb") as f:
                data = f.read()
        self.assertTrue(data.endswith(b"\n"), "the last line is whole")
        lines = [json.loads(x) for x in data.decode("utf-8").splitlines()]
        self.assertGreaterEqual(len(lines), 200)
        self.assertEqual(lines[0]["ev"], "meta")
        self.assertNotIn(lines[-1]["ev"], ("end", "stopped"))


class Threads(unittest.TestCase):
    # A thread-pool job still running when asyncio.run() returns: the
    # program's process waits for it (concurrent.futures joins its workers
    # at exit), so its thread_end comes after the loop closed.
    OUTLIVES = """
        import asyncio, time
        from concurrent.futures import ThreadPoolExecutor
        pool = ThreadPoolExecutor(max_workers=2)

        async def job():
            await asyncio.get_running_loop().run_in_executor(pool, time.sleep, 0.3)

        async def main():
            t = asyncio.create_task(job())
            await asyncio.sleep(0.05)
            t.cancel()
            try:
                await t
            except asyncio.CancelledError:
                pass

        asyncio.run(main())
    """

    def test_a_job_that_outlives_the_loop_ends_the_trace_in_time_order(self):
        run = Run(self.OUTLIVES)
        self.assertEqual(run.rc, 0, run.stderr)
        ts = [e["t"] for e in run.lines]
        self.assertEqual(ts, sorted(ts), "the trace goes back in time")
        self.assertEqual(run.events("cancelled")[0]["t"], 0.05)
        self.assertEqual(run.events("thread_end")[0]["t"], 0.3)
        self.assertEqual((run.last()["ev"], run.last()["t"]), ("end", 0.3))

    # A job that finishes while time.sleep() blocks the loop: its completion
    # (call_soon_threadsafe) is queued then, ahead of the timers that come
    # due during the block (they join the ready queue at the next
    # iteration). Spec section 1 models a thread step as a timer instead,
    # so a scenario's engine run orders these differently (README: "Your
    # own program on the virtual clock"); the runner must do what CPython does.
    BLOCKED = """
        import asyncio, time
        from concurrent.futures import ThreadPoolExecutor
        pool = ThreadPoolExecutor(max_workers=1)
        order = []

        async def threaded():
            await asyncio.get_running_loop().run_in_executor(pool, time.sleep, SCALE * 3)
            order.append("thread")

        async def sleeper():
            await asyncio.sleep(SCALE * 2)
            order.append("sleep")

        async def blocker():
            time.sleep(SCALE * 4)

        async def main():
            await asyncio.gather(threaded(), sleeper(), blocker())
            print(" ".join(order))

        asyncio.run(main())
    """

    def test_a_job_finishing_while_the_loop_is_blocked_resumes_as_in_real_time(self):
        with tempfile.TemporaryDirectory() as tmp:
            prog = os.path.join(tmp, "prog.py")
            with open(prog, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(self.BLOCKED).replace("SCALE", "0.1").lstrip("\n"))
            real = subprocess.run([sys.executable, prog], capture_output=True, text=True, timeout=60)
        self.assertEqual(real.returncode, 0, real.stderr)
        self.assertEqual(real.stdout.strip(), "thread sleep")  # CPython in real time
        run = Run(self.BLOCKED.replace("SCALE", "0.1"))
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([text.strip() for _, text in run.printed()], ["thread sleep"])


class FutureWaits(unittest.TestCase):
    """A concurrent.futures Future waited for on the virtual clock: a program
    thread waiting for run_coroutine_threadsafe(), main() blocking the loop on
    a pool job (result(), exception(), wait(), as_completed(), with and
    without timeouts), as CPython does in real time; they stopped the run as
    "blocked for real" before."""

    THREAD = """
        import asyncio, threading, concurrent.futures as cf

        async def work(i):
            await asyncio.sleep(0.5)
            if i == 2:
                raise ValueError("bad 2")
            return i

        def thread_main(loop, t0):
            now = lambda: round(loop.time() - t0, 1)
            f1 = asyncio.run_coroutine_threadsafe(work(1), loop)
            try:
                f1.result(timeout=0.1)
            except cf.TimeoutError:
                print("timeout", now())
            print("then", f1.result(), now())
            f2 = asyncio.run_coroutine_threadsafe(work(2), loop)
            print("exception", repr(f2.exception()), now())
            fs = [asyncio.run_coroutine_threadsafe(asyncio.sleep(d, d), loop) for d in (0.3, 0.1, 0.2)]
            for f in cf.as_completed(fs):
                print("as_completed", f.result(), now())
            late = asyncio.run_coroutine_threadsafe(asyncio.sleep(5), loop)
            try:
                for f in cf.as_completed([late], timeout=0.2):
                    pass
            except cf.TimeoutError as e:
                print("gave up", e, now())
            late.cancel()
            loop.call_soon_threadsafe(finished.set)

        async def main():
            global finished
            finished = asyncio.Event()
            loop = asyncio.get_running_loop()
            t0 = loop.time()
            threading.Thread(target=thread_main, args=(loop, t0)).start()
            await finished.wait()
            print("main done", round(loop.time() - t0, 1))

        asyncio.run(main())
    """

    MAIN = """
        import asyncio, time
        from concurrent.futures import ThreadPoolExecutor, wait, as_completed, FIRST_COMPLETED

        def job(i):
            time.sleep(0.3 * i)
            return i

        async def main():
            loop = asyncio.get_running_loop()
            t0 = loop.time()
            now = lambda: round(loop.time() - t0, 1)
            with ThreadPoolExecutor(2) as pool:
                print("result", pool.submit(job, 2).result(), now())   # blocks the loop
                fs = [pool.submit(job, i) for i in (3, 1)]
                done, pending = wait(fs, return_when=FIRST_COMPLETED)
                print("first", [f.result() for f in done], len(pending), now())
                for f in as_completed(fs):
                    print("as_completed", f.result(), now())

        asyncio.run(main())
    """

    def _against_real(self, source):
        run = Run(source)
        self.assertEqual(run.rc, 0, run.stderr)
        printed = "".join(text for _, text in run.printed())
        code, out = real_run(source, want=printed)
        self.assertEqual(code, 0)
        self.assertEqual(printed, out)
        return run, out

    def test_a_thread_waits_for_the_loops_coroutines_as_in_real_time(self):
        run, out = self._against_real(self.THREAD)
        self.assertEqual(out.splitlines(), [
            "timeout 0.1", "then 1 0.5", "exception ValueError('bad 2') 1.0",
            "as_completed 0.1 1.1", "as_completed 0.2 1.2", "as_completed 0.3 1.3",
            "gave up 1 (of 1) futures unfinished 1.5", "main done 1.5"])

    def test_main_blocking_the_loop_on_pool_jobs_is_a_block_as_in_real_time(self):
        run, out = self._against_real(self.MAIN)
        self.assertEqual(out.splitlines(), ["result 2 0.6", "first [1] 1 0.9",
                                            "as_completed 1 0.9", "as_completed 3 1.5"])
        blocks = [e["t"] for e in run.lines if e["ev"] in ("main_cpu_begin", "main_cpu_end")]
        self.assertEqual(blocks[:6], [0.0, 0.6, 0.6, 0.8999999999999999, 0.8999999999999999, 1.5])

    def test_main_waiting_for_a_future_only_the_loop_can_complete_is_a_deadlock(self):
        run = Run("""
            import asyncio

            async def main():
                f = asyncio.run_coroutine_threadsafe(asyncio.sleep(1), asyncio.get_running_loop())
                print(f.result())

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, EXIT_STOPPED, run.stderr)
        stop = run.last()
        self.assertEqual((stop["ev"], stop["reason"], stop["line"]), ("stopped", "deadlock", 5))
        self.assertIn("Future.result() waits for ever", stop["message"])

    def test_a_threads_future_cancelled_by_the_end_of_asyncio_run_wakes_it(self):
        run = Run("""
            import asyncio, threading, concurrent.futures as cf

            async def never(event):
                await event.wait()

            def thread_main(loop, event):
                try:
                    asyncio.run_coroutine_threadsafe(never(event), loop).result()
                except cf.CancelledError:
                    print("thread: cancelled")

            async def main():
                loop = asyncio.get_running_loop()
                threading.Thread(target=thread_main, args=(loop, asyncio.Event())).start()
                await asyncio.sleep(1)
                print("main ends")

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual(run.printed(), [(1.0, "main ends\n"), (1.0, "thread: cancelled\n")])
        self.assertEqual(run.last()["ev"], "end")


class ThreadQueues(unittest.TestCase):
    """A queue.Queue between the program's threads and the loop: get() with
    and without a timeout, put() into a full queue, join(), on the virtual
    clock as CPython does them in real time (they stopped the run as a
    thread "blocked for real")."""

    WORKERS = """
        import asyncio, queue, threading, time

        def worker(q, results, t0, name):
            while True:
                try:
                    item = q.get(timeout=0.2)
                except queue.Empty:
                    print(name, "idle, stops", round(time.monotonic() - t0, 1))
                    return
                time.sleep(item)
                results.put((name, item, round(time.monotonic() - t0, 1)))
                q.task_done()

        async def main():
            t0 = time.monotonic()
            q, results = queue.Queue(maxsize=2), queue.Queue()
            threads = [threading.Thread(target=worker, args=(q, results, t0, f"w{k}")) for k in range(2)]
            for th in threads:
                th.start()
            for d in (0.3, 0.1, 0.2, 0.4):
                await asyncio.to_thread(q.put, d)          # waits while the queue is full
            await asyncio.to_thread(q.join)
            print("joined", round(time.monotonic() - t0, 1))
            while not results.empty():
                print(results.get())
            for th in threads:
                await asyncio.to_thread(th.join)
            print("end", round(time.monotonic() - t0, 1))

        asyncio.run(main())
    """

    def test_threads_sharing_a_queue_run_as_in_real_time(self):
        run = Run(self.WORKERS)
        self.assertEqual(run.rc, 0, run.stderr)
        code, out = real_run(self.WORKERS, want="".join(text for _, text in run.printed()))
        self.assertEqual(code, 0)
        self.assertEqual("".join(text for _, text in run.printed()), out)
        self.assertEqual(out.splitlines(), [
            "w1 idle, stops 0.5", "joined 0.7", "('w1', 0.1, 0.1)", "('w0', 0.3, 0.3)", "('w1', 0.2, 0.3)",
            "('w0', 0.4, 0.7)", "w0 idle, stops 0.9", "end 0.9"])

    def test_main_blocking_the_loop_on_a_queue_and_a_get_nobody_answers(self):
        run = Run("""
            import asyncio, queue, threading, time

            def producer(q):
                time.sleep(0.4)
                q.put("x")

            async def main():
                q = queue.Queue()
                threading.Thread(target=producer, args=(q,)).start()
                print("got", q.get())   # blocks the loop until the thread puts
                try:
                    q.get(timeout=0.3)      # and for 0.3 s more: nobody puts again
                except queue.Empty:
                    print("empty")

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([(round(t, 9), text) for t, text in run.printed()], [(0.4, "got x\n"), (0.7, "empty\n")])
        blocks = [round(e["t"], 9) for e in run.lines if e["ev"] in ("main_cpu_begin", "main_cpu_end")]
        self.assertEqual(blocks, [0.0, 0.4, 0.4, 0.7])
        stuck = Run("""
            import queue, threading

            def consumer(q):
                q.get()   # nobody puts: waits for ever

            threading.Thread(target=consumer, args=(queue.Queue(),)).start()
        """)
        self.assertEqual(stuck.rc, EXIT_STOPPED, stuck.stderr)
        self.assertEqual(stuck.last()["reason"], "deadlock")


    def test_main_joining_a_thread_with_a_timeout_goes_on_when_it_runs_out(self):
        # (It stopped the run: "Thread.join() ... waits for ever".)
        run = Run("""
            import asyncio, threading, time

            def slow():
                time.sleep(1)

            async def main():
                t = threading.Thread(target=slow)
                t.start()
                t.join(timeout=0.3)
                print("alive", t.is_alive())
                t.join()
                print("joined")

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([(round(t, 9), text) for t, text in run.printed()], [(0.3, "alive True\n"), (1.0, "joined\n")])


class ThreadingWaits(unittest.TestCase):
    """threading's own waits in the program's threads and on the loop's:
    Lock and RLock acquire (blocking, with a timeout), Event.wait,
    Condition.wait/wait_for, Semaphore and BoundedSemaphore acquire,
    Barrier.wait, Timer, on the virtual clock as CPython runs them in real
    time (a thread blocking on one stopped the run as "blocked for real",
    and Event.wait(timeout) returned at once); a wait nothing can end is a
    deadlock that names the call and its line."""

    LOCKED_COUNTER = """
        import asyncio, threading, time

        t0 = time.perf_counter()
        now = lambda: round(time.perf_counter() - t0, 1)
        lock = threading.Lock()
        counter = 0

        def worker(name):
            global counter
            for i in range(3):
                with lock:
                    value = counter
                    time.sleep(0.1)
                    counter = value + 1
                    print(name, i, counter, now())

        async def main():
            await asyncio.gather(asyncio.to_thread(worker, "A"), asyncio.to_thread(worker, "B"))
            print("total", counter, now())

        asyncio.run(main())
    """

    EVENTS = """
        import asyncio, threading, time

        t0 = time.perf_counter()
        now = lambda: round(time.perf_counter() - t0, 1)
        ready = threading.Event()

        def waiter(name, timeout):
            print(name, ready.wait(timeout), now())

        def setter():
            time.sleep(1)
            print("set", now())
            ready.set()

        async def main():
            threading.Timer(0.7, lambda: print("timer", now())).start()
            await asyncio.gather(asyncio.to_thread(waiter, "short", 0.4), asyncio.to_thread(waiter, "long", None),
                                 asyncio.to_thread(setter))
            print("main", ready.wait(0.3), now())     # set: at once
            ready.clear()
            print("main", ready.wait(0.3), now())     # blocks the loop 0.3 s

        asyncio.run(main())
    """

    POOL = """
        import threading, time
        from concurrent.futures import ThreadPoolExecutor

        t0 = time.perf_counter()
        now = lambda: round(time.perf_counter() - t0, 1)
        db = threading.Semaphore(2)
        inside, peak = 0, 0

        def query(i):
            global inside, peak
            with db:
                inside += 1
                peak = max(peak, inside)
                began = now()
                time.sleep(0.2)
                inside -= 1
            return i, began

        with ThreadPoolExecutor(8) as pool:
            for i, began in pool.map(query, range(8)):
                print(i, began)
        print("peak", peak, "end", now())
    """

    CONDITIONS = """
        import threading, time

        t0 = time.perf_counter()
        now = lambda: round(time.perf_counter() - t0, 1)
        cond = threading.Condition()
        items = []
        gate = threading.BoundedSemaphore(1)
        barrier = threading.Barrier(3, action=lambda: print("all arrived", now()))
        rlock = threading.RLock()

        def consumer():
            with cond:
                print("first", cond.wait_for(lambda: items, timeout=0.3), now())
                print("then", cond.wait_for(lambda: items), now())
            print("gate", gate.acquire(timeout=0.2), now())    # the producer holds it until 0.8
            print("gate", gate.acquire(), now())
            gate.release()

        def producer():
            time.sleep(0.4)
            with cond:
                items.append(1)
                cond.notify_all()
            with gate:
                time.sleep(0.4)

        def party(d):
            time.sleep(d)
            with rlock:
                with rlock:
                    time.sleep(0.1)
            barrier.wait()

        threads = [threading.Thread(target=f, args=a) for f, a in ((consumer, ()), (producer, ()), (party, (1.0,)),
                                                                   (party, (1.0,)), (party, (1.3,)))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        try:
            threading.Barrier(2).wait(timeout=0.2)
        except threading.BrokenBarrierError:
            print("broken", now())
        print("end", now())
    """

    MAIN_LOCK = """
        import asyncio, threading, time

        t0 = time.perf_counter()
        now = lambda: round(time.perf_counter() - t0, 1)
        lock = threading.Lock()

        def holder():
            with lock:
                time.sleep(0.3)

        async def ticker():
            for i in range(3):
                await asyncio.sleep(0.2)
                print("tick", i, now())

        async def main():
            tick = asyncio.create_task(ticker())
            job = asyncio.create_task(asyncio.to_thread(holder))
            await asyncio.sleep(0.1)
            with lock:                                 # blocks the loop until the thread lets go
                print("main has the lock", now())
            print("again", lock.acquire(timeout=0.1), now())
            print("not while held", lock.acquire(timeout=0.2), now())
            await asyncio.gather(tick, job)
            print("end", now())

        asyncio.run(main())
    """

    def _against_real(self, source):
        """The runner's run of `source`, whose output must be a real run's."""
        run = Run(source)
        self.assertEqual(run.rc, 0, run.stderr)
        printed = "".join(text for _, text in run.printed())
        code, out = real_run(source, want=printed)
        self.assertEqual(code, 0)
        self.assertEqual(printed, out)
        return run

    def test_two_threads_sharing_a_lock_take_turns_as_in_real_time(self):
        run = Run(self.LOCKED_COUNTER)
        self.assertEqual(run.rc, 0, run.stderr)
        # The releasing thread takes the lock again before the woken one
        # runs (CPython's usual order: A's `with` loop keeps it).
        self.assertEqual([(round(t, 9), text) for t, text in run.printed()], [
            (0.1, "A 0 1 0.1\n"), (0.2, "A 1 2 0.2\n"), (0.3, "A 2 3 0.3\n"),
            (0.4, "B 0 4 0.4\n"), (0.5, "B 1 5 0.5\n"), (0.6, "B 2 6 0.6\n"), (0.6, "total 6 0.6\n")])
        _, out = real_run(self.LOCKED_COUNTER)
        self.assertEqual(out.splitlines()[-1], "total 6 0.6")  # (the turns' order is the OS's)

    def test_event_waits_their_timeouts_and_a_timer_as_in_real_time(self):
        run = self._against_real(self.EVENTS)
        self.assertEqual([(round(t, 9), text) for t, text in run.printed()], [
            (0.4, "short False 0.4\n"), (0.7, "timer 0.7\n"), (1.0, "set 1.0\n"), (1.0, "long True 1.0\n"),
            (1.0, "main True 1.0\n"), (1.3, "main False 1.3\n")])
        blocks = [round(e["t"], 9) for e in run.lines if e["ev"] in ("main_cpu_begin", "main_cpu_end")]
        self.assertEqual(blocks, [1.0, 1.3])  # only the wait that waited blocked the loop

    def test_a_semaphore_lets_two_pool_threads_in_at_a_time_as_in_real_time(self):
        run = self._against_real(self.POOL)
        self.assertEqual([text for _, text in run.printed()],
                         ["0 0.0\n", "1 0.0\n", "2 0.2\n", "3 0.2\n", "4 0.4\n", "5 0.4\n", "6 0.6\n",
                          "7 0.6\n", "peak 2 end 0.8\n"])

    def test_conditions_bounded_semaphores_rlocks_and_barriers_as_in_real_time(self):
        run = self._against_real(self.CONDITIONS)
        self.assertEqual([(round(t, 9), text) for t, text in run.printed()], [
            (0.3, "first [] 0.3\n"), (0.4, "then [1] 0.4\n"), (0.6, "gate False 0.6\n"), (0.8, "gate True 0.8\n"),
            (1.4, "all arrived 1.4\n"), (1.6, "broken 1.6\n"), (1.6, "end 1.6\n")])

    def test_the_loop_blocked_on_a_lock_a_thread_holds_as_in_real_time(self):
        run = self._against_real(self.MAIN_LOCK)
        self.assertEqual([(round(t, 9), text) for t, text in run.printed()], [
            (0.3, "main has the lock 0.3\n"), (0.3, "again True 0.3\n"), (0.5, "not while held False 0.5\n"),
            (0.5, "tick 0 0.5\n"), (0.7, "tick 1 0.7\n"), (0.9, "tick 2 0.9\n"), (0.9, "end 0.9\n")])
        blocks = [round(e["t"], 9) for e in run.lines if e["ev"] in ("main_cpu_begin", "main_cpu_end")]
        self.assertEqual(blocks, [0.1, 0.3, 0.3, 0.5])

    def test_a_lock_acquire_checks_and_errors_are_the_c_locks(self):
        run = self._against_real("""
            import threading
            for lock in (threading.Lock(), threading.RLock()):
                for args in ((False, 1), (True, -2), (True, "x")):
                    try:
                        lock.acquire(*args)
                    except Exception as e:
                        print(type(e).__name__, e)
                try:
                    lock.release()
                except RuntimeError as e:
                    print(e)
                print(repr(lock).split(" object")[0], lock.acquire(), repr(lock).split(" object")[0])
            print(threading.Lock().acquire(timeout=0), hasattr(threading.RLock(), "locked"))
        """)
        self.assertEqual([text for _, text in run.printed()][:5], [
            "ValueError can't specify a timeout for a non-blocking call\n",
            "ValueError timeout value must be positive\n",
            "TypeError 'str' object cannot be interpreted as an integer\n",
            "release unlocked lock\n",
            "<unlocked _thread.lock True <locked _thread.lock\n"])

    def test_threads_each_waiting_for_the_others_lock_are_a_deadlock_named_on_their_lines(self):
        run = Run("""
            import threading, time

            a, b = threading.Lock(), threading.Lock()

            def one():
                with a:
                    time.sleep(0.1)
                    with b:
                        print("one")

            def two():
                with b:
                    time.sleep(0.1)
                    with a:
                        print("two")

            t1, t2 = threading.Thread(target=one, name="one"), threading.Thread(target=two, name="two")
            t1.start()
            t2.start()
        """)
        self.assertEqual(run.rc, EXIT_STOPPED, run.stderr)
        stop = run.last()
        self.assertEqual((stop["ev"], stop["reason"], stop["t"], stop["file"], stop["line"]),
                         ("stopped", "deadlock", 0.1, "prog.py", 8))
        self.assertEqual(stop["message"], "Thread.join() on one waits for ever: no other thread or timer can end "
                         "the wait; one waits in threading.Lock.acquire() at line 8 (held by two); two waits in "
                         "threading.Lock.acquire() at line 14 (held by one)")

    def test_waits_nothing_can_end_are_deadlocks_that_name_the_call_and_line(self):
        # A thread waiting for an Event nobody sets; the loop waiting for one.
        thread = Run("""
            import threading

            ready = threading.Event()

            def waiter():
                ready.wait()

            threading.Thread(target=waiter, name="waiter").start()
        """)
        self.assertEqual(thread.rc, EXIT_STOPPED, thread.stderr)
        self.assertEqual((thread.last()["reason"], thread.last()["line"]), ("deadlock", 6))
        self.assertIn("waiter waits in threading.Event.wait() at line 6", thread.last()["message"])
        main = Run("""
            import asyncio, threading

            async def main():
                sem = threading.Semaphore(0)
                print(sem.acquire(timeout=0.5))
                sem.acquire()

            asyncio.run(main())
        """)
        self.assertEqual(main.rc, EXIT_STOPPED, main.stderr)
        self.assertEqual([(t, text) for t, text in main.printed()], [(0.5, "False\n")])
        stop = main.last()
        self.assertEqual((stop["reason"], stop["t"], stop["line"]), ("deadlock", 0.5, 6))
        self.assertEqual(stop["message"], "threading.Semaphore.acquire() waits for ever: no other thread or "
                         "timer can end the wait")
        again = Run("""
            import threading
            lock = threading.Lock()
            lock.acquire()
            lock.acquire()
        """)
        self.assertEqual((again.rc, again.last()["line"]), (EXIT_STOPPED, 4))
        self.assertIn("threading.Lock.acquire() (held by MainThread itself) waits for ever", again.last()["message"])

    def test_threads_stuck_while_the_loop_waits_for_them_are_named_in_the_deadlock_warning(self):
        run = Run("""
            import asyncio, threading, time

            a, b = threading.Lock(), threading.Lock()

            def crossed(first, second):
                with first:
                    time.sleep(0.1)
                    with second:
                        pass

            async def main():
                await asyncio.gather(asyncio.to_thread(crossed, a, b), asyncio.to_thread(crossed, b, a))

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, EXIT_STOPPED, run.stderr)
        warning = [w for w in run.events("warning") if w["kind"] == "deadlock"][0]
        self.assertEqual((warning["kind"], warning["t"]), ("deadlock", 0.1))
        self.assertIn(", and every thread: asyncio_0 waits in threading.Lock.acquire() at line 8 (held by "
                      "asyncio_1); asyncio_1 waits in threading.Lock.acquire() at line 8 (held by asyncio_0); "
                      "interrupted as Ctrl-C would", warning["message"])
        stop = run.last()
        self.assertEqual((stop["reason"], stop["line"]), ("deadlock", 8))


class ThreadLocksAndSimpleQueues(unittest.TestCase):
    """Locks made with _thread directly (_thread.allocate_lock(), RLock(),
    functools.cached_property's) and queue.SimpleQueue wait on the virtual
    clock as CPython runs them in real time (a thread blocking on one
    stopped the run as "blocked for real"); threads that wait for each
    other's locks are told when the cycle forms, while the loop runs on."""

    THREAD_LOCKS = """
        import _thread, asyncio, threading, time
        from functools import cached_property

        t0 = time.perf_counter()
        now = lambda: round(time.perf_counter() - t0, 1)
        lock = _thread.allocate_lock()
        rlock = _thread.RLock()
        print(isinstance(lock, _thread.LockType), isinstance(threading.Lock(), _thread.LockType))

        def worker(name):
            with lock:
                with rlock:
                    with rlock:
                        time.sleep(0.2)
                print(name, "done", now())

        class Config:
            @cached_property
            def settings(self):           # its lock is _thread's: the second thread waits for the first
                time.sleep(0.5)
                return now()

        async def main():
            await asyncio.gather(*(asyncio.to_thread(worker, n) for n in "ABC"))
            with lock:
                print("main", now())
            cfg = Config()
            print(await asyncio.gather(*(asyncio.to_thread(lambda: (cfg.settings, now())) for _ in range(2))))
            lock.acquire()
            print("held", lock.acquire(timeout=0.3), now())
            print("end", now())

        asyncio.run(main())
    """

    SIMPLE_QUEUE = """
        import asyncio, queue, threading, time

        t0 = time.perf_counter()
        now = lambda: round(time.perf_counter() - t0, 1)
        jobs, results = queue.SimpleQueue(), queue.SimpleQueue()

        def worker(name):
            while True:
                try:
                    item = jobs.get(timeout=0.5)
                except queue.Empty:
                    print(name, "idle, stops", now())
                    return
                time.sleep(item)
                results.put((name, item, now()))

        def feeder():
            for d in (0.2, 0.1):
                time.sleep(0.1)
                jobs.put(d)

        async def loop_feeds():
            await asyncio.sleep(0.4)
            jobs.put(0.3)                           # from the loop's thread

        async def main():
            t = threading.Thread(target=feeder)
            t.start()
            await asyncio.gather(asyncio.to_thread(worker, "w0"), asyncio.to_thread(worker, "w1"), loop_feeds())
            print("collected", [results.get() for _ in range(3)], now())
            loop = asyncio.get_running_loop()
            try:
                await loop.run_in_executor(None, lambda: results.get(timeout=0.2))
            except queue.Empty:
                print("empty", now())
            loop.call_later(0.3, results.put, "late")
            print(await loop.run_in_executor(None, results.get), now())
            print(repr(jobs).split(" at ")[0], isinstance(jobs, queue.SimpleQueue))
            t.join()
            print("end", now())

        asyncio.run(main())
    """

    CROSSED = """
        import asyncio, threading, time

        t0 = time.perf_counter()
        now = lambda: round(time.perf_counter() - t0, 1)
        a, b = threading.Lock(), threading.Lock()

        def transfer(first, second, name, delay):
            with first:
                time.sleep(delay)
                print(name, "has its first lock", now())
                with second:
                    print(name, "done")

        async def heartbeat():
            for i in range(4):
                await asyncio.sleep(0.3)
                print("heartbeat", i, now())

        async def main():
            await asyncio.gather(asyncio.to_thread(transfer, a, b, "x", 0.1),
                                 asyncio.to_thread(transfer, b, a, "y", 0.2), heartbeat())

        asyncio.run(main())
    """

    def test_locks_made_with__thread_as_in_real_time(self):
        run = Run(self.THREAD_LOCKS)
        self.assertEqual(run.rc, 0, run.stderr)
        code, out = real_run(self.THREAD_LOCKS, want="".join(text for _, text in run.printed()))
        self.assertEqual(code, 0)
        self.assertEqual("".join(text for _, text in run.printed()), out)
        self.assertEqual([(round(t, 9), text) for t, text in run.printed()], [
            (0.0, "True True\n"), (0.2, "A done 0.2\n"), (0.4, "B done 0.4\n"), (0.6, "C done 0.6\n"),
            (0.6, "main 0.6\n"),
            (1.1, "[(1.1, 1.1), (1.1, 1.1)]\n"), (1.4, "held False 1.4\n"), (1.4, "end 1.4\n")])

    def test_threads_started_with__thread_take_turns_as_in_real_time(self):
        # (Its time.sleep() raised "a thread the virtual clock does not know",
        # and the main thread's acquire() waited for ever.)
        source = """
            import _thread, threading, time

            t0 = time.monotonic()
            done = _thread.allocate_lock()
            done.acquire()

            def worker(n, *, label):
                time.sleep(0.3)
                print("worker", n, label, round(time.monotonic() - t0, 1), threading.current_thread().daemon)
                done.release()

            def bad():
                time.sleep(0.1)
                raise ValueError("boom")

            print(type(_thread.start_new_thread(worker, (1,), {"label": "x"})).__name__)
            _thread.start_new_thread(bad, ())
            _thread.start_new(lambda: exit(), ())
            for args in ((1, ()), (worker, [1]), (worker, (), [])):
                try:
                    _thread.start_new_thread(*args)
                except TypeError as e:
                    print("TypeError", e)
            done.acquire()
            print("main", round(time.monotonic() - t0, 1))
            _thread.start_new_thread(time.sleep, (100,))   # the exit does not wait for it
            time.sleep(0.2)
            print("end", round(time.monotonic() - t0, 1))
        """
        run = Run(source)
        self.assertEqual(run.rc, 0, run.stderr)
        code, out = real_run(source, want="".join(text for _, text in run.printed()))
        self.assertEqual(code, 0)
        self.assertEqual("".join(text for _, text in run.printed()), out)
        self.assertEqual([round(t, 9) for t, _ in run.printed()], [0.0, 0.0, 0.0, 0.0, 0.3, 0.3, 0.5])
        errors = [(e["t"], e["text"]) for e in run.events("output") if e["stream"] == "stderr"]
        self.assertEqual(len(errors), 1)
        self.assertEqual(errors[0][0], 0.1)
        self.assertTrue(errors[0][1].startswith("Exception ignored in thread started by: <function bad at "))
        self.assertTrue(errors[0][1].endswith('line 14, in bad\n    raise ValueError("boom")\nValueError: boom\n'))

    def test_simple_queues_between_threads_and_the_loop_as_in_real_time(self):
        run = Run(self.SIMPLE_QUEUE)
        self.assertEqual(run.rc, 0, run.stderr)
        code, out = real_run(self.SIMPLE_QUEUE, want="".join(text for _, text in run.printed()))
        self.assertEqual(code, 0)
        self.assertEqual("".join(text for _, text in run.printed()), out)
        self.assertEqual([round(t, 9) for t, _ in run.printed()], [0.8, 1.2, 1.2, 1.4, 1.7, 1.7, 1.7])
        self.assertEqual(run.printed()[2][1],
                         "collected [('w0', 0.2, 0.3), ('w1', 0.1, 0.3), ('w0', 0.3, 0.7)] 1.2\n")
        stuck = Run("""
            import queue, threading

            def consumer(q):
                q.get()   # nobody puts

            threading.Thread(target=consumer, args=(queue.SimpleQueue(),), name="consumer").start()
        """)
        self.assertEqual((stuck.rc, stuck.last()["reason"], stuck.last()["line"]), (EXIT_STOPPED, "deadlock", 4))
        self.assertIn("consumer waits in queue.SimpleQueue.get() at line 4", stuck.last()["message"])

    def test_threads_crossing_locks_are_told_when_the_cycle_forms_while_the_loop_runs_on(self):
        run = Run(self.CROSSED)
        printed = "".join(text for _, text in run.printed())
        code, out = real_run(self.CROSSED, want=printed, timeout=2.5)
        self.assertIsNone(code)  # CPython hangs for ever
        self.assertEqual(printed, out)
        self.assertEqual(printed.splitlines()[-1], "heartbeat 3 1.2")  # the loop ran on
        # (Not the note on the loop's pool, sized by default: DefaultPools.)
        told = [w for w in run.events("warning") if w["kind"] != "default_pool"]
        cycle = told[0]
        self.assertEqual((cycle["kind"], cycle["t"], cycle["file"], cycle["line"]),
                         ("thread_deadlock", 0.2, "prog.py", 11))
        self.assertEqual(cycle["message"], "threads wait for each other for ever: asyncio_1 waits in "
                         "threading.Lock.acquire() at line 11 (held by asyncio_0); asyncio_0 waits in "
                         "threading.Lock.acquire() at line 11 (held by asyncio_1); none of them can ever go on")
        self.assertEqual(cycle["threads"], [
            {"thread": "asyncio_1", "call": "threading.Lock.acquire()", "line": 11, "holder": "asyncio_0"},
            {"thread": "asyncio_0", "call": "threading.Lock.acquire()", "line": 11, "holder": "asyncio_1"}])
        self.assertEqual([(w["kind"], w["t"]) for w in told], [
            ("thread_deadlock", 0.2), ("deadlock", 1.2)])  # then, once the loop has nothing left, as before
        self.assertEqual(run.last()["reason"], "deadlock")
        # One thread taking again a Lock it holds, the loop running on.
        again = Run("""
            import asyncio, threading

            lock = threading.Lock()

            def twice():
                with lock:
                    lock.acquire()

            async def main():
                asyncio.get_running_loop().run_in_executor(None, twice)
                await asyncio.sleep(0.5)
                print("on")

            asyncio.run(main())
        """)
        self.assertEqual([(t, text) for t, text in again.printed()], [(0.5, "on\n")])
        told = [w for w in again.events("warning") if w["kind"] != "default_pool"][0]
        self.assertEqual((told["kind"], told["t"], told["line"], told["message"]), (
            "thread_deadlock", 0.0, 7, "a thread waits for ever: asyncio_0 waits in threading.Lock.acquire() at "
            "line 7 (held by asyncio_0 itself); it can never go on"))
        self.assertEqual(told["threads"], [
            {"thread": "asyncio_0", "call": "threading.Lock.acquire()", "line": 7, "holder": "asyncio_0"}])


class NeverRetrieved(unittest.TestCase):
    """asyncio logs "Task exception was never retrieved" when the failed task
    is freed: at once, for a task nobody holds. The runner held such a task
    on (the batch of timers that woke it; the task that last computed a time
    from the clock) to the next instant: the warning came at 0.5 s, after
    main()'s own print, for a task that failed at 0.2 s."""

    def test_the_log_of_a_task_nobody_awaited_comes_when_it_fails(self):
        for sleep in ("asyncio.sleep(0.2)", "asyncio.sleep((start + 0.2) - loop.time())"):
            with self.subTest(sleep=sleep):
                run = Run("""
                    import asyncio

                    async def boom(loop, start):
                        await SLEEP
                        raise ValueError("boom")

                    async def main():
                        loop = asyncio.get_running_loop()
                        asyncio.create_task(boom(loop, loop.time()))   # nobody awaits it
                        await asyncio.sleep(0.5)
                        print("main ends")

                    asyncio.run(main())
                """.replace("SLEEP", sleep))
                self.assertEqual(run.rc, 0, run.stderr)
                warning, = [w for w in run.events("warning") if w["kind"] == "exception_never_retrieved"]
                self.assertAlmostEqual(warning["t"], 0.2, delta=1e-9)
                said = [e for e in run.lines if e["ev"] == "output"]
                self.assertTrue(said[0]["text"].startswith("Task exception was never retrieved"))
                self.assertEqual(said[-1]["text"], "main ends\n")


    def test_the_log_comes_between_the_steps_of_its_iteration_as_in_cpython(self):
        # CPython frees a failed task nobody holds when its loop takes up
        # the next callback: the log comes before the next step's print.
        # The tracer held the iteration's steps to its end: here the log
        # came after "good 2" (CPython 3.11.7: "good 0", log a, "good 1",
        # log b, "good 2"). One main() holds is logged when main() drops it.
        source = """
            import asyncio

            async def bad(n):
                await asyncio.sleep(0)
                raise ValueError(n)

            async def good(i):
                await asyncio.sleep(0)
                print("good", i)
                await asyncio.sleep(0)
                print("again", i)

            async def first_step():
                raise KeyError("first step")

            async def main():
                held = asyncio.create_task(bad("held"))
                kept = [asyncio.create_task(good(0))]
                asyncio.create_task(bad("a"))   # nobody holds these two
                kept.append(asyncio.create_task(good(1)))
                asyncio.create_task(bad("b"))
                kept.append(asyncio.create_task(good(2)))
                await asyncio.sleep(0.1)
                asyncio.create_task(first_step())
                kept.append(asyncio.create_task(good(3)))
                await asyncio.sleep(0.1)
                print("main drops held")
                del held
                print("main done")

            asyncio.run(main())
        """

        def merged(text):
            # The printed lines and each log's last line (the exception).
            return [line for line in text.splitlines()
                    if not line.startswith((" ", "Traceback", "future:", "Task exception"))]

        run = Run(source)
        self.assertEqual(run.rc, 0, run.stderr)
        said = "".join(e["text"] for e in run.lines if e["ev"] == "output")
        with tempfile.TemporaryDirectory() as tmp:
            prog = os.path.join(tmp, "prog.py")
            with open(prog, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(source).lstrip("\n"))
            real = subprocess.run([sys.executable, "-u", prog], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True, timeout=60)
        self.assertEqual(merged(said), merged(real.stdout))
        self.assertEqual(merged(said)[:5], ["good 0", "ValueError: a", "good 1", "ValueError: b", "good 2"])
        # Each warning follows its task's failed line, and names it; the log's output is no task's.
        for warning in [w for w in run.events("warning") if w["kind"] == "exception_never_retrieved"]:
            at = run.lines.index(warning)
            self.assertIn({"ev": "failed", "task": warning["task"]},
                          [{"ev": e["ev"], "task": e.get("task")} for e in run.lines[:at]])
        logs = [e for e in run.lines if e["ev"] == "output" and e["text"].startswith("Task exception")]
        self.assertEqual(len(logs), 4)
        self.assertTrue(all("task" not in e for e in logs), logs)


class NeverAwaited(unittest.TestCase):
    """A coroutine never awaited is told on the program's line that dropped
    it. One kept in a local of main() is dropped when main() returns, as its
    task's step ends in the loop (CPython names asyncio's events.py): the
    warning named the line that runs the loop, asyncio.run(main()), which a
    student reads as main() never awaited; it names fetch's def now."""

    def test_a_coroutine_dropped_as_its_task_ends_is_told_at_its_def(self):
        run = Run("""
            import asyncio

            async def fetch(i):
                await asyncio.sleep(0.1)

            async def main():
                fetch(1)
                kept = fetch(2)
                await asyncio.sleep(0.2)

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        told = [(w["t"], w["line"]) for w in run.events("warning") if w["kind"] == "never_awaited"]
        # fetch(1) dropped on its own line at once; kept dropped as main() returns: at fetch's def
        self.assertEqual(told, [(0.0, 7), (0.2, 3)])
        said = "".join(e["text"] for e in run.lines if e["ev"] == "output" and e["stream"] == "stderr")
        self.assertIn("asyncio/events.py:80: RuntimeWarning: coroutine 'fetch' was never awaited", said)


class ConditionHelpers(unittest.TestCase):
    """`await asyncio.wait_for(cond.wait(), t)` inside `async with cond:`:
    3.11 runs cond.wait() in an inner task, which releases the lock its maker
    took and takes it back. The release is the maker's: it was drawn holding
    the lock while it waited (three holders of one Lock at once), as a plain
    `await cond.wait()` is not."""

    PROGRAM = """
        import asyncio

        async def waiter(i, cond):
            async with cond:
                await WAIT
                await asyncio.sleep(0.5)

        async def main():
            cond = asyncio.Condition()
            tasks = [asyncio.create_task(waiter(i, cond)) for i in range(3)]
            await asyncio.sleep(1)
            async with cond:
                cond.notify_all()
            await asyncio.gather(*tasks)

        asyncio.run(main())
    """

    def _holders(self, run):
        """(t, task) of each release, and the tasks with lanes."""
        return ([(e["t"], e["task"]) for e in run.events("release")],
                sorted(e["task"] for e in run.events("created")))

    def test_the_lock_released_inside_wait_for_is_the_makers(self):
        run = Run(self.PROGRAM.replace("WAIT", "asyncio.wait_for(cond.wait(), timeout=5)"))
        plain = Run(self.PROGRAM.replace("WAIT", "cond.wait()"))
        self.assertEqual(run.rc, 0, run.stderr)
        releases, lanes = self._holders(run)
        self.assertEqual(lanes, [0, 1, 2])  # wait_for's inner tasks have none
        self.assertEqual(sorted(task for t, task in releases if t == 0.0), [0, 1, 2])
        self.assertEqual(self._holders(plain), (releases, lanes))
        # Never more than one holder of the Lock.
        self.assertLessEqual(max(e["value"] for e in run.events("permits")), 1)


class MainJobs(unittest.TestCase):
    """Jobs the program's main coroutine hands to a pool itself (main() has no
    lane): main_thread_queued/begin/end lines, numbered in hand-over order."""

    PROGRAM = """
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
            with concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
                a = loop.run_in_executor(pool, blocking, 0)
                b = loop.run_in_executor(pool, blocking, 0)
                b.cancel()
                await a
            try:
                await asyncio.wait_for(loop.run_in_executor(None, blocking, 2), 0.1)
            except asyncio.TimeoutError:
                pass
            await asyncio.wait_for(asyncio.to_thread(blocking, 0), 1)

        if __name__ == "__main__":
            asyncio.run(main())
    """

    def test_main_s_jobs_begin_and_end_at_their_virtual_times(self):
        run = Run(self.PROGRAM)
        self.assertEqual(run.rc, 0, run.stderr)
        jobs = [(e["t"], e["ev"], e["job"], e.get("pool")) for e in run.lines if e["ev"].startswith("main_thread_")]
        for e in run.lines:
            if e["ev"].startswith("main_thread_"):
                self.assertNotIn("task", e)
        B, Q, E = "main_thread_begin", "main_thread_queued", "main_thread_end"
        self.assertEqual(jobs, [
            # A pool of two, five jobs of 0.1 to 0.5 s: 0 and 1 run at once,
            # 2, 3, 4 wait in its queue, each taking the worker that ends first.
            (0.0, B, 0, None), (0.0, B, 1, None),
            (0.0, Q, 2, None), (0.0, Q, 3, None), (0.0, Q, 4, None),
            (0.1, E, 0, None), (0.1, B, 2, None),
            (0.2, E, 1, None), (0.2, B, 3, None),
            (0.4, E, 2, None), (0.4, B, 4, None),
            (0.6000000000000001, E, 3, None),
            (0.9, E, 4, None),
            # asyncio.to_thread awaited in main(): the default pool.
            (0.9, B, 5, None), (1.0, E, 5, None),
            # A process pool of one: the second job waits, and is dropped
            # from the queue when its future is cancelled (no begin).
            (1.0, B, 6, "process"), (1.0, Q, 7, "process"), (1.0, E, 7, "process"),
            (1.1, E, 6, "process"),
            # wait_for gives up at 1.2 s; the job runs on to its end (no
            # thread_left: main() has no lane to leave).
            (1.1, B, 8, None), (1.4000000000000001, E, 8, None),
        ])
        self.assertEqual([e for e in run.lines if e["ev"] == "thread_left"], [])
        # wait_for of a coroutine runs it in an inner task: a task's job, not main()'s.
        created = run.events("created")
        self.assertEqual(len(created), 1)
        tid = created[0]["task"]
        kinds = [e["ev"] for e in run.lines if e.get("task") == tid and e["ev"].startswith("thread_")]
        self.assertEqual(kinds, ["thread_begin", "thread_end"])
        self.assertEqual(run.last()["ev"], "end")


class TimerTies(unittest.TestCase):
    """Timers set for one delay at one instant fall due at the same virtual
    time and run in heap order, which can differ from the order they were
    set in (a real clock's order): the runner says so once, where it first
    happens (a `timer_tie` warning), and not where the order held."""

    TEN_SLEEPS = """
        import asyncio

        async def job(i):
            await asyncio.sleep(1)
            print(i)

        async def main():
            await asyncio.gather(*(job(i) for i in range(10)))

        asyncio.run(main())
    """

    def test_equal_sleeps_run_in_heap_order_and_the_first_task_passed_over_is_named(self):
        run = Run(self.TEN_SLEEPS)
        self.assertEqual(run.rc, 0, run.stderr)
        printed = [int(text) for t, text in run.printed()]
        self.assertEqual(sorted(printed), list(range(10)))
        self.assertNotEqual(printed, list(range(10)))  # heap order: the tie this test is about
        # The real clock parts the ten deadlines by microseconds: the order they were set in.
        real = subprocess.run([sys.executable, "-c", textwrap.dedent(self.TEN_SLEEPS)], capture_output=True,
                              text=True, timeout=60)
        self.assertEqual([int(x) for x in real.stdout.split()], list(range(10)))
        # The first job passed over: the first place where the order departs.
        k = next(i for i, v in enumerate(printed) if v != i)
        task_of = {e["text"]: e["task"] for e in run.events("output")}
        ties = [w for w in run.events("warning") if w["kind"] == "timer_tie"]
        self.assertEqual(len(ties), 1, ties)
        tie = ties[0]
        self.assertEqual(tie["t"], 1.0)
        self.assertEqual(tie["task"], task_of["%d\n" % k])
        self.assertEqual((tie["file"], tie["line"]), ("prog.py", 4))  # the sleep it waits in
        self.assertIn("task %d's timer" % task_of["%d\n" % printed[k]], tie["message"])
        self.assertIn("ran before task %d's timer" % tie["task"], tie["message"])
        # The same as data, for the app to word in its own language.
        names = {e["task"]: e["name"] for e in run.events("created")}
        ran = task_of["%d\n" % printed[k]]
        self.assertEqual(tie["ran"], {"task": ran, "name": names[ran]})
        self.assertEqual(tie["before"], {"task": tie["task"], "name": names[tie["task"]]})

    def test_no_warning_where_timers_ran_in_the_order_they_were_set(self):
        run = Run("""
            import asyncio

            async def job(i, d):
                await asyncio.sleep(d)
                print(i)

            async def main():
                # Two equal sleeps alone (a heap of two pops them in the
                # order they came), then sleeps of their own lengths.
                await asyncio.gather(job(0, 1), job(1, 1))
                await asyncio.gather(*(job(i, 0.1 * i) for i in range(2, 8)))

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([w for w in run.events("warning") if w["kind"] == "timer_tie"], [])

    def test_a_tie_of_queue_workers_with_no_lane_names_them_not_main(self):
        # Six users borrow two connections with wait_for(pool.get(), 0.35):
        # users 4 and 5 (tasks Task-6 and Task-7, Queue workers with no lane
        # while they wait) time out at 0.35, here in heap order (Task-7
        # first), in CPython in the order they were set (Task-6 first). The
        # tie named both "main()'s timer".
        source = """
            import asyncio

            async def user(pool):
                try:
                    conn = await asyncio.wait_for(pool.get(), timeout=0.35)
                except TimeoutError:
                    print(asyncio.current_task().get_name(), "no connection")
                    return
                await asyncio.sleep(0.2)
                pool.put_nowait(conn)

            async def main():
                pool = asyncio.Queue()
                for c in ("conn-a", "conn-b"):
                    pool.put_nowait(c)
                await asyncio.gather(*(user(pool) for i in range(6)))

            asyncio.run(main())
        """
        run = Run(source)
        self.assertEqual(run.rc, 0, run.stderr)
        here = [text.split()[0] for _, text in run.printed()]
        code, real = real_run(source)
        self.assertEqual(code, 0)
        there = [line.split()[0] for line in real.splitlines()]
        self.assertEqual(sorted(here), sorted(there))
        self.assertNotEqual(here, there)  # (the tie this test is about)
        ties = [w for w in run.events("warning") if w["kind"] == "timer_tie"]
        self.assertEqual(len(ties), 1, ties)
        # The one that ran first here, before the one set first (a real run's first).
        self.assertEqual((ties[0]["ran"], ties[0]["before"]), ({"name": here[0]}, {"name": there[0]}))
        self.assertIn("%s's timer (a task with no lane) ran before %s's timer (a task with no lane)"
                      % (here[0], there[0]), ties[0]["message"])
        self.assertEqual((ties[0]["file"], ties[0]["line"]), ("prog.py", 5))  # where the one set first waits
        self.assertNotIn("task", ties[0])  # (no lane to name)

    def test_a_callbacks_tie_names_its_calls_and_no_line(self):
        run = Run("""
            import asyncio

            def hello(i):
                print(i)

            async def main():
                loop = asyncio.get_running_loop()
                for i in range(6):
                    loop.call_later(0.5, hello, i)
                await asyncio.sleep(1)

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        printed = [int(text) for t, text in run.printed()]
        k = next(i for i, v in enumerate(printed) if v != i)
        ties = [w for w in run.events("warning") if w["kind"] == "timer_tie"]
        self.assertEqual(len(ties), 1, ties)
        self.assertEqual(ties[0]["t"], 0.5)
        self.assertIn("main()'s timer for hello(%d) ran before main()'s timer for hello(%d), set earlier"
                      % (printed[k], k), ties[0]["message"])
        self.assertNotIn("line", ties[0])  # set by a call_later elsewhere than where main() waits

    def test_a_tie_but_for_the_rounding_of_sums_of_delays_is_a_tie(self):
        # a's second timer, set at 0.6, is due at 0.6 + 0.5 = 1.1; b's last,
        # set later, at eleven sums of 0.1: 1.0999999999999999, one unit in
        # the last place earlier, so b printed first. Real CPython prints a
        # first (the timer set first is due first), every run: the runner
        # said nothing (only equal times were ties).
        run = Run("""
            import asyncio

            async def a():
                await asyncio.sleep(0.6)
                await asyncio.sleep(0.5)
                print("a")

            async def b():
                for _ in range(11):
                    await asyncio.sleep(0.1)
                print("b")

            async def main():
                await asyncio.gather(a(), b())

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([text for t, text in run.printed()], ["b\n", "a\n"])
        ties = [w for w in run.events("warning") if w["kind"] == "timer_tie"]
        self.assertEqual(len(ties), 1, ties)
        names = {e["task"]: e["name"] for e in run.events("created")}
        self.assertEqual(ties[0]["t"], 1.0999999999999999)
        self.assertEqual((names[ties[0]["ran"]["task"]], names[ties[0]["before"]["task"]]), ("Task-3", "Task-2"))

    def test_a_tie_of_queue_workers_names_the_items_they_run(self):
        # Two workers (no lanes of their own) sleep over their items, three
        # producers feed a full queue: the workers' timers tie at 0.35. A
        # worker running an item is that item's lane: the warning named the
        # lane's id with the worker's asyncio name ("task 6's timer (Task-6)"
        # for the lane of "item 1: p1-0").
        run = Run("""
            import asyncio

            async def producer(name, q):
                i = 0
                while True:
                    await q.put(f"{name}-{i}")
                    i += 1
                    await asyncio.sleep(0.1)

            async def consumer(q):
                while True:
                    await q.get()
                    await asyncio.sleep(0.35)
                    q.task_done()

            async def main():
                q = asyncio.Queue(maxsize=2)
                producers = [asyncio.create_task(producer(f"p{n}", q)) for n in range(3)]
                consumers = [asyncio.create_task(consumer(q)) for _ in range(2)]
                await asyncio.sleep(1.0)
                for p in producers:
                    p.cancel()
                await asyncio.gather(*producers, return_exceptions=True)
                await q.join()
                for c in consumers:
                    c.cancel()

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        ties = [w for w in run.events("warning") if w["kind"] == "timer_tie"]
        self.assertEqual(len(ties), 1, ties)
        names = {e["task"]: e["name"] for e in run.events("created")}
        for timer in (ties[0]["ran"], ties[0]["before"]):
            self.assertTrue(timer["name"].startswith("item "), timer)
            self.assertEqual(names[timer["task"]], timer["name"])
        self.assertIn("task %d's timer (%s) ran before" % (ties[0]["ran"]["task"], ties[0]["ran"]["name"]),
                      ties[0]["message"])

    def test_a_tie_of_pool_threads_sleeping_names_the_threads(self):
        # Twelve jobs of the default pool each time.sleep(0.2): the ends of
        # the eight first, due at 0.2 together, run in heap order. Those
        # timers are the threads' (made on them while main() waits): the
        # warning said "main()'s timer ran before main()'s timer".
        run = Run("""
            import asyncio, time

            def blocking(i):
                time.sleep(0.2)
                return i

            async def main():
                loop = asyncio.get_running_loop()
                results = await asyncio.gather(*(loop.run_in_executor(None, blocking, i) for i in range(12)))
                print(len(results))

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        ties = [w for w in run.events("warning") if w["kind"] == "timer_tie"]
        self.assertEqual(len(ties), 1, ties)
        ran, before = ties[0]["ran"], ties[0]["before"]
        self.assertEqual(sorted(ran), ["main", "thread"])
        self.assertEqual(sorted(before), ["main", "thread"])
        self.assertNotEqual(ran["thread"], before["thread"])
        self.assertIn("the time.sleep() of main()'s job in thread %s ran before the time.sleep() of main()'s job in "
                      "thread %s" % (ran["thread"], before["thread"]), ties[0]["message"])
        self.assertNotIn("task", ties[0])

    def test_a_tie_of_to_thread_jobs_names_their_tasks_and_where_the_first_waits(self):
        # Ten tasks each `await asyncio.to_thread(work, i)`, work sleeping
        # 1 s: the jobs' ends tie at 1.0. Each thread runs a task's job.
        run = Run("""
            import asyncio, time

            def work(i):
                time.sleep(1)
                return i

            async def one(i):
                await asyncio.to_thread(work, i)

            async def main():
                await asyncio.gather(*(one(i) for i in range(10)))

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        ties = [w for w in run.events("warning") if w["kind"] == "timer_tie"]
        self.assertEqual(len(ties), 1, ties)
        names = {e["task"]: e["name"] for e in run.events("created")}
        ran, before = ties[0]["ran"], ties[0]["before"]
        for timer in (ran, before):
            self.assertEqual(sorted(timer), ["name", "task", "thread"])
            self.assertEqual(names[timer["task"]], timer["name"])
        self.assertIn("the time.sleep() of task %d's job (%s) in thread %s ran before"
                      % (ran["task"], ran["name"], ran["thread"]), ties[0]["message"])
        # The one set first waited where its task awaits the job.
        self.assertEqual((ties[0]["task"], ties[0]["line"]), (before["task"], 8))

    def test_a_threads_callback_queued_behind_a_timer_set_after_its_sleep_is_a_tie(self):
        # The thread's time.sleep(0.2), set at 0, and the ticker's second
        # sleep(0.1), set at 0.1, end at 0.2: the thread's call_soon_threadsafe
        # runs after the ticker's timer here; real CPython woke the waiter
        # first in 20 runs of 20. The runner said nothing.
        run = Run("""
            import asyncio, threading, time

            def producer(loop, fut):
                time.sleep(0.2)
                loop.call_soon_threadsafe(fut.set_result, "x")

            async def waiter(fut):
                await fut
                print("waiter")

            async def ticker():
                await asyncio.sleep(0.1)
                await asyncio.sleep(0.1)
                print("ticker")

            async def main():
                loop = asyncio.get_running_loop()
                fut = loop.create_future()
                th = threading.Thread(target=producer, args=(loop, fut), name="producer")
                th.start()
                await asyncio.gather(waiter(fut), ticker())
                th.join()

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([text for t, text in run.printed()], ["ticker\n", "waiter\n"])
        ties = [w for w in run.events("warning") if w["kind"] == "timer_tie"]
        self.assertEqual(len(ties), 1, ties)
        self.assertEqual(ties[0]["t"], 0.2)
        self.assertEqual(ties[0]["before"], {"thread": "producer"})
        self.assertIn("ran before the time.sleep() of thread producer, set earlier", ties[0]["message"])

    RATE_LIMITER = """
        import asyncio

        class RateLimiter:
            def __init__(self, rate):
                self.interval = 1.0 / rate
                self.next_slot = 0.0
                self.lock = asyncio.Lock()

            async def wait(self):
                async with self.lock:
                    loop = asyncio.get_running_loop()
                    t = loop.time()
                    if t < self.next_slot:
                        await asyncio.sleep(self.next_slot - t)
                        t = self.next_slot
                    self.next_slot = t + self.interval

        async def call(i, rl):
            await rl.wait()
            print(i, "starts")
            await asyncio.sleep(0.75)
            print(i, "ends")

        async def main():
            rl = RateLimiter(4)
            await asyncio.gather(*(call(i, rl) for i in range(5)))

        asyncio.run(main())
    """

    def test_a_tie_with_a_deadline_computed_from_the_clock_is_said(self):
        # Call 3 sleeps at 0.5 until its slot, 0.75 (next_slot -
        # loop.time()); call 0's sleep(0.75), set at 0, falls due then too.
        # On the virtual clock call 0's runs first (set first); real CPython
        # 3.11.7 printed "3 starts" before "0 ends" in every run: the slot is
        # anchored to the first reading, call 0's deadline to a later
        # moment. The runner cannot know which: it says so (it said nothing).
        run = Run(self.RATE_LIMITER)
        self.assertEqual(run.rc, 0, run.stderr)
        ties = [w for w in run.events("warning") if w["kind"] == "clock_tie"]
        self.assertEqual(len(ties), 1, ties)
        tie = ties[0]
        self.assertEqual(tie["t"], 0.75)
        names = {e["task"]: e["name"] for e in run.events("created")}
        call = {names[e["task"]]: i for i, e in enumerate(run.events("created"))}
        self.assertEqual((call[tie["first"]["name"]], call[tie["second"]["name"]]), (0, 3))
        self.assertTrue(tie["second"]["computed"])
        self.assertNotIn("computed", tie["first"])
        self.assertEqual((tie["task"], tie["line"]), (tie["second"]["task"], 14))  # where call 3 sleeps
        self.assertIn("was set from a reading of the clock", tie["message"])
        # Not a tie of timers set in order: no timer_tie.
        self.assertEqual([w for w in run.events("warning") if w["kind"] == "timer_tie"], [])

    def test_no_clock_tie_for_fixed_delays_or_readings_only_printed(self):
        # Ties of timers set at different instants for fixed delays (a
        # real clock keeps the one set first first), beside readings that
        # are only printed (loop.time() - start) or compared: no clock_tie.
        run = Run("""
            import asyncio, time

            async def job(i, d, start):
                loop = asyncio.get_running_loop()
                await asyncio.sleep(d)
                print(i, round(loop.time() - start, 2), time.monotonic() - start < 5)
                await asyncio.sleep(1.0 - d)
                print(i, "again", round(loop.time() - start, 2))

            async def main():
                start = asyncio.get_running_loop().time()
                await asyncio.gather(job(0, 0.5, start), job(1, 0.25, start), job(2, 0.75, start))

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([w for w in run.events("warning") if w["kind"] == "clock_tie"], [])


class Spins(unittest.TestCase):
    """Fake CPU work, `while time.perf_counter() - t < 0.3: pass`: a spin
    on the clock is a wait until its comparison turns (vclock.Clock.compared).
    0.6 + 0.3 is 0.8999999999999999, where perf_counter() - t is still below
    0.3: waited until 0.6 + 0.3, the spin went on for ever (the run stopped
    after 30 s of wall time as a blocking loop); so at its bound did `now <=
    end`; a spin on perf_counter_ns() was not noticed at all. Each form, in a
    coroutine (the loop blocked) and in a thread."""

    FORMS = {
        "elapsed <": "while time.perf_counter() - t < 0.3: n += 1",
        "elapsed <=": "while time.perf_counter() - t <= 0.3: n += 1",
        "elapsed >=": "while not (time.perf_counter() - t >= 0.3): n += 1",
        "elapsed >": "while not (time.perf_counter() - t > 0.3): n += 1",
        "deadline <": "end = t + 0.3\n    while time.perf_counter() < end: n += 1",
        "deadline <=": "end = t + 0.3\n    while time.perf_counter() <= end: n += 1",
        "deadline >": "end = t + 0.3\n    while not (time.monotonic() > end): n += 1",
        "ns elapsed <": "t = time.perf_counter_ns()\n    while time.perf_counter_ns() - t < 300_000_000: n += 1",
        "ns elapsed <=": "t = time.perf_counter_ns()\n    while time.perf_counter_ns() - t <= 300_000_000: n += 1",
        "ns deadline <": "end = time.monotonic_ns() + 300_000_000\n    while time.monotonic_ns() < end: n += 1",
        "ns deadline <=": "end = time.monotonic_ns() + 300_000_000\n    while time.monotonic_ns() <= end: n += 1",
    }

    PROGRAM = """
import asyncio, time

def work():
    t = time.perf_counter()
    n = 0
    FORM
    return n

async def main():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(0.6)
    WHERE
    print(round(loop.time(), 9))

asyncio.run(main())
"""

    def test_a_spin_on_the_clock_ends_where_its_comparison_turns(self):
        for name, form in self.FORMS.items():
            for where in ("work()", "await asyncio.to_thread(work)"):
                with self.subTest(form=name, where=where):
                    run = Run(self.PROGRAM.replace("FORM", form).replace("WHERE", where), "--max-wall", "10")
                    self.assertEqual(run.rc, 0, run.stderr)
                    (t, text), = run.printed()
                    # (A nanosecond clock compared with <= turns a nanosecond past its bound.)
                    until = 0.900000001 if name.startswith("ns") and name.endswith("<=") else 0.9
                    self.assertEqual(float(text), until)
                    self.assertAlmostEqual(t, until, delta=1e-12)


    def test_a_sleep_too_short_to_move_the_clock_still_lets_it_move(self):
        # A token bucket sleeps (1 - tokens) / rate: after 0.2 s of refill
        # at 5 a second its count is 0.9999999999999998, the sleep 4e-17 s,
        # and now + 4e-17 == now: the clock stood still, the task found the
        # same count and slept as little again, and the run was stopped at
        # 0.8 s as a spin. CPython 3.11.7 prints the list at 1.3 s.
        source = """
            import asyncio

            class TokenBucket:
                def __init__(self, rate):
                    self.rate, self.tokens, self.updated = rate, 1.0, None

                async def acquire(self):
                    loop = asyncio.get_running_loop()
                    if self.updated is None:
                        self.updated = loop.time()
                    while True:
                        now = loop.time()
                        self.tokens = min(1.0, self.tokens + (now - self.updated) * self.rate)
                        self.updated = now
                        if self.tokens >= 1:
                            self.tokens -= 1
                            return
                        await asyncio.sleep((1 - self.tokens) / self.rate)

            async def fetch(bucket, i):
                await bucket.acquire()
                await asyncio.sleep(0.3)
                return i

            async def main():
                loop = asyncio.get_running_loop()
                t0 = loop.time()
                print(await asyncio.gather(*(fetch(TokenBucket(5), i) for i in range(1))),
                      await asyncio.gather(*(fetch(bucket, i) for bucket in [TokenBucket(5)] for i in range(6))),
                      round(loop.time() - t0, 1))

            asyncio.run(main())
        """
        run = Run(source, "--max-wall", "20")
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertFalse([e for e in run.lines if e["ev"] == "stopped"])
        printed = "".join(text for _, text in run.printed())
        self.assertEqual(printed, "[0] [0, 1, 2, 3, 4, 5] 1.6\n")
        code, out = real_run(source, want=printed)
        self.assertEqual((code, out), (0, printed))

class StoppedMidStep(unittest.TestCase):
    """A run the runner stops in a task's step (a refused call) keeps the
    "created" of the tasks that had started: the tracer writes them after
    the loop's iteration, which a stop never reaches. A program whose
    gather()'s first task starts a subprocess was a trace of no task at all
    ("0 tasks" in the app) though one was running."""

    def test_the_task_that_called_the_refused_function_has_its_lane(self):
        run = Run("""
            import asyncio

            async def run(d):
                proc = await asyncio.create_subprocess_exec("sleep", str(d))
                await proc.wait()

            async def main():
                await asyncio.gather(run(0.2), run(0.4))

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, EXIT_STOPPED, run.stderr)
        # Task 0 in its first step; task 1, queued, has not started (no lane yet, as in any trace)
        self.assertEqual([e["ev"] for e in run.lines], ["meta", "created", "stopped"])
        self.assertEqual(run.events("created")[0]["task"], 0)
        self.assertEqual((run.last()["reason"], run.last()["line"]), ("real_io", 4))


class SetOrder(unittest.TestCase):
    """A TaskGroup that aborts cancels the tasks it has left in the order of
    a set of them: here an order fixed by their creation numbers (mostly
    the order they were made in), in CPython their memory addresses
    (CPython 3.11.7 printed the five siblings' cancels as 0, 3, 1, 2, 4 in
    three runs out of three; this run 0, 1, 2, 3, 4). The
    runner says so once (a `set_order` warning) where two or more are
    cancelled; not where one is."""

    PROGRAM = """
        import asyncio

        async def sib(i):
            try:
                await asyncio.sleep(5)
            except asyncio.CancelledError:
                print("sibling", i, "cancelled")
                raise

        async def bad():
            await asyncio.sleep(0.3)
            raise ValueError("bad")

        async def main():
            try:
                async with asyncio.TaskGroup() as tg:
                    for i in range(SIBLINGS):
                        tg.create_task(sib(i))
                    tg.create_task(bad())
            except* ValueError:
                print("group failed")
            try:
                async with asyncio.TaskGroup() as tg:
                    for i in range(SIBLINGS):
                        tg.create_task(sib(10 + i))
                    tg.create_task(bad())
            except* ValueError:
                print("group failed")

        asyncio.run(main())
    """

    def test_a_task_group_cancelling_several_tasks_says_their_order_is_a_sets(self):
        run = Run(self.PROGRAM.replace("SIBLINGS", "5"))
        self.assertEqual(run.rc, 0, run.stderr)
        told = [w for w in run.events("warning") if w["kind"] == "set_order"]
        self.assertEqual(len(told), 1)  # once, at the first group's abort
        self.assertEqual((told[0]["t"], told[0]["count"], told[0]["line"]), (0.3, 5, 16))  # main's async with
        self.assertNotIn("task", told[0])  # main() has no lane

    def test_the_note_does_not_say_creation_order_where_the_run_s_order_is_not(self):
        # Five siblings made after 27 other tasks: this run cancels them 4,
        # 0, 1, 2, 3 (a set's hash order of creation numbers 31 to 35 in a
        # table of 32), CPython 3.11.7 4, 2, 0, 1, 3. The note said "here the
        # order they were made in".
        run = Run(textwrap.dedent(self.PROGRAM).replace("SIBLINGS", "5").replace(
            "async def main():\n", "async def main():\n    for _ in range(27):\n"
            "        await asyncio.create_task(asyncio.sleep(0))\n", 1))
        self.assertEqual(run.rc, 0, run.stderr)
        printed = [text for _, text in run.printed()]
        order = [int(text.split()[1]) for text in printed[:5]]
        self.assertNotEqual(order, sorted(order))  # not the order they were made in
        told = [w for w in run.events("warning") if w["kind"] == "set_order"]
        self.assertEqual(len(told), 1)
        self.assertNotIn("the order they were made in", told[0]["message"])
        self.assertIn("here an order fixed by when they were made, the same every run", told[0]["message"])

    def test_as_completed_of_coroutines_says_their_tasks_start_in_a_sets_order(self):
        # CPython 3.11.7 printed "start 2, 3, 1, 0, 4" (three runs of three); this run 0 to 4.
        run = Run("""
            import asyncio

            async def fetch(i):
                print("start", i)
                await asyncio.sleep(0.1 * (5 - i))
                return i

            async def main():
                for c in asyncio.as_completed([fetch(i) for i in range(5)]):
                    await c
                for c in asyncio.as_completed([fetch(i) for i in range(2)]):
                    await c
                one = [asyncio.ensure_future(fetch(i)) for i in range(2)]  # tasks: made in the program's order
                for c in asyncio.as_completed(one):
                    await c

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        told = [w for w in run.events("warning") if w["kind"] == "set_order"]
        self.assertEqual([(w["t"], w["count"], w["what"], w["line"]) for w in told], [(0.0, 5, "as_completed", 9)])

    def test_going_through_a_wait_set_of_several_tasks_says_its_order_is_a_sets(self):
        # CPython 3.11.7 printed these five results as 0, 3, 1, 2, 4 (six runs of six), 1, 0, 4, 3, 2 under
        # -X dev; two tasks came either way round as the objects made before them changed. This run: 0 to 4.
        run = Run("""
            import asyncio

            async def job(i):
                await asyncio.sleep(0.1 * (i // 5))
                return i

            async def main():
                tasks = [asyncio.create_task(job(i)) for i in range(6)]
                done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                print(len(done), len(pending), tasks[5] in pending)
                for t in done:
                    print(t.result())
                print(done)

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        told = [w for w in run.events("warning") if w["kind"] == "set_order"]
        self.assertEqual([(w["t"], w["count"], w["what"], w["set"], w["line"]) for w in told],
                         [(0.0, 5, "wait", "done", 11)])  # once: the for, not the print after it
        printed = [text for _, text in run.printed()]
        self.assertEqual(printed[0], "5 1 True\n")
        self.assertTrue(printed[-1].startswith("{<Task finished name='Task-") and printed[-1].endswith("}\n"),
                        printed[-1])  # printed as a plain set is

    def test_a_wait_set_gone_through_in_no_order_of_its_own_is_no_order(self):
        # sorted() of the set (or of what a comprehension makes of it), any(),
        # a `for _ in` count: no order of the set's shows (coroscope-cli
        # python's programs report sorted(done, key=...), and top up with
        # `for _ in done`: no note for them). A list of it is in its order.
        run = Run("""
            import asyncio

            async def job(i):
                await asyncio.sleep(0.1)
                return i

            async def main():
                tasks = [asyncio.create_task(job(i)) for i in range(4)]
                ids = {t: i for i, t in enumerate(tasks)}
                done, pending = await asyncio.wait(tasks)
                for _ in range(3):  # (again, once CPython has specialised the calls)
                    for t in sorted(done, key=ids.get):
                        print(t.result())
                    print(sorted(t.result() for t in done), any(t.cancelled() for t in done))
                    print(max(done, key=ids.get) is tasks[3])
                    print(sorted([ids[t] for t in done]))
                    n = 0
                    for _ in done:
                        n += 1
                print(n)
                print([t.result() for t in done])

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        told = [w for w in run.events("warning") if w["kind"] == "set_order"]
        self.assertEqual([(w["count"], w["what"], w["line"]) for w in told], [(4, "wait", 21)])  # the list only

    WAIT_PROGRAM = """
        import asyncio

        async def job(i):
            await asyncio.sleep(0.1 * (i % 2))
            return i

        async def main():
            tasks = [asyncio.create_task(job(i)) for i in range(4)]
            ids = {t: i for i, t in enumerate(tasks)}
            done, pending = await asyncio.wait(tasks[:3])
            for _ in range(10):  # (again, once CPython has specialised the calls)
                USE

        asyncio.run(main())
    """

    def wait_set_orders(self, use):
        run = Run(self.WAIT_PROGRAM.replace("USE", use))
        self.assertEqual(run.rc, 0, run.stderr)
        return [(w["count"], w["set"], w["line"]) for w in run.events("warning") if w["kind"] == "set_order"]

    def test_a_copy_of_a_wait_set_taken_order_free_is_no_order(self):
        # A list() or tuple() of the set given to sorted()/max()/len(), a len() of a
        # comprehension that only reads, a key= lambda that only reads: no order shows
        # (each was told as the set's order).
        for use in ("print(sorted(list(done), key=ids.get)[0] is tasks[0], len(list(done)))",
                    "print(len([t for t in done if t.exception() is None]), max(tuple(done), key=ids.get) is tasks[2])",
                    "print(sorted(done, key=lambda t: ids[t])[-1].result(), len(tuple(pending)))"):
            with self.subTest(use=use):
                self.assertEqual(self.wait_set_orders(use), [])

    def test_a_wait_set_gone_through_by_calls_that_show_their_order_is_told(self):
        # A print() in a comprehension any() takes, or in a key= lambda: the calls come in
        # the set's order (they were taken for no order). A copy made with an operator or
        # a method (done | pending, done.copy(), {first} | done) goes through the same
        # tasks in the same order (it was a plain set: never told).
        for use, told in (("print(any(print(t.result()) for t in done))", [(3, "done", 12)]),
                          ("print(sorted(done, key=lambda t: print(ids[t]) or ids[t])[0].result())", [(3, "done", 12)]),
                          ("print([t.result() for t in done | {tasks[3]}])", [(4, "done", 12)]),
                          ("print([t.result() for t in {tasks[3]} | done])", [(4, "done", 12)]),
                          ("print([t.result() for t in done.copy()])", [(3, "done", 12)]),
                          ("print([t.result() for t in set(tasks) & done])", [(3, "done", 12)]),
                          ("print([t.get_name() for t in pending.union(done)])", [(3, "pending", 12)])):
            with self.subTest(use=use):
                self.assertEqual(self.wait_set_orders(use), told)

    def test_a_key_whose_values_tie_shows_the_set_s_order(self):
        # sorted(done, key=...) keeps tasks of equal keys in the order it met them, the
        # set's; min() and max() return the first of those that tie: that order shows
        # (it was taken for no order). The runner computes a key that only reads: told
        # where two tie where it matters, not otherwise; a key it cannot read is told.
        for use, told in (("print([t.result() for t in sorted(done, key=lambda t: t.result() % 2)])", True),
                          ("print(min(done, key=lambda t: t.result() % 2).result())", True),
                          ("print(max(done, key=lambda t: t.result() % 2).result())", False),
                          ("print(max(list(done), key=ids.get).result(), sorted(done, key=id)[0] in done)", False),
                          ("print(sorted(done, key=__import__('operator').attrgetter('_state'))[0] in done)", True)):
            with self.subTest(use=use):
                self.assertEqual(self.wait_set_orders(use), [(3, "done", 12)] if told else [])

    def test_a_wait_set_copied_in_c_is_told_where_it_is_copied(self):
        # set(done), frozenset(done), {*done}, other.update(done), other |= done copy the
        # set in C: a plain set, iterated unseen (never told). Told, at the copy's line,
        # when wait() returns it; not len(set(done)), nor a copy into wait()'s own set.
        for use, told in (("copy = set(done)\n                print([t.result() for t in copy])",
                           [(3, "done", 12, "set(done)")]),
                          ("print([t.result() for t in frozenset(done)])", [(3, "done", 12, "frozenset(done)")]),
                          ("print([t.result() for t in {*done}])", [(3, "done", 12, "{*done}")]),
                          ("mine = set()\n                mine.update(done)", [(3, "done", 13, ".update(done)")]),
                          ("mine = set()\n                mine |= done", [(3, "done", 13, "|= done")]),
                          ("print(len(set(done)), sorted(frozenset(done), key=ids.get)[0] is tasks[0])", []),
                          ("pending |= done\n                print(len(pending))", [])):
            with self.subTest(use=use):
                run = Run(self.WAIT_PROGRAM.replace("USE", use))
                self.assertEqual(run.rc, 0, run.stderr)
                self.assertEqual([(w["count"], w["set"], w["line"], w["copy"]) for w in run.events("warning")
                                  if w["kind"] == "set_order" and w["what"] == "wait_copy"], told)
                if told:
                    self.assertEqual(run.events("warning")[0]["t"], 0.1)  # when wait() returned it

    def test_a_wait_set_of_one_task_is_no_order(self):
        run = Run("""
            import asyncio

            async def job(i):
                await asyncio.sleep(0.1 * i)
                return i

            async def main():
                tasks = [asyncio.create_task(job(i)) for i in range(3)]
                done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                for t in done:
                    print(t.result(), done, len(pending), tasks[2] in pending)
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                print([t.result() for t in done], pending.pop().get_name())

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([w for w in run.events("warning") if w["kind"] == "set_order"], [])
        printed = [text for _, text in run.printed()]
        self.assertTrue(printed[0].startswith("0 {<Task finished") and printed[0].endswith("} 2 True\n"),
                        printed[0])
        self.assertEqual(printed[1], "[1] Task-4\n")

    def test_one_task_cancelled_is_no_order(self):
        run = Run(self.PROGRAM.replace("SIBLINGS", "1"))
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([w for w in run.events("warning") if w["kind"] == "set_order"], [])
        self.assertEqual([text for _, text in run.printed()].count("group failed\n"), 2)


class InstantTies(unittest.TestCase):
    """Timers set for fixed delays at different instants that fall due at
    one (`sleep(1.5)` at 0, `sleep(0.5)` at 1.0) run in one loop iteration
    here; on a real clock the one set later is due later by the time the
    steps took, usually an iteration or more later (real CPython printed
    "A woke, A after yield, B woke" in 13 of 15 runs, this run "A woke, B
    woke"). The runner says so once (an `instant_tie` warning); not for
    timers set at one instant, nor for instants that do not meet."""

    PROGRAM = """
        import asyncio

        async def a():
            await asyncio.sleep(1.5)
            print("A woke")
            await asyncio.sleep(0)
            print("A after yield")

        async def b():
            await asyncio.sleep(1.0)
            await asyncio.sleep(B_DELAY)
            print("B woke")
            await asyncio.sleep(0)
            print("B after yield")

        async def main():
            await asyncio.gather(a(), b()EXTRA)

        asyncio.run(main())
    """

    def test_timers_set_at_different_instants_due_at_one_are_a_tie(self):
        run = Run(self.PROGRAM.replace("B_DELAY", "0.5").replace("EXTRA", ""))
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([t for t, _ in run.printed()], [1.5] * 4)
        ties = [w for w in run.events("warning") if w["kind"] == "instant_tie"]
        self.assertEqual(len(ties), 1)
        tie = ties[0]
        self.assertEqual(tie["t"], 1.5)
        self.assertEqual((tie["first"], tie["second"]), ({"task": 0, "name": "Task-2"}, {"task": 1, "name": "Task-3"}))
        self.assertEqual((tie["task"], tie["line"]), (1, 11))  # where the one set later waits
        self.assertEqual([w for w in run.events("warning") if w["kind"] in ("timer_tie", "clock_tie")], [])

    def test_the_one_set_later_is_not_said_to_be_due_later(self):
        # fetch-5 is set at 0.4 after two wake-ups (fetch-0's at 0.3, fetch-4's
        # at 0.4), fetch-6 at 0.5 after one (fetch-1's): both due at 0.7. On a
        # real clock each deadline is late by its own chain's wake-ups, so the
        # one set later was due first in 9 runs of 10 (CPython 3.11.7). The
        # note said "the one set later is due a little later".
        source = """
            import asyncio

            async def fetch(i):
                loop = asyncio.get_running_loop()
                if i in (5, 6):
                    due[i] = loop.time() + DELAYS[i]
                await asyncio.sleep(DELAYS[i])

            DELAYS = [0.3, 0.5, 0.2, 0.4, 0.1, 0.3, 0.2]
            due = {}

            async def main():
                todo, running = list(range(7)), set()
                while todo or running:
                    while todo and len(running) < 3:
                        running.add(asyncio.create_task(fetch(todo.pop(0))))
                    done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                print("6 first" if due[6] < due[5] else "5 first")

            asyncio.run(main())
        """
        run = Run(source)
        self.assertEqual(run.rc, 0, run.stderr)
        ties = [w for w in run.events("warning") if w["kind"] == "instant_tie"]
        self.assertEqual(len(ties), 1, ties)
        tie = ties[0]
        self.assertEqual((tie["t"], tie["first"]["task"], tie["second"]["task"]), (0.7, 5, 6))
        firsts = set()
        for _ in range(10):  # (9 runs of 10 had it; a loaded machine's wake-ups are later and less alike)
            code, real = real_run(source)
            self.assertEqual(code, 0)
            firsts.add(real.strip())
            if "6 first" in firsts:
                break
        self.assertIn("6 first", firsts)  # the one set later due first on a real clock
        self.assertNotIn("the one set later is due a little later", tie["message"])
        self.assertIn("in an order those times decide (the one set later can be due first)", tie["message"])

    def test_no_instant_tie_for_timers_set_at_one_instant_or_due_apart(self):
        for delay in ("0.25", "0.75"):
            run = Run(self.PROGRAM.replace("B_DELAY", delay).replace("EXTRA", ", asyncio.sleep(1.5)"))
            self.assertEqual(run.rc, 0, run.stderr)
            # (A's sleep(1.5) and main()'s, both set at 0, meet at 1.5: one
            # instant, no tie of this kind.)
            self.assertEqual([w for w in run.events("warning") if w["kind"] == "instant_tie"], [], delay)


class OnePointTies(unittest.TestCase):
    """Timers set at different instants for one point in time, fixed by one
    reading of the clock (`deadline = loop.time() + 1.0`, then
    `asyncio.timeout_at(deadline)` in tasks that start at 0.2 and 0.4;
    `loop.call_at(t0 + 1.0, ...)` at 0.3, 0.5, 0.7), are due at exactly the
    same time on a real clock too: CPython 3.11.7 ran them in one iteration,
    in the order of its heap, as here (['A', 'C', 'B'] every run). The runner
    said the virtual clock made the tie (instant_tie, and timer_tie: "on a
    real clock the one set first is due a little earlier and runs first").
    Not said now; still said where such a deadline meets a fixed delay."""

    SHARED = """
        import asyncio

        async def worker(name, deadline, start, log):
            await asyncio.sleep(start)
            try:
                async with asyncio.timeout_at(deadline):
                    await asyncio.sleep(10)
            except TimeoutError:
                log.append(name)
                await asyncio.sleep(0)
                log.append(name + "+")

        async def later():
            await asyncio.sleep(0.5)
            await asyncio.sleep(0.5)

        async def main():
            loop = asyncio.get_running_loop()
            t0 = loop.time()
            deadline = loop.time() + 1.0
            log = []
            async def arm(name, delay):
                await asyncio.sleep(delay)
                loop.call_at(t0 + 1.5, log.append, name)
            await asyncio.gather(worker("A", deadline, 0.2, log), worker("B", deadline, 0.4, log),
                                 arm("x", 0.3), arm("y", 0.5), arm("z", 0.7)OTHER)
            await asyncio.sleep(0.6)
            print(log)

        asyncio.run(main())
    """

    def test_one_deadline_met_at_different_instants_is_no_tie_of_the_virtual_clock(self):
        source = self.SHARED.replace("OTHER", "")
        run = Run(source)
        self.assertEqual(run.rc, 0, run.stderr)
        printed = [text for _, text in run.printed()]
        self.assertEqual(len(printed), 1)
        code, real = real_run(source, want=printed[0])
        self.assertEqual((code, real), (0, printed[0]))
        self.assertEqual([w for w in run.events("warning") if w["kind"].endswith("_tie")], [])

    def test_a_deadline_meeting_a_fixed_delay_is_still_a_tie(self):
        # (A task that sleeps 0.5 from 0.5: due at 1.0 with the deadline, later
        # on a real clock by the time its steps took.)
        run = Run(self.SHARED.replace("OTHER", ", later()"))
        self.assertEqual(run.rc, 0, run.stderr)
        ties = [w for w in run.events("warning") if w["kind"] == "instant_tie"]
        self.assertEqual([w["t"] for w in ties], [1.0])

    def test_a_point_prints_and_computes_as_a_float(self):
        run = Run("""
            import asyncio, time

            async def main():
                loop = asyncio.get_running_loop()
                d = loop.time() + 1.5
                m = 2 + time.monotonic()
                print(d, repr(d - 0.5), d - loop.time(), round(d * 2, 1), "%.2f" % d, m - time.monotonic())

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([text for _, text in run.printed()], ["1.5 1.0 1.5 3.0 1.50 2.0\n"])


class ReadingsPickled(unittest.TestCase):
    """A time the program computed from the virtual clock (an elapsed time
    `time.monotonic() - t0`, `perf_counter_ns() - t0`, a deadline
    `loop.time() + 1`) can be pickled and copied as the number it is, as in
    CPython: copy.deepcopy() of a dict of timings, an argument of a
    ProcessPoolExecutor's job (pickled by the runner's stand-in too).
    The runner's float and int subclasses raised TypeError ("_Elapsed.__new__()
    missing 1 required positional argument: 'start'")."""

    def test_elapsed_times_and_deadlines_pickle_and_copy(self):
        run = Run("""
            import asyncio, copy, pickle, time
            from concurrent.futures import ProcessPoolExecutor

            def half(x):
                return x / 2

            async def main():
                loop = asyncio.get_running_loop()
                t0, n0 = time.monotonic(), time.perf_counter_ns()
                await asyncio.sleep(1.5)
                timings = {"s": time.monotonic() - t0, "ns": time.perf_counter_ns() - n0, "d": loop.time() + 1}
                back = pickle.loads(pickle.dumps(timings))
                print(back == timings, copy.deepcopy(timings) == timings, copy.copy(timings["s"]))
                with ProcessPoolExecutor(max_workers=1) as pool:
                    print(await loop.run_in_executor(pool, half, timings["s"]))

            if __name__ == "__main__":
                asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([text for _, text in run.printed()], ["True True 1.5\n", "0.75\n"])


class AllTasksOrder(unittest.TestCase):
    """asyncio.all_tasks() returns a set of tasks: here it iterates in the
    tasks' creation order, in CPython in the order of their memory
    addresses (3.11.7 named five pending tasks job1, job4, job2, job3, job5
    in three runs of three; this run job1 to job5). A program that goes
    through it (prints the names, cancels them in that order) printed
    another order than a real run with no word of it; now a set_order
    warning says so, once (`what`: "all_tasks"). Not for sorted() of it,
    its len(), nor the runner's and tracer's own use at asyncio.run()'s
    exit."""

    PROGRAM = """
        import asyncio

        async def job(i):
            await asyncio.sleep(0.1 * i)

        async def main():
            tasks = [asyncio.create_task(job(i), name=f"job{i}") for i in range(1, 6)]
            await asyncio.sleep(0)
            me = asyncio.current_task()
            print(len(asyncio.all_tasks()), sorted(t.get_name() for t in asyncio.all_tasks() if t is not me))
            LOOP
            await asyncio.sleep(0)

        asyncio.run(main())
    """

    def set_orders(self, loop):
        run = Run(self.PROGRAM.replace("LOOP", loop))
        self.assertEqual(run.rc, 0, run.stderr)
        return [w for w in run.events("warning") if w["kind"] == "set_order"]

    def test_going_through_all_tasks_is_told_once(self):
        told = self.set_orders("for t in asyncio.all_tasks():\n"
                               "                if t is not me:\n"
                               "                    t.cancel()\n"
                               "            print([t.get_name() for t in asyncio.all_tasks()])")
        self.assertEqual(len(told), 1, told)
        self.assertEqual((told[0]["what"], told[0]["count"], told[0]["line"]), ("all_tasks", 6, 11))
        self.assertIn("asyncio.all_tasks() returned", told[0]["message"])

    def test_the_set_less_the_current_task_is_told_too(self):
        # The usual way to cancel the others: CPython 3.11.7 printed "worker 0/3/1/2/4 stopped" (this run 0 to 4).
        told = self.set_orders("others = asyncio.all_tasks() - {me}\n"
                               "            for t in others.difference({None}):\n"
                               "                t.cancel()")
        self.assertEqual([(w["what"], w["count"], w["line"]) for w in told], [("all_tasks", 5, 12)])

    def test_sorted_len_and_the_runs_exit_are_not_told(self):
        # (The five jobs are left pending: asyncio.run()'s exit cancels them, and the tracer looks at
        # all_tasks() when main() returns.)
        self.assertEqual(self.set_orders("pass"), [])


class OwnSetOrder(unittest.TestCase):
    """A set of tasks the program builds itself (own set: `background_tasks
    = set()`, `.add(t)`) iterates here in creation order, in CPython in the
    order of the tasks' memory addresses (3.11.7: five such tasks cancelled
    in a loop printed "cancelled 0, 3, 1, 2, 4", three runs of three, and
    gather(*tasks) listed [0, 3, 1, 2, 4]; here 0 to 4), with no word of it.
    Now a set_order warning (what "set") where that order shows: cancel()
    in a loop over such a set of tasks that run code on it (an except or
    finally they wait in), told at the second cancel; gather() of the set
    whose result is used; two different lines printed in a loop over the
    set that name its task (print(await t)). Not where the order shows in
    nothing: cancels of tasks that run no code, a gather awaited and
    dropped, a loop over a sorted list, one task, the same line printed."""

    PROGRAM = """
        import asyncio

        background_tasks = set()

        async def job(i):
            HANDLER
            return i

        async def main():
            for i in range(5):
                t = asyncio.create_task(job(i))
                background_tasks.add(t)
            await asyncio.sleep(0.1)
            USE
            await asyncio.sleep(0.1)

        asyncio.run(main())
    """
    CATCHES = ("try:\n                await asyncio.sleep(0.05 * (5 - i))\n"
               "            except asyncio.CancelledError:\n"
               "                print('cancelled', i)\n                raise")
    PLAIN = "await asyncio.sleep(0.05 * (5 - i))"

    def told(self, handler, use):
        source = self.PROGRAM.replace("HANDLER", handler).replace("USE", use)
        run = Run(source)
        self.assertEqual(run.rc, 0, run.stderr)
        code, out = real_run(source)
        self.assertEqual(code, 0)
        # The same words as a real run, in another order maybe (CPython's is by address).
        words = lambda text: sorted(text.replace("[", " ").replace("]", " ").replace(",", " ").split())  # noqa: E731
        self.assertEqual(words(run.stdout), words(out))
        return [(w["what"], w["op"], w["count"], w["name"], w["line"]) for w in run.events("warning")
                if w["kind"] == "set_order"]

    def test_cancels_in_a_loop_over_the_set_are_told(self):
        self.assertEqual(self.told(self.CATCHES.replace("0.05 * (5 - i)", "10"),
                                   "for t in background_tasks:\n                t.cancel()"),
                         [("set", "cancel", 5, "background_tasks", 19)])
        # list() of it: the same order.
        self.assertEqual(self.told(self.CATCHES.replace("0.05 * (5 - i)", "10"),
                                   "for t in list(background_tasks):\n                t.cancel()"),
                         [("set", "cancel", 5, "background_tasks", 19)])
        # An except whose class is a conditional expression, one branch CancelledError (own set).
        self.assertEqual(self.told(self.CATCHES.replace("0.05 * (5 - i)", "10").replace(
                                       "asyncio.CancelledError", "(KeyError if i < 0 else asyncio.CancelledError)"),
                                   "for t in background_tasks:\n                t.cancel()"),
                         [("set", "cancel", 5, "background_tasks", 19)])

    def test_a_gather_of_the_set_whose_results_are_used_is_told(self):
        self.assertEqual(self.told(self.PLAIN, "print(await asyncio.gather(*background_tasks))"),
                         [("set", "gather", 5, "background_tasks", 14)])

    STORED = ("all_done = asyncio.gather(*background_tasks)\n            await asyncio.sleep(0.01)\n"
              "            USE")

    def test_a_gather_of_the_set_kept_and_awaited_later_is_told_where_its_order_shows(self):
        # (own set) gather() kept to be awaited later: its results, in the set's order, are told where taken
        # (CPython 3.11.7 printed [0, 3, 1, 2, 4], and [4, 0, 3, 1, 2] with another line before, where the
        # runner's are 0 to 4); awaited and dropped, cancelled with no code run on it, nothing shows (CPython
        # printed what the runner did): not told (before: told at the call, "it lists their results").
        stored = lambda use: self.STORED.replace("USE", use)  # noqa: E731
        self.assertEqual(self.told(self.PLAIN, stored("print(await all_done)")),
                         [("set", "gather", 5, "background_tasks", 14)])
        self.assertEqual(self.told(self.PLAIN, stored("print(await asyncio.wait_for(all_done, 5))")),
                         [("set", "gather", 5, "background_tasks", 14)])
        for use in ("await all_done", "await asyncio.wait_for(all_done, 5)"):
            with self.subTest(use=use):
                self.assertEqual(self.told(self.PLAIN, stored(use)), [])
        cancel = stored("all_done.cancel()\n            try:\n                await all_done\n"
                        "            except asyncio.CancelledError:\n                print('gather cancelled')")
        self.assertEqual(self.told(self.PLAIN.replace("0.05 * (5 - i)", "10"), cancel), [])
        # Cancelled, with tasks that run code on it: their cleanup runs in the set's order, told as a cancel
        # (CPython 3.11.7: "job 0, 3, 1, 2, 4 cancelled"; before: told at the call as a gather's results).
        self.assertEqual(self.told(self.CATCHES.replace("0.05 * (5 - i)", "10"), cancel),
                         [("set", "cancel", 5, "background_tasks", 20)])

    def test_comprehensions_over_the_set_and_tied_sorts_of_it_are_told(self):
        # (own set) A comprehension over the set goes through it in its order: CPython 3.11.7 printed
        # [0, 3, 1, 2, 4] for print([await t for t in tasks]) of such a program, "got 0, got 3, got 1, ..." for
        # [print('got', await t) ...], "4, 0, 3, 1, 2" for ', '.join(...) (the order by address varies between
        # programs and, for some, between runs: [0, 3, 1, 2, 4] three runs of four, [0, 1, 2, 3, 4] the fourth),
        # where the runner's are 0 to 4, told nowhere. sorted(tasks, key=...) keeps tasks of equal keys in the
        # set's order: a loop printing them so is told (CPython: "0, 2, 4, 3, 1" three runs of four and
        # "0, 2, 4, 1, 3" once, where the runner's are "0, 2, 4, 1, 3"); keys that all differ, not.
        later = "await asyncio.sleep(1)\n            "
        for use, line in (("print('got', [await t for t in background_tasks])", 14),
                          ("results = [await t for t in background_tasks]\n            print('got', results)", 15),
                          ("[print('got', await t) for t in background_tasks]", 14),
                          (later + "print(', '.join(str(t.result()) for t in background_tasks))", 15),
                          (later + "for t in sorted(background_tasks, key=lambda t: t.result() % 2):\n"
                                   "                print('got', t.result())", 16)):
            with self.subTest(use=use):
                self.assertEqual(self.told(self.PLAIN, use), [("set", "print", 5, "background_tasks", line)])
        # (The tied sort's note says so, "by_key", for the app's wording: "going through sorted() of it".)
        tied = self.PROGRAM.replace("HANDLER", self.PLAIN).replace(
            "USE", later + "for t in sorted(background_tasks, key=lambda t: t.result() % 2):\n"
                           "                print('got', t.result())")
        self.assertEqual([w.get("by_key") for w in Run(tied).events("warning") if w["kind"] == "set_order"], [True])
        for use in ("print(sorted([await t for t in background_tasks]))",
                    "results = [await t for t in background_tasks]\n            print(sum(results), sorted(results))",
                    later + "print(max(t.result() for t in background_tasks))",
                    later + "for t in sorted(background_tasks, key=lambda t: t.result()):\n"
                            "                print('got', t.result())"):
            with self.subTest(use=use):
                self.assertEqual(self.told(self.PLAIN, use), [])
        # Jobs that all return None print [None, None, None, None, None] in any order (CPython too): not told.
        self.assertEqual(self.told(self.PLAIN + "\n            return None",
                                   "print('got', [await t for t in background_tasks])"), [])
        # Cancels: in a comprehension over the set, told; in a loop over a dict's values (insertion order, the
        # same in CPython 3.11.7 every run: "cancelled 0, 1, 2, 3, 4"), not.
        catches = self.CATCHES.replace("0.05 * (5 - i)", "10")
        self.assertEqual(self.told(catches, "[t.cancel() for t in background_tasks]"),
                         [("set", "cancel", 5, "background_tasks", 18)])
        self.assertEqual(self.told(catches, "by_name = {t.get_name(): t for t in sorted(background_tasks, "
                                            "key=lambda t: t.get_name())}\n"
                                            "            for t in by_name.values():\n                t.cancel()"), [])

    def test_a_dict_or_list_a_comprehension_over_the_set_made_carries_its_order(self):
        # (own set) A dict's order is its insertion order, the same in every run (a dict filled in a loop over
        # range(): not told, above), but one a comprehension over the set filled holds the set's order: CPython
        # 3.11.7 printed {t: t.get_name() for t in tasks}'s items as job-0, 3, 1, 2, 4 three runs of four (the
        # virtual run 0 to 4), and a loop over [await t for t in tasks] 40, 0, 30, 10, 20; told there. Indexed
        # by its keys in sorted order (by_name[name]), it shows none: not told.
        later = "await asyncio.sleep(1)\n            "
        for use, line in ((later + "names = {t: t.get_name() for t in background_tasks}\n"
                                   "            for t, name in names.items():\n                print(name, t.result())",
                           17),
                          ("results = [await t for t in background_tasks]\n            for r in results:\n"
                           "                print('got', r)", 16)):
            with self.subTest(use=use):
                self.assertEqual(self.told(self.PLAIN, use), [("set", "print", 5, "background_tasks", line)])
        self.assertEqual(self.told(self.PLAIN, later + "by_name = {t.get_name(): t for t in background_tasks}\n"
                                   "            for name in sorted(by_name):\n"
                                   "                print(name, by_name[name].result())"), [])
        self.assertEqual(self.told(self.CATCHES.replace("0.05 * (5 - i)", "10"),
                                   "by_name = {t.get_name(): t for t in background_tasks}\n"
                                   "            for t in by_name.values():\n                t.cancel()"),
                         [("set", "cancel", 5, "background_tasks", 20)])

    def test_prints_naming_the_set_s_tasks_in_a_loop_over_it_are_told(self):
        # (CPython 3.11.7 printed "got 4, got 0, got 3, got 1, got 2" for such a loop of its own.)
        self.assertEqual(self.told(self.PLAIN, "for t in background_tasks:\n                print('got', await t)"),
                         [("set", "print", 5, "background_tasks", 15)])

    def test_where_the_order_shows_in_nothing_none_is_told(self):
        for handler, use in ((self.PLAIN.replace("0.05 * (5 - i)", "10"),
                              "for t in background_tasks:\n                t.cancel()"),  # no code runs
                             (self.PLAIN, "await asyncio.gather(*background_tasks)"),  # results dropped
                             (self.CATCHES.replace("0.05 * (5 - i)", "10"),
                              "for t in sorted(background_tasks, key=lambda t: t.get_name()):\n"
                              "                t.cancel()"),  # a sorted list
                             (self.CATCHES.replace("0.05 * (5 - i)", "10"),
                              "for t in background_tasks:\n                t.cancel()\n                break"),
                             (self.PLAIN, "await asyncio.sleep(1)\n            for t in background_tasks:\n"
                                          "                print('done', t.done())"),  # the same line each time
                             # An except that does not take CancelledError runs nothing on it.
                             (self.CATCHES.replace("0.05 * (5 - i)", "10").replace("asyncio.CancelledError",
                                                                                   "(ValueError, Exception)"),
                              "for t in background_tasks:\n                t.cancel()"),
                             # Nor one whose class is a conditional expression of such classes (own set: its
                             # condition prints nothing; CPython 3.11.7's five cancels printed nothing either).
                             (self.CATCHES.replace("0.05 * (5 - i)", "10").replace(
                                 "asyncio.CancelledError", "(KeyError if i < 0 else ValueError)"),
                              "for t in background_tasks:\n                t.cancel()")):
            with self.subTest(use=use, handler=handler[:20]):
                self.assertEqual(self.told(handler, use), [])


class LaneSwallowedCancels(unittest.TestCase):
    """Tasks other than main() whose cancel comes to nothing (swallowed_cancel
    warnings). CPython 3.11.7, checked here by a real run of each program:
      - cancel_timeout: a task cancelled at 0.1 s inside `asyncio.timeout(0.5)`
        that catches the CancelledError and sleeps on gets no TimeoutError at
        0.5 s (the request is still counted, so the timeout takes its own
        CancelledError for that request's and lets it out of the block): the
        task ends cancelled there, its `except TimeoutError` never run. The
        trace said nothing (a `cancelled` line at 0.5 s, no word why); now a
        warning at the `async with`, at 0.5 s, naming the task and the
        cancel() line. Not told where the cancel came before the block (that
        timeout raises TimeoutError: it counted the request at its start);
      - wait_for: a task cancelled the instant the coroutine its
        `wait_for(..., 2)` waits for returns gets the result (3.11's wait_for
        catches the CancelledError and returns), `cancelling()` 1, and runs
        on: its done line said "swallowed cancel", as if its code had caught
        it; now no note, and a warning at its `await wait_for`, at 0.5 s."""

    CANCEL_TIMEOUT = """
        import asyncio

        async def worker():
            try:
                BEFORE
                async with asyncio.timeout(0.5):
                    try:
                        await asyncio.sleep(1)
                    except asyncio.CancelledError:
                        print("caught", round(asyncio.get_running_loop().time() - T0, 1))
                    await asyncio.sleep(1)
            except TimeoutError:
                print("TimeoutError", round(asyncio.get_running_loop().time() - T0, 1))

        async def main():
            global T0
            T0 = asyncio.get_running_loop().time()
            t = asyncio.create_task(worker(), name="worker")
            await asyncio.sleep(0.1)
            t.cancel()
            r = await asyncio.gather(t, return_exceptions=True)
            print(r, round(asyncio.get_running_loop().time() - T0, 1))

        asyncio.run(main())
    """
    WAIT_FOR = """
        import asyncio

        async def inner():
            await asyncio.sleep(0.5)
            return "inner"

        async def worker():
            r = await asyncio.wait_for(inner(), 2)
            print("got", r, asyncio.current_task().cancelling())
            await asyncio.sleep(0.2)
            return "went on"

        async def killer(t):
            await asyncio.sleep(0.5)
            t.cancel()

        async def main():
            w = asyncio.create_task(worker(), name="worker")
            print(await asyncio.gather(w, killer(w), return_exceptions=True))

        asyncio.run(main())
    """

    def run_both(self, source):
        run = Run(source)
        self.assertEqual(run.rc, 0, run.stderr)
        code, out = real_run(source, run.stdout)
        self.assertEqual((code, out), (0, run.stdout))  # the virtual run printed what CPython did
        return run, [(w["what"], w["line"], w["t"], w.get("task"), w.get("cancel_line"))
                     for w in run.events("warning") if w["kind"] == "swallowed_cancel"]

    def test_a_task_s_caught_cancel_makes_its_timeout_raise_no_timeout_error(self):
        run, told = self.run_both(self.CANCEL_TIMEOUT.replace("BEFORE", "pass"))
        self.assertEqual(run.stdout, "caught 0.1\n[CancelledError('')] 0.5\n")
        self.assertEqual(told, [("cancel_timeout", 6, 0.5, 0, 20)])
        self.assertEqual([e["t"] for e in run.task_named("worker") if e["ev"] == "cancelled"], [0.5])

    def test_a_cancel_caught_before_the_timeout_is_not_told(self):
        source = self.CANCEL_TIMEOUT.replace("BEFORE", "try:\n                    await asyncio.sleep(1)\n"
                                             "                except asyncio.CancelledError:\n"
                                             "                    pass")
        run, told = self.run_both(source)
        # (The timeout, entered with the request counted, takes its own CancelledError, which the block catches
        # and sleeps on: its own swallow, the done line's note; no cancel_timeout.)
        self.assertEqual(run.stdout, "caught 0.6\n[None] 1.6\n")
        self.assertEqual(told, [])
        done, = [e for e in run.task_named("worker") if e["ev"] == "done"]
        self.assertEqual(done.get("note"), "swallowed cancel")

    def test_a_cancel_wait_for_lost_is_told_and_not_blamed_on_the_task(self):
        run, told = self.run_both(self.WAIT_FOR)
        self.assertEqual(run.stdout, "got inner 1\n['went on', None]\n")
        self.assertEqual(told, [("wait_for", 8, 0.5, 0, None)])
        done, = [e for e in run.task_named("worker") if e["ev"] == "done"]
        self.assertNotIn("note", done)


class TypesAsCPythons(unittest.TestCase):
    """What `type()` says of what the program gets is CPython's: a task
    printed as <class 'coroscope_trace.runner.Task'>, loop.time() as
    _LoopReading, `time.monotonic() - t0` as _Elapsed, asyncio.wait()'s
    sets as <class 'coroscope_trace.runner.set'> (CPython 3.11.7:
    <class '_asyncio.Task'>, float, float, <class 'set'>)."""

    SOURCE = """
        import asyncio, time

        async def main():
            loop = asyncio.get_running_loop()
            t0, n0 = time.monotonic(), time.perf_counter_ns()
            task = asyncio.create_task(asyncio.sleep(0.01))
            done, pending = await asyncio.wait({task})
            print(type(task), type(asyncio.current_task()), type(done), type(asyncio.all_tasks()))
            print(type(loop.time()), type(loop.time() + 1), type(time.monotonic()), type(time.monotonic() - t0))
            print(type(time.perf_counter_ns()), type(time.perf_counter_ns() - n0), type(time.time()))

        asyncio.run(main())
    """

    def test_types_print_as_in_a_plain_run(self):
        run = Run(self.SOURCE)
        self.assertEqual(run.rc, 0, run.stderr)
        printed = "".join(text for _, text in run.printed())
        code, real = real_run(self.SOURCE)
        self.assertEqual(code, 0)
        self.assertEqual(printed, real)
        self.assertNotIn("coroscope", printed)


class AuditFixes(unittest.TestCase):
    """What a run says must be true: a deadlock is not an error of the
    program's, the iteration budget explains a polling loop, a swallowed
    cancel is noted, no line names a task before its "created", sys.exit
    ends the trace as documented."""

    def test_a_deadlock_writes_no_error_line(self):
        # The KeyboardInterrupt that breaks the deadlock is the runner's:
        # its traceback is the program's stderr output (as CPython prints
        # it after a Ctrl-C), but no "error" line names asyncio.run()'s line
        # as the program's problem (coroscope-cli printed "prog.py:14:
        # KeyboardInterrupt"); the deadlock warning names where tasks wait.
        run = Run("""
            import asyncio

            async def worker(sem):
                await sem.acquire()
                await asyncio.sleep(1)

            async def main():
                sem = asyncio.Semaphore(1)
                await asyncio.gather(worker(sem), worker(sem))

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, EXIT_RAISED, run.stderr)
        self.assertEqual(run.last(), {"t": 1.0, "ev": "end", "outcome": "deadlock"})
        self.assertEqual(run.events("error"), [])
        warning = run.events("warning")
        self.assertEqual([(w["kind"], w["line"]) for w in warning], [("deadlock", 4)])
        # Who waits, as data (the message says it in English).
        names = {e["task"]: e["name"] for e in run.events("created")}
        self.assertEqual(warning[0]["waiting"], [{"task": 1, "name": names[1], "line": 4}])
        self.assertEqual(warning[0]["more"], 0)
        traceback = [e["text"] for e in run.events("output") if e["stream"] == "stderr"]
        self.assertEqual(len(traceback), 1)
        self.assertTrue(traceback[0].rstrip().endswith("KeyboardInterrupt"), traceback)
        self.assertIn("KeyboardInterrupt", run.stderr)

    POLLING = """
        import asyncio

        ready = False

        async def producer():
            global ready
            await asyncio.sleep(0.5)
            ready = True

        async def main():
            asyncio.create_task(producer(), name="producer")
            while not ready:
                await asyncio.sleep(0)
            print("ready")

        asyncio.run(main())
    """

    def test_a_polling_loop_is_stopped_with_a_message_that_explains_the_virtual_clock(self):
        run = Run(self.POLLING, "--max-iterations", "2000")
        self.assertEqual(run.rc, EXIT_STOPPED, run.stderr)
        stop = run.last()
        self.assertEqual((stop["ev"], stop["reason"], stop["line"]), ("stopped", "iterations", 13))
        message = stop["message"]
        for words in ("more than 2000 loop iterations at virtual time 0.0 s", "the main coroutine was ready",
                      "never lets time pass", "a timer is due at 0.5 s", "asyncio.Event",
                      "a real delay", "(--max-iterations)"):
            self.assertIn(words, message)
        self.assertIn(message, run.stderr)
        # A task polling, and no timer at all.
        run = Run("""
            import asyncio

            async def spin():
                while True:
                    await asyncio.sleep(0)

            async def main():
                await asyncio.create_task(spin(), name="spinner")

            asyncio.run(main())
        """, "--max-iterations", "2000")
        message = run.last()["message"]
        self.assertIn("task 0 (spinner) was ready", message)
        self.assertIn("no timer is pending", message)
        self.assertEqual(run.last()["line"], 5)

    SWALLOWS = os.path.join(HERE, "swallowed_cancels.py")  # (shared with test_tracer.py)
    SWALLOWED = ["stubborn", "inner", "catches", "Task-10"]  # Task-10: wait_for's inner task

    def test_a_task_that_swallows_a_cancel_has_the_note_on_its_done_line(self):
        run = Run(None, path=self.SWALLOWS)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual(run.printed()[0][1],
                         "['swallowed', 'swallowed', 'caught', 'group', 'timed']\n")
        noted = {e["name"] for e in run.events("done") if e.get("note") == "swallowed cancel"}
        self.assertEqual(sorted(noted), sorted(self.SWALLOWED))
        done = {e["name"]: e for e in run.events("done")}
        # outer's cancel went to the task it awaits, which swallowed it;
        # TaskGroup's and asyncio.timeout's own cancels are not the program's.
        for name in ("outer", "group", "timed"):
            self.assertNotIn("note", done[name])
        self.assertEqual(list(done["stubborn"]), ["t", "ev", "task", "note", "name"])  # the engine's order

    def test_a_task_that_swallows_an_asyncio_timeout_s_cancel_has_the_note(self):
        # (timeout_swallows.py, shared with test_tracer.py: CPython's own
        # uncancel() in Timeout.__aexit__ leaves no request pending.)
        run = Run(None, path=os.path.join(HERE, "timeout_swallows.py"))
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual(run.printed()[0][1],
                         "['at', 'timeout', 'rescheduled', 'moved', 'nested', 'outer swallowed', 'outer', "
                         "'both', ValueError('after'), 'renamed', 'fine']\n")
        done = {e["name"]: e for e in run.events("done")}
        self.assertEqual(sorted(n for n, e in done.items() if e.get("note") == "swallowed cancel"),
                         ["nested_inner_swallows", "outer_fires_inner_catches", "renamed", "rescheduled",
                          "swallow_at"])
        self.assertEqual(done["swallow_at"], {"t": 1.0, "ev": "done", "task": 0, "note": "swallowed cancel",
                                              "name": "swallow_at"})
        self.assertEqual(done["renamed"]["t"], 2.0)
        for name in ("propagated", "moved_later", "nested_outer_fires", "nested_both_fire", "not_expired"):
            self.assertNotIn("note", done[name])
        self.assertEqual(run.last(), {"t": 3.0, "ev": "end", "outcome": "ok"})

    def test_no_line_names_a_task_before_its_created_line(self):
        run = Run("""
            import asyncio

            async def child(i):
                print("child", i)
                await asyncio.sleep(0)
                return i

            async def forever(fut):
                print("waiting")
                await fut

            async def parent():
                print("got", await asyncio.create_task(child(1), name="c1"))
                print("got", await asyncio.gather(child(2), child(3)))

            async def main():
                t = asyncio.create_task(forever(asyncio.get_running_loop().create_future()), name="f")
                await asyncio.create_task(parent(), name="parent")
                print("main")
                await t

            asyncio.run(main())
        """)
        self.assertEqual(run.last()["outcome"], "deadlock")
        created, ended = set(), set()
        for e in run.lines:
            if e["ev"] == "created":
                created.add(e["task"])
            elif "task" in e:
                self.assertIn(e["task"], created, e)
            if e["ev"] in ("done", "cancelled", "failed"):
                ended.add(e["name"])
            if e["ev"] == "output" and e["text"].startswith("got"):
                # The child it awaited ended before the parent printed.
                self.assertIn("c1" if e["text"] == "got 1\n" else "Task-6", ended, e)
        self.assertEqual([text for _, text in run.printed()],
                         ["waiting\n", "child 1\n", "got 1\n", "child 2\n", "child 3\n", "got [2, 3]\n",
                          "main\n"])

    def test_sys_exit_ends_the_trace_with_the_programs_status(self):
        source = """
            import asyncio, sys

            async def main():
                await asyncio.sleep(1)
                sys.exit(CODE)

            asyncio.run(main())
        """
        run = Run(source.replace("CODE", "0"))
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([e["ev"] for e in run.lines], ["meta", "end"])  # no "raise": a normal end
        self.assertEqual(run.last(), {"t": 1.0, "ev": "end", "outcome": "ok"})
        run = Run(source.replace("CODE", "3"))
        self.assertEqual(run.rc, 3, run.stderr)
        self.assertEqual([e["ev"] for e in run.lines], ["meta", "raise", "end"])
        self.assertEqual(run.last(), {"t": 1.0, "ev": "end", "outcome": "raised:SystemExit"})
        self.assertNotIn("stopped", run.stderr)



class RunsTwice(unittest.TestCase):
    def test_a_later_run_says_where_it_starts(self):
        """asyncio.run() called twice: the second run's `main_started` comes
        after the first run's exit cancel and before the second run's own
        cancel (without it every cancel after the first run's main_returned
        read as an exit's)."""
        run = Run("""
            import asyncio

            async def forever():
                await asyncio.sleep(100)

            async def setup():
                asyncio.create_task(forever())
                await asyncio.sleep(1)

            async def main():
                task = asyncio.create_task(forever())
                await asyncio.sleep(1)
                task.cancel()
                await asyncio.sleep(1)

            asyncio.run(setup())
            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([(e["t"], e["ev"], e.get("task")) for e in run.lines
                          if e["ev"] in ("main_returned", "main_started", "cancelled", "end")],
                         [(1.0, "main_returned", None), (1.0, "cancelled", 0), (1.0, "main_started", None),
                          (2.0, "cancelled", 1), (3.0, "main_returned", None), (3.0, "end", None)])


from student_limiters import LEAKY_DRIP  # (test_tracer.py runs it too)


class RateLimiters(unittest.TestCase):
    """A rate limiter of the program's own (aiometer's max_at_once and
    max_per_second): a task that takes its Semaphore permit inside the
    limiter's __aenter__ and sleeps there until its start slot holds the
    permit while it waits, as the engine's `slot_wait` says; it starts
    (`running`) when __aenter__ returns. Without it the tracer wrote its
    `running` at the permit: the slot wait was drawn as running."""

    STUDENT = """
        import asyncio

        class Limiter:
            def __init__(self, max_at_once, max_per_second):
                self._sem = asyncio.Semaphore(max_at_once)
                self._interval = 1.0 / max_per_second
                self._next = 0.0

            async def _slot(self):
                now = asyncio.get_running_loop().time()
                start = max(now, self._next)
                self._next = start + self._interval
                await asyncio.sleep(start - now)

            async def __aenter__(self):
                await self._sem.acquire()
                try:
                    await self._slot()
                except BaseException:
                    self._sem.release()
                    raise
                return self

            async def __aexit__(self, *exc):
                self._sem.release()

        async def work(limiter, i):
            async with limiter:
                print(i, "starts")
                await asyncio.sleep(1)

        async def main():
            limiter = Limiter(2, 2)
            tasks = [asyncio.create_task(work(limiter, i)) for i in range(4)]
            await asyncio.sleep(0.1)
            tasks[1].cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run(main())
    """

    def moments(self, run):
        return {e["name"]: [(ev, t) for ev, t in lanes] for e in run.events("created")
                for lanes in [[(x["ev"], x["t"]) for x in run.task_named(e["name"])
                               if x["ev"] in ("request", "slot_wait", "running", "release", "done", "cancelled")]]}

    def test_a_students_limiter_sleeping_for_its_slot_holds_its_permit(self):
        run = Run(self.STUDENT)
        self.assertEqual(run.rc, 0, run.stderr)
        lanes = self.moments(run)
        # Task 0 starts at once; task 1 takes the second permit and sleeps
        # until 0.5, cancelled at 0.1 in its slot wait (its except gives the
        # permit back: task 2 takes it and sleeps until its slot, 1.0);
        # task 3 gets task 0's permit at 1.0 and its slot is 1.5.
        self.assertEqual(lanes["Task-2"], [("request", 0.0), ("running", 0.0), ("release", 1.0), ("done", 1.0)])
        self.assertEqual(lanes["Task-3"], [("request", 0.0), ("slot_wait", 0.0), ("release", 0.1),
                                           ("cancelled", 0.1)])
        self.assertEqual(lanes["Task-4"], [("request", 0.0), ("slot_wait", 0.1), ("running", 1.0),
                                           ("release", 2.0), ("done", 2.0)])
        self.assertEqual(lanes["Task-5"], [("request", 0.0), ("slot_wait", 1.0), ("running", 1.5),
                                           ("release", 2.5), ("done", 2.5)])
        # Its start is where the program's own code after __aenter__ runs.
        self.assertEqual([(t, text) for t, text in run.printed()],
                         [(0.0, "0 starts\n"), (1.0, "2 starts\n"), (1.5, "3 starts\n")])
        # The permits held count the slot waiters: 2 from t = 0.
        self.assertEqual([(e["t"], e["value"]) for e in run.events("permits")][:2], [(0.0, 1), (0.0, 2)])

    # Each shape of rate limiter students write, 5 starts a second (one
    # every 0.2 s), four tasks, 0.3 s of work each: RATE_SHAPES[shape] is
    # the limiter and `async def use(limiter)`, the work inside it.
    RATE_MAIN = """
        async def work(limiter, i):
            async with use(limiter):
                print(i, "starts")
                await asyncio.sleep(0.3)

        async def main():
            limiter = make()
            await asyncio.gather(*(work(limiter, i) for i in range(4)))

        asyncio.run(main())
    """
    RATE_SHAPES = {
        # Only a rate (no max_at_once: no Semaphore at all).
        "rate only": """
            class RateLimiter:
                def __init__(self, max_per_second):
                    self.interval = 1.0 / max_per_second
                    self.next_start = 0.0

                async def __aenter__(self):
                    now = asyncio.get_running_loop().time()
                    start = max(now, self.next_start)
                    self.next_start = start + self.interval
                    if start > now:
                        await asyncio.sleep(start - now)

                async def __aexit__(self, *exc):
                    pass

            make = lambda: RateLimiter(5)
            use = lambda limiter: limiter
        """,
        # A Semaphore made elsewhere and handed in.
        "semaphore handed in": """
            class RateLimiter:
                def __init__(self, sem, max_per_second):
                    self.sem, self.interval, self.next_start = sem, 1.0 / max_per_second, 0.0

                async def __aenter__(self):
                    await self.sem.acquire()
                    now = asyncio.get_running_loop().time()
                    start = max(now, self.next_start)
                    self.next_start = start + self.interval
                    if start > now:
                        await asyncio.sleep(start - now)

                async def __aexit__(self, *exc):
                    self.sem.release()

            make = lambda: RateLimiter(asyncio.Semaphore(4), 5)
            use = lambda limiter: limiter
        """,
        # An @asynccontextmanager function.
        "asynccontextmanager": """
            import contextlib
            import time

            @contextlib.asynccontextmanager
            async def rate_limited(state):
                now = time.monotonic()
                start = max(now, state["next"])
                state["next"] = start + 0.2
                if start > now:
                    await asyncio.sleep(start - now)
                yield

            make = lambda: {"next": 0.0}
            use = rate_limited
        """,
        # A token bucket: sleeps until its next token, tries again.
        "token bucket": """
            class TokenBucket:
                def __init__(self, rate):
                    self.rate, self.tokens, self.updated = rate, 1.0, None

                async def acquire(self):
                    loop = asyncio.get_running_loop()
                    while True:
                        now = loop.time()
                        if self.updated is not None:
                            self.tokens = min(1.0, self.tokens + (now - self.updated) * self.rate)
                        self.updated = now
                        if self.tokens >= 0.999999:
                            self.tokens -= 1.0
                            return
                        await asyncio.sleep((1.0 - self.tokens) / self.rate)

                async def __aenter__(self):
                    await self.acquire()

                async def __aexit__(self, *exc):
                    pass

            make = lambda: TokenBucket(5)
            use = lambda limiter: limiter
        """,
        # A future of the task's that a loop.call_at() timer completes at its slot.
        "future, call_at() timer": """
            class Throttle:
                def __init__(self, per_second):
                    self.interval, self.next_free = 1 / per_second, 0.0

                async def __aenter__(self):
                    loop = asyncio.get_running_loop()
                    now = loop.time()
                    start = max(now, self.next_free)
                    self.next_free = start + self.interval
                    if start > now:
                        fut = loop.create_future()
                        loop.call_at(start, fut.set_result, None)
                        await fut

                async def __aexit__(self, *exc):
                    pass

            make = lambda: Throttle(5)
            use = lambda limiter: limiter
        """,
        # A leaky bucket (aiolimiter 1.2's way, by hand): waiters' futures
        # in a deque, completed by a loop.call_later() drip when there is room.
        "leaky bucket, call_later() drip": textwrap.dedent(LEAKY_DRIP) + textwrap.dedent("""
            make = lambda: LeakyBucket(1, 0.2)
            use = lambda limiter: limiter
        """),
        # The same, its acquire() awaited by the task itself (the class has
        # an __aenter__ too: before, only that was watched).
        "leaky bucket, call_later() drip, acquire() awaited": textwrap.dedent(LEAKY_DRIP) + textwrap.dedent("""
            import contextlib

            @contextlib.asynccontextmanager
            async def use(limiter):
                await limiter.acquire()
                yield

            make = lambda: LeakyBucket(1, 0.2)
        """),
    }

    def test_each_shape_of_rate_limiter_waits_for_its_slot(self):
        # Task k's slot is 0.2 k s: it waits for it from 0 (slot_wait: none
        # for task 0, whose slot is now) and starts there; no permit is held
        # past the limiter but the handed-in Semaphore's.
        for shape, limiter in self.RATE_SHAPES.items():
            with self.subTest(shape=shape):
                run = Run("import asyncio\n" + textwrap.dedent(limiter) + textwrap.dedent(self.RATE_MAIN))
                self.assertEqual(run.rc, 0, run.stderr)
                lanes = self.moments(run)
                for k in range(4):
                    slot = round(0.2 * k, 9)
                    got = [(ev, round(t, 9)) for ev, t in lanes["Task-%d" % (k + 2)] if ev != "release"]
                    want = ([("request", 0.0)] + ([("slot_wait", 0.0)] if k else []) + [("running", slot)]
                            + [("done", round(slot + 0.3, 9))])
                    self.assertEqual(got, want, "task %d" % k)
                self.assertEqual([round(t, 9) for t, _ in run.printed()], [0.0, 0.2, 0.4, 0.6])

    def test_a_workers_later_rounds_wait_for_their_slots_too(self):
        # Two workers, three rounds each through a limiter of 5 starts a
        # second (slots 0, 0.2, 0.4, ... in the order they ask), 0.05 s of
        # work a round: each round that sleeps for its slot asks again
        # (request), waits for it (slot_wait) and starts there (running);
        # before, a worker's later rounds were drawn running throughout.
        run = Run("import asyncio\n" + textwrap.dedent(self.RATE_SHAPES["rate only"]) + textwrap.dedent("""
            async def worker(limiter):
                for _ in range(3):
                    async with limiter:
                        await asyncio.sleep(0.05)

            async def main():
                limiter = make()
                await asyncio.gather(worker(limiter), worker(limiter))

            asyncio.run(main())
        """))
        self.assertEqual(run.rc, 0, run.stderr)
        lanes = {name: [(ev, round(t, 9)) for ev, t in lane] for name, lane in self.moments(run).items()}
        self.assertEqual(lanes["Task-2"], [("request", 0.0), ("running", 0.0),
                                           ("request", 0.05), ("slot_wait", 0.05), ("running", 0.4),
                                           ("request", 0.45), ("slot_wait", 0.45), ("running", 0.8),
                                           ("done", 0.85)])
        self.assertEqual(lanes["Task-3"], [("request", 0.0), ("slot_wait", 0.0), ("running", 0.2),
                                           ("request", 0.25), ("slot_wait", 0.25), ("running", 0.6),
                                           ("request", 0.65), ("slot_wait", 0.65), ("running", 1.0),
                                           ("done", 1.05)])

    def plain_starts(self, source, folder):
        """The seconds at which each task started in a plain CPython 3.11.7
        run of `source` (it prints 'i starts' and its loop.time() since t0)."""
        prog = os.path.join(folder, "plain.py")
        with open(prog, "w", encoding="utf-8") as f:
            f.write(source.replace('print(i, "starts")',
                                   'print(i, "starts", round(asyncio.get_running_loop().time() - T0[0], 1))')
                    .replace("async def main():\n", "T0 = []\nasync def main():\n"
                             "    T0.append(asyncio.get_running_loop().time())\n"))
        r = subprocess.run([sys.executable, prog], capture_output=True, text=True, timeout=60, cwd=folder)
        self.assertEqual(r.returncode, 0, r.stderr)
        return [float(line.split()[2]) for line in r.stdout.splitlines()]

    def test_a_limiter_made_in_a_function_or_an_installed_package_waits_for_its_slot(self):
        # The "rate only" limiter, its class defined inside main(), or
        # imported from an installed package (`from ratepkg import
        # RateLimiter`, `import ratepkg`): task k waits for its slot at
        # 0.2 k s, as the module's own class does; before, neither was
        # read and each lane was drawn running from 0 (no request at all).
        limiter = textwrap.dedent(self.RATE_SHAPES["rate only"]).split("make =")[0]
        main = textwrap.dedent(self.RATE_MAIN).replace("    limiter = make()\n", "    limiter = RateLimiter(5)\n")
        sources = {
            "inside main()": "import asyncio\n" + main.replace("async def main():\n", "async def main():\n"
                                                               + textwrap.indent(limiter, "    ")),
            "from an installed package": "import asyncio\nfrom ratepkg import RateLimiter\n" + main,
            "an installed package's module": "import asyncio\nimport ratepkg\n"
                                             + main.replace("RateLimiter(5)", "ratepkg.RateLimiter(5)"),
        }
        for how, source in sources.items():
            with self.subTest(how=how), tempfile.TemporaryDirectory() as tmp:
                source = source.replace("def use(limiter)", "def _unused(limiter)").replace("use(limiter)", "limiter")
                os.makedirs(os.path.join(tmp, "site-packages", "ratepkg"))
                with open(os.path.join(tmp, "site-packages", "ratepkg", "__init__.py"), "w", encoding="utf-8") as f:
                    f.write("import asyncio\n" + limiter)
                source = "import sys\nsys.path.insert(0, 'site-packages')\n" + source
                run = Run(source, folder=tmp)
                self.assertEqual(run.rc, 0, run.stderr)
                lanes = self.moments(run)
                for k in range(4):
                    slot = round(0.2 * k, 9)
                    got = [(ev, round(t, 9)) for ev, t in lanes["Task-%d" % (k + 2)] if ev != "release"]
                    want = ([("request", 0.0)] + ([("slot_wait", 0.0)] if k else []) + [("running", slot)]
                            + [("done", round(slot + 0.3, 9))])
                    self.assertEqual(got, want, "task %d" % k)
                # The starts CPython 3.11.7 prints untraced are the trace's.
                self.assertEqual(self.plain_starts(source, tmp), [round(t, 1) for t, _ in run.printed()])

    def test_a_limiter_made_before_asyncio_run_waits_for_later_slots_too(self):
        # A limiter whose Semaphore is made in its __init__, made at the
        # module's top (before asyncio.run(): the tracer knew its class from
        # the Semaphore before it read the program's code): a worker's later
        # rounds take the permit at once, then sleep for their slots, drawn
        # as slot waits (request, slot_wait, running at the slot) as the
        # same limiter made in main() is; before, they were drawn running.
        cls = """
            import asyncio

            class RateLimiter:
                def __init__(self, max_at_once, max_per_second):
                    self.sem, self.interval, self.next_start = asyncio.Semaphore(max_at_once), 1 / max_per_second, 0.0

                async def __aenter__(self):
                    await self.sem.acquire()
                    now = asyncio.get_running_loop().time()
                    start = max(now, self.next_start)
                    self.next_start = start + self.interval
                    if start > now:
                        await asyncio.sleep(start - now)

                async def __aexit__(self, *exc):
                    self.sem.release()

            async def worker(limiter):
                for _ in range(3):
                    async with limiter:
                        await asyncio.sleep(0.05)
        """
        made = {"at the top": "LIMITER = RateLimiter(2, 5)\n\nasync def main():\n    limiter = LIMITER\n",
                "in main()": "async def main():\n    limiter = RateLimiter(2, 5)\n"}
        got = {}
        for where, head in made.items():
            run = Run(textwrap.dedent(cls) + head + "    await asyncio.gather(worker(limiter), worker(limiter))\n\n"
                      "asyncio.run(main())\n")
            self.assertEqual(run.rc, 0, run.stderr)
            got[where] = {name: [(ev, round(t, 9)) for ev, t in lane if ev != "release"]
                          for name, lane in self.moments(run).items()}
        self.assertEqual(got["at the top"]["Task-2"][:6], [("request", 0.0), ("running", 0.0), ("request", 0.05),
                                                           ("slot_wait", 0.05), ("running", 0.4), ("request", 0.45)])
        self.assertEqual(got["at the top"], got["in main()"])

    def test_a_limiter_whose_timer_sets_an_event_waits_for_its_slot(self):
        # Slots handed out by a timer task of the limiter's (sleep 0.2 s,
        # set an Event), waited for in Event.wait(): task k waits from 0 and
        # starts at 0.2 (k + 1), as plain CPython 3.11.7 prints; before,
        # each lane was drawn running from 0 (no request, the wait as work).
        # (An Event that no timer of the class sets, a pool connecting: as
        # before, test_a_wait_that_is_no_sleep_or_no_wait_after_the_permit_is_running.)
        self.ticked(self.EVENT_TICKS, [0.2, 0.4, 0.6, 0.8])

    def test_a_limiter_whose_timer_notifies_a_condition_waits_for_its_slot(self):
        # The same with a Condition (a token the timer puts back every
        # 0.2 s, notify(1)): task 0 takes the first token at once (its
        # request and running at 0, holding the Condition's Lock a moment),
        # task k waits in wait_for() from 0 (slot_wait there, as it gives
        # the Lock back) and starts at 0.2 k. Before: running from 0.
        self.ticked(self.CONDITION_TICKS, [0.0, 0.2, 0.4, 0.6])

    CONDITION_TICKS = """
        class TickLimiter:
            def __init__(self, per_second):
                self.interval, self.tokens, self.ticker = 1 / per_second, 1, None
                self.cond = asyncio.Condition()

            async def _run(self):
                while True:
                    await asyncio.sleep(self.interval)
                    async with self.cond:
                        self.tokens = 1
                        self.cond.notify(1)

            async def __aenter__(self):
                if self.ticker is None:
                    self.ticker = asyncio.create_task(self._run())
                async with self.cond:
                    await self.cond.wait_for(lambda: self.tokens > 0)
                    self.tokens -= 1

            async def __aexit__(self, *exc):
                pass
    """

    def ticked(self, limiter, starts):
        source = "import asyncio\n" + textwrap.dedent(limiter) + textwrap.dedent("""
            async def work(limiter, i):
                async with limiter:
                    print(i, "starts")
                    await asyncio.sleep(0.3)

            async def main():
                limiter = TickLimiter(5)
                await asyncio.gather(*(work(limiter, i) for i in range(4)))
                limiter.ticker.cancel()

            asyncio.run(main())
        """)
        with tempfile.TemporaryDirectory() as tmp:
            run = Run(source, folder=tmp)
            self.assertEqual(run.rc, 0, run.stderr)
            lanes = self.moments(run)
            for k, slot in enumerate(starts):
                got = [(ev, t) for ev, t in lanes["Task-%d" % (k + 2)] if ev != "release"]
                got = [(ev, round(t, 9)) for ev, t in got]
                self.assertEqual(got, [("request", 0.0)] + ([("slot_wait", 0.0)] if slot else [])
                                 + [("running", slot), ("done", round(slot + 0.3, 9))], "task %d" % k)
            self.assertEqual(self.plain_starts(source, tmp), [round(t, 1) for t, _ in run.printed()])

    EVENT_TICKS = """
            class TickLimiter:
                def __init__(self, per_second):
                    self.interval, self.ticker, self.tick = 1 / per_second, None, asyncio.Event()

                async def _run(self):
                    while True:
                        await asyncio.sleep(self.interval)
                        self.tick.set()

                async def __aenter__(self):
                    if self.ticker is None:
                        self.ticker = asyncio.create_task(self._run())
                    while True:
                        await self.tick.wait()
                        if self.tick.is_set():
                            self.tick.clear()
                            return self

                async def __aexit__(self, *exc):
                    pass
    """

    def test_a_leaky_bucket_holds_its_lock_while_it_waits_for_its_slot(self):
        # One start every 0.2 s: each caller takes the Lock, sleeps until
        # 0.2 s after the last start holding it, and gives it back as it
        # starts. Task k holds the Lock waiting for its slot from 0.2 (k - 1)
        # to 0.2 k, then runs and gives the Lock back: it works holding
        # nothing (before: drawn running from 0.2 (k - 1), holding the Lock
        # asleep; then its work, after the release, drawn as if it held it).
        run = Run("import asyncio\n" + textwrap.dedent("""
            class LeakyBucket:
                def __init__(self, rate):
                    self.interval, self.lock, self.last = 1.0 / rate, asyncio.Lock(), None

                async def __aenter__(self):
                    async with self.lock:
                        loop = asyncio.get_running_loop()
                        if self.last is not None:
                            wait = self.last + self.interval - loop.time()
                            if wait > 0:
                                await asyncio.sleep(wait)
                        self.last = loop.time()

                async def __aexit__(self, *exc):
                    pass

            make = lambda: LeakyBucket(5)
            use = lambda limiter: limiter
        """) + textwrap.dedent(self.RATE_MAIN))
        self.assertEqual(run.rc, 0, run.stderr)
        lanes = self.moments(run)
        self.assertEqual(lanes["Task-2"], [("request", 0.0), ("running", 0.0), ("release", 0.0), ("done", 0.3)])
        for k in range(1, 4):
            slot = round(0.2 * k, 9)
            self.assertEqual([(ev, round(t, 9)) for ev, t in lanes["Task-%d" % (k + 2)]],
                             [("request", 0.0), ("slot_wait", round(slot - 0.2, 9)), ("running", slot),
                              ("release", slot), ("done", round(slot + 0.3, 9))], "task %d" % k)

    def test_a_sleep_that_is_no_rate_limiters_is_no_slot_wait(self):
        # A connection's __aenter__ that sleeps a fixed time (it reads no
        # clock), a timer's that reads the clock (and sleeps not), a task
        # sleeping until a deadline it computed outside any __aenter__, a
        # sleep in a context manager's __aexit__: none is a rate limiter, no
        # task asks for anything (no request, no slot_wait).
        run = Run("""
            import asyncio
            import time

            class Connection:
                async def __aenter__(self):
                    await asyncio.sleep(0.1)   # connecting
                    return self

                async def __aexit__(self, *exc):
                    await asyncio.sleep(0.1)

            class Timer:
                async def __aenter__(self):
                    self.start = time.monotonic()
                    return self

                async def __aexit__(self, *exc):
                    self.took = time.monotonic() - self.start

            async def work(i):
                async with Connection():
                    async with Timer():
                        deadline = asyncio.get_running_loop().time() + 0.2 * i
                        await asyncio.sleep(deadline - asyncio.get_running_loop().time())

            async def main():
                await asyncio.gather(*(asyncio.create_task(work(i)) for i in range(3)))

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([e for e in run.lines if e["ev"] in ("request", "slot_wait", "running")], [])
        self.assertEqual(len(run.events("done")), 3)

    def test_a_wait_that_is_no_sleep_or_no_wait_after_the_permit_is_running(self):
        # A Semaphore subclass whose __aenter__ waits for an Event after its
        # permit (a pool connecting), and a limiter whose slot is now
        # (sleep(0)): they run from their permit, as before.
        run = Run("""
            import asyncio

            class Pool(asyncio.Semaphore):
                async def __aenter__(self):
                    await self.acquire()
                    await self.ready.wait()

            class Now:
                def __init__(self):
                    self.sem = asyncio.Semaphore(1)

                async def __aenter__(self):
                    await self.sem.acquire()
                    await asyncio.sleep(0)

                async def __aexit__(self, *exc):
                    self.sem.release()

            async def use(cm):
                async with cm:
                    await asyncio.sleep(0.5)

            async def main():
                pool = Pool(1)
                pool.ready = asyncio.Event()
                asyncio.get_running_loop().call_later(0.3, pool.ready.set)
                await asyncio.gather(use(pool), use(Now()))

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual(run.events("slot_wait"), [])
        self.assertEqual([(e["t"], e["task"]) for e in run.events("running")], [(0.0, 0), (0.0, 1)])

class Computing(unittest.TestCase):
    """Computing takes no virtual time: a program thread that computes for
    0.2 s of real CPU time or more while the clock stands still (the loop's
    thread in main() or a task's step, a pool's thread in to_thread()) is
    told once, a `computing` warning at that virtual time on the line it
    computed at (CPython 3.11.7, `sum(i * i for i in range(6_000_000))`
    in main() or in to_thread(): the loop or the thread held about 0.4 s
    here; the tests compute twice as much). Not for waits
    (sleeps, a thread waiting), a short computation, nor the runner's own
    work (thousands of tasks at one instant)."""

    CRUNCH = """
            import asyncio, threading, time

            def crunch(n):
                return sum(i * i for i in range(n))
    """  # (indented as the programs below: one dedent)

    def computing(self, run):
        self.assertEqual(run.rc, 0, run.stderr)
        times = [e["t"] for e in run.lines if "t" in e]
        self.assertEqual(times, sorted(times))          # in time order
        return [e for e in run.events("warning") if e["kind"] == "computing"]

    def test_main_and_a_pool_thread_computing_are_told_once(self):
        run = Run(self.CRUNCH + """
            async def tick():
                await asyncio.sleep(0.5)

            async def main():
                t = asyncio.create_task(tick())
                await asyncio.sleep(0.25)
                crunch(12_000_000)
                r = await asyncio.to_thread(crunch, 12_000_000)
                await t

            asyncio.run(main())
        """)
        seen = self.computing(run)
        self.assertEqual(len(seen), 1, seen)
        w = seen[0]
        self.assertGreaterEqual(w["seconds"], 0.2)
        self.assertEqual((w["file"], w["line"], w["t"]), ("prog.py", 4, 0.25))
        self.assertNotIn("task", w)          # main() has no lane
        self.assertNotIn("thread", w)        # the loop's thread
        self.assertIn("main() computed for", w["message"])
        self.assertIn("on the virtual clock computing takes no time", w["message"])
        end = run.last()
        self.assertEqual(end["ev"], "end")

    def test_a_task_step_and_a_pool_thread(self):
        run = Run(self.CRUNCH + """
            async def worker():
                await asyncio.sleep(0.1)
                total = 0
                for i in range(12_000_000):
                    total += i
                await asyncio.sleep(0.1)

            async def main():
                await asyncio.create_task(worker())

            asyncio.run(main())
        """)
        seen = self.computing(run)
        self.assertEqual(len(seen), 1, seen)
        w = seen[0]
        self.assertGreaterEqual(w["seconds"], 0.2)
        self.assertIn(w["line"], (10, 11))   # the loop
        self.assertEqual((w["t"], w["task"]), (0.1, 0))
        self.assertIn("Task 0 (Task-2) computed", w["message"])

        run = Run(self.CRUNCH + """
            async def main():
                await asyncio.sleep(0.2)
                await asyncio.to_thread(crunch, 12_000_000)
                await asyncio.sleep(0.1)

            asyncio.run(main())
        """)
        seen = self.computing(run)
        self.assertEqual(len(seen), 1, seen)
        w = seen[0]
        self.assertGreaterEqual(w["seconds"], 0.2)
        self.assertEqual((w["line"], w["t"]), (4, 0.2))
        self.assertTrue(w["thread"].startswith("asyncio_"), w)
        self.assertNotIn("task", w)

    def test_waits_short_computing_and_the_runner_s_own_work_are_not(self):
        run = Run(self.CRUNCH + """
            def hold(lock):
                with lock:
                    time.sleep(1.0)

            async def main():
                crunch(50_000)
                time.sleep(1.0)
                await asyncio.sleep(2.0)
                await asyncio.to_thread(time.sleep, 1.5)
                lock = threading.Lock()
                t = threading.Thread(target=hold, args=(lock,))
                t.start()
                await asyncio.sleep(0.1)
                await asyncio.to_thread(lock.acquire)
                tasks = [asyncio.create_task(asyncio.sleep(1)) for _ in range(3000)]
                await asyncio.gather(*tasks)
                for _ in range(20):
                    crunch(50_000)
                    await asyncio.sleep(0.01)

            asyncio.run(main())
        """)
        self.assertEqual(self.computing(run), [])



class DefaultPools(unittest.TestCase):
    """A pool the program makes without max_workers (the loop's own for
    asyncio.to_thread(), ThreadPoolExecutor(), ProcessPoolExecutor()) is
    sized by CPython from os.cpu_count(), which the runner answers with
    --cpus (4): the loop's pool has min(32, 4 + 4) = 8 workers here, while
    python3 on this machine (CPython 3.11.7, os.cpu_count() = 2) makes it 6
    (and a ProcessPoolExecutor() 2, not 4). A `default_pool` note says so
    once per kind of pool, at its first job, and the terminal's summary says
    it with this machine's sizes; nothing is said of a pool given its size."""

    SIZES = """
        import asyncio
        from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

        def size(pool):
            return pool._max_workers

        async def main():
            loop = asyncio.get_running_loop()
            await asyncio.to_thread(print, "first")
            await asyncio.to_thread(print, "second")
            with ThreadPoolExecutor() as tp, ProcessPoolExecutor() as pp, ThreadPoolExecutor(3) as sized:
                await loop.run_in_executor(sized, print, "sized")
                await loop.run_in_executor(tp, print, "thread")
                await loop.run_in_executor(pp, print, "process")
                print(size(loop._default_executor), size(tp), size(pp))

        if __name__ == "__main__":
            asyncio.run(main())
    """

    def test_each_default_pool_is_told_once_with_this_machine_s_sizes(self):
        code, real = real_run(self.SIZES)
        self.assertEqual(code, 0, real)
        real = [int(x) for x in real.split()[-3:]]  # python3 here: the loop's, ThreadPoolExecutor(), processes
        run = Run(self.SIZES)
        self.assertEqual(run.rc, 0, run.stderr)
        virtual = [int(x) for x in run.printed()[-1][1].split()]
        notes = [w for w in run.events("warning") if w["kind"] == "default_pool"]
        self.assertEqual([(w["pool"], w["workers"], w["line"], w.get("loop", False)) for w in notes],
                         [("thread", virtual[0], 9, True), ("process", virtual[2], 14, False)])
        self.assertTrue(all(w["cpus"] == 4 for w in notes))
        told = [x for x in run.stderr.splitlines() if x.startswith("coroscope_trace: note:")]
        self.assertEqual(len(told), 2, run.stderr)
        self.assertIn("had %d workers" % virtual[0], told[0])
        self.assertIn("makes it %d" % real[0], told[0])
        self.assertIn("process pool had %d workers" % virtual[2], told[1])
        self.assertIn("makes it %d" % real[2], told[1])

    def test_a_pool_given_its_size_is_not_told(self):
        run = Run("""
            import asyncio
            from concurrent.futures import ThreadPoolExecutor

            async def main():
                loop = asyncio.get_running_loop()
                loop.set_default_executor(ThreadPoolExecutor(max_workers=2))
                await asyncio.to_thread(print, "a")
                with ThreadPoolExecutor(4) as pool:
                    await loop.run_in_executor(pool, print, "b")

            asyncio.run(main())
        """)
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual([w for w in run.events("warning") if w["kind"] == "default_pool"], [])
        self.assertNotIn("note:", run.stderr)
        quiet = Run("import asyncio\nasyncio.run(asyncio.to_thread(print, 1))\n", "-q")
        self.assertEqual(len([w for w in quiet.events("warning") if w["kind"] == "default_pool"]), 1)
        self.assertEqual(quiet.stderr, "")  # -q: no summary, no note


class DiffersFromRealNotes(unittest.TestCase):
    """Where a virtual run's output can differ from `python3 prog.py`'s (an
    order CPython takes from memory addresses, a tie of the virtual clock),
    the terminal's summary says so with the trace's note, the first of each
    kind and how many there were (it said nothing: a terminal showed output
    unlike CPython's, the note was in the trace and the app only)."""

    PROGRAM = """
        import asyncio

        async def job(i):
            await asyncio.sleep(0.1 * (i % 3))
            return i

        async def main():
            for fut in asyncio.as_completed([job(i) for i in range(6)]):
                print(await fut)
            await asyncio.gather(*(asyncio.sleep(1) for _ in range(3)))

        asyncio.run(main())
    """

    def test_each_kind_is_told_once_on_the_terminal_as_the_trace_words_it(self):
        run = Run(self.PROGRAM)
        self.assertEqual(run.rc, 0, run.stderr)
        warned = {}
        for w in run.events("warning"):
            warned.setdefault(w["kind"], []).append(w)
        self.assertIn("set_order", warned)
        told = [x for x in run.stderr.splitlines() if x.startswith("coroscope_trace: note:")]
        self.assertEqual(len(told), len(warned), run.stderr)
        for line, (kind, ws) in zip(told, warned.items()):
            first = ws[0]
            where = "%s:%s: " % (first["file"], first["line"]) if "file" in first else ""
            self.assertTrue(line.startswith("coroscope_trace: note: " + where + first["message"]), (kind, line))
            self.assertEqual(line.endswith("the trace has them all)"), len(ws) > 1, line)
        quiet = Run(self.PROGRAM, "-q")
        self.assertEqual(quiet.stderr, "")  # -q: no summary, no note

    def test_no_note_for_a_run_whose_output_cannot_differ(self):
        run = Run(self.PROGRAM.replace("asyncio.as_completed([job(i) for i in range(6)])",
                                       "asyncio.as_completed([asyncio.ensure_future(job(i)) for i in range(6)])")
                  .replace("asyncio.sleep(1) for _ in range(3)", "asyncio.sleep(1 + k) for k in range(3)"))
        self.assertEqual(run.rc, 0, run.stderr)
        self.assertEqual(run.events("warning"), [])
        self.assertNotIn("note:", run.stderr)


if __name__ == "__main__":
    unittest.main()
