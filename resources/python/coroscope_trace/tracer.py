"""The tracer: turns a running asyncio program's tasks into trace lines.

One Tracer serves both ways of running a program: in real time
(`python3 -m coroscope_trace program.py`, times from time.monotonic()) and
on the virtual clock (`--virtual`, see runner.py: times exact, from the
virtual clock). What it records is listed in the package docstring and in
docs/trace-extensions.md.

How it hooks in (all undone by finish()):
  - asyncio.Task is replaced by a subclass, so every task made from now on
    (create_task, ensure_future, gather, wait_for's inner task, TaskGroup,
    a program's own task factory) gets its id, its parent and its stage in
    slots: no dictionary lookups on the hot paths. On 3.11 the subclass has
    no Python __init__: the slots are filled when the C Task's __init__
    registers the task in asyncio.tasks._all_tasks, whose add() (looked up
    on that WeakSet) the tracer replaces (Tracer._hook_registry);
  - Semaphore/Lock acquire, release and the wake-up of a waiter (request,
    running, release -> woken waiter, permits; gave_up where a wait is
    cancelled and the task goes on). A task whose coroutine is acquire()
    itself (wait_for(sem.acquire(), t) on 3.11) is no lane: its wait and
    permit are written as its maker's (Tracer._acquire_helper);
  - time.sleep (a cpu slice when it blocks the loop's thread inside a task;
    so, on a real clock, is a threading.Thread.join there: a
    ThreadPoolExecutor's shutdown) and BaseEventLoop.run_in_executor (a
    thread slice around the job);
  - Task.cancel and Task.uncancel (the subclass's, run only when a task
    is cancelled) note the requests a TaskGroup makes of the task that
    runs it and those handed on to an awaited task: a task that returns
    with cancelling() > 0 for another reason swallowed a cancel (its done
    line's "note"; Tracer._swallowed);
  - asyncio.timeouts.Timeout.__aexit__ (once per use of a timeout): an
    expired timeout left with anything but CancelledError saw its cancel
    swallowed, which its own uncancel() hides from cancelling() (the same
    note; for main()'s task, which has no lane, a main_swallowed_cancel
    warning line at its `async with`; Tracer._patch_timeout); main()'s
    swallow of a cancel() of it is one too, at its end or at an expired
    timeout of its that it makes raise no TimeoutError (the request is
    still counted: Tracer._main_cancel_asked);
  - asyncio.Queue's __init__, put, get, put_nowait, get_nowait and
    task_done: the items of the program's own queues are lanes (queues.py);
  - run_until_complete and asyncio.Runner.run mark the task they make for
    the program's main coroutine: the caller, which gets no lane;
  - (real time) BaseEventLoop.call_exception_handler: a traced task that
    asyncio destroys while pending ("Task was destroyed but it is
    pending!", from its finalizer) gets a task_destroyed_pending warning
    line, its end, after the loop iteration (Tracer._destroyed_pending; on
    the virtual clock the runner words every asyncio error: report.py);
    so does a failed one whose exception nobody retrieved ("Task exception
    was never retrieved"): the runner's exception_never_retrieved line;
  - BaseEventLoop._run_once: after each iteration, the "created" lines of
    tasks that took their first step and the terminal lines of tasks that
    ended in the iteration before (when their done callbacks ran), or in
    this one when nothing is ready (the next iteration waits first);
  - on 3.11, BaseEventLoop.call_soon, recompiled from base_events.py with
    one edited line, notes the task steps it queues (so that tasks need no
    done callback of the tracer's), and Semaphore.acquire, _wake_up_next
    likewise from locks.py (Lock.acquire, _wake_up_first when the first
    Lock is made).

Speed (issue 13: the tracer cost 12x the program's CPU, quadratic in the
waiters): every hook is O(1) (a release learns the waiter it woke from a
map of waiter futures, never by scanning waiters or tasks), and the lines
of one moment (a release and its permits, the ends seen after an
iteration) share one formatted time: formatting a float costs more than
the rest of a line. On 3.11 the Semaphore's acquire() and _wake_up_next()
are CPython's own recompiled with statements added on existing lines
(_patch_semaphore_311): no wrapper around them, no wrapper in the ready
queue; and a task's end is seen without a done callback (no Handle per
task, no list and tuple in every live task for the garbage collector):
the recompiled call_soon notes the steps it queues, and after each
iteration the tracer looks which of the tasks that took a step ended
(Tracer._track_steps). Elsewhere (another version, a loop with a call_soon
of its own) a task's end is a C-level done callback (list.append). The
recompiled acquire() records the request itself where it waits or takes
the permit (no wrapper around it), tasks get no Python __init__ (above),
and `-q` counts no lines. What is left: BENCHMARKS.md.
"""

import asyncio
import builtins
import collections
import contextlib
import contextvars
import functools
import itertools
import os
import sys
import threading
import time
import types
import weakref

from .jsonl import TraceWriter, fields, jstr
from .queues import QueueJobs, _place

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep  # (_own_frame)

__all__ = ["Tracer", "Task", "TracedJob", "install", "tracing", "current"]

_current = None

# A task's stage (Task._cs_stage): how far its lines are written. They are
# written in this order, each once but request and running, which a task that
# waits in acquire() again writes again (a task may skip stages: one that never
# asks for a permit goes from created to ended), so the hooks compare the
# stage (<, >=) rather than test flags: a comparison of small ints is
# specialised in 3.11's byte code, `&` and `|` are not (issue 13).
_CREATED = 1     # its "created" line is written
_REQUESTED = 2   # its first acquire() began ("request" written); back to it when
                 #   it waits in acquire() again after a permit it got before
_RUNNING = 3     # its first acquire() succeeded ("running" written), or the
                 #   acquire() it waited in again
_ENDED = 4       # its terminal line is written
# Loop iterations a task that left acquire() while its own cancel is pending
# may take to end cancelled before its gave_up is written (_after_iteration).
_LEFT_CANCELLING = 3

# Lines; the first %s is the time, already spelled (see Tracer.now). The
# hot lines (request, running, permits, release, done...) are f-strings in
# the hooks: '{"t": ' + time + ', "ev": "done"' + the task's tail.
_TASK = '{"t": %s, "ev": "%s", "task": %d%s, "name": %s}\n'
_PROGRAM = '{"t": %s, "ev": "%s"%s}\n'
_L_CREATED = '{"t": %s, "ev": "created", "task": %d, "name": %s}\n'
_L_CREATED_BY = '{"t": %s, "ev": "created", "task": %d, "parent": %s, "name": %s}\n'
_L_RELEASE = '{"t": %s, "ev": "release", "task": %d, "woke": %d, "name": %s}\n'
_L_FAILED_EXC = '{"t": %s, "ev": "failed_exc", "task": %d, "exc": %s, "name": %s}\n'
_L_HELD = '{"t": %s, "ev": "held", "sem": %d, "value": %d}\n'
_L_SIZE = '{"t": %s, "ev": "size", "sem": %d, "value": %d}\n'
_L_REQUEST_SEM = '{"t": %s, "ev": "request", "task": %d, "sem": %d, "name": %s}\n'
_L_ACQUIRE = '{"t": %s, "ev": "acquire", "task": %d, "sem": %d, "name": %s}\n'
_L_ACQUIRE_ONE = '{"t": %s, "ev": "acquire", "task": %d, "name": %s}\n'
_L_RELEASE_SEM = '{"t": %s, "ev": "release", "task": %d, "woke": %d, "sem": %d, "name": %s}\n'
_CoroutineType = types.CoroutineType


class _InnerOf(int):
    """The parent's id of wait_for's inner task (Tracer._patch_wait_for_311),
    kept in the task's _cs_jname until its "created" is written: it is the
    id, and it spells the line's "parent" with the helper field after it
    (each writer of "created" puts the parent in with %s or an f-string)."""

    __slots__ = ()

    def __str__(self):
        return '%d, "helper": "wait_for"' % self

    def __format__(self, spec):
        return str(self)


# The primitives (Semaphores, Locks) told apart in a trace: the first 16
# made, as many as a reader takes (`sem` 0 to 15: the app's
# kNamedPrimitives). Their requests, acquisitions and releases name them;
# the app draws each one's count apart when a program has two to four (more,
# a per-host semaphore for each of ten hosts, or a semaphore made per task,
# are the sum alone in the Permits track, their waits still named).
_PER_PRIMITIVE = 16
# The end of a task's lines without other fields (kept in Task._cs_tail).
_TAIL = ', "task": %d, "name": %s}\n'
# The end of the done line of a task that swallowed a cancel (the engine's order of fields).
_TAIL_SWALLOWED = ', "task": %d, "note": "swallowed cancel", "name": %s}\n'
# The end of a "permits" line for 0.._PERMITS_SPELLED - 1 permits held,
# spelled once (issue 13: no int spelled per line in the hot hooks).
_PERMITS_SPELLED = 512
_PERMITS = [', "ev": "permits", "value": %d}\n' % _n for _n in range(_PERMITS_SPELLED)]


def _take_one(counts, key):
    """One fewer of key in counts (key -> n, none at 0): False if it had none."""
    n = counts.get(key, 0)
    if n <= 0:
        return False
    if n > 1:
        counts[key] = n - 1
    else:
        del counts[key]
    return True


def _permits_tail(permits):
    """', "ev": "permits", "value": N}' and a newline."""
    if permits < _PERMITS_SPELLED:
        return _PERMITS[permits]
    return ', "ev": "permits", "value": %d}\n' % permits

# From 3.11 a waiter that a release wakes owns the permit (FIFO), unless it
# is cancelled before it resumes; before, it competed again (a while loop).
_WAKE_IS_ACQUISITION = sys.version_info >= (3, 11)

_mono = time.monotonic
_seq = itertools.count()
# Entries of lines the tracer keeps unwritten at most while a wait in a
# Queue's get() is held (QueueJobs._get_wait).
_HOLD_LINES = 1 << 16
# The running task of a loop. 3.11's asyncio.current_task() is a Python
# function around this dict (which the C tasks keep up to date): reading the
# dict saves a call on every hook.
_current_tasks = getattr(asyncio.tasks, "_current_tasks", None)
if isinstance(_current_tasks, dict):
    _task_of = _current_tasks.get
else:
    def _task_of(loop):
        return asyncio.current_task(loop)
_get_running_loop = asyncio.events._get_running_loop
_task_init = asyncio.Task.__init__
_base_task = asyncio.Task
_future_done = _base_task.done  # (the C Task's: a TypeError for anything but a C Task)
_MAIN_BLOCK = object()  # block_begin() for the main coroutine
# A TaskGroup cancels the task that runs it when a child fails, and undoes
# that request with uncancel() in __aexit__ (3.11 forgets to when the child
# fails while __aexit__ already waits for the others): not the program's
# cancel to answer for (Tracer._cancel_asked).
_taskgroups = getattr(asyncio, "taskgroups", None)
_TASKGROUP_CANCEL = getattr(getattr(getattr(_taskgroups, "TaskGroup", None), "_on_task_done", None),
                            "__code__", None)
_TASKGROUP_AEXIT = getattr(getattr(getattr(_taskgroups, "TaskGroup", None), "__aexit__", None),
                           "__code__", None)
del _taskgroups
# An asyncio.timeout() that expires cancels its task from here.
_TIMEOUT_EXPIRES = getattr(getattr(getattr(getattr(asyncio, "timeouts", None), "Timeout", None), "_on_timeout", None),
                           "__code__", None)


def _step_types():
    """The types of the callables a task queues (loop.call_soon) for its
    steps: its first step and its wake-ups (C: a TaskStepMethWrapper and
    a bound builtin method; in Python: bound methods). Their __self__ is the
    task. Learnt from a task made on a stand-in loop, before the tracer's
    Task is installed."""
    kinds = {types.BuiltinMethodType, types.MethodType}

    class Probe:
        def get_debug(self):
            return False

        def call_soon(self, callback, *args, context=None):
            kinds.add(type(callback))

    async def nothing():
        pass

    coro = nothing()
    try:
        task = _base_task(coro, loop=Probe(), name="coroscope-probe")  # named: no Task-N used
        task._log_destroy_pending = False
        del task
    except Exception:  # noqa: BLE001 - then the known kinds only
        pass
    finally:
        coro.close()
    return frozenset(kinds)
_MISSING = object()


def current():
    """The active Tracer, or None."""
    return _current


_STARTED_311 = sys.version_info >= (3, 11)
if _STARTED_311:
    def _started(task):
        """Has the task's coroutine begun (its first step ran)?"""
        coro = task.get_coro()
        try:
            return coro.cr_suspended or coro.cr_running or coro.cr_frame is None
        except AttributeError:  # not a native coroutine: take it as started
            return True
else:
    def _started(task):
        coro = task.get_coro()
        try:
            frame = coro.cr_frame
        except AttributeError:
            return True
        return frame is None or frame.f_lasti != -1


class Task(asyncio.Task):
    """asyncio.Task with the tracer's bookkeeping in slots.

    Named Task so that repr(task) reads as CPython's. _cs_id is the task's
    lane (-1, or not set: not traced: the program's main coroutine, the
    loop's own shutdown work, or made while no tracer was active). (The
    virtual runner's tasks also number every task made, in _cs_seq:
    runner.VirtualTask.)
    No Python __init__: the C Task's runs, and the tracer fills the slots
    when the task registers (_task_made, from Tracer._hook_registry); where
    that cannot be hooked, _TaskWithInit does it."""

    # (_cs_seq is VirtualTask's, runner.py: one slot fewer here for the
    # garbage collector to visit in every live task: issue 13. For the same
    # reason _cs_jname holds the parent's id until the task's "created" is
    # written, then its JSON name; _cs_tail is None until then.)
    __slots__ = ("_cs_id", "_cs_stage", "_cs_jname", "_cs_tail")

    if not hasattr(asyncio.Task, "cancelling"):  # (before 3.11: no count of cancel requests)
        def cancelling(self):
            return 0

    def cancel(self, msg=None):
        """CPython's cancel(), noting the requests that the task's own code
        is not answerable for (Tracer._cancel_asked): only cancels pass
        here, nothing per task."""
        waiter = self._fut_waiter
        if not super().cancel(msg):
            return False
        tracer = _current
        if tracer is not None and not tracer._finished:
            tracer._cancel_asked(self, waiter, sys._getframe(1))
        return True

    def uncancel(self):
        n = super().uncancel()
        tracer = _current
        if tracer is not None and sys._getframe(1).f_code is _TASKGROUP_AEXIT:
            tracer._cancel_undone(self)
        return n

    def set_name(self, value):
        super().set_name(value)
        try:
            if self._cs_stage >= _CREATED:  # (before, _cs_jname is the parent)
                self._cs_jname = self._cs_tail = None  # its lines spell the new name
        except AttributeError:  # not traced, or before _task_made
            pass


def init_task(task, coro, loop, name, context, kwargs):
    """The C Task's __init__ for a Task subclass's own __init__ (named
    arguments, not **kwargs passed on: two dictionaries fewer per task;
    None is what Task takes for "not given"); then, as without tracing,
    the debug traceback ("created at") without the subclass's frame, nor
    the runner's own (Tracer.strip_stack); and the tracer's bookkeeping if
    the task's registration is not hooked."""
    if kwargs:
        _task_init(task, coro, loop=loop, name=name, context=context, **kwargs)
    elif context is None:
        _task_init(task, coro, loop=loop, name=name)
    else:
        _task_init(task, coro, loop=loop, name=name, context=context)
    tracer = _current
    stack = task._source_traceback
    if stack:
        # The subclass's __init__ and this function, where the stack was
        # walked with them (_hide_own_frames leaves them out).
        while stack and stack[-1].filename.startswith(_PACKAGE_DIR):
            del stack[-1]
        if tracer is not None and tracer.strip_stack is not None:
            tracer.strip_stack(task._source_traceback)
    if tracer is None or not tracer._registry_hooked:
        _task_made(task)


class _TaskWithInit(Task):
    """The tracer's Task where asyncio's registry of tasks cannot be hooked
    (Tracer._hook_registry): the bookkeeping in a Python __init__."""

    __slots__ = ()

    def __init__(self, coro, *, loop=None, name=None, context=None, **kwargs):
        init_task(self, coro, loop, name, context, kwargs)


_TaskWithInit.__name__ = _TaskWithInit.__qualname__ = "Task"
# `print(type(task))` says what it says without the tracer: <class '_asyncio.Task'>.
Task.__module__ = _TaskWithInit.__module__ = asyncio.Task.__module__


def _task_made(task):
    """A task of the tracer's Task class has been made (asyncio's registry
    of tasks is adding it: Tracer.start patches its add): its id, parent and
    stage. Called from the C Task's __init__, so the Task class needs no
    Python __init__ (issue 13: one Python call per task made instead of a
    type call through a Python __init__ with keyword arguments, then
    WeakSet.add's)."""
    tracer = _current
    if tracer is None or tracer._finished:
        task._cs_id = -1
    elif tracer._made_next is True:
        # The program's main coroutine (asyncio.run, run_until_complete)
        # plays the caller's role, as main() does in a scenario: no lane.
        tracer._made_next = False
        task._cs_id = -1
        task._cs_main = True
        task.add_done_callback(tracer._main_done)
        if not _asyncio_own(task):
            tracer._main_started()
    else:
        loop = task._loop
        maker = _task_of(loop)
        parent = getattr(maker, "_cs_id", -1)
        helper, tracer._made_next = tracer._made_next, False
        inner = task._coro is helper
        if (inner or parent >= 0) and _runs_acquire(task, tracer):
            tracer._acquire_helper(task, maker if parent >= 0 else None)
            return
        if inner and tracer._queues is not None and tracer._queues.helper_made(task, maker):
            # wait_for(q.get(), t), wait_for(q.put(x), t): the item is the maker's
            # to take or put, as a permit of wait_for(sem.acquire(), t) is; no lane.
            task._cs_id = -1
            if parent >= 0:
                tracer._helpers[task] = maker  # (its steps are its maker's lane's: Tracer._lane_task)
            return
        if inner and parent < 0 and _asyncio_wait(task):
            # main()'s `wait_for(q.join(), t)`, `wait_for(event.wait(), t)`:
            # the inner task only waits, in asyncio's own code, for main(),
            # which has no lane; it is no job of the program's (a lane of
            # its own was a task cancelled at the timeout, in the error
            # rate). Untraced, as main()'s own waits are. (asyncio.to_thread
            # runs a job: its inner task keeps its lane.)
            task._cs_id = -1
            return
        task._cs_stage = 0
        # The parent, until "created" (wait_for's inner task of a traced
        # task's coroutine: its created line says it is a helper).
        task._cs_jname = _InnerOf(parent) if inner and parent >= 0 else parent
        task._cs_tail = None
        task._cs_id = tracer._next_id
        tracer._next_id += 1
        # Where the loop's call_soon is the tracer's (Tracer._track_steps)
        # the tracer learns which tasks took a step in an iteration and
        # looks, after it, which of them ended: no done callback (it put
        # a list and a tuple in every live task, more for the garbage
        # collector to walk: issue 13). Elsewhere, a C-level done
        # callback (list.append): the tracer writes the terminal lines
        # after the loop iteration that ran it. It runs in one empty
        # Context of the loop's rather than a copy of the program's per
        # task: list.append reads no context variable, and a Context per
        # live task was one more object for the garbage collector to walk.
        kind = type(loop)
        if kind.call_soon is not tracer._call_soon or kind._run_once is not tracer._run_once:
            context = getattr(loop, "_cs_done_context", None)  # (an empty Context is false)
            if context is None:
                context = _done_context(loop)
            task.add_done_callback(tracer._ended_append, context=context)
        tracer._pending.append(task)


def _timer_task(handle):
    """The task waiting on the future a timer resolves (asyncio.sleep's, a
    pool job's, wait_for's waiter), or None."""
    for arg in handle._args or ():
        if isinstance(arg, asyncio.Future) and not arg.done():
            for cb, _ctx in arg._callbacks or ():  # (None: a future nothing awaits yet)
                task = getattr(cb, "__self__", None)
                if isinstance(task, asyncio.Task):
                    return task
    return None


_handle_run = asyncio.events.Handle._run
_HANDLE_RUN_CODE = _handle_run.__code__


def _done_callback_task(depth=12):
    """The task whose done callback runs now (a Handle running a callback
    with that task as its argument, as Future.add_done_callback schedules
    it), or None (another callback: call_later's, call_soon's)."""
    frame = sys._getframe(2)
    while frame is not None and depth > 0:
        if frame.f_code is _HANDLE_RUN_CODE:
            args = getattr(frame.f_locals.get("self"), "_args", None)
            if args and len(args) == 1 and isinstance(args[0], asyncio.Task):
                return args[0]
            return None
        frame = frame.f_back
        depth -= 1
    return None


def _observed_run(handle):
    """Handle._run, once a lane has been frozen (Tracer._freeze_ready): a
    task's own step or wake-up running is its lane running again."""
    tracer = _current
    if tracer is not None and tracer._frozen:
        task = getattr(handle._callback, "__self__", None)
        if isinstance(task, asyncio.Task):
            try:
                tracer._steps(task)
            except Exception:  # (the tracer's own fault: never the program's)
                pass
    return _handle_run(handle)


def _own_frame(frame):
    """A frame of this package's (the tracer's wrappers, the command line's)
    or of runpy, which runs the program: none of them is in `python3
    program.py`'s stacks."""
    name = frame.f_code.co_filename
    return (name.startswith(_PACKAGE_DIR) or name == "<frozen runpy>"
            or (name.endswith("runpy.py") and os.path.basename(name) == "runpy.py"))


def _hide_own_frames():
    """Tracebacks and stacks the program prints (traceback.print_exc(),
    format_exc(), print_stack(), logging's exc_info, asyncio's "Task
    exception was never retrieved" and, in debug mode, "Object created
    at") without this package's frames: a Queue's task_done() called once
    too often showed `File ".../coroscope_trace/queues.py", line 349, in
    task_done / orig_task_done(q)` between the program's line and asyncio's,
    a task's creation stack the command line's and runpy's, where CPython
    3.11.7 shows neither. Through the traceback module's walkers of a
    traceback and of a stack (3.11's; what Python's own excepthook prints
    is _ShownAsPlain's). A traceback whose innermost frame is this
    package's (the tracer's own error) keeps its frames, and so does one
    with no frame but ours. Installed once and left so when the tracer
    finishes: a failed task freed after the run, logged then, holds a
    traceback made while it ran."""
    import traceback
    if getattr(traceback.walk_stack, "_cs_hides", False):
        return
    walk_tb = getattr(traceback, "_walk_tb_with_full_positions", None)
    walk_stack = traceback.walk_stack
    if walk_tb is not None:
        def _walk_tb_with_full_positions(tb):
            entries = list(walk_tb(tb))
            if not entries or _own_frame(entries[-1][0]):
                return iter(entries)
            kept = [e for e in entries if not _own_frame(e[0])]
            return iter(kept if kept else entries)

        traceback._walk_tb_with_full_positions = _walk_tb_with_full_positions

    def walk_stack_(f):
        if f is None:
            f = sys._getframe().f_back
        entries = list(walk_stack(f))
        kept = [e for e in entries if not _own_frame(e[0])]
        return iter(kept if kept else entries)

    walk_stack_.__name__ = walk_stack_.__qualname__ = "walk_stack"
    walk_stack_.__doc__ = walk_stack.__doc__
    walk_stack_._cs_hides = True
    traceback.walk_stack = walk_stack_


def lane_name(task):
    """The name the trace gives task's lane now: a Queue worker running an
    item is that item's lane ("item 3: ..."), not its asyncio name; a task
    whose created line is not written yet, its asyncio name."""
    jname = getattr(task, "_cs_jname", None)
    if isinstance(jname, str) and jname.startswith('"'):
        try:
            import json
            return json.loads(jname)
        except ValueError:
            pass
    return task.get_name()


_ASYNCIO_DIR = os.path.dirname(asyncio.__file__) + os.sep
_ASYNCIO_WAITS = frozenset(("Queue.join", "Event.wait", "sleep"))


# The main_swallowed_cancel warning's message (Tracer._timeout_swallowed).
_MAIN_SWALLOWED = ("main() caught the CancelledError of an asyncio.timeout() that expired and went on: no "
                   "TimeoutError was raised, so main() ran on past the timeout's deadline")

# asyncio's messages for a failed task's (or Future's) exception nobody
# retrieved, from its finalizer (Tracer._destroyed_pending).
_NEVER_RETRIEVED = frozenset(("Task exception was never retrieved", "Future exception was never retrieved"))


def _raised_at(exc):
    """A warning's "file" and "line": the last line of the program's folder
    in exc's traceback, where it was raised ("" when none: as the virtual
    runner's report.py places it)."""
    tb = getattr(exc, "__traceback__", None)
    where = ""
    while tb is not None:
        place = _place((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        if place:
            where = place
        tb = tb.tb_next
    return where


def _asyncio_own(task):
    """Whether task runs a coroutine of asyncio's event loop itself (the
    shutdown steps asyncio.run() runs after the program's main coroutine)."""
    code = getattr(task.get_coro(), "cr_code", None)
    return code is not None and code.co_filename == asyncio.base_events.__file__


def _asyncio_wait(task):
    """Is task's coroutine one of asyncio's own that only waits (Queue.join,
    Event.wait, sleep)? Asked only of wait_for's inner task made by main()
    (reading `cr_code` raises an audit event)."""
    try:
        code = task._coro.cr_code
        return code.co_qualname in _ASYNCIO_WAITS and code.co_filename.startswith(_ASYNCIO_DIR)
    except AttributeError:  # (a coroutine of another kind)
        return False


def _runs_acquire(task, tracer):
    """Is task's coroutine a Semaphore's or Lock's acquire() itself (wait_for's
    inner task: Tracer._acquire_helper)? Its name first: nearly every task's
    coroutine is named otherwise, and its code is costly to reach (reading
    `cr_code` raises an audit event, ~1,000 instructions, and a code
    object's hash is computed anew each time)."""
    coro = task._coro
    try:
        return coro.__name__ in _HELPER_NAMES and coro.cr_code in tracer._acquire_codes
    except AttributeError:  # (a coroutine of another kind)
        return False


# The coroutines a helper task runs for its maker (_runs_acquire): a
# Semaphore's or Lock's acquire(), and a Condition's wait() and wait_for(),
# which release the maker's lock while they wait and take it back.
_HELPER_NAMES = frozenset(("acquire", "wait", "wait_for"))


def _done_context(loop):
    """The Context the tracer's done callbacks run in on `loop`: one per loop
    (a loop runs in one thread at a time, and a Context cannot be entered
    by two threads at once), kept on the loop when it takes attributes."""
    context = contextvars.Context()
    try:
        loop._cs_done_context = context
    except AttributeError:
        pass
    return context


def _traced_id(task):
    """The task's lane id, or -1 when it is not traced."""
    return getattr(task, "_cs_id", -1)


def install(path="coroscope-trace.jsonl", program=None):
    """Start tracing every task made from now on into `path` (real time).
    Returns the Tracer; call finish() on it (or use tracing()).

    The trace's first line is a "meta" line, as the virtual runner's: the
    Python that ran (version, implementation, executable), "clock": "real"
    (its times are time.monotonic()'s, so they change from run to run) and
    the `program` when one is named."""
    tracer = Tracer(TraceWriter.open(path))
    tracer.path = path
    tracer.start()
    impl = sys.implementation
    pairs = [("python", "%d.%d.%d" % sys.version_info[:3]), ("implementation", impl.name),
             ("executable", sys.executable), ("clock", "real"), ("acquires", True)]
    if program is not None:
        pairs.append(("program", program))
    tracer.line("meta", pairs)
    return tracer


class tracing:
    """with tracing("run.jsonl"): asyncio.run(main())"""

    def __init__(self, path="coroscope-trace.jsonl"):
        self.path = path

    def __enter__(self):
        self.tracer = install(self.path)
        return self.tracer

    def __exit__(self, kind, exc, tb):
        self.tracer.finish(exc)
        return False


class Tracer:
    """Records the tasks of every event loop while it is started.

    writer: where lines go (a TraceWriter). clock: a function giving the
    virtual time (then times are written exactly, as repr() spells them);
    without one, seconds since the start on time.monotonic(), to the
    microsecond. task_class: the Task subclass asyncio uses while tracing.
    flush_every: entries of lines kept before a write (the virtual runner
    also flushes before its clock moves). 256 by default: every hook
    compares len() of the queue with it, and CPython keeps the ints up to
    256 made in advance, so that the length is never a new int (issue 13:
    2048 allocated one in most hooks)."""

    def __init__(self, writer, clock=None, task_class=Task, flush_every=256):
        self.path = None
        self.virtual = clock is not None  # then one program thread runs at a time: no lock
        self._writer = writer
        self._clock = clock
        self._t0 = _mono()
        self._last_t = 0.0
        self._last_s = "0.0" if clock is not None else "0.000000"
        self.now = self._virtual_now if clock is not None else self._real_now
        self._task_class = task_class
        self._flush_every = flush_every
        self._out = []             # lines not yet written (strings of one or more lines)
        # Waits in a Queue's get() held where their lines may go (QueueJobs._get_wait):
        # while there are any, flush() writes nothing, up to _HOLD_LINES entries.
        self._get_holds = None
        self._written = 0
        # Count the lines written (`events`)? Counting the newlines of what is
        # written costs 500 instructions a line (issue 13), and only the
        # summary line reads it: `python3 -m coroscope_trace -q` turns it off.
        self.count_events = True
        self._lock = threading.Lock()
        # id() of a pool (an executor, or a loop for its default pool) -> the
        # jobs handed to it that have not ended (TracedJob.pool_key).
        self._pool_jobs = {}
        # id() of a real process pool -> its jobs inferred waiting for a free
        # process, oldest first (Tracer._in_process_pool).
        self._pool_queue = {}
        self._main_jobs = 0        # jobs the program's main coroutine handed to a pool (their "job")
        self._threaded = False     # a worker thread may write (real time): lines take the lock
        self._next_id = 0
        self._pending = collections.deque()  # tasks whose "created" waits for their first step
        self._ended = []           # tasks whose done callback ran, terminal lines not yet written
        # Tasks that left acquire() cancelled before their first permit, in
        # this loop iteration: gone on without it (a gave_up) unless they
        # ended in it or wait again (_after_iteration). A dict: in order,
        # and a task that waits again leaves it in O(1).
        self._left = {}
        self._ended_append = self._ended.append
        # With the recompiled call_soon (_CALL_SOON_311_EDITS) tasks get no
        # done callback: after each iteration, the tasks that took a step in
        # it and ended join _completed (in the order they ran), then _due;
        # their lines are written after the next iteration, when their done
        # callback would have run (as _ended's are).
        self._call_soon = None     # the recompiled call_soon, once installed
        self._run_once = None      # the tracer's BaseEventLoop._run_once, once installed
        self._completed = []
        self._due = []
        # What the next task made is known to be (else False): True, a main
        # coroutine's; an acquire() coroutine, wait_for's inner task of it
        # (its recompiled ensure_future line: Tracer._patch_wait_for_311).
        # One test a task made for both.
        self._made_next = False
        self._permits = 0
        # Permits held by tasks with no lane that are no Queue's workers (the
        # program's main coroutine, wait_for's inner task of its acquire()):
        # a release by main() while they hold none gives back nobody's
        # permit (_released).
        self._main_holds = 0
        # The program's main coroutines started so far (asyncio.run() called
        # twice or more: each run's own, Tracer._main_started).
        self._mains = 0
        # Permits held by traced tasks (task -> how many, one or more; a task
        # that ended holding some stays: a permit left for a done callback
        # to give back): a release once too often, and a callback's release,
        # are told apart by them (_unhold, _callback_gives_back).
        self._holds = {}
        # The program's only primitive is a Semaphore(0), a signal (a
        # producer's release() lets one waiter on): the permits its
        # releases added that no task has used up yet (None: not such a
        # program). See _gate_opened, _gate_used.
        self._gate = None
        self._gate_limit = 0
        # Once the program has two primitives or more, each Semaphore(0) is
        # a signal of its own (prim._cs_gate: its signals not used up yet;
        # None: not a Semaphore(0)): the permits of such ones each traced
        # task holds (task -> {prim: n}), and main()'s (prim -> n). See
        # _signalled, _signals_used.
        self._gate_holds = {}
        self._main_gate_holds = {}
        self._ends_ts = None       # the time the last terminal lines were written at
        self._limit_written = False
        self._primitives = 0       # Semaphores and Locks made while tracing
        self._first_primitive = None  # the first of them and what it is, until a second comes
        # Of those released, the ones one task alone used, by where each was
        # made, and the places that made one that was shared (_note_release).
        self._private_at = {}
        self._shared_at = set()
        self._closed_t = None      # the loop's close, spelled (None: not closed yet)
        self._closed_at = 0.0      # and as a number
        self._woke = -1            # the task the current release woke
        self._finished = False
        # Neither finished nor threaded, and one Semaphore or Lock at most:
        # the hot hooks' usual case, one test (issue 13); kept false once
        # any of those is no longer so (then the generic paths write each
        # primitive's own lines: `held`, and the `sem` a request asks).
        self._hot = True
        self._sealed = False       # last_line wrote the trace's end: nothing more is written
        self._restore = []
        self.strip_stack = None    # virtual runner: removes its frames from debug tracebacks
        self._registry_hooked = False  # _task_made runs when a task registers (_hook_registry)
        # Tasks cancelled by a TaskGroup they run, or whose cancel went to a
        # task they await: [TaskGroup cancels not undone, the awaited tasks]
        # (Tracer._cancel_asked, _swallowed).
        self._cancels = weakref.WeakKeyDictionary()
        # Tasks that swallowed an asyncio.timeout()'s cancel (Tracer._patch_timeout):
        # None until the first does (then _write_ends is _write_ends_noted).
        self._timeout_swallows = None
        # A task whose coroutine is a Semaphore's or Lock's acquire(), made by
        # a traced task -> that task (Tracer._acquire_helper): its wait and
        # its permit are written as its maker's.
        self._helpers = weakref.WeakKeyDictionary()
        # Frozen lanes (Tracer._freeze_ready): lane id -> its task, from its
        # "ready" until its "resumed"; the start of the block under way.
        self._frozen = {}
        self._block_t0 = None
        self._block_line = None  # a virtual block's first line until its end (_block_began)
        self._observing_steps = False
        self._acquire_codes = frozenset()  # those acquire() coroutines' code (Tracer.start)
        self._hooks_311 = None     # the recompiled Semaphore's hooks, for Lock's (_patch_semaphore_311)
        self._lock_methods = None  # Lock's own methods until the first Lock recompiles them (_patch_lock_311)
        self._queues = None        # the program's asyncio.Queue items as lanes (QueueJobs, from start())
        # (Real time.) Ids of traced tasks asyncio destroyed while pending,
        # noted by the finalizer's call_exception_handler; their warning
        # lines are written after the loop iteration (_write_destroyed).
        self._destroyed = []
        # (Virtual runner.) The steps of the running iteration looked at so
        # far (_let_go_failed), and whether failed tasks are being let go.
        # main()'s cancel requests of the program's (_main_cancel_asked):
        # (place of the cancel() call, place where main() waited, its line
        # or 0), in order; the one whose CancelledError main() had caught
        # when its asyncio.timeout() expired (or None); told or not.
        self._main_cancels = []
        self._main_went_on = None
        self._main_cancel_told = False
        # (main_watch) main()'s task and the future it awaited when a cancel() of the
        # program's came, until main() catches its CancelledError and goes on (or
        # ends): looked at after each loop iteration (_main_watch_check).
        self._main_watch = None
        self._main_timeout_told = False  # (main_watch) the cancel_timeout told: told apart from "cancel"
        # (swallowed_cancel) Lanes' cancel requests of the program's: task -> the
        # cancel() call's line in the program's files (0: elsewhere), the last one;
        # and the lanes whose CancelledError of such a request their code had
        # caught when an asyncio.timeout() of theirs expired (-> that line).
        self._task_cancels = weakref.WeakKeyDictionary()
        self._task_went_on = weakref.WeakKeyDictionary()
        self._ran_key = None
        self._ran_seen = 0
        self._ran_miss = None
        self._letting_go = False
        # The program's rate limiter classes (_watch_limiter), and the tasks
        # inside one's __aenter__ -> their record (_entering).
        self._limiters = set()
        self._clocked_limiters = {}  # (those whose code is a rate limiter's: True, _rate_like; _TICKED; _TIMED)
        self._scanned = False  # (the program's own modules looked through for them: _scan_program)
        self._entering = {}

    # ------------------------------------------------------------ time and lines
    # The hooks below are the tracer's hot paths: they run for every task,
    # so each is written flat (few calls, one formatted time per moment,
    # lines appended to self._out as they are spelled).
    def _real_now(self):
        """Seconds since the start, spelled to the microsecond, never
        decreasing (lines from worker threads are stamped under the lock)."""
        t = _mono() - self._t0
        if t > self._last_t:
            self._last_t = t
            self._last_s = "%.6f" % t
        return self._last_s

    def _virtual_now(self):
        """The virtual time, spelled as repr() spells it (as the engine
        prints it); many lines share one instant, so the spelling is kept
        while the clock stands still."""
        t = self._clock()
        if t != self._last_t:
            self._last_t = t
            self._last_s = repr(t)
        return self._last_s

    def put(self, text):
        """Queue one line (text ends with a newline). An element of
        self._out is one line or several (a moment's lines spelled at once):
        the lines written are counted by their newlines."""
        out = self._out
        out.append(text)
        if len(out) >= self._flush_every:
            self.flush()

    def last_line(self, ev, pairs=()):
        """From any thread (a watchdog ending the run): write what is queued,
        then {"t": now, "ev": ev, ...} as the trace's last line. Whatever the
        program's thread queues from now on is never written."""
        self._finished = True
        self._hot = False
        self._sealed = True
        pending, self._out = self._out, []
        extra = fields(pairs) if pairs else ""
        text = "".join(pending) + _PROGRAM % (self.now(), ev, extra)
        self._written += text.count("\n")
        self._writer.write(text)

    def flush(self, force=False):
        """Write the lines queued so far (nothing once last_line sealed the
        trace; nothing while a Queue's wait is held, unless `force`, at the
        end, or past _HOLD_LINES entries, when the holds end unwritten)."""
        out = self._out
        if self._get_holds is not None:
            if len(out) < _HOLD_LINES and not force and not self._finished:
                return
            self._queues.drop_holds()
        if out and not self._sealed:
            self._out = []
            text = "".join(out)
            if self.count_events:
                self._written += text.count("\n")
            self._writer.write(text)

    def line(self, ev, pairs=()):
        """A whole-program line: {"t": now, "ev": ev, k: v, ...}; pairs are
        (key, value) JSON-spelled with json.dumps."""
        extra = fields(pairs) if pairs else ""
        if self._threaded:
            with self._lock:
                self.put(_PROGRAM % (self.now(), ev, extra))
        else:
            self.put(_PROGRAM % (self.now(), ev, extra))

    def _created(self, task, ts):
        """task's "created" line (its JSON name is kept for its other lines)."""
        task._cs_stage = _CREATED
        parent = task._cs_jname  # (until now)
        jname = task._cs_jname = jstr(task.get_name())
        tid = task._cs_id
        task._cs_tail = _TAIL % (tid, jname)
        if parent < 0:
            return _L_CREATED % (ts, tid, jname)
        return _L_CREATED_BY % (ts, tid, parent, jname)

    def _first(self, task, ts):
        """Before task's first line: "created" of the tasks that started
        before it, then its own (if its first step went unseen)."""
        pending = self._pending
        if pending and pending[0] is task:
            pending.popleft()   # the usual case: the oldest task waiting for its line
        else:
            self._settle(ts)
        if task._cs_stage < _CREATED:
            self._out.append(self._created(task, ts))

    def task_line(self, task, ev, extra=""):
        """A line of traced task `task` now; `extra`: its fields, JSON-spelled
        (', "woke": 3'). Writes the task's "created" line first if due."""
        if self._threaded:
            with self._lock:
                self._task_line(task, ev, extra)
        else:
            self._task_line(task, ev, extra)

    def _task_line(self, task, ev, extra):
        ts = self.now()
        if task._cs_stage < _CREATED:
            self._first(task, ts)
        self.put(_TASK % (ts, ev, task._cs_id, extra, task._cs_jname or self._rename(task)))

    @staticmethod
    def _rename(task):
        """task's JSON name, after set_name() (once its "created" is written)."""
        jname = task._cs_jname = jstr(task.get_name())
        task._cs_tail = _TAIL % (task._cs_id, jname)
        return jname

    @staticmethod
    def _retail(task):
        """The end of task's lines (', "task": 3, "name": "x"}' and a
        newline), after set_name() (once its "created" is written)."""
        jname = task._cs_jname = jstr(task.get_name())
        tail = task._cs_tail = _TAIL % (task._cs_id, jname)
        return tail

    @property
    def events(self):
        """Lines written so far (or waiting to be); those written while
        count_events was false are not counted."""
        return self._written + sum(text.count("\n") for text in self._out)

    def worker_ahead(self, task):
        """Is traced `task`, whose line is due before its created line, a
        program's queue worker that has no lane (QueueJobs.worker_ahead)?"""
        if self._queues is None:
            return False
        try:
            return self._queues.worker_ahead(task)
        except Exception:  # noqa: BLE001 - the tracer's own fault: never the program's
            return False

    @property
    def tasks(self):
        """Tasks so far: the lanes of tasks traced, and a Queue's items
        taken (less its workers, the items whose put() was cancelled and
        slot tokens with no lane: QueueJobs)."""
        queues = self._queues
        if queues is None:
            return self._next_id
        return self._next_id - (queues.unlaned + queues.lane_workers + queues.cancelled_puts + queues.tokens)

    # ------------------------------------------------------------ tasks
    def _settle(self, ts=None):
        """Write "created" for each task whose first step has run. Tasks start
        in creation order (the ready queue is first in, first out), so the
        scan stops at the first that has not: O(1) per task overall."""
        pending = self._pending
        out = self._out
        popleft = pending.popleft
        while pending:
            task = pending[0]
            if task._cs_stage < _CREATED:
                if _STARTED_311:  # _started(task), inline
                    coro = task.get_coro()
                    try:
                        if not (coro.cr_suspended or coro.cr_running or coro.cr_frame is None):
                            return
                    except AttributeError:
                        pass
                elif not _started(task):
                    return
                if ts is None:
                    ts = self.now()  # one moment: after the loop's iteration
                # self._created(task, ts), inline
                task._cs_stage = _CREATED
                parent = task._cs_jname  # (until now)
                jname = task._cs_jname = jstr(task.get_name())
                tid = task._cs_id
                tail = task._cs_tail = f', "task": {tid}, "name": {jname}}}\n'
                if parent < 0:
                    out.append(f'{{"t": {ts}, "ev": "created"{tail}')
                else:
                    out.append(f'{{"t": {ts}, "ev": "created", "task": {tid}, "parent": {parent}, "name": {jname}}}\n')
            popleft()

    def settle_now(self, task=None):
        """Before a line of the runner's at this moment (the program's
        output, a warning; the virtual runner alone writes them, never on
        the tracer's hot paths): the "created" lines of the tasks that took
        their first step, and the terminal lines of those that ended before
        this iteration (written after it otherwise, where their done
        callbacks run), so that no line names a task before its "created"
        and what a task's end made happen (its awaiter's print) follows its
        end. `task`: the traced task the line names."""
        if self._threaded:
            with self._lock:
                self._settle_now(task)
        else:
            self._settle_now(task)

    def _settle_now(self, task):
        if self._finished:
            return
        # A task the tracer lets go here, freed, is logged by asyncio (a
        # failed one whose exception nobody retrieved) between two steps:
        # the log's output is no task's (the runner's output_line).
        was = self._letting_go
        self._letting_go = True
        try:
            if self._pending:
                self._settle()
            if self._due:
                self._drain_due()
            if self._ended:
                self._drain_ended()
            if self.virtual:
                self._let_go_failed()
        finally:
            self._letting_go = was
        if task is not None and task._cs_stage < _CREATED:
            self._first(task, self.now())

    def _let_go_failed(self):
        """(The virtual runner, before one of its lines: the program's
        output, a warning.) CPython frees a task that failed and that
        nothing else holds as soon as its loop takes up the next callback
        after the failing step, and its finalizer logs "Task exception was
        never retrieved" then, before the steps after it in the iteration
        print anything. The tracer holds the tasks of an iteration's steps
        to its end (_run_once's `ran`), so that log came after their output
        (CPython 3.11.7: "bad raises", the log, "good 0", "good 1"; here
        "bad raises", "good 0", "good 1", the log). A task whose step ran
        before the running task's in this iteration, that failed, whose
        exception nobody retrieved and that only `ran` holds, gets its
        terminal lines now and is let go: its finalizer logs (the warning
        and stderr lines) before this line. Looks at the steps not yet
        looked at in this iteration: O(steps) an iteration whose tasks
        print, nothing on the tracer's hooks."""
        loop = _get_running_loop()
        ran = getattr(loop, "_cs_ran", None)
        if not ran:
            return
        current = _task_of(loop)
        if current is None:
            return  # (a callback's line: where it runs among the steps is not known)
        # (The list is not held from one call to the next: it holds the tasks.)
        key = (id(ran), len(ran), id(ran[0]))
        start = self._ran_seen if self._ran_key == key else 0
        if self._ran_miss == (key, id(current)):
            return  # (its step is not among them: looked for already)
        # (By identity: list.index() would call the __eq__ of a program's
        # object whose bound method was queued.)
        for at in range(start, len(ran)):
            if ran[at] is current:
                break
        else:
            self._ran_miss = (key, id(current))
            return
        self._ran_key = key
        self._ran_seen = at
        failed = None
        getrefcount = sys.getrefcount
        for i in range(start, at):
            t = ran[i]
            try:
                if t._cs_stage >= _ENDED or t._exception is None or not t._log_traceback:
                    continue
            except AttributeError:  # not a traced task
                continue
            if getrefcount(t) > 3:  # (`ran`'s, t, the argument): something else holds it
                continue
            if failed is None:
                failed = []
            failed.append(t)
            ran[i] = current  # (in its place, a task `ran` holds anyway: ended or not, its lines are written once)
        t = None
        if failed is None:
            return
        self._write_ends(failed)
        was = self._letting_go
        self._letting_go = True
        try:
            del failed  # their finalizers run: asyncio's log, the runner's lines (no task's: between steps)
        finally:
            self._letting_go = was

    def settle_before_block(self, loop):
        """The loop's thread is about to block (a cpu slice): write now what
        happened at this moment but would otherwise be written after the
        block: "created" of tasks that started, and the terminal lines of
        tasks that ended (their done callbacks still wait in the ready queue)."""
        self._settle()
        if self._due:
            self._drain_due()
        ran = getattr(loop, "_cs_ran", None)
        if ran:
            # Steps of this iteration: those that already ran and ended.
            ended = []
            self._ended_in(ran, ended)
            if ended and not self._finished:
                self._write_ends(ended)
        append = self._ended_append
        for handle in getattr(loop, "_ready", ()):
            if handle._callback == append and not handle._cancelled:
                append(*handle._args)
        self._drain_ended()

    def _drain_due(self):
        """Terminal lines of the tasks that ended before the last iteration
        (their done callbacks would have run in it)."""
        due = self._due
        if due:
            self._due = []
            if not self._finished:
                self._write_ends(due)

    @staticmethod
    def _ended_in(ran, ended):
        """Append to `ended` the traced tasks among `ran` (the __self__ of
        the step callables an iteration ran, in order) that have ended and
        have no terminal line yet."""
        append = ended.append
        try:
            # Those that ended, picked in C (most have not: issue 13); the
            # rest of the test for them alone.
            ran = list(filter(_future_done, ran))
        except TypeError:  # not all futures (a bound method's object): all tested here
            for task in ran:
                if isinstance(task, Task) and task.done() and getattr(task, "_cs_id", -1) >= 0 \
                        and task._cs_stage < _ENDED:
                    append(task)
            return
        for task in ran:  # all done
            # (The stage read directly: only a traced task has one; the
            # tracer's untraced tasks, _cs_id -1, and other classes none.)
            try:
                if task._cs_stage < _ENDED:
                    append(task)
            except AttributeError:
                pass

    def _write_ends(self, items):
        """Terminal lines of the tasks in items, in that order."""
        ts = self._ends_ts = self.now()
        out = self._out
        queues = self._queues
        workers = None if queues is None else queues.workers.data  # (a dict: no Python-level len())
        for task in items:
            stage = task._cs_stage
            if stage >= _ENDED:
                continue
            if stage < _CREATED:
                self._first(task, ts)
            task._cs_stage = _ENDED
            tail = task._cs_tail or self._retail(task)
            if workers and task in queues.workers:
                # A Queue worker: its other jobs (and its own lane) end as it did.
                queues.worker_ended(task, ts)
            if task.cancelled():
                out.append(f'{{"t": {ts}, "ev": "cancelled"{tail}')
                continue
            # Not task.exception(): that would mark the exception retrieved and
            # silence asyncio's "exception was never retrieved" for the program.
            exc = task._exception
            if exc is None:
                # A task that returns while a cancel request of its is
                # pending (not undone by uncancel(), as asyncio.timeout and
                # TaskGroup undo theirs) caught the CancelledError: the one
                # check a done task costs is cancelling().
                if task.cancelling() and self._swallowed(task):
                    out.append(f'{{"t": {ts}, "ev": "done"' + _TAIL_SWALLOWED % (task._cs_id, task._cs_jname))
                    continue
                out.append(f'{{"t": {ts}, "ev": "done"{tail}')
            else:
                out.append(f'{{"t": {ts}, "ev": "failed"{tail}')
                out.append(_L_FAILED_EXC % (ts, task._cs_id, jstr(type(exc).__name__), task._cs_jname))
        if len(out) >= self._flush_every:
            self.flush()

    def _drain_ended(self):
        """Terminal lines of the tasks whose done callback ran, in that order."""
        ended = self._ended
        if not ended or self._finished:
            return
        # Tasks hold ended.append as their done callback: empty the list in
        # place, never replace it.
        items = ended.copy()
        ended.clear()
        self._write_ends(items)  # those reported early (settle_before_block) are skipped

    def _acquire_helper(self, task, maker):
        """task runs a Semaphore's or Lock's acquire() itself: on CPython 3.11
        `await asyncio.wait_for(sem.acquire(), timeout)` makes such a task and
        awaits it, and the permit it takes is its maker's to hold and
        release. So it is no lane of its own. (So for a Condition's wait() or
        wait_for() run by such a task, `wait_for(cond.wait(), t)`: the lock it
        releases while it waits, and takes back, is its maker's: the maker
        was drawn holding it all along.) Made by traced task `maker`:
        its request and running are written as its maker's (a release that
        wakes it names its maker), and it has no created or terminal line;
        cancelled while it waits (the timeout), its maker gave up
        (Tracer._gave_up): the maker goes on holding no permit. Made by
        main()'s wait_for() (`maker` None: main() has no lane): untraced, as
        main()'s own `await sem.acquire()` is: the permit shows in the count
        of permits held, and main()'s release of it is no lane's (a lane of
        its own was a task that took the permit and ended holding it: a
        forgotten release the program never made). (Told by wait_for's own
        line, Tracer._patch_wait_for_311: a look at every task's coroutine
        cost ~500 instructions a task.)"""
        task._cs_id = -1
        if maker is not None:
            self._helpers[task] = maker

    def _cancel_asked(self, task, waiter, frame):
        """task.cancel() succeeded (called from `frame`). Its
        count of requests (cancelling()) grows; a task that then returns
        normally caught the CancelledError (its done line's note), except
        for a request that never reached its code as one: a TaskGroup's
        cancel of the task that runs it (asyncio's own, undone in
        __aexit__, or left pending by 3.11 when a child fails while the
        group's __aexit__ already waits), and one handed on to a task it
        awaits (`await other_task`: `waiter`), which reaches it only if
        that task ends cancelled."""
        caller = frame.f_code
        tg = caller is _TASKGROUP_CANCEL and caller is not None
        relayed = isinstance(waiter, _base_task) and not task._must_cancel
        if tg or relayed:
            info = self._cancels.get(task)
            if info is None:
                info = self._cancels[task] = [0, []]
            if tg:
                info[0] += 1
            else:
                info[1].append(waiter)
        if not tg and getattr(task, "_cs_main", False):
            self._main_cancel_asked(task, waiter, frame)
        elif not tg and getattr(task, "_cs_id", -1) >= 0:
            self._lane_cancel_asked(task, waiter, frame)

    def _lane_cancel_asked(self, task, waiter, frame):
        """(swallowed_cancel) A lane's cancel request, not a TaskGroup's:
        a cancel() of the program's is noted (its line); an asyncio.timeout()'s
        expiry that finds the task's await live (no CancelledError on its way)
        while an earlier request of the program's is still counted, and not
        one handed on to a task it awaits that swallowed it, finds that the
        task's code caught that request's CancelledError and went on: the
        timeout will raise no TimeoutError (_patch_timeout)."""
        if frame.f_code is _TIMEOUT_EXPIRES and frame.f_code is not None:
            if waiter is not None and not task._must_cancel and task.cancelling() > 1 \
                    and task in self._task_cancels and self._own_requests(task, 1) > 0:
                self._task_went_on[task] = self._task_cancels[task]
            return
        self._task_cancels[task] = frame.f_lineno if _place(frame) else 0

    def _own_requests(self, task, less=0):
        """task's cancel requests still counted (cancelling(), less `less` of
        asyncio's own) that its code answers for: not a TaskGroup's, nor one
        handed on to an awaited task that did not end cancelled, nor one
        asyncio.wait_for() lost (_wait_for_lost_cancel). Looks, keeps."""
        pending = task.cancelling() - less
        info = self._cancels.get(task)
        if info is not None:
            pending -= info[0] + sum(1 for waiter in info[1] if not waiter.cancelled())
        return pending

    def _main_cancel_asked(self, task, waiter, frame):
        """main()'s task was asked to cancel (not by a TaskGroup; one handed
        on to a task it awaits reaches it if that task ends cancelled: the
        count of _swallowed decides). A cancel() of the program's: noted, with
        where it was called and where main() waits for it to come (its
        innermost line in the program's files; none while main() runs: it
        comes at its next await), for main()'s end (_main_done) and its
        asyncio.timeout()s (_patch_timeout). An asyncio.timeout()'s expiry:
        if main()'s await it cancels was live (the cancel cancelled it,
        none was on its way: no _must_cancel) while an earlier request is
        still counted (cancelling() > 1), that request's CancelledError
        reached main() and main() went on (it caught it)."""
        if frame.f_code is _TIMEOUT_EXPIRES and frame.f_code is not None:
            if self._main_cancels and waiter is not None and not task._must_cancel and task.cancelling() > 1:
                self._main_went_on = self._main_cancels[-1]
            return
        where = None
        if waiter is not None:
            coro = task.get_coro()
            while coro is not None:
                inner = getattr(coro, "cr_frame", None)
                if inner is not None and _place(inner):
                    where = inner
                coro = getattr(coro, "cr_await", None)
        self._main_cancels.append((_place(frame), _place(where) if where is not None else "", frame.f_lineno
                                   if _place(frame) else 0))
        if not self._main_cancel_told:
            self._main_watch = (task, waiter)  # (main_watch)

    def _main_watch_check(self):
        """(main_watch) After a loop iteration, while a cancel() of main()'s
        task is untold: has main() caught its CancelledError and gone on?
        Its CancelledError has reached it (no cancel on its way: not
        _must_cancel, and the future it awaits now is neither the one it
        awaited when the cancel came nor a cancelled one), a request of the
        program's is still counted (_own_requests), and no frame of its
        coroutine is in an except or finally under way (which may re-raise
        it): then it went on, in the step this iteration ran, and the
        main_swallowed_cancel warning (what "cancel") is written now, at the
        instant it did so (before: at main()'s end, however much later).
        Only while main() has such a cancel: nothing per task."""
        task, waiter = self._main_watch
        if task.done() or self._main_cancel_told or self._finished:
            self._main_watch = None  # (its end tells, if it returned: _main_done)
            return
        if task._must_cancel:
            return
        now = task._fut_waiter
        if now is not None and (now is waiter or now.cancelled()):
            return
        if self._own_requests(task) <= 0:
            self._main_watch = None  # (an awaited task swallowed it, or uncancel(): main() caught nothing)
            return
        coro = task.get_coro()
        while coro is not None:
            frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
            if frame is None:
                break
            if _handling_at(frame.f_code, frame.f_lasti):
                return
            coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
        self._main_watch = None
        if self._main_cancels:
            self._main_swallowed_cancel(self._main_cancels[-1], None)

    def _cancel_undone(self, task):
        """A TaskGroup's __aexit__ undid its cancel of task (uncancel())."""
        info = self._cancels.get(task)
        if info is not None and info[0] > 0:
            info[0] -= 1

    def _swallowed(self, task):
        """task returns with cancel requests pending: did its code catch a
        CancelledError (rather than asyncio's TaskGroup leave its own
        request, or an awaited task swallow one handed on to it)?"""
        pending = task.cancelling()
        info = self._cancels.pop(task, None)
        if info is not None:
            pending -= info[0] + sum(1 for waiter in info[1] if not waiter.cancelled())
        return pending > 0

    def _main_started(self):
        """A main coroutine of the program's starts (asyncio.run(), or a
        run_until_complete() of a coroutine; not asyncio.run()'s own
        shutdown steps). From the second on, a `main_started` line: the run
        before it ended (its main_returned or raise told), so a task
        cancelled from now on was not cancelled by that run's exit but in
        this run (the app's cancelled_at_exit counts only the cancels after
        a run's main coroutine ended, before the next one started). Lines
        of the run before that are still to be written come first."""
        self._mains += 1
        if self._mains > 1 and not self._finished:
            self.settle_now()  # (under the lock when worker threads write lines too)
            self.line("main_started")

    def _main_done(self, task):
        if self._finished:
            return
        queues = self._queues
        if queues is not None and queues.main_queues:
            # Items of the program's Queues main() took and still holds end as it did (not cancelled by the
            # loop's end, nor running on past main()'s end): after the ends of this iteration before it.
            exc = asyncio.CancelledError() if task.cancelled() else task._exception
            if isinstance(exc, SystemExit) and exc.code in (None, 0):
                exc = None
            queues._locked(self._settle_main_items, task, exc)
        if task.cancelled():
            return
        exc = task._exception
        # The tasks that ended in this iteration before it (main()'s done
        # callbacks run after the steps queued before them: a task main()
        # cancelled, that ended at once) ended before main()'s end was seen:
        # their lines first, or the app would count them asyncio.run()'s
        # exit's cancels.
        if self._threaded:
            with self._lock:
                self.settle_before_block(task.get_loop())
        else:
            self.settle_before_block(task.get_loop())
        # sys.exit() or sys.exit(0) in it ends the program normally: no
        # "raise" (the end line's outcome is "ok": end_outcome).
        if exc is not None and not (isinstance(exc, SystemExit) and exc.code in (None, 0)):
            self.line("raise", (("exc", type(exc).__name__),))
            self._cancels_pending(task)
        elif exc is None and not _asyncio_own(task):
            # It returned: asyncio.run() cancels what is still pending on its
            # way out (the app tells those cancels apart: their work lost).
            # (Not asyncio.run()'s own shutdown_asyncgens() and
            # shutdown_default_executor() after it, run as main coroutines.)
            if self._main_cancels and task.cancelling() and not self._main_cancel_told and self._swallowed(task):
                self._main_swallowed_cancel(self._main_cancels[-1], None)
            self.line("main_returned")
            self._cancels_pending(task)
        if self._gate and self._main_holds > 0:
            # main() took signals of the program's Semaphore(0) (a counter
            # of workers' releases): used up at its end, as a task's.
            n = min(self._main_holds, self._gate)
            self._main_holds -= n
            self._gate_used(n, self.now())
        if self._main_gate_holds:
            # Its permits of the program's Semaphore(0)s, one of several
            # primitives: used up, as a task's.
            held, self._main_gate_holds = self._main_gate_holds, {}
            self._signals_used(held, None, self.now())

    def _settle_main_items(self, task, exc):
        self.settle_before_block(task.get_loop())
        self._queues.main_ended(task, exc, self.now())

    def _cancels_pending(self, main_task):
        """The program's main coroutine (main_task) ended: a "cancel_pending"
        line for each traced task it (or anything) asked to cancel that has
        not ended: task.cancel() only asks, the task ends at its next step,
        here after main() ended, as asyncio.run() shuts down; the app tells
        those apart from the tasks asyncio.run() itself cancels on its way
        out (docs/trace-extensions.md). Once per main coroutine."""
        try:
            left = asyncio.all_tasks(main_task.get_loop())
        except RuntimeError:
            return
        asked = [t for t in left
                 if getattr(t, "_cs_id", -1) >= 0 and t.cancelling() > 0 and not self.worker_ahead(t)]
        for t in sorted(asked, key=lambda t: t._cs_id):
            self.task_line(t, "cancel_pending")

    # ------------------------------------------------------------ primitives
    def _requested(self, task, now_too, prim=None):
        """task calls acquire() of prim: its first ask is "request"; now_too:
        it takes the permit at once."""
        ts = self.now()
        stage = task._cs_stage
        if stage < _CREATED:
            self._first(task, ts)
        out = self._out
        tail = task._cs_tail or self._retail(task)
        if stage < _REQUESTED:
            task._cs_stage = _REQUESTED
            out.append(self._request_line(task, ts, prim) if self._primitives > 1 else
                       f'{{"t": {ts}, "ev": "request"{tail}')
        if now_too:
            permits = self._permits = self._permits + 1
            holds = self._holds
            holds[task] = holds.get(task, 0) + 1
            if stage < _RUNNING:
                task._cs_stage = _RUNNING
                out.append(f'{{"t": {ts}, "ev": "running"{tail}{{"t": {ts}, "ev": "permits", "value": {permits}}}\n')
            else:
                self._acquire_line(task, ts, prim)
                out.append(f'{{"t": {ts}, "ev": "permits", "value": {permits}}}\n')
            if prim is not None and self._primitives > 1:
                self._held(prim, 1, ts)
                if prim._cs_gate is not None:
                    self._gate_took(task, prim)
        if len(out) >= self._flush_every:
            self.flush()

    def _gave_up(self, task):
        """task stopped waiting for the permit it asked for, without it, and
        went on (its wait in acquire() was cancelled, or its acquire()
        task's, Tracer._acquire_helper): its "gave_up"; it goes on holding
        none, and a wait after this is a request again."""
        task._cs_stage = _RUNNING
        self._task_line(task, "gave_up", "")

    def _asks_again(self, task, now_too, prim=None):
        """task, which got a permit before, waits in acquire() (of prim)
        again: its "request" once more (its "running" follows when it gets
        the permit)."""
        task._cs_stage = _REQUESTED
        self.put(self._request_line(task, self.now(), prim))

    def _sem(self, prim):
        """The number a request, acquisition or release of prim names
        (`sem`: its `primitive` line's, once the program has two primitives
        or more; only the first _PER_PRIMITIVE have one); -1: none."""
        return -1 if prim is None or self._primitives < 2 else prim._cs_k

    def _request_line(self, task, ts, prim):
        """task's "request" line at ts; once the program has two
        primitives or more, naming the one it asks (`sem`: the number of its
        `primitive` line; only the first _PER_PRIMITIVE have one)."""
        jname = task._cs_jname or self._rename(task)
        k = self._sem(prim)
        if k >= 0:
            return _L_REQUEST_SEM % (ts, task._cs_id, k, jname)
        return _TASK % (ts, "request", task._cs_id, "", jname)

    def _acquire_line(self, task, ts, prim):
        """task, which got a permit before, takes one of prim without a
        request (at once, or after a wait no request announced): its
        "acquire" line. Once the program has two primitives or more it names
        prim, so that a reader knows what the task holds when it waits for
        another one (a worker's next round of `async with total: async with
        host:` takes `total` at once, then waits for `host`); before, it
        names none (the only one), so that a reader can count each task's
        permits and tell a release too many (the meta line's "acquires")."""
        k = self._sem(prim)
        if k >= 0:
            self._out.append(_L_ACQUIRE % (ts, task._cs_id, k, task._cs_jname or self._rename(task)))
        elif self._primitives < 2:
            self._out.append(_L_ACQUIRE_ONE % (ts, task._cs_id, task._cs_jname or self._rename(task)))

    def _acquired(self, task, prim=None):
        """A woken waiter resumes holding the permit (of prim)."""
        ts = self.now()
        stage = task._cs_stage
        if stage < _CREATED:
            self._first(task, ts)
        out = self._out
        permits = self._permits = self._permits + 1
        holds = self._holds
        holds[task] = holds.get(task, 0) + 1
        if stage < _RUNNING:
            task._cs_stage = _RUNNING
            tail = task._cs_tail or self._retail(task)
            out.append(f'{{"t": {ts}, "ev": "running"{tail}{{"t": {ts}, "ev": "permits", "value": {permits}}}\n')
        else:
            self._acquire_line(task, ts, prim)
            out.append(f'{{"t": {ts}, "ev": "permits", "value": {permits}}}\n')
        if prim is not None and self._primitives > 1:
            self._held(prim, 1, ts)
            if prim._cs_gate is not None:
                self._gate_took(task, prim)
        if len(out) >= self._flush_every:
            self.flush()

    def _released(self, task, woke, prim=None):
        """The running task (traced or not) released a permit (of prim), waking `woke`."""
        if task is not None and getattr(task, "_cs_id", 0) < 0:
            # A helper's release (wait_for's inner task running a Condition's
            # wait(): the lock its maker holds): its maker's.
            task = self._helpers.get(task, task)
        signal = False
        if prim is not None and prim._cs_gate is not None and self._primitives > 1:
            # A Semaphore(0) of a program with other primitives too: a
            # signal, or a permit of it its releaser gives back.
            signal = self._signalled(task, prim)
            if signal and getattr(task, "_cs_id", -1) < 0:
                return  # main()'s, a callback's: no permit of anyone's given back, no line
            # (A signal past here is a traced task's: its release line below.)
        if getattr(task, "_cs_main", False):
            # main() holding no permit releases one: the semaphore grows (a
            # gate widened by hand), the permits held stay as they were, as
            # the woken waiter's acquisition will say. (A callback's release,
            # `loop.call_later(0.5, sem.release)` after a task's acquire(),
            # gives back the permit that task took, as a Queue's worker
            # between items gives back its item's: counted as before.)
            if self._main_holds <= 0:
                if self._gate is not None:
                    self._gate_opened(self.now())
                return
            self._main_holds -= 1
        elif task is None and not self._callback_gives_back():
            # A permit nobody held: the semaphore grows, the permits held stay.
            if self._gate is not None:
                self._gate_opened(self.now())
            return
        ts = self.now()
        traced = getattr(task, "_cs_id", -1) >= 0
        if signal:
            grows = True  # (_signalled: the semaphore opened by one; the permits held stay)
        elif traced and self._gate is not None and task not in self._holds:
            grows = True  # a Semaphore(0)'s signal by a task holding none of its permits
        else:
            grows = traced and not self._unhold(task)
        if grows:
            # A task that holds none released one (once too often): the
            # semaphore grows, the permits held stay as they were.
            permits = self._permits
            if self._gate is not None:
                self._gate_opened(ts)
        else:
            # (Never fewer than zero: a permit taken before tracing began.)
            permits = self._permits - 1
            self._permits = permits = permits if permits > 0 else 0
        out = self._out
        if traced:
            if task._cs_stage < _CREATED:
                self._first(task, ts)
            if task._cs_tail is None:
                self._retail(task)
            # Once the program has two primitives or more, the release names
            # the one it gives back (`sem`, as a request does).
            k = self._sem(prim)
            line = (_L_RELEASE_SEM % (ts, task._cs_id, woke, k, task._cs_jname) if k >= 0 else
                    _L_RELEASE % (ts, task._cs_id, woke, task._cs_jname))
            out.append(line + f'{{"t": {ts}, "ev": "permits", "value": {permits}}}\n')
        else:
            out.append(f'{{"t": {ts}, "ev": "permits", "value": {permits}}}\n')
        if prim is not None and self._primitives > 1 and not grows:
            self._held(prim, -1, ts)
        if len(out) >= self._flush_every:
            self.flush()

    def _gate_opened(self, ts):
        """A release of the program's Semaphore(0) by one holding none of
        its permits (main(), a callback, a producer task): a signal, one
        more permit than the semaphore was made with. The `limit` line says
        the gate is open by one more (not "N of 0" in use); the first turns
        _write_ends into _write_ends_noted, which tells where a task ends
        holding the permit a signal gave it (_gate_used)."""
        if self._finished:
            return
        self._write_ends = self._write_ends_noted
        self._gate += 1
        self._gate_limit += 1
        self._out.append('{"t": %s, "ev": "limit", "value": %d}\n' % (ts, self._gate_limit))

    def _gate_used(self, n, ts):
        """n permits of the program's Semaphore(0) end with the one holding
        them (a task that ended, main()): signals used up, as a consumer
        does, not permits forgotten. The semaphore is back to its size less
        the permits still held: `limit` and `permits` say so (no forgotten
        release told for them: the permits line is below what the tasks
        were seen to take)."""
        n = min(n, self._gate)
        if n <= 0:
            return
        self._gate -= n
        self._gate_limit -= n
        self._permits = max(self._permits - n, 0)
        self._out.append('{"t": %s, "ev": "limit", "value": %d}\n{"t": %s%s'
                         % (ts, self._gate_limit, ts, _permits_tail(self._permits)))

    def _gate_took(self, task, prim):
        """Traced `task` took a permit of prim, a Semaphore(0) of a program
        with other primitives too (_signalled)."""
        held = self._gate_holds.get(task)
        if held is None:
            self._gate_holds[task] = {prim: 1}
        else:
            held[prim] = held.get(prim, 0) + 1

    def _signalled(self, task, prim):
        """A release of prim, a Semaphore(0) of a program that has made
        other Semaphores or Locks too (a producer's signal to consumers
        beside a Lock around a counter, or two signals): True, a signal (by
        one holding none of its permits: main(), a callback, a producer
        task), which opens it by one (prim._cs_gate); False, a permit of it
        its releaser holds given back (taken off; the usual lines follow).
        Each one's own, as the program's only Semaphore(0) is told
        (_gate_opened): the permits held of all (`main()` holding a Lock)
        and its `held` stay as they were, and a task (or main()) that ends
        holding a signal's permit used it up (_signals_used)."""
        if getattr(task, "_cs_main", False):
            if _take_one(self._main_gate_holds, prim):
                return False
        else:
            traced = getattr(task, "_cs_id", -1) >= 0
            # (A callback's: that of the task whose done callback it is.)
            owner = task if task is not None else _done_callback_task()
            held = self._gate_holds.get(owner) if owner is not None else None
            if held and _take_one(held, prim):
                if not held:
                    del self._gate_holds[owner]
                return False
            if not traced and task is not None and prim._cs_held > 0:
                return False  # an untraced task's (a Queue's worker with no lane): as before
        if not self._finished:
            prim._cs_gate += 1
            self._write_ends = self._write_ends_noted
            if prim._cs_k >= 0:
                self._out.append(_L_SIZE % (self.now(), prim._cs_k, prim._cs_gate))
        return True

    def _signals_used(self, held, task, ts):
        """`task` (None: main()) ended holding permits of Semaphore(0)s of a
        program with other primitives too (held: prim -> n): signals used
        up, as a consumer does, not permits forgotten, as far as signals
        opened them (prim._cs_gate). The permits held of all and each one's
        `held` go down by them (no forgotten release told: the permits line
        is below what the tasks were seen to take)."""
        for prim, n in held.items():
            n = min(n, prim._cs_gate)
            if n <= 0:
                continue
            prim._cs_gate -= n
            if task is None:
                self._main_holds = max(self._main_holds - n, 0)
            else:
                left = self._holds.get(task, 0) - n
                if left > 0:
                    self._holds[task] = left
                else:
                    self._holds.pop(task, None)
            self._permits = max(self._permits - n, 0)
            self._out.append('{"t": %s%s' % (ts, _permits_tail(self._permits)))
            self._held(prim, -n, ts)
            if prim._cs_k >= 0:
                self._out.append(_L_SIZE % (ts, prim._cs_k, prim._cs_gate))

    def _unhold(self, task):
        """task (traced) released a permit: one fewer it holds. False if it
        took a permit before and holds none now (a release once too often); a
        task that never took one gives back another's (a worker releasing the
        permit its producer acquired for it)."""
        holds = self._holds
        n = holds.pop(task, 0)
        if n > 1:
            holds[task] = n - 1
        # (A Queue worker's stage is its item's, running from when it took
        # it: not a permit taken.)
        return n > 0 or task._cs_stage < _RUNNING or self._queue_worker(task)

    def _callback_gives_back(self):
        """A release outside any task (a callback's): whether it gives back
        a permit someone holds. A task's done callback gives back a permit
        that task still held when it ended (`add_done_callback(lambda t:
        sem.release())` after an acquire() it never undid), else one main()
        holds (it acquired for the task); when it held none and main() holds
        none, the release is one too many (the task released its own with
        `async with` too): the semaphore grows, the permits held stay as
        they were (they said 0 while four tasks held one). Another callback
        (`loop.call_later(1, sem.release)` after a task's acquire()) gives
        back a permit, as before: a task that ended holding one first."""
        owner = _done_callback_task()
        holds = self._holds
        if owner is not None:
            if owner in holds:
                self._unhold(owner)
                return True
            if self._main_holds > 0:
                self._main_holds -= 1
                return True
            return False
        ended = next((t for t in holds if t.done()), None)
        if ended is not None:
            self._unhold(ended)
        return True

    def _queue_worker(self, task):
        """Whether `task` is one of the program's Queue workers (QueueJobs)."""
        queues = self._queues
        return queues is not None and task is not None and task in queues.workers

    def _took_untraced(self, prim, task=None):
        """A task the trace has no lane for (the program's main coroutine)
        got a permit of prim: `permits` counts it, as it counts that task's
        release (a Lock held by main() while tasks hold a Semaphore's
        permits), with no task line."""
        if self._finished:
            return
        if task is None:
            loop = _get_running_loop()
            task = None if loop is None else _task_of(loop)
        main = not self._queue_worker(task)
        if self._threaded:
            with self._lock:
                self._count_untraced(prim, main)
        else:
            self._count_untraced(prim, main)

    def _count_untraced(self, prim, main):
        ts = self.now()
        if main:
            self._main_holds += 1
            if prim._cs_gate is not None and self._primitives > 1:
                self._main_gate_holds[prim] = self._main_gate_holds.get(prim, 0) + 1
        permits = self._permits = self._permits + 1
        self.put('{"t": %s%s' % (ts, _permits_tail(permits)))
        if self._primitives > 1:
            self._held(prim, 1, ts)

    def _held(self, prim, delta, ts):
        """Once the program has two primitives or more: prim's own count of
        permits held changes by delta (never below zero), and its `held`
        line says so (only the first _PER_PRIMITIVE made have one)."""
        k = prim._cs_k
        if k >= 0:
            held = prim._cs_held + delta
            if held < 0:
                held = 0
            prim._cs_held = held
            self._out.append(_L_HELD % (ts, k, held))

    def _note_release(self, prim, tid, woke):
        """Whether each primitive is one task's alone (a semaphore or lock
        made inside each task, the course's pitfall): its first release
        names the releasing task (prim._cs_by, -1 before: a class default;
        tid -3, or any other below 0: a task the trace has no lane for, the
        program's main coroutine); a release by another task, or one that
        woke a waiter, makes it shared (-2) for good. self._private_at
        counts those still one task's by where each was made
        (prim._cs_where), self._shared_at the places that made a shared one.
        Called while prim._cs_by is not -2 (one load and test a release
        after that: issue 13)."""
        if tid < 0:
            tid = -3
        by = prim._cs_by
        where = prim._cs_where
        if woke < 0 and (by == -1 or by == tid):
            if by == -1:
                prim._cs_by = tid
                self._private_at[where] = self._private_at.get(where, 0) + 1
            return
        if by != -1:
            self._private_at[where] -= 1
        prim._cs_by = -2
        self._shared_at.add(where)

    def _waited_for(self, prim):
        """Someone waits for prim (a task, main()): it is not one task's
        alone, whatever becomes of the wait (a waiter that gives up at a
        timeout or is cancelled, or waits for ever in a deadlock, is woken
        by no release: the 'made inside each task' warning named two shared
        locks). Called while prim._cs_by is not -2."""
        if prim._cs_by != -1:
            self._private_at[prim._cs_where] -= 1
        prim._cs_by = -2
        self._shared_at.add(prim._cs_where)

    def private_count(self):
        """How many primitives one task alone used, leaving out those of a
        class made where a shared one of that class was made too (a
        per-host semaphore that only one request used, made by the line that
        made the others: not a semaphore made inside each task). Where is
        not known (made before tracing, or by no frame found), each counts."""
        shared = self._shared_at
        return sum(n for where, n in self._private_at.items()
                   if where is None or where[0] is None or where not in shared)

    def _semaphore_made(self, prim):
        """A Semaphore (or BoundedSemaphore) was made: the first one's value
        is the trace's `limit`."""
        value = prim._value
        if value == 0:
            prim._cs_gate = 0  # (a signal's, told once the program has another primitive: _signalled)
        if not self._limit_written and not self._finished:
            self._limit_written = True
            self.line("limit", (("value", int(value)),))
            if value == 0 and self._primitives == 0:
                # A Semaphore(0): each release() by one who holds none of
                # its permits is a signal; the generic paths tell (_hot off:
                # the same lines, spelled by _released and _acquired).
                self._gate = 0
                self._hot = False
        self._primitive_made(prim, value)
        if not self._finished:
            limiter = _limiter_of(prim, sys._getframe(2))
            if limiter is not None:
                self._watch_limiter(*limiter)

    # ------------------------------------------------------------ rate limiters
    # A rate limiter of the program's own (aiometer's max_at_once and
    # max_per_second, the class `coroscope-cli python` writes for a `rate`
    # limit): its __aenter__ takes a Semaphore's permit, then sleeps until
    # the task's start slot, holding it. Told as the engine tells it
    # (docs/trace-extensions.md, `slot_wait`): the task's `slot_wait` where
    # it begins that sleep, its `running` where __aenter__ returns.
    #
    # Recognised where the Semaphore is made (_semaphore_made, once per
    # Semaphore): by a method of an object whose class has an `async def
    # __aenter__` of the program's (not asyncio's): made in its __init__
    # (or in a Semaphore subclass's own, whose class has such an
    # __aenter__). That class's __aenter__ is then run by _entering, which
    # sees each of its suspensions, and the acquisition hooks are swapped
    # for the *_slot ones below (instance attributes), which defer the
    # "running" of a task's permit taken inside it (the lines of others are
    # as before). A program with no such class runs none of this: its hooks
    # and per-task paths are unchanged (issue 13).
    def _watch_limiter(self, klass, enter, clocked=False, name="__aenter__"):
        """klass's `__aenter__` (the function `enter`, of klass's own
        dict) is a limiter's: run it through _entering from now on.
        clocked: its code reads a clock and calls asyncio.sleep() (_rate_like):
        a task that sleeps in it holding no permit waits for its start slot;
        _TICKED: it waits for an Event a timer method of its class sets
        (_ticked): a wait in Event.wait() there is one too; _TIMED: it waits
        for a future a call_later() timer completes (_timed): a wait for a
        bare future there is one too.
        name: the method's ("acquire": a limiter awaited as
        `await limiter.acquire()`)."""
        key = klass if name == "__aenter__" else (klass, name)
        if clocked:
            # (Also one watched already, its Semaphore made in its __init__
            # before the program's scan found its code a rate limiter's: a
            # worker's later rounds, which take the permit at once and then
            # sleep for their slots, are its slot waits.)
            self._clocked_limiters[key] = max(clocked, self._clocked_limiters.get(key, False))
        if key in self._limiters:
            # (Its __aenter__ and its acquire are each watched: a task may
            # await `limiter.acquire()` itself, and an __aenter__ that
            # awaits it runs it inside its own, _entering's outer record.)
            return
        self._limiters.add(key)
        tracer = self
        clocked_limiters = self._clocked_limiters

        def __aenter__(*args, **kwargs):
            return _entering(tracer, enter(*args, **kwargs), clocked_limiters.get(key, False))

        functools.update_wrapper(__aenter__, enter)
        self._patch(klass, name, __aenter__)
        if len(self._limiters) == 1:
            self._slot_hooks()

    def _scan_program(self):
        """At the program's first asyncio.run() (or run_until_complete()):
        the rate limiters among the program's own classes and
        @asynccontextmanager functions (_program_limiters), watched whether
        or not they make a Semaphore (one handed in, a Lock, none at all).
        Once per run, never per task."""
        if self._scanned or self._finished:
            return
        self._scanned = True
        try:
            classes, generators, bodies = _program_limiters()
        except Exception:  # noqa: BLE001 - the tracer's own fault: never the program's
            return
        for klass, enter, kind in classes:
            self._watch_limiter(klass, enter, kind, enter.__name__)
        if generators:
            self._watch_generators(generators)
        if bodies:
            self._class_limiters(bodies)

    def _class_limiters(self, bodies):
        """The program's functions define classes that may be rate limiters
        (`class Limiter:` inside main(); their body code in `bodies`): each
        such class is looked at when its `class` statement makes it, as the
        scan looks at a module's (builtins.__build_class__, which only
        `class` statements call; a program without such a class keeps it)."""
        build = builtins.__build_class__
        tracer = self

        def __build_class__(func, name, *bases, **kwargs):
            klass = build(func, name, *bases, **kwargs)
            if getattr(func, "__code__", None) in bodies and isinstance(klass, type) and not tracer._finished:
                try:
                    found = []
                    _limiter_methods(klass, found)
                    for k, enter, kind in found:
                        tracer._watch_limiter(k, enter, kind, enter.__name__)
                except Exception:  # noqa: BLE001 - the tracer's own fault: never the program's
                    pass
            return klass

        functools.update_wrapper(__build_class__, build)
        self._patch(builtins, "__build_class__", __build_class__)

    def _watch_generators(self, codes):
        """The program's @asynccontextmanager functions whose generators'
        code is in `codes` are rate limiters: their __aenter__ (contextlib's
        own, which runs the generator to its `yield`) goes through
        _entering, looking at the generator for the sleep."""
        cm = contextlib._AsyncGeneratorContextManager
        enter = cm.__aenter__
        tracer = self

        def __aenter__(self_):
            gen = getattr(self_, "gen", None)
            if getattr(gen, "ag_code", None) in codes:
                return _entering(tracer, enter(self_), True, gen)
            return enter(self_)

        functools.update_wrapper(__aenter__, enter)
        self._patch(cm, "__aenter__", __aenter__)
        self._limiters.add(cm)
        if len(self._limiters) == 1:
            self._slot_hooks()

    def _slot_hooks(self):
        # The generic paths from now on (the hot ones write a task's
        # "running" at its permit), with the permit's "running" deferred
        # for a task inside a limiter's __aenter__.
        self._hot = False
        self._requested = self._requested_slot
        self._acquired = self._acquired_slot
        self._asks_again = self._asks_again_slot
        self._released = self._released_slot

    def _requested_slot(self, task, now_too, prim=None):
        """Tracer._requested, in a program with a limiter: a task that takes
        its permit at once inside the limiter's __aenter__ (where its
        "running" would be written) has its request and permits written,
        its "running" (or "slot_wait") when __aenter__ returns or waits."""
        rec = self._entering.get(task)
        if rec is None or not now_too or task._cs_stage >= _RUNNING:
            if rec is not None and rec[0] == _ENTER_HOLDS:
                self._enter_runs(task, rec)
            return Tracer._requested(self, task, now_too, prim)
        ts = self.now()
        stage = task._cs_stage
        if stage < _CREATED:
            self._first(task, ts)
        if stage < _REQUESTED:
            task._cs_stage = _REQUESTED
            self._out.append(self._request_line(task, ts, prim))
        self._took_deferred(task, ts, prim, rec)

    def _acquired_slot(self, task, prim=None):
        """Tracer._acquired, in a program with a limiter (as _requested_slot)."""
        rec = self._entering.get(task)
        if rec is None or task._cs_stage >= _RUNNING:
            if rec is not None and rec[0] == _ENTER_HOLDS:
                self._enter_runs(task, rec)
            return Tracer._acquired(self, task, prim)
        ts = self.now()
        if task._cs_stage < _CREATED:
            self._first(task, ts)
        self._took_deferred(task, ts, prim, rec)

    def _asks_again_slot(self, task, now_too, prim=None):
        rec = self._entering.get(task)
        if rec is not None and rec[0] == _ENTER_HOLDS:
            self._enter_runs(task, rec)  # (it waits for another permit: it ran from its first)
        return Tracer._asks_again(self, task, now_too, prim)

    def _released_slot(self, task, woke, prim=None):
        if task is not None:
            rec = self._entering.get(self._helpers.get(task, task))
            if rec is not None:
                if rec[0] == _ENTER_HOLDS and rec[1] == _TICKED and _in_condition_wait(sys._getframe(1)):
                    # (A timer's limiter, its Condition's wait: the task
                    # gives the Condition's Lock back and waits for a
                    # notify(), its slot; it runs where __aenter__ returns.)
                    self._enter_line(self._helpers.get(task, task), rec, "slot_wait", _ENTER_SLOT)
                elif rec[0] == _ENTER_HOLDS:
                    self._enter_runs(self._helpers.get(task, task), rec)
                elif rec[0] == _ENTER_SLOT and sys.exc_info()[0] is None and not (
                        rec[1] == _TICKED and _in_condition_wait(sys._getframe(1))):
                    # Its slot came and it gives back what it held waiting
                    # for it (a leaky bucket's `async with self.lock:` around
                    # its sleep): it runs from now, holding nothing (not a
                    # release in an `except` of a cancelled slot wait).
                    self._enter_runs(self._helpers.get(task, task), rec)
        return Tracer._released(self, task, woke, prim)

    def _took_deferred(self, task, ts, prim, rec):
        """task took its permit (of prim) at ts inside a limiter's
        __aenter__ (rec: _entering's record): it holds it (stage, holds,
        `permits`), its "running" deferred (_ENTER_HOLDS)."""
        task._cs_stage = _RUNNING
        permits = self._permits = self._permits + 1
        holds = self._holds
        holds[task] = holds.get(task, 0) + 1
        out = self._out
        out.append('{"t": %s%s' % (ts, _permits_tail(permits)))
        if prim is not None and self._primitives > 1:
            self._held(prim, 1, ts)
            if prim._cs_gate is not None:
                self._gate_took(task, prim)
        rec[0] = _ENTER_HOLDS
        if len(out) >= self._flush_every:
            self.flush()

    def _enter_runs(self, task, rec):
        """(Under the lock, if threaded.) task, holding its permit, does
        something else than wait for its slot: it runs from now."""
        rec[0] = _ENTER_DONE
        if not self._finished:
            self._task_line(task, "running", "")

    def _enter_line(self, task, rec, ev, state):
        rec[0] = state
        if not self._finished:
            self.task_line(task, ev)

    def _enter_asks(self, task, rec, ev, state):
        """task, holding no permit and having asked for none, waits for its
        start slot in a rate limiter's __aenter__ (ev "slot_wait"), or goes
        through it at once (ev "running"): its "request" (entering the
        limiter is asking it, as the engine's `rate` without max_at_once),
        then ev."""
        rec[0] = state
        if self._finished:
            return
        if self._threaded:
            with self._lock:
                self._asks_line(task, ev)
        else:
            self._asks_line(task, ev)

    def _asks_line(self, task, ev):
        # (Also a task that ran before, entering the limiter again to wait
        # for another slot: its request once more, as a Semaphore's wait
        # again. Its stage stays _RUNNING: its "running" is _entering's,
        # where __aenter__ returns.)
        ts = self.now()
        if task._cs_stage < _CREATED:
            self._first(task, ts)
        task._cs_stage = _RUNNING
        self.put(self._request_line(task, ts, None))
        self._task_line(task, ev, "")


    def _primitive_made(self, prim, size, kind=None):
        """A Semaphore or Lock was made. `permits` counts the permits held
        in all of them, so from the second one on the first Semaphore's
        `limit` is not the program's limit (a semaphore made per task, the
        course's pitfall, or a Lock beside it): a `semaphores` line says
        how many the program has made so far. The first _PER_PRIMITIVE made
        are told apart: from the second on, a `primitive` line says what
        each is (its class, or `kind`; its size; the program's line that
        made it) and
        `held` lines follow each one's own count of permits held (the
        first's, until then, is `permits`)."""
        k = self._primitives
        self._primitives = k + 1
        if k == 1:
            self._hot = False  # from now on each primitive's own lines (`held`, a request's `sem`)
            # (`limit` no longer the program's: the first one's signals, if
            # it is a Semaphore(0), are told as its own from now on.)
            gate, self._gate = self._gate, None
            first = self._first_primitive
            if gate is not None and first is not None:
                first[0]._cs_gate = gate
                self._gate_holds = {task: {first[0]: n} for task, n in self._holds.items()}
                if self._main_holds > 0:
                    self._main_gate_holds = {first[0]: self._main_holds}
        where = _made_where()
        name = kind or type(prim).__name__
        prim._cs_where = (where, name)  # (a Lock and a Semaphore made by one line are told apart)
        if k < _PER_PRIMITIVE:
            prim._cs_k = k
            what = (name, int(size), _made_on_line(where))
            if k == 0:
                self._first_primitive = (prim, what)
            elif not self._finished:
                if k == 1 and self._first_primitive is not None:
                    first, first_what = self._first_primitive
                    self._first_primitive = None
                    self._primitive_line(0, first_what)
                    first._cs_held = self._permits
                    if self._permits:
                        self.line("held", (("sem", 0), ("value", self._permits)))
                    if first._cs_gate:
                        # (A Semaphore(0) the program's only one signalled:
                        # its `limit` until now.)
                        self.line("size", (("sem", 0), ("value", first._cs_gate)))
                self._primitive_line(k, what)
        if k >= 1 and not self._finished:
            self.line("semaphores", (("value", self._primitives),))

    def _primitive_line(self, k, what):
        kind, size, line = what
        pairs = [("sem", k), ("kind", kind), ("value", size)]
        if line is not None:
            pairs.append(("line", line))
        self.line("primitive", pairs)

    def _patch_primitive(self, cls, wake_name, free_now):
        """Hooks one primitive class (Semaphore or Lock; subclasses inherit).

        A task acquires either at once (the acquire() coroutine returns
        without waiting: `free_now(prim)` is the condition CPython's acquire
        tests first) or when a wake-up hands it the permit: the primitive's
        _wake_up_next/_wake_up_first completes the waiter's future, which
        queues the waiting task's wake-up at the end of the loop's ready
        queue. That entry names the task woken (O(1); scanning the waiters,
        as _wake_up_next itself does, made tracing quadratic), and it is
        replaced by a wrapper that records "running" when the task resumes,
        unless it was cancelled meanwhile (then acquire() raises and passes
        the permit on). So acquire() needs no coroutine of its own. Before
        Python 3.11 a woken waiter could lose the race and wait again: there
        acquire() is wrapped in a coroutine instead."""
        tracer = self
        orig_acquire = cls.acquire
        orig_release = cls.release
        orig_wake = getattr(cls, wake_name)
        helpers = self._helpers

        if _WAKE_IS_ACQUISITION:
            def acquire(prim):
                loop = _get_running_loop()
                if loop is not None:
                    if prim._cs_by != -2 and not tracer._finished and not free_now(prim):
                        tracer._waited_for(prim)
                    task = _task_of(loop)
                    if task is not None and getattr(task, "_cs_id", -1) < 0:
                        task = helpers.get(task, task)  # an acquire() task's wait and permit: its maker's
                    if getattr(task, "_cs_id", -1) >= 0 and not tracer._finished:
                        now_too = free_now(prim)
                        stage = task._cs_stage
                        if now_too or stage < _REQUESTED:  # its first ask, or a permit taken at once
                            ask = tracer._requested
                        elif stage >= _RUNNING:  # it waits again after a permit it got before
                            ask = tracer._asks_again
                        else:  # (it asked before and never got one)
                            ask = None
                        if ask is not None:
                            if tracer._threaded:
                                with tracer._lock:
                                    ask(task, now_too, prim)
                            else:
                                ask(task, now_too, prim)
                    elif free_now(prim):
                        tracer._took_untraced(prim)
                return orig_acquire(prim)
        else:
            async def acquire(prim):
                task = None
                if _get_running_loop() is not None and not tracer._finished:
                    task = _task_of(_get_running_loop())
                    if getattr(task, "_cs_id", -1) < 0:
                        task = None
                    elif task._cs_stage < _REQUESTED:
                        with tracer._lock:
                            tracer._requested(task, False)
                result = await orig_acquire(prim)
                if task is not None:
                    with tracer._lock:
                        tracer._acquired(task, prim)
                elif _get_running_loop() is not None:
                    tracer._took_untraced(prim)
                return result

        def wake(prim):
            loop = _get_running_loop()
            if loop is None or tracer._finished:
                return orig_wake(prim)
            ready = loop._ready
            before = len(ready)
            result = orig_wake(prim)
            new = len(ready) - before
            # Normally one new entry: the woken task's wake-up (more if the
            # program added callbacks of its own to the waiter's future).
            for k in range(new, 0, -1):
                handle = ready[-k]
                owner = getattr(handle._callback, "__self__", None)
                if isinstance(owner, asyncio.Task):
                    holder = owner
                    if getattr(owner, "_cs_id", -1) < 0:
                        holder = helpers.get(owner, owner)  # an acquire() task's permit: its maker's
                    tracer._woke = woke = getattr(holder, "_cs_id", -1)
                    if _WAKE_IS_ACQUISITION:
                        handle._callback = _resume_wrapper(tracer, owner, handle._callback, loop, prim, woke >= 0,
                                                           holder)
                    break
            return result

        def release(prim):
            if tracer._finished:
                return orig_release(prim)
            tracer._woke = -1
            orig_release(prim)  # may raise (BoundedSemaphore, unlocked Lock): nothing released
            loop = _get_running_loop()
            if loop is not None:
                task = _task_of(loop)
                if prim._cs_by != -2:
                    tracer._note_release(prim, getattr(task, "_cs_id", -3), tracer._woke)
                if tracer._threaded:
                    with tracer._lock:
                        tracer._released(task, tracer._woke, prim)
                else:
                    tracer._released(task, tracer._woke, prim)

        self._patch(cls, "acquire", acquire)
        self._patch(cls, "release", release)
        self._patch(cls, wake_name, wake)

    def _patch_semaphore_311(self):
        """Hooks Semaphore on CPython 3.11 with fewer Python-level steps than
        _patch_primitive (issue 13: the Semaphore hooks cost 0.7x of the
        traced program's CPU). Returns False (nothing patched) on another
        version or if asyncio/locks.py does not read as expected.

        acquire() and _wake_up_next() are CPython's own, recompiled from
        asyncio/locks.py with statements added on existing lines (so that
        their line numbers, names and file, and so every traceback, read as
        without tracing): acquire() calls _cs_resumed() where a waiter
        returns holding the permit (no wake-up wrapper in the ready queue)
        and maps its waiter's future to the waiting task while it waits;
        _wake_up_next() reads the task it wakes from that map before it
        completes the waiter's future (no scan of the ready queue, nor of
        the future's callbacks). acquire() also records the request (and
        the acquisition when it takes the permit at once) itself, where it
        waits or takes the permit (_cs_waits, _cs_took): no wrapper around
        it (issue 13)."""
        code = _code_311(asyncio.Semaphore, _SEMAPHORE_311_EDITS)
        if code is None:
            return False
        tracer = self
        sem = asyncio.Semaphore
        orig_release = sem.release
        REQUESTED, CREATED, RUNNING = _REQUESTED, _CREATED, _RUNNING
        PERMITS = _PERMITS
        retail = self._retail
        pending = self._pending  # (never replaced)
        helpers = self._helpers  # (never replaced)

        owners = {}  # a waiter's future -> the lane id of the task that waits on it (-1: untraced)
        holds = self._holds  # (never replaced)

        # The hot paths below are Tracer._requested, _acquired and _released
        # written out for the usual case (tracer._hot: no worker thread
        # writes lines and the trace is not finished; the task's "created"
        # is written, its name is spelled): issue 13. A task's slots are
        # read directly, not with getattr() (a builtin call): a task of
        # another class has none, an untraced one (_cs_id -1) none but
        # _cs_id, and a traced one all (_task_made sets _cs_id last).
        now = tracer.now
        real = not tracer.virtual
        t0 = tracer._t0
        flush_every = tracer._flush_every

        def _cs_resumed(task, prim):
            # A woken waiter (`task`, the one that waited) resumes holding
            # the permit of prim (a waiter cancelled before it resumed never gets
            # here: CancelledError).
            try:
                tail = task._cs_tail
                stage = task._cs_stage
            except AttributeError:  # not traced: counted alone
                maker = None if task is None else helpers.get(task)
                if maker is not None:  # an acquire() task's permit: its maker's
                    _cs_resumed(maker, prim)
                else:
                    tracer._took_untraced(prim, task)
                return
            # (The tail is set once the task's "created" is written; None
            # again after set_name().)
            if tail is None or stage >= RUNNING or not tracer._hot:
                if tracer._finished:
                    return
                if tracer._threaded:
                    with tracer._lock:
                        tracer._acquired(task, prim)
                else:
                    tracer._acquired(task, prim)
                return
            # The time: Tracer._real_now, inline; with no worker thread
            # writing lines (tracer._hot) the clock alone never goes back.
            ts = "%.6f" % (_mono() - t0) if real else now()
            task._cs_stage = RUNNING
            permits = tracer._permits = tracer._permits + 1
            if task in holds:
                holds[task] += 1
            else:
                holds[task] = 1
            try:
                perm = PERMITS[permits]
            except IndexError:
                perm = _permits_tail(permits)
            out = tracer._out
            out.append(f'{{"t": {ts}, "ev": "running"{tail}{{"t": {ts}{perm}')
            if len(out) >= flush_every:
                tracer.flush()

        def _cs_took(prim):
            # acquire() takes the permit at once (its first "request" and
            # "running" if not yet written, and the permits).
            loop = _get_running_loop()
            if loop is None or tracer._finished:
                return
            task = _task_of(loop)
            if getattr(task, "_cs_id", -1) < 0:
                # An acquire() task's permit is its maker's.
                task = None if task is None else helpers.get(task)
                if task is None:
                    tracer._took_untraced(prim)
                    return
            if tracer._threaded:
                with tracer._lock:
                    tracer._requested(task, True, prim)
            else:
                tracer._requested(task, True, prim)

        def _cs_waits(task, prim):
            # acquire() of prim waits: the task's first "request" (and its
            # "created" if its first step went unseen). Returns the task's
            # lane id (-1: not traced), which the waiter map keeps for the
            # release that wakes it.
            if prim._cs_by != -2:
                tracer._waited_for(prim)
            try:
                tid = task._cs_id
                stage = task._cs_stage
            except AttributeError:  # not traced
                maker = None if task is None else helpers.get(task)  # an acquire() task's wait: its maker's
                return -1 if maker is None else _cs_waits(maker, prim)
            if stage >= REQUESTED or not tracer._hot:
                if tracer._finished or stage == REQUESTED:
                    if tracer._left:
                        tracer._left.pop(task, None)  # it left acquire() and waits again at once: one wait
                    return tid
                # Its first ask (a worker thread writes lines too), or it waits
                # again after a permit it got before: a second semaphore, or a
                # worker's next item (its "running" follows when it gets it).
                ask = tracer._requested if stage < REQUESTED else tracer._asks_again
                if tracer._threaded:
                    with tracer._lock:
                        ask(task, False, prim)
                else:
                    ask(task, False, prim)
                return tid
            # The time: Tracer._real_now, inline; with no worker thread
            # writing lines (tracer._hot) the clock alone never goes back.
            ts = "%.6f" % (_mono() - t0) if real else now()
            out = tracer._out
            if stage < CREATED:
                if pending and pending[0] is task:
                    # tracer._first(task, ts) in its usual case, inline: its
                    # "created" line.
                    pending.popleft()
                    parent = task._cs_jname  # (until now)
                    jname = task._cs_jname = jstr(task.get_name())
                    tail = task._cs_tail = f', "task": {tid}, "name": {jname}}}\n'
                    task._cs_stage = REQUESTED
                    if parent < 0:
                        out.append(f'{{"t": {ts}, "ev": "created"{tail}{{"t": {ts}, "ev": "request"{tail}')
                    else:
                        out.append(f'{{"t": {ts}, "ev": "created", "task": {tid}, "parent": {parent}, '
                                   f'"name": {jname}}}\n{{"t": {ts}, "ev": "request"{tail}')
                    if len(out) >= flush_every:
                        tracer.flush()
                    return tid
                tracer._first(task, ts)
            task._cs_stage = REQUESTED
            out.append(f'{{"t": {ts}, "ev": "request"{task._cs_tail or retail(task)}')
            if len(out) >= flush_every:
                tracer.flush()
            return tid

        def _cs_left(task):
            # A waiter leaves acquire() cancelled, without the permit (an
            # acquire() task's: its maker's wait, wait_for's timeout). Before
            # its first permit, the task catches the cancel and goes on
            # (`async with asyncio.timeout()` around `async with sem`), or
            # ends, or waits again: decided after this loop iteration
            # (Tracer._after_iteration).
            if task is None or tracer._finished:
                return
            task = helpers.get(task, task)
            if getattr(task, "_cs_id", -1) >= 0 and task._cs_stage == REQUESTED:
                tracer._left[task] = 0

        hooks = dict(_cs_owner=owners, _cs_task_of=_task_of, _cs_running_loop=_get_running_loop, _cs_tracer=tracer,
                     _cs_resumed=_cs_resumed, _cs_took=_cs_took, _cs_waits=_cs_waits, _cs_left=_cs_left)
        recompiled = _recompiled(code, asyncio.Semaphore, **hooks)
        acquire = recompiled.acquire
        wake = recompiled._wake_up_next

        def release_generic(prim):
            # Semaphore.release and its lines, as _patch_primitive's release.
            if tracer._finished:
                return orig_release(prim)
            tracer._woke = -1
            orig_release(prim)  # may raise (a subclass's): nothing released
            loop = _get_running_loop()
            if loop is not None:
                task = _task_of(loop)
                if prim._cs_by != -2:
                    tracer._note_release(prim, getattr(task, "_cs_id", -3), tracer._woke)
                if tracer._threaded:
                    with tracer._lock:
                        tracer._released(task, tracer._woke, prim)
                else:
                    tracer._released(task, tracer._woke, prim)

        def release(prim):
            if not tracer._hot:
                return release_generic(prim)
            tracer._woke = -1
            # CPython's Semaphore.release, inline (one call fewer).
            prim._value += 1
            prim._wake_up_next()
            task = _task_of(_get_running_loop())  # (None without a running loop)
            try:
                tail = task._cs_tail
            except AttributeError:  # not traced
                tail = None
            if prim._cs_by != -2:
                tracer._note_release(prim, -3 if tail is None else task._cs_id, tracer._woke)
            if tail is None:
                if _get_running_loop() is not None:
                    tracer._released(task, tracer._woke, prim)
                return
            # The time: Tracer._real_now, inline; with no worker thread
            # writing lines (tracer._hot) the clock alone never goes back.
            ts = "%.6f" % (_mono() - t0) if real else now()
            if task in holds:
                n = holds[task]
                if n > 1:
                    holds[task] = n - 1
                else:
                    del holds[task]
            else:
                n = 0
            if n == 0 and task._cs_stage >= RUNNING and not tracer._queue_worker(task):
                # A task that took a permit and holds none now releases one
                # (once too often): the semaphore grows, the permits held
                # stay as they were. (A Queue worker's stage is its item's.)
                permits = tracer._permits
            else:
                # (A task that never took one hands back another's.)
                permits = tracer._permits - 1
                tracer._permits = permits = permits if permits > 0 else 0
            try:
                perm = PERMITS[permits]
            except IndexError:
                perm = _permits_tail(permits)
            out = tracer._out
            out.append(f'{{"t": {ts}, "ev": "release", "task": {task._cs_id}, "woke": {tracer._woke}, '
                       f'"name": {task._cs_jname}}}\n{{"t": {ts}{perm}')
            if len(out) >= flush_every:
                tracer.flush()

        if not _release_is_311(orig_release):
            release = release_generic

        self._patch(sem, "acquire", acquire)
        self._patch(sem, "release", release)
        self._patch(sem, "_wake_up_next", wake)
        self._hooks_311 = hooks
        return True

    def _patch_lock_311(self):
        """On CPython 3.11, when the first Lock is made (after
        _patch_primitive(Lock); its compilation is ~1 ms, which a program
        without a Lock never pays): Lock's acquire() and _wake_up_first()
        recompiled with the Semaphore's hooks (_LOCK_311_EDITS), so that
        whether a task takes the lock at once is decided where acquire()
        runs, not where it is called: `asyncio.wait_for(lock.acquire(), t)`
        calls it in one task and runs it in another, later (wait_for's inner
        task, Tracer._acquire_helper)."""
        methods, self._lock_methods = self._lock_methods, None
        hooks = self._hooks_311
        code = None if hooks is None else _code_311(asyncio.Lock, _LOCK_311_EDITS, methods)
        if code is None:
            return
        recompiled = _recompiled(code, asyncio.Lock, **hooks)
        self._patch(asyncio.Lock, "acquire", recompiled.acquire)
        self._patch(asyncio.Lock, "_wake_up_first", recompiled._wake_up_first)
        self._acquire_codes = self._acquire_codes | {recompiled.acquire.__code__}

    def _patch_wait_for_311(self):
        """asyncio.wait_for of this CPython 3.11, recompiled from
        asyncio/tasks.py (as _patch_semaphore_311 does acquire: same file,
        line numbers and names) with one call added before each of its
        `ensure_future(fut, loop=loop)`: when `fut` is a coroutine, the
        task ensure_future makes next is wait_for's inner task, told apart
        when it registers by the test every task made meets already
        (_made_next), not by a look at every task's coroutine. One that
        runs a Semaphore's or Lock's acquire() is no lane
        (Tracer._acquire_helper); another, made by a traced task, is a lane
        whose created line says `"helper": "wait_for"` (_InnerOf): its job
        is its parent's, which the app counts once (the engine's task with
        a timeout). Made by main(), it is the job's only lane: no helper.
        Elsewhere nothing is patched: a task main() makes keeps its lane."""
        tracer = self

        def helper_next(fut):
            if type(fut) is _CoroutineType:
                tracer._made_next = fut

        code = _function_311(asyncio.tasks.wait_for, _WAIT_FOR_311_EDITS)
        if code is not None:
            func = _recompiled(code, asyncio.tasks.wait_for, _cs_helper_next=helper_next,
                               _cs_lost_cancel=self._wait_for_lost_cancel)
            self._patch(asyncio.tasks, "wait_for", func)
            self._patch(asyncio, "wait_for", func)  # (asyncio's own name for it: `from .tasks import *`)

    def _wait_for_lost_cancel(self, fut):
        """(swallowed_cancel) asyncio.wait_for() of CPython 3.11 caught the
        CancelledError of a cancel of the task awaiting it, and `fut`, the
        future it waited for, had ended by then (not cancelled: its result or
        exception is what wait_for gives back): wait_for returns as if the
        cancel had not come, and the task goes on, its request still counted
        (CPython 3.11.7: a task cancelled at 0.5 s, the instant the
        coroutine its wait_for(..., 2) waited for returned, got the result,
        `cancelling()` 1, and ran on to 0.7 s). The task's code caught
        nothing: the request is not its own to answer for (no "swallowed
        cancel" note at its end, no main_swallowed_cancel), and a
        `swallowed_cancel` warning, what "wait_for", says what happened,
        now, where the task awaits wait_for (task: a lane's; none for
        main()). Only such a lost cancel passes here."""
        if self._finished or fut.cancelled():
            return
        task = _task_of(_get_running_loop())
        if task is None:
            return
        info = self._cancels.get(task)
        if info is None:
            info = self._cancels[task] = [0, []]
        info[0] += 1  # (as a TaskGroup's own request: not the task's code's)
        frame = sys._getframe(2)  # (wait_for's caller: the task's await)
        main = getattr(task, "_cs_main", False)
        tid = getattr(task, "_cs_id", -1)
        if not main and tid < 0:
            return
        who = "main()" if main else "task %d" % tid
        message = ("asyncio.wait_for() lost a cancel of %s: it came as the awaited coroutine ended, and CPython 3.11's "
                   "wait_for then returns that coroutine's result instead of raising CancelledError, so %s went on "
                   "as if it had not been cancelled (the request stays counted: Task.cancelling() is not 0)"
                   % (who, who))
        extra = fields((("kind", "swallowed_cancel"), ("message", message), ("what", "wait_for"))) + _place(frame)
        if not main:
            extra += ', "task": %d' % tid
        self._put_warning(extra)

    def _put_warning(self, extra):
        """A `warning` line of the program's (its fields `extra`) at now(),
        under the lock when program threads may write too."""
        if self._threaded:
            with self._lock:
                self.put(_PROGRAM % (self.now(), "warning", extra))
        else:
            self.put(_PROGRAM % (self.now(), "warning", extra))

    def _patch_timeout(self):
        """asyncio.timeout()/timeout_at(): a Timeout whose expiry cancelled
        the task (state EXPIRING) and that exits with anything but
        CancelledError saw its cancel swallowed: the code in the block
        caught the CancelledError (CPython raises no TimeoutError then,
        and __aexit__'s uncancel() leaves no request pending, so the test
        of cancelling() at the task's end cannot see it). The task's done
        line gets the note (_timeout_swallowed). __aexit__ is wrapped by a
        plain function that looks before it returns CPython's coroutine
        (no frame of the tracer's in a traceback of the block's
        TimeoutError); it runs once per use of a timeout, nothing per task."""
        timeouts = getattr(asyncio, "timeouts", None)
        timeout_class = getattr(timeouts, "Timeout", None)
        expiring = getattr(getattr(timeouts, "_State", None), "EXPIRING", None)
        if timeout_class is None or expiring is None:
            return
        orig_aexit = timeout_class.__aexit__
        cancelled_error = asyncio.CancelledError
        tracer = self

        def __aexit__(timeout, exc_type, exc_val, exc_tb):
            if timeout._state is expiring:
                if exc_type is not cancelled_error:
                    tracer._timeout_swallowed(timeout._task, sys._getframe(1))
                elif tracer._main_went_on is not None and not tracer._finished \
                        and timeout._task.cancelling() - 1 > getattr(timeout, "_cancelling", 0) \
                        and getattr(timeout._task, "_cs_main", False):
                    # CPython raises no TimeoutError: a request main() let go
                    # by before is still counted (_main_cancel_asked). (The
                    # requests counted at the `async with`, 3.11.7's
                    # _cancelling, do not count; 3.11.2 has none: raised
                    # TimeoutError only when no request was left at all.)
                    tracer._main_swallowed_cancel(tracer._main_went_on, sys._getframe(1))
                elif tracer._task_went_on and not tracer._finished and timeout._task in tracer._task_went_on \
                        and timeout._task.cancelling() - 1 > getattr(timeout, "_cancelling", 0):
                    # (swallowed_cancel) The same for a lane (_lane_cancel_asked).
                    tracer._lane_cancel_timeout(timeout._task, tracer._task_went_on.pop(timeout._task),
                                                sys._getframe(1))
            return orig_aexit(timeout, exc_type, exc_val, exc_tb)

        functools.update_wrapper(__aexit__, orig_aexit)
        self._patch(timeout_class, "__aexit__", __aexit__)

    def _timeout_swallowed(self, task, frame=None):
        """task's code swallowed the cancel of an asyncio.timeout() that
        expired (_patch_timeout): its done line, if it ends done, gets the
        note "swallowed cancel" (a failed or cancelled end has none, as for
        the other swallows). Only the tasks that do so cost anything: the
        first one turns _write_ends into _write_ends_noted for this tracer.
        main()'s task, which has no lane, gets a main_swallowed_cancel
        warning line now, at the `async with` that left the block (frame:
        the code that exits it): CPython raises no TimeoutError then, so
        main() went on past its deadline and its `except TimeoutError` never
        ran, and its uncancel() leaves no request pending."""
        if self._finished:
            return
        if getattr(task, "_cs_main", False):
            extra = fields((("kind", "main_swallowed_cancel"), ("message", _MAIN_SWALLOWED)))
            extra += _place(frame) if frame is not None else ""
            self._put_warning(extra)
            return
        if getattr(task, "_cs_id", -1) < 0:
            return  # (an acquire() helper, an untraced task)
        if self._timeout_swallows is None:
            self._timeout_swallows = weakref.WeakSet()
            self._write_ends = self._write_ends_noted
        self._timeout_swallows.add(task)

    def _main_swallowed_cancel(self, asked, frame):
        """main() caught the CancelledError of a cancel() of it (asked: its
        _main_cancels record) and went on: frame None, told once, at the
        instant main() went on past its except or finally (main_watch:
        _main_watch_check), or at main()'s normal end if it did so in its
        last step (where main() waited for it, else the cancel() call);
        and, told once too, at the `async with` (frame) of an
        asyncio.timeout() that expired while that request was still
        counted, where CPython 3.11 raises no TimeoutError and lets the
        CancelledError out of the block (CPython 3.11.7: main() cancelled
        at 0.1 s inside `timeout(0.5)` that caught it and slept on: no
        TimeoutError at 0.5 s, asyncio.run() raised CancelledError)."""
        if self._finished:
            return
        if frame is None:
            if self._main_cancel_told:
                return
            self._main_cancel_told = True
            self._main_watch = None
        else:
            if self._main_timeout_told:
                return
            self._main_timeout_told = True
            self._main_went_on = None
        called, waited, line = asked
        said = "a cancel() of it" + (" (line %d)" % line if line else "")
        if frame is None:
            what = "cancel"
            message = "main() caught the CancelledError of %s and went on: the cancel did not stop it" % said
            place = waited or called
        else:
            what = "cancel_timeout"
            message = ("main() had caught the CancelledError of %s and gone on, so a cancel request was still "
                       "pending when this asyncio.timeout() expired: CPython took the timeout's CancelledError "
                       "for that request's, raised no TimeoutError (its except TimeoutError did not run) and let "
                       "the CancelledError out of the block" % said)
            place = _place(frame)
        extra = fields((("kind", "main_swallowed_cancel"), ("message", message), ("what", what))) + place
        if line:
            extra += ', "cancel_line": %d' % line
        self._put_warning(extra)

    def _lane_cancel_timeout(self, task, line, frame):
        """(swallowed_cancel) A lane's code caught the CancelledError of a
        cancel() of it (line: the call's, 0 when not in the program's files)
        and went on, so that request was still counted when an
        asyncio.timeout() of the task's expired: CPython 3.11 raises no
        TimeoutError then and lets the CancelledError out of the block
        (3.11.7: a task cancelled at 0.1 s inside `timeout(0.5)`, that caught
        it and slept on, saw no TimeoutError at 0.5 s and ended cancelled).
        A `swallowed_cancel` warning, what "cancel_timeout", at the block's
        `async with` (frame), now."""
        said = "a cancel() of it" + (" (line %d)" % line if line else "")
        message = ("task %d caught the CancelledError of %s and went on, so a cancel request was still pending when "
                   "this asyncio.timeout() expired: CPython took the timeout's CancelledError for that request's, "
                   "raised no TimeoutError (its except TimeoutError did not run) and let the CancelledError out of "
                   "the block" % (task._cs_id, said))
        extra = fields((("kind", "swallowed_cancel"), ("message", message), ("what", "cancel_timeout"))) \
            + _place(frame) + ', "task": %d' % task._cs_id
        if line:
            extra += ', "cancel_line": %d' % line
        self._put_warning(extra)

    def _write_ends_noted(self, items):
        """_write_ends once a task swallowed an asyncio.timeout()'s cancel
        (_timeout_swallowed) or a Semaphore(0) was signalled (_gate_opened):
        such a task among items that returned has the note on its done line;
        one that ends holding a signal's permit used it up (_gate_used). The tail its done line ends with says so for
        that line alone (after it, none: its later lines, if any, spell the
        usual tail anew), so the loop of _write_ends stays as it is."""
        swallows = self._timeout_swallows or ()
        noted = []
        holds = self._holds
        gate = [task for task in items if task in holds] if self._gate else ()
        for task in items:
            if task in swallows and task._cs_stage < _ENDED and task.done() \
                    and not task.cancelled() and task._exception is None:
                swallows.discard(task)
                if task._cs_stage < _CREATED:
                    self._first(task, self.now())
                jname = task._cs_jname or self._rename(task)
                task._cs_tail = _TAIL_SWALLOWED % (task._cs_id, jname)
                noted.append(task)
        try:
            Tracer._write_ends(self, items)
        finally:
            for task in noted:
                task._cs_tail = None
        if gate and self._gate is not None and not self._finished:
            ts = self._ends_ts  # (the time their end lines said)
            for task in gate:
                if task._cs_stage >= _ENDED and task in holds:
                    self._gate_used(holds.pop(task), ts)
        gated = self._gate_holds
        if gated and not self._finished:
            for task in items:
                if task in gated and task._cs_stage >= _ENDED:
                    self._signals_used(gated.pop(task), task, self._ends_ts)

    def _patch_bounded_release(self):
        """BoundedSemaphore.release of this CPython 3.11, recompiled from
        asyncio/locks.py (as _patch_semaphore_311 does acquire) so that a
        release it refuses (ValueError: released too many times, the
        course's extra-release pitfall) calls _refused first. Nothing is
        patched on another version or source (a refused release then
        leaves `permits` as it was)."""
        code = _code_311(asyncio.BoundedSemaphore, _BOUNDED_311_EDITS)
        if code is None:
            return
        recompiled = _recompiled(code, asyncio.BoundedSemaphore, _cs_bounded=asyncio.BoundedSemaphore,
                                 _cs_refused=self._refused)
        self._patch(asyncio.BoundedSemaphore, "release", recompiled.release)

    def _refused(self, prim):
        """A BoundedSemaphore refuses a release: its value is at its bound,
        every permit it counts is free. `permits` counts the permits held,
        the tasks inside: the task whose release raised leaves its `async
        with` (or its try/finally) with the ValueError, so it holds no
        permit any more (a permit an earlier extra release handed on: the
        pitfall). Without this, the task's permit was counted as held after
        its end (issue 13's follow-up). A bare extra release that raises
        outside any block takes one off too (never below zero). True: the
        release goes on to raise."""
        if self._finished or _get_running_loop() is None:
            return True
        if self._threaded:
            with self._lock:
                self._leave_permit(prim)
        else:
            self._leave_permit(prim)
        return True

    def _leave_permit(self, prim):
        if self._permits > 0:
            self._permits -= 1
            ts = self.now()
            self.put('{"t": %s%s' % (ts, _permits_tail(self._permits)))
            if self._primitives > 1 and prim._cs_held > 0:
                self._held(prim, -1, ts)

    # ------------------------------------------------------------ blocking and threads
    def block_begin(self):
        """The loop's thread is about to block (time.sleep or another
        blocking wait on it). Returns the task to pass to block_end()."""
        loop = _get_running_loop()
        if loop is None or self._finished:
            return None
        self.settle_before_block(loop)
        self._block_t0 = loop.time()
        self._block_line = None
        task = _task_of(loop)
        if getattr(task, "_cs_id", -1) < 0:
            if getattr(task, "_cs_main", False):
                # The program's main coroutine: no lane, but the loop is
                # blocked all the same (main_cpu_begin/end, docs). A block
                # that begins where its last one ended, nothing between
                # (`pool.shutdown()` joining its threads one after the
                # other), goes on: one block, not two joined at an instant
                # (split or not by the order of a set of threads).
                if not self._goes_on(_PROGRAM % (self.now(), "main_cpu_end", "")):
                    self.line("main_cpu_begin")
                    self._block_began()
                return _MAIN_BLOCK
            return None
        self.task_line(task, "cpu_begin")
        self._block_began()
        return task

    def _block_began(self):
        """On the virtual clock: the block's first line, just queued, kept
        until its end says whether the block took any time (_no_block)."""
        if self.virtual and self._out:
            self._block_line = self._out[-1]

    def _no_block(self, t0, loop):
        """On the virtual clock, a block that took no time and saw nothing
        between its lines (a ThreadPoolExecutor's shutdown joining threads
        that only had to wake and leave: `with ThreadPoolExecutor() as pool:`
        once its jobs are done) blocked nothing: its first line is taken
        back and no end is written (the key listed "blocking the loop" over
        a run with none to see). True when so."""
        began, self._block_line = self._block_line, None
        if began is None or t0 is None or loop is None or loop.time() != t0:
            return False
        out = self._out
        if out and out[-1] is began:
            out.pop()
            return True
        return False

    def _goes_on(self, ended):
        """Whether the line last queued is `ended` (a block's end at this
        instant): then it is taken back, and the block goes on."""
        with self._lock if self._threaded else contextlib.nullcontext():
            out = self._out
            if out and out[-1] == ended:
                out.pop()
                return True
        return False

    def block_end(self, task):
        if task is None or self._finished:
            return
        loop = _get_running_loop()
        t0 = self._block_t0
        if loop is not None:
            try:
                self._freeze_ready(loop, task)
            except Exception:  # (the tracer's own fault: never the program's; no lane frozen then)
                self._block_t0 = None
        if self._block_line is not None and self._no_block(t0, loop):
            return
        if task is _MAIN_BLOCK:
            self.line("main_cpu_end")
        else:
            self.task_line(task, "cpu_end")

    # ------------------------------------------------------------ frozen lanes
    def _lane_task(self, task):
        """The traced task whose lane `task`'s steps are (itself, or the maker
        of an acquire() task: Tracer._acquire_helper); None: no lane."""
        if getattr(task, "_cs_id", -1) >= 0:
            return task
        try:
            return self._helpers.get(task)
        except TypeError:  # (not weakly referable)
            return None

    def _freeze_ready(self, loop, blocker):
        """A block of the loop's thread (time.sleep, a join) ends: the lanes
        that became ready meanwhile are frozen, each with one "ready" line,
        until a task of the lane runs again ("resumed": _observed_run). The
        engine's rule, as its reference applies it to CPython's own loop
        (tests/reference/coroscope_ref.py, docs/trace-extensions.md): a
        task is ready when its step or wake-up is queued (since the block's
        start) or a timer that resolves the future it awaits is queued or
        due by the block's end (from that timer's deadline). The blocker's
        own lane, lanes not created or ended, and lanes frozen already are
        left alone. A real clock's deadlines are loop.time(), monotonic."""
        t0, self._block_t0 = self._block_t0, None
        t1 = loop.time()
        if t0 is None:
            return
        found = {}  # lane id -> (moment, its task)
        frozen = self._frozen

        def consider(task, when):
            lane = self._lane_task(task)
            if lane is None or lane is blocker or lane._cs_stage < _CREATED or lane.done():
                return
            k = lane._cs_id
            if k not in frozen and (k not in found or when < found[k][0]):
                found[k] = (when, lane)

        for h in getattr(loop, "_ready", ()):
            if not h._cancelled:
                task = getattr(h._callback, "__self__", None)
                if isinstance(task, asyncio.Task):
                    consider(task, t0)
                elif isinstance(h, asyncio.TimerHandle):
                    task = _timer_task(h)
                    if task is not None:
                        consider(task, t0)
        for h in getattr(loop, "_scheduled", ()):
            if not h._cancelled and h._when <= t1:
                task = _timer_task(h)
                if task is not None:
                    consider(task, max(t0, h._when))
        if not found:
            return
        shift = 0.0 if self.virtual else self._t0
        for when, task in sorted(found.values(), key=lambda f: (f[0], f[1]._cs_id)):
            frozen[task._cs_id] = task
            # (A line written during the block, by a pool's thread, may be
            # later than the deadline: the trace's times never go back.)
            t = max(when - shift, self._last_t)
            ts = repr(t) if self.virtual else "%.6f" % t
            self._task_at(task, ts, "ready")
        if not self._observing_steps:
            self._observing_steps = True
            if asyncio.events.Handle._run is _handle_run:
                self._patch(asyncio.events.Handle, "_run", _observed_run)
            else:  # (patched and let go before: restored at the end all the same)
                asyncio.events.Handle._run = _observed_run

    def _task_at(self, task, ts, ev):
        """Task `task`'s line `ev` at the time spelled `ts` (its created line written before)."""
        line = _TASK % (ts, ev, task._cs_id, "", task._cs_jname or self._rename(task))
        if self._threaded:
            with self._lock:
                self.put(line)
        else:
            self.put(line)

    def _steps(self, task):
        """A handle runs `task`'s own step or wake-up: a frozen lane runs again.
        Once none is frozen, asyncio's own Handle._run is back (a program's
        handles pay nothing until a block freezes a lane again)."""
        lane = self._lane_task(task)
        if lane is not None and self._frozen.pop(lane._cs_id, None) is not None and not self._finished:
            self.task_line(lane, "resumed")
        if not self._frozen:
            self._observing_steps = False
            asyncio.events.Handle._run = _handle_run

    def _in_executor(self, loop, orig, executor, func, args):
        task = _task_of(loop) if loop.is_running() else None
        if getattr(task, "_cs_id", -1) < 0 or self._finished:
            if self._finished or not getattr(task, "_cs_main", False):
                return orig(loop, executor, func, *args)
            # The program's main coroutine hands a job over: main() has no
            # lane, so its job's lines are the main_thread_* ones, numbered
            # in the order main() handed them over (docs/trace-extensions.md).
            task = None
        if not self.virtual:
            self._threaded = True
            self._hot = False
        pool = ', "pool": "process"' if _is_process_pool(executor) else ""
        if pool and not getattr(executor, "_coroscope_virtual", False):
            return self._in_process_pool(loop, orig, executor, func, args, task)
        # Handed to the pool now; a worker takes it at its thread_begin. When
        # the pool already has as many jobs as workers (the jobs handed to it
        # here that have not ended), it waits in the pool's queue: its
        # thread_queued. A job dropped from the queue (its future cancelled
        # first) ends its wait with a thread_end.
        job = TracedJob(self, task, pool, func)
        if task is None:
            job.main = self._main_jobs
            self._main_jobs += 1
        # executor None: the loop's default pool (counted under the loop).
        job.pool_key = id(executor if executor is not None else loop)
        size = _max_workers(executor if executor is not None else getattr(loop, "_default_executor", None))
        with self._lock:
            jobs = self._pool_jobs.get(job.pool_key, 0)
            self._pool_jobs[job.pool_key] = jobs + 1
            if jobs >= size:
                job.state = _JOB_QUEUED
                job.line("thread_queued")
        try:
            fut = orig(loop, executor, job, *args)
        except BaseException:
            job.settled(None)  # (the executor refused it: shut down)
            raise
        fut.add_done_callback(job.settled)
        return fut

    def _in_process_pool(self, loop, orig, executor, func, args, task):
        """A job handed to a real ProcessPoolExecutor. Its function is
        pickled to another process, so it cannot be wrapped to say when a
        process takes it: that moment is inferred from the pool's order. A
        process pool's processes take its jobs first in, first out, each
        the next as soon as it is free; so a job begins at once while the
        pool has fewer jobs not ended than processes, else it waits in the
        queue (thread_queued) until a job ends and frees a process (its
        thread_begin then: the moment the parent learns of that end, a
        little after the process took it). A job's end is its concurrent
        future's completion, whatever its task does meanwhile (a task that
        stops waiting writes thread_left; a queued job cancelled before a
        process took it is dropped: thread_end)."""
        job = TracedJob(self, task, ', "pool": "process"', func)
        if task is None:
            job.main = self._main_jobs
            self._main_jobs += 1
        job.pool_key = id(executor)
        job.size = _max_workers(executor)
        spy = _Submission(executor, self._process_submitted, job)
        try:
            fut = orig(loop, spy, func, *args)  # run_in_executor calls spy.submit()
        except BaseException:
            if spy.future is not None:  # (submitted, then wrapping it failed)
                spy.future.cancel()
            raise
        fut.add_done_callback(job.process_settled)
        return fut

    def _process_submitted(self, job, cfut):
        """The process pool took job (its concurrent future cfut): its first
        line, and its end noted on cfut before asyncio's own done callback
        (wrap_future's, which hands the result to the loop), so that its
        thread_end comes before its task can resume."""
        with self._lock:
            key = job.pool_key
            jobs = self._pool_jobs.get(key, 0)
            self._pool_jobs[key] = jobs + 1
            if jobs - len(self._pool_queue.get(key, ())) >= job.size:
                job.state = _JOB_QUEUED
                self._pool_queue.setdefault(key, collections.deque()).append(job)
                job.line("thread_queued")
            else:
                job.state = _JOB_RUNNING
                job.line("thread_begin")
        cfut.add_done_callback(job.process_done)  # (at once if done already)

    def _process_freed(self, key, size):
        """Under the lock: a job of the process pool `key` ended; the oldest
        jobs waiting in its queue take the free processes."""
        queue = self._pool_queue.get(key)
        while queue and self._pool_jobs.get(key, 0) - len(queue) < size:
            job = queue.popleft()
            if job.state == _JOB_QUEUED:
                job.state = _JOB_RUNNING
            elif job.state != _JOB_LEFT:
                continue
            # (A job its task left while it waited, thread_left written,
            # begins too: the model keeps it beside the lane.)
            if not self._finished:
                job.line("thread_begin")

    # ------------------------------------------------------------ install / finish
    def _patch(self, owner, name, value):
        self._restore.append((owner, name, owner.__dict__.get(name, _MISSING)))
        setattr(owner, name, value)

    def start(self):
        """Install the hooks; from now on every task made is traced."""
        global _current
        if _current is not None:
            raise RuntimeError("coroscope_trace is already tracing")
        _current = self
        tracer = self
        patch = self._patch
        task_class = self._task_class
        if not self._hook_registry() and task_class is Task:
            task_class = _TaskWithInit
        patch(asyncio, "Task", task_class)
        patch(asyncio.tasks, "Task", task_class)
        _hide_own_frames()

        orig_ruc = asyncio.BaseEventLoop.run_until_complete

        def run_until_complete(loop, future):
            if not tracer._scanned:
                tracer._scan_program()
            if asyncio.iscoroutine(future):
                tracer._made_next = True
            try:
                return orig_ruc(loop, future)
            finally:
                tracer._made_next = False

        patch(asyncio.BaseEventLoop, "run_until_complete", run_until_complete)
        runner = getattr(asyncio, "Runner", None)
        if runner is not None:
            orig_run = runner.run

            def run(self_, coro, **kwargs):
                tracer._made_next = True
                try:
                    return orig_run(self_, coro, **kwargs)
                finally:
                    tracer._made_next = False

            patch(runner, "run", run)

        orig_close = asyncio.BaseEventLoop.close

        def close(loop):
            if not loop.is_closed():
                tracer._closed_t = tracer.now()
                tracer._closed_at = tracer._last_t
            orig_close(loop)

        patch(asyncio.BaseEventLoop, "close", close)

        orig_sem_init = asyncio.Semaphore.__init__

        def sem_init(prim, *a, **kw):
            orig_sem_init(prim, *a, **kw)
            tracer._semaphore_made(prim)

        patch(asyncio.Semaphore, "__init__", sem_init)
        orig_lock_init = asyncio.Lock.__init__

        def lock_init(lock, *a, **kw):
            orig_lock_init(lock, *a, **kw)
            if tracer._lock_methods is not None:
                tracer._patch_lock_311()
            tracer._primitive_made(lock, 1, _lock_maker())

        patch(asyncio.Lock, "__init__", lock_init)
        # Which task alone releases each primitive (-1: none yet; _note_release).
        patch(asyncio.Semaphore, "_cs_by", -1)
        patch(asyncio.Lock, "_cs_by", -1)
        # Where each was made (_made_where; None: made before tracing).
        patch(asyncio.Semaphore, "_cs_where", None)
        patch(asyncio.Lock, "_cs_where", None)
        # Each primitive's number and own count of permits held (_held; -1:
        # made before tracing, or after the first _PER_PRIMITIVE).
        for cls in (asyncio.Semaphore, asyncio.Lock):
            patch(cls, "_cs_k", -1)
            patch(cls, "_cs_held", 0)
            patch(cls, "_cs_gate", None)  # (a Semaphore(0)'s signals not used up: _signalled)
        # The code of the acquire() coroutines a task may run by itself
        # (Tracer._acquire_helper): the classes' own, and what the tracer
        # installs below.
        codes = {getattr(cls.acquire, "__code__", None) for cls in (asyncio.Semaphore, asyncio.Lock)}
        # Lock's own methods, recompiled when the first Lock is made (_patch_lock_311).
        self._lock_methods = dict(vars(asyncio.Lock))
        # The conditions under which CPython's acquire() takes the permit at
        # once (asyncio/locks.py, 3.11+).
        if not self._patch_semaphore_311():
            self._patch_primitive(asyncio.Semaphore, "_wake_up_next", _semaphore_free)
        self._patch_bounded_release()
        self._patch_wait_for_311()
        self._patch_timeout()
        self._queues = QueueJobs(self, _CREATED, _RUNNING, _ENDED)
        self._queues.install(patch, _task_of)
        self._patch_primitive(asyncio.Lock, "_wake_up_first", lambda k: not k._locked and (
            k._waiters is None or all(w.cancelled() for w in k._waiters)))
        codes.update(getattr(cls.acquire, "__code__", None) for cls in (asyncio.Semaphore, asyncio.Lock))
        codes.update(getattr(getattr(asyncio.Condition, name, None), "__code__", None) for name in ("wait", "wait_for"))
        codes.discard(None)
        self._acquire_codes = frozenset(codes)

        if not self.virtual:
            # (The virtual runner words every asyncio error log: report.py.)
            orig_ceh = asyncio.BaseEventLoop.call_exception_handler

            def call_exception_handler(loop, context):
                tracer._destroyed_pending(context)
                return orig_ceh(loop, context)

            call_exception_handler.__doc__ = orig_ceh.__doc__
            patch(asyncio.BaseEventLoop, "call_exception_handler", call_exception_handler)

        orig_sleep = time.sleep

        def sleep(secs):
            if _get_running_loop() is None:
                return orig_sleep(secs)
            task = tracer.block_begin()
            try:
                return orig_sleep(secs)
            finally:
                tracer.block_end(task)

        patch(time, "sleep", sleep)

        if not self.virtual:
            # Joining a thread on the loop's thread blocks the loop as
            # time.sleep does: a ThreadPoolExecutor's shutdown (the end of
            # `with ThreadPoolExecutor() as pool:`) waits for its jobs so.
            # (The virtual-clock runner has its own join: runner.py.)
            orig_join = threading.Thread.join
            # (Not asyncio.run's own end: shutdown_default_executor() joins
            # its helper thread once the executor is shut down.)
            own = getattr(getattr(asyncio.BaseEventLoop, "shutdown_default_executor", None), "__code__", None)

            def join(thread, timeout=None):
                if _get_running_loop() is None or thread is threading.current_thread() or not thread.is_alive() \
                        or sys._getframe(1).f_code is own:
                    return orig_join(thread, timeout)
                task = tracer.block_begin()
                try:
                    return orig_join(thread, timeout)
                finally:
                    tracer.block_end(task)

            patch(threading.Thread, "join", join)

        orig_rie = asyncio.BaseEventLoop.run_in_executor

        def run_in_executor(loop, executor, func, *args):
            return tracer._in_executor(loop, orig_rie, executor, func, args)

        patch(asyncio.BaseEventLoop, "run_in_executor", run_in_executor)

        orig_run_once = asyncio.BaseEventLoop._run_once

        def _run_once(loop):
            stepped = loop._cs_stepped
            if stepped:
                # Queued before this iteration: the steps it runs.
                ran = loop._cs_ran = stepped.copy()
                stepped.clear()
                try:
                    orig_run_once(loop)
                except BaseException:
                    # Their done callbacks would run in the next iteration.
                    loop._cs_ran = None
                    tracer._ended_in(ran, tracer._due)
                    raise
                loop._cs_ran = None
                tracer._ended_in(ran, tracer._completed)
                # (Let go of them: a task that ended is then held only until
                # its terminal line is written, so that asyncio's log of an
                # exception nobody retrieved, from its finalizer, is told in
                # this iteration, not after the next one: after_iteration.)
                ran = None
            else:
                orig_run_once(loop)
            if tracer._main_watch is not None:
                tracer._main_watch_check()  # (main_watch: main() cancelled, its catch untold)
            # What this iteration did: "created" of the tasks that took their
            # first step, terminal lines of those that ended; written at this
            # moment, before the next select() waits.
            if (tracer._pending or tracer._ended or tracer._due or tracer._completed or tracer._left
                    or tracer._destroyed):
                tracer.after_iteration(not loop._ready)

        patch(asyncio.BaseEventLoop, "_run_once", _run_once)
        self._run_once = _run_once

        self._track_steps()

    def _hook_registry(self):
        """On 3.11: every task registers itself in asyncio.tasks._all_tasks
        (a WeakSet; the C Task's __init__ calls its add() last, looked up on
        the instance): the instance's add is patched to do the tracer's
        bookkeeping (_task_made) for the tracer's tasks, so that the Task
        class needs no Python __init__. Returns False (nothing patched)
        elsewhere."""
        import weakref
        registry = getattr(asyncio.tasks, "_all_tasks", None)
        if sys.version_info[:2] != (3, 11) or type(registry) is not weakref.WeakSet:
            return False
        # Its add is WeakSet's, not one of its own. (Not tested with vars():
        # reading an instance's __dict__ turns its attributes into a dict
        # that 3.11's specialised byte code cannot read directly, and
        # register() reads three of them per task: issue 13.)
        add = registry.add
        if getattr(add, "__func__", None) is not weakref.WeakSet.add or getattr(add, "__self__", None) is not registry:
            return False
        tracer = self
        pending_append = self._pending.append
        ref = weakref.ref
        # WeakSet.add as 3.11 spells it, run inline (one call fewer a task).
        lines, _ = _source_lines(weakref.WeakSet.add)
        add_is_311 = [line.strip() for line in lines] == [
            "def add(self, item):", "if self._pending_removals:", "self._commit_removals()",
            "self.data.add(ref(item, self._remove))"]

        kind_seen = None  # a loop type whose call_soon and _run_once were found the tracer's

        def register(task):
            nonlocal kind_seen
            if add_is_311:
                if registry._pending_removals:
                    registry._commit_removals()
                registry.data.add(ref(task, registry._remove))
            else:
                add(task)
            # (The type compared first: cheaper than isinstance(), a builtin
            # call, for the tracer's own Task; its subclasses too.)
            if type(task) is Task or isinstance(task, Task):
                loop = task._loop
                if tracer._finished or tracer._made_next:  # (main()'s task, or wait_for's inner one)
                    _task_made(task)
                    return
                if type(loop) is not kind_seen:
                    # Looked up on the type once per loop type, not per task
                    # (two lookups on a class: issue 13); the tracer's
                    # call_soon and _run_once stay on it while it traces.
                    kind = type(loop)
                    if kind.call_soon is not tracer._call_soon or kind._run_once is not tracer._run_once:
                        _task_made(task)
                        return
                    kind_seen = kind
                # _task_made(task), inline, in its usual case. (The parent's
                # slot read directly, not with getattr(): none, or a task of
                # another class, has none.)
                try:
                    parent = _task_of(loop)._cs_id
                except AttributeError:
                    parent = -1
                # (A task of an acquire() a traced task makes: a look at
                # the coroutine of such tasks only.)
                if parent >= 0 and _runs_acquire(task, tracer):
                    tracer._acquire_helper(task, _task_of(loop))
                    return
                task._cs_stage = 0
                task._cs_jname = parent  # the parent, until "created"
                task._cs_tail = None
                task._cs_id = tracer._next_id
                tracer._next_id += 1
                pending_append(task)

        # self._patch(registry, "add", register) without its read of the
        # instance's __dict__ (above): there was no add of its own.
        self._restore.append((registry, "add", _MISSING))
        registry.add = register
        self._registry_hooked = True
        return True

    def _track_steps(self):
        """On 3.11: BaseEventLoop.call_soon recompiled to note each task
        step it queues (in the loop's _cs_stepped), so that tasks need no
        done callback (see _run_once). Loops made before this share one
        list."""
        code = _code_311(asyncio.base_events.BaseEventLoop, _CALL_SOON_311_EDITS)
        if code is None:
            return
        patch = self._patch
        self._call_soon = _recompiled(code, asyncio.base_events.BaseEventLoop, _cs_steps=_step_types()).call_soon
        patch(asyncio.BaseEventLoop, "_cs_stepped", [])
        patch(asyncio.BaseEventLoop, "_cs_ran", None)
        orig_init = asyncio.BaseEventLoop.__init__

        def __init__(loop, *args, **kwargs):
            loop._cs_stepped = []
            orig_init(loop, *args, **kwargs)

        __init__.__doc__ = orig_init.__doc__
        patch(asyncio.BaseEventLoop, "__init__", __init__)
        patch(asyncio.BaseEventLoop, "call_soon", self._call_soon)

    def _destroyed_pending(self, context):
        """(Real time; any thread, from a task's finalizer: the garbage
        collector may run it inside any hook, so it only notes what it saw.)
        asyncio's "Task was destroyed but it is pending!" about a traced
        task: that task is gone, its end (docs/trace-extensions.md). And its
        "Task exception was never retrieved" (or a Future's): a task that
        failed, freed with nobody having awaited it or asked its result()
        (its terminal line is written by then: the tracer holds an ended task
        until it is). Both are written by _write_destroyed. (Runs only when
        asyncio reports an error: nothing per task.)"""
        message = context.get("message")
        task = context.get("task")
        if message == "Task was destroyed but it is pending!":
            if getattr(task, "_cs_id", -1) >= 0 and getattr(task, "_cs_stage", _ENDED) < _ENDED:
                task._cs_stage = _ENDED
                self._destroyed.append((task._cs_id, None))
        elif message in _NEVER_RETRIEVED and not self._finished:
            if task is None:
                task = context.get("future")
            self._destroyed.append((getattr(task, "_cs_id", -1), context.get("exception")))

    def _write_destroyed(self, ts=None):
        """The warning lines of what _destroyed_pending noted, now (after the
        loop iteration: every "created" and terminal line is written by
        then), as the virtual runner words them: task_destroyed_pending with
        no place; exception_never_retrieved with the exception ("Task
        exception was never retrieved: ValueError: boom") and the program's
        line that raised it."""
        noted, self._destroyed = self._destroyed, []
        if self._finished:
            return
        if ts is None:
            ts = self.now()
        for tid, exc in noted:
            if exc is None and tid >= 0:
                self.put(_PROGRAM % (ts, "warning", ', "kind": "task_destroyed_pending", '
                                     '"message": "Task was destroyed but it is pending!", "task": %d' % tid))
                continue
            message = "Task exception was never retrieved"
            if exc is not None:
                text = str(exc)
                message += ": " + (type(exc).__name__ + ": " + text if text else type(exc).__name__)
            self.put(_PROGRAM % (ts, "warning", ', "kind": "exception_never_retrieved", "message": %s%s%s' % (
                jstr(message), _raised_at(exc), ', "task": %d' % tid if tid >= 0 else "")))

    def after_iteration(self, idle=False):
        """After a loop iteration; idle: nothing is ready, so the next
        iteration waits (for a timer, I/O) before it runs anything."""
        # A failed task nobody holds was freed as _after_iteration let go of
        # it, after its terminal line: asyncio's "Task exception was never
        # retrieved" (call_exception_handler), told at this moment, stamped
        # with that line's time (CPython logs it as the failing step ends,
        # the moment the terminal line stands for; the time after asyncio's
        # log was written, the trace's time, was a millisecond later).
        ends = self._ends_ts
        if self._threaded:
            with self._lock:
                self._after_iteration(idle)
                if self._destroyed:
                    self._write_destroyed(self._ends_ts if self._ends_ts is not ends else None)
        else:
            self._after_iteration(idle)
            if self._destroyed:
                self._write_destroyed(self._ends_ts if self._ends_ts is not ends else None)

    def _after_iteration(self, idle):
        self._settle()
        if self._destroyed:
            self._write_destroyed()
        if self._left:
            # Left acquire() cancelled in this iteration and still alive, not
            # waiting again: gone on without the permit. One whose own cancel
            # is on its way (`task.cancel()` while it waits in
            # `wait_for(sem.acquire(), t)`: wait_for first waits for its inner
            # task to end) is told a few iterations later: it ends cancelled,
            # no gave_up (it ran on to its end, in the Tasks CSV).
            left = list(self._left.items())
            self._left.clear()
            for task, waited in left:
                if task.done() or task._cs_stage != _REQUESTED or self._finished:
                    continue
                if waited < _LEFT_CANCELLING and task.cancelling():
                    self._left[task] = waited + 1
                else:
                    self._gave_up(task)
        if self._due:
            self._drain_due()
        if self._ended:
            self._drain_ended()
        completed = self._completed
        if completed:
            if idle or not self.virtual:
                # Nothing else is ready: the next iteration waits before it
                # runs anything (a done callback would have run at once),
                # so their ends are now, not when that wait is over. On a
                # real clock, now in any case: the task is done (its last
                # step ran in this iteration), and the waiter its release
                # woke runs in the next one, microseconds later; stamped
                # after that one (where a done callback runs) the ender
                # overlapped the tasks it let in: a Semaphore(3) of tasks
                # ending together showed 6 in flight.
                ended = completed.copy()
                completed.clear()
                if not self._finished:
                    self._write_ends(ended)
            else:
                # (Virtual clock.) Ended in this iteration: written after the
                # next one, which runs at once at the same instant, where a
                # done callback of theirs would have run (after the steps
                # queued before they ended): the engine's order of lines.
                self._due = completed.copy()
                completed.clear()

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

    def end_outcome(self, exc):
        """The end line's outcome for `exc`, what escaped the program."""
        if exc is None or (isinstance(exc, SystemExit) and exc.code in (None, 0)):
            return "ok"
        return "raised:" + type(exc).__name__

    def finish(self, exc=None, outcome=None):
        """Write the end line (outcome from `exc`, what escaped the program,
        unless `outcome` is given) and close the file. Idempotent."""
        global _current
        if self._finished:
            return
        self._settle()
        if self._destroyed:
            self._write_destroyed()
        # Tasks that ended in an iteration an exception cut short, when the
        # loop never ran again: they ended, so they end here.
        self._drain_due()
        self._drain_ended()
        at = self._closed_t
        if at is None:
            at = self.now()
        elif self._last_t > self._closed_at:
            # Lines came after the loop closed (on the virtual clock, the
            # thread pool's jobs still running, which the program waits for
            # before it exits): it ended with the last of them, and the
            # trace stays in time order.
            at = self._last_s
        if self._primitives >= 2:
            # How many of them one task alone used (docs/trace-extensions.md).
            self.put(_PROGRAM % (at, "semaphores", ', "value": %d, "private": %d' % (self._primitives,
                                                                                      self.private_count())))
        self.put(_PROGRAM % (at, "end", ', "outcome": ' + jstr(outcome or self.end_outcome(exc))))
        self._finished = True
        self._hot = False
        self.flush()
        self._writer.close()
        self._unpatch()
        if _current is self:
            _current = None


# (method, a line of CPython 3.11's asyncio/locks.py, what it becomes, which
# of the lines that read so): each line keeps its number, so tracebacks show
# the file's own lines. The waiting part of Semaphore's and Lock's acquire(),
# alike in both: a waiter's future maps to the lane id of the task that waits
# on it (_cs_owner; -1: untraced) until it is woken or leaves; the task's
# "request" where it waits (_cs_waits), whether a waiter that leaves
# cancelled gave up and went on (_cs_left), its "running" where it returns
# holding the permit (_cs_resumed).
_WAITER_311_EDITS = (
    ("acquire", "        self._waiters.append(fut)\n",
     "        self._waiters.append(fut); _cs_task = _cs_task_of(_cs_running_loop()); "
     "_cs_owner[fut] = _cs_waits(_cs_task, self)\n", 0),
    # (A waiter woken has left the map: _wake_up_next popped it. Only one that
    # leaves cancelled, never woken, is still there: its entry goes where
    # acquire() re-raises the CancelledError, not in the `finally` every
    # waiter passes: one dict look-up a task fewer, issue 13.)
    ("acquire", "            raise\n", "            _cs_owner.pop(fut, None); _cs_left(_cs_task); raise\n", 0),
    ("acquire", "        return True\n", "        _cs_resumed(_cs_task, self); return True\n", -1),
)


_SEMAPHORE_311_EDITS = (
    # The permit taken at once ("request" and "running", _cs_took), the
    # waiting part, and the waiter a release wakes.
    ("acquire", "            self._value -= 1\n", "            self._value -= 1; _cs_took(self)\n", 0),
) + _WAITER_311_EDITS + (
    ("_wake_up_next", "                fut.set_result(True)\n",
     "                _cs_tracer._woke = _cs_owner.pop(fut, -1); "
     "fut.set_result(True)\n", 0),
)


_BOUNDED_311_EDITS = (
    # BoundedSemaphore.release: a refused release is noted before it raises
    # (Tracer._refused, which returns True); super() names the class itself, the method being
    # compiled outside it (the same call: BoundedSemaphore's next in the MRO).
    # (_cs_refused returns True; the raise's own line is left as it is, so
    # that a traceback's marks under it fall where they would.)
    ("release", "        if self._value >= self._bound_value:\n",
     "        if self._value >= self._bound_value and _cs_refused(self):\n", 0),
    ("release", "        super().release()\n", "        super(_cs_bounded, self).release()\n", 0),
)


_CALL_SOON_311_EDITS = (
    # A task's step (its first, a wake-up) is noted in the loop's
    # _cs_stepped: the tasks whose steps the next iteration runs
    # (Tracer._track_steps).
    ("call_soon", "        handle = self._call_soon(callback, args, context)\n",
     "        handle = self._call_soon(callback, args, context); "
     "type(callback) in _cs_steps and self._cs_stepped.append(callback.__self__)\n", 0),
)


_LOCK_311_EDITS = (
    # Lock's acquire() and _wake_up_first() as the Semaphore's (above): the
    # lock taken at once, the waiting part, the waiter woken.
    ("acquire", "            self._locked = True\n", "            self._locked = True; _cs_took(self)\n", 0),
) + _WAITER_311_EDITS + (
    ("_wake_up_first", "            fut.set_result(True)\n",
     "            _cs_tracer._woke = _cs_owner.pop(fut, -1); fut.set_result(True)\n", 0),
)


_WAIT_FOR_311_EDITS = (
    # Both of wait_for's ensure_future lines (timeout <= 0, and the usual):
    # the acquire() coroutine whose inner task comes next (Tracer._patch_wait_for_311).
    ("wait_for", "        fut = ensure_future(fut, loop=loop)\n",
     "        _cs_helper_next(fut); fut = ensure_future(fut, loop=loop)\n", 0),
    ("wait_for", "    fut = ensure_future(fut, loop=loop)\n",
     "    _cs_helper_next(fut); fut = ensure_future(fut, loop=loop)\n", 0),
    # (swallowed_cancel) The task was cancelled as it waited, and the awaited
    # future had ended by then: 3.11's wait_for returns its result, and the
    # cancel is lost (Tracer._wait_for_lost_cancel).
    ("wait_for", "                return fut.result()\n",
     "                _cs_lost_cancel(fut); return fut.result()\n", 0),
)


def _function_311(func, edits):
    """A module's function from its own source file with `edits` applied
    (each edited line keeps its number, so tracebacks show the file's own
    lines), compiled (_recompiled runs it); None if this is not 3.11 or the
    source is not as expected."""
    if sys.version_info[:2] != (3, 11):
        return None
    try:
        lines, start = _source_lines(func)
        if not lines or lines[0].startswith((" ", "\t")):
            return None
        lines = _edited(lines, func.__name__, edits)
        if lines is None:
            return None
        return compile("\n" * (start - 1) + "".join(lines), func.__code__.co_filename, "exec")
    except (AttributeError, TypeError, SyntaxError):
        return None


_handlers = {}  # (main_watch) a code object -> the ranges of its except and finally bodies under way


def _handling_at(code, lasti):
    """(main_watch) Is offset `lasti` of `code` in the body of an except or
    finally (or a with's exit) handling an exception: a range of its
    exception table whose handler re-raises it (COPY 3, POP_EXCEPT,
    RERAISE: CPython 3.11's cleanup)? Unread: True (taken as under way)."""
    ranges = _handlers.get(code)
    if ranges is None:
        try:
            import dis
            ops = {ins.offset: ins.opname for ins in dis.get_instructions(code)}
            offsets = sorted(ops)
            ranges = []
            for entry in dis._parse_exception_table(code):
                k = offsets.index(entry.target)
                if [ops[o] for o in offsets[k:k + 3]] == ["COPY", "POP_EXCEPT", "RERAISE"]:
                    ranges.append((entry.start, entry.end))
        except Exception:  # noqa: BLE001
            ranges = [(0, 1 << 30)]
        _handlers[code] = ranges
    return any(start <= lasti < end for start, end in ranges)


def _edited(lines, name, edits):
    """`lines` (a function's source) with the edits of `name` applied, each
    to its line's `which`-th occurrence; None when a line is not there."""
    lines = list(lines)
    for edit_name, line, edited, which in edits:
        if edit_name != name:
            continue
        at = [i for i, text in enumerate(lines) if text == line]
        if not at:
            return None
        lines[at[which]] = edited
    return lines


def _recompiled(code, cls, **names):
    """The stand-in class that `code` (_code_311 of cls) defines, run in a
    copy of cls's module's namespace with `names` added (the hooks its edits
    call): its methods are cls's own, recompiled. (Or, `cls` a function and
    `code` its _function_311, the function recompiled.)"""
    namespace = dict(vars(sys.modules[cls.__module__]))
    namespace.update(names)
    exec(code, namespace)
    return namespace[cls.__name__]


def _code_311(cls, edits, methods=None):
    """Methods of `cls` (its own, or those in `methods`, its namespace as it
    was) from its own source file with `edits` applied (each edited line
    keeps its number, so tracebacks show the file's own lines), compiled as
    a class of the same name; None if this is not 3.11 or the source is not
    as expected."""
    if sys.version_info[:2] != (3, 11):
        return None
    if methods is None:
        methods = cls.__dict__
    try:
        filename = None
        body = []
        first_line = None
        names = list(dict.fromkeys(name for name, _, _, _ in edits))
        for name in names:
            func = methods[name]
            lines, start = _source_lines(func)
            if filename is None:
                filename = func.__code__.co_filename
            if not lines or func.__code__.co_filename != filename:
                return None
            lines = _edited(lines, name, edits)
            if lines is None:
                return None
            if body and start <= first_line + len(body):
                return None  # out of order or overlapping
            if first_line is None:
                first_line = start
            body.extend("\n" * (start - first_line - len(body)))
            body.extend(lines)
    except (AttributeError, TypeError, KeyError):
        return None
    if first_line is None or first_line < 2:
        return None
    text = "\n" * (first_line - 2) + "class %s:\n" % cls.__name__ + "".join(body)
    try:
        return compile(text, filename, "exec")
    except SyntaxError:
        return None


def _source_lines(func):
    """(lines, first line number) of a plain method's source, as
    inspect.getsourcelines gives them, without the tokenizer (whose regular
    expressions cost more to compile than the rest of the tracer's start):
    the def line and the lines after it indented deeper (or blank)."""
    import linecache
    code = func.__code__
    lines = linecache.getlines(code.co_filename)
    start = code.co_firstlineno
    if not 0 < start <= len(lines):
        return [], start
    first = lines[start - 1]
    indent = len(first) - len(first.lstrip())
    if not first.lstrip().startswith(("def ", "async def ")):
        return [], start
    end = start
    while end < len(lines):
        line = lines[end]
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        end += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start - 1:end], start


def _release_is_311(release):
    """Is `release` CPython 3.11's Semaphore.release (two lines that the
    tracer's release hook can run itself)?"""
    try:
        lines, _ = _source_lines(release)
    except (AttributeError, TypeError):
        return False
    body = [line.strip() for line in lines if line.strip()]
    doc = body[1:-2]
    return (len(body) > 3 and body[0] == "def release(self):"
            and body[-2:] == ["self._value += 1", "self._wake_up_next()"]
            and doc[0].startswith('"""') and doc[-1].endswith('"""')
            and not any('"""' in line for line in doc[1:-1]))


# _entering's record of a task inside a limiter's __aenter__ (rec[0]): no
# permit taken yet; its permit taken, its "running" not written; its
# "slot_wait" written (it sleeps until its start slot holding it); its
# "running" written (or nothing more to write).
_ENTER_NOTHING, _ENTER_HOLDS, _ENTER_SLOT, _ENTER_DONE = range(4)
_SLEEP_CODE = asyncio.tasks.sleep.__code__
_EVENT_WAIT_CODE = asyncio.locks.Event.wait.__code__
_CONDITION_WAIT_CODE = asyncio.locks.Condition.wait.__code__
_TICKED = 2  # (_entering's clocked: a limiter whose slots a timer hands out with an Event: _ticked)
_TIMED = 3  # (... with a future a call_later() timer completes, or waited for with a timeout: _timed)
_TASKS_FILE = asyncio.tasks.__file__  # (wait_for's: the tracer's recompiled one keeps its file and name)
_FUTURE_AWAIT_CODE = asyncio.futures._PyFuture.__await__.__code__  # (the pure-Python Future's)
_OURS_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_ASYNCIO_DIR = os.path.dirname(os.path.abspath(asyncio.__file__)) + os.sep
_CO_COROUTINE = 0x80  # (inspect.CO_COROUTINE)


def _limiter_of(prim, frame):
    """(klass, __aenter__) when the Semaphore `prim`, being made (frame:
    the tracer's Semaphore.__init__'s caller), is a limiter's: its own
    class (a subclass of the program's), or else the object whose method
    makes it, has an `async def __aenter__` of the program's (not
    asyncio's): the class of the MRO that defines it, and that function;
    else None."""
    try:
        found = _own_aenter(type(prim))
        if found is not None:
            return found
        while frame is not None and frame.f_code.co_filename in _NOT_THE_PROGRAM:
            frame = frame.f_back
        if frame is None or frame.f_code.co_argcount < 1:
            return None
        code = frame.f_code
        return _own_aenter(type(frame.f_locals.get(code.co_varnames[0])))
    except Exception:  # noqa: BLE001 - the tracer's own fault: never the program's
        return None


def _own_aenter(cls):
    """(klass, __aenter__): cls's `async def __aenter__` (klass: the class
    of its MRO that defines it), when it is the program's (or a library's),
    not asyncio's; else None. (Kept by class: asked once per Semaphore.)"""
    try:
        return _AENTER_OF[cls]
    except KeyError:
        pass
    found = None
    for klass in cls.__mro__:
        enter = vars(klass).get("__aenter__")
        if enter is not None:
            code = getattr(enter, "__code__", None)
            if (type(enter) is types.FunctionType and code.co_flags & _CO_COROUTINE
                    and not os.path.abspath(code.co_filename).startswith(_ASYNCIO_DIR)):
                found = (klass, enter)
            break
    _AENTER_OF[cls] = found
    return found


_AENTER_OF = {}
# A clock read (`loop.time()`, `time.monotonic()`, `time.perf_counter()`, ...).
_CLOCK_CALLS = frozenset(("time", "monotonic", "perf_counter", "time_ns", "monotonic_ns", "perf_counter_ns"))
_CLOCK_NAMES = frozenset(("monotonic", "perf_counter", "monotonic_ns", "perf_counter_ns"))
_CO_ASYNC_GENERATOR = 0x200  # (inspect.CO_ASYNC_GENERATOR)


def _program_modules():
    """The program's own modules: __main__ and those of its folder (not an
    installed package's, not the tracer's)."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if not path:
        return []
    folder = os.path.dirname(os.path.abspath(path)) + os.sep
    ours = os.path.dirname(os.path.abspath(__file__)) + os.sep
    out = [main]
    for module in list(sys.modules.values()):
        f = getattr(module, "__file__", None)
        if module is main or not isinstance(f, str):
            continue
        f = os.path.abspath(f)
        if f.startswith(folder) and not f.startswith(ours) and "-packages" + os.sep not in f:
            out.append(module)
    return out


def _program_limiters():
    """([(klass, method)], {code}, {code}): the program's own classes (of
    its modules' globals, and those it imports from an installed package,
    `from pkg import Limiter` or `import pkg`) with an `async def
    __aenter__` (or `async def acquire`) of their own that is a rate
    limiter's (_limiter_methods), the generators' code of its
    @asynccontextmanager functions that are, and the body code of the
    classes its functions define (`class Limiter:` inside main()) that
    have such a method: looked at when made (_class_limiters)."""
    classes, codes, bodies = [], set(), set()
    for module in _program_modules():
        name = module.__name__
        for value in list(vars(module).values()):
            if isinstance(value, type):
                if value.__module__ == name or _installed(sys.modules.get(value.__module__)):
                    _limiter_methods(value, classes)
            elif type(value) is types.FunctionType:
                inner = getattr(value, "__wrapped__", None)
                code = getattr(inner, "__code__", None)
                if getattr(value, "__module__", None) != name:
                    continue
                if (code is not None and code.co_flags & _CO_ASYNC_GENERATOR and _rate_like(inner)):
                    codes.add(code)
                _class_bodies(getattr(inner or value, "__code__", None), bodies)
            elif type(value) is types.ModuleType and _installed(value):
                for item in list(vars(value).values()):
                    if isinstance(item, type) and item.__module__ == value.__name__:
                        _limiter_methods(item, classes)
            elif "<locals>" in getattr(type(value), "__qualname__", "") and type(value).__module__ == name:
                # (An object of a class a function made before asyncio.run():
                # `LIMITER = make_limiter(5)`, its class defined in it.)
                _limiter_methods(type(value), classes)
    return classes, codes, bodies


def _installed(module):
    """Is `module` an installed package's (site-packages, dist-packages)?"""
    f = getattr(module, "__file__", None)
    return isinstance(f, str) and "-packages" + os.sep in f


def _limiter_methods(klass, classes):
    """klass's own `async def __aenter__` and `async def acquire`, those
    that are a rate limiter's (_rate_like), added to `classes` as (klass,
    method)."""
    found = _own_aenter(klass)
    if found is not None and found not in classes:
        kind = (_rate_like(found[1], found[0]) or _ticked(found[1], found[0]) and _TICKED
                or _timed(found[1], found[0]) and _TIMED)
        if kind:
            classes.append(found + (kind,))
    # (`await limiter.acquire()`: its own async def acquire)
    found = vars(klass).get("acquire")
    code = getattr(found, "__code__", None)
    if type(found) is types.FunctionType and code.co_flags & _CO_COROUTINE and (klass, found) not in classes:
        kind = _rate_like(found, klass) or _ticked(found, klass) and _TICKED or _timed(found, klass) and _TIMED
        if kind:
            classes.append((klass, found, kind))


def _class_bodies(code, bodies, depth=0):
    """The body code of each class that function code `code` (and the code
    nested in it) defines with an `async def __aenter__` or `async def
    acquire` of its own, added to `bodies`."""
    if code is None or depth > 8:
        return
    for const in code.co_consts:
        if type(const) is types.CodeType:
            if any(type(c) is types.CodeType and c.co_name in ("__aenter__", "acquire")
                   and c.co_flags & _CO_COROUTINE for c in const.co_consts):
                bodies.add(const)
            _class_bodies(const, bodies, depth + 1)


def _rate_like(func, klass=None):
    """Whether `func` (a limiter's __aenter__, or an @asynccontextmanager's
    generator), with the methods of klass it calls (`self.acquire()`), both
    reads a clock and calls asyncio.sleep(): a rate limiter computes its
    next slot from the clock and sleeps until it. (A fixed `sleep(0.1)` of a
    connection's __aenter__ reads no clock; a timer's reads one and sleeps
    not: neither is one.) Read from the byte code, once per class."""
    clock, sleep, _ = _reads(_codes_of(func, klass), func)
    return clock and sleep


def _codes_of(func, klass=None, deep=False):
    """func's code and that of the methods of klass it calls (`self._refill()`);
    deep: and those they call, in turn."""
    codes = [func.__code__]
    if klass is not None:
        for code in codes:
            for attr in code.co_names:
                for k in klass.__mro__:
                    f = vars(k).get(attr)
                    if f is not None:
                        if type(f) is types.FunctionType and f.__code__ not in codes:
                            codes.append(f.__code__)
                        break
            if not deep:
                break
    return codes


def _reads(codes, func):
    """(reads a clock, calls asyncio.sleep(), the methods it calls by name)
    of `codes` (func's globals), read from the byte code."""
    import dis
    sleep_global = func.__globals__.get("sleep") is asyncio.sleep
    clock = sleep = False
    methods = set()
    for code in codes:
        prev = None
        for ins in dis.get_instructions(code):
            op, arg = ins.opname, ins.argval
            if op == "LOAD_METHOD" and arg in _CLOCK_CALLS:
                clock = True  # (loop.time(), self.loop.time())
            elif op == "LOAD_ATTR" and (arg in _CLOCK_NAMES or arg in _CLOCK_CALLS and prev is not None
                                        and prev.opname in ("LOAD_GLOBAL", "LOAD_NAME") and prev.argval == "time"):
                clock = True  # (time.monotonic(), time.time(); not self.time)
            elif op in ("LOAD_GLOBAL", "LOAD_NAME") and arg in _CLOCK_NAMES:
                clock = True
            elif op in ("LOAD_METHOD", "LOAD_ATTR") and arg == "sleep" and prev is not None \
                    and prev.opname in ("LOAD_GLOBAL", "LOAD_NAME") and prev.argval == "asyncio":
                sleep = True
            elif op in ("LOAD_GLOBAL", "LOAD_NAME") and arg == "sleep" and sleep_global:
                sleep = True
            if op == "LOAD_METHOD":
                methods.add(arg)
            prev = ins
    return clock, sleep, methods


def _ticked(func, klass):
    """Whether klass's `func` (its async __aenter__ or acquire, with the
    methods it calls) waits for an Event (`await self.ready.wait()`) that
    another method of klass's own, a timer, sets between its sleeps
    (`await asyncio.sleep(interval)` ... `self.ready.set()`): its slots come
    from that timer, so a wait there is a wait for a slot. (An Event set by
    a connection's callback, no method's sleep, is no such timer.)"""
    if not {"wait", "wait_for"} & _reads(_codes_of(func, klass), func)[2]:
        return False
    for f in vars(klass).values():
        if type(f) is types.FunctionType and f is not func:
            _, sleep, methods = _reads([f.__code__], f)
            if sleep and {"set", "notify", "notify_all"} & methods:
                return True
    return False


def _timed(func, klass):
    """Whether klass's `func` (its async __aenter__ or acquire, with the
    methods of klass it calls and those they call) makes a future to wait
    on (`loop.create_future()`), and klass's code reads a clock and has a
    timer complete it (`loop.call_later(delay, ...)`, `call_at()`) or waits
    for it with a timeout (`wait_for(shield(fut), t)`): a leaky bucket as
    aiolimiter's, whose waiters' futures a drip completes. Its slots come
    from that timer, so a wait for the future there is a wait for a slot.
    (A future no clock decides, a connection's, is none.) Read once per class."""
    names = set()
    for code in _codes_of(func, klass, deep=True):
        names.update(code.co_names)
    if "create_future" not in names and "Future" not in names:
        return False
    codes = [f.__code__ for k in klass.__mro__[:-1] for f in vars(k).values() if type(f) is types.FunctionType]
    if not codes or not any({"call_later", "call_at", "wait_for"} & set(c.co_names) for c in codes):
        return False
    return _reads(codes, func)[0]


def _waits_for_future(coro):
    """Whether coroutine `coro`, suspended, waits for a bare future (`await
    fut`, or `await asyncio.wait_for(asyncio.shield(fut), t)`), in its own
    code or coroutines of the program's it awaits: not in a Lock's, an
    Event's or a Queue's wait (asyncio's code, or the tracer's): a _TIMED
    limiter's wait for its slot (_timed)."""
    c = coro
    while True:
        nxt = (getattr(c, "cr_await", None) or getattr(c, "gi_yieldfrom", None)
               or getattr(c, "ag_await", None))
        if nxt is None:
            return False
        c = nxt
        code = getattr(c, "cr_code", None) or getattr(c, "gi_code", None)
        if code is None:
            # (The C Future's iterator, of the future its task waits for:
            # no task, _sleeping's caller sees.)
            return type(c).__name__ == "FutureIter"
        if code is _FUTURE_AWAIT_CODE:
            return True
        if code is _SLEEP_CODE or code.co_name == "wait_for" and code.co_filename == _TASKS_FILE:
            continue
        name = os.path.abspath(code.co_filename)
        if name.startswith(_ASYNCIO_DIR) or name.startswith(_OURS_DIR):
            return False


def _in_condition_wait(frame):
    """Is `frame` (a release hook's caller) in asyncio.Condition.wait(),
    a few calls up (its Lock's release as it begins to wait)?"""
    for _ in range(6):
        if frame is None:
            return False
        if frame.f_code is _CONDITION_WAIT_CODE:
            return True
        frame = frame.f_back
    return False


def _sleeping(coro, clocked=False, y=None):
    """Whether coroutine `coro`, suspended, waits in asyncio.sleep() (its
    own await, or one of a coroutine it awaits); clocked _TICKED (a limiter
    whose timer sets an Event: _ticked), or in Event.wait(); _TIMED (a
    future a timer completes: _timed), or for a bare future, `y` (what its
    task waits for) no task."""
    c = coro
    while True:
        c = (getattr(c, "cr_await", None) or getattr(c, "gi_yieldfrom", None)
             or getattr(c, "ag_await", None))
        if c is None:
            return False
        code = getattr(c, "cr_code", None)
        if code is _SLEEP_CODE or clocked == _TICKED and (code is _EVENT_WAIT_CODE or code is _CONDITION_WAIT_CODE):
            return True
        if clocked == _TIMED:
            return not isinstance(y, asyncio.Task) and _waits_for_future(coro)


@types.coroutine
def _entering(tracer, coro, clocked=False, probe=None):
    """A limiter's __aenter__ coroutine `coro`, run as `await coro` runs it
    (`yield from`), in the task that awaits it: a permit its task takes in
    it (the first after its request: where its "running" would be written;
    Tracer._took_deferred) leaves the task "holding" it; at the task's next
    suspension inside it, a sleep (asyncio.sleep(), not 0) is its wait for
    its start slot ("slot_wait"), anything else its running ("running"), as
    is __aenter__ returning (or raising) first; after its slot_wait, its
    "running" is where __aenter__ returns. clocked (a rate limiter's code,
    _rate_like): a task that has asked for no permit yet and holds none,
    whose first suspension in it is a sleep, waits for its start slot
    ("request", "slot_wait"), and one that returns without suspending went
    through at once ("request", "running"); one that first waits for
    anything else is left as it is. probe: what to look at for the sleep
    (an @asynccontextmanager's generator; else coro)."""
    loop = _get_running_loop()
    task = None if loop is None else _task_of(loop)
    task = tracer._helpers.get(task, task) if task is not None else None
    if getattr(task, "_cs_id", -1) < 0 or tracer._finished:
        return (yield from coro)
    entering = tracer._entering
    outer = entering.get(task)
    rec = entering[task] = [_ENTER_NOTHING, clocked]
    value = exc = None
    # (A rate limiter's code: its first suspension decides, for a task that
    # asked for nothing yet, or that runs and holds no permit of it: a
    # worker's later round.)
    fresh = clocked and (task._cs_stage < _REQUESTED or task._cs_stage == _RUNNING)
    first_round = task._cs_stage < _REQUESTED
    try:
        while True:
            try:
                if exc is None:
                    y = coro.send(value)
                else:
                    y = coro.throw(exc)
            except StopIteration as stop:
                if rec[0] == _ENTER_HOLDS or rec[0] == _ENTER_SLOT:
                    tracer._enter_line(task, rec, "running", _ENTER_DONE)
                elif fresh and first_round and rec[0] == _ENTER_NOTHING and task._cs_stage < _REQUESTED:
                    # (Through at once: its request and running, the first
                    # time; a later round's is no wait, no line.)
                    tracer._enter_asks(task, rec, "running", _ENTER_DONE)
                return stop.value
            if rec[0] == _ENTER_HOLDS:
                if y is not None and _sleeping(probe or coro, clocked, y):
                    tracer._enter_line(task, rec, "slot_wait", _ENTER_SLOT)
                else:
                    tracer._enter_line(task, rec, "running", _ENTER_DONE)
            elif fresh:
                fresh = False
                stage = task._cs_stage
                if rec[0] == _ENTER_NOTHING and (stage < _REQUESTED if first_round else stage == _RUNNING) \
                        and y is not None and _sleeping(probe or coro, clocked, y):
                    tracer._enter_asks(task, rec, "slot_wait", _ENTER_SLOT)
            try:
                value = yield y
                exc = None
            except GeneratorExit:
                coro.close()
                raise
            except BaseException as e:  # noqa: BLE001 - handed on to coro, as yield from does
                value, exc = None, e
    finally:
        exc = None
        if outer is None:
            entering.pop(task, None)
        else:
            entering[task] = outer
        if rec[0] == _ENTER_HOLDS:  # it raised holding its permit, having waited for nothing
            tracer._enter_line(task, rec, "running", _ENTER_DONE)


def _semaphore_free(sem):
    return not sem.locked()


def _made_where():
    """Where the primitive being made now is made: (file, line) of the first
    frame outside asyncio's locks and the tracer (None: no such frame)."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename in _NOT_THE_PROGRAM:
        frame = frame.f_back
    return None if frame is None else (frame.f_code.co_filename, frame.f_lineno)


def _made_on_line(where):
    """The line of the program's own file (the __main__ module's) of
    `where` (_made_where); None when it is in another file (a library's own
    semaphore)."""
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    if not main or where is None:
        return None
    name, line = where
    if name != main and os.path.abspath(name) != os.path.abspath(main):
        return None
    return line


_NOT_THE_PROGRAM = frozenset((__file__, asyncio.locks.__file__))


def _lock_maker():
    """The asyncio class whose __init__ is making the Lock being made (a
    Condition without a lock of its own, a Barrier's Condition: the
    outermost), named after what the program wrote; None when the program
    made the Lock itself. (Called from the tracer's Lock.__init__.)"""
    frame = sys._getframe(2)
    maker = None
    while frame is not None and frame.f_code.co_filename == asyncio.locks.__file__:
        name = getattr(frame.f_code, "co_qualname", "")
        if name.endswith(".__init__"):
            maker = name[:-len(".__init__")]
        frame = frame.f_back
    return maker


def _resume_wrapper(tracer, task, wakeup, loop, prim, traced, holder):
    """The woken waiter's wake-up callback, recording its acquisition (as
    holder's: the task itself, or the maker of an acquire() task,
    Tracer._acquire_helper) when it resumes (unless it was cancelled
    meanwhile: then it passes the permit on). In debug mode it keeps the
    original's name and owner, so that asyncio's messages (a slow step names
    the task it ran) read as without tracing."""
    def resume(fut):
        if not traced:  # (the program's main coroutine: its permit counted alone)
            if not task._must_cancel:
                tracer._took_untraced(prim, task)
        elif not task._must_cancel and not tracer._finished:
            if tracer._threaded:
                with tracer._lock:
                    tracer._acquired(holder, prim)
            else:
                tracer._acquired(holder, prim)
        return wakeup(fut)

    if loop._debug:
        resume.__qualname__ = getattr(wakeup, "__qualname__", "resume")
        resume.__wrapped__ = wakeup
        resume.__self__ = task
    return resume


# A TracedJob's state: handed to the pool (a worker free for it, no line),
# waiting in the pool's queue (its thread_queued written), running (its
# thread_begin), ended (its thread_end), dropped from the queue (cancelled
# before a worker took it), left running by its task (its thread_left).
_JOB_HANDED, _JOB_QUEUED, _JOB_RUNNING, _JOB_ENDED, _JOB_DROPPED, _JOB_LEFT = range(6)


def _max_workers(executor):
    """A concurrent.futures pool's size (infinite for another executor, or a
    loop's default pool not made yet: its first job never waits)."""
    n = getattr(executor, "_max_workers", None)
    return n if isinstance(n, int) and n > 0 else float("inf")


class TracedJob:
    """An executor job that reports its thread slice. A class, not a closure,
    so that the virtual process pool can pickle the function inside. Its
    state changes and their lines are written under the tracer's lock: the
    worker thread and the loop's cancel of the awaiting future race."""

    __slots__ = ("tracer", "task", "pool", "func", "state", "pool_key", "size", "main")

    def __init__(self, tracer, task, pool, func):
        self.tracer, self.task, self.pool, self.func = tracer, task, pool, func
        self.state = _JOB_HANDED
        self.pool_key = None
        self.size = None  # a real process pool's size (Tracer._in_process_pool)
        self.main = -1    # a job of the program's main coroutine (task None): its number

    def line(self, ev):
        """Under the tracer's lock: the job's line `ev` (thread_queued,
        thread_begin, thread_end, thread_left), its task's; for a job of the
        program's main coroutine (no lane) main_<ev> with its "job" number,
        and no thread_left (main() has no lane to leave: the job runs on
        until its main_thread_end all the same)."""
        tracer = self.tracer
        if self.main < 0:
            tracer._task_line(self.task, ev, self.pool)
        elif ev != "thread_left":
            tracer.put(_PROGRAM % (tracer.now(), "main_" + ev, ', "job": %d%s' % (self.main, self.pool)))

    def __call__(self, *args, **kwargs):
        return self.run(self.func, *args, **kwargs)

    def _move(self, expect, to, ev):
        """state in expect -> to, writing ev (None: no line); the state it
        moved from, or None."""
        tracer = self.tracer
        with tracer._lock:
            was = self.state
            if was not in expect:
                return None
            self.state = to
            if to in (_JOB_ENDED, _JOB_DROPPED):
                # Its pool has one job fewer (TracedJob.pool_key, Tracer._in_executor).
                jobs = tracer._pool_jobs
                jobs[self.pool_key] = jobs.get(self.pool_key, 1) - 1
            if ev is not None and not tracer._finished:
                self.line(ev)
            return was

    def run(self, func, *args, **kwargs):
        """Run func as this job (the virtual process pool runs its unpickled
        copy): a worker took it from the pool's queue."""
        if self._move((_JOB_HANDED, _JOB_QUEUED), _JOB_RUNNING, "thread_begin") is None:
            # Its future was cancelled and the drop written, but a worker had
            # already taken it (concurrent.futures could not cancel it): a
            # race of microseconds, left undrawn.
            return func(*args, **kwargs)
        # Whose job the thread runs now (the virtual runner's timer ties name it).
        thread = threading.current_thread()
        thread._cs_job = self
        try:
            return func(*args, **kwargs)
        finally:
            thread._cs_job = None
            self._move((_JOB_RUNNING, _JOB_LEFT), _JOB_ENDED, "thread_end")

    def settled(self, fut):
        """The asyncio future's done callback (None: the executor refused the
        job). A job cancelled before a worker took it never runs
        (concurrent.futures drops a cancelled work item): its wait in the
        pool's queue ends here. One cancelled while it runs runs on: the task
        stops waiting for it (thread_left)."""
        if fut is not None and not fut.cancelled():
            return
        # A drop ends a written wait with a line; a job handed over without
        # one (a worker was free for it) leaves no line.
        if self._move((_JOB_QUEUED,), _JOB_DROPPED, "thread_end") is None and \
                self._move((_JOB_HANDED,), _JOB_DROPPED, None) is None and fut is not None:
            self._move((_JOB_RUNNING,), _JOB_LEFT, "thread_left")

    def process_settled(self, fut):
        """A real process pool's job (Tracer._in_process_pool): the asyncio
        future's done callback. It runs after the cancel reached the pool's
        own future (wrap_future's done callback, added first): a job that the
        pool dropped is ended already (process_done); one it could not drop
        runs on (or waits on in the queue) after its task stopped waiting."""
        if fut.cancelled():
            self._move((_JOB_QUEUED, _JOB_RUNNING), _JOB_LEFT, "thread_left")

    def process_done(self, cfut):
        """A real process pool's job (Tracer._in_process_pool) completed,
        or was cancelled before a process took it: its concurrent future's
        done callback (the pool's own thread, or the loop's for a cancel).
        When its task's await was cancelled first (settled ran before), the
        cancel either reached the queued job (the pool dropped it: this
        callback, from inside the cancel) or came too late (a process had it
        or was about to: it runs on, and its task's thread_left is written)."""
        tracer = self.tracer
        with tracer._lock:
            was = self.state
            if was in (_JOB_ENDED, _JOB_DROPPED):
                return
            queue = tracer._pool_queue.get(self.pool_key)
            queued = bool(queue) and self in queue
            if queued:  # ended before its inferred turn: out of the queue
                queue.remove(self)
            # A drop (the pool's shutdown may drop a job its task left, too)
            # ends its wait, or the thin bar of a job left running.
            self.state = _JOB_DROPPED if cfut.cancelled() else _JOB_ENDED
            if not tracer._finished:
                if queued and self.state == _JOB_ENDED:
                    # It ran, though it was inferred waiting (its task may
                    # have left it meanwhile): the pool took it sooner than
                    # its order said (its slice is drawn empty).
                    self.line("thread_begin")
                self.line("thread_end")
            jobs = tracer._pool_jobs
            jobs[self.pool_key] = jobs.get(self.pool_key, 1) - 1
            tracer._process_freed(self.pool_key, self.size)


class _Submission:
    """Stands for an executor in run_in_executor, which calls its submit()
    alone: keeps the concurrent future that the executor's submit() made,
    and tells submitted(job, future) before asyncio wraps it."""

    __slots__ = ("executor", "future", "submitted", "job")

    def __init__(self, executor, submitted, job):
        self.executor, self.submitted, self.job = executor, submitted, job
        self.future = None

    def submit(self, fn, /, *args, **kwargs):
        self.future = self.executor.submit(fn, *args, **kwargs)
        self.submitted(self.job, self.future)
        return self.future


def _is_process_pool(executor):
    """A concurrent.futures process pool (or the virtual runner's stand-in)."""
    if getattr(executor, "_coroscope_virtual", None) == "process":
        return True
    module = sys.modules.get("concurrent.futures.process")
    return module is not None and isinstance(executor, module.ProcessPoolExecutor)
