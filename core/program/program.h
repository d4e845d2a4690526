#pragma once
// The asyncio program a scenario denotes (spec section 3), run by the
// asyncio.run()/Runner life cycle: run_until_complete(main), then close():
// cancel and await the remaining tasks, shutdown_asyncgens,
// shutdown_default_executor. A program that can make no progress is
// interrupted as Ctrl-C would interrupt asyncio.run.
#include <array>
#include <cstdint>
#include <deque>
#include <limits>
#include <unordered_map>
#include <vector>

#include "combinators/gather.h"
#include "combinators/task_group.h"
#include "combinators/wait.h"
#include "model/scenario.h"
#include "program/simulation.h"
#include "sync/lock.h"
#include "sync/queue.h"
#include "sync/semaphore.h"
#include "sync/sleep.h"
#include "task/task.h"
#include "trace/trace_sink.h"

namespace cs::detail {

class Program final : private Task::LeanDriver, private Task::StepWatcher {
public:
    Program(const Scenario& scenario, TraceSink& sink);
    ~Program();

    // Whether a task created for job `ts` under limit kind `k` runs as a lean
    // task (no coroutine frame; see leanStep). A task with a timeout never
    // does: its job runs in wait_for's inner task.
    static bool runsLean(LimitKind k, const TaskSpec& ts, const Step* steps);

    bool step();  // one loop iteration; false once the program has ended
    void runToEnd();
    bool finished() const { return phase_ == Phase::Done; }
    double now() const { return loop_.time(); }
    double nextTime() const;
    std::uint64_t iterations() const { return loop_.iterations(); }
    const Symbols& symbols() const { return symbols_; }
    LoopSnapshot snapshot() const;

private:
    enum class Phase : std::uint8_t { Main, CancelAll, AsyncGens, Executor, Done };

    // --- tracing: events go to the sink in batches, flushed when the batch
    // is full and at the end of every step (the sink has every event of a
    // step before step() returns).
    void emit(EvKind kind, std::int32_t task, std::int32_t arg = 0) { emitAt(loop_.time(), kind, task, arg); }
    void emitAt(double t, EvKind kind, std::int32_t task, std::int32_t arg = 0) {
        pending_[npending_++] = TraceEvent{t, task, kind, arg};
        if (npending_ == pending_.size()) flushEvents();
    }
    // `created` and the terminal events, which open and close a lane (the
    // scenario task's timeline; see lane_).
    void emitCreated(std::int32_t i) {
        lane_[static_cast<std::size_t>(i)] = kLaneAlive;
        emit(EvKind::Created, i);
    }
    void emitEnd(EvKind terminal, std::int32_t i) {
        lane_[static_cast<std::size_t>(i)] = kLaneEnded;
        emit(terminal, i);
    }
    // One more collector call returned to main() (docs/trace-extensions.md).
    void emitReturned() { emit(EvKind::Returned, -1, collectorCalls_++); }
    void flushEvents();
    std::array<TraceEvent, 256> pending_;
    std::size_t npending_ = 0;

    // --- the program
    Co<std::int64_t> mainCo();
    Co<void> collect();
    Co<std::int64_t> job(std::int32_t i);
    Co<void> runSteps(std::int32_t i);
    Co<void> rateEnter(std::int32_t i);
    void rateExit(std::int32_t i);
    void release(std::int32_t i, Semaphore& s);
    struct PoolAwait;
    PoolAwait threadStep(std::int32_t i, double d, bool process);
    Co<void> incrementStep(std::int32_t i, double d);
    Co<void> readSleepWrite(std::int32_t i, double d);
    void emitCollected();
    Co<void> schedulerMain();
    Co<void> serviceCall(std::int32_t i, double d);
    Co<std::int64_t> runnerInline(std::int32_t i);
    Co<std::int64_t> runnerWithTimeout(std::int32_t i);
    Ref<Task> createRunnerTask(std::int32_t i);
    Co<std::int64_t> worker(Ref<Queue> q, std::int32_t index);
    Ref<Task> createTask(Co<std::int64_t> co, std::int32_t label);
    Ref<Task> registerTask(Ref<Task> t);
    void onEnd(std::int32_t i, bool failed);
    void resize(std::int64_t n);
    std::int32_t symOf(const PyExc& e) const { return e.cls; }
    std::int32_t userExceptionSymbol(const std::string& name);
    std::int64_t afterFailure(std::int32_t i, PyExc exc);
    static void resizeCallback(RefCounted* self, Future*);
    static void poolFinish(RefCounted* self, Future*);
    static void stopCallback(RefCounted* self, Future*);
    static void noop(RefCounted*, Future*) {}
    static std::string describe(CallbackFn fn, RefCounted* self);
    // lean jobs (frame-less tasks for job()'s common case)
    enum : std::uint8_t { kLeanAcquiring = Task::kLeanStart + 1, kLeanSleeping, kLeanYielded };
    bool leanEligible(std::int32_t i) const;
    bool leanStep(Task& t) override;
    bool leanHeld(Task& t, Semaphore* s);
    void markRunning(std::int32_t i);
    void cpuStep(std::int32_t i, double d);
    Co<std::int64_t> runJobInline(std::int32_t i);

    // --- frozen tasks: `ready` / `resumed` (docs/trace-extensions.md)
    // When task i's cpu step held the loop from t0 to t1, every other lane
    // with a task that became ready meanwhile (its step or wakeup queued, or
    // a timer due by t1 that resolves the future it awaits) is frozen from
    // that moment: one `ready` per lane per frozen spell, emitted before the
    // block's cpu_end; `resumed` when a task of that lane next steps.
    // Work is done only at blocks and, while some task is marked, at steps.
    void collectReady(std::int32_t blocker, double t0, double t1);
    Task* readyTask(const Ready& r) const;
    Task* timerTask(const Handle& h) const;
    void taskSteps(Task& t) override;
    enum : std::uint8_t { kLaneNew, kLaneAlive, kLaneEnded };
    std::vector<std::uint8_t> lane_;  // per scenario task: between created and its end?
    // Tasks found ready by a block that have not stepped since, with their lane.
    std::unordered_map<Task*, std::int32_t> marked_;
    struct LaneMarks {
        bool frozen = false;           // a `ready` was emitted, no `resumed` yet
        std::vector<Task*> tasks;      // its marked tasks (a lane has at most a task and wait_for's inner one)
    };
    std::unordered_map<std::int32_t, LaneMarks> laneMarks_;
    // Marked tasks whose lane is not frozen (it was the blocker's, or it
    // resumed through its other task): frozen from the next block's start.
    std::vector<Task*> latent_;
    std::size_t readyScanned_ = 0;     // ready-queue entries (numbered by RingQueue::popped) already looked at
    std::int32_t collectorCalls_ = 0;
    void enterThread() {
        Future::setCurrentLoop(&loop_);
        Task::setLeanDriver(this);
        Task::setStepWatcher(marked_.empty() ? nullptr : this);
    }
    Co<std::int64_t> trivial() { co_return 0; }

    // --- the runner
    bool onBlockForever();
    bool stepOnce();
    void afterStop();
    void startClosePhase();
    void runUntilComplete(Future* f, Phase phase);
    void finish();

    const Scenario& sc_;
    TraceSink* sink_;
    Symbols symbols_;
    std::vector<std::int32_t> excSym_;  // scenario exception index -> symbol
    EventLoop loop_;

    // limiters
    Ref<Semaphore> sem_;          // semaphore, bounded, adaptive; rate's max_at_once
    double rateNextStart_ = 0.0;
    Ref<Semaphore> slots_;        // service.slots
    std::int64_t inside_ = 0;
    double tokens_ = 0.0, stamp_ = 0.0;
    std::int64_t successes_ = 0;
    std::vector<double> runningAt_;  // per scenario task; NaN until running

    // thread pool and process pool (virtual slots, FIFO)
    struct PoolJob;
    struct WorkerPool {
        std::int64_t maxWorkers = 1;
        std::int64_t busy = 0;
        std::deque<Ref<PoolJob>> queue;  // FIFO, waiting for a free slot
        bool process = false;
    };
    // One run_in_executor job: the future its step awaits, with what the
    // pool needs to run it.
    struct PoolJob final : Future {
        explicit PoolJob(EventLoop& loop) : Future(loop) {}
        Program* program = nullptr;
        WorkerPool* pool = nullptr;
        double d = 0.0;
        std::int32_t label = -1;
    };
    // `await job`: AwaitFuture, holding the job until the step suspends on it
    // (then the task's wait keeps it).
    struct PoolAwait {
        Ref<PoolJob> job;
        bool await_ready() const noexcept { return job->done(); }
        void await_suspend(std::coroutine_handle<> h) const { Task::current()->yieldFuture(h, job.get()); }
        std::int64_t await_resume() const { return AwaitFuture{job.get()}.await_resume(); }
    };
    WorkerPool threads_, processes_;
    void poolStart(const Ref<PoolJob>& job);

    // shared counter (increment steps)
    std::int64_t counter_ = 0;
    std::int64_t incrementsDone_ = 0;
    Ref<Lock> counterLock_;

    // aiojobs-like scheduler
    struct SchedulerState final : RefCounted {
        Program* program = nullptr;
        std::int64_t limit = 1, pendingLimit = 0, active = 0;
        std::deque<std::int32_t> pending;
        Ref<Event> room, idle;
    };
    Ref<SchedulerState> scheduler_;
    void schedulerStart(std::int32_t i);
    static void schedulerDone(RefCounted* self, Future*);

    // tasks (asyncio.all_tasks in creation order)
    std::vector<Ref<Task>> allTasks_;
    std::uint64_t taskSerial_ = 0;
    Ref<Task> mainTask_;
    Ref<Future> phaseFuture_;
    struct StopToken final : RefCounted { Program* p; };
    Ref<StopToken> stopToken_;
    Phase phase_ = Phase::Main;
    bool stopping_ = false;
    int interruptCount_ = 0;
    // The exception escaping asyncio.run(): -1 none (outcome ok),
    // kKeyboardInterrupt (outcome deadlock), else outcome raised:<class>.
    std::int32_t escaped_ = -1;
    void settleMain();
};

}  // namespace cs::detail
