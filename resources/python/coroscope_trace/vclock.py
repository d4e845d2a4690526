"""The virtual clock and the time functions a program reads it through.

Time starts at 0.0 and moves only when the program waits: the event loop's
select() jumps to the next timer, and a blocking wait (time.sleep) takes
exactly its duration (scheduler.py). Pure computation takes no virtual time.

Every clock of the time module reads it (monotonic, perf_counter, time and
their _ns forms; loop.time() too); time.time() is EPOCH plus the virtual
time, and datetime.now()/today() follow time.time(). Real clocks stay
available to the runner itself as REAL_* below.

A program that waits by spinning on a clock (`while time.perf_counter() <
end: pass`, the way CPU work is often faked) would spin forever on a clock
that only moves when it waits. So a reading remembers what it is compared
with: after SPIN_READS comparisons of the same thread's readings with the
same bound at the same instant, the spin is taken for what it is, a wait
until the bound, and becomes time.sleep(bound - now) (on the loop's thread:
a cpu slice, as the spin would block the loop for real).
"""

import datetime as _datetime
import math as _math
import sys as _sys
import threading
import time as _time
import weakref as _weakref

__all__ = ["Clock", "EPOCH", "REAL_MONOTONIC", "REAL_SLEEP", "REAL_TIME"]

# 2023-11-14 22:13:20 UTC: time.time() at virtual time 0.
EPOCH = 1_700_000_000.0
SPIN_READS = 100

REAL_MONOTONIC = _time.monotonic
REAL_SLEEP = _time.sleep
REAL_TIME = _time.time
_get_ident = threading.get_ident


class Clock:
    """The virtual time. `now` is read directly on hot paths; only the
    scheduler moves it (advance_to)."""

    def __init__(self):
        self.now = 0.0
        self.cap = 1e9             # virtual seconds a run may reach (runner budget)
        self._spin_key = None      # (thread, bound, now) of the last comparison
        self._spin_count = 0
        self.sleep = None          # set by the runner: time.sleep as the program sees it
        # A time until a point, computed from a reading (`deadline -
        # loop.time()`, `interval - (now - start)`): (instant, who, thread)
        # of the last, `who` the caller's task as `self.who()` says (set by
        # ties.TimerTies: None before). A timer set then was set from the
        # clock (its deadline may be anchored to an earlier instant: a rate
        # limiter's next slot), not for a fixed delay. (`who` a weak reference.)
        self.until = None
        self.who = None

    def __call__(self):
        return self.now

    def noted_until(self):
        """The program computed a time until a point from a reading. (Its
        task by a weak reference: held on, a task that then failed with
        nobody awaiting it lived on, and so did the "Task exception was
        never retrieved" asyncio logs when it is freed.)"""
        who = self.who
        task = None if who is None else who()
        self.until = (self.now, None if task is None else _weakref.ref(task), _get_ident())

    def reading(self, offset=0.0):
        """A reading of the clock for the program (a float that notices spins)."""
        return _Reading(self.now + offset)

    def compared(self, bound):
        """A reading of the clock was compared with `bound`: a spin?"""
        now = self.now
        if not isinstance(bound, (int, float)) or not bound > now:
            return
        key = (_get_ident(), bound, now)
        if key == self._spin_key:
            self._spin_count += 1
            if self._spin_count >= SPIN_READS:
                self._spin_key = None
                self.sleep(bound - now)
        else:
            self._spin_key = key
            self._spin_count = 1


_clock = None  # the Clock readings report to (set by install)


class _Noted(float):
    """A reading of the clock, printed as the float it is: `x - reading`
    (deadline - now; interval - (now - start)) is a time until a point,
    noted (Clock.until)."""

    __slots__ = ()

    def __rsub__(self, other):
        if isinstance(other, (int, float)):
            _clock.noted_until()
            return float(other) - float(self)
        return NotImplemented

    def __repr__(self):
        return float.__repr__(self)

    __str__ = __repr__

    def __reduce__(self):
        return float, (float(self),)  # (pickled, copied: the number)


class _Turns:
    """A reading of the clock, or a time elapsed since one, that tells the
    clock the instant a comparison with it turns (Clock.compared): `x < b`
    and `x >= b` when x reaches b, `x <= b` and `x > b` just past it (at b
    itself `x <= b` still holds: a spin that waited until b would spin on
    there for ever). `_turns(b, beyond)` is that instant (anything but a
    number: none); the comparison itself is the plain number's (`_kind`)."""

    __slots__ = ()

    def __lt__(self, other):
        _clock.compared(self._turns(other, False))
        return self._kind(self) < other

    def __le__(self, other):
        _clock.compared(self._turns(other, True))
        return self._kind(self) <= other

    def __gt__(self, other):
        _clock.compared(self._turns(other, True))
        return self._kind(self) > other

    def __ge__(self, other):
        _clock.compared(self._turns(other, False))
        return self._kind(self) >= other


class Point(float):
    """A reading of the clock plus a constant (`deadline = loop.time() + 1.0`,
    `t0 + 0.5`): a point in time fixed by that reading (`origin`, the reading
    object). Timers set for it at different instants (`timeout_at(deadline)`
    in several tasks, `loop.call_at(t0 + 1.0, ...)`) fall due at exactly the
    same time on a real clock too: a tie the virtual clock does not make
    (ties.TimerTies). Printed as the float it is; any other arithmetic gives
    a plain float."""

    __slots__ = ("origin",)

    def __new__(cls, value, origin):
        self = float.__new__(cls, value)
        self.origin = origin
        return self

    def __add__(self, other):
        if type(other) in (int, float):
            return Point(float(self) + other, self.origin)
        return float.__add__(self, other)

    __radd__ = __add__

    def __sub__(self, other):
        if type(other) in (int, float):
            return Point(float(self) - other, self.origin)
        if isinstance(other, _Noted):
            return NotImplemented  # (deadline - loop.time(): the reading notes a time until a point)
        return float.__sub__(self, other)

    def __repr__(self):
        return float.__repr__(self)

    __str__ = __repr__

    def __reduce__(self):
        return float, (float(self),)  # (pickled, copied: the number)


def _point_add(self, other):
    # reading + constant: a point in time fixed by this reading (Point).
    if type(other) in (int, float):
        return Point(float(self) + other, self)
    return float.__add__(self, other)


class _Reading(_Turns, _Noted):
    """A clock reading: a float that tells the clock what it is compared with."""

    __slots__ = ()
    _kind = float
    __add__ = __radd__ = _point_add

    @staticmethod
    def _turns(bound, beyond):
        return _past(bound) if beyond else bound

    def __sub__(self, other):
        # now - start < d waits until start + d
        if isinstance(other, (int, float)):
            return _Elapsed(float(self) - float(other), other)
        return NotImplemented


class _Elapsed(_Turns, _Noted):
    """reading - start: compared with d, it waits until start + d. (The
    instant `now - start` reaches d is not always start + d: 0.6 + 0.3 is
    0.8999999999999999, where now - start is 0.29999999999999993, still
    below 0.3: a spin that waited until start + d spun on there for ever.)"""

    __slots__ = ("start",)
    _kind = float

    def __new__(cls, value, start):
        self = float.__new__(cls, value)
        self.start = start
        return self

    def __reduce__(self):
        # Pickled or copied (copy.deepcopy, a process pool's argument): the
        # number. (float's own way called __new__ without `start`: TypeError.)
        return float, (float(self),)

    def _turns(self, d, beyond):
        return _reaching(self.start, d, beyond) if isinstance(d, (int, float)) else None


def _past(bound):
    """The first instant after `bound` (a number; anything else as it is)."""
    return _math.nextafter(bound, _math.inf) if isinstance(bound, (int, float)) else bound


def _reaching(start, d, beyond):
    """The first instant t at which t - start >= d (beyond: > d), as the
    program computes it in floats. (`start` as a plain float: a reading's
    own subtraction notes a time until a point, Clock.until.)"""
    start = float(start)
    t = start + d
    for _ in range(64):
        elapsed = t - start
        if elapsed > d or (elapsed == d and not beyond):
            return t
        t = _math.nextafter(t, _math.inf)
    return t



def _ns_instant(bound, beyond):
    """The first instant t at which the program's nanosecond reading,
    round(t * 1e9), reaches `bound` (beyond: passes it)."""
    target = bound + 1 if beyond else bound
    t = target / 1e9
    for _ in range(64):
        if int(round(t * 1e9)) >= target:
            break
        t = _math.nextafter(t, _math.inf)
    for _ in range(64):
        before = _math.nextafter(t, -_math.inf)
        if int(round(before * 1e9)) < target:
            break
        t = before
    return t


class _ReadingNs(_Turns, int):
    """A nanosecond reading (perf_counter_ns, monotonic_ns): an int that
    tells the clock what it is compared with, as _Reading does."""

    __slots__ = ()
    _kind = int

    def __reduce__(self):
        return int, (int(self),)

    @staticmethod
    def _turns(bound, beyond):
        return _ns_instant(bound, beyond) if isinstance(bound, int) else None

    def __sub__(self, other):
        # now - start < d waits until the reading is start + d
        if isinstance(other, int):
            return _ElapsedNs(int(self) - other, other)
        return int(self) - other


class _ElapsedNs(_Turns, int):
    """reading_ns - start: compared with d, it waits until start + d. (An
    int subclass can have no slots: `start` is in its __dict__.)"""

    _kind = int

    def __new__(cls, value, start):
        self = int.__new__(cls, value)
        self.start = start
        return self

    def __reduce__(self):
        return int, (int(self),)  # (as _Elapsed's)

    def _turns(self, d, beyond):
        return _ns_instant(self.start + d, beyond) if isinstance(d, int) else None


# What the program's `type()` of a reading (or of a time computed from one)
# says: <class 'float'>, <class 'int'>, as CPython's; pickled or copied, a
# reading is the plain number too.
for _cls, _kind in ((Point, float), (_Reading, float), (_Elapsed, float), (_ReadingNs, int), (_ElapsedNs, int)):
    _cls.__name__ = _cls.__qualname__ = _kind.__name__
    _cls.__module__ = "builtins"
del _cls, _kind


def loop_time(clock):
    """BaseEventLoop.time on the virtual clock: asyncio's own calls (a
    timer's deadline, the loop's select) get the time as a float; the
    program's a float that notes a time until a point computed from it
    (Clock.until; not a _Reading: a loop polling `while loop.time() < end:
    await asyncio.sleep(0)` lets other tasks run, it is no spin)."""
    getframe = _sys._getframe

    def time(loop):
        if getframe(1).f_globals.get("__name__", "").startswith(_OWN):
            return clock.now
        return _LoopReading(clock.now)

    return time


def loop_call_later(clock, call_later):
    """BaseEventLoop.call_later on the virtual clock: a positive delay too
    small to move a time as large as now (now + d == now: a token bucket's
    `(1 - tokens) / rate` of 4e-17 s, the rounding left of a token) is due
    at the next time the clock can tell from now, not now. On a real clock
    the time moves on while the loop goes round, so a task that sleeps that
    long and counts again finds it has waited; here the clock stood still,
    the task found the same count, slept as little again, and the run was
    stopped as a spin at that instant (CPython 3.11.7 ran the program to
    its end). Any other delay is left as asyncio reckons it."""
    nextafter, inf = _math.nextafter, _math.inf

    def call_later_(loop, delay, callback, *args, context=None):
        if delay is not None and delay > 0:
            now = clock.now
            if now + delay <= now:
                return loop.call_at(nextafter(now, inf), callback, *args, context=context)
        return call_later(loop, delay, callback, *args, context=context)

    call_later_.__name__ = call_later_.__qualname__ = "call_later"
    return call_later_


class _LoopReading(_Noted):
    """loop.time() as the program reads it: `deadline - loop.time()` is
    noted (Clock.until); `loop.time() + d` is a Point."""

    __slots__ = ()
    __add__ = __radd__ = _point_add


_LoopReading.__name__ = _LoopReading.__qualname__ = "float"
_LoopReading.__module__ = "builtins"


_OWN = ("asyncio.", "coroscope_trace.")


def install(clock, patch):
    """Point the time module's clocks (and datetime's now) at `clock`.
    `patch(owner, name, value)` records each change (see runner.py)."""
    global _clock
    _clock = clock

    def monotonic():
        return _Reading(clock.now)

    def monotonic_ns():
        return _ReadingNs(int(round(clock.now * 1e9)))

    def time():
        return _Reading(EPOCH + clock.now)

    def time_ns():
        return int(round((EPOCH + clock.now) * 1e9))

    for name, fn in (("monotonic", monotonic), ("perf_counter", monotonic), ("time", time),
                     ("monotonic_ns", monotonic_ns), ("perf_counter_ns", monotonic_ns),
                     ("time_ns", time_ns)):
        fn.__name__ = fn.__qualname__ = name
        patch(_time, name, fn)

    for name in ("localtime", "gmtime", "ctime"):
        real = getattr(_time, name)

        def now_default(secs=None, _real=real):
            return _real(EPOCH + clock.now if secs is None else secs)

        now_default.__name__ = now_default.__qualname__ = name
        patch(_time, name, now_default)

    real_asctime, real_strftime = _time.asctime, _time.strftime

    def asctime(t=None):
        return real_asctime(_time.localtime() if t is None else t)

    def strftime(format, t=None):
        return real_strftime(format, _time.localtime() if t is None else t)

    patch(_time, "asctime", asctime)
    patch(_time, "strftime", strftime)

    # datetime's now()/today()/utcnow() read the C clock: subclasses whose
    # constructors read the virtual clock stand in for the classes. Their
    # objects are datetime.datetime / datetime.date instances, and objects
    # made by C code still pass isinstance() against the stand-ins.
    class _Standin(type):
        def __instancecheck__(cls, obj):
            return isinstance(obj, cls.__mro__[1])

        def __subclasscheck__(cls, sub):
            return issubclass(sub, cls.__mro__[1])

    class datetime(_datetime.datetime, metaclass=_Standin):
        __slots__ = ()

        @classmethod
        def now(cls, tz=None):
            return cls.fromtimestamp(EPOCH + clock.now, tz)

        @classmethod
        def utcnow(cls):
            return cls.utcfromtimestamp(EPOCH + clock.now)

        @classmethod
        def today(cls):
            return cls.fromtimestamp(EPOCH + clock.now)

    class date(_datetime.date, metaclass=_Standin):
        __slots__ = ()

        @classmethod
        def today(cls):
            return cls.fromtimestamp(EPOCH + clock.now)

    for cls in (datetime, date):
        cls.__module__ = "datetime"
        cls.__qualname__ = cls.__name__
    patch(_datetime, "datetime", datetime)
    patch(_datetime, "date", date)
