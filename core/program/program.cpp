#include "program/program.h"

#include <algorithm>
#include <limits>

#include "combinators/gather.h"
#include "combinators/wait.h"
#include "task/future.h"

namespace cs::detail {

Program::Program(const Scenario& scenario, TraceSink& sink, EngineOptions options)
    : out_(loop_, sink, scenario.tasks.size()),
      // The scenario's tasks, the main task and asyncio.run's two closing ones.
      runner_(loop_, out_, scenario.tasks.size() + 3),
      frozen_(loop_, out_),
      parts_{scenario, loop_, out_, runner_, frozen_} {
    Future::setCurrentLoop(&loop_);
    limiter_ = Limiter::make(parts_);
    parts_.limiter = limiter_.get();
    jobs_ = std::make_unique<Jobs>(parts_, options.leanTasks);
    parts_.jobs = jobs_.get();
    collector_ = Collector::make(parts_);
    enterThread();
    runner_.start(mainCo());
    out_.flush();
}

Program::~Program() {
    enterThread();
    Task::setStepWatcher(nullptr);  // no task of this run steps again
    // Break the cycles between frames and the objects they wait on (a run
    // thrown away before it ended: tasks wait on futures whose callbacks and
    // frames hold the tasks).
    runner_.abandonAll();
}

void Program::enterThread() {
    Future::setCurrentLoop(&loop_);
    Task::setLeanDriver(jobs_->leanDriver());
    Task::setStepWatcher(frozen_.watcher());
}

// async def main(): the schedule's timers, then the tasks made and collected
// (the collector, or the limiter's own pacing); an exception escaping is
// traced as `raise` before it leaves main().
Co<std::int64_t> Program::mainCo() {
    limiter_->start();
    try {
        co_await limiter_->drive(*collector_);
    } catch (const PyError& e) {
        if (!e.exc.isBaseOnly()) out_.emit(EvKind::Raise, -1, e.exc.cls);
        throw;
    }
    co_return 0;
}

bool Program::step() {
    const bool more = stepOnce();
    out_.flush();
    return more;
}

// step() until the end, with events reaching the sink in full batches (no
// one looks at the sink between iterations).
void Program::runToEnd() {
    while (stepOnce()) {
    }
    out_.flush();
}

bool Program::stepOnce() {
    if (runner_.finished()) return false;
    enterThread();
    return runner_.stepOnce();
}

double Program::nextTime() const {
    if (runner_.finished()) return std::numeric_limits<double>::infinity();
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
    if (fn == &resizeOnSchedule) return "sem.resize (schedule)";
    if (fn == &Jobs::poolFinish) return "thread pool job ends";
    if (fn == &Runner::stopCallback) return "_run_until_complete_cb";
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
    limiter_->snapshot(s);
    jobs_->snapshot(s);
    return s;
}

}  // namespace cs::detail
