"""The items of a program's asyncio.Queue as lanes: a Queue's jobs.

A scenario's `queue` limit gives each job a lane and its workers none
(spec: a producer put()s job numbers, `workers` tasks get() and run them):
`put_wait` while the producer's put() waits for room, `enqueue` when the
item is in the queue, `worker` when a worker took it, then the job's own
lines to its end. A student's program written that way (workers looping on
`await q.get()` ... `q.task_done()`) had three worker lanes "running" until
the program cancelled them at the end: no task done, an error rate of 100%.

Here each item put into a Queue (any subclass: the item taken is found by
its identity, whatever the queue's order) is a lane of the tracer's,
numbered as tasks are, in the engine's vocabulary
(docs/trace-extensions.md): `put_wait`, `enqueue`, then, when a task takes
it, `worker` (the worker's number on that queue, in the order the workers
first took an item), `created` (its parent: the lane that put it),
`request` and `running`. The worker task's lines from then on are the
job's: the worker *is* the job's lane until its `task_done()` (the job's
`done`; `failed` or `cancelled` when task_done() runs while an exception is
on its way out, in a `finally:`, or being handled, in an `except:`), or
until the worker ends (the job ends as the worker did: a worker killed by
the item's exception fails the job, one cancelled mid-job cancels it). A
worker whose own `created` line was not written yet when it first waits in
or calls get() (the usual `while True: item = await q.get()`, also after a
print of its own first: QueueJobs.worker_ahead) has no lane of its own, as
a scenario's workers have none; one that wrote lines before (it asked for a
permit, or slept, first) keeps its lane between jobs.

`None` put into a queue (the usual "stop" sentinel) is no job: no lines.
But a queue whose first item is `None` (before anything was taken from it)
holds slot tokens, not stop sentinels (`for _ in range(3):
q.put_nowait(None)`, each task `tok = await q.get()` ... `q.put_nowait(tok)`:
a limit of 3): its `None` items are items as any other, so that its tasks
borrow and give back tokens as a pool's objects, below (before, no lines at
all: the tasks that took them had no lane, their waits in get() and their
work nowhere). A worker queue's sentinels come after its work items.
A task_done() by a task holding no job of that queue ends the oldest job
taken by a task without a lane (main(), say), if any: the queue's count of
unfinished items names no item. A queue on which task_done() was never
called is a channel (its consumer never says when it is through with an
item): an item ends when the task that took it asks that queue for the
next one (one its taker still holds ends as its taker does: a worker task's
with it, main()'s at main()'s end, QueueJobs.main_ended).

A Queue used as a pool of objects (a task takes an object with get() and
puts that same object back into the same queue: a connection it borrows)
holds no jobs: when a task puts into a queue an object it holds as its job
taken from that queue (identity, `is`), on a queue that has seen no
task_done() and no new item put in after its first take by code that takes
nothing from a queue (a producer: a channel fed as it goes is no pool; a
pool's code may put a new object in when none is free, in the code that
then takes it, and an object put into a known pool is one of its objects,
no job), from code that names no task_done() (a worker putting its item
back to retry it is a job queue's), that is a return: the borrowing
(the job's lane) ends there, done (failed or cancelled as a task_done()'s
end is); the object is no new job (no `enqueue`, no lane) until a task
takes it again: that borrowing's lane starts at the take (`worker`,
`created`, `request`, `running`, with no `enqueue` before: no time queued
is drawn); one returned and never taken again is no task of the run. The
first return on each queue writes a `queue_pool` warning (the picture is
the borrowings). A task that waits in get() for a free object is drawn
waiting, as for a semaphore's permit: its borrowing's lane has its
`created` and `request` where the wait began, its `worker` and `running`
at the take (QueueJobs._get_wait, the pools section below).
A task that had a lane before its first get() (it did something first)
and whose code gives back to that queue what it took (`slot = await
limit.get()` ... `finally: limit.put_nowait(slot)`) borrows on its own lane,
no worker (the section "borrowers with a lane of their own" below).
Objects put into a queue before its first return are jobs until then (a
pool filled at the start: `enqueue`); at the first return, each lane whose
`enqueue` put one has a `pool_object` line (after the warning), so that the
run counts no time queued for it: one taken already is a borrowing; one
still in the queue, never taken, is an idle object, no task (the line
names it after the object), and taken later, a borrowing with a lane of
its own, as a returned object's.

Only the program's own queues are followed: not those made in the standard
library (asyncio.as_completed() keeps its tasks' ends in a Queue) or in
installed packages.
"""

import array
import asyncio
import collections
import os
import re
import sys
import weakref

from .jsonl import jstr

_get_running_loop = asyncio.events._get_running_loop
_NAME_CHARS = 48  # a job's name ("item 3: " and its item), cut to this many characters
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")  # an object's address in its default repr
_EXTRA_DONE_MESSAGE = ("task_done() was called with no item of this Queue taken and not yet done: the Queue "
                       "counts one more item finished than were, so its join() can return while items are still "
                       "being worked on")
# A borrowing's name while its task waits for a free object (its `running` names the object).
_WAITING_NAME = jstr("waiting for a pooled object")
# A held wait (_Wait.index) whose hold was dropped: its lines were written without it.
_DROPPED = -2
_HOLD_LIMIT = 1 << 16  # (tracer._HOLD_LINES: the entries of lines held at most)
_DROPPED_MESSAGE = ("this task waited in get() for a free object of this Queue from %s s, before the Queue was "
                    "known as a pool; the tracer holds the trace back until it knows, up to %d pending writes, and "
                    "this wait outlasted that: its borrowing's lane begins where it took the object, so waits for "
                    "this pool's objects before that moment are not drawn")
_POOL_MESSAGE = ("this Queue is used as a pool of objects that tasks borrow and give back (a task put back "
                 "the object it took from it): each lane is one borrowing, from the get() to the put() that "
                 "gives the object back; a task that waits in get() for a free object is drawn waiting for one")
# (Its borrowers are tasks with lanes of their own, which borrow on them: _own_return.)
_POOL_OWN_MESSAGE = ("this Queue is used as a pool of objects that tasks borrow and give back (a task put back "
                     "the object it took from it): a task that waits in get() for a free object is drawn waiting "
                     "for one on its own lane, and running from the moment it takes one")


class _QueueState:
    """What the tracer knows of one queue (kept on the queue object)."""

    __slots__ = ("items", "putting", "workers", "unheld", "taken", "done_seen", "pool", "taken_jobs", "fed", "untracked",
                 "extra_told", "waits", "dropped_told", "none_items", "got", "held_puts", "own", "own_off")

    def __init__(self):
        # id(item) -> its jobs (id, parent lane) in put order: the queue
        # holds each item, so its id stands until it is taken (found by
        # identity whatever the queue's order: O(1) for a PriorityQueue too).
        # An object given back to a pool: (None, -1), its id when taken.
        self.items = {}
        self.putting = {}                 # a task waiting in put() -> its job id
        self.workers = {}                 # a task -> its worker number on this queue
        self.unheld = []                  # (job id, name, taker, item) taken by a task without a lane
        self.taken = 0                    # items taken so far
        self.done_seen = False            # a task_done() was called: items end at theirs
        self.pool = False                 # an object was given back (its queue_pool warning is written)
        # The jobs put in (an `enqueue`) and taken while the queue could
        # still turn out a pool (no task_done(), no return yet): at its first
        # return, their puts were a pool's objects' (pool_object lines).
        self.taken_jobs = array.array("q")
        # A new item was put in after the first take (before any return): a
        # channel or a job queue fed as it goes, not a pool (whose objects
        # are all put in first); a put-back then is a retry, a new job.
        self.fed = False
        # Items taken that are no job (None, the usual stop sentinel): a
        # task_done() for each ends nothing and is no extra one.
        self.untracked = 0
        # Its first item was None, put before any take: its None items are
        # slot tokens, items as any other (the module's docstring).
        self.none_items = False
        self.extra_told = False           # a task_done_extra warning is written
        self.dropped_told = False         # a pool_wait_not_drawn warning is written (QueueJobs.drop_holds)
        # A task waiting in get() on this queue while empty, that may be
        # waiting for a pool's object -> its _Wait (QueueJobs._get_wait).
        self.waits = {}
        # Borrowers with a lane of their own (QueueJobs._own_borrower): tasks
        # that take from this queue and give back on their own lane, no
        # workers; own_off: a take of one was a job's, none from then on.
        self.own = None
        self.own_off = False
        # A get() or get_nowait() was called on it (QueueJobs._first_get).
        # Until then the `enqueue` lines of items put in are held (_HeldPut):
        # the first getter says whether they are jobs or slot tokens.
        self.got = False
        self.held_puts = None


class _Wait:
    """A task's wait in get() for an object of a Queue that is (or may
    turn out) a pool: `job`, the borrowing's lane, its created and request
    written at the wait (the queue was a pool then), or None: a hold at
    `index` in the tracer's queue of lines (Tracer._get_holds), where they go,
    stamped `ts`, if the object it takes is a pool's."""

    __slots__ = ("job", "ts", "index", "seq")

    def __init__(self, job, ts, index, seq):
        self.job = job
        self.ts = ts
        self.index = index
        self.seq = seq


class _HeldPut(_Wait):
    """An `enqueue` line (`text`) held until a get() of its queue says
    whether its item is a job or one of a pool's slot tokens
    (QueueJobs._first_get): in the tracer's holds as a _Wait is, at `index`."""

    __slots__ = ("text",)

    def __init__(self, job, ts, index, seq, text):
        _Wait.__init__(self, job, ts, index, seq)
        self.text = text


# Queue methods that take an item, that put one in (a borrower's code gives
# back what it took: _give_backs).
_TAKES = frozenset(("get", "get_nowait"))
_PUTS = frozenset(("put", "put_nowait"))
_LOADS = frozenset(("LOAD_FAST", "LOAD_DEREF", "LOAD_CLOSURE", "LOAD_GLOBAL", "LOAD_NAME"))
_STORES = frozenset(("STORE_FAST", "STORE_DEREF", "STORE_GLOBAL", "STORE_NAME"))


def _give_backs(code):
    """The receivers (as (load, name), (attr, ...) chains: `limit`,
    `self.slots`) on which `code` calls get() (or get_nowait()), stores what
    it took in a name, and later puts that name back with put() (or
    put_nowait()), when it names no task_done(): `tok = await limit.get()`
    ... `finally: limit.put_nowait(tok)` (not a crawler's `url = await
    q.get()` ... `q.put_nowait(link)`: a new item)."""
    if "task_done" in code.co_names or not (_TAKES & set(code.co_names)) or not (_PUTS & set(code.co_names)):
        return ()
    import dis
    took = {}  # receiver -> the names what its get() took is stored in
    found = []
    ins = list(dis.get_instructions(code))
    for k, i in enumerate(ins):
        if i.opname not in ("LOAD_METHOD", "LOAD_ATTR") or i.argval not in _TAKES and i.argval not in _PUTS:
            continue
        chain = []
        j = k - 1
        while j >= 0 and ins[j].opname == "LOAD_ATTR" and len(chain) < 4:
            chain.append(ins[j].argval)
            j -= 1
        if j < 0 or ins[j].opname not in _LOADS:
            continue
        key = (ins[j].opname, ins[j].argval, tuple(reversed(chain)))
        if i.argval in _TAKES:
            for n in ins[k + 1:]:
                if n.opname in _STORES:
                    took.setdefault(key, set()).add(n.argval)
                    break
                if n.opname in ("RETURN_VALUE", "RETURN_CONST"):
                    break
        elif (k + 1 < len(ins) and ins[k + 1].opname in _LOADS and ins[k + 1].argval in took.get(key, ())
              and key not in found):
            found.append(key)
    return tuple(found)


class _Worker:
    """A task that took items: the jobs it holds, oldest first, and its own
    lane (id, stage, name, tail) to go back to between jobs (None: none)."""

    __slots__ = ("held", "own")

    def __init__(self, own):
        self.held = []  # [queue, job id, stage, jname, tail, item]
        self.own = own


def _end_lines(ts, job, jname, exc=None):
    """A job's end: done (exc None), cancelled (a CancelledError), or failed
    with exc."""
    tail = ', "task": %d, "name": %s}\n' % (job, jname)
    if exc is None:
        return '{"t": %s, "ev": "done"%s' % (ts, tail)
    if isinstance(exc, asyncio.CancelledError):
        return '{"t": %s, "ev": "cancelled"%s' % (ts, tail)
    return ('{"t": %s, "ev": "failed"%s{"t": %s, "ev": "failed_exc", "task": %d, "exc": %s, "name": %s}\n'
            % (ts, tail, ts, job, jstr(type(exc).__name__), jname))


def _done_lines(ts, job, jname):
    """A job's end at its task_done(): done, or, when task_done() runs while
    an exception is on its way (a `finally:`) or being handled (an
    `except:`), failed with that exception, or cancelled."""
    return _end_lines(ts, job, jname, sys.exc_info()[1])


def _task_end_lines(ts, job, jname, task):
    """Lane `job` ends as `task`, done, did."""
    return _end_lines(ts, job, jname, asyncio.CancelledError() if task.cancelled() else task._exception)


def _library_dirs():
    """Where the standard library and installed packages live (their queues
    are not the program's)."""
    import sysconfig
    paths = sysconfig.get_paths()
    dirs = {os.path.join(os.path.realpath(paths[k]), "") for k in ("stdlib", "platstdlib", "purelib", "platlib")
            if paths.get(k)}
    dirs |= {os.path.join(paths[k], "") for k in ("stdlib", "platstdlib", "purelib", "platlib") if paths.get(k)}
    try:
        import site
        dirs |= {os.path.join(d, "") for d in site.getsitepackages() + [site.getusersitepackages()]}
    except (AttributeError, ImportError):  # (a virtualenv's old site.py)
        pass
    dirs.add(os.path.join(os.path.dirname(os.path.abspath(__file__)), ""))
    return tuple(sorted(dirs))


def _place(where):
    """A warning's `"file"` and `"line"` for where, a frame or a (file,
    line) pair, when that file is in the program's folder ("" else)."""
    if where is None:
        return ""
    if not isinstance(where, tuple):
        where = (where.f_code.co_filename, where.f_lineno)
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    if not main:
        return ""
    root = os.path.dirname(os.path.abspath(main))
    path = os.path.abspath(where[0])
    if not path.startswith(root + os.sep):
        return ""
    return ', "file": %s, "line": %d' % (jstr(os.path.relpath(path, root)), where[1])


def _job_name(n, item):
    """The n-th item taken from a queue: "item 3: 'https://…'"."""
    return _object_name("item %d: " % n, item)


def _object_name(prefix, item):
    """prefix and item as a lane's name, cut to _NAME_CHARS. An object's
    default repr loses its address ("<__main__.Conn object>"): it differs
    from run to run, and a virtual run's trace is the same every time."""
    try:
        text = prefix + (item if isinstance(item, str) else _ADDRESS.sub("", repr(item)))
    except Exception:  # noqa: BLE001 - a repr that raises: the type's name
        text = "%s<%s>" % (prefix, type(item).__name__)
    if len(text) > _NAME_CHARS:
        text = text[:_NAME_CHARS - 1] + "\u2026"
    return text


def _awaiter(task):
    """The task that awaits `task`'s result now: one whose wake-up is among
    task's done callbacks (`await task`), or that awaits a future (asyncio.
    wait()'s waiter, gather()'s outer future) that one of them completes.
    None: none (yet)."""
    for cb, _ctx in task._callbacks or ():
        waiter = getattr(cb, "__self__", None)
        if isinstance(waiter, asyncio.Task):
            return waiter
        for cell in getattr(cb, "__closure__", None) or ():
            try:
                fut = cell.cell_contents
            except ValueError:  # (an empty cell)
                continue
            if isinstance(fut, asyncio.Future) and not isinstance(fut, asyncio.Task):
                for cb2, _ctx2 in fut._callbacks or ():
                    waiter = getattr(cb2, "__self__", None)
                    if isinstance(waiter, asyncio.Task):
                        return waiter
    return None


class QueueJobs:
    """Installed by Tracer.start (undone by its finish)."""

    def __init__(self, tracer, created, running, ended):
        self.tracer = tracer
        self.created = created  # the stage of a task whose created line is written (tracer._CREATED)
        self.running = running  # ... whose running line is written (tracer._RUNNING)
        self.ended = ended      # tracer._ENDED
        self.workers = weakref.WeakKeyDictionary()  # task -> _Worker
        self.unlaned = 0        # workers that have no lane of their own
        self.lane_workers = 0   # workers that had one first (a queue_worker line: no task)
        self.cancelled_puts = 0  # items whose put() was cancelled while it waited (no task)
        self.tokens = 0         # slot tokens whose held enqueue was dropped (no task: _first_get)
        self.libraries = ()     # the standard library's and installed packages' folders (_library_dirs)
        self.holds = 0          # waits held so far (_get_wait)
        # wait_for's inner task running a get() or put() -> the task that
        # called wait_for (helper_made): the queue's taker or producer.
        self.helpers = weakref.WeakKeyDictionary()
        self.op_codes = (None, None)  # the code of the patched get() and put()
        # A worker with a lane of its own waiting in get() -> that lane (its get_wait line is written: _idle_wait).
        self.idle = {}
        self.main_queues = []   # the states of the queues main() took items from (main_ended)
        # Borrowers with a lane of their own (_own_borrower): task -> [queue, item] it holds.
        self.borrowed = weakref.WeakKeyDictionary()
        self.own_waits = {}     # such a borrower waiting in get() (its request is written) -> its queue
        self.shapes = {}        # a code object -> its receivers that take and give back (_give_backs)

    # ------------------------------------------------------------ hooks
    def install(self, patch, task_of):
        jobs = self
        queue = asyncio.Queue
        orig_put, orig_get = queue.put, queue.get
        orig_put_nowait, orig_get_nowait, orig_task_done = queue.put_nowait, queue.get_nowait, queue.task_done

        orig_init = queue.__init__

        def __init__(q, *args, **kwargs):
            orig_init(q, *args, **kwargs)
            # The program's own queues: not asyncio's (as_completed() keeps
            # its tasks' ends in one), nor another library's.
            if not jobs.libraries:
                # (learnt when the first queue is made: sysconfig costs every traced program's start)
                jobs.libraries = _library_dirs()
            where = sys._getframe(1).f_code.co_filename
            if not where.startswith(jobs.libraries):
                try:
                    q.__dict__["_cs_queue"] = _QueueState()
                except AttributeError:  # (a queue class with __slots__: not followed)
                    pass

        helpers = self.helpers

        def current():
            loop = _get_running_loop()
            if loop is None:
                return None
            task = task_of(loop)
            # (wait_for's inner task running a get() or put(): its maker's)
            return helpers.get(task, task) if helpers else task

        async def put(q, item):
            if item is None or not q.full():
                return await orig_put(q, item)
            task = current()
            jobs._locked(jobs._put_wait, q, item, task)
            try:
                return await orig_put(q, item)
            except BaseException:
                # Cancelled while it waited for room: the item never went in.
                jobs._locked(jobs._put_cancelled, q, task)
                raise

        async def get(q):
            task = current()
            if task is not None and not (helpers and task in helpers):
                task = jobs._carrier(q, task, sys._getframe())  # (a task made to run this get(): its awaiter's)
            jobs._locked(jobs._moved_on, q, task)
            jobs._locked(jobs._getter, q, task)
            if not q.empty():
                return await orig_get(q)
            # It waits: a worker with a lane of its own idles (_idle_wait),
            # maybe for a pool's object (_get_wait).
            jobs._locked(jobs._idle_wait, q, task)
            jobs._locked(jobs._get_wait, q, task)
            try:
                return await orig_get(q)
            except BaseException:
                jobs._locked(jobs._get_left, q, task)  # (cancelled as it waited: it took nothing)
                raise

        def put_nowait(q, item):
            orig_put_nowait(q, item)
            jobs._locked(jobs._enqueued, q, item, current())

        def get_nowait(q):
            item = orig_get_nowait(q)
            jobs._locked(jobs._taken, q, item, current())
            return item

        def task_done(q):
            orig_task_done(q)
            jobs._locked(jobs._task_done, q, current())

        for name, value in (("__init__", __init__), ("put", put), ("get", get), ("put_nowait", put_nowait),
                            ("get_nowait", get_nowait), ("task_done", task_done)):
            value.__name__ = name
            value.__qualname__ = "Queue." + name
            value.__doc__ = getattr(queue, name).__doc__
            patch(queue, name, value)
        self.op_codes = (get.__code__, put.__code__)

    def _carrier(self, q, task, frame):
        """task, whose get() of q (`frame`) starts: is task a fresh task made to
        run this very get() (`getter = asyncio.create_task(q.get())`, raced
        against a stop event with `asyncio.wait({getter, stopper},
        return_when=FIRST_COMPLETED)`)? It hands the item to the task that
        awaits it and ends at once, so the item is that task's, as for
        wait_for's inner task (helper_made): the getter is no lane (it ended
        each item 0 s after its take, and the worker's task_done() was one
        too many: a task_done_extra warning), its awaiter is the worker.
        Returns the task the get() is noted as: that awaiter, or task itself
        (not such a task, or nothing awaits it yet)."""
        if getattr(task, "_cs_stage", self.created) >= self.created or task in self.workers:
            return task  # (not a task in its first step)
        if self._state(q) is None:
            return task  # (not one of the program's own queues)
        try:
            if task._coro.cr_frame is not frame:
                return task
        except AttributeError:  # (a coroutine of another kind)
            return task
        maker = _awaiter(task)
        if maker is None:
            return task
        self.helpers[task] = maker
        # No lane (its id was given: counted out of the tasks as a worker without one is).
        self.unlaned += 1
        task._cs_id = -1
        task._cs_stage = self.ended
        task._cs_jname = task._cs_tail = None
        return maker

    def helper_made(self, task, maker):
        """Is `task`, the inner task wait_for() made for its coroutine (CPython
        3.11: `await asyncio.wait_for(q.get(), t)`, `wait_for(q.put(x), t)`),
        running a Queue's get() or put()? Then the item it takes or puts is
        `maker`'s (the task that called wait_for, main()'s among them), as a
        permit taken by `wait_for(sem.acquire(), t)` is (Tracer._acquire_helper):
        the maker is the queue's worker (or producer), not a new task per call
        (a consumer polling `wait_for(q.get(), 0.3)` was a new worker at each
        item: "4 workers" for one; main()'s `wait_for(q.put(x), t)` a lane and
        a task per item, cancelled at each timeout). So `task` is no lane, and
        a get() makes `maker` a worker now, in its step, as its own `await
        q.get()` would (one with no line of its own yet has no lane)."""
        try:
            code = task._coro.cr_code
        except AttributeError:  # (a coroutine of another kind)
            return False
        get_code, put_code = self.op_codes
        if (code is not get_code and code is not put_code) or maker is None:
            return False
        self.helpers[task] = maker
        if code is get_code:
            q = task._coro.cr_frame.f_locals.get("q")
            if isinstance(q, asyncio.Queue):
                self._locked(self._moved_on, q, maker)
                self._locked(self._getter, q, maker)
        return True

    def _locked(self, fn, *args):
        tracer = self.tracer
        if tracer._finished:
            return
        try:
            if tracer._threaded:
                with tracer._lock:
                    fn(*args)
            else:
                fn(*args)
        except Exception:  # noqa: BLE001 - the tracer's own fault: never the program's
            pass

    # ------------------------------------------------------------ state
    @staticmethod
    def _state(q):
        """q's state: None for a queue not the program's own (or made before tracing)."""
        try:
            return q.__dict__.get("_cs_queue")
        except AttributeError:
            return None

    def _new_id(self):
        tracer = self.tracer
        job = tracer._next_id
        tracer._next_id += 1
        return job

    def _line(self, text, ts):
        """Writes text, a line stamped ts, after the created lines that come
        first (a producer's, the worker's parent's), stamped ts too: stamped
        when written, on a real clock they went back in time before it."""
        tracer = self.tracer
        tracer._settle(ts)
        tracer.put(text)

    def _traced(self, task):
        """A task with a lane of the tracer's now (its id; -1: none)."""
        return getattr(task, "_cs_id", -1) if task is not None else -1

    # ------------------------------------------------------------ moments
    def _put_wait(self, q, item, task):
        st = self._state(q)
        if st is None or self._given_back(st, q, item, task) is not None or (st.pool and not st.done_seen):
            return  # (an object given back to a pool, or a new one, waits for room as no job: _enqueued)
        if st.own and task in self.borrowed and self._own_holds(q, item, task) is not None:
            return  # (a token given back by a borrower with a lane of its own)
        job = st.putting[task] = self._new_id()
        ts = self.tracer.now()
        by = self._traced(task)  # (a producer task with a lane; main() has none)
        if by >= 0:
            self._line('{"t": %s, "ev": "put_wait", "task": %d, "by": %d}\n' % (ts, job, by), ts)
        else:
            self._line('{"t": %s, "ev": "put_wait", "task": %d}\n' % (ts, job), ts)

    def _put_cancelled(self, q, task):
        st = self._state(q)
        if st is None:
            return
        job = st.putting.pop(task, None)
        if job is not None:  # (still waiting: not put)
            self.cancelled_puts += 1
            ts = self.tracer.now()
            self._line('{"t": %s, "ev": "put_cancelled", "task": %d}\n' % (ts, job), ts)

    def _enqueued(self, q, item, task):
        st = self._state(q)
        if st is None:
            return
        job = st.putting.pop(task, None)
        put_waited = job is not None
        if item is None and not st.none_items:
            if st.taken or st.items or st.untracked or q.qsize() != 1:
                return  # (a stop sentinel)
            st.none_items = True  # (its first item: a slot token)
        if job is None:
            if st.own and task in self.borrowed and self._own_return(st, q, item, task):
                return
            back = self._given_back(st, q, item, task)
            if back is not None:
                self._pool_return(st, q, item, task, back)
                return
            if st.pool and not st.done_seen:
                # A new object put into a pool (one made when none was
                # free, or in place of a broken one): no job, as one given
                # back; a lane when a task takes it.
                self._pooled(st, item)
                return
            job = self._new_id()
        if st.taken and not st.pool and not st.fed and not self._takes_too(sys._getframe(1)):
            # Fed as it goes by code that takes nothing itself (a producer):
            # a channel or a job queue, no pool. A pool's code may put a
            # new object in after its first take (made when none was free,
            # in the code that then takes it): no channel for that.
            st.fed = True
            self._unhold_all(st)
        jobs = st.items.get(id(item))
        if jobs is None:
            jobs = st.items[id(item)] = collections.deque()
        jobs.append((job, self._traced(task)))
        ts = self.tracer.now()
        text = '{"t": %s, "ev": "enqueue", "task": %d}\n' % (ts, job)
        if not st.got and not st.pool and not put_waited and jobs[-1][1] < 0:
            # Put by main() (no lane), with no get() of this queue yet: held
            # until the first says whether the items are jobs or a pool's
            # slot tokens (_first_get). (Not a task's: a results queue its
            # workers feed and main() reads at the end would hold the trace.)
            tracer = self.tracer
            tracer._settle(ts)
            held = tracer._get_holds
            if held is None:
                held = tracer._get_holds = []
            self.holds += 1
            hold = _HeldPut(job, ts, len(tracer._out), self.holds, text)
            held.append(hold)
            if st.held_puts is None:
                st.held_puts = []
            st.held_puts.append(hold)
            return
        self._line(text, ts)

    def _getter(self, q, task):
        """task waits in (or calls) get(): a worker of q from now on (unless
        it borrows from q on a lane of its own: _own_borrower)."""
        st = self._state(q) if q is not None else None
        if st is not None and not st.got:
            self._first_get(st, q, task)
        if task is None or task in self.workers or getattr(task, "_cs_main", False):
            return
        if st is not None and st.own and task in st.own:
            return
        try:
            stage = task._cs_stage
        except AttributeError:  # untraced
            return
        if task._cs_id < 0:
            return
        if stage < self.created:
            # No line of its own yet: no lane (a scenario's workers have none).
            self.workers[task] = _Worker(None)
            self.unlaned += 1
            task._cs_id = -1
            task._cs_stage = self.ended
            task._cs_jname = task._cs_tail = None
        elif st is not None and self._own_borrower(st, q, task):
            self._own_add(st, task)
        else:
            self.workers[task] = _Worker((task._cs_id, stage, task._cs_jname, task._cs_tail))
            # A lane written before its first get() (it slept first, or
            # asked for a permit around its get(): `async with sem:` then
            # `await q.get()`): a worker all the same, as a scenario's are,
            # no task of the run's (docs/trace-extensions.md).
            ts = self.tracer.now()
            self._line('{"t": %s, "ev": "queue_worker", "task": %d}\n' % (ts, task._cs_id), ts)
            self.lane_workers += 1

    def worker_ahead(self, task):
        """Before a line would name `task` ahead of its first step's end (it
        prints first): is it a queue worker that has not got to its first
        get() yet? Its coroutine calls get() (or get_nowait()) and
        task_done(), and holds one of the program's queues. Then it becomes
        one now (no lane), as at that get(), and the line names no task."""
        if task in self.workers or getattr(task, "_cs_stage", self.created) >= self.created:
            return False
        coro = task.get_coro()
        try:
            names = coro.cr_code.co_names
            values = coro.cr_frame.f_locals.values()
        except AttributeError:  # (not a coroutine of a function, or over)
            return False
        if "task_done" not in names or not ("get" in names or "get_nowait" in names):
            return False
        if not any(isinstance(v, asyncio.Queue) and self._state(v) is not None for v in values):
            return False
        self._getter(None, task)
        return task in self.workers

    @staticmethod
    def _find(st, item, lifo):
        """The job of `item`, just taken (None: not one of the queue's jobs).
        One object put more than once (a small int, an interned string) is
        several jobs: a LifoQueue gives the one put last, the others the one
        put first."""
        jobs = st.items.get(id(item))
        if not jobs:
            return None
        entry = jobs.pop() if lifo else jobs.popleft()
        if not jobs:
            del st.items[id(item)]
        return entry

    def _taken(self, q, item, task):
        st = self._state(q)
        if st is None:
            return
        if not st.got:
            self._first_get(st, q, task)
        if self.idle:
            self._idle_over(task)
        entry = self._find(st, item, isinstance(q, asyncio.LifoQueue))
        if entry is None:
            st.untracked += 1
            return
        if (entry[0] is None and task is not None and task not in self.workers and not (st.own and task in st.own)
                and self._own_borrower(st, q, task)):
            self._own_add(st, task)  # (its first take is a get_nowait(): a borrower all the same)
        if st.own and task in st.own:
            if entry[0] is None:
                self._own_take(st, q, item, task)
                return
            # A job's item (a lane of its own): no borrower's token. It
            # takes it as a worker does, and so do the queue's takers from now on.
            st.own_off = True
            st.own.discard(task)
            self.own_waits.pop(task, None)
        self._moved_on(q, task)  # (get_nowait() in a loop: no get() between items)
        wait = st.waits.pop(task, None) if st.waits else None
        job, parent = entry
        tracer = self.tracer
        jname = jstr(_job_name(st.taken, item))
        asked = False  # its created and request are written (it waited for a pool's object)
        dropped = None  # when its wait began, a wait for a pool's object whose hold was dropped (drop_holds)
        if job is None:  # an object of a pool: this borrowing's lane starts now, or where it began to wait
            if wait is not None and wait.job is not None:
                job = wait.job  # (opened at its wait: the queue was a pool then)
                asked = True
            else:
                job = self._new_id()
                if wait is not None and wait.index >= 0:
                    tail = ', "task": %d, "name": %s}\n' % (job, jname)
                    self._unhold(wait, '{"t": %s, "ev": "created"%s{"t": %s, "ev": "request"%s'
                                 % (wait.ts, tail, wait.ts, tail))
                    asked = True
                elif wait is not None and wait.index == _DROPPED and not st.dropped_told:
                    dropped = wait.ts
        else:
            if wait is not None:
                self._wait_over(wait)
            if st.taken_jobs is not None and not st.pool:
                st.taken_jobs.append(job)
        st.taken += 1
        if task is not None and task not in self.workers:
            self._getter(q, task)  # (its queue_worker line comes first)
        ts = tracer.now()
        worker = self.workers.get(task)
        number = st.workers.setdefault(task, len(st.workers))
        # As the engine writes a Queue job's start: its request and permit
        # are the worker's taking it (its latency: from then to its end).
        tail = ', "task": %d, "name": %s}\n' % (job, jname)
        if asked:
            self._line('{"t": %s, "ev": "worker", "task": %d, "worker": %d}\n%s'
                       % (ts, job, number, '{"t": %s, "ev": "running"%s' % (ts, tail)), ts)
        else:
            self._line('{"t": %s, "ev": "worker", "task": %d, "worker": %d}\n' % (ts, job, number)
                       + ('{"t": %s, "ev": "created", "task": %d, "parent": %d, "name": %s}\n'
                          % (ts, job, parent, jname) if parent >= 0 else '{"t": %s, "ev": "created"%s' % (ts, tail))
                       + '{"t": %s, "ev": "request"%s{"t": %s, "ev": "running"%s' % (ts, tail, ts, tail), ts)
        if dropped is not None:
            # Its wait for this pool's object, from `dropped`, is not drawn: say so (once per queue).
            st.dropped_told = True
            self._line('{"t": %s, "ev": "warning", "kind": "pool_wait_not_drawn", "message": %s, "since": %s%s, '
                       '"task": %d}\n' % (ts, jstr(_DROPPED_MESSAGE % (dropped, _HOLD_LIMIT)), dropped,
                                           _place(self._program_frame(sys._getframe(1))), job), ts)
        if worker is None:
            st.unheld.append((job, jname, task, item))
            if task is not None and st not in self.main_queues:
                self.main_queues.append(st)  # (main()'s: its items end as it does, main_ended)
            return
        # The worker is the job's lane from now on (its current job, if any, waits).
        if worker.held and task._cs_id == worker.held[-1][1]:
            worker.held[-1][2] = task._cs_stage
        elif not worker.held and worker.own is not None:
            worker.own = (task._cs_id, task._cs_stage, task._cs_jname, task._cs_tail)  # as it is now
        worker.held.append([q, job, self.running, jname, tail, item])
        self._become(task, worker.held[-1])

    def worker_ended(self, task, ts):
        """A worker task ended (Tracer._write_ends writes the line of the job
        it is now, or of its own lane): the other jobs it holds, and its own
        lane while it is a job's, end as it did."""
        worker = self.workers.get(task)
        if worker is None:
            return
        current = task._cs_id
        ends = [(h[1], h[3], h[2]) for h in worker.held if h[1] != current]
        if worker.own is not None and worker.own[0] != current:
            ends.append((worker.own[0], worker.own[2], worker.own[1]))
        worker.held.clear()
        for job, jname, stage in ends:
            if stage < self.ended:
                self._line(_task_end_lines(ts, job, jname, task), ts)

    def main_ended(self, task, exc, ts):
        """The program's main coroutine (task, which has no lane) ended, with
        exc (None: it returned; a CancelledError: cancelled): the items it
        took and still held end as it did, as a worker task's do
        (worker_ended). Held on, they ran on to the end of the run, after
        main() had returned: "In flight 1" once the program was over."""
        for st in self.main_queues:
            kept = []
            for entry in st.unheld:
                if entry[2] is task:
                    self._line(_end_lines(ts, entry[0], entry[1], exc), ts)
                else:
                    kept.append(entry)
            st.unheld[:] = kept
        self.main_queues.clear()

    @staticmethod
    def _become(task, held):
        _q, job, stage, jname, tail = held[:5]
        task._cs_id = job
        task._cs_stage = stage
        task._cs_jname = jname
        task._cs_tail = tail or ', "task": %d, "name": %s}\n' % (job, jname)

    def _task_done(self, q, task):
        st = self._state(q)
        if st is None:
            return
        if not st.done_seen:
            st.done_seen = True
            st.taken_jobs = None  # (a job queue: never a pool)
            self._unhold_all(st)
        ts = self.tracer.now()
        if self._end_held(q, task, ts, unheld_any=True, newest=True):
            return
        if st.untracked > 0:
            st.untracked -= 1  # (a stop sentinel's)
        elif not st.extra_told:
            # One more task_done() than items taken and not yet done: the
            # queue counts an item finished that is not (no ValueError while
            # its count is above zero), so its join() can return early.
            st.extra_told = True
            by = self._traced(task)
            self._line('{"t": %s, "ev": "warning", "kind": "task_done_extra", "message": %s%s%s}\n'
                       % (ts, jstr(_EXTRA_DONE_MESSAGE), _place(self._program_frame(sys._getframe(1))),
                          ', "task": %d' % by if by >= 0 else ""), ts)

    def _moved_on(self, q, task):
        """task asks q for another item (get(), or get_nowait() before its
        next item is noted): on a queue that has seen no task_done() (a
        channel: its consumer never says when it is through with an item),
        the items it took from q are done now."""
        st = self._state(q)
        if st is None or st.done_seen:
            return
        ts = None
        while True:
            if ts is None:
                ts = self.tracer.now()
            if not self._end_held(q, task, ts, unheld_any=False):
                return

    def _end_held(self, q, task, ts, unheld_any, newest=False):
        """Ends the oldest job of q that task holds (newest: its newest, the
        one it works on: a task_done() ends the item taken last, so that a
        worker that left one without its task_done() (an `except:` that
        forgot it) does not shift every later item's end onto the one before;
        unheld_any: else the oldest taken by a task without a lane); False if
        there is none."""
        st = self._state(q)
        worker = self.workers.get(task) if task is not None else None
        held = None
        if worker is not None:
            order = range(len(worker.held) - 1, -1, -1) if newest else range(len(worker.held))
            for k in order:
                if worker.held[k][0] is q:
                    held = worker.held.pop(k)
                    break
        if held is None:
            for k, (job, jname, taker, _item) in enumerate(st.unheld):
                if unheld_any or taker is task:
                    del st.unheld[k]
                    self._line(_done_lines(ts, job, jname), ts)
                    return True
            return False
        self._end_taken(task, worker, held, ts)
        return True

    def _end_taken(self, task, worker, held, ts):
        """The job `held` that task's worker held (taken out of its list) ends at ts."""
        job = held[1]
        current = task._cs_id == job
        stage = task._cs_stage if current else held[2]
        if stage < self.ended:
            self._line(_done_lines(ts, job, held[3]), ts)
        if not current:
            return
        if worker.held:
            self._become(task, worker.held[-1])
        elif worker.own is not None:
            task._cs_id, task._cs_stage, task._cs_jname, task._cs_tail = worker.own
        else:
            task._cs_id = -1
            task._cs_stage = self.ended
            task._cs_jname = task._cs_tail = None

    def _idle_wait(self, q, task):
        """task's get() of q waits (the queue is empty). A worker with a lane
        of its own (it slept first, or holds a permit around its get(): its
        `queue_worker` line), holding no item, is idle until it takes one:
        its lane waits in get(), not runs (a `get_wait` line, ended by a
        `get_end` at the take or when the get() is cancelled). Not on a
        queue known as a pool: there the borrowing's lane draws the wait.
        Only on get()'s waiting path: a get() that finds an item pays nothing."""
        st = self._state(q)
        if st is None or task is None or st.pool or task in self.idle:
            return
        worker = self.workers.get(task)
        if worker is None or worker.own is None or worker.held:
            return
        lane = task._cs_id
        if lane < 0 or lane != worker.own[0] or task._cs_stage >= self.ended:
            return
        self.idle[task] = lane
        ts = self.tracer.now()
        self._line('{"t": %s, "ev": "get_wait", "task": %d}\n' % (ts, lane), ts)

    def _idle_over(self, task):
        """task's wait in get() (_idle_wait), if any, ends now: it takes an
        item (the item's `worker` line follows) or its get() was cancelled."""
        lane = self.idle.pop(task, None)
        if lane is not None:
            ts = self.tracer.now()
            self._line('{"t": %s, "ev": "get_end", "task": %d}\n' % (ts, lane), ts)

    # ------------------------------------------------------------ pools
    # A task that waits in get() for an object of a pool (all of them
    # borrowed) waits as a task waits for a semaphore's permit: its
    # borrowing's lane is created and asks (`request`) where its get()
    # began to wait, and runs where it takes the object. On a queue known
    # as a pool (its first return is past) those lines are written at the
    # wait. Before it, a queue whose objects were all taken and put back
    # by none yet may be a pool or a channel: the wait of a task that has
    # not taken from it is held (_Wait.index: the place in the tracer's
    # queue of lines, Tracer._get_holds, which writes nothing meanwhile, up to
    # _HOLD_LINES entries), and its lines go there, stamped when it began,
    # if what it takes is a pool's object (the return that woke it made
    # the queue a pool); else the hold ends with no line. Only for a
    # program's own queues, on a get() that finds its queue empty.
    def _get_wait(self, q, task):
        st = self._state(q)
        if st is None or task is None or st.done_seen or task in st.waits:
            return
        if st.own and task in st.own:
            # A borrower with a lane of its own waits for a free token: its lane asks (as for a permit).
            if task not in self.own_waits and task._cs_stage < self.ended:
                self.own_waits[task] = q
                ts = self.tracer.now()
                task._cs_stage = self.created + 1  # (the tracer's _REQUESTED)
                self._line('{"t": %s, "ev": "request"%s' % (ts, self._tail(task)), ts)
            return
        tracer = self.tracer
        if st.pool:
            job = self._new_id()
            ts = tracer.now()
            tail = ', "task": %d, "name": %s}\n' % (job, _WAITING_NAME)
            self._line('{"t": %s, "ev": "created"%s{"t": %s, "ev": "request"%s' % (ts, tail, ts, tail), ts)
            st.waits[task] = _Wait(job, ts, -1, 0)
            return
        if st.fed or not st.taken or task in st.workers:
            return  # (a channel, a queue nothing was taken from yet, a consumer's next item)
        held = tracer._get_holds
        if held is None:
            held = tracer._get_holds = []
        self.holds += 1
        wait = st.waits[task] = _Wait(None, tracer.now(), len(tracer._out), self.holds)
        held.append(wait)

    def _get_left(self, q, task):
        """task's get() that waited ended with no object (cancelled)."""
        if self.idle:
            self._idle_over(task)
        if self.own_waits and self.own_waits.pop(task, None) is not None:
            # A borrower with a lane of its own: it goes on without a token.
            if task._cs_stage < self.ended:
                task._cs_stage = self.running
                ts = self.tracer.now()
                self._line('{"t": %s, "ev": "gave_up"%s' % (ts, self._tail(task)), ts)
            return
        st = self._state(q)
        wait = st.waits.pop(task, None) if st is not None and st.waits else None
        if wait is None:
            return
        if wait.job is None:
            self._wait_over(wait)
            return
        # Its borrowing's lane, opened at its wait, never got an object.
        ts = self.tracer.now()
        self._line('{"t": %s, "ev": "cancelled", "task": %d, "name": %s}\n' % (ts, wait.job, _WAITING_NAME), ts)

    def _unhold(self, wait, text):
        """The held wait `wait` was for a pool's object: its lines `text`
        go where it began."""
        tracer = self.tracer
        held = tracer._get_holds
        if wait.index < 0 or held is None:
            return
        out = tracer._out
        out.insert(wait.index, text)
        for other in held:
            # (One begun later at the same place goes after it.)
            if other.index > wait.index or (other.index == wait.index and other.seq > wait.seq):
                other.index += 1
        self._wait_over(wait)

    def _wait_over(self, wait):
        """A held wait ends (its lines written, or none)."""
        tracer = self.tracer
        held = tracer._get_holds
        if wait.index >= 0 and held is not None:
            wait.index = -1
            held.remove(wait)
            if not held:
                tracer._get_holds = None
                if len(tracer._out) >= tracer._flush_every:
                    tracer.flush()

    def _unhold_all(self, st):
        """st's queue is no pool (a channel, a job queue): its held waits end."""
        for wait in st.waits.values():
            self._wait_over(wait)
        st.waits.clear()

    def drop_holds(self):
        """The tracer's queue of lines reached _HOLD_LINES entries: the
        held waits are not drawn (their tasks' lanes start at their take).
        One that turns out a wait for a pool's object is told at its take
        (a pool_wait_not_drawn warning, once per queue: _taken)."""
        held, self.tracer._get_holds = self.tracer._get_holds, None
        out = self.tracer._out
        for wait in held or ():
            if isinstance(wait, _HeldPut) and wait.index >= 0:
                # (An item's enqueue: written where it was put, the first get() not seen yet.)
                out.insert(wait.index, wait.text)
                for other in held:
                    if other.index > wait.index or (other.index == wait.index and other.seq > wait.seq):
                        other.index += 1
                wait.index = -1
        for wait in held or ():
            if wait.index >= 0:
                wait.index = _DROPPED

    def _pooled(self, st, item):
        """item, put into the pool st's queue, is one of its objects (no job)."""
        jobs = st.items.get(id(item))
        if jobs is None:
            jobs = st.items[id(item)] = collections.deque()
        jobs.append((None, -1))

    def _takes_too(self, frame):
        """Does the program's code that puts an item (its frames from
        `frame` out, up to the loop's) also take from a queue (names get()
        or get_nowait())?"""
        libraries = self.libraries
        frame = self._program_frame(frame)
        while frame is not None and not frame.f_code.co_filename.startswith(libraries):
            names = frame.f_code.co_names
            if "get" in names or "get_nowait" in names:
                return True
            frame = frame.f_back
        return False

    def _given_back(self, st, q, item, task):
        """Is task's put of item into q a return to a pool (the module's
        docstring)? Where it holds it: (worker, k) for worker.held[k],
        (None, k) for st.unheld[k]; and where the program gives it back
        ((file, line), or None); None when it is not a return."""
        if (item is None and not st.none_items) or st.done_seen or task is None or (st.fed and not st.pool):
            return None
        found = None
        worker = self.workers.get(task)
        if worker is not None:
            for k in range(len(worker.held) - 1, -1, -1):
                h = worker.held[k]
                if h[0] is q and h[5] is item:
                    found = (worker, k)
                    break
        if found is None:
            for k in range(len(st.unheld) - 1, -1, -1):
                if st.unheld[k][2] is task and st.unheld[k][3] is item:
                    found = (None, k)
                    break
        if found is None:
            return None
        # The program's frames that put it (inner first, up to the loop's
        # own): one that names task_done() puts an item back to do it again.
        libraries = self.libraries
        frame = self._program_frame(sys._getframe(1))
        where = None if frame is None else (frame.f_code.co_filename, frame.f_lineno)
        while frame is not None and not frame.f_code.co_filename.startswith(libraries):
            if "task_done" in frame.f_code.co_names:
                return None
            frame = frame.f_back
        return found + (where,)

    def _program_frame(self, frame):
        """The first of frame and its callers that is the program's (not
        the standard library's or an installed package's); None: none."""
        libraries = self.libraries
        while frame is not None and frame.f_code.co_filename.startswith(libraries):
            frame = frame.f_back
        return frame

    def _pool_return(self, st, q, item, task, back):
        """task gave item back to the pool q: its borrowing ends now (done;
        failed or cancelled as at a task_done()), the object waits in q as
        no job; the first return on q says so (a queue_pool warning)."""
        worker, k, where = back
        ts = self.tracer.now()
        if worker is not None:
            held = worker.held.pop(k)
            job = held[1]
            self._end_taken(task, worker, held, ts)
        else:
            job, jname, _taker, _item = st.unheld.pop(k)
            self._line(_done_lines(ts, job, jname), ts)
        self._pooled(st, item)
        if not st.pool:
            self._became_pool(st, q, ts, job, where)

    def _became_pool(self, st, q, ts, job, where, own=False):
        """q's first return (by lane `job`, at `where`; own: a task that
        borrows on its own lane): it is a pool: its queue_pool note, and its
        objects put in before are no jobs."""
        st.pool = True
        self._line('{"t": %s, "ev": "warning", "kind": "queue_pool", "message": %s%s, "task": %d%s}\n'
                   % (ts, jstr(_POOL_OWN_MESSAGE if own else _POOL_MESSAGE), _place(where), job,
                      ', "own": true' if own else ""), ts)
        # The objects put in before this first return were the pool's, not
        # jobs queued: each lane whose `enqueue` put one has a pool_object
        # line (no time queued). Those taken already are borrowings (their
        # lanes go on); those still in the queue are idle objects (named
        # after them), and taken later, a borrowing of its own, as a
        # returned one's.
        pooled = [(job, None) for job in st.taken_jobs]
        st.taken_jobs = None
        for obj in q._queue:
            jobs = st.items.get(id(obj))
            if jobs and jobs[0][0] is not None:
                pooled.append((jobs[0][0], obj))
                jobs.popleft()
                jobs.append((None, -1))
        for job, obj in sorted(pooled, key=lambda e: e[0]):
            if obj is None:
                self._line('{"t": %s, "ev": "pool_object", "task": %d}\n' % (ts, job), ts)
            else:
                self._line('{"t": %s, "ev": "pool_object", "task": %d, "name": %s}\n'
                           % (ts, job, jstr(_object_name("", obj))), ts)

    # ------------------------------------------------------------ borrowers with a lane of their own
    # A task that has a lane when it first calls get() of a queue (it did
    # something first: `await asyncio.sleep(...)` to parse its link) and
    # whose code gives back what it took (`slot = await limit.get()` ...
    # `finally: limit.put_nowait(slot)`, on that same queue, no task_done())
    # borrows on that lane: no worker (before, a `queue_worker` lane idle in
    # get() and a lane per take beside it: "7 tasks + 7 queue workers" for
    # 7 tasks). Its wait in get() for a free token is its lane's `request`,
    # the take its `worker` and `running` (drawn as a wait for a free object
    # of the pool), the return no end (its task goes on). The items put in
    # before the queue's first get() are held (_HeldPut): when that first
    # getter is such a borrower, they are slot tokens, a pool's objects with
    # no lane (each was a job's lane, queued, that no borrowing took).
    def _first_get(self, st, q, task):
        """The first get() (or get_nowait()) of q, by task: its held
        `enqueue` lines are written where they were put, or, when task
        borrows on a lane of its own, dropped (the items are slot tokens)."""
        st.got = True
        held, st.held_puts = st.held_puts, None
        held = [hold for hold in held or () if hold.index >= 0]  # (not those drop_holds wrote)
        if not held:
            return
        if self._own_borrower(st, q, task, {h.job for h in held}):
            dropped = {h.job for h in held}
            self.tokens += len(dropped)
            for jobs in st.items.values():
                for k, (job, _parent) in enumerate(jobs):
                    if job in dropped:
                        jobs[k] = (None, -1)
            for hold in held:
                self._wait_over(hold)
            return
        for hold in held:
            self._unhold(hold, hold.text)

    def _own_borrower(self, st, q, task, held=()):
        """Does task, with a lane of its own and no worker of a queue, borrow
        from q on that lane? q is no job queue or channel (no task_done(),
        not fed by a producer), holds no job's item (`held`: jobs whose
        `enqueue` is held, not written), and the program's code that calls
        get() gives back to q what it took (_give_backs)."""
        if (task is None or st.done_seen or st.fed or st.own_off or task in self.workers
                or getattr(task, "_cs_main", False)):
            return False
        if getattr(task, "_cs_id", -1) < 0 or not self.created <= getattr(task, "_cs_stage", 0) < self.ended:
            return False
        for jobs in st.items.values():
            for job, _parent in jobs:
                if job is not None and job not in held:
                    return False
        frame = self._program_frame(sys._getframe(1))
        if frame is None:
            return False
        code = frame.f_code
        keys = self.shapes.get(code)
        if keys is None:
            keys = self.shapes[code] = _give_backs(code)
        for load, name, chain in keys:
            if load in ("LOAD_GLOBAL", "LOAD_NAME"):
                obj = frame.f_globals.get(name)
            else:
                obj = frame.f_locals.get(name)
            for attr in chain:
                obj = getattr(obj, "__dict__", {}).get(attr)
            if obj is q:
                return True
        return False

    @staticmethod
    def _own_add(st, task):
        if st.own is None:
            st.own = weakref.WeakSet()
        st.own.add(task)

    def _tail(self, task):
        return task._cs_tail or ', "task": %d, "name": %s}\n' % (task._cs_id, task._cs_jname or jstr(task.get_name()))

    def _own_take(self, st, q, item, task):
        """task, a borrower with a lane of its own, took item (a token, no
        job) from q: its lane runs from here (after its request: a wait for
        a free object of the pool, written at the wait)."""
        st.taken += 1
        if st.waits:
            st.waits.pop(task, None)
        number = st.workers.setdefault(task, len(st.workers))
        ts = self.tracer.now()
        tail = self._tail(task)
        if task._cs_stage < self.ended:
            waited = self.own_waits.pop(task, None) is not None
            text = '{"t": %s, "ev": "worker", "task": %d, "worker": %d}\n' % (ts, task._cs_id, number)
            if not waited:
                text += '{"t": %s, "ev": "request"%s' % (ts, tail)
            self._line(text + '{"t": %s, "ev": "running"%s' % (ts, tail), ts)
            task._cs_stage = self.running
        held = self.borrowed.get(task)
        if held is None:
            held = self.borrowed[task] = []
        held.append((q, item))

    def _own_holds(self, q, item, task):
        """Where in its list the borrower task holds item of q (None: it
        does not, or the code that puts it names task_done())."""
        held = self.borrowed.get(task)
        if not held:
            return None
        for k in range(len(held) - 1, -1, -1):
            if held[k][0] is q and held[k][1] is item:
                frame = self._program_frame(sys._getframe(2))
                libraries = self.libraries
                while frame is not None and not frame.f_code.co_filename.startswith(libraries):
                    if "task_done" in frame.f_code.co_names:
                        return None
                    frame = frame.f_back
                return k
        return None

    def _own_return(self, st, q, item, task):
        """Is task's put of item a borrower's return of its token? Then the
        token is the pool's again (no job); the first return says q is a
        pool (queue_pool). Its lane goes on: its task does."""
        k = self._own_holds(q, item, task)
        if k is None:
            return False
        del self.borrowed[task][k]
        self._pooled(st, item)
        if not st.pool:
            where = self._program_frame(sys._getframe(1))
            where = None if where is None else (where.f_code.co_filename, where.f_lineno)
            self._became_pool(st, q, self.tracer.now(), task._cs_id, where, own=True)
        return True
