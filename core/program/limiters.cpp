#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <vector>

#include "combinators/gather.h"
#include "combinators/wait.h"
#include "model/kinds.h"
#include "program/collector.h"
#include "program/job.h"
#include "program/limiter.h"
#include "program/runner.h"
#include "program/task_label.h"
#include "program/simulation.h"
#include "program/trace_out.h"
#include "sync/event.h"
#include "sync/queue.h"
#include "sync/sleep.h"

namespace cs::detail {

Co<void> Limiter::drive(Collector& collector) { return collector.collect(); }

void Limiter::release(ProgramParts& p, std::int32_t i, Semaphore& s) {
    std::int32_t woken = -1;
    try {
        woken = s.release(i);
    } catch (const PyError&) {
        // A BoundedSemaphore at its bound (an extra release handed a permit
        // on earlier): it counts no permit of this task's, which leaves its
        // `async with` with the ValueError holding none.
        p.out.emit(EvKind::Release, i, kReleaseRefused);
        throw;
    }
    p.out.emit(EvKind::Release, i, woken);
}

void Limiter::addToSnapshot(LoopSnapshot& s, const char* name, const Semaphore* sem) {
    if (!sem) return;
    LoopSnapshot::Sem o;
    o.name = name;
    o.limit = sem->limit();
    o.value = sem->value();
    o.holders = sem->holders();
    for (const auto& w : sem->waiters())
        if (!w.done()) o.waiters.push_back(w.label);
    s.semaphores.push_back(std::move(o));
}

namespace {

struct ResizeEntry final : RefCounted {
    class SharedSemaphore* limiter;
    std::int64_t value;
};

// semaphore, bounded_semaphore, connector (aiohttp's Connector._sem, a plain
// Semaphore(limit)): one semaphore shared by every job. A resizable one
// (semaphore) takes limit.schedule: call_at timers made at the start of
// main(), before any task exists.
class SharedSemaphore : public Limiter {
public:
    SharedSemaphore(ProgramParts& p, std::int64_t value, Semaphore::Kind kind)
        : Limiter(p), sem_(new Semaphore(p.loop, value, kind)) {}

    void start() override {
        if (!limitKindInfo(p_.sc.limit.kind).takesSchedule) return;
        for (const auto& e : p_.sc.limit.schedule) {
            Ref<ResizeEntry> entry(new ResizeEntry);
            entry->limiter = this;
            entry->value = e.value;
            p_.loop.callAt(e.at, &resizeOnSchedule, entry.get(), nullptr);
        }
    }
    Semaphore* permits(Ref<Semaphore>&) override { return sem_.get(); }
    void snapshot(LoopSnapshot& s) const override { addToSnapshot(s, "sem", sem_.get()); }

    // sem.resize(n), traced: the new limit, then each waiter it woke.
    void resize(std::int64_t n) {
        p_.out.emit(EvKind::Limit, -1, static_cast<std::int32_t>(n));
        std::vector<std::int32_t> woken;
        sem_->resize(n, &woken);
        for (std::int32_t w : woken) p_.out.emit(EvKind::Wake, w, -1);
    }

protected:
    Ref<Semaphore> sem_;
};

// adaptive: a ResizableSemaphore(initial), resized by AIMD as jobs end:
// halved (not below min) on a failure or a latency over the target, one
// more (not above max) after `limit` successes in a row.
class Adaptive final : public SharedSemaphore {
public:
    explicit Adaptive(ProgramParts& p)
        : SharedSemaphore(p, p.sc.limit.initial, Semaphore::Kind::Resizable),
          runningAt_(p.sc.tasks.size(), std::numeric_limits<double>::quiet_NaN()) {}

    void gotIn(std::int32_t i) override { runningAt_[static_cast<std::size_t>(i)] = p_.loop.time(); }
    void ended(std::int32_t i, bool failed) override {
        const double ranAt = runningAt_[static_cast<std::size_t>(i)];
        if (std::isnan(ranAt)) return;
        const Limit& lim = p_.sc.limit;
        const double latency = p_.loop.time() - ranAt;
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

private:
    std::vector<double> runningAt_;  // per scenario task; NaN until it got in
    std::int64_t successes_ = 0;
};

// semaphore_per_task: `async with asyncio.Semaphore(value):` made inside
// each job (the pitfall: every task has a permit of its own).
class PerTask final : public Limiter {
public:
    using Limiter::Limiter;
    Semaphore* permits(Ref<Semaphore>& own) override {
        own = Ref<Semaphore>(new Semaphore(p_.loop, p_.sc.limit.value));
        return own.get();
    }
};

// rate (aiometer's max_per_second / max_at_once): an optional
// Semaphore(max_at_once), then a start slot 1/max_per_second after the
// previous one (the job sleeps until its slot, holding its permit: traced
// as slot_wait at the moment it got the permit, when its slot is later).
class Rate final : public Limiter {
public:
    explicit Rate(ProgramParts& p) : Limiter(p) {
        if (p.sc.limit.maxAtOnce > 0) sem_ = Ref<Semaphore>(new Semaphore(p.loop, p.sc.limit.maxAtOnce));
    }
    Semaphore* permits(Ref<Semaphore>&) override { return sem_.get(); }
    bool paces() const override { return true; }
    Co<void> pace(std::int32_t i) override {
        const double now = p_.loop.time();
        const double start = std::max(now, nextStart_);
        nextStart_ = start + 1.0 / p_.sc.limit.maxPerSecond;
        if (start > now) {
            p_.out.emit(EvKind::SlotWait, i);
            co_await sleep(p_.loop, start - now);
        }
    }
    void snapshot(LoopSnapshot& s) const override { addToSnapshot(s, "max_at_once", sem_.get()); }

private:
    Ref<Semaphore> sem_;
    double nextStart_ = 0.0;
};

// queue: an asyncio.Queue(maxsize) fed by main() (put() waits while it is
// full), drained by `workers` worker tasks running the jobs inline.
class QueueLimiter final : public Limiter {
public:
    using Limiter::Limiter;
    Co<void> drive(Collector&) override {
        const auto n = static_cast<std::int32_t>(p_.sc.tasks.size());
        Ref<Queue> q(new Queue(p_.loop, p_.sc.limit.maxsize));
        std::vector<Ref<Task>> workers;
        for (std::int64_t w = 0; w < p_.sc.limit.workers; ++w)
            workers.push_back(p_.runner.createTask(worker(q, static_cast<std::int32_t>(w)), -1));
        for (std::int32_t i = 0; i < n; ++i) {
            if (q->full()) p_.out.emit(EvKind::PutWait, i);  // put() will wait for room
            co_await q->put(i);
            p_.out.emit(EvKind::Enqueue, i);
        }
        co_await q->join();
        for (auto& w : workers) w->cancel();
        p_.jobs->collected();
    }

private:
    Co<std::int64_t> worker(Ref<Queue> q, std::int32_t index) {
        for (;;) {
            const auto i = static_cast<std::int32_t>(co_await q->get());
            p_.out.emit(EvKind::Worker, i, index);
            std::optional<PyExc> base;
            try {
                co_await p_.jobs->runJobInline(i);
            } catch (const PyError& e) {
                if (e.exc.isBaseOnly()) base = e.exc;  // `except Exception: pass` lets it through
            }
            q->taskDone();
            if (base) throw PyError{*base};
        }
    }
};

// manual: `value` tasks at first, then one more for each that completes
// (asyncio.wait(FIRST_COMPLETED) in a loop).
class Manual final : public Limiter {
public:
    using Limiter::Limiter;
    Co<void> drive(Collector&) override {
        const auto n = static_cast<std::int32_t>(p_.sc.tasks.size());
        std::vector<Ref<Future>> pending;
        std::int32_t next = 0;
        for (; next < n && next < p_.sc.limit.value; ++next) pending.emplace_back(p_.jobs->createRunnerTask(next));
        while (!pending.empty()) {
            WaitResult r = co_await wait(p_.loop, pending, -1.0, ReturnWhen::FirstCompleted);
            p_.out.returned();
            sortByLabel(r.done);
            for (auto& f : r.done) p_.out.emit(EvKind::Result, labelOf(f), f->succeeded());
            pending = std::move(r.pending);
            for (std::size_t k = 0; k < r.done.size() && next < n; ++k, ++next)
                pending.emplace_back(p_.jobs->createRunnerTask(next));
        }
        p_.jobs->collected();
    }
};

// chunks: gather(return_exceptions=True) over `size` tasks at a time.
class Chunks final : public Limiter {
public:
    using Limiter::Limiter;
    Co<void> drive(Collector&) override {
        const auto n = static_cast<std::int32_t>(p_.sc.tasks.size());
        const std::int64_t size = p_.sc.limit.size;
        for (std::int32_t k = 0; k < n; k += static_cast<std::int32_t>(size)) {
            const std::int32_t end = static_cast<std::int32_t>(std::min<std::int64_t>(n, k + size));
            std::vector<Ref<Future>> chunk;
            for (std::int32_t i = k; i < end; ++i) chunk.emplace_back(p_.jobs->createRunnerTask(i));
            Ref<GatheringFuture> g = gather(p_.loop, std::move(chunk), true);
            co_await AwaitFuture{g.get()};
            p_.out.returned();
            for (std::int32_t i = k; i < end; ++i) p_.out.emit(EvKind::Result, i, g->okList()[i - k]);
        }
        p_.jobs->collected();
    }
};

// scheduler (aiojobs): spawn() starts a job while fewer than `limit` are
// active, else queues it; spawn() itself waits while `pending_limit` are
// queued; main() ends by waiting until none is active.
class SchedulerLimiter final : public Limiter {
public:
    using Limiter::Limiter;
    Co<void> drive(Collector&) override {
        Ref<State> st(new State);
        st->limiter = this;
        st->limit = p_.sc.limit.value;
        st->pendingLimit = p_.sc.limit.pendingLimit;
        st->room = Ref<Event>(new Event(p_.loop));
        st->idle = Ref<Event>(new Event(p_.loop));
        st->room->set();
        st->idle->set();
        state_ = st;
        const auto n = static_cast<std::int32_t>(p_.sc.tasks.size());
        for (std::int32_t i = 0; i < n; ++i) {
            // Scheduler.spawn(i)
            while (st->pendingLimit > 0 && static_cast<std::int64_t>(st->pending.size()) >= st->pendingLimit) {
                st->room->clear();
                co_await st->room->wait();  // backpressure: spawn waits
            }
            st->idle->clear();
            if (st->active < st->limit)
                startJob(i);
            else
                st->pending.push_back(i);
        }
        co_await st->idle->wait();
        p_.jobs->collected();
    }

private:
    struct State final : RefCounted {
        SchedulerLimiter* limiter = nullptr;
        std::int64_t limit = 1, pendingLimit = 0, active = 0;
        std::deque<std::int32_t> pending;
        Ref<Event> room, idle;
    };
    Ref<State> state_;

    void startJob(std::int32_t i) {
        ++state_->active;
        p_.jobs->createRunnerTask(i)->addDoneCallback(&SchedulerLimiter::jobDone, state_.get());
    }
    static void jobDone(RefCounted* self, Future*) {
        auto* st = static_cast<State*>(self);
        --st->active;
        if (!st->pending.empty()) {
            const std::int32_t next = st->pending.front();
            st->pending.pop_front();
            st->limiter->startJob(next);
            st->room->set();
        } else if (st->active == 0) {
            st->idle->set();
        }
    }
};

}  // namespace

void resizeOnSchedule(RefCounted* self, Future*) {
    auto* e = static_cast<ResizeEntry*>(self);
    e->limiter->resize(e->value);
}

std::unique_ptr<Limiter> Limiter::make(ProgramParts& p) {
    const Limit& lim = p.sc.limit;
    switch (lim.kind) {
        case LimitKind::Semaphore:
            return std::make_unique<SharedSemaphore>(p, lim.value, Semaphore::Kind::Resizable);
        case LimitKind::BoundedSemaphore:
            return std::make_unique<SharedSemaphore>(p, lim.value, Semaphore::Kind::Bounded);
        case LimitKind::Connector:
            return std::make_unique<SharedSemaphore>(p, lim.value, Semaphore::Kind::Plain);
        case LimitKind::Adaptive:
            return std::make_unique<Adaptive>(p);
        case LimitKind::SemaphorePerTask:
            return std::make_unique<PerTask>(p);
        case LimitKind::Rate:
            return std::make_unique<Rate>(p);
        case LimitKind::Queue:
            return std::make_unique<QueueLimiter>(p);
        case LimitKind::Manual:
            return std::make_unique<Manual>(p);
        case LimitKind::Chunks:
            return std::make_unique<Chunks>(p);
        case LimitKind::Scheduler:
            return std::make_unique<SchedulerLimiter>(p);
        case LimitKind::None:
            break;
    }
    return std::make_unique<Limiter>(p);
}

}  // namespace cs::detail
