#pragma once
// One trace event: a small value (at most 16 bytes when stored column by column).
// The JSONL form is spec section 4; kinds after End are Coroscope's own
// additions (readers ignore what they do not know).
#include <cstdint>
#include <string_view>

namespace cs {

enum class EvKind : std::uint8_t {
    Created, Request, Running, Done, Failed, Cancelled,  // per task
    Result,     // arg: 1 ok, 0 not ok
    Pending,    // wait returned with this task pending
    Raise,      // arg: symbol id of the exception class; task -1
    Collected,  // task -1
    End,        // arg: Outcome; task: for Raised, the symbol of the class escaping asyncio.run (-1: the last Raise's)
    // --- extensions ---
    Limit,      // task -1, arg: new limit
    Release,    // task: releaser, arg: task woken by this release (-1: none). Permits in use
                //   = acquisitions (Running under a semaphore) - releases.
    Wake,       // task: woken waiter, arg: task whose release woke it (-1: a resize)
    CpuBegin,   // task: blocks the loop, arg: 0 (ends at CpuEnd)
    CpuEnd,
    ThreadBegin,  // task: its thread step starts in the pool
    ThreadEnd,
    Rejected,   // task: a service call answered arg (429 or 503)
    Swallowed,  // task swallowed CancelledError (the Done that follows has note "swallowed cancel")
    FailedExc,  // task: arg = symbol id of the exception class of the Failed that precedes it
    Counter,    // the shared counter's final value: arg = value, task = increments completed ("expected")
};

enum class Outcome : std::int32_t { Ok = 0, Raised = 1, Deadlock = 2 };

struct TraceEvent {
    double t = 0.0;
    std::int32_t task = -1;
    EvKind kind = EvKind::Created;
    std::int32_t arg = 0;
    bool operator==(const TraceEvent&) const = default;
};

constexpr std::string_view evName(EvKind k) {
    switch (k) {
        case EvKind::Created: return "created";
        case EvKind::Request: return "request";
        case EvKind::Running: return "running";
        case EvKind::Done: return "done";
        case EvKind::Failed: return "failed";
        case EvKind::Cancelled: return "cancelled";
        case EvKind::Result: return "result";
        case EvKind::Pending: return "pending";
        case EvKind::Raise: return "raise";
        case EvKind::Collected: return "collected";
        case EvKind::End: return "end";
        case EvKind::Limit: return "limit";
        case EvKind::Release: return "release";
        case EvKind::Wake: return "wake";
        case EvKind::CpuBegin: return "cpu_begin";
        case EvKind::CpuEnd: return "cpu_end";
        case EvKind::ThreadBegin: return "thread_begin";
        case EvKind::ThreadEnd: return "thread_end";
        case EvKind::Rejected: return "rejected";
        case EvKind::Swallowed: return "swallowed";
        case EvKind::FailedExc: return "failed_exc";
        case EvKind::Counter: return "counter";
    }
    return "?";
}

// Caller-side kinds carry no task id (their JSON line has no "task"); End
// reuses the slot for the symbol of the class escaping asyncio.run.
constexpr bool isPerTask(EvKind k) {
    // One bit test (the trace store asks for every event).
    constexpr std::uint32_t kCallerSide = (1u << static_cast<unsigned>(EvKind::Raise)) |
                                          (1u << static_cast<unsigned>(EvKind::Collected)) |
                                          (1u << static_cast<unsigned>(EvKind::End)) |
                                          (1u << static_cast<unsigned>(EvKind::Limit)) |
                                          (1u << static_cast<unsigned>(EvKind::Counter));
    static_assert(static_cast<unsigned>(EvKind::Counter) < 32, "EvKind outgrew the mask");
    return static_cast<unsigned>(k) >= 32 || ((kCallerSide >> static_cast<unsigned>(k)) & 1u) == 0;
}

constexpr bool isTerminal(EvKind k) {
    return k == EvKind::Done || k == EvKind::Failed || k == EvKind::Cancelled;
}

}  // namespace cs
