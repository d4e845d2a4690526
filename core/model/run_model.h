#pragma once
// cs::RunModel: the one place that turns a run's events into facts (see
// core/model/README.md for the contract). A TraceSink: fed live by the
// engine as events happen (append/appendBatch O(1) amortised per event,
// reset() when the run restarts) or at once from a recorded trace
// (RunModel::of(store, config)). Everything the CLI summary, the CSV and
// Chrome exports, the limit lab, the warnings and the app show about a run
// is read from here.
//
// Two modes:
//   Full         per-task facts and segments, the caller's lane, counter
//                series, hand-overs, worker lanes, counter/lock marks, and
//                every metric at any instant (metricsAt). Memory: see README.
//   MetricsOnly  spec section 5's whole-run metrics only (metrics()), with a
//                constant cost per event and 9 bytes a task (plus one
//                latency per task that ended done): sweeps and
//                `coroscope-cli run --summary`.
//   Tables       what the CSV tables read (`export --csv`): the per-task
//                facts and segments, the terminal times and done latencies,
//                the in-flight / waiting / permits-in-use series
//                (forEachCounterRow) and metrics(); none of the caller's
//                lane, hand-overs, workers, rejections, cpu blocks,
//                counter/lock, the limit, in-system, queue-depth and busy
//                series, nor metricsAt's history (it answers metrics()).
// Both modes share RunTally, so their whole-run numbers are equal by
// construction.
//
// Times: NaN ("never") for what has not happened. "At t" includes what
// happened at exactly t (the state a run stopped by runUntil(t) shows).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "model/run_config.h"
#include "model/run_metrics.h"
#include "model/run_tally.h"
#include "model/step_series.h"
#include "trace/main_job_counts.h"
#include "trace/symbols.h"
#include "trace/trace_event.h"
#include "trace/trace_sink.h"

namespace cs {

class TraceStore;

// What a task is doing at an instant (its lane's colour).
enum class TaskState : std::uint8_t {
    NotStarted,  // no event names it yet
    Queued,      // Queue limit: in the queue, no worker has taken it (enqueue -> worker)
    Arriving,    // created, before it asks for a permit (only when it later requests): a scenario's task
                 //   sleeps (its `arrive`); a recorded program's runs its own code (canHave().arrivingUnasked)
    Waiting,     // asked for a permit, not granted yet
    SlotWait,    // (a rate limit's) got its permit, sleeps until its start slot holding it: `slot_wait` -> running
    Running,     // holds its permit (or needs none): its coroutine awaits or runs
    NoPermit,    // (a recorded program's) runs on holding no permit: it gave back every one it held, or gave up
                 //   its wait (a task that never asks for one is Running)
    Thread,      // its step runs in the thread pool
    Process,     // its step runs in the process pool
    PoolWait,    // its thread or process step's job waits in the pool's queue for a free worker
    Cpu,         // it blocks the event loop (time.sleep in a coroutine)
    Frozen,      // ready to go on (its `ready` event), but another task's cpu step held the loop: until its `resumed`
    QueueGet,    // (a recorded program's Queue worker with a lane of its own) waits in get() for an item, holding
                 //   none: `get_wait` -> `get_end` (idle, not running)
    QueuePut,    // (a recorded program's producer task) waits in put() for room in a full Queue: a `put_wait`
                 //   naming it (`by`) -> that item's `enqueue` or `put_cancelled` (backpressure, not running)
    Done,
    Failed,
    Cancelled,
    Destroyed,   // (a recorded program's) garbage-collected while pending: gone, neither done, failed nor cancelled
};
// "not started", "queued", "arriving", "waiting", "slot wait", "running", "running
// without a permit", "thread", "process", "pool queue", "cpu", "frozen", "waiting in get()",
// "waiting in put()", "done", "failed", "cancelled", "destroyed".
std::string_view taskStateName(TaskState s);

// A stretch of one task's life in one state, [begin, end).
struct Segment {
    double begin;
    double end;
    TaskState state;
    bool operator==(const Segment&) const = default;
};

class RunModel final : public TraceSink {
public:
    enum class Mode : std::uint8_t { Full, MetricsOnly, Tables };
    static constexpr double kNever = std::numeric_limits<double>::quiet_NaN();
    // On a real clock (a traced program's), times this close are one moment: what one loop iteration,
    // or one step's loop over create_task, spreads over (the tracer stamps each line as it writes it).
    static constexpr double kRealClockMoment = 0.01;

    // One task's facts (Full mode). Times are the first created / request /
    // running and the terminal event's.
    struct Task {
        double created = kNever, request = kNever, running = kNever, end = kNever;
        std::int32_t parent = -1;   // the task that created it; -1: main() or not recorded
        std::int32_t exc = -1;      // Failed: symbol id of the exception class (-1: unknown)
        std::int32_t wokenBy = -1;  // whose release handed it its first permit: -1 none, -2 a resize
        std::uint32_t extraFirst = 0, extraCount = 0;  // its override segments (internal)
        EvKind endKind = EvKind::Created;              // Done / Failed / Cancelled / Destroyed once ended
        std::uint8_t bits = 0;                         // task_bits
        std::uint8_t extraCapLog2 : 6 = 0;
        // (A traced program's.) It got a permit of the program's first
        // primitive: a `running` after a request, or an `acquire` line.
        bool gotPermit : 1 = false;
        // Its first wait ended in a `gave_up`, not a permit: `running` is when
        // it went on without one.
        bool gaveUp : 1 = false;
        bool swallowed : 1 = false;  // caught CancelledError and returned normally (ended done)
        // (A traced program's.) Its open request named no primitive and came
        // before the trace named any (so it asks the first one: until a
        // program's second Semaphore or Lock exists, its first is the only
        // one), and the permits of that first one it got by such requests
        // and has not given back (at most 63 counted).
        bool earlyAsk : 1 = false;
        std::uint8_t earlyHolds : 6 = 0;

        bool seen() const { return bits != 0 || !std::isnan(created) || extraCount > 0; }
        bool ended() const { return endKind != EvKind::Created; }
    };
    static_assert(sizeof(Task) == 56, "a task's row is 56 bytes (core/model/README.md)");

    // A release that handed a permit to a waiter, and when the waiter ran.
    struct Handover {
        double t;
        std::int32_t from;  // the releaser
        std::int32_t to;    // the waiter it woke
        double toRunning;   // when `to` started running after it (NaN: not yet / never)
    };

    // The caller's (main()'s) events in trace order: result (task, arg: 1 ok),
    // pending (task), raise (arg: exception symbol), collected, returned (arg:
    // the collector call's index), counter (arg: value, task: expected), end
    // (arg: Outcome). `call`: for a result, the index of the collector call
    // that handed it over (the `returned` at the same instant before it), -1
    // when the trace does not say.
    struct CallerEvent {
        double t;
        EvKind kind;
        std::int32_t task;
        std::int32_t arg;
        std::int32_t call;
    };

    // A wait of the caller: the producer's put() of `job` into a full Queue.
    struct ProducerWait {
        double begin;
        double end;  // the job's enqueue (NaN while it waits)
        std::int32_t job;
        std::int32_t by = -1;  // the producer, a task's lane (a traced program's "by"); -1: main()
        bool cancelled = false;  // the put() was cancelled at `end`: the job never entered the queue
    };

    // A Queue worker running a job: from `worker` to the job's end.
    struct WorkerSpan {
        double begin;
        double end;  // NaN while the job runs
        std::int32_t job;
        std::int32_t worker;
    };

    // An increment step's read or write of the shared counter.
    struct CounterMark {
        double t;
        std::int32_t task;
        bool write;
        std::int64_t value;
    };

    // One task's turn at the counter's asyncio.Lock.
    struct LockSpan {
        std::int32_t task;
        double wait;  // lock_wait (NaN: it got the lock at once)
        double held;  // lock_held (NaN while it waits)
        double free;  // lock_free (NaN while it holds it)
    };

    // A loop-blocking cpu step.
    struct CpuBlock {
        double begin;
        double end;  // NaN while it blocks
        std::int32_t task;  // kMainTask: main() itself (its main_cpu_begin)
    };
    // CpuBlock::task and cpuTaskAt() for a block of main() itself (-1: none).
    static constexpr std::int32_t kMainTask = -2;

    // A thread- or process-pool job its task left running: the task ended
    // (cancelled, say: a running thread cannot be stopped), or its await of
    // the job was cancelled and it went on (thread_left), while the job ran
    // on, from that moment to the job's thread_end.
    // A real process pool's job left while it still waited in the pool's
    // queue (the Python tracer infers when a process took it) waits on
    // until `running`.
    struct JobLeftRunning {
        double begin;    // the task's end, or its thread_left
        double end;      // the job's thread_end (NaN: not yet, or never recorded)
        double running;  // when it began to run: `begin`, or later for one left waiting (NaN: not yet, or never)
        std::int32_t task;
        TaskState state;  // Thread or Process
        bool leftWaiting() const { return !(running == begin); }
    };

    // A wait for a permit whose primitive the trace names (a traced program
    // that made two or more Semaphores and Locks: its `request` lines'
    // "sem", the number of the config's `primitives`): from the request to
    // the running, or to the task's end (NaN while it waits).
    // `held`: a primitive it held a permit of meanwhile (the lowest-numbered
    // of those it got by a named request, an acquire line, or (the first
    // primitive) a request made before the trace named any, and has not
    // given back by a release that names it; -1: none, or not known: once
    // one of its releases named no primitive, what it holds is not known
    // any more).
    struct PermitWait {
        double begin;
        double end;
        std::int32_t sem;
        std::int32_t held = -1;
    };

    // A thread- or process-pool job whose end came due while a blocking call
    // held the loop: on the virtual clock (the spec's finish timer) the pool
    // learns of it only when the loop runs that timer, at `t`; real threads
    // free their worker and queue the result at once
    // (RunWarning::JobEndedInBlock says what that changes).
    struct JobEndInBlock {
        double ready;  // when its lane became ready in the block (its `ready`)
        double t;      // the job's thread_end, after the block
        std::int32_t task;
        TaskState state;  // Thread or Process
    };

    // A job main() itself handed to a pool (a traced program's main
    // coroutine: main_thread_* lines; Full mode). main() has no lane and the
    // job is no task: no count, throughput, latency or metric sees it.
    struct MainJob {
        double queued;  // its main_thread_queued: it waited in the pool's queue from then (NaN: a worker took it
                        //   at once)
        double begin;   // its main_thread_begin (NaN: not yet, or never: dropped from the queue)
        double end;     // its main_thread_end (NaN: not yet)
        bool process;   // a process pool's job
    };

    struct Rejection {
        double t;
        std::int32_t task;
        std::int32_t status;  // 429 or 503
    };

    // One instant at which a counter of the CSV/Chrome metrics changed: the
    // values after the last event of that instant.
    struct CounterRow {
        double t;
        std::int64_t inFlight, waiting, permitsInUse, completed, done;
    };

    explicit RunModel(RunConfig config = {}, Mode mode = Mode::Full);
    // A recorded run, read at once.
    static RunModel of(const TraceStore& store, RunConfig config = {}, Mode mode = Mode::Full);

    // A new configuration: forgets every event, and lets go of the memory
    // the last run's facts took (reset() keeps it for the same run again).
    void configure(RunConfig config);
    // For a model fed while its trace was read (before the trace's whole
    // config could be known): takes what the finished read adds — title,
    // names, the file's ids, the program's warnings, the task count — when
    // nothing the facts depend on differs from the config it was fed under
    // (counting rules, measured permits, tasks running from their creation).
    // False, unchanged, otherwise: the caller builds the model again.
    bool completeConfig(RunConfig whole);
    // Whether completeConfig(whole) would take it.
    bool completes(const RunConfig& whole) const;
    const RunConfig& config() const { return config_; }
    Mode mode() const { return mode_; }
    bool full() const { return mode_ == Mode::Full; }
    // Full or Tables: per-task rows, segments and the counter rows.
    bool rows() const { return mode_ != Mode::MetricsOnly; }

    // ---- TraceSink
    void append(const TraceEvent& e, const Symbols& symbols) override;
    void appendBatch(const TraceEvent* e, std::size_t n, const Symbols& symbols) override;
    // The run restarts from t = 0: forget the events, keep the configuration.
    void reset() override;
    // Changes at every reset/configure: caches built on this model start over.
    std::uint64_t generation() const { return generation_; }

    // ---- the whole run (both modes)
    std::size_t eventCount() const { return tally_.events(); }
    // Lines of the run's JSONL trace (spec section 4): the events, except the
    // swallowed-cancel marker, which is a field of the `done` line after it.
    std::size_t traceLines() const { return tally_.lines(); }
    double lastEventTime() const { return tally_.lastTime(); }
    bool ended() const { return tally_.ended(); }
    double endTime() const { return tally_.endTime(); }
    // The end event's time; before it (a live or partial run) the last event's.
    double makespan() const { return ended() ? tally_.endTime() : tally_.lastTime(); }
    Outcome outcome() const { return tally_.outcome(); }
    const std::string& outcomeText() const { return tally_.outcomeText(); }
    const Symbols& symbols() const { return symbols_; }
    const RunTally& tally() const { return tally_; }
    // Spec section 5 over the whole run so far, at t = makespan().
    RunMetrics metrics() const;
    // Nearest-rank percentile p (in (0, 100]) of the latencies of the tasks
    // that ended done after a request, so far; nullopt when there are none.
    std::optional<double> latencyPercentile(double p) const;
    // The task whose job helper task `task` runs (a traced program's
    // wait_for inner task: EvKind::Helper); -1: `task` is no helper. A
    // helper has a lane of its own, but no count of the run's: its job is
    // counted once, as its parent's, whose wait for a permit and run it
    // makes (the engine's view of a task with a timeout).
    std::int32_t helperOf(std::int32_t task) const {
        const auto it = helperOf_.find(task);
        return it == helperOf_.end() ? -1 : it->second;
    }
    std::size_t helperCount() const { return helperOf_.size(); }
    // The states the run's lanes can show (RunConfig::canHave), once it has
    // ended narrowed to those they showed (full mode): a recorded program
    // that asks for permits shows "arriving" only if a task asked after it
    // was created, and any run "waiting" only if a wait took time.
    RunConfig::CanHave canHave() const {
        RunConfig::CanHave c = config_.canHave;
        c.arrivingUnasked = !config_.tasksRequest;
        if (ended() && full()) {
            c.arrivals = c.arrivals && arrived_;
            // Waiting for a permit only if a lane showed it (a wait that took
            // no time draws nothing: a Queue's job taken, a free permit), or
            // a task still waits at the end (a deadlock).
            c.permitWaits = c.permitWaits && (waited_ || tally_.waiting() > tally_.queued());
            c.slotWaits = c.slotWaits && slotWaited_;
        }
        c.poolObjectWaits = poolObjectWaited_;
        // A wait in a Queue's get() or put(), as one for a permit: once the
        // run has ended (full mode), only if one took time (one that ended
        // where it began, as a worker's get() that the next put() serves at
        // once on the virtual clock, draws nothing); before, if one began
        // (or, for main()'s put(), if a scenario's run can make it wait).
        const bool settled = ended() && full();
        c.queueGetWaits = settled ? queueGetWaited_ : queueGetBegan_;
        c.queuePutWaits = settled ? queuePutWaited_ : c.queuePutWaits || queuePutBegan_;
        c.slotWaitHolds = c.slotWaitHolds && c.slotWaits;
        // Running without a permit: a recorded program's task that asks for
        // permits can (until the end), and did once a stretch showed it.
        c.runsWithoutPermit = tracksUnheld() && config_.canHave.permitWaits && (!ended() || !full() || ranUnheld_);
        return c;
    }
    // The lanes that are tasks of the run's own (taskCount() less the
    // helpers, the Queue workers that had lanes, the items whose put() was
    // cancelled and a pool's idle objects).
    std::size_t jobCount() const {
        return tasks_.size() - std::min(helperOf_.size() + queueWorkerCount() + cancelledPutCount() +
                                            poolObjectCount(), tasks_.size());
    }
    // Lane `task` is a Queue item whose put() was cancelled while it waited
    // for room (EvKind::PutCancelled): it never entered the queue, no task.
    std::size_t cancelledPutCount() const { return cancelledPuts_.size(); }
    bool putCancelled(std::int32_t task) const {
        return !cancelledPuts_.empty() && std::binary_search(cancelledPuts_.begin(), cancelledPuts_.end(), task);
    }
    std::size_t queueWorkerCount() const {
        return static_cast<std::size_t>(std::count(config_.queueWorkers.begin(), config_.queueWorkers.end(), 1));
    }
    bool queueWorker(std::int32_t task) const { return laneFlag(config_.queueWorkers, task); }
    // Lane `task` is an object of a traced program's Queue used as a pool,
    // never taken (RunConfig::poolObjects): no task.
    std::size_t poolObjectCount() const {
        return static_cast<std::size_t>(std::count(config_.poolObjects.begin(), config_.poolObjects.end(), 1));
    }
    // Lane `task` (a borrowing of a Queue used as a pool) waited in get()
    // for a free object of the pool: its `worker` line (the take) came
    // after its `request`, with no `enqueue` (its wait is for the object,
    // not for a permit). Known from the take on.
    bool waitedForPoolObject(std::int32_t task) const {
        return !poolObjectWaits_.empty() && poolObjectWaits_.count(task) != 0;
    }
    bool poolObject(std::int32_t task) const {
        const auto i = static_cast<std::size_t>(task);
        return i < config_.poolObjects.size() && config_.poolObjects[i] == 1;
    }
    // Lane `task`'s `enqueue` put an object in a pool, no job (RunConfig::poolObjects).
    bool pooledPut(std::int32_t task) const { return laneFlag(config_.poolObjects, task); }
    // A lane that is no task of the run's, nor a helper (whose job is its
    // parent's): a Queue's worker that had a lane, an item never put, a
    // pool's idle object.
    bool noTask(std::int32_t task) const { return queueWorker(task) || putCancelled(task) || poolObject(task); }
    // A traced program's Queue is used as a pool (the tracer's queue_pool
    // note): what takes from it borrows objects, it has no workers.
    bool queuePool() const {
        return std::any_of(config_.programWarnings.begin(), config_.programWarnings.end(),
                           [](const RunnerWarning& w) { return w.kind == "queue_pool"; });
    }

    // ---- everything below: Full mode only (empty in MetricsOnly mode; in
    // Tables mode what its line at the top names)

    // Spec section 5 at instant t (any t; at or after the last event it
    // equals metrics() extended to t), with the throughput over the window
    // (t - window, t] / min(window, t).
    RunMetrics metricsAt(double t, double window = 1.0) const;
    // Tasks that ended done in (t - window, t], / min(window, t); 0 at t <= 0.
    double throughputAt(double t, double window) const;

    // -- tasks
    std::size_t taskCount() const { return tasks_.size(); }
    const Task& task(std::size_t i) const { return tasks_[i]; }
    // The recorded name ("" when none).
    std::string_view name(std::size_t i) const;
    // The id outputs show for lane i: a trace file's own id (sparse ids get
    // dense lanes), else i.
    std::int64_t taskId(std::size_t i) const {
        return i < config_.taskIds.size() ? config_.taskIds[i] : static_cast<std::int64_t>(i);
    }
    std::string_view exceptionName(std::size_t i) const;  // "" unless failed with a known class
    // What the task is doing at t: O(log k) in its k segments.
    TaskState stateAt(std::size_t i, double t) const;
    // Its life as consecutive segments (zero-length ones dropped), in time
    // order, the open one cut at `until` (a live run's now; NaN: the last
    // event's time or the end).
    void forEachSegment(std::size_t i, const std::function<void(const Segment&)>& f, double until = kNever) const;
    std::vector<Segment> segments(std::size_t i, double until = kNever) const;
    // The state it ended in (Done/Failed/Cancelled/Destroyed), or for an
    // unfinished task the state it is in at the end of the trace.
    TaskState finalState(std::size_t i) const;
    // "ok", "swallowed cancel", the exception class of a failure ("failed"
    // when unknown), "cancelled", "destroyed"; "" while unfinished.
    std::string outcomeOf(std::size_t i) const;
    // Seconds spent waiting for a permit / running (since `running`), up to t.
    double waitedAt(std::size_t i, double t) const;
    double ranAt(std::size_t i, double t) const;
    // Seconds it spent, up to t, between its creation and its first request
    // (its end or t, if it has not asked by then): its arriving stretch.
    // A scenario's task sleeps there (its `arrive`); a recorded program's
    // (canHave().arrivingUnasked) runs its own code, which ranAt leaves out
    // (ranAt counts from `running`). 0 for a task that runs from its
    // creation (it never asks).
    double beforeAskAt(std::size_t i, double t) const;
    // Of waitedAt (request -> running, spec section 5), the seconds it spent,
    // up to t, waiting for its start slot after it got its permit (a rate
    // limit's `slot_wait` -> running): it held the permit meanwhile.
    double slotWaitedAt(std::size_t i, double t) const;
    // When task i got its permit and began to wait for its start slot (its
    // first `slot_wait`); kNever: it had no slot to wait for (yet).
    double slotWaitFrom(std::size_t i) const;
    // Of ranAt, the seconds it waited for a permit again (a traced task that
    // held one and asked another semaphore or lock), up to t.
    double waitedAgainAt(std::size_t i, double t) const;

    // -- terminal times per kind, in time order; latencies of done tasks
    const std::vector<double>& doneTimes() const { return doneT_; }
    // The highest throughputAt(t, window) for t in [from, to]: at `from` or at
    // an instant a task ended done in (from, to] (between them the rate
    // only falls), so the peak a sampled plot may step over.
    double peakThroughput(double from, double to, double window) const;
    const std::vector<double>& failedTimes() const { return failedT_; }
    const std::vector<double>& cancelledTimes() const { return cancelledT_; }
    // Garbage-collected while pending (EvKind::Destroyed): ended, but not completed.
    const std::vector<double>& destroyedTimes() const { return destroyedT_; }
    // Aligned with doneTimes(): the latency (end - request) of each done task, NaN without a request.
    const std::vector<double>& doneLatencies() const { return doneLat_; }
    std::size_t doneUpTo(double t) const;       // ended done at or before t
    std::size_t completedUpTo(double t) const;  // ended done, failed or cancelled at or before t
    std::size_t destroyedUpTo(double t) const;  // garbage-collected while pending at or before t
    std::size_t createdUpTo(double t) const;
    // Tasks created and not ended (completed or destroyed) after the last
    // event at t: arriving (asleep until they ask), waiting, in flight. O(log n).
    std::size_t aliveAt(double t) const { return createdUpTo(t) - completedUpTo(t) - destroyedUpTo(t); }

    // -- counters (step series, values after the last event of each instant)
    const StepSeries& permitsInUse() const { return permits_; }  // semaphore count, in flight, or measured
    // A traced program's first Semaphores and Locks told apart
    // (config().primitives): each one's own permits held, by its number.
    const std::vector<StepSeries>& primitiveHeld() const { return held_; }
    // And each one's size: its initial value, then as its "size" lines
    // changed it (a Semaphore(0) used as a signal: PrimitiveInfo::sizes).
    const std::vector<StepSeries>& primitiveSize() const { return sizes_; }
    const StepSeries& limit() const { return limit_; }           // empty without a limit line
    // Values the limit held for no time: each but the last of several limit
    // events at one instant (limit() keeps the last; the adaptive rule
    // halving then growing at once, on the virtual clock's ties), in order.
    struct LimitPassed {
        double t;
        std::int64_t value;
    };
    const std::vector<LimitPassed>& limitPassed() const { return limitPassed_; }
    const StepSeries& waiting() const { return waiting_; }       // request -> running, plus queued jobs
    const StepSeries& inFlight() const { return inFlight_; }     // running -> end
    const StepSeries& inSystem() const { return inSystem_; }     // request -> end (Little's L)
    const StepSeries& queueDepth() const { return queueDepth_; } // Queue limit: jobs in the queue
    // A Queue's jobs' time in the queue (`enqueue` -> a worker takes it), by
    // t: over the jobs taken, nearest-rank p50 and the longest; and how many
    // were still in the queue at t (their waits not over: not counted).
    // Spec section 5's latency starts when a worker takes a job; this is the
    // wait before it. Full mode (empty otherwise).
    struct QueueWaits {
        std::size_t taken = 0;
        std::optional<double> p50, longest;
        std::int64_t stillQueued = 0;
    };
    QueueWaits queueWaitsAt(double t) const;
    // When task i entered the queue (its `enqueue`; NaN: never, or not a
    // Queue's job). Full and Tables modes.
    double enqueuedAt(std::size_t i) const;
    const StepSeries& busyWorkers() const { return busyWorkers_; }
    const StepSeries& counterValue() const { return counterValue_; }  // increment steps' shared counter
    const StepSeries& counterWrites() const { return counterWrites_; }  // writes to it so far (increments done)
    const StepSeries& lockHolder() const { return lockHolder_; }      // task holding the counter lock, -1 none
    const StepSeries& lockWaiters() const { return lockWaiters_; }
    // Rows for the CSV metrics and the Chrome counters: every instant at
    // which in flight, waiting, permits in use or completed changed.
    void forEachCounterRow(const std::function<void(const CounterRow&)>& f) const;

    // -- the caller
    const std::vector<CallerEvent>& callerEvents() const { return caller_; }
    // Results in the order the caller received them (indices into callerEvents()).
    const std::vector<std::uint32_t>& results() const { return results_; }
    std::size_t resultsUpTo(double t) const;
    // Among the first `upTo` results, those whose task ended at the same
    // instant as the previous result's task: a tie the virtual clock makes
    // (a real clock would part the two ends by microseconds, and that could
    // swap them where results come in completion order). `first`: the index
    // of the first such result (its pair is first - 1 and first).
    // sameCall: only pairs that one collector call handed over together
    // (wait(FIRST_COMPLETED) returning two tasks a real clock would likely
    // part). Incremental, for a panel that follows a growing run: `ties`
    // counts the first ties.upTo results and is brought to `upTo` (counted
    // again from 0 when upTo is smaller).
    struct ResultTies {
        std::size_t first = 0;
        std::size_t count = 0;
        std::size_t upTo = 0;
    };
    void countResultTies(ResultTies& ties, std::size_t upTo, bool sameCall = false) const;
    ResultTies resultTies(std::size_t upTo, bool sameCall = false) const {
        ResultTies ties;
        countResultTies(ties, upTo, sameCall);
        return ties;
    }
    const std::vector<std::int32_t>& pendingTasks() const { return pending_; }
    const std::vector<ProducerWait>& producerWaits() const { return putWaits_; }
    double collectedTime() const { return collectedT_; }
    // Tasks cancelled after the collector finished (collected or raise, in
    // trace order): asyncio.run() cancelled them on its way out.
    // (Not those main() had asked to cancel and left unawaited: below.)
    std::size_t cancelledAtExit() const { return exitCancels_; }
    std::int32_t firstCancelledAtExit() const { return firstExitCancel_; }
    double firstCancelledAtExitTime() const { return firstExitCancelT_; }
    // Tasks the program's main coroutine asked to cancel and did not await
    // (the trace's `cancel_pending`, the Python tracer's): their cancel took
    // effect after main() ended, as asyncio.run() shut down.
    std::size_t cancelledUnawaited() const { return unawaitedCancels_; }
    std::int32_t firstCancelledUnawaited() const { return firstUnawaitedCancel_; }
    double firstCancelledUnawaitedTime() const { return firstUnawaitedCancelT_; }
    double raiseTime() const { return raiseT_; }
    // Whether the run says what the caller received (RunConfig::
    // collectorRecorded, or a collector line seen). False for a recorded
    // program: no result count, nor "awaiting its collector", is shown.
    bool callerRecorded() const { return config_.collectorRecorded || collectorSeen_; }
    std::string_view raisedName() const;  // "" unless an exception escaped the collector

    // -- hand-overs, rejections, cpu blocks (time order)
    const std::vector<Handover>& handovers() const { return handovers_; }
    std::size_t firstHandoverAtOrAfter(double t) const;
    const std::vector<Rejection>& rejections() const { return rejections_; }
    const std::vector<CpuBlock>& cpuBlocks() const { return cpuBlocks_; }
    // Jobs left running by their tasks, in the order the tasks left them;
    // task i's last (nullptr: none).
    const std::vector<JobLeftRunning>& jobsLeftRunning() const { return jobsLeftRunning_; }
    const JobLeftRunning* jobLeftRunning(std::size_t i) const;
    // Task i's waits that name their primitive, in time order (none for
    // most runs: the engine's, a program with one primitive; Full mode).
    const std::vector<PermitWait>& permitWaits(std::size_t i) const;
    // The named wait task i is in at t (nullptr: it does not wait then, or
    // the trace does not say for which primitive); waitingFor: its primitive
    // (-1: none).
    const PermitWait* permitWaitAt(std::size_t i, double t) const;
    std::int32_t waitingFor(std::size_t i, double t) const;
    bool hasPermitWaits() const { return !permitWaits_.empty(); }
    // (Full mode, a traced program's.) The permits task i got by a request
    // and had not given back (by a release that names none while the trace
    // names none, or names it), at its end or now: 0 when not known (a
    // release of its that named nothing after the naming). What a task
    // took at once after running (no line before the naming) is not counted.
    std::int32_t permitsHeld(std::size_t i) const;
    // A release gave back a permit its task was not known to hold: one
    // taken at once after running (no line says so), or another task's (a
    // semaphore as a signal): then what tasks hold at their end says
    // nothing of a forgotten release.
    bool strayRelease() const { return strayRelease_; }
    // The same of primitive k's permits (a traced program's told apart: a
    // stray release that named it, or one that named none).
    bool strayRelease(std::size_t k) const {
        return strayUnnamed_ || (k < static_cast<std::size_t>(kNamedPrimitives) && ((strayOf_ >> k) & 1U) != 0);
    }
    // permitsHeld(i) of primitive k alone (0..kNamedPrimitives - 1; the
    // first one's also those got before the trace named any).
    std::int32_t permitsHeld(std::size_t i, std::size_t k) const;
    // (A traced program with one Semaphore or Lock.) Releases by a task that
    // had got permits of it and held none then: its release() once more than
    // its acquire()s (in time order). That they are extra needs a trace that
    // writes every permit a task takes (RunConfig::acquiresTold): without
    // it, a permit taken at once after the first has no line.
    struct ExtraRelease {
        double t;
        std::int32_t task;
    };
    const std::vector<ExtraRelease>& extraReleases() const { return extraReleases_; }
    // Jobs whose end came due during a cpu block, in the order the loop ran
    // their finish timers.
    const std::vector<JobEndInBlock>& jobEndsInBlocks() const { return jobEndsInBlocks_; }
    // main()'s own pool jobs, by their number (the order main() handed them
    // over); how many of them run, and how many wait in their pool's queue,
    // over time (values after the last event of each instant).
    const std::vector<MainJob>& mainJobs() const { return mainJobs_; }
    const StepSeries& mainJobsRunning() const { return mainRunning_; }
    const StepSeries& mainJobsQueued() const { return mainQueued_; }
    // Whether main()'s jobs include a thread pool's (else all are a process pool's).
    bool mainJobsInThreads() const { return mainThreadJobs_; }
    // The task blocking the loop at t (kMainTask: main() itself), or -1 (an
    // open block extends to `now`).
    std::int32_t cpuTaskAt(double t, double now = kNever) const;

    // -- Queue workers, the shared counter and its lock
    const std::vector<WorkerSpan>& workerSpans() const { return workerSpans_; }
    // The span in which a worker ran job i (nullptr: no worker took it). O(spans).
    const WorkerSpan* workerSpanOf(std::size_t i) const;
    // The producer's wait to put job i into a full queue (nullptr: none). O(waits).
    const ProducerWait* producerWaitOf(std::size_t i) const;
    std::int32_t workerCount() const { return workerCount_; }
    const std::vector<CounterMark>& counterMarks() const { return counterMarks_; }
    const std::vector<LockSpan>& lockSpans() const { return lockSpans_; }
    // The final value and the increments that completed (-1: no counter event).
    std::int64_t counterFinal() const { return tally_.counterValue(); }
    std::int64_t counterExpected() const { return tally_.counterExpected(); }

    // Bytes held by the full model's per-task and per-event facts.
    std::size_t memoryBytes() const;

private:
    struct Extra {
        double begin;
        double end;  // NaN while open
        TaskState state;
    };
    // Per task, metrics-only mode: state bits and the first request time
    // (after a done end: its latency, task_bits::kTimed).
    void growLean(std::size_t i);
    void leanEvent(const TraceEvent& e);
    void fullEvent(const TraceEvent& e);
    // A Queue worker's event: whether it waited for a permit before and after it (tally_'s waiting).
    void workerWaits(bool before, bool now, double t);
    // At the end: whether a lane drew a wait in get() or put() that no get_end or put's end told (queueGetWaited_).
    void settleQueueWaits();
    void callerEvent(const TraceEvent& e);
    // A helper's wait for a permit, its permit or its giving up, made its
    // parent's too (helperOf).
    void mirrorToParent(const TraceEvent& e, std::int32_t parent);
    // step(lane, tally) for `parent`, then up its chain of helpers to the
    // task whose job it is (that one counted in tally_, the helpers on the
    // way in helperTally_), while step returns true.
    template <class Step>
    void upToJob(std::int32_t parent, Step&& step);
    // Row r's wait for a permit begins at t (counted in `tally`); whether it
    // ran before (its waiting stretch is then an override segment).
    bool beginWait(Task& r, double t, RunTally& tally);
    // Row r's wait ends at t with the permit (got) or without it (gave_up):
    // its lane runs from then (not yet counted as running: tally.running()).
    void endWait(Task& r, double t, bool got);
    void mainJobEvent(const TraceEvent& e);
    Task& row(std::int32_t task);
    void updateCounters(double t);
    // The wait in put() for room for `job` ends at t (its enqueue, or its
    // put_cancelled): its producerWaits record, and a producer task's lane (putBy_).
    void endPutWait(std::int32_t job, double t, bool cancelled);
    // The override segments of a task.
    const Extra* extrasOf(const Task& r) const { return extras_.data() + r.extraFirst; }
    Extra* openExtra(Task& r);
    void pushExtra(Task& r, double t, TaskState s);
    void closeExtra(Task& r, double t);
    // queuedAs: Thread or Process to take a job still waiting in its pool's
    // queue too (a thread_left: a real process pool's job its task gave up
    // that the pool could no longer drop); Running: only a running one.
    void leaveJob(Task& r, std::int32_t task, double t, TaskState queuedAs = TaskState::Running);
    void resume(Task& r, std::int32_t task, double t);
    TaskState createdState(const Task& r) const;
    // A RunConfig by-lane flag (runsFromCreation, queueWorkers, poolObjects) of `task`.
    static bool laneFlag(const std::vector<std::uint8_t>& byLane, std::int32_t task) {
        const auto i = static_cast<std::size_t>(task);
        return i < byLane.size() && byLane[i] != 0;
    }
    bool runsFromCreation(std::int32_t task) const { return laneFlag(config_.runsFromCreation, task); }
    TaskState baseStateAt(const Task& r, double t) const;
    std::vector<double>& leanLatencies() const;
    // A full or tables model's percentiles select in doneLat_ itself
    // (Percentile::ofUntouched: no copy of a million latencies); the last
    // few answers, until more tasks end.
    mutable std::vector<std::pair<double, std::optional<double>>> percentiles_;
    mutable std::size_t percentilesFor_ = static_cast<std::size_t>(-1);
    void copySymbols(const Symbols& symbols);
    double until(double t) const { return std::isnan(t) ? makespan() : t; }

    RunConfig config_;
    Mode mode_;
    std::uint64_t generation_ = 0;
    Symbols symbols_;
    RunTally tally_;
    // Helper tasks (helperOf) -> their parents; their own events' counts
    // go to helperTally_, which nothing reads (their lanes' state bits).
    std::unordered_map<std::int32_t, std::int32_t> helperOf_;
    RunTally helperTally_;
    bool arrived_ = false;  // a task asked for its first permit after its creation (canHave)
    bool waited_ = false;   // a lane waited for a permit for some time (canHave)
    bool slotWaited_ = false;  // a lane waited for its start slot (canHave)
    // The lanes that waited for a pool's object (waitedForPoolObject), and
    // whether such a wait took time (canHave; it sets no waited_).
    std::unordered_set<std::int32_t> poolObjectWaits_;
    bool poolObjectWaited_ = false;
    // A lane began a wait in a Queue's get() (QueueGet) / a producer's in put() (QueuePut), and such a wait
    // took time (a lane drew it: canHave, as a wait for a permit; settleQueueWaits at the end).
    bool queueGetBegan_ = false, queuePutBegan_ = false;
    bool queueGetWaited_ = false, queuePutWaited_ = false;
    // A producer task's put() waiting for room: the item's lane -> the producer's (a `put_wait` with `by`),
    // until the item's `enqueue` or `put_cancelled` ends the producer's QueuePut stretch.
    std::unordered_map<std::int32_t, std::int32_t> putBy_;

    // MetricsOnly
    std::vector<std::uint8_t> leanBits_;
    mutable std::vector<double> leanRequest_;
    mutable std::vector<double> leanLatencies_;  // gathered for percentiles during a run
    mutable bool leanLatenciesReady_ = false;
    mutable bool leanSpent_ = false;  // after the end: leanRequest_ holds the latencies
    mutable std::size_t leanPivot_ = static_cast<std::size_t>(-1);

    // Full
    std::vector<Task> tasks_;
    std::vector<Extra> extras_;
    std::vector<double> createdT_, doneT_, doneLat_, failedT_, cancelledT_, destroyedT_;
    // A Queue's jobs as workers took them (queued ones only, trace order):
    // when, and how long each had been in the queue (queueWaitsAt).
    std::vector<double> queueTakenT_, queueWait_;
    std::vector<double> enqueuedT_;  // by lane: its first `enqueue` (NaN: none), up to the last job's
    // Little's law history: the running sum of request -> end durations over
    // the terminal events of tasks that had requested, in trace order; the
    // terminal times of tasks that never requested (rare: a traced program's
    // helpers) tell how many of the terminal events up to t those are.
    std::vector<double> littleSum_, unrequestedEndT_;
    std::size_t endedRequestedUpTo(double t) const;
    std::vector<StepSeries> held_, sizes_;
    std::vector<LimitPassed> limitPassed_;
    StepSeries permits_, limit_, waiting_, inFlight_, inSystem_{true}, queueDepth_, busyWorkers_, counterValue_,
        counterWrites_, lockHolder_, lockWaiters_;
    std::int64_t holders_ = 0, busy_ = 0, depth_ = 0, lockWaiting_ = 0;
    std::vector<CallerEvent> caller_;
    std::vector<std::uint32_t> results_;
    std::vector<std::int32_t> pending_;
    std::vector<ProducerWait> putWaits_;
    std::vector<std::int32_t> cancelledPuts_;  // lanes, sorted (putCancelled)
    std::vector<Handover> handovers_;
    std::unordered_map<std::int32_t, std::uint32_t> unresolvedHandover_;  // waiter -> handover
    std::vector<Rejection> rejections_;
    std::vector<CpuBlock> cpuBlocks_;
    std::vector<JobLeftRunning> jobsLeftRunning_;
    std::vector<JobEndInBlock> jobEndsInBlocks_;
    std::vector<MainJob> mainJobs_;
    StepSeries mainRunning_, mainQueued_;
    MainJobCounts mainJobCounts_;
    bool mainThreadJobs_ = false;
    std::unordered_map<std::int32_t, std::uint32_t> jobLeftRunningOf_;  // task -> its entry
    std::unordered_map<std::int32_t, TaskState> leftWaiting_;  // task -> its left job's pool, not begun yet
    struct NamedWaits {
        std::vector<PermitWait> waits;
        std::array<std::int32_t, kNamedPrimitives> holds{};  // permits of each primitive it holds
        bool unknown = false;  // a release that named no primitive: what it holds is not known
    };
    std::unordered_map<std::int32_t, NamedWaits> permitWaits_;  // task -> its named waits
    std::int32_t releaseSemTask_ = -1, releaseSem_ = -1;  // a ReleaseSem marker, for its Release
    // The trace has named a primitive (a request's or a release's "sem", an
    // acquire line): from then on a request or release that names none is
    // not of the first (one past the numbered ones). (A written trace keeps
    // no "primitive" lines, so the naming is known from these, not from them.)
    bool named_ = false;
    bool strayRelease_ = false;
    std::uint32_t strayOf_ = 0;   // by primitive: a stray release named it (strayRelease(k))
    bool strayUnnamed_ = false;   // a stray release named no primitive
    std::vector<ExtraRelease> extraReleases_;
    void openPermitWait(std::int32_t task, double t, std::int32_t sem, bool ran);
    void closePermitWait(std::int32_t task, double t, bool got);
    bool notePermitRelease(std::int32_t task);  // false: a permit it was not known to hold
    // Tasks frozen now (between their ready and resumed).
    struct FrozenLane {
        bool resumeWaiting;  // a waiter interrupted by the block: back to waiting at its resume
        TaskState job;       // Thread or Process: it froze waiting for that pool job (else Running)
    };
    std::unordered_map<std::int32_t, FrozenLane> frozen_;
    // Running without a permit (a recorded program's: tracksUnheld). A
    // task's stretches in time order (first and last of a chain through
    // `next`; the last open, end NaN, while it runs on holding none). A task
    // that gives back its last permit is "soon" unheld (its kUnheld bit set,
    // in unheldSoon_ with that time) until the clock has moved on past it by
    // more than unheldGrace(): one that ends by then, as most do at the
    // instant they release, leaves no stretch behind.
    struct UnheldSpan {
        double begin;
        double end;
        std::uint32_t next;
    };
    static constexpr std::uint32_t kNoSpan = std::numeric_limits<std::uint32_t>::max();
    std::vector<UnheldSpan> unheld_;
    std::unordered_map<std::int32_t, std::pair<std::uint32_t, std::uint32_t>> unheldOf_;
    std::vector<std::pair<std::int32_t, double>> unheldSoon_;  // in time order, from unheldSoonHead_
    std::size_t unheldSoonHead_ = 0;
    bool ranUnheld_ = false;  // a stretch of running without a permit took time (canHave)
    // How far past a task's last release the clock must move before its
    // running without a permit is a stretch: on the virtual clock, any
    // later instant; on a real one 10 ms, since a task that ends as its
    // `async with` block does is written ended after the loop's iteration,
    // some microseconds (a busy iteration: milliseconds) after its release.
    double unheldGrace() const { return config_.realClock ? kRealClockMoment : 0.0; }
    // Whether a wait from `begin` to `end` took time, as what the run can show
    // (canHave: the timeline's key): on a real clock, more than one moment
    // (kRealClockMoment): the tracer stamps each line as it writes it, so a
    // request and the slot_wait or running its step writes next are some
    // microseconds apart, which the key listed as a wait for a permit no lane
    // showed (a hand-made rate limiter's tasks); on the virtual clock, any.
    bool tookTime(double begin, double end) const { return end - begin > unheldGrace(); }
    // (Not where kUnheld's bit is kHolding's: a shared semaphore's or a rate
    // limit's Semaphore(max_at_once)'s holders, a trace of one's too.)
    bool tracksUnheld() const {
        return rows() && !config_.tasksRequest && !config_.semaphorePermits && !config_.ratePermits;
    }
    bool hasUnheld(const Task& r, std::size_t i) const;
    bool holdsNone(const Task& r, std::int32_t task) const;
    void becameUnheld(Task& r, std::int32_t task, double t);
    // It holds a permit again, waits for one or ends: no running without one from t.
    void endUnheld(Task& r, std::int32_t task, double t);
    void settleUnheld(double now);
    // Where task r's running without a permit begins, if it does so now
    // (an open stretch, or one soon); NaN otherwise.
    double openUnheld(const Task& r, std::int32_t task) const;
    // f(begin, end) for each stretch of running without a permit of task r
    // (the open one's end NaN), in time order.
    template <class F>
    void forEachUnheld(const Task& r, std::int32_t task, F&& f) const;
    std::vector<WorkerSpan> workerSpans_;
    std::unordered_map<std::int32_t, std::uint32_t> busyJob_;  // job -> its open worker span
    std::int32_t workerCount_ = 0;
    std::vector<CounterMark> counterMarks_;
    std::vector<LockSpan> lockSpans_;
    std::unordered_map<std::int32_t, std::uint32_t> lockOf_;  // task -> its open lock span
    double collectedT_ = kNever, raiseT_ = kNever;
    // Since when a cancel is asyncio.run()'s exit's: the collector finished,
    // main() raised or returned (a recorded program's: EvKind::MainReturned),
    // in this run (kNever: none yet, or a later run's main coroutine started
    // since: EvKind::MainStarted).
    double exitingT_ = kNever;
    bool collectorSeen_ = false;  // a result, pending, returned or collected event
    std::size_t exitCancels_ = 0;
    std::int32_t firstExitCancel_ = -1;
    double firstExitCancelT_ = -1.0;
    std::unordered_set<std::int32_t> cancelPending_;  // EvKind::CancelPending's tasks
    std::size_t unawaitedCancels_ = 0;
    std::int32_t firstUnawaitedCancel_ = -1;
    double firstUnawaitedCancelT_ = -1.0;
    std::int32_t raiseExc_ = -1;
    std::int32_t lastCall_ = -1;
    double lastCallT_ = kNever;
};

}  // namespace cs
