#include "codegen/python_program.h"

#include <algorithm>
#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/kinds.h"
#include "trace/py_float.h"

namespace cs {

namespace {

// Python 3.11's builtin exception classes that are Exception subclasses: a
// raise step with one of these names raises the builtin (as the oracle does).
constexpr std::string_view kBuiltinExceptions[] = {
    "ArithmeticError", "AssertionError", "AttributeError", "BlockingIOError", "BrokenPipeError",
    "BufferError", "BytesWarning", "ChildProcessError", "ConnectionAbortedError", "ConnectionError",
    "ConnectionRefusedError", "ConnectionResetError", "DeprecationWarning", "EOFError",
    "EncodingWarning", "EnvironmentError", "Exception", "ExceptionGroup", "FileExistsError",
    "FileNotFoundError", "FloatingPointError", "FutureWarning", "IOError", "ImportError",
    "ImportWarning", "IndentationError", "IndexError", "InterruptedError", "IsADirectoryError",
    "KeyError", "LookupError", "MemoryError", "ModuleNotFoundError", "NameError",
    "NotADirectoryError", "NotImplementedError", "OSError", "OverflowError",
    "PendingDeprecationWarning", "PermissionError", "ProcessLookupError", "RecursionError",
    "ReferenceError", "ResourceWarning", "RuntimeError", "RuntimeWarning", "StopAsyncIteration",
    "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError", "TabError", "TimeoutError",
    "TypeError", "UnboundLocalError", "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError",
    "UnicodeTranslateError", "UnicodeWarning", "UserWarning", "ValueError", "Warning",
    "ZeroDivisionError"};

// Builtin exceptions that cannot be made from one message string.
constexpr std::string_view kNeedArgs[] = {"ExceptionGroup", "UnicodeDecodeError",
                                          "UnicodeEncodeError", "UnicodeTranslateError"};

// Names a user exception class must not take over: keywords, the other
// builtins, and the names the program itself uses.
constexpr std::string_view kReserved[] = {
    // keywords
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
    "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
    "yield", "match", "case",
    // builtins that are not Exception subclasses
    "BaseException", "BaseExceptionGroup", "Ellipsis", "GeneratorExit", "KeyboardInterrupt",
    "NotImplemented", "SystemExit", "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool",
    "breakpoint", "bytearray", "bytes", "callable", "chr", "classmethod", "compile", "complex",
    "copyright", "credits", "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec", "exit",
    "filter", "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex",
    "id", "input", "int", "isinstance", "issubclass", "iter", "len", "license", "list", "locals",
    "map", "max", "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print",
    "property", "quit", "range", "repr", "reversed", "round", "set", "setattr", "slice", "sorted",
    "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip",
    // the program's own names
    "asyncio", "time", "collections", "ThreadPoolExecutor", "ProcessPoolExecutor", "TASKS",
    "DURATIONS", "SCHEDULE", "sem", "pool", "process_pool", "service", "limiter", "connector",
    "lock", "counter", "increments", "increment", "burn_cpu", "do_steps", "body", "job", "runner",
    "main", "worker", "trace", "Overloaded", "Service", "RateLimiter", "Connector", "Scheduler",
    "ResizableSemaphore", "Aimd", "aimd", "coroscope_harness", "scheduler", "tasks", "results",
    "done", "pending", "exc", "task", "steps", "kind", "arg", "loop"};

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view s) {
    return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

bool isPlainIdentifier(std::string_view s) {
    if (s.empty() || s.front() == '_') return false;
    for (std::size_t k = 0; k < s.size(); ++k) {
        const char c = s[k];
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool digit = c >= '0' && c <= '9';
        if (!(alpha || c == '_' || (digit && k > 0))) return false;
    }
    return true;
}

std::string num(double x) { return PyFloat::repr(x + 0.0); }
std::string integer(std::int64_t v) { return std::to_string(v); }

// One-line text for a comment: control characters become spaces.
std::string commentText(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::vector<std::string> splitLines(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == '\n') {
            out.push_back(commentText(cur));
            cur.clear();
        } else if (c != '\r') {
            cur += c;
        }
    }
    out.push_back(commentText(cur));
    while (!out.empty() && out.back().empty()) out.pop_back();
    return out;
}

// Lines with anchors. A line's number is its 1-based position.
class Emitter {
public:
    void line(std::string s, const char* anchor = nullptr) {
        text_ += s;
        text_ += '\n';
        ++count_;
        if (anchor) anchors_.emplace_back(anchor, count_);
    }
    void blank() { line(""); }
    // Several lines at once; an anchor marks the line that contains `marker`.
    void block(std::string_view lines) {
        std::size_t start = 0;
        while (start < lines.size()) {
            std::size_t end = lines.find('\n', start);
            if (end == std::string_view::npos) end = lines.size();
            line(std::string(lines.substr(start, end - start)));
            start = end + 1;
        }
    }
    void anchorHere(const char* anchor) { anchors_.emplace_back(anchor, count_ + 1); }
    int count() const { return count_; }
    std::string& text() { return text_; }
    std::vector<std::pair<std::string, int>>& anchors() { return anchors_; }

private:
    std::string text_;
    int count_ = 0;
    std::vector<std::pair<std::string, int>> anchors_;
};

// How the program names a raise step's exception class.
struct ExcName {
    std::string expr;        // what `raise` uses
    std::string definition;  // the lines that define it ("" for builtins)
};

class Writer {
public:
    Writer(const Scenario& s, const ProgramOptions& o) : s_(s), o_(o) { analyse(); }

    PythonProgram write() {
        header();
        imports();
        exceptions();
        data();
        limiterObjects();
        helpers();
        steps();
        body();
        job();
        runner();
        mainFunction();
        harness();
        footer();
        PythonProgram p;
        p.text = std::move(e_.text());
        p.anchors = std::move(e_.anchors());
        fill(p);
        return p;
    }

private:
    // ------------------------------------------------------------ analysis
    void analyse() {
        for (const Step& st : s_.steps) used_.insert(st.kind);
        for (const TaskSpec& t : s_.tasks) {
            anyArrive_ |= t.arrive > 0;
            anyTimeout_ |= t.hasTimeout();
            anyIgnore_ |= t.ignoreCancel;
        }
        const LimitKind k = s_.limit.kind;
        hasLimiter_ = limitKindInfo(k).permits != PermitModel::None;
        // forget_release / release_twice need something to acquire by hand
        flagLimiter_ = hasLimiter_ && !(k == LimitKind::Rate && s_.limit.maxAtOnce <= 0);
        for (const TaskSpec& t : s_.tasks) {
            anyForget_ |= flagLimiter_ && t.forgetRelease;
            anyTwice_ |= flagLimiter_ && t.releaseTwice;
        }
        resizable_ = (limitKindInfo(k).takesSchedule && !s_.limit.schedule.empty()) || k == LimitKind::Adaptive;
        simple_ = true;
        for (const TaskSpec& t : s_.tasks) {
            const bool oneIo = t.stepCount == 1 && s_.stepsOf(t)[0].kind == StepKind::Io;
            if (!oneIo || t.arrive > 0 || t.hasTimeout() || t.ignoreCancel ||
                (flagLimiter_ && (t.forgetRelease || t.releaseTwice)))
                simple_ = false;
        }
        collectKind_ = s_.collect.kind;
        run_ = anyTimeout_ ? "runner" : "job";

        int anonymous = 0;
        for (const std::string& name : s_.excNames) {
            ExcName en;
            if (contains(kBuiltinExceptions, name)) {
                en.expr = name;
            } else if (isPlainIdentifier(name) && !contains(kReserved, name)) {
                en.expr = name;
                en.definition = "class " + name + "(Exception):\n    \"\"\"An error of this lesson's own.\"\"\"";
            } else {
                en.expr = "_error_" + std::to_string(++anonymous);
                en.definition = en.expr + " = type(\"" + name + "\", (Exception,), {})  # an error named " + name;
            }
            if (contains(kNeedArgs, name)) needArgs_ = true;
            excs_.push_back(en);
        }
    }

    bool uses(StepKind k) const { return used_.count(k) != 0; }
    LimitKind kind() const { return s_.limit.kind; }

    // The object `async with` uses in body.
    std::string limiterName() const {
        switch (kind()) {
        case LimitKind::Rate: return "limiter";
        case LimitKind::Connector: return "connector";
        default: return "sem";
        }
    }

    // ------------------------------------------------------------ sections
    void header() {
        const std::string title = s_.title.empty() ? "A Coroscope scenario" : commentText(s_.title);
        e_.line("# " + title);
        if (!s_.description.empty()) {
            e_.line("#");
            for (const std::string& l : splitLines(s_.description)) e_.line(l.empty() ? "#" : "# " + l);
        }
        e_.line("#");
        e_.line("# Run it:  python3 program.py               real time, prints what happens");
        e_.line("#          python3 program.py --trace OUT   virtual clock, Coroscope's trace (JSON lines)");
        e_.line("# Python 3.11, standard library only. The lesson is plain asyncio; the");
        e_.line("# \"Coroscope harness\" block at the end only runs it and records the trace.");
    }

    void imports() {
        e_.blank();
        e_.line("import asyncio");
        if (kind() == LimitKind::Scheduler) e_.line("import collections");
        if (uses(StepKind::Cpu) || uses(StepKind::Thread) || uses(StepKind::Process)) e_.line("import time");
        if (uses(StepKind::Process)) e_.line("from concurrent.futures import ProcessPoolExecutor");
        if (uses(StepKind::Thread)) e_.line("from concurrent.futures import ThreadPoolExecutor");
    }

    void exceptions() {
        bool any = false;
        for (const ExcName& en : excs_) {
            if (en.definition.empty()) continue;
            if (!any) e_.blank();
            any = true;
            e_.blank();
            e_.block(en.definition);
        }
        if (any) e_.blank();
    }

    std::string stepLiteral(const Step& st) const {
        static constexpr const char* kKeys[] = {"io", "cpu", "thread", "call", "raise", "process", "increment"};
        const std::string key = kKeys[static_cast<std::size_t>(st.kind)];
        if (st.kind == StepKind::Raise) {
            const auto k = static_cast<std::size_t>(st.exc);
            return "(\"raise\", " + (k < excs_.size() ? excs_[k].expr : std::string("Exception")) + ")";
        }
        return "(\"" + key + "\", " + num(st.duration) + ")";
    }

    void data() {
        e_.blank();
        if (simple_) {
            e_.line("# How long each task's I/O takes, in seconds: task i waits DURATIONS[i].");
            std::vector<std::string> rows;
            std::string row;
            for (std::size_t i = 0; i < s_.tasks.size(); ++i) {
                const std::string v = num(s_.stepsOf(s_.tasks[i])[0].duration);
                if (!row.empty() && row.size() + v.size() > 70) {
                    rows.push_back(row);
                    row.clear();
                }
                row += v + ", ";
            }
            if (!row.empty()) rows.push_back(row);
            if (rows.empty()) {
                e_.line("DURATIONS = []");
            } else if (rows.size() == 1) {
                std::string r = rows[0];
                r.resize(r.size() - 2);
                e_.line("DURATIONS = [" + r + "]");
            } else {
                e_.line("DURATIONS = [");
                for (std::string& r : rows) {
                    while (!r.empty() && r.back() == ' ') r.pop_back();
                    e_.line("    " + r);
                }
                e_.line("]");
            }
            return;
        }
        e_.line("# Task i is TASKS[i]: its steps, run in order, and its options.");
        std::vector<std::string> legend;
        if (uses(StepKind::Io)) legend.push_back("(\"io\", s) waits s seconds for I/O");
        if (uses(StepKind::Cpu)) legend.push_back("(\"cpu\", s) computes s seconds on the loop's thread");
        if (uses(StepKind::Thread)) legend.push_back("(\"thread\", s) a blocking call run in a thread");
        if (uses(StepKind::Process)) legend.push_back("(\"process\", s) CPU-heavy work in another process");
        if (uses(StepKind::Call)) legend.push_back("(\"call\", s) a request the service serves in s seconds");
        if (uses(StepKind::Increment))
            legend.push_back("(\"increment\", s) `counter += 1` with an s-second await inside");
        if (uses(StepKind::Raise)) legend.push_back("(\"raise\", E) fails with E");
        for (const std::string& l : legend) e_.line("#   " + l);
        if (s_.tasks.empty()) {
            e_.line("TASKS = []");
            return;
        }
        e_.line("TASKS = [");
        for (const TaskSpec& t : s_.tasks) {
            std::string l = "    {\"steps\": [";
            const Step* st = s_.stepsOf(t);
            for (std::uint32_t j = 0; j < t.stepCount; ++j) l += (j ? ", " : "") + stepLiteral(st[j]);
            l += "]";
            if (t.arrive > 0) l += ", \"arrive\": " + num(t.arrive);
            if (t.hasTimeout()) l += ", \"timeout\": " + num(t.timeout);
            if (t.ignoreCancel) l += ", \"ignore_cancel\": True";
            if (flagLimiter_ && t.forgetRelease) l += ", \"forget_release\": True";
            if (flagLimiter_ && t.releaseTwice) l += ", \"release_twice\": True";
            l += "},";
            e_.line(l);
        }
        e_.line("]");
    }

    void resizableClass() {
        e_.blank();
        e_.blank();
        e_.block(R"(class ResizableSemaphore(asyncio.Semaphore):
    """A Semaphore whose limit can change while tasks hold it.

    Growing wakes waiting tasks at once; shrinking never takes a permit back
    from a holder: the extra holders just finish, and nobody new gets in until
    fewer than the new limit are inside."""

    def __init__(self, value):
        super().__init__(value)
        self.limit = value

    def locked(self):
        return self._value <= 0 or any(not w.cancelled() for w in (self._waiters or ()))

    def resize(self, n):
        trace("limit", value=n)
        self._value += n - self.limit
        self.limit = n
        while self._value > 0 and self._waiters and any(not w.done() for w in self._waiters):
            self._wake_up_next()

    def _wake_up_next(self):
        # A shrink holds: releases pay the debt back before anyone is woken.
        if self._value > 0:
            super()._wake_up_next())");
    }

    void limiterObjects() {
        const Limit& l = s_.limit;
        switch (kind()) {
        case LimitKind::Semaphore:
            if (resizable_) {
                resizableClass();
                e_.blank();
                e_.blank();
                e_.line("# At most " + integer(l.value) + " tasks inside `async with sem:` at once; SCHEDULE moves the");
                e_.line("# limit while the program runs: (at second, new limit).");
                e_.line("sem = ResizableSemaphore(" + integer(l.value) + ")");
                std::string sch = "SCHEDULE = [";
                for (std::size_t k = 0; k < l.schedule.size(); ++k)
                    sch += (k ? ", (" : "(") + num(l.schedule[k].at) + ", " + integer(l.schedule[k].value) + ")";
                e_.line(sch + "]");
            } else {
                e_.blank();
                e_.line("# At most " + integer(l.value) + " tasks inside `async with sem:` at once; the others wait");
                e_.line("# there, first come first served.");
                e_.line("sem = asyncio.Semaphore(" + integer(l.value) + ")");
            }
            break;
        case LimitKind::BoundedSemaphore:
            e_.blank();
            e_.line("# Like Semaphore(" + integer(l.value) + "), but release() more often than acquire() raises ValueError");
            e_.line("# instead of silently raising the limit.");
            e_.line("sem = asyncio.BoundedSemaphore(" + integer(l.value) + ")");
            break;
        case LimitKind::Adaptive:
            resizableClass();
            e_.blank();
            e_.blank();
            e_.block(R"(class Aimd:
    """Additive increase, multiplicative decrease (like TCP congestion control).

    A task that fails or takes longer than latency_target halves the limit;
    once `limit` tasks in a row finished in time, the limit grows by one."""

    def __init__(self, sem, minimum, maximum, latency_target):
        self.sem, self.min, self.max = sem, minimum, maximum
        self.latency_target = latency_target
        self.started_at = {}
        self.successes = 0

    def started(self, i):
        self.started_at[i] = asyncio.get_running_loop().time()

    def ended(self, i, failed):
        if i not in self.started_at:
            return                                   # it never got a permit
        latency = asyncio.get_running_loop().time() - self.started_at[i]
        limit = self.sem.limit
        if failed or latency > self.latency_target:
            new = max(self.min, limit // 2)          # too slow or failing: back off hard
            self.successes = 0
        else:
            self.successes += 1
            new = limit
            if self.successes >= limit:              # a whole window in time: probe one higher
                new = min(self.max, limit + 1)
                self.successes = 0
        if new != limit:
            self.sem.resize(new))");
            e_.blank();
            e_.blank();
            e_.line("sem = ResizableSemaphore(" + integer(l.initial) + ")");
            e_.line("aimd = Aimd(sem, minimum=" + integer(l.min) + ", maximum=" + integer(l.max) +
                    ", latency_target=" + num(l.latencyTarget) + ")");
            break;
        case LimitKind::Rate:
            e_.blank();
            e_.blank();
            e_.block(R"(class RateLimiter:
    """Like aiometer's max_at_once and max_per_second: at most max_at_once
    tasks inside at once, and starts spaced 1/max_per_second apart. A task
    keeps its max_at_once permit while it waits for its start slot."""

    def __init__(self, max_at_once, max_per_second):
        self.sem = asyncio.Semaphore(max_at_once) if max_at_once else None
        self.max_per_second = max_per_second
        self.next_start = 0.0

    async def __aenter__(self):
        if self.sem:
            await self.sem.acquire()
        now = asyncio.get_running_loop().time()
        start = max(now, self.next_start)
        self.next_start = start + 1.0 / self.max_per_second
        if start > now:
            await asyncio.sleep(start - now)             # wait for this task's start slot

    async def __aexit__(self, *exc):
        if self.sem:
            self.sem.release())");
            e_.blank();
            e_.blank();
            e_.line("limiter = RateLimiter(max_at_once=" + (l.maxAtOnce > 0 ? integer(l.maxAtOnce) : std::string("None")) +
                    ", max_per_second=" + num(l.maxPerSecond) + ")");
            break;
        case LimitKind::Connector:
            e_.blank();
            e_.blank();
            e_.block(R"(class Connector:
    """aiohttp.TCPConnector(limit=n) in miniature: every request holds one of n
    pooled connections; when all are busy, the next request waits for one
    (first come, first served), just like asyncio.Semaphore(n)."""

    def __init__(self, limit):
        self._sem = asyncio.Semaphore(limit)

    async def __aenter__(self):
        await self._sem.acquire()
        return self

    async def __aexit__(self, *exc):
        self._sem.release())");
            e_.blank();
            e_.blank();
            e_.line("# With aiohttp: aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=" + integer(l.value) + "))");
            e_.line("connector = Connector(limit=" + integer(l.value) + ")");
            break;
        case LimitKind::Scheduler:
            e_.blank();
            e_.blank();
            e_.block(R"(class Scheduler:
    """aiojobs.Scheduler(limit=..., pending_limit=...) in miniature: at most
    `limit` jobs run at once, the others wait in a pending queue (not even
    started), and spawn() itself waits while `pending_limit` jobs are already
    pending (0: no bound). That wait is the backpressure on the producer."""

    def __init__(self, limit, pending_limit):
        self.limit, self.pending_limit = limit, pending_limit
        self.active, self.pending = 0, collections.deque()
        self.room = asyncio.Event()                      # the pending queue has room
        self.room.set()
        self.idle = asyncio.Event()                      # nothing active or pending
        self.idle.set()

    async def spawn(self, coro):
        while self.pending_limit and len(self.pending) >= self.pending_limit:
            self.room.clear()
            await self.room.wait()                       # backpressure: spawn() waits
        self.idle.clear()
        if self.active < self.limit:
            self._start(coro)
        else:
            self.pending.append(coro)

    def _start(self, coro):
        self.active += 1
        asyncio.create_task(coro).add_done_callback(self._done)

    def _done(self, task):
        self.active -= 1
        if self.pending:
            self._start(self.pending.popleft())         # a slot is free: start the oldest pending job
            self.room.set()
        elif self.active == 0:
            self.idle.set()

    async def wait_idle(self):
        await self.idle.wait())");
            break;
        default:
            break;
        }
    }

    void helpers() {
        if (s_.service) {
            const Service& svc = *s_.service;
            e_.blank();
            e_.blank();
            e_.block(R"(class Overloaded(Exception):
    """The service refused the request: 429 Too Many Requests or 503 Service Unavailable."""


class Service:
    """The downstream server the tasks call. It serves `capacity` requests at
    once and queues the others; with a queue_limit it answers 503 once that
    many are queued, and with a rate limit (per_second, burst: a token bucket)
    it answers 429 to requests above the rate."""

    def __init__(self, capacity, queue_limit=None, per_second=None, burst=1):
        self.capacity, self.queue_limit = capacity, queue_limit
        self.per_second, self.burst = per_second, burst
        self.tokens, self.stamp = burst, 0.0
        self.inside = 0
        self.slots = asyncio.Semaphore(capacity)

    async def call(self, d):
        if self.per_second is not None:
            now = asyncio.get_running_loop().time()
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.per_second)
            self.stamp = now
            if self.tokens < 1:
                raise Overloaded("429")
            self.tokens -= 1
        if self.queue_limit is not None and self.inside >= self.capacity + self.queue_limit:
            raise Overloaded("503")
        self.inside += 1
        try:
            async with self.slots:
                await asyncio.sleep(d)                   # serving the request
        finally:
            self.inside -= 1)");
            e_.blank();
            e_.blank();
            std::string l = "service = Service(capacity=" + integer(svc.capacity);
            if (svc.queueLimit) l += ", queue_limit=" + integer(*svc.queueLimit);
            if (svc.rateLimit) {
                l += ", per_second=" + num(svc.rateLimit->perSecond);
                if (svc.rateLimit->burst != 1.0) l += ", burst=" + num(svc.rateLimit->burst);
            }
            e_.line(l + ")");
        }
        if (uses(StepKind::Thread)) {
            e_.blank();
            e_.line("# Blocking calls run here, at most " + integer(s_.maxWorkers) +
                    " at once; the others queue (first in, first out).");
            e_.line("pool = ThreadPoolExecutor(max_workers=" + integer(s_.maxWorkers) + ")");
        }
        if (uses(StepKind::Process)) {
            e_.blank();
            e_.blank();
            e_.block(R"(def burn_cpu(seconds):
    """CPU-heavy work (pure computation) for about `seconds`."""
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end:
        n += 1
    return n)");
            e_.blank();
            e_.blank();
            e_.line("# CPU-heavy work runs in " + integer(s_.processWorkers) +
                    " worker processes (each with its own GIL), the rest queue.");
            e_.line("process_pool = ProcessPoolExecutor(max_workers=" + integer(s_.processWorkers) + ")");
        }
        if (uses(StepKind::Increment)) {
            e_.blank();
            e_.line("counter = 0      # shared by every task");
            e_.line("increments = 0   # how many increments finished: what counter should say");
            if (s_.counterLock) e_.line("lock = asyncio.Lock()");
            e_.blank();
            e_.blank();
            e_.line("async def increment(d):");
            e_.line("    \"\"\"counter += 1, written out: read, await something, write back.\"\"\"");
            e_.line("    global counter, increments");
            if (s_.counterLock) {
                e_.line("    async with lock:             # one task at a time from the read to the write", "counterLock");
                e_.line("        value = counter          # read");
                e_.line("        await asyncio.sleep(d)   # e.g. a database round trip", "counterAwait");
                e_.line("        counter = value + 1      # write: nobody else changed it meanwhile");
            } else {
                e_.line("    value = counter              # read");
                e_.line(told("    await asyncio.sleep(d)       # e.g. a database round trip", ": other tasks run here"),
                        "counterAwait");
                e_.line(told("    counter = value + 1          ", "# BUG: overwrites what the others wrote meanwhile",
                             "# write"));
            }
            e_.line("    increments += 1");
        }
    }

    void steps() {
        if (simple_) return;
        e_.blank();
        e_.blank();
        e_.line("async def do_steps(i, steps):");
        e_.line("    \"\"\"Task i's work, step by step.\"\"\"");
        e_.line("    for kind, arg in steps:");
        bool first = true;
        auto branch = [&](const char* k) {
            e_.line(std::string("        ") + (first ? "if" : "elif") + " kind == \"" + k + "\":");
            first = false;
        };
        if (uses(StepKind::Io)) {
            branch("io");
            e_.line("            await asyncio.sleep(arg)            # I/O: the loop runs other tasks meanwhile", "stepIo");
        }
        if (uses(StepKind::Cpu)) {
            branch("cpu");
            e_.line(told("            time.sleep(arg)                     # blocking", ": the whole event loop stops"),
                    "stepCpu");
        }
        if (uses(StepKind::Thread)) {
            branch("thread");
            e_.line("            loop = asyncio.get_running_loop()   # (asyncio.to_thread does the same)");
            e_.line("            await loop.run_in_executor(pool, time.sleep, arg)  # blocking, but in a thread", "stepThread");
        }
        if (uses(StepKind::Process)) {
            branch("process");
            e_.line("            loop = asyncio.get_running_loop()");
            e_.line("            await loop.run_in_executor(process_pool, burn_cpu, arg)  # in another process", "stepProcess");
        }
        if (uses(StepKind::Call)) {
            branch("call");
            e_.line("            await service.call(arg)             # a request to the downstream service", "stepCall");
        }
        if (uses(StepKind::Increment)) {
            branch("increment");
            e_.line("            await increment(arg)", "stepIncrement");
        }
        if (uses(StepKind::Raise)) {
            branch("raise");
            e_.line(needArgs_ ? "            raise arg()" : "            raise arg(f\"task {i} failed\")", "stepRaise");
        }
        if (first) e_.line("        pass                                    # (no task has any step)");
    }

    // The lines inside the permit: running, then the work.
    void work(const std::string& indent) {
        e_.line(indent + "trace(\"running\", i)", "running");
        if (kind() == LimitKind::Adaptive) e_.line(indent + "aimd.started(i)");
        if (simple_)
            e_.line(indent + "await asyncio.sleep(DURATIONS[i])   # the I/O: other tasks run while this one waits", "stepIo");
        else
            e_.line(indent + "await do_steps(i, task[\"steps\"])");
    }

    void body() {
        e_.blank();
        e_.blank();
        e_.line("async def body(i):");
        e_.line(std::string("    \"\"\"What task i does") + (hasLimiter_ ? ": it asks for a permit, then works.\"\"\"" : ".\"\"\""));
        if (!simple_) e_.line("    task = TASKS[i]");
        if (kind() == LimitKind::SemaphorePerTask) {
            e_.line(told("    sem = asyncio.Semaphore(" + integer(s_.limit.value) + ")   ",
                         "# BUG: a new semaphore for every task: each has its own permits"));
        }
        if (anyArrive_) {
            e_.line("    if \"arrive\" in task:");
            e_.line("        await asyncio.sleep(task[\"arrive\"])   # this request comes in later", "arrive");
        }
        e_.line("    trace(\"request\", i)", "request");
        if (!hasLimiter_) {
            work("    ");
            e_.line("    return i");
            return;
        }
        const std::string L = limiterName();
        if (anyForget_) {
            e_.line("    if task.get(\"forget_release\"):");
            if (kind() == LimitKind::Rate || kind() == LimitKind::Connector)
                e_.line("        await " + L + ".__aenter__()   # BUG: entered by hand and never exited", "acquireByHand");
            else
                e_.line("        await sem.acquire()   # BUG: acquired by hand and never released", "acquireByHand");
            work("        ");
            e_.line(told("        return i   # the permit is still taken", ": one fewer for everybody else"));
        }
        std::string comment;
        switch (kind()) {
        case LimitKind::Rate: comment = "# waits for a free slot and for its start time"; break;
        case LimitKind::Connector: comment = "# like `async with session.get(url)`: waits for a free connection"; break;
        case LimitKind::SemaphorePerTask: comment = told("", "# never waits: nobody else uses this semaphore"); break;
        default: comment = "# waits here while every permit is taken"; break;
        }
        e_.line(told("    async with " + L + ":   ", comment), "acquire");
        work("        ");
        if (anyTwice_) {
            e_.line("    if task.get(\"release_twice\"):");
            std::string rel = L == "sem" ? "sem.release()" : (L == "limiter" ? "limiter.sem.release()" : "connector._sem.release()");
            // (BoundedSemaphore raises in the release that finds every
            // permit free: often not this one, but a later, innocent one.)
            const std::string why = limitKindInfo(kind()).releaseTwiceRaises
                                        ? ": ValueError in whichever release finds no permit taken"
                                        : ": the limit silently grows by one";
            e_.line(told("        " + rel + "   # BUG: one release too many", why), "releaseTwice");
        }
        e_.line("    return i");
    }

    void job() {
        const bool adaptive = kind() == LimitKind::Adaptive;
        e_.blank();
        e_.blank();
        e_.line("async def job(i):");
        e_.line("    \"\"\"Task i from start to end; trace() records each change of state.\"\"\"");
        e_.line("    trace(\"created\", i)", "created");
        e_.line("    try:");
        e_.line("        result = await body(i)");
        e_.line("    except asyncio.CancelledError:");
        if (anyIgnore_) {
            e_.line("        if TASKS[i].get(\"ignore_cancel\"):");
            e_.line("            trace(\"done\", i, note=\"swallowed cancel\")", "swallowCancel");
            e_.line(
                told("            return i   # BUG: swallows the cancellation", ": whoever cancelled it never knows"));
        }
        e_.line("        trace(\"cancelled\", i)", "cancelled");
        e_.line("        raise                       # always let CancelledError through");
        e_.line("    except Exception:");
        e_.line("        trace(\"failed\", i)", "failed");
        if (adaptive) e_.line("        aimd.ended(i, failed=True)");
        e_.line("        raise");
        e_.line("    trace(\"done\", i)", "done");
        if (adaptive) e_.line("    aimd.ended(i, failed=False)");
        e_.line("    return result");
    }

    void runner() {
        if (!anyTimeout_) return;
        e_.blank();
        e_.blank();
        e_.line("def runner(i):");
        e_.line("    \"\"\"job(i), cancelled by asyncio.wait_for if it takes longer than its timeout.\"\"\"");
        e_.line("    timeout = TASKS[i].get(\"timeout\")");
        e_.line("    if timeout is None:");
        e_.line("        return job(i)");
        e_.line("    return asyncio.wait_for(job(i), timeout)   # TimeoutError after `timeout` seconds", "waitFor");
    }

    // `code` with a comment that tells what comes of it (a lesson's answer,
    // at times), or with `plain` instead while the answer is kept back
    // (ProgramOptions::withoutAnswers; none: the code alone).
    std::string told(std::string code, const std::string& comment, const std::string& plain = {}) const {
        const std::string& c = o_.withoutAnswers ? plain : comment;
        if (!c.empty()) return code + c;
        while (!code.empty() && code.back() == ' ') code.pop_back();
        return code;
    }

    std::string n() const { return simple_ ? "len(DURATIONS)" : "len(TASKS)"; }
    std::string call(const std::string& i = "i") const { return run_ + "(" + i + ")"; }

    void counterAndCollected(const std::string& indent) {
        if (uses(StepKind::Increment)) {
            e_.line(told(indent + "print(f\"counter = {counter}, expected {increments}\")   ",
                         s_.counterLock ? "" : "# lost updates: counter < expected"));
            e_.line(indent + "trace(\"counter\", value=counter, expected=increments)");
        }
        e_.line(indent + "trace(\"collected\")", "collected");
    }

    void queueWorker() {
        e_.blank();
        e_.blank();
        e_.line("async def worker(q):");
        e_.line("    \"\"\"Takes task numbers from the queue, one at a time, forever.\"\"\"");
        e_.line("    while True:");
        e_.line("        i = await q.get()               # waits while the queue is empty", "queueGet");
        e_.line("        try:");
        e_.line("            await " + call());
        e_.line("        except Exception:");
        e_.line("            pass                        # one failed job must not kill the worker");
        e_.line("        finally:");
        e_.line("            q.task_done()");
    }

    void mainFunction() {
        const Limit& l = s_.limit;
        if (kind() == LimitKind::Queue) queueWorker();
        e_.blank();
        e_.blank();
        e_.line("async def main():", "main");
        if (limitKindInfo(kind()).takesSchedule && resizable_) {
            e_.line("    loop = asyncio.get_running_loop()");
            e_.line("    start = loop.time()");
            e_.line("    for at, value in SCHEDULE:   # timers made before any task exists");
            e_.line("        loop.call_at(start + at, sem.resize, value)   # the limit moves while tasks run");
        }
        switch (kind()) {
        case LimitKind::Queue:
            e_.line("    q = asyncio.Queue(maxsize=" + integer(l.maxsize) + ")" +
                    (l.maxsize == 0 ? "   # unbounded" : "   # put() waits while it holds " + integer(l.maxsize)));
            e_.line("    workers = [asyncio.create_task(worker(q)) for _ in range(" + integer(l.workers) + ")]", "createTasks");
            e_.line("    for i in range(" + n() + "):");
            e_.line("        await q.put(i)", "queuePut");
            e_.line("    await q.join()                      # until every item got its task_done()", "collect");
            e_.line("    for w in workers:");
            e_.line("        w.cancel()                      # the workers loop forever: stop them");
            counterAndCollected("    ");
            return;
        case LimitKind::Manual:
            e_.line("    # At most " + integer(l.value) + " tasks exist at once: start " + integer(l.value) +
                    ", then one more each time one finishes.");
            e_.line("    ids = {}                            # task -> its number");
            e_.line("");
            e_.line("    def start(i):");
            e_.line("        task = asyncio.create_task(" + call() + ")", "createTasks");
            e_.line("        ids[task] = i");
            e_.line("        return task");
            e_.line("");
            e_.line("    next_i = min(" + integer(l.value) + ", " + n() + ")");
            e_.line("    pending = {start(i) for i in range(next_i)}");
            e_.line("    while pending:");
            e_.line("        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)", "collect");
            e_.line("        for task in sorted(done, key=ids.get):   # a set has no order: report by number");
            e_.line("            trace(\"result\", ids[task], ok=not task.cancelled() and task.exception() is None)", "result");
            e_.line("        for _ in done:                  # top up: one new task per finished one");
            e_.line("            if next_i < " + n() + ":");
            e_.line("                pending.add(start(next_i))");
            e_.line("                next_i += 1");
            counterAndCollected("    ");
            return;
        case LimitKind::Chunks:
            e_.line(told("    # Chunks of " + integer(l.size),
                         ": each chunk waits for its slowest task before the next starts.", "."));
            e_.line("    for lo in range(0, " + n() + ", " + integer(l.size) + "):");
            e_.line("        chunk = [asyncio.create_task(" + call() + ") for i in range(lo, min(lo + " +
                        integer(l.size) + ", " + n() + "))]", "createTasks");
            e_.line("        results = await asyncio.gather(*chunk, return_exceptions=True)", "collect");
            e_.line("        for i, r in enumerate(results, start=lo):");
            e_.line("            trace(\"result\", i, ok=not isinstance(r, BaseException))", "result");
            counterAndCollected("    ");
            return;
        case LimitKind::Scheduler:
            e_.line("    scheduler = Scheduler(limit=" + integer(l.value) + ", pending_limit=" + integer(l.pendingLimit) + ")");
            e_.line("    for i in range(" + n() + "):");
            e_.line("        await scheduler.spawn(" + call() + ")   # returns at once unless the pending queue is full", "spawn");
            e_.line("    await scheduler.wait_idle()         # until every job has finished", "collect");
            counterAndCollected("    ");
            return;
        default:
            break;
        }
        const Collect& c = s_.collect;
        switch (collectKind_) {
        case CollectKind::Gather:
            e_.line("    tasks = [asyncio.create_task(" + call() + ") for i in range(" + n() + ")]   # all start now", "createTasks");
            if (c.returnExceptions) {
                e_.line("    results = await asyncio.gather(*tasks, return_exceptions=True)   # errors come back as values", "collect");
                e_.line(told("    for i, r in enumerate(results):     ",
                             "# in the order of `tasks`, not of completion"));
                e_.line("        trace(\"result\", i, ok=not isinstance(r, BaseException))", "result");
            } else {
                e_.line(told("    results = await asyncio.gather(*tasks)   # the first error is raised here",
                             "; the others keep running"),
                        "collect");
                e_.line(told("    for i, r in enumerate(results):     ",
                             "# in the order of `tasks`, not of completion"));
                e_.line("        trace(\"result\", i, ok=True)", "result");
            }
            break;
        case CollectKind::Wait: {
            e_.line("    tasks = [asyncio.create_task(" + call() + ") for i in range(" + n() + ")]", "createTasks");
            std::string args;
            if (c.hasTimeout()) args += ", timeout=" + num(c.timeout);
            if (c.returnWhen == ReturnWhen::FirstCompleted) args += ", return_when=asyncio.FIRST_COMPLETED";
            if (c.returnWhen == ReturnWhen::FirstException) args += ", return_when=asyncio.FIRST_EXCEPTION";
            e_.line("    done, pending = await asyncio.wait(tasks" + args + ")", "collect");
            e_.line("    for task in sorted(done, key=tasks.index):      # sets have no order: report by number");
            e_.line("        trace(\"result\", tasks.index(task), ok=not task.cancelled() and task.exception() is None)", "result");
            e_.line("    for task in sorted(pending, key=tasks.index):");
            e_.line("        trace(\"pending\", tasks.index(task))");
            if (c.cancelOnReturn) {
                e_.line("    for task in sorted(pending, key=tasks.index):");
                e_.line("        task.cancel()                   # stop what is still running...");
                e_.line("    if pending:");
                e_.line("        await asyncio.wait(pending)     # ...and wait until it has really stopped");
            } else {
                if (!o_.withoutAnswers)
                    e_.line("    # `pending` tasks keep running; asyncio.run() cancels them when main() returns.");
            }
            break;
        }
        case CollectKind::AsCompleted: {
            e_.line("    tasks = [asyncio.create_task(" + call() + ") for i in range(" + n() + ")]", "createTasks");
            const std::string to = c.hasTimeout() ? ", timeout=" + num(c.timeout) : "";
            e_.line(told("    for finished in asyncio.as_completed(tasks" + to + "):   ", "# in completion order"),
                    "collect");
            e_.line("        try:");
            e_.line("            i = await finished          # job(i) returns i");
            e_.line("            trace(\"result\", i, ok=True)", "result");
            e_.line("        except Exception as exc:        # that task failed" +
                    std::string(c.hasTimeout() ? ", or as_completed timed out" : ""));
            e_.line("            i = next((k for k, t in enumerate(tasks)");
            e_.line("                      if t.done() and not t.cancelled() and t.exception() is exc), None)");
            e_.line("            if i is None:");
            e_.line("                raise                   # not a task's error: as_completed's own TimeoutError");
            e_.line("            trace(\"result\", i, ok=False)");
            break;
        }
        case CollectKind::TaskGroup:
            e_.line("    async with asyncio.TaskGroup() as tg:   # leaves only when every task has ended", "collect");
            e_.line("        for i in range(" + n() + "):");
            e_.line("            tg.create_task(" + call() + ")", "createTasks");
            // (Not what it raises: a lesson asks that before its answer, and
            // the Code dock shows this program.)
            e_.line("    # A task that fails: the group cancels the others, then raises out of this block.");
            e_.line("    for i in range(" + n() + "):");
            e_.line("        trace(\"result\", i, ok=True)", "result");
            break;
        case CollectKind::Sequential:
            e_.line("    for i in range(" + n() + "):");
            e_.line("        await " + call() + "                  # one at a time: the next starts when this one ends", "collect");
            e_.line("        trace(\"result\", i, ok=True)", "result");
            break;
        }
        counterAndCollected("    ");
    }

    void harness() {
        e_.blank();
        e_.blank();
        e_.anchorHere("harness");
        e_.block(R"PY(# =============================================================================
# Coroscope harness: not part of the lesson.
# `python3 program.py` runs the program above in real time and prints each
# trace() moment. `python3 program.py --trace OUT` runs it on a virtual clock
# (the loop never sleeps: it jumps to the next timer; time.sleep and the
# executors' jobs advance that clock) and writes Coroscope's trace (JSON
# lines, "-" for stdout). A program that can make no more progress is
# interrupted as Ctrl-C would interrupt it (outcome "deadlock"). asyncio.run's
# and TaskGroup's cancellations go in task creation order (CPython iterates a
# set there), so that every run gives the same trace.
# =============================================================================
import builtins as _builtins
import json as _json
import logging as _logging
import selectors as _selectors
import signal as _signal
import sys as _sys
import time as _time
import warnings as _warnings


class _H:
    virtual = False
    loop = None
    t0 = 0.0
    events = []


def trace(ev, task=None, **fields):
    """Records one moment of the run (Coroscope's trace format)."""
    t = _H.loop.time() - _H.t0
    e = {"t": t, "ev": ev}
    if task is not None:
        e["task"] = task
    e.update(fields)
    if _H.virtual:
        _H.events.append(e)
    else:
        who = "" if task is None else f"task {task}"
        extra = " ".join(f"{k}={v}" for k, v in fields.items())
        print(f"{t:8.3f}s  {who:<8} {ev} {extra}".rstrip(), flush=True)


def _creation_order(task):
    try:
        return int(task.get_name().rsplit("-", 1)[1])
    except (ValueError, IndexError):
        return 0


def _cancel_all_tasks(loop):                     # asyncio.runners, tasks in creation order
    to_cancel = sorted(asyncio.all_tasks(loop), key=_creation_order)
    if not to_cancel:
        return
    for task in to_cancel:
        task.cancel()
    loop.run_until_complete(asyncio.gather(*to_cancel, return_exceptions=True))


def _abort(self):                                # asyncio.TaskGroup, tasks in creation order
    self._aborting = True
    for t in sorted(self._tasks, key=_creation_order):
        if not t.done():
            t.cancel()


class _VirtualPool:
    """An executor on the virtual clock: max_workers slots, jobs first in first out."""

    def __init__(self, loop, max_workers):
        self.loop, self.free, self.queue = loop, max_workers, []

    def submit(self, d):
        fut = self.loop.create_future()
        if self.free > 0:
            self._start(fut, d)
        else:
            self.queue.append((fut, d))
        return fut

    def _start(self, fut, d):
        self.free -= 1
        self.loop.call_later(d, self._finish, fut)

    def _finish(self, fut):
        self.free += 1
        if not fut.done():
            fut.set_result(None)
        while self.queue:                        # cancelled jobs never start
            nfut, nd = self.queue.pop(0)
            if not nfut.cancelled():
                self._start(nfut, nd)
                break


def _stuck(loop):
    """Nothing can ever happen again: interrupt like Ctrl-C (twice: give up)."""
    loop.deadlocks += 1
    if loop.deadlocks == 1:
        _signal.raise_signal(_signal.SIGINT)
    else:
        raise _builtins.KeyboardInterrupt()


class _VirtualSelector(_selectors._BaseSelectorImpl):
    def __init__(self, loop):
        super().__init__()
        self._loop = loop

    def select(self, timeout=None):
        if timeout is None:
            _stuck(self._loop)
            return []
        if timeout > 0:
            self._loop._now += timeout           # jump to the next timer
        return []


async def _reporting(coro):
    try:
        return await coro
    except Exception as e:                       # what escapes main(), when it escapes
        trace("raise", exc=type(e).__name__)
        raise


class _FirstTaskReportsRaise:
    def create_task(self, coro, **kwargs):       # the first task is asyncio.run's main()
        if not self.main_seen:
            self.main_seen = True
            coro = _reporting(coro)
        return super().create_task(coro, **kwargs)


class _VirtualLoop(_FirstTaskReportsRaise, asyncio.SelectorEventLoop):
    def __init__(self):
        self._now, self.deadlocks, self.main_seen, self.pools = 0.0, 0, False, {}
        super().__init__(_VirtualSelector(self))

    def time(self):
        return self._now

    def run_in_executor(self, executor, func, *args):
        # The job takes args[0] virtual seconds once one of the executor's workers is free.
        if executor not in self.pools:
            self.pools[executor] = _VirtualPool(self, getattr(executor, "_max_workers", 4))
        return self.pools[executor].submit(args[0])


class _RealLoop(_FirstTaskReportsRaise, asyncio.SelectorEventLoop):
    def __init__(self):
        self.deadlocks, self.main_seen, self.busy = 0, False, 0
        super().__init__()
        select = self._selector.select

        def watched(timeout=None):
            if timeout is None and self.busy == 0:
                _stuck(self)
            return select(timeout)
        self._selector.select = watched

    def run_in_executor(self, executor, func, *args):
        fut = super().run_in_executor(executor, func, *args)
        self.busy += 1
        fut.add_done_callback(self._job_done)
        return fut

    def _job_done(self, fut):
        self.busy -= 1


class _Policy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self):
        _H.loop = _VirtualLoop() if _H.virtual else _RealLoop()
        _H.t0 = 0.0 if _H.virtual else _H.loop.time()
        return _H.loop


def _virtual_sleep(seconds):                     # time.sleep on the virtual clock
    _H.loop._now += seconds


class coroscope_harness:
    """with coroscope_harness(): asyncio.run(main()) -- see the block comment above."""

    def __enter__(self):
        args = _sys.argv[1:]
        self.out = args[args.index("--trace") + 1] if "--trace" in args[:-1] else None
        _H.virtual = self.out is not None
        asyncio.runners._cancel_all_tasks = _cancel_all_tasks
        asyncio.TaskGroup._abort = _abort
        asyncio.set_event_loop_policy(_Policy())
        if _H.virtual:
            _time.sleep = _virtual_sleep
            _logging.getLogger("asyncio").setLevel(_logging.CRITICAL + 1)
            _warnings.filterwarnings("ignore", category=RuntimeWarning,
                                     message=r"coroutine .* was never awaited")
        return self

    def __exit__(self, kind, error, tb):
        if kind is None:
            outcome = "ok"
        elif issubclass(kind, _builtins.KeyboardInterrupt):
            outcome = "deadlock"
            if not _H.virtual:
                print("stuck: nothing could make progress any more (interrupted like Ctrl-C)")
        elif issubclass(kind, _builtins.Exception) or issubclass(kind, asyncio.CancelledError):
            outcome = f"raised:{kind.__name__}"
            if not _H.virtual:
                print(f"asyncio.run(main()) raised {kind.__name__}: {error}")
        else:
            return False
        trace("end", outcome=outcome)
        if _H.virtual:
            f = _sys.stdout if self.out == "-" else open(self.out, "w")
            for e in _H.events:
                f.write(_json.dumps(e) + "\n")
            f.flush()
            if f is not _sys.stdout:
                f.close()
        return True)PY");
    }

    void footer() {
        e_.blank();
        e_.blank();
        e_.line("if __name__ == \"__main__\":");
        e_.line("    with coroscope_harness():           # the harness above: real time, or --trace OUT");
        e_.line("        asyncio.run(main())             # at exit: cancels every task still running", "asyncioRun");
    }

    void fill(PythonProgram& p) const {
        CodeLines& c = p.lines;
        const std::pair<const char*, int CodeLines::*> fields[] = {
            {"created", &CodeLines::created},       {"arrive", &CodeLines::arrive},
            {"request", &CodeLines::request},       {"acquire", &CodeLines::acquire},
            {"acquireByHand", &CodeLines::acquireByHand}, {"running", &CodeLines::running},
            {"stepIo", &CodeLines::stepIo},         {"stepCpu", &CodeLines::stepCpu},
            {"stepThread", &CodeLines::stepThread}, {"stepProcess", &CodeLines::stepProcess},
            {"stepCall", &CodeLines::stepCall},     {"stepIncrement", &CodeLines::stepIncrement},
            {"stepRaise", &CodeLines::stepRaise},   {"counterLock", &CodeLines::counterLock},
            {"counterAwait", &CodeLines::counterAwait}, {"releaseTwice", &CodeLines::releaseTwice},
            {"done", &CodeLines::done},             {"failed", &CodeLines::failed},
            {"cancelled", &CodeLines::cancelled},   {"swallowCancel", &CodeLines::swallowCancel},
            {"waitFor", &CodeLines::waitFor},       {"queueGet", &CodeLines::queueGet},
            {"queuePut", &CodeLines::queuePut},     {"spawn", &CodeLines::spawn},
            {"createTasks", &CodeLines::createTasks}, {"collect", &CodeLines::collect},
            {"result", &CodeLines::result},         {"collected", &CodeLines::collected},
            {"main", &CodeLines::main},             {"asyncioRun", &CodeLines::asyncioRun},
            {"harness", &CodeLines::harness},
        };
        for (const auto& [name, line] : p.anchors)
            for (const auto& [fname, member] : fields)
                if (name == fname && c.*member == 0) c.*member = line;
    }

    const Scenario& s_;
    const ProgramOptions& o_;
    Emitter e_;
    std::set<StepKind> used_;
    std::vector<ExcName> excs_;
    bool anyArrive_ = false, anyTimeout_ = false, anyIgnore_ = false;
    bool anyForget_ = false, anyTwice_ = false;
    bool hasLimiter_ = false, flagLimiter_ = false, resizable_ = false, simple_ = true;
    bool needArgs_ = false;
    CollectKind collectKind_ = CollectKind::Gather;
    std::string run_ = "job";
};

}  // namespace

int PythonProgram::line(std::string_view anchor) const {
    for (const auto& [name, l] : anchors)
        if (name == anchor) return l;
    return 0;
}

PythonProgram pythonProgramWithLines(const Scenario& s, const ProgramOptions& options) {
    return Writer(s, options).write();
}

std::string pythonProgram(const Scenario& s, const ProgramOptions& options) {
    return pythonProgramWithLines(s, options).text;
}

}  // namespace cs
