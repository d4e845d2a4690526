"""The virtual-clock runner: a user's asyncio program, run by CPython 3.11
itself on a clock that never waits.

    python3 -m coroscope_trace --virtual [options] program.py [args...]
    python3 -m coroscope_trace --virtual [options] -m package.module [args...]

One process per run. The program runs in this process's main thread as
`python3 program.py` would run it, with these differences (the README's
"Your own program on the virtual clock" has the user's view):

  - time: see vclock.py (asyncio.sleep and time.sleep take virtual time,
    computing takes none) and scheduler.py (threads take turns);
  - determinism: hash randomisation off (PYTHONHASHSEED=0) and, where the
    kernel lets us, address randomisation off (the runner re-executes
    itself once to set both); random seeded (--seed); os.urandom seeded;
    os.cpu_count() is --cpus; a set of tasks iterates in an order fixed
    by creation (a task's hash is its creation number: mostly creation
    order, a set's hash order where the numbers pass its table's size);
  - refused: real I/O, other event loops (guard.py); stopped: budgets
    (wall clock, loop iterations at one instant, virtual time, memory,
    output) and calls that block for real (the watchdog);
  - signals: the program's handlers are virtual (signals.py); --signal
    SIGINT@2.5 delivers one at a virtual time; a real SIGINT/SIGTERM/SIGHUP
    stops the run.

The trace (-o OUT, "-" for standard output) is the tracer's JSON lines,
written as the run goes (a batch before each move of the clock), starting
with a "meta" line and ending with "end" (the program ended) or "stopped"
(the runner ended it). Extension lines: docs/trace-extensions.md.

Exit status: 0 the program ended normally; 1 an exception escaped it (a
SyntaxError, a deadlock interrupted as Ctrl-C); its own sys.exit(n) or
os._exit(n) status (os._exit ends the trace with a "stopped" line); 2 bad
usage (no such file, unsupported Python, bad option); 3 the runner stopped
the run (a budget, a refusal, a blocking call, a stop request).
"""

import argparse
import _queue
import _thread
import asyncio
import atexit
import bisect
import builtins
import concurrent.futures
import concurrent.futures.process
import concurrent.futures.thread
import dis
import functools
import importlib.machinery
import json
import linecache
import operator
import os
import pickle
import queue
import random
import resource
import runpy
import signal
import sys
import threading
import time
import traceback
import types

from . import generated as _generated
from . import guard as _guard
from . import report as _report
from . import scheduler as _scheduler
from . import signals as _signals
from . import ties as _ties
from . import tracer as _tracer
from . import vclock as _vclock
from .jsonl import TraceWriter, jstr


def _seconds(t):
    """A virtual time for a sentence: 12 significant digits, so that a sum
    of tenths reads 0.3, not 0.30000000000000004 (the trace keeps the
    exact value); an exact one as the trace spells it (0.0, 1.5)."""
    short = "%.12g" % t
    return repr(t) if float(short) == t else short

EXIT_OK, EXIT_RAISED, EXIT_USAGE, EXIT_STOPPED = 0, 1, 2, 3
# The process's own end, whatever the program does with os._exit (patched
# while it runs: Run.install).
_os_exit = os._exit

SUPPORTED = ((3, 11),)
# This machine's os.cpu_count() (the runner's is --cpus): the terminal's
# default_pool note compares the pools a plain python3 run here would make.
_MACHINE_CPUS = os.cpu_count()
_REEXEC_FLAG = "COROSCOPE_VIRTUAL_REEXEC"


class Options:
    """A run's settings; the command line's options, with the same defaults."""

    def __init__(self, output="coroscope-trace.jsonl", signals=(), max_wall=30.0, max_iterations=100_000,
                 max_virtual=1e9, max_memory=2048, max_output=1 << 20, block_limit=1.0, seed=0, cpus=4,
                 echo=None, quiet=False, process_group=False, module=None, source=None):
        self.output = output
        self.signals = list(signals)
        self.max_wall = max_wall
        self.max_iterations = max_iterations
        self.max_virtual = max_virtual
        self.max_memory = max_memory
        self.max_output = max_output
        self.block_limit = block_limit
        self.seed = seed
        self.cpus = cpus
        self.echo = echo
        self.quiet = quiet
        self.process_group = process_group
        self.module = module
        self.source = source  # the program's code from this file, run under the program's name


class _Stopped(BaseException):
    """Unwinds nothing: a stop ends the process (os._exit)."""


class VirtualTask(_tracer.Task):
    """The tracer's Task, hashed by its creation number: sets of tasks
    (asyncio.wait's done/pending, all_tasks(), a TaskGroup's tasks) iterate
    in the same order in every run instead of by memory address. Named Task,
    as CPython's, for reprs and messages."""

    __slots__ = ("_cs_seq",)  # its creation number (the tracer's Task has no such slot)

    def __init__(self, coro, *, loop=None, name=None, context=None, **kwargs):
        self._cs_seq = next(_tracer._seq)  # first: the task is hashed while it registers
        _tracer.init_task(self, coro, loop, name, context, kwargs)

    def __hash__(self):
        return self._cs_seq


VirtualTask.__name__ = VirtualTask.__qualname__ = "Task"
VirtualTask.__module__ = asyncio.Task.__module__  # (<class '_asyncio.Task'>, as CPython's)


# Builtins whose result does not follow the order they meet a set's items in
# (sum() does: floats add up differently in another order).
_ORDER_FREE_CALLS = frozenset(("sorted", "min", "max", "any", "all", "len"))
# Builtins that make a sequence in the set's order (list(done)): followed to
# what takes it (sorted(list(done), key=...) is no order).
_SEQUENCE_CALLS = frozenset(("list", "tuple"))
# What a comprehension over the set (or a key= lambda) may call and still
# show no order: read-only methods of a task (and dict.get), builtins that
# print nothing. A print(), the program's own function, an await: the calls
# come in the set's order (_pure).
_PURE_METHODS = frozenset(("result", "exception", "done", "cancelled", "cancelling", "get_name", "get_coro", "get"))
_PURE_BUILTINS = frozenset(("len", "str", "repr", "int", "float", "bool", "abs", "round", "isinstance", "type", "id",
                            "min", "max", "sorted", "any", "all", "tuple", "list"))
_IMPURE_OPS = frozenset(("PUSH_NULL", "CALL_FUNCTION_EX", "GET_AWAITABLE", "SEND", "STORE_ATTR", "STORE_SUBSCR",
                         "DELETE_ATTR", "DELETE_SUBSCR", "STORE_GLOBAL", "DELETE_GLOBAL", "STORE_DEREF",
                         "IMPORT_NAME", "MAKE_FUNCTION", "PRINT_EXPR"))
_pure_codes = {}  # a code object -> the builtins it calls, or None: it may do more than read (_pure)
_pure_awaiting = {}  # the same, an await of what it reads taken as a read (own set: _pure's awaits)
_instructions = {}  # a code object -> its instructions and their offsets (_order_free)


def _instructions_of(code):
    """`code`'s instructions and their offsets (for bisect at a frame's
    f_lasti), read once per code object."""
    known = _instructions.get(code)
    if known is None:
        instrs = list(dis.get_instructions(code))
        known = _instructions[code] = (instrs, [i.offset for i in instrs])
    return known
_LOOP_STORES = frozenset(("STORE_FAST", "STORE_NAME", "STORE_GLOBAL", "STORE_DEREF"))
_NO_STACK = frozenset(("PRECALL", "KW_NAMES", "CACHE", "NOP", "RESUME", "EXTENDED_ARG"))


def _pure(code, globals_, awaits=False):
    """Does running `code` (a comprehension's body, a key= lambda) only
    read (task methods of _PURE_METHODS, builtins of _PURE_BUILTINS not
    replaced by the program's globals_), so that the order it runs in
    shows in nothing? (`print(t.result())` in a comprehension does.)
    `awaits` (own set): an await of what it reads (`[await t for t in
    tasks]`, each a task of the set) is a read too: the comprehension
    ends when the last task does, whichever order it awaits them in."""
    cache = _pure_codes if not awaits else _pure_awaiting
    called = cache.get(code, False)
    if called is False:
        called = set()
        for ins in dis.get_instructions(code):
            name = ins.opname
            if awaits and name in ("GET_AWAITABLE", "SEND"):
                continue
            if (name in _IMPURE_OPS or (name == "LOAD_METHOD" and ins.argval not in _PURE_METHODS)
                    or (name == "LOAD_GLOBAL" and ins.arg & 1 and ins.argval not in _PURE_BUILTINS)):
                called = None
                break
            if name == "LOAD_GLOBAL" and ins.arg & 1:
                called.add(ins.argval)
        cache[code] = called
    if called is None:
        return False
    return all(globals_.get(name, builtins.__dict__.get(name)) is getattr(builtins, name) for name in called)


# Set methods that copy another set's tasks into their own in C, where no
# method of a TaskSet runs (other.update(done), other.union(done)).
_COPY_METHODS = frozenset(("update", "union", "intersection", "intersection_update", "symmetric_difference",
                           "symmetric_difference_update"))
_LOADS = frozenset(("LOAD_FAST", "LOAD_NAME", "LOAD_DEREF", "LOAD_GLOBAL", "LOAD_CLASSDEREF"))
_copies = {}  # (code, offset of its await of asyncio.wait()) -> _copy_in's answer


def _copied_at(frame):
    """`frame` awaits asyncio.wait() and unpacks its sets (`done, pending =
    await asyncio.wait(...)`): where its code copies one of them in C, in
    a way no method of the set sees (set(done), frozenset(done), {*done},
    other.update(done), other |= done; not len(set(done)) nor sorted(...)
    of it): (line, "done" or "pending", the copy as written), the first;
    None if it makes none. Read from the byte code (CPython 3.11), once
    per place that awaits it (a program may call it in a loop)."""
    key = (frame.f_code, frame.f_lasti)
    if key in _copies:
        found = _copies[key]
    else:
        found = _copies[key] = _copy_in(frame)
    if found is None:
        return None
    line, which, form, builtin = found
    if builtin is not None and frame.f_globals.get(builtin, builtins.__dict__.get(builtin)) \
            is not getattr(builtins, builtin):
        return None  # (the program's own set(): not a copy made in C)
    return line, which, form


def _copy_in(frame):
    """_copied_at's reading of the byte code: (line, which, form, the
    builtin it calls or None), or None."""
    instrs, offsets = _instructions_of(frame.f_code)
    k = bisect.bisect_left(offsets, frame.f_lasti)
    names = None
    for at in range(k, min(k + 8, len(instrs) - 2)):
        if instrs[at].opname == "UNPACK_SEQUENCE" and instrs[at].arg == 2:
            if instrs[at + 1].opname in _LOOP_STORES and instrs[at + 2].opname in _LOOP_STORES:
                names = {instrs[at + 1].argval: "done", instrs[at + 2].argval: "pending"}
            break
    if not names:
        return None
    line = None
    for at in range(1, len(instrs) - 1):
        ins = instrs[at]
        if ins.starts_line is not None:
            line = ins.starts_line
        if ins.opname not in _LOADS or ins.argval not in names:
            continue
        before, after = instrs[at - 1], instrs[at + 1]
        builtin = None
        if before.opname == "LOAD_GLOBAL" and before.arg & 1 and before.argval in ("set", "frozenset") \
                and after.opname == "PRECALL" and after.arg == 1:
            builtin = before.argval
            outer = instrs[at - 2] if at >= 2 else None
            if outer is not None and outer.opname == "LOAD_GLOBAL" and outer.arg & 1 \
                    and outer.argval in _ORDER_FREE_CALLS:
                continue  # (len(set(done)), sorted(set(done), key=...): taken as the set itself would be)
            form = "%s(%s)" % (before.argval, ins.argval)
        elif after.opname == "SET_UPDATE":
            form = "{*%s}" % ins.argval
        elif before.opname == "LOAD_METHOD" and before.argval in _COPY_METHODS and after.opname == "PRECALL" \
                and not (instrs[at - 2].opname in _LOADS and instrs[at - 2].argval in names):
            # (other.update(done); pending.union(done) is a TaskSet's own, seen.)
            form = ".%s(%s)" % (before.argval, ins.argval)
        elif after.opname == "BINARY_OP" and after.argrepr in ("|=", "&=", "^=") \
                and not (before.opname in _LOADS and before.argval in names):
            form = "%s %s" % (after.argrepr, ins.argval)
        else:
            continue
        return line, names[ins.argval], form, builtin
    return None


_PURE_KEY_BUILTINS = frozenset(("id", "len", "str", "repr", "hash", "abs", "int", "float"))
_PURE_KEY_METHODS = frozenset(("get", "__getitem__", "index", "count"))


def _key_of(slot, frame):
    """The key= callable a slot of _order_free's stack holds, when it only
    reads (so the runner may call it too): a lambda or function of the
    program's that only reads (_pure), a builtin of _PURE_KEY_BUILTINS, a
    dict's, list's or tuple's get/__getitem__/index/count (ids.get).
    None: unknown, or it may do more than read."""
    kind = slot[0] if isinstance(slot, tuple) else None

    def value(name):
        try:
            return frame.f_locals[name]
        except KeyError:
            return frame.f_globals.get(name, builtins.__dict__.get(name))

    if kind == "func":
        code = slot[1]
        if not _pure(code, frame.f_globals):
            return None
        try:
            closure = tuple(types.CellType(frame.f_locals[name]) for name in code.co_freevars) or None
        except KeyError:
            return None
        return types.FunctionType(code, frame.f_globals, None, None, closure)
    if kind in ("global", "load"):
        obj = value(slot[1])
    elif kind == "attr":
        base = value(slot[1])
        if type(base) not in (dict, list, tuple):
            return None
        obj = getattr(base, slot[2], None)
    else:
        return None
    if isinstance(obj, types.BuiltinFunctionType):
        owner = getattr(obj, "__self__", None)
        if owner is builtins and obj.__name__ in _PURE_KEY_BUILTINS:
            return obj
        if type(owner) in (dict, list, tuple) and obj.__name__ in _PURE_KEY_METHODS:
            return obj
        return None
    if isinstance(obj, types.FunctionType) and not (obj.__code__.co_flags & 0x2A0) \
            and _pure(obj.__code__, obj.__globals__):  # (not a generator or coroutine function)
        return obj
    return None


def _key_ties(key, items, call):
    """Do the keys of `items` tie where `call` (sorted, min, max) lets the
    order it meets them in decide (sorted: any two; min, max: the first or
    last two)? Unsure (a key that raises, keys that do not compare): True."""
    try:
        # (Not the set's own __iter__, which would tell the runner's going through it.)
        keys = [key(item) for item in (set.__iter__(items) if isinstance(items, set) else items)]
        if len(keys) < 2:
            return False
        order = sorted(range(len(keys)), key=keys.__getitem__)
        if call == "min":
            pairs = [order[:2]]
        elif call == "max":
            pairs = [order[-2:]]
        else:
            pairs = zip(order, order[1:])
        return any(not (keys[a] < keys[b]) for a, b in pairs)
    except Exception:  # noqa: BLE001 - the program's own call raises the same, or the keys are unsure
        return True


def _order_free(frame, items=()):
    """_order_free_at, whose reading of the byte code must never raise into
    the program (unsure: False, told)."""
    try:
        return _order_free_at(frame, items)
    except Exception:  # noqa: BLE001
        return False


def _order_free_at(frame, items):
    """Is `frame` going through a set (its instruction now made the set's
    iterator) in a way whose outcome does not follow the set's order: a
    `for _ in` loop; a call of one of _ORDER_FREE_CALLS given the set
    (sorted(done, key=...)), a list() or tuple() of it (sorted(list(done),
    key=...)), or a comprehension or generator expression over it that
    only reads (sorted(t.result() for t in done), len([t for t in done if
    t.exception()]); not one that prints: _pure), a key= lambda that only
    reads? Read from the frame's byte code (CPython 3.11): the current
    line's instructions, with no jump among them before the answer;
    anything else (or unsure) is False. (A set comprehension of the
    results, {t.result() for t in done}, is told: a set of values can
    iterate in the order they were added, {1, 9} or {9, 1}.) sorted(),
    min() and max() with a key= given the set (or a list() of it): the
    runner computes the keys of `items` (the set) with that key when it
    only reads (_key_of) and tells where two tie (the tied tasks come in
    the set's order: sorted(done, key=lambda t: t.result()) of two tasks
    that returned 1); an unknown key is told."""
    code = frame.f_code
    instrs, offsets = _instructions_of(code)
    k = bisect.bisect_left(offsets, frame.f_lasti)
    if k >= len(instrs) or offsets[k] != frame.f_lasti:
        return False
    now = instrs[k]
    if now.opname == "GET_ITER":
        after = instrs[k + 1] if k + 1 < len(instrs) else None
        if after is not None and after.opname == "FOR_ITER":
            return k + 2 < len(instrs) and instrs[k + 2].opname in _LOOP_STORES and instrs[k + 2].argval == "_"
        if after is None or after.opname not in ("PRECALL", "CALL") or after.arg != 0:
            return False  # (a comprehension's function is called on the iterator next)
    elif now.opname not in ("CALL", "PRECALL"):
        return False  # (a builtin's call runs in its PRECALL once that is specialised)
    start = k
    while start > 0 and instrs[start].starts_line is None:
        start -= 1
    # What each slot holds, as far as known: None (a NULL), ("global", name),
    # ("code", code) and ("func", code) (a comprehension's or lambda's), "SET",
    # "SEQ" or ("?",).
    stack = []
    skip_call = False  # (the CALL after the PRECALL that made the set a sequence)
    kw = ()  # (the keyword names of the next call)
    seq_of_set = False  # (the sequence is a list() or tuple() of the set itself)
    skip_to = None  # (own set: where the await of an async comprehension's list ends)
    for at in range(start, len(instrs)):
        ins = instrs[at]
        name = ins.opname
        if skip_to is not None:
            if ins.offset < skip_to:
                continue
            skip_to = None
        if at > start and ins.starts_line is not None:
            return False
        if name == "GET_AWAITABLE" and stack and stack[-1] == "SEQ" and type(frame) is _AtCall:
            send = next((i for i in instrs[at:at + 4] if i.opname == "SEND"), None)
            if send is None:
                return False
            skip_to = send.argval  # ([await t for t in tasks]: its list, as a comprehension's without awaits)
            continue
        if skip_call and name == "CALL":
            skip_call = False
            continue
        if name == "KW_NAMES":
            kw = code.co_consts[ins.arg]  # (dis leaves its argval unknown in 3.11)
            continue
        if at == k and name == "GET_ITER":
            if not stack:
                return False
            stack[-1] = "SET"  # (the set's iterator)
            continue
        if (at == k or name == "CALL") and name in ("CALL", "PRECALL"):
            n = ins.arg
            if len(stack) < n + 2:
                return False
            slots = stack[len(stack) - n - 2:]
            if at != k and "SET" not in slots and "SEQ" not in slots:
                del stack[len(stack) - n - 2:]
                stack.append(("?",))
                continue
            if at != k and n == 0 and slots[1] == "SET":
                # The comprehension's function called on the set's iterator: its
                # result (a list, a generator) follows the set's order, and so
                # do the calls its body makes.
                if not (isinstance(slots[0], tuple) and slots[0][0] == "func"
                        and _pure(slots[0][1], frame.f_globals, type(frame) is _AtCall)):
                    return False
                del stack[len(stack) - 2:]
                stack.append("SEQ")
                seq_of_set = False
                continue
            if slots[0] is not None or (at != k and "SEQ" not in slots[2:]):
                return False
            callee = slots[1]
            if not isinstance(callee, tuple) or callee[0] != "global":
                return False
            found = frame.f_globals.get(callee[1], builtins.__dict__.get(callee[1]))
            if found is not getattr(builtins, callee[1], None):
                return False
            if at == k and n == 1 and callee[1] in _SEQUENCE_CALLS:
                # list(done), tuple(done): a sequence in the set's order, followed.
                del stack[len(stack) - 3:]
                stack.append("SEQ")
                seq_of_set = True
                skip_call = name == "PRECALL"
                continue
            if callee[1] not in _ORDER_FREE_CALLS:
                return False
            # A key= lambda is called in the set's order: it must only read.
            if not all(_pure(slot[1], frame.f_globals) for slot in slots[2:]
                       if isinstance(slot, tuple) and slot[0] == "func"):
                return False
            if callee[1] in ("sorted", "min", "max") and "key" in kw and len(kw) <= n:
                key_slot = slots[2 + n - len(kw) + kw.index("key")]
                if at == k or seq_of_set:
                    # Tasks of equal keys come in the set's order.
                    key = _key_of(key_slot, frame)
                    return key is not None and not _key_ties(key, items, callee[1])
            return True
        if ins.opcode in dis.hasjrel or ins.opcode in dis.hasjabs:
            return False
        if name in _NO_STACK:
            continue
        if name == "PUSH_NULL":
            stack.append(None)
        elif name == "LOAD_GLOBAL":
            if ins.arg & 1:
                stack.append(None)
            stack.append(("global", ins.argval))
        elif name == "LOAD_CONST" and isinstance(ins.argval, types.CodeType):
            stack.append(("code", ins.argval))
        elif name in ("LOAD_FAST", "LOAD_DEREF", "LOAD_NAME", "LOAD_CLASSDEREF"):
            stack.append(("load", ins.argval))
        elif name == "LOAD_ATTR" and stack and isinstance(stack[-1], tuple) and stack[-1][0] in ("load", "global"):
            stack[-1] = ("attr", stack[-1][1], ins.argval)
        elif name == "MAKE_FUNCTION" and stack and isinstance(stack[-1], tuple) and stack[-1][0] == "code":
            # (Its code on top; below, one value per flag: defaults, closure...)
            made = ("func", stack[-1][1])
            below = 1 + bin(ins.arg & 0x0F).count("1")
            if len(stack) < below or any(slot in ("SET", "SEQ") for slot in stack[len(stack) - below:]):
                return False
            del stack[len(stack) - below:]
            stack.append(made)
        else:
            # (A load pushes; an operation's result stands where its
            # operands were: the top is no name any more, and the set's
            # iterator or sequence consumed so is not followed.)
            effect = dis.stack_effect(ins.opcode, ins.arg, jump=False)
            consumed = stack[len(stack) + effect:] if effect < 0 else stack[-1:] if effect <= 0 else []
            if "SET" in consumed or "SEQ" in consumed:
                return False
            if effect < 0:
                del stack[len(stack) + effect:]
            if stack and (effect <= 0 or name == "LOAD_METHOD"):
                if stack[-1] in ("SET", "SEQ"):
                    return False
                stack[-1] = ("?",)
            stack.extend([("?",)] * max(effect, 0))
    return False


# A program's own set of tasks (own set): `background_tasks = set()`,
# `.add(task)`, then `for t in background_tasks: t.cancel()` or
# `asyncio.gather(*background_tasks)`. A plain set the runner cannot follow
# (it iterates in C): what it follows is a cancel() made while going
# through one, and a gather() given one (Run._patch_own_sets).
_NAME_LOADS = frozenset(("LOAD_FAST", "LOAD_NAME", "LOAD_GLOBAL", "LOAD_DEREF", "LOAD_CLASSDEREF"))
_own_set_loops = {}  # a code object -> its for loops: (FOR_ITER offset, end offset, the iterable's load, its target)


def _own_set_source(instrs, at):
    """How the iterable a GET_ITER at instrs[at] takes was loaded, for a
    plain name, an attribute (self.tasks), list(name), tuple(name) or
    name.copy(): ("name", name) or ("attr", name, attr); sorted() of one
    of those with more arguments (a key=): ("sorted", the offset of its
    PRECALL, the set's source), where tasks of equal keys keep the set's
    order; None otherwise."""
    def load(k):
        if k < 0:
            return None
        ins = instrs[k]
        if ins.opname in _NAME_LOADS:
            return ("name", ins.argval), k
        if ins.opname == "LOAD_ATTR" and k >= 1 and instrs[k - 1].opname in _NAME_LOADS:
            return ("attr", instrs[k - 1].argval, ins.argval), k - 1
        return None

    k = at - 1
    while k >= 0 and instrs[k].opname in ("PRECALL", "CALL", "CACHE"):
        k -= 1
    calls = at - 1 - k
    got = load(k)
    if calls == 0:
        return got[0] if got else None
    if k >= 1 and instrs[k].opname == "LOAD_METHOD" and instrs[k].argval in ("copy", "keys", "values", "items"):
        # (own set: a dict's views, followed when a comprehension over a set made the dict: _own_set_looped)
        got = load(k - 1)
        return got[0] if got else None
    if got and instrs[at - 1].opname == "CALL" and instrs[at - 1].arg == 1 and got[1] >= 1:
        before = instrs[got[1] - 1]
        if before.opname == "LOAD_GLOBAL" and before.argval in ("list", "tuple"):
            return got[0]
    if instrs[at - 1].opname == "CALL" and instrs[at - 1].arg >= 2 and at >= 2 and instrs[at - 2].opname == "PRECALL":
        # (own set) sorted(tasks, key=...): its first argument, loaded after `sorted`.
        for j in range(at - 3, max(at - 16, 0), -1):
            ins = instrs[j]
            if ins.opname == "LOAD_GLOBAL" and ins.argval == "sorted" and ins.arg & 1 and j + 1 < at - 2:
                inner = load(j + 2 if instrs[j + 2].opname == "LOAD_ATTR" else j + 1)
                return ("sorted", instrs[at - 2].offset, inner[0]) if inner else None
    return None


def _own_set_name(source):
    """The set `source` (_own_set_source) names, as the program writes it."""
    return ".".join(source[2][1:] if source[0] == "sorted" else source[1:])


class _AtCall:
    """(own set) A frame's code, names and values, at another offset of its
    code (`lasti`): for _order_free's reading of a sorted() call it made."""

    __slots__ = ("f_code", "f_lasti", "f_globals", "f_locals")
    # (_order_free_at of an _AtCall: an await in a comprehension of the set's tasks is a read, _pure's awaits.)

    def __init__(self, frame, lasti):
        self.f_code, self.f_lasti, self.f_globals, self.f_locals = \
            frame.f_code, lasti, frame.f_globals, frame.f_locals


def _own_set_looped(frame, loop):
    """The program's own plain set of two or more items that the for loop
    `loop` (_own_set_loop_of) of `frame` goes through in the set's order:
    (the set, its name, whether through sorted() of it), or None. A comprehension's loop (over its `.0`)
    goes through what its caller gave it ([await t for t in tasks]); a
    loop over sorted(tasks, key=...) meets the tasks whose keys tie in the
    set's order: it is such a loop unless _order_free reads the call and
    finds no two keys that tie (a key it cannot read: it is)."""
    source = loop[0]
    if source == ("name", ".0"):
        caller = frame.f_back
        if caller is None:
            return None
        instrs, offsets = _instructions_of(caller.f_code)
        k = min(bisect.bisect_left(offsets, caller.f_lasti), len(instrs) - 1)
        source = None
        for at in range(k, max(k - 9, 0), -1):
            if instrs[at].opname == "GET_ITER":
                source = _own_set_source(instrs, at)
                break
        if source is None:
            return None
        frame = caller
    value = _own_set_value(frame, source[2] if source[0] == "sorted" else source)
    if type(value) in (dict, list) and source[0] == "name":
        # A dict or list a comprehension over the set made ({t: t.get_name() for t in tasks}) and stored
        # here: it holds the tasks in the set's order (CPython 3.11.7 printed such a dict's items as job-0,
        # 3, 1, 2, 4 three runs of four, the virtual run 0 to 4), so a loop over it (or its keys(), values(),
        # items()) goes through the set.
        site = next((site for site in _own_set_comprehensions(frame.f_code) if site[3] == source[1]), None)
        if site is None:
            return None
        made, value = value, _own_set_value(frame, site[2])
        if type(value) not in (set, frozenset) or len(made) < 2:
            return None
        source = site[2]
    if type(value) not in (set, frozenset) or len(value) < 2:
        return None
    if source[0] == "sorted" and _order_free(_AtCall(frame, source[1]), value):
        return None  # (no two keys tie: the sorted order is the keys')
    return value, _own_set_name(source), source[0] == "sorted"


def _own_set_loop_of(code, lasti):
    """The innermost for loop of `code` around offset `lasti`: how its
    iterable was loaded (_own_set_source) and the name its items are
    stored in (None: unpacked), or None."""
    loops = _own_set_loops.get(code)
    if loops is None:
        loops = []
        try:
            instrs = list(dis.get_instructions(code))
            for at, ins in enumerate(instrs):
                if ins.opname == "FOR_ITER" and at >= 1 and (instrs[at - 1].opname == "GET_ITER" or (
                        instrs[at - 1].opname == "LOAD_FAST" and instrs[at - 1].argval == ".0")):
                    # (A comprehension's loop: over its `.0`, what its caller gave it: _own_set_looped.)
                    target = instrs[at + 1].argval if instrs[at + 1].opname in _LOOP_STORES else None
                    if instrs[at + 1].opname == "UNPACK_SEQUENCE":  # (own set: `for t, name in d.items()`)
                        stores = instrs[at + 2:at + 2 + instrs[at + 1].arg]
                        if all(i.opname in _LOOP_STORES for i in stores):
                            target = tuple(i.argval for i in stores)
                    source = ("name", ".0") if instrs[at - 1].opname == "LOAD_FAST" \
                        else _own_set_source(instrs, at - 1)
                    loops.append((ins.offset, ins.argval, source, target))
        except Exception:  # noqa: BLE001 - unread: no loop
            loops = []
        _own_set_loops[code] = loops
    inner = None
    for loop in loops:
        if loop[0] < lasti < loop[1] and (inner is None or loop[0] > inner[0]):
            inner = loop
    return inner[2:] if inner is not None and inner[2] is not None else None


def _own_set_value(frame, source):
    """The object `source` (_own_set_source) names in `frame` now, or None."""
    def named(name):
        if name in frame.f_locals:
            return frame.f_locals[name]
        return frame.f_globals.get(name, builtins.__dict__.get(name))
    try:
        if source[0] == "name":
            return named(source[1])
        return getattr(named(source[1]), source[2], None)
    except Exception:  # noqa: BLE001 - a property of the program's that raises: not followed
        return None


_own_set_tables = {}  # a code object -> (its exception table, its instructions by offset, their offsets)
_TYPE_LOADS = frozenset(("LOAD_GLOBAL", "LOAD_NAME", "LOAD_FAST", "LOAD_DEREF", "LOAD_CLASSDEREF"))


def _own_set_catches(frame):
    """Does a CancelledError thrown into `frame` (suspended at its f_lasti)
    run code of it: a finally, with or async with around it, a bare except
    or an except whose class (a name or attribute, or a tuple of them)
    catches CancelledError? Followed from handler to handler as CPython
    3.11's exception table goes (an `except ValueError:` or `except
    Exception:` re-raises it: no code of the program's runs). Unsure:
    True."""
    code = frame.f_code
    known = _own_set_tables.get(code)
    if known is None:
        try:
            instrs, offsets = _instructions_of(code)
            known = (list(dis._parse_exception_table(code)), {i.offset: i for i in instrs}, offsets)
        except Exception:  # noqa: BLE001
            known = None
        _own_set_tables[code] = known or False
    if not known:
        return True

    table, by_offset, offsets = known

    def value(ins):
        name = ins.argval
        if name in frame.f_locals:
            return frame.f_locals[name]
        return frame.f_globals.get(name, builtins.__dict__.get(name, _MISSING_TYPE))

    def ops(offset, n):
        k = bisect.bisect_left(offsets, offset)
        return [by_offset[o] for o in offsets[k:k + n]]

    at = frame.f_lasti
    for _ in range(64):
        entry = next((e for e in table if e.start <= at < e.end), None)
        if entry is None:
            return False  # (out of the frame, as it came)
        first = ops(entry.target, 3)
        if [i.opname for i in first] == ["COPY", "POP_EXCEPT", "RERAISE"]:
            at = first[2].offset  # (an except's cleanup: re-raised from there)
            continue
        if not first or first[0].opname != "PUSH_EXC_INFO":
            return True
        at = first[0].offset + 2
        while True:
            ends = _own_set_except_classes(at, by_offset, offsets, value)
            if ends is None:
                return True  # (a finally, with, bare except, except*, a class it cannot read: code runs)
            ins, classes = ends
            if ins.opname == "RERAISE":
                at = ins.offset  # (no except took it)
                break
            try:
                if any(issubclass(asyncio.CancelledError, kind) for kinds in classes
                       for kind in (kinds if isinstance(kinds, tuple) else (kinds,))):
                    return True
            except TypeError:
                return True
            jump = ops(ins.offset, 2)
            if len(jump) < 2 or jump[1].opname != "POP_JUMP_FORWARD_IF_FALSE":
                return True
            at = jump[1].argval  # (the next except, or the RERAISE after the last)
    return True


_MISSING_TYPE = object()
_UNKNOWN_VALUE = object()  # (own set: a condition's value in an except's class, not computed)
_POP_JUMPS = frozenset(("POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE", "POP_JUMP_FORWARD_IF_NONE",
                        "POP_JUMP_FORWARD_IF_NOT_NONE"))


def _own_set_except_classes(at, by_offset, offsets, value):
    """The classes an except clause whose test starts at offset `at` can
    name (own set: _own_set_catches), read from CPython 3.11's byte code:
    (its CHECK_EXC_MATCH, [each class or tuple of classes it can name]), or
    (the RERAISE, []) where no except follows; None: not an except, or a
    class it cannot read (a call: unsure). A name, an attribute, a tuple
    of them, a constant, and a conditional expression or `or` between
    them (`except (KeyError if DEBUG else ValueError):`): every branch is
    followed, its condition not computed (the loads and comparisons that
    pick a class print nothing, in whatever order the cancels come)."""
    paths = [(at, [])]
    found = None
    classes = []
    for _ in range(8):
        if not paths:
            break
        at, stack = paths.pop()
        k = bisect.bisect_left(offsets, at)
        for offset in offsets[k:k + 32]:
            ins = by_offset[offset]
            name = ins.opname
            if name in _TYPE_LOADS:
                stack.append(value(ins))
            elif name == "LOAD_CONST":
                stack.append(ins.argval)
            elif name == "LOAD_ATTR" and stack:
                top = stack[-1]
                stack[-1] = top if top is _UNKNOWN_VALUE else getattr(top, ins.argval, _MISSING_TYPE)
            elif name == "BUILD_TUPLE" and len(stack) >= ins.arg:
                items = tuple(stack[len(stack) - ins.arg:])
                del stack[len(stack) - ins.arg:]
                stack.append(items)
            elif name in ("COMPARE_OP", "IS_OP", "CONTAINS_OP") and len(stack) >= 2:
                del stack[-2:]
                stack.append(_UNKNOWN_VALUE)
            elif name == "UNARY_NOT" and stack:
                stack[-1] = _UNKNOWN_VALUE
            elif name in _POP_JUMPS and stack:
                stack.pop()
                paths.append((ins.argval, list(stack)))
            elif name in ("JUMP_IF_TRUE_OR_POP", "JUMP_IF_FALSE_OR_POP") and stack:
                paths.append((ins.argval, list(stack)))
                stack.pop()
            elif name == "JUMP_FORWARD":
                paths.append((ins.argval, stack))
                break
            elif name in ("CACHE", "NOP"):
                continue
            elif name == "CHECK_EXC_MATCH" and len(stack) == 1 and stack[0] is not _UNKNOWN_VALUE \
                    and (found is None or found is ins):
                found = ins
                classes.append(stack[0])
                break
            elif name == "RERAISE" and not stack and found is None and not paths:
                return ins, []
            else:
                return None
        else:
            return None
    return (found, classes) if found is not None and not paths else None


def _own_set_runs_code(task, places, depth=0):
    """Does a cancel of `task` run the program's code: a frame of the
    program's, in its coroutine's chain of awaits, suspended inside a try,
    with or async with, or a done callback of the program's (the order of
    such cancels shows in what that code does)? A task that has not
    started runs none (the CancelledError is thrown at its start)."""
    coro = task.get_coro()
    while coro is not None:
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is None:
            break
        if places.is_program(frame.f_code.co_filename) and _own_set_catches(frame):
            return True
        nxt = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
        if isinstance(nxt, asyncio.Task) and depth < 8:
            return _own_set_runs_code(nxt, places, depth + 1)  # (a cancel handed on to the task it awaits)
        coro = nxt
    for callback, _ in (getattr(task, "_callbacks", None) or ()):
        code = getattr(callback, "__code__", None) or getattr(getattr(callback, "func", None), "__code__", None)
        if code is not None and places.is_program(code.co_filename):
            return True
    return False


def _own_set_given(frame, given):
    """gather(*s) of a program's own set (own set): the caller `frame` is at
    its CALL_FUNCTION_EX, and a name (or attribute) its line loads before
    it holds a plain set of exactly the tasks given. (its name, whether
    the gather's result is dropped: awaited at once and popped, whether it
    is awaited at once), or None."""
    instrs, offsets = _instructions_of(frame.f_code)
    k = bisect.bisect_left(offsets, frame.f_lasti)
    if k >= len(instrs) or instrs[k].opname != "CALL_FUNCTION_EX":
        return None
    start = k
    while start > 0 and instrs[start].starts_line is None:
        start -= 1
    ids = set(map(id, given))
    for at in range(start, k):
        ins = instrs[at]
        source = None
        if ins.opname in _NAME_LOADS and not (at + 1 < k and instrs[at + 1].opname == "LOAD_ATTR"):
            source = ("name", ins.argval)
        elif ins.opname == "LOAD_ATTR" and at >= 1 and instrs[at - 1].opname in _NAME_LOADS:
            source = ("attr", instrs[at - 1].argval, ins.argval)
        if source is None:
            continue
        value = _own_set_value(frame, source)
        if type(value) in (set, frozenset) and len(value) == len(given) and set(map(id, value)) == ids:
            after = instrs[k + 1] if k + 1 < len(instrs) else None
            awaited = after is not None and after.opname == "GET_AWAITABLE"
            dropped = awaited and _own_set_dropped_at(instrs, offsets, k + 2)
            return ".".join(source[1:]), dropped, awaited
    return None


_own_set_comps = {}  # a code object -> its comprehensions over a name (_own_set_comprehensions)
_ORDERED_COMPREHENSIONS = frozenset(("<listcomp>", "<dictcomp>", "<genexpr>"))


def _own_set_comprehensions(code):
    """(own set) The comprehensions of `code` over a name or attribute
    (a list, dict or generator one; a set comprehension's order is its
    items' own): (the offset of its GET_ITER, its line, how the name was
    loaded (_own_set_source), the name its list or dict is stored in when
    `code` stores nothing else there and sorts it not (None: a generator,
    or not so kept), its code). Read once per code object."""
    sites = _own_set_comps.get(code)
    if sites is not None:
        return sites
    sites = []
    try:
        instrs, offsets = _instructions_of(code)
        line = None
        for at, ins in enumerate(instrs):
            if ins.starts_line is not None:
                line = ins.starts_line
            if ins.opname != "GET_ITER" or at + 3 >= len(instrs) or instrs[at + 1].opname != "PRECALL" \
                    or instrs[at + 1].arg != 0:
                continue
            made = next((i.argval for i in reversed(instrs[max(at - 5, 0):at])
                         if i.opname == "LOAD_CONST" and isinstance(i.argval, types.CodeType)), None)
            source = _own_set_source(instrs, at)
            if made is None or made.co_name not in _ORDERED_COMPREHENSIONS or source is None \
                    or source[0] == "sorted":
                continue
            after = at + 3
            if instrs[after].opname == "GET_AWAITABLE":  # (an async comprehension: its value where the SEND ends)
                send = next((i for i in instrs[after:after + 4] if i.opname == "SEND"), None)
                after = bisect.bisect_left(offsets, send.argval) if send is not None else len(instrs)
            store = instrs[after].argval if after < len(instrs) and instrs[after].opname in _LOOP_STORES else None
            if store is not None and (made.co_name == "<genexpr>" or sum(
                    1 for i in instrs if i.opname in _LOOP_STORES and i.argval == store) != 1 or any(
                    i.opname == "LOAD_METHOD" and i.argval == "sort" and instrs[j - 1].argval == store
                    for j, i in enumerate(instrs))):
                store = None
            sites.append((ins.offset, line, source, store, made))
    except Exception:  # noqa: BLE001 - unread: none
        sites = []
    _own_set_comps[code] = sites
    return sites


_STORE_ORDER_FREE = frozenset(("sorted", "len", "min", "max", "any", "all", "set", "frozenset"))


def _own_set_store_shown(frame, store):
    """(own set) Does the line `frame` runs show the order of the list (or
    dict) a comprehension over a set stored in `store` (results = [await
    t for t in tasks]): it loads it other than as the one argument of a
    builtin that takes no order of it (sorted(results), len(results); sum()
    of ints), nor, a dict, as indexed by a key (d[name], d.get(name), name
    in d), and its items differ (_own_set_differ)?"""
    value = frame.f_locals.get(store)
    instrs, offsets = _instructions_of(frame.f_code)
    k = min(bisect.bisect_left(offsets, frame.f_lasti), len(instrs) - 1)
    start = k
    while start > 0 and instrs[start].starts_line is None:
        start -= 1
    for at in range(start, len(instrs) - 1):
        ins = instrs[at]
        if at > start and ins.starts_line is not None:
            break
        if ins.opname not in _NAME_LOADS or ins.argval != store:
            continue
        before, after = instrs[at - 1], instrs[at + 1]
        if type(value) is dict and (after.opname == "CONTAINS_OP" or (
                after.opname == "LOAD_METHOD" and after.argval in ("get", "__getitem__", "__contains__")) or (
                after.opname in _NAME_LOADS | {"LOAD_CONST"} and at + 2 < len(instrs)
                and instrs[at + 2].opname == "BINARY_SUBSCR")):
            continue  # (d[name], d.get(name), name in d: no order of the dict's)
        free = (before.opname == "LOAD_GLOBAL" and before.arg & 1 and after.opname == "PRECALL" and after.arg == 1
                and frame.f_globals.get(before.argval, builtins.__dict__.get(before.argval))
                is getattr(builtins, before.argval, None)
                and (before.argval in _STORE_ORDER_FREE
                     or before.argval == "sum" and type(value) in (list, tuple)
                     and all(type(item) is int for item in value)))
        if not free:
            return _own_set_differ(value)
    return False


def _own_set_alike(tasks, code):
    """(own set) Does the comprehension `code` over `tasks` make items alike
    in whatever order it meets them: it reads its task only by awaiting it
    or calling its result(), and each of the tasks returned a result of
    the same repr (print([await t for t in tasks]) of jobs that return
    None prints [None, None, None] in CPython too)? Read without marking
    an exception retrieved (the task's _state, _result, _exception)."""
    instrs = _instructions_of(code)[0]
    target = next((instrs[k + 1].argval for k, ins in enumerate(instrs[:-1])
                   if ins.opname == "FOR_ITER" and instrs[k + 1].opname in _LOOP_STORES), None)
    if target is None:
        return False
    for k, ins in enumerate(instrs[:-1]):
        if ins.opname in ("LOAD_FAST", "LOAD_DEREF") and ins.argval == target:
            after = instrs[k + 1]
            if after.opname != "GET_AWAITABLE" and not (after.opname == "LOAD_METHOD" and after.argval == "result"):
                return False
    seen = set()
    for task in tasks:
        if getattr(task, "_state", None) != "FINISHED" or task._exception is not None:
            return False
        seen.add(repr(task._result))
        if len(seen) > 1:
            return False
    return True


def _own_set_differ(value):
    """(own set) Does `value`, a list, tuple or dict a comprehension over a
    set made, show its order when printed: two or more items that differ
    (a dict: two or more keys)? Another value: unsure, True."""
    if type(value) is dict:
        return len(value) >= 2
    if type(value) in (list, tuple):
        try:
            return len({repr(item) for item in value[:64]}) >= 2
        except Exception:  # noqa: BLE001 - a repr of the program's that raises: unsure
            return True
    return value is not None


def _own_set_dropped_at(instrs, offsets, at):
    """Is the value of the await whose SEND is at or just after instrs[at]
    dropped (own set: `await asyncio.gather(*tasks)` alone on its line):
    popped where the SEND ends?"""
    for ins in instrs[at:at + 6]:
        if ins.opname == "SEND":
            end = bisect.bisect_left(offsets, ins.argval)
            return end < len(instrs) and instrs[end].opname == "POP_TOP"
    return False


def _own_set_line_loads(frame, name):
    """Does the line `frame` runs (own set) load the variable `name` (or
    one of a tuple of names: a loop's unpacked target)?"""
    names = name if type(name) is tuple else (name,)
    instrs, offsets = _instructions_of(frame.f_code)
    k = min(bisect.bisect_left(offsets, frame.f_lasti), len(instrs) - 1)
    start = k
    while start > 0 and instrs[start].starts_line is None:
        start -= 1
    for at in range(start, len(instrs)):
        ins = instrs[at]
        if at > start and ins.starts_line is not None:
            break
        if ins.opname in _NAME_LOADS and ins.argval in names:
            return True
    return False


class Run:
    """One run of one program on the virtual clock (one per process)."""

    def __init__(self, opts, program, args):
        self.opts = opts
        self.program = program
        self.args = list(args)
        self.places = _report.Places(program if opts.module is None else None)
        self.clock = _vclock.Clock()
        self.clock.cap = opts.max_virtual
        self.sched = _scheduler.Scheduler(self.clock, self)
        self.sched.max_same_instant = opts.max_iterations
        self.guard = _guard.Guard(self)
        self.signals = _signals.Signals(self, self.sched)
        self.diag = _report.Diagnostics(self, self.places)
        self.ties = _ties.TimerTies(self)
        self.tracer = None
        self.writer = None
        self.watchdog = None
        self._computing_told = False
        self.output_chars = 0
        self.deadlocked = False
        self.set_order_told = False
        self.as_completed_told = False
        self.wait_order_told = False
        self.all_tasks_told = False
        self.own_set_told = False  # own set: a set_order note on a program's own set of tasks was written
        self._own_set_cancels = None  # own set: [the loop's key, cancels so far, any that runs code]
        self._own_set_prints = None  # own set: [the loop's key, the first line printed in it]
        self._own_set_printed = None  # own set: Run._patch_own_sets's look at a line printed
        self.default_pools_told = []  # the default_pool notes written: ("thread" | "process", its size)
        self.differs_told = {}  # kind -> [its first line for the terminal, how many] (_DIFFERS_FROM_REAL)
        self.stop_requested = 0
        self._stop_lock = threading.Lock()
        self._stopping = False
        self._reserve = None
        self._real_stdout = sys.stdout
        self._real_stderr = sys.stderr

    # ------------------------------------------------------------ lines
    def _line(self, ev, pairs, task=None):
        tracer = self.tracer
        if tracer is not None and not tracer._finished:
            # After the lines of the tasks this one may name or follow
            # (their "created", the ends that woke the printing task).
            tracer.settle_now(task)
            tracer.line(ev, pairs)

    def _where(self, where):
        file, line = where if where else (None, None)
        return (("file", file), ("line", line)) if file is not None else ()

    def output_written(self, n):
        self.output_chars += n
        if self.output_chars > self.opts.max_output:
            self.stop("output", "the program wrote more than %d characters of output (--max-output)"
                      % self.opts.max_output, self.places.here(2))

    def output_line(self, stream, text):
        if not self.own_set_told and self._own_set_printed is not None:
            try:
                self._own_set_printed(text)  # (own set: printed going through a set of tasks of the program's)
            except Exception:  # noqa: BLE001 - (own set) its reading of the code must never fail the print
                pass
        pairs = [("stream", stream), ("text", text)]
        task = _current_traced_task()
        if task is not None and self.tracer is not None and (self.tracer.worker_ahead(task)
                                                             or self.tracer._letting_go):
            # A queue worker's print before its first get(): it has no lane.
            # Or asyncio's log of a failed task let go between steps (Tracer._let_go_failed).
            task = None
        if task is not None:
            pairs.append(("task", task._cs_id))
        self._line("output", pairs, task)

    def before_echo(self):
        """The program writes text that is echoed at once (--echo): the
        failed tasks to let go before it are let go first (their log
        echoed before it)."""
        tracer = self.tracer
        if tracer is not None and not tracer._finished and tracer.virtual:
            tracer._let_go_failed()

    def warning_line(self, kind, message, where, task=None, extra=()):
        """extra: (key, value) pairs that say in data what the message says
        in English (the app words them in its own language)."""
        pairs = [("kind", kind), ("message", message)]
        pairs += self._where(where)
        if kind in _DIFFERS_FROM_REAL:
            told = self.differs_told.get(kind)
            if told is None:
                file, line = where if where else (None, None)
                self.differs_told[kind] = [message if file is None else "%s:%s: %s" % (file, line, message), 1]
            else:
                told[1] += 1
        pairs += list(extra)
        tid = getattr(task, "_cs_id", -1)
        if tid >= 0:
            pairs.append(("task", tid))
        else:
            task = None
        self._line("warning", pairs, task)

    def signal_line(self, signum, how):
        self._line("signal", (("signal", _signals.signal_name(signum)), ("handled", how)))

    def before_advance(self):
        """The clock is about to move: what happened until now goes out."""
        if self.watchdog is not None and self.watchdog.computing is not None and not self._computing_told:
            self.tell_computing()
        if self.tracer is not None:
            self.tracer.flush()

    # ------------------------------------------------------------ computing
    def computing_seen(self, watchdog, holder, handovers, task, seconds, at):
        """The watchdog's thread: `holder` has computed for `seconds` of its
        CPU time at virtual time `at` (the clock standing still), in `task`'s
        step on the loop's thread. Kept when the program computes there (a
        program's line on its stack and no frame of the runner's above it),
        the first such stretch of the run. Returns whether it was the
        program's."""
        frame = sys._current_frames().get(holder.thread.ident)
        where = (None, None)
        while frame is not None:
            code = frame.f_code
            if self.places.is_program(code.co_filename):
                where = (self.places.name(code.co_filename), frame.f_lineno)
                break
            if frame.f_globals.get("__name__", "").startswith("coroscope_trace"):
                return False      # the runner's own work (tracing, the scheduler)
            frame = frame.f_back
        frame = None
        if where[0] is None:
            return False
        if watchdog.computing is None:
            name = None if holder is self.sched.main else holder.thread.name
            watchdog.computing = [seconds, at, where, task, name, holder, handovers]
        return True

    def tell_computing(self):
        """The program's thread, at a safe point (before the clock moves, before
        the end line): the first stretch of computing the watchdog saw, a
        `computing` warning at its virtual time (the clock stood still since)."""
        self._computing_told = True
        seconds, at, where, task, thread, _holder, _handovers = self.watchdog.computing
        if getattr(task, "_cs_id", -1) >= 0:
            who = "Task %d (%s)" % (task._cs_id, _tracer.lane_name(task))
        elif getattr(task, "_cs_main", False):
            who = "main()"
        elif thread is None:
            who = "The program"
        else:
            who = "Thread %s" % thread
        source = self.places.source(*where)
        what = (" (`%s`)" % source) if source else ""
        message = ("%s computed for %.2f s of real CPU time or more at virtual time %s s%s: on the virtual clock "
                   "computing takes no time, so this run shows none; on a real clock it holds its thread that long "
                   "(on the event loop's thread every other task waits meanwhile)"
                   % (who, seconds, _seconds(at), what))
        extra = [("seconds", round(seconds, 3))]
        if thread is not None:
            extra.append(("thread", thread))
        elif getattr(task, "_cs_main", False):
            extra.append(("main", True))
        self.warning_line("computing", message, where, task if thread is None else None, extra)

    # ------------------------------------------------------------ default pools
    def default_pool_used(self, executor, where):
        """A job handed to a pool the program made without max_workers (the
        loop's own for asyncio.to_thread() and run_in_executor(None, ...),
        ThreadPoolExecutor(), ProcessPoolExecutor()): CPython sizes it from
        os.cpu_count(), which is --cpus here, not the machine's. A
        default_pool note says so, once per kind of pool: on a real machine
        the pool has another size, and a job that waits in its queue here
        may not (or the other way round). The trace's words are the same on
        every machine; the terminal's summary adds this machine's sizes."""
        kind = executor._cs_default
        if any(k == kind for k, _, _ in self.default_pools_told):
            return
        size = executor._max_workers
        loop = asyncio.events._get_running_loop()
        of_loop = kind == "thread" and loop is not None and getattr(loop, "_default_executor", None) is executor
        self.default_pools_told.append((kind, size, of_loop))
        if kind == "process":
            what = "the default process pool (ProcessPoolExecutor() without max_workers)"
            how = "os.cpu_count()"
        else:
            what = ("the event loop's default thread pool (asyncio.to_thread(), run_in_executor(None, ...))"
                    if of_loop else "the default thread pool (ThreadPoolExecutor() without max_workers)")
            how = "min(32, os.cpu_count() + 4)"
        how = ("os.cpu_count(), which is %d" if kind == "process" else how + ", and os.cpu_count() is %d") \
            % self.opts.cpus
        message = ("%s has %d workers here: CPython sizes it %s on the virtual clock (--cpus), on every machine; a "
                   "real run sizes it from its machine's CPUs, so there more or fewer jobs run at once and the rest "
                   "wait in the pool's queue" % (what, size, how))
        extra = [("pool", kind), ("workers", size), ("cpus", self.opts.cpus)]
        if of_loop:
            extra.append(("loop", True))
        self.warning_line("default_pool", message, where, _current_traced_task(), extra)

    def default_pool_terminal(self):
        """The summary's note on the default pools (default_pool_used), with
        the sizes a plain python3 run on this machine would give them."""
        notes = []
        for kind, size, of_loop in self.default_pools_told:
            real = (_MACHINE_CPUS or 1) if kind == "process" else min(32, (_MACHINE_CPUS or 1) + 4)
            what = ("the event loop's default thread pool (asyncio.to_thread())" if of_loop
                    else "the default %s pool" % kind)
            then = (": %s of its jobs run at once there" % ("fewer" if real < size else "more") if real != size
                    else " too")
            notes.append("coroscope_trace: note: %s had %d workers on the virtual clock (os.cpu_count() = %d, "
                         "--cpus); python3 on this machine (os.cpu_count() = %s) makes it %d%s\n"
                         % (what, size, self.opts.cpus, _MACHINE_CPUS, real, then))
        return "".join(notes)

    # ------------------------------------------------------------ stopping
    def stop(self, reason, message, where=(None, None), code=EXIT_STOPPED):
        """End the run now, from any thread: a "stopped" line (after what
        the trace holds so far), the message on stderr, exit status 3."""
        with self._stop_lock:
            if self._stopping:
                while True:       # another thread is ending the process
                    _vclock.REAL_SLEEP(1)
            self._stopping = True
        self._reserve = None
        file, line = where if where else (None, None)
        text = message if file is None else "%s:%s: %s" % (file, line, message)
        try:
            tracer = self.tracer
            if tracer is not None and not tracer._finished:
                if asyncio.events._get_running_loop() is not None and not tracer._lock.locked():
                    # Stopped on the loop's thread, in a task's step (a refused call): the "created" of the
                    # tasks that took their first step in this iteration, written after it otherwise. Lost,
                    # the trace had no task at all where gather()'s first task called the refused function.
                    # (Not where this thread may hold the tracer's lock: a line it was writing.)
                    try:
                        tracer.settle_now(_current_traced_task())
                    except Exception:
                        pass
                pairs = [("reason", reason), ("message", message)] + list(self._where(where))
                # Last, even while the program's thread still writes (its
                # blocking call's end, say): nothing it queues after counts.
                tracer.last_line("stopped", pairs)
                tracer._writer.close()
        finally:
            try:
                os.write(2, ("coroscope_trace: stopped: %s\n" % text).encode("utf-8", "replace"))
            finally:
                _os_exit(code)

    def _trace_unwritable(self, error):
        # The reader went away (a closed pipe) or the disk is full: nothing
        # more can be said; end the run.
        self.stop("output", "cannot write the trace: %s" % (error.strerror or error))

    def stop_requested_now(self):
        name = _signals.signal_name(self.stop_requested)
        self.stop("stop", "stopped by %s (the run was asked to end)" % name, self._holder_place())

    def stop_wall_clock(self, limit, virtual_at_window):
        where = self._holder_place()
        sched, now = self.sched, self.clock.now
        blocked = now - sched.iteration_t0
        if sched.loop is not None and blocked > 0:
            # Within one iteration of the loop only blocking calls move the
            # clock. The place is the last blocking call's, not where the
            # holder happened to be (between two calls, the loop's own line).
            if self.diag.slow_place[0] is not None:
                where = self.diag.slow_place
            why = ("blocking calls (time.sleep) have held the event loop for %r s of virtual time in one "
                   "step: an endless loop around a blocking call?" % blocked)
        elif now == virtual_at_window:
            why = ("the virtual clock has not moved meanwhile: an endless loop that never waits? Pure "
                   "computation takes no virtual time")
        else:
            why = "the program does not end (an endless loop that waits?)"
        self.stop("wall_clock", "still running after %g s of real time, at virtual time %s s: %s"
                  % (limit, _seconds(now), why), where)

    def stop_blocked(self, holder, seconds):
        where, call = self._blocking_call(holder)
        source = self.places.source(*where)
        what = ("`%s`" % source) if source else "a call"
        how = (" (in %s)" % call) if call else ""
        self.stop("blocking_call", "%s blocked its thread for %.1f s of real time%s: the virtual clock "
                  "cannot see waits outside asyncio, time.sleep, threading (Thread.join, Lock, RLock, Condition, "
                  "Semaphore, Event, Barrier), _thread's locks, concurrent.futures, queue.Queue and queue.SimpleQueue "
                  "(a pipe, a lock made before the run started or a C library's wait)"
                  % (what, seconds, how), where)

    def stop_iterations(self, loop):
        """--max-iterations: the loop ran that many iterations at one
        virtual instant, something ready to run at each (a task polling
        with `await asyncio.sleep(0)`). Computing takes no virtual time,
        so such a loop never lets the clock reach a timer: the message says
        so, names the next timer due, and what to write instead."""
        where = (None, None)
        polling = None
        for handle in loop._ready:
            owner = getattr(handle._callback, "__self__", None)
            if isinstance(owner, asyncio.Task):
                place = self.places.of_task(owner)
                if polling is None or (where[0] is None and place[0] is not None):
                    polling, where = owner, place
                if where[0] is not None:
                    break
        due = [h.when() for h in loop._scheduled if not h.cancelled()]
        now = self.clock.now
        who = "a task"
        if polling is not None and getattr(polling, "_cs_id", -1) >= 0:
            who = "task %d (%s)" % (polling._cs_id, _tracer.lane_name(polling))
        elif polling is not None and getattr(polling, "_cs_main", False):
            who = "the main coroutine"
        if due:
            timer = "a timer is due at %r s, and the clock never gets there" % min(due)
        else:
            timer = "no timer is pending either (an endless loop?)"
        self.stop("iterations", "more than %d loop iterations at virtual time %s s without the clock moving: "
                  "%s was ready to run at every one (polling with `await asyncio.sleep(0)`?). On the virtual "
                  "clock computing takes no time, so a loop that polls with sleep(0) never lets time pass: %s. "
                  "Wait for an asyncio.Event set where the change happens, or poll with a real delay "
                  "(`await asyncio.sleep(0.1)`) (--max-iterations)"
                  % (self.opts.max_iterations, _seconds(now), who, timer),
                  where)

    def stop_virtual_time(self, when):
        self.stop("virtual_time", "the program would run past %g s of virtual time (--max-virtual)"
                  % self.clock.cap, self._holder_place())

    def stop_deadlock(self):
        self.stop("deadlock", "the program still cannot make progress after being interrupted twice")

    def refuse_io(self, what):
        where = self.places.here(2)
        self.stop("real_io", "%s is real I/O, which the virtual clock cannot run: trace this "
                  "program in real time instead (python3 -m coroscope_trace program.py)" % what, where)

    def refused_import(self, name, message):
        self.warning_line("refused", message, self.places.here(3))

    def refuse_loop(self, loop):
        self.stop("refused_loop", "a hand-made event loop (%s) cannot run on the virtual clock: use "
                  "asyncio.run() (CPython's own loop)" % type(loop).__name__, self.places.here(3))

    def killed_by_signal(self, signum):
        self.stop("signal", "%s ended the program at virtual time %s s (it has no handler for it)"
                  % (_signals.signal_name(signum), _seconds(self.clock.now)), self.places.here(3), code=128 + signum)

    def _patch_as_completed(self, patch):
        """asyncio.as_completed() makes its coroutines' tasks in the order of
        a set of the coroutines (by memory address): the tasks' numbers, so
        their lanes, changed from run to run of one program. Here they are
        made in the order given (then the set is of tasks, hashed by creation:
        VirtualTask), the same every run (README: sets of tasks). They start
        in that order: where two or more coroutines are given, a real run can
        start them in another (CPython 3.11.7 started five fetches as 2, 3,
        1, 0, 4, three runs of three): a set_order warning says so, once."""
        original = asyncio.as_completed
        run = self

        def as_completed(fs, *, timeout=None):
            if not (asyncio.isfuture(fs) or asyncio.iscoroutine(fs)) and asyncio.events._get_running_loop():
                fs = list(dict.fromkeys(fs))
                made = sum(1 for f in fs if asyncio.iscoroutine(f))
                fs = [asyncio.ensure_future(f) for f in fs]
                if made >= 2 and not run.as_completed_told:
                    run.as_completed_told = True
                    run.warning_line(
                        "set_order",
                        "as_completed() made tasks of %d coroutines in the order given; CPython makes them from a "
                        "set of the coroutines, in the order of their memory addresses, so in a real run they can "
                        "start (and print what they do first) in another order" % made,
                        run.places.here(1), extra=(("count", made), ("what", "as_completed")))
            return original(fs, timeout=timeout)

        as_completed.__doc__ = original.__doc__
        as_completed.__qualname__ = original.__qualname__
        as_completed.__module__ = original.__module__
        patch(asyncio, "as_completed", as_completed)
        patch(asyncio.tasks, "as_completed", as_completed)

    def _patch_wait(self, patch):
        """asyncio.wait() returns its done and pending tasks as sets, which
        iterate here in an order fixed by the tasks' creation numbers
        (VirtualTask's hash), the same every run, and in CPython in the
        order of their memory addresses: five tasks' results came 0, 3, 1,
        2, 4 from CPython 3.11.7 (0, 1, 2, 3, 4 here), 1, 0, 4, 3, 2 under
        -X dev, 3, 1, 4, 2, 0 from Debian's 3.11.2; two tasks either way
        round as the objects made before them changed; three hundred in
        three orders in six runs. A program that goes through such a set of
        two or more tasks (for, list(), sorted(), unpacking, pop(), its
        repr) can print in another order than a real run: a set_order
        warning says so, once, where it does (its line). The sets are
        returned as a subclass of set that notes that, and so is one less
        some tasks (`-`, difference()) or copied with another operator or
        method (done | pending, {first} | done, done.copy(), union()); a
        copy made in C (set(done), frozenset(done), {*done},
        other.update(done), other |= done) is a plain set, unseen: told,
        where the caller's code makes it, when wait() returns the set
        (_copied_at; what "wait_copy"). A direct call of sorted() (min(),
        max(), any(), all(), len()) on the set, on a list() or tuple() of
        it, or on a comprehension over it that only reads (no print():
        _pure), a key= that only reads and whose values tie for no two
        tasks (_key_ties), and a loop whose target is
        `_` (`for _ in done:` counts), follow no order: not told
        (_order_free). A set comprehension of the results is told ({1, 9}
        and {9, 1} print as they were added). Only for programs that call
        asyncio.wait() or asyncio.all_tasks(): no per-task path.

        The set asyncio.all_tasks() returns is such a set too (CPython
        3.11.7 named five pending tasks job1, job4, job2, job3, job5 in
        three runs of three, here job1 to job5; a loop that cancels them
        cancels them in that order): the first time the program goes
        through one of two or more tasks, a set_order warning says so, once
        (`what`: "all_tasks"). Only asyncio.all_tasks (the name a program
        calls): asyncio.run()'s exit goes through asyncio.tasks.all_tasks,
        whose cancels a warning of their own tells."""
        from asyncio import tasks
        original = tasks.wait
        original_all = tasks.all_tasks
        run = self

        def told(tasks_, which, depth):
            where = run.places.here(depth + 1)
            if which == "all":
                run.all_tasks_told = True
                run.warning_line(
                    "set_order",
                    "the program went through the set of %d tasks that asyncio.all_tasks() returned: here in an "
                    "order fixed by when they were made, the same every run, in CPython in the order of their "
                    "memory addresses, so a real run can go through them (cancel them, print their names) in "
                    "another order" % len(tasks_),
                    where, _current_traced_task(), extra=(("count", len(tasks_)), ("what", "all_tasks")))
                return
            run.wait_order_told = True
            run.warning_line(
                "set_order",
                "the program went through the %s set of %d tasks that asyncio.wait() returned: here in an order "
                "fixed by when they were made, the same every run, in CPython in the order of their memory "
                "addresses, so a real run can go through them (%s) in another order"
                % (which, len(tasks_), "and print their results" if which == "done"
                   else "cancel them, print what they did"),
                where, _current_traced_task(), extra=(("count", len(tasks_)), ("what", "wait"), ("set", which)))

        def untold(which, frame):
            # (all_tasks(): the program's own going through it, not the tracer's or a library's.)
            if which == "all":
                return not run.all_tasks_told and run.places.is_program(frame.f_code.co_filename)
            return not run.wait_order_told

        class TaskSet(set):
            """A set asyncio.wait() (done or pending) or asyncio.all_tasks() ("all") returned."""
            __slots__ = ("_cs_which",)

            def __iter__(self):
                frame = sys._getframe(1)
                if len(self) > 1 and untold(self._cs_which, frame) and not _order_free(frame, self):
                    told(self, self._cs_which, 1)
                return set.__iter__(self)

            def pop(self):
                if len(self) > 1 and untold(self._cs_which, sys._getframe(1)):
                    told(self, self._cs_which, 1)
                return set.pop(self)

            def __repr__(self):
                # As a plain set's (its subclass's repr would name it).
                if len(self) > 1 and untold(self._cs_which, sys._getframe(1)):
                    told(self, self._cs_which, 1)
                return "{%s}" % ", ".join(map(repr, set.__iter__(self))) if self else "set()"

            # The set less some tasks (`asyncio.all_tasks() - {asyncio.current_task()}`, the usual way to
            # cancel the others) iterates in the same order: one too, not a plain set's copy. So is a copy
            # made with another operator or method (done | pending, done.copy(), {first} | done, wanted &
            # done): the same tasks, in the same order here and by address in CPython. (set(done),
            # frozenset(done), {*done} and other.update(done) copy it in C, unseen: _copied_at.)
            def copy(self):
                return returned(self, self._cs_which)

        def kept(op):
            """TaskSet's `op` (a set operator or method): its result a TaskSet of the same set."""
            def method(self, *others):
                got = op(self, *others)
                return got if got is NotImplemented else returned(got, self._cs_which)

            method.__name__ = method.__qualname__ = op.__name__
            return method

        for op in (set.__sub__, set.__or__, set.__ror__, set.__and__, set.__rand__, set.__xor__, set.__rxor__,
                   set.difference, set.union, set.intersection, set.symmetric_difference):
            setattr(TaskSet, op.__name__, kept(op))
        TaskSet.__name__ = TaskSet.__qualname__ = "set"
        TaskSet.__module__ = "builtins"  # (<class 'set'>)

        def returned(tasks_, which):
            s = TaskSet(tasks_)
            s._cs_which = which
            return s

        async def wait(fs, *, timeout=None, return_when=tasks.ALL_COMPLETED):
            done, pending = await original(fs, timeout=timeout, return_when=return_when)
            done, pending = returned(done, "done"), returned(pending, "pending")
            if not run.wait_order_told:
                # A copy made in C (set(done)) is a plain set, which iterates in
                # the same order here and is never seen: told where the caller's
                # code makes it, when wait() returns the set.
                try:
                    caller = sys._getframe(1)
                except ValueError:
                    caller = None
                copied = _copied_at(caller) if caller is not None else None
                if copied is not None and run.places.is_program(caller.f_code.co_filename):
                    line, which, form = copied
                    copy = done if which == "done" else pending
                    if len(copy) > 1:
                        run.wait_order_told = True
                        run.warning_line(
                            "set_order",
                            "the program copies the %s set of %d tasks that asyncio.wait() returned (%s) into a "
                            "plain set, which the runner does not follow: the copy iterates here in an order fixed "
                            "by when they were made, in CPython in the order of their memory addresses, so a real "
                            "run can go through it in another order" % (which, len(copy), form),
                            (run.places.name(caller.f_code.co_filename), line), _current_traced_task(),
                            extra=(("count", len(copy)), ("what", "wait_copy"), ("set", which), ("copy", form)))
            return done, pending

        wait.__doc__ = original.__doc__
        wait.__qualname__ = original.__qualname__
        wait.__module__ = original.__module__
        patch(asyncio, "wait", wait)
        patch(tasks, "wait", wait)

        def all_tasks(loop=None):
            return returned(original_all(loop), "all")

        all_tasks.__doc__ = original_all.__doc__
        all_tasks.__qualname__ = original_all.__qualname__
        all_tasks.__module__ = original_all.__module__
        patch(asyncio, "all_tasks", all_tasks)

    def _patch_task_groups(self, patch):
        """A TaskGroup that aborts (a task of it failed, its body raised, its
        parent was cancelled) cancels the tasks it has left in the order of
        the set of them, TaskGroup._tasks: here an order fixed by their
        creation numbers (VirtualTask's hash: mostly the order they were
        made in; 4, 0, 1, 2, 3 for five made after 27 others), in CPython
        their memory addresses (CPython 3.11.7 ran five siblings' except
        CancelledError as 0, 3, 1, 2, 4; the five made after 27 others as
        4, 2, 0, 1, 3).
        Where it cancels two or more, their cleanup can run, and print, in
        another order than in a real run: a set_order warning says so, once.
        (Not a per-task path: an abort's.)"""
        from asyncio import taskgroups
        run = self
        original = taskgroups.TaskGroup._abort

        def _abort(group):
            if not run.set_order_told:
                left = sum(1 for t in group._tasks if not t.done())
                if left >= 2:
                    run.set_order_told = True
                    parent = group._parent_task
                    where = run.places.of_task(parent) if parent is not None else (None, None)
                    run.warning_line(
                        "set_order",
                        "a TaskGroup cancelled %d of its tasks in the order of a set of them: here an order fixed "
                        "by when they were made, the same every run, in CPython the order of their memory "
                        "addresses, so a real run can cancel them, and run their cleanup (except CancelledError, "
                        "finally), in another order" % left,
                        where, parent, extra=(("count", left),))
            return original(group)

        _abort.__qualname__ = original.__qualname__
        patch(taskgroups.TaskGroup, "_abort", _abort)


    def _patch_own_sets(self, patch):
        """A set of tasks the program builds itself (own set:
        `background_tasks = set()`, `.add(task)`) iterates here in an order
        fixed by the tasks' creation numbers (VirtualTask's hash), in
        CPython by their memory addresses (CPython 3.11.7 cancelled five
        such tasks, made one after another, as 0, 3, 1, 2, 4, three runs of
        three; here 0 to 4). The set is the program's plain set, which the
        runner cannot follow; it follows three ways its order shows:
          - cancel() called in a `for` loop over such a set (its name, an
            attribute, list() or tuple() of it, its copy(); sorted() of it
            by a key= that ties for two tasks, which it keeps in the set's
            order; a comprehension over it: _own_set_looped), of two or more
            tasks of it, when one of them runs code on the cancel (an
            except, finally, with or async with it is suspended in, or a
            done callback of the program's: _own_set_runs_code): their
            cleanup runs in the set's order. Told at the second such
            cancel, on its line. Cancels of tasks that run nothing (a
            plain `await asyncio.sleep()`) show no order: not told;
          - gather() given the tasks of such a set (`gather(*tasks)`, two
            or more): its results come in the order of its arguments, the
            set's order at the call. Told at the call when it is awaited
            at once and its result used; awaited at once and dropped
            (`await asyncio.gather(*tasks)` alone on its line), not; kept
            to be awaited later (`all_done = gather(*tasks)`), where its
            results are taken (_Gathering: an await whose value is used, a
            result()), with the call's line. Such a gather, when
            cancelled, cancels its tasks in the set's order, which is told
            as a loop's cancels are (op "cancel", the line of the program's
            cancel() of it);
          - a line printed (the runner's output hook, while untold): the
            second line, different from the first, printed in such a loop
            and naming its task (print(await t)); or a line that runs a
            comprehension over the set whose outcome follows its order
            (print([await t for t in tasks]); not sorted() of it), or loads
            the list or dict one stored (results = [...]; print(results)):
            comprehended, _own_set_comprehensions.
        A set_order warning, what "set", once. Only cancels (the tracer's
        Task.cancel hook), gather() calls and printed lines pass here (and
        the awaits and result() of a kept gather of such a set): no
        per-task path."""
        run = self
        places = self.places
        original_gather = asyncio.gather
        gathering = asyncio.tasks._GatheringFuture
        gather_cancel = gathering.cancel.__code__

        def told(count, op, name, where, task, by_key=False):
            run.own_set_told = True
            run._own_set_cancels = None
            # (own set: a loop over sorted(tasks, key=...) whose keys tie meets the tied tasks in the set's order.)
            through = "the set" if not by_key else "sorted() of it, whose key= ties for some of them (kept in the " \
                "set's order)"
            if op == "print":
                message = ("the program printed what %d tasks of a set it made (`%s`) did, going through %s: "
                           "here in an order fixed by when they were made, the same every run, in CPython in the "
                           "order of their memory addresses, so a real run can print them in another order"
                           % (count, name, through))
            elif op == "gather":
                message = ("gather() was given the %d tasks of a set the program made (`%s`): it lists their results "
                           "in the set's order, here an order fixed by when the tasks were made, the same every run, "
                           "in CPython the order of their memory addresses, so a real run can list them in another "
                           "order" % (count, name))
            elif op == "gather_cancel":
                # (own set) A gather of the set, cancelled, cancels them in the order it was given them.
                op = "cancel"
                message = ("a gather() given the %d tasks of a set the program made (`%s`) was cancelled, and "
                           "cancelled them in the set's order: here an order fixed by when they were made, the same "
                           "every run, in CPython the order of their memory addresses, so a real run can cancel "
                           "them, and run their cleanup (except CancelledError, finally), in another order"
                           % (count, name))
            else:
                message = ("the program cancelled %d tasks of a set it made (`%s`) %s: here an order "
                           "fixed by when they were made, the same every run, in CPython the order of their memory "
                           "addresses, so a real run can cancel them, and run their cleanup (except CancelledError, "
                           "finally), in another order"
                           % (count, name, "in the set's order" if not by_key else "going through " + through))
            run.warning_line("set_order", message, where, task,
                             extra=(("count", count), ("what", "set"), ("op", op), ("name", name))
                             + ((("by_key", True),) if by_key else ()))  # (own set: through a tied sorted())

        def set_of(frame):
            """The program's own set a cancel() in `frame` goes through, with its name, or (None, None)."""
            if frame.f_code is gather_cancel:
                outer = frame.f_locals.get("self")
                own = getattr(outer, "_cs_own_set", None)
                return (own[:2] + (False,), "gather_cancel") if own is not None else (None, None)
            if not places.is_program(frame.f_code.co_filename):
                return None, None
            loop = _own_set_loop_of(frame.f_code, frame.f_lasti)
            found = _own_set_looped(frame, loop) if loop is not None else None
            return (found, "cancel") if found is not None else (None, None)

        tracer = self.tracer
        asked = tracer._cancel_asked

        def cancel_asked(task, waiter, frame):
            asked(task, waiter, frame)
            if run.own_set_told or frame is None:
                return
            try:
                found, op = set_of(frame)
            except Exception:  # noqa: BLE001 - (own set) its reading of the code must never fail the cancel
                return
            if found is None or task not in found[0]:
                return
            key = (id(frame), id(found[0]))
            state = run._own_set_cancels
            if state is None or state[0] != key:
                state = run._own_set_cancels = [key, 0, False]
            state[1] += 1
            state[2] = state[2] or _own_set_runs_code(task, places)
            if state[1] >= 2 and state[2]:
                # (Its line: the loop's cancel() call; a cancelled gather's: the program's cancel() of it, when
                # it called it (own set), else none: asyncio's, handing on a cancel of the task awaiting it.)
                if op == "gather_cancel":
                    frame = frame.f_back
                    if frame is None or not places.is_program(frame.f_code.co_filename):
                        frame = None
                where = (places.name(frame.f_code.co_filename), frame.f_lineno) if frame is not None else (None, None)
                told(len(found[0]), op, found[1], where, _current_traced_task(), found[2])

        tracer._cancel_asked = cancel_asked
        programs = {}  # a code object -> whether it is the program's

        def printed(text):
            # The program prints a line inside a for loop over its own set of tasks, the line naming the
            # loop's task (print(t.result()), print(await t)): two different lines printed so show the order.
            frame = sys._getframe(3)
            while frame is not None:
                known = programs.get(frame.f_code)
                if known is None:
                    known = programs[frame.f_code] = places.is_program(frame.f_code.co_filename)
                if known:
                    break
                frame = frame.f_back
            if frame is None:
                return
            loop = _own_set_loop_of(frame.f_code, frame.f_lasti)
            found = _own_set_looped(frame, loop) if loop is not None and loop[1] is not None else None
            if found is None or not _own_set_line_loads(frame, loop[1]):
                comprehended(frame)  # (not in such a loop: what a comprehension over the set made, printed?)
                return
            value, name, by_key = found
            key = (id(frame), id(value))
            state = run._own_set_prints
            if state is None or state[0] != key:
                # (Once per loop, not per line printed: a set of 10,000 tasks printed one by one.)
                tasks = all(isinstance(item, asyncio.Future) for item in value)
                run._own_set_prints = [key, text if tasks else None]
            elif state[1] is not None and text != state[1]:
                run._own_set_prints = None
                told(len(value), "print", name,
                     (places.name(frame.f_code.co_filename), frame.f_lineno), _current_traced_task(), by_key)

        def comprehended(frame):
            # The program prints, outside a loop over its own set of tasks, on a line that runs a comprehension
            # over one ([await t for t in tasks]) whose outcome follows the set's order (not sorted() of it:
            # _order_free), or that loads what such a comprehension stored before (results = [...]), a list or
            # dict of two or more different items: it printed them in the set's order.
            for offset, line, source, store, made in _own_set_comprehensions(frame.f_code):
                if offset > frame.f_lasti:
                    continue
                value = _own_set_value(frame, source)
                if type(value) not in (set, frozenset) or len(value) < 2 \
                        or not all(isinstance(item, asyncio.Future) for item in value):
                    continue
                if line == frame.f_lineno:
                    shows = not _order_free(_AtCall(frame, offset), value) and not _own_set_alike(value, made)
                elif store is not None and _own_set_line_loads(frame, store):
                    shows = _own_set_store_shown(frame, store)
                else:
                    continue
                if shows:
                    told(len(value), "print", _own_set_name(source),
                         (places.name(frame.f_code.co_filename), frame.f_lineno), _current_traced_task())
                    return

        run._own_set_printed = printed

        def gather(*coros_or_futures, return_exceptions=False):
            outer = original_gather(*coros_or_futures, return_exceptions=return_exceptions)
            if run.own_set_told or len(coros_or_futures) < 2:
                return outer
            try:
                frame = sys._getframe(1)
            except ValueError:
                return outer
            if not places.is_program(frame.f_code.co_filename):
                return outer
            found = _own_set_given(frame, coros_or_futures)
            if found is None:
                return outer
            name, dropped, awaited = found
            where = (places.name(frame.f_code.co_filename), frame.f_lineno)
            if awaited and not dropped:
                told(len(coros_or_futures), "gather", name, where, _current_traced_task())
                return outer
            # Awaited and dropped, or kept to be awaited later (`all_done = gather(*tasks)`): its order shows
            # where it cancels them (cancel_asked) or, kept, where its results are taken (own set: _Gathering).
            outer._cs_own_set = (set(coros_or_futures), name, where, _current_traced_task())
            if not awaited and type(outer) is gathering:
                outer.__class__ = _Gathering
            return outer

        handle_run = asyncio.events.Handle._run.__code__

        def taken(outer, frame):
            """(own set) The results of a gather of an own set kept to be awaited later are taken: by an
            `await` of the program's whose value is used (not `await all_done` alone on its line), its
            result() called by the program or by asyncio's wait_for(), shield(), another gather() (not a
            task waking up from awaiting it: its await is seen)."""
            own = getattr(outer, "_cs_own_set", None)
            if own is None or run.own_set_told or frame.f_code is handle_run:
                return
            while frame.f_code.co_flags & 0x80 and not places.is_program(frame.f_code.co_filename) \
                    and frame.f_back is not None:
                frame = frame.f_back  # (wait_for()'s result(), in the await of the program's that drives it)
            if frame.f_code.co_flags & 0x80 and places.is_program(frame.f_code.co_filename):
                instrs, offsets = _instructions_of(frame.f_code)
                if _own_set_dropped_at(instrs, offsets, bisect.bisect_left(offsets, frame.f_lasti)):
                    return  # (`await all_done` alone on its line: no result shown)
            told(len(own[0]), "gather", own[1], own[2], own[3])

        class _Gathering(gathering):
            """(own set) A _GatheringFuture given an own set's tasks and kept, not awaited at once: its
            results are in the set's order, which shows where they are taken (taken())."""

            def result(self):
                value = gathering.result(self)
                taken(self, sys._getframe(1))
                return value

            def __await__(self):
                value = yield from gathering.__await__(self)
                taken(self, sys._getframe(1))
                return value

            __iter__ = __await__

        _Gathering.__name__ = gathering.__name__
        _Gathering.__qualname__ = gathering.__qualname__
        _Gathering.__module__ = gathering.__module__

        gather.__doc__ = original_gather.__doc__
        gather.__qualname__ = original_gather.__qualname__
        gather.__module__ = original_gather.__module__
        patch(asyncio, "gather", gather)
        patch(asyncio.tasks, "gather", gather)

    def deadlock(self, loop):
        """select(None): interrupt like Ctrl-C, telling where each task waits."""
        self.deadlocked = True
        waits = []
        waiting = []  # the same, as data: {"task", "name", "line"}
        for task in sorted(asyncio.all_tasks(loop), key=lambda t: getattr(t, "_cs_seq", 0)):
            if task.done() or getattr(task, "_cs_id", -1) < 0:
                continue
            file, line = self.places.of_task(task)
            waits.append("task %d (%s)%s" % (task._cs_id, _tracer.lane_name(task),
                                             " at line %s" % line if line is not None else ""))
            waiting.append({"task": task._cs_id, "name": _tracer.lane_name(task), "line": line})
        shown = ", ".join(waits[:5]) + (", ..." if len(waits) > 5 else "")
        threads, _ = self.stuck_threads()
        message = "nothing can happen any more: every task waits%s%s; interrupted as Ctrl-C would" % (
            " (" + shown + ")" if shown else "",
            ", and every thread: " + "; ".join(threads) if threads else "")
        first = next((t for t in sorted(asyncio.all_tasks(loop), key=lambda t: getattr(t, "_cs_seq", 0))
                      if not t.done() and getattr(t, "_cs_id", -1) >= 0), None)
        self.warning_line("deadlock", message, self.places.of_task(first) if first is not None else None,
                          extra=(("waiting", waiting[:5]), ("more", max(0, len(waiting) - 5))))
        self.signals.deliver(signal.SIGINT)

    def deadlock_in_wait(self, what):
        """The main thread's wait `what` can never end: stop the run, on the
        main thread's line, or, waiting outside the program's code (the
        interpreter's exit joining a thread), on the first stuck thread's."""
        where = self.places.here(3)
        main = self.sched.main
        lock = main.waiting_on
        holder = lock.holder_name(main) if lock is not None else None
        if holder is not None:
            what = "%s (held by %s)" % (what, holder)
        threads, first = self.stuck_threads()
        if where[0] is None and first is not None:
            where = first
        self.stop("deadlock", "%s waits for ever: no other thread or timer can end the wait%s"
                  % (what, "; " + "; ".join(threads) if threads else ""), where)

    def lock_cycle(self, cycle):
        """Threads (ProgramThreads, the one that closed the cycle first)
        each wait for ever for a lock the next one holds: a deadlock among
        them, told when it forms, while the loop and the other threads run
        on (a `thread_deadlock` warning on the first one's line; the run
        goes on, as the program does on a real clock)."""
        frames = sys._current_frames()
        phrases, threads = [], []
        for k, st in enumerate(cycle):
            file, line = self.places.of_frame(frames.get(st.thread.ident))
            holder = st.waiting_on.holder_name(st)
            phrases.append("%s waits in %s%s%s" % (st.thread.name, st.what,
                                                   " at line %s" % line if line is not None else "",
                                                   " (held by %s)" % holder if holder else ""))
            # (Data: the holder's name, the thread's own for a lock it holds itself.)
            threads.append({"thread": st.thread.name, "call": st.what, "line": line,
                            "holder": cycle[(k + 1) % len(cycle)].thread.name})
        where = self.places.of_frame(frames.get(cycle[0].thread.ident))
        self.warning_line("thread_deadlock", "%s for ever: %s; %s" % (
            "a thread waits" if len(cycle) == 1 else "threads wait for each other",
            "; ".join(phrases),
            "it can never go on" if len(cycle) == 1 else "none of them can ever go on"),
            where, extra=(("threads", threads),))

    def stuck_threads(self):
        """Where the program's stuck threads wait, as phrases ("Thread-1
        (worker) waits in threading.Lock.acquire() at line 9 (held by
        Thread-2 (worker))"), and the first one's place."""
        phrases, first = [], None
        frames = sys._current_frames()
        for st in self.sched.stuck_threads():
            file, line = self.places.of_frame(frames.get(st.thread.ident))
            lock = st.waiting_on
            holder = lock.holder_name(st) if lock is not None else None
            phrases.append("%s waits in %s%s%s" % (st.thread.name, st.what,
                                                   " at line %s" % line if line is not None else "",
                                                   " (held by %s)" % holder if holder else ""))
            if first is None and file is not None:
                first = (file, line)
        return phrases, first

    def block_main_for(self, until, done, what):
        """The loop's thread waits (a blocking call on it: Thread.join(), a
        concurrent.futures wait, a lock) until done() or the clock reaches
        `until` (None: no limit), drawn as the loop blocked; a wait that
        nothing can end stops the run (deadlock). Returns done()'s last
        answer."""
        task = self.tracer.block_begin()
        try:
            # (A timed wait whose time ran out is over, not stuck.)
            ok = self.sched.block_main(until, done)
            if not ok and (until is None or self.clock.now < until):
                self.deadlock_in_wait(what)
            return ok
        finally:
            self.tracer.block_end(task)

    def _holder_place(self):
        holder = self.sched.holder
        frame = sys._current_frames().get(holder.thread.ident)
        where = self.places.of_frame(frame)
        if where[0] is None and self.sched.loop is not None:
            task = asyncio.current_task(self.sched.loop) if holder is self.sched.main else None
            if task is not None:
                where = self.places.of_task(task)
        return where

    def _blocking_call(self, holder):
        """(program place, 'module.function' of the library call it is in)."""
        frame = sys._current_frames().get(holder.thread.ident)
        call = None
        while frame is not None:
            code = frame.f_code
            if self.places.is_program(code.co_filename):
                return (self.places.name(code.co_filename), frame.f_lineno), call
            module = frame.f_globals.get("__name__", "?")
            call = "%s.%s" % (module, getattr(code, "co_qualname", code.co_name))
            frame = frame.f_back
        return (None, None), call

    # ------------------------------------------------------------ installing
    def install(self):
        opts = self.opts
        sched, clock = self.sched, self.clock
        run = self
        patches = []

        def patch(owner, name, value):
            patches.append((owner, name))
            setattr(owner, name, value)

        # Budgets.
        if opts.max_memory:
            limit = int(opts.max_memory) << 20
            try:
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            except (ValueError, OSError):
                pass
        self._reserve = bytearray(8 << 20)  # given back to report a MemoryError

        # Determinism.
        random.seed(opts.seed)
        rng = random.Random(opts.seed)

        def urandom(n):
            return rng.getrandbits(8 * n).to_bytes(n, "little") if n > 0 else b""

        patch(os, "urandom", urandom)
        patch(random, "_urandom", urandom)
        orig_seed = random.Random.seed

        def seed(self_, a=None, version=2):
            if a is None:
                a = rng.getrandbits(64)
            return orig_seed(self_, a, version)

        patch(random.Random, "seed", seed)
        patch(os, "cpu_count", lambda: opts.cpus)

        # os._exit ends the process without unwinding: the lines queued so
        # far would be lost, and the trace would end at its last write with
        # no word of why. They go out first, with a "stopped" line that
        # names the call; the exit status is the program's. (A forked
        # child's os._exit is its own.)
        pid = os.getpid()

        def _exit(status):
            status = operator.index(status)  # (what os._exit refuses, refused as it would)
            if os.getpid() != pid:
                _os_exit(status)
            run.stop("exit", "os._exit(%d) ended the process at virtual time %s s: tasks still running "
                     "were neither finished nor cancelled" % (status, _seconds(clock.now)), run.places.here(1),
                     code=status)

        _exit.__name__ = _exit.__qualname__ = "_exit"
        patch(os, "_exit", _exit)

        # The clock, time.sleep, threads.
        _vclock.install(clock, patch)
        diag = self.diag

        def sleep(secs):
            if sched.loop is not None and sched.current() is sched.main:
                diag.slow_place = run.places.here(2)
            return sched.sleep(secs)

        sleep.__name__ = sleep.__qualname__ = "sleep"
        patch(time, "sleep", sleep)
        clock.sleep = lambda secs: time.sleep(secs)  # spins: through the tracer's cpu slices
        patch(asyncio.BaseEventLoop, "time", _vclock.loop_time(clock))
        patch(asyncio.BaseEventLoop, "call_later", _vclock.loop_call_later(clock, asyncio.BaseEventLoop.call_later))
        self._patch_as_completed(patch)
        self._patch_wait(patch)
        self._patch_task_groups(patch)
        self._patch_own_sets(patch)
        self._patch_threads(patch)
        self._patch_executors(patch)
        self._patch_loops(patch)

        # Signals: the program's table is virtual; real ones stop the run.
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self._real_signal)
        self.signals.install(patch)
        for signum, when in opts.signals:
            self.signals.schedule(signum, when)

        self.guard.install(patch)
        self.diag.install(patch)
        self.ties.install(patch)
        from asyncio import constants, format_helpers
        # Debug mode records where coroutines were made, 10 frames deep; the
        # tracer's wrappers of Runner.run, run_until_complete and _run_once
        # are 3 of them (and are left out when shown). (Where tasks and
        # handles were made, format_helpers.extract_stack, is walked without
        # them (tracer._hide_own_frames): 10 of the program's, as CPython's.)
        depth = constants.DEBUG_STACK_DEPTH
        patch(constants, "DEBUG_STACK_DEPTH", depth + 3)
        orig_extract = format_helpers.extract_stack

        def extract_stack(f=None, limit=None):
            # Debug-mode "created at" of handles: the program's frames only.
            return self.places.strip_runner(orig_extract(f, depth if limit is None else limit))

        patch(format_helpers, "extract_stack", extract_stack)

        # Output.
        echo = opts.echo
        if echo is None:
            echo = opts.output != "-"
        sys.stdout = _report.Capture(self, "stdout", self._real_stdout if echo else None)
        sys.stderr = _report.Capture(self, "stderr", self._real_stderr if echo else None)
        sys.stdin = _EmptyInput()

    def _real_signal(self, signum, frame):
        self.stop_requested = signum

    def _patch_threads(self, patch):
        sched = self.sched
        orig_start = threading.Thread.start
        orig_join = threading.Thread.join

        def start(thread):
            if (getattr(thread, "_cs_thread", None) is not None or sched.current() is None
                    or not getattr(thread, "_initialized", False) or thread._started.is_set()):
                return orig_start(thread)
            thread._started = _scheduler.Started()  # (set and waited for outside the turns)
            st = sched.adopt(thread)
            run = thread.run
            thread.run = lambda: sched.thread_body(st, run)
            orig_start(thread)
            sched.started(st)

        def join(thread, timeout=None):
            st = getattr(thread, "_cs_thread", None)
            if st is not None and st.state != _scheduler.FINISHED and sched.current() is not None:
                if thread is threading.current_thread():
                    raise RuntimeError("cannot join current thread")
                if not thread._started.is_set():
                    raise RuntimeError("cannot join thread before it is started")
                sched.join(st, timeout)
                if st.state != _scheduler.FINISHED:
                    return
            return orig_join(thread, timeout)

        patch(threading.Thread, "start", start)
        patch(threading.Thread, "join", join)

        # The locks threading makes (threading.Lock, RLock, and under them
        # Condition, Semaphore, BoundedSemaphore, Event, Barrier, Timer: their
        # Python code allocates its locks through these names) wait on the
        # scheduler; threading's own timeouts read the virtual clock.
        _scheduler._WaitingLock._sched = sched
        patch(threading, "Lock", _scheduler.VirtualLock)
        patch(threading, "_allocate_lock", _scheduler.VirtualLock)
        patch(threading, "RLock", _scheduler.VirtualRLock)
        patch(threading, "_time", self.clock)
        # The same locks made with _thread directly (_thread.allocate_lock(),
        # _thread.RLock(); _thread.LockType, so that isinstance() holds as
        # for CPython's), and functools.cached_property's, which functools
        # takes from _thread at its import. The import system's module locks
        # are _thread's too, and wait on the scheduler as well.
        patch(_thread, "allocate_lock", _scheduler.VirtualLock)
        patch(_thread, "allocate", _scheduler.VirtualLock)
        patch(_thread, "LockType", _scheduler.VirtualLock)
        patch(_thread, "RLock", _scheduler.VirtualRLock)
        patch(functools, "RLock", _scheduler.VirtualRLock)
        orig_start_new = _thread.start_new_thread
        dummies = iter(range(1, sys.maxsize)).__next__

        def start_new_thread(function, args, kwargs=None):
            # A thread _thread starts is one of the program's too (it took no
            # turns: its time.sleep() raised, the locks it released never
            # woke anyone): a daemon threading.Thread, as the interpreter's
            # exit does not wait for it either, ending silently on
            # SystemExit, an exception reported as CPython's unraisable hook
            # words it.
            if sched.current() is None:
                return orig_start_new(function, args, *(() if kwargs is None else (kwargs,)))
            if not callable(function):
                raise TypeError("first arg must be callable")
            if not isinstance(args, tuple):
                raise TypeError("2nd arg must be a tuple")
            if kwargs is not None and not isinstance(kwargs, dict):
                raise TypeError("optional 3rd arg must be a dictionary")

            def run():
                try:
                    function(*args, **(kwargs or {}))
                except SystemExit:
                    pass
                except BaseException as exc:  # noqa: B902 - as CPython's thread_run reports it
                    sys.stderr.write("Exception ignored in thread started by: %r\n%s"
                                     % (function, format_exception(exc)))
                    sys.stderr.flush()

            thread = threading.Thread(target=run, name="Dummy-%d" % dummies(), daemon=True)
            thread.start()
            return thread.ident

        start_new_thread.__name__ = start_new_thread.__qualname__ = "start_new_thread"
        patch(_thread, "start_new_thread", start_new_thread)
        patch(_thread, "start_new", start_new_thread)
        # queue.SimpleQueue (C, _queue's): queue's own Python version, a
        # deque and a threading.Semaphore, whose waits are the scheduler's.
        patch(queue, "SimpleQueue", _scheduler.VirtualSimpleQueue)
        patch(_queue, "SimpleQueue", _scheduler.VirtualSimpleQueue)

    def _patch_executors(self, patch):
        sched, run = self.sched, self
        pool = concurrent.futures.thread.ThreadPoolExecutor
        orig_init = pool.__init__
        orig_submit = pool.submit

        def __init__(executor, *args, **kwargs):
            orig_init(executor, *args, **kwargs)
            executor._work_queue = _scheduler.WorkQueue(sched)
            # No max_workers: CPython sizes it from os.cpu_count() (--cpus here).
            if (args[0] if args else kwargs.get("max_workers")) is None and not hasattr(executor, "_cs_default"):
                executor._cs_default = "thread"

        def submit(executor, fn, /, *args, **kwargs):
            if getattr(executor, "_cs_default", None) is not None:
                run.default_pool_used(executor, run.places.here(1))
            sched._no_handover += 1
            try:
                future = orig_submit(executor, fn, *args, **kwargs)
            finally:
                sched._no_handover -= 1
            if sched.may_hand_over():
                sched.run_runnables()
            return future

        patch(pool, "__init__", __init__)
        patch(pool, "submit", submit)

        # A concurrent.futures Future's waits (result(), exception(), wait(),
        # as_completed(): a program thread waiting for run_coroutine_threadsafe,
        # the loop blocked on a pool job) on the scheduler, CPython's own code
        # around them.
        base = concurrent.futures._base
        orig_future_init = base.Future.__init__
        orig_waiter_init = base._Waiter.__init__

        def future_init(future):
            orig_future_init(future)
            future._condition = _scheduler.VirtualCondition(sched)

        def waiter_init(waiter):
            orig_waiter_init(waiter)
            waiter.event = _scheduler.VirtualEvent(sched)

        patch(base.Future, "__init__", future_init)
        patch(base._Waiter, "__init__", waiter_init)
        # A queue.Queue between the program's threads (or a thread and the
        # loop's): get(), put() into a full one and join() wait on the
        # scheduler, their timeouts on the virtual clock.
        orig_queue_init = queue.Queue.__init__

        def queue_init(q, maxsize=0):
            orig_queue_init(q, maxsize)
            mutex = q.mutex
            q.not_empty = _scheduler.VirtualCondition(sched, mutex, "queue.Queue.get()")
            q.not_full = _scheduler.VirtualCondition(sched, mutex, "queue.Queue.put()")
            q.all_tasks_done = _scheduler.VirtualCondition(sched, mutex, "queue.Queue.join()")

        patch(queue.Queue, "__init__", queue_init)
        patch(queue, "time", self.clock)
        code = _tracer._function_311(base.as_completed, _AS_COMPLETED_EDITS)
        if code is not None:
            as_completed = _tracer._recompiled(code, base.as_completed)
            patch(base, "as_completed", as_completed)
            patch(concurrent.futures, "as_completed", as_completed)
        patch(concurrent.futures, "ProcessPoolExecutor", ProcessPoolStandIn)
        patch(concurrent.futures.process, "ProcessPoolExecutor", ProcessPoolStandIn)

    def _patch_loops(self, patch):
        from asyncio import selector_events
        run, sched, guard = self, self.sched, self.guard
        orig_init = selector_events.BaseSelectorEventLoop.__init__

        def __init__(loop, selector=None):
            guard.internal += 1  # the loop's self-pipe is a socket pair
            try:
                orig_init(loop, _scheduler.VirtualSelector(loop, sched))
            finally:
                guard.internal -= 1
            loop._cs_virtual = True
            loop._write_to_self = _noop  # nothing reads the self-pipe: select() never waits

        patch(selector_events.BaseSelectorEventLoop, "__init__", __init__)

        orig_set = asyncio.events._set_running_loop

        def _set_running_loop(loop):
            if loop is not None:
                if not getattr(loop, "_cs_virtual", False):
                    run.refuse_loop(loop)
                if threading.current_thread() is not threading.main_thread():
                    run.stop("refused_loop", "an event loop running outside the main thread cannot run "
                             "on the virtual clock", run.places.here(2))
                orig_set(loop)
                sched.loop_started(loop)
            else:
                orig_set(None)
                sched.loop_stopped()

        patch(asyncio.events, "_set_running_loop", _set_running_loop)

    # ------------------------------------------------------------ running
    def meta(self):
        impl = sys.implementation
        pairs = [("python", "%d.%d.%d" % sys.version_info[:3]), ("implementation", impl.name),
                 ("executable", sys.executable), ("clock", "virtual"),
                 ("program", self.opts.module or self.program), ("args", self.args),
                 ("seed", self.opts.seed), ("cpus", self.opts.cpus), ("epoch", _vclock.EPOCH),
                 ("signals", ["%s@%r" % (_signals.signal_name(s), w) for s, w in self.opts.signals]),
                 ("acquires", True)]
        self.tracer.line("meta", pairs)

    def execute(self):
        """Run the program; returns the exit status (the trace is complete)."""
        opts = self.opts
        self.writer = TraceWriter.open(opts.output)
        self.writer.on_error = self._trace_unwritable
        if opts.output == "-":
            # The trace owns standard output: stray writes to descriptor 1
            # (a C library, os.write) go to stderr instead of into it.
            os.dup2(2, 1)
        self.tracer = _tracer.Tracer(self.writer, clock=self.clock, task_class=VirtualTask)
        self.tracer.strip_stack = self.places.strip_runner
        self.meta()
        code = None
        if opts.module is None:
            try:
                with open(opts.source or self.program, "rb") as f:
                    source = f.read()
                if opts.source is not None:
                    # Tracebacks quote the code that ran (the app's unsaved
                    # copy), not the file on disk under its name.
                    text = source.decode("utf-8", "replace")
                    linecache.cache[os.path.abspath(self.program)] = (
                        len(text), None, text.splitlines(True), os.path.abspath(self.program))
                code = compile(source, os.path.abspath(self.program), "exec", dont_inherit=True)
                # A generated program's scenario limit: its "limiter" line (generated.py).
                pairs = _generated.limiter_pairs(source)
                if pairs is not None:
                    self.tracer.line("limiter", pairs)
            except SyntaxError as exc:
                return self._syntax_error(exc)
        # The watchdog starts before Thread.start is the scheduler's: it is
        # the runner's thread, not the program's.
        self.watchdog = _guard.Watchdog(self, self.sched, opts.max_wall, opts.block_limit)
        self.watchdog.start()
        self.install()
        self.tracer.start()
        sys.argv = [opts.module or self.program] + self.args
        escaped = None
        try:
            if code is not None:
                # As `python3 program.py` sets them (3.11): sys.path[0] the
                # folder of the program's file with symbolic links resolved,
                # and __main__'s names (__name__, __doc__, __package__ and
                # __spec__ from ModuleType, the rest in the interpreter's order).
                sys.path.insert(0, os.path.dirname(os.path.realpath(self.program)))
                module = types.ModuleType("__main__")
                module.__loader__ = importlib.machinery.SourceFileLoader("__main__", os.path.abspath(self.program))
                module.__annotations__ = {}
                module.__builtins__ = builtins
                module.__file__ = os.path.abspath(self.program)
                module.__cached__ = None
                sys.modules["__main__"] = module
                exec(code, module.__dict__)
            else:
                sys.path.insert(0, os.getcwd())
                runpy.run_module(opts.module, run_name="__main__", alter_sys=True)
        except BaseException as exc:  # noqa: B902 - whatever escaped is the outcome
            escaped = exc
        if isinstance(escaped, MemoryError):
            self._reserve = None
            self.stop("memory", "the program ran out of memory (--max-memory %d MiB)" % opts.max_memory,
                      self.places.of_exception(escaped))
        try:
            self._drain()
        except BaseException as exc:  # noqa: B902
            if escaped is None:
                escaped = exc
        return self._end(escaped)

    def _drain(self):
        """What the interpreter does at exit, on the virtual clock: threading's
        exit calls (concurrent.futures shuts its pools), the wait for the
        program's non-daemon threads, then atexit's functions."""
        for call in reversed(threading._threading_atexits):
            call()
        threading._threading_atexits.clear()
        for thread in threading.enumerate():
            if getattr(thread, "_cs_thread", None) is not None and not thread.daemon:
                thread.join()
        atexit._run_exitfuncs()

    def _end(self, escaped):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001 - the program may have replaced it
                pass
        outcome = None
        status = EXIT_OK
        if isinstance(escaped, SystemExit):
            code = escaped.code
            if code is None:
                status = EXIT_OK
            elif isinstance(code, int):
                status = code & 0xFF
            else:
                sys.stderr.write(str(code) + "\n")
                status = EXIT_RAISED
        elif escaped is not None:
            status = EXIT_RAISED
            if self.deadlocked and isinstance(escaped, (KeyboardInterrupt, asyncio.CancelledError)):
                # The runner's own interrupt of a deadlock escaped: the
                # traceback goes to the program's stderr (an "output" line),
                # as CPython prints it after a Ctrl-C, but no "error" line:
                # the program raised nothing (readers would name the line of
                # asyncio.run() as the problem; the "deadlock" warning names
                # where the tasks wait).
                outcome = "deadlock"
                self._print_exception(escaped)
            else:
                self._report_exception(escaped)
        elif self.deadlocked:
            outcome = "deadlock"
            status = EXIT_RAISED
        sys.stderr.flush()
        if self.watchdog is not None and self.watchdog.computing is not None and not self._computing_told:
            self.tell_computing()
        self.tracer.finish(escaped if not isinstance(escaped, SystemExit) or status else None, outcome)
        if not self.opts.quiet:
            self._summary(escaped, outcome)
        return status

    def _print_exception(self, exc):
        """exc's traceback on the program's stderr, as Python prints it."""
        text = format_exception(exc)
        sys.stderr.write(text)
        sys.stderr.flush()
        return text

    def _report_exception(self, exc):
        text = self._print_exception(exc)
        where = self.places.of_exception(exc)
        pairs = [("exc", type(exc).__name__), ("message", str(exc))] + list(self._where(where))
        pairs.append(("traceback", text))
        self.tracer.line("error", pairs)

    def _syntax_error(self, exc):
        text = "".join(traceback.format_exception_only(type(exc), exc))
        self._real_stderr.write(text)
        file = self.places.name(exc.filename) if exc.filename else None
        pairs = [("exc", type(exc).__name__), ("message", exc.msg or str(exc))]
        if file is not None:
            pairs += [("file", file), ("line", exc.lineno)]
        if exc.offset:
            pairs.append(("column", exc.offset))
        self.tracer.line("output", (("stream", "stderr"), ("text", text)))
        self.tracer.line("error", pairs + [("traceback", text)])
        self.tracer.finish(exc)
        if not self.opts.quiet:
            self._summary(exc, None)
        return EXIT_RAISED

    def _summary(self, escaped, outcome):
        out = "-" if self.opts.output == "-" else self.opts.output
        what = outcome or self.tracer.end_outcome(escaped)
        os.write(2, ("coroscope_trace: %s at virtual time %s s, %d tasks, %d events -> %s\n"
                     % (what, _seconds(self.clock.now), self.tracer.tasks, self.tracer.events, out)
                     + self.default_pool_terminal() + self.differs_terminal()).encode())

    def differs_terminal(self):
        """The summary's notes on where this run's output or times can differ
        from a real run's (_DIFFERS_FROM_REAL): the first of each kind, as the
        trace's warning line words it. Without them a terminal showed output
        unlike `python3 prog.py`'s and said nothing (the trace and the app's
        Warnings panel had the note)."""
        notes = []
        for kind, (text, n) in self.differs_told.items():
            more = "" if n == 1 else " (%d notes of this kind: the trace has them all)" % n
            notes.append("coroscope_trace: note: %s%s\n" % (text, more))
        return "".join(notes)


# Warning kinds that say where the run's output or times can differ from a
# real run of the program (an order CPython takes from memory addresses, a
# tie of the virtual clock, computing that took no virtual time): the
# terminal's summary repeats them (Run.differs_terminal), as does
# `coroscope-cli run` (app/cli/program_run.cpp).
_DIFFERS_FROM_REAL = ("set_order", "timer_tie", "instant_tie", "clock_tie", "computing")


def _noop():
    pass


def format_exception(exc):
    """The traceback Python would print for exc, without the runner's frames
    (its hooks and the code that runs the program are not the program's)."""
    te = traceback.TracebackException(type(exc), exc, exc.__traceback__, compact=True)
    seen = set()
    todo = [te]
    while todo:
        t = todo.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        _report.Places.strip_runner(t.stack)
        todo.extend(x for x in (t.__cause__, t.__context__) if x is not None)
        todo.extend(getattr(t, "exceptions", None) or ())
    return "".join(te.format())


def _current_traced_task():
    loop = asyncio.events._get_running_loop()
    if loop is None:
        return None
    task = asyncio.current_task(loop)
    return task if getattr(task, "_cs_id", -1) >= 0 else None


class _EmptyInput:
    """sys.stdin of a run: empty (input() gets EOFError), never blocks."""

    encoding = "utf-8"

    def read(self, *args):
        return ""

    def readline(self, *args):
        return ""

    def readlines(self, *args):
        return []

    def __iter__(self):
        return iter(())

    def isatty(self):
        return False

    def fileno(self):
        raise OSError("standard input is empty on the virtual clock")

    def close(self):
        pass


# concurrent.futures.as_completed(fs, timeout) gives up when the time left is
# below 0. On the virtual clock, where computing takes no time, its wait that
# timed out ends at the deadline itself (0 left), and it would wait again at
# once, for ever; a real clock has moved past the deadline by then.
_AS_COMPLETED_EDITS = (
    ("as_completed", "                if wait_timeout < 0:\n", "                if wait_timeout <= 0:\n", 0),
)


class ProcessPoolStandIn(concurrent.futures.thread.ThreadPoolExecutor):
    """ProcessPoolExecutor on the virtual clock: jobs run in worker threads
    that take turns like any (processes would be real I/O), with the
    isolation of a process kept: the function, its arguments and its result
    are pickled and unpickled (a lambda fails as it would). max_workers
    defaults to os.cpu_count(), as ProcessPoolExecutor's does."""

    _coroscope_virtual = "process"

    def __init__(self, max_workers=None, mp_context=None, initializer=None, initargs=(),
                 *, max_tasks_per_child=None):
        if max_workers is None:
            max_workers = os.cpu_count() or 1
            self._cs_default = "process"
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        super().__init__(max_workers, thread_name_prefix="ProcessPool", initializer=initializer,
                         initargs=initargs)

    def submit(self, fn, /, *args, **kwargs):
        return super().submit(_in_process, fn, args, kwargs)

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        return super().map(fn, *iterables, timeout=timeout)


def _in_process(fn, args, kwargs):
    job = fn if isinstance(fn, _tracer.TracedJob) else None
    inner = job.func if job is not None else fn
    inner, args, kwargs = pickle.loads(pickle.dumps((inner, args, kwargs)))
    if job is not None:
        result = job.run(inner, *args, **kwargs)
    else:
        result = inner(*args, **kwargs)
    return pickle.loads(pickle.dumps(result))


# ---------------------------------------------------------------- entry points
def _parser():
    p = argparse.ArgumentParser(
        prog="python3 -m coroscope_trace --virtual",
        description="Run a Python 3.11 asyncio program on Coroscope's virtual clock: asyncio.sleep and "
        "time.sleep take virtual seconds, computing takes none, threads take turns. The run is instant "
        "and the same every time; its trace (JSON lines) streams to OUT as it goes.",
        epilog="Exit status: 0 the program ended; 1 an exception escaped it; its own sys.exit or os._exit status; "
        "2 bad usage; 3 the run was stopped (a budget, a refused operation, a blocking call, a stop "
        "request). Options go before the program; what follows it is the program's.")
    p.add_argument("-o", "--output", default="coroscope-trace.jsonl", metavar="OUT",
                   help="where the trace goes, '-' for standard output (default: %(default)s)")
    p.add_argument("-m", dest="module", metavar="MODULE", help="run a module, as python3 -m MODULE")
    p.add_argument("--signal", action="append", default=[], metavar="SIG@SECONDS",
                   help="deliver a signal at a virtual time, e.g. SIGINT@2.5 (repeatable)")
    p.add_argument("--max-wall", type=float, default=30.0, metavar="SECONDS",
                   help="real time a run may take (default: %(default)s)")
    p.add_argument("--max-iterations", type=int, default=100_000, metavar="N",
                   help="loop iterations without the clock moving (default: %(default)s)")
    p.add_argument("--max-virtual", type=float, default=1e9, metavar="SECONDS",
                   help="virtual time a run may reach (default: %(default)g)")
    p.add_argument("--max-memory", type=int, default=2048, metavar="MIB",
                   help="address space of the run, 0: no limit (default: %(default)s)")
    p.add_argument("--max-output", type=int, default=1 << 20, metavar="CHARS",
                   help="characters the program may print (default: %(default)s)")
    p.add_argument("--block-limit", type=float, default=1.0, metavar="SECONDS",
                   help="real time a call may block its thread before the run stops (default: %(default)s)")
    p.add_argument("--seed", type=int, default=0, help="seed of random and os.urandom (default: %(default)s)")
    p.add_argument("--cpus", type=int, default=4, metavar="N",
                   help="os.cpu_count(); sizes the default thread and process pools (default: %(default)s)")
    p.add_argument("--no-echo", dest="echo", action="store_false", default=None,
                   help="do not copy the program's output to this process's stdout/stderr "
                   "(it is in the trace either way; never copied when the trace is on stdout)")
    p.add_argument("--process-group", action="store_true",
                   help="lead a process group of its own, so that a caller can end the whole run")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    p.add_argument("--source", metavar="FILE",
                   help="read the program's code from FILE (an editor's unsaved copy) while it runs as PROGRAM: "
                        "__file__, sys.argv[0], sys.path[0] and tracebacks name PROGRAM")
    p.add_argument("program", nargs="?", help="the program to run")
    p.add_argument("args", nargs=argparse.REMAINDER, help="its arguments")
    return p


_SIGNAL_COMMENT = "# coroscope: signal "


def signal_comments(path):
    """Signals saved with a program, one comment line each (the app's Run >
    Send signal writes them; docs/trace-extensions.md):

        # coroscope: signal SIGINT at 2.5

    delivers SIGINT at virtual time 2.5 s, as --signal SIGINT@2.5 does.
    Returns [(signum, seconds)]; ValueError naming the line when one is bad."""
    found = []
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, 1):
            text = raw.decode("utf-8", "replace").strip()
            if not text.startswith(_SIGNAL_COMMENT):
                continue
            name, sep, at = text[len(_SIGNAL_COMMENT):].strip().partition(" at ")
            try:
                if not sep:
                    raise ValueError("expected '# coroscope: signal SIGINT at 2.5'")
                found.append(_signals.parse_signal("%s@%s" % (name.strip(), at.strip())))
            except ValueError as e:
                raise ValueError("%s:%d: %s" % (path, lineno, e)) from None
    return found


def _usage_error(message):
    sys.stderr.write("coroscope_trace: error: %s\n" % message)
    return EXIT_USAGE


def main(argv):
    parser = _parser()
    try:
        a = parser.parse_args(argv)
    except SystemExit as e:
        return EXIT_USAGE if e.code else EXIT_OK
    if sys.version_info[:2] not in SUPPORTED:
        return _usage_error("--virtual needs Python 3.11 (this is %s, %s): the virtual clock runs "
                            "CPython 3.11's asyncio, whose scheduling other versions change"
                            % (sys.version.split()[0], sys.executable))
    if a.module is None and a.program is None:
        return _usage_error("give a program to run (or -m MODULE)")
    if a.module is not None and a.program is not None:
        a.args = [a.program] + a.args
        a.program = None
    if a.source is not None and (a.program is None or not os.path.isfile(a.source)):
        return _usage_error("--source: %s" % ("no such file: %s" % a.source if a.program is not None
                                              else "needs a program to run as"))
    if a.program is not None and a.source is None and not os.path.isfile(a.program):
        return _usage_error("no such program: %s" % a.program)
    try:
        sigs = [_signals.parse_signal(s) for s in a.signal]
    except ValueError as e:
        return _usage_error("--signal: %s" % e)
    if a.program is not None:
        try:
            sigs += signal_comments(a.source or a.program)
        except ValueError as e:
            return _usage_error(str(e))
    for name in ("max_wall", "max_virtual", "block_limit"):
        v = getattr(a, name)
        if not v > 0 or v == float("inf"):
            return _usage_error("--%s: must be a number > 0" % name.replace("_", "-"))
    for name in ("max_iterations", "max_output", "cpus"):
        if getattr(a, name) < 1:
            return _usage_error("--%s: must be >= 1" % name.replace("_", "-"))
    if a.max_memory < 0:
        return _usage_error("--max-memory: must be >= 0")
    _reexec_deterministic()
    if a.process_group and os.getpgrp() != os.getpid():
        try:
            os.setpgid(0, 0)
        except OSError:
            pass
    opts = Options(output=a.output, signals=sigs, max_wall=a.max_wall, max_iterations=a.max_iterations,
                   max_virtual=a.max_virtual, max_memory=a.max_memory, max_output=a.max_output,
                   block_limit=a.block_limit, seed=a.seed, cpus=a.cpus, echo=a.echo, quiet=a.quiet,
                   process_group=a.process_group, module=a.module, source=a.source)
    try:
        run = Run(opts, a.program, a.args)
        return run.execute()
    except OSError as e:
        return _usage_error("%s: %s" % (getattr(e, "filename", None) or opts.output, e.strerror or e))


def run_virtual(program, args=(), **options):
    """Module API: run `program` with these options (see Options); returns
    the exit status. The process is the run's afterwards."""
    if sys.version_info[:2] not in SUPPORTED:
        raise RuntimeError("the virtual clock needs Python 3.11")
    opts = Options(**options)
    opts.signals = [s if isinstance(s, tuple) else _signals.parse_signal(s) for s in opts.signals]
    return Run(opts, program, args).execute()


def _reexec_deterministic():
    """Hash randomisation is fixed at interpreter start, and address-space
    randomisation at exec: set both (PYTHONHASHSEED=0, personality
    ADDR_NO_RANDOMIZE where the kernel allows it) and execute again, once."""
    if os.environ.get(_REEXEC_FLAG) == "1":
        return
    env = dict(os.environ)
    env[_REEXEC_FLAG] = "1"
    env["PYTHONHASHSEED"] = "0"
    env.setdefault("MALLOC_ARENA_MAX", "2")  # threads' malloc arenas must fit the memory budget
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = package_parent + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    _no_aslr()
    argv = list(getattr(sys, "orig_argv", None) or [sys.executable] + sys.argv)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, argv, env)
    except OSError:
        pass  # run as we are: still deterministic in everything but addresses and hashes


def _no_aslr():
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        current = libc.personality(0xFFFFFFFF)
        if current != -1 and not current & 0x0040000:
            libc.personality(current | 0x0040000)
    except Exception:  # noqa: BLE001 - not Linux, no ctypes, refused: keep ASLR
        pass


del json, jstr
