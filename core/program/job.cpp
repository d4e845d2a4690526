#include "program/job.h"

#include <algorithm>

#include "combinators/wait.h"
#include "model/kinds.h"
#include "program/frozen_lanes.h"
#include "program/limiter.h"
#include "program/runner.h"
#include "program/simulation.h"
#include "program/trace_out.h"
#include "sync/sleep.h"

namespace cs::detail {

// `await job`: AwaitFuture, holding the job until the step suspends on it
// (then the task's wait keeps it).
struct Jobs::PoolAwait {
    Ref<PoolJob> job;
    bool await_ready() const noexcept { return job->done(); }
    void await_suspend(std::coroutine_handle<> h) const { Task::current()->yieldFuture(h, job.get()); }
    std::int64_t await_resume() const { return AwaitFuture{job.get()}.await_resume(); }
};

Jobs::Jobs(ProgramParts& p, bool leanTasks)
    : p_(p), sc_(p.sc), out_(p.out), loop_(p.loop), limiter_(p.limiter), lean_(leanTasks) {
    excSym_.reserve(sc_.excNames.size());
    for (const auto& n : sc_.excNames) excSym_.push_back(userExceptionSymbol(n));
    if (lean_ && limitKindInfo(sc_.limit.kind).permits == PermitModel::Shared) {
        Ref<Semaphore> unused;
        leanSem_ = p.limiter->permits(unused);
    }
    if (sc_.service) {
        slots_ = Ref<Semaphore>(new Semaphore(p.loop, sc_.service->capacity));
        if (sc_.service->rateLimit) tokens_ = sc_.service->rateLimit->burst;
    }
    threads_.maxWorkers = sc_.maxWorkers;
    processes_.maxWorkers = sc_.processWorkers;
    processes_.process = true;
    if (sc_.counterLock) counterLock_ = Ref<Lock>(new Lock(p.loop));
}

// What `raise Name()` raises in the oracle: the builtin Exception class of
// that name, else a new Exception subclass. Builtins that cannot be raised
// that way fail as CPython fails.
std::int32_t Jobs::userExceptionSymbol(const std::string& name) {
    Symbols& symbols = out_.symbols();
    if (name == "CancelledError" || name == "KeyboardInterrupt") return symbols.add(name);  // not asyncio's
    if (name == "ExceptionGroup" || name == "UnicodeDecodeError" || name == "UnicodeEncodeError" ||
        name == "UnicodeTranslateError")
        return symbols.intern("TypeError");  // their constructors need arguments
    if (name == "StopIteration") return kRuntimeError;  // PEP 479: coroutine raised StopIteration
    return symbols.intern(name);
}

void Jobs::collected() {
    if (sc_.usesCounter())
        out_.emit(EvKind::Counter, static_cast<std::int32_t>(incrementsDone_), static_cast<std::int32_t>(counter_));
    out_.emit(EvKind::Collected, -1);
}

Ref<Task> Jobs::createRunnerTask(std::int32_t i) {
    if (sc_.tasks[static_cast<std::size_t>(i)].hasTimeout()) return p_.runner.createTask(runnerWithTimeout(i), i);
    if (leanEligible(i)) return p_.runner.registerTask(Ref<Task>(new Task(loop_, Task::Lean{}, i)));
    return p_.runner.createTask(job(i), i);
}

// asyncio.wait_for(job(i), timeout): waitFor's own coroutine, not one
// awaiting it (a frame less for each task with a timeout).
Co<std::int64_t> Jobs::runnerWithTimeout(std::int32_t i) {
    return waitFor(loop_, job(i), i, sc_.tasks[static_cast<std::size_t>(i)].timeout,
                   [this](Co<std::int64_t> co, std::int32_t label) { return p_.runner.createTask(std::move(co), label); });
}

Co<std::int64_t> Jobs::runnerInline(std::int32_t i) {
    if (sc_.tasks[static_cast<std::size_t>(i)].hasTimeout()) co_return co_await runnerWithTimeout(i);
    co_return co_await job(i);
}

// `await runner(i)` inside a task that is no scenario task of its own (a
// queue worker, main() of `sequential`): while it runs job i the task is
// lane i (its label), as a task made for job i would be.
Co<std::int64_t> Jobs::runJobInline(std::int32_t i) {
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

// ---------------------------------------------------------------- the job

Co<std::int64_t> Jobs::job(std::int32_t i) {
    const TaskSpec& ts = sc_.tasks[static_cast<std::size_t>(i)];
    Limiter& limiter = *limiter_;
    out_.created(i);
    std::optional<PyExc> caught;
    try {
        if (ts.arrive > 0) co_await sleep(loop_, ts.arrive);
        out_.emit(EvKind::Request, i);
        Ref<Semaphore> own;
        Semaphore* s = limiter.permits(own);
        if (s) co_await s->acquire(i);
        if (limiter.paces()) co_await limiter.pace(i);
        markRunning(i);
        if (!s) {
            co_await runSteps(i);
        } else if (ts.forgetRelease) {
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
    } catch (const PyError& e) {
        caught = e.exc;
    }
    if (caught) co_return afterFailure(i, *caught);
    out_.ended(EvKind::Done, i);
    limiter.ended(i, false);
    co_return i;
}

// job()'s except clauses; returns normally only for a swallowed cancel.
std::int64_t Jobs::afterFailure(std::int32_t i, PyExc exc) {
    const TaskSpec& ts = sc_.tasks[static_cast<std::size_t>(i)];
    if (exc.isCancelled()) {
        if (ts.ignoreCancel) {
            out_.emit(EvKind::Swallowed, i);
            out_.ended(EvKind::Done, i);
            return i;
        }
        out_.ended(EvKind::Cancelled, i);
        throw PyError{exc};
    }
    if (exc.isBaseOnly()) throw PyError{exc};
    out_.ended(EvKind::Failed, i);
    out_.emit(EvKind::FailedExc, i, exc.cls);
    limiter_->ended(i, true);
    throw PyError{exc};
}

void Jobs::release(std::int32_t i, Semaphore& s) { Limiter::release(p_, i, s); }

void Jobs::markRunning(std::int32_t i) {
    limiter_->gotIn(i);
    out_.emit(EvKind::Running, i);
}

// time.sleep(d): the loop is blocked, the clock moves on.
void Jobs::cpuStep(std::int32_t i, double d) {
    out_.emit(EvKind::CpuBegin, i);
    const double t0 = loop_.time();
    loop_.advance(d);
    p_.frozen.blocked(i, t0, loop_.time());
    out_.emit(EvKind::CpuEnd, i);
}

Co<void> Jobs::runSteps(std::int32_t i) {
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

// ---------------------------------------------------------------- lean jobs
// job() for its common case as a frame-less state machine in the task
// itself. Same events, same awaits, same order as this coroutine, which it
// replaces:
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
//   emit(Done); ended(i); return i

bool Jobs::leanEligible(std::int32_t i) const {
    if (!lean_) return false;
    const TaskSpec& ts = sc_.tasks[static_cast<std::size_t>(i)];
    return runsLean(sc_.limit.kind, ts, sc_.stepsOf(ts));
}

bool Jobs::runsLean(LimitKind k, const TaskSpec& ts, const Step* steps) {
    // None: none, or main() paces the tasks (queue, manual, chunks,
    // scheduler); Shared: one semaphore. Not a semaphore per task, not rate.
    const PermitModel permits = limitKindInfo(k).permits;
    const bool leanKind = permits == PermitModel::None || permits == PermitModel::Shared;
    if (!leanKind || ts.hasTimeout() || ts.arrive > 0 || ts.forgetRelease || ts.releaseTwice) return false;
    for (std::uint32_t k2 = 0; k2 < ts.stepCount; ++k2) {
        const StepKind sk = steps[k2].kind;
        if (sk != StepKind::Io && sk != StepKind::Cpu && sk != StepKind::Raise) return false;
    }
    return true;
}

bool Jobs::leanStep(Task& t) {
    const std::int32_t i = t.label();
    Semaphore* s = leanSem_;
    std::int32_t caught = -1;
    try {
        switch (t.leanState()) {
            case Task::kLeanStart:
                out_.created(i);
                out_.emit(EvKind::Request, i);
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
    out_.ended(EvKind::Done, i);
    limiter_->ended(i, false);
    return true;
}

// The held block from the step in progress; true when it suspended.
bool Jobs::leanHeld(Task& t, Semaphore* s) {
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

// ---------------------------------------------------------------- thread and process pools

// await loop.run_in_executor(pool, ...): the job is the future awaited, and
// the step awaits it directly (no coroutine frame of its own: a million
// jobs queued for four threads cost a job each).
Jobs::PoolAwait Jobs::threadStep(std::int32_t i, double d, bool process) {
    WorkerPool& pool = process ? processes_ : threads_;
    Ref<PoolJob> job(new PoolJob(loop_));
    job->jobs = this;
    job->pool = &pool;
    job->d = d;
    job->label = i;
    if (pool.busy < pool.maxWorkers) {
        poolStart(job);
    } else {
        // No worker free: the job waits in the pool's queue (its lane shows it).
        out_.emit(EvKind::ThreadQueued, i, process ? 1 : 0);
        pool.queue.push_back(job);
    }
    return PoolAwait{std::move(job)};
}

bool Jobs::PoolJob::cancel() {
    if (!cancelFuture()) return false;  // (a job that ended is done: nothing to leave)
    jobs->out_.emit(started ? EvKind::ThreadLeft : EvKind::ThreadEnd, label, pool->process ? 1 : 0);
    return true;
}

void Jobs::poolStart(const Ref<PoolJob>& job) {
    job->started = true;
    ++job->pool->busy;
    out_.emit(EvKind::ThreadBegin, job->label, job->pool->process ? 1 : 0);
    loop_.callLater(job->d, &Jobs::poolFinish, job.get(), nullptr);
}

void Jobs::poolFinish(RefCounted* self, Future*) {
    auto* job = static_cast<PoolJob*>(self);
    Jobs* jobs = job->jobs;
    WorkerPool& pool = *job->pool;
    --pool.busy;
    jobs->out_.emit(EvKind::ThreadEnd, job->label, pool.process ? 1 : 0);
    if (!job->done()) job->setResult(0);
    while (!pool.queue.empty()) {
        Ref<PoolJob> next = std::move(pool.queue.front());
        pool.queue.pop_front();
        if (next->cancelled()) continue;  // a cancelled work item never runs
        jobs->poolStart(next);
        break;
    }
}

// ---------------------------------------------------------------- the shared counter

// v = counter; await asyncio.sleep(d); counter = v + 1 (inside `async with
// lock:` when the scenario asks for the lock).
Co<void> Jobs::incrementStep(std::int32_t i, double d) {
    if (counterLock_) {
        if (counterLock_->wouldWait()) out_.emit(EvKind::LockWait, i);
        co_await counterLock_->acquire();
        out_.emit(EvKind::LockHeld, i);
        try {
            co_await readSleepWrite(i, d);
        } catch (...) {
            counterLock_->release();
            out_.emit(EvKind::LockFree, i);
            throw;
        }
        counterLock_->release();
        out_.emit(EvKind::LockFree, i);
    } else {
        co_await readSleepWrite(i, d);
    }
    ++incrementsDone_;
}

// v = counter; await asyncio.sleep(d); counter = v + 1, traced as read/write.
Co<void> Jobs::readSleepWrite(std::int32_t i, double d) {
    const std::int64_t v = counter_;
    out_.emit(EvKind::Read, i, static_cast<std::int32_t>(v));
    co_await sleep(loop_, d);
    counter_ = v + 1;
    out_.emit(EvKind::Write, i, static_cast<std::int32_t>(counter_));
}

// ---------------------------------------------------------------- the downstream service

Co<void> Jobs::serviceCall(std::int32_t i, double d) {
    const Service& svc = *sc_.service;
    if (svc.rateLimit) {
        const double now = loop_.time();
        tokens_ = std::min(svc.rateLimit->burst, tokens_ + (now - stamp_) * svc.rateLimit->perSecond);
        stamp_ = now;
        if (tokens_ < 1) {
            out_.emit(EvKind::Rejected, i, 429);
            throw PyError{{kOverloaded}};
        }
        tokens_ -= 1;
    }
    if (svc.queueLimit && inside_ >= svc.capacity + *svc.queueLimit) {
        out_.emit(EvKind::Rejected, i, 503);
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

void Jobs::snapshot(LoopSnapshot& s) const {
    Limiter::addToSnapshot(s, "service.slots", slots_.get());
    s.threadsBusy = threads_.busy;
    s.threadsQueued = static_cast<std::int64_t>(threads_.queue.size());
}

}  // namespace cs::detail
