"""Threads taking turns on the virtual clock, and the loop's virtual select().

The program's threads are real threads, but only one of them runs at a
time: the main thread (which runs the event loop) hands the turn to a
thread that became runnable and waits until that thread blocks again. A
thread blocks only in the scheduler: in time.sleep (it wakes at a virtual
time), waiting for executor work, in Thread.join(), on a concurrent.futures
Future or a queue.Queue (VirtualCondition), or on a lock threading makes
(VirtualLock, VirtualRLock: threading.Lock and RLock, and under them
threading's Condition, Semaphore, BoundedSemaphore, Event, Barrier and
Timer; _thread.allocate_lock and RLock, functools.cached_property's lock;
queue.SimpleQueue, VirtualSimpleQueue, is queue's Python one over them).
A lock-order deadlock among threads is told when its cycle closes
(Scheduler.lock_cycle). Anything else that blocks a thread for real while
it holds the turn (a lock made before the run started, a pipe's read) is
caught by the runner's watchdog.

So a run is deterministic: what runs next never depends on the OS.

Virtual time moves in two places only:
  - the loop's select(timeout) (VirtualSelector): nothing is ready, so the
    clock jumps by `timeout` to the next timer, as the oracle's selector
    does (`now += timeout`, in doubles);
  - a blocking wait of the main thread (time.sleep on the loop's thread is
    a cpu slice): block_main() moves the clock from timer to timer, running
    the threads whose sleep ends meanwhile (they run in parallel with the
    blocked loop, as real threads would), until the wait is over.

A sleeping thread's wake-up is a scheduler timer; while a loop runs, each
timer is also a TimerHandle in the loop's heap, so that wake-ups and the
loop's own timers due at the same instant run in heapq order, exactly like
the oracle's executor (tests/reference), whose jobs are loop timers. When a
woken executor job completes, the result reaches its asyncio future at once
(within the wake-up callback, as the oracle's timer callback sets it), not
one loop iteration later through call_soon_threadsafe.
"""

import collections
import heapq
import itertools
import queue
import sys
import threading

import selectors
from asyncio import events as _events

_allocate_lock = threading._allocate_lock
_get_ident = threading.get_ident

RUNNABLE, RUNNING, SLEEPING, WAITING, FINISHED = "runnable", "running", "sleeping", "waiting", "finished"

_SET_STATE = "_chain_future.<locals>._set_state"  # asyncio.futures: a job's result to its asyncio future


class ProgramThread:
    """A thread of the program, as the scheduler sees it. `lock` is held
    while the thread may not run: releasing it hands the thread the turn."""

    __slots__ = ("thread", "lock", "gate", "state", "joiners", "what", "waiting_on", "for_ever")

    def __init__(self, thread):
        self.thread = thread
        self.lock = _allocate_lock()
        self.lock.acquire()
        self.gate = _allocate_lock()  # a new thread's first park (see Scheduler.start_thread)
        self.gate.acquire()
        self.state = RUNNABLE
        self.joiners = []
        self.what = ""                # what it waits for (deadlock reports)
        self.waiting_on = None        # the VirtualLock it waits for, if any (deadlock reports)
        self.for_ever = False         # ... without a timeout


class Timer:
    """A scheduler timer: at `when`, call action(arg) on the main thread."""

    __slots__ = ("when", "seq", "action", "arg", "fired", "handle")

    def __init__(self, when, seq, action, arg):
        self.when, self.seq, self.action, self.arg = when, seq, action, arg
        self.fired = False
        self.handle = None

    def __lt__(self, other):
        return (self.when, self.seq) < (other.when, other.seq)


class Scheduler:
    def __init__(self, clock, runner):
        self.clock = clock
        self.runner = runner
        self.main = ProgramThread(threading.main_thread())
        self.main.state = RUNNING
        self.holder = self.main          # the thread that has the turn
        self.handovers = 0               # turns handed so far (the watchdog sees progress)
        self.runnable = collections.deque()
        self.timers = []
        self._seq = itertools.count()
        self.loop = None                 # the virtual loop running now (in the main thread)
        self.same_instant = 0            # loop iterations since the clock last moved
        self.iteration_t0 = 0.0          # the virtual time the loop's current iteration began at
        self.max_same_instant = 1_000_000
        self._no_handover = 0            # > 0 inside executor.submit: threads wait to run
        self.threads = {}                # the program's threads not finished yet (in start order)

    # ------------------------------------------------------------ threads
    def current(self):
        """The calling thread's ProgramThread, or None (not the program's)."""
        if _get_ident() == self.main.thread.ident:
            return self.main
        return getattr(threading.current_thread(), "_cs_thread", None)

    def make_runnable(self, st):
        if st.state != FINISHED:
            st.state = RUNNABLE
            self.runnable.append(st)

    def run_runnables(self):
        """Main thread: give the turn to each runnable thread in order, each
        until it blocks again or ends."""
        main = self.main
        while self.runnable:
            st = self.runnable.popleft()
            if st.state != RUNNABLE:
                continue
            st.state = RUNNING
            self.holder = st
            self.handovers += 1
            st.lock.release()
            main.lock.acquire()
            self.holder = main
            self.handovers += 1

    def park(self, st, state, what=""):
        """A program thread other than main blocks: the turn goes back to
        the main thread until someone makes it runnable and main runs it."""
        st.state = state
        st.what = what
        self.main.lock.release()
        st.lock.acquire()

    def may_hand_over(self):
        """Can the calling thread run the runnable threads now?"""
        return self._no_handover == 0 and _get_ident() == self.main.thread.ident

    def adopt(self, thread):
        """A thread about to start becomes a program thread."""
        st = ProgramThread(thread)
        thread._cs_thread = st
        self.threads[st] = None
        return st

    def stuck_threads(self):
        """The program's threads (not main) waiting for something that is no
        new work (an idle pool worker is not stuck): [ProgramThread]."""
        return [st for st in self.threads if st.state == WAITING and st.what != "executor work"]

    def lock_cycle(self, me):
        """The threads that wait for ever, each for a lock the next one
        holds, the last for one `me` holds, `me` first ([me] alone: a Lock
        it holds itself); None when there is no such cycle through `me`.
        A cycle through the main thread is None too: its wait blocks the
        loop, and deadlock_in_wait tells it once nothing else can run."""
        chain = [me]
        st = me
        main = self.main
        while True:
            lock = st.waiting_on
            if lock is None or not st.for_ever or st is main or not lock._owner:
                return None
            ident = lock._owner
            nxt = main if ident == main.thread.ident else getattr(threading._active.get(ident), "_cs_thread", None)
            if nxt is st and not st.what.endswith("Lock.acquire()"):
                return None  # (a Condition's waiter lock is its waiter's by design)
            if nxt is me:
                return chain
            if nxt is None or nxt in chain:
                return None  # (a cycle that does not go through `me` was told when it closed)
            chain.append(nxt)
            st = nxt

    def thread_body(self, st, run):
        """What a program thread runs: its first park, its run(), its end.
        An exception escaping run() is reported by threading.excepthook here,
        while the thread still holds the turn (so its output is in order)."""
        st.gate.release()   # the starter may go on: this thread is parked
        st.lock.acquire()   # wait for the first turn
        try:
            run()
        except BaseException:
            st.thread._invoke_excepthook(st.thread)
        finally:
            st.state = FINISHED
            self.threads.pop(st, None)
            for joiner in st.joiners:
                self.make_runnable(joiner)
            st.joiners = []
            self.main.lock.release()

    def started(self, st):
        """The starter saw the thread start: wait for its first park, then
        run it now if the starter may hand over (the main thread, outside
        executor.submit), else when the main thread next runs threads."""
        st.gate.acquire()
        self.make_runnable(st)
        if self.may_hand_over():
            self.run_runnables()

    def join(self, st, timeout):
        """The calling program thread waits until st has finished."""
        if st.state == FINISHED:
            return
        me = self.current()
        until = None if timeout is None else self.clock.now + max(timeout, 0.0)
        if me is self.main:
            self.runner.block_main_for(until, lambda: st.state == FINISHED, "Thread.join() on %s" % st.thread.name)
            return
        st.joiners.append(me)
        timer = None if until is None else self.add_timer(until, self.make_runnable, me)
        self.park(me, WAITING, "Thread.join() on %s" % st.thread.name)
        if timer is not None:
            timer.fired = True
        if me in st.joiners:
            st.joiners.remove(me)

    # ------------------------------------------------------------ time
    def advance_to(self, when):
        clock = self.clock
        if when > clock.now:
            if when > clock.cap:
                self.runner.stop_virtual_time(when)
            self.runner.before_advance()
            clock.now = when
            self.same_instant = 0

    def add_timer(self, when, action, arg):
        timer = Timer(when, next(self._seq), action, arg)
        heapq.heappush(self.timers, timer)
        if self.loop is not None:
            self._mirror(timer, self.loop)
        return timer

    def _mirror(self, timer, loop):
        # What loop.call_at() does, without its thread check: a wake-up may be
        # scheduled from a worker thread while the main thread waits for it.
        handle = _events.TimerHandle(timer.when, self._fire_from_loop, (timer,), loop, None)
        if handle._source_traceback:
            del handle._source_traceback[-1]
        heapq.heappush(loop._scheduled, handle)
        handle._scheduled = True
        timer.handle = handle

    def _next_timer(self):
        timers = self.timers
        while timers and timers[0].fired:
            heapq.heappop(timers)
        return timers[0] if timers else None

    def _fire(self, timer):
        timer.fired = True
        timer.action(timer.arg)

    def _fire_from_loop(self, timer):
        """A scheduler timer came due in the loop (a loop callback)."""
        if timer.fired:
            return  # already fired by a blocking wait of the main thread
        loop = self.loop
        ready = loop._ready if loop is not None else None
        before = len(ready) if ready is not None else 0
        self._fire(timer)
        self.run_runnables()
        if ready is not None and len(ready) > before and self._deliver_results(ready, before):
            # What the thread queued (call_soon_threadsafe) runs after the
            # timers of this instant still to run: a tie, when one of them
            # was set after the thread's sleep (ties.TimerTies.posted_behind).
            ties = getattr(self.runner, "ties", None)
            if ties is not None and timer.handle is not None:
                ties.posted_behind(timer.handle, ready, before)

    @staticmethod
    def _deliver_results(ready, before):
        """Executor results that threads posted (call_soon_threadsafe) while
        this callback ran reach their futures now, within the callback; the
        rest they posted stays queued (returned: those handles)."""
        posted = [ready.pop() for _ in range(len(ready) - before)]
        posted.reverse()
        later = []
        for handle in posted:
            if getattr(handle._callback, "__qualname__", None) == _SET_STATE and not handle._cancelled:
                handle._run()
            else:
                later.append(handle)
        ready.extend(later)
        return later

    def block_main(self, until=None, done=None):
        """The main thread waits (time.sleep, join, ...) until done() is true
        or the clock reaches `until` (None: no limit), running the threads
        and timers due meanwhile. Returns done() (True when `until` came);
        False means nothing can ever make done() true."""
        while True:
            if done is not None and done():
                return True
            if self.runnable:
                self.run_runnables()
                continue
            timer = self._next_timer()
            if timer is not None and (until is None or timer.when <= until):
                self.advance_to(timer.when)
                self._fire(timer)
                continue
            if until is not None:
                self.advance_to(until)
                return done() if done is not None else True
            return False

    def sleep(self, secs):
        """time.sleep(secs) of a program thread, on the virtual clock."""
        if not isinstance(secs, (int, float)):
            raise TypeError("'%s' object cannot be interpreted as an integer or float" % type(secs).__name__)
        if secs < 0:
            raise ValueError("sleep length must be non-negative")
        if secs != secs:
            raise ValueError("Invalid value NaN (not a number)")
        me = self.current()
        until = self.clock.now + secs
        if me is self.main:
            self.block_main(until)
        elif me is not None:
            self.add_timer(until, self.make_runnable, me)
            self.park(me, SLEEPING, "time.sleep")
        else:
            raise RuntimeError("time.sleep() in a thread the virtual clock does not know")

    # ------------------------------------------------------------ the loop
    def loop_started(self, loop):
        self.loop = loop
        self.same_instant = 0
        for timer in self.timers:
            if not timer.fired and (timer.handle is None or timer.handle._loop is not loop):
                self._mirror(timer, loop)

    def loop_stopped(self):
        self.loop = None

    def stuck(self, loop):
        """select(None): nothing is ready, no timer, no thread can run, yet
        the loop waits. As the oracle does (spec section 3), the program is
        interrupted as Ctrl-C would interrupt it; a second time,
        KeyboardInterrupt is raised directly; a third time the run stops."""
        count = getattr(loop, "_cs_deadlocks", 0) + 1
        loop._cs_deadlocks = count
        if count == 1:
            self.runner.deadlock(loop)
            return []
        if count == 2:
            raise KeyboardInterrupt()
        self.runner.stop_deadlock()
        return []


class VirtualSelector(selectors._BaseSelectorImpl):
    """The loop's selector: select() never waits, it moves the clock."""

    def __init__(self, loop, sched):
        super().__init__()
        self._loop = loop
        self._sched = sched

    def select(self, timeout=None):
        sched = self._sched
        if sched.runnable:
            sched.run_runnables()
        events = []
        if self._loop._ready:
            timeout = 0  # something arrived meanwhile (a thread's result, a signal)
        if timeout is None:
            events = sched.stuck(self._loop)
        elif timeout > 0:
            sched.advance_to(sched.clock.now + timeout)
        else:
            sched.same_instant += 1
            if sched.same_instant > sched.max_same_instant:
                sched.runner.stop_iterations(self._loop)
        sched.iteration_t0 = sched.clock.now
        return events


class VirtualCondition:
    """A threading.Condition on the scheduler, for the waits the program's
    threads make through the standard library: a concurrent.futures
    Future's (result(), exception(); wait() and as_completed() through
    VirtualEvent) and a queue.Queue's (get(), put() into a full one,
    join()). CPython's own code waits on it; a wait parks the calling
    program thread (the main thread: blocks the loop, running the threads
    and timers due meanwhile) until a notify or its timeout on the virtual
    clock. Its lock is a real one (an RLock of its own, or the Queue's
    mutex): only the thread holding the turn runs, so nobody waits for it."""

    __slots__ = ("_sched", "_lock", "_real", "_waiters", "_what")

    def __init__(self, sched, lock=None, what=None):
        self._sched = sched
        self._lock = threading.RLock() if lock is None else lock
        self._real = None     # a real Condition for a thread the scheduler does not know
        self._waiters = []    # [outcome, ProgramThread]: outcome None while it waits
        self._what = what     # what a wait is, said when it waits for ever (None: the caller's call)

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *exc):
        return self._lock.__exit__(*exc)

    def acquire(self, blocking=True, timeout=-1):
        return self._lock.acquire(blocking, timeout)

    def release(self):
        self._lock.release()

    def notify(self, n=1):
        while n > 0 and self._waiters:
            self._wake(self._waiters.pop(0), True)
            n -= 1
        if self._real is not None:
            self._real.notify(n)

    def notify_all(self):
        waiters, self._waiters = self._waiters, []
        for rec in waiters:
            self._wake(rec, True)
        if self._real is not None:
            self._real.notify_all()

    def _wake(self, rec, outcome):
        if rec[0] is None:
            rec[0] = outcome
            if rec[1] is not self._sched.main:
                self._sched.make_runnable(rec[1])

    def _time_out(self, rec):
        if rec in self._waiters:
            self._waiters.remove(rec)
        self._wake(rec, False)

    def wait(self, timeout=None):
        sched = self._sched
        me = sched.current()
        if me is None:  # (not the program's thread: a real wait)
            if self._real is None:
                self._real = threading.Condition(self._lock)
            return self._real.wait(timeout)
        rec = [None, me]
        self._waiters.append(rec)
        until = None if timeout is None else sched.clock.now + max(timeout, 0.0)
        what = self._what or _waiting_in(1)
        lock = self._lock
        saved = lock._release_save() if hasattr(lock, "_release_save") else lock.release()
        try:
            if me is sched.main:
                sched.runner.block_main_for(until, lambda: rec[0] is not None, what)
                if rec[0] is None:
                    self._time_out(rec)
            else:
                timer = None if until is None else sched.add_timer(until, self._time_out, rec)
                sched.park(me, WAITING, what)
                if timer is not None:
                    timer.fired = True
        finally:
            if hasattr(lock, "_acquire_restore"):
                lock._acquire_restore(saved)
            else:
                lock.acquire()
        return rec[0]


class VirtualEvent:
    """The threading.Event of concurrent.futures' waiters (wait(),
    as_completed()) on the scheduler: threading.Event's code over a
    VirtualCondition."""

    __slots__ = ("_cond", "_flag")

    def __init__(self, sched):
        self._cond = VirtualCondition(sched)
        self._flag = False

    def is_set(self):
        return self._flag

    def set(self):
        with self._cond:
            self._flag = True
            self._cond.notify_all()

    def clear(self):
        with self._cond:
            self._flag = False

    def wait(self, timeout=None):
        with self._cond:
            signaled = self._flag
            if not signaled:
                signaled = self._cond.wait(timeout)
            return signaled


_WAITING, _WOKEN, _TIMED_OUT = 0, 1, 2   # a VirtualLock waiter's state


class _WaitingLock:
    """threading.Lock on the scheduler, and the lock threading allocates
    for everything it builds on locks (threading.Condition's waiters and
    Semaphore, BoundedSemaphore, Event, Barrier, Timer: CPython's own code
    over this lock). The lock itself is a real one (`_real`): taking a free
    lock is taking it, at once. A program thread holding the turn that finds
    it taken waits on the scheduler instead of for real: it is parked (the
    main thread: blocks the loop, running the threads and timers due
    meanwhile) until a release wakes it or its timeout on the virtual clock
    runs out; a wait that nothing can end is a deadlock.

    As CPython's lock (a semaphore): a release hands nothing over, it frees
    the lock and wakes the longest waiting thread, which takes the lock when
    it next runs if it is still free; the thread that released it runs on
    and may take it again first (`for ...: with lock:` keeps it), and then
    the woken one waits again, first in line. A thread the scheduler does
    not know (or a thread starting or ending, outside its turns) waits for
    real."""

    __slots__ = ("_real", "_waiters", "_owner", "__weakref__")
    _sched = None                       # the run's Scheduler (runner.py sets it)
    _new = staticmethod(_allocate_lock)
    _kind = "Lock"

    def __init__(self):
        self._real = self._new()
        self._waiters = None    # deque of [ProgramThread, state] while some wait
        self._owner = 0         # the ident of the thread that took it last (deadlock reports)

    def acquire(self, blocking=True, timeout=-1):
        if timeout != -1:
            _allocate_lock().acquire(blocking, timeout)  # (the C lock's checks and errors; a free lock)
        if self._real.acquire(False):
            self._owner = _get_ident()
            return True
        if not blocking or timeout == 0:
            return False
        return self._wait(timeout)

    __enter__ = acquire

    def __exit__(self, *exc):
        self.release()

    def release(self):
        self._real.release()
        self._owner = 0
        if self._waiters:
            self._wake()

    def _at_fork_reinit(self):
        self._real._at_fork_reinit()
        self._waiters = None
        self._owner = 0

    def __repr__(self):
        return "%s at %#x>" % (repr(self._real).rpartition(" at ")[0], id(self))

    def __reduce_ex__(self, protocol):
        raise TypeError("cannot pickle '_thread.%s' object" % type(self).__name__)

    def _wake(self):
        rec = self._waiters.popleft()
        rec[1] = _WOKEN
        sched = self._sched
        if rec[0] is not sched.main:
            sched.make_runnable(rec[0])

    def _time_out(self, rec):
        if rec[1] == _WAITING:
            rec[1] = _TIMED_OUT
            self._waiters.remove(rec)
            self._sched.make_runnable(rec[0])

    def _give_up(self, rec):
        """A waiter leaves without the lock (its timeout, an exception): a
        wake it had goes to the next in line."""
        waiters = self._waiters
        if rec in waiters:
            waiters.remove(rec)
        elif rec[1] == _WOKEN and waiters and not self._owner:
            self._wake()

    def _wait(self, timeout):
        """The lock is taken: wait for it (timeout < 0: for ever)."""
        sched = self._sched
        me = sched.current()
        real = self._real
        if me is None or me is not sched.holder:
            got = real.acquire(True, timeout)
            if got:
                self._owner = _get_ident()
            return got
        waiters = self._waiters
        if waiters is None:
            waiters = self._waiters = collections.deque()
        rec = [me, _WAITING]
        waiters.append(rec)
        until = None if timeout < 0 else sched.clock.now + timeout
        what = _lock_call(self, sched.runner.places)
        got = False
        me.waiting_on = self
        me.what = what
        me.for_ever = until is None
        if until is None and me is not sched.main:
            cycle = sched.lock_cycle(me)
            if cycle is not None:
                sched.runner.lock_cycle(cycle)
        try:
            if me is sched.main:
                def taken():
                    if rec[1] == _WOKEN:
                        if real.acquire(False):
                            return True
                        rec[1] = _WAITING
                        waiters.appendleft(rec)
                    return False

                got = sched.runner.block_main_for(until, taken, what)
            else:
                timer = None if until is None else sched.add_timer(until, self._time_out, rec)
                while True:
                    sched.park(me, WAITING, what)
                    if rec[1] != _WOKEN:
                        break  # timed out
                    if real.acquire(False):
                        got = True
                        if timer is not None:
                            timer.fired = True
                        break
                    rec[1] = _WAITING  # taken again meanwhile: first in line again
                    waiters.appendleft(rec)
        finally:
            me.waiting_on = None
            if got:
                self._owner = _get_ident()
            else:
                self._give_up(rec)
        return got

    def holder_name(self, waiter):
        """The name of the thread holding the lock, if not `waiter` (a
        ProgramThread) itself; None."""
        owner = self._owner
        if not owner:
            return None
        if owner == waiter.thread.ident:
            # (A Condition's waiter lock is its waiter's by design: only a
            # lock the thread acquires again itself is worth saying so.)
            return "%s itself" % waiter.thread.name if waiter.what.endswith("Lock.acquire()") else None
        thread = threading._active.get(owner)
        return thread.name if thread is not None else "a thread that has ended"


class VirtualLock(_WaitingLock):
    __doc__ = _WaitingLock.__doc__
    __slots__ = ()

    def locked(self):
        return self._real.locked()


class VirtualRLock(_WaitingLock):
    """threading.RLock on the scheduler (and threading.Condition's default
    lock): VirtualLock's waits over a real RLock, taken again at once by the
    thread that holds it."""

    __slots__ = ()
    _new = staticmethod(threading._CRLock or threading._PyRLock)
    _kind = "RLock"

    def release(self):
        real = self._real
        real.release()
        if not real._is_owned():
            self._owner = 0
            if self._waiters:
                self._wake()

    def _is_owned(self):
        return self._real._is_owned()

    def _release_save(self):
        state = self._real._release_save()
        self._owner = 0
        if self._waiters:
            self._wake()
        return state

    def _acquire_restore(self, state):
        real = self._real
        if not real.acquire(False):
            self._wait(-1)
        real._release_save()           # held once now, by this thread: held as before instead
        real._acquire_restore(state)
        self._owner = _get_ident()


# As type() and reprs of CPython's show them (`<class '_thread.lock'>`).
for _cls, _name in ((VirtualLock, "lock"), (VirtualRLock, "RLock")):
    _cls.__name__ = _cls.__qualname__ = _name
    _cls.__module__ = "_thread"
del _cls, _name


class VirtualSimpleQueue(queue._PySimpleQueue):
    """queue.SimpleQueue on the scheduler: queue's own Python version of it
    (a deque and a threading.Semaphore, made after threading's locks are
    the scheduler's), named as CPython's C one."""


VirtualSimpleQueue.__name__ = VirtualSimpleQueue.__qualname__ = "SimpleQueue"
VirtualSimpleQueue.__module__ = "_queue"


class Started:
    """Thread._started of a thread the program starts (threading.Event's
    interface): set by the new thread before its first turn, while its
    starter waits in Thread.start(), both running for real for that moment,
    so on a real lock (threading.Event would be a VirtualLock's now)."""

    __slots__ = ("_flag", "_gate")

    def __init__(self):
        self._flag = False
        self._gate = _allocate_lock()
        self._gate.acquire()

    def is_set(self):
        return self._flag

    isSet = is_set

    def set(self):
        if not self._flag:
            self._flag = True
            self._gate.release()

    def clear(self):
        if self._flag:
            self._flag = False
            self._gate.acquire()

    def wait(self, timeout=None):
        if not self._flag:
            if not self._gate.acquire(True, -1 if timeout is None else max(timeout, 0)):
                return False
            self._gate.release()
        return True

    def _at_fork_reinit(self):
        self._gate._at_fork_reinit()
        if not self._flag:
            self._gate.acquire()


_PACKAGE = __name__.rpartition(".")[0] + "."


def _lock_call(lock, places):
    """The call a thread waits for `lock` in, as a deadlock report names
    it: the library call the program made (`threading.Event.wait()`,
    `threading.Semaphore.acquire()`), or the lock's own acquire."""
    frame = sys._getframe(2)
    outer = inner = None
    while frame is not None:
        code = frame.f_code
        if places.is_program(code.co_filename):
            break
        if not frame.f_globals.get("__name__", "").startswith(_PACKAGE):
            outer = frame
            inner = inner or frame
        frame = frame.f_back
    call = outer if frame is not None else inner
    if call is None:
        return "threading.%s.acquire()" % lock._kind
    code = call.f_code
    name = "%s.%s()" % (call.f_globals.get("__name__", "?"), getattr(code, "co_qualname", code.co_name))
    return name.replace("._PySimpleQueue.", ".SimpleQueue.")  # (VirtualSimpleQueue's, as the program names it)


def _waiting_in(depth):
    """What a thread waiting on a future waits in: the concurrent.futures
    call (`Future.result()`, `wait()`, `as_completed()`) under the wait."""
    frame = sys._getframe(depth + 1)
    while frame is not None and frame.f_globals.get("__name__") != "concurrent.futures._base":
        frame = frame.f_back
    code = frame.f_code if frame is not None else None
    return "concurrent.futures %s()" % getattr(code, "co_qualname", "wait")


class WorkQueue:
    """ThreadPoolExecutor's work queue (a queue.SimpleQueue) on the
    scheduler: a worker waiting for work is parked, and a put() makes the
    first waiting worker runnable."""

    def __init__(self, sched):
        self._sched = sched
        self._items = collections.deque()
        self._getters = collections.deque()

    def put(self, item, block=True, timeout=None):
        self._items.append(item)
        if self._getters:
            self._sched.make_runnable(self._getters.popleft())

    put_nowait = put

    def get(self, block=True, timeout=None):
        sched = self._sched
        while not self._items:
            me = sched.current()
            if not block or me is None or me is sched.main:
                raise queue.Empty
            self._getters.append(me)
            sched.park(me, WAITING, "executor work")
        return self._items.popleft()

    def get_nowait(self):
        return self.get(False)

    def empty(self):
        return not self._items

    def qsize(self):
        return len(self._items)
