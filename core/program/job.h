#pragma once
// The scenario's job (spec section 3: `job(i)` and its steps): arrive,
// request, take what the limiter gives (`async with`), run the steps
// (io, cpu, thread, process, increment, call, raise), release, and end as
// done, failed or cancelled. Also its resources: the thread and process
// pools, the shared counter and its lock, the downstream service.
//
// Two ways to run a job, with the same events, awaits and order: a
// coroutine (job()), and for its common case a frame-less state machine in
// the task itself ("lean": no arrive, no timeout, no release pitfall, a
// shared semaphore or none, only io/cpu/raise steps), so that a million
// tasks waiting for a permit cost a task and a waiter future each. The lean
// way can be switched off (EngineOptions::leanTasks); the differential suite
// runs both.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "loop/py_exc.h"
#include "model/scenario.h"
#include "program/parts.h"
#include "sync/lock.h"
#include "sync/semaphore.h"
#include "task/task.h"

namespace cs {
struct LoopSnapshot;
}

namespace cs::detail {

class Jobs final : private Task::LeanDriver {
public:
    Jobs(ProgramParts& p, bool leanTasks);

    // Whether a task created for job `ts` under limit kind `k` can run as a
    // lean task. A task with a timeout never does: its job runs in
    // wait_for's inner task.
    static bool runsLean(LimitKind k, const TaskSpec& ts, const Step* steps);

    // asyncio.create_task(runner(i)): job i, inside wait_for when it has a timeout.
    Ref<Task> createRunnerTask(std::int32_t i);
    // `await runner(i)` in a task that is no scenario task of its own (a
    // queue worker, main() of `sequential`).
    Co<std::int64_t> runJobInline(std::int32_t i);
    // main()'s last event: the shared counter's final value when the
    // scenario has increment steps (docs/format-extensions.md), then `collected`.
    void collected();

    Task::LeanDriver* leanDriver() { return this; }
    void snapshot(LoopSnapshot& s) const;

    // A run_in_executor job: the future its step awaits, with what the
    // pool needs to run it (public for the frozen lanes and the loop view).
    struct WorkerPool;
    struct PoolJob final : Future {
        explicit PoolJob(EventLoop& loop) : Future(loop) {}
        // Its task's await is cancelled (a timeout, its task cancelled): a
        // job still queued is dropped (a thread_end ends its wait), one
        // running runs on (thread_left), as the Python tracer writes them.
        bool cancel() override;
        Jobs* jobs = nullptr;
        WorkerPool* pool = nullptr;
        double d = 0.0;
        std::int32_t label = -1;
        bool started = false;
    };
    struct WorkerPool {
        std::int64_t maxWorkers = 1;
        std::int64_t busy = 0;
        std::deque<Ref<PoolJob>> queue;  // FIFO, waiting for a free slot
        bool process = false;
    };
    static void poolFinish(RefCounted* self, Future*);

private:
    Co<std::int64_t> job(std::int32_t i);
    Co<std::int64_t> runnerWithTimeout(std::int32_t i);
    Co<std::int64_t> runnerInline(std::int32_t i);
    Co<void> runSteps(std::int32_t i);
    void markRunning(std::int32_t i);
    void cpuStep(std::int32_t i, double d);
    struct PoolAwait;
    PoolAwait threadStep(std::int32_t i, double d, bool process);
    void poolStart(const Ref<PoolJob>& job);
    Co<void> incrementStep(std::int32_t i, double d);
    Co<void> readSleepWrite(std::int32_t i, double d);
    Co<void> serviceCall(std::int32_t i, double d);
    std::int64_t afterFailure(std::int32_t i, PyExc exc);
    void release(std::int32_t i, Semaphore& s);
    std::int32_t userExceptionSymbol(const std::string& name);

    // lean jobs
    enum : std::uint8_t { kLeanAcquiring = Task::kLeanStart + 1, kLeanSleeping, kLeanYielded };
    bool leanEligible(std::int32_t i) const;
    bool leanStep(Task& t) override;
    bool leanHeld(Task& t, Semaphore* s);

    ProgramParts& p_;
    const Scenario& sc_;
    TraceOut& out_;
    EventLoop& loop_;
    Limiter* limiter_;
    bool lean_;
    Semaphore* leanSem_ = nullptr;        // the shared semaphore a lean job acquires, if any
    std::vector<std::int32_t> excSym_;  // scenario exception index -> symbol

    // thread pool and process pool (virtual slots, FIFO)
    WorkerPool threads_, processes_;

    // shared counter (increment steps)
    std::int64_t counter_ = 0;
    std::int64_t incrementsDone_ = 0;
    Ref<Lock> counterLock_;

    // the downstream service (call steps)
    Ref<Semaphore> slots_;
    std::int64_t inside_ = 0;
    double tokens_ = 0.0, stamp_ = 0.0;
};

}  // namespace cs::detail
