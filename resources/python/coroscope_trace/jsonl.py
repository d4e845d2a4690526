"""The trace's JSON lines: how each line is spelled, and the writer.

Lines are spelled as json.dumps() spells them (", " and ": " separators,
times as repr(float)), so that the tracer, the virtual-clock runner and
Coroscope's engine print the same bytes for the same facts. The hot lines
are formatted by hand with % templates: json.dumps() per event cost the
tracer more than the program it traced.
"""

import os

# json is imported when first needed (a name or a value that is not plain):
# the real-time tracer's start is part of every traced program's cost.
_json = None


def _dumps(value):
    global _json
    if _json is None:
        import json as _json
    return _json.dumps(value)


__all__ = ["TraceWriter", "jstr", "fields"]

_SAFE = frozenset(" !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`"
                  "abcdefghijklmnopqrstuvwxyz{|}~")


def _jstr(s):
    """s as a JSON string literal, spelled as json.dumps spells it."""
    if _SAFE.issuperset(s):
        return '"' + s + '"'
    return _dumps(s)


try:
    # What json.dumps(s) calls for a str s (json.encoder.encode_basestring_ascii,
    # ensure_ascii being its default): the same spelling in one C call, with
    # no test in Python first (issue 13: a task's name is spelled per task).
    from _json import encode_basestring_ascii as jstr
except ImportError:  # no C accelerator: json's own Python spelling, via _jstr
    jstr = _jstr


def fields(pairs):
    """', "k": v' for each (k, v) pair: the extra fields of a line."""
    return "".join(", %s: %s" % (jstr(k), _dumps(v)) for k, v in pairs)


class TraceWriter:
    """Writes batches of complete lines (a str) to a file descriptor.

    A batch goes out with os.write calls and no buffering of its own, so a
    process killed between batches leaves a file of whole lines."""

    def __init__(self, fd):
        self._fd = fd
        self.closed = False
        self.on_error = None   # called with the OSError when a write fails (else it raises)

    @classmethod
    def open(cls, path):
        """A writer for `path` ("-": a duplicate of standard output, so that
        the program's own writes to descriptor 1 cannot reach the trace)."""
        if path == "-":
            return cls(os.dup(1))
        return cls(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666))

    def write(self, text):
        """Writes text (whole lines)."""
        if not text or self.closed:
            return
        view = memoryview(text.encode("utf-8", "backslashreplace"))
        try:
            while view:
                n = os.write(self._fd, view)
                view = view[n:]
        except OSError as error:
            if self.on_error is None:
                raise
            self.closed = True
            self.on_error(error)

    def close(self):
        if not self.closed:
            self.closed = True
            os.close(self._fd)
