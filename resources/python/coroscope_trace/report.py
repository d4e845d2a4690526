"""What the virtual runner tells about the program besides its tasks:
where things happen (file and line), its output, its warnings.

Places: a frame, traceback or task is reported at its innermost line in
the program's own files (the program's folder, not the standard library
or this package), as "file" (relative to the program's folder) and "line".

Output: print() and everything written to sys.stdout/sys.stderr becomes
"output" lines, stamped with the virtual time they were written at, one
line per completed line of text (or per flush).

Warnings: asyncio's debug-mode warnings and its error logs, and Python's
warnings, become "warning" lines with a kind and the line they concern;
they are also printed, as Python prints them, to the program's stderr.
"""

import io
import linecache
import logging
import os
import sys
import threading
import traceback
import warnings

_PACKAGE = os.path.dirname(os.path.abspath(__file__))
_STDLIB = os.path.dirname(os.path.abspath(os.__file__))
_ASYNCIO_EVENTS = os.path.join(_STDLIB, "asyncio", "events.py")


class Places:
    def __init__(self, program):
        self.program = os.path.abspath(program) if program else None
        self.root = os.path.dirname(self.program) if program else os.getcwd()

    def is_program(self, filename):
        if not filename or filename.startswith("<"):
            return False
        path = os.path.abspath(filename)
        return (path.startswith(self.root + os.sep) and not path.startswith(_PACKAGE + os.sep)
                and not path.startswith(_STDLIB + os.sep))

    @staticmethod
    def is_runner(filename):
        """A frame of the runner (this package, runpy): not shown to the program."""
        return (filename.startswith(_PACKAGE + os.sep) or filename == "<frozen runpy>"
                or os.path.basename(filename) == "runpy.py")

    @staticmethod
    def strip_runner(stack):
        """Leave the runner's frames out of a StackSummary (in place)."""
        if stack:
            stack[:] = [fs for fs in stack if not Places.is_runner(fs.filename)]
        return stack

    def name(self, filename):
        path = os.path.abspath(filename)
        if path.startswith(self.root + os.sep):
            return os.path.relpath(path, self.root)
        return filename

    def of_frame(self, frame):
        """(file, line) of the innermost program frame at or above `frame`."""
        while frame is not None:
            code = frame.f_code
            if self.is_program(code.co_filename):
                return self.name(code.co_filename), frame.f_lineno
            frame = frame.f_back
        return None, None

    def here(self, depth=1):
        return self.of_frame(sys._getframe(depth + 1))

    def dropped_here(self, depth=1):
        """(file, line) of the program's line that dropped an object, the
        innermost program frame, or (None, None) when the drop happened
        in the event loop's own work (a task's step or a callback ended,
        asyncio's Handle._run is met first): the program frame further out
        only runs the loop (asyncio.run(main())) and did not drop it."""
        frame = sys._getframe(depth + 1)
        while frame is not None:
            code = frame.f_code
            if self.is_program(code.co_filename):
                return self.name(code.co_filename), frame.f_lineno
            if code.co_name == "_run" and code.co_filename == _ASYNCIO_EVENTS:
                return None, None
            frame = frame.f_back
        return None, None

    def of_traceback(self, tb):
        """(file, line) of the innermost program frame of a traceback."""
        found = (None, None)
        while tb is not None:
            code = tb.tb_frame.f_code
            if self.is_program(code.co_filename):
                found = (self.name(code.co_filename), tb.tb_lineno)
            tb = tb.tb_next
        return found

    def of_exception(self, exc):
        place = self.of_traceback(getattr(exc, "__traceback__", None))
        if place[0] is None and isinstance(exc, BaseExceptionGroup):
            for sub in exc.exceptions:
                place = self.of_exception(sub)
                if place[0] is not None:
                    break
        return place

    def of_coroutine(self, coro):
        """(file, line) where a (suspended) coroutine chain waits: its
        innermost program frame."""
        found = (None, None)
        seen = 0
        while coro is not None and seen < 200:
            seen += 1
            frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
            if frame is not None and self.is_program(frame.f_code.co_filename):
                found = (self.name(frame.f_code.co_filename), frame.f_lineno)
            coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
        return found

    def of_task(self, task):
        place = self.of_coroutine(task.get_coro())
        if place[0] is None:
            code = getattr(task.get_coro(), "cr_code", None)
            if code is not None and self.is_program(code.co_filename):
                place = (self.name(code.co_filename), code.co_firstlineno)
        return place

    def of_origin(self, origin):
        """(file, line) of a coroutine's creation: the innermost of the
        program's frames (cr_origin lists the innermost frame first)."""
        for filename, lineno, _name in origin or ():
            if self.is_program(filename):
                return self.name(filename), lineno
        return None, None

    def source(self, file, line):
        if file is None:
            return ""
        path = file if os.path.isabs(file) else os.path.join(self.root, file)
        return linecache.getline(path, line).strip()


class Capture(io.TextIOBase):
    """sys.stdout / sys.stderr of the program: each completed line of text
    (or what a flush() finds) becomes an "output" line of the trace, and,
    when `echo` is a stream, is also written there."""

    def __init__(self, runner, stream, echo):
        super().__init__()
        self._runner = runner
        self._stream = stream
        self._echo = echo
        self._pending = []
        self.buffer = _BytesCapture(self)

    @property
    def encoding(self):
        return "utf-8"

    @property
    def errors(self):
        return "strict"

    @property
    def name(self):
        return "<%s>" % self._stream

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not %s" % type(s).__name__)
        if not s:
            return 0
        self._runner.output_written(len(s))
        if self._echo is not None:
            # (A failed task let go before this text: asyncio's log of it is
            # echoed first, as CPython writes it: Tracer._let_go_failed.)
            self._runner.before_echo()
            try:
                self._echo.write(s)
            except (OSError, ValueError):
                self._echo = None  # the copy's reader went away; the trace has it all
        if "\n" in s:
            pending = self._pending
            if pending:
                pending.append(s)
                s = "".join(pending)
                pending.clear()
            cut = s.rfind("\n") + 1
            self._runner.output_line(self._stream, s[:cut])
            if cut < len(s):
                self._pending.append(s[cut:])
        else:
            self._pending.append(s)
        return len(s)

    def flush(self):
        if self._pending:
            text = "".join(self._pending)
            self._pending.clear()
            self._runner.output_line(self._stream, text)
        if self._echo is not None:
            try:
                self._echo.flush()
            except (OSError, ValueError):
                self._echo = None


class _BytesCapture(io.RawIOBase):
    """sys.stdout.buffer: bytes written are decoded (UTF-8) into the text capture."""

    def __init__(self, text):
        super().__init__()
        self._text = text

    def writable(self):
        return True

    def write(self, b):
        data = bytes(b)
        self._text.write(data.decode("utf-8", "replace"))
        return len(data)

    def flush(self):
        self._text.flush()


def warning_kind(message, category=None):
    text = str(message)
    if category is RuntimeWarning and "was never awaited" in text:
        return "never_awaited"
    if text.startswith("Executing ") and " took " in text:
        return "slow_step"
    if text.startswith("Task was destroyed but it is pending"):
        return "task_destroyed_pending"
    if "exception was never retrieved" in text:
        return "exception_never_retrieved"
    if text.startswith("Exception in callback"):
        return "callback_exception"
    if category is not None:
        return "python_warning"
    return "asyncio"


class Diagnostics:
    """Hooks that turn warnings and asyncio's error logs into warning lines."""

    def __init__(self, runner, places):
        self.runner = runner
        self.places = places
        self._local = threading.local()
        self.slow_place = (None, None)   # the blocking call of the step running now

    def install(self, patch):
        diag = self
        orig_show = warnings._showwarnmsg

        def _showwarnmsg(msg):
            # Every warning that is shown passes here (warnings.warn and
            # warn_explicit, Python's and C's), before showwarning().
            origin = getattr(diag._local, "unawaited", None)
            diag._local.unawaited = None
            kind = warning_kind(msg.message, msg.category)
            if origin is not None:
                where = origin
            elif diag.places.is_program(msg.filename):
                where = (diag.places.name(msg.filename), msg.lineno)
            else:
                where = diag.places.here(1)
            diag.runner.warning_line(kind, str(msg.message).split("\n")[0], where)
            return orig_show(msg)

        patch(warnings, "_showwarnmsg", _showwarnmsg)

        if hasattr(warnings, "_warn_unawaited_coroutine"):
            def _warn_unawaited_coroutine(coro):
                # CPython's own (Lib/warnings.py, 3.8 to 3.13), called from C
                # when a coroutine that never ran is destroyed, with the
                # runner's frames left out of "Coroutine created at" and the
                # line noted: where the coroutine was made (its origin, which
                # debug mode tracks), else the program's line that dropped
                # it, else its def (dropped as a task's step ended, a local
                # of a coroutine that returned: not on the line running the
                # loop, asyncio.run(main())).
                origin = [o for o in (coro.cr_origin or ()) if not diag.places.is_runner(o[0])]
                where = diag.places.of_origin(origin)
                if where[0] is None:
                    where = diag.places.dropped_here(1)
                if where[0] is None and diag.places.is_program(coro.cr_code.co_filename):
                    where = (diag.places.name(coro.cr_code.co_filename), coro.cr_code.co_firstlineno)
                msg_lines = ["coroutine '%s' was never awaited\n" % coro.__qualname__]
                if coro.cr_origin is not None:
                    msg_lines.append("Coroutine created at (most recent call last)\n")
                    msg_lines += traceback.format_list([(f, n, fn, linecache.getline(f, n))
                                                        for f, n, fn in reversed(origin)])
                diag._local.unawaited = where
                try:
                    warnings.warn("".join(msg_lines).rstrip("\n"), category=RuntimeWarning, stacklevel=2,
                                  source=coro)
                finally:
                    diag._local.unawaited = None

            patch(warnings, "_warn_unawaited_coroutine", _warn_unawaited_coroutine)

        import asyncio
        orig_ceh = asyncio.BaseEventLoop.call_exception_handler

        def call_exception_handler(loop, context):
            diag._exception_context(context)
            diag._local.in_handler = True
            try:
                return orig_ceh(loop, context)
            finally:
                diag._local.in_handler = False

        patch(asyncio.BaseEventLoop, "call_exception_handler", call_exception_handler)

        logger = logging.getLogger("asyncio")
        orig_handle = logger.handle

        def handle(record):
            if record.levelno >= logging.WARNING and not getattr(diag._local, "in_handler", False):
                message = record.getMessage()
                kind = warning_kind(message)
                where = diag.slow_place if kind == "slow_step" else (None, None)
                if where[0] is None:
                    where = diag.places.here(1)
                diag.runner.warning_line(kind, message.split("\n")[0], where)
            return orig_handle(record)

        patch(logger, "handle", handle)

        orig_hook = threading.excepthook

        def excepthook(args):
            if args.exc_type is not SystemExit:
                where = diag.places.of_traceback(args.exc_traceback)
                name = args.thread.name if args.thread is not None else "a thread"
                diag.runner.warning_line(
                    "thread_exception", "exception in %s: %s" % (name, _exc_text(args.exc_value)), where)
            return orig_hook(args)

        patch(threading, "excepthook", excepthook)

    def _exception_context(self, context):
        message = context.get("message") or "Unhandled exception in event loop"
        exc = context.get("exception")
        task = context.get("task") or context.get("future")
        where = (None, None)
        if exc is not None:
            where = self.places.of_exception(exc)
        if where[0] is None and task is not None and hasattr(task, "get_coro"):
            where = self.places.of_task(task)
        if where[0] is None and context.get("source_traceback"):
            for fs in reversed(context["source_traceback"]):
                if self.places.is_program(fs.filename):
                    where = (self.places.name(fs.filename), fs.lineno)
                    break
        text = message
        if exc is not None:
            text += ": " + _exc_text(exc)
        self.runner.warning_line(warning_kind(message), text, where, task=task)


def _exc_text(exc):
    text = str(exc)
    return "%s: %s" % (type(exc).__name__, text) if text else type(exc).__name__
