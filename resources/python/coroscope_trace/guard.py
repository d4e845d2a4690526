"""What the virtual clock cannot run, and the watchdog.

Refused (the run stops with a message naming the line):
  - real I/O: sockets, DNS, subprocesses, fork/exec (an audit hook, and
    asyncio's network and subprocess methods, so that the message names the
    program's line rather than asyncio's). Real I/O takes real time the
    virtual clock cannot know: such a program is traced in real time;
  - a loop that is not CPython's own (uvloop: `import uvloop` raises an
    ImportError that says why, so a program with a fallback still runs;
    a hand-made event loop stops the run).

The watchdog (a thread of the runner, not of the program) ends a run that
runs away: past the wall-clock budget (an endless loop without awaits), or
when the thread holding the turn sits in a call that blocks for real (a
C-level wait the scheduler does not see: a lock made before the run
started held by a parked thread, a pipe's read; threading's own locks,
events, conditions, semaphores and barriers, _thread's locks (also
functools.cached_property's), queue.Queue, queue.SimpleQueue and
concurrent.futures wait on the scheduler): that thread then uses no CPU
for a while, which is how it is
told from a thread that computes. Its loop allocates no objects the
cyclic garbage collector tracks, so it cannot move the program's
collections (and with them the timing of finalizers) from run to run.

It also notes where a program thread computes (the loop's thread in one
task's step, main() or the program's own code; a pool's thread) for
COMPUTING_CPU seconds of its thread's CPU time or more while the virtual
clock stands still: the first such stretch of a run is kept (`computing`)
and the program's thread tells it (runner.tell_computing(), a `computing`
warning) before the clock next moves or at the run's end: on the virtual
clock computing takes no time, on a real clock it holds its thread. A wait
uses no CPU; a stretch in the runner's own code is not the program's (not
kept). Only then, once a run, does it read the thread's frames (what
the stop for a blocking call reads too).
"""

import sys
import threading
import time

from .vclock import REAL_MONOTONIC, REAL_SLEEP

COMPUTING_CPU = 0.2       # s of a thread's CPU time at one virtual instant: a `computing` note

_REFUSED_EVENTS = {
    "socket.__new__": "a socket",
    "socket.connect": "a network connection",
    "socket.bind": "a network socket",
    "socket.getaddrinfo": "a DNS lookup",
    "socket.gethostbyname": "a DNS lookup",
    "socket.gethostbyaddr": "a DNS lookup",
    "socket.getnameinfo": "a DNS lookup",
    "subprocess.Popen": "a subprocess",
    "os.system": "a subprocess (os.system)",
    "os.exec": "exec",
    "os.posix_spawn": "a subprocess",
    "os.spawn": "a subprocess",
    "os.fork": "fork (another process)",
    "os.forkpty": "fork (another process)",
    "os.startfile": "a subprocess",
}

_REFUSED_LOOP_METHODS = {
    # method of the loop: what the program asked for
    "create_connection": "a network connection (asyncio.open_connection / loop.create_connection)",
    "create_server": "a network server (asyncio.start_server / loop.create_server)",
    "create_datagram_endpoint": "a UDP endpoint",
    "create_unix_connection": "a Unix socket connection",
    "create_unix_server": "a Unix socket server",
    "connect_accepted_socket": "a socket",
    "getaddrinfo": "a DNS lookup",
    "getnameinfo": "a DNS lookup",
    "sock_connect": "a network connection",
    "sock_accept": "a network connection",
    "sock_recv": "socket I/O",
    "sock_recv_into": "socket I/O",
    "sock_sendall": "socket I/O",
    "sock_sendfile": "socket I/O",
    "start_tls": "TLS",
    "subprocess_exec": "a subprocess (asyncio.create_subprocess_exec)",
    "subprocess_shell": "a subprocess (asyncio.create_subprocess_shell)",
    "connect_read_pipe": "pipe I/O",
    "connect_write_pipe": "pipe I/O",
}

REFUSED_MODULES = {
    "uvloop": "uvloop replaces asyncio's event loop, and the virtual clock is CPython's own loop",
    "winloop": "winloop replaces asyncio's event loop, and the virtual clock is CPython's own loop",
}


class Guard:
    def __init__(self, runner):
        self.runner = runner
        self.internal = 0        # > 0: the runner itself opens a socket (a loop's self-pipe)

    def install(self, patch):
        guard = self
        runner = self.runner

        def audit(event, args):
            what = _REFUSED_EVENTS.get(event)
            if what is not None and not guard.internal:
                runner.refuse_io("%s (%s)" % (what, event))

        sys.addaudithook(audit)

        import asyncio
        from asyncio import base_events, selector_events, unix_events
        for cls in (base_events.BaseEventLoop, selector_events.BaseSelectorEventLoop,
                    unix_events._UnixSelectorEventLoop):
            for name, what in _REFUSED_LOOP_METHODS.items():
                if name in cls.__dict__:
                    patch(cls, name, _refusing(runner, what, name))

        sys.meta_path.insert(0, _RefuseImports(runner))
        del asyncio


def _refusing(runner, what, name):
    def refused(*args, **kwargs):
        runner.refuse_io(what)
    refused.__name__ = refused.__qualname__ = name
    return refused


class _RefuseImports:
    """A meta path finder that refuses other event loops with a clear ImportError."""

    def __init__(self, runner):
        self.runner = runner

    def find_spec(self, name, path=None, target=None):
        why = REFUSED_MODULES.get(name.partition(".")[0])
        if why is None:
            return None
        message = ("%s is not available on Coroscope's virtual clock: %s. "
                   "Run the program without it (asyncio.run), or trace it in real time." % (name, why))
        self.runner.refused_import(name, message)
        raise ImportError(message, name=name)

    def invalidate_caches(self):
        pass


class Watchdog:
    def __init__(self, runner, sched, max_wall, block_limit):
        self.runner = runner
        self.sched = sched
        self.max_wall = max_wall
        self.block_limit = block_limit
        self.start_time = REAL_MONOTONIC()
        self.period = 0.05
        self._thread = threading.Thread(target=self._run, name="coroscope-watchdog", daemon=True)
        # The first stretch of computing at one virtual instant (runner.computing_seen() makes it:
        # [seconds of CPU, virtual time, (file, line), task, thread name, holder, handovers]); its
        # seconds grow while it goes on. Written by this thread, read by the program's
        # (runner.tell_computing()).
        self.computing = None
        self._tasks = _current_tasks()

    def start(self):
        self._thread.start()

    def _cpu(self, ident):
        try:
            return time.clock_gettime(time.pthread_getcpuclockid(ident))
        except (OSError, OverflowError, AttributeError):
            return -1.0

    def _run(self):
        runner, sched = self.runner, self.sched
        last_holder, last_handovers = None, -1
        since = cpu_since = 0.0
        virtual_at_window = -1.0   # the virtual time a wall-clock budget's last second began at
        window = 0.0
        # A stretch of computing: the holder, its handovers, the virtual time and the loop's
        # current task when it began, and the holder's CPU time then.
        c_holder, c_handovers, c_at, c_task = None, -1, -1.0, None
        c_cpu = 0.0
        c_kept = False            # this stretch was seen (self.computing's, whose seconds grow, if the first)
        clock = sched.clock
        tasks = self._tasks
        while True:
            REAL_SLEEP(self.period)
            now = REAL_MONOTONIC()
            if runner.stop_requested:
                runner.stop_requested_now()
            if now - self.start_time > self.max_wall:
                runner.stop_wall_clock(self.max_wall, virtual_at_window)
            if now - window >= 1.0:
                window = now
                virtual_at_window = sched.clock.now
            holder, handovers = sched.holder, sched.handovers
            at = clock.now
            loop = sched.loop
            task = tasks.get(loop) if holder is sched.main and loop is not None and tasks is not None else None
            if holder is not c_holder or handovers != c_handovers or at != c_at or task is not c_task:
                c_holder, c_handovers, c_at, c_task = holder, handovers, at, task
                c_cpu = self._cpu(holder.thread.ident)
                c_kept = False
            elif c_cpu >= 0:
                cpu = self._cpu(holder.thread.ident)
                # (Still that stretch after the reading: the CPU time is its own.)
                if (cpu - c_cpu >= COMPUTING_CPU and sched.holder is holder and sched.handovers == handovers
                        and clock.now == at):
                    if c_kept:
                        kept = self.computing
                        if kept is not None and kept[5] is holder and kept[6] == handovers and kept[1] == at:
                            kept[0] = cpu - c_cpu
                    elif self.computing is not None:
                        c_kept = True   # a later stretch: not told
                    elif runner.computing_seen(self, holder, handovers, task, cpu - c_cpu, at):
                        c_kept = True
                    else:
                        c_cpu = cpu   # the runner's own work: from here on
            if holder is not last_holder or handovers != last_handovers:
                last_holder, last_handovers = holder, handovers
                since = now
                cpu_since = self._cpu(holder.thread.ident)
                continue
            if now - since >= self.block_limit:
                cpu = self._cpu(holder.thread.ident)
                if cpu >= 0 and cpu - cpu_since < 0.05 * (now - since):
                    runner.stop_blocked(holder, now - since)
                since = now
                cpu_since = cpu


def _current_tasks():
    """asyncio's dict of each loop's current task (read without allocating)."""
    try:
        from asyncio import tasks
        return tasks._current_tasks
    except (ImportError, AttributeError):
        return None
