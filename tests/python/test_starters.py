"""Each starter program (resources/python/starters) run by the virtual-clock
runner shows what its header comment says.

    python3 tests/python/test_starters.py          (any Python 3.11)
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_runner import ROOT, Run  # noqa: E402

STARTERS = os.path.join(ROOT, "resources", "python", "starters")


def run(name, *options):
    r = Run(None, *options, path=os.path.join(STARTERS, name))
    assert r.rc == 0, (name, r.rc, r.stderr)
    assert r.last()["ev"] == "end" and r.last()["outcome"] == "ok", r.last()
    return r


def ended(lines):
    return next(e for e in lines if e["ev"] in ("done", "failed", "cancelled"))


class Starters(unittest.TestCase):
    def test_every_starter_has_a_header_saying_what_to_look_at(self):
        for name in sorted(os.listdir(STARTERS)):
            if name.endswith(".py"):
                with open(os.path.join(STARTERS, name), encoding="utf-8") as f:
                    head = f.read(2000)
                self.assertTrue(head.startswith('"""'), name)
                self.assertIn("Look at", head, name)

    def test_semaphore_lets_two_run_at_once_and_hands_permits_on(self):
        r = run("semaphore.py")
        self.assertEqual(max(e["value"] for e in r.events("permits")), 2)
        waited = [e for e in r.events("running")
                  if e["t"] > next(q["t"] for q in r.events("request") if q["task"] == e["task"])]
        self.assertEqual(len(waited), 4)
        self.assertEqual(sorted(e["woke"] for e in r.events("release") if e["woke"] >= 0), [2, 3, 4, 5])
        self.assertEqual(r.last()["t"], 3.0)

    def test_per_host_limit_holds_the_global_permit_while_waiting_for_a_host(self):
        r = run("per_host_limit.py")
        made = [(e["sem"], e["value"], e["line"]) for e in r.events("primitive")]
        self.assertEqual(made, [(0, 4, 28), (1, 2, 29), (2, 2, 29)])
        # a3 holds a permit of #1 (all requests) and waits for #2 (host "a"'s)
        # from 0 to 1.0: its requests name them.
        a3 = [(e["ev"], e["t"], e.get("sem")) for e in r.lines
              if e.get("name") == "a3" and e["ev"] in ("request", "running")]
        self.assertEqual(a3, [("request", 0.0, 0), ("running", 0.0, None), ("request", 0.0, 1), ("running", 1.0, None)])
        # It gives the host's back first, then the global one: its releases
        # name them (so the app knows it held #1 all the while it waited).
        self.assertEqual([e["sem"] for e in r.events("release") if e.get("name") == "a3"], [1, 0])

        def held(lines, k):
            return [(e["t"], e["value"]) for e in lines if e["ev"] == "held" and e["sem"] == k]

        def at(series, t):  # the value from t on (the last line at or before t)
            return [v for s, v in series if s <= t][-1]

        everything, a, b = (held(r.lines, k) for k in range(3))
        self.assertEqual([at(a, t) for t in (0.5, 1.5, 2.5, 3.5)], [2, 2, 2, 2])
        self.assertEqual([at(everything, t) for t in (0.5, 1.5, 2.5, 3.5)], [4, 4, 4, 3])
        self.assertEqual(max(v for _, v in b), 1)
        done = {e["name"]: e["t"] for e in r.events("done")}
        self.assertEqual([done[n] for n in ("b2", "b5", "b8", "b11")], [1.0, 2.0, 3.0, 4.0])
        self.assertEqual(r.printed(), [(4.0, "all done at 4.0\n")])
        # The host's permit first: "b" serves two at a time, done at 2.0.
        with open(os.path.join(STARTERS, "per_host_limit.py"), encoding="utf-8") as f:
            source = f.read()
        swapped = source.replace(
            "    async with everything:           # at most 4 requests in all\n"
            "        async with per_host[host]:   # at most 2 to each host\n",
            "    async with per_host[host]:       # at most 2 to each host\n"
            "        async with everything:       # at most 4 requests in all\n")
        self.assertNotEqual(swapped, source)
        r2 = Run(swapped)
        done = {e["name"]: e["t"] for e in r2.events("done")}
        self.assertEqual([done[n] for n in ("b2", "b5", "b8", "b11")], [1.0, 1.0, 2.0, 2.0])
        self.assertEqual(max(v for _, v in held(r2.lines, 2)), 2)
        self.assertEqual(r2.printed(), [(4.0, "all done at 4.0\n")])

    def test_queue_workers_finish_nine_jobs_in_three_seconds(self):
        r = run("queue_workers.py")
        # Each job a lane, taken by workers 0, 1, 2 in turn, a second each.
        self.assertEqual([e["name"] for e in r.events("created")], ["item %d: %d" % (j, j) for j in range(9)])
        self.assertEqual([(e["t"], e["worker"]) for e in r.events("worker")],
                         [(float(k // 3), k % 3) for k in range(9)])
        self.assertEqual([e["t"] for e in r.events("done")], [1.0] * 3 + [2.0] * 3 + [3.0] * 3)
        self.assertEqual(len(r.printed()), 9)
        self.assertEqual([t for t, _ in r.printed()], [1.0] * 3 + [2.0] * 3 + [3.0] * 3)
        # The idle workers cancelled at the end are no lanes: nothing cancelled.
        self.assertEqual(r.events("cancelled"), [])

    def test_gather_keeps_input_order_as_completed_finish_order_wait_returns_first(self):
        r = run("gather_wait_as_completed.py")
        self.assertEqual(r.printed(), [
            (3.0, "gather: ['slow', 'medium', 'fast']\n"),
            (6.0, "as_completed: ['fast', 'medium', 'slow']\n"),
            (7.0, "wait: done ['fast'] pending ['medium', 'slow']\n")])
        self.assertEqual(ended(r.task_named("slow"))["ev"], "cancelled")

    def test_taskgroup_cancels_the_siblings_when_one_fails(self):
        r = run("taskgroup.py")
        self.assertEqual((ended(r.task_named("payment"))["ev"], ended(r.task_named("payment"))["t"]), ("failed", 1.0))
        for name in ("email", "report"):
            self.assertEqual((ended(r.task_named(name))["ev"], ended(r.task_named(name))["t"]), ("cancelled", 1.0))
        self.assertEqual(r.printed(), [(1.0, "caught: ['card declined'] at 1.0\n")])

    def test_wait_for_cancels_its_inner_task_and_timeout_the_code_itself(self):
        r = run("timeouts.py")
        caller = r.task_named("caller")[0]["task"]
        inner = [e for e in r.events("created") if e.get("parent") == caller]
        self.assertEqual(len(inner), 1, "wait_for's inner task nests under the caller")
        self.assertEqual(ended([e for e in r.lines if e.get("task") == inner[0]["task"]])["t"], 1.0)
        self.assertEqual(r.printed(), [(1.0, "wait_for gave up at 1.0\n"), (3.0, "timeout gave up at 3.0\n")])

    def test_a_permit_with_a_deadline_gives_up_or_waits_on(self):
        r = run("permit_deadline.py")
        self.assertEqual(sorted(e["name"] for e in r.events("created")), ["hasty", "patient", "retrying"])

        def lane(name):
            return [(e["ev"], e["t"]) for e in r.task_named(name)
                    if e["ev"] in ("request", "running", "gave_up", "release", "done")]
        self.assertEqual(lane("patient"), [("request", 0.0), ("running", 0.0), ("release", 1.0), ("done", 1.0)])
        self.assertEqual(lane("hasty"), [("request", 0.0), ("gave_up", 0.5), ("done", 0.7)])
        self.assertEqual(lane("retrying"), [("request", 0.0), ("running", 1.0), ("release", 2.0), ("done", 2.0)])
        self.assertEqual([text for _, text in r.printed()], ["hasty: busy, served from the cache\n",
                                                             "retrying: still busy at 0.7\n",
                                                             "retrying: got it at 1.0\n"])

    def test_a_blocking_call_delays_the_other_task(self):
        r = run("blocking_call.py")
        blocker = r.task_named("blocker")
        self.assertEqual([(e["ev"], e["t"]) for e in blocker if e["ev"].startswith("cpu_")],
                         [("cpu_begin", 0.0), ("cpu_end", 2.0)])
        self.assertEqual(ended(r.task_named("ticker"))["t"], 2.0, "frozen until the loop is free")

    def test_to_thread_keeps_the_loop_free(self):
        r = run("to_thread.py")
        blocker = r.task_named("blocker")
        self.assertEqual([(e["ev"], e["t"]) for e in blocker if e["ev"].startswith("thread_")],
                         [("thread_begin", 0.0), ("thread_end", 2.0)])
        self.assertEqual(ended(r.task_named("ticker"))["t"], 1.0)

    def test_lost_update_without_a_lock_and_the_lock_that_fixes_it(self):
        r = run("lost_update.py")
        self.assertEqual(r.printed(), [(0.1, "without a lock: 1\n"), (0.6, "with a lock: 5\n")])
        self.assertEqual(len(r.events("request")), 5, "only the locked run asks for the lock")
        self.assertEqual(sum(1 for e in r.events("release") if e["woke"] >= 0), 4)

    def test_graceful_shutdown_cancels_the_server_and_awaits_its_cleanup(self):
        r = run("graceful_shutdown.py")  # the signal is saved with it
        self.assertEqual([(e["t"], e["signal"], e["handled"]) for e in r.events("signal")],
                         [(2.5, "SIGINT", "add_signal_handler")])
        self.assertEqual([t for t, text in r.printed() if text in ("shutting down\n", "cleanup done\n")],
                         [2.5, 3.0])
        self.assertEqual((ended(r.task_named("server"))["ev"], ended(r.task_named("server"))["t"]),
                         ("cancelled", 3.0))

    def test_debug_mode_warns_of_a_never_awaited_coroutine_and_a_slow_step_on_their_lines(self):
        r = run("debug_mode.py")
        with open(os.path.join(STARTERS, "debug_mode.py"), encoding="utf-8") as f:
            source = f.read().splitlines()
        forgotten = 1 + next(i for i, text in enumerate(source) if text.strip().startswith("save()"))
        blocking = 1 + next(i for i, text in enumerate(source) if text.strip().startswith("time.sleep("))
        warnings = [(e["kind"], e["file"], e["line"]) for e in r.events("warning")]
        self.assertEqual(warnings, [("never_awaited", "debug_mode.py", forgotten),
                                    ("slow_step", "debug_mode.py", blocking)])


if __name__ == "__main__":
    unittest.main()
