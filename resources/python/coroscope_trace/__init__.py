"""Trace a real asyncio program into Coroscope's JSON lines (spec section 4).

    PYTHONPATH=resources/python python3 -m coroscope_trace my_program.py [args]
    PYTHONPATH=resources/python python3 -m coroscope_trace -o run.jsonl my_program.py

or from code:

    import coroscope_trace
    with coroscope_trace.tracing("run.jsonl"):
        asyncio.run(main())

The program runs for real, in real time; Coroscope's app opens the file like
any trace (File > Import Python trace...). Standard library only.

What is recorded, per task (ids in creation order, "name": task.get_name()
on every line of a task):

  created    the task is first seen running (or its first event, whichever
             comes first); tasks come from a loop task factory
  request    the task's first await of Semaphore/BoundedSemaphore/Lock.acquire()
  running    its first successful acquire (it now holds a permit)
  release    each release() by the task; "woke": the task it handed the
             permit to (-1: nobody was waiting)
  done / failed (+ failed_exc with the class) / cancelled   from done callbacks
  cpu_begin/cpu_end        time.sleep() called inside a task (blocks the loop)
  thread_begin/thread_end  its loop.run_in_executor()/asyncio.to_thread() job

and for the whole program: "limit" (the first Semaphore's initial value),
"permits" (permits held across the traced primitives, {"ev": "permits",
"value": n}), "raise" when the main coroutine raised, and "end" with
"ok" or "raised:Name" (what escaped the program).

t is seconds since tracing started, on the clock loop.time() reads
(time.monotonic()), rounded to the microsecond and never decreasing.

The main task that asyncio.run() (or run_until_complete) makes for the
program's coroutine plays the caller's role, as main() does in a scenario:
it gets no lane. The loop's own shutdown tasks are not traced either.
A task's request/running are its first acquisition; later acquisitions
(a worker taking one permit per item) only move the permits count.
"""

import asyncio
import contextlib
import json
import sys
import threading
import time
import weakref

__all__ = ["Tracer", "install", "tracing", "current"]

_current = None


def current():
    """The active Tracer, or None."""
    return _current


def install(path="coroscope-trace.jsonl"):
    """Start tracing every event loop made from now on; returns the Tracer.
    Call finish() on it (or use tracing()) to write the end and close the file."""
    global _current
    if _current is not None:
        raise RuntimeError("coroscope_trace is already tracing to " + _current.path)
    _current = Tracer(path)
    _current._patch()
    return _current


@contextlib.contextmanager
def tracing(path="coroscope-trace.jsonl"):
    """with tracing("run.jsonl"): asyncio.run(main())"""
    tracer = install(path)
    try:
        yield tracer
    except BaseException as exc:
        tracer.finish(exc)
        raise
    else:
        tracer.finish(None)


def _loop_shutdown_coroutine(coro):
    # asyncio.run() ends with loop.shutdown_asyncgens() and
    # shutdown_default_executor(): the loop's chores, not the program's tasks.
    name = getattr(coro, "__qualname__", "") or ""
    return name.startswith("BaseEventLoop.shutdown")


class Tracer:
    def __init__(self, path):
        self.path = path
        self._file = open(path, "w", encoding="utf-8")
        self._lock = threading.RLock()
        self._t0 = time.monotonic()
        self._last_t = 0.0
        self._ids = weakref.WeakKeyDictionary()  # task -> id
        self._created = set()  # ids whose "created" line is written
        self._requested = set()
        self._running = set()
        self._waiting = weakref.WeakKeyDictionary()  # task -> primitive it waits on
        self._next_id = 0
        self._loops = weakref.WeakSet()  # loops with our task factory
        self._loops_with_main = weakref.WeakSet()
        self._permits = 0
        self._limit_written = False
        self._closed_t = None
        self._events = 0
        self._finished = False
        self._restore = []

    # ------------------------------------------------------------ output
    def _now(self):
        loop = asyncio._get_running_loop()
        now = loop.time() if loop is not None else time.monotonic()
        return round(max(now - self._t0, 0.0), 6)

    def _write(self, ev, task_id=None, task=None, fields=None, at=None):
        with self._lock:
            if self._finished:
                return
            t = self._now() if at is None else at
            # One lock around the clock and the write: lines from worker
            # threads stay in time order.
            t = max(t, self._last_t)
            self._last_t = t
            rec = {"t": t, "ev": ev}
            if task_id is not None:
                rec["task"] = task_id
            if fields:
                rec.update(fields)
            if task is not None:
                rec["name"] = task.get_name()
            self._file.write(json.dumps(rec) + "\n")
            self._events += 1

    def _task_event(self, task, ev, fields=None):
        tid = self._ids.get(task)
        if tid is None:
            return
        self._ensure_created(task, tid)
        self._write(ev, tid, task, fields)

    def _ensure_created(self, task, tid):
        # Written when the task first runs or reports, not inside the task
        # factory: create_task(name=...) names the task after the factory
        # returns, and the name belongs on every line.
        with self._lock:
            if tid not in self._created:
                self._created.add(tid)
                self._write("created", tid, task)

    def _permits_changed(self, delta):
        with self._lock:
            # A plain Semaphore released once too often just grows: never
            # report fewer than zero permits held.
            self._permits = max(0, self._permits + delta)
            self._write("permits", fields={"value": self._permits})

    # ------------------------------------------------------------ loops and tasks
    def attach(self, loop):
        """Trace the tasks of `loop` (done for every loop made while installed)."""
        if self._finished or loop in self._loops:
            return loop
        self._loops.add(loop)
        tracer = self
        loop.set_task_factory(self._factory(loop.get_task_factory()))
        orig_set = loop.set_task_factory
        orig_close = loop.close

        def set_task_factory(factory):
            # A program that installs its own factory keeps being traced.
            orig_set(tracer._factory(factory))

        def close():
            if not loop.is_closed():
                tracer._closed_t = tracer._now()
            orig_close()

        try:
            loop.set_task_factory = set_task_factory
            loop.close = close
        except AttributeError:  # loops without a __dict__
            pass
        return loop

    def _factory(self, inner):
        tracer = self

        def factory(loop, coro, **kwargs):
            if inner is None:
                task = asyncio.Task(coro, loop=loop, **kwargs)
            else:
                task = inner(loop, coro, **kwargs)
            tracer._on_task(loop, task, coro)
            return task

        factory._coroscope_inner = inner
        return factory

    def _on_task(self, loop, task, coro):
        if loop not in self._loops_with_main:
            # The first task of a loop is the program's main coroutine
            # (asyncio.run, run_until_complete): the caller, not a lane.
            self._loops_with_main.add(loop)
            task.add_done_callback(self._main_done)
            return
        if _loop_shutdown_coroutine(coro):
            return
        with self._lock:
            tid = self._next_id
            self._next_id += 1
        self._ids[task] = tid
        task.add_done_callback(self._task_done)
        # Its "created" line, unless its own first step writes something first.
        loop.call_soon(self._ensure_created, task, tid)

    def _task_done(self, task):
        if task.cancelled():
            self._task_event(task, "cancelled")
            return
        # Not task.exception(): that would mark the exception retrieved and
        # silence asyncio's "exception was never retrieved" for the program.
        exc = getattr(task, "_exception", None)
        if exc is None and not hasattr(task, "_exception"):
            exc = task.exception()
        if exc is None:
            self._task_event(task, "done")
        else:
            self._task_event(task, "failed")
            self._task_event(task, "failed_exc", {"exc": type(exc).__name__})

    def _main_done(self, task):
        if task.cancelled():
            return
        exc = getattr(task, "_exception", None)
        if exc is not None:
            self._write("raise", fields={"exc": type(exc).__name__})

    # ------------------------------------------------------------ primitives
    async def _acquire(self, prim, orig):
        task = asyncio.current_task()
        tid = self._ids.get(task) if task is not None else None
        if tid is None:
            return await orig(prim)
        if tid not in self._requested:
            self._requested.add(tid)
            self._task_event(task, "request")
        self._waiting[task] = prim
        try:
            result = await orig(prim)
        finally:
            self._waiting.pop(task, None)
        if tid not in self._running:
            self._running.add(tid)
            self._task_event(task, "running")
        self._permits_changed(+1)
        return result

    def _release(self, prim, orig):
        waiters = [w for w in (getattr(prim, "_waiters", None) or ()) if not w.done()]
        orig(prim)  # may raise (BoundedSemaphore, unlocked Lock): then nothing was released
        woke = -1
        woken = next((w for w in waiters if w.done() and not w.cancelled()), None)
        if woken is not None:
            for waiter, on in list(self._waiting.items()):
                if on is prim and getattr(waiter, "_fut_waiter", None) is woken:
                    woke = self._ids.get(waiter, -1)
                    break
        loop = asyncio._get_running_loop()
        task = asyncio.current_task(loop) if loop is not None else None
        if task is not None and task in self._ids:
            self._task_event(task, "release", {"woke": woke})
        self._permits_changed(-1)

    def _semaphore_made(self, value):
        if not self._limit_written:
            self._limit_written = True
            self._write("limit", fields={"value": int(value)})

    # ------------------------------------------------------------ blocking and threads
    def _blocking_sleep(self, orig, secs):
        loop = asyncio._get_running_loop()
        task = asyncio.current_task(loop) if loop is not None else None
        if task is None or task not in self._ids:
            return orig(secs)
        self._task_event(task, "cpu_begin")
        try:
            return orig(secs)
        finally:
            self._task_event(task, "cpu_end")

    def _in_executor(self, loop, orig, executor, func, args):
        task = asyncio.current_task(loop)
        if task is None or task not in self._ids:
            return orig(loop, executor, func, *args)
        tracer = self

        def job(*a):
            tracer._task_event(task, "thread_begin")
            try:
                return func(*a)
            finally:
                tracer._task_event(task, "thread_end")

        return orig(loop, executor, job, *args)

    # ------------------------------------------------------------ install / finish
    def _patch(self):
        tracer = self

        def patch(owner, name, value):
            self._restore.append((owner, name, owner.__dict__.get(name, _MISSING)))
            setattr(owner, name, value)

        # Every loop the program makes: asyncio.run() and get_event_loop()
        # ask the policy; a policy the program installs later is wrapped too.
        def wrap_policy(policy):
            orig_new = policy.new_event_loop

            def new_event_loop():
                return tracer.attach(orig_new())

            policy.new_event_loop = new_event_loop
            return policy

        wrap_policy(asyncio.get_event_loop_policy())
        orig_set_policy = asyncio.set_event_loop_policy

        def set_event_loop_policy(policy):
            orig_set_policy(policy)
            if policy is not None:
                wrap_policy(policy)
            else:
                wrap_policy(asyncio.get_event_loop_policy())

        patch(asyncio, "set_event_loop_policy", set_event_loop_policy)
        patch(asyncio.events, "set_event_loop_policy", set_event_loop_policy)

        orig_sem_init = asyncio.Semaphore.__init__

        def sem_init(prim, *a, **kw):
            orig_sem_init(prim, *a, **kw)
            tracer._semaphore_made(prim._value)

        patch(asyncio.Semaphore, "__init__", sem_init)
        for cls in (asyncio.Semaphore, asyncio.Lock):
            orig_acquire = cls.acquire
            orig_release = cls.release

            async def acquire(prim, _orig=orig_acquire):
                return await tracer._acquire(prim, _orig)

            def release(prim, _orig=orig_release):
                return tracer._release(prim, _orig)

            patch(cls, "acquire", acquire)
            patch(cls, "release", release)

        orig_sleep = time.sleep

        def sleep(secs):
            return tracer._blocking_sleep(orig_sleep, secs)

        patch(time, "sleep", sleep)

        orig_rie = asyncio.BaseEventLoop.run_in_executor

        def run_in_executor(loop, executor, func, *args):
            return tracer._in_executor(loop, orig_rie, executor, func, args)

        patch(asyncio.BaseEventLoop, "run_in_executor", run_in_executor)
        self._policy_wrapped = asyncio.get_event_loop_policy()

    def _unpatch(self):
        for owner, name, old in reversed(self._restore):
            if old is _MISSING:
                try:
                    delattr(owner, name)
                except AttributeError:
                    pass
            else:
                setattr(owner, name, old)
        self._restore.clear()
        policy = getattr(self, "_policy_wrapped", None)
        if policy is not None and "new_event_loop" in policy.__dict__:
            del policy.new_event_loop

    def finish(self, exc=None):
        """Write the end line (outcome from `exc`, what escaped the program)
        and close the file. Idempotent."""
        global _current
        if self._finished:
            return
        if exc is None or (isinstance(exc, SystemExit) and exc.code in (None, 0)):
            outcome = "ok"
        else:
            outcome = "raised:" + type(exc).__name__
        end_t = self._closed_t if self._closed_t is not None else self._now()
        self._write("end", fields={"outcome": outcome}, at=end_t)
        with self._lock:
            self._finished = True
            self._file.close()
        self._unpatch()
        if _current is self:
            _current = None

    @property
    def events(self):
        return self._events

    @property
    def tasks(self):
        return self._next_id


_MISSING = object()
