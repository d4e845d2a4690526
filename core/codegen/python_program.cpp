#include "codegen/python_program.h"

#include <algorithm>
#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/kinds.h"
#include "scenario/loader.h"
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
    Writer(const Scenario& s, const ProgramOptions& o) : s_(s), o_(o), zh_(o.language == "zh_CN") { analyse(); }

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
                en.definition = "class " + name + "(Exception):\n    \"\"\"" +
                                say("An error of this lesson's own.", "本课自己的错误类型。") + "\"\"\"";
            } else {
                en.expr = "_error_" + std::to_string(++anonymous);
                en.definition = en.expr + " = type(\"" + name + "\", (Exception,), {})  " +
                                say("# an error named " + name, "# 名为 " + name + " 的错误");
            }
            if (contains(kNeedArgs, name)) needArgs_ = true;
            excs_.push_back(en);
        }
    }

    bool uses(StepKind k) const { return used_.count(k) != 0; }

    // A comment's or a docstring's text in the program's language: both
    // wordings side by side where it is written (ProgramOptions::language).
    std::string say(std::string_view en, std::string_view zh) const { return std::string(zh_ ? zh : en); }

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
        // The scenario's own title and description in the program's language
        // when it has them ("i18n"), else its spec's.
        const std::string& shownTitle = zh_ ? s_.titleIn(o_.language) : s_.title;
        const std::string& description = zh_ ? s_.descriptionIn(o_.language) : s_.description;
        const std::string title =
            shownTitle.empty() ? say("A Coroscope scenario", "一个 Coroscope 场景") : commentText(shownTitle);
        e_.line("# " + title);
        if (!description.empty()) {
            e_.line("#");
            for (const std::string& l : splitLines(description)) e_.line(l.empty() ? "#" : "# " + l);
        }
        e_.line("#");
        e_.line(say("# Run it:  python3 program.py               real time, prints what happens",
                    "# 运行：python3 program.py —— 真实时间，打印发生的事"));
        e_.line(say("#          python3 program.py --trace OUT   virtual clock, Coroscope's trace (JSON lines)",
                    "# 或者：python3 program.py --trace OUT —— 虚拟时钟，写出 Coroscope 的跟踪（JSON lines）"));
        e_.line(say("# Python 3.11, standard library only. The lesson is plain asyncio; the",
                    "# Python 3.11，只用标准库。课程本身就是普通的 asyncio；"));
        e_.line(say("# \"Coroscope harness\" block at the end only runs it and records the trace.",
                    "# 末尾的 \"Coroscope harness\" 代码块只负责运行它并记录跟踪。"));
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
            e_.line(say("# How long each task's I/O takes, in seconds: task i waits DURATIONS[i].",
                        "# 每个任务的 I/O 要多久（秒）：任务 i 等待 DURATIONS[i] 秒。"));
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
        e_.line(say("# Task i is TASKS[i]: its steps, run in order, and its options.",
                    "# 任务 i 就是 TASKS[i]：它按顺序执行的各步，以及它的选项。"));
        std::vector<std::string> legend;
        if (uses(StepKind::Io)) legend.push_back("(\"io\", s) " + say("waits s seconds for I/O", "等待 I/O s 秒"));
        if (uses(StepKind::Cpu))
            legend.push_back("(\"cpu\", s) " +
                             say("computes s seconds on the loop's thread", "在事件循环的线程上计算 s 秒"));
        if (uses(StepKind::Thread))
            legend.push_back("(\"thread\", s) " + say("a blocking call run in a thread", "在线程中执行的阻塞调用"));
        if (uses(StepKind::Process))
            legend.push_back("(\"process\", s) " +
                             say("CPU-heavy work in another process", "在另一个进程中执行的 CPU 密集型工作"));
        if (uses(StepKind::Call))
            legend.push_back("(\"call\", s) " +
                             say("a request the service serves in s seconds", "一个请求，服务用 s 秒处理完"));
        if (uses(StepKind::Increment))
            legend.push_back("(\"increment\", s) " + say("`counter += 1` with an s-second await inside",
                                                         "`counter += 1`，中间有一个 s 秒的 await"));
        if (uses(StepKind::Raise)) legend.push_back("(\"raise\", E) " + say("fails with E", "以 E 失败"));
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
        e_.block("class ResizableSemaphore(asyncio.Semaphore):\n" +
                 say(R"(    """A Semaphore whose limit can change while tasks hold it.

    Growing wakes waiting tasks at once; shrinking never takes a permit back
    from a holder: the extra holders just finish, and nobody new gets in until
    fewer than the new limit are inside.""")",
                     R"(    """一个限额可以在任务持有它时改变的 Semaphore。

    调大时立刻唤醒等待的任务；调小时从不从持有者手里收回许可：
    多出的持有者照常完成，直到里面的任务少于新的限额，
    才会有新的任务进入。""")") + R"(

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
        )" + say("# A shrink holds: releases pay the debt back before anyone is woken.",
                 "# 调小会生效：先用释放的许可还清欠账，再唤醒别人。") + R"(
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
                const std::string v = integer(l.value);
                e_.line(say("# At most " + v + " tasks inside `async with sem:` at once; SCHEDULE moves the",
                            "# 同时最多 " + v + " 个任务在 `async with sem:` 里面；SCHEDULE 在程序运行时"));
                e_.line(say("# limit while the program runs: (at second, new limit).",
                            "# 改变限额：(第几秒, 新的限额)。"));
                e_.line("sem = ResizableSemaphore(" + integer(l.value) + ")");
                std::string sch = "SCHEDULE = [";
                for (std::size_t k = 0; k < l.schedule.size(); ++k)
                    sch += (k ? ", (" : "(") + num(l.schedule[k].at) + ", " + integer(l.schedule[k].value) + ")";
                e_.line(sch + "]");
            } else {
                e_.blank();
                const std::string v = integer(l.value);
                e_.line(say("# At most " + v + " tasks inside `async with sem:` at once; the others wait",
                            "# 同时最多 " + v + " 个任务在 `async with sem:` 里面；其余的在那里等待，"));
                e_.line(say("# there, first come first served.", "# 先到先得。"));
                e_.line("sem = asyncio.Semaphore(" + integer(l.value) + ")");
            }
            break;
        case LimitKind::BoundedSemaphore:
            e_.blank();
            e_.line(say("# Like Semaphore(" + integer(l.value) +
                            "), but release() more often than acquire() raises ValueError",
                        "# 和 Semaphore(" + integer(l.value) +
                            ") 一样，但 release() 比 acquire() 多时会抛出 ValueError，"));
            e_.line(say("# instead of silently raising the limit.", "# 而不是悄悄调高限额。"));
            e_.line("sem = asyncio.BoundedSemaphore(" + integer(l.value) + ")");
            break;
        case LimitKind::Adaptive:
            resizableClass();
            e_.blank();
            e_.blank();
            e_.block("class Aimd:\n" +
                     say(R"(    """Additive increase, multiplicative decrease (like TCP congestion control).

    A task that fails or takes longer than latency_target halves the limit;
    once `limit` tasks in a row finished in time, the limit grows by one.""")",
                         R"(    """加性增、乘性减（和 TCP 的拥塞控制一样）。

    一个任务失败或耗时超过 latency_target，限额减半；
    连续 `limit` 个任务按时完成后，限额加一。""")") + R"(

    def __init__(self, sem, minimum, maximum, latency_target):
        self.sem, self.min, self.max = sem, minimum, maximum
        self.latency_target = latency_target
        self.started_at = {}
        self.successes = 0

    def started(self, i):
        self.started_at[i] = asyncio.get_running_loop().time()

    def ended(self, i, failed):
        if i not in self.started_at:
            return                                   )" + say("# it never got a permit", "# 它从未拿到许可") + R"(
        latency = asyncio.get_running_loop().time() - self.started_at[i]
        limit = self.sem.limit
        if failed or latency > self.latency_target:
            new = max(self.min, limit // 2)          )" +
                     say("# too slow or failing: back off hard", "# 太慢或失败：大幅退让") + R"(
            self.successes = 0
        else:
            self.successes += 1
            new = limit
            if self.successes >= limit:              )" +
                     say("# a whole window in time: probe one higher", "# 整个窗口都按时完成：试着加一") + R"(
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
            e_.block("class RateLimiter:\n" +
                     say(R"(    """Like aiometer's max_at_once and max_per_second: at most max_at_once
    tasks inside at once, and starts spaced 1/max_per_second apart. A task
    keeps its max_at_once permit while it waits for its start slot.""")",
                         R"(    """和 aiometer 的 max_at_once、max_per_second 一样：同时最多
    max_at_once 个任务在里面，相邻两次开始至少相隔 1/max_per_second 秒。
    任务等待自己的开始时刻时，一直持有它的 max_at_once 许可。""")") + R"(

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
            trace("slot_wait", asyncio.current_task())   )" +
                     say("# from here it waits for its start slot (the engine's slot_wait)",
                         "# 从这里开始等待自己的开始时刻（引擎的 slot_wait）") + R"(
            await asyncio.sleep(start - now)             )" +
                     say("# wait for this task's start slot", "# 等到这个任务的开始时刻") + R"(

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
            e_.block("class Connector:\n" +
                     say(R"(    """aiohttp.TCPConnector(limit=n) in miniature: every request holds one of n
    pooled connections; when all are busy, the next request waits for one
    (first come, first served), just like asyncio.Semaphore(n).""")",
                         R"(    """缩小版的 aiohttp.TCPConnector(limit=n)：每个请求占用连接池里 n 个
    连接中的一个；全都在忙时，下一个请求等待空出的连接（先到先得），
    和 asyncio.Semaphore(n) 完全一样。""")") + R"(

    def __init__(self, limit):
        self._sem = asyncio.Semaphore(limit)

    async def __aenter__(self):
        await self._sem.acquire()
        return self

    async def __aexit__(self, *exc):
        self._sem.release())");
            e_.blank();
            e_.blank();
            e_.line(say("# With aiohttp: ", "# 用 aiohttp 时：") +
                    "aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=" + integer(l.value) + "))");
            e_.line("connector = Connector(limit=" + integer(l.value) + ")");
            break;
        case LimitKind::Scheduler:
            e_.blank();
            e_.blank();
            e_.block("class Scheduler:\n" +
                     say(R"(    """aiojobs.Scheduler(limit=..., pending_limit=...) in miniature: at most
    `limit` jobs run at once, the others wait in a pending queue (not even
    started), and spawn() itself waits while `pending_limit` jobs are already
    pending (0: no bound). That wait is the backpressure on the producer.""")",
                         R"(    """缩小版的 aiojobs.Scheduler(limit=..., pending_limit=...)：同时最多
    运行 `limit` 个作业，其余的在待处理队列中等待（还没有开始）；已有
    `pending_limit` 个作业待处理时（0：不设上限），spawn() 本身也要等待。
    这个等待就是对生产者的背压。""")") + R"(

    def __init__(self, limit, pending_limit):
        self.limit, self.pending_limit = limit, pending_limit
        self.active, self.pending = 0, collections.deque()
        self.room = asyncio.Event()                      )" +
                     say("# the pending queue has room", "# 待处理队列还有空位") + R"(
        self.room.set()
        self.idle = asyncio.Event()                      )" +
                     say("# nothing active or pending", "# 没有运行中或待处理的作业") + R"(
        self.idle.set()

    async def spawn(self, coro):
        while self.pending_limit and len(self.pending) >= self.pending_limit:
            self.room.clear()
            await self.room.wait()                       )" +
                     say("# backpressure: spawn() waits", "# 背压：spawn() 在等待") + R"(
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
            self._start(self.pending.popleft())         )" +
                     say("# a slot is free: start the oldest pending job", "# 空出一个位置：启动最早的待处理作业") + R"(
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
            e_.block("class Overloaded(Exception):\n" +
                     say(R"(    """The service refused the request: 429 Too Many Requests or )"
                         R"(503 Service Unavailable.""")",
                         R"(    """服务拒绝了请求：429 Too Many Requests 或 503 Service Unavailable。""")") +
                     R"(


class Service:
)" + say(R"(    """The downstream server the tasks call. It serves `capacity` requests at
    once and queues the others; with a queue_limit it answers 503 once that
    many are queued, and with a rate limit (per_second, burst: a token bucket)
    it answers 429 to requests above the rate.""")",
         R"(    """任务调用的下游服务器。它同时处理 `capacity` 个请求，
    其余的排队；设了 queue_limit 时，排队的请求达到这个数就
    回答 503；设了速率限制（per_second、burst：令牌桶）时，
    对超出速率的请求回答 429。""")") + R"(

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
                await asyncio.sleep(d)                   )" +
                     say("# serving the request", "# 正在处理这个请求") + R"(
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
            e_.line(say("# Blocking calls run here, at most " + integer(s_.maxWorkers) +
                            " at once; the others queue (first in, first out).",
                        "# 阻塞调用在这里执行，同时最多 " + integer(s_.maxWorkers) + " 个；其余的排队（先进先出）。"));
            e_.line("pool = ThreadPoolExecutor(max_workers=" + integer(s_.maxWorkers) + ")");
        }
        if (uses(StepKind::Process)) {
            e_.blank();
            e_.blank();
            e_.block("def burn_cpu(seconds):\n" +
                     say(R"(    """CPU-heavy work (pure computation) for about `seconds`.""")",
                         R"(    """大约 `seconds` 秒的 CPU 密集型工作（纯计算）。""")") + R"(
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end:
        n += 1
    return n)");
            e_.blank();
            e_.blank();
            e_.line(say("# CPU-heavy work runs in " + integer(s_.processWorkers) +
                            " worker processes (each with its own GIL), the rest queue.",
                        "# CPU 密集型工作在 " + integer(s_.processWorkers) +
                            " 个工作进程中执行（每个进程有自己的 GIL），其余的排队。"));
            e_.line("process_pool = ProcessPoolExecutor(max_workers=" + integer(s_.processWorkers) + ")");
        }
        if (uses(StepKind::Increment)) {
            e_.blank();
            e_.line("counter = 0      " + say("# shared by every task", "# 所有任务共用"));
            e_.line("increments = 0   " + say("# how many increments finished: what counter should say",
                                              "# 完成了多少次加一：counter 应该是多少"));
            if (s_.counterLock) e_.line("lock = asyncio.Lock()");
            e_.blank();
            e_.blank();
            e_.line("async def increment(d):");
            e_.line("    \"\"\"" +
                    say("counter += 1, written out: read, await something, write back.",
                        "展开写的 counter += 1：读取，await 某个操作，再写回。") +
                    "\"\"\"");
            e_.line("    global counter, increments");
            if (s_.counterLock) {
                e_.line("    async with lock:             " +
                            say("# one task at a time from the read to the write", "# 从读到写，一次只有一个任务"),
                        "counterLock");
                e_.line("        value = counter          " + say("# read", "# 读"));
                e_.line("        await asyncio.sleep(d)   " +
                            say("# e.g. a database round trip", "# 例如一次数据库往返"),
                        "counterAwait");
                e_.line("        counter = value + 1      " +
                        say("# write: nobody else changed it meanwhile", "# 写：这期间没有别人改过它"));
            } else {
                e_.line("    value = counter              " + say("# read", "# 读"));
                e_.line(told("    await asyncio.sleep(d)       " +
                                 say("# e.g. a database round trip", "# 例如一次数据库往返"),
                             say(": other tasks run here", "：其他任务在这里运行")),
                        "counterAwait");
                e_.line(told("    counter = value + 1          ",
                             say("# BUG: overwrites what the others wrote meanwhile",
                                 "# BUG：覆盖了这期间别人写入的值"),
                             say("# write", "# 写")));
            }
            e_.line("    increments += 1");
        }
    }

    void steps() {
        if (simple_) return;
        e_.blank();
        e_.blank();
        e_.line("async def do_steps(i, steps):");
        e_.line("    \"\"\"" + say("Task i's work, step by step.", "任务 i 的工作，一步接一步。") + "\"\"\"");
        e_.line("    for kind, arg in steps:");
        bool first = true;
        auto branch = [&](const char* k) {
            e_.line(std::string("        ") + (first ? "if" : "elif") + " kind == \"" + k + "\":");
            first = false;
        };
        if (uses(StepKind::Io)) {
            branch("io");
            e_.line("            await asyncio.sleep(arg)            " +
                        say("# I/O: the loop runs other tasks meanwhile", "# I/O：这期间事件循环运行其他任务"),
                    "stepIo");
        }
        if (uses(StepKind::Cpu)) {
            branch("cpu");
            e_.line(told("            time.sleep(arg)                     " + say("# blocking", "# 阻塞"),
                         say(": the whole event loop stops", "：整个事件循环都停下了")),
                    "stepCpu");
        }
        if (uses(StepKind::Thread)) {
            branch("thread");
            e_.line("            loop = asyncio.get_running_loop()   " +
                    say("# (asyncio.to_thread does the same)", "# （asyncio.to_thread 也是这样做的）"));
            e_.line("            await loop.run_in_executor(pool, time.sleep, arg)  " +
                        say("# blocking, but in a thread", "# 阻塞，但在一个线程里"),
                    "stepThread");
        }
        if (uses(StepKind::Process)) {
            branch("process");
            e_.line("            loop = asyncio.get_running_loop()");
            e_.line("            await loop.run_in_executor(process_pool, burn_cpu, arg)  " +
                        say("# in another process", "# 在另一个进程中"),
                    "stepProcess");
        }
        if (uses(StepKind::Call)) {
            branch("call");
            e_.line("            await service.call(arg)             " +
                        say("# a request to the downstream service", "# 向下游服务发一个请求"),
                    "stepCall");
        }
        if (uses(StepKind::Increment)) {
            branch("increment");
            e_.line("            await increment(arg)", "stepIncrement");
        }
        if (uses(StepKind::Raise)) {
            branch("raise");
            e_.line(needArgs_ ? "            raise arg()" : "            raise arg(f\"task {i} failed\")", "stepRaise");
        }
        if (first)
            e_.line("        pass                                    " +
                    say("# (no task has any step)", "# （没有任务有任何步骤）"));
    }

    // The lines inside the permit: running, then the work.
    void work(const std::string& indent) {
        e_.line(indent + "trace(\"running\", i)", "running");
        if (kind() == LimitKind::Adaptive) e_.line(indent + "aimd.started(i)");
        if (simple_)
            e_.line(indent + "await asyncio.sleep(DURATIONS[i])   " +
                        say("# the I/O: other tasks run while this one waits", "# I/O：这个任务等待时，其他任务在运行"),
                    "stepIo");
        else
            e_.line(indent + "await do_steps(i, task[\"steps\"])");
    }

    void body() {
        e_.blank();
        e_.blank();
        e_.line("async def body(i):");
        e_.line("    \"\"\"" +
                (hasLimiter_ ? say("What task i does: it asks for a permit, then works.",
                                   "任务 i 做的事：先请求一个许可，再工作。")
                             : say("What task i does.", "任务 i 做的事。")) +
                "\"\"\"");
        if (!simple_) e_.line("    task = TASKS[i]");
        if (kind() == LimitKind::SemaphorePerTask) {
            e_.line(told("    sem = asyncio.Semaphore(" + integer(s_.limit.value) + ")   ",
                         say("# BUG: a new semaphore for every task: each has its own permits",
                             "# BUG：每个任务都新建一个信号量：各有各的许可")));
        }
        if (anyArrive_) {
            e_.line("    if \"arrive\" in task:");
            e_.line("        await asyncio.sleep(task[\"arrive\"])   " +
                        say("# this request comes in later", "# 这个请求晚些才到"),
                    "arrive");
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
                e_.line("        await " + L + ".__aenter__()   " +
                            say("# BUG: entered by hand and never exited", "# BUG：手动进入，却从不退出"),
                        "acquireByHand");
            else
                e_.line("        await sem.acquire()   " +
                            say("# BUG: acquired by hand and never released", "# BUG：手动获取，却从不释放"),
                        "acquireByHand");
            work("        ");
            e_.line(told("        return i   " + say("# the permit is still taken", "# 许可仍被占着"),
                         say(": one fewer for everybody else", "：其他所有任务都少了一个")));
        }
        std::string comment;
        switch (kind()) {
        case LimitKind::Rate:
            comment = say("# waits for a free slot and for its start time", "# 等待空闲的位置和它的开始时刻");
            break;
        case LimitKind::Connector:
            comment = say("# like `async with session.get(url)`: waits for a free connection",
                          "# 就像 `async with session.get(url)`：等待空闲的连接");
            break;
        case LimitKind::SemaphorePerTask:
            comment = told("", say("# never waits: nobody else uses this semaphore",
                                   "# 从不等待：没有别的任务用这个信号量"));
            break;
        default: comment = say("# waits here while every permit is taken", "# 所有许可都被占用时，在这里等待"); break;
        }
        e_.line(told("    async with " + L + ":   ", comment), "acquire");
        work("        ");
        if (anyTwice_) {
            e_.line("    if task.get(\"release_twice\"):");
            std::string rel = L == "sem" ? "sem.release()" : (L == "limiter" ? "limiter.sem.release()" : "connector._sem.release()");
            // (BoundedSemaphore raises in the release that finds every
            // permit free: often not this one, but a later, innocent one.)
            const std::string why = limitKindInfo(kind()).releaseTwiceRaises
                                        ? say(": ValueError in whichever release finds no permit taken",
                                              "：哪一次释放发现没有被占用的许可，哪一次就抛出 ValueError")
                                        : say(": the limit silently grows by one", "：限额悄悄多了一个");
            e_.line(told("        " + rel + "   " + say("# BUG: one release too many", "# BUG：多释放了一次"), why),
                    "releaseTwice");
        }
        e_.line("    return i");
    }

    void job() {
        const bool adaptive = kind() == LimitKind::Adaptive;
        e_.blank();
        e_.blank();
        e_.line("async def job(i):");
        e_.line("    \"\"\"" +
                say("Task i from start to end; trace() records each change of state.",
                    "任务 i 从开始到结束；trace() 记录它的每一次状态变化。") +
                "\"\"\"");
        e_.line("    trace(\"created\", i)", "created");
        e_.line("    try:");
        e_.line("        result = await body(i)");
        e_.line("    except asyncio.CancelledError:");
        if (anyIgnore_) {
            e_.line("        if TASKS[i].get(\"ignore_cancel\"):");
            e_.line("            trace(\"done\", i, note=\"swallowed cancel\")", "swallowCancel");
            e_.line(
                told("            return i   " + say("# BUG: swallows the cancellation", "# BUG：吞掉了取消"),
                     say(": whoever cancelled it never knows", "：取消它的一方永远不会知道")));
        }
        e_.line("        trace(\"cancelled\", i)", "cancelled");
        e_.line("        raise                       " +
                say("# always let CancelledError through", "# 总是让 CancelledError 传出去"));
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
        e_.line("    \"\"\"" +
                say("job(i), cancelled by asyncio.wait_for if it takes longer than its timeout.",
                    "job(i)，用时超过它的 timeout 就被 asyncio.wait_for 取消。") +
                "\"\"\"");
        e_.line("    timeout = TASKS[i].get(\"timeout\")");
        e_.line("    if timeout is None:");
        e_.line("        return job(i)");
        e_.line("    return asyncio.wait_for(job(i), timeout)   " +
                    say("# TimeoutError after `timeout` seconds", "# `timeout` 秒后抛出 TimeoutError"),
                "waitFor");
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
                         s_.counterLock ? ""
                                        : say("# lost updates: counter < expected", "# 更新丢失：counter < expected")));
            e_.line(indent + "trace(\"counter\", value=counter, expected=increments)");
        }
        e_.line(indent + "trace(\"collected\")", "collected");
    }

    void queueWorker() {
        e_.blank();
        e_.blank();
        e_.line("async def worker(q):");
        e_.line("    \"\"\"" +
                say("Takes task numbers from the queue, one at a time, forever.",
                    "从队列中取出任务编号，一次一个，永不停止。") +
                "\"\"\"");
        e_.line("    while True:");
        e_.line("        i = await q.get()               " +
                    say("# waits while the queue is empty", "# 队列为空时在这里等待"),
                "queueGet");
        e_.line("        try:");
        e_.line("            await " + call());
        e_.line("        except Exception:");
        e_.line("            pass                        " +
                say("# one failed job must not kill the worker", "# 一个作业失败，不能让工作者也停掉"));
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
            e_.line("    for at, value in SCHEDULE:   " +
                    say("# timers made before any task exists", "# 计时器在任何任务出现之前就设好了"));
            e_.line("        loop.call_at(start + at, sem.resize, value)   " +
                    say("# the limit moves while tasks run", "# 限额在任务运行时改变"));
        }
        switch (kind()) {
        case LimitKind::Queue:
            e_.line("    q = asyncio.Queue(maxsize=" + integer(l.maxsize) + ")   " +
                    (l.maxsize == 0 ? say("# unbounded", "# 不限大小")
                                    : say("# put() waits while it holds " + integer(l.maxsize),
                                          "# 队列里有 " + integer(l.maxsize) + " 项时，put() 会等待")));
            e_.line("    workers = [asyncio.create_task(worker(q)) for _ in range(" + integer(l.workers) + ")]", "createTasks");
            e_.line("    for i in range(" + n() + "):");
            e_.line("        await q.put(i)", "queuePut");
            e_.line("    await q.join()                      " +
                        say("# until every item got its task_done()", "# 直到每一项都得到了它的 task_done()"),
                    "collect");
            e_.line("    for w in workers:");
            e_.line("        w.cancel()                      " +
                    say("# the workers loop forever: stop them", "# 工作者永远在循环：让它们停下"));
            counterAndCollected("    ");
            return;
        case LimitKind::Manual:
            e_.line(say("    # At most " + integer(l.value) + " tasks exist at once: start " + integer(l.value) +
                            ", then one more each time one finishes.",
                        "    # 同时最多存在 " + integer(l.value) + " 个任务：先启动 " + integer(l.value) +
                            " 个，之后每完成一个就再启动一个。"));
            e_.line("    ids = {}                            " + say("# task -> its number", "# 任务 -> 它的编号"));
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
            e_.line("        for task in sorted(done, key=ids.get):   " +
                    say("# a set has no order: report by number", "# 集合没有顺序：按编号报告"));
            e_.line("            trace(\"result\", ids[task], ok=not task.cancelled() and task.exception() is None)", "result");
            e_.line("        for _ in done:                  " +
                    say("# top up: one new task per finished one", "# 补足：每完成一个，就新建一个"));
            e_.line("            if next_i < " + n() + ":");
            e_.line("                pending.add(start(next_i))");
            e_.line("                next_i += 1");
            counterAndCollected("    ");
            return;
        case LimitKind::Chunks:
            e_.line(told(say("    # Chunks of " + integer(l.size), "    # 每批 " + integer(l.size) + " 个"),
                         say(": each chunk waits for its slowest task before the next starts.",
                             "：每批要等它最慢的任务结束，下一批才开始。"),
                         say(".", "。")));
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
            e_.line("        await scheduler.spawn(" + call() + ")   " +
                        say("# returns at once unless the pending queue is full", "# 立即返回，除非待处理队列已满"),
                    "spawn");
            e_.line("    await scheduler.wait_idle()         " +
                        say("# until every job has finished", "# 直到每个作业都结束"),
                    "collect");
            counterAndCollected("    ");
            return;
        default:
            break;
        }
        const Collect& c = s_.collect;
        switch (collectKind_) {
        case CollectKind::Gather:
            e_.line("    tasks = [asyncio.create_task(" + call() + ") for i in range(" + n() + ")]   " +
                        say("# all start now", "# 现在全部开始"),
                    "createTasks");
            if (c.returnExceptions)
                e_.line("    results = await asyncio.gather(*tasks, return_exceptions=True)   " +
                            say("# errors come back as values", "# 错误作为值返回"),
                        "collect");
            else
                e_.line(told("    results = await asyncio.gather(*tasks)   " +
                                 say("# the first error is raised here", "# 第一个错误在这里抛出"),
                             say("; the others keep running", "；其他任务继续运行")),
                        "collect");
            e_.line(told("    for i, r in enumerate(results):     ",
                         say("# in the order of `tasks`, not of completion", "# 按 `tasks` 的顺序，而不是完成的顺序")));
            e_.line(c.returnExceptions ? "        trace(\"result\", i, ok=not isinstance(r, BaseException))"
                                       : "        trace(\"result\", i, ok=True)",
                    "result");
            break;
        case CollectKind::Wait: {
            e_.line("    tasks = [asyncio.create_task(" + call() + ") for i in range(" + n() + ")]", "createTasks");
            std::string args;
            if (c.hasTimeout()) args += ", timeout=" + num(c.timeout);
            if (c.returnWhen == ReturnWhen::FirstCompleted) args += ", return_when=asyncio.FIRST_COMPLETED";
            if (c.returnWhen == ReturnWhen::FirstException) args += ", return_when=asyncio.FIRST_EXCEPTION";
            e_.line("    done, pending = await asyncio.wait(tasks" + args + ")", "collect");
            e_.line("    for task in sorted(done, key=tasks.index):      " +
                    say("# sets have no order: report by number", "# 集合没有顺序：按编号报告"));
            e_.line("        trace(\"result\", tasks.index(task), ok=not task.cancelled() and task.exception() is None)", "result");
            e_.line("    for task in sorted(pending, key=tasks.index):");
            e_.line("        trace(\"pending\", tasks.index(task))");
            if (c.cancelOnReturn) {
                e_.line("    for task in sorted(pending, key=tasks.index):");
                e_.line("        task.cancel()                   " +
                        say("# stop what is still running...", "# 让仍在运行的停下……"));
                e_.line("    if pending:");
                e_.line("        await asyncio.wait(pending)     " +
                        say("# ...and wait until it has really stopped", "# ……并等到它们真正停下"));
            } else {
                if (!o_.withoutAnswers)
                    e_.line(say("    # `pending` tasks keep running; asyncio.run() cancels them when main() returns.",
                                "    # `pending` 中的任务继续运行；main() 返回时，asyncio.run() 会取消它们。"));
            }
            break;
        }
        case CollectKind::AsCompleted: {
            e_.line("    tasks = [asyncio.create_task(" + call() + ") for i in range(" + n() + ")]", "createTasks");
            const std::string to = c.hasTimeout() ? ", timeout=" + num(c.timeout) : "";
            e_.line(told("    for finished in asyncio.as_completed(tasks" + to + "):   ",
                         say("# in completion order", "# 按完成的顺序")),
                    "collect");
            e_.line("        try:");
            e_.line("            i = await finished          " + say("# job(i) returns i", "# job(i) 返回 i"));
            e_.line("            trace(\"result\", i, ok=True)", "result");
            e_.line("        except Exception as exc:        " +
                    say("# that task failed", "# 那个任务失败了") +
                    (c.hasTimeout() ? say(", or as_completed timed out", "，或者 as_completed 超时了") : ""));
            e_.line("            i = next((k for k, t in enumerate(tasks)");
            e_.line("                      if t.done() and not t.cancelled() and t.exception() is exc), None)");
            e_.line("            if i is None:");
            e_.line("                raise                   " +
                    say("# not a task's error: as_completed's own TimeoutError",
                        "# 不是任务的错误：是 as_completed 自己的 TimeoutError"));
            e_.line("            trace(\"result\", i, ok=False)");
            break;
        }
        case CollectKind::TaskGroup:
            e_.line("    async with asyncio.TaskGroup() as tg:   " +
                        say("# leaves only when every task has ended", "# 每个任务都结束了才离开"),
                    "collect");
            e_.line("        for i in range(" + n() + "):");
            e_.line("            tg.create_task(" + call() + ")", "createTasks");
            // (Not what it raises: a lesson asks that before its answer, and
            // the Code dock shows this program.)
            e_.line(say("    # A task that fails: the group cancels the others, then raises out of this block.",
                        "    # 有任务失败时：任务组取消其他任务，然后从这个块中抛出异常。"));
            e_.line("    for i in range(" + n() + "):");
            e_.line("        trace(\"result\", i, ok=True)", "result");
            break;
        case CollectKind::Sequential:
            e_.line("    for i in range(" + n() + "):");
            e_.line("        await " + call() + "                  " +
                        say("# one at a time: the next starts when this one ends",
                            "# 一次一个：这个结束了，下一个才开始"),
                    "collect");
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
    numbers = {}
    woke = -1
    resizing = False


def trace(ev, task=None, **fields):
    """Records one moment of the run (Coroscope's trace format). `task`: the
    task's number i, or the asyncio task running job(i) (asyncio.current_task())."""
    if isinstance(task, asyncio.Task):
        task = _H.numbers.get(task)
    elif ev == "created":
        _H.numbers[asyncio.current_task()] = task   # job(i) runs in this task from now on
    t = _H.loop.time() - _H.t0
    e = {"t": t, "ev": ev}
    if task is not None:
        e["task"] = task
    e.update(fields)
    if _H.virtual:
        _H.events.append(e)
        if ev == "failed" and _sys.exc_info()[1] is not None:   # (called in job()'s except)
            _H.events.append({"t": t, "ev": "failed_exc", "task": task, "exc": type(_sys.exc_info()[1]).__name__})
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
            _H.events.append(_json.loads(_LIMITER))
            _trace_permits()
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
        return True


# The trace's permits, as the engine writes them (docs/trace-extensions.md):
# each release() of a Semaphore by a task ("release", "woke": the task it
# handed the permit to, -1 nobody; "refused": a BoundedSemaphore's ValueError)
# and each waiter a resize() lets in ("wake", "by": -1); a queue limit's jobs
# ("put_wait", "enqueue", "worker"). With the "limiter" line (the scenario's
# limit and collector) a file of the run shows what the engine's shows: the
# permits in use, the jobs queued, the header's limit. --trace OUT only.
def _woken_number(fut):
    for callback, _ in getattr(fut, "_callbacks", None) or ():
        number = _H.numbers.get(getattr(callback, "__self__", None))   # its Task's task_wakeup
        if number is not None:
            return number
    return -1


def _trace_permits():
    release, wake_up_next = asyncio.Semaphore.release, asyncio.Semaphore._wake_up_next
    bounded_release = asyncio.BoundedSemaphore.release
    service = globals().get("Service")   # the downstream server's own slots are no limit's permits
    servers = [v.slots for v in globals().values() if service is not None and isinstance(v, service)]

    def _wake_up_next(self):
        waiting = [(f, _woken_number(f)) for f in (self._waiters or ()) if not f.done()]
        wake_up_next(self)                                   # (set_result() drops its callbacks)
        woken = next((number for f, number in waiting if f.done()), None)
        if woken is not None:
            _H.woke = woken
            if _H.resizing:
                trace("wake", _H.woke, by=-1)

    def _release(self):
        _H.woke = -1
        release(self)
        me = _H.numbers.get(asyncio.current_task())
        if me is not None and self not in servers:
            trace("release", me, woke=_H.woke)

    def _bounded_release(self):
        try:
            bounded_release(self)
        except ValueError:
            me = _H.numbers.get(asyncio.current_task())
            if me is not None and self not in servers:
                trace("release", me, woke=-1, refused=True)
            raise

    put, get = asyncio.Queue.put, asyncio.Queue.get
    workers = {}

    async def _put(self, item):             # a queue limit's job numbers: "put_wait", "enqueue"
        job = type(item) is int             # (not as_completed()'s own queue of tasks)
        if job and self.full():
            trace("put_wait", item)
        await put(self, item)
        if job:
            trace("enqueue", item)

    async def _get(self):                   # and the worker (in creation order) that takes one
        item = await get(self)
        if type(item) is int:
            trace("worker", item, worker=workers.setdefault(asyncio.current_task(), len(workers)))
        return item

    asyncio.Queue.put, asyncio.Queue.get = _put, _get
    asyncio.Semaphore._wake_up_next = _wake_up_next
    asyncio.Semaphore.release = _release
    asyncio.BoundedSemaphore.release = _bounded_release
    resizable = globals().get("ResizableSemaphore")
    if resizable is not None:
        resize = resizable.resize

        def _resize(self, n):
            _H.resizing = True
            try:
                resize(self, n)
            finally:
                _H.resizing = False
        resizable.resize = _resize)PY");
        e_.line("");
        e_.blank();
        std::string limiter;   // the engine's first line, a Python string literal of it
        for (const char ch : limiterLine(limiterOf(s_))) {
            if (ch == '\\' || ch == '\'') limiter += '\\';
            limiter += ch;
        }
        e_.line("_LIMITER = '" + limiter + "'   # the engine's \"limiter\" line: the run's limit and collector");
    }

    void footer() {
        e_.blank();
        e_.blank();
        e_.line("if __name__ == \"__main__\":");
        e_.line("    with coroscope_harness():           " +
                say("# the harness above: real time, or --trace OUT", "# 上面的 harness：真实时间，或 --trace OUT"));
        e_.line("        asyncio.run(main())             " +
                    say("# at exit: cancels every task still running", "# 退出时：取消所有仍在运行的任务"),
                "asyncioRun");
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
    const bool zh_;  // comments and docstrings in Chinese (ProgramOptions::language "zh_CN")
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
