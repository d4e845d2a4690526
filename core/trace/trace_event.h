#pragma once
// One trace event: a small value (at most 16 bytes when stored column by column).
// The JSONL form is spec section 4; kinds after End are Coroscope's own
// additions (readers ignore what they do not know).
#include <cstdint>
#include <string_view>

namespace cs {

enum class EvKind : std::uint8_t {
    Created,    // arg: the parent task's id + 1 (0: created by main() or not recorded)
    Request,    // arg: which primitive it asks + 1 (0: not said; a traced program's "sem")
    Running, Done, Failed, Cancelled,  // per task
    Result,     // arg: 1 ok, 0 not ok
    Pending,    // wait returned with this task pending
    Raise,      // arg: symbol id of the exception class; task -1
    Collected,  // task -1
    End,        // arg: Outcome; task: for Raised, the symbol of the class escaping asyncio.run (-1: the last Raise's)
    // --- extensions ---
    Limit,      // task -1, arg: new limit
    Release,    // task: releaser, arg: task woken by this release (-1: none; kReleaseRefused: a
                //   BoundedSemaphore refused it, ValueError: the task leaves holding none). Permits in use
                //   = acquisitions (Running under a semaphore) - releases.
    Wake,       // task: woken waiter, arg: task whose release woke it (-1: a resize)
    CpuBegin,   // task: blocks the loop, arg: 0 (ends at CpuEnd)
    CpuEnd,
    ThreadBegin,  // task: its thread step starts in the pool (arg 1: the process pool)
    ThreadEnd,
    Rejected,   // task: a service call answered arg (429 or 503)
    Swallowed,  // task swallowed CancelledError (the Done that follows has note "swallowed cancel")
    FailedExc,  // task: arg = symbol id of the exception class of the Failed that precedes it
    Counter,    // the shared counter's final value: arg = value, task = increments completed ("expected")
    // --- extensions for the run model (docs/trace-extensions.md) ---
    Ready,      // task: ready (its step queued, or a timer resolving the future it awaits due)
                //   while another lane's cpu step held the loop; t = that moment, frozen
                //   from then until Resumed
    Enqueue,    // task: job `task` is in the Queue (the producer's put() returned)
    PutWait,    // task: the producer's put() of job `task` found the queue full and waits (arg: the producer's
                //   lane + 1 when a task with a lane put it, "by"; 0: main() or not said)
    Worker,     // task: job `task` taken from the Queue by worker arg (0-based)
    Read,       // task read the shared counter (increment step): arg = the value read
    Write,      // task wrote the shared counter back: arg = the value written
    LockWait,   // task waits for the counter's asyncio.Lock
    LockHeld,   // task holds the counter's asyncio.Lock
    LockFree,   // task released it
    Returned,   // task -1: a collector call returned to main() (arg: its index, from 0); the
                //   result events that follow at the same instant are what it handed over
    Resumed,    // task: a task of this lane, frozen since its Ready, runs again (ends the frozen time)
    MainCpuBegin,  // task -1: main() itself blocks the loop (time.sleep in the program's main
                   //   coroutine; the Python tracer and runner), until MainCpuEnd
    MainCpuEnd,
    Stopped,       // task -1: the virtual-clock runner stopped the program here (its "stopped" line:
                   //   reason, message and place are the reader's RunnerReport); the trace's last
                   //   line, no "end": the run is known up to this moment
    ThreadQueued,  // task: its thread (arg 1: process) step's job found every worker of the pool
                   //   busy and waits in its queue until its ThreadBegin (a ThreadEnd before any
                   //   ThreadBegin: the job was dropped, its future cancelled)
    ThreadLeft,    // task: it stopped awaiting its running pool job (arg 1: process), whose future
                   //   was cancelled after a worker took it: the job runs on until its ThreadEnd
    Acquire,       // task: it took a permit of primitive arg (a traced program's "sem", 0..15) that no
                   //   request of its named: a task that ran before, taking one at once (the Python
                   //   tracer, once a program has made a second Semaphore or Lock)
    ReleaseSem,    // task: the releaser; arg: which primitive the Release that follows it (same task,
                   //   same instant) gives back + 1 (a traced program's release "sem"). A marker, as
                   //   Swallowed is: not a line of its own (isMarker)
    MainThreadQueued,  // task -1: a job the program's main coroutine (main(): no lane) handed to a pool
                       //   found every worker busy and waits in its queue; arg: mainJobArg (the job's
                       //   number, dense, and its pool). A MainThreadEnd with no MainThreadBegin: dropped
    MainThreadBegin,   // task -1: a worker took main()'s job (arg: mainJobArg), until its MainThreadEnd
    MainThreadEnd,
    GaveUp,  // task: it stopped waiting for the permit it asked for, without it, and goes on (the Python
             //   tracer: `wait_for(sem.acquire(), t)` timed out): its wait ends, it runs holding none
    Helper,  // task: a helper task whose job is its parent's (the Python tracer's created with "helper":
             //   wait_for's inner task of a task's coroutine); arg: the parent's id + 1. A marker before the
             //   task's Created (isMarker). Its lane is its own; the run model counts its job once, as its
             //   parent's: no task count, end or latency of its own, and its wait for a permit is its parent's
    PutCancelled,  // task: the put() of job `task` that waited for room (its PutWait) was cancelled: the item
                   //   never entered the queue (the Python tracer). Its lane is no task: it ends the wait
    Destroyed,  // task: garbage-collected while pending (asyncio's "Task was destroyed but it is pending!"): its
                //   end, neither done, failed nor cancelled. No line of its own (fromWarning): the reader makes
                //   it of a `warning` line of kind task_destroyed_pending naming a task created and not ended,
                //   and writers write that line
    MainReturned,  // task -1: the program's main coroutine returned (the Python tracer; a recorded program's
                   //   main() has no lane): asyncio.run() cancels the tasks still pending on its way out
    MainStarted,   // task -1: a later main coroutine of the program started (the Python tracer: asyncio.run()
                   //   called again): the run before it ended, so cancels after this are not its exit's
    SlotWait,      // task: it got its permit (a rate limit's max_at_once, or none needed) and sleeps until its
                   //   start slot (max_per_second) until its Running: it holds the permit meanwhile
    CancelPending,  // task: when the program's main coroutine ended (MainReturned, or its Raise), this task had
                    //   been asked to cancel (task.cancel()) and had not ended yet: the program did not await it
                    //   (the Python tracer). Its Cancelled after that is the program's cancel, not asyncio.run()'s
    GetWait,  // task: a lane of its own (a Queue worker that had one) waits in a program's Queue's get(), the queue
              //   empty, holding no item (the Python tracer), until its GetEnd or its end
    GetEnd,   // task: its wait in get() (GetWait) ended: it took an item (the item's Worker follows), or was cancelled
};

inline constexpr std::size_t kEvKindCount = static_cast<std::size_t>(EvKind::GetEnd) + 1;

enum class Outcome : std::int32_t { Ok = 0, Raised = 1, Deadlock = 2 };

// A Release's arg when the release raised ValueError (a BoundedSemaphore at
// its bound): written "woke": -1, "refused": true (docs/trace-extensions.md).
inline constexpr std::int32_t kReleaseRefused = -2;

struct TraceEvent {
    double t = 0.0;
    std::int32_t task = -1;
    EvKind kind = EvKind::Created;
    std::int32_t arg = 0;
    bool operator==(const TraceEvent&) const = default;
};

// What each kind looks like as a JSON line (spec section 4 and Coroscope's
// extensions): its "ev" name, whether it names a task, and the key its arg
// is written under when the arg is a plain integer (nullptr: no such field,
// or a field with its own form: result's "ok", raise's "exc", end's
// "outcome", counter's "value"/"expected", thread's "pool", created's
// optional "parent"). The writer, the reader and the docs read this table.
struct EvInfo {
    std::string_view name;
    bool perTask;
    const char* argKey;
};

inline constexpr EvInfo kEvInfo[kEvKindCount] = {
    {"created", true, nullptr},       {"request", true, nullptr},      {"running", true, nullptr},
    {"done", true, nullptr},          {"failed", true, nullptr},       {"cancelled", true, nullptr},
    {"result", true, nullptr},        {"pending", true, nullptr},      {"raise", false, nullptr},
    {"collected", false, nullptr},    {"end", false, nullptr},         {"limit", false, "value"},
    {"release", true, "woke"},        {"wake", true, "by"},            {"cpu_begin", true, nullptr},
    {"cpu_end", true, nullptr},       {"thread_begin", true, nullptr}, {"thread_end", true, nullptr},
    {"rejected", true, "status"},     {"swallowed", true, nullptr},    {"failed_exc", true, nullptr},
    {"counter", false, nullptr},      {"ready", true, nullptr},        {"enqueue", true, nullptr},
    {"put_wait", true, nullptr},      {"worker", true, "worker"},      {"read", true, "value"},
    {"write", true, "value"},         {"lock_wait", true, nullptr},    {"lock_held", true, nullptr},
    {"lock_free", true, nullptr},     {"returned", false, "call"},     {"resumed", true, nullptr},
    {"main_cpu_begin", false, nullptr}, {"main_cpu_end", false, nullptr}, {"stopped", false, nullptr},
    {"thread_queued", true, nullptr}, {"thread_left", true, nullptr}, {"acquire", true, "sem"},
    {"release_sem", true, nullptr},   {"main_thread_queued", false, nullptr},
    {"main_thread_begin", false, nullptr}, {"main_thread_end", false, nullptr},
    {"gave_up", true, nullptr},       {"helper", true, nullptr},       {"put_cancelled", true, nullptr},
    {"destroyed", true, nullptr},     {"main_returned", false, nullptr}, {"main_started", false, nullptr},
    {"slot_wait", true, nullptr},     {"cancel_pending", true, nullptr}, {"get_wait", true, nullptr},
    {"get_end", true, nullptr},
};

constexpr const EvInfo& evInfo(EvKind k) { return kEvInfo[static_cast<std::size_t>(k)]; }
constexpr std::string_view evName(EvKind k) {
    return static_cast<std::size_t>(k) < kEvKindCount ? evInfo(k).name : std::string_view("?");
}

// Caller-side kinds carry no task id (their JSON line has no "task"); End
// reuses the slot for the symbol of the class escaping asyncio.run, Counter
// for the increments completed.
constexpr bool isPerTask(EvKind k) {
    // One bit test (the trace store asks for every event).
    constexpr std::uint64_t kCallerSide = [] {
        std::uint64_t m = 0;
        for (std::size_t i = 0; i < kEvKindCount; ++i)
            if (!kEvInfo[i].perTask) m |= std::uint64_t{1} << i;
        return m;
    }();
    static_assert(kEvKindCount <= 64, "EvKind outgrew the mask");
    return static_cast<unsigned>(k) >= 64 || ((kCallerSide >> static_cast<unsigned>(k)) & 1u) == 0;
}

// Kinds whose arg names another task: release's "woke" and wake's "by" hold
// its id (-1: none), created's "parent" (and its Helper marker's) and
// put_wait's "by" (the producer) its id + 1 (0: none). What must follow
// when task ids are renumbered (a trace file's sparse ids, TraceStore).
inline constexpr std::int32_t kNoTaskArg = -1;
constexpr std::int32_t taskArgBias(EvKind k) {
    switch (k) {
        case EvKind::Release:
        case EvKind::Wake: return 0;
        case EvKind::Created:
        case EvKind::Helper:
        case EvKind::PutWait: return 1;
        default: return kNoTaskArg;
    }
}

// How many of a traced program's Semaphores and Locks a request's or a
// release's "sem" can name (0 to 15: the numbers of its "primitive" lines).
inline constexpr std::int32_t kNamedPrimitives = 16;

// The engine's and the reader's markers: events that are not lines of their
// own but a field of the line after them (Swallowed: the Done's "note";
// ReleaseSem: the Release's "sem"; Helper: the Created's "helper"). Writers
// fold them into that line, and counts of a trace's events leave them out.
constexpr bool isMarker(EvKind k) {
    return k == EvKind::Swallowed || k == EvKind::ReleaseSem || k == EvKind::Helper;
}

// Kinds made of a `warning` line, not lines of their own (Destroyed: one of kind
// task_destroyed_pending with its "task"): the reader skips a line with their name, as
// any unknown kind; writers write the warning line; counts of a trace's events leave them
// out, as they leave out every warning line.
constexpr bool fromWarning(EvKind k) { return k == EvKind::Destroyed; }

// A job of main() (MainThreadQueued/Begin/End): its arg holds the job's
// number (dense: the reader numbers a file's "job" ids 0, 1, 2... in order of
// first appearance) and whether it is the process pool's ("pool": "process").
constexpr bool isMainJob(EvKind k) {
    return k == EvKind::MainThreadQueued || k == EvKind::MainThreadBegin || k == EvKind::MainThreadEnd;
}
constexpr std::int32_t mainJobArg(std::int32_t job, bool process) { return job * 2 + (process ? 1 : 0); }
constexpr std::int32_t mainJobOf(std::int32_t arg) { return arg >> 1; }
constexpr bool mainJobProcess(std::int32_t arg) { return (arg & 1) != 0; }

constexpr bool isTerminal(EvKind k) {
    return k == EvKind::Done || k == EvKind::Failed || k == EvKind::Cancelled;
}

}  // namespace cs
