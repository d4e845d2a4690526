"""python3 -m coroscope_trace [-o OUT.jsonl] program.py [args...]
   python3 -m coroscope_trace [-o OUT.jsonl] -m package.module [args...]
   python3 -m coroscope_trace --virtual [options] program.py [args...]

Without --virtual: runs the program as `python3 program.py args...` would,
in real time, tracing its asyncio tasks into OUT.jsonl (default
coroscope-trace.jsonl). With --virtual: runs it on the virtual clock
(runner.py; `--virtual --help` lists its options)."""

import argparse
import os
import runpy
import sys


def _real_time(argv):
    install = _import_own("tracer").install
    write_limiter = _import_own("generated").write_limiter

    parser = argparse.ArgumentParser(
        prog="python3 -m coroscope_trace",
        description="Run an asyncio program for real and write its tasks' timeline "
        "as Coroscope JSON lines (open the file in Coroscope: File > Import Python trace). "
        "With --virtual, run it on Coroscope's virtual clock instead "
        "(python3 -m coroscope_trace --virtual --help).",
    )
    parser.add_argument("-o", "--output", default="coroscope-trace.jsonl", metavar="OUT.jsonl",
                        help="where to write the trace (default: %(default)s)")
    parser.add_argument("-m", dest="module", metavar="MODULE", help="run a module, as python3 -m MODULE")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    parser.add_argument("program", nargs="?", help="the program to run")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="its arguments")
    opts = parser.parse_args(argv)
    if sys.version_info[:2] != (3, 11):
        # Tested on 3.11 only (3.11.7 and Debian's 3.11.2): the hooks follow
        # 3.11's asyncio internals, which other versions change.
        sys.stderr.write("coroscope_trace: error: needs Python 3.11 (this is %s, %s)\n"
                         % (sys.version.split()[0], sys.executable))
        return 2
    if opts.module is None and opts.program is None:
        parser.error("give a program to run (or -m MODULE)")

    if opts.module is not None:
        # With -m, the first positional (if any) is the module's first argument.
        rest = ([opts.program] if opts.program is not None else []) + opts.args
        sys.argv = [opts.module] + rest
        sys.path.insert(0, os.getcwd())
    else:
        if not os.path.exists(opts.program):
            parser.error("no such program: " + opts.program)
        sys.argv = [opts.program] + opts.args  # (as typed, as `python3 program.py` leaves it)
        # As `python3 program.py` does: the folder of the program's file
        # comes first, symbolic links resolved.
        sys.path.insert(0, os.path.dirname(os.path.realpath(opts.program)))

    tracer = install(opts.output, opts.module or opts.program)
    if opts.module is None:
        write_limiter(tracer, opts.program)  # a generated program's scenario limit
    tracer.count_events = not opts.quiet  # only the summary line reads it
    kill_flush = _KillFlush(tracer)
    escaped = None
    try:
        if opts.module is not None:
            runpy.run_module(opts.module, run_name="__main__", alter_sys=True)
        else:
            _run_program(opts.program)
    except BaseException as exc:  # noqa: B902 - the outcome is whatever escaped
        escaped = exc
    finally:
        tracer.finish(escaped)
        kill_flush.undo()
        if not opts.quiet:
            sys.stderr.write("coroscope_trace: %d tasks, %d events -> %s\n"
                             % (tracer.tasks, tracer.events, opts.output))
    if escaped is not None:
        program = None if opts.program is None or opts.module is not None else os.path.abspath(opts.program)
        _ShownAsPlain(escaped, keep_runpy=opts.module is not None, program=program).install()
        raise escaped
    return 0


def _run_program(program):
    """Run the program file as `python3 program.py` runs it (3.11): in a
    fresh __main__ module whose __file__ is the file's absolute path, as is
    the file name of its code (tracebacks show it), with the module's other
    names as the interpreter sets them; sys.argv[0] stays as typed
    (runpy.run_path would set it to the path it is given). A folder or zip
    file with a __main__.py, or a compiled file, goes to runpy.run_path."""
    import builtins
    import importlib.machinery
    import importlib.util
    import io
    import types
    import zipimport
    path = os.path.abspath(program)
    zipped = False
    if not os.path.isdir(path):
        try:
            zipimport.zipimporter(path)
            zipped = True
        except zipimport.ZipImportError:
            pass
    if os.path.isdir(path) or zipped:
        return runpy.run_path(program, run_name="__main__")
    with io.open_code(path) as f:
        source = f.read()
    if source[:4] == importlib.util.MAGIC_NUMBER:
        return runpy.run_path(program, run_name="__main__")
    code = compile(source, path, "exec", dont_inherit=True)
    module = types.ModuleType("__main__")  # (__name__, __doc__, __package__, __loader__, __spec__)
    module.__loader__ = importlib.machinery.SourceFileLoader("__main__", path)
    module.__annotations__ = {}
    module.__builtins__ = builtins
    module.__file__ = path
    module.__cached__ = None
    sys.modules["__main__"] = module
    exec(code, module.__dict__)


class _ShownAsPlain:
    """The traceback of what escaped the program, as `python3 program.py`
    prints it: without the frames of this package (the command line's,
    the tracer's wrappers of Runner.run, run_until_complete and the like)
    and of runpy before the program's first frame (with -m, runpy's first
    two frames stay: `python3 -m module` shows them too), in the exception
    and those chained to it; none at all for a SyntaxError in the program's
    file (`program`), as Python prints one it finds compiling the program.
    sys.excepthook (the program's own, if it set one) is called with that
    traceback. A traceback whose innermost frame is this package's (an
    error of the tracer's own) keeps its frames."""

    def __init__(self, exc, keep_runpy, program=None):
        self.exc = exc
        self.keep_runpy = keep_runpy
        self.program = program
        self.package = os.path.dirname(os.path.abspath(__file__)) + os.sep
        self.runpy_files = ("<frozen runpy>", getattr(runpy, "__file__", None) or "<frozen runpy>")

    def install(self):
        hook = sys.excepthook

        def excepthook(kind, value, tb):
            if value is self.exc:
                try:
                    tb = self.trimmed_all(value, tb)
                except Exception:  # noqa: BLE001 - then as it is
                    pass
            return hook(kind, value, tb)

        sys.excepthook = excepthook

    def _ours(self, tb):
        return tb.tb_frame.f_code.co_filename.startswith(self.package)

    def _runpy(self, tb):
        return tb.tb_frame.f_code.co_filename in self.runpy_files

    def trimmed(self, tb, head):
        entries = _entries(tb)
        if not entries or self._ours(entries[-1]):
            return entries[0] if entries else None
        kept = []
        if head:
            i = 0
            if self.keep_runpy:
                while i < len(entries) and self._runpy(entries[i]) and len(kept) < 2:
                    kept.append(entries[i])
                    i += 1
            while i < len(entries) and (self._ours(entries[i]) or self._runpy(entries[i])):
                i += 1
            rest = entries[i:]
        else:
            rest = entries
        kept += [e for e in rest if not self._ours(e)]
        if not kept:
            return entries[0]  # (nothing of the program's: shown whole)
        if len(kept) == len(entries):
            return entries[0]
        import types
        new = None
        for e in reversed(kept):
            new = types.TracebackType(new, e.tb_frame, e.tb_lasti, e.tb_lineno)
        return new

    def trimmed_all(self, value, tb):
        """tb trimmed; the chained exceptions' tracebacks trimmed in place."""
        if isinstance(value, SyntaxError) and self.program is not None and value.filename == self.program \
                and all(self._ours(e) or self._runpy(e) for e in _entries(tb)):
            top = None  # (compiling the program found it)
        else:
            top = self.trimmed(tb, head=True)
        value.__traceback__ = top
        seen = {id(value)}
        todo = [value.__cause__, value.__context__] + list(getattr(value, "exceptions", None) or ())
        while todo:
            exc = todo.pop()
            if exc is None or id(exc) in seen:
                continue
            seen.add(id(exc))
            if exc.__traceback__ is not None:
                exc.__traceback__ = self.trimmed(exc.__traceback__, head=False)
            todo += [exc.__cause__, exc.__context__] + list(getattr(exc, "exceptions", None) or ())
        return top


class _KillFlush:
    """SIGTERM and SIGHUP, whose default action ends the process at once:
    the tracer keeps up to 256 lines before it writes them, so a traced run
    killed by one (`timeout 2 python3 -m coroscope_trace ...`, a program
    deadlocked by a forgotten release) left an empty file. Where the
    signal's disposition is SIG_DFL at the start, a handler writes the
    lines recorded so far, then the process dies of the signal as it would
    have (the default disposition back, the signal raised again: the same
    exit status). The trace has no "end": a partial run, as readers take a
    trace cut short by a killed process (docs/trace-extensions.md).

    The program's own handlers win: signal.signal() and
    loop.add_signal_handler() replace this one as they replace SIG_DFL.
    While it is installed, signal.getsignal() and signal.signal()'s return
    value say SIG_DFL where they would name it (a program that chains to
    the handler it replaced must not call it), and signal.signal(sig,
    SIG_DFL), asyncio's remove_signal_handler() among them, puts it back.
    A child process forked with it (multiprocessing) dies of the signal
    without writing: the lines it holds are its parent's. Undone when the
    trace ends. Nothing here runs per task: only when a signal comes or
    the program calls these two functions."""

    NAMES = ("SIGTERM", "SIGHUP")

    def __init__(self, tracer):
        import signal
        self.tracer = tracer
        self.pid = os.getpid()
        self.signal_module = signal
        self.real_signal = signal.signal
        self.real_getsignal = signal.getsignal
        self.guarded = set()
        for name in self.NAMES:
            signum = getattr(signal, name, None)
            if signum is None:
                continue
            try:
                if self.real_getsignal(signum) == signal.SIG_DFL:
                    self.real_signal(signum, self.handler)
                    self.guarded.add(signum)
            except (ValueError, OSError):  # (not the main thread, or no such signal here)
                pass
        if self.guarded:
            signal.signal = self.signal
            signal.getsignal = self.getsignal

    def handler(self, signum, frame):
        signal = self.signal_module
        if os.getpid() == self.pid:
            try:
                self.tracer.flush(force=True)
            except BaseException:  # noqa: B902 - dying of the signal comes first
                pass
        try:
            self.real_signal(signum, signal.SIG_DFL)
            signal.raise_signal(signum)  # (the default action: the process ends here)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signum])
        finally:
            os._exit(128 + signum)  # (only if the signal could not end it)

    def _shown(self, handler):
        return self.signal_module.SIG_DFL if handler == self.handler else handler

    def getsignal(self, signalnum):
        return self._shown(self.real_getsignal(signalnum))

    def signal(self, signalnum, handler):
        if handler == self.signal_module.SIG_DFL and signalnum in self.guarded:
            handler = self.handler
        return self._shown(self.real_signal(signalnum, handler))

    def undo(self):
        """The trace is written: SIG_DFL again where this handler still is."""
        signal = self.signal_module
        if not self.guarded:
            return
        if signal.signal == self.signal:
            signal.signal = self.real_signal
        if signal.getsignal == self.getsignal:
            signal.getsignal = self.real_getsignal
        for signum in self.guarded:
            try:
                if self.real_getsignal(signum) == self.handler:
                    self.real_signal(signum, signal.SIG_DFL)
            except (ValueError, OSError):
                pass
        self.guarded = set()


def _entries(tb):
    """A traceback's entries, outermost first."""
    entries = []
    while tb is not None:
        entries.append(tb)
        tb = tb.tb_next
    return entries


def _forget_cwd():
    """`python3 -m coroscope_trace` puts the working folder first on
    sys.path; `python3 program.py` does not (it puts the program's folder,
    which the runners add before the program runs)."""
    if sys.path and sys.path[0] and os.path.abspath(sys.path[0]) == os.getcwd():
        del sys.path[0]


def _import_own(name):
    """This package's module `name`, imported with no working folder on
    sys.path (an empty PYTHONPATH entry puts it there): a program's own
    queue.py or json.py beside it must not stand in for the standard
    library's modules the tracer imports ("cannot import name 'Empty' from
    'queue'"). The program then runs with sys.path as it was."""
    import importlib
    saved = sys.path[:]
    cwd = os.getcwd()
    sys.path[:] = [p for p in saved if os.path.abspath(p or ".") != cwd]
    try:
        importlib.import_module("json")  # (the trace's first line needs it: imported once anyway)
        return importlib.import_module("." + name, __package__ or "coroscope_trace")
    finally:
        sys.path[:] = saved


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    _forget_cwd()
    # --virtual among the options (before the program or -m) selects the
    # virtual-clock runner; everything after the program is the program's.
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--virtual":
            return _import_own("runner").main(argv[:i] + argv[i + 1:])
        if not a.startswith("-") or a in ("-m", "--"):
            break
        i += 2 if a in ("-o", "--output") else 1
    return _real_time(argv)


if __name__ == "__main__":
    sys.exit(main())
