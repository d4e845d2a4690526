"""Signals on the virtual clock.

The program's signal handlers live in a table of their own: signal.signal(),
getsignal(), raise_signal(), set_wakeup_fd() and os.kill(os.getpid(), ...)
work on it, and the OS never delivers a signal to the program. Signals
reach the program at virtual times given with the run (--signal SIGINT@2.5)
or when it raises one itself:

  - a loop handler (loop.add_signal_handler) is queued as asyncio queues it
    when the wake-up fd reports the signal (loop._handle_signal);
  - a Python handler (signal.signal, asyncio.run's own SIGINT handler, the
    default SIGINT handler that raises KeyboardInterrupt) is called in the
    main thread, as CPython calls it between two bytecodes;
  - SIG_IGN does nothing; SIG_DFL does the default action: ignore for
    SIGCHLD, SIGURG, SIGWINCH and SIGCONT, else the program dies of it (the
    run ends: runner.killed_by_signal).

Real signals (a terminal's Ctrl-C, the app's Stop) stay the runner's: they
stop the run.
"""

import os
import signal as _signal
import sys

_IGNORED_BY_DEFAULT = {getattr(_signal, n) for n in ("SIGCHLD", "SIGURG", "SIGWINCH", "SIGCONT")
                       if hasattr(_signal, n)}


def parse_signal(text):
    """'SIGINT@2.5' (or INT@2.5, 2@2.5) -> (signum, 2.5); ValueError if bad."""
    name, sep, at = text.partition("@")
    if not sep:
        raise ValueError("expected SIGNAL@SECONDS, e.g. SIGINT@2.5")
    name = name.strip().upper()
    if name.isdigit():
        signum = int(name)
    else:
        if not name.startswith("SIG"):
            name = "SIG" + name
        signum = getattr(_signal, name, None)
        if not isinstance(signum, int) or name.startswith("SIG_"):
            raise ValueError("unknown signal %r" % name)
    try:
        signum = _signal.Signals(signum)
    except ValueError:
        raise ValueError("unknown signal number %d" % signum) from None
    if signum in (_signal.SIGKILL, _signal.SIGSTOP):
        raise ValueError("%s cannot be caught or sent to a program on the virtual clock" % signum.name)
    try:
        when = float(at)
    except ValueError:
        raise ValueError("%r is not a number of seconds" % at) from None
    if not when >= 0 or when == float("inf"):
        raise ValueError("the time must be a finite number >= 0, not %r" % at)
    return signum, when


def signal_name(signum):
    try:
        return _signal.Signals(signum).name
    except ValueError:
        return str(signum)


class Signals:
    def __init__(self, runner, sched):
        self.runner = runner
        self.sched = sched
        # The table the program sees starts as a plain process's does.
        self.handlers = {}
        for signum in _signal.valid_signals():
            try:
                self.handlers[signum] = _signal.getsignal(signum)
            except (ValueError, OSError):
                pass
        self.handlers[_signal.SIGINT] = _signal.default_int_handler
        self.wakeup_fd = -1

    def schedule(self, signum, when):
        self.sched.add_timer(when, self.deliver, signum)

    def install(self, patch):
        """Put the program's signal functions on this table."""
        sigs = self

        def signal(signalnum, handler):
            signum = _check(signalnum)
            if not (callable(handler) or handler in (_signal.SIG_DFL, _signal.SIG_IGN)):
                raise TypeError("signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object")
            _main_thread_only("signal only works in main thread of the main interpreter")
            if signum in (_signal.SIGKILL, _signal.SIGSTOP):
                raise OSError(22, "Invalid argument")
            old = sigs.handlers.get(signum, _signal.SIG_DFL)
            sigs.handlers[signum] = handler
            return old

        def getsignal(signalnum):
            return sigs.handlers.get(_check(signalnum), _signal.SIG_DFL)

        def raise_signal(signalnum):
            sigs.deliver(_check(signalnum))

        def set_wakeup_fd(fd, *, warn_on_full_buffer=True):
            _main_thread_only("set_wakeup_fd only works in main thread of the main interpreter")
            old, sigs.wakeup_fd = sigs.wakeup_fd, fd
            return old

        def siginterrupt(signalnum, flag):
            _check(signalnum)

        def alarm(seconds):
            # A SIGALRM at a virtual time; like the real one, replaces any
            # pending alarm and returns the seconds that were left of it.
            left = 0
            pending = getattr(sigs, "_alarm", None)
            if pending is not None and not pending.fired:
                left = max(0, int(round(pending.when - sigs.sched.clock.now)))
                pending.fired = True
            sigs._alarm = None
            if seconds:
                sigs._alarm = sigs.sched.add_timer(sigs.sched.clock.now + seconds, sigs.deliver, _signal.SIGALRM)
            return left

        real_kill = os.kill

        def kill(pid, sig):
            if pid == os.getpid() or pid == 0:
                sigs.deliver(_check(sig))
            else:
                real_kill(pid, sig)

        for name, fn in (("signal", signal), ("getsignal", getsignal), ("raise_signal", raise_signal),
                         ("set_wakeup_fd", set_wakeup_fd), ("siginterrupt", siginterrupt), ("alarm", alarm)):
            fn.__name__ = fn.__qualname__ = name
            patch(_signal, name, fn)
        patch(os, "kill", kill)

    def deliver(self, signum):
        """The signal reaches the program now (main thread)."""
        handler = self.handlers.get(signum, _signal.SIG_DFL)
        loop = self.sched.loop
        loop_handlers = getattr(loop, "_signal_handlers", None) or {}
        how = ("add_signal_handler" if signum in loop_handlers else
               "ignored" if handler == _signal.SIG_IGN else
               "default" if handler == _signal.SIG_DFL or handler is _signal.default_int_handler else
               "handler")
        self.runner.signal_line(signum, how)
        if signum in loop_handlers:
            loop._handle_signal(signum)
        elif callable(handler):
            handler(signum, sys._getframe(1))
        elif handler == _signal.SIG_DFL and signum not in _IGNORED_BY_DEFAULT:
            self.runner.killed_by_signal(signum)


def _check(signalnum):
    if not isinstance(signalnum, int):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(signalnum).__name__)
    if signalnum not in _signal.valid_signals():
        raise ValueError("signal number out of range")
    return signalnum


def _main_thread_only(message):
    import threading
    if threading.current_thread() is not threading.main_thread():
        raise ValueError(message)
