"""Ties the virtual clock makes between timers, told to the user.

On the virtual clock no time passes while Python runs, so two timers set
for the same delay at one instant (two `asyncio.sleep(0.1)`, two
`wait_for(..., 0.25)`) fall due at exactly the same time (or, when their
delays add up to it in other sums, the same time but for the rounding of
those sums: 0.6 + 0.5 against 0.1 + 0.2 + ... + 0.2), and the loop's
heap runs them in heap order, which is not always the order they were set
in: heapq keeps no order among equal keys. On a real clock the one set
first is due a few microseconds earlier and runs first. So where timers due
at one instant run in another order than they were set in, this run and a
real one can part from there on (which task wakes first, the order of
prints, of results): the runner says so, once, with a `timer_tie` warning
at the first such instant (docs/trace-extensions.md).

Each TimerHandle made while the program runs gets a sequence number (the
order timers were set in) and the task that set it; when a timer runs, it
is compared with the timer that ran before it: due at the same time but
set earlier means the two ran out of the order they were set in.

"The one set first is due first" holds for delays the program fixed
(`sleep(0.75)`): on a real clock each step's time only pushes later
timers later. It does not hold for a delay computed from a reading of the
clock (`sleep(next_slot - loop.time())`, a rate limiter's slots): such a
deadline is anchored to an earlier instant, and on a real clock it can be
due before a timer set earlier for a fixed delay. Where timers set at
different virtual instants fall due at one, and one of them was set from
the clock (vclock.Clock.until: the same task computed a time until a point
at the instant it set the timer), the order a real run takes is not known:
the runner says so, once, with a `clock_tie` warning.

Timers set for fixed delays at different instants that fall due at one
(`sleep(1.5)` at 0 and `sleep(0.5)` at 1.0) run in one iteration of the
loop here, in the order they were set. On a real clock each is due later
than here by the time the steps and the loop's wake-ups that led to its
setting took, so they fall due apart, often an iteration of the loop or
more: what the first one woke runs on before the other wakes (prints come
in another order). Which is first, those times decide: the one set later
when it was set after a wake-up of its own since the other was set (the
example's), but a timer set after fewer wake-ups can be due first (one
set at 0.5 after one wake-up against one set at 0.4 after two: CPython
3.11.7 had the one set later due first in 9 runs of 10). The runner says
so, once, with an `instant_tie` warning.
"""

import itertools
import reprlib
import threading
from asyncio import events as _events
from asyncio import tasks as _tasks

from . import tracer as _tracer
from .tracer import lane_name
from .vclock import Point


_short = reprlib.Repr()
_short.maxstring = _short.maxother = 20


class TimerTies:
    def __init__(self, runner):
        self.runner = runner
        self.count = 0       # timers that ran while one due at the same time, set earlier, still waited
        self._batch = []     # the timers of the batch running now, in the order they were set
        self._ids = set()    # id() of those not run yet
        self._front = 0      # _batch[_front:]: the first set of those not run yet is at or after it
        self.clocked = 0     # batches of timers set at different instants, one of them from the clock
        self.together = 0    # batches of timers set for fixed delays at different instants

    def install(self, patch):
        base = _events.TimerHandle
        ties = self
        seq = itertools.count()
        current_task = _tasks.current_task
        clock = self.runner.clock
        get_ident = threading.get_ident

        def who():
            try:
                return current_task()
            except RuntimeError:  # no running loop (a thread of the program's)
                return None

        clock.who = who

        class TimerHandle(base):
            __slots__ = ("_cs_seq", "_cs_task", "_cs_at", "_cs_from_clock", "_cs_origin")

            def __init__(self, when, callback, args, loop, context=None):
                super().__init__(when, callback, args, loop, context)
                # (A deadline fixed by a reading of the clock: its reading.)
                self._cs_origin = when.origin if type(when) is Point else None
                self._cs_seq = next(seq)
                self._cs_task = task = current_task(loop)
                self._cs_at = now = clock.now
                until = clock.until
                # (A task's own, made in the loop's thread: not a callback's, nor
                # a program thread's time.sleep(), made there while a task runs.)
                self._cs_from_clock = (until is not None and until[0] == now and task is not None and
                                       until[1] is not None and until[1]() is task and until[2] == get_ident())

            def _run(self):
                try:
                    ties.running(self)
                except Exception:  # noqa: BLE001 - a note of the runner's never breaks the program's run
                    pass
                return super()._run()

        TimerHandle.__module__ = base.__module__
        TimerHandle.__qualname__ = base.__qualname__
        self._kind = TimerHandle
        patch(_events, "TimerHandle", TimerHandle)

    def running(self, timer):
        """`timer` runs now. The loop moved every timer due by now into its
        ready queue at once, the batch (`timer` already taken out of it):
        the first of a batch finds the others there."""
        if id(timer) not in self._ids:
            kind, when = self._kind, timer._when
            batch = [h for h in timer._loop._ready if type(h) is kind and _same_instant(h._when, when)
                     and not h._cancelled]
            if batch and not self.clocked:
                self._clock_tie(timer, batch)
            if batch and not self.together:
                self._instant_tie(timer, batch)
            batch.append(timer)
            batch.sort(key=lambda h: h._cs_seq)
            self._batch, self._ids, self._front = batch, {id(h) for h in batch}, 0
        self._ids.discard(id(timer))
        batch = self._batch
        while self._front < len(batch) and (id(batch[self._front]) not in self._ids or
                                            batch[self._front]._cancelled) and batch[self._front] is not timer:
            self._front += 1
        first = batch[self._front]
        if first is timer:
            self._front += 1
        else:
            self.ran_before(timer, first)
        if not self._ids:
            # The batch has run: its timers (and the tasks they name) are let
            # go, as the loop lets them go. Held on, a task that failed with
            # nobody awaiting it lived on to the next instant, and so did
            # asyncio's "Task exception was never retrieved" (logged when
            # the task is freed): at 0.5 s for a task that failed at 0.2.
            self._batch, self._front = [], 0

    def ran_before(self, timer, waiting):
        """`timer` runs while `waiting`, due at the same time, set earlier,
        still waits: a warning at the first time, a count after that. Not
        for two timers set for one point in time (_one_point): due at the
        same time on a real clock too, the one set first is not due first."""
        if _one_point(timer, waiting):
            return
        self.count += 1
        if self.count > 1:
            return
        run = self.runner
        thread = _thread(waiting)
        task = _owner(waiting._cs_task) if thread is None else thread[1]
        tid = getattr(task, "_cs_id", -1)
        # A task's own wake-up (its sleep's, its wait_for's) waits where the
        # task awaits: the line that set it (a Queue worker's with no lane
        # too). A callback's was set elsewhere.
        own = tid >= 0 or (thread is None and task is not None and _laneless_worker(task))
        where = run.places.of_task(task) if own and _callback(waiting) is None and not task.done() else None
        message = ("timers due at the same virtual instant ran out of the order they were set in: %s ran "
                   "before %s, set earlier; on a real clock the one set first is due a little earlier "
                   "and runs first, so from here on this run's order can differ from real CPython's"
                   % (_timer(timer), _timer(waiting)))
        run.warning_line("timer_tie", message, where, task if tid >= 0 else None,
                         extra=(("ran", _timer_data(timer)), ("before", _timer_data(waiting))))


    def posted_behind(self, mirror, ready, upto):
        """A program's thread, its time.sleep() over at `mirror` (a timer of
        the loop's), queued callbacks (call_soon_threadsafe) that run after
        ready[:upto], the rest of this instant's timers. One of those set
        after the thread's sleep would, on a real clock, be due a little
        later than the sleep's end, and run after what the thread queued: a
        tie the virtual clock made (told as timer_tie: that timer ran before
        the thread's sleep, set earlier, whose effects waited)."""
        kind, when, seq = self._kind, mirror._when, getattr(mirror, "_cs_seq", None)
        if seq is None:
            return
        for k in range(upto):
            h = ready[k]
            if type(h) is kind and not h._cancelled and h._cs_seq > seq and _same_instant(h._when, when):
                self.ran_before(h, mirror)
                return

    def _clock_tie(self, timer, rest):
        """`timer` runs first of a batch, `rest` (in the order they will
        run) due at the same instant: if they were set at different
        instants and one from the clock, a `clock_tie` warning (once)."""
        batch = [timer] + rest
        computed = next((h for h in batch if h._cs_from_clock and
                         any(o._cs_at != h._cs_at for o in batch)), None)
        if computed is None:
            return
        other = next(o for o in batch if o._cs_at != computed._cs_at)
        self.clocked += 1
        first, second = (computed, other) if batch.index(computed) < batch.index(other) else (other, computed)
        message = ("timers set at different instants fall due at the same virtual instant, and %s was set from a "
                   "reading of the clock (a delay such as `deadline - loop.time()`): %s ran first, then %s; on a "
                   "real clock how long the program's steps took decides which is due first, so from here on "
                   "this run's order can differ from real CPython's"
                   % (_timer(computed), _timer(first), _timer(second)))
        data = [_timer_data(first), _timer_data(second)]
        data[0 if first is computed else 1]["computed"] = True
        self._tie_line("clock_tie", message, computed, data)


    def _instant_tie(self, timer, rest):
        """`timer` runs first of a batch, `rest` due at the same instant: if
        two were set for fixed delays at different instants, an
        `instant_tie` warning (once): on a real clock they fall due apart,
        in an order the time the steps before each took decides (the one set
        later is not always the later one), often an iteration or more
        apart."""
        batch = [timer] + rest
        if any(h._cs_from_clock for h in batch):
            return  # (a deadline from the clock: clock_tie's, whose order is not known)
        # Two timers set for one point in time (_one_point) are due together on a real clock too.
        batch.sort(key=lambda h: (h._cs_at, h._cs_seq))
        first, later = batch[0], None
        for h in batch:
            later = [o for o in batch if o._cs_at != h._cs_at and not _one_point(o, h)]
            if later:
                first = h
                break
        if not later:
            return
        second = min(later, key=lambda h: (h._cs_at, h._cs_seq))
        self.together += 1
        message = ("timers set at different instants fall due at the same virtual instant and ran in one loop "
                   "iteration: %s, set first, and %s, set later; on a real clock each is due a little later than "
                   "here, by the time the steps and wake-ups that led to it took, so they fall due apart, often a "
                   "loop iteration or more, in an order those times decide (the one set later can be due first), "
                   "so from here on this run's order can differ from real CPython's"
                   % (_timer(first), _timer(second)))
        self._tie_line("instant_tie", message, second, [_timer_data(first), _timer_data(second)])

    def _tie_line(self, kind, message, timer, data):
        """A tie's warning line about two timers (`data`: first and second),
        placed at `timer`: its traced task and, for its own wake-up (a sleep's,
        a wait_for's), where that task waits."""
        task = _owner(timer._cs_task)
        tid = getattr(task, "_cs_id", -1)
        own = tid >= 0 or (task is not None and _laneless_worker(task))
        where = (self.runner.places.of_task(task) if own and _callback(timer) is None and not task.done()
                 else None)
        self.runner.warning_line(kind, message, where, task if tid >= 0 else None,
                                 extra=(("first", data[0]), ("second", data[1])))


def _one_point(a, b):
    """Were timers a and b set for one point in time, fixed by one reading of
    the clock (vclock.Point: `timeout_at(deadline)` in two tasks,
    `call_at(t0 + 1.0, ...)` at two instants)? Then they are due at the same
    time on a real clock too, in the order the loop's heap gives them, as
    here: the tie is not the virtual clock's."""
    origin = a._cs_origin
    return origin is not None and origin is b._cs_origin and a._when == b._when


def _same_instant(a, b):
    """a and b are one instant but for the rounding of sums of delays:
    0.6 + 0.5 is 1.1, while 0.1 + 0.2 + ... + 0.2 is 1.0999999999999999. A
    program that means one instant gets two a few units in the last place
    apart; due in one iteration of the loop (its clock's resolution is a
    nanosecond), they run in the order of those rounding errors, which no
    real clock follows."""
    return a == b or abs(a - b) <= 1e-12 * max(1.0, abs(a))


def _thread(handle):
    """(name, task, main) of the program's thread whose time.sleep() ends at
    a scheduler timer (scheduler.Scheduler._mirror), or None for another
    timer: task is the traced task whose pool job the thread runs (its lane
    id >= 0), else None; main, whether the job is main()'s own. Such a timer
    is made on the thread while whatever task runs on the loop: that task
    is not its maker."""
    if getattr(handle._callback, "__name__", "") != "_fire_from_loop" or not handle._args:
        return None
    thread = getattr(getattr(handle._args[0], "arg", None), "thread", None)
    name = getattr(thread, "name", None)
    if name is None:
        return None
    job = getattr(thread, "_cs_job", None)  # (tracer.TracedJob.run)
    task = getattr(job, "task", None)
    main = getattr(job, "main", -1) >= 0
    return name, (task if not main and getattr(task, "_cs_id", -1) >= 0 else None), main


def _timer(handle):
    """A timer as the message names it: whose it is, and what it calls when
    that is the program's own callback (call_later(0.1, print, ...)). The
    words of _timer_data's facts, as the app words them."""
    d = _timer_data(handle)
    if "thread" in d:
        if "task" in d:
            text = "the time.sleep() of task %d's job (%s) in thread %s" % (d["task"], d["name"], d["thread"])
        elif d.get("main"):
            text = "the time.sleep() of main()'s job in thread %s" % d["thread"]
        else:
            text = "the time.sleep() of thread %s" % d["thread"]
    elif "task" in d:
        text = "task %d's timer (%s)" % (d["task"], d["name"])
    elif "name" in d:
        text = "%s's timer (a task with no lane)" % d["name"]
    elif d.get("main"):
        text = "main()'s timer"
    else:
        text = "a callback's timer"
    return text + " for " + d["call"] if "call" in d else text


def _timer_data(handle):
    """_timer's words as data: {"task", "name"} for a traced task's timer,
    {"main": true} for main()'s, {"name"} alone for a task with no lane (a
    Queue's worker between its items: its `wait_for(q.get(), t)`'s timeout,
    a pause of its own), {} for a callback's; a thread's sleep adds
    {"thread": name} (with its pool job's task or main); "call" when it
    calls the program's own callback."""
    thread = _thread(handle)
    if thread is not None:
        name, task, main = thread
        if task is not None:
            return {"task": task._cs_id, "name": lane_name(task), "thread": name}
        return {"main": True, "thread": name} if main else {"thread": name}
    task = _owner(handle._cs_task)
    tid = getattr(task, "_cs_id", -1)
    if tid >= 0:
        data = {"task": tid, "name": lane_name(task)}
    elif task is None:
        data = {}
    elif _laneless_worker(task):
        data = {"name": task.get_name()}
    else:
        data = {"main": True}  # (main()'s, or a helper task of main()'s: wait_for's inner task)
    call = _callback(handle)
    if call:
        data["call"] = call
    return data


def _owner(task):
    """The task a timer set in `task` is drawn as whose: task, or for
    wait_for's inner task that runs a Semaphore's acquire() or a Queue's
    get() or put() for a task (the tracer's helpers), that task."""
    tracer = _tracer._current
    if tracer is None or task is None or getattr(task, "_cs_id", -1) >= 0:
        return task
    try:
        maker = tracer._helpers.get(task)
        if maker is None and tracer._queues is not None:
            maker = tracer._queues.helpers.get(task)
    except TypeError:  # (not weakly referable)
        return task
    return task if maker is None else maker


def _laneless_worker(task):
    """Is task, which has no lane now, a worker of one of the program's
    Queues (it took items, or waits in get(), with no lane of its own)? Any
    other task without a lane is main()'s or works for it."""
    tracer = _tracer._current
    try:
        return tracer is not None and tracer._queues is not None and task in tracer._queues.workers
    except TypeError:
        return False


def _callback(handle):
    """The program's own callback of a timer, spelled as a call ("hello(2)");
    None for asyncio's (a sleep's or wait_for's wake-up) and the runner's."""
    name = getattr(handle._callback, "__qualname__", "")
    if not name or name.startswith("_") or "._" in name:
        return None
    return "%s(%s)" % (name, ", ".join(_short.repr(a) for a in handle._args or ()))
