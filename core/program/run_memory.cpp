#include "program/run_memory.h"

#include "program/available_memory.h"
#include "program/job.h"
#include "trace/trace_store.h"

namespace cs {

namespace {

// Measured on million-task runs (BENCHMARKS.md "Memory per task"), rounded
// up; each includes the task's share of the ready queue and the timer heap.
constexpr std::uint64_t kLeanTask = 352;        // a lean task (no coroutine frame)
constexpr std::uint64_t kCoroutineTask = 512;   // a Task with its coroutine frames
constexpr std::uint64_t kTimeoutExtra = 512;    // wait_for's inner task and its timer
constexpr std::uint64_t kPoolJob = 192;        // a thread/process step's job (all may queue for the pool)
constexpr std::uint64_t kQueuedJob = 32;        // a job in a queue limit's asyncio.Queue
constexpr std::uint64_t kBase = 4ull << 20;     // buffers beyond a loaded scenario: the trace writer, the loop

// Trace events a task writes: created/running/done and a little slack, a
// begin, an end and a wake-up per step, request/acquired/released under a
// limit, and a timeout's cancellation.
constexpr std::uint64_t kEventsPerTask = 4;
constexpr std::uint64_t kEventsPerStep = 3;
constexpr std::uint64_t kEventsOfLimit = 3;
constexpr std::uint64_t kEventsOfTimeout = 2;

// The task's thread and process steps (one job at a time: its steps run in
// turn; each may wait in the pool's queue: a thread_queued event).
std::uint64_t poolSteps(const Scenario& s, const TaskSpec& t) {
    const Step* steps = s.stepsOf(t);
    std::uint64_t n = 0;
    for (std::uint32_t k = 0; k < t.stepCount; ++k)
        n += steps[k].kind == StepKind::Thread || steps[k].kind == StepKind::Process;
    return n;
}

bool limitHasEvents(LimitKind k) { return k != LimitKind::None && k != LimitKind::Queue; }

}  // namespace

std::uint64_t RunMemory::scenarioBytes(const Scenario& s) {
    return sizeof(Scenario) + s.tasks.capacity() * sizeof(TaskSpec) + s.steps.capacity() * sizeof(Step) +
           s.title.capacity() + s.description.capacity();
}

std::uint64_t RunMemory::estimate(const Scenario& s) {
    std::uint64_t bytes = kBase + scenarioBytes(s);
    const LimitKind k = s.limit.kind;
    const std::uint64_t limitEvents = limitHasEvents(k) ? kEventsOfLimit : 0;
    for (const TaskSpec& t : s.tasks) {
        const std::uint64_t pool = poolSteps(s, t);
        // Under a queue limit a job is an index in the queue until one of
        // the few workers runs it (a timeout's task lives only while it runs).
        if (k == LimitKind::Queue)
            bytes += kQueuedJob;
        else if (detail::Jobs::runsLean(k, t, s.stepsOf(t)))
            bytes += kLeanTask;
        else
            bytes += kCoroutineTask + (t.hasTimeout() ? kTimeoutExtra : 0) + (pool > 0 ? kPoolJob : 0);
        const std::uint64_t events = kEventsPerTask + kEventsPerStep * t.stepCount + pool + limitEvents +
                                     (t.hasTimeout() ? kEventsOfTimeout : 0);
        bytes += events * TraceStore::kMaxBytesPerEvent;
    }
    return bytes;
}

std::string RunMemory::megabytes(std::uint64_t bytes) {
    constexpr std::uint64_t kMiB = 1ull << 20;
    return std::to_string((bytes + kMiB - 1) / kMiB) + " MB";
}

std::optional<std::string> RunMemory::refusal(const Scenario& s, const std::string& field,
                                              std::optional<std::uint64_t> available) {
    if (!available) return std::nullopt;
    const std::uint64_t total = estimate(s);
    // The loaded scenario is already counted out of what is available.
    const std::uint64_t more = total - scenarioBytes(s);
    if (more <= *available) return std::nullopt;
    return field + ": " + std::to_string(s.tasks.size()) + " tasks need about " + megabytes(more) +
           " more memory to run; " + megabytes(*available) + " are available";
}

std::string RunMemory::countField(bool generated) { return generated ? "generate.count" : "tasks"; }

std::optional<std::string> RunMemory::refusalHere(const Scenario& s, bool generated) {
    return refusal(s, countField(generated), AvailableMemory::bytes());
}

}  // namespace cs
