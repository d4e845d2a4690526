#pragma once
// The pitfalls a run shows, as facts of its model (no text: the app words
// and translates them, the CLI prints them as JSON): a deadlock, blocking
// calls, swallowed cancellation, per-task semaphores, tasks cancelled at
// exit, tasks left pending, service rejections, a semaphore released twice,
// lost updates, an exception escaping the collector, pool jobs that ended
// while a blocking call held the loop (where the virtual clock's timer model
// of a thread pool parts from real threads); and what a program run
// by the virtual-clock runner warned about itself (RunConfig::programWarnings). The scenario adds what
// the events do not say (which tasks forget or double a release, the limit
// kind); a recorded trace passes its stand-in (TraceFile::stubScenario).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/scenario.h"

namespace cs {

class RunModel;

struct RunWarning {
    enum class Kind : std::uint8_t {
        Deadlock,           // t: the end
        ForgottenRelease,   // task; t: its end (listed once it ended)
        BlockingCall,       // task (RunModel::kMainTask: main() itself); t: the step's start; seconds
        MoreBlockingCalls,  // count: blocking calls beyond the ones listed
        SwallowedCancel,    // task; t: its end
        SemaphorePerTask,   // value: each task's Semaphore(value); count: most tasks in flight at once
        CancelledAtExit,    // count; task, t: the first
        CancelledUnawaited, // count: tasks main() asked to cancel and did not await (ended after it); task, t: the first
        PendingAfterWait,   // count; task: the first
        Rejections,         // count, n429, n503; task, t: the first
        ReleaseTwiceCaught, // task (BoundedSemaphore raised ValueError); t: its end
        ReleaseTwiceGrew,   // task (a plain Semaphore grew); t: its end
        LostUpdates,        // value: the counter's final value; expected; t: the collector's end
        ExceptionEscaped,   // name; t: the raise
        JobEndedInBlock,    // count; task, t: the first (its thread_end after the block), seconds: how late; name "thread"/"process"
        ProgramWarning,     // the program's own (runner): name = its kind, message, file, line; task; t;
                            //   value: its index in RunConfig::programWarnings (its data)
        PrivateSemaphores,  // a recorded program's: count of its `value` semaphores and locks that one task
                            //   alone used; t: the end
        PermitsAboveLimit,  // a recorded program's one semaphore held by more tasks at once (count) than its
                            //   size (value): a release without its acquire; t: when it first was; with
                            //   several told apart (primitive >= 0), that one: its kind in name, its line
        HeldWhileWaiting,   // a recorded program's tasks (count) that held a permit of one of its primitives
                            //   (value: its number) while they waited for another's (primitive); task, t:
                            //   the first such wait; seconds: the longest
        ExtraRelease,       // a recorded program's task released its only semaphore once more than it
                            //   acquired it (RunModel::extraReleases); t: that release; value: the size
    };
    enum class Severity : std::uint8_t { Info, Warning, Error };

    Kind kind = Kind::Deadlock;
    Severity severity = Severity::Warning;
    std::int64_t task = -1;  // the task to select, if any: its lane
    std::int64_t taskId = -1;  // the id the trace and the CSV give that task (RunModel::taskId); json()'s "task"
    double t = -1.0;         // the instant to show, if any
    double seconds = 0.0;
    std::int64_t count = 0, value = 0, expected = 0, n429 = 0, n503 = 0;
    std::string name;
    std::string message, file;  // ProgramWarning
    long line = 0;              // ProgramWarning, PermitsAboveLimit: 1-based, 0 unknown
    std::int64_t primitive = -1;  // PermitsAboveLimit, HeldWhileWaiting: which of the program's Semaphores
                                  //   and Locks (0: the first made)
    bool operator==(const RunWarning&) const = default;
};

class RunWarnings {
public:
    // A cpu step longer than this freezes the loop noticeably; asyncio's
    // debug mode warns from 100 ms (loop.slow_callback_duration).
    static constexpr double kSlowCallbackSeconds = 0.1;
    // A list naming every one of 10,000 tasks helps nobody: at most this many per kind.
    static constexpr int kMaxPerKind = 5;
    // The program's own warnings are each about a line of it: more of them.
    static constexpr int kMaxProgramWarnings = 50;

    // `model` must be a full one. In a fixed order: deadlock, forgotten
    // releases, blocking calls, swallowed cancels, per-task semaphore,
    // cancelled at exit, pending, rejections, releases twice, lost updates,
    // the escaped exception, pool jobs ended in a block, a recorded program's semaphores (private ones,
    // permits above a size, a permit held while waiting for another), then the program's own warnings (at
    // most kMaxProgramWarnings, in the program's order).
    static std::vector<RunWarning> detect(const RunModel& model, const Scenario& scenario);

    // "deadlock", "forgotten_release", "blocking_call", ... (snake case of Kind).
    static const char* kindName(RunWarning::Kind k);
    static const char* severityName(RunWarning::Severity s);
    // [{"kind", "severity", "task", "t", and the kind's own fields}, ...]
    static nlohmann::ordered_json json(const std::vector<RunWarning>& warnings);
};

}  // namespace cs
