#include "model/workload_facts.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "model/run_model.h"

namespace cs {

WorkloadFacts describeWorkload(const Scenario& s) {
    WorkloadFacts f;
    f.tasks = s.tasks.size();
    bool first = true;
    for (const TaskSpec& t : s.tasks) {
        double work = 0.0;
        bool fails = false, blocks = false, pooled = false;
        const Step* st = s.stepsOf(t);
        for (std::uint32_t k = 0; k < t.stepCount; ++k) {
            work += st[k].duration;
            fails = fails || st[k].kind == StepKind::Raise;
            blocks = blocks || st[k].kind == StepKind::Cpu;
            pooled = pooled || st[k].kind == StepKind::Thread || st[k].kind == StepKind::Process;
        }
        f.minWork = first ? work : std::min(f.minWork, work);
        f.maxWork = first ? work : std::max(f.maxWork, work);
        first = false;
        f.failing += fails;
        f.blocking += blocks;
        f.pooled += pooled;
        f.timeouts += t.hasTimeout();
        f.lastArrival = std::max(f.lastArrival, t.arrive);
    }
    return f;
}

namespace {
// FNV-1a over values (never over struct bytes: TaskSpec has bit-fields).
struct Fnv {
    std::uint64_t h = 1469598103934665603ull;
    void add(const void* p, std::size_t n) {
        const auto* b = static_cast<const unsigned char*>(p);
        for (std::size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
    }
    void add(double v) { add(&v, sizeof v); }
    void add(std::uint64_t v) { add(&v, sizeof v); }
};
}  // namespace

std::uint64_t workloadFingerprint(const Scenario& s) {
    Fnv f;
    f.add(static_cast<std::uint64_t>(s.tasks.size()));
    for (const TaskSpec& t : s.tasks) {
        f.add(t.arrive);
        f.add(t.timeout);
        f.add(static_cast<std::uint64_t>(t.stepCount) | static_cast<std::uint64_t>(t.ignoreCancel) << 32 |
              static_cast<std::uint64_t>(t.forgetRelease) << 33 | static_cast<std::uint64_t>(t.releaseTwice) << 34);
        const Step* st = s.stepsOf(t);
        for (std::uint32_t k = 0; k < t.stepCount; ++k) {
            f.add(st[k].duration);
            f.add(static_cast<std::uint64_t>(st[k].kind) | static_cast<std::uint64_t>(static_cast<std::uint32_t>(st[k].exc)) << 8);
        }
    }
    for (const std::string& e : s.excNames) f.add(e.data(), e.size() + 1);
    return f.h;
}

WorkloadFacts describeRecorded(const RunModel& m) {
    WorkloadFacts f;
    const std::size_t lanes = m.taskCount();
    // A helper's lane (wait_for's inner task: RunModel::helperOf) is its
    // parent's job: its blocking call or pool job is the parent's, its time
    // inside the parent's.
    const bool helpers = m.helperCount() > 0;
    const auto jobOf = [&](std::size_t lane) {
        const std::int32_t parent = helpers ? m.helperOf(static_cast<std::int32_t>(lane)) : -1;
        return parent >= 0 && static_cast<std::size_t>(parent) < lanes ? static_cast<std::size_t>(parent) : lane;
    };
    std::vector<char> blocks(lanes, 0), pooled(lanes, 0);
    for (const RunModel::CpuBlock& b : m.cpuBlocks())
        if (b.task >= 0 && static_cast<std::size_t>(b.task) < lanes)
            blocks[jobOf(static_cast<std::size_t>(b.task))] = 1;
    const auto inPool = [](const Segment& seg) {
        return seg.state == TaskState::Thread || seg.state == TaskState::Process || seg.state == TaskState::PoolWait;
    };
    // Stretches after a task's first permit that are no work of its own: its
    // pool job's wait for a free worker, its wait for the loop another task's
    // blocking call held, a wait for a permit again (and its rate slot), a
    // producer's wait in a Queue's put() for room (a worker's in get()).
    const auto waits = [](const Segment& seg) {
        return seg.state == TaskState::PoolWait || seg.state == TaskState::Frozen || seg.state == TaskState::Waiting ||
               seg.state == TaskState::SlotWait || seg.state == TaskState::QueuePut || seg.state == TaskState::QueueGet;
    };
    // A task's work begins at its first permit (at its creation when it never asked for one).
    const auto workFrom = [&m](std::size_t i) {
        const RunModel::Task& t = m.task(i);
        return !std::isnan(t.running) ? t.running : t.created;
    };
    std::vector<double> waited(lanes, 0.0);  // per job (a helper's, its parent's)
    for (std::size_t i = 0; i < lanes; ++i) {
        if (m.task(i).extraCount == 0) continue;  // one stretch: no pool, no wait after its permit
        const std::vector<Segment> segs = m.segments(i);
        const std::size_t job = jobOf(i);
        if (std::any_of(segs.begin(), segs.end(), inPool)) pooled[job] = 1;
        const double from = workFrom(job);
        for (const Segment& seg : segs)
            if (waits(seg) && seg.end > from) waited[job] += seg.end - std::max(seg.begin, from);
    }
    bool first = true;
    double firstArrival = RunModel::kNever, lastArrival = RunModel::kNever;
    for (std::size_t i = 0; i < lanes; ++i) {
        const RunModel::Task& t = m.task(i);
        if (jobOf(i) != i) continue;
        // A Queue's worker that had a lane, an item never put, a pool's idle object: no task of the run's.
        if (m.noTask(static_cast<std::int32_t>(i))) continue;
        if (!std::isnan(t.created)) {
            firstArrival = std::isnan(firstArrival) ? t.created : std::min(firstArrival, t.created);
            lastArrival = std::isnan(lastArrival) ? t.created : std::max(lastArrival, t.created);
        }
        if (!t.ended()) continue;
        // A task that failed raised, whether or not it got to work (a
        // wait_for's TimeoutError while it waited for a permit).
        f.failing += t.endKind == EvKind::Failed;
        // One that asked for a permit and ended without it (cancelled while
        // it waited) did no work: its wait is none.
        if (std::isnan(t.running) && !std::isnan(t.request)) continue;
        const double from = workFrom(i);
        if (std::isnan(from) || std::isnan(t.end)) continue;
        const double work = std::max(0.0, t.end - from - waited[i]);
        f.minWork = first ? work : std::min(f.minWork, work);
        f.maxWork = first ? work : std::max(f.maxWork, work);
        first = false;
    }
    // Arrivals over the span of the creations, not from the clock's 0 (a
    // program that sleeps, or a real clock's start-up, before it makes its
    // tasks makes them at once all the same); on a real clock, tasks made in
    // one go come microseconds apart: at once too.
    if (!std::isnan(firstArrival)) {
        const double span = lastArrival - firstArrival;
        f.lastArrival = m.config().realClock && span <= RunModel::kRealClockMoment ? 0.0 : span;
    }
    f.tasks = m.jobCount();
    f.blocking = static_cast<std::size_t>(std::count(blocks.begin(), blocks.end(), 1));
    f.pooled = static_cast<std::size_t>(std::count(pooled.begin(), pooled.end(), 1));
    return f;
}

}  // namespace cs
