#!/usr/bin/env python3
"""Coroscope's reference runner (the oracle): CPython itself.

usage: coroscope_ref.py SCENARIO.json [--trace OUT|-]

Runs the scenario as the real CPython 3.11 asyncio program of
../shared/spec/scenario.md, section 3, and writes its section 4 trace
(JSON lines) to OUT, or to stdout with "-" (the default).

Only the clock is virtual: a selector whose select(timeout) advances the
clock by `timeout` instead of sleeping, and an event loop whose time()
reads that clock. CPython's own Task, Future, Semaphore, Queue, wait_for,
gather, TaskGroup, heapq and BaseEventLoop._run_once do everything else,
untouched: that is what makes this an oracle.

Stdlib only. Exit status: 0 when the scenario ran (whatever its outcome),
2 when the scenario file is unusable.
"""
import argparse
import asyncio
import builtins
import collections
import json
import logging
import math
import selectors
import signal
import sys
import warnings

FORMAT = "coroscope-scenario/1"

if sys.version_info[:2] != (3, 11):
    # The oracle's semantics are those of the asyncio it runs on (3.12 changed
    # wait_for, Semaphore, TaskGroup...): anything but 3.11 is another oracle.
    sys.exit(f"coroscope_ref.py needs Python 3.11 (this is {sys.version.split()[0]})")

# A task cancelled before its first step (wait_for(..., 0), a TaskGroup
# aborting early...) drops a coroutine that never ran: CPython warns, the
# trace has nothing to say about it.
warnings.filterwarnings("ignore", category=RuntimeWarning,
                        message=r"coroutine .* was never awaited")


class ScenarioError(Exception):
    """The scenario file cannot be run; the message names the field path."""


# --------------------------------------------------------------------------
# The virtual clock
# --------------------------------------------------------------------------

class VirtualSelector(selectors._BaseSelectorImpl):
    """A selector that never waits: select(timeout) moves the clock instead.

    select(None) means nothing can ever happen again (no ready callback, no
    timer) while the loop still waits for something: a deadlock. It is
    interrupted as Ctrl-C would interrupt asyncio.run: SIGINT reaches the
    Runner's own handler, which cancels the main task. If the program
    deadlocks again after that, KeyboardInterrupt is raised directly."""

    def __init__(self, loop):
        super().__init__()
        self._loop = loop

    def select(self, timeout=None):
        if timeout is None:
            self._loop.deadlocks += 1
            if self._loop.deadlocks == 1:
                signal.raise_signal(signal.SIGINT)
            else:
                raise KeyboardInterrupt()
            return []
        if timeout > 0:
            self._loop._now += timeout
        return []


class VirtualLoop(asyncio.SelectorEventLoop):
    """CPython's selector event loop on a virtual clock starting at 0.0."""

    def __init__(self):
        self._now = 0.0
        self.deadlocks = 0                       # select(None) calls so far
        super().__init__(VirtualSelector(self))

    def time(self):
        return self._now


# --------------------------------------------------------------------------
# The two orders CPython leaves to memory addresses
# --------------------------------------------------------------------------
# CPython iterates a set of tasks in two places that matter here: Runner.close()
# cancels asyncio.all_tasks() and TaskGroup._abort() cancels its self._tasks.
# A set of tasks iterates in id() (address) order, so the order, and with it
# sometimes the outcome (which BoundedSemaphore.release() finds the bound
# reached after a release_twice), changes from run to run. The oracle fixes
# both to task creation order (the N of CPython's default name "Task-N");
# the code is otherwise CPython 3.11.7's, line for line.

def creation_order(task):
    try:
        return int(task.get_name().rsplit("-", 1)[1])
    except (ValueError, IndexError):
        return 0


def _cancel_all_tasks(loop):                     # asyncio/runners.py, tasks sorted
    to_cancel = sorted(asyncio.all_tasks(loop), key=creation_order)
    if not to_cancel:
        return

    for task in to_cancel:
        task.cancel()

    loop.run_until_complete(asyncio.gather(*to_cancel, return_exceptions=True))

    for task in to_cancel:
        if task.cancelled():
            continue
        if task.exception() is not None:
            loop.call_exception_handler({
                'message': 'unhandled exception during asyncio.run() shutdown',
                'exception': task.exception(),
                'task': task,
            })


asyncio.runners._cancel_all_tasks = _cancel_all_tasks


# --------------------------------------------------------------------------
# Frozen tasks (docs/trace-extensions.md, `ready` / `resumed`)
# --------------------------------------------------------------------------
# A lane is frozen from the moment one of its tasks became ready while another
# lane's cpu step held the loop, until a task of the lane runs again. "Runs
# again" is CPython's Handle._run of the task's own __step/__wakeup (a
# TimerHandle or a done callback that only resolves a future is not the task
# running), observed here without changing what the handle does.

_PROGRAM = None                                  # the Program being run (one at a time)
_handle_run = asyncio.events.Handle._run


def _run_observed(self):
    if _PROGRAM is not None and _PROGRAM.frozen:
        task = getattr(self._callback, "__self__", None)
        if isinstance(task, asyncio.Task):
            _PROGRAM.task_steps(task)
    return _handle_run(self)


asyncio.events.Handle._run = _run_observed


def waiting_task(fut):
    """The task whose __wakeup waits on `fut` (its _fut_waiter), if pending."""
    if not isinstance(fut, asyncio.Future) or fut.done():
        return None
    for cb, _ctx in fut._callbacks or ():   # (None: no callback yet)
        task = getattr(cb, "__self__", None)
        if isinstance(task, asyncio.Task):
            return task
    return None


def timer_task(handle):
    """The task waiting on the future a timer resolves (asyncio.sleep's, the
    thread pool job's, wait_for's waiter), or None."""
    for arg in handle._args or ():
        task = waiting_task(arg)
        if task is not None:
            return task
    return None


def ready_task(handle):
    """The task a queued handle will run: its own __step/__wakeup, or a due
    timer resolving the future it awaits."""
    task = getattr(handle._callback, "__self__", None)
    if isinstance(task, asyncio.Task):
        return task
    if isinstance(handle, asyncio.TimerHandle):
        return timer_task(handle)
    return None


class TaskGroup(asyncio.TaskGroup):
    def _abort(self):                            # asyncio/taskgroups.py, tasks sorted
        self._aborting = True

        for t in sorted(self._tasks, key=creation_order):
            if not t.done():
                t.cancel()


# --------------------------------------------------------------------------
# Scenario file
# --------------------------------------------------------------------------

STEP_KINDS = ("io", "cpu", "thread", "call", "raise",
              "process", "increment")                 # + format extensions
LIMIT_KINDS = ("none", "semaphore", "bounded_semaphore", "semaphore_per_task", "queue",
               "manual", "chunks", "rate", "adaptive",
               "connector", "scheduler")              # + format extensions
COLLECT_KINDS = ("gather", "wait", "as_completed", "taskgroup", "sequential")
RETURN_WHEN = ("ALL_COMPLETED", "FIRST_COMPLETED", "FIRST_EXCEPTION")


def _num(v, path, integer=False, minimum=0):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ScenarioError(f"{path}: must be a number")
    if not math.isfinite(v):
        raise ScenarioError(f"{path}: must be finite")
    if minimum is not None and v < minimum:
        raise ScenarioError(f"{path}: must be >= {minimum}")
    if integer:
        if v != int(v):
            raise ScenarioError(f"{path}: must be an integer")
        return int(v)
    return float(v)


def _opt(obj, key, path, default, integer=False, minimum=0):
    v = obj.get(key)
    if v is None:
        return default
    return _num(v, f"{path}.{key}", integer, minimum)


def load_scenario(path):
    try:
        with open(path) as f:
            sc = json.load(f)
    except (OSError, ValueError) as e:
        raise ScenarioError(f"{path}: {e}")
    if not isinstance(sc, dict):
        raise ScenarioError("(root): must be an object")
    if sc.get("format") != FORMAT:
        raise ScenarioError(f"format: must be {FORMAT!r}")
    if "tasks" not in sc:
        if "generate" in sc:
            raise ScenarioError("generate: not supported by the reference runner; "
                                "expand it first (coroscope-cli expand)")
        raise ScenarioError("tasks: required")
    if not isinstance(sc["tasks"], list):
        raise ScenarioError("tasks: must be an array")

    tasks = []
    for i, t in enumerate(sc["tasks"]):
        p = f"tasks[{i}]"
        if not isinstance(t, dict):
            raise ScenarioError(f"{p}: must be an object")
        steps = t.get("steps")
        if not isinstance(steps, list):
            raise ScenarioError(f"{p}.steps: required array")
        st = []
        for j, s in enumerate(steps):
            sp = f"{p}.steps[{j}]"
            if not isinstance(s, dict) or len(s) != 1:
                raise ScenarioError(f"{sp}: must be an object with one key")
            (k, v), = s.items()
            if k not in STEP_KINDS:
                raise ScenarioError(f"{sp}: unknown step {k!r}")
            if k == "raise":
                if not isinstance(v, str) or not v.isidentifier():
                    raise ScenarioError(f"{sp}.raise: must be a class name")
                st.append((k, v))
            else:
                st.append((k, _num(v, f"{sp}.{k}")))
        timeout = t.get("timeout")
        tasks.append({
            "steps": st,
            "arrive": _opt(t, "arrive", p, 0.0),
            "timeout": None if timeout is None else _num(timeout, f"{p}.timeout"),
            "ignore_cancel": bool(t.get("ignore_cancel", False)),
            "forget_release": bool(t.get("forget_release", False)),
            "release_twice": bool(t.get("release_twice", False)),
        })

    limit = sc.get("limit") or {"kind": "none"}
    if not isinstance(limit, dict):
        raise ScenarioError("limit: must be an object")
    kind = limit.get("kind", "none")
    if kind not in LIMIT_KINDS:
        raise ScenarioError(f"limit.kind: unknown kind {kind!r}")
    lim = {"kind": kind}
    if kind in ("semaphore", "bounded_semaphore", "semaphore_per_task", "manual"):
        lim["value"] = _opt(limit, "value", "limit", 0, integer=True)
    if kind == "connector":
        lim["value"] = _opt(limit, "value", "limit", 1, integer=True, minimum=1)
    if kind == "scheduler":
        lim["limit"] = _opt(limit, "limit", "limit", 1, integer=True, minimum=1)
        lim["pending_limit"] = _opt(limit, "pending_limit", "limit", 0, integer=True)
    if kind == "semaphore":
        sched = limit.get("schedule") or []
        if not isinstance(sched, list):
            raise ScenarioError("limit.schedule: must be an array")
        lim["schedule"] = []
        for j, e in enumerate(sched):
            if not isinstance(e, dict):
                raise ScenarioError(f"limit.schedule[{j}]: must be an object")
            for key in ("at", "value"):
                if key not in e:
                    raise ScenarioError(f"limit.schedule[{j}].{key}: required")
            lim["schedule"].append((_num(e["at"], f"limit.schedule[{j}].at"),
                                    _num(e["value"], f"limit.schedule[{j}].value", True)))
    if kind == "queue":
        lim["workers"] = _opt(limit, "workers", "limit", 1, integer=True)
        lim["maxsize"] = _opt(limit, "maxsize", "limit", 0, integer=True)
    if kind == "chunks":
        lim["size"] = _opt(limit, "size", "limit", 1, integer=True, minimum=1)
    if kind == "rate":
        lim["max_at_once"] = _opt(limit, "max_at_once", "limit", 0, integer=True)
        mps = limit.get("max_per_second")
        if mps is None:
            raise ScenarioError("limit.max_per_second: required")
        lim["max_per_second"] = _num(mps, "limit.max_per_second")
        if lim["max_per_second"] <= 0:
            raise ScenarioError("limit.max_per_second: must be > 0")
    if kind == "adaptive":
        lim["initial"] = _opt(limit, "initial", "limit", 1, integer=True)
        lim["min"] = _opt(limit, "min", "limit", 1, integer=True)
        lim["max"] = _opt(limit, "max", "limit", 1, integer=True)
        lim["latency_target"] = _opt(limit, "latency_target", "limit", 1.0)

    if kind not in ("semaphore", "bounded_semaphore", "semaphore_per_task", "connector"):
        for i, t in enumerate(tasks):               # spec section 1
            for flag in ("forget_release", "release_twice"):
                if t[flag]:
                    raise ScenarioError(f"tasks[{i}].{flag}: needs a semaphore limit")

    collect = sc.get("collect") or {"kind": "gather"}
    if not isinstance(collect, dict):
        raise ScenarioError("collect: must be an object")
    ck = collect.get("kind", "gather")
    if ck not in COLLECT_KINDS:
        raise ScenarioError(f"collect.kind: unknown kind {ck!r}")
    col = {"kind": ck,
           "return_exceptions": bool(collect.get("return_exceptions", False)),
           "timeout": None if collect.get("timeout") is None
           else _num(collect["timeout"], "collect.timeout"),
           "return_when": collect.get("return_when", "ALL_COMPLETED"),
           "on_return": collect.get("on_return", "leave")}
    if col["return_when"] not in RETURN_WHEN:
        raise ScenarioError(f"collect.return_when: unknown value {col['return_when']!r}")
    if col["on_return"] not in ("leave", "cancel"):
        raise ScenarioError(f"collect.on_return: unknown value {col['on_return']!r}")

    executor = sc.get("executor") or {}
    max_workers = _opt(executor, "max_workers", "executor", 4, integer=True, minimum=1)

    # Format extensions (docs/format-extensions.md)
    process_pool = sc.get("process_pool") or {}
    if not isinstance(process_pool, dict):
        raise ScenarioError("process_pool: must be an object")
    process_workers = _opt(process_pool, "max_workers", "process_pool", 2, integer=True, minimum=1)
    counter = sc.get("counter") or {}
    if not isinstance(counter, dict):
        raise ScenarioError("counter: must be an object")
    counter_lock = counter.get("lock", False)
    if counter_lock is None:
        counter_lock = False
    if not isinstance(counter_lock, bool):
        raise ScenarioError("counter.lock: must be true or false")

    service = sc.get("service")
    svc = None
    if service is not None:
        if not isinstance(service, dict):
            raise ScenarioError("service: must be an object")
        svc = {"capacity": _opt(service, "capacity", "service", 1, integer=True),
               "queue_limit": None if service.get("queue_limit") is None
               else _num(service["queue_limit"], "service.queue_limit", True),
               "rate_limit": None}
        rl = service.get("rate_limit")
        if rl is not None:
            if not isinstance(rl, dict):
                raise ScenarioError("service.rate_limit: must be an object")
            if rl.get("per_second") is None:
                raise ScenarioError("service.rate_limit.per_second: required")
            svc["rate_limit"] = {
                "per_second": _num(rl["per_second"], "service.rate_limit.per_second"),
                "burst": _opt(rl, "burst", "service.rate_limit", 1.0)}
    if svc is None:
        for i, t in enumerate(tasks):
            for j, (k, _) in enumerate(t["steps"]):
                if k == "call":
                    raise ScenarioError(f"tasks[{i}].steps[{j}].call: needs a service")
    return {"tasks": tasks, "limit": lim, "collect": col, "max_workers": max_workers,
            "service": svc, "process_workers": process_workers, "counter_lock": counter_lock,
            "uses_counter": any(k == "increment" for t in tasks for k, _ in t["steps"])}


# --------------------------------------------------------------------------
# The program of spec section 3
# --------------------------------------------------------------------------

class Overloaded(Exception):
    """What the downstream service answers when it refuses a call (429/503)."""


_EXC_CLASSES = {}


def exception_class(name):
    """A builtin exception class of that name, or a new Exception subclass."""
    cls = _EXC_CLASSES.get(name)
    if cls is None:
        b = getattr(builtins, name, None)
        if isinstance(b, type) and issubclass(b, Exception):
            cls = b
        else:
            cls = type(name, (Exception,), {})
        _EXC_CLASSES[name] = cls
    return cls


class ResizableSemaphore(asyncio.Semaphore):     # identical until resized (spec section 2)
    def __init__(self, value, on_resize=None):
        super().__init__(value)
        self.limit = value
        self._on_resize = on_resize

    def locked(self):
        return self._value <= 0 or any(not w.cancelled() for w in (self._waiters or ()))

    def resize(self, n):                         # never pre-empts a holder
        if self._on_resize is not None:
            self._on_resize(n)                   # traces {"ev": "limit", "value": n} first
        self._value += n - self.limit
        self.limit = n
        while self._value > 0 and self._waiters and any(not w.done() for w in self._waiters):
            self._wake_up_next()

    def _wake_up_next(self):                     # a shrink holds: releases pay the
        if self._value > 0:                      # debt back before anyone is woken
            super()._wake_up_next()


class RateLimiter:
    """aiometer-like: at most max_at_once holders, starts spaced 1/max_per_second."""

    def __init__(self, loop, max_at_once, max_per_second):
        self.loop = loop
        self.sem = asyncio.Semaphore(max_at_once) if max_at_once else None
        self.max_per_second = max_per_second
        self.next_start = 0.0

    async def __aenter__(self):
        if self.sem: await self.sem.acquire()
        now = self.loop.time(); start = max(now, self.next_start)
        self.next_start = start + 1.0 / self.max_per_second
        if start > now: await asyncio.sleep(start - now)

    async def __aexit__(self, *exc_info):
        if self.sem: self.sem.release()


class Service:
    """The downstream service of spec section 2.1."""

    def __init__(self, loop, cfg):
        self.loop = loop
        self.capacity = cfg["capacity"]
        self.queue_limit = cfg["queue_limit"]
        self.rate_limit = cfg["rate_limit"]
        self.tokens = self.rate_limit["burst"] if self.rate_limit else 0.0
        self.stamp = 0.0
        self.inside = 0
        self.slots = asyncio.Semaphore(self.capacity)

    async def call(self, d):
        if self.rate_limit:
            per_second, burst = self.rate_limit["per_second"], self.rate_limit["burst"]
            now = self.loop.time()
            self.tokens = min(burst, self.tokens + (now - self.stamp) * per_second)
            self.stamp = now
            if self.tokens < 1: raise Overloaded("429")
            self.tokens -= 1
        if self.queue_limit is not None and self.inside >= self.capacity + self.queue_limit:
            raise Overloaded("503")
        self.inside += 1
        try:
            async with self.slots: await asyncio.sleep(d)
        finally:
            self.inside -= 1


class ThreadPool:
    """run_in_executor on the virtual clock: max_workers slots, FIFO queue."""

    def __init__(self, loop, max_workers):
        self.loop = loop
        self.free = max_workers
        self.queue = collections.deque()

    def submit(self, d):
        fut = self.loop.create_future()
        if self.free > 0:
            self._start(fut, d)
        else:
            self.queue.append((fut, d))
        return fut

    def _start(self, fut, d):
        self.free -= 1
        self.loop.call_later(d, self._finish, fut)

    def _finish(self, fut):
        self.free += 1
        if not fut.done():
            fut.set_result(None)
        while self.queue:                        # cancelled work items are skipped
            nfut, nd = self.queue.popleft()
            if not nfut.cancelled():
                self._start(nfut, nd)
                break


class Connector:
    """aiohttp.TCPConnector(limit=n), in miniature (docs/format-extensions.md)."""

    def __init__(self, limit):
        self._sem = asyncio.Semaphore(limit)

    async def __aenter__(self):
        await self._sem.acquire()
        return self

    async def __aexit__(self, *exc):
        self._sem.release()


class Scheduler:
    """aiojobs.Scheduler(limit, pending_limit), in miniature (docs/format-extensions.md)."""

    def __init__(self, limit, pending_limit, start_job):
        self.limit, self.pending_limit = limit, pending_limit
        self.active, self.pending = 0, collections.deque()
        self.room = asyncio.Event(); self.room.set()        # pending has room
        self.idle = asyncio.Event(); self.idle.set()        # nothing active or pending
        self.start_job = start_job                          # i -> asyncio.create_task(runner(i))

    async def spawn(self, i):
        while self.pending_limit and len(self.pending) >= self.pending_limit:
            self.room.clear(); await self.room.wait()      # backpressure: spawn waits
        self.idle.clear()
        if self.active < self.limit: self._start(i)
        else: self.pending.append(i)

    def _start(self, i):
        self.active += 1
        self.start_job(i).add_done_callback(self._done)

    def _done(self, task):
        self.active -= 1
        if self.pending:
            self._start(self.pending.popleft()); self.room.set()
        elif self.active == 0:
            self.idle.set()

    async def wait_idle(self):
        await self.idle.wait()


class Program:
    """One scenario as the asyncio program of spec section 3."""

    def __init__(self, sc):
        self.sc = sc
        self.spec = sc["tasks"]
        self.n = len(self.spec)
        self.events = []
        self.loop = None
        self.keep = []               # every task made, kept alive (no GC of pending tasks)
        self.running_at = {}
        self.successes = 0
        self.counter = 0             # the shared counter of increment steps
        self.increments = 0          # increment steps that completed
        self.lane = {}               # asyncio task -> the scenario task (lane) it runs
        self.alive = set()           # lanes between `created` and their end
        self.frozen = set()          # lanes with a `ready` and no `resumed` yet
        self.calls = 0               # collector calls returned to main()

    # ---- trace
    def trace(self, ev, task=None, **kw):
        self.trace_at(self.loop.time(), ev, task, **kw)

    def trace_at(self, t, ev, task=None, **kw):
        e = {"t": t, "ev": ev}
        if task is not None:
            e["task"] = task
        e.update(kw)
        self.events.append(e)
        if ev == "created":
            self.alive.add(task)
        elif ev in ("done", "failed", "cancelled"):
            self.alive.discard(task)

    def returned(self):
        """A collector call returned to main() (its `result`s follow)."""
        self.trace("returned", call=self.calls)
        self.calls += 1

    # ---- frozen lanes (docs/trace-extensions.md)
    def cpu(self, i, d):
        """time.sleep(d) in task i: the loop is blocked; the lanes that became
        ready meanwhile are frozen (one `ready` each, in time order)."""
        loop = self.loop
        t0 = loop.time()
        loop._now += d
        t1 = loop.time()
        found = {}

        def consider(task, when):
            lane = self.lane.get(task)
            if lane is None or lane == i or lane not in self.alive or lane in self.frozen:
                return
            found[lane] = min(found.get(lane, when), when)

        for h in loop._ready:                    # queued work: ready since the block began
            if not h._cancelled:
                task = ready_task(h)
                if task is not None:
                    consider(task, t0)
        for h in loop._scheduled:                # timers due by the block's end
            if not h._cancelled and h._when <= t1:
                task = timer_task(h)
                if task is not None:
                    consider(task, max(t0, h._when))
        for when, lane in sorted((w, l) for l, w in found.items()):
            self.frozen.add(lane)
            self.trace_at(when, "ready", lane)

    def task_steps(self, task):
        lane = self.lane.get(task)
        if lane in self.frozen:
            self.frozen.discard(lane)
            self.trace("resumed", lane)

    def on_resize(self, n):
        self.trace("limit", value=n)

    def collected(self):
        """Traces "collected", preceded by the counter when increment steps exist."""
        if self.sc["uses_counter"]:
            self.trace("counter", value=self.counter, expected=self.increments)
        self.trace("collected")

    async def increment(self, i, d):
        """v = counter; await asyncio.sleep(d); counter = v + 1 (with the lock if asked),
        traced as read/write and the lock's lock_wait/lock_held/lock_free."""
        lock = self.counter_lock
        if lock is not None:                     # async with lock:, spelled out
            if lock._locked or (lock._waiters and not all(w.cancelled() for w in lock._waiters)):
                self.trace("lock_wait", i)       # Lock.acquire() will wait
            await lock.acquire()
            self.trace("lock_held", i)
            try:
                await self.read_sleep_write(i, d)
            finally:
                lock.release()
                self.trace("lock_free", i)
        else:
            await self.read_sleep_write(i, d)
        self.increments += 1

    async def read_sleep_write(self, i, d):
        v = self.counter
        self.trace("read", i, value=v)
        await asyncio.sleep(d)
        self.counter = v + 1
        self.trace("write", i, value=self.counter)

    # ---- one task
    async def steps(self, i):
        for kind, v in self.spec[i]["steps"]:
            if kind == "io":
                await asyncio.sleep(v)
            elif kind == "cpu":
                self.cpu(i, v)                   # time.sleep(v): blocks the whole loop
            elif kind == "thread":
                await self.pool.submit(v)
            elif kind == "process":
                await self.process_pool.submit(v)
            elif kind == "increment":
                await self.increment(i, v)
            elif kind == "call":
                await self.service.call(v)
            elif kind == "raise":
                raise exception_class(v)()

    def start_running(self, i):
        self.running_at[i] = self.loop.time()
        self.trace("running", i)

    async def body(self, i):
        t = self.spec[i]
        lim = self.sc["limit"]
        kind = lim["kind"]
        if t["arrive"] > 0:
            await asyncio.sleep(t["arrive"])
        self.trace("request", i)
        if kind in ("none", "queue", "manual", "chunks", "scheduler"):
            self.start_running(i)
            await self.steps(i)
        elif kind == "rate":
            if t["forget_release"] and self.limiter.sem:
                await self.limiter.__aenter__()
                self.start_running(i)
                await self.steps(i)
            else:
                async with self.limiter:
                    self.start_running(i)
                    await self.steps(i)
                if t["release_twice"] and self.limiter.sem:
                    self.limiter.sem.release()
        else:
            sem = asyncio.Semaphore(lim["value"]) if kind == "semaphore_per_task" else self.sem
            cm = self.connector if kind == "connector" else sem
            if t["forget_release"]:
                await cm.__aenter__() if kind == "connector" else await sem.acquire()
                self.start_running(i)
                await self.steps(i)
            else:
                async with cm:
                    self.start_running(i)
                    await self.steps(i)
                if t["release_twice"]:
                    sem.release()
        return i

    def on_end(self, i, failed):
        """The AIMD rule (adaptive only), for tasks that reached running."""
        lim = self.sc["limit"]
        if lim["kind"] != "adaptive" or i not in self.running_at:
            return
        latency = self.loop.time() - self.running_at[i]
        limit = self.sem.limit
        if failed or latency > lim["latency_target"]:
            new = max(lim["min"], limit // 2)
            self.successes = 0
        else:
            self.successes += 1
            new = limit
            if self.successes >= limit:
                new = min(lim["max"], limit + 1)
                self.successes = 0
        if new != limit:
            self.sem.resize(new)

    async def job(self, i):
        self.lane[asyncio.current_task()] = i    # the task running job i (wait_for's inner one too)
        self.trace("created", i)
        try:
            r = await self.body(i)
        except asyncio.CancelledError:
            if self.spec[i]["ignore_cancel"]:
                self.trace("done", i, note="swallowed cancel")
                return i
            self.trace("cancelled", i)
            raise
        except Exception:
            self.trace("failed", i)
            self.on_end(i, failed=True)
            raise
        self.trace("done", i)
        self.on_end(i, failed=False)
        return r

    def runner(self, i):
        timeout = self.spec[i]["timeout"]
        return self.job(i) if timeout is None else asyncio.wait_for(self.job(i), timeout)

    def create(self, i):
        t = asyncio.create_task(self.runner(i))
        self.keep.append(t)
        self.lane[t] = i
        return t

    async def runner_inline(self, i):
        """await runner(i) in a task of no lane of its own (a queue worker,
        main() of `sequential`): while it runs job i it is lane i."""
        me = asyncio.current_task()
        self.lane[me] = i
        try:
            return await self.runner(i)
        finally:
            self.lane.pop(me, None)

    def result_ok(self, t):
        return not t.cancelled() and t.exception() is None

    # ---- main
    async def main(self):
        lim, col = self.sc["limit"], self.sc["collect"]
        kind = lim["kind"]
        self.pool = ThreadPool(self.loop, self.sc["max_workers"])
        self.process_pool = ThreadPool(self.loop, self.sc["process_workers"])
        self.counter_lock = asyncio.Lock() if self.sc["counter_lock"] else None
        self.connector = None
        self.service = Service(self.loop, self.sc["service"]) if self.sc["service"] else None
        self.sem = None
        self.limiter = None
        if kind == "semaphore":
            self.sem = ResizableSemaphore(lim["value"], self.on_resize)
        elif kind == "bounded_semaphore":
            self.sem = asyncio.BoundedSemaphore(lim["value"])
        elif kind == "adaptive":
            self.sem = ResizableSemaphore(lim["initial"], self.on_resize)
        elif kind == "rate":
            self.limiter = RateLimiter(self.loop, lim["max_at_once"], lim["max_per_second"])
        elif kind == "connector":
            self.connector = Connector(lim["value"])
            self.sem = self.connector._sem       # release_twice: connector._sem.release()
        if kind == "semaphore":
            for at, value in lim["schedule"]:
                self.loop.call_at(at, self.sem.resize, value)
        try:
            if kind == "queue":
                await self.collect_queue(lim["workers"], lim["maxsize"])
            elif kind == "manual":
                await self.collect_manual(lim["value"])
            elif kind == "chunks":
                await self.collect_chunks(lim["size"])
            elif kind == "scheduler":
                await self.collect_scheduler(lim["limit"], lim["pending_limit"])
            elif col["kind"] == "sequential":
                for i in range(self.n):
                    await self.runner_inline(i)
                    self.returned()
                    self.trace("result", i, ok=True)
                self.collected()
            elif col["kind"] == "taskgroup":
                async with TaskGroup() as tg:
                    ts = [tg.create_task(self.runner(i)) for i in range(self.n)]
                    self.keep.extend(ts)
                    self.lane.update((t, i) for i, t in enumerate(ts))
                self.returned()
                for i in range(self.n):
                    self.trace("result", i, ok=True)
                self.collected()
            else:
                tasks = [self.create(i) for i in range(self.n)]
                if col["kind"] == "gather":
                    res = await asyncio.gather(*tasks, return_exceptions=col["return_exceptions"])
                    self.returned()
                    for i in range(self.n):
                        self.trace("result", i, ok=not isinstance(res[i], BaseException))
                    self.collected()
                elif col["kind"] == "wait":
                    await self.collect_wait(tasks, col)
                elif col["kind"] == "as_completed":
                    await self.collect_as_completed(tasks, col["timeout"])
        except Exception as e:
            self.trace("raise", exc=type(e).__name__)
            raise

    async def collect_wait(self, tasks, col):
        index = {t: i for i, t in enumerate(tasks)}
        done, pending = await asyncio.wait(tasks, timeout=col["timeout"],
                                           return_when=getattr(asyncio, col["return_when"]))
        self.returned()
        for t in sorted(done, key=index.get):
            self.trace("result", index[t], ok=self.result_ok(t))
        for t in sorted(pending, key=index.get):
            self.trace("pending", index[t])
        if col["on_return"] == "cancel":
            for t in sorted(pending, key=index.get):
                t.cancel()
            if pending:
                await asyncio.wait(pending)
                self.returned()
        self.collected()

    async def collect_as_completed(self, tasks, timeout):
        # Which task each awaited f stands for: a successful job returns its
        # own id; a failed one raises the very exception object its task holds
        # (the as_completed timeout raises a fresh TimeoutError that no task
        # holds, and it escapes). Completion order, recorded by a done callback
        # registered before as_completed's own, is the fallback (cancelled).
        completed = []
        for i, t in enumerate(tasks):
            t.add_done_callback(lambda _t, i=i: completed.append(i))
        me = asyncio.current_task()
        for k, f in enumerate(asyncio.as_completed(tasks, timeout=timeout)):
            try:
                i = await f
                ok = True
            except asyncio.CancelledError:
                if me.cancelling() or k >= len(completed) or not tasks[completed[k]].cancelled():
                    raise
                i, ok = completed[k], False
            except Exception as e:
                owners = [j for j, t in enumerate(tasks)
                          if t.done() and not t.cancelled() and t.exception() is e]
                if not owners:
                    raise                        # as_completed's own TimeoutError
                i, ok = owners[0], False
            self.returned()
            self.trace("result", i, ok=ok)
        self.collected()

    async def collect_queue(self, workers, maxsize):
        q = asyncio.Queue(maxsize)

        async def worker(w):
            while True:
                i = await q.get()
                self.trace("worker", i, worker=w)
                try:
                    await self.runner_inline(i)
                except Exception:
                    pass
                finally:
                    q.task_done()

        ws = [asyncio.create_task(worker(w)) for w in range(workers)]
        self.keep.extend(ws)
        for i in range(self.n):
            if q.full():
                self.trace("put_wait", i)        # put() will wait for room
            await q.put(i)
            self.trace("enqueue", i)
        await q.join()
        for w in ws:
            w.cancel()
        self.collected()

    async def collect_manual(self, value):
        index = {}
        nxt = 0

        def start(k):
            nonlocal nxt
            started = set()
            for _ in range(k):
                if nxt >= self.n:
                    break
                t = self.create(nxt)
                index[t] = nxt
                started.add(t)
                nxt += 1
            return started

        pending = start(value)
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            self.returned()
            for t in sorted(done, key=index.get):
                self.trace("result", index[t], ok=self.result_ok(t))
            pending |= start(len(done))
        self.collected()

    async def collect_scheduler(self, limit, pending_limit):
        scheduler = Scheduler(limit, pending_limit, self.create)
        for i in range(self.n):
            await scheduler.spawn(i)
        await scheduler.wait_idle()
        self.collected()

    async def collect_chunks(self, size):
        for lo in range(0, self.n, size):
            chunk = [self.create(i) for i in range(lo, min(lo + size, self.n))]
            res = await asyncio.gather(*chunk, return_exceptions=True)
            self.returned()
            for k, r in enumerate(res):
                self.trace("result", lo + k, ok=not isinstance(r, BaseException))
        self.collected()

    # ---- asyncio.run(main()) on the virtual clock
    def run(self):
        global _PROGRAM

        def factory():
            self.loop = VirtualLoop()
            return self.loop

        _PROGRAM = self
        try:
            with asyncio.Runner(loop_factory=factory) as runner:
                runner.run(self.main())
            outcome = "ok"
        except KeyboardInterrupt:
            outcome = "deadlock"
        except BaseException as e:  # noqa: B902 - whatever escapes asyncio.run
            outcome = f"raised:{type(e).__name__}"
        finally:
            _PROGRAM = None
        self.trace("end", outcome=outcome)
        return self.events


def run_file(path):
    return Program(load_scenario(path)).run()


def write_trace(events, out):
    for e in events:
        out.write(json.dumps(e) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario")
    ap.add_argument("--trace", default="-", help="output JSONL file, '-' for stdout")
    a = ap.parse_args(argv)
    # "Task exception was never retrieved" and the like: CPython logs them,
    # they are not part of the trace.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL + 1)
    try:
        events = run_file(a.scenario)
    except ScenarioError as e:
        print(f"coroscope_ref: {e}", file=sys.stderr)
        return 2
    if a.trace == "-":
        write_trace(events, sys.stdout)
    else:
        with open(a.trace, "w") as f:
            write_trace(events, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
