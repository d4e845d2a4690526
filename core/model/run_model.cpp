#include "model/run_model.h"

#include <algorithm>
#include <iterator>
#include <numeric>

#include "loop/pool.h"
#include "model/percentile.h"
#include "trace/trace_store.h"

namespace cs {

using namespace task_bits;

// (A recorded program's task, Full or Tables mode: it runs without a permit,
// now or from this instant on.) kHolding's bit, which only a shared
// semaphore's run and a rate limit's with max_at_once (a scenario's, or a
// trace's that says so: RunConfig::ratePermits) use.
constexpr std::uint8_t kUnheld = kHolding;

namespace {

bool happened(double t) { return !std::isnan(t); }

std::size_t countUpTo(const std::vector<double>& v, double t) {
    return static_cast<std::size_t>(std::upper_bound(v.begin(), v.end(), t) - v.begin());
}

TaskState terminalState(EvKind k) {
    switch (k) {
        case EvKind::Done: return TaskState::Done;
        case EvKind::Failed: return TaskState::Failed;
        case EvKind::Destroyed: return TaskState::Destroyed;
        default: return TaskState::Cancelled;
    }
}

}  // namespace

std::string_view taskStateName(TaskState s) {
    switch (s) {
        case TaskState::NotStarted: return "not started";
        case TaskState::Queued: return "queued";
        case TaskState::Arriving: return "arriving";
        case TaskState::Waiting: return "waiting";
        case TaskState::SlotWait: return "slot wait";
        case TaskState::Running: return "running";
        case TaskState::NoPermit: return "running without a permit";
        case TaskState::Thread: return "thread";
        case TaskState::Process: return "process";
        case TaskState::PoolWait: return "pool queue";
        case TaskState::Cpu: return "cpu";
        case TaskState::Frozen: return "frozen";
        case TaskState::QueueGet: return "waiting in get()";
        case TaskState::QueuePut: return "waiting in put()";
        case TaskState::Done: return "done";
        case TaskState::Failed: return "failed";
        case TaskState::Cancelled: return "cancelled";
        case TaskState::Destroyed: return "destroyed";
    }
    return "?";
}

RunModel::RunModel(RunConfig config, Mode mode) : mode_(mode) { configure(std::move(config)); }

RunModel RunModel::of(const TraceStore& store, RunConfig config, Mode mode) {
    RunModel m(std::move(config), mode);
    // Batches of one chunk's worth: appendBatch's per-batch checks amortise.
    std::vector<TraceEvent> batch;
    batch.reserve(4096);
    for (std::size_t i = 0; i < store.size(); ++i) {
        batch.push_back(store.at(i));
        if (batch.size() == batch.capacity()) {
            m.appendBatch(batch.data(), batch.size(), store.symbols());
            batch.clear();
        }
    }
    m.appendBatch(batch.data(), batch.size(), store.symbols());
    return m;
}

void RunModel::configure(RunConfig config) {
    if (generation_ != 0) {
        // Another run: the last one's rows and series go with their
        // capacity (reset() keeps it for the same run played again; a
        // million-task trace's 172 MB stayed with a small scenario after it).
        RunModel fresh(RunConfig{}, mode_);
        fresh.generation_ = generation_;
        *this = std::move(fresh);
    }
    config_ = std::move(config);
    const auto byTime = [](const PermitSample& a, const PermitSample& b) { return a.t < b.t; };
    std::stable_sort(config_.permits.begin(), config_.permits.end(), byTime);
    for (PrimitiveInfo& p : config_.primitives) {
        std::stable_sort(p.held.begin(), p.held.end(), byTime);
        std::stable_sort(p.sizes.begin(), p.sizes.end(), byTime);
    }
    reset();
}

bool RunModel::completes(const RunConfig& whole) const {
    const auto running = [](const std::vector<std::uint8_t>& v) {
        return std::find(v.begin(), v.end(), std::uint8_t{1}) != v.end();
    };
    // (semaphoresMade decides whether limit events count: known at the end.)
    return whole.semaphorePermits == config_.semaphorePermits && whole.ratePermits == config_.ratePermits &&
           whole.realClock == config_.realClock &&
           whole.initialLimit == config_.initialLimit &&
           whole.tasksRequest == config_.tasksRequest && whole.semaphoresMade == config_.semaphoresMade &&
           whole.permits.empty() && config_.permits.empty() && whole.primitives.empty() &&
           config_.primitives.empty() &&
           !running(whole.runsFromCreation) && !running(config_.runsFromCreation) && !running(whole.queueWorkers) &&
           !running(config_.queueWorkers) && !running(whole.poolObjects) && !running(config_.poolObjects) &&
           whole.tasks >= tasks_.size();
}

bool RunModel::completeConfig(RunConfig whole) {
    if (!completes(whole)) return false;
    if (rows() && whole.tasks > tasks_.size()) tasks_.resize(whole.tasks);  // lanes no per-task line named
    config_ = std::move(whole);
    return true;
}

void RunModel::reset() {
    ++generation_;
    symbols_ = Symbols{};
    tally_ = RunTally{};
    helperOf_.clear();
    helperTally_ = RunTally{};
    arrived_ = false;
    waited_ = false;
    slotWaited_ = false;
    poolObjectWaits_.clear();
    poolObjectWaited_ = false;
    queueGetBegan_ = queuePutBegan_ = queueGetWaited_ = queuePutWaited_ = false;
    putBy_.clear();
    leanBits_ = {};
    leanRequest_ = {};
    leanLatencies_ = {};
    leanLatenciesReady_ = leanSpent_ = false;
    leanPivot_ = Percentile::kNoPivot;
    percentiles_ = {};
    percentilesFor_ = static_cast<std::size_t>(-1);

    tasks_.assign(rows() ? config_.tasks : 0, Task{});
    extras_.clear();
    createdT_.clear();
    doneT_.clear();
    doneLat_.clear();
    failedT_.clear();
    cancelledT_.clear();
    destroyedT_.clear();
    queueTakenT_.clear();
    queueWait_.clear();
    enqueuedT_.clear();
    littleSum_.clear();
    unrequestedEndT_.clear();
    for (StepSeries* s : {&permits_, &limit_, &waiting_, &inFlight_, &inSystem_, &queueDepth_, &busyWorkers_,
                          &counterValue_, &counterWrites_, &lockHolder_, &lockWaiters_})
        s->clear();
    holders_ = busy_ = depth_ = lockWaiting_ = 0;
    caller_.clear();
    results_.clear();
    pending_.clear();
    putWaits_.clear();
    cancelledPuts_.clear();
    handovers_.clear();
    unresolvedHandover_.clear();
    rejections_.clear();
    cpuBlocks_.clear();
    jobsLeftRunning_.clear();
    jobEndsInBlocks_.clear();
    mainJobs_.clear();
    mainRunning_.clear();
    mainQueued_.clear();
    mainJobCounts_ = MainJobCounts{};
    mainThreadJobs_ = false;
    held_.clear();
    sizes_.clear();
    jobLeftRunningOf_.clear();
    leftWaiting_.clear();
    permitWaits_.clear();
    limitPassed_.clear();
    releaseSemTask_ = releaseSem_ = -1;
    named_ = strayRelease_ = strayUnnamed_ = false;
    strayOf_ = 0;
    extraReleases_.clear();
    frozen_.clear();
    unheld_.clear();
    unheldOf_.clear();
    unheldSoon_.clear();
    unheldSoonHead_ = 0;
    ranUnheld_ = false;
    workerSpans_.clear();
    busyJob_.clear();
    workerCount_ = 0;
    counterMarks_.clear();
    lockSpans_.clear();
    lockOf_.clear();
    collectedT_ = raiseT_ = exitingT_ = kNever;
    collectorSeen_ = false;
    exitCancels_ = 0;
    firstExitCancel_ = -1;
    firstExitCancelT_ = -1.0;
    cancelPending_.clear();
    unawaitedCancels_ = 0;
    firstUnawaitedCancel_ = -1;
    firstUnawaitedCancelT_ = -1.0;
    raiseExc_ = -1;
    lastCall_ = -1;
    lastCallT_ = kNever;
    if (rows()) {
        // The counters start at 0 with the run; the limit line at its initial value.
        waiting_.set(0.0, 0);
        inFlight_.set(0.0, 0);
        if (full()) inSystem_.set(0.0, 0);
        if (config_.permits.empty())
            permits_.set(0.0, 0);
        else
            for (const PermitSample& p : config_.permits) permits_.set(p.t, p.value);
        held_.assign(config_.primitives.size(), StepSeries{});
        for (std::size_t k = 0; k < held_.size(); ++k) {
            held_[k].set(0.0, 0);
            for (const PermitSample& p : config_.primitives[k].held) held_[k].set(p.t, p.value);
        }
        sizes_.assign(config_.primitives.size(), StepSeries{});
        for (std::size_t k = 0; k < sizes_.size(); ++k) {
            sizes_[k].set(0.0, config_.primitives[k].size);
            for (const PermitSample& p : config_.primitives[k].sizes) sizes_[k].set(p.t, p.value);
        }
        if (full() && config_.initialLimit >= 0) limit_.set(0.0, config_.initialLimit);
    }
}

void RunModel::copySymbols(const Symbols& symbols) {
    // Ids are positions: copying the names we lack keeps them equal.
    for (std::size_t i = symbols_.size(); i < symbols.size(); ++i)
        symbols_.add(symbols.name(static_cast<std::int32_t>(i)));
}

// ---------------------------------------------------------------- metrics-only

void RunModel::growLean(std::size_t i) {
    // Geometric, like the vectors' capacity: one call per doubling, not per task.
    const std::size_t n = std::max(i + 1, leanBits_.size() * 2);
    detail::reserveHuge(leanBits_, n);
    detail::reserveHuge(leanRequest_, n);
    leanBits_.resize(n, 0);
    leanRequest_.resize(n, kNever);
}

template <class Step>
void RunModel::upToJob(std::int32_t parent, Step&& step) {
    // (At most one step a helper: a bad file's helpers may name each other.)
    std::size_t steps = helperOf_.size();
    for (std::int32_t at = parent; at >= 0 && steps-- > 0;) {
        const std::int32_t up = helperOf(at);
        if (!step(at, up < 0 ? tally_ : helperTally_)) break;
        at = up;
    }
}

// The per-task part of a metrics-only append: the task's columns exist.
inline void RunModel::leanEvent(const TraceEvent& e) {
    const auto i = static_cast<std::size_t>(e.task);
    std::uint8_t& bits = leanBits_[i];
    // A helper's job is its parent's (helperOf): its own events count
    // nowhere; nor do a Queue worker's (RunConfig::queueWorkers).
    std::int32_t parent = -1;
    if (!helperOf_.empty()) [[unlikely]]
        parent = helperOf(e.task);
    const bool worker = queueWorker(e.task);
    const bool counted = parent < 0 && !worker;
    RunTally& tally = counted ? tally_ : helperTally_;
    const bool workerWaited = worker && (bits & kWaiting);
    switch (e.kind) {
        case EvKind::Created:
            tally.created(bits);
            if (runsFromCreation(e.task)) tally.running(bits);
            break;
        case EvKind::Request: tally.request(bits, e.t, leanRequest_[i]); break;
        case EvKind::Running: tally.running(bits); break;
        case EvKind::GaveUp:
            if (bits & kWaiting) tally.running(bits);
            break;
        case EvKind::Destroyed:
            tally_.marker();  // (a warning line's: no line of the events)
            tally.terminal(bits, e.kind, e.t, leanRequest_[i]);
            break;
        case EvKind::Done:
        case EvKind::Failed:
        case EvKind::Cancelled: {
            const double latency = tally.terminal(bits, e.kind, e.t, leanRequest_[i]);
            if (!std::isnan(latency) && counted) {
                // The request time is spent: its slot keeps the latency.
                leanRequest_[i] = latency;
                bits |= kTimed;
                leanLatenciesReady_ = false;
            }
            break;
        }
        case EvKind::Enqueue:
            if (!pooledPut(e.task)) tally.enqueue(bits);  // (an object put in a pool: no job)
            break;
        case EvKind::Worker: tally.worker(bits); break;
        default: break;
    }
    // A Queue worker's own lane counts nowhere but in waiting (workerWaits).
    if (worker && workerWaited != ((bits & kWaiting) != 0)) [[unlikely]]
        tally_.workerWaits(workerWaited ? -1 : 1);
    // Its wait and run are its parent's, up to the task whose job it is (a
    // parent that ended counts nothing more): mirrorToParent's rule.
    if (parent < 0) return;
    upToJob(parent, [&](std::int32_t at, RunTally& counts) {
        if (static_cast<std::size_t>(at) >= leanBits_.size()) return false;
        std::uint8_t& of = leanBits_[static_cast<std::size_t>(at)];
        if (of & kEnded) return false;
        if (e.kind == EvKind::Request)
            counts.request(of, e.t, leanRequest_[static_cast<std::size_t>(at)]);
        else if (e.kind == EvKind::Running || (e.kind == EvKind::GaveUp && (of & kWaiting)))
            counts.running(of);
        else
            return false;
        return true;
    });
}

// Kinds whose per-task column a metrics-only model reads.
constexpr bool leanPerTask(EvKind k) {
    return k <= EvKind::Cancelled || k == EvKind::Enqueue || k == EvKind::Worker || k == EvKind::GaveUp ||
           k == EvKind::Destroyed;
}

// ---------------------------------------------------------------- appending

void RunModel::append(const TraceEvent& e, const Symbols& symbols) { appendBatch(&e, 1, symbols); }

void RunModel::appendBatch(const TraceEvent* e, std::size_t n, const Symbols& symbols) {
    if (n == 0) return;
    if (symbols.size() != symbols_.size()) [[unlikely]]
        copySymbols(symbols);
    if (mode_ == Mode::MetricsOnly) {
        // The hot path of sweeps and `run --summary`: grow the columns once
        // per batch, then one switch per event.
        std::int32_t top = -1;
        for (std::size_t k = 0; k < n; ++k)
            if (leanPerTask(e[k].kind) && e[k].task > top) top = e[k].task;
        if (top >= 0 && static_cast<std::size_t>(top) >= leanBits_.size() && !leanSpent_)
            growLean(static_cast<std::size_t>(top));
        for (std::size_t k = 0; k < n; ++k) {
            const TraceEvent& ev = e[k];
            tally_.at(ev.t);
            tally_.countEvent();
            if (ev.task >= 0 && leanPerTask(ev.kind)) {
                if (!leanSpent_) leanEvent(ev);
            } else {
                switch (ev.kind) {
                    case EvKind::Swallowed:
                        tally_.swallowed();
                        tally_.marker();
                        break;
                    case EvKind::ReleaseSem: tally_.marker(); break;
                    case EvKind::Helper:
                        if (ev.task >= 0 && ev.arg > 0) helperOf_[ev.task] = ev.arg - 1;
                        tally_.marker();
                        break;
                    case EvKind::Raise: tally_.raise(ev.arg, symbols_); break;
                    case EvKind::End: tally_.end(ev, symbols_); break;
                    case EvKind::Counter: tally_.counter(ev.arg, ev.task); break;
                    default: break;
                }
            }
        }
        return;
    }
    for (std::size_t k = 0; k < n; ++k) {
        const TraceEvent& ev = e[k];
        tally_.at(ev.t);
        tally_.countEvent();
        // The clock moved on: who gave back their last permit before and
        // lives on runs without one from then (also up to the run's end).
        if (unheldSoonHead_ < unheldSoon_.size() && ev.t > unheldSoon_[unheldSoonHead_].second + unheldGrace())
            settleUnheld(ev.t);
        if (isPerTask(ev.kind) && ev.task >= 0)
            fullEvent(ev);
        else
            callerEvent(ev);
    }
}

// ---------------------------------------------------------------- full mode

RunModel::Task& RunModel::row(std::int32_t task) {
    const auto i = static_cast<std::size_t>(task);
    if (i >= tasks_.size()) {
        if (i >= tasks_.capacity()) tasks_.reserve(std::max(i + 1, tasks_.capacity() * 2));
        tasks_.resize(i + 1);
    }
    return tasks_[i];
}

RunModel::Extra* RunModel::openExtra(Task& r) {
    if (r.extraCount == 0) return nullptr;
    Extra& x = extras_[r.extraFirst + r.extraCount - 1];
    return std::isnan(x.end) ? &x : nullptr;
}

void RunModel::closeExtra(Task& r, double t) {
    Extra* x = openExtra(r);
    if (!x) return;
    if (t > x->begin)
        x->end = t;
    else
        --r.extraCount;  // zero-length: never shown
}

void RunModel::pushExtra(Task& r, double t, TaskState s) {
    // A task that ended takes no other state (a hand-made file's step line
    // after its end).
    if (r.bits & kEnded) return;
    closeExtra(r, t);
    const std::size_t cap = r.extraCount == 0 ? 0 : std::size_t{1} << r.extraCapLog2;
    if (r.extraCount == 0) {
        // A fresh block of one at the end of the arena.
        r.extraFirst = static_cast<std::uint32_t>(extras_.size());
        r.extraCapLog2 = 0;
        extras_.push_back({});
    } else if (r.extraCount == cap) {
        if (r.extraFirst + cap == extras_.size()) {
            // Its block is the arena's last: grow it in place.
            extras_.resize(extras_.size() + cap);
        } else {
            // Move it to the end with twice the room (amortised O(1); the
            // old block is left unused: at most as much as is in use).
            const auto first = static_cast<std::uint32_t>(extras_.size());
            extras_.resize(extras_.size() + 2 * cap);
            std::copy_n(extras_.begin() + r.extraFirst, r.extraCount, extras_.begin() + first);
            r.extraFirst = first;
        }
        ++r.extraCapLog2;
    }
    extras_[r.extraFirst + r.extraCount++] = {t, kNever, s};
}

void RunModel::leaveJob(Task& r, std::int32_t task, double t, TaskState queuedAs) {
    // A thread or process job left running (a running thread cannot be
    // stopped) reports its end later: the model keeps it beside the lane.
    const Extra* x = openExtra(r);
    if (!x) return;
    TaskState job = x->state;
    const bool waiting = job == TaskState::PoolWait;  // (its thread_begin, if any, comes later)
    if (waiting && queuedAs != TaskState::Running) job = queuedAs;
    if (job != TaskState::Thread && job != TaskState::Process) return;
    if (full()) {
        jobLeftRunningOf_[task] = static_cast<std::uint32_t>(jobsLeftRunning_.size());
        jobsLeftRunning_.push_back(JobLeftRunning{t, kNever, waiting ? kNever : t, task, job});
    }
    if (waiting) leftWaiting_[task] = job;
    closeExtra(r, t);
}

void RunModel::resume(Task& r, std::int32_t task, double t) {
    // The loop runs the task again at t: its frozen time ends (a waiter
    // interrupted by the block goes back to waiting).
    const auto it = frozen_.find(task);
    if (it == frozen_.end()) return;
    const bool resumeWaiting = it->second.resumeWaiting;
    frozen_.erase(it);
    Extra* x = openExtra(r);
    if (!x || x->state != TaskState::Frozen) return;
    closeExtra(r, t);
    if (resumeWaiting) pushExtra(r, t, TaskState::Waiting);
}

void RunModel::endPutWait(std::int32_t job, double t, bool cancelled) {
    // The producer whose put() of `job` waited for room goes on: its wait's
    // record (producerWaits: main()'s, drawn on its caller row, or a task's)
    for (auto it = putWaits_.rbegin(); it != putWaits_.rend(); ++it)
        if (it->job == job && std::isnan(it->end)) {
            it->end = t;
            it->cancelled = cancelled;
            if (it->by < 0) queuePutWaited_ = queuePutWaited_ || tookTime(it->begin, t);
            break;
        }
    // and a producer task's lane (putBy_).
    if (putBy_.empty()) return;
    const auto it = putBy_.find(job);
    if (it == putBy_.end()) return;
    Task& by = row(it->second);
    putBy_.erase(it);
    if (Extra* x = openExtra(by); x && x->state == TaskState::QueuePut) {
        queuePutWaited_ = queuePutWaited_ || tookTime(x->begin, t);
        closeExtra(by, t);
    }
}

void RunModel::settleQueueWaits() {
    // (Once, at the end, of a run whose get() or put() waits ended where they
    // began as far as their own lines told: one its task's end cut short, or
    // still open at the end, is drawn if it took time.)
    if (!rows() || ((queueGetWaited_ || !queueGetBegan_) && (queuePutWaited_ || !queuePutBegan_))) return;
    // main()'s put() still waiting at the end (a deadlock): drawn up to the end.
    for (const ProducerWait& w : putWaits_)
        queuePutWaited_ = queuePutWaited_ || (w.by < 0 && std::isnan(w.end) && tookTime(w.begin, endTime()));
    for (std::size_t i = 0; i < tasks_.size(); ++i) {
        if (tasks_[i].extraCount == 0) continue;
        forEachSegment(i, [&](const Segment& s) {
            queueGetWaited_ = queueGetWaited_ || (s.state == TaskState::QueueGet && tookTime(s.begin, s.end));
            queuePutWaited_ = queuePutWaited_ || (s.state == TaskState::QueuePut && tookTime(s.begin, s.end));
        });
    }
}

void RunModel::updateCounters(double t) {
    waiting_.set(t, tally_.waiting());
    inFlight_.set(t, tally_.inFlight());
    if (full()) inSystem_.set(t, tally_.inSystem());
    if (config_.permits.empty())
        permits_.set(t, config_.semaphorePermits || config_.ratePermits ? holders_ : tally_.inFlight());
}

bool RunModel::beginWait(Task& r, double t, RunTally& tally) {
    const bool again = (r.bits & kRan) != 0 && !(r.bits & kEnded);
    if (!(r.bits & kRequested) && tookTime(r.created, t)) arrived_ = true;  // (it was arriving)
    tally.request(r.bits, t, r.request);
    // A request after running (a traced task acquiring again): a waiting
    // stretch inside its running life.
    if (again) pushExtra(r, t, TaskState::Waiting);
    return again;
}

void RunModel::endWait(Task& r, double t, bool got) {
    if (!happened(r.running)) {
        r.running = t;
        r.gaveUp = !got;
        // (Its lane showed the wait; a rate limit's wait for its start slot,
        // holding its permit, is no wait for a permit.)
        const Extra* x = openExtra(r);
        if (tookTime(r.request, x && x->state == TaskState::SlotWait ? x->begin : t)) waited_ = true;
    }
    // (A frozen task is resumed before it runs; a trace without the resumed
    // ends the frozen time here.)
    if (Extra* x = openExtra(r); x && (x->state == TaskState::Waiting || x->state == TaskState::Frozen ||
                                       x->state == TaskState::SlotWait)) {
        if (x->state == TaskState::Waiting && tookTime(x->begin, t)) waited_ = true;
        closeExtra(r, t);
    }
}

// A helper's wait for a permit, and its end, are its parent's: the parent
// awaits the helper, which waits for the permit (as a scenario's task with a
// timeout does in the engine: spec section 3). The lane and the counts
// follow; what the parent holds does not (the helper takes and gives back
// its permits).
void RunModel::mirrorToParent(const TraceEvent& e, std::int32_t parent) {
    if (e.kind != EvKind::Request && e.kind != EvKind::Running && e.kind != EvKind::GaveUp) return;
    const std::int32_t wokenBy = row(e.task).wokenBy;
    // Each lane on the way waits and runs as the helper does; only the task
    // whose job it is counts (a helper's parent may be a helper too: wait_for
    // inside a coroutine run by wait_for).
    upToJob(parent, [&](std::int32_t at, RunTally& tally) {
        Task& p = row(at);
        if (p.bits & kEnded) return false;
        if (e.kind == EvKind::Request) {
            beginWait(p, e.t, tally);
        } else if (e.kind == EvKind::Running || (p.bits & kWaiting)) {
            // Whose release handed the helper its permit handed the job its permit.
            if (e.kind == EvKind::Running && !(p.bits & kRan) && p.wokenBy == -1) p.wokenBy = wokenBy;
            endWait(p, e.t, e.kind == EvKind::Running);
            tally.running(p.bits);
        } else {
            return false;
        }
        return true;
    });
    updateCounters(e.t);
}

void RunModel::fullEvent(const TraceEvent& e) {
    const double t = e.t;
    Task& r = row(e.task);
    // A helper's job is its parent's (helperOf): its own events draw its
    // lane and count nowhere; its wait and run are its parent's too. A
    // Queue worker's (RunConfig::queueWorkers) draw its lane and count
    // nowhere.
    std::int32_t parent = -1;
    if (!helperOf_.empty()) [[unlikely]]
        parent = helperOf(e.task);
    const bool worker = queueWorker(e.task);
    const bool counted = parent < 0 && !worker;
    RunTally& tally = counted ? tally_ : helperTally_;
    const bool workerWaited = worker && (r.bits & kWaiting);
    switch (e.kind) {
        case EvKind::Created:
            if (!happened(r.created)) {
                r.created = t;
                if (full() && counted) createdT_.push_back(t);
            }
            if (e.arg > 0 && r.parent < 0) r.parent = e.arg - 1;
            tally.created(r.bits);
            if (runsFromCreation(e.task)) {
                // It never asks for a permit: it runs, and is in flight, from now.
                r.running = t;
                tally.running(r.bits);
                updateCounters(t);
            }
            break;
        case EvKind::Helper:
            if (e.arg > 0) helperOf_[e.task] = e.arg - 1;
            tally_.marker();
            break;
        case EvKind::Request: {
            const bool again = beginWait(r, t, tally);
            if (r.bits & kUnheld) endUnheld(r, e.task, t);  // it waits now (a release and a request at one instant)
            if (e.arg != 0) named_ = true;
            if (e.arg > 0 && rows()) openPermitWait(e.task, t, e.arg - 1, again);  // (holdsNone reads them)
            r.earlyAsk = e.arg == 0 && !named_;
            updateCounters(t);
            break;
        }
        case EvKind::Running:
        case EvKind::GaveUp: {
            // A gave_up ends a wait as a running does, without the permit:
            // the task goes on holding none.
            const bool got = e.kind == EvKind::Running;
            if ((r.bits & kEnded) || (!got && !(r.bits & kWaiting))) break;
            if (waitedForPoolObject(e.task)) {
                // (A wait for a pool's object is no wait for a permit: canHave.)
                const bool waited = waited_;
                waited_ = false;
                endWait(r, t, got);
                poolObjectWaited_ = poolObjectWaited_ || waited_;
                waited_ = waited;
            } else {
                endWait(r, t, got);
            }
            if (!frozen_.empty()) frozen_.erase(e.task);  // (most runs freeze nothing: no hashing then)
            if (!permitWaits_.empty()) closePermitWait(e.task, t, got);
            if (r.earlyAsk) {
                r.earlyAsk = false;
                if (got && r.earlyHolds < 63) ++r.earlyHolds;
                r.gotPermit = r.gotPermit || got;
            }
            if (got)
                endUnheld(r, e.task, t);
            else if (holdsNone(r, e.task))
                becameUnheld(r, e.task, t);  // it gave up its wait, holding nothing: it goes on without
            tally.running(r.bits);
            if (got && (config_.semaphorePermits || config_.ratePermits) && !(r.bits & kHolding)) {
                r.bits |= kHolding;
                ++holders_;
            }
            if (auto it = unresolvedHandover_.find(e.task); it != unresolvedHandover_.end()) {
                if (got) handovers_[it->second].toRunning = t;  // (woken, it left before it ran)
                unresolvedHandover_.erase(it);
            }
            updateCounters(t);
            break;
        }
        case EvKind::Done:
        case EvKind::Failed:
        case EvKind::Cancelled:
        case EvKind::Destroyed: {
            // (Destroyed: a warning line's, not a line of the events.)
            if (e.kind == EvKind::Destroyed) tally_.marker();
            if (r.bits & kEnded) break;
            const bool requested = (r.bits & kRequested) != 0;
            if (r.bits & kWaiting) {  // it ends waiting: its lane showed the wait unless it began now
                const Extra* x = openExtra(r);
                if (x && x->state == TaskState::SlotWait) {
                    if (tookTime(r.request, x->begin)) waited_ = true;  // (its wait for a permit, before its slot wait)
                } else if (tookTime(x && x->state == TaskState::Waiting ? x->begin : r.request, t)) {
                    waited_ = true;
                }
            }
            const double latency = tally.terminal(r.bits, e.kind, t, r.request);
            // A cpu step cut short by cancellation never reports its end; a
            // thread or process job runs on (a running thread cannot be
            // stopped) and reports its end after the task's.
            leaveJob(r, e.task, t);
            closeExtra(r, t);
            endUnheld(r, e.task, t);  // (its running without a permit ends here)
            if (!frozen_.empty()) frozen_.erase(e.task);
            if (!permitWaits_.empty()) closePermitWait(e.task, t, false);
            r.end = t;
            r.endKind = e.kind;
            if (!counted) {
                // (A helper: its end is no task's of the run.)
            } else if (e.kind == EvKind::Done) {
                doneT_.push_back(t);
                doneLat_.push_back(latency);
            } else {
                (e.kind == EvKind::Failed      ? failedT_
                 : e.kind == EvKind::Destroyed ? destroyedT_
                                               : cancelledT_)
                    .push_back(t);
            }
            // Cancelled after the collector finished or main() raised or
            // returned (a recorded program's), and before a later run's main
            // coroutine started: asyncio.run()'s exit cancelled it.
            // One main() had asked to cancel and not awaited (CancelPending)
            // is the program's cancel, ending late, not the exit's.
            if (e.kind == EvKind::Cancelled && counted && happened(exitingT_)) {
                if (!cancelPending_.contains(e.task)) {
                    if (exitCancels_++ == 0) {
                        firstExitCancel_ = e.task;
                        firstExitCancelT_ = t;
                    }
                } else if (unawaitedCancels_++ == 0) {
                    firstUnawaitedCancel_ = e.task;
                    firstUnawaitedCancelT_ = t;
                }
            }
            if (!full() || !counted) {
                // (Tables: no Little's history, hand-overs or worker spans.)
            } else if (requested) {
                littleSum_.push_back((littleSum_.empty() ? 0.0 : littleSum_.back()) + (t - r.request));
            } else {
                unrequestedEndT_.push_back(t);
            }
            if (auto it = busyJob_.find(e.task); it != busyJob_.end()) {
                workerSpans_[it->second].end = t;
                busyJob_.erase(it);
                busyWorkers_.set(t, --busy_);
            }
            updateCounters(t);
            break;
        }
        case EvKind::FailedExc: r.exc = e.arg; break;
        case EvKind::Swallowed:
            r.swallowed = true;
            if (parent < 0) {
                tally.swallowed();
            } else {
                // A helper's swallow (wait_for's inner task, which runs its
                // parent's coroutine: the job's code caught the cancel) is
                // its job's: the task whose job it is swallowed it, counted
                // once, there (its end's outcome, the warning's task), as
                // the engine's task with a timeout that swallows it.
                upToJob(parent, [&](std::int32_t at, RunTally& up) {
                    if (&up != &tally_) return true;
                    row(at).swallowed = true;
                    tally_.swallowed();
                    return false;
                });
            }
            tally_.marker();
            break;
        case EvKind::Result:
        case EvKind::Pending: callerEvent(e); break;
        case EvKind::Acquire:
            endUnheld(r, e.task, t);  // a permit taken at once
            if (e.arg < 0) {
                // No "sem": a permit of the program's only primitive so far,
                // taken at once by a task that got one before.
                if (!named_) {
                    if (r.earlyHolds < 63) ++r.earlyHolds;
                    r.gotPermit = true;
                }
                break;
            }
            named_ = true;
            if (rows() && e.arg < kNamedPrimitives) ++permitWaits_[e.task].holds[static_cast<std::size_t>(e.arg)];
            break;
        case EvKind::ReleaseSem:
            releaseSemTask_ = e.task;
            releaseSem_ = e.arg - 1;
            named_ = true;
            tally_.marker();
            break;
        case EvKind::Release: {
            // A permit of the first primitive got before the trace named
            // any goes back first (a release naming it, or one naming none
            // while the trace names none).
            const bool first = releaseSemTask_ == e.task ? releaseSem_ == 0 : !named_;
            bool gaveBack = true;  // a permit it held (or, its holds not known, maybe)
            if (first && r.earlyHolds > 0) {
                --r.earlyHolds;
            } else if (permitWaits_.empty() || !notePermitRelease(e.task)) {
                gaveBack = false;
                strayRelease_ = true;
                if (releaseSemTask_ == e.task && releaseSem_ >= 0 && releaseSem_ < kNamedPrimitives)
                    strayOf_ |= 1U << static_cast<unsigned>(releaseSem_);
                else
                    strayUnnamed_ = true;
                // Of a task that got permits of the only primitive and holds
                // none: one release too many (not another task's permit
                // handed on: main()'s for it, or a signal's, whose
                // releasers got none).
                if (!named_ && r.gotPermit) extraReleases_.push_back({t, e.task});
            }
            releaseSemTask_ = -1;
            // Its last permit back, it runs on without one (a release by a
            // task that waits is none of its own).
            if (gaveBack && (r.bits & kRan) && !(r.bits & kWaiting) && holdsNone(r, e.task))
                becameUnheld(r, e.task, t);
            if ((config_.semaphorePermits || config_.ratePermits) && (r.bits & kHolding)) {
                // The first release after an acquisition gives the permit
                // back; a second one (release_twice) grows the semaphore.
                r.bits &= static_cast<std::uint8_t>(~kHolding);
                --holders_;
                updateCounters(t);
            }
            if (e.arg >= 0) {
                Task& to = row(e.arg);
                // Whose release handed it its first permit (a traced task
                // woken again, for another semaphore, keeps that one: its
                // later hand-overs are in handovers()).
                if (!(to.bits & kRan)) to.wokenBy = e.task;
                if (full()) {
                    unresolvedHandover_[e.arg] = static_cast<std::uint32_t>(handovers_.size());
                    handovers_.push_back({t, e.task, e.arg, kNever});
                }
            }
            break;
        }
        case EvKind::Wake:
            if (r.wokenBy == -1) r.wokenBy = e.arg >= 0 ? e.arg : -2;
            break;
        case EvKind::SlotWait:
            // (A rate limit's.) It got its permit and sleeps until its start
            // slot, holding it: still waiting (spec section 5: request ->
            // running), not for a permit; a holder of one from now.
            if (!(r.bits & kWaiting) || (r.bits & kEnded)) break;
            pushExtra(r, t, TaskState::SlotWait);
            slotWaited_ = true;
            if (config_.ratePermits && !(r.bits & kHolding)) {
                r.bits |= kHolding;
                ++holders_;
                updateCounters(t);
            }
            break;
        case EvKind::CancelPending:
            if (!(r.bits & kEnded)) cancelPending_.insert(e.task);
            break;
        case EvKind::CpuBegin:
            if (r.bits & kEnded) break;  // (a task that ended blocks nothing: a hand-made file's line)
            pushExtra(r, t, TaskState::Cpu);
            if (full()) cpuBlocks_.push_back({t, kNever, e.task});
            break;
        case EvKind::CpuEnd:
            if (Extra* x = openExtra(r); x && x->state == TaskState::Cpu) closeExtra(r, t);
            for (auto it = cpuBlocks_.rbegin(); it != cpuBlocks_.rend(); ++it)
                if (std::isnan(it->end)) {
                    if (it->task == e.task) it->end = t;
                    break;
                }
            break;
        case EvKind::ThreadQueued: pushExtra(r, t, TaskState::PoolWait); break;
        case EvKind::ThreadLeft:
            // Its await was cancelled, the job runs on (or waits on in a real
            // process pool's queue, then runs): the task goes on running.
            leaveJob(r, e.task, t, e.arg == 1 ? TaskState::Process : TaskState::Thread);
            break;
        case EvKind::ThreadBegin: {
            const TaskState job = e.arg == 1 ? TaskState::Process : TaskState::Thread;
            // The begin of a job its task left while it waited in the pool's
            // queue (a real process pool's, inferred): the job's, not the lane's.
            if (!leftWaiting_.empty()) {
                if (const auto it = leftWaiting_.find(e.task); it != leftWaiting_.end() && it->second == job) {
                    leftWaiting_.erase(it);
                    if (const auto k = jobLeftRunningOf_.find(e.task); k != jobLeftRunningOf_.end())
                        jobsLeftRunning_[k->second].running = t;
                    break;
                }
            }
            pushExtra(r, t, job);
            break;
        }
        case EvKind::ThreadEnd:
            // (A job dropped from the pool's queue, its future cancelled before a
            // worker took it, ends its wait with a thread_end and no begin.)
            if (Extra* x = openExtra(r); x && (x->state == TaskState::Thread || x->state == TaskState::Process ||
                                               x->state == TaskState::PoolWait)) {
                closeExtra(r, t);
            } else if (x && x->state == TaskState::Frozen && x->begin < t && full()) {
                // Its finish timer came due inside a block (the lane froze
                // then, waiting for this job) and ran only after it. (A job
                // that outlived its task leaves no `ready`: not seen here.)
                if (const auto it = frozen_.find(e.task); it != frozen_.end() && it->second.job != TaskState::Running)
                    jobEndsInBlocks_.push_back({x->begin, t, e.task, it->second.job});
            } else {
                // The end of a job its task left: one left waiting in the
                // queue and ended with no begin was dropped (never ran).
                if (!leftWaiting_.empty()) leftWaiting_.erase(e.task);
                if (jobLeftRunningOf_.empty()) break;
                if (const auto it = jobLeftRunningOf_.find(e.task); it != jobLeftRunningOf_.end()) {
                    JobLeftRunning& j = jobsLeftRunning_[it->second];
                    if (std::isnan(j.end)) j.end = t;
                }
            }
            break;
        case EvKind::Ready: {
            // Frozen from t (the moment it became ready while another task's
            // cpu step held the loop) until its `resumed`, through any later
            // blocks (docs/trace-extensions.md). Never the task blocking the
            // loop itself, nor a task not alive.
            if (!(r.bits & kCreated) || (r.bits & kEnded) || frozen_.count(e.task)) break;
            const Extra* x = openExtra(r);
            if (x && (x->state == TaskState::Cpu || x->state == TaskState::Frozen)) break;
            // A thread job whose finish timer came due is over: the task runs next.
            const bool resumeWaiting = x && x->state == TaskState::Waiting;
            const TaskState job = x && (x->state == TaskState::Thread || x->state == TaskState::Process)
                                      ? x->state
                                      : TaskState::Running;
            pushExtra(r, t, TaskState::Frozen);
            frozen_.emplace(e.task, FrozenLane{resumeWaiting, job});
            break;
        }
        case EvKind::Resumed: resume(r, e.task, t); break;
        case EvKind::Enqueue: {
            // (An object put in a pool is no job, RunConfig::poolObjects: only
            // its producer's wait for room, if any, ends.)
            const bool job = !pooledPut(e.task);
            if (job && rows() && !(r.bits & (kQueued | kEnded))) {
                const auto lane = static_cast<std::size_t>(e.task);
                if (enqueuedT_.size() <= lane) enqueuedT_.resize(lane + 1, kNever);
                enqueuedT_[lane] = t;
            }
            if (job) {
                tally_.enqueue(r.bits);
                pushExtra(r, t, TaskState::Queued);
                if (full()) queueDepth_.set(t, ++depth_);
            }
            if (job) updateCounters(t);
            endPutWait(e.task, t, false);
            break;
        }
        case EvKind::PutWait:
            if (full()) putWaits_.push_back({t, kNever, e.task, e.arg - 1});
            // main()'s put() (the engine's queue producer, a traced program's main()) waits too: the key
            // names it as a producer task's wait (its caller row draws it alike).
            if (e.arg == 0) queuePutBegan_ = true;
            if (e.arg > 0) {
                // A producer task's put() waits for room: its lane waits, not runs, until the item is in
                // (`r` is not used after: row() may move the rows).
                Task& by = row(e.arg - 1);
                if ((by.bits & kCreated) && !(by.bits & kEnded)) {
                    pushExtra(by, t, TaskState::QueuePut);
                    putBy_[e.task] = e.arg - 1;
                    queuePutBegan_ = true;
                }
            }
            break;
        case EvKind::GetWait:
            // A Queue worker's own lane waits in get() for an item: idle until its get_end (or its end).
            if ((r.bits & kCreated) && !(r.bits & kEnded)) {
                pushExtra(r, t, TaskState::QueueGet);
                queueGetBegan_ = true;
            }
            break;
        case EvKind::GetEnd:
            if (Extra* x = openExtra(r); x && x->state == TaskState::QueueGet) {
                queueGetWaited_ = queueGetWaited_ || tookTime(x->begin, t);
                closeExtra(r, t);
            }
            break;
        case EvKind::PutCancelled: {
            // The item never entered the queue: its lane is no task (it has
            // no created line either), the producer's wait ends here.
            if (happened(r.created) || (r.bits & kQueued)) break;
            endPutWait(e.task, t, true);
            const auto at = std::lower_bound(cancelledPuts_.begin(), cancelledPuts_.end(), e.task);
            if (at == cancelledPuts_.end() || *at != e.task) cancelledPuts_.insert(at, e.task);
            break;
        }
        case EvKind::Worker:
            // A borrowing that asked at its get() and is taken now: it
            // waited for a free object of a pool (a Queue job is queued).
            if ((r.bits & kWaiting) && !(r.bits & (kQueued | kEnded))) poolObjectWaits_.insert(e.task);
            if (r.bits & kQueued) {
                if (full()) queueDepth_.set(t, --depth_);
                if (Extra* x = openExtra(r); x && x->state == TaskState::Queued) {
                    if (full()) {
                        queueTakenT_.push_back(t);
                        queueWait_.push_back(t - x->begin);
                    }
                    closeExtra(r, t);
                }
            }
            tally_.worker(r.bits);
            if (full() && busyJob_.find(e.task) == busyJob_.end()) {
                busyJob_[e.task] = static_cast<std::uint32_t>(workerSpans_.size());
                workerSpans_.push_back({t, kNever, e.task, e.arg});
                workerCount_ = std::max(workerCount_, e.arg + 1);
                busyWorkers_.set(t, ++busy_);
            }
            updateCounters(t);
            break;
        case EvKind::Read:
        case EvKind::Write:
            if (!full()) break;
            if (counterValue_.empty()) {  // the counter starts at 0
                counterValue_.set(0.0, 0);
                counterWrites_.set(0.0, 0);
            }
            counterMarks_.push_back({t, e.task, e.kind == EvKind::Write, e.arg});
            if (e.kind == EvKind::Write) {
                counterValue_.set(t, e.arg);
                counterWrites_.set(t, counterWrites_.last() + 1);
            }
            break;
        case EvKind::LockWait:
            if (!full()) break;
            lockOf_[e.task] = static_cast<std::uint32_t>(lockSpans_.size());
            lockSpans_.push_back({e.task, t, kNever, kNever});
            lockWaiters_.set(t, ++lockWaiting_);
            break;
        case EvKind::LockHeld: {
            if (!full()) break;
            auto it = lockOf_.find(e.task);
            if (it == lockOf_.end()) {
                it = lockOf_.emplace(e.task, static_cast<std::uint32_t>(lockSpans_.size())).first;
                lockSpans_.push_back({e.task, kNever, kNever, kNever});
            } else if (happened(lockSpans_[it->second].wait) && !happened(lockSpans_[it->second].held)) {
                lockWaiters_.set(t, --lockWaiting_);
            }
            lockSpans_[it->second].held = t;
            if (lockHolder_.empty()) lockHolder_.set(0.0, -1);
            lockHolder_.set(t, e.task);
            break;
        }
        case EvKind::LockFree:
            if (!full()) break;
            if (auto it = lockOf_.find(e.task); it != lockOf_.end()) {
                lockSpans_[it->second].free = t;
                lockOf_.erase(it);
                lockHolder_.set(t, -1);
            }
            break;
        case EvKind::Rejected:
            if (full()) rejections_.push_back({t, e.task, e.arg});
            break;
        default: break;
    }
    // (`r` may have moved: row() of another lane.)
    if (worker) [[unlikely]]
        workerWaits(workerWaited, (tasks_[static_cast<std::size_t>(e.task)].bits & kWaiting) != 0, t);
    if (parent >= 0) mirrorToParent(e, parent);
}

void RunModel::workerWaits(bool before, bool now, double t) {
    // A Queue worker's own lane (RunConfig::queueWorkers) counts nowhere but
    // in waiting: its lane is drawn waiting for a permit, and a worker that
    // waits for one is waiting (core/model/README.md).
    if (before == now) return;
    tally_.workerWaits(now ? 1 : -1);
    updateCounters(t);
}

// A line of main()'s job (the reader numbers the jobs densely and refuses a
// second begin or end, an end of a job never handed over): its facts and the
// running and queued counts (MainJobCounts, as the reader counts them). A line
// out of order (a sink fed by hand) changes nothing.
void RunModel::mainJobEvent(const TraceEvent& e) {
    using Stage = MainJobCounts::Stage;
    const auto k = static_cast<std::size_t>(mainJobOf(e.arg));
    if (k >= mainJobs_.size()) mainJobs_.resize(k + 1, MainJob{kNever, kNever, kNever, false});
    MainJob& j = mainJobs_[k];
    j.process = mainJobProcess(e.arg);
    mainThreadJobs_ |= !j.process;
    const Stage was = !std::isnan(j.end)     ? Stage::Ended
                      : !std::isnan(j.begin)  ? Stage::Running
                      : !std::isnan(j.queued) ? Stage::Queued
                                              : Stage::Unseen;
    const Stage to = mainJobCounts_.move(e.t, was, e.kind);
    if (to == was) return;
    (to == Stage::Queued ? j.queued : to == Stage::Running ? j.begin : j.end) = e.t;
    mainRunning_.set(e.t, mainJobCounts_.running());
    mainQueued_.set(e.t, mainJobCounts_.queued());
}

void RunModel::callerEvent(const TraceEvent& e) {
    const double t = e.t;
    if (e.kind == EvKind::Result || e.kind == EvKind::Pending || e.kind == EvKind::Returned ||
        e.kind == EvKind::Collected)
        collectorSeen_ = true;
    // Tables mode keeps the whole-run facts only (the tally, when the
    // collector finished or raised), not the caller's lane.
    const bool lane = full();
    switch (e.kind) {
        case EvKind::Swallowed:
        case EvKind::ReleaseSem:
        case EvKind::Helper: tally_.marker(); break;  // (one without a task: no line either)
        case EvKind::Result: {
            if (!lane) break;
            const std::int32_t call = lastCallT_ == t ? lastCall_ : -1;
            // gather hands every result over at the end, when all else is
            // built: room for a result from each task not heard from yet (and
            // the collected and end after them) at once, rather than a
            // doubling there, the old and the new array both held at the
            // run's peak. Never less than a doubling: no quadratic growth.
            const std::size_t toCome = tasks_.size() > results_.size() ? tasks_.size() - results_.size() : 0;
            if (caller_.size() == caller_.capacity())
                caller_.reserve(std::max(caller_.capacity() * 2, caller_.size() + toCome + 8));
            if (results_.size() == results_.capacity())
                results_.reserve(std::max(results_.capacity() * 2, results_.size() + toCome));
            results_.push_back(static_cast<std::uint32_t>(caller_.size()));
            caller_.push_back({t, e.kind, e.task, e.arg, call});
            break;
        }
        case EvKind::Pending:
            if (!lane) break;
            pending_.push_back(e.task);
            caller_.push_back({t, e.kind, e.task, e.arg, -1});
            break;
        case EvKind::Returned:
            lastCall_ = e.arg;
            lastCallT_ = t;
            if (lane) caller_.push_back({t, e.kind, -1, e.arg, e.arg});
            break;
        case EvKind::Raise:
            tally_.raise(e.arg, symbols_);
            raiseT_ = exitingT_ = t;
            raiseExc_ = e.arg;
            if (lane) caller_.push_back({t, e.kind, -1, e.arg, -1});
            break;
        case EvKind::MainReturned: exitingT_ = t; break;  // (no caller's lane: main() is not traced)
        // A later run of the program's (asyncio.run() again): the last one's
        // exit is over, its cancels counted.
        case EvKind::MainStarted: exitingT_ = kNever; break;
        case EvKind::Collected:
            collectedT_ = exitingT_ = t;
            if (lane) caller_.push_back({t, e.kind, -1, e.arg, -1});
            break;
        case EvKind::MainCpuBegin:
            if (lane) cpuBlocks_.push_back({t, kNever, kMainTask});
            break;
        case EvKind::MainCpuEnd:
            if (!cpuBlocks_.empty() && cpuBlocks_.back().task == kMainTask && std::isnan(cpuBlocks_.back().end))
                cpuBlocks_.back().end = t;
            break;
        case EvKind::MainThreadQueued:
        case EvKind::MainThreadBegin:
        case EvKind::MainThreadEnd:
            if (lane) mainJobEvent(e);
            break;
        case EvKind::Counter:
            tally_.counter(e.arg, e.task);
            if (lane) caller_.push_back({t, e.kind, e.task, e.arg, -1});
            break;
        case EvKind::End:
            tally_.end(e, symbols_);
            if (queueGetBegan_ || queuePutBegan_) settleQueueWaits();
            if (static_cast<Outcome>(e.arg) == Outcome::Raised && e.task >= 0) raiseExc_ = e.task;
            if (lane) caller_.push_back({t, e.kind, e.task, e.arg, -1});
            break;
        case EvKind::Limit:
            // Several semaphores (a recorded program's): no one limit holds.
            if (lane && config_.semaphoresMade <= 1) {
                if (const std::size_t n = limit_.size(); n > 0 && limit_.timeAt(n - 1) == t)
                    limitPassed_.push_back({t, limit_.valueAt(n - 1)});
                limit_.set(t, e.arg);
            }
            break;
        default: break;
    }
}

// ---------------------------------------------------------------- metrics

std::vector<double>& RunModel::leanLatencies() const {
    if (leanSpent_) return leanRequest_;
    if (tally_.ended()) {
        // After `end` the per-task columns are done with: gather the latencies
        // to the front of the request column (w never passes i) and work there.
        std::size_t w = 0;
        for (std::size_t i = 0; i < leanBits_.size(); ++i)
            if (leanBits_[i] & kTimed) leanRequest_[w++] = leanRequest_[i];
        leanRequest_.resize(w);
        leanSpent_ = true;
        leanPivot_ = Percentile::kNoPivot;
        leanLatencies_ = {};
        return leanRequest_;
    }
    if (!leanLatenciesReady_) {
        leanLatencies_.clear();
        leanLatencies_.reserve(tally_.latencySamples());
        for (std::size_t i = 0; i < leanBits_.size(); ++i)
            if (leanBits_[i] & kTimed) leanLatencies_.push_back(leanRequest_[i]);
        leanLatenciesReady_ = true;
        leanPivot_ = Percentile::kNoPivot;
    }
    return leanLatencies_;
}

std::optional<double> RunModel::latencyPercentile(double p) const {
    if (tally_.latencySamples() == 0) return std::nullopt;
    if (!rows()) return Percentile::select(leanLatencies(), p, leanPivot_);
    // The done latencies (doneLat_ keeps time order for metricsAt; NaN: no
    // request), selected in place.
    if (percentilesFor_ != doneLat_.size()) {
        percentiles_.clear();
        percentilesFor_ = doneLat_.size();
    }
    for (const auto& [q, v] : percentiles_)
        if (q == p) return v;
    const std::optional<double> v = Percentile::ofUntouched(doneLat_.data(), doneLat_.size(), p);
    if (percentiles_.size() >= 8) percentiles_.erase(percentiles_.begin());
    percentiles_.emplace_back(p, v);
    return v;
}

RunMetrics RunModel::metrics() const {
    RunMetrics m;
    const RunTally& k = tally_;
    m.t = makespan();
    // The tasks there are: those created, and a Queue's jobs still in the
    // queue, never taken (a worker crashed: they are the run's all the same,
    // as the header, the CSV and the waiting count have them).
    m.tasks = k.tasks() + static_cast<std::size_t>(std::max<std::int64_t>(k.queued(), 0));
    m.ok = k.ok();
    m.failed = k.failed();
    m.cancelled = k.cancelled();
    m.destroyed = k.destroyed();
    m.throughput = m.t > 0.0 ? static_cast<double>(m.ok) / m.t : 0.0;
    m.errorRate = m.tasks > 0 ? static_cast<double>(m.failed + m.cancelled) / static_cast<double>(m.tasks) : 0.0;
    m.latencySamples = k.latencySamples();
    if (m.latencySamples > 0) {
        m.meanLatency = k.latencySum() / static_cast<double>(m.latencySamples);
        m.p50 = latencyPercentile(50);
        m.p95 = latencyPercentile(95);
        m.p99 = latencyPercentile(99);
    }
    m.inFlight = k.inFlight();
    m.waiting = k.waiting();
    m.peakInFlight = k.peakInFlight();
    m.peakWaiting = k.peakWaiting();
    if (m.t > 0.0) {
        m.meanInFlight = k.areaInFlight(m.t) / m.t;
        m.little.L = k.areaInSystem(m.t) / m.t;
        m.little.lambda = static_cast<double>(k.endedRequested()) / m.t;
    }
    m.little.requested = k.requested();
    m.little.ended = k.endedRequested();
    if (k.endedRequested() > 0) m.little.W = k.requestToEndSum() / static_cast<double>(k.endedRequested());
    return m;
}

double RunModel::throughputAt(double t, double window) const {
    if (!(t > 0.0) || !(window > 0.0)) return 0.0;
    const std::size_t n = doneUpTo(t) - doneUpTo(t - window);
    return static_cast<double>(n) / std::min(window, t);
}

double RunModel::peakThroughput(double from, double to, double window) const {
    double peak = throughputAt(from, window);
    if (!(window > 0.0) || !(to > from)) return peak;
    const auto first = std::upper_bound(doneT_.begin(), doneT_.end(), from);
    const auto last = std::upper_bound(first, doneT_.end(), to);
    auto out = std::upper_bound(doneT_.begin(), first, from - window);  // the first done in the window
    for (auto it = first; it != last; ++it) {
        if (it + 1 != last && it[1] == *it) continue;  // the last of an instant: all of it counted
        const double t = *it;
        while (*out <= t - window) ++out;
        if (t > 0.0) peak = std::max(peak, static_cast<double>(it + 1 - out) / std::min(window, t));
    }
    return peak;
}

RunMetrics RunModel::metricsAt(double t, double window) const {
    if (!full() || t >= tally_.lastTime()) {
        // At or after the last event the tally holds: the whole-run numbers,
        // extended to t (nothing more happens before the next event).
        RunMetrics m = metrics();
        if (t > m.t && !ended()) {
            m.t = t;
            m.throughput = static_cast<double>(m.ok) / t;
            m.meanInFlight = tally_.areaInFlight(t) / t;
            m.little.L = tally_.areaInSystem(t) / t;
            m.little.lambda = static_cast<double>(tally_.endedRequested()) / t;
        }
        if (full()) {
            m.window = window;
            m.windowThroughput = throughputAt(m.t, window);
        }
        return m;
    }
    RunMetrics m;
    m.t = t;
    m.tasks = createdUpTo(t) + static_cast<std::size_t>(std::max<std::int64_t>(queueDepth_.valueAtTime(t), 0));
    const std::size_t done = doneUpTo(t);
    m.ok = done;
    m.failed = countUpTo(failedT_, t);
    m.cancelled = countUpTo(cancelledT_, t);
    m.destroyed = countUpTo(destroyedT_, t);
    m.throughput = t > 0.0 ? static_cast<double>(m.ok) / t : 0.0;
    m.errorRate = m.tasks > 0 ? static_cast<double>(m.failed + m.cancelled) / static_cast<double>(m.tasks) : 0.0;
    std::size_t samples = 0;
    double sum = 0.0;  // in trace order, as the tally adds them
    for (std::size_t i = 0; i < done; ++i)
        if (!std::isnan(doneLat_[i])) {
            ++samples;
            sum += doneLat_[i];
        }
    m.latencySamples = samples;
    if (samples > 0) {
        // Selected in the first `done` latencies themselves: no copy.
        m.meanLatency = sum / static_cast<double>(samples);
        m.p50 = Percentile::ofUntouched(doneLat_.data(), done, 50);
        m.p95 = Percentile::ofUntouched(doneLat_.data(), done, 95);
        m.p99 = Percentile::ofUntouched(doneLat_.data(), done, 99);
    }
    m.inFlight = inFlight_.valueAtTime(t);
    m.waiting = waiting_.valueAtTime(t);
    m.peakInFlight = inFlight_.maxUpTo(t);
    m.peakWaiting = waiting_.maxUpTo(t);
    const std::size_t ended = endedRequestedUpTo(t);
    m.little.ended = ended;
    m.little.requested = static_cast<std::size_t>(inSystem_.valueAtTime(t)) + ended;
    if (t > 0.0) {
        m.meanInFlight = inFlight_.integral(t) / t;
        m.little.L = inSystem_.integral(t) / t;
        m.little.lambda = static_cast<double>(ended) / t;
    }
    if (ended > 0) m.little.W = littleSum_[ended - 1] / static_cast<double>(ended);
    m.window = window;
    m.windowThroughput = throughputAt(t, window);
    return m;
}

std::size_t RunModel::doneUpTo(double t) const { return countUpTo(doneT_, t); }

RunModel::QueueWaits RunModel::queueWaitsAt(double t) const {
    QueueWaits q;
    q.taken = countUpTo(queueTakenT_, t);
    if (q.taken > 0) {
        q.p50 = Percentile::ofUntouched(queueWait_.data(), q.taken, 50);
        q.longest = *std::max_element(queueWait_.begin(), queueWait_.begin() + static_cast<std::ptrdiff_t>(q.taken));
    }
    q.stillQueued = std::max<std::int64_t>(queueDepth_.valueAtTime(t), 0);
    return q;
}

double RunModel::enqueuedAt(std::size_t i) const { return i < enqueuedT_.size() ? enqueuedT_[i] : kNever; }

std::size_t RunModel::completedUpTo(double t) const {
    return countUpTo(doneT_, t) + countUpTo(failedT_, t) + countUpTo(cancelledT_, t);
}

std::size_t RunModel::destroyedUpTo(double t) const { return countUpTo(destroyedT_, t); }

std::size_t RunModel::createdUpTo(double t) const { return countUpTo(createdT_, t); }

std::size_t RunModel::endedRequestedUpTo(double t) const {
    // (A destroyed task left the system too: RunTally::terminal.)
    return completedUpTo(t) + destroyedUpTo(t) - countUpTo(unrequestedEndT_, t);
}

std::size_t RunModel::resultsUpTo(double t) const {
    return static_cast<std::size_t>(std::partition_point(results_.begin(), results_.end(),
                                                         [&](std::uint32_t k) { return caller_[k].t <= t; }) -
                                    results_.begin());
}

void RunModel::countResultTies(ResultTies& ties, std::size_t upTo, bool sameCall) const {
    upTo = std::min(upTo, results_.size());
    if (upTo < ties.upTo) ties = ResultTies{};
    auto endOf = [&](std::size_t k) {
        const std::int32_t task = caller_[results_[k]].task;
        return task >= 0 && static_cast<std::size_t>(task) < tasks_.size() ? tasks_[static_cast<std::size_t>(task)].end
                                                                            : kNever;
    };
    for (std::size_t k = std::max<std::size_t>(ties.upTo, 1); k < upTo; ++k) {
        const double end = endOf(k);
        if (std::isnan(end) || end != endOf(k - 1)) continue;
        if (sameCall && caller_[results_[k]].call != caller_[results_[k - 1]].call) continue;
        if (ties.count++ == 0) ties.first = k;
    }
    ties.upTo = upTo;
}

std::size_t RunModel::firstHandoverAtOrAfter(double t) const {
    return static_cast<std::size_t>(
        std::partition_point(handovers_.begin(), handovers_.end(), [&](const Handover& h) { return h.t < t; }) -
        handovers_.begin());
}

std::int32_t RunModel::cpuTaskAt(double t, double now) const {
    // Blocks never overlap (the loop is frozen), so their ends are ordered
    // like their begins; an open one can only be the last.
    auto it = std::partition_point(cpuBlocks_.begin(), cpuBlocks_.end(),
                                   [&](const CpuBlock& b) { return !std::isnan(b.end) && b.end <= t; });
    if (it == cpuBlocks_.end() || it->begin > t) return -1;
    const double end = std::isnan(it->end) ? until(now) : it->end;
    return t < end ? it->task : -1;
}

// ---------------------------------------------------------------- tasks

std::string_view RunModel::name(std::size_t i) const {
    return i < config_.names.size() ? std::string_view(config_.names[i]) : std::string_view();
}

std::string_view RunModel::exceptionName(std::size_t i) const {
    const Task& r = tasks_[i];
    return r.exc >= 0 && static_cast<std::size_t>(r.exc) < symbols_.size() ? symbols_.name(r.exc) : std::string_view();
}

std::string_view RunModel::raisedName() const {
    return raiseExc_ >= 0 && static_cast<std::size_t>(raiseExc_) < symbols_.size() ? symbols_.name(raiseExc_)
                                                                                    : std::string_view();
}

TaskState RunModel::createdState(const Task& r) const {
    // Arriving only when it asks for a permit later (or, in a scenario run,
    // will); a task that never does runs from its creation.
    if (r.bits & (kRequested | kRan)) return TaskState::Arriving;
    return config_.tasksRequest && !r.ended() ? TaskState::Arriving : TaskState::Running;
}

TaskState RunModel::baseStateAt(const Task& r, double t) const {
    auto at = [t](double x) { return happened(x) && x <= t; };
    if (at(r.end)) return terminalState(r.endKind);
    if (at(r.running)) return TaskState::Running;
    if (at(r.request)) return TaskState::Waiting;
    if (at(r.created)) return createdState(r);
    return TaskState::NotStarted;
}

TaskState RunModel::stateAt(std::size_t i, double t) const {
    const Task& r = tasks_[i];
    if (r.extraCount > 0) {
        const Extra* first = extrasOf(r);
        const Extra* last = first + r.extraCount;
        // The last override starting at or before t.
        const Extra* x = std::upper_bound(first, last, t, [](double v, const Extra& e) { return v < e.begin; });
        if (x != first) {
            --x;
            if (std::isnan(x->end) || t < x->end) return x->state;
        }
    }
    const TaskState base = baseStateAt(r, t);
    if (base == TaskState::Running && hasUnheld(r, i)) {
        bool in = false;
        forEachUnheld(r, static_cast<std::int32_t>(i), [&](double b, double e) {
            in = in || (b <= t && (std::isnan(e) || t < e));
        });
        if (in) return TaskState::NoPermit;
    }
    return base;
}

void RunModel::forEachSegment(std::size_t i, const std::function<void(const Segment&)>& f, double untilT) const {
    const Task& r = tasks_[i];
    const double stop = r.ended() ? r.end : until(untilT);
    // The base life: created -> request -> running -> end, each step only
    // forwards in time (a later request is an override).
    struct Mark {
        double t;
        TaskState s;
    };
    Mark base[3]{};  // (GCC -O2 with sanitizers cannot see that nb guards it)
    int nb = 0;
    auto add = [&](double t, TaskState s) {
        if (!happened(t) || (nb > 0 && t < base[nb - 1].t)) return;
        base[nb++] = {t, s};
    };
    add(r.created, createdState(r));
    add(r.request, TaskState::Waiting);
    add(r.running, TaskState::Running);
    auto emit = [&](double b, double e, TaskState s) {
        if (e > b) f(Segment{b, e, s});
    };
    // Running over [b, e), without a permit where a stretch says so.
    const bool unheld = hasUnheld(r, i);
    auto emitRunning = [&](double b, double e) {
        if (!unheld) return emit(b, e, TaskState::Running);
        double at = b;
        forEachUnheld(r, static_cast<std::int32_t>(i), [&](double ub, double ue) {
            const double from = std::max(at, ub);
            const double to = std::min(e, std::isnan(ue) ? e : ue);
            if (to <= from) return;
            emit(at, from, TaskState::Running);
            emit(from, to, TaskState::NoPermit);
            at = to;
        });
        emit(at, e, TaskState::Running);
    };
    // The base states over [from, to).
    auto emitBase = [&](double from, double to) {
        for (int k = 0; k < nb; ++k) {
            const double b = std::max(from, base[k].t);
            const double e = std::min(to, k + 1 < nb ? base[k + 1].t : stop);
            if (base[k].s == TaskState::Running)
                emitRunning(b, e);
            else
                emit(b, e, base[k].s);
        }
    };
    double cursor = nb > 0 ? base[0].t : stop;
    const Extra* x = r.extraCount > 0 ? extrasOf(r) : nullptr;
    for (std::uint32_t k = 0; k < r.extraCount; ++k) {
        const double b = x[k].begin;
        const double e = std::isnan(x[k].end) ? std::max(b, until(untilT)) : x[k].end;
        cursor = std::min(cursor, b);
        emitBase(cursor, b);
        emit(b, e, x[k].state);
        cursor = std::max(cursor, e);
    }
    emitBase(cursor, stop);
}

const RunModel::JobLeftRunning* RunModel::jobLeftRunning(std::size_t i) const {
    if (jobLeftRunningOf_.empty()) return nullptr;
    const auto it = jobLeftRunningOf_.find(static_cast<std::int32_t>(i));
    return it == jobLeftRunningOf_.end() ? nullptr : &jobsLeftRunning_[it->second];
}

void RunModel::openPermitWait(std::int32_t task, double t, std::int32_t sem, bool ran) {
    NamedWaits& named = permitWaits_[task];
    std::vector<PermitWait>& waits = named.waits;
    if (!waits.empty() && std::isnan(waits.back().end)) waits.back().end = t;  // asked again before it got one
    // Asked again, having run holding a permit of another primitive (one it
    // got by a named request, an acquire line, or, the first primitive's, a
    // request made before the trace named any, and has not given back): it
    // holds that one while it waits for this one.
    std::int32_t held = -1;
    if (ran && !named.unknown) {
        if (sem != 0 && row(task).earlyHolds > 0) held = 0;
        for (std::int32_t k = 0; k < kNamedPrimitives && held < 0; ++k)
            if (k != sem && named.holds[static_cast<std::size_t>(k)] > 0) held = k;
    }
    waits.push_back({t, kNever, sem, held});
}

void RunModel::closePermitWait(std::int32_t task, double t, bool got) {
    const auto it = permitWaits_.find(task);
    if (it == permitWaits_.end() || it->second.waits.empty()) return;  // (an entry of Acquire only)
    PermitWait& w = it->second.waits.back();
    if (!std::isnan(w.end)) return;
    w.end = t;
    if (got && w.sem >= 0 && w.sem < kNamedPrimitives)
        ++it->second.holds[static_cast<std::size_t>(w.sem)];  // (a Running: it got the permit)
}

bool RunModel::notePermitRelease(std::int32_t task) {
    const auto it = permitWaits_.find(task);
    if (it == permitWaits_.end()) return false;
    NamedWaits& named = it->second;
    if (releaseSemTask_ != task || releaseSem_ < 0 || releaseSem_ >= kNamedPrimitives) {
        named.unknown = true;  // a release that names nothing (or a primitive past the named ones)
        return true;
    }
    std::int32_t& n = named.holds[static_cast<std::size_t>(releaseSem_)];
    if (n == 0) return false;  // (a release of a permit it did not get: another task's, or one too many)
    --n;
    return true;
}

// ------------------------------------------------ running without a permit

bool RunModel::holdsNone(const Task& r, std::int32_t task) const {
    if (r.earlyHolds > 0) return false;
    if (permitWaits_.empty()) return true;
    const auto it = permitWaits_.find(task);
    if (it == permitWaits_.end()) return true;
    if (it->second.unknown) return false;  // (not known: not said)
    return std::all_of(it->second.holds.begin(), it->second.holds.end(), [](std::int32_t h) { return h == 0; });
}

void RunModel::becameUnheld(Task& r, std::int32_t task, double t) {
    if (!tracksUnheld() || (r.bits & (kEnded | kUnheld))) return;
    r.bits |= kUnheld;
    unheldSoon_.emplace_back(task, t);
}

void RunModel::endUnheld(Task& r, std::int32_t task, double t) {
    if (!tracksUnheld() || !(r.bits & kUnheld)) return;  // (the bit is kHolding's otherwise)
    r.bits &= static_cast<std::uint8_t>(~kUnheld);
    // An open stretch ends now; one still soon (this instant's) never begins.
    if (unheldOf_.empty()) return;
    const auto it = unheldOf_.find(task);
    if (it == unheldOf_.end()) return;
    UnheldSpan& last = unheld_[it->second.second];
    if (std::isnan(last.end)) last.end = t;
}

void RunModel::settleUnheld(double now) {
    const double grace = unheldGrace();
    for (; unheldSoonHead_ < unheldSoon_.size(); ++unheldSoonHead_) {
        const auto [task, since] = unheldSoon_[unheldSoonHead_];
        if (!(now > since + grace)) break;
        const Task& r = tasks_[static_cast<std::size_t>(task)];
        // It got one again, or ended, since. (One that got one and gave it
        // back again within the grace, listed twice, runs without one from
        // the first: on a real clock an error under the grace.)
        if (!(r.bits & kUnheld) || (r.bits & kEnded)) continue;
        const auto at = static_cast<std::uint32_t>(unheld_.size());
        const auto [it, fresh] = unheldOf_.try_emplace(task, at, at);
        if (!fresh) {
            UnheldSpan& last = unheld_[it->second.second];
            if (std::isnan(last.end)) continue;  // (listed twice that instant)
            last.next = at;
            it->second.second = at;
        }
        unheld_.push_back({since, kNever, kNoSpan});
        ranUnheld_ = true;
    }
    if (unheldSoonHead_ == unheldSoon_.size()) {
        unheldSoon_.clear();
        unheldSoonHead_ = 0;
    }
}

bool RunModel::hasUnheld(const Task& r, std::size_t i) const {
    if (!tracksUnheld()) return false;
    return (r.bits & kUnheld) || (!unheldOf_.empty() && unheldOf_.count(static_cast<std::int32_t>(i)) > 0);
}

template <class F>
void RunModel::forEachUnheld(const Task& r, std::int32_t task, F&& f) const {
    bool open = false;
    if (const auto it = unheldOf_.find(task); it != unheldOf_.end()) {
        for (std::uint32_t k = it->second.first; k != kNoSpan; k = unheld_[k].next) {
            f(unheld_[k].begin, unheld_[k].end);
            open = std::isnan(unheld_[k].end);
        }
    }
    // Soon: it gave back its last permit lately. On the virtual clock every
    // entry still soon is of the latest instant read; on a real one, its
    // latest entry (those of the last unheldGrace()).
    if (!(r.bits & kUnheld) || open || unheldSoonHead_ >= unheldSoon_.size()) return;
    if (unheldGrace() == 0.0) return f(unheldSoon_[unheldSoonHead_].second, kNever);
    for (std::size_t k = unheldSoon_.size(); k-- > unheldSoonHead_;)
        if (unheldSoon_[k].first == task) return f(unheldSoon_[k].second, kNever);
}

std::int32_t RunModel::permitsHeld(std::size_t i) const {
    if (i >= tasks_.size()) return 0;
    std::int32_t n = tasks_[i].earlyHolds;
    if (const auto it = permitWaits_.find(static_cast<std::int32_t>(i)); it != permitWaits_.end()) {
        if (it->second.unknown) return 0;
        for (const std::int32_t h : it->second.holds) n += h;
    }
    return n;
}

std::int32_t RunModel::permitsHeld(std::size_t i, std::size_t k) const {
    if (i >= tasks_.size() || k >= static_cast<std::size_t>(kNamedPrimitives)) return 0;
    std::int32_t n = k == 0 ? tasks_[i].earlyHolds : 0;
    if (const auto it = permitWaits_.find(static_cast<std::int32_t>(i)); it != permitWaits_.end()) {
        if (it->second.unknown) return 0;
        n += it->second.holds[k];
    }
    return n;
}

const std::vector<RunModel::PermitWait>& RunModel::permitWaits(std::size_t i) const {
    static const std::vector<PermitWait> kNone;
    if (permitWaits_.empty()) return kNone;
    const auto it = permitWaits_.find(static_cast<std::int32_t>(i));
    return it == permitWaits_.end() ? kNone : it->second.waits;
}

const RunModel::PermitWait* RunModel::permitWaitAt(std::size_t i, double t) const {
    const std::vector<PermitWait>& waits = permitWaits(i);
    // The last wait begun by t; t inside it (the running's instant is not).
    const auto it = std::upper_bound(waits.begin(), waits.end(), t,
                                     [](double x, const PermitWait& w) { return x < w.begin; });
    if (it == waits.begin()) return nullptr;
    const PermitWait& w = *std::prev(it);
    return std::isnan(w.end) || t < w.end ? &w : nullptr;
}

std::int32_t RunModel::waitingFor(std::size_t i, double t) const {
    const PermitWait* w = permitWaitAt(i, t);
    return w ? w->sem : -1;
}

std::vector<Segment> RunModel::segments(std::size_t i, double untilT) const {
    std::vector<Segment> out;
    forEachSegment(i, [&](const Segment& s) { out.push_back(s); }, untilT);
    return out;
}

TaskState RunModel::finalState(std::size_t i) const {
    const Task& r = tasks_[i];
    if (r.ended()) return terminalState(r.endKind);
    if (!r.seen()) return TaskState::NotStarted;
    return stateAt(i, makespan());
}

std::string RunModel::outcomeOf(std::size_t i) const {
    const Task& r = tasks_[i];
    switch (r.endKind) {
        case EvKind::Done: return r.swallowed ? "swallowed cancel" : "ok";
        case EvKind::Failed: return r.exc >= 0 ? std::string(symbols_.name(r.exc)) : "failed";
        case EvKind::Cancelled: return "cancelled";
        case EvKind::Destroyed: return "destroyed";
        default: return "";
    }
}

double RunModel::waitedAt(std::size_t i, double t) const {
    const Task& r = tasks_[i];
    if (!happened(r.request) || r.request > t) return 0.0;
    double stop = t;
    if (happened(r.running) && r.running >= r.request && r.running <= t)
        stop = r.running;
    else if (happened(r.end) && r.end <= t)
        stop = r.end;
    return stop - r.request;
}

double RunModel::ranAt(std::size_t i, double t) const {
    const Task& r = tasks_[i];
    if (!happened(r.running) || r.running > t) return 0.0;
    const double stop = happened(r.end) && r.end <= t ? r.end : t;
    return stop - r.running;
}

double RunModel::slotWaitedAt(std::size_t i, double t) const {
    const Task& r = tasks_[i];
    double s = 0.0;
    const Extra* x = r.extraCount > 0 ? extrasOf(r) : nullptr;
    for (std::uint32_t k = 0; k < r.extraCount; ++k) {
        if (x[k].state != TaskState::SlotWait || x[k].begin >= t) continue;
        // (Of its first wait, request -> running, only: a traced worker's
        // later rounds through a rate limiter wait for their slots after
        // its running, time that waitedAt leaves out and ranAt counts.)
        if (happened(r.running) && x[k].begin >= r.running) continue;
        const double end = std::isnan(x[k].end) ? t : std::min(t, x[k].end);
        s += std::max(0.0, end - x[k].begin);
    }
    return s;
}

double RunModel::slotWaitFrom(std::size_t i) const {
    const Task& r = tasks_[i];
    const Extra* x = r.extraCount > 0 ? extrasOf(r) : nullptr;
    for (std::uint32_t k = 0; k < r.extraCount; ++k)
        if (x[k].state == TaskState::SlotWait) return x[k].begin;
    return kNever;
}

double RunModel::beforeAskAt(std::size_t i, double t) const {
    const Task& r = tasks_[i];
    if (!happened(r.created) || r.created > t || createdState(r) != TaskState::Arriving) return 0.0;
    double stop = t;
    for (const double x : {r.request, r.running, r.end})
        if (happened(x) && x < stop) stop = x;
    return std::max(0.0, stop - r.created);
}

double RunModel::waitedAgainAt(std::size_t i, double t) const {
    const Task& r = tasks_[i];
    if (!happened(r.running) || r.running > t || r.extraCount == 0) return 0.0;
    double sum = 0.0;
    // (Its first wait ends at its running: a waiting stretch from then on is
    // a wait again.)
    forEachSegment(
        i,
        [&](const Segment& s) {
            if (s.state == TaskState::Waiting && s.begin >= r.running && s.begin < t)
                sum += std::min(s.end, t) - s.begin;
        },
        t);
    return sum;
}

// ---------------------------------------------------------------- counter rows

void RunModel::forEachCounterRow(const std::function<void(const CounterRow&)>& f) const {
    // A merge of the series' points and the terminal times: every instant at
    // which one of them changed, with each one's value in force there.
    const StepSeries* series[] = {&inFlight_, &waiting_, &permits_};
    const std::vector<double>* ends[] = {&doneT_, &failedT_, &cancelledT_};
    std::size_t sp[3] = {0, 0, 0};
    std::size_t ep[3] = {0, 0, 0};
    constexpr double kInf = std::numeric_limits<double>::infinity();
    CounterRow row{0.0, 0, 0, 0, 0, 0};
    bool first = true;
    for (;;) {
        double t = kInf;
        for (int k = 0; k < 3; ++k) {
            if (sp[k] < series[k]->size()) t = std::min(t, series[k]->timeAt(sp[k]));
            if (ep[k] < ends[k]->size()) t = std::min(t, (*ends[k])[ep[k]]);
        }
        if (t == kInf) break;
        CounterRow next = row;
        next.t = t;
        std::int64_t* values[] = {&next.inFlight, &next.waiting, &next.permitsInUse};
        for (int k = 0; k < 3; ++k) {
            while (sp[k] < series[k]->size() && series[k]->timeAt(sp[k]) <= t) *values[k] = series[k]->valueAt(sp[k]++);
            while (ep[k] < ends[k]->size() && (*ends[k])[ep[k]] <= t) {
                ++ep[k];
                ++next.completed;
                if (k == 0) ++next.done;
            }
        }
        const bool changed = next.inFlight != row.inFlight || next.waiting != row.waiting ||
                             next.permitsInUse != row.permitsInUse || next.completed != row.completed;
        if (first || changed) f(next);
        first = false;
        row = next;
    }
}

const RunModel::WorkerSpan* RunModel::workerSpanOf(std::size_t i) const {
    for (const WorkerSpan& w : workerSpans_)
        if (static_cast<std::size_t>(w.job) == i) return &w;
    return nullptr;
}

const RunModel::ProducerWait* RunModel::producerWaitOf(std::size_t i) const {
    for (const ProducerWait& w : putWaits_)
        if (static_cast<std::size_t>(w.job) == i) return &w;
    return nullptr;
}

std::size_t RunModel::memoryBytes() const {
    auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
    std::size_t n = bytes(leanBits_) + bytes(leanRequest_) + bytes(leanLatencies_);
    n += bytes(tasks_) + bytes(extras_) + bytes(createdT_) + bytes(doneT_) + bytes(doneLat_) + bytes(failedT_) +
         bytes(cancelledT_) + bytes(destroyedT_) + bytes(queueTakenT_) + bytes(queueWait_) + bytes(enqueuedT_) +
         bytes(littleSum_) +
         bytes(unrequestedEndT_) + bytes(caller_) + bytes(results_) +
         bytes(pending_) + bytes(putWaits_) + bytes(cancelledPuts_) + bytes(handovers_) + bytes(rejections_) +
         bytes(cpuBlocks_) + bytes(jobsLeftRunning_) +
         bytes(jobEndsInBlocks_) + bytes(mainJobs_) + mainRunning_.memoryBytes() + mainQueued_.memoryBytes() +
         bytes(workerSpans_) + bytes(counterMarks_) + bytes(lockSpans_) + bytes(limitPassed_);
    for (const StepSeries* s : {&permits_, &limit_, &waiting_, &inFlight_, &inSystem_, &queueDepth_, &busyWorkers_,
                                &counterValue_, &counterWrites_, &lockHolder_, &lockWaiters_})
        n += s->memoryBytes();
    for (const auto& [task, named] : permitWaits_) n += sizeof(task) + sizeof(named) + bytes(named.waits);
    n += bytes(unheld_) + unheldOf_.size() * (sizeof(std::int32_t) + 2 * sizeof(std::uint32_t)) +
         unheldSoon_.capacity() * sizeof(unheldSoon_[0]);
    return n;
}

}  // namespace cs
