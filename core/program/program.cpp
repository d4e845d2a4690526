#include "program/program.h"

#include <algorithm>
#include <cmath>

#include "model/kinds.h"

namespace cs::detail {

namespace {
constexpr const char* kBuiltinNames[kBuiltinCount] = {
    "CancelledError", "TimeoutError", "ValueError", "ExceptionGroup", "KeyboardInterrupt", "Overloaded", "RuntimeError"};

std::int32_t labelOf(const Ref<Future>& f) { return static_cast<Task*>(f.get())->label(); }

void sortByLabel(std::vector<Ref<Future>>& v) {
    std::sort(v.begin(), v.end(), [](const Ref<Future>& a, const Ref<Future>& b) { return labelOf(a) < labelOf(b); });
}

bool okOf(const Ref<Future>& f) { return f->succeeded(); }

struct ResizeEntry final : RefCounted {
    Program* program;
    std::int64_t value;
};
}  // namespace

Program::Program(const Scenario& scenario, TraceSink& sink) : sc_(scenario), sink_(&sink) {
    enterThread();
    for (const char* n : kBuiltinNames) symbols_.intern(n);
    excSym_.reserve(sc_.excNames.size());
    for (const auto& n : sc_.excNames) excSym_.push_back(userExceptionSymbol(n));

    const Limit& lim = sc_.limit;
    switch (lim.kind) {
        case LimitKind::Semaphore:
            sem_ = Ref<Semaphore>(new Semaphore(loop_, lim.value, Semaphore::Kind::Resizable));
            break;
        case LimitKind::BoundedSemaphore:
            sem_ = Ref<Semaphore>(new Semaphore(loop_, lim.value, Semaphore::Kind::Bounded));
            break;
        case LimitKind::Adaptive:
            sem_ = Ref<Semaphore>(new Semaphore(loop_, lim.initial, Semaphore::Kind::Resizable));
            runningAt_.assign(sc_.tasks.size(), std::numeric_limits<double>::quiet_NaN());
            break;
        case LimitKind::Rate:
            if (lim.maxAtOnce > 0) sem_ = Ref<Semaphore>(new Semaphore(loop_, lim.maxAtOnce));
            break;
        case LimitKind::Connector:  // Connector._sem: a plain Semaphore(limit)
            sem_ = Ref<Semaphore>(new Semaphore(loop_, lim.value));
            break;
        default:
            break;
    }
    if (sc_.service) {
        slots_ = Ref<Semaphore>(new Semaphore(loop_, sc_.service->capacity));
        if (sc_.service->rateLimit) tokens_ = sc_.service->rateLimit->burst;
    }
    lane_.assign(sc_.tasks.size(), kLaneNew);
    threads_.maxWorkers = sc_.maxWorkers;
    processes_.maxWorkers = sc_.processWorkers;
    processes_.process = true;
    if (sc_.counterLock) counterLock_ = Ref<Lock>(new Lock(loop_));
    // The scenario's tasks, the main task and asyncio.run's two closing ones.
    reserveHuge(allTasks_, sc_.tasks.size() + 3);
    stopToken_ = Ref<StopToken>(new StopToken);
    stopToken_->p = this;
    // asyncio.run(main()): Runner.run creates the main task and runs it.
    mainTask_ = createTask(mainCo(), -1);
    runUntilComplete(mainTask_.get(), Phase::Main);
    flushEvents();
}

// What `raise Name()` raises in the oracle: the builtin Exception class of
// that name, else a new Exception subclass. Builtins that cannot be raised
// that way fail as CPython fails.
std::int32_t Program::userExceptionSymbol(const std::string& name) {
    if (name == "CancelledError" || name == "KeyboardInterrupt") return symbols_.add(name);  // not asyncio's
    if (name == "ExceptionGroup" || name == "UnicodeDecodeError" || name == "UnicodeEncodeError" ||
        name == "UnicodeTranslateError")
        return symbols_.intern("TypeError");  // their constructors need arguments
    if (name == "StopIteration") return kRuntimeError;  // PEP 479: coroutine raised StopIteration
    return symbols_.intern(name);
}

Program::~Program() {
    enterThread();
    Task::setStepWatcher(nullptr);  // no task of this run steps again
    // Break the cycles between frames and the objects they wait on (a run
    // thrown away before it ended: tasks wait on futures whose callbacks and
    // frames hold the tasks).
    for (const Ref<Task>& t : allTasks_) t->abandon();
    allTasks_.clear();
    mainTask_.reset();
    phaseFuture_.reset();
}

void Program::flushEvents() {
    if (npending_ == 0) return;
    const std::size_t n = npending_;
    npending_ = 0;
    sink_->appendBatch(pending_.data(), n, symbols_);
}

Ref<Task> Program::createTask(Co<std::int64_t> co, std::int32_t label) {
    return registerTask(Ref<Task>(new Task(loop_, std::move(co), label)));
}

// asyncio.create_task's bookkeeping: all_tasks() and the creation serial.
Ref<Task> Program::registerTask(Ref<Task> t) {
    allTasks_.push_back(t);
    ++taskSerial_;
    return t;
}

// ---------------------------------------------------------------- the program

Co<std::int64_t> Program::mainCo() {
    if (limitKindInfo(sc_.limit.kind).takesSchedule) {
        for (const auto& e : sc_.limit.schedule) {
            Ref<ResizeEntry> entry(new ResizeEntry);
            entry->program = this;
            entry->value = e.value;
            loop_.callAt(e.at, &Program::resizeCallback, entry.get(), nullptr);
        }
    }
    try {
        co_await collect();
    } catch (const PyError& e) {
        if (!e.exc.isBaseOnly()) emit(EvKind::Raise, -1, symOf(e.exc));
        throw;
    }
    co_return 0;
}

// Just before "collected": the shared counter's final value, when the
// scenario has increment steps (docs/format-extensions.md).
void Program::emitCollected() {
    if (sc_.usesCounter())
        emit(EvKind::Counter, static_cast<std::int32_t>(incrementsDone_), static_cast<std::int32_t>(counter_));
    emit(EvKind::Collected, -1);
}

Co<void> Program::schedulerMain() {
    Ref<SchedulerState> st(new SchedulerState);
    st->program = this;
    st->limit = sc_.limit.value;
    st->pendingLimit = sc_.limit.pendingLimit;
    st->room = Ref<Event>(new Event(loop_));
    st->idle = Ref<Event>(new Event(loop_));
    st->room->set();
    st->idle->set();
    scheduler_ = st;
    const auto n = static_cast<std::int32_t>(sc_.tasks.size());
    for (std::int32_t i = 0; i < n; ++i) {
        // Scheduler.spawn(i)
        while (st->pendingLimit > 0 && static_cast<std::int64_t>(st->pending.size()) >= st->pendingLimit) {
            st->room->clear();
            co_await st->room->wait();  // backpressure: spawn waits
        }
        st->idle->clear();
        if (st->active < st->limit)
            schedulerStart(i);
        else
            st->pending.push_back(i);
    }
    co_await st->idle->wait();
    emitCollected();
}

void Program::schedulerStart(std::int32_t i) {
    ++scheduler_->active;
    createRunnerTask(i)->addDoneCallback(&Program::schedulerDone, scheduler_.get());
}

void Program::schedulerDone(RefCounted* self, Future*) {
    auto* st = static_cast<SchedulerState*>(self);
    --st->active;
    if (!st->pending.empty()) {
        const std::int32_t next = st->pending.front();
        st->pending.pop_front();
        st->program->schedulerStart(next);
        st->room->set();
    } else if (st->active == 0) {
        st->idle->set();
    }
}

Co<void> Program::collect() {
    const auto n = static_cast<std::int32_t>(sc_.tasks.size());
    const Collect& c = sc_.collect;
    switch (sc_.limit.kind) {
        case LimitKind::Queue: {
            Ref<Queue> q(new Queue(loop_, sc_.limit.maxsize));
            std::vector<Ref<Task>> workers;
            for (std::int64_t w = 0; w < sc_.limit.workers; ++w)
                workers.push_back(createTask(worker(q, static_cast<std::int32_t>(w)), -1));
            for (std::int32_t i = 0; i < n; ++i) {
                if (q->full()) emit(EvKind::PutWait, i);  // put() will wait for room
                co_await q->put(i);
                emit(EvKind::Enqueue, i);
            }
            co_await q->join();
            for (auto& w : workers) w->cancel();
            emitCollected();
            co_return;
        }
        case LimitKind::Manual: {
            std::vector<Ref<Future>> pending;
            std::int32_t next = 0;
            for (; next < n && next < sc_.limit.value; ++next) pending.emplace_back(createRunnerTask(next));
            while (!pending.empty()) {
                WaitResult r = co_await wait(loop_, pending, -1.0, ReturnWhen::FirstCompleted);
                emitReturned();
                sortByLabel(r.done);
                for (auto& f : r.done) emit(EvKind::Result, labelOf(f), okOf(f));
                pending = std::move(r.pending);
                for (std::size_t k = 0; k < r.done.size() && next < n; ++k, ++next)
                    pending.emplace_back(createRunnerTask(next));
            }
            emitCollected();
            co_return;
        }
        case LimitKind::Scheduler:
            co_await schedulerMain();
            co_return;
        case LimitKind::Chunks: {
            for (std::int32_t k = 0; k < n; k += static_cast<std::int32_t>(sc_.limit.size)) {
                const std::int32_t end = static_cast<std::int32_t>(std::min<std::int64_t>(n, k + sc_.limit.size));
                std::vector<Ref<Future>> chunk;
                for (std::int32_t i = k; i < end; ++i) chunk.emplace_back(createRunnerTask(i));
                Ref<GatheringFuture> g = gather(loop_, std::move(chunk), true);
                co_await AwaitFuture{g.get()};
                emitReturned();
                for (std::int32_t i = k; i < end; ++i) emit(EvKind::Result, i, g->okList()[i - k]);
            }
            emitCollected();
            co_return;
        }
        default:
            break;
    }

    switch (c.kind) {
        case CollectKind::Sequential: {
            for (std::int32_t i = 0; i < n; ++i) {
                co_await runJobInline(i);
                emitReturned();
                emit(EvKind::Result, i, 1);
            }
            break;
        }
        case CollectKind::Gather: {
            std::vector<Ref<Future>> tasks;
            reserveHuge(tasks, static_cast<std::size_t>(n));
            for (std::int32_t i = 0; i < n; ++i) tasks.emplace_back(createRunnerTask(i));
            Ref<GatheringFuture> g = gather(loop_, std::move(tasks), c.returnExceptions);
            co_await AwaitFuture{g.get()};
            emitReturned();
            const auto& ok = g->okList();
            for (std::int32_t i = 0; i < n; ++i) emit(EvKind::Result, i, ok[static_cast<std::size_t>(i)]);
            break;
        }
        case CollectKind::Wait: {
            std::vector<Ref<Future>> tasks;
            reserveHuge(tasks, static_cast<std::size_t>(n));
            for (std::int32_t i = 0; i < n; ++i) tasks.emplace_back(createRunnerTask(i));
            WaitResult r = co_await wait(loop_, tasks, c.timeout, c.returnWhen);
            emitReturned();
            sortByLabel(r.done);
            sortByLabel(r.pending);
            for (auto& f : r.done) emit(EvKind::Result, labelOf(f), okOf(f));
            for (auto& f : r.pending) emit(EvKind::Pending, labelOf(f));
            if (c.cancelOnReturn) {
                for (auto& f : r.pending) f->cancel();
                if (!r.pending.empty()) {
                    co_await wait(loop_, r.pending, -1.0, ReturnWhen::AllCompleted);
                    emitReturned();
                }
            }
            break;
        }
        case CollectKind::AsCompleted: {
            std::vector<Ref<Future>> tasks;
            reserveHuge(tasks, static_cast<std::size_t>(n));
            for (std::int32_t i = 0; i < n; ++i) tasks.emplace_back(createRunnerTask(i));
            Ref<AsCompleted> ac(new AsCompleted(loop_, std::move(tasks), c.timeout));
            for (std::size_t k = 0; k < ac->count(); ++k) {
                Ref<Future> f = co_await ac->next();
                if (f->cancelled()) throw PyError{{kCancelledError}};  // f.result() raises it; not an Exception
                emitReturned();
                emit(EvKind::Result, labelOf(f), okOf(f));
            }
            break;
        }
        case CollectKind::TaskGroup: {
            Ref<TaskGroup> tg(new TaskGroup(loop_));
            tg->enter();
            for (std::int32_t i = 0; i < n; ++i) tg->adopt(createRunnerTask(i), taskSerial_);
            co_await tg->exit(std::nullopt);
            emitReturned();
            for (std::int32_t i = 0; i < n; ++i) emit(EvKind::Result, i, 1);
            break;
        }
    }
    emitCollected();
}

Co<std::int64_t> Program::worker(Ref<Queue> q, std::int32_t index) {
    for (;;) {
        const auto i = static_cast<std::int32_t>(co_await q->get());
        emit(EvKind::Worker, i, index);
        std::optional<PyExc> base;
        try {
            co_await runJobInline(i);
        } catch (const PyError& e) {
            if (e.exc.isBaseOnly()) base = e.exc;  // `except Exception: pass` lets it through
        }
        q->taskDone();
        if (base) throw PyError{*base};
    }
}

Ref<Task> Program::createRunnerTask(std::int32_t i) {
    if (sc_.tasks[static_cast<std::size_t>(i)].hasTimeout()) return createTask(runnerWithTimeout(i), i);
    if (leanEligible(i)) return registerTask(Ref<Task>(new Task(loop_, Task::Lean{}, i)));
    return createTask(job(i), i);
}

// asyncio.wait_for(job(i), timeout): waitFor's own coroutine, not one
// awaiting it (a frame less for each task with a timeout).
Co<std::int64_t> Program::runnerWithTimeout(std::int32_t i) {
    return waitFor(loop_, job(i), i, sc_.tasks[static_cast<std::size_t>(i)].timeout,
                   [this](Co<std::int64_t> co, std::int32_t label) { return createTask(std::move(co), label); });
}

Co<std::int64_t> Program::runnerInline(std::int32_t i) {
    if (sc_.tasks[static_cast<std::size_t>(i)].hasTimeout()) co_return co_await runnerWithTimeout(i);
    co_return co_await job(i);
}

// `await runner(i)` inside a task that is no scenario task of its own (a
// queue worker, main() of `sequential`): while it runs job i the task is
// lane i (its label), as a task made for job i would be.
Co<std::int64_t> Program::runJobInline(std::int32_t i) {
    Task* me = Task::current();
    me->setLabel(i);
    try {
        co_await runnerInline(i);
    } catch (...) {
        me->setLabel(-1);
        throw;
    }
    me->setLabel(-1);
    co_return 0;
}

// ---------------------------------------------------------------- lean jobs
// The common case of job() (no arrive, no timeout, no release pitfalls, a
// shared or no semaphore, only io/cpu/raise steps) as a frame-less state
// machine in the task itself: a million tasks waiting for a permit cost a
// task and a waiter future each, no coroutine frame. Same events, same
// awaits, same order as this coroutine, which it replaces:
//
//   emit(Created)
//   try:
//       emit(Request)
//       if s: await s.acquire(i)                 # kAcquiring
//       mark running
//       try:
//           for step in steps[k:]:               # kSleeping / kYielded at an io step
//               io: await sleep(d); cpu: block the loop; raise: raise
//       except: release(i, s); raise
//       release(i, s)
//   except PyError as e: return afterFailure(i, e)
//   emit(Done); onEnd(i); return i

bool Program::leanEligible(std::int32_t i) const {
    const TaskSpec& ts = sc_.tasks[static_cast<std::size_t>(i)];
    return runsLean(sc_.limit.kind, ts, sc_.stepsOf(ts));
}

bool Program::runsLean(LimitKind k, const TaskSpec& ts, const Step* steps) {
    const bool leanKind = k == LimitKind::None || k == LimitKind::Semaphore || k == LimitKind::BoundedSemaphore ||
                          k == LimitKind::Adaptive || k == LimitKind::Queue || k == LimitKind::Manual ||
                          k == LimitKind::Chunks || k == LimitKind::Connector || k == LimitKind::Scheduler;
    if (!leanKind || ts.hasTimeout() || ts.arrive > 0 || ts.forgetRelease || ts.releaseTwice) return false;
    for (std::uint32_t k2 = 0; k2 < ts.stepCount; ++k2) {
        const StepKind sk = steps[k2].kind;
        if (sk != StepKind::Io && sk != StepKind::Cpu && sk != StepKind::Raise) return false;
    }
    return true;
}

bool Program::leanStep(Task& t) {
    const std::int32_t i = t.label();
    Semaphore* s = sem_.get();
    std::int32_t caught = -1;
    try {
        switch (t.leanState()) {
            case Task::kLeanStart:
                emitCreated(i);
                emit(EvKind::Request, i);
                if (s) {
                    auto aw = s->acquire(i);
                    if (!aw.awaitReadyOwn(t)) {
                        t.suspendLean(kLeanAcquiring, 0);
                        return false;
                    }
                }
                markRunning(i);
                break;
            case kLeanAcquiring: {
                Semaphore::AcquireAwaiter aw{s, Ref<Future>(&t), i, true};
                aw.await_resume();
                markRunning(i);
                break;
            }
            default:
                break;  // inside the held block
        }
        if (leanHeld(t, s)) return false;
    } catch (const PyError& e) {
        caught = e.exc.cls;
    }
    if (caught >= 0) {
        afterFailure(i, PyExc{caught});  // returns only for a swallowed cancel
        return true;
    }
    emitEnd(EvKind::Done, i);
    onEnd(i, false);
    return true;
}

// The held block from the step in progress; true when it suspended.
bool Program::leanHeld(Task& t, Semaphore* s) {
    const std::int32_t i = t.label();
    try {
        std::uint32_t k = 0;
        if (t.leanState() == kLeanSleeping) {
            // Resume `await asyncio.sleep(d)`: the task was its own sleep
            // future. finally: h.cancel(); then the future's result.
            const bool cancelled = t.ownWaiter() == Task::kWaitCancelled;
            t.ownWaiterEnd();
            loop_.cancel(t.takeLeanTimer().get());
            t.throwIfThrownIn();
            if (cancelled) throw PyError{{kCancelledError}};
            k = t.leanIndex() + 1;
        } else if (t.leanState() == kLeanYielded) {
            t.throwIfThrownIn();  // the bare yield of asyncio.sleep(d <= 0)
            k = t.leanIndex() + 1;
        }
        const TaskSpec& ts = sc_.tasks[static_cast<std::size_t>(i)];
        const Step* steps = sc_.stepsOf(ts);
        for (; k < ts.stepCount; ++k) {
            const Step& st = steps[k];
            if (st.kind == StepKind::Io) {
                // await asyncio.sleep(d): the task is the future the timer resolves.
                if (st.duration > 0) {
                    t.ownWaiterBegin();
                    t.suspendLean(kLeanSleeping, k, loop_.callLater(st.duration, &Task::ownSleepTimer, &t, nullptr));
                } else {
                    t.suspendLean(kLeanYielded, k);
                }
                return true;
            }
            if (st.kind == StepKind::Cpu) {
                cpuStep(i, st.duration);
            } else {
                throw PyError{{excSym_[static_cast<std::size_t>(st.exc)]}};
            }
        }
    } catch (...) {
        if (s) release(i, *s);
        throw;
    }
    if (s) release(i, *s);
    return false;
}

void Program::markRunning(std::int32_t i) {
    if (!runningAt_.empty()) runningAt_[static_cast<std::size_t>(i)] = loop_.time();
    emit(EvKind::Running, i);
}

// time.sleep(d): the loop is blocked, the clock moves on.
void Program::cpuStep(std::int32_t i, double d) {
    emit(EvKind::CpuBegin, i);
    const double t0 = loop_.time();
    loop_.advance(d);
    collectReady(i, t0, loop_.time());
    emit(EvKind::CpuEnd, i);
}

// ---------------------------------------------------------------- frozen tasks
// The rule (docs/trace-extensions.md, `ready` and `resumed`), as the
// reference runner applies it to CPython's own loop by looking at
// loop._ready and loop._scheduled when a cpu step ends: a task is ready when
// its __step/__wakeup is queued, or a timer that resolves the future it
// awaits is queued or due by the end of the block. Each lane (the scenario
// task a task runs) other than the blocker's that is between `created` and
// its end and not frozen yet gets one `ready`, at the block's start for
// queued work and at the timer's deadline for a timer due inside the block.
//
// The engine looks at each queued entry once (readyScanned_): an entry
// queued at an earlier block whose task has not stepped since is still
// queued, and its task is marked (marked_). A marked task whose lane is not
// frozen (latent_) counts as queued at the next block's start, as a second
// look at the queue would find it.

Task* Program::readyTask(const Ready& r) const {
    if (r.fn == &Task::stepCallback || r.fn == &Task::wakeupCallback) return static_cast<Task*>(r.self);
    if (const Handle* h = r.timer(); h && !h->cancelled) return timerTask(*h);
    return nullptr;
}

// The task waiting on the future this timer resolves: asyncio.sleep's
// future, a pool job's future, wait_for's waiter; a lean task in
// asyncio.sleep is its own sleep future.
Task* Program::timerTask(const Handle& h) const {
    if (h.fn == &Task::ownSleepTimer) return static_cast<Task*>(h.self.get());
    const Future* f = nullptr;
    if (h.fn == &setResultUnlessCancelled || h.fn == &releaseWaiter)
        f = h.fut.get();
    else if (h.fn == &Program::poolFinish)
        f = static_cast<const PoolJob*>(h.self.get());
    return f ? static_cast<Task*>(f->callbackSelf(&Task::wakeupCallback)) : nullptr;
}

void Program::collectReady(std::int32_t blocker, double t0, double t1) {
    std::vector<std::pair<double, std::int32_t>> found;  // (moment, lane)
    const auto consider = [&](Task* t, double when) {
        const std::int32_t lane = t->label();
        if (lane < 0 || lane_[static_cast<std::size_t>(lane)] != kLaneAlive) return;
        LaneMarks& lm = laneMarks_[lane];
        const bool fresh = marked_.try_emplace(t, lane).second;
        if (fresh) lm.tasks.push_back(t);
        if (lm.frozen) return;  // one more task of a frozen lane
        if (lane != blocker)
            found.emplace_back(when, lane);
        else if (fresh)
            latent_.push_back(t);  // a lane does not freeze itself; maybe the next block
    };
    // Marked tasks whose lane is not frozen: still queued since an earlier block.
    std::size_t keep = 0;
    for (Task* t : latent_) {
        const auto m = marked_.find(t);
        if (m == marked_.end() || lane_[static_cast<std::size_t>(m->second)] != kLaneAlive) continue;
        if (laneMarks_[m->second].frozen) continue;
        if (m->second == blocker)
            latent_[keep++] = t;
        else
            found.emplace_back(t0, m->second);
    }
    latent_.resize(keep);
    // Work queued since the last look.
    const RingQueue<Ready>& ready = loop_.ready();
    const std::size_t popped = ready.popped();
    for (std::size_t k = readyScanned_ > popped ? readyScanned_ - popped : 0; k < ready.size(); ++k)
        if (Task* t = readyTask(ready[k])) consider(t, t0);
    readyScanned_ = popped + ready.size();
    // Timers due by the end of the block (the heap, pruned below a later deadline).
    const std::vector<TimerSlot>& heap = loop_.scheduled();
    std::vector<std::size_t> stack;
    if (!heap.empty()) stack.push_back(0);
    while (!stack.empty()) {
        const std::size_t k = stack.back();
        stack.pop_back();
        if (heap[k].when > t1) continue;
        if (!heap[k].h->cancelled)
            if (Task* t = timerTask(*heap[k].h)) consider(t, std::max(t0, heap[k].when));
        if (2 * k + 1 < heap.size()) stack.push_back(2 * k + 1);
        if (2 * k + 2 < heap.size()) stack.push_back(2 * k + 2);
    }
    if (marked_.empty()) return;
    // One `ready` per lane, at its earliest moment, in time order.
    std::sort(found.begin(), found.end());
    for (const auto& [when, lane] : found) {
        LaneMarks& lm = laneMarks_[lane];
        if (lm.frozen) continue;
        lm.frozen = true;
        emitAt(when, EvKind::Ready, lane);
    }
    Task::setStepWatcher(this);
}

// A task steps while some are marked: its lane resumes if it was frozen.
void Program::taskSteps(Task& t) {
    if (const auto m = marked_.find(&t); m != marked_.end()) {
        std::vector<Task*>& mine = laneMarks_[m->second].tasks;
        mine.erase(std::find(mine.begin(), mine.end(), &t));
        marked_.erase(m);
    }
    if (const std::int32_t lane = t.label(); lane >= 0) {
        const auto it = laneMarks_.find(lane);
        if (it != laneMarks_.end()) {
            if (it->second.frozen) {
                emit(EvKind::Resumed, lane);
                it->second.frozen = false;
                latent_.insert(latent_.end(), it->second.tasks.begin(), it->second.tasks.end());
            }
            if (it->second.tasks.empty()) laneMarks_.erase(it);
        }
    }
    if (marked_.empty()) {
        laneMarks_.clear();
        latent_.clear();
        Task::setStepWatcher(nullptr);
    }
}

// job()'s except clauses; returns normally only for a swallowed cancel.
std::int64_t Program::afterFailure(std::int32_t i, PyExc exc) {
    const TaskSpec& ts = sc_.tasks[static_cast<std::size_t>(i)];
    if (exc.isCancelled()) {
        if (ts.ignoreCancel) {
            emit(EvKind::Swallowed, i);
            emitEnd(EvKind::Done, i);
            return i;
        }
        emitEnd(EvKind::Cancelled, i);
        throw PyError{exc};
    }
    if (exc.isBaseOnly()) throw PyError{exc};
    emitEnd(EvKind::Failed, i);
    emit(EvKind::FailedExc, i, symOf(exc));
    onEnd(i, true);
    throw PyError{exc};
}

Co<std::int64_t> Program::job(std::int32_t i) {
    const TaskSpec& ts = sc_.tasks[static_cast<std::size_t>(i)];
    emitCreated(i);
    std::optional<PyExc> caught;
    try {
        if (ts.arrive > 0) co_await sleep(loop_, ts.arrive);
        emit(EvKind::Request, i);
        const LimitKind kind = sc_.limit.kind;
        Ref<Semaphore> own;
        Semaphore* s = nullptr;
        const PermitModel permits = limitKindInfo(kind).permits;
        if (permits == PermitModel::PerTask) {
            own = Ref<Semaphore>(new Semaphore(loop_, sc_.limit.value));
            s = own.get();
        } else if (permits == PermitModel::Shared) {
            s = sem_.get();
        }
        if (permits == PermitModel::Rate) {
            co_await rateEnter(i);
            markRunning(i);
            if (ts.forgetRelease) {
                co_await runSteps(i);
            } else {
                try {
                    co_await runSteps(i);
                } catch (...) {
                    rateExit(i);
                    throw;
                }
                rateExit(i);
                if (ts.releaseTwice && sem_) release(i, *sem_);
            }
        } else if (s) {
            co_await s->acquire(i);
            markRunning(i);
            if (ts.forgetRelease) {
                co_await runSteps(i);
            } else {
                try {
                    co_await runSteps(i);
                } catch (...) {
                    release(i, *s);
                    throw;
                }
                release(i, *s);
                if (ts.releaseTwice) release(i, *s);
            }
        } else {
            markRunning(i);
            co_await runSteps(i);
        }
    } catch (const PyError& e) {
        caught = e.exc;
    }
    if (caught) co_return afterFailure(i, *caught);
    emitEnd(EvKind::Done, i);
    onEnd(i, false);
    co_return i;
}

Co<void> Program::runSteps(std::int32_t i) {
    const TaskSpec& ts = sc_.tasks[static_cast<std::size_t>(i)];
    const Step* steps = sc_.stepsOf(ts);
    for (std::uint32_t k = 0; k < ts.stepCount; ++k) {
        const Step& st = steps[k];
        switch (st.kind) {
            case StepKind::Io:
                co_await sleep(loop_, st.duration);
                break;
            case StepKind::Cpu:
                cpuStep(i, st.duration);
                break;
            case StepKind::Thread:
                co_await threadStep(i, st.duration, false);
                break;
            case StepKind::Process:
                co_await threadStep(i, st.duration, true);
                break;
            case StepKind::Increment:
                co_await incrementStep(i, st.duration);
                break;
            case StepKind::Call:
                co_await serviceCall(i, st.duration);
                break;
            case StepKind::Raise:
                throw PyError{{excSym_[static_cast<std::size_t>(st.exc)]}};
        }
    }
}

void Program::release(std::int32_t i, Semaphore& s) {
    const std::int32_t woken = s.release(i);
    emit(EvKind::Release, i, woken);
}

Co<void> Program::rateEnter(std::int32_t i) {
    if (sem_) co_await sem_->acquire(i);
    const double now = loop_.time();
    const double start = std::max(now, rateNextStart_);
    rateNextStart_ = start + 1.0 / sc_.limit.maxPerSecond;
    if (start > now) co_await sleep(loop_, start - now);
}

void Program::rateExit(std::int32_t i) {
    if (sem_) release(i, *sem_);
}

// await loop.run_in_executor(pool, ...): the job is the future awaited, and
// the step awaits it directly (no coroutine frame of its own: a million
// jobs queued for four threads cost a job each).
Program::PoolAwait Program::threadStep(std::int32_t i, double d, bool process) {
    WorkerPool& pool = process ? processes_ : threads_;
    Ref<PoolJob> job(new PoolJob(loop_));
    job->program = this;
    job->pool = &pool;
    job->d = d;
    job->label = i;
    if (pool.busy < pool.maxWorkers)
        poolStart(job);
    else
        pool.queue.push_back(job);
    return PoolAwait{std::move(job)};
}

void Program::poolStart(const Ref<PoolJob>& job) {
    ++job->pool->busy;
    emit(EvKind::ThreadBegin, job->label, job->pool->process ? 1 : 0);
    loop_.callLater(job->d, &Program::poolFinish, job.get(), nullptr);
}

void Program::poolFinish(RefCounted* self, Future*) {
    auto* job = static_cast<PoolJob*>(self);
    Program* p = job->program;
    WorkerPool& pool = *job->pool;
    --pool.busy;
    p->emit(EvKind::ThreadEnd, job->label, pool.process ? 1 : 0);
    if (!job->done()) job->setResult(0);
    while (!pool.queue.empty()) {
        Ref<PoolJob> next = std::move(pool.queue.front());
        pool.queue.pop_front();
        if (next->cancelled()) continue;  // a cancelled work item never runs
        p->poolStart(next);
        break;
    }
}

// v = counter; await asyncio.sleep(d); counter = v + 1 (inside `async with
// lock:` when the scenario asks for the lock).
Co<void> Program::incrementStep(std::int32_t i, double d) {
    if (counterLock_) {
        if (counterLock_->wouldWait()) emit(EvKind::LockWait, i);
        co_await counterLock_->acquire();
        emit(EvKind::LockHeld, i);
        try {
            co_await readSleepWrite(i, d);
        } catch (...) {
            counterLock_->release();
            emit(EvKind::LockFree, i);
            throw;
        }
        counterLock_->release();
        emit(EvKind::LockFree, i);
    } else {
        co_await readSleepWrite(i, d);
    }
    ++incrementsDone_;
}

// v = counter; await asyncio.sleep(d); counter = v + 1, traced as read/write.
Co<void> Program::readSleepWrite(std::int32_t i, double d) {
    const std::int64_t v = counter_;
    emit(EvKind::Read, i, static_cast<std::int32_t>(v));
    co_await sleep(loop_, d);
    counter_ = v + 1;
    emit(EvKind::Write, i, static_cast<std::int32_t>(counter_));
}

Co<void> Program::serviceCall(std::int32_t i, double d) {
    const Service& svc = *sc_.service;
    if (svc.rateLimit) {
        const double now = loop_.time();
        tokens_ = std::min(svc.rateLimit->burst, tokens_ + (now - stamp_) * svc.rateLimit->perSecond);
        stamp_ = now;
        if (tokens_ < 1) {
            emit(EvKind::Rejected, i, 429);
            throw PyError{{kOverloaded}};
        }
        tokens_ -= 1;
    }
    if (svc.queueLimit && inside_ >= svc.capacity + *svc.queueLimit) {
        emit(EvKind::Rejected, i, 503);
        throw PyError{{kOverloaded}};
    }
    ++inside_;
    try {
        co_await slots_->acquire(i);
        try {
            co_await sleep(loop_, d);
        } catch (...) {
            slots_->release(i);
            throw;
        }
        slots_->release(i);
    } catch (...) {
        --inside_;
        throw;
    }
    --inside_;
}

void Program::onEnd(std::int32_t i, bool failed) {
    if (sc_.limit.kind != LimitKind::Adaptive) return;
    const double ranAt = runningAt_[static_cast<std::size_t>(i)];
    if (std::isnan(ranAt)) return;
    const Limit& lim = sc_.limit;
    const double latency = loop_.time() - ranAt;
    const std::int64_t limit = sem_->limit();
    std::int64_t next = limit;
    if (failed || latency > lim.latencyTarget) {
        next = std::max(lim.min, limit / 2);
        successes_ = 0;
    } else if (++successes_ >= limit) {
        next = std::min(lim.max, limit + 1);
        successes_ = 0;
    }
    if (next != limit) resize(next);
}

void Program::resize(std::int64_t n) {
    emit(EvKind::Limit, -1, static_cast<std::int32_t>(n));
    std::vector<std::int32_t> woken;
    sem_->resize(n, &woken);
    for (std::int32_t w : woken) emit(EvKind::Wake, w, -1);
}

void Program::resizeCallback(RefCounted* self, Future*) {
    auto* e = static_cast<ResizeEntry*>(self);
    e->program->resize(e->value);
}

// ---------------------------------------------------------------- the runner

void Program::runUntilComplete(Future* f, Phase phase) {
    phase_ = phase;
    phaseFuture_ = f;
    f->addDoneCallback(&Program::stopCallback, stopToken_.get());
}

void Program::stopCallback(RefCounted* self, Future*) { static_cast<StopToken*>(self)->p->stopping_ = true; }

bool Program::onBlockForever() {
    // select() would never return: what Ctrl-C does to asyncio.run().
    if (phase_ == Phase::Main && interruptCount_ == 0 && !mainTask_->done()) {
        ++interruptCount_;  // Runner._on_sigint
        mainTask_->cancel();
        loop_.callSoon(&Program::noop, nullptr, nullptr);
        return true;
    }
    ++interruptCount_;  // KeyboardInterrupt out of this run_until_complete
    return false;
}

bool Program::step() {
    const bool more = stepOnce();
    flushEvents();
    return more;
}

// step() until the end, with events reaching the sink in full batches (no
// one looks at the sink between iterations).
void Program::runToEnd() {
    while (stepOnce()) {
    }
    flushEvents();
}

bool Program::stepOnce() {
    if (phase_ == Phase::Done) return false;
    enterThread();
    const bool completed = loop_.runOnce([this] { return onBlockForever(); });
    if (!completed) {
        phaseFuture_->removeDoneCallback(&Program::stopCallback, stopToken_.get());
        escaped_ = kKeyboardInterrupt;
        if (phase_ == Phase::Main)
            startClosePhase();  // Runner.close() still runs (asyncio.run's `with`)
        else
            finish();           // the SIGINT handler is gone: KeyboardInterrupt ends it all
        return phase_ != Phase::Done;
    }
    if (stopping_) {
        stopping_ = false;
        afterStop();
    }
    return phase_ != Phase::Done;
}

void Program::afterStop() {
    phaseFuture_->removeDoneCallback(&Program::stopCallback, stopToken_.get());
    switch (phase_) {
        case Phase::Main:
            settleMain();
            startClosePhase();
            break;
        case Phase::CancelAll:
            runUntilComplete(createTask(trivial(), -1).get(), Phase::AsyncGens);
            break;
        case Phase::AsyncGens:
            runUntilComplete(createTask(trivial(), -1).get(), Phase::Executor);
            break;
        case Phase::Executor:
        case Phase::Done:
            finish();
            break;
    }
}

void Program::startClosePhase() {
    // _cancel_all_tasks(loop): all_tasks() is a set; we use creation order.
    std::vector<Ref<Future>> toCancel;
    for (auto& t : allTasks_)
        if (!t->done()) toCancel.emplace_back(t);
    if (toCancel.empty()) {
        runUntilComplete(createTask(trivial(), -1).get(), Phase::AsyncGens);
        return;
    }
    for (auto& t : toCancel) t->cancel();
    Ref<GatheringFuture> g = gather(loop_, std::move(toCancel), true);
    runUntilComplete(g.get(), Phase::CancelAll);
}

// Runner.run() after run_until_complete(main) returned or raised.
void Program::settleMain() {
    if (mainTask_->cancelled()) {
        // CancelledError; after Ctrl-C it becomes KeyboardInterrupt if the
        // interrupt's cancel request was the last one.
        escaped_ = interruptCount_ > 0 && mainTask_->uncancel() == 0 ? kKeyboardInterrupt : kCancelledError;
    } else if (auto e = mainTask_->exception()) {
        escaped_ = symOf(*e);
    }
}

void Program::finish() {
    Outcome o = Outcome::Ok;
    std::int32_t cls = -1;
    if (escaped_ == kKeyboardInterrupt) {
        o = Outcome::Deadlock;
    } else if (escaped_ >= 0) {
        o = Outcome::Raised;
        cls = escaped_;
    }
    flushEvents();  // `end` comes after every event before it
    sink_->append(TraceEvent{loop_.time(), cls, EvKind::End, static_cast<std::int32_t>(o)}, symbols_);
    phase_ = Phase::Done;
}

double Program::nextTime() const {
    if (phase_ == Phase::Done) return std::numeric_limits<double>::infinity();
    if (loop_.hasReady() || !loop_.hasTimers()) return loop_.time();
    return loop_.nextIterationTime();
}

std::string Program::describe(CallbackFn fn, RefCounted* self) {
    auto taskName = [](RefCounted* t) {
        const std::int32_t label = static_cast<Task*>(t)->label();
        return label >= 0 ? "task " + std::to_string(label) : std::string("main");
    };
    if (fn == &Task::stepCallback) return "Task.__step (" + taskName(self) + ")";
    if (fn == &Task::wakeupCallback) return "Task.__wakeup (" + taskName(self) + ")";
    if (fn == &setResultUnlessCancelled || fn == &Task::ownSleepTimer) return "sleep: _set_result_unless_cancelled";
    if (fn == &releaseWaiter) return "_release_waiter (timeout)";
    if (fn == &Program::resizeCallback) return "sem.resize (schedule)";
    if (fn == &Program::poolFinish) return "thread pool job ends";
    if (fn == &Program::stopCallback) return "_run_until_complete_cb";
    if (fn == &GatheringFuture::doneCallback) return "gather: _done_callback";
    return "callback";
}

LoopSnapshot Program::snapshot() const {
    LoopSnapshot s;
    s.now = loop_.time();
    s.iterations = loop_.iterations();
    s.finished = finished();
    for (const Ready& r : loop_.ready()) {
        const Handle* h = r.timer();
        if (h && h->cancelled) continue;
        s.ready.push_back(h ? describe(h->fn, h->self.get()) : describe(r.fn, r.self));
    }
    std::vector<Handle*> timers;
    for (const TimerSlot& e : loop_.scheduled())
        if (!e.h->cancelled) timers.push_back(e.h);
    std::sort(timers.begin(), timers.end(), [](Handle* a, Handle* b) { return a->when < b->when; });
    for (std::size_t k = 0; k < timers.size() && k < 16; ++k)
        s.timers.push_back({timers[k]->when, describe(timers[k]->fn, timers[k]->self.get())});
    auto addSem = [&](const char* name, const Semaphore* sem) {
        if (!sem) return;
        LoopSnapshot::Sem o;
        o.name = name;
        o.limit = sem->limit();
        o.value = sem->value();
        o.holders = sem->holders();
        for (const auto& w : sem->waiters())
            if (!w.done()) o.waiters.push_back(w.label);
        s.semaphores.push_back(std::move(o));
    };
    addSem(sc_.limit.kind == LimitKind::Rate ? "max_at_once" : "sem", sem_.get());
    addSem("service.slots", slots_.get());
    s.threadsBusy = threads_.busy;
    s.threadsQueued = static_cast<std::int64_t>(threads_.queue.size());
    return s;
}

}  // namespace cs::detail
