#pragma once
// What the virtual-clock runner (python3 -m coroscope_trace --virtual) says
// about a run beside the task events: the lines the trace reader skips as
// kinds of another tool (TraceReader), read here instead. Fed line by line,
// so that the app can read a trace as it streams and the CLI a whole file.
//
//   meta     first line: "python" (version), "executable", "program",
//            "clock" ("virtual"; the real-time tracer's meta says "real"),
//            "cpus" (the virtual runner: what os.cpu_count() answered),
//            "acquires" (true: every permit a traced task takes has a line,
//            also one taken at once after its first: an `acquire` line)
//   output   "stream" (stdout/stderr), "text", optional "task"
//   warning  "kind", "message", optional "file", "line", "task" (asyncio's
//            debug-mode warnings, an uncaught-exception log, a deadlock, a
//            deadlock among threads)
//   error    what escaped the program: "exc", "message", optional "file",
//            "line", "column" (a SyntaxError), "traceback"
//   stopped  the runner ended the run: "reason" (wall_clock, iterations,
//            virtual_time, memory, output, real_io, refused_loop,
//            blocking_call, deadlock, signal, stop, exit), "message", optional
//            "file", "line"; no "end" line follows
//   signal   a signal delivered at a virtual time (not kept here)
//   end      the program ended (only noted: ended())
//
// A trace with its "meta" line and neither "end" nor "stopped" is a run cut
// short without a word from the runner: its process was killed (SIGKILL, the
// OOM killer) or crashed (a C extension's SIGSEGV). Whoever ran it says how
// the process ended (processEnded); problem() then words it.
//
// "file" is the program's file as the runner names it (relative to the
// program's folder); "line" is 1-based. Malformed lines of these kinds are
// ignored: the trace reader is the judge of a trace's validity.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cs {

struct RunnerPlace {
    std::string file;  // "" when the runner could not name one
    long line = 0;     // 0 when unknown
    bool known() const { return !file.empty() && line > 0; }
    // "prog.py:12" (or "" when unknown); `folder` goes before a relative name.
    std::string text(const std::string& folder = {}) const;
};

struct RunnerOutput {
    double t = 0.0;
    bool stderrStream = false;
    std::string text;
    long task = -1;
};

// A task or timer a runner's warning names, as data (the message says it in
// English; the app words it in its own language).
struct RunnerNamed {
    long task = -1;    // a traced task's id; -1: none
    std::string name;  // its name
    long line = 0;     // where it waits (deadlock); 0: unknown
    bool main = false;  // main()'s own (timer_tie)
    bool computed = false;  // clock_tie: its delay was computed from a reading of the clock
    std::string call;  // the program's callback a timer calls ("hello(2)"); "": none
    std::string thread;  // the program's thread whose time.sleep() ends at that timer (timer_tie; task or
                         // main: whose pool job it runs), or that waits for a lock (thread_deadlock); "": none
    std::string holder;  // thread_deadlock: the thread holding the lock `thread` waits for (its own name: itself)
};

struct RunnerWarning {
    double t = 0.0;
    std::string kind, message;
    RunnerPlace place;
    long task = -1;
    // deadlock: the tasks that wait ("waiting", at most 5) and how many more;
    // timer_tie: the timer that ran ("ran") before one set earlier ("before");
    // clock_tie: two timers due at one instant, in the order they ran
    // ("first", "second"), one of them set from the clock (`computed`);
    // instant_tie: two set for fixed delays at different instants, due at
    // one ("first": set first, "second": set later).
    std::vector<RunnerNamed> waiting;
    long more = 0;
    std::optional<RunnerNamed> ran, before, first, second;
    // thread_deadlock: the threads of a cycle, each waiting for a lock the
    // next one holds ("thread", "call", "line", "holder"; at most 8 kept).
    std::vector<RunnerNamed> threads;
    // set_order: how many tasks the TaskGroup cancelled, or as_completed()
    // made of coroutines, or were in the set of asyncio.wait()'s or
    // asyncio.all_tasks()'s the program went through ("count"); "what":
    // "as_completed", "wait" or "all_tasks" for those; "set": "done" or
    // "pending", which of wait()'s sets.
    long count = 0;
    std::string what{};
    std::string waitSet{};
    // set_order of "what" wait_copy: the copy the program makes of wait()'s set in C ("set(done)"), which the
    // runner cannot follow.
    std::string copy{};
    // set_order of "what" set (a set of tasks the program made itself): how its order showed ("op": "cancel",
    // "gather" or "print") and the set's name in the program ("name": "background_tasks", "self.tasks").
    std::string op{};
    std::string setName{};
    // ("by_key": true) the loop went through sorted() of that set, whose key= ties for some of its tasks, which
    // sorted() keeps in the set's order.
    bool byKey = false;
    // main_swallowed_cancel: "what" is "cancel" (main() caught the CancelledError of a cancel() of it and went
    // on, told at the instant it went on past its except) or "cancel_timeout" (that request still counted when an
    // asyncio.timeout() of main()'s expired: no TimeoutError), none for an expired timeout's own cancel caught;
    // swallowed_cancel (a task's, "task"): "cancel_timeout" as main()'s, or "wait_for" (3.11's wait_for lost a
    // cancel that came as its coroutine ended); the cancel() call's line (0: not in the program's files).
    long cancelLine = 0;
    // computing: the real CPU time a program thread computed for while the virtual clock stood still
    // ("seconds"), the thread's name when it is not the event loop's ("thread"), and whether the loop's
    // thread ran main() then ("main").
    double seconds = 0.0;
    std::string thread{};
    bool main = false;
    // default_pool: a pool the program made without max_workers ("pool": "thread" or "process"; "loop": the
    // event loop's own, of asyncio.to_thread()) has "workers" workers, sized from os.cpu_count() = "cpus" (the
    // runner's --cpus, not the machine's).
    std::string pool{};
    long workers = 0;
    long cpus = 0;
    bool loop = false;
    // queue_pool: its borrowers are tasks that borrow on lanes of their own ("own"), not a lane a borrowing.
    bool own = false;
};

// A tie the virtual clock made (the runner's timer_tie, clock_tie and
// instant_tie), or an order the runner fixed where CPython's follows memory
// addresses (set_order: a TaskGroup's cancels, as_completed()'s tasks,
// asyncio.wait()'s sets): a fact of the run, not a fault of the program's.
inline bool isClockTie(std::string_view kind) {
    return kind == "timer_tie" || kind == "clock_tie" || kind == "instant_tie" || kind == "set_order";
}

// The tracer's word on what its picture draws (queue_pool: a program's Queue
// used as a pool of objects, drawn as its borrowings; pool_wait_not_drawn: a
// wait for such a pool's object the tracer could not hold back long enough to
// draw): a note, not a fault of the program's.
inline bool isPictureNote(std::string_view kind) { return kind == "queue_pool" || kind == "pool_wait_not_drawn"; }

// What the virtual clock shows otherwise than a real one (computing: a program thread computed for a while,
// which takes no virtual time; default_pool: a pool sized from the runner's os.cpu_count(), not the
// machine's): a note on the run, not a fault of the program's.
inline bool isVirtualClockNote(std::string_view kind) { return kind == "computing" || kind == "default_pool"; }

struct RunnerError {
    double t = 0.0;
    std::string exc, message, traceback;
    RunnerPlace place;
    long column = 0;
};

struct RunnerStop {
    double t = 0.0;
    std::string reason, message;
    RunnerPlace place;
};

class RunnerReport {
public:
    // One trace line (without its newline). Lines of other kinds cost a
    // short scan and nothing else. Returns whether the line was one of these.
    bool addLine(std::string_view line);

    const std::string& python() const { return python_; }          // "3.11.7", "" before meta
    const std::string& program() const { return program_; }        // meta's "program" ("" before meta)
    const std::string& executable() const { return executable_; }
    const std::string& clock() const { return clock_; }            // "virtual", "real", "" before meta
    // The CPUs the virtual runner gave the program (os.cpu_count(): the
    // default thread pool's size follows it); 0 when the meta line has none.
    long cpus() const { return cpus_; }
    // The meta line says "acquires": true (the tracer writes an `acquire`
    // line for each permit a task takes at once after its first).
    bool acquiresTold() const { return acquires_; }
    const std::vector<RunnerOutput>& outputs() const { return outputs_; }
    const std::vector<RunnerWarning>& warnings() const { return warnings_; }
    const std::optional<RunnerError>& error() const { return error_; }
    const std::optional<RunnerStop>& stopped() const { return stopped_; }
    bool hasMeta() const { return meta_; }
    // An "end" line was read: the program ended (normally, raising, in a
    // deadlock) and the runner said so.
    bool ended() const { return ended_; }
    // How the runner's process ended, from its wait status: `signal` > 0 when
    // a signal killed it, else `status` is its exit status.
    void processEnded(int status, int signal) {
        exitStatus_ = status;
        exitSignal_ = signal;
    }
    // The program began (meta) but the trace says neither "end" nor
    // "stopped": the process died without a word (see above).
    bool cutShort() const { return meta_ && !ended_ && !stopped_; }

    // The one line that tells what went wrong, naming the place:
    //   "prog.py:8: ValueError: boom"          (an exception escaped)
    //   "prog.py:2: SyntaxError: invalid syntax"
    //   "prog.py:4: stopped: a DNS lookup ... " (the runner stopped the run)
    //   "prog.py: stopped: the Python process was killed by SIGSEGV ..."
    //                                          (cutShort(): no place known)
    // "" when the program ended normally. `folder` (the program's folder as
    // the user named it) goes before a relative file name: "dir/prog.py:8".
    std::string problem(const std::string& folder = {}) const;

    // problem()'s parts, for a reader that words it in its own language.
    struct Problem {
        enum class Kind { None, Stopped, Error, CutShort } kind = Kind::None;
        std::string place;   // "prog.py:8" ("" when unknown); CutShort: the program's file, "prog.py"
        std::string reason;  // Stopped: the runner's reason ("blocking_call", ...)
        std::string text;    // Stopped: the runner's message; Error: "ValueError: boom"
        int signal = 0;      // CutShort: the signal that killed the process (0: none)
        int status = -1;     // CutShort: its exit status (-1: not told)
        // CutShort: "SIGSEGV" (or "signal 70" when it has no name).
        std::string signalName() const;
    };
    Problem problemParts(const std::string& folder = {}) const;

    // The kind named by a trace line's "ev" ("" when there is none): a
    // cheap look, not a parse.
    static std::string_view kindOf(std::string_view line);

private:
    long cpus_ = 0;
    bool acquires_ = false;
    std::string python_, executable_, program_, clock_;  // program_: meta's "program", as the runner names it
    std::vector<RunnerOutput> outputs_;
    std::vector<RunnerWarning> warnings_;
    std::optional<RunnerError> error_;
    std::optional<RunnerStop> stopped_;
    bool meta_ = false;
    bool ended_ = false;
    int exitStatus_ = -1;  // -1: not told
    int exitSignal_ = 0;
};

}  // namespace cs
